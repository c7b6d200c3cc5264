//! Gradebook tests: import and export (docs/FORMATS.md § Scores CSV).
//!
//! Every test starts from tests/fixtures/minimal (rubric `oral-communication`: levels Emerging 1,
//! Developing 2, Proficient 3, Exemplary 4; criteria `direction` then `listening`), sets people
//! and sessions up with the real commands, and compares whole outputs. `recorded_at` is the one
//! thing that varies from run to run: it is checked for its format, then masked.

use std::fs;

use crate::support::{Output, Test, assert_whole_snapshot};

const TALKBACK: &str = "curriculum/talkback.yaml";

/// The scores CSV header, in export order.
const HEADER: &str = "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n";

/// A second rubric: a half level, a label two levels share, and criteria that are not in
/// alphabetical order (`tone` before `ethics`).
const VALUES: &str = "title: Values
levels:
  - { score: 1, label: Beginning }
  - { score: 2, label: Milestone }
  - { score: 3, label: Milestone }
  - { score: 3.5, label: Capstone }
mastery_level: 3
criteria:
  - id: tone
    title: Tone
    descriptors:
      1: Harsh.
      2: Neutral.
      3: Warm.
      3.5: Warm and firm.
  - id: ethics
    title: Ethics
    descriptors:
      1: Cuts corners.
      2: Follows the rules.
      3: Explains the rules.
      3.5: Sets the example.
";

// ---------------------------------------------------------------------------------------------
// Helpers

/// Runs `rapport ARGS` and returns its output, whatever it is.
fn run(test: Test, args: &[&str]) -> (Test, Output) {
    let test = test.args(args);
    let out = test.run();
    (test, out)
}

/// Standard output of `rapport ARGS`, which must succeed silently on standard error.
fn stdout(test: Test, args: &[&str]) -> (Test, String) {
    let (test, out) = run(test, args);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (0, ""),
        "rapport {args:?}:\n{}",
        out.stdout
    );
    (test, out.stdout)
}

/// The minimal course with the `values` rubric (used by talkback) and the people: students
/// amara and ben, instructors jo and sam. No sessions, nothing scored.
fn people() -> Test {
    let test = Test::with_fixture("minimal")
        .write("rubrics/values.yaml", VALUES)
        .edit(
            TALKBACK,
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-communication, values]",
        );
    let test = test.given(&["student", "add", "amara", "--name", "Amara Okafor"]);
    let test = test.given(&["student", "add", "ben", "--name", "Ben Adeyemi"]);
    let test = test.given(&["instructor", "add", "jo", "--name", "Jo"]);
    test.given(&["instructor", "add", "sam", "--name", "Sam"])
}

/// `people()` with session s1 on 2026-09-02.
fn gradebook() -> Test {
    people().given(&[
        "session",
        "add",
        "s1",
        "--date",
        "2026-09-02",
        "--kind",
        "live",
        "--title",
        "T",
    ])
}

/// Writes scores.csv and imports it with `extra` flags.
fn import(test: Test, csv: &str, extra: &[&str]) -> Test {
    let mut args = vec!["import", "scores.csv"];
    args.extend_from_slice(extra);
    test.write("scores.csv", csv).args(&args)
}

/// Asserts that a `recorded_at` value is an RFC 3339 UTC time: `YYYY-MM-DDTHH:MM:SS`, optional
/// fraction, `Z`.
fn assert_rfc3339_utc(value: &str) {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let ok = bytes.len() >= 20
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && bytes[10] == b'T'
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
        && bytes[16] == b':'
        && digits(17..19)
        && bytes.ends_with(b"Z")
        && (bytes.len() == 20
            || (bytes[19] == b'.' && digits(20..bytes.len() - 1) && bytes.len() > 21));
    assert!(ok, "`recorded_at` {value:?} is not an RFC 3339 UTC time");
}

/// Pretty JSON with every `"recorded_at": "…"` checked and replaced by `"recorded_at": "T"`.
fn mask_times(json: &str) -> String {
    let key = "\"recorded_at\": \"";
    json.lines()
        .map(|line| match line.find(key) {
            Some(at) => {
                let rest = &line[at + key.len()..];
                let end = rest.find('"').expect("a closing quote");
                assert_rfc3339_utc(&rest[..end]);
                format!("{}{key}T{}\n", &line[..at], &rest[end..])
            }
            None => format!("{line}\n"),
        })
        .collect()
}

/// `history --json` with times masked.
fn history_json(test: Test, student: &str) -> (Test, String) {
    let (test, out) = stdout(test, &["history", student, "--json"]);
    (test, mask_times(&out))
}

// ---------------------------------------------------------------------------------------------
// Import: what is recorded

#[test]
fn import_reads_columns_in_any_order_with_defaults_labels_partial_assessments_notes_and_comments() {
    // The instructor assessment by jo is spread over rows 2, 4 and 6 (the comment is on one row
    // only, the others leave it blank); the self-assessment leaves `listening` out; levels are
    // given as scores (`3.0` too) or as labels in any case; a blank `role` is `instructor`.
    let csv = "\
comment,note,level,criterion,rubric,role,rater,student,date,session
,Clear and kind,3.0,direction,oral-communication,,jo,amara,,s1
,,developing,direction,oral-communication,self,amara,amara,2026-09-02,s1
Good session,\"Summed up, then asked\",EXEMPLARY,listening,oral-communication,instructor,jo,amara,,s1
,,  Proficient  ,listening,oral-communication,peer,amara,ben,,s1
Good session,,beginning,tone,values,,jo,amara,,s1
";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 4 assessments, amended 0, unchanged 0 (5 scores written)\n",
    );
    let test = test.args(&["export"]);
    test.expect(
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,Clear and kind,Good session,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,4,\"Summed up, then asked\",Good session,T,live
s1,2026-09-02,amara,jo,instructor,values,tone,1,,Good session,T,live
s1,2026-09-02,amara,amara,self,oral-communication,direction,2,,,T,live
s1,2026-09-02,ben,amara,peer,oral-communication,listening,3,,,T,live
",
        "",
    );
}

#[test]
fn import_creates_a_session_it_does_not_know_from_its_date() {
    let csv = "\
session,date,student,rater,rubric,criterion,level
s2,2026-09-09,amara,jo,oral-communication,direction,2
s2,2026-09-09,amara,jo,oral-communication,listening,2
a0,2026-08-30,ben,sam,oral-communication,direction,1
";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 2 assessments, amended 0, unchanged 0 (3 scores written); new sessions: a0, s2\n",
    );
    let test = test.args(&["session", "list", "--json"]);
    test.expect(
        0,
        r#"[
  {
    "id": "a0",
    "date": "2026-08-30",
    "kind": "other",
    "title": "a0",
    "artist": null,
    "assessment_count": 1,
    "student_count": 1,
    "instructor_count": 1
  },
  {
    "id": "s1",
    "date": "2026-09-02",
    "kind": "live",
    "title": "T",
    "artist": null,
    "assessment_count": 0,
    "student_count": 0,
    "instructor_count": 0
  },
  {
    "id": "s2",
    "date": "2026-09-09",
    "kind": "other",
    "title": "s2",
    "artist": null,
    "assessment_count": 1,
    "student_count": 1,
    "instructor_count": 1
  }
]
"#,
        "",
    );
}

