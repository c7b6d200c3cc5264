//! The course files exactly as written: serde types that mirror the YAML (docs/FORMATS.md),
//! with the place of every value so that later checks can point at it. Unknown fields are
//! refused here.
//! The JSON Schemas that `rapport schema` prints are derived from these same types.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

/// The fields that hold whole numbers. They are read as any number, so that a value too large
/// for an integer (`1e30`) is reported as out of range rather than as not a number.
pub const WHOLE_NUMBERS: [&str; 3] = ["minutes", "n", "recent_days"];

/// The pattern of an identifier (docs/FORMATS.md § Identifiers), for editors.
const ID: &str = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

/// course.yaml: the course as a whole.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rapport course (course.yaml)")]
pub struct RawCourse {
    /// The course's name, shown on every page.
    #[schemars(with = "String", length(min = 1))]
    pub name: Spanned<String>,
    /// The school or academy that runs the course.
    #[schemars(with = "Option<String>")]
    pub organization: Option<Spanned<String>>,
    /// Where the gradebook lives, relative to course.yaml (default: rapport.db).
    #[schemars(with = "Option<String>")]
    pub database: Option<Spanned<String>>,
    /// The skill areas; when listed, every module's `skill` must be one of them.
    #[schemars(with = "Option<Vec<RawSkill>>")]
    pub skills: Option<Spanned<Vec<Spanned<RawSkill>>>>,
    /// How a criterion's mastery is computed from its scores over sessions.
    #[schemars(with = "Option<RawMastery>")]
    pub mastery: Option<Spanned<RawMastery>>,
    /// What "recently" means in reports, in whole days from 1 to 3650 (default 30).
    #[schemars(with = "Option<u32>", range(min = 1, max = 3650))]
    pub recent_days: Option<Spanned<f64>>,
    /// The fewest different peers who must have rated a criterion before reports show the
    /// peers' median and notes, so that no peer can be identified (2 to 1000, default 3).
    #[schemars(with = "Option<u32>", range(min = 2, max = 1000))]
    pub peer_minimum: Option<Spanned<f64>>,
    /// Who issues the course's badges (Open Badges 3.0); required when `badges` are defined.
    #[schemars(with = "Option<RawIssuer>")]
    pub issuer: Option<Spanned<RawIssuer>>,
    /// Skills as credentials: the Open Badges 3.0 achievements a student earns by mastering
    /// rubrics (`rapport badges issue`).
    #[schemars(with = "Option<Vec<RawBadge>>")]
    pub badges: Option<Spanned<Vec<Spanned<RawBadge>>>>,
}

/// The academy as the issuer of badges (an Open Badges 3.0 `Profile`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Issuer")]
pub struct RawIssuer {
    /// The issuer's name, shown in every credential.
    #[schemars(with = "String", length(min = 1))]
    pub name: Spanned<String>,
    /// The issuer's web site (an `https://` or `http://` URL).
    #[schemars(with = "Option<String>", pattern(r"^https?://"))]
    pub url: Option<Spanned<String>>,
    /// The issuer's identifier: a `did:web` or `did:key` (default: the `did:key` of the
    /// signing key).
    #[schemars(with = "Option<String>", pattern(r"^did:(web|key):"))]
    pub id: Option<Spanned<String>>,
}

/// A badge: an achievement earned by mastering rubrics.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Badge")]
pub struct RawBadge {
    /// The badge's ID, unique in the course (the credential's file name).
    #[schemars(with = "String", pattern(ID))]
    pub id: Spanned<String>,
    /// The badge's name.
    #[schemars(with = "String", length(min = 1))]
    pub name: Spanned<String>,
    /// What the badge stands for (Markdown).
    #[schemars(with = "String", length(min = 1))]
    pub description: Spanned<String>,
    /// How it is earned, in words (Markdown).
    #[schemars(with = "String", length(min = 1))]
    pub criteria: Spanned<String>,
    /// A PNG or SVG image, relative to the course folder; embedded in each credential.
    #[schemars(with = "Option<String>")]
    pub image: Option<Spanned<String>>,
    /// What earns it: every rubric listed, or every rubric assessing a module of one skill area.
    #[schemars(with = "RawEarnedBy")]
    pub earned_by: Spanned<RawEarnedBy>,
}

/// What earns a badge: `{ rubrics: [ID, …] }` or `{ skill: ID }`, exactly one of the two.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EarnedBy")]
#[schemars(extend("oneOf" = [{"required": ["rubrics"]}, {"required": ["skill"]}]))]
pub struct RawEarnedBy {
    /// The rubrics, each to be mastered.
    #[schemars(with = "Option<Vec<String>>", length(min = 1))]
    pub rubrics: Option<Spanned<Vec<Spanned<String>>>>,
    /// A skill area: every rubric assessing one of its modules is to be mastered.
    #[schemars(with = "Option<String>", pattern(ID))]
    pub skill: Option<Spanned<String>>,
}

/// A skill area that modules build.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Skill")]
pub struct RawSkill {
    /// The skill's ID, used by modules' `skill:`.
    #[schemars(with = "String", pattern(ID))]
    pub id: Spanned<String>,
    /// The skill's name as people read it.
    #[schemars(with = "String", length(min = 1))]
    pub title: Spanned<String>,
}

