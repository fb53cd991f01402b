//! spaCy's training data: a JSON array of `[text, {"entities": [[start,
//! end, label], …]}]`, offsets in code points (Python `str` indices): the
//! `TRAIN_DATA` form of spaCy's examples, which
//! `Example.from_dict(nlp.make_doc(text), annotations)` takes.
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

/// Reads a spaCy training file: one result per item.
pub fn read(input: &str) -> Vec<Result<Doc, DocError>> {
    let items = match serde_json::from_str::<Value>(input.trim_start_matches('\u{FEFF}')) {
        Ok(Value::Array(a)) => a,
        Ok(_) => {
            return vec![Err(DocError::new(
                0,
                0,
                None,
                "expected a JSON array of [text, {\"entities\": [...]}] items",
            ))]
        }
        Err(e) => {
            return vec![Err(DocError::new(
                e.line(),
                0,
                None,
                format!("not valid JSON: {e}"),
            ))]
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| read_item(v, i + 1))
        .collect()
}

fn read_item(v: Value, index: usize) -> Result<Doc, DocError> {
    let id = Value::from(index);
    let err = |m: String| DocError::new(0, index, Some(id.clone()), m);
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
    let mut entities = Vec::with_capacity(ents.len());
    for (k, e) in ents.iter().enumerate() {
        entities.push(triple(e).map_err(|m| err(format!("entity {k}: {m}")))?);
    }
    Ok(Doc {
        id,
        text,
        entities,
        index,
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
        assert_eq!(back[0].as_ref().unwrap(), &d);
    }

    #[test]
    fn errors() {
        assert!(read("{")
            .pop()
            .unwrap()
            .unwrap_err()
            .message
            .starts_with("not valid JSON"));
        let r =
            read(r#"[["a", {"entities": [[0, 1, "X"]]}], ["b", {"entities": [[0, -1, "X"]]}]]"#);
        assert!(r[0].is_ok());
        assert_eq!(
            r[1].as_ref().unwrap_err().to_string(),
            "record 2 (id 2): entity 0: end is -1, not a non-negative integer"
        );
    }
}
