//! Templates → HTML. The built-in templates are embedded in the binary; a course's own
//! `templates/` folder overrides any of them by name, read and checked by `course::load` under
//! the same rule as every course file. Views are typed `Serialize` structs. A page stops with
//! an error past `PAGE_LIMIT`, so a template looping over millions of items cannot fill memory.

use std::io;
use std::path::Path;

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::course::load;
use crate::course::validate::{self, sentence};
use crate::diagnostic::{Report, Severity};
use crate::embedded::TEMPLATES;
use crate::error::{Error, Result};

/// The largest page rapport writes: 50 MiB. A handbook page or a report is well under 1 MiB;
/// past this a template is looping far more than it means to.
pub const PAGE_LIMIT: usize = 50 * 1024 * 1024;

/// One Tera with every template, built once per run.
pub struct Renderer {
    tera: Tera,
    /// The names of the templates that come from the course's `templates/`.
    overrides: Vec<String>,
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
            let mut report = Report::default();
            let files = load::templates(root, &mut report)?;
            validate::templates(&files, &mut report);
            // `check` and every command's course load report these first; this is the last
            // guard, for a file changed since.
            if let Some(problem) = report
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
            {
                return Err(Error::Template {
                    place: format!("{}:{}:{}", problem.path, problem.line, problem.column),
                    message: problem.message.clone(),
                });
            }
            for (name, file) in files {
                overrides.push(name.clone());
                match templates.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = file.text,
                    None => templates.push((name, file.text)),
                }
            }
        }
        let mut tera = Tera::new();
        let mut renderer = Renderer {
            tera: Tera::new(),
            overrides,
        };
        tera.add_raw_templates(templates)
            .map_err(|e| renderer.error("", &e))?;
        renderer.tera = tera;
        Ok(renderer)
    }

    /// Renders the template `name` with `view` as its whole context.
    pub fn render<T: Serialize>(&self, name: &str, view: &T) -> Result<String> {
        let context = Context::from_serialize(view).map_err(|e| self.error(name, &e))?;
        let mut page = Capped {
            bytes: Vec::new(),
            over: false,
        };
        match self.tera.render_to(name, &context, &mut page) {
            Ok(()) => String::from_utf8(page.bytes).map_err(|_| Error::Template {
                place: self.place_of(name),
                message: "the page is not UTF-8 text".to_owned(),
            }),
            Err(_) if page.over => Err(Error::Template {
                place: self.place_of(name),
                message: format!(
                    "the page `{name}` would be larger than {} MiB, the most rapport writes for one page; a loop in the template runs far too long",
                    PAGE_LIMIT / (1024 * 1024)
                ),
            }),
            Err(e) => Err(self.error(name, &e)),
        }
    }

    /// Where a template is: `templates/NAME` for the course's own, else the built-in name.
    fn place_of(&self, name: &str) -> String {
        self.place_at(name, None)
    }

    /// `templates/NAME:LINE:COLUMN` for the course's own template, else the built-in name.
    fn place_at(&self, name: &str, at: Option<(usize, usize)>) -> String {
        match (self.overrides.iter().any(|n| n == name), at) {
            (true, Some((line, column))) => format!("templates/{name}:{line}:{column}"),
            (true, None) => format!("templates/{name}"),
            (false, Some((line, column))) => {
                format!("built-in template `{name}`, line {line}, column {column}")
            }
            (false, None) => format!("built-in template `{name}`"),
        }
    }

    /// A Tera error at the file and place it names, with the whole chain of causes.
    fn error(&self, name: &str, error: &tera::Error) -> Error {
        let (file, place, mut message) = match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                let file = if report.filename().is_empty() {
                    name
                } else {
                    report.filename()
                };
                (
                    file,
                    self.place_at(file, Some((span.start_line.max(1), span.start_col + 1))),
                    sentence(report.message()),
                )
            }
            other => (name, self.place_of(name), sentence(&other.to_string())),
        };
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        if self.overrides.iter().any(|n| n == file) {
            message.push_str(if TEMPLATES.iter().any(|(n, _)| *n == file) {
                "; fix the template, or remove it to use the built-in one"
            } else {
                "; fix the template"
            });
        }
        Error::Template { place, message }
    }
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
