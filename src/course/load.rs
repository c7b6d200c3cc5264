//! Finding a course on disk and loading it: files → raw → validate → model, with every
//! diagnostic collected in one `Diagnostics`.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::files::{self, CourseDir, Entry};
use super::model::Course;
use super::raw::RawCourse;
use super::source::SourceFile;
use super::validate::{self, Parsed};
use crate::diagnostic::{Diagnostic, Diagnostics, Place};
use crate::error::{Error, Result};
use crate::ids;

/// A loaded course: the model when there were no errors, and the full report either way.
pub struct Loaded {
    pub course: Option<Course>,
    pub report: Diagnostics,
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
    let mut report = Diagnostics::default();
    let course = CourseDir::new(root);
    let course_file = course.read("course.yaml", &mut report);
    let modules = read_dir(&course, root, "curriculum", &mut report)?;
    let rubrics = read_dir(&course, root, "rubrics", &mut report)?;
    let templates = templates(root, &mut report)?;
    validate::templates(&templates, &mut report);
    report.files = 1 + modules.len() + rubrics.len() + templates.len();
    Ok(validate_files(
        root,
        course_file.as_ref().filter(|f| f.readable),
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
    mut report: Diagnostics,
) -> Loaded {
    // Every file is parsed and checked on its own, all of them at once on every core (parsing
    // is most of the time a course takes to load); each file reports into its own diagnostics,
    // which are sorted below, so the order in which files finish does not show.
    let (head, (modules, rubrics)) = rayon::join(
        || {
            let mut own = Diagnostics::default();
            let head = course_file.and_then(|file| match file.parse::<RawCourse>() {
                Ok(raw) => Some(validate::course(file, &raw, &mut own)),
                Err(diagnostic) => {
                    own.push(diagnostic);
                    None
                }
            });
            (head, own)
        },
        || {
            rayon::join(
                || load_all(module_files, "module", validate::module),
                || load_all(rubric_files, "rubric", validate::rubric),
            )
        },
    );
    let (head, own) = head;
    report.diagnostics.extend(own.diagnostics);
    let Kind {
        parsed: modules,
        checked: checked_modules,
        ids: module_ids,
        report: own,
    } = modules;
    report.diagnostics.extend(own.diagnostics);
    let Kind {
        parsed: rubrics,
        checked: checked_rubrics,
        ids: rubric_ids,
        report: own,
    } = rubrics;
    report.diagnostics.extend(own.diagnostics);
    let skills = head.as_ref().and_then(|h| h.skills.as_deref());
    validate::references(
        &modules,
        &rubrics,
        (&module_ids, &rubric_ids),
        skills,
        &mut report,
    );
    if let (Some(head), Some(file)) = (&head, course_file) {
        validate::badge_references(
            file,
            &head.badges,
            (&modules, &rubric_ids),
            skills,
            root,
            &mut report,
        );
    }
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

/// The files of one kind, loaded: those parsed (their names valid IDs, not duplicates), what
/// `check` made of each, the IDs of all files (parsed or not), and what they reported.
struct Kind<'a, T, M> {
    parsed: Vec<Parsed<'a, T>>,
    checked: Vec<Option<M>>,
    ids: Vec<String>,
    report: Diagnostics,
}

/// What became of one file on its own.
enum Outcome<'a, T, M> {
    /// Not readable (already reported): not parsed.
    Unreadable,
    Failed(Diagnostic),
    /// Parsed, but its name is not an ID: not checked.
    Nameless,
    Checked(Parsed<'a, T>, Option<M>, Diagnostics),
}

/// Parses and checks every file on every core; then, in file order, reports names that are not
/// IDs and duplicate IDs (a duplicate is neither parsed nor checked, as far as the report
/// shows).
fn load_all<'a, T, M>(
    files: &'a [SourceFile],
    what: &str,
    check: impl Fn(&Parsed<'a, T>, &mut Diagnostics) -> Option<M> + Sync,
) -> Kind<'a, T, M>
where
    T: serde::de::DeserializeOwned + Send,
    M: Send,
{
    let ids: Vec<std::result::Result<String, String>> = files
        .iter()
        .map(|file| {
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            let stem = name.strip_suffix(".yaml").unwrap_or(name);
            ids::normalize(stem).map_err(|problem| {
                format!("{what} ID `{stem}` (from the file name) {problem}; rename the file")
            })
        })
        .collect();
    let outcomes: Vec<Outcome<'a, T, M>> = files
        .par_iter()
        .zip(&ids)
        .map(|(file, id)| {
            if !file.readable {
                return Outcome::Unreadable;
            }
            match (file.parse::<T>(), id) {
                (Err(diagnostic), _) => Outcome::Failed(diagnostic),
                (Ok(_), Err(_)) => Outcome::Nameless,
                (Ok(raw), Ok(id)) => {
                    let parsed = Parsed {
                        file,
                        id: id.clone(),
                        raw,
                    };
                    let mut own = Diagnostics::default();
                    let checked = check(&parsed, &mut own);
                    Outcome::Checked(parsed, checked, own)
                }
            }
        })
        .collect();
    let mut kind = Kind {
        parsed: Vec::new(),
        checked: Vec::new(),
        ids: Vec::new(),
        report: Diagnostics::default(),
    };
    let mut first_of: Vec<&str> = Vec::new();
    for ((file, id), outcome) in files.iter().zip(ids).zip(outcomes) {
        match &id {
            Err(message) => kind.report.push(file.error(Place::START, message.clone())),
            Ok(id) => {
                if let Some(at) = kind.ids.iter().position(|other| other == id) {
                    kind.report.push(file.error(
                        Place::START,
                        format!(
                            "duplicate {what} ID `{id}`: `{}` has the same ID (IDs ignore case); rename one of the files",
                            first_of[at]
                        ),
                    ));
                    continue;
                }
                kind.ids.push(id.clone());
                first_of.push(&file.path);
            }
        }
        match outcome {
            Outcome::Unreadable | Outcome::Nameless => {}
            Outcome::Failed(diagnostic) => kind.report.push(diagnostic),
            Outcome::Checked(parsed, checked, own) => {
                kind.parsed.push(parsed);
                kind.checked.push(checked);
                kind.report.diagnostics.extend(own.diagnostics);
            }
        }
    }
    kind
}

/// Every `*.yaml` in `root/dir`, sorted by name; `*.yml` files get a warning. The suffixes are
/// compared exactly: docs/FORMATS.md reads `*.yaml` only. Files are read under the rule of
/// `files.rs`: regular files inside the course, links to them, nothing else.
fn read_dir(
    course: &CourseDir,
    root: &Path,
    dir: &str,
    report: &mut Diagnostics,
) -> Result<Vec<SourceFile>> {
    if !matches!(course.entry(dir, (false, true), report), Entry::Folder) {
        return Ok(Vec::new());
    }
    let mut names = names_in(
        root,
        (dir, "be an ID"),
        |name| name.to_ascii_lowercase().ends_with(".yaml"),
        report,
    )?;
    names.sort();
    // Files are looked at and read on every core (a thousand modules are a thousand opens),
    // each with its own diagnostics, kept in name order.
    let read: Vec<(Option<SourceFile>, Diagnostics)> = names
        .par_iter()
        .map(|name| {
            let mut own = Diagnostics::default();
            let file = read_entry(course, dir, name, &mut own);
            (file, own)
        })
        .collect();
    let mut found = Vec::new();
    for (file, own) in read {
        report.diagnostics.extend(own.diagnostics);
        found.extend(file);
    }
    Ok(found)
}

/// The course file `dir/name` read, or a warning when its suffix is near `.yaml`.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn read_entry(
    course: &CourseDir,
    dir: &str,
    name: &str,
    report: &mut Diagnostics,
) -> Option<SourceFile> {
    let path = format!("{dir}/{name}");
    let lower = name.to_ascii_lowercase();
    if name.ends_with(".yaml") {
        match course.entry(&path, (true, false), report) {
            Entry::File(full) => return Some(files::read_text(&full, &path, report)),
            Entry::Refused => return Some(files::unreadable(&path)),
            Entry::Folder | Entry::Skip => {}
        }
    } else if (lower.ends_with(".yml") || lower.ends_with(".yaml"))
        && matches!(course.entry(&path, (false, false), report), Entry::File(_))
    {
        let stem = &name[..name.rfind('.').unwrap_or(name.len())];
        report.push(SourceFile::new(path, "").warning(
            Place::START,
            format!("`{name}` is not read: rapport reads only `*.yaml` files; rename it to `{stem}.yaml`"),
        ));
    }
    None
}

/// The names in `root/dir` (none when it does not exist). A name that is not UTF-8 is reported
/// when `wanted` says rapport would read it.
fn names_in(
    root: &Path,
    (dir, why): (&str, &str),
    wanted: impl Fn(&str) -> bool,
    report: &mut Diagnostics,
) -> Result<Vec<String>> {
    let full = root.join(dir);
    let entries = match fs::read_dir(&full) {
        Ok(entries) => entries,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(Vec::new());
        }
        Err(e) => return Err(Error::io("read", &full)(e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(Error::io("read", &full))?;
        match entry.file_name().into_string() {
            Ok(name) => names.push(name),
            Err(raw) => {
                let shown = raw.to_string_lossy().into_owned();
                if wanted(&shown) {
                    report.push(SourceFile::new(format!("{dir}/{shown}"), "").error(
                        Place::START,
                        format!("this file's name is not UTF-8 text, so it cannot {why}; rename the file"),
                    ));
                }
            }
        }
    }
    Ok(names)
}

/// The files of the course's `templates/` folder that rapport reads (`*.html` and `*.css`,
/// not hidden files or notes beside them), as (template name, file), sorted by name. Real
/// sub-folders are walked; links follow the rule of `files.rs`.
pub fn templates(root: &Path, report: &mut Diagnostics) -> Result<Vec<(String, SourceFile)>> {
    let course = CourseDir::new(root);
    let mut found = Vec::new();
    if matches!(
        course.entry("templates", (false, true), report),
        Entry::Folder
    ) {
        walk_templates(&course, root, "templates", &mut found, report)?;
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Template names are case-sensitive, so are their suffixes.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn is_template(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".css")
}

fn walk_templates(
    course: &CourseDir,
    root: &Path,
    dir: &str,
    found: &mut Vec<(String, SourceFile)>,
    report: &mut Diagnostics,
) -> Result<()> {
    for name in names_in(root, (dir, "name a template"), is_template, report)? {
        if name.starts_with('.') {
            continue;
        }
        let path = format!("{dir}/{name}");
        match course.entry(&path, (is_template(&name), true), report) {
            Entry::Folder => walk_templates(course, root, &path, found, report)?,
            Entry::File(full) if is_template(&name) => {
                let file = files::read_text(&full, &path, report);
                found.push((path["templates/".len()..].to_owned(), file));
            }
            Entry::File(_) | Entry::Refused | Entry::Skip => {}
        }
    }
    Ok(())
}
