//! Label Studio tasks: a JSON array of `{"data": {"text", "id"},
//! "annotations": [{"result": [region, …]}]}` (or `"predictions"`, with a
//! `model_version`), for the labelling config [`config`] writes:
//!
//! ```text
//! <View>
//!   <Labels name="label" toName="text">
//!     <Label value="PER" background="#ee8866"/> …
//!   </Labels>
//!   <Text name="text" value="$text"/>
//! </View>
//! ```
//!
//! Each region is `{"id": "e3", "from_name": "label", "to_name": "text",
//! "type": "labels", "value": {"start", "end", "text", "labels": [L]}}`.
//! Gold files go in as `annotations`, what a tagger proposes as
//! `predictions` ([`ResultKind`]). Regions may overlap: a span of the
//! nested layer is a region with `"meta": {"parent": "e1"}`, the id of
//! its outer region, which reading turns back into `parent`.
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
//! [`OffsetUnit::Utf16`] (`--offsets utf16`). Conversions take one pass
//! over the text per task, however many regions it has.
//!
//! # Reading
//!
//! The regions come from the first annotation that is not cancelled, else
//! from the first prediction (or the `completions` of old exports). Regions
//! without `labels` (choices, relations, ratings) are skipped; a region
//! with several labels gives one span per label; a `result` that is not
//! an array, or `labels` that are not a list of strings, are errors. The
//! text is `data.text`, or the only string field of `data`. The id is
//! `data.id`, else the task's `id`, else the task's number. The JSON-MIN
//! export (`{"text", "label": [{"start", "end", "labels"}]}`) reads as
//! well. Errors and spans carry the line of their task and region.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::doc::{CharMap, Doc, DocError, Span};
use super::json::{self, Item, Seg};
use super::labels;
use crate::text::OffsetUnit;

/// The `model_version` of exported predictions.
pub const MODEL_VERSION: &str = "vietag";

/// Where the regions of a written task go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResultKind {
    /// `annotations`: the regions are the labels (gold files).
    #[default]
    Annotations,
    /// `predictions`: the regions are proposals to review.
    Predictions,
}

/// Offsets of one text in a unit, both ways, in O(1) and O(log n).
struct Units {
    /// The offset in the unit of each code point, and of the end.
    at: Vec<usize>,
}

impl Units {
    fn new(text: &str, map: &CharMap, unit: OffsetUnit) -> Self {
        let at = match unit {
            OffsetUnit::Codepoint => (0..=map.len()).collect(),
            OffsetUnit::Utf8 => (0..=map.len()).filter_map(|cp| map.byte(cp)).collect(),
            OffsetUnit::Utf16 => {
                let mut at = Vec::with_capacity(map.len() + 1);
                let mut n = 0;
                for c in text.chars() {
                    at.push(n);
                    n += c.len_utf16();
                }
                at.push(n);
                at
            }
        };
        Units { at }
    }

    /// The offset of code point `cp`; offsets past the text stay past it,
    /// by as much.
    fn of_cp(&self, cp: usize) -> usize {
        let last = self.at.len() - 1;
        match self.at.get(cp) {
            Some(&u) => u,
            None => self.at[last] + (cp - last),
        }
    }

    /// The code point at offset `u` (`None` past the end or inside a
    /// character).
    fn cp_of(&self, u: usize) -> Option<usize> {
        self.at.binary_search(&u).ok()
    }
}

/// The task of `doc`, offsets in `unit` (spans as they are: check them
/// first with [`Doc::check_offsets`]).
pub fn task(doc: &Doc, unit: OffsetUnit, kind: ResultKind) -> Value {
    let map = CharMap::new(&doc.text);
    let units = Units::new(&doc.text, &map, unit);
    let result: Vec<Value> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut r = json!({
                "id": format!("e{i}"),
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": units.of_cp(e.start),
                    "end": units.of_cp(e.end),
                    "text": doc.slice(&map, e.start, e.end).unwrap_or(""),
                    "labels": [e.label],
                }
            });
            if let Some(p) = e.parent() {
                r["meta"] = json!({"parent": format!("e{p}")});
            }
            r
        })
        .collect();
    let data = json!({"text": doc.text, "id": doc.id});
    match kind {
        ResultKind::Annotations => json!({"data": data, "annotations": [{"result": result}]}),
        ResultKind::Predictions => json!({
            "data": data,
            "predictions": [{"model_version": MODEL_VERSION, "result": result}],
        }),
    }
}

/// The labelling config for `labels`: a `Labels` tag with every label and
/// its colour, over the `text` field.
///
/// ```
/// let c = vietag::formats::labelstudio::config(&["PER".to_string(), "A&B".to_string()]);
/// assert!(c.contains(r##"<Label value="PER" background="#ee8866"/>"##));
/// assert!(c.contains(r#"<Label value="A&amp;B""#));
/// ```
pub fn config(labels: &[String]) -> String {
    let mut out = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for l in labels {
        let l_esc = l
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        out.push_str(&format!(
            "    <Label value=\"{l_esc}\" background=\"{}\"/>\n",
            labels::colour(l)
        ));
    }
    out.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
    out
}

