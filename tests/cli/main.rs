//! The integration tests: the real binary on real files, whole outputs compared.

mod support;

mod catalog;
mod check;
mod cli;
mod init;
mod schema;
