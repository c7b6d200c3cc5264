//! `rapport sheet`: the printable score sheet for the live room (HTML, a snapshot), and the
//! same as a scores CSV to fill in and import (whole output); refusals write nothing.

use crate::support::{Test, assert_whole_snapshot};

/// `with_people` with students bob and Zoë (cohort b), instructor sam, and a session with an
/// artist.
fn room() -> Test {
    Test::with_people()
        .given(&[
            "student",
            "add",
            "bob",
            "--name",
            "Bob <Bass> & Co",
            "--cohort",
            "b",
        ])
        .given(&["student", "add", "zoe", "--name", "Zoë", "--cohort", "b"])
        .given(&["instructor", "add", "sam", "--name", "Sam Ortiz"])
        .given(&[
            "session",
            "add",
            "drums",
            "--date",
            "2026-09-20",
            "--kind",
            "live",
            "--title",
            "Drum tracking",
            "--artist",
            "Glass Harbour",
        ])
}

/// The page with the site's style sheet (style.css, tested with the other pages) replaced by a
/// marker; the sheet's own rules stay.
fn without_site_css(html: &str) -> String {
    let start = html.find("<style>").expect("inline CSS") + "<style>".len();
    let own = html
        .find("/* The score sheet")
        .expect("the sheet's own style sheet");
    assert!(html[start..own].contains(":root {"), "style.css is inlined");
    format!("{}\n/* style.css */\n{}", &html[..start], &html[own..])
}

#[test]
fn the_sheet_lists_every_active_student_with_a_box_per_level_and_room_for_a_note() {
    let test = room()
        .given(&["student", "add", "gone", "--name", "Gone"])
        .given(&["student", "archive", "gone"])
        .args(&[
            "sheet",
            "drums",
            "--rubric",
            "oral-communication",
            "--by",
            "sam",
            "-o",
            "sheet.html",
        ]);
    test.expect(
        0,
        "",
        "wrote the score sheet of session `drums` on `oral-communication` for 3 students to sheet.html\n",
    );
    let html = std::fs::read_to_string(test.path("sheet.html")).unwrap();
    for banned in [
        "<script", "<link", "<img", " src=", "http://", "https://", "@import",
    ] {
        assert!(!html.contains(banned), "the sheet holds `{banned}`");
    }
    assert_whole_snapshot!("sheet_html", &without_site_css(&html));
}

