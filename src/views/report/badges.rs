//! The report's badges: those the student holds, with their credentials to download, and the
//! course's others, with the rubrics still to master for each.

use serde::Serialize;

use super::Context;
use crate::progress::Progress;
use crate::views::{human_date, list_joints};

/// A badge the student holds: its credential is linked as a `data:` URI (the report is one
/// self-contained file), downloaded as `BADGE.jwt`.
#[derive(Debug, Serialize)]
pub struct BadgeRow {
    pub name: String,
    /// The date it was issued, as people read it.
    pub issued: String,
    /// The credential as a `data:` URI; `None` when the stored JWT is not three base64url
    /// parts (damaged: nothing to download).
    pub href: Option<String>,
    pub download: String,
}

/// The credentials as report rows, named as course.yaml names their badges (by ID when a badge
/// is no longer defined there).
pub fn held(context: &Context<'_>) -> Vec<BadgeRow> {
    context
        .credentials
        .iter()
        .map(|c| {
            let badge = context.course.badges.iter().find(|b| b.id == c.badge);
            BadgeRow {
                name: badge.map_or_else(|| c.badge.clone(), |b| b.name.clone()),
                issued: human_date(c.issued_at.get(..10).unwrap_or(&c.issued_at), false),
                // A compact JWT is URL-safe base64 and dots: nothing in it needs escaping.
                href: is_compact_jwt(c.jwt.trim())
                    .then(|| format!("data:application/jwt,{}", c.jwt.trim())),
                download: format!("{}.jwt", c.badge),
            }
        })
        .collect()
}

/// Whether `jwt` is three non-empty base64url parts separated by dots.
fn is_compact_jwt(jwt: &str) -> bool {
    let parts: Vec<&str> = jwt.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// A badge of the course the student does not hold and has not earned: the rubrics left to
/// master.
#[derive(Debug, Serialize)]
pub struct ToEarn {
    pub name: String,
    /// The rubrics not mastered yet, each with its section's anchor in the report.
    pub missing: Vec<Missing>,
    /// How many of its rubrics are mastered, of how many.
    pub mastered: usize,
    pub rubrics: usize,
}

#[derive(Debug, Serialize)]
pub struct Missing {
    /// What goes before it in the sentence: nothing, `, ` or ` and `.
    pub before: &'static str,
    pub title: String,
    pub anchor: String,
}

/// The course's badges the student does not hold, in course.yaml's order: the names of those
/// earned (every rubric mastered: not issued yet, or revoked), and the others.
pub fn not_held(view: &Progress, context: &Context<'_>) -> (Vec<String>, Vec<ToEarn>) {
    let mut earned = Vec::new();
    let mut to_earn = Vec::new();
    for badge in &context.course.badges {
        if context.credentials.iter().any(|c| c.badge == badge.id) {
            continue;
        }
        let ids = crate::badges::not_mastered(badge, view);
        if ids.is_empty() {
            earned.push(badge.name.clone());
            continue;
        }
        let missing = list_joints(ids.len())
            .zip(&ids)
            .map(|(before, id)| Missing {
                before,
                title: view
                    .rubrics
                    .iter()
                    .find(|r| r.id == *id)
                    .map_or_else(|| (*id).to_owned(), |r| r.title.clone()),
                anchor: format!("rubric-{id}"),
            })
            .collect();
        to_earn.push(ToEarn {
            name: badge.name.clone(),
            mastered: badge.rubrics.len() - ids.len(),
            rubrics: badge.rubrics.len(),
            missing,
        });
    }
    (earned, to_earn)
}
