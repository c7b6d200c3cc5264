//! Finding a course on disk and loading it: files → raw → validate → model, with every
//! diagnostic collected in one `Report`.

use std::fs;
use std::path::{Path, PathBuf};

use super::model::Course;
use super::raw::{RawCourse, RawModule, RawRubric};
use super::source::SourceFile;
use super::validate::{self, Parsed};
use crate::diagnostic::{Place, Report};
use crate::error::{Error, Result};
use crate::ids;

/// A loaded course: the model when there were no errors, and the full report either way.
pub struct Loaded {
    pub course: Option<Course>,
    pub report: Report,
}

/// The course folder: `explicit` (from `--course` or `RAPPORT_COURSE`), else the nearest folder
/// from `start` upwards that holds course.yaml.
pub fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if !dir.is_dir() {
            return Err(Error::CourseDirMissing {
                dir: dir.to_owned(),
            });
        }
        if !dir.join("course.yaml").is_file() {
            return Err(Error::NotACourse {
                dir: dir.to_owned(),
            });
        }
        return Ok(dir.to_owned());
    }
    start
        .ancestors()
        .find(|dir| dir.join("course.yaml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoCourse {
            start: start.to_owned(),
        })
}

/// Reads every file of the course at `root` and validates it.
pub fn load(root: &Path) -> Result<Loaded> {
    let mut report = Report::default();
    let course_file = read(root, "course.yaml", &mut report)?;
    let modules = read_dir(root, "curriculum", &mut report)?;
    let rubrics = read_dir(root, "rubrics", &mut report)?;
    report.files = 1 + modules.len() + rubrics.len();
    Ok(validate_files(
        root,
        Some(&course_file).filter(|f| f.readable),
        &modules,
        &rubrics,
        report,
    ))
}

/// Validates course files already in memory (the embedded course, or files read from disk).
#[must_use]
pub fn validate_files(
    root: &Path,
    course_file: Option<&SourceFile>,
    module_files: &[SourceFile],
    rubric_files: &[SourceFile],
    mut report: Report,
) -> Loaded {
    let head = course_file.and_then(|file| match file.parse::<RawCourse>() {
        Ok(raw) => Some(validate::course(file, &raw, &mut report)),
        Err(diagnostic) => {
            report.push(diagnostic);
            None
        }
    });
    let (modules, module_ids) = parse_all::<RawModule>(module_files, "module", &mut report);
    let (rubrics, rubric_ids) = parse_all::<RawRubric>(rubric_files, "rubric", &mut report);
    let checked_rubrics: Vec<_> = rubrics
        .iter()
        .map(|r| validate::rubric(r, &mut report))
        .collect();
    let checked_modules: Vec<_> = modules
        .iter()
        .map(|m| validate::module(m, &mut report))
        .collect();
    let skills = head.as_ref().and_then(|h| h.skills.as_deref());
    validate::references(
        &modules,
        &rubrics,
        (&module_ids, &rubric_ids),
        skills,
        &mut report,
    );
    report.sort();
    let complete = !report.has_errors()
        && checked_modules.len() == module_files.len()
        && checked_rubrics.len() == rubric_files.len();
    let course = match head {
        Some(head) if complete => Some(validate::assemble(
            root.to_owned(),
            head,
            checked_modules.into_iter().flatten().collect(),
            checked_rubrics.into_iter().flatten().collect(),
        )),
        _ => None,
    };
    Loaded { course, report }
}

/// Parses each file whose name is a valid ID; reports the others and duplicate IDs. Also
/// returns the IDs of all files, parsed or not.
fn parse_all<'a, T: serde::de::DeserializeOwned>(
    files: &'a [SourceFile],
    what: &str,
    report: &mut Report,
) -> (Vec<Parsed<'a, T>>, Vec<String>) {
    let mut parsed: Vec<Parsed<'a, T>> = Vec::new();
    let mut all_ids: Vec<(String, &str)> = Vec::new();
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let stem = name.strip_suffix(".yaml").unwrap_or(name);
        let id = match ids::normalize(stem) {
            Ok(id) => Some(id),
            Err(problem) => {
                report.push(file.error(
                    Place::START,
                    format!("{what} ID `{stem}` (from the file name) {problem}; rename the file"),
                ));
                None
            }
        };
        if let Some(id) = &id {
            if let Some((_, first)) = all_ids.iter().find(|(other, _)| other == id) {
                report.push(file.error(
                    Place::START,
                    format!(
                        "duplicate {what} ID `{id}`: `{first}` has the same ID (IDs ignore case); rename one of the files"
                    ),
                ));
                continue;
            }
            all_ids.push((id.clone(), &file.path));
        }
        if !file.readable {
            continue;
        }
        match file.parse::<T>() {
            Ok(raw) => {
                if let Some(id) = id {
                    parsed.push(Parsed { file, id, raw });
                }
            }
            Err(diagnostic) => report.push(diagnostic),
        }
    }
    (parsed, all_ids.into_iter().map(|(id, _)| id).collect())
}

/// Reads a course file. A file that is not UTF-8 is reported and marked unreadable rather than
/// stopping the run, so every other file is still checked.
fn read(root: &Path, path: &str, report: &mut Report) -> Result<SourceFile> {
    let full = root.join(path);
    let bytes = fs::read(&full).map_err(Error::io("read", &full))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let bad = e.as_bytes()[e.utf8_error().valid_up_to()];
            report.push(SourceFile::new(path, "").error(
                Place {
                    line: u32::try_from(line).unwrap_or(1),
                    column: u32::try_from(column).unwrap_or(1),
                    width: 1,
                },
                format!(
                    "this file is not UTF-8 text (byte 0x{bad:02X}); save it with UTF-8 encoding"
                ),
            ));
            Ok(SourceFile {
                readable: false,
                ..SourceFile::new(path, "")
            })
        }
    }
}

/// Every `*.yaml` in `root/dir`, sorted by name; `*.yml` files get a warning. The suffixes are
/// compared exactly: FORMATS.md reads `*.yaml` only.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn read_dir(root: &Path, dir: &str, report: &mut Report) -> Result<Vec<SourceFile>> {
    let full = root.join(dir);
    let entries = match fs::read_dir(&full) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", &full)(e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(Error::io("read", &full))?;
        if !entry.path().is_file() {
            continue;
        }
        match entry.file_name().into_string() {
            Ok(name) => names.push(name),
            Err(raw) => {
                let shown = raw.to_string_lossy().into_owned();
                if shown.to_ascii_lowercase().ends_with(".yaml") {
                    report.push(SourceFile::new(format!("{dir}/{shown}"), "").error(
                        Place::START,
                        "this file's name is not UTF-8 text, so it cannot be an ID; rename the file",
                    ));
                }
            }
        }
    }
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let path = format!("{dir}/{name}");
        let lower = name.to_ascii_lowercase();
        if name.ends_with(".yaml") {
            files.push(read(root, &path, report)?);
        } else if lower.ends_with(".yml") || lower.ends_with(".yaml") {
            let stem = &name[..name.rfind('.').unwrap_or(name.len())];
            report.push(SourceFile::new(path, "").warning(
                Place::START,
                format!("`{name}` is not read: rapport reads only `*.yaml` files; rename it to `{stem}.yaml`"),
            ));
        }
    }
    Ok(files)
}
