//! The one error type of rapport, and the exit code each failure maps to.

use std::io::{self, Write as _};
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};

/// Everything that can make a command fail. Messages are lower case with names in backticks;
/// `hint()` adds how to fix it when there is a cheap way to say so.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no `course.yaml` found in `{}` or any folder above it", start.display())]
    NoCourse { start: PathBuf },

    #[error("no `course.yaml` in `{}` (the folder given by `--course` or `RAPPORT_COURSE`)", dir.display())]
    NotACourse { dir: PathBuf },

    #[error("`{}` (given by `--course` or `RAPPORT_COURSE`) does not exist or is not a folder", dir.display())]
    CourseDirMissing { dir: PathBuf },

    #[error("the course has {errors} {}; nothing was written", plural(*errors, "error", "errors"))]
    CourseInvalid { errors: usize },

    /// `check` found errors; its report already said everything.
    #[error("check failed with {errors} {}", plural(*errors, "error", "errors"))]
    CheckFailed { errors: usize },

    #[error("`{}` already exists; nothing was written", path.display())]
    AlreadyExists { path: PathBuf },

    /// An output's place holds a file that is not rapport's (`--force` replaces it).
    #[error("`{}` exists and is not {what}; nothing was written", path.display())]
    Foreign { path: PathBuf, what: &'static str },

    /// An output's place holds a symbolic link (`--force` replaces the link itself).
    #[error("`{}` is a symbolic link; rapport never writes through one; nothing was written", path.display())]
    OutputIsLink { path: PathBuf },

    /// A folder, FIFO, device or socket where a file is to be written.
    #[error("`{}` is {what}, not a file; nothing was written", path.display())]
    NotAFile { path: PathBuf, what: &'static str },

    /// A file, link, FIFO, device or socket where an output folder (or one inside it) must be.
    #[error("`{}` is {what}, not a folder; nothing was written", path.display())]
    NotAFolder { path: PathBuf, what: &'static str },

    /// A template failed: `place` is `templates/NAME:LINE:COLUMN` for a course's own template.
    #[error("{place}: {message}")]
    Template { place: String, message: String },

    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },

    #[error("cannot write to standard output: {0}")]
    Stdout(io::Error),

    #[error("`{}` is {reason}; it was not touched", path.display())]
    NotADatabase { path: PathBuf, reason: String },

    #[error("`{}` was written by a newer rapport (schema version {version}; this one knows {known}); it was not touched", path.display())]
    FutureDatabase {
        path: PathBuf,
        version: i64,
        known: i64,
    },

    #[error("`{}` was written by an older rapport (schema version {version}; this one reads {known}) and a command that only reads does not upgrade it; it was not touched", path.display())]
    OldDatabase {
        path: PathBuf,
        version: i64,
        known: i64,
    },

    #[error("`{}` is read-only here, and this command writes to the gradebook; nothing was written", path.display())]
    ReadOnlyDatabase { path: PathBuf },

    #[error("database `{}`: {message}", path.display())]
    Database { path: PathBuf, message: String },

    #[error("cannot create the gradebook `{}`: its folder `{}` does not exist", path.display(), folder.display())]
    DatabaseFolderMissing { path: PathBuf, folder: PathBuf },

    #[error("database error: {0}")]
    Sql(String),

    #[error("{what} ID `{text}` {problem}")]
    BadId {
        what: &'static str,
        text: String,
        problem: crate::ids::IdProblem,
    },

    #[error("unknown {what} `{id}`{}", suggestion.as_ref().map_or_else(String::new, |s| format!(", did you mean `{s}`?")))]
    Unknown {
        what: &'static str,
        id: String,
        suggestion: Option<String>,
        hint: Option<String>,
    },

    /// Input that is well-formed but refused, with the reason and, when there is one, the fix.
    #[error("{message}")]
    Refused {
        message: String,
        hint: Option<String>,
    },

    /// Rows of a file that are invalid: `problems` holds what `print` writes before the
    /// summary (`FILE:ROW: …` lines, or a block about names used on many rows); `rows` counts
    /// the invalid rows.
    #[error("{}: {} {}; nothing was {}", file.display(), crate::figure::thousands(*rows), plural(*rows, "row is invalid", "rows are invalid"), if *dry_run { "recorded (dry run)" } else { "recorded" })]
    ImportFailed {
        file: PathBuf,
        problems: Vec<String>,
        rows: usize,
        dry_run: bool,
    },

    /// A `OneRoster` package with problems: `problems` holds the located lines `print` writes
    /// before the summary.
    #[error("{}: {} {}; nothing was written{}", package.display(), crate::figure::thousands(problems.len()), plural(problems.len(), "problem", "problems"), if *dry_run { " (dry run)" } else { "" })]
    PackageRefused {
        package: PathBuf,
        problems: Vec<String>,
        dry_run: bool,
    },

    /// Ctrl-C: what was left as it was.
    #[error("interrupted; {0}")]
    Interrupted(&'static str),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// 1: invalid input or a failed check; 3: database or I/O failure. (2 is clap's usage error.)
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::NoCourse { .. }
            | Error::NotACourse { .. }
            | Error::CourseDirMissing { .. }
            | Error::CourseInvalid { .. }
            | Error::CheckFailed { .. }
            | Error::AlreadyExists { .. }
            | Error::Foreign { .. }
            | Error::OutputIsLink { .. }
            | Error::NotAFile { .. }
            | Error::NotAFolder { .. }
            | Error::Template { .. }
            | Error::BadId { .. }
            | Error::Unknown { .. }
            | Error::Refused { .. }
            | Error::ImportFailed { .. }
            | Error::PackageRefused { .. } => 1,
            Error::Io { .. }
            | Error::Stdout(_)
            | Error::NotADatabase { .. }
            | Error::FutureDatabase { .. }
            | Error::OldDatabase { .. }
            | Error::ReadOnlyDatabase { .. }
            | Error::Database { .. }
            | Error::DatabaseFolderMissing { .. }
            | Error::Sql(_) => 3,
            Error::Interrupted(_) => 130,
        }
    }

    /// How to fix it, when there is something short and useful to say.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NoCourse { .. } => Some(
                "run `rapport init` to create a course here, or pass `--course DIR`".to_owned(),
            ),
            Error::NotACourse { dir } => Some(format!(
                "point it at the folder that holds course.yaml, or run `rapport init {}` to create a course there",
                dir.display()
            )),
            Error::CourseInvalid { .. } => {
                Some("run `rapport check` to see every problem with its place".to_owned())
            }
            Error::AlreadyExists { .. } => Some(
                "`rapport init` never overwrites a course: pick an empty folder, e.g. `rapport init my-course`"
                    .to_owned(),
            ),
            Error::Foreign { .. } => Some(
                "choose another name, or pass `--force` to replace it".to_owned(),
            ),
            Error::OutputIsLink { .. } => Some(
                "choose another name, or pass `--force` to replace the link itself (what it points to is left alone)".to_owned(),
            ),
            Error::NotAFile { .. } => Some(
                "move it away, or name another file (`-o -` writes to standard output where the command offers it)".to_owned(),
            ),
            Error::NotAFolder { .. } => Some(
                "rapport writes only into real folders: move it away, or choose another output folder".to_owned(),
            ),
            Error::NotADatabase { path, .. } if crate::store::postgres::is_url(&path.to_string_lossy()) => Some(
                "give rapport a schema of its own: add `schema=NAME` to the URL (or point `--db` at another database)".to_owned(),
            ),
            Error::NotADatabase { .. } => Some(
                "point `--db` (or `RAPPORT_DB`, or `database:` in course.yaml) at the gradebook file, or move this one away".to_owned(),
            ),
            Error::FutureDatabase { .. } => {
                Some("install the newer rapport that wrote it; this one cannot read it safely".to_owned())
            }
            Error::OldDatabase { .. } => Some(
                "a command that writes (e.g. `rapport student add`) upgrades it, where the gradebook may be written".to_owned(),
            ),
            Error::ReadOnlyDatabase { .. } => Some(
                "commands that only read (lists, `export`, `progress`, `report`, `doctor`) work on it; to record, ask whoever may write the gradebook and its folder".to_owned(),
            ),
            Error::DatabaseFolderMissing { .. } => Some(
                "create the folder first, or point `--db` at a file in a folder that exists".to_owned(),
            ),
            Error::Unknown { hint, .. } | Error::Refused { hint, .. } => hint.clone(),
            _ => None,
        }
    }

    /// `what` `id` is not among `candidates`: the error with a "did you mean" when one is close.
    pub fn unknown<'a>(
        what: &'static str,
        id: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        hint: Option<String>,
    ) -> Error {
        Error::Unknown {
            what,
            id: id.to_owned(),
            suggestion: crate::suggest::did_you_mean(id, candidates).map(str::to_owned),
            hint,
        }
    }

    /// A refusal with its reason and no hint.
    pub fn refused(message: impl Into<String>) -> Error {
        Error::Refused {
            message: message.into(),
            hint: None,
        }
    }

    /// A refusal with its reason and how to fix it.
    pub fn refused_with(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Refused {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }
}

/// Prints an error (and its hint) to standard error, the way every command does.
pub fn print(error: &Error) {
    if matches!(error, Error::CheckFailed { .. }) {
        return; // the check report on stdout already ends with the summary
    }
    let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let cyan = Style::new().bold().fg_color(Some(AnsiColor::Cyan.into()));
    let mut err = anstream::stderr().lock();
    if let Error::ImportFailed { problems, .. } | Error::PackageRefused { problems, .. } = error {
        for problem in problems {
            let _ = writeln!(err, "{}", crate::text::for_terminal(problem));
        }
    }
    let message = error.to_string();
    let _ = writeln!(
        err,
        "{red}error{red:#}: {}",
        crate::text::for_terminal(&message)
    );
    if let Some(hint) = error.hint() {
        let _ = writeln!(
            err,
            "  {cyan}hint{cyan:#}: {}",
            crate::text::for_terminal(&hint)
        );
    }
}

/// `1 error`, `2 errors`.
#[must_use]
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
