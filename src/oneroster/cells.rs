//! The reading and the checks every file of a `OneRoster` package shares: a file opened with
//! its columns, its records with their problems of form, and a row's `sourcedId`, `status`,
//! required cells, enumerations and dates, each problem located.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use super::tables::{Problems, STATUS, Status, Version};
use crate::csvio::{Columns, Reader, Record};

/// Opens one file of the package with its columns; a problem of its header or encoding is
/// recorded and the file skipped.
pub(super) fn open<'c>(
    name: &str,
    bytes: &Rc<[u8]>,
    columns: &Columns<'c>,
    problems: &mut Problems,
) -> Option<Reader<'c>> {
    match Reader::from_bytes(Path::new(name), Rc::clone(bytes), columns) {
        Ok(reader) => Some(reader),
        Err(e) => {
            problems.list.push(with_hint(&e));
            None
        }
    }
}

/// A file's refusal as one line: with its hint, but a header's problems already name the
/// columns.
fn with_hint(error: &crate::error::Error) -> String {
    let message = error.to_string();
    match error.hint() {
        Some(hint) if !message.contains(" column") => format!("{message} ({hint})"),
        _ => message,
    }
}

/// Every record of a file, its problems of form recorded; a file without a row is a problem
/// (the specification does not allow one).
pub(super) fn records(name: &str, reader: &mut Reader<'_>, problems: &mut Problems) -> Vec<Record> {
    let mut out = Vec::new();
    loop {
        match reader.next_record() {
            Ok(Some(record)) => {
                if let Some((_, problem)) = &record.problem {
                    problems.list.push(problem.located(Path::new(name)));
                    continue;
                }
                out.push(record);
            }
            Ok(None) => break,
            Err(e) => {
                problems.list.push(with_hint(&e));
                return Vec::new();
            }
        }
    }
    if out.is_empty()
        && !problems
            .list
            .iter()
            .any(|p| p.starts_with(&format!("{name}:")))
    {
        problems.list.push(format!(
            "{name}: the file has no rows; the specification allows no empty file (leave it out and mark it `absent` in manifest.csv)"
        ));
    }
    out
}

/// Reads the table `file` with these (required, optional) columns and `metadata.*` extensions:
/// the rows `each` makes of its records, each record checked through the file's [`Rows`]; the
/// sourcedIds seen go to `problems.known` for the references between files. `None` when the
/// file cannot be read (its problem recorded).
pub(super) fn table<T>(
    file: &'static str,
    version: Version,
    bytes: &Rc<[u8]>,
    (required, optional): (&[&str], &[&str]),
    problems: &mut Problems,
    mut each: impl FnMut(&mut Rows<'_>, &Record) -> Option<T>,
) -> Option<Vec<T>> {
    let columns = Columns {
        required,
        optional,
        multi_line: &[],
        extension: Some("metadata."),
    };
    let mut reader = open(file, bytes, &columns, problems)?;
    let records = records(file, &mut reader, problems);
    let mut rows = Rows {
        file,
        problems,
        seen: HashMap::new(),
        extensible: version == Version::V1_2,
    };
    let out = records
        .iter()
        .filter_map(|record| each(&mut rows, record))
        .collect();
    let seen = rows.seen.into_keys().collect();
    problems.known.insert(file, seen);
    Some(out)
}

/// A file's rows checked one at a time: the checks every file shares.
pub(super) struct Rows<'p> {
    pub file: &'static str,
    pub problems: &'p mut Problems,
    pub seen: HashMap<String, u64>,
    /// Whether the specification's enumerations take `ext:` values (`OneRoster` 1.2).
    pub extensible: bool,
}

