//! The data behind `rapport demo`: the shipped course written to a folder, and a gradebook
//! holding a synthetic cohort scored over one twelve-week term.
//!
//! Everything is decided by one `ChaCha8` stream seeded from `Options::seed`, walked in a fixed
//! order, and every time recorded is derived from a session date: the same options give the
//! same roster, sessions, assessments, revisions and timestamps, down to the roster's
//! `created_at` and `archived_at` stamps.
//!
//! The cohort is shaped to make every view interesting: latent abilities per skill that grow
//! over the term (a few students plateau, one or two struggle, one or two start strong),
//! students who stopped coming more than `recent_days` ago, one who left and is archived,
//! double-scored assessments (inter-rater agreement), self-assessments that over- and
//! underrate (blind spots, hidden strengths), peer ratings in team projects, instructor
//! comments and notes, and a couple of amendments in the audit trail.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, Weekday};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rusqlite::Transaction;

use crate::commands::init::scaffold;
use crate::course::model::{Course, Rubric};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::assessments::{self, Draft, Key, Outcome, Role, Score};
use crate::store::roster::{self, Instructor, Session, Student};

/// What to generate.
pub struct Options {
    /// How many students the cohort has.
    pub students: usize,
    /// Seeds every random choice.
    pub seed: u64,
    /// The last day of the term: no session is later.
    pub today: Date,
}

/// What `build` wrote.
pub struct Built {
    /// The course folder.
    pub course: PathBuf,
    pub database: PathBuf,
    pub students: usize,
    pub instructors: usize,
    pub sessions: usize,
    /// Assessments recorded (amendments are revisions of these, not counted again).
    pub assessments: usize,
}

/// `store::roster` stamps rows with the clock; a demo's are derived from its term instead, so
/// the same options give the same database: people join the day before the first session,
/// each session is entered on its own date, and a student who left is archived the day after
/// their last assessment.
fn stamp_roster(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "UPDATE student SET created_at = (SELECT date(MIN(date), '-1 day') FROM session) || 'T09:00:00Z';
         UPDATE instructor SET created_at = (SELECT date(MIN(date), '-1 day') FROM session) || 'T09:00:00Z';
         UPDATE session SET created_at = date || 'T08:00:00Z';
         UPDATE student SET archived_at = (
             SELECT date(MAX(s.date), '+1 day') FROM assessment a JOIN session s ON s.id = a.session_id
             WHERE a.student_id = student.id
         ) || 'T12:00:00Z'
         WHERE archived_at IS NOT NULL;",
    )?;
    Ok(())
}

/// Writes the shipped course into `course_dir` (which must not already hold course.yaml) and a
/// gradebook `course_dir/rapport.db` with a synthetic cohort. Deterministic: the same options
/// give identical data (every time stamp is derived from a session date, never the clock).
/// `progress(done, total)` is called once before the first student
/// and after each one; `total` is the number of students.
pub fn build(
    course_dir: &Path,
    options: &Options,
    mut progress: impl FnMut(usize, usize),
) -> Result<Built> {
    if !(1900..=9000).contains(&options.today.year()) {
        return Err(Error::Refused {
            message: format!(
                "a demo term cannot end on {}: choose a date between 1900 and 9000",
                options.today
            ),
            hint: None,
        });
    }
    let files = scaffold();
    if let Some(existing) = std::iter::once("course.yaml")
        .chain(files.iter().map(|(path, _)| path.as_str()))
        .chain(std::iter::once("rapport.db"))
        .map(|path| course_dir.join(path))
        .find(|path| path.exists())
    {
        return Err(Error::AlreadyExists { path: existing });
    }
    for (path, text) in &files {
        let path = course_dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
        }
        fs::write(&path, text).map_err(Error::io("write", &path))?;
    }
    let loaded = crate::course::load(course_dir)?;
    let course = loaded.course.ok_or(Error::CourseInvalid {
        errors: loaded.report.diagnostics.len(),
    })?;
    let database = course
        .database
        .clone()
        .unwrap_or_else(|| course_dir.join("rapport.db"));

    let mut dice = Dice(ChaCha8Rng::seed_from_u64(options.seed));
    let term = Term::new(options.today);
    let sessions = plan_sessions(&mut dice, &course, &term);
    let students = plan_students(&mut dice, &course, &sessions, options.students);
    let peers = plan_peers(&mut dice, &course, &sessions, &students);

    let mut store = Store::open(&database)?;
    let assessments = store.write(|tx| {
        let mut writer = Writer {
            tx,
            course: &course,
            term: &term,
            sessions: &sessions,
            dice: &mut dice,
            clocks: sessions.iter().map(|s| s.clocks).collect(),
            recorded: 0,
            amendable: Vec::new(),
        };
        writer.roster(&students)?;
        progress(0, students.len());
        for (index, student) in students.iter().enumerate() {
            writer.student(index, student, &students, &peers)?;
            if student.archived {
                roster::archive_student(tx, &student.id)?;
            }
            progress(index + 1, students.len());
        }
        writer.amendments(students.len())?;
        stamp_roster(tx)?;
        Ok(writer.recorded)
    })?;
    Ok(Built {
        course: course_dir.to_path_buf(),
        database,
        students: students.len(),
        instructors: INSTRUCTORS.len(),
        sessions: sessions.len(),
        assessments,
    })
}

// ---------------------------------------------------------------------------------------------
// Randomness: the few helpers the generator needs over `ChaCha8`'s raw output.

struct Dice(ChaCha8Rng);

impl Dice {
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high).
    fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
        // Lemire's multiply-shift: the high word of a 128-bit product; the bias is < n / 2^64.
        let high = (u128::from(self.0.next_u64()) * u128::from(n)) >> 64;
        usize::try_from(high).unwrap_or(0)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// Roughly standard normal (Irwin–Hall: twelve uniforms).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    /// An index drawn in proportion to `weights` (at least one positive).
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        for (index, weight) in weights.iter().enumerate() {
            if *weight > 0.0 && target < *weight {
                return index;
            }
            target -= weight;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------------------------
// The term: twelve weeks ending at (and including) today. Days are counted from its first day.

const TERM_DAYS: i32 = 84;
/// Today.
const LAST_DAY: i32 = TERM_DAYS - 1;
/// "Stopped attending five weeks ago": further back than the course's 30 `recent_days`.
const LAPSED_DAYS_AGO: [i32; 2] = [35, 42];

struct Term {
    start: Date,
    cohort: String,
}

impl Term {
    fn new(today: Date) -> Term {
        let start = add_days(today, -(TERM_DAYS - 1));
        let season = match start.month() {
            3..=5 => "spring",
            6..=8 => "summer",
            9..=11 => "autumn",
            _ => "winter",
        };
        Term {
            start,
            cohort: format!("{}-{season}", start.year()),
        }
    }

    fn date(&self, day: i32) -> Date {
        add_days(self.start, day)
    }

    /// How far into the term a day is, from 0 to 1.
    fn progress(day: i32) -> f64 {
        f64::from(day) / f64::from(LAST_DAY)
    }

    /// RFC 3339 in UTC, to the second, as `store::now()` writes it: `day` of the term plus
    /// `seconds` after midnight (which may run into the following days).
    fn timestamp(&self, day: i32, seconds: i64) -> String {
        let date = self.date(day);
        let midnight = date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .expect("a term date is in range")
            .timestamp();
        jiff::Timestamp::from_second(midnight.as_second() + seconds)
            .expect("a term date is in range")
            .to_string()
    }
}

fn add_days(date: Date, days: i32) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .expect("dates are checked to be far from the ends of the calendar")
}

