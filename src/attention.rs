//! Who needs attention (docs/FORMATS.md § Needs attention): the students the cohort overview
//! lists first, each with the reasons found, from a compact [`Standing`] per student that the
//! overview keeps instead of the whole report. Pure: no database, no HTML.
//!
//! The reasons, in the order a student's are shown:
//! 1. **far below**: a skill area more than one level below mastery (the darkest heat band);
//! 2. **not recent**: no instructor assessment since the first day of the course's
//!    `recent_days` window (or never);
//! 3. **blind spots**: a criterion whose latest self-assessment is more than a third of the
//!    scale above the instructors' value;
//! 4. **falling**: a skill area whose value dropped by a quarter level or more within the
//!    window (its value now against its value from the sessions before the window).
//!
//! Students with more reasons come first; among equals, the one furthest below mastery
//! overall (never assessed first), then by name and ID.

use std::cmp::Ordering;

use num_rational::BigRational;
use rayon::iter::{IntoParallelRefIterator as _, ParallelIterator as _};
use serde::Serialize;

use crate::course::model::Rubric;
use crate::figure::Figure;
use crate::gradebook::{Revision, Role, SelfGap};
use crate::mastery;
use crate::progress::Progress;
use crate::standing::{self, Band};

/// How many students the overview lists in full; the others with a reason are named after.
pub const SHOWN: usize = 10;

/// What the overview keeps of one student's progress.
#[derive(Debug, Clone)]
pub struct Standing {
    pub id: String,
    pub name: String,
    /// Per rubric of the progress view (in its order).
    pub rubrics: Vec<RubricStanding>,
    /// The date of the student's latest instructor assessment.
    pub last_assessed: Option<String>,
    /// Recorded scores left out for a level off the rubric's scale.
    pub off_scale: usize,
}

#[derive(Debug, Clone)]
pub struct RubricStanding {
    pub value: Option<Figure>,
    pub criteria: Vec<CriterionStanding>,
}

#[derive(Debug, Clone)]
pub struct CriterionStanding {
    pub title: String,
    pub value: Option<Figure>,
    /// The value as it stood after each session, oldest first: (`YYYY-MM-DD`, value). What
    /// [`standing`] keeps is only what [`reasons`] reads: the last session before the window.
    pub history: Vec<(String, Option<Figure>)>,
    pub blind_spot: bool,
}

/// What the overview keeps of `view`: small, whatever the length of the term. Of each
/// criterion's history only the last session before `since` (the window's first day) is kept,
/// the one a fall is measured from.
#[must_use]
pub fn standing(view: &Progress, revisions: &[Revision], since: &str) -> Standing {
    Standing {
        id: view.student.id.clone(),
        name: view.student.name.clone(),
        rubrics: view
            .rubrics
            .iter()
            .map(|r| RubricStanding {
                value: r.value.clone(),
                criteria: r
                    .criteria
                    .iter()
                    .map(|c| CriterionStanding {
                        title: c.title.clone(),
                        value: c.value.clone(),
                        history: c
                            .sessions
                            .iter()
                            .rev()
                            .find(|s| s.date.as_str() < since)
                            .map(|s| (s.date.clone(), s.value.clone()))
                            .into_iter()
                            .collect(),
                        blind_spot: c.self_gap == Some(SelfGap::BlindSpot),
                    })
                    .collect(),
            })
            .collect(),
        last_assessed: revisions
            .iter()
            .filter(|r| r.role == Role::Instructor)
            .map(|r| r.date.clone())
            .max(),
        off_scale: view.off_scale,
    }
}

/// One reason to look at a student now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Skill areas more than one level below mastery, furthest first.
    FarBelow { areas: Vec<Area> },
    /// No instructor assessment in the window; `last` is the latest date, if any.
    NotRecent { last: Option<String> },
    /// Criteria the student rates well above the instructors' value (titles, in rubric order).
    BlindSpots { criteria: Vec<String> },
    /// Skill areas whose value dropped by a quarter level or more in the window.
    Falling { areas: Vec<Fall> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    pub title: String,
    pub value: Figure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fall {
    pub title: String,
    /// The value from the sessions before the window.
    pub then: Figure,
    pub now: Figure,
}

/// A student who needs attention.
#[derive(Debug, Clone)]
pub struct Attention<'a> {
    pub student: &'a Standing,
    pub overall: Option<Figure>,
    pub reasons: Vec<Reason>,
}

