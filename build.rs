//! Embeds the shipped course (course.yaml, curriculum/, rubrics/, the badges' SVG images) and
//! the built-in templates in the binary, so `rapport init` and `rapport catalog` work anywhere
//! with nothing but the binary.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let mut course = String::from("&[\n");
    let mut files = vec!["course.yaml".to_owned()];
    files.extend(listed(root, "curriculum", ".yaml"));
    files.extend(listed(root, "rubrics", ".yaml"));
    files.extend(listed(root, "badges", ".svg"));
    for file in &files {
        writeln!(
            course,
            "    ({file:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{file}\"))),"
        )
        .unwrap();
    }
    course.push(']');
    let mut templates = String::from("&[\n");
    for file in walk(&root.join("templates"), "") {
        writeln!(templates, "    ({file:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/templates/{file}\"))),").unwrap();
    }
    templates.push(']');
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    let code = format!(
        "/// The shipped course: (path relative to the course folder, contents).\n\
         pub const COURSE_FILES: &[(&str, &str)] = {course};\n\
         /// The built-in templates: (name relative to templates/, contents).\n\
         pub const TEMPLATES: &[(&str, &str)] = {templates};\n"
    );
    fs::write(out, code).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=course.yaml");
    println!("cargo::rerun-if-changed=curriculum");
    println!("cargo::rerun-if-changed=rubrics");
    println!("cargo::rerun-if-changed=badges");
    println!("cargo::rerun-if-changed=templates");
}

/// `dir/*SUFFIX` relative to `root`, sorted.
fn listed(root: &Path, dir: &str, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join(dir))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| name.ends_with(suffix))
                .map(|name| format!("{dir}/{name}"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Every file under `dir`, as paths relative to it with `/` separators, sorted.
fn walk(dir: &Path, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if entry.path().is_dir() {
            found.extend(walk(&entry.path(), &format!("{rel}/")));
        } else {
            found.push(rel);
        }
    }
    found.sort();
    found
}
