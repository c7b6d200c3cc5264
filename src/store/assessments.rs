//! Assessments and their revisions. Nothing recorded is ever updated or deleted: an amendment
//! is a new revision, and the highest revision is the current one.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::Tx;
use super::latest::Latest;
use super::now;
use super::sql::{Cell, Row, ToValue, Value, args};
use crate::course::model::Rubric;
use crate::error::{Error, Result};

pub use super::scale::{OffScale, RecordedLevel, off_scale, recorded_levels};
pub(in crate::store) use super::scale::{
    SCORE_COLUMNS, off_scale_from, off_scale_in, sort_off_scale, stored_versions, version_scale,
};
pub use crate::gradebook::{Draft, Key, Outcome, Revision, Role, Score};

/// The content hash that names a rubric version, and the snapshot it is computed from.
#[must_use]
pub fn fingerprint(rubric: &Rubric) -> (String, String) {
    let snapshot = serde_json::to_string(rubric).expect("a rubric is plain data");
    let hash = Sha256::digest(snapshot.as_bytes());
    let hex = hash.iter().fold(String::with_capacity(64), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    (hex, snapshot)
}

/// A stored rubric hash as `fingerprint` writes it: 64 lower-case hex digits. Migration 3 stores
/// the 32 bytes; a gradebook read before it is upgraded holds the text, which is returned as it
/// is, and so is the text of a hash another tool wrote that was never hex (unless it happens to
/// be 32 bytes long: then its hex digits; no output prints a hash, and each stays distinct).
pub(in crate::store) fn hash_text(value: Cell<'_>) -> String {
    match value {
        Cell::Blob(bytes) if bytes.len() == 32 => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            bytes.iter().fold(String::with_capacity(64), |mut hex, b| {
                hex.push(char::from(DIGITS[usize::from(b >> 4)]));
                hex.push(char::from(DIGITS[usize::from(b & 0xF)]));
                hex
            })
        }
        Cell::Blob(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Cell::Text(text) => text.to_owned(),
        Cell::Int(n) => n.to_string(),
        Cell::Real(x) => x.to_string(),
        Cell::Bool(b) => i64::from(b).to_string(),
        Cell::Null => String::new(),
    }
}

/// A rubric version's hash as stored (`rubric_version.hash`, `revision.rubric_hash`): the 32
/// bytes, or the text of a gradebook read before migration 3. Kept as it is stored, so that it
/// can be compared with other stored hashes and passed back as a parameter that matches them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::store) enum StoredHash {
    Bytes(Vec<u8>),
    Text(String),
    /// No hash: only another tool can store one.
    Null,
}

impl StoredHash {
    /// Column `index` of `row`.
    pub(in crate::store) fn read(row: &Row<'_>, index: usize) -> Result<StoredHash> {
        row.with(index, |cell| match cell {
            Cell::Blob(bytes) => Ok(StoredHash::Bytes(bytes.to_vec())),
            Cell::Text(text) => Ok(StoredHash::Text(text.to_owned())),
            Cell::Null => Ok(StoredHash::Null),
            Cell::Int(_) | Cell::Real(_) | Cell::Bool(_) => {
                Err("it holds a number, not a hash".to_owned())
            }
        })
    }

    /// The hash as `fingerprint` writes it (`hash_text`).
    pub(in crate::store) fn text(&self) -> String {
        hash_text(match self {
            StoredHash::Bytes(bytes) => Cell::Blob(bytes),
            StoredHash::Text(text) => Cell::Text(text),
            StoredHash::Null => Cell::Null,
        })
    }
}

impl ToValue for StoredHash {
    fn value(&self) -> Value<'_> {
        match self {
            StoredHash::Bytes(bytes) => Value::Blob(bytes),
            StoredHash::Text(text) => Value::Text(text),
            StoredHash::Null => Value::Null,
        }
    }
}

