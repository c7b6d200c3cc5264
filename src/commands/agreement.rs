//! `rapport agreement [--session S] [--rubric R] [--since DATE]`: how far instructors agree
//! when they score the same students on the same criteria in the same session.

use std::fmt::Write as _;

use super::{gradebook_of, id, json, table, valid_course};
use crate::calibration::{self, Figures, Selection, Units};
use crate::cli::{AgreementArgs, Global};
use crate::course::model::Course;
use crate::emit;
use crate::error::{Error, Result, plural};
use crate::figure::percent;
use crate::gradebook::Verdict;
use crate::store::{Store, assessments, roster};

pub fn run(global: &Global, args: &AgreementArgs) -> Result<()> {
    let course = valid_course(global)?;
    let selection = selection(&course, args)?;
    let mut store = Store::open_read(&gradebook_of(global, &course)?)?;
    let revisions = store.read(|db| {
        if let Some(session) = &selection.session
            && roster::session(db, session)?.is_none()
        {
            return Err(Error::unknown(
                "session",
                session,
                roster::sessions(db)?.iter().map(|s| s.id.as_str()),
                Some("`rapport session list` shows the sessions".to_owned()),
            ));
        }
        assessments::latest(db, None)
    })?;
    let units = Units::gather(&course, &revisions, &selection);
    let figures = calibration::figures(&course, &units);
    if global.json {
        return emit(&json(&figures));
    }
    emit(&text(&course, &selection, &units, &figures))
}

fn selection(course: &Course, args: &AgreementArgs) -> Result<Selection> {
    let rubric = match &args.rubric {
        None => None,
        Some(text) => Some(crate::lookup::rubric(course, text)?.id.clone()),
    };
    let since = match &args.since {
        None => None,
        Some(text) => Some(
            crate::lookup::date_argument(text)
                .map_err(|message| Error::refused(format!("--since: {message}")))?,
        ),
    };
    Ok(Selection {
        session: args
            .session
            .as_deref()
            .map(|s| id("session", s))
            .transpose()?,
        rubric,
        since,
    })
}

/// What was selected, as a phrase: "in session s3", "on Artist communication since 2026-10-01".
fn scope(course: &Course, selection: &Selection) -> String {
    let mut text = String::new();
    if let Some(session) = &selection.session {
        let _ = write!(text, " in session {session}");
    }
    if let Some(rubric) = &selection.rubric {
        let title = course.rubric(rubric).map_or(rubric.as_str(), |r| &r.title);
        let _ = write!(text, " on {title}");
    }
    if let Some(since) = &selection.since {
        let _ = write!(text, " since {since}");
    }
    text
}

fn text(course: &Course, selection: &Selection, units: &Units, figures: &Figures) -> String {
    let scope = scope(course, selection);
    let mut out = String::new();
    if figures.units == 0 {
        let _ = writeln!(
            out,
            "No unit{scope} was scored by two or more instructors, so there is no agreement to measure.\n\
             A unit is one student on one criterion in one session: have two instructors score the same\n\
             students in a session (or import both score sheets) to calibrate."
        );
        left_out(&mut out, units);
        return out;
    }
    let _ = writeln!(
        out,
        "Agreement among instructors{scope}: {} {} scored by two or more instructors ({} instructors, {} values)",
        figures.units,
        plural(figures.units, "unit", "units"),
        figures.raters,
        figures.pairable_values
    );
    out.push_str("A unit is one student on one criterion in one session.\n\n");
    alphas(&mut out, figures);
    if let Some(p) = figures.percent_agreement {
        let _ = writeln!(
            out,
            "Exact agreement: {} (on average, the share of the other instructors' levels on a unit that match an instructor's own).",
            percent(p)
        );
    }
    pairs(&mut out, figures);
    if !figures.by_rubric.is_empty() {
        out.push_str("\nBy rubric\n");
        let rows = figures
            .by_rubric
            .iter()
            .map(|r| {
                vec![
                    course
                        .rubric(r.id.as_deref().unwrap_or_default())
                        .map_or_else(String::new, |m| m.title.clone()),
                    r.units.to_string(),
                    r.krippendorff_alpha.ordinal.map_or("–".to_owned(), three),
                    r.percent_agreement.map_or("–".to_owned(), percent),
                ]
            })
            .collect();
        out.push_str(&indent(&table(
            &["rubric", "units", "ordinal alpha", "exact"],
            rows,
        )));
    }
    let talk = calibration::where_to_talk(course, units);
    if !talk.is_empty() {
        out.push_str(
            "\nWhere instructors disagree most (talk these through with examples before the next session)\n",
        );
        for d in talk.iter().take(5) {
            let _ = writeln!(
                out,
                "  {} ({}): {} levels apart on average, {} of pairs the same, {} {}",
                d.criterion,
                d.rubric,
                two(d.mean_distance),
                percent(d.exact),
                d.units,
                plural(d.units, "unit", "units")
            );
        }
    }
    if let Some(alpha) = figures.krippendorff_alpha.ordinal
        && calibration::verdict(alpha) == Verdict::Weak
    {
        let _ = writeln!(
            out,
            "\nWeak agreement: the ordinal alpha {} is below 0.667, Krippendorff's threshold for even tentative\n\
                 conclusions. Scores from these instructors are not yet interchangeable: calibrate on the criteria above.",
            three(alpha)
        );
    }
    left_out(&mut out, units);
    out
}

