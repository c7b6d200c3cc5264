//! `rapport report STUDENT -o FILE` and `rapport report --all -o DIR [--cohort C]`: the HTML
//! progress reports, and with `--all` the instructors' cohort overview.
//!
//! `--all` reads everything from one snapshot (one read transaction) and streams the students
//! through a small bounded channel to rayon's workers, which build, render and write one report
//! each: memory stays flat however large the cohort.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::iter::{ParallelBridge as _, ParallelIterator as _};
use rusqlite::Transaction;

use super::{course_database, generation_date, id, valid_course};
use crate::calibration::{Selection, Units};
use crate::cli::{Global, ReportArgs};
use crate::course::model::Course;
use crate::error::{Error, Result, plural};
use crate::progress::{progress, rubric_order};
use crate::render::Renderer;
use crate::store::Store;
use crate::store::assessments::{self, Revision, Role};
use crate::store::roster::{self, Session, Student};
use crate::views::cohort::{self, Summary};
use crate::views::report::{self as report_view, Context};
use crate::{emit, status, suggest};

pub fn run(global: &Global, args: &ReportArgs) -> Result<()> {
    let course = valid_course(global)?;
    let renderer = Renderer::new(Some(&course.root))?;
    let generated = generation_date();
    let mut store = Store::open_read(&course_database(global, &course))?;
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
        )?;
        status(global, &written.describe(&args.output));
        return Ok(());
    }
    let wanted = id("student", args.student.as_deref().unwrap_or_default())?;
    let (student, revisions, people) = store.read(|db| {
        let student = super::student::find(db, &wanted)?;
        let revisions = assessments::latest(db, Some(&wanted))?;
        Ok((student, revisions, People::read(db)?))
    })?;
    let (html, _) = build(
        &course, &renderer, &people, &generated, &student, &revisions,
    )?;
    if args.output == Path::new("-") {
        return emit(&html);
    }
    // `reports/` names a folder even before it exists.
    if args.output.is_dir() || args.output.as_os_str().to_string_lossy().ends_with('/') {
        return Err(Error::Refused {
            message: format!("`{}` is a folder", args.output.display()),
            hint: Some(format!(
                "give the report a file name, such as `{}`; `--all -o DIR` writes a folder of reports",
                args.output
                    .join(format!("{}.html", student.id))
                    .display()
                    .to_string()
                    .replace("//", "/")
            )),
        });
    }
    refuse_foreign(&args.output)?;
    write_file(&args.output, &html)?;
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
struct People {
    sessions: BTreeMap<String, Session>,
    instructors: BTreeMap<String, String>,
}

impl People {
    fn read(db: &Transaction<'_>) -> Result<People> {
        Ok(People {
            sessions: roster::sessions(db)?
                .into_iter()
                .map(|s| (s.id.clone(), s))
                .collect(),
            instructors: roster::instructors(db)?
                .into_iter()
                .map(|i| (i.id, i.name))
                .collect(),
        })
    }
}

