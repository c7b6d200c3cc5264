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
    /// A problem with the record's shape (more or fewer cells than the header).
    pub problem: Option<String>,
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

    /// The cell as written, for free text.
    #[must_use]
    pub fn text(&self, column: &str) -> &str {
        self.cells
            .iter()
            .find(|(c, _)| c == column)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Whether the file has this column at all.
    #[must_use]
    pub fn has(&self, column: &str) -> bool {
        self.cells.iter().any(|(c, _)| c == column)
    }
}

/// The 1-based line on which byte `offset` of `text` stands.
fn line_at(text: &str, offset: usize) -> u64 {
    let before = text.get(..offset).unwrap_or(text);
    before.matches('\n').count() as u64 + 1
}

/// Reads a CSV whose header must name every `required` column and may name `optional` ones.
/// Columns with an empty name (a trailing comma) are ignored. Records with the wrong number of
/// cells come back with a `problem`, so that every bad row can be reported.
pub fn read(file: &Path, required: &[&str], optional: &[&str]) -> Result<Vec<Record>> {
    let bytes = fs::read(file).map_err(Error::io("read", file))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        Error::Refused {
            message: format!(
                "{}:{}: the file is not UTF-8 text",
                file.display(),
                line_at(valid, valid.len())
            ),
            hint: Some("save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)".to_owned()),
        }
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(file, text, &e))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    header_problems(file, &header, required, optional)?;
    let mut records = Vec::new();
    // Lines are counted from the previous record on, so reading stays linear in the file.
    let (mut counted_to, mut counted_lines) = (0usize, 1u64);
    for result in reader.records() {
        let record = result.map_err(|e| csv_error(file, text, &e))?;
        // The reader's position can stand on the line break before the record (CRLF files,
        // blank lines): the record starts after them.
        let mut offset = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
        while matches!(text.as_bytes().get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        counted_lines += line_at(text.get(counted_to..offset).unwrap_or(""), usize::MAX) - 1;
        counted_to = offset.max(counted_to);
        let line = counted_lines;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let problem = (record.len() != header.len()).then(|| {
            format!(
                "this row has {} cells but the header has {}; quote a cell that holds a comma (\"Good, clear\")",
                record.len(),
                header.len()
            )
        });
        let cells = header
            .iter()
            .zip(record.iter())
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, cell)| (name.clone(), cell.to_owned()))
            .collect();
        records.push(Record {
            line,
            cells,
            problem,
        });
    }
    // An unclosed quote swallows the rest of the file into one cell without an error from the
    // reader; in a well-formed file quotes come in pairs.
    if text.matches('"').count() % 2 == 1 {
        let line = records.last().map_or(2, |r| r.line);
        return Err(Error::Refused {
            message: format!(
                "{}:{line}: a quoted cell is never closed; add the closing `\"`",
                file.display()
            ),
            hint: None,
        });
    }
    Ok(records)
}

/// Unknown, repeated and missing columns, all at once, as `FILE:1: …`.
fn header_problems(
    file: &Path,
    header: &[String],
    required: &[&str],
    optional: &[&str],
) -> Result<()> {
    let known: Vec<&str> = required.iter().chain(optional).copied().collect();
    let mut problems = Vec::new();
    for (index, name) in header.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if header[..index].contains(name) {
            problems.push(format!("column `{name}` is named twice"));
        } else if !known.contains(&name.as_str()) {
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
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Refused {
        message: format!("{}:1: {}", file.display(), problems.join("; ")),
        hint: Some(format!(
            "the header row names the columns: {} required, {} optional",
            names(required),
            names(optional)
        )),
    })
}

fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn csv_error(file: &Path, text: &str, error: &csv::Error) -> Error {
    let line = error
        .position()
        .map_or(1, |p| line_at(text, usize::try_from(p.byte()).unwrap_or(0)));
    Error::Refused {
        message: format!("{}:{line}: {error}", file.display()),
        hint: None,
    }
}

/// A roster row, checked on its own (the roster itself is checked by the command). `email`
/// and `cohort` are `None` inside `student` when the file has no such column; `has_email` and
/// `has_cohort` say which.
pub struct RosterRow {
    pub line: u64,
    pub student: std::result::Result<Student, String>,
    pub has_email: bool,
    pub has_cohort: bool,
}

pub fn read_roster(file: &Path) -> Result<Vec<RosterRow>> {
    let records = read(file, &["id", "name"], &["email", "cohort"])?;
    Ok(records
        .into_iter()
        .map(|record| {
            let student = (|| {
                if let Some(problem) = &record.problem {
                    return Err(problem.clone());
                }
                let text = record.get("id");
                if text.is_empty() {
                    return Err("`id` is empty".to_owned());
                }
                let id = ids::normalize(text).map_err(|p| format!("student ID `{text}` {p}"))?;
                let name = one_line("name", record.get("name"))?;
                let optional = |c: &str| Some(record.get(c).to_owned()).filter(|v| !v.is_empty());
                Ok(Student {
                    id,
                    name,
                    email: optional("email"),
                    cohort: optional("cohort"),
                    archived: false,
                })
            })();
            RosterRow {
                line: record.line,
                student,
                has_email: record.has("email"),
                has_cohort: record.has("cohort"),
            }
        })
        .collect())
}

/// A required one-line text: not empty, no line breaks.
pub fn one_line(field: &str, text: &str) -> std::result::Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("`{field}` is empty"));
    }
    if text.contains(['\n', '\r']) {
        return Err(format!("`{field}` has a line break; keep it on one line"));
    }
    Ok(text.to_owned())
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
