//! Reading Label Studio tasks with UTF-16 offsets, and linting them, on
//! one document of 1×, 2×, 4× and 8× the size (51,200 code points and
//! 534 regions at 1×; 409,600 and 4,267 at 8×; emoji throughout so that
//! UTF-16 and code points differ). Time should grow in proportion: the run prints each time and
//! its ratio to 1×, in the same process.

use std::time::{Duration, Instant};

use serde_json::json;
use vietag::formats::labelstudio;
use vietag::lint::Linter;
use vietag::OffsetUnit;

/// A task of `units` repetitions of a short sentence, a PER region in
/// every third, offsets in UTF-16.
fn task(units: usize) -> String {
    const UNIT: &str = "Ông Hà Anh Dũng về Đồng Xoài 😀 ";
    let text = UNIT.repeat(units);
    let u16_len: usize = UNIT.chars().map(char::len_utf16).sum();
    let result: Vec<_> = (0..units)
        .step_by(3)
        .map(|k| {
            let s = k * u16_len + 4;
            json!({"type": "labels", "value": {"start": s, "end": s + 11, "text": "Hà Anh Dũng", "labels": ["PER"]}})
        })
        .collect();
    json!([{"data": {"text": text}, "annotations": [{"result": result}]}]).to_string()
}

fn best(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let linter = Linter::default();
    let mut base: Option<(Duration, Duration)> = None;
    println!(
        "{:>6} {:>10} {:>8} {:>12} {:>7} {:>12} {:>7}",
        "size", "code pts", "regions", "read utf16", "ratio", "read+lint", "ratio"
    );
    for scale in [1, 2, 4, 8] {
        let units = 1_600 * scale; // 32 code points a unit: 51,200 at 1×
        let input = task(units);
        let read = best(3, || {
            let docs = labelstudio::read(&input, OffsetUnit::Utf16);
            assert!(docs[0].is_ok());
        });
        let lint = best(3, || {
            let docs = labelstudio::read(&input, OffsetUnit::Utf16);
            let found = linter.check(docs[0].as_ref().expect("read"));
            assert!(found.is_empty(), "{found:?}");
        });
        let (r0, l0) = *base.get_or_insert((read, lint));
        println!(
            "{:>5}× {:>10} {:>8} {:>10.1}ms {:>6.2}× {:>10.1}ms {:>6.2}×",
            scale,
            units * 32,
            units.div_ceil(3),
            read.as_secs_f64() * 1e3,
            read.as_secs_f64() / r0.as_secs_f64(),
            lint.as_secs_f64() * 1e3,
            lint.as_secs_f64() / l0.as_secs_f64(),
        );
    }
}
