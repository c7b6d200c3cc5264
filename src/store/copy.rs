//! A whole gradebook copied from one store to another, on either engine (`db copy`, and
//! `backup` of a PostgreSQL gradebook): every table, every row as it is (IDs, timestamps,
//! revisions and change records), read from one snapshot and written in one transaction.

use super::Tx;
use super::sql::{Cell, Engine, ToValue, Value};
use crate::error::{Error, Result};

/// The tables in an order that never writes a row before the one it points at, with their
/// columns and the order their rows are read in.
const TABLES: [(&str, &str, &str); 10] = [
    (
        "student",
        "id, name, email, cohort, archived_at, created_at, sourced_id",
        "id",
    ),
    ("instructor", "id, name, created_at, sourced_id", "id"),
    ("session", "id, date, kind, title, artist, created_at", "id"),
    ("rubric_version", "hash, rubric_id, snapshot", "hash"),
    (
        "assessment",
        "id, session_id, student_id, rater_id, role, rubric_id",
        "id",
    ),
    (
        "revision",
        "id, assessment_id, number, rubric_hash, comment, reason, recorded_at",
        "id",
    ),
    (
        "score",
        "revision_id, position, criterion_id, level, note",
        "revision_id, criterion_id",
    ),
    (
        "record_change",
        "id, subject, subject_id, kind, changed_by, changed_at",
        "id",
    ),
    (
        "record_change_field",
        "change_id, position, field, old, new",
        "change_id, field",
    ),
    (
        "badge_credential",
        "id, student_id, badge_id, credential_id, issued_at, valid_from, jwt, issued_by, \
         revoked_at, revoked_by, revoke_reason",
        "id",
    ),
];

/// Rows read before they are written.
const BATCH: usize = 1024;

/// A value read, owned until it is written.
enum Owned {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl ToValue for Owned {
    fn value(&self) -> Value<'_> {
        match self {
            Owned::Null => Value::Null,
            Owned::Int(i) => Value::Int(*i),
            Owned::Real(f) => Value::Real(*f),
            Owned::Text(t) => Value::Text(t),
            Owned::Blob(b) => Value::Blob(b),
        }
    }
}

/// Whether every table of the gradebook `tx` reads is empty.
pub fn is_empty(tx: &Tx<'_>) -> Result<bool> {
    for (table, _, _) in TABLES {
        let any: bool = tx.one(
            &format!("SELECT EXISTS (SELECT 1 FROM {table})"),
            &[],
            |row| row.get(0),
        )?;
        if any {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Deletes every row of every table (`db copy --force`), last table first.
pub fn clear(tx: &Tx<'_>) -> Result<()> {
    for (table, _, _) in TABLES.iter().rev() {
        tx.execute(&format!("DELETE FROM {table}"), &[])?;
    }
    Ok(())
}

/// The rows copied per table, in `TABLES`' order.
pub fn tables(from: &Tx<'_>, to: &Tx<'_>) -> Result<Vec<(&'static str, u64)>> {
    copyable(from)?;
    let mut counts = Vec::with_capacity(TABLES.len());
    for (table, columns, order) in TABLES {
        let width = columns.split(',').count();
        let mut waiting: Vec<Owned> = Vec::with_capacity(BATCH * width);
        let mut count = 0_u64;
        from.each(
            &format!("SELECT {columns} FROM {table} ORDER BY {order}"),
            &[],
            |row| {
                for index in 0..width {
                    waiting.push(row.with(index, |cell| Ok(owned(cell)))?);
                }
                count += 1;
                if waiting.len() == BATCH * width {
                    insert(to, table, columns, width, &mut waiting)?;
                }
                Ok(())
            },
        )?;
        insert(to, table, columns, width, &mut waiting)?;
        counts.push((table, count));
    }
    Ok(counts)
}

fn owned(cell: Cell<'_>) -> Owned {
    match cell {
        Cell::Null => Owned::Null,
        Cell::Int(i) => Owned::Int(i),
        Cell::Real(f) => Owned::Real(f),
        Cell::Text(t) => Owned::Text(t.to_owned()),
        Cell::Blob(b) => Owned::Blob(b.to_vec()),
        Cell::Bool(b) => Owned::Int(i64::from(b)),
    }
}

/// Writes the rows waiting (`width` values each) as the store writes many rows
/// (`recording::insert_rows`: multi-row statements on `SQLite`, `COPY` on PostgreSQL), and
/// empties the list.
fn insert(
    to: &Tx<'_>,
    table: &str,
    columns: &str,
    width: usize,
    waiting: &mut Vec<Owned>,
) -> Result<()> {
    let rows = &waiting[..];
    super::recording::insert_rows(to, table, columns, rows.len() / width, |i, row| {
        row.extend(rows[i * width..(i + 1) * width].iter().map(ToValue::value));
    })?;
    waiting.clear();
    Ok(())
}

/// Refuses a gradebook at another schema version than this rapport's: its tables are not the
/// ones `TABLES` names.
pub fn copyable(tx: &Tx<'_>) -> Result<()> {
    let version = schema_version(tx)?;
    if version != super::migrations::latest() {
        return Err(Error::Sql(format!(
            "the gradebook to copy is at schema version {version}, this rapport copies version {}: \
             open it once with a command that writes (e.g. `rapport student add`) to upgrade it",
            super::migrations::latest()
        )));
    }
    Ok(())
}

/// The schema version of the gradebook `tx` reads.
pub fn schema_version(tx: &Tx<'_>) -> Result<i64> {
    match tx.engine() {
        Engine::Sqlite => tx.one("PRAGMA user_version", &[], |row| row.get(0)),
        Engine::Postgres => tx.one(
            "SELECT coalesce(max(version), 0) FROM rapport_migration",
            &[],
            |row| row.get(0),
        ),
    }
}
