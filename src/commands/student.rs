//! `rapport student add|list|show|import|archive`: the roster.

use std::fmt::Write as _;
use std::path::Path;

use super::{gradebook_from_course_yaml, id, json, table, text_option};
use crate::cli::{Global, StudentCommand};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::roster::{self, Student};
use crate::text::Lines;
use crate::{csvio, emit, status};

pub fn run(global: &Global, command: &StudentCommand) -> Result<()> {
    let path = gradebook_from_course_yaml(global)?;
    match command {
        StudentCommand::Add {
            id: text,
            name,
            email,
            cohort,
        } => {
            let student = Student {
                id: id("student", text)?,
                name: required("name", name)?,
                email: text_option("--email", email.as_deref(), Lines::One)?,
                cohort: text_option("--cohort", cohort.as_deref(), Lines::One)?,
                archived: false,
            };
            add(global, &path, &student)
        }
        StudentCommand::List { include_archived } => list(global, &path, *include_archived),
        StudentCommand::Show { id: text } => show(global, &path, &id("student", text)?),
        StudentCommand::Import { file, update } => import(global, &path, file, *update),
        StudentCommand::Archive { id: text } => archive(global, &path, &id("student", text)?),
    }
}

fn add(global: &Global, path: &Path, student: &Student) -> Result<()> {
    Store::open(path)?.write(|db| {
        if roster::student(db, &student.id)?.is_some() {
            return Err(Error::refused_with(
                format!("student `{}` is already on the roster", student.id),
                format!("see them with `rapport student show {}`", student.id),
            ));
        }
        roster::add_student(db, student)
    })?;
    status(
        global,
        &format!("added student `{}` ({})", student.id, student.name),
    );
    Ok(())
}

fn list(global: &Global, path: &Path, include_archived: bool) -> Result<()> {
    let students = Store::open_read(path)?.read(|db| roster::students(db, include_archived))?;
    if global.json {
        return emit(&json(&students));
    }
    let rows = students
        .iter()
        .map(|s| {
            let mut row = vec![
                s.id.clone(),
                s.name.clone(),
                s.email.clone().unwrap_or_default(),
                s.cohort.clone().unwrap_or_default(),
            ];
            if include_archived {
                row.push(if s.archived {
                    "archived".into()
                } else {
                    String::new()
                });
            }
            row
        })
        .collect();
    let mut header = vec!["id", "name", "email", "cohort"];
    if include_archived {
        header.push("status");
    }
    emit(&table(&header, rows))
}

fn show(global: &Global, path: &Path, wanted: &str) -> Result<()> {
    let student = Store::open_read(path)?.read(|db| crate::lookup::student(db, wanted))?;
    if global.json {
        return emit(&json(&student));
    }
    let mut text = format!("{} ({})\n", student.name, student.id);
    for (label, value) in [("email", &student.email), ("cohort", &student.cohort)] {
        if let Some(value) = value {
            let _ = writeln!(text, "{label}: {value}");
        }
    }
    if student.archived {
        text.push_str("archived: their records stay; they are left out of lists and reports\n");
    }
    emit(&text)
}

fn archive(global: &Global, path: &Path, wanted: &str) -> Result<()> {
    let mut store = Store::open_or_empty(path)?;
    let student = store.read(|db| crate::lookup::student(db, wanted))?;
    if student.archived {
        status(global, &format!("student `{wanted}` is already archived"));
        return Ok(());
    }
    store.write(|db| roster::archive_student(db, wanted))?;
    status(
        global,
        &format!(
            "archived student `{wanted}` ({}); their records stay",
            student.name
        ),
    );
    Ok(())
}

/// A required one-line option value.
fn required(field: &str, value: &str) -> Result<String> {
    crate::text::required_line(&format!("--{field}"), value).map_err(Error::refused)
}

fn import(global: &Global, db_path: &Path, file: &Path, update: bool) -> Result<()> {
    let rows = csvio::read_roster(file)?;
    let work = |db: &crate::store::Tx<'_>| apply(db, file, &rows, update);
    // Checked first, so that a file with bad rows never creates the gradebook.
    let (added, changed, same) = if db_path.exists() {
        Store::open(db_path)?.write(work)?
    } else {
        Store::in_memory()?.rehearse(work)?;
        Store::open(db_path)?.write(work)?
    };
    status(
        global,
        &format!(
            "{}: added {added}, updated {changed}, unchanged {same}",
            file.display()
        ),
    );
    Ok(())
}

/// Checks every row against the roster, then adds and updates; (added, updated, unchanged).
fn apply(
    db: &crate::store::Tx<'_>,
    file: &Path,
    rows: &[csvio::RosterRow],
    update: bool,
) -> Result<(usize, usize, usize)> {
    let mut problems = Vec::new();
    let mut plan = Vec::new();
    let mut seen: Vec<(String, u64)> = Vec::new();
    for row in rows {
        let student = match &row.student {
            Ok(s) => s.clone(),
            Err(problem) => {
                problems.push(problem.located(file));
                continue;
            }
        };
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == student.id) {
            problems.push(format!(
                "{}:{}: student `{}` is also on line {first}; keep one row per student",
                file.display(),
                row.line,
                student.id
            ));
            continue;
        }
        seen.push((student.id.clone(), row.line));
        let Some(existing) = roster::student(db, &student.id)? else {
            plan.push((student, false));
            continue;
        };
        // A column the file does not have leaves that detail as it is.
        let merged = Student {
            email: if row.has_email {
                student.email
            } else {
                existing.email.clone()
            },
            cohort: if row.has_cohort {
                student.cohort
            } else {
                existing.cohort.clone()
            },
            archived: existing.archived,
            ..student
        };
        if same_details(&existing, &merged) {
            continue;
        }
        if update {
            plan.push((merged, true));
        } else {
            problems.push(format!(
                "{}:{}: student `{}` is already on the roster with other details ({}); pass `--update` to change them",
                file.display(),
                row.line,
                merged.id,
                changes(&existing, &merged)
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::ImportFailed {
            file: file.to_owned(),
            rows: problems.len(),
            problems,
            dry_run: false,
        });
    }
    let (mut added, mut changed) = (0, 0);
    for (student, existing) in &plan {
        if *existing {
            roster::update_student(db, student)?;
            changed += 1;
        } else {
            roster::add_student(db, student)?;
            added += 1;
        }
    }
    Ok((added, changed, seen.len() - added - changed))
}

/// What an update would change: `name Amara Okafor → Amara O.; cohort 2026-autumn → none`.
fn changes(old: &Student, new: &Student) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    let mut parts = Vec::new();
    if old.name != new.name {
        parts.push(format!("name {} → {}", old.name, new.name));
    }
    if old.email != new.email {
        parts.push(format!("email {} → {}", show(&old.email), show(&new.email)));
    }
    if old.cohort != new.cohort {
        parts.push(format!(
            "cohort {} → {}",
            show(&old.cohort),
            show(&new.cohort)
        ));
    }
    parts.join("; ")
}

fn same_details(a: &Student, b: &Student) -> bool {
    a.name == b.name && a.email == b.email && a.cohort == b.cohort
}
