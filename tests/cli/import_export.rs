//! Gradebook tests: import and export.
