//! The demo's words, kept as data in `prose.yaml` (embedded at build time): student names,
//! visiting artists, workshop titles, and what instructors, students and teammates write.

use std::sync::LazyLock;

use serde::Deserialize;

use super::dice::Dice;

/// `prose.yaml`, parsed once on first use.
pub(super) static PROSE: LazyLock<Prose> = LazyLock::new(|| {
    serde_saphyr::from_str(TEXT).expect("src/demo/prose.yaml parses (a unit test checks it)")
});

const TEXT: &str = include_str!("prose.yaml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Prose {
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
    pub artists: Vec<Artist>,
    pub titles: Titles,
    comments: Vec<Comments>,
    notes: Vec<Note>,
    pub self_comments: Vec<String>,
    pub peer_comments: Vec<String>,
}

/// A fictional artist and the two things they come in to do.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Artist {
    pub name: String,
    pub activities: [String; 2],
}

/// The workshop titles of each kind, in the order a term uses them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Titles {
    pub team: Vec<String>,
    pub etiquette: Vec<String>,
    pub mentorship: Vec<String>,
}

/// A rubric's overall comments, by band of the mean level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Comments {
    rubric: String,
    below_developing: Vec<String>,
    developing: Vec<String>,
    proficient: Vec<String>,
}

/// What an instructor notes on one criterion, below mastery and at or above it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Note {
    rubric: String,
    criterion: String,
    below_mastery: String,
    at_mastery: String,
}

impl Prose {
    /// An instructor's overall comment for a rubric and a band of its mean level (0: below
    /// Developing, 1: Developing, 2: Proficient and above).
    pub fn comment(&self, dice: &mut Dice, rubric: &str, band: usize) -> Option<&str> {
        let options = self.comment_options(rubric, band);
        (!options.is_empty()).then(|| *dice.pick(&options))
    }

    fn comment_options(&self, rubric: &str, band: usize) -> Vec<&str> {
        self.comments
            .iter()
            .filter(|c| c.rubric == rubric)
            .flat_map(|c| match band {
                0 => &c.below_developing,
                1 => &c.developing,
                _ => &c.proficient,
            })
            .map(String::as_str)
            .collect()
    }

    /// An instructor's note on one criterion, below mastery (`low`) or at and above it.
    pub fn note(&self, rubric: &str, criterion: &str, low: bool) -> Option<&str> {
        self.notes
            .iter()
            .find(|n| n.rubric == rubric && n.criterion == criterion)
            .map(|n| {
                if low {
                    n.below_mastery.as_str()
                } else {
                    n.at_mastery.as_str()
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::tests::shipped;

    #[test]
    fn the_prose_parses_and_names_only_rubrics_and_criteria_of_the_shipped_course() {
        let prose: Prose = serde_saphyr::from_str(TEXT).unwrap();
        let course = shipped();
        let rubric = |id: &str| {
            course
                .rubrics
                .iter()
                .find(|r| r.id == id)
                .unwrap_or_else(|| panic!("prose.yaml names rubric {id}, not in the course"))
        };
        for comments in &prose.comments {
            rubric(&comments.rubric);
        }
        for note in &prose.notes {
            let criteria = &rubric(&note.rubric).criteria;
            assert!(
                criteria.iter().any(|c| c.id == note.criterion),
                "prose.yaml notes {} {}, not in the course",
                note.rubric,
                note.criterion
            );
        }
        // Every rubric has a comment in every band; no criterion has two notes.
        for r in &course.rubrics {
            let band = |band| {
                let mut dice = Dice::seeded(1);
                prose.comment(&mut dice, &r.id, band).is_some()
            };
            assert!(band(0) && band(1) && band(2), "{} lacks comments", r.id);
        }
        let mut noted: Vec<(&str, &str)> = prose
            .notes
            .iter()
            .map(|n| (n.rubric.as_str(), n.criterion.as_str()))
            .collect();
        noted.sort_unstable();
        noted.dedup();
        assert_eq!(noted.len(), prose.notes.len());
    }

    #[test]
    fn names_and_titles_are_enough_for_a_large_cohort_and_a_term() {
        // 60 by 60 names give 3,600 different students (`students::names`).
        for names in [&PROSE.first_names, &PROSE.last_names] {
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), 60);
        }
        assert!(PROSE.artists.len() >= 2);
        let titles = &PROSE.titles;
        assert!(
            [&titles.team, &titles.etiquette, &titles.mentorship]
                .iter()
                .all(|list| !list.is_empty())
        );
        assert!(!PROSE.self_comments.is_empty() && !PROSE.peer_comments.is_empty());
    }
}
