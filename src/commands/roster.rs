//! `rapport roster import-oneroster`: students and instructors from a `OneRoster` CSV package
//! (docs/FORMATS.md § `OneRoster` import). The package is read and checked whole
//! (`oneroster`), then matched against the gradebook in one transaction: a person is found by
//! their sourcedId, else by the rapport ID made for them; additions, edits (kept as change
//! records, as `student edit` keeps them) and archiving are written together, or nothing is.

use std::path::Path;

use super::gradebook_from_course_yaml;
use crate::cli::{Global, RosterCommand};
use crate::error::{Error, Result};
use crate::oneroster::{self, Options, Package, Person, Roster};
use crate::records::{self, FieldChange};
use crate::status;
use crate::store::roster::{self, Instructor, Student};
use crate::store::{Store, Tx};

pub fn run(global: &Global, command: &RosterCommand) -> Result<()> {
    match command {
        RosterCommand::ImportOneroster {
            package,
            class,
            id_from,
            cohort_from,
            dry_run,
        } => {
            let options = Options {
                class: class.as_deref(),
                id_from: *id_from,
                cohort_from: *cohort_from,
            };
            import(global, package, &options, *dry_run)
        }
    }
}

/// One change the package makes.
enum Step {
    AddStudent(Student),
    UpdateStudent(Student, Vec<FieldChange>),
    ArchiveStudent(Student, u64),
    AddInstructor(Instructor),
    UpdateInstructor(Instructor, Vec<FieldChange>),
}

/// How many students and instructors are added, updated, archived and left unchanged.
#[derive(Default)]
struct Counts {
    students: [usize; 4],
    instructors: [usize; 3],
}

fn import(global: &Global, package: &Path, options: &Options<'_>, dry_run: bool) -> Result<()> {
    let path = gradebook_from_course_yaml(global)?;
    let files = Package::read(package)?;
    let (roster, problems) = oneroster::read(&files, options)?;
    let work = |db: &Tx<'_>| {
        let (steps, counts, mut found) = plan(db, &roster)?;
        let mut all = problems.clone();
        all.append(&mut found);
        oneroster::sort_problems(&mut all);
        if !all.is_empty() {
            return Err(Error::PackageRefused {
                package: package.to_owned(),
                problems: all,
                dry_run,
            });
        }
        apply(db, &steps)?;
        Ok((steps, counts))
    };
    // A gradebook that does not exist yet is only created when the package is good.
    let (steps, counts) = if !Store::exists(&path)? {
        let rehearsed = Store::in_memory()?.rehearse(work)?;
        if dry_run {
            rehearsed
        } else {
            Store::open(&path)?.write(work)?
        }
    } else if dry_run {
        Store::open(&path)?.rehearse(work)?
    } else {
        Store::open(&path)?.write(work)?
    };
    for step in &steps {
        status(global, &describe(step, dry_run));
    }
    status(global, &summary(package, &roster, &counts, dry_run));
    Ok(())
}

/// What the package changes in the gradebook, and the problems only the gradebook shows (a
/// rapport ID taken by someone with another sourcedId).
fn plan(db: &Tx<'_>, roster: &Roster) -> Result<(Vec<Step>, Counts, Vec<String>)> {
    let mut steps = Vec::new();
    let mut counts = Counts::default();
    let mut problems = Vec::new();
    for person in &roster.students {
        let existing = match roster::student_by_sourced_id(db, &person.sourced_id)? {
            Some(found) => Some(found),
            None => match roster::student(db, &person.id)? {
                Some(taken) if taken.sourced_id.is_some() => {
                    problems.push(taken_by(
                        person,
                        "student",
                        &taken.name,
                        taken.sourced_id.as_deref(),
                    ));
                    continue;
                }
                other => other,
            },
        };
        let Some(old) = existing else {
            steps.push(Step::AddStudent(Student {
                id: person.id.clone(),
                name: person.name.clone(),
                email: person.email.clone(),
                cohort: person.cohort.clone(),
                archived: false,
                sourced_id: Some(person.sourced_id.clone()),
            }));
            counts.students[0] += 1;
            continue;
        };
        let new = Student {
            name: person.name.clone(),
            email: if roster.has_email {
                person.email.clone()
            } else {
                old.email.clone()
            },
            cohort: person.cohort.clone().or_else(|| old.cohort.clone()),
            sourced_id: Some(person.sourced_id.clone()),
            ..old.clone()
        };
        let fields = records::student_fields(&old, &new);
        if fields.is_empty() {
            counts.students[3] += 1;
        } else {
            steps.push(Step::UpdateStudent(new, fields));
            counts.students[1] += 1;
        }
    }
    for (sourced_id, line) in &roster.leaving {
        if let Some(student) = roster::student_by_sourced_id(db, sourced_id)?
            && !student.archived
        {
            steps.push(Step::ArchiveStudent(student, *line));
            counts.students[2] += 1;
        }
    }
    for person in &roster.instructors {
        let existing = match roster::instructor_by_sourced_id(db, &person.sourced_id)? {
            Some(found) => Some(found),
            None => match roster::instructor(db, &person.id)? {
                Some(taken) if taken.sourced_id.is_some() => {
                    problems.push(taken_by(
                        person,
                        "instructor",
                        &taken.name,
                        taken.sourced_id.as_deref(),
                    ));
                    continue;
                }
                other => other,
            },
        };
        let Some(old) = existing else {
            steps.push(Step::AddInstructor(Instructor {
                id: person.id.clone(),
                name: person.name.clone(),
                sourced_id: Some(person.sourced_id.clone()),
            }));
            counts.instructors[0] += 1;
            continue;
        };
        let new = Instructor {
            name: person.name.clone(),
            sourced_id: Some(person.sourced_id.clone()),
            ..old.clone()
        };
        let fields = records::instructor_fields(&old, &new);
        if fields.is_empty() {
            counts.instructors[2] += 1;
        } else {
            steps.push(Step::UpdateInstructor(new, fields));
            counts.instructors[1] += 1;
        }
    }
    Ok((steps, counts, problems))
}

