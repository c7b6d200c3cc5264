//! Raw files → a valid `Course`, collecting every diagnostic in one pass: per-file checks
//! (identifiers, scales, descriptors, empty text) and then the checks across files
//! (references, prerequisite cycles, unused rubrics).

use serde_saphyr::Spanned;

use super::model::{Course, Mastery, Module, Rubric, Skill};
use super::source::{SourceFile, at};
use crate::diagnostic::{Diagnostics, Place};
use crate::ids;
use crate::text::{self as rules, Lines};

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
    pub issuer: Option<super::model::Issuer>,
    /// The badges as written, their references checked across files later.
    pub badges: Vec<badges::Draft>,
}

mod badges;
mod course_file;
mod module;
mod references;
mod rubric;
mod templates;

pub use badges::badge_references;
pub use course_file::{course, database_url};
pub use module::module;
pub use references::references;
pub use rubric::rubric;
pub use templates::{sentence, templates};

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
    let database = head
        .database
        .map(|d| crate::course::database_path(&root, &d));
    let badges = head
        .badges
        .into_iter()
        .map(|draft| draft.resolve(&modules))
        .collect();
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
        issuer: head.issuer,
        badges,
    }
}

fn errors(report: &Diagnostics) -> usize {
    report.count(crate::diagnostic::Severity::Error)
}

/// A required text: trimmed at the end; an error when blank or when it holds a character the
/// field may not (docs/FORMATS.md § Text). Summaries and bodies are multi-line; the rest one line.
fn text(
    file: &SourceFile,
    field: &str,
    value: &Spanned<String>,
    report: &mut Diagnostics,
) -> String {
    let lines = if matches!(field, "summary" | "body") {
        Lines::Many
    } else {
        Lines::One
    };
    required_text(file, field, value, lines, report)
}

/// A required text of `lines`: trimmed at the end; an error when blank or when it holds a
/// character the field may not.
fn required_text(
    file: &SourceFile,
    field: &str,
    value: &Spanned<String>,
    lines: Lines,
    report: &mut Diagnostics,
) -> String {
    if value.value.trim().is_empty() {
        let place = file.value_of(field, at(value));
        report.push(file.error(place, format!("`{field}` is empty; write some text")));
    }
    clean(file, field, value, lines, report);
    value.value.trim_end().to_owned()
}

/// An optional multi-line text (a description): `None` when blank.
fn optional_text(
    file: &SourceFile,
    field: &str,
    value: Option<&Spanned<String>>,
    report: &mut Diagnostics,
) -> Option<String> {
    let value = value?;
    clean(file, field, value, Lines::Many, report);
    Some(value.value.trim_end().to_owned()).filter(|v| !v.trim().is_empty())
}

/// Reports the first control character of a text value (docs/FORMATS.md § Text) at its own line
/// and column when it is written raw in the file, else at the value (a `"\e"` escape). The
/// line break that ends a block scalar (`title: >`) does not count.
fn clean(
    file: &SourceFile,
    field: &str,
    value: &Spanned<String>,
    lines: Lines,
    report: &mut Diagnostics,
) {
    let Some((index, c)) = rules::forbidden(value.value.trim_end(), lines) else {
        return;
    };
    let place = raw_place(file, value, c).unwrap_or_else(|| at(value));
    report.push(file.error(place, rules::problem(field, index, c)));
}

/// Where `c` is written raw inside the value's span in the file, if it is.
fn raw_place(file: &SourceFile, value: &Spanned<String>, c: char) -> Option<Place> {
    let span = value.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    let written = file.text.get(start..start.checked_add(len)?)?;
    let byte = start + written.find(c)?;
    let before = &file.text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some(Place {
        line: u32::try_from(line).ok()?,
        column: u32::try_from(column).ok()?,
        width: 1,
    })
}

/// A whole number from `low` to `high` (docs/FORMATS.md), or a located error: "out of range" for
/// a number too large or small (4294967295, 1e30), never a wrap or a clamp.
fn whole(
    file: &SourceFile,
    field: &str,
    value: &Spanned<f64>,
    (low, high): (u32, u32),
    report: &mut Diagnostics,
) -> Option<u32> {
    let v = value.value;
    if v.is_finite() && (f64::from(low)..=f64::from(high)).contains(&v) && v.fract() == 0.0 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // whole, in range
        return Some(v as u32);
    }
    let written = file.text_at(at(value));
    let message = if v.is_finite() && !(f64::from(low)..=f64::from(high)).contains(&v) {
        format!("`{field}` is out of range: `{written}`; write a whole number from {low} to {high}")
    } else {
        format!("`{field}` must be a whole number from {low} to {high}, not `{written}`")
    };
    report.push(file.error(at(value), message));
    None
}

/// How many decimal places a number written as `text` has (`2.50` → 1, `1e-7` → 7), or
/// `None` when it is not written as a decimal number (`.inf`).
#[must_use]
fn decimal_places(text: &str) -> Option<u32> {
    let text = text.trim().trim_start_matches(['+', '-']);
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if !(whole.chars().chain(fraction.chars())).all(|c| c.is_ascii_digit() || c == '_')
        || whole.len() + fraction.len() == 0
    {
        return None;
    }
    let digits = i64::try_from(fraction.trim_end_matches(['0', '_']).len()).ok()?;
    u32::try_from((digits - exponent).max(0)).ok()
}

/// A valid identifier, lower-cased, or an error that shows the offending character.
fn identifier(
    file: &SourceFile,
    (what, field): (&str, &str),
    value: &Spanned<String>,
    report: &mut Diagnostics,
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
    report: &mut Diagnostics,
) {
    if let Some(given) = given
        && given.value.trim().to_lowercase() != id
    {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::course::Loaded;
    use crate::course::load::validate_files;
    use crate::course::source::SourceFile;
    use crate::diagnostic::Diagnostics;

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
            Diagnostics::default(),
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
    fn decimal_places_are_counted_as_written() {
        use super::decimal_places;
        assert_eq!(decimal_places("3"), Some(0));
        assert_eq!(decimal_places("2.50"), Some(1));
        assert_eq!(decimal_places("0.123456"), Some(6));
        assert_eq!(decimal_places("0.1234567"), Some(7));
        assert_eq!(decimal_places("1e-7"), Some(7));
        assert_eq!(decimal_places("1.5e3"), Some(0));
        assert_eq!(decimal_places("-2.25"), Some(2));
        assert_eq!(decimal_places(".inf"), None);
        assert_eq!(decimal_places(".nan"), None);
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
                "course.yaml:3:34: `n` is out of range: `0`; write a whole number from 1 to 10",
                "curriculum/talkback.yaml:2:8: unknown skill `communication`; add it to `skills` in course.yaml",
            ]
        );
    }
}
