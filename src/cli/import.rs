//! `vietag import --from FORMAT INPUT -o OUT`: a training-data format back
//! to vietag JSON Lines, checked as lint checks it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde_json::Value;
use vietag::formats::doc::write_jsonl;
use vietag::formats::jsonl::{write_error, RecordError};
use vietag::formats::{hf, Doc, DocError, Format, FormatOptions};
use vietag::lint::{self, Linter};
use vietag::Label;

use super::files::{display_name, records, FormatArg, UnitArg};
use super::output::Output;
use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

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
    /// hf: the label list of the ner_tags numbers (default: labels.json
    /// next to INPUT).
    #[arg(long, value_name = "FILE")]
    label_file: Option<PathBuf>,
    /// The labels accepted, comma-separated (default: the guide's nine; for
    /// brat the annotation.conf of the directory, for vlsp also MISC, for hf
    /// also those of the label list).
    #[arg(long, value_name = "LIST", conflicts_with = "schema")]
    labels: Option<String>,
    /// A file listing the labels accepted (as lint --schema).
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Keep documents with impossible spans: drop each such span with a
    /// warning instead of writing an error record.
    #[arg(long)]
    lenient: bool,
}

pub fn run(args: Args) -> Result<u8> {
    let format = Format::from(args.from);
    let mut opts = FormatOptions::default();
    opts.offsets = args.offsets.into();
    if format == Format::Hf {
        match hf_labels(&args) {
            Ok(names) => opts.hf_labels = Arc::from(names),
            Err(e) => {
                diag!("vietag import: {e}");
                return Ok(EXIT_USAGE);
            }
        }
    }
    let linter = match accepted_labels(&args, format, &opts) {
        Ok(labels) => Linter::with_labels(labels),
        Err(e) => {
            diag!("vietag import: {e}");
            return Ok(EXIT_USAGE);
        }
    };
    let name = display_name(&args.input);
    let recs = records(format, &args.input, &opts)?;
    let mut out = Output::open(
        args.output.as_deref().map(Path::new),
        &[Path::new(&args.input)],
    )?;
    let (mut done, mut failed, mut dropped) = (0usize, 0usize, 0usize);
    let mut buf = String::new();
    for rec in recs {
        let rec = rec.with_context(|| format!("{name}: cannot read"))?;
        match rec
            .doc
            .and_then(|d| validate(&linter, d, args.lenient, &name, &mut dropped))
        {
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
    let dropped = if dropped > 0 {
        format!(", {dropped} span(s) dropped")
    } else {
        String::new()
    };
    diag!("vietag import: {done} document(s) read from {format}{dropped}, {failed} failed");
    Ok(if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

/// The label list of the hf `ner_tags` numbers.
fn hf_labels(args: &Args) -> Result<Vec<String>> {
    let path = match &args.label_file {
        Some(p) => p.clone(),
        None => beside(&args.input, "labels.json"),
    };
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "{}: cannot read the label list of the ner_tags numbers; give it with --label-file FILE",
            path.display()
        )
    })?;
    hf::read_label_file(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// `file` in the directory of `input` (the current one for `-`).
pub(super) fn beside(input: &str, file: &str) -> PathBuf {
    let p = Path::new(input);
    if input == "-" {
        return PathBuf::from(file);
    }
    let dir = if p.is_dir() {
        Some(p)
    } else {
        p.parent().filter(|d| !d.as_os_str().is_empty())
    };
    dir.map_or_else(|| PathBuf::from(file), |d| d.join(file))
}

/// The labels an import accepts.
fn accepted_labels(args: &Args, format: Format, opts: &FormatOptions) -> Result<Vec<String>> {
    if let Some(list) = &args.labels {
        return Ok(list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect());
    }
    let schema_file = match (&args.schema, format) {
        (Some(p), _) => Some(p.clone()),
        (None, Format::Brat) => {
            Some(beside(&args.input, "annotation.conf")).filter(|p| p.is_file())
        }
        _ => None,
    };
    if let Some(path) = schema_file {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read the schema", path.display()))?;
        return lint::parse_schema(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    let mut labels: Vec<String> = Label::ALL.iter().map(|l| l.as_str().to_string()).collect();
    match format {
        Format::Vlsp => labels.push("MISC".into()),
        Format::Hf => labels.extend(
            opts.hf_labels
                .iter()
                .filter_map(|n| n.split_once('-').map(|(_, l)| l.to_string())),
        ),
        _ => {}
    }
    Ok(labels)
}

/// `doc` if lint finds no impossible span in it; with `lenient`, `doc`
/// without them (each dropped with a warning).
fn validate(
    linter: &Linter,
    mut doc: Doc,
    lenient: bool,
    name: &str,
    dropped: &mut usize,
) -> Result<Doc, DocError> {
    let errors = lint::import_errors(linter, &doc);
    if errors.is_empty() {
        return Ok(doc);
    }
    let file = doc.source.clone().unwrap_or_else(|| name.to_string());
    let at = |f: &lint::Finding| {
        let line = if f.line > 0 { f.line } else { doc.line };
        let e = f.entity.unwrap_or(0);
        DocError::new(
            line,
            doc.index,
            Some(doc.id.clone()),
            format!("entity {e}: {}", f.message),
        )
        .in_named_file(file.clone())
    };
    if !lenient {
        for f in &errors[1..] {
            diag!("{}", at(f).in_file(name));
        }
        let mut e = at(&errors[0]);
        let more = errors.len() - 1;
        let tail = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        e.message = format!(
            "{}{tail}; import with --lenient to drop such spans",
            e.message
        );
        return Err(e);
    }
    let mut drop: Vec<usize> = errors.iter().filter_map(|f| f.entity).collect();
    drop.sort_unstable();
    drop.dedup();
    for f in &errors {
        let e = at(f);
        diag!("{}: warning: span dropped", e.in_file(name));
    }
    *dropped += drop.len();
    let mut k = 0;
    doc.retain_entities(|_| {
        k += 1;
        drop.binary_search(&(k - 1)).is_err()
    });
    Ok(doc)
}
