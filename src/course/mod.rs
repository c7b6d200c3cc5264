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