#[test]
fn a_known_session_takes_a_blank_or_matching_date_and_is_not_created_again() {
    let csv = "\
session,date,student,rater,rubric,criterion,level
s1,,amara,jo,oral-communication,direction,2
s1,2026-09-02,amara,jo,oral-communication,listening,2
";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 1 assessment, amended 0, unchanged 0 (2 scores written)\n",
    );
    let (_, sessions) = stdout(test, &["session", "list"]);
    assert_eq!(
        sessions,
        "ID  DATE        KIND  TITLE  ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS\ns1  2026-09-02  live  T              1         1            1\n"
    );
}

#[test]
fn import_accepts_ids_in_any_case_and_stores_them_lower_case() {
    let csv = "\
SESSION,Date,Student,Rater,Role,Rubric,Criterion,Level
S1,,AMARA,Jo,Instructor,Oral-Communication,DIRECTION,3
s1,,Amara,JO,INSTRUCTOR,oral-communication,Listening,2
New-1,2026-10-01,amara,amara,Self,oral-communication,direction,1
";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 2 assessments, amended 0, unchanged 0 (3 scores written); new sessions: new-1\n",
    );
    let test = test.args(&["export"]);
    test.expect(
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,,,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,2,,,T,live
new-1,2026-10-01,amara,amara,self,oral-communication,direction,1,,,new-1,other
",
        "",
    );
}

#[test]
fn a_file_with_a_byte_order_mark_and_crlf_line_endings_is_recorded() {
    let csv = "\u{feff}session,student,rater,rubric,criterion,level,comment\r\n\
               s1,amara,jo,oral-communication,direction,3,Steady\r\n\
               s1,amara,jo,oral-communication,listening,Developing,Steady\r\n";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 1 assessment, amended 0, unchanged 0 (2 scores written)\n",
    );
    let test = test.args(&["export"]);
    test.expect(
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,,Steady,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,2,,Steady,T,live
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Import: all or nothing

#[test]
fn every_bad_row_is_reported_by_line_in_order_and_nothing_is_recorded() {
    // Line 2 names an assessment that already exists: found at its first row. The note on line 3 runs over two lines, so from line 5 on the line numbers differ
    // from the record numbers. Lines 11, 13 and 23 are valid; s2 (line 23) must not be created.
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s1,,amara,jo,,oral-communication,listening,3,,
s1,,zed,jo,,oral-communication,direction,3,\"a note
over two lines\",
s1,,ben,jo,,oral-comunication,direction,3,,
s1,,ben,jo,,oral-communication,diretion,3,,
s1,,ben,jo,,oral-communication,listening,7,,
s1,,ben,jo,,values,tone,milestone,,
s1,2026-09-03,ben,jo,,oral-communication,direction,3,,
s9,,ben,jo,,oral-communication,direction,3,,
s1,,ben,sam,,oral-communication,direction,3,,
s1,,ben,sam,,oral-communication,direction,2,,
s1,,ben,sam,,values,tone,1,,first
s1,,ben,sam,,values,ethics,1,,second
s1,,ben,jo,boss,oral-communication,direction,2,,
s1,,ben,amara,self,oral-communication,direction,2,,
s1,,ben,kim,,oral-communication,direction,2,,
s1,,,jo,,oral-communication,direction,2,,
s1,,a b,jo,,oral-communication,direction,2,,
s1,,ben,ben,peer,oral-communication,listening,2,,
s1,,ben,zoe,peer,oral-communication,listening,2,,
s1,02/09/2026,ben,jo,,oral-communication,listening,2,,
s2,2026-09-09,ben,jo,,oral-communication,listening,2,,
";
    let test = gradebook().given(&[
        "score",
        "amara",
        "--rubric",
        "oral-communication",
        "--session",
        "s1",
        "--by",
        "jo",
        "direction=3",
        "listening=2",
    ]);
    let (test, export_before) = stdout(test, &["export"]);
    let (test, sessions_before) = stdout(test, &["session", "list", "--json"]);
    let files_before = test.files();
    let test = import(test, csv, &[]);
    test.expect(
        1,
        "",
        "\
scores.csv: unknown session `s9` on row 10, did you mean `s2`?; give a `date` on a row to create a session, or add it with `rapport session add`
scores.csv: unknown student `zed` on row 3; add them to the roster first (`rapport student add` or `rapport student import`)
scores.csv: unknown instructor `kim` on row 17; register them with `rapport instructor add`, or set `role` to `self` or `peer`
scores.csv: unknown peer `zoe` on row 21; a peer is another student on the roster
scores.csv: unknown rubric `oral-comunication` on row 5, did you mean `oral-communication`?; the course's rubrics are `oral-communication`, `values`
scores.csv: unknown criterion `diretion` of `oral-communication` on row 6, did you mean `direction`?; the criteria of `oral-communication` are `direction`, `listening`
scores.csv: unknown level `7` of `oral-communication` on row 7; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)
scores.csv:2: `amara` already has an assessment by `jo` (instructor) on `oral-communication` in session `s1`; pass `--amend` to replace it with a new revision
scores.csv:8: `tone`: the label `milestone` names 2 levels of `values` (2 and 3); give the score instead
scores.csv:9: `date` 2026-09-03 does not match session `s1` (2026-09-02); correct it or leave it blank
scores.csv:12: criterion `direction` is scored twice in this assessment (also on line 11); keep one
scores.csv:14: the comment differs from line 13's; the rows of one assessment carry the same comment, or leave it blank
scores.csv:15: `role` must be `instructor`, `self` or `peer`, not `boss`
scores.csv:16: a self-assessment's `rater` is the student (`ben`), not `amara`
scores.csv:18: `student` is empty
scores.csv:19: student ID `a b` contains a space at position 2; use only ASCII letters, digits, `-`, `_` and `.`
scores.csv:20: `ben` cannot be their own peer; use `role` `self`
scores.csv:22: `02/09/2026` is not a date; write it as YYYY-MM-DD, e.g. 2026-09-14
error: scores.csv: 18 rows are invalid; nothing was recorded
",
    );
    let mut files_after = test.files();
    files_after.retain(|f| f != "scores.csv");
    assert_eq!(files_after, files_before);
    let (test, export_after) = stdout(test, &["export"]);
    assert_eq!(export_after, export_before);
    let (_, sessions_after) = stdout(test, &["session", "list", "--json"]);
    assert_eq!(sessions_after, sessions_before);
}

#[test]
fn rows_are_numbered_by_the_line_they_start_on_after_a_byte_order_mark() {
    // The BOM does not hide the first column; a quoted note runs over two lines.
    let csv = "\u{feff}session,student,rater,rubric,criterion,level,note
s1,amara,jo,oral-communication,direction,3,\"first line
second line\"
s1,zed,jo,oral-communication,listening,3,
s1,amara,jo,oral-communication,direction,3,
";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        1,
        "",
        "\
scores.csv: unknown student `zed` on row 4; add them to the roster first (`rapport student add` or `rapport student import`)
scores.csv:5: criterion `direction` is scored twice in this assessment (also on line 2); keep one
error: scores.csv: 2 rows are invalid; nothing was recorded
",
    );
    let test = test.args(&["export"]);
    test.expect(0, HEADER, "");
}

