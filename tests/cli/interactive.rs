//! Gradebook tests: interactive scoring, driven through a pseudo-terminal (rexpect): the walk
//! through the rubric one key at a time (no level preselected, back, skip, not observed,
//! details, the summary), the comment bank, the previous level, amendments offered before the
//! first question, a walk through a session's students, and Ctrl-C.

use std::process::{Command, Stdio};

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use crate::support::{Test, on_terminal};

const HEADER: &str = "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const BACKSPACE: &str = "\x7f";
const LEVEL: &str = "level [1-4 d p n b s ? Esc]: ";
const SUMMARY: &str = "record? [y/Enter record, 1-2 change, c comment, b back, s skip]: ";
/// The summary's prompt on a terminal too narrow for `SUMMARY`.
const NARROW_SUMMARY: &str = "record? [y 1-2 c b s]: ";

/// `program` in the test's folder, with the harness's environment.
fn in_course(test: &Test, program: &str) -> Command {
    let mut command = test.in_dir(program);
    command.env("TERM", "xterm");
    command
}

/// `score --rubric oral-communication --session s1 --by jo`.
const IN_S1: [&str; 7] = [
    "score",
    "--rubric",
    "oral-communication",
    "--session",
    "s1",
    "--by",
    "jo",
];

/// `rapport score … ARGS` (`IN_S1` and `args`) with its standard input, output and error on a
/// pseudo-terminal of 100 columns and 40 rows (a new pseudo-terminal has no size at all).
fn spawn(test: &Test, args: &[&str]) -> PtySession {
    spawn_sized(test, 100, args)
}

/// After rapport ends, the shell prints its exit code and whether the terminal is back in
/// line mode (`icanon`, not `-icanon`): raw mode is never left behind.
fn spawn_sized(test: &Test, columns: u16, args: &[&str]) -> PtySession {
    let mut command = in_course(test, "sh");
    command
        .args([
            "-c",
            &format!(
                "stty cols {columns} rows 40 && \"$0\" \"$@\"; echo \"exit=$?\"; stty -a | tr ' ' '\\n' | grep -x -- '-*icanon'"
            ),
        ])
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .args(IN_S1)
        .args(args);
    on_terminal(command)
}

fn expect(session: &mut PtySession, text: &str) {
    if let Err(e) = session.exp_string(text) {
        panic!("waiting for {text:?}: {e}");
    }
}

fn send(session: &mut PtySession, keys: &str) {
    session.send(keys).expect("send keys");
    session.flush().expect("flush keys");
}

/// Waits for the exit code, and for the terminal restored to line mode.
fn finish(mut session: PtySession) -> i32 {
    expect(&mut session, "exit=");
    let code = session
        .exp_regex(r"^\d+")
        .map(|(_, code)| code.parse().expect("a number"))
        .expect("the exit code");
    expect(&mut session, "\r\nicanon\r\n");
    if let Err(e) = session.exp_eof() {
        panic!("waiting for the shell to end: {e}");
    }
    match session.process().wait().expect("wait for the shell") {
        WaitStatus::Exited(_, 0) => code,
        other => panic!("the shell ended with {other:?}"),
    }
}

/// `amara` and `chen` (besides `with_people`'s amara, jo and s1): a second student and an
/// earlier session `s0`.
fn course() -> Test {
    Test::with_people()
        .given(&["student", "add", "chen", "--name", "Chen"])
        .given(&[
            "session",
            "add",
            "s0",
            "--date",
            "2026-08-26",
            "--kind",
            "live",
            "--title",
            "T0",
        ])
}

/// The header and the first criterion, each level's descriptor, the previous level, up to its
/// prompt.
fn first_criterion(session: &mut PtySession, who: &str, previous: &str) {
    expect(
        session,
        &format!("Scoring {who} on `oral-communication` in session `s1`, by `jo`\r\n"),
    );
    expect(session, "1/2  Giving direction\r\n");
    expect(session, "   1 Emerging: Gives vague notes.\r\n");
    expect(
        session,
        "   2 Developing: Gives specific notes, too many at once.\r\n",
    );
    expect(
        session,
        "   3 Proficient: Gives one actionable note per take.\r\n",
    );
    expect(
        session,
        "   4 Exemplary: Picks the one note that matters most.\r\n",
    );
    expect(session, &format!("   previous: {previous}\r\n"));
    expect(session, LEVEL);
}

