//! What the rubrics as they are now leave behind of the scores recorded against earlier
//! versions: removed rubrics, removed criteria, removed or renumbered levels.

use std::collections::BTreeMap;

use super::assessments::{RecordedLevel, fingerprint};
use crate::course::model::Course;
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
