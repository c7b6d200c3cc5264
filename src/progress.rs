//! A student's progress (docs/FORMATS.md § progress): per rubric and criterion, the mastery value
//! from instructor scores (latest revisions, per session averaged over instructors), the next
//! step, and the self and peer views beside it. A pure function of the course and the
//! student's recorded revisions.

use std::collections::BTreeMap;

use serde::Serialize;

use num_rational::BigRational;

use crate::course::model::{Course, Rubric};
use crate::figure::{Figure, Points, exact};
use crate::gradebook::{Revision, Role, SelfGap, Student};
use crate::mastery;

#[derive(Debug, Serialize)]
pub struct Progress {
    pub student: StudentRef,
    pub method: &'static str,
    pub rubrics: Vec<RubricProgress>,
    /// Recorded scores of current criteria whose level is not on the rubric's scale (a
    /// database edited by another tool): left out of everything, counted so that views say so.
    #[serde(skip)]
    pub off_scale: usize,
}

#[derive(Debug, Serialize)]
pub struct StudentRef {
    pub id: String,
    pub name: String,
    pub cohort: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RubricProgress {
    pub id: String,
    pub title: String,
    pub mastery_level: Points,
    pub value: Option<Figure>,
    pub mastered: bool,
    pub criteria: Vec<CriterionProgress>,
    /// The index in the rubric's levels of the highest level at or below the value.
    #[serde(skip)]
    pub level: Option<usize>,
}

impl RubricProgress {
    /// Some instructor scored one of its criteria (under `n_mastery` there may still be no
    /// value).
    #[must_use]
    pub fn assessed(&self) -> bool {
        self.criteria.iter().any(|c| c.assessments > 0)
    }
}

#[derive(Debug, Serialize)]
pub struct CriterionProgress {
    pub id: String,
    pub title: String,
    pub value: Option<Figure>,
    pub mastered: bool,
    pub assessments: usize,
    pub scores: Vec<ScoreRef>,
    #[serde(rename = "self")]
    pub self_level: Option<Points>,
    pub self_gap: Option<SelfGap>,
    /// The peers' median; `None` too when fewer than the course's `peer_minimum` rated it.
    pub peer: Option<Figure>,
    pub next: Option<String>,
    /// How many different peers rated this criterion (their latest ratings).
    #[serde(skip)]
    pub peers: usize,
    /// The sessions instructors scored it in, oldest first.
    #[serde(skip)]
    pub sessions: Vec<SessionValue>,
    /// The index in the rubric's levels of the highest level at or below the value.
    #[serde(skip)]
    pub level: Option<usize>,
    /// The index of the level to reach next (the one `next` describes): the mastery level's
    /// without a value, the one above the current otherwise; `None` at the top.
    #[serde(skip)]
    pub next_level: Option<usize>,
    /// The date (`YYYY-MM-DD`) of the session after which it became mastered and stayed so;
    /// `None` when not mastered.
    #[serde(skip)]
    pub mastered_since: Option<String>,
    /// How far below the mastery level it stands, as a share of the rubric's score range
    /// (0.25: a quarter of the scale): from the value, or without one yet (`n_mastery`) from
    /// the latest session's score. `None` when mastered or never scored by an instructor.
    #[serde(skip)]
    pub below_mastery: Option<Figure>,
}

/// One session's part in a criterion's progress.
#[derive(Debug)]
pub struct SessionValue {
    pub session: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The session's score (the mean of its instructors' levels), rounded.
    pub score: Figure,
    /// The mastery value as it stood after this session.
    pub value: Option<Figure>,
}

#[derive(Debug, Serialize)]
pub struct ScoreRef {
    pub session: String,
    pub date: String,
    pub level: Points,
    pub rater: String,
}

/// `revisions` are the student's latest revisions (any role), as `assessments::latest` gives.
#[must_use]
pub fn progress(course: &Course, student: &Student, revisions: &[Revision]) -> Progress {
    Progress {
        student: StudentRef {
            id: student.id.clone(),
            name: student.name.clone(),
            cohort: student.cohort.clone(),
        },
        method: course.mastery.name(),
        rubrics: course
            .rubric_order()
            .into_iter()
            .map(|rubric| rubric_progress(course, rubric, revisions))
            .collect(),
        off_scale: off_scale(course, revisions),
    }
}

