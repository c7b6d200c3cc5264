//! Students, instructors and sessions, and the changes to their records (kept, never
//! deleted: an edit stores the old values beside the new).

use super::sql::{Engine, Row, args};
use super::{Tx, now};
use crate::error::Result;
use crate::gradebook::SessionKind;
use crate::records::{self, Change, ChangeKind, FieldChange, Subject};

pub use crate::gradebook::{Instructor, Session, Student};

fn student_from(row: &Row<'_>) -> Result<Student> {
    Ok(Student {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        cohort: row.get(3)?,
        archived: row.get::<Option<String>>(4)?.is_some(),
        sourced_id: row.get(5)?,
    })
}

/// What reads the `sourced_id` of `table` (migration 4): the column, or none on a gradebook
/// older than it (a reader does not migrate).
fn sourced_id(tx: &Tx<'_>, table: &str) -> Result<&'static str> {
    let present = match tx.engine() {
        Engine::Sqlite => tx.one(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = 'sourced_id')",
            args![table],
            |row| row.get::<bool>(0),
        )?,
        Engine::Postgres => tx.one(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1 AND column_name = 'sourced_id')",
            args![table],
            |row| row.get::<bool>(0),
        )?,
    };
    Ok(if present {
        "sourced_id"
    } else {
        "CAST(NULL AS TEXT)"
    })
}

pub fn student(tx: &Tx<'_>, id: &str) -> Result<Option<Student>> {
    let sourced = sourced_id(tx, "student")?;
    tx.row(
        &format!(
            "SELECT id, name, email, cohort, archived_at, {sourced} FROM student WHERE id = ?1"
        ),
        args![id],
        student_from,
    )
}

/// Sorted by ID; archived students only when asked for.
pub fn students(tx: &Tx<'_>, include_archived: bool) -> Result<Vec<Student>> {
    let sourced = sourced_id(tx, "student")?;
    tx.rows(
        &format!(
            "SELECT id, name, email, cohort, archived_at, {sourced} FROM student
             WHERE ?1 OR archived_at IS NULL ORDER BY id"
        ),
        args![include_archived],
        student_from,
    )
}

/// The student whose sourced ID is `sourced` (archived ones too).
pub fn student_by_sourced_id(tx: &Tx<'_>, sourced: &str) -> Result<Option<Student>> {
    tx.row(
        "SELECT id, name, email, cohort, archived_at, sourced_id FROM student WHERE sourced_id = ?1",
        args![sourced],
        student_from,
    )
}

pub fn add_student(tx: &Tx<'_>, student: &Student) -> Result<()> {
    tx.execute(
        "INSERT INTO student (id, name, email, cohort, created_at, sourced_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            student.id,
            student.name,
            student.email,
            student.cohort,
            now(),
            student.sourced_id
        ],
    )?;
    Ok(())
}

