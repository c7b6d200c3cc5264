//! `rapport import FILE`: bulk-record scores from a CSV. Every row is checked first; then all
//! of it is recorded in one transaction, or nothing is.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use super::{gradebook_of, valid_course};
use crate::cli::{Global, ImportArgs};
use crate::course::model::Course;
use crate::csvio::{self, Problem, Record};
use crate::error::{Error, Result};
use crate::gradebook::SessionKind;
use crate::lookup::parse_date;
use crate::lookup::{Known, RaterProblem, rater_problem};
use crate::store::Store;
use crate::store::assessments::{self, Draft, Key, Outcome, Role, Score};
use crate::store::roster::{self, Session};
use crate::{ids, scoring, status, suggest};

/// One assessment gathered from its rows.
struct Gathered {
    first_line: u64,
    scores: Vec<(usize, Score, u64)>,
    comment: Option<(String, u64)>,
}

#[derive(Default)]
struct Summary {
    recorded: usize,
    amended: usize,
    unchanged: usize,
    scores: usize,
    sessions: Vec<String>,
}

pub fn run(global: &Global, args: &ImportArgs) -> Result<()> {
    let course = valid_course(global)?;
    let records = csvio::read_scores(&args.file)?;
    // A missing gradebook has no students: every row is refused and nothing is created.
    let mut store = Store::open_or_empty(&gradebook_of(global, &course))?;
    // Each row is checked, then written: two steps per row.
    let bar = super::work_bar(global, records.len() * 2, "rows");
    let work = |db: &crate::store::Tx<'_>| import(db, &course, &records, args, &bar);
    let result = if args.dry_run {
        store.rehearse(work)
    } else {
        store.write(work)
    };
    bar.finish_and_clear();
    let summary = result?;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let assessments = plural(summary.recorded, "assessment", "assessments");
    let scores = plural(summary.scores, "score", "scores");
    let mut text = if args.dry_run {
        format!(
            "{}: would record {assessments}, amend {}, leave {} unchanged ({scores} to write)",
            args.file.display(),
            summary.amended,
            summary.unchanged
        )
    } else {
        format!(
            "{}: recorded {assessments}, amended {}, unchanged {} ({scores} written)",
            args.file.display(),
            summary.amended,
            summary.unchanged
        )
    };
    if !summary.sessions.is_empty() {
        let _ = write!(text, "; new sessions: {}", summary.sessions.join(", "));
    }
    if args.dry_run {
        text.push_str("; nothing was written (dry run)");
    }
    status(global, &text);
    Ok(())
}

