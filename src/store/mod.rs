//! The gradebook: the one owner of the `SQLite` connection. Opening always checks that the file
//! is a rapport database no newer than this binary before anything is written, then sets the
//! pragmas (foreign keys, WAL, busy timeout) and migrates. Commands call the domain functions
//! in `roster` and `assessments`, never SQL.

pub mod assessments;
pub mod badges;
pub mod copy;
pub mod drift;
mod file;
pub mod latest;
pub mod migrations;
pub mod postgres;
pub mod recording;
pub mod roster;
mod scale;
mod server;
pub mod sql;
pub mod staged;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub(crate) use file::db_error;
use file::{
    BUSY_TIMEOUT, busy_retry, header, immutable_uri, kind, ours, temporary_on_disk,
    unreadable_without_shm, verify,
};

use crate::error::{Error, Result};

/// A transaction the store lends to the code that reads or records: the domain functions in
/// `roster` and `assessments` take it, and nothing outside `store/` can run SQL through it (the
/// seam a second database engine will sit behind).
pub struct Tx<'c> {
    inner: sql::Inner<'c>,
}

/// Where a gradebook is: an `SQLite` file, or a PostgreSQL server (a `postgres://` or
/// `postgresql://` URL given where a path may be: `--db`, `RAPPORT_DB`, course.yaml's
/// `database:`). Shown without a password.
#[derive(Clone, Debug)]
pub enum Address {
    File(PathBuf),
    Postgres(Box<postgres::Server>),
}

impl Address {
    /// The gradebook named by `path`: a URL is a server, anything else a file.
    pub fn new(path: PathBuf) -> Result<Address> {
        match path.to_str().filter(|text| postgres::is_url(text)) {
            Some(url) => postgres::Server::parse(url)
                .map(|server| Address::Postgres(Box::new(server)))
                .map_err(|why| {
                    Error::refused(format!(
                        "`{}` is not a PostgreSQL URL rapport can use: {why}",
                        postgres::without_password(url)
                    ))
                }),
            None => Ok(Address::File(path)),
        }
    }

    /// The file, for an `SQLite` gradebook.
    #[must_use]
    pub fn file(&self) -> Option<&Path> {
        match self {
            Address::File(path) => Some(path),
            Address::Postgres(_) => None,
        }
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::File(path) => write!(f, "{}", path.display()),
            Address::Postgres(server) => f.write_str(&server.shown),
        }
    }
}

/// The connection a store owns.
enum Conn {
    Sqlite(Connection),
    Postgres(Box<server::Pg>),
}

pub struct Store {
    conn: Conn,
    /// `None` for an in-memory store (a missing database read as empty, or tests).
    path: Option<PathBuf>,
    /// Opened by `open_read`: no transaction may write.
    read_only: bool,
}

impl Store {
    /// Opens the gradebook for a command that writes, creating it when missing (a PostgreSQL
    /// gradebook: its tables, and its schema when the URL names one).
    pub fn open(address: &Address) -> Result<Store> {
        match address {
            Address::File(path) => Store::open_file(path),
            Address::Postgres(at) => server::open(at, server::Mode::Write),
        }
    }

    /// Opens the gradebook for a command that writes only to a gradebook that exists: a
    /// missing one is an empty gradebook in memory, so a command that refuses creates nothing.
    pub fn open_or_empty(address: &Address) -> Result<Store> {
        match address {
            Address::File(path) => Store::open_file_or_empty(path),
            Address::Postgres(at) => server::open(at, server::Mode::WriteIfThere),
        }
    }

    /// Opens the gradebook for a command that only reads: never written, never migrated, and
    /// never waiting for a writer (it reads the last committed state). A missing gradebook is
    /// an empty one; nothing is created.
    pub fn open_read(address: &Address) -> Result<Store> {
        match address {
            Address::File(path) => Store::open_file_read(path),
            Address::Postgres(at) => server::open(at, server::Mode::Read),
        }
    }

    /// Whether a gradebook exists at `address`: a file, or nothing (`false`); a folder is
    /// refused. A PostgreSQL gradebook: whether its schema holds rapport's tables.
    pub fn exists(address: &Address) -> Result<bool> {
        match address {
            Address::File(path) => {
                kind(path)?;
                Ok(path.is_file())
            }
            Address::Postgres(at) => server::exists(at),
        }
    }

