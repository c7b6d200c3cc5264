//! The report's feedback section: instructors' comments and notes, the student's own
//! self-assessment notes and peers' words, by session, newest first. Peers are never named, and
//! their words are shown only when enough peers rated to keep each one anonymous.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Context, artist, instructor_name, level_text};
use crate::course::model::{Course, Rubric};
use crate::gradebook::{Revision, Role};
use crate::mastery;
use crate::views::human_date;

#[derive(Debug, Serialize)]
pub struct FeedbackSession {
    pub date: String,
    pub title: String,
    pub kind: String,
    pub artist: Option<String>,
    pub entries: Vec<FeedbackEntry>,
    /// How many comments and notes `entries` hold.
    pub items: usize,
    /// Some peers' words from this session are not shown: too few peers to keep them
    /// anonymous.
    pub peers_withheld: bool,
}

#[derive(Debug, Serialize)]
pub struct FeedbackEntry {
    pub from: String,
    /// A peer's or the student's own: shown apart from the instructors'.
    pub student: bool,
    pub rubric: String,
    pub recorded: String,
    /// "revised 4 Sep 2026, 10:12", and the reason apart.
    pub amended: Option<String>,
    pub comment: Option<String>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Serialize)]
pub struct Note {
    pub criterion: String,
    pub level: String,
    pub text: String,
}

/// Instructor and peer comments and notes, by session, newest first. Peers stay anonymous.
pub(super) fn feedback(context: &Context<'_>) -> Vec<FeedbackSession> {
    let peers = PeerCounts::of(context);
    let mut by_session: BTreeMap<(&str, &str), Vec<&Revision>> = BTreeMap::new();
    for revision in context
        .revisions
        .iter()
        .filter(|r| r.comment.is_some() || r.scores.iter().any(|s| s.note.is_some()))
    {
        by_session
            .entry((&revision.date, &revision.session))
            .or_default()
            .push(revision);
    }
    by_session
        .into_iter()
        .rev()
        .map(|((date, session), mut revisions)| {
            // Instructors first, by name; then the student's own; then peers, by what they
            // wrote: never by who they are or when they wrote it, which could name them.
            revisions.sort_by_key(|r| match r.role {
                Role::Instructor => (0, instructor_name(context, &r.rater), r.rubric.clone()),
                Role::SelfAssessment => (1, String::new(), r.rubric.clone()),
                Role::Peer => (2, r.comment.clone().unwrap_or_default(), r.rubric.clone()),
            });
            let known = context.sessions.get(session);
            let mut peers_withheld = false;
            let entries: Vec<FeedbackEntry> = revisions
                .into_iter()
                .filter_map(|r| {
                    if r.role != Role::Peer {
                        return Some(feedback_entry(context, r));
                    }
                    let (entry, withheld) = peer_entry(context.course, &peers, r);
                    peers_withheld |= withheld;
                    entry
                })
                .collect();
            FeedbackSession {
                date: human_date(date, false),
                title: known.map_or_else(|| session.to_owned(), |s| s.title.clone()),
                kind: known.map_or_else(String::new, |s| s.kind.label().to_owned()),
                artist: known.and_then(artist),
                items: entries
                    .iter()
                    .map(|e| usize::from(e.comment.is_some()) + e.notes.len())
                    .sum(),
                entries,
                peers_withheld,
            }
        })
        .collect()
}

fn feedback_entry(context: &Context<'_>, revision: &Revision) -> FeedbackEntry {
    let rubric = context.course.rubric(&revision.rubric);
    FeedbackEntry {
        from: match revision.role {
            Role::SelfAssessment => "You (self-assessment)".to_owned(),
            _ => instructor_name(context, &revision.rater),
        },
        student: revision.role != Role::Instructor,
        rubric: rubric.map_or_else(|| revision.rubric.clone(), |r| r.title.clone()),
        // An amendment's time is that of its latest revision; the first is in `history`.
        recorded: if revision.revision > 1 {
            format!("revised {}", recorded_time(&revision.recorded_at))
        } else {
            recorded_time(&revision.recorded_at)
        },
        amended: (revision.revision > 1)
            .then(|| revision.reason.clone())
            .flatten(),
        comment: revision.comment.clone(),
        notes: revision
            .scores
            .iter()
            .filter_map(|s| {
                let text = s.note.clone()?;
                Some(Note {
                    criterion: criterion_title(rubric, &s.criterion),
                    // A level off the scale it was scored with is never shown (`doctor`
                    // reports it); one the current rubric no longer has has no label to show.
                    level: rubric
                        .filter(|r| {
                            revision.on_scale(&s.criterion) && mastery::on_scale(r, s.level)
                        })
                        .map_or_else(String::new, |r| level_text(r, s.level)),
                    text,
                })
            })
            .collect(),
    }
}

