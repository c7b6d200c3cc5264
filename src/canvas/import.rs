//! The rows of a Canvas outcomes CSV as rubrics (docs/FORMATS.md § Canvas Outcomes CSV): a
//! group that holds outcomes is a rubric, each of its outcomes a criterion, their ratings the
//! levels; an outcome outside every group is a rubric of its own. Parents come before what they
//! hold, as in Canvas; deleted rows are skipped with a note; what cannot be mapped is a problem
//! at its row.

use std::collections::HashMap;

use super::html::to_markdown;
use super::{LABEL_SEPARATOR, Ours, Rating, Row, default_ratings, ours, slug};
use crate::course::model::{Criterion, Level, Mastery, Rubric};
use crate::csvio::Problem;
use crate::figure::format_score;
use crate::text::{self, Lines};

/// What an import writes and says.
#[derive(Debug)]
pub struct Plan {
    pub rubrics: Vec<Rubric>,
    /// Notes about rows, as `LINE` and message (deleted rows skipped).
    pub notes: Vec<(u64, String)>,
    /// The calculation method every outcome shares, when they share one.
    pub mastery: Option<Mastery>,
    /// Whether the outcomes name more than one calculation method.
    pub mixed: bool,
}

/// A group as read: its row and the outcomes in it (indexes into the rows).
struct Group {
    row: usize,
    outcomes: Vec<usize>,
}

/// What the rows say of each other: the groups with the outcomes in them, the outcomes in no
/// group, notes and problems.
#[derive(Default)]
struct Linked {
    groups: Vec<Group>,
    roots: Vec<usize>,
    notes: Vec<(u64, String)>,
    problems: Vec<Problem>,
}

/// Maps the rows, or every problem found, in line order. `failed` are the `vendor_guid`s of
/// rows refused on their own (already reported): a row naming one as its parent is not
/// reported again.
pub fn plan(rows: &[Row], failed: &[String]) -> Result<Plan, Vec<Problem>> {
    let Linked {
        groups,
        roots,
        notes,
        mut problems,
    } = link(rows, failed);
    // Rubrics in the order their rows start: groups holding outcomes, outcomes in no group.
    let mut sources: Vec<(Option<usize>, Vec<usize>)> = groups
        .iter()
        .filter(|g| !g.outcomes.is_empty())
        .map(|g| (Some(g.row), g.outcomes.clone()))
        .chain(roots.iter().map(|&r| (None, vec![r])))
        .collect();
    sources.sort_by_key(|(group, outcomes)| rows[group.unwrap_or(outcomes[0])].line);
    let mut rubrics: Vec<Rubric> = Vec::new();
    for (group, outcomes) in sources {
        match rubric(rows, group, &outcomes, &rubrics) {
            Ok(rubric) => rubrics.push(rubric),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(problems);
    }
    let mut methods: Vec<Mastery> = Vec::new();
    for row in rows.iter().filter(|r| !r.group && !r.deleted) {
        if let Some(m) = row.mastery.filter(|m| !methods.contains(m)) {
            methods.push(m);
        }
    }
    Ok(Plan {
        rubrics,
        notes,
        mastery: (methods.len() == 1).then(|| methods[0]),
        mixed: methods.len() > 1,
    })
}

/// Groups and outcomes linked to their parents, as Canvas's importer links them: a parent on an
/// earlier row, a group with one parent, each group and outcome on one row.
fn link(rows: &[Row], failed: &[String]) -> Linked {
    let mut linked = Linked::default();
    let (problems, notes, groups) = (&mut linked.problems, &mut linked.notes, &mut linked.groups);
    let mut group_at: HashMap<&str, usize> = HashMap::new();
    let mut deleted: HashMap<&str, u64> = HashMap::new();
    let mut outcome_at: HashMap<&str, u64> = HashMap::new();
    let mut roots: Vec<usize> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let kind = if row.group { "group" } else { "outcome" };
        if row.deleted {
            notes.push((
                row.line,
                format!("skipped the deleted {kind} `{}`", row.guid),
            ));
            if row.group {
                deleted.insert(&row.guid, row.line);
            }
            continue;
        }
        let mut parents = Vec::new();
        let mut problem = None;
        for parent in &row.parents {
            if let Some(&group) = group_at.get(parent.as_str()) {
                if !parents.contains(&group) {
                    parents.push(group);
                }
            } else if failed.contains(parent) {
                problem = Some(String::new());
            } else if let Some(line) = deleted.get(parent.as_str()) {
                problem = Some(format!(
                    "parent `{parent}` is the deleted group on line {line}; delete this {kind} \
                     too, or make that group active"
                ));
            } else if let Some(line) = outcome_at.get(parent.as_str()) {
                problem = Some(format!(
                    "parent `{parent}` is the outcome on line {line}; a parent is a group"
                ));
            } else {
                problem = Some(format!(
                    "parent `{parent}` is not a group on an earlier row; a group comes before \
                     the groups and outcomes in it"
                ));
            }
        }
        if row.group {
            if row.parents.len() > 1 {
                problem = Some(format!(
                    "a group has one parent, and `parent_guids` names {}",
                    row.parents.len()
                ));
            }
            if let Some(&other) = group_at.get(row.guid.as_str()) {
                problem = Some(format!(
                    "the group `{}` is also on line {}; each group is on one row",
                    row.guid, rows[groups[other].row].line
                ));
            }
        } else if let Some(line) = outcome_at.get(row.guid.as_str()) {
            problem = Some(format!(
                "the outcome `{}` is also on line {line}; each outcome is on one row \
                 (`parent_guids` lists every group it is in)",
                row.guid
            ));
        }
        if let Some(message) = problem {
            if !message.is_empty() {
                problems.push(Problem::row(row.line, message));
            }
            continue;
        }
        if row.group {
            group_at.insert(&row.guid, groups.len());
            groups.push(Group {
                row: index,
                outcomes: Vec::new(),
            });
        } else {
            outcome_at.insert(&row.guid, row.line);
            if parents.is_empty() {
                roots.push(index);
            }
            for group in parents {
                groups[group].outcomes.push(index);
            }
        }
    }
    linked.roots = roots;
    linked
}

