//! What the walk shows beside its questions for one student: their previous level on each
//! criterion, and the instructor's recent notes and comments to pick from (the comment bank).
//! Pure functions of records the store read.

use crate::course::model::{Rubric, format_score};
use crate::gradebook::{Revision, Role, Session};

/// How many recent notes (per criterion) and comments the bank offers.
pub const BANK: usize = 9;

/// A student's level on a criterion in an earlier session.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    pub level: f64,
    pub session: String,
    pub date: String,
}

impl Previous {
    /// `Developing (2) in `s0`, 2026-08-26`; a level the rubric no longer has is its score.
    #[must_use]
    pub fn describe(&self, rubric: &Rubric) -> String {
        let level = rubric
            .levels
            .iter()
            .find(|l| l.score == self.level)
            .map_or_else(
                || format_score(self.level),
                |l| format!("{} ({})", l.label, format_score(l.score)),
            );
        format!("{level} in `{}`, {}", self.session, self.date)
    }
}

/// Everything shown beside the questions for one student.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub heading: String,
    /// Per criterion, in rubric order.
    pub previous: Vec<Option<Previous>>,
    /// Per criterion, in rubric order: the rater's recent notes, newest first.
    pub notes: Vec<Vec<String>>,
    /// The rater's recent overall comments on this rubric, newest first.
    pub comments: Vec<String>,
}

/// Per criterion, the student's level in the latest earlier instructor assessment on `rubric`
/// that scored it: from any instructor, in a session dated on or before `session` (not
/// `session` itself), the latest session date first, then the latest recorded revision.
/// `revisions` are the current revisions of the student's assessments.
#[must_use]
pub fn previous(
    rubric: &Rubric,
    revisions: &[Revision],
    session: &Session,
) -> Vec<Option<Previous>> {
    let mut earlier: Vec<&Revision> = revisions
        .iter()
        .filter(|r| {
            r.role == Role::Instructor
                && r.rubric == rubric.id
                && r.session != session.id
                && r.date <= session.date
        })
        .collect();
    earlier.sort_by(|a, b| (&a.date, &a.recorded_at).cmp(&(&b.date, &b.recorded_at)));
    rubric
        .criteria
        .iter()
        .map(|criterion| {
            earlier.iter().rev().find_map(|r| {
                r.scores
                    .iter()
                    .find(|s| s.criterion == criterion.id && r.on_scale(&s.criterion))
                    .map(|s| Previous {
                        level: s.level,
                        session: r.session.clone(),
                        date: r.date.clone(),
                    })
            })
        })
        .collect()
}

/// Per criterion of `rubric`, the first `BANK` distinct notes of `notes` (criterion, note;
/// newest first).
#[must_use]
pub fn note_bank(rubric: &Rubric, notes: &[(String, String)]) -> Vec<Vec<String>> {
    rubric
        .criteria
        .iter()
        .map(|criterion| {
            distinct(
                notes
                    .iter()
                    .filter(|(c, _)| *c == criterion.id)
                    .map(|(_, n)| n.as_str()),
            )
        })
        .collect()
}

/// The first `BANK` distinct, non-blank texts.
#[must_use]
pub fn distinct<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let text = text.trim();
        if !text.is_empty() && !out.iter().any(|t| t == text) {
            out.push(text.to_owned());
            if out.len() == BANK {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::{Criterion, Level};
    use crate::gradebook::{Score, SessionKind};

    fn rubric() -> Rubric {
        Rubric {
            id: "r".to_owned(),
            title: "R".to_owned(),
            description: None,
            levels: (1..=4)
                .map(|s| Level {
                    score: f64::from(s),
                    label: format!("L{s}"),
                })
                .collect(),
            mastery_level: 3.0,
            criteria: ["a", "b"]
                .iter()
                .map(|id| Criterion {
                    id: (*id).to_owned(),
                    title: id.to_uppercase(),
                    description: None,
                    weight: 1.0,
                    descriptors: vec!["d".to_owned(); 4],
                })
                .collect(),
        }
    }

    fn revision(session: &str, date: &str, role: Role, scores: &[(&str, f64)]) -> Revision {
        Revision {
            session: session.to_owned(),
            date: date.to_owned(),
            student: "amara".to_owned(),
            rater: "jo".to_owned(),
            role,
            rubric: "r".to_owned(),
            revision: 1,
            recorded_at: format!("{date}T10:00:00Z"),
            reason: None,
            comment: None,
            scores: scores
                .iter()
                .map(|&(c, level)| Score {
                    criterion: c.to_owned(),
                    level,
                    note: None,
                })
                .collect(),
            rubric_hash: String::new(),
            off_scale: Vec::new(),
        }
    }

    #[test]
    fn the_previous_level_is_the_latest_earlier_instructor_one() {
        let session = Session {
            id: "s3".to_owned(),
            date: "2026-09-20".to_owned(),
            kind: SessionKind::Live,
            title: "T".to_owned(),
            artist: None,
        };
        let revisions = [
            revision(
                "s1",
                "2026-09-01",
                Role::Instructor,
                &[("a", 1.0), ("b", 2.0)],
            ),
            revision("s2", "2026-09-10", Role::Instructor, &[("a", 3.0)]),
            revision(
                "s2",
                "2026-09-10",
                Role::SelfAssessment,
                &[("a", 4.0), ("b", 4.0)],
            ),
            revision(
                "s3",
                "2026-09-20",
                Role::Instructor,
                &[("a", 4.0), ("b", 4.0)],
            ),
            revision(
                "s4",
                "2026-09-30",
                Role::Instructor,
                &[("a", 4.0), ("b", 4.0)],
            ),
        ];
        let found = previous(&rubric(), &revisions, &session);
        assert_eq!(
            found,
            vec![
                Some(Previous {
                    level: 3.0,
                    session: "s2".to_owned(),
                    date: "2026-09-10".to_owned()
                }),
                Some(Previous {
                    level: 2.0,
                    session: "s1".to_owned(),
                    date: "2026-09-01".to_owned()
                }),
            ]
        );
        assert_eq!(
            found[0].as_ref().unwrap().describe(&rubric()),
            "L3 (3) in `s2`, 2026-09-10"
        );
    }

    #[test]
    fn the_bank_keeps_nine_distinct_notes_per_criterion() {
        let mut notes: Vec<(String, String)> = (0..12)
            .map(|n| ("a".to_owned(), format!("note {}", n % 10)))
            .collect();
        notes.push(("b".to_owned(), " ".to_owned()));
        notes.push(("b".to_owned(), "only".to_owned()));
        let bank = note_bank(&rubric(), &notes);
        assert_eq!(bank[0].len(), 9);
        assert_eq!(bank[0][0], "note 0");
        assert_eq!(bank[0][8], "note 8");
        assert_eq!(bank[1], vec!["only".to_owned()]);
    }
}
