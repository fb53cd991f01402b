//! doccano's sequence-labelling JSON Lines: `{"id", "text", "label":
//! [[start, end, label], …]}` a line, offsets in code points (doccano
//! counts Python `str` indices), and the label definitions doccano's
//! "Import Labels" takes ([`label_config`]).
//!
//! Reading also accepts `labels` or `entities` for the list and entities
//! as objects with `start_offset`/`end_offset`/`label` (the export of
//! doccano's relation projects); other fields are ignored. A record without
//! `id` gets its line number.

use serde_json::{json, Value};

use super::doc::{Doc, DocError};
use super::labels;
use super::spacy::triple;

/// The label definitions for `labels`, as doccano's "Import Labels"
/// takes them: `[{"text", "prefix_key", "suffix_key", "background_color",
/// "text_color"}]`, the labels of the guide with their shortcut keys.
///
/// ```
/// let c = vietag::formats::doccano::label_config(&["PER".to_string()]);
/// assert_eq!(c[0]["text"], "PER");
/// assert_eq!(c[0]["suffix_key"], "p");
/// ```
pub fn label_config(labels: &[String]) -> Value {
    let items: Vec<Value> = labels
        .iter()
        .map(|l| {
            json!({
                "text": l,
                "prefix_key": null,
                "suffix_key": labels::shortcut(l).map(String::from),
                "background_color": labels::colour(l),
                "text_color": "#000000",
            })
        })
        .collect();
    Value::Array(items)
}

/// The JSON record of `doc`, spans as they are.
pub fn record(doc: &Doc) -> Value {
    let labels: Vec<Value> = doc
        .entities
        .iter()
        .map(|e| json!([e.start, e.end, e.label]))
        .collect();
    json!({"id": doc.id, "text": doc.text, "label": labels})
}

/// Reads one doccano line (1-based `line_no`, record number `index`).
pub fn read_line(line: &str, line_no: usize, index: usize) -> Result<Doc, DocError> {
    let obj = super::doc::read_object(line, line_no, index, "expected a JSON object")?;
    let id = match obj.get("id") {
        Some(v @ (Value::String(_) | Value::Number(_))) => v.clone(),
        _ => Value::from(line_no),
    };
    let err = |m: String| DocError::new(line_no, index, Some(id.clone()), m);
    let text = match obj.get("text").or_else(|| obj.get("data")) {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(err("no \"text\" string".into())),
    };
    let list = ["label", "labels", "entities"]
        .iter()
        .find_map(|k| obj.get(*k));
    let ents = match list {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => return Err(err("\"label\" is not an array".into())),
    };
    let mut entities = Vec::with_capacity(ents.len());
    for (k, e) in ents.iter().enumerate() {
        let mut s = triple(e).map_err(|m| err(format!("entity {k}: {m}")))?;
        s.line = line_no;
        entities.push(s);
    }
    Ok(Doc {
        id,
        text,
        entities,
        line: line_no,
        index,
        ..Doc::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Span;

    #[test]
    fn round_trip_and_variants() {
        let mut s = Span::new(0, 2, "LOC");
        s.line = 3;
        let d = Doc {
            id: Value::from("a"),
            text: "Hà 😀".into(),
            entities: vec![s],
            line: 3,
            index: 2,
            ..Doc::default()
        };
        let v = record(&d);
        assert_eq!(
            v.to_string(),
            r#"{"id":"a","text":"Hà 😀","label":[[0,2,"LOC"]]}"#
        );
        assert_eq!(read_line(&v.to_string(), 3, 2).unwrap(), d);
        let rel = r#"{"text": "Huế", "entities": [{"id": 1, "label": "LOC", "start_offset": 0, "end_offset": 3}]}"#;
        let d = read_line(rel, 7, 1).unwrap();
        assert_eq!((d.id.clone(), d.entities[0].end), (Value::from(7), 3));
        let e = read_line(r#"{"text": "x", "label": [[0, 1]]}"#, 9, 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 9 (id 9): entity 0: expected [start, end, label], found [0,1]"
        );
    }
}
