//! Streaming, ordered, parallel annotation of many documents.
//!
//! Documents are read in bounded batches (by count and by bytes), annotated
//! in parallel with rayon, one [`Worker`] per thread, and written in input
//! order. Memory therefore depends on the batch size, not on the corpus size.
//! Every input document yields exactly one output record: its annotations or
//! an error record; one bad document never stops the rest.
//!
//! # Inputs
//!
//! - A file is one document, or JSON Lines (one record a line) when
//!   [`PipelineOptions::format`] says so, or — with [`InputFormat::Auto`] —
//!   when its name ends in `.jsonl` or `.ndjson` or every line of it is a
//!   JSON object (the caller is told with a [`Note`]).
//! - gzip, xz and zstd files are read decompressed, whatever their name
//!   ([`crate::io`]); the size limit applies to the decompressed document.
//! - A directory is searched for `*.txt` files (`*.jsonl` and `*.ndjson` for
//!   JSON Lines), compressed or not, in path order. Links to directories are
//!   followed only with [`PipelineOptions::follow_symlinks`], and then a
//!   link back to a directory above is skipped. A FIFO, socket or device
//!   inside a directory gets an error record instead of blocking the run. A
//!   directory without a matching file is [`RunError::NoFiles`].
//! - A JSON Lines record without an id gets its line number, or
//!   `path:line` when the run reads more than one file.

use std::fmt;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::annotator::{Annotation, Annotator, Worker};
use crate::encoding::{read_document, read_field, Encoding, EncodingChoice, EncodingCounts};
use crate::formats::jsonl::{
    looks_like_jsonl, parse_record, write_error_with, JsonlFields, OutputOptions, RecordError,
};
use crate::io::{base_extension, decompressed, open_input, open_regular, walk, WalkEntry};

/// One input as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file, or a directory searched recursively.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// How the documents of an input are laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputFormat {
    /// JSON Lines when the name says so (`.jsonl`, `.ndjson`) or every line
    /// is a JSON object, else one document per input.
    #[default]
    Auto,
    /// One document per input, whatever it looks like.
    Text,
    /// JSON Lines records.
    Jsonl,
}

/// How inputs are read and records written.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PipelineOptions {
    /// Text, JSON Lines, or decided per input.
    pub format: InputFormat,
    /// Field names of JSON Lines records, and which fields to keep.
    pub fields: JsonlFields,
    /// Replace invalid UTF-8 with U+FFFD instead of failing the document.
    pub lossy: bool,
    /// How documents are decoded: UTF-8 with detection for text files that
    /// are not UTF-8 (the default), detection for every document, or one
    /// encoding.
    pub encoding: EncodingChoice,
    /// Offset unit and whether to include the text.
    pub output: OutputOptions,
    /// Most documents held at once.
    pub batch_docs: usize,
    /// Most input bytes held at once (a batch closes when it passes this).
    pub batch_bytes: usize,
    /// Largest document accepted, in bytes after decompression; a larger one
    /// gets a `too_large` error record.
    pub max_doc_bytes: usize,
    /// Worker threads; `None` for one per core. More than the cores (or
    /// than `batch_docs`) are not started: they would only wait.
    pub threads: Option<usize>,
    /// Descend into links to directories.
    pub follow_symlinks: bool,
}

/// The default of [`PipelineOptions::max_doc_bytes`]: 256 MiB.
pub const DEFAULT_MAX_DOC_BYTES: usize = 256 << 20;

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            format: InputFormat::Auto,
            fields: JsonlFields::default(),
            lossy: false,
            encoding: EncodingChoice::Default,
            output: OutputOptions::default(),
            batch_docs: 4096,
            batch_bytes: 16 << 20,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            threads: None,
            follow_symlinks: false,
        }
    }
}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Records written.
    pub documents: u64,
    /// Records that are errors.
    pub failed: u64,
    /// Input bytes read (after decompression).
    pub bytes: u64,
    /// Documents per encoding they were read in (UTF-8 read by default is
    /// not counted).
    pub decoded: EncodingCounts,
}

