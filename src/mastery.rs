//! Mastery (docs/FORMATS.md § Mastery): Canvas LMS's outcome calculation methods over a student's
//! session scores for one criterion, computed in exact rational arithmetic from the scores and
//! weights as written and rounded once into a [`Figure`]; a rubric's value from its criteria's.
//! Pure numbers: no database, no HTML.

use num_rational::{BigRational, Ratio};
use num_traits::{
    CheckedAdd as _, CheckedDiv as _, CheckedMul as _, CheckedSub as _, One, ToPrimitive as _, Zero,
};

use crate::course::model::{Mastery, Rubric};
use crate::figure::{self, Figure, exact};

/// One session's score: the exact mean of the levels its instructors gave.
///
/// # Panics
/// On no levels: a session score exists only where some instructor scored.
#[must_use]
pub fn session_score(levels: &[f64]) -> BigRational {
    assert!(!levels.is_empty(), "a session score has levels");
    // Levels of at most 6 decimals: their sum in millionths, over 10^6 × n.
    let sum = levels.iter().try_fold(0i128, |sum, &l| {
        sum.checked_add(i128::from(figure::whole_millionths(l)?))
    });
    let denom = i128::try_from(levels.len())
        .ok()
        .and_then(|n| n.checked_mul(1_000_000));
    if let (Some(sum), Some(denom)) = (sum, denom) {
        return figure::fraction(sum, denom);
    }
    let sum: BigRational = levels.iter().map(|&l| exact(l)).sum();
    sum / BigRational::from_integer(levels.len().into())
}

/// The value of `scores` (session scores, oldest first) under `method`, computed exactly and
/// rounded once; `None` when the method gives none (no scores, or `n_mastery` short of `n`).
#[must_use]
pub fn value(method: Mastery, scores: &[BigRational], mastery_level: f64) -> Option<Figure> {
    if let Some(mut values) = small_values(method, scores, mastery_level) {
        return values.pop().flatten();
    }
    running(method, scores, mastery_level)
        .last()
        .flatten()
        .map(|v| Figure::round(&v))
}

/// The value as it stood after each session (for trends and "mastered since").
#[must_use]
pub fn values(method: Mastery, scores: &[BigRational], mastery_level: f64) -> Vec<Option<Figure>> {
    if let Some(values) = small_values(method, scores, mastery_level) {
        return values;
    }
    running(method, scores, mastery_level)
        .map(|v| v.map(|v| Figure::round(&v)))
        .collect()
}

/// An exact fraction of machine integers, for the usual histories: [`running`]'s arithmetic
/// without big integers.
type Small = Ratio<i128>;

/// The largest numerator or denominator a [`Small`] may reach: below it, a product of two
/// cannot overflow unnoticed (every operation is checked, and each result checked again
/// against this bound), and no negation can meet `i128::MIN`.
const SMALL: u128 = 1 << 100;

/// `x` as a [`Small`] within [`SMALL`].
fn small(x: Option<Small>) -> Option<Small> {
    x.filter(|x| x.numer().unsigned_abs() < SMALL && x.denom().unsigned_abs() < SMALL)
}

