//! `vietag eval GOLD PRED`: scores a prediction against gold annotations
//! with [`vietag::eval`]. Also the input reading and table printing that
//! `vietag stats` shares.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;
use serde_json::Value;
use vietag::eval::{self, Category, EvalOptions, Report, Scores};
use vietag::formats::doc::read_jsonl_record;
use vietag::formats::{Doc, Format, FormatOptions, Record};

use super::files::{display_name, records, FormatArg, UnitArg};
use super::output::Output;
use super::{EXIT_OK, EXIT_USAGE};

pub const AFTER_HELP: &str = "\
Documents are paired by id. A gold document without prediction counts as
predicting nothing; predicted documents not in GOLD are listed, not scored.
Only the flat layer is scored (entities with a parent are left out).
strict: same label, start and end. lenient: same label, overlapping spans,
and for PERCENT, MONEY, QUANTITY the same attrs.value (1e-6 relative).

Exit status: 0 scored; 2 usage error, or records that cannot be read (each
named as FILE:LINE on standard error; nothing is scored).

Examples:
  vietag annotate --jsonl gold.jsonl > pred.jsonl
  vietag eval gold.jsonl pred.jsonl --show-errors 5
  vietag eval --gold-from conll --pred-from conll gold.conll pred.conll
  vietag eval --format json --labels PER,LOC gold.jsonl pred.jsonl";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The gold annotations (a directory for brat), or - for standard input.
    #[arg(value_name = "GOLD")]
    gold: String,
    /// The predicted annotations: `vietag annotate --jsonl` output (with or
    /// without --include-text) or any format --pred-from reads.
    #[arg(value_name = "PRED")]
    pred: String,
    /// The format of GOLD.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl, value_name = "FORMAT")]
    gold_from: FormatArg,
    /// The format of PRED.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl, value_name = "FORMAT")]
    pred_from: FormatArg,
    /// Score only these labels, comma-separated (default: every label found).
    #[arg(long, value_name = "LIST")]
    labels: Option<String>,
    /// Print up to N errors per label and category, with the text around
    /// them (gold span in ⟦ ⟧, predicted span in ⟨ ⟩).
    #[arg(long, value_name = "N", default_value_t = 0)]
    show_errors: usize,
    /// Characters of text shown on each side of an error.
    #[arg(long, value_name = "N", default_value_t = 40)]
    context: usize,
    /// text: tables; json: one JSON object with everything.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// labelstudio: the offset unit of the inputs.
    #[arg(long, value_enum, default_value_t = UnitArg::Codepoint)]
    offsets: UnitArg,
}

/// How a report is printed (eval and stats).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned tables
    Text,
    /// One JSON object
    Json,
}

pub fn run(args: Args) -> Result<u8> {
    if args.gold == "-" && args.pred == "-" {
        diag!("vietag eval: GOLD and PRED cannot both be standard input");
        return Ok(EXIT_USAGE);
    }
    let labels = match args.labels.as_deref().map(label_list) {
        Some(Err(e)) => {
            diag!("vietag eval: {e}");
            return Ok(EXIT_USAGE);
        }
        Some(Ok(l)) => Some(l),
        None => None,
    };
    let mut formats = FormatOptions::default();
    formats.offsets = args.offsets.into();
    let gold = read_side(&args.gold, args.gold_from.into(), &formats, Side::Gold)?;
    let pred = read_side(&args.pred, args.pred_from.into(), &formats, Side::Pred)?;
    let (Some(gold), Some(pred)) = (gold, pred) else {
        diag!("vietag eval: some records could not be read (listed above); nothing scored");
        return Ok(EXIT_USAGE);
    };
    let mut opts = EvalOptions::default();
    opts.labels = labels;
    opts.max_errors = args.show_errors;
    opts.context_chars = args.context;
    let report = eval::evaluate(gold, pred, &opts);
    let out = match args.format {
        OutputFormat::Json => format!("{}\n", serde_json::to_string(&report)?),
        OutputFormat::Text => render(&report, &display_name(&args.gold)),
    };
    let mut stdout = Output::stdout();
    stdout.write_all(out.as_bytes())?;
    stdout.commit()?;
    Ok(EXIT_OK)
}

fn label_list(list: &str) -> Result<std::collections::BTreeSet<String>, String> {
    let set: std::collections::BTreeSet<String> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if set.is_empty() {
        return Err("--labels is empty: give labels such as PER,LOC".into());
    }
    Ok(set)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Gold,
    Pred,
}

