//! `Diagnostic`: one problem in a course file, located at `path:line:column`, rendered with the
//! source line and a caret under the offending text.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::text;

/// How many characters of a source line a snippet shows at most.
const SNIPPET: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where in a file a problem is: 1-based line and column (columns count characters), and how
/// many characters to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Place {
    pub line: u32,
    pub column: u32,
    pub width: u32,
}

impl Place {
    /// The start of a file: where a problem with the file as a whole is shown.
    pub const START: Place = Place {
        line: 1,
        column: 1,
        width: 1,
    };
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Relative to the course folder, with `/` separators.
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub message: String,
    /// The source line the place is on, and the caret's width.
    #[serde(skip)]
    pub snippet: Option<(String, u32)>,
}

impl Diagnostic {
    /// Sort key: path, line, column (docs/FORMATS.md § check), then severity and message so the
    /// order is total.
    fn key(&self) -> (&str, u32, u32, Severity, &str) {
        (
            &self.path,
            self.line,
            self.column,
            self.severity,
            &self.message,
        )
    }

    /// `path:line:column: severity: message`, then the source line with a caret.
    pub fn render(&self, out: &mut String, color: bool) {
        let (bold, sev, blue) = if color {
            let tint = match self.severity {
                Severity::Error => AnsiColor::Red,
                Severity::Warning => AnsiColor::Yellow,
            };
            (
                Style::new().bold(),
                Style::new().bold().fg_color(Some(tint.into())),
                Style::new().bold().fg_color(Some(AnsiColor::Blue.into())),
            )
        } else {
            (Style::new(), Style::new(), Style::new())
        };
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "{bold}{}:{}:{}{bold:#}: {sev}{severity}{sev:#}: {}",
            text::one_line_for_terminal(&self.path),
            self.line,
            self.column,
            text::one_line_for_terminal(&self.message)
        );
        if let Some((text, width)) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let chars: Vec<char> = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            // A very long line is shown as a window around the place.
            let column = (self.column as usize).saturating_sub(1).min(chars.len());
            let start = column.saturating_sub(SNIPPET / 2);
            let end = (start + SNIPPET).min(chars.len());
            // Control characters are shown escaped (`\u{1b}`), never sent to the terminal;
            // the caret moves past their escapes.
            let shown = |c: &char| text::one_line_for_terminal(&c.to_string()).into_owned();
            let mut text: String = chars[start..end].iter().map(shown).collect();
            let mut before: usize = chars[start..column]
                .iter()
                .map(|c| shown(c).chars().count())
                .sum();
            if start > 0 {
                text.insert(0, '…');
                before += 1;
            }
            if end < chars.len() {
                text.push('…');
            }
            let room = (end - start).saturating_sub(column - start).max(1);
            let carets = "^".repeat((*width as usize).clamp(1, room));
            let indent = " ".repeat(before);
            let _ = writeln!(out, "   {blue}{number} |{blue:#} {text}");
            let _ = writeln!(out, "   {blue}{pad} |{blue:#} {indent}{sev}{carets}{sev:#}");
        }
    }
}

/// All the diagnostics of one run, sorted as docs/FORMATS.md § check requires.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| a.key().cmp(&b.key()));
        self.diagnostics.dedup();
    }

    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// `2 errors, 1 warning in 9 files`
    #[must_use]
    pub fn summary(&self) -> String {
        use crate::error::plural;
        let (errors, warnings) = (self.count(Severity::Error), self.count(Severity::Warning));
        format!(
            "{errors} {}, {warnings} {} in {} {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            self.files,
            plural(self.files, "file", "files"),
        )
    }

    /// Every diagnostic with its snippet, then the summary line.
    #[must_use]
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            diagnostic.render(&mut out, color);
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &str, column: u32, width: u32) -> String {
        let diagnostic = Diagnostic {
            path: "f.yaml".to_owned(),
            line: 3,
            column,
            severity: Severity::Error,
            message: "m".to_owned(),
            snippet: Some((line.to_owned(), width)),
        };
        let mut out = String::new();
        diagnostic.render(&mut out, false);
        out
    }

    #[test]
    fn a_short_line_is_shown_whole_with_the_caret_under_the_place() {
        assert_eq!(
            shown("title: [x]", 8, 3),
            "f.yaml:3:8: error: m\n   3 | title: [x]\n     |        ^^^\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_around_the_place() {
        let line = format!("{}BAD{}", "a".repeat(500), "b".repeat(500));
        let out = shown(&line, 501, 3);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[1],
            format!("   3 | …{}BAD{}…", "a".repeat(60), "b".repeat(57))
        );
        assert_eq!(lines[2], format!("     | {}^^^", " ".repeat(61)));
    }
}
