//! Gradebook tests: store. Opening checks (what is refused and left untouched), where the
//! database is and when it is created, concurrent writers, a killed import, rubrics edited after
//! scoring, backup and doctor.

use std::fmt::Write as _;
use std::fs;
use std::os::unix::process::ExitStatusExt as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use crate::support::{Test, score_in_s1};

const HEADER: &str = "session,date,student,rater,role,rubric,criterion,level,note,comment\n";
/// The header `export` writes: the import columns and the sessions' titles and kinds.
const EXPORT_HEADER: &str = "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n";

const NOT_A_DATABASE_HINT: &str = "  hint: point `--db` (or `RAPPORT_DB`, or `database:` in course.yaml) at the gradebook file, or move this one away\n";

const SCHEMA_HINT: &str = "  hint: give rapport a schema of its own: add `schema=NAME` to the URL (or point `--db` at another database)\n";

/// The real binary in the test's folder, with the harness's environment.
fn command(test: &Test) -> Command {
    let mut command = test.in_dir(env!("CARGO_BIN_EXE_rapport"));
    command.stdin(Stdio::null());
    command
}

fn run(test: &Test, args: &[&str]) -> Output {
    command(test).args(args).output().expect("run rapport")
}

/// The minimal course with two assessments recorded.
fn scored() -> Test {
    scored_on(Test::with_fixture("minimal"))
}

/// `scored` on `base`, a copy of the minimal course.
fn scored_on(base: Test) -> Test {
    base.people()
        .given(&["student", "add", "bob", "--name", "Bob"])
        .scored(
            "amara",
            "jo",
            &[
                "direction=3",
                "listening=Exemplary",
                "--note",
                "direction=Clear",
                "--comment",
                "Good take",
            ],
        )
        .scored("bob", "jo", &["direction=4", "listening=2"])
}

const SCORED_EXPORT: &str =
    "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,Clear,Good take,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,4,,Good take,T,live
s1,2026-09-02,bob,jo,instructor,oral-communication,direction,4,,,T,live
s1,2026-09-02,bob,jo,instructor,oral-communication,listening,2,,,T,live
";

/// What the doctor says about a healthy gradebook in a valid course.
fn healthy(shown: &str) -> String {
    format!(
        "gradebook {shown}\nintegrity: ok\nreferences: ok\nlevels: every current score is on the scale of the rubric version it was scored with\nrubrics: every recorded score is on a current criterion and level\nno problems found\n"
    )
}

/// A file's bytes and modification time, to show that nothing touched it.
#[derive(Debug, PartialEq)]
struct Fingerprint {
    bytes: Vec<u8>,
    modified: SystemTime,
}

fn fingerprint(path: &Path) -> Fingerprint {
    Fingerprint {
        bytes: fs::read(path).unwrap(),
        modified: fs::metadata(path).unwrap().modified().unwrap(),
    }
}

/// An `SQLite` database of another program: its own `application_id` and a table.
fn foreign_database(path: &Path, application_id: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", application_id)
        .unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
}