// ---------------------------------------------------------------------------------------------
// Instructors and sessions.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Live,
    Team,
    Mentorship,
    Etiquette,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Live, Kind::Team, Kind::Mentorship, Kind::Etiquette];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Live => "live",
            Kind::Team => "team",
            Kind::Mentorship => "mentorship",
            Kind::Etiquette => "etiquette",
        }
    }

    fn index(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

struct Teacher {
    id: &'static str,
    name: &'static str,
    /// Added to every level this instructor gives before rounding: + generous, − strict.
    bias: f64,
    /// How likely this instructor leads each kind of session, in `Kind::ALL` order.
    leads: [f64; 4],
}

const INSTRUCTORS: [Teacher; 4] = [
    Teacher {
        id: "jo",
        name: "Jo Whitfield",
        bias: 0.0,
        leads: [2.0, 1.0, 1.0, 5.0],
    },
    Teacher {
        id: "sam",
        name: "Sam Okonkwo",
        bias: 0.2,
        leads: [4.0, 1.0, 0.0, 1.0],
    },
    Teacher {
        id: "priya",
        name: "Priya Raman",
        bias: -0.05,
        leads: [1.0, 1.0, 5.0, 1.0],
    },
    Teacher {
        id: "marcus",
        name: "Marcus Lindqvist",
        bias: -0.25,
        leads: [2.0, 5.0, 0.0, 1.0],
    },
];

/// When in the term (0 to 1) each rubric is first used: the order of the curriculum's
/// prerequisites (etiquette, then communication, running a session, emotional intelligence…).
const INTRODUCED: [(&str, f64); 7] = [
    ("professional-etiquette", 0.0),
    ("artist-communication", 0.0),
    ("session-management", 0.15),
    ("emotional-awareness", 0.25),
    ("collaboration", 0.3),
    ("problem-solving", 0.4),
    ("adaptability", 0.55),
];

/// The rubrics a live session may assess.
const LIVE_RUBRICS: [&str; 5] = [
    "artist-communication",
    "session-management",
    "emotional-awareness",
    "problem-solving",
    "adaptability",
];

/// What a mentorship meeting looks at: the criteria a one-to-one conversation can judge.
const MENTORSHIP_FOCUS: [(&str, &[&str]); 2] = [
    (
        "emotional-awareness",
        &["reflection", "self-regulation", "confidence"],
    ),
    ("artist-communication", &["written-follow-up", "listening"]),
];

/// Fictional artists and what they come in to do (a returning artist does the second thing).
const ARTISTS: [(&str, [&str; 2]); 14] = [
    ("Maren Holt", ["Vocal tracking", "Vocal comping"]),
    (
        "The Velvet Understudies",
        ["Live band tracking", "Overdubs"],
    ),
    ("Kofi Mensah Trio", ["Live jazz trio session", "Mix review"]),
    ("Luna Ferreira", ["Vocal tracking", "Harmony session"]),
    ("Dead Pixel Choir", ["Choir recording", "Pick-ups"]),
    ("Saoirse Quinn", ["Acoustic EP session", "Vocal comping"]),
    ("Ayo Blaze", ["Rap vocal session", "Ad-libs and doubles"]),
    ("Hana Sato", ["Piano and vocal session", "Mix review"]),
    ("Ruff Diamond", ["Drum tracking", "Guitar overdubs"]),
    (
        "Marisol Vega Quartet",
        ["String quartet session", "Edit and playback"],
    ),
    ("Northbound Static", ["Live band tracking", "Overdubs"]),
    ("Tomás Herrera", ["Guitar and vocal session", "Overdubs"]),
    ("Ife Adeyemi", ["Vocal tracking", "Vocal comping"]),
    ("Glass Harbour", ["Drum tracking", "Mix review"]),
];

const TEAM_TITLES: [&str; 6] = [
    "Team project: kickoff and role chart",
    "Team project: tracking day",
    "Team project: overdub and edit hand-offs",
    "Team project: mix revisions with the client",
    "Team project: stems delivery",
    "Team project: client playback and debrief",
];

const ETIQUETTE_TITLES: [&str; 6] = [
    "Etiquette drill: the record-ready checklist",
    "Etiquette drill: talkback and control-room conduct",
    "Etiquette drill: visitors, A&R and confidentiality",
    "Etiquette drill: session files and hand-off",
    "Etiquette drill: knowing your role in the room",
    "Etiquette drill: the difficult-client role-play",
];

const MENTORSHIP_TITLES: [&str; 4] = [
    "Mentorship: first reflections",
    "Mentorship: mid-term check-in",
    "Mentorship: reviewing your session notes",
    "Mentorship: planning the final weeks",
];

struct Planned {
    id: String,
    day: i32,
    kind: Kind,
    title: String,
    artist: Option<String>,
    /// Indices into `Course::rubrics`.
    rubrics: Vec<usize>,
    /// Per rubric above, the criterion indices this session could observe.
    observed: Vec<Vec<usize>>,
    /// Indices into `INSTRUCTORS`.
    lead: usize,
    second: Option<usize>,
    /// Seconds after 17:00 at which each instructor starts scoring this session.
    clocks: [i64; 4],
}

fn rubric_index(course: &Course, id: &str) -> Option<usize> {
    course.rubrics.iter().position(|r| r.id == id)
}

fn introduced(id: &str) -> f64 {
    INTRODUCED
        .iter()
        .find(|(rubric, _)| *rubric == id)
        .map_or(0.0, |(_, at)| *at)
}

/// The session days: the last one to three days before today, then back in steps of three or
/// four days (two a week), with one week off in the middle of the term and no Sundays.
fn session_days(dice: &mut Dice, term: &Term) -> Vec<i32> {
    let last = LAST_DAY - 1 - i32::try_from(dice.below(3)).unwrap_or(0);
    let break_day = 35 + i32::try_from(dice.below(14)).unwrap_or(0);
    let mut days = vec![last];
    let mut day = last;
    let mut short = dice.chance(0.5);
    let mut rested = false;
    loop {
        let mut gap = if short { 3 } else { 4 };
        short = !short;
        if !rested && day - gap < break_day {
            gap += 7;
            rested = true;
        }
        day -= gap;
        if term.date(day).weekday() == Weekday::Sunday {
            day -= 1;
        }
        if day < 0 {
            break;
        }
        days.push(day);
    }
    days.reverse();
    days
}

fn plan_sessions(dice: &mut Dice, course: &Course, term: &Term) -> Vec<Planned> {
    let days = session_days(dice, term);
    let width = days.len().to_string().len().max(2);
    let mut artists: Vec<usize> = (0..ARTISTS.len()).collect();
    dice.shuffle(&mut artists);
    // The team project's client stays the same all term.
    let client = ARTISTS[artists.remove(0)].0;
    let mut bookings = Bookings {
        order: artists,
        next: 0,
        last: None,
    };
    let mut used = vec![0usize; course.rubrics.len()];
    let mut counts = [0usize; 4];
    let mut previous: Option<Kind> = None;
    let mut sessions = Vec::with_capacity(days.len());
    for (number, &day) in days.iter().enumerate() {
        let p = Term::progress(day);
        let kind = session_kind(dice, number, p, &counts, previous);
        if kind != Kind::Live {
            previous = Some(kind);
        }
        let nth = counts[kind.index()];
        counts[kind.index()] += 1;
        let (title, artist) = match kind {
            Kind::Live => {
                let (title, artist) = bookings.next(dice);
                (title, Some(artist))
            }
            Kind::Team => (cycle(&TEAM_TITLES, nth), Some(client.to_owned())),
            Kind::Mentorship => (cycle(&MENTORSHIP_TITLES, nth), None),
            Kind::Etiquette => (cycle(&ETIQUETTE_TITLES, nth), None),
        };
        let rubrics = session_rubrics(dice, course, kind, p, &mut used);
        let observed = rubrics
            .iter()
            .map(|&r| observed_criteria(dice, &course.rubrics[r], kind))
            .collect();
        let leads: Vec<f64> = INSTRUCTORS.iter().map(|t| t.leads[kind.index()]).collect();
        let lead = dice.weighted(&leads);
        let second = (kind != Kind::Mentorship).then(|| {
            let others: Vec<f64> = (0..INSTRUCTORS.len())
                .map(|i| if i == lead { 0.0 } else { 1.0 })
                .collect();
            dice.weighted(&others)
        });
        let mut clocks = [0i64; 4];
        for clock in &mut clocks {
            *clock = i64::try_from(dice.below(40 * 60)).unwrap_or(0);
        }
        sessions.push(Planned {
            id: format!("s{:0width$}", number + 1),
            day,
            kind,
            title,
            artist,
            rubrics,
            observed,
            lead,
            second,
            clocks,
        });
    }
    sessions
}

/// Two sessions a week: a studio day with a visiting artist, and a workshop: etiquette drills
/// first, then the team project (kicked off once collaboration is introduced), with mentorship
/// meetings from mid-term.
fn session_kind(
    dice: &mut Dice,
    number: usize,
    p: f64,
    counts: &[usize; 4],
    previous: Option<Kind>,
) -> Kind {
    if number % 2 == 1 {
        Kind::Live
    } else if p < introduced("collaboration") {
        Kind::Etiquette
    } else if counts[Kind::Team.index()] == 0 {
        Kind::Team
    } else if p >= 0.45 && counts[Kind::Mentorship.index()] == 0 {
        Kind::Mentorship
    } else {
        let weights: Vec<f64> = Kind::ALL
            .iter()
            .map(|kind| {
                let base = match kind {
                    Kind::Live => 0.0,
                    Kind::Team => 0.5,
                    Kind::Mentorship => 0.3,
                    Kind::Etiquette => 0.2,
                };
                if previous == Some(*kind) {
                    base * 0.4
                } else {
                    base
                }
            })
            .collect();
        Kind::ALL[dice.weighted(&weights)]
    }
}

/// Who comes in for the live sessions: each artist in turn, now and then one coming back for
/// their second activity.
struct Bookings {
    /// Indices into `ARTISTS`.
    order: Vec<usize>,
    next: usize,
    /// The previous artist, while they may still come back.
    last: Option<usize>,
}

impl Bookings {
    /// The next live session's title and artist.
    fn next(&mut self, dice: &mut Dice) -> (String, String) {
        let (artist, activity) = if let Some(artist) = self.last.filter(|_| dice.chance(0.25)) {
            self.last = None;
            (artist, 1)
        } else {
            let artist = self.order[self.next % self.order.len()];
            let round = self.next / self.order.len();
            self.next += 1;
            self.last = Some(artist);
            (artist, round % 2)
        };
        let (name, activities) = ARTISTS[artist];
        (
            format!("{} with {name}", activities[activity]),
            name.to_owned(),
        )
    }
}

/// The nth title of a list, marked as a repeat once the list runs out.
fn cycle(titles: &[&str], nth: usize) -> String {
    let title = titles[nth % titles.len()];
    if nth < titles.len() {
        title.to_owned()
    } else {
        format!("{title} (revisited)")
    }
}

/// The rubrics a session assesses: the kind's own, and for live sessions one or two of those
/// introduced by then, least used first so that every skill is seen through the term.
fn session_rubrics(
    dice: &mut Dice,
    course: &Course,
    kind: Kind,
    p: f64,
    used: &mut [usize],
) -> Vec<usize> {
    let available = |dice: &mut Dice, used: &[usize]| -> Vec<usize> {
        let mut pool: Vec<(usize, usize, usize)> = LIVE_RUBRICS
            .iter()
            .filter(|id| introduced(id) <= p)
            .filter_map(|id| rubric_index(course, id))
            .map(|r| (used[r], dice.below(1000), r))
            .collect();
        pool.sort_unstable();
        pool.into_iter().map(|(_, _, r)| r).collect()
    };
    let mut chosen: Vec<usize> = match kind {
        Kind::Etiquette => rubric_index(course, "professional-etiquette")
            .into_iter()
            .collect(),
        Kind::Live => {
            let count = if dice.chance(0.55) { 2 } else { 1 };
            available(dice, used).into_iter().take(count).collect()
        }
        Kind::Team => {
            let mut chosen: Vec<usize> =
                rubric_index(course, "collaboration").into_iter().collect();
            if dice.chance(0.3) {
                chosen.extend(available(dice, used).into_iter().take(1));
            }
            chosen
        }
        Kind::Mentorship => ["emotional-awareness", "artist-communication"]
            .iter()
            .filter(|id| introduced(id) <= p)
            .find_map(|id| rubric_index(course, id))
            .into_iter()
            .collect(),
    };
    if chosen.is_empty() && !course.rubrics.is_empty() {
        chosen.push(0);
    }
    for &r in &chosen {
        used[r] += 1;
    }
    chosen
}

/// The criteria a session gives a chance to observe: a mentorship meeting's focus, otherwise
/// nearly all of them (now and then one that the session did not bring up).
fn observed_criteria(dice: &mut Dice, rubric: &Rubric, kind: Kind) -> Vec<usize> {
    let all: Vec<usize> = (0..rubric.criteria.len()).collect();
    if kind == Kind::Mentorship {
        if let Some((_, focus)) = MENTORSHIP_FOCUS.iter().find(|(id, _)| *id == rubric.id) {
            let chosen: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&c| focus.contains(&rubric.criteria[c].id.as_str()))
                .collect();
            if !chosen.is_empty() {
                return chosen;
            }
        }
    }
    if all.len() > 3 && dice.chance(0.25) {
        let dropped = dice.below(all.len());
        return all.into_iter().filter(|&c| c != dropped).collect();
    }
    all
}

