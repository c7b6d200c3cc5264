//! A `OneRoster` 1.1 or 1.2 CSV bulk package read into the people rapport keeps
//! (docs/FORMATS.md § `OneRoster` import): the manifest checked, every file's rows checked
//! (`tables.rs`), the references between files, the classes chosen, and each student and
//! teacher given a rapport ID, a name, an email and a cohort. Every problem of every file is
//! gathered, located; the gradebook is `commands::roster`'s.

use std::collections::{HashMap, HashSet};

use clap::ValueEnum;

use crate::error::Result;

mod cells;
pub mod package;
mod people;
pub mod tables;

pub use package::Package;
use tables::{Class, Enrollment, Problems, Status, Version};

/// Which column of users.csv gives a person's rapport ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IdFrom {
    /// `username` (the part before `@` when it is an email address), else `identifier`
    Username,
    /// `identifier`
    Identifier,
    /// `sourcedId`
    SourcedId,
}

/// Where a student's cohort comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CohortFrom {
    /// The title of the class's term (its first `termSourcedIds`, in academicSessions.csv)
    Term,
    /// The title of the class
    Class,
}

/// What to read from the package.
pub struct Options<'a> {
    pub class: Option<&'a str>,
    pub id_from: IdFrom,
    pub cohort_from: CohortFrom,
}

/// A student or teacher of the chosen classes, as rapport will keep them.
#[derive(Debug, Clone)]
pub struct Person {
    /// users.csv's line.
    pub line: u64,
    pub sourced_id: String,
    pub id: String,
    /// The column the ID came from.
    pub id_column: &'static str,
    pub name: String,
    pub email: Option<String>,
    /// Students only.
    pub cohort: Option<String>,
}

/// What the package holds for rapport.
pub struct Roster {
    pub version: Version,
    /// The classes read, as (sourcedId, title).
    pub classes: Vec<(String, String)>,
    pub students: Vec<Person>,
    pub instructors: Vec<Person>,
    /// Users marked `tobedeleted`: (sourcedId, users.csv's line).
    pub leaving: Vec<(String, u64)>,
    /// Whether users.csv has an `email` column (without one, emails are left as they are).
    pub has_email: bool,
}

/// The package's files read and checked; every problem found comes back with what could be
/// read (nothing is to be written when there is one).
pub fn read(package: &Package, options: &Options<'_>) -> Result<(Roster, Vec<String>)> {
    let mut problems = Problems::default();
    let mut roster = Roster {
        version: Version::V1_2,
        classes: Vec::new(),
        students: Vec::new(),
        instructors: Vec::new(),
        leaving: Vec::new(),
        has_email: false,
    };
    let Some(manifest) = package.files.get("manifest.csv") else {
        problems.list.push(
            "manifest.csv: the package has none; a OneRoster package starts with manifest.csv (propertyName,value)"
                .to_owned(),
        );
        return Ok((roster, problems.list));
    };
    let properties = tables::manifest(manifest, &mut problems)?;
    let Some(version) = version(&properties, &mut problems) else {
        return Ok((roster, problems.list));
    };
    roster.version = version;
    let wanted = files_wanted(package, &properties, options, &mut problems);
    let bytes = |name: &str| package.files.get(name).filter(|_| wanted.contains(name));
    let users =
        bytes("users.csv").map_or_else(Vec::new, |b| tables::users(version, b, &mut problems));
    roster.has_email = users.first().is_some_and(|u| u.has_email);
    let enrollments = bytes("enrollments.csv")
        .map_or_else(Vec::new, |b| tables::enrollments(version, b, &mut problems));
    let classes =
        bytes("classes.csv").map_or_else(Vec::new, |b| tables::classes(version, b, &mut problems));
    let sessions =
        bytes("academicSessions.csv").map(|b| tables::sessions(version, b, &mut problems));
    if let Some(b) = bytes("orgs.csv") {
        tables::orgs(version, b, &mut problems);
    }
    let terms: Option<HashMap<&str, &str>> = sessions.as_ref().map(|s| {
        s.iter()
            .map(|s| (s.sourced_id.as_str(), s.title.as_str()))
            .collect()
    });
    references(&enrollments, &classes, &mut problems);
    let chosen = chosen_classes(&classes, options.class, &mut problems);
    roster.classes = chosen
        .iter()
        .map(|c| (c.sourced_id.clone(), c.title.clone()))
        .collect();
    let cohorts: HashMap<&str, Option<String>> = chosen
        .iter()
        .map(|c| {
            let cohort = match options.cohort_from {
                CohortFrom::Class => Some(c.title.clone()),
                CohortFrom::Term => c.terms.first().and_then(|t| {
                    terms
                        .as_ref()
                        .and_then(|terms| terms.get(t.as_str()))
                        .map(|t| (*t).to_owned())
                }),
            };
            (c.sourced_id.as_str(), cohort)
        })
        .collect();
    people::people(
        &mut roster,
        &users,
        &enrollments,
        &cohorts,
        options,
        &mut problems,
    );
    Ok((roster, problems.list))
}