/// Something the caller may want to tell the user; the run goes on.
#[derive(Debug)]
#[non_exhaustive]
pub enum Note {
    /// This input is read as JSON Lines because of its name.
    JsonlByName(String),
    /// This input is read as JSON Lines because every line is a JSON object.
    JsonlByContent(String),
    /// A directory walk met a link back to a directory above it.
    Loop(WalkEntry),
    /// Fewer worker threads than asked for are started.
    ThreadsCapped {
        /// Threads asked for.
        asked: usize,
        /// Threads started.
        used: usize,
    },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::JsonlByName(name) => write!(
                f,
                "{name}: read as JSON Lines (one record a line) because of its name"
            ),
            Note::JsonlByContent(name) => write!(
                f,
                "{name}: read as JSON Lines (one record a line) because every line is a JSON object"
            ),
            Note::Loop(entry) => write!(f, "{entry}"),
            Note::ThreadsCapped { asked, used } => write!(
                f,
                "{asked} worker threads asked for, {used} started: more would only wait \
                 (there are {used} cores, or documents in a batch, to work on)"
            ),
        }
    }
}

/// What a run reports as it goes.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event {
    /// Input bytes of a batch just written.
    Progress(u64),
    /// See [`Note`].
    Note(Note),
}

/// Why a run stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum RunError {
    /// A directory input holds no file the run would read; nothing was
    /// written.
    NoFiles {
        /// The directory.
        dir: PathBuf,
        /// The names looked for, e.g. `*.txt`.
        pattern: &'static str,
    },
    /// Writing the output failed (the writer's own error).
    Write(io::Error),
    /// The worker threads could not start.
    Threads(io::Error),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::NoFiles { dir, pattern } => write!(
                f,
                "{}: no {pattern} file in this directory or below",
                dir.display()
            ),
            RunError::Write(e) => write!(f, "writing the output failed: {e}"),
            RunError::Threads(e) => write!(f, "cannot start the worker threads: {e}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::NoFiles { .. } => None,
            RunError::Write(e) | RunError::Threads(e) => Some(e),
        }
    }
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

    fn failed(name: &str, error: RecordError) -> RawDoc {
        RawDoc {
            id: Value::from(name),
            data: RawData::Failed(error),
        }
    }
}

/// One input to read, once directories are walked.
enum Source {
    Stdin,
    /// Named by the caller: FIFOs and devices are read as they come.
    Named(PathBuf),
    /// Found in a directory: only a regular file is read.
    Walked(PathBuf),
    Unreadable(PathBuf, io::Error),
}

/// Annotates every document of `inputs`, writing one JSON line per document
/// to `out` in input order. `events` hears of each finished batch and of
/// anything worth telling the user ([`Note`]). Returns an error when a
/// directory has no file to read (before writing anything), when writing
/// fails, or when the worker threads cannot start.
pub fn run(
    annotator: &Annotator,
    inputs: &[Input],
    opts: &PipelineOptions,
    out: &mut dyn Write,
    events: &mut dyn FnMut(Event),
) -> Result<Summary, RunError> {
    let threads = worker_threads(opts, events);
    let sources = resolve(inputs, opts, events)?;
    // The pool this runs in (rayon's global pool, which the annotator's
    // build started) when it has the threads asked for: a pool of its own
    // would start as many threads again, about a tenth of the start-up of
    // a one-line document (measured).
    let pool = if threads == rayon::current_num_threads() {
        None
    } else {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
        Some(pool.map_err(|e| RunError::Threads(io::Error::other(e)))?)
    };
    let mut batcher = Batcher {
        annotator,
        opts,
        pool,
        out,
        events,
        batch: Vec::new(),
        batch_bytes: 0,
        summary: Summary::default(),
    };
    let many = sources.len() > 1;
    for source in sources {
        batcher.read_source(source, many).map_err(RunError::Write)?;
    }
    batcher.flush().map_err(RunError::Write)?;
    batcher.out.flush().map_err(RunError::Write)?;
    Ok(batcher.summary)
}

/// The worker threads to start: as asked, but no more than the cores and
/// the documents of a batch (the rest would only wait, and each costs a
/// stack).
fn worker_threads(opts: &PipelineOptions, events: &mut dyn FnMut(Event)) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let useful = cores.min(opts.batch_docs).max(1);
    match opts.threads {
        Some(asked) if asked > useful => {
            events(Event::Note(Note::ThreadsCapped {
                asked,
                used: useful,
            }));
            useful
        }
        Some(asked) => asked.max(1),
        None => useful,
    }
}

