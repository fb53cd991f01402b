//! The `vietag` command: a thin layer over the library. See `vietag --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
