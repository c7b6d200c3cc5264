//! The command line: clap definitions only, no logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::gradebook::SessionKind;

/// Teach and assess the soft skills of music production.
///
/// A course is a folder holding `course.yaml`, with modules in `curriculum/` and rubrics in
/// `rubrics/`. Every command finds it by walking up from the current folder.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct Global {
    /// The course folder (default: the nearest folder upwards holding course.yaml)
    #[arg(long, global = true, env = "RAPPORT_COURSE", value_name = "DIR")]
    pub course: Option<PathBuf>,
    /// The gradebook database (default: course.yaml's `database:`, else rapport.db beside it)
    #[arg(long, global = true, env = "RAPPORT_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON wherever a command prints data
    #[arg(long, global = true)]
    pub json: bool,
    /// Print nothing but data and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more about what is being done
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a course: course.yaml, the academy's curriculum and rubrics, JSON schemas
    Init(InitArgs),
    /// Validate course.yaml, every module and rubric, and their references
    Check(CheckArgs),
    /// Print the JSON Schema of a file format, for editors
    Schema(SchemaArgs),
    /// Render the curriculum as a static HTML handbook
    Catalog(CatalogArgs),
    /// The roster: add, list, show, import and archive students
    #[command(subcommand)]
    Student(StudentCommand),
    /// Instructors who score
    #[command(subcommand)]
    Instructor(InstructorCommand),
    /// Live sessions, team projects, mentorship meetings, etiquette drills
    #[command(subcommand)]
    Session(SessionCommand),
    /// Record one assessment of a student on a rubric
    Score(ScoreArgs),
    /// Record many assessments from a scores CSV, all or nothing
    Import(ImportArgs),
    /// Write the latest revision of every assessment, in the import layout
    Export(ExportArgs),
    /// Every assessment and amendment of a student: who, when and why
    History(HistoryArgs),
    /// A student's mastery per rubric criterion, with the next step for each
    Progress(ProgressArgs),
    /// How far instructors agree when they score the same students on the same criteria
    Agreement(AgreementArgs),
    /// Write HTML progress reports: one student's, or every student's and the cohort overview
    Report(ReportArgs),
    /// Write a printable score sheet for a session (students × criteria with level boxes), or
    /// with `--csv` a scores CSV to fill in and `import`
    Sheet(SheetArgs),
    /// Write a consistent copy of the gradebook
    Backup(BackupArgs),
    /// Check the gradebook's integrity and its consistency with the rubrics
    Doctor,
    /// Build a demo course with a synthetic cohort, and render its handbook and reports
    Demo(DemoArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the course in (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// curriculum/ID.yaml
    Module,
    /// rubrics/ID.yaml
    Rubric,
    /// course.yaml
    Course,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Folder to write the handbook to (created if missing)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace files in the way that rapport did not write (pages without its generator mark,
    /// symbolic links); without it they are refused and nothing is written. Folders, devices
    /// and pipes are never replaced
    #[arg(long)]
    pub force: bool,
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
        #[arg(long)]
        email: Option<String>,
        /// Cohort, e.g. 2026-autumn
        #[arg(long)]
        cohort: Option<String>,
    },
    /// List the roster
    List {
        /// Include archived students
        #[arg(long)]
        include_archived: bool,
    },
    /// Show one student
    Show { id: String },
    /// Add students from a CSV (columns id,name and optionally email,cohort), all or nothing
    Import {
        file: PathBuf,
        /// Change students already on the roster instead of refusing
        #[arg(long)]
        update: bool,
    },
    /// Archive a student: their records stay, they leave lists and reports
    Archive { id: String },
}

#[derive(Debug, Subcommand)]
pub enum InstructorCommand {
    /// Register an instructor
    Add {
        id: String,
        #[arg(long)]
        name: String,
    },
    /// List the instructors
    List,
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Add a session
    Add {
        id: String,
        /// The day it took place: YYYY-MM-DD, `today` or `yesterday` (a date more than a year
        /// away is asked about on a terminal, else accepted with a warning)
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long, value_enum, ignore_case = true)]
        kind: SessionKind,
        #[arg(long)]
        title: String,
        /// The artist or band in the session
        #[arg(long)]
        artist: Option<String>,
    },
    /// List the sessions, oldest first
    List,
    /// Show one session and what was scored in it
    Show { id: String },
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The student assessed
    pub student: String,
    /// The rubric scored against
    #[arg(long)]
    pub rubric: String,
    /// The session the assessment belongs to
    #[arg(long)]
    pub session: String,
    /// Who scores: an instructor; with --self the student; with --peer another student
    #[arg(long = "by", value_name = "RATER")]
    pub rater: String,
    /// Levels as CRITERION=LEVEL; LEVEL is a score or a level label
    #[arg(value_name = "CRITERION=LEVEL")]
    pub levels: Vec<String>,
    /// Overall comment
    #[arg(long)]
    pub comment: Option<String>,
    /// Feedback on one criterion, as CRITERION=TEXT (repeatable)
    #[arg(long = "note", value_name = "CRITERION=TEXT")]
    pub notes: Vec<String>,
    /// A self-assessment: RATER is the student
    #[arg(long = "self", conflicts_with = "peer")]
    pub self_assessment: bool,
    /// A peer assessment: RATER is another student
    #[arg(long)]
    pub peer: bool,
    /// Allow criteria to be left out (not observed in this session)
    #[arg(long)]
    pub partial: bool,
    /// Replace an existing assessment with a new revision
    #[arg(long)]
    pub amend: bool,
    /// Why the amendment was made (kept in the history)
    #[arg(long, requires = "amend")]
    pub reason: Option<String>,
    /// Walk through the rubric interactively
    #[arg(short, long)]
    pub interactive: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The scores CSV
    pub file: PathBuf,
    /// Validate and report only; record nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Record rows for assessments that exist as new revisions
    #[arg(long)]
    pub amend: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Only this student's assessments
    #[arg(long)]
    pub student: Option<String>,
    /// Write to FILE instead of standard output (`-` is standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists: nothing marks a CSV or JSON file as rapport's, so an existing
    /// one is refused without it. Folders, devices and pipes are never replaced
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    pub student: String,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    pub student: String,
}

