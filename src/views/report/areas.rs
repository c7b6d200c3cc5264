//! The report's skill areas: per rubric a compact table of its criteria (value, level, a
//! sparkline, mastered) and, folded under it, each criterion's details (the chart, what the
//! current and the next level look like, the scores by session, the instructors' notes).

use serde::Serialize;

use super::{Context, instructor_name, level_text};
use crate::course::model::{Mastery, Rubric};
use crate::figure::{Figure, format_score};
use crate::gradebook::{Role, SelfGap};
use crate::markdown;
use crate::progress::{CriterionProgress, RubricProgress};
use crate::views::charts::{self, Spark, Trend};
use crate::views::human_date;

#[derive(Debug, Serialize)]
pub struct RubricSection {
    pub anchor: String,
    pub title: String,
    pub skill: String,
    pub value: Option<String>,
    pub level: Option<String>,
    pub mastered: bool,
    /// Some instructor, the student or a peer rated one of its criteria.
    pub assessed: bool,
    /// "Proficient (3) on a scale of 1 to 4".
    pub mastery: String,
    /// The criteria where the student rates themself well above their value, and well below:
    /// said once for the area, naming them.
    pub blind_spots: Vec<String>,
    pub hidden_strengths: Vec<String>,
    pub criteria: Vec<CriterionSection>,
}

#[derive(Debug, Serialize)]
pub struct CriterionSection {
    pub anchor: String,
    pub title: String,
    /// "Artist communication: Reading the artist", to name its table uniquely on the page.
    pub full_title: String,
    pub value: Option<String>,
    pub level: Option<String>,
    pub mastered: bool,
    pub assessments: usize,
    /// Why a criterion with scores has no value yet (`n_mastery`).
    pub no_value: Option<String>,
    pub spark: Option<Spark>,
    /// The scores in words: the sparkline's and the chart's text alternative.
    pub trend_text: String,
    pub trend: Option<Trend>,
    /// The scores by session in one line, for print: "1 Oct 2025: 2; 15 Oct 2025: 3.50".
    pub scores_line: String,
    pub scores: Vec<ScoreRow>,
    pub current: Option<Descriptor>,
    pub next: Option<Descriptor>,
    /// "2 · Developing".
    pub self_level: Option<String>,
    pub peer: Option<String>,
    /// Some peers rated this criterion, too few to show their ratings anonymously.
    pub peers_too_few: bool,
    /// The instructors' notes on this criterion, newest first.
    pub notes: Vec<CriterionNote>,
}

#[derive(Debug, Serialize)]
pub struct ScoreRow {
    pub date: String,
    pub session: String,
    pub level: String,
    pub raters: String,
}

#[derive(Debug, Serialize)]
pub struct Descriptor {
    pub label: String,
    pub html: String,
}

/// An instructor's note on one criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionNote {
    pub date: String,
    pub session: String,
    pub from: String,
    /// The level it came with ("2 · Developing"), empty when not on the current scale.
    pub level: String,
    pub text: String,
}

pub(super) fn rubric_section(context: &Context<'_>, rubric: &RubricProgress) -> RubricSection {
    let model = context
        .course
        .rubric(&rubric.id)
        .expect("the view is built from the course");
    let gapped = |gap: SelfGap| {
        rubric
            .criteria
            .iter()
            .filter(|c| c.self_gap == Some(gap))
            .map(|c| c.title.clone())
            .collect()
    };
    RubricSection {
        anchor: format!("rubric-{}", rubric.id),
        title: rubric.title.clone(),
        skill: context.course.skill_of(&rubric.id),
        value: rubric.value.as_ref().map(Figure::two_decimals),
        level: rubric.level.map(|i| model.levels[i].label.clone()),
        mastered: rubric.mastered,
        assessed: rubric.assessed()
            || rubric
                .criteria
                .iter()
                .any(|c| c.self_level.is_some() || c.peers > 0),
        mastery: format!(
            "{} ({}) on a scale of {} to {}",
            model.levels[model.mastery_index()].label,
            format_score(model.mastery_level),
            format_score(model.levels.first().map_or(0.0, |l| l.score)),
            format_score(model.levels.last().map_or(0.0, |l| l.score)),
        ),
        blind_spots: gapped(SelfGap::BlindSpot),
        hidden_strengths: gapped(SelfGap::HiddenStrength),
        criteria: rubric
            .criteria
            .iter()
            .map(|c| criterion_section(context, model, c))
            .collect(),
    }
}

/// The descriptor of level `index` of a criterion, its Markdown rendered inline.
pub(super) fn descriptor(rubric: &Rubric, criterion: &str, index: usize) -> Option<Descriptor> {
    let model = rubric.criteria.iter().find(|c| c.id == criterion)?;
    model.descriptors.get(index).map(|text| Descriptor {
        label: level_text(rubric, rubric.levels[index].score),
        html: markdown::render_inline(text, &format!("{}--{criterion}-{index}", rubric.id)),
    })
}

