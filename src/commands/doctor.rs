//! `rapport doctor`: `SQLite`'s integrity and foreign-key checks, and what the current rubrics
//! leave behind of recorded scores.

use std::fmt::Write as _;

use super::database_path;
use crate::cli::Global;
use crate::course;
use crate::emit;
use crate::error::{Error, Result};
use crate::store::{Store, assessments, drift};

pub fn run(global: &Global) -> Result<()> {
    let path = database_path(global)?;
    if !Store::exists(&path)? {
        return emit(&format!(
            "no gradebook at {} yet: nothing to check\n",
            path.display()
        ));
    }
    let mut store = Store::open(&path)?;
    let conn = store.connection();
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let foreign: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |row| {
            Ok(format!(
                "{} row {} points at a missing {}",
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut text = format!("gradebook {}\n", path.display());
    let mut problems = 0;
    if integrity == ["ok"] {
        text.push_str("integrity: ok\n");
    } else {
        problems += integrity.len();
        text.push_str("integrity: PROBLEMS\n");
        for line in &integrity {
            let _ = writeln!(text, "  {line}");
        }
    }
    if foreign.is_empty() {
        text.push_str("references: ok\n");
    } else {
        problems += foreign.len();
        text.push_str("references: PROBLEMS\n");
        for line in &foreign {
            let _ = writeln!(text, "  {line}");
        }
    }
    // The rubric check needs the course; without one (`--db` alone) it is skipped, saying so.
    match super::course_root(global).and_then(|root| course::load(&root)) {
        Ok(loaded) => match loaded.course {
            Some(course) => {
                let recorded = store.read(assessments::recorded_levels)?;
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
                        if found.len() == 1 {
                            "warning"
                        } else {
                            "warnings"
                        }
                    );
                    for finding in &found {
                        let _ = writeln!(text, "  {}", finding.message);
                    }
                }
            }
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
        emit(&text)
    } else {
        emit(&text)?;
        Err(Error::Refused {
            message: format!(
                "doctor found {problems} {}",
                if problems == 1 { "problem" } else { "problems" }
            ),
            hint: Some("restore from a backup (`rapport backup` makes one)".to_owned()),
        })
    }
}
