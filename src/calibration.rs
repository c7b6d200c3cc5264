//! Calibration: how far instructors who scored the same thing agree (docs/FORMATS.md § agreement).
//! Gathers the units from recorded revisions against the current rubrics, and computes the
//! figures with `agreement`. A pure function of the course and the revisions.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::course::model::{Course, Rubric};
use crate::figure::round6;
use crate::gradebook::{Revision, Role, Verdict};
use crate::reliability::{self, Coincidences, Metric, Unit};

/// One instructor's level on one unit.
#[derive(Debug, Clone)]
struct Value {
    rater: String,
    score: f64,
    /// The level's position on its rubric's scale (0 = the lowest level).
    position: usize,
}

/// (session, student, rubric, criterion).
type UnitKey = (String, String, String, String);

/// The pairable units of a selection, with what is needed to describe them.
#[derive(Debug, Default)]
pub struct Units {
    units: BTreeMap<UnitKey, Vec<Value>>,
    /// Values left out because their rubric, criterion or level is no longer in the course.
    pub left_out: usize,
}

/// What to include: docs/FORMATS.md's `--session`, `--rubric` and `--since`.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    pub session: Option<String>,
    pub rubric: Option<String>,
    /// `YYYY-MM-DD`: sessions on or after it.
    pub since: Option<String>,
}

