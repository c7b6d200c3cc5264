use std::process::ExitCode;

/// mimalloc: `report --all` makes and drops millions of small values (view fields, Tera
/// values, exact fractions) on both cores; glibc's allocator took a third of its CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
