//! The `SQLite` file's side of the store: what is checked before a file is opened (a regular
//! file, `SQLite`'s header, rapport's application ID, a version no newer than this binary), busy
//! waiting, and `SQLite`'s errors in rapport's words.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use super::migrations;
use crate::error::{Error, Result};

/// How long a writer waits for another process to finish before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs `op` again while another process holds the lock in a way `SQLite`'s busy handler does
/// not wait for (switching journal modes, two processes creating the file at once), for up to
/// the busy timeout.
pub(super) fn busy_retry<T>(mut op: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        match op() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// Refuses a database that is newer than this rapport, or another program's (one with a foreign
/// application ID, or with tables but no rapport marker).
pub(super) fn ours(path: &Path, id: i64, version: i64, tables: bool) -> Result<()> {
    if version > migrations::latest() {
        return Err(Error::FutureDatabase {
            path: path.to_owned(),
            version,
            known: migrations::latest(),
        });
    }
    if id != migrations::APPLICATION_ID && (id != 0 || version != 0 || tables) {
        return Err(Error::NotADatabase {
            path: path.to_owned(),
            reason: foreign(id),
        });
    }
    Ok(())
}

/// The application ID, schema version and whether the file has any schema at all.
pub(super) fn header(conn: &Connection) -> rusqlite::Result<(i64, i64, bool)> {
    let id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok((id, version, has_tables(conn)))
}

/// Whether a read-only open failed only because the WAL's shared-memory file is missing and
/// cannot be created (`SQLITE_CANTOPEN`, or `SQLITE_READONLY_CANTINIT` and its kin).
pub(super) fn unreadable_without_shm(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(
                e.code,
                rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly
            )
    )
}

/// `file:PATH?immutable=1`, the path percent-encoded where a URI needs it.
pub(super) fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'%' | b'?' | b'#' => {
                let _ = write!(uri, "%{byte:02X}");
            }
            _ if byte.is_ascii() => uri.push(char::from(*byte)),
            _ => {
                let _ = write!(uri, "%{byte:02X}");
            }
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn has_tables(conn: &Connection) -> bool {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_or(true, |n| n > 0)
}

/// The checks that need no `SQLite`: a folder, a file that is not `SQLite`, or an `SQLite` file
/// that another program marked as its own. An empty file is a new database.
pub(super) fn verify(path: &Path) -> Result<()> {
    kind(path)?;
    let mut file = match crate::regular::open(path) {
        Ok(file) => file,
        // Swapped for something else since `kind` looked: say what it is now.
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            kind(path)?;
            return Err(Error::NotADatabase {
                path: path.to_owned(),
                reason: "not a regular file".to_owned(),
            });
        }
        Err(_) => return Ok(()),
    };
    let mut header = [0u8; 100];
    let read = file.read(&mut header).map_err(Error::io("read", path))?;
    if read == 0 {
        return Ok(());
    }
    if read < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(Error::NotADatabase {
            path: path.to_owned(),
            reason: "not an SQLite database".to_owned(),
        });
    }
    let version = i64::from(u32::from_be_bytes([
        header[60], header[61], header[62], header[63],
    ]));
    let id = i64::from(u32::from_be_bytes([
        header[68], header[69], header[70], header[71],
    ]));
    if id == migrations::APPLICATION_ID && version > migrations::latest() {
        return Err(Error::FutureDatabase {
            path: path.to_owned(),
            version,
            known: migrations::latest(),
        });
    }
    if id != 0 && id != migrations::APPLICATION_ID {
        return Err(Error::NotADatabase {
            path: path.to_owned(),
            reason: foreign(id),
        });
    }
    Ok(())
}

/// Refuses what cannot be a gradebook file without opening it (opening a FIFO would wait for a
/// writer for ever): a folder, a FIFO, a device, a socket. A symlink counts as what it points at.
pub(super) fn kind(path: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt as _;
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let file_type = meta.file_type();
    let reason = if file_type.is_file() {
        return Ok(());
    } else if file_type.is_dir() {
        "a folder, not a gradebook file"
    } else if file_type.is_fifo() {
        "a named pipe (FIFO), not a gradebook file"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device, not a gradebook file"
    } else if file_type.is_socket() {
        "a socket, not a gradebook file"
    } else {
        "not a regular file"
    };
    Err(Error::NotADatabase {
        path: path.to_owned(),
        reason: reason.to_owned(),
    })
}

/// Why an `SQLite` file is not ours, in words.
fn foreign(id: i64) -> String {
    if id == 0 {
        "an SQLite database of another program (it has tables but no rapport marker)".to_owned()
    } else {
        format!(
            "an SQLite database of another program (its application ID is {id:#x}, not rapport's)"
        )
    }
}

/// A database error where no path is at hand (`?` in the domain functions): the store is the one
/// place that knows `rusqlite`.
impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Error {
        Error::Sql(error.to_string())
    }
}

/// Temporary tables and indexes (an import's staged scores, a migration's copies) on disk
/// rather than in memory (the default of the bundled `SQLite`), so that a large file costs
/// pages of a temporary file, not memory. Set before any transaction: it cannot change inside one.
pub(super) fn temporary_on_disk(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "temp_store", "FILE")
}

/// Maps an `SQLite` error on the database at `path` to our error.
pub(crate) fn db_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| match &e {
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.code == rusqlite::ErrorCode::ReadOnly =>
        {
            Error::ReadOnlyDatabase {
                path: path.to_owned(),
            }
        }
        _ => Error::Database {
            path: path.to_owned(),
            message: e.to_string(),
        },
    }
}
