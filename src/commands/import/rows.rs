//! Checking a scores CSV's rows against the course and the gradebook: every problem of every
//! row, names nothing knows gathered by kind (`grouped.rs`), the rest by row.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use super::grouped::{Kind, Problems, Unknown};
use crate::course::model::Course;
use crate::csvio::{self, Problem, Record};
use crate::error::Result;
use crate::gradebook::SessionKind;
use crate::lookup::{Known, RaterProblem, parse_date, rater_problem};
use crate::store::Tx;
use crate::store::assessments::{Key, Role, Score};
use crate::store::roster::{self, Session};
use crate::{ids, scoring};

/// A row that passed every check.
pub struct Row {
    pub key: Key,
    pub position: usize,
    pub score: Score,
    pub comment: Option<String>,
}

/// A session this file creates: its first row with a date, and the first title and kind given.
pub struct NewSession {
    pub id: String,
    pub date: String,
    pub line: u64,
    pub title: Option<(String, u64)>,
    pub kind: Option<(SessionKind, u64)>,
}

impl NewSession {
    #[must_use]
    pub fn session(&self) -> Session {
        Session {
            id: self.id.clone(),
            date: self.date.clone(),
            kind: self.kind.map_or(SessionKind::Other, |(k, _)| k),
            title: self
                .title
                .as_ref()
                .map_or_else(|| self.id.clone(), |(t, _)| t.clone()),
            artist: None,
        }
    }
}

/// Checks rows against the course and the gradebook, remembering what it looked up.
pub struct Checker<'a, 'c> {
    pub db: &'a Tx<'c>,
    pub course: &'a Course,
    students: HashMap<String, bool>,
    instructors: HashMap<String, bool>,
    sessions: HashMap<String, Option<Rc<Session>>>,
    /// The `session` cell of the last row announced, when nothing more is to be learnt from a
    /// row with the same cell (a known session, or a new one with its title and kind).
    announced: Option<String>,
    /// Sessions to create, by ID.
    pub new_sessions: BTreeMap<String, NewSession>,
}

