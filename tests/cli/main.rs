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
mod init;
mod interactive;
mod layers;
mod output;
mod progress;
mod readers;
mod report;
mod roster;
mod schema;
mod score;
mod store;
