//! `vietag lexicon check FILE…`: validate lexicon files.

use std::path::PathBuf;

use std::io::Write;

use anyhow::Result;
use clap::Subcommand;
use vietag::lexicon::parse_lexicon;
use vietag::text::ViewOptions;

use super::output::Output;
use super::{EXIT_OK, EXIT_USAGE};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check lexicon files for format errors; print every problem as
    /// FILE:LINE: message. Exit 0 if all are valid, 2 otherwise.
    Check {
        /// Lexicon TSV files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

pub fn run(cmd: Command) -> Result<u8> {
    let Command::Check { files } = cmd;
    let mut problems = 0usize;
    let mut total = 0usize;
    let mut all = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    diag!(
                        "{name}: not UTF-8 (first bad byte at {}); save the file as UTF-8",
                        e.utf8_error().valid_up_to()
                    );
                    problems += 1;
                    continue;
                }
            },
            Err(e) => {
                diag!("{name}: cannot read: {e}");
                problems += 1;
                continue;
            }
        };
        match parse_lexicon(&name, &text) {
            Ok(entries) => {
                total += entries.len();
                all.extend(entries);
            }
            Err(issues) => {
                for i in &issues {
                    diag!("{i}");
                }
                problems += issues.len();
            }
        }
    }
    if problems == 0 {
        // Compiling also checks that every surface can be matched.
        if let Err(e) = vietag::matcher::CompiledLexicon::build(all, ViewOptions::default()) {
            for i in &e.issues {
                diag!("{i}");
            }
            problems += e.issues.len();
        }
    }
    if problems == 0 {
        let mut out = Output::stdout();
        writeln!(out, "{} file(s), {total} entries: ok", files.len())?;
        out.commit()?;
        Ok(EXIT_OK)
    } else {
        diag!("{problems} problem(s) found");
        Ok(EXIT_USAGE)
    }
}
