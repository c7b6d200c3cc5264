//! Gradebook tests: commands that only read. They open the database read-only, never migrate
//! and never take a write lock: they work on a gradebook the user may only read, and they see
//! the last committed state at once while another process holds a write transaction.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Stdio;

use crate::support::Test;

/// The commands that only read, each with what it prints on the scored gradebook.
const READERS: &[&[&str]] = &[
    &["student", "list"],
    &["student", "show", "amara"],
    &["instructor", "list"],
    &["session", "list"],
    &["session", "show", "s1"],
    &["export"],
    &["export", "--format", "json"],
    &["history", "amara"],
    &["history", "--session", "s1"],
    &["history", "--instructor", "jo"],
    &["rubric", "list"],
    &["progress", "amara", "--json"],
    &["agreement", "--json"],
    &["report", "amara", "-o", "-"],
    &["check"],
    &["doctor"],
];

/// What each reader prints now, to compare with what it prints under other conditions.
fn outputs(
    test: &Test,
    run: impl Fn(&[&str]) -> std::process::Output,
) -> Vec<(Vec<String>, i32, String, String)> {
    READERS
        .iter()
        .map(|args| {
            let out = run(args);
            (
                args.iter().map(|a| (*a).to_owned()).collect(),
                out.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr)
                    .replace(&test.dir.path().display().to_string(), "DIR"),
            )
        })
        .collect()
}

fn plain(test: &Test, args: &[&str]) -> std::process::Output {
    test.in_dir(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// `rapport ARGS` as a user who may only read the course folder: when the tests run as root
/// (who may write anything), the command runs as `nobody` through `setpriv`, which drops the
/// privileges for that one process; otherwise as the current user, whom the permissions bind.
fn as_reader(test: &Test, args: &[&str]) -> std::process::Output {
    let root =
        fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
    let mut command = if root {
        let mut command = test.in_dir("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_rapport"));
        command
    } else {
        test.in_dir(env!("CARGO_BIN_EXE_rapport"))
    };
    command.args(args).stdin(Stdio::null()).output().unwrap()
}

fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Every file and folder under the course readable by all and writable by none.
fn read_only_tree(path: &Path) {
    let meta = fs::symlink_metadata(path).unwrap();
    if meta.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            read_only_tree(&entry.unwrap().path());
        }
        chmod(path, 0o555);
    } else {
        chmod(path, 0o444);
    }
}

fn writable_tree(path: &Path) {
    let meta = fs::symlink_metadata(path).unwrap();
    if meta.is_dir() {
        chmod(path, 0o755);
        for entry in fs::read_dir(path).unwrap() {
            writable_tree(&entry.unwrap().path());
        }
    } else {
        chmod(path, 0o644);
    }
}

#[test]
fn every_reader_works_on_a_gradebook_in_a_read_only_folder_and_changes_nothing() {
    let test = Test::with_two_scored();
    let expected = outputs(&test, |args| plain(&test, args));
    for (args, code, stdout, stderr) in &expected {
        assert_eq!(
            (*code, stderr.as_str()),
            (0, ""),
            "rapport {args:?}: {stdout}"
        );
    }
    read_only_tree(test.dir.path());
    let before = test.snapshot();
    let read_only = outputs(&test, |args| as_reader(&test, args));
    writable_tree(test.dir.path());
    assert_eq!(read_only, expected);
    assert_eq!(
        test.snapshot(),
        before,
        "a reader changed the read-only folder"
    );
}

#[test]
fn every_reader_works_on_a_read_only_gradebook_file_in_a_folder_it_may_write() {
    // The permissions of the SQLite file: it is the gradebook on either run.
    let test = Test::with_fixture("minimal").on_sqlite().two_scored();
    let expected = outputs(&test, |args| plain(&test, args));
    // The folder may be written by anyone (so the reader could make the WAL's companion files),
    // the gradebook by no one.
    chmod(test.dir.path(), 0o777);
    chmod(&test.path("rapport.db"), 0o444);
    let before = fs::read(test.path("rapport.db")).unwrap();
    let read_only = outputs(&test, |args| as_reader(&test, args));
    chmod(&test.path("rapport.db"), 0o644);
    chmod(test.dir.path(), 0o755);
    assert_eq!(read_only, expected);
    assert_eq!(fs::read(test.path("rapport.db")).unwrap(), before);
}

