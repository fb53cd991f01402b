//! Command-line parsing and dispatch. Each subcommand lives in its own file:
//! parse into an args struct, then run. `anyhow` is used here only.

// First: the `diag!` macro is used by the modules below.
#[macro_use]
mod output;
mod annotate;
mod convert;
mod eval;
mod export;
mod files;
mod import;
mod lexicon;
mod lint;
mod stats;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status: every document was annotated.
pub const EXIT_OK: u8 = 0;
/// Exit status: some documents got error records (the others were written).
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit status: usage error, lexicon error, or output could not be written.
pub const EXIT_USAGE: u8 = 2;

const AFTER_HELP: &str = "\
Exit status: 0 all documents annotated (exported, imported; lint: nothing at
or above --deny); 1 some documents failed (each has an error record in the
output; lint: findings at or above --deny); 2 usage or lexicon error, or the
output could not be written (an output file is then left as it was).

Examples:
  vietag annotate fixtures/news/dang-bo-xa.txt
  vietag annotate --jsonl corpus.jsonl -o annotated.jsonl --threads 4
  cat corpus.jsonl | vietag annotate --jsonl - --labels PER,LOC
  vietag lexicon check my-places.tsv
  vietag export --to conll --scheme bioes gold.jsonl -o gold.conll
  vietag import --from labelstudio tasks.json -o gold.jsonl
  vietag lint --deny warning gold.jsonl
  vietag eval gold.jsonl pred.jsonl --show-errors 5
  vietag stats --top 20 annotated.jsonl
  vietag convert --from tcvn3 old-decree.txt -o decree.txt";

/// Annotate Vietnamese text: people, titles, organisations, places,
/// document references, dates and numeric claims.
#[derive(Debug, Parser)]
#[command(name = "vietag", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Annotate documents and write JSON Lines, one record per document.
    Annotate(annotate::Args),
    /// Work with lexicon files.
    #[command(subcommand)]
    Lexicon(lexicon::Command),
    /// Write vietag JSON Lines as CoNLL, VLSP, Hugging Face, spaCy, doccano, Label Studio, brat, or HTML pages to review.
    Export(export::Args),
    /// Read CoNLL, VLSP, Hugging Face, spaCy, doccano, Label Studio or brat into vietag JSON Lines.
    Import(import::Args),
    /// Check annotations against the annotation guide; --fix writes a corrected copy.
    Lint(lint::Args),
    /// Score a prediction against gold annotations: strict/lenient P/R/F1, error categories, confusion, value agreement.
    #[command(after_help = eval::AFTER_HELP)]
    Eval(eval::Args),
    /// Corpus statistics: entities and distinct and top surfaces per label, rates, findings.
    #[command(after_help = stats::AFTER_HELP)]
    Stats(stats::Args),
    /// Convert TCVN3, VNI, Windows-1258 or VIQR text to UTF-8 (or back with --to).
    Convert(convert::Args),
}

/// Parses the command line, runs the subcommand and maps errors to exit
/// codes. A closed output pipe (e.g. `| head`) is not an error.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let result = match cli.command {
        Command::Annotate(args) => annotate::run(args),
        Command::Lexicon(cmd) => lexicon::run(cmd),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Convert(args) => convert::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(EXIT_OK);
            }
            let _ = writeln!(io::stderr(), "vietag: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
