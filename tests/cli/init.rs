//! `rapport init`.
