//! `SourceFile`: one course file's text, and the diagnostics that point into it, including the
//! translation of YAML and type errors into messages a course designer can act on.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_saphyr::{Error as YamlError, Location, MessageFormatter, Spanned, UserMessageFormatter};

use super::raw::WHOLE_NUMBERS;
use crate::diagnostic::{Diagnostic, Place, Severity};
use crate::suggest;
use crate::text::{self, Lines};

/// A course file, read whole.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the course folder, with `/` separators.
    pub path: String,
    pub text: String,
    /// False when the file could not be decoded (already reported): it is not parsed, but its
    /// ID still counts, so references to it are not reported as unknown.
    pub readable: bool,
    /// Where each line of `text` starts (byte offsets), built when a line is first asked for:
    /// validation reads many lines of a file, each found without rescanning the text before it.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    #[must_use]
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        // The parser's columns do not count a byte-order mark; neither do ours.
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        SourceFile {
            path: path.into(),
            text,
            readable: true,
            line_starts: OnceLock::new(),
        }
    }

    /// Parses the file as `T`, or says why not, at the right place.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        if self.text.lines().all(is_filler) {
            let kind = kind_of(&self.path);
            return Err(self.error(
                self.top(),
                format!(
                    "this file is empty; `rapport schema {kind}` lists the fields a {kind} needs"
                ),
            ));
        }
        // YAML refuses most raw control characters with a message about where a value
        // starts; say which character it is, where it is (docs/FORMATS.md § Text).
        if let Some((index, c)) = text::forbidden(&self.text, Lines::Many) {
            let before: String = self.text.chars().take(index).collect();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            return Err(self.error(
                Place {
                    line: u32::try_from(line).unwrap_or(1),
                    column: u32::try_from(column).unwrap_or(1),
                    width: 1,
                },
                format!(
                    "this file holds the control character {}, which no course file may hold; remove it",
                    text::name(c)
                ),
            ));
        }
        serde_saphyr::from_str(&self.text).map_err(|error| {
            let message = UserMessageFormatter.format_message(error.without_snippet());
            // The scanner reports a tab where it gave up, often a line early: the fix is on the
            // first line from there that is indented with a tab.
            let from = error
                .location()
                .map_or(1, |l| u32::try_from(l.line()).unwrap_or(1));
            let tab_error = message.contains("found a tab") || message.contains("tabs disallowed");
            match self
                .tab_indented_line(from.saturating_sub(1))
                .filter(|_| tab_error)
            {
                Some(place) => self.error(
                    place,
                    "invalid YAML: this line is indented with a tab; indent with spaces instead",
                ),
                None => self.yaml_error(&error),
            }
        })
    }

    /// The first tab in the indentation of a line, from line `from` on.
    fn tab_indented_line(&self, from: u32) -> Option<Place> {
        self.text
            .lines()
            .enumerate()
            .skip((from as usize).saturating_sub(1))
            .find_map(|(i, line)| {
                let indent: Vec<char> = line
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                let column = indent.iter().position(|c| *c == '\t')?;
                Some(Place {
                    line: u32::try_from(i + 1).ok()?,
                    column: u32::try_from(column + 1).ok()?,
                    width: 1,
                })
            })
    }

    /// Where the value of `field` is written. The parser places an empty value (`body: |` with
    /// nothing under it, `title:`) at whatever follows it; the key on the nearest line above
    /// tells where it really is.
    #[must_use]
    pub fn value_of(&self, field: &str, place: Place) -> Place {
        let lines: Vec<&str> = self.text.lines().collect();
        let last = (place.line as usize).min(lines.len());
        for number in (1..=last).rev() {
            let line = lines[number - 1];
            let item = line.trim_start();
            let is_item = item.starts_with("- ") || item == "-";
            let key = item.trim_start_matches('-').trim_start();
            let value = match key.strip_prefix(field).and_then(|r| r.strip_prefix(':')) {
                Some(rest) => rest,
                // A list item with no key (an objective) that holds nothing but a block marker.
                None if is_item && number < place.line as usize && is_empty_marker(key) => key,
                None => continue,
            };
            if number == place.line as usize {
                let key_column = line.chars().count() - key.chars().count() + 1;
                if key_column < place.column as usize {
                    return place;
                }
                continue; // the next entry's own key: the empty value is above it
            }
            let value = value.trim_start();
            let column = line.chars().count() - value.chars().count() + 1;
            return Place {
                line: u32::try_from(number).unwrap_or(1),
                column: u32::try_from(column).unwrap_or(1),
                width: u32::try_from(value.trim_end().chars().count().max(1)).unwrap_or(1),
            };
        }
        place
    }

    #[must_use]
    pub fn line(&self, line: u32) -> Option<&str> {
        // As `str::lines` numbers them: split after each `\n`, a `\r` before it dropped, no
        // empty line after a final `\n`, none in an empty text.
        let starts = self.line_starts.get_or_init(|| {
            let mut starts = Vec::from_iter((!self.text.is_empty()).then_some(0));
            starts.extend(
                self.text
                    .match_indices('\n')
                    .map(|(i, _)| i + 1)
                    .filter(|&start| start < self.text.len()),
            );
            starts
        });
        let index = (line as usize).checked_sub(1)?;
        let start = *starts.get(index)?;
        let rest = &self.text[start..];
        Some(match rest.find('\n') {
            Some(end) => rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]),
            None => rest,
        })
    }

    #[must_use]
    pub fn diagnostic(
        &self,
        severity: Severity,
        place: Place,
        message: impl Into<String>,
    ) -> Diagnostic {
        let place = if place.line == 0 { Place::START } else { place };
        Diagnostic {
            path: self.path.clone(),
            line: place.line,
            column: place.column,
            severity,
            message: message.into(),
            snippet: self
                .line(place.line)
                .map(|text| (text.to_owned(), place.width)),
        }
    }

    #[must_use]
    pub fn error(&self, place: Place, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, place, message)
    }

    #[must_use]
    pub fn warning(&self, place: Place, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Warning, place, message)
    }

    /// The first key of the document: where a whole-file problem is shown.
    #[must_use]
    pub fn top(&self) -> Place {
        self.text
            .lines()
            .enumerate()
            .find(|(_, l)| !is_filler(l))
            .map_or(Place::START, |(i, l)| Place {
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                column: 1,
                width: key_width(l),
            })
    }

    /// Turns a YAML or type error into a located, actionable diagnostic.
    fn yaml_error(&self, error: &YamlError) -> Diagnostic {
        let error = error.without_snippet();
        let place = error.location().map_or(Place::START, place_of);
        let key = self.key_at(place);
        let named = |what: &str| match &key {
            Some(key) => format!("`{key}` {what}"),
            None => format!("this value {what}"),
        };
        match error {
            YamlError::SerdeUnknownField {
                field, expected, ..
            } => {
                let hint = suggest::did_you_mean(field, expected.iter().copied()).map_or_else(
                    || format!("; expected one of {}", list(expected)),
                    |c| format!(", did you mean `{c}`?"),
                );
                self.error(place, format!("unknown field `{field}`{hint}"))
            }
            YamlError::SerdeMissingField { field, .. } => {
                let start = self.mapping_start(place);
                self.error(
                    start,
                    format!("missing field `{field}`; add `{field}:` to this mapping"),
                )
            }
            YamlError::NullIntoString { .. } => {
                self.error(place, named("is empty; write a value after the colon"))
            }
            YamlError::InvalidScalar { ty, .. } => {
                let found = self.text_at(place);
                let ty = match &key {
                    Some(key) if WHOLE_NUMBERS.contains(&key.as_str()) => "integer",
                    _ => ty,
                };
                let message = named(&format!("must be {}, not `{found}`", type_name(ty)));
                self.error(place, message)
            }
            YamlError::Unexpected { expected, .. } => {
                let (shape, hint) = shape_name(expected);
                let message = named(&format!(
                    "must be {shape}, not {}{hint}",
                    self.shape_at(place)
                ));
                self.error(place, message)
            }
            YamlError::SerdeInvalidType {
                unexpected,
                expected,
                ..
            } => self.error(
                place,
                named(&format!("must be {expected}, not {unexpected}")),
            ),
            YamlError::DuplicateMappingKey { .. } => {
                let found = self.text_at(place);
                self.error(
                    place,
                    format!("`{found}` is given twice in this mapping; keep one"),
                )
            }
            other => {
                let message = UserMessageFormatter.format_message(other).into_owned();
                self.error(place, format!("invalid YAML: {}", plain_yaml(&message)))
            }
        }
    }

    /// The key whose value sits at `place`: on the same line before it, or the nearest line
    /// above with less indentation that ends in `key:`.
    fn key_at(&self, place: Place) -> Option<String> {
        let line = self.line(place.line)?;
        let before: String = line
            .chars()
            .take(place.column.saturating_sub(1) as usize)
            .collect();
        let through: String = line.chars().take(place.column as usize).collect();
        if let Some(key) = trailing_key(&before).or_else(|| trailing_key(&through)) {
            return Some(key);
        }
        let indent = line.len() - line.trim_start().len();
        let lines: Vec<&str> = self.text.lines().collect();
        lines[..(place.line.saturating_sub(1) as usize).min(lines.len())]
            .iter()
            .rev()
            .copied()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .find(|l| l.len() - l.trim_start().len() < indent)
            .and_then(trailing_key)
    }

    /// The text under `place` (a scalar), for messages.
    #[must_use]
    pub fn text_at(&self, place: Place) -> String {
        let Some(line) = self.line(place.line) else {
            return String::new();
        };
        let rest: String = line
            .chars()
            .skip(place.column.saturating_sub(1) as usize)
            .collect();
        let width = if place.width > 0 {
            place.width as usize
        } else {
            rest.chars().count()
        };
        rest.chars()
            .take(width)
            .collect::<String>()
            .trim()
            .to_owned()
    }

    fn shape_at(&self, place: Place) -> String {
        let text = self.text_at(Place { width: 0, ..place });
        if text.starts_with('[') || text.starts_with("- ") || text == "-" {
            "a list".to_owned()
        } else if text.starts_with('{') || trailing_key(&text).is_some() {
            "a mapping".to_owned()
        } else if text.is_empty() {
            "nothing".to_owned()
        } else {
            format!("`{}`", text.chars().take(40).collect::<String>())
        }
    }

    /// Where the mapping that holds the key at `place` begins: its first key, or its `{`.
    fn mapping_start(&self, place: Place) -> Place {
        let lines: Vec<&str> = self.text.lines().collect();
        let Some(line) = lines.get((place.line as usize).wrapping_sub(1)) else {
            return place;
        };
        let column = place.column as usize;
        let before: Vec<char> = line.chars().take(column - 1).collect();
        if let Some(brace) = enclosing_brace(&before) {
            return Place {
                line: place.line,
                column: u32::try_from(brace + 1).unwrap_or(1),
                width: 1,
            };
        }
        let mut start: (usize, &str) = (place.line as usize, line);
        // The place's own line may begin the mapping (`- title: Two` of a list of mappings).
        let own = line.trim_start();
        let own_indent = line.chars().count() - own.chars().count() + 1;
        if own.starts_with("- ")
            && own_indent + 2 + (own[1..].len() - own[1..].trim_start().len()) - 1 == column
        {
            return Place {
                width: key_width(own),
                ..place
            };
        }
        for number in (1..place.line as usize).rev() {
            let text: &str = lines[number - 1];
            let trimmed = text.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if trimmed.trim_end() == "---" {
                break;
            }
            let indent = text.chars().count() - trimmed.chars().count() + 1;
            let key_column = match trimmed.strip_prefix('-') {
                Some(item) if item.starts_with(' ') => {
                    indent + 1 + (item.chars().count() - item.trim_start().chars().count())
                }
                _ => indent,
            };
            if key_column == column {
                start = (number, text);
                if trimmed.starts_with('-') {
                    break;
                }
            } else if indent <= column {
                break;
            }
        }
        let (number, text) = start;
        Place {
            line: u32::try_from(number).unwrap_or(1),
            column: place.column,
            width: key_width(&text.chars().skip(column - 1).collect::<String>()),
        }
    }
}