// ---------------------------------------------------------------------------------------------
// Students.

const FIRST_NAMES: [&str; 60] = [
    "Amara", "Kenji", "Sofia", "Mateo", "Aisha", "Liam", "Ananya", "Jun", "Fatima", "Oskar", "Zoë",
    "Tariq", "Ingrid", "Kwabena", "Mei", "Diego", "Leila", "Hamish", "Yuki", "Nadia", "Emeka",
    "Astrid", "Rafael", "Thandiwe", "Luca", "Imani", "Niamh", "Arjun", "Camila", "Dmitri",
    "Aaliyah", "Finn", "Noor", "Elif", "Tomasz", "Adaeze", "Hugo", "Saanvi", "Bjørn", "Lucía",
    "Rosa", "Jamal", "Freya", "Hiroshi", "Zainab", "Pablo", "Inès", "Malik", "Siobhán", "Wei",
    "Olamide", "Marta", "Rohan", "Keanu", "Anouk", "Samir", "Beatriz", "José", "Yara", "Callum",
];

const LAST_NAMES: [&str; 60] = [
    "Okafor",
    "Tanaka",
    "Rossi",
    "García",
    "Haddad",
    "Murphy",
    "Chen",
    "Nowak",
    "Andersson",
    "Mensah",
    "Kim",
    "Silva",
    "Mahmoud",
    "Fraser",
    "Nakamura",
    "Petrov",
    "Adeyemi",
    "Lindgren",
    "Fernández",
    "Iyer",
    "Schmidt",
    "Dlamini",
    "Moretti",
    "Park",
    "Osei",
    "O'Brien",
    "Kowalski",
    "Nguyen",
    "Santos",
    "Novak",
    "Al-Sayed",
    "Johansson",
    "Banerjee",
    "Walker",
    "Yılmaz",
    "Costa",
    "Hughes",
    "Ito",
    "Mwangi",
    "Dubois",
    "Bianchi",
    "Reyes",
    "Larsen",
    "Sato",
    "Achebe",
    "Horváth",
    "Khan",
    "MacLeod",
    "Ortiz",
    "Varga",
    "Nilsson",
    "Gupta",
    "Boateng",
    "Castillo",
    "Ahmed",
    "Brennan",
    "López",
    "Takahashi",
    "Eze",
    "Svensson",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Archetype {
    Typical,
    Strong,
    Struggling,
    Plateau,
}

struct PlannedStudent {
    id: String,
    name: String,
    /// Overall ability, from which each skill's starting point varies a little.
    general: f64,
    plateau_at: f64,
    /// Per rubric of the course: (starting latent level, growth over the term).
    skills: Vec<(f64, f64)>,
    /// Per rubric and criterion: this student's relative strength in it.
    offsets: Vec<Vec<f64>>,
    /// Per session: whether the student was there.
    attends: Vec<bool>,
    /// How far self-ratings sit from the instructors' view (blind spot > 0 > hidden strength).
    self_bias: Option<f64>,
    archived: bool,
}

impl PlannedStudent {
    /// The level this student works at in a criterion on `day`, before rater and noise.
    fn latent(&self, course: &Course, rubric: usize, criterion: usize, day: i32) -> f64 {
        let (start, growth) = self.skills[rubric];
        let p = Term::progress(day).min(self.plateau_at);
        let from = introduced(&course.rubrics[rubric].id);
        let practised = if from < 1.0 {
            ((p - from) / (1.0 - from)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        start + self.offsets[rubric][criterion] + growth * (0.5 * p + 0.5 * practised)
    }
}

/// An ASCII, lower-case slug of a name: accents dropped, anything else becomes `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars().flat_map(char::to_lowercase) {
        let plain = match ch {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
            'æ' => "ae",
            'ç' | 'č' | 'ć' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
            'ł' => "l",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ş' | 'š' => "s",
            'ß' => "ss",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' => "y",
            'ž' => "z",
            'ğ' => "g",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if plain == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(plain);
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Full names, all different (up to 3,600 students), with IDs from the first name and the
/// last name's initial, numbered when taken.
fn names(dice: &mut Dice, count: usize) -> Vec<(String, String)> {
    let mut first: Vec<&str> = FIRST_NAMES.to_vec();
    let mut last: Vec<&str> = LAST_NAMES.to_vec();
    dice.shuffle(&mut first);
    dice.shuffle(&mut last);
    let mut taken: Vec<String> = Vec::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let (block, j) = (i / first.len(), i % first.len());
        let given = first[j];
        let family = last[(j + block) % last.len()];
        let initial: String = slug(family).chars().take(1).collect();
        let stem = format!("{}-{initial}", slug(given));
        let mut id = stem.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{stem}{n}");
            n += 1;
        }
        taken.push(id.clone());
        out.push((id, format!("{given} {family}")));
    }
    out
}

/// Who is who, by student index: each one's archetype, the one who left mid-term (from ten
/// students up) and those who stopped coming more than `recent_days` ago (one from four
/// students up, two from twenty).
fn cast(dice: &mut Dice, count: usize) -> (Vec<Archetype>, Option<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..count).collect();
    dice.shuffle(&mut order);
    let few = usize::from(count >= 4) + usize::from(count >= 12);
    let (strong, struggling, plateau) = (few, few, count / 8);
    let mut archetype = vec![Archetype::Typical; count];
    for (position, &student) in order.iter().enumerate() {
        archetype[student] = if position < strong {
            Archetype::Strong
        } else if position < strong + struggling {
            Archetype::Struggling
        } else if position < strong + struggling + plateau {
            Archetype::Plateau
        } else {
            Archetype::Typical
        };
    }
    // The special cases come from the other end of the order: mostly typical students.
    let mut from_end = order.iter().rev().copied();
    let archived = if count >= 10 { from_end.next() } else { None };
    let lapsed = from_end
        .take(usize::from(count >= 4) + usize::from(count >= 20))
        .collect();
    (archetype, archived, lapsed)
}

fn plan_students(
    dice: &mut Dice,
    course: &Course,
    sessions: &[Planned],
    count: usize,
) -> Vec<PlannedStudent> {
    let names = names(dice, count);
    let (archetype, archived, lapsed) = cast(dice, count);
    let mut students: Vec<PlannedStudent> = names
        .into_iter()
        .enumerate()
        .map(|(index, (id, name))| {
            let kind = archetype[index];
            let (general, rate) = match kind {
                Archetype::Strong => (dice.range(2.3, 2.6), dice.range(1.1, 1.6)),
                Archetype::Struggling => (dice.range(1.2, 1.5), dice.range(0.2, 0.6)),
                Archetype::Plateau => (dice.range(1.6, 2.3), dice.range(1.3, 1.9)),
                Archetype::Typical => (dice.range(1.5, 2.3), dice.range(1.2, 2.0)),
            };
            let plateau_at = if kind == Archetype::Plateau {
                dice.range(0.3, 0.5)
            } else {
                1.0
            };
            let skills = course
                .rubrics
                .iter()
                .map(|_| {
                    (
                        (general + dice.range(-0.3, 0.3)).clamp(1.2, 2.6),
                        rate * dice.range(0.8, 1.2),
                    )
                })
                .collect();
            let offsets = course
                .rubrics
                .iter()
                .map(|r| r.criteria.iter().map(|_| dice.range(-0.3, 0.3)).collect())
                .collect();
            let attendance = if kind == Archetype::Struggling {
                dice.range(0.6, 0.7)
            } else {
                dice.range(0.62, 0.86)
            };
            let until = if archived == Some(index) {
                25 + i32::try_from(dice.below(10)).unwrap_or(0)
            } else if let Some(n) = lapsed.iter().position(|&l| l == index) {
                LAST_DAY - LAPSED_DAYS_AGO[n]
            } else {
                LAST_DAY
            };
            let attends = sessions
                .iter()
                .map(|s| {
                    // Mentorship meetings are small groups.
                    let rate = if s.kind == Kind::Mentorship {
                        attendance * 0.55
                    } else {
                        attendance
                    };
                    dice.chance(rate) && s.day <= until
                })
                .collect();
            PlannedStudent {
                id,
                name,
                general,
                plateau_at,
                skills,
                offsets,
                attends,
                self_bias: None,
                archived: archived == Some(index),
            }
        })
        .collect();
    self_raters(dice, &mut students);
    students
}

/// About 40% rate themselves: the weakest of them overrate (blind spots), the strongest
/// underrate (hidden strengths), the rest see themselves about as their instructors do.
fn self_raters(dice: &mut Dice, students: &mut [PlannedStudent]) {
    let mut raters: Vec<usize> = (0..students.len()).collect();
    dice.shuffle(&mut raters);
    raters.truncate((students.len() * 2).div_ceil(5));
    raters.sort_by(|a, b| students[*a].general.total_cmp(&students[*b].general));
    let over = raters.len().div_ceil(3);
    let under = raters.len() / 3;
    for (position, &student) in raters.iter().enumerate() {
        let bias = if position < over {
            dice.range(1.1, 1.6)
        } else if position >= raters.len() - under {
            -dice.range(1.1, 1.5)
        } else {
            dice.range(-0.3, 0.3)
        };
        students[student].self_bias = Some(bias);
    }
}

/// Peer ratings in team sessions: per session, the attendees split into teams of about four;
/// in a team of four or more three members rate the fourth, in a smaller one one or two
/// members rate a teammate. Returns (session, rater, subject).
fn plan_peers(
    dice: &mut Dice,
    course: &Course,
    sessions: &[Planned],
    students: &[PlannedStudent],
) -> Vec<(usize, usize, usize)> {
    let mut peers = Vec::new();
    for (k, session) in sessions.iter().enumerate() {
        if session.kind != Kind::Team || course.rubrics.is_empty() {
            continue;
        }
        let mut present: Vec<usize> = (0..students.len())
            .filter(|&s| students[s].attends[k])
            .collect();
        dice.shuffle(&mut present);
        let mut teams: Vec<Vec<usize>> = present.chunks(4).map(<[usize]>::to_vec).collect();
        if teams.len() > 1 && teams.last().is_some_and(|t| t.len() == 1) {
            let lone = teams.pop().unwrap_or_default();
            if let Some(previous) = teams.last_mut() {
                previous.extend(lone);
            }
        }
        for team in &teams {
            if team.len() < 2 {
                continue;
            }
            if team.len() >= 4 {
                // Three teammates rate one member: enough peers for reports to show their
                // median and words without naming anyone (course.yaml `peer_minimum`, 3).
                for &rater in &team[1..4] {
                    peers.push((k, rater, team[0]));
                }
                continue;
            }
            // A small team: one or two ratings, which reports hold back as too few.
            peers.push((k, team[0], team[1]));
            if dice.chance(0.5) {
                let subject = if team.len() > 2 { team[2] } else { team[0] };
                peers.push((k, team[1], subject));
            }
        }
    }
    peers
}

// ---------------------------------------------------------------------------------------------
// Writing the gradebook.

struct Writer<'a, 'tx> {
    tx: &'a Transaction<'tx>,
    course: &'a Course,
    term: &'a Term,
    sessions: &'a [Planned],
    dice: &'a mut Dice,
    /// Per session and instructor: seconds after 17:00 of the next assessment they record.
    clocks: Vec<[i64; 4]>,
    recorded: usize,
    /// Instructor assessments old enough to have been corrected since: (draft, rubric, day).
    amendable: Vec<(Draft, usize, i32)>,
}

impl Writer<'_, '_> {
    fn roster(&mut self, students: &[PlannedStudent]) -> Result<()> {
        for teacher in &INSTRUCTORS {
            roster::add_instructor(
                self.tx,
                &Instructor {
                    id: teacher.id.to_owned(),
                    name: teacher.name.to_owned(),
                },
            )?;
        }
        for session in self.sessions {
            roster::add_session(
                self.tx,
                &Session {
                    id: session.id.clone(),
                    date: self.term.date(session.day).to_string(),
                    kind: session.kind.as_str().to_owned(),
                    title: session.title.clone(),
                    artist: session.artist.clone(),
                },
            )?;
        }
        for student in students {
            roster::add_student(
                self.tx,
                &Student {
                    id: student.id.clone(),
                    name: student.name.clone(),
                    email: Some(format!("{}@students.example.org", student.id)),
                    cohort: Some(self.term.cohort.clone()),
                    archived: false,
                },
            )?;
        }
        Ok(())
    }

    /// Every assessment of one student: by instructors (now and then by two), by themselves,
    /// and by teammates.
    fn student(
        &mut self,
        index: usize,
        student: &PlannedStudent,
        students: &[PlannedStudent],
        peers: &[(usize, usize, usize)],
    ) -> Result<()> {
        let (course, sessions) = (self.course, self.sessions);
        for (k, session) in sessions.iter().enumerate() {
            if !student.attends[k] {
                continue;
            }
            for (position, &r) in session.rubrics.iter().enumerate() {
                let mut criteria = session.observed[position].clone();
                if criteria.len() > 2 && self.dice.chance(0.15) {
                    criteria.remove(self.dice.below(criteria.len()));
                }
                let (first, other) = match session.second {
                    Some(second) if self.dice.chance(0.4) => (second, Some(session.lead)),
                    Some(second) => (session.lead, Some(second)),
                    None => (session.lead, None),
                };
                let levels: Vec<usize> = criteria
                    .iter()
                    .map(|&c| {
                        let latent = student.latent(self.course, r, c, session.day);
                        let noisy = latent + INSTRUCTORS[first].bias + 0.42 * self.dice.normal();
                        level(&course.rubrics[r], noisy)
                    })
                    .collect();
                self.instructor(k, r, student, first, &criteria, &levels)?;
                if let Some(other) = other.filter(|_| self.dice.chance(0.15)) {
                    // A second opinion: the same level mostly, one off now and then, leaning
                    // the way this instructor leans.
                    let lean = INSTRUCTORS[other].bias - INSTRUCTORS[first].bias;
                    let top = course.rubrics[r].levels.len() - 1;
                    let second: Vec<usize> = levels
                        .iter()
                        .map(|&level| {
                            if !self.dice.chance(0.25) {
                                return level;
                            }
                            let up = if lean.abs() > 0.1 && self.dice.chance(0.7) {
                                lean > 0.0
                            } else {
                                self.dice.chance(0.5)
                            };
                            if up {
                                (level + 1).min(top)
                            } else {
                                level.saturating_sub(1)
                            }
                        })
                        .collect();
                    self.instructor(k, r, student, other, &criteria, &second)?;
                }
                if let Some(bias) = student.self_bias {
                    let chance = if position == 0 { 0.5 } else { 0.25 };
                    if self.dice.chance(chance) {
                        self.self_assessment(k, r, student, bias, &session.observed[position])?;
                    }
                }
            }
        }
        for &(k, rater, subject) in peers {
            if subject == index {
                self.peer(k, student, &students[rater])?;
            }
        }
        Ok(())
    }

    fn scores(
        &mut self,
        rubric: usize,
        criteria: &[usize],
        levels: &[usize],
        notes: f64,
    ) -> Vec<Score> {
        let rubric = &self.course.rubrics[rubric];
        criteria
            .iter()
            .zip(levels)
            .map(|(&c, &level)| {
                let criterion = &rubric.criteria[c];
                let note = if self.dice.chance(notes) {
                    note(&rubric.id, &criterion.id, level < rubric.mastery_index())
                } else {
                    None
                };
                Score {
                    criterion: criterion.id.clone(),
                    level: rubric.levels[level].score,
                    note: note.map(str::to_owned),
                }
            })
            .collect()
    }

    fn instructor(
        &mut self,
        k: usize,
        r: usize,
        student: &PlannedStudent,
        rater: usize,
        criteria: &[usize],
        levels: &[usize],
    ) -> Result<()> {
        let session = &self.sessions[k];
        let rubric = &self.course.rubrics[r];
        let scores = self.scores(r, criteria, levels, 0.3);
        let comment = if self.dice.chance(0.6) {
            let mean = levels.iter().sum::<usize>() as f64 / levels.len().max(1) as f64;
            let band = if mean < 1.0 {
                0
            } else if mean < 2.0 {
                1
            } else {
                2
            };
            comment(self.dice, &rubric.id, band)
        } else {
            None
        };
        let draft = Draft {
            key: Key {
                session: session.id.clone(),
                student: student.id.clone(),
                rater: INSTRUCTORS[rater].id.to_owned(),
                role: Role::Instructor,
                rubric: rubric.id.clone(),
            },
            scores,
            comment: comment.map(str::to_owned),
            reason: None,
        };
        // Scored one after another after the session, a few minutes each, 17:00 to 19:59.
        let clock = &mut self.clocks[k][rater];
        let at = (17 * 3600 + *clock).min(20 * 3600 - 1);
        *clock += 60 + i64::try_from(self.dice.below(180)).unwrap_or(0);
        let recorded_at = self.term.timestamp(session.day, at);
        self.record(&draft, r, &recorded_at)?;
        if session.day <= LAST_DAY - 4 {
            self.amendable.push((draft, r, session.day));
        }
        Ok(())
    }

    fn self_assessment(
        &mut self,
        k: usize,
        r: usize,
        student: &PlannedStudent,
        bias: f64,
        observed: &[usize],
    ) -> Result<()> {
        let session = &self.sessions[k];
        let mut criteria = observed.to_vec();
        if criteria.len() > 2 && self.dice.chance(0.1) {
            criteria.remove(self.dice.below(criteria.len()));
        }
        let levels: Vec<usize> = criteria
            .iter()
            .map(|&c| {
                let latent = student.latent(self.course, r, c, session.day);
                level(
                    &self.course.rubrics[r],
                    latent + bias + 0.3 * self.dice.normal(),
                )
            })
            .collect();
        let scores = self.scores(r, &criteria, &levels, 0.0);
        let comment = self
            .dice
            .chance(0.3)
            .then(|| *self.dice.pick(&SELF_COMMENTS));
        let draft = Draft {
            key: Key {
                session: session.id.clone(),
                student: student.id.clone(),
                rater: student.id.clone(),
                role: Role::SelfAssessment,
                rubric: self.course.rubrics[r].id.clone(),
            },
            scores,
            comment: comment.map(str::to_owned),
            reason: None,
        };
        let at = 20 * 3600 + i64::try_from(self.dice.below(3 * 3600)).unwrap_or(0);
        let recorded_at = self.term.timestamp(session.day, at);
        self.record(&draft, r, &recorded_at)
    }

    fn peer(&mut self, k: usize, subject: &PlannedStudent, rater: &PlannedStudent) -> Result<()> {
        let session = &self.sessions[k];
        let position = session
            .rubrics
            .iter()
            .position(|&r| self.course.rubrics[r].id == "collaboration")
            .unwrap_or(0);
        let Some(&r) = session.rubrics.get(position) else {
            return Ok(());
        };
        let criteria = session.observed[position].clone();
        let levels: Vec<usize> = criteria
            .iter()
            .map(|&c| {
                let latent = subject.latent(self.course, r, c, session.day);
                level(
                    &self.course.rubrics[r],
                    latent + 0.25 + 0.5 * self.dice.normal(),
                )
            })
            .collect();
        let scores = self.scores(r, &criteria, &levels, 0.0);
        let comment = self
            .dice
            .chance(0.4)
            .then(|| *self.dice.pick(&PEER_COMMENTS));
        let draft = Draft {
            key: Key {
                session: session.id.clone(),
                student: subject.id.clone(),
                rater: rater.id.clone(),
                role: Role::Peer,
                rubric: self.course.rubrics[r].id.clone(),
            },
            scores,
            comment: comment.map(str::to_owned),
            reason: None,
        };
        let at = 20 * 3600 + i64::try_from(self.dice.below(4 * 3600)).unwrap_or(0);
        let recorded_at = self.term.timestamp(session.day, at);
        self.record(&draft, r, &recorded_at)
    }

    fn record(&mut self, draft: &Draft, r: usize, recorded_at: &str) -> Result<()> {
        let outcome =
            assessments::record_at(self.tx, draft, &self.course.rubrics[r], false, recorded_at)?;
        if outcome == Outcome::Recorded {
            self.recorded += 1;
        }
        Ok(())
    }

    /// A few corrections, one to three days after the session, each for a different reason: a
    /// mis-keyed level, a criterion left out by mistake, a rescoring after watching the
    /// recording, a moderation meeting.
    fn amendments(&mut self, students: usize) -> Result<()> {
        let wanted = if students == 0 {
            0
        } else {
            (students / 10).clamp(1, 4)
        };
        let course = self.course;
        let mut order: Vec<usize> = (0..self.amendable.len()).collect();
        self.dice.shuffle(&mut order);
        let mut reasons = [0, 1, 2, 3];
        self.dice.shuffle(&mut reasons);
        let leaves_out = |(draft, r, _): &(Draft, usize, i32)| {
            draft.scores.len() < course.rubrics[*r].criteria.len()
        };
        for nth in 0..wanted.min(order.len()) {
            // An assessment that left a criterion out for "added", any other for the rest.
            let mut reason = reasons[nth % 4];
            let found = order
                .iter()
                .position(|&i| reason != 1 || leaves_out(&self.amendable[i]));
            let at = found.unwrap_or_else(|| {
                reason = 2;
                0
            });
            let (mut draft, r, day) = self.amendable[order.remove(at)].clone();
            let rubric = &course.rubrics[r];
            let position = |id: &str| rubric.criteria.iter().position(|c| c.id == id);
            let missing: Vec<usize> = (0..rubric.criteria.len())
                .filter(|&c| {
                    !draft
                        .scores
                        .iter()
                        .any(|s| s.criterion == rubric.criteria[c].id)
                })
                .collect();
            let reason = if reason == 1 && !missing.is_empty() {
                let c = *self.dice.pick(&missing);
                let criterion = &rubric.criteria[c];
                let score = Score {
                    criterion: criterion.id.clone(),
                    level: self.dice.pick(&draft.scores).level,
                    note: None,
                };
                let at = draft
                    .scores
                    .iter()
                    .position(|s| position(&s.criterion) > Some(c))
                    .unwrap_or(draft.scores.len());
                draft.scores.insert(at, score);
                format!(
                    "Added {}: it was in my notebook but I left it out when scoring",
                    lower_first(&criterion.title)
                )
            } else {
                let index = self.dice.below(draft.scores.len());
                let score = &mut draft.scores[index];
                let current = rubric
                    .levels
                    .iter()
                    .position(|l| l.score == score.level)
                    .unwrap_or(0);
                let top = rubric.levels.len() - 1;
                let up = current == 0 || (current < top && self.dice.chance(0.5));
                let changed = if up { current + 1 } else { current - 1 };
                score.level = rubric.levels[changed].score;
                let title = position(&score.criterion).map_or_else(
                    || score.criterion.clone(),
                    |c| lower_first(&rubric.criteria[c].title),
                );
                match reason {
                    2 => format!("Re-scored {title} after watching the session recording"),
                    3 => {
                        format!("Moderation meeting: brought {title} in line with the other raters")
                    }
                    _ => format!("Mis-keyed the level for {title}"),
                }
            };
            draft.reason = Some(reason);
            let later = 1 + i32::try_from(self.dice.below(3)).unwrap_or(0);
            let at = 8 * 3600 + i64::try_from(self.dice.below(4 * 3600)).unwrap_or(0);
            let recorded_at = self.term.timestamp(day + later, at);
            assessments::record_at(self.tx, &draft, rubric, true, &recorded_at)?;
        }
        Ok(())
    }
}

/// A latent level (1 = the lowest level) as an index into the rubric's levels.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to the scale first
fn level(rubric: &Rubric, latent: f64) -> usize {
    let top = rubric.levels.len() - 1;
    ((latent - 1.0).round().clamp(0.0, 64.0) as usize).min(top)
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// What instructors, students and peers write.

/// An instructor's overall comment for a rubric and a band of its mean level (0: below
/// Developing, 1: Developing, 2: Proficient and above).
fn comment(dice: &mut Dice, rubric: &str, band: usize) -> Option<&'static str> {
    let options: Vec<&'static str> = COMMENTS
        .iter()
        .filter(|(r, b, _)| *r == rubric && *b == band)
        .map(|(_, _, text)| *text)
        .collect();
    (!options.is_empty()).then(|| *dice.pick(&options))
}

/// An instructor's note on one criterion, below mastery (`low`) or at and above it.
fn note(rubric: &str, criterion: &str, low: bool) -> Option<&'static str> {
    NOTES
        .iter()
        .find(|(r, c, _, _)| *r == rubric && *c == criterion)
        .map(|(_, _, below, above)| if low { *below } else { *above })
}

