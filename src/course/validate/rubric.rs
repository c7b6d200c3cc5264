//! One rubric: its scale, criteria, weights and descriptors.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::{Parsed, clean, decimal_places, errors, explicit_id, identifier, optional_text, text};
use crate::course::model::{Criterion, Level, Rubric, format_score};
use crate::course::raw::{RawCriterion, RawLevel, RawRubric};
use crate::course::source::{SourceFile, at};
use crate::diagnostic::Diagnostics;
use crate::text::Lines;

/// The largest level score and weight (docs/FORMATS.md § Rubric).
const MAX: f64 = 1000.0;

/// Checks one rubric; `None` when it has errors.
pub fn rubric(parsed: &Parsed<'_, RawRubric>, report: &mut Diagnostics) -> Option<Rubric> {
    let Parsed { file, id, raw } = parsed;
    let before = errors(report);
    explicit_id(file, "rubric", id, raw.id.as_ref(), report);
    let title = text(file, "title", &raw.title, report);
    let description = optional_text(file, "description", raw.description.as_ref(), report);

    let (scale, left_out) = scale(file, &raw.levels, report);
    let scores = scale
        .iter()
        .map(|l| format_score(l.score))
        .collect::<Vec<_>>()
        .join(", ");
    if !scale.iter().any(|l| l.score == raw.mastery_level.value) {
        report.push(file.error(
            at(&raw.mastery_level),
            format!(
                "`mastery_level` is {}, which is not a level score{}",
                file.text_at(at(&raw.mastery_level)),
                if scores.is_empty() {
                    String::new()
                } else {
                    format!("; use one of {scores}")
                }
            ),
        ));
    }

    if raw.criteria.value.is_empty() {
        report.push(file.error(at(&raw.criteria), "a rubric needs at least one criterion"));
    }
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for criterion in &raw.criteria.value {
        let c = &criterion.value;
        let cid = identifier(file, ("criterion", "id"), &c.id, report);
        if let Some(cid) = &cid
            && let Some(line) = seen.insert(cid.clone(), c.id.referenced.line())
        {
            report.push(file.error(
                    at(&c.id),
                    format!("criterion `{cid}` is defined twice (first on line {line}); criterion IDs are unique within a rubric"),
                ));
        }
        let descriptors = descriptors(file, c, (&scale, &left_out), &scores, report);
        let weight = match &c.weight {
            None => 1.0,
            Some(w) if w.value > 0.0 && w.value <= MAX => w.value,
            Some(w) => {
                report.push(file.error(
                    at(w),
                    format!(
                        "`weight` must be a number > 0 and at most 1000, not {}",
                        file.text_at(at(w))
                    ),
                ));
                1.0
            }
        };
        criteria.push(Criterion {
            id: cid.unwrap_or_default(),
            title: text(file, "title", &c.title, report),
            description: optional_text(file, "description", c.description.as_ref(), report),
            weight,
            descriptors,
        });
    }
    (errors(report) == before).then(|| Rubric {
        id: id.clone(),
        title,
        description,
        levels: scale,
        mastery_level: raw.mastery_level.value,
        criteria,
    })
}

