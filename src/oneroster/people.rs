//! The people of a `OneRoster` package rapport keeps: the students and teachers of the chosen
//! classes, each with a rapport ID (from the column `--id-from` names), a name (preferred names
//! when given), an email and a cohort; the users marked `tobedeleted`.

use std::collections::{BTreeMap, HashMap};

use super::tables::{Enrollment, Problems, Status, User};
use super::{IdFrom, Options, Person, Roster};
use crate::ids;

/// The students and teachers of the chosen classes, each with a rapport ID, and the users
/// marked `tobedeleted`.
pub(super) fn people(
    roster: &mut Roster,
    users: &[User],
    enrollments: &[Enrollment],
    cohorts: &HashMap<&str, Option<String>>,
    options: &Options<'_>,
    problems: &mut Problems,
) {
    let by_id: HashMap<&str, &User> = users.iter().map(|u| (u.sourced_id.as_str(), u)).collect();
    roster.leaving = users
        .iter()
        .filter(|u| u.status == Status::ToBeDeleted)
        .map(|u| (u.sourced_id.clone(), u.line))
        .collect();
    // user → (cohort, the enrollment's line), in the order users.csv lists them.
    let mut students: BTreeMap<u64, (&User, Option<String>, &str, u64)> = BTreeMap::new();
    let mut teachers: BTreeMap<u64, &User> = BTreeMap::new();
    for e in enrollments.iter().filter(|e| e.status == Status::Active) {
        let (Some(cohort), Some(user)) =
            (cohorts.get(e.class.as_str()), by_id.get(e.user.as_str()))
        else {
            continue;
        };
        if user.status == Status::ToBeDeleted {
            continue;
        }
        match e.role.as_str() {
            "student" => match students.get(&user.line) {
                Some((_, first, class, line)) if first != cohort => problems.at(
                    "enrollments.csv",
                    e.line,
                    format!(
                        "student `{}` is also enrolled in class `{class}` (line {line}), whose cohort is {}, not {}; import one class at a time with `--class`",
                        user.sourced_id,
                        shown(first.as_ref()),
                        shown(cohort.as_ref()),
                    ),
                ),
                Some(_) => {}
                None => {
                    students.insert(user.line, (user, cohort.clone(), e.class.as_str(), e.line));
                }
            },
            "teacher" => {
                teachers.insert(user.line, user);
            }
            _ => {}
        }
    }
    let mut taken: HashMap<String, (String, u64)> = HashMap::new();
    for (user, cohort, _, _) in students.into_values() {
        if let Some(mut person) = person(user, options.id_from, problems)
            && unique(&person, &mut taken, "student", problems)
        {
            person.cohort = cohort;
            roster.students.push(person);
        }
    }
    let mut taken = HashMap::new();
    for user in teachers.into_values() {
        if let Some(person) = person(user, options.id_from, problems)
            && unique(&person, &mut taken, "teacher", problems)
        {
            roster.instructors.push(person);
        }
    }
}

fn shown(cohort: Option<&String>) -> String {
    cohort.map_or_else(|| "none".to_owned(), |c| format!("`{c}`"))
}

/// Whether no other person of the same kind has the same rapport ID.
fn unique(
    person: &Person,
    taken: &mut HashMap<String, (String, u64)>,
    kind: &str,
    problems: &mut Problems,
) -> bool {
    if let Some((other, line)) = taken.get(&person.id) {
        problems.at(
            "users.csv",
            person.line,
            format!(
                "{kind} `{}` would have the rapport ID `{}` (from `{}`), as {kind} `{other}` on line {line} does; pass `--id-from` another column",
                person.sourced_id, person.id, person.id_column
            ),
        );
        return false;
    }
    taken.insert(person.id.clone(), (person.sourced_id.clone(), person.line));
    true
}

