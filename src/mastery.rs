//! Mastery (FORMATS.md § Mastery): Canvas LMS's outcome calculation methods over a student's
//! session scores for one criterion, and the rounding every figure goes through before it is
//! shown or compared. Pure numbers: no database, no HTML.

use crate::course::model::Mastery;

/// The value of `scores` (oldest first) under `method`, rounded half up to 6 decimal places;
/// `None` when the method gives none (no scores, or `n_mastery` short of `n`).
#[must_use]
pub fn value(method: Mastery, scores: &[f64], mastery_level: f64) -> Option<f64> {
    let (&last, earlier) = scores.split_last()?;
    let raw = match method {
        Mastery::DecayingAverage { recent_weight: w } => scores[1..]
            .iter()
            .fold(scores[0], |d, &s| d * (1.0 - w) + s * w),
        Mastery::WeightedAverage { recent_weight: w } => {
            if earlier.is_empty() {
                last
            } else {
                last * w + mean(earlier) * (1.0 - w)
            }
        }
        Mastery::NMastery { n } => {
            let kept: Vec<f64> = scores
                .iter()
                .copied()
                .filter(|&s| round6(s) >= round6(mastery_level))
                .collect();
            if kept.len() < n as usize {
                return None;
            }
            mean(&kept)
        }
        Mastery::Latest => last,
        Mastery::Highest => scores.iter().copied().fold(f64::MIN, f64::max),
        Mastery::Average => mean(scores),
    };
    Some(round6(raw))
}

