//! Gradebook tests: the roster (`student`), its CSV import, `instructor` and `session`.
//!
//! Every test starts from tests/fixtures/minimal, which has no database: the first command that
//! writes creates `rapport.db` beside course.yaml. Each command's whole output is compared.

use crate::support::Test;

/// The fixture's files: what a course holds before anything has been written.
const COURSE_FILES: [&str; 4] = [
    "course.yaml",
    "curriculum/direction.yaml",
    "curriculum/talkback.yaml",
    "rubrics/oral-communication.yaml",
];

const ID_RULE: &str = "use only ASCII letters, digits, `-`, `_` and `.`";

fn minimal() -> Test {
    Test::with_fixture("minimal")
}

/// Runs one command on the course and asserts its whole outcome; returns the course for more.
fn step(test: Test, args: &[&str], code: i32, stdout: &str, stderr: &str) -> Test {
    let test = test.args(args);
    test.expect(code, stdout, stderr);
    test
}

/// The whole roster, archived students too, as JSON.
fn roster(test: Test) -> (Test, String) {
    let test = test.args(&["student", "list", "--include-archived", "--json"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    (test, out.stdout)
}

/// A course with Amara (all fields, added as `AMARA`) and Ben (name only).
fn with_two_students() -> Test {
    let test = minimal().given(&[
        "student",
        "add",
        "AMARA",
        "--name",
        "Amara Okafor",
        "--email",
        "amara@example.org",
        "--cohort",
        "2026-autumn",
    ]);
    test.given(&["student", "add", "ben", "--name", "Ben Li"])
}

const TWO_STUDENTS_JSON: &str = r#"[
  {
    "id": "amara",
    "name": "Amara Okafor",
    "email": "amara@example.org",
    "cohort": "2026-autumn",
    "archived": false,
    "sourced_id": null
  },
  {
    "id": "ben",
    "name": "Ben Li",
    "email": null,
    "cohort": null,
    "archived": false,
    "sourced_id": null
  }
]
"#;

// ---------------------------------------------------------------------------------------------
// student add, list, show

#[test]
fn student_add_then_list_and_show() {
    let test = step(
        minimal(),
        &[
            "student",
            "add",
            "amara",
            "--name",
            "Amara Okafor",
            "--email",
            "amara@example.org",
            "--cohort",
            "2026-autumn",
        ],
        0,
        "",
        "added student `amara` (Amara Okafor)\n",
    );
    let test = step(
        test,
        &["student", "add", "ben", "--name", "Ben Li"],
        0,
        "",
        "added student `ben` (Ben Li)\n",
    );
    assert!(test.files().contains(&"rapport.db".to_owned()));
    let test = step(
        test,
        &["student", "list"],
        0,
        "ID     NAME          EMAIL              COHORT
amara  Amara Okafor  amara@example.org  2026-autumn
ben    Ben Li
",
        "",
    );
    let test = step(
        test,
        &["student", "show", "amara"],
        0,
        "Amara Okafor (amara)\nemail: amara@example.org\ncohort: 2026-autumn\n",
        "",
    );
    step(test, &["student", "show", "ben"], 0, "Ben Li (ben)\n", "");
}

#[test]
fn student_list_and_show_as_json() {
    let test = step(
        with_two_students(),
        &["student", "list", "--json"],
        0,
        TWO_STUDENTS_JSON,
        "",
    );
    let test = step(
        test,
        &["student", "show", "amara", "--json"],
        0,
        r#"{
  "id": "amara",
  "name": "Amara Okafor",
  "email": "amara@example.org",
  "cohort": "2026-autumn",
  "archived": false,
  "sourced_id": null
}
"#,
        "",
    );
    step(
        test,
        &["--json", "student", "show", "ben"],
        0,
        r#"{
  "id": "ben",
  "name": "Ben Li",
  "email": null,
  "cohort": null,
  "archived": false,
  "sourced_id": null
}
"#,
        "",
    );
}

#[test]
fn student_ids_are_case_insensitive_and_stored_lower_case() {
    let test = step(
        minimal(),
        &["student", "add", "S1234", "--name", "Amara Okafor"],
        0,
        "",
        "added student `s1234` (Amara Okafor)\n",
    );
    let test = step(
        test,
        &["student", "show", "s1234"],
        0,
        "Amara Okafor (s1234)\n",
        "",
    );
    let test = step(
        test,
        &["student", "show", "S1234"],
        0,
        "Amara Okafor (s1234)\n",
        "",
    );
    let test = step(
        test,
        &["student", "add", "s1234", "--name", "Someone Else"],
        1,
        "",
        "error: student `s1234` is already on the roster\n  hint: see them with `rapport student show s1234`\n",
    );
    step(
        test,
        &["student", "list"],
        0,
        "ID     NAME          EMAIL  COHORT\ns1234  Amara Okafor\n",
        "",
    );
}

