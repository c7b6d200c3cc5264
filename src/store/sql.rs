//! The one way the store runs SQL, on either engine: the domain functions write a statement
//! once, with `?N` (or bare `?`) parameters as `SQLite` numbers them, and hand it with its
//! arguments to `Tx::execute`, `row`, `rows` or `each`; on PostgreSQL the parameters become
//! `$N`. Values cross in one small set of types (`Value` in, `Cell` out), converted to what each
//! engine's column holds, so `i64` reads an `INTEGER` of `SQLite` and a `bigint` or `integer` of
//! PostgreSQL alike. Statements are prepared once per connection and kept.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::error::{Error, Result};

/// Which engine a transaction runs on, for the few statements written once per dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A parameter's value, borrowed from the caller.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
    Bool(bool),
}

/// What may be passed as a parameter (`args!` takes any of these).
pub trait ToValue {
    fn value(&self) -> Value<'_>;
}

impl ToValue for Value<'_> {
    fn value(&self) -> Value<'_> {
        *self
    }
}

impl ToValue for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl ToValue for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl ToValue for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl ToValue for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<const N: usize> ToValue for [u8; N] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl ToValue for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl ToValue for bool {
    fn value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

macro_rules! integer_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn value(&self) -> Value<'_> {
                // Every count and position the store keeps fits; a larger one saturates, as
                // the store's `try_from(..).unwrap_or(i64::MAX)` always did.
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
integer_value!(i64, i32, u32, u64, usize);

impl<T: ToValue + ?Sized> ToValue for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, ToValue::value)
    }
}

/// The arguments of one statement: `args![student.id, position]`.
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        &[$(&$value as &dyn $crate::store::sql::ToValue),*]
    };
}
pub(crate) use args;

/// A statement's arguments.
pub type Args<'a> = &'a [&'a dyn ToValue];

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Real(f) => ValueRef::Real(f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
            Value::Bool(b) => ValueRef::Integer(i64::from(b)),
        }))
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT8 => i.to_sql(ty, out),
                #[allow(clippy::cast_precision_loss)]
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                _ => Err(mismatch("an integer", ty)),
            },
            Value::Real(f) => match *ty {
                #[allow(clippy::cast_possible_truncation)]
                Type::FLOAT4 => (f as f32).to_sql(ty, out),
                Type::FLOAT8 => f.to_sql(ty, out),
                _ => Err(mismatch("a real number", ty)),
            },
            Value::Text(s) if <&str as ToSql>::accepts(ty) => s.to_sql(ty, out),
            Value::Text(_) => Err(mismatch("text", ty)),
            Value::Blob(b) if *ty == Type::BYTEA => b.to_sql(ty, out),
            Value::Blob(_) => Err(mismatch("bytes", ty)),
            Value::Bool(b) => match *ty {
                Type::INT8 => i64::from(b).to_sql(ty, out),
                Type::INT4 => i32::from(b).to_sql(ty, out),
                Type::BOOL => b.to_sql(ty, out),
                _ => Err(mismatch("a boolean", ty)),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        // Whether the value suits the column is decided in `to_sql`, which says why not.
        true
    }

    to_sql_checked!();
}

/// A value of one kind for a column of another (a gradebook another tool edited, copied to
/// PostgreSQL): refused, never written as the other type's bytes.
fn mismatch(kind: &str, ty: &Type) -> BoxError {
    format!("{kind} cannot go into a column of type {ty}").into()
}

/// One column of a row as read, borrowed from the row.
#[derive(Clone, Copy, Debug)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
    Bool(bool),
}

