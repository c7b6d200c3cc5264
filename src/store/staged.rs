//! The scores of an import set aside while its file is checked, so that memory does not grow
//! with the file: a temporary table (never part of the gradebook: on `SQLite` on disk, in the
//! connection's temporary database; on `PostgreSQL` dropped when the transaction ends), read back
//! one assessment at a time to be recorded in the order of their keys.

use super::Tx;
use super::sql::{Engine, ToValue, Value, args};
use crate::error::Result;

/// One staged score: its criterion's position in the rubric, its level and note.
pub struct StagedScore {
    pub position: usize,
    pub level: f64,
    pub note: Option<String>,
}

/// The tables on `SQLite`: on disk (`Store` sets `temp_store` when it connects: it cannot
/// change in a transaction), so that a large file costs pages of a temporary file, not memory.
const SQLITE_TABLES: &str = "
    CREATE TEMP TABLE import_score (
        assessment INTEGER NOT NULL,
        position INTEGER NOT NULL,
        line INTEGER NOT NULL,
        level REAL NOT NULL,
        note TEXT,
        PRIMARY KEY (assessment, position)
    ) WITHOUT ROWID;
    CREATE TEMP TABLE import_order (
        rank INTEGER PRIMARY KEY,
        assessment INTEGER NOT NULL
    );";

/// The same tables on `PostgreSQL`, gone at the end of the transaction whatever happens.
const POSTGRES_TABLES: &str = "
    CREATE TEMP TABLE import_score (
        assessment BIGINT NOT NULL,
        position BIGINT NOT NULL,
        line BIGINT NOT NULL,
        level DOUBLE PRECISION NOT NULL,
        note TEXT,
        PRIMARY KEY (assessment, position)
    ) ON COMMIT DROP;
    CREATE TEMP TABLE import_order (
        rank BIGINT PRIMARY KEY,
        assessment BIGINT NOT NULL
    ) ON COMMIT DROP;";

/// Creates the (empty) tables of staged scores in this transaction.
pub fn begin(tx: &Tx<'_>) -> Result<()> {
    if let Some(db) = tx.sqlite() {
        // The import's statements (each shape of a multi-row insert is one) stay compiled.
        db.set_prepared_statement_cache_capacity(64);
    }
    tx.batch(match tx.engine() {
        Engine::Sqlite => SQLITE_TABLES,
        Engine::Postgres => POSTGRES_TABLES,
    })
}

/// One score waiting to be staged.
struct Waiting {
    assessment: u32,
    position: i64,
    line: i64,
    level: f64,
    note: Option<String>,
}

/// Scores staged many at a time (multi-row statements). The caller makes sure that no
/// (assessment, position) comes twice: the table refuses a second one.
pub struct Staging<'t, 'c> {
    tx: &'t Tx<'c>,
    waiting: Vec<Waiting>,
    /// How many wait before they are written.
    limit: usize,
}

/// How many scores wait before they are written.
const WAITING: usize = 64;

/// Staged scores sent to PostgreSQL in one `COPY`.
const COPIED: usize = 8192;

impl<'t, 'c> Staging<'t, 'c> {
    #[must_use]
    pub fn new(tx: &'t Tx<'c>) -> Self {
        // PostgreSQL takes staged scores through `COPY`, many at a time.
        let limit = match tx.engine() {
            Engine::Sqlite => WAITING,
            Engine::Postgres => COPIED,
        };
        Staging {
            tx,
            waiting: Vec::with_capacity(limit),
            limit,
        }
    }

    /// Stages one score of assessment number `assessment`, from file line `line`.
    pub fn stage(
        &mut self,
        assessment: u32,
        position: usize,
        line: u64,
        level: f64,
        note: Option<&str>,
    ) -> Result<()> {
        self.waiting.push(Waiting {
            assessment,
            position: i64::try_from(position).unwrap_or(i64::MAX),
            line: i64::try_from(line).unwrap_or(i64::MAX),
            level,
            note: note.map(str::to_owned),
        });
        if self.waiting.len() == self.limit {
            self.flush()?;
        }
        Ok(())
    }

