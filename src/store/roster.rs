//! Students, instructors and sessions.

use rusqlite::{OptionalExtension, Transaction, params};

use super::now;
use crate::error::Result;

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

pub fn student(db: &Transaction<'_>, id: &str) -> Result<Option<Student>> {
    db.query_row(
        "SELECT id, name, email, cohort, archived_at FROM student WHERE id = ?1",
        [id],
        student_from,
    )
    .optional()
    .map_err(Into::into)
}

/// Sorted by ID; archived students only when asked for.
pub fn students(db: &Transaction<'_>, include_archived: bool) -> Result<Vec<Student>> {
    let mut statement = db.prepare(
        "SELECT id, name, email, cohort, archived_at FROM student
             WHERE ?1 OR archived_at IS NULL ORDER BY id",
    )?;
    let rows = statement.query_map([include_archived], student_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_student(db: &Transaction<'_>, student: &Student) -> Result<()> {
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
pub fn update_student(db: &Transaction<'_>, student: &Student) -> Result<()> {
    db.execute(
        "UPDATE student SET name = ?2, email = ?3, cohort = ?4 WHERE id = ?1",
        params![student.id, student.name, student.email, student.cohort],
    )?;
    Ok(())
}

pub fn archive_student(db: &Transaction<'_>, id: &str) -> Result<()> {
    archive_student_at(db, id, &now())
}

/// `archive_student`, stamped `at` (RFC 3339 in UTC, as `now()` writes it) instead of the
/// clock: for generated data that must be reproducible byte for byte.
pub fn archive_student_at(db: &Transaction<'_>, id: &str, at: &str) -> Result<()> {
    db.execute(
        "UPDATE student SET archived_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

pub fn instructor(db: &Transaction<'_>, id: &str) -> Result<Option<Instructor>> {
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

pub fn instructors(db: &Transaction<'_>) -> Result<Vec<Instructor>> {
    let mut statement = db.prepare("SELECT id, name FROM instructor ORDER BY id")?;
    let rows = statement.query_map([], |row| {
        Ok(Instructor {
            id: row.get(0)?,
            name: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_instructor(db: &Transaction<'_>, instructor: &Instructor) -> Result<()> {
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
        kind: row.get(2)?,
        title: row.get(3)?,
        artist: row.get(4)?,
    })
}

pub fn session(db: &Transaction<'_>, id: &str) -> Result<Option<Session>> {
    db.query_row(
        "SELECT id, date, kind, title, artist FROM session WHERE id = ?1",
        [id],
        session_from,
    )
    .optional()
    .map_err(Into::into)
}

/// Ordered by date, then ID.
pub fn sessions(db: &Transaction<'_>) -> Result<Vec<Session>> {
    let mut statement =
        db.prepare("SELECT id, date, kind, title, artist FROM session ORDER BY date, id")?;
    let rows = statement.query_map([], session_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_session(db: &Transaction<'_>, session: &Session) -> Result<()> {
    db.execute(
        "INSERT INTO session (id, date, kind, title, artist, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![session.id, session.date, session.kind, session.title, session.artist, now()],
    )?;
    Ok(())
}