    fn open_file(path: &Path) -> Result<Store> {
        verify(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            return Err(Error::DatabaseFolderMissing {
                path: path.to_owned(),
                folder: parent.to_owned(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Store::connect(path, flags)
    }

    fn open_file_or_empty(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Store::in_memory();
        }
        verify(path)?;
        Store::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }

    /// An `SQLite` file for reading: read-only, without a lock, never migrated, so it works on a
    /// file or folder the user may only read and sees the last committed state at once while
    /// another process writes (a WAL reader never waits for a writer).
    fn open_file_read(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Store::in_memory();
        }
        verify(path)?;
        let fail = db_error(path);
        // Read-write where the file allows it (SQLite falls back to read-only by itself where
        // it does not), so that the last connection to close tidies the write-ahead log away
        // as a writer's would; `query_only` makes sure nothing is ever written through it.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(&fail)?;
        let conn = match conn
            .pragma_update(None, "query_only", true)
            .and_then(|()| header(&conn))
        {
            Ok(_) => conn,
            // A WAL database needs its shared-memory file; where it does not exist and cannot
            // be created (a read-only folder or share), nobody can be writing through it, so
            // the file is read as it stands.
            Err(e) if unreadable_without_shm(&e) => Connection::open_with_flags(
                immutable_uri(path),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX
                    | OpenFlags::SQLITE_OPEN_URI,
            )
            .map_err(&fail)?,
            Err(e) => return Err(fail(e)),
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&fail)?;
        let (id, version, tables) = busy_retry(|| header(&conn)).map_err(&fail)?;
        ours(path, id, version, tables)?;
        if version == 0 {
            // An empty file, or one another rapport is creating right now: no gradebook yet.
            return Store::in_memory();
        }
        if version < migrations::OLDEST_READABLE {
            return Err(Error::OldDatabase {
                path: path.to_owned(),
                version,
                known: migrations::latest(),
            });
        }
        Ok(Store {
            conn: Conn::Sqlite(conn),
            path: Some(path.to_owned()),
            read_only: true,
        })
    }

    /// An empty gradebook in memory.
    pub fn in_memory() -> Result<Store> {
        let fail = db_error(Path::new(":memory:"));
        let mut conn = Connection::open_in_memory().map_err(&fail)?;
        temporary_on_disk(&conn).map_err(&fail)?;
        migrations::migrate(&mut conn).map_err(&fail)?;
        Ok(Store {
            conn: Conn::Sqlite(conn),
            path: None,
            read_only: false,
        })
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<Store> {
        let fail = db_error(path);
        let mut conn = Connection::open_with_flags(path, flags).map_err(&fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&fail)?;
        temporary_on_disk(&conn).map_err(&fail)?;
        // The header check above cannot see changes still in the write-ahead log, nor a
        // process that is creating the file right now; under an exclusive lock these reads see
        // either no schema at all or a whole one. A refusal rolls back, writing nothing.
        let (id, version, tables) = busy_retry(|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
            header(&tx)
        })
        .map_err(&fail)?;
        ours(path, id, version, tables)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(&fail)?;
        busy_retry(|| migrations::migrate(&mut conn)).map_err(&fail)?;
        // After the first migration, so that a new file's schema is in the file itself.
        busy_retry(|| conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())))
            .map_err(&fail)?;
        Ok(Store {
            conn: Conn::Sqlite(conn),
            path: Some(path.to_owned()),
            read_only: false,
        })
    }

