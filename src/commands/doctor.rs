//! `rapport doctor`: `SQLite`'s integrity and foreign-key checks, every recorded level against
//! the rubric version it was scored with, and what the current rubrics leave behind of recorded
//! scores. Read-only: it works on a gradebook the user may only read, and while others write.
//! Each check runs even when another failed, so a damaged gradebook shows all it can.

use std::fmt::Write as _;

use super::gradebook_from_course_yaml;
use crate::cli::Global;
use crate::course;
use crate::emit;
use crate::error::{Error, Result, plural};
use crate::store::Address;
use crate::store::{Store, assessments, drift};

pub fn run(global: &Global) -> Result<()> {
    let path = gradebook_from_course_yaml(global)?;
    if !Store::exists(&path)? {
        return emit(&format!("no gradebook at {path} yet: nothing to check\n"));
    }
    let mut store = Store::open_read(&path)?;
    let mut text = format!("gradebook {path}\n");
    let mut damage = section(&mut text, "integrity", store.integrity(), "ok");
    damage += section(&mut text, "references", store.references(), "ok");
    let mut problems = damage;
    let off_scale = store.read(assessments::off_scale);
    let off = section(
        &mut text,
        "levels",
        off_scale
            .as_ref()
            .map(|found| {
                found
                    .iter()
                    .filter(|o| o.current)
                    .map(assessments::OffScale::describe)
                    .collect()
            })
            .map_err(clone_error),
        "every current score is on the scale of the rubric version it was scored with",
    );
    let off_found = off_scale
        .as_ref()
        .map_or(0, |found| found.iter().filter(|o| o.current).count());
    if let Ok(found) = &off_scale {
        let amended = found.iter().filter(|o| !o.current).count();
        if amended > 0 {
            let _ = writeln!(
                text,
                "  ({amended} {} off the scale in earlier revisions, amended since; history keeps {})",
                plural(amended, "score", "scores"),
                if amended == 1 { "it" } else { "them" }
            );
        }
    }
    problems += off;
    // The rubric check needs the course; without one (`--db` alone) it is skipped, saying so.
    match super::course_root(global).and_then(|root| course::load(&root)) {
        Ok(loaded) => match loaded.course {
            Some(course) => match store.read(|db| drift::recorded_levels(db, &course)) {
                Ok(mut recorded) => {
                    let off_scale = off_scale.unwrap_or_default();
                    recorded.retain(|r| !off_scale.iter().any(|o| o.covers(r)));
                    let found = drift::drift(&course, &recorded);
                    if found.is_empty() {
                        text.push_str(
                            "rubrics: every recorded score is on a current criterion and level\n",
                        );
                    } else {
                        let _ = writeln!(
                            text,
                            "rubrics: {} {} (scores stay recorded; see `rapport check`)",
                            found.len(),
                            plural(found.len(), "warning", "warnings")
                        );
                        for finding in &found {
                            let _ = writeln!(text, "  {}", finding.message);
                        }
                    }
                }
                Err(error) => {
                    problems += 1;
                    let _ = writeln!(text, "rubrics: PROBLEMS\n  could not be checked: {error}");
                }
            },
            None => {
                text.push_str(
                    "rubrics: not checked: the course has errors (run `rapport check`)\n",
                );
            }
        },
        Err(_) => text.push_str("rubrics: not checked: no course found\n"),
    }
    if problems == 0 {
        text.push_str("no problems found\n");
        return emit(&text);
    }
    emit(&text)?;
    Err(Error::refused_with(
        format!(
            "doctor found {problems} {} in `{}`",
            plural(problems, "problem", "problems"),
            path
        ),
        // A levels check that could not run is damage, not a score to amend.
        recovery(&path, damage + off - off_found, off_found),
    ))
}

/// How to recover from what was found: damage to the file needs the latest backup (or `SQLite`'s
/// own recovery); scores off their scale need an amendment each.
fn recovery(path: &Address, damage: usize, off_scale: usize) -> String {
    let mut steps = Vec::new();
    match (damage > 0, path.file()) {
        (true, Some(file)) => steps.push(format!(
            "keep this file as it is and restore the latest backup (made by `rapport backup`) in its place while nobody \
             is using the gradebook; without a backup, `sqlite3 {0} .recover | sqlite3 recovered.db` saves what is \
             still readable, and `rapport --db recovered.db doctor` checks it",
            super::shell_path(file)
        )),
        (true, None) => steps.push(
            "copy the gradebook into a new schema (`rapport db copy 'URL' 'URL?schema=NEW'`: the copy has every \
             constraint and index, and refuses a row that breaks one), check it with `rapport --db 'URL?schema=NEW' \
             doctor`, then point `database:` in course.yaml at it"
                .to_owned(),
        ),
        (false, _) => {}
    }
    if off_scale > 0 {
        steps.push(
            "scores off their scale are left out of progress until each is amended with a level of its rubric \
             (`rapport score STUDENT --session S --rubric R --by RATER --amend --reason \"…\" CRITERION=LEVEL`)"
                .to_owned(),
        );
    }
    if steps.is_empty() {
        "run `rapport doctor` again when nobody is writing to the gradebook".to_owned()
    } else {
        steps.join("; ")
    }
}

/// The findings a check shows; the rest are counted.
const SHOWN: usize = 100;

/// One check's findings under its name; how many problems they are (a check that could not run
/// is one).
fn section(text: &mut String, name: &str, found: Result<Vec<String>>, ok: &str) -> usize {
    match found {
        Ok(lines) if lines.is_empty() => {
            let _ = writeln!(text, "{name}: {ok}");
            0
        }
        Ok(lines) => {
            let _ = writeln!(text, "{name}: PROBLEMS");
            for line in lines.iter().take(SHOWN) {
                let _ = writeln!(text, "  {line}");
            }
            if lines.len() > SHOWN {
                let _ = writeln!(text, "  … and {} more", lines.len() - SHOWN);
            }
            lines.len()
        }
        Err(error) => {
            let _ = writeln!(text, "{name}: PROBLEMS\n  could not be checked: {error}");
            1
        }
    }
}

/// The error again, as text (the findings keep the first one for their own report).
fn clone_error(error: &Error) -> Error {
    Error::refused(error.to_string())
}