/// [`values`] computed in [`Small`] fractions: the same exact values, or `None` as soon as
/// one would leave [`SMALL`], for [`running`] to compute in big integers.
fn small_values(
    method: Mastery,
    scores: &[BigRational],
    mastery_level: f64,
) -> Option<Vec<Option<Figure>>> {
    let count = |k: usize| Some(Small::from_integer(i128::try_from(k).ok()?));
    let (rest, w) = match method {
        Mastery::DecayingAverage { recent_weight } | Mastery::WeightedAverage { recent_weight } => {
            let w = exact(recent_weight);
            let w = small(Some(Small::new_raw(
                w.numer().to_i128()?,
                w.denom().to_i128()?,
            )))?;
            (small(Small::one().checked_sub(&w))?, w)
        }
        _ => (Small::zero(), Small::zero()),
    };
    let level = Figure::of(mastery_level);
    // The running state: the previous value or sum, and how many scores were kept.
    let (mut state, mut kept) = (Small::zero(), 0usize);
    let mut out = Vec::with_capacity(scores.len());
    for (k, s) in scores.iter().enumerate() {
        let s = small(Some(Small::new_raw(
            s.numer().to_i128()?,
            s.denom().to_i128()?,
        )))?;
        let value = match method {
            Mastery::DecayingAverage { .. } => {
                if k > 0 {
                    let kept_part = small(state.checked_mul(&rest))?;
                    state = small(kept_part.checked_add(&small(s.checked_mul(&w))?))?;
                } else {
                    state = s;
                }
                Some(state)
            }
            Mastery::WeightedAverage { .. } => {
                let value = if k == 0 {
                    s
                } else {
                    let mean = small(state.checked_div(&count(k)?))?;
                    let older = small(mean.checked_mul(&rest))?;
                    small(small(s.checked_mul(&w))?.checked_add(&older))?
                };
                state = small(state.checked_add(&s))?;
                Some(value)
            }
            Mastery::NMastery { n } => {
                // A session score is a figure too: rounded before it is compared.
                if Figure::round_ratio(*s.numer(), *s.denom())? >= level {
                    state = small(state.checked_add(&s))?;
                    kept += 1;
                }
                if kept >= n as usize && kept > 0 {
                    Some(small(state.checked_div(&count(kept)?))?)
                } else {
                    None
                }
            }
            Mastery::Latest => Some(s),
            Mastery::Highest => {
                if k == 0 || s > state {
                    state = s;
                }
                Some(state)
            }
            Mastery::Average => {
                state = small(state.checked_add(&s))?;
                Some(small(state.checked_div(&count(k + 1)?))?)
            }
        };
        out.push(match value {
            Some(v) => Some(Figure::round_ratio(*v.numer(), *v.denom())?),
            None => None,
        });
    }
    Some(out)
}

/// The exact, unrounded value after each session.
fn running(
    method: Mastery,
    scores: &[BigRational],
    mastery_level: f64,
) -> impl Iterator<Item = Option<BigRational>> {
    let count = |k: usize| BigRational::from_integer(k.into());
    // The recent weight w and 1 − w, read once.
    let (rest, w) = match method {
        Mastery::DecayingAverage { recent_weight } | Mastery::WeightedAverage { recent_weight } => {
            let w = exact(recent_weight);
            (BigRational::from_integer(1.into()) - &w, w)
        }
        _ => (BigRational::zero(), BigRational::zero()),
    };
    let level = Figure::of(mastery_level);
    // The running state: the previous value or sum, and how many scores were kept.
    let mut state: (BigRational, usize) = (BigRational::zero(), 0);
    scores.iter().enumerate().map(move |(k, s)| match method {
        Mastery::DecayingAverage { .. } => {
            let d = if k == 0 {
                s.clone()
            } else {
                &state.0 * &rest + s * &w
            };
            state.0 = d.clone();
            Some(d)
        }
        Mastery::WeightedAverage { .. } => {
            let v = if k == 0 {
                s.clone()
            } else {
                s * &w + &state.0 / count(k) * &rest
            };
            state.0 += s;
            Some(v)
        }
        Mastery::NMastery { n } => {
            // A session score is a figure too: rounded before it is compared.
            if Figure::round(s) >= level {
                state.0 += s;
                state.1 += 1;
            }
            (state.1 >= n as usize && state.1 > 0).then(|| &state.0 / count(state.1))
        }
        Mastery::Latest => Some(s.clone()),
        Mastery::Highest => {
            if k == 0 || *s > state.0 {
                state.0 = s.clone();
            }
            Some(state.0.clone())
        }
        Mastery::Average => {
            state.0 += s;
            Some(&state.0 / count(k + 1))
        }
    })
}

/// A rubric's value: the weight-averaged value of its criteria that have one, from their
/// rounded values (docs/FORMATS.md § Mastery), computed exactly and rounded once. `None` when no
/// criterion has a value.
#[must_use]
pub fn rubric_value<'a>(criteria: impl IntoIterator<Item = (f64, &'a Figure)>) -> Option<Figure> {
    let criteria: Vec<(f64, &Figure)> = criteria.into_iter().collect();
    // Weights of at most 6 decimals: Σ value × weight in millionths², over 10^6 × Σ weight.
    let small = criteria
        .iter()
        .try_fold((0i128, 0i128), |(sum, weights), &(weight, value)| {
            let weight = i128::from(figure::whole_millionths(weight)?);
            let value = i128::from(value.millionths()?);
            Some((
                sum.checked_add(value * weight)?,
                weights.checked_add(weight)?,
            ))
        });
    if let Some((sum, weights)) = small {
        if weights == 0 {
            return None;
        }
        if let Some(figure) = weights
            .checked_mul(1_000_000)
            .and_then(|denom| Figure::round_ratio(sum, denom))
        {
            return Some(figure);
        }
    }
    let (sum, weights) = criteria.into_iter().fold(
        (BigRational::zero(), BigRational::zero()),
        |(sum, weights), (weight, value)| {
            let weight = exact(weight);
            (sum + value.exact() * &weight, weights + weight)
        },
    );
    (!weights.is_zero()).then(|| Figure::round(&(sum / weights)))
}