/// Runs writing and reading commands against the database `db` (relative to the course), and
/// shows each refused with exit 3 and `stderr`, the file untouched and no file left beside it;
/// with `not_even_for_a_moment`, also that no file was created and removed beside it (a `-wal`
/// or `-shm` that `SQLite` makes while it has the file open): the folder's time is unchanged.
fn refused_untouched(test: &Test, db: &str, stderr: &str, not_even_for_a_moment: bool) {
    let path = test.path(db);
    let before = if path.is_dir() {
        None
    } else {
        Some(fingerprint(&path))
    };
    let files = test.files();
    let folder_modified = fs::metadata(test.dir.path()).unwrap().modified().unwrap();
    for args in [
        &["--db", db, "student", "add", "zoe", "--name", "Zoe"][..],
        &["--db", db, "student", "list"],
        &["--db", db, "export"],
        &[
            "--db",
            db,
            "score",
            "amara",
            "--rubric",
            "oral-communication",
            "--session",
            "s1",
            "--by",
            "jo",
            "direction=3",
            "listening=3",
        ],
    ] {
        let out = run(test, args);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).as_ref(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(3), "", stderr),
            "rapport {args:?}"
        );
        if let Some(before) = &before {
            assert_eq!(&fingerprint(&path), before, "rapport {args:?} touched {db}");
        } else {
            assert_eq!(
                fs::read_dir(&path).unwrap().count(),
                0,
                "rapport {args:?} wrote into the folder {db}"
            );
        }
        assert_eq!(test.files(), files, "rapport {args:?} created a file");
        if not_even_for_a_moment {
            assert_eq!(
                fs::metadata(test.dir.path()).unwrap().modified().unwrap(),
                folder_modified,
                "rapport {args:?} created and removed something beside {db}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Databases that are refused, untouched

#[test]
fn a_text_file_is_refused_and_left_untouched() {
    let test = Test::with_people().write("notes.txt", "Shopping list\n- strings\n- picks\n");
    refused_untouched(
        &test,
        "notes.txt",
        &format!(
            "error: `notes.txt` is not an SQLite database; it was not touched\n{NOT_A_DATABASE_HINT}"
        ),
        true,
    );
}

#[test]
fn a_long_binary_file_is_refused_and_left_untouched() {
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    let test = Test::with_people();
    fs::write(test.path("blob.db"), bytes).unwrap();
    refused_untouched(
        &test,
        "blob.db",
        &format!(
            "error: `blob.db` is not an SQLite database; it was not touched\n{NOT_A_DATABASE_HINT}"
        ),
        true,
    );
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_untouched() {
    let test = Test::with_people();
    // "NOTE"
    foreign_database(&test.path("other.db"), 0x4E4F_5445);
    refused_untouched(
        &test,
        "other.db",
        &format!(
            "error: `other.db` is an SQLite database of another program (its application ID is 0x4e4f5445, not rapport's); it was not touched\n{NOT_A_DATABASE_HINT}"
        ),
        true,
    );
}

#[test]
fn an_sqlite_database_without_an_application_id_is_refused_and_left_untouched() {
    let test = Test::with_people();
    foreign_database(&test.path("plain.db"), 0);
    refused_untouched(
        &test,
        "plain.db",
        &format!(
            "error: `plain.db` is an SQLite database of another program (it has tables but no rapport marker); it was not touched\n{NOT_A_DATABASE_HINT}"
        ),
        true,
    );
}

/// A gradebook scored by this rapport, then marked as written by a newer one.
fn newer_gradebook() -> (Test, String) {
    // `SQLite`'s `user_version` and companion files: the gradebook is the file on either run
    // (`a_postgresql_gradebook_from_a_newer_rapport_is_refused_and_left_untouched` is the
    // PostgreSQL counterpart).
    let test = scored_on(Test::with_fixture("minimal").on_sqlite());
    let path = test.path("rapport.db");
    let version: i64 = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        conn.pragma_update(None, "user_version", version + 1)
            .unwrap();
        version
    };
    assert!(version >= 1);
    assert!(!test.path("rapport.db-wal").exists());
    let expected = format!(
        "error: `rapport.db` was written by a newer rapport (schema version {}; this one knows {version}); it was not touched\n  hint: install the newer rapport that wrote it; this one cannot read it safely\n",
        version + 1
    );
    (test, expected)
}

#[test]
fn a_gradebook_from_a_newer_rapport_is_refused_and_left_untouched() {
    let (test, expected) = newer_gradebook();
    refused_untouched(&test, "rapport.db", &expected, false);
    // Found the default way too.
    let path = test.path("rapport.db");
    let before = fingerprint(&path);
    let out = run(&test, &["student", "list"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        expected.replace("`rapport.db`", &format!("`{}`", path.display()))
    );
    assert_eq!(fingerprint(&path), before);
}

#[test]

fn a_gradebook_from_a_newer_rapport_gets_no_companion_files_even_for_a_moment() {
    let (test, expected) = newer_gradebook();
    refused_untouched(&test, "rapport.db", &expected, true);
}

/// Runs writing and reading commands on the test's PostgreSQL gradebook, and shows each refused
/// with exit 3 and `stderr`, and the schema as it was (`state` reads it).
fn refused_untouched_on_the_server(test: &Test, stderr: &str, state: impl Fn() -> String) {
    let before = state();
    for args in [
        &["student", "add", "zoe", "--name", "Zoe"][..],
        &["student", "list"],
        &["export"],
        &score_in_s1("amara", "jo", &["direction=3", "listening=3"]),
        &["doctor"],
        &["backup", "copy.db"],
    ] {
        let out = run(test, args);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).as_ref(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(3), "", stderr),
            "rapport {args:?}"
        );
        assert_eq!(state(), before, "rapport {args:?} changed the schema");
        assert!(!test.path("copy.db").exists());
    }
}

#[test]
fn another_programs_postgresql_schema_is_refused_and_left_untouched() {
    let test = Test::with_fixture("minimal");
    // The counterpart of `another_programs_sqlite_database_is_refused_and_left_untouched`.
    let Some(url) = test.database_url() else {
        return;
    };
    test.server()
        .batch_execute(&format!(
            "CREATE SCHEMA \"{}\"; CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');",
            url.rsplit_once("schema=").unwrap().1
        ))
        .unwrap();
    let files = test.files();
    refused_untouched_on_the_server(
        &test,
        &format!(
            "error: `{url}` is a PostgreSQL schema of another program (it has tables but no rapport_migration table); it was not touched\n{SCHEMA_HINT}"
        ),
        || {
            test.sql_value(
                "SELECT string_agg(table_name::text, ',') || ': ' || (SELECT string_agg(body, ',') FROM notes)
                 FROM information_schema.tables WHERE table_schema = current_schema()",
            )
        },
    );
    assert_eq!(test.files(), files);
}

#[test]
fn a_postgresql_gradebook_from_a_newer_rapport_is_refused_and_left_untouched() {
    let test = scored();
    // The counterpart of `a_gradebook_from_a_newer_rapport_is_refused_and_left_untouched`: the
    // version is the largest in `rapport_migration`.
    let Some(url) = test.database_url() else {
        return;
    };
    let version: i64 = test
        .sql_value("SELECT max(version) FROM rapport_migration")
        .parse()
        .unwrap();
    test.sql(
        "INSERT INTO rapport_migration (version, applied_at) VALUES (?1, '2030-01-01T00:00:00Z')",
        &[&(version + 1)],
    );
    refused_untouched_on_the_server(
        &test,
        &format!(
            "error: `{url}` was written by a newer rapport (schema version {}; this one knows {version}); it was not touched\n  hint: install the newer rapport that wrote it; this one cannot read it safely\n",
            version + 1
        ),
        || format!("{:?}", test.snapshot()),
    );
}

#[test]
fn a_folder_is_refused_and_left_untouched() {
    let test = Test::with_people();
    fs::create_dir(test.path("grades")).unwrap();
    refused_untouched(
        &test,
        "grades",
        &format!(
            "error: `grades` is a folder, not a gradebook file; it was not touched\n{NOT_A_DATABASE_HINT}"
        ),
        true,
    );
}

#[test]
fn doctor_backup_and_check_refuse_a_folder_too() {
    let test = Test::with_people();
    fs::create_dir(test.path("grades")).unwrap();
    let expected = format!(
        "error: `grades` is a folder, not a gradebook file; it was not touched\n{NOT_A_DATABASE_HINT}"
    );
    for args in [
        &["--db", "grades", "doctor"][..],
        &["--db", "grades", "backup", "copy.db"],
        &["--db", "grades", "check"],
    ] {
        let out = run(&test, args);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(3), expected.as_str()),
            "rapport {args:?}"
        );
    }
}

