//! The files of a `OneRoster` 1.1 or 1.2 CSV package that rapport reads, each row checked on
//! its own (docs/FORMATS.md § `OneRoster` import): the columns each version defines (matched
//! whatever their case, `metadata.*` extension columns allowed and not read), required cells,
//! the specification's enumerations, dates, and sourcedIds unique within their file. Problems
//! are located `FILE:LINE: …`; the references between files are `super`'s.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use super::cells::{open, records, table};
use crate::csvio::Columns;
use crate::error::Result;

/// The specification's version, from manifest.csv's `oneroster.version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1_1,
    V1_2,
}

impl Version {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1_1 => "1.1",
            Version::V1_2 => "1.2",
        }
    }
}

/// A record's `status`: blank in a bulk file reads as `Active`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Active,
    ToBeDeleted,
}

/// Every problem found, located, in the order found; and the sourcedIds of every row of each
/// file read, valid or not (so that a bad row is not reported again as a broken reference).
#[derive(Default)]
pub struct Problems {
    pub list: Vec<String>,
    pub known: HashMap<&'static str, std::collections::HashSet<String>>,
}

impl Problems {
    pub fn at(&mut self, file: &str, line: u64, message: impl AsRef<str>) {
        self.list
            .push(format!("{file}:{line}: {}", message.as_ref()));
    }
}

pub struct User {
    pub line: u64,
    pub sourced_id: String,
    pub status: Status,
    pub username: String,
    pub identifier: String,
    pub given: String,
    pub family: String,
    pub preferred_given: String,
    pub preferred_family: String,
    pub email: String,
    /// Whether the file has an `email` column.
    pub has_email: bool,
}

pub struct Enrollment {
    pub line: u64,
    pub status: Status,
    pub class: String,
    pub school: String,
    pub user: String,
    pub role: String,
}

pub struct Class {
    pub line: u64,
    pub sourced_id: String,
    pub status: Status,
    pub title: String,
    pub school: String,
    pub terms: Vec<String>,
}

pub struct Session {
    pub sourced_id: String,
    pub title: String,
}

pub(super) const STATUS: &[&str] = &["active", "tobedeleted"];
const BOOLEAN: &[&str] = &["true", "false"];
const COMMON: [&str; 3] = ["sourcedId", "status", "dateLastModified"];

/// The manifest's columns.
pub const MANIFEST: Columns<'static> = Columns {
    required: &["propertyName", "value"],
    optional: &[],
    multi_line: &[],
    extension: None,
};

/// The columns of users.csv in a version: (required, optional).
fn user_columns(version: Version) -> (&'static [&'static str], &'static [&'static str]) {
    match version {
        Version::V1_1 => (
            &[
                "sourcedId",
                "enabledUser",
                "orgSourcedIds",
                "role",
                "username",
                "givenName",
                "familyName",
            ],
            &[
                "status",
                "dateLastModified",
                "userIds",
                "middleName",
                "identifier",
                "email",
                "sms",
                "phone",
                "agentSourcedIds",
                "grades",
                "password",
            ],
        ),
        Version::V1_2 => (
            &[
                "sourcedId",
                "enabledUser",
                "username",
                "givenName",
                "familyName",
            ],
            &[
                "status",
                "dateLastModified",
                "userMasterIdentifier",
                "userIds",
                "middleName",
                "identifier",
                "email",
                "sms",
                "phone",
                "agentSourcedIds",
                "grades",
                "password",
                "resourceSourcedIds",
                "preferredGivenName",
                "preferredMiddleName",
                "preferredFamilyName",
                "primaryOrgSourcedId",
                "pronouns",
            ],
        ),
    }
}

/// The manifest's properties: name → (value, line).
pub fn manifest(
    bytes: &Rc<[u8]>,
    problems: &mut Problems,
) -> Result<HashMap<String, (String, u64)>> {
    let mut properties: HashMap<String, (String, u64)> = HashMap::new();
    let Some(mut reader) = open("manifest.csv", bytes, &MANIFEST, problems) else {
        return Ok(properties);
    };
    for record in records("manifest.csv", &mut reader, problems) {
        let name = record.get("propertyName").to_owned();
        if name.is_empty() {
            problems.at("manifest.csv", record.line, "`propertyName` is blank");
            continue;
        }
        if let Some((_, first)) = properties.get(&name) {
            problems.at(
                "manifest.csv",
                record.line,
                format!("`{name}` is also on line {first}; keep one"),
            );
            continue;
        }
        properties.insert(name, (record.get("value").to_owned(), record.line));
    }
    Ok(properties)
}

pub fn users(version: Version, bytes: &Rc<[u8]>, problems: &mut Problems) -> Vec<User> {
    let read = table(
        "users.csv",
        version,
        bytes,
        user_columns(version),
        problems,
        |rows, record| {
            let common = rows.common(record);
            rows.one_of(record, "enabledUser", BOOLEAN, true);
            if version == Version::V1_1 {
                rows.one_of(
                    record,
                    "role",
                    &[
                        "administrator",
                        "aide",
                        "guardian",
                        "parent",
                        "proctor",
                        "relative",
                        "student",
                        "teacher",
                    ],
                    true,
                );
            }
            let given = rows.required(record, "givenName");
            let family = rows.required(record, "familyName");
            let (Some((sourced_id, status)), Some(given), Some(family)) = (common, given, family)
            else {
                return None;
            };
            Some(User {
                line: record.line,
                sourced_id,
                status,
                username: record.get("username").to_owned(),
                identifier: record.get("identifier").to_owned(),
                given,
                family,
                preferred_given: record.get("preferredGivenName").to_owned(),
                preferred_family: record.get("preferredFamilyName").to_owned(),
                email: record.get("email").to_owned(),
                has_email: record.has("email"),
            })
        },
    );
    read.unwrap_or_else(|| {
        other_version(version, problems);
        Vec::new()
    })
}