#[test]
fn bad_student_ids_are_refused_showing_the_character_and_create_no_database() {
    let too_long = "a".repeat(65);
    let cases = [
        (
            "bad id",
            format!("student ID `bad id` contains a space at position 4; {ID_RULE}"),
        ),
        (
            "a/b",
            format!("student ID `a/b` contains `/` at position 2; {ID_RULE}"),
        ),
        (
            "x;rm",
            format!("student ID `x;rm` contains `;` at position 2; {ID_RULE}"),
        ),
        (
            "tab\there",
            format!("student ID `tab\there` contains a tab at position 4; {ID_RULE}"),
        ),
        (
            ".",
            "student ID `.` starts with `.`; an ID starts with an ASCII letter or digit".to_owned(),
        ),
        (
            "..",
            "student ID `..` starts with `.`; an ID starts with an ASCII letter or digit"
                .to_owned(),
        ),
        (
            "../etc",
            "student ID `../etc` starts with `.`; an ID starts with an ASCII letter or digit"
                .to_owned(),
        ),
        (
            "_x",
            "student ID `_x` starts with `_`; an ID starts with an ASCII letter or digit"
                .to_owned(),
        ),
        ("", "student ID `` is empty".to_owned()),
        (
            too_long.as_str(),
            format!("student ID `{too_long}` is 65 characters long; the limit is 64"),
        ),
    ];
    for (id, message) in &cases {
        let test = minimal().args(&["student", "add", id, "--name", "X"]);
        test.expect(1, "", &format!("error: {message}\n"));
        assert_eq!(test.files(), COURSE_FILES, "student add {id:?}");
    }
    // 64 characters are fine.
    let longest = "a".repeat(64);
    minimal()
        .args(&["student", "add", &longest, "--name", "X"])
        .expect(0, "", &format!("added student `{longest}` (X)\n"));
}

#[test]
fn non_ascii_letters_in_ids_are_refused_saying_ascii() {
    let test = minimal().args(&["student", "add", "ü1", "--name", "X"]);
    test.expect(
        1,
        "",
        "error: student ID `ü1` starts with `ü`; an ID starts with an ASCII letter or digit\n",
    );
    assert_eq!(test.files(), COURSE_FILES);
    let test = minimal().args(&["student", "add", "zoé", "--name", "X"]);
    test.expect(
        1,
        "",
        "error: student ID `zoé` contains `é` at position 3; use only ASCII letters, digits, `-`, `_` and `.`\n",
    );
    assert_eq!(test.files(), COURSE_FILES);
}

#[test]
fn an_empty_name_is_refused() {
    for name in ["", "   "] {
        let test = minimal().args(&["student", "add", "amara", "--name", name]);
        test.expect(1, "", "error: `--name` is empty\n");
        assert_eq!(test.files(), COURSE_FILES);
    }
}

#[test]
fn a_duplicate_student_is_refused_and_nothing_changes() {
    let (test, before) = roster(with_two_students());
    let test = step(
        test,
        &[
            "student",
            "add",
            "Amara",
            "--name",
            "Amara Okafor-Smith",
            "--cohort",
            "2027-spring",
        ],
        1,
        "",
        "error: student `amara` is already on the roster\n  hint: see them with `rapport student show amara`\n",
    );
    let (_, after) = roster(test);
    assert_eq!(after, before);
    assert_eq!(after, TWO_STUDENTS_JSON);
}

#[test]
fn archived_students_leave_the_list_but_keep_their_record() {
    let test = step(
        with_two_students(),
        &["student", "archive", "BEN"],
        0,
        "",
        "archived student `ben` (Ben Li); their records stay\n",
    );
    let test = step(
        test,
        &["student", "list"],
        0,
        "ID     NAME          EMAIL              COHORT\namara  Amara Okafor  amara@example.org  2026-autumn\n",
        "1 archived student not listed; `--include-archived` shows them\n",
    );
    let test = step(
        test,
        &["student", "list", "--json"],
        0,
        r#"[
  {
    "id": "amara",
    "name": "Amara Okafor",
    "email": "amara@example.org",
    "cohort": "2026-autumn",
    "archived": false,
    "sourced_id": null
  }
]
"#,
        "",
    );
    let test = step(
        test,
        &["student", "list", "--include-archived"],
        0,
        "ID     NAME          EMAIL              COHORT       STATUS
amara  Amara Okafor  amara@example.org  2026-autumn
ben    Ben Li                                        archived
",
        "",
    );
    let (test, all) = roster(test);
    assert_eq!(
        all,
        TWO_STUDENTS_JSON.replace(
            "\"cohort\": null,\n    \"archived\": false,",
            "\"cohort\": null,\n    \"archived\": true,"
        )
    );
    let test = step(
        test,
        &["student", "show", "ben"],
        0,
        "Ben Li (ben)\narchived: their records stay; they are left out of lists and reports\n",
        "",
    );
    // Archiving twice is harmless; an archived student's ID stays taken.
    let test = step(
        test,
        &["student", "archive", "ben"],
        0,
        "",
        "student `ben` is already archived\n",
    );
    step(
        test,
        &["student", "add", "ben", "--name", "Ben Li"],
        1,
        "",
        "error: student `ben` is already on the roster\n  hint: see them with `rapport student show ben`\n",
    );
}

