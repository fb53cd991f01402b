//! The JSON Lines wire format.
//!
//! # Input
//!
//! One JSON object a line with at least an id and a text field (names set by
//! [`JsonlFields`], default `id` and `text`). A missing id becomes the line
//! number (or `path:line`, see [`crate::pipeline`]); a numeric id is
//! written back exactly as it was written. Other fields are copied to the
//! output record as [`KeepFields`] says, else ignored. Blank lines are
//! skipped, and so is a byte-order mark at the start of the input.
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
//!   exclusive, in the unit chosen ([`OffsetUnit`](crate::OffsetUnit): code points by default);
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
//! [`crate::attrs::NumericAttrs`].
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
//! With `--include-text` the record also has `"text"`. A document decoded
//! from a legacy encoding, or read with an encoding asked for, has
//! `"encoding"` (`utf8`, `tcvn3`, `vni`, `cp1258`, `viqr`) after the id: its
//! offsets and `text` are those of the decoded (NFC) text. A document that
//! could not be read or annotated gets `{"id": …, "error": {"kind",
//! "message"}}` instead of `entities`; error kinds are `invalid_utf8`,
//! `unknown_encoding` (no encoding reads it as Vietnamese),
//! `invalid_encoding` (a byte the encoding asked for leaves undefined),
//! `invalid_json`, `missing_text`, `io`, `too_large` and `internal` (a bug
//! in vietag).

use std::fmt;

use serde_json::{Map, Value};

pub use super::record::OutputOptions;

/// Field names of JSON Lines input.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct JsonlFields {
    /// Name of the id field (default `id`).
    pub id: String,
    /// Name of the text field (default `text`).
    pub text: String,
    /// Other fields copied to the output record.
    pub keep: KeepFields,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            id: "id".into(),
            text: "text".into(),
            keep: KeepFields::None,
        }
    }
}

/// Keys of the output record, which a kept input field cannot take.
pub const OUTPUT_KEYS: [&str; 6] = ["id", "text", "entities", "claims", "findings", "error"];

/// Which fields of an input record are copied to its output record
/// (after `id`, in input order; a field a record lacks is left out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeepFields {
    /// None (the default).
    #[default]
    None,
    /// Every field but the id and text fields and the [`OUTPUT_KEYS`].
    All,
    /// These fields.
    Only(Vec<String>),
}

/// Why a [`KeepFields`] list was refused.
///
/// ```
/// use vietag::formats::jsonl::{KeepFields, KeepFieldsError};
/// let err = "url,entities".parse::<KeepFields>().unwrap_err();
/// assert_eq!(err, KeepFieldsError::OutputKey("entities".into()));
/// assert!(err.to_string().contains("key of the output record"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeepFieldsError {
    /// A name of [`OUTPUT_KEYS`]: the output record has a field of its own
    /// by that name.
    OutputKey(String),
    /// No field name at all (only commas and white space).
    NoFields,
}

impl fmt::Display for KeepFieldsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeepFieldsError::OutputKey(name) => write!(
                f,
                "\"{name}\" is a key of the output record and cannot be copied into it"
            ),
            KeepFieldsError::NoFields => f.write_str("no field names given"),
        }
    }
}

impl std::error::Error for KeepFieldsError {}

impl std::str::FromStr for KeepFields {
    type Err = KeepFieldsError;

    /// `all`, or field names separated by commas; a name of
    /// [`OUTPUT_KEYS`] is refused.
    ///
    /// ```
    /// use vietag::formats::jsonl::{KeepFields, KeepFieldsError};
    /// assert_eq!("all".parse(), Ok(KeepFields::All));
    /// assert_eq!("url, date".parse(), Ok(KeepFields::Only(vec!["url".into(), "date".into()])));
    /// assert_eq!(" , ".parse::<KeepFields>(), Err(KeepFieldsError::NoFields));
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim() == "all" {
            return Ok(KeepFields::All);
        }
        let names: Vec<String> = s
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect();
        if let Some(taken) = names.iter().find(|n| OUTPUT_KEYS.contains(&n.as_str())) {
            return Err(KeepFieldsError::OutputKey(taken.clone()));
        }
        if names.is_empty() {
            return Err(KeepFieldsError::NoFields);
        }
        Ok(KeepFields::Only(names))
    }
}

impl KeepFields {
    /// The fields of `record` to copy, taken out of it.
    fn take(&self, record: &mut Map<String, Value>, fields: &JsonlFields) -> Map<String, Value> {
        match self {
            KeepFields::None => Map::new(),
            KeepFields::Only(names) => names
                .iter()
                .filter_map(|n| record.remove(n).map(|v| (n.clone(), v)))
                .collect(),
            KeepFields::All => {
                let skip = |k: &str| k == fields.id || k == fields.text || OUTPUT_KEYS.contains(&k);
                let mut kept = Map::new();
                for (k, v) in std::mem::take(record) {
                    if skip(&k) {
                        record.insert(k, v);
                    } else {
                        kept.insert(k, v);
                    }
                }
                kept
            }
        }
    }
}

/// Why one input record has no annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// A stable kind: `invalid_utf8`, `unknown_encoding`,
    /// `invalid_encoding`, `invalid_json`, `missing_text`, `io`,
    /// `too_large`; `invalid_input` from `vietag import`.
    pub kind: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

/// One JSON Lines input record, read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InputRecord {
    /// The record's id (a string or a number, exactly as written), if it
    /// has one.
    pub id: Option<Value>,
    /// The text to annotate.
    pub text: String,
    /// The fields [`JsonlFields::keep`] asks to copy to the output.
    pub kept: Map<String, Value>,
}

