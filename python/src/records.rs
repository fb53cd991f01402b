//! Annotation files and records: reading any format the library reads,
//! writing any format it writes, and lint, with the messages of
//! `vietag import`, `vietag export` and `vietag lint --format json`.
//!
//! Records cross the boundary as vietag JSON Lines text, one record a
//! string, and are read with the library's own JSON Lines reader: a record
//! from Python is read exactly as the same line in a file would be.

use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{BufReader, Write as _};
use std::path::{Path, PathBuf};

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;
use vietag::formats::conll::{ConllOptions, Scheme};
use vietag::formats::jsonl::{write_error, RecordError};
use vietag::formats::labelstudio::ResultKind;
use vietag::formats::{
    brat, doccano, hf, labels, labelstudio, read_str, CharMap, Doc, DocError, Format,
    FormatOptions, LineRecords, Writer,
};
use vietag::lint::{self, Linter};
use vietag::Label;

use crate::errors::value_error;

/// The name records given from Python have in messages.
const RECORDS: &str = "<records>";

/// Every format name, for the Python side's checks and messages.
#[pyfunction]
pub fn format_names() -> Vec<&'static str> {
    Format::ALL.iter().map(|f| f.name()).collect()
}

/// The records of a file (a directory for brat) as vietag JSON Lines,
/// one string a record; a document that cannot be read is the error
/// record `vietag import` writes for it.
#[pyfunction]
#[pyo3(signature = (path, format="jsonl", offsets="codepoint"))]
pub fn read_file(
    py: Python<'_>,
    path: PathBuf,
    format: &str,
    offsets: &str,
) -> PyResult<Vec<String>> {
    let format = parse_format(format)?;
    let mut opts = FormatOptions::default();
    opts.offsets = offsets.parse().map_err(value_error)?;
    let name = path.display().to_string();
    let docs = py.detach(|| read_docs(&path, format, &opts))?;
    Ok(docs
        .into_iter()
        .map(|doc| match doc {
            Ok(doc) => jsonl_line(&doc),
            Err(e) => import_error_line(&e, &name),
        })
        .collect())
}

/// Writes `records` (vietag JSON Lines strings with `text`) as `format`
/// to `path`, or nothing if any record cannot be written and `strict`.
/// Returns `{"written", "failed", "errors", "warnings"}` with the messages
/// `vietag export` prints.
#[pyfunction]
#[pyo3(signature = (records, path, format="jsonl", scheme="bio", comments=false,
    offsets="codepoint", strict=true, as_="annotations"))]
#[allow(clippy::too_many_arguments)]
pub fn write_file<'py>(
    py: Python<'py>,
    records: Vec<String>,
    path: PathBuf,
    format: &str,
    scheme: &str,
    comments: bool,
    offsets: &str,
    strict: bool,
    as_: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let format = parse_format(format)?;
    let mut opts = FormatOptions::default();
    opts.conll = ConllOptions {
        scheme: match scheme {
            "bio" => Scheme::Bio,
            "bioes" => Scheme::Bioes,
            other => {
                return Err(value_error(format!(
                    "unknown scheme '{other}': use bio or bioes"
                )))
            }
        },
        comments,
    };
    opts.offsets = offsets.parse().map_err(value_error)?;
    opts.label_studio = match as_ {
        "annotations" => ResultKind::Annotations,
        "predictions" => ResultKind::Predictions,
        other => {
            return Err(value_error(format!(
                "unknown result kind '{other}': use annotations or predictions"
            )))
        }
    };
    let report = py.detach(|| {
        let docs = read_str(Format::Jsonl, &records.join("\n"), &opts);
        let (body, report) = if format == Format::Brat {
            brat_files(&docs)
        } else {
            one_file(&docs, format, opts, &path)
        };
        if strict && report.failed > 0 {
            return Ok(report);
        }
        match body {
            Output::Dir(files) => write_dir(&path, &files),
            Output::File(text, side) => replace_file(&path, text.as_bytes())
                .and_then(|()| side.map_or(Ok(()), |(p, body)| replace_file(&p, body.as_bytes()))),
        }
        .map(|()| report)
    })?;
    if strict && report.failed > 0 {
        return Err(PyValueError::new_err(format!(
            "{} record(s) cannot be written as {format}; nothing was written:\n{}",
            report.failed,
            report.errors.join("\n")
        )));
    }
    let dict = PyDict::new(py);
    dict.set_item("written", report.written)?;
    dict.set_item("failed", report.failed)?;
    dict.set_item("errors", report.errors)?;
    dict.set_item("warnings", report.warnings)?;
    Ok(dict)
}

/// Lint findings of `records` (vietag JSON Lines strings) as `vietag lint
/// --format json` objects, one string a finding; `file` is `<records>`
/// and `line` the record's 1-based position.
#[pyfunction]
#[pyo3(signature = (records, labels=None))]
pub fn lint_records(
    py: Python<'_>,
    records: Vec<String>,
    labels: Option<Vec<String>>,
) -> PyResult<Vec<String>> {
    py.detach(|| {
        let docs = read_str(
            Format::Jsonl,
            &records.join("\n"),
            &FormatOptions::default(),
        );
        lint_docs(&docs, RECORDS, labels)
    })
}

