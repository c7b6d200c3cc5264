//! `rapport score`: record one assessment from flags, or ask on a terminal: one student's
//! missing levels, or a walk through a session's students (`prompt::sitting`).

use std::io::IsTerminal as _;

use super::{gradebook_of, id, text_option, valid_course};
use crate::cli::{Global, ScoreArgs};
use crate::course::model::format_score;
use crate::error::{Error, Result};
use crate::lookup::{self, RaterProblem};
use crate::prompt::sitting::Sitting;
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
    let (students, levels) = positionals(args);
    match students.as_slice() {
        [student] => one(global, args, &course, rubric, role, student, &levels),
        _ => walk(global, args, &course, rubric, role, &students),
    }
}

/// Students and levels from the positional arguments: with a `CRITERION=LEVEL` among them,
/// the first is the student and the rest are levels (as they always were); without, every one
/// is a student to walk through.
fn positionals(args: &ScoreArgs) -> (Vec<String>, Vec<String>) {
    let all: Vec<String> = args.student.iter().chain(&args.levels).cloned().collect();
    if all.iter().any(|a| a.contains('=')) {
        let mut all = all.into_iter();
        (all.next().into_iter().collect(), all.collect())
    } else {
        (all, Vec::new())
    }
}

/// One student: from flags, or asked on a terminal when levels are missing.
fn one(
    global: &Global,
    args: &ScoreArgs,
    course: &crate::course::model::Course,
    rubric: &crate::course::model::Rubric,
    role: Role,
    student: &str,
    levels: &[String],
) -> Result<()> {
    let key = Key {
        session: id("session", &args.session)?,
        student: id("student", student)?,
        rater: id("rater", &args.rater)?,
        role,
        rubric: rubric.id.clone(),
    };
    let mut input = Input {
        levels: pairs(levels, "CRITERION=LEVEL")?,
        notes: pairs(&args.notes, "--note CRITERION=TEXT")?,
        comment: args.comment.clone(),
    };
    check_text(&input)?;
    let reason = text_option("--reason", args.reason.as_deref(), Lines::Many)?;
    // A missing gradebook has no students, so a new one is never created only to refuse.
    let mut store = Store::open_or_empty(&gradebook_of(global, course)?)?;
    let (current, student, session) = store.read(|db| {
        let (student, session) = check_people(db, &key)?;
        Ok((assessments::current(db, &key)?, student, session))
    })?;
    let nothing_given =
        input.levels.is_empty() && input.notes.is_empty() && input.comment.is_none();
    if let Some(current) = current.as_ref().filter(|_| args.amend) {
        start_from(&mut input, current);
    }
    let missing = rubric.criteria.iter().any(|c| !given(&input.levels, &c.id));
    let terminal = std::io::stdin().is_terminal();
    if args.interactive && !terminal {
        return Err(Error::refused_with(
            "`-i` needs a terminal to ask on",
            "give the levels as CRITERION=LEVEL arguments instead",
        ));
    }
    let ask = args.interactive
        || (missing && !args.partial)
        || (nothing_given && (args.partial || args.amend));
    if ask && terminal {
        // What was given is checked before the first question, and starts the walk.
        let scores = if input.levels.is_empty() && input.notes.is_empty() {
            Vec::new()
        } else {
            scoring::scores(rubric, &input.levels, &input.notes, true)
                .map_err(|problems| refused(&problems))?
        };
        let card = prompt::sitting::card_of(rubric, &scores, input.comment.as_deref());
        let sitting = Sitting {
            rubric,
            session,
            rater: key.rater.clone(),
            role,
            amend: args.amend,
            reason,
        };
        return prompt::sitting::run(&mut store, &sitting, &[student], Some(card), &said);
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

/// No student, or several: walk through them on a terminal, recording each when confirmed.
fn walk(
    global: &Global,
    args: &ScoreArgs,
    course: &crate::course::model::Course,
    rubric: &crate::course::model::Rubric,
    role: Role,
    named: &[String],
) -> Result<()> {
    let session = id("session", &args.session)?;
    let rater = id("rater", &args.rater)?;
    let mut named = named
        .iter()
        .map(|s| id("student", s))
        .collect::<Result<Vec<_>>>()?;
    // A student named twice is walked once, where first named.
    let mut seen = std::collections::HashSet::new();
    named.retain(|s| seen.insert(s.clone()));
    // As `report --cohort` takes it: the cohort as written in the roster.
    let cohort = args.cohort.as_deref().map(str::trim);
    if role != Role::Instructor {
        return Err(Error::refused_with(
            "a self or peer assessment is of one student",
            "name the student: `rapport score STUDENT … --self` (or `--peer`)",
        ));
    }
    for (flag, given) in [
        ("--comment", args.comment.is_some()),
        ("--note", !args.notes.is_empty()),
    ] {
        if given {
            return Err(Error::refused_with(
                format!("`{flag}` is for one student, and this walks through several"),
                "type notes and comments as you go (or pick recent ones), or name one student",
            ));
        }
    }
    let reason = text_option("--reason", args.reason.as_deref(), Lines::Many)?;
    let mut store = Store::open_or_empty(&gradebook_of(global, course)?)?;
    let (students, session) = store.read(|db| {
        let session = lookup::session(db, &session)?;
        let students = if named.is_empty() {
            let active = roster::students(db, false)?;
            match &cohort {
                Some(cohort) => lookup::cohort(active, cohort)?,
                None => active,
            }
        } else {
            named
                .iter()
                .map(|s| active_student(db, s))
                .collect::<Result<Vec<_>>>()?
        };
        if let Some(first) = students.first() {
            check_rater(db, &key_of(&session.id, &first.id, &rater, role, rubric))?;
        }
        Ok((students, session))
    })?;
    if students.is_empty() {
        return Err(Error::refused_with(
            "there are no active students to score",
            "add them with `rapport student add ID --name \"…\"` or `rapport student import FILE`",
        ));
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::refused_with(
            if named.is_empty() {
                "`score` without a student walks through the session's students, and needs a terminal to ask on"
            } else {
                "`score` with several students walks through them, and needs a terminal to ask on"
            },
            "name one student and give the levels as CRITERION=LEVEL arguments, or record many with `rapport import FILE`",
        ));
    }
    let sitting = Sitting {
        rubric,
        session,
        rater,
        role,
        amend: args.amend,
        reason,
    };
    prompt::sitting::run(&mut store, &sitting, &students, None, &said)
}

fn key_of(
    session: &str,
    student: &str,
    rater: &str,
    role: Role,
    rubric: &crate::course::model::Rubric,
) -> Key {
    Key {
        session: session.to_owned(),
        student: student.to_owned(),
        rater: rater.to_owned(),
        role,
        rubric: rubric.id.clone(),
    }
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

/// The student (on the roster, not archived), the session and the rater exist, and the rater
/// may rate in that role (the rules of `lookup::rater_problem`, worded for `--by`, `--self` and
/// `--peer`).
pub fn check_people(
    db: &crate::store::Tx<'_>,
    key: &Key,
) -> Result<(crate::gradebook::Student, crate::gradebook::Session)> {
    let student = active_student(db, &key.student)?;
    let session = lookup::session(db, &key.session)?;
    check_rater(db, key)?;
    Ok((student, session))
}

/// A student on the roster who is not archived: an archived student is not scored.
fn active_student(db: &crate::store::Tx<'_>, id: &str) -> Result<crate::gradebook::Student> {
    let student = lookup::student(db, id)?;
    if student.archived {
        return Err(Error::refused_with(
            format!("`{id}` is archived"),
            format!("restore them with `rapport student restore {id}`"),
        ));
    }
    Ok(student)
}

fn check_rater(db: &crate::store::Tx<'_>, key: &Key) -> Result<()> {
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