fn import(
    db: &crate::store::Tx<'_>,
    course: &Course,
    records: &[Record],
    args: &ImportArgs,
    bar: &indicatif::ProgressBar,
) -> Result<Summary> {
    let file = &args.file;
    let mut problems: Vec<Problem> = Vec::new();
    let mut checker = Checker {
        db,
        course,
        students: HashMap::new(),
        instructors: HashMap::new(),
        new_sessions: BTreeMap::new(),
    };
    let mut groups: BTreeMap<Key, Gathered> = BTreeMap::new();
    // New sessions first, so that any row of a new session may leave its date blank.
    for record in records {
        checker.announce(record)?;
    }
    for record in records {
        bar.inc(1);
        let row = match checker.row(record) {
            Ok(row) => row,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let group = groups.entry(row.key).or_insert(Gathered {
            first_line: record.line,
            scores: Vec::new(),
            comment: None,
        });
        if let Some((_, _, line)) = group
            .scores
            .iter()
            .find(|(_, s, _)| s.criterion == row.score.criterion)
        {
            problems.push(Problem::row(record.line, format!("criterion `{}` is scored twice in this assessment (also on line {line}); keep one", row.score.criterion)));
            continue;
        }
        if let Some(comment) = row.comment {
            match &group.comment {
                Some((existing, line)) if *existing != comment => problems.push(Problem::row(
                    record.line,
                    format!("the comment differs from line {line}'s; the rows of one assessment carry the same comment, or leave it blank"),
                )),
                Some(_) => {}
                None => group.comment = Some((comment, record.line)),
            }
        }
        group.scores.push((row.position, row.score, record.line));
    }
    for (key, group) in &groups {
        if !args.amend && assessments::exists(db, key)? {
            problems.push(Problem::row(
                group.first_line,
                format!(
                    "`{}` already has an assessment by `{}` ({}) on `{}` in session `{}`; pass `--amend` to replace it with a new revision",
                    key.student, key.rater, key.role.as_str(), key.rubric, key.session
                ),
            ));
        }
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(Error::ImportFailed {
            file: file.clone(),
            problems: problems.iter().map(|p| p.located(file)).collect(),
            dry_run: args.dry_run,
        });
    }
    let mut summary = Summary::default();
    for session in checker.new_sessions.values() {
        roster::add_session(db, &session.0)?;
        summary.sessions.push(session.0.id.clone());
    }
    for (key, group) in groups {
        let rubric = course.rubric(&key.rubric).expect("checked above");
        let mut scores = group.scores;
        scores.sort_by_key(|(position, _, _)| *position);
        let count = scores.len();
        bar.inc(count as u64);
        let draft = Draft {
            key,
            scores: scores.into_iter().map(|(_, score, _)| score).collect(),
            comment: group.comment.map(|(c, _)| c),
            reason: Some(format!("imported from {}", file.display())),
        };
        match assessments::record(db, &draft, rubric, args.amend)? {
            Outcome::Recorded => summary.recorded += 1,
            Outcome::Amended { .. } => summary.amended += 1,
            Outcome::Unchanged => {
                summary.unchanged += 1;
                continue;
            }
        }
        summary.scores += count;
    }
    Ok(summary)
}

struct Row {
    key: Key,
    position: usize,
    score: Score,
    comment: Option<String>,
}

/// Checks rows against the course and the gradebook, remembering what it looked up.
struct Checker<'a> {
    db: &'a crate::store::Tx<'a>,
    course: &'a Course,
    students: HashMap<String, bool>,
    instructors: HashMap<String, bool>,
    /// Sessions to create: ID → (session, line that named it).
    new_sessions: BTreeMap<String, (Session, u64)>,
}