/// The reasons to look at `student` now, in the order they are shown. `rubrics` are those of
/// the progress view (the order of `student.rubrics`); `since` is the window's first day.
#[must_use]
pub fn reasons(rubrics: &[&Rubric], student: &Standing, since: &str) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let mut far: Vec<(BigRational, Area)> = rubrics
        .iter()
        .zip(&student.rubrics)
        .filter_map(|(rubric, r)| {
            let value = r.value.as_ref()?;
            (standing::band(rubric, Some(value)) == Band::Far).then(|| {
                (
                    standing::from_mastery(rubric, value),
                    Area {
                        title: rubric.title.clone(),
                        value: value.clone(),
                    },
                )
            })
        })
        .collect();
    far.sort_by(|a, b| a.0.cmp(&b.0));
    if !far.is_empty() {
        reasons.push(Reason::FarBelow {
            areas: far.into_iter().map(|(_, a)| a).collect(),
        });
    }
    if student.last_assessed.as_deref().is_none_or(|d| d < since) {
        reasons.push(Reason::NotRecent {
            last: student.last_assessed.clone(),
        });
    }
    let blind: Vec<String> = student
        .rubrics
        .iter()
        .flat_map(|r| &r.criteria)
        .filter(|c| c.blind_spot)
        .map(|c| c.title.clone())
        .collect();
    if !blind.is_empty() {
        reasons.push(Reason::BlindSpots { criteria: blind });
    }
    let falling: Vec<Fall> = rubrics
        .iter()
        .zip(&student.rubrics)
        .filter_map(|(rubric, r)| fall(rubric, r, since))
        .collect();
    if !falling.is_empty() {
        reasons.push(Reason::Falling { areas: falling });
    }
    reasons
}

/// The skill area's fall within the window, when its value now is a quarter level or more
/// below its value from the sessions before `since`.
fn fall(rubric: &Rubric, standing: &RubricStanding, since: &str) -> Option<Fall> {
    let now = standing.value.as_ref()?;
    let then = mastery::rubric_value(rubric.criteria.iter().zip(&standing.criteria).filter_map(
        |(criterion, c)| {
            c.history
                .iter()
                .rev()
                .find(|(date, _)| date.as_str() < since)
                .and_then(|(_, value)| value.as_ref())
                .map(|v| (criterion.weight, v))
        },
    ))?;
    let drop = standing::from_mastery(rubric, &then) - standing::from_mastery(rubric, now);
    (drop * BigRational::from_integer(4.into()) >= BigRational::from_integer(1.into())).then(|| {
        Fall {
            title: rubric.title.clone(),
            then,
            now: now.clone(),
        }
    })
}

/// Every student with a reason, in the order the overview lists them.
#[must_use]
pub fn needs_attention<'a>(
    rubrics: &[&Rubric],
    students: &'a [Standing],
    since: &str,
) -> Vec<Attention<'a>> {
    let mut found: Vec<Attention<'a>> = students
        .par_iter()
        .map(|s| Attention {
            student: s,
            overall: overall(rubrics, s),
            reasons: reasons(rubrics, s, since),
        })
        .filter(|a| !a.reasons.is_empty())
        .collect();
    found.sort_by(rank);
    found
}

/// A student's overall standing in levels from mastery (see [`standing::overall`]).
#[must_use]
pub fn overall(rubrics: &[&Rubric], student: &Standing) -> Option<Figure> {
    standing::overall(
        rubrics
            .iter()
            .zip(&student.rubrics)
            .filter_map(|(rubric, r)| r.value.as_ref().map(|v| (*rubric, v))),
    )
}

