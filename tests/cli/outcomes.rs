//! Canvas outcomes: `export-outcomes --format canvas` and `import-outcomes` (docs/FORMATS.md
//! § Canvas Outcomes CSV). The import fixtures in tests/fixtures/canvas-outcomes are written
//! from Canvas's "Outcomes Import Format" documentation and the cases of its importer's tests
//! (`spec/lib/outcomes/csv_importer_spec.rb`); `canvas-export.csv` follows the layout of
//! Canvas's Outcome Export report (`canvas-export-parents.csv` with its groups first, an
//! outcome in two groups and a `canvas_id` column), `semicolon.csv` the one it writes for a
//! locale with a decimal comma.

use std::fs;

use crate::support::{Test, copy_dir, expect_snapshot, fixture, repo};

/// A test folder holding `outcomes.csv`, a copy of `canvas-outcomes/NAME.csv`.
fn with_csv(name: &str) -> Test {
    let text = fs::read_to_string(fixture(&format!("canvas-outcomes/{name}.csv"))).unwrap();
    Test::new().write("outcomes.csv", &text)
}

fn read(test: &Test, rel: &str) -> String {
    fs::read_to_string(test.path(rel)).unwrap()
}

const MINIMAL_CSV: &str = "\
vendor_guid,object_type,title,description,display_name,calculation_method,calculation_int,parent_guids,workflow_state,mastery_points,ratings
rapport/test-course/skill/communication,group,Communication,,,,,,active,
rapport/test-course/rubric/oral-communication,group,Oral communication,,,,,rapport/test-course/skill/communication,active,
rapport/test-course/rubric/oral-communication/criterion/direction,outcome,Giving direction,,,standard_decaying_average,65,rapport/test-course/rubric/oral-communication,active,3,4,Exemplary — Picks the one note that matters most.,3,Proficient — Gives one actionable note per take.,2,\"Developing — Gives specific notes, too many at once.\",1,Emerging — Gives vague notes.
rapport/test-course/rubric/oral-communication/criterion/listening,outcome,Listening,,,standard_decaying_average,65,rapport/test-course/rubric/oral-communication,active,3,4,Exemplary — Draws out what was unsaid.,3,Proficient — Summarises back.,2,\"Developing — Listens, does not summarise.\",1,Emerging — Interrupts.
";

// ---------------------------------------------------------------------------------------------
// export-outcomes

#[test]
fn export_outcomes_of_the_minimal_course() {
    let test = Test::with_fixture("minimal").args(&["export-outcomes", "--format", "canvas"]);
    test.expect(0, MINIMAL_CSV, "");
}

#[test]
fn export_outcomes_of_the_shipped_course() {
    let test = Test::new().args(&["--course", repo().to_str().unwrap(), "export-outcomes"]);
    expect_snapshot!(test, 0, "shipped_course_csv", "");
}

#[test]
fn export_outcomes_to_a_file_never_over_another_without_force() {
    let test = Test::with_fixture("minimal").args(&["export-outcomes", "-o", "outcomes.csv"]);
    test.expect(
        0,
        "",
        "wrote 2 groups and 2 outcomes to outcomes.csv; upload it in Canvas under Outcomes → Import\n",
    );
    assert_eq!(read(&test, "outcomes.csv"), MINIMAL_CSV);
    let test = test.write("outcomes.csv", "mine\n");
    let before = test.snapshot();
    test.expect(
        1,
        "",
        "error: `outcomes.csv` already exists; nothing was written\n  \
         hint: choose another name, or pass `--force` to replace it\n",
    );
    assert_eq!(test.snapshot(), before);
    let test = test.args(&["export-outcomes", "-o", "outcomes.csv", "--force"]);
    test.expect(
        0,
        "",
        "wrote 2 groups and 2 outcomes to outcomes.csv; upload it in Canvas under Outcomes → Import\n",
    );
    assert_eq!(read(&test, "outcomes.csv"), MINIMAL_CSV);
}

