//! `roster import-oneroster`: OneRoster 1.2 and 1.1 CSV bulk packages (tests/fixtures/oneroster,
//! written from 1EdTech's CSV binding tables), as a folder and as a zip made here from a
//! folder; broken variants made by editing a copy. Whole outputs; a refused import writes
//! nothing.

use std::fs;
use std::io::Write as _;
use std::path::Path;

use crate::support::{Test, copy_dir, fixture, score_in_s1};

/// The minimal course with a OneRoster package of `version` (`v1.2`, `v1.1`) in `sis/`.
pub(crate) fn with_package(version: &str) -> Test {
    let test = Test::with_fixture("minimal");
    copy_dir(&fixture("oneroster").join(version), &test.path("sis"));
    test
}

/// Runs `roster import-oneroster` with `args` after the package; asserts the whole outcome.
pub(crate) fn import(test: Test, args: &[&str], code: i32, stderr: &str) -> Test {
    let mut all = vec!["roster", "import-oneroster"];
    all.extend_from_slice(args);
    let test = test.args(&all);
    test.expect(code, "", stderr);
    test
}

/// Zips the files of `dir` (sorted, deflated) into `zip`, each under `prefix`.
pub(crate) fn zip_folder(dir: &Path, zip: &Path, prefix: &str) {
    let mut writer = zip::ZipWriter::new(fs::File::create(zip).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        writer
            .start_file(format!("{prefix}{name}"), options)
            .unwrap();
        writer
            .write_all(&fs::read(dir.join(&name)).unwrap())
            .unwrap();
    }
    writer.finish().unwrap();
}

const ADDED_V12: &str = "\
added student `amara.okafor` (Amara Okafor, cohort 2026-autumn; sourcedId stu-001)
added student `benjamin.li` (Ben Li, cohort 2026-autumn; sourcedId stu-002)
added student `s20260003` (Chioma Eze, cohort 2027-spring; sourcedId stu-003)
added student `dario.rossi` (Dario Rossi, cohort 2026-autumn; sourcedId stu-004)
added instructor `jo.park` (Jo Park; sourcedId tea-001)
added instructor `sam.reyes` (Sam Reyes; sourcedId tea-002)
sis (OneRoster 1.2, 2 classes): students: added 4, updated 0, archived 0, unchanged 0; instructors: added 2, updated 0, unchanged 0
";

const UNCHANGED_V12: &str = "sis (OneRoster 1.2, 2 classes): students: added 0, updated 0, archived 0, unchanged 4; instructors: added 0, updated 0, unchanged 2; the gradebook already matches the package\n";

