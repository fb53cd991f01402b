//! `vietag eval` and `vietag stats` as a user runs them.
//!
//! `fixtures/eval/gold.jsonl` holds three hand-written documents;
//! `fixtures/eval/pred.jsonl` is shaped like `vietag annotate` output
//! without text, and its spans fall into every error category:
//!
//! | doc | gold | prediction | category |
//! |---|---|---|---|
//! | a | PER Lê Văn Tám | the same | correct |
//! | a | TITLE Chủ tịch UBND xã Hòa Bình | ORG UBND xã Hòa Bình | wrong label+boundary |
//! | a | DATE năm 2023 | the same | correct |
//! | a | QUANTITY 1.250 hộ dân (1250) | QUANTITY 1.250 hộ (1250) | wrong boundary, lenient, values agree |
//! | a | PERCENT 12,5% (12.5) | the same span, 12.54 | correct, not lenient, values agree (±0.05) |
//! | b | | DATE Hôm qua | spurious |
//! | b | ORG Sở Tài chính tỉnh Quảng Trị | LOC, the same span | wrong label |
//! | b | MONEY 3,2 tỷ đồng (3.2e9) | the same span, 3.3e9 | correct, not lenient, values disagree |
//! | b | LOC huyện Cam Lộ | LOC Cam Lộ | wrong boundary, lenient |
//! | b | DOCREF Quyết định số 15/QĐ-UBND | | missed |
//! | c | PER, LOC | (no prediction for c) | missed, missed |
//! | x | (not in gold) | PER | not scored, listed |
//!
//! `tools/eval-check.py` compares the numbers with the reference scorer on
//! the shared dev set.

use std::path::PathBuf;
use std::process::Output;

use serde_json::{json, Value};

mod common;
use common::{root, vietag};

const GOLD: &str = "fixtures/eval/gold.jsonl";
const PRED: &str = "fixtures/eval/pred.jsonl";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_out(o: &Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).expect("one JSON object")
}

fn lines(path: &str) -> Vec<Value> {
    std::fs::read_to_string(root().join(path))
        .expect("fixture")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vietag-eval-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write_lines(path: &std::path::Path, records: &[Value]) {
    let body: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, body).expect("write");
}

fn eval_json(extra: &[&str]) -> Value {
    let mut args = vec!["eval", "--format", "json", GOLD, PRED];
    args.extend(extra);
    json_out(&vietag(&args, None))
}

#[test]
fn every_category_and_score_of_the_fixture() {
    let r = eval_json(&[]);
    let d = &r["documents"];
    assert_eq!(d["missing_in_pred"], json!(["c"]));
    assert_eq!(d["not_in_gold"], json!(["x"]));
    assert_eq!((d["gold"].as_u64(), d["pred"].as_u64()), (Some(3), Some(3)));
    let micro = |mode: &str| {
        let m = &r[mode]["micro"];
        (m["tp"].as_u64(), m["gold"].as_u64(), m["pred"].as_u64())
    };
    assert_eq!(micro("strict"), (Some(4), Some(11), Some(9)));
    assert_eq!(micro("lenient"), (Some(4), Some(11), Some(9)));
    assert_eq!(r["strict"]["labels"]["PERCENT"]["tp"], 1);
    assert_eq!(r["lenient"]["labels"]["PERCENT"]["tp"], 0, "another value");
    assert_eq!(
        r["lenient"]["labels"]["QUANTITY"]["tp"], 1,
        "overlap, same value"
    );
    assert_eq!(r["strict"]["labels"]["PER"]["r"], 0.5);
    let total = &r["categories"]["total"];
    let counts: Vec<u64> = [
        "correct",
        "wrong_label",
        "wrong_boundary",
        "wrong_label_boundary",
        "missed",
        "spurious",
    ]
    .iter()
    .map(|k| total[k].as_u64().expect("a count"))
    .collect();
    assert_eq!(counts, [4, 1, 2, 1, 3, 1]);
    let cells = r["confusion"].as_array().expect("cells");
    for (gold, pred, count) in [
        (json!("TITLE"), json!("ORG"), 1),
        (json!("ORG"), json!("LOC"), 1),
        (json!("LOC"), json!("LOC"), 1),
        (json!("DOCREF"), Value::Null, 1),
        (json!("PER"), Value::Null, 1),
        (Value::Null, json!("DATE"), 1),
    ] {
        let cell = cells
            .iter()
            .find(|c| c["gold"] == gold && c["pred"] == pred);
        assert_eq!(
            cell.map(|c| c["count"].clone()),
            Some(json!(count)),
            "{gold} × {pred}"
        );
    }
    let v = &r["values"];
    assert_eq!(v["total"]["pairs"], 3);
    assert_eq!(v["total"]["agree"], 2);
    assert_eq!(v["total"]["exact"], 1);
    assert_eq!(v["labels"]["MONEY"]["agree"], 0);
    assert_eq!(r["errors"], json!([]), "no examples unless asked");
}

