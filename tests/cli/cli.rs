//! The command line itself: help, usage errors, completions, man page, finding the course.

use crate::support::Test;

#[test]
fn no_course_found_says_how_to_make_one() {
    let test = Test::new().args(&["check"]);
    let out = test.run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!(
            "error: no `course.yaml` found in `{}` or any folder above it\n  hint: run `rapport init` to create a course here, or pass `--course DIR`\n",
            test.path("").display().to_string().trim_end_matches('/')
        )
    );
}

#[test]
fn completions_for_bash_name_every_command() {
    let out = Test::new().args(&["completions", "bash"]).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(
        out.stdout.starts_with("_rapport() {"),
        "{}",
        &out.stdout[..80]
    );
    for command in ["init", "check", "schema", "catalog", "completions", "man"] {
        assert!(
            out.stdout.contains(&format!("rapport,{command})")),
            "{command}"
        );
    }
}

#[test]
fn man_page_is_roff_with_every_command() {
    let out = Test::new().args(&["man"]).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(
        out.stdout
            .starts_with(".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n.TH rapport 1"),
        "{}",
        &out.stdout[..120]
    );
    for command in ["init", "check", "schema", "catalog"] {
        assert!(
            out.stdout.contains(&format!("rapport\\-{command}(1)")),
            "{command}"
        );
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["schema", "rubric"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before rapport writes
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn usage_errors_exit_2() {
    let out = Test::new().args(&["catalog"]).run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert!(
        out.stderr.starts_with(
            "error: the following required arguments were not provided:\n  --output <DIR>\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn color_always_styles_the_check_report() {
    let test = Test::with_fixture("minimal")
        .edit(
            "curriculum/talkback.yaml",
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-comms]",
        )
        .args(&["--color", "always", "check"]);
    let out = test.run();
    assert_eq!(out.code, 1);
    assert!(out.stdout.starts_with("\u{1b}[1mcurriculum/talkback.yaml:10:15\u{1b}[0m: \u{1b}[1m\u{1b}[31merror\u{1b}[0m: unknown rubric"), "{:?}", out.stdout);
    let plain = test.args(&["--color", "never", "check"]).run();
    assert!(!plain.stdout.contains('\u{1b}'));
}

#[test]
fn quiet_and_verbose() {
    let test = Test::with_fixture("minimal").args(&["-q", "catalog", "-o", "site"]);
    test.expect(0, "", "");
    let test = Test::with_fixture("minimal").args(&["-v", "catalog", "-o", "site"]);
    test.expect(
        0,
        "",
        "wrote site/index.html\nwrote site/modules/direction.html\nwrote site/modules/talkback.html\nwrote site/rubrics/oral-communication.html\nwrote the handbook of 2 modules and 1 rubric: open site/index.html\n",
    );
}

#[test]
fn a_file_in_place_of_the_output_folder_is_refused() {
    let test = Test::with_fixture("minimal")
        .write("site", "a file, not a folder")
        .args(&["catalog", "-o", "site"]);
    let before = test.snapshot();
    test.expect(
        1,
        "",
        "error: `site` is a file, not a folder; nothing was written
  hint: rapport writes only into real folders: move it away, or choose another output folder
",
    );
    assert_eq!(test.snapshot(), before);
}

/// docs/FORMATS.md is the reference scripts rely on: every key of every JSON output, on a
/// gradebook where two instructors scored the same students, is named there (as `key` or
/// "key"), so a new key cannot ship undocumented.
#[test]
fn every_json_key_is_in_the_format_reference() {
    fn keys(value: &serde_json::Value, found: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    found.insert(key.clone());
                    keys(inner, found);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, found)),
            _ => {}
        }
    }
    let test = Test::with_two_scored()
        .given(&["instructor", "add", "sam", "--name", "Sam"])
        .given(&[
            "score",
            "amara",
            "--rubric",
            "oral-communication",
            "--session",
            "s1",
            "--by",
            "sam",
            "direction=3",
            "listening=3",
        ]);
    let mut found = std::collections::BTreeSet::new();
    for args in [
        &["check", "--json"][..],
        &["progress", "amara", "--json"],
        &["agreement", "--json"],
        &["export", "--format", "json"],
        &["history", "amara", "--json"],
        &["student", "list", "--json"],
        &["student", "show", "amara", "--json"],
        &["instructor", "list", "--json"],
        &["session", "list", "--json"],
        &["session", "show", "s1", "--json"],
    ] {
        let out = test.ok(args);
        let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        keys(&value, &mut found);
    }
    let reference = std::fs::read_to_string(crate::support::repo().join("docs/FORMATS.md"))
        .expect("docs/FORMATS.md");
    let missing: Vec<&String> = found
        .iter()
        .filter(|k| {
            !reference.contains(&format!("`{k}`")) && !reference.contains(&format!("\"{k}\""))
        })
        .collect();
    assert!(found.len() > 40, "{found:?}");
    assert_eq!(
        missing,
        Vec::<&String>::new(),
        "keys docs/FORMATS.md does not name"
    );
}
