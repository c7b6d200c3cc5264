//! Assessments and their revisions. Nothing recorded is ever updated or deleted: an amendment
//! is a new revision, and the highest revision is the current one.

use std::fmt::Write as _;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};

use super::Tx;
use sha2::{Digest, Sha256};

use super::now;
use crate::course::model::{Rubric, format_score};
use crate::error::{Error, Result};

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
pub(in crate::store) fn hash_text(value: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Blob(bytes) if bytes.len() == 32 => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            bytes.iter().fold(String::with_capacity(64), |mut hex, b| {
                hex.push(char::from(DIGITS[usize::from(b >> 4)]));
                hex.push(char::from(DIGITS[usize::from(b & 0xF)]));
                hex
            })
        }
        ValueRef::Blob(bytes) | ValueRef::Text(bytes) => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Null => String::new(),
    }
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
    tx.sql()
        .prepare_cached(
            "INSERT OR IGNORE INTO rubric_version (hash, rubric_id, snapshot) VALUES (unhex(?1), ?2, ?3)",
        )?
        .execute(params![hash, rubric.id, snapshot])?;
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
    let db = tx.sql();
    let key = &draft.key;
    let (assessment, number, outcome) = match assessment_id(db, key)? {
        None => {
            db.prepare_cached(
                "INSERT INTO assessment (session_id, student_id, rater_id, role, rubric_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                key.session,
                key.student,
                key.rater,
                key.role.as_str(),
                key.rubric
            ])?;
            (db.last_insert_rowid(), 1, Outcome::Recorded)
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
            let current = current_revision(db, id)?;
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
    db.prepare_cached(
        "INSERT INTO revision (assessment_id, number, rubric_hash, comment, reason, recorded_at)
         VALUES (?1, ?2, unhex(?3), ?4, ?5, ?6)",
    )?
    .execute(params![
        assessment,
        number,
        hash,
        draft.comment,
        reason,
        recorded_at
    ])?;
    insert_scores(db, db.last_insert_rowid(), &draft.scores)?;
    Ok(outcome)
}

/// The scores of one revision, in rubric order, in as few statements as there are chunks of
/// `SCORES_AT_ONCE` (one for any rubric of that many criteria or fewer).
fn insert_scores(db: &Transaction<'_>, revision: i64, scores: &[Score]) -> Result<()> {
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
        let mut insert = db.prepare_cached(&sql)?;
        for (i, score) in part.iter().enumerate() {
            let at = i * 5;
            let position = i64::try_from(chunk * SCORES_AT_ONCE + i).unwrap_or(i64::MAX);
            insert.raw_bind_parameter(at + 1, revision)?;
            insert.raw_bind_parameter(at + 2, position)?;
            insert.raw_bind_parameter(at + 3, &score.criterion)?;
            insert.raw_bind_parameter(at + 4, score.level)?;
            insert.raw_bind_parameter(at + 5, &score.note)?;
        }
        insert.raw_execute()?;
    }
    Ok(())
}

/// The row ID of the assessment with this key, if it is recorded.
fn assessment_id(db: &Transaction<'_>, key: &Key) -> Result<Option<i64>> {
    Ok(db
        .prepare_cached(
            "SELECT id FROM assessment
             WHERE session_id = ?1 AND student_id = ?2 AND rater_id = ?3 AND role = ?4 AND rubric_id = ?5",
        )?
        .query_row(
            params![key.session, key.student, key.rater, key.role.as_str(), key.rubric],
            |row| row.get(0),
        )
        .optional()?)
}

/// The current revision of the assessment with this key, if it is recorded.
pub fn current(tx: &Tx<'_>, key: &Key) -> Result<Option<Revision>> {
    let db = tx.sql();
    let id = assessment_id(db, key)?;
    match id {
        Some(id) => current_revision(db, id),
        None => Ok(None),
    }
}

/// Whether an assessment with this key is recorded.
pub fn exists(tx: &Tx<'_>, key: &Key) -> Result<bool> {
    let db = tx.sql();
    Ok(assessment_id(db, key)?.is_some())
}

pub(super) const REVISION_COLUMNS: &str =
    "a.session_id, s.date, a.student_id, a.rater_id, a.role, a.rubric_id,
     r.number, r.recorded_at, r.reason, r.comment, r.rubric_hash, r.id";

pub(super) fn revision_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Revision, i64)> {
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
            rubric_hash: hash_text(row.get_ref(10)?),
            off_scale: Vec::new(),
        },
        row.get(11)?,
    ))
}

/// Runs a revision query and fills in each revision's scores.
fn revisions(
    db: &Transaction<'_>,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<Revision>> {
    let mut statement = db.prepare_cached(sql)?;
    let rows: Vec<(Revision, i64)> = statement
        .query_map(args, revision_from)?
        .collect::<rusqlite::Result<_>>()?;
    let mut latest = super::latest::Latest::over(db);
    rows.into_iter()
        .map(|(revision, id)| latest.with_scores(revision, id))
        .collect()
}

