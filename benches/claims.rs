//! Time of `Annotator::annotate` on documents dense with numeric claims, at
//! 1×, 2×, 4× and 8× the size: linking claims (and the rest of the
//! annotate path) must grow linearly with the number of claims.
//!
//! Each input is one document made of a pattern repeated without a full
//! stop, so that every claim shares one sentence, the worst case for
//! linking:
//!
//! - `ratio`: "31/36 TCCS đạt 86,1% " (a ratio and a percentage);
//! - `change`: "tăng 5% " (percentages of change);
//! - `totals`: "trong tổng số 36 chi bộ có 30 chi bộ, chiếm 83,3%, " (a
//!   whole after "tổng số", a part and a percentage);
//! - `report`: a comma-separated report of counts, ratios, shares, money,
//!   dates and breakdowns (a deterministic generator).
//!
//! Each size is run `VIETAG_BENCH_ROUNDS` times (default 5), after one
//! untimed run of the largest, and the best round is reported, with its
//! time per claim and its time relative to the 1× size. Linear time gives ratios near 2, 4 and 8; `VIETAG_BENCH_KB`
//! sets the 1× size (default 40 KB).

use std::time::{Duration, Instant};

use vietag::{Annotator, Worker};

// The allocator the `vietag` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `pattern` repeated to at least `bytes` bytes.
fn repeated(pattern: &str, bytes: usize) -> String {
    pattern.repeat(bytes.div_ceil(pattern.len()))
}

/// A comma-separated report of at least `bytes` bytes.
fn report(bytes: usize) -> String {
    const UNITS: [&str; 6] = ["hộ", "đảng viên", "chi bộ", "học sinh", "xã", "cán bộ"];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut out = String::new();
    while out.len() < bytes {
        let unit = UNITS[next(UNITS.len() as u64) as usize];
        let a = 5 + next(400);
        let b = a + next(60);
        let share = format!("{:.1}", 100.0 * a as f64 / b as f64).replace('.', ",");
        let item = match next(7) {
            0 => format!("có {a}/{b} {unit} đạt chuẩn, chiếm {share}%"),
            1 => format!("trong tổng số {b} {unit} có {a} {unit} hoàn thành, đạt {share}%"),
            2 => format!("tỷ lệ hộ nghèo giảm còn {},{}%", 1 + next(9), next(10)),
            3 => format!("kinh phí {} tỷ đồng", 1 + next(90)),
            4 => format!("{b} {unit}, trong đó {a} {unit} nữ"),
            5 => format!("tăng {}% so với cùng kỳ", 1 + next(30)),
            _ => format!(
                "ngày {}/{}/2017 có {a} {unit} tham gia",
                1 + next(28),
                1 + next(12)
            ),
        };
        out.push_str(&item);
        out.push_str(", ");
    }
    out
}

fn best(
    rounds: usize,
    annotator: &Annotator,
    worker: &mut Worker,
    text: &str,
) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut claims = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        let ann = annotator.annotate_with(text, worker);
        best = best.min(t.elapsed());
        claims = std::hint::black_box(ann).claims.len();
    }
    (best, claims)
}

fn main() {
    let env_num = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let kb = env_num("VIETAG_BENCH_KB", 40);
    let rounds = env_num("VIETAG_BENCH_ROUNDS", 5);
    let annotator = Annotator::new().expect("default lexicons compile");
    type Make = fn(usize) -> String;
    let inputs: [(&str, Make); 4] = [
        ("ratio", |b| repeated("31/36 TCCS đạt 86,1% ", b)),
        ("change", |b| repeated("tăng 5% ", b)),
        ("totals", |b| {
            repeated("trong tổng số 36 chi bộ có 30 chi bộ, chiếm 83,3%, ", b)
        }),
        ("report", report),
    ];
    println!("1× = {kb} KB, best of {rounds} rounds; time relative to 1× (linear: 2, 4, 8)");
    let mut worst: f64 = 0.0;
    let mut worker = Worker::new();
    for (name, make) in inputs {
        // One untimed run of the largest size first, so that no size pays
        // for the allocator's first touch of its pages.
        let texts: Vec<String> = [1, 2, 4, 8].iter().map(|f| make(f * kb * 1024)).collect();
        if let Some(largest) = texts.last() {
            std::hint::black_box(annotator.annotate_with(largest, &mut worker));
        }
        let mut base = None;
        for (factor, text) in [1, 2, 4, 8].into_iter().zip(&texts) {
            let (d, claims) = best(rounds, &annotator, &mut worker, text);
            let base = *base.get_or_insert(d);
            let ratio = d.as_secs_f64() / base.as_secs_f64();
            worst = worst.max(ratio / factor as f64);
            println!(
                "{name:<7} {factor}×  {:>7.0} KB  {claims:>7} claims  {:>8.1} ms  {:>6.2} µs/claim  {ratio:>5.2}× the 1× time",
                text.len() as f64 / 1024.0,
                d.as_secs_f64() * 1e3,
                d.as_secs_f64() * 1e6 / claims.max(1) as f64,
            );
        }
    }
    println!("largest (time ratio / size ratio): {worst:.2} (1 is linear)");
}
