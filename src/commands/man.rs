//! `rapport man`: the man page (roff), generated from the CLI definition.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::emit;
use crate::error::{Error, Result};

pub fn run() -> Result<()> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buffer)
        .map_err(Error::Stdout)?;
    emit(&String::from_utf8_lossy(&buffer))
}
