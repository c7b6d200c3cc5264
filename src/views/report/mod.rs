//! A student's progress report: where they stand per skill, the trend and the next step per
//! criterion, the feedback they were given, the sessions they attended. Built from that
//! student's data only: peers who rated them are never named.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::charts::{self, Bar, Trend};
use super::{PageHead, human_date};
use crate::course::model::{Course, Rubric};
use crate::figure::{Figure, exact, format_score};
use crate::gradebook::{Revision, SelfGap, Session};
use crate::markdown;
use crate::progress::{CriterionProgress, Progress, RubricProgress};

mod feedback;

use feedback::feedback;
pub use feedback::{FeedbackEntry, FeedbackSession, Note};

/// What the report needs besides the course and the progress view.
pub struct Context<'a> {
    pub course: &'a Course,
    /// The student's latest revisions, every role.
    pub revisions: &'a [Revision],
    /// The sessions those revisions belong to (others may be present).
    pub sessions: &'a BTreeMap<String, Session>,
    /// Instructor ID → name.
    pub instructors: &'a BTreeMap<String, String>,
    /// `YYYY-MM-DD`.
    pub generated: &'a str,
}

#[derive(Debug, Serialize)]
pub struct StudentReport {
    pub page: PageHead,
    pub student: Person,
    /// How mastery is computed, in words.
    pub method: String,
    pub recent_days: u32,
    pub glance: Vec<GlanceRow>,
    /// One sentence: how much is mastered and assessed.
    pub headline: Option<String>,
    /// The date of the report as people read it.
    pub as_of: String,
    pub recently_mastered: Vec<Recent>,
    pub rubrics: Vec<RubricSection>,
    pub feedback: Vec<FeedbackSession>,
    pub sessions: Vec<SessionRow>,
    /// "2 recorded scores are not on their rubric's scale …", when some were left out.
    pub off_scale: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub cohort: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GlanceRow {
    pub skill: String,
    pub rubric: String,
    pub anchor: String,
    pub value: Option<String>,
    pub level: Option<String>,
    pub mastered: bool,
    /// Some instructor scored it (under `n_mastery` there may still be no value).
    pub assessed: bool,
    pub bar: Option<Bar>,
    pub criteria_mastered: usize,
    pub criteria: usize,
}

#[derive(Debug, Serialize)]
pub struct Recent {
    pub criterion: String,
    pub rubric: String,
    pub anchor: String,
    pub date: String,
}

#[derive(Debug, Serialize)]
pub struct RubricSection {
    pub anchor: String,
    pub title: String,
    pub skill: String,
    pub value: Option<String>,
    pub level: Option<String>,
    pub mastered: bool,
    pub assessed: bool,
    /// "Proficient (3) on a scale of 1 to 4".
    pub mastery: String,
    pub criteria: Vec<CriterionSection>,
}

#[derive(Debug, Serialize)]
pub struct CriterionSection {
    pub anchor: String,
    pub title: String,
    pub value: Option<String>,
    pub level: Option<String>,
    pub mastered: bool,
    pub assessments: usize,
    /// Why a criterion with scores has no value yet (`n_mastery`).
    pub no_value: Option<String>,
    pub trend: Option<Trend>,
    /// The chart in words, for screen readers.
    pub trend_text: String,
    pub scores: Vec<ScoreRow>,
    pub current: Option<Descriptor>,
    pub next: Option<Descriptor>,
    /// "2 · Developing".
    pub self_level: Option<String>,
    /// `blind-spot` or `hidden-strength`: a class name.
    pub gap: Option<&'static str>,
    /// The student rates themself well above their value.
    pub blind_spot: bool,
    /// The student rates themself well below their value.
    pub hidden_strength: bool,
    pub peer: Option<String>,
    /// Some peers rated this criterion, too few to show their ratings anonymously.
    pub peers_too_few: bool,
}

#[derive(Debug, Serialize)]
pub struct ScoreRow {
    pub date: String,
    pub session: String,
    pub level: String,
    pub raters: String,
}

#[derive(Debug, Serialize)]
pub struct Descriptor {
    pub label: String,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct SessionRow {
    pub date: String,
    pub title: String,
    pub kind: String,
    pub artist: Option<String>,
    pub rubrics: String,
}

pub(super) fn level_text(rubric: &Rubric, score: f64) -> String {
    match rubric.levels.iter().find(|l| l.score == score) {
        Some(level) => format!("{} · {}", format_score(score), level.label),
        None => format_score(score),
    }
}

#[must_use]
pub fn method_text(course: &Course) -> String {
    use crate::course::model::Mastery;
    use crate::figure::exact_percent as percent;
    match course.mastery {
        Mastery::DecayingAverage { recent_weight } => format!(
            "a decaying average: each new session counts {} and everything before it {}",
            percent(exact(recent_weight)),
            percent(exact(1.0) - exact(recent_weight))
        ),
        Mastery::WeightedAverage { recent_weight } => format!(
            "a weighted average: the latest session counts {}, the average of the ones before {}",
            percent(exact(recent_weight)),
            percent(exact(1.0) - exact(recent_weight))
        ),
        Mastery::NMastery { n } => format!(
            "the average of the sessions at or above the mastery level, once there are {n} of them"
        ),
        Mastery::Latest => "the latest session's score".to_owned(),
        Mastery::Highest => "the highest score so far".to_owned(),
        Mastery::Average => "the average of every session's score".to_owned(),
    }
}

#[must_use]
pub fn student_report(view: &Progress, context: &Context<'_>) -> StudentReport {
    let course = context.course;
    let rubrics: Vec<RubricSection> = view
        .rubrics
        .iter()
        .map(|r| rubric_section(context, r))
        .collect();
    let glance = view
        .rubrics
        .iter()
        .map(|r| {
            let model = course
                .rubric(&r.id)
                .expect("the view is built from the course");
            GlanceRow {
                skill: course.skill_of(&r.id),
                rubric: r.title.clone(),
                anchor: format!("rubric-{}", r.id),
                value: r.value.as_ref().map(Figure::two_decimals),
                level: r.level.map(|i| model.levels[i].label.clone()),
                mastered: r.mastered,
                assessed: r.assessed(),
                bar: r.value.as_ref().map(|v| charts::bar(model, v.to_f64())),
                criteria_mastered: r.criteria.iter().filter(|c| c.mastered).count(),
                criteria: r.criteria.len(),
            }
        })
        .collect();
    StudentReport {
        page: PageHead::standalone(
            course,
            format!("Progress report: {}", view.student.name),
            context.generated,
        ),
        student: Person {
            id: view.student.id.clone(),
            name: view.student.name.clone(),
            cohort: view.student.cohort.clone(),
        },
        method: method_text(course),
        recent_days: course.recent_days,
        glance,
        headline: headline(view),
        as_of: human_date(context.generated, false),
        recently_mastered: recently_mastered(course, view, context.generated),
        rubrics,
        feedback: feedback(context),
        sessions: sessions(context),
        off_scale: match view.off_scale {
            0 => None,
            1 => Some("1 recorded score is not on its rubric's scale and was left out; your instructors can find it with rapport doctor.".to_owned()),
            n => Some(format!("{n} recorded scores are not on their rubric's scale and were left out; your instructors can find them with rapport doctor.")),
        },
    }
}

/// "You have mastered 5 of 36 criteria and 1 of the 7 skill areas as a whole; 4 of the 7 have
/// been assessed." `None` before any assessment.
fn headline(view: &Progress) -> Option<String> {
    let areas = view.rubrics.len();
    let assessed = view.rubrics.iter().filter(|r| r.assessed()).count();
    if assessed == 0 {
        return None;
    }
    let mastered = view.rubrics.iter().filter(|r| r.mastered).count();
    let criteria: Vec<_> = view.rubrics.iter().flat_map(|r| &r.criteria).collect();
    let done = criteria.iter().filter(|c| c.mastered).count();
    let of_areas = |n: usize| match areas {
        1 => "the skill area".to_owned(),
        _ => format!("{n} of the {areas} skill areas"),
    };
    let mut text = format!(
        "You have mastered {done} of {} {}",
        criteria.len(),
        if criteria.len() == 1 {
            "criterion"
        } else {
            "criteria"
        }
    );
    if mastered > 0 {
        let _ = write!(text, " and {} as a whole", of_areas(mastered));
    }
    if assessed == areas {
        text.push_str(". Every skill area has been assessed.");
    } else {
        let verb = if assessed == 1 { "has" } else { "have" };
        let _ = write!(
            text,
            "; {} {verb} been assessed so far.",
            of_areas(assessed)
        );
    }
    Some(text)
}

fn rubric_section(context: &Context<'_>, rubric: &RubricProgress) -> RubricSection {
    let model = context
        .course
        .rubric(&rubric.id)
        .expect("the view is built from the course");
    RubricSection {
        anchor: format!("rubric-{}", rubric.id),
        title: rubric.title.clone(),
        skill: context.course.skill_of(&rubric.id),
        value: rubric.value.as_ref().map(Figure::two_decimals),
        level: rubric.level.map(|i| model.levels[i].label.clone()),
        mastered: rubric.mastered,
        assessed: rubric.assessed()
            || rubric
                .criteria
                .iter()
                .any(|c| c.self_level.is_some() || c.peers > 0),
        mastery: format!(
            "{} ({}) on a scale of {} to {}",
            model.levels[model.mastery_index()].label,
            format_score(model.mastery_level),
            format_score(model.levels.first().map_or(0.0, |l| l.score)),
            format_score(model.levels.last().map_or(0.0, |l| l.score)),
        ),
        criteria: rubric
            .criteria
            .iter()
            .map(|c| criterion_section(context, model, c))
            .collect(),
    }
}

fn criterion_section(
    context: &Context<'_>,
    rubric: &Rubric,
    progress: &CriterionProgress,
) -> CriterionSection {
    let model = rubric
        .criteria
        .iter()
        .find(|c| c.id == progress.id)
        .expect("the view is built from the rubric");
    let anchor = format!("{}--{}", rubric.id, progress.id);
    let prefix = anchor.clone();
    let descriptor = |index: usize| {
        model.descriptors.get(index).map(|text| Descriptor {
            label: level_text(rubric, rubric.levels[index].score),
            html: markdown::render_inline(text, &format!("{prefix}-{index}")),
        })
    };
    let (rows, dated) = session_rows(context, rubric, progress);
    let values: Vec<Option<f64>> = progress
        .sessions
        .iter()
        .map(|s| s.value.as_ref().map(Figure::to_f64))
        .collect();
    let trend_text = if rows.is_empty() {
        "Not assessed yet.".to_owned()
    } else {
        format!(
            "Scores by session, oldest first: {}.",
            rows.iter()
                .map(|r| format!("{}: {}", r.date, r.level))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    CriterionSection {
        anchor,
        title: progress.title.clone(),
        value: progress.value.as_ref().map(Figure::two_decimals),
        level: progress.level.map(|i| rubric.levels[i].label.clone()),
        mastered: progress.mastered,
        assessments: progress.assessments,
        no_value: (progress.value.is_none() && progress.assessments > 0).then(|| match context.course.mastery {
            crate::course::model::Mastery::NMastery { n } => format!(
                "No value yet: it comes once {n} sessions have scored this at the mastery level or above."
            ),
            _ => "No value yet.".to_owned(),
        }),
        trend: (!dated.is_empty()).then(|| charts::trend(rubric, &dated, &values)),
        trend_text,
        scores: rows,
        current: progress.level.and_then(descriptor),
        next: progress.next_level.and_then(descriptor),
        self_level: progress
            .self_level
            .map(|s| level_text(rubric, s.to_f64())),
        gap: progress.self_gap.map(SelfGap::class),
        blind_spot: progress.self_gap == Some(SelfGap::BlindSpot),
        hidden_strength: progress.self_gap == Some(SelfGap::HiddenStrength),
        peer: progress.peer.as_ref().map(|p| {
            match rubric.levels.iter().find(|l| Figure::of(l.score) == *p) {
                Some(level) => level_text(rubric, level.score),
                None => p.two_decimals(),
            }
        }),
        peers_too_few: progress.peer.is_none() && progress.peers > 0,
    }
}

/// One row per session with the instructors who scored it, and (short date, the session's
/// score) for the trend chart.
fn session_rows(
    context: &Context<'_>,
    rubric: &Rubric,
    progress: &CriterionProgress,
) -> (Vec<ScoreRow>, Vec<(String, f64)>) {
    let mut rows: Vec<ScoreRow> = Vec::new();
    let mut dated: Vec<(String, f64)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for score in &progress.scores {
        if seen.last() == Some(&score.session.as_str()) {
            continue;
        }
        seen.push(&score.session);
        // The session's score, as the domain averaged it.
        let Some(average) = progress.sessions.get(seen.len() - 1).map(|s| &s.score) else {
            continue;
        };
        let same: Vec<_> = progress
            .scores
            .iter()
            .filter(|s| s.session == score.session)
            .collect();
        let levels: Vec<f64> = same.iter().map(|s| s.level.to_f64()).collect();
        let level = if levels.len() == 1 {
            level_text(rubric, levels[0])
        } else {
            format!(
                "{} (average of {})",
                average.two_decimals(),
                levels
                    .iter()
                    .map(|l| format_score(*l))
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        rows.push(ScoreRow {
            date: human_date(&score.date, false),
            session: context
                .sessions
                .get(&score.session)
                .map_or_else(|| score.session.clone(), |s| s.title.clone()),
            level,
            raters: same
                .iter()
                .map(|s| instructor_name(context, &s.rater))
                .collect::<Vec<_>>()
                .join(", "),
        });
        dated.push((human_date(&score.date, true), average.to_f64()));
    }
    (rows, dated)
}

pub(super) fn instructor_name(context: &Context<'_>, id: &str) -> String {
    context
        .instructors
        .get(id)
        .cloned()
        .unwrap_or_else(|| id.to_owned())
}

/// Criteria mastered now whose mastery began (and held since) in a session within
/// `recent_days` of the report's date.
fn recently_mastered(course: &Course, view: &Progress, generated: &str) -> Vec<Recent> {
    let since = super::recent_since(course, generated);
    let mut found = Vec::new();
    for rubric in &view.rubrics {
        for criterion in &rubric.criteria {
            let Some(date) = criterion.mastered_since.as_deref() else {
                continue;
            };
            if since.as_deref().is_none_or(|s| date >= s) {
                found.push(Recent {
                    criterion: criterion.title.clone(),
                    rubric: rubric.title.clone(),
                    anchor: format!("{}--{}", rubric.id, criterion.id),
                    date: date.to_owned(),
                });
            }
        }
    }
    found.sort_by(|a, b| b.date.cmp(&a.date));
    for recent in &mut found {
        recent.date = human_date(&recent.date, false);
    }
    found
}

/// The sessions in which the student was assessed (in any role), oldest first.
fn sessions(context: &Context<'_>) -> Vec<SessionRow> {
    let mut attended: BTreeMap<(&str, &str), BTreeSet<String>> = BTreeMap::new();
    for revision in context.revisions {
        attended
            .entry((&revision.date, &revision.session))
            .or_default()
            .insert(
                context
                    .course
                    .rubric(&revision.rubric)
                    .map_or_else(|| revision.rubric.clone(), |r| r.title.clone()),
            );
    }
    attended
        .into_iter()
        .map(|((date, session), rubrics)| {
            let known = context.sessions.get(session);
            SessionRow {
                date: human_date(date, false),
                title: known.map_or_else(|| session.to_owned(), |s| s.title.clone()),
                kind: known.map_or_else(String::new, |s| s.kind.label().to_owned()),
                artist: known.and_then(artist),
                rubrics: rubrics.into_iter().collect::<Vec<_>>().join(", "),
            }
        })
        .collect()
}

/// A session's artist, unless its title already names them ("Vocal tracking with Nia Cole").
pub(super) fn artist(session: &Session) -> Option<String> {
    session
        .artist
        .clone()
        .filter(|a| !session.title.contains(a.as_str()))
}
