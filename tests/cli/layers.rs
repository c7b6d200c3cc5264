//! ARCHITECTURE.md's main rule, kept true by a test: only `src/store/` talks to a database
//! (`SQLite` through rusqlite, PostgreSQL through the postgres crate).
//! Everything else reads and records through the store's domain functions and the transaction
//! (`store::Tx`) it lends them, which runs no SQL outside `src/store/`.

use std::fs;
use std::path::Path;

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
fn only_the_store_names_a_database_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let naming: Vec<&str> = files
        .iter()
        .filter(|f| !f.starts_with("src/store/"))
        .filter(|f| {
            let text = fs::read_to_string(root.join(f)).unwrap();
            // The postgres crate by the names code reaches it through (not `store::postgres`,
            // the store's own module, which commands name for `is_url`).
            [
                "rusqlite",
                "use postgres",
                "postgres::Client",
                "postgres::Transaction",
                "tokio_postgres",
            ]
            .iter()
            .any(|name| text.contains(name))
        })
        .map(String::as_str)
        .collect();
    assert_eq!(
        naming,
        Vec::<&str>::new(),
        "only src/store/ may name rusqlite or the postgres crate: move the SQL into a domain function of the store"
    );
}
