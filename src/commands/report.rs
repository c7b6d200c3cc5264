//! `rapport report STUDENT -o FILE` and `rapport report --all -o DIR [--cohort C]`: the HTML
//! progress reports, and with `--all` the instructors' cohort overview.
//!
//! `--all` reads everything from one snapshot (one read transaction) and streams the students
//! through a small bounded channel to rayon's workers, which build, render and write one report
//! each: memory stays flat however large the cohort.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;

use crate::store::Tx;
use rayon::iter::{ParallelBridge as _, ParallelIterator as _};

use super::{generation_date, gradebook_of, id, valid_course};
use crate::calibration::{Selection, Units};
use crate::cli::{Global, ReportArgs};
use crate::course::model::Course;
use crate::error::{Error, Result, plural};
use crate::output::{self, Marker, Staging};
use crate::progress::progress;
use crate::render::Renderer;
use crate::store::Store;
use crate::store::assessments::{self, Revision, Role};
use crate::store::latest::Latest;
use crate::store::roster::{self, Session, Student};
use crate::views::cohort::{self, Summary};
use crate::views::report::{self as report_view, Context};
use crate::{emit, status};

pub fn run(global: &Global, args: &ReportArgs) -> Result<()> {
    let course = valid_course(global)?;
    let renderer = Renderer::new(Some(&course.root))?;
    let generated = generation_date();
    let mut store = Store::open_read(&gradebook_of(global, &course)?)?;
    if args.all {
        let cohort = args.cohort.as_deref().map(str::trim);
        let written = all(
            global,
            &course,
            &renderer,
            &mut store,
            &args.output,
            cohort,
            &generated,
            args.force,
        )?;
        status(global, &written.describe(&args.output));
        return Ok(());
    }
    let wanted = id("student", args.student.as_deref().unwrap_or_default())?;
    let (student, revisions, directory) = store.read(|db| {
        let student = crate::lookup::student(db, &wanted)?;
        let revisions = assessments::latest(db, Some(&wanted))?;
        Ok((student, revisions, Directory::read(db)?))
    })?;
    let (html, _) = build(
        &course, &renderer, &directory, &generated, &student, &revisions,
    )?;
    let html = output::mark_page(html);
    if args.output == Path::new("-") {
        return emit(&html);
    }
    // `reports/` names a folder even before it exists.
    if args.output.is_dir() || args.output.as_os_str().to_string_lossy().ends_with('/') {
        return Err(Error::refused_with(
            format!("`{}` is a folder", args.output.display()),
            format!(
                "give the report a file name, such as `{}`; `--all -o DIR` writes a folder of reports",
                args.output
                    .join(format!("{}.html", student.id))
                    .display()
                    .to_string()
                    .replace("//", "/")
            ),
        ));
    }
    output::write_file(&args.output, html.as_bytes(), Marker::Page, args.force)?;
    status(
        global,
        &format!(
            "wrote the report of {} ({}): open {}",
            student.name,
            student.id,
            args.output.display()
        ),
    );
    Ok(())
}

/// The sessions and instructors every report looks names up in.
struct Directory {
    sessions: BTreeMap<String, Session>,
    instructors: BTreeMap<String, String>,
    /// Student ID → the Open Badges credentials they hold (issued, not revoked).
    credentials: BTreeMap<String, Vec<crate::store::badges::Credential>>,
}

impl Directory {
    fn read(db: &Tx<'_>) -> Result<Directory> {
        Ok(Directory {
            sessions: roster::sessions(db)?
                .into_iter()
                .map(|s| (s.id.clone(), s))
                .collect(),
            instructors: roster::instructors(db)?
                .into_iter()
                .map(|i| (i.id, i.name))
                .collect(),
            credentials: crate::store::badges::held_by_student(db)?,
        })
    }
}

