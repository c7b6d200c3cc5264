//! Gradebook tests: `score`, its refusals, amendments, and the audit trail in `history`.
//!
//! Every test starts from tests/fixtures/minimal (rubric `oral-communication`: levels Emerging 1,
//! Developing 2, Proficient 3, Exemplary 4; criteria `direction` and `listening`) with two
//! students, an instructor and a session. A refusal must write nothing: `export` and
//! `history --json` read the same before and after.

use crate::support::{Test, expect_snapshot};

/// The fixture's files: what a course holds before anything has been written.
const COURSE_FILES: [&str; 4] = [
    "course.yaml",
    "curriculum/direction.yaml",
    "curriculum/talkback.yaml",
    "rubrics/oral-communication.yaml",
];

const HEADER: &str = "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n";

/// `amara … --by jo` on oral-communication in mina-vocals: the usual assessment.
const AMARA_BY_JO: [&str; 8] = [
    "score",
    "amara",
    "--rubric",
    "oral-communication",
    "--session",
    "mina-vocals",
    "--by",
    "jo",
];

/// Runs one command on the course and asserts its whole outcome; returns the course for more.
fn step(test: Test, args: &[&str], code: i32, stdout: &str, stderr: &str) -> Test {
    let test = test.args(args);
    test.expect(code, stdout, stderr);
    test
}

/// `AMARA_BY_JO` followed by `more`.
fn amara_by_jo<'a>(more: &[&'a str]) -> Vec<&'a str> {
    AMARA_BY_JO
        .iter()
        .copied()
        .chain(more.iter().copied())
        .collect()
}

/// Amara and Ben on the roster, Jo and Sam instructors, the session mina-vocals on 2026-09-14.
fn course() -> Test {
    let mut test = Test::with_fixture("minimal");
    for args in [
        &["student", "add", "amara", "--name", "Amara Okafor"][..],
        &["student", "add", "ben", "--name", "Ben Li"],
        &["instructor", "add", "jo", "--name", "Jo Park"],
        &["instructor", "add", "sam", "--name", "Sam Reyes"],
        &[
            "session",
            "add",
            "mina-vocals",
            "--date",
            "2026-09-14",
            "--kind",
            "live",
            "--title",
            "Vocals with Mina",
        ],
    ] {
        test = test.given(args);
    }
    test
}

/// Everything recorded: the export (latest revisions) and both students' whole history.
fn recorded(test: Test) -> (Test, String) {
    let mut all = String::new();
    let mut test = test;
    for args in [
        &["export"][..],
        &["history", "amara", "--json"],
        &["history", "ben", "--json"],
    ] {
        test = test.args(args);
        let out = test.run();
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{args:?}");
        all.push_str(&out.stdout);
    }
    (test, all)
}

/// Asserts that a command is refused with exit `code` and `stderr`, and records nothing.
fn refused(test: Test, args: &[&str], code: i32, stderr: &str) -> Test {
    let (test, before) = recorded(test);
    let test = step(test, args, code, "", stderr);
    let (test, after) = recorded(test);
    assert_eq!(after, before, "{args:?} changed what was recorded");
    test
}

/// A course where Jo has scored Amara: direction 3 (with a note), listening 2, and a comment.
fn scored() -> Test {
    course().given(&amara_by_jo(&[
        "direction=3",
        "listening=2",
        "--comment",
        "Good first take",
        "--note",
        "direction=One note per take",
    ]))
}

// ---------------------------------------------------------------------------------------------
// Timestamps: their format is asserted, then they are replaced by a placeholder.

/// Whether `text` has the shape of `pattern`, where `d` stands for any ASCII digit.
fn shaped(text: &str, pattern: &str) -> bool {
    text.len() == pattern.len()
        && text
            .chars()
            .zip(pattern.chars())
            .all(|(c, p)| if p == 'd' { c.is_ascii_digit() } else { c == p })
}

