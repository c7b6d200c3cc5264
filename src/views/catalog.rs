//! The handbook's views: the index, one page per module, one page per rubric.

use serde::Serialize;

use super::{Link, PageHead, duration, list_joints};
use crate::course::model::{Badge, Course, Module, Rubric, format_score};
use crate::markdown::{self, Placement};

#[derive(Debug, Serialize)]
pub struct IndexView {
    pub page: PageHead,
    pub modules: usize,
    pub lessons: usize,
    pub total_time: String,
    pub rubrics: Vec<Link>,
    pub areas: Vec<AreaView>,
    /// Every module, each after its prerequisites.
    pub order: Vec<OrderItem>,
    /// The course's badges, in course.yaml's order, and who awards them.
    pub badges: Vec<BadgeCard>,
    pub issuer: String,
}

/// A badge as the handbook shows it: what it says, and the rubrics that earn it.
#[derive(Debug, Serialize)]
pub struct BadgeCard {
    pub id: String,
    pub name: String,
    /// The image as a `data:` URI (the page is one self-contained file).
    pub image: Option<String>,
    pub description_html: String,
    pub criteria_html: String,
    /// The skill area's title, when the badge is earned by one.
    pub skill: Option<String>,
    /// The rubrics to master, each linked to its page.
    pub rubrics: Vec<Joined>,
}

/// A link listed in a sentence, with what goes before it (`A, B and C`).
#[derive(Debug, Serialize)]
pub struct Joined {
    pub before: &'static str,
    pub link: Link,
}

#[derive(Debug, Serialize)]
pub struct AreaView {
    pub id: String,
    pub title: String,
    pub modules: Vec<ModuleCard>,
}