#[test]
fn archiving_an_unknown_student_is_refused_with_did_you_mean() {
    let (test, before) = roster(with_two_students());
    let test = step(
        test,
        &["student", "archive", "amra"],
        1,
        "",
        "error: unknown student `amra`, did you mean `amara`?\n  hint: add them with `rapport student add amra --name \"…\"`\n",
    );
    assert_eq!(roster(test).1, before);
}

#[test]
fn show_of_an_unknown_student_suggests_the_nearest() {
    let test = step(
        with_two_students(),
        &["student", "show", "amarra"],
        1,
        "",
        "error: unknown student `amarra`, did you mean `amara`?\n  hint: add them with `rapport student add amarra --name \"…\"`\n",
    );
    let test = step(
        test,
        &["student", "show", "AMRA", "--json"],
        1,
        "",
        "error: unknown student `amra`, did you mean `amara`?\n  hint: add them with `rapport student add amra --name \"…\"`\n",
    );
    step(
        test,
        &["student", "show", "zoltan"],
        1,
        "",
        "error: unknown student `zoltan`\n  hint: add them with `rapport student add zoltan --name \"…\"`\n",
    );
}

#[test]
fn reading_commands_on_a_course_without_a_database_create_nothing() {
    let test = step(
        minimal(),
        &["student", "list"],
        0,
        "ID  NAME  EMAIL  COHORT\n",
        "",
    );
    let test = step(test, &["student", "list", "--json"], 0, "[]\n", "");
    let test = step(
        test,
        &["student", "list", "--include-archived", "--json"],
        0,
        "[]\n",
        "",
    );
    let test = step(test, &["instructor", "list"], 0, "ID  NAME\n", "");
    let test = step(test, &["instructor", "list", "--json"], 0, "[]\n", "");
    let test = step(
        test,
        &["session", "list"],
        0,
        "ID  DATE  KIND  TITLE  ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS\n",
        "",
    );
    let test = step(test, &["session", "list", "--json"], 0, "[]\n", "");
    let test = step(
        test,
        &["export"],
        0,
        "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n",
        "",
    );
    let test = step(
        test,
        &["export", "--format", "json"],
        0,
        "{\n  \"assessments\": []\n}\n",
        "",
    );
    // An empty gradebook has nobody on its roster: their history is that of an unknown student.
    let unknown = "error: unknown student `amara`\n  hint: add them with `rapport student add amara --name \"…\"`\n";
    let test = step(test, &["history", "amara"], 1, "", unknown);
    let test = step(test, &["history", "amara", "--json"], 1, "", unknown);
    let test = step(test, &["student", "show", "amara"], 1, "", unknown);
    let test = step(test, &["student", "archive", "amara"], 1, "", unknown);
    assert_eq!(test.files(), COURSE_FILES);
}

// ---------------------------------------------------------------------------------------------
// student import

#[test]
fn import_takes_columns_in_any_order_a_bom_and_optional_columns() {
    let test = minimal().write(
        "roster.csv",
        "\u{feff}Name, cohort ,ID\nAmara Okafor,2026-autumn,AMARA\n\"Li, \"\"Ben\"\"\",,ben\n",
    );
    let test = step(
        test,
        &["student", "import", "roster.csv"],
        0,
        "",
        "roster.csv: added 2, updated 0, unchanged 0\n",
    );
    let (test, json) = roster(test);
    assert_eq!(
        json,
        r#"[
  {
    "id": "amara",
    "name": "Amara Okafor",
    "email": null,
    "cohort": "2026-autumn",
    "archived": false,
    "sourced_id": null
  },
  {
    "id": "ben",
    "name": "Li, \"Ben\"",
    "email": null,
    "cohort": null,
    "archived": false,
    "sourced_id": null
  }
]
"#
    );
    // Only `id` and `name`: email and cohort are optional columns.
    let test = test.write("more.csv", "id,name\ncarla,Carla Mendes\n");
    step(
        test,
        &["student", "import", "more.csv"],
        0,
        "",
        "more.csv: added 1, updated 0, unchanged 0\n",
    );
}

