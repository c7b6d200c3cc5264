//! `rapport session add|list|show|edit`. An edit is kept as a change record
//! (`history --session ID`).

use std::fmt::Write as _;

use serde::Serialize;

use super::{gradebook_from_course_yaml, id, json, table, text_option};
use crate::cli::{Global, SessionCommand};
use crate::error::{Error, Result};
use crate::records::Subject;
use crate::store::Address;
use crate::store::Store;
use crate::store::assessments;
use crate::store::roster::{self, Session};
use crate::text::Lines;
use crate::{emit, records, status};

pub fn run(global: &Global, command: &SessionCommand) -> Result<()> {
    let path = gradebook_from_course_yaml(global)?;
    match command {
        SessionCommand::Add {
            id: text,
            date,
            kind,
            title,
            artist,
        } => {
            let session = Session {
                id: id("session", text)?,
                date: crate::lookup::date_argument(date)
                    .map_err(|message| Error::refused(format!("--date: {message}")))?,
                kind: *kind,
                title: text_option("--title", Some(title), Lines::One)?.unwrap_or_default(),
                artist: text_option("--artist", artist.as_deref(), Lines::One)?,
            };
            add(global, &path, &session)
        }
        SessionCommand::List => list(global, &path),
        SessionCommand::Show { id: text } => show(global, &path, &id("session", text)?),
        SessionCommand::Edit {
            id: text,
            title,
            date,
            kind,
            artist,
        } => {
            let wanted = id("session", text)?;
            let title = title
                .as_deref()
                .map(|t| text_option("--title", Some(t), Lines::One))
                .transpose()?;
            if title == Some(None) {
                return Err(Error::refused_with(
                    "`--title` is empty",
                    "a session keeps a title; give the new one",
                ));
            }
            let date = date
                .as_deref()
                .map(crate::lookup::parse_date)
                .transpose()
                .map_err(Error::refused)?;
            if let Some(date) = &date {
                confirm_date(&wanted, date, Setting::Edit)?;
            }
            let kind = *kind;
            // `Some(None)` removes the artist.
            let artist = artist
                .as_deref()
                .map(|a| text_option("--artist", Some(a), Lines::One))
                .transpose()?;
            let edit = move |old: &Session| Session {
                title: title.flatten().unwrap_or_else(|| old.title.clone()),
                date: date.unwrap_or_else(|| old.date.clone()),
                kind: kind.unwrap_or(old.kind),
                artist: artist.unwrap_or_else(|| old.artist.clone()),
                ..old.clone()
            };
            edit_session(global, &path, &wanted, edit)
        }
    }
}

/// A session in `session list`: the session and what was scored in it.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    session: Session,
    assessment_count: i64,
    student_count: i64,
    instructor_count: i64,
}

fn list(global: &Global, path: &Address) -> Result<()> {
    let (sessions, scored) = Store::open_read(path)?
        .read(|db| Ok((roster::sessions(db)?, roster::scored_per_session(db)?)))?;
    let listed: Vec<Listed> = sessions
        .into_iter()
        .map(|session| {
            let counts = scored.get(&session.id).copied().unwrap_or_default();
            Listed {
                session,
                assessment_count: counts.assessments,
                student_count: counts.students,
                instructor_count: counts.instructors,
            }
        })
        .collect();
    if global.json {
        return emit(&json(&listed));
    }
    let rows = listed
        .into_iter()
        .map(|l| {
            vec![
                l.session.id,
                l.session.date,
                l.session.kind.as_str().to_owned(),
                l.session.title,
                l.session.artist.unwrap_or_default(),
                l.student_count.to_string(),
                l.assessment_count.to_string(),
                l.instructor_count.to_string(),
            ]
        })
        .collect();
    emit(&table(
        &[
            "id",
            "date",
            "kind",
            "title",
            "artist",
            "students",
            "assessments",
            "instructors",
        ],
        rows,
    ))
}

/// `session edit`: `edit` makes the new record from the current one.
fn edit_session(
    global: &Global,
    path: &Address,
    wanted: &str,
    edit: impl FnOnce(&Session) -> Session,
) -> Result<()> {
    // Read and written in one transaction, so that a field not given keeps the value it has
    // at the moment of writing.
    let fields = Store::open_or_empty(path)?.write(|db| {
        let old = crate::lookup::session(db, wanted)?;
        let new = edit(&old);
        roster::edit_session(db, &new, &records::who())
    })?;
    if fields.is_empty() {
        status(
            global,
            &format!("session `{wanted}` unchanged: it already has these details"),
        );
        return Ok(());
    }
    status(
        global,
        &format!("edited session `{wanted}`: {}", records::describe(&fields)),
    );
    Ok(())
}