/// One student's report as HTML, and what the cohort overview keeps of it.
fn build(
    course: &Course,
    renderer: &Renderer,
    directory: &Directory,
    generated: &str,
    student: &Student,
    revisions: &[Revision],
) -> Result<(String, Summary)> {
    let view = progress(course, student, revisions);
    let context = Context {
        course,
        revisions,
        sessions: &directory.sessions,
        instructors: &directory.instructors,
        generated,
        credentials: directory
            .credentials
            .get(&student.id)
            .map_or(&[][..], Vec::as_slice),
    };
    let html = renderer.render(
        "report/student.html",
        &report_view::student_report(&view, &context),
    )?;
    Ok((html, cohort::summary(course, &view, revisions, generated)))
}

/// What `all` did.
pub struct Written {
    pub reports: usize,
    /// Reports left in `students/` by an earlier run for students not listed now (archived,
    /// or of another cohort): removed, so a folder never publishes a report it does not link.
    pub removed: usize,
}

impl Written {
    /// "wrote 24 reports and the cohort overview: open DIR/index.html".
    #[must_use]
    pub fn describe(&self, dir: &Path) -> String {
        let removed = match self.removed {
            0 => String::new(),
            n => format!(
                " (and removed {n} earlier {} of students not listed now)",
                plural(n, "report", "reports")
            ),
        };
        format!(
            "wrote {} {} and the cohort overview{removed}: open {}",
            self.reports,
            plural(self.reports, "report", "reports"),
            dir.join("index.html").display()
        )
    }
}

/// Every active student's report (of `cohort` when given) under `dir/students/`, and the
/// cohort overview as `dir/index.html`. Everything is rendered into a hidden staging folder
/// inside `dir` first and moved into place only when all of it succeeded (see `output`);
/// reports rapport wrote earlier for students not listed now are then removed.
#[allow(clippy::too_many_arguments)] // two call sites; a struct would only rename them
pub fn all(
    global: &Global,
    course: &Course,
    renderer: &Renderer,
    store: &mut Store,
    dir: &Path,
    cohort_filter: Option<&str>,
    generated: &str,
    force: bool,
) -> Result<Written> {
    let folder_hint = "`--all` writes a folder: the cohort overview and one report per student; give a folder with `-o`, such as `-o reports`";
    if dir == Path::new("-") {
        return Err(Error::refused_with(
            "`--all` cannot write to standard output",
            folder_hint.to_owned(),
        ));
    }
    if dir.is_file() {
        return Err(Error::refused_with(
            format!("`{}` is a file", dir.display()),
            folder_hint.to_owned(),
        ));
    }
    let staging = Staging::begin(dir, &[STUDENTS], Marker::Page, force)?;
    let (mut summaries, double_scored, sessions) = store.read(|db| {
        let students = chosen(db, cohort_filter)?;
        let directory = Directory::read(db)?;
        let (summaries, double_scored) = render_all(
            global, course, renderer, db, &directory, students, &staging, generated,
        )?;
        Ok((summaries, double_scored, directory.sessions))
    })?;
    summaries.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let rubrics = course.rubric_order();
    let mut view = cohort::cohort(course, &rubrics, &summaries, cohort_filter, generated);
    let units = Units::gather(course, &double_scored, &Selection::default());
    view.calibration = cohort::calibration(course, &units, &sessions);
    let reports = summaries.len();
    // Only the view is needed now: the page of a large cohort is made with as little else
    // held as can be.
    drop((summaries, double_scored, units));
    staging.write(
        "index.html",
        renderer.render_owned("report/cohort.html", view)?,
    )?;
    let removed = staging.publish(&[STUDENTS])?;
    Ok(Written { reports, removed })
}

/// The folder of the students' reports inside the output folder.
const STUDENTS: &str = "students";

const INTERRUPTED: &str = "the folder was left as it was";