/// A value that is empty on its line: nothing, a block scalar marker, or empty quotes.
fn is_empty_marker(value: &str) -> bool {
    let value = value.split(" #").next().unwrap_or("").trim();
    matches!(
        value,
        "" | "|" | ">" | "|-" | ">-" | "|+" | ">+" | "\"\"" | "''"
    )
}

/// A line that holds no key: blank, a comment, or a document marker.
fn is_filler(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" || trimmed == "..."
}

/// What kind of course file a path is: `course`, `module` or `rubric`.
#[must_use]
pub fn kind_of(path: &str) -> &'static str {
    match path.split_once('/') {
        Some(("curriculum", _)) => "module",
        Some(("rubrics", _)) => "rubric",
        _ => "course",
    }
}

/// The index of the `{` that opens the flow mapping the end of `before` is in, skipping nested
/// mappings and quoted text.
fn enclosing_brace(before: &[char]) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut open = Vec::new();
    for (i, &c) in before.iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '{') => open.push(i),
            (None, '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    open.last().copied()
}

/// The place of a spanned value.
#[must_use]
pub fn at<T>(value: &Spanned<T>) -> Place {
    place_of(value.referenced)
}

fn place_of(location: Location) -> Place {
    Place {
        line: u32::try_from(location.line()).unwrap_or(u32::MAX),
        column: u32::try_from(location.column()).unwrap_or(u32::MAX),
        width: u32::try_from(location.span().len()).unwrap_or(1),
    }
}