/// `session_kind` as written: one of the kinds, case-insensitive.
fn kind(text: &str) -> std::result::Result<SessionKind, String> {
    SessionKind::parse(&text.to_ascii_lowercase()).ok_or_else(|| {
        format!(
            "`session_kind` must be {}, not `{text}`",
            SessionKind::ALL
                .iter()
                .map(|k| format!("`{}`", k.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

impl<'a, 'c> Checker<'a, 'c> {
    pub fn new(db: &'a Tx<'c>, course: &'a Course) -> Self {
        Checker {
            db,
            course,
            students: HashMap::new(),
            instructors: HashMap::new(),
            sessions: HashMap::new(),
            announced: None,
            new_sessions: BTreeMap::new(),
        }
    }

    /// Notes a session this file creates: unknown to the gradebook, with a valid date; its
    /// title and kind are the first ones the file gives it.
    pub fn announce(&mut self, record: &Record) -> Result<()> {
        let cell = record.get("session");
        if self.announced.as_deref() == Some(cell) {
            return Ok(());
        }
        let Ok(id) = ids::normalize(cell) else {
            return Ok(());
        };
        if self.known_session(&id)?.is_some() {
            self.announced = Some(cell.to_owned());
            return Ok(());
        }
        self.announced = None;
        if !self.new_sessions.contains_key(&id) {
            let Ok(date) = parse_date(record.get("date")) else {
                return Ok(());
            };
            self.new_sessions.insert(
                id.clone(),
                NewSession {
                    id: id.clone(),
                    date,
                    line: record.line,
                    title: None,
                    kind: None,
                },
            );
        }
        let new = self.new_sessions.get_mut(&id).expect("inserted above");
        let title = csvio::restore(record.get("session_title"));
        if new.title.is_none() && !title.is_empty() {
            new.title = Some((title, record.line));
        }
        // A blank cell is no kind (and costs no message).
        let text = record.get("session_kind");
        if new.kind.is_none()
            && !text.is_empty()
            && let Ok(kind) = kind(text)
        {
            new.kind = Some((kind, record.line));
        }
        if new.title.is_some() && new.kind.is_some() {
            self.announced = Some(cell.to_owned());
        }
        Ok(())
    }

    /// Every problem of one row into `problems`; the row when it has none.
    pub fn row(&mut self, record: &Record, problems: &mut Problems) -> Result<Option<Row>> {
        if let Some((form, problem)) = &record.problem {
            problems.row(Kind::Form(*form), problem.clone());
            return Ok(None);
        }
        let line = record.line;
        let before = problems.invalid_rows();
        let say = |problems: &mut Problems, kind: Kind, message: String| {
            problems.row(kind, Problem::row(line, message));
        };
        let id = |problems: &mut Problems, what: &str, column: &str| {
            let text = record.get(column);
            if text.is_empty() {
                say(problems, Kind::Empty, format!("`{column}` is empty"));
                return None;
            }
            match ids::normalize(text) {
                Ok(id) => Some(id),
                Err(p) => {
                    say(problems, Kind::BadId, format!("{what} ID `{text}` {p}"));
                    None
                }
            }
        };
        let session = id(problems, "session", "session");
        let student = id(problems, "student", "student");
        let rater = id(problems, "rater", "rater");
        let role = Role::parse(record.get("role"));
        if role.is_none() {
            say(
                problems,
                Kind::Role,
                format!(
                    "`role` must be `instructor`, `self` or `peer`, not `{}`",
                    record.get("role")
                ),
            );
        }
        let rubric = match id(problems, "rubric", "rubric") {
            Some(rubric_id) => {
                let rubric = self.course.rubric(&rubric_id);
                if rubric.is_none() {
                    problems.unknown(Unknown::Rubric, &rubric_id, line);
                }
                rubric
            }
            None => None,
        };
        let criterion_text = record.get("criterion");
        let criterion = if criterion_text.is_empty() {
            say(problems, Kind::Empty, "`criterion` is empty".to_owned());
            None
        } else if let Some(rubric) = rubric {
            let wanted = criterion_text.to_ascii_lowercase();
            let found = rubric.criteria.iter().position(|c| c.id == wanted);
            if found.is_none() {
                problems.unknown(Unknown::Criterion(rubric.id.clone()), &wanted, line);
            }
            found
        } else {
            None
        };
        let level = level(record, rubric, criterion, problems);
        if let Some(session) = &session {
            self.session(session, record, problems)?;
        }
        if let Some(student) = &student
            && !self.known_student(student)?
        {
            problems.unknown(Unknown::Student, student, line);
        }
        if let (Some(rater), Some(role), Some(student)) = (&rater, role, &student) {
            self.rater(rater, role, student, line, problems)?;
        }
        if problems.invalid_rows() != before {
            return Ok(None);
        }
        let (Some(session), Some(student), Some(rater), Some(role), Some(rubric)) =
            (session, student, rater, role, rubric)
        else {
            return Ok(None);
        };
        let (Some(position), Some(level)) = (criterion, level) else {
            return Ok(None);
        };
        Ok(Some(Row {
            key: Key {
                session,
                student,
                rater,
                role,
                rubric: rubric.id.clone(),
            },
            position,
            score: Score {
                criterion: rubric.criteria[position].id.clone(),
                level,
                note: text(record, "note"),
            },
            comment: text(record, "comment"),
        }))
    }

    /// The rules of `lookup::rater_problem`, worded for the `rater` and `role` columns.
    fn rater(
        &mut self,
        rater: &str,
        role: Role,
        student: &str,
        line: u64,
        problems: &mut Problems,
    ) -> Result<()> {
        let known = Known {
            instructor: self.known_instructor(rater)?,
            student: self.known_student(rater)?,
        };
        match rater_problem(role, rater, student, known) {
            None => {}
            Some(RaterProblem::UnknownInstructor) => {
                problems.unknown(Unknown::Instructor, rater, line);
            }
            Some(RaterProblem::UnknownPeer) => problems.unknown(Unknown::Peer, rater, line),
            Some(problem) => problems.row(
                Kind::Rater,
                Problem::row(line, rater_message(problem, rater, student)),
            ),
        }
        Ok(())
    }

    /// A known session whose date, title and kind match (or are blank), or a new one this
    /// file creates, whose rows agree on them.
    fn session(&mut self, id: &str, record: &Record, problems: &mut Problems) -> Result<()> {
        let mut messages = Vec::new();
        let date = match record.get("date") {
            "" => None,
            text => match parse_date(text) {
                Ok(date) => Some(date),
                Err(message) => {
                    problems.row(Kind::Date, Problem::row(record.line, message));
                    return Ok(());
                }
            },
        };

        let title = Some(csvio::restore(record.get("session_title"))).filter(|t| !t.is_empty());
        let kind = match record.get("session_kind") {
            "" => None,
            text => match kind(text) {
                Ok(kind) => Some(kind),
                Err(message) => {
                    messages.push((Kind::SessionKindValue, message));
                    None
                }
            },
        };
        let mut say = |message: String| messages.push((Kind::SessionDetail, message));
        if let Some(session) = self.known_session(id)? {
            if let Some(date) = date.filter(|d| *d != session.date) {
                say(format!(
                    "`date` {date} does not match session `{id}` ({}); correct it or leave it blank",
                    session.date
                ));
            }
            if let Some(title) = title.filter(|t| *t != session.title) {
                say(format!(
                    "`session_title` `{title}` does not match session `{id}` (`{}`); correct it or leave it blank",
                    session.title
                ));
            }
            if let Some(kind) = kind.filter(|k| *k != session.kind) {
                say(format!(
                    "`session_kind` `{}` does not match session `{id}` (`{}`); correct it or leave it blank",
                    kind.as_str(),
                    session.kind.as_str()
                ));
            }
        } else if let Some(new) = self.new_sessions.get(id) {
            if date.is_some_and(|d| d != new.date) {
                say(format!(
                    "new session `{id}` has date {} on line {}; one session has one date",
                    new.date, new.line
                ));
            }
            if let (Some(title), Some((first, at))) = (&title, &new.title)
                && title != first
            {
                say(format!(
                    "new session `{id}` has the title `{first}` on line {at}; one session has one title"
                ));
            }
            if let (Some(kind), Some((first, at))) = (kind, new.kind)
                && kind != first
            {
                say(format!(
                    "new session `{id}` has the kind `{}` on line {at}; one session has one kind",
                    first.as_str()
                ));
            }
        } else {
            // Every new session with a valid date was announced before the rows.
            problems.unknown(Unknown::Session, id, record.line);
        }
        for (kind, message) in messages {
            problems.row(kind, Problem::row(record.line, message));
        }
        Ok(())
    }

    fn known_session(&mut self, id: &str) -> Result<Option<Rc<Session>>> {
        if let Some(known) = self.sessions.get(id) {
            return Ok(known.clone());
        }
        let known = roster::session(self.db, id)?.map(Rc::new);
        self.sessions.insert(id.to_owned(), known.clone());
        Ok(known)
    }

    fn known_student(&mut self, id: &str) -> Result<bool> {
        if let Some(known) = self.students.get(id) {
            return Ok(*known);
        }
        let known = roster::student(self.db, id)?.is_some();
        self.students.insert(id.to_owned(), known);
        Ok(known)
    }

    fn known_instructor(&mut self, id: &str) -> Result<bool> {
        if let Some(known) = self.instructors.get(id) {
            return Ok(*known);
        }
        let known = roster::instructor(self.db, id)?.is_some();
        self.instructors.insert(id.to_owned(), known);
        Ok(known)
    }
}

/// The row's level, read against its rubric (a decimal comma in a semicolon file); an empty
/// cell and a level nothing knows are grouped, a label several levels share is the row's.
fn level(
    record: &Record,
    rubric: Option<&crate::course::model::Rubric>,
    criterion: Option<usize>,
    problems: &mut Problems,
) -> Option<f64> {
    let line = record.line;
    let level_text = record.decimal("level");
    if level_text.is_empty() {
        problems.unknown(Unknown::EmptyLevel, "", line);
        None
    } else if let Some(rubric) = rubric {
        match scoring::level_of(rubric, &level_text) {
            Ok(level) => Some(level),
            Err(scoring::LevelProblem::NotALevel) => {
                problems.unknown(Unknown::Level(rubric.id.clone()), &level_text, line);
                None
            }
            Err(scoring::LevelProblem::Shared(_)) => {
                let message = scoring::level(rubric, &level_text)
                    .err()
                    .unwrap_or_default();
                problems.row(
                    Kind::SharedLabel,
                    Problem::row(
                        line,
                        match criterion {
                            Some(index) => format!("`{}`: {message}", rubric.criteria[index].id),
                            None => message,
                        },
                    ),
                );
                None
            }
        }
    } else {
        None
    }
}

/// A free-text cell as written, formula neutralisation undone; `None` when blank.
fn text(record: &Record, column: &str) -> Option<String> {
    Some(csvio::restore(record.text(column).trim())).filter(|t| !t.is_empty())
}

/// A rater problem that belongs to its row (the unknown ones are grouped).
fn rater_message(problem: RaterProblem, rater: &str, student: &str) -> String {
    match problem {
        RaterProblem::StudentNotInstructor => format!(
            "`{rater}` is a student, not an instructor; set `role` to `peer`, or to `self` when they rate themself"
        ),
        RaterProblem::SelfBySomeoneElse => {
            format!("a self-assessment's `rater` is the student (`{student}`), not `{rater}`")
        }
        RaterProblem::OwnPeer => format!("`{rater}` cannot be their own peer; use `role` `self`"),
        RaterProblem::InstructorNotPeer => format!(
            "`{rater}` is an instructor, not a peer; leave `role` blank to score as an instructor"
        ),
        RaterProblem::UnknownInstructor => format!("unknown instructor `{rater}`"),
        RaterProblem::UnknownPeer => format!("unknown peer `{rater}`"),
    }
}
