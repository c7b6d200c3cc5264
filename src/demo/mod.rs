//! The data behind `rapport demo`: the shipped course written to a folder, and a gradebook
//! holding a synthetic cohort scored over one twelve-week term.
//!
//! Everything is decided by one `ChaCha8` stream seeded from `Options::seed`, walked in a fixed
//! order, and every time recorded is derived from a session date: the same options give the
//! same roster, sessions, assessments, revisions and timestamps, down to the roster's
//! `created_at` and `archived_at` stamps.
//!
//! The cohort is shaped to make every view interesting: latent abilities per skill that grow
//! over the term (a few students plateau, one or two struggle, one or two start strong),
//! students who stopped coming more than `recent_days` ago, one who left and is archived,
//! double-scored assessments (inter-rater agreement), self-assessments that over- and
//! underrate (blind spots, hidden strengths), peer ratings in team projects, instructor
//! comments and notes, and a couple of amendments in the audit trail.

//!
//! The generator is split by concept: `dice` (the random stream), `term` (the calendar),
//! `sessions` (instructors and the term's sessions), `students` (the cohort and how each one
//! grows), `writer` (the gradebook's rows), and `prose` (the words, from `prose.yaml`).

mod dice;
mod prose;
mod sessions;
mod students;
mod term;
mod writer;

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::course::scaffold::scaffold;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::roster;
use dice::Dice;
use sessions::{INSTRUCTORS, plan_sessions};
use students::{plan_peers, plan_students};
use term::Term;
use writer::Writer;

/// What to generate.
pub struct Options {
    /// How many students the cohort has.
    pub students: usize,
    /// Seeds every random choice.
    pub seed: u64,
    /// The last day of the term: no session is later.
    pub today: Date,
}

/// What `build` wrote.
pub struct Built {
    /// The course folder.
    pub course: PathBuf,
    pub database: PathBuf,
    pub students: usize,
    pub instructors: usize,
    pub sessions: usize,
    /// Assessments recorded (amendments are revisions of these, not counted again).
    pub assessments: usize,
}

/// Writes the shipped course into `course_dir` (which must not already hold course.yaml) and a
/// gradebook `course_dir/rapport.db` with a synthetic cohort. Deterministic: the same options
/// give identical data (every time stamp is derived from a session date, never the clock).
/// `students_written(done, total)` is called once before the first student
/// and after each one; `total` is the number of students.
pub fn build(
    course_dir: &Path,
    options: &Options,
    mut students_written: impl FnMut(usize, usize),
) -> Result<Built> {
    if !(1900..=9000).contains(&options.today.year()) {
        return Err(Error::Refused {
            message: format!(
                "a demo term cannot end on {}: choose a date between 1900 and 9000",
                options.today
            ),
            hint: None,
        });
    }
    let files = scaffold();
    if let Some(existing) = std::iter::once("course.yaml")
        .chain(files.iter().map(|(path, _)| path.as_str()))
        .chain(std::iter::once("rapport.db"))
        .map(|path| course_dir.join(path))
        .find(|path| path.exists())
    {
        return Err(Error::AlreadyExists { path: existing });
    }
    for (path, text) in &files {
        let path = course_dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
        }
        fs::write(&path, text).map_err(Error::io("write", &path))?;
    }
    let loaded = crate::course::load(course_dir)?;
    let course = loaded.course.ok_or(Error::CourseInvalid {
        errors: loaded.report.diagnostics.len(),
    })?;
    let database = course
        .database
        .clone()
        .unwrap_or_else(|| course_dir.join("rapport.db"));

    let mut dice = Dice::seeded(options.seed);
    let term = Term::new(options.today);
    let sessions = plan_sessions(&mut dice, &course, &term);
    let students = plan_students(&mut dice, &course, &sessions, options.students);
    let peers = plan_peers(&mut dice, &course, &sessions, &students);

    let mut store = Store::open(&crate::store::Address::File(database.clone()))?;
    let assessments = store.write(|tx| {
        // `store::roster` stamps rows with the clock; a demo's are then restamped from its term
        // (`stamp_from_sessions`), and what that frees is zeroed, so a seed gives the same
        // bytes whenever it runs.
        roster::zero_freed_space(tx)?;
        let mut writer = Writer {
            tx,
            course: &course,
            term: &term,
            sessions: &sessions,
            dice: &mut dice,
            clocks: sessions.iter().map(|s| s.clocks).collect(),
            recorded: 0,
            amendable: Vec::new(),
        };
        writer.roster(&students)?;
        students_written(0, students.len());
        for (index, student) in students.iter().enumerate() {
            writer.student(index, student, &students, &peers)?;
            if student.archived {
                // Never the clock: `stamp_from_sessions` sets the day after their last assessment, and
                // a stamp of the clock's would stay behind in the file's free space.
                roster::archive_student_at(tx, &student.id, "demo", "1970-01-01T00:00:00Z")?;
            }
            students_written(index + 1, students.len());
        }
        writer.amendments(students.len())?;
        roster::stamp_from_sessions(tx)?;
        Ok(writer.recorded)
    })?;
    Ok(Built {
        course: course_dir.to_path_buf(),
        database,
        students: students.len(),
        instructors: INSTRUCTORS.len(),
        sessions: sessions.len(),
        assessments,
    })
}