#[test]
fn rows_are_numbered_by_the_line_they_start_on_with_crlf_line_endings() {
    // Quoted notes carry CRLF line breaks too.
    let csv = "\u{feff}session,student,rater,rubric,criterion,level,note\r\n\
               s1,amara,jo,oral-communication,direction,3,\"first line\r\nsecond line\"\r\n\
               s1,zed,jo,oral-communication,listening,3,\r\n\
               s1,amara,jo,oral-communication,listening,9,\"x\r\ny\"\r\n\
               s1,amara,jo,oral-communication,direction,3,\r\n";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        1,
        "",
        "\
scores.csv: unknown student `zed` on row 4; add them to the roster first (`rapport student add` or `rapport student import`)
scores.csv: unknown level `9` of `oral-communication` on row 5; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)
scores.csv:7: criterion `direction` is scored twice in this assessment (also on line 2); keep one
error: scores.csv: 3 rows are invalid; nothing was recorded
",
    );
    let test = test.args(&["export"]);
    test.expect(0, HEADER, "");
}

#[test]
fn a_missing_required_column_is_refused_on_line_1() {
    let csv =
        "session,student,rater,rubric,criterion,note\ns1,amara,jo,oral-communication,direction,x\n";
    let test = import(gradebook(), csv, &[]);
    let files_before = test.files();
    test.expect(
        1,
        "",
        "error: scores.csv:1: missing column `level`
  hint: the header row names the columns: `session`, `student`, `rater`, `rubric`, `criterion`, `level` required, `date`, `role`, `note`, `comment`, `session_title`, `session_kind` optional
",
    );
    assert_eq!(test.files(), files_before);
    let test = test.args(&["export"]);
    test.expect(0, HEADER, "");
}

#[test]
fn an_unknown_column_is_refused_on_line_1_with_a_did_you_mean() {
    let csv = "session,student,rater,rubric,criterion,level,notes\ns1,amara,jo,oral-communication,direction,3,x\n";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        1,
        "",
        "error: scores.csv:1: unknown column `notes`, did you mean `note`?
  hint: the header row names the columns: `session`, `student`, `rater`, `rubric`, `criterion`, `level` required, `date`, `role`, `note`, `comment`, `session_title`, `session_kind` optional
",
    );
    let test = import(
        test,
        "session,student,rater,rubric,criterion,level,colour\n",
        &[],
    );
    test.expect(
        1,
        "",
        "error: scores.csv:1: unknown column `colour`; the columns are `session`, `student`, `rater`, `rubric`, `criterion`, `level`, `date`, `role`, `note`, `comment`, `session_title`, `session_kind`
  hint: the header row names the columns: `session`, `student`, `rater`, `rubric`, `criterion`, `level` required, `date`, `role`, `note`, `comment`, `session_title`, `session_kind` optional
",
    );
    let test = test.args(&["export"]);
    test.expect(0, HEADER, "");
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let test = gradebook();
    fs::write(
        test.path("scores.csv"),
        b"session,student,rater,rubric,criterion,level,note\ns1,amara,jo,oral-communication,direction,3,caf\xe9\n",
    )
    .unwrap();
    let test = test.args(&["import", "scores.csv"]);
    test.expect(
        1,
        "",
        "error: scores.csv:2: the file is not UTF-8 text
  hint: save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)
",
    );
}

#[test]
fn import_into_a_course_without_a_database_refuses_every_row_and_creates_nothing() {
    let test = Test::with_fixture("minimal");
    let files_before = test.files();
    let csv = "\
session,date,student,rater,rubric,criterion,level
s1,2026-09-02,amara,jo,oral-communication,direction,3
";
    let test = import(test, csv, &[]);
    test.expect(
        1,
        "",
        "\
scores.csv: unknown student `amara` on row 2; add them to the roster first (`rapport student add` or `rapport student import`)
scores.csv: unknown instructor `jo` on row 2; register them with `rapport instructor add`, or set `role` to `self` or `peer`
error: scores.csv: 1 row is invalid; nothing was recorded
",
    );
    let mut files_after = test.files();
    files_after.retain(|f| f != "scores.csv");
    assert_eq!(files_after, files_before);
}

#[test]
fn an_empty_level_cell_is_reported_as_empty() {
    let csv =
        "session,student,rater,rubric,criterion,level\ns1,amara,jo,oral-communication,direction,\n";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        1,
        "",
        "scores.csv: 1 row has an empty `level`: row 2; fill in a level, or delete the rows of criteria that were not observed\nerror: scores.csv: 1 row is invalid; nothing was recorded\n",
    );
}

