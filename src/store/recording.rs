//! New assessments recorded many at a time: what an import does once every row is checked and
//! none of its keys is recorded yet. Each assessment, its first revision and its scores go in
//! as `assessments::record` would write them, row for row and ID for ID (an ID is the largest
//! before it plus one, as `SQLite` gives a row ID), but in multi-row statements: the per-statement
//! work (binding, cursors, the role's `CHECK` list built afresh) is paid once per chunk of rows.

use super::Tx;
use super::assessments::{Draft, Score};
use super::sql::{Engine, PgTx, ToValue, Value, args};
use crate::error::{Error, Result};

/// How many assessments wait before they are written (on PostgreSQL, through `COPY`, more).
const BATCH: usize = 64;
const COPIED: usize = 4096;

/// The row counts one statement writes: a run of rows is written in chunks of these sizes,
/// largest first, so that few statement shapes exist and few statements run.
const CHUNKS: [usize; 4] = [64, 16, 4, 1];

struct Pending {
    draft: Draft,
    hash: [u8; 32],
    recorded_at: String,
}

/// Assessments waiting to be written, in the order they are added (their IDs follow it).
pub struct NewAssessments<'t, 'c> {
    tx: &'t Tx<'c>,
    pending: Vec<Pending>,
    /// How many wait before they are written.
    limit: usize,
}

impl<'t, 'c> NewAssessments<'t, 'c> {
    #[must_use]
    pub fn new(tx: &'t Tx<'c>) -> Self {
        let limit = match tx.engine() {
            Engine::Sqlite => BATCH,
            Engine::Postgres => COPIED,
        };
        NewAssessments {
            tx,
            pending: Vec::with_capacity(limit),
            limit,
        }
    }

