//! CSV in and out (docs/FORMATS.md § Roster CSV, § Scores CSV, § CSV files): header rows with
//! columns in any order, UTF-8 with or without a byte-order mark, cells separated by commas or
//! (European spreadsheets, `sep=;`) semicolons, line numbers for every record, and spreadsheet
//! formulas neutralised on export and restored on import (`scores.rs`; the roster: `roster.rs`).
//! Out only: the gradebook CSVs of `export-mastery` (`mastery.rs`, § Mastery for gradebooks),
//! written through `table.rs`.

use std::path::Path;
use std::rc::Rc;

use crate::error::{Error, Result};
use crate::suggest;
use crate::text::{self, Lines};

mod lexer;
mod mastery;
mod outcomes;
mod quotes;
mod reader;
mod roster;
mod scores;
mod table;

use lexer::{Quote, RawRecord};
pub use mastery::{MasteryLayout, MasterySheet, MoodleKey, sis_user_id};
pub use outcomes::{OutcomeRow, read_outcomes};
pub use reader::Reader;
pub use roster::{RosterRow, read_roster};
pub use scores::{SCORE_COLUMNS, ScoresWriter, neutralise, restore, scores_reader, write_blank};
pub use table::Table;

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

/// What is wrong with the form of a record (its problem says where and how).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// A misplaced quote, or a quoted cell over several lines in a single-line column.
    Quote,
    /// More or fewer cells than the header.
    Cells,
    /// A line break or control character where the column allows none.
    Character,
}

/// One record of a CSV file: the line it starts on and its cells by column name.
pub struct Record {
    pub line: u64,
    /// The header's column names (shared by every record of the file).
    header: Rc<[String]>,
    /// The cells, in the header's order (more or fewer when the record is malformed).
    cells: Vec<String>,
    /// The record's first problem of form: a misplaced quote, a cell over several lines in a
    /// single-line column, more or fewer cells than the header, a control character.
    pub problem: Option<(Form, Problem)>,
    /// Whether numbers may be written with a decimal comma (`2,5`): in a semicolon file only.
    decimal_comma: bool,
}

impl Record {
    /// The trimmed cell of a column, `""` when the column is absent.
    #[must_use]
    pub fn get(&self, column: &str) -> &str {
        self.text(column).trim()
    }

    /// The cell as written, for free text.
    #[must_use]
    pub fn text(&self, column: &str) -> &str {
        if column.is_empty() {
            return "";
        }
        self.header
            .iter()
            .position(|c| c.eq_ignore_ascii_case(column))
            .and_then(|index| self.cells.get(index))
            .map_or("", String::as_str)
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
        !column.is_empty() && self.header.iter().any(|c| c.eq_ignore_ascii_case(column))
    }
}

/// The columns a CSV may have: `required` ones, `optional` ones, and of these the ones whose
/// cells may hold line breaks (every other column is single-line). Names are matched whatever
/// their case, and shown in messages as written here. Columns whose name starts with
/// `extension` (`OneRoster`'s `metadata.`), when given, are allowed and not read.
#[derive(Clone, Copy)]
pub struct Columns<'a> {
    pub required: &'a [&'a str],
    pub optional: &'a [&'a str],
    pub multi_line: &'a [&'a str],
    pub extension: Option<&'a str>,
}

/// Reads a CSV whose header must name every required column and may name optional ones.
/// Columns with an empty name (a trailing comma) are ignored. A quote that swallows rows, or
/// is never closed, refuses the whole file; any other problem of a record comes back as its
/// `problem`, so that every bad row can be reported.
pub fn read(file: &Path, columns: &Columns<'_>) -> Result<Vec<Record>> {
    let mut reader = Reader::open(file, columns)?;
    let mut records = Vec::new();
    while let Some(record) = reader.next_record()? {
        records.push(record);
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
) -> Option<(Form, Problem)> {
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
        .filter(|(name, _)| !name.is_empty() && !is_one_of(name, multi_line))
        .find_map(|(name, cell)| {
            let quote = cell.quote.filter(Quote::spans_lines)?;
            let close = quote.close?;
            Some(at(
                quote.open,
                quotes::in_single_line(name, quote.open, close),
            ))
        });
    if let Some(first) = [flaw, spread].into_iter().flatten().min() {
        return Some((Form::Quote, first));
    }
    if raw.cells.len() != header.len() {
        return Some((
            Form::Cells,
            Problem::row(
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
            ),
        ));
    }
    header
        .iter()
        .zip(&raw.cells)
        .filter(|(name, _)| !name.is_empty())
        .find_map(|(name, cell)| {
            let lines = if is_one_of(name, multi_line) {
                Lines::Many
            } else {
                Lines::One
            };
            text::check(name, &cell.text, lines).err()
        })
        .map(|message| (Form::Character, Problem::row(raw.line, message)))
}

/// Unknown, repeated and missing columns, all at once, as `FILE:LINE: …` (the header's line).
fn header_problems(file: &Path, line: u64, header: &[String], columns: &Columns<'_>) -> Result<()> {
    let Columns {
        required,
        optional,
        extension,
        ..
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
        } else if !is_one_of(name, &known)
            && !extension.is_some_and(|prefix| name.starts_with(&prefix.to_ascii_lowercase()))
        {
            let lower: Vec<String> = known.iter().map(|k| k.to_ascii_lowercase()).collect();
            let near = suggest::did_you_mean(name, lower.iter().map(String::as_str))
                .and_then(|near| known.iter().find(|k| k.eq_ignore_ascii_case(near)));
            problems.push(match near {
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
        .filter(|r| !header.iter().any(|h| h.eq_ignore_ascii_case(r)))
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

/// Whether a header's (lower-case) `name` is one of `list`, whatever their case.
fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
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
    fn a_record_keeps_no_more_room_than_its_cells() {
        // Read from memory, as a OneRoster package's files are: every record of a file is
        // kept, so spare room per record multiplies by the rows.
        let text = "a,b,c,d,e,f,g\n1,2,3,4,5,6,7\n,,,,,,x\n";
        let columns = Columns {
            required: &["a"],
            optional: &["b", "c", "d", "e", "f", "g"],
            multi_line: &[],
            extension: None,
        };
        let mut reader =
            Reader::from_bytes(Path::new("x.csv"), Rc::from(text.as_bytes()), &columns).unwrap();
        let mut read = 0;
        while let Some(record) = reader.next_record().unwrap() {
            assert_eq!(record.cells.capacity(), record.cells.len());
            read += 1;
        }
        assert_eq!(read, 2);
    }

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
            header: Rc::from(vec!["level".to_owned()]),
            cells: vec![cell.to_owned()],
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
