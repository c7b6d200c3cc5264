//! CSV in and out (FORMATS.md § Roster CSV, § Scores CSV): header rows with columns in any
//! order, UTF-8 with or without a byte-order mark, line numbers for every record, and
//! spreadsheet formulas neutralised on export and restored on import.

use std::fs;
use std::path::Path;

use crate::course::model::format_score;
use crate::error::{Error, Result};
use crate::ids;
use crate::store::assessments::Revision;
use crate::store::roster::Student;
use crate::suggest;

/// One record of a CSV file: the line it starts on and its cells by column name.
pub struct Record {
    pub line: u64,
    cells: Vec<(String, String)>,
}

impl Record {
    /// The trimmed cell of a column, `""` when the column is absent.
    #[must_use]
    pub fn get(&self, column: &str) -> &str {
        self.cells
            .iter()
            .find(|(c, _)| c == column)
            .map_or("", |(_, v)| v.trim())
    }

    /// The cell as written (only surrounding line breaks removed), for free text.
    #[must_use]
    pub fn text(&self, column: &str) -> &str {
        self.cells
            .iter()
            .find(|(c, _)| c == column)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Reads a CSV whose header must name every `required` column and may name `optional` ones.
pub fn read(file: &Path, required: &[&str], optional: &[&str]) -> Result<Vec<Record>> {
    let bytes = fs::read(file).map_err(Error::io("read", file))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Refused {
        message: format!(
            "{}: the file is not UTF-8 text (at byte {})",
            file.display(),
            e.valid_up_to()
        ),
        hint: Some("save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)".to_owned()),
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(file, &e))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let known: Vec<&str> = required.iter().chain(optional).copied().collect();
    let mut problems = Vec::new();
    for name in &header {
        if !known.contains(&name.as_str()) {
            problems.push(match suggest::did_you_mean(name, known.iter().copied()) {
                Some(near) => format!("unknown column `{name}`, did you mean `{near}`?"),
                None => format!("unknown column `{name}`; the columns are {}", names(&known)),
            });
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !header.iter().any(|h| h == r))
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "missing {} {}",
            if missing.len() == 1 {
                "column"
            } else {
                "columns"
            },
            names(&missing)
        ));
    }
    if !problems.is_empty() {
        return Err(Error::Refused {
            message: format!("{}:1: {}", file.display(), problems.join("; ")),
            hint: Some(format!(
                "the header row names the columns: {} required, {} optional",
                names(required),
                names(optional)
            )),
        });
    }
    let mut records = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| csv_error(file, &e))?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cells = header
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        records.push(Record { line, cells });
    }
    Ok(records)
}

fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn csv_error(file: &Path, error: &csv::Error) -> Error {
    let line = error.position().map_or(1, csv::Position::line);
    Error::Refused {
        message: format!("{}:{line}: {error}", file.display()),
        hint: None,
    }
}

/// A roster row, checked on its own (the roster itself is checked by the command).
pub struct RosterRow {
    pub line: u64,
    pub student: std::result::Result<Student, String>,
}

pub fn read_roster(file: &Path) -> Result<Vec<RosterRow>> {
    let records = read(file, &["id", "name"], &["email", "cohort"])?;
    Ok(records
        .into_iter()
        .map(|record| {
            let student = (|| {
                let id = ids::normalize(record.get("id"))
                    .map_err(|p| format!("student ID `{}` {p}", record.get("id")))?;
                let name = record.get("name");
                if name.is_empty() {
                    return Err("`name` is empty".to_owned());
                }
                let optional = |c: &str| Some(record.get(c).to_owned()).filter(|v| !v.is_empty());
                Ok(Student {
                    id,
                    name: name.to_owned(),
                    email: optional("email"),
                    cohort: optional("cohort"),
                    archived: false,
                })
            })();
            RosterRow {
                line: record.line,
                student,
            }
        })
        .collect())
}

/// The scores CSV columns, in export order.
pub const SCORE_COLUMNS: [&str; 10] = [
    "session",
    "date",
    "student",
    "rater",
    "role",
    "rubric",
    "criterion",
    "level",
    "note",
    "comment",
];

pub fn read_scores(file: &Path) -> Result<Vec<Record>> {
    read(
        file,
        &[
            "session",
            "student",
            "rater",
            "rubric",
            "criterion",
            "level",
        ],
        &["date", "role", "note", "comment"],
    )
}

/// Characters that make a spreadsheet read a cell as a formula.
fn risky(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\'')
}

/// A text cell as exported: one `'` in front of anything a spreadsheet would run.
#[must_use]
pub fn neutralise(text: &str) -> String {
    if text.starts_with(risky) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The inverse of `neutralise`, for `note` and `comment` cells on import.
#[must_use]
pub fn restore(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(risky) => rest.to_owned(),
        _ => text.to_owned(),
    }
}

/// The latest revisions in the scores CSV layout, LF line endings.
#[must_use]
pub fn write_scores(revisions: &[Revision]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(SCORE_COLUMNS)
        .expect("writing to memory");
    for revision in revisions {
        let comment = neutralise(revision.comment.as_deref().unwrap_or(""));
        for score in &revision.scores {
            writer
                .write_record([
                    revision.session.as_str(),
                    revision.date.as_str(),
                    revision.student.as_str(),
                    revision.rater.as_str(),
                    revision.role.as_str(),
                    revision.rubric.as_str(),
                    score.criterion.as_str(),
                    &format_score(score.level),
                    &neutralise(score.note.as_deref().unwrap_or("")),
                    &comment,
                ])
                .expect("writing to memory");
        }
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_restored_exactly() {
        for text in [
            "=SUM(A1)", "+1", "-2", "@me", "\tx", "'quoted", "''twice", "'=x", "plain", "", "it's",
        ] {
            assert_eq!(restore(&neutralise(text)), text, "{text:?}");
        }
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("fine"), "fine");
        assert_eq!(
            restore("'fine"),
            "'fine",
            "only a quote before a risky character is removed"
        );
    }
}
