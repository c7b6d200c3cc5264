//! `rapport history STUDENT`: the audit trail, newest first: every assessment and amendment,
//! who, when and why, with the levels that changed, interleaved by time with the changes to the
//! student's record (edits, archiving, restoring). `history --session S` and `history
//! --instructor I`: the changes to that record.

use std::fmt::Write as _;

use serde::Serialize;

use super::{gradebook_from_course_yaml, id, json};
use crate::cli::{Global, HistoryArgs};
use crate::course::model::format_score;
use crate::emit;
use crate::error::Result;
use crate::records::{Change, ChangeKind, Subject};
use crate::store::Store;
use crate::store::assessments::{self, Revision, Score};
use crate::store::roster;

#[derive(Serialize)]
struct RevisionEntry<'a> {
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

impl<'a> From<&'a Revision> for RevisionEntry<'a> {
    fn from(r: &'a Revision) -> Self {
        RevisionEntry {
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
        }
    }
}

/// One entry of the history: a revision (in JSON as `history` always printed them: it has
/// `revision`) or a change to the record (it has `change`).
#[derive(Serialize)]
#[serde(untagged)]
enum Entry<'a> {
    Assessment(#[serde(serialize_with = "revision_entry")] &'a Revision),
    Change(&'a Change),
    Badge(BadgeEvent<'a>),
}

/// An Open Badges credential issued to the student, or revoked (it has `badge`).
#[derive(Serialize)]
struct BadgeEvent<'a> {
    badge: &'a str,
    credential: &'a str,
    /// `issued` or `revoked`.
    event: &'static str,
    at: &'a str,
    by: Option<&'a str>,
    /// Why it was revoked (null when issued).
    reason: Option<&'a str>,
}

/// A student's credentials as history entries: each issue, and each revocation.
fn badge_events(credentials: &[crate::store::badges::Credential]) -> Vec<Entry<'_>> {
    let mut events = Vec::new();
    for c in credentials {
        events.push(Entry::Badge(BadgeEvent {
            badge: &c.badge,
            credential: &c.credential_id,
            event: "issued",
            at: &c.issued_at,
            by: c.issued_by.as_deref(),
            reason: None,
        }));
        if let Some(at) = &c.revoked_at {
            events.push(Entry::Badge(BadgeEvent {
                badge: &c.badge,
                credential: &c.credential_id,
                event: "revoked",
                at,
                by: c.revoked_by.as_deref(),
                reason: c.revoke_reason.as_deref(),
            }));
        }
    }
    events
}

// serde's `serialize_with` passes a reference to the field, here itself a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn revision_entry<S: serde::Serializer>(revision: &&Revision, to: S) -> Result<S::Ok, S::Error> {
    RevisionEntry::from(*revision).serialize(to)
}

impl Entry<'_> {
    fn at(&self) -> &str {
        match self {
            Entry::Assessment(r) => &r.recorded_at,
            Entry::Change(c) => &c.at,
            Entry::Badge(b) => b.at,
        }
    }
}

pub fn run(global: &Global, args: &HistoryArgs) -> Result<()> {
    let path = gradebook_from_course_yaml(global)?;
    if let Some(session) = &args.session {
        let wanted = id("session", session)?;
        let (found, changes) = Store::open_read(&path)?.read(|db| {
            let found = crate::lookup::session(db, &wanted)?;
            Ok((found, roster::changes(db, Subject::Session, &wanted)?))
        })?;
        let title = format!("session `{}` ({}, {})", found.id, found.date, found.title);
        return changes_only(global, &title, &changes);
    }
    if let Some(instructor) = &args.instructor {
        let wanted = id("instructor", instructor)?;
        let (found, changes) = Store::open_read(&path)?.read(|db| {
            let found = crate::lookup::instructor(db, &wanted)?;
            Ok((found, roster::changes(db, Subject::Instructor, &wanted)?))
        })?;
        let title = format!("instructor `{}` ({})", found.id, found.name);
        return changes_only(global, &title, &changes);
    }
    let student = id("student", args.student.as_deref().unwrap_or_default())?;
    let (who, revisions, changes, credentials) = Store::open_read(&path)?.read(|db| {
        let who = crate::lookup::student(db, &student)?;
        Ok((
            who,
            assessments::history(db, &student)?,
            roster::changes(db, Subject::Student, &student)?,
            crate::store::badges::of_student(db, &student)?,
        ))
    })?;
    let mut entries: Vec<Entry<'_>> = revisions
        .iter()
        .map(Entry::Assessment)
        .chain(changes.iter().map(Entry::Change))
        .chain(badge_events(&credentials))
        .collect();
    // Newest first; both lists already are, and a stable sort keeps their own order on a tie.
    entries.sort_by(|a, b| b.at().cmp(a.at()));
    if global.json {
        return emit(&json(&entries));
    }
    let mut text = format!("history of {} ({})\n", who.name, who.id);
    if entries.is_empty() {
        text.push_str("nothing recorded yet\n");
    }
    for entry in &entries {
        text.push('\n');
        match entry {
            Entry::Change(change) => text.push_str(&describe_change(change)),
            Entry::Badge(event) => text.push_str(&describe_badge(event)),
            Entry::Assessment(revision) => {
                text.push_str(&describe(revision, previous(&revisions, revision)));
            }
        }
    }
    emit(&text)
}

/// The history of a session or instructor: the changes to its record, newest first.
fn changes_only(global: &Global, title: &str, changes: &[Change]) -> Result<()> {
    if global.json {
        let entries: Vec<Entry<'_>> = changes.iter().map(Entry::Change).collect();
        return emit(&json(&entries));
    }
    let mut text = format!("history of {title}\n");
    if changes.is_empty() {
        text.push_str("no changes since it was added\n");
    }
    for change in changes {
        text.push('\n');
        text.push_str(&describe_change(change));
    }
    emit(&text)
}

/// `2026-09-03 10:12  edited by `mo`: name Amara → Amara O.` (a line per field when an edit
/// changed several).
fn describe_change(change: &Change) -> String {
    let when = crate::views::local_time(&change.at);
    let by = change.by.as_deref().map_or_else(
        || " (by whom was not recorded)".to_owned(),
        |by| format!(" by `{by}`"),
    );
    let mut text = format!("{when}  {}{by}", change.change.past());
    if change.change == ChangeKind::Edit {
        text.push(':');
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
        for field in &change.fields {
            let _ = write!(
                text,
                "\n  {}: {} → {}",
                field.field,
                show(&field.old),
                show(&field.new)
            );
        }
    }
    text.push('\n');
    text
}

/// `2026-12-01 10:00  issued badge `artist-communicator` by `ines` (urn:uuid:…)`, and a
/// revocation with its reason.
fn describe_badge(event: &BadgeEvent<'_>) -> String {
    let when = crate::views::local_time(event.at);
    let by = event
        .by
        .map_or_else(String::new, |by| format!(" by `{by}`"));
    let mut text = format!(
        "{when}  {} badge `{}`{by} ({})\n",
        event.event, event.badge, event.credential
    );
    if let Some(reason) = event.reason {
        let _ = writeln!(text, "  reason: {reason}");
    }
    text
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
