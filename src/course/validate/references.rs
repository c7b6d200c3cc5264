//! The checks across files: skills, rubric and module references, prerequisite cycles, and
//! rubrics no module uses.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::Parsed;
use crate::course::model::Skill;
use crate::course::prerequisites;
use crate::course::raw::{RawModule, RawRubric};
use crate::course::source::{SourceFile, at};
use crate::diagnostic::{Diagnostics, Place};
use crate::{ids, suggest};

/// The checks across files: skills, rubric and module references, prerequisite cycles, and
/// rubrics no module uses. `module_ids` and `rubric_ids` are the IDs of every file, including
/// those that did not parse, so that a reference to a broken file is not reported as unknown.
pub fn references(
    modules: &[Parsed<'_, RawModule>],
    rubrics: &[Parsed<'_, RawRubric>],
    (module_ids, rubric_ids): (&[String], &[String]),
    skills: Option<&[Skill]>,
    report: &mut Diagnostics,
) {
    // While a module file cannot be read, no rubric can be said to be unused.
    let every_module_parsed = modules.len() == module_ids.len();
    let mut used = vec![false; rubrics.len()];
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); modules.len()];
    let mut edge_places: HashMap<(usize, usize), Place> = HashMap::new();
    let skill_ids: Option<Vec<String>> = skills.map(|s| s.iter().map(|s| s.id.clone()).collect());
    for (index, parsed) in modules.iter().enumerate() {
        let (file, raw) = (parsed.file, &parsed.raw);
        if let Some(known) = &skill_ids {
            reference(file, "skill", &raw.skill, known, report);
        }
        for rubric in &raw.assessed_by.value {
            let name = reference(file, "rubric", rubric, rubric_ids, report);
            if let Some(r) = rubrics.iter().position(|r| r.id == name) {
                used[r] = true;
            }
        }
        for required in raw.requires.as_ref().map_or(&[][..], |r| &r.value[..]) {
            let name = reference(file, "module", required, module_ids, report);
            if let Some(m) = modules.iter().position(|m| m.id == name) {
                edges[index].push(m);
                edge_places.entry((index, m)).or_insert(at(required));
            }
        }
    }
    for cycle in prerequisites::cycles(&edges) {
        let (first, next) = (cycle[0], cycle[1 % cycle.len()]);
        let name = |m: usize| format!("`{}`", modules[m].id);
        let message = if cycle.len() == 1 {
            format!(
                "module {} requires itself; remove it from its own `requires`",
                name(first)
            )
        } else {
            let path: Vec<String> = cycle.iter().chain([&first]).map(|&m| name(m)).collect();
            format!(
                "prerequisite cycle: {}; remove one of these `requires` entries",
                path.join(" → ")
            )
        };
        report.push(
            modules[first]
                .file
                .error(edge_places[&(first, next)], message),
        );
    }
    for (parsed, used) in rubrics.iter().zip(used) {
        if !used && every_module_parsed {
            report.push(parsed.file.warning(
                at(&parsed.raw.title),
                format!(
                    "rubric `{}` is not used by any module; add it to a module's `assessed_by`, or remove the file",
                    parsed.id
                ),
            ));
        }
    }
}

/// A reference to a skill, rubric or module, lower-cased. An unknown one is reported with a
/// "did you mean", or else with where it would have to be defined. Invalid IDs were already
/// reported by the per-file checks.
fn reference(
    file: &SourceFile,
    what: &str,
    value: &Spanned<String>,
    known: &[String],
    report: &mut Diagnostics,
) -> String {
    let name = value.value.trim().to_lowercase();
    if ids::normalize(&name).is_ok() && !known.contains(&name) {
        let hint = match (
            suggest::did_you_mean(&name, known.iter().map(String::as_str)),
            what,
        ) {
            (Some(near), _) => format!(", did you mean `{near}`?"),
            (None, "skill") => "; add it to `skills` in course.yaml".to_owned(),
            (None, "rubric") => format!("; there is no `rubrics/{name}.yaml`"),
            (None, _) => format!("; there is no `curriculum/{name}.yaml`"),
        };
        let context = if what == "module" {
            " in `requires`"
        } else {
            ""
        };
        report.push(file.error(at(value), format!("unknown {what} `{name}`{context}{hint}")));
    }
    name
}
