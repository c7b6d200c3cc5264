//! Gradebook tests: interactive.
