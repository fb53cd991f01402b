//! `vietag stats FILES…`: corpus statistics of annotated files with
//! [`vietag::stats`], read as a stream.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;
use vietag::formats::{Format, FormatOptions};
use vietag::stats::{Stats, Summary};

use super::eval::{inputs, table, Input, OutputFormat};
use super::files::{FormatArg, UnitArg};
use super::output::Output as OutputFile;
use super::{EXIT_OK, EXIT_USAGE};

pub const AFTER_HELP: &str = "\
Files are read as a stream: memory grows with the number of distinct
surfaces, not with the corpus. Only the flat layer is counted per label.

Exit status: 0 all records counted; 2 usage error, or records or files that
cannot be read (each named on standard error; the others are counted).

Examples:
  vietag annotate --jsonl corpus.jsonl --include-text -o annotated.jsonl
  vietag stats annotated.jsonl
  vietag stats --top 20 --format json annotated.jsonl
  vietag stats --from conll train.conll";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Annotated files (a directory for brat), or - for standard input:
    /// `vietag annotate` output (with or without --include-text), gold files,
    /// or any format --from reads.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<String>,
    /// The format of the inputs.
    #[arg(long = "from", value_enum, default_value_t = FormatArg::Jsonl, value_name = "FORMAT")]
    from: FormatArg,
    /// How many of the most frequent surfaces to list per label.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
    /// text: tables; json: one JSON object.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// labelstudio: the offset unit of the inputs.
    #[arg(long, value_enum, default_value_t = UnitArg::Codepoint)]
    offsets: UnitArg,
}

/// The summary and what could not be counted.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    /// Error records of `vietag annotate` (documents it could not annotate).
    error_records: u64,
    /// Records that could not be read (named on standard error).
    unreadable: u64,
}

pub fn run(args: Args) -> Result<u8> {
    let format = Format::from(args.from);
    let mut opts = FormatOptions::default();
    opts.offsets = args.offsets.into();
    let mut stats = Stats::new();
    let (mut error_records, mut unreadable, mut failed_inputs) = (0u64, 0u64, 0usize);
    for input in &args.inputs {
        let items = match inputs(format, input, &opts) {
            Ok(items) => items,
            Err(e) => {
                diag!("vietag stats: {e:#}");
                failed_inputs += 1;
                continue;
            }
        };
        for item in items {
            match item? {
                Input::Doc(doc) => stats.add(&doc),
                Input::ErrorRecord { .. } => error_records += 1,
                Input::Bad(message) => {
                    diag!("{message}");
                    unreadable += 1;
                }
            }
        }
    }
    let summary = stats.summary(args.top);
    let out = Output {
        summary: &summary,
        error_records,
        unreadable,
    };
    let text = match args.format {
        OutputFormat::Json => format!("{}\n", serde_json::to_string(&out)?),
        OutputFormat::Text => render(&out),
    };
    let mut stdout = OutputFile::stdout();
    stdout.write_all(text.as_bytes())?;
    stdout.commit()?;
    Ok(if unreadable > 0 || failed_inputs > 0 {
        EXIT_USAGE
    } else {
        EXIT_OK
    })
}

/// 1234567 → "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn rate(r: Option<f64>) -> String {
    r.map_or("-".into(), |r| format!("{r:.2}"))
}

fn render(out: &Output) -> String {
    let s = out.summary;
    let mut rows = vec![
        vec!["documents".to_string(), thousands(s.documents)],
        vec!["characters".into(), thousands(s.characters)],
        vec!["entities".into(), thousands(s.entities)],
        vec![
            "entities per 1,000 characters".into(),
            rate(s.entities_per_1000_chars),
        ],
        vec![
            "documents with findings".into(),
            thousands(s.documents_with_findings),
        ],
        vec!["findings".into(), thousands(s.findings)],
    ];
    let optional = [
        ("nested entities (not counted per label)", s.nested_entities),
        (
            "documents without text (not in the rates)",
            s.documents_without_text,
        ),
        ("error records", out.error_records),
        ("unreadable records", out.unreadable),
    ];
    for (name, n) in optional.into_iter().filter(|(_, n)| *n > 0) {
        rows.push(vec![name.to_string(), thousands(n)]);
    }
    let mut text = table(&rows);
    if !s.findings_by_code.is_empty() {
        text.push('\n');
        let mut rows = vec![vec!["findings by code".to_string(), "count".into()]];
        rows.extend(
            s.findings_by_code
                .iter()
                .map(|(code, n)| vec![format!("  {code}"), thousands(*n)]),
        );
        text.push_str(&table(&rows));
    }
    text.push('\n');
    text.push_str(&labels_table(s));
    for l in s.labels.iter().filter(|l| !l.top.is_empty()) {
        text.push_str(&format!("\ntop {} {}\n", l.top.len(), l.label));
        let width = l.top.iter().map(|t| thousands(t.count).len()).max();
        for t in &l.top {
            let count = thousands(t.count);
            let surface = one_line(&t.surface);
            text.push_str(&format!(
                "  {count:>w$}  {surface}\n",
                w = width.unwrap_or(0)
            ));
        }
    }
    text
}

fn labels_table(s: &Summary) -> String {
    let mut rows = vec![vec![
        "label".to_string(),
        "entities".into(),
        "distinct".into(),
        "per 1,000 chars".into(),
    ]];
    rows.extend(s.labels.iter().map(|l| {
        vec![
            l.label.clone(),
            thousands(l.count),
            thousands(l.distinct),
            rate(l.per_1000_chars),
        ]
    }));
    table(&rows)
}

/// A surface on one line of a table.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r', '\t'], " ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        for (n, s) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(super::thousands(n), s);
        }
    }
}