fn criterion_section(
    context: &Context<'_>,
    rubric: &Rubric,
    progress: &CriterionProgress,
) -> CriterionSection {
    let (rows, dated) = session_rows(context, rubric, progress);
    let values: Vec<Option<f64>> = progress
        .sessions
        .iter()
        .map(|s| s.value.as_ref().map(Figure::to_f64))
        .collect();
    let trend_text = if rows.is_empty() {
        "Not assessed yet.".to_owned()
    } else if rows.len() == 1 {
        format!("One session so far: {}, {}.", rows[0].date, rows[0].level)
    } else {
        format!(
            "Scores by session, oldest first: {}.",
            rows.iter()
                .map(|r| format!("{}: {}", r.date, r.level))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    CriterionSection {
        anchor: format!("{}--{}", rubric.id, progress.id),
        title: progress.title.clone(),
        full_title: format!("{}: {}", rubric.title, progress.title),
        value: progress.value.as_ref().map(Figure::two_decimals),
        level: progress.level.map(|i| rubric.levels[i].label.clone()),
        mastered: progress.mastered,
        assessments: progress.assessments,
        no_value: (progress.value.is_none() && progress.assessments > 0).then(|| match context.course.mastery {
            Mastery::NMastery { n } => format!(
                "No value yet: it comes once {n} sessions have scored this at the mastery level or above."
            ),
            _ => "No value yet.".to_owned(),
        }),
        spark: charts::spark(rubric, &dated),
        trend: (!dated.is_empty()).then(|| charts::trend(rubric, &dated, &values)),
        trend_text,
        scores_line: progress
            .sessions
            .iter()
            .map(|s| {
                let score = s.score.to_f64();
                let level = if rubric.levels.iter().any(|l| l.score == score) {
                    format_score(score)
                } else {
                    s.score.two_decimals()
                };
                format!("{}: {level}", human_date(&s.date, false))
            })
            .collect::<Vec<_>>()
            .join("; "),
        scores: rows,
        current: progress
            .level
            .and_then(|i| descriptor(rubric, &progress.id, i)),
        next: progress
            .next_level
            .and_then(|i| descriptor(rubric, &progress.id, i)),
        self_level: progress
            .self_level
            .map(|s| level_text(rubric, s.to_f64())),
        peer: progress.peer.as_ref().map(|p| {
            match rubric.levels.iter().find(|l| Figure::of(l.score) == *p) {
                Some(level) => level_text(rubric, level.score),
                None => p.two_decimals(),
            }
        }),
        peers_too_few: progress.peer.is_none() && progress.peers > 0,
        notes: criterion_notes(context, rubric, &progress.id),
    }
}

/// One row per session with the instructors who scored it, and (`YYYY-MM-DD`, the session's
/// score) for the charts.
fn session_rows(
    context: &Context<'_>,
    rubric: &Rubric,
    progress: &CriterionProgress,
) -> (Vec<ScoreRow>, Vec<(String, f64)>) {
    let mut rows: Vec<ScoreRow> = Vec::new();
    let mut dated: Vec<(String, f64)> = Vec::new();
    for session in &progress.sessions {
        let same: Vec<_> = progress
            .scores
            .iter()
            .filter(|s| s.session == session.session && s.date == session.date)
            .collect();
        let level = match same.as_slice() {
            [one] => level_text(rubric, one.level.to_f64()),
            _ => format!(
                "{} (average of {})",
                session.score.two_decimals(),
                same.iter()
                    .map(|s| format_score(s.level.to_f64()))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
        rows.push(ScoreRow {
            date: human_date(&session.date, false),
            session: context
                .sessions
                .get(&session.session)
                .map_or_else(|| session.session.clone(), |s| s.title.clone()),
            level,
            raters: same
                .iter()
                .map(|s| instructor_name(context, &s.rater))
                .collect::<Vec<_>>()
                .join(", "),
        });
        dated.push((session.date.clone(), session.score.to_f64()));
    }
    (rows, dated)
}

/// The instructors' notes on `criterion`, newest session first (then by instructor name).
pub(super) fn criterion_notes(
    context: &Context<'_>,
    rubric: &Rubric,
    criterion: &str,
) -> Vec<CriterionNote> {
    let mut found: Vec<(&str, &str, CriterionNote)> = context
        .revisions
        .iter()
        .filter(|r| r.role == Role::Instructor && r.rubric == rubric.id)
        .filter_map(|r| {
            let score = r.scores.iter().find(|s| s.criterion == criterion)?;
            let text = score.note.clone()?;
            Some((
                r.date.as_str(),
                r.session.as_str(),
                CriterionNote {
                    date: human_date(&r.date, false),
                    session: context
                        .sessions
                        .get(&r.session)
                        .map_or_else(|| r.session.clone(), |s| s.title.clone()),
                    from: instructor_name(context, &r.rater),
                    // A level off its scale is never shown (`doctor` reports it).
                    level: if r.on_scale(criterion) && crate::mastery::on_scale(rubric, score.level)
                    {
                        level_text(rubric, score.level)
                    } else {
                        String::new()
                    },
                    text,
                },
            ))
        })
        .collect();
    found.sort_by(|a, b| {
        (b.0, b.1)
            .cmp(&(a.0, a.1))
            .then_with(|| a.2.from.cmp(&b.2.from))
    });
    found.into_iter().map(|f| f.2).collect()
}
