//! Running the `vietag` binary from integration tests.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The repository root (where the fixtures are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `vietag ARGS` in the repository root with `stdin` as its input.
pub fn vietag(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vietag"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the vietag binary runs");
    // Feed stdin from another thread: a large input would otherwise block
    // while the child blocks on its full stdout pipe.
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.map(<[u8]>::to_vec);
    let feeder = std::thread::spawn(move || {
        if let Some(bytes) = input {
            let _ = pipe.write_all(&bytes);
        }
    });
    let out = child.wait_with_output().expect("vietag finishes");
    feeder.join().expect("stdin feeder");
    out
}
