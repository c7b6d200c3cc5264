//! `rapport init [DIR]`: scaffold a course from the curriculum embedded in the binary.

use std::path::Path;

use crate::cli::{Global, InitArgs};
use crate::course::scaffold::scaffold;
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
            super::shell_path(dir),
        ),
    );
    Ok(())
}
