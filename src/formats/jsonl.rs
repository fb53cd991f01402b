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
//! PERCENT, MONEY and QUANTITY entities carry `attrs.value` (a JSON number:
//! percent, units of `currency`, or the count), and `max`, `op`, `unit`,
//! `kind`, `total`, `per`, `currency`, `decimals`, `points`,
//! `currency_implied`, `unit_inferred` as documented in
//! [`crate::taggers::numeric`].
//!
//! ## Claims and findings
//!
//! Every record also has `claims` and `findings` (empty arrays when the
//! document has no numeric mention):
//!
//! ```text
//! "claims": [
//!   {"entity": 0, "label": "QUANTITY", "value": 31, "op": "=", "unit": "tổ chức cơ sở đảng",
//!    "trend": "có", "change": "to", "total": 36, "sentence": 0, "checked": ["ratio", "parts_sum"]},
//!   {"entity": 1, "label": "PERCENT", "value": 83.3, "op": "=", "unit": "%",
//!    "trend": "chiếm", "change": "to", "basis": "share", "total": 36, "part": 0,
//!    "computed": 86.1111, "sentence": 0, "checked": ["share_range", "ratio"]},
//!   {"entity": 2, "label": "PERCENT", "value": 1.2, "op": "=", "unit": "%",
//!    "metric": "tỷ lệ hộ nghèo", "trend": "giảm", "change": "to", "basis": "share",
//!    "sentence": 0, "checked": ["share_range"]}],
//! "findings": [
//!   {"code": "percent_ratio_mismatch", "severity": "error",
//!    "message": "«31/36 TCCS đảng» is 86.11%, but the text states «83,3%» (±0.05)",
//!    "entities": [0, 1], "stated": 83.3, "expected": 86.11}]
//! ```
//!
//! A claim is one numeric entity of the flat layer; `entity`, `part`,
//! `part_of`, `total_entity` and `time` are indices into the record's
//! `entities`. Always present: `entity`, `label`, `value`, `op` (`=`, `>`,
//! `<`, `~`, `>=`, `<=`), `sentence` (0-based index of the sentence). When
//! known:
//!
//! | key | meaning |
//! |---|---|
//! | `max` | upper bound of a range |
//! | `unit` | `%`, the currency code, or the counted unit |
//! | `per` | a rate's denominator ("năm", "người/năm") |
//! | `of` | PERCENT: the counted noun after it ("92% chi bộ" → "chi bộ") |
//! | `metric` | what is measured, as written ("tỷ lệ hộ nghèo") |
//! | `trend`, `change` | the verb (tăng, giảm, đạt, chiếm, còn, có, kết nạp …) and whether the number is the change (`by`) or the level reached (`to`) |
//! | `basis` | PERCENT: `share` of a whole, `target` achieved, or `change` |
//! | `total`, `total_entity` | the whole: a ratio's denominator, a quantity after "tổng số", or the document's one "có N unit" count |
//! | `part` | PERCENT: the ratio or count it restates |
//! | `computed` | PERCENT: the percentage that `part` and `total` give |
//! | `part_of` | an item listed after "trong đó"/"gồm": its whole |
//! | `time` | the DATE entity of the same sentence |
//! | `checked` | the consistency checks run on it: `ratio`, `part_total`, `parts_sum`, `share_range`, `whole_count` |
//!
//! A finding has a stable `code` (`percent_ratio_mismatch`,
//! `percent_part_total_mismatch`, `parts_exceed_total`, `share_over_100`,
//! `percent_count_inexact`), a `severity` (`error` or `warning`), a
//! `message` quoting the mentions, the `entities` involved, and when one
//! number is at fault the `stated` and `expected` values. See
//! [`crate::findings`] for when each is reported.
//!
//! With `--include-text` the record also has `"text"`. A document that could
//! not be read or annotated gets `{"id": …, "error": {"kind", "message"}}`
//! instead of `entities`; error kinds are `invalid_utf8`, `invalid_json`,
//! `missing_text`, `io`, `too_large` and `internal` (a bug in vietag).

use serde_json::{Map, Value};

use crate::annotator::Annotation;
use crate::text::OffsetUnit;

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

/// Appends one annotated record (and a newline) to `out`: the entities,
/// then the claims and findings of the numeric layer.
pub fn write_record(
    out: &mut Vec<u8>,
    id: &Value,
    text: &str,
    annotation: &Annotation,
    opts: OutputOptions,
) {
    annotation.write_json(out, id, text, opts);
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
