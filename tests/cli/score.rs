//! Gradebook tests: score.
