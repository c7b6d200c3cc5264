//! Gradebook tests: interactive scoring, driven through a pseudo-terminal (rexpect): the walk
//! through the rubric, declining, Ctrl-C, and levels given on the command line as defaults.

use std::process::{Command, Stdio};

use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::support::{Test, in_dir};

const HEADER: &str = "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind\n";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";
/// Generous: the machine may be busy with other tests.
const TIMEOUT_MS: u64 = 10_000;

/// `program` in the test's folder, with the harness's environment.
fn in_course(test: &Test, program: &str) -> Command {
    let mut command = in_dir(program, test.dir.path());
    command.env("TERM", "xterm");
    command
}

const SCORE: [&str; 8] = [
    "score",
    "amara",
    "--rubric",
    "oral-communication",
    "--session",
    "s1",
    "--by",
    "jo",
];

/// `rapport score …` with its standard input, output and error on a pseudo-terminal of 100
/// columns and 40 rows (a new pseudo-terminal has no size at all).
fn spawn(test: &Test, extra: &[&str]) -> PtySession {
    spawn_sized(test, 100, extra)
}

fn spawn_sized(test: &Test, columns: u16, extra: &[&str]) -> PtySession {
    let mut command = in_course(test, "sh");
    command
        .args([
            "-c",
            &format!("stty cols {columns} rows 40 && exec \"$0\" \"$@\""),
        ])
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .args(SCORE)
        .args(extra);
    spawn_with_options(
        command,
        Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(true),
    )
    .expect("spawn rapport on a pseudo-terminal")
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

/// Waits for the end of the output and the exit code.
fn finish(mut session: PtySession) -> i32 {
    if let Err(e) = session.exp_eof() {
        panic!("waiting for rapport to end: {e}");
    }
    match session.process().wait().expect("wait for rapport") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("rapport ended with {other:?}"),
    }
}

/// The header and the first criterion with every level's descriptor, up to its prompt with
/// the cursor on `cursor`.
fn first_criterion(session: &mut PtySession, cursor: &str) {
    expect(
        session,
        "Scoring `amara` in session `s1`, by `jo` (instructor)",
    );
    // rexpect reads bytes as Latin-1: expect ASCII only (the dash is an em dash).
    expect(session, "Oral communication ");
    expect(session, " 2 criteria");
    expect(session, "1/2  Giving direction");
    expect(session, "1 Emerging: Gives vague notes.");
    expect(
        session,
        "2 Developing: Gives specific notes, too many at once.",
    );
    expect(session, "3 Proficient: Gives one actionable note per take.");
    expect(
        session,
        "4 Exemplary: Picks the one note that matters most.",
    );
    expect(session, "Giving direction:");
    expect(session, &format!("> {cursor}"));
}

fn second_criterion(session: &mut PtySession, cursor: &str) {
    expect(session, "2/2  Listening");
    expect(session, "1 Emerging: Interrupts.");
    expect(session, "2 Developing: Listens, does not summarise.");
    expect(session, "3 Proficient: Summarises back.");
    expect(session, "4 Exemplary: Draws out what was unsaid.");
    expect(session, "Listening:");
    expect(session, &format!("> {cursor}"));
}

#[test]
fn the_walk_shows_every_descriptor_and_records_what_was_chosen() {
    let test = Test::with_people();
    let mut session = spawn(&test, &[]);
    first_criterion(&mut session, "Proficient (3)");
    send(&mut session, DOWN);
    expect(&mut session, "> Exemplary (4)");
    send(&mut session, ENTER);
    expect(&mut session, "Note on Giving direction (Enter to skip):");
    send(&mut session, "Picked the one note");
    expect(&mut session, "Picked the one note");
    send(&mut session, ENTER);
    second_criterion(&mut session, "Proficient (3)");
    send(&mut session, UP);
    expect(&mut session, "> Developing (2)");
    send(&mut session, ENTER);
    expect(&mut session, "Note on Listening (Enter to skip):");
    send(&mut session, ENTER);
    expect(&mut session, "Overall comment (Enter to skip):");
    send(&mut session, "Solid take, \"quotes\" and all");
    expect(&mut session, "and all");
    send(&mut session, ENTER);
    expect(&mut session, "Summary ");
    expect(
        &mut session,
        "Scoring `amara` in session `s1`, by `jo` (instructor)",
    );
    expect(&mut session, "Giving direction: Exemplary (4)");
    expect(&mut session, "note: Picked the one note");
    expect(&mut session, "Listening: Developing (2)");
    expect(&mut session, "comment: Solid take, \"quotes\" and all");
    expect(&mut session, "Record this assessment?");
    send(&mut session, "y");
    send(&mut session, ENTER);
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 4, listening 2",
    );
    assert_eq!(finish(session), 0);
    assert_eq!(
        test.ok(&["export"]),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,4,Picked the one note,\"Solid take, \"\"quotes\"\" and all\",T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,2,,\"Solid take, \"\"quotes\"\" and all\",T,live
"
        )
    );
}

