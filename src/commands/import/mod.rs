//! `rapport import FILE`: bulk-record scores from a CSV, read as a stream. A first pass notes
//! the sessions the file creates; a second checks every row (`rows.rs`), reports every problem
//! (`grouped.rs`, and every one in `--errors FILE`: `errors.rs`) and stages the scores
//! (`store::staged`); when no row has a problem, the staged assessments are recorded in the
//! order of their keys (`groups.rs`). All of it is one transaction: all of it, or nothing.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;

use super::{gradebook_of, valid_course};
use crate::cli::{Global, ImportArgs};
use crate::course::model::Course;
use crate::csvio::{self, Problem, Reader};
use crate::error::{Error, Result};
use crate::output::{self, Marker};
use crate::status;
use crate::store::assessments::{self, Draft, Key, Outcome, Score};
use crate::store::recording::NewAssessments;
use crate::store::{Store, Tx, roster, staged};

mod errors;
mod grouped;
mod groups;
mod rows;

use errors::ErrorsFile;
use grouped::{Kind, Known, Problems};
use groups::Groups;
use rows::Checker;

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
    // The file's encoding, `sep=` line and header are checked before anything else.
    let mut reader = csvio::scores_reader(&args.file)?;
    // A missing gradebook has no students: every row is refused and nothing is created.
    let mut store = Store::open_or_empty(&gradebook_of(global, &course)?)?;
    // Each row is checked, then written: two steps per row (counted after the first pass).
    let bar = super::work_bar(global, 0, "rows");
    let result = match &args.errors {
        None => transaction(&mut store, &course, &mut reader, args, &bar, None),
        // The errors file is written even when the import is refused: that is what it is for.
        Some(path) => {
            let mut outcome = None;
            output::stage_file(path, Marker::Nothing, args.force, |staged| {
                let errors = ErrorsFile::create(staged, path)?;
                match transaction(&mut store, &course, &mut reader, args, &bar, Some(errors)) {
                    Err(e) if !matches!(e, Error::ImportFailed { .. }) => Err(e),
                    result => {
                        outcome = Some(result);
                        Ok(())
                    }
                }
            })?;
            outcome.expect("set when the errors file was written")
        }
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

/// The import in one transaction: recorded, or rolled back for a dry run.
fn transaction(
    store: &mut Store,
    course: &Course,
    reader: &mut Reader<'_>,
    args: &ImportArgs,
    bar: &indicatif::ProgressBar,
    errors: Option<ErrorsFile>,
) -> Result<Summary> {
    let work = |db: &Tx<'_>| import(db, course, reader, args, bar, errors);
    if args.dry_run {
        store.rehearse(work)
    } else {
        store.write(work)
    }
}

fn import(
    db: &Tx<'_>,
    course: &Course,
    reader: &mut Reader<'_>,
    args: &ImportArgs,
    bar: &indicatif::ProgressBar,
    errors: Option<ErrorsFile>,
) -> Result<Summary> {
    let file = &args.file;
    let mut checker = Checker::new(db, course);
    // New sessions first, so that any row of a new session may leave its date blank.
    let mut rows = 0;
    while let Some(record) = reader.next_cells()? {
        checker.announce(&record)?;
        rows += 1;
    }
    bar.set_length(rows * 2);
    reader.rewind()?;
    staged::begin(db)?;
    let mut problems = Problems::with_errors(errors);
    let groups = check(db, &mut checker, reader, args, bar, &mut problems)?;
    if let Some(errors) = problems.take_errors() {
        errors.finish()?;
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
            problems: problems.lines(file, course, &known, args.errors.as_deref()),
            rows,
            dry_run: args.dry_run,
        });
    }
    let mut summary = Summary::default();
    for new in checker.new_sessions.values() {
        roster::add_session(db, &new.session())?;
        summary.sessions.push(new.id.clone());
    }
    record(db, course, groups, args, bar, &mut summary)?;
    staged::end(db)?;
    Ok(summary)
}

/// Whether the assessment `key` is recorded already, asking of each assessment only in a
/// session that has any (`sessions_scored` remembers which do).
fn recorded(db: &Tx<'_>, sessions_scored: &mut HashMap<String, bool>, key: &Key) -> Result<bool> {
    let any = if let Some(any) = sessions_scored.get(&key.session) {
        *any
    } else {
        let any = assessments::any_in_session(db, &key.session)?;
        sessions_scored.insert(key.session.clone(), any);
        any
    };
    Ok(any && assessments::exists(db, key)?)
}

