//! Streaming, ordered, parallel annotation of many documents.
//!
//! Documents are read in bounded batches (by count and by bytes), annotated
//! in parallel with rayon, one [`Worker`] per thread, and written in input
//! order. Memory therefore depends on the batch size, not on the corpus size.
//! Every input document yields exactly one output record: its annotations or
//! an error record; one bad document never stops the rest.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use crate::annotator::{Annotator, Worker};
use crate::formats::jsonl::{
    parse_record, write_error, write_record, JsonlFields, OutputOptions, RecordError,
};
use crate::text::decode;

/// One input as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file, or a directory searched recursively for `*.txt` files.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// How inputs are read and records written.
#[derive(Clone, Debug)]
pub struct PipelineOptions {
    /// Inputs are JSON Lines records rather than one document per file.
    pub jsonl: bool,
    /// Field names of JSON Lines records.
    pub fields: JsonlFields,
    /// Replace invalid UTF-8 with U+FFFD instead of failing the document.
    pub lossy: bool,
    /// Offset unit and whether to include the text.
    pub output: OutputOptions,
    /// Most documents held at once.
    pub batch_docs: usize,
    /// Most input bytes held at once (a batch closes when it passes this).
    pub batch_bytes: usize,
    /// Largest document accepted; a larger one gets a `too_large` error.
    pub max_doc_bytes: usize,
    /// Worker threads; `None` for one per core.
    pub threads: Option<usize>,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            jsonl: false,
            fields: JsonlFields::default(),
            lossy: false,
            output: OutputOptions::default(),
            batch_docs: 4096,
            batch_bytes: 16 << 20,
            max_doc_bytes: 256 << 20,
            threads: None,
        }
    }
}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records written.
    pub documents: u64,
    /// Records that are errors.
    pub failed: u64,
    /// Input bytes read.
    pub bytes: u64,
}

enum RawData {
    Text(Vec<u8>),
    JsonLine { bytes: Vec<u8>, line_no: usize },
    Failed(RecordError),
}

struct RawDoc {
    id: Value,
    data: RawData,
}

impl RawDoc {
    fn len(&self) -> usize {
        match &self.data {
            RawData::Text(b) | RawData::JsonLine { bytes: b, .. } => b.len(),
            RawData::Failed(_) => 0,
        }
    }
}

/// Annotates every document of `inputs`, writing one JSON line per document
/// to `out` in input order. `progress` is called with the input bytes of each
/// finished batch. Returns an error only if writing fails or the worker
/// threads cannot start.
pub fn run(
    annotator: &Annotator,
    inputs: &[Input],
    opts: &PipelineOptions,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> io::Result<Summary> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = opts.threads {
        pool = pool.num_threads(n.max(1));
    }
    let pool = pool.build().map_err(io::Error::other)?;
    let mut summary = Summary::default();
    let mut batch: Vec<RawDoc> = Vec::new();
    let mut batch_bytes = 0usize;
    let many = inputs.len() > 1;
    let mut flush = |batch: &mut Vec<RawDoc>, summary: &mut Summary| -> io::Result<()> {
        let results: Vec<(Vec<u8>, bool)> = pool.install(|| {
            batch
                .par_iter()
                .map_init(Worker::new, |w, doc| process(annotator, w, doc, opts))
                .collect()
        });
        let bytes: u64 = batch.iter().map(|d| d.len() as u64).sum();
        for (line, failed) in results {
            out.write_all(&line)?;
            summary.documents += 1;
            summary.failed += u64::from(failed);
        }
        summary.bytes += bytes;
        progress(bytes);
        batch.clear();
        Ok(())
    };
    let mut push =
        |doc: RawDoc, batch: &mut Vec<RawDoc>, summary: &mut Summary| -> io::Result<()> {
            batch_bytes += doc.len();
            batch.push(doc);
            if batch.len() >= opts.batch_docs || batch_bytes >= opts.batch_bytes {
                batch_bytes = 0;
                flush(batch, summary)?;
            }
            Ok(())
        };
    for input in inputs {
        let mut emit = |doc: RawDoc| push(doc, &mut batch, &mut summary);
        match input {
            Input::Stdin if opts.jsonl => {
                read_jsonl(io::stdin().lock(), "-", many, opts, &mut emit)?;
            }
            Input::Stdin => {
                let mut bytes = Vec::new();
                let data = match io::stdin()
                    .lock()
                    .take(opts.max_doc_bytes as u64 + 1)
                    .read_to_end(&mut bytes)
                {
                    Ok(_) if bytes.len() > opts.max_doc_bytes => {
                        RawData::Failed(too_large("standard input", opts))
                    }
                    Ok(_) => RawData::Text(bytes),
                    Err(e) => RawData::Failed(io_error("standard input", &e)),
                };
                emit(RawDoc {
                    id: Value::from("-"),
                    data,
                })?;
            }
            Input::Path(path) => {
                for file in expand(path) {
                    let name = file
                        .as_ref()
                        .unwrap_or_else(|(p, _)| p)
                        .display()
                        .to_string();
                    let file = match file {
                        Ok(f) => f,
                        Err((_, e)) => {
                            emit(failed(&name, io_error(&name, &e)))?;
                            continue;
                        }
                    };
                    if opts.jsonl {
                        match File::open(&file) {
                            Ok(f) => read_jsonl(BufReader::new(f), &name, many, opts, &mut emit)?,
                            Err(e) => emit(failed(&name, io_error(&name, &e)))?,
                        }
                    } else {
                        emit(read_text_file(&file, &name, opts))?;
                    }
                }
            }
        }
    }
    flush(&mut batch, &mut summary)?;
    out.flush()?;
    Ok(summary)
}

