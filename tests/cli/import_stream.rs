//! Import at scale (docs/FORMATS.md § Scores CSV, § Import errors file): more than 100
//! problems shown as the first 100 and a count of the rest, `--errors FILE` with every one, and
//! a large import killed while it writes leaving the gradebook as it was.
//!
//! The course is tests/fixtures/minimal (rubric `oral-communication`, criteria `direction` and
//! `listening`) with student `amara`, instructor `jo` and session `s1` (`Test::with_people`).

use std::fmt::Write as _;
use std::fs;

use crate::support::{Test, kill_when};

/// The scores CSV header, in export order: what `export` prints for an empty gradebook.
const HEADER: &str = "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n";

/// `rapport export`, which must succeed.
fn export(test: &Test) -> String {
    test.ok(&["export"])
}

/// 120 rows with the role `boss` (lines 2–121), 30 with an empty student (122–151) and 1,001
/// of an unknown student (152–1152).
fn many_problems() -> String {
    let mut csv = String::from("session,student,rater,role,rubric,criterion,level\n");
    for _ in 0..120 {
        csv.push_str("s1,amara,jo,boss,oral-communication,direction,3\n");
    }
    for _ in 0..30 {
        csv.push_str("s1,,jo,,oral-communication,direction,3\n");
    }
    for _ in 0..1001 {
        csv.push_str("s1,zed,jo,,oral-communication,direction,3\n");
    }
    csv
}

/// The terminal report of `many_problems`, its last problem line being `summary`.
fn many_problems_report(summary: &str) -> String {
    let mut expected = String::from(
        "scores.csv: unknown student `zed` on rows 152, 153, 154, 155, 156 and 996 more; add them to the roster first (`rapport student add` or `rapport student import`)\n",
    );
    for line in 2..=101 {
        let _ = writeln!(
            expected,
            "scores.csv:{line}: `role` must be `instructor`, `self` or `peer`, not `boss`"
        );
    }
    expected.push_str(summary);
    expected.push_str("error: scores.csv: 1,151 rows are invalid; nothing was recorded\n");
    expected
}

#[test]
fn past_a_hundred_problems_the_first_hundred_are_shown_and_the_rest_counted_by_kind() {
    let test = Test::with_people().write("scores.csv", &many_problems());
    let files_before = test.files();
    let test = test.args(&["import", "scores.csv"]);
    test.expect(
        1,
        "",
        &many_problems_report(
            "scores.csv: and 50 more problems on later rows: 30 empty cells, 20 invalid roles; pass `--errors FILE` to write every problem to a CSV file\n",
        ),
    );
    assert_eq!(test.files(), files_before);
    assert_eq!(export(&test), HEADER);
}

#[test]
fn the_errors_file_holds_every_problem_even_when_the_terminal_counts_them() {
    let test = Test::with_people().write("scores.csv", &many_problems());
    let test = test.args(&["import", "scores.csv", "--errors", "errors.csv"]);
    test.expect(
        1,
        "",
        &many_problems_report(
            "scores.csv: and 50 more problems on later rows: 30 empty cells, 20 invalid roles; every problem is in `errors.csv`\n",
        ),
    );
    let mut expected = String::from("line,column,message\n");
    for line in 2..=121 {
        let _ = writeln!(
            expected,
            "{line},,\"`role` must be `instructor`, `self` or `peer`, not `boss`\""
        );
    }
    for line in 122..=151 {
        let _ = writeln!(expected, "{line},,`student` is empty");
    }
    for line in 152..=1152 {
        let _ = writeln!(expected, "{line},,unknown student `zed`");
    }
    assert_eq!(
        fs::read_to_string(test.path("errors.csv")).unwrap(),
        expected
    );
    assert_eq!(export(&test), HEADER);
}

#[test]
fn the_errors_file_gives_each_problem_its_line_and_column_and_nothing_is_recorded() {
    // Line 3 has a stray quote (line 3, column 27); line 4's note runs over two lines, so the
    // row on line 6 is the fifth record; the level on line 6 is unknown.
    let csv = "\
session,student,rater,rubric,criterion,level,note
s1,amara,jo,oral-communication,direction,3,
s1,amara,jo,oral-communication,listening,5\" monitor,
s1,amara,jo,oral-communication,listening,2,\"a note
on two lines\"
s1,amara,sam,oral-communication,direction,9,
";
    let test = Test::with_people().write("scores.csv", csv);
    let export_before = export(&test);
    let mut files_before = test.files();
    let test = test.args(&["import", "scores.csv", "--errors", "errors.csv"]);
    test.expect(
        1,
        "",
        "\
scores.csv: unknown instructor `sam` on row 6; register them with `rapport instructor add`, or set `role` to `self` or `peer`
scores.csv: unknown level `9` of `oral-communication` on row 6; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)
scores.csv:3:43: a `\"` inside an unquoted cell; put the whole cell in quotes and double the quote: \"5\"\" monitor\"
error: scores.csv: 2 rows are invalid; nothing was recorded
",
    );
    assert_eq!(
        fs::read_to_string(test.path("errors.csv")).unwrap(),
        "\
line,column,message
3,43,\"a `\"\"` inside an unquoted cell; put the whole cell in quotes and double the quote: \"\"5\"\"\"\" monitor\"\"\"
6,,unknown level `9` of `oral-communication`
6,,unknown instructor `sam`
"
    );
    files_before.push("errors.csv".to_owned());
    files_before.sort();
    assert_eq!(test.files(), files_before);
    assert_eq!(export(&test), export_before);
}

