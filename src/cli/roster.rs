//! The roster's subcommands: `student`, `instructor`, `session` and `roster` (clap
//! definitions only).

use std::path::PathBuf;

use clap::{ArgGroup, Subcommand};

use crate::gradebook::SessionKind;
use crate::oneroster::{CohortFrom, IdFrom};

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Add and update students and instructors from a OneRoster 1.1 or 1.2 CSV bulk package
    /// (a folder or a .zip), all or nothing
    ///
    /// Students are the users enrolled with the role `student`, instructors those enrolled as
    /// `teacher`, in the class `--class` names or in every class. Each keeps the package's
    /// `sourcedId` beside rapport's ID, so a later package updates them; users marked
    /// `tobedeleted` are archived. Nothing is written when any file has a problem.
    ImportOneroster {
        /// The package: the folder holding manifest.csv, users.csv, enrollments.csv,
        /// classes.csv (academicSessions.csv, orgs.csv), or the .zip the SIS exported
        #[arg(value_name = "DIR_OR_ZIP")]
        package: PathBuf,
        /// The class whose students and teachers to import, by its `sourcedId` in classes.csv
        /// (default: every class)
        #[arg(long, value_name = "SOURCEDID")]
        class: Option<String>,
        /// The users.csv column a rapport ID is made from (lower-cased) for someone new
        #[arg(long, value_enum, value_name = "COLUMN", default_value_t = IdFrom::Username)]
        id_from: IdFrom,
        /// Where a student's cohort comes from
        #[arg(long, value_enum, value_name = "FROM", default_value_t = CohortFrom::Term)]
        cohort_from: CohortFrom,
        /// Check the package and print what would change, writing nothing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StudentCommand {
    /// Add a student to the roster
    Add {
        /// The student's ID (letters, digits, `-`, `_`, `.`)
        id: String,
        /// Full name
        #[arg(long)]
        name: String,
        /// Email address
        #[arg(long)]
        email: Option<String>,
        /// Cohort, e.g. 2026-autumn
        #[arg(long)]
        cohort: Option<String>,
    },
    /// List the roster
    List {
        /// Include archived students (marked `archived`)
        #[arg(long)]
        include_archived: bool,
    },
    /// Show one student
    Show {
        /// The student's ID
        id: String,
    },
    /// Change a student's name, email or cohort; the old values stay in `history`
    #[command(group = ArgGroup::new("changes").required(true).multiple(true))]
    Edit {
        /// The student's ID
        id: String,
        /// The new full name
        #[arg(long, group = "changes")]
        name: Option<String>,
        /// The new email address (`--email ''` removes it)
        #[arg(long, group = "changes")]
        email: Option<String>,
        /// The new cohort (`--cohort ''` removes it)
        #[arg(long, group = "changes")]
        cohort: Option<String>,
    },
    /// Add students from a CSV (columns id,name and optionally email,cohort), all or nothing
    Import {
        /// The roster CSV
        file: PathBuf,
        /// Change students already on the roster instead of refusing
        #[arg(long)]
        update: bool,
    },
    /// Archive a student: their records stay, they leave lists and reports
    Archive {
        /// The student's ID
        id: String,
    },
    /// Bring an archived student back to lists and reports
    Restore {
        /// The student's ID
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum InstructorCommand {
    /// Register an instructor
    Add {
        /// The instructor's ID (letters, digits, `-`, `_`, `.`), used as `score --by ID`
        id: String,
        /// Full name
        #[arg(long)]
        name: String,
    },
    /// List the instructors
    List,
    /// Change an instructor's name; the old one stays in `history --instructor ID`
    Edit {
        /// The instructor's ID
        id: String,
        /// The new full name
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Add a session
    Add {
        /// The session's ID (letters, digits, `-`, `_`, `.`), e.g. 2026-09-02-vocals
        id: String,
        /// The day it took place: YYYY-MM-DD, `today` or `yesterday` (a date more than a year
        /// away is asked about on a terminal, else accepted with a warning)
        #[arg(long, value_name = "DATE")]
        date: String,
        /// What kind of session it is
        #[arg(long, value_enum, ignore_case = true)]
        kind: SessionKind,
        /// What the session was, e.g. "Vocal tracking"
        #[arg(long)]
        title: String,
        /// The artist or band in the session
        #[arg(long)]
        artist: Option<String>,
    },
    /// List the sessions, oldest first, with how many were scored in each
    List,
    /// Show one session and what was scored in it
    Show {
        /// The session's ID
        id: String,
    },
    /// Change a session's title, date, kind or artist; the old values stay in
    /// `history --session ID`
    #[command(group = ArgGroup::new("changes").required(true).multiple(true))]
    Edit {
        /// The session's ID
        id: String,
        /// The new title
        #[arg(long, group = "changes")]
        title: Option<String>,
        /// The new date, YYYY-MM-DD
        #[arg(long, group = "changes")]
        date: Option<String>,
        /// The new kind
        #[arg(long, value_enum, ignore_case = true, group = "changes")]
        kind: Option<SessionKind>,
        /// The new artist or band (`--artist ''` removes it)
        #[arg(long, group = "changes")]
        artist: Option<String>,
    },
}
