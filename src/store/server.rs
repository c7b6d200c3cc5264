//! The store's PostgreSQL half: opening (the schema checked to be rapport's and no newer than
//! this binary before anything is written), migrating under an advisory lock, and transactions.
//! Writers are serialised by one advisory lock per gradebook, taken first in every write
//! transaction (as `SQLite`'s `BEGIN IMMEDIATE` does), so two writers never conflict and none
//! has to be retried; readers read one repeatable-read snapshot and never wait for a writer.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;

use postgres::IsolationLevel;

use super::postgres::Server;
use super::sql::{Inner, PgTx};
use super::{Conn, Kind, Store, Tx, migrations};
use crate::error::{Error, Result};

/// The advisory lock that serialises rapport's writers on one gradebook: keyed by the schema its
/// tables are in, as the server resolves it (so two URLs naming one schema differently share it),
/// or by the name the URL gives before that schema exists.
const LOCK: &str = "SELECT pg_advisory_xact_lock(hashtextextended('rapport:' || coalesce(current_schema(), $1), 0))";

/// How long a writer waits for another rapport's write to finish (as `SQLite`'s busy timeout).
const LOCK_TIMEOUT: &str = "SET LOCAL lock_timeout = '30s'";

/// What a command will do with the gradebook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// Write, creating the gradebook's tables (and schema) when missing.
    Write,
    /// Write to a gradebook that exists; a missing one is empty, and nothing is created.
    WriteIfThere,
    /// Read only.
    Read,
}

/// An open connection and the statements prepared on it.
pub(super) struct Pg {
    client: postgres::Client,
    prepared: RefCell<HashMap<String, postgres::Statement>>,
    server: Server,
}

pub(super) fn open(server: &Server, mode: Mode) -> Result<Store> {
    let mut client = server.connect()?;
    let fail = |e: postgres::Error| failure(server, &e);
    if let Some(schema) = &server.schema {
        client
            .batch_execute(&format!("SET search_path TO {}", quoted(schema)))
            .map_err(fail)?;
    }
    let version = marker(&mut client, server)?;
    match (mode, version) {
        (Mode::Read | Mode::WriteIfThere, None) => return Store::in_memory(),
        (Mode::Read, Some(version)) if version < migrations::OLDEST_READABLE => {
            return Err(Error::OldDatabase {
                path: PathBuf::from(&server.shown),
                version,
                known: migrations::latest(),
            });
        }
        (Mode::Read, _) => {}
        // Up to date: nothing to migrate, and no lock to take for it.
        (_, Some(version)) if version == migrations::latest() => {}
        _ => migrate(&mut client, server)?,
    }
    Ok(Store {
        conn: Conn::Postgres(Box::new(Pg {
            client,
            prepared: RefCell::new(HashMap::new()),
            server: server.clone(),
        })),
        path: Some(PathBuf::from(&server.shown)),
        read_only: mode == Mode::Read,
    })
}

/// Whether the server holds a rapport gradebook where `server` points.
pub(super) fn exists(server: &Server) -> Result<bool> {
    let mut client = server.connect()?;
    if let Some(schema) = &server.schema {
        client
            .batch_execute(&format!("SET search_path TO {}", quoted(schema)))
            .map_err(|e| failure(server, &e))?;
    }
    Ok(marker(&mut client, server)?.is_some())
}

/// The schema version recorded in `rapport_migration`; `None` for a schema without rapport's
/// tables. A schema holding other tables but not rapport's, or a version newer than this
/// binary's, is refused.
fn marker(client: &mut impl postgres::GenericClient, server: &Server) -> Result<Option<i64>> {
    let fail = |e: postgres::Error| failure(server, &e);
    let row = client
        .query_one(
            "SELECT to_regclass('rapport_migration') IS NOT NULL,
                    EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm'))",
            &[],
        )
        .map_err(fail)?;
    let (ours, tables): (bool, bool) = (row.get(0), row.get(1));
    if !ours {
        if tables {
            return Err(Error::NotADatabase {
                path: PathBuf::from(&server.shown),
                reason: "a PostgreSQL schema of another program (it has tables but no \
                         rapport_migration table)"
                    .to_owned(),
            });
        }
        return Ok(None);
    }
    let version: Option<i64> = client
        .query_one("SELECT max(version) FROM rapport_migration", &[])
        .map_err(fail)?
        .get(0);
    let version = version.unwrap_or(0);
    if version > migrations::latest() {
        return Err(Error::FutureDatabase {
            path: PathBuf::from(&server.shown),
            version,
            known: migrations::latest(),
        });
    }
    Ok(Some(version))
}

