//! CoNLL, as CoNLL-2003 and the tools that read it (spaCy's `convert -c
//! ner`, seqeval, flair, Hugging Face scripts) know it: one token a line
//! with its tag, separated by a space, sentences separated by blank lines,
//! and a `-DOCSTART- -X- O O` line and a blank line before every document,
//! the first included.
//!
//! ```text
//! -DOCSTART- -X- O O
//!
//! Sáng O
//! 5/3 B-DATE
//! , O
//! UBND B-ORG
//! TP I-ORG
//! . I-ORG
//! Đồng I-ORG
//! Xoài I-ORG
//! họp O
//! . O
//!
//! ```
//!
//! Tokens, sentences and tags are those of the [token
//! layout](super::tagging): syllables, numbers and punctuation; `B-`/`I-`
//! ([`Scheme::Bio`], the default) or `E-`/`S-` too ([`Scheme::Bioes`]).
//!
//! # Exact round trips
//!
//! Plain CoNLL has no document ids and no spacing: read back, a document
//! is numbered 1, 2, … and its text is rebuilt from the tokens (joined by
//! a space, except before closing punctuation and after opening brackets
//! and quotes, one sentence a line), with offsets that match that text.
//! With [`ConllOptions::comments`], every document also gets `# newdoc id
//! = ID` (the id as JSON) and `# doc_text = TEXT` (the text as a JSON
//! string) after its `-DOCSTART-` line, and reading it back gives the same
//! id, text and code-point offsets. Tools that do not skip `#` lines read
//! those comments as tokens, so they are off by default.
//!
//! # Reading
//!
//! Reading accepts both, and other CoNLL files too: columns separated by
//! a tab or spaces, the first column is the token and the last the tag (so
//! CoNLL-2003 files with POS and chunk columns read as well). A line that
//! starts with `#` is a token when its last column is a tag (`# O`), else
//! a comment. Without any `# newdoc` or `-DOCSTART-`, every sentence is a
//! document. Tags are read as [`super::tagging`] says.

use serde_json::Value;

use super::doc::{CharMap, Doc, DocError};
use super::tagging::{self, Layout, ReadTag};
pub use super::tagging::{content_tokens, Scheme};

/// The line before every document.
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// How CoNLL files are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConllOptions {
    /// BIO or BIOES.
    pub scheme: Scheme,
    /// Write `# newdoc id` and `# doc_text` comments, which make the round
    /// trip exact (off by default: CoNLL readers that do not skip `#`
    /// lines read them as tokens).
    pub comments: bool,
}

/// Appends the CoNLL form of `doc` (flat spans, in range) to `out`.
/// Returns the indices of the entities widened to whole tokens.
pub fn write_doc(doc: &Doc, opts: &ConllOptions, out: &mut String) -> Result<Vec<usize>, DocError> {
    let layout = Layout::new(doc)?;
    out.push_str(DOCSTART);
    out.push_str("\n\n");
    if opts.comments {
        out.push_str("# newdoc id = ");
        out.push_str(&doc.id.to_string());
        out.push_str("\n# doc_text = ");
        out.push_str(&Value::String(doc.text.clone()).to_string());
        out.push('\n');
    }
    for s in &layout.sentences {
        for k in s.clone() {
            out.push_str(&doc.text[layout.tokens[k].clone()]);
            out.push(' ');
            out.push_str(&layout.tag(doc, k, opts.scheme));
            out.push('\n');
        }
        out.push('\n');
    }
    Ok(layout.widened)
}

struct RawTok {
    form: String,
    tag: String,
    line: usize,
}

#[derive(Default)]
struct RawDoc {
    /// Started by a `-DOCSTART-` or `# newdoc` line.
    opened: bool,
    id: Option<Value>,
    text: Option<String>,
    line: usize,
    sentences: Vec<Vec<RawTok>>,
    error: Option<(usize, String)>,
}

