//! Mastery for gradebooks (docs/FORMATS.md § Mastery for gradebooks): one row per student, one
//! column per rubric (and per criterion when asked) holding the mastery value that `progress`
//! computed, in the layout an LMS's gradebook import reads (Canvas, Moodle) or rapport's own
//! plain layout for scripts. Pure: students and their progress in, a [`Table`] out.

use std::fmt::Write as _;

use super::Table;
use super::scores::neutralise;
use crate::course::model::{Criterion, Rubric, format_score};
use crate::error::{Error, Result};
use crate::figure::Figure;
use crate::gradebook::Student;
use crate::progress::Progress;

/// The layouts `export-mastery --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MasteryLayout {
    /// Canvas's gradebook import CSV (Grades → Import)
    Canvas,
    /// Moodle's "Import grades from CSV" (Grade administration → Import → CSV file)
    Moodle,
    /// rapport's own plain layout: `id`, `name`, `email`, `cohort`, then one column per rubric
    Csv,
}

/// How Moodle is to find each row's user ("Map from" / "Map to" on its import page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MoodleKey {
    /// The `Email address` column, mapped to Moodle's `useremail`: every student needs one
    #[default]
    Email,
    /// The `ID number` column, mapped to Moodle's `useridnumber`
    #[value(name = "idnumber")]
    IdNumber,
}

/// What Canvas's importer takes for a column of its own totals wherever it stands in a header
/// (`gradebook_importer.rb`, `NON_ASSIGNMENT_COLUMN_HEADERS`, matched anywhere in the text) and
/// leaves out of the import.
const CANVAS_TOTALS: [&str; 9] = [
    "Current Score",
    "Current Points",
    "Current Grade",
    "Final Score",
    "Final Points",
    "Final Grade",
    "Override Score",
    "Override Grade",
    "Override Status",
];

/// The columns before the values, per layout.
const CANVAS_STUDENT: [&str; 5] = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"];
const MOODLE_STUDENT: [&str; 3] = ["Full name", "ID number", "Email address"];
const CSV_STUDENT: [&str; 4] = ["id", "name", "email", "cohort"];

/// The student's ID in the student information system, which Canvas's `SIS User ID` and
/// Moodle's `ID number` carry: the `sourcedId` a OneRoster import recorded (`roster
/// import-oneroster`). `None` for a student added by hand: then Canvas matches on `SIS Login ID`,
/// rapport's own ID, and Moodle's `ID number` stays blank (never rapport's ID, which could be
/// another user's ID number), so `--moodle-key idnumber` refuses such a student.
#[must_use]
pub fn sis_user_id(student: &Student) -> Option<&str> {
    student.sourced_id.as_deref()
}

/// Canvas's `SIS Login ID`: rapport's ID for a student added by hand (the login the academy gave
/// Canvas), blank for one with a `sourced_id`. A OneRoster student's rapport ID is their
/// `username` cut at `@` (or their `identifier`), while Canvas's login is usually the whole
/// username: such a cell would match nobody, or another user whose login it is. Canvas then
/// matches the row by `SIS User ID` alone.
#[must_use]
pub fn sis_login_id(student: &Student) -> &str {
    match sis_user_id(student) {
        Some(_) => "",
        None => &student.id,
    }
}

/// One value column: a rubric, or one of its criteria.
struct Column<'c> {
    rubric: &'c Rubric,
    criterion: Option<&'c Criterion>,
}