/// The levels of a rubric: 2 to 10, scores 0 or more, unique and ascending.
/// Also returns the scores of the levels left out (negative or repeated).
fn scale(
    file: &SourceFile,
    raw_levels: &Spanned<Vec<Spanned<RawLevel>>>,
    report: &mut Diagnostics,
) -> (Vec<Level>, Vec<f64>) {
    let mut left_out = Vec::new();
    let levels = &raw_levels.value;
    if !(2..=10).contains(&levels.len()) {
        report.push(file.error(
            at(raw_levels),
            format!(
                "a rubric needs 2 to 10 levels; this one has {}",
                levels.len()
            ),
        ));
    }
    let mut scale: Vec<Level> = Vec::new();
    let mut labels: HashMap<String, f64> = HashMap::new();
    for level in levels {
        let score = &level.value.score;
        let label = text(file, "label", &level.value.label, report);
        // A level with a bad or repeated score is left out of the scale, so that descriptors
        // are not asked for it.
        let written = file.text_at(at(score));
        if !(0.0..=MAX).contains(&score.value) {
            report.push(file.error(
                at(score),
                format!("a level score must be a number from 0 to 1000, not {written}"),
            ));
            left_out.push(score.value);
            continue;
        } else if let Some(places) = decimal_places(&written).filter(|p| *p > 6) {
            report.push(file.error(
                at(score),
                format!(
                    "a level score has at most 6 decimal places; `{written}` has {places}: round it"
                ),
            ));
            left_out.push(score.value);
            continue;
        } else if let Some(same) = scale.iter().find(|l| l.score == score.value) {
            report.push(file.error(
                at(score),
                format!(
                    "two levels have score {} (`{}` and `{label}`); scores must be unique",
                    format_score(score.value),
                    same.label
                ),
            ));
            left_out.push(score.value);
            continue;
        } else if let Some(last) = scale.last().filter(|l| l.score > score.value) {
            report.push(file.error(
                at(score),
                format!(
                    "levels must be listed in ascending order of score: {} comes after {}",
                    format_score(score.value),
                    format_score(last.score)
                ),
            ));
        }
        if let Some(other) = labels.insert(label.to_lowercase(), score.value)
            && !label.is_empty()
        {
            report.push(file.warning(
                    at(&level.value.label),
                    format!(
                        "levels {} and {} share the label `{label}`; it cannot name a level when scoring (use the score)",
                        format_score(other),
                        format_score(score.value)
                    ),
                ));
        }
        scale.push(Level {
            score: score.value,
            label,
        });
    }
    (scale, left_out)
}

/// One descriptor per level, in scale order.
fn descriptors(
    file: &SourceFile,
    criterion: &RawCriterion,
    (scale, left_out): (&[Level], &[f64]),
    scores: &str,
    report: &mut Diagnostics,
) -> Vec<String> {
    let mut texts: Vec<Option<String>> = vec![None; scale.len()];
    for (key, value) in &criterion.descriptors.value.0 {
        let score = key.value.trim().parse::<f64>().ok();
        if score.is_some_and(|s| left_out.contains(&s) && !scale.iter().any(|l| l.score == s)) {
            continue; // its level's own error says what to fix
        }
        let position = score.and_then(|score| scale.iter().position(|l| l.score == score));
        let Some(position) = position else {
            report.push(file.error(
                at(key),
                format!(
                    "`{}` is not a level score of this rubric; descriptors are keyed by level score: {scores}",
                    key.value
                ),
            ));
            continue;
        };
        if texts[position].is_some() {
            report.push(file.error(
                at(key),
                format!(
                    "two descriptors for level {}; keep one",
                    format_score(scale[position].score)
                ),
            ));
            continue;
        }
        if value.value.trim().is_empty() {
            report.push(file.error(
                file.value_of(key.value.trim(), at(value)),
                format!(
                    "the descriptor for level {} ({}) is empty; say what an instructor sees and hears at this level",
                    format_score(scale[position].score),
                    scale[position].label
                ),
            ));
        }
        clean(file, "descriptor", value, Lines::Many, report);
        texts[position] = Some(value.value.trim_end().to_owned());
    }
    let place = if criterion.descriptors.value.0.is_empty() {
        at(&criterion.descriptors)
    } else {
        at(&criterion.descriptors.value.0[0].0)
    };
    for (level, text) in scale.iter().zip(&texts) {
        if text.is_none() {
            report.push(file.error(
                place,
                format!(
                    "criterion `{}` has no descriptor for level {} ({}); add `{}: …` under `descriptors`",
                    criterion.id.value,
                    format_score(level.score),
                    level.label,
                    format_score(level.score)
                ),
            ));
        }
    }
    texts.into_iter().map(Option::unwrap_or_default).collect()
}