/// Whether a value reaches the mastery level (both rounded, so floating-point noise never
/// decides).
#[must_use]
pub fn mastered(value: Option<f64>, mastery_level: f64) -> bool {
    value.is_some_and(|v| round6(v) >= round6(mastery_level))
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The position of the level a value reaches on a rubric's scale: the highest level whose
/// score is at or below it; `None` below the lowest.
#[must_use]
pub fn level_reached(rubric: &crate::course::model::Rubric, value: f64) -> Option<usize> {
    rubric.levels.iter().rposition(|l| round6(l.score) <= value)
}

/// A share (0–1) as a percentage with one decimal: `72.2%`.
#[must_use]
pub fn percent(share: f64) -> String {
    format!("{}%", decimals(share * 100.0, 1))
}

/// `x` rounded half up (away from zero) to 6 decimal places, judged on its exact decimal value:
/// the 7th decimal of the exact expansion decides, so `2.6549995` and `2.6550005` round apart
/// however they were computed.
#[must_use]
pub fn round6(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    round_text(&exact(x), 6).parse().unwrap_or(x)
}

/// Two decimals for text, rounded half up from the 6-decimal value (as decimals, not again
/// from a binary fraction).
#[must_use]
pub fn two_decimals(x: f64) -> String {
    decimals(x, 2)
}

/// `places` decimals (at most 6) for text, rounded half up from the 6-decimal value.
#[must_use]
pub fn decimals(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let text = round_text(&round_text(&exact(x), 6), places);
    // `round_text` trims a bare trailing point; whole numbers still show their decimals.
    match (text.split_once('.'), places) {
        (_, 0) | (Some(_), _) => text,
        (None, _) => format!("{text}.{}", "0".repeat(places)),
    }
}

/// The exact decimal expansion of `x`. Every f64 of a size that can matter here has one well
/// within 80 places; smaller ones round to zero either way.
fn exact(x: f64) -> String {
    format!("{x:.80}")
}

/// A decimal text (`-2.654999…`) rounded half up to `places` decimals.
fn round_text(text: &str, places: usize) -> String {
    let (negative, text) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let fraction: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(places + 1)
        .collect();
    let round_up = fraction.as_bytes()[places] >= b'5';
    let mut digits: Vec<u8> = format!("{whole}{}", &fraction[..places]).into_bytes();
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - places;
    let digits = String::from_utf8(digits).expect("ASCII digits");
    let zero = digits.bytes().all(|d| d == b'0');
    format!(
        "{}{}.{}",
        if negative && !zero { "-" } else { "" },
        &digits[..split],
        &digits[split..]
    )
    .trim_end_matches('.')
    .to_owned()
}

#[cfg(test)]
#[allow(clippy::unreadable_literal)] // decimals are written as in the sources they come from
mod tests {
    use super::*;

    const DECAYING: Mastery = Mastery::DecayingAverage {
        recent_weight: 0.65,
    };
    const WEIGHTED: Mastery = Mastery::WeightedAverage {
        recent_weight: 0.65,
    };
    const FOURTEEN: [f64; 14] = [
        1.0, 4.0, 2.0, 3.0, 5.0, 3.0, 6.0, 1.0, 4.0, 2.0, 3.0, 5.0, 3.0, 6.0,
    ];

    fn shown(method: Mastery, scores: &[f64], mastery_level: f64) -> Option<String> {
        value(method, scores, mastery_level).map(two_decimals)
    }

    /// FORMATS.md § Mastery: Canvas's own examples.
    #[test]
    fn canvas_documented_examples() {
        assert_eq!(shown(WEIGHTED, &FOURTEEN, 3.0).as_deref(), Some("5.03"));
        assert_eq!(shown(DECAYING, &[2.0, 3.0], 3.0).as_deref(), Some("2.65"));
        assert_eq!(
            shown(DECAYING, &[2.0, 3.0, 4.0], 3.0).as_deref(),
            Some("3.53")
        );
        assert_eq!(
            shown(Mastery::NMastery { n: 5 }, &FOURTEEN, 3.0).as_deref(),
            Some("4.20")
        );
    }

    /// Canvas LMS's outcome rollup specs (instructure/canvas-lms): scores 1..5, oldest first.
    #[test]
    fn canvas_rollup_spec_examples() {
        let one_to_five = [1.0, 2.0, 3.0, 4.0, 5.0];
        // legacy decaying average: 5 × 0.65 + mean(1..4) × 0.35 = 4.125 → 4.13
        assert_eq!(value(WEIGHTED, &one_to_five, 3.0), Some(4.125));
        assert_eq!(shown(WEIGHTED, &one_to_five, 3.0).as_deref(), Some("4.13"));
        // standard decaying average: 1.65, 2.5275, 3.484625, 4.46961875 → 4.47
        assert_eq!(value(DECAYING, &one_to_five, 3.0), Some(4.469619));
        assert_eq!(shown(DECAYING, &one_to_five, 3.0).as_deref(), Some("4.47"));
        assert_eq!(
            value(Mastery::NMastery { n: 3 }, &one_to_five, 3.0),
            Some(4.0)
        );
        assert_eq!(value(Mastery::NMastery { n: 4 }, &one_to_five, 3.0), None);
        assert_eq!(
            value(Mastery::Latest, &[1.0, 2.0, 4.0, 5.0, 3.0], 3.0),
            Some(3.0)
        );
        assert_eq!(value(Mastery::Average, &one_to_five, 3.0), Some(3.0));
        assert_eq!(value(Mastery::Highest, &[2.0, 4.0, 3.0], 3.0), Some(4.0));
        assert_eq!(value(Mastery::Highest, &[0.0], 3.0), Some(0.0));
    }

    #[test]
    fn one_score_is_its_own_value_and_none_is_none() {
        for method in [
            DECAYING,
            WEIGHTED,
            Mastery::Latest,
            Mastery::Highest,
            Mastery::Average,
        ] {
            assert_eq!(value(method, &[2.5], 3.0), Some(2.5));
            assert_eq!(value(method, &[], 3.0), None);
        }
        assert_eq!(value(Mastery::NMastery { n: 1 }, &[2.5], 3.0), None);
        assert_eq!(value(Mastery::NMastery { n: 1 }, &[3.5], 3.0), Some(3.5));
    }

    #[test]
    fn rounding_is_half_up_on_the_exact_value() {
        assert_eq!(round6(2.6549995), 2.655); // the exact binary value is just above …9995
        assert_eq!(round6(0.1234565), 0.123456); // exactly 0.12345649999…: below the half
        assert_eq!(round6(1.0000004999), 1.0);
        assert_eq!(round6(9.9999995), 9.999999); // exactly 9.99999949999…
        assert_eq!(round6(9.9999996), 10.0); // the carry runs through every digit
        assert_eq!(two_decimals(2.655), "2.66");
        assert_eq!(two_decimals(2.645), "2.65");
        assert_eq!(two_decimals(4.125), "4.13");
        // 3 × 0.65 + 2 × 0.35 = 2.6499999999999995 in floating point: noise that must not
        // decide, so it reads 2.65 and masters a 2.65 level.
        let noisy = 3.0 * 0.65 + 2.0 * 0.35;
        assert_eq!(round6(noisy), 2.65);
        assert!(mastered(Some(noisy), 2.65));
    }

    #[test]
    fn mastered_at_or_above_the_level() {
        assert!(mastered(Some(3.0), 3.0));
        assert!(!mastered(Some(2.999999), 3.0));
        assert!(!mastered(None, 3.0));
    }
}
