//! Turning what an instructor typed (criterion IDs, level scores or labels, notes) into scores
//! checked against a rubric. Shared by `score` and `import`; messages name the fix.

use crate::course::model::{Criterion, Rubric, format_score};
use crate::gradebook::Score;
use crate::suggest;

/// Why a text names no level of a rubric.
#[derive(Debug, Clone, PartialEq)]
pub enum LevelProblem {
    /// Neither a level score nor a level label.
    NotALevel,
    /// A label that several levels carry: their scores.
    Shared(Vec<f64>),
}

/// The level a text names: a level score (read as a number first), else a level label
/// (case-insensitive) that only one level carries.
pub fn level_of(rubric: &Rubric, text: &str) -> Result<f64, LevelProblem> {
    let text = text.trim();
    if let Ok(number) = text.parse::<f64>()
        && rubric.levels.iter().any(|l| l.score == number)
    {
        return Ok(number);
    }
    let matching: Vec<f64> = rubric
        .levels
        .iter()
        .filter(|l| l.label.eq_ignore_ascii_case(text))
        .map(|l| l.score)
        .collect();
    match matching.as_slice() {
        [score] => Ok(*score),
        [] => Err(LevelProblem::NotALevel),
        several => Err(LevelProblem::Shared(several.to_vec())),
    }
}

/// `level_of` with its problem worded: "did you mean" for a near label, else the levels.
pub fn level(rubric: &Rubric, text: &str) -> Result<f64, String> {
    let text = text.trim();
    level_of(rubric, text).map_err(|problem| match problem {
        LevelProblem::NotALevel => match near_label(rubric, text) {
            Some(near) => format!(
                "`{text}` is not a level of `{}`, did you mean `{near}`?",
                rubric.id
            ),
            None => format!(
                "`{text}` is not a level of `{}`; {}",
                rubric.id,
                levels_hint(rubric)
            ),
        },
        LevelProblem::Shared(scores) => format!(
            "the label `{text}` names {} levels of `{}` ({}); give the score instead",
            scores.len(),
            rubric.id,
            scores
                .iter()
                .map(|s| format_score(*s))
                .collect::<Vec<_>>()
                .join(" and "),
        ),
    })
}

/// `use a score (1, 2, 3, 4) or a label (Emerging, …)`: what a level may be written as.
#[must_use]
pub fn levels_hint(rubric: &Rubric) -> String {
    format!(
        "use a score ({}) or a label ({})",
        rubric
            .levels
            .iter()
            .map(|l| format_score(l.score))
            .collect::<Vec<_>>()
            .join(", "),
        rubric
            .levels
            .iter()
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The label of `rubric` closest to a misspelt `text`, when one level alone carries it (never
/// for a number).
#[must_use]
pub fn near_label<'r>(rubric: &'r Rubric, text: &str) -> Option<&'r str> {
    if text.trim().parse::<f64>().is_ok() {
        return None;
    }
    let near = suggest::did_you_mean(text, rubric.levels.iter().map(|l| l.label.as_str()))?;
    let shared = rubric
        .levels
        .iter()
        .filter(|l| l.label.eq_ignore_ascii_case(near))
        .count();
    (shared == 1).then_some(near)
}

/// The criterion of `rubric` with this ID (case-insensitive).
pub fn criterion<'r>(rubric: &'r Rubric, id: &str) -> Result<&'r Criterion, String> {
    let wanted = id.trim().to_ascii_lowercase();
    rubric
        .criteria
        .iter()
        .find(|c| c.id == wanted)
        .ok_or_else(|| {
            let ids = rubric.criteria.iter().map(|c| c.id.as_str());
            match suggest::did_you_mean(&wanted, ids.clone()) {
                Some(near) => format!(
                    "unknown criterion `{wanted}` in `{}`, did you mean `{near}`?",
                    rubric.id
                ),
                None => format!(
                    "unknown criterion `{wanted}` in `{}`; its criteria are {}",
                    rubric.id,
                    ids.map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                ),
            }
        })
}

