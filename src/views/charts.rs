//! The geometry of the reports' inline SVG charts. Only numbers and short labels leave here;
//! the templates draw them, so every text in a chart goes through the templates' escaping.

use serde::Serialize;

use crate::course::model::{Rubric, format_score};
use crate::mastery;

/// A horizontal bar on a rubric's scale, in a 200 × 16 box.
#[derive(Debug, Serialize)]
pub struct Bar {
    /// The filled width, 0–200; a value at the bottom of the scale still shows a sliver.
    pub width: String,
    /// Where the mastery level sits on the bar.
    pub mastery_x: String,
}

#[must_use]
pub fn bar(rubric: &Rubric, value: f64) -> Bar {
    let scale = Scale::of(rubric);
    Bar {
        width: coordinate((scale.fraction(value) * 200.0).max(4.0)),
        mastery_x: coordinate(scale.fraction(rubric.mastery_level) * 200.0),
    }
}

/// The trend of one criterion: each session's score as a dot, the mastery value after each
/// session as a line, the mastery level as a dashed rule, in a 360 × 170 box.
#[derive(Debug, Serialize)]
pub struct Trend {
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

const LEFT: f64 = 34.0;
const RIGHT: f64 = 346.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 128.0;
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
            LEFT + 12.0 + (RIGHT - LEFT - 24.0) * i as f64 / (n - 1) as f64
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
    let text = format!("{:.1}", mastery::round6(value));
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
