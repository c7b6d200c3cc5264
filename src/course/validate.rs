//! Raw files → a valid `Course`, collecting every diagnostic in one pass: per-file checks
//! (identifiers, scales, descriptors, empty text) and then the checks across files
//! (references, prerequisite cycles, unused rubrics).

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::model::{
    Course, Criterion, Lesson, Level, Mastery, Module, Rubric, Skill, format_score,
};
use super::prerequisites;
use super::raw::{RawCourse, RawCriterion, RawLevel, RawModule, RawRubric};
use super::source::{SourceFile, at};
use crate::diagnostic::{Place, Report};
use crate::ids;
use crate::suggest;

/// One parsed file with the ID taken from its name.
pub struct Parsed<'a, T> {
    pub file: &'a SourceFile,
    pub id: String,
    pub raw: T,
}

/// What course.yaml says, checked.
pub struct Head {
    pub name: String,
    pub organization: Option<String>,
    pub database: Option<String>,
    pub skills: Option<Vec<Skill>>,
    pub mastery: Mastery,
    pub recent_days: u32,
}

/// Checks course.yaml. The head is returned even when it has errors (they are in `report`),
/// so that the other files can still be checked against its skills.
pub fn course(file: &SourceFile, raw: &RawCourse, report: &mut Report) -> Head {
    let name = text(file, "name", &raw.name, report);
    let mut skills = None;
    if let Some(list) = &raw.skills {
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut valid = Vec::new();
        for skill in &list.value {
            let id = identifier(file, ("skill", "id"), &skill.value.id, report);
            let title = text(file, "title", &skill.value.title, report);
            if let Some(id) = id {
                if let Some(line) = seen.insert(id.clone(), skill.value.id.referenced.line()) {
                    report.push(file.error(
                        at(&skill.value.id),
                        format!("skill `{id}` is listed twice (first on line {line}); keep one"),
                    ));
                }
                valid.push(Skill { id, title });
            }
        }
        skills = Some(valid);
    }
    let mastery = mastery(file, raw, report);
    let recent_days = match &raw.recent_days {
        None => 30,
        Some(days) if days.value >= 1 => u32::try_from(days.value).unwrap_or(u32::MAX),
        Some(days) => {
            report.push(file.error(
                at(days),
                format!(
                    "`recent_days` must be a whole number of days, 1 or more, not {}",
                    days.value
                ),
            ));
            30
        }
    };
    Head {
        name,
        organization: raw.organization.as_ref().map(|o| o.value.trim().to_owned()),
        database: raw.database.as_ref().and_then(|d| {
            if d.value.trim().is_empty() {
                report.push(file.error(
                    file.value_of("database", at(d)),
                    "`database` is empty; remove the line to keep the gradebook in rapport.db beside course.yaml",
                ));
                None
            } else {
                Some(d.value.clone())
            }
        }),
        skills,
        mastery,
        recent_days,
    }
}

const METHODS: [&str; 6] = [
    "decaying_average",
    "weighted_average",
    "n_mastery",
    "latest",
    "highest",
    "average",
];

