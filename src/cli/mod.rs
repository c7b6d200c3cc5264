//! The command line: clap definitions only, no logic.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

mod exchange;
mod roster;

pub use exchange::{
    BadgesCommand, BadgesIssueArgs, ExportMasteryArgs, ExportOutcomesArgs, ImportOutcomesArgs,
    OutcomesFormat,
};
pub use roster::{InstructorCommand, RosterCommand, SessionCommand, StudentCommand};

/// Teach and assess the soft skills of music production.
///
/// A course is a folder holding `course.yaml`, with modules in `curriculum/` and rubrics in
/// `rubrics/`. Every command finds it by walking up from the current folder.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(flatten)]
    pub before: Before,
    #[command(subcommand)]
    pub command: Command,
}

/// Parses the command line, or prints clap's usage error and exits 2. `--course` or `--db`
/// before a command that uses neither (`rapport --db x.db init`) is such an error: clap alone
/// would accept it there, since it cannot yet know which command follows.
#[must_use]
pub fn parse() -> Cli {
    use clap::{CommandFactory as _, FromArgMatches as _};
    let mut command = Cli::command();
    let matches = command.get_matches_mut();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command).exit());
    if cli.command.location().is_none() {
        let name = matches.subcommand_name().unwrap_or_default();
        for (flag, given) in [
            ("--course", cli.before.course.is_some()),
            ("--db", cli.before.db.is_some()),
        ] {
            if given {
                command
                    .error(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!("`{flag}` is not used by `rapport {name}`; leave it out"),
                    )
                    .exit();
            }
        }
    }
    cli
}

/// Options every command accepts, wherever they stand on the command line.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// The course folder: `--course`, given before or after the command, else `RAPPORT_COURSE`
    /// (filled in from `Location` before a command runs).
    #[arg(skip)]
    pub course: Option<PathBuf>,
    /// The gradebook: `--db`, else `RAPPORT_DB` (filled in from `Location`).
    #[arg(skip)]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON wherever a command prints data
    #[arg(long, global = true, display_order = 902)]
    pub json: bool,
    /// Print nothing but data and errors
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        display_order = 903
    )]
    pub quiet: bool,
    /// Say more about what is being done
    #[arg(short, long, global = true, display_order = 904)]
    pub verbose: bool,
    /// When to use colour
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorWhen::Auto,
        value_name = "WHEN",
        display_order = 905
    )]
    pub color: ColorWhen,
}

/// Where the course and its gradebook are: flattened into the commands that use them (and
/// global within a command group, so `student list --db F` and `student --db F list` both
/// work), never into `init`, `schema`, `demo`, `completions` or `man`.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct Location {
    /// The course folder (default: the nearest folder upwards holding course.yaml)
    #[arg(
        long,
        global = true,
        env = "RAPPORT_COURSE",
        value_name = "DIR",
        display_order = 900
    )]
    pub course: Option<PathBuf>,
    /// The gradebook database (default: course.yaml's `database:`, else rapport.db beside it)
    // Its value is not shown in `--help`: a PostgreSQL URL may hold a password.
    #[arg(
        long,
        global = true,
        env = "RAPPORT_DB",
        hide_env_values = true,
        value_name = "PATH",
        display_order = 901
    )]
    pub db: Option<PathBuf>,
}

/// `--course` and `--db` given before the command (`rapport --course DIR student list`): clap
/// hands them on to the command's own `Location` (they share its IDs), and `run` refuses them
/// before a command that has none. No `env` here, so a value is always from the command line.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct Before {
    /// The course folder, for the commands that use one (or `RAPPORT_COURSE`; default: the
    /// nearest folder upwards holding course.yaml)
    #[arg(long, value_name = "DIR", display_order = 900)]
    pub course: Option<PathBuf>,
    /// The gradebook database, for the commands that use one (or `RAPPORT_DB`; default:
    /// course.yaml's `database:`, else rapport.db beside it)
    #[arg(long, value_name = "PATH", display_order = 901)]
    pub db: Option<PathBuf>,
}

/// A command that uses the course or its gradebook: its own arguments and `Location`.
#[derive(Debug, Args)]
pub struct WithCourse<T: Args> {
    #[command(flatten)]
    pub args: T,
    #[command(flatten)]
    pub location: Location,
}

