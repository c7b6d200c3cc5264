//! Gradebook tests: a gradebook written by an earlier release (tests/fixtures/gradebook-v2, with
//! what that release printed for it in tests/fixtures/gradebook-v2.expected) is read as it is by
//! the read-only commands, upgraded by the first command that writes, and prints the same after.

use std::fs;

use crate::support::{Test, fixture};

/// The read-only commands whose outputs the earlier release stored, as (arguments, file).
fn stored_outputs() -> Vec<(Vec<&'static str>, String)> {
    let mut outputs = vec![
        (vec!["export"], "export.csv".to_owned()),
        (vec!["export", "--format", "json"], "export.json".to_owned()),
        (vec!["check"], "check.txt".to_owned()),
    ];
    for student in ["adaeze-n", "hamish-n", "jose-g", "mateo-j", "noor-d"] {
        outputs.push((vec!["history", student], format!("history-{student}.txt")));
        outputs.push((
            vec!["--json", "progress", student],
            format!("progress-{student}.json"),
        ));
    }
    outputs
}

fn assert_prints_what_the_earlier_release_printed(test: &Test) {
    for (args, file) in stored_outputs() {
        let expected = fs::read_to_string(fixture("gradebook-v2.expected").join(&file)).unwrap();
        let printed = test.ok(&args);
        assert!(
            printed == expected,
            "`rapport {}` differs from {file}",
            args.join(" ")
        );
    }
}

fn schema_version(test: &Test) -> i64 {
    let conn = rusqlite::Connection::open(test.path("rapport.db")).unwrap();
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap()
}

/// The definitions of the gradebook's tables and indexes, as `SQLite` keeps them.
fn schema(test: &Test) -> Vec<String> {
    let conn = rusqlite::Connection::open(test.path("rapport.db")).unwrap();
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') ORDER BY name")
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_gradebook_of_the_earlier_schema_is_read_as_it_is_then_upgraded_to_the_same_outputs() {
    // An SQLite file of schema version 2: the gradebook is that file on either run.
    let test = Test::with_fixture("gradebook-v2").on_sqlite();
    assert_eq!(schema_version(&test), 2);
    let before = test.snapshot();
    // Read-only commands never migrate: the file stays as the earlier release left it.
    assert_prints_what_the_earlier_release_printed(&test);
    assert_eq!(test.snapshot(), before);

    // The first command that writes upgrades it, in the same run.
    test.ok(&["instructor", "add", "zed", "--name", "Zed"]);
    assert_eq!(schema_version(&test), 5);
    assert_prints_what_the_earlier_release_printed(&test);
    let doctor = test.ok(&["doctor"]);
    assert_eq!(
        doctor,
        format!(
            "gradebook {}
integrity: ok
references: ok
levels: every current score is on the scale of the rubric version it was scored with
rubrics: 1 warning (scores stay recorded; see `rapport check`)
  criterion `reflection` is no longer in rubric `emotional-awareness`: 14 recorded scores of it are left out of progress (history and export keep them)
no problems found
",
            test.path("rapport.db").display()
        )
    );

    // What migration 3 changed: hashes as 32 bytes, scores without a rowid, the index that
    // repeated `revision`'s unique key gone, two indexes added.
    let conn = rusqlite::Connection::open(test.path("rapport.db")).unwrap();
    let hashes: Vec<(String, i64)> = conn
        .prepare(
            "SELECT typeof(hash), length(hash) FROM rubric_version
             UNION ALL SELECT DISTINCT typeof(rubric_hash), length(rubric_hash) FROM revision",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        hashes.iter().all(|h| *h == ("blob".to_owned(), 32)),
        "{hashes:?}"
    );
    let score: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'score'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert!(score.ends_with("STRICT, WITHOUT ROWID"), "{score}");
    assert_eq!(
        schema(&test),
        [
            "assessment",
            "assessment_student",
            "badge_credential",
            "badge_credential_held",
            "badge_credential_student",
            "instructor",
            "instructor_sourced_id",
            "record_change",
            "record_change_field",
            "record_change_subject",
            "revision",
            "revision_rubric_hash",
            "rubric_version",
            "score",
            "score_criterion_level",
            "session",
            "sqlite_autoindex_assessment_1",
            "sqlite_autoindex_badge_credential_1",
            "sqlite_autoindex_instructor_1",
            "sqlite_autoindex_record_change_field_1",
            "sqlite_autoindex_revision_1",
            "sqlite_autoindex_rubric_version_1",
            // No `sqlite_autoindex_score_1`: the table is its primary key.
            "sqlite_autoindex_session_1",
            "sqlite_autoindex_student_1",
            "student",
            "student_sourced_id",
        ]
    );
    // What migration 4 added: a `sourced_id` beside every student and instructor, none given.
    let sourced: (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM student), (SELECT count(sourced_id) FROM student),
                    (SELECT count(sourced_id) FROM instructor)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(sourced, (5, 0, 0));
    let counts: (i64, i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM score), (SELECT count(*) FROM revision),
                    (SELECT count(*) FROM rubric_version), (SELECT count(*) FROM assessment)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .unwrap();
    assert_eq!(counts, (564, 120, 7, 119));
}

#[test]
fn scoring_upgrades_and_recognises_the_rubric_versions_recorded_before() {
    // An SQLite file of schema version 2: the gradebook is that file on either run.
    let test = Test::with_fixture("gradebook-v2").on_sqlite();
    let score = |test: Test, handoff: &str| {
        let handoff = format!("handoff={handoff}");
        let test = test.args(&[
            "score",
            "hamish-n",
            "--rubric",
            "professional-etiquette",
            "--session",
            "s01",
            "--by",
            "sam",
            "--amend",
            "--reason",
            "Checked the recording",
            "--note",
            "role-awareness=Gave the singer a performance note over the producer. Route ideas through the session lead.",
            "--note",
            "confidentiality=Lyric sheet still on the desk when the A&R came in.",
            "preparation=1",
            "talkback=2",
            "role-awareness=2",
            "confidentiality=2",
            &handoff,
        ]);
        let out = test.run();
        (test, out)
    };
    // What is recorded, again: the upgrade (in the same run) kept the version's hash, so the
    // assessment reads the same and nothing is added.
    let (test, out) = score(test, "3");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            0,
            "",
            "unchanged: `hamish-n` on `professional-etiquette` in `s01` by `sam` already reads preparation 1, talkback 2, role-awareness 2, confidentiality 2, handoff 3\n"
        )
    );
    assert_eq!(schema_version(&test), 5);
    let (test, out) = score(test, "2");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "amended `hamish-n` on `professional-etiquette` in `s01` by `sam` (revision 2)"
        ),
        "{}",
        out.stderr
    );
    let conn = rusqlite::Connection::open(test.path("rapport.db")).unwrap();
    let versions: i64 = conn
        .query_row("SELECT count(*) FROM rubric_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(versions, 7);
    let doctor = test.ok(&["doctor"]);
    assert!(doctor.ends_with("no problems found\n"), "{doctor}");
}
