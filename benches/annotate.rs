//! Where annotation stands: throughput against a plain Aho-Corasick floor,
//! threads, peak memory and start-up, on the same bytes in one run.
//!
//! The corpus is `VIETAG_BENCH_CORPUS` (JSON Lines with a "text" field,
//! compressed or not), by default `../shared/corpus/bench/news-2017.jsonl.xz`;
//! `VIETAG_BENCH_MB` caps how much of it is read (default: all of it).
//! In the same process, on the same documents, each best of
//! `VIETAG_BENCH_ROUNDS` (default 2):
//!
//! - `floor`: one overlapping Aho-Corasick scan of the lexicon's patterns
//!   (normalised as documents are) over the raw texts, counting matches,
//!   with `aho-corasick` and with `daachorse`; the faster is the floor;
//! - `annotate 1 thread` / `annotate 2 threads`: every tagger, claims and
//!   findings, and the JSON record of each document written to a buffer
//!   (one `Worker` per thread);
//!
//! then, running the `vietag` binary itself: the peak resident size of
//! `vietag annotate --jsonl CORPUS --threads 2` over the whole corpus file,
//! and the start-up time of a one-line document (best and median of 20).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aho_corasick::AhoCorasick;
use daachorse::DoubleArrayAhoCorasick;
use rayon::prelude::*;
use serde_json::Value;
use vietag::formats::jsonl::OutputOptions;
use vietag::text::{MatchView, ViewOptions};
use vietag::{Annotator, OffsetUnit, Worker};

fn env_num(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn corpus_path() -> PathBuf {
    match std::env::var_os("VIETAG_BENCH_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/bench/news-2017.jsonl.xz"),
    }
}

/// The texts of the corpus, up to `max_bytes` of them.
fn read_texts(path: &Path, max_bytes: usize) -> Vec<String> {
    let input = vietag::io::open_input(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; set VIETAG_BENCH_CORPUS to a JSON Lines file",
            path.display()
        )
    });
    let mut texts = Vec::new();
    let mut total = 0;
    for line in input.lines() {
        let Ok(line) = line else { break };
        let Ok(Value::Object(mut record)) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        if let Some(Value::String(text)) = record.remove("text") {
            total += text.len();
            texts.push(text);
        }
        if total >= max_bytes {
            break;
        }
    }
    texts
}

fn best<F: FnMut() -> usize>(rounds: usize, mut f: F) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut check = 0;
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        check = std::hint::black_box(f());
        best = best.min(t.elapsed());
    }
    (best, check)
}

/// The patterns of the annotator's lexicon, normalised as documents are,
/// in the two automata the issue asked to compare: `aho-corasick` and
/// `daachorse` (a double-array Aho-Corasick).
fn floor_automata(annotator: &Annotator) -> (AhoCorasick, DoubleArrayAhoCorasick<u32>, usize) {
    let mut view = MatchView::default();
    let mut patterns: Vec<String> = annotator
        .entries()
        .iter()
        .map(|e| {
            view.build(&e.surface, ViewOptions::default());
            view.as_str().to_string()
        })
        .collect();
    patterns.sort();
    patterns.dedup();
    let ac = AhoCorasick::new(&patterns).expect("the lexicon's patterns compile");
    let da = DoubleArrayAhoCorasick::new(&patterns).expect("the lexicon's patterns compile");
    (ac, da, patterns.len())
}

/// Annotates one document and writes its record into `out` (cleared
/// first); the record's length, so nothing is optimised away.
fn annotate_record(annotator: &Annotator, w: &mut Worker, text: &str, out: &mut Vec<u8>) -> usize {
    let opts = OutputOptions {
        unit: OffsetUnit::Codepoint,
        include_text: false,
        encoding: None,
    };
    out.clear();
    annotator
        .annotate_with(text, w)
        .write_json(out, &Value::Null, text, opts);
    out.len()
}

/// Peak resident size (MB) and wall time of the CLI over the corpus file.
fn cli_peak_rss(corpus: &Path) -> Option<(f64, Duration)> {
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_vietag"))
        .args(["annotate", "--jsonl", "--threads", "2", "-o", "/dev/null"])
        .arg(corpus)
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let wall = t.elapsed();
    if !status.success() {
        return None;
    }
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    (rc == 0).then(|| (usage.ru_maxrss as f64 / 1024.0, wall))
}