#[test]
fn a_1_2_package_adds_students_and_teachers_and_a_second_import_changes_nothing() {
    let test = import(with_package("v1.2"), &["sis"], 0, ADDED_V12);
    let test = test.args(&["student", "list"]);
    test.expect(
        0,
        "\
ID            NAME          EMAIL                               COHORT
amara.okafor  Amara Okafor  amara.okafor@students.nmpa.example  2026-autumn
benjamin.li   Ben Li        ben.li@students.nmpa.example        2026-autumn
dario.rossi   Dario Rossi   dario.rossi@students.nmpa.example   2026-autumn
s20260003     Chioma Eze                                        2027-spring
",
        "",
    );
    let test = test.args(&["instructor", "list"]);
    test.expect(
        0,
        "ID         NAME\njo.park    Jo Park\nsam.reyes  Sam Reyes\n",
        "",
    );
    let test = test.args(&["student", "show", "amara.okafor"]);
    test.expect(
        0,
        "Amara Okafor (amara.okafor)
email: amara.okafor@students.nmpa.example
cohort: 2026-autumn
sourced ID: stu-001
",
        "",
    );
    let test = test.args(&["--json", "student", "show", "s20260003"]);
    test.expect(
        0,
        r#"{
  "id": "s20260003",
  "name": "Chioma Eze",
  "email": null,
  "cohort": "2027-spring",
  "archived": false,
  "sourced_id": "stu-003"
}
"#,
        "",
    );
    let before = test.snapshot();
    let test = import(test, &["sis"], 0, UNCHANGED_V12);
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_dry_run_prints_what_would_change_and_writes_nothing() {
    let test = with_package("v1.2");
    let before = test.snapshot();
    let test = import(
        test,
        &["sis", "--dry-run"],
        0,
        "\
would add student `amara.okafor` (Amara Okafor, cohort 2026-autumn; sourcedId stu-001)
would add student `benjamin.li` (Ben Li, cohort 2026-autumn; sourcedId stu-002)
would add student `s20260003` (Chioma Eze, cohort 2027-spring; sourcedId stu-003)
would add student `dario.rossi` (Dario Rossi, cohort 2026-autumn; sourcedId stu-004)
would add instructor `jo.park` (Jo Park; sourcedId tea-001)
would add instructor `sam.reyes` (Sam Reyes; sourcedId tea-002)
sis (OneRoster 1.2, 2 classes): students: would add 4, update 0, archive 0, leave unchanged 0; instructors: would add 2, update 0, leave unchanged 0; nothing was written (dry run)
",
    );
    assert_eq!(test.snapshot(), before);
    // On a gradebook that exists, too.
    let test = import(test, &["sis"], 0, ADDED_V12)
        .edit("sis/users.csv", "Benjamin,Li", "Benjamin,Li-Moreau")
        .edit(
            "sis/users.csv",
            "stu-004,,",
            "stu-004,tobedeleted,2026-10-02T09:15:00.000Z",
        );
    let before = test.snapshot();
    let test = import(
        test,
        &["sis", "--dry-run"],
        0,
        "\
would update student `benjamin.li`: name Ben Li → Ben Li-Moreau
would archive student `dario.rossi` (Dario Rossi): `tobedeleted` in users.csv:5; their records stay
sis (OneRoster 1.2, 2 classes): students: would add 0, update 1, archive 1, leave unchanged 2; instructors: would add 0, update 0, leave unchanged 2; nothing was written (dry run)
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn changed_details_update_through_change_records_and_tobedeleted_archives() {
    let test = import(with_package("v1.2"), &["sis"], 0, ADDED_V12)
        .edit("sis/users.csv", "Benjamin,Li,", "Benjamin,Li-Moreau,")
        .edit(
            "sis/users.csv",
            "ben.li@students.nmpa.example",
            "ben.limoreau@students.nmpa.example",
        )
        .edit(
            "sis/users.csv",
            "stu-004,,",
            "stu-004,tobedeleted,2026-10-02T09:15:00.000Z",
        )
        .edit(
            "sis/users.csv",
            "Samuel,Reyes,,9002,sam.reyes@nmpa.example,,,,,,,,Sam",
            "Samuel,Reyes,,9002,sam.reyes@nmpa.example,,,,,,,,Sammy",
        )
        .edit(
            "sis/classes.csv",
            "org-nmpa,term-2026-autumn",
            "org-nmpa,term-2027-spring",
        );
    let test = import(
        test,
        &["sis"],
        0,
        "\
updated student `amara.okafor`: cohort 2026-autumn → 2027-spring
updated student `benjamin.li`: name Ben Li → Ben Li-Moreau; email ben.li@students.nmpa.example → ben.limoreau@students.nmpa.example; cohort 2026-autumn → 2027-spring
archived student `dario.rossi` (Dario Rossi): `tobedeleted` in users.csv:5; their records stay
updated instructor `sam.reyes`: name Sam Reyes → Sammy Reyes
sis (OneRoster 1.2, 2 classes): students: added 0, updated 2, archived 1, unchanged 1; instructors: added 0, updated 1, unchanged 1
",
    );
    let test = test.args(&["student", "list", "--include-archived"]);
    test.expect(
        0,
        "\
ID            NAME           EMAIL                               COHORT       STATUS
amara.okafor  Amara Okafor   amara.okafor@students.nmpa.example  2027-spring
benjamin.li   Ben Li-Moreau  ben.limoreau@students.nmpa.example  2027-spring
dario.rossi   Dario Rossi    dario.rossi@students.nmpa.example   2026-autumn  archived
s20260003     Chioma Eze                                         2027-spring
",
        "",
    );
    let out = test.ok(&["history", "benjamin.li"]);
    assert!(
        out.contains("  name: Ben Li → Ben Li-Moreau\n  email: ben.li@students.nmpa.example → ben.limoreau@students.nmpa.example\n  cohort: 2026-autumn → 2027-spring\n"),
        "the edit is in the history: {out}"
    );
    // Again: nothing changes, the archived student stays archived.
    import(
        test,
        &["sis"],
        0,
        "sis (OneRoster 1.2, 2 classes): students: added 0, updated 0, archived 0, unchanged 3; instructors: added 0, updated 0, unchanged 2; the gradebook already matches the package\n",
    );
}

#[test]
fn one_class_with_its_title_as_cohort_and_ids_from_sourced_ids() {
    import(
        with_package("v1.2"),
        &[
            "sis",
            "--class",
            "class-studio-b",
            "--cohort-from",
            "class",
            "--id-from",
            "sourced-id",
        ],
        0,
        "\
added student `stu-003` (Chioma Eze, cohort Studio Practice B; sourcedId stu-003)
added instructor `tea-001` (Jo Park; sourcedId tea-001)
added instructor `tea-002` (Sam Reyes; sourcedId tea-002)
sis (OneRoster 1.2, class `class-studio-b` (Studio Practice B)): students: added 1, updated 0, archived 0, unchanged 0; instructors: added 2, updated 0, unchanged 0
",
    );
}

#[test]
fn an_unknown_class_is_refused_with_the_nearest() {
    let test = with_package("v1.2");
    let before = test.snapshot();
    let test = import(
        test,
        &["sis", "--class", "class-studio-c"],
        1,
        "\
classes.csv: no class has the sourcedId `class-studio-c`, did you mean `class-studio-b`?
error: sis: 1 problem; nothing was written
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_1_1_package_zipped_is_read_in_memory() {
    let test = with_package("v1.1");
    zip_folder(&test.path("sis"), &test.path("sis.zip"), "");
    fs::remove_dir_all(test.path("sis")).unwrap();
    let test = import(
        test,
        &["sis.zip"],
        0,
        "\
added student `ella.novak` (Ella Novak, cohort 2026-autumn; sourcedId u-1001)
added student `farid.haddad` (Farid Haddad, cohort 2026-autumn; sourcedId u-1002)
added instructor `jo.park` (Jo Park; sourcedId u-2001)
sis.zip (OneRoster 1.1, class `class-mix-1` (Mixing I)): students: added 2, updated 0, archived 0, unchanged 0; instructors: added 1, updated 0, unchanged 0
",
    );
    // Only the gradebook was written: nothing was extracted beside the archive.
    assert_eq!(
        test.files(),
        [
            "course.yaml",
            "curriculum/direction.yaml",
            "curriculum/talkback.yaml",
            "rapport.db",
            "rubrics/oral-communication.yaml",
            "sis.zip"
        ]
    );
}

#[test]
fn a_rapport_id_kept_for_another_sourced_id_is_refused() {
    let test = with_package("v1.2");
    // The 1.1 package's teacher `jo.park` has another sourcedId than the 1.2 package's.
    copy_dir(&fixture("oneroster").join("v1.1"), &test.path("old"));
    let test = import(test, &["old"], 0, "\
added student `ella.novak` (Ella Novak, cohort 2026-autumn; sourcedId u-1001)
added student `farid.haddad` (Farid Haddad, cohort 2026-autumn; sourcedId u-1002)
added instructor `jo.park` (Jo Park; sourcedId u-2001)
old (OneRoster 1.1, class `class-mix-1` (Mixing I)): students: added 2, updated 0, archived 0, unchanged 0; instructors: added 1, updated 0, unchanged 0
");
    let test = test.edit(
        "sis/users.csv",
        "true,amara.okafor@students.nmpa.example,",
        "true,Ella.Novak,",
    );
    let before = test.snapshot();
    let test = import(
        test,
        &["sis"],
        1,
        "\
users.csv:2: user `stu-001` would have the rapport ID `ella.novak` (from `username`), but student `ella.novak` (Ella Novak) has it with the sourcedId `u-1001`; pass `--id-from` another column
users.csv:6: user `tea-001` would have the rapport ID `jo.park` (from `username`), but instructor `jo.park` (Jo Park) has it with the sourcedId `u-2001`; pass `--id-from` another column
error: sis: 2 problems; nothing was written
",
    );
    assert_eq!(test.snapshot(), before);
    import(
        test,
        &["sis", "--class", "class-studio-a", "--id-from", "username"],
        1,
        "\
users.csv:2: user `stu-001` would have the rapport ID `ella.novak` (from `username`), but student `ella.novak` (Ella Novak) has it with the sourcedId `u-1001`; pass `--id-from` another column
users.csv:6: user `tea-001` would have the rapport ID `jo.park` (from `username`), but instructor `jo.park` (Jo Park) has it with the sourcedId `u-2001`; pass `--id-from` another column
error: sis: 2 problems; nothing was written
",
    );
}

#[test]
fn a_student_added_by_hand_gets_the_sourced_id() {
    let test = with_package("v1.2")
        .given(&["student", "add", "amara.okafor", "--name", "Amara Okafor"])
        .given(&["instructor", "add", "jo.park", "--name", "Jo Park"]);
    import(
        test,
        &["sis", "--class", "class-studio-a"],
        0,
        "\
updated student `amara.okafor`: email none → amara.okafor@students.nmpa.example; cohort none → 2026-autumn; sourced_id none → stu-001
added student `benjamin.li` (Ben Li, cohort 2026-autumn; sourcedId stu-002)
added student `dario.rossi` (Dario Rossi, cohort 2026-autumn; sourcedId stu-004)
updated instructor `jo.park`: sourced_id none → tea-001
sis (OneRoster 1.2, class `class-studio-a` (Studio Practice A)): students: added 2, updated 1, archived 0, unchanged 0; instructors: added 0, updated 1, unchanged 0
",
    );
}

#[test]
fn every_problem_of_every_file_is_located_at_once_and_nothing_is_written() {
    let test = with_package("v1.2")
        .given(&["student", "add", "someone", "--name", "Some One"])
        .edit("sis/users.csv", "adm-001,", "tea-002,")
        .edit("sis/users.csv", "stu-003,,,true,", "stu-003,,,yes,")
        .edit(
            "sis/users.csv",
            "stu-002,,,true,benjamin.li,",
            "stu-002,,,true,Amara.Okafor,",
        )
        .edit(
            "sis/users.csv",
            "20260004,dario.rossi@students.nmpa.example",
            "20260004,dario.rossi(at)students.nmpa.example",
        )
        .edit("sis/enrollments.csv", "tea-002,", "tea-020,")
        // A row with its own problem is not reported again by the rows that name it.
        .edit("sis/users.csv", "Joanna,Park,", "Joanna,,")
        .edit(
            "sis/enrollments.csv",
            "tea-001,teacher,false",
            "tea-001,Teacher,false",
        )
        .edit(
            "sis/enrollments.csv",
            "false,2026-09-01,2026-12-18",
            "false,01/09/2026,2026-12-18",
        )
        .edit(
            "sis/classes.csv",
            "org-nmpa,term-2027-spring",
            "org-nmpa,term-2027-summer",
        )
        .edit("sis/academicSessions.csv", "2026-12-18", "2026-12-32");
    let before = test.snapshot();
    let test = import(
        test,
        &["sis"],
        1,
        "\
users.csv:3: student `stu-002` would have the rapport ID `amara.okafor` (from `username`), as student `stu-001` on line 2 does; pass `--id-from` another column
users.csv:4: `enabledUser` is `yes`; it must be one of `true`, `false`
users.csv:5: `email` `dario.rossi(at)students.nmpa.example` is not an email address
users.csv:6: `familyName` is blank; the specification requires a value
users.csv:8: sourcedId `tea-002` is also on line 7; every row of users.csv has its own
enrollments.csv:2: `beginDate` is `01/09/2026`; write a date as YYYY-MM-DD, e.g. 2026-09-01
enrollments.csv:7: `userSourcedId` `tea-020` is not in users.csv
enrollments.csv:8: `role` is `Teacher`; write `teacher` (values are case-sensitive)
classes.csv:3: `termSourcedIds` names `term-2027-summer`, which is not in academicSessions.csv
academicSessions.csv:2: `endDate` is `2026-12-32`; write a date as YYYY-MM-DD, e.g. 2026-09-01
error: sis: 10 problems; nothing was written
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn the_manifest_and_the_files_it_lists_are_checked() {
    let test = with_package("v1.2").edit(
        "sis/manifest.csv",
        "oneroster.version,1.2",
        "oneroster.version,1.0",
    );
    let before = test.snapshot();
    let test = import(
        test,
        &["sis"],
        1,
        "\
manifest.csv:3: `oneroster.version` is `1.0`; rapport reads OneRoster 1.1 and 1.2 packages
error: sis: 1 problem; nothing was written
",
    );
    assert_eq!(test.snapshot(), before);
    let test = test
        .edit(
            "sis/manifest.csv",
            "oneroster.version,1.0",
            "oneroster.version,1.2",
        )
        .edit(
            "sis/manifest.csv",
            "file.enrollments,bulk",
            "file.enrollments,delta",
        )
        .edit("sis/manifest.csv", "file.orgs,bulk", "file.orgs,absent")
        .edit("sis/manifest.csv", "file.users,bulk", "file.users,Bulk")
        .remove("sis/classes.csv")
        .edit(
            "sis/academicSessions.csv",
            "sourcedId,status,dateLastModified,title,type,",
            "sourcedId,status,dateLastModified,name,type,",
        );
    import(
        test,
        &["sis"],
        1,
        "\
manifest.csv:6: `file.classes` is `bulk` but the package has no classes.csv
manifest.csv:11: `file.enrollments` is `delta`; rapport reads bulk packages only (a delta holds only what changed): export a bulk package
manifest.csv:15: `file.orgs` is `absent` but the package holds orgs.csv; say `bulk`, or leave the file out
manifest.csv:24: `file.users` is `Bulk`; it must be one of `bulk`, `delta`, `absent`
academicSessions.csv:1: unknown column `name`; the columns are `sourcedId`, `title`, `type`, `startDate`, `endDate`, `schoolYear`, `status`, `dateLastModified`, `parentSourcedId`, `orgSourcedId`; missing column `title`
error: sis: 5 problems; nothing was written
",
    );
}

#[test]
fn a_package_without_a_manifest_or_with_a_1_1_column_in_a_1_2_file_is_refused() {
    let test = with_package("v1.2").remove("sis/manifest.csv");
    let test = import(
        test,
        &["sis"],
        1,
        "\
manifest.csv: the package has none; a OneRoster package starts with manifest.csv (propertyName,value)
error: sis: 1 problem; nothing was written
",
    );
    let test = test.write(
        "sis/manifest.csv",
        &fs::read_to_string(fixture("oneroster/v1.2/manifest.csv")).unwrap(),
    );
    let test = test
        .edit(
            "sis/users.csv",
            ",enabledUser,username,",
            ",enabledUser,role,username,",
        )
        .edit(
            "sis/users.csv",
            "stu-001,,,true,",
            "stu-001,,,true,student,",
        );
    import(
        test,
        &["sis"],
        1,
        "\
users.csv:1: unknown column `role`; the columns are `sourcedId`, `enabledUser`, `username`, `givenName`, `familyName`, `status`, `dateLastModified`, `userMasterIdentifier`, `userIds`, `middleName`, `identifier`, `email`, `sms`, `phone`, `agentSourcedIds`, `grades`, `password`, `resourceSourcedIds`, `preferredGivenName`, `preferredMiddleName`, `preferredFamilyName`, `primaryOrgSourcedId`, `pronouns` (OneRoster 1.1 columns: manifest.csv says `oneroster.version` 1.2; export the package again as one version)
error: sis: 1 problem; nothing was written
",
    );
}

#[test]
fn archives_that_escape_hold_links_or_nest_the_files_are_refused() {
    let test = with_package("v1.2");
    zip_folder(&test.path("sis"), &test.path("nested.zip"), "export/");
    let mut writer = zip::ZipWriter::new(fs::File::create(test.path("escape.zip")).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    writer.start_file("../users.csv", options).unwrap();
    writer.write_all(b"sourcedId\n").unwrap();
    writer.finish().unwrap();
    let mut writer = zip::ZipWriter::new(fs::File::create(test.path("link.zip")).unwrap());
    writer
        .add_symlink("users.csv", "/etc/passwd", options)
        .unwrap();
    writer.finish().unwrap();
    fs::write(test.path("notes.zip"), "not a zip").unwrap();
    let before = test.snapshot();
    let test = import(
        test,
        &["nested.zip"],
        1,
        "\
error: nested.zip: the package's files are inside a folder of the archive (`export/academicSessions.csv`)
  hint: zip the files themselves, with manifest.csv at the top of the archive
",
    );
    let test = import(
        test,
        &["escape.zip"],
        1,
        "\
error: escape.zip: the archive's entry `../users.csv` is refused: its name leads outside the archive
  hint: export the package again from the SIS, or zip the CSV files yourself
",
    );
    let test = import(
        test,
        &["link.zip"],
        1,
        "\
error: link.zip: the archive's entry `users.csv` is refused: it is a link
  hint: export the package again from the SIS, or zip the CSV files yourself
",
    );
    let test = import(
        test,
        &["notes.zip"],
        1,
        "\
error: notes.zip: not a zip archive, or a damaged one (a download cut short?)
  hint: point at the folder holding manifest.csv, or at the .zip the SIS exported
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn ids_that_cannot_be_made_and_cohorts_that_disagree_are_located() {
    let test = with_package("v1.2")
        // Chioma is in both classes: their terms differ.
        .edit(
            "sis/enrollments.csv",
            "enr-004,",
            "enr-008,,,class-studio-b,org-nmpa,stu-002,student,false,,\nenr-004,",
        )
        .edit("sis/users.csv", "true,dario.rossi,", "true,dario rossi,")
        .edit(
            "sis/users.csv",
            "stu-003,,,true,,{SIS:20260003},Chioma,Eze,,S20260003,",
            "stu-003,,,true,,{SIS:20260003},Chioma,Eze,,,",
        );
    let before = test.snapshot();
    let test = import(
        test,
        &["sis"],
        1,
        "\
users.csv:4: user `stu-003` has neither `username` nor `identifier`, so no rapport ID; fill one in, or pass `--id-from sourced-id`
users.csv:5: `username` `dario rossi` cannot be a rapport ID: it contains a space at position 6; use only ASCII letters, digits, `-`, `_` and `.`; pass `--id-from` another column
enrollments.csv:5: student `stu-002` is also enrolled in class `class-studio-a` (line 3), whose cohort is `2026-autumn`, not `2027-spring`; import one class at a time with `--class`
error: sis: 3 problems; nothing was written
",
    );
    assert_eq!(test.snapshot(), before);
    // With IDs from `identifier` and one class, the same package imports.
    import(
        test,
        &["sis", "--class", "class-studio-a", "--id-from", "identifier"],
        0,
        "\
added student `20260001` (Amara Okafor, cohort 2026-autumn; sourcedId stu-001)
added student `20260002` (Ben Li, cohort 2026-autumn; sourcedId stu-002)
added student `20260004` (Dario Rossi, cohort 2026-autumn; sourcedId stu-004)
added instructor `9001` (Jo Park; sourcedId tea-001)
sis (OneRoster 1.2, class `class-studio-a` (Studio Practice A)): students: added 3, updated 0, archived 0, unchanged 0; instructors: added 1, updated 0, unchanged 0
",
    );
}

#[test]
fn a_file_with_a_header_and_no_rows_is_refused() {
    let test = with_package("v1.1").write(
        "sis/enrollments.csv",
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n",
    );
    import(
        test,
        &["sis"],
        1,
        "\
enrollments.csv: the file has no rows; the specification allows no empty file (leave it out and mark it `absent` in manifest.csv)
error: sis: 1 problem; nothing was written
",
    );
}

#[test]
fn an_entry_larger_than_64_mib_is_refused_before_it_is_read() {
    let test = with_package("v1.2");
    let mut writer = zip::ZipWriter::new(fs::File::create(test.path("big.zip")).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    writer.start_file("manifest.csv", options).unwrap();
    writer
        .write_all(&fs::read(test.path("sis/manifest.csv")).unwrap())
        .unwrap();
    writer.start_file("users.csv", options).unwrap();
    let chunk = vec![b'a'; 1024 * 1024];
    for _ in 0..64 {
        writer.write_all(&chunk).unwrap();
    }
    writer.write_all(b"\n").unwrap();
    writer.finish().unwrap();
    import(
        test,
        &["big.zip"],
        1,
        "\
error: big.zip: users.csv is larger than 64 MiB
  hint: export one school or class at a time
",
    );
}

#[test]
fn a_disabled_user_stays_as_they_are() {
    let test = import(with_package("v1.2"), &["sis"], 0, ADDED_V12).edit(
        "sis/users.csv",
        "stu-001,,,true,",
        "stu-001,,,false,",
    );
    import(test, &["sis"], 0, UNCHANGED_V12);
}

#[test]
fn the_sourced_id_is_what_gradebooks_match_students_by() {
    let test = import(with_package("v1.2"), &["sis"], 0, ADDED_V12)
        .given(&[
            "session",
            "add",
            "s1",
            "--date",
            "2026-09-02",
            "--kind",
            "live",
            "--title",
            "T",
        ])
        .given(&score_in_s1(
            "amara.okafor",
            "jo.park",
            &["direction=3", "listening=4"],
        ))
        .given(&[
            "student",
            "add",
            "zoe",
            "--name",
            "Zoe Hand",
            "--email",
            "zoe@example.org",
        ]);
    let test = test.args(&["export-mastery", "--format", "canvas"]);
    test.expect(
        0,
        "\
Student,ID,SIS User ID,SIS Login ID,Section,Oral communication (rapport:oral-communication)
Points Possible,,,,,4
Amara Okafor,,stu-001,,2026-autumn,3.33
Ben Li,,stu-002,,2026-autumn,
Dario Rossi,,stu-004,,2026-autumn,
Chioma Eze,,stu-003,,2027-spring,
Zoe Hand,,,zoe,,
",
        "",
    );
    // Moodle by ID number: only the SIS's ID, never rapport's own (Zoe's `zoe` could be
    // another user's ID number); a student without one is refused.
    let test = test.args(&[
        "export-mastery",
        "--format",
        "moodle",
        "--moodle-key",
        "idnumber",
    ]);
    test.expect(
        1,
        "",
        "\
error: Moodle finds each row's user by ID number, the student information system's ID (a OneRoster `sourcedId`), and 1 student has none: `zoe`
  hint: import the roster from the SIS with `rapport roster import-oneroster` so that every student has it, or key the rows by email with `--moodle-key email`
",
    );
    let test = test.args(&[
        "export-mastery",
        "--format",
        "moodle",
        "--moodle-key",
        "idnumber",
        "--cohort",
        "2026-autumn",
    ]);
    test.expect(
        0,
        "\
Full name,ID number,Email address,Oral communication (rapport:oral-communication)
Amara Okafor,stu-001,amara.okafor@students.nmpa.example,3.33
Ben Li,stu-002,ben.li@students.nmpa.example,-
Dario Rossi,stu-004,dario.rossi@students.nmpa.example,-
",
        "",
    );
    // By email: the ID number is the SIS's ID or blank, never rapport's.
    let test = test.args(&["export-mastery", "--format", "moodle"]);
    test.expect(
        1,
        "",
        "\
error: Moodle finds each row's user by email, and 1 student has none: `s20260003`
  hint: add their email with `rapport student edit s20260003 --email …`, or, when they came from the SIS (`rapport roster import-oneroster`), key the rows by ID number with `--moodle-key idnumber`
",
    );
}

#[test]
fn ext_values_of_1_2_enumerations_are_read_and_an_ext_role_is_skipped() {
    let test = with_package("v1.2")
        .edit(
            "sis/classes.csv",
            "STU-101-A,scheduled,",
            "STU-101-A,ext:studio,",
        )
        .edit(
            "sis/academicSessions.csv",
            "2026-autumn,term,",
            "2026-autumn,ext:intake.autumn,",
        )
        .edit("sis/orgs.csv", ",school,", ",ext:music-academy,")
        .edit(
            "sis/enrollments.csv",
            "enr-007,",
            "enr-008,,,class-studio-a,org-nmpa,tea-002,ext:visiting_mentor,false,,\nenr-007,",
        );
    import(test, &["sis"], 0, ADDED_V12);
}

#[test]
fn a_malformed_ext_value_in_1_2_and_any_ext_value_in_1_1_are_refused() {
    let test = with_package("v1.2")
        .edit("sis/classes.csv", "STU-101-A,scheduled,", "STU-101-A,ext:,")
        .edit("sis/orgs.csv", ",school,", ",ext:music academy,");
    let before = test.snapshot();
    let test = import(
        test,
        &["sis"],
        1,
        "\
classes.csv:2: `classType` is `ext:`; it must be one of `homeroom`, `scheduled`, or an extension (`ext:` and a name of letters, digits, `.`, `-`, `_`)
orgs.csv:2: `type` is `ext:music academy`; it must be one of `department`, `school`, `district`, `local`, `state`, `national`, or an extension (`ext:` and a name of letters, digits, `.`, `-`, `_`)
error: sis: 2 problems; nothing was written
",
    );
    assert_eq!(test.snapshot(), before);
    let test =
        with_package("v1.1").edit("sis/classes.csv", "MIX-1,scheduled,", "MIX-1,ext:studio,");
    let before = test.snapshot();
    let test = import(
        test,
        &["sis"],
        1,
        "\
classes.csv:2: `classType` is `ext:studio`; it must be one of `homeroom`, `scheduled`
error: sis: 1 problem; nothing was written
",
    );
    assert_eq!(test.snapshot(), before);
}
