use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = rapport::cli::parse();
    match rapport::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            rapport::error::print(&error);
            ExitCode::from(error.exit_code())
        }
    }
}