/// How many of `revisions`' scores are on a current criterion at a level that is not on its
/// rubric's scale.
#[must_use]
pub fn off_scale(course: &Course, revisions: &[Revision]) -> usize {
    revisions
        .iter()
        .filter_map(|r| course.rubric(&r.rubric).map(|rubric| (rubric, r)))
        .flat_map(|(rubric, r)| {
            r.scores.iter().filter(move |s| {
                rubric.criteria.iter().any(|c| c.id == s.criterion) && !r.on_scale(&s.criterion)
            })
        })
        .count()
}

/// "2 scores off the rubric's scale were left out; run `rapport doctor`", or `None`.
#[must_use]
pub fn off_scale_text(count: usize) -> Option<String> {
    match count {
        0 => None,
        1 => Some("1 score off the rubric's scale was left out; run `rapport doctor`".to_owned()),
        n => Some(format!(
            "{n} scores off the rubric's scale were left out; run `rapport doctor`"
        )),
    }
}

fn rubric_progress(course: &Course, rubric: &Rubric, revisions: &[Revision]) -> RubricProgress {
    let mine: Vec<&Revision> = revisions.iter().filter(|r| r.rubric == rubric.id).collect();
    let criteria: Vec<CriterionProgress> = rubric
        .criteria
        .iter()
        .map(|c| criterion_progress(course, rubric, &c.id, &mine))
        .collect();
    let value = mastery::rubric_value(
        rubric
            .criteria
            .iter()
            .zip(&criteria)
            .filter_map(|(c, p)| p.value.as_ref().map(|v| (c.weight, v))),
    );
    RubricProgress {
        id: rubric.id.clone(),
        title: rubric.title.clone(),
        mastery_level: Points(rubric.mastery_level),
        mastered: mastery::mastered(value.as_ref(), rubric.mastery_level),
        level: value
            .as_ref()
            .and_then(|v| mastery::level_reached(rubric, v)),
        value,
        criteria,
    }
}

