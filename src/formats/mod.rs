//! Input and output formats, one module per format.
//!
//! Every format reads into and writes from [`Doc`], an annotated document
//! with code-point offsets:
//!
//! | format | module | file | offsets |
//! |---|---|---|---|
//! | vietag JSON Lines | [`jsonl`], [`doc`] | one record a line | code points (or `--offsets`) |
//! | CoNLL, VLSP | [`conll`] | one token a line, BIO/BIOES tags | tokens |
//! | spaCy | [`spacy`] | JSON `[[text, {"entities": [[s, e, L]]}]]` | code points |
//! | doccano | [`doccano`] | JSON Lines `{"text", "label": [[s, e, L]]}` | code points |
//! | Label Studio | [`labelstudio`] | JSON tasks with predictions | code points |
//! | brat | [`brat`] | `.txt` + `.ann` pairs in a directory | code points |

pub mod brat;
pub mod conll;
pub mod doc;
pub mod doccano;
pub mod jsonl;
pub mod labelstudio;
pub(crate) mod record;
pub mod spacy;

pub use doc::{CharMap, Doc, DocError, NoteKind, ReadNote, Span};

use std::fmt;
use std::io::{self, BufRead};
use std::str::FromStr;

use crate::text::OffsetUnit;

/// An annotation format `vietag export`, `import` and `lint` know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// vietag JSON Lines (gold files, `annotate --include-text` output).
    Jsonl,
    /// CoNLL, one syllable token a line.
    Conll,
    /// CoNLL with the syllables of a name joined by `_`.
    Vlsp,
    /// spaCy training data.
    Spacy,
    /// doccano JSON Lines.
    Doccano,
    /// Label Studio tasks.
    LabelStudio,
    /// brat standoff directory.
    Brat,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 7] = [
        Format::Jsonl,
        Format::Conll,
        Format::Vlsp,
        Format::Spacy,
        Format::Doccano,
        Format::LabelStudio,
        Format::Brat,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Conll => "conll",
            Format::Vlsp => "vlsp",
            Format::Spacy => "spacy",
            Format::Doccano => "doccano",
            Format::LabelStudio => "labelstudio",
            Format::Brat => "brat",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl | Format::Doccano => "jsonl",
            Format::Conll | Format::Vlsp => "conll",
            Format::Spacy | Format::LabelStudio => "json",
            Format::Brat => "",
        }
    }

    /// One record a line: read and written line by line.
    pub fn is_line_based(self) -> bool {
        matches!(self, Format::Jsonl | Format::Doccano)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase().replace(['-', '_'], "");
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format '{s}': use one of {}", names.join(", "))
            })
    }
}

/// Options of readers and writers.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormatOptions {
    /// CoNLL/VLSP writing (scheme, comments); `vlsp` is set from the format.
    pub conll: conll::ConllOptions,
    /// Offset unit of Label Studio files (code points by default).
    pub offsets: OffsetUnit,
}

/// One document read, with the input line it came from (line-based
/// formats keep it, so that a record can be written back unchanged).
#[derive(Debug)]
pub struct Record {
    /// The input line, for line-based formats.
    pub raw: Option<String>,
    /// The document, or why it could not be read.
    pub doc: Result<Doc, DocError>,
}

/// Reads a line-based format ([`Format::is_line_based`]) one record at a
/// time; blank lines are skipped, a line that is not UTF-8 is an error
/// record.
pub struct LineRecords<R> {
    reader: R,
    format: Format,
    line_no: usize,
    index: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> LineRecords<R> {
    /// Records of `format` from `reader`.
    pub fn new(reader: R, format: Format) -> Self {
        LineRecords {
            reader,
            format,
            line_no: 0,
            index: 0,
            buf: Vec::new(),
        }
    }
}

impl<R: BufRead> Iterator for LineRecords<R> {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
            self.line_no += 1;
            let mut bytes = &self.buf[..];
            if self.line_no == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            let line = match std::str::from_utf8(bytes) {
                Ok(l) => l.trim_end_matches(['\n', '\r']),
                Err(e) => {
                    self.index += 1;
                    let raw = String::from_utf8_lossy(bytes).trim_end().to_string();
                    return Some(Ok(Record {
                        raw: Some(raw),
                        doc: Err(DocError::new(
                            self.line_no,
                            self.index,
                            None,
                            format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
                        )),
                    }));
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            self.index += 1;
            let doc = match self.format {
                Format::Doccano => doccano::read_line(line, self.line_no, self.index),
                _ => doc::read_jsonl_record(line, self.line_no, self.index),
            };
            return Some(Ok(Record {
                raw: Some(line.to_string()),
                doc,
            }));
        }
    }
}

/// Reads a whole input of a one-file format (everything but brat).
pub fn read_str(format: Format, input: &str, opts: &FormatOptions) -> Vec<Result<Doc, DocError>> {
    match format {
        Format::Jsonl | Format::Doccano => LineRecords::new(input.as_bytes(), format)
            .map(|r| match r {
                Ok(r) => r.doc,
                Err(e) => Err(DocError::new(0, 0, None, e.to_string())),
            })
            .collect(),
        Format::Conll => conll::read(input, false),
        Format::Vlsp => conll::read(input, true),
        Format::Spacy => spacy::read(input),
        Format::LabelStudio => labelstudio::read(input, opts.offsets),
        Format::Brat => vec![Err(DocError::new(
            0,
            0,
            None,
            "brat documents are pairs of files: read a directory with brat::read_path",
        ))],
    }
}

/// Writes documents of a one-file format, one after the other: the
/// [`header`](Writer::header), each document, the
/// [`footer`](Writer::footer).
#[derive(Debug)]
pub struct Writer {
    format: Format,
    opts: FormatOptions,
    written: usize,
    strict: bool,
}

impl Writer {
    /// A writer of `format` (not brat, which writes a directory). It
    /// refuses documents the format cannot hold: spans out of range, and
    /// for CoNLL, VLSP and spaCy overlapping spans.
    pub fn new(format: Format, opts: FormatOptions) -> Self {
        let mut opts = opts;
        opts.conll.vlsp = format == Format::Vlsp;
        Writer {
            format,
            opts,
            written: 0,
            strict: true,
        }
    }

