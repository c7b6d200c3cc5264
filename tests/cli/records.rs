//! Record management: `student edit|restore`, `session edit`, `instructor edit`, the change
//! records they keep (who and when: `RAPPORT_USER`, else the OS user) and `history` showing
//! them; `session list`'s counts; the migration that adds the change records to an older
//! gradebook. Times vary from run to run: they are checked for their shape, then masked.

use crate::support::Test;

/// A course with Amara (all fields) and Ben (name only), instructor Jo and session s1, every
/// change made as `mo`.
fn course() -> Test {
    course_on(Test::with_fixture("minimal"))
}

/// `course` on `base`, a copy of the minimal course.
fn course_on(base: Test) -> Test {
    base.env("RAPPORT_USER", "mo")
        .given(&[
            "student",
            "add",
            "amara",
            "--name",
            "Amara Okafor",
            "--email",
            "amara@example.org",
            "--cohort",
            "2026-autumn",
        ])
        .given(&["student", "add", "ben", "--name", "Ben Li"])
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
}

/// Runs one command and asserts its whole outcome; returns the course for more.
fn step(test: Test, args: &[&str], code: i32, stdout: &str, stderr: &str) -> Test {
    let test = test.args(args);
    test.expect(code, stdout, stderr);
    test
}

/// Runs a command that must be refused with `stderr` (exit `code`) and change no byte.
fn refused(test: Test, args: &[&str], code: i32, stderr: &str) -> Test {
    let before = test.snapshot();
    let test = step(test, args, code, "", stderr);
    assert_eq!(test.snapshot(), before, "{args:?} changed a file");
    test
}

fn shaped(text: &str, shape: &str) -> bool {
    text.len() == shape.len()
        && text.chars().zip(shape.chars()).all(|(c, s)| match s {
            'd' => c.is_ascii_digit(),
            _ => c == s,
        })
}

/// A command's standard output (it must succeed), with the
/// local times that start history entries (`YYYY-MM-DD HH:MM`) replaced by `<time>`, and the
/// `"at"` and `"recorded_at"` times of JSON by `<at>`.
fn masked(test: &Test, args: &[&str]) -> String {
    let lines: Vec<String> = test
        .ok(args)
        .lines()
        .map(|line| {
            if line
                .get(..16)
                .is_some_and(|t| shaped(t, "dddd-dd-dd dd:dd"))
            {
                return format!("<time>{}", &line[16..]);
            }
            for key in ["\"at\": \"", "\"recorded_at\": \""] {
                if let Some(start) = line.find(key) {
                    let value = &line[start + key.len()..];
                    assert!(shaped(&value[..21], "dddd-dd-ddTdd:dd:ddZ\""), "{line}");
                    return format!("{}{key}<at>{}", &line[..start], &value[20..]);
                }
            }
            line.to_owned()
        })
        .collect();
    lines.join("\n") + "\n"
}

// ---------------------------------------------------------------------------------------------
// student edit

#[test]
fn student_edit_changes_what_is_given_and_history_keeps_the_old_values() {
    let test = step(
        course(),
        &[
            "student", "edit", "AMARA", "--name", "Amara O.", "--email", "",
        ],
        0,
        "",
        "edited student `amara`: name Amara Okafor → Amara O.; email amara@example.org → none\n",
    );
    let test = step(
        test,
        &["student", "show", "amara"],
        0,
        "Amara O. (amara)\ncohort: 2026-autumn\n",
        "",
    );
    let test = step(
        test,
        &["student", "edit", "amara", "--cohort", "2027-spring"],
        0,
        "",
        "edited student `amara`: cohort 2026-autumn → 2027-spring\n",
    );
    assert_eq!(
        masked(&test, &["history", "amara"]),
        "history of Amara O. (amara)

<time>  edited by `mo`:
  cohort: 2026-autumn → 2027-spring

<time>  edited by `mo`:
  name: Amara Okafor → Amara O.
  email: amara@example.org → none
"
    );
    assert_eq!(
        masked(&test, &["history", "amara", "--json"]),
        r#"[
  {
    "subject": "student",
    "id": "amara",
    "change": "edit",
    "by": "mo",
    "at": "<at>",
    "fields": [
      {
        "field": "cohort",
        "old": "2026-autumn",
        "new": "2027-spring"
      }
    ]
  },
  {
    "subject": "student",
    "id": "amara",
    "change": "edit",
    "by": "mo",
    "at": "<at>",
    "fields": [
      {
        "field": "name",
        "old": "Amara Okafor",
        "new": "Amara O."
      },
      {
        "field": "email",
        "old": "amara@example.org",
        "new": null
      }
    ]
  }
]
"#
    );
}

