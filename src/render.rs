//! Templates → HTML. The built-in templates are embedded in the binary; a course's own
//! `templates/` folder overrides any of them by name. Views are typed `Serialize` structs.

use std::fs;
use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use crate::embedded::TEMPLATES;
use crate::error::{Error, Result};

/// One Tera with every template, built once per run.
pub struct Renderer {
    tera: Tera,
}

impl Renderer {
    /// The built-in templates, with those in `course_root/templates/` taking their place.
    pub fn new(course_root: Option<&Path>) -> Result<Self> {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        if let Some(dir) = course_root
            .map(|root| root.join("templates"))
            .filter(|d| d.is_dir())
        {
            for (name, text) in overrides(&dir, "")? {
                match templates.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => templates.push((name, text)),
                }
            }
        }
        let mut tera = Tera::new();
        tera.add_raw_templates(templates)
            .map_err(|e| template_error("templates", &e))?;
        Ok(Renderer { tera })
    }

    /// Renders the template `name` with `view` as its whole context.
    pub fn render<T: Serialize>(&self, name: &str, view: &T) -> Result<String> {
        let context = Context::from_serialize(view).map_err(|e| template_error(name, &e))?;
        self.tera
            .render(name, &context)
            .map_err(|e| template_error(name, &e))
    }
}

fn template_error(name: &str, error: &tera::Error) -> Error {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Template {
        name: name.to_owned(),
        message,
    }
}

/// The template files under `dir`: `*.html` and `*.css`, not hidden files (`.DS_Store`) or
/// notes that sit beside them (`README.md`). Template names are case-sensitive, so are these.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn overrides(dir: &Path, prefix: &str) -> Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(Error::io("read", dir))? {
        let entry = entry.map_err(Error::io("read", dir))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let name = format!("{prefix}{file_name}");
        let path = entry.path();
        if file_name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            found.extend(overrides(&path, &format!("{name}/"))?);
        } else if name.ends_with(".html") || name.ends_with(".css") {
            found.push((
                name,
                fs::read_to_string(&path).map_err(Error::io("read", &path))?,
            ));
        }
    }
    Ok(found)
}