#[test]
fn export_outcomes_writes_each_method_under_canvas_stored_name() {
    for (mastery, method, int) in [
        (
            "{ method: weighted_average, recent_weight: 0.4 }",
            "decaying_average",
            "40",
        ),
        (
            "{ method: decaying_average, recent_weight: 0.99 }",
            "standard_decaying_average",
            "99",
        ),
        ("{ method: n_mastery, n: 4 }", "n_mastery", "4"),
        ("{ method: latest }", "latest", ""),
        ("{ method: highest }", "highest", ""),
        ("{ method: average }", "average", ""),
    ] {
        let test = Test::with_fixture("minimal")
            .edit(
                "course.yaml",
                "name: Test Course\n",
                &format!("name: Test Course\nmastery: {mastery}\n"),
            )
            .args(&["export-outcomes"]);
        let out = test.run();
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{mastery}");
        let row = out.stdout.lines().nth(3).unwrap();
        assert!(
            row.contains(&format!(",Giving direction,,,{method},{int},rapport/")),
            "{mastery}: {row}"
        );
    }
}

#[test]
fn export_outcomes_refuses_a_weight_canvas_cannot_store() {
    let test = Test::with_fixture("minimal")
        .edit(
            "course.yaml",
            "name: Test Course\n",
            "name: Test Course\nmastery: { method: decaying_average, recent_weight: 0.655 }\n",
        )
        .args(&["export-outcomes", "-o", "outcomes.csv"]);
    let before = test.snapshot();
    test.expect(
        1,
        "",
        "error: course.yaml's `mastery.recent_weight` 0.655 is not a whole percent, and Canvas's \
         `calculation_int` is a whole number; round it to two decimals (such as 0.65)\n  \
         hint: Canvas stores the weight as a whole percent from 1 to 99\n",
    );
    assert_eq!(test.snapshot(), before);
}

// ---------------------------------------------------------------------------------------------
// import-outcomes

#[test]
fn import_outcomes_of_groups_and_outcomes() {
    let test = with_csv("groups").args(&["import-outcomes", "outcomes.csv", "-o", "course"]);
    test.expect(
        0,
        "",
        "wrote 2 rubrics (3 criteria) to course/rubrics: studio-practice.yaml, talkback.yaml\n\
         the outcomes' calculation method is rapport's `weighted_average`: to use it, write in \
         course.yaml `mastery: { method: weighted_average, recent_weight: 0.4 }`\n\
         next: name the rubrics in a module's `assessed_by`, then `rapport check`\n",
    );
    assert_eq!(
        read(&test, "course/rubrics/talkback.yaml"),
        "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Talkback
description: Using the talkback button well
levels:
  - { score: 1, label: Good }
  - { score: 2, label: Better }
  - { score: 3, label: Excellent }
mastery_level: 3
criteria:
  - id: brief-notes
    title: Brief notes
    description: Keeps notes short & actionable.
    descriptors:
      1: Good
      2: Better
      3: Excellent
  - id: timing
    title: Timing
    description: Speaks between takes, never over one.
    descriptors:
      1: Good
      2: Better
      3: Excellent
"
    );
    // An outcome in two groups is a criterion of both rubrics.
    assert_eq!(
        read(&test, "course/rubrics/studio-practice.yaml"),
        "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Studio practice
description: Everything that happens in the **control room**.
levels:
  - { score: 1, label: Good }
  - { score: 2, label: Better }
  - { score: 3, label: Excellent }
mastery_level: 3
criteria:
  - id: timing
    title: Timing
    description: Speaks between takes, never over one.
    descriptors:
      1: Good
      2: Better
      3: Excellent
"
    );
    checks_in_a_course(&test, "course", &["studio-practice", "talkback"]);
}