#[test]
fn doctor_and_backup_refuse_a_file_that_is_not_a_gradebook() {
    let test = Test::with_people().write("notes.txt", "not a database\n");
    let before = fingerprint(&test.path("notes.txt"));
    for args in [
        &["--db", "notes.txt", "doctor"][..],
        &["--db", "notes.txt", "backup", "copy.db"],
        &["--db", "notes.txt", "check"],
    ] {
        let out = run(&test, args);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).as_ref(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (
                Some(3),
                "",
                format!(
                    "error: `notes.txt` is not an SQLite database; it was not touched\n{NOT_A_DATABASE_HINT}"
                )
                .as_str()
            ),
            "rapport {args:?}"
        );
    }
    assert_eq!(fingerprint(&test.path("notes.txt")), before);
    assert!(!test.path("copy.db").exists());
}

// ---------------------------------------------------------------------------------------------
// Where the database is, and who creates it

#[test]
fn reading_commands_treat_a_missing_gradebook_as_empty_and_create_nothing() {
    let test = Test::with_fixture("minimal");
    let files = test.files();
    for (args, stdout) in [
        (&["student", "list"][..], "ID  NAME  EMAIL  COHORT\n"),
        (&["student", "list", "--json"], "[]\n"),
        (&["instructor", "list"], "ID  NAME\n"),
        (
            &["session", "list"],
            "ID  DATE  KIND  TITLE  ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS\n",
        ),
        (&["export"], EXPORT_HEADER),
        (
            &["export", "--format", "json"],
            "{\n  \"assessments\": []\n}\n",
        ),
        (&["check"], "0 errors, 0 warnings in 4 files\n"),
        (
            &["--db", "elsewhere.db", "student", "list"],
            "ID  NAME  EMAIL  COHORT\n",
        ),
    ] {
        let out = run(&test, args);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).as_ref(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(0), stdout, ""),
            "rapport {args:?}"
        );
        assert_eq!(test.files(), files, "rapport {args:?} created a file");
    }
    // Commands that would write, but are refused: nothing is created only to refuse.
    let out = run(
        &test,
        &score_in_s1("amara", "jo", &["direction=3", "listening=3"]),
    );
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (
            Some(1),
            "error: unknown student `amara`\n  hint: add them with `rapport student add amara --name \"…\"`\n"
        )
    );
    let test = test.write(
        "scores.csv",
        &format!("{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,,\n"),
    );
    let files = test.files();
    let out = run(&test, &["import", "scores.csv"]);
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (
            Some(1),
            "scores.csv: unknown student `amara` on row 2; add them to the roster first (`rapport student add` or `rapport student import`)\n\
             scores.csv: unknown instructor `jo` on row 2; register them with `rapport instructor add`, or set `role` to `self` or `peer`\n\
             error: scores.csv: 1 row is invalid; nothing was recorded\n"
        )
    );
    assert_eq!(test.files(), files);
}