#[cfg(test)]
mod tests {
    use crate::store::Tx;

    use super::students::{names, slug};
    use super::*;
    use crate::course::model::Course;
    use crate::gradebook::SessionKind;
    use crate::store::assessments::{self, Role};
    use crate::store::drift;

    /// The course `rapport init` and `rapport demo` write, loaded from a scratch folder.
    pub(super) fn shipped() -> Course {
        let dir = tempfile::TempDir::new().unwrap();
        for (path, text) in crate::embedded::COURSE_FILES {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        crate::course::load(dir.path()).unwrap().course.unwrap()
    }

    fn options(students: usize) -> Options {
        Options {
            students,
            seed: 7,
            today: jiff::civil::date(2026, 11, 25),
        }
    }

    /// Everything the gradebook says, as JSON: roster, sessions, latest revisions and every
    /// student's history.
    fn dump(database: &Path) -> String {
        let mut store = Store::open(&crate::store::Address::File(database.to_owned())).unwrap();
        store
            .read(|tx| {
                let students = roster::students(tx, true)?;
                let history: Vec<_> = students
                    .iter()
                    .map(|s| assessments::history(tx, &s.id))
                    .collect::<Result<_>>()?;
                Ok(serde_json::to_string(&(
                    &students,
                    roster::instructors(tx)?,
                    roster::sessions(tx)?,
                    assessments::latest(tx, None)?,
                    history,
                ))
                .unwrap())
            })
            .unwrap()
    }

    #[test]
    fn a_default_demo_is_plausible_and_consistent() {
        let dir = tempfile::TempDir::new().unwrap();
        let folder = dir.path().join("course");
        let mut calls = Vec::new();
        let built = build(&folder, &options(24), |done, total| {
            calls.push((done, total));
        })
        .unwrap();
        assert_eq!(calls.first(), Some(&(0, 24)));
        assert_eq!(calls.last(), Some(&(24, 24)));
        assert_eq!(calls.len(), 25);
        assert_eq!((built.students, built.instructors), (24, 4));
        assert!((18..=30).contains(&built.sessions), "{}", built.sessions);
        assert!(built.assessments > 300, "{} assessments", built.assessments);
        assert_eq!(built.database, folder.join("rapport.db"));
        // The course validates as written.
        let course = crate::course::load(&folder).unwrap().course.unwrap();
        let mut store = Store::open(&crate::store::Address::File(built.database.clone())).unwrap();
        doctor(&mut store, &course);
        store
            .read(|tx| {
                roster_is_plausible(tx, &built);
                assessments_are_plausible(tx, &course, &built);
                Ok(())
            })
            .unwrap();
    }

    /// What `rapport doctor` checks.
    fn doctor(store: &mut Store, course: &Course) {
        assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
        assert_eq!(store.references().unwrap(), Vec::<String>::new());
        assert!(store.read(assessments::off_scale).unwrap().is_empty());
        let recorded = store.read(assessments::recorded_levels).unwrap();
        assert!(drift::drift(course, &recorded).is_empty());
    }

    fn roster_is_plausible(tx: &Tx<'_>, built: &Built) {
        let sessions = roster::sessions(tx).unwrap();
        assert_eq!(sessions.len(), built.sessions);
        assert_eq!(sessions[0].id, "s01");
        assert!(sessions[0].date.as_str() >= "2026-09-02");
        assert!(sessions.iter().all(|s| s.date.as_str() < "2026-11-25"));
        let last = &sessions.last().unwrap().date;
        assert!(last.as_str() >= "2026-11-22", "last session {last}");
        for kind in [
            SessionKind::Live,
            SessionKind::Team,
            SessionKind::Mentorship,
            SessionKind::Etiquette,
        ] {
            assert!(
                sessions.iter().any(|s| s.kind == kind),
                "no {} session",
                kind.as_str()
            );
        }
        for live in sessions.iter().filter(|s| s.kind == SessionKind::Live) {
            let artist = live.artist.as_deref().unwrap();
            assert!(
                live.title.ends_with(&format!(" with {artist}")),
                "{}",
                live.title
            );
        }

        let students = roster::students(tx, true).unwrap();
        assert_eq!(students.len(), 24);
        assert_eq!(students.iter().filter(|s| s.archived).count(), 1);
        for student in &students {
            assert_eq!(crate::ids::normalize(&student.id).unwrap(), student.id);
            assert_eq!(student.cohort.as_deref(), Some("2026-autumn"));
            let email = format!("{}@students.example.org", student.id);
            assert_eq!(student.email.as_deref(), Some(email.as_str()));
        }
        let mut names: Vec<&str> = students.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 24);
        assert_eq!(roster::instructors(tx).unwrap().len(), 4);
    }

