//! `vietag export --to FORMAT INPUT -o OUT`: vietag JSON Lines (or any
//! format `--from` reads) to a training-data format, or to HTML pages to
//! review ([`html`]).

mod html;

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::ValueEnum;
use vietag::formats::conll::{ConllOptions, Scheme};
use vietag::formats::labelstudio::{self, ResultKind};
use vietag::formats::{
    brat, doccano, hf, labels, CharMap, Doc, DocError, Format, FormatOptions, Record, Writer,
    Written,
};

use super::files::{display_name, records, FormatArg, UnitArg};
use super::output::{write_file, Output};
use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// vietag JSON Lines with text (a gold file, or `annotate --include-text`
    /// output), or any format --from reads; - for standard input. With
    /// --compare: the prediction.
    #[arg(value_name = "INPUT")]
    input: String,
    /// With --compare: the gold annotations of the same documents (paired
    /// by id, as vietag eval pairs them).
    #[arg(value_name = "GOLD", requires = "compare")]
    gold: Option<String>,
    /// The format to write.
    #[arg(long = "to", value_enum, value_name = "FORMAT")]
    to: FormatArg,
    /// The format of INPUT (and GOLD).
    #[arg(long = "from", value_enum, value_name = "FORMAT", default_value_t = FormatArg::Jsonl)]
    from: FormatArg,
    /// html: show a prediction against gold, `--compare PRED GOLD`: missed,
    /// spurious, wrong-label and wrong-boundary spans marked as vietag eval
    /// counts them.
    #[arg(long, requires = "gold")]
    compare: bool,
    /// Output file, or - for standard output (the default); the directory
    /// for brat. hf, labelstudio and doccano also write their label file
    /// next to it. html: a directory (index.html, and a page per document
    /// in doc/), or a file ending in .html for an input of one document.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// conll, hf: the tagging scheme.
    #[arg(long, value_enum, default_value_t = SchemeArg::Bio)]
    scheme: SchemeArg,
    /// conll: also write "# newdoc id" and "# doc_text" comments, which make
    /// the round trip exact (tools that do not skip # lines read them as tokens).
    #[arg(long)]
    comments: bool,
    /// Accepted for older scripts: comments are off unless --comments is given.
    #[arg(long, hide = true, conflicts_with = "comments")]
    no_comments: bool,
    /// labelstudio: the offset unit.
    #[arg(long, value_enum, default_value_t = UnitArg::Codepoint)]
    offsets: UnitArg,
    /// labelstudio: write the regions as annotations (gold) or predictions
    /// (proposals to review).
    #[arg(long = "as", value_enum, default_value_t = AsArg::Annotations, value_name = "KIND")]
    as_kind: AsArg,
    /// Which spans to write: flat (spans without "parent") or all (also the
    /// nested layer of `annotate --layer all`; brat, labelstudio, vlsp, jsonl
    /// and html only). Default: all where the format can hold it, else flat.
    #[arg(long, value_enum, value_name = "LAYER")]
    layer: Option<LayerArg>,
    /// Write only these labels, comma-separated (e.g. PER,LOC,ORG for vlsp).
    #[arg(long, value_name = "LIST")]
    labels: Option<String>,
}