fn criterion_progress(
    course: &Course,
    rubric: &Rubric,
    criterion: &str,
    mine: &[&Revision],
) -> CriterionProgress {
    let title = rubric
        .criteria
        .iter()
        .find(|c| c.id == criterion)
        .map_or_else(String::new, |c| c.title.clone());
    // (date, session) → the levels instructors gave, each with its rater. A level that is not
    // on the rubric's scale is never used.
    let level_of = |r: &Revision| {
        r.scores
            .iter()
            .find(|s| s.criterion == criterion)
            .filter(|s| r.on_scale(&s.criterion))
            .map(|s| s.level)
    };
    let mut by_session: BTreeMap<(String, String), Vec<(f64, String)>> = BTreeMap::new();
    for revision in mine.iter().filter(|r| r.role == Role::Instructor) {
        if let Some(level) = level_of(revision) {
            by_session
                .entry((revision.date.clone(), revision.session.clone()))
                .or_default()
                .push((level, revision.rater.clone()));
        }
    }
    let mut scores = Vec::new();
    let mut session_scores: Vec<BigRational> = Vec::new();
    let mut dated: Vec<(String, String)> = Vec::new();
    for ((date, session), mut levels) in by_session {
        levels.sort_by(|a, b| a.1.cmp(&b.1));
        session_scores.push(mastery::session_score(
            &levels.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        ));
        for (level, rater) in levels {
            scores.push(ScoreRef {
                session: session.clone(),
                date: date.clone(),
                level: Points(level),
                rater,
            });
        }
        dated.push((date, session));
    }
    let values = mastery::values(course.mastery, &session_scores, rubric.mastery_level);
    let value = values.last().cloned().flatten();
    let sessions: Vec<SessionValue> = dated
        .into_iter()
        .zip(&session_scores)
        .zip(values)
        .map(|(((date, session), score), value)| SessionValue {
            session,
            date,
            score: Figure::round(score),
            value,
        })
        .collect();
    let latest = |role: Role| {
        let mut found: Vec<(&str, &str, &str, f64)> = mine
            .iter()
            .filter(|r| r.role == role)
            .filter_map(|r| {
                level_of(r).map(|l| (r.date.as_str(), r.session.as_str(), r.rater.as_str(), l))
            })
            .collect();
        found.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        found
    };
    let self_level = latest(Role::SelfAssessment).last().map(|s| s.3);
    // Each peer's latest level, then their median.
    let mut peers: BTreeMap<&str, f64> = BTreeMap::new();
    for (_, _, rater, level) in latest(Role::Peer) {
        peers.insert(rater, level);
    }
    let mut peer_levels: Vec<f64> = peers.into_values().collect();
    peer_levels.sort_by(f64::total_cmp);
    let peer =
        median(&peer_levels).filter(|_| peer_levels.len() >= course.peer_minimum.max(2) as usize);
    let self_gap = self_gap(rubric, self_level, value.as_ref());
    let level = value
        .as_ref()
        .and_then(|v| mastery::level_reached(rubric, v));
    let next_level = next_level(rubric, value.as_ref(), level);
    let mastered = mastery::mastered(value.as_ref(), rubric.mastery_level);
    let below_mastery = below_mastery(rubric, mastered, value.as_ref(), &sessions);
    CriterionProgress {
        id: criterion.to_owned(),
        title,
        mastered,
        assessments: scores.len(),
        scores,
        self_level: self_level.map(Points),
        self_gap,
        peer,
        next: next_level.and_then(|i| {
            let criterion = rubric.criteria.iter().find(|c| c.id == criterion)?;
            criterion.descriptors.get(i).cloned()
        }),
        mastered_since: mastered_since(rubric, &sessions),
        value,
        peers: peer_levels.len(),
        sessions,
        level,
        next_level,
        below_mastery,
    }
}

/// `(mastery level − standing) / (highest level − lowest level)`, rounded once; the standing
/// is the value, or without one yet the latest session's score. `None` when mastered.
fn below_mastery(
    rubric: &Rubric,
    mastered: bool,
    value: Option<&Figure>,
    sessions: &[SessionValue],
) -> Option<Figure> {
    let standing = value.or_else(|| sessions.last().map(|s| &s.score))?;
    let range = exact(rubric.levels.last().map_or(0.0, |l| l.score))
        - exact(rubric.levels.first().map_or(0.0, |l| l.score));
    if mastered || range <= BigRational::from_integer(0.into()) {
        return None;
    }
    Some(Figure::round(
        &((exact(rubric.mastery_level) - standing.exact()) / range),
    ))
}

/// How many things to work on next a report puts first.
pub const FOCUS_COUNT: usize = 3;

/// One of the things to work on next: `Progress::rubrics[rubric].criteria[criterion]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Focus {
    pub rubric: usize,
    pub criterion: usize,
}

/// The things to work on next, at most `count` (docs/FORMATS.md § Reports): the criteria an
/// instructor has scored that are not mastered; those last scored on or after `since` (the
/// first day of `recent_days`) before the others; then furthest below mastery (as a share of
/// the scale, so rubrics of different scales compare); then the most recently scored; then
/// in the course's order (rubrics, then criteria).
#[must_use]
pub fn work_next(view: &Progress, since: Option<&str>, count: usize) -> Vec<Focus> {
    let mut found: Vec<(bool, &Figure, &str, Focus)> = Vec::new();
    for (r, rubric) in view.rubrics.iter().enumerate() {
        for (c, criterion) in rubric.criteria.iter().enumerate() {
            let (Some(below), Some(latest)) = (&criterion.below_mastery, criterion.sessions.last())
            else {
                continue;
            };
            let recent = since.is_none_or(|s| latest.date.as_str() >= s);
            found.push((
                recent,
                below,
                &latest.date,
                Focus {
                    rubric: r,
                    criterion: c,
                },
            ));
        }
    }
    found.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.cmp(a.1))
            .then_with(|| b.2.cmp(a.2))
            .then_with(|| (a.3.rubric, a.3.criterion).cmp(&(b.3.rubric, b.3.criterion)))
    });
    found.into_iter().take(count).map(|f| f.3).collect()
}