/// One student's report as HTML, and what the cohort overview keeps of it.
fn build(
    course: &Course,
    renderer: &Renderer,
    people: &People,
    generated: &str,
    student: &Student,
    revisions: &[Revision],
) -> Result<(String, Summary)> {
    let view = progress(course, student, revisions);
    let context = Context {
        course,
        revisions,
        sessions: &people.sessions,
        instructors: &people.instructors,
        generated,
    };
    let html = renderer.render(
        "report/student.html",
        &report_view::student_report(&view, &context),
    )?;
    Ok((html, cohort::summary(&view, revisions)))
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
/// inside `dir` first and moved into place only when all of it succeeded.
pub fn all(
    global: &Global,
    course: &Course,
    renderer: &Renderer,
    store: &mut Store,
    dir: &Path,
    cohort_filter: Option<&str>,
    generated: &str,
) -> Result<Written> {
    let folder_hint = "`--all` writes a folder: the cohort overview and one report per student; give a folder with `-o`, such as `-o reports`";
    if dir == Path::new("-") {
        return Err(Error::Refused {
            message: "`--all` cannot write to standard output".to_owned(),
            hint: Some(folder_hint.to_owned()),
        });
    }
    if dir.is_file() {
        return Err(Error::Refused {
            message: format!("`{}` is a file", dir.display()),
            hint: Some(folder_hint.to_owned()),
        });
    }
    let existed = dir.exists();
    remove_abandoned_staging(dir);
    let staging = dir.join(format!(".rapport-staging-{}", std::process::id()));
    let summaries = store.read(|db| {
        let students = chosen(db, cohort_filter)?;
        let people = People::read(db)?;
        let folder = staging.join("students");
        fs::create_dir_all(&folder).map_err(Error::io("create", &folder))?;
        let (summaries, double_scored) = render_all(
            global, course, renderer, db, &people, students, &folder, generated,
        )?;
        Ok((summaries, double_scored, people.sessions))
    });
    let published = summaries.and_then(|(mut summaries, double_scored, sessions)| {
        summaries.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        let rubrics = rubric_order(course);
        let mut view = cohort::cohort(course, &rubrics, &summaries, cohort_filter, generated);
        let units = Units::gather(course, &double_scored, &Selection::default());
        view.calibration = cohort::calibration(course, &units, &sessions);
        let index = staging.join("index.html");
        fs::write(&index, renderer.render("report/cohort.html", &view)?)
            .map_err(Error::io("write", &index))?;
        publish(&staging, dir, &summaries)
    });
    if staging.exists() {
        let _ = fs::remove_dir_all(&staging);
    }
    // A folder this run created holds nothing useful after a failure.
    if published.is_err() && !existed {
        let _ = fs::remove_dir_all(dir);
    }
    published
}

/// Staging folders that an interrupted or killed run left in `dir`: removed, so they never
/// publish copies of reports. One whose process still runs (Linux's /proc says so) is another
/// run's, writing now.
fn remove_abandoned_staging(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(".rapport-staging-") else {
            continue;
        };
        let alive = Path::new("/proc").join(pid).exists() && pid != std::process::id().to_string();
        if !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

const INTERRUPTED: &str = "the folder was left as it was";

/// Streams the students from the snapshot to rayon's workers, which build, render and write
/// one report each into `folder`; the summaries the cohort overview needs, and the instructor
/// revisions of assessments that two or more instructors made (for its calibration section).
#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
fn render_all(
    global: &Global,
    course: &Course,
    renderer: &Renderer,
    db: &Transaction<'_>,
    people: &People,
    students: Vec<Student>,
    folder: &Path,
    generated: &str,
) -> Result<(Vec<Summary>, Vec<Revision>)> {
    let bar = super::progress_bar(global, students.len(), "reports");
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
                        build(course, renderer, people, generated, &student, &revisions)?;
                    let path = folder.join(format!("{}.html", student.id));
                    fs::write(&path, html).map_err(Error::io("write", &path))?;
                    bar.inc(1);
                    Ok(summary)
                })
                .collect::<Result<Vec<Summary>>>()
        });
        let mut read = Ok(());
        let mut double_scored = Vec::new();
        for student in students {
            if stopped() {
                read = Err(Error::Interrupted(INTERRUPTED));
                break;
            }
            match assessments::latest(db, Some(&student.id)) {
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

/// Moves the staged reports into `dir/students/`, removes reports there of students not in
/// this run, and moves the overview to `dir/index.html` last.
fn publish(staging: &Path, dir: &Path, summaries: &[Summary]) -> Result<Written> {
    let folder = dir.join("students");
    fs::create_dir_all(&folder).map_err(Error::io("create", &folder))?;
    let targets: Vec<PathBuf> = summaries
        .iter()
        .map(|s| folder.join(format!("{}.html", s.id)))
        .chain([dir.join("index.html")])
        .collect();
    // A folder in a report's place would stop the moves half-way: look before moving any.
    if let Some(blocked) = targets.iter().find(|t| t.is_dir()) {
        return Err(Error::io("write", blocked)(std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    for to in &targets[..summaries.len()] {
        let from = staging
            .join("students")
            .join(to.file_name().expect("a file name"));
        fs::rename(&from, to).map_err(Error::io("write", to))?;
    }
    let mut removed = 0;
    for entry in fs::read_dir(&folder).map_err(Error::io("read", &folder))? {
        let path = entry.map_err(Error::io("read", &folder))?.path();
        let stale = path.extension().is_some_and(|e| e == "html")
            && path.file_stem().is_some_and(|stem| {
                !summaries
                    .iter()
                    .any(|s| stem == std::ffi::OsStr::new(&s.id))
            });
        if stale && path.is_file() {
            fs::remove_file(&path).map_err(Error::io("remove", &path))?;
            removed += 1;
        }
    }
    let index = dir.join("index.html");
    fs::rename(staging.join("index.html"), &index).map_err(Error::io("write", &index))?;
    Ok(Written {
        reports: summaries.len(),
        removed,
    })
}

/// The active students, of one cohort when asked, by ID. Each ID is checked again before it
/// becomes a file name: the database may have been edited by other tools.
fn chosen(db: &Transaction<'_>, cohort: Option<&str>) -> Result<Vec<Student>> {
    let active = roster::students(db, false)?;
    let students: Vec<Student> = match cohort {
        None => active,
        Some(wanted) => {
            let cohorts: Vec<&str> = active.iter().filter_map(|s| s.cohort.as_deref()).collect();
            if !cohorts.contains(&wanted) {
                let mut known = cohorts.clone();
                known.sort_unstable();
                known.dedup();
                return Err(Error::Unknown {
                    what: "cohort",
                    id: wanted.to_owned(),
                    suggestion: suggest::did_you_mean(wanted, known.iter().copied())
                        .map(str::to_owned),
                    hint: Some(if known.is_empty() {
                        "no active student has a cohort; set one with `rapport student add … --cohort` or the roster CSV's `cohort` column".to_owned()
                    } else {
                        format!("the cohorts of active students: {}", known.join(", "))
                    }),
                });
            }
            active
                .into_iter()
                .filter(|s| s.cohort.as_deref() == Some(wanted))
                .collect()
        }
    };
    if students.is_empty() {
        return Err(Error::Refused {
            message: "there are no active students on the roster".to_owned(),
            hint: Some(
                "add students with `rapport student add` or `rapport student import roster.csv`"
                    .to_owned(),
            ),
        });
    }
    for student in &students {
        if crate::ids::normalize(&student.id).as_deref() != Ok(student.id.as_str()) {
            return Err(Error::Refused {
                message: format!(
                    "the roster holds the student ID `{}`, which cannot become a file name",
                    student.id
                ),
                hint: Some("IDs are ASCII letters, digits, `-`, `_` and `.`; the database was changed by another tool: fix the ID there".to_owned()),
            });
        }
    }
    Ok(students)
}

/// Replacing a report is expected; replacing anything else (the gradebook, course.yaml, a
/// document) by a mistyped `-o` must not happen.
fn refuse_foreign(path: &Path) -> Result<()> {
    use std::io::Read as _;
    if !path.is_file() {
        return Ok(());
    }
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .map_err(Error::io("read", path))?;
    if String::from_utf8_lossy(&head).contains("<meta name=\"generator\" content=\"rapport\">") {
        return Ok(());
    }
    Err(Error::Refused {
        message: format!("`{}` exists and is not a page rapport wrote", path.display()),
        hint: Some("give the report another file name, or remove that file first if you mean to replace it".to_owned()),
    })
}

/// Writes `path` whole or not at all: to a temporary file beside it, then renamed over it.
fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
    }
    let mut temporary = PathBuf::from(path);
    temporary.set_file_name(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    fs::write(&temporary, text).map_err(Error::io("write", &temporary))?;
    fs::rename(&temporary, path).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        Error::io("write", path)(e)
    })
}
