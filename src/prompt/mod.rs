//! Interactive scoring on a terminal: a walk through the rubric one key at a time (no level
//! preselected), with what each level looks like, the student's previous level, notes and
//! comments picked from a bank of the instructor's recent ones, and a summary where any
//! criterion can be changed. The state machine is `walk.rs` (no terminal); what is shown
//! beside the questions is `context.rs`; the walk through a session's students is
//! `sitting.rs`. This file is the thin terminal layer: raw mode, keys, lines, drawing, all on
//! standard error, line by line, so it works in any terminal and in tmux.

pub mod context;
pub mod sitting;
pub mod walk;

use std::fmt::Write as _;
use std::io::Write as _;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::course::model::{Rubric, format_score};
use crate::error::{Error, Result};
use crate::text::one_line_for_terminal;
pub use context::{Context, Previous};
use walk::{Answer, Card, Key, Place, Step, TextEnd, Walk};

/// Where a line of text is typed.
const INPUT: &str = "> ";

/// What Ctrl-C says when it ends a walk of one student.
pub const NOTHING_RECORDED: &str = "nothing was recorded";

/// How a student's walk ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// Confirmed: record this card (with this reason, for an amendment).
    Record(Card, Option<String>),
    /// `s`: nothing is recorded for this student.
    Skip,
}

/// A key as read, Ctrl-C apart.
enum Input {
    Key(Key),
    /// Ctrl-U: clear the line.
    ClearLine,
}

/// The terminal in raw mode while it lives (keys arrive one by one, Ctrl-C as a key, so the
/// walk decides what it means); restored when dropped, however the walk ends.
pub struct Terminal {
    width: usize,
}

impl Terminal {
    pub fn open() -> Result<Terminal> {
        crossterm::terminal::enable_raw_mode()
            .map_err(|e| Error::refused(format!("cannot read keys from the terminal: {e}")))?;
        let width = crossterm::terminal::size()
            .map_or(100, |(w, _)| usize::from(w))
            .clamp(40, 120);
        Ok(Terminal { width })
    }

    #[must_use]
    pub fn width(&self) -> usize {
        self.width
    }