#[test]
fn import_skips_rows_identical_to_the_roster() {
    let csv =
        "id,name,email,cohort\namara,Amara Okafor,amara@example.org,2026-autumn\nBEN,Ben Li,,\n";
    let test = with_two_students().write("roster.csv", csv);
    let test = step(
        test,
        &["student", "import", "roster.csv"],
        0,
        "",
        "roster.csv: added 0, updated 0, unchanged 2\n",
    );
    assert_eq!(roster(test).1, TWO_STUDENTS_JSON);
}

#[test]
fn import_refuses_changes_without_update_and_applies_them_with_it() {
    let csv = "id,name,email,cohort
amara,Amara Okafor,amara@studio.example,2026-autumn
ben,Ben Li,,
carla,Carla Mendes,,2026-autumn
";
    let (test, before) = roster(with_two_students().write("roster.csv", csv));
    let test = step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        "roster.csv:2: student `amara` is already on the roster with other details (email amara@example.org → amara@studio.example); pass `--update` to change them
error: roster.csv: 1 row is invalid; nothing was recorded
",
    );
    let (test, after) = roster(test);
    assert_eq!(after, before);
    let test = step(
        test,
        &["student", "import", "roster.csv", "--update"],
        0,
        "",
        "roster.csv: added 1, updated 1, unchanged 1\n",
    );
    let (_, json) = roster(test);
    assert_eq!(
        json,
        r#"[
  {
    "id": "amara",
    "name": "Amara Okafor",
    "email": "amara@studio.example",
    "cohort": "2026-autumn",
    "archived": false,
    "sourced_id": null
  },
  {
    "id": "ben",
    "name": "Ben Li",
    "email": null,
    "cohort": null,
    "archived": false,
    "sourced_id": null
  },
  {
    "id": "carla",
    "name": "Carla Mendes",
    "email": null,
    "cohort": "2026-autumn",
    "archived": false,
    "sourced_id": null
  }
]
"#
    );
}

#[test]
fn import_update_keeps_an_archived_student_archived() {
    let test = with_two_students()
        .given(&["student", "archive", "ben"])
        .write("roster.csv", "id,name\nben,Benjamin Li\n");
    let test = step(
        test,
        &["student", "import", "roster.csv", "--update"],
        0,
        "",
        "roster.csv: added 0, updated 1, unchanged 0\n",
    );
    step(
        test,
        &["student", "show", "ben", "--json"],
        0,
        r#"{
  "id": "ben",
  "name": "Benjamin Li",
  "email": null,
  "cohort": null,
  "archived": true,
  "sourced_id": null
}
"#,
        "",
    );
}

#[test]
fn import_update_leaves_absent_columns_alone() {
    // The school's export has no cohort column: updating e-mails must not wipe cohorts.
    let test = with_two_students().write(
        "emails.csv",
        "id,name,email\namara,Amara Okafor,amara@studio.example\n",
    );
    let test = step(
        test,
        &["student", "import", "emails.csv", "--update"],
        0,
        "",
        "emails.csv: added 0, updated 1, unchanged 0\n",
    );
    step(
        test,
        &["student", "show", "amara"],
        0,
        "Amara Okafor (amara)\nemail: amara@studio.example\ncohort: 2026-autumn\n",
        "",
    );
}

/// Several bad rows, each reported with the line its record starts on; the quoted name on
/// lines 3-4 spans two lines (refused: `name` is single-line, and the message says where the
/// quote opened), so the rows after it start one line later than their index.
const BAD_ROSTER: &str = "id,name,email,cohort
carla,Carla Mendes,carla@example.org,2026-autumn
dee dee,\"Dee
Dee\",,2026-autumn
eve,,,
amara,Amara O.,,2026-autumn
ben,Ben Li,,
carla,Carla M.,,
fay!,Fay,,
";

#[test]
fn import_reports_every_bad_row_and_records_nothing() {
    let (test, before) = roster(with_two_students().write("bad.csv", BAD_ROSTER));
    let test = step(
        test,
        &["student", "import", "bad.csv"],
        1,
        "",
        &format!(
            "bad.csv:3:9: the quote opened at line 3, column 9 closes at line 4, but `name` is a single-line column; close the quote on line 3
bad.csv:5: `name` is empty
bad.csv:6: student `amara` is already on the roster with other details (name Amara Okafor → Amara O.; email amara@example.org → none); pass `--update` to change them
bad.csv:8: student `carla` is also on line 2; keep one row per student
bad.csv:9: student ID `fay!` contains `!` at position 4; {ID_RULE}
error: bad.csv: 5 rows are invalid; nothing was recorded
"
        ),
    );
    // Not even the valid row (carla, line 2) was recorded.
    let (test, after) = roster(test);
    assert_eq!(after, before);
    // `--update` lifts only the refusal of changes; the other rows stay bad.
    let test = step(
        test,
        &["student", "import", "bad.csv", "--update"],
        1,
        "",
        &format!(
            "bad.csv:3:9: the quote opened at line 3, column 9 closes at line 4, but `name` is a single-line column; close the quote on line 3
bad.csv:5: `name` is empty
bad.csv:8: student `carla` is also on line 2; keep one row per student
bad.csv:9: student ID `fay!` contains `!` at position 4; {ID_RULE}
error: bad.csv: 4 rows are invalid; nothing was recorded
"
        ),
    );
    assert_eq!(roster(test).1, before);
}

