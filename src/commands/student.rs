//! `rapport student add|list|show|edit|import|archive|restore`: the roster. Edits, archiving
//! and restoring are kept as change records (`history STUDENT`).

use std::fmt::Write as _;
use std::path::Path;

use super::{gradebook_from_course_yaml, id, json, table, text_option};
use crate::cli::{Global, StudentCommand};
use crate::error::{Error, Result};
use crate::store::Address;
use crate::store::Store;
use crate::store::roster::{self, Student};
use crate::text::Lines;
use crate::{csvio, emit, records, status};

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
                sourced_id: None,
            };
            add(global, &path, &student)
        }
        StudentCommand::List { include_archived } => list(global, &path, *include_archived),
        StudentCommand::Show { id: text } => show(global, &path, &id("student", text)?),
        StudentCommand::Import { file, update } => import(global, &path, file, *update),
        StudentCommand::Edit {
            id: text,
            name,
            email,
            cohort,
        } => {
            let wanted = id("student", text)?;
            let name = name.as_deref().map(|n| required("name", n)).transpose()?;
            // Checked before the gradebook is opened; `Some(None)` removes the value.
            let email = email
                .as_deref()
                .map(|e| text_option("--email", Some(e), Lines::One))
                .transpose()?;
            let cohort = cohort
                .as_deref()
                .map(|c| text_option("--cohort", Some(c), Lines::One))
                .transpose()?;
            let edit = move |old: &Student| Student {
                name: name.unwrap_or_else(|| old.name.clone()),
                email: email.unwrap_or_else(|| old.email.clone()),
                cohort: cohort.unwrap_or_else(|| old.cohort.clone()),
                ..old.clone()
            };
            edit_student(global, &path, &wanted, edit)
        }
        StudentCommand::Archive { id: text } => archive(global, &path, &id("student", text)?),
        StudentCommand::Restore { id: text } => restore(global, &path, &id("student", text)?),
    }
}

fn add(global: &Global, path: &Address, student: &Student) -> Result<()> {
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

fn list(global: &Global, path: &Address, include_archived: bool) -> Result<()> {
    let everyone = Store::open_read(path)?.read(|db| roster::students(db, true))?;
    let archived = everyone.iter().filter(|s| s.archived).count();
    let students: Vec<Student> = everyone
        .into_iter()
        .filter(|s| include_archived || !s.archived)
        .collect();
    if global.json {
        return emit(&json(&students));
    }
    if !include_archived && archived > 0 {
        status(
            global,
            &format!(
                "{archived} archived {} not listed; `--include-archived` shows them",
                if archived == 1 { "student" } else { "students" },
            ),
        );
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

fn show(global: &Global, path: &Address, wanted: &str) -> Result<()> {
    let student = Store::open_read(path)?.read(|db| crate::lookup::student(db, wanted))?;
    if global.json {
        return emit(&json(&student));
    }
    let mut text = format!("{} ({})\n", student.name, student.id);
    for (label, value) in [
        ("email", &student.email),
        ("cohort", &student.cohort),
        ("sourced ID", &student.sourced_id),
    ] {
        if let Some(value) = value {
            let _ = writeln!(text, "{label}: {value}");
        }
    }
    if student.archived {
        text.push_str("archived: their records stay; they are left out of lists and reports\n");
    }
    emit(&text)
}

fn archive(global: &Global, path: &Address, wanted: &str) -> Result<()> {
    // Checked and changed in one transaction, so that two at once archive once.
    let archived = Store::open_or_empty(path)?.write(|db| {
        let student = crate::lookup::student(db, wanted)?;
        if !student.archived {
            roster::archive_student(db, wanted, &records::who())?;
        }
        Ok((!student.archived).then_some(student))
    })?;
    match archived {
        Some(student) => status(
            global,
            &format!(
                "archived student `{wanted}` ({}); their records stay",
                student.name
            ),
        ),
        None => status(global, &format!("student `{wanted}` is already archived")),
    }
    Ok(())
}

fn restore(global: &Global, path: &Address, wanted: &str) -> Result<()> {
    let student = Store::open_or_empty(path)?.write(|db| {
        let student = crate::lookup::student(db, wanted)?;
        if !student.archived {
            return Err(Error::refused_with(
                format!("student `{wanted}` is not archived; there is nothing to restore"),
                format!("`rapport student archive {wanted}` archives them"),
            ));
        }
        roster::restore_student(db, wanted, &records::who())?;
        Ok(student)
    })?;
    status(
        global,
        &format!(
            "restored student `{wanted}` ({}); they are back in lists and reports",
            student.name
        ),
    );
    Ok(())
}

/// `student edit`: `edit` makes the new record from the current one.
fn edit_student(
    global: &Global,
    path: &Address,
    wanted: &str,
    edit: impl FnOnce(&Student) -> Student,
) -> Result<()> {
    // Read and written in one transaction, so that a field not given keeps the value it has
    // at the moment of writing.
    let edited = Store::open_or_empty(path)?.write(|db| {
        let old = crate::lookup::student(db, wanted)?;
        let new = edit(&old);
        let fields = roster::edit_student(db, &new, &records::who())?;
        Ok((fields, new))
    })?;
    let (fields, new) = edited;
    if fields.is_empty() {
        status(
            global,
            &format!("student `{wanted}` unchanged: it already has these details"),
        );
        return Ok(());
    }
    let mut text = format!("edited student `{wanted}`: {}", records::describe(&fields));
    if new.archived {
        text.push_str(" (still archived)");
    }
    status(global, &text);
    Ok(())
}

/// A required one-line option value.
fn required(field: &str, value: &str) -> Result<String> {
    crate::text::required_line(&format!("--{field}"), value).map_err(Error::refused)
}

fn import(global: &Global, db_path: &Address, file: &Path, update: bool) -> Result<()> {
    let rows = csvio::read_roster(file)?;
    let work = |db: &crate::store::Tx<'_>| apply(db, file, &rows, update);
    // Checked first, so that a file with bad rows never creates the gradebook.
    let (added, changed, same) = if Store::exists(db_path)? {
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
            sourced_id: existing.sourced_id.clone(),
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
    let by = records::who();
    for (student, existing) in &plan {
        if *existing {
            roster::edit_student(db, student, &by)?;
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
    records::describe(&records::student_fields(old, new))
}

fn same_details(a: &Student, b: &Student) -> bool {
    a.name == b.name && a.email == b.email && a.cohort == b.cohort
}