/// The mastery calculation (Canvas LMS's outcome calculation methods).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Mastery")]
// `decaying_average` (the default, also under Canvas's name) needs a weight of 0.50 or more.
#[schemars(extend("if" = {
    "anyOf": [
        {"not": {"required": ["method"]}},
        {"properties": {"method": {"enum": ["decaying_average", "standard_decaying_average"]}}}
    ]
}, "then" = {"properties": {"recent_weight": {"minimum": 0.5}}}))]
pub struct RawMastery {
    /// The calculation method (default: `decaying_average`).
    #[schemars(with = "Option<MethodName>")]
    pub method: Option<Spanned<String>>,
    /// Weight of the most recent score: 0.50–0.99 for `decaying_average`, 0.01–0.99 for
    /// `weighted_average` (default 0.65).
    #[schemars(with = "Option<f64>", range(min = 0.01, max = 0.99))]
    pub recent_weight: Option<Spanned<f64>>,
    /// `n_mastery`: how many scores at or above the mastery level are needed (1–10, default 3).
    #[schemars(with = "Option<u32>", range(min = 1, max = 10))]
    pub n: Option<Spanned<f64>>,
}

/// The names `mastery.method` accepts (with Canvas's stored spellings as aliases).
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Method")]
#[allow(dead_code)] // only its schema is used
enum MethodName {
    DecayingAverage,
    WeightedAverage,
    NMastery,
    Latest,
    Highest,
    Average,
    StandardDecayingAverage,
}

/// rubrics/ID.yaml: a scoring rubric.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rapport rubric (rubrics/ID.yaml)")]
pub struct RawRubric {
    /// Optional; when given it must equal the file's name without `.yaml`.
    #[schemars(with = "Option<String>", pattern(ID))]
    pub id: Option<Spanned<String>>,
    /// The rubric's title.
    #[schemars(with = "String", length(min = 1))]
    pub title: Spanned<String>,
    /// What the rubric assesses (Markdown).
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    /// The scale, 2 to 10 levels in ascending order of score.
    #[schemars(with = "Vec<RawLevel>", length(min = 2, max = 10))]
    pub levels: Spanned<Vec<Spanned<RawLevel>>>,
    /// The score of the level at or above which a criterion is mastered.
    #[schemars(with = "f64", range(min = 0, max = 1000))]
    pub mastery_level: Spanned<f64>,
    /// What is assessed, each with a descriptor per level.
    #[schemars(with = "Vec<RawCriterion>", length(min = 1))]
    pub criteria: Spanned<Vec<Spanned<RawCriterion>>>,
}

/// One level of a rubric's scale.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Level")]
pub struct RawLevel {
    /// The level's score: from 0 to 1000, at most 6 decimal places, unique in the rubric.
    #[schemars(with = "f64", range(min = 0, max = 1000))]
    pub score: Spanned<f64>,
    /// The level's name (e.g. Proficient).
    #[schemars(with = "String", length(min = 1))]
    pub label: Spanned<String>,
}

/// One criterion of a rubric.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Criterion")]
pub struct RawCriterion {
    /// Unique within the rubric.
    #[schemars(with = "String", pattern(ID))]
    pub id: Spanned<String>,
    /// The criterion's title.
    #[schemars(with = "String", length(min = 1))]
    pub title: Spanned<String>,
    /// What the criterion looks at (Markdown).
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    /// Relative weight in the rubric's value; a number > 0 and at most 1000 (default 1).
    #[schemars(with = "Option<f64>", range(max = 1000), extend("exclusiveMinimum" = 0))]
    pub weight: Option<Spanned<f64>>,
    /// What each level looks like in a session: one non-empty Markdown text per level score.
    #[schemars(with = "BTreeMap<String, String>")]
    pub descriptors: Spanned<Pairs>,
}

/// curriculum/ID.yaml: a module of the curriculum.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rapport module (curriculum/ID.yaml)")]
pub struct RawModule {
    /// Optional; when given it must equal the file's name without `.yaml`.
    #[schemars(with = "Option<String>", pattern(ID))]
    pub id: Option<Spanned<String>>,
    /// The module's title.
    #[schemars(with = "String", length(min = 1))]
    pub title: Spanned<String>,
    /// The skill area this module builds.
    #[schemars(with = "String", pattern(ID))]
    pub skill: Spanned<String>,
    /// What the module is about (Markdown).
    #[schemars(with = "String", length(min = 1))]
    pub summary: Spanned<String>,
    /// What a student can do after it; at least one.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub objectives: Spanned<Vec<Spanned<String>>>,
    /// The lessons, in teaching order.
    #[schemars(with = "Option<Vec<RawLesson>>")]
    pub lessons: Option<Spanned<Vec<Spanned<RawLesson>>>>,
    /// IDs of the rubrics that assess this module; at least one.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub assessed_by: Spanned<Vec<Spanned<String>>>,
    /// IDs of the modules to take first.
    #[schemars(with = "Option<Vec<String>>")]
    pub requires: Option<Spanned<Vec<Spanned<String>>>>,
}

/// One lesson of a module.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Lesson")]
pub struct RawLesson {
    /// The lesson's title.
    #[schemars(with = "String", length(min = 1))]
    pub title: Spanned<String>,
    /// How long it takes, in whole minutes from 1 to 1440.
    #[schemars(with = "Option<u32>", range(min = 1, max = 1440))]
    pub minutes: Option<Spanned<f64>>,
    /// The lesson itself (Markdown).
    #[schemars(with = "String", length(min = 1))]
    pub body: Spanned<String>,
}

/// A mapping kept in file order with the place of every key, so that a descriptor for a
/// level that does not exist can be pointed at.
#[derive(Debug, Default)]
pub struct Pairs(pub Vec<(Spanned<String>, Spanned<String>)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping from level score to descriptor")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    pairs.push((key, map.next_value()?));
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor)
    }
}
