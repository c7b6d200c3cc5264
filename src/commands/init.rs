//! `rapport init [DIR]`: scaffold a course from the curriculum embedded in the binary.

use std::fs;
use std::path::Path;

use crate::cli::{Global, InitArgs, SchemaKind};
use crate::commands::schema::schema;
use crate::embedded::COURSE_FILES;
use crate::error::{Error, Result};
use crate::status;

pub fn run(global: &Global, args: &InitArgs) -> Result<()> {
    let files = scaffold();
    let dir = &args.dir;
    // Refuse before writing anything: an existing course, or any file we would overwrite.
    if let Some(existing) = std::iter::once("course.yaml")
        .chain(files.iter().map(|(path, _)| path.as_str()))
        .map(|path| dir.join(path))
        .find(|path| path.exists())
    {
        return Err(Error::AlreadyExists { path: existing });
    }
    for (path, text) in &files {
        write(&dir.join(path), text)?;
    }
    let count = |prefix: &str| files.iter().filter(|(p, _)| p.starts_with(prefix)).count();
    status(
        global,
        &format!(
            "created a course in `{}`: {} modules, {} rubrics and the JSON schemas for your editor\n\
             next: `cd {}`, then `rapport check` and `rapport catalog -o handbook`",
            dir.display(),
            count("curriculum/"),
            count("rubrics/"),
            shell_path(dir),
        ),
    );
    Ok(())
}

/// Every file `init` writes: the shipped course with its modelines, and the three schemas.
#[must_use]
pub fn scaffold() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = COURSE_FILES
        .iter()
        .map(|(path, text)| ((*path).to_owned(), with_modeline(path, text)))
        .collect();
    for (name, kind) in [
        ("course", SchemaKind::Course),
        ("module", SchemaKind::Module),
        ("rubric", SchemaKind::Rubric),
    ] {
        files.push((format!("schemas/{name}.schema.json"), schema(kind)));
    }
    files
}

/// The `# yaml-language-server: $schema=…` line for a course file, pointing at schemas/.
#[must_use]
pub fn modeline(path: &str) -> String {
    let kind = crate::course::source::kind_of(path);
    let up = if kind == "course" { "" } else { "../" };
    format!("# yaml-language-server: $schema={up}schemas/{kind}.schema.json")
}

fn with_modeline(path: &str, text: &str) -> String {
    let line = modeline(path);
    if text.lines().next() == Some(line.as_str()) {
        text.to_owned()
    } else {
        format!("{line}\n{text}")
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
    }
    fs::write(path, text).map_err(Error::io("write", path))
}

/// A path as a shell command line needs it: quoted when it holds anything but plain characters.
#[must_use]
pub fn shell_path(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
