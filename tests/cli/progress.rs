//! `rapport progress`: mastery through the whole pipeline, checked by hand against
//! FORMATS.md § Mastery (decaying average, w = 0.65, the default).

use crate::support::Test;

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
    test.expect(
        0,
        r#"{
  "student": {
    "id": "amara",
    "name": "Amara Okafor",
    "cohort": "2026-autumn"
  },
  "method": "decaying_average",
  "rubrics": [
    {
      "id": "oral-communication",
      "title": "Oral communication",
      "mastery_level": 3,
      "value": 2.9775,
      "mastered": false,
      "criteria": [
        {
          "id": "direction",
          "title": "Giving direction",
          "value": 3.64125,
          "mastered": true,
          "assessments": 4,
          "scores": [
            {
              "session": "s1",
              "date": "2026-09-02",
              "level": 2,
              "rater": "jo"
            },
            {
              "session": "s2",
              "date": "2026-09-09",
              "level": 3,
              "rater": "jo"
            },
            {
              "session": "s2",
              "date": "2026-09-09",
              "level": 4,
              "rater": "sam"
            },
            {
              "session": "s3",
              "date": "2026-09-16",
              "level": 4,
              "rater": "jo"
            }
          ],
          "self": 3,
          "self_gap": null,
          "peer": 3.0,
          "next": "Picks the one note that matters most."
        },
        {
          "id": "listening",
          "title": "Listening",
          "value": 1.65,
          "mastered": false,
          "assessments": 2,
          "scores": [
            {
              "session": "s1",
              "date": "2026-09-02",
              "level": 1,
              "rater": "jo"
            },
            {
              "session": "s3",
              "date": "2026-09-16",
              "level": 2,
              "rater": "jo"
            }
          ],
          "self": 4,
          "self_gap": "blind_spot",
          "peer": null,
          "next": "Listens, does not summarise."
        }
      ]
    }
  ]
}
"#,
        "",
    );
}

#[test]
fn progress_in_the_terminal() {
    let test = scored().args(&["progress", "amara"]);
    test.expect(
        0,
        "Amara Okafor (amara) · 2026-autumn · mastery by decaying average

Oral communication — 2.98 (mastery at 3 of 4)
  Giving direction   3.64 ✓ Proficient   4 assessments ▃▇█      self 3
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
