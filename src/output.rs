//! Everything rapport writes where a user points it (`-o`, `init DIR`, `backup FILE`): one place
//! that decides what may be replaced, stages the files, and moves them into place.
//!
//! The rule: rapport replaces or removes only regular files that carry its marker (a page: the
//! generator `<meta>`; a backup: rapport's application ID), never writes or deletes through a
//! symbolic link inside the output folder, never replaces a special file (FIFO, device, socket)
//! or a folder, and refuses any other file in the way, naming it, before anything is written.
//! `--force` replaces such a file (or a link itself, never what it points to).
//!
//! Files are written into a hidden staging folder inside the output folder and moved into
//! place only when every one of them was written, so a failed or killed run leaves the folder
//! as it was. The next run removes what a killed one left: staging folders that are provably
//! rapport's (their name, and a stamp inside or nothing but rapport's files).

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};

mod leftovers;
pub use leftovers::remove_abandoned;

/// The generator `<meta>` every page rapport writes carries in its first kilobyte.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"rapport\">";

/// How far into a page the generator `<meta>` is looked for.
const HEAD: usize = 1024;

/// The prefix of staging folders; the process ID follows.
const STAGING: &str = ".rapport-staging-";

/// The stamp inside a staging folder, written before anything else, and its text.
const STAMP: &str = ".rapport-staging";
const STAMP_TEXT: &str =
    "rapport staging folder: the next run removes it if the run that made it was interrupted\n";

/// What an existing file must carry for rapport to replace it without `--force`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// An HTML page with the generator `<meta>` in its first kilobyte.
    Page,
    /// An `SQLite` file with rapport's application ID, not in WAL mode: a backup. (A live
    /// gradebook is in WAL mode; `VACUUM INTO` writes a rollback-journal file.)
    Backup,
    /// Nothing proves a file rapport's (CSV, JSON, course files): every existing file is the
    /// user's.
    Nothing,
}

impl Marker {
    /// What a file carrying the marker is, in words.
    fn what(self) -> &'static str {
        match self {
            Marker::Page => "a page rapport wrote",
            Marker::Backup => "a backup rapport wrote",
            Marker::Nothing => "a file rapport wrote",
        }
    }

    /// Whether the regular file at `path` carries the marker.
    pub fn carried_by(self, path: &Path) -> io::Result<bool> {
        // Room for the head, so it is read in one call.
        let mut head = Vec::with_capacity(HEAD + 64);
        match self {
            Marker::Nothing => return Ok(false),
            Marker::Page => crate::regular::open(path)?
                .take(HEAD as u64)
                .read_to_end(&mut head)?,
            Marker::Backup => crate::regular::open(path)?
                .take(100)
                .read_to_end(&mut head)?,
        };
        Ok(match self {
            Marker::Page => contains(&head, GENERATOR.as_bytes()),
            Marker::Backup => is_backup(&head),
            Marker::Nothing => false,
        })
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// An `SQLite` header with rapport's application ID and the rollback-journal format bytes.
fn is_backup(header: &[u8]) -> bool {
    header.len() == 100
        && header.starts_with(b"SQLite format 3\0")
        && header[18] == 1
        && header[19] == 1
        && i64::from(u32::from_be_bytes([
            header[68], header[69], header[70], header[71],
        ])) == crate::store::migrations::APPLICATION_ID
}

/// `html` with the generator `<meta>` in its first kilobyte: a course's own `base.html` may
/// leave it out, and a page without it could never be replaced again.
#[must_use]
pub fn mark_page(html: String) -> String {
    let window = &html.as_bytes()[..html.len().min(HEAD)];
    if contains(window, GENERATOR.as_bytes()) {
        return html;
    }
    let mut end = html.len().min(HEAD);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let lower = html[..end].to_ascii_lowercase();
    let at = match lower.find("<head>") {
        Some(i) if i + "<head>".len() + GENERATOR.len() < HEAD => i + "<head>".len(),
        _ if lower.starts_with("<!doctype") => lower.find('>').map_or(0, |i| i + 1),
        _ => 0,
    };
    // In place: a page is copied once more only when its buffer has no room left.
    let mut html = html;
    html.insert_str(at, &format!("\n{GENERATOR}\n"));
    let lead = html.len() - html.trim_start_matches('\n').len();
    html.drain(..lead);
    html
}

/// What is at a path, without following a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    Missing,
    File,
    Folder,
    Link,
    /// A FIFO, a device or a socket, in words ("a named pipe (FIFO)").
    Special(&'static str),
}

impl Found {
    pub fn at(path: &Path) -> Result<Found> {
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Found::Missing),
            Err(e) => Err(Error::io("read", path)(e)),
            Ok(meta) => {
                let kind = meta.file_type();
                Ok(if kind.is_symlink() {
                    Found::Link
                } else if kind.is_dir() {
                    Found::Folder
                } else if kind.is_file() {
                    Found::File
                } else {
                    Found::Special(special(kind))
                })
            }
        }
    }

    /// What is at `path`, following a link (for the output folder the user named).
    fn followed(path: &Path) -> Result<Found> {
        match Found::at(path)? {
            Found::Link => match fs::metadata(path) {
                Ok(meta) if meta.is_dir() => Ok(Found::Folder),
                Ok(meta) if meta.is_file() => Ok(Found::File),
                Ok(meta) => Ok(Found::Special(special(meta.file_type()))),
                // A dangling link: creating the folder would go wherever it points.
                Err(_) => Ok(Found::Link),
            },
            found => Ok(found),
        }
    }
}

