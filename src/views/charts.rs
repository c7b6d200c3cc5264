//! The geometry of the reports' inline SVG charts. Only numbers and short labels leave here;
//! the templates draw them, so every text in a chart goes through the templates' escaping.

use serde::Serialize;

use crate::course::model::{Rubric, format_score};
use crate::figure::{round6, round6_millionths};

use super::human_date;

/// The bar's box: its width is the whole scale.
const BAR_WIDTH: f64 = 200.0;
const BAR_HEIGHT: f64 = 16.0;
/// The track (and the fill over it) sits inside the box, leaving room for the mastery mark
/// to stand out above and below.
const BAR_TRACK_Y: f64 = 2.0;
const BAR_TRACK_HEIGHT: f64 = 12.0;
const BAR_RADIUS: f64 = 2.0;
/// The narrowest fill, so a value at the bottom of the scale still shows a sliver.
const BAR_MIN_FILL: f64 = 4.0;

/// A horizontal bar on a rubric's scale, in a `BAR_WIDTH` × `BAR_HEIGHT` box: the template
/// places a track, the fill and the mastery mark where these numbers say.
#[derive(Debug, Serialize)]
pub struct Bar {
    /// The box's width and height (also the track's width).
    pub box_width: String,
    pub box_height: String,
    /// The track's and the fill's top, height and corner radius.
    pub track_y: String,
    pub track_height: String,
    pub radius: String,
    /// The filled width, 0 to the box's width; a value at the bottom of the scale still
    /// shows a sliver.
    pub width: String,
    /// Where the mastery level sits on the bar.
    pub mastery_x: String,
}

#[must_use]
pub fn bar(rubric: &Rubric, value: f64) -> Bar {
    let scale = Scale::of(rubric);
    Bar {
        box_width: coordinate(BAR_WIDTH),
        box_height: coordinate(BAR_HEIGHT),
        track_y: coordinate(BAR_TRACK_Y),
        track_height: coordinate(BAR_TRACK_HEIGHT),
        radius: coordinate(BAR_RADIUS),
        width: coordinate((scale.fraction(value) * BAR_WIDTH).max(BAR_MIN_FILL)),
        mastery_x: coordinate(scale.fraction(rubric.mastery_level) * BAR_WIDTH),
    }
}

/// The trend of one criterion: each session's score as a dot placed by its date, the mastery
/// value after each session as a line, the mastery level as a dashed rule, in a `TREND_WIDTH`
/// × `TREND_HEIGHT` box: the template places each piece where these numbers say.
#[derive(Debug, Serialize)]
pub struct Trend {
    /// The box's width and height.
    pub box_width: String,
    pub box_height: String,
    /// Where the plot's rules start and end, left to right.
    pub left: String,
    pub right: String,
    /// The x axis, under the lowest level so that a score there stays visible above it.
    pub axis_y: String,
    /// Where the level labels end (they are right-aligned to the left of the plot).
    pub label_x: String,
    /// The baseline of the date labels under the plot.
    pub date_y: String,
    /// The radius of a session's dot.
    pub dot_radius: String,
    pub dots: Vec<Dot>,
    /// `x,y x,y …` for a `<polyline>`: the mastery value as it stood after each session
    /// (empty with fewer than two points: a single session is its dot).
    pub line: String,
    pub mastery_y: String,
    /// One horizontal rule and label per level of the rubric.
    pub levels: Vec<Tick>,
    /// Session dates under the axis, thinned so they never overlap.
    pub dates: Vec<Tick>,
    /// Only one session so far: where the chart says so, above or below its dot.
    pub single: Option<Dot>,
}

#[derive(Debug, Serialize)]
pub struct Dot {
    pub x: String,
    pub y: String,
}

#[derive(Debug, Serialize)]
pub struct Tick {
    /// The position along the axis (y for levels, x for dates).
    pub at: String,
    pub label: String,
}

/// The box is drawn at its own size or smaller (a phone): its text is sized so that it stays
/// at least 11 px on a 390 px screen, where the box is about 300 px wide.
const TREND_WIDTH: f64 = 320.0;
const TREND_HEIGHT: f64 = 150.0;
/// The plot inside the box: the level labels sit left of it, the dates below it.
const LEFT: f64 = 30.0;
const RIGHT: f64 = 312.0;
const TOP: f64 = 12.0;
/// The lowest level's rule; the axis lies below it.
const LOWEST: f64 = 118.0;
const AXIS: f64 = 128.0;
/// How far in from the plot's edges the first and last sessions sit.
const INSET: f64 = 14.0;
/// The right edge of the level labels, and the baseline of the date labels.
const LABEL_X: f64 = 24.0;
const DATE_Y: f64 = 146.0;
const DOT_RADIUS: f64 = 4.5;
/// The room a date label needs ("28 Sep" at 12 px), so that labels never overlap.
const DATE_ROOM: f64 = 50.0;