const COMMENTS: [(&str, usize, &str); 42] = [
    (
        "professional-etiquette",
        0,
        "The artist waited nearly ten minutes while you chased a dead headphone feed. Run the record-ready checklist before anyone walks in (every feed, every talkback path) and the whole session starts differently.",
    ),
    (
        "professional-etiquette",
        0,
        "Talkback stayed open while we discussed the second verse, and the singer heard every word. Hand on the button means you're talking to them; hand off means you're not. Make it a reflex.",
    ),
    (
        "professional-etiquette",
        1,
        "Solid start: the room was ready and you were on time. Where it slipped was the hand-off. The notes file had no tempo or current comp, so I had to ask you three questions to pick it up.",
    ),
    (
        "professional-etiquette",
        1,
        "You acknowledged every take, which the singer noticed. Next step: when there's a pause, tell the booth why within twenty seconds, even if it's just \"checking the edit, thirty seconds\".",
    ),
    (
        "professional-etiquette",
        2,
        "Record-ready ten minutes early with a spare mic already on a stand: that's the standard. The A&R visit was handled perfectly too: you introduced yourself, lyric sheets away, screens cleared.",
    ),
    (
        "professional-etiquette",
        2,
        "You quietly moved the chatty guest to the lounge without the artist noticing a thing. That's control-room conduct at a professional level. Keep doing exactly that.",
    ),
    (
        "artist-communication",
        0,
        "You kept the singer's confidence up after the fourth take. Next time tell them what changed between takes, not just \"again\": \"one more\" gives them nothing to work with.",
    ),
    (
        "artist-communication",
        0,
        "You started setting up before asking what the band wanted from the day. Spend the first five minutes on intent: what's the reference, what can't change, what would make this a good day.",
    ),
    (
        "artist-communication",
        1,
        "Good, specific notes on pitch in the chorus. Watch the jargon: \"you're a bit behind the grid\" meant nothing to her; \"lean into the downbeat\" landed straight away.",
    ),
    (
        "artist-communication",
        1,
        "When the drummer asked for \"more air\" you tried a high shelf and played it back. Good. Offer two versions next time so he can choose, rather than a yes or no.",
    ),
    (
        "artist-communication",
        2,
        "One note per take, framed as what to do next, and the takes improved every time. You also came back to the agreed intent before we moved on to the bridge. That's exactly the habit.",
    ),
    (
        "artist-communication",
        2,
        "Your follow-up email was one of the clearest I've had from a student: numbered notes, timestamps, version names and a delivery time you actually met.",
    ),
    (
        "session-management",
        0,
        "There was no plan on the board, so the lead vocal, the one must-have, got recorded after the singer was already tired. Write a timed must/should/could plan before they arrive.",
    ),
    (
        "session-management",
        0,
        "We overran by forty minutes and nobody decided to. Call time checks at the agreed points, to the producer, with options: \"we can finish the harmonies or do the bridge, not both\".",
    ),
    (
        "session-management",
        1,
        "The plan was timed and visible, nice. Next time agree it with the artist at the start: they'd have told you the bassist had to leave at four.",
    ),
    (
        "session-management",
        1,
        "Recovery after the crash was calm and you told the booth what had happened. Check the headphones before sending them back in: the first take after the restart was lost to a dead cue.",
    ),
    (
        "session-management",
        2,
        "Finished on time with the must-have done first, and you proposed the re-plan before we were behind. The artist was using your plan to make decisions. That's the goal.",
    ),
    (
        "session-management",
        2,
        "Comp sheet current throughout, so you could say at any moment which lines were covered. The recap at the end and the same-day summary made the next session easy to plan.",
    ),
    (
        "emotional-awareness",
        0,
        "The singer apologised three times in ten minutes and you kept asking for takes. Those apologies are the signal: stop, offer a break or a different task, and check in privately.",
    ),
    (
        "emotional-awareness",
        0,
        "When the producer criticised the rough mix you argued the point in front of the band. Take a breath, answer the content, and if you still disagree, raise it after the session.",
    ),
    (
        "emotional-awareness",
        1,
        "You noticed the guitarist getting frustrated and offered a break, good timing. Do the check-in privately next time rather than over talkback, where the whole band hears it.",
    ),
    (
        "emotional-awareness",
        1,
        "Your reflection named the moment and how you felt, which is a start. Make the \"next time\" concrete (\"I'll say what I'm doing whenever there's silence\"), not \"be calmer\".",
    ),
    (
        "emotional-awareness",
        2,
        "You spotted the singer tightening up after the label's comment before any of us did, and switched to harmonies. She never knew she was being looked after. Lovely work.",
    ),
    (
        "emotional-awareness",
        2,
        "Your reflection connected this week's tension to the trigger you wrote about a fortnight ago, and you had clearly planned for it. That's real self-awareness.",
    ),
    (
        "problem-solving",
        0,
        "When the hum appeared you swapped three cables at once, so we never learned what fixed it. One change at a time, out loud, and write the cause in the session notes.",
    ),
    (
        "problem-solving",
        0,
        "The artist sat in silence for two minutes while you troubleshot. Talk to the booth within ten seconds: what happened and how long you think it'll take.",
    ),
    (
        "problem-solving",
        1,
        "Good triage: you parked the click problem with a bar number and kept recording. Come back to parked items without a reminder, though; I had to prompt you at the break.",
    ),
    (
        "problem-solving",
        1,
        "You found the grounding fault logically, but talked it through on open talkback. Keep troubleshooting off the artist's cans and give them something useful to do instead.",
    ),
    (
        "problem-solving",
        2,
        "Spare mic in within a minute, a calm message to the booth, and the take after the failure was as strong as the one before. Your notes would let anyone fix it next time.",
    ),
    (
        "problem-solving",
        2,
        "You turned a stuck bridge into three options the artist could hear within five minutes, and let her choose. She left owning that decision.",
    ),
    (
        "adaptability",
        0,
        "You ran the string quartet like a pop vocal session, punching in bar by bar. Prepare for the genre: get the score, use rehearsal letters, let them play long takes.",
    ),
    (
        "adaptability",
        0,
        "When the artist switched songs you said \"we don't have time for that\" before asking why. Pause, ask what's behind the change, then propose a plan.",
    ),
    (
        "adaptability",
        1,
        "You slowed the pace down for a first-time artist, which helped. Don't swing too far: the pitchy line in verse two should still have been raised.",
    ),
    (
        "adaptability",
        1,
        "You saved a version before the change of direction, good, but \"new session 2\" tells nobody anything. Name it, and write down what's done and what's parked.",
    ),
    (
        "adaptability",
        2,
        "Two contrasting sessions back to back, and you changed vocabulary, headphone balance and take structure for each. The rapper and the quartet both treated you as one of theirs.",
    ),
    (
        "adaptability",
        2,
        "The last-minute song change could have derailed the day. You finished the pianist's part first, confirmed the plan with the producer, and the artist left excited.",
    ),
    (
        "collaboration",
        0,
        "Two people edited the same vocal because nobody owned it. At kickoff, make sure every deliverable on the role chart has one name and a deadline with a time.",
    ),
    (
        "collaboration",
        0,
        "The disagreement about the snare happened in front of the client. Use a neutral phrase to pause it, take it outside, and come back with one decision.",
    ),
    (
        "collaboration",
        1,
        "Your stems arrived on time but started at different points and came without a hand-off note. Agree the spec at kickoff and send a two-line note with every delivery.",
    ),
    (
        "collaboration",
        1,
        "You backed the lead's decision in front of the client, which is right. Raise your concern at the break next time rather than mid-take.",
    ),
    (
        "collaboration",
        2,
        "You spotted the gap in the role chart (nobody owned the vocal edit) before it cost us a day. The team now checks ownership with you: leadership without the title.",
    ),
    (
        "collaboration",
        2,
        "You settled the mix argument with a level-matched A/B, then openly backed the version you'd argued against. The client saw one team.",
    ),
];

