//! `rapport demo [--students N] [--seed S] [-o DIR]`: a course from the shipped curriculum, a
//! synthetic cohort scored over a term, and everything rendered, laid out as docs/FORMATS.md
//! § "Where things are written" says: `DIR/index.html`, `DIR/course/`, `DIR/handbook/`,
//! `DIR/reports/`.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{generation_date, valid_course_at};
use crate::cli::{DemoArgs, Global};
use crate::demo::{self, Options};
use crate::error::{Error, Result};
use crate::output::{self, Found, Marker, Staging};
use crate::render::Renderer;
use crate::store::{Store, roster};
use crate::views::{Link, PageHead};
use crate::{emit, status};

#[derive(Debug, Serialize)]
struct LandingView {
    page: PageHead,
    /// Every student of the term, those who left included.
    students: usize,
    /// Students who left during the term (archived): no report, still in the gradebook.
    left: usize,
    /// `students` in words: "24 students (one left mid-term)".
    cohort: String,
    instructors: usize,
    sessions: usize,
    assessments: usize,
    seed: u64,
    reports: Vec<Link>,
    course_dir: String,
    commands: Vec<Try>,
}

#[derive(Debug, Serialize)]
struct Try {
    command: String,
    what: &'static str,
}

pub fn run(global: &Global, args: &DemoArgs) -> Result<()> {
    let (dir, created) = match &args.output {
        Some(dir) => fresh(dir)?,
        None => (temporary()?, true),
    };
    // The landing page and the commands it suggests work from anywhere.
    let dir = dir.canonicalize().map_err(Error::io("read", &dir))?;
    let built = build(global, args, &dir);
    if built.is_err() {
        undo(&dir, created);
    }
    let (built, view, index) = built?;
    let example = view.reports.first().map_or("amara", |r| r.id.as_str());
    let (program, full_path) = super::program();
    let install = if full_path {
        "\n(to type `rapport` instead, put it on your PATH: `cargo install --locked --path .` in its repository)"
    } else {
        ""
    };
    status(
        global,
        &format!(
            "built a demo of {}, {} instructors, {} sessions and {} assessments in {}\n\
             open {} (the handbook, the cohort overview and every student's report)\n\
             try: {program} --course {} progress {example}{install}",
            cohort(view.students, view.left),
            built.instructors,
            built.sessions,
            built.assessments,
            dir.display(),
            index.display(),
            super::shell_path(&built.course),
        ),
    );
    emit(&format!("{}\n", index.display()))
}

/// "24 students (one left mid-term)": every student of the term, and how many of them left.
fn cohort(students: usize, left: usize) -> String {
    let students = match students {
        1 => "1 student".to_owned(),
        n => format!("{n} students"),
    };
    match left {
        0 => students,
        1 => format!("{students} (one left mid-term)"),
        n => format!("{students} ({n} left mid-term)"),
    }
}

/// What the demo writes in its folder, each published as `output` publishes.
const PARTS: [&str; 4] = ["course", "handbook", "reports", "index.html"];

