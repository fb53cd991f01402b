//! Embeds every `lexicons/**/*.tsv` file in the binary, so that vietag runs
//! from any directory with its default lexicons.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    // A file added to a subdirectory changes that directory, not the top
    // one: watch every directory.
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(read) = fs::read_dir(dir) else { return };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "tsv") {
            out.push(path);
        }
    }
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let lexicons = root.join("lexicons");
    let mut files = Vec::new();
    collect(&lexicons, &mut files);
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("default_lexicons.rs");
    let mut w = fs::File::create(&out).expect("OUT_DIR is writable");
    writeln!(w, "/// The default lexicons: (repository path, contents).").expect("write");
    writeln!(w, "pub const DEFAULT_LEXICONS: &[(&str, &str)] = &[").expect("write");
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap_or(f);
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            w,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write");
    }
    writeln!(w, "];").expect("write");
}
