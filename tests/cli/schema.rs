//! `rapport schema`.
