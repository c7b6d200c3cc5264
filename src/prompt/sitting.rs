//! Scoring students one after another on a terminal (`rapport score` without a student, or
//! with one whose levels are to be asked): for each, an assessment already recorded is found
//! before the first question and offered as an amendment, the walk asks, and a confirmed
//! assessment is written at once in its own transaction, so Ctrl-C loses at most the student
//! on screen.

use std::fmt::Write as _;

use crate::course::model::{Rubric, format_score};
use crate::error::{Error, Result};
use crate::gradebook::{Draft, Key, Outcome, Revision, Role, Session, Student};
use crate::scoring;
use crate::store::{Store, assessments};
use crate::text::one_line_for_terminal;

use super::walk::{Answer, Card};
use super::{Context, Ending, NOTHING_RECORDED, Terminal, context};

/// What Ctrl-C says when it ends a walk through several students.
const KEPT: &str = "the student on screen was not recorded; those confirmed before are kept";

/// What is scored, by whom, where.
pub struct Sitting<'a> {
    pub rubric: &'a Rubric,
    pub session: Session,
    pub rater: String,
    pub role: Role,
    /// `--amend`: an assessment already recorded is amended without asking first.
    pub amend: bool,
    /// `--reason`: the reason of every amendment, not asked.
    pub reason: Option<String>,
}

/// Scores `students` in order. `given` starts the first student's card (the levels, notes and
/// comment of the command line). `said` words what was recorded.
pub fn run(
    store: &mut Store,
    sitting: &Sitting<'_>,
    students: &[Student],
    given: Option<Card>,
    said: &dyn Fn(&Draft, Outcome) -> String,
) -> Result<()> {
    let many = students.len() > 1;
    let mut scored: Vec<bool> = store.read(|db| {
        students
            .iter()
            .map(|s| assessments::exists(db, &sitting.key(&s.id)))
            .collect()
    })?;
    let mut skipped: Vec<&str> = Vec::new();
    let mut term = Terminal::open()?;
    if many {
        let intro = format!(
            "{} students to score on `{}` in session `{}`, by `{}`",
            students.len(),
            sitting.rubric.id,
            sitting.session.id,
            sitting.rater
        );
        term.say(&super::wrap(&intro, "", "  ", term.width()));
    }
    let mut given = given;
    for (n, student) in students.iter().enumerate() {
        if many {
            let done = scored.iter().filter(|s| **s).count();
            term.say(&format!(
                "\n[{done} of {} scored, {} skipped]\n",
                students.len(),
                skipped.len()
            ));
        }
        let ending = one(store, &mut term, sitting, student, given.take(), said);
        match ending {
            Ok(true) => scored[n] = true,
            Ok(false) => skipped.push(&student.id),
            Err(Error::Interrupted(_)) if many => {
                term.say(&tally(students, &scored, &skipped));
                return Err(Error::Interrupted(KEPT));
            }
            Err(e) => return Err(e),
        }
    }
    if many {
        term.say(&tally(students, &scored, &skipped));
    } else if !skipped.is_empty() {
        term.say(&format!("{NOTHING_RECORDED}\n"));
    }
    Ok(())
}

impl Sitting<'_> {
    fn key(&self, student: &str) -> Key {
        Key {
            session: self.session.id.clone(),
            student: student.to_owned(),
            rater: self.rater.clone(),
            role: self.role,
            rubric: self.rubric.id.clone(),
        }
    }
}

/// One student: `true` when an assessment was recorded (or found unchanged), `false` when
/// skipped.
fn one(
    store: &mut Store,
    term: &mut Terminal,
    sitting: &Sitting<'_>,
    student: &Student,
    given: Option<Card>,
    said: &dyn Fn(&Draft, Outcome) -> String,
) -> Result<bool> {
    let rubric = sitting.rubric;
    let key = sitting.key(&student.id);
    let (current, context) = store.read(|db| {
        let current = assessments::current(db, &key)?;
        let history = assessments::latest(db, Some(&student.id))?;
        let notes = assessments::recent_notes(db, &sitting.rater, &rubric.id)?;
        let comments = assessments::recent_comments(db, &sitting.rater, &rubric.id)?;
        Ok((
            current,
            Context {
                heading: heading(sitting, student),
                previous: context::previous(rubric, &history, &sitting.session),
                notes: context::note_bank(rubric, &notes),
                comments: context::distinct(comments.iter().map(String::as_str)),
            },
        ))
    })?;
    let mut card = given.unwrap_or_else(|| Card::blank(rubric.criteria.len()));
    if let Some(current) = &current {
        if !sitting.amend {
            let recorded = format!(
                "`{}` already has an assessment by `{}` on `{}` in session `{}` (revision {}): {}",
                student.id,
                sitting.rater,
                rubric.id,
                sitting.session.id,
                current.revision,
                levels(current)
            );
            term.say(&format!(
                "\n{}",
                super::wrap(&recorded, "", "  ", term.width())
            ));
            let choice = term.choice(
                "amend it or skip the student? [a amend, s skip]: ",
                &['a', 's'],
                "press `a` to amend it (a new revision; the first stays in the history) or `s` to skip",
            )?;
            if choice == 's' {
                return Ok(false);
            }
        }
        fill(rubric, &mut card, current);
    }
    let ending = super::score(
        term,
        rubric,
        &context,
        card,
        current.is_some(),
        sitting.reason.as_deref(),
    )?;
    let Ending::Record(card, reason) = ending else {
        return Ok(false);
    };
    let draft = draft(rubric, key, &card, reason)?;
    let outcome = store.write(|db| assessments::record(db, &draft, rubric, current.is_some()))?;
    term.say(&format!("{}\n", said(&draft, outcome)));
    Ok(true)
}