/// Best and median wall time of the CLI on a one-line document.
fn cli_startup() -> Option<(Duration, Duration)> {
    let dir = std::env::temp_dir().join(format!("vietag-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let one = dir.join("one.txt");
    std::fs::File::create(&one)
        .and_then(|mut f| f.write_all("Ông Nguyễn Văn An về Hà Nội.\n".as_bytes()))
        .ok()?;
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let ok = Command::new(env!("CARGO_BIN_EXE_vietag"))
            .arg("annotate")
            .arg(&one)
            .stdout(Stdio::null())
            .status()
            .ok()?
            .success();
        times.push(t.elapsed());
        if !ok {
            return None;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    Some((times[0], times[times.len() / 2]))
}

fn main() {
    let corpus = corpus_path();
    // Before the corpus is loaded here: on Linux a child's peak RSS counts
    // the parent's pages it shared until it ran `exec`, so measured later
    // it would report this process's size (the corpus in memory), not the
    // CLI's.
    let cli_rss = cli_peak_rss(&corpus);
    let rounds = env_num("VIETAG_BENCH_ROUNDS", 2);
    let texts = read_texts(&corpus, env_num("VIETAG_BENCH_MB", usize::MAX >> 20) << 20);
    let bytes: usize = texts.iter().map(String::len).sum();
    let t = Instant::now();
    let annotator = Annotator::new().expect("the default lexicons compile");
    let build = t.elapsed();
    let (ac, da, patterns) = floor_automata(&annotator);
    println!(
        "{}: {} documents, {:.1} MB; {patterns} patterns; annotator built in {:.1} ms in process; best of {rounds}",
        corpus.display(),
        texts.len(),
        bytes as f64 / 1e6,
        build.as_secs_f64() * 1e3
    );
    let report = |name: &str, (d, check): (Duration, usize), floor: Option<Duration>| {
        let s = d.as_secs_f64();
        let ratio = floor
            .map(|f| format!("  {:.3}x the floor's speed", f.as_secs_f64() / s))
            .unwrap_or_default();
        println!(
            "{name:<20} {:>7.1} MB/s {:>8.0} docs/s  (check {check}){ratio}",
            bytes as f64 / 1e6 / s,
            texts.len() as f64 / s
        );
        d
    };
    let floor = report(
        "floor (aho-corasick)",
        best(rounds, || {
            texts
                .iter()
                .map(|d| ac.find_overlapping_iter(d.as_str()).count())
                .sum()
        }),
        None,
    );
    // The same scan with daachorse: the faster of the two is the floor the
    // matcher is held to (the check counts must agree).
    let daachorse = report(
        "floor (daachorse)",
        best(rounds, || {
            texts
                .iter()
                .map(|d| da.find_overlapping_iter(d.as_str()).count())
                .sum()
        }),
        Some(floor),
    );
    let floor = floor.min(daachorse);
    let one = report(
        "annotate 1 thread",
        best(rounds, || {
            let (mut w, mut out) = (Worker::new(), Vec::new());
            texts
                .iter()
                .map(|d| annotate_record(&annotator, &mut w, d, &mut out))
                .sum()
        }),
        Some(floor),
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a pool of 2 threads");
    let two = report(
        "annotate 2 threads",
        best(rounds, || {
            pool.install(|| {
                texts
                    .par_iter()
                    .map_init(
                        || (Worker::new(), Vec::new()),
                        |(w, out), d| annotate_record(&annotator, w, d, out),
                    )
                    .sum()
            })
        }),
        Some(floor),
    );
    println!(
        "2 threads / 1 thread: {:.2}x",
        one.as_secs_f64() / two.as_secs_f64()
    );
    match cli_rss {
        Some((mb, wall)) => println!(
            "vietag annotate --threads 2 over the corpus file: peak RSS {mb:.0} MB, {:.1} s",
            wall.as_secs_f64()
        ),
        None => println!("vietag annotate over the corpus file failed"),
    }
    match cli_startup() {
        Some((min, median)) => println!(
            "start-up, one-line document: best {:.1} ms, median {:.1} ms",
            min.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3
        ),
        None => println!("start-up: the vietag binary did not run"),
    }
}