/// `key` when `text` ends in `key:` (after a `- ` or `{`/`,` of a flow mapping).
fn trailing_key(text: &str) -> Option<String> {
    let text = text.trim_end().strip_suffix(':')?;
    let key = text
        .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()?
        .trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && key != "-").then(|| key.to_owned())
}

/// Width of the key at the start of `text` (up to its colon).
fn key_width(text: &str) -> u32 {
    let text = text.trim_start().trim_start_matches("- ");
    u32::try_from(text.find(':').unwrap_or(1).max(1)).unwrap_or(1)
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn type_name(ty: &str) -> &'static str {
    match ty {
        "f32" | "f64" | "floating point" => "a number",
        "bool" | "boolean" => "`true` or `false`",
        t if t.starts_with('i') || t.starts_with('u') || t.contains("integer") => "a whole number",
        _ => "text",
    }
}

/// The parser's wording for the common mistakes, turned into what to do about them.
fn plain_yaml(message: &str) -> String {
    let fixes = [
        (
            "unclosed quote",
            "this quote is never closed; add the closing quote",
        ),
        (
            "unclosed bracket '['",
            "this `[` is never closed; end the list with `]`",
        ),
        (
            "unclosed bracket '{'",
            "this `{` is never closed; end the mapping with `}`",
        ),
        (
            "mapping values are not allowed",
            "a `: ` inside a value, or a key out of line; put text that holds `: ` in double quotes, and line keys up under each other",
        ),
        (
            "trailing content after single-quoted",
            "text after a closing `'`; put the text in double quotes, or double each `'` inside it (`'it''s'`)",
        ),
        (
            "trailing content after double-quoted",
            "text after a closing `\"`; put the whole text in the quotes, or write `\\\"` for a quote inside it",
        ),
        (
            "unexpected character",
            "a value cannot start with this character; put the text in double quotes",
        ),
        (
            "unknown value",
            "`*` refers to an anchor (`&name`) that is not defined; put text that starts with `*` in double quotes",
        ),
        (
            "single YAML document",
            "a second document (`---`) in this file; one file holds one module or rubric",
        ),
        (
            "did not find expected key",
            "a key is out of line; line it up under the keys of its mapping",
        ),
    ];
    fixes
        .iter()
        .find(|(raw, _)| message.contains(raw))
        .map_or_else(|| message.to_owned(), |(_, fix)| (*fix).to_owned())
}

