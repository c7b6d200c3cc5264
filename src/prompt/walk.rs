//! The walk through one student's rubric as a state machine, with no terminal: where the
//! instructor is (a criterion's level, its note, the comment, the summary), what has been
//! answered, and what each key does. The terminal layer (`prompt/mod.rs`) reads keys and text,
//! feeds them in and draws what `Step` says; tests drive it directly.

use crate::course::model::{Rubric, format_score};

/// The answer to one criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// Nothing chosen yet: the walk never preselects a level.
    Open,
    /// The index of a level in `Rubric::levels`.
    Level(usize),
    /// Not observed in this session: left out of the assessment, which is then partial.
    NotObserved,
}

/// What is being filled in for one student.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub answers: Vec<Answer>,
    pub notes: Vec<Option<String>>,
    pub comment: Option<String>,
}

impl Card {
    /// Nothing answered, for a rubric of `criteria` criteria.
    #[must_use]
    pub fn blank(criteria: usize) -> Card {
        Card {
            answers: vec![Answer::Open; criteria],
            notes: vec![None; criteria],
            comment: None,
        }
    }

    /// The positions of the criteria with no answer yet.
    #[must_use]
    pub fn open(&self) -> Vec<usize> {
        (0..self.answers.len())
            .filter(|&i| self.answers[i] == Answer::Open)
            .collect()
    }
}

/// Where the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Choosing the level of a criterion.
    Level(usize),
    /// Writing (or picking) the note on a criterion.
    Note(usize),
    /// Writing (or picking) the overall comment.
    Comment,
    /// Looking over everything before recording it.
    Summary,
}

/// A key as the walk understands it (Ctrl-C never reaches the walk: it ends everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Backspace,
    Esc,
}

/// How a line of text (a note, the comment) ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextEnd {
    /// Enter: this is the text (empty for none).
    Entered(String),
    /// Backspace on an empty line: back to where the text was asked from.
    Back,
    /// Esc: leave the text as it was and go to the summary.
    Esc,
}

/// What a key did, for the terminal layer to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The place changed (or an answer was set): draw the new place.
    Moved,
    /// More keys are needed (a number that a longer one starts with): `typed` so far.
    Typing(String),
    /// The key did nothing; say this.
    Say(String),
    /// `?`: show the current criterion's full description and descriptors.
    Details,
    /// Record the card.
    Record,
    /// Skip this student: record nothing for them.
    Skip,
}

/// Keys with a meaning of their own where a level is chosen; no label letter can take them.
const LEVEL_COMMANDS: [char; 3] = ['n', 'b', 's'];

/// One student's walk through a rubric.
#[derive(Debug, Clone)]
pub struct Walk<'r> {
    rubric: &'r Rubric,
    pub card: Card,
    pub place: Place,
    /// Digits typed toward a level score or a criterion number.
    typed: String,
    /// A criterion opened from the summary: go back there once it is answered.
    from_summary: bool,
}

impl<'r> Walk<'r> {
    /// Starts at the first criterion without an answer, or at the summary when every one has
    /// an answer already (an amendment starts from the current revision).
    #[must_use]
    pub fn new(rubric: &'r Rubric, card: Card) -> Walk<'r> {
        let place = card
            .open()
            .first()
            .map_or(Place::Summary, |&i| Place::Level(i));
        Walk {
            rubric,
            card,
            place,
            typed: String::new(),
            from_summary: false,
        }
    }

    #[must_use]
    pub fn rubric(&self) -> &'r Rubric {
        self.rubric
    }

    /// The letter that picks each level: the first letter of its label, when no other label
    /// starts with it and it is not one of the walk's own keys.
    #[must_use]
    pub fn letters(&self) -> Vec<Option<char>> {
        let firsts: Vec<Option<char>> = self
            .rubric
            .levels
            .iter()
            .map(|l| l.label.chars().next().map(|c| c.to_ascii_lowercase()))
            .collect();
        firsts
            .iter()
            .map(|&first| {
                first.filter(|c| {
                    c.is_ascii_alphabetic()
                        && !LEVEL_COMMANDS.contains(c)
                        && firsts.iter().filter(|f| **f == Some(*c)).count() == 1
                })
            })
            .collect()
    }

    /// A key while a level is being chosen, or at the summary.
    pub fn key(&mut self, key: Key) -> Step {
        match self.place {
            Place::Level(i) => self.level_key(i, key),
            Place::Summary => self.summary_key(key),
            Place::Note(_) | Place::Comment => Step::Say("type the text, then Enter".to_owned()),
        }
    }