/// The second pass: every row checked, its problems reported, its score staged; the
/// assessments the rows make up.
fn check(
    db: &Tx<'_>,
    checker: &mut Checker<'_, '_>,
    reader: &mut Reader<'_>,
    args: &ImportArgs,
    bar: &indicatif::ProgressBar,
    problems: &mut Problems,
) -> Result<Groups> {
    let mut groups = Groups::default();
    let mut staging = staged::Staging::new(db);
    let mut sessions_scored = HashMap::new();
    while let Some(record) = reader.next_record()? {
        bar.inc(1);
        let Some(row) = checker.row(&record, problems)? else {
            continue;
        };
        let (number, first) = groups.number(&row.key);
        if first && !args.amend && recorded(db, &mut sessions_scored, &row.key)? {
            let key = &row.key;
            problems.row(
                Kind::Recorded,
                Problem::row(
                    record.line,
                    format!(
                        "`{}` already has an assessment by `{}` ({}) on `{}` in session `{}`; pass `--amend` to replace it with a new revision",
                        key.student, key.rater, key.role.as_str(), key.rubric, key.session
                    ),
                ),
            );
        }
        let score = &row.score;
        // The first criteria are known in memory to have a score or not; the others by the
        // staged table, which refuses a second one.
        let twice = if row.position < groups::TRACKED {
            if groups.scored(number, row.position) {
                Some(staging.line_of(number, row.position)?.unwrap_or_default())
            } else {
                staging.stage(
                    number,
                    row.position,
                    record.line,
                    score.level,
                    score.note.as_deref(),
                )?;
                None
            }
        } else {
            staging.stage_unless_staged(
                number,
                row.position,
                record.line,
                score.level,
                score.note.as_deref(),
            )?
        };
        if let Some(line) = twice {
            problems.row(Kind::ScoredTwice, Problem::row(record.line, format!("criterion `{}` is scored twice in this assessment (also on line {line}); keep one", score.criterion)));
            continue;
        }
        if let Some(comment) = &row.comment
            && let Some(line) = groups.comment(number, comment, record.line)
        {
            problems.row(
                    Kind::Comment,
                    Problem::row(
                        record.line,
                        format!("the comment differs from line {line}'s; the rows of one assessment carry the same comment, or leave it blank"),
                    ),
                );
        }
    }
    staging.finish()?;
    Ok(groups)
}

/// The last pass, when every row is valid: each assessment recorded from its staged scores,
/// in the order of the keys.
fn record(
    db: &Tx<'_>,
    course: &Course,
    groups: Groups,
    args: &ImportArgs,
    bar: &indicatif::ProgressBar,
    summary: &mut Summary,
) -> Result<()> {
    // Each rubric's version is named by a hash of it: computed once per rubric.
    let mut fingerprints = HashMap::new();
    let reason = format!("imported from {}", args.file.display());
    let mut ordered = groups.in_key_order();
    let numbers: Vec<u32> = ordered.numbers().collect();
    let mut new = (!args.amend).then(|| NewAssessments::new(db));
    staged::each_in_order(db, &numbers, |rank, staged| {
        let (key, comment) = ordered.take(rank);
        let rubric = course.rubric(&key.rubric).expect("checked above");
        let fingerprint = match fingerprints.entry(rubric.id.as_str()) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(first) => {
                let fingerprint = assessments::fingerprint(rubric);
                assessments::store_version(db, rubric, &fingerprint)?;
                first.insert(fingerprint)
            }
        };
        let scores: Vec<Score> = staged
            .into_iter()
            .map(|s| Score {
                criterion: rubric.criteria[s.position].id.clone(),
                level: s.level,
                note: s.note,
            })
            .collect();
        let count = scores.len();
        bar.inc(count as u64);
        let draft = Draft {
            key,
            scores,
            comment,
            reason: Some(reason.clone()),
        };
        let recorded_at = crate::store::now();
        if let Some(new) = &mut new {
            // Without `--amend`, the check pass refused every key already recorded.
            new.add(draft, &fingerprint.0, recorded_at)?;
            summary.recorded += 1;
        } else {
            match assessments::record_stored(db, &draft, &fingerprint.0, true, &recorded_at)? {
                Outcome::Recorded => summary.recorded += 1,
                Outcome::Amended { .. } => summary.amended += 1,
                Outcome::Unchanged => {
                    summary.unchanged += 1;
                    return Ok(());
                }
            }
        }
        summary.scores += count;
        Ok(())
    })?;
    if let Some(new) = new {
        new.finish()?;
    }
    Ok(())
}