/// The documents of one side, or `None` after printing why some records
/// could not be read. An error record of `vietag annotate` in the
/// prediction counts as predicting nothing for its document.
fn read_side(
    input: &str,
    format: Format,
    opts: &FormatOptions,
    side: Side,
) -> Result<Option<Vec<Doc>>> {
    let name = display_name(input);
    let mut docs = Vec::new();
    let mut bad = 0usize;
    for item in inputs(format, input, opts)? {
        match item? {
            // Only what scoring reads is kept; the prediction's text is
            // not read (the gold text is shown).
            Input::Doc(d) if side == Side::Pred => {
                let mut d = eval::slim(d);
                d.text = String::new();
                docs.push(d);
            }
            Input::Doc(d) => docs.push(eval::slim(d)),
            Input::ErrorRecord { id, line } if side == Side::Pred => {
                diag!("{name}:{line}: id {id}: an error record: counted as predicting nothing");
                docs.push(Doc::new(id, ""));
            }
            Input::ErrorRecord { id, line } => {
                diag!("{name}:{line}: id {id}: an error record, not a gold document");
                bad += 1;
            }
            Input::Bad(message) => {
                diag!("{message}");
                bad += 1;
            }
        }
    }
    Ok((bad == 0).then_some(docs))
}

/// One record of an input as eval and stats see it.
pub enum Input {
    /// A document; a JSON Lines record without `text` has an empty text.
    Doc(Doc),
    /// An error record of `vietag annotate`: `{"id", "error"}`.
    ErrorRecord { id: Value, line: usize },
    /// A record that cannot be read: the message names the file and line.
    Bad(String),
}

/// The records of `input` (a file, a brat directory, or `-`).
pub fn inputs(
    format: Format,
    input: &str,
    opts: &FormatOptions,
) -> Result<impl Iterator<Item = Result<Input>>> {
    let name = display_name(input);
    let recs = records(format, input, opts)?;
    Ok(recs.map(move |rec| {
        let rec = rec.map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
        Ok(classify(format, rec, &name))
    }))
}

/// A JSON Lines record the document reader refuses may still be an
/// annotate error record, or a prediction without `text`
/// (`vietag annotate` without `--include-text`): read it with an empty text.
fn classify(format: Format, rec: Record, name: &str) -> Input {
    let err = match rec.doc {
        Ok(d) => return Input::Doc(d),
        Err(e) => e,
    };
    let parsed = match (format, rec.raw.as_deref()) {
        (Format::Jsonl, Some(raw)) => serde_json::from_str::<Value>(raw).ok(),
        _ => None,
    };
    let Some(Value::Object(mut obj)) = parsed else {
        return Input::Bad(err.in_file(name));
    };
    if obj.contains_key("error") {
        let id = obj.remove("id").unwrap_or(Value::from(err.line));
        return Input::ErrorRecord { id, line: err.line };
    }
    if obj.contains_key("text") {
        return Input::Bad(err.in_file(name));
    }
    obj.insert("text".into(), Value::String(String::new()));
    match read_jsonl_record(&Value::Object(obj).to_string(), err.line, err.index) {
        Ok(doc) => Input::Doc(doc),
        Err(e) => Input::Bad(e.in_file(name)),
    }
}

/// Columns aligned: the first to the left, the others to the right.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The report as tables, labels in the guide's order.
fn render(report: &Report, gold_name: &str) -> String {
    let mut out = documents_section(report, gold_name);
    for (name, scores) in [("strict", &report.strict), ("lenient", &report.lenient)] {
        out.push('\n');
        out.push_str(&scores_table(name, scores));
    }
    out.push('\n');
    out.push_str(&categories_table(report));
    out.push('\n');
    out.push_str(&confusion_table(report));
    out.push('\n');
    out.push_str(&values_table(report));
    if !report.errors.is_empty() {
        out.push('\n');
        out.push_str(&errors_section(report));
    }
    out
}

fn id_list(ids: &[String]) -> String {
    let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
    let more = ids.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

fn documents_section(report: &Report, gold_name: &str) -> String {
    let d = &report.documents;
    let mut out = format!(
        "documents: {} gold, {} predicted, {} without prediction\n",
        d.gold,
        d.pred,
        d.missing_in_pred.len()
    );
    let notes = [
        (
            &d.missing_in_pred,
            "gold document(s) without prediction (scored as predicting nothing)".to_string(),
        ),
        (
            &d.not_in_gold,
            format!("predicted document(s) not in {gold_name} (not scored)"),
        ),
        (
            &d.duplicate_gold,
            "ids twice in the gold file (the last one scored)".to_string(),
        ),
        (
            &d.duplicate_pred,
            "ids twice in the prediction (the last one scored)".to_string(),
        ),
    ];
    for (ids, what) in notes {
        if !ids.is_empty() {
            out.push_str(&format!("  {} {what}: {}\n", ids.len(), id_list(ids)));
        }
    }
    if d.gold > 0 && d.missing_in_pred.len() == d.gold && !d.not_in_gold.is_empty() {
        out.push_str("  no document paired: the two sides have different ids (formats without ids,\n  such as CoNLL without comments or spaCy, number documents 1, 2, …)\n");
    }
    if d.nested_gold + d.nested_pred > 0 {
        out.push_str(&format!(
            "  nested entities not scored (the scored layer is flat): {} gold, {} predicted\n",
            d.nested_gold, d.nested_pred
        ));
    }
    out
}

/// Labels of a map in the guide's order.
fn ordered<'a, V>(map: impl IntoIterator<Item = (&'a String, V)>) -> Vec<(&'a String, V)> {
    let mut v: Vec<_> = map.into_iter().collect();
    v.sort_by(|a, b| eval::guide_order(a.0).cmp(&eval::guide_order(b.0)));
    v
}

