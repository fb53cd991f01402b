//! `vietag lexicon check FILE…`, `vietag lexicon classes` and `vietag
//! lexicon mine CORPUS…` (in [`super::lexicon_mine`]).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use vietag::lexicon::ClassId;
use vietag::AnnotatorBuilder;

use super::output::Output;
use super::{EXIT_OK, EXIT_USAGE};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check lexicon files exactly as `annotate --lexicon` loads them (with
    /// the default lexicons); print every problem as FILE:LINE: message.
    /// Exit 0 if all are valid, 2 otherwise.
    Check {
        /// Lexicon TSV files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the lexicon classes a lexicon may use in its label column, with
    /// the attributes each takes.
    Classes,
    /// Annotate a corpus and collect the names found with strong evidence
    /// (a cue or title before a person's name, an abbreviation defined in
    /// parentheses), with label, count and an example document id, most
    /// frequent first, as a lexicon TSV file to review and load with
    /// --lexicon.
    Mine(super::lexicon_mine::Args),
}

pub fn run(cmd: Command) -> Result<u8> {
    match cmd {
        Command::Check { files } => check(&files),
        Command::Mine(args) => super::lexicon_mine::run(args),
        Command::Classes => {
            let mut out = Output::stdout();
            for class in ClassId::all() {
                writeln!(out, "{}", class.describe())?;
            }
            out.commit()?;
            Ok(EXIT_OK)
        }
    }
}

fn check(files: &[PathBuf]) -> Result<u8> {
    let mut builder = AnnotatorBuilder::new();
    for path in files {
        if let Err(e) = builder.lexicon_file(path) {
            diag!("{e}");
            return Ok(EXIT_USAGE);
        }
    }
    match builder.build() {
        Ok(annotator) => {
            let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            let total = annotator
                .entries()
                .iter()
                .filter(|e| names.iter().any(|n| *n == *e.origin.file))
                .count();
            let mut out = Output::stdout();
            writeln!(out, "{} file(s), {total} entries: ok", files.len())?;
            out.commit()?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            diag!("{e}");
            diag!("{} problem(s) found", e.issue_count());
            Ok(EXIT_USAGE)
        }
    }
}
