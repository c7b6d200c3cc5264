//! Students: names and IDs, who is who (archetypes, the one who leaves, those who stop coming),
//! each one's abilities and how they grow over the term, attendance, self-raters, and who rates
//! whom in the team project.

use super::dice::Dice;
use super::prose::PROSE;
use super::sessions::{Kind, Planned, introduced};
use super::term::{LAPSED_DAYS_AGO, LAST_DAY, Term};
use crate::course::model::Course;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Archetype {
    Typical,
    Strong,
    Struggling,
    Plateau,
}

pub(super) struct PlannedStudent {
    pub(super) id: String,
    pub(super) name: String,
    /// Overall ability, from which each skill's starting point varies a little.
    pub(super) general: f64,
    pub(super) plateau_at: f64,
    /// Per rubric of the course: (starting latent level, growth over the term).
    pub(super) skills: Vec<(f64, f64)>,
    /// Per rubric and criterion: this student's relative strength in it.
    pub(super) offsets: Vec<Vec<f64>>,
    /// Per session: whether the student was there.
    pub(super) attends: Vec<bool>,
    /// How far self-ratings sit from the instructors' view (blind spot > 0 > hidden strength).
    pub(super) self_bias: Option<f64>,
    pub(super) archived: bool,
}

impl PlannedStudent {
    /// The level this student works at in a criterion on `day`, before rater and noise.
    pub(super) fn latent(&self, course: &Course, rubric: usize, criterion: usize, day: i32) -> f64 {
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
pub(super) fn slug(text: &str) -> String {
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
pub(super) fn names(dice: &mut Dice, count: usize) -> Vec<(String, String)> {
    let mut first: Vec<&str> = PROSE.first_names.iter().map(String::as_str).collect();
    let mut last: Vec<&str> = PROSE.last_names.iter().map(String::as_str).collect();
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

pub(super) fn plan_students(
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
pub(super) fn plan_peers(
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