/// Makes `dir` a course around the rubrics imported into it (course.yaml and a module assessed
/// by them) and runs `check` there: no errors, no warnings.
fn checks_in_a_course(test: &Test, dir: &str, rubrics: &[&str]) {
    fs::write(test.path(&format!("{dir}/course.yaml")), "name: Imported\n").unwrap();
    fs::create_dir_all(test.path(&format!("{dir}/curriculum"))).unwrap();
    fs::write(
        test.path(&format!("{dir}/curriculum/imported.yaml")),
        format!(
            "title: Imported\nskill: imported\nsummary: From Canvas.\nobjectives:\n  - Meet them\n\
             lessons:\n  - title: Practice\n    body: Practise.\nassessed_by: [{}]\n",
            rubrics.join(", ")
        ),
    )
    .unwrap();
    let out = test.ok(&["--course", dir, "check"]);
    assert_eq!(
        out,
        format!("0 errors, 0 warnings in {} files\n", rubrics.len() + 2)
    );
}

#[test]
fn import_outcomes_without_groups_makes_a_rubric_of_each() {
    let test = with_csv("no-groups").args(&["import-outcomes", "outcomes.csv"]);
    test.expect(
        0,
        "",
        "wrote 2 rubrics (2 criteria) to ./rubrics: arrives-on-time.yaml, listens-first.yaml\n\
         note: the outcomes use several calculation methods; a course has one, course.yaml's \
         `mastery`\n\
         next: name the rubrics in a module's `assessed_by`, then `rapport check`\n",
    );
    assert_eq!(
        read(&test, "rubrics/arrives-on-time.yaml"),
        "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Arrives on time
levels:
  - { score: 1, label: Late }
  - { score: 2, label: On time }
  - { score: 3, label: Early and set up }
mastery_level: 2
criteria:
  - id: arrives-on-time
    title: Arrives on time
    descriptors:
      1: Late
      2: On time
      3: Early and set up
"
    );
}

#[test]
fn import_outcomes_without_ratings_takes_canvas_default_scale() {
    let test = with_csv("no-ratings").args(&["import-outcomes", "outcomes.csv", "-o", "c"]);
    test.expect(
        0,
        "",
        "wrote 1 rubric (1 criterion) to c/rubrics: mixing.yaml\n\
         the outcomes' calculation method is rapport's `n_mastery`: to use it, write in \
         course.yaml `mastery: { method: n_mastery, n: 3 }`\n\
         next: name the rubrics in a module's `assessed_by`, then `rapport check`\n",
    );
    assert_eq!(
        read(&test, "c/rubrics/mixing.yaml"),
        "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Mixing
levels:
  - { score: 0, label: Does Not Meet Expectations }
  - { score: 3, label: Meets Expectations }
  - { score: 5, label: Exceeds Expectations }
mastery_level: 3
criteria:
  - id: balance
    title: Balance
    descriptors:
      0: Does Not Meet Expectations
      3: Meets Expectations
      5: Exceeds Expectations
"
    );
    checks_in_a_course(&test, "c", &["mixing"]);
}