/// The exact mean of some figures (a cohort's values), rounded; `None` for none.
#[must_use]
pub fn mean<'a>(figures: impl IntoIterator<Item = &'a Figure>) -> Option<Figure> {
    let (sum, n) = figures
        .into_iter()
        .fold((BigRational::zero(), 0usize), |(sum, n), f| {
            (sum + f.exact(), n + 1)
        });
    (n > 0).then(|| Figure::round(&(sum / BigRational::from_integer(n.into()))))
}

/// Whether a value reaches the mastery level.
#[must_use]
pub fn mastered(value: Option<&Figure>, mastery_level: f64) -> bool {
    value.is_some_and(|v| *v >= Figure::of(mastery_level))
}

/// The position of the level a value reaches on a rubric's scale: the highest level whose
/// score is at or below it; `None` below the lowest.
#[must_use]
pub fn level_reached(rubric: &Rubric, value: &Figure) -> Option<usize> {
    rubric
        .levels
        .iter()
        .rposition(|l| Figure::of(l.score) <= *value)
}

/// Whether a recorded level is one of the rubric's level scores: only those are ever used.
#[must_use]
pub fn on_scale(rubric: &Rubric, level: f64) -> bool {
    rubric.levels.iter().any(|l| l.score == level)
}

#[cfg(test)]
#[allow(clippy::unreadable_literal)] // decimals are written as in the sources they come from
mod tests {
    use num_bigint::BigInt;
    use proptest::prelude::*;

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
    const ALL: [Mastery; 6] = [
        DECAYING,
        WEIGHTED,
        Mastery::NMastery { n: 2 },
        Mastery::Latest,
        Mastery::Highest,
        Mastery::Average,
    ];

    /// Sessions scored by one instructor each.
    fn sessions(levels: &[f64]) -> Vec<BigRational> {
        levels.iter().map(|&l| session_score(&[l])).collect()
    }

    fn of(method: Mastery, levels: &[f64], mastery_level: f64) -> Option<String> {
        value(method, &sessions(levels), mastery_level).map(|v| v.to_string())
    }

    fn shown(method: Mastery, levels: &[f64], mastery_level: f64) -> Option<String> {
        value(method, &sessions(levels), mastery_level).map(|v| v.two_decimals())
    }

