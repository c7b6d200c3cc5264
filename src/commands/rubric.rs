//! `rapport rubric list|show`: the course's rubrics in the terminal, so nobody opens YAML to
//! learn a criterion's ID. They read the course only (a valid one), never the gradebook.

use std::fmt::Write as _;

use serde::Serialize;

use super::{json, table, valid_course};
use crate::cli::{Global, RubricCommand};
use crate::course::model::{Course, Rubric, format_score};
use crate::emit;
use crate::error::Result;
use crate::figure::Points;

pub fn run(global: &Global, command: &RubricCommand) -> Result<()> {
    let course = valid_course(global)?;
    match command {
        RubricCommand::List => list(global, &course),
        RubricCommand::Show { rubric } => {
            let rubric = crate::lookup::rubric(&course, rubric)?;
            show(global, &course, rubric)
        }
    }
}

#[derive(Serialize)]
struct Level<'a> {
    score: Points,
    label: &'a str,
}

/// A rubric in `rubric list --json`.
#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    title: &'a str,
    criterion_count: usize,
    levels: Vec<Level<'a>>,
    mastery_level: Points,
    modules: Vec<&'a str>,
}

/// `rubric show --json`.
#[derive(Serialize)]
struct Shown<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    levels: Vec<Level<'a>>,
    mastery_level: Points,
    modules: Vec<&'a str>,
    criteria: Vec<ShownCriterion<'a>>,
}

#[derive(Serialize)]
struct ShownCriterion<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    weight: Points,
    descriptors: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
struct Descriptor<'a> {
    score: Points,
    label: &'a str,
    text: &'a str,
}

fn levels(rubric: &Rubric) -> Vec<Level<'_>> {
    rubric
        .levels
        .iter()
        .map(|l| Level {
            score: Points(l.score),
            label: &l.label,
        })
        .collect()
}

/// The modules assessed by `rubric`, in the course's order of modules.
fn modules<'c>(course: &'c Course, rubric: &str) -> Vec<&'c str> {
    course
        .modules
        .iter()
        .filter(|m| m.assessed_by.iter().any(|r| r == rubric))
        .map(|m| m.id.as_str())
        .collect()
}

/// `3 Proficient`.
fn level_name(rubric: &Rubric, score: f64) -> String {
    let label = rubric
        .levels
        .iter()
        .find(|l| l.score == score)
        .map_or("", |l| l.label.as_str());
    format!("{} {label}", format_score(score))
}

fn list(global: &Global, course: &Course) -> Result<()> {
    let rubrics = course.rubric_order();
    if global.json {
        let listed: Vec<Listed<'_>> = rubrics
            .iter()
            .map(|r| Listed {
                id: &r.id,
                title: &r.title,
                criterion_count: r.criteria.len(),
                levels: levels(r),
                mastery_level: Points(r.mastery_level),
                modules: modules(course, &r.id),
            })
            .collect();
        return emit(&json(&listed));
    }
    let rows = rubrics
        .iter()
        .map(|r| {
            let scale = match (r.levels.first(), r.levels.last()) {
                (Some(low), Some(high)) => format!(
                    "{} ({}–{})",
                    r.levels.len(),
                    format_score(low.score),
                    format_score(high.score)
                ),
                _ => String::new(),
            };
            let used = modules(course, &r.id);
            vec![
                r.id.clone(),
                r.title.clone(),
                r.criteria.len().to_string(),
                scale,
                level_name(r, r.mastery_level),
                if used.is_empty() {
                    "(none)".to_owned()
                } else {
                    used.join(", ")
                },
            ]
        })
        .collect();
    emit(&table(
        &["id", "title", "criteria", "levels", "mastery", "modules"],
        rows,
    ))
}