/// The inputs with directories replaced by the files to read in them.
fn resolve(
    inputs: &[Input],
    opts: &PipelineOptions,
    events: &mut dyn FnMut(Event),
) -> Result<Vec<Source>, RunError> {
    let mut sources = Vec::new();
    for input in inputs {
        let path = match input {
            Input::Stdin => {
                sources.push(Source::Stdin);
                continue;
            }
            Input::Path(p) => p,
        };
        if !path.is_dir() {
            sources.push(Source::Named(path.clone()));
            continue;
        }
        let jsonl = opts.format == InputFormat::Jsonl;
        let wanted = |p: &Path| wanted_in_directory(p, jsonl);
        let entries = walk(
            path,
            &wanted,
            crate::io::WalkOptions {
                follow_symlinks: opts.follow_symlinks,
            },
        );
        let before = sources.len();
        for entry in entries {
            match entry {
                WalkEntry::File(p) => sources.push(Source::Walked(p)),
                WalkEntry::Unreadable(p, e) => sources.push(Source::Unreadable(p, e)),
                lp @ WalkEntry::Loop { .. } => events(Event::Note(Note::Loop(lp))),
            }
        }
        if sources.len() == before {
            return Err(RunError::NoFiles {
                dir: path.clone(),
                pattern: if jsonl { "*.jsonl" } else { "*.txt" },
            });
        }
    }
    Ok(sources)
}

/// The names a directory walk reads: `*.txt`, or `*.jsonl` and `*.ndjson`,
/// each also compressed (`.gz`, `.xz`, `.zst`).
fn wanted_in_directory(path: &Path, jsonl: bool) -> bool {
    match base_extension(path).as_deref() {
        Some("txt") => !jsonl,
        Some("jsonl" | "ndjson") => jsonl,
        _ => false,
    }
}

/// Whether the name of `path` says JSON Lines.
fn jsonl_by_name(path: &Path) -> bool {
    matches!(base_extension(path).as_deref(), Some("jsonl" | "ndjson"))
}

/// Collects documents into batches and writes each batch once annotated.
struct Batcher<'a> {
    annotator: &'a Annotator,
    opts: &'a PipelineOptions,
    /// A pool of the asked number of threads; `None` to run in the
    /// current one, which has that number.
    pool: Option<rayon::ThreadPool>,
    out: &'a mut dyn Write,
    events: &'a mut dyn FnMut(Event),
    batch: Vec<RawDoc>,
    batch_bytes: usize,
    summary: Summary,
}

