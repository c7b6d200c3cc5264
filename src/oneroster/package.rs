//! A OneRoster CSV package's files, read whole into memory from a folder or a `.zip` archive
//! (never extracted to disk): only the files rapport reads, each at most `MAX_FILE` bytes; in
//! an archive, entries that are links, that name a place outside it, that repeat a name, or that
//! are encrypted refuse the package, and no more than `MAX_ENTRIES` entries are looked at.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read as _;
use std::path::Path;
use std::rc::Rc;

use crate::error::{Error, Result};

/// The largest file rapport reads from a package (uncompressed): a roster of a few hundred
/// thousand users fits many times over.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// The most entries an archive may hold (`OneRoster` defines fewer than twenty files).
pub const MAX_ENTRIES: usize = 1000;

/// The files of the package rapport reads (the specification's names, case and all).
pub const READ: [&str; 6] = [
    "manifest.csv",
    "users.csv",
    "enrollments.csv",
    "classes.csv",
    "academicSessions.csv",
    "orgs.csv",
];

/// The files found, by name, with their bytes.
pub struct Package {
    pub files: BTreeMap<&'static str, Rc<[u8]>>,
}

impl Package {
    /// A folder, or a file read as a zip archive.
    pub fn read(path: &Path) -> Result<Package> {
        let meta = std::fs::symlink_metadata(path).map_err(Error::io("read", path))?;
        if meta.is_dir() {
            return folder(path);
        }
        if !meta.is_file() {
            return Err(Error::refused_with(
                format!(
                    "{}: not a folder or a zip archive (a link, or a special file)",
                    path.display()
                ),
                "point at the folder holding manifest.csv, or at the .zip the SIS exported",
            ));
        }
        archive(path)
    }
}

fn too_large(path: &Path, name: &str) -> Error {
    Error::refused_with(
        format!(
            "{}: {name} is larger than {} MiB",
            path.display(),
            MAX_FILE / 1024 / 1024
        ),
        "export one school or class at a time",
    )
}

fn folder(dir: &Path) -> Result<Package> {
    let mut files = BTreeMap::new();
    for name in READ {
        let path = dir.join(name);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io("read", &path)(e)),
        };
        if !meta.is_file() {
            return Err(Error::refused(format!(
                "{}: {name} is not a regular file (a link, a folder or a special file); rapport reads the file itself",
                dir.display()
            )));
        }
        if meta.len() > MAX_FILE {
            return Err(too_large(dir, name));
        }
        let mut bytes = Vec::new();
        File::open(&path)
            .and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes))
            .map_err(Error::io("read", &path))?;
        if bytes.len() as u64 > MAX_FILE {
            return Err(too_large(dir, name));
        }
        files.insert(name, Rc::from(bytes));
    }
    Ok(Package { files })
}

fn archive(path: &Path) -> Result<Package> {
    let not_zip = |_| {
        Error::refused_with(
            format!(
                "{}: not a zip archive, or a damaged one (a download cut short?)",
                path.display()
            ),
            "point at the folder holding manifest.csv, or at the .zip the SIS exported",
        )
    };
    let file = File::open(path).map_err(Error::io("read", path))?;
    let mut zip = zip::ZipArchive::new(file).map_err(not_zip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(Error::refused(format!(
            "{}: the archive holds {} entries; a OneRoster package holds at most a few dozen",
            path.display(),
            zip.len()
        )));
    }
    let mut files = BTreeMap::new();
    let mut seen: Vec<String> = Vec::new();
    let mut nested = None;
    for index in 0..zip.len() {
        let mut entry = zip
            .by_index(index)
            .map_err(|e| refused_entry(path, &format!("entry {}", index + 1), &e.to_string()))?;
        let name = entry
            .name()
            .map(std::borrow::Cow::into_owned)
            .map_err(|e| refused_entry(path, &format!("entry {}", index + 1), &e.to_string()))?;
        let shown = crate::text::one_line_for_terminal(&name);
        if entry.enclosed_name().is_none() || name.contains('\\') {
            return Err(refused_entry(
                path,
                &shown,
                "its name leads outside the archive",
            ));
        }
        if entry.is_symlink() {
            return Err(refused_entry(path, &shown, "it is a link"));
        }
        if seen.contains(&name) {
            return Err(refused_entry(path, &shown, "the archive holds it twice"));
        }
        seen.push(name.clone());
        if entry.is_dir() {
            continue;
        }
        let Some(known) = READ.iter().find(|known| **known == name) else {
            if nested.is_none()
                && READ
                    .iter()
                    .any(|known| name.ends_with(&format!("/{known}")))
            {
                nested = Some(name);
            }
            continue;
        };
        if entry.size() > MAX_FILE {
            return Err(too_large(path, known));
        }
        let mut bytes = Vec::new();
        (&mut entry)
            .take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| refused_entry(path, &shown, &e.to_string()))?;
        if bytes.len() as u64 > MAX_FILE {
            return Err(too_large(path, known));
        }
        files.insert(*known, Rc::from(bytes));
    }
    if files.is_empty()
        && let Some(nested) = nested
    {
        return Err(Error::refused_with(
            format!(
                "{}: the package's files are inside a folder of the archive (`{}`)",
                path.display(),
                crate::text::one_line_for_terminal(&nested)
            ),
            "zip the files themselves, with manifest.csv at the top of the archive",
        ));
    }
    Ok(Package { files })
}

fn refused_entry(path: &Path, name: &str, why: &str) -> Error {
    Error::refused_with(
        format!(
            "{}: the archive's entry `{name}` is refused: {why}",
            path.display()
        ),
        "export the package again from the SIS, or zip the CSV files yourself",
    )
}
