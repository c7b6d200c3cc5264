//! An import's problems as the user reads them: every name that nothing knows (a student, an
//! instructor, a session, a rubric, a criterion, a level) gathered over the whole file into one
//! block per kind — "2 unknown students used in 5 rows: `amra`, `zed`" with each name's first
//! rows and a "did you mean" — and what belongs to one row alone as `FILE:ROW: message`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::errors::ErrorsFile;
use crate::course::model::{Course, Rubric};
use crate::csvio::{Form, Problem};
use crate::figure::thousands;
use crate::{scoring, suggest};

/// What kind of name a row used that nothing knows. The order is the report's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unknown {
    /// A session the gradebook does not have, on rows that give no date to create it.
    Session,
    Student,
    /// A rater in role `instructor` who is neither an instructor nor a student.
    Instructor,
    /// A rater in role `peer` who is not on the roster.
    Peer,
    Rubric,
    /// A criterion of this rubric.
    Criterion(String),
    /// A level (neither a score nor a label) of this rubric.
    Level(String),
    /// Not a name: a blank `level` cell.
    EmptyLevel,
}

/// What went wrong on a row, when it is not a name nothing knows: the words of the summary
/// that counts the problems past the first `SHOWN_LINES`. The order is the summary's on ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The record's form (`csvio::Form`).
    Form(Form),
    Empty,
    BadId,
    Role,
    SharedLabel,
    Date,
    SessionKindValue,
    /// A date, title or kind that disagrees with the session's.
    SessionDetail,
    Rater,
    ScoredTwice,
    Comment,
    Recorded,
}

impl Kind {
    /// `n` problems of this kind, in words: "3 invalid dates".
    fn counted(self, n: usize) -> String {
        let (one, many) = match self {
            Kind::Form(Form::Quote) => ("misplaced quote", "misplaced quotes"),
            Kind::Form(Form::Cells) => (
                "row with the wrong number of cells",
                "rows with the wrong number of cells",
            ),
            Kind::Form(Form::Character) => (
                "cell with a line break or control character",
                "cells with a line break or control character",
            ),
            Kind::Empty => ("empty cell", "empty cells"),
            Kind::BadId => ("invalid ID", "invalid IDs"),
            Kind::Role => ("invalid role", "invalid roles"),
            Kind::SharedLabel => (
                "level label that several levels share",
                "level labels that several levels share",
            ),
            Kind::Date => ("invalid date", "invalid dates"),
            Kind::SessionKindValue => ("invalid session kind", "invalid session kinds"),
            Kind::SessionDetail => (
                "date, title or kind that disagrees with its session",
                "dates, titles or kinds that disagree with their sessions",
            ),
            Kind::Rater => ("rater in the wrong role", "raters in the wrong role"),
            Kind::ScoredTwice => (
                "criterion scored twice in one assessment",
                "criteria scored twice in one assessment",
            ),
            Kind::Comment => (
                "comment that differs within one assessment",
                "comments that differ within one assessment",
            ),
            Kind::Recorded => (
                "assessment already recorded",
                "assessments already recorded",
            ),
        };
        format!("{} {}", thousands(n), if n == 1 { one } else { many })
    }
}

/// How many of the rows' own problems are shown, by line, before the rest is counted.
pub const SHOWN_LINES: usize = 100;

/// The names the gradebook and course know, to suggest from.
pub struct Known {
    pub sessions: Vec<String>,
    pub students: Vec<String>,
    pub instructors: Vec<String>,
}

/// The rows that used one unknown name: the first few, and how many.
#[derive(Default)]
struct Rows {
    first: Vec<u64>,
    count: usize,
}

/// Every problem of one import, in memory that does not grow with the rows: grouped unknowns
/// (by name), the rows' own problems up to `SHOWN_LINES` and a count by kind of the rest.
/// Problems arrive in the order of the rows; with an errors file, each is written to it too.
#[derive(Default)]
pub struct Problems {
    unknown: BTreeMap<Unknown, BTreeMap<String, Rows>>,
    shown: Vec<Problem>,
    more: BTreeMap<Kind, usize>,
    invalid: usize,
    last_invalid: Option<u64>,
    errors: Option<ErrorsFile>,
}

impl Problems {
    /// Problems that are also written, every one, to `errors`.
    pub fn with_errors(errors: Option<ErrorsFile>) -> Self {
        Problems {
            errors,
            ..Problems::default()
        }
    }

    fn invalid(&mut self, line: u64) {
        if self.last_invalid != Some(line) {
            self.last_invalid = Some(line);
            self.invalid += 1;
        }
    }

