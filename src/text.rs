//! The rules every text field follows (docs/FORMATS.md § Text): UTF-8 without control characters,
//! except tab, and line breaks where the field is multi-line; and the one way text already
//! stored is shown on a terminal, with any control character escaped.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a field may hold line breaks (YAML block text, `note`, `comment`, `reason`) or must
/// stay on one line (IDs, names, emails, cohorts, titles).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// The first character `text` may not hold: its position (0-based, in characters) and the
/// character. C0 and C1 controls and DEL are refused; tab is allowed; line feed and carriage
/// return only in multi-line fields.
#[must_use]
pub fn forbidden(text: &str, lines: Lines) -> Option<(usize, char)> {
    // Most texts hold none: a byte scan says so without decoding characters.
    if has_control(text.as_bytes(), lines) {
        first_forbidden(text, lines)
    } else {
        None
    }
}

/// Whether UTF-8 `bytes` hold a control character `lines` refuses: a byte below 0x20 but tab
/// (and line breaks in multi-line text), 0x7F, or 0xC2 followed by 0x80–0x9F (U+0080–U+009F).
/// Blocks of 64 bytes (and the byte after each) are folded without a branch, which the compiler
/// vectorises: a text, or a whole rendered page, is scanned at memory speed.
#[allow(clippy::needless_bitwise_bool)] // no branch, so that the loop vectorises
#[must_use]
pub fn has_control(bytes: &[u8], lines: Lines) -> bool {
    let one = lines == Lines::One;
    let bad = |b: u8, next: u8| {
        u8::from((b < 0x20) & (b != b'\t') & (one | ((b != b'\n') & (b != b'\r'))))
            | u8::from(b == 0x7F)
            | u8::from((b == 0xC2) & (next & 0xE0 == 0x80))
    };
    let Some((&last, _)) = bytes.split_last() else {
        return false;
    };
    let body = bytes.len() - 1;
    (0..body).step_by(64).any(|start| {
        let end = (start + 64).min(body);
        bytes[start..end]
            .iter()
            .zip(&bytes[start + 1..=end])
            .fold(0u8, |any, (&b, &next)| any | bad(b, next))
            != 0
    }) || bad(last, 0) != 0
}

fn first_forbidden(text: &str, lines: Lines) -> Option<(usize, char)> {
    text.chars().enumerate().find(|&(_, c)| !allowed(c, lines))
}

/// Whether `c` may stand in a text of `lines`.
#[must_use]
pub fn allowed(c: char, lines: Lines) -> bool {
    match c {
        '\t' => true,
        '\n' | '\r' => lines == Lines::Many,
        c => !c.is_control(),
    }
}

/// `text` checked for `field`: `Err` with a message in rapport's style when it holds a
/// character it may not (``the `name` has a line break at character 5; keep it on one line``).
pub fn check(field: &str, text: &str, lines: Lines) -> Result<(), String> {
    match forbidden(text, lines) {
        None => Ok(()),
        Some((index, c)) => Err(problem(field, index, c)),
    }
}

/// A required one-line text, trimmed: not empty, no line breaks or other control characters
/// (checked as given, so that a position counts what was typed).
pub fn required_line(field: &str, text: &str) -> Result<String, String> {
    check(field, text, Lines::One)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("`{field}` is empty"));
    }
    Ok(text.to_owned())
}

/// The message for a forbidden character `c` at character `index` of `field`.
#[must_use]
pub fn problem(field: &str, index: usize, c: char) -> String {
    let at = index + 1;
    if matches!(c, '\n' | '\r') {
        format!("`{field}` has a line break at character {at}; keep it on one line")
    } else {
        format!(
            "`{field}` holds the control character {} at character {at}; remove it",
            name(c)
        )
    }
}

/// A control character as people look it up: `U+001B (escape)`.
#[must_use]
pub fn name(c: char) -> String {
    let code = u32::from(c);
    let known = match code {
        0x00 => Some("NUL"),
        0x07 => Some("bell"),
        0x08 => Some("backspace"),
        0x0B => Some("vertical tab"),
        0x0C => Some("form feed"),
        0x1B => Some("escape"),
        0x7F => Some("delete"),
        0x9B => Some("control sequence introducer"),
        0x9D => Some("operating system command"),
        _ => None,
    };
    match known {
        Some(word) => format!("U+{code:04X} ({word})"),
        None => format!("U+{code:04X}"),
    }
}

/// Text from the gradebook as it may be printed on a terminal: every control character but tab
/// and line feed is shown as `\u{1b}`, so stored text can never move the cursor, change the
/// window title or hide itself.
#[must_use]
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\n')
    {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\t' && c != '\n' {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// `for_terminal` for a one-line cell (table columns): line breaks are escaped too.
#[must_use]
pub fn one_line_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => shown.push(' '),
            '\n' => shown.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
            }
            c => shown.push(c),
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// The byte scan finds a forbidden character exactly when the character scan does.
        #[test]
        fn the_byte_scan_agrees_with_the_character_scan(
            text in "[a-zé\\t\\n\\r\\x00-\\x1f\\x7f\\u{80}-\\u{a0}\\u{100}-\\u{17f}·]{0,40}|[a-zé\\n·]{20,90}[\\x00-\\x1f\\x7f\\u{80}-\\u{a0}]?[a-z]{0,9}",
            many in any::<bool>(),
        ) {
            let lines = if many { Lines::Many } else { Lines::One };
            prop_assert_eq!(forbidden(&text, lines), first_forbidden(&text, lines));
        }
    }

    #[test]
    fn controls_are_refused_but_tab_and_line_breaks_where_allowed() {
        assert_eq!(forbidden("Amara\tOkafor", Lines::One), None);
        assert_eq!(forbidden("two\nlines", Lines::Many), None);
        assert_eq!(forbidden("two\r\nlines", Lines::Many), None);
        assert_eq!(forbidden("two\nlines", Lines::One), Some((3, '\n')));
        assert_eq!(forbidden("a\u{1b}[2J", Lines::Many), Some((1, '\u{1b}')));
        assert_eq!(forbidden("nul\0", Lines::Many), Some((3, '\0')));
        assert_eq!(forbidden("c1\u{9b}x", Lines::Many), Some((2, '\u{9b}')));
        assert_eq!(forbidden("del\u{7f}", Lines::Many), Some((3, '\u{7f}')));
        assert_eq!(forbidden("Zoë 🎚️", Lines::One), None);
    }

    #[test]
    fn messages_name_the_character_and_where_it_is() {
        assert_eq!(
            check("name", "Jo\u{1b}]0;pwned\u{7}", Lines::One),
            Err(
                "`name` holds the control character U+001B (escape) at character 3; remove it"
                    .to_owned()
            )
        );
        assert_eq!(
            check("cohort", "2026\nautumn", Lines::One),
            Err("`cohort` has a line break at character 5; keep it on one line".to_owned())
        );
        assert_eq!(check("note", "fine\nthanks", Lines::Many), Ok(()));
    }

    #[test]
    fn terminal_text_shows_controls_escaped() {
        assert_eq!(for_terminal("plain"), "plain");
        assert_eq!(for_terminal("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            for_terminal("keep\nlines\tand tabs"),
            "keep\nlines\tand tabs"
        );
        assert_eq!(for_terminal("cr\r"), "cr\\u{d}");
        assert_eq!(one_line_for_terminal("a\nb\u{9d}"), "a\\nb\\u{9d}");
    }
}
