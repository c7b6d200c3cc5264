//! `badges issue (--student ID | --all) -o DIR`: for each badge a student has newly earned,
//! a signed credential (`DIR/STUDENT/BADGE.jwt`, and `.json` to read), recorded in the
//! gradebook in the same transaction; files are staged and moved into place before it commits.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use serde::Serialize;

use ed25519_dalek::SigningKey;

use super::super::{gradebook_of, id, valid_course};
use crate::badges::credential::{self, Draft, Evidence};
use crate::badges::{self, image, keys};
use crate::cli::{BadgesIssueArgs, Global};
use crate::course::model::{Badge, Course};
use crate::error::{Error, Result, plural};
use crate::output::{Marker, Staging};
use crate::progress::{Progress, progress};
use crate::store::latest::Latest;
use crate::store::{self, Store, Tx, roster};
use crate::{emit, status};

/// What `issue` needs besides the gradebook: the course, the key, the issuer's ID and each
/// badge's image as a `data:` URI.
struct Issuer<'a> {
    course: &'a Course,
    key: SigningKey,
    id: String,
    images: Vec<Option<String>>,
    now: jiff::Timestamp,
    by: String,
}

/// What became of one student and one badge (`--json`: one object each).
#[derive(Serialize)]
struct Line {
    student: String,
    badge: String,
    #[serde(flatten)]
    outcome: Outcome,
}

#[derive(Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Outcome {
    /// Issued now: the `.jwt` written (relative to the output folder).
    Issued { file: String, credential: String },
    /// Held already (issued, not revoked).
    AlreadyIssued {
        credential: String,
        issued_at: String,
    },
    /// The rubrics not mastered yet.
    NotEarned { missing: Vec<String> },
    /// Earned, but no email to identify the student by.
    NoEmail,
}

impl Line {
    /// The line in text, the student and badge padded to `widths` so the outcomes line up.
    fn text(&self, widths: (usize, usize)) -> String {
        let what = match &self.outcome {
            Outcome::Issued { file, .. } => format!("issued {file}"),
            Outcome::AlreadyIssued { issued_at, .. } => {
                format!("already issued on {}", date(issued_at))
            }
            Outcome::NotEarned { missing } => format!(
                "not earned yet: {} not mastered",
                missing
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Outcome::NoEmail => format!(
                "earned, not issued: no email address to identify them by; add one with `rapport student edit {} --email …`",
                self.student
            ),
        };
        let (student, badge) = widths;
        format!("{:student$}  {:badge$}  {what}\n", self.student, self.badge)
    }
}

/// The course's badges and issuer, the key (which must be the issuer's `did:key` when course.yaml
/// names one), the images: everything checked before the gradebook is opened.
fn signer(course: &Course) -> Result<Issuer<'_>> {
    let Some(profile) = &course.issuer else {
        return Err(Error::refused_with(
            "the course defines no badges; nothing was written",
            "add `issuer:` and `badges:` to course.yaml (docs/FORMATS.md § Open Badges)",
        ));
    };
    if course.badges.is_empty() {
        return Err(Error::refused_with(
            "the course defines no badges; nothing was written",
            "add `badges:` to course.yaml (docs/FORMATS.md § Open Badges)",
        ));
    }
    let path = keys::key_path()?;
    // A key inside the course folder would go to git with it: never sign with one.
    if let Ok(real) = std::fs::canonicalize(&path) {
        let course = std::fs::canonicalize(&course.root).unwrap_or_else(|_| course.root.clone());
        if real.starts_with(&course) {
            return Err(Error::refused_with(
                format!(
                    "the issuer key `{}` is inside the course folder `{}`, which is shared through git; nothing was written",
                    path.display(),
                    course.display()
                ),
                "move the key outside the course and set `RAPPORT_ISSUER_KEY` to its new place (if the folder was ever pushed, make a new key with `rapport badges keygen --force`)",
            ));
        }
    }
    let key = keys::load(&path)?;
    let own = keys::did_key(&key.verifying_key());
    let id = match &profile.id {
        Some(id) if id.starts_with("did:key:") && *id != own => {
            return Err(Error::refused_with(
                format!(
                    "course.yaml's issuer `id` is `{id}`, but the issuer key is `{own}`; nothing was written"
                ),
                "use the key that `id` names, or remove `id` to use this key's `did:key`",
            ));
        }
        Some(id) => id.clone(),
        None => own,
    };
    Ok(Issuer {
        course,
        key,
        id,
        images: image::data_uris(course)?,
        now: badges::now(),
        by: crate::records::who(),
    })
}

