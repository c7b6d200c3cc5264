//! Gradebook tests: `doctor` and `check` on gradebooks that another tool or a failing disk has
//! damaged (levels off their scale, broken pages), and stored text with control characters shown
//! on a terminal.

use std::fmt::Write as _;
use std::fs;
use std::io::{Seek as _, SeekFrom, Write as IoWrite};
use std::process::Stdio;

use crate::support::Test;

/// Writes levels into the gradebook as another tool could: (revision, criterion, level).
fn edit_levels(test: &Test, levels: &[(i64, &str, f64)]) {
    for (revision, criterion, level) in levels {
        let changed = test.sql(
            "UPDATE score SET level = ?1 WHERE revision_id = ?2 AND criterion_id = ?3",
            &[level, revision, criterion],
        );
        assert_eq!(changed, 1);
    }
}

const AMEND_HINT: &str = "  hint: scores off their scale are left out of progress until each is amended with a level of its rubric (`rapport score STUDENT --session S --rubric R --by RATER --amend --reason \"…\" CRITERION=LEVEL`)\n";

#[test]
fn doctor_reports_each_level_off_the_scale_it_was_scored_with_and_changes_nothing() {
    let test = Test::with_two_scored();
    edit_levels(
        &test,
        &[
            (1, "direction", 1e308),
            (1, "listening", 2.5),
            (2, "direction", -1e308),
        ],
    );
    let before = test.snapshot();
    let test = test.args(&["doctor"]);
    test.expect(
        1,
        &format!(
            "gradebook {}
integrity: ok
references: ok
levels: PROBLEMS
  session `s1`, student `amara`, instructor `jo`, rubric `oral-communication` revision 1: criterion `direction` has level 1e308, which is not on the scale it was scored against (1, 2, 3, 4)
  session `s1`, student `amara`, instructor `jo`, rubric `oral-communication` revision 1: criterion `listening` has level 2.5, which is not on the scale it was scored against (1, 2, 3, 4)
  session `s1`, student `bob`, instructor `jo`, rubric `oral-communication` revision 1: criterion `direction` has level -1e308, which is not on the scale it was scored against (1, 2, 3, 4)
rubrics: every recorded score is on a current criterion and level
",
            test.gradebook()
        ),
        &format!(
            "error: doctor found 3 problems in `{}`\n{AMEND_HINT}",
            test.gradebook()
        ),
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn check_warns_about_each_current_level_off_its_scale() {
    let test = Test::with_two_scored();
    edit_levels(&test, &[(2, "listening", 7.0)]);
    let test = test.args(&["check"]);
    test.expect(
        0,
        "rubrics/oral-communication.yaml:2:1: warning: a score in the gradebook is off its rubric's scale, and is left out of progress: session `s1`, student `bob`, instructor `jo`, rubric `oral-communication` revision 1: criterion `listening` has level 7, which is not on the scale it was scored against (1, 2, 3, 4); run `rapport doctor`
   2 | levels:
     | ^^^^^^
0 errors, 1 warning in 4 files
",
        "",
    );
}

#[test]
fn check_warns_about_a_criterion_another_tool_renamed_in_a_current_rubric_version() {
    // The version is the rubric as it is now, so `check` reads no score of it but those of a
    // (criterion, level) pair no current rubric has.
    let test = Test::with_two_scored();
    test.sql(
        "UPDATE score SET criterion_id = 'gone' WHERE revision_id = 2 AND criterion_id = 'listening'",
        &[],
    );
    let test = test.args(&["check"]);
    test.expect(
        0,
        "rubrics/oral-communication.yaml:2:1: warning: a score in the gradebook is off its rubric's scale, and is left out of progress: session `s1`, student `bob`, instructor `jo`, rubric `oral-communication` revision 1: criterion `gone` is not in the rubric version it was scored against; run `rapport doctor`
   2 | levels:
     | ^^^^^^
0 errors, 1 warning in 4 files
",
        "",
    );
}

#[test]
fn check_warns_about_a_level_off_the_scale_of_a_version_the_rubric_has_left_behind() {
    let test = Test::with_two_scored()
        .edit(
            "rubrics/oral-communication.yaml",
            "  - { score: 4, label: Exemplary }\n",
            "",
        )
        .edit(
            "rubrics/oral-communication.yaml",
            "      4: Picks the one note that matters most.\n",
            "",
        )
        .edit(
            "rubrics/oral-communication.yaml",
            "      4: Draws out what was unsaid.\n",
            "",
        );
    edit_levels(&test, &[(2, "listening", 7.0)]);
    let test = test.args(&["check"]);
    test.expect(
        0,
        "rubrics/oral-communication.yaml:2:1: warning: a score in the gradebook is off its rubric's scale, and is left out of progress: session `s1`, student `bob`, instructor `jo`, rubric `oral-communication` revision 1: criterion `listening` has level 7, which is not on the scale it was scored against (1, 2, 3, 4); run `rapport doctor`
   2 | levels:
     | ^^^^^^
rubrics/oral-communication.yaml:2:1: warning: level 4 is no longer a level of rubric `oral-communication` (removed or renumbered): criterion `listening` has 1 recorded score at that level
   2 | levels:
     | ^^^^^^
0 errors, 2 warnings in 4 files
",
        "",
    );
}

#[test]
fn an_amended_level_off_the_scale_is_no_longer_a_problem_but_stays_in_history() {
    let test = Test::with_two_scored();
    edit_levels(&test, &[(1, "direction", 2.5)]);
    test.ok(&[
        "score",
        "amara",
        "--rubric",
        "oral-communication",
        "--session",
        "s1",
        "--by",
        "jo",
        "--amend",
        "--reason",
        "another tool wrote 2.5",
        "direction=3",
    ]);
    let test = test.args(&["doctor"]);
    test.expect(
        0,
        &format!(
            "gradebook {}
integrity: ok
references: ok
levels: every current score is on the scale of the rubric version it was scored with
  (1 score off the scale in earlier revisions, amended since; history keeps it)
rubrics: every recorded score is on a current criterion and level
no problems found
",
            test.gradebook()
        ),
        "",
    );
    assert!(
        test.ok(&["history", "amara"])
            .contains("  direction: 2.5 → 3\n")
    );
}

/// A gradebook with 300 students and 600 scores, so that its tables span many pages.
fn large() -> Test {
    // Its pages are damaged on disk: the gradebook is the SQLite file on either run.
    let test = Test::with_fixture("minimal").on_sqlite().people();
    let mut roster = String::from("id,name\n");
    let mut scores = String::from("session,student,rater,rubric,criterion,level,note\n");
    for i in 1..=300 {
        let _ = writeln!(roster, "p{i},Student number {i} with a longer name");
        let _ = write!(
            scores,
            "s1,p{i},jo,oral-communication,direction,3,A note that takes some room for student {i}\n\
             s1,p{i},jo,oral-communication,listening,2,\n"
        );
    }
    let test = test
        .write("roster.csv", &roster)
        .write("scores.csv", &scores);
    test.ok(&["student", "import", "roster.csv"]);
    test.ok(&["import", "scores.csv"]);
    test
}

/// Overwrites the middle of some pages with bytes from a fixed sequence, as a failing disk
/// might; page 1 (the header and schema) stays whole.
fn damage(path: &std::path::Path) {
    let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
    let mut state: u32 = 7;
    for page in [12u64, 18, 24, 30] {
        file.seek(SeekFrom::Start((page - 1) * 4096 + 1500))
            .unwrap();
        let noise: Vec<u8> = (0..600)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                state.to_be_bytes()[1]
            })
            .collect();
        IoWrite::write_all(&mut file, &noise).unwrap();
    }
}

