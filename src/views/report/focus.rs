//! The first thing a report says after where the student stands: the three things to work on
//! next (chosen by `progress::work_next`), each with its concrete next step and the latest
//! instructor's note on it.

use serde::Serialize;

use super::Context;
use super::areas::{CriterionNote, Descriptor, criterion_notes, descriptor};
use crate::progress::{FOCUS_COUNT, Progress, work_next};
use crate::views::{human_date, recent_since};

#[derive(Debug, Serialize)]
pub struct Focus {
    pub criterion: String,
    pub rubric: String,
    /// The criterion's details on the page.
    pub anchor: String,
    /// "now 1.88 · Emerging", or "no value yet".
    pub standing: String,
    /// The date of its latest instructor score.
    pub last_scored: String,
    /// The next level's descriptor: the concrete next step.
    pub next: Option<Descriptor>,
    /// The latest instructor's note on this criterion.
    pub note: Option<CriterionNote>,
}

pub(super) fn focus(view: &Progress, context: &Context<'_>) -> Vec<Focus> {
    let since = recent_since(context.course, context.generated);
    work_next(view, since.as_deref(), FOCUS_COUNT)
        .into_iter()
        .map(|at| {
            let rubric = &view.rubrics[at.rubric];
            let criterion = &rubric.criteria[at.criterion];
            let model = context
                .course
                .rubric(&rubric.id)
                .expect("the view is built from the course");
            let standing = match (&criterion.value, criterion.level) {
                (Some(value), Some(level)) => {
                    format!(
                        "now {} · {}",
                        value.two_decimals(),
                        model.levels[level].label
                    )
                }
                (Some(value), None) => format!("now {}", value.two_decimals()),
                (None, _) => "no value yet".to_owned(),
            };
            Focus {
                criterion: criterion.title.clone(),
                rubric: rubric.title.clone(),
                anchor: format!("{}--{}", rubric.id, criterion.id),
                standing,
                last_scored: criterion
                    .sessions
                    .last()
                    .map_or_else(String::new, |s| human_date(&s.date, false)),
                next: criterion
                    .next_level
                    .and_then(|i| descriptor(model, &criterion.id, i)),
                note: criterion_notes(context, model, &criterion.id)
                    .into_iter()
                    .next(),
            }
        })
        .collect()
}

/// Why the list is empty: nothing scored yet, or everything scored is mastered.
pub(super) fn none_text(view: &Progress) -> String {
    let scored = view
        .rubrics
        .iter()
        .flat_map(|r| &r.criteria)
        .any(|c| c.assessments > 0);
    if scored {
        "Everything your instructors have scored so far is mastered. The skill areas below show what has not been assessed yet, and the level above yours.".to_owned()
    } else {
        "Each skill area below shows what the level to aim for looks like.".to_owned()
    }
}