#[test]
fn a_row_with_more_cells_than_the_header_is_refused() {
    let csv = "\
session,student,rater,rubric,criterion,level,note,comment
s1,amara,jo,oral-communication,direction,3,Good, clear,Well done
";
    let (test, out) = run(
        gradebook().write("scores.csv", csv),
        &["import", "scores.csv"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("scores.csv:2: "),
        "the row is named: {}",
        out.stderr
    );
    let test = test.args(&["export"]);
    test.expect(0, HEADER, "");
}

#[test]
fn a_column_named_twice_is_refused_on_line_1() {
    let csv = "\
session,student,rater,rubric,criterion,level,level
s1,amara,jo,oral-communication,direction,3,1
";
    let (test, out) = run(
        gradebook().write("scores.csv", csv),
        &["import", "scores.csv"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("error: scores.csv:1: "),
        "the header is named: {}",
        out.stderr
    );
    let test = test.args(&["export"]);
    test.expect(0, HEADER, "");
}

// ---------------------------------------------------------------------------------------------
// Import: --dry-run

#[test]
fn dry_run_says_what_would_be_recorded_and_writes_nothing() {
    let csv = "\
session,date,student,rater,rubric,criterion,level
s1,,amara,jo,oral-communication,direction,3
s1,,amara,jo,oral-communication,listening,2
s2,2026-09-09,ben,sam,oral-communication,listening,1
";
    let test = gradebook().write("scores.csv", csv);
    let (test, sessions_before) = stdout(test, &["session", "list", "--json"]);
    let files_before = test.files();
    let test = test.args(&["import", "scores.csv", "--dry-run"]);
    test.expect(
        0,
        "",
        "scores.csv: would record 2 assessments, amend 0, leave 0 unchanged (3 scores to write); new sessions: s2; nothing was written (dry run)\n",
    );
    assert_eq!(test.files(), files_before);
    let (test, sessions_after) = stdout(test, &["session", "list", "--json"]);
    assert_eq!(sessions_after, sessions_before);
    let test = test.args(&["export"]);
    test.expect(0, HEADER, "");
}

#[test]
fn dry_run_reports_bad_rows_as_an_import_would() {
    let csv = "\
session,student,rater,rubric,criterion,level
s1,amara,jo,oral-communication,direction,3
s1,amara,jo,oral-communication,tone,3
s1,amara,kim,oral-communication,direction,3
";
    let test = import(gradebook(), csv, &["--dry-run"]);
    let files_before = test.files();
    test.expect(
        1,
        "",
        "\
scores.csv: unknown instructor `kim` on row 4; register them with `rapport instructor add`, or set `role` to `self` or `peer`
scores.csv: unknown criterion `tone` of `oral-communication` on row 3; the criteria of `oral-communication` are `direction`, `listening`
error: scores.csv: 2 rows are invalid; nothing was recorded (dry run)
",
    );
    assert_eq!(test.files(), files_before);
}

// ---------------------------------------------------------------------------------------------
// Import: assessments that already exist

/// The gradebook with amara scored by jo (2, 2, "first take") and ben by jo (3, 3) in s1.
fn scored() -> Test {
    gradebook()
        .scored(
            "amara",
            "jo",
            &["direction=2", "listening=2", "--comment", "first take"],
        )
        .scored("ben", "jo", &["direction=3", "listening=3"])
}

#[test]
fn an_existing_assessment_is_refused_without_amend() {
    let csv = "\
session,student,rater,rubric,criterion,level
s1,amara,sam,oral-communication,direction,4
s1,ben,jo,oral-communication,direction,3
s1,ben,jo,oral-communication,listening,3
";
    let test = scored();
    let (test, before) = stdout(test, &["export"]);
    let test = import(test, csv, &[]);
    test.expect(
        1,
        "",
        "\
scores.csv:3: `ben` already has an assessment by `jo` (instructor) on `oral-communication` in session `s1`; pass `--amend` to replace it with a new revision
error: scores.csv: 1 row is invalid; nothing was recorded
",
    );
    let (_, after) = stdout(test, &["export"]);
    assert_eq!(after, before);
}

#[test]
fn amend_records_a_new_revision_skips_identical_ones_and_records_new_ones() {
    // amara/jo changes (a new revision that replaces the old one: `listening` left out, a new
    // comment); ben/jo is identical; amara/sam is new.
    let csv = "\
session,student,rater,rubric,criterion,level,comment
s1,amara,jo,oral-communication,direction,4,second look
s1,ben,jo,oral-communication,direction,3,
s1,ben,jo,oral-communication,listening,Proficient,
s1,amara,sam,oral-communication,listening,2,
";
    let test = import(scored(), csv, &["--amend"]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 1 assessment, amended 1, unchanged 1 (2 scores written)\n",
    );
    let (test, history) = history_json(test, "amara");
    assert_whole_snapshot!("amended_history_json", &history);
    let (test, history) = history_json(test, "ben");
    assert!(
        !history.contains("\"revision\": 2"),
        "an identical revision is not recorded:\n{history}"
    );
    let test = test.args(&["export"]);
    test.expect(
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,4,,second look,T,live
s1,2026-09-02,amara,sam,instructor,oral-communication,listening,2,,,T,live
s1,2026-09-02,ben,jo,instructor,oral-communication,direction,3,,,T,live
s1,2026-09-02,ben,jo,instructor,oral-communication,listening,3,,,T,live
",
        "",
    );
}

#[test]
fn amend_dry_run_counts_without_writing() {
    let csv = "\
session,student,rater,rubric,criterion,level,comment
s1,amara,jo,oral-communication,direction,4,second look
s1,ben,jo,oral-communication,direction,3,
s1,ben,jo,oral-communication,listening,3,
";
    let test = scored();
    let (test, before) = stdout(test, &["export"]);
    let test = import(test, csv, &["--amend", "--dry-run"]);
    test.expect(
        0,
        "",
        "scores.csv: would record 0 assessments, amend 1, leave 1 unchanged (1 score to write); nothing was written (dry run)\n",
    );
    let (test, after) = stdout(test, &["export"]);
    assert_eq!(after, before);
    let (_, history) = history_json(test, "amara");
    assert!(!history.contains("\"revision\": 2"), "{history}");
}

// ---------------------------------------------------------------------------------------------
// Export: CSV

/// Assessments in scrambled order over sessions late (2026-09-10), s1 and s2 (both
/// 2026-09-02), both students, every role, both raters and both rubrics.
fn spread() -> Test {
    let test = gradebook().given(&[
        "session",
        "add",
        "s2",
        "--date",
        "2026-09-02",
        "--kind",
        "team",
        "--title",
        "T2",
    ]);
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
late,2026-09-10,amara,jo,,oral-communication,listening,1,,Late
s2,,amara,jo,,oral-communication,direction,2,,
s1,,ben,jo,,oral-communication,direction,3,,
s1,,amara,amara,self,oral-communication,direction,4,,Me
s1,,amara,ben,peer,oral-communication,listening,3,,
s1,,amara,sam,,oral-communication,direction,2,,
s1,,amara,jo,,values,ethics,3.5,Exemplary,Values
s1,,amara,jo,,oral-communication,listening,3.0,,
s1,,amara,jo,,values,tone,1,,Values
s1,,amara,jo,,oral-communication,direction,4,Sharp,
";
    test.write("scores.csv", csv)
        .given(&["import", "scores.csv"])
}

/// The export of `spread()`.
const SPREAD: &str = "\
session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,4,Sharp,,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,3,,,T,live
s1,2026-09-02,amara,jo,instructor,values,tone,1,,Values,T,live
s1,2026-09-02,amara,jo,instructor,values,ethics,3.5,Exemplary,Values,T,live
s1,2026-09-02,amara,sam,instructor,oral-communication,direction,2,,,T,live
s1,2026-09-02,amara,ben,peer,oral-communication,listening,3,,,T,live
s1,2026-09-02,amara,amara,self,oral-communication,direction,4,,Me,T,live
s1,2026-09-02,ben,jo,instructor,oral-communication,direction,3,,,T,live
s2,2026-09-02,amara,jo,instructor,oral-communication,direction,2,,,T2,team
late,2026-09-10,amara,jo,instructor,oral-communication,listening,1,,Late,late,other
";

#[test]
fn export_orders_rows_by_date_session_student_role_rater_rubric_and_criterion_position() {
    let (_, out) = stdout(spread(), &["export"]);
    assert_eq!(out, SPREAD);
}

#[test]
fn export_writes_whole_numbers_without_a_point_keeps_halves_and_ends_lines_with_lf() {
    let (_, out) = stdout(spread(), &["export", "--format", "csv"]);
    assert!(!out.contains('\r'), "LF line endings only: {out:?}");
    assert!(out.contains(",tone,1,"), "{out}");
    assert!(out.contains(",listening,3,"), "3.0 is written 3: {out}");
    assert!(out.contains(",ethics,3.5,"), "{out}");
    assert!(!out.contains(".0,"), "{out}");
}

#[test]
fn export_filters_by_student() {
    let test = spread().args(&["export", "--student", "BEN"]);
    test.expect(
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,ben,jo,instructor,oral-communication,direction,3,,,T,live
",
        "",
    );
    let test = test.args(&["export", "--student", "ben", "--format", "json"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert_eq!(
        mask_times(&out.stdout),
        r#"{
  "assessments": [
    {
      "session": "s1",
      "date": "2026-09-02",
      "student": "ben",
      "rater": "jo",
      "role": "instructor",
      "rubric": "oral-communication",
      "comment": null,
      "recorded_at": "T",
      "scores": [
        {
          "criterion": "direction",
          "level": 3,
          "note": null
        }
      ]
    }
  ]
}
"#
    );
}

#[test]
fn export_of_an_unknown_student_is_refused_with_a_did_you_mean() {
    let test = spread().args(&["export", "--student", "amra"]);
    test.expect(
        1,
        "",
        "error: unknown student `amra`, did you mean `amara`?
  hint: add them with `rapport student add amra --name \"…\"`
",
    );
}

#[test]
fn export_to_a_file_writes_it_and_says_so() {
    let test = spread().args(&["export", "-o", "out.csv"]);
    test.expect(0, "", "wrote 8 assessments (10 scores) to out.csv\n");
    assert_eq!(fs::read_to_string(test.path("out.csv")).unwrap(), SPREAD);
}

#[test]
fn export_to_a_file_counts_in_the_singular() {
    let test = spread().args(&["export", "--student", "ben", "-o", "out.csv"]);
    test.expect(0, "", "wrote 1 assessment (1 score) to out.csv\n");
}

#[test]
fn export_to_a_file_is_what_standard_output_gets_in_both_formats() {
    // Written as it is read, to a staged file or to a pipe: the same bytes either way.
    let (test, csv) = stdout(spread(), &["export"]);
    let (test, json) = stdout(test, &["export", "--format", "json"]);
    let test = test.args(&["export", "--format", "json", "-o", "out.json"]);
    test.expect(0, "", "wrote 8 assessments (10 scores) to out.json\n");
    assert_eq!(fs::read_to_string(test.path("out.json")).unwrap(), json);
    let test = test.args(&["export", "-o", "out.csv"]);
    test.expect(0, "", "wrote 8 assessments (10 scores) to out.csv\n");
    assert_eq!(fs::read_to_string(test.path("out.csv")).unwrap(), csv);
}

#[test]
fn export_of_an_empty_gradebook_is_the_header_or_an_empty_list() {
    let (test, csv) = stdout(gradebook(), &["export"]);
    assert_eq!(csv, HEADER);
    let (_, json) = stdout(test, &["export", "--json"]);
    assert_eq!(json, "{\n  \"assessments\": []\n}\n");
}

// ---------------------------------------------------------------------------------------------
// Export: JSON

/// One assessment of `export --format json`, pretty-printed, `recorded_at` masked. `key` is
/// session, date, student, rater, role, rubric and comment (as JSON); `scores` are criterion,
/// level and note (as JSON).
fn json_assessment(key: [&str; 7], scores: &[(&str, &str, &str)]) -> String {
    let [session, date, student, rater, role, rubric, comment] = key;
    let scores: Vec<String> = scores
        .iter()
        .map(|(criterion, level, note)| {
            format!(
                "        {{\n          \"criterion\": \"{criterion}\",\n          \"level\": {level},\n          \"note\": {note}\n        }}"
            )
        })
        .collect();
    format!(
        "    {{\n      \"session\": \"{session}\",\n      \"date\": \"{date}\",\n      \"student\": \"{student}\",\n      \"rater\": \"{rater}\",\n      \"role\": \"{role}\",\n      \"rubric\": \"{rubric}\",\n      \"comment\": {comment},\n      \"recorded_at\": \"T\",\n      \"scores\": [\n{}\n      ]\n    }}",
        scores.join(",\n")
    )
}

#[test]
fn export_json_has_the_documented_structure_in_the_csv_order() {
    let (_, out) = stdout(spread(), &["export", "--format", "json"]);
    let s1 = |student, rater, role, rubric, comment| {
        ["s1", "2026-09-02", student, rater, role, rubric, comment]
    };
    let oral = "oral-communication";
    let expected = [
        json_assessment(
            s1("amara", "jo", "instructor", oral, "null"),
            &[("direction", "4", "\"Sharp\""), ("listening", "3", "null")],
        ),
        json_assessment(
            s1("amara", "jo", "instructor", "values", "\"Values\""),
            &[("tone", "1", "null"), ("ethics", "3.5", "\"Exemplary\"")],
        ),
        json_assessment(
            s1("amara", "sam", "instructor", oral, "null"),
            &[("direction", "2", "null")],
        ),
        json_assessment(
            s1("amara", "ben", "peer", oral, "null"),
            &[("listening", "3", "null")],
        ),
        json_assessment(
            s1("amara", "amara", "self", oral, "\"Me\""),
            &[("direction", "4", "null")],
        ),
        json_assessment(
            s1("ben", "jo", "instructor", oral, "null"),
            &[("direction", "3", "null")],
        ),
        json_assessment(
            [
                "s2",
                "2026-09-02",
                "amara",
                "jo",
                "instructor",
                oral,
                "null",
            ],
            &[("direction", "2", "null")],
        ),
        json_assessment(
            [
                "late",
                "2026-09-10",
                "amara",
                "jo",
                "instructor",
                oral,
                "\"Late\"",
            ],
            &[("listening", "1", "null")],
        ),
    ];
    let expected = format!(
        "{{\n  \"assessments\": [\n{}\n  ]\n}}\n",
        expected.join(",\n")
    );
    assert_eq!(mask_times(&out), expected);
}

// ---------------------------------------------------------------------------------------------
// Formulas and round trips

/// amara and ben scored by jo and sam in s1 with every text a spreadsheet would run.
fn risky_texts() -> Test {
    let score = |test: Test, student: &str, rater: &str, notes: [&str; 2], comment: &str| {
        let direction = format!("--note=direction={}", notes[0]);
        let listening = format!("--note=listening={}", notes[1]);
        let comment = format!("--comment={comment}");
        test.given(&[
            "score",
            student,
            "--rubric",
            "oral-communication",
            "--session",
            "s1",
            "--by",
            rater,
            "direction=3",
            "listening=2",
            &direction,
            &listening,
            &comment,
        ])
    };
    let test = score(gradebook(), "amara", "jo", ["=SUM(A1)", "+1"], "-2 minus");
    let test = score(test, "amara", "sam", ["@me", "Tab"], "'quoted");
    let test = score(test, "ben", "jo", ["CR", "''=x"], "it's fine");
    // `score` trims comments; import keeps a tab or a carriage return behind a leading `'`.
    let csv = "\
session,student,rater,role,rubric,criterion,level,note,comment
s1,ben,sam,,oral-communication,direction,1,'plain,\"'\tTabbed comment\"
s1,ben,sam,,oral-communication,listening,1,\"'=1+1\",\"'\tTabbed comment\"
s1,amara,amara,self,oral-communication,direction,2,,\"'\rCR comment\"
";
    test.write("scores.csv", csv)
        .given(&["import", "scores.csv"])
}

/// A fresh copy of the course with the same people but no sessions, into which `csv` is
/// imported.
fn reimported(csv: &str) -> Test {
    let test = people().write("export.csv", csv);
    let (test, out) = run(test, &["import", "export.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    test
}

#[test]
fn export_puts_one_quote_before_text_a_spreadsheet_would_run() {
    let (_, out) = stdout(risky_texts(), &["export"]);
    assert_eq!(
        out,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,'=SUM(A1),'-2 minus,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,2,'+1,'-2 minus,T,live
s1,2026-09-02,amara,sam,instructor,oral-communication,direction,3,'@me,''quoted,T,live
s1,2026-09-02,amara,sam,instructor,oral-communication,listening,2,Tab,''quoted,T,live
s1,2026-09-02,amara,amara,self,oral-communication,direction,2,,\"'\rCR comment\",T,live
s1,2026-09-02,ben,jo,instructor,oral-communication,direction,3,CR,it's fine,T,live
s1,2026-09-02,ben,jo,instructor,oral-communication,listening,2,'''=x,it's fine,T,live
s1,2026-09-02,ben,sam,instructor,oral-communication,direction,1,''plain,'\tTabbed comment,T,live
s1,2026-09-02,ben,sam,instructor,oral-communication,listening,1,'=1+1,'\tTabbed comment,T,live
"
    );
}

#[test]
fn export_then_import_gives_back_every_text_exactly() {
    let test = risky_texts();
    let (test, csv) = stdout(test, &["export"]);
    let (_, json) = stdout(test, &["export", "--format", "json"]);
    // The texts as they were given, unquoted.
    for text in [
        r#""note": "=SUM(A1)""#,
        r#""note": "+1""#,
        r#""comment": "-2 minus""#,
        r#""note": "@me""#,
        r#""note": "Tab""#,
        r#""comment": "'quoted""#,
        r#""note": "CR""#,
        r#""note": "''=x""#,
        r#""note": "'plain""#,
        r#""note": "=1+1""#,
        r#""comment": "\tTabbed comment""#,
        r#""comment": "\rCR comment""#,
    ] {
        assert!(json.contains(text), "{text} in\n{json}");
    }
    let copy = reimported(&csv);
    let (copy, csv_again) = stdout(copy, &["export"]);
    assert_eq!(csv_again, csv);
    let (_, json_again) = stdout(copy, &["export", "--format", "json"]);
    assert_eq!(mask_times(&json_again), mask_times(&json));
}

#[test]
fn export_then_import_keeps_spaces_around_notes() {
    let test = gradebook().given(&[
        "score",
        "amara",
        "--rubric",
        "oral-communication",
        "--session",
        "s1",
        "--by",
        "jo",
        "direction=3",
        "listening=2",
        "--note=direction= leading",
        "--note=listening=trailing ",
    ]);
    let (test, csv) = stdout(test, &["export"]);
    let (_, json) = stdout(test, &["export", "--format", "json"]);
    let copy = reimported(&csv);
    let (_, json_again) = stdout(copy, &["export", "--format", "json"]);
    assert_eq!(mask_times(&json_again), mask_times(&json));
}

#[test]
fn export_then_import_reproduces_the_latest_revisions() {
    // Amended twice in the source: once by `score --amend`, once by `import --amend`.
    let test = spread();
    let test = test.given(&[
        "score",
        "ben",
        "--rubric",
        "oral-communication",
        "--session",
        "s1",
        "--by",
        "jo",
        "direction=1",
        "--partial",
        "--amend",
        "--reason",
        "misread the sheet",
    ]);
    let amend = "\
session,student,rater,rubric,criterion,level,note,comment
s2,amara,jo,oral-communication,direction,3,Better,Second thoughts
s2,amara,jo,oral-communication,listening,2,,Second thoughts
";
    let test = test
        .write("amend.csv", amend)
        .given(&["import", "amend.csv", "--amend"]);
    let (test, csv) = stdout(test, &["export"]);
    assert!(
        csv.contains("s1,2026-09-02,ben,jo,instructor,oral-communication,direction,1,,,T,live\n")
    );
    assert!(csv.contains(
        "s2,2026-09-02,amara,jo,instructor,oral-communication,listening,2,,Second thoughts,T2,team\n"
    ));
    let (_, json) = stdout(test, &["export", "--format", "json"]);
    let copy = reimported(&csv);
    let (copy, csv_again) = stdout(copy, &["export"]);
    assert_eq!(csv_again, csv);
    let (copy, json_again) = stdout(copy, &["export", "--format", "json"]);
    assert_eq!(mask_times(&json_again), mask_times(&json));
    // The copy holds the latest revisions only, as first revisions.
    let (_, history) = history_json(copy, "ben");
    assert!(!history.contains("\"revision\": 2"), "{history}");
}

// ---------------------------------------------------------------------------------------------
// No database yet

#[test]
fn reading_commands_without_a_database_print_an_empty_gradebook_and_create_nothing() {
    let test = Test::with_fixture("minimal");
    let files_before = test.files();
    let test = test.args(&["export"]);
    test.expect(0, HEADER, "");
    let test = test.args(&["export", "--format", "csv"]);
    test.expect(0, HEADER, "");
    let test = test.args(&["export", "--format", "json"]);
    test.expect(0, "{\n  \"assessments\": []\n}\n", "");
    let test = test.args(&["session", "list", "--json"]);
    test.expect(0, "[]\n", "");
    let test = test.args(&["history", "amara"]);
    test.expect(
        1,
        "",
        "error: unknown student `amara`\n  hint: add them with `rapport student add amara --name \"…\"`\n",
    );
    assert_eq!(test.files(), files_before);
}

// ---------------------------------------------------------------------------------------------
// Quotes, line ends, encodings and control characters (docs/FORMATS.md § Scores CSV, § Text)

/// Imports `csv` and asserts that it is refused with exactly `stderr`, exit 1, and that nothing
/// changed: every file of the course byte for byte, and what `export` prints.
fn refused(test: Test, csv: &[u8], stderr: &str) -> Test {
    fs::write(test.path("scores.csv"), csv).unwrap();
    let (test, export_before) = stdout(test, &["export"]);
    let files_before = test.snapshot();
    let test = test.args(&["import", "scores.csv"]);
    test.expect(1, "", stderr);
    assert_eq!(
        test.snapshot(),
        files_before,
        "the refused import changed files"
    );
    let (test, export_after) = stdout(test, &["export"]);
    assert_eq!(export_after, export_before);
    test
}

#[test]
fn a_comment_quote_left_open_that_swallows_a_students_rows_refuses_the_import() {
    // The issue's case: amara's comment opens a quote that stays open on its line; ben's two
    // rows follow; a later note holds a quote (`5"`) that closes it. Rows must not vanish into
    // a comment: the import is refused where the quote opened, and s2 is not created.
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s2,2026-09-09,amara,jo,,oral-communication,direction,3,,\"Great take, keep it up
s2,2026-09-09,ben,jo,,oral-communication,direction,2,,Rushed
s2,2026-09-09,ben,jo,,oral-communication,listening,3,,Rushed
s2,2026-09-09,amara,jo,,oral-communication,listening,3,Bring the 5\" monitor,Steady
";
    let test = refused(
        scored(),
        csv.as_bytes(),
        "error: scores.csv:2:57: the quote opened at line 2, column 57 closes at line 5: lines 3–4 look like rows; close the quote on line 2\n",
    );
    // Dry runs read the file the same way.
    let test = test.args(&["import", "scores.csv", "--dry-run"]);
    test.expect(
        1,
        "",
        "error: scores.csv:2:57: the quote opened at line 2, column 57 closes at line 5: lines 3–4 look like rows; close the quote on line 2\n",
    );
}

#[test]
fn a_quote_closed_at_the_end_of_a_swallowed_row_is_refused() {
    // The quote that closes amara's comment ends ben's row, so the record is well formed and
    // the quotes are even; line 3 up to that quote is a whole row all the same.
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s2,2026-09-09,amara,jo,,oral-communication,direction,3,,\"Good
s2,2026-09-09,ben,jo,,oral-communication,direction,2,,Use the 5\"
";
    refused(
        scored(),
        csv.as_bytes(),
        "error: scores.csv:2:57: the quote opened at line 2, column 57 closes at line 3: line 3 looks like a row; close the quote on line 2\n",
    );
}

#[test]
fn a_quote_never_closed_says_where_it_opened_and_which_lines_look_like_rows() {
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s2,2026-09-09,amara,jo,,oral-communication,direction,3,\"Lovely tone,
s2,2026-09-09,ben,jo,,oral-communication,direction,2,,
s2,2026-09-09,ben,jo,,oral-communication,listening,3,,
";
    let test = refused(
        scored(),
        csv.as_bytes(),
        "error: scores.csv:2:56: the quote opened at line 2, column 56 is never closed: lines 3–4 look like rows; close the quote on line 2\n",
    );
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s2,2026-09-09,ben,jo,,oral-communication,direction,2,,
s2,2026-09-09,amara,jo,,oral-communication,direction,3,\"Lovely tone
";
    refused(
        test,
        csv.as_bytes(),
        "error: scores.csv:3:56: the quote opened at line 3, column 56 is never closed; add the closing `\"` where the cell ends\n",
    );
}

#[test]
fn a_note_over_lines_that_holds_a_whole_row_is_refused_even_in_a_multi_line_column() {
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s2,2026-09-09,amara,jo,,oral-communication,direction,3,\"Timing was off:
s2,2026-09-09,ben,jo,,oral-communication,direction,2,,
see above\",
";
    refused(
        scored(),
        csv.as_bytes(),
        "error: scores.csv:2:56: the quote opened at line 2, column 56 closes at line 4: line 3 looks like a row; close the quote on line 2\n",
    );
}

#[test]
fn notes_and_comments_may_run_over_lines_with_commas_and_blank_lines() {
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s1,,amara,jo,,oral-communication,direction,3,\"Good, clear

Next time: slower, calmer\",\"One, two
three\"
s1,,amara,jo,,oral-communication,listening,2,,\"One, two
three\"
";
    let test = import(gradebook(), csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 1 assessment, amended 0, unchanged 0 (2 scores written)\n",
    );
    let test = test.args(&["export"]);
    test.expect(
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,\"Good, clear

Next time: slower, calmer\",\"One, two
three\",T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,2,,\"One, two
three\",T,live
",
        "",
    );
}

#[test]
fn a_quoted_cell_over_lines_in_a_single_line_column_is_refused_naming_the_column() {
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s1,,amara,jo,,oral-communication,direction,\"3
\",,
s1,,\"ben
\",jo,,oral-communication,direction,3,,
s1,,amara,jo,,oral-communication,listening,9,,
s1,,ben,jo,,oral-communication,listening,3,,
";
    refused(
        gradebook(),
        csv.as_bytes(),
        "\
scores.csv: unknown level `9` of `oral-communication` on row 6; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)
scores.csv:2:44: the quote opened at line 2, column 44 closes at line 3, but `level` is a single-line column; close the quote on line 2
scores.csv:4:5: the quote opened at line 4, column 5 closes at line 5, but `student` is a single-line column; close the quote on line 4
error: scores.csv: 3 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn a_misplaced_quote_is_reported_at_its_own_line_and_column() {
    // Line 3: a `5"` in an unquoted comment, in a record that starts on line 2. Line 4: the
    // column counts characters (`é` is two bytes). Line 5: a quote inside a quoted cell that is
    // not doubled. Line 6: a space before the quote that should open the cell.
    let csv = "\
session,date,student,rater,role,rubric,criterion,level,note,comment
s1,,amara,jo,,oral-communication,direction,3,\"Two
lines\",Use the 5\" monitor
s1,,amara,jo,,oral-communication,listening,3,Café: 5\" amp,
s1,,ben,jo,,oral-communication,direction,3,\"He said \"hi\"\",
s1,,ben,jo,,oral-communication,listening,2, \"Good, clear\",
";
    refused(
        gradebook(),
        csv.as_bytes(),
        "\
scores.csv:3:17: a `\"` inside an unquoted cell; put the whole cell in quotes and double the quote: \"Use the 5\"\" monitor\"
scores.csv:4:53: a `\"` inside an unquoted cell; put the whole cell in quotes and double the quote: \"Café: 5\"\" amp\"
scores.csv:5:53: text after the `\"` that closes the quote opened at line 5, column 44; double each `\"` inside a quoted cell: \"5\"\" monitor\"
scores.csv:6:45: a space before the opening `\"`; a quoted cell starts with its quote: remove the space
error: scores.csv: 4 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn a_misplaced_quote_in_the_header_is_refused_at_its_place() {
    let test = refused(
        gradebook(),
        b"\"session\n\",student,rater,rubric,criterion,level\ns1,amara,jo,oral-communication,direction,3\n",
        "error: scores.csv:1:1: the quote opened at line 1, column 1 closes at line 2; column names are single-line: close the quote on line 1\n",
    );
    let test = refused(
        test,
        b"session,\"student,rater,rubric,criterion,level\ns1,amara,jo,oral-communication,direction,3\n",
        "error: scores.csv:1:9: the quote opened at line 1, column 9 is never closed; column names are single-line: close the quote on line 1\n",
    );
    refused(
        test,
        b"session,stu\"dent,rater,rubric,criterion,level\ns1,amara,jo,oral-communication,direction,3\n",
        "error: scores.csv:1:12: a `\"` inside an unquoted cell; put the whole cell in quotes and double the quote: \"stu\"\"dent\"\n",
    );
}

#[test]
fn rows_are_numbered_by_the_line_they_start_on_with_cr_only_line_ends() {
    // Old Mac line ends: every CR is a line end, in a quoted note too.
    let csv = "session,student,rater,rubric,criterion,level,note\r\
               s1,amara,jo,oral-communication,direction,3,\"a\rb\"\r\
               s1,zed,jo,oral-communication,listening,3,\r\
               s1,amara,jo,oral-communication,listening,9,\r";
    let test = refused(
        gradebook(),
        csv.as_bytes(),
        "\
scores.csv: unknown student `zed` on row 4; add them to the roster first (`rapport student add` or `rapport student import`)
scores.csv: unknown level `9` of `oral-communication` on row 5; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)
error: scores.csv: 2 rows are invalid; nothing was recorded
",
    );
    // Nothing else changes: the same file, corrected, is recorded as it was written.
    let csv = "session,student,rater,rubric,criterion,level,note\r\
               s1,amara,jo,oral-communication,direction,3,\"a\rb\"\r\
               s1,amara,jo,oral-communication,listening,2,\r";
    let test = import(test, csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 1 assessment, amended 0, unchanged 0 (2 scores written)\n",
    );
    let test = test.args(&["export"]);
    test.expect(
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,\"a\rb\",,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,2,,,T,live
",
        "",
    );
}

/// `text` in UTF-16, little- or big-endian, with or without a byte-order mark.
fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    units
        .flat_map(|u| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        })
        .collect()
}

#[test]
fn a_utf16_file_is_refused_saying_so_with_or_without_a_byte_order_mark() {
    let csv = "session,student,rater,rubric,criterion,level\ns1,amara,jo,oral-communication,direction,3\n";
    let mut test = gradebook();
    for (little, bom) in [(true, false), (true, true), (false, false), (false, true)] {
        test = refused(
            test,
            &utf16(csv, little, bom),
            "error: scores.csv: the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\")\n",
        );
    }
}

#[test]
fn control_characters_in_cells_are_refused_by_row_but_tab_and_line_breaks_in_notes_pass() {
    let csv = "\
session,student,rater,rubric,criterion,level,note,comment
s1,amara,jo,oral-communication,direction,3,\"tab\there and
a line break\",fine
s1,amara,jo,oral-communication,listening,3,\u{1b}[2J,fine
s1,ben,jo,oral-communication,direction,3,,\"a\u{9b}b\"
s1,ben\0,jo,oral-communication,listening,2,,
s1,ben,jo,oral-communication,listening,2,,del\u{7f}
";
    let test = refused(
        gradebook(),
        csv.as_bytes(),
        "\
scores.csv:4: `note` holds the control character U+001B (escape) at character 1; remove it
scores.csv:5: `comment` holds the control character U+009B (control sequence introducer) at character 2; remove it
scores.csv:6: `student` holds the control character U+0000 (NUL) at character 4; remove it
scores.csv:7: `comment` holds the control character U+007F (delete) at character 4; remove it
error: scores.csv: 4 rows are invalid; nothing was recorded
",
    );
    let csv = "\
session,student,rater,rubric,criterion,level,note,comment
s1,amara,jo,oral-communication,direction,3,\"tab\there and
a line break\",fine
";
    let test = import(test, csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 1 assessment, amended 0, unchanged 0 (1 score written)\n",
    );
    let test = test.args(&["export"]);
    test.expect(
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,\"tab\there and
a line break\",fine,T,live
",
        "",
    );
}

#[test]
fn export_then_import_into_a_fresh_gradebook_gives_the_same_export_with_awkward_texts() {
    let score = |test: Test, student: &str, rater: &str, args: &[&str]| {
        let mut all = vec![
            "score",
            student,
            "--rubric",
            "oral-communication",
            "--session",
            "s1",
            "--by",
            rater,
        ];
        all.extend_from_slice(args);
        test.given(&all)
    };
    let test = score(
        gradebook(),
        "amara",
        "jo",
        &[
            "direction=3",
            "listening=2",
            "--note=direction=He said \"play it again, Sam\"\n— then stopped",
            "--note=listening==A1+B1",
            "--comment=Line one\r\nLine two, with a comma\n\n'@quoted",
        ],
    );
    let test = score(
        test,
        "ben",
        "sam",
        &[
            "direction=4",
            "listening=1",
            "--note=direction=Zoë 🎚️ 中文 \"5\"\"",
            "--note=listening=-3 dB\tthen +2",
            "--comment=@everyone\nsee \"notes\", a,b,c\nd,e",
        ],
    );
    let test = score(
        test,
        "ben",
        "ben",
        &[
            "--self",
            "direction=2",
            "listening=2",
            "--note=direction=\"quoted whole\"",
            "--comment=\rstarts with CR",
        ],
    );
    let (test, csv) = stdout(test, &["export"]);
    let (_, json) = stdout(test, &["export", "--format", "json"]);
    assert!(
        json.contains(r#""note": "He said \"play it again, Sam\"\n— then stopped""#),
        "{json}"
    );
    assert!(
        json.contains(r#""comment": "@everyone\nsee \"notes\", a,b,c\nd,e""#),
        "{json}"
    );
    let copy = reimported(&csv);
    let (copy, csv_again) = stdout(copy, &["export"]);
    assert_eq!(csv_again, csv);
    let (_, json_again) = stdout(copy, &["export", "--format", "json"]);
    assert_eq!(mask_times(&json_again), mask_times(&json));
}

/// `score` and `import` follow one rule set for who may rate whom in which role
/// (`lookup::rater_problem`); import words it for its columns.
#[test]
fn import_refuses_raters_in_the_wrong_role_as_score_does() {
    let csv = "\
session,student,rater,role,rubric,criterion,level
s1,amara,ben,,oral-communication,direction,3
s1,amara,jo,peer,oral-communication,direction,3
s1,amara,amara,peer,oral-communication,direction,3
s1,amara,ben,self,oral-communication,direction,3
s1,amara,zed,peer,oral-communication,direction,3
s1,amara,zed,,oral-communication,direction,3
";
    refused(
        gradebook(),
        csv.as_bytes(),
        "scores.csv: unknown instructor `zed` on row 7; register them with `rapport instructor add`, or set `role` to `self` or `peer`
scores.csv: unknown peer `zed` on row 6; a peer is another student on the roster
scores.csv:2: `ben` is a student, not an instructor; set `role` to `peer`, or to `self` when they rate themself
scores.csv:3: `jo` is an instructor, not a peer; leave `role` blank to score as an instructor
scores.csv:4: `amara` cannot be their own peer; use `role` `self`
scores.csv:5: a self-assessment's `rater` is the student (`amara`), not `ben`
error: scores.csv: 6 rows are invalid; nothing was recorded
",
    );
    // `score` refuses the same two cases the old import let through with other words.
    let mut test = gradebook();
    for (args, stderr) in [
        (
            &[
                "score",
                "amara",
                "--rubric",
                "oral-communication",
                "--session",
                "s1",
                "--by",
                "ben",
                "direction=3",
                "listening=3",
            ][..],
            "error: `ben` is a student, not an instructor\n  hint: add `--peer` for a peer assessment\n",
        ),
        (
            &[
                "score",
                "amara",
                "--rubric",
                "oral-communication",
                "--session",
                "s1",
                "--by",
                "jo",
                "--peer",
                "direction=3",
                "listening=3",
            ],
            "error: `jo` is an instructor, not a peer\n  hint: drop `--peer` to score as an instructor\n",
        ),
    ] {
        let before = test.snapshot();
        test = test.args(args);
        test.expect(1, "", stderr);
        assert_eq!(test.snapshot(), before);
    }
}

#[test]
fn a_criterion_scored_twice_is_found_past_the_eighth_criterion_too() {
    // The first eight criteria of a rubric are tracked in memory, the others by the staged
    // table: both find the second score and the line of the first.
    use std::fmt::Write as _;
    let mut rubric = String::from(
        "title: Oral communication\nlevels:\n  - { score: 1, label: Emerging }\n  - { score: 2, label: Developing }\nmastery_level: 2\ncriteria:\n",
    );
    let mut csv = String::from("session,student,rater,rubric,criterion,level\n");
    for i in 0..10 {
        let _ = write!(
            rubric,
            "  - id: c{i}\n    title: Criterion {i}\n    descriptors:\n      1: Not yet.\n      2: Yes.\n"
        );
        let _ = writeln!(csv, "s1,amara,jo,oral-communication,c{i},2");
    }
    let twice = "s1,amara,jo,oral-communication,c9,1\ns1,amara,jo,oral-communication,c1,1\n";
    let test = gradebook().write("rubrics/oral-communication.yaml", &rubric);
    let test = import(test, &format!("{csv}{twice}"), &[]);
    test.expect(
        1,
        "",
        "\
scores.csv:12: criterion `c9` is scored twice in this assessment (also on line 11); keep one
scores.csv:13: criterion `c1` is scored twice in this assessment (also on line 3); keep one
error: scores.csv: 2 rows are invalid; nothing was recorded
",
    );
    let test = import(test, &csv, &[]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 1 assessment, amended 0, unchanged 0 (10 scores written)\n",
    );
}
