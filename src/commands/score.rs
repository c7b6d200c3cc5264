//! `rapport score`: record one assessment, from flags or interactively.

use std::io::IsTerminal as _;

use super::{course_database, id, session, student, text_option, valid_course};
use crate::cli::{Global, ScoreArgs};
use crate::course::model::{Course, Rubric, format_score};
use crate::error::{Error, Result};
use crate::store::assessments::{self, Draft, Key, Outcome, Role};
use crate::store::{Store, roster};
use crate::text::Lines;
use crate::{prompt, scoring, status, suggest};

/// What the instructor gave: levels and notes as `(criterion, text)`, and the comment.
struct Input {
    levels: Vec<(String, String)>,
    notes: Vec<(String, String)>,
    comment: Option<String>,
}

pub fn run(global: &Global, args: &ScoreArgs) -> Result<()> {
    let course = valid_course(global)?;
    let rubric = rubric(&course, &args.rubric)?;
    let role = if args.self_assessment {
        Role::SelfAssessment
    } else if args.peer {
        Role::Peer
    } else {
        Role::Instructor
    };
    let key = Key {
        session: id("session", &args.session)?,
        student: id("student", &args.student)?,
        rater: id("rater", &args.rater)?,
        role,
        rubric: rubric.id.clone(),
    };
    let mut input = Input {
        levels: pairs(&args.levels, "CRITERION=LEVEL")?,
        notes: pairs(&args.notes, "--note CRITERION=TEXT")?,
        comment: args.comment.clone(),
    };
    check_text(&input)?;
    let reason = text_option("--reason", args.reason.as_deref(), Lines::Many)?;
    // A missing gradebook has no students, so a new one is never created only to refuse.
    let mut store = Store::open_or_empty(&course_database(global, &course))?;
    let current = store.read(|db| {
        check_people(db, &key)?;
        assessments::current(db, &key)
    })?;
    if let Some(current) = current.filter(|_| args.amend) {
        start_from(&mut input, &current);
    }
    let missing = rubric.criteria.iter().any(|c| !given(&input.levels, &c.id));
    let terminal = std::io::stdin().is_terminal();
    if args.interactive && !terminal {
        return Err(Error::Refused {
            message: "`-i` needs a terminal to ask on".to_owned(),
            hint: Some("give the levels as CRITERION=LEVEL arguments instead".to_owned()),
        });
    }
    if args.interactive || (missing && !args.partial && terminal) {
        let heading = format!(
            "Scoring `{}` in session `{}`, by `{}` ({})",
            key.student,
            key.session,
            key.rater,
            role.as_str()
        );
        let Some(answers) = prompt::walk(
            rubric,
            &heading,
            &input.levels,
            &input.notes,
            input.comment.as_deref(),
            args.partial,
        )?
        else {
            status(global, "nothing was recorded");
            return Ok(());
        };
        input = Input {
            levels: answers.levels,
            notes: answers.notes,
            comment: answers.comment,
        };
        check_text(&input)?;
    }
    let scores = scoring::scores(rubric, &input.levels, &input.notes, args.partial)
        .map_err(|problems| refused(&problems))?;
    let draft = Draft {
        key,
        scores,
        // Checked as given (`check_text`); what an amendment keeps was stored before.
        comment: input
            .comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty()),
        reason,
    };
    let outcome = store.write(|db| assessments::record(db, &draft, rubric, args.amend))?;
    status(global, &said(&draft, outcome));
    Ok(())
}

/// Notes and the comment may hold line breaks and tabs, no other control characters.
fn check_text(input: &Input) -> Result<()> {
    for (criterion, note) in &input.notes {
        text_option(
            &format!("--note {}=", criterion.trim()),
            Some(note),
            Lines::Many,
        )?;
    }
    text_option("--comment", input.comment.as_deref(), Lines::Many)?;
    Ok(())
}

fn given(list: &[(String, String)], criterion: &str) -> bool {
    list.iter()
        .any(|(c, _)| c.trim().eq_ignore_ascii_case(criterion))
}

/// An amendment starts from the current revision: what is not given again stays as it was.
fn start_from(input: &mut Input, current: &assessments::Revision) {
    for score in &current.scores {
        if !given(&input.levels, &score.criterion) {
            input
                .levels
                .push((score.criterion.clone(), format_score(score.level)));
        }
        if let Some(note) = score
            .note
            .as_ref()
            .filter(|_| !given(&input.notes, &score.criterion))
        {
            input.notes.push((score.criterion.clone(), note.clone()));
        }
    }
    if input.comment.is_none() {
        input.comment.clone_from(&current.comment);
    }
}

