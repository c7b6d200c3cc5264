//! course.yaml: the name, skills, mastery method and its parameters.

use std::collections::HashMap;

use super::{Head, clean, identifier, text, whole};
use crate::course::model::{Mastery, Skill};
use crate::course::raw::RawCourse;
use crate::course::source::{SourceFile, at};
use crate::diagnostic::{Diagnostics, Place};
use crate::suggest;
use crate::text::Lines;

/// Checks course.yaml. The head is returned even when it has errors (they are in `report`),
/// so that the other files can still be checked against its skills.
pub fn course(file: &SourceFile, raw: &RawCourse, report: &mut Diagnostics) -> Head {
    let name = text(file, "name", &raw.name, report);
    let mut skills = None;
    if let Some(list) = &raw.skills {
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut valid = Vec::new();
        for skill in &list.value {
            let id = identifier(file, ("skill", "id"), &skill.value.id, report);
            let title = text(file, "title", &skill.value.title, report);
            if let Some(id) = id {
                if let Some(line) = seen.insert(id.clone(), skill.value.id.referenced.line()) {
                    report.push(file.error(
                        at(&skill.value.id),
                        format!("skill `{id}` is listed twice (first on line {line}); keep one"),
                    ));
                }
                valid.push(Skill { id, title });
            }
        }
        skills = Some(valid);
    }
    let mastery = mastery(file, raw, report);
    let recent_days = raw.recent_days.as_ref().map_or(Some(30), |days| {
        whole(file, "recent_days", days, (1, 3650), report)
    });
    // Fewer than two peers could be told apart by elimination.
    let peer_minimum = raw.peer_minimum.as_ref().map_or(Some(3), |peers| {
        whole(file, "peer_minimum", peers, (2, 1000), report)
    });
    let (issuer, badges) = super::badges::head(file, raw, report);
    Head {
        issuer,
        badges,
        name,
        organization: raw.organization.as_ref().map(|o| {
            clean(file, "organization", o, Lines::One, report);
            o.value.trim().to_owned()
        }),
        database: raw.database.as_ref().and_then(|d| {
            clean(file, "database", d, Lines::One, report);
            if d.value.trim().is_empty() {
                report.push(file.error(
                    file.value_of("database", at(d)),
                    "`database` is empty; remove the line to keep the gradebook in rapport.db beside course.yaml",
                ));
                None
            } else if crate::store::postgres::is_url(d.value.trim()) {
                database_url(file, d, report)
            } else {
                Some(d.value.clone())
            }
        }),
        skills,
        mastery,
        recent_days: recent_days.unwrap_or(30),
        peer_minimum: peer_minimum.unwrap_or(3),
    }
}

/// A PostgreSQL URL as course.yaml's `database:`: one rapport can use, and never with a
/// password, since the course folder is shared through git.
pub fn database_url(
    file: &SourceFile,
    d: &serde_saphyr::Spanned<String>,
    report: &mut Diagnostics,
) -> Option<String> {
    let url = d.value.trim();
    if crate::store::postgres::has_password(url) {
        report.push(file.error(
            file.value_of("database", at(d)),
            "`database` holds a password, and the course is shared through git; remove it from \
             the URL and use ~/.pgpass (or PGPASSWORD) on each machine instead",
        ));
        return None;
    }
    if let Err(why) = crate::store::postgres::Server::parse(url) {
        report.push(file.error(
            file.value_of("database", at(d)),
            format!("`database` is not a PostgreSQL URL rapport can use: {why}"),
        ));
        return None;
    }
    Some(url.to_owned())
}

const METHODS: [&str; 6] = [
    "decaying_average",
    "weighted_average",
    "n_mastery",
    "latest",
    "highest",
    "average",
];

fn mastery(file: &SourceFile, raw: &RawCourse, report: &mut Diagnostics) -> Mastery {
    let Some(mastery) = &raw.mastery else {
        return Mastery::DecayingAverage {
            recent_weight: 0.65,
        };
    };
    let mastery = &mastery.value;
    let method = match &mastery.method {
        None => "decaying_average".to_owned(),
        Some(method) => {
            let name = method.value.trim();
            match name {
                "standard_decaying_average" => {
                    report.push(file.warning(
                        at(method),
                        "`standard_decaying_average` is Canvas's stored name for `decaying_average`; write `decaying_average`",
                    ));
                    "decaying_average".to_owned()
                }
                n if METHODS.contains(&n) => n.to_owned(),
                other => {
                    report.push(file.error(
                        at(method),
                        format!(
                            "unknown mastery method `{other}`{}",
                            suggest::did_you_mean(other, METHODS).map_or_else(
                                || format!(
                                    "; use one of {}",
                                    METHODS.map(|m| format!("`{m}`")).join(", ")
                                ),
                                |m| format!(", did you mean `{m}`?")
                            )
                        ),
                    ));
                    "decaying_average".to_owned()
                }
            }
        }
    };
    let weight = |low: f64, report: &mut Diagnostics| match &mastery.recent_weight {
        None => 0.65,
        Some(w) if (low..=0.99).contains(&w.value) => w.value,
        Some(w) => {
            report.push(file.error(
                at(w),
                format!(
                    "`recent_weight` for `{method}` must be from {low:.2} to 0.99, not {}",
                    file.text_at(at(w))
                ),
            ));
            0.65
        }
    };
    let unused = |what: &str, place: Place, report: &mut Diagnostics| {
        report.push(file.warning(
            place,
            format!("`{what}` is not used by `{method}`; remove it or change the method"),
        ));
    };
    let result = match method.as_str() {
        "decaying_average" => Mastery::DecayingAverage {
            recent_weight: weight(0.5, report),
        },
        "weighted_average" => Mastery::WeightedAverage {
            recent_weight: weight(0.01, report),
        },
        "n_mastery" => {
            let n = mastery
                .n
                .as_ref()
                .map_or(Some(3), |n| whole(file, "n", n, (1, 10), report));
            let n = n.unwrap_or(3);
            Mastery::NMastery { n }
        }
        "latest" => Mastery::Latest,
        "highest" => Mastery::Highest,
        _ => Mastery::Average,
    };
    if !matches!(
        result,
        Mastery::DecayingAverage { .. } | Mastery::WeightedAverage { .. }
    ) && let Some(w) = &mastery.recent_weight
    {
        unused("recent_weight", at(w), report);
    }
    if !matches!(result, Mastery::NMastery { .. })
        && let Some(n) = &mastery.n
    {
        unused("n", at(n), report);
    }
    result
}
