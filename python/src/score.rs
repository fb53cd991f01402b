//! Scoring: `vietag eval` over records or files, its JSON report as text.
//!
//! The two sides are read as the command line reads them: a prediction
//! record without `text` (`annotate` output) is scored with an empty text,
//! an `annotate` error record in the prediction predicts nothing for its
//! document, and a record that cannot be read on either side stops the
//! scoring with every such record named.

use std::collections::BTreeSet;
use std::path::PathBuf;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::Value;
use vietag::eval::{self, EvalOptions};
use vietag::formats::{read_str, Doc, DocError, Format, FormatOptions};

use crate::errors::value_error;
use crate::records::read_file_records;

/// One side of a scoring: a file of some format, or records.
enum Side {
    File(PathBuf, Format),
    Records(Vec<String>),
}

/// The report of `vietag eval --format json GOLD PRED` as JSON text.
/// `gold` and `pred` are paths or lists of vietag JSON Lines records.
#[pyfunction]
#[pyo3(signature = (gold, pred, gold_format="jsonl", pred_format="jsonl", labels=None,
    show_errors=0, context=40, offsets="codepoint"))]
#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    py: Python<'_>,
    gold: Bound<'_, PyAny>,
    pred: Bound<'_, PyAny>,
    gold_format: &str,
    pred_format: &str,
    labels: Option<Vec<String>>,
    show_errors: usize,
    context: usize,
    offsets: &str,
) -> PyResult<String> {
    let gold = side(&gold, gold_format)?;
    let pred = side(&pred, pred_format)?;
    let mut formats = FormatOptions::default();
    formats.offsets = offsets.parse().map_err(value_error)?;
    let labels: Option<BTreeSet<String>> = labels.map(|l| {
        l.into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    if labels.as_ref().is_some_and(BTreeSet::is_empty) {
        return Err(value_error("labels is empty: give labels such as PER,LOC"));
    }
    let mut opts = EvalOptions::default();
    opts.labels = labels;
    opts.max_errors = show_errors;
    opts.context_chars = context;
    py.detach(|| {
        let mut bad = Vec::new();
        let gold = read_side(&gold, &formats, false, &mut bad)?;
        let pred = read_side(&pred, &formats, true, &mut bad)?;
        if !bad.is_empty() {
            return Err(PyValueError::new_err(format!(
                "some records could not be read; nothing scored:\n{}",
                bad.join("\n")
            )));
        }
        let report = eval::evaluate(gold, pred, &opts);
        serde_json::to_string(&report).map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

fn side(obj: &Bound<'_, PyAny>, format: &str) -> PyResult<Side> {
    if obj.is_instance_of::<PyString>() {
        let format = format.parse().map_err(value_error)?;
        return Ok(Side::File(obj.extract()?, format));
    }
    Ok(Side::Records(obj.extract()?))
}

/// The documents of one side, slimmed to what scoring reads; records that
/// cannot be read are added to `bad`, as the command line names them.
fn read_side(
    side: &Side,
    formats: &FormatOptions,
    is_pred: bool,
    bad: &mut Vec<String>,
) -> PyResult<Vec<Doc>> {
    let (name, format, read) = match side {
        Side::File(path, format) => (
            path.display().to_string(),
            *format,
            read_file_records(path, *format, formats)?,
        ),
        Side::Records(lines) => {
            let docs = read_str(Format::Jsonl, &lines.join("\n"), formats);
            let raw = lines.iter().cloned().map(Some);
            (
                "<records>".to_string(),
                Format::Jsonl,
                raw.zip(docs).collect(),
            )
        }
    };
    let mut docs = Vec::with_capacity(read.len());
    for (raw, doc) in read {
        match classify(format, raw.as_deref(), doc) {
            Input::Doc(d) if is_pred => {
                let mut d = eval::slim(d);
                d.text = String::new();
                docs.push(d);
            }
            Input::Doc(d) => docs.push(eval::slim(d)),
            Input::ErrorRecord { id, .. } if is_pred => docs.push(Doc::new(id, "")),
            Input::ErrorRecord { id, line } => bad.push(format!(
                "{name}:{line}: id {id}: an error record, not a gold document"
            )),
            Input::Bad(e) => bad.push(e.in_file(&name)),
        }
    }
    Ok(docs)
}

/// One record as scoring sees it.
enum Input {
    Doc(Doc),
    /// An `annotate` error record: `{"id", "error"}`.
    ErrorRecord {
        id: Value,
        line: usize,
    },
    Bad(DocError),
}

/// A JSON Lines record the document reader refuses may still be an
/// `annotate` error record, or a record without `text` (annotate output
/// without the text), read with an empty text.
fn classify(format: Format, raw: Option<&str>, doc: Result<Doc, DocError>) -> Input {
    let err = match doc {
        Ok(d) => return Input::Doc(d),
        Err(e) => e,
    };
    let parsed = match (format, raw) {
        (Format::Jsonl, Some(raw)) => serde_json::from_str::<Value>(raw).ok(),
        _ => None,
    };
    let Some(Value::Object(mut obj)) = parsed else {
        return Input::Bad(err);
    };
    if obj.contains_key("error") {
        let id = obj.remove("id").unwrap_or(Value::from(err.line));
        return Input::ErrorRecord { id, line: err.line };
    }
    if obj.contains_key("text") {
        return Input::Bad(err);
    }
    obj.insert("text".into(), Value::String(String::new()));
    let line = Value::Object(obj).to_string();
    match read_str(Format::Jsonl, &line, &FormatOptions::default()).pop() {
        Some(Ok(mut doc)) => {
            doc.line = err.line;
            doc.index = err.index;
            Input::Doc(doc)
        }
        Some(Err(mut e)) => {
            e.line = err.line;
            e.index = err.index;
            Input::Bad(e)
        }
        None => Input::Bad(err),
    }
}