/// The one line that says what was recorded.
fn said(draft: &Draft, outcome: Outcome) -> String {
    let summary = draft
        .scores
        .iter()
        .map(|s| format!("{} {}", s.criterion, format_score(s.level)))
        .collect::<Vec<_>>()
        .join(", ");
    let key = &draft.key;
    let role = match key.role {
        Role::Instructor => "",
        Role::SelfAssessment => " (self)",
        Role::Peer => " (peer)",
    };
    let what = format!(
        "`{}` on `{}` in `{}` by `{}`{role}",
        key.student, key.rubric, key.session, key.rater
    );
    match outcome {
        Outcome::Recorded => format!("recorded {what}: {summary}"),
        Outcome::Amended { revision } => format!("amended {what} (revision {revision}): {summary}"),
        Outcome::Unchanged => format!("unchanged: {what} already reads {summary}"),
    }
}

/// The rubric of the course with this ID, or an error with a "did you mean".
pub fn rubric<'c>(course: &'c Course, text: &str) -> Result<&'c Rubric> {
    let wanted = id("rubric", text)?;
    course.rubric(&wanted).ok_or_else(|| Error::Unknown {
        what: "rubric",
        id: wanted.clone(),
        suggestion: suggest::did_you_mean(&wanted, course.rubrics.iter().map(|r| r.id.as_str()))
            .map(str::to_owned),
        hint: Some(format!(
            "the course's rubrics are {}",
            course
                .rubrics
                .iter()
                .map(|r| format!("`{}`", r.id))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    })
}

/// The student, the session and the rater exist, and the rater may rate in that role.
pub fn check_people(db: &rusqlite::Transaction<'_>, key: &Key) -> Result<()> {
    student::find(db, &key.student)?;
    session::find(db, &key.session)?;
    match key.role {
        Role::Instructor => {
            if roster::instructor(db, &key.rater)?.is_none() {
                if roster::student(db, &key.rater)?.is_some() {
                    return Err(Error::Refused {
                        message: format!("`{}` is a student, not an instructor", key.rater),
                        hint: Some(if key.rater == key.student {
                            "add `--self` for a self-assessment".to_owned()
                        } else {
                            "add `--peer` for a peer assessment".to_owned()
                        }),
                    });
                }
                let all = roster::instructors(db)?;
                return Err(Error::Unknown {
                    what: "instructor",
                    id: key.rater.clone(),
                    suggestion: suggest::did_you_mean(
                        &key.rater,
                        all.iter().map(|i| i.id.as_str()),
                    )
                    .map(str::to_owned),
                    hint: Some(format!(
                        "register them with `rapport instructor add {} --name \"…\"`; a student rating themself uses `--self`, another student `--peer`",
                        key.rater
                    )),
                });
            }
        }
        Role::SelfAssessment if key.rater != key.student => {
            return Err(Error::Refused {
                message: format!(
                    "a self-assessment is by the student themself, but `--by` is `{}`, not `{}`",
                    key.rater, key.student
                ),
                hint: Some(format!("use `--by {}`", key.student)),
            });
        }
        Role::SelfAssessment => {}
        Role::Peer => {
            if key.rater == key.student {
                return Err(Error::Refused {
                    message: format!("`{}` cannot be their own peer", key.rater),
                    hint: Some("use `--self` for a self-assessment".to_owned()),
                });
            }
            if roster::student(db, &key.rater)?.is_none() {
                if roster::instructor(db, &key.rater)?.is_some() {
                    return Err(Error::Refused {
                        message: format!("`{}` is an instructor, not a peer", key.rater),
                        hint: Some("drop `--peer` to score as an instructor".to_owned()),
                    });
                }
                let all = roster::students(db, true)?;
                return Err(Error::Unknown {
                    what: "peer",
                    id: key.rater.clone(),
                    suggestion: suggest::did_you_mean(
                        &key.rater,
                        all.iter().map(|s| s.id.as_str()),
                    )
                    .map(str::to_owned),
                    hint: Some("a peer is another student on the roster".to_owned()),
                });
            }
        }
    }
    Ok(())
}

/// `A=B` arguments split at the first `=`.
fn pairs(items: &[String], form: &str) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((a, b)) if !a.trim().is_empty() => Ok((a.trim().to_owned(), b.to_owned())),
            _ => Err(Error::Refused {
                message: format!("`{item}` is not of the form {form}"),
                hint: Some("e.g. `direction=3` or `direction=Proficient`".to_owned()),
            }),
        })
        .collect()
}

/// One problem as it is; several as a list.
#[must_use]
pub fn refused(problems: &[String]) -> Error {
    let message = if let [one] = problems {
        one.clone()
    } else {
        let mut text = String::from("the assessment has problems:");
        for problem in problems {
            text.push_str("\n  - ");
            text.push_str(problem);
        }
        text
    };
    Error::Refused {
        message,
        hint: None,
    }
}
