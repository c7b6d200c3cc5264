//! `rapport backup FILE [--force]`: a consistent online copy of the gradebook (`VACUUM INTO`
//! reads one snapshot, so it completes while others write). An earlier backup (rapport's
//! application ID, not in WAL mode) is replaced; any other file only with `--force`.

use std::path::{Path, PathBuf};

use super::gradebook_from_course_yaml;
use crate::cli::{BackupArgs, Global};
use crate::error::{Error, Result};
use crate::output::{self, Marker};
use crate::status;
use crate::store::Store;

pub fn run(global: &Global, args: &BackupArgs) -> Result<()> {
    let live = gradebook_from_course_yaml(global)?;
    let target = &args.file;
    if target == Path::new("-") {
        return Err(Error::refused_with(
            "a backup is a database file; it cannot go to standard output",
            "name the backup file, e.g. `rapport backup rapport-backup.db`",
        ));
    }
    if !Store::exists(&live)? {
        return Err(Error::refused(format!(
            "there is no gradebook at `{live}` yet; nothing to back up"
        )));
    }
    if let Some(what) = live.file().and_then(|live| is_live(live, target)) {
        return Err(Error::refused(format!(
            "`{}` is {what}; a backup goes to another file",
            target.display()
        )));
    }
    if target.is_dir() {
        return Err(Error::refused(format!(
            "`{}` is a folder; name the backup file, e.g. `{}`",
            target.display(),
            target.join("rapport-backup.db").display()
        )));
    }
    output::check_file(target, Marker::Backup, args.force)?;
    let mut store = Store::open_read(&live)?;
    // Staged in a hidden folder beside the target (the copy's journal with it), then moved
    // over it: a killed backup leaves only that folder, which the next run removes.
    output::stage_file(target, Marker::Backup, args.force, |staged| {
        store.backup_to(staged)
    })?;
    status(
        global,
        &format!("backed up {} to {}", live, target.display()),
    );
    Ok(())
}

/// Whether `target` is the live database or one of its companion files.
fn is_live(live: &Path, target: &Path) -> Option<&'static str> {
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    let (live, target) = (canonical(live)?, canonical(target)?);
    [
        ("", "the live database"),
        ("-wal", "the live database's write-ahead log"),
        ("-shm", "the live database's shared-memory index"),
        ("-journal", "the live database's journal"),
    ]
    .into_iter()
    .find(|(suffix, _)| {
        let mut name = live.clone().into_os_string();
        name.push(suffix);
        target.as_os_str() == name
    })
    .map(|(_, what)| what)
}