fn failed(name: &str, err: RecordError) -> RawDoc {
    RawDoc {
        id: Value::from(name),
        data: RawData::Failed(err),
    }
}

fn io_error(name: &str, e: &io::Error) -> RecordError {
    RecordError {
        kind: "io",
        message: format!("{name}: cannot read: {e}"),
    }
}

fn too_large(name: &str, opts: &PipelineOptions) -> RecordError {
    RecordError {
        kind: "too_large",
        message: format!(
            "{name}: document is larger than {} bytes; split it into smaller documents",
            opts.max_doc_bytes
        ),
    }
}

fn read_text_file(path: &Path, name: &str, opts: &PipelineOptions) -> RawDoc {
    let data = match File::open(path) {
        Ok(f) => {
            let mut bytes = Vec::new();
            match f
                .take(opts.max_doc_bytes as u64 + 1)
                .read_to_end(&mut bytes)
            {
                Ok(_) if bytes.len() > opts.max_doc_bytes => RawData::Failed(too_large(name, opts)),
                Ok(_) => RawData::Text(bytes),
                Err(e) => RawData::Failed(io_error(name, &e)),
            }
        }
        Err(e) => RawData::Failed(io_error(name, &e)),
    };
    RawDoc {
        id: Value::from(name),
        data,
    }
}

/// Splits a JSON Lines stream into raw records without parsing them (the
/// parsing happens in parallel). Lines longer than the document limit are
/// skipped to their end and reported.
fn read_jsonl<R: BufRead>(
    mut reader: R,
    name: &str,
    many: bool,
    opts: &PipelineOptions,
    emit: &mut dyn FnMut(RawDoc) -> io::Result<()>,
) -> io::Result<()> {
    let mut line_no = 0usize;
    loop {
        let mut bytes = Vec::new();
        let mut overflow = false;
        let mut any = false;
        loop {
            let buf = match reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    line_no += 1;
                    let id = line_id(name, line_no, many);
                    return emit(RawDoc {
                        id,
                        data: RawData::Failed(io_error(name, &e)),
                    });
                }
            };
            if buf.is_empty() {
                break;
            }
            any = true;
            let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..=i], true),
                None => (buf, false),
            };
            if bytes.len() + chunk.len() > opts.max_doc_bytes + 1 {
                overflow = true;
            } else {
                bytes.extend_from_slice(chunk);
            }
            let n = chunk.len();
            reader.consume(n);
            if done {
                break;
            }
        }
        if !any {
            return Ok(());
        }
        line_no += 1;
        let id = line_id(name, line_no, many);
        if overflow {
            emit(RawDoc {
                id,
                data: RawData::Failed(too_large(&format!("{name}: line {line_no}"), opts)),
            })?;
            continue;
        }
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        emit(RawDoc {
            id,
            data: RawData::JsonLine { bytes, line_no },
        })?;
    }
}

/// The id a JSON Lines record gets when it has none (and in error records).
fn line_id(name: &str, line_no: usize, many: bool) -> Value {
    if many {
        Value::from(format!("{name}:{line_no}"))
    } else {
        Value::from(line_no)
    }
}

fn process(
    annotator: &Annotator,
    worker: &mut Worker,
    doc: &RawDoc,
    opts: &PipelineOptions,
) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let result = match &doc.data {
        RawData::Failed(e) => Err((doc.id.clone(), e.clone())),
        RawData::Text(bytes) => match decode(bytes, opts.lossy) {
            Ok(text) => Ok((doc.id.clone(), text.into_owned())),
            Err(e) => Err((
                doc.id.clone(),
                RecordError {
                    kind: "invalid_utf8",
                    message: format!("{}: {e}", id_name(&doc.id)),
                },
            )),
        },
        RawData::JsonLine { bytes, line_no } => {
            let decoded;
            let bytes: &[u8] = if opts.lossy {
                decoded = String::from_utf8_lossy(bytes);
                decoded.as_bytes()
            } else {
                bytes
            };
            parse_record(bytes, *line_no, &opts.fields).map_err(|e| (doc.id.clone(), e))
        }
    };
    match result {
        Ok((id, text)) => {
            // A bug in a tagger must cost one document, not the run: the
            // document gets an error record and the worker starts afresh.
            let annotated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                annotator.annotate_with(&text, worker)
            }));
            match annotated {
                Ok(ann) => {
                    write_record(&mut out, &id, &text, &ann, opts.output);
                    (out, false)
                }
                Err(_) => {
                    *worker = Worker::new();
                    let e = RecordError {
                        kind: "internal",
                        message: format!(
                            "{}: vietag failed on this document (a bug); please report it with the document",
                            id_name(&id)
                        ),
                    };
                    write_error(&mut out, &id, &e);
                    (out, true)
                }
            }
        }
        Err((id, e)) => {
            write_error(&mut out, &id, &e);
            (out, true)
        }
    }
}

fn id_name(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A file as it is, or a directory's `*.txt` files, recursively, in path
/// order. Unreadable entries come back as errors, in place.
fn expand(path: &Path) -> Vec<Result<PathBuf, (PathBuf, io::Error)>> {
    if !path.is_dir() {
        return vec![Ok(path.to_path_buf())];
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                for entry in entries {
                    match entry {
                        Ok(e) => {
                            let p = e.path();
                            if p.is_dir() {
                                stack.push(p);
                            } else if p.extension().is_some_and(|x| x == "txt") {
                                files.push(p);
                            }
                        }
                        Err(e) => out.push(Err((dir.clone(), e))),
                    }
                }
            }
            Err(e) => out.push(Err((dir.clone(), e))),
        }
    }
    files.sort();
    out.extend(files.into_iter().map(Ok));
    out
}
