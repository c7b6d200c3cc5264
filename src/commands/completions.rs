//! `rapport completions SHELL`: shell completions generated from the CLI definition.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::emit;
use crate::error::Result;

pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "rapport", &mut buffer);
    emit(&String::from_utf8_lossy(&buffer))
}
