//! `rapport session add|list|show`.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::{gradebook_from_course_yaml, id, json, table, text_option};
use crate::cli::{Global, SessionCommand};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::assessments;
use crate::store::roster::{self, Session};
use crate::text::Lines;
use crate::{emit, status};

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
        SessionCommand::List => {
            let sessions = Store::open_read(&path)?.read(roster::sessions)?;
            if global.json {
                return emit(&json(&sessions));
            }
            let rows = sessions
                .into_iter()
                .map(|s| {
                    vec![
                        s.id,
                        s.date,
                        s.kind.as_str().to_owned(),
                        s.title,
                        s.artist.unwrap_or_default(),
                    ]
                })
                .collect();
            emit(&table(&["id", "date", "kind", "title", "artist"], rows))
        }
        SessionCommand::Show { id: text } => show(global, &path, &id("session", text)?),
    }
}

fn add(global: &Global, path: &Path, session: &Session) -> Result<()> {
    if session.title.is_empty() {
        return Err(Error::refused("`--title` is empty"));
    }
    confirm_date(&session.id, &session.date)?;
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

fn show(global: &Global, path: &Path, wanted: &str) -> Result<()> {
    let (session, scored) = Store::open_read(path)?.read(|db| {
        let session = crate::lookup::session(db, wanted)?;
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
        Ok((session, scored))
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

/// A session date more than a year from today (before or after) is asked about on a terminal
/// (no, Esc or Ctrl-C: nothing is recorded) and accepted with a warning otherwise. For every
/// command that sets a session's date.
pub fn confirm_date(session: &str, date: &str) -> Result<()> {
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
        eprintln!("warning: {far}; session `{session}` is recorded with it: check the date");
        return Ok(());
    }
    let answer = inquire::Confirm::new(&format!("{far}. Is that the date of `{session}`?"))
        .with_default(false)
        .with_help_message("y: record it; n: record nothing and correct --date")
        .prompt();
    match answer {
        Ok(true) => Ok(()),
        Ok(false) | Err(inquire::InquireError::OperationCanceled) => Err(Error::refused_with(
            format!("session `{session}` was not recorded: {far}"),
            "give the date it took place with `--date YYYY-MM-DD` (or `today`, `yesterday`)",
        )),
        Err(inquire::InquireError::OperationInterrupted) => {
            Err(Error::Interrupted("nothing was recorded"))
        }
        Err(e) => Err(Error::refused(format!("cannot ask about the date: {e}"))),
    }
}