    fn assessments_are_plausible(tx: &Tx<'_>, course: &Course, built: &Built) {
        let latest = assessments::latest(tx, None).unwrap();
        assert_eq!(latest.len(), built.assessments);
        for revision in &latest {
            let at: jiff::Timestamp = revision.recorded_at.parse().unwrap();
            assert_eq!(at.to_string(), revision.recorded_at);
            assert!(revision.recorded_at.as_str() > revision.date.as_str());
            assert!(revision.recorded_at.as_str() < "2026-11-25");
        }
        let by = |role: Role| latest.iter().filter(|r| r.role == role).count();
        assert!(by(Role::SelfAssessment) > 20);
        assert!(by(Role::Peer) > 5);

        // Amendments come later than what they correct, with a reason.
        let amended: Vec<_> = latest.iter().filter(|r| r.revision > 1).collect();
        assert_eq!(amended.len(), 2);
        for revision in amended {
            assert!(revision.reason.is_some());
            let history = assessments::history(tx, &revision.student).unwrap();
            let first = history
                .iter()
                .find(|h| {
                    h.revision == 1
                        && (&h.session, &h.rater, &h.rubric)
                            == (&revision.session, &revision.rater, &revision.rubric)
                })
                .unwrap();
            assert!(first.recorded_at < revision.recorded_at);
        }

        // Some assessments are double-scored; most have a comment.
        let instructor: Vec<_> = latest
            .iter()
            .filter(|r| r.role == Role::Instructor)
            .collect();
        let mut units = std::collections::BTreeMap::new();
        for r in &instructor {
            *units
                .entry((&r.session, &r.student, &r.rubric))
                .or_insert(0) += 1;
        }
        let doubled = units.values().filter(|n| **n > 1).count();
        assert!(doubled > 20, "{doubled} double-scored");
        let commented = instructor.iter().filter(|r| r.comment.is_some()).count();
        assert!(commented * 2 > instructor.len());

        // Active students not assessed in the last 30 days (the course's recent_days).
        let students = roster::students(tx, false).unwrap();
        let lapsed = students
            .iter()
            .filter(|s| {
                !instructor
                    .iter()
                    .any(|r| r.student == s.id && r.date.as_str() >= "2026-10-26")
            })
            .count();
        assert!(lapsed >= 2, "{lapsed} not assessed recently");

        // Progress shows blind spots and hidden strengths.
        let mut gaps = Vec::new();
        for student in &students {
            let mine = assessments::latest(tx, Some(&student.id)).unwrap();
            let progress = crate::progress::progress(course, student, &mine);
            for rubric in &progress.rubrics {
                gaps.extend(
                    rubric
                        .criteria
                        .iter()
                        .filter_map(|c| c.self_gap.map(crate::gradebook::SelfGap::as_str)),
                );
            }
        }
        assert!(gaps.contains(&"blind_spot"));
        assert!(gaps.contains(&"hidden_strength"));
    }

