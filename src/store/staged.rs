//! The scores of an import set aside while its file is checked, so that memory does not grow
//! with the file: a temporary table (on disk, in the connection's temporary database, gone when
//! the connection closes and never part of the gradebook), read back one assessment at a time
//! to be recorded in the order of their keys.

use rusqlite::OptionalExtension;

use super::Tx;
use crate::error::Result;

/// One staged score: its criterion's position in the rubric, its level and note.
pub struct StagedScore {
    pub position: usize,
    pub level: f64,
    pub note: Option<String>,
}

/// Creates the (empty) table of staged scores in this transaction.
pub fn begin(tx: &Tx<'_>) -> Result<()> {
    let db = tx.sql();
    // On disk rather than in memory (the bundled SQLite's default), so that a large file costs
    // pages of a temporary file, not memory.
    db.pragma_update(None, "temp_store", "FILE")?;
    db.execute_batch(
        "CREATE TEMP TABLE import_score (
             assessment INTEGER NOT NULL,
             position INTEGER NOT NULL,
             line INTEGER NOT NULL,
             level REAL NOT NULL,
             note TEXT,
             PRIMARY KEY (assessment, position)
         ) WITHOUT ROWID",
    )?;
    Ok(())
}

/// Stages one score of assessment number `assessment`; when that assessment already has a
/// score at `position`, nothing is staged and the line of that score comes back.
pub fn stage(
    tx: &Tx<'_>,
    assessment: u32,
    position: usize,
    line: u64,
    level: f64,
    note: Option<&str>,
) -> Result<Option<u64>> {
    let db = tx.sql();
    let position = i64::try_from(position).unwrap_or(i64::MAX);
    let line_number = i64::try_from(line).unwrap_or(i64::MAX);
    let added = db
        .prepare_cached(
            "INSERT OR IGNORE INTO temp.import_score (assessment, position, line, level, note)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![
            assessment,
            position,
            line_number,
            level,
            note
        ])?;
    if added == 1 {
        return Ok(None);
    }
    let first: Option<i64> = db
        .prepare_cached(
            "SELECT line FROM temp.import_score WHERE assessment = ?1 AND position = ?2",
        )?
        .query_row(rusqlite::params![assessment, position], |row| row.get(0))
        .optional()?;
    Ok(first.and_then(|l| u64::try_from(l).ok()))
}

/// The staged scores of one assessment, by position.
pub fn scores(tx: &Tx<'_>, assessment: u32) -> Result<Vec<StagedScore>> {
    let db = tx.sql();
    let mut statement = db.prepare_cached(
        "SELECT position, level, note FROM temp.import_score WHERE assessment = ?1 ORDER BY position",
    )?;
    let rows = statement.query_map([assessment], |row| {
        let position: i64 = row.get(0)?;
        Ok(StagedScore {
            position: usize::try_from(position).unwrap_or(usize::MAX),
            level: row.get(1)?,
            note: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Drops the table (before the transaction commits: nothing of it is left).
pub fn end(tx: &Tx<'_>) -> Result<()> {
    tx.sql().execute_batch("DROP TABLE temp.import_score")?;
    Ok(())
}