pub fn run(global: &Global, args: &BadgesIssueArgs) -> Result<()> {
    let course = valid_course(global)?;
    let signer = signer(&course)?;
    let wanted = args.student.as_deref().map(id_of).transpose()?;
    let mut db = Store::open(&gradebook_of(global, &course)?)?;
    let undo = Undo::default();
    let result = db.write(|tx| {
        let students = match &wanted {
            Some(one) => vec![crate::lookup::student(tx, one)?],
            None => roster::students(tx, false)?,
        };
        // Each ID becomes a folder name: checked again, as another tool may have edited it.
        if let Some(odd) = students
            .iter()
            .find(|s| crate::ids::normalize(&s.id).as_deref() != Ok(s.id.as_str()))
        {
            return Err(Error::refused_with(
                format!(
                    "the roster holds the student ID `{}`, which cannot become a folder name; nothing was written",
                    odd.id
                ),
                "IDs are ASCII letters, digits, `-`, `_` and `.`; the database was changed by another tool: fix the ID there",
            ));
        }
        undo.folders(&args.output);
        let staging = Staging::begin(&args.output, &[], Marker::Nothing, false)?;
        // Every decision first, then every credential: the credentials' rows, written between
        // students' reads, would fill SQLite's page cache with dirty pages and leave the reads
        // none (1,549 credentials to 2,000 students took 544,000 page reads; now 11,500).
        let mut latest = Latest::new(tx);
        let mut decided = Vec::new();
        for student in &students {
            let view = progress(&course, student, &latest.of_student(&student.id)?);
            for (badge, image) in course.badges.iter().zip(&signer.images) {
                let decision = decide(tx, &course, badge, student, &view)?;
                decided.push((student, (badge, image.as_deref()), decision));
            }
        }
        let mut lines = Vec::new();
        let mut issued = 0;
        let mut to = 0;
        // `decided` holds each student's badges together: a new student starts where it changes.
        let mut last = None;
        for (student, (badge, image), decision) in decided {
            let outcome = match decision {
                Decision::Done(outcome) => outcome,
                Decision::Earned { email, evidence } => {
                    issued += 1;
                    if last != Some(&student.id) {
                        to += 1;
                        last = Some(&student.id);
                    }
                    issue(
                        tx,
                        &signer,
                        (badge, image),
                        (student, email, &evidence),
                        (&staging, &undo),
                    )?
                }
            };
            lines.push(Line {
                student: student.id.clone(),
                badge: badge.id.clone(),
                outcome,
            });
        }
        if issued > 0 {
            for line in &lines {
                if matches!(line.outcome, Outcome::Issued { .. }) {
                    undo.folders(&args.output.join(&line.student));
                }
            }
            staging.publish(&[])?;
        }
        Ok((lines, issued, to))
    });
    let (lines, count, students) = result.inspect_err(|_| undo.undo(&args.output))?;
    print(global, &lines, (count, students), &args.output)
}

/// What a run put in the output folder, to remove again when publishing or the commit fails,
/// so that no credential remains that the gradebook does not hold.
#[derive(Default)]
struct Undo {
    /// The files staged, with their text: a file holding exactly that text is this run's (each
    /// names a fresh credential ID).
    files: RefCell<Vec<(String, String)>>,
    /// The folders this run makes (the output folder, each student's), outermost first.
    folders: RefCell<Vec<PathBuf>>,
}

impl Undo {
    fn file(&self, rel: String, text: String) {
        self.files.borrow_mut().push((rel, text));
    }

    /// Notes `folder`, and each folder above it, as this run's when nothing is there yet
    /// (creating the output folder creates its missing parents).
    fn folders(&self, folder: &Path) {
        let mut folders = self.folders.borrow_mut();
        let missing: Vec<&Path> = folder
            .ancestors()
            .filter(|f| !f.as_os_str().is_empty())
            .take_while(|f| std::fs::symlink_metadata(f).is_err())
            .collect();
        for f in missing.into_iter().rev() {
            if !folders.iter().any(|known| known == f) {
                folders.push(f.to_owned());
            }
        }
    }