#[test]
fn editing_to_the_same_values_says_unchanged_and_records_nothing() {
    let test = course();
    let before = test.snapshot();
    let test = step(
        test,
        &[
            "student",
            "edit",
            "amara",
            "--name",
            " Amara Okafor ",
            "--cohort",
            "2026-autumn",
        ],
        0,
        "",
        "student `amara` unchanged: it already has these details\n",
    );
    let test = step(
        test,
        &["student", "edit", "ben", "--email", ""],
        0,
        "",
        "student `ben` unchanged: it already has these details\n",
    );
    let test = step(
        test,
        &["session", "edit", "s1", "--title", "T", "--kind", "LIVE"],
        0,
        "",
        "session `s1` unchanged: it already has these details\n",
    );
    let test = step(
        test,
        &["instructor", "edit", "jo", "--name", "Jo"],
        0,
        "",
        "instructor `jo` unchanged: it already has this name\n",
    );
    assert_eq!(test.snapshot(), before);
    assert_eq!(
        masked(&test, &["history", "ben"]),
        "history of Ben Li (ben)\nnothing recorded yet\n"
    );
}

#[test]
fn student_edit_refuses_bad_input_and_writes_nothing() {
    let test = refused(
        course(),
        &["student", "edit", "amra", "--name", "A"],
        1,
        "error: unknown student `amra`, did you mean `amara`?\n  hint: add them with `rapport student add amra --name \"…\"`\n",
    );
    let test = refused(
        test,
        &["student", "edit", "amara", "--name", " "],
        1,
        "error: `--name` is empty\n",
    );
    let test = refused(
        test,
        &["student", "edit", "amara", "--email", "a\u{7}@example.org"],
        1,
        "error: `--email` holds the control character U+0007 (bell) at character 2; remove it\n",
    );
    let db = test.db_in_usage();
    refused(
        test,
        &["student", "edit", "amara"],
        2,
        &format!(
            "error: the following required arguments were not provided:
  <--name <NAME>|--email <EMAIL>|--cohort <COHORT>>

Usage: rapport student edit {db}<--name <NAME>|--email <EMAIL>|--cohort <COHORT>> <ID>

For more information, try '--help'.
"
        ),
    );
    // Without a gradebook, nothing is created.
    let test = Test::with_fixture("minimal");
    let files = test.files();
    let test = refused(
        test,
        &["student", "edit", "amara", "--name", "A"],
        1,
        "error: unknown student `amara`\n  hint: add them with `rapport student add amara --name \"…\"`\n",
    );
    assert_eq!(test.files(), files);
}

// ---------------------------------------------------------------------------------------------
// archive, restore

#[test]
fn restore_brings_an_archived_student_back_and_history_shows_both() {
    let test = step(
        course(),
        &["student", "archive", "ben"],
        0,
        "",
        "archived student `ben` (Ben Li); their records stay\n",
    );
    // An archived student may be edited; they stay archived.
    let test = step(
        test,
        &["student", "edit", "ben", "--name", "Ben Lee"],
        0,
        "",
        "edited student `ben`: name Ben Li → Ben Lee (still archived)\n",
    );
    let test = step(
        test,
        &["student", "list", "--include-archived"],
        0,
        "ID     NAME          EMAIL              COHORT       STATUS
amara  Amara Okafor  amara@example.org  2026-autumn
ben    Ben Lee                                       archived
",
        "",
    );
    let test = step(
        test,
        &["student", "restore", "ben"],
        0,
        "",
        "restored student `ben` (Ben Lee); they are back in lists and reports\n",
    );
    let test = step(
        test,
        &["student", "list"],
        0,
        "ID     NAME          EMAIL              COHORT
amara  Amara Okafor  amara@example.org  2026-autumn
ben    Ben Lee
",
        "",
    );
    assert_eq!(
        masked(&test, &["history", "ben"]),
        "history of Ben Lee (ben)

<time>  restored by `mo`

<time>  edited by `mo`:
  name: Ben Li → Ben Lee

<time>  archived by `mo`
"
    );
    let json = masked(&test, &["history", "ben", "--json"]);
    assert!(
        json.starts_with(
            r#"[
  {
    "subject": "student",
    "id": "ben",
    "change": "restore",
    "by": "mo",
    "at": "<at>",
    "fields": []
  },"#
        ),
        "{json}"
    );
}