impl<'a> FromSql<'a> for Cell<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Cell<'a>, BoxError> {
        Ok(match *ty {
            Type::INT2 => Cell::Int(i64::from(i16::from_sql(ty, raw)?)),
            Type::INT4 => Cell::Int(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT8 => Cell::Int(i64::from_sql(ty, raw)?),
            Type::FLOAT4 => Cell::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => Cell::Real(f64::from_sql(ty, raw)?),
            Type::BOOL => Cell::Bool(bool::from_sql(ty, raw)?),
            Type::BYTEA => Cell::Blob(<&[u8]>::from_sql(ty, raw)?),
            _ if <&str as FromSql>::accepts(ty) => Cell::Text(<&str>::from_sql(ty, raw)?),
            _ => return Err(format!("a column of type {ty} is not read by rapport").into()),
        })
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Cell<'a>, BoxError> {
        Ok(Cell::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl<'a> Cell<'a> {
    fn of_sqlite(value: ValueRef<'a>) -> std::result::Result<Cell<'a>, String> {
        Ok(match value {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(i) => Cell::Int(i),
            ValueRef::Real(f) => Cell::Real(f),
            ValueRef::Text(t) => Cell::Text(std::str::from_utf8(t).map_err(|e| e.to_string())?),
            ValueRef::Blob(b) => Cell::Blob(b),
        })
    }

    fn kind(self) -> &'static str {
        match self {
            Cell::Null => "NULL",
            Cell::Int(_) => "an integer",
            Cell::Real(_) => "a real number",
            Cell::Text(_) => "text",
            Cell::Blob(_) => "bytes",
            Cell::Bool(_) => "a boolean",
        }
    }
}

/// What a column may be read as.
pub trait FromCell: Sized {
    /// The value, or what the column held instead (`Cell::kind`).
    fn from_cell(cell: Cell<'_>) -> std::result::Result<Self, &'static str>;
}

impl FromCell for i64 {
    fn from_cell(cell: Cell<'_>) -> std::result::Result<i64, &'static str> {
        match cell {
            Cell::Int(i) => Ok(i),
            Cell::Bool(b) => Ok(i64::from(b)),
            other => Err(other.kind()),
        }
    }
}

impl FromCell for u32 {
    fn from_cell(cell: Cell<'_>) -> std::result::Result<u32, &'static str> {
        let i = i64::from_cell(cell)?;
        u32::try_from(i).map_err(|_| "an integer out of range")
    }
}

impl FromCell for f64 {
    fn from_cell(cell: Cell<'_>) -> std::result::Result<f64, &'static str> {
        match cell {
            Cell::Real(f) => Ok(f),
            #[allow(clippy::cast_precision_loss)]
            Cell::Int(i) => Ok(i as f64),
            other => Err(other.kind()),
        }
    }
}

impl FromCell for bool {
    fn from_cell(cell: Cell<'_>) -> std::result::Result<bool, &'static str> {
        match cell {
            Cell::Bool(b) => Ok(b),
            Cell::Int(i) => Ok(i != 0),
            other => Err(other.kind()),
        }
    }
}

impl FromCell for String {
    fn from_cell(cell: Cell<'_>) -> std::result::Result<String, &'static str> {
        match cell {
            Cell::Text(t) => Ok(t.to_owned()),
            other => Err(other.kind()),
        }
    }
}

impl FromCell for Vec<u8> {
    fn from_cell(cell: Cell<'_>) -> std::result::Result<Vec<u8>, &'static str> {
        match cell {
            Cell::Blob(b) => Ok(b.to_vec()),
            Cell::Text(t) => Ok(t.as_bytes().to_vec()),
            other => Err(other.kind()),
        }
    }
}

impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(cell: Cell<'_>) -> std::result::Result<Option<T>, &'static str> {
        match cell {
            Cell::Null => Ok(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

/// One row of a result, from either engine.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `index` (from 0) as a `T`.
    pub fn get<T: FromCell>(&self, index: usize) -> Result<T> {
        self.with(index, |cell| {
            T::from_cell(cell).map_err(|held| format!("it holds {held}"))
        })
    }

    /// Column `index` as borrowed text, handed to `read` (no copy).
    pub fn with<T>(
        &self,
        index: usize,
        read: impl FnOnce(Cell<'_>) -> std::result::Result<T, String>,
    ) -> Result<T> {
        let cell = match self {
            Row::Sqlite(row) => row
                .get_ref(index)
                .map_err(|e| e.to_string())
                .and_then(Cell::of_sqlite),
            Row::Postgres(row) => row.try_get::<_, Cell<'_>>(index).map_err(|e| e.to_string()),
        };
        cell.and_then(read)
            .map_err(|why| Error::Sql(format!("column {index} cannot be read: {why}")))
    }
}

/// The PostgreSQL side of a transaction: the transaction itself (its methods take `&mut`, the
/// store's domain functions a shared `&Tx`) and the connection's prepared statements.
pub(super) struct PgTx<'c> {
    pub(super) tx: RefCell<postgres::Transaction<'c>>,
    pub(super) prepared: &'c RefCell<HashMap<String, postgres::Statement>>,
}

/// The engine-specific half of `Tx`.
pub(super) enum Inner<'c> {
    Sqlite(rusqlite::Transaction<'c>),
    Postgres(PgTx<'c>),
}

/// How many rows `each` reads from PostgreSQL at a time: a long result is read in pieces
/// (through a portal), so memory stays flat and `each`'s work may run statements in between.
const FETCH: i32 = 512;

impl<'c> super::Tx<'c> {
    #[must_use]
    pub fn engine(&self) -> Engine {
        match &self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub(in crate::store) fn execute(&self, sql: &str, args: Args<'_>) -> Result<usize> {
        match &self.inner {
            Inner::Sqlite(tx) => {
                let mut statement = tx.prepare_cached(sql)?;
                Ok(statement.execute(rusqlite::params_from_iter(values(args)))?)
            }
            Inner::Postgres(pg) => {
                let statement = pg.prepare(sql)?;
                let values = values(args);
                let changed = pg.tx.borrow_mut().execute(&statement, &pg_args(&values))?;
                Ok(usize::try_from(changed).unwrap_or(usize::MAX))
            }
        }
    }

    /// Runs statements without parameters, separated by semicolons (schema changes).
    pub(in crate::store) fn batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(tx) => tx.execute_batch(sql)?,
            Inner::Postgres(pg) => pg.tx.borrow_mut().batch_execute(sql)?,
        }
        Ok(())
    }

    /// The first row of a query, read by `read`; `None` when there is none.
    pub(in crate::store) fn row<T>(
        &self,
        sql: &str,
        args: Args<'_>,
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match &self.inner {
            Inner::Sqlite(tx) => {
                let mut statement = tx.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(values(args)))?;
                match rows.next()? {
                    Some(row) => read(&Row::Sqlite(row)).map(Some),
                    None => Ok(None),
                }
            }
            Inner::Postgres(pg) => {
                let statement = pg.prepare(sql)?;
                let values = values(args);
                let row = pg
                    .tx
                    .borrow_mut()
                    .query_opt(&statement, &pg_args(&values))?;
                row.map(|row| read(&Row::Postgres(&row))).transpose()
            }
        }
    }

    /// The one row a query always has (an aggregate), read by `read`.
    pub(in crate::store) fn one<T>(
        &self,
        sql: &str,
        args: Args<'_>,
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.row(sql, args, read)?
            .ok_or_else(|| Error::Sql(format!("no row from: {sql}")))
    }

    /// Every row of a query, each read by `read`.
    pub(in crate::store) fn rows<T>(
        &self,
        sql: &str,
        args: Args<'_>,
        mut read: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, args, |row| {
            out.push(read(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every row of a query handed to `each` as it is read, without holding the result in
    /// memory; `each` may run other statements of the same transaction.
    pub(in crate::store) fn each(
        &self,
        sql: &str,
        args: Args<'_>,
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(tx) => {
                let mut statement = tx.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(values(args)))?;
                while let Some(row) = rows.next()? {
                    each(&Row::Sqlite(row))?;
                }
                Ok(())
            }
            Inner::Postgres(pg) => {
                let statement = pg.prepare(sql)?;
                let values = values(args);
                let portal = pg.tx.borrow_mut().bind(&statement, &pg_args(&values))?;
                loop {
                    let rows = pg.tx.borrow_mut().query_portal(&portal, FETCH)?;
                    for row in &rows {
                        each(&Row::Postgres(row))?;
                    }
                    if rows.len() < usize::try_from(FETCH).unwrap_or(0) {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// The `SQLite` transaction, for what only `SQLite` has (pragmas, `VACUUM INTO`).
    pub(in crate::store) fn sqlite(&self) -> Option<&rusqlite::Transaction<'c>> {
        match &self.inner {
            Inner::Sqlite(tx) => Some(tx),
            Inner::Postgres(_) => None,
        }
    }

    /// The PostgreSQL transaction, for what only PostgreSQL has (`COPY`).
    pub(in crate::store) fn postgres(&self) -> Option<&PgTx<'c>> {
        match &self.inner {
            Inner::Sqlite(_) => None,
            Inner::Postgres(pg) => Some(pg),
        }
    }
}

impl PgTx<'_> {
    /// The prepared statement for `sql` (with `?N` rewritten to `$N`), prepared once per
    /// connection.
    pub(super) fn prepare(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(statement) = self.prepared.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.borrow_mut().prepare(&dollars(sql))?;
        self.prepared
            .borrow_mut()
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

fn values(args: Args<'_>) -> Vec<Value<'_>> {
    args.iter().map(|a| a.value()).collect()
}

fn pg_args<'a>(values: &'a [Value<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

/// `SQLite`'s parameters in PostgreSQL's spelling: `?N` becomes `$N` and a bare `?` the next
/// number; text in quotes is left as it is.
#[must_use]
pub fn dollars(sql: &str) -> Cow<'_, str> {
    if !sql.contains('?') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 1;
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut number = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    number.push(*d);
                    chars.next();
                }
                out.push('$');
                if number.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    out.push_str(&number);
                }
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A database error where no location is at hand (`?` in the domain functions).
impl From<postgres::Error> for Error {
    fn from(error: postgres::Error) -> Error {
        Error::Sql(super::postgres::message(&error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_for_postgres() {
        assert_eq!(
            dollars("SELECT a FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT a FROM t WHERE a = $1 AND b = $12"
        );
        assert_eq!(dollars("VALUES (?,?),(?,?)"), "VALUES ($1,$2),($3,$4)");
        assert_eq!(dollars("SELECT '?', ?1"), "SELECT '?', $1");
        assert!(matches!(dollars("SELECT 1"), Cow::Borrowed(_)));
    }
}