const AFTER_HELP: &str = "\
Examples:
  vietag export --to conll --scheme bioes gold.jsonl -o gold.conll
  vietag export --to brat gold.jsonl -o brat/
  vietag export --to html gold.jsonl -o view/             # view/index.html
  vietag export --to html --from conll one-doc.conll -o doc.html
  vietag export --to html --compare pred.jsonl gold.jsonl -o review/";

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SchemeArg {
    Bio,
    Bioes,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AsArg {
    Annotations,
    Predictions,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum LayerArg {
    Flat,
    All,
}

/// The records `files::records` gives.
type Records = Box<dyn Iterator<Item = std::io::Result<Record>>>;

/// Counts for the summary line.
#[derive(Default)]
struct Tally {
    done: usize,
    failed: usize,
    /// Of the failed, those read but refused by the writer (spans out of
    /// range, overlapping, or sharing a token): lint can tell why.
    unwritable: usize,
    widened: usize,
    nested_left_out: usize,
    crossing: usize,
    /// Every label written, for the label files.
    labels: BTreeSet<String>,
}

pub fn run(args: Args) -> Result<u8> {
    let format = Format::from(args.to);
    if args.layer == Some(LayerArg::All) && !format.carries_nesting() {
        diag!("vietag export: {format} holds one flat layer: use --layer flat (the default for it), or brat, labelstudio or vlsp to keep the nested layer");
        return Ok(EXIT_USAGE);
    }
    if args.compare && format != Format::Html {
        diag!("vietag export: --compare shows a prediction against gold: use it with --to html");
        return Ok(EXIT_USAGE);
    }
    let opts = match options(&args) {
        Ok(o) => o,
        Err(e) => {
            diag!("vietag export: {e:#}");
            return Ok(EXIT_USAGE);
        }
    };
    let keep: Option<Vec<String>> = args.labels.as_deref().map(|l| {
        l.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    let flat_only = args.layer == Some(LayerArg::Flat);
    let select = |mut d: Doc| {
        if let Some(k) = &keep {
            d.retain_entities(|e| k.contains(&e.label));
        }
        if flat_only {
            d.retain_entities(|e| !e.is_nested());
        }
        d
    };
    let mut tally = Tally::default();
    if format == Format::Html {
        let job = html::Job {
            input: &args.input,
            gold: args.gold.as_deref(),
            output: args.output.as_deref(),
            format: args.from.into(),
            opts: &opts,
        };
        html::export(&job, &select, &mut tally)?;
        return Ok(summary(format, &tally));
    }
    let name = display_name(&args.input);
    let recs = records(args.from.into(), &args.input, &opts)?;
    if format == Format::Brat {
        let Some(dir) = args.output.as_deref().filter(|o| *o != "-") else {
            diag!("vietag export: brat writes a directory: give it with -o DIR");
            return Ok(EXIT_USAGE);
        };
        export_brat(Path::new(dir), recs, select, &name, &mut tally)?;
    } else {
        if format == Format::Hf && args.output.as_deref().is_none_or(|o| o == "-") {
            diag!("vietag export: hf writes its label list (labels.json) next to the data: give the output file with -o FILE");
            return Ok(EXIT_USAGE);
        }
        let mut writer = Writer::new(format, opts);
        if let Some(k) = &keep {
            writer.declare_labels(k);
        }
        export_file(&args, &mut writer, recs, select, &name, &mut tally)?;
        write_label_file(
            format,
            args.output.as_deref(),
            &writer,
            &tally,
            keep.as_deref(),
        )?;
    }
    Ok(summary(format, &tally))
}

/// Writes the brat directory `dir`: a `.txt` and `.ann` pair per
/// document, the id map and the two configs.
fn export_brat(
    dir: &Path,
    recs: Records,
    select: impl Fn(Doc) -> Doc,
    name: &str,
    tally: &mut Tally,
) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create directory", dir.display()))?;
    let mut used = HashSet::new();
    let mut ids = String::new();
    for rec in recs {
        let rec = rec.with_context(|| format!("{name}: cannot read"))?;
        let read = rec.doc.is_ok();
        let checked = rec.doc.map(&select).and_then(|d| {
            d.check_offsets(&CharMap::new(&d.text))?;
            brat::ann(&d).map(|a| (d, a))
        });
        match checked {
            Ok((doc, ann)) => {
                let stem = brat::file_stem(&doc, &mut used);
                for (ext, body) in [("txt", doc.text.as_str()), ("ann", ann.as_str())] {
                    let p = dir.join(format!("{stem}.{ext}"));
                    write_file(&p, body.as_bytes())?;
                }
                ids.push_str(&brat::id_map_line(&stem, &doc.id));
                tally
                    .labels
                    .extend(doc.entities.iter().map(|e| e.label.clone()));
                tally.done += 1;
            }
            Err(e) => tally.not_written(name, &e, read),
        }
    }
    let used_labels = || tally.labels.iter().map(String::as_str);
    for (file, body) in [
        ("annotation.conf", brat::conf(used_labels())),
        ("visual.conf", brat::visual_conf(used_labels())),
        (brat::ID_MAP, ids),
    ] {
        let p = dir.join(file);
        write_file(&p, body.as_bytes())?;
    }
    Ok(())
}

/// Writes the documents of a one-file format to the output of `args`.
fn export_file(
    args: &Args,
    writer: &mut Writer,
    recs: Records,
    select: impl Fn(Doc) -> Doc,
    name: &str,
    tally: &mut Tally,
) -> Result<()> {
    let mut out = Output::open(
        args.output.as_deref().map(Path::new),
        &[Path::new(&args.input)],
    )?;
    let mut buf = String::from(writer.header());
    for rec in recs {
        let rec = rec.with_context(|| format!("{name}: cannot read"))?;
        let read = rec.doc.is_ok();
        match rec
            .doc
            .map(&select)
            .and_then(|d| writer.write(&d, &mut buf).map(|w| (d, w)))
        {
            Ok((doc, w)) => tally.written(name, &doc, &w),
            Err(e) => tally.not_written(name, &e, read),
        }
        if buf.len() > 1 << 20 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    buf.push_str(writer.footer());
    out.write_all(buf.as_bytes())?;
    out.commit()
}

impl Tally {
    /// Prints why a document was not written and counts it; `read` when
    /// it was read and the writer refused it.
    fn not_written(&mut self, name: &str, e: &DocError, read: bool) {
        diag!("{}", e.in_file(name));
        self.failed += 1;
        self.unwritable += usize::from(read);
    }

    /// Counts a document written, with a warning per span widened or left
    /// out.
    fn written(&mut self, name: &str, doc: &Doc, w: &Written) {
        let line = |i: usize| {
            let e = &doc.entities[i];
            if e.line > 0 {
                e.line
            } else {
                doc.line
            }
        };
        for &i in &w.widened {
            let e = &doc.entities[i];
            diag!(
                "{name}:{}: id {}: warning: entity {i} ({} {}..{}) does not start and end on syllables; exported widened to whole tokens (run vietag lint --fix)",
                line(i), doc.id, e.label, e.start, e.end
            );
        }
        for &i in &w.crossing {
            let e = &doc.entities[i];
            diag!(
                "{name}:{}: id {}: warning: nested entity {i} ({} {}..{}) crosses another span; left out (inline tags must nest)",
                line(i), doc.id, e.label, e.start, e.end
            );
        }
        self.crossing += w.crossing.len();
        self.widened += w.widened.len();
        self.nested_left_out += w.nested_left_out;
        self.labels
            .extend(doc.entities.iter().map(|e| e.label.clone()));
        self.done += 1;
    }
}

/// The reader and writer options of the arguments; for hf input, with the
/// label list (labels.json) next to INPUT.
fn options(args: &Args) -> Result<FormatOptions> {
    let mut hf_labels = Vec::new();
    if args.from == FormatArg::Hf {
        let path = super::import::beside(&args.input, "labels.json");
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "{}: cannot read the label list of the hf input",
                path.display()
            )
        })?;
        hf_labels =
            hf::read_label_file(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    let mut opts = FormatOptions::default();
    opts.conll = ConllOptions {
        scheme: match args.scheme {
            SchemeArg::Bio => Scheme::Bio,
            SchemeArg::Bioes => Scheme::Bioes,
        },
        comments: args.comments,
    };
    opts.offsets = args.offsets.into();
    opts.label_studio = match args.as_kind {
        AsArg::Annotations => ResultKind::Annotations,
        AsArg::Predictions => ResultKind::Predictions,
    };
    opts.hf_labels = Arc::from(hf_labels);
    Ok(opts)
}

/// The label file a format's tool needs, next to the output: hf's
/// `labels.json`, Label Studio's `config.xml`, doccano's
/// `label_config.json`.
fn write_label_file(
    format: Format,
    output: Option<&str>,
    writer: &Writer,
    tally: &Tally,
    keep: Option<&[String]>,
) -> Result<()> {
    let schema = || match keep {
        Some(k) => k.to_vec(),
        None => labels::schema(tally.labels.iter().map(String::as_str)),
    };
    let (file, body) = match format {
        Format::Hf => (
            "labels.json",
            serde_json::to_string_pretty(writer.hf_labels())? + "\n",
        ),
        Format::LabelStudio => ("config.xml", labelstudio::config(&schema())),
        Format::Doccano => (
            "label_config.json",
            serde_json::to_string_pretty(&doccano::label_config(&schema()))? + "\n",
        ),
        _ => return Ok(()),
    };
    let Some(out) = output.filter(|o| *o != "-") else {
        diag!("vietag export: note: {file} not written (output to standard output); give -o FILE to get it next to the data");
        return Ok(());
    };
    let path = Path::new(out)
        .parent()
        .map_or_else(|| PathBuf::from(file), |d| d.join(file));
    write_file(&path, body.as_bytes())?;
    diag!("vietag export: {} written", path.display());
    Ok(())
}

/// Prints the summary line and the notes; the exit status.
fn summary(format: Format, tally: &Tally) -> u8 {
    if tally.nested_left_out > 0 {
        diag!(
            "vietag export: note: {} span(s) of the nested layer (with \"parent\") left out: {format} holds one flat layer (brat, labelstudio and vlsp keep them)",
            tally.nested_left_out
        );
    }
    let mut widened = String::new();
    if tally.widened > 0 {
        widened.push_str(&format!(", {} span(s) widened", tally.widened));
    }
    if tally.crossing > 0 {
        widened.push_str(&format!(
            ", {} crossing nested span(s) left out",
            tally.crossing
        ));
    }
    if tally.unwritable > 0 {
        // The library's messages name no command; the CLI says which one.
        diag!(
            "vietag export: note: {} document(s) read but not written: vietag lint reports what is wrong with their spans, and vietag lint --fix repairs what it can",
            tally.unwritable
        );
    }
    diag!(
        "vietag export: {} document(s) written as {format}{widened}, {} failed",
        tally.done,
        tally.failed
    );
    if tally.failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}