#[test]
fn a_writing_command_creates_the_gradebook_beside_course_yaml() {
    // Where the SQLite file goes: it is the gradebook on either run.
    let test = Test::with_fixture("minimal").on_sqlite().cwd("curriculum");
    let test = test.args(&["student", "add", "amara", "--name", "Amara"]);
    test.expect(0, "", "added student `amara` (Amara)\n");
    assert!(test.path("rapport.db").is_file());
    assert!(!test.path("curriculum/rapport.db").exists());
    let test = test.args(&["student", "list"]);
    test.expect(0, "ID     NAME   EMAIL  COHORT\namara  Amara\n", "");
}

/// Adds a student with the given database options, and shows that only `expected` holds them.
fn added_to(test: &Test, options: &[&str], envs: &[(&str, &str)], student: &str, expected: &str) {
    let mut add = command(test);
    add.args(options)
        .args(["student", "add", student, "--name", student]);
    let mut list = command(test);
    list.args(options).args(["student", "list"]);
    for (key, value) in envs {
        add.env(key, value);
        list.env(key, value);
    }
    let out = add.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(test.path(expected).is_file(), "{expected} was not created");
    let out = list.output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("ID  NAME  EMAIL  COHORT\n{student}  {student}\n"),
        "the gradebook read is not {expected}"
    );
    let out = run(test, &["--db", expected, "student", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("ID  NAME  EMAIL  COHORT\n{student}  {student}\n"),
        "{expected} does not hold exactly {student}"
    );
}

#[test]
fn the_database_is_db_then_rapport_db_then_course_yaml_then_beside_it() {
    // Which SQLite file is the gradebook: without `RAPPORT_DB` from the harness on either run.
    let test = Test::with_fixture("minimal").on_sqlite();
    added_to(&test, &[], &[], "aa", "rapport.db");
    let test = test.edit(
        "course.yaml",
        "name: Test Course\n",
        "name: Test Course\ndatabase: grades/course.db\n",
    );
    fs::create_dir(test.path("grades")).unwrap();
    added_to(&test, &[], &[], "bb", "grades/course.db");
    added_to(&test, &[], &[("RAPPORT_DB", "env.db")], "cc", "env.db");
    added_to(
        &test,
        &["--db", "flag.db"],
        &[("RAPPORT_DB", "env.db")],
        "dd",
        "flag.db",
    );
    let mut files = test.files();
    files.retain(|f| Path::new(f).extension().is_some_and(|e| e == "db"));
    assert_eq!(
        files,
        ["env.db", "flag.db", "grades/course.db", "rapport.db"]
    );
}

#[test]
fn a_gradebook_in_a_missing_folder_is_refused_and_nothing_is_created() {
    let test = Test::with_fixture("minimal");
    let out = run(
        &test,
        &[
            "--db",
            "nowhere/book.db",
            "student",
            "add",
            "amara",
            "--name",
            "A",
        ],
    );
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (
            Some(3),
            "error: cannot create the gradebook `nowhere/book.db`: its folder `nowhere` does not exist\n  hint: create the folder first, or point `--db` at a file in a folder that exists\n"
        )
    );
    assert!(!test.path("nowhere").exists());
}

// ---------------------------------------------------------------------------------------------
// Several writers at once

/// Four instructors, forty students (st01…st40) and session s1.
fn class() -> Test {
    let mut roster = String::from("id,name\n");
    for n in 1..=40 {
        let _ = writeln!(roster, "st{n:02},Student {n}");
    }
    let test = Test::with_fixture("minimal").write("roster.csv", &roster);
    test.ok(&["student", "import", "roster.csv"]);
    for k in 1..=4 {
        test.ok(&[
            "instructor",
            "add",
            &format!("i{k}"),
            "--name",
            &format!("I{k}"),
        ]);
    }
    test.ok(&[
        "session",
        "add",
        "s1",
        "--date",
        "2026-09-02",
        "--kind",
        "live",
        "--title",
        "T",
    ]);
    test
}

fn levels(k: usize, n: usize) -> (usize, usize) {
    ((k + n) % 4 + 1, (k * n) % 4 + 1)
}

/// The export of every (student, instructor) of `class()` scored with `levels`.
fn class_export() -> String {
    let mut expected = String::from(EXPORT_HEADER);
    for n in 1..=40 {
        for k in 1..=4 {
            let (direction, listening) = levels(k, n);
            let _ = writeln!(
                expected,
                "s1,2026-09-02,st{n:02},i{k},instructor,oral-communication,direction,{direction},,i{k} on st{n:02},T,live"
            );
            let _ = writeln!(
                expected,
                "s1,2026-09-02,st{n:02},i{k},instructor,oral-communication,listening,{listening},,i{k} on st{n:02},T,live"
            );
        }
    }
    expected
}

