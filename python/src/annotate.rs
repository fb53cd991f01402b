//! `Core`: one annotator built from its options, annotating one document
//! or a batch of documents in parallel, always with the interpreter
//! released, and answering with the JSON record `vietag annotate` writes.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};
use rayon::prelude::*;
use rayon::ThreadPool;
use serde_json::Value;
use vietag::formats::jsonl::{write_error, OutputOptions, RecordError};
use vietag::{Annotator, AnnotatorBuilder, LabelSet, Layer, OffsetUnit, Worker};

use crate::errors::{build_error, value_error, VietagError};

/// One document of a batch as read from Python: its id and text, or why
/// it has none.
type Item = (Value, Result<String, RecordError>);

/// The options `Core` is built from, as the Python caller gave them.
struct Options<'a> {
    labels: Option<&'a str>,
    lexicons: Vec<PathBuf>,
    default_lexicons: bool,
    fold_diacritics: bool,
    layer: &'a str,
}

/// A built annotator with its output options, the `Worker` buffers of
/// single-document calls, and the thread pools of batch calls by size.
#[pyclass(module = "vietag._vietag", frozen)]
pub struct Core {
    annotator: Annotator,
    output: OutputOptions,
    workers: Mutex<Vec<Worker>>,
    pools: Mutex<HashMap<Option<usize>, Arc<ThreadPool>>>,
}

#[pymethods]
impl Core {
    /// Builds the annotator (the lexicons are parsed and compiled here,
    /// once, with the interpreter released).
    #[new]
    #[pyo3(signature = (labels=None, lexicons=Vec::new(), default_lexicons=true,
        fold_diacritics=false, layer="flat", offsets="codepoint", include_text=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        labels: Option<&str>,
        lexicons: Vec<PathBuf>,
        default_lexicons: bool,
        fold_diacritics: bool,
        layer: &str,
        offsets: &str,
        include_text: bool,
    ) -> PyResult<Self> {
        let unit: OffsetUnit = offsets.parse().map_err(value_error)?;
        let options = Options {
            labels,
            lexicons,
            default_lexicons,
            fold_diacritics,
            layer,
        };
        let builder = builder(&options)?;
        let annotator = py.detach(|| builder.build()).map_err(build_error)?;
        let mut output = OutputOptions::default();
        output.unit = unit;
        output.include_text = include_text;
        Ok(Core {
            annotator,
            output,
            workers: Mutex::new(Vec::new()),
            pools: Mutex::new(HashMap::new()),
        })
    }

    /// The record of one document as one line of JSON (no newline).
    #[pyo3(signature = (text, id=None))]
    fn annotate(
        &self,
        py: Python<'_>,
        text: String,
        id: Option<Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let id = match &id {
            None => Value::Null,
            Some(obj) => id_value(obj).ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "id must be a str, an int or None, not {}",
                    type_name(obj)
                ))
            })?,
        };
        let mut worker = self.take_worker();
        let (line, failed) = py.detach(|| self.render(&mut worker, &id, Ok(&text)));
        self.return_worker(worker);
        if failed {
            return Err(VietagError::new_err(error_message(&line)));
        }
        Ok(line)
    }

    /// The records of a batch, in order, annotated in parallel on
    /// `threads` threads (default: one per core). Items are `str` or
    /// `dict` with `id_field`/`text_field`; an item without an id gets
    /// its 1-based position, `first_index` for the first. An item that
    /// cannot be annotated gets an error record.
    #[pyo3(signature = (items, first_index=1, threads=None, id_field="id", text_field="text"))]
    fn annotate_batch(
        &self,
        py: Python<'_>,
        items: Vec<Bound<'_, PyAny>>,
        first_index: usize,
        threads: Option<usize>,
        id_field: &str,
        text_field: &str,
    ) -> PyResult<Vec<String>> {
        if threads == Some(0) {
            return Err(value_error(
                "threads must be at least 1 (or None: one per core)",
            ));
        }
        let batch: Vec<Item> = items
            .iter()
            .enumerate()
            .map(|(i, obj)| read_item(obj, first_index + i, id_field, text_field))
            .collect::<PyResult<_>>()?;
        let pool = self.pool(threads)?;
        let lines = py.detach(|| {
            pool.install(|| {
                batch
                    .par_iter()
                    .map_init(Worker::new, |worker, (id, text)| {
                        let text = text.as_ref().map(String::as_str);
                        self.render(worker, id, text).0
                    })
                    .collect()
            })
        });
        Ok(lines)
    }
}

