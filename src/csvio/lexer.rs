//! The record splitter under `csvio`: RFC 4180 records (cells split by `,`, records by line
//! ends, `"` quoting with `""` for a quote inside) that know where every quoted cell opened and
//! closed, so that a quote left open is reported where it opened instead of swallowing rows.
//! One pass over the bytes; CRLF, LF and CR alone are each one line end.

/// A character's place: 1-based line and column (the column counts characters, not bytes), and
/// its byte offset in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub line: u64,
    pub column: u64,
    pub byte: usize,
}

/// Where a quoted cell's opening `"` stands, and its closing one (`None`: never closed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    pub open: Place,
    pub close: Option<Place>,
}

impl Quote {
    /// Whether the cell runs over at least one line end (or to the end of the file).
    #[must_use]
    pub fn spans_lines(&self) -> bool {
        self.close.is_none_or(|close| close.line != self.open.line)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub quote: Option<Quote>,
}

/// A quote where RFC 4180 does not allow one; the record is still split as a reader of
/// spreadsheets would split it (the quote taken literally).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// A `"` inside an unquoted cell (`cell`), not its first character; `after_space` when only
    /// spaces come before it in the cell (` "a, b"`).
    StrayQuote {
        at: Place,
        after_space: bool,
        cell: String,
    },
    /// Text between a quoted cell's closing `"` and the next `,` or line end.
    TextAfterQuote { quote: Quote },
}

impl Flaw {
    #[must_use]
    pub fn place(&self) -> Place {
        match self {
            Flaw::StrayQuote { at, .. } => *at,
            Flaw::TextAfterQuote { quote } => quote.close.unwrap_or(quote.open),
        }
    }
}

#[derive(Debug)]
pub struct RawRecord {
    /// The line the record starts on.
    pub line: u64,
    pub cells: Vec<Cell>,
    /// The record's first flaw.
    pub flaw: Option<Flaw>,
}

pub struct Lexed {
    pub records: Vec<RawRecord>,
}

/// Splits `text` into records of cells separated by `separator` (`b','` or `b';'`). Every byte
/// belongs to exactly one record; the text after the last line end, if any, is the last record.
#[must_use]
pub fn lex(text: &str, separator: u8) -> Lexed {
    let mut lexer = Lexer {
        separator,
        text,
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
    };
    let mut records = Vec::new();
    while lexer.at < lexer.bytes.len() {
        records.push(lexer.record());
    }
    Lexed { records }
}

/// The record that starts at byte `at` of `text` (a window onto a file read piece by piece),
/// on `line`: the record, the byte and the line after it, or `None` when the record may go on
/// past the window and more of the file is needed (never when `last`: the window ends the file).
#[must_use]
pub fn record_at(
    text: &str,
    at: usize,
    line: u64,
    separator: u8,
    last: bool,
) -> Option<(RawRecord, usize, u64)> {
    let mut lexer = Lexer {
        separator,
        text,
        bytes: text.as_bytes(),
        at,
        line,
        line_start: at,
    };
    let record = lexer.record();
    // A record that reaches the window's end may continue (a CR whose LF is next, a cell or
    // quote that goes on) unless the window ends the file.
    (lexer.at < text.len() || last).then_some((record, lexer.at, lexer.line))
}

struct Lexer<'t> {
    separator: u8,
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    line: u64,
    /// The byte the current line starts at: a column is counted only when a place is asked
    /// for (a quote's or a flaw's), not at every byte.
    line_start: usize,
}