/// Builds the demo in `dir` (new or empty): the course and its gradebook, the handbook, the
/// reports, and the landing page last.
fn build(
    global: &Global,
    args: &DemoArgs,
    dir: &Path,
) -> Result<(demo::Built, LandingView, PathBuf)> {
    let generated = generation_date();
    let today = generated
        .parse::<jiff::civil::Date>()
        .expect("generation_date gives YYYY-MM-DD");
    let options = Options {
        students: usize::from(args.students),
        seed: args.seed,
        today,
    };
    let bar = super::work_bar(global, options.students, "students");
    let built = demo::build(&dir.join(PARTS[0]), &options, |done, _| {
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let built = built?;

    let course = valid_course_at(&built.course)?;
    let renderer = Renderer::new(Some(&course.root))?;
    let handbook = super::catalog::pages(&course, &renderer, &generated)?;
    super::catalog::publish(global, &dir.join(PARTS[1]), handbook, false)?;
    let mut store = Store::open(&crate::store::Address::File(built.database.clone()))?;
    super::report::all(
        global,
        &course,
        &renderer,
        &mut store,
        &dir.join(PARTS[2]),
        None,
        &generated,
        false,
    )?;
    let view = landing(&course, &built, &mut store, args.seed, &generated)?;
    let staging = Staging::begin(dir, &[], Marker::Page, false)?;
    staging.write(PARTS[3], renderer.render("demo/index.html", &view)?)?;
    staging.publish(&[])?;
    Ok((built, view, dir.join(PARTS[3])))
}

/// After a failure: what this run put in `dir` (which was new or empty) is removed, and `dir`
/// itself when this run created it.
fn undo(dir: &Path, created: bool) {
    for part in PARTS {
        let path = dir.join(part);
        match Found::at(&path) {
            Ok(Found::Folder) => {
                let _ = fs::remove_dir_all(&path);
            }
            Ok(Found::File) => {
                let _ = fs::remove_file(&path);
            }
            _ => {}
        }
    }
    if created {
        let _ = fs::remove_dir(dir);
    }
}

/// The landing page: what was built, where to open it, what to try.
fn landing(
    course: &crate::course::Course,
    built: &demo::Built,
    store: &mut Store,
    seed: u64,
    generated: &str,
) -> Result<LandingView> {
    let (students, instructors) =
        store.read(|db| Ok((roster::students(db, false)?, roster::instructors(db)?)))?;
    // The first instructor, for the example scoring command.
    let instructor = instructors.first().map_or("jo", |i| i.id.as_str());
    let left = built.students - students.len();
    let course_dir = super::shell_path(&built.course);
    let (program, _) = super::program();
    let example = students.first().map_or("amara", |s| s.id.as_str());
    Ok(LandingView {
        page: PageHead::standalone(course, format!("{}: a demo", course.name), generated),
        students: built.students,
        left,
        cohort: cohort(built.students, left),
        instructors: built.instructors,
        sessions: built.sessions,
        assessments: built.assessments,
        seed,
        reports: students
            .iter()
            .map(|s| Link {
                id: s.id.clone(),
                title: s.name.clone(),
                href: format!("reports/students/{}.html", s.id),
            })
            .collect(),
        commands: vec![
            Try {
                command: format!("{program} --course {course_dir} progress {example}"),
                what: "a student's mastery and next steps in the terminal",
            },
            Try {
                command: format!("{program} --course {course_dir} history {example}"),
                what: "the audit trail of every assessment and amendment",
            },
            Try {
                command: format!("{program} --course {course_dir} session list"),
                what: "the term's sessions",
            },
            Try {
                command: format!(
                    "{program} --course {course_dir} session add today --date {generated} --kind live --title \"My first session\""
                ),
                what: "add a session of your own",
            },
            Try {
                command: format!(
                    "{program} --course {course_dir} score {example} --rubric artist-communication --session today --by {instructor}"
                ),
                what: "score it, walking through the rubric level by level (on a terminal)",
            },
            Try {
                command: format!("{program} --course {course_dir} export --format csv"),
                what: "everything recorded, in the import layout",
            },
        ],
        course_dir: built.course.display().to_string(),
    })
}

/// A folder the demo may fill: missing (created) or empty (but for what an interrupted run
/// left, which is removed); whether this run created it.
fn fresh(dir: &Path) -> Result<(PathBuf, bool)> {
    output::check_output_folder(dir)?;
    output::remove_abandoned(dir);
    if Found::at(dir)? == Found::Missing {
        fs::create_dir_all(dir).map_err(Error::io("create", dir))?;
        return Ok((dir.to_owned(), true));
    }
    if fs::read_dir(dir)
        .map_err(Error::io("read", dir))?
        .next()
        .is_some()
    {
        return Err(Error::refused_with(
            format!("`{}` is not empty", dir.display()),
            "the demo never writes over files: give `-o` a new or empty folder".to_owned(),
        ));
    }
    Ok((dir.to_owned(), false))
}

/// A new folder under the system's temporary folder: `rapport-demo-1`, `-2`, … the first that
/// does not exist yet (created atomically, so two demos never share one).
fn temporary() -> Result<PathBuf> {
    let base = std::env::temp_dir();
    for n in 1..=10_000 {
        let dir = base.join(format!("rapport-demo-{n}"));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::io("create", &dir)(e)),
        }
    }
    Err(Error::refused_with(
        format!("10,000 demo folders already exist in `{}`", base.display()),
        "remove old ones (`rapport-demo-*`), or give `-o DIR`",
    ))
}