#[test]
fn restoring_a_student_who_is_not_archived_is_refused() {
    let test = refused(
        course(),
        &["student", "restore", "amara"],
        1,
        "error: student `amara` is not archived; there is nothing to restore\n  hint: `rapport student archive amara` archives them\n",
    );
    refused(
        test,
        &["student", "restore", "amarra"],
        1,
        "error: unknown student `amarra`, did you mean `amara`?\n  hint: add them with `rapport student add amarra --name \"…\"`\n",
    );
}

#[test]
fn history_interleaves_record_changes_with_assessments_by_time() {
    let test = course()
        .given(&["student", "archive", "ben"])
        .given(&["student", "restore", "ben"]);
    // A second apart, so that the order is the clock's.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let test = test.given(&[
        "score",
        "ben",
        "--rubric",
        "oral-communication",
        "--session",
        "s1",
        "--by",
        "jo",
        "direction=2",
        "listening=3",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let test = test.given(&["student", "edit", "ben", "--cohort", "2026-autumn"]);
    assert_eq!(
        masked(&test, &["history", "ben"]),
        "history of Ben Li (ben)

<time>  edited by `mo`:
  cohort: none → 2026-autumn

<time>  scored: `oral-communication` in session `s1` (2026-09-02) by `jo` (instructor)
  direction: 2
  listening: 3

<time>  restored by `mo`

<time>  archived by `mo`
"
    );
}

#[test]
fn who_is_rapport_user_else_the_os_user() {
    let test = Test::with_fixture("minimal")
        .env("RAPPORT_USER", "")
        .env("USER", "sam")
        .given(&["student", "add", "ben", "--name", "Ben"])
        .given(&["student", "archive", "ben"]);
    let test = test
        .env("RAPPORT_USER", "Jo Park")
        .given(&["student", "restore", "ben"]);
    assert_eq!(
        masked(&test, &["history", "ben"]),
        "history of Ben (ben)\n\n<time>  restored by `Jo Park`\n\n<time>  archived by `sam`\n"
    );
}

#[test]
fn roster_import_update_is_kept_as_an_edit() {
    let test = course()
        .write("roster.csv", "id,name,cohort\namara,Amara O.,2026-autumn\n")
        .given(&["student", "import", "roster.csv", "--update"]);
    assert_eq!(
        masked(&test, &["history", "amara"]),
        "history of Amara O. (amara)\n\n<time>  edited by `mo`:\n  name: Amara Okafor → Amara O.\n"
    );
}

// ---------------------------------------------------------------------------------------------
// session edit, session list