fn show(global: &Global, course: &Course, rubric: &Rubric) -> Result<()> {
    let used = modules(course, &rubric.id);
    if global.json {
        let shown = Shown {
            id: &rubric.id,
            title: &rubric.title,
            description: rubric.description.as_deref(),
            levels: levels(rubric),
            mastery_level: Points(rubric.mastery_level),
            modules: used,
            criteria: rubric
                .criteria
                .iter()
                .map(|c| ShownCriterion {
                    id: &c.id,
                    title: &c.title,
                    description: c.description.as_deref(),
                    weight: Points(c.weight),
                    descriptors: rubric
                        .levels
                        .iter()
                        .zip(&c.descriptors)
                        .map(|(l, text)| Descriptor {
                            score: Points(l.score),
                            label: &l.label,
                            text,
                        })
                        .collect(),
                })
                .collect(),
        };
        return emit(&json(&shown));
    }
    emit(&text(rubric, &used, width()))
}

/// The text of `rubric show`, wrapped to `width` columns.
fn text(rubric: &Rubric, used: &[&str], width: usize) -> String {
    let mut text = format!("{} ({})\n", rubric.title, rubric.id);
    if let Some(description) = &rubric.description {
        text.push_str(&wrap(description, width, "", ""));
        text.push('\n');
    }
    let levels = rubric
        .levels
        .iter()
        .map(|l| level_name(rubric, l.score))
        .collect::<Vec<_>>()
        .join(", ");
    let mastery = format!(
        "{} (a criterion is mastered at or above it)",
        level_name(rubric, rubric.mastery_level)
    );
    let used = if used.is_empty() {
        "no module".to_owned()
    } else {
        used.join(", ")
    };
    text.push_str(&wrap(&levels, width, "levels: ", "  "));
    text.push_str(&wrap(&mastery, width, "mastery level: ", "  "));
    text.push_str(&wrap(&used, width, "used by: ", "  "));
    let label_width = rubric
        .levels
        .iter()
        .map(|l| level_name(rubric, l.score).chars().count())
        .max()
        .unwrap_or(0);
    for criterion in &rubric.criteria {
        let weight = if criterion.weight == 1.0 {
            String::new()
        } else {
            format!(" (weight {})", format_score(criterion.weight))
        };
        text.push('\n');
        text.push_str(&wrap(
            &format!("{}: {}{weight}", criterion.id, criterion.title),
            width,
            "",
            "  ",
        ));
        if let Some(description) = &criterion.description {
            text.push_str(&wrap(description, width, "  ", "  "));
        }
        for (level, descriptor) in rubric.levels.iter().zip(&criterion.descriptors) {
            let name = level_name(rubric, level.score);
            let mark = if level.score == rubric.mastery_level {
                "*"
            } else {
                " "
            };
            let first = format!("{mark} {name:<label_width$}  ");
            let rest = " ".repeat(first.chars().count());
            text.push_str(&wrap(descriptor, width, &first, &rest));
        }
    }
    let _ = writeln!(text, "\n* the mastery level");
    text
}

/// `text` (Markdown as written) wrapped to `width`, the first line starting with `first`, the
/// others with `rest`; each paragraph starts a new line.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut wrapped = String::new();
    let paragraphs = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty());
    for (i, paragraph) in paragraphs.enumerate() {
        let options = textwrap::Options::new(width)
            .initial_indent(if i == 0 { first } else { rest })
            .subsequent_indent(rest)
            .break_words(false);
        wrapped.push_str(&textwrap::fill(&paragraph, options));
        wrapped.push('\n');
    }
    if wrapped.is_empty() {
        wrapped.push_str(first.trim_end());
        wrapped.push('\n');
    }
    wrapped
}

/// The terminal's width (at most 100 columns, like `--help`); `COLUMNS`, else 80, when
/// standard output is not a terminal.
fn width() -> usize {
    use std::io::IsTerminal as _;
    let columns = if std::io::stdout().is_terminal() {
        crossterm::terminal::size()
            .ok()
            .map(|(w, _)| usize::from(w))
    } else {
        None
    }
    .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
    .unwrap_or(80);
    columns.clamp(40, 100)
}
