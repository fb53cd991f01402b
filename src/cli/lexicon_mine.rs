//! `vietag lexicon mine CORPUS… -o names.tsv`: parse the arguments, run
//! [`vietag::mine::mine`], write the lexicon.

use std::path::{Path, PathBuf};

use anyhow::Result;
use vietag::mine;
use vietag::pipeline::{Event, Input, InputFormat, PipelineOptions, RunError};
use vietag::AnnotatorBuilder;

use super::output::Output;
use super::{EXIT_OK, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, directories (searched for *.txt, with --jsonl for *.jsonl) or
    /// - for standard input.
    #[arg(required = true, value_name = "CORPUS")]
    inputs: Vec<String>,
    /// Write the lexicon here instead of standard output (replaced only by
    /// a complete file).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Inputs are JSON Lines records with an id and a text field.
    #[arg(long)]
    jsonl: bool,
    /// Keep names seen at least this many times.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_count: u64,
    /// Extra lexicon files used while annotating (their names count as
    /// known and are not mined again).
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

pub fn run(args: Args) -> Result<u8> {
    let mut builder = AnnotatorBuilder::new();
    for path in &args.lexicons {
        if let Err(e) = builder.lexicon_file(path) {
            diag!("vietag: {e}");
            return Ok(EXIT_USAGE);
        }
    }
    let annotator = match builder.build() {
        Ok(a) => a,
        Err(e) => {
            diag!("vietag: {e}");
            return Ok(EXIT_USAGE);
        }
    };
    if args.threads == Some(0) {
        diag!("vietag: --threads must be at least 1");
        return Ok(EXIT_USAGE);
    }
    let inputs: Vec<Input> = args
        .inputs
        .iter()
        .map(|s| match s.as_str() {
            "-" => Input::Stdin,
            _ => Input::Path(PathBuf::from(s)),
        })
        .collect();
    let mut opts = PipelineOptions::default();
    if args.jsonl {
        opts.format = InputFormat::Jsonl;
    }
    opts.threads = args.threads;
    let mut on_event = |event: Event| {
        if let Event::Note(note) = event {
            diag!("vietag: note: {note}");
        }
    };
    let (names, summary) =
        match mine::mine(&annotator, &inputs, &opts, args.min_count, &mut on_event) {
            Ok(r) => r,
            Err(RunError::NoFiles { dir, pattern }) => {
                diag!(
                    "vietag: {}: no {pattern} file in this directory or below; nothing written",
                    dir.display()
                );
                return Ok(EXIT_USAGE);
            }
            Err(e) => return Err(e.into()),
        };
    let named: Vec<&Path> = args.inputs.iter().map(Path::new).collect();
    let mut out = Output::open(args.output.as_deref(), &named)?;
    mine::write_tsv(&names, &mut out)?;
    out.commit()?;
    diag!(
        "vietag: {} documents ({} failed), {} names kept",
        summary.documents,
        summary.failed,
        names.len()
    );
    Ok(EXIT_OK)
}
