//! `vietag lint [--from FORMAT] INPUT…`: check annotations against the
//! annotation guide; `--fix` writes a corrected copy.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;
use serde_json::Value;
use vietag::formats::doc::to_jsonl_value;
use vietag::formats::{brat, doccano, Doc, Format, FormatOptions, Writer};
use vietag::lint::{self, Finding, Linter, Severity};
use vietag::{AnnotatorBuilder, Label, LabelSet};

use super::files::{display_name, records, FormatArg, UnitArg};
use super::output::{same_file, write_file, Output};
use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to check (a directory for brat), or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// The format of the inputs.
    #[arg(long = "from", value_enum, default_value_t = FormatArg::Jsonl, value_name = "FORMAT")]
    from: FormatArg,
    /// The labels allowed, comma-separated (default: the guide's nine).
    #[arg(long, value_name = "LIST", conflicts_with = "schema")]
    labels: Option<String>,
    /// A file listing the labels allowed: one per line, a JSON array, a
    /// Label Studio config or a brat annotation.conf.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// How findings are printed.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Exit with status 1 when a finding at or above this level remains.
    #[arg(long, value_enum, default_value_t = Level::Error, value_name = "LEVEL")]
    deny: Level,
    /// Write a corrected copy (trim spaces and punctuation, snap to
    /// syllables) next to each input as NAME.fixed.EXT, or to -o.
    #[arg(long)]
    fix: bool,
    /// With --fix: overwrite the inputs instead.
    #[arg(long, requires = "fix")]
    in_place: bool,
    /// With --fix and one input: where to write the corrected copy.
    #[arg(
        short,
        long,
        value_name = "OUT",
        requires = "fix",
        conflicts_with = "in_place"
    )]
    output: Option<PathBuf>,
    /// labelstudio: the offset unit of the inputs.
    #[arg(long, value_enum, default_value_t = UnitArg::Codepoint)]
    offsets: UnitArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Compiler-like: location, message, the text with a caret under the span
    Text,
    /// One JSON object per finding, one per line
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Level {
    Info,
    Warning,
    Error,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Self {
        match l {
            Level::Info => Severity::Info,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        }
    }
}

#[derive(Default)]
struct Tally {
    docs: usize,
    unreadable: usize,
    by_severity: [usize; 3],
    denied: usize,
    fixed_spans: usize,
    fixed_docs: usize,
}