    /// A writer that writes spans as they are where the format can say
    /// them (JSON Lines, doccano, spaCy, Label Studio), as a corrected copy
    /// of a file with defects lint cannot fix must. CoNLL and VLSP stay
    /// strict.
    pub fn lenient(format: Format, opts: FormatOptions) -> Self {
        Writer {
            strict: false,
            ..Writer::new(format, opts)
        }
    }

    /// What the file starts with.
    pub fn header(&self) -> &'static str {
        match self.format {
            Format::Spacy | Format::LabelStudio => "[\n",
            _ => "",
        }
    }

    /// What the file ends with.
    pub fn footer(&self) -> &'static str {
        match self.format {
            Format::Spacy | Format::LabelStudio if self.written > 0 => "\n]\n",
            Format::Spacy | Format::LabelStudio => "]\n",
            _ => "",
        }
    }

    /// Appends `doc` to `out`. Returns the indices of entities a token
    /// format had to widen to whole tokens; on error nothing is appended.
    pub fn write(&mut self, doc: &Doc, out: &mut String) -> Result<Vec<usize>, DocError> {
        let mut widened = Vec::new();
        if self.strict {
            doc.check_offsets(&CharMap::new(&doc.text))?;
            if self.format == Format::Spacy {
                doc.check_flat()?;
            }
        }
        let item = match self.format {
            Format::Jsonl => {
                let mut s = doc::to_jsonl_value(doc).to_string();
                s.push('\n');
                s
            }
            Format::Doccano => {
                let mut s = doccano::record(doc).to_string();
                s.push('\n');
                s
            }
            Format::Conll | Format::Vlsp => {
                let mut s = String::new();
                widened =
                    conll::write_doc(doc, &self.opts.conll, self.written == 0, &mut s)?.widened;
                s
            }
            Format::Spacy => spacy::item(doc).to_string(),
            Format::LabelStudio => labelstudio::task(doc, self.opts.offsets).to_string(),
            Format::Brat => {
                return Err(DocError::for_doc(
                    doc,
                    "brat writes a directory: use brat::ann and brat::file_stem",
                ))
            }
        };
        if matches!(self.format, Format::Spacy | Format::LabelStudio) && self.written > 0 {
            out.push_str(",\n");
        }
        out.push_str(&item);
        self.written += 1;
        Ok(widened)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert_eq!("Label-Studio".parse::<Format>(), Ok(Format::LabelStudio));
        assert!("xml"
            .parse::<Format>()
            .unwrap_err()
            .contains("use one of jsonl, conll"));
    }

    #[test]
    fn every_one_file_format_round_trips() {
        let docs = vec![
            Doc {
                id: serde_json::json!("a"),
                text: "😀 Ông Hà Anh Dũng về TP. Đồng Xoài.".into(),
                entities: vec![Span::new(6, 17, "PER"), Span::new(21, 34, "LOC")],
                ..Doc::default()
            },
            Doc {
                id: serde_json::json!("b"),
                text: "Không có tên.".into(),
                ..Doc::default()
            },
        ];
        for format in Format::ALL {
            if format == Format::Brat {
                continue;
            }
            let mut w = Writer::new(format, FormatOptions::default());
            let mut out = w.header().to_string();
            for d in &docs {
                w.write(d, &mut out).unwrap();
            }
            out.push_str(w.footer());
            let back = read_str(format, &out, &FormatOptions::default());
            assert_eq!(back.len(), 2, "{format}");
            for (a, b) in docs.iter().zip(&back) {
                let b = b.as_ref().unwrap();
                assert_eq!(b.text, a.text, "{format}");
                let spans = |d: &Doc| -> Vec<(usize, usize, String)> {
                    d.entities
                        .iter()
                        .map(|e| (e.start, e.end, e.label.clone()))
                        .collect()
                };
                assert_eq!(spans(b), spans(a), "{format}");
            }
        }
    }
}
