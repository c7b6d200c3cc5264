//! The assessments an import gathers from its rows, in memory that grows with their number,
//! not with the rows: each key's IDs stored once (interned), each assessment's number (the one
//! its scores are staged under, `store::staged`) and first comment.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::store::assessments::{Key, Role};

/// A key as the numbers of its IDs: session, student, rater, role, rubric.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Compact([u32; 4], Role);

#[derive(Default)]
pub struct Groups {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
    numbers: HashMap<Compact, u32>,
    /// Each assessment's first comment and its line, by number.
    comments: Vec<Option<(Box<str>, u64)>>,
}

impl Groups {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 2^32 names");
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    /// The number of the assessment with this key, and whether this row is its first.
    pub fn number(&mut self, key: &Key) -> (u32, bool) {
        let compact = Compact(
            [
                self.id(&key.session),
                self.id(&key.student),
                self.id(&key.rater),
                self.id(&key.rubric),
            ],
            key.role,
        );
        let next = u32::try_from(self.comments.len()).expect("fewer than 2^32 assessments");
        let number = *self.numbers.entry(compact).or_insert(next);
        if number == next {
            self.comments.push(None);
        }
        (number, number == next)
    }

    /// Notes the comment of a row of assessment `number`; the first comment and its line when
    /// this one differs from it.
    pub fn comment(&mut self, number: u32, comment: &str, line: u64) -> Option<u64> {
        let slot = &mut self.comments[number as usize];
        if let Some((first, at)) = slot {
            return (**first != *comment).then_some(*at);
        }
        *slot = Some((comment.into(), line));
        None
    }

    /// Every assessment in the order of its key (session, student, rater, role, rubric, as
    /// `Key` orders them).
    pub fn in_key_order(self) -> Ordered {
        let Groups {
            names,
            numbers,
            comments,
            ..
        } = self;
        let mut order: Vec<(Compact, u32)> = numbers.into_iter().collect();
        let name = |id: u32| &*names[id as usize];
        let compare = |a: &Compact, b: &Compact| -> Ordering {
            let (Compact([session, student, rater, rubric], role), other) = (a, b);
            let Compact([session_b, student_b, rater_b, rubric_b], role_b) = other;
            name(*session)
                .cmp(name(*session_b))
                .then_with(|| name(*student).cmp(name(*student_b)))
                .then_with(|| name(*rater).cmp(name(*rater_b)))
                .then_with(|| role.cmp(role_b))
                .then_with(|| name(*rubric).cmp(name(*rubric_b)))
        };
        order.sort_unstable_by(|(a, _), (b, _)| compare(a, b));
        Ordered {
            names,
            order,
            comments,
        }
    }
}

/// The assessments in the order of their keys.
pub struct Ordered {
    names: Vec<Box<str>>,
    order: Vec<(Compact, u32)>,
    comments: Vec<Option<(Box<str>, u64)>>,
}

impl Ordered {
    /// Their numbers, in order.
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.order.iter().map(|&(_, number)| number)
    }

    /// The key and comment of the assessment at `rank` (each is taken once).
    pub fn take(&mut self, rank: usize) -> (Key, Option<String>) {
        let (Compact([session, student, rater, rubric], role), number) = self.order[rank];
        let name = |id: u32| self.names[id as usize].to_string();
        let key = Key {
            session: name(session),
            student: name(student),
            rater: name(rater),
            role,
            rubric: name(rubric),
        };
        let comment = self.comments[number as usize]
            .take()
            .map(|(c, _)| c.into_string());
        (key, comment)
    }
}