#[test]
fn a_writer_on_a_read_only_gradebook_is_refused_and_changes_nothing() {
    // The permissions of the SQLite file: it is the gradebook on either run.
    let test = Test::with_fixture("minimal").on_sqlite().two_scored();
    read_only_tree(test.dir.path());
    let before = test.snapshot();
    let out = as_reader(&test, &["student", "add", "zoe", "--name", "Zoe"]);
    writable_tree(test.dir.path());
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).as_ref(),
            String::from_utf8_lossy(&out.stderr).into_owned()
        ),
        (
            Some(3),
            "",
            format!(
                "error: `{}` is read-only here, and this command writes to the gradebook; nothing was written\n  hint: commands that only read (lists, `export`, `progress`, `report`, `doctor`) work on it; to record, ask whoever may write the gradebook and its folder\n",
                test.path("rapport.db").display()
            )
        )
    );
    assert_eq!(test.snapshot(), before);
}

/// A second connection that holds a write transaction (`BEGIN IMMEDIATE` on `SQLite`) with an
/// uncommitted change while the readers run: each completes at once (the busy timeout is 30 s, so
/// a reader that waited would fail with "database is locked"; on PostgreSQL a reader that waited
/// for the writer's row locks would wait for ever) and sees the last committed state.
#[test]
fn readers_never_wait_for_a_writer_and_see_the_last_committed_state() {
    let test = Test::with_two_scored();
    let expected = outputs(&test, |args| plain(&test, args));
    let change =
        "INSERT INTO student (id, name, created_at) VALUES ('zoe', 'Zoe', '2026-09-03T00:00:00Z');
         UPDATE student SET name = 'Renamed' WHERE id = 'amara';";
    let mut server = test.on_postgres().then(|| test.server());
    let file = if let Some(server) = &mut server {
        server.batch_execute(&format!("BEGIN; {change}")).unwrap();
        None
    } else {
        let writer = rusqlite::Connection::open(test.path("rapport.db")).unwrap();
        writer
            .execute_batch(&format!("BEGIN IMMEDIATE; {change}"))
            .unwrap();
        Some(writer)
    };
    let started = std::time::Instant::now();
    let during = outputs(&test, |args| plain(&test, args));
    let waited = started.elapsed();
    if let Some(server) = &mut server {
        server.batch_execute("ROLLBACK").unwrap();
    }
    if let Some(writer) = &file {
        writer.execute_batch("ROLLBACK").unwrap();
    }
    assert_eq!(during, expected);
    // Far below the 30 s busy timeout, whatever the machine: no reader waited for the lock.
    assert!(waited.as_secs() < 25, "the readers took {waited:?}");
}

#[test]
fn a_reader_never_creates_or_migrates_an_empty_gradebook_file() {
    let test = Test::with_fixture("minimal");
    fs::write(test.path("rapport.db"), b"").unwrap();
    let before = test.snapshot();
    let test = test.args(&["student", "list"]);
    test.expect(0, "ID  NAME  EMAIL  COHORT\n", "");
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_fifo_or_device_as_the_gradebook_is_refused_at_once() {
    let test = Test::with_two_scored();
    let made = std::process::Command::new("mkfifo")
        .arg(test.path("pipe.db"))
        .status()
        .unwrap();
    assert!(made.success());
    let before = test.snapshot();
    for args in [
        &["--db", "pipe.db", "student", "list"][..],
        &["--db", "pipe.db", "student", "add", "zoe", "--name", "Zoe"],
        &["--db", "pipe.db", "doctor"],
        &["--db", "pipe.db", "export"],
    ] {
        let out = plain(&test, args);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).as_ref(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (
                Some(3),
                "",
                "error: `pipe.db` is a named pipe (FIFO), not a gradebook file; it was not touched\n  hint: point `--db` (or `RAPPORT_DB`, or `database:` in course.yaml) at the gradebook file, or move this one away\n"
            ),
            "rapport {args:?}"
        );
    }
    assert_eq!(test.snapshot(), before);
    let out = plain(&test, &["--db", "/dev/null", "student", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: `/dev/null` is a device, not a gradebook file; it was not touched\n  hint: point `--db` (or `RAPPORT_DB`, or `database:` in course.yaml) at the gradebook file, or move this one away\n"
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &fs::metadata("/dev/null").unwrap().file_type()
    ));
}