/// (rubric, criterion, note below mastery, note at or above it).
const NOTES: [(&str, &str, &str, &str); 36] = [
    (
        "professional-etiquette",
        "preparation",
        "Headphone feed 3 was dead when the artist arrived. Test every feed before the booked start.",
        "Record-ready early, with tempos from the pre-production notes already in the session.",
    ),
    (
        "professional-etiquette",
        "talkback",
        "Left talkback open during the control-room discussion.",
        "Every take acknowledged; every pause explained within seconds.",
    ),
    (
        "professional-etiquette",
        "role-awareness",
        "Gave the singer a performance note over the producer. Route ideas through the session lead.",
        "Offered the harmony idea to the producer privately, at a moment it could be used.",
    ),
    (
        "professional-etiquette",
        "confidentiality",
        "Lyric sheet still on the desk when the A&R came in.",
        "Cleared screens and lyric sheets before the visitors arrived, unprompted.",
    ),
    (
        "professional-etiquette",
        "handoff",
        "Tracks still named \"Audio 1\" to \"Audio 6\", and no notes file.",
        "Folder to convention, stems from bar 1, notes file with tempo, key and current comp.",
    ),
    (
        "artist-communication",
        "listening",
        "Started working before asking what the artist wanted from the song.",
        "Summarised the intent back in two sentences and the artist said \"exactly\".",
    ),
    (
        "artist-communication",
        "direction",
        "\"One more\" three times in a row with no note, and the takes didn't change.",
        "One note per take, in physical terms (\"smile on the high note\"); it landed at once.",
    ),
    (
        "artist-communication",
        "translation",
        "Made the \"warmer\" change but never played it back to her.",
        "A/B'd \"more air\" and asked a follow-up; by the second song you had shared words.",
    ),
    (
        "artist-communication",
        "disagreement",
        "Kept arguing for the double-tracked chorus after the artist had decided.",
        "Offered a level-matched test of both versions and accepted her call gracefully.",
    ),
    (
        "artist-communication",
        "written-follow-up",
        "The reply to the revision notes came two days late and skipped note 4.",
        "Numbered replies with timestamps and version names; the delivery time was kept.",
    ),
    (
        "session-management",
        "planning",
        "No timed plan; the must-have lead vocal was left until the end of the day.",
        "Must/should/could plan agreed with the artist and kept on the whiteboard.",
    ),
    (
        "session-management",
        "timekeeping",
        "No time checks: the overrun was discovered, not decided.",
        "Time checks to the producer with options and their cost, right on schedule.",
    ),
    (
        "session-management",
        "momentum",
        "The artist waited while you created and armed tracks between songs.",
        "Ready for every take within seconds; comp sheet current throughout.",
    ),
    (
        "session-management",
        "recovery",
        "After the crash the booth heard nothing for over a minute.",
        "Told the booth within ten seconds, followed the crash protocol, checked the cans before the next take.",
    ),
    (
        "session-management",
        "wrap",
        "The session ended without a recap or a backup.",
        "Played back the best of the day, recapped owners and dates, backed up to two drives.",
    ),
    (
        "emotional-awareness",
        "reading-signals",
        "Missed the singer going quiet after the playback.",
        "Noticed the tension after the visitor's comment and suggested a break before it reached the takes.",
    ),
    (
        "emotional-awareness",
        "self-regulation",
        "Visibly frustrated when the producer rejected your mix; the band felt it.",
        "Owned the missed punch-in at once and said what you were doing about it.",
    ),
    (
        "emotional-awareness",
        "confidence",
        "\"Just relax\" made it worse. Offer something practical: protect the good take, change the task.",
        "Protected the keeper take and brought her vocal up in the cans; the next take was the one.",
    ),
    (
        "emotional-awareness",
        "conflict",
        "Sided with the guitarist in the argument about the tempo.",
        "Acknowledged both views in their own words and moved it to a listening test.",
    ),
    (
        "emotional-awareness",
        "reflection",
        "The reflection describes what happened but not your part in it.",
        "Named the moment, your reaction and one concrete change, and you made the change this week.",
    ),
    (
        "problem-solving",
        "keeping-the-vibe",
        "The artist heard the sighs and the \"I don't know\" over talkback.",
        "Gave the singer the lyric to run while you fixed it; the pause felt planned.",
    ),
    (
        "problem-solving",
        "triage",
        "Stopped the session for a minor click that could have waited.",
        "Parked the noise with a timecode, kept recording, and came back to it at the break.",
    ),
    (
        "problem-solving",
        "systematic-diagnosis",
        "Changed several things at once and couldn't say what fixed the hum.",
        "Guessed a ground loop from the hum and tested that first: found it in two steps.",
    ),
    (
        "problem-solving",
        "creative-options",
        "Worked alone on your own idea for fifteen minutes while the band waited.",
        "Three contrasting options for the bridge, each one audible within minutes.",
    ),
    (
        "problem-solving",
        "people-problems",
        "Raised the drummer's timing on open talkback, in front of the band.",
        "Checked the click sound first, then spoke to the drummer in his cans only.",
    ),
    (
        "problem-solving",
        "follow-up",
        "The notes just say \"fixed the hum\".",
        "Symptom, cause and fix in the notes, and you labelled the suspect cable.",
    ),
    (
        "adaptability",
        "genre-workflow",
        "Asked the quartet to \"go from the hook\". Use rehearsal letters and bar numbers.",
        "Had the score and a reference ready; directed in bars and letters without prompting.",
    ),
    (
        "adaptability",
        "reading-the-artist",
        "Gave a first-timer the rapid-fire notes you'd give a session pro.",
        "Asked how she likes to get notes at the start, and adjusted once mid-session.",
    ),
    (
        "adaptability",
        "last-minute-changes",
        "A flat \"no\" to the song change, without mentioning the booking.",
        "Proposed a revised plan within five minutes that kept the pianist's slot.",
    ),
    (
        "adaptability",
        "protecting-the-work",
        "Overwrote the previous comp when the direction changed.",
        "Saved a named version and a note of what was parked before switching.",
    ),
    (
        "adaptability",
        "staying-open",
        "The sigh when the trap-metal idea came up was audible in the booth.",
        "Genuine questions about an unfamiliar genre, and your energy held after the change.",
    ),
    (
        "collaboration",
        "roles-and-ownership",
        "Drifted into editing the bass while your own vocal edits slipped.",
        "Caught the unowned deliverable in the role chart and sorted it at kickoff.",
    ),
    (
        "collaboration",
        "handoffs-and-deadlines",
        "Stems delivered late, at 44.1 kHz instead of the agreed 48.",
        "Delivered to spec with a hand-off note; the mixer used the files untouched.",
    ),
    (
        "collaboration",
        "leading-and-following",
        "As lead, no opening plan; as follower, went straight to the client with your idea.",
        "Opened with a two-minute stand-up and closed with owners and deadlines.",
    ),
    (
        "collaboration",
        "conflict",
        "\"You always do this\", in front of the client.",
        "Took the disagreement out of earshot and came back with one agreed decision.",
    ),
    (
        "collaboration",
        "contribution-and-listening",
        "Dismissed a teammate's arrangement idea before anyone had heard it.",
        "Brought the quieter members in at the break and credited their ideas to the client.",
    ),
];

