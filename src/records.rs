//! Record management: what an edit of a student, session or instructor changes, who makes a
//! change, and the change records `history` shows. A record is never deleted: an edit keeps the
//! old values in a change, archiving and restoring are changes too (docs/FORMATS.md § The
//! gradebook).

use serde::Serialize;

use crate::gradebook::{Instructor, Session, Student};

/// Whose record changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Student,
    Session,
    Instructor,
}

impl Subject {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Student => "student",
            Subject::Session => "session",
            Subject::Instructor => "instructor",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Subject> {
        [Subject::Student, Subject::Session, Subject::Instructor]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Edit,
    Archive,
    Restore,
}

impl ChangeKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Edit => "edit",
            ChangeKind::Archive => "archive",
            ChangeKind::Restore => "restore",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<ChangeKind> {
        [ChangeKind::Edit, ChangeKind::Archive, ChangeKind::Restore]
            .into_iter()
            .find(|k| k.as_str() == text)
    }

    /// The verb `history` prints.
    #[must_use]
    pub fn past(self) -> &'static str {
        match self {
            ChangeKind::Edit => "edited",
            ChangeKind::Archive => "archived",
            ChangeKind::Restore => "restored",
        }
    }
}

/// One field an edit changed; `None` is "no value" (an email removed, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One change to a record, as kept in the gradebook.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub subject: Subject,
    pub id: String,
    pub change: ChangeKind,
    /// `None` for a change made before rapport kept who made it.
    pub by: Option<String>,
    /// RFC 3339 in UTC.
    pub at: String,
    /// For an edit, the fields it changed, in the record's order; empty otherwise.
    pub fields: Vec<FieldChange>,
}

/// Who is making a change: `RAPPORT_USER`, else the operating system's user name (`USER`,
/// `LOGNAME`, then `USERNAME`), else `unknown`. An empty value counts as unset.
#[must_use]
pub fn who() -> String {
    ["RAPPORT_USER", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| value.trim().to_owned())
        .find(|value| !value.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The fields whose values differ, in the order given.
fn differing(fields: &[(&str, Option<&str>, Option<&str>)]) -> Vec<FieldChange> {
    fields
        .iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| FieldChange {
            field: (*field).to_owned(),
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
        })
        .collect()
}

/// What changes from `old` to `new`: name, email, cohort, sourced ID (the archive state is
/// not edited).
#[must_use]
pub fn student_fields(old: &Student, new: &Student) -> Vec<FieldChange> {
    differing(&[
        ("name", Some(&old.name), Some(&new.name)),
        ("email", old.email.as_deref(), new.email.as_deref()),
        ("cohort", old.cohort.as_deref(), new.cohort.as_deref()),
        (
            "sourced_id",
            old.sourced_id.as_deref(),
            new.sourced_id.as_deref(),
        ),
    ])
}

/// What changes from `old` to `new`: title, date, kind, artist.
#[must_use]
pub fn session_fields(old: &Session, new: &Session) -> Vec<FieldChange> {
    differing(&[
        ("title", Some(&old.title), Some(&new.title)),
        ("date", Some(&old.date), Some(&new.date)),
        ("kind", Some(old.kind.as_str()), Some(new.kind.as_str())),
        ("artist", old.artist.as_deref(), new.artist.as_deref()),
    ])
}

/// What changes from `old` to `new`: the name, the sourced ID.
#[must_use]
pub fn instructor_fields(old: &Instructor, new: &Instructor) -> Vec<FieldChange> {
    differing(&[
        ("name", Some(&old.name), Some(&new.name)),
        (
            "sourced_id",
            old.sourced_id.as_deref(),
            new.sourced_id.as_deref(),
        ),
    ])
}

/// `name Amara Okafor → Amara O.; cohort 2026-autumn → none`.
#[must_use]
pub fn describe(fields: &[FieldChange]) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    fields
        .iter()
        .map(|f| format!("{} {} → {}", f.field, show(&f.old), show(&f.new)))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn student(name: &str, email: Option<&str>) -> Student {
        Student {
            id: "amara".into(),
            name: name.into(),
            email: email.map(Into::into),
            cohort: None,
            archived: false,
            sourced_id: None,
        }
    }

    #[test]
    fn only_differing_fields_are_changes_and_none_reads_none() {
        let old = student("Amara", Some("a@example.org"));
        assert!(student_fields(&old, &old).is_empty());
        let new = student("Amara O.", None);
        let fields = student_fields(&old, &new);
        assert_eq!(
            describe(&fields),
            "name Amara → Amara O.; email a@example.org → none"
        );
    }

    #[test]
    fn kinds_and_subjects_round_trip_their_stored_names() {
        for kind in [ChangeKind::Edit, ChangeKind::Archive, ChangeKind::Restore] {
            assert_eq!(ChangeKind::parse(kind.as_str()), Some(kind));
        }
        for subject in [Subject::Student, Subject::Session, Subject::Instructor] {
            assert_eq!(Subject::parse(subject.as_str()), Some(subject));
        }
    }
}