/// `sessions` are (`YYYY-MM-DD`, the session's score), oldest first; `values` the mastery
/// value after each session (none yet under `n_mastery` until enough scores are kept).
#[must_use]
pub fn trend(rubric: &Rubric, sessions: &[(String, f64)], values: &[Option<f64>]) -> Trend {
    let scale = Scale::of(rubric);
    let y = |score: f64| LOWEST - scale.fraction(score) * (LOWEST - TOP);
    let xs = by_date(sessions, LEFT + INSET, RIGHT - INSET);
    let dots = sessions
        .iter()
        .zip(&xs)
        .map(|((_, score), x)| Dot {
            x: coordinate(*x),
            y: coordinate(y(*score)),
        })
        .collect();
    let points: Vec<String> = values
        .iter()
        .zip(&xs)
        .filter_map(|(v, x)| v.map(|v| format!("{},{}", coordinate(*x), coordinate(y(v)))))
        .collect();
    let levels = rubric
        .levels
        .iter()
        .map(|l| Tick {
            at: coordinate(y(l.score)),
            label: format_score(l.score),
        })
        .collect();
    Trend {
        box_width: coordinate(TREND_WIDTH),
        box_height: coordinate(TREND_HEIGHT),
        left: coordinate(LEFT),
        right: coordinate(RIGHT),
        axis_y: coordinate(AXIS),
        label_x: coordinate(LABEL_X),
        date_y: coordinate(DATE_Y),
        dot_radius: coordinate(DOT_RADIUS),
        dots,
        line: if points.len() > 1 {
            points.join(" ")
        } else {
            String::new()
        },
        mastery_y: coordinate(y(rubric.mastery_level)),
        levels,
        dates: thinned(&xs, DATE_ROOM)
            .into_iter()
            .map(|i| Tick {
                at: coordinate(xs[i]),
                label: human_date(&sessions[i].0, true),
            })
            .collect(),
        single: (sessions.len() == 1).then(|| Dot {
            x: coordinate(xs[0]),
            // Above the dot, or below it when it is near the top.
            y: coordinate(if y(sessions[0].1) < TOP + 20.0 {
                y(sessions[0].1) + 20.0
            } else {
                y(sessions[0].1) - 10.0
            }),
        }),
    }
}

/// A criterion's scores in a table row: each session's score placed by its date, the latest
/// as a dot, in a `SPARK_WIDTH` × `SPARK_HEIGHT` box with the mastery level as a faint rule.
#[derive(Debug, Serialize)]
pub struct Spark {
    pub box_width: String,
    pub box_height: String,
    /// `x,y x,y …` (empty for a single session).
    pub line: String,
    pub last: Dot,
    pub dot_radius: String,
    pub mastery_y: String,
    pub right: String,
}

const SPARK_WIDTH: f64 = 88.0;
const SPARK_HEIGHT: f64 = 22.0;
const SPARK_PAD: f64 = 4.0;
const SPARK_DOT_RADIUS: f64 = 3.0;

/// `sessions` as for [`trend`]; `None` without any.
#[must_use]
pub fn spark(rubric: &Rubric, sessions: &[(String, f64)]) -> Option<Spark> {
    let scale = Scale::of(rubric);
    let y = |score: f64| {
        SPARK_HEIGHT - SPARK_PAD - scale.fraction(score) * (SPARK_HEIGHT - 2.0 * SPARK_PAD)
    };
    let xs = by_date(sessions, SPARK_PAD, SPARK_WIDTH - SPARK_PAD);
    let points: Vec<String> = sessions
        .iter()
        .zip(&xs)
        .map(|((_, s), x)| format!("{},{}", coordinate(*x), coordinate(y(*s))))
        .collect();
    let (last, score) = xs.last().zip(sessions.last().map(|s| s.1))?;
    Some(Spark {
        box_width: coordinate(SPARK_WIDTH),
        box_height: coordinate(SPARK_HEIGHT),
        line: if points.len() > 1 {
            points.join(" ")
        } else {
            String::new()
        },
        last: Dot {
            x: coordinate(*last),
            y: coordinate(y(score)),
        },
        dot_radius: coordinate(SPARK_DOT_RADIUS),
        mastery_y: coordinate(y(rubric.mastery_level)),
        right: coordinate(SPARK_WIDTH),
    })
}

/// Where each session sits between `from` and `to`, in proportion to its date (the first at
/// `from`, the last at `to`); a single session, or sessions all on one day, in the middle.
fn by_date(sessions: &[(String, f64)], from: f64, to: f64) -> Vec<f64> {
    let days: Vec<Option<i32>> = sessions.iter().map(|(d, _)| day_number(d)).collect();
    let first = days.first().copied().flatten();
    let last = days.last().copied().flatten();
    match (first, last) {
        (Some(first), Some(last)) if last > first => days
            .iter()
            .map(|d| {
                let day = d.unwrap_or(first);
                from + (to - from) * f64::from(day - first) / f64::from(last - first)
            })
            .collect(),
        _ => vec![f64::midpoint(from, to); sessions.len()],
    }
}

