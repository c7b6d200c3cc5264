//! A student's progress report: where they stand (overall and per skill area), the three things
//! to work on next, per skill area a table of its criteria with each one's details folded under
//! it, the feedback they were given, the sessions they attended. Built from that student's data
//! only: peers who rated them are never named.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::charts::{self, Bar};
use super::{PageHead, human_date};
use crate::course::model::{Course, Rubric};
use crate::figure::{Figure, exact, format_score};
use crate::gradebook::{Revision, Session};
use crate::progress::Progress;

mod areas;
mod badges;
mod feedback;
mod focus;

pub use areas::{CriterionNote, CriterionSection, Descriptor, RubricSection, ScoreRow};
pub use badges::{BadgeRow, ToEarn};
use feedback::feedback;
pub use feedback::{FeedbackEntry, FeedbackSession, Note};
pub use focus::Focus;

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
    /// The Open Badges credentials the student holds (issued, not revoked), oldest first.
    pub credentials: &'a [crate::store::badges::Credential],
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
    /// The three things to work on next (docs/FORMATS.md § Reports).
    pub focus: Vec<Focus>,
    /// "Three things to work on next", or with fewer "What to work on next".
    pub focus_title: &'static str,
    /// What stands in for them when there are none.
    pub focus_none: String,
    /// The date of the report as people read it (every date on the page reads so).
    pub as_of: String,
    pub recently_mastered: Vec<Recent>,
    pub rubrics: Vec<RubricSection>,
    pub feedback: Vec<FeedbackSession>,
    pub sessions: Vec<SessionRow>,
    /// "2 recorded scores are not on their rubric's scale …", when some were left out.
    pub off_scale: Option<String>,
    /// The badges the student holds, each with its credential to download.
    pub badges: Vec<BadgeRow>,
    /// The course's other badges: those earned (not issued yet, or revoked), by name, and
    /// the rest with what is left to master for each.
    pub earned: Vec<String>,
    pub to_earn: Vec<ToEarn>,
    /// Who signs them: course.yaml's `issuer.name`.
    pub badge_issuer: String,
}

#[derive(Debug, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub cohort: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GlanceRow {
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
        .map(|r| areas::rubric_section(context, r))
        .collect();
    let glance = view
        .rubrics
        .iter()
        .map(|r| {
            let model = course
                .rubric(&r.id)
                .expect("the view is built from the course");
            GlanceRow {
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
    let focus = focus::focus(view, context);
    let (earned, to_earn) = badges::not_held(view, context);
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
        focus_title: if focus.len() == crate::progress::FOCUS_COUNT {
            "Three things to work on next"
        } else {
            "What to work on next"
        },
        focus,
        focus_none: focus::none_text(view),
        as_of: human_date(context.generated, false),
        recently_mastered: recently_mastered(course, view, context.generated),
        rubrics,
        feedback: feedback(context),
        sessions: sessions(context),
        badges: badges::held(context),
        earned,
        to_earn,
        badge_issuer: course
            .issuer
            .as_ref()
            .map_or_else(String::new, |i| i.name.clone()),
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