impl Column<'_> {
    /// The header an LMS shows as the assignment's or grade item's name; the `(rapport:…)` tag
    /// keeps it apart from the LMS's own items, so a re-upload finds the one it made.
    fn lms_header(&self) -> String {
        match self.criterion {
            None => format!("{} (rapport:{})", self.rubric.title, self.rubric.id),
            Some(c) => format!(
                "{}: {} (rapport:{}/{})",
                self.rubric.title, c.title, self.rubric.id, c.id
            ),
        }
    }

    /// The header of rapport's own layout: the IDs.
    fn csv_header(&self) -> String {
        match self.criterion {
            None => self.rubric.id.clone(),
            Some(c) => format!("{}/{}", self.rubric.id, c.id),
        }
    }

    /// The student's value in this column, as `progress` computed it.
    fn value<'p>(&self, progress: &'p Progress) -> Option<&'p Figure> {
        let rubric = progress.rubrics.iter().find(|r| r.id == self.rubric.id)?;
        match self.criterion {
            None => rubric.value.as_ref(),
            Some(c) => rubric
                .criteria
                .iter()
                .find(|p| p.id == c.id)?
                .value
                .as_ref(),
        }
    }
}

/// A gradebook CSV being filled, one student at a time.
pub struct MasterySheet<'c> {
    layout: MasteryLayout,
    key: MoodleKey,
    columns: Vec<Column<'c>>,
    table: Table,
    /// Students whom the layout cannot identify (Moodle by email without one, by ID number
    /// without a `sourced_id`).
    unmatched: Vec<String>,
}

impl<'c> MasterySheet<'c> {
    /// A sheet of `rubrics` (in that order), each followed by its criteria when `criteria`; a
    /// header the LMS would misread is refused.
    pub fn new(
        layout: MasteryLayout,
        key: MoodleKey,
        rubrics: &[&'c Rubric],
        criteria: bool,
    ) -> Result<MasterySheet<'c>> {
        let columns: Vec<Column<'c>> = rubrics
            .iter()
            .flat_map(|rubric| {
                let own = rubric.criteria.iter().filter(move |_| criteria);
                std::iter::once(Column {
                    rubric,
                    criterion: None,
                })
                .chain(own.map(move |c| Column {
                    rubric,
                    criterion: Some(c),
                }))
            })
            .collect();
        let (student, headers): (&[&str], Vec<String>) = match layout {
            MasteryLayout::Canvas => {
                canvas_headers_readable(&columns)?;
                (
                    &CANVAS_STUDENT,
                    columns.iter().map(Column::lms_header).collect(),
                )
            }
            MasteryLayout::Moodle => (
                &MOODLE_STUDENT,
                columns.iter().map(Column::lms_header).collect(),
            ),
            MasteryLayout::Csv => {
                csv_headers_distinct(&columns)?;
                (
                    &CSV_STUDENT,
                    columns.iter().map(Column::csv_header).collect(),
                )
            }
        };
        let header = student
            .iter()
            .map(|&s| s.to_owned())
            .chain(headers)
            .collect();
        let mut table = Table::new(header);
        if layout == MasteryLayout::Canvas {
            // Canvas reads this row for the points of the assignments the import creates.
            let mut row = vec!["Points Possible".to_owned()];
            row.extend(std::iter::repeat_n(String::new(), CANVAS_STUDENT.len() - 1));
            row.extend(
                columns
                    .iter()
                    .map(|c| format_score(c.rubric.levels.last().map_or(0.0, |l| l.score))),
            );
            table.push(row);
        }
        Ok(MasterySheet {
            layout,
            key,
            columns,
            table,
            unmatched: Vec::new(),
        })
    }