    /// Runs `work` in one transaction that starts as a writer (`SQLite`'s `BEGIN IMMEDIATE`;
    /// on PostgreSQL, rapport's advisory lock taken first), so that concurrent writers queue
    /// instead of failing; it commits only if `work` succeeds.
    pub fn write<T>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(Kind::Write, work)
    }

    /// Runs `work` as `write` would, then rolls everything back: a dry run that sees exactly
    /// what the real run would do.
    pub fn rehearse<T>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(Kind::Rehearse, work)
    }

    /// Runs `work` on one read snapshot of the database.
    pub fn read<T>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(Kind::Read, work)
    }

    fn transaction<T>(&mut self, kind: Kind, work: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        assert!(
            !(self.read_only && kind == Kind::Write),
            "a store opened for reading never writes"
        );
        let conn = match &mut self.conn {
            Conn::Sqlite(conn) => conn,
            Conn::Postgres(pg) => return pg.transaction(kind, work),
        };
        let fail = db_error(self.path.as_deref().unwrap_or(Path::new(":memory:")));
        let behavior = if kind == Kind::Read {
            TransactionBehavior::Deferred
        } else {
            TransactionBehavior::Immediate
        };
        let tx = conn.transaction_with_behavior(behavior).map_err(&fail)?;
        let tx = Tx {
            inner: sql::Inner::Sqlite(tx),
        };
        let value = work(&tx)?;
        let sql::Inner::Sqlite(tx) = tx.inner else {
            unreachable!("a SQLite store lends SQLite transactions")
        };
        if kind == Kind::Write {
            tx.commit()
        } else {
            tx.rollback()
        }
        .map_err(&fail)?;
        Ok(value)
    }

    /// `SQLite`'s integrity check: each problem it finds, none when the file is sound. On a
    /// badly damaged file the full check can stop at its first unreadable page; the quick check
    /// (no index cross-checks) then still lists what it can. A check that stops early says so
    /// on its last line. On PostgreSQL (whose server keeps its own pages): rapport's constraints
    /// and indexes that are missing or invalid.
    pub fn integrity(&mut self) -> Result<Vec<String>> {
        if let Conn::Postgres(pg) = &mut self.conn {
            return pg.integrity();
        }
        let (mut lines, stopped) = self.pragma_rows("PRAGMA integrity_check", |row| row.get(0));
        if lines.is_empty() && stopped.is_some() {
            (lines, _) = self.pragma_rows("PRAGMA quick_check", |row| row.get(0));
        }
        let mut lines: Vec<String> = lines
            .iter()
            .flat_map(|l: &String| l.lines())
            .filter(|l| *l != "ok" && !l.starts_with("*** in database"))
            .map(str::to_owned)
            .collect();
        match stopped {
            Some(error) if lines.is_empty() => return Err(self.fail(error)),
            Some(error) => lines.push(format!("(the check stopped early: {error})")),
            None => {}
        }
        Ok(lines)
    }

    /// Rows that point at a row that is not there (`PRAGMA foreign_key_check`; on PostgreSQL,
    /// constraints that are not valid), as many as can be read.
    pub fn references(&mut self) -> Result<Vec<String>> {
        if let Conn::Postgres(pg) = &mut self.conn {
            return pg.references();
        }
        let (mut lines, stopped) = self.pragma_rows("PRAGMA foreign_key_check", |row| {
            Ok(format!(
                "{} row {} points at a missing {}",
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                row.get::<_, String>(2)?
            ))
        });
        match stopped {
            Some(error) if lines.is_empty() => return Err(self.fail(error)),
            Some(error) => lines.push(format!("(the check stopped early: {error})")),
            None => {}
        }
        Ok(lines)
    }

    /// The rows of a pragma up to the first error, and that error (none on PostgreSQL).
    fn pragma_rows(
        &self,
        sql: &str,
        row: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<String>,
    ) -> (Vec<String>, Option<rusqlite::Error>) {
        let Conn::Sqlite(conn) = &self.conn else {
            return (Vec::new(), None);
        };
        let mut statement = match conn.prepare(sql) {
            Ok(statement) => statement,
            Err(e) => return (Vec::new(), Some(e)),
        };
        let mut rows = match statement.query([]) {
            Ok(rows) => rows,
            Err(e) => return (Vec::new(), Some(e)),
        };
        let mut lines = Vec::new();
        loop {
            match rows.next() {
                Ok(Some(r)) => match row(r) {
                    Ok(line) => lines.push(line),
                    Err(e) => return (lines, Some(e)),
                },
                Ok(None) => return (lines, None),
                Err(e) => return (lines, Some(e)),
            }
        }
    }

    fn fail(&self, error: rusqlite::Error) -> Error {
        db_error(self.path.as_deref().unwrap_or(Path::new(":memory:")))(error)
    }

    /// A consistent copy of the whole gradebook in a new `SQLite` file, taken from one read
    /// snapshot while others go on writing (`VACUUM INTO`; from PostgreSQL, every table read in
    /// one repeatable-read transaction). The source is never written.
    pub fn backup_to(&mut self, target: &Path) -> Result<()> {
        let conn = match &self.conn {
            Conn::Sqlite(conn) => conn,
            Conn::Postgres(_) => {
                let mut copy = Store::open_file(target)?;
                self.read(|from| copy.write(|to| copy::tables(from, to).map(drop)))?;
                // In rollback-journal mode, as `VACUUM INTO` writes a backup: a file in WAL mode
                // is a live gradebook, which the next backup would refuse to replace.
                if let Conn::Sqlite(conn) = &copy.conn {
                    conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
                        .map_err(db_error(target))?;
                }
                return Ok(());
            }
        };
        let copy = || {
            conn.pragma_update(None, "query_only", false)?;
            let copied = conn.execute("VACUUM INTO ?1", [target.to_string_lossy()]);
            conn.pragma_update(None, "query_only", true)?;
            copied.map(|_| ())
        };
        copy().map_err(|e| Error::Database {
            path: target.to_owned(),
            message: e.to_string(),
        })
    }

    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// What a transaction may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Write, and commit if the work succeeds.
    Write,
    /// Write, then roll back (a dry run).
    Rehearse,
    /// Read one snapshot.
    Read,
}

/// Now, as stored: RFC 3339 in UTC, to the second.
#[must_use]
pub fn now() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}