fn second_criterion(session: &mut PtySession, previous: &str) {
    expect(session, "2/2  Listening\r\n");
    expect(session, "   1 Emerging: Interrupts.\r\n");
    expect(session, "   4 Exemplary: Draws out what was unsaid.\r\n");
    expect(session, &format!("   previous: {previous}\r\n"));
    expect(session, LEVEL);
}

fn export(test: &Test) -> String {
    test.ok(&["export"])
}

#[test]
fn the_walk_records_levels_by_score_and_letter_with_notes_and_a_comment() {
    let test = Test::with_people();
    let mut session = spawn(&test, &["amara"]);
    first_criterion(&mut session, "`amara` (Amara)", "none");
    send(&mut session, "4");
    expect(&mut session, "Giving direction: Exemplary (4)\r\n");
    expect(
        &mut session,
        "note on Giving direction (Enter for none):\r\n> ",
    );
    send(&mut session, "Picked the one note");
    expect(&mut session, "Picked the one note");
    send(&mut session, ENTER);
    second_criterion(&mut session, "none");
    send(&mut session, "d");
    expect(&mut session, "Listening: Developing (2)\r\n");
    expect(&mut session, "note on Listening (Enter for none):\r\n> ");
    send(&mut session, ENTER);
    expect(&mut session, "overall comment (Enter for none):\r\n> ");
    send(&mut session, "Solid take, \"quotes\" and all");
    expect(&mut session, "and all");
    send(&mut session, ENTER);
    expect(
        &mut session,
        "Summary: `amara` (Amara) on `oral-communication` in session `s1`, by `jo`\r\n",
    );
    expect(&mut session, "  1 Giving direction: Exemplary (4)\r\n");
    expect(&mut session, "      note: Picked the one note\r\n");
    expect(&mut session, "  2 Listening: Developing (2)\r\n");
    expect(
        &mut session,
        "  comment: Solid take, \"quotes\" and all\r\n",
    );
    expect(&mut session, SUMMARY);
    send(&mut session, "y");
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 4, listening 2\r\n",
    );
    assert_eq!(finish(session), 0);
    assert_eq!(
        export(&test),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,4,Picked the one note,\"Solid take, \"\"quotes\"\" and all\",T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,2,,\"Solid take, \"\"quotes\"\" and all\",T,live
"
        )
    );
}

#[test]
fn no_level_is_preselected_and_enter_alone_records_nothing() {
    let test = Test::with_people();
    let files = test.snapshot();
    let mut session = spawn(&test, &["amara"]);
    first_criterion(&mut session, "`amara` (Amara)", "none");
    send(&mut session, ENTER);
    expect(
        &mut session,
        "  no level chosen yet; press a level's score (1, 2, 3, 4) or letter (d, p), `n` not observed, `b`\r\n  back, `s` skip the student, `?` details, Esc the summary\r\n",
    );
    expect(&mut session, LEVEL);
    send(&mut session, "e");
    expect(
        &mut session,
        "  `e` is not a key here; press a level's score",
    );
    expect(&mut session, LEVEL);
    send(&mut session, ENTER);
    expect(&mut session, "no level chosen yet");
    expect(&mut session, LEVEL);
    session.send_control('c').expect("send Ctrl-C");
    expect(&mut session, "error: interrupted; nothing was recorded\r\n");
    assert_eq!(finish(session), 130);
    assert_eq!(test.snapshot(), files);
    assert_eq!(export(&test), HEADER);
}

