//! `rapport progress`: mastery through the whole pipeline, checked by hand against
//! docs/FORMATS.md § Mastery (decaying average, w = 0.65, the default).

use crate::support::{Test, expect_snapshot};

/// Scores imported in shuffled order, one assessment amended, self and peer ratings that must
/// not count towards mastery.
fn scored() -> Test {
    let mut test = Test::with_fixture("minimal");
    for args in [
        &[
            "student",
            "add",
            "amara",
            "--name",
            "Amara Okafor",
            "--cohort",
            "2026-autumn",
        ][..],
        &["student", "add", "ben", "--name", "Ben Li"],
        &["student", "add", "carla", "--name", "Carla Reyes"],
        &["instructor", "add", "jo", "--name", "Jo"],
        &["instructor", "add", "sam", "--name", "Sam"],
    ] {
        test = test.args(args);
        assert_eq!(test.run().code, 0, "{args:?}");
    }
    let test = test.write(
        "scores.csv",
        "session,date,student,rater,role,rubric,criterion,level
s3,2026-09-16,amara,jo,,oral-communication,direction,1
s2,2026-09-09,amara,sam,,oral-communication,direction,4
s1,2026-09-02,amara,jo,,oral-communication,listening,1
s3,2026-09-16,amara,amara,self,oral-communication,direction,3
s2,2026-09-09,amara,ben,peer,oral-communication,direction,2
s3,2026-09-16,amara,jo,,oral-communication,listening,2
s2,2026-09-09,amara,jo,,oral-communication,direction,3
s2,2026-09-09,amara,amara,self,oral-communication,direction,4
s2,2026-09-09,amara,amara,self,oral-communication,listening,4
s1,2026-09-02,amara,jo,,oral-communication,direction,2
s2,2026-09-09,amara,carla,peer,oral-communication,direction,3
s3,2026-09-16,amara,carla,peer,oral-communication,direction,4
s3,2026-09-16,ben,jo,,oral-communication,direction,1
",
    );
    let test = test.args(&["import", "scores.csv"]);
    assert_eq!(test.run().code, 0);
    // s3's direction was a slip: 1 → 4.
    let test = test.args(&[
        "score",
        "amara",
        "--rubric",
        "oral-communication",
        "--session",
        "s3",
        "--by",
        "jo",
        "direction=4",
        "--amend",
        "--reason",
        "misread",
    ]);
    assert_eq!(test.run().code, 0);
    test
}

#[test]
fn progress_json_follows_the_formulas() {
    let test = scored().args(&["--json", "progress", "amara"]);
    expect_snapshot!(test, 0, "progress_json", "");
}

#[test]
fn progress_in_the_terminal() {
    let test = scored().args(&["progress", "amara"]);
    test.expect(
        0,
        "Amara Okafor (amara) · 2026-autumn · mastery by decaying average

Oral communication — 2.98 (mastery at 3 of 4)
  Giving direction   3.64 ✓ Proficient   4 assessments ▃▇█      self 3 peers: too few to show anonymously
                    next: Picks the one note that matters most.
  Listening          1.65   Emerging     2 assessments ▁▃       self 4 (blind spot: you rate yourself higher)
                    next: Listens, does not summarise.
",
        "",
    );
}

