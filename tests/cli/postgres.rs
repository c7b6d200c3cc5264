//! A gradebook on PostgreSQL (README § PostgreSQL): URLs and connection failures in words, a
//! password kept out of course.yaml, and, against the test server of the PostgreSQL run
//! (`RAPPORT_TEST_POSTGRES`), what a server shared by many instructors must hold to: many
//! processes writing at once lose nothing, a killed import leaves nothing, a reader never waits
//! for a writer, two first runs create the tables once, and `db copy` moves a gradebook there and
//! back without a byte of difference. The tests that need the server return at once on the
//! `SQLite` run (the whole suite then runs on `SQLite`; `engine` in main.rs says which ran).

use std::fmt::Write as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{Test, kill_when, postgres};

/// A URL that is not one, and one with a port that is not a number: refused before anything is
/// read or written, the password never shown.
#[test]
fn a_url_rapport_cannot_use_is_refused_in_words() {
    let test = Test::with_fixture("minimal");
    let before = test.snapshot();
    let test = test
        .env(
            "RAPPORT_DB",
            "postgres://jo:secret@db.example.org:port/academy",
        )
        .args(&["student", "list"]);
    test.expect(
        1,
        "",
        "error: `postgres://…@db.example.org:port/academy` is not a PostgreSQL URL rapport can use: not a valid URL: invalid port number\n",
    );
    let test = test
        .env(
            "RAPPORT_DB",
            "postgresql://jo@db.example.org/academy?sslmode=sometimes",
        )
        .args(&["student", "list"]);
    test.expect(
        1,
        "",
        "error: `postgresql://jo@db.example.org/academy?sslmode=sometimes` is not a PostgreSQL URL rapport can use: `sslmode=sometimes` is not one of disable, allow, prefer, require, verify-ca, verify-full\n",
    );
    assert_eq!(test.snapshot(), before);
}

/// Nothing listens on port 1: exit 3 at once, the address in words, no password.
#[test]
fn a_server_that_cannot_be_reached_is_an_error_with_exit_3() {
    let test = Test::with_fixture("minimal")
        .env("RAPPORT_DB", "postgres://jo:secret@127.0.0.1:1/academy")
        .args(&["student", "add", "amara", "--name", "Amara"]);
    let before = test.snapshot();
    test.expect(
        3,
        "",
        "error: database `postgres://jo@127.0.0.1:1/academy`: cannot reach PostgreSQL at 127.0.0.1:1: connection refused\n",
    );
    assert_eq!(test.snapshot(), before);
}

/// A server that accepts the connection and never answers is given up on after the connect
/// timeout (here the URL's one second), never waited for.
#[test]
fn a_server_that_never_answers_is_given_up_on_after_the_connect_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("postgres://jo@127.0.0.1:{port}/academy?connect_timeout=1");
    let test = Test::with_fixture("minimal")
        .env("RAPPORT_DB", &url)
        .args(&["student", "list"]);
    let started = Instant::now();
    test.expect(
        3,
        "",
        &format!(
            "error: database `{url}`: cannot reach PostgreSQL at 127.0.0.1:{port}: no answer within 1 second\n"
        ),
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(listener);
}

/// course.yaml goes to git: a password in its `database:` URL is an error of `check`, located,
/// and every command that reads the course refuses to run with it.
#[test]
fn a_password_in_course_yaml_is_refused() {
    let test = Test::with_fixture("minimal").edit(
        "course.yaml",
        "name: Test Course\n",
        "name: Test Course\ndatabase: postgres://jo:secret@db.example.org/academy\n",
    );
    let before = test.snapshot();
    let test = test.args(&["check"]);
    test.expect(
        1,
        &format!("{DIAGNOSTIC}1 error, 0 warnings in 4 files\n"),
        "",
    );
    assert_eq!(test.snapshot(), before);
    // A roster command reads only course.yaml, and refuses the same (without `RAPPORT_DB`,
    // which would take the place of course.yaml's `database:`, on either run).
    let out = crate::support::in_dir(env!("CARGO_BIN_EXE_rapport"), test.dir.path())
        .args(["student", "list"])
        .output()
        .unwrap();
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap()
        ),
        (
            Some(1),
            String::new(),
            format!(
                "{DIAGNOSTIC}error: the course has 1 error; nothing was written\n  hint: run `rapport check` to see every problem with its place\n"
            )
        )
    );
    assert_eq!(test.snapshot(), before);
}