/// Replaces every `"recorded_at": "…"` value, which must be RFC 3339 UTC to the second
/// (`2026-11-25T13:51:30Z`), by `<recorded_at>`; returns the text and the values in order.
fn normalise_json_times(json: &str) -> (String, Vec<String>) {
    const KEY: &str = "\"recorded_at\": \"";
    let (mut out, mut times, mut rest) = (String::new(), Vec::new(), json);
    while let Some(at) = rest.find(KEY) {
        let start = at + KEY.len();
        let end = start + rest[start..].find('"').expect("closing quote");
        let time = &rest[start..end];
        assert!(
            shaped(time, "dddd-dd-ddTdd:dd:ddZ"),
            "recorded_at {time:?} is not RFC 3339 UTC"
        );
        times.push(time.to_owned());
        out.push_str(&rest[..start]);
        out.push_str("<recorded_at>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, times)
}

/// Replaces the local time (`YYYY-MM-DD HH:MM`) that starts a history entry by `<time>`;
/// returns the text and the times in order.
fn normalise_text_times(text: &str) -> (String, Vec<String>) {
    let mut times = Vec::new();
    let lines: Vec<String> = text
        .lines()
        .map(|line| match line.get(..16) {
            Some(time) if shaped(time, "dddd-dd-dd dd:dd") => {
                times.push(time.to_owned());
                format!("<time>{}", &line[16..])
            }
            _ => line.to_owned(),
        })
        .collect();
    (lines.join("\n") + "\n", times)
}

/// Times of the same format, newest first (equal ones in any order).
fn assert_newest_first(times: &[String]) {
    assert!(
        times.windows(2).all(|pair| pair[0] >= pair[1]),
        "not newest first: {times:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Recording

#[test]
fn score_records_one_assessment_and_says_what() {
    let test = step(
        course(),
        &amara_by_jo(&[
            "direction=3",
            "listening=2",
            "--comment",
            "Good first take",
            "--note",
            "direction=One note per take",
        ]),
        0,
        "",
        "recorded `amara` on `oral-communication` in `mina-vocals` by `jo`: direction 3, listening 2\n",
    );
    step(
        test,
        &["export"],
        0,
        &format!(
            "{HEADER}mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,direction,3,One note per take,Good first take,Vocals with Mina,live
mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,listening,2,,Good first take,Vocals with Mina,live
"
        ),
        "",
    );
}

#[test]
fn ids_of_a_score_are_case_insensitive() {
    let test = step(
        course(),
        &[
            "score",
            "AMARA",
            "--rubric",
            "Oral-Communication",
            "--session",
            "Mina-Vocals",
            "--by",
            "JO",
            "Direction=3",
            "LISTENING=2",
        ],
        0,
        "",
        "recorded `amara` on `oral-communication` in `mina-vocals` by `jo`: direction 3, listening 2\n",
    );
    step(
        test,
        &["export"],
        0,
        &format!(
            "{HEADER}mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,direction,3,,,Vocals with Mina,live
mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,listening,2,,,Vocals with Mina,live
"
        ),
        "",
    );
}

#[test]
fn a_level_may_be_given_by_its_label_in_any_case() {
    let test = step(
        course(),
        &amara_by_jo(&["direction=proficient", "listening=DEVELOPING"]),
        0,
        "",
        "recorded `amara` on `oral-communication` in `mina-vocals` by `jo`: direction 3, listening 2\n",
    );
    // A score is read as a number first: 4.0 is the level 4.
    step(
        test,
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "direction=4.0",
            "listening=Exemplary",
        ],
        0,
        "",
        "recorded `ben` on `oral-communication` in `mina-vocals` by `jo`: direction 4, listening 4\n",
    );
}

/// An AAC&U VALUE-style rubric: two levels share the label "Milestone".
const VALUE_RUBRIC: &str = "title: Teamwork (VALUE)
levels:
  - { score: 1, label: Benchmark }
  - { score: 2, label: Milestone }
  - { score: 3, label: Milestone }
  - { score: 4, label: Capstone }
mastery_level: 3
criteria:
  - id: contributes
    title: Contributes to team meetings
    descriptors:
      1: Shares ideas but does not advance the work.
      2: Offers new suggestions to advance the work.
      3: Offers alternative solutions that build on the ideas of others.
      4: Helps the team move forward by weighing alternatives aloud.
";

const TEAMWORK_MODULE: &str = "title: Teamwork
skill: communication
summary: Working in a team.
objectives:
  - Move a team forward
lessons:
  - title: Meetings
    body: Build on the ideas of others.
assessed_by: [value]
";

#[test]
fn a_label_that_several_levels_share_is_refused_as_ambiguous() {
    let test = course()
        .write("rubrics/value.yaml", VALUE_RUBRIC)
        .write("curriculum/teamwork.yaml", TEAMWORK_MODULE);
    let test = step(
        test,
        &["check"],
        0,
        "rubrics/value.yaml:5:24: warning: levels 2 and 3 share the label `Milestone`; it cannot name a level when scoring (use the score)
   5 |   - { score: 3, label: Milestone }
     |                        ^^^^^^^^^
0 errors, 1 warning in 6 files
",
        "",
    );
    let value = |level: &'static str| {
        vec![
            "score",
            "amara",
            "--rubric",
            "value",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            level,
        ]
    };
    let test = refused(
        test,
        &value("contributes=milestone"),
        1,
        "error: `contributes`: the label `milestone` names 2 levels of `value` (2 and 3); give the score instead\n",
    );
    let test = step(
        test,
        &value("contributes=capstone"),
        0,
        "",
        "recorded `amara` on `value` in `mina-vocals` by `jo`: contributes 4\n",
    );
    step(
        test,
        &[
            "score",
            "ben",
            "--rubric",
            "value",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "contributes=3",
        ],
        0,
        "",
        "recorded `ben` on `value` in `mina-vocals` by `jo`: contributes 3\n",
    );
}

#[test]
fn score_on_a_course_without_a_database_creates_none() {
    let test = Test::with_fixture("minimal").args(&amara_by_jo(&["direction=3", "listening=2"]));
    test.expect(
        1,
        "",
        "error: unknown student `amara`\n  hint: add them with `rapport student add amara --name \"…\"`\n",
    );
    assert_eq!(test.files(), COURSE_FILES);
}

// ---------------------------------------------------------------------------------------------
// Refusals: each says what is wrong and suggests the likely fix; nothing is written

#[test]
fn an_unknown_student_is_refused_with_did_you_mean() {
    refused(
        scored(),
        &[
            "score",
            "amra",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "direction=3",
            "listening=2",
        ],
        1,
        "error: unknown student `amra`, did you mean `amara`?\n  hint: add them with `rapport student add amra --name \"…\"`\n",
    );
}

#[test]
fn an_unknown_rubric_is_refused_with_did_you_mean() {
    let rubric = |id: &'static str| {
        vec![
            "score",
            "ben",
            "--rubric",
            id,
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "direction=3",
            "listening=2",
        ]
    };
    let test = refused(
        scored(),
        &rubric("oral-comms"),
        1,
        "error: unknown rubric `oral-comms`, did you mean `oral-communication`?\n  hint: the course's rubrics are `oral-communication`\n",
    );
    refused(
        test,
        &rubric("teamwork"),
        1,
        "error: unknown rubric `teamwork`\n  hint: the course's rubrics are `oral-communication`\n",
    );
}

#[test]
fn an_unknown_criterion_is_refused_with_did_you_mean() {
    let ben = |more: &[&'static str]| {
        let mut args = vec![
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
        ];
        args.extend_from_slice(more);
        args
    };
    let test = refused(
        scored(),
        &ben(&["direktion=3", "listening=2"]),
        1,
        "error: unknown criterion `direktion` in `oral-communication`, did you mean `direction`?\n",
    );
    refused(
        test,
        &ben(&[
            "direction=3",
            "listening=2",
            "--note",
            "listenin=Summarised",
        ]),
        1,
        "error: unknown criterion `listenin` in `oral-communication`, did you mean `listening`?\n",
    );
}

#[test]
fn an_unknown_session_is_refused_with_did_you_mean() {
    refused(
        scored(),
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocal",
            "--by",
            "jo",
            "direction=3",
            "listening=2",
        ],
        1,
        "error: unknown session `mina-vocal`, did you mean `mina-vocals`?\n  hint: add it with `rapport session add mina-vocal --date YYYY-MM-DD --kind live --title \"…\"`\n",
    );
}

