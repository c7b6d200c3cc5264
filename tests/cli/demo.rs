//! `rapport demo`: a course, a seeded synthetic cohort, the handbook and every report, laid out
//! as docs/FORMATS.md § "Where things are written" says.

use std::fmt::Write as _;
use std::fs;

use sha2::{Digest, Sha256};

use crate::support::Test;

/// What `demo` prints on standard error for a demo built in `dir`.
fn built(dir: &str, students: usize, sessions: usize, assessments: usize, example: &str) -> String {
    format!(
        "built a demo of {students} students, 4 instructors, {sessions} sessions and {assessments} assessments in {dir}
open {dir}/index.html (the handbook, the cohort overview and every student's report)
try: {program} --course {dir}/course progress {example}
(to type `rapport` instead, put it on your PATH: `cargo install --locked --path .` in its repository)
",
        // The tests' PATH holds no rapport: the hint names the binary itself, runnable as printed.
        program = std::path::Path::new(env!("CARGO_BIN_EXE_rapport"))
            .canonicalize()
            .unwrap()
            .display()
    )
}

fn canonical(test: &Test, rel: &str) -> String {
    test.path(rel).canonicalize().unwrap().display().to_string()
}

#[test]
fn a_demo_is_laid_out_as_the_formats_say_and_every_page_is_there() {
    let test = Test::new().args(&["demo", "--students", "6", "-o", "out"]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let dir = canonical(&test, "out");
    assert_eq!(out.stdout, format!("{dir}/index.html\n"));
    assert_eq!(out.stderr, built(&dir, 6, 22, 167, "adaeze-n"));
    let files = test.files();
    let under = |prefix: &str| files.iter().filter(|f| f.starts_with(prefix)).count();
    assert_eq!(
        (
            under("out/course/curriculum/"),
            under("out/course/rubrics/"),
            under("out/course/schemas/"),
            under("out/handbook/modules/"),
            under("out/handbook/rubrics/"),
        ),
        (7, 7, 3, 7, 7)
    );
    for file in [
        "out/index.html",
        "out/course/course.yaml",
        "out/course/rapport.db",
        "out/handbook/index.html",
        "out/reports/index.html",
    ] {
        assert!(files.iter().any(|f| f == file), "{file} missing: {files:?}");
    }
    // One report per active student; the landing page links each, and the two other sites.
    let reports: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("out/reports/students/"))
        .collect();
    assert_eq!(reports.len(), 6);
    let landing = fs::read_to_string(test.path("out/index.html")).unwrap();
    for report in &reports {
        let href = report.trim_start_matches("out/");
        assert!(landing.contains(&format!("<a href=\"{href}\">")), "{href}");
    }
    assert!(landing.contains("<a href=\"handbook/index.html\">The handbook</a>"));
    assert!(landing.contains("<a href=\"reports/index.html\">The cohort overview</a>"));
    let program = std::path::Path::new(env!("CARGO_BIN_EXE_rapport"))
        .canonicalize()
        .unwrap();
    assert!(landing.contains(&format!(
        "<code>{} --course {dir}/course progress adaeze-n</code>",
        program.display()
    )));
}

#[test]
fn the_demo_course_checks_clean_and_its_gradebook_is_consistent() {
    // The demo's gradebook is the SQLite file beside its course.yaml, read through `--course`
    // (on the PostgreSQL run, too: no `RAPPORT_DB` from the harness).
    let test = Test::new()
        .on_sqlite()
        .given(&["demo", "--students", "4", "-o", "out"]);
    let test = test.args(&["--course", "out/course", "check"]);
    test.expect(0, "0 errors, 0 warnings in 15 files\n", "");
    test.ok(&["--course", "out/course", "doctor"]);
    let list = test.ok(&["--course", "out/course", "--json", "student", "list"]);
    let students: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(students.as_array().unwrap().len(), 4);
    let first = students[0]["id"].as_str().unwrap();
    let progress = test.ok(&["--course", "out/course", "--json", "progress", first]);
    let progress: serde_json::Value = serde_json::from_str(&progress).unwrap();
    assert_eq!(progress["rubrics"].as_array().unwrap().len(), 7);
}

#[test]
fn the_same_seed_gives_the_same_demo_and_another_seed_another() {
    // Twelve students, so that one leaves and is archived; a second apart, so that a clock
    // time written anywhere in the file (even into space an update freed) would show.
    let test = Test::new().given(&["demo", "--students", "12", "-o", "a"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let test = test
        .given(&["demo", "--students", "12", "-o", "b"])
        .given(&["demo", "--students", "12", "--seed", "7", "-o", "c"]);
    let read = |path: &str| fs::read(test.path(path)).unwrap();
    assert_eq!(read("a/course/rapport.db"), read("b/course/rapport.db"));
    assert_ne!(read("a/course/rapport.db"), read("c/course/rapport.db"));
    let pages = |dir: &str| -> Vec<(String, Vec<u8>)> {
        test.files()
            .into_iter()
            .filter(|f| {
                f.starts_with(&format!("{dir}/reports/"))
                    || f.starts_with(&format!("{dir}/handbook/"))
            })
            .map(|f| (f[dir.len()..].to_owned(), read(&f)))
            .collect()
    };
    assert_eq!(pages("a"), pages("b"));
    assert_ne!(pages("a"), pages("c"));
}

/// The default demo's gradebook, pinned: a change to the generator (the order of its random
/// draws, its numbers, or a word of `src/demo/prose.yaml`) changes these digests. Pinned with the
/// build before `src/demo.rs` was split into `src/demo/`; update them only when the demo is
/// meant to change. (`session list` gained its counts of what was scored after the pin: the
/// demo did not change, the listing did; so did `student list --json`, which gained
/// `sourced_id`, null for every demo student.)
#[test]
fn the_default_demo_writes_the_gradebook_it_always_has() {
    // The demo's gradebook is the SQLite file beside its course.yaml, read through `--course`
    // (on the PostgreSQL run, too: no `RAPPORT_DB` from the harness).
    let test = Test::new().on_sqlite().given(&["demo", "-o", "out"]);
    let digest = |args: &[&str]| {
        let mut all = vec!["--course", "out/course"];
        all.extend(args);
        let hash = Sha256::digest(test.ok(&all).as_bytes());
        hash.iter().fold(String::new(), |mut hex, byte| {
            write!(hex, "{byte:02x}").unwrap();
            hex
        })
    };
    assert_eq!(
        digest(&["export", "--format", "csv"]),
        "4fa47d030170c6f584af52a75408388f1f19c903f73c783c2d0d1973c3fc277d"
    );
    assert_eq!(
        digest(&["export", "--format", "json"]),
        "2de97c19019fffb9934d184a774da16f4e282a52f1ae6746fc20cc31828d342b"
    );
    assert_eq!(
        digest(&["--json", "session", "list"]),
        "a58d312658be6ccef8a7267d21d4e8ee610428188a3803dd9ad59bf4fbc58ff4"
    );
    assert_eq!(
        digest(&["--json", "student", "list", "--include-archived"]),
        "13bc4c83f2e8cdc3a9bf89081839bea7bd0f0e5474caeff394ccc48a8b4230b2"
    );
}

#[test]
fn a_folder_that_is_not_empty_is_refused_untouched() {
    let test = Test::new()
        .write("out/notes.txt", "mine")
        .args(&["demo", "-o", "out"]);
    let before = test.files();
    test.expect(
        1,
        "",
        "error: `out` is not empty
  hint: the demo never writes over files: give `-o` a new or empty folder
",
    );
    assert_eq!(test.files(), before);
    let test = test.args(&["demo", "-o", "out/notes.txt"]);
    test.expect(
        1,
        "",
        "error: `out/notes.txt` is a file, not a folder; nothing was written
  hint: rapport writes only into real folders: move it away, or choose another output folder
",
    );
    assert_eq!(test.files(), before);
}

#[test]
fn without_a_folder_the_demo_goes_to_a_new_temporary_one() {
    let test = Test::new().cwd("work").env("TMPDIR", "/nonexistent");
    let tmp = test.path("tmp");
    fs::create_dir(&tmp).unwrap();
    let test = test.env("TMPDIR", tmp.to_str().unwrap());
    let first = test.ok(&["demo", "--students", "1"]);
    let second = test.ok(&["demo", "--students", "1"]);
    let tmp = tmp.canonicalize().unwrap();
    assert_eq!(
        first,
        format!("{}/rapport-demo-1/index.html\n", tmp.display())
    );
    assert_eq!(
        second,
        format!("{}/rapport-demo-2/index.html\n", tmp.display())
    );
}

#[test]
fn a_cohort_needs_at_least_one_student() {
    let test = Test::new().args(&["demo", "--students", "0"]);
    let out = test.run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: invalid value '0' for '--students <N>': 0 is not in 1..=3000\n"),
        "{}",
        out.stderr
    );
    assert_eq!(test.files(), Vec::<String>::new());
}
