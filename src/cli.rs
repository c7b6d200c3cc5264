//! The command line: clap definitions only, no logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
