//! The Canvas outcomes CSV (docs/FORMATS.md § Canvas Outcomes CSV), as Canvas's importer
//! reads it: a header naming `vendor_guid`, `object_type` and `title` and Canvas's optional
//! columns, then `ratings`, after which a row's cells are its rating tiers (points, then
//! description, highest points first) and the header names nothing more. Each row is checked on
//! its own here; how rows fit together is `canvas::import`'s.

use std::path::Path;

use super::{Columns, Form, Problem, Record, read};
use crate::canvas::{self, Rating, Row};
use crate::error::{Error, Result};
use crate::text::{self, Lines};

const REQUIRED: [&str; 3] = ["vendor_guid", "object_type", "title"];
const OPTIONAL: [&str; 11] = [
    "canvas_id",
    "course_id",
    "description",
    "friendly_description",
    "display_name",
    "calculation_method",
    "calculation_int",
    "parent_guids",
    "workflow_state",
    "mastery_points",
    "ratings",
];
/// The columns a group leaves blank (Canvas: "Invalid fields for a group").
const OUTCOME_ONLY: [&str; 3] = ["calculation_method", "calculation_int", "mastery_points"];

/// A row checked, or its problem and its `vendor_guid` as written.
pub type OutcomeRow = std::result::Result<Row, (Problem, String)>;

/// The rows of the file, each checked or with its problem (and its `vendor_guid` as written),
/// and whether the file has a `ratings` column at all (Canvas leaves it out where account-level
/// mastery scales are on).
pub fn read_outcomes(file: &Path) -> Result<(Vec<OutcomeRow>, bool)> {
    let columns = Columns {
        required: &REQUIRED,
        optional: &OPTIONAL,
        multi_line: &["description", "friendly_description"],
        extension: None,
    };
    let records = read(file, &columns)?;
    let Some(first) = records.first() else {
        return Err(Error::refused_with(
            format!("{}: the file has no outcomes or groups", file.display()),
            "export the outcomes from Canvas (Admin → Reports → Outcome Export), or write one \
             row per group and outcome under the header",
        ));
    };
    let ratings_at = first.header.iter().position(|c| c == "ratings");
    let has_ratings = ratings_at.is_some();
    let rows = records
        .iter()
        .map(|record| {
            row(record, ratings_at).map_err(|p| (p, record.get("vendor_guid").to_owned()))
        })
        .collect();
    Ok((rows, has_ratings))
}

/// One record as a row, or its first problem.
fn row(record: &Record, ratings_at: Option<usize>) -> std::result::Result<Row, Problem> {
    match &record.problem {
        // Cells after `ratings` are its tiers; fewer cells than the header read as blank.
        Some((Form::Cells, _))
            if ratings_at.is_some() || record.cells.len() < record.header.len() => {}
        Some((_, problem)) => return Err(problem.clone()),
        None => {}
    }
    fields(record, ratings_at).map_err(|message| Problem::row(record.line, message))
}

/// The row's cells checked, each problem in rapport's words.
fn fields(record: &Record, ratings_at: Option<usize>) -> std::result::Result<Row, String> {
    if matches!(record.problem, Some((Form::Cells, _))) {
        // The reader stopped at the number of cells: the characters are checked here.
        for (name, cell) in record.header.iter().zip(&record.cells) {
            if !name.is_empty() {
                let lines = if name.contains("description") {
                    Lines::Many
                } else {
                    Lines::One
                };
                text::check(name, cell, lines)?;
            }
        }
    }
    let group = match record.get("object_type") {
        "group" => true,
        "outcome" => false,
        "" => return Err("`object_type` is empty; it is `group` or `outcome`".to_owned()),
        other => {
            return Err(format!(
                "`object_type` is `{}`; it is `group` or `outcome`",
                text::one_line_for_terminal(other)
            ));
        }
    };
    let guid = record.get("vendor_guid");
    if guid.is_empty() {
        return Err(
            "`vendor_guid` is empty; every group and outcome needs one, unique in the file"
                .to_owned(),
        );
    }
    if guid.contains(char::is_whitespace) {
        return Err(format!(
            "`vendor_guid` `{guid}` contains a space; Canvas's vendor_guid has none"
        ));
    }
    if guid.chars().count() > 255 {
        return Err("`vendor_guid` is longer than Canvas's 255 characters".to_owned());
    }
    let title = text::required_line("title", record.get("title"))?;
    let deleted = match record.get("workflow_state") {
        "" | "active" => false,
        "deleted" => true,
        other => {
            return Err(format!(
                "`workflow_state` is `{other}`; it is `active`, `deleted` or blank"
            ));
        }
    };
    let ratings = ratings(record, ratings_at)?;
    if group {
        outcome_only(record, &ratings)?;
    }
    let method = record.get("calculation_method");
    let int = record.get("calculation_int");
    let mastery = match (method, int) {
        ("", "") => None,
        ("", _) => {
            return Err(format!(
                "`calculation_int` {int} without a `calculation_method`; name the method"
            ));
        }
        _ => Some(canvas::mastery_of(method, int)?),
    };
    let mastery_points = match record.decimal("mastery_points").as_str() {
        "" => None,
        points => Some(number("`mastery_points`", points)?),
    };
    if let Some(points) = mastery_points {
        on_scale(points, &ratings)?;
    }
    Ok(Row {
        line: record.line,
        group,
        guid: guid.to_owned(),
        title,
        description: record.text("description").trim().to_owned(),
        parents: record
            .get("parent_guids")
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        deleted,
        mastery,
        mastery_points,
        ratings,
    })
}