fn mastery(file: &SourceFile, raw: &RawCourse, report: &mut Report) -> Mastery {
    let Some(mastery) = &raw.mastery else {
        return Mastery::DecayingAverage {
            recent_weight: 0.65,
        };
    };
    let mastery = &mastery.value;
    let method = match &mastery.method {
        None => "decaying_average".to_owned(),
        Some(method) => {
            let name = method.value.trim();
            match name {
                "standard_decaying_average" => {
                    report.push(file.warning(
                        at(method),
                        "`standard_decaying_average` is Canvas's stored name for `decaying_average`; write `decaying_average`",
                    ));
                    "decaying_average".to_owned()
                }
                n if METHODS.contains(&n) => n.to_owned(),
                other => {
                    report.push(file.error(
                        at(method),
                        format!(
                            "unknown mastery method `{other}`{}",
                            suggest::did_you_mean(other, METHODS).map_or_else(
                                || format!(
                                    "; use one of {}",
                                    METHODS.map(|m| format!("`{m}`")).join(", ")
                                ),
                                |m| format!(", did you mean `{m}`?")
                            )
                        ),
                    ));
                    "decaying_average".to_owned()
                }
            }
        }
    };
    let weight = |low: f64, report: &mut Report| match &mastery.recent_weight {
        None => 0.65,
        Some(w) if (low..=0.99).contains(&w.value) => w.value,
        Some(w) => {
            report.push(file.error(
                at(w),
                format!(
                    "`recent_weight` for `{method}` must be from {low:.2} to 0.99, not {}",
                    file.text_at(at(w))
                ),
            ));
            0.65
        }
    };
    let unused = |what: &str, place: Place, report: &mut Report| {
        report.push(file.warning(
            place,
            format!("`{what}` is not used by `{method}`; remove it or change the method"),
        ));
    };
    let result = match method.as_str() {
        "decaying_average" => Mastery::DecayingAverage {
            recent_weight: weight(0.5, report),
        },
        "weighted_average" => Mastery::WeightedAverage {
            recent_weight: weight(0.01, report),
        },
        "n_mastery" => {
            let n = match &mastery.n {
                None => 3,
                Some(n) if (1..=10).contains(&n.value) => u32::try_from(n.value).unwrap_or(3),
                Some(n) => {
                    report.push(file.error(
                        at(n),
                        format!("`n` must be a whole number from 1 to 10, not {}", n.value),
                    ));
                    3
                }
            };
            Mastery::NMastery { n }
        }
        "latest" => Mastery::Latest,
        "highest" => Mastery::Highest,
        _ => Mastery::Average,
    };
    if !matches!(
        result,
        Mastery::DecayingAverage { .. } | Mastery::WeightedAverage { .. }
    ) {
        if let Some(w) = &mastery.recent_weight {
            unused("recent_weight", at(w), report);
        }
    }
    if !matches!(result, Mastery::NMastery { .. }) {
        if let Some(n) = &mastery.n {
            unused("n", at(n), report);
        }
    }
    result
}

