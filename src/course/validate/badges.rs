//! course.yaml's `issuer:` and `badges:` (docs/FORMATS.md § Open Badges): each badge on its
//! own, then its references (rubrics, skill area, image) once every file is read.

use std::collections::HashMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::{Parsed, identifier, text};
use crate::course::files::CourseDir;
use crate::course::model::{Badge, Issuer, Module, Skill};
use crate::course::raw::{RawCourse, RawModule};
use crate::course::source::{SourceFile, at};
use crate::diagnostic::Diagnostics;
use crate::text::Lines;
use crate::{badges, ids, suggest};

/// A badge as course.yaml writes it: checked on its own, its references still to check.
pub struct Draft {
    badge: Badge,
    rubrics: Vec<Spanned<String>>,
    skill: Option<Spanned<String>>,
    image: Option<Spanned<String>>,
}

impl Draft {
    /// The badge with the rubrics that earn it (only called on a course without errors).
    #[must_use]
    pub fn resolve(self, modules: &[Module]) -> Badge {
        let mut badge = self.badge;
        let mut list: Vec<String> = Vec::new();
        if let Some(skill) = &badge.skill {
            for module in modules.iter().filter(|m| &m.skill == skill) {
                list.extend(module.assessed_by.iter().cloned());
            }
        } else {
            list = self
                .rubrics
                .iter()
                .map(|r| r.value.trim().to_lowercase())
                .collect();
        }
        let mut seen = Vec::new();
        list.retain(|r| {
            let new = !seen.contains(r);
            seen.push(r.clone());
            new
        });
        badge.rubrics = list;
        badge
    }
}

/// `issuer:` and `badges:`, each checked on its own.
pub fn head(
    file: &SourceFile,
    raw: &RawCourse,
    report: &mut Diagnostics,
) -> (Option<Issuer>, Vec<Draft>) {
    let issuer = raw.issuer.as_ref().map(|i| issuer(file, &i.value, report));
    let Some(list) = &raw.badges else {
        return (issuer, Vec::new());
    };
    if issuer.is_none() && !list.value.is_empty() {
        report.push(file.error(
            at(list),
            "badges need an issuer; add `issuer:` with the academy's `name` to course.yaml",
        ));
    }
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut drafts = Vec::new();
    for badge in &list.value {
        let raw = &badge.value;
        let id = identifier(file, ("badge", "id"), &raw.id, report);
        let name = text(file, "name", &raw.name, report);
        let description = markdown(file, "description", &raw.description, report);
        let criteria = markdown(file, "criteria", &raw.criteria, report);
        let earned = &raw.earned_by.value;
        match (&earned.rubrics, &earned.skill) {
            (Some(_), Some(skill)) => report.push(file.error(
                at(skill),
                "`earned_by` names both `rubrics` and `skill`; keep one of them",
            )),
            (None, None) => report.push(file.error(
                at(&raw.earned_by),
                "`earned_by` names nothing; write `{ rubrics: [ID, …] }` or `{ skill: ID }`",
            )),
            (Some(rubrics), None) if rubrics.value.is_empty() => report.push(file.error(
                at(rubrics),
                "`rubrics` is empty; list the rubrics whose mastery earns the badge",
            )),
            _ => {}
        }
        for reference in earned.rubrics.iter().flat_map(|r| &r.value) {
            identifier(file, ("rubric", "rubrics"), reference, report);
        }
        let skill = earned
            .skill
            .as_ref()
            .and_then(|s| identifier(file, ("skill", "skill"), s, report));
        let image = raw.image.as_ref().map(|i| i.value.trim().to_owned());
        let Some(id) = id else { continue };
        if let Some(line) = seen.insert(id.clone(), raw.id.referenced.line()) {
            report.push(file.error(
                at(&raw.id),
                format!("badge `{id}` is listed twice (first on line {line}); give each badge its own ID"),
            ));
        }
        drafts.push(Draft {
            badge: Badge {
                id,
                name,
                description,
                criteria,
                image,
                skill,
                rubrics: Vec::new(),
            },
            rubrics: earned
                .rubrics
                .iter()
                .flat_map(|r| r.value.clone())
                .collect(),
            skill: earned.skill.clone(),
            image: raw.image.clone(),
        });
    }
    (issuer, drafts)
}

