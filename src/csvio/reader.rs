//! Reading a CSV piece by piece: the file is checked for its encoding in one pass over it, then
//! read into a window that holds the record being split and little more, so that memory does
//! not grow with the file (a quoted cell left open to the end of the file is the exception: it
//! is one record).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::lexer::{self, Quote, RawRecord};
use super::quotes::{self, RecordLines};
use super::{Columns, Record, header, header_problems, problem, separator};
use crate::error::{Error, Result};

/// How much of the file one read takes (more when one record is longer).
const CHUNK: usize = 256 * 1024;

/// Where the bytes come from: a file, or bytes already in memory (an entry of a zip archive),
/// named by `Reader::file` in messages either way.
#[derive(Clone)]
enum Origin {
    File,
    Bytes(Rc<[u8]>),
}

impl Origin {
    fn open(&self, file: &Path) -> Result<Box<dyn Read>> {
        Ok(match self {
            Origin::File => Box::new(File::open(file).map_err(Error::io("read", file))?),
            Origin::Bytes(bytes) => Box::new(std::io::Cursor::new(Rc::clone(bytes))),
        })
    }
}

/// The records of a CSV file, one at a time, after its header.
pub struct Reader<'c> {
    file: PathBuf,
    origin: Origin,
    source: Box<dyn Read>,
    /// The text read and not yet split, from byte `at`.
    window: String,
    at: usize,
    /// The line the text at `at` starts.
    line: u64,
    /// Whether the window holds the end of the file.
    last: bool,
    /// The first bytes of a character cut off by the last read.
    pending: Vec<u8>,
    started: bool,
    separator: u8,
    header: Rc<[String]>,
    columns: Columns<'c>,
}

impl<'c> Reader<'c> {
    /// Opens a CSV whose header must name every required column and may name optional ones:
    /// the file is refused when it is not UTF-8 text, when its `sep=` line or header is wrong.
    pub fn open(file: &Path, columns: &Columns<'c>) -> Result<Self> {
        check_encoding(file, &Origin::File)?;
        Reader::start(file, Origin::File, *columns)
    }

    /// `open` for bytes in memory (an entry of an archive), named `name` in messages.
    pub fn from_bytes(name: &Path, bytes: Rc<[u8]>, columns: &Columns<'c>) -> Result<Self> {
        let origin = Origin::Bytes(bytes);
        check_encoding(name, &origin)?;
        Reader::start(name, origin, *columns)
    }

    /// Reads the file again from its first record (its encoding was checked).
    pub fn rewind(&mut self) -> Result<()> {
        *self = Reader::start(&self.file, self.origin.clone(), self.columns)?;
        Ok(())
    }

    fn start(file: &Path, origin: Origin, columns: Columns<'c>) -> Result<Self> {
        let source = origin.open(file)?;
        let mut reader = Reader {
            file: file.to_owned(),
            origin,
            source,
            window: String::new(),
            at: 0,
            line: 1,
            last: false,
            pending: Vec::new(),
            started: false,
            separator: b',',
            header: Rc::from(Vec::new()),
            columns,
        };
        // The separator is read from the first line and the first one that is not blank.
        while !reader.last && !holds_a_line(&reader.window) {
            reader.fill()?;
        }
        let (separator, sep_line) = separator(file, &reader.window)?;
        reader.separator = separator;
        if sep_line {
            reader.raw()?;
        }
        // Empty lines before the header are skipped, as spreadsheet programs do.
        let (line, names) = loop {
            match reader.raw()? {
                Some((raw, _, _)) if matches!(&raw.cells[..], [cell] if cell.text.is_empty() && cell.quote.is_none()) =>
                    {}
                Some((raw, _, _)) => break (raw.line, header(file, &raw)?),
                None => break (1, Vec::new()),
            }
        };
        header_problems(file, line, &names, &columns)?;
        reader.header = Rc::from(names);
        Ok(reader)
    }

