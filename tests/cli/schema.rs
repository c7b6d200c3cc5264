//! `rapport schema`: the schemas editors use accept every shipped file and reject broken ones.

use std::fs;

use serde_json::Value;

use crate::support::{Test, repo};

fn schema(kind: &str) -> Value {
    let out = Test::new().args(&["schema", kind]).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    serde_json::from_str(&out.stdout).expect("the schema is JSON")
}

fn validator(kind: &str) -> jsonschema::Validator {
    let schema = schema(kind);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

/// YAML → JSON the way an editor's YAML language server sees it (mapping keys become strings).
fn yaml(text: &str) -> Value {
    fn keys_to_strings(value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, keys_to_strings(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(keys_to_strings).collect()),
            other => other,
        }
    }
    keys_to_strings(serde_saphyr::from_str(text).expect("valid YAML"))
}

fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    validator
        .iter_errors(&yaml(text))
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn shipped_files_are_valid() {
    let root = repo();
    let course = validator("course");
    assert_eq!(
        errors(
            &course,
            &fs::read_to_string(root.join("course.yaml")).unwrap()
        ),
        Vec::<String>::new()
    );
    for (dir, kind) in [("curriculum", "module"), ("rubrics", "rubric")] {
        let validator = validator(kind);
        let mut count = 0;
        for entry in fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let found = errors(&validator, &fs::read_to_string(&path).unwrap());
            assert_eq!(found, Vec::<String>::new(), "{}", path.display());
            count += 1;
        }
        assert!(count >= 7, "{dir} has {count} files");
    }
}

#[test]
fn missing_and_unknown_fields_are_rejected() {
    let rubric = validator("rubric");
    let text =
        fs::read_to_string(repo().join("tests/fixtures/minimal/rubrics/oral-communication.yaml"))
            .unwrap();
    assert_eq!(errors(&rubric, &text), Vec::<String>::new());
    assert_eq!(
        errors(&rubric, &text.replace("    weight: 2", "    wieght: 2")),
        vec!["Additional properties are not allowed ('wieght' was unexpected)"]
    );
    assert_eq!(
        errors(&rubric, &text.replace("mastery_level: 3\n", "")),
        vec!["\"mastery_level\" is a required property"]
    );
    let module = validator("module");
    let text =
        fs::read_to_string(repo().join("tests/fixtures/minimal/curriculum/talkback.yaml")).unwrap();
    assert_eq!(errors(&module, &text), Vec::<String>::new());
    assert_eq!(
        errors(&module, &text.replace("skill: communication\n", "")),
        vec!["\"skill\" is a required property"]
    );
    assert_eq!(
        errors(&module, &text.replace("    minutes: 30", "    minutes: 0")),
        vec!["0 is less than the minimum of 1"]
    );
    let course = validator("course");
    assert_eq!(
        errors(&course, "name: X\nmastery: { method: decaying_avg }\n"),
        vec![
            "{\"method\":\"decaying_avg\"} is not valid under any of the schemas listed in the 'anyOf' keyword"
        ]
    );
}

#[test]
fn numbers_out_of_their_ranges_are_rejected() {
    let fixture = |path: &str| fs::read_to_string(repo().join("tests/fixtures/minimal").join(path));
    let module = validator("module");
    let text = fixture("curriculum/talkback.yaml").unwrap();
    assert_eq!(
        errors(
            &module,
            &text.replace("    minutes: 30", "    minutes: 1441")
        ),
        vec!["1441 is greater than the maximum of 1440"]
    );
    let rubric = validator("rubric");
    let text = fixture("rubrics/oral-communication.yaml").unwrap();
    assert_eq!(
        errors(&rubric, &text.replace("weight: 2", "weight: 1001")),
        vec!["1001 is greater than the maximum of 1000"]
    );
    assert_eq!(
        errors(&rubric, &text.replace("{ score: 4,", "{ score: 1000.5,")),
        vec!["1000.5 is greater than the maximum of 1000"]
    );
    let course = validator("course");
    assert_eq!(
        errors(&course, "name: X\nrecent_days: 3651\nmastery: { n: 11 }\n"),
        vec![
            "{\"n\":11} is not valid under any of the schemas listed in the 'anyOf' keyword",
            "3651 is greater than the maximum of 3650"
        ]
    );
    // `mastery` is optional, so a bad one fails the schema's `anyOf` [mastery, null].
    let weight = |mastery: &str| errors(&course, &format!("name: X\nmastery: {mastery}\n"));
    let refused = |mastery: &str| {
        vec![format!(
            "{} is not valid under any of the schemas listed in the 'anyOf' keyword",
            serde_json::to_string(&yaml(mastery)).unwrap()
        )]
    };
    for too_low in [
        "{ recent_weight: 0.4 }",
        "{ method: decaying_average, recent_weight: 0.4 }",
        "{ method: standard_decaying_average, recent_weight: 0.4 }",
        "{ method: weighted_average, recent_weight: 0.001 }",
    ] {
        assert_eq!(weight(too_low), refused(too_low), "{too_low}");
    }
    assert_eq!(
        weight("{ method: weighted_average, recent_weight: 0.4 }"),
        Vec::<String>::new()
    );
}

/// The repository's schemas/ (which its files' modelines point at) are what the binary prints.
#[test]
fn committed_schemas_are_current() {
    for kind in ["course", "module", "rubric"] {
        let committed =
            fs::read_to_string(repo().join(format!("schemas/{kind}.schema.json"))).unwrap();
        let out = Test::new().args(&["schema", kind]).run();
        assert_eq!(
            committed, out.stdout,
            "schemas/{kind}.schema.json is stale: run `rapport schema {kind} > schemas/{kind}.schema.json`"
        );
    }
}

#[test]
fn unknown_kind_is_a_usage_error() {
    let out = Test::new().args(&["schema", "lesson"]).run();
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.starts_with("error: invalid value 'lesson' for '<KIND>'\n  [possible values: module, rubric, course]\n"), "{}", out.stderr);
}
