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
    /// The student information system's ID of the student (a `OneRoster` `sourcedId`), kept
    /// beside rapport's own; `None` for a student added by hand. Printed as Canvas's
    /// `SIS User ID`.
    pub sourced_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instructor {
    pub id: String,
    pub name: String,
    /// The student information system's ID of the instructor (a `OneRoster` `sourcedId`).
    pub sourced_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub kind: SessionKind,
    pub title: String,
    pub artist: Option<String>,
}

/// A session's kind (PRODUCT.md): one list for the gradebook, the CLI (a clap value enum), the demo and the
/// views' labels. Stored and printed as [`SessionKind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    Live,
    Team,
    Mentorship,
    Etiquette,
    Other,
}

impl SessionKind {
    pub const ALL: [SessionKind; 5] = [
        SessionKind::Live,
        SessionKind::Team,
        SessionKind::Mentorship,
        SessionKind::Etiquette,
        SessionKind::Other,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Live => "live",
            SessionKind::Team => "team",
            SessionKind::Mentorship => "mentorship",
            SessionKind::Etiquette => "etiquette",
            SessionKind::Other => "other",
        }
    }

    /// The kind a stored text names; `None` for one written by another tool.
    #[must_use]
    pub fn parse(text: &str) -> Option<SessionKind> {
        SessionKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The kind as a heading reads it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Live => "Live session",
            SessionKind::Team => "Team project",
            SessionKind::Mentorship => "Mentorship",
            SessionKind::Etiquette => "Etiquette drill",
            SessionKind::Other => "Session",
        }
    }
}

impl std::fmt::Display for SessionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A self-assessment more than a third of the rubric's range from the mastery value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfGap {
    /// The student rates themself higher.
    BlindSpot,
    /// The student rates themself lower.
    HiddenStrength,
}

impl SelfGap {
    /// As JSON writes it: `blind_spot`, `hidden_strength`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SelfGap::BlindSpot => "blind_spot",
            SelfGap::HiddenStrength => "hidden_strength",
        }
    }

    /// As a page's class names it: `blind-spot`, `hidden-strength`.
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            SelfGap::BlindSpot => "blind-spot",
            SelfGap::HiddenStrength => "hidden-strength",
        }
    }
}

/// Krippendorff's (2004) reading of an alpha: reliable, tentative or weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Reliable,
    Tentative,
    Weak,
}

impl Verdict {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Reliable => "reliable",
            Verdict::Tentative => "tentative",
            Verdict::Weak => "weak",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// What the current rubrics no longer have of a recorded score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftKind {
    RubricRemoved,
    CriterionRemoved,
    LevelRemoved,
}

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

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    #[test]
    fn a_session_kind_is_spelled_one_way_in_the_gradebook_the_cli_and_json() {
        for kind in SessionKind::ALL {
            assert_eq!(SessionKind::parse(kind.as_str()), Some(kind));
            let value = kind.to_possible_value().expect("no kind is skipped");
            assert_eq!(value.get_name(), kind.as_str());
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        assert_eq!(SessionKind::value_variants(), SessionKind::ALL.as_slice());
        assert_eq!(SessionKind::parse("workshop"), None);
        assert_eq!(SessionKind::Other.label(), "Session");
    }

    #[test]
    fn enums_serialise_as_the_strings_they_replace() {
        assert_eq!(json(&SelfGap::BlindSpot), "\"blind_spot\"");
        assert_eq!(json(&SelfGap::HiddenStrength), "\"hidden_strength\"");
        assert_eq!(SelfGap::BlindSpot.class(), "blind-spot");
        assert_eq!(json(&Verdict::Tentative), "\"tentative\"");
        assert_eq!(format!("{:<11}|", Verdict::Weak), "weak       |");
        assert_eq!(json(&DriftKind::LevelRemoved), "\"level_removed\"");
    }

    fn json<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap()
    }
}
