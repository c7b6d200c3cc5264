//! What runs that were killed or interrupted left in an output folder, removed when it is
//! provably rapport's: staging folders and the temporary files of earlier rapports.

use std::fs;
use std::io::Read as _;
use std::path::Path;

use super::{Found, GENERATOR, HEAD, Marker, STAGING, STAMP, STAMP_TEXT, contains, on_disk};

/// Removes from `dir` what runs that were killed or interrupted left, when it is provably
/// rapport's by name and content, and the process that made it no longer runs (Linux's /proc
/// says so; elsewhere, it is a day old): staging folders holding rapport's stamp or nothing
/// but rapport's pages and backups; and the temporary files of earlier rapports
/// (`.NAME.PID.tmp` pages of `report`, `.NAME.PID.partial` backups and their `-journal`).
pub fn remove_abandoned(dir: &Path) {
    let Ok(entries) = fs::read_dir(on_disk(dir)) else {
        return;
    };
    let abandoned = |pid: &str, path: &Path| {
        !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && pid != std::process::id().to_string()
            && if Path::new("/proc/self").exists() {
                !Path::new("/proc").join(pid).exists()
            } else {
                // Without /proc, only what has not changed for a day is surely no run's.
                fs::symlink_metadata(path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 24 * 60 * 60)
            }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if let Some(pid) = name.strip_prefix(STAGING) {
            if abandoned(pid, &path)
                && Found::at(&path).ok() == Some(Found::Folder)
                && provably_staging(&path)
            {
                let _ = fs::remove_dir_all(&path);
            }
            continue;
        }
        let Some(leftover) = Leftover::of(&name) else {
            continue;
        };
        if abandoned(leftover.pid, &path)
            && Found::at(&path).ok() == Some(Found::File)
            && leftover.provable(&path)
        {
            let _ = fs::remove_file(&path);
        }
    }
}

/// A temporary file named as earlier rapports named them: `.NAME.PID.SUFFIX`.
struct Leftover<'a> {
    pid: &'a str,
    suffix: &'a str,
}

impl<'a> Leftover<'a> {
    fn of(name: &'a str) -> Option<Leftover<'a>> {
        let rest = name.strip_prefix('.')?;
        let (rest, suffix) = ["tmp", "partial", "partial-journal"]
            .into_iter()
            .find_map(|suffix| Some((rest.strip_suffix(suffix)?.strip_suffix('.')?, suffix)))?;
        let (stem, pid) = rest.rsplit_once('.')?;
        (!stem.is_empty()).then_some(Leftover { pid, suffix })
    }

    /// Whether the content is what rapport writes there: a page; an `SQLite` file (or nothing
    /// yet); a rollback journal (its magic, a zeroed header, or nothing yet).
    fn provable(&self, path: &Path) -> bool {
        let mut head = Vec::new();
        if crate::regular::open(path)
            .and_then(|f| f.take(HEAD as u64).read_to_end(&mut head))
            .is_err()
        {
            return false;
        }
        match self.suffix {
            "tmp" => contains(&head, GENERATOR.as_bytes()),
            "partial" => head.is_empty() || head.starts_with(b"SQLite format 3\0"),
            _ => {
                head.is_empty()
                    || head.starts_with(&[0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7])
                    || (head.len() >= 28 && head[..28].iter().all(|&b| b == 0))
            }
        }
    }
}

/// A staging folder rapport made: its stamp, or (made by a rapport without stamps, or killed
/// before the stamp was written) nothing but folders, pages and backups.
fn provably_staging(path: &Path) -> bool {
    let stamp = path.join(STAMP);
    if Found::at(&stamp).ok() == Some(Found::File)
        && fs::read_to_string(&stamp).is_ok_and(|text| text == STAMP_TEXT)
    {
        return true;
    }
    only_rapports(path)
}

fn only_rapports(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        let Ok(entry) = entry else { return false };
        let path = entry.path();
        match Found::at(&path) {
            Ok(Found::Folder) => only_rapports(&path),
            Ok(Found::File) => [Marker::Page, Marker::Backup]
                .iter()
                .any(|m| m.carried_by(&path).unwrap_or(false)),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::Leftover;

    #[test]
    fn leftovers_are_named_dot_name_pid_suffix() {
        let of = |name| Leftover::of(name).map(|l| (l.pid, l.suffix));
        assert_eq!(of(".copy.db.123.partial"), Some(("123", "partial")));
        assert_eq!(
            of(".copy.db.123.partial-journal"),
            Some(("123", "partial-journal"))
        );
        assert_eq!(of(".amara.html.9.tmp"), Some(("9", "tmp")));
        assert_eq!(of("copy.db.123.partial"), None);
        assert_eq!(of("..123.tmp"), None);
        assert_eq!(of(".notes.tmp"), None);
    }
}