/// The bytes that a hash of hex digits (either case) stands for, as the hash columns store them;
/// `None` (NULL) for anything else, as `SQLite`'s `unhex` gave when it converted them.
fn unhex(hex: &str) -> Option<Vec<u8>> {
    fn digit(c: u8) -> Option<u8> {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    }
    let hex = hex.as_bytes();
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// Records `draft` scored against `rubric`. An existing assessment with the same key is
/// refused unless `amend`; with `amend` a new revision is added unless it would be identical.
pub fn record(tx: &Tx<'_>, draft: &Draft, rubric: &Rubric, amend: bool) -> Result<Outcome> {
    record_at(tx, draft, rubric, amend, &now())
}

/// `record`, stamping the revision with `recorded_at` (RFC 3339 in UTC, to the second, as
/// `now()` writes it) instead of the clock: for generated data that must be reproducible.
pub fn record_at(
    tx: &Tx<'_>,
    draft: &Draft,
    rubric: &Rubric,
    amend: bool,
    recorded_at: &str,
) -> Result<Outcome> {
    record_version(tx, draft, rubric, &fingerprint(rubric), amend, recorded_at)
}

/// `record_at` with the rubric's `fingerprint` computed once by the caller: an import records
/// many assessments against a few rubrics.
pub fn record_version(
    tx: &Tx<'_>,
    draft: &Draft,
    rubric: &Rubric,
    fingerprint: &(String, String),
    amend: bool,
    recorded_at: &str,
) -> Result<Outcome> {
    store_version(tx, rubric, fingerprint)?;
    record_stored(tx, draft, &fingerprint.0, amend, recorded_at)
}

/// Stores the version of `rubric` that `fingerprint` names, unless it is stored already: what
/// `record_stored` needs first (an import does it once per rubric, not once per assessment).
pub fn store_version(tx: &Tx<'_>, rubric: &Rubric, fingerprint: &(String, String)) -> Result<()> {
    let (hash, snapshot) = fingerprint;
    tx.execute(
        "INSERT INTO rubric_version (hash, rubric_id, snapshot) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
        args![unhex(hash), rubric.id, snapshot],
    )?;
    Ok(())
}

/// `record_version` once the rubric version (`hash`, 64 hex digits) is stored (`store_version`).
pub fn record_stored(
    tx: &Tx<'_>,
    draft: &Draft,
    hash: &str,
    amend: bool,
    recorded_at: &str,
) -> Result<Outcome> {
    let key = &draft.key;
    let (assessment, number, outcome) = match assessment_id(tx, key)? {
        None => {
            // The ID `SQLite` would choose (writers are serialised): the largest plus one.
            let id = tx.one(
                "INSERT INTO assessment (id, session_id, student_id, rater_id, role, rubric_id)
                 VALUES ((SELECT coalesce(max(id), 0) + 1 FROM assessment), ?1, ?2, ?3, ?4, ?5)
                 RETURNING id",
                args![
                    key.session,
                    key.student,
                    key.rater,
                    key.role.as_str(),
                    key.rubric
                ],
                |row| row.get::<i64>(0),
            )?;
            (id, 1, Outcome::Recorded)
        }
        Some(_) if !amend => {
            return Err(Error::refused_with(
                format!(
                    "`{}` already has {} assessment by `{}` on `{}` in session `{}`",
                    key.student,
                    match key.role {
                        Role::Instructor => "an instructor",
                        Role::SelfAssessment => "a self",
                        Role::Peer => "a peer",
                    },
                    key.rater,
                    key.rubric,
                    key.session
                ),
                "to correct it, score again with `--amend` (and `--reason` to say why); the first version stays in `rapport history`",
            ));
        }
        Some(id) => {
            let current = current_revision(tx, id)?;
            if current.as_ref().is_some_and(|c| {
                c.scores == draft.scores && c.comment == draft.comment && c.rubric_hash == *hash
            }) {
                return Ok(Outcome::Unchanged);
            }
            let number = current.map_or(1, |c| c.revision + 1);
            (id, number, Outcome::Amended { revision: number })
        }
    };
    // A reason explains an amendment; a first revision has none.
    let reason = draft.reason.as_ref().filter(|_| number > 1);
    let revision = tx.one(
        "INSERT INTO revision (id, assessment_id, number, rubric_hash, comment, reason, recorded_at)
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM revision), ?1, ?2, ?3, ?4, ?5, ?6)
         RETURNING id",
        args![
            assessment,
            number,
            unhex(hash),
            draft.comment,
            reason,
            recorded_at
        ],
        |row| row.get::<i64>(0),
    )?;
    insert_scores(tx, revision, &draft.scores)?;
    Ok(outcome)
}

