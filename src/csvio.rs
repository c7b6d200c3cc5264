//! CSV in and out (docs/FORMATS.md § Roster CSV, § Scores CSV, § CSV files): header rows with
//! columns in any order, UTF-8 with or without a byte-order mark, cells separated by commas or
//! (European spreadsheets, `sep=;`) semicolons, line numbers for every record, and spreadsheet
//! formulas neutralised on export and restored on import (`scores.rs`; the roster: `roster.rs`).

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};
use crate::suggest;
use crate::text::{self, Lines};

mod lexer;
mod quotes;
mod roster;
mod scores;

use lexer::{Quote, RawRecord};
pub use roster::{RosterRow, read_roster};
pub use scores::{SCORE_COLUMNS, ScoresWriter, neutralise, read_scores, restore, write_blank};

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
    /// Whether numbers may be written with a decimal comma (`2,5`): in a semicolon file only.
    decimal_comma: bool,
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

    /// The trimmed cell of a number column: in a semicolon file, a decimal comma (`2,5`) reads
    /// as a point (`2.5`); anything else as written.
    #[must_use]
    pub fn decimal(&self, column: &str) -> String {
        let cell = self.get(column);
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        match cell.split_once(',') {
            Some((whole, fraction))
                if self.decimal_comma
                    && digits(whole.strip_prefix(['-', '+']).unwrap_or(whole))
                    && digits(fraction) =>
            {
                format!("{whole}.{fraction}")
            }
            _ => cell.to_owned(),
        }
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
    let (separator, sep_line) = separator(file, &text)?;
    let lexed = lexer::lex(&text, separator);
    // A `sep=;` line, then empty lines before the header are skipped, as spreadsheet programs do.
    let mut raw = lexed.records.iter().skip(usize::from(sep_line)).skip_while(
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
        let problem = problem(raw, &header, columns.multi_line, separator);
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
            decimal_comma: separator == b';',
        });
    }
    Ok(records)
}

/// The byte that separates cells, and whether the file starts with a `sep=` line that says
/// so (as spreadsheet programs write it): else `;` when the header line holds a `;` and no `,`
/// outside quotes (European spreadsheets), else `,`.
fn separator(file: &Path, text: &str) -> Result<(u8, bool)> {
    let first = text.split(['\n', '\r']).next().unwrap_or("");
    if let Some(rest) = first.trim().strip_prefix("sep=") {
        return match rest {
            "," => Ok((b',', true)),
            ";" => Ok((b';', true)),
            _ => Err(Error::refused_with(
                format!(
                    "{}:1: `{}`: rapport reads cells separated by `,` or `;`",
                    file.display(),
                    text::one_line_for_terminal(first.trim())
                ),
                "save the file as CSV with commas (or semicolons) between cells",
            )),
        };
    }
    let header = text
        .split(['\n', '\r'])
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let (mut quoted, mut commas, mut semicolons) = (false, 0, 0);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    Ok((
        if commas == 0 && semicolons > 0 {
            b';'
        } else {
            b','
        },
        false,
    ))
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
fn problem(
    raw: &RawRecord,
    header: &[String],
    multi_line: &[&str],
    separator: u8,
) -> Option<Problem> {
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
                "this row has {} cells but the header has {}; quote a cell that holds a {} ({})",
                raw.cells.len(),
                header.len(),
                if separator == b';' {
                    "semicolon"
                } else {
                    "comma"
                },
                if separator == b';' {
                    "\"Good; clear\""
                } else {
                    "\"Good, clear\""
                },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_comes_from_a_sep_line_or_a_semicolon_header() {
        let file = Path::new("x.csv");
        assert_eq!(separator(file, "sep=;\na;b\n").unwrap(), (b';', true));
        assert_eq!(separator(file, "sep=,\r\na;b\n").unwrap(), (b',', true));
        assert_eq!(separator(file, "\n\nid;name\n").unwrap(), (b';', false));
        assert_eq!(separator(file, "id,name\n").unwrap(), (b',', false));
        // A `;` inside quotes, or beside a `,`, leaves the file comma-separated.
        assert_eq!(separator(file, "\"a;b\",c\n").unwrap(), (b',', false));
        assert_eq!(separator(file, "id,na;me\n").unwrap(), (b',', false));
        assert!(separator(file, "sep=|\n").is_err());
    }

    #[test]
    fn decimal_commas_read_as_points_only_in_a_semicolon_file() {
        let record = |cell: &str, decimal_comma| Record {
            line: 2,
            cells: vec![("level".to_owned(), cell.to_owned())],
            problem: None,
            decimal_comma,
        };
        assert_eq!(record("2,5", true).decimal("level"), "2.5");
        assert_eq!(record(" -0,25 ", true).decimal("level"), "-0.25");
        assert_eq!(record("2,5", false).decimal("level"), "2,5");
        for kept in ["2,", ",5", "2,5,1", "a,5", "Proficient", "3"] {
            assert_eq!(record(kept, true).decimal("level"), kept, "{kept}");
        }
    }
}
