//! Input and output formats, one module per format.
//!
//! Every format reads into and writes from [`Doc`], an annotated document
//! with code-point offsets:
//!
//! | format | module | file | layers |
//! |---|---|---|---|
//! | vietag JSON Lines | [`jsonl`], [`doc`] | one record a line | flat and nested (`parent`) |
//! | CoNLL | [`conll`] | one token a line, BIO/BIOES tags | flat |
//! | VLSP 2018 | [`vlsp`] | the text with inline `<ENAMEX TYPE="…">` tags | flat and nested |
//! | Hugging Face | [`hf`] | JSON Lines of `tokens` and `ner_tags`, with a label list | flat |
//! | spaCy JSON | [`spacy_json`] | spaCy's v2 JSON training format (`spacy convert`) | flat |
//! | spaCy simple | [`spacy`] | JSON `[[text, {"entities": [[s, e, L]]}]]` | flat |
//! | doccano | [`doccano`] | JSON Lines `{"text", "label": [[s, e, L]]}` | flat |
//! | Label Studio | [`labelstudio`] | JSON tasks with annotations or predictions | flat and nested |
//! | brat | [`brat`] | `.txt` + `.ann` pairs in a directory | flat and nested |
//! | HTML (written only) | [`crate::html`] | a page per document and an index, to review by eye | flat and nested |
//!
//! Spans with a `parent` (from `annotate --layer all`) are the nested
//! layer. Formats that hold one flat layer write the spans without a parent
//! ([`Writer::write`] says how many it left out); the others carry the
//! nesting and read it back.

pub mod brat;
pub mod conll;
pub mod doc;
pub mod doccano;
pub mod hf;
mod json;
mod json_writer;
pub mod jsonl;
pub mod labels;
pub mod labelstudio;
pub(crate) mod record;
pub mod spacy;
pub mod spacy_json;
pub mod tagging;
pub mod vlsp;

pub use doc::{CharMap, Doc, DocError, NoteKind, ReadNote, Span};

use std::fmt;
use std::io::{self, BufRead};
use std::str::FromStr;
use std::sync::Arc;

use crate::text::OffsetUnit;
use conll::ConllOptions;