impl Batcher<'_> {
    fn push(&mut self, doc: RawDoc) -> io::Result<()> {
        self.batch_bytes += doc.len();
        self.batch.push(doc);
        if self.batch.len() >= self.opts.batch_docs || self.batch_bytes >= self.opts.batch_bytes {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        let (annotator, opts) = (self.annotator, self.opts);
        let batch = &self.batch;
        let annotate = || {
            batch
                .par_iter()
                .map_init(Worker::new, |w, doc| process(annotator, w, doc, opts))
                .collect()
        };
        let results: Vec<Processed> = match &self.pool {
            Some(pool) => pool.install(annotate),
            None => annotate(),
        };
        let bytes: u64 = self.batch.iter().map(|d| d.len() as u64).sum();
        for processed in results {
            match &processed.record {
                Record::Line(line) => self.out.write_all(line)?,
                Record::Large(doc) => doc.ann.write_json_to(
                    &mut *self.out,
                    &doc.id,
                    &doc.kept,
                    &doc.text,
                    doc.output,
                )?,
            }
            self.summary.documents += 1;
            self.summary.failed += u64::from(processed.failed);
            if let Some(e) = processed.encoding {
                self.summary.decoded.add(e);
            }
        }
        self.summary.bytes += bytes;
        (self.events)(Event::Progress(bytes));
        self.batch.clear();
        self.batch_bytes = 0;
        Ok(())
    }

    fn note(&mut self, note: Note) {
        (self.events)(Event::Note(note));
    }

    /// Reads every document of `source` into the batches.
    fn read_source(&mut self, source: Source, many: bool) -> io::Result<()> {
        let (name, opened) = match source {
            Source::Unreadable(p, e) => {
                let name = p.display().to_string();
                return self.push(RawDoc::failed(&name, io_error(&name, &e)));
            }
            Source::Stdin => ("-".to_string(), decompressed(io::stdin().lock())),
            Source::Named(p) => (p.display().to_string(), open_input(&p)),
            Source::Walked(p) => (p.display().to_string(), open_regular(&p)),
        };
        let reader = match opened {
            Ok(r) => r,
            Err(e) => return self.push(RawDoc::failed(&name, io_error(&name, &e))),
        };
        let jsonl = match self.opts.format {
            InputFormat::Jsonl => true,
            InputFormat::Text => false,
            InputFormat::Auto => name != "-" && jsonl_by_name(Path::new(&name)),
        };
        if jsonl && self.opts.format == InputFormat::Auto {
            self.note(Note::JsonlByName(name.clone()));
        }
        if jsonl {
            self.read_jsonl(reader, &name, many)
        } else {
            self.read_text(reader, &name, many)
        }
    }

    /// One document: the whole input, unless it is JSON Lines in disguise.
    fn read_text(
        &mut self,
        reader: Box<dyn BufRead + '_>,
        name: &str,
        many: bool,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        let limit = self.opts.max_doc_bytes;
        let data = match reader.take(limit as u64 + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() > limit => RawData::Failed(too_large(name, limit)),
            Ok(_) if self.opts.format == InputFormat::Auto && looks_like_jsonl(&bytes) => {
                self.note(Note::JsonlByContent(shown(name).to_string()));
                return self.read_jsonl(Box::new(&bytes[..]), name, many);
            }
            Ok(_) => RawData::Text(bytes),
            Err(e) => RawData::Failed(io_error(name, &e)),
        };
        self.push(RawDoc {
            id: Value::from(name),
            data,
        })
    }

    /// Splits a JSON Lines stream into raw records without parsing them
    /// (the parsing happens in parallel). A line longer than the document
    /// limit is skipped to its end and reported; a read error ends the
    /// input with an error record.
    fn read_jsonl(
        &mut self,
        mut reader: Box<dyn BufRead + '_>,
        name: &str,
        many: bool,
    ) -> io::Result<()> {
        let mut line_no = 0usize;
        loop {
            let line = read_line(&mut reader, self.opts.max_doc_bytes);
            line_no += 1;
            let id = line_id(name, line_no, many);
            let data = match line {
                Line::End => return Ok(()),
                Line::Failed(e) => {
                    return self.push(RawDoc {
                        id,
                        data: RawData::Failed(io_error(&format!("{name}: line {line_no}"), &e)),
                    })
                }
                Line::TooLong => RawData::Failed(too_large(
                    &format!("{name}: line {line_no}"),
                    self.opts.max_doc_bytes,
                )),
                Line::Bytes(mut bytes) => {
                    if line_no == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                        bytes.drain(..3);
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    RawData::JsonLine { bytes, line_no }
                }
            };
            self.push(RawDoc { id, data })?;
        }
    }
}

/// One line of a JSON Lines input.
enum Line {
    Bytes(Vec<u8>),
    TooLong,
    Failed(io::Error),
    End,
}