impl Core {
    /// The record line of one document and whether it is an error record.
    /// A panic in the library costs this document only, as in the
    /// command line's pipeline: it gets an `internal` error record and
    /// the worker starts afresh.
    fn render(
        &self,
        worker: &mut Worker,
        id: &Value,
        text: Result<&str, &RecordError>,
    ) -> (String, bool) {
        let mut out = Vec::new();
        let failed = match text {
            Err(e) => {
                write_error(&mut out, id, e);
                true
            }
            Ok(text) => {
                let annotated = catch_unwind(AssertUnwindSafe(|| {
                    self.annotator.annotate_with(text, worker)
                }));
                match annotated {
                    Ok(annotation) => {
                        annotation.write_json(&mut out, id, text, self.output);
                        false
                    }
                    Err(_) => {
                        *worker = Worker::new();
                        write_error(&mut out, id, &internal_error(id));
                        true
                    }
                }
            }
        };
        if out.last() == Some(&b'\n') {
            out.pop();
        }
        // serde_json writes UTF-8; the lossy path is never taken.
        let line = String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        (line, failed)
    }

    fn take_worker(&self) -> Worker {
        self.workers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .unwrap_or_default()
    }

    fn return_worker(&self, worker: Worker) {
        self.workers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(worker);
    }

    /// The thread pool of `threads` threads, built on first use.
    fn pool(&self, threads: Option<usize>) -> PyResult<Arc<ThreadPool>> {
        let mut pools = self.pools.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(pool) = pools.get(&threads) {
            return Ok(Arc::clone(pool));
        }
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(n) = threads {
            builder = builder.num_threads(n);
        }
        let pool = Arc::new(
            builder
                .build()
                .map_err(|e| VietagError::new_err(format!("cannot start worker threads: {e}")))?,
        );
        pools.insert(threads, Arc::clone(&pool));
        Ok(pool)
    }
}

/// The library's builder for `options`.
fn builder(options: &Options<'_>) -> PyResult<AnnotatorBuilder> {
    let mut builder = AnnotatorBuilder::new();
    builder
        .default_lexicons(options.default_lexicons)
        .fold_diacritics(options.fold_diacritics)
        .layer(match options.layer {
            "flat" => Layer::Flat,
            "all" => Layer::All,
            other => {
                return Err(value_error(format!(
                    "unknown layer '{other}': use flat or all"
                )))
            }
        });
    if let Some(list) = options.labels {
        builder.labels(list.parse::<LabelSet>().map_err(value_error)?);
    }
    for path in &options.lexicons {
        builder.lexicon_file(path).map_err(build_error)?;
    }
    Ok(builder)
}

/// One batch item: a `str` (id: its position) or a `dict` with an id and
/// a text field. The messages follow the command line's for JSON Lines
/// records, with the item's position for the line.
fn read_item(
    obj: &Bound<'_, PyAny>,
    index: usize,
    id_field: &str,
    text_field: &str,
) -> PyResult<Item> {
    if obj.is_instance_of::<PyString>() {
        return Ok((Value::from(index), text_of(obj, index)));
    }
    let Ok(dict) = obj.cast::<PyDict>() else {
        let e = RecordError {
            kind: "invalid_input",
            message: format!(
                "record {index}: expected a str or a dict with \"{id_field}\" and \"{text_field}\", not {}",
                type_name(obj)
            ),
        };
        return Ok((Value::from(index), Err(e)));
    };
    let id = dict
        .get_item(id_field)?
        .and_then(|v| id_value(&v))
        .unwrap_or_else(|| Value::from(index));
    let text = match dict.get_item(text_field)? {
        Some(t) if t.is_instance_of::<PyString>() => text_of(&t, index),
        Some(_) => Err(RecordError {
            kind: "missing_text",
            message: format!("record {index}: field \"{text_field}\" is not a string"),
        }),
        None => Err(RecordError {
            kind: "missing_text",
            message: format!("record {index}: no \"{text_field}\" field"),
        }),
    };
    Ok((id, text))
}

/// The text of a Python `str`; one with lone surrogates has no UTF-8
/// form and gets an `invalid_utf8` error.
fn text_of(obj: &Bound<'_, PyAny>, index: usize) -> Result<String, RecordError> {
    obj.extract::<String>().map_err(|e| RecordError {
        kind: "invalid_utf8",
        message: format!("record {index}: the text is not valid Unicode: {e}"),
    })
}

/// An id as the command line keeps it: a string or a number; anything
/// else (None, bool, other types) has none.
fn id_value(obj: &Bound<'_, PyAny>) -> Option<Value> {
    if obj.is_instance_of::<PyBool>() {
        None
    } else if obj.is_instance_of::<PyString>() {
        obj.extract::<String>().ok().map(Value::String)
    } else if obj.is_instance_of::<PyInt>() {
        obj.extract::<i64>()
            .map(Value::from)
            .or_else(|_| obj.extract::<u64>().map(Value::from))
            .ok()
    } else if obj.is_instance_of::<PyFloat>() {
        obj.extract::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
    } else {
        None
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "this type".to_string())
}

fn internal_error(id: &Value) -> RecordError {
    let name = match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    RecordError {
        kind: "internal",
        message: format!(
            "{name}: vietag failed on this document (a bug); please report it with the document"
        ),
    }
}

/// The message of an error record line.
fn error_message(line: &str) -> String {
    serde_json::from_str::<Value>(line)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| line.to_string())
}
