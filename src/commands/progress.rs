//! `rapport progress STUDENT`: mastery per rubric criterion in the terminal, or `--json`.

use std::fmt::Write as _;

use super::{gradebook_of, id, json, valid_course};
use crate::cli::{Global, ProgressArgs};
use crate::course::model::Course;
use crate::emit;
use crate::error::Result;
use crate::figure::{Figure, format_score};
use crate::gradebook::SelfGap;
use crate::progress::{CriterionProgress, Progress, SessionValue, off_scale_text, progress};
use crate::store::{Store, assessments};

pub fn run(global: &Global, args: &ProgressArgs) -> Result<()> {
    let course = valid_course(global)?;
    let wanted = id("student", &args.student)?;
    let (student, revisions) = Store::open_read(&gradebook_of(global, &course)?)?.read(|db| {
        let student = crate::lookup::student(db, &wanted)?;
        Ok((student, assessments::latest(db, Some(&wanted))?))
    })?;
    let view = progress(&course, &student, &revisions);
    if global.json {
        return emit(&json(&view));
    }
    emit(&text(&course, &view))
}

/// The terminal view: per rubric a line, then per criterion its value, whether it is mastered,
/// how many assessments, a trend over sessions, the self-assessment, and the next step.
fn text(course: &Course, view: &Progress) -> String {
    let mut out = format!("{} ({})", view.student.name, view.student.id);
    if let Some(cohort) = &view.student.cohort {
        let _ = write!(out, " · {cohort}");
    }
    let _ = writeln!(out, " · mastery by {}", view.method.replace('_', " "));
    for rubric in &view.rubrics {
        let model = course
            .rubric(&rubric.id)
            .expect("the view is built from the course");
        let mastery = format_score(model.mastery_level);
        let top = model.levels.last().map_or(0.0, |l| l.score);
        let _ = writeln!(
            out,
            "\n{} — {} (mastery at {mastery} of {})",
            rubric.title,
            rubric.value.as_ref().map_or_else(
                || "not assessed yet".to_owned(),
                |v| format!(
                    "{}{}",
                    v.two_decimals(),
                    if rubric.mastered { ", mastered" } else { "" }
                )
            ),
            format_score(top)
        );
        if rubric.value.is_none() {
            continue; // nothing scored yet: the handbook's rubric page says what to aim for
        }
        let width = rubric
            .criteria
            .iter()
            .map(|c| c.title.chars().count())
            .max()
            .unwrap_or(0);
        for criterion in &rubric.criteria {
            let _ = writeln!(out, "  {}", line(criterion, width, model));
            if let Some(next) = &criterion.next {
                let indent = " ".repeat(width + 4);
                let _ = write!(
                    out,
                    "{}",
                    crate::prompt::wrap(
                        next,
                        &format!("{indent}next: "),
                        &format!("{indent}      "),
                        100
                    )
                );
            }
        }
    }
    if let Some(text) = off_scale_text(view.off_scale) {
        let _ = writeln!(out, "\n{text}");
    }
    out
}

fn line(
    criterion: &CriterionProgress,
    width: usize,
    rubric: &crate::course::model::Rubric,
) -> String {
    let pad = width - criterion.title.chars().count();
    let value = criterion
        .value
        .as_ref()
        .map_or_else(|| "  –  ".to_owned(), Figure::two_decimals);
    let mark = if criterion.mastered { "✓" } else { " " };
    let label = criterion
        .level
        .map_or("", |i| rubric.levels[i].label.as_str());
    let mut text = format!(
        "{}{}  {value:>5} {mark} {label:<12} {} {:<8}",
        criterion.title,
        " ".repeat(pad),
        match criterion.assessments {
            1 => "1 assessment ".to_owned(),
            n => format!("{n} assessments"),
        },
        trend(&criterion.sessions, rubric),
    );
    if let Some(level) = &criterion.self_level {
        let _ = write!(text, " self {level}");
        match criterion.self_gap {
            Some(SelfGap::BlindSpot) => text.push_str(" (blind spot: you rate yourself higher)"),
            Some(SelfGap::HiddenStrength) => {
                text.push_str(" (hidden strength: you rate yourself lower)");
            }
            None => {}
        }
    }
    match &criterion.peer {
        Some(peer) => {
            let _ = write!(text, " peers {}", peer_text(peer, rubric));
        }
        None if criterion.peers > 0 => text.push_str(" peers: too few to show anonymously"),
        None => {}
    }
    text.trim_end().to_owned()
}

/// The peers' median: a level's score as written, or two decimals between levels.
fn peer_text(peer: &Figure, rubric: &crate::course::model::Rubric) -> String {
    rubric
        .levels
        .iter()
        .find(|l| Figure::of(l.score) == *peer)
        .map_or_else(|| peer.two_decimals(), |l| format_score(l.score))
}

/// The last eight session scores as bars on the rubric's scale.
fn trend(scores: &[SessionValue], rubric: &crate::course::model::Rubric) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let scale = crate::views::charts::Scale::of(rubric);
    scores
        .iter()
        .rev()
        .take(8)
        .rev()
        .map(|s| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to 0..=7
            let index = (scale.fraction(s.score.to_f64()) * 7.0).round() as usize;
            BARS[index]
        })
        .collect()
}
