//! The current revisions of assessments with their scores, handed on one revision at a time as
//! they are read: `export` writes each as it comes, and `report --all` reads student after
//! student (one joined query each) through one [`Latest`] that keeps each rubric version's
//! scale (the statements are kept by the connection).

use std::collections::HashMap;

use super::Tx;
use super::assessments::{REVISION_COLUMNS, revision_from, version_scale};
use super::sql::args;
use crate::error::Result;
use crate::gradebook::{Revision, Score};

/// The current revisions of one student with their scores, in order: one joined query. A
/// revision without scores has one row, its score columns NULL.
fn of_student_query() -> String {
    format!(
        "SELECT {REVISION_COLUMNS}, sc.criterion_id, sc.level, sc.note FROM revision r
         JOIN assessment a ON a.id = r.assessment_id JOIN session s ON s.id = a.session_id
         LEFT JOIN score sc ON sc.revision_id = r.id
         WHERE r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
           AND a.student_id = ?1
         ORDER BY s.date, a.session_id, a.student_id, a.role, a.rater_id, a.rubric_id,
                  sc.position NULLS FIRST"
    )
}

/// The current revisions of everyone, in order, without their scores: joined, the sort would
/// carry every score's row; each revision's scores are read by its ID instead.
fn everyone_query() -> String {
    format!(
        "SELECT {REVISION_COLUMNS} FROM revision r
         JOIN assessment a ON a.id = r.assessment_id JOIN session s ON s.id = a.session_id
         WHERE r.number = (SELECT max(number) FROM revision WHERE assessment_id = a.id)
         ORDER BY s.date, a.session_id, a.student_id, a.role, a.rater_id, a.rubric_id"
    )
}

/// A reader of current revisions within one read transaction.
pub struct Latest<'t, 'c> {
    tx: &'t Tx<'c>,
    /// Each rubric version's level scores and criteria, by hash: read once per run.
    scales: HashMap<String, (Vec<f64>, Vec<String>)>,
}

impl<'t, 'c> Latest<'t, 'c> {
    #[must_use]
    pub fn new(tx: &'t Tx<'c>) -> Latest<'t, 'c> {
        Latest {
            tx,
            scales: HashMap::new(),
        }
    }

    /// The current revision of every assessment of `student`, ordered by session date,
    /// session, student, role, rater and rubric.
    pub fn of_student(&mut self, student: &str) -> Result<Vec<Revision>> {
        let mut out = Vec::new();
        self.each(Some(student), |revision| {
            out.push(revision);
            Ok(())
        })?;
        Ok(out)
    }

    /// Hands `each` the current revision of every assessment (of one student, when given), in
    /// the order of [`Latest::of_student`], as it is read: nothing is held but the one revision.
    pub fn each(
        &mut self,
        student: Option<&str>,
        mut each: impl FnMut(Revision) -> Result<()>,
    ) -> Result<()> {
        let Some(student) = student else {
            return self.everyone(each);
        };
        let tx = self.tx;
        let mut current: Option<(Revision, i64)> = None;
        tx.each(&of_student_query(), args![student], |row| {
            let id: i64 = row.get(11)?;
            if current.as_ref().is_none_or(|(_, c)| *c != id) {
                if let Some((revision, id)) = current.take() {
                    each(self.checked(revision, id)?)?;
                }
                current = Some(revision_from(row)?);
            }
            let criterion: Option<String> = row.get(12)?;
            if let (Some(criterion), Some((revision, _))) = (criterion, current.as_mut()) {
                revision.scores.push(Score {
                    criterion,
                    level: row.get(13)?,
                    note: row.get(14)?,
                });
            }
            Ok(())
        })?;
        if let Some((revision, id)) = current {
            each(self.checked(revision, id)?)?;
        }
        Ok(())
    }

    /// [`Latest::each`] for everyone.
    fn everyone(&mut self, mut each: impl FnMut(Revision) -> Result<()>) -> Result<()> {
        let tx = self.tx;
        tx.each(&everyone_query(), args![], |row| {
            let (revision, id) = revision_from(row)?;
            each(self.with_scores(revision, id)?)
        })
    }

    /// `revision` (read without its scores) with its scores, checked against its version's
    /// scale.
    pub(super) fn with_scores(&mut self, mut revision: Revision, id: i64) -> Result<Revision> {
        revision.scores = self.tx.rows(
            "SELECT criterion_id, level, note FROM score WHERE revision_id = ?1 ORDER BY position",
            args![id],
            |row| {
                Ok(Score {
                    criterion: row.get(0)?,
                    level: row.get(1)?,
                    note: row.get(2)?,
                })
            },
        )?;
        self.checked(revision, id)
    }

    /// `revision` with the criteria whose scores are off its version's scale.
    fn checked(&mut self, mut revision: Revision, id: i64) -> Result<Revision> {
        if !self.scales.contains_key(&revision.rubric_hash) {
            // Looked up through the revision, so that the query holds whatever type the hash
            // column stores.
            let text: Option<String> = self.tx.row(
                "SELECT snapshot FROM rubric_version
                 WHERE hash = (SELECT rubric_hash FROM revision WHERE id = ?1)",
                args![id],
                |row| row.get(0),
            )?;
            self.scales.insert(
                revision.rubric_hash.clone(),
                version_scale(text.as_deref().unwrap_or("")),
            );
        }
        let (scale, criteria) = &self.scales[&revision.rubric_hash];
        revision.off_scale = revision
            .scores
            .iter()
            .filter(|s| !scale.contains(&s.level) || !criteria.contains(&s.criterion))
            .map(|s| s.criterion.clone())
            .collect();
        Ok(revision)
    }
}
