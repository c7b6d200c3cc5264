//! `import --errors FILE`: every problem of an import as CSV (`line,column,message`, the column
//! empty when the problem is the row's), written as the rows are checked, in their order.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::csvio;
use crate::error::{Error, Result};

pub struct ErrorsFile {
    writer: csv::Writer<BufWriter<File>>,
    /// The file as the user named it, for messages.
    path: PathBuf,
    /// The first failure to write, reported by `finish`.
    failed: Option<csv::Error>,
}

impl ErrorsFile {
    /// Creates the file at `staged`, which becomes `path` once written.
    pub fn create(staged: &Path, path: &Path) -> Result<Self> {
        let file = File::create(staged).map_err(Error::io("write", path))?;
        let mut errors = ErrorsFile {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(BufWriter::new(file)),
            path: path.to_owned(),
            failed: None,
        };
        let header = errors.writer.write_record(["line", "column", "message"]);
        errors.keep(header);
        Ok(errors)
    }

    fn keep(&mut self, result: csv::Result<()>) {
        if let Err(e) = result {
            self.failed.get_or_insert(e);
        }
    }

    /// One problem: its line, its column when it has one, and its message (a spreadsheet
    /// formula neutralised, as in every CSV rapport writes).
    pub fn write(&mut self, line: u64, column: Option<u64>, message: &str) {
        if self.failed.is_some() {
            return;
        }
        let column = column.map_or_else(String::new, |c| c.to_string());
        let result =
            self.writer
                .write_record([line.to_string(), column, csvio::neutralise(message)]);
        self.keep(result);
    }

    /// Writes out what is buffered; the first failure, if any.
    pub fn finish(mut self) -> Result<()> {
        let flushed = self.writer.flush().map_err(csv::Error::from);
        self.keep(flushed);
        match self.failed {
            None => Ok(()),
            Some(e) => Err(Error::io("write", self.path)(std::io::Error::other(
                e.to_string(),
            ))),
        }
    }
}
