//! `rapport history STUDENT`: the audit trail, newest first: every assessment and amendment,
//! who, when and why, with the levels that changed.

use std::fmt::Write as _;

use serde::Serialize;

use super::{gradebook_from_course_yaml, id, json};
use crate::cli::{Global, HistoryArgs};
use crate::course::model::format_score;
use crate::emit;
use crate::error::Result;
use crate::store::Store;
use crate::store::assessments::{self, Revision, Score};

#[derive(Serialize)]
struct Entry<'a> {
    session: &'a str,
    date: &'a str,
    student: &'a str,
    rater: &'a str,
    role: &'a str,
    rubric: &'a str,
    revision: i64,
    recorded_at: &'a str,
    reason: Option<&'a str>,
    comment: Option<&'a str>,
    scores: &'a [Score],
}

pub fn run(global: &Global, args: &HistoryArgs) -> Result<()> {
    let path = gradebook_from_course_yaml(global)?;
    let student = id("student", &args.student)?;
    let (who, revisions) = Store::open_read(&path)?.read(|db| {
        let who = crate::lookup::student(db, &student)?;
        Ok((who, assessments::history(db, &student)?))
    })?;
    if global.json {
        let entries: Vec<Entry<'_>> = revisions
            .iter()
            .map(|r| Entry {
                session: &r.session,
                date: &r.date,
                student: &r.student,
                rater: &r.rater,
                role: r.role.as_str(),
                rubric: &r.rubric,
                revision: r.revision,
                recorded_at: &r.recorded_at,
                reason: r.reason.as_deref(),
                comment: r.comment.as_deref(),
                scores: &r.scores,
            })
            .collect();
        return emit(&json(&entries));
    }
    let mut text = format!("history of {} ({})\n", who.name, who.id);
    if revisions.is_empty() {
        text.push_str("nothing recorded yet\n");
    }
    for revision in &revisions {
        text.push('\n');
        text.push_str(&describe(revision, previous(&revisions, revision)));
    }
    emit(&text)
}

/// The revision before this one of the same assessment.
fn previous<'a>(all: &'a [Revision], revision: &Revision) -> Option<&'a Revision> {
    all.iter().find(|r| {
        r.revision == revision.revision - 1
            && r.session == revision.session
            && r.rater == revision.rater
            && r.role == revision.role
            && r.rubric == revision.rubric
    })
}

fn describe(revision: &Revision, before: Option<&Revision>) -> String {
    let mut text = String::new();
    let when = crate::views::local_time(&revision.recorded_at);
    let action = if revision.revision == 1 {
        "scored".to_owned()
    } else {
        format!("amended (revision {})", revision.revision)
    };
    let _ = writeln!(
        text,
        "{when}  {action}: `{}` in session `{}` ({}) by `{}` ({})",
        revision.rubric,
        revision.session,
        revision.date,
        revision.rater,
        revision.role.as_str()
    );
    if let Some(reason) = &revision.reason {
        let _ = writeln!(text, "  reason: {reason}");
    }
    for score in &revision.scores {
        let old = before.and_then(|b| b.scores.iter().find(|s| s.criterion == score.criterion));
        let level = match old {
            Some(old) if old.level != score.level => {
                format!(
                    "{} → {}",
                    format_score(old.level),
                    format_score(score.level)
                )
            }
            _ => format_score(score.level),
        };
        let _ = write!(text, "  {}: {level}", score.criterion);
        if let Some(note) = &score.note {
            let _ = write!(text, " — {}", indent(note));
        }
        text.push('\n');
        if let Some(old) = old.filter(|o| o.note != score.note) {
            let _ = writeln!(
                text,
                "    note was: {}",
                old.note
                    .as_deref()
                    .map_or_else(|| "(none)".to_owned(), indent)
            );
        }
    }
    if let Some(before) = before {
        for gone in before
            .scores
            .iter()
            .filter(|s| !revision.scores.iter().any(|n| n.criterion == s.criterion))
        {
            let _ = writeln!(
                text,
                "  {}: {} → not scored",
                gone.criterion,
                format_score(gone.level)
            );
        }
        if before.comment != revision.comment {
            let _ = writeln!(
                text,
                "  comment was: {}",
                before
                    .comment
                    .as_deref()
                    .map_or_else(|| "(none)".to_owned(), indent)
            );
        }
    }
    if let Some(comment) = &revision.comment {
        let _ = writeln!(text, "  comment: {}", indent(comment));
    }
    text
}

/// A text of several lines with its later lines indented under the first.
fn indent(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n      ")
}
