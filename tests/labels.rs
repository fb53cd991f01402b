//! `--labels` never changes an answer: for every label, `annotate --labels L`
//! equals the full output filtered to L, byte for byte (issue: a place name
//! inside a person's name won when the person was filtered out first).
//! `tools/labels_equivalence.py` runs the same check on the dev set and on
//! bench documents in CI.

mod common;

use common::vietag;
use serde_json::{Map, Value};

const LABELS: [&str; 9] = [
    "PER", "TITLE", "ORG", "LOC", "DOCREF", "DATE", "PERCENT", "MONEY", "QUANTITY",
];

/// The full record filtered to `label`, written independently of the
/// library: renumber entities, re-point parents to the nearest kept
/// ancestor, drop claims of dropped entities and their links to them, drop
/// findings that name a dropped entity.
fn filtered(record: &Value, label: &str) -> Value {
    let Some(ents) = record["entities"].as_array() else {
        return record.clone();
    };
    let mut new = vec![None; ents.len()];
    let mut next = 0;
    for (i, e) in ents.iter().enumerate() {
        if e["label"] == label {
            new[i] = Some(next);
            next += 1;
        }
    }
    let kept_ancestor = |mut p: Option<usize>| {
        while let Some(i) = p {
            if let Some(n) = new[i] {
                return Some(n);
            }
            p = ents[i]["parent"].as_u64().map(|x| x as usize);
        }
        None
    };
    let mut out_ents = Vec::new();
    for (i, e) in ents.iter().enumerate() {
        if new[i].is_none() {
            continue;
        }
        let mut e = e.as_object().unwrap().clone();
        if let Some(p) = e.get("parent").and_then(Value::as_u64) {
            match kept_ancestor(Some(p as usize)) {
                Some(n) => {
                    e.insert("parent".into(), n.into());
                }
                None => {
                    e.shift_remove("parent");
                }
            }
        }
        out_ents.push(Value::Object(e));
    }
    let map = |v: &Value| v.as_u64().and_then(|i| new[i as usize]);
    let mut claims = Vec::new();
    for c in record["claims"].as_array().into_iter().flatten() {
        let Some(n) = map(&c["entity"]) else { continue };
        let mut c: Map<String, Value> = c.as_object().unwrap().clone();
        c.insert("entity".into(), n.into());
        for k in ["total_entity", "part", "part_of", "time"] {
            if let Some(v) = c.get(k).cloned() {
                match map(&v) {
                    Some(n) => c.insert(k.into(), n.into()),
                    None => c.shift_remove(k),
                };
            }
        }
        claims.push(Value::Object(c));
    }
    let mut findings = Vec::new();
    for f in record["findings"].as_array().into_iter().flatten() {
        let ids: Option<Vec<usize>> = f["entities"].as_array().unwrap().iter().map(map).collect();
        if let Some(ids) = ids {
            let mut f = f.as_object().unwrap().clone();
            f.insert("entities".into(), ids.into());
            findings.push(Value::Object(f));
        }
    }
    let mut out = record.as_object().unwrap().clone();
    out.insert("entities".into(), out_ents.into());
    out.insert("claims".into(), claims.into());
    out.insert("findings".into(), findings.into());
    Value::Object(out)
}

fn lines(args: &[&str], stdin: &[u8]) -> Vec<String> {
    let out = vietag(args, Some(stdin));
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn check_every_label(input: &[u8], layer: &str) -> usize {
    let base = ["annotate", "--jsonl", "--layer", layer, "-"];
    let full = lines(&base, input);
    let mut compared = 0;
    for label in LABELS {
        let args: Vec<&str> = base[..4]
            .iter()
            .copied()
            .chain(["--labels", label, "-"])
            .collect();
        let got = lines(&args, input);
        assert_eq!(got.len(), full.len());
        for (g, f) in got.iter().zip(&full) {
            let want = filtered(&serde_json::from_str(f).unwrap(), label);
            assert_eq!(g, &want.to_string(), "--labels {label} --layer {layer}");
            compared += want["entities"].as_array().map_or(0, Vec::len);
        }
    }
    compared
}

/// The fixture news and a sentence built so that a place name lies inside
/// a person's name.
fn input() -> Vec<u8> {
    let mut input = std::fs::read(common::root().join("fixtures/formats/news.jsonl")).unwrap();
    for name in ["dang-bo-xa.txt", "hoi-nghi-tinh-uy.txt"] {
        let text =
            std::fs::read_to_string(common::root().join("fixtures/news").join(name)).unwrap();
        let rec = serde_json::json!({"id": name, "text": text});
        input.extend_from_slice(format!("{rec}\n").as_bytes());
    }
    let rec = serde_json::json!({"id": "place-in-name", "text": "Ông Hà Anh Dũng về Đồng Xoài."});
    input.extend_from_slice(format!("{rec}\n").as_bytes());
    input
}

#[test]
fn labels_never_change_an_answer_flat() {
    assert!(check_every_label(&input(), "flat") > 50);
}

#[test]
fn labels_never_change_an_answer_all_layers() {
    assert!(check_every_label(&input(), "all") > 50);
}

#[test]
fn a_place_inside_a_name_is_not_a_place_when_people_are_hidden() {
    let out = lines(
        &["annotate", "--labels", "LOC", "-"],
        "Ông Hà Anh Dũng về Đồng Xoài.".as_bytes(),
    );
    let rec: Value = serde_json::from_str(&out[0]).unwrap();
    let texts: Vec<&str> = rec["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Đồng Xoài"]);
}