#[test]
fn import_outcomes_skips_deleted_rows_with_a_note() {
    let test = with_csv("deleted").args(&["import-outcomes", "outcomes.csv", "-o", "c"]);
    test.expect(
        0,
        "",
        "outcomes.csv:2: note: skipped the deleted group `old`\n\
         outcomes.csv:4: note: skipped the deleted outcome `gone`\n\
         wrote 1 rubric (2 criteria) to c/rubrics: live-sound.yaml\n\
         next: name the rubrics in a module's `assessed_by`, then `rapport check`\n",
    );
    assert_eq!(
        read(&test, "c/rubrics/live-sound.yaml"),
        "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Live sound
levels:
  - { score: 1, label: \"No\" }
  - { score: 2, label: \"Yes\" }
mastery_level: 2
criteria:
  - id: monitor-mix
    title: Monitor mix
    descriptors:
      1: \"No\"
      2: \"Yes\"
  - id: feedback-control
    title: Feedback control
    descriptors:
      1: \"No\"
      2: \"Yes\"
"
    );
    checks_in_a_course(&test, "c", &["live-sound"]);
}

#[test]
fn import_outcomes_reads_semicolons_decimal_commas_and_a_byte_order_mark() {
    let test = with_csv("semicolon").args(&["import-outcomes", "outcomes.csv", "-o", "c"]);
    test.expect(
        0,
        "",
        "wrote 1 rubric (1 criterion) to c/rubrics: sitzungsleitung.yaml\n\
         the outcomes' calculation method is rapport's `decaying_average`: to use it, write in \
         course.yaml `mastery: { method: decaying_average, recent_weight: 0.65 }`\n\
         next: name the rubrics in a module's `assessed_by`, then `rapport check`\n",
    );
    assert_eq!(
        read(&test, "c/rubrics/sitzungsleitung.yaml"),
        "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Sitzungsleitung
levels:
  - { score: 1, label: Ausreichend }
  - { score: 2.5, label: Gut }
  - { score: 3.5, label: Sehr gut }
mastery_level: 2.5
criteria:
  - id: planung
    title: Planung
    descriptors:
      1: Ausreichend
      2.5: Gut
      3.5: Sehr gut
"
    );
    checks_in_a_course(&test, "c", &["sitzungsleitung"]);
}

#[test]
fn import_outcomes_of_canvas_own_export() {
    let test = with_csv("canvas-export").args(&["import-outcomes", "outcomes.csv", "-o", "c"]);
    test.expect(
        0,
        "",
        "wrote 1 rubric (2 criteria) to c/rubrics: intervals.yaml\n\
         the outcomes' calculation method is rapport's `weighted_average`: to use it, write in \
         course.yaml `mastery: { method: weighted_average, recent_weight: 0.65 }`\n\
         next: name the rubrics in a module's `assessed_by`, then `rapport check`\n",
    );
    assert_eq!(
        read(&test, "c/rubrics/intervals.yaml"),
        "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Intervals
description: Naming intervals by ear.
levels:
  - { score: 0, label: Does Not Meet Expectations }
  - { score: 3, label: Meets Expectations }
  - { score: 4, label: Exceeds Expectations }
mastery_level: 4
criteria:
  - id: thirds
    title: Thirds
    descriptors:
      0: Does Not Meet Expectations
      3: Meets Expectations
      4: Exceeds Expectations
  - id: fifths
    title: Fifths
    descriptors:
      0: Does Not Meet Expectations
      3: Meets Expectations
      4: Exceeds Expectations
"
    );
    checks_in_a_course(&test, "c", &["intervals"]);
}

/// Canvas's Outcome Export as `outcome_export.rb` writes it: every group first (top groups,
/// then their children), then every outcome with all its groups in `parent_guids`
/// (space-separated); `friendly_description` after `description`; and a `canvas_id` column,
/// which Canvas's importer accepts (first, as a file from an older export or an SIS carries it).
/// An outcome in two groups is a criterion of both rubrics.
#[test]
fn import_outcomes_of_canvas_export_with_groups_first_canvas_id_and_two_parents() {
    let test =
        with_csv("canvas-export-parents").args(&["import-outcomes", "outcomes.csv", "-o", "c"]);
    test.expect(
        0,
        "",
        "wrote 2 rubrics (4 criteria) to c/rubrics: intervals.yaml, syncopation.yaml\n\
         the outcomes' calculation method is rapport's `weighted_average`: to use it, write in \
         course.yaml `mastery: { method: weighted_average, recent_weight: 0.65 }`\n\
         next: name the rubrics in a module's `assessed_by`, then `rapport check`\n",
    );
    let accent = "  - id: hearing-the-accent
    title: Hearing the accent
    description: Where the stress falls.
    descriptors:
      0: Does Not Meet Expectations
      3: Meets Expectations
      4: Exceeds Expectations
";
    let scale = "levels:
  - { score: 0, label: Does Not Meet Expectations }
  - { score: 3, label: Meets Expectations }
  - { score: 4, label: Exceeds Expectations }
mastery_level: 3
criteria:
";
    let plain = |id: &str, title: &str| {
        format!(
            "  - id: {id}
    title: {title}
    descriptors:
      0: Does Not Meet Expectations
      3: Meets Expectations
      4: Exceeds Expectations
"
        )
    };
    assert_eq!(
        read(&test, "c/rubrics/intervals.yaml"),
        format!(
            "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Intervals
description: Naming intervals by ear.
{scale}{}{}{accent}",
            plain("thirds", "Thirds"),
            plain("fifths", "Fifths")
        )
    );
    assert_eq!(
        read(&test, "c/rubrics/syncopation.yaml"),
        format!(
            "# yaml-language-server: $schema=../schemas/rubric.schema.json
title: Syncopation
description: Feeling the offbeat.
{scale}{accent}"
        )
    );
    checks_in_a_course(&test, "c", &["intervals", "syncopation"]);
}

/// A refused import: the whole standard error, and nothing written.
fn refused(test: &Test, stderr: &str) {
    let before = test.snapshot();
    test.expect(1, "", stderr);
    assert_eq!(test.snapshot(), before);
}

#[test]
fn import_outcomes_reports_every_bad_row_and_writes_nothing() {
    let test = with_csv("bad-rows").args(&["import-outcomes", "outcomes.csv"]);
    refused(
        &test,
        "outcomes.csv:3: `object_type` is `giraffe`; it is `group` or `outcome`
outcomes.csv:4: `vendor_guid` is empty; every group and outcome needs one, unique in the file
outcomes.csv:5: `vendor_guid` `look some spaces` contains a space; Canvas's vendor_guid has none
outcomes.csv:6: parent `zz` is not a group on an earlier row; a group comes before the groups and outcomes in it
outcomes.csv:7: rating 2 has no points; each rating is two cells, its points then its description
outcomes.csv:8: rating 2's points `many` is not a number
outcomes.csv:9: rating 2 has 2 points and rating 1 has 1: ratings go from the most points to the fewest, each with points of its own
outcomes.csv:10: `calculation_int` `40` is out of range for `standard_decaying_average`: a whole number from 50 to 99
outcomes.csv:11: unknown `calculation_method` `goofy`; Canvas's are `decaying_average`, `weighted_average`, `standard_decaying_average`, `n_mastery`, `highest`, `latest`, `average`
outcomes.csv:12: `workflow_state` is `limbo`; it is `active`, `deleted` or blank
outcomes.csv:13: a group has no `calculation_method`, `calculation_int`, `ratings`; leave them blank on a group's row
outcomes.csv:14: `title` is empty
outcomes.csv:15: `mastery_points` 1.5 is not the points of a rating (2, 1); rapport's mastery level is one of the levels, so make it one of the ratings' points
error: outcomes.csv: 13 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn import_outcomes_refuses_a_group_whose_outcomes_differ_in_scale() {
    let test = with_csv("mismatched").args(&["import-outcomes", "outcomes.csv"]);
    refused(
        &test,
        "outcomes.csv:4: the outcome `comp` has ratings' points 4, 3, 2, 1, and the outcome `eq` (line 3) in the group `mix` has 3, 2, 1: a group's outcomes become one rubric, whose criteria share one scale; give them the same ratings' points, or move this outcome to a group of its own
outcomes.csv:5: the outcome `gain` has mastery points 2, and the outcome `eq` (line 3) in the group `mix` has 3: a group's outcomes become one rubric, whose criteria share one scale; give them the same mastery points, or move this outcome to a group of its own
outcomes.csv:6: the outcome `one` has 1 rating; a rubric has 2 to 10 levels, so give it from 2 to 10 ratings
error: outcomes.csv: 3 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn import_outcomes_refuses_what_canvas_refuses_between_rows() {
    let header = "vendor_guid,object_type,title,parent_guids,workflow_state,ratings\n";
    let test = Test::new()
        .write(
            "outcomes.csv",
            &format!(
                "{header}a,group,A,,,\nb,group,B,,deleted,\na,group,Again,,,\n\
                 c,group,C,a b,,\nx,outcome,X,a,,2,Yes,1,No\nx,outcome,X again,a,,2,Yes,1,No\n\
                 y,outcome,Y,b,,2,Yes,1,No\nz,outcome,Z,x,,2,Yes,1,No\n"
            ),
        )
        .args(&["import-outcomes", "outcomes.csv"]);
    refused(
        &test,
        "outcomes.csv:4: the group `a` is also on line 2; each group is on one row
outcomes.csv:5: a group has one parent, and `parent_guids` names 2
outcomes.csv:7: the outcome `x` is also on line 6; each outcome is on one row (`parent_guids` lists every group it is in)
outcomes.csv:8: parent `b` is the deleted group on line 3; delete this outcome too, or make that group active
outcomes.csv:9: parent `x` is the outcome on line 6; a parent is a group
error: outcomes.csv: 5 rows are invalid; nothing was recorded
",
    );
}

#[test]
fn import_outcomes_refuses_bad_headers_and_files_without_ratings() {
    let test = Test::new()
        .write(
            "outcomes.csv",
            "vendor_guid,title,parent_guids,ratings\na,A,,\n",
        )
        .args(&["import-outcomes", "outcomes.csv"]);
    refused(
        &test,
        "error: outcomes.csv:1: missing column `object_type`\n  \
         hint: the header row names the columns: `vendor_guid`, `object_type`, `title` required, \
         `canvas_id`, `course_id`, `description`, `friendly_description`, `display_name`, \
         `calculation_method`, `calculation_int`, `parent_guids`, `workflow_state`, \
         `mastery_points`, `ratings` optional\n",
    );
    let test = with_csv("no-ratings-column").args(&["import-outcomes", "outcomes.csv"]);
    refused(
        &test,
        "error: outcomes.csv:1: the file has no `ratings` column, so rapport cannot tell the \
         outcomes' levels; nothing was written\n  \
         hint: Canvas leaves the ratings out when account-level mastery scales are on: add a \
         `ratings` column as the last one and, on each outcome's row, the account's mastery \
         scale (points, then description, highest first)\n",
    );
    let test = Test::new()
        .write("outcomes.csv", "vendor_guid,object_type,title,ratings\n")
        .args(&["import-outcomes", "outcomes.csv"]);
    refused(
        &test,
        "error: outcomes.csv: the file has no outcomes or groups\n  \
         hint: export the outcomes from Canvas (Admin → Reports → Outcome Export), or write one \
         row per group and outcome under the header\n",
    );
}

#[test]
fn import_outcomes_never_replaces_a_rubric_without_force() {
    let test = with_csv("no-ratings")
        .write("c/rubrics/mixing.yaml", "title: Mine\n")
        .args(&["import-outcomes", "outcomes.csv", "-o", "c"]);
    refused(
        &test,
        "error: `c/rubrics/mixing.yaml` already exists; nothing was written\n  \
         hint: choose another name, or pass `--force` to replace it\n",
    );
    let test = test.args(&["import-outcomes", "outcomes.csv", "-o", "c", "--force"]);
    assert_eq!(test.run().code, 0);
    assert!(read(&test, "c/rubrics/mixing.yaml").contains("title: Mixing\n"));
}

// ---------------------------------------------------------------------------------------------
// Round trip

/// `rubric show ID --json` of the course in `dir`, criteria weights left out (Canvas has none).
fn rubric_json(test: &Test, dir: &str, id: &str) -> serde_json::Value {
    let mut value: serde_json::Value =
        serde_json::from_str(&test.ok(&["--course", dir, "rubric", "show", id, "--json"])).unwrap();
    for criterion in value["criteria"].as_array_mut().unwrap() {
        criterion.as_object_mut().unwrap().remove("weight");
    }
    value
}

#[test]
fn export_then_import_gives_back_the_shipped_rubrics() {
    let test = Test::new();
    let repo = repo();
    for dir in ["a", "b"] {
        fs::create_dir_all(test.path(dir)).unwrap();
        fs::copy(
            repo.join("course.yaml"),
            test.path(&format!("{dir}/course.yaml")),
        )
        .unwrap();
        copy_dir(
            &repo.join("curriculum"),
            &test.path(&format!("{dir}/curriculum")),
        );
        copy_dir(&repo.join("badges"), &test.path(&format!("{dir}/badges")));
    }
    copy_dir(&repo.join("rubrics"), &test.path("a/rubrics"));
    test.ok(&["--course", "a", "export-outcomes", "-o", "outcomes.csv"]);
    let out = test.ok(&["import-outcomes", "outcomes.csv", "-o", "b"]);
    assert_eq!(out, "");
    let check = test.ok(&["--course", "b", "check"]);
    assert_eq!(check, "0 errors, 0 warnings in 15 files\n");
    let ids: Vec<String> = fs::read_dir(repo.join("rubrics"))
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.trim_end_matches(".yaml").to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 7);
    for id in &ids {
        assert_eq!(
            rubric_json(&test, "b", id),
            rubric_json(&test, "a", id),
            "{id}"
        );
    }
    // Exported again, the course gives the same file: the same vendor_guids, so a second
    // import into Canvas updates the outcomes instead of adding new ones.
    let again = test.ok(&["--course", "b", "export-outcomes"]);
    assert_eq!(again, read(&test, "outcomes.csv"));
}

#[test]
fn export_then_import_of_the_minimal_course() {
    // With Markdown that Canvas receives as HTML: a table, emphasis, a list in a descriptor.
    let test = Test::with_fixture("minimal")
        .edit(
            "rubrics/oral-communication.yaml",
            "title: Oral communication\n",
            "title: Oral communication\ndescription: |\n  Score *what you hear*:\n\n  \
             | take | note |\n  | - | - |\n  | 1 | \"one more\" & <louder> |\n",
        )
        .edit(
            "rubrics/oral-communication.yaml",
            "      1: Gives vague notes.\n",
            "      1: |\n        Gives vague notes:\n\n        - \"one more\"\n        - \"a bit off\"\n",
        );
    test.ok(&["export-outcomes", "-o", "outcomes.csv"]);
    fs::create_dir_all(test.path("b/curriculum")).unwrap();
    fs::copy(test.path("course.yaml"), test.path("b/course.yaml")).unwrap();
    copy_dir(&test.path("curriculum"), &test.path("b/curriculum"));
    test.ok(&["import-outcomes", "outcomes.csv", "-o", "b"]);
    assert_eq!(
        test.ok(&["--course", "b", "check"]),
        "0 errors, 0 warnings in 4 files\n"
    );
    assert_eq!(
        rubric_json(&test, "b", "oral-communication"),
        rubric_json(&test, ".", "oral-communication")
    );
}

#[test]
fn import_outcomes_names_files_from_titles_then_guids() {
    let test = Test::new()
        .write(
            "outcomes.csv",
            "vendor_guid,object_type,title,parent_guids,ratings\n\
             g1,group,Mixing & Mastering,,\n\
             g2,group,Mixing & Mastering,,\n\
             x1,outcome,Balance,g1,2,Yes,1,No\n\
             x2,outcome,Balance!,g1,2,Yes,1,No\n\
             x3,outcome,Depth,g2,2,Yes,1,No\n\
             Søren-1,outcome,作戰,,2,Yes,1,No\n\
             作戰,outcome,作戰,,2,Yes,1,No\n",
        )
        .args(&["import-outcomes", "outcomes.csv", "-o", "c"]);
    test.expect(
        0,
        "",
        "wrote 4 rubrics (5 criteria) to c/rubrics: mixing-mastering.yaml, mixing-mastering-2.yaml, \
         s-ren-1.yaml, rubric-8.yaml\n\
         next: name the rubrics in a module's `assessed_by`, then `rapport check`\n",
    );
    let criteria = |rel: &str| -> Vec<String> {
        read(&test, rel)
            .lines()
            .filter_map(|l| l.strip_prefix("  - id: ").map(str::to_owned))
            .collect()
    };
    assert_eq!(
        criteria("c/rubrics/mixing-mastering.yaml"),
        ["balance", "balance-2"]
    );
    assert_eq!(criteria("c/rubrics/mixing-mastering-2.yaml"), ["depth"]);
    assert_eq!(criteria("c/rubrics/s-ren-1.yaml"), ["s-ren-1"]);
    assert_eq!(criteria("c/rubrics/rubric-8.yaml"), ["criterion-1"]);
    checks_in_a_course(
        &test,
        "c",
        &[
            "mixing-mastering",
            "mixing-mastering-2",
            "s-ren-1",
            "rubric-8",
        ],
    );
}