/// What the parser expected, and how to write it when it was meant as text.
fn shape_name(expected: &str) -> (&'static str, &'static str) {
    if expected.contains("sequence") {
        ("a list (`- item` lines, or `[a, b]`)", "")
    } else if expected.contains("mapping") {
        ("a mapping (`key: value` lines)", "")
    } else if expected.contains("string") {
        (
            "a single value",
            "; put text that starts with `[`, `{` or `-` in double quotes",
        )
    } else {
        ("a single value", "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_key_of_a_value() {
        assert_eq!(trailing_key("    weight: "), Some("weight".to_owned()));
        assert_eq!(
            trailing_key("  - { score: 1, label: "),
            Some("label".to_owned())
        );
        assert_eq!(trailing_key("  - "), None);
    }

    #[test]
    fn lines_are_numbered_as_str_lines_numbers_them() {
        for text in [
            "",
            "a",
            "a\n",
            "a\r\nb",
            "a\n\nb\r",
            "\n\r\n x\r\n",
            "é\nü\n\n",
        ] {
            let file = SourceFile::new("f.yaml", text);
            let expected: Vec<Option<&str>> = (0..6).map(|n| text.lines().nth(n)).collect();
            let found: Vec<Option<&str>> = (1..7).map(|n| file.line(n)).collect();
            assert_eq!(found, expected, "{text:?}");
            assert_eq!(file.line(0), None);
        }
    }

    #[test]
    fn missing_field_points_at_the_mapping_start() {
        let file = SourceFile::new(
            "r.yaml",
            "# comment\ntitle: X\ncriteria:\n  - id: c\n    descriptors:\n      1: one\n",
        );
        let start = file.mapping_start(Place {
            line: 5,
            column: 5,
            width: 11,
        });
        assert_eq!((start.line, start.column, start.width), (4, 5, 2));
        let top = file.mapping_start(Place {
            line: 3,
            column: 1,
            width: 8,
        });
        assert_eq!((top.line, top.column, top.width), (2, 1, 5));
    }
}
