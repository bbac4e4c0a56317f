//! Tidings: argument parsing and logging, then the CLI (the GUI arrives with its own issue).

fn main() -> std::process::ExitCode {
    tidings::cli::main()
}
