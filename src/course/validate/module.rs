//! One module on its own: texts, objectives, lessons, the IDs it names.

use serde_saphyr::Spanned;

use super::{Parsed, errors, explicit_id, identifier, text, whole};
use crate::course::model::{Lesson, Module};
use crate::course::raw::RawModule;
use crate::course::source::at;
use crate::diagnostic::Diagnostics;

/// Checks one module on its own; references are checked by `references`.
pub fn module(parsed: &Parsed<'_, RawModule>, report: &mut Diagnostics) -> Option<Module> {
    let Parsed { file, id, raw } = parsed;
    let before = errors(report);
    explicit_id(file, "module", id, raw.id.as_ref(), report);
    let title = text(file, "title", &raw.title, report);
    let skill = identifier(file, ("skill", "skill"), &raw.skill, report).unwrap_or_default();
    let summary = text(file, "summary", &raw.summary, report);
    if raw.objectives.value.is_empty() {
        report.push(file.error(
            at(&raw.objectives),
            "a module needs at least one objective: what a student can do after it",
        ));
    }
    let objectives = raw
        .objectives
        .value
        .iter()
        .map(|o| text(file, "objective", o, report))
        .collect();
    let mut lessons = Vec::new();
    for lesson in raw.lessons.as_ref().map_or(&[][..], |l| &l.value[..]) {
        let lesson = &lesson.value;
        let minutes = lesson
            .minutes
            .as_ref()
            .and_then(|m| whole(file, "minutes", m, (1, 1440), report));
        lessons.push(Lesson {
            title: text(file, "title", &lesson.title, report),
            minutes,
            body: text(file, "body", &lesson.body, report),
        });
    }
    if raw.lessons.as_ref().is_none_or(|l| l.value.is_empty()) {
        report.push(file.warning(
            raw.lessons.as_ref().map_or_else(|| file.top(), at),
            format!("module `{id}` has no lessons; add some under `lessons:` so students have something to read"),
        ));
    }
    if raw.assessed_by.value.is_empty() {
        report.push(file.error(
            at(&raw.assessed_by),
            "a module needs at least one rubric in `assessed_by`",
        ));
    }
    let ids = |list: Option<&Spanned<Vec<Spanned<String>>>>, what, report: &mut Diagnostics| {
        list.map_or(&[][..], |l| &l.value[..])
            .iter()
            .filter_map(|r| identifier(file, (what, ""), r, report))
            .collect::<Vec<_>>()
    };
    let assessed_by = ids(Some(&raw.assessed_by), "rubric", report);
    let requires = ids(raw.requires.as_ref(), "module", report);
    (errors(report) == before).then(|| Module {
        id: id.clone(),
        title,
        skill,
        summary,
        objectives,
        lessons,
        assessed_by,
        requires,
    })
}