#[test]
fn a_cohort_sheet_without_a_rater_leaves_a_line_for_the_name_and_goes_to_standard_output() {
    let test = room().args(&[
        "sheet",
        "drums",
        "--rubric",
        "oral-communication",
        "--cohort",
        "b",
        "-o",
        "-",
    ]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(
        out.stdout.contains("<dt>Cohort</dt><dd>b</dd>"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("<dt>Rater</dt><dd><span class=\"blank\">name</span></dd>"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Bob &lt;Bass&gt; &amp; Co"));
    assert!(!out.stdout.contains("Amara"), "amara is not in cohort b");
}

#[test]
fn the_csv_sheet_is_the_import_layout_with_levels_blank_and_imports_once_filled_in() {
    let test = room().args(&[
        "sheet",
        "drums",
        "--rubric",
        "oral-communication",
        "--by",
        "sam",
        "--csv",
        "-o",
        "-",
    ]);
    let blank = "\
session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind
drums,2026-09-20,amara,sam,instructor,oral-communication,direction,,,,Drum tracking,live
drums,2026-09-20,amara,sam,instructor,oral-communication,listening,,,,Drum tracking,live
drums,2026-09-20,bob,sam,instructor,oral-communication,direction,,,,Drum tracking,live
drums,2026-09-20,bob,sam,instructor,oral-communication,listening,,,,Drum tracking,live
drums,2026-09-20,zoe,sam,instructor,oral-communication,direction,,,,Drum tracking,live
drums,2026-09-20,zoe,sam,instructor,oral-communication,listening,,,,Drum tracking,live
";
    test.expect(0, blank, "");
    // Imported as it is, every blank level is named at once and nothing is recorded.
    let test = test.write("sheet.csv", blank);
    let before = test.snapshot();
    let test = test.args(&["import", "sheet.csv"]);
    test.expect(
        1,
        "",
        "sheet.csv: 6 rows have an empty `level`: rows 2, 3, 4, 5, 6 and 1 more; fill in a level, or delete the rows of criteria that were not observed\nerror: sheet.csv: 6 rows are invalid; nothing was recorded\n",
    );
    assert_eq!(test.snapshot(), before);
    // Filled in (zoe's listening not observed: its row deleted), it imports.
    let filled = blank
        .replace("amara,sam,instructor,oral-communication,direction,,", "amara,sam,instructor,oral-communication,direction,3,")
        .replace("amara,sam,instructor,oral-communication,listening,,", "amara,sam,instructor,oral-communication,listening,Exemplary,")
        .replace("bob,sam,instructor,oral-communication,direction,,", "bob,sam,instructor,oral-communication,direction,2,")
        .replace("bob,sam,instructor,oral-communication,listening,,", "bob,sam,instructor,oral-communication,listening,2,")
        .replace("zoe,sam,instructor,oral-communication,direction,,", "zoe,sam,instructor,oral-communication,direction,1,")
        .replace("drums,2026-09-20,zoe,sam,instructor,oral-communication,listening,,,,Drum tracking,live\n", "");
    let test = test
        .write("sheet.csv", &filled)
        .args(&["import", "sheet.csv"]);
    test.expect(
        0,
        "",
        "sheet.csv: recorded 3 assessments, amended 0, unchanged 0 (5 scores written)\n",
    );
}

#[test]
fn the_csv_sheet_is_written_to_a_file_and_never_over_one_without_force() {
    let test = room().args(&[
        "sheet",
        "drums",
        "--rubric",
        "oral-communication",
        "--by",
        "sam",
        "--csv",
        "-o",
        "s.csv",
    ]);
    test.expect(
        0,
        "",
        "wrote the scores CSV to fill in of session `drums` on `oral-communication` for 3 students to s.csv\n",
    );
    let before = test.snapshot();
    test.expect(
        1,
        "",
        "error: `s.csv` already exists; nothing was written\n  hint: choose another name, or pass `--force` to replace it\n",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn refusals_say_what_to_do_and_write_nothing() {
    let mut test = room();
    for (args, stderr) in [
        (
            &[
                "sheet",
                "drums",
                "--rubric",
                "oral-communication",
                "--csv",
                "-o",
                "s.csv",
            ][..],
            "error: `--csv` needs `--by INSTRUCTOR`: every row of a scores CSV names its rater\n  hint: add `--by` with the ID of the instructor who will fill it in (`rapport instructor list`)\n",
        ),
        (
            &[
                "sheet",
                "drum",
                "--rubric",
                "oral-communication",
                "-o",
                "s.html",
            ],
            "error: unknown session `drum`, did you mean `drums`?\n  hint: add it with `rapport session add drum --date YYYY-MM-DD --kind live --title \"…\"`\n",
        ),
        (
            &["sheet", "drums", "--rubric", "oral-comms", "-o", "s.html"],
            "error: unknown rubric `oral-comms`, did you mean `oral-communication`?\n  hint: the course's rubrics are `oral-communication`\n",
        ),
        (
            &[
                "sheet",
                "drums",
                "--rubric",
                "oral-communication",
                "--by",
                "sma",
                "-o",
                "s.html",
            ],
            "error: unknown instructor `sma`, did you mean `sam`?\n  hint: register them with `rapport instructor add sma --name \"…\"`\n",
        ),
        (
            &[
                "sheet",
                "drums",
                "--rubric",
                "oral-communication",
                "--cohort",
                "c",
                "-o",
                "s.html",
            ],
            "error: unknown cohort `c`\n  hint: the cohorts of active students: b\n",
        ),
    ] {
        let before = test.snapshot();
        test = test.args(args);
        test.expect(1, "", stderr);
        assert_eq!(test.snapshot(), before, "{args:?}");
    }
}

#[test]
fn a_sheet_needs_students() {
    let test = Test::with_fixture("minimal").given(&[
        "session",
        "add",
        "s1",
        "--date",
        "2025-11-20",
        "--kind",
        "live",
        "--title",
        "T",
    ]);
    let before = test.snapshot();
    let test = test.args(&[
        "sheet",
        "s1",
        "--rubric",
        "oral-communication",
        "-o",
        "s.html",
    ]);
    test.expect(
        1,
        "",
        "error: no active student is on the roster; a sheet lists the students to score\n  hint: add them with `rapport student add` or `rapport student import`\n",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_course_may_override_the_sheet_template() {
    let test = room()
        .write(
            "templates/sheet/sheet.html",
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>{{ page.title }}</title>\n</head>\n\
             <body><main>{{ rubric }}: {% for s in students %}{{ s.name }}; {% endfor %}</main></body>\n</html>\n",
        )
        .args(&["sheet", "drums", "--rubric", "oral-communication", "-o", "-"]);
    test.expect(
        0,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta name=\"generator\" content=\"rapport\">\n\n\
         <title>Score sheet: Oral communication — Drum tracking</title>\n</head>\n\
         <body><main>Oral communication: Amara; Bob &lt;Bass&gt; &amp; Co; Zoë; </main></body>\n</html>\n",
        "",
    );
}
