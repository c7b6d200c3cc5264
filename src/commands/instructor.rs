//! `rapport instructor add|list|edit`. An edit is kept as a change record
//! (`history --instructor ID`).

use super::{gradebook_from_course_yaml, id, json, table, text_option};
use crate::cli::{Global, InstructorCommand};
use crate::error::{Error, Result};
use crate::store::Address;
use crate::store::Store;
use crate::store::roster::{self, Instructor};
use crate::text::Lines;
use crate::{emit, records, status};

pub fn run(global: &Global, command: &InstructorCommand) -> Result<()> {
    let path = gradebook_from_course_yaml(global)?;
    match command {
        InstructorCommand::Add { id: text, name } => {
            let instructor = Instructor {
                id: id("instructor", text)?,
                name: text_option("--name", Some(name), Lines::One)?.unwrap_or_default(),
                sourced_id: None,
            };
            if instructor.name.is_empty() {
                return Err(Error::refused("`--name` is empty"));
            }
            Store::open(&path)?.write(|db| {
                if roster::instructor(db, &instructor.id)?.is_some() {
                    return Err(Error::refused(format!(
                        "instructor `{}` is already registered",
                        instructor.id
                    )));
                }
                roster::add_instructor(db, &instructor)
            })?;
            status(
                global,
                &format!("added instructor `{}` ({})", instructor.id, instructor.name),
            );
            Ok(())
        }
        InstructorCommand::List => {
            let instructors = Store::open_read(&path)?.read(roster::instructors)?;
            if global.json {
                return emit(&json(&instructors));
            }
            emit(&table(
                &["id", "name"],
                instructors
                    .into_iter()
                    .map(|i| vec![i.id, i.name])
                    .collect(),
            ))
        }
        InstructorCommand::Edit { id: text, name } => {
            let wanted = id("instructor", text)?;
            let name = text_option("--name", Some(name), Lines::One)?.unwrap_or_default();
            if name.is_empty() {
                return Err(Error::refused("`--name` is empty"));
            }
            edit(global, &path, &wanted, name)
        }
    }
}

fn edit(global: &Global, path: &Address, wanted: &str, name: String) -> Result<()> {
    // Read and written in one transaction: the name is compared with the one it has at the
    // moment of writing.
    let fields = Store::open_or_empty(path)?.write(|db| {
        let old = crate::lookup::instructor(db, wanted)?;
        roster::edit_instructor(db, &Instructor { name, ..old }, &records::who())
    })?;
    if fields.is_empty() {
        status(
            global,
            &format!("instructor `{wanted}` unchanged: it already has this name"),
        );
        return Ok(());
    }
    status(
        global,
        &format!(
            "edited instructor `{wanted}`: {}",
            records::describe(&fields)
        ),
    );
    Ok(())
}
