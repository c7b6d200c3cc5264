//! The integration tests: the real binary on real files, whole outputs compared.

mod support;

mod agreement;
mod catalog;
mod check;
mod cli;
mod cohort;
mod demo;
mod doctor;
mod import_export;
mod import_stream;
mod init;
mod interactive;
mod layers;
mod migration;
mod mistakes;
mod output;
mod progress;
mod readers;
mod records;
mod report;
mod roster;
mod rubric;
mod schema;
mod score;
mod sheet;
mod store;
mod watch;