/// Builds the scores of one assessment in rubric order from (criterion, level) and
/// (criterion, note) pairs. Every criterion is required unless `partial`. All problems are
/// returned, not just the first.
pub fn scores(
    rubric: &Rubric,
    levels: &[(String, String)],
    notes: &[(String, String)],
    partial: bool,
) -> Result<Vec<Score>, Vec<String>> {
    let mut problems = Vec::new();
    let mut given: Vec<Option<(f64, Option<String>)>> = vec![None; rubric.criteria.len()];
    for (id, text) in levels {
        let criterion = match criterion(rubric, id) {
            Ok(c) => c,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let index = rubric
            .criteria
            .iter()
            .position(|c| c.id == criterion.id)
            .unwrap_or(0);
        if given[index].is_some() {
            problems.push(format!(
                "criterion `{}` is given twice; keep one",
                criterion.id
            ));
            continue;
        }
        match level(rubric, text) {
            Ok(score) => given[index] = Some((score, None)),
            Err(problem) => problems.push(format!("`{}`: {problem}", criterion.id)),
        }
    }
    for (id, note) in notes {
        match criterion(rubric, id) {
            Ok(c) => {
                let index = rubric
                    .criteria
                    .iter()
                    .position(|x| x.id == c.id)
                    .unwrap_or(0);
                match &mut given[index] {
                    Some((_, slot)) => {
                        *slot = Some(note.trim().to_owned()).filter(|n| !n.is_empty());
                    }
                    None if levels
                        .iter()
                        .any(|(l, _)| l.trim().eq_ignore_ascii_case(&c.id)) => {}
                    None => problems.push(format!(
                        "a note for `{}`, which is not scored; give it a level too",
                        c.id
                    )),
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    let missing: Vec<&str> = rubric
        .criteria
        .iter()
        .zip(&given)
        .filter(|(_, g)| g.is_none())
        .map(|(c, _)| c.id.as_str())
        .collect();
    if problems.is_empty() && !partial && !missing.is_empty() {
        problems.push(format!(
            "missing {} {}; score {} too, or pass `--partial` if {} not observed",
            if missing.len() == 1 {
                "criterion"
            } else {
                "criteria"
            },
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() == 1 { "it" } else { "them" },
            if missing.len() == 1 {
                "it was"
            } else {
                "they were"
            },
        ));
    }
    if problems.is_empty() && missing.len() == rubric.criteria.len() {
        problems.push("no criterion is scored; give at least one CRITERION=LEVEL".to_owned());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(rubric
        .criteria
        .iter()
        .zip(given)
        .filter_map(|(c, g)| {
            g.map(|(level, note)| Score {
                criterion: c.id.clone(),
                level,
                note,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::{Criterion, Level};

    fn rubric() -> Rubric {
        let level = |score, label: &str| Level {
            score,
            label: label.to_owned(),
        };
        let criterion = |id: &str| Criterion {
            id: id.to_owned(),
            title: id.to_owned(),
            description: None,
            weight: 1.0,
            descriptors: vec![String::new(); 4],
        };
        Rubric {
            id: "value".to_owned(),
            title: "Value".to_owned(),
            description: None,
            levels: vec![
                level(1.0, "Benchmark"),
                level(2.0, "Milestone"),
                level(3.0, "Milestone"),
                level(4.0, "Capstone"),
            ],
            mastery_level: 3.0,
            criteria: vec![criterion("direction"), criterion("listening")],
        }
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn levels_by_score_or_unique_label() {
        let r = rubric();
        assert_eq!(level(&r, "4"), Ok(4.0));
        assert_eq!(level(&r, "4.0"), Ok(4.0));
        assert_eq!(level(&r, "capstone"), Ok(4.0));
        assert_eq!(
            level(&r, "milestone"),
            Err(
                "the label `milestone` names 2 levels of `value` (2 and 3); give the score instead"
                    .to_owned()
            )
        );
        assert_eq!(
            level(&r, "Capstne"),
            Err("`Capstne` is not a level of `value`, did you mean `Capstone`?".to_owned())
        );
        assert_eq!(
            level(&r, "5"),
            Err("`5` is not a level of `value`; use a score (1, 2, 3, 4) or a label (Benchmark, Milestone, Milestone, Capstone)".to_owned())
        );
    }

    #[test]
    fn scores_come_out_in_rubric_order_with_notes() {
        let r = rubric();
        let scores = scores(
            &r,
            &pairs(&[("listening", "2"), ("Direction", "capstone")]),
            &pairs(&[("listening", "Ask more.")]),
            false,
        )
        .unwrap();
        assert_eq!(
            scores,
            vec![
                Score {
                    criterion: "direction".into(),
                    level: 4.0,
                    note: None
                },
                Score {
                    criterion: "listening".into(),
                    level: 2.0,
                    note: Some("Ask more.".into())
                },
            ]
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let r = rubric();
        assert_eq!(
            scores(&r, &pairs(&[("directoin", "2"), ("listening", "9"), ("listening", "2")]), &[], false),
            Err(vec![
                "unknown criterion `directoin` in `value`, did you mean `direction`?".to_owned(),
                "`listening`: `9` is not a level of `value`; use a score (1, 2, 3, 4) or a label (Benchmark, Milestone, Milestone, Capstone)".to_owned(),
            ])
        );
        assert_eq!(
            scores(&r, &pairs(&[("listening", "2")]), &[], false),
            Err(vec!["missing criterion `direction`; score it too, or pass `--partial` if it was not observed".to_owned()])
        );
        assert!(scores(&r, &pairs(&[("listening", "2")]), &[], true).is_ok());
        assert_eq!(
            scores(&r, &[], &[], true),
            Err(vec![
                "no criterion is scored; give at least one CRITERION=LEVEL".to_owned()
            ])
        );
    }
}
