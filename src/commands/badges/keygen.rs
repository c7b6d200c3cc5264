//! `badges keygen [--force]`: a new issuer key, mode 600, outside the course folder.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::badges::keys;
use crate::cli::Global;
use crate::error::{Error, Result};
use crate::output::Found;
use crate::{emit, status};

pub fn run(global: &Global, force: bool) -> Result<()> {
    let path = keys::key_path()?;
    let cwd = std::env::current_dir().map_err(Error::io("read", "."))?;
    let absolute = cwd.join(&path);
    let shown = path.display();
    if path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(Error::refused_with(
            format!(
                "`{shown}` has a `..` in it, so rapport cannot tell it is outside the course folder; nothing was written"
            ),
            "give `RAPPORT_ISSUER_KEY` a path without `..` (an absolute path outside the course, e.g. ~/.config/rapport/issuer.pem)",
        ));
    }
    // The course folder goes to git: a key inside it would be published with it.
    let course = super::super::course_root(global)
        .ok()
        .map(|root| fs::canonicalize(&root).unwrap_or(root));
    if let Some(course) = &course {
        refuse_inside(&path, &resolved(&absolute), course)?;
    }
    match Found::at(&path)? {
        Found::Missing => {}
        Found::File if force => {}
        Found::File => {
            return Err(Error::refused_with(
                format!("`{shown}` already holds an issuer key; nothing was written"),
                "`--force` replaces it; credentials signed with the old key then no longer match the issuer's `did:key`",
            ));
        }
        Found::Link => return Err(Error::OutputIsLink { path }),
        Found::Folder => {
            return Err(Error::NotAFile {
                path,
                what: "a folder",
            });
        }
        Found::Special(what) => return Err(Error::NotAFile { path, what }),
    }
    let key = keys::generate()?;
    let dir = create_folder(&path)?;
    // Checked again once the folder exists: a link made meanwhile must not lead into the course.
    if let Some(course) = &course {
        let real = fs::canonicalize(&dir).map_err(Error::io("read", &dir))?;
        refuse_inside(
            &path,
            &real.join(path.file_name().unwrap_or_default()),
            course,
        )?;
    }
    write_private(&dir, &path, keys::to_pem(&key).as_bytes())?;
    let public = key.verifying_key();
    emit(&format!(
        "key         {shown}\npublic key  {} (Ed25519, base64url)\ndid:key     {}\n",
        keys::jwk(&public)["x"].as_str().unwrap_or_default(),
        keys::did_key(&public)
    ))?;
    status(
        global,
        "keep this file secret and backed up: it signs every credential; without `issuer.id` in course.yaml, the `did:key` above is the issuer",
    );
    Ok(())
}

/// `path` with its existing folders resolved (links followed), the rest as written.
fn resolved(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = fs::canonicalize(at) {
            return rest
                .iter()
                .rev()
                .fold(real, |p: PathBuf, part| p.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                at = parent;
            }
            _ => return path.to_owned(),
        }
    }
}

/// Refused when `real` (the key's path, resolved) is inside `course` (resolved).
fn refuse_inside(path: &Path, real: &Path, course: &Path) -> Result<()> {
    if real.starts_with(course) {
        return Err(Error::refused_with(
            format!(
                "`{}` is inside the course folder `{}`, which is shared through git; nothing was written",
                path.display(),
                course.display()
            ),
            "keep the key outside the course: unset `RAPPORT_ISSUER_KEY` to use ~/.config/rapport/issuer.pem, or point it elsewhere",
        ));
    }
    Ok(())
}

/// The key's folder, created with mode 700 when missing.
fn create_folder(path: &Path) -> Result<PathBuf> {
    use std::os::unix::fs::DirBuilderExt as _;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(Error::io("create", dir))?;
    Ok(dir.to_owned())
}

/// Writes the key with mode 600 from the start (a temporary file beside it in `dir`, then
/// renamed over it).
fn write_private(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&temporary);
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(Error::io("write", path)(e));
    }
    Ok(())
}