pub fn enrollments(version: Version, bytes: &Rc<[u8]>, problems: &mut Problems) -> Vec<Enrollment> {
    let columns: (&[&str], &[&str]) = (
        &[
            COMMON[0],
            "classSourcedId",
            "schoolSourcedId",
            "userSourcedId",
            "role",
        ],
        &[COMMON[1], COMMON[2], "primary", "beginDate", "endDate"],
    );
    table(
        "enrollments.csv",
        version,
        bytes,
        columns,
        problems,
        |rows, record| {
            let common = rows.common(record);
            let class = rows.required(record, "classSourcedId");
            let school = rows.required(record, "schoolSourcedId");
            let user = rows.required(record, "userSourcedId");
            let role = rows.vocabulary(
                record,
                "role",
                &["administrator", "proctor", "student", "teacher"],
            );
            rows.one_of(record, "primary", BOOLEAN, false);
            rows.date(record, "beginDate");
            rows.date(record, "endDate");
            let begin = record.get("beginDate");
            let end = record.get("endDate");
            if !begin.is_empty() && !end.is_empty() && end < begin {
                rows.problems.at(
                    "enrollments.csv",
                    record.line,
                    format!("`endDate` {end} is before `beginDate` {begin}"),
                );
            }
            let (Some((_, status)), Some(class), Some(school), Some(user), Some(role)) =
                (common, class, school, user, role)
            else {
                return None;
            };
            Some(Enrollment {
                line: record.line,
                status,
                class,
                school,
                user,
                role,
            })
        },
    )
    .unwrap_or_default()
}

pub fn classes(version: Version, bytes: &Rc<[u8]>, problems: &mut Problems) -> Vec<Class> {
    let columns: (&[&str], &[&str]) = (
        &[
            COMMON[0],
            "title",
            "courseSourcedId",
            "classType",
            "schoolSourcedId",
            "termSourcedIds",
        ],
        &[
            COMMON[1],
            COMMON[2],
            "grades",
            "classCode",
            "location",
            "subjects",
            "subjectCodes",
            "periods",
        ],
    );
    table(
        "classes.csv",
        version,
        bytes,
        columns,
        problems,
        |rows, record| {
            let common = rows.common(record);
            let title = rows.required(record, "title");
            rows.required(record, "courseSourcedId");
            rows.vocabulary(record, "classType", &["homeroom", "scheduled"]);
            let school = rows.required(record, "schoolSourcedId");
            let terms = rows.required(record, "termSourcedIds");
            let (Some((sourced_id, status)), Some(title), Some(school), Some(terms)) =
                (common, title, school, terms)
            else {
                return None;
            };
            Some(Class {
                line: record.line,
                sourced_id,
                status,
                title,
                school,
                terms: list(&terms),
            })
        },
    )
    .unwrap_or_default()
}

pub fn sessions(version: Version, bytes: &Rc<[u8]>, problems: &mut Problems) -> Vec<Session> {
    let columns: (&[&str], &[&str]) = (
        &[
            COMMON[0],
            "title",
            "type",
            "startDate",
            "endDate",
            "schoolYear",
        ],
        &[COMMON[1], COMMON[2], "parentSourcedId", "orgSourcedId"],
    );
    table(
        "academicSessions.csv",
        version,
        bytes,
        columns,
        problems,
        |rows, record| {
            let common = rows.common(record);
            let title = rows.required(record, "title");
            rows.vocabulary(
                record,
                "type",
                &["gradingPeriod", "semester", "schoolYear", "term"],
            );
            for column in ["startDate", "endDate"] {
                if rows.required(record, column).is_some() {
                    rows.date(record, column);
                }
            }
            rows.required(record, "schoolYear");
            let (Some((sourced_id, _)), Some(title)) = (common, title) else {
                return None;
            };
            Some(Session { sourced_id, title })
        },
    )
    .unwrap_or_default()
}

/// The sourcedIds of orgs.csv.
pub fn orgs(version: Version, bytes: &Rc<[u8]>, problems: &mut Problems) -> Vec<String> {
    let columns: (&[&str], &[&str]) = (
        &[COMMON[0], "name", "type"],
        &[COMMON[1], COMMON[2], "identifier", "parentSourcedId"],
    );
    table(
        "orgs.csv",
        version,
        bytes,
        columns,
        problems,
        |rows, record| {
            let common = rows.common(record);
            rows.required(record, "name");
            rows.vocabulary(
                record,
                "type",
                &[
                    "department",
                    "school",
                    "district",
                    "local",
                    "state",
                    "national",
                ],
            );
            common.map(|(id, _)| id)
        },
    )
    .unwrap_or_default()
}

/// When users.csv's header names a column of the other version, says so after its problem.
fn other_version(version: Version, problems: &mut Problems) {
    let (theirs, other): (&[&str], &str) = match version {
        Version::V1_2 => (&["`role`", "`orgsourcedids`"], "1.1"),
        Version::V1_1 => (
            &[
                "`preferredgivenname`",
                "`preferredfamilyname`",
                "`primaryorgsourcedid`",
            ],
            "1.2",
        ),
    };
    if let Some(last) = problems.list.last_mut()
        && theirs
            .iter()
            .any(|c| last.contains(&format!("unknown column {c}")))
    {
        let _ = write!(
            last,
            " (OneRoster {other} columns: manifest.csv says `oneroster.version` {}; export the package again as one version)",
            version.as_str()
        );
    }
}

/// A list cell: sourcedIds separated by commas.
fn list(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
