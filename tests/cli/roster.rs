//! Gradebook tests: roster.
