//! Runs the `vietag` binary on the fixtures, as a user would.
//!
//! Golden files: `fixtures/expected/<name>.jsonl` hold the exact output of
//! `vietag annotate fixtures/news/<name>.txt`. When a change to a tagger or
//! lexicon changes them on purpose, regenerate with
//! `UPDATE_GOLDEN=1 cargo test --test cli` and review the diff before
//! committing it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

mod common;
use common::{root, vietag};

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

/// Checks that every entity's text is the code-point slice it claims.
fn assert_offsets_hold(text: &str, record: &Value) {
    let chars: Vec<char> = text.chars().collect();
    for e in record["entities"].as_array().expect("entities") {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert!(s < t && t <= chars.len(), "span {s}..{t} out of range");
        let slice: String = chars[s..t].iter().collect();
        assert_eq!(slice, e["text"].as_str().unwrap(), "span {s}..{t}");
    }
}

const GOLDEN: [&str; 3] = ["dang-bo-xa", "hoi-nghi-tinh-uy", "bom-crlf"];

#[test]
fn fixtures_match_golden_output() {
    for name in GOLDEN {
        let input = format!("fixtures/news/{name}.txt");
        let out = vietag(&["annotate", &input], None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let golden = root().join(format!("fixtures/expected/{name}.jsonl"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, &out.stdout).expect("write golden file");
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run UPDATE_GOLDEN=1 cargo test --test cli",
                golden.display()
            )
        });
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "{name} differs from its golden file"
        );
    }
}

#[test]
fn bom_is_removed_and_crlf_kept() {
    let out = vietag(
        &["annotate", "--include-text", "fixtures/news/bom-crlf.txt"],
        None,
    );
    let rec = &records(&out)[0];
    let text = rec["text"].as_str().unwrap();
    assert!(text.starts_with("Ban Bí thư"), "BOM removed");
    assert!(text.contains("\r\n"), "CRLF kept");
    assert_offsets_hold(text, rec);
    let labels: Vec<&str> = rec["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"Ban Bí thư") && labels.contains(&"Lào"),
        "{labels:?}"
    );
}

