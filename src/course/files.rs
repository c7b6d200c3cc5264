//! The one rule for reading a course's files (course.yaml, curriculum/, rubrics/, templates/):
//! regular files inside the course folder only, at most `FILE_LIMIT` bytes, UTF-8. A symlink is
//! followed only to a regular file inside the course; links out of the course, links to folders
//! (two links to `.` would loop), FIFOs and devices are reported, never opened, so nothing
//! outside the course can reach a page and nothing can hang or fill memory. A dangling link is
//! a warning at its own name.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::source::SourceFile;
use crate::diagnostic::{Diagnostics, Place};

/// The largest course file rapport reads: 1 MiB. The biggest real module or rubric is a few
/// kilobytes; a file past this is a mistake or an attack (`/dev/zero` behind a name).
pub const FILE_LIMIT: u64 = 1024 * 1024;

/// A course folder, resolved once so that every link can be checked against it.
pub struct CourseDir {
    root: PathBuf,
    canonical: PathBuf,
}

/// Why an entry is not a file to read.
enum Found {
    /// A real folder.
    Folder,
    /// Gone since it was listed.
    Nothing,
    /// A link to nothing: a warning.
    Dangling(String),
    /// Never read: an error when rapport would have read it; `folder` when it is (or leads
    /// to) a folder.
    Refused { message: String, folder: bool },
}

/// What a folder entry turned out to be, under the rule above.
pub enum Entry {
    /// A regular file (or a link to one inside the course): its path, to be read.
    File(PathBuf),
    /// A real folder (never a link to one).
    Folder,
    /// Not for rapport, or gone: skip it.
    Skip,
    /// Refused and reported: never read, but a course file by its name (its ID still counts,
    /// so references to it are not reported as unknown).
    Refused,
}

impl CourseDir {
    #[must_use]
    pub fn new(root: &Path) -> Self {
        CourseDir {
            root: root.to_owned(),
            canonical: fs::canonicalize(root).unwrap_or_else(|_| root.to_owned()),
        }
    }

    /// What `rel` (relative to the course, `/` separators) is. Problems are reported at `rel`
    /// when `wanted` is set (the entry has a name rapport reads); otherwise the entry is
    /// skipped quietly, except links to folders where `folders_matter` (rapport walks folders
    /// there: `templates/`).
    pub fn entry(
        &self,
        rel: &str,
        (wanted, folders_matter): (bool, bool),
        report: &mut Diagnostics,
    ) -> Entry {
        match self.classify(&self.root.join(rel)) {
            Ok(path) => Entry::File(path),
            Err(Found::Folder) => Entry::Folder,
            Err(Found::Nothing) => Entry::Skip,
            Err(Found::Dangling(message)) => {
                if wanted {
                    report.push(SourceFile::new(rel, "").warning(Place::START, message));
                }
                Entry::Skip
            }
            Err(Found::Refused { message, folder }) => {
                if wanted || (folder && folders_matter) {
                    report.push(SourceFile::new(rel, "").error(Place::START, message));
                    Entry::Refused
                } else {
                    Entry::Skip
                }
            }
        }
    }

    /// The regular file inside the course that `full` is or links to, or what it is instead.
    fn classify(&self, full: &Path) -> Result<PathBuf, Found> {
        let meta = fs::symlink_metadata(full).map_err(|_| Found::Nothing)?;
        if meta.file_type().is_dir() {
            // A real folder can still lie outside the course when a folder above it is a link.
            return match fs::canonicalize(full) {
                Ok(target) if target.starts_with(&self.canonical) => Err(Found::Folder),
                _ => Err(Found::Refused {
                    message: "this folder is outside the course folder (a folder above it is a link out of the course); rapport reads only files inside the course folder".to_owned(),
                    folder: true,
                }),
            };
        }
        let is_link = meta.file_type().is_symlink();
        // Only a link's messages name where it points.
        let written = if is_link {
            fs::read_link(full).map_or_else(|_| "?".to_owned(), |t| t.display().to_string())
        } else {
            String::new()
        };
        let refused = |message: String, folder: bool| Found::Refused { message, folder };
        let target = match fs::canonicalize(full) {
            Ok(target) => target,
            Err(e) if is_link && e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Found::Dangling(format!(
                    "this link points to `{written}`, which does not exist, so it is not read; fix the link or remove it"
                )));
            }
            Err(_) if is_link => {
                return Err(refused(
                    format!(
                        "this link to `{written}` cannot be followed: it leads in a circle of links or through a folder that cannot be opened; replace it with the file itself"
                    ),
                    true,
                ));
            }
            Err(_) => return Err(Found::Nothing),
        };
        // What the path leads to: a file that is no link is what `symlink_metadata` saw.
        let target_meta = if is_link {
            fs::metadata(&target)
        } else {
            Ok(meta)
        };
        let is_dir = target_meta.as_ref().is_ok_and(fs::Metadata::is_dir);
        if !target.starts_with(&self.canonical) {
            return Err(refused(
                if is_link {
                    format!(
                        "this link points outside the course (to `{written}`); rapport reads only files inside the course folder: copy it into the course instead"
                    )
                } else {
                    "this file is outside the course folder (one of its folders is a link out of the course); rapport reads only files inside the course folder".to_owned()
                },
                is_dir,
            ));
        }
        if is_dir {
            return Err(refused(
                format!(
                    "this is a link to the folder `{written}`; rapport does not follow links to folders: copy the folder or link each file"
                ),
                true,
            ));
        }
        let meta = target_meta.map_err(|_| Found::Nothing)?;
        if !meta.is_file() {
            return Err(refused(
                format!(
                    "this is {}, not a regular file, so it is not read; remove it or replace it with a file",
                    special_kind(meta.file_type())
                ),
                false,
            ));
        }
        if meta.len() > FILE_LIMIT {
            return Err(refused(too_large(meta.len()), false));
        }
        Ok(target)
    }

    /// Reads `rel` if it is a file under the rule above: its text, or `None` when it could not
    /// be read (already reported). A file that is not UTF-8 is reported and marked unreadable.
    pub fn read(&self, rel: &str, report: &mut Diagnostics) -> Option<SourceFile> {
        match self.entry(rel, (true, false), report) {
            Entry::File(path) => Some(read_text(&path, rel, report)),
            Entry::Folder => {
                report.push(SourceFile::new(rel, "").error(
                    Place::START,
                    "this is a folder, not a file; remove it or replace it with a file",
                ));
                None
            }
            Entry::Refused => Some(unreadable(rel)),
            Entry::Skip => None,
        }
    }
}

