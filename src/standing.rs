//! Where a value stands against its rubric's mastery level (docs/FORMATS.md § Heat bands): the
//! distance in levels, the band the cohort overview colours it, and a student's overall
//! standing. Exact arithmetic on figures, like every other number: a value exactly a quarter
//! level below mastery is in the "within ¼ level" band, never a rounding away from it.

use num_rational::BigRational;
use num_traits::{Signed, Zero};
use serde::Serialize;

use crate::course::model::Rubric;
use crate::figure::{Figure, exact};
use crate::mastery;

/// A value's band, from furthest below mastery to the top of the scale. "A level" is the width
/// of the step just below the mastery level (see [`step`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    /// Not assessed.
    None,
    /// More than one level below mastery.
    Far,
    /// More than ¾ and up to one level below mastery.
    Level,
    /// More than ½ and up to ¾ of a level below mastery.
    ThreeQuarters,
    /// More than ¼ and up to ½ of a level below mastery.
    Half,
    /// Below mastery by at most a quarter of a level.
    Quarter,
    /// Mastered.
    Met,
    /// At the top level of the scale.
    Top,
}

impl Band {
    /// Every band a value can have, furthest below mastery first.
    pub const ASSESSED: [Band; 7] = [
        Band::Far,
        Band::Level,
        Band::ThreeQuarters,
        Band::Half,
        Band::Quarter,
        Band::Met,
        Band::Top,
    ];

    /// As a page's class names it: `far`, `three-quarters`, `met`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Band::None => "none",
            Band::Far => "far",
            Band::Level => "level",
            Band::ThreeQuarters => "three-quarters",
            Band::Half => "half",
            Band::Quarter => "quarter",
            Band::Met => "met",
            Band::Top => "top",
        }
    }

    /// How a legend names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Band::None => "not assessed",
            Band::Far => "more than 1 level below mastery",
            Band::Level => "up to 1 level below",
            Band::ThreeQuarters => "up to ¾ level below",
            Band::Half => "up to ½ level below",
            Band::Quarter => "up to ¼ level below",
            Band::Met => "mastered",
            Band::Top => "top level",
        }
    }

    /// How many quarter levels below mastery the band reaches (its lower end): 4 for
    /// [`Band::Level`], 1 for [`Band::Quarter`]; `None` for the others.
    #[must_use]
    pub fn quarters(self) -> Option<u8> {
        match self {
            Band::Level => Some(4),
            Band::ThreeQuarters => Some(3),
            Band::Half => Some(2),
            Band::Quarter => Some(1),
            _ => None,
        }
    }
}

/// What one level is on a rubric's scale: the step from the level below mastery to the mastery
/// level, or, when mastery is the lowest level, from it to the level above.
#[must_use]
pub fn step(rubric: &Rubric) -> BigRational {
    let i = rubric.mastery_index();
    let score = |i: usize| exact(rubric.levels[i].score);
    match i {
        0 if rubric.levels.len() > 1 => score(1) - score(0),
        0 => BigRational::from_integer(1.into()),
        i => score(i) - score(i - 1),
    }
}

/// How many levels a value lies above (positive) or below (negative) mastery, exactly.
#[must_use]
pub fn from_mastery(rubric: &Rubric, value: &Figure) -> BigRational {
    (value.exact() - exact(rubric.mastery_level)) / step(rubric)
}

/// The band of a distance from mastery in levels (negative: below).
#[must_use]
pub fn band_of(levels: &BigRational) -> Band {
    if !levels.is_negative() {
        return Band::Met;
    }
    let below = -levels * BigRational::from_integer(4.into());
    let quarter = |q: i32| BigRational::from_integer(q.into());
    if below <= quarter(1) {
        Band::Quarter
    } else if below <= quarter(2) {
        Band::Half
    } else if below <= quarter(3) {
        Band::ThreeQuarters
    } else if below <= quarter(4) {
        Band::Level
    } else {
        Band::Far
    }
}

/// The band of a value on a rubric (`None`: not assessed).
#[must_use]
pub fn band(rubric: &Rubric, value: Option<&Figure>) -> Band {
    let Some(value) = value else {
        return Band::None;
    };
    if mastery::level_reached(rubric, value).is_some_and(|i| i + 1 == rubric.levels.len()) {
        return Band::Top;
    }
    band_of(&from_mastery(rubric, value))
}