/// A record that cannot be annotated: what is known of it, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordFailure {
    /// The record's own id, when the line is a JSON object that has one.
    pub id: Option<Value>,
    /// The kept fields, when the line is a JSON object.
    pub kept: Map<String, Value>,
    /// What is wrong.
    pub error: RecordError,
}

/// Parses one JSON Lines record. `line_no` (1-based) names the line in
/// errors; a record without an id gets its id from the caller (the line
/// number, or `path:line` with several inputs).
///
/// ```
/// use vietag::formats::jsonl::{parse_record, JsonlFields};
/// let f = JsonlFields::default();
/// let line = r#"{"id": "a", "text": "Hà Nội", "x": 1}"#;
/// let rec = parse_record(line.as_bytes(), 7, &f).unwrap();
/// assert_eq!((rec.id.unwrap(), rec.text.as_str()), ("a".into(), "Hà Nội"));
/// let rec = parse_record(br#"{"text": "x"}"#, 7, &f).unwrap();
/// assert_eq!(rec.id, None);
/// let fail = parse_record(b"{oops", 7, &f).unwrap_err();
/// assert_eq!(fail.error.kind, "invalid_json");
/// assert!(fail.error.message.starts_with("line 7:"));
/// // A record that fails keeps its own id.
/// let fail = parse_record(br#"{"id": "x", "text": 123}"#, 7, &f).unwrap_err();
/// assert_eq!((fail.id.unwrap(), fail.error.kind), ("x".into(), "missing_text"));
/// ```
pub fn parse_record(
    line: &[u8],
    line_no: usize,
    fields: &JsonlFields,
) -> Result<InputRecord, Box<RecordFailure>> {
    let mut obj = parse_object(line, line_no, fields).map_err(|error| {
        Box::new(RecordFailure {
            id: None,
            kept: Map::new(),
            error,
        })
    })?;
    let id = match obj.remove(&fields.id) {
        Some(v @ (Value::String(_) | Value::Number(_))) => Some(v),
        _ => None,
    };
    let kept = fields.keep.take(&mut obj, fields);
    let error = match obj.remove(&fields.text) {
        Some(Value::String(text)) => return Ok(InputRecord { id, text, kept }),
        Some(_) => format!("line {line_no}: field \"{}\" is not a string", fields.text),
        None => format!(
            "line {line_no}: no \"{}\" field; name the field that holds the text",
            fields.text
        ),
    };
    Err(Box::new(RecordFailure {
        id,
        kept,
        error: RecordError {
            kind: "missing_text",
            message: error,
        },
    }))
}

fn parse_object(
    line: &[u8],
    line_no: usize,
    fields: &JsonlFields,
) -> Result<Map<String, Value>, RecordError> {
    // The line is checked as UTF-8 whole, with SIMD, and then parsed as a
    // `str`: parsed from bytes, each string's contents were checked again,
    // one by one, by the standard library's slower check (a twentieth of
    // annotating news). A line that is not UTF-8 is parsed as bytes, for
    // serde_json's message of where it fails.
    let utf8 = simdutf8::basic::from_utf8(line);
    let parsed = match utf8 {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(line),
    };
    match parsed {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(RecordError {
            kind: "invalid_json",
            message: format!(
                "line {line_no}: expected a JSON object with \"{}\" and \"{}\"",
                fields.id, fields.text
            ),
        }),
        Err(e) => Err(RecordError {
            kind: if utf8.is_err() {
                "invalid_utf8"
            } else {
                "invalid_json"
            },
            message: format!("line {line_no}: not a valid JSON object: {e}"),
        }),
    }
}

/// Whether `bytes` look like JSON Lines: at least one line, and every line
/// that is not blank a JSON object (a byte-order mark at the start is
/// allowed).
///
/// ```
/// use vietag::formats::jsonl::looks_like_jsonl;
/// assert!(looks_like_jsonl(b"{\"text\": \"a\"}\n\n{\"text\": \"b\"}\n"));
/// assert!(!looks_like_jsonl(b"{\"text\": \"a\"}\nBan B\xC3\xAD th\xC6\xB0\n"));
/// assert!(!looks_like_jsonl(b"  \n"));
/// ```
pub fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .peekable();
    // Text fails on its first line, at its first byte: no parsing.
    lines.peek().is_some()
        && lines.all(|l| {
            l.trim_ascii_start().first() == Some(&b'{')
                && serde_json::from_slice::<serde::de::IgnoredAny>(l).is_ok()
        })
}

/// Appends one error record (and a newline) to `out`.
pub fn write_error(out: &mut Vec<u8>, id: &Value, error: &RecordError) {
    write_error_with(out, id, &Map::new(), error);
}

/// [`write_error`] with the fields `kept` from the input record after the
/// id.
pub fn write_error_with(
    out: &mut Vec<u8>,
    id: &Value,
    kept: &Map<String, Value>,
    error: &RecordError,
) {
    let mut err = Map::new();
    err.insert("kind".into(), Value::String(error.kind.into()));
    err.insert("message".into(), Value::String(error.message.clone()));
    let mut record = start_record(id, kept);
    record.insert("error".into(), Value::Object(err));
    // Written as the records of documents are; into a `Vec`, which cannot
    // fail.
    let _ = super::json_writer::write_line(&mut *out, &Value::Object(record));
}

fn start_record(id: &Value, kept: &Map<String, Value>) -> Map<String, Value> {
    let mut record = Map::with_capacity(kept.len() + 5);
    record.insert("id".into(), id.clone());
    for (k, v) in kept {
        record.insert(k.clone(), v.clone());
    }
    record
}