impl CourseDir {
    /// The bytes of `rel` (a badge image) under the same rule as every course file, or why it
    /// cannot be read, in words that follow the file's name.
    pub fn read_bytes(&self, rel: &str) -> Result<Vec<u8>, String> {
        let path = match self.classify(&self.root.join(rel)) {
            Ok(path) => path,
            Err(Found::Nothing) => return Err("does not exist".to_owned()),
            Err(Found::Folder) => return Err("is a folder, not a file".to_owned()),
            Err(Found::Dangling(message) | Found::Refused { message, .. }) => {
                return Err(format!("cannot be read: {message}"));
            }
        };
        let mut bytes = Vec::new();
        crate::regular::open_sized(&path)
            .and_then(|(file, _)| file.take(FILE_LIMIT + 1).read_to_end(&mut bytes))
            .map_err(|e| format!("cannot be read ({e}); check its permissions"))?;
        if bytes.len() as u64 > FILE_LIMIT {
            return Err(too_large(bytes.len() as u64).replacen("this file is", "is", 1));
        }
        Ok(bytes)
    }
}

/// A course file that could not be read (already reported): not parsed, but its ID counts.
#[must_use]
pub fn unreadable(rel: &str) -> SourceFile {
    let mut file = SourceFile::new(rel, "");
    file.readable = false;
    file
}

/// The text of the regular file at `path`, shown as `rel`; unreadable when it cannot be read
/// (reported).
pub fn read_text(path: &Path, rel: &str, report: &mut Diagnostics) -> SourceFile {
    let mut bytes = Vec::new();
    // Bounded even if the file grows between the check and the read.
    // Room for the whole file and a little more, so it is read in one call and the end seen in
    // a second (not in doubling pieces).
    let read = crate::regular::open_sized(path).and_then(|(file, size)| {
        bytes.reserve(usize::try_from(size.min(FILE_LIMIT)).unwrap_or(0) + 64);
        file.take(FILE_LIMIT + 1).read_to_end(&mut bytes)
    });
    if let Err(e) = read {
        report.push(SourceFile::new(rel, "").error(
            Place::START,
            format!("this file cannot be read ({e}); check its permissions"),
        ));
        return unreadable(rel);
    }
    if bytes.len() as u64 > FILE_LIMIT {
        report.push(SourceFile::new(rel, "").error(Place::START, too_large(bytes.len() as u64)));
        return unreadable(rel);
    }
    match String::from_utf8(bytes) {
        Ok(text) => SourceFile::new(rel, text),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let bad = e.as_bytes()[e.utf8_error().valid_up_to()];
            report.push(SourceFile::new(rel, "").error(
                Place {
                    line: u32::try_from(line).unwrap_or(1),
                    column: u32::try_from(column).unwrap_or(1),
                    width: 1,
                },
                format!(
                    "this file is not UTF-8 text (byte 0x{bad:02X}); save it with UTF-8 encoding"
                ),
            ));
            unreadable(rel)
        }
    }
}

fn too_large(bytes: u64) -> String {
    format!(
        "this file is larger than 1 MiB ({bytes} bytes), the most rapport reads from a course file; split it or shorten it"
    )
}

#[cfg(unix)]
fn special_kind(kind: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: fs::FileType) -> &'static str {
    "a special file"
}