/// A group's row leaves the outcome-only columns blank.
fn outcome_only(record: &Record, ratings: &[Rating]) -> std::result::Result<(), String> {
    let mut given: Vec<&str> = OUTCOME_ONLY
        .into_iter()
        .filter(|c| !record.get(c).is_empty())
        .collect();
    if !ratings.is_empty() {
        given.push("ratings");
    }
    if !given.is_empty() {
        return Err(format!(
            "a group has no {}; leave {} blank on a group's row",
            given
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if given.len() == 1 { "it" } else { "them" }
        ));
    }
    Ok(())
}

/// Mastery points that are the points of a rating (of Canvas's default scale without ratings).
fn on_scale(points: f64, ratings: &[Rating]) -> std::result::Result<(), String> {
    let scale = if ratings.is_empty() {
        canvas::default_ratings().0
    } else {
        ratings.to_vec()
    };
    if !scale.iter().any(|r| r.points == points) {
        return Err(format!(
            "`mastery_points` {} is not the points of a rating ({}); rapport's mastery \
             level is one of the levels, so make it one of the ratings' points",
            crate::figure::format_score(points),
            scale
                .iter()
                .map(|r| crate::figure::format_score(r.points))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(())
}

/// The rating tiers from the `ratings` column on: pairs of points and description, trailing
/// blank cells dropped, points falling from tier to tier.
fn ratings(record: &Record, at: Option<usize>) -> std::result::Result<Vec<Rating>, String> {
    let Some(at) = at else {
        return Ok(Vec::new());
    };
    let mut cells: Vec<&str> = record.cells.iter().skip(at).map(String::as_str).collect();
    while cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    let mut ratings: Vec<Rating> = Vec::new();
    for (index, pair) in cells.chunks(2).enumerate() {
        let tier = index + 1;
        let written = pair[0].trim();
        if written.is_empty() {
            return Err(format!(
                "rating {tier} has no points; each rating is two cells, its points then its \
                 description"
            ));
        }
        let points = number(
            &format!("rating {tier}'s points"),
            &decimal(record, written),
        )?;
        let description = pair.get(1).map_or("", |d| d.trim());
        text::check(
            &format!("rating {tier}'s description"),
            description,
            Lines::Many,
        )?;
        if let Some(prior) = ratings.last()
            && prior.points <= points
        {
            return Err(format!(
                "rating {tier} has {} points and rating {} has {}: ratings go from the most \
                 points to the fewest, each with points of its own",
                crate::figure::format_score(points),
                tier - 1,
                crate::figure::format_score(prior.points)
            ));
        }
        ratings.push(Rating {
            points,
            description: description.to_owned(),
        });
    }
    Ok(ratings)
}

/// A decimal comma read as a point in a semicolon file, as `Record::decimal` does.
fn decimal(record: &Record, cell: &str) -> String {
    match cell.split_once(',') {
        Some((whole, fraction))
            if record.decimal_comma
                && !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{whole}.{fraction}")
        }
        _ => cell.to_owned(),
    }
}

/// A number of points as rubric scores take them: 0 to 1,000, at most 6 decimal places.
fn number(what: &str, text: &str) -> std::result::Result<f64, String> {
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
    match text.parse::<f64>() {
        Ok(value)
            if text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && (0.0..=1000.0).contains(&value)
                && decimals <= 6 =>
        {
            Ok(value)
        }
        Ok(_)
            if text
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') =>
        {
            Err(format!(
                "{what} {text} is out of range: rubric scores are from 0 to 1,000, with at most 6 decimal places"
            ))
        }
        _ => Err(format!(
            "{what} `{}` is not a number",
            text::one_line_for_terminal(text)
        )),
    }
}
