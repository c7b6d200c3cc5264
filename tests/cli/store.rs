//! Gradebook tests: store.
