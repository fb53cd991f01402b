//! `vietag export`, `import` and `lint` as a user runs them.
//!
//! - Round trips: `fixtures/formats/news.jsonl` (hand-made news sentences
//!   with emoji, an NFD document, CRLF, abbreviations and numbers) through
//!   every format and back gives the same text, spans and labels.
//! - Lint: `fixtures/lint/` holds one annotation file per format with one
//!   of each defect the format can carry; the tests list the exact findings.
//! - `tools/dev-check.sh` does the same on the dev gold file of ../shared.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::{root, vietag};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(s: &str) -> Vec<Value> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn read_jsonl(p: &Path) -> Vec<Value> {
    jsonl(&std::fs::read_to_string(p).expect("readable"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vietag-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn spans(r: &Value) -> Vec<(u64, u64, String, Option<u64>)> {
    r["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| {
            (
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
                e["label"].as_str().unwrap().to_string(),
                e["parent"].as_u64(),
            )
        })
        .collect()
}

/// The record with its flat layer only.
fn flat(r: &Value) -> Value {
    let mut r = r.clone();
    if let Some(a) = r["entities"].as_array_mut() {
        a.retain(|e| e.get("parent").is_none_or(Value::is_null));
    }
    r
}

/// Every export run: format, extra arguments, exact (text and ids kept).
const RUNS: &[(&str, &[&str], bool)] = &[
    ("conll", &["--comments"], true),
    ("conll", &["--comments", "--scheme", "bioes"], true),
    ("conll", &[], false),
    ("vlsp", &[], true),
    ("hf", &[], true),
    ("hf", &["--scheme", "bioes"], true),
    ("spacy-json", &[], true),
    ("spacy-simple", &[], true),
    ("doccano", &[], true),
    ("labelstudio", &[], true),
    (
        "labelstudio",
        &["--offsets", "utf16", "--as", "predictions"],
        true,
    ),
    ("brat", &[], true),
];

/// Exports `input` to every format and imports it back; checks text, spans,
/// labels, parents (where the format carries the nested layer) and ids.
/// Returns what it checked.
fn round_trip_all(input: &Path, tag: &str) -> Vec<String> {
    let original = read_jsonl(input);
    assert!(!original.is_empty());
    let dir = temp_dir(tag);
    let input = input.to_str().unwrap();
    let mut checked = Vec::new();
    for (k, (format, extra, exact)) in RUNS.iter().enumerate() {
        let out = dir.join(format!("{k}/out.{format}"));
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let out = out.to_str().unwrap();
        let mut args = vec!["export", "--to", format, input, "-o", out];
        args.extend_from_slice(extra);
        let e = vietag(&args, None);
        assert_eq!(e.status.code(), Some(0), "export {format}: {}", stderr(&e));
        let mut args = vec!["import", "--from", format, out];
        if extra.contains(&"utf16") {
            args.extend_from_slice(&["--offsets", "utf16"]);
        }
        let i = vietag(&args, None);
        assert_eq!(i.status.code(), Some(0), "import {format}: {}", stderr(&i));
        let back = jsonl(&String::from_utf8(i.stdout).unwrap());
        assert_eq!(back.len(), original.len(), "{format}");
        let nesting = ["vlsp", "labelstudio", "brat"].contains(format);
        for (n, a) in original.iter().enumerate() {
            let a = if nesting { a.clone() } else { flat(a) };
            // brat reads documents in file-name order: match by id.
            let b = if *format == "brat" {
                back.iter()
                    .find(|b| b["id"] == a["id"])
                    .unwrap_or_else(|| panic!("brat: no document {}", a["id"]))
            } else {
                &back[n]
            };
            let what = format!("{format} {extra:?} {}", a["id"]);
            if !exact {
                let labels =
                    |r: &Value| -> Vec<String> { spans(r).into_iter().map(|s| s.2).collect() };
                assert_eq!(labels(b), labels(&a), "{what}");
                continue;
            }
            assert_eq!(b["text"], a["text"], "{what}");
            assert_eq!(spans(b), spans(&a), "{what}");
            for (x, y) in b["entities"]
                .as_array()
                .unwrap()
                .iter()
                .zip(a["entities"].as_array().unwrap())
            {
                assert_eq!(x["text"], y["text"], "{what}");
            }
            if *format != "spacy-simple" {
                assert_eq!(b["id"], a["id"], "{what}: ids survive");
            }
        }
        checked.push(format!("{format} {}", extra.join(" ")));
    }
    checked
}

#[test]
fn every_format_round_trips_on_the_fixture() {
    let checked = round_trip_all(&root().join("fixtures/formats/news.jsonl"), "news");
    assert_eq!(checked.len(), RUNS.len());
}

#[test]
fn every_format_round_trips_the_nested_layer() {
    let dir = temp_dir("layer-all");
    let annotated = dir.join("all.jsonl");
    let o = vietag(
        &[
            "annotate",
            "--jsonl",
            "fixtures/formats/news.jsonl",
            "--include-text",
            "--layer",
            "all",
            "-o",
            annotated.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs = read_jsonl(&annotated);
    let nested = recs
        .iter()
        .flat_map(|r| r["entities"].as_array().unwrap())
        .filter(|e| e.get("parent").is_some())
        .count();
    assert!(nested >= 10, "the fixture has nested mentions: {nested}");
    // Lint checks overlaps within the flat layer only.
    let lint = vietag(
        &["lint", "--format", "json", annotated.to_str().unwrap()],
        None,
    );
    assert!(!String::from_utf8_lossy(&lint.stdout).contains("V006"));
    round_trip_all(&annotated, "layer-all-rt");
    // Flat formats say what they leave out, or refuse --layer all.
    let o = vietag(
        &["export", "--to", "conll", annotated.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains(&format!(
        "note: {nested} span(s) of the nested layer (with \"parent\") left out: conll holds one flat layer"
    )));
    let o = vietag(
        &[
            "export",
            "--to",
            "hf",
            "--layer",
            "all",
            annotated.to_str().unwrap(),
            "-o",
            dir.join("x").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use --layer flat"), "{}", stderr(&o));
    let o = vietag(
        &[
            "export",
            "--to",
            "vlsp",
            "--layer",
            "flat",
            annotated.to_str().unwrap(),
        ],
        None,
    );
    assert!(!String::from_utf8_lossy(&o.stdout).contains("</ENAMEX></ENAMEX>"));
}

#[test]
fn conll_is_plain_conll_2003_by_default() {
    let dir = temp_dir("plain");
    let out = dir.join("plain.conll");
    let e = vietag(
        &[
            "export",
            "--to",
            "conll",
            "fixtures/formats/news.jsonl",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(e.status.code(), Some(0));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("# newdoc"));
    assert!(text.starts_with("-DOCSTART- -X- O O\n\nSáng O\n05.01.2022 B-DATE\n"));
    assert_eq!(text.matches("-DOCSTART- -X- O O\n\n").count(), 6);
    let back = jsonl(
        &String::from_utf8(
            vietag(&["import", "--from", "conll", out.to_str().unwrap()], None).stdout,
        )
        .unwrap(),
    );
    let original = read_jsonl(&root().join("fixtures/formats/news.jsonl"));
    assert_eq!(back.len(), original.len());
    // The text is rebuilt from tokens: span texts equal without spaces,
    // and each span is the rebuilt text between its offsets.
    let squash = |r: &Value| -> Vec<(String, String)> {
        r["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let t: String = e["text"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                (t, e["label"].as_str().unwrap().to_string())
            })
            .collect()
    };
    for (n, (a, b)) in original.iter().zip(&back).enumerate() {
        assert_eq!(squash(b), squash(a));
        assert_eq!(b["id"], n + 1);
        let text: Vec<char> = b["text"].as_str().unwrap().chars().collect();
        for e in b["entities"].as_array().unwrap() {
            let (s, t) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text[s..t].iter().collect::<String>(),
                e["text"].as_str().unwrap()
            );
        }
    }
    assert_eq!(
        back[0]["text"],
        "Sáng 05.01.2022, Ban Thường vụ Thành ủy Đồng Xoài tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị số 05 - CT / TW.\nPGS. TS. Trần Quốc Bảo, Giám đốc Sở Nội vụ tỉnh Bình Phước, phát biểu chỉ đạo.\nToàn thành phố có hơn 4.100 đảng viên sinh hoạt tại 58 chi bộ."
    );
}

#[test]
fn standard_input_and_output() {
    let input = std::fs::read("fixtures/formats/news.jsonl").unwrap();
    let e = vietag(&["export", "--to", "doccano", "-"], Some(&input));
    assert_eq!(e.status.code(), Some(0));
    let i = vietag(
        &["import", "--from", "doccano", "-", "-o", "-"],
        Some(&e.stdout),
    );
    assert_eq!(i.status.code(), Some(0));
    let back = jsonl(&String::from_utf8(i.stdout).unwrap());
    assert_eq!(back.len(), 6);
    assert_eq!(back[1]["entities"][0]["text"], "14/8");
    let brat = vietag(&["export", "--to", "brat", "-"], Some(&input));
    assert_eq!(brat.status.code(), Some(2), "brat needs -o DIR");
}

#[test]
fn bad_records_are_named_and_the_others_exported() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"Ở Huế\", \"entities\": [{\"start\": 2, \"end\": 5, \"label\": \"LOC\"}]}\n",
        "{\"id\": \"b\", \"text\": \n",
        "\n",
        "{\"id\": \"c\", \"text\": \"Huế\", \"entities\": [{\"start\": 0, \"end\": 99, \"label\": \"LOC\"}]}\n",
        "{\"id\": \"d\", \"entities\": []}\n",
        "{\"id\": \"e\", \"text\": \"Sở Y tế Huế\", \"entities\": [{\"start\": 0, \"end\": 11, \"label\": \"ORG\"}, {\"start\": 8, \"end\": 11, \"label\": \"LOC\"}]}\n",
        "{\"id\": \"f\", \"text\": \"Về Huế\", \"entities\": [{\"start\": 3, \"end\": 5, \"label\": \"LOC\"}]}\n",
    );
    let o = vietag(&["export", "--to", "conll", "-"], Some(input.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for want in [
        "<stdin>:2: not a valid JSON object",
        "<stdin>:4: id \"c\": entity 0 (LOC 0..99) is out of range for a text of 3 code points; the linter reports such spans\n",
        "<stdin>:5: id \"d\": no \"text\" field; annotate with the text included, or use a gold file\n",
        "<stdin>:6: id \"e\": entities 0 (ORG 0..11) and 1 (LOC 8..11) overlap",
        "<stdin>:7: id \"f\": warning: entity 0 (LOC 3..5) does not start and end on syllables",
        // c and e were read but not written; the CLI, not the library,
        // names the command that tells why.
        "note: 2 document(s) read but not written: vietag lint reports what is wrong with their spans, and vietag lint --fix repairs what it can",
        "2 document(s) written as conll, 1 span(s) widened, 4 failed",
    ] {
        assert!(err.contains(want), "{want}\n---\n{err}");
    }
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.matches("-DOCSTART- -X- O O").count(), 2, "a and f");
    assert!(
        out.ends_with("Về O\nHuế B-LOC\n\n"),
        "widened to the whole syllable"
    );
    // Overlaps are fine where the format allows them.
    let o = vietag(&["export", "--to", "doccano", "-"], Some(input.as_bytes()));
    assert!(stderr(&o).contains("3 document(s) written as doccano, 3 failed"));
}

#[test]
fn import_errors_become_error_records() {
    let tasks = r#"[{"data": {"text": "Ở Huế", "id": "a"}, "predictions": [{"result": [{"type": "labels", "value": {"start": 2, "end": 5, "labels": ["LOC"]}}]}]},
        {"data": {"a": "x", "b": "y"}},
        {"data": {"text": "Huế", "id": "c"}, "annotations": [{"result": [{"type": "labels", "value": {"start": "x", "end": 3, "labels": ["LOC"]}}]}]}]"#;
    let o = vietag(
        &["import", "--from", "labelstudio", "-"],
        Some(tasks.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    let recs = jsonl(&String::from_utf8(o.stdout.clone()).unwrap());
    assert_eq!(recs.len(), 3, "every task gets an answer");
    assert_eq!(recs[0]["entities"][0]["text"], "Huế");
    assert_eq!(recs[1]["error"]["kind"], "invalid_input");
    assert_eq!(
        recs[1]["error"]["message"],
        "<stdin>:2: id 2: data has several text fields (a, b) and none is \"text\""
    );
    assert_eq!(recs[2]["id"], "c");
    assert!(stderr(&o)
        .contains("<stdin>:3: id \"c\": region 0: offset \"x\" is not a character offset"));
    let conll = vietag(
        &["import", "--from", "conll", "-"],
        Some("Huế\tB-LOC\nnắng\tO\n\nMưa\tX-LOC\n".as_bytes()),
    );
    assert!(stderr(&conll).contains("<stdin>:4: id 2: tag \"X-LOC\" is not O"));
}

/// A finding as (line, id, code, start, end).
type Row = (u64, Value, String, u64, u64);

/// The exit status and every finding of `lint --format json`.
fn lint_json(args: &[&str]) -> (Option<i32>, Vec<Row>) {
    let mut all = vec!["lint", "--format", "json"];
    all.extend_from_slice(args);
    let o = vietag(&all, None);
    let found = jsonl(&String::from_utf8(o.stdout).unwrap())
        .into_iter()
        .map(|f| {
            for key in ["id", "code", "severity", "message", "start", "end"] {
                assert!(f.get(key).is_some(), "{key} in {f}");
            }
            (
                f["line"].as_u64().unwrap(),
                f["id"].clone(),
                f["code"].as_str().unwrap().to_string(),
                f["start"].as_u64().unwrap(),
                f["end"].as_u64().unwrap(),
            )
        })
        .collect();
    (o.status.code(), found)
}

fn expect(rows: &[(u64, &str, &str, u64, u64)]) -> Vec<Row> {
    rows.iter()
        .map(|&(l, id, c, s, e)| {
            let id = match id {
                "" => Value::Null,
                _ => match id.parse::<u64>() {
                    Ok(n) => Value::from(n),
                    Err(_) => Value::from(id),
                },
            };
            (l, id, c.to_string(), s, e)
        })
        .collect()
}

/// The findings every offset format shares (spaCy, doccano, Label Studio, brat).
const SPAN_DEFECTS: &[(&str, &str, u64, u64)] = &[
    ("v001", "V001", 17, 21),
    ("v003", "V003", 8, 19),
    ("v004", "V004", 8, 23),
    ("v005", "V005", 9, 25),
    ("v006", "V006", 8, 18),
    ("v007", "V007", 0, 19),
    ("v008", "V008", 2, 5),
    ("v010", "V010", 33, 43),
    ("v011", "V011", 31, 42),
    ("v013", "V013", 10, 32),
    ("v014", "V014", 17, 32),
];

#[test]
fn lint_finds_every_planted_defect_in_jsonl() {
    let (code, found) = lint_json(&["fixtures/lint/defects.jsonl"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        expect(&[
            (1, "", "V000", 0, 0),
            (2, "v001", "V001", 17, 21),
            (3, "v002", "V002", 4, 17),
            (4, "v003", "V003", 8, 19),
            (5, "v004", "V004", 8, 23),
            (6, "v005", "V005", 9, 25),
            (7, "v006", "V006", 8, 18),
            (8, "v007", "V007", 0, 19),
            (9, "v008", "V008", 2, 5),
            (10, "v009", "V008", 0, 2),
            (10, "v009", "V009", 5, 18),
            (11, "v010", "V010", 33, 43),
            (12, "v011", "V011", 31, 42),
            (13, "v013", "V013", 10, 32),
            (14, "v014", "V014", 17, 32),
            // The record's own finding, recomputed: reported once, as V017.
            (15, "v015", "V017", 3, 28),
            (16, "v000-error-record", "V000", 0, 0),
        ])
    );
}

#[test]
fn lint_recomputes_the_numeric_claims_of_the_spans_it_is_given() {
    // Spans as any system might write them: most without attrs, none with
    // a `findings` array but one.
    let o = vietag(
        &["lint", "--format", "json", "fixtures/lint/claims.jsonl"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let rows: Vec<(String, String, String, String)> = jsonl(&String::from_utf8_lossy(&o.stdout))
        .into_iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("id"), s("code"), s("severity"), s("rule"))
        })
        .collect();
    let want = [
        ("q017", "V017", "error", "percent_ratio_mismatch"),
        ("q018", "V018", "error", "percent_part_total_mismatch"),
        ("q019", "V019", "error", "parts_exceed_total"),
        ("q020", "V020", "error", "share_over_100"),
        ("q021", "V021", "warning", "percent_count_inexact"),
        // A record finding lint does not find itself stays as given.
        ("q015", "V015", "warning", "share_over_100"),
        // attrs.total makes "12 thôn" a ratio 12/15, which 85% is not.
        ("q-attrs", "V017", "error", "percent_ratio_mismatch"),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(rows, want);
    assert!(
        stderr(&o).contains("5 error(s), 2 warning(s), 0 info in 8 document(s)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn lint_finds_every_planted_defect_in_spacy_doccano_labelstudio() {
    // spaCy: no ids (the item number is the id), no span text; one item
    // a line from line 2.
    let (_, found) = lint_json(&["--from", "spacy-simple", "fixtures/lint/defects.spacy.json"]);
    let rows: Vec<(u64, String, &str, u64, u64)> = SPAN_DEFECTS
        .iter()
        .enumerate()
        .map(|(k, &(_, c, s, e))| (k as u64 + 2, (k + 1).to_string(), c, s, e))
        .collect();
    let rows: Vec<(u64, &str, &str, u64, u64)> = rows
        .iter()
        .map(|(l, i, c, s, e)| (*l, i.as_str(), *c, *s, *e))
        .collect();
    assert_eq!(found, expect(&rows));

    let (_, found) = lint_json(&["--from", "doccano", "fixtures/lint/defects.doccano.jsonl"]);
    let mut rows = vec![(1, "", "V000", 0, 0)];
    rows.extend(
        SPAN_DEFECTS
            .iter()
            .enumerate()
            .map(|(k, &(id, c, s, e))| (k as u64 + 2, id, c, s, e)),
    );
    assert_eq!(found, expect(&rows));

    // Label Studio regions carry their text: also V002 and V009; one task
    // a line from line 2.
    let (_, found) = lint_json(&[
        "--from",
        "labelstudio",
        "fixtures/lint/defects.labelstudio.json",
    ]);
    let lines = [2, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14];
    let mut rows: Vec<(u64, &str, &str, u64, u64)> = SPAN_DEFECTS
        .iter()
        .zip(lines)
        .map(|(&(id, c, s, e), l)| (l, id, c, s, e))
        .collect();
    rows.insert(1, (3, "v002", "V002", 4, 17));
    rows.insert(8, (10, "v009", "V008", 0, 2));
    rows.insert(9, (10, "v009", "V009", 5, 18));
    assert_eq!(found, expect(&rows));
}

#[test]
fn lint_finds_every_planted_defect_in_brat() {
    let o = vietag(
        &[
            "lint",
            "--from",
            "brat",
            "--format",
            "json",
            "fixtures/lint/brat",
        ],
        None,
    );
    let found: Vec<(String, u64, String)> = jsonl(&String::from_utf8(o.stdout).unwrap())
        .into_iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let ann = |n: &str| format!("fixtures/lint/brat/{n}.ann");
    let want: Vec<(String, u64, String)> = [
        ("v001", 1, "V001"),
        ("v002", 1, "V002"),
        ("v003", 1, "V003"),
        ("v004", 1, "V004"),
        ("v005", 1, "V005"),
        ("v006", 2, "V006"),
        ("v007", 1, "V007"),
        ("v008", 0, "V008"),
        ("v009", 0, "V008"),
        ("v009", 1, "V009"),
        ("v010", 3, "V010"),
        ("v011", 2, "V011"),
        ("v013", 1, "V013"),
        ("v014", 1, "V014"),
        ("v016", 1, "V016"),
    ]
    .iter()
    .map(|&(n, l, c)| (ann(n), l, c.to_string()))
    .collect();
    assert_eq!(found, want);
}

#[test]
fn lint_finds_every_planted_defect_in_conll_and_vlsp() {
    let (code, found) = lint_json(&["--from", "conll", "fixtures/lint/defects.conll"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        expect(&[
            (5, "v005", "V005", 9, 25),
            (18, "v007", "V007", 0, 19),
            (29, "v008", "V008", 2, 5),
            (50, "v010", "V010", 33, 43),
            (65, "v011", "V011", 31, 42),
            (76, "v013", "V013", 10, 32),
            (96, "v014", "V014", 17, 32),
            (125, "v012", "V012", 3, 7),
            (132, "v012", "V012", 32, 35),
            (138, "v000", "V000", 0, 0),
        ])
    );
    // VLSP inline tags can cut syllables and hold spaces; they cannot say
    // an offset out of range, a span text, an overlap or a BIO sequence.
    let (_, found) = lint_json(&["--from", "vlsp", "fixtures/lint/defects.vlsp"]);
    assert_eq!(
        found,
        expect(&[
            (2, "v003", "V003", 8, 19),
            (5, "v004", "V004", 8, 23),
            (8, "v005", "V005", 9, 25),
            (11, "v007", "V007", 0, 19),
            (13, "v008", "V008", 2, 5),
            (17, "v010", "V010", 33, 43),
            (20, "v011", "V011", 31, 42),
            (23, "v013", "V013", 10, 32),
            (26, "v014", "V014", 17, 32),
            (29, "v000", "V000", 0, 0),
        ])
    );
}

#[test]
fn lint_text_output_is_compiler_like() {
    let o = vietag(&["lint", "fixtures/lint/defects.jsonl"], None);
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    let want = "error[V003]: cuts-syllable: LOC \"xã Tân Thàn\" ends inside \"Thành\"\n \
                --> fixtures/lint/defects.jsonl:4 (id \"v003\", 8..19)\n  |\n  \
                | Đoàn về xã Tân Thành hôm qua.\n  |         ^^^^^^^^^^^\n  \
                = fix: 8..20 \"xã Tân Thành\"\n";
    assert!(out.contains(want), "{out}");
    assert!(out.contains(
        "error[V000]: unreadable: not a valid JSON object: EOF while parsing an object at line 1 column 46\n --> fixtures/lint/defects.jsonl:1 (0..0)\n"
    ));
    assert!(
        stderr(&o).contains("12 error(s), 5 warning(s), 0 info in 17 document(s) (2 unreadable)")
    );
}

#[test]
fn deny_levels_labels_and_schema() {
    // news.jsonl: one warning (its NFD document).
    let news = "fixtures/formats/news.jsonl";
    assert_eq!(vietag(&["lint", news], None).status.code(), Some(0));
    assert_eq!(
        vietag(&["lint", "--deny", "warning", news], None)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        vietag(&["lint", "--deny", "info", news], None)
            .status
            .code(),
        Some(1)
    );
    let (code, found) = lint_json(&["--labels", "PER,LOC,DATE,ORG,TITLE", news]);
    assert_eq!(code, Some(1));
    let unknown = found.iter().filter(|f| f.2 == "V007").count();
    assert_eq!(
        unknown, 11,
        "4 QUANTITY, 4 DOCREF, 2 PERCENT, 1 MONEY: {found:?}"
    );
    let (code, _) = lint_json(&["--schema", "fixtures/lint/brat/annotation.conf", news]);
    assert_eq!(code, Some(0));
    let bad = vietag(&["lint", "--deny", "fatal", news], None);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn fix_writes_a_corrected_copy_and_never_in_place_unless_asked() {
    let dir = temp_dir("fix");
    let input = dir.join("defects.jsonl");
    std::fs::copy("fixtures/lint/defects.jsonl", &input).unwrap();
    let before = std::fs::read_to_string(&input).unwrap();
    let o = vietag(&["lint", "--fix", input.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "unfixable errors remain");
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        before,
        "input untouched"
    );
    let fixed = dir.join("defects.fixed.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(&fixed)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let orig: Vec<&str> = before.lines().collect();
    assert_eq!(lines.len(), orig.len(), "every record is kept");
    let changed: Vec<usize> = (0..orig.len()).filter(|&i| lines[i] != orig[i]).collect();
    assert_eq!(changed, [3, 4, 5], "only the fixable records change");
    let rec = |i: usize| serde_json::from_str::<Value>(&lines[i]).unwrap();
    assert_eq!(rec(3)["entities"][0]["text"], "xã Tân Thành");
    assert_eq!(rec(4)["entities"][0]["text"], "huyện Hớn Quản");
    assert_eq!(rec(5)["entities"][0]["text"], "tỉnh Bình Phước");
    assert!(String::from_utf8_lossy(&o.stdout).contains("  = fixed: 8..20 \"xã Tân Thành\""));
    let (_, again) = lint_json(&[fixed.to_str().unwrap()]);
    assert!(!again
        .iter()
        .any(|f| ["V003", "V004", "V005"].contains(&f.2.as_str())));

    // -o, then --in-place.
    let out = dir.join("other.jsonl");
    vietag(
        &[
            "lint",
            "--fix",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        lines.join("\n") + "\n"
    );
    vietag(
        &["lint", "--fix", "--in-place", input.to_str().unwrap()],
        None,
    );
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        lines.join("\n") + "\n"
    );
    assert_eq!(
        vietag(&["lint", "--in-place", input.to_str().unwrap()], None)
            .status
            .code(),
        Some(2),
        "--in-place needs --fix"
    );

    // Other formats get a corrected copy in their own format.
    let o = vietag(
        &[
            "lint",
            "--from",
            "brat",
            "--fix",
            "-o",
            dir.join("brat").to_str().unwrap(),
            "fixtures/lint/brat",
        ],
        None,
    );
    assert!(
        stderr(&o).contains("fixed 3 span(s) in 3 document(s)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("brat/v004.ann")).unwrap(),
        "T1\tLOC 9 23\thuyện Hớn Quản\n"
    );
    let spacy_out = dir.join("s.json");
    vietag(
        &[
            "lint",
            "--from",
            "spacy-simple",
            "--fix",
            "-o",
            spacy_out.to_str().unwrap(),
            "fixtures/lint/defects.spacy.json",
        ],
        None,
    );
    let (_, again) = lint_json(&["--from", "spacy-simple", spacy_out.to_str().unwrap()]);
    assert_eq!(again.len(), SPAN_DEFECTS.len() - 3);
    let refused = vietag(
        &[
            "lint",
            "--from",
            "conll",
            "--fix",
            "fixtures/lint/defects.conll",
        ],
        None,
    );
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn brat_ids_survive_collisions_and_long_names() {
    let dir = temp_dir("brat-ids");
    let long = "ệ".repeat(100);
    let input = format!(
        "{}\n{}\n{}\n{}\n",
        serde_json::json!({"id": "a/b", "text": "Văn bản một.", "entities": []}),
        serde_json::json!({"id": "a_b", "text": "Văn bản hai ở Huế.", "entities": [{"start": 14, "end": 17, "label": "LOC"}]}),
        serde_json::json!({"id": long, "text": "Ba.", "entities": []}),
        serde_json::json!({"id": 7, "text": "Bốn.", "entities": []}),
    );
    let out = dir.join("b");
    let e = vietag(
        &["export", "--to", "brat", "-", "-o", out.to_str().unwrap()],
        Some(input.as_bytes()),
    );
    assert_eq!(e.status.code(), Some(0), "{}", stderr(&e));
    let i = vietag(&["import", "--from", "brat", out.to_str().unwrap()], None);
    assert_eq!(i.status.code(), Some(0), "{}", stderr(&i));
    let back = jsonl(&String::from_utf8(i.stdout).unwrap());
    let find = |id: Value| back.iter().find(|r| r["id"] == id).expect("every id back");
    assert_eq!(find("a/b".into())["text"], "Văn bản một.");
    assert_eq!(find("a_b".into())["text"], "Văn bản hai ở Huế.");
    assert_eq!(find(long.clone().into())["text"], "Ba.");
    assert_eq!(find(7.into())["text"], "Bốn.");
    let ids = std::fs::read_to_string(out.join("ids.jsonl")).unwrap();
    assert!(ids.contains(r#"{"file":"a_b","id":"a/b"}"#), "{ids}");
    assert!(ids.contains(r#"{"file":"a_b-2","id":"a_b"}"#), "{ids}");
    // Every label of the guide is declared, with the Nested attribute.
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    for l in [
        "PER", "TITLE", "ORG", "LOC", "DOCREF", "DATE", "PERCENT", "MONEY", "QUANTITY",
    ] {
        assert!(conf.lines().any(|x| x == l), "{l} in {conf}");
    }
    assert!(conf.contains("Nested\tArg:<ENTITY>"));
    assert!(std::fs::read_to_string(out.join("visual.conf"))
        .unwrap()
        .contains("LOC\tbgColor:"));
}

#[test]
fn tools_get_their_label_files() {
    let dir = temp_dir("label-files");
    let news = "fixtures/formats/news.jsonl";
    let ls = dir.join("ls/tasks.json");
    std::fs::create_dir_all(ls.parent().unwrap()).unwrap();
    let o = vietag(
        &[
            "export",
            "--to",
            "labelstudio",
            news,
            "-o",
            ls.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let config = std::fs::read_to_string(dir.join("ls/config.xml")).unwrap();
    assert!(
        config.contains(r##"<Label value="DOCREF" background="#dddddd"/>"##),
        "{config}"
    );
    assert_eq!(config.matches("<Label ").count(), 9);
    let tasks: Value = serde_json::from_str(&std::fs::read_to_string(&ls).unwrap()).unwrap();
    assert!(
        tasks[0]["annotations"][0]["result"].is_array(),
        "gold goes in as annotations"
    );
    let o = vietag(
        &[
            "export",
            "--to",
            "labelstudio",
            "--as",
            "predictions",
            news,
            "-o",
            ls.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let tasks: Value = serde_json::from_str(&std::fs::read_to_string(&ls).unwrap()).unwrap();
    assert_eq!(tasks[0]["predictions"][0]["model_version"], "vietag");

    let dc = dir.join("dc/data.jsonl");
    std::fs::create_dir_all(dc.parent().unwrap()).unwrap();
    vietag(
        &[
            "export",
            "--to",
            "doccano",
            news,
            "-o",
            dc.to_str().unwrap(),
        ],
        None,
    );
    let labels: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("dc/label_config.json")).unwrap())
            .unwrap();
    let names: Vec<&str> = labels
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["PER", "TITLE", "ORG", "LOC", "DOCREF", "DATE", "PERCENT", "MONEY", "QUANTITY"]
    );
    assert_eq!(labels[3]["suffix_key"], "l");

    let hf = dir.join("hf/train.jsonl");
    std::fs::create_dir_all(hf.parent().unwrap()).unwrap();
    let o = vietag(
        &[
            "export",
            "--to",
            "hf",
            "--labels",
            "PER,LOC,ORG",
            news,
            "-o",
            hf.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("hf/labels.json")).unwrap())
            .unwrap();
    assert_eq!(
        names,
        ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
    );
    let rows = read_jsonl(&hf);
    assert!(rows.iter().all(|r| r["ner_tags"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t.as_u64().unwrap() < 7)));
    // Without -o there is nowhere to put labels.json.
    assert_eq!(
        vietag(&["export", "--to", "hf", news], None).status.code(),
        Some(2)
    );
}

#[test]
fn vlsp_labels_outside_per_loc_org() {
    let news = "fixtures/formats/news.jsonl";
    let o = vietag(&["export", "--to", "vlsp", news], None);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("<DOC id=\"tin-01\">\n"));
    assert!(out.contains(r#"<ENAMEX TYPE="MISCELLANEOUS" VIETAG="DATE">05.01.2022</ENAMEX>"#));
    assert!(
        out.contains(r#"<ENAMEX TYPE="ORGANIZATION">Ban Thường vụ Thành ủy Đồng Xoài</ENAMEX>"#)
    );
    let o = vietag(
        &["export", "--to", "vlsp", "--labels", "PER,LOC,ORG", news],
        None,
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.contains("MISCELLANEOUS"));
    assert!(out.contains(r#"<ENAMEX TYPE="PERSON">Trần Quốc Bảo</ENAMEX>"#));
}

/// Runs `import --from FORMAT -` on `input` (with `extra` arguments).
fn import(format: &str, input: &str, extra: &[&str]) -> (Option<i32>, Vec<Value>, String) {
    let mut args = vec!["import", "--from", format, "-"];
    args.extend_from_slice(extra);
    let o = vietag(&args, Some(input.as_bytes()));
    (
        o.status.code(),
        jsonl(&String::from_utf8(o.stdout.clone()).unwrap()),
        stderr(&o),
    )
}

#[test]
fn importers_reject_impossible_spans_with_file_and_line() {
    let spacy = "[\n[\"Về Huế.\", {\"entities\": [[3, 6, \"LOC\"]]}],\n[\"Huế\", {\"entities\": [[0, 99, \"LOC\"]]}],\n[\"Ông Hà\", {\"entities\": [\n[2, 1, \"PER\"]]}]\n]";
    let (code, recs, err) = import("spacy-simple", spacy, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(recs.len(), 3, "every item gets an answer");
    assert_eq!(recs[0]["entities"][0]["text"], "Huế");
    assert!(err.contains("<stdin>:3: id 2: entity 0: LOC span 0..99 ends at 99, past the end of the text (3 code points)"), "{err}");
    assert!(
        err.contains("<stdin>:5: id 3: entity 0: PER span 2..1 starts at 2 after its end 1"),
        "{err}"
    );
    assert_eq!(recs[1]["error"]["kind"], "invalid_input");

    let doccano = "{\"id\": \"x\", \"text\": \"Huế\", \"label\": [[3, 99, \"X\"]]}\n";
    let (code, recs, err) = import("doccano", doccano, &[]);
    assert_eq!(code, Some(1));
    assert!(
        recs[0].get("error").is_some(),
        "no record with an empty text: {recs:?}"
    );
    assert!(err.contains("<stdin>:1: id \"x\": entity 0: "), "{err}");
    assert!(err.contains("unknown label \"X\""), "{err}");
    // --lenient keeps the document and drops the span, with a warning.
    let (code, recs, err) = import("doccano", doccano, &["--lenient", "--labels", "X"]);
    assert_eq!(code, Some(0));
    assert_eq!(recs[0]["text"], "Huế");
    assert_eq!(recs[0]["entities"], serde_json::json!([]));
    assert!(
        err.contains("past the end of the text (3 code points): warning: span dropped"),
        "{err}"
    );
    assert!(err.contains("1 span(s) dropped"), "{err}");

    let ls = "[{\"data\": {\"text\": \"Huế\", \"id\": \"t\"}, \"annotations\": [{\"result\": [\n{\"value\": {\"start\": 0, \"end\": 3, \"labels\": \"LOC\"}}]}]},\n{\"data\": {\"text\": \"Huế\"}, \"annotations\": [{\"result\": \"none\"}]}]";
    let (_, recs, err) = import("labelstudio", ls, &[]);
    assert_eq!(recs.len(), 2);
    assert!(
        err.contains("<stdin>:2: id \"t\": region 0: \"labels\" is \"LOC\", not a list of strings"),
        "{err}"
    );
    assert!(
        err.contains("<stdin>:3: id 2: annotations[0].result is a string, not an array"),
        "{err}"
    );
}

#[test]
fn brat_offsets_that_do_not_match_the_text_name_the_ann_file() {
    let dir = temp_dir("brat-bad");
    std::fs::write(dir.join("d1.txt"), "Về Huế hôm nay.").unwrap();
    std::fs::write(dir.join("d1.ann"), "T1\tLOC 3 6\tHuế\nT2\tLOC 7 10\tHuế\n").unwrap();
    let o = vietag(&["import", "--from", "brat", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let want = format!(
        "{}:2: id \"d1\": entity 1: LOC text is \"Huế\" but the document has \"hôm\" at 7..10",
        dir.join("d1.ann").display()
    );
    assert!(stderr(&o).contains(&want), "{}", stderr(&o));
}
