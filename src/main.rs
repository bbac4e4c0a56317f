//! Tidings: the command line decides; without a subcommand it opens the window.

use std::process::ExitCode;

use tidings::cli::{self, Start};

fn main() -> ExitCode {
    match cli::main() {
        Start::Done(code) => code,
        Start::Window {
            profile,
            passphrase,
        } => match tidings::app::run(profile, passphrase) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("tidings: the window could not be opened: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