impl Checker<'_> {
    /// A row checked: the reader's problem with its form first, then its values.
    fn row(&mut self, record: &Record) -> std::result::Result<Row, Problem> {
        if let Some(problem) = &record.problem {
            return Err(problem.clone());
        }
        self.values(record)
            .map_err(|message| Problem::row(record.line, message))
    }

    fn values(&mut self, record: &Record) -> std::result::Result<Row, String> {
        for column in ["criterion", "level"] {
            if record.get(column).is_empty() {
                return Err(format!("`{column}` is empty"));
            }
        }
        let id = |what: &str, column: &str| {
            let text = record.get(column);
            if text.is_empty() {
                return Err(format!("`{column}` is empty"));
            }
            ids::normalize(text).map_err(|p| format!("{what} ID `{text}` {p}"))
        };
        let session = id("session", "session")?;
        let student = id("student", "student")?;
        let rater = id("rater", "rater")?;
        let role = Role::parse(record.get("role")).ok_or_else(|| {
            format!(
                "`role` must be `instructor`, `self` or `peer`, not `{}`",
                record.get("role")
            )
        })?;
        let rubric_id = id("rubric", "rubric")?;
        let rubric = self.course.rubric(&rubric_id).ok_or_else(|| {
            let near = suggest::hint(
                &rubric_id,
                self.course.rubrics.iter().map(|r| r.id.as_str()),
            );
            format!("unknown rubric `{rubric_id}`{near}")
        })?;
        let criterion = scoring::criterion(rubric, record.get("criterion"))?;
        let position = rubric
            .criteria
            .iter()
            .position(|c| c.id == criterion.id)
            .unwrap_or(0);
        let level = scoring::level(rubric, record.get("level"))
            .map_err(|p| format!("`{}`: {p}", criterion.id))?;
        self.session(&session, record)?;
        if !self.known_student(&student)? {
            return Err(format!(
                "unknown student `{student}`; add them to the roster first (`rapport student add` or `rapport student import`)"
            ));
        }
        // The rules of `lookup::rater_problem`, worded for the `rater` and `role` columns.
        let known = Known {
            instructor: self.known_instructor(&rater)?,
            student: self.known_student(&rater)?,
        };
        if let Some(problem) = rater_problem(role, &rater, &student, known) {
            return Err(match problem {
                RaterProblem::StudentNotInstructor => format!(
                    "`{rater}` is a student, not an instructor; set `role` to `peer`, or to `self` when they rate themself"
                ),
                RaterProblem::UnknownInstructor => format!(
                    "unknown instructor `{rater}`; register them with `rapport instructor add`, or set `role` to `self` or `peer`"
                ),
                RaterProblem::SelfBySomeoneElse => format!(
                    "a self-assessment's `rater` is the student (`{student}`), not `{rater}`"
                ),
                RaterProblem::OwnPeer => {
                    format!("`{rater}` cannot be their own peer; use `role` `self`")
                }
                RaterProblem::InstructorNotPeer => format!(
                    "`{rater}` is an instructor, not a peer; leave `role` blank to score as an instructor"
                ),
                RaterProblem::UnknownPeer => {
                    format!("unknown peer `{rater}`; a peer is another student on the roster")
                }
            });
        }
        let text = |column: &str| {
            Some(csvio::restore(record.text(column).trim())).filter(|t| !t.is_empty())
        };
        Ok(Row {
            key: Key {
                session,
                student,
                rater,
                role,
                rubric: rubric.id.clone(),
            },
            position,
            score: Score {
                criterion: criterion.id.clone(),
                level,
                note: text("note"),
            },
            comment: text("comment"),
        })
    }

    /// A known session whose date matches, or a new one to create from its date.
    fn session(&mut self, id: &str, record: &Record) -> std::result::Result<(), String> {
        let date = record.get("date");
        let date = if date.is_empty() {
            None
        } else {
            Some(parse_date(date)?)
        };
        let known = roster::session(self.db, id).map_err(|e| e.to_string())?;
        match (known, date) {
            (Some(session), Some(date)) if session.date != date => Err(format!(
                "`date` {date} does not match session `{id}` ({}); correct it or leave it blank",
                session.date
            )),
            (Some(_), _) => Ok(()),
            (None, None) if self.new_sessions.contains_key(id) => Ok(()),
            (None, None) => Err(format!(
                "unknown session `{id}`; give its `date` to create it, or add it with `rapport session add`"
            )),
            (None, Some(date)) => match self.new_sessions.get(id) {
                Some((session, line)) if session.date != date => Err(format!(
                    "new session `{id}` has date {} on line {line}; one session has one date",
                    session.date
                )),
                // Every new session with a valid date was announced before the rows.
                _ => Ok(()),
            },
        }
    }

    /// Notes a session this file creates: unknown to the gradebook, with a valid date.
    fn announce(&mut self, record: &Record) -> Result<()> {
        let (Ok(id), Ok(date)) = (
            ids::normalize(record.get("session")),
            parse_date(record.get("date")),
        ) else {
            return Ok(());
        };
        if !self.new_sessions.contains_key(&id) && roster::session(self.db, &id)?.is_none() {
            let session = Session {
                id: id.clone(),
                date,
                kind: SessionKind::Other,
                title: id.clone(),
                artist: None,
            };
            self.new_sessions.insert(id, (session, record.line));
        }
        Ok(())
    }

    fn known_student(&mut self, id: &str) -> std::result::Result<bool, String> {
        if let Some(known) = self.students.get(id) {
            return Ok(*known);
        }
        let known = roster::student(self.db, id)
            .map_err(|e| e.to_string())?
            .is_some();
        self.students.insert(id.to_owned(), known);
        Ok(known)
    }

    fn known_instructor(&mut self, id: &str) -> std::result::Result<bool, String> {
        if let Some(known) = self.instructors.get(id) {
            return Ok(*known);
        }
        let known = roster::instructor(self.db, id)
            .map_err(|e| e.to_string())?
            .is_some();
        self.instructors.insert(id.to_owned(), known);
        Ok(known)
    }
}
