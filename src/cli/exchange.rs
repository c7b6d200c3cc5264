//! What rapport exchanges with the academy's other systems (clap definitions only): Canvas
//! outcomes and gradebook CSVs for the LMS (`export-outcomes`, `import-outcomes`,
//! `export-mastery`) and Open Badges credentials (`badges`). Rosters from the SIS are in
//! `roster.rs` with the other roster commands.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::csvio::{MasteryLayout, MoodleKey};

/// `export-mastery --format canvas|moodle|csv [--cohort C] [--criteria] [-o FILE [--force]]`.
#[derive(Debug, Args)]
pub struct ExportMasteryArgs {
    /// The layout: the gradebook import CSV of Canvas or Moodle, or rapport's own plain CSV
    #[arg(long, value_enum)]
    pub format: MasteryLayout,
    /// Only the active students of this cohort (default: every active student)
    #[arg(long, value_name = "COHORT")]
    pub cohort: Option<String>,
    /// Also one column per criterion, after its rubric's
    #[arg(long)]
    pub criteria: bool,
    /// With `--format moodle`: the column Moodle finds each row's user by (default: `email`; `idnumber` needs every student's SIS ID, from a OneRoster import)
    #[arg(long, value_enum, value_name = "KEY")]
    pub moodle_key: Option<MoodleKey>,
    /// Write to FILE instead of standard output (`-` is standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists: nothing marks a CSV file as rapport's, so an existing one is
    /// refused without it. Folders, devices and pipes are never replaced
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutcomesFormat {
    /// Canvas LMS's outcomes import CSV
    Canvas,
}

#[derive(Debug, Args)]
pub struct ExportOutcomesArgs {
    /// The layout: Canvas's outcomes import CSV (Outcomes → Import)
    #[arg(long, value_enum, default_value_t = OutcomesFormat::Canvas)]
    pub format: OutcomesFormat,
    /// Write to FILE instead of standard output (`-` is standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists: nothing marks a CSV file as rapport's, so an existing one is
    /// refused without it. Folders, devices and pipes are never replaced
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportOutcomesArgs {
    /// The outcomes CSV: Canvas's Outcome Export report of an account, or a file in Canvas's
    /// outcomes import format
    pub file: PathBuf,
    /// The course folder to write `rubrics/ID.yaml` in
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// Replace rubric files that exist (every existing file is refused without it)
    #[arg(long)]
    pub force: bool,
}

/// `badges keygen | issue | revoke | verify` (docs/FORMATS.md § Open Badges).
#[derive(Debug, Subcommand)]
pub enum BadgesCommand {
    /// Write a new Ed25519 issuer key to `$RAPPORT_ISSUER_KEY`, else
    /// `~/.config/rapport/issuer.pem` (never inside the course folder), and print its public
    /// key and `did:key`
    Keygen {
        /// Replace an existing key (credentials it signed no longer match the new `did:key`)
        #[arg(long)]
        force: bool,
    },
    /// Sign and write a credential for each badge a student has newly earned
    /// (`DIR/STUDENT/BADGE.jwt` and `.json`), and record it in the gradebook
    Issue(BadgesIssueArgs),
    /// Revoke a student's credential for a badge, recording who did it and why
    Revoke {
        /// The student holding the credential
        student: String,
        /// The badge's ID (course.yaml's `badges:`)
        badge: String,
        /// Why it is revoked (kept in the gradebook)
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Check a credential (`.jwt`): its signature, its structure and its dates; exit 0 when
    /// valid, 1 when not (with the reasons)
    Verify {
        /// The compact VC-JWT file
        file: PathBuf,
        /// The issuer's public key, as a `did:key` or the Ed25519 key in base64url (the JWK's
        /// `x`, as the academy's did.json publishes it); required for an issuer that is not a
        /// `did:key`
        #[arg(long, value_name = "DID_KEY_OR_PUBLIC_KEY")]
        issuer_key: Option<String>,
    },
}

/// `badges issue (--student ID | --all) -o DIR`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("who").required(true).args(["student", "all"]))]
pub struct BadgesIssueArgs {
    /// The student to issue credentials to
    #[arg(long, value_name = "ID")]
    pub student: Option<String>,
    /// Every active student
    #[arg(long)]
    pub all: bool,
    /// The folder to write the credentials in (one folder per student inside it)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}
