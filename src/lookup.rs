//! Finding what a user named — a student, a session, a rubric, a cohort — with a "did you
//! mean" when it is not there, and the one rule set for who may rate in which role (used by
//! `score`, whose user writes flags, and `import`, whose user writes columns).

use crate::store::Tx;

use crate::course::model::{Course, Rubric};
use crate::error::{Error, Result};
use crate::gradebook::{Instructor, Role, Session, Student};
use crate::store::roster;

/// A checked, lower-cased identifier as a user typed it (`--rubric Oral-Communication`).
pub fn id(what: &'static str, text: &str) -> Result<String> {
    crate::ids::normalize(text.trim()).map_err(|problem| Error::BadId {
        what,
        text: text.to_owned(),
        problem,
    })
}

/// A calendar date written `YYYY-MM-DD`, as a file holds it (a scores CSV's `date`).
pub fn parse_date(text: &str) -> std::result::Result<String, String> {
    let text = text.trim();
    let valid = text.len() == 10
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[7] == b'-'
        && text.parse::<jiff::civil::Date>().is_ok();
    if valid {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-09-14"
        ))
    }
}

/// A date a user typed as an argument (`session add --date`, `agreement --since`, …):
/// `YYYY-MM-DD`, or `today` / `yesterday` (case-insensitive) counted from `today()`.
pub fn date_argument(text: &str) -> std::result::Result<String, String> {
    let trimmed = text.trim();
    let days_back = match trimmed.to_ascii_lowercase().as_str() {
        "today" => 0,
        "yesterday" => 1,
        _ => {
            return parse_date(trimmed).map_err(|_| {
                format!(
                    "`{trimmed}` is not a date; write it as YYYY-MM-DD (e.g. 2026-09-14), `today` or `yesterday`"
                )
            });
        }
    };
    today()
        .checked_sub(jiff::Span::new().days(days_back))
        .map(|d| d.to_string())
        .map_err(|e| format!("`{trimmed}` cannot be counted back from today: {e}"))
}

/// Today's date: the local date, or the date of `SOURCE_DATE_EPOCH` (UTC) when it is set, as
/// for the date pages carry (docs/FORMATS.md § Dates), so a run can be reproduced.
#[must_use]
pub fn today() -> jiff::civil::Date {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    match fixed {
        Some(timestamp) => timestamp.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
        None => jiff::ZonedDateTime::now().date(),
    }
}

/// How far `date` (`YYYY-MM-DD`) lies from `today` when that is more than a year, before or
/// after: `Some(true)` in the future, `Some(false)` in the past; `None` within a year.
#[must_use]
pub fn over_a_year_away(date: &str, today: jiff::civil::Date) -> Option<bool> {
    let date: jiff::civil::Date = date.parse().ok()?;
    let year = jiff::Span::new().years(1);
    if today.checked_add(year).is_ok_and(|limit| date > limit) {
        Some(true)
    } else if today.checked_sub(year).is_ok_and(|limit| date < limit) {
        Some(false)
    } else {
        None
    }
}

/// A student on the roster (archived ones too).
pub fn student(db: &Tx<'_>, id: &str) -> Result<Student> {
    if let Some(student) = roster::student(db, id)? {
        return Ok(student);
    }
    let all = roster::students(db, true)?;
    Err(Error::unknown(
        "student",
        id,
        all.iter().map(|s| s.id.as_str()),
        Some(format!(
            "add them with `rapport student add {id} --name \"…\"`"
        )),
    ))
}

/// A session of the gradebook.
pub fn session(db: &Tx<'_>, id: &str) -> Result<Session> {
    if let Some(session) = roster::session(db, id)? {
        return Ok(session);
    }
    let all = roster::sessions(db)?;
    Err(Error::unknown(
        "session",
        id,
        all.iter().map(|s| s.id.as_str()),
        Some(format!(
            "add it with `rapport session add {id} --date YYYY-MM-DD --kind live --title \"…\"`"
        )),
    ))
}

/// A registered instructor.
pub fn instructor(db: &Tx<'_>, id: &str) -> Result<Instructor> {
    if let Some(instructor) = roster::instructor(db, id)? {
        return Ok(instructor);
    }
    let all = roster::instructors(db)?;
    Err(Error::unknown(
        "instructor",
        id,
        all.iter().map(|i| i.id.as_str()),
        Some(format!(
            "register them with `rapport instructor add {id} --name \"…\"`"
        )),
    ))
}

