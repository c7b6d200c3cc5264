//! What was recorded against the rubrics' versions: the recorded (criterion, level) pairs that
//! `check` compares with the rubrics as they are now, and the scores off the scale of the version
//! they were recorded with (`doctor`, `check`, and every reader, which leaves them out).

use super::Tx;
use super::assessments::{Role, StoredHash, hash_text};
use super::sql::{Row, ToValue, args};
use crate::course::model::format_score;
use crate::error::Result;

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
    tx.rows(
        "SELECT a.rubric_id, r.rubric_hash, sc.criterion_id, sc.level, count(*)
         FROM score sc JOIN revision r ON r.id = sc.revision_id JOIN assessment a ON a.id = r.assessment_id
         WHERE r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
        args![],
        |row| {
            Ok(RecordedLevel {
                rubric: row.get(0)?,
                hash: row.with(1, |cell| Ok(hash_text(cell)))?,
                criterion: row.get(2)?,
                level: row.get(3)?,
                count: row.get(4)?,
            })
        },
    )
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
    let mut found = off_scale_in(tx, &stored_versions(tx)?)?;
    sort_off_scale(&mut found);
    Ok(found)
}

/// Every stored rubric version: its hash as stored (bytes; text before migration 3), for
/// comparing with other stored hashes, and its snapshot.
pub(in crate::store) fn stored_versions(tx: &Tx<'_>) -> Result<Vec<(StoredHash, String)>> {
    tx.rows(
        "SELECT hash, snapshot FROM rubric_version ORDER BY hash",
        args![],
        |row| Ok((StoredHash::read(row, 0)?, row.get(1)?)),
    )
}

/// The scores of these versions (`stored_versions`) that are off their version's scale, in no
/// particular order.
pub(in crate::store) fn off_scale_in(
    tx: &Tx<'_>,
    versions: &[(StoredHash, String)],
) -> Result<Vec<OffScale>> {
    let mut found = Vec::new();
    for (hash, snapshot) in versions {
        let (scale, criteria) = version_scale(snapshot);
        let text = hash.text();
        // The version's levels (from `?2`), then its criteria, one parameter each; `NOT IN` an
        // empty list holds for every score, so it is written `TRUE`.
        let not_in = |column: &str, first: usize, count: usize| {
            if count == 0 {
                return "TRUE".to_owned();
            }
            let list: Vec<String> = (first..first + count).map(|i| format!("?{i}")).collect();
            format!("{column} NOT IN ({})", list.join(", "))
        };
        let sql = format!(
            "SELECT {SCORE_COLUMNS}
             FROM score sc JOIN revision r ON r.id = sc.revision_id
                  JOIN assessment a ON a.id = r.assessment_id
             WHERE r.rubric_hash = ?1 AND ({} OR {})",
            not_in("sc.level", 2, scale.len()),
            not_in("sc.criterion_id", 2 + scale.len(), criteria.len())
        );
        let mut values = vec![hash.value()];
        values.extend(scale.iter().map(ToValue::value));
        values.extend(criteria.iter().map(ToValue::value));
        let refs: Vec<&dyn ToValue> = values.iter().map(|v| v as &dyn ToValue).collect();
        found.extend(tx.rows(&sql, &refs, |row| {
            off_scale_from(row, &text, &scale, &criteria)
        })?);
    }
    Ok(found)
}

/// The columns session, student, rater, role, rubric, revision number, criterion, level and
/// whether the revision is current: each score of one revision, and where the revision is.
pub(in crate::store) const SCORE_COLUMNS: &str =
    "a.session_id, a.student_id, a.rater_id, a.role, a.rubric_id, r.number, sc.criterion_id,
     sc.level, r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)";

/// A row of `SCORE_COLUMNS` as an `OffScale` of the version `hash` (`scale`, `criteria`).
pub(in crate::store) fn off_scale_from(
    row: &Row<'_>,
    hash: &str,
    scale: &[f64],
    criteria: &[String],
) -> Result<OffScale> {
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