    /// A note or the comment was written (or left).
    pub fn text(&mut self, end: TextEnd) {
        match (self.place, end) {
            (Place::Note(i), TextEnd::Entered(text)) => {
                self.card.notes[i] = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
                self.after(i);
            }
            (Place::Note(i), TextEnd::Back) => self.place = Place::Level(i),
            (Place::Comment, TextEnd::Entered(text)) => {
                self.card.comment = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
                self.place = Place::Summary;
            }
            (Place::Comment, TextEnd::Back) if !self.from_summary => {
                let last = self.card.answers.len() - 1;
                self.place = Place::Level(last);
            }
            (Place::Note(_) | Place::Comment, _) => self.go_to_summary(),
            (Place::Level(_) | Place::Summary, _) => {}
        }
    }

    fn level_key(&mut self, i: usize, key: Key) -> Step {
        match key {
            Key::Char(c) if c.is_ascii_digit() || (c == '.' && !self.typed.is_empty()) => {
                self.typed.push(c);
                let scores: Vec<String> = self
                    .rubric
                    .levels
                    .iter()
                    .map(|l| format_score(l.score))
                    .collect();
                match pick(&self.typed, &scores) {
                    Pick::One(level) => self.choose(i, level),
                    Pick::More => Step::Typing(self.typed.clone()),
                    Pick::None => {
                        let typed = std::mem::take(&mut self.typed);
                        Step::Say(format!("`{typed}` is not a level; {}", self.level_help(i)))
                    }
                }
            }
            Key::Enter if !self.typed.is_empty() => {
                let typed = std::mem::take(&mut self.typed);
                match self
                    .rubric
                    .levels
                    .iter()
                    .position(|l| format_score(l.score) == typed)
                {
                    Some(level) => self.choose(i, level),
                    None => Step::Say(format!("`{typed}` is not a level; {}", self.level_help(i))),
                }
            }
            Key::Backspace if !self.typed.is_empty() => {
                self.typed.pop();
                Step::Typing(self.typed.clone())
            }
            _ if !self.typed.is_empty() => {
                self.typed.clear();
                self.level_key(i, key)
            }
            Key::Enter => match self.card.answers[i] {
                Answer::Level(_) => {
                    self.place = Place::Note(i);
                    Step::Moved
                }
                Answer::NotObserved => {
                    self.after(i);
                    Step::Moved
                }
                Answer::Open => Step::Say(format!("no level chosen yet; {}", self.level_help(i))),
            },
            Key::Char('n' | 'N') => {
                self.card.answers[i] = Answer::NotObserved;
                self.card.notes[i] = None;
                self.after(i);
                Step::Moved
            }
            Key::Char('b' | 'B') | Key::Backspace => self.back(i),
            Key::Char('s' | 'S') => Step::Skip,
            Key::Char('?') => Step::Details,
            Key::Esc => {
                self.go_to_summary();
                Step::Moved
            }
            Key::Char(c) => {
                let wanted = c.to_ascii_lowercase();
                match self.letters().iter().position(|l| *l == Some(wanted)) {
                    Some(level) => self.choose(i, level),
                    None => Step::Say(format!("`{c}` is not a key here; {}", self.level_help(i))),
                }
            }
        }
    }

