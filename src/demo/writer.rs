//! Writing the gradebook: the roster, then every student's assessments (instructors, now and
//! then a second one, self and peers) with scores, notes, comments and derived timestamps, then
//! a few amendments.

use crate::store::Tx;

use super::dice::Dice;
use super::prose::PROSE;
use super::sessions::{INSTRUCTORS, Planned};
use super::students::PlannedStudent;
use super::term::{LAST_DAY, Term};
use crate::course::model::{Course, Rubric};
use crate::error::Result;
use crate::store::assessments::{self, Draft, Key, Outcome, Role, Score};
use crate::store::roster::{self, Instructor, Session, Student};

pub(super) struct Writer<'a, 'tx> {
    pub(super) tx: &'a Tx<'tx>,
    pub(super) course: &'a Course,
    pub(super) term: &'a Term,
    pub(super) sessions: &'a [Planned],
    pub(super) dice: &'a mut Dice,
    /// Per session and instructor: seconds after 17:00 of the next assessment they record.
    pub(super) clocks: Vec<[i64; 4]>,
    pub(super) recorded: usize,
    /// Instructor assessments old enough to have been corrected since: (draft, rubric, day).
    pub(super) amendable: Vec<(Draft, usize, i32)>,
}

impl Writer<'_, '_> {
    pub(super) fn roster(&mut self, students: &[PlannedStudent]) -> Result<()> {
        for teacher in &INSTRUCTORS {
            roster::add_instructor(
                self.tx,
                &Instructor {
                    id: teacher.id.to_owned(),
                    name: teacher.name.to_owned(),
                    sourced_id: None,
                },
            )?;
        }
        for session in self.sessions {
            roster::add_session(
                self.tx,
                &Session {
                    id: session.id.clone(),
                    date: self.term.date(session.day).to_string(),
                    kind: session.kind,
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
                    sourced_id: None,
                },
            )?;
        }
        Ok(())
    }

    /// Every assessment of one student: by instructors (now and then by two), by themselves,
    /// and by teammates.
    pub(super) fn student(
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
                    PROSE.note(&rubric.id, &criterion.id, level < rubric.mastery_index())
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
            PROSE.comment(self.dice, &rubric.id, band)
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
            .then(|| self.dice.pick(&PROSE.self_comments).as_str());
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
            .then(|| self.dice.pick(&PROSE.peer_comments).as_str());
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
    pub(super) fn amendments(&mut self, students: usize) -> Result<()> {
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