impl RawDoc {
    fn is_empty(&self) -> bool {
        !self.opened
            && self.id.is_none()
            && self.text.is_none()
            && self.error.is_none()
            && self.sentences.iter().all(Vec::is_empty)
    }

    /// Nothing but its opening line so far.
    fn is_bare(&self) -> bool {
        self.id.is_none() && self.text.is_none() && self.sentences.is_empty()
    }
}

/// What one input line is.
enum Line<'a> {
    Blank,
    DocStart,
    Comment(&'a str, &'a str),
    Token(&'a str, &'a str),
    Bad,
}

fn classify(line: &str) -> Line<'_> {
    if line.trim().is_empty() {
        return Line::Blank;
    }
    let mut fields: Vec<&str> = if line.contains('\t') {
        line.split('\t').map(str::trim).collect()
    } else {
        line.split_whitespace().collect()
    };
    fields.retain(|f| !f.is_empty());
    let last = fields.last().copied().unwrap_or("");
    if fields.first() == Some(&"-DOCSTART-") && (last == "O" || fields.len() == 1) {
        return Line::DocStart;
    }
    if let Some(rest) = line.strip_prefix('#') {
        let is_token = fields.len() >= 2 && tagging::is_tag(last) && !rest.contains(" = ");
        if !is_token {
            let (key, value) = rest.split_once('=').unwrap_or((rest, ""));
            return Line::Comment(key.trim(), value.trim());
        }
    }
    if fields.len() < 2 {
        return Line::Bad;
    }
    Line::Token(fields[0], last)
}

/// Reads a CoNLL file into documents: one result per document, in order.
pub fn read(input: &str) -> Vec<Result<Doc, DocError>> {
    let mut r = Reader::default();
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    for (n, raw) in input.lines().enumerate() {
        r.line(raw.strip_suffix('\r').unwrap_or(raw), n + 1);
    }
    r.finish()
}

/// The reader's state: documents are built as soon as they end, so that
/// the raw tokens of one document at a time are held.
#[derive(Default)]
struct Reader {
    out: Vec<Result<Doc, DocError>>,
    cur: RawDoc,
    sent: Vec<RawTok>,
    markers: bool,
}

impl Reader {
    fn line(&mut self, line: &str, line_no: usize) {
        match classify(line) {
            Line::Blank => self.flush_sentence(),
            Line::DocStart => self.open(line_no),
            Line::Comment("newdoc id" | "newdoc", value) => {
                if !(self.cur.opened && self.cur.is_bare()) {
                    self.open(line_no);
                }
                self.cur.id = Some(parse_id(value));
            }
            Line::Comment("doc_text", value) => match serde_json::from_str::<String>(value) {
                Ok(t) => self.cur.text = Some(t),
                Err(e) => {
                    let msg = format!("# doc_text is not a JSON string: {e}");
                    self.cur.error.get_or_insert((line_no, msg));
                }
            },
            Line::Comment(..) => {}
            Line::Bad => {
                let msg =
                    format!("expected a token and a tag separated by a space, found {line:?}");
                self.cur.error.get_or_insert((line_no, msg));
            }
            Line::Token(form, tag) => {
                if self.cur.line == 0 {
                    self.cur.line = line_no;
                }
                self.sent.push(RawTok {
                    form: form.to_string(),
                    tag: tag.to_string(),
                    line: line_no,
                });
            }
        }
    }

    /// Starts a new document at `line_no`.
    fn open(&mut self, line_no: usize) {
        self.markers = true;
        self.flush_sentence();
        let done = std::mem::take(&mut self.cur);
        self.push(done);
        self.cur.opened = true;
        self.cur.line = line_no;
    }

    fn flush_sentence(&mut self) {
        if !self.sent.is_empty() {
            self.cur.sentences.push(std::mem::take(&mut self.sent));
        }
    }

    fn push(&mut self, d: RawDoc) {
        if !d.is_empty() {
            let index = self.out.len() + 1;
            self.out.push(build(d, index));
        }
    }