#[test]
fn four_processes_scoring_at_once_lose_nothing() {
    let test = class();
    thread::scope(|scope| {
        let loops: Vec<_> = (1..=4)
            .map(|k| {
                let test = &test;
                scope.spawn(move || {
                    for n in 1..=40 {
                        let (direction, listening) = levels(k, n);
                        let student = format!("st{n:02}");
                        let out = run(
                            test,
                            &score_in_s1(&student, &format!("i{k}"), &[&format!("direction={direction}"), &format!("listening={listening}"), "--comment", &format!("i{k} on {student}")]),
                        );
                        assert_eq!(
                            (out.status.code(), String::from_utf8_lossy(&out.stderr).as_ref()),
                            (
                                Some(0),
                                format!(
                                    "recorded `{student}` on `oral-communication` in `s1` by `i{k}`: direction {direction}, listening {listening}\n"
                                )
                                .as_str()
                            )
                        );
                    }
                })
            })
            .collect();
        for handle in loops {
            handle.join().unwrap();
        }
    });
    assert_eq!(test.ok(&["export"]), class_export());
    assert_eq!(test.ok(&["doctor"]), healthy(&test.gradebook()));
}

#[test]
fn four_imports_at_once_lose_nothing() {
    let mut test = class();
    for k in 1..=4 {
        let mut csv = String::from(HEADER);
        for n in 1..=40 {
            let (direction, listening) = levels(k, n);
            let _ = writeln!(
                csv,
                "s1,,st{n:02},i{k},instructor,oral-communication,direction,{direction},,i{k} on st{n:02}"
            );
            let _ = writeln!(
                csv,
                "s1,,st{n:02},i{k},,oral-communication,listening,{listening},,i{k} on st{n:02}"
            );
        }
        test = test.write(&format!("i{k}.csv"), &csv);
    }
    let children: Vec<_> = (1..=4)
        .map(|k| {
            command(&test)
                .args(["import", &format!("i{k}.csv")])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (k, child) in (1..=4).zip(children) {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success()
                && stderr.starts_with(&format!("i{k}.csv: recorded 40 assessments,")),
            "import i{k}.csv: {}\n{stderr}",
            out.status
        );
    }
    assert_eq!(test.ok(&["export"]), class_export());
    assert_eq!(test.ok(&["doctor"]), healthy(&test.gradebook()));
}

#[test]
fn four_processes_creating_the_gradebook_at_once_all_succeed() {
    for round in 0..10 {
        let test = Test::with_fixture("minimal");
        let children: Vec<_> = (1..=4)
            .map(|k| {
                command(&test)
                    .args([
                        "student",
                        "add",
                        &format!("st{k}"),
                        "--name",
                        &format!("S{k}"),
                    ])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (k, child) in (1..=4).zip(children) {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                (
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr).as_ref()
                ),
                (Some(0), format!("added student `st{k}` (S{k})\n").as_str()),
                "round {round}"
            );
        }
        assert_eq!(
            test.ok(&["student", "list"]),
            "ID   NAME  EMAIL  COHORT\nst1  S1\nst2  S2\nst3  S3\nst4  S4\n"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A killed import

fn size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

/// When to kill the import.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// After this share of the time a whole import took.
    After(f64),
    /// As soon as the write-ahead log holds more than this many bytes (pages written but not yet
    /// committed, or the commit under way).
    WalOver(u64),
}

const STUDENTS: usize = 8000;

/// A course with `STUDENTS` students, instructor jo, the gradebook copied to base.db before any
/// score, and scores.csv scoring every student on both criteria in a new session `big`: large
/// enough that `SQLite` writes pages to the write-ahead log before the import commits.
fn big_course() -> Test {
    let mut roster = String::from("id,name\n");
    let mut scores = String::from(HEADER);
    for n in 0..STUDENTS {
        let _ = writeln!(roster, "st{n:05},Student {n}");
        for (criterion, level) in [("direction", n % 4 + 1), ("listening", (n / 4) % 4 + 1)] {
            let _ = writeln!(
                scores,
                "big,2026-09-03,st{n:05},jo,instructor,oral-communication,{criterion},{level},note on {n},comment on {n}"
            );
        }
    }
    // Copies of the SQLite file and its write-ahead log: the gradebook is the file on either run.
    let test = Test::with_fixture("minimal")
        .on_sqlite()
        .write("roster.csv", &roster)
        .write("scores.csv", &scores);
    test.ok(&["student", "import", "roster.csv"]);
    test.ok(&["instructor", "add", "jo", "--name", "Jo"]);
    assert!(!test.path("rapport.db-wal").exists());
    fs::copy(test.path("rapport.db"), test.path("base.db")).unwrap();
    test
}

/// The doctor finds `db` clean, and it holds all of the import (`complete`) or none of it.
/// Whether it holds all.
fn all_or_nothing(test: &Test, db: &str, complete: &str, context: &str) -> bool {
    let out = run(test, &["--db", db, "doctor"]);
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).as_ref(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(0), healthy(db).as_str(), ""),
        "{context}"
    );
    let export = test.ok(&["--db", db, "export"]);
    let sessions = test.ok(&["--db", db, "session", "list"]);
    if export == EXPORT_HEADER {
        assert_eq!(
            sessions, "ID  DATE  KIND  TITLE  ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS\n",
            "{context}: no score but the new session"
        );
        false
    } else {
        assert!(
            export == complete,
            "{context}: a partial import: {} of {} lines",
            export.lines().count(),
            complete.lines().count()
        );
        assert_eq!(
            sessions,
            "ID   DATE        KIND   TITLE  ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS\nbig  2026-09-03  other  big            8000      8000         1\n",
            "{context}"
        );
        true
    }
}

#[test]
fn an_import_killed_midway_leaves_everything_or_nothing() {
    let test = big_course();
    // One whole import, to know what complete looks like and roughly how long it takes.
    fs::copy(test.path("base.db"), test.path("whole.db")).unwrap();
    let started = Instant::now();
    test.ok(&["--db", "whole.db", "import", "scores.csv"]);
    let whole = started.elapsed();
    let complete = test.ok(&["--db", "whole.db", "export"]);
    assert_eq!(complete.lines().count(), 2 * STUDENTS + 1);

    let plans = [
        Kill::WalOver(0),
        Kill::WalOver(512 * 1024),
        Kill::After(0.5),
        Kill::After(0.9),
        Kill::After(0.97),
    ];
    let mut killed_running = 0;
    for (attempt, plan) in plans.into_iter().enumerate() {
        let db = format!("killed{attempt}.db");
        fs::copy(test.path("base.db"), test.path(&db)).unwrap();
        let wal = test.path(&format!("{db}-wal"));
        let mut child = command(&test)
            .args(["--db", &db, "import", "scores.csv"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        match plan {
            Kill::After(share) => thread::sleep(whole.mul_f64(share)),
            Kill::WalOver(bytes) => {
                let deadline = Instant::now() + Duration::from_secs(600);
                while size(&wal) <= bytes
                    && child.try_wait().unwrap().is_none()
                    && Instant::now() < deadline
                {
                    thread::sleep(Duration::from_millis(1));
                }
            }
        }
        // SIGKILL on Unix; an import that already finished is simply reaped.
        let _ = child.kill();
        let status = child.wait().unwrap();
        let context = format!(
            "attempt {attempt} ({plan:?}): {status}, {} bytes of write-ahead log",
            size(&wal)
        );
        if status.signal() == Some(9) {
            killed_running += 1;
        } else {
            assert!(status.success(), "{context}");
        }
        let all = all_or_nothing(&test, &db, &complete, &context);
        eprintln!(
            "{context}: {}",
            if all {
                "all recorded"
            } else {
                "nothing recorded"
            }
        );
    }
    // Not asserted (it depends on the machine's speed), but worth seeing when it is zero.
    eprintln!(
        "killed {killed_running} of {} imports while they ran (a whole one took {whole:?})",
        plans.len()
    );
}

// ---------------------------------------------------------------------------------------------
// A rubric edited after scoring

#[test]
fn a_rubric_edited_after_scoring_warns_and_keeps_what_was_recorded() {
    let test = scored();
    let history = test.ok(&["history", "amara"]);
    assert!(
        history.contains("  direction: 3 — Clear\n  listening: 4\n"),
        "{history}"
    );
    // Level 4 renumbered 5, criterion `listening` removed.
    let test = test
        .edit(
            "rubrics/oral-communication.yaml",
            "  - { score: 4, label: Exemplary }",
            "  - { score: 5, label: Exemplary }",
        )
        .edit(
            "rubrics/oral-communication.yaml",
            "      4: Picks",
            "      5: Picks",
        )
        .edit(
            "rubrics/oral-communication.yaml",
            "  - id: listening
    title: Listening
    descriptors:
      1: Interrupts.
      2: Listens, does not summarise.
      3: Summarises back.
      4: Draws out what was unsaid.
",
            "",
        );
    let test = test.args(&["check"]);
    test.expect(
        0,
        "rubrics/oral-communication.yaml:2:1: warning: level 4 is no longer a level of rubric `oral-communication` (removed or renumbered): criterion `direction` has 1 recorded score at that level
   2 | levels:
     | ^^^^^^
rubrics/oral-communication.yaml:8:1: warning: criterion `listening` is no longer in rubric `oral-communication`: 2 recorded scores of it are left out of progress (history and export keep them)
   8 | criteria:
     | ^^^^^^^^
0 errors, 2 warnings in 4 files
",
        "",
    );
    assert_eq!(test.ok(&["export"]), SCORED_EXPORT);
    assert_eq!(test.ok(&["history", "amara"]), history);
    // Bob's 4 was on the scale it was scored with: progress uses it as recorded, and does not
    // call it off the scale (that is for levels no rubric version ever had).
    let progress = test.ok(&["progress", "bob"]);
    assert!(!progress.contains("off the rubric's scale"), "{progress}");
    let json: serde_json::Value =
        serde_json::from_str(&test.ok(&["progress", "bob", "--json"])).unwrap();
    let direction = &json["rubrics"][0]["criteria"][0];
    assert_eq!(
        (
            &direction["id"],
            &direction["value"],
            &direction["assessments"]
        ),
        (
            &serde_json::json!("direction"),
            &serde_json::json!(4.0),
            &serde_json::json!(1)
        )
    );
    let test = test.args(&["doctor"]);
    test.expect(
        0,
        &format!(
            "gradebook {}
integrity: ok
references: ok
levels: every current score is on the scale of the rubric version it was scored with
rubrics: 2 warnings (scores stay recorded; see `rapport check`)
  criterion `listening` is no longer in rubric `oral-communication`: 2 recorded scores of it are left out of progress (history and export keep them)
  level 4 is no longer a level of rubric `oral-communication` (removed or renumbered): criterion `direction` has 1 recorded score at that level
no problems found
",
            test.gradebook()
        ),
        "",
    );
}

#[test]
fn a_deleted_rubric_keeps_what_was_recorded() {
    let test = scored();
    let history = test.ok(&["history", "bob"]);
    let test = test.remove("rubrics/oral-communication.yaml");
    assert_eq!(test.ok(&["export"]), SCORED_EXPORT);
    assert_eq!(test.ok(&["history", "bob"]), history);
}

// ---------------------------------------------------------------------------------------------
// backup

#[test]
fn a_backup_holds_the_same_gradebook() {
    let test = scored();
    let live = test.gradebook();
    let test = test.args(&["backup", "copy.db"]);
    test.expect(0, "", &format!("backed up {live} to copy.db\n"));
    for args in [
        &["export"][..],
        &["export", "--format", "json"],
        &["student", "list"],
        &["instructor", "list"],
        &["session", "list"],
        &["history", "amara"],
    ] {
        let copy: Vec<&str> = ["--db", "copy.db"].iter().chain(args).copied().collect();
        assert_eq!(test.ok(&copy), test.ok(args), "{args:?}");
    }
    assert_eq!(test.ok(&["--db", "copy.db", "export"]), SCORED_EXPORT);
    assert_eq!(test.ok(&["--db", "copy.db", "doctor"]), healthy("copy.db"));
    // Only the copy is new: no leftover temporary file.
    let mut files = test.files();
    files.retain(|f| !f.starts_with("curriculum/") && !f.starts_with("rubrics/"));
    assert_eq!(files, ["copy.db", "course.yaml", "rapport.db"]);
}

#[test]
fn a_backup_never_overwrites_without_force() {
    let test = scored().write("copy.db", "precious\n");
    let before = fingerprint(&test.path("copy.db"));
    let test = test.args(&["backup", "copy.db"]);
    test.expect(
        1,
        "",
        "error: `copy.db` exists and is not a backup rapport wrote; nothing was written\n  hint: choose another name, or pass `--force` to replace it\n",
    );
    assert_eq!(fingerprint(&test.path("copy.db")), before);
    let test = test.args(&["backup", "copy.db", "--force"]);
    test.expect(
        0,
        "",
        &format!("backed up {} to copy.db\n", test.gradebook()),
    );
    assert_eq!(test.ok(&["--db", "copy.db", "export"]), SCORED_EXPORT);
}

#[test]
fn a_backup_never_overwrites_the_live_database() {
    // The live SQLite file and its companions: the gradebook is the file on either run.
    let test = scored_on(Test::with_fixture("minimal").on_sqlite());
    let live = test.path("rapport.db");
    let before = fingerprint(&live);
    let files = test.files();
    for target in [
        "rapport.db".to_owned(),
        "./rapport.db".to_owned(),
        "curriculum/../rapport.db".to_owned(),
        live.display().to_string(),
        "rapport.db-wal".to_owned(),
        "rapport.db-shm".to_owned(),
        "rapport.db-journal".to_owned(),
    ] {
        for force in [false, true] {
            let mut args = vec!["backup", target.as_str()];
            if force {
                args.push("--force");
            }
            let out = run(&test, &args);
            assert_eq!(
                (
                    out.status.code(),
                    String::from_utf8_lossy(&out.stdout).as_ref(),
                    String::from_utf8_lossy(&out.stderr).as_ref()
                ),
                (
                    Some(1),
                    "",
                    format!(
                        "error: `{target}` is {}; a backup goes to another file\n",
                        if target.ends_with("-wal") {
                            "the live database's write-ahead log"
                        } else if target.ends_with("-shm") {
                            "the live database's shared-memory index"
                        } else if target.ends_with("-journal") {
                            "the live database's journal"
                        } else {
                            "the live database"
                        }
                    )
                    .as_str()
                ),
                "rapport {args:?}"
            );
            assert_eq!(fingerprint(&live), before);
            assert_eq!(test.files(), files);
        }
    }
    // The live database named through --db, the backup through another path to it.
    let out = run(
        &test,
        &["--db", &live.display().to_string(), "backup", "rapport.db"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fingerprint(&live), before);
    assert_eq!(test.ok(&["export"]), SCORED_EXPORT);
}

#[test]
fn a_backup_without_a_gradebook_is_refused() {
    let test = Test::with_fixture("minimal");
    let files = test.files();
    let test = test.args(&["backup", "copy.db"]);
    test.expect(
        1,
        "",
        &format!(
            "error: there is no gradebook at `{}` yet; nothing to back up\n",
            test.gradebook()
        ),
    );
    assert_eq!(test.files(), files);
}

/// The levels of the amendment numbered `n` in the test below.
fn revision(n: usize) -> (usize, usize) {
    let direction = n % 4 + 1;
    (direction, 5 - direction)
}

#[test]
fn a_backup_taken_while_another_process_scores_is_whole() {
    let test = Test::with_people();
    test.ok(&score_in_s1("amara", "jo", &["direction=1", "listening=1"]));
    let stop = AtomicBool::new(false);
    let progress = AtomicUsize::new(0);
    let written = thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut written = 0;
            // Amends, alternating levels, until told to stop (bounded all the same).
            while !stop.load(Ordering::SeqCst) && written < 400 {
                let (direction, listening) = revision(written);
                let out = run(
                    &test,
                    &score_in_s1(
                        "amara",
                        "jo",
                        &[
                            "--amend",
                            &format!("direction={direction}"),
                            &format!("listening={listening}"),
                            "--comment",
                            &format!("revision {written}"),
                        ],
                    ),
                );
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                written += 1;
                progress.store(written, Ordering::SeqCst);
            }
            written
        });
        for n in 0..4 {
            // Let the writer get ahead between backups (bounded: if it is stuck, go on).
            let deadline = Instant::now() + Duration::from_secs(60);
            while progress.load(Ordering::SeqCst) <= n
                && !writer.is_finished()
                && Instant::now() < deadline
            {
                thread::sleep(Duration::from_millis(5));
            }
            let file = format!("backup{n}.db");
            let out = run(&test, &["backup", &file]);
            assert_eq!(
                (
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr).as_ref()
                ),
                (
                    Some(0),
                    format!("backed up {} to {file}\n", test.gradebook()).as_str()
                )
            );
        }
        stop.store(true, Ordering::SeqCst);
        writer.join().unwrap()
    });
    eprintln!("{written} amendments were written during the backups");
    for n in 0..4 {
        let file = format!("backup{n}.db");
        assert_eq!(test.ok(&["--db", &file, "doctor"]), healthy(&file));
        // One whole revision: both criteria with the levels of the revision its comment names.
        let export = test.ok(&["--db", &file, "export"]);
        let rows: Vec<Vec<&str>> = export
            .lines()
            .skip(1)
            .map(|row| row.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 2, "{export}");
        let comment = rows[0][9];
        assert_eq!(rows[1][9], comment, "{export}");
        let (direction, listening) = match comment.strip_prefix("revision ") {
            Some(number) => revision(number.parse().unwrap()),
            None => (1, 1),
        };
        assert_eq!(
            (rows[0][6], rows[0][7], rows[1][6], rows[1][7]),
            (
                "direction",
                direction.to_string().as_str(),
                "listening",
                listening.to_string().as_str()
            ),
            "{export}"
        );
    }
    assert_eq!(test.ok(&["doctor"]), healthy(&test.gradebook()));
}

