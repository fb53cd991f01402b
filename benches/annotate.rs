//! Where annotation stands: throughput against a plain Aho-Corasick floor,
//! threads, peak memory and start-up, on the same bytes in one run.
//!
//! The corpus is `VIETAG_BENCH_CORPUS` (JSON Lines with a "text" field,
//! compressed or not), by default `../shared/corpus/bench/news-2017.jsonl.xz`;
//! `VIETAG_BENCH_MB` caps how much of it is read (default: all of it).
//! In the same process, on the same documents, each best of
//! `VIETAG_BENCH_ROUNDS` (default 2), the four taking turns in each round
//! so that a drift of the machine's speed touches them alike:
//!
//! - `floor`: one overlapping Aho-Corasick scan of the lexicon's patterns
//!   (normalised as documents are) over the raw texts, counting matches,
//!   with `aho-corasick` (the floor the issue names) and with `daachorse`;
//!   the annotate lines give their ratio to each;
//! - `annotate 1 thread` / `annotate 2 threads`: every tagger, claims and
//!   findings, and the JSON record of each document written to a buffer
//!   (one `Worker` per thread);
//!
//! then the 1-thread pipeline against the aho-corasick floor slice by
//! slice (about 4 MB each, the two back to back), `VIETAG_BENCH_ROUNDS`
//! times over after the best-of rounds: the median and quartiles of the
//! ratios of the pairs, and per round the sum of the floor's times over
//! the sum of the pipeline's (the two throughputs' ratio over the whole
//! corpus), which a drift of the machine's speed between the best-of runs
//! does not move;
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
use vietag::{Annotator, Worker};

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

/// The best time of one contender over the rounds, and its check value.
#[derive(Clone, Copy)]
struct Best {
    time: Duration,
    check: usize,
}

impl Best {
    const NONE: Best = Best {
        time: Duration::MAX,
        check: 0,
    };

    /// Runs `f` once, keeping its time if it is the best so far.
    fn time<F: FnOnce() -> usize>(&mut self, f: F) {
        let t = Instant::now();
        self.check = std::hint::black_box(f());
        self.time = self.time.min(t.elapsed());
    }
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
    // The default: code points, no text, no encoding field.
    let opts = OutputOptions::default();
    out.clear();
    annotator
        .annotate_with(text, w)
        .write_json(out, &Value::Null, text, opts);
    out.len()
}

/// The aho-corasick floor over `docs`: its overlapping matches, counted.
fn floor_scan(ac: &AhoCorasick, docs: &[String]) -> usize {
    docs.iter()
        .map(|d| ac.find_overlapping_iter(d.as_str()).count())
        .sum()
}

/// The 1-thread pipeline over `docs`, with worker `w` and record buffer
/// `out`: the records' lengths, summed.
fn annotate_all(
    annotator: &Annotator,
    w: &mut Worker,
    out: &mut Vec<u8>,
    docs: &[String],
) -> usize {
    docs.iter()
        .map(|d| annotate_record(annotator, w, d, out))
        .sum()
}

/// Bytes of text in each slice of [`paired_ratios`].
const SLICE_BYTES: usize = 4 << 20;

/// The corpus cut, between documents, into slices of about `bytes` of text;
/// a rest of less than half that joins the last slice, so that no pair of
/// [`paired_ratios`] times a few documents only.
fn slices(texts: &[String], bytes: usize) -> Vec<&[String]> {
    let (mut starts, mut size) = (vec![0], 0);
    for (i, text) in texts.iter().enumerate() {
        size += text.len();
        if size >= bytes && i + 1 < texts.len() {
            starts.push(i + 1);
            size = 0;
        }
    }
    if size < bytes / 2 && starts.len() > 1 {
        starts.pop();
    }
    let ends = starts.iter().skip(1).copied().chain([texts.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&a, b)| &texts[a..b])
        .collect()
}

/// Runs `f` once: its time.
fn timed<F: FnOnce() -> usize>(f: F) -> Duration {
    let t = Instant::now();
    std::hint::black_box(f());
    t.elapsed()
}