/// A group of commands (`student …`) that use the course or its gradebook.
#[derive(Debug, Args)]
pub struct GroupWithCourse<T: Subcommand> {
    #[command(subcommand)]
    pub command: T,
    #[command(flatten)]
    pub location: Location,
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
    Check(WithCourse<CheckArgs>),
    /// Print the JSON Schema of a file format, for editors
    Schema(SchemaArgs),
    /// Render the curriculum as a static HTML handbook
    Catalog(WithCourse<CatalogArgs>),
    /// The course's rubrics: criteria, levels, descriptors, mastery level
    Rubric(GroupWithCourse<RubricCommand>),
    /// The roster: add, list, show, edit, import, archive and restore students
    Student(GroupWithCourse<StudentCommand>),
    /// Rosters from a student information system: import a OneRoster CSV package
    Roster(GroupWithCourse<RosterCommand>),
    /// Instructors who score: add, list, edit
    Instructor(GroupWithCourse<InstructorCommand>),
    /// Sessions (live, team, mentorship, etiquette, other): add, list, show, edit
    Session(GroupWithCourse<SessionCommand>),
    /// Record one assessment of a student on a rubric
    #[command(after_long_help = include_str!("help/score.txt"))]
    Score(WithCourse<ScoreArgs>),
    /// Record many assessments from a scores CSV, all or nothing
    #[command(after_long_help = include_str!("help/import.txt"))]
    Import(WithCourse<ImportArgs>),
    /// Write the latest revision of every assessment, in the import layout
    Export(WithCourse<ExportArgs>),
    /// Write students' mastery per rubric as a gradebook CSV: Canvas, Moodle or plain
    ///
    /// One row per active student (of `--cohort`), one column per rubric (and with `--criteria`
    /// per criterion) holding the mastery value that `progress` shows; docs/FORMATS.md § Mastery
    /// for gradebooks gives each layout and README.md how to upload it.
    ExportMastery(WithCourse<ExportMasteryArgs>),
    /// Write the course's rubrics as a Canvas outcomes CSV, to import into Canvas
    ///
    /// A group per skill area and, in it, a group per rubric; an outcome per criterion with
    /// the rubric's levels as ratings and the course's mastery method in Canvas's names.
    ExportOutcomes(WithCourse<ExportOutcomesArgs>),
    /// Write rubric files from a Canvas outcomes CSV (a group of outcomes → a rubric)
    ///
    /// Reads Canvas's Outcome Export report (or a file in its outcomes import format): a group
    /// that holds outcomes becomes `rubrics/ID.yaml`, each outcome a criterion, the ratings the
    /// levels. All or nothing: every bad row is reported and nothing is written.
    ImportOutcomes(ImportOutcomesArgs),
    /// The audit trail of a student, a session or an instructor: who changed what, when, why
    ///
    /// For a student: every assessment and amendment, and every change to their record
    /// (edits, archiving, restoring), newest first. For a session or an instructor: the changes
    /// to its record.
    History(WithCourse<HistoryArgs>),
    /// A student's mastery per rubric criterion, with the next step for each
    Progress(WithCourse<ProgressArgs>),
    /// How far instructors agree when they score the same students on the same criteria
    Agreement(WithCourse<AgreementArgs>),
    /// Write HTML progress reports: one student's, or all and the cohort overview
    #[command(after_long_help = include_str!("help/report.txt"))]
    Report(WithCourse<ReportArgs>),
    /// Write a printable score sheet for a session (students × criteria with level boxes), or
    /// with `--csv` a scores CSV to fill in and `import`
    Sheet(WithCourse<SheetArgs>),
    /// Write a consistent copy of the gradebook
    Backup(WithCourse<BackupArgs>),
    /// Check the gradebook's integrity and its consistency with the rubrics
    Doctor(WithCourse<DoctorArgs>),
    /// The gradebook as a whole: copy it between `SQLite` files and PostgreSQL servers
    #[command(subcommand)]
    Db(DbCommand),
    /// Skills as credentials: issue, revoke and verify Open Badges 3.0 credentials
    Badges(GroupWithCourse<BadgesCommand>),
    /// Build a demo course with a synthetic cohort, and render its handbook and reports
    Demo(DemoArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

impl Command {
    /// Where this command looks for the course and gradebook; `None` for a command that uses
    /// neither.
    #[must_use]
    pub fn location(&self) -> Option<&Location> {
        match self {
            Command::Check(c) => Some(&c.location),
            Command::Catalog(c) => Some(&c.location),
            Command::Rubric(c) => Some(&c.location),
            Command::Student(c) => Some(&c.location),
            Command::Roster(c) => Some(&c.location),
            Command::Instructor(c) => Some(&c.location),
            Command::Session(c) => Some(&c.location),
            Command::Score(c) => Some(&c.location),
            Command::Import(c) => Some(&c.location),
            Command::Export(c) => Some(&c.location),
            Command::ExportMastery(c) => Some(&c.location),
            Command::ExportOutcomes(c) => Some(&c.location),
            Command::History(c) => Some(&c.location),
            Command::Progress(c) => Some(&c.location),
            Command::Agreement(c) => Some(&c.location),
            Command::Report(c) => Some(&c.location),
            Command::Sheet(c) => Some(&c.location),
            Command::Backup(c) => Some(&c.location),
            Command::Doctor(c) => Some(&c.location),
            Command::Badges(c) => Some(&c.location),
            Command::Init(_)
            | Command::ImportOutcomes(_)
            | Command::Db(_)
            | Command::Schema(_)
            | Command::Demo(_)
            | Command::Completions(_)
            | Command::Man => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct DoctorArgs {}

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
    /// Keep running: rebuild the handbook whenever course.yaml, a module, a rubric or a
    /// template changes, print the check's findings each time, and keep the last good pages
    /// while the course has errors. Ctrl-C stops
    #[arg(long)]
    pub watch: bool,
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// List the course's rubrics: criteria, levels, mastery level, the modules that use them
    List,
    /// Show one rubric: its criteria, their weights and descriptors, the levels
    Show {
        /// The rubric's ID (its file name in rubrics/ without `.yaml`)
        rubric: String,
    },
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The student assessed. Without one, on a terminal, walk through the session's active
    /// students (or `--cohort`'s); several students named without levels are walked in turn
    pub student: Option<String>,
    /// The rubric scored against
    #[arg(long)]
    pub rubric: String,
    /// The session the assessment belongs to
    #[arg(long)]
    pub session: String,
    /// Who scores: an instructor; with --self the student; with --peer another student
    #[arg(long = "by", value_name = "RATER")]
    pub rater: String,
    /// Levels as CRITERION=LEVEL; LEVEL is a score or a level label. Without `=`: more
    /// students to walk through
    #[arg(value_name = "CRITERION=LEVEL")]
    pub levels: Vec<String>,
    /// Walk through the active students of this cohort (without a student)
    #[arg(long, conflicts_with = "student")]
    pub cohort: Option<String>,
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
    /// Write every problem of the rows to this CSV file (`line,column,message`), even when the
    /// import is refused; the terminal shows the first 100 and counts the rest
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Replace the `--errors` file even when rapport did not write it
    #[arg(long, requires = "errors")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The layout: the scores CSV that `import` reads, or JSON
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

/// `history STUDENT`, `history --session S` or `history --instructor I`.
#[derive(Debug, Args)]
#[command(group = ArgGroup::new("whose").required(true).args(["student", "session", "instructor"]))]
pub struct HistoryArgs {
    /// The student: their assessments and amendments, and every change to their record
    pub student: Option<String>,
    /// The changes to this session's record (title, date, kind, artist)
    #[arg(long, value_name = "SESSION")]
    pub session: Option<String>,
    /// The changes to this instructor's record (name)
    #[arg(long, value_name = "INSTRUCTOR")]
    pub instructor: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// The student whose progress to show
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

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy a whole gradebook (roster, instructors, sessions, every revision with its times and
    /// reasons, every change record) into an empty one: `SQLite` to PostgreSQL and back
    #[command(after_long_help = include_str!("help/db-copy.txt"))]
    Copy(DbCopyArgs),
}

#[derive(Debug, Args)]
pub struct DbCopyArgs {
    /// The gradebook to copy: an `SQLite` file or a `postgres://` URL (it is only read)
    pub from: PathBuf,
    /// Where to copy it: a new or empty gradebook, an `SQLite` file or a `postgres://` URL
    pub to: PathBuf,
    /// Replace everything TO holds (in the same transaction as the copy)
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
