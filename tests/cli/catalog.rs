//! `rapport catalog`.