/// Lint findings of a file of `format`, exactly as `vietag lint --format
/// json --from FORMAT PATH` prints them.
#[pyfunction]
#[pyo3(signature = (path, format="jsonl", labels=None, offsets="codepoint"))]
pub fn lint_file(
    py: Python<'_>,
    path: PathBuf,
    format: &str,
    labels: Option<Vec<String>>,
    offsets: &str,
) -> PyResult<Vec<String>> {
    let format = parse_format(format)?;
    let mut opts = FormatOptions::default();
    opts.offsets = offsets.parse().map_err(value_error)?;
    py.detach(|| {
        let docs = read_docs(&path, format, &opts)?;
        lint_docs(&docs, &path.display().to_string(), labels)
    })
}

fn parse_format(name: &str) -> PyResult<Format> {
    name.parse().map_err(value_error)
}

/// The documents of a file as the command line reads them: line by line
/// for line-based formats, whole (without a byte-order mark) for the
/// others, a directory or `.ann` file for brat.
fn read_docs(
    path: &Path,
    format: Format,
    opts: &FormatOptions,
) -> PyResult<Vec<Result<Doc, DocError>>> {
    Ok(read_file_records(path, format, opts)?
        .into_iter()
        .map(|(_, doc)| doc)
        .collect())
}

/// A document read, or why not, with its input line (line-based formats).
pub type RawDoc = (Option<String>, Result<Doc, DocError>);

/// [`read_docs`] with each document's input line, for line-based formats.
pub fn read_file_records(
    path: &Path,
    format: Format,
    opts: &FormatOptions,
) -> PyResult<Vec<RawDoc>> {
    let name = path.display();
    let io_error = |e: std::io::Error| PyOSError::new_err(format!("{name}: cannot read: {e}"));
    let without_raw =
        |docs: Vec<Result<Doc, DocError>>| docs.into_iter().map(|d| (None, d)).collect();
    if format == Format::Brat {
        return brat::read_path(path).map(without_raw).map_err(io_error);
    }
    let mut hf_opts;
    let opts = if format == Format::Hf && opts.hf_labels.is_empty() {
        hf_opts = opts.clone();
        hf_opts.hf_labels = hf_labels(path)?.into();
        &hf_opts
    } else {
        opts
    };
    if format.is_line_based() {
        let file = File::open(path).map_err(io_error)?;
        return LineRecords::new(BufReader::with_capacity(1 << 16, file), format)
            .map(|r| r.map(|r| (r.raw, r.doc)).map_err(io_error))
            .collect();
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        PyValueError::new_err(format!(
            "{name}: not UTF-8 (first bad byte at offset {}); save the file as UTF-8",
            e.valid_up_to()
        ))
    })?;
    Ok(without_raw(read_str(format, text, opts)))
}

/// The names of hf `ner_tags` numbers: the `labels.json` beside the data,
/// as `vietag export --to hf` writes it.
fn hf_labels(path: &Path) -> PyResult<Vec<String>> {
    let file = beside(path, "labels.json");
    let text = std::fs::read_to_string(&file).map_err(|e| {
        PyOSError::new_err(format!(
            "{}: cannot read the label list of the ner_tags numbers: {e}",
            file.display()
        ))
    })?;
    hf::read_label_file(&text).map_err(|e| value_error(format!("{}: {e}", file.display())))
}

