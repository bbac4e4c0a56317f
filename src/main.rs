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
            minimised,
        } => {
            use tidings::platform::instance::{self, Claim, ClaimError};
            let request = match &link {
                Some(link) => instance::Request::Link(link.clone()),
                None => instance::Request::Show,
            };
            let owner = match instance::claim(&profile, &request) {
                Ok(Claim::Handed) => return ExitCode::SUCCESS,
                Ok(Claim::First(owner)) => Some(owner),
                Err(e @ ClaimError::NoAnswer(_)) => {
                    eprintln!("tidings: {e}");
                    return ExitCode::FAILURE;
                }
                // Without the lock Tidings still works; a second launch would open a second
                // window.
                Err(e) => {
                    eprintln!("tidings: later launches will open their own window: {e}");
                    None
                }
            };
            let desktop = tidings::app::Desktop {
                owner,
                tray: true,
                minimised,
            };
            match tidings::app::run(profile, passphrase, link, desktop) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("tidings: the window could not be opened: {e}");
                    ExitCode::FAILURE
                }
            }
        }
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
