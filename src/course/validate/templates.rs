//! A course's `templates/`: each file overrides the built-in template of the same name (or is
//! a new one that an override includes). Syntax errors, templates that override nothing, and
//! broken inheritance are reported at the file, where Tera gives a place at its line and column.

use tera::ErrorKind;

use crate::course::source::SourceFile;
use crate::diagnostic::{Diagnostics, Place};
use crate::embedded::TEMPLATES;
use crate::suggest;
use crate::tera_filters;

/// Checks the course's template files: (template name, file) as `load::templates` reads them.
pub fn templates(files: &[(String, SourceFile)], report: &mut Diagnostics) {
    let mut good: Vec<(&str, &str)> = Vec::new();
    for (name, file) in files.iter().filter(|(_, f)| f.readable) {
        let built_in = TEMPLATES.iter().any(|(n, _)| n == name);
        if let Err(error) = tera_filters::engine().add_raw_template(name, &file.text)
            && let ErrorKind::SyntaxError(syntax) = error.kind()
        {
            report.push(file.error(
                place(syntax.span()),
                format!(
                    "this template is not valid: {}; {}",
                    sentence(syntax.message()),
                    if built_in {
                        "fix it, or remove the file to use the built-in template"
                    } else {
                        "fix it"
                    }
                ),
            ));
            continue;
        }
        if !built_in && !included(name, files) {
            let hint = suggest::did_you_mean(name, TEMPLATES.iter().map(|(n, _)| *n)).map_or_else(
                || "; rename it to the built-in template it replaces, or remove it".to_owned(),
                |near| format!(", did you mean `{near}`?"),
            );
            report.push(file.warning(
                Place::START,
                format!(
                    "template `{name}` replaces no built-in template and no template includes it, so it is never used{hint}"
                ),
            ));
        }
        good.push((name, &file.text));
    }
    if good.is_empty() {
        return;
    }
    let mut all: Vec<(&str, &str)> = TEMPLATES
        .iter()
        .filter(|(name, _)| !good.iter().any(|(n, _)| n == name))
        .copied()
        .collect();
    all.extend(&good);
    if let Err(error) = tera_filters::engine().add_raw_templates(all) {
        let (name, found, message) = match error.kind() {
            ErrorKind::MissingParent { current, parent } => (
                current.clone(),
                Some(parent.clone()),
                format!(
                    "this template extends `{parent}`, which is neither a built-in template nor in `templates/`"
                ),
            ),
            ErrorKind::CircularExtend { tpl, .. } => (
                tpl.clone(),
                None,
                "this template extends itself through other templates; break the circle of `extends`".to_owned(),
            ),
            ErrorKind::CircularInclude { tpl, include_chain } => (
                tpl.clone(),
                include_chain.get(1).cloned(),
                "this template includes itself through other templates; break the circle of `include`".to_owned(),
            ),
            ErrorKind::SyntaxError(syntax) | ErrorKind::RenderingError(syntax) => (
                syntax.filename().to_owned(),
                None,
                format!("this template is not valid: {}", sentence(syntax.message())),
            ),
            other => (
                good[0].0.to_owned(),
                None,
                format!("the templates do not fit together: {}", sentence(&other.to_string())),
            ),
        };
        let file = files
            .iter()
            .find(|(n, _)| *n == name)
            .or_else(|| files.first())
            .map(|(_, f)| f);
        if let Some(file) = file {
            let at = found
                .and_then(|text| locate(&file.text, &text))
                .unwrap_or(Place::START);
            report.push(file.error(at, message));
        }
    }
}

/// Whether another template names `name` in quotes (`{% include "partials/x.html" %}`).
fn included(name: &str, files: &[(String, SourceFile)]) -> bool {
    let quoted = [format!("\"{name}\""), format!("'{name}'")];
    let mentions = |text: &str| quoted.iter().any(|q| text.contains(q.as_str()));
    files
        .iter()
        .any(|(other, file)| other != name && mentions(&file.text))
        || TEMPLATES.iter().any(|(_, text)| mentions(text))
}

/// A Tera span (1-based line, 0-based column in characters) as a place.
fn place(span: &tera::Span) -> Place {
    let width = if span.end_line == span.start_line {
        span.end_col.saturating_sub(span.start_col).max(1)
    } else {
        1
    };
    Place {
        line: u32::try_from(span.start_line.max(1)).unwrap_or(1),
        column: u32::try_from(span.start_col + 1).unwrap_or(1),
        width: u32::try_from(width).unwrap_or(1),
    }
}

/// Where `name` first appears in quotes in `text`.
fn locate(text: &str, name: &str) -> Option<Place> {
    text.lines().enumerate().find_map(|(number, line)| {
        let byte = line
            .find(&format!("\"{name}\""))
            .or_else(|| line.find(&format!("'{name}'")))?;
        Some(Place {
            line: u32::try_from(number + 1).ok()?,
            column: u32::try_from(line[..byte].chars().count() + 1).ok()?,
            width: u32::try_from(name.chars().count() + 2).ok()?,
        })
    })
}

/// Tera's message as part of ours: first letter lower case, no final full stop.
#[must_use]
pub fn sentence(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