/// Creates the schema and tables, or brings them up to date, in one transaction under the
/// advisory lock: of two rapport processes migrating at once, the second finds the work done.
fn migrate(client: &mut postgres::Client, server: &Server) -> Result<()> {
    let fail = |e: postgres::Error| failure(server, &e);
    let mut tx = client.transaction().map_err(fail)?;
    tx.batch_execute(LOCK_TIMEOUT).map_err(fail)?;
    tx.execute(LOCK, &[&server.schema.as_deref().unwrap_or("public")])
        .map_err(fail)?;
    if let Some(schema) = &server.schema {
        tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {}", quoted(schema)))
            .map_err(fail)?;
    }
    let (base, base_sql) = migrations::POSTGRES_BASE;
    let mut version = marker(&mut tx, server)?.unwrap_or(0);
    let applied = |tx: &mut postgres::Transaction<'_>, version: i64| {
        tx.execute(
            "INSERT INTO rapport_migration (version, applied_at) VALUES ($1, $2)",
            &[&version, &super::now()],
        )
    };
    if version == 0 {
        tx.batch_execute(base_sql).map_err(fail)?;
        applied(&mut tx, base).map_err(fail)?;
        version = base;
    }
    for (step, migration) in migrations::POSTGRES.iter().enumerate() {
        let to = base + 1 + i64::try_from(step).unwrap_or(i64::MAX);
        if to > version {
            tx.batch_execute(migration).map_err(fail)?;
            applied(&mut tx, to).map_err(fail)?;
        }
    }
    tx.commit().map_err(fail)
}

