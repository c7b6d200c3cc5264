//! `rapport import FILE`: bulk-record scores from a CSV. Every row is checked first (`rows.rs`),
//! every problem reported at once (`grouped.rs`); then all of it is recorded in one
//! transaction, or nothing is.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{gradebook_of, valid_course};
use crate::cli::{Global, ImportArgs};
use crate::course::model::Course;
use crate::csvio::{self, Problem, Record};
use crate::error::{Error, Result};
use crate::status;
use crate::store::Store;
use crate::store::assessments::{self, Draft, Key, Outcome, Score};
use crate::store::roster;

mod grouped;
mod rows;

use grouped::{Known, Problems};
use rows::Checker;

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
    let mut problems = Problems::default();
    let mut checker = Checker::new(db, course);
    let mut groups: BTreeMap<Key, Gathered> = BTreeMap::new();
    // New sessions first, so that any row of a new session may leave its date blank.
    for record in records {
        checker.announce(record)?;
    }
    for record in records {
        bar.inc(1);
        let Some(row) = checker.row(record, &mut problems)? else {
            continue;
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
            problems.row(Problem::row(record.line, format!("criterion `{}` is scored twice in this assessment (also on line {line}); keep one", row.score.criterion)));
            continue;
        }
        if let Some(comment) = row.comment {
            match &group.comment {
                Some((existing, line)) if *existing != comment => problems.row(Problem::row(
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
            problems.row(Problem::row(
                group.first_line,
                format!(
                    "`{}` already has an assessment by `{}` ({}) on `{}` in session `{}`; pass `--amend` to replace it with a new revision",
                    key.student, key.rater, key.role.as_str(), key.rubric, key.session
                ),
            ));
        }
    }
    if !problems.is_empty() {
        let known = Known {
            sessions: roster::sessions(db)?
                .into_iter()
                .map(|s| s.id)
                .chain(checker.new_sessions.keys().cloned())
                .collect(),
            students: roster::students(db, true)?
                .into_iter()
                .map(|s| s.id)
                .collect(),
            instructors: roster::instructors(db)?.into_iter().map(|i| i.id).collect(),
        };
        let rows = problems.invalid_rows();
        return Err(Error::ImportFailed {
            file: file.clone(),
            problems: problems.lines(file, course, &known),
            rows,
            dry_run: args.dry_run,
        });
    }
    let mut summary = Summary::default();
    for new in checker.new_sessions.values() {
        roster::add_session(db, &new.session())?;
        summary.sessions.push(new.id.clone());
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
