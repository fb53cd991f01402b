//! Label Studio tasks: a JSON array of `{"data": {"text", "id"},
//! "predictions": [{"model_version", "result": [region, …]}]}`, for a
//! labelling config such as
//!
//! ```text
//! <View>
//!   <Labels name="label" toName="text">
//!     <Label value="PER"/><Label value="LOC"/> …
//!   </Labels>
//!   <Text name="text" value="$text"/>
//! </View>
//! ```
//!
//! Each region is `{"id", "from_name": "label", "to_name": "text", "type":
//! "labels", "value": {"start", "end", "text", "labels": [L]}}`.
//!
//! # Offsets
//!
//! Label Studio stores `start`/`end` of text regions in **code points**:
//! its editor counts the selection in JavaScript (UTF-16) and converts it
//! to code points before saving ("In python and other modern tools complex
//! unicode symbols handled as code points", `charsToCodePoints` in the
//! editor's selection tools, since label-studio-frontend PR #308 fixed
//! emoji offsets, label-studio issues #1008 and #1347). So code points are
//! the default here, and the text of a region after an emoji is right in
//! Label Studio and in Python. Tasks made by versions before that fix
//! count UTF-16 code units: read or write them with
//! [`OffsetUnit::Utf16`] (`--offsets utf16`).
//!
//! # Reading
//!
//! The regions come from the first annotation that is not cancelled, else
//! from the first prediction (or the `completions` of old exports). Regions
//! of other types (choices, relations) are skipped; a region with several
//! labels gives one span per label. The text is `data.text`, or the only
//! string field of `data`. The id is `data.id`, else the task's `id`,
//! else the task's number. The JSON-MIN export (`{"text", "label":
//! [{"start", "end", "labels"}]}`) reads as well.

use serde_json::{json, Map, Value};

use super::doc::{cp_to_utf16, utf16_to_cp, CharMap, Doc, DocError, Span};
use crate::text::OffsetUnit;

/// The `model_version` of exported predictions.
pub const MODEL_VERSION: &str = "vietag";

/// The task of `doc`, offsets in `unit` (spans as they are: check them
/// first with [`Doc::check_offsets`]).
pub fn task(doc: &Doc, unit: OffsetUnit) -> Value {
    let map = CharMap::new(&doc.text);
    // Offsets past the text stay past it, by as much.
    let conv = |cp: usize| {
        let over = cp.saturating_sub(map.len());
        over + match unit {
            OffsetUnit::Codepoint => cp - over,
            OffsetUnit::Utf16 => cp_to_utf16(&doc.text, &map, cp - over),
            OffsetUnit::Utf8 => map.byte(cp - over).unwrap_or(doc.text.len()),
        }
    };
    let result: Vec<Value> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            json!({
                "id": format!("e{i}"),
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": conv(e.start),
                    "end": conv(e.end),
                    "text": doc.slice(&map, e.start, e.end).unwrap_or(""),
                    "labels": [e.label],
                }
            })
        })
        .collect();
    json!({
        "data": {"text": doc.text, "id": doc.id},
        "predictions": [{"model_version": MODEL_VERSION, "result": result}],
    })
}

