//! Instructors and sessions: who teaches, and the term's sessions with their kind, title,
//! artist, rubrics, the criteria each could observe, and who scores them.

use jiff::civil::Weekday;

use super::dice::Dice;
use super::prose::PROSE;
use super::term::{LAST_DAY, Term};
use crate::course::model::{Course, Rubric};

pub(super) use crate::gradebook::SessionKind as Kind;

/// The kinds a demo term holds (never `other`), in the order of `Teacher::leads`.
const KINDS: [Kind; 4] = [Kind::Live, Kind::Team, Kind::Mentorship, Kind::Etiquette];

fn index(kind: Kind) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(0)
}

pub(super) struct Teacher {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    /// Added to every level this instructor gives before rounding: + generous, − strict.
    pub(super) bias: f64,
    /// How likely this instructor leads each kind of session, in `KINDS` order.
    pub(super) leads: [f64; 4],
}

pub(super) const INSTRUCTORS: [Teacher; 4] = [
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
pub(super) const INTRODUCED: [(&str, f64); 7] = [
    ("professional-etiquette", 0.0),
    ("artist-communication", 0.0),
    ("session-management", 0.15),
    ("emotional-awareness", 0.25),
    ("collaboration", 0.3),
    ("problem-solving", 0.4),
    ("adaptability", 0.55),
];

/// The rubrics a live session may assess.
pub(super) const LIVE_RUBRICS: [&str; 5] = [
    "artist-communication",
    "session-management",
    "emotional-awareness",
    "problem-solving",
    "adaptability",
];

/// What a mentorship meeting looks at: the criteria a one-to-one conversation can judge.
pub(super) const MENTORSHIP_FOCUS: [(&str, &[&str]); 2] = [
    (
        "emotional-awareness",
        &["reflection", "self-regulation", "confidence"],
    ),
    ("artist-communication", &["written-follow-up", "listening"]),
];

/// A session of the term, as planned before anything is written.
pub(super) struct Planned {
    pub(super) id: String,
    pub(super) day: i32,
    pub(super) kind: Kind,
    pub(super) title: String,
    pub(super) artist: Option<String>,
    /// Indices into `Course::rubrics`.
    pub(super) rubrics: Vec<usize>,
    /// Per rubric above, the criterion indices this session could observe.
    pub(super) observed: Vec<Vec<usize>>,
    /// Indices into `INSTRUCTORS`.
    pub(super) lead: usize,
    pub(super) second: Option<usize>,
    /// Seconds after 17:00 at which each instructor starts scoring this session.
    pub(super) clocks: [i64; 4],
}

fn rubric_index(course: &Course, id: &str) -> Option<usize> {
    course.rubrics.iter().position(|r| r.id == id)
}

pub(super) fn introduced(id: &str) -> f64 {
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

pub(super) fn plan_sessions(dice: &mut Dice, course: &Course, term: &Term) -> Vec<Planned> {
    let days = session_days(dice, term);
    let width = days.len().to_string().len().max(2);
    let mut artists: Vec<usize> = (0..PROSE.artists.len()).collect();
    dice.shuffle(&mut artists);
    // The team project's client stays the same all term.
    let client = &PROSE.artists[artists.remove(0)].name;
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
        let nth = counts[index(kind)];
        counts[index(kind)] += 1;
        let (title, artist) = match kind {
            Kind::Live => {
                let (title, artist) = bookings.next(dice);
                (title, Some(artist))
            }
            Kind::Team => (cycle(&PROSE.titles.team, nth), Some(client.clone())),
            Kind::Mentorship => (cycle(&PROSE.titles.mentorship, nth), None),
            // A demo term plans no `other` session (`KINDS`).
            Kind::Etiquette | Kind::Other => (cycle(&PROSE.titles.etiquette, nth), None),
        };
        let rubrics = session_rubrics(dice, course, kind, p, &mut used);
        let observed = rubrics
            .iter()
            .map(|&r| observed_criteria(dice, &course.rubrics[r], kind))
            .collect();
        let leads: Vec<f64> = INSTRUCTORS.iter().map(|t| t.leads[index(kind)]).collect();
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
    } else if counts[index(Kind::Team)] == 0 {
        Kind::Team
    } else if p >= 0.45 && counts[index(Kind::Mentorship)] == 0 {
        Kind::Mentorship
    } else {
        let weights: Vec<f64> = KINDS
            .iter()
            .map(|kind| {
                let base = match kind {
                    Kind::Live | Kind::Other => 0.0,
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
        KINDS[dice.weighted(&weights)]
    }
}

/// Who comes in for the live sessions: each artist in turn, now and then one coming back for
/// their second activity.
struct Bookings {
    /// Indices into `PROSE.artists`.
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
        let artist = &PROSE.artists[artist];
        (
            format!("{} with {}", artist.activities[activity], artist.name),
            artist.name.clone(),
        )
    }
}

/// The nth title of a list, marked as a repeat once the list runs out.
fn cycle(titles: &[String], nth: usize) -> String {
    let title = &titles[nth % titles.len()];
    if nth < titles.len() {
        title.clone()
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
        Kind::Etiquette | Kind::Other => rubric_index(course, "professional-etiquette")
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
    if kind == Kind::Mentorship
        && let Some((_, focus)) = MENTORSHIP_FOCUS.iter().find(|(id, _)| *id == rubric.id)
    {
        let chosen: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&c| focus.contains(&rubric.criteria[c].id.as_str()))
            .collect();
        if !chosen.is_empty() {
            return chosen;
        }
    }
    if all.len() > 3 && dice.chance(0.25) {
        let dropped = dice.below(all.len());
        return all.into_iter().filter(|&c| c != dropped).collect();
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::tests::shipped;

    #[test]
    fn the_planned_rubrics_and_criteria_are_in_the_shipped_course() {
        let course = shipped();
        let named = INTRODUCED
            .iter()
            .map(|(id, _)| *id)
            .chain(LIVE_RUBRICS)
            .chain(MENTORSHIP_FOCUS.iter().map(|(id, _)| *id))
            .chain(["professional-etiquette", "collaboration"]);
        for id in named {
            assert!(
                rubric_index(&course, id).is_some(),
                "{id} not in the course"
            );
        }
        for (id, focus) in MENTORSHIP_FOCUS {
            let rubric = &course.rubrics[rubric_index(&course, id).unwrap()];
            for criterion in focus {
                assert!(
                    rubric.criteria.iter().any(|c| c.id == *criterion),
                    "{id} has no {criterion}"
                );
            }
        }
        assert_eq!(INTRODUCED.len(), course.rubrics.len());
    }
}
