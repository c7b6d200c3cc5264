//! rapport: teach and assess the soft skills of music production.
//!
//! The pipeline: course files → `course` (raw → validate → model) → `views` → `render` → HTML.
//! `run` is the one dispatch over the commands in `commands/`.

pub mod attention;
pub mod badges;
pub mod calibration;
pub mod canvas;
pub mod cli;
pub mod commands;
pub mod course;
pub mod csvio;
pub mod demo;
pub mod diagnostic;
pub mod embedded;
pub mod error;
pub mod figure;
pub mod gradebook;
pub mod ids;
pub mod lookup;
pub mod markdown;
pub mod mastery;
pub mod oneroster;
pub mod output;
pub mod progress;
pub mod prompt;
pub mod records;
pub mod regular;
pub mod reliability;
pub mod render;
pub mod scoring;
pub mod standing;
pub mod store;
pub mod suggest;
pub mod tera_filters;
pub mod text;
pub mod views;

use std::io::{self, Write as _};

use cli::{Cli, ColorWhen, Command};
use error::{Error, Result};

/// Runs one parsed command line.
pub fn run(cli: &Cli) -> Result<()> {
    match cli.global.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    // clap hands `--course`/`--db` given before the command on to the command's own options.
    let location = cli.command.location().cloned().unwrap_or_default();
    let global = &cli::Global {
        course: location.course,
        db: location.db,
        ..cli.global.clone()
    };
    match &cli.command {
        Command::Init(args) => commands::init::run(global, args),
        Command::Check(c) => commands::check::run(global, &c.args),
        Command::Schema(args) => commands::schema::run(global, args),
        Command::Catalog(c) => commands::catalog::run(global, &c.args),
        Command::Rubric(c) => commands::rubric::run(global, &c.command),
        Command::Student(c) => commands::student::run(global, &c.command),
        Command::Roster(c) => commands::roster::run(global, &c.command),
        Command::Instructor(c) => commands::instructor::run(global, &c.command),
        Command::Session(c) => commands::session::run(global, &c.command),
        Command::Score(c) => commands::score::run(global, &c.args),
        Command::Import(c) => commands::import::run(global, &c.args),
        Command::Export(c) => commands::export::run(global, &c.args),
        Command::ExportMastery(c) => commands::export_mastery::run(global, &c.args),
        Command::ExportOutcomes(c) => commands::export_outcomes::run(global, &c.args),
        Command::ImportOutcomes(args) => commands::import_outcomes::run(global, args),
        Command::History(c) => commands::history::run(global, &c.args),
        Command::Progress(c) => commands::progress::run(global, &c.args),
        Command::Agreement(c) => commands::agreement::run(global, &c.args),
        Command::Report(c) => commands::report::run(global, &c.args),
        Command::Sheet(c) => commands::sheet::run(global, &c.args),
        Command::Demo(args) => commands::demo::run(global, args),
        Command::Backup(c) => commands::backup::run(global, &c.args),
        Command::Doctor(_) => commands::doctor::run(global),
        Command::Db(command) => commands::db::run(global, command),
        Command::Badges(c) => commands::badges::run(global, &c.command),
        Command::Completions(args) => commands::completions::run(args),
        Command::Man => commands::man::run(),
    }
}

/// Writes data to standard output. A closed pipe (`rapport man | head`) is not an error. On a
/// terminal, control characters in the text (stored by another tool, or in a file name) are
/// shown escaped, never sent raw: they could clear the screen, retitle the window or hide text.
pub fn emit(text: &str) -> Result<()> {
    use std::io::IsTerminal as _;
    if io::stdout().is_terminal() {
        emit_styled(&text::for_terminal(text))
    } else {
        emit_styled(text)
    }
}

/// `emit` for text that carries rapport's own colours and escapes its data itself (the check
/// report).
pub fn emit_styled(text: &str) -> Result<()> {
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Stdout(e)),
        _ => Ok(()),
    }
}

/// Writes a progress or status line to standard error, unless `--quiet`.
pub fn status(global: &cli::Global, text: &str) {
    if !global.quiet {
        let _ = writeln!(anstream::stderr().lock(), "{}", text::for_terminal(text));
    }
}