fn add(global: &Global, path: &Address, session: &Session) -> Result<()> {
    if session.title.is_empty() {
        return Err(Error::refused("`--title` is empty"));
    }
    confirm_date(&session.id, &session.date, Setting::Add)?;
    Store::open(path)?.write(|db| {
        if let Some(existing) = roster::session(db, &session.id)? {
            return Err(Error::refused(format!(
                "session `{}` already exists ({}, {})",
                existing.id, existing.date, existing.title
            )));
        }
        roster::add_session(db, session)
    })?;
    status(
        global,
        &format!(
            "added session `{}` on {} ({})",
            session.id, session.date, session.title
        ),
    );
    Ok(())
}

fn show(global: &Global, path: &Address, wanted: &str) -> Result<()> {
    let (session, scored, edits) = Store::open_read(path)?.read(|db| {
        let session = crate::lookup::session(db, wanted)?;
        let edits = roster::changes(db, Subject::Session, wanted)?.len();
        let scored: Vec<Scored> = assessments::latest(db, None)?
            .into_iter()
            .filter(|r| r.session == wanted)
            .map(|r| Scored {
                student: r.student,
                rater: r.rater,
                role: r.role.as_str(),
                rubric: r.rubric,
            })
            .collect();
        Ok((session, scored, edits))
    })?;
    if global.json {
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            session: &'a Session,
            assessments: &'a [Scored],
        }
        return emit(&json(&Shown {
            session: &session,
            assessments: &scored,
        }));
    }
    let mut text = format!(
        "{} ({}): {}\n{} session",
        session.id,
        session.date,
        session.title,
        session.kind.as_str()
    );
    if let Some(artist) = &session.artist {
        let _ = write!(text, " with {artist}");
    }
    text.push('\n');
    if edits > 0 {
        let _ = writeln!(
            text,
            "edited {} since it was added: `rapport history --session {}` shows what",
            if edits == 1 {
                "once".to_owned()
            } else {
                format!("{edits} times")
            },
            session.id
        );
    }
    if scored.is_empty() {
        text.push_str("nothing scored yet\n");
    } else {
        text.push('\n');
        let rows = scored
            .iter()
            .map(|s| {
                vec![
                    s.student.clone(),
                    s.rubric.clone(),
                    s.rater.clone(),
                    s.role.to_owned(),
                ]
            })
            .collect();
        text.push_str(&table(&["student", "rubric", "rater", "role"], rows));
    }
    emit(&text)
}

#[derive(Debug, Serialize)]
struct Scored {
    student: String,
    rater: String,
    role: &'static str,
    rubric: String,
}

/// Which command sets a session's date.
#[derive(Clone, Copy)]
pub enum Setting {
    Add,
    Edit,
}

/// A session date more than a year from today (before or after) is asked about on a terminal
/// (no, Esc or Ctrl-C: nothing is recorded) and accepted with a warning otherwise. For every
/// command that sets a session's date by hand (`import` takes dates from records, often old).
pub fn confirm_date(session: &str, date: &str, setting: Setting) -> Result<()> {
    use std::io::IsTerminal as _;
    let today = crate::lookup::today();
    let Some(future) = crate::lookup::over_a_year_away(date, today) else {
        return Ok(());
    };
    let far = format!(
        "{date} is more than a year {} today ({today})",
        if future { "after" } else { "before" }
    );
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        let recorded = match setting {
            Setting::Add => "is recorded with it",
            Setting::Edit => "now has it",
        };
        eprintln!("warning: {far}; session `{session}` {recorded}: check the date");
        return Ok(());
    }
    let answer = inquire::Confirm::new(&format!("{far}. Is that the date of `{session}`?"))
        .with_default(false)
        .with_help_message("y: record it; n: record nothing and correct --date")
        .prompt();
    match answer {
        Ok(true) => Ok(()),
        Ok(false) | Err(inquire::InquireError::OperationCanceled) => Err(Error::refused_with(
            format!(
                "session `{session}` was not {}: {far}",
                match setting {
                    Setting::Add => "recorded",
                    Setting::Edit => "changed",
                }
            ),
            "give the date it took place with `--date YYYY-MM-DD` (or `today`, `yesterday`)",
        )),
        Err(inquire::InquireError::OperationInterrupted) => {
            Err(Error::Interrupted("nothing was recorded"))
        }
        Err(e) => Err(Error::refused(format!("cannot ask about the date: {e}"))),
    }
}
