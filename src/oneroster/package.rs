//! A OneRoster CSV package's files, read whole into memory from a folder or a `.zip` archive
//! (never extracted to disk): only the files rapport reads, at most `BUDGET` bytes all together
//! (uncompressed); in an archive, entries that are links, that name a place outside it, that
//! repeat a name, that are encrypted, that hold more than their header declares or that are
//! compressed suspiciously well refuse the package, and no more than `MAX_ENTRIES` entries are
//! looked at. A folder's files are opened without following a link, and only if regular.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;
use std::rc::Rc;

use crate::error::{Error, Result};

/// The most bytes rapport reads from one package, all the files it reads together
/// (uncompressed): a roster of a few hundred thousand users fits. Checking a file's rows costs
/// many times its size in memory, so the budget is for the whole package, not per file.
pub const BUDGET: u64 = 64 * 1024 * 1024;

/// An entry larger than this (uncompressed) is refused when compressed more than `MAX_RATIO`
/// to one: a CSV file compresses around ten to one, a zip bomb thousands to one.
const RATIO_FROM: u64 = 1024 * 1024;

/// See `RATIO_FROM`.
const MAX_RATIO: u64 = 100;

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

/// The budget left is `left` bytes and `name` holds `size` (or more): the refusal when it does
/// not fit (alone, or with the files read before it).
fn over_budget(path: &Path, name: &str, size: u64, left: u64) -> Option<Error> {
    if size <= left {
        return None;
    }
    let mib = BUDGET / 1024 / 1024;
    let what = if size > BUDGET {
        format!("{name} is larger than {mib} MiB")
    } else {
        format!(
            "the files rapport reads come to more than {mib} MiB together (the budget for one package), counting {name}"
        )
    };
    Some(Error::refused_with(
        format!("{}: {what}", path.display()),
        "export one school or class at a time",
    ))
}

/// Reads at most `left + 1` bytes of `reader`, refused past the budget.
fn read_within(
    path: &Path,
    name: &str,
    reader: impl std::io::Read,
    left: u64,
) -> Result<std::result::Result<Vec<u8>, std::io::Error>> {
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(left + 1).read_to_end(&mut bytes) {
        return Ok(Err(e));
    }
    match over_budget(path, name, bytes.len() as u64, left) {
        Some(refused) => Err(refused),
        None => Ok(Ok(bytes)),
    }
}

fn folder(dir: &Path) -> Result<Package> {
    let mut files = BTreeMap::new();
    let mut left = BUDGET;
    for name in READ {
        let path = dir.join(name);
        let not_regular = || {
            Error::refused(format!(
                "{}: {name} is not a regular file (a link, a folder or a special file); rapport reads the file itself",
                dir.display()
            ))
        };
        // Opened without following a link and checked on the opened file: a file swapped for
        // a link or a FIFO after a check is never followed or waited on.
        let (file, size) = match crate::regular::open_sized_no_follow(&path) {
            Ok(opened) => opened,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => return Err(not_regular()),
            Err(e) if e.raw_os_error() == Some(libc::EISDIR) => return Err(not_regular()),
            Err(e) => return Err(Error::io("read", &path)(e)),
        };
        if let Some(refused) = over_budget(dir, name, size, left) {
            return Err(refused);
        }
        let bytes = read_within(dir, name, file, left)?.map_err(Error::io("read", &path))?;
        left -= bytes.len() as u64;
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
    let (file, _) = crate::regular::open_sized_no_follow(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            Error::refused_with(
                format!(
                    "{}: not a folder or a zip archive (a link, or a special file)",
                    path.display()
                ),
                "point at the folder holding manifest.csv, or at the .zip the SIS exported",
            )
        } else {
            Error::io("read", path)(e)
        }
    })?;
    let mut zip = zip::ZipArchive::new(file).map_err(not_zip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(Error::refused(format!(
            "{}: the archive holds {} entries; a OneRoster package holds at most a few dozen",
            path.display(),
            zip.len()
        )));
    }
    let mut files = BTreeMap::new();
    let mut left = BUDGET;
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
        let bytes = read_entry(path, known, &shown, &mut entry, left)?;
        left -= bytes.len() as u64;
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

/// An archive's entry read whole, within the budget `left`, no further than its header
/// declares, and only if it is not compressed like a zip bomb.
fn read_entry(
    path: &Path,
    known: &str,
    shown: &str,
    entry: &mut zip::read::ZipFile<'_, std::fs::File>,
    left: u64,
) -> Result<Vec<u8>> {
    let declared = entry.size();
    if let Some(refused) = over_budget(path, known, declared, left) {
        return Err(refused);
    }
    if declared > RATIO_FROM && declared / entry.compressed_size().max(1) > MAX_RATIO {
        return Err(refused_entry(
            path,
            shown,
            &format!(
                "it is compressed more than {MAX_RATIO} to one, which no CSV file is (a zip bomb?)"
            ),
        ));
    }
    // Never more than declared + 1 bytes: an entry holding more than its header says is
    // refused rather than trusted.
    // (The zip crate stops there too, with an error of its own, put in the same words.)
    let longer = || {
        refused_entry(
            path,
            shown,
            &format!("it holds more than the {declared} bytes its header declares"),
        )
    };
    let mut bytes = Vec::new();
    entry
        .take(declared + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            if e.to_string().contains("larger than its declared") {
                longer()
            } else {
                refused_entry(path, shown, &e.to_string())
            }
        })?;
    if bytes.len() as u64 > declared {
        return Err(longer());
    }
    Ok(bytes)
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
