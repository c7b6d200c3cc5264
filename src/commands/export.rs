//! `rapport export`: the latest revision of every assessment, in the import layout (CSV) or as
//! JSON, to standard output or a file.

use std::path::Path;

use serde::Serialize;

use super::{gradebook_from_course_yaml, id, json};
use crate::cli::{ExportArgs, ExportFormat, Global};
use crate::csvio;
use crate::error::{Error, Result};
use crate::output::{self, Marker};
use crate::store::Store;
use crate::store::assessments::{self, Revision, Score};
use crate::store::roster;
use crate::{emit, status};

#[derive(Serialize)]
struct Export<'a> {
    assessments: Vec<Assessment<'a>>,
}

#[derive(Serialize)]
struct Assessment<'a> {
    session: &'a str,
    date: &'a str,
    student: &'a str,
    rater: &'a str,
    role: &'a str,
    rubric: &'a str,
    comment: Option<&'a str>,
    recorded_at: &'a str,
    scores: &'a [Score],
}

pub fn run(global: &Global, args: &ExportArgs) -> Result<()> {
    // Refuse a file in the way before reading anything.
    let file = args.output.as_deref().filter(|f| *f != Path::new("-"));
    if let Some(file) = file {
        if file.as_os_str().to_string_lossy().ends_with('/') {
            return Err(Error::NotAFile {
                path: file.to_owned(),
                what: "a folder",
            });
        }
        output::check_file(file, Marker::Nothing, args.force)?;
    }
    let path = gradebook_from_course_yaml(global)?;
    let student = args
        .student
        .as_deref()
        .map(|s| id("student", s))
        .transpose()?;
    let (revisions, sessions) = Store::open_read(&path)?.read(|db| {
        if let Some(student) = &student {
            crate::lookup::student(db, student)?;
        }
        Ok((
            assessments::latest(db, student.as_deref())?,
            roster::sessions(db)?,
        ))
    })?;
    // The global `--json` asks for JSON wherever data is printed.
    let text = match (args.format, global.json) {
        (ExportFormat::Json, _) | (_, true) => json(&to_json(&revisions)),
        (ExportFormat::Csv, false) => csvio::write_scores(&revisions, &sessions),
    };
    match file {
        None => emit(&text),
        Some(file) => {
            output::write_file(file, text.as_bytes(), Marker::Nothing, args.force)?;
            let scores: usize = revisions.iter().map(|r| r.scores.len()).sum();
            let n = revisions.len();
            status(
                global,
                &format!(
                    "wrote {n} {} ({scores} {}) to {}",
                    if n == 1 { "assessment" } else { "assessments" },
                    if scores == 1 { "score" } else { "scores" },
                    file.display()
                ),
            );
            Ok(())
        }
    }
}

fn to_json(revisions: &[Revision]) -> Export<'_> {
    Export {
        assessments: revisions
            .iter()
            .map(|r| Assessment {
                session: &r.session,
                date: &r.date,
                student: &r.student,
                rater: &r.rater,
                role: r.role.as_str(),
                rubric: &r.rubric,
                comment: r.comment.as_deref(),
                recorded_at: &r.recorded_at,
                scores: &r.scores,
            })
            .collect(),
    }
}