    /// The next record that is not blank. A quote that swallows rows, or is never closed,
    /// refuses the whole file; any other problem of a record comes back as its `problem`.
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        self.next(true)
    }

    /// `next_record` without looking for the record's own problems (they are `None`): for a
    /// pass that only gathers what the rows name. A quote that swallows rows still refuses
    /// the file.
    pub fn next_cells(&mut self) -> Result<Option<Record>> {
        self.next(false)
    }

    fn next(&mut self, checked: bool) -> Result<Option<Record>> {
        loop {
            let Some((raw, start, end)) = self.raw()? else {
                return Ok(None);
            };
            for cell in &raw.cells {
                if let Some(quote) = cell.quote.filter(Quote::spans_lines) {
                    let lines = RecordLines::new(&self.window, start, end, raw.line);
                    quotes::swallowed(
                        &self.file,
                        &lines,
                        quote,
                        self.header.len(),
                        self.separator,
                    )?;
                }
            }
            if raw.cells.iter().all(|cell| cell.text.trim().is_empty()) {
                continue;
            }
            let problem = checked
                .then(|| problem(&raw, &self.header, self.columns.multi_line, self.separator))
                .flatten();
            // A new vector of exactly the cells: collecting in place would keep the lexer's
            // buffer, sized for its larger `Cell`s and with room to spare, for every record
            // kept (several times the file's size in memory for a file read whole).
            let mut cells = Vec::with_capacity(raw.cells.len());
            cells.extend(raw.cells.into_iter().map(|cell| cell.text));
            return Ok(Some(Record {
                line: raw.line,
                header: Rc::clone(&self.header),
                cells,
                problem,
                decimal_comma: self.separator == b';',
            }));
        }
    }

    /// The next record as split, with the bytes of the window it spans.
    fn raw(&mut self) -> Result<Option<(RawRecord, usize, usize)>> {
        loop {
            if self.at >= self.window.len() && self.last {
                return Ok(None);
            }
            if self.at < self.window.len()
                && let Some((raw, end, line)) =
                    lexer::record_at(&self.window, self.at, self.line, self.separator, self.last)
            {
                let start = self.at;
                self.at = end;
                self.line = line;
                return Ok(Some((raw, start, end)));
            }
            self.fill()?;
        }
    }

    /// Drops the text already split and reads the next piece of the file (at least as much
    /// as the window holds, so that a long record is split again only a few times).
    fn fill(&mut self) -> Result<()> {
        self.window.drain(..self.at);
        self.at = 0;
        let want = CHUNK.max(self.window.len());
        let mut bytes = std::mem::take(&mut self.pending);
        let kept = bytes.len();
        bytes.resize(kept + want, 0);
        let read = read_full(&mut *self.source, &mut bytes[kept..], &self.file)?;
        bytes.truncate(kept + read);
        self.last = read < want;
        let mut text = &bytes[..];
        if !self.started {
            self.started = true;
            text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        }
        match std::str::from_utf8(text) {
            Ok(valid) => self.window.push_str(valid),
            Err(e) => {
                let (valid, rest) = text.split_at(e.valid_up_to());
                let valid = std::str::from_utf8(valid).unwrap_or_default();
                self.window.push_str(valid);
                if e.error_len().is_some() || self.last {
                    // The encoding was checked before: the file changed while it was read.
                    let line = self.line + line_ends(&self.window[self.at..]);
                    return Err(not_utf8(&self.file, line));
                }
                self.pending = rest.to_vec();
            }
        }
        Ok(())
    }
}

/// Whether `text` holds the first line and the first line that is not blank, whole.
fn holds_a_line(text: &str) -> bool {
    let lines: Vec<&str> = text.split(['\n', '\r']).collect();
    lines
        .iter()
        .position(|line| !line.trim().is_empty())
        .is_some_and(|first| first + 1 < lines.len())
}

/// Reads until `buffer` is full or the file ends; how much was read.
fn read_full(source: &mut dyn Read, buffer: &mut [u8], file: &Path) -> Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match source.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io("read", file)(e)),
        }
    }
    Ok(filled)
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

fn not_utf8(file: &Path, line: u64) -> Error {
    Error::refused_with(
        format!("{}:{line}: the file is not UTF-8 text", file.display()),
        "save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)",
    )
}

/// Refuses UTF-16 text and anything else that is not UTF-8 (a byte-order mark is allowed),
/// reading the file once, a piece at a time.
fn check_encoding(file: &Path, origin: &Origin) -> Result<()> {
    let mut source = origin.open(file)?;
    let mut buffer = vec![0; 4 * CHUNK];
    let (mut kept, mut first) = (0, true);
    // Line ends before the buffer, and whether the byte before it was a CR.
    let (mut lines, mut after_cr) = (0, false);
    loop {
        let read = read_full(&mut *source, &mut buffer[kept..], file)?;
        let last = kept + read < buffer.len();
        let mut bytes = &buffer[..kept + read];
        if first {
            first = false;
            if utf16(bytes) {
                return Err(Error::refused(format!(
                    "{}: the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\")",
                    file.display()
                )));
            }
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let (valid, error) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => (
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
                Some(e),
            ),
        };
        // A CR that ended the last piece was counted; its LF, first here, is not.
        let skip = usize::from(after_cr && valid.starts_with('\n'));
        lines += line_ends(&valid[skip..]);
        after_cr = valid.ends_with('\r');
        match error {
            Some(e) if e.error_len().is_some() || last => {
                return Err(not_utf8(file, lines + 1));
            }
            Some(e) => {
                let tail = bytes[e.valid_up_to()..].to_vec();
                kept = tail.len();
                buffer[..kept].copy_from_slice(&tail);
            }
            None => kept = 0,
        }
        if last {
            return Ok(());
        }
    }
}