/// A required Markdown text (several lines allowed): not blank, no forbidden character.
fn markdown(
    file: &SourceFile,
    field: &str,
    value: &Spanned<String>,
    report: &mut Diagnostics,
) -> String {
    super::required_text(file, field, value, Lines::Many, report)
}

fn issuer(
    file: &SourceFile,
    raw: &crate::course::raw::RawIssuer,
    report: &mut Diagnostics,
) -> Issuer {
    let name = text(file, "name", &raw.name, report);
    let url = raw.url.as_ref().map(|url| {
        super::clean(file, "url", url, Lines::One, report);
        let value = url.value.trim();
        let ok = url::Url::parse(value)
            .is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some());
        if !ok {
            report.push(file.error(
                at(url),
                format!("issuer `url` `{value}` is not a web address; write it as `https://…`"),
            ));
        }
        value.to_owned()
    });
    let id = raw.id.as_ref().map(|id| {
        let value = id.value.trim();
        if let Err(why) = badges::keys::check_issuer_id(value) {
            report.push(file.error(at(id), format!("issuer `id` `{value}` {why}")));
        }
        value.to_owned()
    });
    Issuer { name, url, id }
}

/// The badges' references, once every file is parsed: the rubrics and skill area that earn
/// each (known, with "did you mean"), and its image (a PNG or SVG file in the course folder).
pub fn badge_references(
    file: &SourceFile,
    drafts: &[Draft],
    (modules, rubric_ids): (&[Parsed<'_, RawModule>], &[String]),
    skills: Option<&[Skill]>,
    root: &Path,
    report: &mut Diagnostics,
) {
    let module_skills: Vec<String> = modules
        .iter()
        .map(|m| m.raw.skill.value.trim().to_lowercase())
        .collect();
    let known_skills: Vec<String> = skills.map_or_else(
        || module_skills.clone(),
        |s| s.iter().map(|s| s.id.clone()).collect(),
    );
    let course = CourseDir::new(root);
    for draft in drafts {
        let badge = &draft.badge.id;
        for rubric in &draft.rubrics {
            let name = rubric.value.trim().to_lowercase();
            if ids::normalize(&name).is_ok() && !rubric_ids.contains(&name) {
                let hint = suggest::did_you_mean(&name, rubric_ids.iter().map(String::as_str))
                    .map_or_else(
                        || format!("; there is no `rubrics/{name}.yaml`"),
                        |near| format!(", did you mean `{near}`?"),
                    );
                report.push(file.error(
                    at(rubric),
                    format!("unknown rubric `{name}` in badge `{badge}`{hint}"),
                ));
            }
        }
        if let (Some(place), Some(skill)) = (&draft.skill, &draft.badge.skill) {
            if !known_skills.contains(skill) {
                let hint = suggest::did_you_mean(skill, known_skills.iter().map(String::as_str))
                    .map_or_else(
                        || "; no module builds it".to_owned(),
                        |near| format!(", did you mean `{near}`?"),
                    );
                report.push(file.error(
                    at(place),
                    format!("unknown skill `{skill}` in badge `{badge}`{hint}"),
                ));
            } else if !module_skills.contains(skill) && modules.len() == module_skills.len() {
                report.push(file.error(
                    at(place),
                    format!(
                        "no module builds skill `{skill}`, so badge `{badge}` could never be earned; name its rubrics instead"
                    ),
                ));
            }
        }
        if let Some(image) = &draft.image
            && let Err(why) = image_problem(&course, image.value.trim())
        {
            report.push(file.error(
                at(image),
                format!("badge image `{}` {why}", image.value.trim()),
            ));
        }
    }
}

/// Why a badge image cannot be used, if it cannot: a relative path to a PNG or SVG file.
fn image_problem(course: &CourseDir, path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("is empty; write the image's path or remove `image:`".to_owned());
    }
    if Path::new(path).is_absolute() {
        return Err("must be a path relative to the course folder".to_owned());
    }
    let Some(kind) = badges::image::kind_by_name(path) else {
        return Err("must be a PNG or SVG file (`.png` or `.svg`)".to_owned());
    };
    let bytes = course
        .read_bytes(path)
        .map_err(|why| format!("{why}; add the image to the course folder or fix the path"))?;
    badges::image::check(kind, &bytes)
}