fn alphas(out: &mut String, figures: &Figures) {
    out.push_str("Krippendorff's alpha (1: perfect agreement; 0: no better than chance)\n");
    let alpha = &figures.krippendorff_alpha;
    if alpha.ordinal.is_none() {
        out.push_str(
            "  not defined: every level given is the same, so there is no variation to measure agreement against\n",
        );
        return;
    }
    for (name, value, what) in [
        (
            "ordinal",
            alpha.ordinal,
            "levels in order: the figure that fits rubric levels",
        ),
        (
            "interval",
            alpha.interval,
            "levels as numbers: larger gaps weigh more",
        ),
        (
            "nominal",
            alpha.nominal,
            "levels as labels: any difference counts the same",
        ),
    ] {
        if let Some(v) = value {
            // Krippendorff's thresholds are for the figure that fits the data: ordinal here.
            let verdict = if name == "ordinal" {
                calibration::verdict(v).as_str()
            } else {
                ""
            };
            let _ = writeln!(out, "  {name:<9}{:>7}  {verdict:<11}{what}", three(v));
        }
    }
}

fn pairs(out: &mut String, figures: &Figures) {
    if figures.pairs.is_empty() {
        return;
    }
    out.push_str(
        "\nPairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa\ncounts near misses as partly agreeing, linearly or quadratically)\n",
    );
    let rows = figures
        .pairs
        .iter()
        .map(|p| {
            vec![
                format!("{} and {}", p.a, p.b),
                p.units.to_string(),
                p.percent_agreement.map_or("–".to_owned(), percent),
                p.cohen_kappa.map_or("–".to_owned(), three),
                p.weighted_kappa_linear.map_or("–".to_owned(), three),
                p.weighted_kappa_quadratic.map_or("–".to_owned(), three),
            ]
        })
        .collect();
    out.push_str(&indent(&table(
        &[
            "instructors",
            "units",
            "exact",
            "kappa",
            "linear",
            "quadratic",
        ],
        rows,
    )));
    if figures.pairs.iter().any(|p| p.cohen_kappa.is_none()) {
        out.push_str(if figures.by_rubric.is_empty() {
            "  –: not defined, both gave one and the same level throughout\n"
        } else {
            "  –: not defined, both gave one and the same level throughout, or the rubrics' scales differ (see `--rubric`)\n"
        });
    }
}

fn left_out(out: &mut String, units: &Units) {
    if units.left_out > 0 {
        let _ = writeln!(
            out,
            "\n{} {} left out: {} rubric, criterion or level is no longer in the course (`rapport check` lists them).",
            units.left_out,
            plural(units.left_out, "score was", "scores were"),
            plural(units.left_out, "its", "their")
        );
    }
}

fn indent(text: &str) -> String {
    text.lines().fold(String::new(), |mut out, line| {
        let _ = writeln!(out, "  {line}");
        out
    })
}

fn three(x: f64) -> String {
    crate::figure::decimals(x, 3)
}

fn two(x: f64) -> String {
    crate::figure::two_decimals(x)
}