#[test]
fn back_details_and_a_change_at_the_summary() {
    let test = Test::with_people();
    let mut session = spawn_sized(&test, 44, &["amara"]);
    expect(&mut session, "1/2  Giving direction\r\n");
    // One line per level, cut to the terminal; `?` shows them in full.
    expect(&mut session, "   2 Developing: Gives specific notes, too");
    expect(&mut session, LEVEL);
    send(&mut session, "?");
    expect(&mut session, "1/2  Giving direction\r\n");
    expect(
        &mut session,
        "   2 Developing: Gives specific notes, too\r\n       many at once.\r\n",
    );
    expect(
        &mut session,
        "   4 Exemplary: Picks the one note that\r\n       matters most.\r\n",
    );
    expect(&mut session, LEVEL);
    send(&mut session, "3");
    expect(&mut session, "Giving direction: Proficient (3)\r\n");
    expect(
        &mut session,
        "note on Giving direction (Enter for none):\r\n> ",
    );
    send(&mut session, ENTER);
    expect(&mut session, "2/2  Listening\r\n");
    expect(&mut session, LEVEL);
    // Back to the first criterion, which shows its answer; Enter keeps it.
    send(&mut session, "b");
    expect(&mut session, "1/2  Giving direction\r\n");
    expect(&mut session, "   now: Proficient (3)\r\n");
    expect(&mut session, LEVEL);
    send(&mut session, ENTER);
    expect(&mut session, "Giving direction: Proficient (3)\r\n");
    expect(
        &mut session,
        "note on Giving direction (Enter for none):\r\n> ",
    );
    send(&mut session, "Clear");
    expect(&mut session, "Clear");
    send(&mut session, ENTER);
    expect(&mut session, "2/2  Listening\r\n");
    expect(&mut session, LEVEL);
    // Backspace is back too; then Esc goes to the summary, which refuses what is open.
    send(&mut session, BACKSPACE);
    expect(&mut session, "1/2  Giving direction\r\n");
    expect(&mut session, LEVEL);
    send(&mut session, ESC);
    expect(&mut session, "  1 Giving direction: Proficient (3)\r\n");
    expect(&mut session, "      note: Clear\r\n");
    expect(&mut session, "  2 Listening: -- no level yet\r\n");
    expect(&mut session, NARROW_SUMMARY);
    send(&mut session, "y");
    expect(
        &mut session,
        "  criterion 2 has no level yet: pick it by\r\n  number and give a level, or `n` if not\r\n  observed\r\n",
    );
    expect(&mut session, NARROW_SUMMARY);
    send(&mut session, "2");
    expect(&mut session, "2/2  Listening\r\n");
    expect(&mut session, LEVEL);
    send(&mut session, "4");
    expect(&mut session, "Listening: Exemplary (4)\r\n");
    expect(&mut session, "note on Listening (Enter for none):\r\n> ");
    send(&mut session, ENTER);
    // Back at the summary: change the first criterion.
    expect(&mut session, "  2 Listening: Exemplary (4)\r\n");
    expect(&mut session, NARROW_SUMMARY);
    send(&mut session, "1");
    expect(&mut session, "   now: Proficient (3)\r\n");
    expect(&mut session, LEVEL);
    send(&mut session, "p");
    expect(
        &mut session,
        "note on Giving direction (Enter for none):\r\n> Clear",
    );
    send(&mut session, &BACKSPACE.repeat(3));
    send(&mut session, "ose");
    expect(&mut session, "Close");
    send(&mut session, ENTER);
    expect(&mut session, "  1 Giving direction: Proficient (3)\r\n");
    expect(&mut session, "      note: Close\r\n");
    expect(&mut session, NARROW_SUMMARY);
    send(&mut session, ENTER);
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 3, listening 4\r\n",
    );
    assert_eq!(finish(session), 0);
    assert_eq!(
        export(&test),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,Close,,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,4,,,T,live
"
        )
    );
}

#[test]
fn not_observed_records_a_partial_assessment() {
    let test = Test::with_people();
    let mut session = spawn(&test, &["amara"]);
    expect(&mut session, LEVEL);
    send(&mut session, "n");
    expect(&mut session, "Giving direction: not observed\r\n");
    second_criterion(&mut session, "none");
    send(&mut session, "2");
    expect(&mut session, "note on Listening (Enter for none):\r\n> ");
    send(&mut session, ENTER);
    expect(&mut session, "overall comment (Enter for none):\r\n> ");
    send(&mut session, ENTER);
    expect(&mut session, "  1 Giving direction: not observed\r\n");
    expect(&mut session, SUMMARY);
    send(&mut session, "y");
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: listening 2\r\n",
    );
    assert_eq!(finish(session), 0);
    assert_eq!(
        export(&test),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,listening,2,,,T,live\n"
        )
    );
}

