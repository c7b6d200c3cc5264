//! `rapport check`: one test per kind of problem, each pinning the whole report.

use crate::support::{repo, Test};

fn check(test: Test) -> Test {
    test.args(&["check"])
}

#[test]
fn shipped_curriculum_checks_clean() {
    let test = Test::new().args(&["--course", repo().to_str().unwrap(), "check"]);
    test.expect(0, "0 errors, 0 warnings in 15 files\n", "");
}

#[test]
fn minimal_fixture_checks_clean() {
    check(Test::with_fixture("minimal")).expect(0, "0 errors, 0 warnings in 4 files\n", "");
}

#[test]
fn unknown_field_with_did_you_mean() {
    let test = Test::with_fixture("minimal").edit(
        "rubrics/oral-communication.yaml",
        "    weight: 2",
        "    wieght: 2",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:11:5: error: unknown field `wieght`, did you mean `weight`?
   11 |     wieght: 2
      |     ^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn unknown_rubric_is_reported_at_the_offending_entry() {
    let test = Test::with_fixture("minimal").edit(
        "curriculum/talkback.yaml",
        "assessed_by: [oral-communication]",
        "assessed_by: [oral-communication, oral-comms]",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:10:35: error: unknown rubric `oral-comms`, did you mean `oral-communication`?
   10 | assessed_by: [oral-communication, oral-comms]
      |                                   ^^^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}