impl Rows<'_> {
    /// The row's `sourcedId` (required, unique in the file) and `status`; `None` when the
    /// sourcedId is blank or repeated.
    pub fn common(&mut self, record: &Record) -> Option<(String, Status)> {
        let status = self.status(record);
        self.date_time(record, "dateLastModified");
        let id = self.required(record, "sourcedId")?;
        if let Some(first) = self.seen.get(&id) {
            self.problems.at(
                self.file,
                record.line,
                format!(
                    "sourcedId `{id}` is also on line {first}; every row of {} has its own",
                    self.file
                ),
            );
            return None;
        }
        self.seen.insert(id.clone(), record.line);
        Some((id, status))
    }

    pub fn status(&mut self, record: &Record) -> Status {
        match self.one_of(record, "status", STATUS, false).as_deref() {
            Some("tobedeleted") => Status::ToBeDeleted,
            _ => Status::Active,
        }
    }

    /// A cell that may not be blank.
    pub fn required(&mut self, record: &Record, column: &str) -> Option<String> {
        let value = record.get(column);
        if value.is_empty() {
            self.problems.at(
                self.file,
                record.line,
                format!("`{column}` is blank; the specification requires a value"),
            );
            return None;
        }
        Some(value.to_owned())
    }

    /// A cell holding one of the specification's tokens (case matters), or blank when not
    /// `required`.
    pub fn one_of(
        &mut self,
        record: &Record,
        column: &str,
        tokens: &[&str],
        required: bool,
    ) -> Option<String> {
        self.one_of_or_ext(record, column, tokens, required, false)
    }

    /// A required cell of one of the specification's enumerations: `one_of`, and in a 1.2
    /// file also an extension, `ext:` and a name (letters, digits, `.`, `-`, `_`), which 1.2
    /// allows wherever its enumerations are extensible.
    pub fn vocabulary(&mut self, record: &Record, column: &str, tokens: &[&str]) -> Option<String> {
        self.one_of_or_ext(record, column, tokens, true, self.extensible)
    }

    fn one_of_or_ext(
        &mut self,
        record: &Record,
        column: &str,
        tokens: &[&str],
        required: bool,
        ext: bool,
    ) -> Option<String> {
        let value = record.get(column);
        if value.is_empty() {
            if required {
                self.required(record, column);
            }
            return None;
        }
        if tokens.contains(&value) || (ext && is_extension(value)) {
            return Some(value.to_owned());
        }
        let near = tokens.iter().find(|t| t.eq_ignore_ascii_case(value));
        let listed = tokens
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.problems.at(
            self.file,
            record.line,
            match near {
                Some(near) => format!(
                    "`{column}` is `{}`; write `{near}` (values are case-sensitive)",
                    crate::text::one_line_for_terminal(value)
                ),
                None if ext => format!(
                    "`{column}` is `{}`; it must be one of {listed}, or an extension (`ext:` and a name of letters, digits, `.`, `-`, `_`)",
                    crate::text::one_line_for_terminal(value)
                ),
                None => format!(
                    "`{column}` is `{}`; it must be one of {listed}",
                    crate::text::one_line_for_terminal(value)
                ),
            },
        );
        None
    }

    /// A date cell, `YYYY-MM-DD`, blank allowed.
    pub fn date(&mut self, record: &Record, column: &str) {
        let value = record.get(column);
        let shaped = value.len() == 10
            && value.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !(value.is_empty() || shaped && value.parse::<jiff::civil::Date>().is_ok()) {
            self.problems.at(
                self.file,
                record.line,
                format!(
                    "`{column}` is `{}`; write a date as YYYY-MM-DD, e.g. 2026-09-01",
                    crate::text::one_line_for_terminal(value)
                ),
            );
        }
    }

    /// A date and time cell in ISO 8601 with its offset, blank allowed.
    pub fn date_time(&mut self, record: &Record, column: &str) {
        let value = record.get(column);
        if !value.is_empty() && value.parse::<jiff::Timestamp>().is_err() {
            self.problems.at(
                self.file,
                record.line,
                format!(
                    "`{column}` is `{}`; write a date and time in UTC, e.g. 2026-09-01T08:30:00.000Z",
                    crate::text::one_line_for_terminal(value)
                ),
            );
        }
    }
}

/// `ext:` and a name of letters, digits, `.`, `-`, `_` (1EdTech's pattern for an extension of
/// an extensible enumeration, `(ext:)[a-zA-Z0-9\.\-_]+`).
fn is_extension(value: &str) -> bool {
    value.strip_prefix("ext:").is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    })
}
