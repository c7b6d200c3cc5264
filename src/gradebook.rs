//! The gradebook's records as the rest of rapport names them: students, instructors, sessions,
//! assessments, their keys, revisions and scores. Plain data: the store reads and writes them
//! (`store/`), progress, calibration and the views compute from them; nothing here knows
//! SQL or HTML.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Student {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub cohort: Option<String>,
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instructor {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub kind: String,
    pub title: String,
    pub artist: Option<String>,
}

/// The session kinds (PRODUCT.md).
pub const SESSION_KINDS: [&str; 5] = ["live", "team", "mentorship", "etiquette", "other"];

/// Who gave an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Instructor,
    Peer,
    #[serde(rename = "self")]
    SelfAssessment,
}

impl Role {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Instructor => "instructor",
            Role::Peer => "peer",
            Role::SelfAssessment => "self",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "instructor" => Some(Role::Instructor),
            "self" => Some(Role::SelfAssessment),
            "peer" => Some(Role::Peer),
            _ => None,
        }
    }
}

/// What identifies an assessment: a second one with the same key is an amendment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Key {
    pub session: String,
    pub student: String,
    pub rater: String,
    pub role: Role,
    pub rubric: String,
}

/// One criterion's level in an assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub criterion: String,
    #[serde(serialize_with = "whole_or_decimal")]
    pub level: f64,
    pub note: Option<String>,
}

/// Levels in JSON as people write them: `3`, `3.5`.
#[allow(clippy::trivially_copy_pass_by_ref)] // the signature serde's `serialize_with` needs
fn whole_or_decimal<S: serde::Serializer>(
    level: &f64,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&crate::course::model::json_number(*level), serializer)
}

/// An assessment about to be recorded, checked against the rubric it names.
#[derive(Debug, Clone)]
pub struct Draft {
    pub key: Key,
    /// In rubric order.
    pub scores: Vec<Score>,
    pub comment: Option<String>,
    pub reason: Option<String>,
}

/// What `record` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Recorded,
    Amended { revision: i64 },
    Unchanged,
}

/// A revision as stored, with its session's date.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub session: String,
    pub date: String,
    pub student: String,
    pub rater: String,
    pub role: Role,
    pub rubric: String,
    pub revision: i64,
    pub recorded_at: String,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub scores: Vec<Score>,
    #[serde(skip)]
    pub rubric_hash: String,
    /// The criteria of `scores` whose level is not on the scale of the rubric version they were
    /// scored with (or that the version does not have): written by another tool, never used.
    #[serde(skip)]
    pub off_scale: Vec<String>,
}

impl Revision {
    /// Whether the score of `criterion` may be used: rapport wrote it on its rubric's scale.
    #[must_use]
    pub fn on_scale(&self, criterion: &str) -> bool {
        !self.off_scale.iter().any(|c| c == criterion)
    }
}
