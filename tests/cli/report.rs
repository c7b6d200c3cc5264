//! `rapport report`: one student's HTML progress report, and with `--all` every active student's
//! report and the instructors' cohort overview (docs/FORMATS.md § Where things are written).
//!
//! Values are checked by hand against docs/FORMATS.md § Mastery (decaying average, w = 0.65:
//! d1 = s1, dk = d(k−1) · 0.35 + sk · 0.65; several instructors in one session are averaged).
//! Reports show the wall-clock time an assessment was recorded, in local time: the tests run
//! with `TZ=UTC` and replace those times by `[recorded]` before snapshotting.

use std::fs;

use std::fmt::Write as _;

use crate::support::Test;

/// The fixture's files: what a course holds before anything has been written.
const COURSE_FILES: [&str; 4] = [
    "course.yaml",
    "curriculum/direction.yaml",
    "curriculum/talkback.yaml",
    "rubrics/oral-communication.yaml",
];

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const HOVER: &str = "' onmouseover='x";

fn read(test: &Test, path: &str) -> String {
    fs::read_to_string(test.path(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A page with its inline style sheets (the site's, and a page's own) replaced by markers; the
/// site's must be there.
fn without_css(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut first = true;
    while let Some(start) = rest.find("<style>") {
        let start = start + "<style>".len();
        let end = start
            + rest[start..]
                .find("</style>")
                .expect("a closed style sheet");
        if first {
            assert!(
                rest[start..end].trim().len() > 100,
                "the inline style sheet is empty"
            );
        }
        out.push_str(&rest[..start]);
        out.push_str(if first {
            "/* style.css */"
        } else {
            "/* the page's own */"
        });
        rest = &rest[end..];
        first = false;
    }
    assert!(!first, "inline CSS");
    out.push_str(rest);
    out
}

/// Replaces every recorded time (shown in local time, `5 Nov 2025, 10:12`) by `[recorded]`;
/// session dates (`2 Sep 2026`) and the generation date have no time, so they stay.
fn redact_recorded(html: &str) -> (String, usize) {
    // The year, a comma, the time; the day and the month before them are found from there.
    const SHAPE: &[u8; 11] = b"dddd, dd:dd";
    let bytes = html.as_bytes();
    let matches_at = |i: usize| {
        bytes.len() >= i + SHAPE.len()
            && SHAPE.iter().enumerate().all(|(k, &s)| {
                let b = bytes[i + k];
                if s == b'd' {
                    b.is_ascii_digit()
                } else {
                    b == s
                }
            })
    };
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        if matches_at(i) {
            // " Nov " then the day's one or two digits, already copied: take them back.
            let month = out.len() - 4;
            assert!(
                out[month - 1] == b' ' && out[month..].iter().take(3).all(u8::is_ascii_alphabetic),
                "a recorded time reads `D Mon YYYY, HH:MM`"
            );
            let mut day = month - 1;
            while day > 0 && out[day - 1].is_ascii_digit() {
                day -= 1;
            }
            out.truncate(day);
            out.extend_from_slice(b"[recorded]");
            count += 1;
            i += SHAPE.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    (
        String::from_utf8(out).expect("only ASCII was replaced"),
        count,
    )
}

/// A page opens offline: an inline style sheet, no script, nothing loaded from elsewhere.
fn assert_self_contained(name: &str, html: &str) {
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{name}"
    );
    without_css(html);
    for banned in [
        "<script",
        "<link",
        "<iframe",
        "<img",
        " src=",
        "href=\"http",
        "http://",
        "https://",
        "@import",
    ] {
        assert!(!html.contains(banned), "{name} holds `{banned}`");
    }
}

/// A page's snapshot form: no style sheet, recorded times replaced; `times` of them expected.
fn snapshot_form(html: &str, times: usize) -> String {
    let (redacted, count) = redact_recorded(&without_css(html));
    assert_eq!(count, times, "recorded times on the page");
    redacted
}

fn with_utc() -> Test {
    Test::with_fixture("minimal").env("TZ", "UTC")
}

/// Students in three cohorts (one archived), two instructors, three sessions (two with an
/// artist). Amara is scored over the three sessions, by both instructors in s2, amended in s3
/// with a reason, with comments and notes; she rated herself in s2 (a hidden strength on
/// `direction`, a blind spot on `listening`) and Ben rated her as a peer. Ben was scored once,
/// on 1 Oct 2025; Carla never; Dev was scored, then archived.
fn scored() -> Test {
    scored_on(with_utc())
}

/// `scored` on `base`, a copy of the minimal course.
fn scored_on(base: Test) -> Test {
    let test = base
        .write(
            "roster.csv",
            "id,name,cohort
amara,Amara Okafor,2025-autumn
ben,Ben Li,2025-autumn
carla,Carla Reyes,2026-spring
dev,Dev Patel,2024-old
",
        )
        .given(&["student", "import", "roster.csv"])
        .given(&["instructor", "add", "jo", "--name", "Jo Park"])
        .given(&["instructor", "add", "sam", "--name", "Sam Ortiz"]);
    let test = session(
        test,
        ["s1", "2025-10-01", "live", "Vocal tracking"],
        Some("The Lanterns"),
    );
    let test = session(test, ["s2", "2025-10-15", "team", "Band rehearsal"], None);
    let test = session(
        test,
        ["s3", "2025-11-05", "mentorship", "Mix feedback"],
        Some("Nia Cole"),
    );
    test.write(
        "scores.csv",
        r#"session,date,student,rater,role,rubric,criterion,level,note,comment
s1,,amara,jo,,oral-communication,direction,2,,Good energy at the talkback.
s1,,amara,jo,,oral-communication,listening,1,Let the singer finish.,Good energy at the talkback.
s1,,ben,jo,,oral-communication,direction,2,,
s1,,ben,jo,,oral-communication,listening,2,,
s1,,dev,jo,,oral-communication,direction,4,,
s1,,dev,jo,,oral-communication,listening,4,,
s2,,amara,jo,,oral-communication,direction,3,,
s2,,amara,jo,,oral-communication,listening,2,,
s2,,amara,sam,,oral-communication,direction,Exemplary,One note per take.,Ran the rehearsal well.
s2,,amara,amara,self,oral-communication,direction,2,,
s2,,amara,amara,self,oral-communication,listening,4,,
s2,,amara,ben,peer,oral-communication,direction,3,,"Clear notes, thanks!"
s3,,amara,jo,,oral-communication,direction,1,,
s3,,amara,jo,,oral-communication,listening,2,,
"#,
    )
    .given(&["import", "scores.csv"])
    // s3's direction was a slip: 1 → 4.
    .given(&[
        "score",
        "amara",
        "--rubric",
        "oral-communication",
        "--session",
        "s3",
        "--by",
        "jo",
        "direction=4",
        "listening=2",
        "--comment",
        "Much clearer direction.",
        "--note",
        "direction=Picked the one note that mattered.",
        "--amend",
        "--reason",
        "misread the sheet",
    ])
    .given(&["student", "archive", "dev"])
}

/// `session add ID --date D --kind K --title T [--artist A]`.
fn session(test: Test, [id, date, kind, title]: [&str; 4], artist: Option<&str>) -> Test {
    let mut args = vec![
        "session", "add", id, "--date", date, "--kind", kind, "--title", title,
    ];
    if let Some(artist) = artist {
        args.extend(["--artist", artist]);
    }
    test.given(&args)
}

/// The files written since `before`.
fn new_files(test: &Test, before: &[String]) -> Vec<String> {
    test.files()
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// report STUDENT -o FILE

#[test]
fn a_report_is_written_with_its_folders_and_pinned_as_a_snapshot() {
    let test = scored().args(&["report", "amara", "-o", "reports/2025/amara.html"]);
    let before = test.files();
    test.expect(
        0,
        "",
        "wrote the report of Amara Okafor (amara): open reports/2025/amara.html\n",
    );
    assert_eq!(
        new_files(&test, &before),
        ["reports/2025/amara.html"],
        "the report and nothing else (no temporary file left behind)"
    );
    let html = read(&test, "reports/2025/amara.html");
    assert_self_contained("amara.html", &html);
    // direction: 2, then (3 + 4) / 2 = 3.5, then 4 (amended from 1):
    // 2 → 2 · 0.35 + 3.5 · 0.65 = 2.975 → 2.975 · 0.35 + 4 · 0.65 = 3.64125.
    // listening: 1 → 1.65 → 1.8775. The rubric: (2 · 3.64125 + 1.8775) / 3 = 3.053333.
    for expected in [
        "<strong>3.05</strong> Proficient <span class=\"badge\">mastered</span>",
        "<td class=\"num\">3.64</td><td>Proficient</td>",
        "<td class=\"num\">1.88</td><td>Emerging</td>",
        "<tr><td>15 Oct 2025</td><td>Band rehearsal</td><td>3.50 (average of 3 and 4)</td><td>Jo Park, Sam Ortiz</td></tr>",
        // Sessions by date: 1 Oct, 15 Oct (14 days on), 5 Nov (35 days on) between x = 44 and
        // 298; levels 1 to 4 between y = 118 and 12: 2 → 82.7, 2.975 → 48.2, 3.64125 → 24.7.
        "<polyline class=\"value-line\" points=\"44,82.7 145.6,48.2 298,24.7\"/>",
        "<p class=\"flag\"><strong>Hidden strength</strong> on Giving direction:",
        "<p class=\"flag\"><strong>Blind spot</strong> on Listening:",
        // One peer (Ben) rated her: too few to show his rating or his comment anonymously.
        "Too few peers rated this to show their ratings anonymously.",
        "<p class=\"meta\">Some of your peers' words from this session are not shown: too few peers rated you to keep them anonymous.</p>",
        "<a href=\"#oral-communication--direction\">Giving direction</a> (Oral communication, 5 Nov 2025).",
        ": misread the sheet</span>",
        "Live session with The Lanterns",
        "<footer class=\"site\">\n<p>Test Course · generated 24 Nov 2025 by rapport</p>\n</footer>",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
    assert!(!html.contains("Dev Patel") && !html.contains("Ben Li"));
    assert!(!html.contains("Your peers rated you") && !html.contains("Clear notes, thanks!"));
    assert!(!html.contains("A fellow student"));
    insta::assert_snapshot!("student", snapshot_form(&html, 3));
}

#[test]
fn a_report_replaces_an_earlier_report() {
    // An earlier report of the same student, amended since: it is replaced.
    let test = scored().given(&["report", "amara", "-o", "amara.html"]);
    let earlier = read(&test, "amara.html");
    let test = test
        .given(&[
            "score",
            "amara",
            "--rubric",
            "oral-communication",
            "--session",
            "s1",
            "--by",
            "sam",
            "direction=4",
            "--partial",
        ])
        .args(&["report", "amara", "-o", "amara.html"]);
    test.expect(
        0,
        "",
        "wrote the report of Amara Okafor (amara): open amara.html\n",
    );
    let now = read(&test, "amara.html");
    assert!(now.starts_with("<!DOCTYPE html>"));
    assert_ne!(now, earlier);
}

#[test]
fn a_file_that_is_not_a_report_is_never_overwritten() {
    for (name, text) in [
        ("amara.html", "old"),
        ("notes.txt", "my notes"),
        ("course.yaml", ""),
    ] {
        let test = scored();
        let test = if name == "course.yaml" {
            test
        } else {
            test.write(name, text)
        };
        let before = std::fs::read(test.path(name)).unwrap();
        let test = test.args(&["report", "amara", "-o", name]);
        test.expect(
            1,
            "",
            &format!(
                "error: `{name}` exists and is not a page rapport wrote; nothing was written
  hint: choose another name, or pass `--force` to replace it
"
            ),
        );
        assert_eq!(std::fs::read(test.path(name)).unwrap(), before);
    }
    // The gradebook file above all (on either run: the file is what is at stake).
    let test = scored_on(with_utc().on_sqlite());
    let before = std::fs::read(test.path("rapport.db")).unwrap();
    let test = test.args(&["report", "amara", "-o", "rapport.db"]);
    let out = test.run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(std::fs::read(test.path("rapport.db")).unwrap(), before);
    test.ok(&["student", "list"]);
}

#[test]
fn a_student_id_is_case_insensitive_and_the_report_names_the_stored_id() {
    let test = scored().args(&["report", "AMARA", "-o", "a.html"]);
    test.expect(
        0,
        "",
        "wrote the report of Amara Okafor (amara): open a.html\n",
    );
    assert!(read(&test, "a.html").contains("<h1>Amara Okafor</h1>"));
}

#[test]
fn an_archived_student_still_gets_a_report_on_request() {
    let test = scored().args(&["report", "dev", "-o", "dev.html"]);
    test.expect(
        0,
        "",
        "wrote the report of Dev Patel (dev): open dev.html\n",
    );
    let html = read(&test, "dev.html");
    assert!(html.contains("<h1>Dev Patel</h1>"), "{html}");
    assert!(html.contains("<strong>4.00</strong> Exemplary"), "{html}");
}

#[test]
fn a_student_never_assessed_sees_what_to_aim_for() {
    let test = scored().args(&["report", "carla", "-o", "-"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let html = out.stdout;
    for expected in [
        "<p>No instructor has assessed you yet.</p>",
        "<h2 id=\"next\">What to work on next</h2>\n\n<p>Each skill area below shows what the level to aim for looks like.</p>",
        "<span class=\"quiet\">not assessed yet</span>",
        "<dt id=\"oral-communication--direction\">Giving direction</dt>\n<dd>Gives one actionable note per take.</dd>",
        "<dt id=\"oral-communication--listening\">Listening</dt>\n<dd>Summarises back.</dd>",
        "<p>No written feedback yet.</p>",
        "<p>No sessions recorded yet.</p>",
    ] {
        assert!(html.contains(expected), "missing {expected:?}:\n{html}");
    }
    assert_self_contained("carla", &html);
}

#[test]
fn dash_writes_the_report_to_standard_output_and_nothing_to_disk() {
    let test = scored().args(&["report", "amara", "-o", "-"]);
    let before = test.files();
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert_eq!(test.files(), before, "nothing written");
    assert!(!test.path("-").exists());
    // The same page as the file.
    let test = test.args(&["report", "amara", "-o", "amara.html"]);
    assert_eq!(test.run().code, 0);
    assert_eq!(out.stdout, read(&test, "amara.html"));
}

#[test]
fn an_existing_folder_is_refused_as_the_output_file() {
    let test = scored()
        .write("out/keep.txt", "mine")
        .args(&["report", "amara", "-o", "out"]);
    let before = test.files();
    test.expect(
        1,
        "",
        "error: `out` is a folder
  hint: give the report a file name, such as `out/amara.html`; `--all -o DIR` writes a folder of reports
",
    );
    assert_eq!(test.files(), before);
}

#[test]
fn an_unknown_student_is_refused_with_a_suggestion() {
    let test = scored().args(&["report", "amra", "-o", "amra.html"]);
    let before = test.files();
    test.expect(
        1,
        "",
        "error: unknown student `amra`, did you mean `amara`?
  hint: add them with `rapport student add amra --name \"…\"`
",
    );
    assert_eq!(test.files(), before);
    let test = test.args(&["report", "zoltan", "-o", "zoltan.html"]);
    test.expect(
        1,
        "",
        "error: unknown student `zoltan`
  hint: add them with `rapport student add zoltan --name \"…\"`
",
    );
    assert_eq!(test.files(), before);
}

#[test]
fn a_course_without_a_gradebook_has_no_students_and_writes_nothing() {
    let test = Test::with_fixture("minimal").args(&["report", "amara", "-o", "amara.html"]);
    test.expect(
        1,
        "",
        "error: unknown student `amara`
  hint: add them with `rapport student add amara --name \"…\"`
",
    );
    assert_eq!(test.files(), COURSE_FILES, "not even a database");
}

#[test]
fn path_like_student_ids_are_refused() {
    let mut test = scored();
    let before = test.files();
    for (id, problem) in [
        (
            "../../etc/passwd",
            "starts with `.`; an ID starts with an ASCII letter or digit",
        ),
        (
            "..",
            "starts with `.`; an ID starts with an ASCII letter or digit",
        ),
        (
            "a/b",
            "contains `/` at position 2; use only ASCII letters, digits, `-`, `_` and `.`",
        ),
        (
            "amara/../ben",
            "contains `/` at position 6; use only ASCII letters, digits, `-`, `_` and `.`",
        ),
        (
            "a\\b",
            "contains `\\` at position 2; use only ASCII letters, digits, `-`, `_` and `.`",
        ),
    ] {
        test = test.args(&["report", id, "-o", "x.html"]);
        test.expect(1, "", &format!("error: student ID `{id}` {problem}\n"));
        assert_eq!(test.files(), before, "{id}");
    }
}

#[test]
fn quiet_writes_the_report_without_the_status_line() {
    let test = scored().args(&["-q", "report", "amara", "-o", "amara.html"]);
    test.expect(0, "", "");
    assert!(read(&test, "amara.html").contains("<h1>Amara Okafor</h1>"));
}

#[test]
fn recorded_times_are_shown_in_local_time() {
    let mut test = Test::with_people()
        .given(&[
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
            "--comment",
            "Well done.",
        ])
        .args(&["report", "amara", "-o", "-"]);
    let stored = test.sql_value("SELECT recorded_at FROM revision");
    let stored: jiff::Timestamp = stored.parse().unwrap();
    for zone in ["UTC", "Asia/Kolkata", "America/St_Johns"] {
        let shown = stored
            .to_zoned_datetime(jiff::tz::TimeZone::get(zone).unwrap())
            .strftime("%-d %b %Y, %H:%M")
            .to_string();
        test = test.env("TZ", zone);
        let out = test.run();
        assert_eq!((out.code, out.stderr.as_str()), (0, ""));
        assert!(
            out.stdout.contains(&format!(
                "<p class=\"who\"><strong>Jo</strong> on Oral communication<span class=\"meta screen-only\"> · {shown}</span></p>"
            )),
            "{zone}: {shown}\n{}",
            out.stdout
        );
    }
}

// ---------------------------------------------------------------------------------------------
// report --all -o DIR [--cohort C]

#[test]
fn all_writes_every_active_students_report_and_the_cohort_overview() {
    let test = scored().args(&["report", "--all", "-o", "reports"]);
    let before = test.files();
    test.expect(
        0,
        "",
        "wrote 3 reports and the cohort overview: open reports/index.html\n",
    );
    assert_eq!(
        new_files(&test, &before),
        [
            "reports/index.html",
            "reports/students/amara.html",
            "reports/students/ben.html",
            "reports/students/carla.html",
        ],
        "Dev is archived"
    );
    let index = read(&test, "reports/index.html");
    assert_self_contained("index.html", &index);
    for (id, name) in [
        ("amara", "Amara Okafor"),
        ("ben", "Ben Li"),
        ("carla", "Carla Reyes"),
    ] {
        assert!(
            index.contains(&format!(
                "<tr><th scope=\"row\"><a href=\"students/{id}.html\">{name}</a></th>"
            )),
            "{id}"
        );
        // Each report is the one `report ID` writes.
        let single = test.ok(&["report", id, "-o", "-"]);
        let page = read(&test, &format!("reports/students/{id}.html"));
        assert_self_contained(id, &page);
        assert_eq!(single, page, "{id}");
    }
    // Amara 3.05 (mastered), Ben (2 · 2 + 2) / 3 = 2 (exactly one level below mastery), Carla
    // never.
    for expected in [
        "<td class=\"heat-met\">3.05 ✓<span class=\"visually-hidden\"> Proficient</span></td>",
        "<td class=\"heat-level\">2.00<span class=\"visually-hidden\"> Developing</span></td>",
        "<td class=\"heat-none\">–</td>",
        "<p>1 of 2 assessed skill areas are mastered.",
        // direction: (3.64125 + 2) / 2 = 2.820625; listening: (1.8775 + 2) / 2 = 1.93875.
        "<tr><th scope=\"row\">Giving direction</th><td class=\"num heat-quarter\">2.82</td><td class=\"num\">1 of 2</td></tr>",
        "<tr><th scope=\"row\">Listening</th><td class=\"num heat-far\">1.94</td><td class=\"num\">0 of 2</td></tr>",
    ] {
        assert!(index.contains(expected), "missing {expected:?}");
    }
    assert!(!index.contains("Dev Patel") && !index.contains("dev.html"));
    insta::assert_snapshot!("cohort", snapshot_form(&index, 0));
}

#[test]
fn all_with_a_cohort_writes_that_cohort_only() {
    let test = scored().args(&["report", "--all", "--cohort", "2025-autumn", "-o", "autumn"]);
    let before = test.files();
    test.expect(
        0,
        "",
        "wrote 2 reports and the cohort overview: open autumn/index.html\n",
    );
    assert_eq!(
        new_files(&test, &before),
        [
            "autumn/index.html",
            "autumn/students/amara.html",
            "autumn/students/ben.html",
        ]
    );
    let index = read(&test, "autumn/index.html");
    for expected in [
        "<title>Cohort overview: 2025-autumn — Test Course</title>",
        "<h1>Cohort overview: 2025-autumn</h1>",
        "<p class=\"lede\">2 active students in cohort 2025-autumn · Test Course · as of 24 Nov 2025.",
        "<td class=\"num heat-quarter\">2.82</td><td class=\"num\">1 of 2</td>",
    ] {
        assert!(index.contains(expected), "missing {expected:?}:\n{index}");
    }
    assert!(!index.contains("Carla"));

    let test = test.args(&["report", "--all", "--cohort", "2026-spring", "-o", "spring"]);
    test.expect(
        0,
        "",
        "wrote 1 report and the cohort overview: open spring/index.html\n",
    );
    assert_eq!(
        new_files(&test, &before)
            .into_iter()
            .filter(|f| f.starts_with("spring/"))
            .collect::<Vec<_>>(),
        ["spring/index.html", "spring/students/carla.html"]
    );
    assert!(read(&test, "spring/index.html").contains("1 active student in cohort 2026-spring"));
}

#[test]
fn an_unknown_cohort_is_refused_with_the_known_ones() {
    let mut test = scored();
    let before = test.files();
    for (cohort, stderr) in [
        (
            "2025-autum",
            "error: unknown cohort `2025-autum`, did you mean `2025-autumn`?
  hint: the cohorts of active students: 2025-autumn, 2026-spring
",
        ),
        (
            "2024-old",
            "error: unknown cohort `2024-old`
  hint: the cohorts of active students: 2025-autumn, 2026-spring
",
        ),
    ] {
        test = test.args(&["report", "--all", "--cohort", cohort, "-o", "out"]);
        test.expect(1, "", stderr);
        assert_eq!(test.files(), before, "{cohort}");
    }
}

#[test]
fn a_cohort_when_no_student_has_one_is_refused() {
    let test = Test::with_people().args(&["report", "--all", "--cohort", "2025", "-o", "out"]);
    let before = test.files();
    test.expect(
        1,
        "",
        "error: unknown cohort `2025`
  hint: no active student has a cohort; set one with `rapport student add … --cohort` or the roster CSV's `cohort` column
",
    );
    assert_eq!(test.files(), before);
}

#[test]
fn an_empty_roster_is_refused() {
    const STDERR: &str = "error: there are no active students on the roster
  hint: add students with `rapport student add` or `rapport student import roster.csv`
";
    let test = Test::with_fixture("minimal").args(&["report", "--all", "-o", "out"]);
    test.expect(1, "", STDERR);
    assert_eq!(test.files(), COURSE_FILES, "not even a database");

    let test = Test::with_people()
        .given(&["student", "archive", "amara"])
        .args(&["report", "--all", "-o", "out"]);
    let before = test.files();
    test.expect(1, "", STDERR);
    assert_eq!(test.files(), before);
}

#[test]
fn all_refuses_an_existing_file_as_the_folder() {
    let test = scored()
        .write("notes.txt", "mine")
        .args(&["report", "--all", "-o", "notes.txt"]);
    let before = test.files();
    test.expect(
        1,
        "",
        "error: `notes.txt` is a file
  hint: `--all` writes a folder: the cohort overview and one report per student; give a folder with `-o`, such as `-o reports`
",
    );
    assert_eq!(test.files(), before);
    assert_eq!(read(&test, "notes.txt"), "mine");
}

#[test]
fn neither_a_student_nor_all_is_a_usage_error() {
    let test = scored().args(&["report", "-o", "out"]);
    let before = test.files();
    let out = test.run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert!(
        out.stderr.starts_with(
            "error: the following required arguments were not provided:\n  <STUDENT|--all>\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(test.files(), before);

    let test = test.args(&["report", "amara", "--all", "-o", "out"]);
    let out = test.run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert!(
        out.stderr
            .starts_with("error: the argument '[STUDENT]' cannot be used with '--all'\n"),
        "{}",
        out.stderr
    );
    assert_eq!(test.files(), before);
}

#[test]
fn cohort_without_all_is_a_usage_error() {
    let test = scored().args(&["report", "amara", "--cohort", "2025-autumn", "-o", "a.html"]);
    let before = test.files();
    let out = test.run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "error: the argument '[STUDENT]' cannot be used with '--cohort <COHORT>'\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(test.files(), before);
}

#[test]
fn a_student_id_in_the_database_that_cannot_be_a_file_name_stops_all() {
    for bad in ["../evil", "a/b", "..", "Upper", "with space", ""] {
        let test = Test::with_people().args(&["report", "--all", "-o", "out"]);
        test.sql(
            "INSERT INTO student (id, name, email, cohort, archived_at, created_at)
             VALUES (?1, 'Mallory', NULL, NULL, NULL, '2025-09-01T00:00:00Z')",
            &[&bad],
        );
        let before = test.files();
        test.expect(
            1,
            "",
            &format!(
                "error: the roster holds the student ID `{bad}`, which cannot become a file name
  hint: IDs are ASCII letters, digits, `-`, `_` and `.`; the database was changed by another tool: fix the ID there
"
            ),
        );
        assert_eq!(test.files(), before, "{bad:?}");
        assert!(!test.path("evil.html").exists() && !test.path("out").exists());
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping and privacy

/// What Tera escapes in HTML text and attributes.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn assert_no_markup_injected(name: &str, html: &str) {
    for raw in [
        "<script",
        "<img",
        "\" onmouseover",
        "' onmouseover",
        "onerror=alert(1)>",
    ] {
        assert!(!html.contains(raw), "{name} holds {raw:?} unescaped");
    }
}

/// The payloads, by where they are stored.
struct Payloads {
    name: String,
    cohort: String,
    instructor: String,
    title: String,
    artist: String,
    comment: String,
}

/// Eve and her instructor, session, comment and note, each with markup in it; her report and
/// her cohort's overview written.
fn injected() -> (Test, Payloads) {
    let p = Payloads {
        name: format!("Eve {SCRIPT}"),
        cohort: format!("c{IMG} & {HOVER}"),
        instructor: format!("Jo {IMG}"),
        title: format!("T {SCRIPT} {HOVER}"),
        artist: format!("A {IMG} {HOVER}"),
        comment: format!("C {SCRIPT} {IMG} {HOVER} & more"),
    };
    let note = format!("direction=N {SCRIPT} {IMG} {HOVER}");
    let listening = format!("listening=L {SCRIPT} {IMG} {HOVER}");
    let test = with_utc()
        .given(&[
            "student", "add", "eve", "--name", &p.name, "--cohort", &p.cohort,
        ])
        .given(&["instructor", "add", "jo", "--name", &p.instructor]);
    let test = session(
        test,
        ["s1", "2025-11-01", "live", &p.title],
        Some(&p.artist),
    )
    .given(&[
        "score",
        "eve",
        "--rubric",
        "oral-communication",
        "--session",
        "s1",
        "--by",
        "jo",
        "direction=3",
        "listening=2",
        "--comment",
        &p.comment,
        "--note",
        &note,
        "--note",
        &listening,
    ])
    .given(&["report", "eve", "-o", "eve.html"])
    .given(&["report", "--all", "--cohort", &p.cohort, "-o", "all"]);
    (test, p)
}

#[test]
fn every_text_in_a_report_is_escaped() {
    let (test, p) = injected();
    let report = read(&test, "eve.html");
    assert_eq!(report, read(&test, "all/students/eve.html"));
    assert_no_markup_injected("eve.html", &report);
    // The exact entities, once spelled out.
    for expected in [
        "<h1>Eve &lt;script&gt;alert(1)&lt;/script&gt;</h1>",
        "<strong>Jo &quot;&gt;&lt;img src=x onerror=alert(1)&gt;</strong> on Oral communication",
        "<li><strong>Giving direction</strong><span class=\"screen-only\"> (3 · Proficient)</span>: N &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#39; onmouseover=&#39;x</li>",
    ] {
        assert!(report.contains(expected), "missing {expected:?}:\n{report}");
    }
    for expected in [
        format!(
            "<title>Progress report: {} — Test Course</title>",
            escaped(&p.name)
        ),
        format!(
            "<p class=\"lede\">Progress report · cohort {} · Test Course",
            escaped(&p.cohort)
        ),
        format!(
            "<summary><span class=\"session\">{}</span> <span class=\"meta\">· 1 Nov 2025 · Live session with {}<span class=\"screen-only\"> · 3 comments and notes</span></span></summary>",
            escaped(&p.title),
            escaped(&p.artist)
        ),
        // A note beside the thing to work on next (listening, not mastered), and in its
        // criterion's details.
        format!(
            "<blockquote class=\"note\"><p>L {}</p>\n<p class=\"meta\">{}, 1 Nov 2025 (2 · Developing)</p></blockquote>",
            escaped(&format!("{SCRIPT} {IMG} {HOVER}")),
            escaped(&p.instructor)
        ),
        format!(
            "<li>N {} <span class=\"meta\">— {}, 1 Nov 2025, {} (3 · Proficient)</span></li>",
            escaped(&format!("{SCRIPT} {IMG} {HOVER}")),
            escaped(&p.instructor),
            escaped(&p.title)
        ),
        format!(
            "<blockquote class=\"comment\">{}</blockquote>",
            escaped(&p.comment)
        ),
        format!(
            "<tr><td>1 Nov 2025</td><td>{}</td><td>3 · Proficient</td><td>{}</td></tr>",
            escaped(&p.title),
            escaped(&p.instructor)
        ),
        format!(
            "<td>{} <span class=\"meta\">with {}</span></td>",
            escaped(&p.title),
            escaped(&p.artist)
        ),
    ] {
        assert!(
            report.contains(&expected),
            "missing {expected:?}:\n{report}"
        );
    }
}

#[test]
fn every_text_in_the_cohort_overview_is_escaped() {
    let (test, p) = injected();
    let index = read(&test, "all/index.html");
    assert_no_markup_injected("index.html", &index);
    for expected in [
        format!(
            "<title>Cohort overview: {} — Test Course</title>",
            escaped(&p.cohort)
        ),
        format!("<h1>Cohort overview: {}</h1>", escaped(&p.cohort)),
        format!(
            "<p class=\"lede\">1 active student in cohort {} · Test Course",
            escaped(&p.cohort)
        ),
        format!("<a href=\"students/eve.html\">{}</a>", escaped(&p.name)),
    ] {
        assert!(index.contains(&expected), "missing {expected:?}:\n{index}");
    }
}

/// Amara and Zebedee in one session; Zebedee rated Amara as a peer, Amara rated Zebedee; each
/// has instructor feedback of their own, and Zebedee a session Amara never attended.
fn two_peers() -> Test {
    with_utc()
        .given(&["student", "add", "amara", "--name", "Amara Okafor"])
        .given(&["student", "add", "zebedee", "--name", "Zebedee Quartz"])
        .given(&["instructor", "add", "jo", "--name", "Jo Park"])
        .given(&[
            "session", "add", "s1", "--date", "2025-10-01", "--kind", "team", "--title",
            "Group mix",
        ])
        .given(&[
            "session", "add", "s9", "--date", "2025-10-08", "--kind", "live", "--title",
            "Solo night XYZZY", "--artist", "Orbit Band",
        ])
        .write(
            "scores.csv",
            "session,date,student,rater,role,rubric,criterion,level,note,comment
s1,,amara,jo,,oral-communication,direction,3,,Amara: strong talkback.
s1,,amara,jo,,oral-communication,listening,3,Amara listens well.,Amara: strong talkback.
s1,,amara,zebedee,peer,oral-communication,direction,2,Peer note on direction.,Peer says: try fewer notes.
s1,,amara,amara,self,oral-communication,listening,4,,Amara self reflection VEGA
s1,,zebedee,jo,,oral-communication,direction,1,Zeb-private note NEBULA,Zeb-private comment QUASAR
s1,,zebedee,jo,,oral-communication,listening,2,,Zeb-private comment QUASAR
s1,,zebedee,amara,peer,oral-communication,listening,3,From a peer: keep listening.,A peer thinks you did fine.
s1,,zebedee,zebedee,self,oral-communication,direction,4,,Zeb self reflection COMET
s9,,zebedee,jo,,oral-communication,direction,2,,Solo night comment PULSAR
s9,,zebedee,jo,,oral-communication,listening,2,,Solo night comment PULSAR
",
        )
        .given(&["import", "scores.csv"])
}

fn assert_private(name: &str, html: &str, shown: &[&str], hidden: &[&str]) {
    for text in shown {
        assert!(html.contains(text), "{name} lacks {text:?}");
    }
    let lower = html.to_lowercase();
    for text in hidden {
        assert!(
            !lower.contains(&text.to_lowercase()),
            "{name} holds {text:?}"
        );
    }
}

#[test]
fn a_report_holds_that_students_data_only_and_peers_stay_anonymous() {
    let test = two_peers()
        .given(&["report", "--all", "-o", "all"])
        .given(&["report", "amara", "-o", "amara.html"])
        .given(&["report", "zebedee", "-o", "zebedee.html"]);
    // Each has a single peer: what that peer gave and wrote is withheld (docs/FORMATS.md
    // `peer_minimum`), and the other student's data never appears.
    let withheld = "Some of your peers' words from this session are not shown";
    let too_few = "Too few peers rated this to show their ratings anonymously.";
    let amara_shown = ["Amara: strong talkback.", withheld, too_few];
    let amara_hidden = [
        "zebedee",
        "Quartz",
        "QUASAR",
        "NEBULA",
        "PULSAR",
        "COMET",
        "XYZZY",
        "Orbit Band",
        "keep listening",
        "did fine",
        "Peer says: try fewer notes.",
        "Peer note on direction.",
        "A fellow student",
        "Your peers rated you",
    ];
    let zebedee_shown = [
        withheld,
        too_few,
        "Zeb-private comment QUASAR",
        "Zeb-private note NEBULA",
        "Solo night comment PULSAR",
        "Solo night XYZZY",
    ];
    let zebedee_hidden = [
        "amara",
        "Okafor",
        "strong talkback",
        "listens well",
        "VEGA",
        "try fewer notes",
        "Peer note on direction",
        "From a peer: keep listening.",
        "A peer thinks you did fine.",
        "A fellow student",
    ];
    for (amara, zebedee) in [
        ("all/students/amara.html", "all/students/zebedee.html"),
        ("amara.html", "zebedee.html"),
    ] {
        assert_private(amara, &read(&test, amara), &amara_shown, &amara_hidden);
        assert_private(
            zebedee,
            &read(&test, zebedee),
            &zebedee_shown,
            &zebedee_hidden,
        );
    }
    assert_eq!(
        read(&test, "amara.html"),
        read(&test, "all/students/amara.html")
    );
    assert_eq!(
        read(&test, "zebedee.html"),
        read(&test, "all/students/zebedee.html")
    );
}

// ---------------------------------------------------------------------------------------------
// Reproducibility

#[test]
fn the_same_gradebook_and_date_give_byte_identical_reports() {
    let test = scored()
        .given(&["report", "--all", "-o", "a"])
        .given(&["report", "--all", "-o", "b"]);
    let a: Vec<String> = test
        .files()
        .into_iter()
        .filter(|f| f.starts_with("a/"))
        .collect();
    let b: Vec<String> = test
        .files()
        .into_iter()
        .filter(|f| f.starts_with("b/"))
        .collect();
    assert_eq!(a.len(), 4);
    assert_eq!(
        a.iter().map(|f| &f[2..]).collect::<Vec<_>>(),
        b.iter().map(|f| &f[2..]).collect::<Vec<_>>()
    );
    for (fa, fb) in a.iter().zip(&b) {
        assert_eq!(
            fs::read(test.path(fa)).unwrap(),
            fs::read(test.path(fb)).unwrap(),
            "{fa} and {fb} differ"
        );
        // A report dates everything as people read it, its footer too.
        let generated = if fa.contains("/students/") {
            "24 Nov 2025"
        } else {
            "2025-11-24"
        };
        assert!(
            read(&test, fa).contains(&format!(
                "<footer class=\"site\">\n<p>Test Course · generated {generated} by rapport</p>\n</footer>"
            )),
            "{fa}"
        );
    }
}

#[test]
fn the_generation_date_is_that_of_source_date_epoch() {
    // 1700000000 is 2023-11-14 22:13:20 UTC: the date is taken in UTC, whatever the zone.
    let test = scored()
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("TZ", "Pacific/Kiritimati")
        .given(&["report", "--all", "-o", "old"]);
    let index = read(&test, "old/index.html");
    let report = read(&test, "old/students/amara.html");
    for (name, html, generated) in [
        ("index", &index, "2023-11-14"),
        ("amara", &report, "14 Nov 2023"),
    ] {
        assert!(
            html.contains(&format!(
                "<p>Test Course · generated {generated} by rapport</p>"
            )),
            "{name}"
        );
        assert!(html.contains(" · as of 14 Nov 2023"), "{name}");
        assert!(!html.contains("2025-11-24"), "{name}");
    }
}

#[test]
fn all_cannot_write_to_standard_output() {
    let test = scored().args(&["report", "--all", "-o", "-"]);
    let before = test.files();
    test.expect(
        1,
        "",
        "error: `--all` cannot write to standard output
  hint: `--all` writes a folder: the cohort overview and one report per student; give a folder with `-o`, such as `-o reports`
",
    );
    assert_eq!(test.files(), before);
}

#[test]
fn a_path_ending_in_a_slash_names_a_folder_and_is_refused_for_one_report() {
    let test = scored().args(&["report", "amara", "-o", "new/sub/"]);
    let before = test.files();
    test.expect(
        1,
        "",
        "error: `new/sub/` is a folder
  hint: give the report a file name, such as `new/sub/amara.html`; `--all -o DIR` writes a folder of reports
",
    );
    assert_eq!(test.files(), before);
}

#[test]
fn a_second_run_removes_the_reports_of_students_no_longer_listed() {
    let test = scored().given(&["report", "--all", "-o", "out"]);
    let listed = |test: &Test| -> Vec<String> {
        test.files()
            .into_iter()
            .filter(|f| f.starts_with("out/"))
            .collect()
    };
    assert_eq!(
        listed(&test),
        [
            "out/index.html",
            "out/students/amara.html",
            "out/students/ben.html",
            "out/students/carla.html"
        ]
    );
    // Notes of the user's own beside the reports stay.
    let test = test
        .write("out/students/README.txt", "ours")
        .given(&["student", "archive", "ben"])
        .args(&["report", "--all", "-o", "out"]);
    test.expect(
        0,
        "",
        "wrote 2 reports and the cohort overview (and removed 1 earlier report of students not listed now): open out/index.html\n",
    );
    assert_eq!(
        listed(&test),
        [
            "out/index.html",
            "out/students/README.txt",
            "out/students/amara.html",
            "out/students/carla.html"
        ]
    );
    assert!(!read(&test, "out/index.html").contains("Ben Li"));
}

#[test]
fn a_failed_run_leaves_the_folder_as_it_was() {
    // A folder where a report must go makes the run fail after every report was rendered.
    let test = scored()
        .given(&["report", "--all", "-o", "out"])
        .remove("out/students/ben.html");
    std::fs::create_dir(test.path("out/students/ben.html")).unwrap();
    let index = read(&test, "out/index.html");
    let test = test
        .given(&["student", "add", "eve", "--name", "Eve Stone"])
        .args(&["report", "--all", "-o", "out"]);
    let out = test.run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: `out/students/ben.html` is a folder, not a file; nothing was written
  hint: move it away, or name another file (`-o -` writes to standard output where the command offers it)
"
    );
    assert!(!test.path("out/students/eve.html").exists());
    // No staging folder is left behind, and the overview is the earlier one.
    assert_eq!(
        test.files()
            .into_iter()
            .filter(|f| f.contains(".rapport-staging"))
            .count(),
        0
    );
    assert_eq!(read(&test, "out/index.html"), index);
}

/// Amara with the scores given, one session each (s1 on 1 Sep, s2 on 10 Nov, s3 on 20 Nov
/// 2025), on `direction` only; the report is written to amara.html.
fn amara_scored(course_yaml_extra: &str, levels: &[(&str, &str, &str)]) -> (Test, String) {
    let mut csv =
        String::from("session,date,student,rater,role,rubric,criterion,level,note,comment\n");
    for (session, date, level) in levels {
        let _ = writeln!(
            csv,
            "{session},{date},amara,jo,,oral-communication,direction,{level},,"
        );
    }
    let test = with_utc()
        .write(
            "course.yaml",
            &format!("name: Test Course\nskills:\n  - {{ id: communication, title: Communication }}\n{course_yaml_extra}"),
        )
        .given(&["student", "add", "amara", "--name", "Amara Okafor"])
        .given(&["instructor", "add", "jo", "--name", "Jo Park"])
        .write("scores.csv", &csv)
        .given(&["import", "scores.csv"])
        .given(&["report", "amara", "-o", "amara.html"]);
    let html = read(&test, "amara.html");
    (test, html)
}

#[test]
fn under_n_mastery_scores_without_a_value_yet_are_shown_as_assessed() {
    let (_, html) = amara_scored(
        "mastery: { method: n_mastery, n: 2 }\n",
        &[("s1", "2025-11-10", "3")],
    );
    for expected in [
        // The headline counts the assessed criterion; the value is not there yet.
        "<p>You have mastered 0 of 2 criteria. Every skill area has been assessed.</p>",
        "<td class=\"num\"><span class=\"meta\">–</span></td><td><span class=\"meta\">no value yet</span></td>",
        "<summary>Giving direction <span class=\"meta\">· no value yet · 1 assessment</span></summary>",
        "<p class=\"meta\">No value yet: it comes once 2 sessions have scored this at the mastery level or above.</p>",
        // Not mastered and scored: the thing to work on, from its one session's score.
        "<p class=\"meta\">Oral communication · no value yet · last scored 10 Nov 2025</p>",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
    assert!(!html.contains("No instructor has assessed you yet"));
}

/// The part of `html` from `start` to the end of the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let to = from
        + html[from..]
            .find(end)
            .unwrap_or_else(|| panic!("no {end:?}"))
        + end.len();
    &html[from..to]
}

#[test]
fn a_single_session_at_the_lowest_level_is_a_dot_above_the_axis_that_says_so() {
    let (_, html) = amara_scored("", &[("s1", "2025-11-10", "1")]);
    // In the middle (x from 44 to 298), on the lowest level's rule (y = 118), above the
    // axis (y = 128); no line joins a single point, so the legend has none either. The axis
    // date holds a no-break space (written `~` here).
    assert_eq!(
        between(&html, "<figure class=\"trend\">", "</figure>").replace('\u{a0}', "~"),
        r#"<figure class="trend">
<svg viewBox="0 0 320 150" role="img" aria-labelledby="oral-communication--direction-chart-title oral-communication--direction-chart-desc">
<title id="oral-communication--direction-chart-title">Oral communication: Giving direction: scores by session</title>
<desc id="oral-communication--direction-chart-desc">One session so far: 10 Nov 2025, 1 · Emerging.</desc>
<line class="grid" x1="30" x2="312" y1="118" y2="118"/><text class="axis" x="24" y="118" dy="0.35em" text-anchor="end">1</text>
<line class="grid" x1="30" x2="312" y1="82.7" y2="82.7"/><text class="axis" x="24" y="82.7" dy="0.35em" text-anchor="end">2</text>
<line class="grid" x1="30" x2="312" y1="47.3" y2="47.3"/><text class="axis" x="24" y="47.3" dy="0.35em" text-anchor="end">3</text>
<line class="grid" x1="30" x2="312" y1="12" y2="12"/><text class="axis" x="24" y="12" dy="0.35em" text-anchor="end">4</text>
<line class="x-axis" x1="30" x2="312" y1="128" y2="128"/>
<line class="mastery-line" x1="30" x2="312" y1="47.3" y2="47.3"/>
<circle class="dot" cx="171" cy="118" r="4.5"/>
<text class="axis" x="171" y="108" text-anchor="middle">one session so far</text>
<text class="axis" x="171" y="146" text-anchor="middle">10~Nov</text>
</svg>
<figcaption><ul class="legend">
<li><span class="key key-dot" aria-hidden="true"></span>score in a session</li>
<li><span class="key key-mastery" aria-hidden="true"></span>mastery</li>
</ul></figcaption>
</figure>"#
    );
    assert_eq!(
        between(&html, "<svg class=\"spark\"", "</svg>"),
        "<svg class=\"spark\" viewBox=\"0 0 88 22\" width=\"88\" height=\"22\" role=\"img\" \
         aria-label=\"One session so far: 10 Nov 2025, 1 · Emerging.\">\
         <line class=\"spark-mastery\" x1=\"0\" x2=\"88\" y1=\"8.7\" y2=\"8.7\"/>\
         <circle class=\"spark-dot\" cx=\"44\" cy=\"18\" r=\"3\"/></svg>"
    );
}

#[test]
fn what_to_work_on_next_puts_recent_evidence_first_with_its_next_step_and_latest_note() {
    // The report is dated 24 Nov 2025: the last 30 days start on 25 Oct. Listening is further
    // below mastery (1 of 1–4, mastery 3) but was last scored on 1 Sep; direction (2) on 10 Nov.
    let test = with_utc()
        .given(&["student", "add", "amara", "--name", "Amara Okafor"])
        .given(&["instructor", "add", "jo", "--name", "Jo Park"])
        .given(&["instructor", "add", "sam", "--name", "Sam Ortiz"])
        .write(
            "scores.csv",
            "session,date,student,rater,role,rubric,criterion,level,note,comment
s1,2025-09-01,amara,jo,,oral-communication,listening,1,Let the singer finish.,
s1,2025-09-01,amara,jo,,oral-communication,direction,2,Too many notes at once.,
s2,2025-11-10,amara,sam,,oral-communication,direction,2,One note per take <b>please</b>.,
",
        )
        .given(&["import", "scores.csv"])
        .given(&["report", "amara", "-o", "amara.html"]);
    let html = read(&test, "amara.html");
    assert_eq!(
        between(&html, "<h2 id=\"next\">", "</ol>"),
        "<h2 id=\"next\">What to work on next</h2>

<ol class=\"focus\">

<li>
<h3><a href=\"#oral-communication--direction\">Giving direction</a></h3>
<p class=\"meta\">Oral communication · now 2.00 · Developing · last scored 10 Nov 2025</p>
<div class=\"step next\"><p class=\"step-title\">Next step: 3 · Proficient</p><div class=\"descriptor\">Gives one actionable note per take.</div></div>
<blockquote class=\"note\"><p>One note per take &lt;b&gt;please&lt;/b&gt;.</p>
<p class=\"meta\">Sam Ortiz, 10 Nov 2025 (2 · Developing)</p></blockquote>
</li>

<li>
<h3><a href=\"#oral-communication--listening\">Listening</a></h3>
<p class=\"meta\">Oral communication · now 1.00 · Emerging · last scored 1 Sep 2025</p>
<div class=\"step next\"><p class=\"step-title\">Next step: 2 · Developing</p><div class=\"descriptor\">Listens, does not summarise.</div></div>
<blockquote class=\"note\"><p>Let the singer finish.</p>
<p class=\"meta\">Jo Park, 1 Sep 2025 (1 · Emerging)</p></blockquote>
</li>

</ol>"
    );
}

#[test]
fn a_blind_spot_is_said_once_per_skill_area_naming_its_criteria() {
    // Both criteria at 1 from the instructor, 4 from Amara herself: two blind spots, one message.
    let test = with_utc()
        .given(&["student", "add", "amara", "--name", "Amara Okafor"])
        .given(&["instructor", "add", "jo", "--name", "Jo Park"])
        .write(
            "scores.csv",
            "session,date,student,rater,role,rubric,criterion,level,note,comment
s1,2025-11-10,amara,jo,,oral-communication,direction,1,,
s1,2025-11-10,amara,jo,,oral-communication,listening,1,,
s1,2025-11-10,amara,amara,self,oral-communication,direction,4,,
s1,2025-11-10,amara,amara,self,oral-communication,listening,4,,
",
        )
        .given(&["import", "scores.csv"])
        .given(&["report", "amara", "-o", "amara.html"]);
    let html = read(&test, "amara.html");
    assert_eq!(html.matches("<p class=\"flag\">").count(), 1, "{html}");
    assert!(html.contains(
        "<p class=\"flag\"><strong>Blind spot</strong> on Giving direction, Listening: you rate yourself well above \
         what your instructors see. Ask them for a concrete example from your last session.</p>"
    ));
    assert!(!html.contains("Hidden strength"));
}

#[test]
fn every_date_on_a_report_reads_the_same_way() {
    let html = snapshot_form(
        &read(
            &scored().given(&["report", "amara", "-o", "a.html"]),
            "a.html",
        ),
        3,
    );
    // `24 Nov 2025`, `5 Nov 2025`; on a chart's axis without the year (`5 Nov`); never
    // `2025-11-05` or `11/05`.
    let mut iso = 0;
    for (i, _) in html.match_indices("20") {
        let rest = &html[i..];
        if rest.len() >= 10
            && rest.as_bytes()[4] == b'-'
            && rest.as_bytes()[7] == b'-'
            && rest[..4].bytes().all(|b| b.is_ascii_digit())
        {
            iso += 1;
        }
    }
    assert_eq!(iso, 0, "a YYYY-MM-DD date on the page");
    assert!(!html.contains("/2025") && !html.contains("2025/"));
    for date in [
        "as of 24 Nov 2025",
        "generated 24 Nov 2025",
        "last scored 5 Nov 2025",
        "<td>1 Oct 2025</td>",
        "Jo Park, 1 Oct 2025 (1 · Emerging)",
        "· 5 Nov 2025 · Mentorship with Nia Cole",
        "(Oral communication, 5 Nov 2025).",
        "revised [recorded]: misread the sheet",
    ] {
        assert!(html.contains(date), "missing {date:?}");
    }
}

#[test]
fn mastery_reached_within_recent_days_and_confirmed_since_is_recent() {
    // Decaying average (w = 0.65): 2 → 2·0.35 + 4·0.65 = 3.3 (mastered on 10 Nov) → 3.755.
    let (_, html) = amara_scored(
        "",
        &[
            ("s1", "2025-09-01", "2"),
            ("s2", "2025-11-10", "4"),
            ("s3", "2025-11-20", "4"),
        ],
    );
    assert!(
        html.contains(
            "<a href=\"#oral-communication--direction\">Giving direction</a> (Oral communication, 10 Nov 2025)."
        ),
        "{html}"
    );
    // Mastered before the 30 days (1 Sep) and since: not recent.
    let (_, html) = amara_scored("", &[("s1", "2025-09-01", "4"), ("s2", "2025-11-10", "4")]);
    assert!(html.contains("<p class=\"recent\">Nothing newly mastered in the last 30 days.</p>"));
}

#[test]
fn the_largest_recent_days_is_ten_years() {
    // `check` refuses more than 3650 (tests/cli/check.rs).
    let (test, html) = amara_scored("recent_days: 3650\n", &[("s1", "2025-11-10", "4")]);
    assert!(html.contains("(Oral communication, 10 Nov 2025)."));
    let test = test.args(&["report", "--all", "-o", "out"]);
    test.expect(
        0,
        "",
        "wrote 1 report and the cohort overview: open out/index.html\n",
    );
    assert!(
        read(&test, "out/index.html").contains("<p>No student needs attention by these rules.</p>")
    );
}

#[test]
fn peers_are_not_identified_by_order_time_or_level() {
    // Two peers are enough where the course says so.
    let test = with_utc()
        .edit(
            "course.yaml",
            "name: Test Course\n",
            "name: Test Course\npeer_minimum: 2\n",
        )
        .given(&["student", "add", "amara", "--name", "Amara Okafor"])
        .given(&["student", "add", "ben", "--name", "Ben Li"])
        .given(&["student", "add", "zoe", "--name", "Zoe Park"])
        .write(
            "scores.csv",
            "session,date,student,rater,role,rubric,criterion,level,note,comment
s1,2025-11-10,amara,zoe,peer,oral-communication,direction,1,Rushed the talkback,A calm session
s1,2025-11-10,amara,ben,peer,oral-communication,direction,4,,Zero hesitation
",
        )
        .given(&["import", "scores.csv"])
        .given(&["report", "amara", "-o", "amara.html"]);
    let html = read(&test, "amara.html");
    let calm = html.find("A calm session").unwrap();
    let zero = html.find("Zero hesitation").unwrap();
    // By what they wrote, not by who wrote it (ben < zoe) or when.
    assert!(calm < zero);
    assert!(html.contains("<li><strong>Giving direction</strong>: Rushed the talkback</li>"));
    assert!(html.contains(
        "<p class=\"who\"><strong>A fellow student (peer assessment)</strong> on Oral communication</p>"
    ));
    for name in ["ben", "Ben Li", "zoe", "Zoe Park"] {
        assert!(!html.contains(name), "{name}");
    }
}

#[test]
fn staging_folders_of_interrupted_runs_are_removed() {
    // One left by a rapport before staging folders were stamped: nothing but rapport's pages.
    let test = scored()
        .write(
            "out/.rapport-staging-4000000/students/ben.html",
            "<meta name=\"generator\" content=\"rapport\"> a stale copy",
        )
        .args(&["report", "--all", "-o", "out"]);
    test.expect(
        0,
        "",
        "wrote 3 reports and the cohort overview: open out/index.html\n",
    );
    assert!(!test.path("out/.rapport-staging-4000000").exists());
}

#[test]
fn a_failed_run_does_not_leave_a_folder_it_created() {
    // A template that fails for every page: nothing may remain.
    let test = scored()
        .write("templates/report/student.html", "{{ no_such_field }}")
        .args(&["report", "--all", "-o", "new"]);
    let out = test.run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!test.path("new").exists());
}

// ---------------------------------------------------------------------------------------------
// Too few peers to stay anonymous (course.yaml `peer_minimum`, default 3)

const PEERS: [(&str, &str, &str); 3] = [
    ("ben", "2", "ALPHA"),
    ("cleo", "3", "BRAVO"),
    ("dan", "4", "CHARLIE"),
];
const TOO_FEW: &str = "Too few peers rated this to show their ratings anonymously.";
const WITHHELD: &str = "<p class=\"meta\">Some of your peers' words from this session are not shown: too few peers rated you to keep them anonymous.</p>";

/// Amara, scored by Jo, and rated on `direction` by the first `n` peers, each with a note and a
/// comment: all in team session s1, or each in a session of their own (s1, s2, s3).
fn rated_by_peers(n: usize, own_sessions: bool) -> Test {
    let mut test = with_utc()
        .given(&["student", "add", "amara", "--name", "Amara Okafor"])
        .given(&["instructor", "add", "jo", "--name", "Jo Park"]);
    for (id, _, _) in PEERS {
        test = test.given(&["student", "add", id, "--name", &format!("Peer {id}")]);
    }
    let mut csv = "session,date,student,rater,role,rubric,criterion,level,note,comment
s1,2025-11-03,amara,jo,,oral-communication,direction,3,,
"
    .to_owned();
    for (k, (peer, level, word)) in PEERS.iter().take(n).enumerate() {
        let session = if own_sessions { k + 1 } else { 1 };
        let _ = writeln!(
            csv,
            "s{session},2025-11-0{},amara,{peer},peer,oral-communication,direction,{level},Note {word},Comment {word}",
            session + 2
        );
    }
    test.write("scores.csv", &csv)
        .given(&["import", "scores.csv"])
}

fn peer_json(test: &Test) -> serde_json::Value {
    let json: serde_json::Value =
        serde_json::from_str(&test.ok(&["--json", "progress", "amara"])).unwrap();
    json["rubrics"][0]["criteria"][0]["peer"].clone()
}

#[test]
fn one_or_two_peers_are_too_few_to_show() {
    for n in [1, 2] {
        let test = rated_by_peers(n, false);
        assert_eq!(peer_json(&test), serde_json::Value::Null, "{n} peers");
        assert_eq!(
            test.ok(&["progress", "amara"]),
            "Amara Okafor (amara) · mastery by decaying average

Oral communication — 3.00, mastered (mastery at 3 of 4)
  Giving direction   3.00 ✓ Proficient   1 assessment  ▆        peers: too few to show anonymously
                    next: Picks the one note that matters most.
  Listening           –                  0 assessments
                    next: Summarises back.
",
            "{n} peers"
        );
        let test = test.given(&["report", "amara", "-o", "amara.html"]);
        let html = read(&test, "amara.html");
        assert!(
            html.contains(&format!("<p class=\"views\"> {TOO_FEW}</p>")),
            "{n}"
        );
        assert!(html.contains(WITHHELD), "{n}");
        for hidden in [
            "ALPHA",
            "BRAVO",
            "Your peers rated you",
            "A fellow student",
            "Peer ",
        ] {
            assert!(!html.contains(hidden), "{n} peers: {hidden}");
        }
    }
}

#[test]
fn three_peers_are_shown_without_their_names() {
    let test = rated_by_peers(3, false);
    assert_eq!(peer_json(&test).to_string(), "3.0");
    assert!(
        test.ok(&["progress", "amara"]).contains(
            "\n  Giving direction   3.00 ✓ Proficient   1 assessment  ▆        peers 3\n"
        )
    );
    let test = test.given(&["report", "amara", "-o", "amara.html"]);
    let html = read(&test, "amara.html");
    for shown in [
        "<p class=\"views\"> Your peers rated you <strong>3 · Proficient</strong>.</p>",
        "<blockquote class=\"comment\">Comment ALPHA</blockquote>",
        "<li><strong>Giving direction</strong>: Note BRAVO</li>",
        "<li><strong>Giving direction</strong>: Note CHARLIE</li>",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    for hidden in [TOO_FEW, WITHHELD, "Peer ben", "Peer cleo", "Peer dan"] {
        assert!(!html.contains(hidden), "{hidden}");
    }
}

#[test]
fn two_peers_are_enough_when_the_course_says_so() {
    let test = rated_by_peers(2, false).edit(
        "course.yaml",
        "name: Test Course\n",
        "name: Test Course\npeer_minimum: 2\n",
    );
    assert_eq!(peer_json(&test).to_string(), "2.5");
    let test = test.given(&["report", "amara", "-o", "amara.html"]);
    let html = read(&test, "amara.html");
    assert!(html.contains("Your peers rated you <strong>2.50</strong>."));
    assert!(html.contains("Note ALPHA") && html.contains("Note BRAVO"));
    assert!(!html.contains(TOO_FEW) && !html.contains(WITHHELD));
}

/// Three peers in all, but one per session: the median hides who gave what, a session's words
/// would not (the session names the one peer in it), so they stay withheld.
#[test]
fn a_peers_words_need_enough_peers_in_that_session() {
    let test = rated_by_peers(3, true);
    assert_eq!(peer_json(&test).to_string(), "3.0");
    let test = test.given(&["report", "amara", "-o", "amara.html"]);
    let html = read(&test, "amara.html");
    assert!(html.contains("Your peers rated you <strong>3 · Proficient</strong>."));
    assert_eq!(html.matches(WITHHELD).count(), 3);
    for hidden in ["ALPHA", "BRAVO", "CHARLIE", "A fellow student"] {
        assert!(!html.contains(hidden), "{hidden}");
    }
}

/// Levels off the rubric's scale (1e308, 2.5 and −1e308 written by another tool) are left out
/// of the report, which says how many.
#[test]
fn a_report_leaves_out_levels_off_the_scale_and_says_so() {
    let test = crate::progress::edited_by_another_tool().env("TZ", "UTC");
    let before = test.files();
    let test = test.given(&["report", "amara", "-o", "amara.html"]);
    assert_eq!(new_files(&test, &before), ["amara.html"]);
    let html = read(&test, "amara.html");
    for shown in [
        "<p class=\"flag\">3 recorded scores are not on their rubric&#39;s scale and were left out; your instructors can find them with rapport doctor.</p>",
        "<strong>2.22</strong> Developing",
        "<span class=\"meta\">· 2.00 Developing · 1 assessment</span></summary>",
        "<span class=\"meta\">· 2.65 Developing · 2 assessments</span></summary>",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    let page = without_css(&html);
    for hidden in [
        "1e308",
        "00000000000",
        "NaN",
        "inf",
        "2.5",
        "You rated yourself",
    ] {
        assert!(!page.contains(hidden), "{hidden}");
    }
    let test = test.given(&["report", "--all", "-o", "all"]);
    let overview = read(&test, "all/index.html");
    assert!(
        overview.contains(">2.22<"),
        "the cohort overview uses the same values"
    );
    assert!(!overview.contains("00000000000") && !overview.contains("NaN"));
    assert!(overview.contains(
        "<p class=\"flag\">3 recorded scores are not on their rubric&#39;s scale and were left out; run rapport doctor to find them.</p>"
    ));
}
