//! Embeds every `lexicons/**/*.tsv` file in the binary, so that vietag runs
//! from any directory with its default lexicons.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

// The lexicon parser and the registries it checks against, the same files
// the library compiles: the embedded lexicons are parsed and checked here,
// once, and the library loads the parsed rows without parsing again.
#[allow(dead_code)]
#[path = "src/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "src/label.rs"]
mod label;
#[allow(dead_code, unused_imports)]
#[path = "src/lexicon"]
mod lexicon {
    mod classes;
    mod entry;
    mod parse;

    pub use classes::ClassId;
    pub use entry::{CaseRule, Entry, EntryAttrs, EntryClass, LexiconError, LexiconIssue, Origin};
    pub use parse::parse_lexicon;
}

// The normalisation, tokenizer, surface cutting and compiling of the
// matcher: the embedded lexicons' surfaces are cut into trie keys and
// compiled into the matcher's tables here, once.
#[allow(dead_code, unused_imports)]
#[path = "src/text"]
mod text {
    pub mod boundary;
    pub mod fold;
    pub mod swar;
    pub mod view;

    pub use view::{MatchView, ViewOptions};
}
#[allow(dead_code)]
#[path = "src/syllables.rs"]
mod syllables;
// The place facts of the LOC tagger: read here, once, from the embedded
// lexicons' gazetteer rows.
#[allow(dead_code)]
#[path = "src/taggers/loc/facts.rs"]
mod place_facts;
// The syllable rules: every syllable's keys are enumerated here, once,
// for the library's phonotactics.
#[allow(dead_code)]
#[path = "src/syllable_rules.rs"]
mod syllable_rules;
#[allow(dead_code)]
#[path = "src/matcher"]
mod matcher {
    pub mod compile;
    pub mod image;
    pub mod surface;
    pub mod trie;
}

/// The path of the generated file `name` in cargo's `OUT_DIR`.
fn out_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name)
}

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
    let out = out_path("default_lexicons.rs");
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
    let entries = write_rows(&mut w, &root, &files);
    let surfaces = out_path("embedded_surfaces.rs");
    let mut w = fs::File::create(&surfaces).expect("OUT_DIR is writable");
    write_surfaces(&mut w, &entries);
    write_image(&entries);
    write_place_facts(&entries);
    write_syllable_keys();
}

/// Writes `place_facts.rs`: the place facts of the embedded entries, as
/// `src/taggers/loc/facts.rs` reads them, which `src/taggers/loc/mod.rs`
/// includes.
fn write_place_facts(entries: &[lexicon::Entry]) {
    let facts = place_facts::PlaceFacts::read(entries);
    let rows = facts
        .facts
        .iter()
        .map(|[province, canonical, flags]| format!("[{province}, {canonical}, {flags}]"));
    let mut w = write_static_array(
        "place_facts.rs",
        "The place facts of the embedded rows, by row.",
        "EMBEDDED_FACTS: [[u32; 3]",
        rows,
    );
    writeln!(
        w,
        "/// The type words the facts of the embedded rows number.\n\
         static EMBEDDED_TYPES: [&str; {}] = {:?};",
        facts.types.len(),
        facts.types
    )
    .expect("write");
}

/// Writes `syllable_keys.rs`: the keys of every syllable the rules allow,
/// as `syllable_rules::for_each_syllable_key` gives them, which
/// `src/phonotactics.rs` includes.
fn write_syllable_keys() {
    let mut keys = Vec::new();
    syllable_rules::for_each_syllable_key(|pair| keys.push(pair));
    write_static_array(
        "syllable_keys.rs",
        "The keys of every syllable, as written and without vowel marks.",
        "SYLLABLE_KEYS: [[u128; 2]",
        keys.iter()
            .map(|[marked, ascii]| format!("[{marked:#x}, {ascii:#x}]")),
    );
}

/// Writes the generated file `file` with one static array, documented by
/// `doc`: `head` is its name and the start of its type up to the length
/// (`NAME: [T`), and `rows` its elements as Rust literals. The writer is
/// returned for what follows the array.
fn write_static_array(
    file: &str,
    doc: &str,
    head: &str,
    rows: impl ExactSizeIterator<Item = String>,
) -> std::io::BufWriter<fs::File> {
    let path = out_path(file);
    let mut w = std::io::BufWriter::new(fs::File::create(&path).expect("OUT_DIR is writable"));
    writeln!(w, "/// {doc}\nstatic {head}; {}] = [", rows.len()).expect("write");
    for row in rows {
        writeln!(w, "    {row},").expect("write");
    }
    writeln!(w, "];").expect("write");
    w
}

/// Writes `lexicon_image.bin`: the matcher's tables of the embedded
/// entries, compiled by the library's own code with the default view (see
/// `src/matcher/compile.rs`), which start-up reads instead of compiling.
fn write_image(entries: &[lexicon::Entry]) {
    let tables = matcher::compile::compile(entries, text::ViewOptions::default(), |_| None)
        .unwrap_or_else(|e| panic!("the default lexicons do not compile; fix them:\n{e}"));
    let mut w = matcher::image::ImageWriter::default();
    tables.write_image(&mut w);
    let out = out_path("lexicon_image.bin");
    fs::write(out, w.finish()).expect("OUT_DIR is writable");
}

