//! Canvas's HTML descriptions back into Markdown: paragraphs, line breaks, lists, tables, bold,
//! italics, code and links become their Markdown; every other tag is dropped and its text
//! kept; `script` and `style` are dropped whole; character references are decoded. What
//! `markdown.rs` renders comes back as the Markdown it was written in, for the constructs
//! above.

use std::fmt::Write as _;

/// The Markdown of an HTML description (plain text passes through, entities decoded).
#[must_use]
pub fn to_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut lists: Vec<Option<u32>> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut table = Table::default();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let text = &rest[..at];
        // Between a table's tags, line breaks and spaces are layout, not text.
        if table.depth == 0 || !text.trim().is_empty() {
            out.push_str(&decode(text));
        }
        let after = &rest[at..];
        let Some(end) = after.find('>') else {
            out.push_str(&decode(after));
            rest = "";
            break;
        };
        let tag = &after[1..end];
        rest = &after[end + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if table.tag(&mut out, &name, closing) {
            continue;
        }
        match (name.as_str(), closing) {
            ("script" | "style", false) => {
                let close = format!("</{name}");
                let lower = rest.to_ascii_lowercase();
                rest = lower
                    .find(&close)
                    .and_then(|i| rest[i..].find('>').map(|j| &rest[i + j + 1..]))
                    .unwrap_or("");
            }
            ("p" | "div" | "blockquote" | "pre", _)
            | ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => block(&mut out),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                block(&mut out);
                let level = name[1..].parse::<usize>().unwrap_or(1);
                out.push_str(&"#".repeat(level));
                out.push(' ');
            }
            ("br", _) => out.push('\n'),
            ("ul", false) => {
                block(&mut out);
                lists.push(None);
            }
            ("ol", false) => {
                block(&mut out);
                lists.push(Some(0));
            }
            ("ul" | "ol", true) => {
                lists.pop();
                block(&mut out);
            }
            ("li", false) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&"   ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        let _ = write!(out, "{n}. ");
                    }
                    _ => out.push_str("- "),
                }
            }
            ("strong" | "b", _) => out.push_str("**"),
            ("em" | "i", _) => out.push('*'),
            ("code", _) => out.push('`'),
            ("del" | "s", _) => out.push_str("~~"),
            ("a", false) => {
                out.push('[');
                links.push(attribute(tag, "href").unwrap_or_default());
            }
            ("a", true) => {
                let href = links.pop().unwrap_or_default();
                let _ = write!(out, "]({href})");
            }
            _ => {}
        }
    }
    out.push_str(&decode(rest));
    tidy(&out)
}

/// Where a table stands: how deep in tables, whether in a head, the cells of the row so far.
#[derive(Default)]
struct Table {
    depth: usize,
    head: bool,
    cells: usize,
}

impl Table {
    /// Writes a table's tag as Markdown (`| a | b |`, the separator row after the head);
    /// whether `name` was one.
    fn tag(&mut self, out: &mut String, name: &str, closing: bool) -> bool {
        match (name, closing) {
            ("table", false) => {
                block(out);
                self.depth += 1;
            }
            ("table", true) => {
                self.depth = self.depth.saturating_sub(1);
                block(out);
            }
            ("thead", _) => self.head = !closing,
            ("tr", false) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                self.cells = 0;
            }
            ("tr", true) => {
                out.push_str("|\n");
                if self.head {
                    out.push_str(&"| - ".repeat(self.cells));
                    out.push_str("|\n");
                }
            }
            ("td" | "th", false) => {
                out.push_str("| ");
                self.cells += 1;
            }
            ("td" | "th", true) => out.push(' '),
            _ => return false,
        }
        true
    }
}

/// A paragraph break, unless the text is empty or already ends with one.
fn block(out: &mut String) {
    while out.ends_with([' ', '\t']) {
        out.pop();
    }
    if out.is_empty() || out.ends_with("\n\n") {
        return;
    }
    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
}

/// The decoded value of attribute `name` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split([' ', '\t', '\n', '/']).next()?,
    };
    Some(decode(value))
}

/// Text with its character references decoded (the named ones HTML editors write, and every
/// numeric one); an unknown reference stays as written.
#[must_use]
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "rdquo" => Some('”'),
                "ldquo" => Some('“'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        if let Some((c, end)) = decoded {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Trailing spaces of lines removed, at most one blank line in a row, no blank lines at either
/// end; no-break spaces (`&nbsp;`) as plain ones.
fn tidy(text: &str) -> String {
    let text = text.replace('\u{a0}', " ");
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Placement, render};

    #[test]
    fn rendered_markdown_comes_back() {
        let placement = Placement {
            top_heading: 3,
            id_prefix: "x",
            name: "x",
        };
        for text in [
            "One line.",
            "How well a student listens, from\nthe first take.\n\nJudge the **effect on the artist** and *intent*.",
            "- one\n- two\n\nAfter, with `code` and [a link](https://example.org/a?b=1&c=2).",
            "1. first\n2. second",
            "A table:\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nAfter it.",
            "Quotes \"here\" & <angle> brackets.",
        ] {
            assert_eq!(to_markdown(&render(text, placement)), text, "{text}");
        }
    }

    #[test]
    fn canvas_html_becomes_text() {
        assert_eq!(
            to_markdown("<p>Students will&nbsp;<b>write</b>.</p><p>Second<br/>line</p>"),
            "Students will **write**.\n\nSecond\nline"
        );
        assert_eq!(
            to_markdown("<script>alert(1)</script>Plain &amp; simple &#233; &#x263A; &bogus;"),
            "Plain & simple é ☺ &bogus;"
        );
        assert_eq!(to_markdown(""), "");
    }
}
