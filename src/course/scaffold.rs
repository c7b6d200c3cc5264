//! What a new course is made of: the shipped course with a modeline in each file, and the
//! JSON Schemas of the three file formats (derived from the loader's own raw types), for
//! `init`, `schema` and the demo.

use super::raw::{RawCourse, RawModule, RawRubric};
use crate::embedded::COURSE_FILES;

/// The three kinds of course file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Course,
    Module,
    Rubric,
}

impl Kind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Kind::Course => "course",
            Kind::Module => "module",
            Kind::Rubric => "rubric",
        }
    }
}

/// The schema of a kind of file as pretty JSON with a final newline (draft 2020-12,
/// schemars' default).
#[must_use]
pub fn schema(kind: Kind) -> String {
    let schema = match kind {
        Kind::Module => schemars::schema_for!(RawModule),
        Kind::Rubric => schemars::schema_for!(RawRubric),
        Kind::Course => schemars::schema_for!(RawCourse),
    };
    format!(
        "{}\n",
        serde_json::to_string_pretty(&schema).expect("a schema is plain JSON")
    )
}

/// Every file `init` writes: the shipped course with its modelines, and the three schemas.
#[must_use]
pub fn scaffold() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = COURSE_FILES
        .iter()
        .map(|(path, text)| ((*path).to_owned(), with_modeline(path, text)))
        .collect();
    for kind in [Kind::Course, Kind::Module, Kind::Rubric] {
        files.push((format!("schemas/{}.schema.json", kind.name()), schema(kind)));
    }
    files
}

/// The `# yaml-language-server: $schema=…` line for a course file, pointing at schemas/.
#[must_use]
pub fn modeline(path: &str) -> String {
    let kind = super::source::kind_of(path);
    let up = if kind == "course" { "" } else { "../" };
    format!("# yaml-language-server: $schema={up}schemas/{kind}.schema.json")
}

fn with_modeline(path: &str, text: &str) -> String {
    if path.starts_with("badges/") {
        return text.to_owned(); // a badge's image
    }
    let line = modeline(path);
    if text.lines().next() == Some(line.as_str()) {
        text.to_owned()
    } else {
        format!("{line}\n{text}")
    }
}