#[test]
fn descriptors_wrap_to_a_narrow_terminal() {
    let test = Test::with_people();
    let mut session = spawn_sized(&test, 44, &[]);
    expect(&mut session, "1/2  Giving direction\r\n");
    expect(&mut session, "   1 Emerging: Gives vague notes.\r\n");
    expect(
        &mut session,
        "   2 Developing: Gives specific notes, too\r\n       many at once.\r\n",
    );
    expect(
        &mut session,
        "   3 Proficient: Gives one actionable note\r\n       per take.\r\n",
    );
    expect(
        &mut session,
        "   4 Exemplary: Picks the one note that\r\n       matters most.\r\n",
    );
    expect(&mut session, "> Proficient (3)");
    session.send_control('c').expect("send Ctrl-C");
    assert_eq!(finish(session), 130);
}

#[test]
fn typing_filters_the_levels() {
    let test = Test::with_people();
    let mut session = spawn(&test, &[]);
    first_criterion(&mut session, "Proficient (3)");
    send(&mut session, "emer");
    expect(&mut session, "> Emerging (1)");
    send(&mut session, ENTER);
    expect(&mut session, "Note on Giving direction (Enter to skip):");
    send(&mut session, ENTER);
    second_criterion(&mut session, "Proficient (3)");
    send(&mut session, "exem");
    expect(&mut session, "> Exemplary (4)");
    send(&mut session, ENTER);
    expect(&mut session, "Note on Listening (Enter to skip):");
    send(&mut session, ENTER);
    expect(&mut session, "Overall comment (Enter to skip):");
    send(&mut session, ENTER);
    expect(&mut session, "Record this assessment?");
    send(&mut session, ENTER);
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 1, listening 4",
    );
    assert_eq!(finish(session), 0);
    assert_eq!(
        test.ok(&["export"]),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,1,,,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,4,,,T,live
"
        )
    );
}

#[test]
fn declining_the_summary_records_nothing() {
    let test = Test::with_people();
    let files = test.files();
    let mut session = spawn(&test, &["--comment", "Would be lost"]);
    first_criterion(&mut session, "Proficient (3)");
    send(&mut session, ENTER);
    expect(&mut session, "Note on Giving direction (Enter to skip):");
    send(&mut session, "A note");
    expect(&mut session, "A note");
    send(&mut session, ENTER);
    second_criterion(&mut session, "Proficient (3)");
    send(&mut session, ENTER);
    expect(&mut session, "Note on Listening (Enter to skip):");
    send(&mut session, ENTER);
    expect(&mut session, "Overall comment (Enter to skip):");
    send(&mut session, ENTER);
    expect(&mut session, "comment: Would be lost");
    expect(&mut session, "Record this assessment?");
    send(&mut session, "n");
    send(&mut session, ENTER);
    expect(&mut session, "nothing was recorded");
    assert_eq!(finish(session), 0);
    assert_eq!(test.ok(&["export"]), HEADER);
    assert_eq!(test.files(), files);
}

/// Where the walk is when Ctrl-C comes.
#[derive(Debug, Clone, Copy)]
enum Moment {
    FirstLevel,
    FirstNote,
    SecondLevel,
    Comment,
    Confirmation,
}