/// The median of sorted levels (the mean of the middle two for an even count).
fn median(sorted: &[f64]) -> Option<Figure> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(Figure::of(sorted[n / 2])),
        _ => Some(Figure::round(&mastery::session_score(
            &sorted[n / 2 - 1..=n / 2],
        ))),
    }
}

/// A blind spot or a hidden strength: the self-assessment and the value more than a third of
/// the rubric's score range apart (both sides rounded, as every figure compared).
fn self_gap(rubric: &Rubric, self_level: Option<f64>, value: Option<&Figure>) -> Option<SelfGap> {
    let (s, v) = (self_level?, value?);
    let range = exact(rubric.levels.last().map_or(0.0, |l| l.score))
        - exact(rubric.levels.first().map_or(0.0, |l| l.score));
    let third = Figure::round(&(range / BigRational::from_integer(3.into())));
    let (s, v) = (exact(s), v.exact());
    let apart = Figure::round(&if s > v { &s - &v } else { &v - &s });
    if apart <= third {
        None
    } else if s > v {
        Some(SelfGap::BlindSpot)
    } else {
        Some(SelfGap::HiddenStrength)
    }
}

/// The date of the session after which the criterion became mastered and stayed so; `None`
/// when it is not mastered now.
fn mastered_since(rubric: &Rubric, sessions: &[SessionValue]) -> Option<String> {
    sessions
        .iter()
        .rev()
        .take_while(|s| mastery::mastered(s.value.as_ref(), rubric.mastery_level))
        .last()
        .map(|s| s.date.clone())
}