/// Changes name, email, cohort and sourced ID to those of `new` (the archive state stays) and
/// records the
/// change as made `by`; the fields that changed, none (and nothing written) when all are equal.
pub fn edit_student(tx: &Tx<'_>, new: &Student, by: &str) -> Result<Vec<FieldChange>> {
    let Some(old) = student(tx, &new.id)? else {
        return Ok(Vec::new());
    };
    let fields = records::student_fields(&old, new);
    if !fields.is_empty() {
        tx.execute(
            "UPDATE student SET name = ?2, email = ?3, cohort = ?4, sourced_id = ?5 WHERE id = ?1",
            args![new.id, new.name, new.email, new.cohort, new.sourced_id],
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
    tx.execute(
        "UPDATE student SET archived_at = ?2 WHERE id = ?1",
        args![id, at],
    )?;
    record(tx, Subject::Student, id, ChangeKind::Archive, by, at, &[])
}

/// Brings an archived student back, recording the change as made `by`.
pub fn restore_student(tx: &Tx<'_>, id: &str, by: &str) -> Result<()> {
    tx.execute(
        "UPDATE student SET archived_at = NULL WHERE id = ?1",
        args![id],
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

/// Appends one change record, its ID the largest so far plus one (as `SQLite` numbers rows).
fn record(
    tx: &Tx<'_>,
    subject: Subject,
    id: &str,
    kind: ChangeKind,
    by: &str,
    at: &str,
    fields: &[FieldChange],
) -> Result<()> {
    let change: i64 = tx.one(
        "INSERT INTO record_change (id, subject, subject_id, kind, changed_by, changed_at)
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM record_change), ?1, ?2, ?3, ?4, ?5)
         RETURNING id",
        args![subject.as_str(), id, kind.as_str(), by, at],
        |row| row.get(0),
    )?;
    for (position, field) in fields.iter().enumerate() {
        tx.execute(
            "INSERT INTO record_change_field (change_id, position, field, old, new)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            args![change, position, field.field, field.old, field.new],
        )?;
    }
    Ok(())
}

/// Every change to one record, newest first. A gradebook older than the change records (a
/// reader does not migrate) has none; a `PostgreSQL` one always has the table.
pub fn changes(tx: &Tx<'_>, subject: Subject, id: &str) -> Result<Vec<Change>> {
    let kept = match tx.engine() {
        Engine::Sqlite => tx.one(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'record_change')",
            args![],
            |row| row.get::<bool>(0),
        )?,
        Engine::Postgres => true,
    };
    if !kept {
        return Ok(Vec::new());
    }
    let rows = tx.rows(
        "SELECT id, kind, changed_by, changed_at FROM record_change
         WHERE subject = ?1 AND subject_id = ?2 ORDER BY changed_at DESC, id DESC",
        args![subject.as_str(), id],
        |row| {
            Ok((
                row.get::<i64>(0)?,
                row.get::<String>(1)?,
                row.get::<Option<String>>(2)?,
                row.get::<String>(3)?,
            ))
        },
    )?;
    let mut changes = Vec::new();
    for (change, kind, by, at) in rows {
        let fields = tx.rows(
            "SELECT field, old, new FROM record_change_field WHERE change_id = ?1 ORDER BY position",
            args![change],
            |row| {
                Ok(FieldChange {
                    field: row.get(0)?,
                    old: row.get(1)?,
                    new: row.get(2)?,
                })
            },
        )?;
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

fn instructor_from(row: &Row<'_>) -> Result<Instructor> {
    Ok(Instructor {
        id: row.get(0)?,
        name: row.get(1)?,
        sourced_id: row.get(2)?,
    })
}

pub fn instructor(tx: &Tx<'_>, id: &str) -> Result<Option<Instructor>> {
    let sourced = sourced_id(tx, "instructor")?;
    tx.row(
        &format!("SELECT id, name, {sourced} FROM instructor WHERE id = ?1"),
        args![id],
        instructor_from,
    )
}

pub fn instructors(tx: &Tx<'_>) -> Result<Vec<Instructor>> {
    let sourced = sourced_id(tx, "instructor")?;
    tx.rows(
        &format!("SELECT id, name, {sourced} FROM instructor ORDER BY id"),
        args![],
        instructor_from,
    )
}

/// The instructor whose sourced ID is `sourced`.
pub fn instructor_by_sourced_id(tx: &Tx<'_>, sourced: &str) -> Result<Option<Instructor>> {
    tx.row(
        "SELECT id, name, sourced_id FROM instructor WHERE sourced_id = ?1",
        args![sourced],
        instructor_from,
    )
}

pub fn add_instructor(tx: &Tx<'_>, instructor: &Instructor) -> Result<()> {
    tx.execute(
        "INSERT INTO instructor (id, name, created_at, sourced_id) VALUES (?1, ?2, ?3, ?4)",
        args![instructor.id, instructor.name, now(), instructor.sourced_id],
    )?;
    Ok(())
}

/// Changes an instructor's name and sourced ID and records the change as made `by`; the
/// fields that changed.
pub fn edit_instructor(tx: &Tx<'_>, new: &Instructor, by: &str) -> Result<Vec<FieldChange>> {
    let Some(old) = instructor(tx, &new.id)? else {
        return Ok(Vec::new());
    };
    let fields = records::instructor_fields(&old, new);
    if !fields.is_empty() {
        tx.execute(
            "UPDATE instructor SET name = ?2, sourced_id = ?3 WHERE id = ?1",
            args![new.id, new.name, new.sourced_id],
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

fn session_from(row: &Row<'_>) -> Result<Session> {
    Ok(Session {
        id: row.get(0)?,
        date: row.get(1)?,
        // The table's CHECK allows only the kinds `SessionKind` has.
        kind: SessionKind::parse(&row.get::<String>(2)?).unwrap_or(SessionKind::Other),
        title: row.get(3)?,
        artist: row.get(4)?,
    })
}

pub fn session(tx: &Tx<'_>, id: &str) -> Result<Option<Session>> {
    tx.row(
        "SELECT id, date, kind, title, artist FROM session WHERE id = ?1",
        args![id],
        session_from,
    )
}

/// Ordered by date, then ID.
pub fn sessions(tx: &Tx<'_>) -> Result<Vec<Session>> {
    tx.rows(
        "SELECT id, date, kind, title, artist FROM session ORDER BY date, id",
        args![],
        session_from,
    )
}

pub fn add_session(tx: &Tx<'_>, session: &Session) -> Result<()> {
    tx.execute(
        "INSERT INTO session (id, date, kind, title, artist, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![session.id, session.date, session.kind.as_str(), session.title, session.artist, now()],
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
        tx.execute(
            "UPDATE session SET title = ?2, date = ?3, kind = ?4, artist = ?5 WHERE id = ?1",
            args![new.id, new.title, new.date, new.kind.as_str(), new.artist],
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
    let mut scored = std::collections::HashMap::new();
    tx.each(
        "SELECT session_id, count(*), count(DISTINCT student_id),
                count(DISTINCT CASE WHEN role = 'instructor' THEN rater_id END)
         FROM assessment GROUP BY session_id",
        args![],
        |row| {
            scored.insert(
                row.get::<String>(0)?,
                Scored {
                    assessments: row.get(1)?,
                    students: row.get(2)?,
                    instructors: row.get(3)?,
                },
            );
            Ok(())
        },
    )?;
    Ok(scored)
}

/// For generated data (the demo) whose rows are written first and stamped after: what an update
/// frees is zeroed, so no time of the clock stays behind in the file. A `PostgreSQL` gradebook
/// is no file to reproduce, so nothing is done there.
pub fn zero_freed_space(tx: &Tx<'_>) -> Result<()> {
    match tx.engine() {
        Engine::Sqlite => tx.batch("PRAGMA secure_delete = 1"),
        Engine::Postgres => Ok(()),
    }
}

/// For generated data: every student and instructor registered the day before the first
/// session, each session entered on its own date, and a student who left archived the day after
/// their last assessment; times of day fixed, so the same data gives the same bytes.
pub fn stamp_from_sessions(tx: &Tx<'_>) -> Result<()> {
    // The day before and after a date, written per dialect (`SQLite`'s `date()` modifiers,
    // PostgreSQL's date arithmetic), both as `YYYY-MM-DD`.
    let (before, after) = match tx.engine() {
        Engine::Sqlite => ("date(MIN(date), '-1 day')", "date(MAX(s.date), '+1 day')"),
        Engine::Postgres => (
            "to_char(CAST(MIN(date) AS DATE) - 1, 'YYYY-MM-DD')",
            "to_char(CAST(MAX(s.date) AS DATE) + 1, 'YYYY-MM-DD')",
        ),
    };
    tx.batch(&format!(
        "UPDATE student SET created_at = (SELECT {before} FROM session) || 'T09:00:00Z';
         UPDATE instructor SET created_at = (SELECT {before} FROM session) || 'T09:00:00Z';
         UPDATE session SET created_at = date || 'T08:00:00Z';
         UPDATE student SET archived_at = (
             SELECT {after} FROM assessment a JOIN session s ON s.id = a.session_id
             WHERE a.student_id = student.id
         ) || 'T12:00:00Z'
         WHERE archived_at IS NOT NULL;
         UPDATE record_change SET changed_at = (
             SELECT archived_at FROM student WHERE student.id = record_change.subject_id
         )
         WHERE subject = 'student' AND kind = 'archive';"
    ))
}
