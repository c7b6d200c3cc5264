//! `rapport db copy FROM TO [--force]`: a whole gradebook copied between engines (`SQLite` files
//! and PostgreSQL servers, either way), read from one snapshot and written in one transaction.

use crate::cli::{DbCommand, DbCopyArgs, Global};
use crate::error::{Error, Result};
use crate::status;
use crate::store::{Address, Store, copy};

pub fn run(global: &Global, command: &DbCommand) -> Result<()> {
    match command {
        DbCommand::Copy(args) => copy_gradebook(global, args),
    }
}

fn copy_gradebook(global: &Global, args: &DbCopyArgs) -> Result<()> {
    let from = Address::new(args.from.clone())?;
    let to = Address::new(args.to.clone())?;
    if from.to_string() == to.to_string() || same_file(&from, &to) {
        return Err(Error::refused(format!(
            "`{from}` is both FROM and TO; copy a gradebook into another one"
        )));
    }
    if !Store::exists(&from)? {
        return Err(Error::refused(format!(
            "there is no gradebook at `{from}`; nothing to copy"
        )));
    }
    let created = to
        .file()
        .filter(|file| !file.exists())
        .map(ToOwned::to_owned);
    let copied = copy_into(&from, &to, args.force);
    if copied.is_err() {
        // A new file that the failed copy created holds nothing of anyone's: it goes.
        if let Some(file) = created {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut name = file.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
    let counts = copied?;
    let count = |table: &str| {
        counts
            .iter()
            .find(|(name, _)| *name == table)
            .map_or(0, |(_, n)| *n)
    };
    status(
        global,
        &format!(
            "copied {} students, {} instructors, {} sessions, {} assessments ({} revisions, {} \
             scores) and {} record changes from {from} to {to}",
            count("student"),
            count("instructor"),
            count("session"),
            count("assessment"),
            count("revision"),
            count("score"),
            count("record_change"),
        ),
    );
    Ok(())
}

/// Copies in one read snapshot of `from` and one write transaction of `to`.
fn copy_into(from: &Address, to: &Address, force: bool) -> Result<Vec<(&'static str, u64)>> {
    let mut source = Store::open_read(from)?;
    source.read(copy::copyable)?;
    // Refused before TO is opened to write, which would create or upgrade it.
    if !force && Store::exists(to)? && !Store::open_read(to)?.read(copy::is_empty)? {
        return Err(full(to));
    }
    let mut target = Store::open(to)?;
    source.read(|reading| {
        target.write(|writing| {
            if !copy::is_empty(writing)? {
                if !force {
                    return Err(full(to));
                }
                copy::clear(writing)?;
            }
            copy::tables(reading, writing)
        })
    })
}

/// The refusal of a TO that holds a gradebook already.
fn full(to: &Address) -> Error {
    Error::refused_with(
        format!("`{to}` already holds a gradebook; nothing was copied"),
        "copy into a new file or an empty schema, or add --force to replace everything it holds",
    )
}

/// Whether two `SQLite` addresses are the same file (by another path).
fn same_file(a: &Address, b: &Address) -> bool {
    match (a.file(), b.file()) {
        (Some(a), Some(b)) => match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
        _ => false,
    }
}