#[test]
fn import_counts_blank_lines() {
    let test = with_two_students().write("roster.csv", "id,name\ncarla,Carla\n\nbad id,X\n");
    step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        &format!(
            "roster.csv:4: student ID `bad id` contains a space at position 4; {ID_RULE}\nerror: roster.csv: 1 row is invalid; nothing was recorded\n"
        ),
    );
}

#[test]
fn import_names_an_empty_id_cell_like_an_empty_name() {
    let test = with_two_students().write("roster.csv", "id,name\n,Nobody\n");
    step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        "roster.csv:2: `id` is empty\nerror: roster.csv: 1 row is invalid; nothing was recorded\n",
    );
}

#[test]
fn a_failed_import_creates_no_database() {
    let test = minimal().write("roster.csv", "id,name\nbad id,X\n");
    let test = step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        &format!(
            "roster.csv:2: student ID `bad id` contains a space at position 4; {ID_RULE}\nerror: roster.csv: 1 row is invalid; nothing was recorded\n"
        ),
    );
    assert!(!test.files().contains(&"rapport.db".to_owned()));
}

#[test]
fn import_counts_lines_of_a_crlf_file() {
    let test = minimal().write(
        "roster.csv",
        "id,name\r\namara,\"Amara\r\nOkafor\"\r\nbad id,X\r\nben,\r\n",
    );
    step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        &format!(
            "roster.csv:2:7: the quote opened at line 2, column 7 closes at line 3, but `name` is a single-line column; close the quote on line 2
roster.csv:4: student ID `bad id` contains a space at position 4; {ID_RULE}
roster.csv:5: `name` is empty
error: roster.csv: 3 rows are invalid; nothing was recorded
"
        ),
    );
}

#[test]
fn import_refuses_an_unclosed_quote_that_swallows_rows() {
    let (test, before) = roster(
        with_two_students().write("roster.csv", "id,name\ncarla,\"Carla\ndee,Dee\neve,Eve\n"),
    );
    let files = test.snapshot();
    let test = step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        "error: roster.csv:2:7: the quote opened at line 2, column 7 is never closed: lines 3–4 look like rows; close the quote on line 2\n",
    );
    assert_eq!(test.snapshot(), files);
    assert_eq!(roster(test).1, before);
    // Without a line end after the last row, that row counts too.
    import_refused(
        with_two_students(),
        b"id,name\ncarla,\"Carla\ndee,Dee\neve,Eve",
        "error: roster.csv:2:7: the quote opened at line 2, column 7 is never closed: lines 3–4 look like rows; close the quote on line 2\n",
    );
}

#[test]
fn import_refuses_a_row_with_more_cells_than_the_header() {
    let (test, before) =
        roster(with_two_students().write("roster.csv", "id,name\ncarla,Mendes, Carla\n"));
    let test = test.args(&["student", "import", "roster.csv"]);
    let out = test.run();
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
    assert!(
        out.stderr.starts_with("roster.csv:2: ") && out.stderr.contains("3 cells"),
        "{}",
        out.stderr
    );
    assert_eq!(roster(test).1, before);
}

const HEADER_HINT: &str =
    "  hint: the header row names the columns: `id`, `name` required, `email`, `cohort` optional\n";

#[test]
fn import_without_a_required_column_is_refused() {
    let (test, before) = roster(with_two_students().write("roster.csv", "name,email\nCarla,\n"));
    let test = step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        &format!("error: roster.csv:1: missing column `id`\n{HEADER_HINT}"),
    );
    assert_eq!(roster(test).1, before);
    let test = minimal().write("empty.csv", "");
    let test = step(
        test,
        &["student", "import", "empty.csv"],
        1,
        "",
        &format!("error: empty.csv:1: missing columns `id`, `name`\n{HEADER_HINT}"),
    );
    assert!(!test.files().contains(&"rapport.db".to_owned()));
}

#[test]
fn import_with_an_unknown_column_suggests_the_nearest() {
    let (test, before) =
        roster(with_two_students().write("roster.csv", "id,name,emial,phone\ncarla,Carla,,\n"));
    let test = step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        &format!(
            "error: roster.csv:1: unknown column `emial`, did you mean `email`?; unknown column `phone`; the columns are `id`, `name`, `email`, `cohort`\n{HEADER_HINT}"
        ),
    );
    assert_eq!(roster(test).1, before);
}

