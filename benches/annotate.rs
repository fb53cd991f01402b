//! Throughput of `Annotator::annotate` against a plain Aho-Corasick scan.
//!
//! `cargo bench` generates a deterministic corpus of news-like documents
//! (or reads `VIETAG_BENCH_CORPUS=path.jsonl`, records with a "text" field,
//! at most `VIETAG_BENCH_MB` megabytes, default 64), then measures, in
//! the same run:
//!
//! - `ac-scan`: one overlapping Aho-Corasick scan of the same normalised
//!   patterns over the raw text, counting matches: the floor we measure
//!   against;
//! - `annotate 1 thread` and `annotate N threads` (rayon, one `Worker` per
//!   thread);
//! - `no gazetteer 1 thread`: the same without the administrative-unit
//!   lexicons, to show what they cost.
//!
//! Each is run `VIETAG_BENCH_ROUNDS` times (default 3) and the best round is
//! reported as MB/s and documents/s, with the ratio to the scan.

use std::io::BufRead;
use std::time::{Duration, Instant};

use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use vietag::text::{MatchView, ViewOptions};
use vietag::{Annotator, Worker};

// The allocator the `vietag` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SENTENCES: &[&str] = &[
    "Sáng 12-9, Tỉnh ủy Bình Phước tổ chức hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm.",
    "Đồng chí Bí thư Thành ủy Đồng Xoài phát biểu chỉ đạo hội nghị.",
    "Toàn Đảng bộ hiện có 58 tổ chức cơ sở đảng với hơn 4.100 đảng viên.",
    "Ban Thường vụ Huyện ủy ban hành Kế hoạch số 27-KH/HU triển khai Chỉ thị số 05-CT/TW của Bộ Chính trị.",
    "Thu nhập bình quân đầu người đạt 58,9 triệu đồng/năm, tỷ lệ hộ nghèo giảm còn 1,23%.",
    "Đoàn công tác của Quốc hội làm việc với UBND tỉnh Long An và HĐND TP.Tân An.",
    "Ông Nguyễn Văn Hợi, Bí thư Chi bộ ấp 4, xã Tiến Hưng cho biết chi bộ có 31/36 đảng viên được xếp loại tốt.",
    "Các đại biểu đã thăm công viên và hồ nước ở trung tâm thành phố, nơi trở thành điểm nhấn của đô thị trẻ.",
    "Năm 2023, toàn tỉnh kết nạp 1.215 đảng viên mới, đạt 106% kế hoạch; giải ngân vốn đầu tư công 2.350 tỷ đồng.",
    "Phái đoàn Ngân hàng Thế giới làm việc với Bộ Tài chính tại Hà Nội trong chuyến thăm Việt Nam.",
];

fn generated(target_bytes: usize) -> Vec<String> {
    let mut docs = Vec::new();
    let mut total = 0;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    while total < target_bytes {
        let mut doc = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = 8 + (seed % 40) as usize;
        for k in 0..n {
            let pick = ((seed >> (k % 48)) as usize + k * 7) % SENTENCES.len();
            doc.push_str(SENTENCES[pick]);
            doc.push(if k % 5 == 4 { '\n' } else { ' ' });
        }
        total += doc.len();
        docs.push(doc);
    }
    docs
}

fn from_jsonl(path: &str, max_bytes: usize) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut docs = Vec::new();
    let mut total = 0;
    for line in std::io::BufReader::new(file).lines() {
        let Ok(line) = line else { continue };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(t) = v["text"].as_str() {
            total += t.len();
            docs.push(t.to_string());
        }
        if total >= max_bytes {
            break;
        }
    }
    docs
}

fn best<F: FnMut() -> usize>(rounds: usize, mut f: F) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut check = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        check = std::hint::black_box(f());
        best = best.min(t.elapsed());
    }
    (best, check)
}

fn main() {
    let env_num = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let mb = env_num("VIETAG_BENCH_MB", 64);
    let rounds = env_num("VIETAG_BENCH_ROUNDS", 3);
    let docs = match std::env::var("VIETAG_BENCH_CORPUS") {
        Ok(p) => from_jsonl(&p, mb << 20),
        Err(_) => generated(mb << 20),
    };
    let bytes: usize = docs.iter().map(String::len).sum();
    let t = Instant::now();
    let annotator = Annotator::new().expect("default lexicons compile");
    let build = t.elapsed();

    // The same patterns the annotator compiles, for the plain scan.
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
    // A plain scan: the automaton kind aho-corasick picks itself.
    let ac = AhoCorasick::new(&patterns).expect("patterns compile");

    let threads = rayon::current_num_threads();
    println!(
        "corpus: {} documents, {:.1} MB; {} patterns; annotator built in {:.1} ms; best of {rounds} rounds",
        docs.len(),
        bytes as f64 / 1e6,
        patterns.len(),
        build.as_secs_f64() * 1e3
    );
    let report = |name: &str, (d, check): (Duration, usize), floor: Option<Duration>| {
        let s = d.as_secs_f64();
        let ratio = floor
            .map(|f| format!("  {:.2}x the scan's time", s / f.as_secs_f64()))
            .unwrap_or_default();
        println!(
            "{name:<22} {:>8.1} MB/s {:>10.0} docs/s  (check {check}){ratio}",
            bytes as f64 / 1e6 / s,
            docs.len() as f64 / s
        );
        d
    };
    let scan = report(
        "ac-scan 1 thread",
        best(rounds, || {
            docs.iter()
                .map(|d| ac.find_overlapping_iter(d.as_str()).count())
                .sum()
        }),
        None,
    );
    report(
        "annotate 1 thread",
        best(rounds, || {
            let mut w = Worker::new();
            docs.iter()
                .map(|d| annotator.annotate_with(d, &mut w).entities.len())
                .sum()
        }),
        Some(scan),
    );
    // The same taggers without the administrative gazetteer, to show what
    // its ~14,000 names cost.
    let mut builder = vietag::AnnotatorBuilder::new();
    builder.default_lexicons(false);
    for (name, text) in vietag::lexicon::DEFAULT_LEXICONS {
        if !name.contains("places/admin_") {
            builder.lexicon_str(name, text);
        }
    }
    let no_gazetteer = builder.build().expect("default lexicons compile");
    report(
        "no gazetteer 1 thread",
        best(rounds, || {
            let mut w = Worker::new();
            docs.iter()
                .map(|d| no_gazetteer.annotate_with(d, &mut w).entities.len())
                .sum()
        }),
        Some(scan),
    );
    report(
        &format!("annotate {threads} threads"),
        best(rounds, || {
            docs.par_iter()
                .map_init(Worker::new, |w, d| {
                    annotator.annotate_with(d, w).entities.len()
                })
                .sum()
        }),
        Some(scan),
    );
}
