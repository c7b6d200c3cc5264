//! `rapport init [DIR]`: scaffold a course from the curriculum embedded in the binary.

use std::path::Path;

use crate::cli::{Global, InitArgs, SchemaKind};
use crate::commands::schema::schema;
use crate::embedded::COURSE_FILES;
use crate::error::{Error, Result};
use crate::output::{self, Found, Marker, Staging};
use crate::status;

pub fn run(global: &Global, args: &InitArgs) -> Result<()> {
    let files = scaffold();
    let dir = &args.dir;
    output::check_output_folder(dir)?;
    // Refuse before writing anything: an existing course, or anything in the place of a file
    // or folder we would write (never through a symbolic link).
    for path in std::iter::once("course.yaml").chain(files.iter().map(|(path, _)| path.as_str())) {
        let mut folder = Path::new(path).parent();
        while let Some(inside) = folder.filter(|f| !f.as_os_str().is_empty()) {
            output::check_folder(&dir.join(inside))?;
            folder = inside.parent();
        }
        let path = dir.join(path);
        match Found::at(&path)? {
            Found::Missing => {}
            Found::Special(what) => return Err(Error::NotAFile { path, what }),
            Found::File | Found::Folder | Found::Link => {
                return Err(Error::AlreadyExists { path });
            }
        }
    }
    // All or nothing: staged, then moved into place.
    let staging = Staging::begin(dir, &[], Marker::Nothing, false)?;
    for (path, text) in &files {
        staging.write(path, text.clone())?;
    }
    staging.publish(&[])?;
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
