//! `vietag annotate`: annotate documents, write JSON Lines.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use vietag::formats::jsonl::{JsonlFields, OutputOptions};
use vietag::pipeline::{self, Input, PipelineOptions};
use vietag::{AnnotatorBuilder, LabelSet, Layer, OffsetUnit};

use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

/// Inputs larger than this get a progress bar (when stderr is a terminal).
const PROGRESS_MIN_BYTES: u64 = 8 << 20;

const EXAMPLES: &str = "\
Examples:
  vietag annotate fixtures/news/dang-bo-xa.txt
  vietag annotate corpus/ -o out.jsonl                  # every *.txt below corpus/
  vietag annotate --jsonl corpus.jsonl --threads 4 -o out.jsonl
  cat corpus.jsonl | vietag annotate --jsonl --text-field body -
  vietag annotate --labels PER,ORG --offsets utf16 --include-text doc.txt

Exit status: 0 all documents annotated; 1 some documents got error records;
2 usage or lexicon error.";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Files, directories (searched for *.txt) or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Inputs are JSON Lines records with an id and a text field.
    #[arg(long)]
    jsonl: bool,
    /// Name of the id field of JSON Lines records.
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,
    /// Name of the text field of JSON Lines records.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,
    /// Replace invalid UTF-8 with U+FFFD instead of giving the document an error record.
    #[arg(long)]
    lossy: bool,
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
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Documents held in memory at once.
    #[arg(long, default_value_t = 4096, value_name = "N")]
    batch_size: usize,
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
                eprintln!("vietag: --labels: {e}");
                return Ok(EXIT_USAGE);
            }
        }
    }
    for path in &args.lexicons {
        if let Err(e) = builder.lexicon_file(path) {
            eprintln!("vietag: {e}");
            return Ok(EXIT_USAGE);
        }
    }
    let annotator = match builder.build() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("vietag: lexicon errors; fix them (vietag lexicon check FILE) and run again");
            return Ok(EXIT_USAGE);
        }
    };
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
    let opts = PipelineOptions {
        jsonl: args.jsonl,
        fields: JsonlFields {
            id: args.id_field.clone(),
            text: args.text_field.clone(),
        },
        lossy: args.lossy,
        output: OutputOptions {
            unit: match args.offsets {
                Unit::Codepoint => OffsetUnit::Codepoint,
                Unit::Utf8 => OffsetUnit::Utf8,
                Unit::Utf16 => OffsetUnit::Utf16,
            },
            include_text: args.include_text,
        },
        batch_docs: args.batch_size.max(1),
        threads: args.threads,
        ..PipelineOptions::default()
    };
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(BufWriter::new(File::create(p).with_context(|| {
                format!("{}: cannot create output file", p.display())
            })?))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let bar = progress_bar(&inputs);
    let mut tick = |n: u64| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    };
    let summary = pipeline::run(&annotator, &inputs, &opts, &mut out, &mut tick)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if summary.failed > 0 {
        eprintln!(
            "vietag: {} of {} document(s) failed; see their \"error\" records",
            summary.failed, summary.documents
        );
        return Ok(EXIT_SOME_FAILED);
    }
    Ok(EXIT_OK)
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