#[test]
fn import_of_a_file_that_is_not_utf8_is_refused() {
    let test = with_two_students().write("roster.csv", "id,name\ncarla,Carla\n");
    let mut bytes = std::fs::read(test.path("roster.csv")).unwrap();
    bytes.extend_from_slice(b"zoe,Zo\xe9\n");
    std::fs::write(test.path("roster.csv"), bytes).unwrap();
    let (test, before) = roster(test);
    let test = step(
        test,
        &["student", "import", "roster.csv"],
        1,
        "",
        "error: roster.csv:3: the file is not UTF-8 text\n  hint: save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)\n",
    );
    assert_eq!(roster(test).1, before);
}

/// Imports `csv` as roster.csv and asserts that it is refused with exactly `stderr`, exit 1,
/// with every file of the course unchanged, byte for byte, and the same roster.
fn import_refused(test: Test, csv: &[u8], stderr: &str) -> Test {
    std::fs::write(test.path("roster.csv"), csv).unwrap();
    let (test, before) = roster(test);
    let files = test.snapshot();
    let test = step(test, &["student", "import", "roster.csv"], 1, "", stderr);
    assert_eq!(test.snapshot(), files, "the refused import changed files");
    let (test, after) = roster(test);
    assert_eq!(after, before);
    test
}

#[test]
fn import_refuses_a_quote_that_closes_after_swallowing_rows() {
    import_refused(
        with_two_students(),
        b"id,name\ncarla,\"Carla\ndee,Dee\neve,Eve\"\n",
        "error: roster.csv:2:7: the quote opened at line 2, column 7 closes at line 4: lines 3–4 look like rows; close the quote on line 2\n",
    );
}

