//! The course: YAML files on disk → raw types → validation → the model everything else uses.

pub mod files;
pub mod load;
pub mod model;
pub mod prerequisites;
pub mod raw;
pub mod scaffold;
pub mod source;
pub mod validate;

pub use load::{Loaded, find_root, load};
pub use model::Course;

/// course.yaml's `database:` as a path: a file relative to the course folder, or a PostgreSQL
/// URL kept as written (the store tells them apart).
#[must_use]
pub fn database_path(root: &std::path::Path, value: &str) -> std::path::PathBuf {
    if crate::store::postgres::is_url(value) {
        std::path::PathBuf::from(value)
    } else {
        root.join(value)
    }
}