/// An annotation format `vietag export`, `import` and `lint` know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// vietag JSON Lines (gold files, `annotate --include-text` output).
    Jsonl,
    /// CoNLL-2003 style, one syllable token a line.
    Conll,
    /// VLSP 2018: the text with inline `<ENAMEX>` tags.
    Vlsp,
    /// Hugging Face token classification JSON Lines.
    Hf,
    /// spaCy's v2 JSON training format, what `spacy convert` reads.
    SpacyJson,
    /// `[text, {"entities": [[start, end, label]]}]` items.
    SpacySimple,
    /// doccano JSON Lines.
    Doccano,
    /// Label Studio tasks.
    LabelStudio,
    /// brat standoff directory.
    Brat,
    /// HTML pages to review by eye ([`crate::html`]); written only.
    Html,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 10] = [
        Format::Jsonl,
        Format::Conll,
        Format::Vlsp,
        Format::Hf,
        Format::SpacyJson,
        Format::SpacySimple,
        Format::Doccano,
        Format::LabelStudio,
        Format::Brat,
        Format::Html,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Conll => "conll",
            Format::Vlsp => "vlsp",
            Format::Hf => "hf",
            Format::SpacyJson => "spacy-json",
            Format::SpacySimple => "spacy-simple",
            Format::Doccano => "doccano",
            Format::LabelStudio => "labelstudio",
            Format::Brat => "brat",
            Format::Html => "html",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl | Format::Doccano | Format::Hf => "jsonl",
            Format::Conll => "conll",
            Format::Vlsp => "txt",
            Format::SpacyJson | Format::SpacySimple | Format::LabelStudio => "json",
            Format::Brat => "",
            Format::Html => "html",
        }
    }

    /// One record a line: read and written line by line.
    pub fn is_line_based(self) -> bool {
        matches!(self, Format::Jsonl | Format::Doccano)
    }

    /// The format holds the nested layer as nesting (spans with a parent).
    pub fn carries_nesting(self) -> bool {
        matches!(
            self,
            Format::Jsonl | Format::Vlsp | Format::LabelStudio | Format::Brat | Format::Html
        )
    }

    /// The format is a JSON array, written between `[` and `]`.
    fn is_json_array(self) -> bool {
        matches!(
            self,
            Format::SpacyJson | Format::SpacySimple | Format::LabelStudio
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        write!(
            f,
            "unknown format '{}': use one of {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// A name of [`Format::ALL`], in any case, with or without `-`/`_`;
    /// also `spacy` (spaCy JSON), `huggingface` and `label-studio`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let squash = |s: &str| s.trim().to_ascii_lowercase().replace(['-', '_'], "");
        let key = squash(s);
        match key.as_str() {
            "spacy" => return Ok(Format::SpacyJson),
            "huggingface" => return Ok(Format::Hf),
            _ => {}
        }
        Format::ALL
            .into_iter()
            .find(|f| squash(f.name()) == key)
            .ok_or_else(|| UnknownFormat(s.trim().to_string()))
    }
}

/// Options of readers and writers.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct FormatOptions {
    /// CoNLL and Hugging Face writing: scheme (also Hugging Face's), comments.
    pub conll: ConllOptions,
    /// Offset unit of Label Studio files (code points by default).
    pub offsets: OffsetUnit,
    /// Label Studio writing: regions as annotations (gold) or predictions.
    pub label_studio: labelstudio::ResultKind,
    /// Hugging Face reading: the names of the `ner_tags` numbers (the
    /// label file written next to the data).
    pub hf_labels: Arc<[String]>,
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

    /// The record of a line that is not UTF-8.
    fn invalid_utf8(&mut self, bytes: &[u8], valid_up_to: usize) -> Record {
        self.index += 1;
        Record {
            raw: Some(String::from_utf8_lossy(bytes).trim_end().to_string()),
            doc: Err(DocError::new(
                self.line_no,
                self.index,
                None,
                format!("invalid UTF-8 at byte {valid_up_to} of the line"),
            )),
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
            let buf = std::mem::take(&mut self.buf);
            let mut bytes = &buf[..];
            if self.line_no == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            let line = match std::str::from_utf8(bytes) {
                Ok(l) => l.trim_end_matches(['\n', '\r']),
                Err(e) => {
                    let rec = self.invalid_utf8(bytes, e.valid_up_to());
                    self.buf = buf;
                    return Some(Ok(rec));
                }
            };
            if line.trim().is_empty() {
                self.buf = buf;
                continue;
            }
            self.index += 1;
            let doc = match self.format {
                Format::Doccano => doccano::read_line(line, self.line_no, self.index),
                _ => doc::read_jsonl_record(line, self.line_no, self.index),
            };
            let raw = Some(line.to_string());
            self.buf = buf;
            return Some(Ok(Record { raw, doc }));
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
        Format::Conll => conll::read(input),
        Format::Vlsp => vlsp::read(input),
        Format::Hf => hf::read(input, &opts.hf_labels),
        Format::SpacyJson => spacy_json::read(input),
        Format::SpacySimple => spacy::read(input),
        Format::LabelStudio => labelstudio::read(input, opts.offsets),
        Format::Brat => vec![Err(DocError::new(
            0,
            0,
            None,
            "brat documents are pairs of files: read a directory with brat::read_path",
        ))],
        Format::Html => vec![Err(DocError::new(
            0,
            0,
            None,
            "HTML pages are written only, never read: read the file they were made from",
        ))],
    }
}

/// What writing one document did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Written {
    /// Indices of the entities a token format had to widen to whole
    /// tokens (indices of the document as given).
    pub widened: Vec<usize>,
    /// Spans of the nested layer a flat format left out.
    pub nested_left_out: usize,
    /// Spans of the nested layer the format could not hold as they are
    /// (VLSP: a nested span that crosses another), left out.
    pub crossing: Vec<usize>,
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
    hf: hf::Rows,
}

impl Writer {
    /// A writer of `format` (not brat, which writes a directory). It
    /// refuses documents the format cannot hold: spans out of range, and
    /// for formats of one flat layer, overlapping spans of that layer.
    pub fn new(format: Format, opts: FormatOptions) -> Self {
        let hf = hf::Rows::new(opts.conll.scheme);
        Writer {
            format,
            opts,
            written: 0,
            strict: true,
            hf,
        }
    }

    /// A writer that writes spans as they are where the format can say
    /// them (JSON Lines, doccano, spaCy simple, Label Studio), as a
    /// corrected copy of a file with defects lint cannot fix must. The
    /// token formats stay strict.
    pub fn lenient(format: Format, opts: FormatOptions) -> Self {
        Writer {
            strict: false,
            ..Writer::new(format, opts)
        }
    }