#[test]
fn session_edit_changes_title_date_kind_and_artist() {
    let test = step(
        course(),
        &[
            "session",
            "edit",
            "S1",
            "--title",
            "Vocal tracking",
            "--kind",
            "team",
            "--artist",
            "Nadia",
        ],
        0,
        "",
        "edited session `s1`: title T → Vocal tracking; kind live → team; artist none → Nadia\n",
    );
    let test = step(
        test,
        &[
            "session",
            "edit",
            "s1",
            "--date",
            "2026-09-03",
            "--artist",
            "",
        ],
        0,
        "",
        "edited session `s1`: date 2026-09-02 → 2026-09-03; artist Nadia → none\n",
    );
    let test = step(
        test,
        &["session", "show", "s1"],
        0,
        "s1 (2026-09-03): Vocal tracking\nteam session\nedited 2 times since it was added: `rapport history --session s1` shows what\nnothing scored yet\n",
        "",
    );
    assert_eq!(
        masked(&test, &["history", "--session", "s1"]),
        "history of session `s1` (2026-09-03, Vocal tracking)

<time>  edited by `mo`:
  date: 2026-09-02 → 2026-09-03
  artist: Nadia → none

<time>  edited by `mo`:
  title: T → Vocal tracking
  kind: live → team
  artist: none → Nadia
"
    );
    let json = masked(&test, &["history", "--session", "s1", "--json"]);
    assert!(
        json.starts_with(
            r#"[
  {
    "subject": "session",
    "id": "s1",
    "change": "edit",
    "by": "mo",
    "at": "<at>",
    "fields": [
      {
        "field": "date",
        "old": "2026-09-02",
        "new": "2026-09-03"
      },"#
        ),
        "{json}"
    );
}

#[test]
fn session_edit_refuses_bad_input_and_writes_nothing() {
    let test = refused(
        course(),
        &["session", "edit", "s1", "--date", "2026-02-30"],
        1,
        "error: `2026-02-30` is not a date; write it as YYYY-MM-DD, e.g. 2026-09-14\n",
    );
    let test = refused(
        test,
        &["session", "edit", "s1", "--title", ""],
        1,
        "error: `--title` is empty\n  hint: a session keeps a title; give the new one\n",
    );
    let test = refused(
        test,
        &["session", "edit", "s2", "--title", "X"],
        1,
        "error: unknown session `s2`, did you mean `s1`?\n  hint: add it with `rapport session add s2 --date YYYY-MM-DD --kind live --title \"…\"`\n",
    );
    let test = refused(
        test,
        &["session", "edit", "s1", "--kind", "concert"],
        2,
        "error: invalid value 'concert' for '--kind <KIND>'\n  [possible values: live, team, mentorship, etiquette, other]\n\nFor more information, try '--help'.\n",
    );
    assert_eq!(
        masked(&test, &["history", "--session", "s1"]),
        "history of session `s1` (2026-09-02, T)\nno changes since it was added\n"
    );
}

#[test]
fn session_list_counts_what_was_scored() {
    let test = course()
        .given(&[
            "session",
            "add",
            "s2",
            "--date",
            "2026-09-09",
            "--kind",
            "team",
            "--title",
            "U",
        ])
        .given(&["instructor", "add", "sam", "--name", "Sam"])
        .scored("amara", "jo", &["direction=3", "listening=4"])
        .scored("amara", "sam", &["direction=3", "listening=3"])
        .scored("ben", "jo", &["direction=2", "listening=2"])
        .scored("amara", "amara", &["--self", "direction=4", "listening=4"]);
    let test = step(
        test,
        &["session", "list"],
        0,
        "ID  DATE        KIND  TITLE  ARTIST  STUDENTS  ASSESSMENTS  INSTRUCTORS
s1  2026-09-02  live  T              2         4            2
s2  2026-09-09  team  U              0         0            0
",
        "",
    );
    let json = test.ok(&["session", "list", "--json"]);
    assert!(
        json.starts_with(
            r#"[
  {
    "id": "s1",
    "date": "2026-09-02",
    "kind": "live",
    "title": "T",
    "artist": null,
    "assessment_count": 4,
    "student_count": 2,
    "instructor_count": 2
  },"#
        ),
        "{json}"
    );
}

// ---------------------------------------------------------------------------------------------
// instructor edit

#[test]
fn instructor_edit_renames_and_history_shows_it() {
    let test = step(
        course(),
        &["instructor", "edit", "JO", "--name", "Jo Park"],
        0,
        "",
        "edited instructor `jo`: name Jo → Jo Park\n",
    );
    let test = step(
        test,
        &["instructor", "list"],
        0,
        "ID  NAME\njo  Jo Park\n",
        "",
    );
    assert_eq!(
        masked(&test, &["history", "--instructor", "jo"]),
        "history of instructor `jo` (Jo Park)\n\n<time>  edited by `mo`:\n  name: Jo → Jo Park\n"
    );
    let test = refused(
        test,
        &["instructor", "edit", "joe", "--name", "X"],
        1,
        "error: unknown instructor `joe`, did you mean `jo`?\n  hint: register them with `rapport instructor add joe --name \"…\"`\n",
    );
    let test = refused(
        test,
        &["instructor", "edit", "jo", "--name", ""],
        1,
        "error: `--name` is empty\n",
    );
    refused(
        test,
        &["history", "--instructor", "joe"],
        1,
        "error: unknown instructor `joe`, did you mean `jo`?\n  hint: register them with `rapport instructor add joe --name \"…\"`\n",
    );
}

#[test]
fn history_takes_one_subject() {
    let test = course();
    let db = test.db_in_usage();
    let test = refused(
        test,
        &["history", "amara", "--session", "s1"],
        2,
        &format!(
            "error: the argument '[STUDENT]' cannot be used with '--session <SESSION>'

Usage: rapport history {db}<STUDENT|--session <SESSION>|--instructor <INSTRUCTOR>>

For more information, try '--help'.
"
        ),
    );
    refused(
        test,
        &["history"],
        2,
        &format!(
            "error: the following required arguments were not provided:
  <STUDENT|--session <SESSION>|--instructor <INSTRUCTOR>>

Usage: rapport history {db}<STUDENT|--session <SESSION>|--instructor <INSTRUCTOR>>

For more information, try '--help'.
"
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// An older gradebook

/// A gradebook of schema version 1 (before change records), with Ben archived: made by this
/// rapport, then taken back to version 1 by removing what migrations 2 and 4 added.
fn version_1_gradebook() -> Test {
    // A PostgreSQL gradebook starts at schema version 3: an older one is an SQLite file.
    let test =
        course_on(Test::with_fixture("minimal").on_sqlite()).given(&["student", "archive", "ben"]);
    let conn = rusqlite::Connection::open(test.path("rapport.db")).unwrap();
    conn.execute_batch(
        "DROP TABLE badge_credential; DROP TABLE record_change_field; DROP TABLE record_change;
         DROP INDEX student_sourced_id; DROP INDEX instructor_sourced_id;
         ALTER TABLE student DROP COLUMN sourced_id; ALTER TABLE instructor DROP COLUMN sourced_id;
         PRAGMA user_version = 1; PRAGMA journal_mode = DELETE;",
    )
    .unwrap();
    drop(conn);
    test
}

#[test]
fn a_reader_shows_an_older_gradebook_without_changes_and_does_not_upgrade_it() {
    let test = version_1_gradebook();
    let before = test.snapshot();
    assert_eq!(
        masked(&test, &["history", "ben"]),
        "history of Ben Li (ben)\nnothing recorded yet\n"
    );
    assert_eq!(
        masked(&test, &["history", "--session", "s1"]),
        "history of session `s1` (2026-09-02, T)\nno changes since it was added\n"
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_writer_upgrades_an_older_gradebook_keeping_earlier_archiving_by_an_unknown_hand() {
    let test = version_1_gradebook();
    let archived_at = test.sql_value("SELECT archived_at FROM student WHERE id = 'ben'");
    let test = test.given(&["student", "restore", "ben"]);
    let version: i64 = rusqlite::Connection::open(test.path("rapport.db"))
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert!(version >= 2, "{version}");
    assert_eq!(
        masked(&test, &["history", "ben"]),
        "history of Ben Li (ben)\n\n<time>  restored by `mo`\n\n<time>  archived (by whom was not recorded)\n"
    );
    let json = test.ok(&["history", "ben", "--json"]);
    assert!(
        json.contains(&format!(
            "\"change\": \"archive\",\n    \"by\": null,\n    \"at\": \"{archived_at}\""
        )),
        "{json}"
    );
}

// ---------------------------------------------------------------------------------------------
// --course and --db: before or after the command, only where a command uses them

#[test]
fn course_and_db_work_before_and_after_the_command() {
    let test = course();
    let expected = "ID     NAME          EMAIL              COHORT
amara  Amara Okafor  amara@example.org  2026-autumn
ben    Ben Li
";
    // The gradebook beside course.yaml, or on the PostgreSQL run the test's schema.
    let db = test
        .database_url()
        .unwrap_or_else(|| "../rapport.db".to_owned());
    let test = test.cwd("elsewhere");
    for args in [
        &["--course", "..", "student", "list"][..],
        &["student", "--course", "..", "list"],
        &["student", "list", "--course", ".."],
        &["--db", &db, "student", "list"],
        &["student", "list", "--db", &db],
    ] {
        assert_eq!(test.ok(args), expected, "{args:?}");
    }
    // The one given after the command wins, as the nearer one; the environment comes last.
    let test = test.env("RAPPORT_COURSE", "nowhere");
    assert_eq!(
        test.ok(&["--course", "nowhere", "student", "list", "--course", ".."]),
        expected
    );
    assert_eq!(test.ok(&["--course", "..", "student", "list"]), expected);
}

#[test]
fn commands_that_use_no_course_refuse_course_and_db() {
    for (args, name, flag) in [
        (&["--course", "x", "init", "new"][..], "init", "--course"),
        (&["--db", "x.db", "demo"], "demo", "--db"),
        (&["--course", "x", "schema", "rubric"], "schema", "--course"),
        (&["--db", "x.db", "man"], "man", "--db"),
        (
            &["--course", "x", "completions", "bash"],
            "completions",
            "--course",
        ),
    ] {
        let test = Test::new().args(args);
        let out = test.run();
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (
                2,
                "",
                format!(
                    "error: `{flag}` is not used by `rapport {name}`; leave it out\n\nUsage: rapport [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n"
                )
                .as_str()
            ),
            "{args:?}"
        );
        assert!(test.files().is_empty());
    }
    let out = Test::new().args(&["init", "new", "--course", "x"]).run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: unexpected argument '--course' found\n"),
        "{}",
        out.stderr
    );
    // The environment is not the command line: it stays harmless.
    let test = Test::new()
        .env("RAPPORT_DB", "x.db")
        .args(&["schema", "course"]);
    assert_eq!(test.run().code, 0);
}