#[test]
fn the_errors_file_of_a_clean_import_or_dry_run_holds_its_header_alone() {
    let csv = "session,student,rater,rubric,criterion,level\ns1,amara,jo,oral-communication,direction,3\n";
    let test = Test::with_people().write("scores.csv", csv);
    let test = test.args(&[
        "import",
        "scores.csv",
        "--dry-run",
        "--errors",
        "errors.csv",
    ]);
    test.expect(
        0,
        "",
        "scores.csv: would record 1 assessment, amend 0, leave 0 unchanged (1 score to write); nothing was written (dry run)\n",
    );
    assert_eq!(
        fs::read_to_string(test.path("errors.csv")).unwrap(),
        "line,column,message\n"
    );
    assert_eq!(export(&test), HEADER);
    let test = test.args(&["import", "scores.csv", "--errors", "errors.csv", "--force"]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 1 assessment, amended 0, unchanged 0 (1 score written)\n",
    );
    assert_eq!(
        fs::read_to_string(test.path("errors.csv")).unwrap(),
        "line,column,message\n"
    );
    assert_eq!(
        export(&test),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,,,T,live\n"
        )
    );
}

#[test]
fn the_errors_file_never_replaces_a_file_rapport_did_not_write() {
    let csv = "session,student,rater,rubric,criterion,level\ns1,amara,jo,oral-communication,direction,3\n";
    let test = Test::with_people()
        .write("scores.csv", csv)
        .write("errors.csv", "my notes\n");
    let before = test.snapshot();
    let test = test.args(&["import", "scores.csv", "--errors", "errors.csv"]);
    test.expect(
        1,
        "",
        "\
error: `errors.csv` already exists; nothing was written
  hint: choose another name, or pass `--force` to replace it
",
    );
    assert_eq!(test.snapshot(), before);
    assert_eq!(export(&test), HEADER);
}

#[test]
fn a_large_import_killed_while_it_writes_leaves_the_gradebook_as_it_was() {
    // 25,000 students × 2 criteria: 50,000 rows, streamed and recorded in one transaction.
    const STUDENTS: usize = 25_000;
    let mut roster = String::from("id,name\n");
    let mut csv = String::from("session,student,rater,rubric,criterion,level,note\n");
    for i in 0..STUDENTS {
        let _ = writeln!(roster, "s{i},Student {i}");
        for criterion in ["direction", "listening"] {
            let _ = writeln!(
                csv,
                "s1,s{i},jo,oral-communication,{criterion},{},a note on {criterion}",
                i % 4 + 1
            );
        }
    }
    // Killed when the SQLite file's write-ahead log grows: the gradebook is the file on either
    // run.
    let test = Test::with_fixture("minimal")
        .on_sqlite()
        .people()
        .write("roster.csv", &roster)
        .write("scores.csv", &csv)
        .given(&["student", "import", "roster.csv"]);
    let export_before = export(&test);
    let history_before = test.ok(&["history", "s1"]);
    let wal = test.path("rapport.db-wal");
    let initial = fs::metadata(&wal).map_or(0, |m| m.len());
    let mut child = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .args(["-q", "import", "scores.csv"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Recording has begun when the write-ahead log grows: the checks stage nothing there.
    let killed = kill_when(&mut child, || {
        fs::metadata(&wal).map_or(0, |m| m.len()) > initial + 256 * 1024
    });
    assert!(
        killed,
        "the import ended before it could be killed while writing"
    );
    assert_eq!(export(&test), export_before);
    assert_eq!(test.ok(&["history", "s1"]), history_before);
    // The next run records all of it.
    let test = test.args(&["-q", "import", "scores.csv"]);
    test.expect(0, "", "");
    assert_eq!(export(&test).lines().count(), 1 + 2 * STUDENTS);
}