/// `agreement [--session S] [--rubric R] [--since DATE]`.
#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// Only this session
    #[arg(long, value_name = "SESSION")]
    pub session: Option<String>,
    /// Only this rubric
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Only sessions on or after this date: YYYY-MM-DD, `today` or `yesterday`
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

/// `report STUDENT -o FILE`, or `report --all -o DIR [--cohort C]`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("who").required(true).args(["student", "all"]))]
pub struct ReportArgs {
    /// The student whose report to write
    pub student: Option<String>,
    /// Every active student's report, and the instructors' cohort overview
    #[arg(long)]
    pub all: bool,
    /// With `--all`: only the students of this cohort
    #[arg(
        long,
        requires = "all",
        conflicts_with = "student",
        value_name = "COHORT"
    )]
    pub cohort: Option<String>,
    /// The file to write (`-` for standard output); with `--all`, the folder
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// Replace files in the way that rapport did not write (pages without its generator mark,
    /// symbolic links); without it they are refused and nothing is written. Folders, devices
    /// and pipes are never replaced
    #[arg(long)]
    pub force: bool,
}

/// `sheet SESSION --rubric R [--cohort C] [--by INSTRUCTOR] [--csv] -o FILE`.
#[derive(Debug, Args)]
pub struct SheetArgs {
    /// The session the sheet is for
    pub session: String,
    /// The rubric to score against
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: String,
    /// Only the active students of this cohort (default: every active student)
    #[arg(long, value_name = "COHORT")]
    pub cohort: Option<String>,
    /// The instructor who scores: printed on the sheet; with `--csv` the `rater` of every row
    /// (required there)
    #[arg(long = "by", value_name = "INSTRUCTOR")]
    pub rater: Option<String>,
    /// Write a scores CSV instead: one row per student and criterion, `level` blank, in the
    /// import layout, to fill in a spreadsheet and `rapport import`
    #[arg(long)]
    pub csv: bool,
    /// The file to write (`-` for standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace FILE when rapport did not write it (a page without its generator mark, any CSV:
    /// nothing marks a CSV as rapport's, or a symbolic link); folders, devices and pipes are
    /// never replaced
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many students the synthetic cohort has
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u16).range(1..=3000), value_name = "N")]
    pub students: u16,
    /// The seed of the synthetic data: the same seed gives the same demo
    #[arg(long, default_value_t = 2026, value_name = "S")]
    pub seed: u64,
    /// The folder to build the demo in: new, or empty (default: a new temporary folder)
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy: a new file, or an earlier backup (replaced)
    pub file: PathBuf,
    /// Replace FILE even when it is not a backup rapport wrote (or is a symbolic link: the
    /// link itself is replaced). Folders, devices and pipes are never replaced
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