/// A user as rapport keeps them: rapport ID, name (preferred names when given), email.
fn person(user: &User, id_from: IdFrom, problems: &mut Problems) -> Option<Person> {
    let username = user
        .username
        .split_once('@')
        .map_or(user.username.as_str(), |(local, _)| local);
    let (column, text) = match id_from {
        IdFrom::Username if !username.is_empty() => ("username", username),
        IdFrom::Username | IdFrom::Identifier if !user.identifier.is_empty() => {
            ("identifier", user.identifier.as_str())
        }
        IdFrom::SourcedId => ("sourcedId", user.sourced_id.as_str()),
        IdFrom::Username => {
            problems.at(
                "users.csv",
                user.line,
                format!(
                    "user `{}` has neither `username` nor `identifier`, so no rapport ID; fill one in, or pass `--id-from sourced-id`",
                    user.sourced_id
                ),
            );
            return None;
        }
        IdFrom::Identifier => {
            problems.at(
                "users.csv",
                user.line,
                format!(
                    "user `{}` has no `identifier`, so no rapport ID; fill it in, or pass `--id-from` another column",
                    user.sourced_id
                ),
            );
            return None;
        }
    };
    let id = match ids::normalize(&text.to_ascii_lowercase()) {
        Ok(id) => id,
        Err(problem) => {
            problems.at(
                "users.csv",
                user.line,
                format!(
                    "`{column}` `{}` cannot be a rapport ID: it {problem}; pass `--id-from` another column",
                    crate::text::one_line_for_terminal(text)
                ),
            );
            return None;
        }
    };
    let pick = |preferred: &str, given: &str| {
        if preferred.is_empty() {
            given.to_owned()
        } else {
            preferred.to_owned()
        }
    };
    let name = format!(
        "{} {}",
        pick(&user.preferred_given, &user.given),
        pick(&user.preferred_family, &user.family)
    );
    let email = Some(user.email.clone()).filter(|e| !e.is_empty());
    if let Some(email) = &email {
        let valid = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
        if !valid || email.contains(char::is_whitespace) {
            problems.at(
                "users.csv",
                user.line,
                format!(
                    "`email` `{}` is not an email address",
                    crate::text::one_line_for_terminal(email)
                ),
            );
            return None;
        }
    }
    Some(Person {
        line: user.line,
        sourced_id: user.sourced_id.clone(),
        id,
        id_column: column,
        name,
        email,
        cohort: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(username: &str, identifier: &str, preferred: &str) -> User {
        User {
            line: 3,
            sourced_id: "u-1".into(),
            status: Status::Active,
            username: username.into(),
            identifier: identifier.into(),
            given: "Benjamin".into(),
            family: "Li".into(),
            preferred_given: preferred.into(),
            preferred_family: String::new(),
            email: String::new(),
            has_email: true,
        }
    }

    #[test]
    fn ids_come_from_the_username_s_local_part_else_the_identifier_and_names_prefer() {
        let mut problems = Problems::default();
        let p = person(
            &user("Ben.Li@school.example", "77", "Ben"),
            IdFrom::Username,
            &mut problems,
        )
        .unwrap();
        assert_eq!(
            (p.id.as_str(), p.id_column, p.name.as_str()),
            ("ben.li", "username", "Ben Li")
        );
        let p = person(&user("", "S-77", ""), IdFrom::Username, &mut problems).unwrap();
        assert_eq!(
            (p.id.as_str(), p.id_column, p.name.as_str()),
            ("s-77", "identifier", "Benjamin Li")
        );
        let p = person(&user("ben", "77", ""), IdFrom::SourcedId, &mut problems).unwrap();
        assert_eq!(p.id, "u-1");
        assert!(person(&user("ben", "", ""), IdFrom::Identifier, &mut problems).is_none());
        assert_eq!(problems.list.len(), 1);
    }

    #[test]
    fn problems_sort_by_file_in_the_package_s_order_then_line() {
        let mut problems = vec![
            "enrollments.csv:2: b".to_owned(),
            "users.csv:10: c".to_owned(),
            "users.csv:9: d".to_owned(),
            "manifest.csv: e".to_owned(),
            "users.csv:9: f".to_owned(),
        ];
        super::super::sort_problems(&mut problems);
        assert_eq!(
            problems,
            [
                "manifest.csv: e",
                "users.csv:9: d",
                "users.csv:9: f",
                "users.csv:10: c",
                "enrollments.csv:2: b"
            ]
        );
    }
}