    /// Adds an assessment that no recorded one shares its key with (its first revision,
    /// scored against the stored rubric version `hash`, 64 hex digits, stamped `recorded_at`).
    pub fn add(&mut self, draft: Draft, hash: &str, recorded_at: String) -> Result<()> {
        let hash = hash_bytes(hash)?;
        self.pending.push(Pending {
            draft,
            hash,
            recorded_at,
        });
        if self.pending.len() == self.limit {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is still waiting.
    pub fn finish(mut self) -> Result<()> {
        self.flush()
    }

    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let next = |table: &str, max: &str| -> Result<i64> {
            self.tx
                .one(max, args![], |row| row.get::<i64>(0))?
                .checked_add(1)
                .ok_or_else(|| Error::Sql(format!("no row ID is left in table `{table}`")))
        };
        let assessment = next("assessment", "SELECT coalesce(max(id), 0) FROM assessment")?;
        let revision = next("revision", "SELECT coalesce(max(id), 0) FROM revision")?;
        let pending = &self.pending;
        let id = |first: i64, i: usize| Value::Int(first + i64::try_from(i).unwrap_or(i64::MAX));
        insert_rows(
            self.tx,
            "assessment",
            "id, session_id, student_id, rater_id, role, rubric_id",
            pending.len(),
            move |i, row| {
                let key = &pending[i].draft.key;
                row.extend([
                    id(assessment, i),
                    key.session.value(),
                    key.student.value(),
                    key.rater.value(),
                    Value::Text(key.role.as_str()),
                    key.rubric.value(),
                ]);
            },
        )?;
        // A first revision has no reason (a reason explains an amendment).
        insert_rows(
            self.tx,
            "revision",
            "id, assessment_id, number, rubric_hash, comment, reason, recorded_at",
            pending.len(),
            move |i, row| {
                let new = &pending[i];
                row.extend([
                    id(revision, i),
                    id(assessment, i),
                    Value::Int(1),
                    Value::Blob(&new.hash),
                    new.draft.comment.value(),
                    Value::Null,
                    new.recorded_at.value(),
                ]);
            },
        )?;
        let scores: Vec<(i64, i64, &Score)> = pending
            .iter()
            .enumerate()
            .flat_map(|(i, new)| {
                new.draft
                    .scores
                    .iter()
                    .enumerate()
                    .map(move |(position, score)| {
                        (
                            revision + i64::try_from(i).unwrap_or(i64::MAX),
                            i64::try_from(position).unwrap_or(i64::MAX),
                            score,
                        )
                    })
            })
            .collect();
        insert_rows(
            self.tx,
            "score",
            "revision_id, position, criterion_id, level, note",
            scores.len(),
            |i, row| {
                let (revision, position, score) = scores[i];
                row.extend([
                    Value::Int(revision),
                    Value::Int(position),
                    score.criterion.value(),
                    Value::Real(score.level),
                    score.note.value(),
                ]);
            },
        )?;
        self.pending.clear();
        Ok(())
    }
}

/// Inserts `count` rows into `table`'s `columns`; `values` appends row `i`'s values, one per
/// column. On `SQLite`, in multi-row statements of `CHUNKS` rows (one list of values serves
/// every chunk; each chunk size's statement is built once per call and compiled once per
/// connection); on PostgreSQL, in one `COPY … FROM STDIN (FORMAT binary)`, the server's bulk path.
pub(in crate::store) fn insert_rows<'v>(
    tx: &Tx<'_>,
    table: &str,
    columns: &str,
    count: usize,
    mut values: impl FnMut(usize, &mut Vec<Value<'v>>),
) -> Result<()> {
    if let Some(pg) = tx.postgres() {
        return copy_rows(pg, table, columns, count, values);
    }
    let per_row = columns.split(',').count();
    let head = format!("INSERT INTO {table} ({columns}) VALUES ");
    let row = format!("({})", vec!["?"; per_row].join(","));
    let (head, row) = (head.as_str(), row.as_str());
    let mut chunk: Vec<Value<'v>> = Vec::new();
    let mut done = 0;
    for size in CHUNKS {
        if count - done < size {
            continue;
        }
        let mut sql = String::with_capacity(head.len() + size * (row.len() + 1));
        sql.push_str(head);
        for i in 0..size {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(row);
        }
        chunk.reserve(size * per_row);
        while count - done >= size {
            chunk.clear();
            for i in done..done + size {
                values(i, &mut chunk);
            }
            debug_assert_eq!(chunk.len(), size * per_row, "one value for each `?`");
            let args: Vec<&dyn ToValue> = chunk.iter().map(|v| v as &dyn ToValue).collect();
            tx.execute(&sql, &args)?;
            done += size;
        }
    }
    Ok(())
}

/// The 32 bytes of a hash written as 64 hex digits (as `assessments::fingerprint` writes it).
fn hash_bytes(hex: &str) -> Result<[u8; 32]> {
    let digit = |c: u8| char::from(c).to_digit(16);
    let mut bytes = [0; 32];
    let text = hex.as_bytes();
    if text.len() != 64 {
        return Err(Error::Sql(format!(
            "`{hex}` is not a rubric version's hash"
        )));
    }
    for (byte, pair) in bytes.iter_mut().zip(text.chunks(2)) {
        let (Some(high), Some(low)) = (digit(pair[0]), digit(pair[1])) else {
            return Err(Error::Sql(format!(
                "`{hex}` is not a rubric version's hash"
            )));
        };
        *byte = u8::try_from(high * 16 + low).unwrap_or(0);
    }
    Ok(bytes)
}

/// `insert_rows` on PostgreSQL: the rows in one binary `COPY`, each value written in its
/// column's type (read once per connection from the prepared `SELECT` of those columns).
fn copy_rows<'v>(
    pg: &PgTx<'_>,
    table: &str,
    columns: &str,
    count: usize,
    mut values: impl FnMut(usize, &mut Vec<Value<'v>>),
) -> Result<()> {
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::ToSql;
    if count == 0 {
        return Ok(());
    }
    let types: Vec<postgres::types::Type> = pg
        .prepare(&format!("SELECT {columns} FROM {table}"))?
        .columns()
        .iter()
        .map(|c| c.type_().clone())
        .collect();
    let mut tx = pg.tx.borrow_mut();
    let sink = tx.copy_in(&format!(
        "COPY {table} ({columns}) FROM STDIN (FORMAT binary)"
    ))?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let mut row: Vec<Value<'v>> = Vec::with_capacity(types.len());
    for i in 0..count {
        row.clear();
        values(i, &mut row);
        let refs: Vec<&(dyn ToSql + Sync)> = row.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        writer.write(&refs)?;
    }
    writer.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_reads_back_as_its_bytes() {
        let hex = "00ff10ab".repeat(8);
        let bytes = hash_bytes(&hex).unwrap();
        assert_eq!(bytes[..4], [0x00, 0xff, 0x10, 0xab]);
        assert!(hash_bytes("abc").is_err());
        assert!(hash_bytes(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn rows_go_in_chunks_of_the_fixed_sizes() {
        let mut store = crate::store::Store::in_memory().unwrap();
        store
            .write(|tx| {
                tx.batch("CREATE TEMP TABLE t (n INTEGER)")?;
                insert_rows(tx, "t", "n", 87, |i, row| {
                    row.push(Value::Int(i64::try_from(i).unwrap()));
                })?;
                let (count, sum) = tx.one(
                    "SELECT count(*), CAST(sum(n) AS BIGINT) FROM t",
                    args![],
                    |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?)),
                )?;
                assert_eq!((count, sum), (87, 87 * 86 / 2));
                Ok(())
            })
            .unwrap();
    }
}