/// Reads a Label Studio export (a JSON array of tasks, or one task) with
/// offsets in `unit`: one result per task.
pub fn read(input: &str, unit: OffsetUnit) -> Vec<Result<Doc, DocError>> {
    let tasks = match serde_json::from_str::<Value>(input.trim_start_matches('\u{FEFF}')) {
        Ok(Value::Array(a)) => a,
        Ok(v @ Value::Object(_)) => vec![v],
        Ok(_) => {
            return vec![Err(DocError::new(
                0,
                0,
                None,
                "expected a JSON array of Label Studio tasks",
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
    tasks
        .into_iter()
        .enumerate()
        .map(|(i, t)| read_task(t, i + 1, unit))
        .collect()
}

fn read_task(task: Value, index: usize, unit: OffsetUnit) -> Result<Doc, DocError> {
    let Value::Object(task) = task else {
        return Err(DocError::new(0, index, None, "a task is not a JSON object"));
    };
    let data = match task.get("data") {
        Some(Value::Object(d)) => d,
        _ => &task, // JSON-MIN: the data fields are the task's
    };
    let id = [data.get("id"), task.get("id")]
        .into_iter()
        .flatten()
        .find(|v| v.is_string() || v.is_number())
        .cloned()
        .unwrap_or_else(|| Value::from(index));
    let err = |m: String| DocError::new(0, index, Some(id.clone()), m);
    let text = match data.get("text") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(err("data.text is not a string".into())),
        None => {
            let strings: Vec<(&String, &str)> = data
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k, s)))
                .collect();
            match strings.as_slice() {
                [(_, s)] => s.to_string(),
                [] => return Err(err("the task has no text in data".into())),
                more => {
                    let names: Vec<&str> = more.iter().map(|(k, _)| k.as_str()).collect();
                    return Err(err(format!(
                        "data has several text fields ({}) and none is \"text\"",
                        names.join(", ")
                    )));
                }
            }
        }
    };
    let regions = regions(&task);
    let mut entities = Vec::new();
    for (k, r) in regions.iter().enumerate() {
        let Some(v) = r.get("value").or(Some(r)).and_then(Value::as_object) else {
            continue;
        };
        let labels: Vec<&str> = match v.get("labels") {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => continue, // choices, relations, ratings …
        };
        let (Some(s), Some(e)) = (v.get("start"), v.get("end")) else {
            continue;
        };
        let (Some(s), Some(e)) = (s.as_u64(), e.as_u64()) else {
            return Err(err(format!(
                "region {k}: start/end are {s}/{e}, not character offsets (HyperText regions with XPath are not supported)"
            )));
        };
        let to_cp = |x: u64| -> Result<usize, DocError> {
            let x =
                usize::try_from(x).map_err(|_| err(format!("region {k}: offset {x} too large")))?;
            match unit {
                OffsetUnit::Codepoint => Ok(x),
                OffsetUnit::Utf16 => utf16_to_cp(&text, x).ok_or_else(|| {
                    err(format!(
                        "region {k}: UTF-16 offset {x} is past the text or inside a surrogate pair"
                    ))
                }),
                OffsetUnit::Utf8 => text
                    .is_char_boundary(x)
                    .then(|| text[..x].chars().count())
                    .ok_or_else(|| {
                        err(format!("region {k}: byte offset {x} is not on a character"))
                    }),
            }
        };
        let (start, end) = (to_cp(s)?, to_cp(e)?);
        for label in labels {
            let mut span = Span::new(start, end, label);
            span.text = v.get("text").and_then(Value::as_str).map(str::to_string);
            entities.push(span);
        }
    }
    Ok(Doc {
        id,
        text,
        entities,
        index,
        ..Doc::default()
    })
}

/// The regions of a task: its first annotation that is not cancelled, else
/// its first prediction, else old-style completions, else JSON-MIN labels.
fn regions(task: &Map<String, Value>) -> Vec<Value> {
    for key in ["annotations", "completions", "predictions"] {
        if let Some(Value::Array(list)) = task.get(key) {
            let pick = list.iter().find(|a| {
                !a.get("was_cancelled")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                    && a.get("result").is_some_and(Value::is_array)
            });
            if let Some(Value::Array(r)) = pick.and_then(|a| a.get("result")) {
                return r.clone();
            }
        }
    }
    match task.get("label") {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Doc {
        let mut e = Span::new(2, 4, "LOC");
        e.text = Some("Hà".into());
        Doc {
            id: Value::from("t1"),
            text: "😀 Hà".into(),
            entities: vec![e],
            index: 1,
            ..Doc::default()
        }
    }

    #[test]
    fn code_points_by_default_utf16_on_request() {
        let t = task(&doc(), OffsetUnit::Codepoint);
        assert_eq!(t["predictions"][0]["result"][0]["value"]["start"], 2);
        assert_eq!(t["data"]["id"], "t1");
        let back = read(&format!("[{t}]"), OffsetUnit::Codepoint);
        assert_eq!(back[0].as_ref().unwrap(), &doc());
        let t16 = task(&doc(), OffsetUnit::Utf16);
        assert_eq!(t16["predictions"][0]["result"][0]["value"]["start"], 3);
        let back = read(&t16.to_string(), OffsetUnit::Utf16);
        assert_eq!(back[0].as_ref().unwrap(), &doc());
    }

    #[test]
    fn annotations_win_over_predictions_and_cancelled_are_skipped() {
        let t = r#"[{"id": 9, "data": {"body": "Ở Huế"},
            "annotations": [{"was_cancelled": true, "result": []},
                            {"result": [{"type": "labels", "value": {"start": 2, "end": 5, "labels": ["LOC", "ORG"]}},
                                        {"type": "choices", "value": {"choices": ["x"]}}]}],
            "predictions": [{"result": []}]}]"#;
        let d = read(t, OffsetUnit::Codepoint).pop().unwrap().unwrap();
        assert_eq!(d.id, 9);
        assert_eq!(d.text, "Ở Huế");
        let l: Vec<&str> = d.entities.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(l, ["LOC", "ORG"]);
        let min = r#"[{"text": "Ở Huế", "label": [{"start": 2, "end": 5, "text": "Huế", "labels": ["LOC"]}]}]"#;
        let d = read(min, OffsetUnit::Codepoint).pop().unwrap().unwrap();
        assert_eq!((d.entities[0].start, d.id.clone()), (2, Value::from(1)));
    }

    #[test]
    fn bad_utf16_offsets_are_errors() {
        let t = r#"{"data": {"text": "😀 Hà"}, "predictions": [{"result": [{"value": {"start": 1, "end": 4, "labels": ["X"]}}]}]}"#;
        let e = read(t, OffsetUnit::Utf16).pop().unwrap().unwrap_err();
        assert!(e.message.contains("inside a surrogate pair"), "{e}");
    }
}