#[test]
fn skipping_the_only_student_records_nothing() {
    let test = Test::with_people();
    let files = test.snapshot();
    let mut session = spawn(&test, &["amara", "--comment", "Would be lost"]);
    expect(&mut session, LEVEL);
    send(&mut session, "3");
    expect(
        &mut session,
        "note on Giving direction (Enter for none):\r\n> ",
    );
    send(&mut session, ENTER);
    expect(&mut session, LEVEL);
    send(&mut session, "s");
    expect(&mut session, "Listening: skipped the student\r\n");
    expect(&mut session, "nothing was recorded\r\n");
    assert_eq!(finish(session), 0);
    assert_eq!(test.snapshot(), files);
}

#[test]
fn the_previous_level_and_the_comment_bank() {
    let test = course()
        .given(&[
            "score",
            "amara",
            "--rubric",
            "oral-communication",
            "--session",
            "s0",
            "--by",
            "jo",
            "direction=2",
            "listening=3",
            "--note",
            "direction=Too many notes at once",
            "--comment",
            "Keep going",
        ])
        .given(&[
            "score",
            "chen",
            "--rubric",
            "oral-communication",
            "--session",
            "s0",
            "--by",
            "jo",
            "direction=1",
            "listening=1",
            "--note",
            "direction=Say what you heard",
            "--note",
            "listening=Wait for the end of the take",
        ]);
    let mut session = spawn(&test, &["amara"]);
    first_criterion(
        &mut session,
        "`amara` (Amara)",
        "Developing (2) in `s0`, 2026-08-26",
    );
    send(&mut session, "3");
    expect(&mut session, "  your recent ones:\r\n");
    expect(&mut session, "    1 Say what you heard\r\n");
    expect(&mut session, "    2 Too many notes at once\r\n");
    expect(
        &mut session,
        "note on Giving direction (Enter for none, 1-2 picks one above):\r\n> ",
    );
    send(&mut session, "2");
    send(&mut session, ENTER);
    expect(&mut session, "\r> Too many notes at once\r\n");
    second_criterion(&mut session, "Proficient (3) in `s0`, 2026-08-26");
    send(&mut session, "3");
    expect(&mut session, "    1 Wait for the end of the take\r\n");
    expect(
        &mut session,
        "note on Listening (Enter for none, 1 picks the one above):\r\n> ",
    );
    send(&mut session, ENTER);
    expect(&mut session, "    1 Keep going\r\n");
    expect(
        &mut session,
        "overall comment (Enter for none, 1 picks the one above):\r\n> ",
    );
    send(&mut session, "1");
    send(&mut session, ENTER);
    expect(&mut session, "  comment: Keep going\r\n");
    expect(&mut session, SUMMARY);
    send(&mut session, "y");
    expect(&mut session, "recorded `amara`");
    assert_eq!(finish(session), 0);
    assert!(export(&test).ends_with(
        "s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,Too many notes at once,Keep going,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,3,,Keep going,T,live
"
    ));
}

#[test]
fn an_assessment_already_recorded_is_offered_as_an_amendment_before_the_first_question() {
    let test = Test::with_people().scored("amara", "jo", &["direction=3", "listening=4"]);
    let mut session = spawn(&test, &["amara"]);
    expect(
        &mut session,
        "`amara` already has an assessment by `jo` on `oral-communication` in session `s1` (revision 1):\r\n  direction 3, listening 4\r\n",
    );
    expect(
        &mut session,
        "amend it or skip the student? [a amend, s skip]: ",
    );
    send(&mut session, ENTER);
    expect(
        &mut session,
        "  press `a` to amend it (a new revision; the first stays in the history) or `s` to skip\r\n",
    );
    send(&mut session, "a");
    // The walk starts from what is recorded, at the summary.
    expect(&mut session, "  1 Giving direction: Proficient (3)\r\n");
    expect(&mut session, "  2 Listening: Exemplary (4)\r\n");
    expect(&mut session, SUMMARY);
    send(&mut session, "1");
    expect(&mut session, LEVEL);
    send(&mut session, "2");
    expect(
        &mut session,
        "note on Giving direction (Enter for none):\r\n> ",
    );
    send(&mut session, ENTER);
    expect(&mut session, "  1 Giving direction: Developing (2)\r\n");
    expect(&mut session, SUMMARY);
    send(&mut session, "y");
    expect(
        &mut session,
        "reason for the amendment (kept in the history; Enter for none):\r\n> ",
    );
    send(&mut session, "Misheard the second take");
    expect(&mut session, "second take");
    send(&mut session, ENTER);
    expect(
        &mut session,
        "amended `amara` on `oral-communication` in `s1` by `jo` (revision 2): direction 2, listening 4\r\n",
    );
    assert_eq!(finish(session), 0);
    let history = test.ok(&["history", "amara"]);
    assert!(history.contains("Misheard the second take"), "{history}");
    assert_eq!(
        export(&test),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,2,,,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,4,,,T,live
"
        )
    );
}