/// Streams the students from the snapshot to rayon's workers, which build, render and write
/// one report each into `folder`; the summaries the cohort overview needs, and the instructor
/// revisions of assessments that two or more instructors made (for its calibration section).
#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
fn render_all(
    global: &Global,
    course: &Course,
    renderer: &Renderer,
    db: &Tx<'_>,
    directory: &Directory,
    students: Vec<Student>,
    staging: &Staging,
    generated: &str,
) -> Result<(Vec<Summary>, Vec<Revision>)> {
    let bar = super::work_bar(global, students.len(), "reports");
    let stop = super::interrupted();
    let stopped = || stop.load(std::sync::atomic::Ordering::SeqCst);
    // A few students queued per worker: enough to keep every core busy, never the cohort.
    let (sender, receiver) =
        mpsc::sync_channel::<(Student, Vec<Revision>)>(2 * rayon::current_num_threads());
    let result = std::thread::scope(|scope| {
        let workers = scope.spawn(|| {
            receiver
                .into_iter()
                .par_bridge()
                .map(|(student, revisions)| {
                    if stopped() {
                        return Err(Error::Interrupted(INTERRUPTED));
                    }
                    let (html, summary) =
                        build(course, renderer, directory, generated, &student, &revisions)?;
                    staging.write(&format!("{STUDENTS}/{}.html", student.id), html)?;
                    bar.inc(1);
                    Ok(summary)
                })
                .collect::<Result<Vec<Summary>>>()
        });
        let mut read = Ok(());
        let mut double_scored = Vec::new();
        // One joined query per student, compiled once; each rubric version's scale read once.
        let mut latest = Latest::new(db);
        for student in students {
            if stopped() {
                read = Err(Error::Interrupted(INTERRUPTED));
                break;
            }
            match latest.of_student(&student.id) {
                Ok(revisions) => {
                    double_scored.extend(scored_by_several(&revisions));
                    // The workers stopped on an error: theirs is the one to report.
                    if sender.send((student, revisions)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    read = Err(e);
                    break;
                }
            }
        }
        drop(sender);
        let written = workers.join().expect("a report worker panicked");
        read.and(written)
            .map(|summaries| (summaries, double_scored))
    });
    bar.finish_and_clear();
    result
}

/// A student's instructor revisions in the sessions and rubrics where more than one instructor
/// scored them.
fn scored_by_several(revisions: &[Revision]) -> Vec<Revision> {
    let mut raters: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let instructors = || revisions.iter().filter(|r| r.role == Role::Instructor);
    for revision in instructors() {
        *raters
            .entry((&revision.session, &revision.rubric))
            .or_default() += 1;
    }
    instructors()
        .filter(|r| raters[&(r.session.as_str(), r.rubric.as_str())] > 1)
        .map(|r| Revision {
            // Agreement needs the levels only: the words stay with the report.
            comment: None,
            reason: None,
            scores: r
                .scores
                .iter()
                .map(|s| assessments::Score {
                    note: None,
                    ..s.clone()
                })
                .collect(),
            ..r.clone()
        })
        .collect()
}

/// The active students, of one cohort when asked, by ID. Each ID is checked again before it
/// becomes a file name: the database may have been edited by other tools.
fn chosen(db: &Tx<'_>, cohort: Option<&str>) -> Result<Vec<Student>> {
    let active = roster::students(db, false)?;
    let students: Vec<Student> = match cohort {
        None => active,
        Some(wanted) => crate::lookup::cohort(active, wanted)?,
    };
    if students.is_empty() {
        return Err(Error::refused_with(
            "there are no active students on the roster",
            "add students with `rapport student add` or `rapport student import roster.csv`"
                .to_owned(),
        ));
    }
    for student in &students {
        if crate::ids::normalize(&student.id).as_deref() != Ok(student.id.as_str()) {
            return Err(Error::refused_with(
                format!(
                    "the roster holds the student ID `{}`, which cannot become a file name",
                    student.id
                ),
                "IDs are ASCII letters, digits, `-`, `_` and `.`; the database was changed by another tool: fix the ID there",
            ));
        }
    }
    Ok(students)
}
