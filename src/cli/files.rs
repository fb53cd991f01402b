//! What export, import and lint share: format and unit arguments, reading
//! records from a file (compressed or not), a directory or standard input.

use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context, Result};
use clap::ValueEnum;
use vietag::formats::{brat, read_str, Format, FormatOptions, LineRecords, Record};
use vietag::OffsetUnit;

/// Formats on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// vietag JSON Lines
    Jsonl,
    /// CoNLL-2003 style, one syllable a line, BIO/BIOES
    Conll,
    /// VLSP 2018: the text with inline <ENAMEX TYPE="..."> tags
    Vlsp,
    /// Hugging Face JSON Lines (tokens, ner_tags) with labels.json
    Hf,
    /// spaCy's JSON training format, for spacy convert
    #[value(name = "spacy-json", alias = "spacy")]
    SpacyJson,
    /// spaCy [text, {"entities": [...]}] items
    #[value(name = "spacy-simple")]
    SpacySimple,
    /// doccano JSON Lines
    Doccano,
    /// Label Studio tasks (JSON)
    Labelstudio,
    /// brat .txt/.ann pairs in a directory
    Brat,
    /// HTML pages to review by eye (export only)
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Conll => Format::Conll,
            FormatArg::Vlsp => Format::Vlsp,
            FormatArg::Hf => Format::Hf,
            FormatArg::SpacyJson => Format::SpacyJson,
            FormatArg::SpacySimple => Format::SpacySimple,
            FormatArg::Doccano => Format::Doccano,
            FormatArg::Labelstudio => Format::LabelStudio,
            FormatArg::Brat => Format::Brat,
            FormatArg::Html => Format::Html,
        }
    }
}

/// Offset units of Label Studio files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Unicode code points (Label Studio since its emoji fix)
    Codepoint,
    /// UTF-16 code units (JavaScript string indices, older Label Studio)
    Utf16,
}

impl From<UnitArg> for OffsetUnit {
    fn from(u: UnitArg) -> Self {
        match u {
            UnitArg::Codepoint => OffsetUnit::Codepoint,
            UnitArg::Utf16 => OffsetUnit::Utf16,
        }
    }
}

/// The name of `input` in messages.
pub fn display_name(input: &str) -> String {
    if input == "-" {
        "<stdin>".to_string()
    } else {
        input.to_string()
    }
}

/// The records of `input` (a path, a brat directory, or `-`).
pub fn records(
    format: Format,
    input: &str,
    opts: &FormatOptions,
) -> Result<Box<dyn Iterator<Item = io::Result<Record>>>> {
    if format == Format::Html {
        anyhow::bail!(
            "{}: html is an output format only (vietag export --to html); read the file the pages were made from",
            display_name(input)
        );
    }
    if format == Format::Brat {
        if input == "-" {
            anyhow::bail!("brat reads a directory (or a .ann file), not standard input");
        }
        let docs = brat::read_path(Path::new(input))
            .with_context(|| format!("{input}: cannot read the brat directory"))?;
        return Ok(Box::new(
            docs.into_iter().map(|doc| Ok(Record { raw: None, doc })),
        ));
    }
    let mut reader = if input == "-" {
        vietag::io::decompressed(io::stdin().lock())
    } else {
        vietag::io::open_input(Path::new(input))
    }
    .with_context(|| format!("{}: cannot open", display_name(input)))?;
    if format.is_line_based() {
        return Ok(Box::new(LineRecords::new(reader, format)));
    }
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .with_context(|| format!("{}: cannot read", display_name(input)))?;
    let text = vietag::text::decode(&bytes, false)
        .map_err(|e| anyhow::anyhow!("{}: {e}", display_name(input)))?;
    let docs = read_str(format, &text, opts);
    Ok(Box::new(
        docs.into_iter().map(|doc| Ok(Record { raw: None, doc })),
    ))
}