#[test]
fn amend_without_levels_asks_from_the_current_revision() {
    let test = Test::with_people().scored(
        "amara",
        "jo",
        &[
            "direction=3",
            "listening=4",
            "--note",
            "listening=Asked good questions",
        ],
    );
    let mut session = spawn(&test, &["amara", "--amend", "--reason", "Second look"]);
    expect(&mut session, "  1 Giving direction: Proficient (3)\r\n");
    expect(&mut session, "  2 Listening: Exemplary (4)\r\n");
    expect(&mut session, "      note: Asked good questions\r\n");
    expect(&mut session, SUMMARY);
    send(&mut session, "2");
    expect(&mut session, "   now: Exemplary (4)\r\n");
    send(&mut session, "n");
    expect(&mut session, "  2 Listening: not observed\r\n");
    expect(&mut session, SUMMARY);
    send(&mut session, "y");
    expect(
        &mut session,
        "amended `amara` on `oral-communication` in `s1` by `jo` (revision 2): direction 3\r\n",
    );
    assert_eq!(finish(session), 0);
    assert!(test.ok(&["history", "amara"]).contains("Second look"));
}

#[test]
fn partial_without_levels_asks() {
    let test = Test::with_people();
    let mut session = spawn(&test, &["amara", "--partial"]);
    first_criterion(&mut session, "`amara` (Amara)", "none");
    send(&mut session, "1");
    expect(
        &mut session,
        "note on Giving direction (Enter for none):\r\n> ",
    );
    send(&mut session, ESC);
    expect(&mut session, "  2 Listening: -- no level yet\r\n");
    send(&mut session, "2");
    send(&mut session, "n");
    expect(&mut session, "  2 Listening: not observed\r\n");
    send(&mut session, "y");
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 1\r\n",
    );
    assert_eq!(finish(session), 0);
}

#[test]
fn levels_given_start_the_walk() {
    let test = Test::with_people();
    let mut session = spawn(
        &test,
        &[
            "amara",
            "-i",
            "direction=1",
            "listening=exemplary",
            "--comment",
            "Was late",
        ],
    );
    expect(&mut session, "  1 Giving direction: Emerging (1)\r\n");
    expect(&mut session, "  2 Listening: Exemplary (4)\r\n");
    expect(&mut session, "  comment: Was late\r\n");
    expect(&mut session, SUMMARY);
    send(&mut session, "y");
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 1, listening 4\r\n",
    );
    assert_eq!(finish(session), 0);
}