fn current_revision(db: &Transaction<'_>, assessment: i64) -> Result<Option<Revision>> {
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM revision r
         JOIN assessment a ON a.id = r.assessment_id JOIN session s ON s.id = a.session_id
         WHERE a.id = ?1 ORDER BY r.number DESC LIMIT 1"
    );
    Ok(revisions(db, &sql, [assessment])?.pop())
}

/// The current revision of every assessment (of one student, when given), ordered by session
/// date, session, student, role, rater and rubric.
pub fn latest(tx: &Tx<'_>, student: Option<&str>) -> Result<Vec<Revision>> {
    let mut out = Vec::new();
    super::latest::Latest::new(tx).each(student, |revision| {
        out.push(revision);
        Ok(())
    })?;
    Ok(out)
}

/// Every revision of a student's assessments, newest first.
pub fn history(tx: &Tx<'_>, student: &str) -> Result<Vec<Revision>> {
    let db = tx.sql();
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM revision r
         JOIN assessment a ON a.id = r.assessment_id JOIN session s ON s.id = a.session_id
         WHERE a.student_id = ?1
         ORDER BY r.recorded_at DESC, r.id DESC"
    );
    revisions(db, &sql, [student])
}

/// How many current scores each (rubric, version, criterion, level) holds: what `check`
/// compares with the rubrics as they are now.
#[derive(Debug, Clone)]
pub struct RecordedLevel {
    pub rubric: String,
    pub hash: String,
    pub criterion: String,
    pub level: f64,
    pub count: i64,
}

