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
        ])
        .given(&["student", "edit", "amara", "--email", "a@example.org"])
        .given(&["student", "archive", "bob"])
        .given(&["student", "restore", "bob"])
        .given(&["session", "edit", "s1", "--artist", "Nadia"])
        .given(&["instructor", "edit", "jo", "--name", "Jo Park"]);
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
        &["history", "bob", "--json"],
        &["history", "--session", "s1", "--json"],
        &["history", "--instructor", "jo", "--json"],
        &["rubric", "list", "--json"],
        &["rubric", "show", "oral-communication", "--json"],
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

// ---------------------------------------------------------------------------------------------
// --help

/// `rapport ARGS --help`, 100 columns wide; its standard output.
fn help(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.push("--help");
    // Without `RAPPORT_DB` on either run: clap shows its value under `--db`.
    let test = Test::new()
        .without_database()
        .env("COLUMNS", "100")
        .args(&all);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{all:?}");
    out.stdout
}

/// The names in the `Commands:` section of a help page (`help` left out).
fn subcommands(page: &str) -> Vec<String> {
    page.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// The arguments of a help page (`  -o, --output <DIR>`, `  <STUDENT>`) that have no help
/// text: none on their line after two spaces, none on the lines below.
fn bare_arguments(page: &str) -> Vec<String> {
    let lines: Vec<&str> = page.lines().collect();
    let mut bare = Vec::new();
    let mut section = "";
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with(' ') && line.ends_with(':') {
            section = line;
        }
        if !["Arguments:", "Options:", "Global options:"].contains(&section) {
            continue;
        }
        let Some(entry) = line.strip_prefix("  ") else {
            continue;
        };
        if !entry.starts_with(['-', '<', '[']) && !entry.starts_with("    -") {
            continue;
        }
        let entry = entry.trim_start();
        // What clap adds by itself (`[default: csv]`, `[env: …]`) is no help.
        let helps = |text: &str| !text.trim().is_empty() && !text.trim().starts_with('[');
        let same_line = entry.split_once("  ").is_some_and(|(_, help)| helps(help));
        let next_line = lines
            .get(i + 1)
            .is_some_and(|next| next.starts_with("      ") && helps(next));
        if !same_line && !next_line {
            bare.push(entry.to_owned());
        }
    }
    bare
}

#[test]
fn every_argument_of_every_command_has_help() {
    assert_eq!(
        bare_arguments(
            "Usage: x\n\nArguments:\n  <STUDENT>\n\nOptions:\n      --format <FORMAT>  [default: csv]\n  -o, --output <FILE>  Write to FILE\n      --email <EMAIL>\n          \n"
        ),
        [
            "<STUDENT>",
            "--format <FORMAT>  [default: csv]",
            "--email <EMAIL>"
        ]
    );
    let mut pages = vec![Vec::<String>::new()];
    let mut seen = 0;
    while let Some(command) = pages.pop() {
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let page = help(&args);
        seen += 1;
        assert_eq!(
            bare_arguments(&page),
            Vec::<String>::new(),
            "rapport {args:?}:\n{page}"
        );
        // Global options under their own heading, never among a command's own.
        let own: String = page
            .lines()
            .skip_while(|l| *l != "Options:")
            .take_while(|l| *l != "Global options:")
            .collect::<Vec<_>>()
            .join("\n");
        for global in [
            "--json",
            "--quiet",
            "--verbose",
            "--color",
            "--course",
            "--db",
        ] {
            assert!(
                !own.contains(global),
                "rapport {args:?}: {global} among Options:\n{page}"
            );
        }
        assert!(
            page.contains("\nGlobal options:\n"),
            "rapport {args:?}:\n{page}"
        );
        for name in subcommands(&page) {
            let mut deeper = command.clone();
            deeper.push(name);
            pages.push(deeper);
        }
    }
    // rapport, its commands, and those of student, instructor, session and rubric.
    assert!(seen > 35, "{seen} help pages");
}

#[test]
fn commands_that_use_no_course_show_no_course_or_db() {
    for command in ["init", "schema", "demo", "completions", "man"] {
        let page = help(&[command]);
        assert!(
            !page.contains("--course") && !page.contains("--db"),
            "{command}:\n{page}"
        );
        assert!(page.contains("      --json"), "{command}:\n{page}");
    }
    for command in [
        "check", "score", "report", "doctor", "rubric", "student", "history",
    ] {
        let page = help(&[command]);
        assert!(
            page.contains("      --course <DIR>") && page.contains("      --db <PATH>"),
            "{command}:\n{page}"
        );
    }
}

#[test]
fn help_of_rapport() {
    crate::support::assert_whole_snapshot!("help", &help(&[]));
}

#[test]
fn help_of_score_has_examples() {
    let page = help(&["score"]);
    assert!(page.contains("\nExamples:\n"), "{page}");
    crate::support::assert_whole_snapshot!("help_score", &page);
    for command in ["import", "report"] {
        let page = help(&[command]);
        assert!(page.contains("\nExamples:\n"), "{command}:\n{page}");
        // The short help stays short.
        let out = Test::new().args(&[command, "-h"]).run();
        assert!(
            !out.stdout.contains("Examples:"),
            "{command}:\n{}",
            out.stdout
        );
    }
}