#[test]
fn an_unknown_instructor_is_refused_with_did_you_mean() {
    let by = |rater: &'static str| {
        vec![
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            rater,
            "direction=3",
            "listening=2",
        ]
    };
    let test = refused(
        scored(),
        &by("joe"),
        1,
        "error: unknown instructor `joe`, did you mean `jo`?\n  hint: register them with `rapport instructor add joe --name \"…\"`; a student rating themself uses `--self`, another student `--peer`\n",
    );
    // A student is not an instructor.
    refused(
        test,
        &by("amara"),
        1,
        "error: `amara` is a student, not an instructor\n  hint: add `--peer` for a peer assessment\n",
    );
}

#[test]
fn levels_that_are_not_on_the_rubric_are_all_listed() {
    let test = refused(
        scored(),
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "direction=5",
            "listening=great",
        ],
        1,
        "error: the assessment has problems:
  - `direction`: `5` is not a level of `oral-communication`; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)
  - `listening`: `great` is not a level of `oral-communication`; use a score (1, 2, 3, 4) or a label (Emerging, Developing, Proficient, Exemplary)
",
    );
    let test = refused(
        test,
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "direction=3",
            "direction=4",
            "listening=2",
        ],
        1,
        "error: criterion `direction` is given twice; keep one\n",
    );
    refused(
        test,
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "direction3",
            "listening=2",
        ],
        1,
        "error: `direction3` is not of the form CRITERION=LEVEL\n  hint: e.g. `direction=3` or `direction=Proficient`\n",
    );
}

