//! The gradebook: the one owner of the `SQLite` connection. Opening always checks that the file
//! is a rapport database no newer than this binary before anything is written, then sets the
//! pragmas (foreign keys, WAL, busy timeout) and migrates. Commands call the domain functions
//! in `roster` and `assessments`, never SQL.

pub mod assessments;
pub mod drift;
pub mod migrations;
pub mod roster;

use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// How long a writer waits for another process to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Store {
    conn: Connection,
    /// `None` for an in-memory store (a missing database read as empty, or tests).
    path: Option<PathBuf>,
}

impl Store {
    /// Opens the database for a command that writes, creating it when missing.
    pub fn open(path: &Path) -> Result<Store> {
        verify(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.is_dir() {
                return Err(Error::DatabaseFolderMissing {
                    path: path.to_owned(),
                    folder: parent.to_owned(),
                });
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Store::connect(path, flags)
    }

    /// Opens the database for a command that only reads: a missing database is an empty
    /// gradebook, and nothing is created.
    pub fn open_or_empty(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Store::in_memory();
        }
        verify(path)?;
        Store::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }

    /// An empty gradebook in memory.
    pub fn in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory().map_err(db_error(Path::new(":memory:")))?;
        migrations::migrate(&mut conn).map_err(db_error(Path::new(":memory:")))?;
        Ok(Store { conn, path: None })
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<Store> {
        let fail = db_error(path);
        let mut conn = Connection::open_with_flags(path, flags).map_err(&fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&fail)?;
        // The header check above cannot see changes still in the write-ahead log, nor a
        // process that is creating the file right now; under an exclusive lock these reads see
        // either no schema at all or a whole one. A refusal rolls back, writing nothing.
        let (id, version, tables) = busy_retry(|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
            let id: i64 = tx.pragma_query_value(None, "application_id", |r| r.get(0))?;
            let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            Ok((id, version, has_tables(&tx)))
        })
        .map_err(&fail)?;
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
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(&fail)?;
        busy_retry(|| migrations::migrate(&mut conn)).map_err(&fail)?;
        // After the first migration, so that a new file's schema is in the file itself.
        busy_retry(|| conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())))
            .map_err(&fail)?;
        Ok(Store {
            conn,
            path: Some(path.to_owned()),
        })
    }

    /// Runs `work` in one transaction that starts as a writer (`BEGIN IMMEDIATE`), so that
    /// concurrent writers queue instead of failing; it commits only if `work` succeeds.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, true, work)
    }

    /// Runs `work` as `write` would, then rolls everything back: a dry run that sees exactly
    /// what the real run would do.
    pub fn rehearse<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, false, work)
    }

    /// Runs `work` on one read snapshot of the database.
    pub fn read<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Deferred, false, work)
    }

    fn transaction<T>(
        &mut self,
        behavior: TransactionBehavior,
        commit: bool,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let fail = db_error(self.path.as_deref().unwrap_or(Path::new(":memory:")));
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .map_err(&fail)?;
        let value = work(&tx)?;
        if commit { tx.commit() } else { tx.rollback() }.map_err(&fail)?;
        Ok(value)
    }

    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether a gradebook exists at `path`: a file, or nothing (`false`); a folder is refused.
    pub fn exists(path: &Path) -> Result<bool> {
        if path.is_dir() {
            return Err(Error::NotADatabase {
                path: path.to_owned(),
                reason: "a folder, not a gradebook file".to_owned(),
            });
        }
        Ok(path.is_file())
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Runs `op` again while another process holds the lock in a way `SQLite`'s busy handler does
/// not wait for (switching journal modes, two processes creating the file at once), for up to
/// the busy timeout.
fn busy_retry<T>(mut op: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
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

fn has_tables(conn: &Connection) -> bool {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_or(true, |n| n > 0)
}

/// The checks that need no `SQLite`: a folder, a file that is not `SQLite`, or an `SQLite` file
/// that another program marked as its own. An empty file is a new database.
fn verify(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::NotADatabase {
            path: path.to_owned(),
            reason: "a folder, not a gradebook file".to_owned(),
        });
    }
    let Ok(mut file) = File::open(path) else {
        return Ok(());
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

/// Maps an `SQLite` error on the database at `path` to our error.
pub(crate) fn db_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Database {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

/// Now, as stored: RFC 3339 in UTC, to the second.
#[must_use]
pub fn now() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}
