//! `rapport check`: one test per kind of problem, each pinning the whole report.
//!
//! Every test starts from tests/fixtures/minimal (course.yaml with the skill `communication`,
//! rubrics/oral-communication.yaml, curriculum/talkback.yaml and curriculum/direction.yaml,
//! which requires talkback) and breaks one thing. The line numbers below are those files'.

use std::fmt::Write as _;

use crate::support::{Test, copy_dir, expect_snapshot, fixture, repo};

const COURSE: &str = "course.yaml";
const TALKBACK: &str = "curriculum/talkback.yaml";
const DIRECTION: &str = "curriculum/direction.yaml";
const RUBRIC: &str = "rubrics/oral-communication.yaml";

/// The lessons block of talkback.yaml (lines 6 to 9).
const TALKBACK_LESSONS: &str =
    "lessons:\n  - title: The button\n    minutes: 30\n    body: Press it, speak, let go.\n";

fn check(test: Test) -> Test {
    test.args(&["check"])
}

fn minimal() -> Test {
    Test::with_fixture("minimal")
}

/// A valid second rubric, so that tests can add a rubric of their own.
const TEAMWORK: &str = "title: Teamwork
levels:
  - { score: 1, label: Emerging }
  - { score: 2, label: Secure }
mastery_level: 2
criteria:
  - id: roles
    title: Taking a role
    descriptors:
      1: Waits to be told what to do.
      2: Takes a role and says so.
";

// ---------------------------------------------------------------------------------------------
// Clean courses

#[test]
fn shipped_curriculum_checks_clean() {
    let test = Test::new().args(&["--course", repo().to_str().unwrap(), "check"]);
    test.expect(0, "0 errors, 0 warnings in 25 files\n", "");
}

#[test]
fn minimal_fixture_checks_clean() {
    check(minimal()).expect(0, "0 errors, 0 warnings in 4 files\n", "");
}

// ---------------------------------------------------------------------------------------------
// YAML syntax and shapes

