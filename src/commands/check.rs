//! `rapport check`: validate the whole course and print every problem (docs/FORMATS.md § check);
//! when a gradebook exists, also warn about recorded scores the current rubrics leave behind.

use serde::Serialize;

use crate::cli::{CheckArgs, Global};
use crate::course::Course;
use crate::course::source::SourceFile;
use crate::diagnostic::{Diagnostic, Diagnostics, Place, Severity};
use crate::error::{Error, Result};
use crate::render::Renderer;
use crate::store::{Store, drift};
use crate::views::catalog;
use crate::{course, emit, emit_styled};

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn run(global: &Global, _args: &CheckArgs) -> Result<()> {
    let root = super::course_root(global)?;
    let loaded = course::load(&root)?;
    let mut report = loaded.report;
    if let Some(course) = &loaded.course {
        recorded_scores(global, course, &mut report)?;
        handbook_templates(course, &mut report)?;
    }
    let errors = report.count(Severity::Error);
    if global.json {
        let json = JsonReport {
            errors,
            warnings: report.count(Severity::Warning),
            diagnostics: &report.diagnostics,
        };
        emit(&super::json(&json))?;
    } else {
        emit_styled(&report.render(true))?;
    }
    if errors > 0 {
        Err(Error::CheckFailed { errors })
    } else {
        Ok(())
    }
}

/// Warnings for scores recorded against earlier versions of the rubrics, placed at the part of
/// the rubric file that changed (`criteria:` or `levels:`).
fn recorded_scores(global: &Global, course: &Course, report: &mut Diagnostics) -> Result<()> {
    let path = super::gradebook_of(global, course)?;
    if !Store::exists(&path)? {
        return Ok(());
    }
    // Only the scores of rubric versions that are not the current rubrics are read.
    let (mut recorded, off_scale) =
        Store::open_read(&path)?.read(|db| drift::recorded(db, course))?;
    recorded.retain(|r| !off_scale.iter().any(|o| o.covers(r)));
    let mut findings: Vec<(String, &str, String)> = drift::drift(course, &recorded)
        .into_iter()
        .map(|finding| {
            let key = if finding.message.starts_with("level") {
                "levels:"
            } else {
                "criteria:"
            };
            (finding.rubric, key, finding.message)
        })
        .collect();
    findings.extend(off_scale.iter().filter(|o| o.current).map(|o| {
        (
            o.rubric.clone(),
            "levels:",
            format!(
                "a score in the gradebook is off its rubric's scale, and is left out of progress: {}; run `rapport doctor`",
                o.describe()
            ),
        )
    }));
    // Each rubric file read once, however many findings it has.
    let mut files: std::collections::HashMap<String, SourceFile> = std::collections::HashMap::new();
    for (rubric, key, message) in findings {
        let file = files.entry(rubric).or_insert_with_key(|rubric| {
            let rel = format!("rubrics/{rubric}.yaml");
            let text = std::fs::read_to_string(course.root.join(&rel)).unwrap_or_default();
            SourceFile::new(rel, text)
        });
        let place = file
            .text
            .lines()
            .position(|l| l.starts_with(key))
            .map_or(Place::START, |i| Place {
                line: u32::try_from(i + 1).unwrap_or(1),
                column: 1,
                width: u32::try_from(key.len() - 1).unwrap_or(1),
            });
        report.push(file.warning(place, message));
    }
    report.sort();
    Ok(())
}

/// A course's own templates that fail only when a page is rendered (a variable the page does
/// not have): the handbook is rendered in memory and each failure placed in its template.
fn handbook_templates(course: &Course, report: &mut Diagnostics) -> Result<()> {
    if !course.root.join("templates").exists() {
        return Ok(());
    }
    let renderer = Renderer::new(Some(&course.root))?;
    let date = super::generation_date();
    let order = course.study_order();
    // The images as `catalog` gives them (an unreadable one is the course check's to report).
    let images = crate::badges::image::data_uris(course).unwrap_or_default();
    let mut problems = vec![renderer.problem(
        "catalog/index.html",
        &catalog::index(course, &date, &images),
    )];
    for module in &course.modules {
        let view = catalog::module(course, &order, module, &date);
        problems.push(renderer.problem("catalog/module.html", &view));
    }
    for rubric in &course.rubrics {
        let view = catalog::rubric(course, rubric, &date);
        problems.push(renderer.problem("catalog/rubric.html", &view));
    }
    problems.into_iter().flatten().for_each(|d| report.push(d));
    report.sort();
    Ok(())
}
