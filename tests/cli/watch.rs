//! Course tests: `catalog --watch`, driven through a pseudo-terminal (rexpect): a rebuild per
//! saved change, the check's findings each time, the last good pages kept while the course has
//! errors, files a course does not read ignored, Ctrl-C.

use std::fs;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use crate::support::{Test, on_terminal, snapshot};

const CLEAN: &str = "0 errors, 0 warnings in 4 files\r\n";
const WROTE: &str = "wrote the handbook of 2 modules and 1 rubric: open handbook/index.html\r\n";

/// `rapport catalog --watch -o handbook` in the test's folder; the shell prints the exit code.
fn watch(test: &Test) -> PtySession {
    let mut command = test.in_dir("sh");
    command
        .args(["-c", "trap true INT; \"$0\" \"$@\"; echo \"exit=$?\""])
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .args(["catalog", "--watch", "-o", "handbook"]);
    on_terminal(command)
}

/// Waits for `text`; what came before it.
fn expect(session: &mut PtySession, text: &str) -> String {
    match session.exp_string(text) {
        Ok(before) => before,
        Err(e) => panic!("waiting for {text:?}: {e}"),
    }
}

/// Waits for the line that says the watch began, whole.
fn watching(session: &mut PtySession, test: &Test) {
    let folder = test.dir.path().canonicalize().expect("the course folder");
    expect(
        session,
        &format!(
            "watching {} for changes to course.yaml, curriculum/, rubrics/ and templates/ (Ctrl-C to stop)\r\n",
            folder.display()
        ),
    );
}

/// Saves `contents` as `file` and waits for the clean rebuild it starts; the talkback module's
/// page then has the title `heading`.
fn saved_and_rebuilt(
    session: &mut PtySession,
    test: &Test,
    file: &str,
    contents: &str,
    heading: &str,
) {
    fs::write(test.path(file), contents).unwrap();
    assert_eq!(
        expect(session, WROTE),
        format!("{file} changed; rebuilding\r\n{CLEAN}")
    );
    let page = fs::read_to_string(test.path("handbook/modules/talkback.html")).unwrap();
    assert!(page.contains(&format!("<h1>{heading}</h1>")), "{page}");
}

/// Ctrl-C, the message, and exit code 130.
fn interrupt(mut session: PtySession, message: &str) {
    session.send_control('c').expect("send Ctrl-C");
    expect(&mut session, &format!("error: interrupted; {message}\r\n"));
    expect(&mut session, "exit=130\r\n");
    if let Err(e) = session.exp_eof() {
        panic!("waiting for the shell to end: {e}");
    }
    match session.process().wait().expect("wait for the shell") {
        WaitStatus::Exited(_, 0) => {}
        other => panic!("the shell ended with {other:?}"),
    }
}

#[test]
fn each_saved_change_rebuilds_and_a_broken_course_keeps_the_last_good_pages() {
    let test = Test::with_fixture("minimal");
    let mut session = watch(&test);
    assert_eq!(expect(&mut session, WROTE), CLEAN);
    watching(&mut session, &test);

    // A file the course does not read changes nothing; the next module edit is the next line.
    fs::write(test.path("notes.txt"), "not a course file\n").unwrap();
    fs::write(test.path("curriculum/.talkback.yaml.swp"), "swap\n").unwrap();
    let module = "curriculum/talkback.yaml";
    let original = fs::read_to_string(test.path(module)).unwrap();
    let retitled = original.replace("title: Talkback", "title: The talkback");
    saved_and_rebuilt(&mut session, &test, module, &retitled, "The talkback");

    // A mistake: its finding, and the pages stay as the last good build left them.
    let pages = snapshot(&test.path("handbook"));
    fs::write(
        test.path(module),
        original.replace("title: Talkback", "titl: Talkback"),
    )
    .unwrap();
    assert_eq!(
        expect(
            &mut session,
            "the handbook keeps its last good pages; fix the course and save to rebuild\r\n"
        ),
        "curriculum/talkback.yaml changed; rebuilding\r\n\
         curriculum/talkback.yaml:1:1: error: unknown field `titl`, did you mean `title`?\r\n   \
         1 | titl: Talkback\r\n     \
         | ^^^^\r\n\
         1 error, 0 warnings in 4 files\r\n"
    );
    assert_eq!(snapshot(&test.path("handbook")), pages);

    // Fixed: built again.
    saved_and_rebuilt(&mut session, &test, module, &original, "Talkback");
    interrupt(
        session,
        "stopped watching; the handbook holds the last good build",
    );
}

#[test]
fn a_course_with_errors_at_the_start_is_built_once_fixed() {
    let test = Test::with_fixture("minimal").edit(
        "rubrics/oral-communication.yaml",
        "mastery_level:",
        "mastery_levl:",
    );
    let mut session = watch(&test);
    let before = expect(
        &mut session,
        "no handbook written yet; fix the course and save to build it\r\n",
    );
    assert!(
        before.contains("error: unknown field `mastery_levl`, did you mean `mastery_level`?"),
        "{before}"
    );
    watching(&mut session, &test);
    assert!(!test.path("handbook").exists());

    // A template added: what a course reads, so a rebuild (still failing).
    fs::create_dir(test.path("templates")).unwrap();
    let before = expect(
        &mut session,
        "no handbook written yet; fix the course and save to build it\r\n",
    );
    assert!(
        before.starts_with("templates changed; rebuilding\r\n"),
        "{before}"
    );

    let rubric = test.path("rubrics/oral-communication.yaml");
    let original = fs::read_to_string(&rubric).unwrap();
    fs::write(&rubric, original.replace("mastery_levl:", "mastery_level:")).unwrap();
    assert_eq!(
        expect(&mut session, WROTE),
        format!("rubrics/oral-communication.yaml changed; rebuilding\r\n{CLEAN}")
    );
    interrupt(
        session,
        "stopped watching; the handbook holds the last good build",
    );
}

#[test]
fn ctrl_c_before_any_good_build_says_nothing_was_written() {
    let test = Test::with_fixture("minimal").edit("course.yaml", "name:", "nam:");
    let mut session = watch(&test);
    expect(
        &mut session,
        "no handbook written yet; fix the course and save to build it\r\n",
    );
    watching(&mut session, &test);
    interrupt(
        session,
        "stopped watching; the course had errors, so no handbook was written",
    );
    assert!(!test.path("handbook").exists());
}