/// Reads a Label Studio export (a JSON array of tasks, or one task) with
/// offsets in `unit`: one result per task.
pub fn read(input: &str, unit: OffsetUnit) -> Vec<Result<Doc, DocError>> {
    match json::items(input, true) {
        Ok(items) => items
            .iter()
            .enumerate()
            .map(|(i, it)| read_task(input, it, i + 1, unit))
            .collect(),
        Err(e) => vec![Err(e)],
    }
}

fn read_task(input: &str, it: &Item, index: usize, unit: OffsetUnit) -> Result<Doc, DocError> {
    let task = match serde_json::from_str::<Value>(&input[it.range.clone()]) {
        Ok(Value::Object(t)) => t,
        Ok(_) => {
            return Err(DocError::new(
                it.line,
                index,
                None,
                "a task is not a JSON object",
            ))
        }
        Err(e) => {
            return Err(DocError::new(
                it.line + e.line().saturating_sub(1),
                index,
                None,
                format!("not valid JSON: {e}"),
            ))
        }
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
    let err = |line: usize, m: String| DocError::new(line, index, Some(id.clone()), m);
    let text = task_text(data).map_err(|m| err(it.line, m))?;
    let (path, regions) = regions(&task).map_err(|m| err(it.line, m))?;
    let lines = json::element_lines_at(input, it, &path);
    let map = CharMap::new(&text);
    let units = Units::new(&text, &map, unit);
    let mut reader = Regions::default();
    for (k, r) in regions.iter().enumerate() {
        let line = lines.get(k).copied().unwrap_or(it.line);
        reader
            .region(r, line, &units, unit)
            .map_err(|m| err(line, format!("region {k}: {m}")))?;
    }
    Ok(Doc {
        id,
        text,
        entities: reader.finish(),
        line: it.line,
        index,
        ..Doc::default()
    })
}

/// The text of a task's data: `text`, or its only string field.
fn task_text(data: &Map<String, Value>) -> Result<String, String> {
    match data.get("text") {
        Some(Value::String(s)) => return Ok(s.clone()),
        Some(_) => return Err("data.text is not a string".into()),
        None => {}
    }
    let strings: Vec<(&String, &str)> = data
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (k, s)))
        .collect();
    match strings.as_slice() {
        [(_, s)] => Ok(s.to_string()),
        [] => Err("the task has no text in data".into()),
        more => {
            let names: Vec<&str> = more.iter().map(|(k, _)| k.as_str()).collect();
            Err(format!(
                "data has several text fields ({}) and none is \"text\"",
                names.join(", ")
            ))
        }
    }
}

