//! The simple spaCy form (`spacy-simple`): a JSON array of `[text,
//! {"entities": [[start, end, label], …]}]`, offsets in code points
//! (Python `str` indices): the `TRAIN_DATA` form of spaCy's examples,
//! which `Example.from_dict(nlp.make_doc(text), annotations)` takes.
//! `spacy convert` does not read it: for that, see [`super::spacy_json`].
//!
//! ```text
//! [
//! ["Ông Hà Anh Dũng về Đồng Xoài.", {"entities": [[4, 15, "PER"], [19, 28, "LOC"]]}]
//! ]
//! ```
//!
//! The format has no id: reading numbers the documents 1, 2, … in file
//! order. spaCy's `Doc.ents` is a flat layer, so spans must not overlap.

use serde_json::{json, Value};

use super::doc::{offset_field, Doc, DocError, Span};
use super::json::{self, Item, Seg};

/// The JSON item of `doc`, spans as they are (spaCy itself wants them in
/// range and flat: [`Doc::check_offsets`], [`Doc::check_flat`]).
pub fn item(doc: &Doc) -> Value {
    let ents: Vec<Value> = doc
        .entities
        .iter()
        .map(|e| json!([e.start, e.end, e.label]))
        .collect();
    json!([doc.text, {"entities": ents}])
}

/// Reads a file of the simple form: one result per item.
pub fn read(input: &str) -> Vec<Result<Doc, DocError>> {
    match json::array_items(input) {
        Ok(items) => items
            .iter()
            .enumerate()
            .map(|(i, it)| read_item(input, it, i + 1))
            .collect(),
        Err(e) => vec![Err(e)],
    }
}

fn read_item(input: &str, it: &Item, index: usize) -> Result<Doc, DocError> {
    let id = Value::from(index);
    let err = |m: String| DocError::new(it.line, index, Some(id.clone()), m);
    let v: Value = serde_json::from_str(&input[it.range.clone()])
        .map_err(|e| err(format!("not valid JSON: {e}")))?;
    let (text, ann) = match v {
        Value::Array(mut a) if a.len() == 2 => {
            let ann = a.pop().unwrap_or_default();
            match a.pop() {
                Some(Value::String(t)) => (t, ann),
                _ => return Err(err("the first element of the item is not a text".into())),
            }
        }
        _ => return Err(err("expected an item [text, {\"entities\": [...]}]".into())),
    };
    let ents = match ann.get("entities") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => return Err(err("\"entities\" is not an array".into())),
    };
    let lines = json::element_lines_at(input, it, &[Seg::Index(1), Seg::Key("entities")]);
    let mut entities = Vec::with_capacity(ents.len());
    for (k, e) in ents.iter().enumerate() {
        let line = lines.get(k).copied().unwrap_or(it.line);
        let mut s = triple(e).map_err(|m| {
            DocError::new(line, index, Some(id.clone()), format!("entity {k}: {m}"))
        })?;
        s.line = line;
        entities.push(s);
    }
    Ok(Doc {
        id,
        text,
        entities,
        index,
        line: it.line,
        ..Doc::default()
    })
}

/// A `[start, end, label]` triple (also accepted: an object with
/// start/end/label or doccano's start_offset/end_offset/label).
pub(crate) fn triple(e: &Value) -> Result<Span, String> {
    match e {
        Value::Array(a) if a.len() == 3 => {
            let num = |v: &Value, what: &str| {
                v.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| format!("{what} is {v}, not a non-negative integer"))
            };
            let label = a[2]
                .as_str()
                .ok_or_else(|| format!("label is {}, not a string", a[2]))?;
            Ok(Span::new(num(&a[0], "start")?, num(&a[1], "end")?, label))
        }
        Value::Object(o) => {
            let (s, e) = if o.contains_key("start_offset") {
                ("start_offset", "end_offset")
            } else {
                ("start", "end")
            };
            let label = o
                .get("label")
                .and_then(Value::as_str)
                .ok_or("no string \"label\"")?;
            Ok(Span::new(offset_field(o, s)?, offset_field(o, e)?, label))
        }
        _ => Err(format!("expected [start, end, label], found {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_emoji() {
        let d = Doc {
            id: Value::from(1),
            text: "😀 Ông Hà về Huế".into(),
            entities: vec![Span::new(6, 8, "PER"), Span::new(12, 15, "LOC")],
            index: 1,
            ..Doc::default()
        };
        let v = item(&d);
        assert_eq!(
            v.to_string(),
            r#"["😀 Ông Hà về Huế",{"entities":[[6,8,"PER"],[12,15,"LOC"]]}]"#
        );
        let back = read(&format!("[{v}]"));
        let b = back[0].as_ref().unwrap();
        assert_eq!((&b.text, b.line), (&d.text, 1));
        assert_eq!(b.entities.len(), 2);
        assert_eq!((b.entities[1].start, b.entities[1].line), (12, 1));
    }

    #[test]
    fn errors() {
        assert!(read("{")
            .pop()
            .unwrap()
            .unwrap_err()
            .message
            .starts_with("expected a JSON array"));
        let r = read(
            "[[\"a\", {\"entities\": [[0, 1, \"X\"]]}],\n[\"b\", {\"entities\": [\n[0, -1, \"X\"]]}], [\"c\" {}]]",
        );
        assert!(r[0].is_ok());
        assert_eq!(
            r[1].as_ref().unwrap_err().to_string(),
            "line 3 (id 2): entity 0: end is -1, not a non-negative integer"
        );
        assert!(r[2]
            .as_ref()
            .unwrap_err()
            .message
            .starts_with("not valid JSON"));
    }
}
