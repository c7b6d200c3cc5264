//! What the rubrics as they are now leave behind of the scores recorded against earlier
//! versions: removed rubrics, removed criteria, removed or renumbered levels.

use std::collections::{BTreeMap, HashSet};

use super::Tx;
use super::assessments::{
    self, OffScale, RecordedLevel, SCORE_COLUMNS, StoredHash, fingerprint, off_scale_from,
    off_scale_in, sort_off_scale, stored_versions, version_scale,
};
use super::sql::{Cell, Engine, Row, args};
use crate::course::model::Course;
use crate::error::Result;
use crate::figure::format_score;
pub use crate::gradebook::DriftKind;

/// One finding: what the rubrics no longer have, the rubric it is about, and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub kind: DriftKind,
    pub rubric: String,
    pub message: String,
}

#[must_use]
pub fn drift(course: &Course, recorded: &[RecordedLevel]) -> Vec<Drift> {
    // (rubric, what) → count, so each finding is reported once with its total.
    let mut removed_rubrics: BTreeMap<&str, i64> = BTreeMap::new();
    let mut removed_criteria: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    let mut removed_levels: BTreeMap<(&str, &str, String), i64> = BTreeMap::new();
    for level in recorded {
        let Some(rubric) = course.rubric(&level.rubric) else {
            *removed_rubrics.entry(&level.rubric).or_default() += level.count;
            continue;
        };
        if fingerprint(rubric).0 == level.hash {
            continue;
        }
        if !rubric.criteria.iter().any(|c| c.id == level.criterion) {
            *removed_criteria
                .entry((&level.rubric, &level.criterion))
                .or_default() += level.count;
        } else if !rubric.levels.iter().any(|l| l.score == level.level) {
            *removed_levels
                .entry((&level.rubric, &level.criterion, format_score(level.level)))
                .or_default() += level.count;
        }
    }
    let scores = |n: i64, one: &str, many: &str| {
        if n == 1 {
            format!("1 recorded score {one}")
        } else {
            format!("{n} recorded scores {many}")
        }
    };
    let mut found = Vec::new();
    for (rubric, n) in removed_rubrics {
        found.push(Drift {
            kind: DriftKind::RubricRemoved,
            rubric: rubric.to_owned(),
            message: format!(
                "rubric `{rubric}` no longer exists: {} left out of progress (history and export keep {})",
                scores(n, "is", "are"),
                if n == 1 { "it" } else { "them" }
            ),
        });
    }
    for ((rubric, criterion), n) in removed_criteria {
        found.push(Drift {
            kind: DriftKind::CriterionRemoved,
            rubric: rubric.to_owned(),
            message: format!(
                "criterion `{criterion}` is no longer in rubric `{rubric}`: {} left out of progress (history and export keep {})",
                scores(n, "of it is", "of it are"),
                if n == 1 { "it" } else { "them" }
            ),
        });
    }
    for ((rubric, criterion, level), n) in removed_levels {
        found.push(Drift {
            kind: DriftKind::LevelRemoved,
            rubric: rubric.to_owned(),
            message: format!(
                "level {level} is no longer a level of rubric `{rubric}` (removed or renumbered): criterion `{criterion}` has {n} recorded {} at that level",
                if n == 1 { "score" } else { "scores" }
            ),
        });
    }
    found
}

/// What `check` compares with the rubrics as they are now: the recorded levels of the current
/// revisions (`assessments::recorded_levels`) and the scores off their version's scale
/// (`assessments::off_scale`), read without reading the gradebook. Only the scores of rubric
/// versions that differ from the current rubrics are read (through `revision (rubric_hash)`);
/// in versions that equal a current rubric, a score can only be off the scale if another tool
/// wrote it, and those are found through `score (criterion_id, level)`: the few (criterion,
/// level) pairs no current rubric has. One such edit is left to `doctor`, which reads every
/// score: a criterion of another current rubric written into a revision.
pub fn recorded(tx: &Tx<'_>, course: &Course) -> Result<(Vec<RecordedLevel>, Vec<OffScale>)> {
    if !indexed(tx)? {
        return Ok((
            assessments::recorded_levels(tx)?,
            assessments::off_scale(tx)?,
        ));
    }
    let current = current_hashes(course);
    let (levels, differing) = differing_levels(tx, &current)?;
    let (differ, same): (Vec<_>, Vec<_>) = stored_versions(tx)?
        .into_iter()
        .partition(|(hash, _)| differing.contains(hash));
    let mut off_scale = off_scale_in(tx, &differ)?;
    let same: Vec<_> = same
        .into_iter()
        .filter(|(hash, _)| current.contains(&hash.text()))
        .collect();
    off_scale.extend(stray(tx, &same)?);
    sort_off_scale(&mut off_scale);
    Ok((levels, off_scale))
}

/// `assessments::recorded_levels` as far as `drift` looks at them: those of the versions that
/// differ from the current rubrics (`doctor`, which reads every score for `off_scale` anyway).
pub fn recorded_levels(tx: &Tx<'_>, course: &Course) -> Result<Vec<RecordedLevel>> {
    if !indexed(tx)? {
        return assessments::recorded_levels(tx);
    }
    Ok(differing_levels(tx, &current_hashes(course))?.0)
}

/// Whether the gradebook has the indexes of migration 3; one read before it is upgraded (a
/// read-only command does not migrate) is read as before, score by score. A `PostgreSQL`
/// gradebook starts at version 3.
fn indexed(tx: &Tx<'_>) -> Result<bool> {
    match tx.engine() {
        Engine::Sqlite => {
            let version: i64 = tx.one("PRAGMA user_version", args![], |row| row.get(0))?;
            Ok(version >= 3)
        }
        Engine::Postgres => Ok(true),
    }
}