#[test]
fn doctor_on_a_damaged_gradebook_runs_every_check_and_says_how_to_recover() {
    let test = large();
    damage(&test.path("rapport.db"));
    let before = test.snapshot();
    let out = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .arg("doctor")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let db = test.path("rapport.db").display().to_string();
    // Every section is there, each with its findings (what SQLite finds depends on the pages
    // hit; that each check ran and said so does not).
    let sections: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("  "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            format!("gradebook {db}").as_str(),
            "integrity",
            "references",
            "levels",
            "rubrics"
        ]
    );
    assert!(
        stdout.starts_with(&format!("gradebook {db}\nintegrity: PROBLEMS\n  ")),
        "{stdout}"
    );
    let problems = stdout.lines().filter(|l| l.starts_with("  ")).count();
    assert!(problems > 1, "{stdout}");
    let count: usize = stderr
        .strip_prefix("error: doctor found ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(count >= problems.min(100), "{stdout}{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: doctor found {count} problems in `{db}`\n  hint: keep this file as it is and restore the latest backup (made by `rapport backup`) in its place while nobody is using the gradebook; without a backup, `sqlite3 {db} .recover | sqlite3 recovered.db` saves what is still readable, and `rapport --db recovered.db doctor` checks it\n"
        )
    );
    assert_eq!(
        test.snapshot(),
        before,
        "doctor wrote to a damaged gradebook"
    );
}