/// Days since 1 Jan of year 0 (only differences matter); `None` for text that is not a date.
fn day_number(date: &str) -> Option<i32> {
    let date = date.parse::<jiff::civil::Date>().ok()?;
    let start = jiff::civil::date(0, 1, 1);
    Some((date - start).get_days())
}

/// Which dates at `xs` (ascending) to label so that no two are closer than `room`: the last
/// always, then from the first on every one that leaves room.
fn thinned(xs: &[f64], room: f64) -> Vec<usize> {
    let Some(last) = xs.len().checked_sub(1) else {
        return Vec::new();
    };
    let mut picked: Vec<usize> = Vec::new();
    for (i, x) in xs.iter().enumerate().take(last) {
        if picked.last().is_none_or(|&p| x - xs[p] >= room) && xs[last] - x >= room {
            picked.push(i);
        }
    }
    picked.push(last);
    picked
}

/// A rubric's score range, lowest level to highest.
pub struct Scale {
    low: f64,
    span: f64,
}

impl Scale {
    #[must_use]
    pub fn of(rubric: &Rubric) -> Scale {
        let low = rubric.levels.first().map_or(0.0, |l| l.score);
        let high = rubric.levels.last().map_or(1.0, |l| l.score);
        Scale {
            low,
            span: (high - low).max(f64::EPSILON),
        }
    }

    /// Where `score` sits on the scale, from 0 (lowest level) to 1 (highest), clamped.
    #[must_use]
    pub fn fraction(&self, score: f64) -> f64 {
        ((score - self.low) / self.span).clamp(0.0, 1.0)
    }
}

/// A coordinate with one decimal, enough for a crisp line at any zoom.
fn coordinate(value: f64) -> String {
    match round6_millionths(value) {
        // Off a tie (`….x5`), the double nearest the 6-decimal value and that value itself
        // round to the same tenth: whole numbers, no text of the double needed.
        Some(m) if m % 100_000 != 50_000 && m % 100_000 != -50_000 => {
            let tenths = (m.unsigned_abs() + 50_000) / 100_000;
            // `{:.1}` keeps the sign of a negative number that rounds to zero.
            let sign = if m < 0 { "-" } else { "" };
            match tenths % 10 {
                0 => format!("{sign}{}", tenths / 10),
                digit => format!("{sign}{}.{digit}", tenths / 10),
            }
        }
        _ => {
            let text = format!("{:.1}", round6(value));
            text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{by_date, thinned};

    fn dated(dates: &[&str]) -> Vec<(String, f64)> {
        dates.iter().map(|d| ((*d).to_owned(), 1.0)).collect()
    }

    #[test]
    fn sessions_are_placed_by_date_not_evenly() {
        // 1 Oct, 3 Oct, 31 Oct on 0..300: two days of thirty apart, then the rest.
        assert_eq!(
            by_date(
                &dated(&["2026-10-01", "2026-10-03", "2026-10-31"]),
                0.0,
                300.0
            ),
            vec![0.0, 20.0, 300.0]
        );
        assert_eq!(by_date(&dated(&["2026-10-01"]), 0.0, 300.0), vec![150.0]);
        assert_eq!(
            by_date(&dated(&["2026-10-01", "2026-10-01"]), 0.0, 300.0),
            vec![150.0, 150.0]
        );
    }

    #[test]
    fn date_labels_never_overlap_and_keep_both_ends() {
        assert_eq!(thinned(&[0.0, 100.0, 200.0], 50.0), vec![0, 1, 2]);
        assert_eq!(thinned(&[0.0, 20.0, 60.0, 200.0], 50.0), vec![0, 2, 3]);
        // The last is always labelled; the one before it gives way.
        assert_eq!(thinned(&[0.0, 170.0, 200.0], 50.0), vec![0, 2]);
        assert_eq!(thinned(&[150.0], 50.0), vec![0]);
        assert!(thinned(&[], 50.0).is_empty());
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Whole-number coordinates are written as `{:.1}` writes the rounded double.
        #[test]
        fn coordinates_are_written_as_the_rounded_double(
            x in prop_oneof![-400.0..400.0_f64, -1e10..1e10_f64, (-40_000_i64..40_000).prop_map(|t| t as f64 / 100.0)]
        ) {
            let text = format!("{:.1}", crate::figure::round6(x));
            let expected = text.strip_suffix(".0").map_or(text.clone(), str::to_owned);
            prop_assert_eq!(super::coordinate(x), expected, "{}", x);
        }
    }

    #[test]
    fn coordinates_keep_the_sign_of_a_small_negative() {
        assert_eq!(super::coordinate(-0.04), "-0");
        assert_eq!(super::coordinate(0.04), "0");
        assert_eq!(super::coordinate(-0.0), "0");
        assert_eq!(super::coordinate(0.25), "0.2");
        assert_eq!(super::coordinate(0.35), "0.3");
        assert_eq!(super::coordinate(117.96), "118");
    }
}
