//! Raw files → a valid `Course`, collecting every diagnostic in one pass: per-file checks
//! (identifiers, scales, descriptors, empty text) and then the checks across files
//! (references, prerequisite cycles, unused rubrics).

use serde_saphyr::Spanned;

use super::model::{Course, Mastery, Module, Rubric, Skill};
use super::source::{SourceFile, at};
use crate::diagnostic::Report;
use crate::ids;

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
    pub peer_minimum: u32,
}

mod course_file;
mod module;
mod references;
mod rubric;

pub use course_file::course;
pub use module::module;
pub use references::references;
pub use rubric::rubric;

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
        peer_minimum: head.peer_minimum,
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
