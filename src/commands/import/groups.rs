//! The assessments an import gathers from its rows, in memory that grows with their number,
//! not with the rows: each key's IDs stored once (interned), each assessment's number (the one
//! its scores are staged under, `store::staged`) and first comment.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasher as _, RandomState};

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use crate::store::assessments::{Key, Role};

/// A key as the numbers of its IDs: session, student, rater, and the rubric's with the role in
/// its two top bits (16 bytes: the lookup of 600,000 assessments fits in a few megabytes).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Compact([u32; 4]);

const ROLES: [Role; 3] = [Role::Instructor, Role::Peer, Role::SelfAssessment];

impl Compact {
    fn new(session: u32, student: u32, rater: u32, role: Role, rubric: u32) -> Self {
        assert!(rubric < 1 << 30, "fewer than 2^30 names");
        let role: u32 = match role {
            Role::Instructor => 0,
            Role::Peer => 1,
            Role::SelfAssessment => 2,
        };
        Compact([session, student, rater, rubric | role << 30])
    }

    fn role(self) -> Role {
        ROLES[(self.0[3] >> 30) as usize]
    }

    fn rubric(self) -> u32 {
        self.0[3] & ((1 << 30) - 1)
    }
}

/// How many criteria of a rubric (its first) `Groups::scored` tracks.
pub const TRACKED: usize = 8;

#[derive(Default)]
pub struct Groups {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
    /// Each assessment's number, found by its key: the table holds only the numbers (4 bytes
    /// each), the keys are in `keys` (a map of key to number held every key twice, and at
    /// 600,000 assessments its growth alone was 30 MB).
    numbers: HashTable<u32>,
    hasher: RandomState,
    /// Each assessment's key, by number.
    keys: Vec<Compact>,
    /// The first comment of each assessment that has one, and its line, by number.
    comments: HashMap<u32, (Box<str>, u64)>,
    /// The criteria among the first eight of its rubric that each assessment has a score of,
    /// as bits, by number: one byte per assessment (the staged table knows the others).
    scored: Vec<u8>,
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
        let compact = Compact::new(
            self.id(&key.session),
            self.id(&key.student),
            self.id(&key.rater),
            key.role,
            self.id(&key.rubric),
        );
        let next = u32::try_from(self.keys.len()).expect("fewer than 2^32 assessments");
        let (keys, hasher) = (&self.keys, &self.hasher);
        let found = self.numbers.entry(
            hasher.hash_one(compact),
            |&n| keys[n as usize] == compact,
            |&n| hasher.hash_one(keys[n as usize]),
        );
        match found {
            Entry::Occupied(entry) => (*entry.get(), false),
            Entry::Vacant(entry) => {
                entry.insert(next);
                self.keys.push(compact);
                self.scored.push(0);
                (next, true)
            }
        }
    }

    /// Notes a score of assessment `number` at `position` (below `TRACKED`): whether it
    /// already had one.
    pub fn scored(&mut self, number: u32, position: usize) -> bool {
        assert!(
            position < TRACKED,
            "positions from {TRACKED} on are not tracked here"
        );
        let bits = &mut self.scored[number as usize];
        let had = *bits & (1 << position) != 0;
        *bits |= 1 << position;
        had
    }

    /// Notes the comment of a row of assessment `number`; the first comment and its line when
    /// this one differs from it.
    pub fn comment(&mut self, number: u32, comment: &str, line: u64) -> Option<u64> {
        if let Some((first, at)) = self.comments.get(&number) {
            return (**first != *comment).then_some(*at);
        }
        self.comments.insert(number, (comment.into(), line));
        None
    }

    /// Every assessment in the order of its key (session, student, rater, role, rubric, as
    /// `Key` orders them).
    pub fn in_key_order(self) -> Ordered {
        let Groups {
            names,
            numbers,
            keys,
            comments,
            scored,
            ..
        } = self;
        // The lookups are done with: their memory goes before the order is made.
        drop((numbers, scored));
        let name = |id: u32| &*names[id as usize];
        let compare = |a: &Compact, b: &Compact| -> Ordering {
            let ([session, student, rater, _], [session_b, student_b, rater_b, _]) = (a.0, b.0);
            name(session)
                .cmp(name(session_b))
                .then_with(|| name(student).cmp(name(student_b)))
                .then_with(|| name(rater).cmp(name(rater_b)))
                .then_with(|| a.role().cmp(&b.role()))
                .then_with(|| name(a.rubric()).cmp(name(b.rubric())))
        };
        let mut order: Vec<u32> = (0..u32::try_from(keys.len()).unwrap_or(u32::MAX)).collect();
        order.sort_unstable_by(|&a, &b| compare(&keys[a as usize], &keys[b as usize]));
        Ordered {
            names,
            keys,
            order,
            comments,
        }
    }
}

/// The assessments in the order of their keys.
pub struct Ordered {
    names: Vec<Box<str>>,
    keys: Vec<Compact>,
    order: Vec<u32>,
    comments: HashMap<u32, (Box<str>, u64)>,
}

impl Ordered {
    /// Their numbers, in order.
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.order.iter().copied()
    }

    /// The key and comment of the assessment at `rank` (each is taken once).
    pub fn take(&mut self, rank: usize) -> (Key, Option<String>) {
        let number = self.order[rank];
        let compact = self.keys[number as usize];
        let [session, student, rater, _] = compact.0;
        let name = |id: u32| self.names[id as usize].to_string();
        let key = Key {
            session: name(session),
            student: name(student),
            rater: name(rater),
            role: compact.role(),
            rubric: name(compact.rubric()),
        };
        let comment = self.comments.remove(&number).map(|(c, _)| c.into_string());
        (key, comment)
    }
}
