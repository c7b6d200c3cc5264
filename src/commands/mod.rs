//! One thin file per command: load → act → print.

pub mod agreement;
pub mod backup;
pub mod badges;
pub mod catalog;
pub mod check;
pub mod completions;
pub mod db;
pub mod demo;
pub mod doctor;
pub mod export;
pub mod export_mastery;
pub mod export_outcomes;
pub mod history;
pub mod import;
pub mod import_outcomes;
pub mod init;
pub mod instructor;
pub mod man;
pub mod progress;
pub mod report;
pub mod roster;
pub mod rubric;
pub mod schema;
pub mod score;
pub mod session;
pub mod sheet;
pub mod student;

use std::path::PathBuf;

use crate::cli::Global;
use crate::course::{self, Course};
use crate::error::{Error, Result};
use crate::store::{Address, postgres};
use crate::text::Lines;

/// The course folder for this run (`--course`, `RAPPORT_COURSE`, or the walk up from here).
pub fn course_root(global: &Global) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(Error::io("read", "."))?;
    course::find_root(global.course.as_deref(), &cwd)
}

/// Loads the course for a command that needs a valid one: errors and warnings go to standard
/// error, and any error stops the command before it writes anything.
pub fn valid_course(global: &Global) -> Result<Course> {
    valid_course_at(&course_root(global)?)
}

/// Loads the course in `root` as `valid_course` does.
pub fn valid_course_at(root: &std::path::Path) -> Result<Course> {
    let loaded = course::load(root)?;
    let mut report = loaded.report;
    if report.has_errors() {
        report
            .diagnostics
            .retain(|d| d.severity == crate::diagnostic::Severity::Error);
        let mut text = String::new();
        for diagnostic in &report.diagnostics {
            diagnostic.render(&mut text, true);
        }
        eprint_styled(&text);
        return Err(Error::CourseInvalid {
            errors: report.diagnostics.len(),
        });
    }
    loaded.course.ok_or(Error::CourseInvalid { errors: 0 })
}

fn eprint_styled(text: &str) {
    use std::io::Write as _;
    let _ = anstream::stderr().lock().write_all(text.as_bytes());
}

/// The date pages carry: today in local time, or the date of `SOURCE_DATE_EPOCH` (UTC) when it
/// is set, so output can be reproduced.
#[must_use]
pub fn generation_date() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    match fixed {
        Some(timestamp) => timestamp
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date()
            .to_string(),
        None => jiff::ZonedDateTime::now().date().to_string(),
    }
}

/// Where the gradebook is: `--db` (or `RAPPORT_DB`), else course.yaml's `database:`, else
/// `rapport.db` beside course.yaml. Only course.yaml is read, so a roster command works while
/// a module has an error.
pub fn gradebook_from_course_yaml(global: &Global) -> Result<Address> {
    if let Some(db) = &global.db {
        return Address::new(db.clone());
    }
    let root = course_root(global)?;
    // The same rule as every course file: inside the course, regular, at most 1 MiB.
    let mut report = crate::diagnostic::Diagnostics::default();
    let file = crate::course::files::CourseDir::new(&root).read("course.yaml", &mut report);
    let parsed = match file.filter(|f| f.readable) {
        Some(file) => file
            .parse::<crate::course::raw::RawCourse>()
            .and_then(|raw| {
                // A URL is read as `check` reads it: one holding a password is never used.
                let mut found = crate::diagnostic::Diagnostics::default();
                if let Some(d) = raw
                    .database
                    .as_ref()
                    .filter(|d| postgres::is_url(d.value.trim()))
                {
                    crate::course::validate::database_url(&file, d, &mut found);
                }
                found.diagnostics.into_iter().next().map_or(Ok(raw), Err)
            }),
        None => Err(report.diagnostics.into_iter().next().unwrap_or_else(|| {
            crate::course::source::SourceFile::new("course.yaml", "").error(
                crate::diagnostic::Place::START,
                "`course.yaml` cannot be read",
            )
        })),
    };
    match parsed {
        Ok(raw) => Address::new(raw.database.map_or_else(
            || root.join("rapport.db"),
            |d| crate::course::database_path(&root, &d.value),
        )),
        Err(diagnostic) => {
            let mut text = String::new();
            diagnostic.render(&mut text, true);
            eprint_styled(&text);
            Err(Error::CourseInvalid { errors: 1 })
        }
    }
}

/// The gradebook of a valid course: `--db` first, else what course.yaml says.
pub fn gradebook_of(global: &Global, course: &Course) -> Result<Address> {
    Address::new(
        global
            .db
            .clone()
            .or_else(|| course.database.clone())
            .unwrap_or_else(|| course.root.join("rapport.db")),
    )
}

pub use crate::lookup::id;

/// Text given as an option's value, checked by docs/FORMATS.md § Text (no control characters; tab
/// allowed; line breaks only where `lines` is `Many`), then trimmed; `None` when blank.
pub fn text_option(flag: &str, value: Option<&str>, lines: Lines) -> Result<Option<String>> {
    let Some(value) = value else {
        return Ok(None);
    };
    crate::text::check(flag, value, lines).map_err(Error::refused)?;
    Ok(Some(value.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned))
}

/// Prints rows as an aligned table with a header (text output of the list commands).
#[must_use]
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    table.set_header(header.iter().map(|h| h.to_uppercase()));
    for row in rows {
        // Stored text is shown with any control character escaped, so that the columns line up
        // and nothing in a cell can act on the terminal.
        table.add_row(
            row.iter()
                .map(|cell| crate::text::one_line_for_terminal(cell).into_owned()),
        );
    }
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    let mut text = String::new();
    for line in table.lines() {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    if text.is_empty() {
        text.push('\n');
    }
    text
}

/// Pretty JSON with a final newline.
#[must_use]
pub fn json<T: serde::Serialize>(value: &T) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("plain data")
    )
}

/// A progress bar on standard error for long work; hidden when standard error is not a
/// terminal or with `--quiet`, so pipes and logs stay clean.
#[must_use]
pub fn work_bar(global: &Global, total: usize, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal as _;
    if global.quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{bar:30}} {{pos}}/{{len}} {what} {{elapsed}}"
        ))
        .expect("a valid template"),
    );
    bar
}

/// Whether Ctrl-C was pressed since long work began. The first call installs the handler:
/// from then on Ctrl-C no longer kills the process, so the work must check this, clean up
/// and end with `Error::Interrupted` (exit 130).
pub fn interrupted() -> &'static std::sync::atomic::AtomicBool {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, Ordering};
    static FLAG: OnceLock<&'static AtomicBool> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
        // Without a handler (another one is set) Ctrl-C simply ends the process as before.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
        flag
    })
}

/// How a command printed for the user to run calls this rapport: `rapport` when that name on
/// the `PATH` is this very program, else the program's full path, so the command runs as printed
/// (e.g. right after `cargo run -- demo`, before `cargo install`). The second value says
/// whether it is the full path.
#[must_use]
pub fn program() -> (String, bool) {
    let Ok(me) = std::env::current_exe().and_then(|p| p.canonicalize()) else {
        return ("rapport".to_owned(), false);
    };
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("rapport"))
        .find(|candidate| candidate.is_file());
    match on_path.and_then(|p| p.canonicalize().ok()) {
        Some(found) if found == me => ("rapport".to_owned(), false),
        _ => (shell_path(&me), true),
    }
}

/// A path as a shell command line needs it: quoted when it holds anything but plain characters.
#[must_use]
pub fn shell_path(dir: &std::path::Path) -> String {
    let text = dir.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
