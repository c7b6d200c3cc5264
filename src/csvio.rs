//! CSV in and out (docs/FORMATS.md § Roster CSV, § Scores CSV): header rows with columns in any
//! order, UTF-8 with or without a byte-order mark, line numbers for every record, and
//! spreadsheet formulas neutralised on export and restored on import.

use std::fs;
use std::path::Path;

use crate::course::model::format_score;
use crate::error::{Error, Result};
use crate::gradebook::{Revision, Student};
use crate::ids;
use crate::suggest;
use crate::text::{self, Lines};

mod lexer;
mod quotes;

use lexer::{Quote, RawRecord};

/// A problem with one record, at the line it starts on or, for a misplaced quote, at the
/// quote's own line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub line: u64,
    pub column: Option<u64>,
    pub message: String,
}

impl Problem {
    /// A problem of the record that starts on `line`.
    #[must_use]
    pub fn row(line: u64, message: String) -> Self {
        Problem {
            line,
            column: None,
            message,
        }
    }

    /// `FILE:LINE: message` or `FILE:LINE:COLUMN: message`.
    #[must_use]
    pub fn located(&self, file: &Path) -> String {
        match self.column {
            Some(column) => format!(
                "{}:{}:{column}: {}",
                file.display(),
                self.line,
                self.message
            ),
            None => format!("{}:{}: {}", file.display(), self.line, self.message),
        }
    }
}

/// One record of a CSV file: the line it starts on and its cells by column name.
pub struct Record {
    pub line: u64,
    cells: Vec<(String, String)>,
    /// The record's first problem of form: a misplaced quote, a cell over several lines in a
    /// single-line column, more or fewer cells than the header, a control character.
    pub problem: Option<Problem>,
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

/// The columns a CSV may have: `required` ones, `optional` ones, and of these the ones whose
/// cells may hold line breaks (every other column is single-line).
pub struct Columns<'a> {
    pub required: &'a [&'a str],
    pub optional: &'a [&'a str],
    pub multi_line: &'a [&'a str],
}

/// How many line ends `text` holds: CRLF, LF and CR alone count one each.
fn line_ends(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut count = 0;
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'\n' => count += 1,
            b'\r' if bytes.get(index + 1) != Some(&b'\n') => count += 1,
            _ => {}
        }
    }
    count
}

/// Whether bytes that are not UTF-8, or are only by accident, are UTF-16 text: a UTF-16
/// byte-order mark, or NUL bytes in every other place (ASCII in UTF-16LE or BE) in more than
/// half of the first 1,024 bytes' pairs.
fn utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(1024)];
    let pairs = sample.len() / 2;
    let count = |nul: usize| {
        sample
            .chunks_exact(2)
            .filter(|pair| pair[nul] == 0 && pair[1 - nul] != 0)
            .count()
    };
    pairs > 0 && count(1).max(count(0)) * 2 > pairs
}

/// The file's text: UTF-8 without its byte-order mark; UTF-16 and other encodings refused.
fn decode(file: &Path, bytes: &[u8]) -> Result<String> {
    if utf16(bytes) {
        return Err(Error::refused(format!(
            "{}: the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\")",
            file.display()
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            Err(Error::refused_with(
                format!(
                    "{}:{}: the file is not UTF-8 text",
                    file.display(),
                    line_ends(valid) + 1
                ),
                "save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)",
            ))
        }
    }
}

/// Reads a CSV whose header must name every required column and may name optional ones.
/// Columns with an empty name (a trailing comma) are ignored. A quote that swallows rows, or
/// is never closed, refuses the whole file; any other problem of a record comes back as its
/// `problem`, so that every bad row can be reported.
pub fn read(file: &Path, columns: &Columns<'_>) -> Result<Vec<Record>> {
    let bytes = fs::read(file).map_err(Error::io("read", file))?;
    let text = decode(file, &bytes)?;
    let lexed = lexer::lex(&text);
    // Empty lines before the header are skipped, as spreadsheet programs do.
    let mut raw = lexed.records.iter().skip_while(
        |r| matches!(&r.cells[..], [cell] if cell.text.is_empty() && cell.quote.is_none()),
    );
    let (line, header) = match raw.next() {
        Some(first) => (first.line, header(file, first)?),
        None => (1, Vec::new()),
    };
    header_problems(file, line, &header, columns)?;
    let rest: Vec<&RawRecord> = raw.collect();
    for record in &rest {
        for cell in &record.cells {
            if let Some(quote) = cell.quote.filter(Quote::spans_lines) {
                quotes::swallowed(file, &text, &lexed, quote, header.len())?;
            }
        }
    }
    let mut records = Vec::new();
    for raw in rest {
        if raw.cells.iter().all(|cell| cell.text.trim().is_empty()) {
            continue;
        }
        let problem = problem(raw, &header, columns.multi_line);
        let cells = header
            .iter()
            .zip(&raw.cells)
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, cell)| (name.clone(), cell.text.clone()))
            .collect();
        records.push(Record {
            line: raw.line,
            cells,
            problem,
        });
    }
    Ok(records)
}