    /// Stages one score unless the assessment already has one at `position`: then nothing is
    /// staged and the line of that score comes back.
    pub fn stage_unless_staged(
        &mut self,
        assessment: u32,
        position: usize,
        line: u64,
        level: f64,
        note: Option<&str>,
    ) -> Result<Option<u64>> {
        let added = self.tx.execute(
            "INSERT INTO import_score (assessment, position, line, level, note)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT DO NOTHING",
            args![assessment, position, line, level, note],
        )?;
        if added == 1 {
            return Ok(None);
        }
        self.line_of(assessment, position)
    }

    /// The line the score of `assessment` at `position` was staged from, if one was.
    pub fn line_of(&mut self, assessment: u32, position: usize) -> Result<Option<u64>> {
        self.flush()?;
        let first: Option<i64> = self.tx.row(
            "SELECT line FROM import_score WHERE assessment = ?1 AND position = ?2",
            args![assessment, position],
            |row| row.get(0),
        )?;
        Ok(first.and_then(|l| u64::try_from(l).ok()))
    }

    /// Writes what is still waiting.
    pub fn finish(mut self) -> Result<()> {
        self.flush()
    }

    /// Writes the waiting scores: the one place where staged scores reach the table in bulk.
    fn flush(&mut self) -> Result<()> {
        let waiting = &self.waiting;
        super::recording::insert_rows(
            self.tx,
            "import_score",
            "assessment, position, line, level, note",
            waiting.len(),
            move |i, row| {
                let score = &waiting[i];
                row.extend([
                    Value::Int(i64::from(score.assessment)),
                    Value::Int(score.position),
                    Value::Int(score.line),
                    Value::Real(score.level),
                    score.note.value(),
                ]);
            },
        )?;
        self.waiting.clear();
        Ok(())
    }
}

/// Calls `each` with the staged scores of every assessment (by position), in the order of
/// `order` (assessment numbers), with the assessment's rank in it: one query that reads the
/// table once, not one per assessment. When the order is the numbers' own (the file came in
/// the order of its keys, as an export writes it), the table is read in its own order.
pub fn each_in_order(
    tx: &Tx<'_>,
    order: &[u32],
    mut each: impl FnMut(usize, Vec<StagedScore>) -> Result<()>,
) -> Result<()> {
    let numbered = order
        .iter()
        .enumerate()
        .all(|(rank, &number)| usize::try_from(number).is_ok_and(|n| n == rank));
    let query = if numbered {
        "SELECT assessment, position, level, note FROM import_score
         ORDER BY assessment, position"
    } else {
        super::recording::insert_rows(
            tx,
            "import_order",
            "rank, assessment",
            order.len(),
            |rank, row| {
                row.extend([
                    Value::Int(i64::try_from(rank).unwrap_or(i64::MAX)),
                    Value::Int(i64::from(order[rank])),
                ]);
            },
        )?;
        "SELECT o.rank, s.position, s.level, s.note
         FROM import_order o JOIN import_score s ON s.assessment = o.assessment
         ORDER BY o.rank, s.position"
    };
    let mut current: Option<(usize, Vec<StagedScore>)> = None;
    tx.each(query, args![], |row| {
        let rank = usize::try_from(row.get::<i64>(0)?).unwrap_or(usize::MAX);
        let score = StagedScore {
            position: usize::try_from(row.get::<i64>(1)?).unwrap_or(usize::MAX),
            level: row.get(2)?,
            note: row.get(3)?,
        };
        match &mut current {
            Some((at, scores)) if *at == rank => scores.push(score),
            _ => {
                if let Some((at, scores)) = current.take() {
                    each(at, scores)?;
                }
                current = Some((rank, vec![score]));
            }
        }
        Ok(())
    })?;
    if let Some((at, scores)) = current {
        each(at, scores)?;
    }
    Ok(())
}

/// Drops the tables (before the transaction commits: nothing of them is left).
pub fn end(tx: &Tx<'_>) -> Result<()> {
    tx.batch("DROP TABLE import_score; DROP TABLE import_order;")
}
