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

fn spans(r: &Value) -> Vec<(u64, u64, String)> {
    r["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| {
            (
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
                e["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Exports `input` to every format and imports it back; checks text, spans,
/// labels and (where the format keeps them) ids. Returns what it checked.
fn round_trip_all(input: &Path, tag: &str) -> Vec<String> {
    let original = read_jsonl(input);
    assert!(!original.is_empty());
    let dir = temp_dir(tag);
    let input = input.to_str().unwrap();
    let mut checked = Vec::new();
    let runs: &[(&str, &[&str])] = &[
        ("conll", &[]),
        ("conll", &["--scheme", "bioes"]),
        ("vlsp", &[]),
        ("vlsp", &["--scheme", "bioes"]),
        ("spacy", &[]),
        ("doccano", &[]),
        ("labelstudio", &[]),
        ("labelstudio", &["--offsets", "utf16"]),
        ("brat", &[]),
    ];
    for (k, (format, extra)) in runs.iter().enumerate() {
        let out = dir.join(format!("{k}.{format}"));
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
        for (n, a) in original.iter().enumerate() {
            // brat reads documents in file-name order: match by id.
            let b = if *format == "brat" {
                back.iter()
                    .find(|b| b["id"] == a["id"])
                    .unwrap_or_else(|| panic!("brat: no document {}", a["id"]))
            } else {
                &back[n]
            };
            assert_eq!(b["text"], a["text"], "{format} {extra:?} {}", a["id"]);
            assert_eq!(spans(b), spans(a), "{format} {extra:?} {}", a["id"]);
            for (x, y) in b["entities"]
                .as_array()
                .unwrap()
                .iter()
                .zip(a["entities"].as_array().unwrap())
            {
                assert_eq!(x["text"], y["text"], "{format}");
            }
            if *format != "spacy" {
                assert_eq!(b["id"], a["id"], "{format}: ids survive");
            }
        }
        checked.push(format!("{format} {}", extra.join(" ")));
    }
    checked
}

#[test]
fn every_format_round_trips_on_the_fixture() {
    let checked = round_trip_all(&root().join("fixtures/formats/news.jsonl"), "news");
    assert_eq!(checked.len(), 9);
}

#[test]
fn conll_without_comments_keeps_span_texts() {
    let dir = temp_dir("plain");
    let out = dir.join("plain.conll");
    let e = vietag(
        &[
            "export",
            "--to",
            "conll",
            "--no-comments",
            "fixtures/formats/news.jsonl",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(e.status.code(), Some(0));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("# newdoc") && text.contains("-DOCSTART-\tO\n"));
    let back = jsonl(
        &String::from_utf8(
            vietag(&["import", "--from", "conll", out.to_str().unwrap()], None).stdout,
        )
        .unwrap(),
    );
    let original = read_jsonl(&root().join("fixtures/formats/news.jsonl"));
    assert_eq!(back.len(), original.len());
    // The text is rebuilt from tokens: compare span texts without spaces.
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
    for (a, b) in original.iter().zip(&back) {
        assert_eq!(squash(b), squash(a));
    }
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
        "<stdin>:4: id \"c\": entity 0 (LOC 0..99) is out of range for a text of 3 code points",
        "<stdin>:5: id \"d\": no \"text\" field",
        "<stdin>:6: id \"e\": entities 0 (ORG 0..11) and 1 (LOC 8..11) overlap",
        "<stdin>:7: id \"f\": warning: entity 0 (LOC 3..5) does not start and end on syllables",
        "2 document(s) written as conll, 1 span(s) widened, 4 failed",
    ] {
        assert!(err.contains(want), "{want}\n---\n{err}");
    }
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("# newdoc id = \"a\"") && out.contains("# newdoc id = \"f\""));
    assert!(out.contains("Huế\tB-LOC"), "widened to the whole syllable");
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
        "<stdin>: record 2 (id 2): data has several text fields (a, b) and none is \"text\""
    );
    assert_eq!(recs[2]["id"], "c");
    assert!(stderr(&o).contains("region 0: start/end are \"x\"/3"));
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
    // spaCy: no ids (the item number is the id), no span text.
    let (_, found) = lint_json(&["--from", "spacy", "fixtures/lint/defects.spacy.json"]);
    let rows: Vec<(u64, String, &str, u64, u64)> = SPAN_DEFECTS
        .iter()
        .enumerate()
        .map(|(k, &(_, c, s, e))| (0, (k + 1).to_string(), c, s, e))
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

    // Label Studio regions carry their text: also V002 and V009.
    let (_, found) = lint_json(&[
        "--from",
        "labelstudio",
        "fixtures/lint/defects.labelstudio.json",
    ]);
    let mut rows: Vec<(u64, &str, &str, u64, u64)> = SPAN_DEFECTS
        .iter()
        .map(|&(id, c, s, e)| (0, id, c, s, e))
        .collect();
    rows.insert(1, (0, "v002", "V002", 4, 17));
    rows.insert(8, (0, "v009", "V008", 0, 2));
    rows.insert(9, (0, "v009", "V009", 5, 18));
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
    let (_, found) = lint_json(&["--from", "vlsp", "fixtures/lint/defects.vlsp"]);
    assert_eq!(
        found,
        expect(&[
            (5, "v005", "V005", 9, 25),
            (13, "v007", "V007", 0, 19),
            (20, "v008", "V008", 2, 5),
            (38, "v010", "V010", 33, 43),
            (50, "v011", "V011", 31, 42),
            (59, "v013", "V013", 10, 32),
            (70, "v014", "V014", 17, 32),
            (93, "v012", "V012", 3, 15),
            (102, "v000", "V000", 0, 0),
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
            "spacy",
            "--fix",
            "-o",
            spacy_out.to_str().unwrap(),
            "fixtures/lint/defects.spacy.json",
        ],
        None,
    );
    let (_, again) = lint_json(&["--from", "spacy", spacy_out.to_str().unwrap()]);
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
