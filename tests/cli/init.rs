//! `rapport init`: a working course from nothing but the binary, and never over an existing one.

use std::fs;

use crate::support::{Test, repo};

#[test]
fn init_then_check_passes() {
    let test = Test::new().args(&["init", "studio"]);
    test.expect(
        0,
        "",
        "created a course in `studio`: 7 modules, 7 rubrics and the JSON schemas for your editor\nnext: `cd studio`, then `rapport check` and `rapport catalog -o handbook`\n",
    );
    let mut expected: Vec<String> = vec!["studio/course.yaml".to_owned()];
    for dir in ["curriculum", "rubrics", "badges"] {
        for entry in fs::read_dir(repo().join(dir)).unwrap() {
            expected.push(format!(
                "studio/{dir}/{}",
                entry.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    for kind in ["course", "module", "rubric"] {
        expected.push(format!("studio/schemas/{kind}.schema.json"));
    }
    expected.sort();
    assert_eq!(test.files(), expected);
    let checked = Test::new()
        .args(&["--course", test.path("studio").to_str().unwrap(), "check"])
        .run();
    assert_eq!(
        (checked.code, checked.stdout.as_str()),
        (0, "0 errors, 0 warnings in 15 files\n")
    );
}

#[test]
fn every_file_carries_a_modeline_to_its_schema() {
    let test = Test::new().args(&["init", "."]);
    assert_eq!(test.run().code, 0);
    let first_line = |path: &str| {
        fs::read_to_string(test.path(path))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        first_line("course.yaml"),
        "# yaml-language-server: $schema=schemas/course.schema.json"
    );
    assert_eq!(
        first_line("curriculum/adaptability.yaml"),
        "# yaml-language-server: $schema=../schemas/module.schema.json"
    );
    assert_eq!(
        first_line("rubrics/collaboration.yaml"),
        "# yaml-language-server: $schema=../schemas/rubric.schema.json"
    );
    let schema = fs::read_to_string(test.path("schemas/rubric.schema.json")).unwrap();
    assert_eq!(schema, Test::new().args(&["schema", "rubric"]).run().stdout);
}

#[test]
fn init_writes_exactly_the_shipped_files() {
    let test = Test::new().args(&["init", "copy"]);
    assert_eq!(test.run().code, 0);
    for path in [
        "course.yaml",
        "curriculum/problem-solving.yaml",
        "rubrics/artist-communication.yaml",
    ] {
        assert_eq!(
            fs::read_to_string(test.path(&format!("copy/{path}"))).unwrap(),
            fs::read_to_string(repo().join(path)).unwrap(),
            "{path}"
        );
    }
}

#[test]
fn refuses_an_existing_course_and_writes_nothing() {
    let test = Test::new()
        .write("course.yaml", "name: Mine\n")
        .args(&["init"]);
    test.expect(
        1,
        "",
        "error: `./course.yaml` already exists; nothing was written\n  hint: `rapport init` never overwrites a course: pick an empty folder, e.g. `rapport init my-course`\n",
    );
    assert_eq!(test.files(), vec!["course.yaml"]);
    assert_eq!(
        fs::read_to_string(test.path("course.yaml")).unwrap(),
        "name: Mine\n"
    );
}

#[test]
fn refuses_to_overwrite_any_file_and_writes_nothing() {
    let test = Test::new()
        .write("c/rubrics/adaptability.yaml", "title: mine\n")
        .args(&["init", "c"]);
    test.expect(
        1,
        "",
        "error: `c/rubrics/adaptability.yaml` already exists; nothing was written\n  hint: `rapport init` never overwrites a course: pick an empty folder, e.g. `rapport init my-course`\n",
    );
    assert_eq!(test.files(), vec!["c/rubrics/adaptability.yaml"]);
}