/// Sorts located problems by file (in the package's order: manifest.csv, users.csv, …) and
/// line, keeping the order found within a line.
pub fn sort_problems(problems: &mut [String]) {
    let key = |problem: &String| {
        let mut parts = problem.splitn(3, ':');
        let file = parts.next().unwrap_or_default();
        let rank = package::READ
            .iter()
            .position(|f| *f == file)
            .unwrap_or(package::READ.len());
        let line = parts
            .next()
            .and_then(|l| l.parse::<u64>().ok())
            .unwrap_or(0);
        (rank, line)
    };
    problems.sort_by_key(key);
}

/// `oneroster.version` (1.1 or 1.2) and `manifest.version` (1.0).
fn version(
    properties: &HashMap<String, (String, u64)>,
    problems: &mut Problems,
) -> Option<Version> {
    match properties.get("manifest.version") {
        Some((value, _)) if value == "1.0" => {}
        Some((value, line)) => problems.at(
            "manifest.csv",
            *line,
            format!("`manifest.version` is `{value}`; rapport reads manifests of version 1.0"),
        ),
        None => problems.list.push(
            "manifest.csv: `manifest.version` is missing; a OneRoster manifest says `manifest.version,1.0`"
                .to_owned(),
        ),
    }
    match properties.get("oneroster.version") {
        Some((value, _)) if value == "1.1" => Some(Version::V1_1),
        Some((value, _)) if value == "1.2" => Some(Version::V1_2),
        Some((value, line)) => {
            problems.at(
                "manifest.csv",
                *line,
                format!(
                    "`oneroster.version` is `{value}`; rapport reads OneRoster 1.1 and 1.2 packages"
                ),
            );
            None
        }
        None => {
            problems.list.push(
                "manifest.csv: `oneroster.version` is missing; it says which OneRoster version the files follow (1.1 or 1.2)"
                    .to_owned(),
            );
            None
        }
    }
}

