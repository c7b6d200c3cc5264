//! Identifiers (docs/FORMATS.md § Identifiers): ASCII letters, digits, `-`, `_`, `.`; starting
//! with a letter or digit; at most 64 characters; case-insensitive, stored lower-case. Anything
//! that will become a file name goes through here first.

use std::fmt;

pub const MAX_LEN: usize = 64;

/// Why a text is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    Empty,
    TooLong(usize),
    BadStart(char),
    BadChar { ch: char, position: usize },
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdProblem::Empty => f.write_str("is empty"),
            IdProblem::TooLong(n) => write!(f, "is {n} characters long; the limit is {MAX_LEN}"),
            IdProblem::BadStart(ch) => {
                write!(
                    f,
                    "starts with {}; an ID starts with an ASCII letter or digit",
                    show(*ch)
                )
            }
            IdProblem::BadChar { ch, position } => write!(
                f,
                "contains {} at position {position}; use only ASCII letters, digits, `-`, `_` and `.`",
                show(*ch)
            ),
        }
    }
}

fn show(ch: char) -> String {
    match ch {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// Checks `text` and returns it lower-cased.
pub fn normalize(text: &str) -> Result<String, IdProblem> {
    let Some(first) = text.chars().next() else {
        return Err(IdProblem::Empty);
    };
    if !first.is_ascii_alphanumeric() {
        return Err(IdProblem::BadStart(first));
    }
    if let Some((index, ch)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(IdProblem::BadChar {
            ch,
            position: index + 1,
        });
    }
    let len = text.chars().count();
    if len > MAX_LEN {
        return Err(IdProblem::TooLong(len));
    }
    Ok(text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_lowercases() {
        assert_eq!(normalize("S1234").unwrap(), "s1234");
        assert_eq!(normalize("oral-comms_2.b").unwrap(), "oral-comms_2.b");
        assert_eq!(normalize(&"a".repeat(64)).unwrap().len(), 64);
    }

    #[test]
    fn rejects_with_the_offending_character() {
        assert_eq!(normalize(""), Err(IdProblem::Empty));
        assert_eq!(normalize("."), Err(IdProblem::BadStart('.')));
        assert_eq!(normalize(".."), Err(IdProblem::BadStart('.')));
        assert_eq!(normalize("-x"), Err(IdProblem::BadStart('-')));
        assert_eq!(
            normalize("a/b"),
            Err(IdProblem::BadChar {
                ch: '/',
                position: 2
            })
        );
        assert_eq!(
            normalize("amara okafor"),
            Err(IdProblem::BadChar {
                ch: ' ',
                position: 6
            })
        );
        assert_eq!(
            normalize("café"),
            Err(IdProblem::BadChar {
                ch: 'é',
                position: 4
            })
        );
        assert_eq!(normalize(&"a".repeat(65)), Err(IdProblem::TooLong(65)));
        assert_eq!(
            IdProblem::BadChar {
                ch: ' ',
                position: 6
            }
            .to_string(),
            "contains a space at position 6; use only ASCII letters, digits, `-`, `_` and `.`"
        );
    }
}
