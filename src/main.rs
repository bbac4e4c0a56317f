//! Tidings: the command line decides; without a subcommand it opens the window.

use std::process::ExitCode;

use tidings::cli::{self, Start};

fn main() -> ExitCode {
    match cli::main() {
        Start::Done(code) => code,
        #[cfg(feature = "gui")]
        Start::Window {
            profile,
            passphrase,
            link,
        } => match tidings::app::run(profile, passphrase, link) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("tidings: the window could not be opened: {e}");
                ExitCode::FAILURE
            }
        },
        // Built without the desktop interface: only the subcommands exist (exit 2, usage).
        #[cfg(not(feature = "gui"))]
        Start::Window { .. } => {
            eprintln!(
                "tidings: this build has no window (built without the `gui` feature); \
                 give a command, see `tidings --help`"
            );
            ExitCode::from(2)
        }
    }
}