pub fn recorded_levels(tx: &Tx<'_>) -> Result<Vec<RecordedLevel>> {
    let db = tx.sql();
    let mut statement = db.prepare(
        "SELECT a.rubric_id, r.rubric_hash, sc.criterion_id, sc.level, count(*)
         FROM score sc JOIN revision r ON r.id = sc.revision_id JOIN assessment a ON a.id = r.assessment_id
         WHERE r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(RecordedLevel {
            rubric: row.get(0)?,
            hash: hash_text(row.get_ref(1)?),
            criterion: row.get(2)?,
            level: row.get(3)?,
            count: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A recorded score that the rubric version it was scored against does not allow: a level
/// that is not on that version's scale, or a criterion it does not have. rapport never records
/// one; another tool editing the database can.
#[derive(Debug, Clone)]
pub struct OffScale {
    pub session: String,
    pub student: String,
    pub rater: String,
    pub role: Role,
    pub rubric: String,
    pub revision: i64,
    /// The rubric version it was recorded with.
    pub hash: String,
    pub criterion: String,
    pub level: f64,
    /// The version's level scores, ascending; empty when the criterion is not in the version.
    pub scale: Vec<f64>,
    /// Whether this is the assessment's current revision (an earlier one has been amended).
    pub current: bool,
}

/// Every score, in every revision, that is off the scale of the rubric version it was recorded
/// with, in the order of session, student, role, rater, rubric, revision, criterion.
pub fn off_scale(tx: &Tx<'_>) -> Result<Vec<OffScale>> {
    let db = tx.sql();
    let mut found = off_scale_in(db, &stored_versions(db)?)?;
    sort_off_scale(&mut found);
    Ok(found)
}

/// Every stored rubric version: its hash as stored (bytes; text before migration 3), for
/// comparing with other stored hashes, and its snapshot.
pub(in crate::store) fn stored_versions(db: &Transaction<'_>) -> Result<Vec<(Value, String)>> {
    Ok(db
        .prepare("SELECT hash, snapshot FROM rubric_version ORDER BY hash")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The scores of these versions (`stored_versions`) that are off their version's scale, in no
/// particular order.
pub(in crate::store) fn off_scale_in(
    db: &Transaction<'_>,
    versions: &[(Value, String)],
) -> Result<Vec<OffScale>> {
    let mut found = Vec::new();
    let mut statement = db.prepare(
        "SELECT a.session_id, a.student_id, a.rater_id, a.role, a.rubric_id, r.number,
                sc.criterion_id, sc.level,
                r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
         FROM score sc JOIN revision r ON r.id = sc.revision_id
              JOIN assessment a ON a.id = r.assessment_id
         WHERE r.rubric_hash = ?1
           AND (sc.level NOT IN (SELECT value FROM json_each(?2))
                OR sc.criterion_id NOT IN (SELECT value FROM json_each(?3)))",
    )?;
    for (hash, snapshot) in versions {
        let (scale, criteria) = version_scale(snapshot);
        let text = hash_text(hash.into());
        let rows = statement.query_map(
            params![
                hash,
                serde_json::to_string(&scale).expect("numbers"),
                serde_json::to_string(&criteria).expect("strings")
            ],
            |row| off_scale_from(row, &text, &scale, &criteria),
        )?;
        found.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(found)
}

/// The columns session, student, rater, role, rubric, revision number, criterion, level and
/// whether the revision is current, as an `OffScale` of the version `hash` (`scale`, `criteria`).
pub(in crate::store) fn off_scale_from(
    row: &rusqlite::Row<'_>,
    hash: &str,
    scale: &[f64],
    criteria: &[String],
) -> rusqlite::Result<OffScale> {
    let role: String = row.get(3)?;
    let criterion: String = row.get(6)?;
    Ok(OffScale {
        session: row.get(0)?,
        student: row.get(1)?,
        rater: row.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Instructor),
        rubric: row.get(4)?,
        revision: row.get(5)?,
        hash: hash.to_owned(),
        scale: if criteria.contains(&criterion) {
            scale.to_vec()
        } else {
            Vec::new()
        },
        criterion,
        level: row.get(7)?,
        current: row.get(8)?,
    })
}

/// The order `off_scale` promises: session, student, role, rater, rubric, revision, criterion.
pub(in crate::store) fn sort_off_scale(found: &mut [OffScale]) {
    found.sort_by(|a, b| {
        (
            &a.session,
            &a.student,
            a.role,
            &a.rater,
            &a.rubric,
            a.revision,
            &a.criterion,
        )
            .cmp(&(
                &b.session,
                &b.student,
                b.role,
                &b.rater,
                &b.rubric,
                b.revision,
                &b.criterion,
            ))
    });
}

/// The level scores and criterion IDs of a stored rubric snapshot (the JSON `fingerprint`
/// wrote); a snapshot that cannot be read has neither, so every score on it is reported.
pub(in crate::store) fn version_scale(snapshot: &str) -> (Vec<f64>, Vec<String>) {
    let value: serde_json::Value = serde_json::from_str(snapshot).unwrap_or_default();
    let scale = value["levels"]
        .as_array()
        .map(|levels| levels.iter().filter_map(|l| l["score"].as_f64()).collect())
        .unwrap_or_default();
    let criteria = value["criteria"]
        .as_array()
        .map(|criteria| {
            criteria
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (scale, criteria)
}

impl OffScale {
    /// What is wrong, in a line: which score and why.
    #[must_use]
    pub fn describe(&self) -> String {
        let who = match self.role {
            Role::Instructor => format!("instructor `{}`", self.rater),
            Role::SelfAssessment => "self-assessment".to_owned(),
            Role::Peer => format!("peer `{}`", self.rater),
        };
        let place = format!(
            "session `{}`, student `{}`, {who}, rubric `{}` revision {}",
            self.session, self.student, self.rubric, self.revision
        );
        if self.scale.is_empty() {
            format!(
                "{place}: criterion `{}` is not in the rubric version it was scored against",
                self.criterion
            )
        } else {
            format!(
                "{place}: criterion `{}` has level {}, which is not on the scale it was scored against ({})",
                self.criterion,
                format_score(self.level),
                self.scale
                    .iter()
                    .map(|&l| format_score(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }

    /// Whether `recorded` (one row of `recorded_levels`) is this kind of score.
    #[must_use]
    pub fn covers(&self, recorded: &RecordedLevel) -> bool {
        self.hash == recorded.hash
            && self.criterion == recorded.criterion
            && self.level.to_bits() == recorded.level.to_bits()
    }
}

/// The notes `rater` wrote on `rubric`'s criteria in current revisions, as (criterion, note),
/// newest first, each (criterion, note) once: the comment bank of interactive scoring.
pub fn recent_notes(tx: &Tx<'_>, rater: &str, rubric: &str) -> Result<Vec<(String, String)>> {
    let db = tx.sql();
    let mut statement = db.prepare(
        "SELECT sc.criterion_id, sc.note FROM score sc
         JOIN revision r ON r.id = sc.revision_id JOIN assessment a ON a.id = r.assessment_id
         WHERE a.rater_id = ?1 AND a.rubric_id = ?2 AND sc.note IS NOT NULL AND sc.note <> ''
           AND r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
         GROUP BY sc.criterion_id, sc.note
         ORDER BY max(r.recorded_at) DESC, max(r.id) DESC",
    )?;
    let rows = statement.query_map(params![rater, rubric], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The overall comments `rater` wrote on `rubric` in current revisions, newest first, each once.
pub fn recent_comments(tx: &Tx<'_>, rater: &str, rubric: &str) -> Result<Vec<String>> {
    let db = tx.sql();
    let mut statement = db.prepare(
        "SELECT r.comment FROM revision r JOIN assessment a ON a.id = r.assessment_id
         WHERE a.rater_id = ?1 AND a.rubric_id = ?2 AND r.comment IS NOT NULL AND r.comment <> ''
           AND r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
         GROUP BY r.comment
         ORDER BY max(r.recorded_at) DESC, max(r.id) DESC",
    )?;
    let rows = statement.query_map(params![rater, rubric], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
