//! `rapport export-mastery`: every active student's mastery per rubric (and per criterion) as
//! a gradebook CSV for Canvas or Moodle, or rapport's plain layout (docs/FORMATS.md § Mastery
//! for gradebooks), to standard output or a file.

use std::path::Path;

use super::{gradebook_of, valid_course};
use crate::cli::{ExportMasteryArgs, Global};
use crate::csvio::{MasteryLayout, MasterySheet, Table};
use crate::error::{Error, Result, plural};
use crate::output::{self, Marker};
use crate::progress::{off_scale_text, progress};
use crate::store::Store;
use crate::store::latest::Latest;
use crate::store::roster;
use crate::{emit, status};

pub fn run(global: &Global, args: &ExportMasteryArgs) -> Result<()> {
    if args.moodle_key.is_some() && args.format != MasteryLayout::Moodle {
        return Err(Error::refused_with(
            "`--moodle-key` chooses how Moodle finds each row's user; it goes with `--format moodle` only",
            "leave it out, or export for Moodle with `--format moodle`",
        ));
    }
    // Refuse a file in the way before reading anything.
    let file = output::file_or_stdout(args.output.as_deref(), Marker::Nothing, args.force)?;
    let course = valid_course(global)?;
    let rubrics = course.rubric_order();
    let mut sheet = MasterySheet::new(
        args.format,
        args.moodle_key.unwrap_or_default(),
        &rubrics,
        args.criteria,
    )?;
    let columns = sheet.columns();
    let (students, off_scale) = Store::open_read(&gradebook_of(global, &course)?)?.read(|db| {
        let active = roster::students(db, false)?;
        let students = match &args.cohort {
            None => active,
            Some(wanted) => crate::lookup::cohort(active, wanted)?,
        };
        if students.is_empty() {
            return Err(Error::refused_with(
                "there are no active students on the roster",
                "add students with `rapport student add` or `rapport student import roster.csv`",
            ));
        }
        // One joined query per student; only the row is kept of each student's progress.
        let mut latest = Latest::new(db);
        let mut off_scale = 0;
        for student in &students {
            let view = progress(&course, student, &latest.of_student(&student.id)?);
            off_scale += view.off_scale;
            sheet.push(student, &view);
        }
        Ok((students.len(), off_scale))
    })?;
    let table = sheet.finish()?;
    write(global, &table, file, args.force, (students, columns))?;
    if let Some(text) = off_scale_text(off_scale) {
        status(global, &text);
    }
    Ok(())
}

/// Writes the table to standard output, or to `file` whole and says so.
fn write(
    global: &Global,
    table: &Table,
    file: Option<&Path>,
    force: bool,
    (students, columns): (usize, usize),
) -> Result<()> {
    let text = table.text();
    let Some(file) = file else {
        return emit(&text);
    };
    output::write_file(file, text.as_bytes(), Marker::Nothing, force)?;
    status(
        global,
        &format!(
            "wrote the mastery of {students} {} in {columns} {} to {}",
            plural(students, "student", "students"),
            plural(columns, "column", "columns"),
            file.display()
        ),
    );
    Ok(())
}