pub fn run(args: Args) -> Result<u8> {
    let format = Format::from(args.from);
    let labels: Vec<String> = if let Some(list) = &args.labels {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    } else if let Some(path) = &args.schema {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read schema", path.display()))?;
        match lint::parse_schema(&text) {
            Ok(l) => l,
            Err(e) => {
                diag!("vietag lint: {}: {e}", path.display());
                return Ok(EXIT_USAGE);
            }
        }
    } else {
        Label::ALL.iter().map(|l| l.as_str().to_string()).collect()
    };
    if args.fix {
        if matches!(
            format,
            Format::Conll | Format::Vlsp | Format::Hf | Format::SpacyJson
        ) {
            diag!("vietag lint: --fix writes jsonl, spacy-simple, doccano, labelstudio and brat, not {format}; fix the JSON Lines and export again");
            return Ok(EXIT_USAGE);
        }
        if args.output.is_some() && args.inputs.len() > 1 {
            diag!("vietag lint: -o takes one input; without it each input gets NAME.fixed.EXT");
            return Ok(EXIT_USAGE);
        }
        if let Some(o) = args.output.as_deref() {
            if args.inputs.iter().any(|i| same_file(o, Path::new(i))) {
                diag!(
                    "vietag lint: {}: -o names the input; to rewrite the input use --in-place",
                    o.display()
                );
                return Ok(EXIT_USAGE);
            }
        }
        if args.inputs.iter().any(|i| i == "-") && args.output.is_none() {
            diag!("vietag lint: --fix on standard input needs -o OUT");
            return Ok(EXIT_USAGE);
        }
    }
    let mut docref = AnnotatorBuilder::new();
    let mut set = LabelSet::empty();
    set.insert(Label::DocRef);
    docref.labels(set);
    let linter = Linter::with_labels(labels).docref_tagger(
        docref
            .build()
            .map_err(|e| anyhow::anyhow!("cannot build the DOCREF tagger: {e}"))?,
    );
    let opts = FormatOptions {
        offsets: args.offsets.into(),
        ..FormatOptions::default()
    };
    let mut out = Output::stdout();
    let mut tally = Tally::default();
    let mut status = EXIT_OK;
    let deny = Severity::from(args.deny);
    for input in &args.inputs {
        let name = display_name(input);
        let recs = match records(format, input, &opts) {
            Ok(r) => r,
            Err(e) => {
                diag!("vietag lint: {e:#}");
                status = EXIT_USAGE;
                continue;
            }
        };
        // The corrected copy: lines (line-based formats) or documents.
        let mut fixed_lines: Vec<String> = Vec::new();
        let mut fixed_docs: Vec<Doc> = Vec::new();
        let mut any_unreadable = false;
        for rec in recs {
            let rec = rec.with_context(|| format!("{name}: cannot read"))?;
            tally.docs += 1;
            match rec.doc {
                Err(e) => {
                    tally.unreadable += 1;
                    any_unreadable = true;
                    let f = lint::unreadable(&e);
                    report(
                        &mut out,
                        &args,
                        &name,
                        e.id.as_ref(),
                        None,
                        &f,
                        false,
                        &mut tally,
                        deny,
                    )?;
                    if let Some(raw) = rec.raw {
                        fixed_lines.push(raw);
                    }
                }
                Ok(mut doc) => {
                    let findings = linter.check(&doc);
                    let before = doc.clone();
                    let changed = if args.fix {
                        lint::fix(&mut doc, &findings)
                    } else {
                        Vec::new()
                    };
                    let file = before.source.clone().unwrap_or_else(|| name.clone());
                    for f in &findings {
                        let fixed =
                            f.entity.is_some_and(|i| changed.contains(&i)) && f.fix.is_some();
                        report(
                            &mut out,
                            &args,
                            &file,
                            Some(&before.id),
                            Some(&before),
                            f,
                            fixed,
                            &mut tally,
                            deny,
                        )?;
                    }
                    if !changed.is_empty() {
                        tally.fixed_spans += changed.len();
                        tally.fixed_docs += 1;
                    }
                    if args.fix {
                        if format.is_line_based() {
                            fixed_lines.push(match (&rec.raw, changed.is_empty()) {
                                (Some(raw), true) => raw.clone(),
                                _ if format == Format::Doccano => doccano::record(&doc).to_string(),
                                _ => to_jsonl_value(&doc).to_string(),
                            });
                        } else {
                            fixed_docs.push(doc);
                        }
                    }
                }
            }
        }
        if args.fix {
            if !format.is_line_based() && any_unreadable {
                diag!("vietag lint: {name}: not writing a corrected copy: some documents could not be read");
                status = EXIT_USAGE;
                continue;
            }
            let target = fix_target(input, format, args.in_place, args.output.as_deref());
            write_fixed(
                format,
                &target,
                &fixed_lines,
                &fixed_docs,
                &opts,
                args.in_place,
            )?;
            diag!(
                "vietag lint: corrected copy of {name} written to {}",
                target.display()
            );
        }
    }
    out.commit()?;
    let [info, warning, error] = tally.by_severity;
    let mut summary = format!(
        "vietag lint: {error} error(s), {warning} warning(s), {info} info in {} document(s)",
        tally.docs
    );
    if tally.unreadable > 0 {
        summary.push_str(&format!(" ({} unreadable)", tally.unreadable));
    }
    if args.fix {
        summary.push_str(&format!(
            "; fixed {} span(s) in {} document(s)",
            tally.fixed_spans, tally.fixed_docs
        ));
    }
    diag!("{summary}");
    if status != EXIT_OK {
        return Ok(status);
    }
    Ok(if tally.denied > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

#[allow(clippy::too_many_arguments)]
fn report(
    out: &mut impl Write,
    args: &Args,
    file: &str,
    id: Option<&Value>,
    doc: Option<&Doc>,
    f: &Finding,
    fixed: bool,
    tally: &mut Tally,
    deny: Severity,
) -> Result<()> {
    tally.by_severity[f.severity as usize] += 1;
    if f.severity >= deny && !fixed {
        tally.denied += 1;
    }
    match args.format {
        OutputFormat::Text => {
            let mut s = lint::render(file, id, doc, f);
            if fixed {
                s = s.replace("  = fix:", "  = fixed:");
            }
            writeln!(out, "{s}")?;
        }
        OutputFormat::Json => {
            let mut v = lint::to_json(file, id, doc, f);
            if args.fix {
                v["fixed"] = Value::Bool(fixed);
            }
            writeln!(out, "{v}")?;
        }
    }
    Ok(())
}

/// Where the corrected copy of `input` goes.
fn fix_target(input: &str, format: Format, in_place: bool, output: Option<&Path>) -> PathBuf {
    if let Some(o) = output {
        return o.to_path_buf();
    }
    let p = Path::new(input.trim_end_matches('/'));
    if in_place {
        return p.to_path_buf();
    }
    if format == Format::Brat && p.is_dir() {
        let mut s = p.as_os_str().to_owned();
        s.push(".fixed");
        return PathBuf::from(s);
    }
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = match p.extension() {
        Some(ext) => format!("{stem}.fixed.{}", ext.to_string_lossy()),
        None => format!("{stem}.fixed"),
    };
    p.with_file_name(name)
}

fn write_fixed(
    format: Format,
    target: &Path,
    lines: &[String],
    docs: &[Doc],
    opts: &FormatOptions,
    in_place: bool,
) -> Result<()> {
    if format == Format::Brat {
        // A .ann file given as input (in place) or a directory.
        let dir = if in_place && target.is_file() {
            target.parent().unwrap_or(Path::new(".")).to_path_buf()
        } else {
            target.to_path_buf()
        };
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("{}: cannot create directory", dir.display()))?;
        let mut used = HashSet::new();
        let mut labels = BTreeSet::new();
        for doc in docs {
            let ann = brat::ann(doc).map_err(|e| anyhow::anyhow!("{e}"))?;
            let stem = match &doc.source {
                Some(s) => Path::new(s)
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_else(|| brat::file_stem(doc, &mut used)),
                None => brat::file_stem(doc, &mut used),
            };
            used.insert(stem.clone());
            labels.extend(doc.entities.iter().map(|e| e.label.clone()));
            write_file(&dir.join(format!("{stem}.ann")), ann.as_bytes())?;
            if !in_place {
                write_file(&dir.join(format!("{stem}.txt")), doc.text.as_bytes())?;
            }
        }
        if !in_place {
            write_file(
                &dir.join("annotation.conf"),
                brat::conf(labels.iter().map(String::as_str)).as_bytes(),
            )?;
        }
        return Ok(());
    }
    let mut body = String::new();
    if format.is_line_based() {
        for l in lines {
            body.push_str(l);
            body.push('\n');
        }
    } else {
        let mut w = Writer::lenient(format, opts.clone());
        body.push_str(w.header());
        for d in docs {
            w.write(d, &mut body).map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        body.push_str(w.footer());
    }
    // Through a temporary file: an interrupted run never leaves half a
    // file in place, and a link keeps pointing at the corrected file.
    write_file(target, body.as_bytes())
}