// ---------------------------------------------------------------------------------------------
// doctor

#[test]
fn doctor_on_a_healthy_gradebook() {
    let test = scored();
    let test = test.args(&["doctor"]);
    test.expect(0, &healthy(&test.gradebook()), "");
}

#[test]
fn doctor_without_a_course_checks_the_database_alone() {
    let test = scored();
    let elsewhere = Test::new();
    // The gradebook copied to a folder without a course, or on PostgreSQL the test's schema
    // named from such a folder.
    let db = test.database_url().unwrap_or_else(|| {
        fs::copy(test.path("rapport.db"), test.path("book.db")).unwrap();
        fs::copy(test.path("book.db"), elsewhere.path("book.db")).unwrap();
        "book.db".to_owned()
    });
    let elsewhere = elsewhere.args(&["--db", &db, "doctor"]);
    elsewhere.expect(
        0,
        &format!("gradebook {db}\nintegrity: ok\nreferences: ok\nlevels: every current score is on the scale of the rubric version it was scored with\nrubrics: not checked: no course found\nno problems found\n"),
        "",
    );
}

#[test]
fn doctor_on_a_missing_gradebook_creates_nothing() {
    let test = Test::with_fixture("minimal");
    let files = test.files();
    let test = test.args(&["doctor"]);
    test.expect(
        0,
        &format!(
            "no gradebook at {} yet: nothing to check\n",
            test.gradebook()
        ),
        "",
    );
    let test = test.args(&["--db", "missing.db", "doctor"]);
    test.expect(0, "no gradebook at missing.db yet: nothing to check\n", "");
    assert_eq!(test.files(), files);
}