#[test]
fn errors_are_shown_in_their_text() {
    let o = vietag(
        &["eval", GOLD, PRED, "--show-errors", "1", "--context", "6"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("⟦huyện ⟨Cam Lộ⟩⟧"), "{out}");
    assert!(out.contains("⟦⟨Sở Tài chính tỉnh Quảng Trị⟩⟧"), "{out}");
    assert!(
        out.contains("not in fixtures/eval/gold.jsonl (not scored): x"),
        "{out}"
    );
    let micro = out
        .lines()
        .find(|l| l.trim_start().starts_with("micro"))
        .expect("a micro row");
    assert!(micro.contains("0.4444  0.3636  0.4000"), "{micro}");
    // Missed: DOCREF of b, PER and LOC of c, one each (the cap is per
    // label and category).
    let missed = out.lines().filter(|l| l.starts_with("missed")).count();
    assert_eq!(missed, 3, "{out}");
    let json = eval_json(&["--show-errors", "1"]);
    let first = &json["errors"][0];
    assert_eq!(first["category"], "wrong_label_boundary");
    assert_eq!(first["gold"]["text"], "Chủ tịch UBND xã Hòa Bình");
}

#[test]
fn labels_restrict_both_sides() {
    let r = eval_json(&["--labels", "LOC, MONEY"]);
    let labels: Vec<&String> = r["strict"]["labels"]
        .as_object()
        .expect("labels")
        .keys()
        .collect();
    assert_eq!(labels, ["LOC", "MONEY"]);
    assert_eq!(r["strict"]["micro"]["gold"], 3);
    assert_eq!(r["strict"]["micro"]["pred"], 3);
    let o = vietag(&["eval", "--labels", ",", GOLD, PRED], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn gold_against_itself_and_annotate_output_with_and_without_text() {
    let r = json_out(&vietag(&["eval", "--format", "json", GOLD, GOLD], None));
    assert_eq!(r["strict"]["micro"]["f1"], 1.0);
    assert_eq!(r["lenient"]["macro"]["f1"], 1.0);
    assert_eq!(r["categories"]["total"]["correct"], 11);
    let dir = temp_dir("annotate");
    let (bare, full) = (dir.join("bare.jsonl"), dir.join("full.jsonl"));
    let gold = root().join(GOLD).to_string_lossy().into_owned();
    for (out, extra) in [(&bare, None), (&full, Some("--include-text"))] {
        let mut args = vec!["annotate", "--jsonl", gold.as_str(), "-o"];
        let out = out.to_string_lossy().into_owned();
        args.push(&out);
        args.extend(extra);
        let o = vietag(&args, None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let (bare, full) = (bare.to_string_lossy(), full.to_string_lossy());
    let a = json_out(&vietag(&["eval", "--format", "json", GOLD, &bare], None));
    let b = json_out(&vietag(&["eval", "--format", "json", GOLD, &full], None));
    assert_eq!(a, b, "the text of the prediction does not matter");
    assert!(a["strict"]["micro"]["pred"].as_u64() > Some(0));
    let same = json_out(&vietag(&["eval", "--format", "json", &full, &bare], None));
    assert_eq!(same["strict"]["micro"]["f1"], 1.0);
}

#[test]
fn an_error_record_in_the_prediction_predicts_nothing() {
    let dir = temp_dir("error-record");
    let pred = dir.join("pred.jsonl");
    let mut records = lines(PRED);
    records.retain(|r| r["id"] != "b");
    records.insert(
        0,
        json!({"id": "b", "error": {"kind": "io", "message": "gone"}}),
    );
    write_lines(&pred, &records);
    let pred = pred.to_string_lossy();
    let o = vietag(&["eval", "--format", "json", GOLD, &pred], None);
    let r = json_out(&o);
    assert!(
        stderr(&o)
            .contains("pred.jsonl:1: id \"b\": an error record: counted as predicting nothing"),
        "{}",
        stderr(&o)
    );
    assert_eq!(r["documents"]["missing_in_pred"], json!(["c"]));
    assert_eq!(r["categories"]["labels"]["MONEY"]["missed"], 1);
    assert_eq!(r["strict"]["micro"]["pred"], 5);
}

#[test]
fn unreadable_input_is_named_and_nothing_is_scored() {
    let dir = temp_dir("bad");
    let gold = dir.join("gold.jsonl");
    let mut body = std::fs::read_to_string(root().join(GOLD)).expect("fixture");
    body.insert_str(
        body.find('\n').expect("two lines") + 1,
        "{\"id\": \"z\", \"text\": 3}\n",
    );
    std::fs::write(&gold, body).expect("write");
    let gold = gold.to_string_lossy();
    let o = vietag(&["eval", &gold, PRED], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("gold.jsonl:2: id \"z\": \"text\" is not a string"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
    let o = vietag(&["eval", "no/such/gold.jsonl", PRED], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no/such/gold.jsonl: cannot open"),
        "{}",
        stderr(&o)
    );
    let o = vietag(&["eval", "-", "-"], Some(b""));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn conll_on_both_sides_scores_the_same_spans() {
    let dir = temp_dir("conll");
    // The prediction with the gold texts, as export needs them; x has no
    // gold text and is left out.
    let gold = lines(GOLD);
    let mut pred: Vec<Value> = lines(PRED)
        .into_iter()
        .filter_map(|mut p| {
            let text = gold.iter().find(|g| g["id"] == p["id"])?["text"].clone();
            p["text"] = text;
            Some(p)
        })
        .collect();
    pred.sort_by_key(|p| p["id"].as_str().map(str::to_string));
    let pred_path = dir.join("pred.jsonl");
    write_lines(&pred_path, &pred);
    let mut conll = Vec::new();
    for (name, input) in [("gold", root().join(GOLD)), ("pred", pred_path)] {
        let out = dir.join(format!("{name}.conll"));
        let (input, out_s) = (
            input.to_string_lossy().into_owned(),
            out.to_string_lossy().into_owned(),
        );
        let o = vietag(&["export", "--to", "conll", &input, "-o", &out_s], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        conll.push(out_s);
    }
    let args = [
        "--gold-from",
        "conll",
        "--pred-from",
        "conll",
        &conll[0],
        &conll[1],
    ];
    let mut all = vec!["eval", "--format", "json"];
    all.extend(args);
    let from_conll = json_out(&vietag(&all, None));
    let from_jsonl = eval_json(&[]);
    assert_eq!(from_conll["strict"], from_jsonl["strict"]);
    assert_eq!(from_conll["categories"], from_jsonl["categories"]);
    assert_eq!(
        from_conll["values"]["total"]["pairs"], 0,
        "CoNLL carries no values"
    );
}

fn stats_json(args: &[&str], stdin: Option<&[u8]>) -> Value {
    let mut all = vec!["stats", "--format", "json"];
    all.extend(args);
    json_out(&vietag(&all, stdin))
}

#[test]
fn stats_of_the_gold_fixture() {
    let s = stats_json(&["--top", "1", GOLD], None);
    let chars: u64 = lines(GOLD)
        .iter()
        .map(|d| d["text"].as_str().expect("text").chars().count() as u64)
        .sum();
    assert_eq!(s["documents"], 3);
    assert_eq!(s["characters"], chars);
    assert_eq!(s["entities"], 11);
    let labels: Vec<&str> = s["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| l["label"].as_str().expect("label"))
        .collect();
    assert_eq!(
        labels,
        ["PER", "TITLE", "ORG", "LOC", "DOCREF", "DATE", "PERCENT", "MONEY", "QUANTITY"]
    );
    let per = &s["labels"][0];
    assert_eq!(
        (per["count"].as_u64(), per["distinct"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(per["top"].as_array().map(Vec::len), Some(1));
    let rate = 11.0 * 1000.0 / chars as f64;
    assert!((s["entities_per_1000_chars"].as_f64().expect("rate") - rate).abs() < 1e-9);
    let o = vietag(&["stats", GOLD], None);
    let text = stdout(&o);
    assert!(
        text.lines()
            .any(|l| l.starts_with("documents") && l.ends_with(" 3")),
        "{text}"
    );
    assert!(text.contains("top 2 PER\n"), "{text}");
    assert!(text.contains("Nguyễn Thị Mai"), "{text}");
}

#[test]
fn stats_of_records_without_text_from_standard_input() {
    let body = std::fs::read(root().join(PRED)).expect("fixture");
    let s = stats_json(&["-"], Some(&body));
    assert_eq!(s["documents"], 3);
    assert_eq!(s["characters"], 0);
    assert_eq!(s["documents_without_text"], 3);
    assert_eq!(s["entities"], 10);
    assert_eq!(s["entities_per_1000_chars"], Value::Null);
    let loc = s["labels"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["label"] == "LOC"))
        .expect("LOC");
    assert_eq!(loc["distinct"], 2, "surfaces from the entities' text");
}

#[test]
fn stats_agree_with_the_annotate_output_they_read() {
    let dir = temp_dir("stats-news");
    let out = dir.join("news.jsonl");
    let out_s = out.to_string_lossy().into_owned();
    let o = vietag(
        &[
            "annotate",
            "--include-text",
            "fixtures/news/dang-bo-xa.txt",
            "fixtures/news/hoi-nghi-tinh-uy.txt",
            "fixtures/news/bom-crlf.txt",
            "-o",
            &out_s,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let records: Vec<Value> = std::fs::read_to_string(&out)
        .expect("output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let s = stats_json(&["--top", "1000", &out_s], None);
    let mut per_label: std::collections::BTreeMap<
        String,
        (u64, std::collections::BTreeSet<String>),
    > = Default::default();
    for r in &records {
        for e in r["entities"].as_array().expect("entities") {
            let slot = per_label
                .entry(e["label"].as_str().expect("label").into())
                .or_default();
            slot.0 += 1;
            slot.1.insert(e["text"].as_str().expect("text").into());
        }
    }
    let with_findings = records
        .iter()
        .filter(|r| r["findings"].as_array().is_some_and(|f| !f.is_empty()))
        .count();
    assert_eq!(s["documents"], records.len());
    assert_eq!(s["documents_with_findings"], with_findings);
    for l in s["labels"].as_array().expect("labels") {
        let (count, surfaces) = &per_label[l["label"].as_str().expect("label")];
        assert_eq!(l["count"], *count, "{l}");
        assert_eq!(l["distinct"], surfaces.len(), "{l}");
        let top_sum: u64 = l["top"]
            .as_array()
            .expect("top")
            .iter()
            .map(|t| t["count"].as_u64().expect("n"))
            .sum();
        assert_eq!(top_sum, *count, "every surface is listed with --top 1000");
    }
    assert_eq!(s["labels"].as_array().map(Vec::len), Some(per_label.len()));
}

#[test]
fn stats_name_unreadable_records_and_count_the_rest() {
    let dir = temp_dir("stats-bad");
    let input = dir.join("mixed.jsonl");
    let mut records = lines(GOLD);
    records.insert(
        1,
        json!({"id": "e", "error": {"kind": "decode", "message": "bad bytes"}}),
    );
    write_lines(&input, &records);
    let mut body = std::fs::read_to_string(&input).expect("input");
    body.push_str("not json\n");
    std::fs::write(&input, body).expect("write");
    let input = input.to_string_lossy();
    let o = vietag(&["stats", "--format", "json", &input], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("mixed.jsonl:5: not a valid JSON object"),
        "{}",
        stderr(&o)
    );
    let s: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(s["documents"], 3);
    assert_eq!(s["error_records"], 1);
    assert_eq!(s["unreadable"], 1);
}