/// A rubric of the course, by an ID as typed.
pub fn rubric<'c>(course: &'c Course, text: &str) -> Result<&'c Rubric> {
    let wanted = id("rubric", text)?;
    course.rubric(&wanted).ok_or_else(|| {
        Error::unknown(
            "rubric",
            &wanted,
            course.rubrics.iter().map(|r| r.id.as_str()),
            Some(format!(
                "the course's rubrics are {}",
                course
                    .rubrics
                    .iter()
                    .map(|r| format!("`{}`", r.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )
    })
}

/// The students of cohort `wanted` among `students` (the cohort must be one of theirs).
pub fn cohort(students: Vec<Student>, wanted: &str) -> Result<Vec<Student>> {
    let mut known: Vec<&str> = students
        .iter()
        .filter_map(|s| s.cohort.as_deref())
        .collect();
    if !known.contains(&wanted) {
        known.sort_unstable();
        known.dedup();
        return Err(Error::unknown(
            "cohort",
            wanted,
            known.iter().copied(),
            Some(if known.is_empty() {
                "no active student has a cohort; set one with `rapport student add … --cohort` or the roster CSV's `cohort` column".to_owned()
            } else {
                format!("the cohorts of active students: {}", known.join(", "))
            }),
        ));
    }
    Ok(students
        .into_iter()
        .filter(|s| s.cohort.as_deref() == Some(wanted))
        .collect())
}

/// Why `rater` may not rate `student` in `role`: the one rule set for every way of recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaterProblem {
    /// Role instructor, but the rater is a student.
    StudentNotInstructor,
    /// Role instructor, and nobody of that ID is registered.
    UnknownInstructor,
    /// A self-assessment whose rater is someone else.
    SelfBySomeoneElse,
    /// A peer assessment by the student themself.
    OwnPeer,
    /// Role peer, but the rater is an instructor.
    InstructorNotPeer,
    /// Role peer, and no student of that ID is on the roster.
    UnknownPeer,
}

/// What the roster says of a rater: is there an instructor, a student of that ID.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    pub instructor: bool,
    pub student: bool,
}

/// The rule: who may rate whom in which role.
#[must_use]
pub fn rater_problem(role: Role, rater: &str, student: &str, known: Known) -> Option<RaterProblem> {
    match role {
        Role::Instructor if known.instructor => None,
        Role::Instructor if known.student => Some(RaterProblem::StudentNotInstructor),
        Role::Instructor => Some(RaterProblem::UnknownInstructor),
        Role::SelfAssessment if rater != student => Some(RaterProblem::SelfBySomeoneElse),
        Role::SelfAssessment => None,
        Role::Peer if rater == student => Some(RaterProblem::OwnPeer),
        Role::Peer if known.student => None,
        Role::Peer if known.instructor => Some(RaterProblem::InstructorNotPeer),
        Role::Peer => Some(RaterProblem::UnknownPeer),
    }
}

/// What the roster knows of `rater`.
pub fn known(db: &Tx<'_>, rater: &str) -> Result<Known> {
    Ok(Known {
        instructor: roster::instructor(db, rater)?.is_some(),
        student: roster::student(db, rater)?.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOBODY: Known = Known {
        instructor: false,
        student: false,
    };
    const INSTRUCTOR: Known = Known {
        instructor: true,
        student: false,
    };
    const STUDENT: Known = Known {
        instructor: false,
        student: true,
    };

    #[test]
    fn dates_more_than_a_year_away_either_way() {
        let today: jiff::civil::Date = "2025-11-24".parse().unwrap();
        assert_eq!(over_a_year_away("2024-11-23", today), Some(false));
        assert_eq!(over_a_year_away("2024-11-24", today), None);
        assert_eq!(over_a_year_away("2026-11-24", today), None);
        assert_eq!(over_a_year_away("2026-11-25", today), Some(true));
        // 29 February: a year on is 28 February.
        let leap: jiff::civil::Date = "2024-02-29".parse().unwrap();
        assert_eq!(over_a_year_away("2025-02-28", leap), None);
        assert_eq!(over_a_year_away("2025-03-01", leap), Some(true));
        assert_eq!(over_a_year_away("not a date", today), None);
    }

    #[test]
    fn date_arguments_are_iso_dates_today_or_yesterday() {
        assert_eq!(date_argument(" 2026-09-14 "), Ok("2026-09-14".to_owned()));
        assert_eq!(date_argument("TODAY"), Ok(today().to_string()));
        assert_eq!(
            date_argument("yesterday"),
            Ok(today().yesterday().unwrap().to_string())
        );
        assert_eq!(
            date_argument("14/09/2026"),
            Err("`14/09/2026` is not a date; write it as YYYY-MM-DD (e.g. 2026-09-14), `today` or `yesterday`".to_owned())
        );
        // A file's date is never `today`.
        assert!(parse_date("today").is_err());
    }

    #[test]
    fn who_may_rate_whom() {
        use RaterProblem as P;
        let cases = [
            (Role::Instructor, "jo", "amara", INSTRUCTOR, None),
            (
                Role::Instructor,
                "ben",
                "amara",
                STUDENT,
                Some(P::StudentNotInstructor),
            ),
            (
                Role::Instructor,
                "xo",
                "amara",
                NOBODY,
                Some(P::UnknownInstructor),
            ),
            (Role::SelfAssessment, "amara", "amara", STUDENT, None),
            (
                Role::SelfAssessment,
                "ben",
                "amara",
                STUDENT,
                Some(P::SelfBySomeoneElse),
            ),
            (Role::Peer, "amara", "amara", STUDENT, Some(P::OwnPeer)),
            (Role::Peer, "ben", "amara", STUDENT, None),
            (
                Role::Peer,
                "jo",
                "amara",
                INSTRUCTOR,
                Some(P::InstructorNotPeer),
            ),
            (Role::Peer, "xo", "amara", NOBODY, Some(P::UnknownPeer)),
        ];
        for (role, rater, student, known, expected) in cases {
            assert_eq!(
                rater_problem(role, rater, student, known),
                expected,
                "{role:?} by {rater}"
            );
        }
    }
}