#[test]
fn a_directory_gives_one_record_per_file_and_bad_utf8_is_an_error_record() {
    let out = vietag(&["annotate", "fixtures/news"], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed document makes exit code 1"
    );
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "fixtures/news/bom-crlf.txt",
            "fixtures/news/dang-bo-xa.txt",
            "fixtures/news/hoi-nghi-tinh-uy.txt",
            "fixtures/news/invalid-utf8.txt",
            "fixtures/news/khong-dau.txt",
        ]
    );
    let bad = &recs[3];
    assert_eq!(bad["error"]["kind"], "invalid_utf8");
    assert!(bad["error"]["message"]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8 at byte 61"));
    assert!(bad.get("entities").is_none());
    assert!(
        recs[4]["entities"].is_array(),
        "the document after the bad one is annotated"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 5 document(s) failed"));
}

#[test]
fn lossy_mode_annotates_invalid_utf8() {
    let out = vietag(
        &[
            "annotate",
            "--lossy",
            "--include-text",
            "fixtures/news/invalid-utf8.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let rec = &records(&out)[0];
    assert!(rec["text"].as_str().unwrap().contains('\u{FFFD}'));
}

#[test]
fn jsonl_records_errors_and_defaults() {
    let out = vietag(&["annotate", "--jsonl", "fixtures/jsonl/mixed.jsonl"], None);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    assert_eq!(
        recs.len(),
        6,
        "blank lines are skipped, every other line gives a record"
    );
    assert_eq!(recs[0]["id"], "a-1");
    assert_eq!(recs[1]["id"], "a-2");
    assert_eq!(recs[2]["id"], 3);
    assert_eq!(recs[2]["error"]["kind"], "invalid_json");
    assert!(recs[2]["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("line 3:"));
    assert_eq!(recs[3]["id"], 4, "a record without id gets its line number");
    assert!(recs[3]["entities"].is_array());
    assert_eq!(recs[4]["id"], 5);
    assert_eq!(recs[4]["error"]["kind"], "missing_text");
    assert_eq!(recs[5]["id"], "a-6");
    let texts: Vec<&str> = recs[5]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Ngân hàng Thế giới",
            "Bộ Tài chính",
            "Ngân hàng Nhà nước Việt Nam"
        ]
    );
}

#[test]
fn renamed_fields_and_stdin() {
    let input = "{\"doc\": \"x\", \"body\": \"Chính phủ họp với Quốc hội.\"}\n";
    let out = vietag(
        &[
            "annotate",
            "--jsonl",
            "--id-field",
            "doc",
            "--text-field",
            "body",
            "-",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out);
    assert_eq!(recs[0]["id"], "x");
    assert_eq!(recs[0]["entities"].as_array().unwrap().len(), 2);

    let plain = vietag(
        &["annotate", "-"],
        Some("Thủ đô Viêng Chăn của Lào".as_bytes()),
    );
    let recs = records(&plain);
    assert_eq!(recs[0]["id"], "-");
    assert_eq!(recs[0]["entities"][0]["text"], "Viêng Chăn");
}

#[test]
fn nfd_input_gives_the_same_entities_with_offsets_into_the_nfd_text() {
    let nfc = std::fs::read_to_string(root().join("fixtures/news/dang-bo-xa.txt")).unwrap();
    let nfd: String = nfc.nfd().collect();
    let jsonl = |t: &str| format!("{}\n", serde_json::json!({"id": 1, "text": t}));
    let a = records(&vietag(
        &["annotate", "--jsonl", "--include-text", "-"],
        Some(jsonl(&nfc).as_bytes()),
    ));
    let b = records(&vietag(
        &["annotate", "--jsonl", "--include-text", "-"],
        Some(jsonl(&nfd).as_bytes()),
    ));
    assert_offsets_hold(&nfd, &b[0]);
    let key = |r: &Value| -> Vec<(String, String)> {
        r["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["label"].as_str().unwrap().to_string(),
                    e["text"].as_str().unwrap().nfc().collect(),
                )
            })
            .collect()
    };
    assert!(!key(&a[0]).is_empty());
    assert_eq!(key(&a[0]), key(&b[0]));
}

#[test]
fn ten_thousand_documents_come_out_in_input_order() {
    let mut input = String::new();
    for i in 0..10_000 {
        let text = match i % 3 {
            0 => "Quốc hội thông qua luật.",
            1 => "Ban Bí thư làm việc tại Lào và Campuchia.",
            _ => "Không có thực thể nào ở đây.",
        };
        input.push_str(&serde_json::json!({"id": format!("d{i}"), "text": text}).to_string());
        input.push('\n');
    }
    let out = vietag(
        &[
            "annotate",
            "--jsonl",
            "--threads",
            "2",
            "--batch-size",
            "97",
            "-",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out);
    assert_eq!(recs.len(), 10_000);
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["id"], format!("d{i}"));
        let n = r["entities"].as_array().unwrap().len();
        assert_eq!(n, [1, 3, 0][i % 3], "record {i}");
    }
}

#[test]
fn offset_units() {
    let text = "😀 Quốc hội";
    let input = format!("{}\n", serde_json::json!({"id": 1, "text": text}));
    let get = |unit: &str| {
        let r = records(&vietag(
            &["annotate", "--jsonl", "--offsets", unit, "-"],
            Some(input.as_bytes()),
        ));
        (
            r[0]["entities"][0]["start"].as_u64().unwrap(),
            r[0]["entities"][0]["end"].as_u64().unwrap(),
        )
    };
    assert_eq!(get("codepoint"), (2, 10));
    assert_eq!(get("utf16"), (3, 11));
    assert_eq!(get("utf8"), (5, 17));
}

#[test]
fn labels_filter_and_fold_diacritics() {
    let out = vietag(
        &[
            "annotate",
            "--labels",
            "LOC",
            "fixtures/news/hoi-nghi-tinh-uy.txt",
        ],
        None,
    );
    let recs = records(&out);
    assert!(recs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["label"] == "LOC"));

    let plain = records(&vietag(&["annotate", "fixtures/news/khong-dau.txt"], None));
    assert!(
        plain[0]["entities"].as_array().unwrap().is_empty(),
        "unaccented text matches nothing by default"
    );
    let folded = records(&vietag(
        &[
            "annotate",
            "--fold-diacritics",
            "fixtures/news/khong-dau.txt",
        ],
        None,
    ));
    let texts: Vec<&str> = folded[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"Quoc hoi") && texts.contains(&"Viet Nam"),
        "{texts:?}"
    );

    let bad = vietag(
        &[
            "annotate",
            "--labels",
            "PLACE",
            "fixtures/news/khong-dau.txt",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown label 'PLACE'"));
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vietag-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

#[test]
fn user_lexicons_and_lexicon_check() {
    let good = temp_file(
        "good.tsv",
        "# mine\nsurface\tlabel\tid\tattrs\nHợp tác xã Tân Tiến\tORG\thtx.tan_tien\tkind=coop\n",
    );
    let bad = temp_file(
        "bad.tsv",
        "surface\tlabel\tid\tattrs\nA\tNOPE\t\t\nB\tORG\n",
    );
    let g = good.to_str().unwrap();
    let b = bad.to_str().unwrap();

    let ok = vietag(&["lexicon", "check", g], None);
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("1 entries: ok"));

    let ko = vietag(&["lexicon", "check", g, b], None);
    assert_eq!(ko.status.code(), Some(2));
    let err = String::from_utf8_lossy(&ko.stderr);
    assert!(
        err.contains(&format!("{b}:2: unknown label 'NOPE'")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{b}:3: expected 4 tab-separated columns")),
        "{err}"
    );

    let text = "Hợp tác xã Tân Tiến ký kết với Bộ Công Thương.";
    let out = vietag(&["annotate", "--lexicon", g, "-"], Some(text.as_bytes()));
    let recs = records(&out);
    let first = &recs[0]["entities"][0];
    assert_eq!(first["text"], "Hợp tác xã Tân Tiến");
    assert_eq!(first["source"], format!("{g}:3"));

    let refused = vietag(&["annotate", "--lexicon", b, "-"], Some(text.as_bytes()));
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());

    let missing = vietag(
        &["annotate", "--lexicon", "no/such/file.tsv", "-"],
        Some(b"x"),
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("no/such/file.tsv: cannot read lexicon")
    );
}

#[test]
fn missing_input_file_is_an_error_record() {
    let out = vietag(
        &[
            "annotate",
            "fixtures/news/dang-bo-xa.txt",
            "no-such-file.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1]["id"], "no-such-file.txt");
    assert_eq!(recs[1]["error"]["kind"], "io");
}

#[test]
fn embedded_lexicons_work_from_any_directory() {
    let dir = std::env::temp_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_vietag"))
        .args(["annotate", "-"])
        .current_dir(Path::new(&dir))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .unwrap()
                .write_all("Bộ Chính trị".as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(records(&out)[0]["entities"][0]["label"], "ORG");
}