#[test]
fn import_reports_misplaced_quotes_cells_over_lines_and_control_characters_by_row() {
    // Line 2: a quote inside an unquoted name, at its own column. Lines 3-4: an email in
    // quotes over two lines (every roster column is single-line). Line 7: a tab is allowed.
    let csv = "id,name,email,cohort
carla,Carla \"CJ\" Mendes,,
dee,Dee,\"dee@example.org
\",2026-autumn
eve,Eve\u{1b}]0;pwned\u{7},,
fay,Fay,fay@example.org,2026\u{9d}autumn
gus,Gus\tTab,gus@example.org,
";
    import_refused(
        with_two_students(),
        csv.as_bytes(),
        "\
roster.csv:2:13: a `\"` inside an unquoted cell; put the whole cell in quotes and double the quote: \"Carla \"\"CJ\"\" Mendes\"
roster.csv:3:9: the quote opened at line 3, column 9 closes at line 4, but `email` is a single-line column; close the quote on line 3
roster.csv:5: `name` holds the control character U+001B (escape) at character 4; remove it
roster.csv:6: `cohort` holds the control character U+009D (operating system command) at character 5; remove it
error: roster.csv: 4 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn import_counts_cr_only_line_ends() {
    let test = import_refused(
        with_two_students(),
        b"id,name\rcarla,Carla\r\rbad id,X\r",
        &format!(
            "roster.csv:4: student ID `bad id` contains a space at position 4; {ID_RULE}\nerror: roster.csv: 1 row is invalid; nothing was recorded\n"
        ),
    );
    let test = test.write("roster.csv", "id,name\rcarla,Carla\r\rdee,Dee\r");
    step(
        test,
        &["student", "import", "roster.csv"],
        0,
        "",
        "roster.csv: added 2, updated 0, unchanged 0\n",
    );
}

#[test]
fn import_shows_a_control_character_in_a_column_name_escaped_on_the_headers_line() {
    import_refused(
        with_two_students(),
        b"\n\nid,na\x1bme,email\ncarla,Carla,\n",
        &format!(
            "error: roster.csv:3: unknown column `na\\u{{1b}}me`, did you mean `name`?; missing column `name`\n{HEADER_HINT}"
        ),
    );
}

#[test]
fn import_of_a_utf16_file_says_so() {
    let csv = "id,name\ncarla,Carla\n";
    let mut test = with_two_students();
    for (little, bom) in [(true, false), (true, true), (false, false), (false, true)] {
        let units = bom
            .then_some(0xFEFF_u16)
            .into_iter()
            .chain(csv.encode_utf16());
        let bytes: Vec<u8> = units
            .flat_map(|u| {
                if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect();
        test = import_refused(
            test,
            &bytes,
            "error: roster.csv: the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\")\n",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// instructors

#[test]
fn instructor_add_and_list() {
    let test = step(
        minimal(),
        &["instructor", "add", "Jo", "--name", "Jo Park"],
        0,
        "",
        "added instructor `jo` (Jo Park)\n",
    );
    let test = step(
        test,
        &["instructor", "add", "sam", "--name", "Sam Reyes"],
        0,
        "",
        "added instructor `sam` (Sam Reyes)\n",
    );
    let test = step(
        test,
        &["instructor", "list"],
        0,
        "ID   NAME\njo   Jo Park\nsam  Sam Reyes\n",
        "",
    );
    step(
        test,
        &["instructor", "list", "--json"],
        0,
        r#"[
  {
    "id": "jo",
    "name": "Jo Park",
    "sourced_id": null
  },
  {
    "id": "sam",
    "name": "Sam Reyes",
    "sourced_id": null
  }
]
"#,
        "",
    );
}

#[test]
fn a_duplicate_or_badly_named_instructor_is_refused() {
    let test = minimal().given(&["instructor", "add", "jo", "--name", "Jo Park"]);
    let test = step(
        test,
        &["instructor", "add", "JO", "--name", "Joanna"],
        1,
        "",
        "error: instructor `jo` is already registered\n",
    );
    step(
        test,
        &["instructor", "list"],
        0,
        "ID  NAME\njo  Jo Park\n",
        "",
    );
    let test = minimal().args(&["instructor", "add", "Jo Park", "--name", "Jo Park"]);
    test.expect(
        1,
        "",
        &format!("error: instructor ID `Jo Park` contains a space at position 3; {ID_RULE}\n"),
    );
    assert_eq!(test.files(), COURSE_FILES);
}

// ---------------------------------------------------------------------------------------------
// sessions

fn with_two_sessions() -> Test {
    let test = step(
        minimal(),
        &[
            "session",
            "add",
            "Mina-Vocals",
            "--date",
            "2026-09-14",
            "--kind",
            "live",
            "--title",
            "Vocals with Mina",
            "--artist",
            "Mina Sato",
        ],
        0,
        "",
        "added session `mina-vocals` on 2026-09-14 (Vocals with Mina)\n",
    );
    step(
        test,
        &[
            "session",
            "add",
            "team-ep",
            "--date",
            "2026-09-02",
            "--kind",
            "team",
            "--title",
            "Team EP",
        ],
        0,
        "",
        "added session `team-ep` on 2026-09-02 (Team EP)\n",
    )
}

#[test]
fn session_add_list_and_show() {
    let test = step(
        with_two_sessions(),
        &["session", "list"],
        0,
        "ID           DATE        KIND  TITLE             ARTIST     STUDENTS  ASSESSMENTS  INSTRUCTORS
team-ep      2026-09-02  team  Team EP                      0         0            0
mina-vocals  2026-09-14  live  Vocals with Mina  Mina Sato  0         0            0
",
        "",
    );
    let test = step(
        test,
        &["session", "list", "--json"],
        0,
        r#"[
  {
    "id": "team-ep",
    "date": "2026-09-02",
    "kind": "team",
    "title": "Team EP",
    "artist": null,
    "assessment_count": 0,
    "student_count": 0,
    "instructor_count": 0
  },
  {
    "id": "mina-vocals",
    "date": "2026-09-14",
    "kind": "live",
    "title": "Vocals with Mina",
    "artist": "Mina Sato",
    "assessment_count": 0,
    "student_count": 0,
    "instructor_count": 0
  }
]
"#,
        "",
    );
    let test = step(
        test,
        &["session", "show", "MINA-VOCALS"],
        0,
        "mina-vocals (2026-09-14): Vocals with Mina\nlive session with Mina Sato\nnothing scored yet\n",
        "",
    );
    let test = step(
        test,
        &["session", "show", "team-ep"],
        0,
        "team-ep (2026-09-02): Team EP\nteam session\nnothing scored yet\n",
        "",
    );
    step(
        test,
        &["session", "show", "team-ep", "--json"],
        0,
        r#"{
  "id": "team-ep",
  "date": "2026-09-02",
  "kind": "team",
  "title": "Team EP",
  "artist": null,
  "assessments": []
}
"#,
        "",
    );
}

#[test]
fn session_dates_must_be_real_and_written_yyyy_mm_dd() {
    for date in ["2026-13-01", "14/09/2026", "2026-02-30", "2026-9-14", ""] {
        let test = minimal().args(&[
            "session", "add", "s1", "--date", date, "--kind", "live", "--title", "T",
        ]);
        test.expect(
            1,
            "",
            &format!("error: --date: `{date}` is not a date; write it as YYYY-MM-DD (e.g. 2026-09-14), `today` or `yesterday`\n"),
        );
        assert_eq!(test.files(), COURSE_FILES, "--date {date:?}");
    }
}

#[test]
fn a_duplicate_session_is_refused() {
    let test = step(
        with_two_sessions(),
        &[
            "session",
            "add",
            "mina-vocals",
            "--date",
            "2026-09-15",
            "--kind",
            "mentorship",
            "--title",
            "Follow-up",
        ],
        1,
        "",
        "error: session `mina-vocals` already exists (2026-09-14, Vocals with Mina)\n",
    );
    step(
        test,
        &["session", "list"],
        0,
        "ID           DATE        KIND  TITLE             ARTIST     STUDENTS  ASSESSMENTS  INSTRUCTORS
team-ep      2026-09-02  team  Team EP                      0         0            0
mina-vocals  2026-09-14  live  Vocals with Mina  Mina Sato  0         0            0
",
        "",
    );
}

#[test]
fn an_unknown_session_kind_is_a_usage_error() {
    let test = minimal().args(&[
        "session",
        "add",
        "s1",
        "--date",
        "2026-09-14",
        "--kind",
        "gig",
        "--title",
        "T",
    ]);
    test.expect(
        2,
        "",
        "error: invalid value 'gig' for '--kind <KIND>'
  [possible values: live, team, mentorship, etiquette, other]

For more information, try '--help'.
",
    );
    assert_eq!(test.files(), COURSE_FILES);
}

#[test]
fn an_empty_session_title_is_refused() {
    let test = minimal().args(&[
        "session",
        "add",
        "s1",
        "--date",
        "2026-09-14",
        "--kind",
        "live",
        "--title",
        " ",
    ]);
    test.expect(1, "", "error: `--title` is empty\n");
    assert_eq!(test.files(), COURSE_FILES);
}

#[test]
fn show_of_an_unknown_session_suggests_the_nearest() {
    let test = step(
        with_two_sessions(),
        &["session", "show", "mina-vocal"],
        1,
        "",
        "error: unknown session `mina-vocal`, did you mean `mina-vocals`?\n  hint: add it with `rapport session add mina-vocal --date YYYY-MM-DD --kind live --title \"…\"`\n",
    );
    step(
        test,
        &["session", "show", "nothing-like-it"],
        1,
        "",
        "error: unknown session `nothing-like-it`\n  hint: add it with `rapport session add nothing-like-it --date YYYY-MM-DD --kind live --title \"…\"`\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Control characters on the command line (docs/FORMATS.md § Text)

#[test]
fn student_add_refuses_control_characters_and_line_breaks_in_every_text() {
    for (flag, value, message) in [
        (
            "--name",
            "Jo\u{1b}]0;pwned\u{7}",
            "`--name` holds the control character U+001B (escape) at character 3; remove it",
        ),
        (
            "--name",
            "Amara\nOkafor",
            "`--name` has a line break at character 6; keep it on one line",
        ),
        (
            "--email",
            "a@b.example\r",
            "`--email` has a line break at character 12; keep it on one line",
        ),
        (
            "--cohort",
            "2026\u{9b}autumn",
            "`--cohort` holds the control character U+009B (control sequence introducer) at character 5; remove it",
        ),
    ] {
        let mut args = vec!["student", "add", "amara", "--name", "Amara"];
        if flag == "--name" {
            args[4] = value;
        } else {
            args.extend([flag, value]);
        }
        let test = minimal().args(&args);
        test.expect(1, "", &format!("error: {message}\n"));
        assert_eq!(test.files(), COURSE_FILES, "{flag} {value:?}");
    }
    // A tab is text (docs/FORMATS.md § Text).
    let test = minimal().given(&["student", "add", "amara", "--name", "Amara\tOkafor"]);
    let (_, json) = roster(test);
    assert!(json.contains(r#""name": "Amara\tOkafor""#), "{json}");
}

#[test]
fn instructor_and_session_texts_refuse_control_characters() {
    let test = minimal().args(&["instructor", "add", "jo", "--name", "Jo\u{7}"]);
    test.expect(
        1,
        "",
        "error: `--name` holds the control character U+0007 (bell) at character 3; remove it\n",
    );
    assert_eq!(test.files(), COURSE_FILES);
    let session = |title: &str, artist: &str| {
        minimal().args(&[
            "session",
            "add",
            "s1",
            "--date",
            "2026-09-14",
            "--kind",
            "live",
            "--title",
            title,
            "--artist",
            artist,
        ])
    };
    let test = session("T\u{1b}[2J", "Band");
    test.expect(
        1,
        "",
        "error: `--title` holds the control character U+001B (escape) at character 2; remove it\n",
    );
    assert_eq!(test.files(), COURSE_FILES);
    let test = session("Tracking", "The\nBand");
    test.expect(
        1,
        "",
        "error: `--artist` has a line break at character 4; keep it on one line\n",
    );
    assert_eq!(test.files(), COURSE_FILES);
}