#[cfg(unix)]
fn special(kind: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special(_: fs::FileType) -> &'static str {
    "a special file"
}

/// Whether `path` may be written as one file: missing, or a regular file carrying `marker`,
/// or with `force` any regular file or a link (the link itself is replaced).
pub fn check_file(path: &Path, marker: Marker, force: bool) -> Result<()> {
    match Found::at(path)? {
        Found::Missing => Ok(()),
        Found::File | Found::Link if force => Ok(()),
        Found::File if marker == Marker::Nothing => Err(Error::refused_with(
            format!("`{}` already exists; nothing was written", path.display()),
            "choose another name, or pass `--force` to replace it",
        )),
        Found::File => {
            if marker.carried_by(path).map_err(Error::io("read", path))? {
                Ok(())
            } else {
                Err(Error::Foreign {
                    path: path.to_owned(),
                    what: marker.what(),
                })
            }
        }
        Found::Link => Err(Error::OutputIsLink {
            path: path.to_owned(),
        }),
        Found::Folder => Err(Error::NotAFile {
            path: path.to_owned(),
            what: "a folder",
        }),
        Found::Special(what) => Err(Error::NotAFile {
            path: path.to_owned(),
            what,
        }),
    }
}

/// Whether `path` (inside an output folder) may hold files: missing or a real folder.
pub fn check_folder(path: &Path) -> Result<()> {
    match Found::at(path)? {
        Found::Missing | Found::Folder => Ok(()),
        Found::Link => Err(Error::NotAFolder {
            path: path.to_owned(),
            what: "a symbolic link",
        }),
        Found::File => Err(Error::NotAFolder {
            path: path.to_owned(),
            what: "a file",
        }),
        Found::Special(what) => Err(Error::NotAFolder {
            path: path.to_owned(),
            what,
        }),
    }
}

/// Whether the output folder the user named may be used: missing, or a folder (a link to one
/// is followed: the user named it).
pub fn check_output_folder(dir: &Path) -> Result<()> {
    match Found::followed(dir)? {
        Found::Missing | Found::Folder => Ok(()),
        Found::Link => Err(Error::NotAFolder {
            path: dir.to_owned(),
            what: "a symbolic link to nothing",
        }),
        Found::File => Err(Error::NotAFolder {
            path: dir.to_owned(),
            what: "a file",
        }),
        Found::Special(what) => Err(Error::NotAFolder {
            path: dir.to_owned(),
            what,
        }),
    }
}

/// Writes one file whole or not at all (staged beside it, then moved over it), after
/// `check_file`.
pub fn write_file(path: &Path, bytes: &[u8], marker: Marker, force: bool) -> Result<()> {
    stage_file(path, marker, force, |staged| {
        fs::write(staged, bytes).map_err(Error::io("write", path))
    })
}