    #[test]
    fn the_same_options_give_the_same_data() {
        let one = tempfile::TempDir::new().unwrap();
        let two = tempfile::TempDir::new().unwrap();
        let a = build(one.path(), &options(24), |_, _| {}).unwrap();
        let b = build(two.path(), &options(24), |_, _| {}).unwrap();
        assert_eq!(dump(&a.database), dump(&b.database));
        // And another seed gives another cohort.
        let (three, four) = (
            tempfile::TempDir::new().unwrap(),
            tempfile::TempDir::new().unwrap(),
        );
        let c = build(three.path(), &options(6), |_, _| {}).unwrap();
        let d = build(
            four.path(),
            &Options {
                seed: 8,
                ..options(6)
            },
            |_, _| {},
        )
        .unwrap();
        assert_ne!(dump(&c.database), dump(&d.database));
    }

    #[test]
    fn an_existing_course_is_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        fs::write(dir.path().join("course.yaml"), "name: Mine\n").unwrap();
        let error = build(dir.path(), &options(3), |_, _| {}).err().unwrap();
        assert!(matches!(error, Error::AlreadyExists { .. }));
        assert_eq!(
            fs::read_to_string(dir.path().join("course.yaml")).unwrap(),
            "name: Mine\n"
        );
    }

    #[test]
    fn tiny_and_large_cohorts_build() {
        for students in [0, 1, 2, 5, 12] {
            let dir = tempfile::TempDir::new().unwrap();
            let built = build(dir.path(), &options(students), |_, _| {}).unwrap();
            assert_eq!(built.students, students);
        }
    }

    #[test]
    fn ids_are_slugs_of_the_names() {
        assert_eq!(slug("Zoë"), "zoe");
        assert_eq!(slug("Siobhán"), "siobhan");
        assert_eq!(slug("O'Brien"), "o-brien");
        assert_eq!(slug("Bjørn"), "bjorn");
        let mut dice = Dice::seeded(1);
        let all = names(&mut dice, 150);
        let mut ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
        for id in &ids {
            assert_eq!(crate::ids::normalize(id).as_deref(), Ok(*id));
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 150);
    }

    #[test]
    fn the_cohort_is_named_after_the_season_the_term_started_in() {
        assert_eq!(
            Term::new(jiff::civil::date(2026, 11, 25)).cohort,
            "2026-autumn"
        );
        assert_eq!(
            Term::new(jiff::civil::date(2027, 3, 20)).cohort,
            "2026-winter"
        );
        assert_eq!(
            Term::new(jiff::civil::date(2027, 6, 30)).cohort,
            "2027-spring"
        );
    }
}