#[test]
fn a_session_walk_records_each_student_when_confirmed_and_ctrl_c_keeps_them() {
    let test = course()
        .given(&["student", "add", "bob", "--name", "Bob"])
        .given(&["student", "add", "dee", "--name", "Dee"])
        .given(&["student", "archive", "dee"]);
    let mut session = spawn(&test, &[]);
    expect(
        &mut session,
        "3 students to score on `oral-communication` in session `s1`, by `jo`\r\n",
    );
    expect(&mut session, "[0 of 3 scored, 0 skipped]\r\n");
    first_criterion(&mut session, "`amara` (Amara)", "none");
    send(&mut session, "3");
    send(&mut session, ENTER);
    expect(&mut session, "2/2  Listening");
    send(&mut session, "4");
    send(&mut session, ENTER);
    send(&mut session, ENTER);
    expect(&mut session, SUMMARY);
    send(&mut session, "y");
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 3, listening 4\r\n",
    );
    expect(&mut session, "[1 of 3 scored, 0 skipped]\r\n");
    expect(&mut session, "Scoring `bob` (Bob)");
    expect(&mut session, LEVEL);
    send(&mut session, "s");
    expect(&mut session, "Giving direction: skipped the student\r\n");
    expect(&mut session, "[1 of 3 scored, 1 skipped]\r\n");
    expect(&mut session, "Scoring `chen` (Chen)");
    expect(&mut session, LEVEL);
    send(&mut session, "2");
    expect(
        &mut session,
        "note on Giving direction (Enter for none):\r\n> ",
    );
    send(&mut session, "half a no");
    expect(&mut session, "half a no");
    session.send_control('c').expect("send Ctrl-C");
    expect(
        &mut session,
        "\r\n1 of 3 scored, 1 skipped\r\nskipped: `bob`\r\nstill unscored: `bob`, `chen`\r\n",
    );
    expect(
        &mut session,
        "error: interrupted; the student on screen was not recorded; those confirmed before are kept\r\n",
    );
    assert_eq!(finish(session), 130);
    assert_eq!(
        export(&test),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,3,,,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,4,,,T,live
"
        )
    );
    // Again: amara is offered as an amendment first; skipping her goes on with bob.
    let mut session = spawn(&test, &["--cohort", "x"]);
    expect(&mut session, "error: unknown cohort `x`");
    assert_eq!(finish(session), 1);
    let mut session = spawn(&test, &["bob", "amara"]);
    expect(&mut session, "2 students to score");
    expect(&mut session, "[1 of 2 scored, 0 skipped]\r\n");
    expect(&mut session, "Scoring `bob` (Bob)");
    expect(&mut session, LEVEL);
    send(&mut session, "1");
    send(&mut session, ENTER);
    send(&mut session, "1");
    send(&mut session, ENTER);
    send(&mut session, ENTER);
    send(&mut session, "y");
    expect(&mut session, "recorded `bob`");
    expect(&mut session, "[2 of 2 scored, 0 skipped]\r\n");
    expect(&mut session, "`amara` already has an assessment by `jo`");
    send(&mut session, "s");
    expect(
        &mut session,
        "\r\n2 of 2 scored, 1 skipped\r\nskipped: `amara`\r\nevery student is scored\r\n",
    );
    assert_eq!(finish(session), 0);
}

#[test]
fn all_levels_given_on_a_terminal_records_without_asking() {
    let test = Test::with_people();
    let mut session = spawn(&test, &["amara", "direction=2", "listening=3"]);
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 2, listening 3",
    );
    assert_eq!(finish(session), 0);
}

/// `rapport score` with `args` and no terminal: its exit code and standard error.
fn without_terminal(test: &Test, args: &[&str]) -> (Option<i32>, String) {
    let out = in_course(test, env!("CARGO_BIN_EXE_rapport"))
        .args(IN_S1)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn without_a_terminal_nothing_is_asked() {
    let test = Test::with_people();
    let files = test.snapshot();
    assert_eq!(
        without_terminal(&test, &["amara", "direction=2"]),
        (
            Some(1),
            "error: missing criterion `listening`; score it too, or pass `--partial` if it was not observed\n".to_owned()
        )
    );
    assert_eq!(
        without_terminal(&test, &["amara", "-i", "direction=2", "listening=3"]),
        (
            Some(1),
            "error: `-i` needs a terminal to ask on\n  hint: give the levels as CRITERION=LEVEL arguments instead\n".to_owned()
        )
    );
    assert_eq!(
        without_terminal(&test, &[]),
        (
            Some(1),
            "error: `score` without a student walks through the session's students, and needs a terminal to ask on
  hint: name one student and give the levels as CRITERION=LEVEL arguments, or record many with `rapport import FILE`
"
            .to_owned()
        )
    );
    assert_eq!(
        without_terminal(&test, &["amara", "amara"]),
        (
            Some(1),
            "error: `score` with several students walks through them, and needs a terminal to ask on
  hint: name one student and give the levels as CRITERION=LEVEL arguments, or record many with `rapport import FILE`
"
            .to_owned()
        )
    );
    assert_eq!(test.snapshot(), files);
    assert_eq!(export(&test), HEADER);
}