/// Runs `rapport ARGS` with its standard output on a pseudo-terminal (`script` from
/// util-linux), and returns what the terminal received.
fn on_a_terminal(test: &Test, args: &str) -> String {
    let out = test
        .in_dir("script")
        .args(["-q", "-e", "-c"])
        .arg(format!("{} {args}", env!("CARGO_BIN_EXE_rapport")))
        .arg("/dev/null")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

#[test]
fn stored_control_characters_reach_a_terminal_escaped() {
    let test = Test::with_two_scored();
    test.sql(
        "UPDATE student SET name = 'Am\u{1b}]0;owned\u{7}ara\u{1b}[2J', cohort = 'x\u{9b}31m' WHERE id = 'amara'",
        &[],
    );
    test.sql(
        "UPDATE revision SET comment = 'Fine\u{1b}[8mhidden' WHERE id = 1",
        &[],
    );
    let list = on_a_terminal(&test, "student list");
    assert_eq!(
        list,
        "ID     NAME                               EMAIL  COHORT\namara  Am\\u{1b}]0;owned\\u{7}ara\\u{1b}[2J         x\\u{9b}31m\nbob    Bob\n"
    );
    let history = on_a_terminal(&test, "history amara");
    assert!(!history.contains('\u{1b}'), "{history:?}");
    assert!(history.contains("Fine\\u{1b}[8mhidden"), "{history}");
    assert!(
        history.starts_with("history of Am\\u{1b}]0;owned\\u{7}ara\\u{1b}[2J (amara)\n"),
        "{history}"
    );
}

#[test]
fn stored_control_characters_never_reach_a_page() {
    let test = Test::with_two_scored();
    // PostgreSQL's text holds no NUL: there the first control character is U+0001.
    let first = if test.on_postgres() { '\u{1}' } else { '\u{0}' };
    test.sql(
        "UPDATE student SET name = ?1 WHERE id = 'amara'",
        &[&format!("Am{first}ara\u{1b}[2J\u{9b}")],
    );
    test.sql(
        "UPDATE revision SET comment = 'Fine\u{7}' WHERE id = 1",
        &[],
    );
    for args in [
        &["report", "amara", "-o", "-"][..],
        &["report", "--all", "-o", "out"],
    ] {
        test.ok(args);
    }
    let page = test.ok(&["report", "amara", "-o", "-"]);
    let overview = fs::read_to_string(test.path("out/index.html")).unwrap();
    let student = fs::read_to_string(test.path("out/students/amara.html")).unwrap();
    for html in [&page, &overview, &student] {
        assert!(
            !html.contains(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
            "a control character reached a page"
        );
        assert!(html.contains("Am\u{fffd}ara\u{fffd}[2J\u{fffd}"));
    }
    assert!(page.contains("Fine\u{fffd}"));
}