#[derive(Debug, Serialize)]
pub struct ModuleCard {
    pub link: Link,
    /// The summary's first paragraph (its first block), shown.
    pub summary_html: String,
    /// The rest of the summary, folded with the objectives; empty when the summary is one
    /// block.
    pub more_html: String,
    pub objectives: Vec<String>,
    pub requires: Vec<Link>,
    pub lessons: usize,
    pub time: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OrderItem {
    pub link: Link,
    pub skill: String,
    pub requires: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct ModuleView {
    pub page: PageHead,
    pub id: String,
    pub skill: String,
    pub summary_html: String,
    pub objectives: Vec<String>,
    pub lessons: Vec<LessonView>,
    pub total_time: Option<String>,
    pub requires: Vec<Link>,
    pub required_by: Vec<Link>,
    pub rubrics: Vec<RubricCard>,
    /// The modules before and after this one in the study order.
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

#[derive(Debug, Serialize)]
pub struct LessonView {
    pub anchor: String,
    pub number: usize,
    pub title: String,
    pub time: Option<String>,
    pub body_html: String,
}

#[derive(Debug, Serialize)]
pub struct RubricCard {
    pub link: Link,
    pub criteria: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RubricView {
    pub page: PageHead,
    pub id: String,
    pub description_html: Option<String>,
    pub levels: Vec<LevelView>,
    pub mastery_label: String,
    pub mastery_score: String,
    pub criteria: Vec<CriterionView>,
    pub used_by: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct LevelView {
    pub score: String,
    pub label: String,
    pub mastery: bool,
}

#[derive(Debug, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub title: String,
    pub description_html: Option<String>,
    pub weight: String,
    pub descriptors: Vec<DescriptorView>,
}

#[derive(Debug, Serialize)]
pub struct DescriptorView {
    pub score: String,
    pub label: String,
    pub mastery: bool,
    pub html: String,
}

fn head(course: &Course, title: &str, generated: &str, root: &'static str) -> PageHead {
    PageHead {
        title: title.to_owned(),
        course: course.name.clone(),
        organization: course.organization.clone(),
        generated: generated.to_owned(),
        root,
        home: true,
    }
}

fn module_link(module: &Module) -> Link {
    Link {
        id: module.id.clone(),
        title: module.title.clone(),
        href: format!("modules/{}.html", module.id),
    }
}

fn rubric_link(rubric: &Rubric) -> Link {
    Link {
        id: rubric.id.clone(),
        title: rubric.title.clone(),
        href: format!("rubrics/{}.html", rubric.id),
    }
}

fn links_to_modules(course: &Course, ids: &[String]) -> Vec<Link> {
    ids.iter()
        .filter_map(|id| course.module(id))
        .map(module_link)
        .collect()
}

/// A module's minutes, summed wide: each lesson has at most 1,440 (`check`), and a `u64` cannot
/// overflow for any number of lessons a course can hold.
fn total_minutes(module: &Module) -> u64 {
    module
        .lessons
        .iter()
        .filter_map(|l| l.minutes)
        .map(u64::from)
        .sum()
}

fn time(minutes: u64) -> Option<String> {
    (minutes > 0).then(|| duration(minutes))
}

/// The handbook's front page; `images` are the badges' images as `data:` URIs, in
/// course.yaml's order (`badges::image::data_uris`; missing ones are shown without).
#[must_use]
pub fn index(course: &Course, generated: &str, images: &[Option<String>]) -> IndexView {
    let order = course.study_order();
    let areas = course
        .skills
        .iter()
        .map(|skill| AreaView {
            id: skill.id.clone(),
            title: skill.title.clone(),
            modules: order
                .iter()
                .filter(|m| m.skill == skill.id)
                .map(|m| {
                    let (summary_html, more_html) = markdown::render_lead(
                        &m.summary,
                        Placement {
                            top_heading: 5,
                            id_prefix: &m.id,
                            name: &m.title,
                        },
                    );
                    ModuleCard {
                        link: module_link(m),
                        summary_html,
                        more_html,
                        objectives: m.objectives.clone(),
                        requires: links_to_modules(course, &m.requires),
                        lessons: m.lessons.len(),
                        time: time(total_minutes(m)),
                    }
                })
                .collect::<Vec<_>>(),
        })
        .filter(|area| !area.modules.is_empty())
        .collect();
    IndexView {
        page: head(course, &course.name, generated, ""),
        modules: course.modules.len(),
        lessons: course.modules.iter().map(|m| m.lessons.len()).sum(),
        total_time: duration(course.modules.iter().map(total_minutes).sum()),
        rubrics: course.rubrics.iter().map(rubric_link).collect(),
        areas,
        order: order
            .into_iter()
            .map(|m| OrderItem {
                link: module_link(m),
                skill: course.skill_title(&m.skill),
                requires: links_to_modules(course, &m.requires),
            })
            .collect(),
        badges: course
            .badges
            .iter()
            .enumerate()
            .map(|(i, badge)| badge_card(course, badge, images.get(i).cloned().flatten()))
            .collect(),
        issuer: course
            .issuer
            .as_ref()
            .map_or_else(String::new, |i| i.name.clone()),
    }
}

fn badge_card(course: &Course, badge: &Badge, image: Option<String>) -> BadgeCard {
    let placement = |part: &str, what: &str| {
        (
            format!("badge-{}-{part}", badge.id),
            format!("{}, {what}", badge.name),
        )
    };
    let render = |text: &str, top_heading: u8, (prefix, name): (String, String)| {
        markdown::render(
            text,
            Placement {
                top_heading,
                id_prefix: &prefix,
                name: &name,
            },
        )
    };
    let links: Vec<Link> = badge
        .rubrics
        .iter()
        .filter_map(|id| course.rubric(id))
        .map(rubric_link)
        .collect();
    BadgeCard {
        id: badge.id.clone(),
        name: badge.name.clone(),
        image,
        description_html: render(
            &badge.description,
            4,
            placement("description", "description"),
        ),
        criteria_html: render(&badge.criteria, 5, placement("criteria", "criteria")),
        skill: badge.skill.as_ref().map(|s| course.skill_title(s)),
        rubrics: list_joints(links.len())
            .zip(links)
            .map(|(before, link)| Joined { before, link })
            .collect(),
    }
}

#[must_use]
/// `order` is `course.study_order()`, computed once for all pages.
pub fn module(course: &Course, order: &[&Module], module: &Module, generated: &str) -> ModuleView {
    let position = order.iter().position(|m| m.id == module.id).unwrap_or(0);
    ModuleView {
        page: head(course, &module.title, generated, "../"),
        id: module.id.clone(),
        skill: course.skill_title(&module.skill),
        summary_html: markdown::render(
            &module.summary,
            Placement {
                top_heading: 2,
                id_prefix: "summary",
                name: "Summary",
            },
        ),
        objectives: module.objectives.clone(),
        lessons: module
            .lessons
            .iter()
            .enumerate()
            .map(|(i, lesson)| LessonView {
                anchor: format!("lesson-{}", i + 1),
                number: i + 1,
                title: lesson.title.clone(),
                time: lesson.minutes.map(|m| duration(u64::from(m))),
                body_html: markdown::render(
                    &lesson.body,
                    Placement {
                        top_heading: 4,
                        id_prefix: &format!("lesson-{}", i + 1),
                        name: &format!("Lesson {}", i + 1),
                    },
                ),
            })
            .collect(),
        total_time: time(total_minutes(module)),
        requires: links_to_modules(course, &module.requires),
        required_by: course
            .modules
            .iter()
            .filter(|m| m.requires.contains(&module.id))
            .map(module_link)
            .collect(),
        rubrics: module
            .assessed_by
            .iter()
            .filter_map(|id| course.rubric(id))
            .map(|r| RubricCard {
                link: rubric_link(r),
                criteria: r.criteria.iter().map(|c| c.title.clone()).collect(),
            })
            .collect(),
        previous: position.checked_sub(1).map(|i| module_link(order[i])),
        next: order.get(position + 1).map(|m| module_link(m)),
    }
}

#[must_use]
pub fn rubric(course: &Course, rubric: &Rubric, generated: &str) -> RubricView {
    let mastery = rubric.mastery_index();
    RubricView {
        page: head(course, &rubric.title, generated, "../"),
        id: rubric.id.clone(),
        description_html: rubric.description.as_ref().map(|d| {
            markdown::render(
                d,
                Placement {
                    top_heading: 2,
                    id_prefix: "description",
                    name: "Description",
                },
            )
        }),
        levels: rubric
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| LevelView {
                score: format_score(l.score),
                label: l.label.clone(),
                mastery: i == mastery,
            })
            .collect(),
        mastery_label: rubric.levels[mastery].label.clone(),
        mastery_score: format_score(rubric.mastery_level),
        criteria: rubric
            .criteria
            .iter()
            .map(|c| CriterionView {
                id: c.id.clone(),
                title: c.title.clone(),
                description_html: c
                    .description
                    .as_ref()
                    .map(|d| markdown::render_inline(d, &format!("{}-description", c.id))),
                weight: format_score(c.weight),
                descriptors: rubric
                    .levels
                    .iter()
                    .zip(&c.descriptors)
                    .enumerate()
                    .map(|(i, (level, text))| DescriptorView {
                        score: format_score(level.score),
                        label: level.label.clone(),
                        mastery: i == mastery,
                        html: markdown::render_inline(text, &format!("{}-{i}", c.id)),
                    })
                    .collect(),
            })
            .collect(),
        used_by: course
            .modules
            .iter()
            .filter(|m| m.assessed_by.contains(&rubric.id))
            .map(module_link)
            .collect(),
    }
}
