//! What rapport writes where a user points it (`report`, `catalog`, `demo`, `init`, `export`,
//! `backup`): only its own files are replaced or removed, never through a symbolic link, never a
//! device or a pipe; a refused run changes nothing, byte for byte; a failed or killed run leaves
//! the folder as it was, and the next run removes what a killed one left.

use std::fs;
use std::os::unix::fs::{FileTypeExt as _, symlink};
use std::path::Path;

use crate::support::{Test, snapshot};

const MARKER: &str = "<meta name=\"generator\" content=\"rapport\">";

/// The minimal course with Amara scored once, so every report has something in it.
fn scored() -> Test {
    Test::with_people().scored("amara", "jo", &["direction=3", "listening=2"])
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

fn read(test: &Test, rel: &str) -> String {
    fs::read_to_string(test.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Runs a command that must be refused with `stderr`, exit 1, and change nothing in the
/// test's folder, byte for byte; goes on with the same folder.
fn refused(test: Test, args: &[&str], stderr: &str) -> Test {
    let before = test.snapshot();
    let test = test.args(args);
    test.expect(1, "", stderr);
    assert_eq!(
        test.snapshot(),
        before,
        "rapport {args:?} changed the folder"
    );
    test
}

/// `args`, then `args` with `--force`.
fn with_and_without_force<'a>(args: &[&'a str]) -> [Vec<&'a str>; 2] {
    let mut forced = args.to_vec();
    forced.push("--force");
    [args.to_vec(), forced]
}

fn is_char_device(path: &str) -> bool {
    fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_char_device()
}

fn is_fifo(path: &Path) -> bool {
    fs::symlink_metadata(path).unwrap().file_type().is_fifo()
}

const FOREIGN_PAGE_HINT: &str = "  hint: choose another name, or pass `--force` to replace it\n";
const NOT_A_FILE_HINT: &str = "  hint: move it away, or name another file (`-o -` writes to standard output where the command offers it)\n";
const NOT_A_FOLDER_HINT: &str = "  hint: rapport writes only into real folders: move it away, or choose another output folder\n";
const LINK_HINT: &str = "  hint: choose another name, or pass `--force` to replace the link itself (what it points to is left alone)\n";

// report --all

#[test]
fn report_all_refuses_a_users_index_and_force_replaces_it() {
    let test = scored()
        .write("out/index.html", "<h1>My own page</h1>\n")
        .args(&["report", "--all", "-o", "out"]);
    let before = test.snapshot();
    test.expect(
        1,
        "",
        &format!(
            "error: `out/index.html` exists and is not a page rapport wrote; nothing was written\n{FOREIGN_PAGE_HINT}"
        ),
    );
    assert_eq!(test.snapshot(), before, "nothing written");
    let test = test.args(&["report", "--all", "-o", "out", "--force"]);
    test.expect(
        0,
        "",
        "wrote 1 report and the cohort overview: open out/index.html\n",
    );
    assert!(read(&test, "out/index.html").contains(MARKER));
    // Now it is rapport's: replaced without `--force`.
    let test = test.args(&["report", "--all", "-o", "out"]);
    test.expect(
        0,
        "",
        "wrote 1 report and the cohort overview: open out/index.html\n",
    );
}

#[test]
fn report_all_never_removes_a_users_page_beside_the_reports() {
    let test = scored()
        .write("out/students/essay.html", "<p>My essay</p>\n")
        .given(&["report", "--all", "-o", "out"]);
    assert_eq!(read(&test, "out/students/essay.html"), "<p>My essay</p>\n");
    // A report rapport wrote for a student no longer listed is removed; the essay stays.
    let test = test
        .given(&["student", "add", "ben", "--name", "Ben"])
        .given(&["report", "--all", "-o", "out"])
        .given(&["student", "archive", "ben"])
        .args(&["report", "--all", "-o", "out"]);
    test.expect(
        0,
        "",
        "wrote 1 report and the cohort overview (and removed 1 earlier report of students not listed now): open out/index.html\n",
    );
    assert!(!test.path("out/students/ben.html").exists());
    assert_eq!(read(&test, "out/students/essay.html"), "<p>My essay</p>\n");
}

#[test]
fn report_all_refuses_a_students_folder_that_is_a_link_and_deletes_nothing_there() {
    let test = scored()
        .write("elsewhere/letter.html", "<p>A letter</p>\n")
        .write(
            "elsewhere/old.html",
            &format!("<html><head>{MARKER}</head></html>\n"),
        )
        .write("out/index.html", &format!("{MARKER}\n"));
    symlink(test.path("elsewhere"), test.path("out/students")).unwrap();
    let mut test = test;
    for args in with_and_without_force(&["report", "--all", "-o", "out"]) {
        test = refused(
            test,
            &args,
            &format!(
                "error: `out/students` is a symbolic link, not a folder; nothing was written\n{NOT_A_FOLDER_HINT}"
            ),
        );
    }
}

#[test]
fn a_report_that_is_a_link_is_refused_and_force_replaces_the_link_only() {
    let test = scored()
        .write("outside.html", &format!("{MARKER} not in the folder\n"))
        .given(&["report", "--all", "-o", "out"]);
    fs::remove_file(test.path("out/students/amara.html")).unwrap();
    symlink(
        test.path("outside.html"),
        test.path("out/students/amara.html"),
    )
    .unwrap();
    let test = refused(
        test,
        &["report", "--all", "-o", "out"],
        &format!(
            "error: `out/students/amara.html` is a symbolic link; rapport never writes through one; nothing was written\n{LINK_HINT}"
        ),
    );
    let test = test.args(&["report", "--all", "-o", "out", "--force"]);
    test.expect(
        0,
        "",
        "wrote 1 report and the cohort overview: open out/index.html\n",
    );
    let replaced = fs::symlink_metadata(test.path("out/students/amara.html")).unwrap();
    assert!(replaced.is_file());
    assert!(read(&test, "out/students/amara.html").contains("<h1>Amara</h1>"));
    assert_eq!(
        read(&test, "outside.html"),
        format!("{MARKER} not in the folder\n"),
        "the link's target is left alone"
    );
}

#[test]
fn a_fifo_in_place_of_a_page_is_refused_even_with_force() {
    let test = scored().given(&["report", "--all", "-o", "out"]);
    fs::remove_file(test.path("out/index.html")).unwrap();
    mkfifo(&test.path("out/index.html"));
    let mut test = test;
    for args in with_and_without_force(&["report", "--all", "-o", "out"]) {
        test = refused(
            test,
            &args,
            &format!(
                "error: `out/index.html` is a named pipe (FIFO), not a file; nothing was written\n{NOT_A_FILE_HINT}"
            ),
        );
        assert!(is_fifo(&test.path("out/index.html")));
    }
}

#[test]
fn staging_folders_are_removed_only_when_provably_rapports() {
    let test = scored()
        // Killed after stamping its staging folder.
        .write(
            "out/.rapport-staging-999999991/.rapport-staging",
            "rapport staging folder: the next run removes it if the run that made it was interrupted\n",
        )
        .write("out/.rapport-staging-999999991/students/amara.html", "half a pa")
        // Not rapport's: a user's file under a name that looks like one.
        .write("out/.rapport-staging-999999992/notes.txt", "mine\n")
        // Not a process ID.
        .write(
            "out/.rapport-staging-mine/index.html",
            &format!("{MARKER}\n"),
        )
        .args(&["report", "--all", "-o", "out"]);
    test.expect(
        0,
        "",
        "wrote 1 report and the cohort overview: open out/index.html\n",
    );
    let left: Vec<String> = test
        .files()
        .into_iter()
        .filter(|f| f.contains(".rapport-staging"))
        .collect();
    assert_eq!(
        left,
        [
            "out/.rapport-staging-999999992/notes.txt",
            "out/.rapport-staging-mine/index.html"
        ]
    );
}

// report STUDENT -o FILE

#[test]
fn a_report_onto_a_fifo_or_a_device_is_refused_and_the_node_stays() {
    let mut test = scored();
    mkfifo(&test.path("pipe"));
    for (path, what) in [
        ("pipe", "a named pipe (FIFO)"),
        ("/dev/null", "a character device"),
    ] {
        for args in with_and_without_force(&["report", "amara", "-o", path]) {
            test = refused(
                test,
                &args,
                &format!(
                    "error: `{path}` is {what}, not a file; nothing was written\n{NOT_A_FILE_HINT}"
                ),
            );
        }
    }
    assert!(is_fifo(&test.path("pipe")));
    assert!(is_char_device("/dev/null"));
}

#[test]
fn a_report_is_written_with_the_marker_even_when_the_course_base_template_drops_it() {
    let base = fs::read_to_string(crate::support::repo().join("templates/base.html")).unwrap();
    let test = scored()
        .write("templates/base.html", &base.replace(MARKER, ""))
        .given(&["report", "amara", "-o", "amara.html"])
        .given(&["catalog", "-o", "site"]);
    assert!(read(&test, "amara.html").contains(MARKER));
    assert!(read(&test, "site/index.html").contains(MARKER));
    // So the next runs replace them without `--force`.
    let test = test.args(&["report", "amara", "-o", "amara.html"]);
    test.expect(
        0,
        "",
        "wrote the report of Amara (amara): open amara.html\n",
    );
    let test = test.args(&["catalog", "-o", "site"]);
    test.expect(
        0,
        "",
        "wrote the handbook of 2 modules and 1 rubric: open site/index.html\n",
    );
}

#[test]
fn a_killed_reports_temporary_file_is_removed_by_the_next_run() {
    let test = scored()
        .write(".amara.html.999999993.tmp", &format!("{MARKER} half"))
        .write(".notes.html.999999994.tmp", "a user's file")
        .args(&["report", "amara", "-o", "amara.html"]);
    test.expect(
        0,
        "",
        "wrote the report of Amara (amara): open amara.html\n",
    );
    assert!(!test.path(".amara.html.999999993.tmp").exists());
    assert!(test.path(".notes.html.999999994.tmp").exists());
}

// catalog

#[test]
fn catalog_into_the_parent_folder_refuses_its_index() {
    let test = Test::with_fixture("minimal")
        .write("index.html", "<h1>The academy</h1>\n")
        .cwd("curriculum");
    refused(
        test,
        &["catalog", "-o", ".."],
        &format!(
            "error: `../index.html` exists and is not a page rapport wrote; nothing was written\n{FOREIGN_PAGE_HINT}"
        ),
    );
}

#[test]
fn catalog_removes_its_own_pages_of_a_module_that_is_gone_and_nothing_else() {
    let test = Test::with_fixture("minimal")
        .write("site/modules/notes.html", "<p>mine</p>\n")
        .given(&["catalog", "-o", "site"]);
    let talkback = fs::read_to_string(test.path("curriculum/talkback.yaml")).unwrap();
    let test = test
        .remove("curriculum/talkback.yaml")
        .write("curriculum/talk-back.yaml", &talkback)
        .edit("curriculum/direction.yaml", "[talkback]", "[talk-back]")
        .args(&["catalog", "-o", "site"]);
    test.expect(
        0,
        "",
        "wrote the handbook of 2 modules and 1 rubric (and removed 1 earlier page of modules or rubrics the course no longer has): open site/index.html\n",
    );
    let site: Vec<String> = test
        .files()
        .into_iter()
        .filter(|f| f.starts_with("site/"))
        .collect();
    assert_eq!(
        site,
        [
            "site/index.html",
            "site/modules/direction.html",
            "site/modules/notes.html",
            "site/modules/talk-back.html",
            "site/rubrics/oral-communication.html"
        ]
    );
}

#[test]
fn a_catalog_that_fails_on_one_page_leaves_the_folder_as_it_was() {
    let test = Test::with_fixture("minimal").given(&["catalog", "-o", "site"]);
    let before = snapshot(&test.path("site"));
    // The rubric page's template fails; the index and module pages render.
    let test = test
        .edit("course.yaml", "name: Test Course", "name: Renamed Course")
        .write("templates/catalog/rubric.html", "{{ no_such_field }}")
        .args(&["catalog", "-o", "site"]);
    let out = test.run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(snapshot(&test.path("site")), before);
    // A folder where a page must go: found only once every page is staged; nothing moved.
    let test = test.remove("templates/catalog/rubric.html");
    fs::remove_file(test.path("site/rubrics/oral-communication.html")).unwrap();
    fs::create_dir(test.path("site/rubrics/oral-communication.html")).unwrap();
    let test = refused(
        test,
        &["catalog", "-o", "site"],
        &format!(
            "error: `site/rubrics/oral-communication.html` is a folder, not a file; nothing was written\n{NOT_A_FILE_HINT}"
        ),
    );
    assert!(!read(&test, "site/index.html").contains("Renamed Course"));
}

#[test]
fn catalog_onto_a_fifo_a_device_or_standard_output_is_refused() {
    let test = Test::with_fixture("minimal");
    mkfifo(&test.path("pipe"));
    let test = refused(
        test,
        &["catalog", "-o", "pipe"],
        &format!(
            "error: `pipe` is a named pipe (FIFO), not a folder; nothing was written\n{NOT_A_FOLDER_HINT}"
        ),
    );
    let test = refused(
        test,
        &["catalog", "-o", "/dev/null"],
        &format!(
            "error: `/dev/null` is a character device, not a folder; nothing was written\n{NOT_A_FOLDER_HINT}"
        ),
    );
    let test = refused(
        test,
        &["catalog", "-o", "-"],
        "error: the handbook is a folder of pages; it cannot go to standard output\n  hint: give a folder with `-o`, such as `-o handbook`\n",
    );
    let test = refused(
        test,
        &["report", "--all", "-o", "pipe"],
        &format!(
            "error: `pipe` is a named pipe (FIFO), not a folder; nothing was written\n{NOT_A_FOLDER_HINT}"
        ),
    );
    refused(
        test,
        &["report", "--all", "-o", "/dev/null"],
        &format!(
            "error: `/dev/null` is a character device, not a folder; nothing was written\n{NOT_A_FOLDER_HINT}"
        ),
    );
    assert!(is_char_device("/dev/null"));
}

// export -o

#[test]
fn export_never_replaces_a_file_without_force() {
    let test = refused(
        scored().write("scores.csv", "my own sheet\n"),
        &["export", "-o", "scores.csv"],
        "error: `scores.csv` already exists; nothing was written\n  hint: choose another name, or pass `--force` to replace it\n",
    );
    let test = test.args(&["export", "-o", "scores.csv", "--force"]);
    test.expect(0, "", "wrote 1 assessment (2 scores) to scores.csv\n");
    assert_eq!(read(&test, "scores.csv"), test.ok(&["export"]));
}

#[test]
fn export_to_dash_is_standard_output_and_special_files_are_refused() {
    let test = scored();
    mkfifo(&test.path("pipe"));
    let before = test.snapshot();
    let mut test = test.args(&["export", "-o", "-"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert_eq!(out.stdout, test.ok(&["export"]));
    assert_eq!(test.snapshot(), before);
    for (path, what) in [
        ("pipe", "a named pipe (FIFO)"),
        ("/dev/null", "a character device"),
        ("curriculum", "a folder"),
        ("new/", "a folder"),
    ] {
        for args in with_and_without_force(&["export", "-o", path]) {
            test = refused(
                test,
                &args,
                &format!(
                    "error: `{path}` is {what}, not a file; nothing was written\n{NOT_A_FILE_HINT}"
                ),
            );
        }
    }
    assert!(is_fifo(&test.path("pipe")));
    assert!(is_char_device("/dev/null"));
}

// backup

#[test]
fn a_backup_replaces_an_earlier_backup_but_not_another_gradebook() {
    let test = scored()
        .given(&["backup", "copy.db"])
        .args(&["backup", "copy.db"]);
    test.expect(
        0,
        "",
        &format!("backed up {} to copy.db\n", test.gradebook()),
    );
    // Another course's live gradebook carries rapport's ID too, in WAL mode: not a backup.
    let test = test.given(&["--db", "other.db", "student", "add", "zoe", "--name", "Zoe"]);
    refused(
        test,
        &["backup", "other.db"],
        &format!(
            "error: `other.db` exists and is not a backup rapport wrote; nothing was written\n{FOREIGN_PAGE_HINT}"
        ),
    );
}

#[test]
fn a_backup_to_a_fifo_a_device_or_standard_output_is_refused() {
    let mut test = scored();
    mkfifo(&test.path("pipe"));
    for (path, what) in [
        ("pipe", "a named pipe (FIFO)"),
        ("/dev/null", "a character device"),
        ("new/", "a folder"),
    ] {
        for args in with_and_without_force(&["backup", path]) {
            test = refused(
                test,
                &args,
                &format!(
                    "error: `{path}` is {what}, not a file; nothing was written\n{NOT_A_FILE_HINT}"
                ),
            );
        }
    }
    let test = refused(
        test,
        &["backup", "-"],
        "error: a backup is a database file; it cannot go to standard output\n  hint: name the backup file, e.g. `rapport backup rapport-backup.db`\n",
    );
    assert!(is_fifo(&test.path("pipe")));
    assert!(is_char_device("/dev/null"));
}

#[test]
fn a_killed_backups_leftovers_are_removed_by_the_next_backup() {
    let test = scored();
    let journal_magic = [
        0xd9_u8, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7, 0, 0, 0, 0,
    ];
    fs::write(
        test.path(".copy.db.999999995.partial"),
        b"SQLite format 3\0 and half a database",
    )
    .unwrap();
    fs::write(
        test.path(".copy.db.999999995.partial-journal"),
        journal_magic,
    )
    .unwrap();
    // A staging folder of a backup killed mid-copy.
    fs::create_dir(test.path(".rapport-staging-999999996")).unwrap();
    fs::write(
        test.path(".rapport-staging-999999996/.rapport-staging"),
        "rapport staging folder: the next run removes it if the run that made it was interrupted\n",
    )
    .unwrap();
    fs::write(
        test.path(".rapport-staging-999999996/copy.db-journal"),
        journal_magic,
    )
    .unwrap();
    // Named like a leftover, but not what rapport writes there: the user's.
    fs::write(test.path(".copy.db.999999997.partial"), "my notes\n").unwrap();
    let test = test.args(&["backup", "copy.db"]);
    test.expect(
        0,
        "",
        &format!("backed up {} to copy.db\n", test.gradebook()),
    );
    let mut files = test.files();
    files.retain(|f| !f.starts_with("curriculum/") && !f.starts_with("rubrics/"));
    assert_eq!(
        files,
        [
            ".copy.db.999999997.partial",
            "copy.db",
            "course.yaml",
            "rapport.db"
        ]
    );
}

// demo

#[test]
fn demo_onto_a_fifo_or_a_device_is_refused() {
    let mut test = Test::new();
    mkfifo(&test.path("pipe"));
    for (path, what) in [
        ("pipe", "a named pipe (FIFO)"),
        ("/dev/null", "a character device"),
    ] {
        test = refused(
            test,
            &["demo", "--students", "1", "-o", path],
            &format!(
                "error: `{path}` is {what}, not a folder; nothing was written\n{NOT_A_FOLDER_HINT}"
            ),
        );
    }
    assert!(is_fifo(&test.path("pipe")));
    assert!(is_char_device("/dev/null"));
}

#[test]
fn demo_removes_a_killed_runs_staging_folder_and_builds() {
    let test = Test::new()
        .write(
            "out/.rapport-staging-999999998/.rapport-staging",
            "rapport staging folder: the next run removes it if the run that made it was interrupted\n",
        )
        .write("out/.rapport-staging-999999998/index.html", "half")
        .args(&["demo", "--students", "2", "-o", "out"]);
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!test.path("out/.rapport-staging-999999998").exists());
    assert!(read(&test, "out/index.html").contains(MARKER));
}

// init

#[test]
fn init_never_writes_through_a_link_or_into_a_special_file() {
    let test = Test::new().write("elsewhere/keep.txt", "mine\n");
    fs::create_dir(test.path("c")).unwrap();
    symlink(test.path("elsewhere"), test.path("c/curriculum")).unwrap();
    refused(
        test,
        &["init", "c"],
        &format!(
            "error: `c/curriculum` is a symbolic link, not a folder; nothing was written\n{NOT_A_FOLDER_HINT}"
        ),
    );
    // A dangling link where course.yaml goes: it is in the way; nothing is made where it points.
    let test = Test::new();
    fs::create_dir(test.path("d")).unwrap();
    symlink(test.path("target.yaml"), test.path("d/course.yaml")).unwrap();
    let test = refused(
        test,
        &["init", "d"],
        "error: `d/course.yaml` already exists; nothing was written\n  hint: `rapport init` never overwrites a course: pick an empty folder, e.g. `rapport init my-course`\n",
    );
    assert!(!test.path("target.yaml").exists());
    // A pipe as the folder, or where a file goes.
    let test = Test::new();
    mkfifo(&test.path("pipe"));
    fs::create_dir(test.path("e")).unwrap();
    mkfifo(&test.path("e/course.yaml"));
    let test = refused(
        test,
        &["init", "pipe"],
        &format!(
            "error: `pipe` is a named pipe (FIFO), not a folder; nothing was written\n{NOT_A_FOLDER_HINT}"
        ),
    );
    refused(
        test,
        &["init", "e"],
        &format!(
            "error: `e/course.yaml` is a named pipe (FIFO), not a file; nothing was written\n{NOT_A_FILE_HINT}"
        ),
    );
}

#[test]
fn one_report_replaces_a_users_file_or_a_link_only_with_force() {
    let test = scored()
        .write("mine.html", "<p>mine</p>\n")
        .write("target.html", &format!("{MARKER}\n"));
    symlink(test.path("target.html"), test.path("link.html")).unwrap();
    let test = refused(
        test,
        &["report", "amara", "-o", "link.html"],
        &format!(
            "error: `link.html` is a symbolic link; rapport never writes through one; nothing was written\n{LINK_HINT}"
        ),
    );
    let mut test = test;
    for name in ["mine.html", "link.html"] {
        test = test.args(&["report", "amara", "-o", name, "--force"]);
        test.expect(
            0,
            "",
            &format!("wrote the report of Amara (amara): open {name}\n"),
        );
        assert!(fs::symlink_metadata(test.path(name)).unwrap().is_file());
        assert!(read(&test, name).contains("<h1>Amara</h1>"));
    }
    assert_eq!(read(&test, "target.html"), format!("{MARKER}\n"));
}

#[test]
fn catalog_removes_a_killed_runs_staging_folder() {
    let test = Test::with_fixture("minimal")
        .write(
            "site/.rapport-staging-999999990/.rapport-staging",
            "rapport staging folder: the next run removes it if the run that made it was interrupted\n",
        )
        .write("site/.rapport-staging-999999990/modules/direction.html", "trunca")
        .args(&["catalog", "-o", "site"]);
    test.expect(
        0,
        "",
        "wrote the handbook of 2 modules and 1 rubric: open site/index.html\n",
    );
    assert!(!test.path("site/.rapport-staging-999999990").exists());
    assert_eq!(
        test.files()
            .into_iter()
            .filter(|f| f.starts_with("site/"))
            .count(),
        4
    );
}