    /// docs/FORMATS.md § Mastery: Canvas's own examples.
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
        assert_eq!(of(WEIGHTED, &one_to_five, 3.0).as_deref(), Some("4.125"));
        assert_eq!(shown(WEIGHTED, &one_to_five, 3.0).as_deref(), Some("4.13"));
        // standard decaying average: 1.65, 2.5275, 3.484625, 4.46961875 → 4.47
        assert_eq!(of(DECAYING, &one_to_five, 3.0).as_deref(), Some("4.469619"));
        assert_eq!(shown(DECAYING, &one_to_five, 3.0).as_deref(), Some("4.47"));
        let n = |n| Mastery::NMastery { n };
        assert_eq!(of(n(3), &one_to_five, 3.0).as_deref(), Some("4"));
        assert_eq!(of(n(4), &one_to_five, 3.0), None);
        let latest = of(Mastery::Latest, &[1.0, 2.0, 4.0, 5.0, 3.0], 3.0);
        assert_eq!(latest.as_deref(), Some("3"));
        assert_eq!(
            of(Mastery::Average, &one_to_five, 3.0).as_deref(),
            Some("3")
        );
        let highest = of(Mastery::Highest, &[2.0, 4.0, 3.0], 3.0);
        assert_eq!(highest.as_deref(), Some("4"));
        assert_eq!(of(Mastery::Highest, &[0.0], 3.0).as_deref(), Some("0"));
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
            assert_eq!(of(method, &[2.5], 3.0).as_deref(), Some("2.5"));
            assert_eq!(of(method, &[], 3.0), None);
        }
        assert_eq!(of(Mastery::NMastery { n: 1 }, &[2.5], 3.0), None);
        let kept = of(Mastery::NMastery { n: 1 }, &[3.5], 3.0);
        assert_eq!(kept.as_deref(), Some("3.5"));
    }

    /// Issue 9, point 2: w = 0.99 over session scores 2.5, 3, 3, 3 is exactly 2.9999995, which
    /// rounds up to 3 and is mastered (binary floating point gave 2.999999, not mastered).
    #[test]
    fn the_exact_value_decides_mastery() {
        let w = Mastery::DecayingAverage {
            recent_weight: 0.99,
        };
        let scores = sessions(&[2.5, 3.0, 3.0, 3.0]);
        let exact_value: BigRational = running(w, &scores, 3.0).last().flatten().unwrap();
        assert_eq!(
            exact_value,
            BigRational::new(29_999_995.into(), 10_000_000.into())
        );
        let v = value(w, &scores, 3.0).unwrap();
        assert_eq!(v.to_string(), "3");
        assert_eq!(v.two_decimals(), "3.00");
        assert_eq!(serde_json::to_string(&v).unwrap(), "3.0");
        assert!(mastered(Some(&v), 3.0));
        // The session average 2.5 may come from two instructors: the same figure.
        let averaged = [
            session_score(&[2.0, 3.0]),
            scores[1].clone(),
            scores[2].clone(),
        ];
        let three = [averaged.as_slice(), &scores[3..]].concat();
        assert_eq!(value(w, &three, 3.0), Some(v));
    }

    /// Issue 9, point 2: a decaying average of exact value 2.9998005 is 2.999801, not 2.9998.
    #[test]
    fn a_tie_at_the_seventh_decimal_rounds_up() {
        let w = Mastery::DecayingAverage { recent_weight: 0.5 };
        assert_eq!(of(w, &[2.999601, 3.0], 3.0).as_deref(), Some("2.999801"));
    }

    /// Every method meets a tie at the 7th decimal (x.xxxxxx5 exactly) and rounds it away from
    /// zero; one step below the tie rounds down.
    #[test]
    fn ties_round_half_up_in_every_method() {
        let tie = |method: Mastery, scores: &[BigRational], level: f64| {
            value(method, scores, level).map(|v| v.to_string())
        };
        let s = |levels: &[f64]| session_score(levels);
        // Two instructors 3 and 3.000001 in one session: 3.0000005.
        let half = s(&[3.0, 3.000001]);
        let below = s(&[3.0, 3.000001, 3.0, 3.000001, 2.999999]); // 3.0000002
        assert_eq!(
            tie(Mastery::Latest, std::slice::from_ref(&half), 3.0).as_deref(),
            Some("3.000001")
        );
        assert_eq!(
            tie(Mastery::Highest, &[s(&[1.0]), half.clone(), s(&[2.0])], 3.0).as_deref(),
            Some("3.000001")
        );
        assert_eq!(tie(Mastery::Latest, &[below], 3.0).as_deref(), Some("3"));
        // mean(3, 3.000001)
        let pair = sessions(&[3.0, 3.000001]);
        assert_eq!(
            tie(Mastery::Average, &pair, 3.0).as_deref(),
            Some("3.000001")
        );
        assert_eq!(
            tie(Mastery::NMastery { n: 2 }, &pair, 3.0).as_deref(),
            Some("3.000001")
        );
        // 2.000001 × 0.5 + 2 × 0.5
        let halves = Mastery::WeightedAverage { recent_weight: 0.5 };
        assert_eq!(
            tie(halves, &sessions(&[2.0, 2.000001]), 3.0).as_deref(),
            Some("2.000001")
        );
        // 0.35 × 2.0000001…: 2 × 0.35 + 2.000001 × 0.65 = 2.00000065 → 2.000001; and with
        // w = 0.75, 2 × 0.25 + 2.000002 × 0.75 = 2.0000015 → 2.000002.
        let w75 = Mastery::DecayingAverage {
            recent_weight: 0.75,
        };
        assert_eq!(
            tie(w75, &sessions(&[2.0, 2.000002]), 3.0).as_deref(),
            Some("2.000002")
        );
        assert_eq!(
            tie(DECAYING, &sessions(&[2.0, 2.000001]), 3.0).as_deref(),
            Some("2.000001")
        );
        // The tie just reaches mastery: 2.9999995 → 3.
        let w = Mastery::WeightedAverage { recent_weight: 0.5 };
        let v = value(w, &sessions(&[2.999999, 3.0]), 3.0);
        assert_eq!(v.as_ref().map(ToString::to_string).as_deref(), Some("3"));
        assert!(mastered(v.as_ref(), 3.0));
    }

    /// A rubric's value is computed from the rounded criterion values: 1.0000005 and 1 (weights
    /// 1 and 1) are 1.000001 and 1, whose mean 1.0000005 rounds to 1.000001 (from the
    /// unrounded values it would be 1.00000025 → 1).
    #[test]
    fn a_rubric_value_averages_the_rounded_criterion_values() {
        let criterion = value(Mastery::Latest, &[session_score(&[1.0, 1.000001])], 3.0).unwrap();
        assert_eq!(criterion.to_string(), "1.000001");
        let one = Figure::of(1.0);
        let rubric = rubric_value([(1.0, &criterion), (1.0, &one)]).unwrap();
        assert_eq!(rubric.to_string(), "1.000001");
        // Weights as written: 0.1 and 0.2 are tenths, not binary fractions.
        let (a, b) = (Figure::of(2.0), Figure::of(3.5));
        let weighted = rubric_value([(0.1, &a), (0.2, &b)]).unwrap();
        assert_eq!(weighted.to_string(), "3");
        assert_eq!(rubric_value([]), None);
    }

    #[test]
    fn mastered_at_or_above_the_level() {
        assert!(mastered(Some(&Figure::of(3.0)), 3.0));
        assert!(!mastered(Some(&Figure::of(2.999999)), 3.0));
        assert!(!mastered(None, 3.0));
        assert!(mastered(Some(&Figure::of(2.65)), 2.65));
    }

    #[test]
    fn the_values_after_each_session_end_in_the_value() {
        let scores = sessions(&FOURTEEN);
        for method in ALL {
            let all = values(method, &scores, 3.0);
            assert_eq!(all.len(), 14);
            assert_eq!(all.last().cloned().flatten(), value(method, &scores, 3.0));
            for k in 1..=14 {
                assert_eq!(
                    all[k - 1],
                    value(method, &scores[..k], 3.0),
                    "{method:?} {k}"
                );
            }
        }
    }

    // An independent exact computation: whole numbers scaled by powers of ten (no rationals).
    // Levels and weights are in millionths; each session's levels are summed over the common
    // multiple of the session sizes, so every session score is a whole number at one scale.

    /// a / b rounded half up, for a, b ≥ 0.
    fn div_half_up(a: &BigInt, b: &BigInt) -> BigInt {
        (a * 2 + b) / (b * 2)
    }

    #[allow(clippy::many_single_char_names)] // the names of the formulas in docs/FORMATS.md
    fn scaled(method: Mastery, sessions: &[Vec<u64>], level: u64) -> Option<BigInt> {
        let million = BigInt::from(1_000_000u32);
        let lcm = sessions.iter().fold(1u64, |l, s| {
            let n = s.len() as u64;
            let gcd = (1..=n.min(l))
                .rev()
                .find(|d| l % d == 0 && n.is_multiple_of(*d))
                .unwrap_or(1);
            l * n / gcd
        });
        // Session k's score is s[k] / (10^6 · lcm).
        let s: Vec<BigInt> = sessions
            .iter()
            .map(|levels| BigInt::from(levels.iter().sum::<u64>()) * (lcm / levels.len() as u64))
            .collect();
        let l = BigInt::from(lcm);
        let n = s.len();
        if n == 0 {
            return None;
        }
        // The strategies build weights from whole millionths: this gets them back.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let micros = |w: f64| BigInt::from((w * 1e6).round() as u64);
        Some(match method {
            Mastery::DecayingAverage { recent_weight } => {
                let (w, r) = (
                    micros(recent_weight),
                    million.clone() - micros(recent_weight),
                );
                let mut d = s[0].clone();
                let mut scale = BigInt::from(1u8); // d is at 10^6 · lcm · scale
                for x in &s[1..] {
                    d = d * &r + x * &w * &scale;
                    scale *= &million;
                }
                div_half_up(&d, &(l * scale))
            }
            Mastery::WeightedAverage { recent_weight } if n > 1 => {
                let (w, r) = (
                    micros(recent_weight),
                    million.clone() - micros(recent_weight),
                );
                let earlier: BigInt = s[..n - 1].iter().sum();
                let k = BigInt::from(n - 1);
                let top = &s[n - 1] * &w * &k + earlier * r;
                div_half_up(&top, &(l * &million * k))
            }
            Mastery::NMastery { n: needed } => {
                let level = BigInt::from(level);
                let kept: Vec<&BigInt> = s.iter().filter(|x| div_half_up(x, &l) >= level).collect();
                if kept.len() < needed as usize {
                    return None;
                }
                let sum: BigInt = kept.iter().copied().sum();
                div_half_up(&sum, &(l * kept.len()))
            }
            Mastery::Highest => div_half_up(s.iter().max().unwrap(), &l),
            Mastery::Average => div_half_up(&s.iter().sum(), &(l * n)),
            Mastery::WeightedAverage { .. } | Mastery::Latest => div_half_up(&s[n - 1], &l),
        })
    }

    fn ours(method: Mastery, sessions: &[Vec<u64>], level: u64) -> Option<Figure> {
        let to_f64 = |m: u64| m as f64 / 1e6;
        let scores: Vec<BigRational> = sessions
            .iter()
            .map(|levels| session_score(&levels.iter().map(|&m| to_f64(m)).collect::<Vec<_>>()))
            .collect();
        value(method, &scores, to_f64(level))
    }

    fn millionths(m: Option<BigInt>) -> Option<Figure> {
        m.map(|m| Figure::from_millionths(i64::try_from(m).unwrap()))
    }

    /// 60 sessions at weight 0.99 (and the other methods) against the scaled computation.
    #[test]
    fn long_histories_stay_exact() {
        let history: Vec<Vec<u64>> = (0..60u64)
            .map(|k| match k % 4 {
                0 => vec![2_500_000],
                1 => vec![3_000_000, 2_000_000, 4_000_000],
                2 => vec![3_000_001, 2_999_999],
                _ => vec![1_000_000 + k * 50_000],
            })
            .collect();
        let w99 = Mastery::DecayingAverage {
            recent_weight: 0.99,
        };
        let found = ours(w99, &history, 3_000_000);
        assert_eq!(found, millionths(scaled(w99, &history, 3_000_000)));
        assert!(found.is_some());
        for method in ALL {
            let w = ours(method, &history, 3_000_000);
            assert_eq!(
                w,
                millionths(scaled(method, &history, 3_000_000)),
                "{method:?}"
            );
        }
    }

    fn any_method() -> impl Strategy<Value = Mastery> {
        let weight = |low: u64| (low..=99u64).prop_map(|w| w as f64 / 100.0);
        prop_oneof![
            weight(50).prop_map(|w| Mastery::DecayingAverage { recent_weight: w }),
            (500_000..=990_000u64).prop_map(|w| Mastery::DecayingAverage {
                recent_weight: w as f64 / 1e6
            }),
            weight(1).prop_map(|w| Mastery::WeightedAverage { recent_weight: w }),
            (10_000..=990_000u64).prop_map(|w| Mastery::WeightedAverage {
                recent_weight: w as f64 / 1e6
            }),
            (1..=10u32).prop_map(|n| Mastery::NMastery { n }),
            Just(Mastery::Latest),
            Just(Mastery::Highest),
            Just(Mastery::Average),
        ]
    }

    /// A level: whole, a half, or any decimal of up to 6 places, up to 1,000.
    fn any_level() -> impl Strategy<Value = u64> {
        prop_oneof![
            (0..=10u64).prop_map(|l| l * 1_000_000),
            (0..=20u64).prop_map(|l| l * 500_000),
            0..=1_000_000_000u64,
        ]
    }

    proptest! {
        #[test]
        fn exact_mastery_agrees_with_a_scaled_integer_computation(
            method in any_method(),
            history in prop::collection::vec(prop::collection::vec(any_level(), 1..=3), 0..=16),
            level in any_level(),
        ) {
            prop_assert_eq!(ours(method, &history, level), millionths(scaled(method, &history, level)));
        }
    }
}
