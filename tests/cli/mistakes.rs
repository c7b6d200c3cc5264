//! Mistakes get help (issue 11, point 5): level labels with a typo, `--date today` and
//! `yesterday`, session dates more than a year away, an import that reports every problem in
//! one run with unknown names grouped, semicolon-separated CSV files with decimal commas, and
//! sessions that keep their title and kind through export → import.
//!
//! The tests run with `SOURCE_DATE_EPOCH=1764000000` (see `support::in_dir`): "today" is
//! 2025-11-24.

use std::fmt::Write as _;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use crate::support::{Test, assert_whole_snapshot, on_terminal, score_in_s1};

/// The scores CSV header as `export` writes it.
const EXPORT_HEADER: &str = "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n";

/// A rubric with a half level, for decimal commas.
const VALUES: &str = "title: Values
levels:
  - { score: 1, label: Beginning }
  - { score: 2, label: Milestone }
  - { score: 3, label: Accomplished }
  - { score: 3.5, label: Capstone }
mastery_level: 3
criteria:
  - id: tone
    title: Tone
    descriptors: { 1: Harsh., 2: Neutral., 3: Warm., 3.5: Warm and firm. }
";

/// `with_people` with students ben, bea and carla, instructor sam, and the `values` rubric.
fn class() -> Test {
    Test::with_people()
        .write("rubrics/values.yaml", VALUES)
        .edit(
            "curriculum/talkback.yaml",
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-communication, values]",
        )
        .given(&["student", "add", "ben", "--name", "Ben"])
        .given(&["student", "add", "bea", "--name", "Bea"])
        .given(&["student", "add", "carla", "--name", "Carla"])
        .given(&["instructor", "add", "sam", "--name", "Sam"])
}

/// Runs `import FILE` after writing FILE, and asserts it is refused with `stderr` and changes
/// nothing at all.
fn refused_import(test: Test, file: &str, csv: &str, stderr: &str) -> Test {
    let test = test.write(file, csv);
    let before = test.snapshot();
    let test = test.args(&["import", file]);
    test.expect(1, "", stderr);
    assert_eq!(test.snapshot(), before, "nothing was written");
    test
}

