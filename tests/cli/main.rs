//! The integration tests: the real binary on real files, whole outputs compared.

mod support;

mod agreement;
mod badges;
mod badges_trust;
mod catalog;
mod check;
mod cli;
mod cohort;
mod demo;
mod doctor;
mod export_mastery;
mod import_export;
mod import_stream;
mod init;
mod interactive;
mod layers;
mod migration;
mod mistakes;
mod oneroster;
mod oneroster_package;
mod outcomes;
mod output;
mod postgres;
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

/// Says once, on the terminal, which engine the suite runs on: the PostgreSQL run is chosen by
/// `RAPPORT_TEST_POSTGRES` (README § Tests), whose server must then answer (the run fails, never
/// skips, when it cannot be reached); a run without it says so rather than pass silently on
/// `SQLite` alone.
#[test]
fn engine() {
    use std::io::Write as _;
    let line = match support::postgres() {
        Some(url) => {
            let version = support::server_version();
            assert!(version.starts_with("PostgreSQL "), "{version}");
            format!("rapport: the integration suite runs on {version} at {url}\n")
        }
        None => "rapport: the PostgreSQL suite was not selected (set RAPPORT_TEST_POSTGRES=postgres://… to run it)\n"
            .to_owned(),
    };
    // Straight to the terminal: the test harness captures only `print!` and `eprint!`.
    std::io::stderr().write_all(line.as_bytes()).unwrap();
}