    /// Adds `student`'s row, their values from `progress`.
    pub fn push(&mut self, student: &Student, progress: &Progress) {
        let email = student.email.as_deref().unwrap_or("");
        let cohort = student.cohort.as_deref().unwrap_or("");
        let (mut row, places, blank) = match self.layout {
            MasteryLayout::Canvas => (
                vec![
                    neutralise(&student.name),
                    String::new(),
                    sis_user_id(student).unwrap_or("").to_owned(),
                    sis_login_id(student).to_owned(),
                    neutralise(cohort),
                ],
                2,
                "",
            ),
            MasteryLayout::Moodle => {
                let unmatched = match self.key {
                    MoodleKey::Email => email.is_empty(),
                    MoodleKey::IdNumber => sis_user_id(student).is_none(),
                };
                if unmatched {
                    self.unmatched.push(student.id.clone());
                }
                (
                    vec![
                        neutralise(&student.name),
                        sis_user_id(student).unwrap_or("").to_owned(),
                        email.to_owned(),
                    ],
                    2,
                    // Moodle stores an empty cell of a new grade item as 0; `-` is no grade.
                    "-",
                )
            }
            MasteryLayout::Csv => (
                vec![
                    student.id.clone(),
                    neutralise(&student.name),
                    neutralise(email),
                    neutralise(cohort),
                ],
                6,
                "",
            ),
        };
        row.extend(self.columns.iter().map(|c| {
            c.value(progress)
                .map_or_else(|| blank.to_owned(), |v| v.decimals(places))
        }));
        self.table.push(row);
    }

    /// The finished table, or the refusal of students the LMS could not identify.
    pub fn finish(self) -> Result<Table> {
        if self.unmatched.is_empty() {
            return Ok(self.table);
        }
        let n = self.unmatched.len();
        let one = n == 1;
        let has = if one { "student has" } else { "students have" };
        Err(match self.key {
            MoodleKey::Email => Error::refused_with(
                format!(
                    "Moodle finds each row's user by email, and {n} {has} none: {}",
                    named(&self.unmatched)
                ),
                format!(
                    "add their {} with `rapport student edit {} --email …`, or, when they came from the SIS (`rapport roster import-oneroster`), key the rows by ID number with `--moodle-key idnumber`",
                    if one { "email" } else { "emails" },
                    if one {
                        self.unmatched[0].as_str()
                    } else {
                        "ID"
                    },
                ),
            ),
            MoodleKey::IdNumber => Error::refused_with(
                format!(
                    "Moodle finds each row's user by ID number, the student information system's ID (a OneRoster `sourcedId`), and {n} {has} none: {}",
                    named(&self.unmatched)
                ),
                "import the roster from the SIS with `rapport roster import-oneroster` so that every student has it, or key the rows by email with `--moodle-key email`",
            ),
        })
    }

    /// How many value columns the sheet has.
    #[must_use]
    pub fn columns(&self) -> usize {
        self.columns.len()
    }
}

/// How many IDs a refusal names before it counts the rest.
const NAMED: usize = 10;

/// `` `a`, `b`, `c` ``; past [`NAMED`] IDs, the first ones and `… and 5 more`.
fn named(ids: &[String]) -> String {
    let mut text = ids
        .iter()
        .take(NAMED)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > NAMED {
        let _ = write!(text, " … and {} more", ids.len() - NAMED);
    }
    text
}

