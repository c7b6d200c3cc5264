use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = rapport::cli::Cli::parse();
    match rapport::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            rapport::error::print(&error);
            ExitCode::from(error.exit_code())
        }
    }
}