    fn finish(mut self) -> Vec<Result<Doc, DocError>> {
        self.flush_sentence();
        let cur = std::mem::take(&mut self.cur);
        if self.markers {
            self.push(cur);
            return self.out;
        }
        // Plain CoNLL: every sentence is a document.
        let mut error = cur.error;
        for s in cur.sentences {
            let line = s.first().map_or(0, |t| t.line);
            let last = s.last().map_or(0, |t| t.line);
            self.push(RawDoc {
                line,
                sentences: vec![s],
                error: error.take_if(|(l, _)| *l <= last),
                ..RawDoc::default()
            });
        }
        if let Some((l, m)) = error {
            self.push(RawDoc {
                line: l,
                error: Some((l, m)),
                ..RawDoc::default()
            });
        }
        self.out
    }
}

/// The id of `# newdoc id = VALUE`: JSON when it is a string or number,
/// else the value as written.
fn parse_id(value: &str) -> Value {
    serde_json::from_str::<Value>(value)
        .ok()
        .filter(|v| v.is_string() || v.is_number())
        .unwrap_or_else(|| Value::String(value.to_string()))
}

fn build(raw: RawDoc, index: usize) -> Result<Doc, DocError> {
    let id = raw.id.clone().unwrap_or_else(|| Value::from(index));
    let err = |(line, msg): (usize, String)| DocError::new(line, index, Some(id.clone()), msg);
    if let Some(e) = raw.error {
        return Err(err(e));
    }
    let (text, ranges) = text_and_ranges(&raw).map_err(err)?;
    let map = CharMap::new(&text);
    let mut entities = Vec::new();
    let mut notes = Vec::new();
    for (s, r) in raw.sentences.iter().zip(&ranges) {
        let tags: Vec<ReadTag> = s
            .iter()
            .zip(r)
            .map(|(t, range)| ReadTag {
                tag: &t.tag,
                range: range.clone(),
                line: t.line,
            })
            .collect();
        tagging::decode(&tags, &map, &mut entities, &mut notes).map_err(err)?;
    }
    Ok(Doc {
        id,
        text,
        entities,
        line: raw.line,
        index,
        notes,
        ..Doc::default()
    })
}

