//! The scores CSV (docs/FORMATS.md § Scores CSV): its columns, reading, and writing in the
//! export order with spreadsheet formulas neutralised.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use super::{Columns, Reader};
#[cfg(test)]
use super::{Record, read};
use crate::course::model::{Rubric, format_score};
use crate::error::Result;
use crate::gradebook::{Revision, Session};

/// The scores CSV columns, in export order.
pub const SCORE_COLUMNS: [&str; 12] = [
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
    "session_title",
    "session_kind",
];

/// The columns of a scores CSV.
const COLUMNS: Columns<'static> = Columns {
    required: &[
        "session",
        "student",
        "rater",
        "rubric",
        "criterion",
        "level",
    ],
    optional: &[
        "date",
        "role",
        "note",
        "comment",
        "session_title",
        "session_kind",
    ],
    multi_line: &["note", "comment"],
    extension: None,
};

/// A whole scores CSV at once (the tests'; `import` streams it with `scores_reader`).
#[cfg(test)]
pub fn read_scores(file: &Path) -> Result<Vec<Record>> {
    read(file, &COLUMNS)
}

/// A scores CSV, read one record at a time.
pub fn scores_reader(file: &Path) -> Result<Reader<'static>> {
    Reader::open(file, &COLUMNS)
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

/// The inverse of `neutralise`, for `note`, `comment` and `session_title` cells on import.
#[must_use]
pub fn restore(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(risky) => rest.to_owned(),
        _ => text.to_owned(),
    }
}

/// Writes revisions in the scores CSV layout as they come, LF line endings: the header first,
/// then a row per score; each row carries its session's title and kind, looked up in `sessions`.
pub struct ScoresWriter<'s, W: Write> {
    writer: csv::Writer<W>,
    sessions: HashMap<&'s str, &'s Session>,
}

impl<'s, W: Write> ScoresWriter<'s, W> {
    /// A writer that has written the header to `out`.
    pub fn new(out: W, sessions: &'s [Session]) -> io::Result<ScoresWriter<'s, W>> {
        let mut writer = table_writer(out);
        writer.write_record(SCORE_COLUMNS)?;
        Ok(ScoresWriter {
            writer,
            sessions: sessions.iter().map(|s| (s.id.as_str(), s)).collect(),
        })
    }

    /// Writes the rows of `revision`'s scores.
    pub fn write(&mut self, revision: &Revision) -> io::Result<()> {
        let comment = neutralise(revision.comment.as_deref().unwrap_or(""));
        let session = self.sessions.get(revision.session.as_str());
        let title = neutralise(session.map_or("", |s| s.title.as_str()));
        let kind = session.map_or("", |s| s.kind.as_str());
        for score in &revision.scores {
            self.writer.write_record([
                revision.session.as_str(),
                &revision.date,
                &revision.student,
                &revision.rater,
                revision.role.as_str(),
                &revision.rubric,
                &score.criterion,
                &format_score(score.level),
                &neutralise(score.note.as_deref().unwrap_or("")),
                &comment,
                &title,
                kind,
            ])?;
        }
        Ok(())
    }

    /// Flushes what is buffered and gives the output back.
    pub fn finish(self) -> io::Result<W> {
        self.writer
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)
    }
}

/// A scores CSV to fill in: one row per student and criterion of `rubric`, in that order,
/// scored by `rater` as an instructor in `session`, every `level`, `note` and `comment` blank.
#[must_use]
pub fn write_blank(session: &Session, students: &[&str], rater: &str, rubric: &Rubric) -> String {
    let title = neutralise(&session.title);
    let rows = students.iter().flat_map(|student| {
        rubric.criteria.iter().map(|criterion| {
            [
                session.id.clone(),
                session.date.clone(),
                (*student).to_owned(),
                rater.to_owned(),
                "instructor".to_owned(),
                rubric.id.clone(),
                criterion.id.clone(),
                String::new(),
                String::new(),
                String::new(),
                title.clone(),
                session.kind.as_str().to_owned(),
            ]
        })
    });
    write_table(rows)
}

/// The header and rows of cells as written (already neutralised), LF line endings: the one
/// writer configuration of the scores CSV.
fn write_table(rows: impl IntoIterator<Item = [String; SCORE_COLUMNS.len()]>) -> String {
    let mut writer = table_writer(Vec::new());
    writer
        .write_record(SCORE_COLUMNS)
        .expect("writing to memory");
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

/// The one writer configuration of the scores CSV.
fn table_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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

    /// Whether a line after a cell's first holds 11 commas or more: it could then read as a row
    /// of the 12 columns on its own, which the reader refuses by design (docs/FORMATS.md: a quote
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
            (
                "[^\\p{Cc}]{0,20}",
                prop::sample::select(vec!["live", "team", "mentorship", "etiquette", "other"]),
            ),
        )
            .prop_map(
                |(
                    (session, date, student, rater),
                    role,
                    (rubric, criterion, level),
                    (note, comment),
                    (title, kind),
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
                        title,
                        kind.to_owned(),
                    ]
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the exporter writes, the reader gives back: the same rows, each cell as it
        /// was, notes, comments and session titles after `restore`.
        #[test]
        fn every_table_the_exporter_writes_reads_back_to_the_same_cells(
            rows in prop::collection::vec(row(), 1..8)
        ) {
            prop_assume!(rows.iter().all(|r| !could_read_as_row(&r[8]) && !could_read_as_row(&r[9])));
            let written: Vec<[String; 12]> = rows
                .iter()
                .map(|r| {
                    let mut cells = r.clone();
                    cells[8] = neutralise(&r[8]);
                    cells[9] = neutralise(&r[9]);
                    cells[10] = neutralise(&r[10]);
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
                        "note" | "comment" | "session_title" => restore(record.text(column)),
                        _ => record.text(column).to_owned(),
                    };
                    prop_assert_eq!(&read, cell, "column `{}`", column);
                }
            }
        }
    }
}
