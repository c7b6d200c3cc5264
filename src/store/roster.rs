//! Students, instructors and sessions.

use rusqlite::{OptionalExtension, params};

use super::Tx;

use super::now;
use crate::error::Result;
use crate::gradebook::SessionKind;

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
    db.query_row(
        "SELECT id, name, email, cohort, archived_at FROM student WHERE id = ?1",
        [id],
        student_from,
    )
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

/// Changes name, email and cohort; the archive state stays.
pub fn update_student(tx: &Tx<'_>, student: &Student) -> Result<()> {
    let db = tx.sql();
    db.execute(
        "UPDATE student SET name = ?2, email = ?3, cohort = ?4 WHERE id = ?1",
        params![student.id, student.name, student.email, student.cohort],
    )?;
    Ok(())
}

pub fn archive_student(tx: &Tx<'_>, id: &str) -> Result<()> {
    archive_student_at(tx, id, &now())
}

/// `archive_student`, stamped `at` (RFC 3339 in UTC, as `now()` writes it) instead of the
/// clock: for generated data that must be reproducible byte for byte.
pub fn archive_student_at(tx: &Tx<'_>, id: &str, at: &str) -> Result<()> {
    let db = tx.sql();
    db.execute(
        "UPDATE student SET archived_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

pub fn instructor(tx: &Tx<'_>, id: &str) -> Result<Option<Instructor>> {
    let db = tx.sql();
    db.query_row(
        "SELECT id, name FROM instructor WHERE id = ?1",
        [id],
        |row| {
            Ok(Instructor {
                id: row.get(0)?,
                name: row.get(1)?,
            })
        },
    )
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
    db.query_row(
        "SELECT id, date, kind, title, artist FROM session WHERE id = ?1",
        [id],
        session_from,
    )
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
         WHERE archived_at IS NOT NULL;",
    )?;
    Ok(())
}