/// A rapport ID already kept for someone with another sourcedId.
fn taken_by(person: &Person, kind: &str, name: &str, other: Option<&str>) -> String {
    format!(
        "users.csv:{}: user `{}` would have the rapport ID `{}` (from `{}`), but {kind} `{}` ({name}) has it with the sourcedId `{}`; pass `--id-from` another column",
        person.line,
        person.sourced_id,
        person.id,
        person.id_column,
        person.id,
        other.unwrap_or_default()
    )
}

fn apply(db: &Tx<'_>, steps: &[Step]) -> Result<()> {
    let by = records::who();
    for step in steps {
        match step {
            Step::AddStudent(student) => roster::add_student(db, student)?,
            Step::UpdateStudent(student, _) => {
                roster::edit_student(db, student, &by)?;
            }
            Step::ArchiveStudent(student, _) => roster::archive_student(db, &student.id, &by)?,
            Step::AddInstructor(instructor) => roster::add_instructor(db, instructor)?,
            Step::UpdateInstructor(instructor, _) => {
                roster::edit_instructor(db, instructor, &by)?;
            }
        }
    }
    Ok(())
}

fn describe(step: &Step, dry_run: bool) -> String {
    let verb = |done: &str, would: &str| {
        if dry_run {
            format!("would {would}")
        } else {
            done.to_owned()
        }
    };
    match step {
        Step::AddStudent(s) => format!(
            "{} student `{}` ({}{}; sourcedId {})",
            verb("added", "add"),
            s.id,
            s.name,
            s.cohort
                .as_ref()
                .map_or_else(String::new, |c| format!(", cohort {c}")),
            s.sourced_id.as_deref().unwrap_or_default()
        ),
        Step::UpdateStudent(s, fields) => format!(
            "{} student `{}`: {}{}",
            verb("updated", "update"),
            s.id,
            records::describe(fields),
            if s.archived { " (still archived)" } else { "" }
        ),
        Step::ArchiveStudent(s, line) => format!(
            "{} student `{}` ({}): `tobedeleted` in users.csv:{line}; their records stay",
            verb("archived", "archive"),
            s.id,
            s.name
        ),
        Step::AddInstructor(i) => format!(
            "{} instructor `{}` ({}; sourcedId {})",
            verb("added", "add"),
            i.id,
            i.name,
            i.sourced_id.as_deref().unwrap_or_default()
        ),
        Step::UpdateInstructor(i, fields) => format!(
            "{} instructor `{}`: {}",
            verb("updated", "update"),
            i.id,
            records::describe(fields)
        ),
    }
}

fn summary(package: &Path, roster: &Roster, counts: &Counts, dry_run: bool) -> String {
    let [added, updated, archived, same] = counts.students;
    let [i_added, i_updated, i_same] = counts.instructors;
    let classes = match &roster.classes[..] {
        [(id, title)] => format!("class `{id}` ({title})"),
        all => format!("{} classes", all.len()),
    };
    let (verbs, end) = if dry_run {
        (
            ["would add", "update", "archive", "leave unchanged"],
            "; nothing was written (dry run)",
        )
    } else {
        (["added", "updated", "archived", "unchanged"], "")
    };
    let nothing = if counts.students[..3]
        .iter()
        .chain(&counts.instructors[..2])
        .all(|n| *n == 0)
    {
        "; the gradebook already matches the package"
    } else {
        ""
    };
    format!(
        "{} (OneRoster {}, {classes}): students: {} {added}, {} {updated}, {} {archived}, {} {same}; instructors: {} {i_added}, {} {i_updated}, {} {i_same}{nothing}{end}",
        package.display(),
        roster.version.as_str(),
        verbs[0],
        verbs[1],
        verbs[2],
        verbs[3],
        verbs[0],
        verbs[1],
        verbs[3],
    )
}
