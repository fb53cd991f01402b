//! `vietag import --from FORMAT INPUT -o OUT`: a training-data format back
//! to vietag JSON Lines.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;
use vietag::formats::doc::write_jsonl;
use vietag::formats::jsonl::{write_error, RecordError};
use vietag::formats::{Format, FormatOptions};

use super::files::{display_name, records, FormatArg, UnitArg};
use super::output::Output;
use super::{EXIT_OK, EXIT_SOME_FAILED};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to read, - for standard input; for brat a directory (or one
    /// .ann file).
    #[arg(value_name = "INPUT")]
    input: String,
    /// The format of INPUT.
    #[arg(long = "from", value_enum, value_name = "FORMAT")]
    from: FormatArg,
    /// Output file, or - for standard output (the default).
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// labelstudio: the offset unit of INPUT.
    #[arg(long, value_enum, default_value_t = UnitArg::Codepoint)]
    offsets: UnitArg,
}

pub fn run(args: Args) -> Result<u8> {
    let format = Format::from(args.from);
    let opts = FormatOptions {
        offsets: args.offsets.into(),
        ..FormatOptions::default()
    };
    let name = display_name(&args.input);
    let recs = records(format, &args.input, &opts)?;
    let mut out = Output::open(
        args.output.as_deref().map(Path::new),
        &[Path::new(&args.input)],
    )?;
    let (mut done, mut failed) = (0usize, 0usize);
    let mut buf = String::new();
    for rec in recs {
        let rec = rec.with_context(|| format!("{name}: cannot read"))?;
        match rec.doc {
            Ok(doc) => {
                write_jsonl(&doc, &mut buf);
                done += 1;
            }
            Err(e) => {
                let message = e.in_file(&name);
                diag!("{message}");
                let id = e.id.clone().unwrap_or_else(|| Value::from(e.index));
                let mut line = Vec::new();
                write_error(
                    &mut line,
                    &id,
                    &RecordError {
                        kind: "invalid_input",
                        message,
                    },
                );
                buf.push_str(&String::from_utf8_lossy(&line));
                failed += 1;
            }
        }
        if buf.len() > 1 << 20 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    out.commit()?;
    diag!("vietag import: {done} document(s) read from {format}, {failed} failed");
    Ok(if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}
