//! The `vietag` command: a thin layer over the library. See `vietag --help`.

mod cli;

// The system allocator: with typed attributes annotation allocates little,
// and mimalloc was about 4% faster on one thread but held 60-70% more
// memory (125 MB against 74 MB on 17 MB of news; 290 MB against 191 MB on
// one 4 MB document of 400,000 entities).

fn main() -> std::process::ExitCode {
    cli::run()
}