impl Lexer<'_> {
    fn place(&self) -> Place {
        Place {
            line: self.line,
            column: 1 + self.text.as_bytes()[self.line_start..self.at]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count() as u64,
            byte: self.at,
        }
    }

    /// Moves past one byte that is not a line end.
    fn step(&mut self) {
        self.at += 1;
    }

    /// Moves past the line end at the cursor (CRLF, LF or CR alone).
    fn line_end(&mut self) {
        if self.bytes[self.at] == b'\r' && self.bytes.get(self.at + 1) == Some(&b'\n') {
            self.at += 1;
        }
        self.at += 1;
        self.line += 1;
        self.line_start = self.at;
    }

    fn record(&mut self) -> RawRecord {
        let line = self.line;
        // Room for the cells of a usual row at once (a score sheet has twelve).
        let mut cells = Vec::with_capacity(16);
        let mut flaw = None;
        loop {
            cells.push(self.cell(&mut flaw));
            match self.bytes.get(self.at) {
                Some(&byte) if byte == self.separator => self.step(),
                Some(_) => {
                    self.line_end();
                    break;
                }
                None => break,
            }
        }
        RawRecord { line, cells, flaw }
    }

    /// A cell, up to (not including) the separator or line end after it.
    fn cell(&mut self, flaw: &mut Option<Flaw>) -> Cell {
        if self.bytes.get(self.at) == Some(&b'"') {
            return self.quoted(flaw);
        }
        let start = self.at;
        loop {
            // The plain text up to the next byte that matters, in one scan.
            let rest = &self.bytes[self.at..];
            let separator = self.separator;
            let plain = rest
                .iter()
                .position(|&b| matches!(b, b'\r' | b'\n' | b'"') || b == separator)
                .unwrap_or(rest.len());
            self.at += plain;
            if self.bytes.get(self.at) != Some(&b'"') {
                break;
            }
            if flaw.is_none() {
                *flaw = Some(Flaw::StrayQuote {
                    at: self.place(),
                    after_space: self.text[start..self.at].trim().is_empty(),
                    cell: String::new(),
                });
            }
            self.step();
        }
        let text = &self.text[start..self.at];
        if let Some(Flaw::StrayQuote { at, cell, .. }) = flaw
            && at.byte >= start
        {
            text.clone_into(cell);
        }
        Cell {
            text: text.to_owned(),
            quote: None,
        }
    }

    fn quoted(&mut self, flaw: &mut Option<Flaw>) -> Cell {
        let open = self.place();
        self.step();
        let mut text = String::new();
        let mut from = self.at;
        loop {
            match self.bytes.get(self.at) {
                None => {
                    text.push_str(&self.text[from..]);
                    return Cell {
                        text,
                        quote: Some(Quote { open, close: None }),
                    };
                }
                Some(b'"') => {
                    let close = self.place();
                    text.push_str(&self.text[from..self.at]);
                    self.step();
                    if self.bytes.get(self.at) == Some(&b'"') {
                        text.push('"');
                        self.step();
                        from = self.at;
                        continue;
                    }
                    let quote = Quote {
                        open,
                        close: Some(close),
                    };
                    let rest = self.at;
                    while let Some(&byte) = self.bytes.get(self.at) {
                        if matches!(byte, b'\r' | b'\n') || byte == self.separator {
                            break;
                        }
                        self.step();
                    }
                    if self.at > rest {
                        flaw.get_or_insert(Flaw::TextAfterQuote { quote });
                        text.push_str(&self.text[rest..self.at]);
                    }
                    return Cell {
                        text,
                        quote: Some(quote),
                    };
                }
                Some(b'\r' | b'\n') => self.line_end(),
                Some(_) => self.step(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<Vec<String>> {
        lex(text, b',')
            .records
            .into_iter()
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    #[test]
    fn records_split_on_every_kind_of_line_end_and_quotes_keep_them() {
        assert_eq!(
            texts("a,b\r\nc,\"d\r\ne\"\rf,\"g\"\"h\"\n\n,"),
            [
                vec!["a", "b"],
                vec!["c", "d\r\ne"],
                vec!["f", "g\"h"],
                vec![""],
                vec!["", ""]
            ]
        );
        let lexed = lex("a\rb\r\nc\nd", b',');
        let lines: Vec<u64> = lexed.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    #[test]
    fn semicolons_separate_cells_in_a_semicolon_file_and_commas_are_text() {
        let lexed = lex("a;\"b;c\";2,5\n", b';');
        let cells: Vec<&str> = lexed.records[0]
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(cells, ["a", "b;c", "2,5"]);
        assert_eq!(lexed.records[0].flaw, None);
    }

    #[test]
    fn quotes_know_where_they_open_and_close_in_characters() {
        let text = "é,\"x\ny\",\"z";
        let lexed = lex(text, b',');
        let cells = &lexed.records[0].cells;
        let quote = cells[1].quote.unwrap();
        assert_eq!((quote.open.line, quote.open.column), (1, 3));
        let close = quote.close.unwrap();
        assert_eq!((close.line, close.column), (2, 2));
        assert!(quote.spans_lines());
        let open = cells[2].quote.unwrap();
        assert_eq!((open.open.line, open.open.column, open.close), (2, 4, None));
        assert_eq!(&text[..close.byte], "é,\"x\ny");
    }

    #[test]
    fn stray_quotes_and_text_after_a_closing_quote_are_flaws_at_their_place() {
        let lexed = lex("a,5\" monitor,\"b\"c\n \"x\"", b',');
        let first = lexed.records[0].flaw.clone().unwrap();
        assert_eq!(
            first,
            Flaw::StrayQuote {
                at: Place {
                    line: 1,
                    column: 4,
                    byte: 3
                },
                after_space: false,
                cell: "5\" monitor".to_owned(),
            }
        );
        assert_eq!(lexed.records[0].cells[1].text, "5\" monitor");
        assert_eq!(lexed.records[0].cells[2].text, "bc");
        let second = lexed.records[1].flaw.clone().unwrap();
        assert!(matches!(
            second,
            Flaw::StrayQuote {
                after_space: true,
                ..
            }
        ));
        assert_eq!(second.place().column, 2);
    }

    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![',', '"', '\n', '\r', ' ', 'é', '🎚']);
        prop::collection::vec(
            prop_oneof![2 => special, 1 => prop::char::range('a', 'c'), 1 => any::<char>()],
            0..12,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        /// Any table the csv crate writes (any width, any characters, CR and LF inside cells)
        /// splits back into the same cells, without a flaw, each record on the line it starts.
        #[test]
        fn what_the_csv_writer_writes_splits_back_into_the_same_cells(
            width in 1..5usize,
            cells in prop::collection::vec(cell(), 1..40),
        ) {
            let rows: Vec<&[String]> = cells.chunks(width).collect();
            let mut writer = csv::WriterBuilder::new()
                .flexible(true)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            for row in &rows {
                writer.write_record(*row).unwrap();
            }
            let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
            let lexed = lex(&text, b',');
            prop_assert_eq!(lexed.records.len(), rows.len());
            let mut line = 1;
            for (record, row) in lexed.records.iter().zip(&rows) {
                prop_assert_eq!(&record.flaw, &None);
                prop_assert_eq!(record.line, line);
                let read: Vec<&str> = record.cells.iter().map(|c| c.text.as_str()).collect();
                prop_assert_eq!(&read[..], &row.iter().map(String::as_str).collect::<Vec<_>>()[..]);
                // Line ends inside the cells, then the record's own.
                let inside: usize = row
                    .iter()
                    .map(|c| c.matches('\n').count() + c.replace("\r\n", "\n").matches('\r').count())
                    .sum();
                line += inside as u64 + 1;
            }
        }
    }
}