/// Checks one rubric; `None` when it has errors.
pub fn rubric(parsed: &Parsed<'_, RawRubric>, report: &mut Report) -> Option<Rubric> {
    let Parsed { file, id, raw } = parsed;
    let before = errors(report);
    explicit_id(file, "rubric", id, raw.id.as_ref(), report);
    let title = text(file, "title", &raw.title, report);
    let description = optional_text(raw.description.as_ref());

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
                format_score(raw.mastery_level.value),
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
        if let Some(cid) = &cid {
            if let Some(line) = seen.insert(cid.clone(), c.id.referenced.line()) {
                report.push(file.error(
                    at(&c.id),
                    format!("criterion `{cid}` is defined twice (first on line {line}); criterion IDs are unique within a rubric"),
                ));
            }
        }
        let descriptors = descriptors(file, c, (&scale, &left_out), &scores, report);
        let weight = match &c.weight {
            None => 1.0,
            Some(w) if w.value > 0.0 && w.value.is_finite() => w.value,
            Some(w) => {
                report.push(file.error(
                    at(w),
                    format!(
                        "`weight` must be a number > 0, not {}",
                        format_score(w.value)
                    ),
                ));
                1.0
            }
        };
        criteria.push(Criterion {
            id: cid.unwrap_or_default(),
            title: text(file, "title", &c.title, report),
            description: optional_text(c.description.as_ref()),
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
    report: &mut Report,
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
        if score.value < 0.0 || !score.value.is_finite() {
            report.push(file.error(
                at(score),
                format!(
                    "a level score must be a number, 0 or more, not {}",
                    file.text_at(at(score))
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
        if let Some(other) = labels.insert(label.to_lowercase(), score.value) {
            if !label.is_empty() {
                report.push(file.warning(
                    at(&level.value.label),
                    format!(
                        "levels {} and {} share the label `{label}`; it cannot name a level when scoring (use the score)",
                        format_score(other),
                        format_score(score.value)
                    ),
                ));
            }
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
    report: &mut Report,
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

/// Checks one module on its own; references are checked by `references`.
pub fn module(parsed: &Parsed<'_, RawModule>, report: &mut Report) -> Option<Module> {
    let Parsed { file, id, raw } = parsed;
    let before = errors(report);
    explicit_id(file, "module", id, raw.id.as_ref(), report);
    let title = text(file, "title", &raw.title, report);
    let skill = identifier(file, ("skill", "skill"), &raw.skill, report).unwrap_or_default();
    let summary = text(file, "summary", &raw.summary, report);
    if raw.objectives.value.is_empty() {
        report.push(file.error(
            at(&raw.objectives),
            "a module needs at least one objective: what a student can do after it",
        ));
    }
    let objectives = raw
        .objectives
        .value
        .iter()
        .map(|o| text(file, "objective", o, report))
        .collect();
    let mut lessons = Vec::new();
    for lesson in raw.lessons.as_ref().map_or(&[][..], |l| &l.value[..]) {
        let lesson = &lesson.value;
        let minutes = match &lesson.minutes {
            None => None,
            Some(m) if m.value > 0 => Some(u32::try_from(m.value).unwrap_or(u32::MAX)),
            Some(m) => {
                report.push(file.error(
                    at(m),
                    format!("`minutes` must be a whole number > 0, not {}", m.value),
                ));
                None
            }
        };
        lessons.push(Lesson {
            title: text(file, "title", &lesson.title, report),
            minutes,
            body: text(file, "body", &lesson.body, report),
        });
    }
    if raw.lessons.as_ref().is_none_or(|l| l.value.is_empty()) {
        report.push(file.warning(
            raw.lessons.as_ref().map_or_else(|| file.top(), at),
            format!("module `{id}` has no lessons; add some under `lessons:` so students have something to read"),
        ));
    }
    if raw.assessed_by.value.is_empty() {
        report.push(file.error(
            at(&raw.assessed_by),
            "a module needs at least one rubric in `assessed_by`",
        ));
    }
    let ids = |list: Option<&Spanned<Vec<Spanned<String>>>>, what, report: &mut Report| {
        list.map_or(&[][..], |l| &l.value[..])
            .iter()
            .filter_map(|r| identifier(file, (what, ""), r, report))
            .collect::<Vec<_>>()
    };
    let assessed_by = ids(Some(&raw.assessed_by), "rubric", report);
    let requires = ids(raw.requires.as_ref(), "module", report);
    (errors(report) == before).then(|| Module {
        id: id.clone(),
        title,
        skill,
        summary,
        objectives,
        lessons,
        assessed_by,
        requires,
    })
}

/// The checks across files: skills, rubric and module references, prerequisite cycles, and
/// rubrics no module uses. `module_ids` and `rubric_ids` are the IDs of every file, including
/// those that did not parse, so that a reference to a broken file is not reported as unknown.
pub fn references(
    modules: &[Parsed<'_, RawModule>],
    rubrics: &[Parsed<'_, RawRubric>],
    (module_ids, rubric_ids): (&[String], &[String]),
    skills: Option<&[Skill]>,
    report: &mut Report,
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
    report: &mut Report,
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

/// Puts the checked parts together; only called when there are no errors.
#[must_use]
pub fn assemble(
    root: std::path::PathBuf,
    head: Head,
    modules: Vec<Module>,
    rubrics: Vec<Rubric>,
) -> Course {
    let skills = head.skills.unwrap_or_else(|| {
        let mut found: Vec<Skill> = Vec::new();
        for module in &modules {
            if !found.iter().any(|s| s.id == module.skill) {
                found.push(Skill {
                    id: module.skill.clone(),
                    title: module.skill.clone(),
                });
            }
        }
        found
    });
    let database = head.database.map(|d| root.join(d));
    Course {
        root,
        name: head.name,
        organization: head.organization,
        database,
        skills,
        mastery: head.mastery,
        recent_days: head.recent_days,
        modules,
        rubrics,
    }
}

fn errors(report: &Report) -> usize {
    report.count(crate::diagnostic::Severity::Error)
}

/// A required text: trimmed at the end; an error when blank.
fn text(file: &SourceFile, field: &str, value: &Spanned<String>, report: &mut Report) -> String {
    if value.value.trim().is_empty() {
        let place = file.value_of(field, at(value));
        report.push(file.error(place, format!("`{field}` is empty; write some text")));
    }
    value.value.trim_end().to_owned()
}

fn optional_text(value: Option<&Spanned<String>>) -> Option<String> {
    value
        .map(|v| v.value.trim_end().to_owned())
        .filter(|v| !v.trim().is_empty())
}

/// A valid identifier, lower-cased, or an error that shows the offending character.
fn identifier(
    file: &SourceFile,
    (what, field): (&str, &str),
    value: &Spanned<String>,
    report: &mut Report,
) -> Option<String> {
    let text = value.value.trim();
    match ids::normalize(text) {
        Ok(id) => Some(id),
        Err(ids::IdProblem::Empty) => {
            let place = file.value_of(field, at(value));
            report.push(file.error(
                place,
                format!("the {what} ID is empty; write the {what}'s ID here"),
            ));
            None
        }
        Err(problem) => {
            report.push(file.error(at(value), format!("{what} ID `{text}` {problem}")));
            None
        }
    }
}

/// An `id:` field must match the file's name.
fn explicit_id(
    file: &SourceFile,
    what: &str,
    id: &str,
    given: Option<&Spanned<String>>,
    report: &mut Report,
) {
    if let Some(given) = given {
        if given.value.trim().to_lowercase() != id {
            report.push(file.error(
                at(given),
                format!(
                    "`id` is `{}` but the file is named `{}`; a {what}'s ID is its file name: rename the file or remove `id:`",
                    given.value.trim(),
                    file.path.rsplit('/').next().unwrap_or(&file.path)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::course::Loaded;
    use crate::course::load::validate_files;
    use crate::course::source::SourceFile;
    use crate::diagnostic::Report;

    const RUBRIC: &str = "title: Oral\nlevels:\n  - { score: 1, label: Low }\n  - { score: 2.5, label: High }\nmastery_level: 2.5\ncriteria:\n  - id: Direction\n    title: Direction\n    descriptors:\n      2.5: Clear.\n      1: Vague.\n";
    const MODULE: &str = "title: Talkback\nskill: Communication\nsummary: Talk.\nobjectives: [Speak]\nlessons:\n  - { title: One, minutes: 30, body: Press. }\nassessed_by: [ORAL]\n";

    fn load(course: &str, modules: &[(&str, &str)], rubrics: &[(&str, &str)]) -> Loaded {
        let files = |list: &[(&str, &str)], dir: &str| -> Vec<SourceFile> {
            list.iter()
                .map(|(id, text)| SourceFile::new(format!("{dir}/{id}.yaml"), *text))
                .collect()
        };
        validate_files(
            Path::new("/course"),
            Some(&SourceFile::new("course.yaml", course)),
            &files(modules, "curriculum"),
            &files(rubrics, "rubrics"),
            Report::default(),
        )
    }

    fn messages(loaded: &Loaded) -> Vec<String> {
        loaded
            .report
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}:{}: {}", d.path, d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn a_valid_course_becomes_a_model_with_lower_case_ids_and_ordered_descriptors() {
        let loaded = load("name: C\n", &[("talkback", MODULE)], &[("oral", RUBRIC)]);
        assert_eq!(messages(&loaded), Vec::<String>::new());
        let course = loaded.course.expect("valid");
        let rubric = &course.rubrics[0];
        assert_eq!(rubric.criteria[0].id, "direction");
        assert_eq!(rubric.criteria[0].descriptors, ["Vague.", "Clear."]);
        assert_eq!(rubric.mastery_index(), 1);
        let module = &course.modules[0];
        assert_eq!(
            (module.skill.as_str(), module.assessed_by[0].as_str()),
            ("communication", "oral")
        );
        assert_eq!(
            course.skills[0].id, "communication",
            "skills come from the modules when course.yaml lists none"
        );
    }

    #[test]
    fn any_error_means_no_model() {
        let loaded = load(
            "name: C\n",
            &[("talkback", MODULE)],
            &[(
                "oral",
                &RUBRIC.replace("mastery_level: 2.5", "mastery_level: 2"),
            )],
        );
        assert_eq!(
            messages(&loaded),
            [
                "rubrics/oral.yaml:5:16: `mastery_level` is 2, which is not a level score; use one of 1, 2.5"
            ]
        );
        assert!(loaded.course.is_none());
    }

    #[test]
    fn warnings_alone_keep_the_model() {
        let loaded = load(
            "name: C\n",
            &[("talkback", MODULE)],
            &[("oral", RUBRIC), ("spare", RUBRIC)],
        );
        assert_eq!(
            messages(&loaded),
            [
                "rubrics/spare.yaml:1:8: rubric `spare` is not used by any module; add it to a module's `assessed_by`, or remove the file"
            ]
        );
        assert!(loaded.course.is_some());
    }

    #[test]
    fn course_level_problems_do_not_hide_module_problems() {
        let loaded = load(
            "name: C\nskills: [{ id: comms, title: Comms }]\nmastery: { method: n_mastery, n: 0 }\n",
            &[("talkback", MODULE)],
            &[("oral", RUBRIC)],
        );
        assert_eq!(
            messages(&loaded),
            [
                "course.yaml:3:34: `n` must be a whole number from 1 to 10, not 0",
                "curriculum/talkback.yaml:2:8: unknown skill `communication`; add it to `skills` in course.yaml",
            ]
        );
    }
}
