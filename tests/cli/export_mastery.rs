//! `rapport export-mastery`: the gradebook CSVs for Canvas, Moodle and scripts
//! (docs/FORMATS.md § Mastery for gradebooks), whole files compared, and every refusal with its
//! message and proof that nothing was written.

use std::fs;

use crate::support::Test;

/// A second rubric: a half level at the top (its points possible), and a title with a comma
/// (quoted in the header).
const ETIQUETTE: &str = "title: Studio etiquette, on and off the desk
levels:
  - { score: 1, label: Beginning }
  - { score: 2.5, label: Reliable }
  - { score: 3.5, label: Model }
mastery_level: 2.5
criteria:
  - id: punctuality
    title: Punctuality
    descriptors:
      1: Late.
      2.5: On time.
      3.5: Early and set up.
  - id: care
    title: Care for the gear
    descriptors:
      1: Careless.
      2.5: Careful.
      3.5: Looks after the gear of others too.
";

/// The minimal course with the etiquette rubric; amara (scored in two sessions on both
/// rubrics), bob (one session, oral communication only: 2 and 3, a rubric value of 7/3), carla
/// (a name a spreadsheet would run as a formula; never scored), dev (scored, then archived).
fn academy() -> Test {
    Test::with_fixture("minimal")
        .write("rubrics/studio-etiquette.yaml", ETIQUETTE)
        .edit(
            "curriculum/talkback.yaml",
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-communication, studio-etiquette]",
        )
        .write(
            "roster.csv",
            "id,name,email,cohort
amara,Amara Okafor,amara@example.org,2026-autumn
bob,Bob Li,bob@example.org,2026-autumn
carla,@Carla Reyes,carla@example.org,2026-spring
dev,Dev Patel,dev@example.org,2026-autumn
",
        )
        .given(&["student", "import", "roster.csv"])
        .given(&["instructor", "add", "jo", "--name", "Jo"])
        .given(&[
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
        .given(&[
            "session",
            "add",
            "s2",
            "--date",
            "2026-09-09",
            "--kind",
            "team",
            "--title",
            "T2",
        ])
        .write(
            "scores.csv",
            "session,student,rater,rubric,criterion,level
s1,amara,jo,oral-communication,direction,3
s1,amara,jo,oral-communication,listening,4
s2,amara,jo,oral-communication,direction,4
s2,amara,jo,oral-communication,listening,3
s1,amara,jo,studio-etiquette,punctuality,2.5
s1,amara,jo,studio-etiquette,care,3.5
s1,bob,jo,oral-communication,direction,2
s1,bob,jo,oral-communication,listening,3
s1,dev,jo,oral-communication,direction,1
s1,dev,jo,oral-communication,listening,1
",
        )
        .given(&["import", "scores.csv"])
        .given(&["student", "archive", "dev"])
}

const ORAL: &str = "Oral communication (rapport:oral-communication)";
const ETIQUETTE_COLUMN: &str =
    "\"Studio etiquette, on and off the desk (rapport:studio-etiquette)\"";

#[test]
fn canvas_layout_whole_file() {
    let test = academy().args(&["export-mastery", "--format", "canvas"]);
    test.expect(
        0,
        &format!(
            "Student,ID,SIS User ID,SIS Login ID,Section,{ORAL},{ETIQUETTE_COLUMN}
Points Possible,,,,,4,3.5
Amara Okafor,,,amara,2026-autumn,3.55,3.00
Bob Li,,,bob,2026-autumn,2.33,
'@Carla Reyes,,,carla,2026-spring,,
"
        ),
        "",
    );
}

#[test]
fn canvas_layout_with_criteria() {
    let test = academy().args(&["export-mastery", "--format", "canvas", "--criteria"]);
    test.expect(
        0,
        "Student,ID,SIS User ID,SIS Login ID,Section,\
Oral communication (rapport:oral-communication),\
Oral communication: Giving direction (rapport:oral-communication/direction),\
Oral communication: Listening (rapport:oral-communication/listening),\
\"Studio etiquette, on and off the desk (rapport:studio-etiquette)\",\
\"Studio etiquette, on and off the desk: Punctuality (rapport:studio-etiquette/punctuality)\",\
\"Studio etiquette, on and off the desk: Care for the gear (rapport:studio-etiquette/care)\"
Points Possible,,,,,4,4,4,3.5,3.5,3.5
Amara Okafor,,,amara,2026-autumn,3.55,3.65,3.35,3.00,2.50,3.50
Bob Li,,,bob,2026-autumn,2.33,2.00,3.00,,,
'@Carla Reyes,,,carla,2026-spring,,,,,,
",
        "",
    );
}

#[test]
fn moodle_layout_keyed_by_email() {
    let test = academy().args(&["export-mastery", "--format", "moodle"]);
    test.expect(
        0,
        &format!(
            "Full name,ID number,Email address,{ORAL},{ETIQUETTE_COLUMN}
Amara Okafor,,amara@example.org,3.55,3.00
Bob Li,,bob@example.org,2.33,-
'@Carla Reyes,,carla@example.org,-,-
"
        ),
        "",
    );
}

#[test]
fn moodle_without_an_email_is_refused_unless_keyed_by_id_number() {
    let test = academy().given(&["student", "add", "eve", "--name", "Eve", "--cohort", "x"]);
    let before = test.snapshot();
    let test = test.args(&["export-mastery", "--format", "moodle", "-o", "moodle.csv"]);
    test.expect(
        1,
        "",
        "error: Moodle finds each row's user by email, and 1 student has none: `eve`
  hint: add their email with `rapport student edit eve --email …`, or, when they came from the SIS (`rapport roster import-oneroster`), key the rows by ID number with `--moodle-key idnumber`
",
    );
    assert_eq!(test.snapshot(), before);
    let test = test
        .given(&["student", "add", "fay", "--name", "Fay"])
        .args(&["export-mastery", "--format", "moodle", "--cohort", "x"]);
    test.expect(
        1,
        "",
        "error: Moodle finds each row's user by email, and 1 student has none: `eve`
  hint: add their email with `rapport student edit eve --email …`, or, when they came from the SIS (`rapport roster import-oneroster`), key the rows by ID number with `--moodle-key idnumber`
",
    );
    let test = test.args(&[
        "export-mastery",
        "--format",
        "moodle",
        "--moodle-key",
        "email",
    ]);
    test.expect(
        1,
        "",
        "error: Moodle finds each row's user by email, and 2 students have none: `eve`, `fay`
  hint: add their emails with `rapport student edit ID --email …`, or, when they came from the SIS (`rapport roster import-oneroster`), key the rows by ID number with `--moodle-key idnumber`
",
    );
    let before_x = test.snapshot();
    let test = test.args(&[
        "export-mastery",
        "--format",
        "moodle",
        "--moodle-key",
        "idnumber",
        "--cohort",
        "x",
        "-o",
        "moodle.csv",
    ]);
    test.expect(
        1,
        "",
        "error: Moodle finds each row's user by ID number, the student information system's ID (a OneRoster `sourcedId`), and 1 student has none: `eve`
  hint: import the roster from the SIS with `rapport roster import-oneroster` so that every student has it, or key the rows by email with `--moodle-key email`
",
    );
    assert_eq!(test.snapshot(), before_x);
}

#[test]
fn moodle_key_goes_with_moodle_only() {
    let test = academy();
    let before = test.snapshot();
    let test = test.args(&[
        "export-mastery",
        "--format",
        "canvas",
        "--moodle-key",
        "email",
        "-o",
        "c.csv",
    ]);
    test.expect(
        1,
        "",
        "error: `--moodle-key` chooses how Moodle finds each row's user; it goes with `--format moodle` only
  hint: leave it out, or export for Moodle with `--format moodle`
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn plain_layout_whole_file_with_six_decimals() {
    let test = academy().args(&["export-mastery", "--format", "csv", "--criteria"]);
    test.expect(
        0,
        "id,name,email,cohort,oral-communication,oral-communication/direction,\
oral-communication/listening,studio-etiquette,studio-etiquette/punctuality,studio-etiquette/care
amara,Amara Okafor,amara@example.org,2026-autumn,3.550000,3.650000,3.350000,3.000000,2.500000,3.500000
bob,Bob Li,bob@example.org,2026-autumn,2.333333,2.000000,3.000000,,,
carla,'@Carla Reyes,carla@example.org,2026-spring,,,,,,
",
        "",
    );
}

/// The plain layout's cells are `progress --json`'s values, rubric by rubric and criterion by
/// criterion.
#[test]
fn plain_layout_values_are_the_progress_values() {
    let test = academy();
    let csv = test.ok(&["export-mastery", "--format", "csv", "--criteria"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let json: serde_json::Value =
            serde_json::from_str(&test.ok(&["--json", "progress", cells[0]])).unwrap();
        for rubric in json["rubrics"].as_array().unwrap() {
            let id = rubric["id"].as_str().unwrap();
            let mut expected = vec![(id.to_owned(), &rubric["value"])];
            for criterion in rubric["criteria"].as_array().unwrap() {
                let column = format!("{id}/{}", criterion["id"].as_str().unwrap());
                expected.push((column, &criterion["value"]));
            }
            for (column, value) in expected {
                let at = header.iter().position(|h| *h == column).unwrap();
                let cell = cells[at];
                match value.as_f64() {
                    Some(v) => assert_eq!(cell.parse::<f64>().unwrap(), v, "{column}"),
                    None => assert_eq!(cell, "", "{column}"),
                }
            }
        }
    }
}

#[test]
fn a_cohort_filter_keeps_its_active_students() {
    let test = academy().args(&[
        "export-mastery",
        "--format",
        "csv",
        "--cohort",
        "2026-spring",
    ]);
    test.expect(
        0,
        "id,name,email,cohort,oral-communication,studio-etiquette
carla,'@Carla Reyes,carla@example.org,2026-spring,,
",
        "",
    );
    // dev, archived, is in 2026-autumn but never in the file.
    let test = test.args(&[
        "export-mastery",
        "--format",
        "csv",
        "--cohort",
        "2026-autumn",
    ]);
    test.expect(
        0,
        "id,name,email,cohort,oral-communication,studio-etiquette
amara,Amara Okafor,amara@example.org,2026-autumn,3.550000,3.000000
bob,Bob Li,bob@example.org,2026-autumn,2.333333,
",
        "",
    );
}

#[test]
fn an_unknown_cohort_is_refused_with_a_suggestion() {
    let test = academy();
    let before = test.snapshot();
    let test = test.args(&[
        "export-mastery",
        "--format",
        "canvas",
        "--cohort",
        "2026-autum",
        "-o",
        "canvas.csv",
    ]);
    test.expect(
        1,
        "",
        "error: unknown cohort `2026-autum`, did you mean `2026-autumn`?
  hint: the cohorts of active students: 2026-autumn, 2026-spring
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn an_empty_roster_is_refused() {
    let test = Test::with_fixture("minimal").given(&["instructor", "add", "jo", "--name", "Jo"]);
    let before = test.snapshot();
    let test = test.args(&["export-mastery", "--format", "moodle", "-o", "m.csv"]);
    test.expect(
        1,
        "",
        "error: there are no active students on the roster
  hint: add students with `rapport student add` or `rapport student import roster.csv`
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_file_is_what_standard_output_gets_and_is_not_replaced_without_force() {
    let test = academy();
    let stdout = test.ok(&["export-mastery", "--format", "canvas", "--criteria"]);
    let test = test.args(&[
        "export-mastery",
        "--format",
        "canvas",
        "--criteria",
        "-o",
        "grades.csv",
    ]);
    test.expect(
        0,
        "",
        "wrote the mastery of 3 students in 6 columns to grades.csv\n",
    );
    assert_eq!(fs::read_to_string(test.path("grades.csv")).unwrap(), stdout);
    // An existing file: refused, left as it was.
    let test = test.write("grades.csv", "the instructor's own notes\n");
    let before = test.snapshot();
    let test = test.args(&["export-mastery", "--format", "canvas", "-o", "grades.csv"]);
    test.expect(
        1,
        "",
        "error: `grades.csv` already exists; nothing was written
  hint: choose another name, or pass `--force` to replace it
",
    );
    assert_eq!(test.snapshot(), before);
    let test = test.args(&[
        "export-mastery",
        "--format",
        "csv",
        "--cohort",
        "2026-spring",
        "-o",
        "grades.csv",
        "--force",
    ]);
    test.expect(
        0,
        "",
        "wrote the mastery of 1 student in 2 columns to grades.csv\n",
    );
    assert_eq!(
        fs::read_to_string(test.path("grades.csv")).unwrap(),
        "id,name,email,cohort,oral-communication,studio-etiquette
carla,'@Carla Reyes,carla@example.org,2026-spring,,
"
    );
    // `-` is standard output.
    let test = test.args(&[
        "export-mastery",
        "--format",
        "canvas",
        "--criteria",
        "-o",
        "-",
    ]);
    test.expect(0, &stdout, "");
}

#[test]
fn a_canvas_title_canvas_would_ignore_is_refused() {
    let test = academy().edit(
        "rubrics/studio-etiquette.yaml",
        "title: Studio etiquette, on and off the desk",
        "title: Final Grade etiquette",
    );
    let before = test.snapshot();
    let test = test.args(&["export-mastery", "--format", "canvas", "-o", "c.csv"]);
    test.expect(
        1,
        "",
        "error: the title of rubric `studio-etiquette` (Final Grade etiquette) holds `Final Grade`, which Canvas's gradebook import takes for a column of its own totals and ignores
  hint: reword the title in rubrics/studio-etiquette.yaml so that it does not contain `Final Grade`
",
    );
    assert_eq!(test.snapshot(), before);
    // The other layouts have no such columns.
    let test = test.args(&[
        "export-mastery",
        "--format",
        "csv",
        "--cohort",
        "2026-spring",
    ]);
    test.expect(
        0,
        "id,name,email,cohort,oral-communication,studio-etiquette
carla,'@Carla Reyes,carla@example.org,2026-spring,,
",
        "",
    );
}

#[test]
fn the_format_is_required() {
    let test = academy().args(&["export-mastery"]);
    let out = test.run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(
            "error: the following required arguments were not provided:\n  --format <FORMAT>\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_folder_is_never_the_output() {
    let mut test = academy().write("out/keep.txt", "mine\n");
    let before = test.snapshot();
    for (path, shown) in [("out", "out"), ("new/", "new/")] {
        test = test.args(&["export-mastery", "--format", "csv", "-o", path]);
        test.expect(
            1,
            "",
            &format!(
                "error: `{shown}` is a folder, not a file; nothing was written
  hint: move it away, or name another file (`-o -` writes to standard output where the command offers it)
"
            ),
        );
    }
    assert_eq!(test.snapshot(), before);
}

/// A level another tool wrote off the rubric's scale is left out, as `progress` leaves it out,
/// and counted on standard error.
#[test]
fn scores_off_the_scale_are_left_out_and_counted() {
    let test = academy();
    let changed = test.sql(
        "UPDATE score SET level = ?1 WHERE criterion_id = 'direction' AND revision_id IN (
           SELECT r.id FROM revision r JOIN assessment a ON r.assessment_id = a.id
           WHERE a.session_id = 's2' AND a.student_id = 'amara')",
        &[&2.75],
    );
    assert_eq!(changed, 1);
    // amara's direction: s1's 3 alone; listening 3.35; the rubric (2 × 3 + 3.35) / 3.
    let test = test.args(&[
        "export-mastery",
        "--format",
        "csv",
        "--criteria",
        "--cohort",
        "2026-autumn",
    ]);
    test.expect(
        0,
        "id,name,email,cohort,oral-communication,oral-communication/direction,\
oral-communication/listening,studio-etiquette,studio-etiquette/punctuality,studio-etiquette/care
amara,Amara Okafor,amara@example.org,2026-autumn,3.116667,3.000000,3.350000,3.000000,2.500000,3.500000
bob,Bob Li,bob@example.org,2026-autumn,2.333333,2.000000,3.000000,,,
",
        "1 score off the rubric's scale was left out; run `rapport doctor`\n",
    );
}

/// The rules Canvas's importer (`app/models/gradebook_importer.rb`) applies to a file, checked
/// on what rapport writes: the student columns it recognises, no assignment header it would
/// read as an assignment ID (` (123)` at the end) or as one of its total columns, the points
/// row, and every student found by `SIS Login ID`.
#[test]
fn canvas_reads_the_file_as_its_importer_does() {
    let test = academy();
    let csv_text = test.ok(&["export-mastery", "--format", "canvas", "--criteria"]);
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let header = &rows[0];
    assert!(header.len() > 3 && header[0].contains("Student") && header[1].contains("ID"));
    assert_eq!(header[2], "SIS User ID");
    assert_eq!(header[3], "SIS Login ID");
    assert!(header[4].contains("Section"), "the last student column");
    for title in &header[5..] {
        let digits_in_parentheses = title
            .strip_suffix(')')
            .and_then(|t| t.rsplit_once(" ("))
            .is_some_and(|(_, id)| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
        assert!(!digits_in_parentheses, "{title}");
        for total in ["Current Score", "Final Grade", "Override Score", "Unposted"] {
            assert!(!title.contains(total), "{title}");
        }
    }
    assert!(rows[1][0].contains("Points Possible"));
    for points in &rows[1][5..] {
        assert!(points.parse::<f64>().unwrap() > 0.0);
    }
    for row in &rows[2..] {
        assert_eq!(row.len(), header.len());
        assert!(row[1].is_empty() && !row[3].is_empty(), "{row:?}");
        for grade in &row[5..] {
            assert!(grade.is_empty() || grade.parse::<f64>().is_ok(), "{grade}");
        }
    }
}

/// What Moodle's `load_data.php` needs of every row: the key column filled (an empty one
/// aborts the whole import), each grade a number or `-`. (By ID number, students need the
/// SIS's ID: tests/cli/oneroster.rs exports a roster imported from OneRoster.)
#[test]
fn moodle_reads_every_row_as_its_importer_does() {
    let test = academy();
    {
        let (key, column) = ("email", 2);
        let csv_text = test.ok(&["export-mastery", "--format", "moodle", "--moodle-key", key]);
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        assert_eq!(
            &reader.headers().unwrap().iter().take(3).collect::<Vec<_>>(),
            &["Full name", "ID number", "Email address"]
        );
        for row in reader.records() {
            let row = row.unwrap();
            assert!(!row[column].is_empty(), "{row:?}");
            for grade in row.iter().skip(3) {
                assert!(grade == "-" || grade.parse::<f64>().is_ok(), "{grade}");
            }
        }
    }
}

#[test]
fn many_students_without_an_email_are_named_ten_at_most() {
    let roster: String = std::iter::once("id,name\n".to_owned())
        .chain((1..=12).map(|i| format!("s{i:02},Student {i}\n")))
        .collect();
    let test = Test::with_fixture("minimal")
        .write("roster.csv", &roster)
        .given(&["student", "import", "roster.csv"]);
    let test = test.args(&["export-mastery", "--format", "moodle"]);
    test.expect(
        1,
        "",
        "error: Moodle finds each row's user by email, and 12 students have none: `s01`, `s02`, `s03`, `s04`, `s05`, `s06`, `s07`, `s08`, `s09`, `s10` … and 2 more
  hint: add their emails with `rapport student edit ID --email …`, or, when they came from the SIS (`rapport roster import-oneroster`), key the rows by ID number with `--moodle-key idnumber`
",
    );
    let test = test.args(&[
        "export-mastery",
        "--format",
        "moodle",
        "--moodle-key",
        "idnumber",
    ]);
    test.expect(
        1,
        "",
        "error: Moodle finds each row's user by ID number, the student information system's ID (a OneRoster `sourcedId`), and 12 students have none: `s01`, `s02`, `s03`, `s04`, `s05`, `s06`, `s07`, `s08`, `s09`, `s10` … and 2 more
  hint: import the roster from the SIS with `rapport roster import-oneroster` so that every student has it, or key the rows by email with `--moodle-key email`
",
    );
}
