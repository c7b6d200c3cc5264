//! Templates → HTML. The built-in templates are embedded in the binary; a course's own
//! `templates/` folder overrides any of them by name, read and checked by `course::load` under
//! the same rule as every course file. Views are typed `Serialize` structs. A page stops with
//! an error past `PAGE_LIMIT`, so a template looping over millions of items cannot fill memory.

use std::io;
use std::path::Path;

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::course::load;
use crate::course::source::SourceFile;
use crate::course::validate::{self, sentence};
use crate::diagnostic::{Diagnostic, Diagnostics, Place, Severity};
use crate::embedded::TEMPLATES;
use crate::error::{Error, Result};
use crate::tera_filters;
use crate::text::{self, Lines};

/// The largest page rapport writes: 50 MiB. A handbook page or a report is well under 1 MiB;
/// past this a template is looping far more than it means to.
pub const PAGE_LIMIT: usize = 50 * 1024 * 1024;

/// One Tera with every template, built once per run.
pub struct Renderer {
    tera: Tera,
    /// The course's own templates (name, file), to locate their failures.
    overrides: Vec<(String, SourceFile)>,
}

/// Why a page could not be rendered: located in the course's own template when it is one.
enum Failure {
    Course(Diagnostic),
    BuiltIn { place: String, message: String },
}

impl From<Failure> for Error {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Course(d) => Error::Template {
                place: format!("{}:{}:{}", d.path, d.line, d.column),
                message: d.message,
            },
            Failure::BuiltIn { place, message } => Error::Template { place, message },
        }
    }
}

impl Renderer {
    /// The built-in templates, with those in `course_root/templates/` taking their place.
    pub fn new(course_root: Option<&Path>) -> Result<Self> {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        let mut overrides = Vec::new();
        if let Some(root) = course_root {
            let mut report = Diagnostics::default();
            let files = load::templates(root, &mut report)?;
            validate::templates(&files, &mut report);
            // `check` and every command's course load report these first; this is the last
            // guard, for a file changed since.
            if let Some(problem) = report
                .diagnostics
                .into_iter()
                .find(|d| d.severity == Severity::Error)
            {
                return Err(Failure::Course(problem).into());
            }
            for (name, file) in &files {
                match templates.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => slot.1.clone_from(&file.text),
                    None => templates.push((name.clone(), file.text.clone())),
                }
            }
            overrides = files;
        }
        let mut renderer = Renderer {
            tera: Tera::new(),
            overrides,
        };
        let mut tera = tera_filters::engine();
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(renderer.failure("", &e).into());
        }
        renderer.tera = tera;
        Ok(renderer)
    }

    /// Renders the template `name` with `view` as its whole context.
    pub fn render<T: Serialize>(&self, name: &str, view: &T) -> Result<String> {
        Ok(self.page(name, view)?)
    }

    /// Renders a page only to see whether it renders (`check`): the problem, located in the
    /// course's own template, or `None`. Failures of the built-in templates are not the
    /// course's to fix, and show when the page is written.
    pub fn problem<T: Serialize>(&self, name: &str, view: &T) -> Option<Diagnostic> {
        match self.page(name, view) {
            Err(Failure::Course(diagnostic)) => Some(diagnostic),
            Ok(_) | Err(Failure::BuiltIn { .. }) => None,
        }
    }

    /// Renders `view`, dropped as soon as the template's context holds it: a large page (the
    /// cohort overview) never holds the view, its context and the page all at once.
    #[allow(clippy::needless_pass_by_value)] // taken to be dropped early
    pub fn render_owned<T: Serialize>(&self, name: &str, view: T) -> Result<String> {
        let context = Context::from_serialize(&view).map_err(|e| self.failure(name, &e))?;
        drop(view);
        Ok(self.page_of(name, &context)?)
    }

    fn page<T: Serialize>(&self, name: &str, view: &T) -> std::result::Result<String, Failure> {
        let context = Context::from_serialize(view).map_err(|e| self.failure(name, &e))?;
        self.page_of(name, &context)
    }

    fn page_of(&self, name: &str, context: &Context) -> std::result::Result<String, Failure> {
        let mut page = Capped {
            bytes: Vec::new(),
            over: false,
        };
        match self.tera.render_to(name, context, &mut page) {
            Ok(()) => String::from_utf8(page.bytes)
                .map(without_controls)
                .map_err(|_| self.located(name, None, "the page is not UTF-8 text".to_owned())),
            Err(_) if page.over => Err(self.located(
                name,
                None,
                format!(
                    "the page `{name}` would be larger than {} MiB, the most rapport writes for one page; a loop in the template runs far too long",
                    PAGE_LIMIT / (1024 * 1024)
                ),
            )),
            Err(e) => Err(self.failure(name, &e)),
        }
    }

    /// `message` at `at` (1-based line and column) in template `name`.
    fn located(&self, name: &str, at: Option<(usize, usize)>, message: String) -> Failure {
        match self.overrides.iter().find(|(n, _)| n == name) {
            Some((_, file)) => {
                let place = at.map_or(Place::START, |(line, column)| Place {
                    line: u32::try_from(line).unwrap_or(1),
                    column: u32::try_from(column).unwrap_or(1),
                    width: 1,
                });
                let mut diagnostic = file.error(place, message);
                if at.is_none() {
                    diagnostic.snippet = None;
                }
                Failure::Course(diagnostic)
            }
            None => Failure::BuiltIn {
                place: match at {
                    Some((line, column)) => {
                        format!("built-in template `{name}`, line {line}, column {column}")
                    }
                    None => format!("built-in template `{name}`"),
                },
                message,
            },
        }
    }

    /// A Tera error at the file and place it names, with the whole chain of causes.
    fn failure(&self, name: &str, error: &tera::Error) -> Failure {
        let (file, at, mut message) = match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                let file = if report.filename().is_empty() {
                    name
                } else {
                    report.filename()
                };
                (
                    file,
                    Some((span.start_line.max(1), span.start_col + 1)),
                    sentence(report.message()),
                )
            }
            other => (name, None, sentence(&other.to_string())),
        };
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        if self.overrides.iter().any(|(n, _)| n == file) {
            message.push_str(if TEMPLATES.iter().any(|(n, _)| *n == file) {
                "; fix the template, or remove it to use the built-in one"
            } else {
                "; fix the template"
            });
        }
        self.located(file, at, message)
    }
}