/// The level above the current one (the highest level at or below the value); the mastery
/// level without a value yet; `None` at the top.
fn next_level(rubric: &Rubric, value: Option<&Figure>, current: Option<usize>) -> Option<usize> {
    let next = match (value, current) {
        (None, _) => rubric.mastery_index(),
        (Some(_), Some(current)) => current + 1,
        (Some(_), None) => 0,
    };
    (next < rubric.levels.len()).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::{
        CriterionProgress, FOCUS_COUNT, Focus, Progress, RubricProgress, SessionValue, StudentRef,
        work_next,
    };
    use crate::figure::{Figure, Points};

    /// A criterion `below` mastery (millionths of the scale; `None`: mastered or never
    /// scored), last scored on `date`.
    fn criterion(below: Option<i64>, date: Option<&str>) -> CriterionProgress {
        CriterionProgress {
            id: String::new(),
            title: String::new(),
            value: None,
            mastered: below.is_none() && date.is_some(),
            assessments: usize::from(date.is_some()),
            scores: Vec::new(),
            self_level: None,
            self_gap: None,
            peer: None,
            next: None,
            peers: 0,
            sessions: date
                .map(|d| SessionValue {
                    session: "s".to_owned(),
                    date: d.to_owned(),
                    score: Figure::of(1.0),
                    value: None,
                })
                .into_iter()
                .collect(),
            level: None,
            next_level: None,
            mastered_since: None,
            below_mastery: below.map(Figure::from_millionths),
        }
    }

    fn view(rubrics: Vec<Vec<CriterionProgress>>) -> Progress {
        Progress {
            student: StudentRef {
                id: "a".to_owned(),
                name: "A".to_owned(),
                cohort: None,
            },
            method: "latest",
            rubrics: rubrics
                .into_iter()
                .map(|criteria| RubricProgress {
                    id: String::new(),
                    title: String::new(),
                    mastery_level: Points(3.0),
                    value: None,
                    mastered: false,
                    criteria,
                    level: None,
                })
                .collect(),
            off_scale: 0,
        }
    }

    fn at(rubric: usize, criterion: usize) -> Focus {
        Focus { rubric, criterion }
    }

    #[test]
    fn furthest_below_mastery_first_and_never_mastered_or_unscored_criteria() {
        let v = view(vec![
            vec![
                criterion(Some(250_000), Some("2026-10-01")),
                criterion(None, Some("2026-10-01")), // mastered
                criterion(None, None),               // never scored
            ],
            vec![
                criterion(Some(500_000), Some("2026-10-01")),
                criterion(Some(100_000), Some("2026-10-01")),
                criterion(Some(300_000), Some("2026-10-01")),
            ],
        ]);
        assert_eq!(
            work_next(&v, Some("2026-09-15"), FOCUS_COUNT),
            vec![at(1, 0), at(1, 2), at(0, 0)]
        );
        assert_eq!(work_next(&v, Some("2026-09-15"), 10).len(), 4);
    }

    #[test]
    fn recent_evidence_comes_before_a_larger_gap_scored_long_ago() {
        let v = view(vec![vec![
            criterion(Some(900_000), Some("2026-06-01")),
            criterion(Some(100_000), Some("2026-10-01")),
            criterion(Some(200_000), Some("2026-09-15")), // the first recent day counts
        ]]);
        assert_eq!(
            work_next(&v, Some("2026-09-15"), FOCUS_COUNT),
            vec![at(0, 2), at(0, 1), at(0, 0)]
        );
        // Without a recent window (`recent_days` beyond the calendar) every score is recent.
        assert_eq!(
            work_next(&v, None, FOCUS_COUNT),
            vec![at(0, 0), at(0, 2), at(0, 1)]
        );
    }

    #[test]
    fn ties_go_to_the_most_recently_scored_then_to_the_course_order() {
        let v = view(vec![
            vec![
                criterion(Some(250_000), Some("2026-10-01")),
                criterion(Some(250_000), Some("2026-10-08")),
            ],
            vec![
                criterion(Some(250_000), Some("2026-10-01")),
                criterion(Some(250_000), Some("2026-10-08")),
            ],
        ]);
        assert_eq!(
            work_next(&v, Some("2026-09-15"), 4),
            vec![at(0, 1), at(1, 1), at(0, 0), at(1, 0)]
        );
    }

    #[test]
    fn the_gap_is_a_share_of_the_scale_so_rubrics_of_different_scales_compare() {
        use crate::course::model::{Level, Rubric};
        let rubric = |scores: &[f64], mastery_level: f64| Rubric {
            id: "r".to_owned(),
            title: "R".to_owned(),
            description: None,
            levels: scores
                .iter()
                .map(|&score| Level {
                    score,
                    label: score.to_string(),
                })
                .collect(),
            mastery_level,
            criteria: Vec::new(),
        };
        let four = rubric(&[1.0, 2.0, 3.0, 4.0], 3.0);
        let ten = rubric(&[0.0, 5.0, 8.0, 10.0], 8.0);
        // One level below on a 1–4 scale is a third of it; 3 points below on 0–10, 0.3.
        assert_eq!(
            super::below_mastery(&four, false, Some(&Figure::of(2.0)), &[]),
            Some(Figure::from_millionths(333_333))
        );
        assert_eq!(
            super::below_mastery(&ten, false, Some(&Figure::of(5.0)), &[]),
            Some(Figure::from_millionths(300_000))
        );
        // Above the mastery level without a value yet (`n_mastery`): below zero, so last.
        assert_eq!(
            super::below_mastery(&four, false, Some(&Figure::of(3.5)), &[]),
            Some(Figure::from_millionths(-166_667))
        );
        assert_eq!(super::below_mastery(&four, false, None, &[]), None);
        assert_eq!(
            super::below_mastery(&four, true, Some(&Figure::of(3.0)), &[]),
            None
        );
    }

    #[test]
    fn nothing_to_work_on_when_everything_scored_is_mastered() {
        let v = view(vec![vec![
            criterion(None, Some("2026-10-01")),
            criterion(None, None),
        ]]);
        assert_eq!(work_next(&v, Some("2026-09-15"), FOCUS_COUNT), vec![]);
    }
}
