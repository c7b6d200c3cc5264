//! An import's problems as the user reads them: every name that nothing knows (a student, an
//! instructor, a session, a rubric, a criterion, a level) gathered over the whole file into one
//! block per kind — "2 unknown students used in 5 rows: `amra`, `zed`" with each name's first
//! rows and a "did you mean" — and what belongs to one row alone as `FILE:ROW: message`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::course::model::{Course, Rubric};
use crate::csvio::Problem;
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

/// The names the gradebook and course know, to suggest from.
pub struct Known {
    pub sessions: Vec<String>,
    pub students: Vec<String>,
    pub instructors: Vec<String>,
}

/// Every problem of one import: grouped unknowns and located row problems.
#[derive(Default)]
pub struct Problems {
    unknown: BTreeMap<Unknown, BTreeMap<String, Vec<u64>>>,
    rows: Vec<Problem>,
    invalid: BTreeSet<u64>,
}

impl Problems {
    /// A name of `kind` that row `line` uses and nothing knows.
    pub fn unknown(&mut self, kind: Unknown, name: &str, line: u64) {
        let lines = self
            .unknown
            .entry(kind)
            .or_default()
            .entry(name.to_owned())
            .or_default();
        if !lines.contains(&line) {
            lines.push(line);
        }
        self.invalid.insert(line);
    }

    /// A problem of one row (or one assessment, at its first row).
    pub fn row(&mut self, problem: Problem) {
        self.invalid.insert(problem.line);
        self.rows.push(problem);
    }

    pub fn is_empty(&self) -> bool {
        self.invalid.is_empty()
    }

    /// How many rows have at least one problem.
    pub fn invalid_rows(&self) -> usize {
        self.invalid.len()
    }

    /// The report: one block per kind of unknown name, then the rows' own problems by line
    /// (the problems of one row in the order they were found).
    pub fn lines(mut self, file: &Path, course: &Course, known: &Known) -> Vec<String> {
        let mut lines: Vec<String> = self
            .unknown
            .iter()
            .map(|(kind, names)| block(file, course, known, kind, names))
            .collect();
        self.rows.sort_by_key(|p| (p.line, p.column));
        lines.extend(self.rows.iter().map(|p| p.located(file)));
        lines
    }
}

fn block(
    file: &Path,
    course: &Course,
    known: &Known,
    kind: &Unknown,
    names: &BTreeMap<String, Vec<u64>>,
) -> String {
    let rows: BTreeSet<u64> = names.values().flatten().copied().collect();
    let rubric = |id: &str| course.rubric(id);
    let (one, many, hint) = match kind {
        Unknown::EmptyLevel => {
            return format!(
                "{}: {} {} an empty `level`: {}; fill in a level, or delete the rows of criteria that were not observed",
                file.display(),
                rows.len(),
                if rows.len() == 1 {
                    "row has"
                } else {
                    "rows have"
                },
                on_rows(&rows.iter().copied().collect::<Vec<_>>())
            );
        }
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
    };
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
    let mut text = format!(
        "{}: {} unknown {many}{of} used in {} {}: {}; {hint}",
        file.display(),
        names.len(),
        rows.len(),
        if rows.len() == 1 { "row" } else { "rows" },
        ticked(names.keys().map(String::as_str)),
    );
    for (name, lines) in names {
        let _ = write!(text, "\n  `{name}` on {}{}", on_rows(lines), near(name));
    }
    text
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
fn on_rows(lines: &[u64]) -> String {
    let shown: Vec<String> = lines.iter().take(SHOWN).map(u64::to_string).collect();
    let more = lines.len().saturating_sub(SHOWN);
    format!(
        "{} {}{}",
        if lines.len() == 1 { "row" } else { "rows" },
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
    use super::on_rows;

    #[test]
    fn rows_are_listed_up_to_five() {
        assert_eq!(on_rows(&[4]), "row 4");
        assert_eq!(on_rows(&[3, 7, 9]), "rows 3, 7, 9");
        assert_eq!(
            on_rows(&[1, 2, 3, 4, 5, 6, 7]),
            "rows 1, 2, 3, 4, 5 and 2 more"
        );
    }
}
