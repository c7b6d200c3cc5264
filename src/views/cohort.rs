//! The instructors' cohort overview: students × rubrics as a heatmap with numbers, the cohort's
//! average per criterion, who has not been assessed recently, and a link to every report.
//! Built from one small summary per student, so the reports themselves need not stay in memory.

use serde::Serialize;

use super::PageHead;
use super::human_days;
use crate::course::model::{Course, Rubric};
use crate::figure::{self, Figure, format_score};
use crate::gradebook::{Band, Revision, Role, Verdict};
use crate::mastery;
use crate::progress::Progress;

/// What the overview keeps of one student.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: String,
    pub name: String,
    /// Per rubric of the progress view (in its order): the rubric's value and each criterion's.
    pub rubrics: Vec<(Option<Figure>, Vec<Option<Figure>>)>,
    /// The date of the student's latest instructor assessment.
    pub last_assessed: Option<String>,
    /// Recorded scores left out for a level off the rubric's scale.
    pub off_scale: usize,
}

#[must_use]
pub fn summary(view: &Progress, revisions: &[Revision]) -> Summary {
    Summary {
        id: view.student.id.clone(),
        name: view.student.name.clone(),
        rubrics: view
            .rubrics
            .iter()
            .map(|r| {
                (
                    r.value.clone(),
                    r.criteria.iter().map(|c| c.value.clone()).collect(),
                )
            })
            .collect(),
        last_assessed: revisions
            .iter()
            .filter(|r| r.role == Role::Instructor)
            .map(|r| r.date.clone())
            .max(),
        off_scale: view.off_scale,
    }
}