/// Where a command that writes one file (`-o FILE`, else standard output) writes, checked before
/// it reads anything: `None` for standard output (no `-o`, or `-o -`); refused when FILE names a
/// folder (`out/`, even before it exists) or is a file rapport may not replace (`check_file`).
pub fn file_or_stdout(output: Option<&Path>, marker: Marker, force: bool) -> Result<Option<&Path>> {
    let Some(file) = output.filter(|f| *f != Path::new("-")) else {
        return Ok(None);
    };
    if names_a_folder(file) {
        return Err(Error::NotAFile {
            path: file.to_owned(),
            what: "a folder",
        });
    }
    check_file(file, marker, force)?;
    Ok(Some(file))
}

/// `backups/` names a folder even before it exists.
fn names_a_folder(path: &Path) -> bool {
    path.as_os_str().to_string_lossy().ends_with('/')
}

/// Makes one file with `make` (given the staged path to create) and moves it to `path`, after
/// `check_file`; the folder holding `path` is created when missing.
pub fn stage_file(
    path: &Path,
    marker: Marker,
    force: bool,
    make: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .filter(|_| !names_a_folder(path))
        .ok_or_else(|| Error::NotAFile {
            path: path.to_owned(),
            what: "a folder",
        })?
        .to_string_lossy()
        .into_owned();
    check_file(path, marker, force)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let staging = Staging::begin(dir, &[], marker, force)?;
    staging.stage(&name, make)?;
    staging.publish(&[])?;
    Ok(())
}

/// A staging folder inside an output folder: files are written into it, then `publish` moves
/// them into place. Dropped without `publish`, it is removed, with the output folder when this
/// run created it.
pub struct Staging {
    dir: PathBuf,
    root: PathBuf,
    created: bool,
    marker: Marker,
    force: bool,
    written: Mutex<Vec<String>>,
    published: bool,
}

impl Staging {
    /// Checks the output folder `dir` and the `folders` inside it that this run will write in
    /// or clean, removes what interrupted runs left there, and makes the staging folder (one
    /// per process and folder at a time: its name is the process ID).
    pub fn begin(dir: &Path, folders: &[&str], marker: Marker, force: bool) -> Result<Staging> {
        check_output_folder(dir)?;
        for folder in folders {
            check_folder(&dir.join(folder))?;
        }
        let on_disk = on_disk(dir);
        let created = Found::at(on_disk)? == Found::Missing;
        if created {
            fs::create_dir_all(on_disk).map_err(Error::io("create", dir))?;
        } else {
            remove_abandoned(on_disk);
        }
        let root = on_disk.join(format!("{STAGING}{}", std::process::id()));
        let staging = Staging {
            dir: dir.to_owned(),
            root,
            created,
            marker,
            force,
            written: Mutex::new(Vec::new()),
            published: false,
        };
        // A folder this process left (an earlier failure) is its own: start afresh.
        let _ = fs::remove_dir_all(&staging.root);
        fs::create_dir(&staging.root).map_err(Error::io("create", &staging.root))?;
        let stamp = staging.root.join(STAMP);
        fs::write(&stamp, STAMP_TEXT).map_err(Error::io("write", &stamp))?;
        Ok(staging)
    }