/// The scores of one revision, in rubric order, in as few statements as there are chunks of
/// `SCORES_AT_ONCE` (one for any rubric of that many criteria or fewer).
fn insert_scores(tx: &Tx<'_>, revision: i64, scores: &[Score]) -> Result<()> {
    const SCORES_AT_ONCE: usize = 16;
    for (chunk, part) in scores.chunks(SCORES_AT_ONCE).enumerate() {
        let mut sql = String::from(
            "INSERT INTO score (revision_id, position, criterion_id, level, note) VALUES ",
        );
        for i in 0..part.len() {
            sql.push_str(if i == 0 {
                "(?,?,?,?,?)"
            } else {
                ",(?,?,?,?,?)"
            });
        }
        let mut values: Vec<Value<'_>> = Vec::with_capacity(part.len() * 5);
        for (i, score) in part.iter().enumerate() {
            let position = i64::try_from(chunk * SCORES_AT_ONCE + i).unwrap_or(i64::MAX);
            values.extend([
                Value::Int(revision),
                Value::Int(position),
                score.criterion.value(),
                score.level.value(),
                score.note.value(),
            ]);
        }
        let refs: Vec<&dyn ToValue> = values.iter().map(|v| v as &dyn ToValue).collect();
        tx.execute(&sql, &refs)?;
    }
    Ok(())
}

/// The row ID of the assessment with this key, if it is recorded.
fn assessment_id(tx: &Tx<'_>, key: &Key) -> Result<Option<i64>> {
    tx.row(
        "SELECT id FROM assessment
         WHERE session_id = ?1 AND student_id = ?2 AND rater_id = ?3 AND role = ?4 AND rubric_id = ?5",
        args![
            key.session,
            key.student,
            key.rater,
            key.role.as_str(),
            key.rubric
        ],
        |row| row.get(0),
    )
}

/// The current revision of the assessment with this key, if it is recorded.
pub fn current(tx: &Tx<'_>, key: &Key) -> Result<Option<Revision>> {
    match assessment_id(tx, key)? {
        Some(id) => current_revision(tx, id),
        None => Ok(None),
    }
}

/// Whether an assessment with this key is recorded.
pub fn exists(tx: &Tx<'_>, key: &Key) -> Result<bool> {
    Ok(assessment_id(tx, key)?.is_some())
}

/// Whether any assessment is recorded in session `session`: an import asks once per session,
/// and asks `exists` of each assessment only in a session that has some (one question instead of
/// one per assessment, which on a server is one round trip each).
pub fn any_in_session(tx: &Tx<'_>, session: &str) -> Result<bool> {
    tx.one(
        "SELECT EXISTS (SELECT 1 FROM assessment WHERE session_id = ?1)",
        args![session],
        |row| row.get(0),
    )
}

pub(super) const REVISION_COLUMNS: &str =
    "a.session_id, s.date, a.student_id, a.rater_id, a.role, a.rubric_id,
     r.number, r.recorded_at, r.reason, r.comment, r.rubric_hash, r.id";