#[test]
fn missing_criteria_are_refused_without_a_terminal() {
    let ben = |more: &[&'static str]| {
        let mut args = vec![
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
        ];
        args.extend_from_slice(more);
        args
    };
    let test = refused(
        scored(),
        &ben(&["direction=3"]),
        1,
        "error: missing criterion `listening`; score it too, or pass `--partial` if it was not observed\n",
    );
    refused(
        test,
        &ben(&["--comment", "Quiet today"]),
        1,
        "error: missing criteria `direction`, `listening`; score them too, or pass `--partial` if they were not observed\n",
    );
}

#[test]
fn partial_records_only_the_criteria_given() {
    let test = step(
        course(),
        &amara_by_jo(&["listening=3", "--partial"]),
        0,
        "",
        "recorded `amara` on `oral-communication` in `mina-vocals` by `jo`: listening 3\n",
    );
    step(
        test,
        &["export"],
        0,
        &format!(
            "{HEADER}mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,listening,3,,,Vocals with Mina,live\n"
        ),
        "",
    );
}

#[test]
fn interactive_scoring_without_a_terminal_is_refused() {
    refused(
        scored(),
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "-i",
        ],
        1,
        "error: `-i` needs a terminal to ask on\n  hint: give the levels as CRITERION=LEVEL arguments instead\n",
    );
}