impl Units {
    /// The instructor-role values of `revisions` (latest revisions) that `selection` keeps,
    /// grouped into units; only units with two or more values are kept.
    #[must_use]
    pub fn gather(course: &Course, revisions: &[Revision], selection: &Selection) -> Units {
        let mut units: BTreeMap<UnitKey, Vec<Value>> = BTreeMap::new();
        let mut left_out: BTreeMap<UnitKey, usize> = BTreeMap::new();
        for revision in revisions.iter().filter(|r| {
            r.role == Role::Instructor
                && selection.session.as_ref().is_none_or(|s| *s == r.session)
                && selection.rubric.as_ref().is_none_or(|s| *s == r.rubric)
                && selection.since.as_ref().is_none_or(|s| r.date >= *s)
        }) {
            let rubric = course.rubric(&revision.rubric);
            for score in &revision.scores {
                let key = (
                    revision.session.clone(),
                    revision.student.clone(),
                    revision.rubric.clone(),
                    score.criterion.clone(),
                );
                let position = rubric.and_then(|rubric| {
                    rubric
                        .criteria
                        .iter()
                        .any(|c| c.id == score.criterion)
                        .then(|| rubric.levels.iter().position(|l| l.score == score.level))
                        .flatten()
                });
                let Some(position) = position else {
                    *left_out.entry(key).or_default() += 1;
                    continue;
                };
                units.entry(key).or_default().push(Value {
                    rater: revision.rater.clone(),
                    score: score.level,
                    position,
                });
            }
        }
        // Left out are the values of units that two or more instructors scored: a unit with one
        // value says nothing about agreement, with or without it.
        let left_out = left_out
            .iter()
            .filter(|(key, n)| **n + units.get(*key).map_or(0, Vec::len) >= 2)
            .map(|(_, n)| n)
            .sum();
        units.retain(|_, values| values.len() >= 2);
        Units { units, left_out }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The sessions of the units, with their dates.
    #[must_use]
    pub fn sessions(&self) -> BTreeSet<&str> {
        self.units.keys().map(|k| k.0.as_str()).collect()
    }

    /// The units of these sessions.
    #[must_use]
    pub fn of_sessions(&self, sessions: &[&str]) -> Units {
        Units {
            units: self
                .units
                .iter()
                .filter(|(k, _)| sessions.contains(&k.0.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            left_out: 0,
        }
    }

    fn rubrics(&self) -> BTreeSet<&str> {
        self.units.keys().map(|k| k.2.as_str()).collect()
    }
}

/// docs/FORMATS.md § `rapport agreement --json`.
#[derive(Debug, Serialize)]
pub struct Figures {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub units: usize,
    pub raters: usize,
    pub pairable_values: usize,
    pub percent_agreement: Option<f64>,
    pub krippendorff_alpha: Alphas,
    pub pairs: Vec<Pair>,
    pub by_rubric: Vec<Figures>,
}

#[derive(Debug, Serialize)]
pub struct Alphas {
    pub nominal: Option<f64>,
    pub ordinal: Option<f64>,
    pub interval: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub units: usize,
    pub percent_agreement: Option<f64>,
    pub cohen_kappa: Option<f64>,
    pub weighted_kappa_linear: Option<f64>,
    pub weighted_kappa_quadratic: Option<f64>,
}

/// The figures of `units`; with more than one rubric, per rubric too.
#[must_use]
pub fn figures(course: &Course, units: &Units) -> Figures {
    let rubrics: Vec<&Rubric> = units
        .rubrics()
        .into_iter()
        .filter_map(|id| course.rubric(id))
        .collect();
    let by_rubric: Vec<Figures> = if rubrics.len() > 1 {
        rubrics
            .iter()
            .map(|rubric| {
                let mut own = pooled(&[rubric], units);
                own.id = Some(rubric.id.clone());
                own
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut all = pooled(&rubrics, units);
    all.by_rubric = by_rubric;
    all
}

/// The figures of the units of `rubrics`, pooled. Kappas need one scale: with rubrics whose
/// levels differ they are null, and only the counts and percent agreement of each pair remain.
fn pooled(rubrics: &[&Rubric], units: &Units) -> Figures {
    let chosen: Vec<(&UnitKey, &Vec<Value>)> = units
        .units
        .iter()
        .filter(|(k, _)| rubrics.iter().any(|r| r.id == k.2))
        .collect();
    let scores: Vec<Vec<f64>> = chosen
        .iter()
        .map(|(_, values)| values.iter().map(|v| v.score).collect())
        .collect();
    let coincidences = Coincidences::new(&scores);
    let for_pairs: Vec<Unit<'_>> = chosen
        .iter()
        .map(|(_, values)| Unit {
            values: values
                .iter()
                .map(|v| (v.rater.as_str(), v.position as f64))
                .collect(),
        })
        .collect();
    let one_scale = rubrics.windows(2).all(|w| {
        w[0].levels.len() == w[1].levels.len()
            && w[0]
                .levels
                .iter()
                .zip(&w[1].levels)
                .all(|(a, b)| a.score == b.score)
    });
    let k = rubrics.first().map_or(0, |r| r.levels.len());
    let pairs = reliability::rater_pairs(&for_pairs)
        .into_iter()
        .map(|pair| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // positions
            let ratings: Vec<(usize, usize)> = pair
                .values
                .iter()
                .map(|&(x, y)| (x as usize, y as usize))
                .collect();
            let same = ratings.iter().filter(|(x, y)| x == y).count();
            let figures = one_scale.then(|| reliability::pair(&ratings, k));
            Pair {
                a: pair.a.to_owned(),
                b: pair.b.to_owned(),
                units: ratings.len(),
                percent_agreement: (!ratings.is_empty())
                    .then(|| round6(same as f64 / ratings.len() as f64)),
                cohen_kappa: figures.and_then(|f| f.cohen_kappa),
                weighted_kappa_linear: figures.and_then(|f| f.weighted_kappa_linear),
                weighted_kappa_quadratic: figures.and_then(|f| f.weighted_kappa_quadratic),
            }
        })
        .collect();
    Figures {
        id: None,
        units: coincidences.units(),
        raters: reliability::raters(&for_pairs),
        pairable_values: coincidences.pairable_values(),
        percent_agreement: coincidences.percent_agreement(),
        krippendorff_alpha: Alphas {
            nominal: coincidences.alpha(Metric::Nominal),
            ordinal: coincidences.alpha(Metric::Ordinal),
            interval: coincidences.alpha(Metric::Interval),
        },
        pairs,
        by_rubric: Vec::new(),
    }
}

/// A criterion where instructors disagree: where they should talk.
#[derive(Debug)]
pub struct Disagreement {
    pub rubric: String,
    pub criterion: String,
    pub units: usize,
    /// The mean distance, in levels, between two instructors' levels on one unit.
    pub mean_distance: f64,
    /// The share of pairs of levels on one unit that are the same.
    pub exact: f64,
}

/// The criteria with any disagreement, most first (by mean distance, then least exact
/// agreement, then rubric and criterion).
#[must_use]
pub fn disagreements(course: &Course, units: &Units) -> Vec<Disagreement> {
    let mut by_criterion: BTreeMap<(&str, &str), (usize, usize, usize, usize)> = BTreeMap::new();
    for (key, values) in &units.units {
        let entry = by_criterion.entry((&key.2, &key.3)).or_default();
        entry.0 += 1;
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                entry.1 += 1;
                entry.2 += a.position.abs_diff(b.position);
                entry.3 += usize::from(a.position == b.position);
            }
        }
    }
    let mut found: Vec<Disagreement> = by_criterion
        .into_iter()
        .filter(|(_, (_, _, distance, _))| *distance > 0)
        .map(|((rubric, criterion), (count, pairs, distance, same))| {
            let model = course.rubric(rubric);
            Disagreement {
                rubric: model.map_or_else(|| rubric.to_owned(), |r| r.title.clone()),
                criterion: model
                    .and_then(|r| r.criteria.iter().find(|c| c.id == criterion))
                    .map_or_else(|| criterion.to_owned(), |c| c.title.clone()),
                units: count,
                mean_distance: round6(distance as f64 / pairs as f64),
                exact: round6(same as f64 / pairs as f64),
            }
        })
        .collect();
    found.sort_by(|a, b| {
        b.mean_distance
            .total_cmp(&a.mean_distance)
            .then(a.exact.total_cmp(&b.exact))
            .then_with(|| (&a.rubric, &a.criterion).cmp(&(&b.rubric, &b.criterion)))
    });
    found
}

/// The criteria to talk about first: those with disagreement on at least three units (a
/// criterion seen on one or two units says little), or all of them when none has three.
#[must_use]
pub fn where_to_talk(course: &Course, units: &Units) -> Vec<Disagreement> {
    let all = disagreements(course, units);
    if all.iter().any(|d| d.units >= 3) {
        all.into_iter().filter(|d| d.units >= 3).collect()
    } else {
        all
    }
}

/// Krippendorff's (2004) reading of alpha: reliable from 0.800, tentative from 0.667 (judged
/// on the three decimals shown).
#[must_use]
pub fn verdict(alpha: f64) -> Verdict {
    let alpha: f64 = crate::figure::decimals(alpha, 3).parse().unwrap_or(alpha);
    if alpha >= 0.8 {
        Verdict::Reliable
    } else if alpha >= 0.667 {
        Verdict::Tentative
    } else {
        Verdict::Weak
    }
}