/// A stored UTC time in local time, its date as every date on the page: `4 Sep 2026, 10:12`.
fn recorded_time(stored: &str) -> String {
    stored.parse::<jiff::Timestamp>().map_or_else(
        |_| stored.to_owned(),
        |t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%-d %b %Y, %H:%M")
                .to_string()
        },
    )
}

/// How many different peers rated the student in each session, per rubric and per criterion.
struct PeerCounts<'a> {
    minimum: usize,
    raters: BTreeMap<(&'a str, &'a str, Option<&'a str>), BTreeSet<&'a str>>,
}

impl<'a> PeerCounts<'a> {
    fn of(context: &Context<'a>) -> Self {
        let mut raters: BTreeMap<_, BTreeSet<&str>> = BTreeMap::new();
        for r in context.revisions.iter().filter(|r| r.role == Role::Peer) {
            let key = |criterion| (r.session.as_str(), r.rubric.as_str(), criterion);
            raters.entry(key(None)).or_default().insert(&r.rater);
            for score in &r.scores {
                raters
                    .entry(key(Some(score.criterion.as_str())))
                    .or_default()
                    .insert(&r.rater);
            }
        }
        PeerCounts {
            minimum: context.course.peer_minimum.max(2) as usize,
            raters,
        }
    }

    /// Whether enough different peers rated the rubric (or one of its criteria) in a session
    /// that what one of them wrote there cannot be told apart.
    fn enough(&self, revision: &Revision, criterion: Option<&str>) -> bool {
        self.raters
            .get(&(
                revision.session.as_str(),
                revision.rubric.as_str(),
                criterion,
            ))
            .map_or(0, BTreeSet::len)
            >= self.minimum
    }
}

/// A peer's words without what could identify the peer: no time, no revision, no level (peer
/// levels are shown only as a median per criterion), and only where enough peers rated the
/// same in that session (the comment: the rubric; a note: its criterion). Also says whether
/// anything was withheld; `None` when nothing is left to show.
fn peer_entry(
    course: &Course,
    peers: &PeerCounts<'_>,
    revision: &Revision,
) -> (Option<FeedbackEntry>, bool) {
    let rubric = course.rubric(&revision.rubric);
    let mut withheld = false;
    let comment = revision.comment.clone().filter(|_| {
        let shown = peers.enough(revision, None);
        withheld |= !shown;
        shown
    });
    let notes: Vec<Note> = revision
        .scores
        .iter()
        .filter_map(|s| {
            let text = s.note.clone()?;
            if !peers.enough(revision, Some(&s.criterion)) {
                withheld = true;
                return None;
            }
            Some(Note {
                criterion: criterion_title(rubric, &s.criterion),
                level: String::new(),
                text,
            })
        })
        .collect();
    let entry = (comment.is_some() || !notes.is_empty()).then(|| FeedbackEntry {
        from: "A fellow student (peer assessment)".to_owned(),
        student: true,
        rubric: rubric.map_or_else(|| revision.rubric.clone(), |r| r.title.clone()),
        recorded: String::new(),
        amended: None,
        comment,
        notes,
    });
    (entry, withheld)
}

fn criterion_title(rubric: Option<&Rubric>, id: &str) -> String {
    rubric
        .and_then(|r| r.criteria.iter().find(|c| c.id == id))
        .map_or_else(|| id.to_owned(), |c| c.title.clone())
}