/// The files the manifest lists as `bulk` that rapport reads, each checked against the
/// package: a file listed and missing, present and listed `absent`, or listed `delta`.
fn files_wanted(
    package: &Package,
    properties: &HashMap<String, (String, u64)>,
    options: &Options<'_>,
    problems: &mut Problems,
) -> HashSet<&'static str> {
    let mut wanted = HashSet::new();
    for name in &package::READ[1..] {
        let key = format!("file.{}", name.trim_end_matches(".csv"));
        let needed = match *name {
            "users.csv" | "enrollments.csv" | "classes.csv" => true,
            "academicSessions.csv" => options.cohort_from == CohortFrom::Term,
            _ => false,
        };
        let present = package.files.contains_key(name);
        let Some((value, line)) = properties.get(&key) else {
            problems.list.push(format!(
                "manifest.csv: `{key}` is missing; the manifest lists every file as `bulk`, `delta` or `absent`"
            ));
            continue;
        };
        match value.as_str() {
            "bulk" if present => {
                wanted.insert(*name);
            }
            "bulk" => problems.at(
                "manifest.csv",
                *line,
                format!("`{key}` is `bulk` but the package has no {name}"),
            ),
            "delta" => problems.at(
                "manifest.csv",
                *line,
                format!(
                    "`{key}` is `delta`; rapport reads bulk packages only (a delta holds only what changed): export a bulk package"
                ),
            ),
            "absent" if present => problems.at(
                "manifest.csv",
                *line,
                format!("`{key}` is `absent` but the package holds {name}; say `bulk`, or leave the file out"),
            ),
            "absent" if needed => problems.at(
                "manifest.csv",
                *line,
                format!("`{key}` is `absent`; rapport needs {name}{}", why(name)),
            ),
            "absent" => {}
            other => problems.at(
                "manifest.csv",
                *line,
                format!("`{key}` is `{other}`; it must be one of `bulk`, `delta`, `absent`"),
            ),
        }
    }
    wanted
}

fn why(name: &str) -> &'static str {
    if name == "academicSessions.csv" {
        " for the terms that name cohorts (or pass `--cohort-from class`)"
    } else {
        ""
    }
}

/// Broken references between the files read: a sourcedId that no row of the file it names
/// has (a row with its own problems still counts: its problem is said once). A file that could
/// not be read, or was not, is not checked against.
fn references(enrollments: &[Enrollment], classes: &[Class], problems: &mut Problems) {
    let known = std::mem::take(&mut problems.known);
    let missing = |file: &str, id: &str| known.get(file).is_some_and(|ids| !ids.contains(id));
    for e in enrollments {
        for (column, id, file) in [
            ("userSourcedId", &e.user, "users.csv"),
            ("classSourcedId", &e.class, "classes.csv"),
            ("schoolSourcedId", &e.school, "orgs.csv"),
        ] {
            if missing(file, id) {
                problems.at(
                    "enrollments.csv",
                    e.line,
                    format!("`{column}` `{id}` is not in {file}"),
                );
            }
        }
    }
    for c in classes {
        if missing("orgs.csv", &c.school) {
            problems.at(
                "classes.csv",
                c.line,
                format!("`schoolSourcedId` `{}` is not in orgs.csv", c.school),
            );
        }
        for t in c
            .terms
            .iter()
            .filter(|t| missing("academicSessions.csv", t))
        {
            problems.at(
                "classes.csv",
                c.line,
                format!("`termSourcedIds` names `{t}`, which is not in academicSessions.csv"),
            );
        }
    }
}

/// The classes whose students and teachers are read: the one `--class` names, else every
/// class not marked `tobedeleted`.
fn chosen_classes<'c>(
    classes: &'c [Class],
    wanted: Option<&str>,
    problems: &mut Problems,
) -> Vec<&'c Class> {
    let Some(wanted) = wanted else {
        return classes
            .iter()
            .filter(|c| c.status == Status::Active)
            .collect();
    };
    match classes.iter().find(|c| c.sourced_id == wanted) {
        Some(class) if class.status == Status::ToBeDeleted => {
            problems.at(
                "classes.csv",
                class.line,
                format!("class `{wanted}` is marked `tobedeleted`; choose another with `--class`"),
            );
            Vec::new()
        }
        Some(class) => vec![class],
        None if classes.is_empty() => Vec::new(),
        None => {
            let listed = classes
                .iter()
                .map(|c| format!("`{}` ({})", c.sourced_id, c.title))
                .collect::<Vec<_>>()
                .join(", ");
            let near = crate::suggest::hint(wanted, classes.iter().map(|c| c.sourced_id.as_str()));
            problems.list.push(if near.is_empty() {
                format!(
                    "classes.csv: no class has the sourcedId `{wanted}`; the classes are {listed}"
                )
            } else {
                format!("classes.csv: no class has the sourcedId `{wanted}`{near}")
            });
            Vec::new()
        }
    }
}
