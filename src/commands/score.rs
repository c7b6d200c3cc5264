//! `rapport score`: record one assessment, from flags or interactively.

use std::io::IsTerminal as _;

use super::{gradebook_of, id, text_option, valid_course};
use crate::cli::{Global, ScoreArgs};
use crate::course::model::format_score;
use crate::error::{Error, Result};
use crate::lookup::{self, RaterProblem};
use crate::store::assessments::{self, Draft, Key, Outcome, Role};
use crate::store::{Store, roster};
use crate::text::Lines;
use crate::{prompt, scoring, status};

/// What the instructor gave: levels and notes as `(criterion, text)`, and the comment.
struct Input {
    levels: Vec<(String, String)>,
    notes: Vec<(String, String)>,
    comment: Option<String>,
}

pub fn run(global: &Global, args: &ScoreArgs) -> Result<()> {
    let course = valid_course(global)?;
    let rubric = lookup::rubric(&course, &args.rubric)?;
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
    let mut store = Store::open_or_empty(&gradebook_of(global, &course))?;
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
        return Err(Error::refused_with(
            "`-i` needs a terminal to ask on",
            "give the levels as CRITERION=LEVEL arguments instead",
        ));
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

/// The student, the session and the rater exist, and the rater may rate in that role (the
/// rules of `lookup::rater_problem`, worded for `--by`, `--self` and `--peer`).
pub fn check_people(db: &crate::store::Tx<'_>, key: &Key) -> Result<()> {
    lookup::student(db, &key.student)?;
    lookup::session(db, &key.session)?;
    let known = lookup::known(db, &key.rater)?;
    let Some(problem) = lookup::rater_problem(key.role, &key.rater, &key.student, known) else {
        return Ok(());
    };
    let rater = &key.rater;
    Err(match problem {
        RaterProblem::StudentNotInstructor => Error::refused_with(
            format!("`{rater}` is a student, not an instructor"),
            if key.rater == key.student {
                "add `--self` for a self-assessment"
            } else {
                "add `--peer` for a peer assessment"
            },
        ),
        RaterProblem::UnknownInstructor => Error::unknown(
            "instructor",
            rater,
            roster::instructors(db)?.iter().map(|i| i.id.as_str()),
            Some(format!(
                "register them with `rapport instructor add {rater} --name \"…\"`; a student rating themself uses `--self`, another student `--peer`"
            )),
        ),
        RaterProblem::SelfBySomeoneElse => Error::refused_with(
            format!(
                "a self-assessment is by the student themself, but `--by` is `{rater}`, not `{}`",
                key.student
            ),
            format!("use `--by {}`", key.student),
        ),
        RaterProblem::OwnPeer => Error::refused_with(
            format!("`{rater}` cannot be their own peer"),
            "use `--self` for a self-assessment",
        ),
        RaterProblem::InstructorNotPeer => Error::refused_with(
            format!("`{rater}` is an instructor, not a peer"),
            "drop `--peer` to score as an instructor",
        ),
        RaterProblem::UnknownPeer => Error::unknown(
            "peer",
            rater,
            roster::students(db, true)?.iter().map(|s| s.id.as_str()),
            Some("a peer is another student on the roster".to_owned()),
        ),
    })
}

/// `A=B` arguments split at the first `=`.
fn pairs(items: &[String], form: &str) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((a, b)) if !a.trim().is_empty() => Ok((a.trim().to_owned(), b.to_owned())),
            _ => Err(Error::refused_with(
                format!("`{item}` is not of the form {form}"),
                "e.g. `direction=3` or `direction=Proficient`",
            )),
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
    Error::refused(message)
}
