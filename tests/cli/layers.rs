//! ARCHITECTURE.md's main rule, kept true by a test: only `src/store/` talks to `SQLite`. The
//! files below still name `rusqlite` (they hold a transaction the store lent them) until the
//! store's narrow interface replaces it (issue 10); the list may only shrink: a new file that
//! names `rusqlite` fails, and so does a listed file that no longer does (take it off the list).

use std::fs;
use std::path::Path;

/// The files outside `src/store/` that still name `rusqlite`, to be moved behind the store.
const STILL_NAMING_RUSQLITE: &[&str] = &[
    "src/commands/import.rs",
    "src/commands/report.rs",
    "src/commands/score.rs",
    "src/commands/student.rs",
    "src/demo/mod.rs",
    "src/demo/writer.rs",
    "src/error.rs",
    "src/lookup.rs",
];

fn rust_files(dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(
                path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

#[test]
fn only_the_store_names_rusqlite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let naming: Vec<&str> = files
        .iter()
        .filter(|f| !f.starts_with("src/store/"))
        .filter(|f| fs::read_to_string(root.join(f)).unwrap().contains("rusqlite"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        naming, STILL_NAMING_RUSQLITE,
        "only src/store/ may name rusqlite; a file that stopped naming it leaves the list"
    );
}
