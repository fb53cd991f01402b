//! `vietag annotate`: annotate documents, write JSON Lines.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use vietag::formats::jsonl::KeepFields;
use vietag::pipeline::{self, Event, Input, InputFormat, Note, PipelineOptions, RunError};
use vietag::{AnnotatorBuilder, LabelSet, Layer, OffsetUnit};

use super::convert::EncodingArg;
use super::output::Output;
use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

/// Inputs larger than this get a progress bar (when stderr is a terminal).
const PROGRESS_MIN_BYTES: u64 = 8 << 20;

const EXAMPLES: &str = "\
Examples:
  vietag annotate fixtures/news/dang-bo-xa.txt
  vietag annotate corpus/ -o out.jsonl                  # every *.txt below corpus/
  vietag annotate --jsonl corpus.jsonl.xz --threads 4 -o out.jsonl
  cat corpus.jsonl | vietag annotate --jsonl --text-field body --keep-fields url,date -
  vietag annotate --labels PER,ORG --offsets utf16 --include-text doc.txt
  vietag annotate --encoding auto old-tcvn3/           # legacy encodings, detected

Inputs: gzip, xz and zstd files are read decompressed. Without --jsonl or
--text, a file named *.jsonl or *.ndjson, or whose every line is a JSON
object, is read as JSON Lines (with a note on standard error).

Output: -o OUT is written to a temporary file next to OUT and renamed over it
only when the run completes; a failed or interrupted run leaves OUT as it was.

Exit status: 0 all documents annotated; 1 some documents got error records;
2 usage or lexicon error, or the output could not be written.";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Files, directories (searched for *.txt, with --jsonl for *.jsonl) or
    /// - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Write here instead of standard output (replaced only by a complete
    /// output; never one of the inputs).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Inputs are JSON Lines records with an id and a text field.
    #[arg(long, conflicts_with = "text")]
    jsonl: bool,
    /// Each input is one text document, even if it is named *.jsonl or
    /// every line is a JSON object.
    #[arg(long)]
    text: bool,
    /// Name of the id field of JSON Lines records.
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,
    /// Name of the text field of JSON Lines records.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,
    /// Copy these fields of each JSON Lines record (comma-separated, or
    /// `all`) to its output record, after the id.
    #[arg(long, value_name = "LIST")]
    keep_fields: Option<KeepFields>,
    /// Replace invalid UTF-8 with U+FFFD instead of giving the document an error record.
    #[arg(long)]
    lossy: bool,
    /// Encoding of the inputs. auto detects it for every document (and repairs JSON Lines text
    /// fields that hold VIQR or TCVN3/VNI/Windows-1258 mojibake); a name forces one. Default:
    /// UTF-8, with detection for text files that are not UTF-8.
    #[arg(long, value_enum, value_name = "ENCODING")]
    encoding: Option<EncodingArg>,
    /// Unit of start/end offsets.
    #[arg(long, value_enum, default_value_t = Unit::Codepoint)]
    offsets: Unit,
    /// Add the document text to each record.
    #[arg(long)]
    include_text: bool,
    /// Only these labels, comma-separated (PER,TITLE,ORG,LOC,DOCREF,DATE,PERCENT,MONEY,QUANTITY).
    #[arg(long, value_name = "LIST")]
    labels: Option<String>,
    /// Also load this lexicon file (repeatable).
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Do not load the embedded default lexicons.
    #[arg(long)]
    no_default_lexicons: bool,
    /// Let unaccented text match accented entries ("Dong Xoai" → "Đồng Xoài").
    #[arg(long)]
    fold_diacritics: bool,
    /// flat: the outer layer of the guide; all: also nested mentions with a parent index.
    #[arg(long, value_enum, default_value_t = LayerArg::Flat)]
    layer: LayerArg,
    /// Worker threads (default: one per core; more than the cores are not
    /// started, with a note).
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    threads: Option<usize>,
    /// Documents held in memory at once.
    #[arg(long, default_value_t = 4096, value_name = "N", value_parser = at_least_one)]
    batch_size: usize,
    /// Largest document (a file, or one JSON Lines record), after
    /// decompression; larger ones get a `too_large` error record. Bytes, or
    /// with K, M, G (powers of 1024).
    #[arg(long, default_value = "256M", value_name = "SIZE", value_parser = byte_size)]
    max_doc_size: usize,
    /// Follow symbolic links to directories in directory inputs (links
    /// back to a directory above are skipped with a warning).
    #[arg(long)]
    follow: bool,
}

/// A count of at least 1.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a whole number")),
    }
}