    /// Stages the file `rel` (a `/`-separated path inside the output folder): `make` creates
    /// the file at the path it is given. Safe to call from several threads.
    pub fn stage(&self, rel: &str, make: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
        }
        make(&path)?;
        self.written
            .lock()
            .expect("no thread panics while holding it")
            .push(rel.to_owned());
        Ok(())
    }

    /// Stages the page or file `rel` holding `text` (a page gets the generator `<meta>`).
    pub fn write(&self, rel: &str, text: String) -> Result<()> {
        let text = if self.marker == Marker::Page {
            mark_page(text)
        } else {
            text
        };
        let shown = self.dir.join(rel);
        self.stage(rel, |path| {
            fs::write(path, text).map_err(Error::io("write", shown))
        })
    }

    /// Checks every place a staged file goes (nothing in the way but rapport's own files, or
    /// with `--force` files and links), moves the files into place (a top-level `index.html`
    /// last, so it never links pages not there yet), then removes from the `prune` folders the
    /// pages rapport wrote earlier that this run did not write. The number removed.
    pub fn publish(mut self, prune: &[&str]) -> Result<usize> {
        let mut written = std::mem::take(
            &mut *self
                .written
                .lock()
                .expect("no thread panics while holding it"),
        );
        written.sort_by(|a, b| (a == "index.html", a).cmp(&(b == "index.html", b)));
        let mut folders = BTreeSet::new();
        for rel in &written {
            let mut at = Path::new(rel);
            while let Some(parent) = at.parent().filter(|p| !p.as_os_str().is_empty()) {
                folders.insert(parent.to_owned());
                at = parent;
            }
        }
        folders.extend(prune.iter().map(PathBuf::from));
        for folder in &folders {
            check_folder(&self.dir.join(folder))?;
        }
        // Each place looked at, and later each file moved, on every core (thousands of pages);
        // the first problem in the order above is the one reported.
        written
            .par_iter()
            .map(|rel| check_file(&self.dir.join(rel), self.marker, self.force))
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<()>>()?;
        for folder in &folders {
            let path = self.dir.join(folder);
            match fs::create_dir(&path) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                    return Err(Error::io("create", path)(e));
                }
                _ => check_folder(&path)?,
            }
        }
        let index_last = written.last().is_some_and(|rel| rel == "index.html");
        let (first, last) = written.split_at(written.len() - usize::from(index_last));
        let moved = |rel: &String| {
            let to = self.dir.join(rel);
            fs::rename(self.root.join(rel), &to).map_err(Error::io("write", &to))
        };
        first
            .par_iter()
            .map(moved)
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<()>>()?;
        last.iter().try_for_each(moved)?;
        self.published = true;
        let written: BTreeSet<&str> = written.iter().map(String::as_str).collect();
        let mut removed = 0;
        for folder in prune {
            let path = self.dir.join(folder);
            if Found::at(&path)? != Found::Folder {
                continue;
            }
            for entry in fs::read_dir(&path).map_err(Error::io("read", &path))? {
                let entry = entry.map_err(Error::io("read", &path))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let file = path.join(&name);
                let stale = Path::new(&name).extension().is_some_and(|e| e == "html")
                    && !written.contains(format!("{folder}/{name}").as_str())
                    && Found::at(&file)? == Found::File
                    && Marker::Page.carried_by(&file).unwrap_or(false);
                if stale {
                    fs::remove_file(&file).map_err(Error::io("remove", &file))?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
        // A folder this run created holds nothing useful after a failure (removed only when
        // empty: nothing else can have been put there).
        if self.created && !self.published {
            let _ = fs::remove_dir(on_disk(&self.dir));
        }
    }
}

/// `dir` as the file system takes it: the current folder for an empty path.
fn on_disk(dir: &Path) -> &Path {
    if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_the_marker_gets_it_in_its_head() {
        assert_eq!(
            mark_page("<!DOCTYPE html>\n<html><head><title>x</title>".to_owned()),
            format!("<!DOCTYPE html>\n<html><head>\n{GENERATOR}\n<title>x</title>")
        );
        assert_eq!(
            mark_page("<!doctype html><p>x</p>".to_owned()),
            format!("<!doctype html>\n{GENERATOR}\n<p>x</p>")
        );
        assert_eq!(mark_page("plain".to_owned()), format!("{GENERATOR}\nplain"));
        let marked = format!("<html><head>{GENERATOR}</head>");
        assert_eq!(mark_page(marked.clone()), marked);
        // Past the first kilobyte it does not count: the page gets one early.
        let late = format!("{}<head>{GENERATOR}", "x".repeat(2000));
        assert!(mark_page(late).starts_with(GENERATOR));
    }

    #[test]
    fn a_backup_header_is_sqlite_with_our_id_outside_wal_mode() {
        let mut header = [0u8; 100];
        header[..16].copy_from_slice(b"SQLite format 3\0");
        header[18] = 1;
        header[19] = 1;
        header[68..72].copy_from_slice(&0x5250_5254u32.to_be_bytes());
        assert!(is_backup(&header));
        header[18] = 2;
        header[19] = 2;
        assert!(!is_backup(&header), "a live gradebook in WAL mode");
        header[18] = 1;
        header[19] = 1;
        header[68..72].copy_from_slice(&[0, 0, 0, 0]);
        assert!(!is_backup(&header), "another program's database");
        assert!(!is_backup(&header[..50]));
    }
}