/// Writes the embedded lexicons' entries as parsed and checked by the
/// library's parser: `ROW_TEXT`, every entry's surface, id and packed
/// attributes in one string, `ROWS`, one row of numbers an entry (line,
/// then start and length in `ROW_TEXT` of surface, id and attributes, then
/// kind and case), and `ROW_FILES`, each file's path and range of rows.
/// Numbers, not `&str`s: a table of 40,000 pointers would need as many
/// relocations each time the program starts. A default lexicon with a
/// problem stops the build with the parser's messages (file and line).
fn write_rows(w: &mut impl Write, root: &Path, files: &[PathBuf]) -> Vec<lexicon::Entry> {
    let mut all = Vec::new();
    let mut problems = Vec::new();
    let mut text_all = String::new();
    let mut rows = String::new();
    let mut ranges = Vec::new();
    let mut count = 0usize;
    for f in files {
        let rel = f.strip_prefix(root).unwrap_or(f);
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(f).expect("lexicon files are UTF-8");
        let entries = match lexicon::parse_lexicon(&rel, &text) {
            Ok(entries) => entries,
            Err(issues) => {
                problems.extend(issues.iter().map(ToString::to_string));
                continue;
            }
        };
        let first = count;
        for e in &entries {
            let mut field = |s: &str| {
                let start = text_all.len();
                text_all.push_str(s);
                format!("{start}, {}", s.len())
            };
            let (surface, id, attrs) = (field(&e.surface), field(&e.id), field(e.attrs.packed()));
            let any_case = u32::from(e.case == lexicon::CaseRule::Any);
            let flags = u32::from(e.class.kind()) | any_case << 8;
            rows.push_str(&format!(
                "    [{}, {surface}, {id}, {attrs}, {flags}],\n",
                e.origin.line
            ));
            count += 1;
        }
        all.extend(entries);
        ranges.push(format!("    ({rel:?}, {first}, {count}),\n"));
    }
    assert!(
        problems.is_empty(),
        "the default lexicons have problems; fix them:\n{}",
        problems.join("\n")
    );
    assert!(
        u32::try_from(text_all.len()).is_ok(),
        "the default lexicons are over 4 GB"
    );
    let out = format!(
        "/// Every entry's surface, id and packed attributes.\n\
         static ROW_TEXT: &str = {text_all:?};\n\
         /// One row an entry: line, (start, length) of surface, id and attributes\n\
         /// in `ROW_TEXT`, then kind | any_case << 8.\n\
         static ROWS: [[u32; 8]; {count}] = [\n{rows}];\n\
         /// Each embedded file's path and range of `ROWS`.\n\
         static ROW_FILES: &[(&str, usize, usize)] = &[\n{}];\n",
        ranges.concat()
    );
    w.write_all(out.as_bytes()).expect("write");
    all
}

/// Writes every embedded entry's surface as the matcher's trie takes it,
/// cut with the default view: `SURFACE_VIEWS`, the view texts in one
/// string, `KEY_CUTS`, the cuts between keys, and `SURFACE_ROWS`, one row an
/// entry in the order of `ROWS` (start and length of its view text and of
/// its cuts, then the low and high halves of its two case masks). A
/// surface that can never match stops the build, as it would stop start-up.
fn write_surfaces(w: &mut impl Write, entries: &[lexicon::Entry]) {
    let mut cutter = matcher::surface::Cutter::default();
    let (mut views, mut cuts, mut rows) = (String::new(), String::new(), String::new());
    let (mut view_len, mut cut_count) = (0usize, 0usize);
    let mut problems = Vec::new();
    for e in entries {
        let Some(cut) = cutter.cut(&e.surface, text::ViewOptions::default()) else {
            problems.push(format!(
                "{}: surface '{}' cannot be matched: it must be on one line and start and end with a letter, digit or punctuation",
                e.origin, e.surface
            ));
            continue;
        };
        let view = std::str::from_utf8(cut.view).expect("the view is text");
        views.push_str(view);
        for c in cut.cuts {
            cuts.push_str(&format!("{c},"));
        }
        let half = |m: u64| {
            let [low, high] = matcher::image::u64_words(m);
            format!("{low}, {high}")
        };
        rows.push_str(&format!(
            "    [{view_len}, {}, {cut_count}, {}, {}, {}],\n",
            cut.view.len(),
            cut.cuts.len(),
            half(cut.mask.cap),
            half(cut.mask.upper)
        ));
        view_len += cut.view.len();
        cut_count += cut.cuts.len();
    }
    assert!(
        problems.is_empty(),
        "the default lexicons have problems; fix them:\n{}",
        problems.join("\n")
    );
    let out = format!(
        "/// Every embedded surface's view text.\n\
         static SURFACE_VIEWS: &str = {views:?};\n\
         /// The view bytes between keys, per surface.\n\
         static KEY_CUTS: [u32; {cut_count}] = [{cuts}];\n\
         /// One row an entry: (start, length) of its view in `SURFACE_VIEWS` and\n\
         /// of its cuts in `KEY_CUTS`, then its case masks (low, high).\n\
         static SURFACE_ROWS: [[u32; 8]; {}] = [\n{rows}];\n",
        entries.len()
    );
    w.write_all(out.as_bytes()).expect("write");
}
