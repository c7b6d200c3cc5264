//! `rapport backup FILE [--force]`: a consistent online copy of the gradebook (`VACUUM INTO`
//! reads one snapshot, so it completes while others write).

use std::fs;
use std::path::{Path, PathBuf};

use super::database_path;
use crate::cli::{BackupArgs, Global};
use crate::error::{Error, Result};
use crate::status;
use crate::store::Store;

pub fn run(global: &Global, args: &BackupArgs) -> Result<()> {
    let live = database_path(global)?;
    let target = &args.file;
    if !Store::exists(&live)? {
        return Err(Error::Refused {
            message: format!(
                "there is no gradebook at `{}` yet; nothing to back up",
                live.display()
            ),
            hint: None,
        });
    }
    if let Some(what) = is_live(&live, target) {
        return Err(Error::Refused {
            message: format!(
                "`{}` is {what}; a backup goes to another file",
                target.display()
            ),
            hint: None,
        });
    }
    if target.is_dir() {
        return Err(Error::Refused {
            message: format!(
                "`{}` is a folder; name the backup file, e.g. `{}`",
                target.display(),
                target.join("rapport-backup.db").display()
            ),
            hint: None,
        });
    }
    if target.exists() && !args.force {
        return Err(Error::Refused {
            message: format!("`{}` already exists; nothing was written", target.display()),
            hint: Some("pass `--force` to overwrite it".to_owned()),
        });
    }
    let store = Store::open_read(&live)?;
    let name = target
        .file_name()
        .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    let temporary = target.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let _ = fs::remove_file(&temporary);
    let copied = store.backup_to(&temporary);
    if let Err(e) = copied {
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    fs::rename(&temporary, target).map_err(Error::io("write", target))?;
    status(
        global,
        &format!("backed up {} to {}", live.display(), target.display()),
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