#[test]
fn ctrl_c_anywhere_exits_130_and_records_nothing() {
    let test = Test::with_people();
    let files = test.files();
    for moment in [
        Moment::FirstLevel,
        Moment::FirstNote,
        Moment::SecondLevel,
        Moment::Comment,
        Moment::Confirmation,
    ] {
        let mut session = spawn(&test, &[]);
        first_criterion(&mut session, "Proficient (3)");
        if !matches!(moment, Moment::FirstLevel) {
            send(&mut session, ENTER);
            expect(&mut session, "Note on Giving direction (Enter to skip):");
            send(&mut session, "half a no");
            expect(&mut session, "half a no");
        }
        if !matches!(moment, Moment::FirstLevel | Moment::FirstNote) {
            send(&mut session, ENTER);
            second_criterion(&mut session, "Proficient (3)");
        }
        if matches!(moment, Moment::Comment | Moment::Confirmation) {
            send(&mut session, ENTER);
            expect(&mut session, "Note on Listening (Enter to skip):");
            send(&mut session, ENTER);
            expect(&mut session, "Overall comment (Enter to skip):");
        }
        if matches!(moment, Moment::Confirmation) {
            send(&mut session, ENTER);
            expect(&mut session, "Record this assessment?");
        }
        session.send_control('c').expect("send Ctrl-C");
        expect(&mut session, "interrupted; nothing was recorded");
        assert_eq!(finish(session), 130, "Ctrl-C at {moment:?}");
        assert_eq!(test.ok(&["export"]), HEADER, "Ctrl-C at {moment:?}");
        assert_eq!(test.files(), files, "Ctrl-C at {moment:?}");
    }
}

#[test]
fn levels_notes_and_comment_given_with_i_are_the_defaults() {
    let test = Test::with_people();
    let mut session = spawn(
        &test,
        &[
            "-i",
            "direction=1",
            "listening=exemplary",
            "--note",
            "listening=Asked good questions",
            "--comment",
            "Was late",
        ],
    );
    first_criterion(&mut session, "Emerging (1)");
    send(&mut session, ENTER);
    expect(&mut session, "Note on Giving direction (Enter to skip):");
    send(&mut session, ENTER);
    second_criterion(&mut session, "Exemplary (4)");
    send(&mut session, ENTER);
    expect(&mut session, "Note on Listening (Enter to skip):");
    expect(&mut session, "Asked good questions");
    send(&mut session, ENTER);
    expect(&mut session, "Overall comment (Enter to skip):");
    expect(&mut session, "Was late");
    send(&mut session, ENTER);
    expect(&mut session, "Giving direction: Emerging (1)");
    expect(&mut session, "Listening: Exemplary (4)");
    expect(&mut session, "note: Asked good questions");
    expect(&mut session, "comment: Was late");
    expect(&mut session, "Record this assessment?");
    send(&mut session, ENTER);
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 1, listening 4",
    );
    assert_eq!(finish(session), 0);
    assert_eq!(
        test.ok(&["export"]),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,1,,Was late,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,4,Asked good questions,Was late,T,live
"
        )
    );
}

#[test]
fn all_levels_given_on_a_terminal_records_without_asking() {
    let test = Test::with_people();
    let mut session = spawn(&test, &["direction=2", "listening=3"]);
    expect(
        &mut session,
        "recorded `amara` on `oral-communication` in `s1` by `jo`: direction 2, listening 3",
    );
    assert_eq!(finish(session), 0);
    assert_eq!(
        test.ok(&["export"]),
        format!(
            "{HEADER}s1,2026-09-02,amara,jo,instructor,oral-communication,direction,2,,,T,live
s1,2026-09-02,amara,jo,instructor,oral-communication,listening,3,,,T,live
"
        )
    );
}

#[test]
fn without_a_terminal_nothing_is_asked() {
    let test = Test::with_people();
    let files = test.files();
    let out = in_course(&test, env!("CARGO_BIN_EXE_rapport"))
        .args(SCORE)
        .arg("direction=2")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("listening"), "{stderr}");
    assert!(!stderr.contains("direction"), "{stderr}");
    let out = in_course(&test, env!("CARGO_BIN_EXE_rapport"))
        .args(SCORE)
        .args(["-i", "direction=2", "listening=3"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (
            Some(1),
            "error: `-i` needs a terminal to ask on\n  hint: give the levels as CRITERION=LEVEL arguments instead\n"
        )
    );
    assert_eq!(test.ok(&["export"]), HEADER);
    assert_eq!(test.files(), files);
}