/// What `check` says of a password in course.yaml's `database:`.
const DIAGNOSTIC: &str = "course.yaml:2:11: error: `database` holds a password, and the course is shared through git; remove it from the URL and use ~/.pgpass (or PGPASSWORD) on each machine instead
   2 | database: postgres://jo:secret@db.example.org/academy
     |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
";

/// A course with students `p0`…`p{n-1}`, instructor `jo` and session `s1`.
fn with_students(n: usize) -> Test {
    let mut roster = String::from("id,name\n");
    for i in 0..n {
        let _ = writeln!(roster, "p{i},Person {i}");
    }
    Test::with_people()
        .write("roster.csv", &roster)
        .given(&["student", "import", "roster.csv"])
}

/// Sixteen processes on their own connections at once, eight scoring one student each and
/// eight importing a sheet each: every score is there afterwards, none twice.
#[test]
fn sixteen_processes_writing_at_once_lose_nothing() {
    if postgres().is_none() {
        return;
    }
    let test = with_students(16);
    for i in 8..16 {
        let sheet = format!(
            "session,student,rater,rubric,criterion,level\ns1,p{i},jo,oral-communication,direction,{}\ns1,p{i},jo,oral-communication,listening,{}\n",
            i % 4 + 1,
            (i + 1) % 4 + 1
        );
        std::fs::write(test.path(&format!("sheet{i}.csv")), sheet).unwrap();
    }
    let children: Vec<_> = (0..16)
        .map(|i| {
            let mut command = test.in_dir(env!("CARGO_BIN_EXE_rapport"));
            if i < 8 {
                let direction = format!("direction={}", i % 4 + 1);
                let listening = format!("listening={}", (i + 1) % 4 + 1);
                command.args([
                    "-q",
                    "score",
                    &format!("p{i}"),
                    "--rubric",
                    "oral-communication",
                    "--session",
                    "s1",
                    "--by",
                    "jo",
                    &direction,
                    &listening,
                ]);
            } else {
                command.args(["-q", "import", &format!("sheet{i}.csv")]);
            }
            command
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    all_succeed(children);
    let mut expected = String::from(
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n",
    );
    let mut ids: Vec<usize> = (0..16).collect();
    ids.sort_by_key(|i| format!("p{i}"));
    for i in ids {
        for (criterion, level) in [("direction", i % 4 + 1), ("listening", (i + 1) % 4 + 1)] {
            let _ = writeln!(
                expected,
                "s1,2026-09-02,p{i},jo,instructor,oral-communication,{criterion},{level},,,T,live"
            );
        }
    }
    assert_eq!(test.ok(&["export"]), expected);
}

/// 50,000 scores, the import killed with SIGKILL while it writes them (its `COPY` seen on the
/// server): nothing of it is there, the next run records it all.
#[test]
fn an_import_killed_while_it_writes_leaves_nothing() {
    const STUDENTS: usize = 25_000;
    let Some(url) = postgres() else {
        return;
    };
    let mut csv = String::from("session,student,rater,rubric,criterion,level\n");
    for i in 0..STUDENTS {
        for criterion in ["direction", "listening"] {
            let _ = writeln!(
                csv,
                "s1,p{i},jo,oral-communication,{criterion},{}",
                i % 4 + 1
            );
        }
    }
    let test = with_students(STUDENTS).write("scores.csv", &csv);
    let export_before = test.ok(&["export"]);
    // Its own application name, to tell its statements from other tests' on the server.
    let name = schema_of(&test);
    let mut child = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .env(
            "RAPPORT_DB",
            format!("{}&application_name={name}", test.database_url().unwrap()),
        )
        .args(["-q", "import", "scores.csv"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
    // Recording has begun when a `COPY` into one of the gradebook's own tables runs on the
    // server (the checks before it stage scores in a temporary table).
    let killed = kill_when(&mut child, || {
        let writing: i64 = admin
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1
                 AND state = 'active' AND (query LIKE 'COPY score %' OR query LIKE 'COPY revision %'
                                           OR query LIKE 'COPY assessment %')",
                &[&name],
            )
            .unwrap()
            .get(0);
        writing > 0
    });
    assert!(
        killed,
        "the import ended before it could be killed while writing"
    );
    assert_eq!(test.ok(&["export"]), export_before);
    let test = test.args(&["-q", "import", "scores.csv"]);
    test.expect(0, "", "");
    assert_eq!(test.ok(&["export"]).lines().count(), 1 + 2 * STUDENTS);
}

/// While an import holds the gradebook's write lock, a reader answers at once with what was
/// committed before it.
#[test]
fn a_reader_never_waits_for_a_writer() {
    let Some(url) = postgres() else {
        return;
    };
    let test = Test::with_two_scored();
    let export_before = test.ok(&["export"]);
    // A writer in the middle of its transaction: rapport's advisory lock held, a score added.
    let mut writer = postgres::Client::connect(
        &format!(
            "{url}{}options=-csearch_path%3D{}",
            if url.contains('?') { '&' } else { '?' },
            schema_of(&test)
        ),
        postgres::NoTls,
    )
    .unwrap();
    let mut tx = writer.transaction().unwrap();
    // rapport's lock on this gradebook, as src/store/server.rs takes it.
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('rapport:' || current_schema(), 0))",
        &[],
    )
    .unwrap();
    tx.execute(
        "UPDATE score SET note = 'uncommitted' WHERE criterion_id = 'direction'",
        &[],
    )
    .unwrap();
    let started = Instant::now();
    assert_eq!(test.ok(&["export"]), export_before);
    let progress = test.ok(&["progress", "amara", "--json"]);
    assert!(progress.contains("\"student\""), "{progress}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // A second writer waits for the first, then goes on.
    let mut second = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .args(["-q", "student", "add", "cleo", "--name", "Cleo"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second writer did not wait"
    );
    tx.rollback().unwrap();
    assert!(second.wait().unwrap().success());
    assert!(test.ok(&["student", "list"]).contains("cleo"));
}

/// Waits for every process, each of which must succeed.
fn all_succeed(children: Vec<std::process::Child>) {
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The test's schema, from its URL.
fn schema_of(test: &Test) -> String {
    let url = test.database_url().unwrap();
    url.rsplit("schema=").next().unwrap().to_owned()
}

/// Two first runs against a new schema at once: both succeed, the tables are created once and
/// the migration recorded once.
#[test]
fn two_first_runs_at_once_create_the_schema_once() {
    let Some(url) = postgres() else {
        return;
    };
    let test = Test::with_fixture("minimal");
    let children: Vec<_> = ["amara", "bob"]
        .iter()
        .map(|id| {
            test.in_dir(env!("CARGO_BIN_EXE_rapport"))
                .args(["-q", "student", "add", id, "--name", id])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    all_succeed(children);
    let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let schema = schema_of(&test);
    let versions: Vec<i64> = admin
        .query(
            &format!("SELECT version FROM \"{schema}\".rapport_migration"),
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    // The base schema (version 3), then each later migration, once.
    assert_eq!(versions, [3, 4, 5]);
    assert_eq!(
        test.ok(&["student", "list"]),
        "ID     NAME   EMAIL  COHORT\namara  amara\nbob    bob\n"
    );
}

/// The demo's gradebook copied to PostgreSQL and back: `export`, `history --json` of every
/// student and `progress --json` of every student are the same on all three, and the copy back
/// holds the same rows as the original.
#[test]
fn db_copy_there_and_back_changes_nothing() {
    let Some(_) = postgres() else {
        return;
    };
    let test = Test::new().given(&["demo", "--students", "12", "-o", "demo"]);
    let original = test.path("demo/course/rapport.db");
    let url = test.database_url().unwrap();
    let back = test.path("back.db");
    let copy = |from: &str, to: &str| {
        let out = test
            .in_dir(env!("CARGO_BIN_EXE_rapport"))
            .args(["db", "copy", from, to])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    };
    let said = copy(original.to_str().unwrap(), &url);
    assert!(said.starts_with("copied 12 students, "), "{said}");
    assert!(
        said.ends_with(&format!("from {} to {url}\n", original.display())),
        "{said}"
    );
    copy(&url, back.to_str().unwrap());
    let read = |db: &str, args: &[&str]| {
        let out = test
            .in_dir(env!("CARGO_BIN_EXE_rapport"))
            .current_dir(test.path("demo/course"))
            .env("RAPPORT_DB", db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let dbs = [
        original.to_str().unwrap().to_owned(),
        url.clone(),
        back.to_str().unwrap().to_owned(),
    ];
    let students: Vec<String> = read(&dbs[0], &["student", "list", "--include-archived"])
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().next().unwrap().to_owned())
        .collect();
    assert_eq!(students.len(), 12);
    let mut outputs: Vec<Vec<String>> = Vec::new();
    for db in &dbs {
        let mut all = vec![read(db, &["export"])];
        for student in &students {
            all.push(read(db, &["--json", "history", student]));
            all.push(read(db, &["progress", student, "--json"]));
        }
        outputs.push(all);
    }
    assert_eq!(outputs[1], outputs[0]);
    assert_eq!(outputs[2], outputs[0]);
    // Copying again into the full schema is refused; with --force it is replaced.
    let out = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .args(["db", "copy", back.to_str().unwrap(), &url])
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), String::from_utf8(out.stderr).unwrap()),
        (
            Some(1),
            format!(
                "error: `{url}` already holds a gradebook; nothing was copied\n  hint: copy into a new file or an empty schema, or add --force to replace everything it holds\n"
            )
        )
    );
    let out = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .args(["db", "copy", "--force", back.to_str().unwrap(), &url])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(read(&url, &["export"]), outputs[0][0]);
}

/// `backup` of a PostgreSQL gradebook writes an `SQLite` file that reads the same.
#[test]
fn a_backup_of_a_postgresql_gradebook_is_an_sqlite_file() {
    if postgres().is_none() {
        return;
    }
    let test = Test::with_two_scored().given(&["backup", "snapshot.db"]);
    let header = std::fs::read(test.path("snapshot.db")).unwrap();
    assert_eq!(&header[..16], b"SQLite format 3\0");
    let on_server = test.ok(&["export"]);
    let out = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .env("RAPPORT_DB", test.path("snapshot.db"))
        .arg("export")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), on_server);
}

/// TLS: `sslmode=require` encrypts without checking the certificate (libpq's meaning);
/// `verify-full` checks the name, and the test server's certificate is for `localhost`, not
/// 127.0.0.1.
#[test]
fn tls_modes_mean_what_libpq_says() {
    let Some(url) = postgres() else {
        return;
    };
    if !url.contains("127.0.0.1") {
        return;
    }
    let test = Test::with_people();
    let schema = schema_of(&test);
    let join = if url.contains('?') { '&' } else { '?' };
    let require = format!("{url}{join}schema={schema}&sslmode=require");
    let out = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .env("RAPPORT_DB", &require)
        .args(["student", "list"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ID     NAME   EMAIL  COHORT\namara  Amara\n"
    );
    let full = format!("{url}{join}schema={schema}&sslmode=verify-full");
    let out = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .env("RAPPORT_DB", &full)
        .args(["student", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("error: database `{full}`: cannot reach PostgreSQL at 127.0.0.1:5432: invalid peer certificate: ")),
        "{stderr}"
    );
}

/// `--help` names `RAPPORT_DB` without its value: a URL there may hold a password.
#[test]
fn help_never_shows_the_gradebook_url() {
    let test = Test::new()
        .env("RAPPORT_DB", "postgres://jo:secret@db.example.org/academy")
        .args(&["score", "--help"]);
    let out = test.run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("[env: RAPPORT_DB]\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("secret"), "{}", out.stdout);
    assert!(!out.stdout.contains("db.example.org"), "{}", out.stdout);
}

/// `doctor` on PostgreSQL: a constraint dropped and an index dropped by hand are found (the
/// server keeps its own pages), with how to recover; the gradebook is left as it is.
#[test]
fn doctor_finds_missing_constraints_and_indexes_on_postgresql() {
    if postgres().is_none() {
        return;
    }
    let test = Test::with_two_scored();
    test.sql(
        "ALTER TABLE score DROP CONSTRAINT score_revision_id_fkey",
        &[],
    );
    test.sql("DROP INDEX score_criterion_level", &[]);
    let before = test.snapshot();
    let url = test.database_url().unwrap();
    let test = test.args(&["doctor"]);
    test.expect(
        1,
        &format!(
            "gradebook {url}
integrity: PROBLEMS
  score: the constraint score_revision_id_fkey is missing
  score: the index score_criterion_level is missing
references: ok
levels: every current score is on the scale of the rubric version it was scored with
rubrics: every recorded score is on a current criterion and level
"
        ),
        &format!(
            "error: doctor found 2 problems in `{url}`
  hint: copy the gradebook into a new schema (`rapport db copy 'URL' 'URL?schema=NEW'`: the copy has every constraint and index, and refuses a row that breaks one), check it with `rapport --db 'URL?schema=NEW' doctor`, then point `database:` in course.yaml at it
"
        ),
    );
    assert_eq!(test.snapshot(), before);
}
