//! A student's progress (FORMATS.md § progress): per rubric and criterion, the mastery value
//! from instructor scores (latest revisions, per session averaged over instructors), the next
//! step, and the self and peer views beside it. A pure function of the course and the
//! student's recorded revisions.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::course::model::{Course, Rubric, json_number};
use crate::mastery;
use crate::store::assessments::{Revision, Role};
use crate::store::roster::Student;

#[derive(Debug, Serialize)]
pub struct Progress {
    pub student: StudentRef,
    pub method: &'static str,
    pub rubrics: Vec<RubricProgress>,
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
    pub mastery_level: serde_json::Value,
    pub value: Option<f64>,
    pub mastered: bool,
    pub criteria: Vec<CriterionProgress>,
}

#[derive(Debug, Serialize)]
pub struct CriterionProgress {
    pub id: String,
    pub title: String,
    pub value: Option<f64>,
    pub mastered: bool,
    pub assessments: usize,
    pub scores: Vec<ScoreRef>,
    #[serde(rename = "self")]
    pub self_level: Option<serde_json::Value>,
    pub self_gap: Option<&'static str>,
    pub peer: Option<f64>,
    pub next: Option<String>,
    /// The per-session values the mastery value was computed from, oldest first (for trends).
    #[serde(skip)]
    pub session_scores: Vec<f64>,
}

#[derive(Debug, Serialize)]
pub struct ScoreRef {
    pub session: String,
    pub date: String,
    pub level: serde_json::Value,
    pub rater: String,
}

/// The rubrics in the order of the modules that use them, then those no module uses, by ID.
#[must_use]
pub fn rubric_order(course: &Course) -> Vec<&Rubric> {
    let mut order: Vec<&Rubric> = Vec::new();
    for module in &course.modules {
        for id in &module.assessed_by {
            if let Some(rubric) = course
                .rubric(id)
                .filter(|r| !order.iter().any(|o| o.id == r.id))
            {
                order.push(rubric);
            }
        }
    }
    let mut rest: Vec<&Rubric> = course
        .rubrics
        .iter()
        .filter(|r| !order.iter().any(|o| o.id == r.id))
        .collect();
    rest.sort_by(|a, b| a.id.cmp(&b.id));
    order.extend(rest);
    order
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
        rubrics: rubric_order(course)
            .into_iter()
            .map(|rubric| rubric_progress(course, rubric, revisions))
            .collect(),
    }
}

fn rubric_progress(course: &Course, rubric: &Rubric, revisions: &[Revision]) -> RubricProgress {
    let mine: Vec<&Revision> = revisions.iter().filter(|r| r.rubric == rubric.id).collect();
    let criteria: Vec<CriterionProgress> = rubric
        .criteria
        .iter()
        .map(|c| criterion_progress(course, rubric, &c.id, &mine))
        .collect();
    let (sum, weights) = rubric
        .criteria
        .iter()
        .zip(&criteria)
        .filter_map(|(c, p)| p.value.map(|v| (v * c.weight, c.weight)))
        .fold((0.0, 0.0), |(s, w), (v, cw)| (s + v, w + cw));
    let value = (weights > 0.0).then(|| mastery::round6(sum / weights));
    RubricProgress {
        id: rubric.id.clone(),
        title: rubric.title.clone(),
        mastery_level: json_number(rubric.mastery_level),
        value,
        mastered: mastery::mastered(value, rubric.mastery_level),
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
    // (date, session) → the levels instructors gave, each with its rater.
    let level_of = |r: &Revision| {
        r.scores
            .iter()
            .find(|s| s.criterion == criterion)
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
    let mut session_scores = Vec::new();
    for ((date, session), mut levels) in by_session {
        levels.sort_by(|a, b| a.1.cmp(&b.1));
        session_scores.push(levels.iter().map(|(l, _)| l).sum::<f64>() / levels.len() as f64);
        for (level, rater) in levels {
            scores.push(ScoreRef {
                session: session.clone(),
                date: date.clone(),
                level: json_number(level),
                rater,
            });
        }
    }
    let value = mastery::value(course.mastery, &session_scores, rubric.mastery_level);
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
    let peer = match peer_levels.len() {
        0 => None,
        n if n % 2 == 1 => Some(peer_levels[n / 2]),
        n => Some(mastery::round6(f64::midpoint(
            peer_levels[n / 2 - 1],
            peer_levels[n / 2],
        ))),
    };
    let range = rubric.levels.last().map_or(0.0, |l| l.score)
        - rubric.levels.first().map_or(0.0, |l| l.score);
    let self_gap = match (self_level, value) {
        (Some(s), Some(v)) if mastery::round6((s - v).abs()) > mastery::round6(range / 3.0) => {
            Some(if s > v {
                "blind_spot"
            } else {
                "hidden_strength"
            })
        }
        _ => None,
    };
    CriterionProgress {
        id: criterion.to_owned(),
        title,
        value,
        mastered: mastery::mastered(value, rubric.mastery_level),
        assessments: scores.len(),
        scores,
        self_level: self_level.map(json_number),
        self_gap,
        peer,
        next: next_step(rubric, criterion, value),
        session_scores,
    }
}

/// The descriptor of the level above the current one (the highest level at or below the
/// value); the mastery level's when there is no value yet; `None` at the top.
fn next_step(rubric: &Rubric, criterion: &str, value: Option<f64>) -> Option<String> {
    let criterion = rubric.criteria.iter().find(|c| c.id == criterion)?;
    let next = match value {
        None => rubric.mastery_index(),
        Some(v) => match mastery::level_reached(rubric, v) {
            Some(current) => current + 1,
            None => 0,
        },
    };
    criterion.descriptors.get(next).cloned()
}
