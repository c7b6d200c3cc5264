//! The roster CSV (docs/FORMATS.md § Roster CSV): `id`, `name`, optional `email` and `cohort`.

use std::path::Path;

use super::{Columns, Problem, read};
use crate::error::Result;
use crate::gradebook::Student;
use crate::ids;
use crate::text;

/// A roster row, checked on its own (the roster itself is checked by the command). `email`
/// and `cohort` are `None` inside `student` when the file has no such column; `has_email` and
/// `has_cohort` say which.
pub struct RosterRow {
    pub line: u64,
    pub student: std::result::Result<Student, Problem>,
    pub has_email: bool,
    pub has_cohort: bool,
}

pub fn read_roster(file: &Path) -> Result<Vec<RosterRow>> {
    let columns = Columns {
        required: &["id", "name"],
        optional: &["email", "cohort"],
        multi_line: &[],
        extension: None,
    };
    let records = read(file, &columns)?;
    Ok(records
        .into_iter()
        .map(|record| {
            if let Some((_, problem)) = &record.problem {
                return RosterRow {
                    line: record.line,
                    student: Err(problem.clone()),
                    has_email: record.has("email"),
                    has_cohort: record.has("cohort"),
                };
            }
            let student = (|| {
                let text = record.get("id");
                if text.is_empty() {
                    return Err("`id` is empty".to_owned());
                }
                let id = ids::normalize(text).map_err(|p| format!("student ID `{text}` {p}"))?;
                let name = text::required_line("name", record.get("name"))?;
                let optional = |c: &str| Some(record.get(c).to_owned()).filter(|v| !v.is_empty());
                Ok(Student {
                    id,
                    name,
                    email: optional("email"),
                    cohort: optional("cohort"),
                    archived: false,
                    sourced_id: None,
                })
            })();
            RosterRow {
                line: record.line,
                student: student.map_err(|message| Problem::row(record.line, message)),
                has_email: record.has("email"),
                has_cohort: record.has("cohort"),
            }
        })
        .collect())
}