/// The document's text (from `# doc_text`, else rebuilt from the tokens)
/// and the byte range of every token in it.
#[allow(clippy::type_complexity)]
fn text_and_ranges(
    raw: &RawDoc,
) -> Result<(String, Vec<Vec<std::ops::Range<usize>>>), (usize, String)> {
    let forms: Vec<Vec<&str>> = raw
        .sentences
        .iter()
        .map(|s| s.iter().map(|t| t.form.as_str()).collect())
        .collect();
    let Some(text) = &raw.text else {
        return Ok(tagging::rebuild_text(&forms));
    };
    let mut pos = 0;
    let mut ranges = Vec::with_capacity(forms.len());
    for (s, f) in raw.sentences.iter().zip(&forms) {
        let r = tagging::align_tokens(text, f, &mut pos).map_err(|(k, m)| (s[k].line, m))?;
        ranges.push(r);
    }
    if !text[pos..].trim().is_empty() {
        let at = text[..pos].chars().count();
        return Err((
            raw.line,
            format!("the document text goes on after the last token (from code point {at})"),
        ));
    }
    Ok((text.clone(), ranges))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Span;
    use unicode_normalization::UnicodeNormalization;

    fn doc(text: &str, spans: &[(&str, &str)]) -> Doc {
        let mut from = 0;
        let entities = spans
            .iter()
            .map(|(s, l)| {
                let b = from + text[from..].find(s).expect("span text in doc");
                from = b + s.len();
                let start = text[..b].chars().count();
                Span::new(start, start + s.chars().count(), l)
            })
            .collect();
        Doc {
            id: Value::from("d"),
            text: text.to_string(),
            entities,
            ..Doc::default()
        }
    }

    fn write(d: &Doc, opts: ConllOptions) -> String {
        let mut out = String::new();
        write_doc(d, &opts, &mut out).unwrap();
        out
    }

    fn spans(d: &Doc) -> Vec<(usize, usize, String)> {
        d.entities
            .iter()
            .map(|e| (e.start, e.end, e.label.clone()))
            .collect()
    }

    const TEXT: &str = "Sáng 5/3, UBND TP. Đồng Xoài họp. Ông Hà Anh Dũng dự.";

    fn sample() -> Doc {
        doc(
            TEXT,
            &[
                ("5/3", "DATE"),
                ("UBND TP. Đồng Xoài", "ORG"),
                ("Hà Anh Dũng", "PER"),
            ],
        )
    }

    #[test]
    fn plain_conll_2003_lines() {
        let out = write(&sample(), ConllOptions::default());
        assert_eq!(
            out,
            "-DOCSTART- -X- O O\n\n\
             Sáng O\n5/3 B-DATE\n, O\nUBND B-ORG\nTP I-ORG\n. I-ORG\nĐồng I-ORG\nXoài I-ORG\nhọp O\n. O\n\n\
             Ông O\nHà B-PER\nAnh I-PER\nDũng I-PER\ndự O\n. O\n\n"
        );
        let bioes = write(
            &sample(),
            ConllOptions {
                scheme: Scheme::Bioes,
                ..Default::default()
            },
        );
        assert!(bioes.contains("5/3 S-DATE\n"));
        assert!(bioes.contains("Xoài E-ORG\n"));
        assert!(bioes.contains("Anh I-PER\nDũng E-PER\n"));
    }

    #[test]
    fn comments_round_trip_exactly() {
        let nfd = |s: &str| s.nfd().collect::<String>();
        let names = ["5/3", "UBND TP. Đồng Xoài", "Hà Anh Dũng"];
        let labels = ["DATE", "ORG", "PER"];
        let variants: Vec<(String, bool)> = vec![
            (TEXT.to_string(), false),
            (nfd(TEXT), true),
            (format!("😀 {TEXT}\r\n\r\n  x 🇻🇳 Hà_Nội #"), false),
        ];
        for (text, is_nfd) in variants {
            let names: Vec<String> = names
                .iter()
                .map(|s| if is_nfd { nfd(s) } else { s.to_string() })
                .collect();
            let pairs: Vec<(&str, &str)> = names.iter().map(String::as_str).zip(labels).collect();
            let d = doc(&text, &pairs);
            for scheme in [Scheme::Bio, Scheme::Bioes, Scheme::Biluo] {
                let out = write(
                    &d,
                    ConllOptions {
                        scheme,
                        comments: true,
                    },
                );
                assert!(out.starts_with("-DOCSTART- -X- O O\n\n# newdoc id = \"d\"\n"));
                let back = read(&out);
                assert_eq!(back.len(), 1, "{out}");
                let b = back[0].as_ref().unwrap();
                assert_eq!(b.text, d.text);
                assert_eq!(b.id, d.id);
                assert_eq!(spans(b), spans(&d), "{scheme:?} {out}");
                assert!(b.notes.is_empty());
            }
        }
    }

    #[test]
    fn plain_files_read_back_with_a_rebuilt_text() {
        let mut out = write(&sample(), ConllOptions::default());
        out.push_str(&write(
            &doc("Về Huế (tỉnh Thừa Thiên Huế).", &[("Huế", "LOC")]),
            ConllOptions::default(),
        ));
        out.push_str(&write(&doc("", &[]), ConllOptions::default()));
        let back = read(&out);
        assert_eq!(back.len(), 3, "the empty document too");
        let a = back[0].as_ref().unwrap();
        assert_eq!(a.id, 1);
        assert_eq!(
            a.text,
            "Sáng 5/3, UBND TP. Đồng Xoài họp.\nÔng Hà Anh Dũng dự."
        );
        let texts: Vec<&str> = a
            .entities
            .iter()
            .map(|e| a.slice(&CharMap::new(&a.text), e.start, e.end).unwrap())
            .collect();
        assert_eq!(texts, ["5/3", "UBND TP. Đồng Xoài", "Hà Anh Dũng"]);
        let b = back[1].as_ref().unwrap();
        assert_eq!(
            (b.id.clone(), b.text.as_str()),
            (Value::from(2), "Về Huế (tỉnh Thừa Thiên Huế).")
        );
        assert_eq!(back[2].as_ref().unwrap().text, "");
    }

    #[test]
    fn hash_tokens_are_tokens() {
        let d = doc("Số # 5 và #1", &[]);
        let out = write(&d, ConllOptions::default());
        assert!(out.contains("\n# O\n"), "{out}");
        let back = read(&out);
        assert_eq!(back[0].as_ref().unwrap().text, "Số # 5 và # 1");
    }

    #[test]
    fn widening_is_reported() {
        let mut d = sample();
        d.entities[2].end -= 1; // "Hà Anh Dũn"
        let mut out = String::new();
        let w = write_doc(&d, &ConllOptions::default(), &mut out).unwrap();
        assert_eq!(w, [2]);
        assert!(out.contains("Dũng I-PER"));
    }

    #[test]
    fn plain_files_and_orphans() {
        let input = "Ông O\nHà I-PER\nAnh I-PER\n\nTại B-LOC\nHuế I-PER\n";
        let docs = read(input);
        assert_eq!(docs.len(), 2, "no markers: one document per sentence");
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.text, "Ông Hà Anh");
        assert_eq!(spans(a), [(4, 10, "PER".to_string())]);
        assert_eq!(a.notes.len(), 1);
        assert_eq!(a.notes[0].line, 2);
        assert_eq!(
            a.notes[0].message,
            "I-PER without B-PER before it; read as the start of a new span"
        );
        let b = docs[1].as_ref().unwrap();
        assert_eq!(
            spans(b),
            [(0, 3, "LOC".to_string()), (4, 7, "PER".to_string())]
        );
        assert_eq!(
            b.notes[0].message,
            "I-PER after LOC (not B-PER or I-PER); read as the start of a new span"
        );
        assert_eq!(b.index, 2);
    }

    #[test]
    fn errors_name_the_line() {
        let docs = read("-DOCSTART-\tO\n\nHà\tB-PER\nNội\tX-LOC\n\n-DOCSTART-\tO\n\nHuế\tB-LOC\n");
        assert_eq!(docs.len(), 2);
        let e = docs[0].as_ref().unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("\"X-LOC\""));
        assert!(docs[1].is_ok(), "the next document is read");
        let docs = read("# newdoc id = 1\n# doc_text = \"Hà Nội\"\nHà\tO\nHuế\tO\n");
        let e = docs[0].as_ref().unwrap_err();
        assert_eq!((e.line, e.id.clone()), (4, Some(Value::from(1))));
        assert!(e.message.contains("does not match"), "{}", e.message);
    }

    #[test]
    fn a_document_of_one_bad_line_is_an_error() {
        let docs = read("-DOCSTART-\tO\nHuế\n-DOCSTART-\tO\nHuế\tB-LOC\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].as_ref().unwrap_err().line, 2);
        assert!(docs[1].is_ok());
        let docs = read("Huế\tB-LOC\n\nHuế\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].as_ref().unwrap_err().line, 3);
    }

    #[test]
    fn older_comment_files_without_docstart_read() {
        let docs = read("# newdoc id = \"a\"\n# doc_text = \"Huế\"\nHuế\tB-LOC\n\n# newdoc id = 2\n# doc_text = \"x\"\nx\tO\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].as_ref().unwrap().id, "a");
        assert_eq!(docs[1].as_ref().unwrap().id, 2);
    }
}
