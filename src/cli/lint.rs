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
use vietag::lint::{self, Finding, Linter, Report, Severity};
use vietag::Label;

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
    let Some(labels) = allowed_labels(&args)? else {
        return Ok(EXIT_USAGE);
    };
    if let Err(usage) = check_fix_args(&args, format) {
        diag!("vietag lint: {usage}");
        return Ok(EXIT_USAGE);
    }
    let mut opts = FormatOptions::default();
    opts.offsets = args.offsets.into();
    let mut run = Run {
        linter: Linter::with_labels(labels),
        opts,
        deny: Severity::from(args.deny),
        format,
        args: &args,
        tally: Tally::default(),
        status: EXIT_OK,
    };
    let mut out = Output::stdout();
    for input in &args.inputs {
        run.input(input, &mut out)?;
    }
    out.commit()?;
    run.summary();
    Ok(run.exit_status())
}

/// The labels allowed: `--labels`, `--schema` or the guide's nine; `None`
/// after reporting a schema that cannot be read as one.
fn allowed_labels(args: &Args) -> Result<Option<Vec<String>>> {
    if let Some(list) = &args.labels {
        return Ok(Some(
            list.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ));
    }
    let Some(path) = &args.schema else {
        return Ok(Some(
            Label::ALL.iter().map(|l| l.as_str().to_string()).collect(),
        ));
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read schema", path.display()))?;
    match lint::parse_schema(&text) {
        Ok(l) => Ok(Some(l)),
        Err(e) => {
            diag!("vietag lint: {}: {e}", path.display());
            Ok(None)
        }
    }
}

/// The usage error of `--fix` with these arguments, if any.
fn check_fix_args(args: &Args, format: Format) -> Result<(), &'static str> {
    if !args.fix {
        return Ok(());
    }
    if matches!(
        format,
        Format::Conll | Format::Vlsp | Format::Hf | Format::SpacyJson
    ) {
        return Err("--fix writes jsonl, spacy-simple, doccano, labelstudio and brat, not a token format; fix the JSON Lines and export again");
    }
    if args.output.is_some() && args.inputs.len() > 1 {
        return Err("-o takes one input; without it each input gets NAME.fixed.EXT");
    }
    if let Some(o) = args.output.as_deref() {
        if args.inputs.iter().any(|i| same_file(o, Path::new(i))) {
            return Err("-o names the input; to rewrite the input use --in-place");
        }
    }
    if args.inputs.iter().any(|i| i == "-") && args.output.is_none() {
        return Err("--fix on standard input needs -o OUT");
    }
    Ok(())
}

/// One run of `vietag lint` over its inputs.
struct Run<'a> {
    linter: Linter,
    opts: FormatOptions,
    deny: Severity,
    format: Format,
    args: &'a Args,
    tally: Tally,
    status: u8,
}

/// The corrected copy of one input: lines (line-based formats) or
/// documents.
#[derive(Default)]
struct Fixed {
    lines: Vec<String>,
    docs: Vec<Doc>,
    any_unreadable: bool,
}

