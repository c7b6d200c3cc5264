//! The geometry of the reports' inline SVG charts. Only numbers and short labels leave here;
//! the templates draw them, so every text in a chart goes through the templates' escaping.

use serde::Serialize;

use crate::course::model::{Rubric, format_score};
use crate::figure::round6;

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

/// The trend of one criterion: each session's score as a dot, the mastery value after each
/// session as a line, the mastery level as a dashed rule, in a `TREND_WIDTH` × `TREND_HEIGHT`
/// box: the template places each piece where these numbers say.
#[derive(Debug, Serialize)]
pub struct Trend {
    /// The box's width and height.
    pub box_width: String,
    pub box_height: String,
    /// Where the plot's rules start and end, left to right.
    pub left: String,
    pub right: String,
    /// Where the level labels end (they are right-aligned to the left of the plot).
    pub label_x: String,
    /// The baseline of the date labels under the plot.
    pub date_y: String,
    /// The radius of a session's dot.
    pub dot_radius: String,
    pub dots: Vec<Dot>,
    /// `x,y x,y …` for a `<polyline>`: the mastery value as it stood after each session.
    pub line: String,
    pub mastery_y: String,
    /// One horizontal rule and label per level of the rubric.
    pub levels: Vec<Tick>,
    /// Session dates under the axis, thinned so they never overlap.
    pub dates: Vec<Tick>,
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

const TREND_WIDTH: f64 = 360.0;
const TREND_HEIGHT: f64 = 150.0;
/// The plot inside the box: the level labels sit left of it, the dates below it.
const LEFT: f64 = 34.0;
const RIGHT: f64 = 346.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 128.0;
/// How far in from the plot's edges the first and last sessions sit.
const INSET: f64 = 12.0;
/// The right edge of the level labels, and the baseline of the date labels.
const LABEL_X: f64 = 26.0;
const DATE_Y: f64 = 146.0;
const DOT_RADIUS: f64 = 4.0;
/// At most this many date labels fit under the axis.
const MAX_DATES: usize = 5;

/// `sessions` are (date as shown, the session's score), oldest first; `values` the mastery
/// value after each session (none yet under `n_mastery` until enough scores are kept).
#[must_use]
pub fn trend(rubric: &Rubric, sessions: &[(String, f64)], values: &[Option<f64>]) -> Trend {
    let scale = Scale::of(rubric);
    let y = |score: f64| BOTTOM - scale.fraction(score) * (BOTTOM - TOP);
    let n = sessions.len();
    let x = |i: usize| {
        if n <= 1 {
            f64::midpoint(LEFT, RIGHT)
        } else {
            LEFT + INSET + (RIGHT - LEFT - 2.0 * INSET) * i as f64 / (n - 1) as f64
        }
    };
    let dots = sessions
        .iter()
        .enumerate()
        .map(|(i, (_, score))| Dot {
            x: coordinate(x(i)),
            y: coordinate(y(*score)),
        })
        .collect();
    let line = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| format!("{},{}", coordinate(x(i)), coordinate(y(v)))))
        .collect::<Vec<_>>()
        .join(" ");
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
        label_x: coordinate(LABEL_X),
        date_y: coordinate(DATE_Y),
        dot_radius: coordinate(DOT_RADIUS),
        dots,
        line,
        mastery_y: coordinate(y(rubric.mastery_level)),
        levels,
        dates: thinned(n)
            .into_iter()
            .map(|i| Tick {
                at: coordinate(x(i)),
                label: sessions[i].0.clone(),
            })
            .collect(),
    }
}

/// Which of `n` dates to label: all of them when they fit, else the first, the last and
/// evenly spaced ones between.
fn thinned(n: usize) -> Vec<usize> {
    if n <= MAX_DATES {
        return (0..n).collect();
    }
    let mut picked: Vec<usize> = (0..MAX_DATES)
        .map(|k| (k * (n - 1) + (MAX_DATES - 1) / 2) / (MAX_DATES - 1))
        .collect();
    picked.dedup();
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
    let text = format!("{:.1}", round6(value));
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::thinned;

    #[test]
    fn dates_are_thinned_to_what_fits_and_keep_both_ends() {
        assert_eq!(thinned(3), vec![0, 1, 2]);
        assert_eq!(thinned(5), vec![0, 1, 2, 3, 4]);
        assert_eq!(thinned(9), vec![0, 2, 4, 6, 8]);
        assert_eq!(thinned(12), vec![0, 3, 6, 8, 11]);
    }
}