impl Pg {
    pub(super) fn transaction<T>(
        &mut self,
        kind: Kind,
        work: impl FnOnce(&Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let server = &self.server;
        let fail = |e: postgres::Error| failure(server, &e);
        let mut builder = self.client.build_transaction();
        builder = if kind == Kind::Read {
            builder
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
        } else {
            builder.isolation_level(IsolationLevel::ReadCommitted)
        };
        let mut tx = builder.start().map_err(fail)?;
        if kind != Kind::Read {
            tx.batch_execute(LOCK_TIMEOUT).map_err(fail)?;
            tx.execute(LOCK, &[&server.schema.as_deref().unwrap_or("public")])
                .map_err(|e| busy(server, &e))?;
        }
        let tx = Tx {
            inner: Inner::Postgres(PgTx {
                tx: RefCell::new(tx),
                prepared: &self.prepared,
            }),
        };
        let value = work(&tx)?;
        let Inner::Postgres(pg) = tx.inner else {
            unreachable!("a PostgreSQL store lends PostgreSQL transactions")
        };
        let tx = pg.tx.into_inner();
        if kind == Kind::Write {
            tx.commit()
        } else {
            tx.rollback()
        }
        .map_err(fail)?;
        Ok(value)
    }

    /// What the schema must hold and does not: each of rapport's constraints (keys, references,
    /// checks) and indexes that is missing (dropped by hand), and each index the server marks
    /// invalid (a failed concurrent build). The server checks its own pages.
    pub(super) fn integrity(&mut self) -> Result<Vec<String>> {
        let server = &self.server;
        let present = |client: &mut postgres::Client, sql: &str| -> Result<Vec<String>> {
            Ok(client
                .query(sql, &[])
                .map_err(|e| failure(server, &e))?
                .iter()
                .map(|row| row.get::<_, String>(0))
                .collect())
        };
        let constraints = present(
            &mut self.client,
            "SELECT c.conname::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE n.nspname = current_schema()",
        )?;
        let indexes = present(
            &mut self.client,
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind = 'i'",
        )?;
        let invalid = present(
            &mut self.client,
            "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND NOT i.indisvalid ORDER BY 1",
        )?;
        let mut found: Vec<String> = CONSTRAINTS
            .iter()
            .filter(|(_, name)| !constraints.iter().any(|c| c == name))
            .map(|(table, name)| format!("{table}: the constraint {name} is missing"))
            .collect();
        found.extend(
            INDEXES
                .iter()
                .filter(|(_, name)| !indexes.iter().any(|i| i == name))
                .map(|(table, name)| format!("{table}: the index {name} is missing")),
        );
        found.extend(
            invalid
                .iter()
                .map(|name| format!("the index {name} is not valid (rebuild it with REINDEX)")),
        );
        Ok(found)
    }

    /// Foreign keys the server does not enforce (added `NOT VALID`, or broken by hand): the
    /// server enforces every other one itself, so no row can point at a missing one.
    pub(super) fn references(&mut self) -> Result<Vec<String>> {
        let rows = self
            .client
            .query(
                "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c
                 JOIN pg_namespace n ON n.oid = c.connamespace
                 WHERE n.nspname = current_schema() AND c.contype = 'f' AND NOT c.convalidated
                 ORDER BY 1, 2",
                &[],
            )
            .map_err(|e| failure(&self.server, &e))?;
        Ok(rows
            .iter()
            .map(|row| {
                format!(
                    "{}: the constraint {} is not checked by the server",
                    row.get::<_, String>(0),
                    row.get::<_, String>(1)
                )
            })
            .collect())
    }
}

/// rapport's constraints on PostgreSQL (`migrations::POSTGRES_BASE`), by table, as the server
/// names them.
const CONSTRAINTS: &[(&str, &str)] = &[
    ("assessment", "assessment_pkey"),
    ("assessment", "assessment_role_check"),
    ("assessment", "assessment_session_id_fkey"),
    (
        "assessment",
        "assessment_session_id_student_id_rater_id_role_rubric_id_key",
    ),
    ("assessment", "assessment_student_id_fkey"),
    ("instructor", "instructor_pkey"),
    ("rapport_migration", "rapport_migration_pkey"),
    ("record_change", "record_change_kind_check"),
    ("record_change", "record_change_pkey"),
    ("record_change", "record_change_subject_check"),
    ("record_change_field", "record_change_field_change_id_fkey"),
    ("record_change_field", "record_change_field_pkey"),
    ("revision", "revision_assessment_id_fkey"),
    ("revision", "revision_assessment_id_number_key"),
    ("revision", "revision_pkey"),
    ("revision", "revision_rubric_hash_fkey"),
    ("rubric_version", "rubric_version_pkey"),
    ("score", "score_pkey"),
    ("score", "score_revision_id_fkey"),
    ("session", "session_kind_check"),
    ("session", "session_pkey"),
    ("student", "student_pkey"),
];

/// rapport's indexes of its own (those of keys are the constraints'; `sourced_id`'s, migration
/// 4's, are unique indexes rather than constraints, named alike on both engines).
const INDEXES: &[(&str, &str)] = &[
    ("assessment", "assessment_student"),
    ("instructor", "instructor_sourced_id"),
    ("record_change", "record_change_subject"),
    ("revision", "revision_rubric_hash"),
    ("score", "score_criterion_level"),
    ("student", "student_sourced_id"),
];

/// A PostgreSQL name in double quotes.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A failure on an open connection, in words.
fn failure(server: &Server, error: &postgres::Error) -> Error {
    Error::Database {
        path: PathBuf::from(&server.shown),
        message: super::postgres::message(error),
    }
}

/// The advisory lock not granted within the lock timeout: another rapport is writing.
fn busy(server: &Server, error: &postgres::Error) -> Error {
    if error
        .as_db_error()
        .is_some_and(|db| db.code().code() == "55P03")
    {
        return Error::Database {
            path: PathBuf::from(&server.shown),
            message: "another rapport has been writing to this gradebook for 30 seconds; try \
                      again when it is done"
                .to_owned(),
        };
    }
    failure(server, error)
}
