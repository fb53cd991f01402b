//! The JSON Lines wire format.
//!
//! # Input
//!
//! One JSON object a line with at least an id and a text field (names set by
//! [`JsonlFields`], default `id` and `text`); other fields are ignored. A
//! missing id becomes the line number. Blank lines are skipped.
//!
//! # Output
//!
//! One JSON object a line per input document, in input order:
//!
//! ```text
//! {"id": "doc-1", "entities": [
//!    {"start": 0, "end": 9, "label": "LOC", "text": "Đồng Xoài",
//!     "attrs": {"id": "…", …}, "source": "lexicons/places/admin_pre2025.tsv:812"}]}
//! ```
//!
//! - `start`/`end`: offsets into the document text as given, `end`
//!   exclusive, in the unit chosen ([`OffsetUnit`]: code points by default);
//! - `text`: the document's text between them;
//! - `attrs`: parsed values and links; `attrs.nested` lists mentions inside
//!   the span (label, text, id);
//! - `source`: the lexicon `file:line` or the rule that produced the span;
//! - `parent`: only with `--layer all`, the index of the outer entity of a
//!   nested mention.
//!
//! With `--include-text` the record also has `"text"`. A document that could
//! not be read or annotated gets `{"id": …, "error": {"kind", "message"}}`
//! instead of `entities`; error kinds are `invalid_utf8`, `invalid_json`,
//! `missing_text`, `io`, `too_large` and `internal` (a bug in vietag).

use serde_json::{Map, Value};

use crate::entity::Entity;
use crate::text::{OffsetConverter, OffsetUnit};

/// Field names of JSON Lines input.
#[derive(Clone, Debug)]
pub struct JsonlFields {
    /// Name of the id field (default `id`).
    pub id: String,
    /// Name of the text field (default `text`).
    pub text: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            id: "id".into(),
            text: "text".into(),
        }
    }
}

/// Why one input record has no annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// A stable kind: `invalid_utf8`, `invalid_json`, `missing_text`, `io`,
    /// `too_large`; `invalid_input` from `vietag import`.
    pub kind: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

/// Parses one JSON Lines record into (id, text). `line_no` (1-based) is
/// the id when the record has none and names the line in errors.
///
/// ```
/// use vietag::formats::jsonl::{parse_record, JsonlFields};
/// let f = JsonlFields::default();
/// let line = r#"{"id": "a", "text": "Hà Nội", "x": 1}"#;
/// let (id, text) = parse_record(line.as_bytes(), 7, &f).unwrap();
/// assert_eq!((id.as_str(), text.as_str()), (Some("a"), "Hà Nội"));
/// let (id, _) = parse_record(br#"{"text": "x"}"#, 7, &f).unwrap();
/// assert_eq!(id, 7);
/// let err = parse_record(b"{oops", 7, &f).unwrap_err();
/// assert_eq!(err.kind, "invalid_json");
/// assert!(err.message.starts_with("line 7:"));
/// ```
pub fn parse_record(
    line: &[u8],
    line_no: usize,
    fields: &JsonlFields,
) -> Result<(Value, String), RecordError> {
    let mut obj: Map<String, Value> = match serde_json::from_slice(line) {
        Ok(Value::Object(o)) => o,
        Ok(_) => {
            return Err(RecordError {
                kind: "invalid_json",
                message: format!(
                    "line {line_no}: expected a JSON object with \"{}\" and \"{}\"",
                    fields.id, fields.text
                ),
            })
        }
        Err(e) => {
            let kind = if std::str::from_utf8(line).is_err() {
                "invalid_utf8"
            } else {
                "invalid_json"
            };
            return Err(RecordError {
                kind,
                message: format!("line {line_no}: not a valid JSON object: {e}"),
            });
        }
    };
    let id = match obj.remove(&fields.id) {
        Some(v @ (Value::String(_) | Value::Number(_))) => v,
        _ => Value::from(line_no),
    };
    match obj.remove(&fields.text) {
        Some(Value::String(s)) => Ok((id, s)),
        Some(_) => Err(RecordError {
            kind: "missing_text",
            message: format!("line {line_no}: field \"{}\" is not a string", fields.text),
        }),
        None => Err(RecordError {
            kind: "missing_text",
            message: format!(
                "line {line_no}: no \"{}\" field; name the text field with --text-field",
                fields.text
            ),
        }),
    }
}

/// How records are written.
#[derive(Clone, Copy, Debug, Default)]
pub struct OutputOptions {
    /// Unit of `start`/`end`.
    pub unit: OffsetUnit,
    /// Add the document text to each record.
    pub include_text: bool,
}

/// Appends one annotated record (and a newline) to `out`.
pub fn write_record(
    out: &mut Vec<u8>,
    id: &Value,
    text: &str,
    entities: &[Entity],
    opts: OutputOptions,
) {
    let mut record = Map::new();
    record.insert("id".into(), id.clone());
    if opts.include_text {
        record.insert("text".into(), Value::String(text.to_string()));
    }
    record.insert(
        "entities".into(),
        Value::Array(entities_json(text, entities, opts.unit)),
    );
    push_line(out, &Value::Object(record));
}

/// Appends one error record (and a newline) to `out`.
pub fn write_error(out: &mut Vec<u8>, id: &Value, error: &RecordError) {
    let mut err = Map::new();
    err.insert("kind".into(), Value::String(error.kind.into()));
    err.insert("message".into(), Value::String(error.message.clone()));
    let mut record = Map::new();
    record.insert("id".into(), id.clone());
    record.insert("error".into(), Value::Object(err));
    push_line(out, &Value::Object(record));
}

fn push_line(out: &mut Vec<u8>, value: &Value) {
    // Serialising a Value into a Vec cannot fail.
    if serde_json::to_writer(&mut *out, value).is_ok() {
        out.push(b'\n');
    }
}

/// The entity list as JSON, offsets converted to `unit`.
pub fn entities_json(text: &str, entities: &[Entity], unit: OffsetUnit) -> Vec<Value> {
    let mut conv = OffsetConverter::new(text, unit);
    entities
        .iter()
        .map(|e| {
            let mut o = Map::new();
            o.insert("start".into(), Value::from(conv.convert(e.start)));
            o.insert("end".into(), Value::from(conv.convert(e.end)));
            o.insert("label".into(), Value::String(e.label.as_str().into()));
            o.insert("text".into(), Value::String(e.text(text).into()));
            o.insert("attrs".into(), Value::Object(e.attrs.clone()));
            o.insert("source".into(), Value::String(e.source.clone()));
            if let Some(p) = e.parent {
                o.insert("parent".into(), Value::from(p));
            }
            Value::Object(o)
        })
        .collect()
}
