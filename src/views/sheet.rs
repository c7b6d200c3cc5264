//! The score sheet for the live room (`rapport sheet`): one block per student with a box to
//! tick for every level of every criterion and room for a note, the levels in a legend.

use serde::Serialize;

use super::PageHead;
use crate::course::Course;
use crate::course::model::{Rubric, format_score};
use crate::gradebook::{Instructor, Session, Student};

#[derive(Debug, Serialize)]
pub struct Sheet {
    pub page: PageHead,
    pub rubric: String,
    pub session: SessionLine,
    /// `Jo Reyes (jo)`, or `None`: the sheet leaves a line to write the name on.
    pub rater: Option<String>,
    pub cohort: Option<String>,
    pub levels: Vec<LevelCell>,
    pub criteria: Vec<CriterionRow>,
    pub students: Vec<StudentBlock>,
}

#[derive(Debug, Serialize)]
pub struct SessionLine {
    pub id: String,
    pub title: String,
    /// `14 Sep 2026`.
    pub date: String,
    /// `Live session`.
    pub kind: &'static str,
    pub artist: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LevelCell {
    pub label: String,
    /// `3`, `3.5`.
    pub score: String,
    pub mastery: bool,
}

#[derive(Debug, Serialize)]
pub struct CriterionRow {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct StudentBlock {
    pub id: String,
    pub name: String,
}

/// The sheet of `students` (in the order given) for `session` on `rubric`.
#[must_use]
pub fn sheet(
    course: &Course,
    rubric: &Rubric,
    session: &Session,
    rater: Option<&Instructor>,
    cohort: Option<&str>,
    students: &[Student],
    generated: &str,
) -> Sheet {
    Sheet {
        page: PageHead::standalone(
            course,
            format!("Score sheet: {} — {}", rubric.title, session.title),
            generated,
        ),
        rubric: rubric.title.clone(),
        session: SessionLine {
            id: session.id.clone(),
            title: session.title.clone(),
            date: super::human_date(&session.date, false),
            kind: session.kind.label(),
            artist: session.artist.clone(),
        },
        rater: rater.map(|i| format!("{} ({})", i.name, i.id)),
        cohort: cohort.map(str::to_owned),
        levels: rubric
            .levels
            .iter()
            .map(|l| LevelCell {
                label: l.label.clone(),
                score: format_score(l.score),
                mastery: l.score == rubric.mastery_level,
            })
            .collect(),
        criteria: rubric
            .criteria
            .iter()
            .map(|c| CriterionRow {
                id: c.id.clone(),
                title: c.title.clone(),
            })
            .collect(),
        students: students
            .iter()
            .map(|s| StudentBlock {
                id: s.id.clone(),
                name: s.name.clone(),
            })
            .collect(),
    }
}