/// The next line of `reader`, holding at most `limit` bytes of it.
fn read_line(reader: &mut dyn BufRead, limit: usize) -> Line {
    let mut bytes = Vec::new();
    let (mut overflow, mut any) = (false, false);
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Line::Failed(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        if bytes.len() + chunk.len() > limit + 1 {
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
    match (any, overflow) {
        (false, _) => Line::End,
        (true, true) => Line::TooLong,
        (true, false) => Line::Bytes(bytes),
    }
}

/// `name` in messages: standard input is `-` only in ids.
fn shown(name: &str) -> &str {
    if name == "-" {
        "standard input"
    } else {
        name
    }
}

fn io_error(name: &str, e: &io::Error) -> RecordError {
    RecordError {
        kind: "io",
        message: format!("{}: cannot read: {e}", shown(name)),
    }
}

fn too_large(name: &str, limit: usize) -> RecordError {
    RecordError {
        kind: "too_large",
        message: format!(
            "{}: the document is larger than the limit of {limit} bytes; split it into smaller documents or raise the limit",
            shown(name)
        ),
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

/// A document ready to annotate (with the encoding it was read in, when
/// the record names one), or why it is not.
struct Prepared {
    id: Value,
    kept: Map<String, Value>,
    text: Result<(String, Option<Encoding>), RecordError>,
}

fn prepare(doc: &RawDoc, opts: &PipelineOptions) -> Prepared {
    let plain = |text| Prepared {
        id: doc.id.clone(),
        kept: Map::new(),
        text,
    };
    let decode_error = |id: &Value, e: crate::encoding::DocumentError| RecordError {
        kind: e.kind(),
        message: format!("{}: {e}", id_name(id)),
    };
    match &doc.data {
        RawData::Failed(e) => plain(Err(e.clone())),
        RawData::Text(bytes) => plain(match read_document(bytes, opts.encoding, opts.lossy) {
            Ok(d) => Ok((d.text.into_owned(), d.encoding)),
            Err(e) => Err(decode_error(&doc.id, e)),
        }),
        RawData::JsonLine { bytes, line_no } => {
            let decoded;
            // Most lines are UTF-8: the fast check first, and the standard
            // library's lossy copy only for the others.
            let bytes: &[u8] = if opts.lossy && simdutf8::basic::from_utf8(bytes).is_err() {
                decoded = String::from_utf8_lossy(bytes);
                decoded.as_bytes()
            } else {
                bytes
            };
            // The record's own id where it has one, also in an error record.
            match parse_record(bytes, *line_no, &opts.fields) {
                Ok(rec) => {
                    let id = rec.id.unwrap_or_else(|| doc.id.clone());
                    let text =
                        read_field(rec.text, opts.encoding).map_err(|e| decode_error(&id, e));
                    Prepared {
                        id,
                        kept: rec.kept,
                        text,
                    }
                }
                Err(fail) => Prepared {
                    id: fail.id.unwrap_or_else(|| doc.id.clone()),
                    kept: fail.kept,
                    text: Err(fail.error),
                },
            }
        }
    }
}

/// Documents with more text than this keep their annotation until it is
/// their turn and write it straight to the output: their JSON record can
/// be twenty times the text, and holding it whole would cost that much.
const STREAMED_TEXT: usize = 1 << 20;

/// The output of one document, as a worker leaves it for the writer.
struct Processed {
    record: Record,
    failed: bool,
    encoding: Option<Encoding>,
}

enum Record {
    /// The JSON line, written already.
    Line(Vec<u8>),
    /// A large document's annotation, written when its turn comes.
    Large(Box<LargeDoc>),
}

struct LargeDoc {
    id: Value,
    kept: Map<String, Value>,
    text: String,
    ann: Annotation,
    output: OutputOptions,
}

fn process(
    annotator: &Annotator,
    worker: &mut Worker,
    doc: &RawDoc,
    opts: &PipelineOptions,
) -> Processed {
    let mut out = Vec::new();
    let line = |out, failed, encoding| Processed {
        record: Record::Line(out),
        failed,
        encoding,
    };
    let Prepared { id, kept, text } = prepare(doc, opts);
    let (text, encoding) = match text {
        Ok(t) => t,
        Err(e) => {
            write_error_with(&mut out, &id, &kept, &e);
            return line(out, true, None);
        }
    };
    // A bug in a tagger must cost one document, not the run: the document
    // gets an error record and the worker starts afresh.
    let annotated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        annotator.annotate_with(&text, worker)
    }));
    match annotated {
        Ok(ann) => {
            let output = OutputOptions {
                encoding,
                ..opts.output
            };
            if text.len() > STREAMED_TEXT {
                let large = LargeDoc {
                    id,
                    kept,
                    text,
                    ann,
                    output,
                };
                return Processed {
                    record: Record::Large(Box::new(large)),
                    failed: false,
                    encoding,
                };
            }
            ann.write_json_with(&mut out, &id, &kept, &text, output);
            line(out, false, encoding)
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
            write_error_with(&mut out, &id, &kept, &e);
            line(out, true, None)
        }
    }
}

fn id_name(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