/// The hash of every rubric as it is now.
fn current_hashes(course: &Course) -> HashSet<String> {
    course.rubrics.iter().map(|r| fingerprint(r).0).collect()
}

/// Column `cell` as text, or what it holds instead.
fn text_of(cell: Cell<'_>) -> std::result::Result<&str, String> {
    match cell {
        Cell::Text(text) => Ok(text),
        _ => Err("it does not hold text".to_owned()),
    }
}

/// The recorded levels of current revisions scored against a rubric version that is not a
/// current rubric, and those versions' stored hashes. The versions are read from the index on
/// `revision (rubric_hash)` one distinct value at a time; each differing version's scores then
/// through the same index.
fn differing_levels(
    tx: &Tx<'_>,
    current: &HashSet<String>,
) -> Result<(Vec<RecordedLevel>, Vec<StoredHash>)> {
    let mut found = Vec::new();
    let mut differing = Vec::new();
    let mut at = tx.row(
        "SELECT rubric_hash FROM revision ORDER BY rubric_hash LIMIT 1",
        args![],
        |row| StoredHash::read(row, 0),
    )?;
    while let Some(hash) = at {
        let text = hash.text();
        if !current.contains(&text) {
            // Counted here rather than by `GROUP BY`, which sorts every score of the version:
            // the kinds are few (criteria × levels), the scores many.
            let mut counted: Vec<RecordedLevel> = Vec::new();
            tx.each(
                "SELECT a.rubric_id, sc.criterion_id, sc.level
                 FROM revision r JOIN assessment a ON a.id = r.assessment_id
                      JOIN score sc ON sc.revision_id = r.id
                 WHERE r.rubric_hash = ?1
                   AND r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)",
                args![hash],
                |row| {
                    let level: f64 = row.get(2)?;
                    row.with(0, |rubric| {
                        let rubric = text_of(rubric)?;
                        row.with(1, |criterion| {
                            let criterion = text_of(criterion)?;
                            match counted.iter_mut().find(|c| {
                                c.level == level && c.criterion == criterion && c.rubric == rubric
                            }) {
                                Some(kind) => kind.count += 1,
                                None => counted.push(RecordedLevel {
                                    rubric: rubric.to_owned(),
                                    hash: text.clone(),
                                    criterion: criterion.to_owned(),
                                    level,
                                    count: 1,
                                }),
                            }
                            Ok(())
                        })
                        .map_err(|e| e.to_string())
                    })
                },
            )?;
            found.append(&mut counted);
            differing.push(hash.clone());
        }
        at = tx.row(
            "SELECT rubric_hash FROM revision WHERE rubric_hash > ?1 ORDER BY rubric_hash LIMIT 1",
            args![hash],
            |row| StoredHash::read(row, 0),
        )?;
    }
    Ok((found, differing))
}

/// The scores off the scale of these versions (each equal to a current rubric), found through
/// `score (criterion_id, level)`: each distinct recorded (criterion, level) pair is read from
/// the index, and only the scores of a pair that one of these versions does not allow (a level
/// off its scale, a criterion none of them has) are read.
fn stray(tx: &Tx<'_>, versions: &[(StoredHash, String)]) -> Result<Vec<OffScale>> {
    if versions.is_empty() {
        return Ok(Vec::new());
    }
    let versions: Vec<(&StoredHash, String, Vec<f64>, Vec<String>)> = versions
        .iter()
        .map(|(hash, snapshot)| {
            let (scale, criteria) = version_scale(snapshot);
            (hash, hash.text(), scale, criteria)
        })
        .collect();
    let suspect = |criterion: &str, level: f64| {
        let mut in_some = false;
        for (_, _, scale, criteria) in &versions {
            if criteria.iter().any(|c| c == criterion) {
                in_some = true;
                if !scale.contains(&level) {
                    return true;
                }
            }
        }
        !in_some
    };
    let scores = format!(
        "SELECT {SCORE_COLUMNS}, r.rubric_hash
         FROM score sc JOIN revision r ON r.id = sc.revision_id
              JOIN assessment a ON a.id = r.assessment_id
         WHERE sc.criterion_id = ?1 AND sc.level = ?2"
    );
    let pair = |row: &Row<'_>| Ok((row.get::<String>(0)?, row.get::<f64>(1)?));
    let mut found = Vec::new();
    let mut at = tx.row(
        "SELECT criterion_id, level FROM score ORDER BY criterion_id, level LIMIT 1",
        args![],
        pair,
    )?;
    while let Some((criterion, level)) = at {
        if suspect(&criterion, level) {
            tx.each(&scores, args![criterion, level], |row| {
                let hash = StoredHash::read(row, 9)?;
                let Some((_, text, scale, criteria)) = versions.iter().find(|v| *v.0 == hash)
                else {
                    return Ok(());
                };
                if !criteria.contains(&criterion) || !scale.contains(&level) {
                    found.push(off_scale_from(row, text, scale, criteria)?);
                }
                Ok(())
            })?;
        }
        // Two seeks rather than `(criterion_id, level) > (?1, ?2)`, which SQLite answers by
        // seeking the criterion and walking its scores.
        at = match tx.row(
            "SELECT criterion_id, level FROM score WHERE criterion_id = ?1 AND level > ?2
             ORDER BY level LIMIT 1",
            args![criterion, level],
            pair,
        )? {
            Some(at) => Some(at),
            None => tx.row(
                "SELECT criterion_id, level FROM score WHERE criterion_id > ?1
                 ORDER BY criterion_id, level LIMIT 1",
                args![criterion],
                pair,
            )?,
        };
    }
    Ok(found)
}