/// More reasons first; then furthest below mastery (no value at all first); then name, ID.
fn rank(a: &Attention<'_>, b: &Attention<'_>) -> Ordering {
    b.reasons
        .len()
        .cmp(&a.reasons.len())
        .then_with(|| a.overall.cmp(&b.overall))
        .then_with(|| a.student.name.cmp(&b.student.name))
        .then_with(|| a.student.id.cmp(&b.student.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::{Criterion, Level};

    fn rubric(id: &str) -> Rubric {
        Rubric {
            id: id.to_owned(),
            title: id.to_uppercase(),
            description: None,
            levels: (1..=4)
                .map(|s| Level {
                    score: f64::from(s),
                    label: format!("L{s}"),
                })
                .collect(),
            mastery_level: 3.0,
            criteria: ["a", "b"]
                .iter()
                .map(|c| Criterion {
                    id: (*c).to_owned(),
                    title: format!("{id}-{c}"),
                    description: None,
                    weight: 1.0,
                    descriptors: vec![String::new(); 4],
                })
                .collect(),
        }
    }

    /// A student whose criteria both have `value` (one session each, on `date`).
    fn student(id: &str, name: &str, values: &[Option<f64>], date: Option<&str>) -> Standing {
        Standing {
            id: id.to_owned(),
            name: name.to_owned(),
            rubrics: values
                .iter()
                .enumerate()
                .map(|(r, v)| RubricStanding {
                    value: v.map(Figure::of),
                    criteria: ["a", "b"]
                        .iter()
                        .map(|c| CriterionStanding {
                            title: format!("r{r}-{c}"),
                            value: v.map(Figure::of),
                            history: v
                                .map(|v| {
                                    vec![(
                                        date.unwrap_or("2026-01-01").to_owned(),
                                        Some(Figure::of(v)),
                                    )]
                                })
                                .unwrap_or_default(),
                            blind_spot: false,
                        })
                        .collect(),
                })
                .collect(),
            last_assessed: date.map(str::to_owned),
            off_scale: 0,
        }
    }

    const SINCE: &str = "2026-03-01";
    const RECENT: Option<&str> = Some("2026-03-10");

    fn names(rubrics: &[&Rubric], students: &[Standing]) -> Vec<String> {
        needs_attention(rubrics, students, SINCE)
            .iter()
            .map(|a| a.student.name.clone())
            .collect()
    }

    #[test]
    fn far_below_means_more_than_one_level_below_in_an_area() {
        let (r, s) = (rubric("r"), rubric("s"));
        let rubrics = [&r, &s];
        // 2.00 is exactly one level below: not far; 1.99 is.
        let at_one = student("a", "A", &[Some(2.0), Some(2.0)], RECENT);
        assert!(reasons(&rubrics, &at_one, SINCE).is_empty());
        let below = student("b", "B", &[Some(1.99), Some(1.5)], RECENT);
        assert_eq!(
            reasons(&rubrics, &below, SINCE),
            [Reason::FarBelow {
                areas: vec![
                    Area {
                        title: "S".to_owned(),
                        value: Figure::of(1.5)
                    },
                    Area {
                        title: "R".to_owned(),
                        value: Figure::of(1.99)
                    },
                ]
            }]
        );
    }

    #[test]
    fn not_recent_is_before_the_windows_first_day() {
        let r = rubric("r");
        let rubrics = [&r];
        let on_first_day = student("a", "A", &[Some(3.0)], Some(SINCE));
        assert!(reasons(&rubrics, &on_first_day, SINCE).is_empty());
        let day_before = student("b", "B", &[Some(3.0)], Some("2026-02-28"));
        assert_eq!(
            reasons(&rubrics, &day_before, SINCE),
            [Reason::NotRecent {
                last: Some("2026-02-28".to_owned())
            }]
        );
        let never = student("c", "C", &[None], None);
        assert_eq!(
            reasons(&rubrics, &never, SINCE),
            [Reason::NotRecent { last: None }]
        );
    }

    #[test]
    fn a_fall_of_a_quarter_level_within_the_window_counts() {
        let r = rubric("r");
        let rubrics = [&r];
        let with_history = |now: f64| {
            let mut s = student("a", "A", &[Some(now)], RECENT);
            for c in &mut s.rubrics[0].criteria {
                c.history = vec![
                    ("2026-02-01".to_owned(), Some(Figure::of(3.25))),
                    ("2026-03-05".to_owned(), Some(Figure::of(now))),
                ];
            }
            s
        };
        assert_eq!(
            reasons(&rubrics, &with_history(3.0), SINCE),
            [Reason::Falling {
                areas: vec![Fall {
                    title: "R".to_owned(),
                    then: Figure::of(3.25),
                    now: Figure::of(3.0)
                }]
            }]
        );
        assert!(reasons(&rubrics, &with_history(3.000_001), SINCE).is_empty());
        // No value before the window: nothing to fall from.
        let mut new = with_history(2.5);
        for c in &mut new.rubrics[0].criteria {
            c.history.remove(0);
        }
        assert!(reasons(&rubrics, &new, SINCE).is_empty());
    }

    #[test]
    fn reasons_come_in_their_order_and_blind_spots_name_the_criteria() {
        let r = rubric("r");
        let rubrics = [&r];
        let mut s = student("a", "A", &[Some(1.0)], Some("2026-01-01"));
        s.rubrics[0].criteria[1].blind_spot = true;
        let kinds: Vec<Reason> = reasons(&rubrics, &s, SINCE);
        assert_eq!(
            kinds,
            [
                Reason::FarBelow {
                    areas: vec![Area {
                        title: "R".to_owned(),
                        value: Figure::of(1.0)
                    }]
                },
                Reason::NotRecent {
                    last: Some("2026-01-01".to_owned())
                },
                Reason::BlindSpots {
                    criteria: vec!["r0-b".to_owned()]
                },
            ]
        );
    }

    #[test]
    fn more_reasons_first_then_furthest_below_then_name_then_id() {
        let r = rubric("r");
        let rubrics = [&r];
        let students = [
            // One reason each: far below at 1.5, 1.0, 1.0 (a tie broken by name, then ID).
            student("z", "Zoe", &[Some(1.5)], RECENT),
            student("b2", "Bea", &[Some(1.0)], RECENT),
            student("b1", "Bea", &[Some(1.0)], RECENT),
            student("al", "Al", &[Some(1.0)], RECENT),
            // Two reasons: far below and not recent.
            student("x", "Xavier", &[Some(1.9)], Some("2026-01-01")),
            // One reason, never assessed: no value, so before every value.
            student("n", "Nia", &[None], None),
            // No reason.
            student("ok", "Ok", &[Some(2.5)], RECENT),
        ];
        assert_eq!(
            names(&rubrics, &students),
            ["Xavier", "Nia", "Al", "Bea", "Bea", "Zoe"]
        );
        let ids: Vec<&str> = needs_attention(&rubrics, &students, SINCE)
            .iter()
            .map(|a| a.student.id.as_str())
            .collect();
        assert_eq!(ids, ["x", "n", "al", "b1", "b2", "z"]);
    }
}