    /// What the file starts with.
    pub fn header(&self) -> &'static str {
        if self.format.is_json_array() {
            "[\n"
        } else {
            ""
        }
    }

    /// What the file ends with.
    pub fn footer(&self) -> &'static str {
        match self.format.is_json_array() {
            true if self.written > 0 => "\n]\n",
            true => "]\n",
            false => "",
        }
    }

    /// Starts the Hugging Face label list with `labels` instead of the
    /// guide's (call it before writing).
    pub fn declare_labels<S: AsRef<str>>(&mut self, labels: &[S]) {
        self.hf.start_with(labels);
    }

    /// The Hugging Face label list so far: the names of the `ner_tags`
    /// numbers written, to save next to the data.
    pub fn hf_labels(&self) -> &[String] {
        self.hf.names()
    }

    /// Appends `doc` to `out`; on error nothing is appended.
    pub fn write(&mut self, doc: &Doc, out: &mut String) -> Result<Written, DocError> {
        let flat;
        let original = doc;
        let mut written = Written::default();
        let doc = if !self.format.carries_nesting() && doc.has_nested() {
            flat = doc.flat_layer();
            written.nested_left_out = doc.entities.len() - flat.entities.len();
            &flat
        } else {
            doc
        };
        if self.strict {
            doc.check_offsets(&CharMap::new(&doc.text))?;
            if self.format == Format::SpacySimple {
                doc.check_flat()?;
            }
        }
        let (item, mut widened) = self.item(doc)?;
        if self.format == Format::Vlsp {
            written.crossing = std::mem::take(&mut widened);
        }
        written.widened = if written.nested_left_out > 0 {
            // Indices of the flat layer back to those of the document.
            let outer: Vec<usize> = (0..original.entities.len())
                .filter(|&i| !original.entities[i].is_nested())
                .collect();
            widened.into_iter().map(|i| outer[i]).collect()
        } else {
            widened
        };
        if self.format.is_json_array() && self.written > 0 {
            out.push_str(",\n");
        }
        out.push_str(&item);
        self.written += 1;
        Ok(written)
    }

    /// The text of `doc` in the format, and the spans widened (for VLSP,
    /// the crossing spans left out).
    fn item(&mut self, doc: &Doc) -> Result<(String, Vec<usize>), DocError> {
        let mut s = String::new();
        let mut widened = Vec::new();
        match self.format {
            Format::Jsonl => doc::write_jsonl(doc, &mut s),
            Format::Doccano => {
                s = doccano::record(doc).to_string();
                s.push('\n');
            }
            Format::Conll => widened = conll::write_doc(doc, &self.opts.conll, &mut s)?,
            Format::Vlsp => widened = vlsp::write_doc(doc, &mut s)?,
            Format::Hf => widened = self.hf.write_doc(doc, &mut s)?,
            Format::SpacyJson => {
                let (v, w) = spacy_json::item(doc, self.written)?;
                s = v.to_string();
                widened = w;
            }
            Format::SpacySimple => s = spacy::item(doc).to_string(),
            Format::LabelStudio => {
                s = labelstudio::task(doc, self.opts.offsets, self.opts.label_studio).to_string()
            }
            Format::Brat => {
                return Err(DocError::for_doc(
                    doc,
                    "brat writes a directory: use brat::ann and brat::file_stem",
                ))
            }
            Format::Html => {
                return Err(DocError::for_doc(
                    doc,
                    "HTML writes a page per document: use crate::html::document_page",
                ))
            }
        }
        Ok((s, widened))
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
        assert_eq!("spacy".parse::<Format>(), Ok(Format::SpacyJson));
        assert_eq!("spacy_simple".parse::<Format>(), Ok(Format::SpacySimple));
        assert!("xml"
            .parse::<Format>()
            .unwrap_err()
            .to_string()
            .contains("use one of jsonl, conll"));
    }

    fn nested_doc() -> Doc {
        let mut loc = Span::new(25, 34, "LOC");
        loc.set_parent(Some(1));
        Doc {
            id: serde_json::json!("a"),
            text: "😀 Ông Hà Anh Dũng về TP. Đồng Xoài.".into(),
            entities: vec![Span::new(6, 17, "PER"), Span::new(21, 34, "LOC"), loc],
            ..Doc::default()
        }
    }

    #[test]
    fn every_one_file_format_round_trips() {
        let docs = vec![
            nested_doc(),
            Doc {
                id: serde_json::json!(2),
                text: "Không có tên.".into(),
                ..Doc::default()
            },
        ];
        for format in Format::ALL {
            // Directories, and pages that are never read back.
            if matches!(format, Format::Brat | Format::Html) {
                continue;
            }
            let mut w = Writer::new(format, FormatOptions::default());
            let mut out = w.header().to_string();
            for d in &docs {
                let written = w.write(d, &mut out).unwrap();
                let left_out = usize::from(d.has_nested() && !format.carries_nesting());
                assert_eq!(written.nested_left_out, left_out, "{format}");
            }
            out.push_str(w.footer());
            let opts = FormatOptions {
                hf_labels: w.hf_labels().to_vec().into(),
                ..FormatOptions::default()
            };
            let back = read_str(format, &out, &opts);
            assert_eq!(back.len(), 2, "{format}");
            for (a, b) in docs.iter().zip(&back) {
                let b = b.as_ref().unwrap();
                let a = if format.carries_nesting() {
                    a.clone()
                } else {
                    a.flat_layer()
                };
                if format != Format::Conll {
                    assert_eq!(b.text, a.text, "{format}");
                }
                let spans = |d: &Doc| -> Vec<(usize, usize, String, Option<usize>)> {
                    d.entities
                        .iter()
                        .map(|e| (e.start, e.end, e.label.clone(), e.parent()))
                        .collect()
                };
                if format == Format::Conll {
                    assert_eq!(b.entities.len(), a.entities.len(), "{format}");
                } else {
                    assert_eq!(spans(b), spans(&a), "{format}");
                }
                if !matches!(format, Format::SpacySimple | Format::Conll) {
                    assert_eq!(b.id, a.id, "{format}");
                }
            }
        }
    }
}