#[derive(Debug, Serialize)]
pub struct CohortView {
    pub page: PageHead,
    pub cohort: Option<String>,
    pub students: usize,
    pub recent_days: u32,
    pub since: String,
    pub as_of: String,
    pub rubrics: Vec<Column>,
    pub rows: Vec<Row>,
    pub averages: Vec<RubricAverage>,
    pub not_recent: Vec<NotRecent>,
    pub mastered_cells: usize,
    pub assessed_cells: usize,
    /// Agreement among instructors in the latest sessions that several of them scored.
    pub calibration: Option<Calibration>,
    /// How many recorded scores were left out for a level off the scale, when some were.
    pub off_scale: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Calibration {
    /// The sessions, newest first, and all of them together.
    pub sessions: Vec<CalibrationRow>,
    pub overall: CalibrationRow,
    /// "Reading the artist (Emotional awareness)": the criteria with the most disagreement.
    pub talk: Vec<String>,
    pub since: String,
}

#[derive(Debug, Serialize)]
pub struct CalibrationRow {
    pub date: String,
    pub title: String,
    pub units: usize,
    pub raters: usize,
    pub exact: Option<String>,
    pub alpha: Option<String>,
    pub verdict: Option<Verdict>,
}

/// How many of the latest double-scored sessions the overview shows.
const CALIBRATION_SESSIONS: usize = 5;

/// Agreement in the latest sessions (at most five) with units that two or more instructors
/// scored; `None` when there are none.
#[must_use]
pub fn calibration(
    course: &Course,
    units: &crate::calibration::Units,
    sessions: &std::collections::BTreeMap<String, crate::store::roster::Session>,
) -> Option<Calibration> {
    use crate::calibration::{Units, figures, verdict, where_to_talk};
    let mut ids: Vec<&str> = units.sessions().into_iter().collect();
    ids.sort_by(|a, b| {
        let date = |id: &str| sessions.get(id).map(|s| s.date.clone()).unwrap_or_default();
        (date(b), *b).cmp(&(date(a), *a))
    });
    ids.truncate(CALIBRATION_SESSIONS);
    if ids.is_empty() {
        return None;
    }
    let row = |units: &Units, date: String, title: String| {
        let f = figures(course, units);
        CalibrationRow {
            date,
            title,
            units: f.units,
            raters: f.raters,
            exact: f.percent_agreement.map(figure::percent),
            alpha: f.krippendorff_alpha.ordinal.map(|a| figure::decimals(a, 3)),
            verdict: f.krippendorff_alpha.ordinal.map(verdict),
        }
    };
    let chosen = units.of_sessions(&ids);
    let since = ids
        .iter()
        .filter_map(|id| sessions.get(*id))
        .map(|s| s.date.clone())
        .min()
        .unwrap_or_default();
    Some(Calibration {
        sessions: ids
            .iter()
            .map(|id| {
                let session = sessions.get(*id);
                row(
                    &units.of_sessions(&[id]),
                    session.map_or_else(String::new, |s| super::human_date(&s.date, false)),
                    session.map_or_else(|| (*id).to_owned(), |s| s.title.clone()),
                )
            })
            .collect(),
        overall: row(&chosen, String::new(), "These sessions together".to_owned()),
        talk: where_to_talk(course, &chosen)
            .into_iter()
            .take(3)
            .map(|d| format!("{} ({})", d.criterion, d.rubric))
            .collect(),
        since,
    })
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub id: String,
    pub title: String,
    pub mastery: String,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub href: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    /// `3.12`, or an en dash when not assessed.
    pub text: String,
    /// `none`, `far`, `near`, `met` or `top`: the heat band.
    pub band: Band,
    pub label: Option<String>,
    pub mastered: bool,
}

#[derive(Debug, Serialize)]
pub struct RubricAverage {
    pub title: String,
    pub criteria: Vec<CriterionAverage>,
}

#[derive(Debug, Serialize)]
pub struct CriterionAverage {
    pub title: String,
    pub average: Option<String>,
    pub band: Band,
    pub assessed: usize,
    pub mastered: usize,
}

#[derive(Debug, Serialize)]
pub struct NotRecent {
    pub name: String,
    pub href: String,
    pub last: Option<String>,
    pub ago: Option<String>,
}

/// The heat band of a value on a rubric: below the level under mastery, just under mastery,
/// mastered, at the top of the scale.
#[must_use]
pub fn band(rubric: &Rubric, value: Option<&Figure>) -> Band {
    let Some(value) = value else {
        return Band::None;
    };
    let mastery = rubric.mastery_index();
    match mastery::level_reached(rubric, value) {
        Some(i) if i + 1 == rubric.levels.len() => Band::Top,
        Some(i) if i >= mastery => Band::Met,
        Some(i) if i + 1 == mastery => Band::Near,
        _ => Band::Far,
    }
}

/// `students` in the order they should be listed; `rubrics` as in every progress view.
#[must_use]
pub fn cohort(
    course: &Course,
    rubrics: &[&Rubric],
    students: &[Summary],
    cohort: Option<&str>,
    generated: &str,
) -> CohortView {
    let since = super::recent_since(course, generated).unwrap_or_default();
    let rows: Vec<Row> = students
        .iter()
        .map(|s| Row {
            id: s.id.clone(),
            name: s.name.clone(),
            href: format!("students/{}.html", s.id),
            cells: rubrics
                .iter()
                .zip(&s.rubrics)
                .map(|(rubric, (value, _))| Cell {
                    text: value
                        .as_ref()
                        .map_or_else(|| "–".to_owned(), Figure::two_decimals),
                    band: band(rubric, value.as_ref()),
                    label: value
                        .as_ref()
                        .and_then(|v| mastery::level_reached(rubric, v))
                        .map(|i| rubric.levels[i].label.clone()),
                    mastered: mastery::mastered(value.as_ref(), rubric.mastery_level),
                })
                .collect(),
        })
        .collect();
    let averages = averages(rubrics, students);
    let mut not_recent: Vec<(&Summary, NotRecent)> = students
        .iter()
        .filter(|s| {
            s.last_assessed
                .as_deref()
                .is_none_or(|d| d < since.as_str())
        })
        .map(|s| {
            (
                s,
                NotRecent {
                    name: s.name.clone(),
                    href: format!("students/{}.html", s.id),
                    last: s
                        .last_assessed
                        .as_deref()
                        .map(|d| super::human_date(d, false)),
                    ago: s
                        .last_assessed
                        .as_deref()
                        .and_then(|d| human_days(d, generated)),
                },
            )
        })
        .collect();
    // Longest without an assessment first; never assessed at the very top.
    not_recent.sort_by(|a, b| a.0.last_assessed.cmp(&b.0.last_assessed));
    let cells = || rows.iter().flat_map(|r| &r.cells);
    CohortView {
        page: PageHead::standalone(
            course,
            match cohort {
                Some(c) => format!("Cohort overview: {c}"),
                None => "Cohort overview".to_owned(),
            },
            generated,
        ),
        cohort: cohort.map(str::to_owned),
        students: students.len(),
        recent_days: course.recent_days,
        since: super::human_date(&since, false),
        as_of: super::human_date(generated, false),
        rubrics: rubrics
            .iter()
            .map(|r| Column {
                id: r.id.clone(),
                title: r.title.clone(),
                mastery: format_score(r.mastery_level),
            })
            .collect(),
        assessed_cells: cells().filter(|c| c.band != Band::None).count(),
        mastered_cells: cells().filter(|c| c.mastered).count(),
        calibration: None,
        off_scale: match students.iter().map(|s| s.off_scale).sum() {
            0 => None,
            1 => Some("1 recorded score is not on its rubric's scale and was left out; run rapport doctor to find it.".to_owned()),
            n => Some(format!("{n} recorded scores are not on their rubric's scale and were left out; run rapport doctor to find them.")),
        },
        rows,
        averages,
        not_recent: not_recent.into_iter().map(|(_, n)| n).collect(),
    }
}

/// Per rubric criterion: the mean of the students' values, how many have one, how many mastered.
fn averages(rubrics: &[&Rubric], students: &[Summary]) -> Vec<RubricAverage> {
    rubrics
        .iter()
        .enumerate()
        .map(|(r, rubric)| RubricAverage {
            title: rubric.title.clone(),
            criteria: rubric
                .criteria
                .iter()
                .enumerate()
                .map(|(c, criterion)| {
                    let values: Vec<&Figure> = students
                        .iter()
                        .filter_map(|s| s.rubrics[r].1[c].as_ref())
                        .collect();
                    let average = mastery::mean(values.iter().copied());
                    CriterionAverage {
                        title: criterion.title.clone(),
                        average: average.as_ref().map(Figure::two_decimals),
                        band: band(rubric, average.as_ref()),
                        assessed: values.len(),
                        mastered: values
                            .iter()
                            .filter(|v| mastery::mastered(Some(v), rubric.mastery_level))
                            .count(),
                    }
                })
                .collect(),
        })
        .collect()
}