/// The vietag JSON Lines record of `doc`, without the newline.
fn jsonl_line(doc: &Doc) -> String {
    let mut out = String::new();
    // Writing JSON Lines refuses nothing the reader accepted.
    if let Err(e) = Writer::lenient(Format::Jsonl, FormatOptions::default()).write(doc, &mut out) {
        return import_error_line(&e, RECORDS);
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

/// The error record `vietag import` writes for a document it cannot read.
fn import_error_line(e: &DocError, file: &str) -> String {
    let id = e.id.clone().unwrap_or_else(|| Value::from(e.index));
    let mut out = Vec::new();
    let error = RecordError {
        kind: "invalid_input",
        message: e.in_file(file),
    };
    write_error(&mut out, &id, &error);
    String::from_utf8_lossy(&out).trim_end().to_string()
}

/// What a write produces and says.
#[derive(Default)]
struct Report {
    written: usize,
    failed: usize,
    errors: Vec<String>,
    warnings: Vec<String>,
}

enum Output {
    /// The file, and the label file its tool needs beside it.
    File(String, Option<(PathBuf, String)>),
    Dir(Vec<(String, String)>),
}

/// A one-file format, as `vietag export` writes it, with the label file
/// its tool needs next to `path`: hf's `labels.json`, Label Studio's
/// `config.xml`, doccano's `label_config.json`.
fn one_file(
    docs: &[Result<Doc, DocError>],
    format: Format,
    opts: FormatOptions,
    path: &Path,
) -> (Output, Report) {
    let mut report = Report::default();
    let mut writer = Writer::new(format, opts);
    let mut body = String::from(writer.header());
    let mut labels = BTreeSet::new();
    for doc in docs {
        match doc
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|d| writer.write(d, &mut body).map(|w| (d, w)))
        {
            Ok((doc, written)) => {
                report.written += 1;
                labels.extend(doc.entities.iter().map(|e| e.label.clone()));
                report
                    .warnings
                    .extend(written.widened.iter().map(|&i| widened_warning(doc, i)));
            }
            Err(e) => {
                report.failed += 1;
                report.errors.push(e.in_file(RECORDS));
            }
        }
    }
    body.push_str(writer.footer());
    let schema = || labels::schema(labels.iter().map(String::as_str));
    let side = match format {
        Format::Hf => Some((
            "labels.json",
            serde_json::to_string_pretty(writer.hf_labels()).unwrap_or_default() + "\n",
        )),
        Format::LabelStudio => Some(("config.xml", labelstudio::config(&schema()))),
        Format::Doccano => Some((
            "label_config.json",
            serde_json::to_string_pretty(&doccano::label_config(&schema())).unwrap_or_default()
                + "\n",
        )),
        _ => None,
    };
    let side = side.map(|(name, text)| (beside(path, name), text));
    (Output::File(body, side), report)
}

/// `file` in the directory of `path`.
fn beside(path: &Path, file: &str) -> PathBuf {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.join(file),
        None => PathBuf::from(file),
    }
}

fn widened_warning(doc: &Doc, i: usize) -> String {
    let line = doc.entities[i].line;
    let e = &doc.entities[i];
    format!(
        "{RECORDS}:{}: id {}: warning: entity {i} ({} {}..{}) does not start and end on syllables; exported widened to whole tokens",
        if line > 0 { line } else { doc.line },
        doc.id,
        e.label,
        e.start,
        e.end
    )
}

/// brat: `NAME.txt` and `NAME.ann` per document and an `annotation.conf`.
fn brat_files(docs: &[Result<Doc, DocError>]) -> (Output, Report) {
    let mut report = Report::default();
    let mut files = Vec::new();
    let mut used = HashSet::new();
    let mut labels = BTreeSet::new();
    let mut ids = String::new();
    for doc in docs {
        let checked = doc.as_ref().map_err(Clone::clone).and_then(|d| {
            d.check_offsets(&CharMap::new(&d.text))?;
            brat::ann(d).map(|a| (d, a))
        });
        match checked {
            Ok((doc, ann)) => {
                let stem = brat::file_stem(doc, &mut used);
                files.push((format!("{stem}.txt"), doc.text.clone()));
                files.push((format!("{stem}.ann"), ann));
                ids.push_str(&brat::id_map_line(&stem, &doc.id));
                labels.extend(doc.entities.iter().map(|e| e.label.clone()));
                report.written += 1;
            }
            Err(e) => {
                report.failed += 1;
                report.errors.push(e.in_file(RECORDS));
            }
        }
    }
    let used = || labels.iter().map(String::as_str);
    files.push(("annotation.conf".to_string(), brat::conf(used())));
    files.push(("visual.conf".to_string(), brat::visual_conf(used())));
    files.push((brat::ID_MAP.to_string(), ids));
    (Output::Dir(files), report)
}

fn write_dir(dir: &Path, files: &[(String, String)]) -> PyResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        PyOSError::new_err(format!("{}: cannot create directory: {e}", dir.display()))
    })?;
    for (name, body) in files {
        replace_file(&dir.join(name), body.as_bytes())?;
    }
    Ok(())
}

/// Writes `path` whole or not at all: into a temporary file beside it,
/// then renamed over it.
fn replace_file(path: &Path, body: &[u8]) -> PyResult<()> {
    let err =
        |e: std::io::Error| PyOSError::new_err(format!("{}: cannot write: {e}", path.display()));
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(format!(".vietag-tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp_name);
    let written = File::create(&tmp)
        .and_then(|mut f| f.write_all(body).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// The findings of every document, as `vietag lint --format json` prints
/// them for `file`.
fn lint_docs(
    docs: &[Result<Doc, DocError>],
    file: &str,
    labels: Option<Vec<String>>,
) -> PyResult<Vec<String>> {
    let labels =
        labels.unwrap_or_else(|| Label::ALL.iter().map(|l| l.as_str().to_string()).collect());
    let linter = Linter::with_labels(labels);
    let mut out = Vec::new();
    for doc in docs {
        match doc {
            Err(e) => {
                let f = lint::unreadable(e);
                out.push(lint::to_json(file, e.id.as_ref(), None, &f).to_string());
            }
            Ok(doc) => {
                let name = doc.source.as_deref().unwrap_or(file);
                for f in linter.check(doc) {
                    out.push(lint::to_json(name, Some(&doc.id), Some(doc), &f).to_string());
                }
            }
        }
    }
    Ok(out)
}