/// ``Scoring `amara` (Amara) on `oral-communication` in session `s1`, by `jo` ``.
fn heading(sitting: &Sitting<'_>, student: &Student) -> String {
    let role = match sitting.role {
        Role::Instructor => "",
        Role::SelfAssessment => " (self-assessment)",
        Role::Peer => " (peer)",
    };
    format!(
        "Scoring `{}` ({}) on `{}` in session `{}`, by `{}`{role}",
        student.id,
        one_line_for_terminal(&student.name),
        sitting.rubric.id,
        sitting.session.id,
        sitting.rater
    )
}

/// `direction 3, listening 4`.
fn levels(revision: &Revision) -> String {
    revision
        .scores
        .iter()
        .map(|s| format!("{} {}", s.criterion, format_score(s.level)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `card` does not answer yet, from the current revision: its levels (a criterion it left
/// out was not observed), notes and comment. A level the rubric no longer has stays open.
pub fn fill(rubric: &Rubric, card: &mut Card, current: &Revision) {
    for (i, criterion) in rubric.criteria.iter().enumerate() {
        if card.answers[i] != Answer::Open {
            continue;
        }
        let score = current.scores.iter().find(|s| s.criterion == criterion.id);
        card.answers[i] = match score {
            None => Answer::NotObserved,
            Some(score) => rubric
                .levels
                .iter()
                .position(|l| l.score == score.level)
                .map_or(Answer::Open, Answer::Level),
        };
        if card.notes[i].is_none() {
            card.notes[i] = score.and_then(|s| s.note.clone());
        }
    }
    if card.comment.is_none() {
        card.comment.clone_from(&current.comment);
    }
}

/// The card as scores checked against the rubric (left out: criteria not observed).
pub fn draft(rubric: &Rubric, key: Key, card: &Card, reason: Option<String>) -> Result<Draft> {
    let mut levels = Vec::new();
    let mut notes = Vec::new();
    for (i, criterion) in rubric.criteria.iter().enumerate() {
        if let Answer::Level(level) = card.answers[i] {
            levels.push((
                criterion.id.clone(),
                format_score(rubric.levels[level].score),
            ));
            if let Some(note) = &card.notes[i] {
                notes.push((criterion.id.clone(), note.clone()));
            }
        }
    }
    let scores = scoring::scores(rubric, &levels, &notes, true)
        .map_err(|problems| Error::refused(problems.join("; ")))?;
    Ok(Draft {
        key,
        scores,
        comment: card.comment.clone(),
        reason,
    })
}

/// The card that levels, notes and a comment given on the command line make (criteria not
/// given are open).
#[must_use]
pub fn card_of(rubric: &Rubric, scores: &[crate::gradebook::Score], comment: Option<&str>) -> Card {
    let mut card = Card::blank(rubric.criteria.len());
    for (i, criterion) in rubric.criteria.iter().enumerate() {
        if let Some(score) = scores.iter().find(|s| s.criterion == criterion.id) {
            if let Some(level) = rubric.levels.iter().position(|l| l.score == score.level) {
                card.answers[i] = Answer::Level(level);
            }
            card.notes[i].clone_from(&score.note);
        }
    }
    card.comment = comment.map(str::to_owned);
    card
}

/// Who was scored, skipped, and is still unscored.
fn tally(students: &[Student], scored: &[bool], skipped: &[&str]) -> String {
    let done = scored.iter().filter(|s| **s).count();
    let mut out = format!(
        "\n{done} of {} scored, {} skipped\n",
        students.len(),
        skipped.len()
    );
    let quoted = |ids: &mut dyn Iterator<Item = &str>| {
        ids.map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !skipped.is_empty() {
        let _ = writeln!(out, "skipped: {}", quoted(&mut skipped.iter().copied()));
    }
    let mut unscored = students
        .iter()
        .zip(scored)
        .filter(|(_, s)| !**s)
        .map(|(student, _)| student.id.as_str())
        .peekable();
    if unscored.peek().is_some() {
        let _ = writeln!(out, "still unscored: {}", quoted(&mut unscored));
    } else {
        out.push_str("every student is scored\n");
    }
    out
}