    /// A name of `kind` that row `line` uses and nothing knows.
    pub fn unknown(&mut self, kind: Unknown, name: &str, line: u64) {
        if let Some(errors) = &mut self.errors {
            errors.write(line, None, &kind.message(name));
        }
        let names = self.unknown.entry(kind).or_default();
        if !names.contains_key(name) {
            names.insert(name.to_owned(), Rows::default());
        }
        let rows = names.get_mut(name).expect("inserted above");
        if rows.first.last() != Some(&line) {
            if rows.first.len() < SHOWN {
                rows.first.push(line);
            }
            rows.count += 1;
        }
        self.invalid(line);
    }

    /// A problem of one row (or one assessment, at its first row).
    pub fn row(&mut self, kind: Kind, problem: Problem) {
        if let Some(errors) = &mut self.errors {
            errors.write(problem.line, problem.column, &problem.message);
        }
        self.invalid(problem.line);
        if self.shown.len() < SHOWN_LINES {
            self.shown.push(problem);
        } else {
            *self.more.entry(kind).or_default() += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.invalid == 0
    }

    /// How many rows have at least one problem.
    pub fn invalid_rows(&self) -> usize {
        self.invalid
    }

    /// The errors file, to finish when the rows are checked.
    pub fn take_errors(&mut self) -> Option<ErrorsFile> {
        self.errors.take()
    }

    /// The report: one block per kind of unknown name, then the rows' own problems by line
    /// (the problems of one row in the order they were found), the first `SHOWN_LINES` of
    /// them, then how many more of each kind; `errors` names the file that holds every one.
    pub fn lines(
        self,
        file: &Path,
        course: &Course,
        known: &Known,
        errors: Option<&Path>,
    ) -> Vec<String> {
        let mut lines: Vec<String> = self
            .unknown
            .iter()
            .map(|(kind, names)| block(file, course, known, kind, names))
            .collect();
        lines.extend(self.shown.iter().map(|p| p.located(file)));
        if !self.more.is_empty() {
            let total: usize = self.more.values().sum();
            let mut kinds: Vec<(Kind, usize)> = self.more.into_iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let counts: Vec<String> = kinds.iter().map(|&(k, n)| k.counted(n)).collect();
            lines.push(format!(
                "{}: and {} more {} on later rows: {}; {}",
                file.display(),
                thousands(total),
                if total == 1 { "problem" } else { "problems" },
                counts.join(", "),
                errors.map_or_else(
                    || "pass `--errors FILE` to write every problem to a CSV file".to_owned(),
                    |path| format!("every problem is in `{}`", path.display())
                )
            ));
        }
        lines
    }
}

impl Unknown {
    /// The problem of one row that uses `name`, as the errors file gives it.
    fn message(&self, name: &str) -> String {
        match self {
            Unknown::Session => format!("unknown session `{name}`"),
            Unknown::Student => format!("unknown student `{name}`"),
            Unknown::Instructor => format!("unknown instructor `{name}`"),
            Unknown::Peer => format!("unknown peer `{name}`"),
            Unknown::Rubric => format!("unknown rubric `{name}`"),
            Unknown::Criterion(rubric) => format!("unknown criterion `{name}` of `{rubric}`"),
            Unknown::Level(rubric) => format!("unknown level `{name}` of `{rubric}`"),
            Unknown::EmptyLevel => "`level` is empty".to_owned(),
        }
    }
}

fn block(
    file: &Path,
    course: &Course,
    known: &Known,
    kind: &Unknown,
    names: &BTreeMap<String, Rows>,
) -> String {
    // One row uses one name of a kind at most: the counts add up to the rows.
    let rows: usize = names.values().map(|r| r.count).sum();
    if let Unknown::EmptyLevel = kind {
        return format!(
            "{}: {} {} an empty `level`: {}; fill in a level, or delete the rows of criteria that were not observed",
            file.display(),
            rows,
            if rows == 1 { "row has" } else { "rows have" },
            on_rows(names.values().next().expect("one name: the empty one"))
        );
    }
    let (one, many, hint) = words(kind, course);
    let of = match kind {
        Unknown::Criterion(id) | Unknown::Level(id) => format!(" of `{id}`"),
        _ => String::new(),
    };
    let near = |name: &str| {
        near(kind, name, course, known)
            .map_or_else(String::new, |near| format!(", did you mean `{near}`?"))
    };
    if let [(name, lines)] = &names.iter().collect::<Vec<_>>()[..] {
        return format!(
            "{}: unknown {one} `{name}`{of} on {}{}; {hint}",
            file.display(),
            on_rows(lines),
            near(name)
        );
    }
    let hidden = names.len().saturating_sub(NAMES);
    let more = if hidden > 0 {
        format!(" and {} more", thousands(hidden))
    } else {
        String::new()
    };
    let mut text = format!(
        "{}: {} unknown {many}{of} used in {} {}: {}{more}; {hint}",
        file.display(),
        thousands(names.len()),
        thousands(rows),
        if rows == 1 { "row" } else { "rows" },
        ticked(names.keys().take(NAMES).map(String::as_str)),
    );
    for (name, lines) in names.iter().take(NAMES) {
        let _ = write!(text, "\n  `{name}` on {}{}", on_rows(lines), near(name));
    }
    if hidden > 0 {
        let _ = write!(
            text,
            "\n  and {} more unknown {}{of}, each on its rows in `--errors FILE`",
            thousands(hidden),
            if hidden == 1 { one } else { many }
        );
    }
    text
}

/// How many unknown names of a kind are listed before "and N more".
const NAMES: usize = 20;

/// A kind of unknown name, singular and plural, and the hint that says how to fix it.
fn words(kind: &Unknown, course: &Course) -> (&'static str, &'static str, String) {
    let rubric = |id: &str| course.rubric(id);
    match kind {
        Unknown::EmptyLevel => ("level", "levels", String::new()),
        Unknown::Session => (
            "session",
            "sessions",
            "give a `date` on a row to create a session, or add it with `rapport session add`"
                .to_owned(),
        ),
        Unknown::Student => (
            "student",
            "students",
            "add them to the roster first (`rapport student add` or `rapport student import`)"
                .to_owned(),
        ),
        Unknown::Instructor => (
            "instructor",
            "instructors",
            "register them with `rapport instructor add`, or set `role` to `self` or `peer`"
                .to_owned(),
        ),
        Unknown::Peer => (
            "peer",
            "peers",
            "a peer is another student on the roster".to_owned(),
        ),
        Unknown::Rubric => (
            "rubric",
            "rubrics",
            format!(
                "the course's rubrics are {}",
                ticked(course.rubrics.iter().map(|r| r.id.as_str()))
            ),
        ),
        Unknown::Criterion(id) => (
            "criterion",
            "criteria",
            rubric(id).map_or_else(String::new, |r| {
                format!(
                    "the criteria of `{id}` are {}",
                    ticked(r.criteria.iter().map(|c| c.id.as_str()))
                )
            }),
        ),
        Unknown::Level(id) => (
            "level",
            "levels",
            rubric(id).map_or_else(String::new, scoring::levels_hint),
        ),
    }
}

/// The known name closest to a misspelt one, of the same kind.
fn near(kind: &Unknown, name: &str, course: &Course, known: &Known) -> Option<String> {
    let ids = |list: &[String]| {
        suggest::did_you_mean(name, list.iter().map(String::as_str)).map(str::to_owned)
    };
    match kind {
        Unknown::Session => ids(&known.sessions),
        Unknown::Student | Unknown::Peer => ids(&known.students),
        Unknown::Instructor => ids(&known.instructors),
        Unknown::Rubric => {
            suggest::did_you_mean(name, course.rubrics.iter().map(|r| r.id.as_str()))
                .map(str::to_owned)
        }
        Unknown::Criterion(rubric) => course.rubric(rubric).and_then(|r: &Rubric| {
            suggest::did_you_mean(name, r.criteria.iter().map(|c| c.id.as_str())).map(str::to_owned)
        }),
        Unknown::Level(rubric) => course
            .rubric(rubric)
            .and_then(|r| scoring::near_label(r, name))
            .map(str::to_owned),
        Unknown::EmptyLevel => None,
    }
}

/// How many rows are listed by line before "and N more".
const SHOWN: usize = 5;

/// `row 4`, `rows 3, 7, 9`, `rows 3, 7, 9, 12, 15 and 4 more`.
fn on_rows(rows: &Rows) -> String {
    let shown: Vec<String> = rows.first.iter().take(SHOWN).map(u64::to_string).collect();
    let more = rows.count.saturating_sub(SHOWN);
    format!(
        "{} {}{}",
        if rows.count == 1 { "row" } else { "rows" },
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

fn ticked<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::{Rows, on_rows};

    #[test]
    fn rows_are_listed_up_to_five() {
        let rows = |lines: &[u64]| Rows {
            first: lines.iter().copied().take(5).collect(),
            count: lines.len(),
        };
        assert_eq!(on_rows(&rows(&[4])), "row 4");
        assert_eq!(on_rows(&rows(&[3, 7, 9])), "rows 3, 7, 9");
        assert_eq!(
            on_rows(&rows(&[1, 2, 3, 4, 5, 6, 7])),
            "rows 1, 2, 3, 4, 5 and 2 more"
        );
    }
}