impl Run<'_> {
    /// Checks every record of `input`, then writes its corrected copy.
    fn input(&mut self, input: &str, out: &mut impl Write) -> Result<()> {
        let name = display_name(input);
        let recs = match records(self.format, input, &self.opts) {
            Ok(r) => r,
            Err(e) => {
                diag!("vietag lint: {e:#}");
                self.status = EXIT_USAGE;
                return Ok(());
            }
        };
        let mut fixed = Fixed::default();
        for rec in recs {
            let rec = rec.with_context(|| format!("{name}: cannot read"))?;
            self.tally.docs += 1;
            match rec.doc {
                Err(e) => {
                    self.tally.unreadable += 1;
                    fixed.any_unreadable = true;
                    let f = lint::unreadable(&e);
                    self.report(out, &name, e.id.as_ref(), None, &f, false)?;
                    if let Some(raw) = rec.raw {
                        fixed.lines.push(raw);
                    }
                }
                Ok(doc) => self.document(out, &name, doc, rec.raw.as_deref(), &mut fixed)?,
            }
        }
        if self.args.fix {
            self.write_fix(input, &name, &fixed)?;
        }
        Ok(())
    }

    /// Checks one document, reports its findings and keeps its corrected
    /// form for `--fix`.
    fn document(
        &mut self,
        out: &mut impl Write,
        name: &str,
        mut doc: Doc,
        raw: Option<&str>,
        fixed: &mut Fixed,
    ) -> Result<()> {
        let findings = self.linter.check(&doc);
        let before = doc.clone();
        let changed = if self.args.fix {
            lint::fix(&mut doc, &findings)
        } else {
            Vec::new()
        };
        let file = before.source.clone().unwrap_or_else(|| name.to_string());
        let report = Report::new(&before);
        for f in &findings {
            let done = f.entity.is_some_and(|i| changed.contains(&i)) && f.fix.is_some();
            self.report(out, &file, Some(&before.id), Some(&report), f, done)?;
        }
        if !changed.is_empty() {
            self.tally.fixed_spans += changed.len();
            self.tally.fixed_docs += 1;
        }
        if !self.args.fix {
            return Ok(());
        }
        if self.format.is_line_based() {
            fixed.lines.push(match (raw, changed.is_empty()) {
                (Some(raw), true) => raw.to_string(),
                _ if self.format == Format::Doccano => doccano::record(&doc).to_string(),
                _ => to_jsonl_value(&doc).to_string(),
            });
        } else {
            fixed.docs.push(doc);
        }
        Ok(())
    }

    /// Writes the corrected copy of `input`.
    fn write_fix(&mut self, input: &str, name: &str, fixed: &Fixed) -> Result<()> {
        if !self.format.is_line_based() && fixed.any_unreadable {
            diag!("vietag lint: {name}: not writing a corrected copy: some documents could not be read");
            self.status = EXIT_USAGE;
            return Ok(());
        }
        let target = fix_target(
            input,
            self.format,
            self.args.in_place,
            self.args.output.as_deref(),
        );
        write_fixed(
            self.format,
            &target,
            &fixed.lines,
            &fixed.docs,
            &self.opts,
            self.args.in_place,
        )?;
        diag!(
            "vietag lint: corrected copy of {name} written to {}",
            target.display()
        );
        Ok(())
    }

    /// Prints one finding and counts it.
    fn report(
        &mut self,
        out: &mut impl Write,
        file: &str,
        id: Option<&Value>,
        doc: Option<&Report<'_>>,
        f: &Finding,
        fixed: bool,
    ) -> Result<()> {
        self.tally.by_severity[f.severity as usize] += 1;
        if f.severity >= self.deny && !fixed {
            self.tally.denied += 1;
        }
        match self.args.format {
            OutputFormat::Text => {
                let mut s = match doc {
                    Some(r) => r.render(file, id, f),
                    None => lint::render(file, id, None, f),
                };
                if fixed {
                    s = s.replace("  = fix:", "  = fixed:");
                }
                writeln!(out, "{s}")?;
            }
            OutputFormat::Json => {
                let mut v = match doc {
                    Some(r) => r.to_json(file, id, f),
                    None => lint::to_json(file, id, None, f),
                };
                if self.args.fix {
                    v["fixed"] = Value::Bool(fixed);
                }
                writeln!(out, "{v}")?;
            }
        }
        Ok(())
    }

    /// The summary line on standard error.
    fn summary(&self) {
        let t = &self.tally;
        let [info, warning, error] = t.by_severity;
        let mut summary = format!(
            "vietag lint: {error} error(s), {warning} warning(s), {info} info in {} document(s)",
            t.docs
        );
        if t.unreadable > 0 {
            summary.push_str(&format!(" ({} unreadable)", t.unreadable));
        }
        if self.args.fix {
            summary.push_str(&format!(
                "; fixed {} span(s) in {} document(s)",
                t.fixed_spans, t.fixed_docs
            ));
        }
        diag!("{summary}");
    }

    fn exit_status(&self) -> u8 {
        if self.status != EXIT_OK {
            self.status
        } else if self.tally.denied > 0 {
            EXIT_SOME_FAILED
        } else {
            EXIT_OK
        }
    }
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