    /// Removes this run's files from `output`, then its folders, innermost first, each only
    /// when empty.
    fn undo(&self, output: &Path) {
        for (rel, text) in self.files.borrow().iter() {
            let path = output.join(rel);
            if std::fs::read_to_string(&path).is_ok_and(|found| found == *text) {
                let _ = std::fs::remove_file(&path);
            }
        }
        for folder in self.folders.borrow().iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// One line per student and badge (or `--json`), then what was issued on standard error.
fn print(
    global: &Global,
    lines: &[Line],
    (count, students): (usize, usize),
    output: &Path,
) -> Result<()> {
    if global.json {
        emit(&super::super::json(&lines))?;
    } else {
        let widths = lines.iter().fold((0, 0), |(s, b), line| {
            (s.max(line.student.len()), b.max(line.badge.len()))
        });
        emit(
            &lines
                .iter()
                .map(|line| line.text(widths))
                .collect::<String>(),
        )?;
    }
    status(
        global,
        &if count == 0 {
            "no credential issued: nothing newly earned".to_owned()
        } else {
            format!(
                "issued {count} {} to {students} {} in `{}`",
                plural(count, "credential", "credentials"),
                plural(students, "student", "students"),
                output.display()
            )
        },
    );
    Ok(())
}

fn id_of(student: &str) -> Result<String> {
    id("student", student)
}

/// What to do for one student and one badge.
enum Decision {
    /// Nothing to issue, and why.
    Done(Outcome),
    /// Earned and identifiable: to issue, with this evidence.
    Earned {
        email: String,
        evidence: Vec<Evidence>,
    },
}

/// One student and one badge: already held, not earned, earned without an email, or earned.
fn decide(
    tx: &Tx<'_>,
    course: &Course,
    badge: &Badge,
    student: &crate::gradebook::Student,
    view: &Progress,
) -> Result<Decision> {
    if let Some(held) = store::badges::held(tx, &student.id, &badge.id)? {
        return Ok(Decision::Done(Outcome::AlreadyIssued {
            credential: held.credential_id,
            issued_at: held.issued_at,
        }));
    }
    let missing = badges::not_mastered(badge, view);
    if !missing.is_empty() {
        return Ok(Decision::Done(Outcome::NotEarned {
            missing: missing.into_iter().map(str::to_owned).collect(),
        }));
    }
    let Some(email) = student.email.as_deref().filter(|e| !e.trim().is_empty()) else {
        return Ok(Decision::Done(Outcome::NoEmail));
    };
    Ok(Decision::Earned {
        email: email.to_owned(),
        evidence: evidence(course, badge, view),
    })
}

/// Issues one earned credential: signed, its files staged, its row recorded.
fn issue(
    tx: &Tx<'_>,
    issuer: &Issuer<'_>,
    (badge, image): (&Badge, Option<&str>),
    (student, email, evidence): (&crate::gradebook::Student, String, &[Evidence]),
    (staging, undo): (&Staging, &Undo),
) -> Result<Outcome> {
    let credential_id = badges::uuid_urn().map_err(Error::io("read", "/dev/urandom"))?;
    let subject_id = badges::uuid_urn().map_err(Error::io("read", "/dev/urandom"))?;
    let salt = credential::salt().map_err(Error::io("read", "/dev/urandom"))?;
    let draft = Draft {
        issuer: issuer
            .course
            .issuer
            .as_ref()
            .expect("checked by the caller"),
        issuer_id: &issuer.id,
        badge,
        image: image.map(str::to_owned),
        credential_id: &credential_id,
        subject_id: &subject_id,
        valid_from: issuer.now,
        email: &email,
        salt: &salt,
        evidence,
    };
    let vc = credential::credential(&draft);
    let jwt = credential::sign(&vc, &draft, &issuer.key);
    let rel = format!("{}/{}", student.id, badge.id);
    let files = [
        (format!("{rel}.jwt"), format!("{jwt}\n")),
        (
            format!("{rel}.json"),
            format!(
                "{}\n",
                serde_json::to_string_pretty(&vc).expect("plain JSON")
            ),
        ),
    ];
    for (name, text) in files {
        staging.write(&name, text.clone())?;
        undo.file(name, text);
    }
    let at = issuer.now.to_string();
    store::badges::record(
        tx,
        &store::badges::Credential {
            student: student.id.clone(),
            badge: badge.id.clone(),
            credential_id: credential_id.clone(),
            issued_at: at.clone(),
            valid_from: at,
            jwt,
            issued_by: Some(issuer.by.clone()),
            revoked_at: None,
            revoked_by: None,
            revoke_reason: None,
        },
    )?;
    Ok(Outcome::Issued {
        file: format!("{rel}.jwt"),
        credential: credential_id,
    })
}

/// The rubrics that earned the badge, as the student's progress shows them.
fn evidence(course: &Course, badge: &Badge, view: &Progress) -> Vec<Evidence> {
    badge
        .rubrics
        .iter()
        .filter_map(|r| view.rubrics.iter().find(|p| &p.id == r))
        .map(|p| {
            let rubric = course
                .rubric(&p.id)
                .expect("the view is built from the course");
            let label = |index: usize| {
                rubric
                    .levels
                    .get(index)
                    .map_or_else(String::new, |l| l.label.clone())
            };
            Evidence {
                rubric: p.id.clone(),
                title: p.title.clone(),
                value: p
                    .value
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
                level: p.level.map_or_else(String::new, label),
                mastery_level: format!("{} ({})", p.mastery_level, label(rubric.mastery_index())),
                method: course.mastery.name(),
            }
        })
        .collect()
}

/// The date of an RFC 3339 instant (its first ten characters).
fn date(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}