    fn summary_key(&mut self, key: Key) -> Step {
        let count = self.card.answers.len();
        match key {
            Key::Char(c) if c.is_ascii_digit() => {
                self.typed.push(c);
                let numbers: Vec<String> = (1..=count).map(|n| n.to_string()).collect();
                match pick(&self.typed, &numbers) {
                    Pick::One(i) => {
                        self.typed.clear();
                        self.from_summary = true;
                        self.place = Place::Level(i);
                        Step::Moved
                    }
                    Pick::More => Step::Typing(self.typed.clone()),
                    Pick::None => {
                        let typed = std::mem::take(&mut self.typed);
                        Step::Say(format!(
                            "there is no criterion {typed}; {}",
                            self.summary_help()
                        ))
                    }
                }
            }
            Key::Enter if !self.typed.is_empty() => {
                let typed = std::mem::take(&mut self.typed);
                match typed.parse::<usize>() {
                    Ok(n) if (1..=count).contains(&n) => {
                        self.from_summary = true;
                        self.place = Place::Level(n - 1);
                        Step::Moved
                    }
                    _ => Step::Say(format!(
                        "there is no criterion {typed}; {}",
                        self.summary_help()
                    )),
                }
            }
            Key::Backspace if !self.typed.is_empty() => {
                self.typed.pop();
                Step::Typing(self.typed.clone())
            }
            _ if !self.typed.is_empty() => {
                self.typed.clear();
                self.summary_key(key)
            }
            Key::Char('y' | 'Y') | Key::Enter => {
                let open = self.card.open();
                if !open.is_empty() {
                    let list = open
                        .iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    Step::Say(format!(
                        "{} {list} {} no level yet: pick {} by number and give a level, or `n` if not observed",
                        if open.len() == 1 {
                            "criterion"
                        } else {
                            "criteria"
                        },
                        if open.len() == 1 { "has" } else { "have" },
                        if open.len() == 1 { "it" } else { "each" },
                    ))
                } else if self.card.answers.iter().all(|a| *a == Answer::NotObserved) {
                    Step::Say(
                        "every criterion is marked not observed, so there is nothing to record; give a level, or `s` to skip the student"
                            .to_owned(),
                    )
                } else {
                    Step::Record
                }
            }
            Key::Char('c' | 'C') => {
                self.from_summary = true;
                self.place = Place::Comment;
                Step::Moved
            }
            Key::Char('s' | 'S') => Step::Skip,
            Key::Char('b' | 'B') | Key::Backspace | Key::Esc => {
                self.from_summary = false;
                let open = self.card.open();
                self.place = Place::Level(open.first().copied().unwrap_or(count - 1));
                Step::Moved
            }
            Key::Char(c) => Step::Say(format!("`{c}` is not a key here; {}", self.summary_help())),
        }
    }

    fn choose(&mut self, i: usize, level: usize) -> Step {
        self.typed.clear();
        self.card.answers[i] = Answer::Level(level);
        self.place = Place::Note(i);
        Step::Moved
    }

    /// After criterion `i` (and its note): the next criterion, the comment, or the summary.
    fn after(&mut self, i: usize) {
        if self.from_summary {
            self.go_to_summary();
        } else if i + 1 < self.card.answers.len() {
            self.place = Place::Level(i + 1);
        } else {
            self.place = Place::Comment;
        }
    }

    fn back(&mut self, i: usize) -> Step {
        if i == 0 {
            return Step::Say("this is the first criterion".to_owned());
        }
        self.from_summary = false;
        self.place = Place::Level(i - 1);
        Step::Moved
    }

    fn go_to_summary(&mut self) {
        self.typed.clear();
        self.from_summary = false;
        self.place = Place::Summary;
    }

    /// What the keys of a level prompt are, in words.
    #[must_use]
    pub fn level_help(&self, i: usize) -> String {
        let letters: Vec<String> = self
            .letters()
            .iter()
            .flatten()
            .map(char::to_string)
            .collect();
        let keep = if self.card.answers[i] == Answer::Open {
            ""
        } else {
            ", Enter keeps the answer"
        };
        format!(
            "press a level's score ({}){}, `n` not observed, `b` back, `s` skip the student, `?` details, Esc the summary{keep}",
            self.scores(),
            if letters.is_empty() {
                String::new()
            } else {
                format!(" or letter ({})", letters.join(", "))
            },
        )
    }

    /// What the keys of the summary are, in words.
    #[must_use]
    pub fn summary_help(&self) -> String {
        format!(
            "`y` or Enter records, 1–{} changes that criterion, `c` the comment, `b` back to the criteria, `s` skips the student",
            self.card.answers.len()
        )
    }