/// A student's overall standing: the mean over the skill areas they have a value in of their
/// distance from mastery in levels, rounded once; `None` without any value.
#[must_use]
pub fn overall<'a>(areas: impl IntoIterator<Item = (&'a Rubric, &'a Figure)>) -> Option<Figure> {
    let (sum, n) = areas.into_iter().fold(
        (BigRational::zero(), 0usize),
        |(sum, n), (rubric, value)| (sum + from_mastery(rubric, value), n + 1),
    );
    (n > 0).then(|| Figure::round(&(sum / BigRational::from_integer(n.into()))))
}

/// The band of an overall standing (there is no top level across skill areas).
#[must_use]
pub fn overall_band(overall: Option<&Figure>) -> Band {
    overall.map_or(Band::None, |o| band_of(&o.exact()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::Level;

    fn rubric(scores: &[f64], mastery: f64) -> Rubric {
        Rubric {
            levels: scores
                .iter()
                .map(|&score| Level {
                    score,
                    label: format!("L{score}"),
                })
                .collect(),
            mastery_level: mastery,
            id: "r".to_owned(),
            title: "R".to_owned(),
            description: None,
            criteria: Vec::new(),
        }
    }

    fn at(rubric: &Rubric, value: &str) -> Band {
        band(rubric, Some(&Figure::of(value.parse().unwrap())))
    }

    #[test]
    fn bands_change_exactly_at_the_quarter_marks() {
        let r = rubric(&[1.0, 2.0, 3.0, 4.0], 3.0);
        for (value, expected) in [
            ("4", Band::Top),
            ("3.999999", Band::Met),
            ("3", Band::Met),
            ("2.999999", Band::Quarter),
            ("2.75", Band::Quarter),
            ("2.749999", Band::Half),
            ("2.5", Band::Half),
            ("2.499999", Band::ThreeQuarters),
            ("2.25", Band::ThreeQuarters),
            ("2.249999", Band::Level),
            ("2", Band::Level),
            ("1.999999", Band::Far),
            ("1", Band::Far),
        ] {
            assert_eq!(at(&r, value), expected, "{value}");
        }
        assert_eq!(band(&r, None), Band::None);
    }

    #[test]
    fn a_level_is_the_step_below_mastery_whatever_the_scale() {
        // 0, 1, 2.5, 4 with mastery at 2.5: a level is 1.5, a quarter 0.375.
        let r = rubric(&[0.0, 1.0, 2.5, 4.0], 2.5);
        for (value, expected) in [
            ("2.125", Band::Quarter),
            ("2.124999", Band::Half),
            ("1.75", Band::Half),
            ("1.375", Band::ThreeQuarters),
            ("1", Band::Level),
            ("0.999999", Band::Far),
        ] {
            assert_eq!(at(&r, value), expected, "{value}");
        }
        // Mastery at the lowest level: everything assessed is mastered.
        let r = rubric(&[1.0, 2.0], 1.0);
        assert_eq!(at(&r, "1"), Band::Met);
        assert_eq!(step(&r), exact(1.0));
    }

    #[test]
    fn overall_is_the_mean_distance_in_levels() {
        let four = rubric(&[1.0, 2.0, 3.0, 4.0], 3.0);
        let even = rubric(&[0.0, 2.0, 4.0], 4.0);
        // (2.5 − 3) / 1 = −0.5 and (3 − 4) / 2 = −0.5; (3.5 − 3) / 1 = 0.5.
        let (low, mid, high) = (Figure::of(2.5), Figure::of(3.0), Figure::of(3.5));
        assert_eq!(
            overall([(&four, &low), (&even, &mid)]),
            Some(Figure::of(-0.5))
        );
        assert_eq!(
            overall([(&four, &low), (&four, &high)]),
            Some(Figure::of(0.0))
        );
        assert_eq!(overall(std::iter::empty()), None);
        assert_eq!(overall_band(Some(&Figure::of(-0.5))), Band::Half);
        assert_eq!(overall_band(Some(&Figure::of(0.0))), Band::Met);
        assert_eq!(overall_band(None), Band::None);
    }

    #[test]
    fn bands_serialise_as_their_class_names() {
        for band in Band::ASSESSED.into_iter().chain([Band::None]) {
            assert_eq!(
                serde_json::to_string(&band).unwrap(),
                format!("\"{}\"", band.as_str())
            );
        }
    }
}