/// A page with every control character but tab and line breaks replaced by U+FFFD: inputs
/// refuse them, but a gradebook edited by another tool may hold one, and in HTML it is a parse
/// error (a NUL, an escape) rather than text.
fn without_controls(page: String) -> String {
    // One byte scan finds the rare page that needs the slow path (text's rule for multi-line
    // fields: a page's `·` or no-break space is no control).
    if !text::has_control(page.as_bytes(), Lines::Many) {
        return page;
    }
    page.chars()
        .map(|c| {
            if text::allowed(c, Lines::Many) {
                c
            } else {
                '\u{fffd}'
            }
        })
        .collect()
}

/// A page being rendered: refuses to grow past `PAGE_LIMIT`.
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > PAGE_LIMIT {
            self.over = true;
            return Err(io::Error::other("page too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a built-in template breaks one of its house rules, as `name:line: rule`.
    fn house_rule_breaks(name: &str, text: &str) -> Vec<String> {
        // Geometry attributes hold a view's number; only the origin is written out.
        const GEOMETRY: [&str; 13] = [
            " x", " y", " x1", " x2", " y1", " y2", " cx", " cy", " r", " rx", " width", " height",
            " viewBox",
        ];
        let mut breaks = Vec::new();
        let mut in_palette = false;
        for (i, line) in text.lines().enumerate() {
            let mut broken = |rule: &str| breaks.push(format!("{name}:{}: {rule}", i + 1));
            if line.chars().count() > 160 {
                broken("a line over 160 characters");
            }
            if line.contains("length == 1")
                || (line.contains("== 1 %}") && line.contains("{% else %}"))
            {
                broken("a plural decided in the template instead of by `counted`");
            }
            in_palette |= name == "style.css" && line.starts_with(":root {");
            let colour = line.split('#').skip(1).any(|rest| {
                let hex = rest.chars().take_while(char::is_ascii_hexdigit).count();
                matches!(hex, 3 | 6)
                    && !rest[hex..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
            });
            if (colour || line.contains("rgb(") || line.contains("hsl(")) && !in_palette {
                broken("a colour outside the palette in style.css's :root");
            }
            in_palette &= !line.starts_with('}');
            for attribute in GEOMETRY {
                for value in line.split(&format!("{attribute}=\"")[..]).skip(1) {
                    let value = value.split('"').next().unwrap_or("");
                    if value
                        .split(' ')
                        .any(|part| part.starts_with(|c: char| c.is_ascii_digit()) && part != "0")
                    {
                        broken("a chart number in the template instead of views/charts.rs");
                    }
                }
            }
        }
        breaks
    }

    #[test]
    fn the_built_in_templates_keep_their_house_rules() {
        let breaks: Vec<String> = TEMPLATES
            .iter()
            .flat_map(|(name, text)| house_rule_breaks(name, text))
            .collect();
        assert_eq!(breaks, Vec::<String>::new());
        // The checks do catch what they look for.
        assert_eq!(
            house_rule_breaks(
                "t.html",
                "<svg viewBox=\"0 0 360 150\"><line x1=\"0\" y2=\"16\"/></svg>\n\
                 {{ n }} {% if n == 1 %}lesson{% else %}lessons{% endif %}\n\
                 <p style=\"color: #fff\">",
            ),
            [
                "t.html:1: a chart number in the template instead of views/charts.rs",
                "t.html:1: a chart number in the template instead of views/charts.rs",
                "t.html:2: a plural decided in the template instead of by `counted`",
                "t.html:3: a colour outside the palette in style.css's :root",
            ]
        );
    }

    #[test]
    fn control_characters_never_reach_a_page() {
        assert_eq!(
            without_controls("plain\ttext\r\n".to_owned()),
            "plain\ttext\r\n"
        );
        assert_eq!(
            without_controls("a\0b\u{1b}[2Jc\u{9b}d\u{7f}".to_owned()),
            "a\u{fffd}b\u{fffd}[2Jc\u{fffd}d\u{fffd}"
        );
    }

    proptest::proptest! {
        /// The byte scan finds every control character a character scan finds, and pages
        /// with a no-break space, `·` or `£` (0xC2 too) pass unchanged.
        #[test]
        fn the_byte_scan_agrees_with_the_characters(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', ' ', '\t', '\n', '\r', '\0', '\u{1b}', '\u{7f}', '\u{80}', '\u{85}',
                '\u{9f}', '\u{a0}', '·', '£', 'é', '–', '\u{fffd}',
            ]), 0..40)
        ) {
            let page: String = chars.iter().collect();
            let expected: String = page
                .chars()
                .map(|c| if c.is_control() && !matches!(c, '\t' | '\n' | '\r') { '\u{fffd}' } else { c })
                .collect();
            proptest::prop_assert_eq!(without_controls(page), expected);
        }
    }
}