/// The scale of an outcome: its ratings (Canvas's default scale when it has none) and its
/// mastery points (the highest rating's when blank, as Canvas does).
fn scale(row: &Row) -> (Vec<Rating>, f64) {
    let (ratings, default_mastery) = if row.ratings.is_empty() {
        default_ratings()
    } else {
        let top = row.ratings[0].points;
        (row.ratings.clone(), top)
    };
    (ratings, row.mastery_points.unwrap_or(default_mastery))
}

fn points(ratings: &[Rating]) -> String {
    ratings
        .iter()
        .map(|r| format_score(r.points))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One rubric from a group (or none) and its outcomes, its ID unlike those of `done`.
fn rubric(
    rows: &[Row],
    group: Option<usize>,
    outcomes: &[usize],
    done: &[Rubric],
) -> Result<Rubric, Vec<Problem>> {
    let first = &rows[outcomes[0]];
    let mut problems = Vec::new();
    let (ratings, mastery) = scale(first);
    let held = |row: &Row| match group {
        Some(g) => format!("the group `{}`", rows[g].guid),
        None => format!("the outcome `{}`", row.guid),
    };
    for &index in &outcomes[1..] {
        let row = &rows[index];
        let (theirs, their_mastery) = scale(row);
        let same = theirs.len() == ratings.len()
            && theirs
                .iter()
                .zip(&ratings)
                .all(|(a, b)| a.points == b.points);
        if !same || their_mastery != mastery {
            let (what, this, that) = if same {
                (
                    "mastery points",
                    format_score(their_mastery),
                    format_score(mastery),
                )
            } else {
                ("ratings' points", points(&theirs), points(&ratings))
            };
            problems.push(Problem::row(
                row.line,
                format!(
                    "the outcome `{}` has {what} {this}, and the outcome `{}` (line {}) in {} \
                     has {that}: a group's outcomes become one rubric, whose criteria share one \
                     scale; give them the same {what}, or move this outcome to a group of its own",
                    row.guid,
                    first.guid,
                    first.line,
                    held(row)
                ),
            ));
        }
    }
    if !(2..=10).contains(&ratings.len()) {
        problems.push(Problem::row(
            first.line,
            format!(
                "the outcome `{}` has {} {}; a rubric has 2 to 10 levels, so give it from 2 to \
                 10 ratings",
                first.guid,
                ratings.len(),
                if ratings.len() == 1 {
                    "rating"
                } else {
                    "ratings"
                }
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let leader = group.map_or(first, |g| &rows[g]);
    let taken: Vec<&str> = done.iter().map(|r| r.id.as_str()).collect();
    let wanted = match ours(&leader.guid) {
        Some(Ours::Rubric(id) | Ours::Criterion(id, _)) => id,
        None => name(
            &leader.title,
            &leader.guid,
            &format!("rubric-{}", leader.line),
        ),
    };
    let id = unique(&wanted, &taken);
    let levels = levels(rows, outcomes, &ratings);
    let mut criteria: Vec<Criterion> = Vec::new();
    for (n, &index) in outcomes.iter().enumerate() {
        let row = &rows[index];
        let wanted = match ours(&row.guid) {
            Some(Ours::Criterion(_, id)) => id,
            _ => name(&row.title, &row.guid, &format!("criterion-{}", n + 1)),
        };
        let taken: Vec<&str> = criteria.iter().map(|c| c.id.as_str()).collect();
        criteria.push(Criterion {
            id: unique(&wanted, &taken),
            title: row.title.clone(),
            description: markdown(row, "description").map_err(|p| vec![p])?,
            weight: 1.0,
            descriptors: levels.iter().map(|(_, d)| d[n].clone()).collect(),
        });
    }
    Ok(Rubric {
        id,
        title: leader.title.clone(),
        description: match group {
            Some(g) => markdown(&rows[g], "description").map_err(|p| vec![p])?,
            None => None,
        },
        levels: levels.into_iter().map(|(level, _)| level).collect(),
        mastery_level: mastery,
        criteria,
    })
}

/// The levels, lowest first, each with its descriptor for every outcome: a rating description
/// `LABEL — DESCRIPTOR` (as rapport exports them) when every outcome has the same label there;
/// else one description shared by every outcome is the label and the descriptor; else the
/// points are the label.
fn levels(rows: &[Row], outcomes: &[usize], ratings: &[Rating]) -> Vec<(Level, Vec<String>)> {
    let scales: Vec<Vec<Rating>> = outcomes.iter().map(|&i| scale(&rows[i]).0).collect();
    let mut levels = Vec::new();
    for (k, rating) in ratings.iter().enumerate().rev() {
        let descriptions: Vec<&str> = scales.iter().map(|s| s[k].description.as_str()).collect();
        let one_line = |l: &str| !l.is_empty() && !l.contains('\n') && l.chars().count() <= 100;
        let split: Option<Vec<(&str, &str)>> = descriptions
            .iter()
            .map(|d| d.split_once(LABEL_SEPARATOR))
            .collect();
        let (label, descriptors) = match split {
            Some(split)
                if one_line(split[0].0.trim()) && split.iter().all(|(l, _)| *l == split[0].0) =>
            {
                let label = split[0].0.trim().to_owned();
                let descriptors: Vec<String> =
                    split.iter().map(|(_, d)| d.trim().to_owned()).collect();
                (label, descriptors)
            }
            _ if one_line(descriptions[0])
                && descriptions.iter().all(|d| *d == descriptions[0]) =>
            {
                let label = descriptions[0].to_owned();
                (
                    label,
                    descriptions.iter().map(|d| (*d).to_owned()).collect(),
                )
            }
            _ => (
                format_score(rating.points),
                descriptions.iter().map(|d| (*d).to_owned()).collect(),
            ),
        };
        let descriptors = descriptors
            .into_iter()
            .map(|d: String| if d.is_empty() { label.clone() } else { d })
            .collect();
        levels.push((
            Level {
                score: rating.points,
                label,
            },
            descriptors,
        ));
    }
    levels
}

/// A row's HTML description as Markdown, `None` when blank.
fn markdown(row: &Row, field: &str) -> Result<Option<String>, Problem> {
    let text = to_markdown(&row.description);
    text::check(field, &text, Lines::Many).map_err(|m| Problem::row(row.line, m))?;
    Ok(Some(text).filter(|t| !t.is_empty()))
}

/// An identifier from a title, else from a `vendor_guid`, else `fallback`.
fn name(title: &str, guid: &str, fallback: &str) -> String {
    [slug(title), slug(guid)]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}

/// `wanted`, or `wanted-2`, `wanted-3`… when taken.
fn unique(wanted: &str, taken: &[&str]) -> String {
    if !taken.contains(&wanted) {
        return wanted.to_owned();
    }
    // Of `taken.len() + 1` suffixes, one is free.
    (2..=taken.len() + 2)
        .map(|n| {
            let suffix = format!("-{n}");
            let keep = crate::ids::MAX_LEN - suffix.len();
            format!("{}{suffix}", &wanted[..wanted.len().min(keep)])
        })
        .find(|id| !taken.contains(&id.as_str()))
        .expect("some suffix is free")
}
