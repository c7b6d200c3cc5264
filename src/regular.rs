//! Opening a path for reading only when it is a regular file, decided on the opened file
//! itself: a path checked first and opened after could be swapped for a FIFO in between, and
//! opening a FIFO waits for a writer for ever.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::Path;

/// `path` opened for reading if it is a regular file (a link is followed). Anything else is an
/// `InvalidInput` error; the open itself never blocks (`O_NONBLOCK`, which changes nothing for
/// reading a regular file).
pub fn open(path: &Path) -> io::Result<File> {
    open_sized(path).map(|(file, _)| file)
}

/// `open`, with the file's size when it was opened (to read it whole in one call).
pub fn open_sized(path: &Path) -> io::Result<(File, u64)> {
    open_with(path, libc::O_NONBLOCK)
}

/// `open_sized`, but a link is never followed (`O_NOFOLLOW`): a path that is a link when it is
/// opened is an `InvalidInput` error, like a FIFO.
pub fn open_sized_no_follow(path: &Path) -> io::Result<(File, u64)> {
    match open_with(path, libc::O_NONBLOCK | libc::O_NOFOLLOW) {
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a link, not a regular file",
        )),
        other => other,
    }
}

fn open_with(path: &Path, flags: i32) -> io::Result<(File, u64)> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() {
        Ok((file, meta.len()))
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_waiting_and_a_file_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(open(&fifo).unwrap_err().kind(), io::ErrorKind::InvalidInput);
        assert_eq!(
            open(Path::new("/dev/null")).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(open(&file).is_ok());
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(open(&link).is_ok());
        assert_eq!(
            open_sized_no_follow(&link).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
        assert_eq!(
            open_sized_no_follow(&fifo).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
        assert_eq!(open_sized_no_follow(&file).unwrap().1, 1);
    }
}
