//! `rapport check`: validate the whole course and print every problem (FORMATS.md § check).

use serde::Serialize;

use crate::cli::{CheckArgs, Global};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::{course, emit};

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn run(global: &Global, _args: &CheckArgs) -> Result<()> {
    let root = super::course_root(global)?;
    let report = course::load(&root)?.report;
    let errors = report.count(Severity::Error);
    if global.json {
        let json = JsonReport {
            errors,
            warnings: report.count(Severity::Warning),
            diagnostics: &report.diagnostics,
        };
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json).expect("plain data")
        ))?;
    } else {
        emit(&report.render(true))?;
    }
    if errors > 0 {
        Err(Error::CheckFailed { errors })
    } else {
        Ok(())
    }
}
