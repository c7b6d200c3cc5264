//! A course that passed validation. These types cannot hold an invalid course: IDs are checked
//! and lower-case, references resolve, rubrics have a proper scale. Everything after `validate`
//! works on these.

use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Course {
    /// The folder holding course.yaml.
    #[serde(skip)]
    pub root: PathBuf,
    pub name: String,
    pub organization: Option<String>,
    /// course.yaml's `database:`, resolved against the course folder.
    #[serde(skip)]
    pub database: Option<PathBuf>,
    /// The skill areas: those listed in course.yaml, else those the modules name, in order of
    /// first use.
    pub skills: Vec<Skill>,
    pub mastery: Mastery,
    pub recent_days: u32,
    /// The fewest different peers whose ratings of a criterion may be shown (their median and
    /// notes); fewer could be told apart.
    pub peer_minimum: u32,
    /// In file-name order.
    pub modules: Vec<Module>,
    /// In file-name order.
    pub rubrics: Vec<Rubric>,
    /// Who issues the badges (required when there are badges).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Issuer>,
    /// The badges, in course.yaml's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub badges: Vec<Badge>,
}

/// The academy as the issuer of badges (docs/FORMATS.md § Open Badges).
#[derive(Debug, Clone, Serialize)]
pub struct Issuer {
    pub name: String,
    pub url: Option<String>,
    /// A `did:web` or `did:key`; `None`: the `did:key` of the signing key.
    pub id: Option<String>,
}

/// A badge: an achievement earned by mastering every rubric of `rubrics`.
#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub id: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    /// Markdown.
    pub criteria: String,
    /// Relative to the course folder; a PNG or SVG file (checked when the course loads).
    pub image: Option<String>,
    /// The skill area that earns it, when `earned_by` names one.
    pub skill: Option<String>,
    /// The rubrics to master: those listed, or every rubric that assesses a module of the
    /// skill area, in the course's rubric order.
    pub rubrics: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skill {
    pub id: String,
    pub title: String,
}

/// How mastery is computed (docs/FORMATS.md § Mastery).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Mastery {
    DecayingAverage { recent_weight: f64 },
    WeightedAverage { recent_weight: f64 },
    NMastery { n: u32 },
    Latest,
    Highest,
    Average,
}

impl Mastery {
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Mastery::DecayingAverage { .. } => "decaying_average",
            Mastery::WeightedAverage { .. } => "weighted_average",
            Mastery::NMastery { .. } => "n_mastery",
            Mastery::Latest => "latest",
            Mastery::Highest => "highest",
            Mastery::Average => "average",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Module {
    pub id: String,
    pub title: String,
    pub skill: String,
    pub summary: String,
    pub objectives: Vec<String>,
    pub lessons: Vec<Lesson>,
    pub assessed_by: Vec<String>,
    pub requires: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lesson {
    pub title: String,
    pub minutes: Option<u32>,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// Ascending by score; scores are unique.
    pub levels: Vec<Level>,
    /// One of the levels' scores.
    pub mastery_level: f64,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub score: f64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: f64,
    /// One per level, in the order of `Rubric::levels`.
    pub descriptors: Vec<String>,
}

impl Course {
    #[must_use]
    pub fn rubric(&self, id: &str) -> Option<&Rubric> {
        self.rubrics.iter().find(|r| r.id == id)
    }

    #[must_use]
    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    #[must_use]
    pub fn skill_title(&self, id: &str) -> String {
        self.skills
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_owned(), |s| s.title.clone())
    }

    /// The modules in a study order: prerequisites first, then by skill area as course.yaml lists
    /// them, then by file name.
    #[must_use]
    pub fn study_order(&self) -> Vec<&Module> {
        let edges: Vec<Vec<usize>> = self
            .modules
            .iter()
            .map(|m| {
                m.requires
                    .iter()
                    .filter_map(|r| self.modules.iter().position(|o| &o.id == r))
                    .collect()
            })
            .collect();
        let skill_rank = |i: usize| {
            let skill = &self.modules[i].skill;
            (
                self.skills
                    .iter()
                    .position(|s| &s.id == skill)
                    .unwrap_or(usize::MAX),
                i,
            )
        };
        super::prerequisites::study_order(&edges, skill_rank)
            .into_iter()
            .map(|i| &self.modules[i])
            .collect()
    }

    /// The rubrics in the order of the modules that use them, then those no module uses, by
    /// ID: the order of every progress view.
    #[must_use]
    pub fn rubric_order(&self) -> Vec<&Rubric> {
        let mut order: Vec<&Rubric> = Vec::new();
        for module in &self.modules {
            for id in &module.assessed_by {
                if let Some(rubric) = self
                    .rubric(id)
                    .filter(|r| !order.iter().any(|o| o.id == r.id))
                {
                    order.push(rubric);
                }
            }
        }
        let mut rest: Vec<&Rubric> = self
            .rubrics
            .iter()
            .filter(|r| !order.iter().any(|o| o.id == r.id))
            .collect();
        rest.sort_by(|a, b| a.id.cmp(&b.id));
        order.extend(rest);
        order
    }

    /// The title of the skill area a rubric assesses: that of the first module it assesses
    /// (empty when no module uses it).
    #[must_use]
    pub fn skill_of(&self, rubric: &str) -> String {
        self.modules
            .iter()
            .find(|m| m.assessed_by.iter().any(|r| r == rubric))
            .map_or_else(String::new, |m| self.skill_title(&m.skill))
    }
}

impl Rubric {
    /// Index of the mastery level in `levels`.
    #[must_use]
    pub fn mastery_index(&self) -> usize {
        self.levels
            .iter()
            .position(|l| l.score == self.mastery_level)
            .unwrap_or(0)
    }
}

// Scores are formatted in `figure.rs` with every other number; re-exported for the callers that
// name them here.
pub use crate::figure::{format_score, json_number};