/// The 1-thread pipeline's speed over the aho-corasick floor's, slice by
/// slice of the corpus ([`SLICE_BYTES`]), the two timed back to back on
/// each slice (taking turns at going first), `rounds` times. The best-of
/// lines time each contender over the whole corpus, seconds apart, and a
/// change of the machine's speed in between moves their ratio; a pair is a
/// fraction of a second apart.
fn paired_ratios(
    texts: &[String],
    rounds: usize,
    ac: &AhoCorasick,
    annotator: &Annotator,
) -> Paired {
    let (mut w, mut out) = (Worker::new(), Vec::new());
    let mut paired = Paired::default();
    let slices = slices(texts, SLICE_BYTES);
    for round in 0..rounds.max(1) {
        let (mut floor_total, mut one_total) = (0.0, 0.0);
        for (s, slice) in slices.iter().enumerate() {
            let floor = || timed(|| floor_scan(ac, slice));
            let mut one = || timed(|| annotate_all(annotator, &mut w, &mut out, slice));
            let (f, a) = match (round + s) % 2 {
                0 => (floor(), one()),
                _ => {
                    let a = one();
                    (floor(), a)
                }
            };
            paired.slices.push(f.as_secs_f64() / a.as_secs_f64());
            floor_total += f.as_secs_f64();
            one_total += a.as_secs_f64();
        }
        paired.rounds.push(floor_total / one_total);
    }
    paired.slices.sort_by(f64::total_cmp);
    paired
}

/// What [`paired_ratios`] measured.
#[derive(Default)]
struct Paired {
    /// One ratio a pair (a slice in a round), sorted.
    slices: Vec<f64>,
    /// Per round, the whole corpus's ratio from the same pairs: the sum of
    /// the floor's times over the sum of the pipeline's, which is the
    /// ratio of their throughputs over the corpus. Each slice counts by
    /// its time here, where the median counts every slice once.
    rounds: Vec<f64>,
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
    // Each line's speed, and its ratio to each floor's.
    let report = |name: &str, b: Best, floors: &[(&str, Duration)]| {
        let s = b.time.as_secs_f64();
        let ratios: String = floors
            .iter()
            .map(|(floor, f)| format!("  {:.3}x {floor}", f.as_secs_f64() / s))
            .collect();
        println!(
            "{name:<20} {:>7.1} MB/s {:>8.0} docs/s  (check {}){ratios}",
            bytes as f64 / 1e6 / s,
            texts.len() as f64 / s,
            b.check
        );
        b.time
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a pool of 2 threads");
    // Round by round, each contender in turn: on a machine whose speed
    // drifts over minutes, every contender's best comes from the same
    // stretch of time, and the ratios compare like with like.
    let [mut aho, mut daac, mut one, mut two] = [Best::NONE; 4];
    for _ in 0..rounds.max(1) {
        aho.time(|| floor_scan(&ac, &texts));
        daac.time(|| {
            texts
                .iter()
                .map(|d| da.find_overlapping_iter(d.as_str()).count())
                .sum()
        });
        one.time(|| {
            let (mut w, mut out) = (Worker::new(), Vec::new());
            annotate_all(&annotator, &mut w, &mut out, &texts)
        });
        two.time(|| {
            pool.install(|| {
                texts
                    .par_iter()
                    .map_init(
                        || (Worker::new(), Vec::new()),
                        |(w, out), d| annotate_record(&annotator, w, d, out),
                    )
                    .sum()
            })
        });
    }
    let aho = report("floor (aho-corasick)", aho, &[]);
    let daac = report("floor (daachorse)", daac, &[("aho-corasick", aho)]);
    let floors = [("aho-corasick", aho), ("daachorse", daac)];
    let one = report("annotate 1 thread", one, &floors);
    let two = report("annotate 2 threads", two, &floors);
    println!(
        "2 threads / 1 thread: {:.2}x",
        one.as_secs_f64() / two.as_secs_f64()
    );
    let paired = paired_ratios(&texts, rounds, &ac, &annotator);
    // Nearest rank: of an even number of pairs, the upper middle one.
    let at = |q: f64| {
        let i = (paired.slices.len().saturating_sub(1) as f64 * q).round() as usize;
        paired.slices.get(i).copied().unwrap_or(f64::NAN)
    };
    println!(
        "annotate 1 thread / aho-corasick, slice by slice ({} pairs, slices of {} MB, back to back): median {:.3}x, quartiles {:.3}x to {:.3}x",
        paired.slices.len(),
        SLICE_BYTES >> 20,
        at(0.5),
        at(0.25),
        at(0.75)
    );
    let rounds: Vec<String> = paired.rounds.iter().map(|r| format!("{r:.3}x")).collect();
    println!(
        "annotate 1 thread / aho-corasick, whole corpus from the same pairs (floor's time over the pipeline's), round by round: {}",
        rounds.join(", ")
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
