//! `roster import-oneroster`: the limits on what a package may make rapport read (one budget
//! for all the files, an entry holding more than its header declares, an entry compressed
//! like a zip bomb). Zips made here; a refused import writes nothing.

use std::fs;
use std::io::Write as _;
use std::path::Path;

use crate::oneroster::{import, with_package};

/// A zip of `entries` (name, bytes), each stored or deflated.
fn zip_of(zip: &Path, entries: &[(&str, &[u8])], method: zip::CompressionMethod) {
    let mut writer = zip::ZipWriter::new(fs::File::create(zip).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// Sets the uncompressed size the local and the central headers of the entry `name` declare
/// (the archive written by `zip_of`, without zip64 fields for that entry).
fn declare_size(zip: &Path, name: &str, size: u32) {
    let mut bytes = fs::read(zip).unwrap();
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(46) {
        // (signature, offset of the name length, offset of the name, offset of the size)
        let (name_len_at, name_at, size_at) = match bytes[at..at + 4] {
            [0x50, 0x4b, 0x03, 0x04] => (26, 30, 22),
            [0x50, 0x4b, 0x01, 0x02] => (28, 46, 24),
            _ => continue,
        };
        let len = usize::from(u16::from_le_bytes([
            bytes[at + name_len_at],
            bytes[at + name_len_at + 1],
        ]));
        if bytes.get(at + name_at..at + name_at + len) != Some(name.as_bytes()) {
            continue;
        }
        bytes[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
        patched += 1;
    }
    assert_eq!(patched, 2, "the local and the central header of {name}");
    fs::write(zip, bytes).unwrap();
}

#[test]
fn an_entry_holding_more_than_its_header_declares_is_refused() {
    let test = with_package("v1.2");
    let manifest = fs::read(test.path("sis/manifest.csv")).unwrap();
    let users = fs::read(test.path("sis/users.csv")).unwrap();
    zip_of(
        &test.path("lying.zip"),
        &[("manifest.csv", &manifest), ("users.csv", &users)],
        zip::CompressionMethod::Deflated,
    );
    declare_size(&test.path("lying.zip"), "users.csv", 100);
    let before = test.snapshot();
    let test = import(
        test,
        &["lying.zip"],
        1,
        "\
error: lying.zip: the archive's entry `users.csv` is refused: it holds more than the 100 bytes its header declares
  hint: export the package again from the SIS, or zip the CSV files yourself
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn an_entry_compressed_more_than_100_to_1_is_refused_before_it_is_read() {
    let test = with_package("v1.2");
    let manifest = fs::read(test.path("sis/manifest.csv")).unwrap();
    let users = vec![b','; 2 * 1024 * 1024];
    zip_of(
        &test.path("bomb.zip"),
        &[("manifest.csv", &manifest), ("users.csv", &users)],
        zip::CompressionMethod::Deflated,
    );
    let before = test.snapshot();
    let test = import(
        test,
        &["bomb.zip"],
        1,
        "\
error: bomb.zip: the archive's entry `users.csv` is refused: it is compressed more than 100 to one, which no CSV file is (a zip bomb?)
  hint: export the package again from the SIS, or zip the CSV files yourself
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn the_files_read_share_one_64_mib_budget_in_an_archive_and_in_a_folder() {
    let test = with_package("v1.2");
    // What the import could write: everything but the package (too large to compare whole).
    let written = |test: &crate::support::Test| {
        let mut files = test.snapshot();
        files.retain(|name, _| !name.starts_with("sis/") && name != "big.zip");
        files
    };
    let before = written(&test);
    let manifest = fs::read(test.path("sis/manifest.csv")).unwrap();
    let users = vec![b'a'; 40 * 1024 * 1024];
    let enrollments = vec![b'b'; 30 * 1024 * 1024];
    zip_of(
        &test.path("big.zip"),
        &[
            ("manifest.csv", &manifest),
            ("users.csv", &users),
            ("enrollments.csv", &enrollments),
        ],
        zip::CompressionMethod::Stored,
    );
    drop((users, enrollments));
    let test = import(
        test,
        &["big.zip"],
        1,
        "\
error: big.zip: the files rapport reads come to more than 64 MiB together (the budget for one package), counting enrollments.csv
  hint: export one school or class at a time
",
    );
    fs::remove_file(test.path("big.zip")).unwrap();
    // A folder: sparse files of the same sizes (their size is checked before they are read).
    for (name, size) in [("users.csv", 40), ("enrollments.csv", 30)] {
        fs::File::create(test.path(&format!("sis/{name}")))
            .unwrap()
            .set_len(size * 1024 * 1024)
            .unwrap();
    }
    let test = import(
        test,
        &["sis"],
        1,
        "\
error: sis: the files rapport reads come to more than 64 MiB together (the budget for one package), counting enrollments.csv
  hint: export one school or class at a time
",
    );
    assert_eq!(written(&test), before);
}