/// Refuses a title that Canvas's importer would take for one of its own total columns.
fn canvas_headers_readable(columns: &[Column<'_>]) -> Result<()> {
    for column in columns {
        let (what, id, title) = match column.criterion {
            None => ("rubric", column.rubric.id.clone(), &column.rubric.title),
            Some(c) => (
                "criterion",
                format!("{}/{}", column.rubric.id, c.id),
                &c.title,
            ),
        };
        let header = column.lms_header();
        if let Some(total) = CANVAS_TOTALS.iter().find(|t| header.contains(*t)) {
            return Err(Error::refused_with(
                format!(
                    "the title of {what} `{id}` ({title}) holds `{total}`, which Canvas's gradebook import takes for a column of its own totals and ignores"
                ),
                format!(
                    "reword the title in rubrics/{}.yaml so that it does not contain `{total}`",
                    column.rubric.id
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses a rubric ID that would repeat one of the student columns of rapport's own layout.
fn csv_headers_distinct(columns: &[Column<'_>]) -> Result<()> {
    match columns
        .iter()
        .find(|c| CSV_STUDENT.contains(&c.rubric.id.as_str()))
    {
        Some(c) => Err(Error::refused_with(
            format!(
                "the rubric ID `{}` would name a second `{}` column in the CSV",
                c.rubric.id, c.rubric.id
            ),
            "give the rubric another ID (its file name in rubrics/), or export for an LMS with `--format canvas` or `--format moodle`",
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::Level;

    fn rubric(id: &str, title: &str) -> Rubric {
        Rubric {
            id: id.to_owned(),
            title: title.to_owned(),
            description: None,
            levels: vec![
                Level {
                    score: 1.0,
                    label: "Emerging".to_owned(),
                },
                Level {
                    score: 2.5,
                    label: "Solid".to_owned(),
                },
            ],
            mastery_level: 2.5,
            criteria: vec![Criterion {
                id: "tone".to_owned(),
                title: "Tone".to_owned(),
                description: None,
                weight: 1.0,
                descriptors: vec!["a".to_owned(), "b".to_owned()],
            }],
        }
    }

    fn refusal(result: Result<MasterySheet<'_>>) -> String {
        match result {
            Err(e) => format!("{e}\n{}", e.hint().unwrap_or_default()),
            Ok(_) => panic!("refused"),
        }
    }

    #[test]
    fn canvas_refuses_a_title_it_would_take_for_its_totals() {
        let r = rubric("wrap-up", "Final Grade reflection");
        assert_eq!(
            refusal(MasterySheet::new(MasteryLayout::Canvas, MoodleKey::Email, &[&r], false)),
            "the title of rubric `wrap-up` (Final Grade reflection) holds `Final Grade`, which Canvas's gradebook import takes for a column of its own totals and ignores
reword the title in rubrics/wrap-up.yaml so that it does not contain `Final Grade`"
        );
        let mut r = rubric("mix", "Mix");
        r.criteria[0].title = "Current Score awareness".to_owned();
        assert!(MasterySheet::new(MasteryLayout::Canvas, MoodleKey::Email, &[&r], false).is_ok());
        assert_eq!(
            refusal(MasterySheet::new(MasteryLayout::Canvas, MoodleKey::Email, &[&r], true)),
            "the title of criterion `mix/tone` (Current Score awareness) holds `Current Score`, which Canvas's gradebook import takes for a column of its own totals and ignores
reword the title in rubrics/mix.yaml so that it does not contain `Current Score`"
        );
        // Moodle and the plain layout have no such columns.
        assert!(MasterySheet::new(MasteryLayout::Moodle, MoodleKey::Email, &[&r], true).is_ok());
    }

    #[test]
    fn the_plain_layout_refuses_a_rubric_named_like_a_student_column() {
        let r = rubric("email", "Email etiquette");
        assert_eq!(
            refusal(MasterySheet::new(MasteryLayout::Csv, MoodleKey::Email, &[&r], false)),
            "the rubric ID `email` would name a second `email` column in the CSV
give the rubric another ID (its file name in rubrics/), or export for an LMS with `--format canvas` or `--format moodle`"
        );
    }

    #[test]
    fn headers_and_points_possible() {
        let r = rubric("mix", "Mix, \"final\"");
        let sheet =
            MasterySheet::new(MasteryLayout::Canvas, MoodleKey::Email, &[&r], true).unwrap();
        assert_eq!(sheet.columns(), 2);
        assert_eq!(
            sheet.finish().unwrap().text(),
            "Student,ID,SIS User ID,SIS Login ID,Section,\"Mix, \"\"final\"\" (rapport:mix)\",\"Mix, \"\"final\"\": Tone (rapport:mix/tone)\"
Points Possible,,,,,2.5,2.5
"
        );
        let sheet = MasterySheet::new(MasteryLayout::Csv, MoodleKey::Email, &[&r], true).unwrap();
        assert_eq!(
            sheet.finish().unwrap().text(),
            "id,name,email,cohort,mix,mix/tone\n"
        );
    }
}
