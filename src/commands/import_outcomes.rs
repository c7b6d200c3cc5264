//! `rapport import-outcomes FILE [-o DIR]`: a Canvas outcomes CSV (Canvas's Outcome Export of
//! an account, or a file in its import format) as rubric files in `DIR/rubrics/`
//! (docs/FORMATS.md § Canvas Outcomes CSV). All or nothing: every bad row is reported and
//! nothing is written.

use crate::canvas::{self, import, yaml};
use crate::cli::{Global, ImportOutcomesArgs};
use crate::course::load;
use crate::course::model::Rubric;
use crate::course::source::SourceFile;
use crate::csvio::{self, Problem};
use crate::diagnostic::{Diagnostics, Severity};
use crate::error::{Error, Result, plural};
use crate::output::{self, Marker, Staging};
use crate::status;

pub fn run(global: &Global, args: &ImportOutcomesArgs) -> Result<()> {
    let file = &args.file;
    let (rows, has_ratings) = csvio::read_outcomes(file)?;
    if !has_ratings {
        return Err(Error::refused_with(
            format!(
                "{}:1: the file has no `ratings` column, so rapport cannot tell the outcomes' \
                 levels; nothing was written",
                file.display()
            ),
            "Canvas leaves the ratings out when account-level mastery scales are on: add a \
             `ratings` column as the last one and, on each outcome's row, the account's mastery \
             scale (points, then description, highest first)",
        ));
    }
    let failed = |problems: Vec<Problem>| {
        let rows = {
            let mut lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
            lines.dedup();
            lines.len()
        };
        Error::ImportFailed {
            file: file.clone(),
            problems: problems.iter().map(|p| p.located(file)).collect(),
            rows,
            dry_run: false,
        }
    };
    let mut problems = Vec::new();
    let mut refused = Vec::new();
    let mut checked = Vec::new();
    for row in rows {
        match row {
            Ok(row) => checked.push(row),
            Err((problem, guid)) => {
                problems.push(problem);
                refused.push(guid);
            }
        }
    }
    let plan = match import::plan(&checked, &refused) {
        Ok(plan) if problems.is_empty() => plan,
        Ok(_) => return Err(failed(problems)),
        Err(more) => {
            problems.extend(more);
            problems.sort();
            return Err(failed(problems));
        }
    };
    for (line, note) in &plan.notes {
        status(global, &format!("{}:{line}: note: {note}", file.display()));
    }
    if plan.rubrics.is_empty() {
        return Err(Error::refused_with(
            format!(
                "{}: no outcomes to import; nothing was written",
                file.display()
            ),
            "a rubric is made of outcomes: the file holds only groups, or only deleted rows",
        ));
    }
    write(global, args, &plan)
}

/// The rubric files, each checked by the course loader's own rules before anything is written.
fn checked_files(dir: &std::path::Path, rubrics: &[Rubric]) -> Result<Vec<SourceFile>> {
    let files: Vec<SourceFile> = rubrics
        .iter()
        .map(|r| SourceFile::new(format!("rubrics/{}.yaml", r.id), yaml::rubric(r)))
        .collect();
    let loaded = load::validate_files(dir, None, &[], &files, Diagnostics::default());
    if let Some(error) = loaded
        .report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && d.path.starts_with("rubrics/"))
    {
        return Err(Error::refused(format!(
            "{}:{}:{}: rapport wrote a rubric its own check refuses ({}); nothing was written. \
             This is a bug: please report it with the CSV",
            error.path, error.line, error.column, error.message
        )));
    }
    Ok(files)
}

/// Writes the rubrics (all, or none when one is in the way) and says what was written.
fn write(global: &Global, args: &ImportOutcomesArgs, plan: &import::Plan) -> Result<()> {
    let dir = &args.output;
    // Refuse a file in the way before writing anything.
    output::check_output_folder(dir)?;
    output::check_folder(&dir.join("rubrics"))?;
    for rubric in &plan.rubrics {
        output::check_file(
            &dir.join(format!("rubrics/{}.yaml", rubric.id)),
            Marker::Nothing,
            args.force,
        )?;
    }
    let files = checked_files(dir, &plan.rubrics)?;
    let staging = Staging::begin(dir, &["rubrics"], Marker::Nothing, args.force)?;
    for file in files {
        staging.write(&file.path, file.text)?;
    }
    staging.publish(&[])?;
    let criteria: usize = plan.rubrics.iter().map(|r| r.criteria.len()).sum();
    let count = plan.rubrics.len();
    status(
        global,
        &format!(
            "wrote {count} {} ({criteria} {}) to {}: {}",
            plural(count, "rubric", "rubrics"),
            plural(criteria, "criterion", "criteria"),
            dir.join("rubrics").display(),
            plan.rubrics
                .iter()
                .map(|r| format!("{}.yaml", r.id))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    if let Some(mastery) = &plan.mastery {
        status(
            global,
            &format!(
                "the outcomes' calculation method is rapport's `{}`: to use it, write in \
                 course.yaml `mastery: {{ {} }}`",
                mastery.name(),
                canvas::course_yaml(mastery)
            ),
        );
    } else if plan.mixed {
        status(
            global,
            "note: the outcomes use several calculation methods; a course has one, course.yaml's \
             `mastery`",
        );
    }
    status(
        global,
        "next: name the rubrics in a module's `assessed_by`, then `rapport check`",
    );
    Ok(())
}