fn scores_table(name: &str, s: &Scores) -> String {
    let f = |x: f64| format!("{x:.4}");
    let mut rows = vec![vec![
        name.to_string(),
        "P".into(),
        "R".into(),
        "F1".into(),
        "gold".into(),
        "pred".into(),
        "match".into(),
    ]];
    let line = |label: &str, p: &vietag::eval::Prf| {
        vec![
            format!("  {label}"),
            f(p.p),
            f(p.r),
            f(p.f1),
            p.gold.to_string(),
            p.pred.to_string(),
            p.tp.to_string(),
        ]
    };
    for (label, p) in ordered(&s.labels) {
        rows.push(line(label, p));
    }
    rows.push(line("micro (all spans)", &s.micro));
    let m = &s.macro_avg;
    rows.push(vec![
        "  macro (mean of labels)".into(),
        f(m.p),
        f(m.r),
        f(m.f1),
    ]);
    table(&rows)
}

fn categories_table(report: &Report) -> String {
    let mut header = vec!["categories".to_string()];
    header.extend(Category::ALL.iter().map(|c| c.name().to_string()));
    let mut rows = vec![header];
    let line = |label: &str, c: &vietag::eval::CategoryCounts| {
        let mut row = vec![format!("  {label}")];
        row.extend(Category::ALL.iter().map(|&k| c.get(k).to_string()));
        row
    };
    for (label, c) in ordered(&report.categories.labels) {
        rows.push(line(label, c));
    }
    rows.push(line("total", &report.categories.total));
    table(&rows)
}

fn confusion_table(report: &Report) -> String {
    let c = &report.confusion;
    let mut labels: Vec<&str> = c.labels();
    labels.sort_by_key(|l| eval::guide_order(l));
    let mut header = vec!["confusion: gold \\ predicted".to_string()];
    header.extend(labels.iter().map(|l| l.to_string()));
    header.push("missed".into());
    let mut rows = vec![header];
    let sides = labels.iter().map(|l| Some(*l)).chain([None]);
    for gold in sides {
        let mut row = vec![format!("  {}", gold.unwrap_or("spurious"))];
        for pred in labels.iter().map(|l| Some(*l)).chain([None]) {
            row.push(match c.count(gold, pred) {
                _ if gold.is_none() && pred.is_none() => String::new(),
                0 => "·".into(),
                n => n.to_string(),
            });
        }
        rows.push(row);
    }
    table(&rows)
}

fn values_table(report: &Report) -> String {
    let v = &report.values;
    let mut rows = vec![vec![
        "value agreement".to_string(),
        "pairs".into(),
        "agree".into(),
        "share".into(),
        "exact".into(),
        "pred without value".into(),
    ]];
    let line = |label: &str, a: &vietag::eval::ValueAgreement| {
        vec![
            format!("  {label}"),
            a.pairs.to_string(),
            a.agree.to_string(),
            a.share.map_or("-".into(), |s| format!("{s:.4}")),
            a.exact.to_string(),
            a.pred_without_value.to_string(),
        ]
    };
    for (label, a) in ordered(&v.labels) {
        rows.push(line(label, a));
    }
    rows.push(line("total", &v.total));
    let mut out = table(&rows);
    out.push_str(
        "  (overlapping pairs of the same numeric label; agree: within half the last written\n   digit of the gold number; exact: the same value as the lenient score requires)\n",
    );
    out
}

fn errors_section(report: &Report) -> String {
    let mut out = String::from("errors (gold span in ⟦ ⟧, predicted span in ⟨ ⟩)\n");
    let span = |s: &vietag::eval::SpanInfo| {
        let value = s
            .value
            .as_ref()
            .map_or(String::new(), |v| format!(" value={v}"));
        format!("{} {}..{} {:?}{value}", s.label, s.start, s.end, s.text)
    };
    for e in &report.errors {
        let mut parts = vec![
            format!("{:<20}", e.category.name()),
            format!("id {}", e.doc),
        ];
        parts.extend(e.gold.as_ref().map(|g| format!("gold {}", span(g))));
        parts.extend(e.pred.as_ref().map(|p| format!("pred {}", span(p))));
        out.push_str(&parts.join("  "));
        out.push('\n');
        if !e.context.is_empty() {
            out.push_str(&format!("    {}\n", e.context));
        }
    }
    out
}