/// The header's column names, trimmed and lower case; a misplaced quote in it refuses the file.
fn header(file: &Path, record: &RawRecord) -> Result<Vec<String>> {
    let quote = record
        .cells
        .iter()
        .filter_map(|c| c.quote)
        .find(Quote::spans_lines);
    let message = match (quote, record.flaw.clone()) {
        (Some(quote), _) => Some((quote.open, quotes::in_header(quote))),
        (None, Some(flaw)) => Some((flaw.place(), quotes::flaw_message(&flaw))),
        (None, None) => None,
    };
    if let Some((place, message)) = message {
        return Err(Error::refused(format!(
            "{}:{}:{}: {message}",
            file.display(),
            place.line,
            place.column
        )));
    }
    Ok(record
        .cells
        .iter()
        .map(|c| c.text.trim().to_ascii_lowercase())
        .collect())
}

/// A record's first problem: a misplaced quote or a quoted cell over several lines in a
/// single-line column (whichever comes first), then the number of cells, then a control
/// character (docs/FORMATS.md § Text).
fn problem(raw: &RawRecord, header: &[String], multi_line: &[&str]) -> Option<Problem> {
    let at = |place: lexer::Place, message: String| Problem {
        line: place.line,
        column: Some(place.column),
        message,
    };
    let flaw = raw
        .flaw
        .as_ref()
        .map(|flaw| at(flaw.place(), quotes::flaw_message(flaw)));
    let spread = header
        .iter()
        .zip(&raw.cells)
        .filter(|(name, _)| !name.is_empty() && !multi_line.contains(&name.as_str()))
        .find_map(|(name, cell)| {
            let quote = cell.quote.filter(Quote::spans_lines)?;
            let close = quote.close?;
            Some(at(
                quote.open,
                quotes::in_single_line(name, quote.open, close),
            ))
        });
    if let Some(first) = [flaw, spread].into_iter().flatten().min() {
        return Some(first);
    }
    if raw.cells.len() != header.len() {
        return Some(Problem::row(
            raw.line,
            format!(
                "this row has {} cells but the header has {}; quote a cell that holds a comma (\"Good, clear\")",
                raw.cells.len(),
                header.len()
            ),
        ));
    }
    header
        .iter()
        .zip(&raw.cells)
        .filter(|(name, _)| !name.is_empty())
        .find_map(|(name, cell)| {
            let lines = if multi_line.contains(&name.as_str()) {
                Lines::Many
            } else {
                Lines::One
            };
            text::check(name, &cell.text, lines).err()
        })
        .map(|message| Problem::row(raw.line, message))
}