#[test]
fn yaml_syntax_error_unclosed_flow_sequence() {
    let test = minimal().edit(
        TALKBACK,
        "assessed_by: [oral-communication]",
        "assessed_by: [oral-communication",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:10:14: error: invalid YAML: this `[` is never closed; end the list with `]`
   10 | assessed_by: [oral-communication
      |              ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn yaml_syntax_error_unclosed_quote() {
    let test = minimal().edit(TALKBACK, "title: Talkback", "title: \"Talkback");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:8: error: invalid YAML: this quote is never closed; add the closing quote
   1 | title: \"Talkback
     |        ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn yaml_syntax_error_tab_indentation_points_at_the_tab() {
    let test = minimal().edit(
        TALKBACK,
        "    body: Press it, speak, let go.",
        "\tbody: Press it, speak, let go.",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:9:1: error: invalid YAML: this line is indented with a tab; indent with spaces instead
   9 |  body: Press it, speak, let go.
     | ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn wrong_type_text_where_a_whole_number_is_expected() {
    let test = minimal().edit(TALKBACK, "minutes: 30", "minutes: half an hour");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:8:14: error: `minutes` must be a whole number, not `half an hour`
   8 |     minutes: half an hour
     |              ^^^^^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn wrong_type_text_where_a_number_is_expected() {
    let test = minimal().edit(RUBRIC, "weight: 2", "weight: heavy");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:11:13: error: `weight` must be a number, not `heavy`
   11 |     weight: heavy
      |             ^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn wrong_type_list_where_text_is_expected() {
    let test = minimal().edit(TALKBACK, "title: Talkback", "title: [Talk, back]");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:8: error: `title` must be a single value, not a list; put text that starts with `[`, `{` or `-` in double quotes
   1 | title: [Talk, back]
     |        ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn wrong_type_mapping_where_a_list_is_expected() {
    let test = minimal().edit(
        TALKBACK,
        "assessed_by: [oral-communication]",
        "assessed_by: { rubric: oral-communication }",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:10:14: error: `assessed_by` must be a list (`- item` lines, or `[a, b]`), not a mapping
   10 | assessed_by: { rubric: oral-communication }
      |              ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn unknown_field_with_did_you_mean() {
    let test = minimal().edit(RUBRIC, "    weight: 2", "    wieght: 2");
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
fn unknown_field_without_near_miss_lists_the_expected_fields() {
    let test = minimal().edit(
        RUBRIC,
        "    title: Listening\n",
        "    title: Listening\n    colour: red\n",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:19:5: error: unknown field `colour`; expected one of `id`, `title`, `description`, `weight`, `descriptors`
   19 |     colour: red
      |     ^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn missing_field_in_a_nested_mapping_points_at_that_mapping() {
    let test = minimal().edit(RUBRIC, "    title: Listening\n", "");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:17:5: error: missing field `title`; add `title:` to this mapping
   17 |   - id: listening
      |     ^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn missing_field_at_top_level_points_at_the_first_key() {
    let test = minimal().edit(TALKBACK, "skill: communication\n", "");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:1: error: missing field `skill`; add `skill:` to this mapping
   1 | title: Talkback
     | ^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn empty_summary_is_an_error() {
    let test = minimal().edit(
        TALKBACK,
        "summary: Speaking to a performer through the talkback.",
        "summary: \"\"",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:3:10: error: `summary` is empty; write some text
   3 | summary: \"\"
     |          ^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn empty_lesson_body_is_an_error() {
    let test = minimal().edit(TALKBACK, "body: Press it, speak, let go.", "body: \"\"");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:9:11: error: `body` is empty; write some text
   9 |     body: \"\"
     |           ^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn empty_block_scalar_body_is_reported_at_its_own_line() {
    let test = minimal().edit(TALKBACK, "body: Press it, speak, let go.\n", "body: |\n\n");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:9:11: error: `body` is empty; write some text
   9 |     body: |
     |           ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn empty_descriptor_is_an_error() {
    let test = minimal().edit(RUBRIC, "2: Listens, does not summarise.", "2: \"  \"");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:21:10: error: the descriptor for level 2 (Developing) is empty; say what an instructor sees and hears at this level
   21 |       2: \"  \"
      |          ^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn null_value_is_an_error_naming_the_field() {
    let test = minimal().edit(RUBRIC, "    title: Listening", "    title: ~");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:18:12: error: `title` is empty; write a value after the colon
   18 |     title: ~
      |            ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn null_value_with_nothing_after_the_colon_names_the_field() {
    let test = minimal().edit(TALKBACK, "title: Talkback", "title:");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:6: error: `title` is empty; write a value after the colon
   1 | title:
     |      ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Identifiers

#[test]
fn forbidden_character_in_a_criterion_id() {
    let test = minimal().edit(RUBRIC, "  - id: direction", "  - id: \"giving direction\"");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:9:9: error: criterion ID `giving direction` contains a space at position 7; use only ASCII letters, digits, `-`, `_` and `.`
   9 |   - id: \"giving direction\"
     |         ^^^^^^^^^^^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn forbidden_character_in_an_id_from_a_file_name() {
    let test = minimal().remove(TALKBACK).write(
        "curriculum/Bad Name.yaml",
        "title: Talkback
skill: communication
summary: Speaking to a performer through the talkback.
objectives: [Give one clear note between takes]
assessed_by: [oral-communication]
",
    );
    let test = test.edit(DIRECTION, "requires: [talkback]\n", "");
    check(test).expect(
        1,
        "curriculum/Bad Name.yaml:1:1: error: module ID `Bad Name` (from the file name) contains a space at position 4; use only ASCII letters, digits, `-`, `_` and `.`; rename the file
   1 | title: Talkback
     | ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn explicit_id_must_match_the_file_name() {
    let test = minimal().edit(
        TALKBACK,
        "title: Talkback",
        "id: talk-back\ntitle: Talkback",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:5: error: `id` is `talk-back` but the file is named `talkback.yaml`; a module's ID is its file name: rename the file or remove `id:`
   1 | id: talk-back
     |     ^^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn explicit_id_differing_only_in_case_matches() {
    let test = minimal().edit(TALKBACK, "title: Talkback", "id: TalkBack\ntitle: Talkback");
    check(test).expect(0, "0 errors, 0 warnings in 4 files\n", "");
}

#[test]
fn duplicate_module_ids_differing_only_in_case() {
    let copy = std::fs::read_to_string(fixture("minimal").join(TALKBACK)).unwrap();
    let test = minimal().write("curriculum/Talkback.yaml", &copy);
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:1: error: duplicate module ID `talkback`: `curriculum/Talkback.yaml` has the same ID (IDs ignore case); rename one of the files
   1 | title: Talkback
     | ^
1 error, 0 warnings in 5 files
",
        "",
    );
}

#[test]
fn duplicate_rubric_ids_differing_only_in_case() {
    let copy = std::fs::read_to_string(fixture("minimal").join(RUBRIC)).unwrap();
    let test = minimal().write("rubrics/Oral-Communication.yaml", &copy);
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:1:1: error: duplicate rubric ID `oral-communication`: `rubrics/Oral-Communication.yaml` has the same ID (IDs ignore case); rename one of the files
   1 | title: Oral communication
     | ^
1 error, 0 warnings in 5 files
",
        "",
    );
}

#[test]
fn duplicate_criterion_ids_ignore_case() {
    let test = minimal().edit(RUBRIC, "  - id: listening", "  - id: Direction");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:17:9: error: criterion `direction` is defined twice (first on line 9); criterion IDs are unique within a rubric
   17 |   - id: Direction
      |         ^^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Rubrics

#[test]
fn rubric_with_one_level() {
    let test = minimal().write(
        RUBRIC,
        "title: Oral communication
levels:
  - { score: 1, label: Emerging }
mastery_level: 1
criteria:
  - id: direction
    title: Giving direction
    descriptors:
      1: Gives vague notes.
",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:3:3: error: a rubric needs 2 to 10 levels; this one has 1
   3 |   - { score: 1, label: Emerging }
     |   ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn rubric_with_eleven_levels() {
    let (mut levels, mut descriptors) = (String::new(), String::new());
    for score in 1..=11 {
        writeln!(levels, "  - {{ score: {score}, label: Level {score} }}").unwrap();
        writeln!(descriptors, "      {score}: Descriptor {score}.").unwrap();
    }
    let text = format!(
        "title: Oral communication\nlevels:\n{levels}mastery_level: 8\ncriteria:\n  - id: direction\n    title: Giving direction\n    descriptors:\n{descriptors}"
    );
    check(minimal().write(RUBRIC, &text)).expect(
        1,
        "rubrics/oral-communication.yaml:3:3: error: a rubric needs 2 to 10 levels; this one has 11
   3 |   - { score: 1, label: Level 1 }
     |   ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn duplicate_level_scores() {
    let test = minimal().edit(
        RUBRIC,
        "  - { score: 4, label: Exemplary }\n",
        "  - { score: 4, label: Exemplary }\n  - { score: 4, label: Outstanding }\n",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:7:14: error: two levels have score 4 (`Exemplary` and `Outstanding`); scores must be unique
   7 |   - { score: 4, label: Outstanding }
     |              ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn levels_not_in_ascending_order() {
    let test = minimal().edit(
        RUBRIC,
        "  - { score: 3, label: Proficient }\n  - { score: 4, label: Exemplary }\n",
        "  - { score: 4, label: Exemplary }\n  - { score: 3, label: Proficient }\n",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:6:14: error: levels must be listed in ascending order of score: 3 comes after 4
   6 |   - { score: 3, label: Proficient }
     |              ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn descriptor_missing_for_a_level() {
    let test = minimal().edit(RUBRIC, "      3: Summarises back.\n", "");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:20:7: error: criterion `listening` has no descriptor for level 3 (Proficient); add `3: …` under `descriptors`
   20 |       1: Interrupts.
      |       ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn descriptor_for_a_level_that_does_not_exist() {
    let test = minimal().edit(
        RUBRIC,
        "      4: Draws out what was unsaid.\n",
        "      4: Draws out what was unsaid.\n      5: Hears what the artist means.\n",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:24:7: error: `5` is not a level score of this rubric; descriptors are keyed by level score: 1, 2, 3, 4
   24 |       5: Hears what the artist means.
      |       ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn mastery_level_that_is_not_a_level_score() {
    let test = minimal().edit(RUBRIC, "mastery_level: 3", "mastery_level: 2.5");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:7:16: error: `mastery_level` is 2.5, which is not a level score; use one of 1, 2, 3, 4
   7 | mastery_level: 2.5
     |                ^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn weight_must_be_greater_than_zero() {
    let test = minimal().edit(RUBRIC, "weight: 2", "weight: 0").edit(
        RUBRIC,
        "    title: Listening\n",
        "    title: Listening\n    weight: -1\n",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:11:13: error: `weight` must be a number > 0 and at most 1000, not 0
   11 |     weight: 0
      |             ^
rubrics/oral-communication.yaml:19:13: error: `weight` must be a number > 0 and at most 1000, not -1
   19 |     weight: -1
      |             ^^
2 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn negative_level_score() {
    let test = minimal().write(
        RUBRIC,
        "title: Oral communication
levels:
  - { score: -1, label: Emerging }
  - { score: 0, label: Developing }
  - { score: 1, label: Proficient }
mastery_level: 1
criteria:
  - id: direction
    title: Giving direction
    descriptors:
      -1: Gives vague notes.
      0: Gives specific notes, too many at once.
      1: Gives one actionable note per take.
",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:3:14: error: a level score must be a number from 0 to 1000, not -1
   3 |   - { score: -1, label: Emerging }
     |              ^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn rubric_without_criteria() {
    let test = minimal().write(
        RUBRIC,
        "title: Oral communication
levels:
  - { score: 1, label: Emerging }
  - { score: 2, label: Developing }
mastery_level: 2
criteria: []
",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:6:11: error: a rubric needs at least one criterion
   6 | criteria: []
     |           ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Modules

#[test]
fn unknown_rubric_is_reported_at_the_offending_entry() {
    let test = minimal().edit(
        TALKBACK,
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

#[test]
fn unknown_rubric_without_near_miss() {
    let test = minimal().edit(
        TALKBACK,
        "assessed_by: [oral-communication]",
        "assessed_by: [oral-communication, teamwork]",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:10:35: error: unknown rubric `teamwork`; there is no `rubrics/teamwork.yaml`
   10 | assessed_by: [oral-communication, teamwork]
      |                                   ^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn module_assessed_by_no_rubric() {
    let test = minimal().edit(
        TALKBACK,
        "assessed_by: [oral-communication]",
        "assessed_by: []",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:10:14: error: a module needs at least one rubric in `assessed_by`
   10 | assessed_by: []
      |              ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn requires_an_unknown_module() {
    let test = minimal().edit(
        DIRECTION,
        "requires: [talkback]",
        "requires: [talkback, mixing]",
    );
    check(test).expect(
        1,
        "curriculum/direction.yaml:11:22: error: unknown module `mixing` in `requires`; there is no `curriculum/mixing.yaml`
   11 | requires: [talkback, mixing]
      |                      ^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn requires_an_unknown_module_with_did_you_mean() {
    let test = minimal().edit(DIRECTION, "requires: [talkback]", "requires: [talkbak]");
    check(test).expect(
        1,
        "curriculum/direction.yaml:11:12: error: unknown module `talkbak` in `requires`, did you mean `talkback`?
   11 | requires: [talkbak]
      |            ^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn prerequisite_cycle_of_two_modules() {
    let test = minimal().edit(
        TALKBACK,
        "assessed_by: [oral-communication]\n",
        "assessed_by: [oral-communication]\nrequires: [direction]\n",
    );
    check(test).expect(
        1,
        "curriculum/direction.yaml:11:12: error: prerequisite cycle: `direction` → `talkback` → `direction`; remove one of these `requires` entries
   11 | requires: [talkback]
      |            ^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn prerequisite_cycle_of_three_modules_names_the_whole_cycle() {
    let test = minimal()
        .edit(
            TALKBACK,
            "assessed_by: [oral-communication]\n",
            "assessed_by: [oral-communication]\nrequires: [cues]\n",
        )
        .write(
            "curriculum/cues.yaml",
            "title: Cues
skill: communication
summary: Cueing a take.
objectives: [Count a performer in]
lessons:
  - { title: Count-in, body: One bar of clicks. }
assessed_by: [oral-communication]
requires: [Direction]
",
        );
    check(test).expect(
        1,
        "curriculum/cues.yaml:8:12: error: prerequisite cycle: `cues` → `direction` → `talkback` → `cues`; remove one of these `requires` entries
   8 | requires: [Direction]
     |            ^^^^^^^^^
1 error, 0 warnings in 5 files
",
        "",
    );
}

#[test]
fn module_requiring_itself() {
    let test = minimal().edit(
        TALKBACK,
        "assessed_by: [oral-communication]\n",
        "assessed_by: [oral-communication]\nrequires: [talkback]\n",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:11:12: error: module `talkback` requires itself; remove it from its own `requires`
   11 | requires: [talkback]
      |            ^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn module_without_objectives() {
    let test = minimal().edit(
        TALKBACK,
        "objectives:\n  - Give one clear note between takes\n",
        "objectives: []\n",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:4:13: error: a module needs at least one objective: what a student can do after it
   4 | objectives: []
     |             ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn lesson_minutes_zero() {
    let test = minimal().edit(TALKBACK, "minutes: 30", "minutes: 0");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:8:14: error: `minutes` is out of range: `0`; write a whole number from 1 to 1440
   8 |     minutes: 0
     |              ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn skill_not_in_course_skills_with_did_you_mean() {
    let test = minimal().edit(TALKBACK, "skill: communication", "skill: comunication");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:2:8: error: unknown skill `comunication`, did you mean `communication`?
   2 | skill: comunication
     |        ^^^^^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn skill_not_in_course_skills_without_near_miss() {
    let test = minimal().edit(TALKBACK, "skill: communication", "skill: mixing");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:2:8: error: unknown skill `mixing`; add it to `skills` in course.yaml
   2 | skill: mixing
     |        ^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// course.yaml

fn with_course_lines(lines: &str) -> Test {
    let text = std::fs::read_to_string(fixture("minimal").join(COURSE)).unwrap();
    minimal().write(COURSE, &format!("{text}{lines}"))
}

#[test]
fn unknown_mastery_method_with_did_you_mean() {
    let test = with_course_lines("mastery:\n  method: decaying_avg\n");
    check(test).expect(
        1,
        "course.yaml:5:11: error: unknown mastery method `decaying_avg`, did you mean `decaying_average`?
   5 |   method: decaying_avg
     |           ^^^^^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn unknown_mastery_method_without_near_miss_lists_the_methods() {
    let test = with_course_lines("mastery:\n  method: bayesian\n");
    check(test).expect(
        1,
        "course.yaml:5:11: error: unknown mastery method `bayesian`; use one of `decaying_average`, `weighted_average`, `n_mastery`, `latest`, `highest`, `average`
   5 |   method: bayesian
     |           ^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn recent_weight_out_of_range_for_decaying_average() {
    let test = with_course_lines("mastery:\n  method: decaying_average\n  recent_weight: 0.4\n");
    check(test).expect(
        1,
        "course.yaml:6:18: error: `recent_weight` for `decaying_average` must be from 0.50 to 0.99, not 0.4
   6 |   recent_weight: 0.4
     |                  ^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn recent_weight_out_of_range_for_weighted_average() {
    let test = with_course_lines("mastery:\n  method: weighted_average\n  recent_weight: 1.0\n");
    check(test).expect(
        1,
        "course.yaml:6:18: error: `recent_weight` for `weighted_average` must be from 0.01 to 0.99, not 1.0
   6 |   recent_weight: 1.0
     |                  ^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn n_out_of_range_for_n_mastery() {
    let test = with_course_lines("mastery:\n  method: n_mastery\n  n: 11\n");
    check(test).expect(
        1,
        "course.yaml:6:6: error: `n` is out of range: `11`; write a whole number from 1 to 10
   6 |   n: 11
     |      ^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn canvas_alias_standard_decaying_average_is_a_warning() {
    let test = with_course_lines("mastery:\n  method: standard_decaying_average\n");
    check(test).expect(
        0,
        "course.yaml:5:11: warning: `standard_decaying_average` is Canvas's stored name for `decaying_average`; write `decaying_average`
   5 |   method: standard_decaying_average
     |           ^^^^^^^^^^^^^^^^^^^^^^^^^
0 errors, 1 warning in 4 files
",
        "",
    );
}

#[test]
fn recent_weight_with_a_method_that_does_not_use_it_is_a_warning() {
    let test = with_course_lines("mastery:\n  method: latest\n  recent_weight: 0.7\n");
    check(test).expect(
        0,
        "course.yaml:6:18: warning: `recent_weight` is not used by `latest`; remove it or change the method
   6 |   recent_weight: 0.7
     |                  ^^^
0 errors, 1 warning in 4 files
",
        "",
    );
}

#[test]
fn duplicate_skill_ids_ignore_case() {
    let test = with_course_lines("  - { id: Communication, title: Talking to artists }\n");
    check(test).expect(
        1,
        "course.yaml:4:11: error: skill `communication` is listed twice (first on line 3); keep one
   4 |   - { id: Communication, title: Talking to artists }
     |           ^^^^^^^^^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn recent_days_zero() {
    let test = with_course_lines("recent_days: 0\n");
    check(test).expect(
        1,
        "course.yaml:4:14: error: `recent_days` is out of range: `0`; write a whole number from 1 to 3650
   4 | recent_days: 0
     |              ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Warnings: the exit code stays 0

#[test]
fn rubric_no_module_uses_is_a_warning() {
    let test = minimal().write("rubrics/teamwork.yaml", TEAMWORK);
    check(test).expect(
        0,
        "rubrics/teamwork.yaml:1:8: warning: rubric `teamwork` is not used by any module; add it to a module's `assessed_by`, or remove the file
   1 | title: Teamwork
     |        ^^^^^^^^
0 errors, 1 warning in 5 files
",
        "",
    );
}

#[test]
fn module_without_lessons_is_a_warning() {
    let test = minimal().edit(TALKBACK, TALKBACK_LESSONS, "");
    check(test).expect(
        0,
        "curriculum/talkback.yaml:1:1: warning: module `talkback` has no lessons; add some under `lessons:` so students have something to read
   1 | title: Talkback
     | ^^^^^
0 errors, 1 warning in 4 files
",
        "",
    );
}

#[test]
fn module_with_an_empty_lesson_list_is_a_warning_at_the_list() {
    let test = minimal().edit(TALKBACK, TALKBACK_LESSONS, "lessons: []\n");
    check(test).expect(
        0,
        "curriculum/talkback.yaml:6:10: warning: module `talkback` has no lessons; add some under `lessons:` so students have something to read
   6 | lessons: []
     |          ^
0 errors, 1 warning in 4 files
",
        "",
    );
}

#[test]
fn level_label_shared_by_two_levels_is_a_warning() {
    let test = minimal().edit(
        RUBRIC,
        "score: 3, label: Proficient",
        "score: 3, label: developing",
    );
    check(test).expect(
        0,
        "rubrics/oral-communication.yaml:5:24: warning: levels 2 and 3 share the label `developing`; it cannot name a level when scoring (use the score)
   5 |   - { score: 3, label: developing }
     |                        ^^^^^^^^^^
0 errors, 1 warning in 4 files
",
        "",
    );
}

#[test]
fn yml_file_in_curriculum_is_a_warning() {
    let test = minimal().write("curriculum/mixing.yml", "title: Mixing\n");
    check(test).expect(
        0,
        "curriculum/mixing.yml:1:1: warning: `mixing.yml` is not read: rapport reads only `*.yaml` files; rename it to `mixing.yaml`
0 errors, 1 warning in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Whole runs

#[test]
fn every_problem_in_every_file_is_reported_in_order() {
    let test = with_course_lines("recent_days: 0\n")
        .write("rubrics/teamwork.yaml", TEAMWORK)
        .edit(TALKBACK, "minutes: 30", "minutes: 0")
        .edit(
            DIRECTION,
            "requires: [talkback]",
            "requires: [mixing, talkbak]",
        )
        .edit(
            DIRECTION,
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-comms]",
        )
        .edit(RUBRIC, "weight: 2", "weight: 0");
    expect_snapshot!(check(test), 1, "every_problem_in_every_file", "");
}

#[test]
fn a_file_that_fails_to_parse_does_not_hide_the_others_errors() {
    let test = minimal()
        .edit(TALKBACK, "title: Talkback", "title: \"Talkback")
        .edit(DIRECTION, "skill: communication", "skill: comunication")
        .edit(RUBRIC, "weight: 2", "weight: 0");
    check(test).expect(
        1,
        "curriculum/direction.yaml:2:8: error: unknown skill `comunication`, did you mean `communication`?
   2 | skill: comunication
     |        ^^^^^^^^^^^^
curriculum/talkback.yaml:1:8: error: invalid YAML: this quote is never closed; add the closing quote
   1 | title: \"Talkback
     |        ^
rubrics/oral-communication.yaml:11:13: error: `weight` must be a number > 0 and at most 1000, not 0
   11 |     weight: 0
      |             ^
3 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_module_whose_file_fails_to_parse_is_not_reported_as_unknown() {
    // direction.yaml requires talkback, whose file has an unknown field.
    let test = minimal().edit(TALKBACK, "skill: communication", "skil: communication");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:2:1: error: unknown field `skil`, did you mean `skill`?
   2 | skil: communication
     | ^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_rubric_whose_file_fails_to_parse_is_not_reported_as_unknown() {
    // Both modules are assessed by oral-communication, whose file has an unknown field.
    let test = minimal().edit(
        RUBRIC,
        "title: Oral communication",
        "titel: Oral communication",
    );
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:1:1: error: unknown field `titel`, did you mean `title`?
   1 | titel: Oral communication
     | ^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_rubric_used_only_by_a_module_that_fails_to_parse_is_not_reported_unused() {
    let test = minimal()
        .write("rubrics/teamwork.yaml", TEAMWORK)
        .edit(
            DIRECTION,
            "assessed_by: [oral-communication]",
            "assessed_by: [teamwork]",
        )
        .edit(TALKBACK, "title: Talkback", "title: \"Talkback");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:8: error: invalid YAML: this quote is never closed; add the closing quote
   1 | title: \"Talkback
     |        ^
1 error, 0 warnings in 5 files
",
        "",
    );
}

#[test]
fn json_report_with_one_error_and_one_warning() {
    let test = minimal()
        .write("rubrics/teamwork.yaml", TEAMWORK)
        .edit(
            TALKBACK,
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-comms]",
        )
        .args(&["check", "--json"]);
    let expected = r#"{
  "errors": 1,
  "warnings": 1,
  "diagnostics": [
    {
      "path": "curriculum/talkback.yaml",
      "line": 10,
      "column": 15,
      "severity": "error",
      "message": "unknown rubric `oral-comms`, did you mean `oral-communication`?"
    },
    {
      "path": "rubrics/teamwork.yaml",
      "line": 1,
      "column": 8,
      "severity": "warning",
      "message": "rubric `teamwork` is not used by any module; add it to a module's `assessed_by`, or remove the file"
    }
  ]
}
"#;
    test.expect(1, expected, "");
    let json: serde_json::Value = serde_json::from_str(&test.run().stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "errors": 1,
            "warnings": 1,
            "diagnostics": [
                {
                    "path": "curriculum/talkback.yaml",
                    "line": 10,
                    "column": 15,
                    "severity": "error",
                    "message": "unknown rubric `oral-comms`, did you mean `oral-communication`?"
                },
                {
                    "path": "rubrics/teamwork.yaml",
                    "line": 1,
                    "column": 8,
                    "severity": "warning",
                    "message": "rubric `teamwork` is not used by any module; add it to a module's `assessed_by`, or remove the file"
                }
            ]
        })
    );
}

#[test]
fn json_report_of_a_clean_course() {
    let test = minimal().args(&["--json", "check"]);
    test.expect(
        0,
        "{\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"diagnostics\": []\n}\n",
        "",
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // `É`, `é` and `ç` take 2 bytes and `—` 3: counted in bytes, the columns would be 4 (rubric,
    // a column from our own spans) and 3 (module, a column from the YAML parser) too far right.
    let test = minimal()
        .edit(
            RUBRIC,
            "  - { score: 1, label: Emerging }",
            "  - { label: \"Émergent — début\", score: -1 }",
        )
        .edit(
            RUBRIC,
            "      1: Gives vague notes.",
            "      -1: Gives vague notes.",
        )
        .edit(RUBRIC, "      1: Interrupts.", "      -1: Interrupts.")
        .edit(
            TALKBACK,
            "  - title: The button\n    minutes: 30\n    body: Press it, speak, let go.",
            "  - { title: \"Le bouton — ça\", body: Appuyez., minutes: 30, colour: red }",
        );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:7:61: error: unknown field `colour`; expected one of `title`, `minutes`, `body`
   7 |   - { title: \"Le bouton — ça\", body: Appuyez., minutes: 30, colour: red }
     |                                                             ^^^^^^
rubrics/oral-communication.yaml:3:41: error: a level score must be a number from 0 to 1000, not -1
   3 |   - { label: \"Émergent — début\", score: -1 }
     |                                         ^^
2 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn check_writes_nothing() {
    let test = minimal().edit(TALKBACK, "minutes: 30", "minutes: 0");
    let before = test.files();
    let test = check(test);
    assert_eq!(test.run().code, 1);
    assert_eq!(test.files(), before);
}

// ---------------------------------------------------------------------------------------------
// Finding the course

const UNKNOWN_RUBRIC_REPORT: &str =
    "curriculum/talkback.yaml:10:15: error: unknown rubric `oral-comms`, did you mean `oral-communication`?
   10 | assessed_by: [oral-comms]
      |               ^^^^^^^^^^
1 error, 0 warnings in 4 files
";

/// A course in the `course/` folder of an otherwise empty temporary folder.
fn course_in_subfolder() -> Test {
    let test = Test::new();
    copy_dir(&fixture("minimal"), &test.path("course"));
    test.edit(
        "course/curriculum/talkback.yaml",
        "assessed_by: [oral-communication]",
        "assessed_by: [oral-comms]",
    )
}

#[test]
fn check_from_a_subfolder_walks_up_to_the_course() {
    let test = minimal()
        .edit(
            TALKBACK,
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-comms]",
        )
        .cwd("curriculum");
    check(test).expect(1, UNKNOWN_RUBRIC_REPORT, "");
}

#[test]
fn course_option_names_the_course_folder() {
    let test = course_in_subfolder().args(&["--course", "course", "check"]);
    test.expect(1, UNKNOWN_RUBRIC_REPORT, "");
}

#[test]
fn rapport_course_variable_names_the_course_folder() {
    let test = course_in_subfolder()
        .env("RAPPORT_COURSE", "course")
        .args(&["check"]);
    test.expect(1, UNKNOWN_RUBRIC_REPORT, "");
}

#[test]
fn course_option_wins_over_rapport_course_variable() {
    let test = course_in_subfolder()
        .env("RAPPORT_COURSE", "elsewhere")
        .args(&["--course", "course", "check"]);
    test.expect(1, UNKNOWN_RUBRIC_REPORT, "");
}

#[test]
fn course_option_pointing_at_a_folder_without_course_yaml() {
    let test = Test::new()
        .write("notes/todo.txt", "")
        .args(&["--course", "notes", "check"]);
    test.expect(
        1,
        "",
        "error: no `course.yaml` in `notes` (the folder given by `--course` or `RAPPORT_COURSE`)
  hint: point it at the folder that holds course.yaml, or run `rapport init notes` to create a course there
",
    );
}

#[test]
fn an_empty_file_says_where_to_find_its_fields() {
    let test = minimal().write(TALKBACK, "# nothing yet\n");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:1: error: this file is empty; `rapport schema module` lists the fields a module needs
   1 | # nothing yet
     | ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_and_the_others_are_still_checked() {
    let test = minimal().edit(RUBRIC, "    weight: 2", "    wieght: 2");
    std::fs::write(test.path(TALKBACK), b"title: Talkback\nsummary: caf\xe9\n").unwrap();
    check(test).expect(
        1,
        "curriculum/talkback.yaml:2:13: error: this file is not UTF-8 text (byte 0xE9); save it with UTF-8 encoding
rubrics/oral-communication.yaml:11:5: error: unknown field `wieght`, did you mean `weight`?
   11 |     wieght: 2
      |     ^^^^^^
2 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_missing_field_in_a_later_list_item_points_at_that_item() {
    let test = minimal().edit(
        TALKBACK,
        TALKBACK_LESSONS,
        "lessons:\n  - title: One\n    minutes: 30\n    body: Press.\n  - title: Two\n",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:10:5: error: missing field `body`; add `body:` to this mapping
   10 |   - title: Two
      |     ^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn an_empty_folded_descriptor_is_reported_on_its_own_line() {
    let test = minimal().edit(RUBRIC, "      1: Gives vague notes.", "      1: >");
    check(test).expect(
        1,
        "rubrics/oral-communication.yaml:13:10: error: the descriptor for level 1 (Emerging) is empty; say what an instructor sees and hears at this level
   13 |       1: >
      |          ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_byte_order_mark_does_not_shift_columns_or_leak_into_messages() {
    let test = minimal().write(COURSE, "\u{feff}recent_days: x\nname: C\n");
    check(test).expect(
        1,
        "course.yaml:1:14: error: `recent_days` must be a whole number, not `x`
   1 | recent_days: x
     |              ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_tab_inside_a_block_text_is_not_blamed_for_another_error() {
    let test = minimal().edit(
        TALKBACK,
        "    body: Press it, speak, let go.",
        "    body: |\n      \tcode\n    tabs: 2",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:11:5: error: unknown field `tabs`; expected one of `title`, `minutes`, `body`
   11 |     tabs: 2
      |     ^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_missing_field_in_a_flow_mapping_points_at_its_own_brace() {
    let test = minimal().edit(
        RUBRIC,
        "  - id: listening\n    title: Listening\n",
        "  - { id: listening, descriptors: { 1: a, 2: b, 3: c, 4: d }, weight: 1 }\n  - id: other\n    title: Other\n",
    );
    let out = test.args(&["check"]).run();
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("rubrics/oral-communication.yaml:17:5: error: missing field `title`; add `title:` to this mapping\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_document_marker_is_not_taken_for_the_first_key() {
    let test = minimal().write(
        TALKBACK,
        "---\nskill: communication\nsummary: Talk.\nobjectives: [Speak]\nlessons: [{ title: One, body: Press. }]\nassessed_by: [oral-communication]\n",
    );
    check(test).expect(
        1,
        "curriculum/talkback.yaml:2:1: error: missing field `title`; add `title:` to this mapping
   2 | skill: communication
     | ^^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn common_yaml_mistakes_say_how_to_fix_them() {
    let test = minimal().edit(TALKBACK, "title: Talkback", "title: Talk: the basics");
    check(test).expect(
        1,
        "curriculum/talkback.yaml:1:12: error: invalid YAML: a `: ` inside a value, or a key out of line; put text that holds `: ` in double quotes, and line keys up under each other
   1 | title: Talk: the basics
     |            ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn an_upper_case_extension_gets_a_warning() {
    let test = minimal().write("curriculum/extra.YAML", "title: x\n");
    check(test).expect(
        0,
        "curriculum/extra.YAML:1:1: warning: `extra.YAML` is not read: rapport reads only `*.yaml` files; rename it to `extra.yaml`
0 errors, 1 warning in 4 files
",
        "",
    );
}

#[test]
fn an_empty_database_setting_is_an_error() {
    let test = minimal().edit(
        COURSE,
        "name: Test Course",
        "name: Test Course\ndatabase: \"\"",
    );
    check(test).expect(
        1,
        "course.yaml:2:11: error: `database` is empty; remove the line to keep the gradebook in rapport.db beside course.yaml
   2 | database: \"\"
     |           ^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_file_name_that_is_not_utf8_is_reported_and_the_rest_checked() {
    use std::os::unix::ffi::OsStrExt as _;
    let test = minimal();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    std::fs::write(test.path("curriculum").join(name), "title: x\n").unwrap();
    check(test).expect(
        1,
        "curriculum/caf\u{fffd}.yaml:1:1: error: this file's name is not UTF-8 text, so it cannot be an ID; rename the file
1 error, 0 warnings in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Files the course may read: regular files inside the course folder, nothing else

/// Guards a test against hanging on a FIFO: should rapport ever open `fifo` for reading, a
/// writer opens and closes it after 10 s, so rapport reads an empty file and the test fails on
/// its output instead of hanging. (When rapport never opens it, the guard waits, detached,
/// until the test binary exits.)
fn unblock_after(fifo: std::path::PathBuf) {
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(10));
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    });
}

fn mkfifo(path: &std::path::Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    unblock_after(path.to_owned());
}

fn link(target: impl AsRef<std::path::Path>, test: &Test, rel: &str) {
    let path = test.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, path).unwrap();
}

#[test]
fn links_out_of_the_course_are_errors_and_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.html");
    std::fs::write(&secret, "TOP SECRET {{ page.title }}").unwrap();
    std::fs::write(outside.path().join("module.yaml"), "title: Stolen\n").unwrap();
    let test = check(minimal());
    link(&secret, &test, "templates/catalog/index.html");
    link("/", &test, "templates/everything");
    link("/dev/zero", &test, "templates/zero.css");
    link(
        outside.path().join("module.yaml"),
        &test,
        "curriculum/stolen.yaml",
    );
    let out = outside.path().display();
    test.expect(
        1,
        &format!(
            "curriculum/stolen.yaml:1:1: error: this link points outside the course (to `{out}/module.yaml`); rapport reads only files inside the course folder: copy it into the course instead
templates/catalog/index.html:1:1: error: this link points outside the course (to `{out}/secret.html`); rapport reads only files inside the course folder: copy it into the course instead
templates/everything:1:1: error: this link points outside the course (to `/`); rapport reads only files inside the course folder: copy it into the course instead
templates/zero.css:1:1: error: this link points outside the course (to `/dev/zero`); rapport reads only files inside the course folder: copy it into the course instead
4 errors, 0 warnings in 5 files
"
        ),
        "",
    );
}

#[test]
fn links_to_folders_are_errors_so_two_links_to_dot_cannot_loop() {
    let test = check(minimal());
    link(".", &test, "templates/a");
    link("..", &test, "templates/catalog/b");
    test.expect(
        1,
        "templates/a:1:1: error: this is a link to the folder `.`; rapport does not follow links to folders: copy the folder or link each file
templates/catalog/b:1:1: error: this is a link to the folder `..`; rapport does not follow links to folders: copy the folder or link each file
2 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_circle_of_links_is_an_error() {
    let test = check(minimal());
    link("b.yaml", &test, "curriculum/a.yaml");
    link("a.yaml", &test, "curriculum/b.yaml");
    test.expect(
        1,
        "curriculum/a.yaml:1:1: error: this link to `b.yaml` cannot be followed: it leads in a circle of links or through a folder that cannot be opened; replace it with the file itself
curriculum/b.yaml:1:1: error: this link to `a.yaml` cannot be followed: it leads in a circle of links or through a folder that cannot be opened; replace it with the file itself
2 errors, 0 warnings in 6 files
",
        "",
    );
}

#[test]
fn fifos_are_reported_never_opened() {
    let test = check(minimal());
    mkfifo(&test.path("rubrics/pipe.yaml"));
    mkfifo(&test.path("templates/catalog/index.html"));
    mkfifo(&test.path("templates/notes.txt")); // not a template name: not rapport's business
    test.expect(
        1,
        "rubrics/pipe.yaml:1:1: error: this is a named pipe (FIFO), not a regular file, so it is not read; remove it or replace it with a file
templates/catalog/index.html:1:1: error: this is a named pipe (FIFO), not a regular file, so it is not read; remove it or replace it with a file
2 errors, 0 warnings in 5 files
",
        "",
    );
}

#[test]
fn dangling_links_are_warnings_at_their_names() {
    let test = check(minimal());
    link("drafts/old.yaml", &test, "curriculum/old.yaml");
    link("/nowhere/scale.yaml", &test, "rubrics/scale.yaml");
    link("gone.html", &test, "templates/catalog/index.html");
    link("gone.txt", &test, "curriculum/notes.txt"); // not a course file name: ignored
    test.expect(
        0,
        "curriculum/old.yaml:1:1: warning: this link points to `drafts/old.yaml`, which does not exist, so it is not read; fix the link or remove it
rubrics/scale.yaml:1:1: warning: this link points to `/nowhere/scale.yaml`, which does not exist, so it is not read; fix the link or remove it
templates/catalog/index.html:1:1: warning: this link points to `gone.html`, which does not exist, so it is not read; fix the link or remove it
0 errors, 3 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_link_to_a_file_inside_the_course_is_read() {
    let test = check(minimal()).write(
        "shared/mixing.yaml",
        "title: Mixing\nskill: communication\nsummary: Mix.\nobjectives: [Balance]\nlessons:\n  - { title: Faders, minutes: 20, body: Up. }\nassessed_by: [oral-communication]\n",
    );
    link("../shared/mixing.yaml", &test, "curriculum/mixing.yaml");
    test.expect(0, "0 errors, 0 warnings in 5 files\n", "");
}

#[test]
fn a_course_file_over_one_mib_is_an_error() {
    let big = format!("title: Talkback\n# {}\n", "x".repeat(1024 * 1024));
    let test = check(minimal())
        .write(TALKBACK, &big)
        .write("templates/catalog/index.html", &big);
    test.expect(
        1,
        "curriculum/talkback.yaml:1:1: error: this file is larger than 1 MiB (1048595 bytes), the most rapport reads from a course file; split it or shorten it
templates/catalog/index.html:1:1: error: this file is larger than 1 MiB (1048595 bytes), the most rapport reads from a course file; split it or shorten it
2 errors, 0 warnings in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Templates

#[test]
fn a_template_syntax_error_is_located() {
    let test = check(minimal()).write(
        "templates/catalog/index.html",
        "{% extends \"base.html\" %}\n{% block content %}{% for x in %}{% endblock content %}\n",
    );
    test.expect(
        1,
        "templates/catalog/index.html:2:32: error: this template is not valid: found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`; fix it, or remove the file to use the built-in template
   2 | {% block content %}{% for x in %}{% endblock content %}
     |                                ^^
1 error, 0 warnings in 5 files
",
        "",
    );
}

#[test]
fn a_template_that_replaces_nothing_is_a_warning_with_did_you_mean() {
    let test = check(minimal())
        .write("templates/catalog/idnex.html", "<p>ours</p>\n")
        .write("templates/cover.html", "<p>ours</p>\n");
    test.expect(
        0,
        "templates/catalog/idnex.html:1:1: warning: template `catalog/idnex.html` replaces no built-in template and no template includes it, so it is never used, did you mean `catalog/index.html`?
   1 | <p>ours</p>
     | ^
templates/cover.html:1:1: warning: template `cover.html` replaces no built-in template and no template includes it, so it is never used; rename it to the built-in template it replaces, or remove it
   1 | <p>ours</p>
     | ^
0 errors, 2 warnings in 6 files
",
        "",
    );
}

#[test]
fn a_new_template_that_an_override_includes_is_used() {
    let test = check(minimal())
        .write(
            "templates/catalog/rubric.html",
            "{% extends \"base.html\" %}{% block content %}{% include \"partials/note.html\" %}{% endblock content %}",
        )
        .write("templates/partials/note.html", "<p>{{ page.title }}</p>");
    test.expect(0, "0 errors, 0 warnings in 6 files\n", "");
}

#[test]
fn a_template_extending_a_missing_one_is_located() {
    let test = check(minimal()).write(
        "templates/catalog/module.html",
        "{% extends \"layout.html\" %}\n{% block content %}ours{% endblock content %}\n",
    );
    test.expect(
        1,
        "templates/catalog/module.html:1:12: error: this template extends `layout.html`, which is neither a built-in template nor in `templates/`
   1 | {% extends \"layout.html\" %}
     |            ^^^^^^^^^^^^^
1 error, 0 warnings in 5 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Numbers: every one has a range (docs/FORMATS.md), out-of-range values are located errors

#[test]
fn lesson_minutes_too_large_are_out_of_range_not_wrapped() {
    let test = check(minimal())
        .edit(TALKBACK, "minutes: 30", "minutes: 4294967295")
        .edit(DIRECTION, "minutes: 45", "minutes: 1e30");
    test.expect(
        1,
        "curriculum/direction.yaml:8:14: error: `minutes` is out of range: `1e30`; write a whole number from 1 to 1440
   8 |     minutes: 1e30
     |              ^^^^
curriculum/talkback.yaml:8:14: error: `minutes` is out of range: `4294967295`; write a whole number from 1 to 1440
   8 |     minutes: 4294967295
     |              ^^^^^^^^^^
2 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn lesson_minutes_must_be_whole_and_at_most_a_day() {
    let test = check(minimal())
        .edit(TALKBACK, "minutes: 30", "minutes: 1441")
        .edit(DIRECTION, "minutes: 45", "minutes: 45.5");
    test.expect(
        1,
        "curriculum/direction.yaml:8:14: error: `minutes` must be a whole number from 1 to 1440, not `45.5`
   8 |     minutes: 45.5
     |              ^^^^
curriculum/talkback.yaml:8:14: error: `minutes` is out of range: `1441`; write a whole number from 1 to 1440
   8 |     minutes: 1441
     |              ^^^^
2 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn weights_too_large_not_a_number_or_infinite_are_errors() {
    let test = check(minimal())
        .edit(RUBRIC, "weight: 2", "weight: 1e308")
        .edit(
            RUBRIC,
            "  - id: listening\n",
            "  - id: listening\n    weight: .nan\n",
        );
    test.expect(
        1,
        "rubrics/oral-communication.yaml:11:13: error: `weight` must be a number > 0 and at most 1000, not 1e308
   11 |     weight: 1e308
      |             ^^^^^
rubrics/oral-communication.yaml:18:13: error: `weight` must be a number > 0 and at most 1000, not .nan
   18 |     weight: .nan
      |             ^^^^
2 errors, 0 warnings in 4 files
",
        "",
    );
    let test = check(minimal()).edit(RUBRIC, "weight: 2", "weight: .inf");
    test.expect(
        1,
        "rubrics/oral-communication.yaml:11:13: error: `weight` must be a number > 0 and at most 1000, not .inf
   11 |     weight: .inf
      |             ^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn level_scores_at_most_1000_with_at_most_six_decimals() {
    let test = check(minimal())
        .edit(RUBRIC, "{ score: 3, label", "{ score: 3.1234567, label")
        .edit(RUBRIC, "{ score: 4, label", "{ score: 1000.5, label")
        .edit(RUBRIC, "mastery_level: 3", "mastery_level: 2")
        .edit(RUBRIC, "      3: Gives one", "      3.1234567: Gives one")
        .edit(RUBRIC, "      3: Summarises", "      3.1234567: Summarises")
        .edit(RUBRIC, "      4: Picks", "      1000.5: Picks")
        .edit(RUBRIC, "      4: Draws", "      1000.5: Draws");
    test.expect(
        1,
        "rubrics/oral-communication.yaml:5:14: error: a level score has at most 6 decimal places; `3.1234567` has 7: round it
   5 |   - { score: 3.1234567, label: Proficient }
     |              ^^^^^^^^^
rubrics/oral-communication.yaml:6:14: error: a level score must be a number from 0 to 1000, not 1000.5
   6 |   - { score: 1000.5, label: Exemplary }
     |              ^^^^^^
2 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_mastery_level_that_is_not_a_number_is_not_a_level_score() {
    let test = check(minimal()).edit(RUBRIC, "mastery_level: 3", "mastery_level: .nan");
    test.expect(
        1,
        "rubrics/oral-communication.yaml:7:16: error: `mastery_level` is .nan, which is not a level score; use one of 1, 2, 3, 4
   7 | mastery_level: .nan
     |                ^^^^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn mastery_settings_out_of_range_are_located() {
    let test = check(minimal()).write(
        COURSE,
        "name: Test Course\nskills:\n  - { id: communication, title: Communication }\nrecent_days: 1e30\nmastery:\n  method: n_mastery\n  n: 4294967297\n",
    );
    test.expect(
        1,
        "course.yaml:4:14: error: `recent_days` is out of range: `1e30`; write a whole number from 1 to 3650
   4 | recent_days: 1e30
     |              ^^^^
course.yaml:7:6: error: `n` is out of range: `4294967297`; write a whole number from 1 to 10
   7 |   n: 4294967297
     |      ^^^^^^^^^^
2 errors, 0 warnings in 4 files
",
        "",
    );
    let test = check(minimal()).write(
        COURSE,
        "name: Test Course\nskills:\n  - { id: communication, title: Communication }\nrecent_days: 3651\nmastery:\n  recent_weight: .nan\n",
    );
    test.expect(
        1,
        "course.yaml:4:14: error: `recent_days` is out of range: `3651`; write a whole number from 1 to 3650
   4 | recent_days: 3651
     |              ^^^^
course.yaml:6:18: error: `recent_weight` for `decaying_average` must be from 0.50 to 0.99, not .nan
   6 |   recent_weight: .nan
     |                  ^^^^
2 errors, 0 warnings in 4 files
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Control characters in YAML text (docs/FORMATS.md § Text)

#[test]
fn a_raw_control_character_is_reported_at_its_own_place_and_shown_escaped() {
    let test = check(minimal()).edit(
        TALKBACK,
        "summary: Speaking to a performer through the talkback.",
        "summary: |\n  Speaking to a performer\n  through the \u{1b}]0;pwned\u{7}talkback.",
    );
    test.expect(
        1,
        "curriculum/talkback.yaml:5:15: error: this file holds the control character U+001B (escape), which no course file may hold; remove it
   5 |   through the \\u{1b}]0;pwned\\u{7}talkback.
     |               ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn escaped_control_characters_in_quoted_text_are_reported_at_the_value() {
    let test = check(minimal())
        .edit(TALKBACK, "title: Talkback", "title: \"Talk\\eback\"")
        .edit(RUBRIC, "1: Interrupts.", "1: \"Inter\\0rupts.\"")
        .edit(RUBRIC, "title: Listening", "title: \"Listening\\nclosely\"")
        .edit(DIRECTION, "title: Notes", "title: \"Notes\\tand\\tcues\"")
        .write(
            COURSE,
            "name: Test Course\norganization: \"Gray\\u009bSpark\"\nskills:\n  - { id: communication, title: Communication }\n",
        );
    test.expect(
        1,
        "course.yaml:2:15: error: `organization` holds the control character U+009B (control sequence introducer) at character 5; remove it
   2 | organization: \"Gray\\u009bSpark\"
     |               ^^^^^^^^^^^^^^^^^
curriculum/talkback.yaml:1:8: error: `title` holds the control character U+001B (escape) at character 5; remove it
   1 | title: \"Talk\\eback\"
     |        ^^^^^^^^^^^^
rubrics/oral-communication.yaml:18:12: error: `title` has a line break at character 10; keep it on one line
   18 |     title: \"Listening\\nclosely\"
      |            ^^^^^^^^^^^^^^^^^^^^
rubrics/oral-communication.yaml:20:10: error: `descriptor` holds the control character U+0000 (NUL) at character 6; remove it
   20 |       1: \"Inter\\0rupts.\"
      |          ^^^^^^^^^^^^^^^
4 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_course_folder_that_is_a_link_out_of_the_course_is_not_walked() {
    let test = check(minimal());
    link("/", &test, "templates");
    test.expect(
        1,
        "templates:1:1: error: this link points outside the course (to `/`); rapport reads only files inside the course folder: copy it into the course instead
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_course_yaml_linked_out_of_the_course_is_refused_by_every_command() {
    let outside = tempfile::tempdir().unwrap();
    let real = outside.path().join("course.yaml");
    let test = minimal();
    std::fs::rename(test.path(COURSE), &real).unwrap();
    link(&real, &test, COURSE);
    let error = format!(
        "course.yaml:1:1: error: this link points outside the course (to `{}`); rapport reads only files inside the course folder: copy it into the course instead\n",
        real.display()
    );
    let test = check(test);
    test.expect(1, &format!("{error}1 error, 0 warnings in 4 files\n"), "");
    let before = test.snapshot();
    // `student list` reads course.yaml to find the gradebook beside it; on the PostgreSQL run
    // `RAPPORT_DB` names the gradebook, and `student list` reads no course.
    let mut commands = vec![&["progress", "amara"][..]];
    if !test.on_postgres() {
        commands.push(&["student", "list"]);
    }
    let mut test = test;
    for args in commands {
        test = test.args(args);
        test.expect(
            1,
            "",
            &format!(
                "{error}error: the course has 1 error; nothing was written\n  hint: run `rapport check` to see every problem with its place\n"
            ),
        );
        assert_eq!(test.snapshot(), before, "{args:?}");
    }
}

#[test]
fn a_template_that_is_not_utf8_is_located() {
    let test = check(minimal());
    std::fs::create_dir_all(test.path("templates/catalog")).unwrap();
    std::fs::write(
        test.path("templates/catalog/index.html"),
        b"caf\xe9 {{ x }}",
    )
    .unwrap();
    test.expect(
        1,
        "templates/catalog/index.html:1:4: error: this file is not UTF-8 text (byte 0xE9); save it with UTF-8 encoding
1 error, 0 warnings in 5 files
",
        "",
    );
}

#[test]
fn a_one_line_text_written_as_a_block_is_refused_at_its_line_break() {
    let test = check(minimal()).edit(TALKBACK, "title: Talkback", "title: |\n  Talk\n  back");
    test.expect(
        1,
        "curriculum/talkback.yaml:2:7: error: `title` has a line break at character 5; keep it on one line
   2 |   Talk
     |       ^
1 error, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn a_template_that_fails_while_rendering_the_handbook_is_located() {
    let test = check(minimal()).write(
        "templates/catalog/rubric.html",
        "{% extends \"base.html\" %}{% block content %}\n<p>{{ nothing.here }}</p>{% endblock content %}",
    );
    test.expect(
        1,
        "templates/catalog/rubric.html:2:7: error: variable `nothing` is not defined. Available variables: criteria, description_html, id, levels, mastery_label, mastery_score, page, used_by; fix the template, or remove it to use the built-in one
   2 | <p>{{ nothing.here }}</p>{% endblock content %}
     |       ^
1 error, 0 warnings in 5 files
",
        "",
    );
}

#[test]
fn a_template_whose_page_would_pass_50_mib_is_an_error() {
    let test = check(minimal()).write(
        "templates/catalog/module.html",
        &format!(
            "{{% for a in range(end=1000) %}}{{% for b in range(end=100) %}}{}{{% endfor %}}{{% endfor %}}",
            "x".repeat(1000)
        ),
    );
    test.expect(
        1,
        "templates/catalog/module.html:1:1: error: the page `catalog/module.html` would be larger than 50 MiB, the most rapport writes for one page; a loop in the template runs far too long
1 error, 0 warnings in 5 files
",
        "",
    );
}
