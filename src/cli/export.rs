//! `vietag export --to FORMAT INPUT -o OUT`: vietag JSON Lines to a
//! training-data format.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use clap::ValueEnum;
use vietag::formats::conll::{ConllOptions, Scheme};
use vietag::formats::{brat, CharMap, Format, FormatOptions, Writer};

use super::files::{display_name, records, FormatArg, UnitArg};
use super::output::{write_file, Output};
use super::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// vietag JSON Lines with text (a gold file, or `annotate --include-text`
    /// output), or - for standard input.
    #[arg(value_name = "INPUT")]
    input: String,
    /// The format to write.
    #[arg(long = "to", value_enum, value_name = "FORMAT")]
    to: FormatArg,
    /// Output file, or - for standard output (the default); the directory for brat.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// conll, vlsp: the tagging scheme.
    #[arg(long, value_enum, default_value_t = SchemeArg::Bio)]
    scheme: SchemeArg,
    /// conll, vlsp: no "# newdoc id"/"# doc_text" comments; documents are
    /// separated by -DOCSTART- and the text is not kept exactly.
    #[arg(long)]
    no_comments: bool,
    /// labelstudio: the offset unit.
    #[arg(long, value_enum, default_value_t = UnitArg::Codepoint)]
    offsets: UnitArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SchemeArg {
    Bio,
    Bioes,
}

pub fn run(args: Args) -> Result<u8> {
    let format = Format::from(args.to);
    let opts = FormatOptions {
        conll: ConllOptions {
            scheme: match args.scheme {
                SchemeArg::Bio => Scheme::Bio,
                SchemeArg::Bioes => Scheme::Bioes,
            },
            vlsp: format == Format::Vlsp,
            comments: !args.no_comments,
        },
        offsets: args.offsets.into(),
    };
    let name = display_name(&args.input);
    let recs = records(Format::Jsonl, &args.input, &opts)?;
    let (mut done, mut failed, mut widened) = (0usize, 0usize, 0usize);
    if format == Format::Brat {
        let Some(dir) = args.output.as_deref().filter(|o| *o != "-") else {
            diag!("vietag export: brat writes a directory: give it with -o DIR");
            return Ok(EXIT_USAGE);
        };
        let dir = Path::new(dir);
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create directory", dir.display()))?;
        let mut used = HashSet::new();
        let mut labels = BTreeSet::new();
        for rec in recs {
            let rec = rec.with_context(|| format!("{name}: cannot read"))?;
            let checked = rec.doc.and_then(|d| {
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
                    labels.extend(doc.entities.iter().map(|e| e.label.clone()));
                    done += 1;
                }
                Err(e) => {
                    diag!("{}", e.in_file(&name));
                    failed += 1;
                }
            }
        }
        let conf = dir.join("annotation.conf");
        write_file(
            &conf,
            brat::conf(labels.iter().map(String::as_str)).as_bytes(),
        )?;
    } else {
        let mut out = Output::open(
            args.output.as_deref().map(Path::new),
            &[Path::new(&args.input)],
        )?;
        let mut writer = Writer::new(format, opts);
        let mut buf = String::from(writer.header());
        for rec in recs {
            let rec = rec.with_context(|| format!("{name}: cannot read"))?;
            match rec
                .doc
                .and_then(|d| writer.write(&d, &mut buf).map(|w| (d, w)))
            {
                Ok((doc, w)) => {
                    for i in w {
                        let e = &doc.entities[i];
                        diag!(
                            "{name}:{}: id {}: warning: entity {i} ({} {}..{}) does not start and end on syllables; exported widened to whole tokens (run vietag lint --fix)",
                            if e.line > 0 { e.line } else { doc.line },
                            doc.id,
                            e.label,
                            e.start,
                            e.end
                        );
                        widened += 1;
                    }
                    done += 1;
                }
                Err(e) => {
                    diag!("{}", e.in_file(&name));
                    failed += 1;
                }
            }
            if buf.len() > 1 << 20 {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        buf.push_str(writer.footer());
        out.write_all(buf.as_bytes())?;
        out.commit()?;
    }
    let widened = if widened > 0 {
        format!(", {widened} span(s) widened")
    } else {
        String::new()
    };
    diag!("vietag export: {done} document(s) written as {format}{widened}, {failed} failed");
    Ok(if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}
