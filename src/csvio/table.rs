//! A CSV table written whole: a header row, then rows of cells as given (a layout neutralises
//! what it must first, `neutralise`), UTF-8 without a byte-order mark, LF line endings, quotes
//! only where a cell needs them. Any layout that fits in memory writes through it
//! (`export-mastery`'s three layouts); the streamed scores export has its own `ScoresWriter`.

use std::io::{self, Write};

/// A header and rows, each row as long as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    #[must_use]
    pub fn new(header: Vec<String>) -> Table {
        Table {
            header,
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    ///
    /// # Panics
    /// When the row is not as long as the header: a layout's own mistake.
    pub fn push(&mut self, row: Vec<String>) {
        assert_eq!(row.len(), self.header.len(), "a row as long as the header");
        self.rows.push(row);
    }

    /// The rows below the header.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    /// Writes the table to `out`.
    pub fn write(&self, out: impl Write) -> io::Result<()> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        writer.write_record(&self.header)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer.flush()
    }

    /// The table as text.
    #[must_use]
    pub fn text(&self) -> String {
        let mut bytes = Vec::new();
        self.write(&mut bytes).expect("writing to memory");
        String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_where_needed() {
        let mut table = Table::new(vec!["a".into(), "b, c".into()]);
        table.push(vec!["say \"hi\"".into(), String::new()]);
        table.push(vec!["two\nlines".into(), "2.50".into()]);
        assert_eq!(
            table.text(),
            "a,\"b, c\"\n\"say \"\"hi\"\"\",\n\"two\nlines\",2.50\n"
        );
        assert_eq!(table.rows(), 2);
    }

    #[test]
    #[should_panic(expected = "a row as long as the header")]
    fn a_short_row_is_a_layout_mistake() {
        Table::new(vec!["a".into(), "b".into()]).push(vec!["1".into()]);
    }
}