/// The regions of a task and where they are: its first annotation that is
/// not cancelled, else its first prediction, else old-style completions,
/// else JSON-MIN labels.
fn regions(task: &Map<String, Value>) -> Result<(Vec<Seg<'static>>, &Vec<Value>), String> {
    for key in ["annotations", "completions", "predictions"] {
        let Some(list) = task.get(key) else { continue };
        let Value::Array(list) = list else {
            return Err(format!("\"{key}\" is not an array"));
        };
        let pick = list.iter().enumerate().find(|(_, a)| {
            !a.get("was_cancelled")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        });
        if let Some((n, a)) = pick {
            return match a.get("result") {
                Some(Value::Array(r)) => {
                    Ok((vec![Seg::Key(key), Seg::Index(n), Seg::Key("result")], r))
                }
                Some(v) => Err(format!("{key}[{n}].result is {}, not an array", kind(v))),
                None => Err(format!("{key}[{n}] has no \"result\"")),
            };
        }
    }
    static NONE: Vec<Value> = Vec::new();
    match task.get("label") {
        Some(Value::Array(a)) => Ok((vec![Seg::Key("label")], a)),
        Some(v) => Err(format!("\"label\" is {}, not an array", kind(v))),
        None => Ok((Vec::new(), &NONE)),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Spans read from regions, and the parents they name.
#[derive(Default)]
struct Regions {
    entities: Vec<Span>,
    /// Region id → index of its first span.
    first_span: HashMap<String, usize>,
    /// (span, parent region id).
    parents: Vec<(usize, String)>,
}

impl Regions {
    fn region(
        &mut self,
        r: &Value,
        line: usize,
        units: &Units,
        unit: OffsetUnit,
    ) -> Result<(), String> {
        let Some(r) = r.as_object() else {
            return Err(format!("is {}, not an object", kind(r)));
        };
        let v = match r.get("value") {
            Some(Value::Object(v)) => v,
            Some(v) => return Err(format!("\"value\" is {}, not an object", kind(v))),
            None => r, // JSON-MIN
        };
        let Some(labels) = v.get("labels") else {
            return Ok(()); // choices, relations, ratings …
        };
        let labels: Vec<&str> = match labels {
            Value::Array(a) => a
                .iter()
                .map(|l| {
                    l.as_str()
                        .ok_or_else(|| format!("label {l} is not a string"))
                })
                .collect::<Result<_, _>>()?,
            other => return Err(format!("\"labels\" is {other}, not a list of strings")),
        };
        let (start, end) = match (v.get("start"), v.get("end")) {
            (Some(s), Some(e)) => (offset(s, units, unit)?, offset(e, units, unit)?),
            _ => return Err("no \"start\"/\"end\"".into()),
        };
        if let Some(id) = r.get("id").and_then(Value::as_str) {
            self.first_span.insert(id.to_string(), self.entities.len());
        }
        let parent = r
            .get("meta")
            .and_then(|m| m.get("parent"))
            .and_then(Value::as_str);
        for label in labels {
            let mut span = Span::new(start, end, label);
            span.text = v.get("text").and_then(Value::as_str).map(str::to_string);
            span.line = line;
            if let Some(p) = parent {
                self.parents.push((self.entities.len(), p.to_string()));
            }
            self.entities.push(span);
        }
        Ok(())
    }

    fn finish(mut self) -> Vec<Span> {
        for (i, p) in self.parents {
            if let Some(&pi) = self.first_span.get(&p) {
                self.entities[i].set_parent(Some(pi));
            }
        }
        self.entities
    }
}

/// A region offset in code points.
fn offset(v: &Value, units: &Units, unit: OffsetUnit) -> Result<usize, String> {
    let x = v
        .as_u64()
        .and_then(|x| usize::try_from(x).ok())
        .ok_or_else(|| {
            format!("offset {v} is not a character offset (HyperText regions with XPath are not supported)")
        })?;
    match unit {
        // Out of range offsets are kept, for lint to report.
        OffsetUnit::Codepoint => Ok(x),
        OffsetUnit::Utf16 => units.cp_of(x).ok_or_else(|| {
            format!("UTF-16 offset {x} is past the text or inside a surrogate pair")
        }),
        OffsetUnit::Utf8 => units
            .cp_of(x)
            .ok_or_else(|| format!("byte offset {x} is not on a character")),
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

    fn same(a: &Doc, b: &Doc) {
        assert_eq!((&a.id, &a.text), (&b.id, &b.text));
        let spans = |d: &Doc| -> Vec<String> {
            d.entities
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {} {:?} {:?}",
                        e.start,
                        e.end,
                        e.label,
                        e.text,
                        e.parent()
                    )
                })
                .collect()
        };
        assert_eq!(spans(a), spans(b));
    }

    #[test]
    fn code_points_by_default_utf16_on_request() {
        let t = task(&doc(), OffsetUnit::Codepoint, ResultKind::Annotations);
        assert_eq!(t["annotations"][0]["result"][0]["value"]["start"], 2);
        assert_eq!(t["data"]["id"], "t1");
        let back = read(&format!("[{t}]"), OffsetUnit::Codepoint);
        same(back[0].as_ref().unwrap(), &doc());
        let t16 = task(&doc(), OffsetUnit::Utf16, ResultKind::Predictions);
        assert_eq!(t16["predictions"][0]["result"][0]["value"]["start"], 3);
        assert_eq!(t16["predictions"][0]["model_version"], "vietag");
        let back = read(&t16.to_string(), OffsetUnit::Utf16);
        same(back[0].as_ref().unwrap(), &doc());
    }

    #[test]
    fn nested_regions_keep_their_parent() {
        let mut d = doc();
        d.text = "😀 Sở Y tế Huế".into();
        d.entities = vec![Span::new(2, 13, "ORG"), Span::new(10, 13, "LOC")];
        d.entities[1].set_parent(Some(0));
        for e in &mut d.entities {
            e.text = d
                .text
                .chars()
                .skip(e.start)
                .take(e.end - e.start)
                .collect::<String>()
                .into();
        }
        let t = task(&d, OffsetUnit::Utf16, ResultKind::Annotations);
        assert_eq!(t["annotations"][0]["result"][1]["meta"]["parent"], "e0");
        let back = read(&t.to_string(), OffsetUnit::Utf16);
        same(back[0].as_ref().unwrap(), &d);
    }

    #[test]
    fn impossible_regions_are_errors_with_their_line() {
        let input = "[\n{\"data\": {\"text\": \"Huế\"}, \"annotations\": [{\"result\": [\n{\"value\": {\"start\": 0, \"end\": 3, \"labels\": [\"LOC\"]}},\n{\"value\": {\"start\": 0, \"end\": 3, \"labels\": \"LOC\"}}]}]},\n{\"data\": {\"text\": \"x\"}, \"annotations\": [{\"result\": {}}]},\n{\"data\": {\"text\": \"y\"}, \"predictions\": [{\"result\": [{\"value\": {\"start\": 0, \"end\": 1, \"labels\": [7]}}]}]}\n]";
        let docs = read(input, OffsetUnit::Codepoint);
        let errs: Vec<String> = docs
            .iter()
            .map(|d| d.as_ref().unwrap_err().to_string())
            .collect();
        assert_eq!(
            errs,
            [
                "line 4 (id 1): region 1: \"labels\" is \"LOC\", not a list of strings",
                "line 5 (id 2): annotations[0].result is an object, not an array",
                "line 6 (id 3): region 0: label 7 is not a string",
            ]
        );
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
        assert_eq!(e.line, 1);
        assert!(e.message.contains("inside a surrogate pair"), "{e}");
    }
}
