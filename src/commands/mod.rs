//! One thin file per command: load → act → print.

pub mod catalog;
pub mod check;
pub mod completions;
pub mod init;
pub mod man;
pub mod schema;

use std::path::PathBuf;

use crate::cli::Global;
use crate::course::{self, Course};
use crate::error::{Error, Result};

/// The course folder for this run (`--course`, `RAPPORT_COURSE`, or the walk up from here).
pub fn course_root(global: &Global) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(Error::io("read", "."))?;
    course::find_root(global.course.as_deref(), &cwd)
}

/// Loads the course for a command that needs a valid one: errors and warnings go to standard
/// error, and any error stops the command before it writes anything.
pub fn valid_course(global: &Global) -> Result<Course> {
    let root = course_root(global)?;
    let loaded = course::load(&root)?;
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