pub(super) fn revision_from(row: &Row<'_>) -> Result<(Revision, i64)> {
    let role: String = row.get(4)?;
    Ok((
        Revision {
            session: row.get(0)?,
            date: row.get(1)?,
            student: row.get(2)?,
            rater: row.get(3)?,
            role: Role::parse(&role).unwrap_or(Role::Instructor),
            rubric: row.get(5)?,
            revision: row.get(6)?,
            recorded_at: row.get(7)?,
            reason: row.get(8)?,
            comment: row.get(9)?,
            scores: Vec::new(),
            rubric_hash: row.with(10, |cell| Ok(hash_text(cell)))?,
            off_scale: Vec::new(),
        },
        row.get(11)?,
    ))
}

/// Runs a revision query and fills in each revision's scores.
fn revisions(tx: &Tx<'_>, sql: &str, args: super::sql::Args<'_>) -> Result<Vec<Revision>> {
    let rows = tx.rows(sql, args, revision_from)?;
    let mut latest = Latest::new(tx);
    rows.into_iter()
        .map(|(revision, id)| latest.with_scores(revision, id))
        .collect()
}

fn current_revision(tx: &Tx<'_>, assessment: i64) -> Result<Option<Revision>> {
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM revision r
         JOIN assessment a ON a.id = r.assessment_id JOIN session s ON s.id = a.session_id
         WHERE a.id = ?1 ORDER BY r.number DESC LIMIT 1"
    );
    Ok(revisions(tx, &sql, args![assessment])?.pop())
}

/// The current revision of every assessment (of one student, when given), ordered by session
/// date, session, student, role, rater and rubric.
pub fn latest(tx: &Tx<'_>, student: Option<&str>) -> Result<Vec<Revision>> {
    let mut out = Vec::new();
    Latest::new(tx).each(student, |revision| {
        out.push(revision);
        Ok(())
    })?;
    Ok(out)
}

/// Every revision of a student's assessments, newest first.
pub fn history(tx: &Tx<'_>, student: &str) -> Result<Vec<Revision>> {
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM revision r
         JOIN assessment a ON a.id = r.assessment_id JOIN session s ON s.id = a.session_id
         WHERE a.student_id = ?1
         ORDER BY r.recorded_at DESC, r.id DESC"
    );
    revisions(tx, &sql, args![student])
}

/// The notes `rater` wrote on `rubric`'s criteria in current revisions, as (criterion, note),
/// newest first, each (criterion, note) once: the comment bank of interactive scoring.
pub fn recent_notes(tx: &Tx<'_>, rater: &str, rubric: &str) -> Result<Vec<(String, String)>> {
    // The notes of one revision tie on both maxima: they come in descending criterion order,
    // the order `SQLite` gave them before the statement said so.
    tx.rows(
        "SELECT sc.criterion_id, sc.note FROM score sc
         JOIN revision r ON r.id = sc.revision_id JOIN assessment a ON a.id = r.assessment_id
         WHERE a.rater_id = ?1 AND a.rubric_id = ?2 AND sc.note IS NOT NULL AND sc.note <> ''
           AND r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
         GROUP BY sc.criterion_id, sc.note
         ORDER BY max(r.recorded_at) DESC, max(r.id) DESC, sc.criterion_id DESC",
        args![rater, rubric],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
}

/// The overall comments `rater` wrote on `rubric` in current revisions, newest first, each once.
pub fn recent_comments(tx: &Tx<'_>, rater: &str, rubric: &str) -> Result<Vec<String>> {
    tx.rows(
        "SELECT r.comment FROM revision r JOIN assessment a ON a.id = r.assessment_id
         WHERE a.rater_id = ?1 AND a.rubric_id = ?2 AND r.comment IS NOT NULL AND r.comment <> ''
           AND r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
         GROUP BY r.comment
         ORDER BY max(r.recorded_at) DESC, max(r.id) DESC",
        args![rater, rubric],
        |row| row.get(0),
    )
}