/// A size in bytes: `1000`, `512K`, `256M`, `2G` (also `MB`, `MiB`; powers
/// of 1024).
fn byte_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "'{s}': use a number of bytes, or one with K, M or G (256M)"
            ))
        }
    };
    let n: usize = number
        .parse()
        .map_err(|_| format!("'{s}': use a number of bytes, or one with K, M or G (256M)"))?;
    match n.checked_mul(1 << shift) {
        Some(0) => Err("must be at least 1 byte".into()),
        Some(size) => Ok(size),
        None => Err(format!("'{s}' is too large")),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Unit {
    Codepoint,
    Utf8,
    Utf16,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LayerArg {
    Flat,
    All,
}

pub fn run(args: Args) -> Result<u8> {
    let Some(annotator) = build_annotator(&args) else {
        return Ok(EXIT_USAGE);
    };
    // The process ends after this run: freeing the compiled lexicons entry
    // by entry would cost a tenth of the start-up, for nothing.
    let annotator = std::mem::ManuallyDrop::new(annotator);
    let inputs: Vec<Input> = args
        .inputs
        .iter()
        .map(|s| {
            if s == "-" {
                Input::Stdin
            } else {
                Input::Path(PathBuf::from(s))
            }
        })
        .collect();
    let opts = pipeline_options(&args);
    let named: Vec<&Path> = args.inputs.iter().map(Path::new).collect();
    let mut out = Output::open(args.output.as_deref(), &named)?;
    let bar = progress_bar(&inputs);
    let mut on_event = |event: Event| match event {
        Event::Progress(n) => {
            if let Some(b) = &bar {
                b.inc(n);
            }
        }
        Event::Note(note) => {
            let line = note_line(&note);
            match &bar {
                Some(b) => b.suspend(|| diag!("{line}")),
                None => diag!("{line}"),
            }
        }
        // An event this CLI does not know yet: nothing to show.
        _ => {}
    };
    let summary = match pipeline::run(&annotator, &inputs, &opts, &mut out, &mut on_event) {
        Ok(s) => s,
        Err(RunError::NoFiles { dir, pattern }) => {
            let hint = if args.jsonl {
                "text files are read without --jsonl"
            } else {
                "JSON Lines files are read with --jsonl"
            };
            diag!(
                "vietag: {}: no {pattern} file in this directory or below ({hint}); nothing written",
                dir.display()
            );
            return Ok(EXIT_USAGE);
        }
        Err(RunError::Write(e)) => return Err(e.into()),
        Err(e) => return Err(e.into()),
    };
    out.commit()?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let decoded = summary.decoded;
    if !decoded.is_empty() && (args.encoding.is_some() || decoded.legacy() > 0) {
        diag!("vietag: documents read as {decoded}; offsets refer to the decoded text (see each record's \"encoding\")");
    }
    if summary.failed > 0 {
        diag!(
            "vietag: {} of {} document(s) failed; see their \"error\" records",
            summary.failed,
            summary.documents
        );
        return Ok(EXIT_SOME_FAILED);
    }
    Ok(EXIT_OK)
}

/// The annotator the options ask for, or `None` after telling why not.
fn build_annotator(args: &Args) -> Option<vietag::Annotator> {
    let mut builder = AnnotatorBuilder::new();
    builder
        .default_lexicons(!args.no_default_lexicons)
        .fold_diacritics(args.fold_diacritics)
        .layer(match args.layer {
            LayerArg::Flat => Layer::Flat,
            LayerArg::All => Layer::All,
        });
    if let Some(list) = &args.labels {
        match list.parse::<LabelSet>() {
            Ok(set) => {
                builder.labels(set);
            }
            Err(e) => {
                diag!("vietag: --labels: {e}");
                return None;
            }
        }
    }
    for path in &args.lexicons {
        if let Err(e) = builder.lexicon_file(path) {
            diag!("vietag: {e}");
            return None;
        }
    }
    match builder.build() {
        Ok(a) => Some(a),
        Err(e) => {
            diag!("{e}");
            diag!("vietag: lexicon errors; fix them (vietag lexicon check FILE) and run again");
            None
        }
    }
}

fn pipeline_options(args: &Args) -> PipelineOptions {
    let mut opts = PipelineOptions::default();
    opts.format = if args.jsonl {
        InputFormat::Jsonl
    } else if args.text {
        InputFormat::Text
    } else {
        InputFormat::Auto
    };
    opts.fields.id = args.id_field.clone();
    opts.fields.text = args.text_field.clone();
    opts.fields.keep = args.keep_fields.clone().unwrap_or_default();
    opts.lossy = args.lossy;
    opts.encoding = args.encoding.map(Into::into).unwrap_or_default();
    opts.output.unit = match args.offsets {
        Unit::Codepoint => OffsetUnit::Codepoint,
        Unit::Utf8 => OffsetUnit::Utf8,
        Unit::Utf16 => OffsetUnit::Utf16,
    };
    opts.output.include_text = args.include_text;
    opts.batch_docs = args.batch_size;
    opts.threads = args.threads;
    opts.max_doc_bytes = args.max_doc_size;
    opts.follow_symlinks = args.follow;
    opts
}

/// A note of the pipeline as a line for standard error, with the option
/// that changes it.
fn note_line(note: &Note) -> String {
    match note {
        Note::JsonlByName(_) | Note::JsonlByContent(_) => {
            format!("vietag: note: {note}; pass --text to annotate it as one document, or --jsonl to silence this note")
        }
        Note::Loop(_) => format!("vietag: warning: {note}"),
        Note::ThreadsCapped { asked, used } => format!(
            "vietag: note: --threads {asked}: using {used}; more threads than cores (or than --batch-size) would only wait"
        ),
        // A note this CLI has no option hint for: the library's own words.
        _ => format!("vietag: note: {note}"),
    }
}

fn progress_bar(inputs: &[Input]) -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let total: u64 = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Stdin => None,
        })
        .sum();
    if total < PROGRESS_MIN_BYTES {
        return None;
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}