    /// The level scores, as typed: `1, 2, 3, 4`.
    #[must_use]
    pub fn scores(&self) -> String {
        self.rubric
            .levels
            .iter()
            .map(|l| format_score(l.score))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Which of `options` the `typed` prefix names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// Exactly this one, and no longer option starts with it.
    One(usize),
    /// Longer options start with it: wait for more (or Enter).
    More,
    None,
}

fn pick(typed: &str, options: &[String]) -> Pick {
    let starting: Vec<usize> = (0..options.len())
        .filter(|&i| options[i].starts_with(typed))
        .collect();
    match starting.as_slice() {
        [] => Pick::None,
        [one] if options[*one] == typed => Pick::One(*one),
        _ => Pick::More,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::{Criterion, Level};

    fn rubric(scores: &[(f64, &str)], criteria: usize) -> Rubric {
        Rubric {
            id: "r".to_owned(),
            title: "R".to_owned(),
            description: None,
            levels: scores
                .iter()
                .map(|&(score, label)| Level {
                    score,
                    label: label.to_owned(),
                })
                .collect(),
            mastery_level: scores[scores.len() / 2].0,
            criteria: (0..criteria)
                .map(|i| Criterion {
                    id: format!("c{i}"),
                    title: format!("C{i}"),
                    description: None,
                    weight: 1.0,
                    descriptors: scores.iter().map(|_| "d".to_owned()).collect(),
                })
                .collect(),
        }
    }

    fn four(criteria: usize) -> Rubric {
        rubric(
            &[
                (1.0, "Emerging"),
                (2.0, "Developing"),
                (3.0, "Proficient"),
                (4.0, "Exemplary"),
            ],
            criteria,
        )
    }

    fn keys(walk: &mut Walk<'_>, keys: &[Key]) -> Vec<Step> {
        keys.iter().map(|&k| walk.key(k)).collect()
    }

    #[test]
    fn nothing_is_preselected_and_enter_alone_says_what_to_press() {
        let r = four(2);
        let mut walk = Walk::new(&r, Card::blank(2));
        assert_eq!(walk.place, Place::Level(0));
        assert_eq!(
            walk.key(Key::Enter),
            Step::Say("no level chosen yet; press a level's score (1, 2, 3, 4) or letter (d, p), `n` not observed, `b` back, `s` skip the student, `?` details, Esc the summary".to_owned())
        );
        assert_eq!(walk.card, Card::blank(2));
        assert_eq!(walk.place, Place::Level(0));
    }

    #[test]
    fn letters_are_those_no_other_label_or_key_shares() {
        let r = four(1);
        let walk = Walk::new(&r, Card::blank(1));
        assert_eq!(walk.letters(), vec![None, Some('d'), Some('p'), None]);
        let r = rubric(&[(1.0, "Novice"), (2.0, "Able"), (3.0, "Skilled")], 1);
        let walk = Walk::new(&r, Card::blank(1));
        assert_eq!(walk.letters(), vec![None, Some('a'), None]);
    }

    #[test]
    fn a_level_by_score_or_letter_then_its_note_then_the_next() {
        let r = four(2);
        let mut walk = Walk::new(&r, Card::blank(2));
        assert_eq!(walk.key(Key::Char('3')), Step::Moved);
        assert_eq!(walk.place, Place::Note(0));
        walk.text(TextEnd::Entered("  fine  ".to_owned()));
        assert_eq!(walk.place, Place::Level(1));
        assert_eq!(walk.key(Key::Char('D')), Step::Moved);
        walk.text(TextEnd::Entered(String::new()));
        assert_eq!(walk.place, Place::Comment);
        walk.text(TextEnd::Entered("ok".to_owned()));
        assert_eq!(walk.place, Place::Summary);
        assert_eq!(
            walk.card,
            Card {
                answers: vec![Answer::Level(2), Answer::Level(1)],
                notes: vec![Some("fine".to_owned()), None],
                comment: Some("ok".to_owned()),
            }
        );
        assert_eq!(walk.key(Key::Char('y')), Step::Record);
    }

    #[test]
    fn scores_that_longer_ones_start_with_wait_for_enter() {
        let r = rubric(&[(1.0, "A"), (2.0, "B"), (10.0, "C"), (2.5, "D")], 1);
        let mut walk = Walk::new(&r, Card::blank(1));
        assert_eq!(walk.key(Key::Char('1')), Step::Typing("1".to_owned()));
        assert_eq!(walk.key(Key::Char('0')), Step::Moved);
        assert_eq!(walk.card.answers[0], Answer::Level(2));
        walk.text(TextEnd::Back);
        assert_eq!(walk.place, Place::Level(0));
        assert_eq!(walk.key(Key::Char('2')), Step::Typing("2".to_owned()));
        assert_eq!(walk.key(Key::Enter), Step::Moved);
        assert_eq!(walk.card.answers[0], Answer::Level(1));
        walk.text(TextEnd::Back);
        assert_eq!(
            keys(&mut walk, &[Key::Char('2'), Key::Char('.'), Key::Char('5')]),
            vec![
                Step::Typing("2".to_owned()),
                Step::Typing("2.".to_owned()),
                Step::Moved
            ]
        );
        assert_eq!(walk.card.answers[0], Answer::Level(3));
        walk.text(TextEnd::Back);
        assert_eq!(
            walk.key(Key::Char('7')),
            Step::Say("`7` is not a level; press a level's score (1, 2, 10, 2.5) or letter (a, c, d), `n` not observed, `b` back, `s` skip the student, `?` details, Esc the summary, Enter keeps the answer".to_owned())
        );
    }

    #[test]
    fn back_not_observed_skip_details_and_esc() {
        let r = four(3);
        let mut walk = Walk::new(&r, Card::blank(3));
        assert_eq!(
            walk.key(Key::Char('b')),
            Step::Say("this is the first criterion".to_owned())
        );
        assert_eq!(walk.key(Key::Char('n')), Step::Moved);
        assert_eq!(walk.place, Place::Level(1));
        assert_eq!(walk.key(Key::Backspace), Step::Moved);
        assert_eq!(walk.place, Place::Level(0));
        assert_eq!(walk.card.answers[0], Answer::NotObserved);
        // Enter keeps an answer.
        assert_eq!(walk.key(Key::Enter), Step::Moved);
        assert_eq!(walk.place, Place::Level(1));
        assert_eq!(walk.key(Key::Char('?')), Step::Details);
        assert_eq!(walk.key(Key::Esc), Step::Moved);
        assert_eq!(walk.place, Place::Summary);
        assert_eq!(walk.key(Key::Char('s')), Step::Skip);
    }

    #[test]
    fn the_summary_refuses_open_criteria_and_changes_one() {
        let r = four(3);
        let mut walk = Walk::new(&r, Card::blank(3));
        walk.key(Key::Char('4'));
        walk.text(TextEnd::Entered(String::new()));
        walk.key(Key::Esc);
        assert_eq!(
            walk.key(Key::Enter),
            Step::Say("criteria 2, 3 have no level yet: pick each by number and give a level, or `n` if not observed".to_owned())
        );
        assert_eq!(walk.key(Key::Char('3')), Step::Moved);
        assert_eq!(walk.place, Place::Level(2));
        walk.key(Key::Char('n'));
        assert_eq!(walk.place, Place::Summary);
        walk.key(Key::Char('2'));
        walk.key(Key::Char('1'));
        walk.text(TextEnd::Entered("n".to_owned()));
        assert_eq!(walk.place, Place::Summary);
        assert_eq!(
            walk.card.answers,
            vec![Answer::Level(3), Answer::Level(0), Answer::NotObserved]
        );
        assert_eq!(walk.card.notes[1].as_deref(), Some("n"));
        assert_eq!(walk.key(Key::Char('9')), Step::Say("there is no criterion 9; `y` or Enter records, 1–3 changes that criterion, `c` the comment, `b` back to the criteria, `s` skips the student".to_owned()));
        walk.key(Key::Char('c'));
        assert_eq!(walk.place, Place::Comment);
        walk.text(TextEnd::Esc);
        assert_eq!(walk.place, Place::Summary);
        assert_eq!(walk.key(Key::Char('y')), Step::Record);
    }

    #[test]
    fn nothing_but_not_observed_is_not_recorded() {
        let r = four(1);
        let mut walk = Walk::new(&r, Card::blank(1));
        walk.key(Key::Char('n'));
        walk.text(TextEnd::Entered(String::new()));
        assert_eq!(walk.place, Place::Summary);
        assert!(matches!(walk.key(Key::Char('y')), Step::Say(_)));
    }

    #[test]
    fn a_full_card_starts_at_the_summary() {
        let r = four(2);
        let card = Card {
            answers: vec![Answer::Level(1), Answer::NotObserved],
            notes: vec![None, None],
            comment: None,
        };
        let walk = Walk::new(&r, card);
        assert_eq!(walk.place, Place::Summary);
    }

    #[test]
    fn many_criteria_take_two_digits_at_the_summary() {
        let r = four(12);
        let mut walk = Walk::new(&r, Card::blank(12));
        walk.key(Key::Esc);
        assert_eq!(walk.key(Key::Char('1')), Step::Typing("1".to_owned()));
        assert_eq!(walk.key(Key::Char('2')), Step::Moved);
        assert_eq!(walk.place, Place::Level(11));
        walk.key(Key::Esc);
        walk.key(Key::Char('1'));
        assert_eq!(walk.key(Key::Enter), Step::Moved);
        assert_eq!(walk.place, Place::Level(0));
    }
}