const SELF_COMMENTS: [&str; 12] = [
    "I rushed the talkback between takes and I knew it while it was happening.",
    "Felt much more in control of the plan today than last time.",
    "I think my notes to the singer were clearer, but I still said \"one more\" too often.",
    "Honestly I think I nailed the hand-off this time.",
    "Not sure I read the drummer right. He went quiet and I didn't ask why.",
    "I stayed calm when the session crashed, which I'm proud of.",
    "I probably overthought the A/B and slowed everything down.",
    "Better than last week. I still need to speak up sooner when we're behind.",
    "I think I handled the argument well: I stayed neutral the whole time.",
    "Struggled to turn \"make it sparkle\" into anything concrete.",
    "Confident about this one. The artist seemed happy with everything.",
    "Didn't feel prepared for the genre; I should have listened to the references first.",
];

const PEER_COMMENTS: [&str; 10] = [
    "Always delivered stems on time with a clear note. Easy to work with.",
    "Great ideas, but sometimes talks over the quieter people in the team.",
    "Backed the lead in front of the client even though they disagreed. Respect.",
    "Took a while to reply in the group chat, which held up the edit.",
    "Made sure everyone got a say at the break.",
    "Good in the room, but the hand-off files needed renaming before I could use them.",
    "Really calm when the client got frustrated.",
    "Sometimes drifts into other people's tasks, but always means well.",
    "Kept the role chart up to date without being asked.",
    "I'd like them to raise concerns earlier rather than after the session.",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::drift;

    fn options(students: usize) -> Options {
        Options {
            students,
            seed: 7,
            today: jiff::civil::date(2026, 11, 25),
        }
    }

    /// Everything the gradebook says, as JSON: roster, sessions, latest revisions and every
    /// student's history.
    fn dump(database: &Path) -> String {
        let mut store = Store::open(database).unwrap();
        store
            .read(|tx| {
                let students = roster::students(tx, true)?;
                let history: Vec<_> = students
                    .iter()
                    .map(|s| assessments::history(tx, &s.id))
                    .collect::<Result<_>>()?;
                Ok(serde_json::to_string(&(
                    &students,
                    roster::instructors(tx)?,
                    roster::sessions(tx)?,
                    assessments::latest(tx, None)?,
                    history,
                ))
                .unwrap())
            })
            .unwrap()
    }

    #[test]
    fn a_default_demo_is_plausible_and_consistent() {
        let dir = tempfile::TempDir::new().unwrap();
        let folder = dir.path().join("course");
        let mut calls = Vec::new();
        let built = build(&folder, &options(24), |done, total| {
            calls.push((done, total));
        })
        .unwrap();
        assert_eq!(calls.first(), Some(&(0, 24)));
        assert_eq!(calls.last(), Some(&(24, 24)));
        assert_eq!(calls.len(), 25);
        assert_eq!((built.students, built.instructors), (24, 4));
        assert!((18..=30).contains(&built.sessions), "{}", built.sessions);
        assert!(built.assessments > 300, "{} assessments", built.assessments);
        assert_eq!(built.database, folder.join("rapport.db"));
        // The course validates as written.
        let course = crate::course::load(&folder).unwrap().course.unwrap();
        let mut store = Store::open(&built.database).unwrap();
        doctor(&mut store, &course);
        store
            .read(|tx| {
                roster_is_plausible(tx, &built);
                assessments_are_plausible(tx, &course, &built);
                Ok(())
            })
            .unwrap();
    }

    /// What `rapport doctor` checks.
    fn doctor(store: &mut Store, course: &Course) {
        assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
        assert_eq!(store.references().unwrap(), Vec::<String>::new());
        assert!(store.read(assessments::off_scale).unwrap().is_empty());
        let recorded = store.read(assessments::recorded_levels).unwrap();
        assert!(drift::drift(course, &recorded).is_empty());
    }

    fn roster_is_plausible(tx: &Transaction<'_>, built: &Built) {
        let sessions = roster::sessions(tx).unwrap();
        assert_eq!(sessions.len(), built.sessions);
        assert_eq!(sessions[0].id, "s01");
        assert!(sessions[0].date.as_str() >= "2026-09-02");
        assert!(sessions.iter().all(|s| s.date.as_str() < "2026-11-25"));
        let last = &sessions.last().unwrap().date;
        assert!(last.as_str() >= "2026-11-22", "last session {last}");
        for kind in ["live", "team", "mentorship", "etiquette"] {
            assert!(sessions.iter().any(|s| s.kind == kind), "no {kind} session");
        }
        for live in sessions.iter().filter(|s| s.kind == "live") {
            let artist = live.artist.as_deref().unwrap();
            assert!(
                live.title.ends_with(&format!(" with {artist}")),
                "{}",
                live.title
            );
        }

        let students = roster::students(tx, true).unwrap();
        assert_eq!(students.len(), 24);
        assert_eq!(students.iter().filter(|s| s.archived).count(), 1);
        for student in &students {
            assert_eq!(crate::ids::normalize(&student.id).unwrap(), student.id);
            assert_eq!(student.cohort.as_deref(), Some("2026-autumn"));
            let email = format!("{}@students.example.org", student.id);
            assert_eq!(student.email.as_deref(), Some(email.as_str()));
        }
        let mut names: Vec<&str> = students.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 24);
        assert_eq!(roster::instructors(tx).unwrap().len(), 4);
    }

    fn assessments_are_plausible(tx: &Transaction<'_>, course: &Course, built: &Built) {
        let latest = assessments::latest(tx, None).unwrap();
        assert_eq!(latest.len(), built.assessments);
        for revision in &latest {
            let at: jiff::Timestamp = revision.recorded_at.parse().unwrap();
            assert_eq!(at.to_string(), revision.recorded_at);
            assert!(revision.recorded_at.as_str() > revision.date.as_str());
            assert!(revision.recorded_at.as_str() < "2026-11-25");
        }
        let by = |role: Role| latest.iter().filter(|r| r.role == role).count();
        assert!(by(Role::SelfAssessment) > 20);
        assert!(by(Role::Peer) > 5);

        // Amendments come later than what they correct, with a reason.
        let amended: Vec<_> = latest.iter().filter(|r| r.revision > 1).collect();
        assert_eq!(amended.len(), 2);
        for revision in amended {
            assert!(revision.reason.is_some());
            let history = assessments::history(tx, &revision.student).unwrap();
            let first = history
                .iter()
                .find(|h| {
                    h.revision == 1
                        && (&h.session, &h.rater, &h.rubric)
                            == (&revision.session, &revision.rater, &revision.rubric)
                })
                .unwrap();
            assert!(first.recorded_at < revision.recorded_at);
        }

        // Some assessments are double-scored; most have a comment.
        let instructor: Vec<_> = latest
            .iter()
            .filter(|r| r.role == Role::Instructor)
            .collect();
        let mut units = std::collections::BTreeMap::new();
        for r in &instructor {
            *units
                .entry((&r.session, &r.student, &r.rubric))
                .or_insert(0) += 1;
        }
        let doubled = units.values().filter(|n| **n > 1).count();
        assert!(doubled > 20, "{doubled} double-scored");
        let commented = instructor.iter().filter(|r| r.comment.is_some()).count();
        assert!(commented * 2 > instructor.len());

        // Active students not assessed in the last 30 days (the course's recent_days).
        let students = roster::students(tx, false).unwrap();
        let lapsed = students
            .iter()
            .filter(|s| {
                !instructor
                    .iter()
                    .any(|r| r.student == s.id && r.date.as_str() >= "2026-10-26")
            })
            .count();
        assert!(lapsed >= 2, "{lapsed} not assessed recently");

        // Progress shows blind spots and hidden strengths.
        let mut gaps = Vec::new();
        for student in &students {
            let mine = assessments::latest(tx, Some(&student.id)).unwrap();
            let progress = crate::progress::progress(course, student, &mine);
            for rubric in &progress.rubrics {
                gaps.extend(rubric.criteria.iter().filter_map(|c| c.self_gap));
            }
        }
        assert!(gaps.contains(&"blind_spot"));
        assert!(gaps.contains(&"hidden_strength"));
    }

    #[test]
    fn the_same_options_give_the_same_data() {
        let one = tempfile::TempDir::new().unwrap();
        let two = tempfile::TempDir::new().unwrap();
        let a = build(one.path(), &options(24), |_, _| {}).unwrap();
        let b = build(two.path(), &options(24), |_, _| {}).unwrap();
        assert_eq!(dump(&a.database), dump(&b.database));
        // And another seed gives another cohort.
        let (three, four) = (
            tempfile::TempDir::new().unwrap(),
            tempfile::TempDir::new().unwrap(),
        );
        let c = build(three.path(), &options(6), |_, _| {}).unwrap();
        let d = build(
            four.path(),
            &Options {
                seed: 8,
                ..options(6)
            },
            |_, _| {},
        )
        .unwrap();
        assert_ne!(dump(&c.database), dump(&d.database));
    }

    #[test]
    fn an_existing_course_is_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        fs::write(dir.path().join("course.yaml"), "name: Mine\n").unwrap();
        let error = build(dir.path(), &options(3), |_, _| {}).err().unwrap();
        assert!(matches!(error, Error::AlreadyExists { .. }));
        assert_eq!(
            fs::read_to_string(dir.path().join("course.yaml")).unwrap(),
            "name: Mine\n"
        );
    }

    #[test]
    fn tiny_and_large_cohorts_build() {
        for students in [0, 1, 2, 5, 12] {
            let dir = tempfile::TempDir::new().unwrap();
            let built = build(dir.path(), &options(students), |_, _| {}).unwrap();
            assert_eq!(built.students, students);
        }
    }

    #[test]
    fn ids_are_slugs_of_the_names() {
        assert_eq!(slug("Zoë"), "zoe");
        assert_eq!(slug("Siobhán"), "siobhan");
        assert_eq!(slug("O'Brien"), "o-brien");
        assert_eq!(slug("Bjørn"), "bjorn");
        let mut dice = Dice(ChaCha8Rng::seed_from_u64(1));
        let all = names(&mut dice, 150);
        let mut ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
        for id in &ids {
            assert_eq!(crate::ids::normalize(id).as_deref(), Ok(*id));
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 150);
    }

    #[test]
    fn the_cohort_is_named_after_the_season_the_term_started_in() {
        assert_eq!(
            Term::new(jiff::civil::date(2026, 11, 25)).cohort,
            "2026-autumn"
        );
        assert_eq!(
            Term::new(jiff::civil::date(2027, 3, 20)).cohort,
            "2026-winter"
        );
        assert_eq!(
            Term::new(jiff::civil::date(2027, 6, 30)).cohort,
            "2027-spring"
        );
    }
}
