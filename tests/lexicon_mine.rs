//! `vietag lexicon mine`: names with strong evidence in a corpus of our own,
//! counted, written as a lexicon that loads and then tags the bare mentions.

mod common;

use common::{root, vietag};

const CORPUS: &str = concat!(
    r#"{"id":"a","text":"Chiều qua, ông Lò Văn Khiêm trao đổi với Hội Nuôi ong Tây Bắc (HNOTB) về mùa mật."}"#,
    "\n",
    r#"{"id":"b","text":"Ông Lò Văn Khiêm cho biết HNOTB sẽ họp."}"#,
    "\n",
    "not json\n",
);

#[test]
fn mines_counts_and_the_output_loads_as_a_lexicon() {
    let dir = root().join("target").join("lexicon-mine-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let out_path = dir.join("names.tsv");
    let _ = std::fs::remove_file(&out_path);
    let out = vietag(
        &[
            "lexicon",
            "mine",
            "--jsonl",
            "--min-count",
            "1",
            "-o",
            out_path.to_str().unwrap(),
            "-",
        ],
        Some(CORPUS.as_bytes()),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the bad line is a failed document, not the end of the run
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 documents (1 failed)"));
    let tsv = std::fs::read_to_string(&out_path).unwrap();
    let rows: Vec<&str> = tsv.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        rows,
        [
            "surface\tlabel\tid\tattrs",
            "Lò Văn Khiêm\tPER\t\tcount=2;example=a;evidence=cue",
            "HNOTB\tORG\t\tcount=1;example=a;evidence=abbr",
        ]
    );
    // with the mined lexicon, the abbreviation alone is an ORG
    let ann = vietag(
        &["annotate", "--lexicon", out_path.to_str().unwrap(), "-"],
        Some("Hôm nay HNOTB họp.".as_bytes()),
    );
    assert_eq!(ann.status.code(), Some(0));
    let rec: serde_json::Value = serde_json::from_slice(&ann.stdout).unwrap();
    let orgs: Vec<&str> = rec["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["label"] == "ORG")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, ["HNOTB"]);
}

#[test]
fn a_missing_corpus_is_a_failed_document_and_bad_flags_are_usage_errors() {
    let out = vietag(&["lexicon", "mine", "--threads", "0", "x.jsonl"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = vietag(
        &["lexicon", "mine", "--min-count", "1", "no-such-file.jsonl"],
        None,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 failed"));
}