#[test]
fn editing_a_session_to_a_far_date_asks_too() {
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
    let mut session = spawn_session(&test, &["session", "edit", "s1", "--date", "2052-11-20"]);
    session
        .exp_string(
            "2052-11-20 is more than a year after today (2025-11-24). Is that the date of `s1`?",
        )
        .expect("the question");
    session.send("n\r").expect("send");
    session.flush().expect("flush");
    let (exit, rest) = finish(session);
    assert_eq!(exit, 1, "{rest}");
    assert!(
        rest.contains(
            "error: session `s1` was not changed: 2052-11-20 is more than a year after today (2025-11-24)"
        ),
        "{rest}"
    );
    assert_eq!(test.snapshot(), before, "nothing was written");

    // Without a terminal: accepted, with a warning.
    let test = test.args(&["session", "edit", "s1", "--date", "2052-11-20"]);
    test.expect(
        0,
        "",
        "warning: 2052-11-20 is more than a year after today (2025-11-24); session `s1` now has it: check the date\nedited session `s1`: date 2025-11-20 → 2052-11-20\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Level labels with a typo

#[test]
fn a_level_label_with_a_typo_gets_did_you_mean_in_score_and_import() {
    let test = Test::with_people();
    let before = test.snapshot();
    let test = test.args(&score_in_s1(
        "amara",
        "jo",
        &["direction=Proficent", "listening=3"],
    ));
    test.expect(
        1,
        "",
        "error: `direction`: `Proficent` is not a level of `oral-communication`, did you mean `Proficient`?\n",
    );
    assert_eq!(test.snapshot(), before);
    // Nothing near: the levels are listed, as before.
    let test = test.args(&score_in_s1(
        "amara",
        "jo",
        &["direction=Superb", "listening=3"],
    ));
    test.expect(
        1,
        "",
        "error: `direction`: `Superb` is not a level of `oral-communication`; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)\n",
    );
    refused_import(
        test,
        "scores.csv",
        "session,student,rater,rubric,criterion,level
s1,amara,jo,oral-communication,direction,Proficent
s1,amara,jo,oral-communication,listening,Exemplery
",
        "\
scores.csv: 2 unknown levels of `oral-communication` used in 2 rows: `Exemplery`, `Proficent`; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)
  `Exemplery` on row 3, did you mean `Exemplary`?
  `Proficent` on row 2, did you mean `Proficient`?
error: scores.csv: 2 rows are invalid; nothing was recorded
",
    );
}

// ---------------------------------------------------------------------------------------------
// Dates: today, yesterday, and more than a year away

#[test]
fn today_and_yesterday_are_dates_wherever_a_date_is_taken() {
    let test = Test::with_fixture("minimal")
        .given(&[
            "session", "add", "t", "--date", "today", "--kind", "live", "--title", "Today",
        ])
        .given(&[
            "session",
            "add",
            "y",
            "--date",
            "Yesterday",
            "--kind",
            "team",
            "--title",
            "Before",
        ]);
    let test = test.args(&["session", "list"]);
    test.expect(
        0,
        "ID  DATE        KIND  TITLE   ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS\ny   2025-11-23  team  Before          0         0            0\nt   2025-11-24  live  Today           0         0            0\n",
        "",
    );
    let test = test.args(&["agreement", "--since", "yesterday"]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let test = test.args(&["agreement", "--since", "tomorrow"]);
    test.expect(
        1,
        "",
        "error: --since: `tomorrow` is not a date; write it as YYYY-MM-DD (e.g. 2026-09-14), `today` or `yesterday`\n",
    );
}

#[test]
fn a_session_date_more_than_a_year_away_is_accepted_with_a_warning_without_a_terminal() {
    let mut test = Test::with_fixture("minimal");
    for (id, date, stderr) in [
        (
            "old",
            "2024-11-23",
            "warning: 2024-11-23 is more than a year before today (2025-11-24); session `old` is recorded with it: check the date\nadded session `old` on 2024-11-23 (T)\n",
        ),
        (
            "far",
            "2026-11-25",
            "warning: 2026-11-25 is more than a year after today (2025-11-24); session `far` is recorded with it: check the date\nadded session `far` on 2026-11-25 (T)\n",
        ),
        // A year to the day, either way, is near enough.
        (
            "edge",
            "2024-11-24",
            "added session `edge` on 2024-11-24 (T)\n",
        ),
        (
            "next",
            "2026-11-24",
            "added session `next` on 2026-11-24 (T)\n",
        ),
    ] {
        test = test.args(&[
            "session", "add", id, "--date", date, "--kind", "live", "--title", "T",
        ]);
        test.expect(0, "", stderr);
    }
    let test = test.args(&["session", "list"]);
    test.expect(
        0,
        "\
ID    DATE        KIND  TITLE  ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS
old   2024-11-23  live  T              0         0            0
edge  2024-11-24  live  T              0         0            0
next  2026-11-24  live  T              0         0            0
far   2026-11-25  live  T              0         0            0
",
        "",
    );
}

/// `rapport session add s1 --date DATE …` on a pseudo-terminal.
fn spawn_add(test: &Test, date: &str) -> PtySession {
    spawn_session(
        test,
        &[
            "session", "add", "s1", "--date", date, "--kind", "live", "--title", "T",
        ],
    )
}

/// `rapport ARGS` on a pseudo-terminal.
fn spawn_session(test: &Test, args: &[&str]) -> PtySession {
    let mut command = test.in_dir("sh");
    command
        .env("TERM", "xterm")
        .args(["-c", "stty cols 100 rows 40 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .args(args);
    on_terminal(command)
}

fn finish(mut session: PtySession) -> (i32, String) {
    let rest = session.exp_eof().expect("rapport ends");
    match session.process().wait().expect("wait for rapport") {
        WaitStatus::Exited(_, code) => (code, rest),
        other => panic!("rapport ended with {other:?}"),
    }
}

#[test]
fn on_a_terminal_a_far_date_is_asked_about_and_no_or_ctrl_c_records_nothing() {
    let test = Test::with_fixture("minimal").given(&["instructor", "add", "jo", "--name", "Jo"]);
    let question =
        "2019-09-02 is more than a year before today (2025-11-24). Is that the date of `s1`?";
    for (keys, code, said) in [
        (
            "n\r",
            1,
            "error: session `s1` was not recorded: 2019-09-02 is more than a year before today (2025-11-24)",
        ),
        (
            "\r",
            1,
            "hint: give the date it took place with `--date YYYY-MM-DD` (or `today`, `yesterday`)",
        ),
        ("\x03", 130, "error: interrupted; nothing was recorded"),
    ] {
        let before = test.snapshot();
        let mut session = spawn_add(&test, "2019-09-02");
        session.exp_string(question).expect("the question");
        session.send(keys).expect("send");
        session.flush().expect("flush");
        let (exit, rest) = finish(session);
        assert_eq!(exit, code, "{keys:?}: {rest}");
        assert!(rest.contains(said), "{keys:?}: {rest}");
        assert_eq!(test.snapshot(), before, "{keys:?}: nothing was written");
    }
    let mut session = spawn_add(&test, "2019-09-02");
    session.exp_string(question).expect("the question");
    session.send("y\r").expect("send");
    session.flush().expect("flush");
    let (exit, rest) = finish(session);
    assert_eq!(exit, 0, "{rest}");
    assert!(
        rest.contains("added session `s1` on 2019-09-02 (T)"),
        "{rest}"
    );
    let test = test.args(&["session", "list"]);
    test.expect(
        0,
        "ID  DATE        KIND  TITLE  ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS\ns1  2019-09-02  live  T              0         0            0\n",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Import: every problem in one run, grouped

#[test]
fn import_reports_every_kind_of_problem_in_one_run_with_unknown_names_grouped() {
    // Unknown students on many rows (one near a known name), unknown instructors on rows whose
    // students are unknown too (found in the same run), an unknown session without a date,
    // rubrics, criteria and levels; then what belongs to one row alone.
    let mut csv = String::from("session,date,student,rater,rubric,criterion,level\n");
    for n in 0..9 {
        let student = ["amra", "zed", "yan"][n % 3];
        let _ = writeln!(
            csv,
            "s1,,{student},jo,oral-communication,direction,{}",
            n % 4 + 1
        );
    }
    csv.push_str(
        "\
s1,,zed,kim,oral-communication,listening,2
s1,,ben,kim,oral-communication,listening,2
s1,,ben,sma,oral-communication,direction,2
s9,,ben,jo,oral-communication,direction,2
s1,,ben,jo,oral-comunication,direction,2
s1,,ben,jo,oral-communication,diretion,2
s1,,ben,jo,values,tone,3,5
s1,,ben,jo,oral-communication,listening,
s1,,ben,jo,oral-communication,listening,
s1,2026-01-01,bea,jo,oral-communication,direction,2
",
    );
    let test = class().write("scores.csv", &csv);
    let before = test.snapshot();
    let test = test.args(&["import", "scores.csv"]);
    let out = test.run();
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
    assert_whole_snapshot!("grouped_import_report", &out.stderr);
    assert_eq!(test.snapshot(), before, "nothing was written");
}

#[test]
fn the_rows_of_an_unknown_name_are_listed_up_to_five_then_counted() {
    let mut csv = String::from("session,student,rater,rubric,criterion,level\n");
    for _ in 0..4 {
        csv.push_str(
            "s1,zed,jo,oral-communication,direction,2\ns1,zed,jo,oral-communication,listening,2\n",
        );
    }
    csv.push_str("s1,amra,jo,oral-communication,direction,2\n");
    refused_import(
        Test::with_people(),
        "scores.csv",
        &csv,
        "\
scores.csv: 2 unknown students used in 9 rows: `amra`, `zed`; add them to the roster first (`rapport student add` or `rapport student import`)
  `amra` on row 10, did you mean `amara`?
  `zed` on rows 2, 3, 4, 5, 6 and 3 more
error: scores.csv: 9 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn past_twenty_unknown_names_of_a_kind_are_counted() {
    let mut csv = String::from("session,student,rater,rubric,criterion,level\n");
    for i in 1..=1_203 {
        let _ = writeln!(csv, "s1,x{i:04},jo,oral-communication,direction,2");
    }
    let mut expected = String::from("scores.csv: 1,203 unknown students used in 1,203 rows: ");
    let listed: Vec<String> = (1..=20).map(|i| format!("`x{i:04}`")).collect();
    expected.push_str(&listed.join(", "));
    expected.push_str(
        " and 1,183 more; add them to the roster first (`rapport student add` or `rapport student import`)\n",
    );
    for i in 1..=20 {
        let _ = writeln!(expected, "  `x{i:04}` on row {}", i + 1);
    }
    expected.push_str(
        "  and 1,183 more unknown students, each on its rows in `--errors FILE`\n\
error: scores.csv: 1,203 rows are invalid; nothing was recorded\n",
    );
    refused_import(Test::with_people(), "scores.csv", &csv, &expected);
}

// ---------------------------------------------------------------------------------------------
// Semicolon-separated files

#[test]
fn a_semicolon_file_with_a_sep_line_and_decimal_commas_is_recorded() {
    let csv = "sep=;\r
session;date;student;rater;rubric;criterion;level;note;comment\r
s1;;amara;jo;values;tone;3,5;\"Warm; firm\";Good, clear\r
s1;;amara;jo;oral-communication;direction;Proficient;;\r
s1;;amara;jo;oral-communication;listening;4;;\r
";
    let test = class().write("scores.csv", csv);
    let test = test.args(&["import", "scores.csv"]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 2 assessments, amended 0, unchanged 0 (3 scores written)\n",
    );
    let test = test.args(&["export"]);
    test.expect(
        0,
        &format!(
            "{EXPORT_HEADER}\
s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,,,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,4,,,T,live
s1,2026-09-02,amara,jo,instructor,values,tone,3.5,Warm; firm,\"Good, clear\",T,live
"
        ),
        "",
    );
}

#[test]
fn a_semicolon_header_without_a_sep_line_is_recognised_and_rows_numbered_from_it() {
    let csv = "\
session;student;rater;rubric;criterion;level
s1;amara;jo;values;tone;3,5
s1;zed;jo;values;tone;2
s1;amara;jo;values;tone;1;extra
";
    refused_import(
        class(),
        "scores.csv",
        csv,
        "\
scores.csv: unknown student `zed` on row 3; add them to the roster first (`rapport student add` or `rapport student import`)
scores.csv:4: this row has 7 cells but the header has 6; quote a cell that holds a semicolon (\"Good; clear\")
error: scores.csv: 2 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn a_decimal_comma_is_a_decimal_only_in_a_semicolon_file() {
    // In a comma file, `3,5` quoted is one cell that names no level.
    refused_import(
        class(),
        "scores.csv",
        "session,student,rater,rubric,criterion,level\ns1,amara,jo,values,tone,\"3,5\"\n",
        "\
scores.csv: unknown level `3,5` of `values` on row 2; use a score (1, 2, 3, 3.5) or a label (Beginning, Milestone, Accomplished, Capstone)
error: scores.csv: 1 row is invalid; nothing was recorded
",
    );
}

#[test]
fn a_sep_line_naming_another_separator_is_refused_saying_so() {
    let test = class();
    let before = test.snapshot();
    let test = test
        .write("scores.csv", "sep=|\nsession|student\n")
        .args(&["import", "scores.csv"]);
    test.expect(
        1,
        "",
        "error: scores.csv:1: `sep=|`: rapport reads cells separated by `,` or `;`\n  hint: save the file as CSV with commas (or semicolons) between cells\n",
    );
    let mut after = test.snapshot();
    after.remove("scores.csv");
    assert_eq!(after, before);
}

#[test]
fn a_semicolon_roster_is_read_too() {
    let test = Test::with_fixture("minimal").write(
        "roster.csv",
        "sep=;\nid;name;email;cohort\nana;\"Ana Lima; Jr\";ana@example.org;2026\nbo;Bo;;\n",
    );
    let test = test.args(&["student", "import", "roster.csv"]);
    test.expect(0, "", "roster.csv: added 2, updated 0, unchanged 0\n");
    let test = test.args(&["student", "list"]);
    test.expect(
        0,
        "ID   NAME          EMAIL            COHORT\nana  Ana Lima; Jr  ana@example.org  2026\nbo   Bo\n",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Sessions keep their title and kind

#[test]
fn sessions_created_by_import_take_their_title_and_kind_from_the_file() {
    let csv = "\
session,date,student,rater,rubric,criterion,level,session_title,session_kind
mix,2026-10-01,amara,jo,oral-communication,direction,2,Mixing with Nadia,Mentorship
mix,,amara,jo,oral-communication,listening,2,,
";
    let test = class()
        .write("scores.csv", csv)
        .given(&["import", "scores.csv"]);
    let test = test.args(&["session", "list"]);
    test.expect(
        0,
        "\
ID   DATE        KIND        TITLE              ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS
s1   2026-09-02  live        T                          0         0            0
mix  2026-10-01  mentorship  Mixing with Nadia          1         1            1
",
        "",
    );
}

#[test]
fn titles_and_kinds_that_disagree_with_a_session_are_refused_by_row() {
    let csv = "\
session,date,student,rater,rubric,criterion,level,session_title,session_kind
s1,,amara,jo,oral-communication,direction,2,Another title,team
new,2026-10-01,amara,jo,oral-communication,direction,2,First,live
new,,amara,jo,oral-communication,listening,2,Second,team
new,,ben,jo,oral-communication,listening,2,,jam
";
    refused_import(
        class(),
        "scores.csv",
        csv,
        "\
scores.csv:2: `session_title` `Another title` does not match session `s1` (`T`); correct it or leave it blank
scores.csv:2: `session_kind` `team` does not match session `s1` (`live`); correct it or leave it blank
scores.csv:4: new session `new` has the title `First` on line 3; one session has one title
scores.csv:4: new session `new` has the kind `live` on line 3; one session has one kind
scores.csv:5: `session_kind` must be `live`, `team`, `mentorship`, `etiquette`, `other`, not `jam`
error: scores.csv: 3 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn export_imported_into_a_new_gradebook_round_trips_sessions() {
    let test = class()
        .given(&[
            "session",
            "add",
            "drums",
            "--date",
            "2026-09-20",
            "--kind",
            "etiquette",
            "--title",
            "=Drums, \"live\"",
            "--artist",
            "Glass Harbour",
        ])
        .scored("amara", "jo", &["direction=3", "listening=2"])
        .given(&[
            "score",
            "ben",
            "--rubric",
            "values",
            "--session",
            "drums",
            "--by",
            "sam",
            "tone=3.5",
        ]);
    let export = test.ok(&["export"]);
    assert!(
        export.contains(",\"'=Drums, \"\"live\"\"\",etiquette\n"),
        "{export}"
    );
    let copy = Test::with_fixture("minimal")
        .write("rubrics/values.yaml", VALUES)
        .edit(
            "curriculum/talkback.yaml",
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-communication, values]",
        )
        .given(&["student", "add", "amara", "--name", "Amara"])
        .given(&["student", "add", "ben", "--name", "Ben"])
        .given(&["instructor", "add", "jo", "--name", "Jo"])
        .given(&["instructor", "add", "sam", "--name", "Sam"])
        .write("export.csv", &export)
        .given(&["import", "export.csv"]);
    assert_eq!(copy.ok(&["export"]), export);
    // Titles and kinds come back; an artist is not in the scores CSV.
    let copy = copy.args(&["session", "list"]);
    copy.expect(
        0,
        "\
ID     DATE        KIND       TITLE           ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS
s1     2026-09-02  live       T                       1         1            1
drums  2026-09-20  etiquette  =Drums, \"live\"          1         1            1
",
        "",
    );
}
