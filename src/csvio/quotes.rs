//! Where a quote may stand in a CSV (docs/FORMATS.md § Scores CSV): a quoted cell over several
//! lines must not take in lines that read as rows of their own, must be closed, and may be spread
//! only in multi-line columns; a `"` elsewhere is reported at its own line and column.

use std::path::Path;

use super::lexer::{self, Flaw, Place, Quote};
use crate::error::{Error, Result};
use crate::text;

/// The lines one record runs over, as read: to show what a quoted cell took in.
pub struct RecordLines<'t> {
    text: &'t str,
    /// The line the record starts on.
    first: u64,
    /// The byte offset in `text` at which each of the record's lines starts.
    starts: Vec<usize>,
    end: usize,
}

impl<'t> RecordLines<'t> {
    /// The record in `text[start..end]`, which starts on `first`.
    #[must_use]
    pub fn new(text: &'t str, start: usize, end: usize, first: u64) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![start];
        let mut at = start;
        while at < end {
            match bytes[at] {
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => at += 1,
                b'\r' | b'\n' => {}
                _ => {
                    at += 1;
                    continue;
                }
            }
            at += 1;
            starts.push(at);
        }
        RecordLines {
            text,
            first,
            starts,
            end,
        }
    }

    /// The record's last line (after a final line end, the empty line that follows it).
    fn last(&self) -> u64 {
        self.first + self.starts.len() as u64 - 1
    }

    /// The text of a line of the record, without its line end.
    fn line(&self, line: u64) -> &'t str {
        let index = usize::try_from(line - self.first).unwrap_or(usize::MAX);
        let start = self.starts.get(index).copied().unwrap_or(self.end);
        let end = self.starts.get(index + 1).copied().unwrap_or(self.end);
        let whole = self.text.get(start..end).unwrap_or("");
        whole
            .strip_suffix("\r\n")
            .or_else(|| whole.strip_suffix(['\n', '\r']))
            .unwrap_or(whole)
    }

    /// The text of `place`'s line before it.
    fn before(&self, place: Place) -> &'t str {
        let index = usize::try_from(place.line - self.first).unwrap_or(usize::MAX);
        let start = self.starts.get(index).copied().unwrap_or(self.end);
        self.text.get(start..place.byte).unwrap_or("")
    }
}

/// Refuses a quoted cell that runs over lines which look like rows of their own (the header's
/// width, not blank), or that is never closed (its record then runs to the end of the file).
pub fn swallowed(
    file: &Path,
    record: &RecordLines<'_>,
    quote: Quote,
    width: usize,
    separator: u8,
) -> Result<()> {
    // The lines wholly inside the cell: up to the end of the file when it is never closed.
    let inside = quote.close.map_or(record.last(), |close| close.line - 1);
    let mut rows: Vec<u64> = (quote.open.line + 1..=inside)
        .filter(|&line| looks_like_row(record.line(line), width, separator))
        .collect();
    // The closing line up to the closing quote, when that much is a whole row already.
    if let Some(close) = quote.close
        && looks_like_row(record.before(close), width, separator)
    {
        rows.push(close.line);
    }
    let opened = format!(
        "the quote opened at line {}, column {}",
        quote.open.line, quote.open.column
    );
    let message = match (quote.close, rows.is_empty()) {
        (Some(_), true) => return Ok(()),
        (Some(close), false) => format!(
            "{opened} closes at line {}: {}; close the quote on line {}",
            close.line,
            look_like_rows(&rows),
            quote.open.line
        ),
        (None, false) => format!(
            "{opened} is never closed: {}; close the quote on line {}",
            look_like_rows(&rows),
            quote.open.line
        ),
        (None, true) => {
            format!("{opened} is never closed; add the closing `\"` where the cell ends")
        }
    };
    Err(Error::refused(format!(
        "{}:{}:{}: {message}",
        file.display(),
        quote.open.line,
        quote.open.column
    )))
}

/// Whether one line, read on its own, is a record of `width` cells, not all blank, whose
/// quotes close on it.
fn looks_like_row(line: &str, width: usize, separator: u8) -> bool {
    match lexer::lex(line, separator).records.as_slice() {
        [record] => {
            record.cells.len() == width
                && record
                    .cells
                    .iter()
                    .all(|c| c.quote.is_none_or(|q| q.close.is_some()))
                && record.cells.iter().any(|c| !c.text.trim().is_empty())
        }
        _ => false,
    }
}

/// `line 3 looks like a row`, `lines 3–4 look like rows`, `lines 3, 5–7 look like rows`.
fn look_like_rows(lines: &[u64]) -> String {
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for &line in lines {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == line => *end = line,
            _ => runs.push((line, line)),
        }
    }
    if let [(first, last)] = runs[..]
        && first == last
    {
        return format!("line {first} looks like a row");
    }
    let list: Vec<String> = runs
        .iter()
        .map(|&(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            }
        })
        .collect();
    format!("lines {} look like rows", list.join(", "))
}

pub fn flaw_message(flaw: &Flaw) -> String {
    match flaw {
        Flaw::StrayQuote {
            after_space: true, ..
        } => {
            "a space before the opening `\"`; a quoted cell starts with its quote: remove the space"
                .to_owned()
        }
        Flaw::StrayQuote { cell, .. } => format!(
            "a `\"` inside an unquoted cell; put the whole cell in quotes and double the quote: \"{}\"",
            text::one_line_for_terminal(cell).replace('"', "\"\"")
        ),
        Flaw::TextAfterQuote { quote } => format!(
            "text after the `\"` that closes the quote opened at line {}, column {}; double each `\"` inside a quoted cell: \"5\"\" monitor\"",
            quote.open.line, quote.open.column
        ),
    }
}

/// The message for a quoted cell of the header that runs over lines or is never closed.
pub fn in_header(quote: Quote) -> String {
    format!(
        "the quote opened at line {}, column {} {}; column names are single-line: close the quote on line {}",
        quote.open.line,
        quote.open.column,
        quote.close.map_or_else(
            || "is never closed".to_owned(),
            |close| format!("closes at line {}", close.line)
        ),
        quote.open.line
    )
}

/// The message for a quoted cell over several lines in the single-line column `name`.
pub fn in_single_line(name: &str, open: Place, close: Place) -> String {
    format!(
        "the quote opened at line {}, column {} closes at line {}, but `{name}` is a single-line column; close the quote on line {}",
        open.line, open.column, close.line, open.line
    )
}