/// Unknown, repeated and missing columns, all at once, as `FILE:LINE: …` (the header's line).
fn header_problems(file: &Path, line: u64, header: &[String], columns: &Columns<'_>) -> Result<()> {
    let Columns {
        required, optional, ..
    } = *columns;
    let known: Vec<&str> = required.iter().chain(optional).copied().collect();
    let mut problems = Vec::new();
    for (index, name) in header.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        let shown = text::one_line_for_terminal(name);
        if header[..index].contains(name) {
            problems.push(format!("column `{shown}` is named twice"));
        } else if !known.contains(&name.as_str()) {
            problems.push(match suggest::did_you_mean(name, known.iter().copied()) {
                Some(near) => format!("unknown column `{shown}`, did you mean `{near}`?"),
                None => format!(
                    "unknown column `{shown}`; the columns are {}",
                    names(&known)
                ),
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
    Err(Error::refused_with(
        format!("{}:{line}: {}", file.display(), problems.join("; ")),
        format!(
            "the header row names the columns: {} required, {} optional",
            names(required),
            names(optional)
        ),
    ))
}

fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

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
    };
    let records = read(file, &columns)?;
    Ok(records
        .into_iter()
        .map(|record| {
            if let Some(problem) = &record.problem {
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
    let columns = Columns {
        required: &[
            "session",
            "student",
            "rater",
            "rubric",
            "criterion",
            "level",
        ],
        optional: &["date", "role", "note", "comment"],
        multi_line: &["note", "comment"],
    };
    read(file, &columns)
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
    let rows = revisions.iter().flat_map(|revision| {
        let comment = neutralise(revision.comment.as_deref().unwrap_or(""));
        revision.scores.iter().map(move |score| {
            [
                revision.session.clone(),
                revision.date.clone(),
                revision.student.clone(),
                revision.rater.clone(),
                revision.role.as_str().to_owned(),
                revision.rubric.clone(),
                score.criterion.clone(),
                format_score(score.level),
                neutralise(score.note.as_deref().unwrap_or("")),
                comment.clone(),
            ]
        })
    });
    write_table(rows)
}

/// The header and rows of cells as written (already neutralised), LF line endings: the one
/// writer configuration of the scores CSV.
fn write_table(rows: impl IntoIterator<Item = [String; SCORE_COLUMNS.len()]>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(SCORE_COLUMNS)
        .expect("writing to memory");
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
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

    use proptest::prelude::*;

    /// An ID as the exporter writes it.
    fn id() -> impl Strategy<Value = String> {
        "[a-z0-9][a-z0-9._-]{0,12}"
    }

    /// Free text as a gradebook may hold it: anything but control characters, with tab and line
    /// breaks, and plenty of what CSV and spreadsheets treat specially.
    fn text() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![
            ',', '"', '\n', '\r', '\t', '=', '+', '-', '@', '\'', ' ', 'é', '中', '🎚',
        ]);
        let plain = any::<char>().prop_filter("no controls", |c| !c.is_control());
        prop::collection::vec(
            prop_oneof![3 => special, 2 => prop::char::range('a', 'z'), 1 => plain],
            0..40,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    /// Whether a line after a cell's first holds 9 commas or more: it could then read as a row
    /// of the 10 columns on its own, which the reader refuses by design (docs/FORMATS.md: a quote
    /// that stays open across lines that are complete rows is an error).
    fn could_read_as_row(text: &str) -> bool {
        text.split(['\n', '\r'])
            .skip(1)
            .any(|line| line.matches(',').count() >= SCORE_COLUMNS.len() - 1)
    }

    fn row() -> impl Strategy<Value = [String; SCORE_COLUMNS.len()]> {
        (
            (id(), "2026-(0[1-9]|1[0-2])-[0-2][1-9]", id(), id()),
            prop::sample::select(vec!["instructor", "self", "peer"]),
            (id(), id(), "[0-9]{1,2}(\\.5)?"),
            (text(), text()),
        )
            .prop_map(
                |(
                    (session, date, student, rater),
                    role,
                    (rubric, criterion, level),
                    (note, comment),
                )| {
                    [
                        session,
                        date,
                        student,
                        rater,
                        role.to_owned(),
                        rubric,
                        criterion,
                        level,
                        note,
                        comment,
                    ]
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the exporter writes, the reader gives back: the same rows, each cell as it
        /// was, notes and comments after `restore`.
        #[test]
        fn every_table_the_exporter_writes_reads_back_to_the_same_cells(
            rows in prop::collection::vec(row(), 1..8)
        ) {
            prop_assume!(rows.iter().all(|r| !could_read_as_row(&r[8]) && !could_read_as_row(&r[9])));
            let written: Vec<[String; 10]> = rows
                .iter()
                .map(|r| {
                    let mut cells = r.clone();
                    cells[8] = neutralise(&r[8]);
                    cells[9] = neutralise(&r[9]);
                    cells
                })
                .collect();
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("export.csv");
            fs::write(&file, write_table(written)).unwrap();
            let records = read_scores(&file).unwrap();
            prop_assert_eq!(records.len(), rows.len());
            for (record, row) in records.iter().zip(&rows) {
                prop_assert_eq!(&record.problem, &None);
                for (column, cell) in SCORE_COLUMNS.iter().zip(row) {
                    let read = match *column {
                        "note" | "comment" => restore(record.text(column)),
                        _ => record.text(column).to_owned(),
                    };
                    prop_assert_eq!(&read, cell, "column `{}`", column);
                }
            }
        }
    }
}
