//! The `vietag` command: a thin layer over the library. See `vietag --help`.

mod cli;

// Annotation allocates many small attribute maps per document; mimalloc
// serves those faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
