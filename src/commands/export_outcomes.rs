//! `rapport export-outcomes --format canvas`: the course as a Canvas outcomes import CSV
//! (docs/FORMATS.md § Canvas Outcomes CSV): a group per skill area, under it a group per rubric,
//! in it an outcome per criterion with the rubric's levels as ratings.

use crate::canvas::{self, LABEL_SEPARATOR};
use crate::cli::{ExportOutcomesArgs, Global};
use crate::course::Course;
use crate::course::model::{Criterion, Rubric};
use crate::error::{Error, Result, plural};
use crate::figure::format_score;
use crate::markdown::{self, Placement};
use crate::output::{self, Marker};
use crate::{emit, status};

/// Canvas's export columns in its order (its Outcome Export report), `ratings` last.
const HEADER: [&str; 11] = [
    "vendor_guid",
    "object_type",
    "title",
    "description",
    "display_name",
    "calculation_method",
    "calculation_int",
    "parent_guids",
    "workflow_state",
    "mastery_points",
    "ratings",
];

pub fn run(global: &Global, args: &ExportOutcomesArgs) -> Result<()> {
    // Refuse a file in the way before reading anything.
    let file = output::file_or_stdout(args.output.as_deref(), Marker::Nothing, args.force)?;
    let course = super::valid_course(global)?;
    let (text, groups, outcomes) = canvas_csv(&course)?;
    match file {
        None => emit(&text),
        Some(file) => {
            output::write_file(file, text.as_bytes(), Marker::Nothing, args.force)?;
            status(
                global,
                &format!(
                    "wrote {groups} {} and {outcomes} {} to {}; upload it in Canvas under \
                     Outcomes → Import",
                    plural(groups, "group", "groups"),
                    plural(outcomes, "outcome", "outcomes"),
                    file.display()
                ),
            );
            Ok(())
        }
    }
}

/// The CSV, and how many groups and outcomes it holds.
fn canvas_csv(course: &Course) -> Result<(String, usize, usize)> {
    let calculation = canvas::calculation(&course.mastery).map_err(|message| {
        Error::refused_with(
            message,
            "Canvas stores the weight as a whole percent from 1 to 99",
        )
    })?;
    let course_guid = canvas::course_guid(&course.name);
    let mut rows: Vec<Vec<String>> = vec![HEADER.iter().map(|h| (*h).to_owned()).collect()];
    let (mut groups, mut outcomes) = (0, 0);
    let group = |guid: &str, title: &str, description: String, parent: &str| {
        vec![
            guid.to_owned(),
            "group".to_owned(),
            title.to_owned(),
            description,
            String::new(),
            String::new(),
            String::new(),
            parent.to_owned(),
            "active".to_owned(),
            String::new(),
        ]
    };
    // Each rubric under the skill area of the first module that uses it; unused ones last, at
    // the top level.
    let rubrics = course.rubric_order();
    let skill_of = |rubric: &Rubric| {
        course
            .modules
            .iter()
            .find(|m| m.assessed_by.contains(&rubric.id))
            .map(|m| m.skill.clone())
    };
    let mut areas: Vec<Option<String>> = course.skills.iter().map(|s| Some(s.id.clone())).collect();
    for rubric in &rubrics {
        let skill = skill_of(rubric);
        if !areas.contains(&skill) {
            areas.push(skill);
        }
    }
    for area in areas {
        let held: Vec<&Rubric> = rubrics
            .iter()
            .copied()
            .filter(|r| skill_of(r) == area)
            .collect();
        if held.is_empty() {
            continue;
        }
        let parent = match &area {
            Some(skill) => {
                let guid = format!("{course_guid}/skill/{skill}");
                rows.push(group(&guid, &course.skill_title(skill), String::new(), ""));
                groups += 1;
                guid
            }
            None => String::new(),
        };
        for rubric in held {
            let guid = format!("{course_guid}/rubric/{}", rubric.id);
            let description = html(rubric.description.as_deref(), &rubric.id, &rubric.title);
            rows.push(group(&guid, &rubric.title, description, &parent));
            groups += 1;
            for criterion in &rubric.criteria {
                rows.push(outcome(rubric, criterion, &guid, &calculation));
                outcomes += 1;
            }
        }
    }
    Ok((to_csv(&rows)?, groups, outcomes))
}

/// The row of one criterion under its rubric's group `parent`: the levels as ratings, highest
/// first, each `LABEL — DESCRIPTOR`.
fn outcome(
    rubric: &Rubric,
    criterion: &Criterion,
    parent: &str,
    calculation: &canvas::Calculation,
) -> Vec<String> {
    let prefix = format!("{}-{}", rubric.id, criterion.id);
    let mut row = vec![
        format!("{parent}/criterion/{}", criterion.id),
        "outcome".to_owned(),
        criterion.title.clone(),
        html(criterion.description.as_deref(), &prefix, &criterion.title),
        String::new(),
        calculation.method.to_owned(),
        calculation.int.map(|i| i.to_string()).unwrap_or_default(),
        parent.to_owned(),
        "active".to_owned(),
        format_score(rubric.mastery_level),
    ];
    for (level, descriptor) in rubric.levels.iter().zip(&criterion.descriptors).rev() {
        row.push(format_score(level.score));
        row.push(format!(
            "{}{LABEL_SEPARATOR}{}",
            level.label,
            descriptor.trim()
        ));
    }
    row
}

/// The rows as CSV: cells quoted where they must be, rows as long as their cells (Canvas's
/// `ratings` columns trail), LF line endings.
fn to_csv(rows: &[Vec<String>]) -> Result<String> {
    let mut csv = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        csv.write_record(row)
            .map_err(|e| Error::Stdout(std::io::Error::other(e)))?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| Error::Stdout(std::io::Error::other(e.to_string())))?;
    Ok(String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out"))
}

/// A Markdown description as the HTML Canvas stores (blank when there is none).
fn html(text: Option<&str>, id_prefix: &str, name: &str) -> String {
    text.map(|text| {
        markdown::render(
            text,
            Placement {
                top_heading: 3,
                id_prefix,
                name,
            },
        )
        .trim_end()
        .to_owned()
    })
    .unwrap_or_default()
}
