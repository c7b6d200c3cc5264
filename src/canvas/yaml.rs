//! A rubric written as `rubrics/ID.yaml` (docs/FORMATS.md § Rubric) in the shipped rubrics'
//! layout, with their modeline: texts plain where YAML reads them back as the same string,
//! literal blocks for several lines, double-quoted (JSON's escapes, which YAML shares)
//! otherwise.

use std::fmt::Write as _;

use crate::course::model::Rubric;
use crate::course::scaffold::modeline;
use crate::figure::format_score;

/// The file's text, ending with a line break.
#[must_use]
pub fn rubric(rubric: &Rubric) -> String {
    let mut out = modeline(&format!("rubrics/{}.yaml", rubric.id));
    out.push('\n');
    let _ = writeln!(out, "title: {}", scalar(&rubric.title, 0, false));
    if let Some(description) = &rubric.description {
        let _ = writeln!(out, "description: {}", markdown(description, 2));
    }
    out.push_str("levels:\n");
    for level in &rubric.levels {
        let _ = writeln!(
            out,
            "  - {{ score: {}, label: {} }}",
            format_score(level.score),
            scalar(&level.label, 4, true)
        );
    }
    let _ = writeln!(out, "mastery_level: {}", format_score(rubric.mastery_level));
    out.push_str("criteria:\n");
    for criterion in &rubric.criteria {
        let _ = writeln!(out, "  - id: {}", scalar(&criterion.id, 4, false));
        let _ = writeln!(out, "    title: {}", scalar(&criterion.title, 4, false));
        if let Some(description) = &criterion.description {
            let _ = writeln!(out, "    description: {}", markdown(description, 6));
        }
        if criterion.weight != 1.0 {
            let _ = writeln!(out, "    weight: {}", format_score(criterion.weight));
        }
        out.push_str("    descriptors:\n");
        for (level, descriptor) in rubric.levels.iter().zip(&criterion.descriptors) {
            let _ = writeln!(
                out,
                "      {}: {}",
                format_score(level.score),
                markdown(descriptor, 8)
            );
        }
    }
    out
}

/// How far a folded text's lines reach, as in the shipped rubrics.
const WIDTH: usize = 80;

/// Markdown text (a description, a descriptor) after a key: a long line folded (`>-`) over lines
/// of at most `WIDTH` characters where that reads back the same, else as [`scalar`].
fn markdown(text: &str, indent: usize) -> String {
    let width = WIDTH.saturating_sub(indent).max(20);
    let foldable = text.chars().count() > width
        && !text.contains(['\n', '\r', '\t'])
        && !text.contains("  ")
        && text.trim() == text;
    if !foldable {
        return scalar(text, indent, false);
    }
    let pad = " ".repeat(indent);
    let mut out = String::from(">-");
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = write!(out, "\n{pad}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = write!(out, "\n{pad}{line}");
    out
}

/// `text` as a YAML scalar after a key; `indent` is the indentation of a block's lines, `flow`
/// whether it stands inside `{ … }`.
fn scalar(text: &str, indent: usize, flow: bool) -> String {
    if plain(text, flow) {
        return text.to_owned();
    }
    if text.contains('\n') && literal(text) {
        let pad = " ".repeat(indent);
        let mut out = String::from("|-");
        for line in text.lines() {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
        }
        return out;
    }
    serde_json::to_string(text).expect("a string serializes")
}

/// Whether `text` reads back as itself when written plain.
fn plain(text: &str, flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let words = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    !(text.contains(['\n', '\r', '\t'])
        || text.trim() != text
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || (flow && text.contains([',', '[', ']', '{', '}']))
        || words.contains(&text.to_ascii_lowercase().as_str())
        || text.parse::<f64>().is_ok()
        || text.starts_with(|c: char| c.is_ascii_digit()) && text.contains([':', '-', '.']))
}

/// Whether `text` reads back as itself from a `|-` block: no line starts with a space or tab
/// (the first would need an indentation indicator; others are kept but easy to misread), none
/// ends with one, no carriage return, no blank line at either end.
fn literal(text: &str) -> bool {
    !text.contains('\r')
        && text.trim() == text
        && text
            .lines()
            .all(|l| !l.starts_with([' ', '\t']) && !l.ends_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(scalar("Giving direction", 4, false), "Giving direction");
        assert_eq!(scalar("3", 4, false), "\"3\"");
        assert_eq!(scalar("yes", 4, false), "\"yes\"");
        assert_eq!(scalar("a: b", 4, false), "\"a: b\"");
        assert_eq!(scalar("Good, clear", 4, true), "\"Good, clear\"");
        assert_eq!(scalar("Good, clear", 4, false), "Good, clear");
        assert_eq!(scalar("- dash", 4, false), "\"- dash\"");
        assert_eq!(scalar("one\n\ntwo", 2, false), "|-\n  one\n\n  two");
        assert_eq!(scalar(" indented\nx", 2, false), "\" indented\\nx\"");
        let long = "word ".repeat(30);
        let long = long.trim();
        let folded = markdown(long, 8);
        assert!(folded.starts_with(">-\n        word word"), "{folded}");
        assert!(
            folded.lines().all(|l| l.chars().count() <= WIDTH),
            "{folded}"
        );
        assert_eq!(
            folded
                .lines()
                .skip(1)
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" "),
            long
        );
        // Two spaces in a row would fold into one: such a text stays on its line.
        let spaced = "two  spaces ".repeat(10);
        assert_eq!(markdown(spaced.trim(), 8), spaced.trim());
    }
}