    /// Writes `text` (raw mode needs `\r\n` for a line break) and flushes.
    pub fn say(&mut self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.replace('\n', "\r\n").as_bytes());
        let _ = err.flush();
    }

    /// Replaces the line the cursor is on with `text` (no line break).
    fn redraw(&mut self, text: &str) {
        self.say(&format!("\r\x1b[2K{text}"));
    }

    /// The next key. Ctrl-C clears the line it came on and ends the walk (exit 130).
    fn input(&mut self) -> Result<Input> {
        loop {
            let event = event::read()
                .map_err(|e| Error::refused(format!("cannot read keys from the terminal: {e}")))?;
            let Event::Key(key) = event else { continue };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            let control = key.modifiers.contains(KeyModifiers::CONTROL);
            return Ok(Input::Key(match key.code {
                KeyCode::Char('c' | 'd') if control => {
                    self.redraw("");
                    return Err(Error::Interrupted(NOTHING_RECORDED));
                }
                KeyCode::Char('u') if control => return Ok(Input::ClearLine),
                KeyCode::Char('h') if control => Key::Backspace,
                KeyCode::Char(c) if !control && !c.is_control() => Key::Char(c),
                KeyCode::Enter => Key::Enter,
                KeyCode::Backspace => Key::Backspace,
                KeyCode::Esc => Key::Esc,
                _ => continue,
            }));
        }
    }

    fn key(&mut self) -> Result<Key> {
        loop {
            if let Input::Key(key) = self.input()? {
                return Ok(key);
            }
        }
    }

    /// A line of text after `prompt`, starting as `initial`. A number alone picks from
    /// `bank` (shown numbered above when it is not empty).
    pub fn line(&mut self, prompt: &str, initial: &str, bank: &[String]) -> Result<TextEnd> {
        if !bank.is_empty() {
            self.say("  your recent ones:\n");
        }
        for (n, text) in bank.iter().enumerate() {
            let shown = clip(&one_line_for_terminal(text), self.width - 8);
            self.say(&format!("    {} {shown}\n", n + 1));
        }
        // The prompt on a line of its own, so the line being edited never wraps with it.
        let mut text: String = initial.to_owned();
        self.say(&format!(
            "{prompt}\n{INPUT}{}",
            one_line_for_terminal(&text)
        ));
        loop {
            match self.input()? {
                Input::ClearLine => {
                    text.clear();
                    self.redraw(INPUT);
                }
                Input::Key(Key::Char(c)) => {
                    text.push(c);
                    self.say(&c.to_string());
                }
                Input::Key(Key::Backspace) if text.is_empty() => {
                    self.redraw("");
                    return Ok(TextEnd::Back);
                }
                Input::Key(Key::Backspace) => {
                    text.pop();
                    self.redraw(&format!("{INPUT}{}", one_line_for_terminal(&text)));
                }
                Input::Key(Key::Esc) => {
                    self.redraw("");
                    return Ok(TextEnd::Esc);
                }
                Input::Key(Key::Enter) => {
                    let picked = text
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|n| bank.get(n));
                    if let Some(picked) = picked {
                        self.redraw(&format!(
                            "{INPUT}{}\n",
                            one_line_for_terminal(&clip(picked, self.width - INPUT.len()))
                        ));
                        return Ok(TextEnd::Entered(picked.clone()));
                    }
                    self.say("\n");
                    return Ok(TextEnd::Entered(text));
                }
            }
        }
    }

    /// One of the keys in `keys` (lower case), asked with `prompt`; anything else says `help`.
    pub fn choice(&mut self, prompt: &str, keys: &[char], help: &str) -> Result<char> {
        self.say(prompt);
        loop {
            match self.key()? {
                Key::Char(c) if keys.contains(&c.to_ascii_lowercase()) => {
                    self.say(&format!("{c}\n"));
                    return Ok(c.to_ascii_lowercase());
                }
                _ => {
                    self.redraw(&format!("  {help}\n{prompt}"));
                }
            }
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Walks one student through `rubric`, starting from `card`, until it is confirmed or skipped.
/// `amending`: the assessment exists, so confirming asks for a reason (unless `reason`).
pub fn score(
    term: &mut Terminal,
    rubric: &Rubric,
    context: &Context,
    card: Card,
    amending: bool,
    reason: Option<&str>,
) -> Result<Ending> {
    let mut walk = Walk::new(rubric, card);
    term.say(&wrap(&context.heading, "", "  ", term.width()));
    let mut shown = None;
    loop {
        let ending = match walk.place {
            Place::Level(i) => {
                if shown != Some(i) {
                    show_criterion(term, &walk, context, i, false);
                    shown = Some(i);
                }
                level(term, &mut walk, context, i)?
            }
            Place::Note(i) => {
                let criterion = &rubric.criteria[i];
                let initial = walk.card.notes[i].clone().unwrap_or_default();
                let bank = &context.notes[i];
                let prompt = text_prompt(&format!("note on {}", criterion.title), bank.len());
                let end = term.line(&prompt, &initial, bank)?;
                walk.text(end);
                if walk.place == Place::Level(i) {
                    shown = None;
                }
                None
            }
            Place::Comment => {
                let initial = walk.card.comment.clone().unwrap_or_default();
                let prompt = text_prompt("overall comment", context.comments.len());
                let end = term.line(&prompt, &initial, &context.comments)?;
                walk.text(end);
                shown = None;
                None
            }
            Place::Summary => {
                shown = None;
                summary(term, &mut walk, context, amending, reason)?
            }
        };
        if let Some(ending) = ending {
            return Ok(ending);
        }
    }
}

/// Keys at criterion `i` until the walk moves on (`None`) or the student is skipped.
fn level(
    term: &mut Terminal,
    walk: &mut Walk<'_>,
    context: &Context,
    i: usize,
) -> Result<Option<Ending>> {
    let rubric = walk.rubric();
    let prompt = level_prompt(walk);
    term.say(&prompt);
    loop {
        match walk.key(term.key()?) {
            Step::Typing(typed) => term.redraw(&format!("{prompt}{typed}")),
            Step::Say(text) => {
                let text = wrap(&text, "  ", "  ", term.width());
                term.redraw(&format!("{text}{prompt}"));
            }
            Step::Details => {
                term.redraw("");
                show_criterion(term, walk, context, i, true);
                term.say(&prompt);
            }
            Step::Skip => {
                term.redraw(&format!(
                    "{}: skipped the student\n",
                    rubric.criteria[i].title
                ));
                return Ok(Some(Ending::Skip));
            }
            Step::Moved | Step::Record => {
                if matches!(walk.place, Place::Level(j) if j < i) {
                    term.redraw("");
                } else {
                    let answer = describe(rubric, walk.card.answers[i]);
                    term.redraw(&format!("{}: {answer}\n", rubric.criteria[i].title));
                }
                return Ok(None);
            }
        }
    }
}

/// The summary and its keys, until it is confirmed (with the reason of an amendment),
/// skipped, or left for a criterion or the comment (`None`).
fn summary(
    term: &mut Terminal,
    walk: &mut Walk<'_>,
    context: &Context,
    amending: bool,
    reason: Option<&str>,
) -> Result<Option<Ending>> {
    show_summary(term, walk, context);
    let count = walk.rubric().criteria.len();
    let mut prompt =
        format!("record? [y/Enter record, 1-{count} change, c comment, b back, s skip]: ");
    if prompt.len() >= term.width() {
        prompt = format!("record? [y 1-{count} c b s]: ");
    }
    term.say(&prompt);
    loop {
        match walk.key(term.key()?) {
            Step::Typing(typed) => term.redraw(&format!("{prompt}{typed}")),
            Step::Say(text) => {
                let text = wrap(&text, "  ", "  ", term.width());
                term.redraw(&format!("{text}{prompt}"));
            }
            Step::Skip => {
                term.redraw("skipped the student\n");
                return Ok(Some(Ending::Skip));
            }
            Step::Record => {
                term.redraw("");
                if !amending || reason.is_some() {
                    return Ok(Some(Ending::Record(
                        walk.card.clone(),
                        reason.map(str::to_owned),
                    )));
                }
                let asked = term.line(
                    "reason for the amendment (kept in the history; Enter for none):",
                    "",
                    &[],
                )?;
                return Ok(match asked {
                    TextEnd::Entered(text) => {
                        let text = text.trim().to_owned();
                        Some(Ending::Record(
                            walk.card.clone(),
                            Some(text).filter(|t| !t.is_empty()),
                        ))
                    }
                    // Back to the summary.
                    TextEnd::Back | TextEnd::Esc => None,
                });
            }
            Step::Moved | Step::Details => {
                term.redraw("");
                return Ok(None);
            }
        }
    }
}

/// The criterion's title, what each level looks like (one line each, or in full with
/// `details`), the previous level and the current answer.
fn show_criterion(
    term: &mut Terminal,
    walk: &Walk<'_>,
    context: &Context,
    i: usize,
    details: bool,
) {
    let rubric = walk.rubric();
    let criterion = &rubric.criteria[i];
    let width = term.width();
    let mut out = format!(
        "\n{}/{}  {}\n",
        i + 1,
        rubric.criteria.len(),
        criterion.title
    );
    if details && let Some(description) = &criterion.description {
        out.push_str(&wrap(description, "     ", "     ", width));
    }
    for (level, descriptor) in rubric.levels.iter().zip(&criterion.descriptors) {
        let first = format!("   {} {}: ", format_score(level.score), level.label);
        if details {
            out.push_str(&wrap(descriptor, &first, "       ", width));
        } else {
            let line = format!(
                "{first}{}",
                descriptor.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            out.push_str(&clip(&line, width - 1));
            out.push('\n');
        }
    }
    let _ = match &context.previous[i] {
        Some(previous) => writeln!(out, "   previous: {}", previous.describe(rubric)),
        None => writeln!(out, "   previous: none"),
    };
    if walk.card.answers[i] != Answer::Open {
        let _ = writeln!(out, "   now: {}", describe(rubric, walk.card.answers[i]));
    }
    term.say(&out);
}

fn show_summary(term: &mut Terminal, walk: &Walk<'_>, context: &Context) {
    let rubric = walk.rubric();
    let width = term.width();
    let heading = context.heading.replacen("Scoring", "Summary:", 1);
    let mut out = format!("\n{}", wrap(&heading, "", "  ", width));
    for (i, criterion) in rubric.criteria.iter().enumerate() {
        let answer = match walk.card.answers[i] {
            Answer::Open => "-- no level yet".to_owned(),
            other => describe(rubric, other),
        };
        let _ = writeln!(out, "  {} {}: {answer}", i + 1, criterion.title);
        if let Some(note) = &walk.card.notes[i] {
            out.push_str(&wrap(
                &one_line_for_terminal(note),
                "      note: ",
                "            ",
                width,
            ));
        }
    }
    if let Some(comment) = &walk.card.comment {
        out.push_str(&wrap(
            &one_line_for_terminal(comment),
            "  comment: ",
            "           ",
            width,
        ));
    }
    term.say(&out);
}

/// `Proficient (3)`, `not observed`, `-- no level yet`.
#[must_use]
pub fn describe(rubric: &Rubric, answer: Answer) -> String {
    match answer {
        Answer::Level(i) => {
            let level = &rubric.levels[i];
            format!("{} ({})", level.label, format_score(level.score))
        }
        Answer::NotObserved => "not observed".to_owned(),
        Answer::Open => "-- no level yet".to_owned(),
    }
}

/// `level [1-4 d p n b s ? Esc]: `: the keys of a level prompt, short enough for any terminal.
fn level_prompt(walk: &Walk<'_>) -> String {
    let scores: Vec<String> = walk
        .rubric()
        .levels
        .iter()
        .map(|l| format_score(l.score))
        .collect();
    // Single digits one apart (`1-4`) are written as a range; any other scale in full.
    let consecutive = scores.len() > 2
        && scores.iter().all(|s| s.len() == 1)
        && walk
            .rubric()
            .levels
            .windows(2)
            .all(|w| w[1].score == w[0].score + 1.0);
    let mut keys = if consecutive {
        format!("{}-{}", scores[0], scores[scores.len() - 1])
    } else {
        scores.join(" ")
    };
    for letter in walk.letters().into_iter().flatten() {
        keys.push(' ');
        keys.push(letter);
    }
    format!("level [{keys} n b s ? Esc]: ")
}

/// `note on Listening (Enter for none, 1-3 picks one above):`.
fn text_prompt(what: &str, bank: usize) -> String {
    match bank {
        0 => format!("{what} (Enter for none):"),
        1 => format!("{what} (Enter for none, 1 picks the one above):"),
        n => format!("{what} (Enter for none, 1-{n} picks one above):"),
    }
}

/// `text` cut to `width` characters, with an ellipsis when it was longer.
#[must_use]
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `text` on lines of at most `width` characters, the first after `first`, the rest indented.
#[must_use]
pub fn wrap(text: &str, first: &str, indent: &str, width: usize) -> String {
    let mut out = String::from(first);
    let mut column = first.chars().count();
    let mut fresh = true;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if !fresh && column + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            column = indent.chars().count();
            fresh = true;
        }
        if !fresh {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
        fresh = false;
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn wraps_with_a_hanging_indent() {
        assert_eq!(
            super::wrap("one two three four", "  1 A: ", "    ", 16),
            "  1 A: one two\n    three four\n"
        );
    }

    #[test]
    fn clips_with_an_ellipsis() {
        assert_eq!(super::clip("abcdef", 4), "abc…");
        assert_eq!(super::clip("abcd", 4), "abcd");
    }
}
