//! The PostgreSQL engine: connecting (URL, TLS, passwords the libpq way), errors in words, the
//! schema in PostgreSQL's dialect.

/// A PostgreSQL error in words: the server's message when it sent one.
#[must_use]
pub fn message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => error.to_string(),
    }
}