#[test]
fn a_student_with_nothing_scored_sees_where_to_start() {
    let test = scored().args(&["--json", "progress", "carla"]);
    let out = test.run();
    assert_eq!(out.code, 0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let criterion = &json["rubrics"][0]["criteria"][1];
    assert_eq!(criterion["value"], serde_json::Value::Null);
    assert_eq!(criterion["assessments"], 0);
    assert_eq!(
        criterion["next"], "Summarises back.",
        "the mastery level's descriptor"
    );
    let terminal = scored().args(&["progress", "carla"]).run();
    assert_eq!(
        terminal.stdout,
        "Carla Reyes (carla) · mastery by decaying average\n\nOral communication — not assessed yet (mastery at 3 of 4)\n"
    );
}

#[test]
fn progress_of_an_unknown_student_is_refused() {
    let test = scored().args(&["progress", "amra"]);
    test.expect(
        1,
        "",
        "error: unknown student `amra`, did you mean `amara`?\n  hint: add them with `rapport student add amra --name \"…\"`\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Exact figures (docs/FORMATS.md § Mastery)

/// Issue 9, point 2: a decaying average at w = 0.99 over session scores 2.5 (Jo 2 and Sam 3),
/// 3, 3, 3 is exactly 2.9999995: printed 3 (JSON 3.0) and mastered. Floating point gave
/// 2.999999, not mastered.
fn tie_at_weight_099() -> Test {
    Test::with_people()
        .edit(
            "course.yaml",
            "name: Test Course\n",
            "name: Test Course\nmastery: { method: decaying_average, recent_weight: 0.99 }\n",
        )
        .given(&["instructor", "add", "sam", "--name", "Sam"])
        .write(
            "scores.csv",
            "session,date,student,rater,rubric,criterion,level
s1,,amara,jo,oral-communication,direction,2
s1,,amara,sam,oral-communication,direction,3
s2,2026-09-09,amara,jo,oral-communication,direction,3
s3,2026-09-16,amara,jo,oral-communication,direction,3
s4,2026-09-23,amara,jo,oral-communication,direction,3
",
        )
        .given(&["import", "scores.csv"])
}

#[test]
fn an_exact_tie_rounds_up_and_is_mastered() {
    let test = tie_at_weight_099().args(&["--json", "progress", "amara"]);
    expect_snapshot!(test, 0, "tie_progress_json", "");
}

#[test]
fn an_exact_tie_rounds_up_in_the_terminal_too() {
    tie_at_weight_099().args(&["progress", "amara"]).expect(
        0,
        "Amara (amara) · mastery by decaying average

Oral communication — 3.00, mastered (mastery at 3 of 4)
  Giving direction   3.00 ✓ Proficient   5 assessments ▅▆▆▆
                    next: Picks the one note that matters most.
  Listening           –                  0 assessments
                    next: Summarises back.
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Levels off the rubric's scale (a gradebook edited by another tool)

/// Amara's scores with three levels rewritten behind rapport's back: 1e308 and 2.5 on
/// `direction` (instructor), −1e308 on her self-assessment of `listening`.
pub fn edited_by_another_tool() -> Test {
    let test = Test::with_people()
        .write(
            "scores.csv",
            "session,date,student,rater,role,rubric,criterion,level
s1,,amara,jo,,oral-communication,direction,2
s1,,amara,jo,,oral-communication,listening,2
s2,2026-09-09,amara,jo,,oral-communication,direction,3
s3,2026-09-16,amara,jo,,oral-communication,direction,4
s3,2026-09-16,amara,jo,,oral-communication,listening,3
s3,2026-09-16,amara,amara,self,oral-communication,listening,1
",
        )
        .given(&["import", "scores.csv"]);
    for (session, role, criterion, level) in [
        ("s2", "instructor", "direction", 1e308),
        ("s3", "instructor", "direction", 2.5),
        ("s3", "self", "listening", -1e308),
    ] {
        let changed = test.sql(
            "UPDATE score SET level = ?1 WHERE criterion_id = ?2 AND revision_id IN (
               SELECT r.id FROM revision r JOIN assessment a ON r.assessment_id = a.id
               WHERE a.session_id = ?3 AND a.role = ?4)",
            &[&level, &criterion, &session, &role],
        );
        assert_eq!(changed, 1);
    }
    test
}

#[test]
fn levels_off_the_scale_are_left_out_and_counted() {
    let test = edited_by_another_tool();
    let before = test.snapshot();
    // direction: only s1's 2 is left; listening: 2, then 3 → 2.65; no self-assessment.
    let test = test.args(&["progress", "amara"]);
    test.expect(
        0,
        "Amara (amara) · mastery by decaying average

Oral communication — 2.22 (mastery at 3 of 4)
  Giving direction   2.00   Developing   1 assessment  ▃
                    next: Gives one actionable note per take.
  Listening          2.65   Developing   2 assessments ▃▆
                    next: Summarises back.

3 scores off the rubric's scale were left out; run `rapport doctor`
",
        "",
    );
    let test = test.args(&["--json", "progress", "amara"]);
    let out = test.run();
    assert_eq!(out.code, 0);
    for absent in ["1e308", "1e+308", "2.5", "\"self\": -", "NaN", "inf"] {
        assert!(!out.stdout.contains(absent), "{absent}: {}", out.stdout);
    }
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["rubrics"][0]["criteria"][0]["assessments"], 1);
    assert_eq!(
        json["rubrics"][0]["criteria"][0]["value"].to_string(),
        "2.0"
    );
    assert_eq!(
        json["rubrics"][0]["criteria"][1]["self"],
        serde_json::Value::Null
    );
    assert_eq!(test.snapshot(), before, "reading wrote nothing");
}

// ---------------------------------------------------------------------------------------------
// peer_minimum (course.yaml)

#[test]
fn a_peer_minimum_out_of_range_is_refused_where_it_is_written() {
    for (value, caret) in [("1", "^"), ("0", "^"), ("-3", "^^"), ("1001", "^^^^")] {
        let test = Test::with_fixture("minimal").edit(
            "course.yaml",
            "name: Test Course\n",
            &format!("name: Test Course\npeer_minimum: {value}\n"),
        );
        let before = test.snapshot();
        let test = test.args(&["check"]);
        test.expect(
            1,
            &format!(
                "course.yaml:2:15: error: `peer_minimum` is out of range: `{value}`; write a whole number from 2 to 1000
   2 | peer_minimum: {value}
     |               {caret}
1 error, 0 warnings in 4 files
"
            ),
            "",
        );
        assert_eq!(test.snapshot(), before);
        // Commands that use the course refuse it too, and write nothing.
        let test = test.args(&["report", "--all", "-o", "out"]);
        assert_eq!(test.run().code, 1);
        assert_eq!(test.snapshot(), before);
    }
}

/// Agreement never pairs a level off the scale either: Sam's 3 on `direction`, rewritten to
/// 1e308, leaves only the `listening` unit, where both gave 2.
#[test]
fn agreement_leaves_out_levels_off_the_scale() {
    let test = Test::with_people()
        .given(&["instructor", "add", "sam", "--name", "Sam"])
        .write(
            "scores.csv",
            "session,date,student,rater,rubric,criterion,level
s1,,amara,jo,oral-communication,direction,2
s1,,amara,sam,oral-communication,direction,3
s1,,amara,jo,oral-communication,listening,2
s1,,amara,sam,oral-communication,listening,2
",
        )
        .given(&["import", "scores.csv"]);
    let changed = test.sql(
        "UPDATE score SET level = 1e308 WHERE criterion_id = 'direction' AND level = 3",
        &[],
    );
    assert_eq!(changed, 1);
    let before = test.snapshot();
    let test = test.args(&["agreement"]);
    test.expect(
        0,
        "Agreement among instructors: 1 unit scored by two or more instructors (2 instructors, 2 values)
A unit is one student on one criterion in one session.

Krippendorff's alpha (1: perfect agreement; 0: no better than chance)
  not defined: every level given is the same, so there is no variation to measure agreement against
Exact agreement: 100.0% (on average, the share of the other instructors' levels on a unit that match an instructor's own).

Pairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa
counts near misses as partly agreeing, linearly or quadratically)
  INSTRUCTORS  UNITS  EXACT   KAPPA  LINEAR  QUADRATIC
  jo and sam   1      100.0%  –      –       –
  –: not defined, both gave one and the same level throughout

1 score was left out: its rubric, criterion or level is no longer in the course (`rapport check` lists them).
",
        "",
    );
    assert_eq!(test.snapshot(), before);
}
