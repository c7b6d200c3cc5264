//! `rapport sheet SESSION --rubric R [--cohort C] [--by I] [--csv] -o FILE`: the score sheet
//! for the live room (HTML to print), or the same as a scores CSV to fill in and import.

use std::path::Path;

use super::{generation_date, gradebook_of, id, valid_course};
use crate::cli::{Global, SheetArgs};
use crate::error::{Error, Result, plural};
use crate::output::{self, Marker};
use crate::render::Renderer;
use crate::store::Store;
use crate::store::roster;
use crate::{csvio, emit, lookup, status, views};

pub fn run(global: &Global, args: &SheetArgs) -> Result<()> {
    if args.csv && args.rater.is_none() {
        return Err(Error::refused_with(
            "`--csv` needs `--by INSTRUCTOR`: every row of a scores CSV names its rater",
            "add `--by` with the ID of the instructor who will fill it in (`rapport instructor list`)",
        ));
    }
    let course = valid_course(global)?;
    let rubric = lookup::rubric(&course, &args.rubric)?;
    let session_id = id("session", &args.session)?;
    let rater_id = args
        .rater
        .as_deref()
        .map(|r| id("instructor", r))
        .transpose()?;
    let cohort = args.cohort.as_deref().map(str::trim);
    let to_stdout = args.output == Path::new("-");
    let marker = if args.csv {
        Marker::Nothing
    } else {
        Marker::Page
    };
    output::file_or_stdout(Some(&args.output), marker, args.force)?;
    let (session, rater, mut students) =
        Store::open_read(&gradebook_of(global, &course)?)?.read(|db| {
            let session = lookup::session(db, &session_id)?;
            let rater = rater_id
                .as_deref()
                .map(|r| lookup::instructor(db, r))
                .transpose()?;
            let mut students = roster::students(db, false)?;
            if let Some(cohort) = cohort {
                students = lookup::cohort(students, cohort)?;
            }
            Ok((session, rater, students))
        })?;
    if students.is_empty() {
        return Err(Error::refused_with(
            "no active student is on the roster; a sheet lists the students to score",
            "add them with `rapport student add` or `rapport student import`",
        ));
    }
    students.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    let text = if let Some(rater) = rater.as_ref().filter(|_| args.csv) {
        let ids: Vec<&str> = students.iter().map(|s| s.id.as_str()).collect();
        csvio::write_blank(&session, &ids, &rater.id, rubric)
    } else {
        let view = views::sheet::sheet(
            &course,
            rubric,
            &session,
            rater.as_ref(),
            cohort,
            &students,
            &generation_date(),
        );
        let renderer = Renderer::new(Some(&course.root))?;
        output::mark_page(renderer.render("sheet/sheet.html", &view)?)
    };
    if to_stdout {
        return emit(&text);
    }
    output::write_file(&args.output, text.as_bytes(), marker, args.force)?;
    let n = students.len();
    status(
        global,
        &format!(
            "wrote the {} of session `{}` on `{}` for {n} {} to {}",
            if args.csv {
                "scores CSV to fill in"
            } else {
                "score sheet"
            },
            session.id,
            rubric.id,
            plural(n, "student", "students"),
            args.output.display()
        ),
    );
    Ok(())
}
