//! Students, instructors and sessions, and the changes to their records (kept, never
//! deleted: an edit stores the old values beside the new).

use rusqlite::{OptionalExtension, params};

use super::Tx;

use super::now;
use crate::error::Result;
use crate::gradebook::SessionKind;
use crate::records::{self, Change, ChangeKind, FieldChange, Subject};

pub use crate::gradebook::{Instructor, Session, Student};

fn student_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<Student> {
    Ok(Student {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        cohort: row.get(3)?,
        archived: row.get::<_, Option<String>>(4)?.is_some(),
    })
}

pub fn student(tx: &Tx<'_>, id: &str) -> Result<Option<Student>> {
    let db = tx.sql();
    db.prepare_cached("SELECT id, name, email, cohort, archived_at FROM student WHERE id = ?1")?
        .query_row([id], student_from)
        .optional()
        .map_err(Into::into)
}

/// Sorted by ID; archived students only when asked for.
pub fn students(tx: &Tx<'_>, include_archived: bool) -> Result<Vec<Student>> {
    let db = tx.sql();
    let mut statement = db.prepare(
        "SELECT id, name, email, cohort, archived_at FROM student
             WHERE ?1 OR archived_at IS NULL ORDER BY id",
    )?;
    let rows = statement.query_map([include_archived], student_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_student(tx: &Tx<'_>, student: &Student) -> Result<()> {
    let db = tx.sql();
    db.execute(
        "INSERT INTO student (id, name, email, cohort, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            student.id,
            student.name,
            student.email,
            student.cohort,
            now()
        ],
    )?;
    Ok(())
}

/// Changes name, email and cohort to those of `new` (the archive state stays) and records the
/// change as made `by`; the fields that changed, none (and nothing written) when all are equal.
pub fn edit_student(tx: &Tx<'_>, new: &Student, by: &str) -> Result<Vec<FieldChange>> {
    let Some(old) = student(tx, &new.id)? else {
        return Ok(Vec::new());
    };
    let fields = records::student_fields(&old, new);
    if !fields.is_empty() {
        tx.sql().execute(
            "UPDATE student SET name = ?2, email = ?3, cohort = ?4 WHERE id = ?1",
            params![new.id, new.name, new.email, new.cohort],
        )?;
        record(
            tx,
            Subject::Student,
            &new.id,
            ChangeKind::Edit,
            by,
            &now(),
            &fields,
        )?;
    }
    Ok(fields)
}

/// Archives a student, recording the change as made `by`.
pub fn archive_student(tx: &Tx<'_>, id: &str, by: &str) -> Result<()> {
    archive_student_at(tx, id, by, &now())
}

/// `archive_student`, stamped `at` (RFC 3339 in UTC, as `now()` writes it) instead of the
/// clock: for generated data that must be reproducible byte for byte.
pub fn archive_student_at(tx: &Tx<'_>, id: &str, by: &str, at: &str) -> Result<()> {
    let db = tx.sql();
    db.execute(
        "UPDATE student SET archived_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    record(tx, Subject::Student, id, ChangeKind::Archive, by, at, &[])
}

/// Brings an archived student back, recording the change as made `by`.
pub fn restore_student(tx: &Tx<'_>, id: &str, by: &str) -> Result<()> {
    tx.sql().execute(
        "UPDATE student SET archived_at = NULL WHERE id = ?1",
        params![id],
    )?;
    record(
        tx,
        Subject::Student,
        id,
        ChangeKind::Restore,
        by,
        &now(),
        &[],
    )
}

/// Appends one change record.
fn record(
    tx: &Tx<'_>,
    subject: Subject,
    id: &str,
    kind: ChangeKind,
    by: &str,
    at: &str,
    fields: &[FieldChange],
) -> Result<()> {
    let db = tx.sql();
    db.execute(
        "INSERT INTO record_change (subject, subject_id, kind, changed_by, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![subject.as_str(), id, kind.as_str(), by, at],
    )?;
    let change = db.last_insert_rowid();
    for (position, field) in fields.iter().enumerate() {
        db.execute(
            "INSERT INTO record_change_field (change_id, position, field, old, new)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                change,
                i64::try_from(position).unwrap_or(i64::MAX),
                field.field,
                field.old,
                field.new
            ],
        )?;
    }
    Ok(())
}

/// Every change to one record, newest first. A gradebook older than the change records (a
/// reader does not migrate) has none.
pub fn changes(tx: &Tx<'_>, subject: Subject, id: &str) -> Result<Vec<Change>> {
    let db = tx.sql();
    let kept: bool = db.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'record_change')",
        [],
        |row| row.get(0),
    )?;
    if !kept {
        return Ok(Vec::new());
    }
    let mut statement = db.prepare(
        "SELECT id, kind, changed_by, changed_at FROM record_change
         WHERE subject = ?1 AND subject_id = ?2 ORDER BY changed_at DESC, id DESC",
    )?;
    let rows = statement
        .query_map(params![subject.as_str(), id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut fields = db.prepare(
        "SELECT field, old, new FROM record_change_field WHERE change_id = ?1 ORDER BY position",
    )?;
    let mut changes = Vec::new();
    for (change, kind, by, at) in rows {
        let fields = fields
            .query_map([change], |row| {
                Ok(FieldChange {
                    field: row.get(0)?,
                    old: row.get(1)?,
                    new: row.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        changes.push(Change {
            subject,
            id: id.to_owned(),
            // The table's CHECK allows only the kinds `ChangeKind` has.
            change: ChangeKind::parse(&kind).unwrap_or(ChangeKind::Edit),
            by,
            at,
            fields,
        });
    }
    Ok(changes)
}

pub fn instructor(tx: &Tx<'_>, id: &str) -> Result<Option<Instructor>> {
    let db = tx.sql();
    db.prepare_cached("SELECT id, name FROM instructor WHERE id = ?1")?
        .query_row([id], |row| {
            Ok(Instructor {
                id: row.get(0)?,
                name: row.get(1)?,
            })
        })
        .optional()
        .map_err(Into::into)
}

pub fn instructors(tx: &Tx<'_>) -> Result<Vec<Instructor>> {
    let db = tx.sql();
    let mut statement = db.prepare("SELECT id, name FROM instructor ORDER BY id")?;
    let rows = statement.query_map([], |row| {
        Ok(Instructor {
            id: row.get(0)?,
            name: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_instructor(tx: &Tx<'_>, instructor: &Instructor) -> Result<()> {
    let db = tx.sql();
    db.execute(
        "INSERT INTO instructor (id, name, created_at) VALUES (?1, ?2, ?3)",
        params![instructor.id, instructor.name, now()],
    )?;
    Ok(())
}

/// Changes an instructor's name and records the change as made `by`; the fields that changed.
pub fn edit_instructor(tx: &Tx<'_>, new: &Instructor, by: &str) -> Result<Vec<FieldChange>> {
    let Some(old) = instructor(tx, &new.id)? else {
        return Ok(Vec::new());
    };
    let fields = records::instructor_fields(&old, new);
    if !fields.is_empty() {
        tx.sql().execute(
            "UPDATE instructor SET name = ?2 WHERE id = ?1",
            params![new.id, new.name],
        )?;
        record(
            tx,
            Subject::Instructor,
            &new.id,
            ChangeKind::Edit,
            by,
            &now(),
            &fields,
        )?;
    }
    Ok(fields)
}

fn session_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        id: row.get(0)?,
        date: row.get(1)?,
        // The table's CHECK allows only the kinds `SessionKind` has.
        kind: SessionKind::parse(&row.get::<_, String>(2)?).unwrap_or(SessionKind::Other),
        title: row.get(3)?,
        artist: row.get(4)?,
    })
}

pub fn session(tx: &Tx<'_>, id: &str) -> Result<Option<Session>> {
    let db = tx.sql();
    db.prepare_cached("SELECT id, date, kind, title, artist FROM session WHERE id = ?1")?
        .query_row([id], session_from)
        .optional()
        .map_err(Into::into)
}

/// Ordered by date, then ID.
pub fn sessions(tx: &Tx<'_>) -> Result<Vec<Session>> {
    let db = tx.sql();
    let mut statement =
        db.prepare("SELECT id, date, kind, title, artist FROM session ORDER BY date, id")?;
    let rows = statement.query_map([], session_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_session(tx: &Tx<'_>, session: &Session) -> Result<()> {
    let db = tx.sql();
    db.execute(
        "INSERT INTO session (id, date, kind, title, artist, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![session.id, session.date, session.kind.as_str(), session.title, session.artist, now()],
    )?;
    Ok(())
}

/// Changes a session's title, date, kind and artist and records the change as made `by`; the
/// fields that changed.
pub fn edit_session(tx: &Tx<'_>, new: &Session, by: &str) -> Result<Vec<FieldChange>> {
    let Some(old) = session(tx, &new.id)? else {
        return Ok(Vec::new());
    };
    let fields = records::session_fields(&old, new);
    if !fields.is_empty() {
        tx.sql().execute(
            "UPDATE session SET title = ?2, date = ?3, kind = ?4, artist = ?5 WHERE id = ?1",
            params![new.id, new.title, new.date, new.kind.as_str(), new.artist],
        )?;
        record(
            tx,
            Subject::Session,
            &new.id,
            ChangeKind::Edit,
            by,
            &now(),
            &fields,
        )?;
    }
    Ok(fields)
}

/// What was scored in one session: assessments of every role, the students they assess, and
/// the instructors who scored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scored {
    pub assessments: i64,
    pub students: i64,
    pub instructors: i64,
}

/// `Scored` of every session that has an assessment, by session ID.
pub fn scored_per_session(tx: &Tx<'_>) -> Result<std::collections::HashMap<String, Scored>> {
    let db = tx.sql();
    let mut statement = db.prepare(
        "SELECT session_id, count(*), count(DISTINCT student_id),
                count(DISTINCT CASE WHEN role = 'instructor' THEN rater_id END)
         FROM assessment GROUP BY session_id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            Scored {
                assessments: row.get(1)?,
                students: row.get(2)?,
                instructors: row.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// For generated data (the demo) whose rows are written first and stamped after: what an update
/// frees is zeroed, so no time of the clock stays behind in the file.
pub fn zero_freed_space(tx: &Tx<'_>) -> Result<()> {
    tx.sql().pragma_update(None, "secure_delete", true)?;
    Ok(())
}

/// For generated data: every student and instructor registered the day before the first
/// session, each session entered on its own date, and a student who left archived the day after
/// their last assessment; times of day fixed, so the same data gives the same bytes.
pub fn stamp_from_sessions(tx: &Tx<'_>) -> Result<()> {
    tx.sql().execute_batch(
        "UPDATE student SET created_at = (SELECT date(MIN(date), '-1 day') FROM session) || 'T09:00:00Z';
         UPDATE instructor SET created_at = (SELECT date(MIN(date), '-1 day') FROM session) || 'T09:00:00Z';
         UPDATE session SET created_at = date || 'T08:00:00Z';
         UPDATE student SET archived_at = (
             SELECT date(MAX(s.date), '+1 day') FROM assessment a JOIN session s ON s.id = a.session_id
             WHERE a.student_id = student.id
         ) || 'T12:00:00Z'
         WHERE archived_at IS NOT NULL;
         UPDATE record_change SET changed_at = (
             SELECT archived_at FROM student WHERE student.id = record_change.subject_id
         )
         WHERE subject = 'student' AND kind = 'archive';",
    )?;
    Ok(())
}
