//! Interactive scoring: a walk through the rubric one criterion at a time, showing what each
//! level looks like, then the overall comment and a summary to confirm. Nothing is recorded
//! until it is confirmed; Ctrl-C or Esc records nothing.

use std::io::Write as _;

use inquire::{Confirm, InquireError, Select, Text};

use crate::course::model::{Rubric, format_score};
use crate::error::{Error, Result};

/// What the instructor answered.
pub struct Answers {
    pub levels: Vec<(String, String)>,
    pub notes: Vec<(String, String)>,
    pub comment: Option<String>,
}

/// Asks for every criterion of `rubric` (the levels already `given` are the defaults). With
/// `partial`, a criterion can be left out as not observed. `None` when the summary is
/// declined.
pub fn walk(
    rubric: &Rubric,
    heading: &str,
    given: &[(String, String)],
    notes: &[(String, String)],
    comment: Option<&str>,
    partial: bool,
) -> Result<Option<Answers>> {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{heading}\n{} — {} criteria\n",
        rubric.title,
        rubric.criteria.len()
    );
    drop(err);
    let mut answers = Answers {
        levels: Vec::new(),
        notes: Vec::new(),
        comment: None,
    };
    let skip = "— not observed in this session";
    for (number, criterion) in rubric.criteria.iter().enumerate() {
        show(rubric, number, criterion);
        let mut options: Vec<String> = rubric
            .levels
            .iter()
            .map(|l| format!("{} ({})", l.label, format_score(l.score)))
            .collect();
        if partial {
            options.push(skip.to_owned());
        }
        let default = given
            .iter()
            .find(|(c, _)| c.trim().eq_ignore_ascii_case(&criterion.id))
            .and_then(|(_, level)| crate::scoring::level(rubric, level).ok())
            .and_then(|score| rubric.levels.iter().position(|l| l.score == score))
            .unwrap_or_else(|| rubric.mastery_index());
        let choice = Select::new(&format!("{}:", criterion.title), options.clone())
            .with_starting_cursor(default)
            .with_page_size(options.len())
            .prompt()
            .map_err(interrupted)?;
        if choice == skip {
            continue;
        }
        let index = options.iter().position(|o| *o == choice).unwrap_or(0);
        answers.levels.push((
            criterion.id.clone(),
            format_score(rubric.levels[index].score),
        ));
        let old_note = notes
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(&criterion.id))
            .map(|(_, n)| n.as_str());
        let note = Text::new(&format!("Note on {} (Enter to skip):", criterion.title))
            .with_initial_value(old_note.unwrap_or(""))
            .prompt()
            .map_err(interrupted)?;
        if !note.trim().is_empty() {
            answers
                .notes
                .push((criterion.id.clone(), note.trim().to_owned()));
        }
        let _ = writeln!(std::io::stderr());
    }
    let text = Text::new("Overall comment (Enter to skip):")
        .with_initial_value(comment.unwrap_or(""))
        .prompt()
        .map_err(interrupted)?;
    answers.comment = Some(text.trim().to_owned()).filter(|c| !c.is_empty());
    summary(rubric, heading, &answers);
    let confirmed = Confirm::new("Record this assessment?")
        .with_default(true)
        .prompt()
        .map_err(interrupted)?;
    Ok(confirmed.then_some(answers))
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

fn interrupted(error: InquireError) -> Error {
    match error {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => {
            Error::Interrupted("nothing was recorded")
        }
        other => Error::refused(format!("the prompt failed: {other}")),
    }
}

/// The criterion's title and description and what each level looks like, wrapped to the
/// terminal.
fn show(rubric: &Rubric, number: usize, criterion: &crate::course::model::Criterion) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{}/{}  {}",
        number + 1,
        rubric.criteria.len(),
        criterion.title
    );
    let width = crossterm::terminal::size()
        .map_or(100, |(w, _)| usize::from(w))
        .clamp(40, 120);
    if let Some(description) = &criterion.description {
        let _ = write!(err, "{}", wrap(description, "     ", "     ", width));
    }
    for (level, descriptor) in rubric.levels.iter().zip(&criterion.descriptors) {
        let first = format!("   {} {}: ", format_score(level.score), level.label);
        let _ = write!(err, "{}", wrap(descriptor, &first, "       ", width));
    }
}

/// What is about to be recorded.
fn summary(rubric: &Rubric, heading: &str, answers: &Answers) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "\nSummary — {heading}");
    for (criterion, level) in &answers.levels {
        let title = rubric
            .criteria
            .iter()
            .find(|c| c.id == *criterion)
            .map_or("", |c| c.title.as_str());
        let label = crate::scoring::level(rubric, level)
            .ok()
            .and_then(|s| rubric.levels.iter().find(|l| l.score == s))
            .map_or("", |l| l.label.as_str());
        let _ = writeln!(err, "  {title}: {label} ({level})");
        if let Some((_, note)) = answers.notes.iter().find(|(c, _)| c == criterion) {
            let _ = writeln!(err, "      note: {note}");
        }
    }
    if let Some(comment) = &answers.comment {
        let _ = writeln!(err, "  comment: {comment}");
    }
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
}
