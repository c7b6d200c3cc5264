//! The instructors' cohort overview: who needs attention and why, students × skill areas as a
//! heatmap in two orders (by name, by overall standing) with the number in every cell, the
//! cohort's average per criterion, and the latest calibration. Built from one small
//! [`Summary`] per student, so the reports themselves need not stay in memory.

use rayon::iter::{IntoParallelRefIterator as _, ParallelIterator as _};
use serde::Serialize;

use super::PageHead;
use super::human_days;
use crate::attention::{self, Reason};
use crate::course::model::{Course, Rubric};
use crate::figure::{self, Figure, format_score};
use crate::gradebook::{Revision, Verdict};
use crate::mastery;
use crate::progress::Progress;
use crate::standing::{self, Band};

/// What the overview keeps of one student.
pub type Summary = attention::Standing;

/// What the overview keeps of one student, for an overview generated on `generated`.
#[must_use]
pub fn summary(
    course: &Course,
    view: &Progress,
    revisions: &[Revision],
    generated: &str,
) -> Summary {
    let since = super::recent_since(course, generated).unwrap_or_default();
    attention::standing(view, revisions, &since)
}

#[derive(Debug, Serialize)]
pub struct CohortView {
    pub page: PageHead,
    pub cohort: Option<String>,
    pub students: usize,
    pub recent_days: u32,
    pub since: String,
    pub as_of: String,
    /// The students listed first, with their reasons (at most [`attention::SHOWN`]).
    pub attention: Vec<AttentionRow>,
    /// The other students with a reason, named after the list.
    pub attention_more: Vec<AttentionMore>,
    pub rubrics: Vec<Column>,
    /// The heatmap by name, then by overall standing (furthest below mastery first).
    pub orders: [Order; 2],
    pub legend: Vec<LegendItem>,
    pub averages: Vec<RubricAverage>,
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

/// The heatmap in one order.
#[derive(Debug, Serialize)]
pub struct Order {
    /// The anchor: `by-name`, `by-value`.
    pub id: &'static str,
    pub title: &'static str,
    /// The scrollable region's name (unique on the page: axe's `landmark-unique`).
    pub label: &'static str,
    pub rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub href: String,
    /// The overall standing in levels from mastery: `−0.42`, `+0.10`.
    pub overall: Cell,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// `3.12`, or an en dash when not assessed.
    pub text: String,
    /// The heat band: its class name.
    pub band: Band,
    /// The level reached (read out by screen readers), or the band for an overall standing.
    pub label: Option<String>,
    pub mastered: bool,
}

/// One band of the heatmap's legend.
#[derive(Debug, Serialize)]
pub struct LegendItem {
    pub band: Band,
    pub label: &'static str,
    /// The values the band covers (`2.75–2.99`) when every rubric shares one scale.
    pub range: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AttentionRow {
    pub name: String,
    pub href: String,
    /// The overall standing, `−0.42`.
    pub overall: Option<String>,
    /// One sentence per reason, in the rule's order.
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AttentionMore {
    pub name: String,
    pub href: String,
    /// `far below, not recent`.
    pub reasons: String,
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

/// The heat band of a value on a rubric (see `standing`).
#[must_use]
pub fn band(rubric: &Rubric, value: Option<&Figure>) -> Band {
    standing::band(rubric, value)
}

/// A distance from mastery in levels as the overview writes it: `−0.42`, `+0.10`, `0.00`.
fn signed(levels: &Figure) -> String {
    let text = levels.two_decimals();
    match text.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None if text == "0.00" => text,
        None => format!("+{text}"),
    }
}

fn row(rubrics: &[&Rubric], s: &Summary) -> Row {
    let overall = attention::overall(rubrics, s);
    let overall_band = standing::overall_band(overall.as_ref());
    Row {
        id: s.id.clone(),
        name: s.name.clone(),
        href: format!("students/{}.html", s.id),
        overall: Cell {
            text: overall.as_ref().map_or_else(|| "–".to_owned(), signed),
            band: overall_band,
            label: overall.as_ref().map(|_| overall_band.label().to_owned()),
            mastered: overall_band == Band::Met,
        },
        cells: rubrics
            .iter()
            .zip(&s.rubrics)
            .map(|(rubric, r)| {
                let value = r.value.as_ref();
                Cell {
                    text: value.map_or_else(|| "–".to_owned(), Figure::two_decimals),
                    band: band(rubric, value),
                    label: value
                        .and_then(|v| mastery::level_reached(rubric, v))
                        .map(|i| rubric.levels[i].label.clone()),
                    mastered: mastery::mastered(value, rubric.mastery_level),
                }
            })
            .collect(),
    }
}

/// `students` in the order they should be listed (by name); `rubrics` as in every progress
/// view.
#[must_use]
pub fn cohort(
    course: &Course,
    rubrics: &[&Rubric],
    students: &[Summary],
    cohort: Option<&str>,
    generated: &str,
) -> CohortView {
    let since = super::recent_since(course, generated).unwrap_or_default();
    // Every student's row is exact arithmetic of its own: on every core, in order.
    let by_name: Vec<Row> = students.par_iter().map(|s| row(rubrics, s)).collect();
    let mut ranked: Vec<(Option<Figure>, &Summary)> = students
        .par_iter()
        .map(|s| (attention::overall(rubrics, s), s))
        .collect();
    // Furthest below mastery first; students without any value last.
    ranked.sort_by(|a, b| {
        (a.0.is_none(), &a.0, &a.1.name, &a.1.id).cmp(&(b.0.is_none(), &b.0, &b.1.name, &b.1.id))
    });
    let by_value = ranked.par_iter().map(|(_, s)| row(rubrics, s)).collect();
    let found = attention::needs_attention(rubrics, students, &since);
    let cells = || by_name.iter().flat_map(|r| &r.cells);
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
        attention: found
            .iter()
            .take(attention::SHOWN)
            .map(|a| AttentionRow {
                name: a.student.name.clone(),
                href: format!("students/{}.html", a.student.id),
                overall: a.overall.as_ref().map(signed),
                reasons: a
                    .reasons
                    .iter()
                    .map(|r| reason_text(r, course.recent_days, generated))
                    .collect(),
            })
            .collect(),
        attention_more: found
            .iter()
            .skip(attention::SHOWN)
            .map(|a| AttentionMore {
                name: a.student.name.clone(),
                href: format!("students/{}.html", a.student.id),
                reasons: a
                    .reasons
                    .iter()
                    .map(reason_tag)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
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
        legend: legend(rubrics),
        calibration: None,
        off_scale: match students.iter().map(|s| s.off_scale).sum() {
            0 => None,
            1 => Some("1 recorded score is not on its rubric's scale and was left out; run rapport doctor to find it.".to_owned()),
            n => Some(format!("{n} recorded scores are not on their rubric's scale and were left out; run rapport doctor to find them.")),
        },
        orders: [
            Order {
                id: "by-name",
                title: "By name",
                label: "Heatmap by name",
                rows: by_name,
            },
            Order {
                id: "by-value",
                title: "By overall standing, furthest below mastery first",
                label: "Heatmap by overall standing",
                rows: by_value,
            },
        ],
        averages: averages(rubrics, students),
    }
}

/// At most three names, then how many more: `A, B, C and 2 more`.
fn some_of(names: &[String]) -> String {
    match names.len() {
        0..=3 => match names {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        },
        n => format!("{} and {} more", names[..3].join(", "), n - 3),
    }
}

/// A reason as a sentence of the attention list.
fn reason_text(reason: &Reason, recent_days: u32, generated: &str) -> String {
    match reason {
        Reason::FarBelow { areas } => format!(
            "More than a level below mastery in {}.",
            some_of(
                &areas
                    .iter()
                    .map(|a| format!("{} ({})", a.title, a.value.two_decimals()))
                    .collect::<Vec<_>>()
            )
        ),
        Reason::NotRecent { last: None } => "Never assessed by an instructor.".to_owned(),
        Reason::NotRecent { last: Some(last) } => format!(
            "Not assessed in the last {recent_days} days: last on {}{}.",
            super::human_date(last, false),
            human_days(last, generated).map_or_else(String::new, |ago| format!(" ({ago})"))
        ),
        Reason::BlindSpots { criteria } => format!(
            "Blind {}: rates themself well above the instructors on {}.",
            if criteria.len() == 1 { "spot" } else { "spots" },
            some_of(criteria)
        ),
        Reason::Falling { areas } => format!(
            "Falling in the last {recent_days} days: {}.",
            some_of(
                &areas
                    .iter()
                    .map(|f| format!(
                        "{} {} → {}",
                        f.title,
                        f.then.two_decimals(),
                        f.now.two_decimals()
                    ))
                    .collect::<Vec<_>>()
            )
        ),
    }
}

/// A reason in a word or two, for the students named after the list.
fn reason_tag(reason: &Reason) -> &'static str {
    match reason {
        Reason::FarBelow { .. } => "far below mastery",
        Reason::NotRecent { last: None } => "never assessed",
        Reason::NotRecent { .. } => "not assessed recently",
        Reason::BlindSpots { .. } => "blind spots",
        Reason::Falling { .. } => "falling",
    }
}

/// The legend: every band, with the values it covers when all rubrics share one scale (the
/// same mastery level, step and top) and every bound falls on a hundredth.
fn legend(rubrics: &[&Rubric]) -> Vec<LegendItem> {
    let shared = rubrics.first().filter(|first| {
        rubrics.iter().all(|r| {
            r.mastery_level == first.mastery_level
                && standing::step(r) == standing::step(first)
                && r.levels.last().map(|l| l.score) == first.levels.last().map(|l| l.score)
        })
    });
    let ranges = shared.and_then(|r| ranges(r));
    Band::ASSESSED
        .iter()
        .rev()
        .chain([Band::None].iter())
        .map(|&band| LegendItem {
            band,
            label: band.label(),
            range: ranges.as_ref().and_then(|all| {
                all.iter()
                    .find(|(b, _)| *b == band)
                    .map(|(_, text)| text.clone())
            }),
        })
        .collect()
}

/// The values each band covers on `rubric`'s scale, as two-decimal text; `None` when a bound
/// is not a whole hundredth.
fn ranges(rubric: &Rubric) -> Option<Vec<(Band, String)>> {
    use num_rational::BigRational;
    let hundredth = BigRational::new(1.into(), 100.into());
    let mastery = figure::exact(rubric.mastery_level);
    let step = standing::step(rubric);
    let top = figure::exact(rubric.levels.last()?.score);
    let text = |x: &BigRational| {
        let scaled = x / &hundredth;
        scaled.is_integer().then(|| Figure::round(x).two_decimals())
    };
    let bound = |quarters: u8| &mastery - &step * BigRational::new(quarters.into(), 4.into());
    let mut out = Vec::new();
    if top > mastery {
        out.push((Band::Top, text(&top)?));
        out.push((
            Band::Met,
            format!("{}–{}", text(&mastery)?, text(&(&top - &hundredth))?),
        ));
    } else {
        out.push((Band::Top, text(&top)?));
    }
    for band in [Band::Quarter, Band::Half, Band::ThreeQuarters, Band::Level] {
        let q = band.quarters()?;
        let low = bound(q);
        let high = bound(q - 1) - &hundredth;
        out.push((band, format!("{}–{}", text(&low)?, text(&high)?)));
    }
    out.push((Band::Far, format!("below {}", text(&bound(4))?)));
    Some(out)
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
                        .filter_map(|s| s.rubrics[r].criteria[c].value.as_ref())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::Level;

    fn rubric(scores: &[f64], mastery: f64) -> Rubric {
        Rubric {
            id: "r".to_owned(),
            title: "R".to_owned(),
            description: None,
            levels: scores
                .iter()
                .map(|&score| Level {
                    score,
                    label: format!("L{score}"),
                })
                .collect(),
            mastery_level: mastery,
            criteria: Vec::new(),
        }
    }

    fn ranges_of(rubrics: &[&Rubric]) -> Vec<(Band, Option<String>)> {
        legend(rubrics)
            .into_iter()
            .map(|item| (item.band, item.range))
            .collect()
    }

    #[test]
    fn the_legend_gives_ranges_only_for_one_shared_scale_of_whole_hundredths() {
        let one = rubric(&[1.0, 2.0, 3.0, 4.0], 3.0);
        let text = |t: &str| Some(t.to_owned());
        assert_eq!(
            ranges_of(&[&one, &one]),
            [
                (Band::Top, text("4.00")),
                (Band::Met, text("3.00–3.99")),
                (Band::Quarter, text("2.75–2.99")),
                (Band::Half, text("2.50–2.74")),
                (Band::ThreeQuarters, text("2.25–2.49")),
                (Band::Level, text("2.00–2.24")),
                (Band::Far, text("below 2.00")),
                (Band::None, None),
            ]
        );
        // Another scale beside it: bands only.
        let other = rubric(&[0.0, 1.0, 2.0], 1.0);
        assert!(ranges_of(&[&one, &other]).iter().all(|(_, r)| r.is_none()));
        // A quarter of 1.5 is 0.375: not a whole hundredth.
        let odd = rubric(&[0.0, 1.0, 2.5, 4.0], 2.5);
        assert!(ranges_of(&[&odd]).iter().all(|(_, r)| r.is_none()));
    }

    #[test]
    fn distances_are_signed_with_a_true_minus() {
        assert_eq!(signed(&Figure::of(-0.416_667)), "\u{2212}0.42");
        assert_eq!(signed(&Figure::of(0.1)), "+0.10");
        assert_eq!(signed(&Figure::of(0.0)), "0.00");
        assert_eq!(signed(&Figure::of(-0.004)), "0.00");
    }
}
