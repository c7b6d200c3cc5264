//! `rapport export`: the latest revision of every assessment, in the import layout (CSV) or as
//! JSON, to standard output or a file.

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal as _, Write};

use serde::ser::{Error as _, SerializeSeq as _};
use serde::{Serialize, Serializer};

use super::{gradebook_from_course_yaml, id};
use crate::cli::{ExportArgs, ExportFormat, Global};
use crate::csvio::ScoresWriter;
use crate::error::{Error, Result, plural};
use crate::output::{self, Marker};
use crate::store::Store;
use crate::store::assessments::{Revision, Score};
use crate::store::latest::Latest;
use crate::store::roster::{self, Session};
use crate::{emit, status};

#[derive(Serialize)]
struct Export<'s, 't, 'c> {
    assessments: &'s Streamed<'s, 't, 'c>,
}

#[derive(Serialize)]
struct Assessment<'a> {
    session: &'a str,
    date: &'a str,
    student: &'a str,
    rater: &'a str,
    role: &'a str,
    rubric: &'a str,
    comment: Option<&'a str>,
    recorded_at: &'a str,
    scores: &'a [Score],
}

impl Assessment<'_> {
    fn of(r: &Revision) -> Assessment<'_> {
        Assessment {
            session: &r.session,
            date: &r.date,
            student: &r.student,
            rater: &r.rater,
            role: r.role.as_str(),
            rubric: &r.rubric,
            comment: r.comment.as_deref(),
            recorded_at: &r.recorded_at,
            scores: &r.scores,
        }
    }
}

/// How many assessments and scores were written.
#[derive(Default, Clone, Copy)]
struct Counts {
    assessments: usize,
    scores: usize,
}

impl Counts {
    fn add(&mut self, revision: &Revision) {
        self.assessments += 1;
        self.scores += revision.scores.len();
    }
}

pub fn run(global: &Global, args: &ExportArgs) -> Result<()> {
    // Refuse a file in the way before reading anything.
    let file = output::file_or_stdout(args.output.as_deref(), Marker::Nothing, args.force)?;
    let path = gradebook_from_course_yaml(global)?;
    let student = args
        .student
        .as_deref()
        .map(|s| id("student", s))
        .transpose()?;
    // The global `--json` asks for JSON wherever data is printed.
    let json = args.format == ExportFormat::Json || global.json;
    // Rows are written as they are read, inside the read transaction: memory stays flat.
    let counts = Store::open_read(&path)?.read(|db| {
        if let Some(student) = &student {
            crate::lookup::student(db, student)?;
        }
        let sessions = roster::sessions(db)?;
        let mut export = Writing {
            latest: Latest::new(db),
            student: student.as_deref(),
            sessions: &sessions,
            json,
        };
        match file {
            None => export.print(),
            Some(file) => {
                let mut counts = Counts::default();
                output::stage_file(file, Marker::Nothing, args.force, |staged| {
                    let fail = |e| Error::io("write", file)(e);
                    let out = File::create(staged).map_err(Error::io("write", file))?;
                    counts = export.write(BufWriter::new(out), &fail)?;
                    Ok(())
                })?;
                Ok(Some(counts))
            }
        }
    })?;
    if let (
        Some(file),
        Some(Counts {
            assessments,
            scores,
        }),
    ) = (file, counts)
    {
        status(
            global,
            &format!(
                "wrote {assessments} {} ({scores} {}) to {}",
                plural(assessments, "assessment", "assessments"),
                plural(scores, "score", "scores"),
                file.display()
            ),
        );
    }
    Ok(())
}

/// An export being written from the snapshot.
struct Writing<'s, 't, 'c> {
    latest: Latest<'t, 'c>,
    student: Option<&'s str>,
    sessions: &'s [Session],
    json: bool,
}

impl Writing<'_, '_, '_> {
    /// Streams to standard output; a terminal gets the whole text at once, made safe to show.
    fn print(&mut self) -> Result<Option<Counts>> {
        if io::stdout().is_terminal() {
            let mut text = Vec::new();
            self.write(&mut text, &Error::Stdout)?;
            emit(&String::from_utf8(text).expect("UTF-8 in, UTF-8 out"))?;
            return Ok(None);
        }
        let out = BufWriter::new(anstream::stdout().lock());
        match self.write(out, &Error::Stdout) {
            // A reader that stops early (`| head`) is not an error.
            Err(Error::Stdout(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(None),
            other => other.map(|_| None),
        }
    }

    /// Writes the export to `out` as it is read.
    fn write(&mut self, mut out: impl Write, fail: &impl Fn(io::Error) -> Error) -> Result<Counts> {
        let mut counts = Counts::default();
        if self.json {
            let streamed = Streamed {
                latest: RefCell::new(&mut self.latest),
                student: self.student,
                counts: Cell::new(Counts::default()),
                failed: RefCell::new(None),
            };
            let export = Export {
                assessments: &streamed,
            };
            if let Err(e) = serde_json::to_writer_pretty(&mut out, &export) {
                return Err(streamed.failed.take().unwrap_or_else(|| fail(e.into())));
            }
            out.write_all(b"\n")
                .and_then(|()| out.flush())
                .map_err(fail)?;
            counts = streamed.counts.get();
        } else {
            let mut csv = ScoresWriter::new(out, self.sessions).map_err(fail)?;
            self.latest.each(self.student, |revision| {
                counts.add(&revision);
                csv.write(&revision).map_err(fail)
            })?;
            csv.finish().and_then(|mut out| out.flush()).map_err(fail)?;
        }
        Ok(counts)
    }
}

/// The assessments of a JSON export, serialized as they are read.
struct Streamed<'s, 't, 'c> {
    latest: RefCell<&'s mut Latest<'t, 'c>>,
    student: Option<&'s str>,
    counts: Cell<Counts>,
    /// Why reading stopped, when it did.
    failed: RefCell<Option<Error>>,
}

impl Serialize for Streamed<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut refused = None;
        let read = self.latest.borrow_mut().each(self.student, |revision| {
            let mut counts = self.counts.get();
            counts.add(&revision);
            self.counts.set(counts);
            seq.serialize_element(&Assessment::of(&revision))
                .map_err(|e| {
                    refused = Some(e);
                    Error::Interrupted("the output refused a write")
                })
        });
        if let Some(e) = refused {
            return Err(e);
        }
        if let Err(e) = read {
            *self.failed.borrow_mut() = Some(e);
            return Err(S::Error::custom("reading the gradebook failed"));
        }
        seq.end()
    }
}