#[test]
fn reason_without_amend_is_a_usage_error() {
    let test = scored();
    let db = test.db_in_usage();
    refused(
        test,
        &amara_by_jo(&["direction=4", "--reason", "misread my notes"]),
        2,
        &format!("error: the following required arguments were not provided:
  --amend

Usage: rapport score --rubric <RUBRIC> --session <SESSION> --by <RATER> --amend --reason <REASON> {db}<STUDENT> <CRITERION=LEVEL>...

For more information, try '--help'.
"),
    );
}

// ---------------------------------------------------------------------------------------------
// A second assessment, amendments

#[test]
fn a_second_assessment_of_the_same_key_is_refused_without_amend() {
    let test = refused(
        scored(),
        &amara_by_jo(&["direction=4", "listening=2"]),
        1,
        "error: `amara` already has an instructor assessment by `jo` on `oral-communication` in session `mina-vocals`
  hint: to correct it, score again with `--amend` (and `--reason` to say why); the first version stays in `rapport history`
",
    );
    // Another instructor scoring the same student in the same session is a separate assessment.
    let test = step(
        test,
        &[
            "score",
            "amara",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "sam",
            "direction=4",
            "listening=3",
        ],
        0,
        "",
        "recorded `amara` on `oral-communication` in `mina-vocals` by `sam`: direction 4, listening 3\n",
    );
    step(
        test,
        &["export"],
        0,
        &format!(
            "{HEADER}mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,direction,3,One note per take,Good first take,Vocals with Mina,live
mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,listening,2,,Good first take,Vocals with Mina,live
mina-vocals,2026-09-14,amara,sam,instructor,oral-communication,direction,4,,,Vocals with Mina,live
mina-vocals,2026-09-14,amara,sam,instructor,oral-communication,listening,3,,,Vocals with Mina,live
"
        ),
        "",
    );
}

#[test]
fn amend_makes_revision_2_and_keeps_what_it_does_not_change() {
    let test = step(
        scored(),
        &amara_by_jo(&["direction=4", "--amend", "--reason", "misread my notes"]),
        0,
        "",
        "amended `amara` on `oral-communication` in `mina-vocals` by `jo` (revision 2): direction 4, listening 2\n",
    );
    // Listening, the note on direction and the comment come from revision 1.
    let test = step(
        test,
        &["export"],
        0,
        &format!(
            "{HEADER}mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,direction,4,One note per take,Good first take,Vocals with Mina,live
mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,listening,2,,Good first take,Vocals with Mina,live
"
        ),
        "",
    );
    let test = test.args(&["history", "amara", "--json"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let (json, times) = normalise_json_times(&out.stdout);
    assert_eq!(times.len(), 2);
    assert!(json.contains("\"revision\": 2,\n    \"recorded_at\": \"<recorded_at>\",\n    \"reason\": \"misread my notes\","), "{json}");
}

#[test]
fn an_amendment_identical_to_the_current_revision_is_unchanged() {
    let test = step(
        scored(),
        &amara_by_jo(&["direction=3", "--amend", "--reason", "checked again"]),
        0,
        "",
        "unchanged: `amara` on `oral-communication` in `mina-vocals` by `jo` already reads direction 3, listening 2\n",
    );
    let test = test.args(&["history", "amara", "--json"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let (json, times) = normalise_json_times(&out.stdout);
    assert_eq!(times.len(), 1, "no new revision:\n{json}");
}

#[test]
fn amend_of_an_assessment_not_yet_recorded_records_it() {
    step(
        scored(),
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
            "direction=2",
            "listening=2",
            "--amend",
        ],
        0,
        "",
        "recorded `ben` on `oral-communication` in `mina-vocals` by `jo`: direction 2, listening 2\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Self and peer assessments

#[test]
fn a_self_assessment_is_by_the_student_themself() {
    let ben_self = |rater: &'static str| {
        vec![
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            rater,
            "--self",
            "direction=4",
            "listening=3",
        ]
    };
    let test = refused(
        scored(),
        &ben_self("amara"),
        1,
        "error: a self-assessment is by the student themself, but `--by` is `amara`, not `ben`\n  hint: use `--by ben`\n",
    );
    let test = refused(
        test,
        &ben_self("jo"),
        1,
        "error: a self-assessment is by the student themself, but `--by` is `jo`, not `ben`\n  hint: use `--by ben`\n",
    );
    let test = step(
        test,
        &ben_self("BEN"),
        0,
        "",
        "recorded `ben` on `oral-communication` in `mina-vocals` by `ben` (self): direction 4, listening 3\n",
    );
    step(
        test,
        &["export", "--student", "ben"],
        0,
        &format!(
            "{HEADER}mina-vocals,2026-09-14,ben,ben,self,oral-communication,direction,4,,,Vocals with Mina,live
mina-vocals,2026-09-14,ben,ben,self,oral-communication,listening,3,,,Vocals with Mina,live
"
        ),
        "",
    );
}

#[test]
fn a_peer_assessment_is_by_another_student_on_the_roster() {
    let ben_peer = |rater: &'static str| {
        vec![
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            rater,
            "--peer",
            "direction=3",
            "listening=3",
        ]
    };
    let test = refused(
        scored(),
        &ben_peer("ben"),
        1,
        "error: `ben` cannot be their own peer\n  hint: use `--self` for a self-assessment\n",
    );
    let test = refused(
        test,
        &ben_peer("amra"),
        1,
        "error: unknown peer `amra`, did you mean `amara`?\n  hint: a peer is another student on the roster\n",
    );
    let test = refused(
        test,
        &ben_peer("jo"),
        1,
        "error: `jo` is an instructor, not a peer\n  hint: drop `--peer` to score as an instructor\n",
    );
    let test = step(
        test,
        &ben_peer("amara"),
        0,
        "",
        "recorded `ben` on `oral-communication` in `mina-vocals` by `amara` (peer): direction 3, listening 3\n",
    );
    step(
        test,
        &["export", "--student", "ben"],
        0,
        &format!(
            "{HEADER}mina-vocals,2026-09-14,ben,amara,peer,oral-communication,direction,3,,,Vocals with Mina,live
mina-vocals,2026-09-14,ben,amara,peer,oral-communication,listening,3,,,Vocals with Mina,live
"
        ),
        "",
    );
}

#[test]
fn self_and_peer_together_are_a_usage_error() {
    let test = scored();
    let db = test.db_in_usage();
    refused(
        test,
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "ben",
            "--self",
            "--peer",
            "direction=3",
            "listening=3",
        ],
        2,
        &format!("error: the argument '--self' cannot be used with '--peer'

Usage: rapport score --rubric <RUBRIC> --session <SESSION> --by <RATER> --self {db}<STUDENT> <CRITERION=LEVEL>...

For more information, try '--help'.
"),
    );
}

// ---------------------------------------------------------------------------------------------
// session show, history

#[test]
fn session_show_lists_what_was_scored() {
    let mut test = scored();
    for args in [
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "ben",
            "--self",
            "direction=4",
            "listening=4",
        ][..],
        &[
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "amara",
            "--peer",
            "direction=3",
            "listening=3",
        ],
    ] {
        test = test.given(args);
    }
    let test = step(
        test,
        &["session", "show", "mina-vocals"],
        0,
        "mina-vocals (2026-09-14): Vocals with Mina
live session

STUDENT  RUBRIC              RATER  ROLE
amara    oral-communication  jo     instructor
ben      oral-communication  amara  peer
ben      oral-communication  ben    self
",
        "",
    );
    let test = test.args(&["session", "show", "mina-vocals", "--json"]);
    expect_snapshot!(test, 0, "session_show_json", "");
}

/// `scored()`, then two amendments by Jo.
fn amended_twice() -> Test {
    let test = scored().given(&amara_by_jo(&[
        "direction=4",
        "--amend",
        "--reason",
        "misread my notes",
    ]));
    test.given(&amara_by_jo(&[
        "listening=Proficient",
        "--comment",
        "Better on a second listen",
        "--note",
        "listening=Summarised the artist's worry",
        "--amend",
        "--reason",
        "listened to the recording",
    ]))
}

#[test]
fn history_lists_every_revision_newest_first() {
    let test = amended_twice().args(&["history", "amara"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let (history, times) = normalise_text_times(&out.stdout);
    assert_eq!(times.len(), 3, "{}", out.stdout);
    assert_newest_first(&times);
    assert_eq!(
        history,
        "history of Amara Okafor (amara)

<time>  amended (revision 3): `oral-communication` in session `mina-vocals` (2026-09-14) by `jo` (instructor)
  reason: listened to the recording
  direction: 4 — One note per take
  listening: 2 → 3 — Summarised the artist's worry
    note was: (none)
  comment was: Good first take
  comment: Better on a second listen

<time>  amended (revision 2): `oral-communication` in session `mina-vocals` (2026-09-14) by `jo` (instructor)
  reason: misread my notes
  direction: 3 → 4 — One note per take
  listening: 2
  comment: Good first take

<time>  scored: `oral-communication` in session `mina-vocals` (2026-09-14) by `jo` (instructor)
  direction: 3 — One note per take
  listening: 2
  comment: Good first take
"
    );
}

#[test]
fn history_as_json() {
    let test = amended_twice().args(&["history", "amara", "--json"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let (json, times) = normalise_json_times(&out.stdout);
    assert_eq!(times.len(), 3);
    assert_newest_first(&times);
    let revision = |n: u32, reason: &str, comment: &str, direction: &str, listening: &str| {
        format!(
            r#"  {{
    "session": "mina-vocals",
    "date": "2026-09-14",
    "student": "amara",
    "rater": "jo",
    "role": "instructor",
    "rubric": "oral-communication",
    "revision": {n},
    "recorded_at": "<recorded_at>",
    "reason": {reason},
    "comment": "{comment}",
    "scores": [
      {{
        "criterion": "direction",
        "level": {direction},
        "note": "One note per take"
      }},
      {{
        "criterion": "listening",
        "level": {listening}
      }}
    ]
  }}"#
        )
    };
    let expected = format!(
        "[\n{},\n{},\n{}\n]\n",
        revision(
            3,
            "\"listened to the recording\"",
            "Better on a second listen",
            "4",
            "3,\n        \"note\": \"Summarised the artist's worry\""
        ),
        revision(
            2,
            "\"misread my notes\"",
            "Good first take",
            "4",
            "2,\n        \"note\": null"
        ),
        revision(
            1,
            "null",
            "Good first take",
            "3",
            "2,\n        \"note\": null"
        ),
    );
    assert_eq!(json, expected);
}

#[test]
fn history_shows_recorded_times_in_local_time() {
    let test = scored().args(&["history", "amara", "--json"]);
    let out = test.run();
    let (_, utc) = normalise_json_times(&out.stdout);
    let utc = &utc[0];
    let local = |test: Test, zone: &str| {
        let test = test.env("TZ", zone).args(&["history", "amara"]);
        let out = test.run();
        assert_eq!((out.code, out.stderr.as_str()), (0, ""));
        let (_, times) = normalise_text_times(&out.stdout);
        assert_eq!(times.len(), 1, "{}", out.stdout);
        (test, times[0].clone())
    };
    // In UTC, the local time is the recorded time to the minute.
    let (test, time) = local(test, "UTC0");
    assert_eq!(time, format!("{} {}", &utc[..10], &utc[11..16]));
    // Five and a half hours east of UTC (a POSIX TZ: no time-zone database needed).
    let (_, time) = local(test, "IST-05:30");
    let minutes = |hh_mm: &str| -> u32 {
        hh_mm[..2].parse::<u32>().unwrap() * 60 + hh_mm[3..].parse::<u32>().unwrap()
    };
    assert_eq!(
        minutes(&time[11..]),
        (minutes(&utc[11..16]) + 5 * 60 + 30) % (24 * 60),
        "{time} is not {utc} in UTC+05:30"
    );
}

#[test]
fn history_of_a_student_with_nothing_recorded() {
    let test = step(
        scored(),
        &["history", "ben"],
        0,
        "history of Ben Li (ben)\nnothing recorded yet\n",
        "",
    );
    let test = step(test, &["history", "BEN", "--json"], 0, "[]\n", "");
    step(
        test,
        &["history", "amra"],
        1,
        "",
        "error: unknown student `amra`, did you mean `amara`?\n  hint: add them with `rapport student add amra --name \"…\"`\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Control characters (docs/FORMATS.md § Text): notes, comments and reasons are multi-line text

#[test]
fn notes_comments_and_reasons_refuse_control_characters_but_keep_tabs_and_line_breaks() {
    let test = refused(
        scored(),
        &amara_by_jo(&[
            "direction=3",
            "listening=2",
            "--note",
            "listening=fine\u{1b}]8;;https://x.example\u{7}",
        ]),
        1,
        "error: `--note listening=` holds the control character U+001B (escape) at character 5; remove it\n",
    );
    let test = refused(
        test,
        &amara_by_jo(&["direction=3", "listening=2", "--comment", "\u{9b}2J"]),
        1,
        "error: `--comment` holds the control character U+009B (control sequence introducer) at character 1; remove it\n",
    );
    let test = refused(
        test,
        &amara_by_jo(&["direction=4", "--amend", "--reason", "misread\u{8}"]),
        1,
        "error: `--reason` holds the control character U+0008 (backspace) at character 8; remove it\n",
    );
    let test = test.given(&amara_by_jo(&[
        "direction=4",
        "--amend",
        "--reason",
        "misread\tthe sheet\nsee notes",
        "--note",
        "direction=Two notes:\r\nfirst\tsecond",
        "--comment",
        "Better\ntake",
    ]));
    let test = test.args(&["export"]);
    test.expect(
        0,
        &format!(
            "{HEADER}mina-vocals,2026-09-14,amara,jo,instructor,oral-communication,direction,4,\"Two notes:\r\nfirst\tsecond\",\"Better\ntake\",Vocals with Mina,live\nmina-vocals,2026-09-14,amara,jo,instructor,oral-communication,listening,2,,\"Better\ntake\",Vocals with Mina,live\n"
        ),
        "",
    );
    let test = test.args(&["history", "amara", "--json"]);
    let out = test.run();
    assert!(
        out.stdout
            .contains(r#""reason": "misread\tthe sheet\nsee notes""#),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Archived students, and walks through several students refused before anything is asked

#[test]
fn an_archived_student_is_refused_in_every_form() {
    let test = scored().given(&["student", "archive", "ben"]);
    let archived =
        "error: `ben` is archived\n  hint: restore them with `rapport student restore ben`\n";
    let ben = |more: &[&'static str]| {
        let mut args = vec![
            "score",
            "ben",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
        ];
        args.extend_from_slice(more);
        args
    };
    let test = refused(test, &ben(&["direction=3", "listening=2"]), 1, archived);
    let test = refused(test, &ben(&["listening=2", "--partial"]), 1, archived);
    let test = refused(test, &ben(&["-i"]), 1, archived);
    let test = refused(
        test,
        &ben(&["direction=3", "listening=2", "--amend"]),
        1,
        archived,
    );
    // Named among others for a walk: refused before the walk starts.
    let test = refused(test, &ben(&["amara"]), 1, archived);
    refused(test, &amara_by_jo(&["ben"]), 1, archived);
}

#[test]
fn a_walk_through_several_students_refuses_what_is_for_one() {
    let walk = |more: &[&'static str]| {
        let mut args = vec![
            "score",
            "--rubric",
            "oral-communication",
            "--session",
            "mina-vocals",
            "--by",
            "jo",
        ];
        args.extend_from_slice(more);
        args
    };
    let test = refused(
        scored(),
        &walk(&["--comment", "Good"]),
        1,
        "error: `--comment` is for one student, and this walks through several
  hint: type notes and comments as you go (or pick recent ones), or name one student
",
    );
    let test = refused(
        test,
        &walk(&["amara", "ben", "--note", "direction=Good"]),
        1,
        "error: `--note` is for one student, and this walks through several
  hint: type notes and comments as you go (or pick recent ones), or name one student
",
    );
    let test = refused(
        test,
        &walk(&["--self"]),
        1,
        "error: a self or peer assessment is of one student
  hint: name the student: `rapport score STUDENT … --self` (or `--peer`)
",
    );
    let test = refused(
        test,
        &walk(&["--cohort", "evening"]),
        1,
        "error: unknown cohort `evening`
  hint: no active student has a cohort; set one with `rapport student add … --cohort` or the roster CSV's `cohort` column
",
    );
    let db = test.db_in_usage();
    let test = refused(
        test,
        &walk(&["amara", "--cohort", "evening"]),
        2,
        &format!("error: the argument '[STUDENT]' cannot be used with '--cohort <COHORT>'

Usage: rapport score --rubric <RUBRIC> --session <SESSION> --by <RATER> {db}<STUDENT> [CRITERION=LEVEL]...

For more information, try '--help'.
"),
    );
    let test = refused(
        test,
        &walk(&["amara", "ben", "zoe"]),
        1,
        "error: unknown student `zoe`\n  hint: add them with `rapport student add zoe --name \"…\"`\n",
    );
    let test = test
        .given(&["student", "archive", "amara"])
        .given(&["student", "archive", "ben"]);
    refused(
        test,
        &walk(&[]),
        1,
        "error: there are no active students to score
  hint: add them with `rapport student add ID --name \"…\"` or `rapport student import FILE`
",
    );
}
