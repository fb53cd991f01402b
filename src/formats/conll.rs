//! CoNLL: one token a line with its tag (separated by a tab, shown as
//! spaces below), sentences separated by blank lines; and the VLSP
//! variant, where the syllables of a name are joined with `_` into one
//! token, as in the VLSP NER data.
//!
//! ```text
//! # newdoc id = "tin-1"
//! # doc_text = "Sáng 5/3, UBND TP. Đồng Xoài họp.\n"
//! Sáng    O
//! 5/3    B-DATE
//! ,    O
//! UBND    B-ORG
//! TP    I-ORG
//! .    I-ORG
//! Đồng    I-ORG
//! Xoài    I-ORG
//! họp    O
//! .    O
//!
//! ```
//!
//! In the VLSP variant the name above is the one line `UBND_TP._Đồng_Xoài
//! B-ORG` (every run of white space inside a name becomes one `_`).
//!
//! - **Tokens** are the [syllable tokens](crate::syllables): syllables,
//!   numbers ("4.100", "05-CT/TW" is "05", "-", "CT", "/", "TW"),
//!   punctuation. White space is not written.
//! - **Tags**: `O`, `B-`/`I-` ([`Scheme::Bio`], the default) or also
//!   `E-`/`S-` ([`Scheme::Bioes`]). A span that starts or ends inside a
//!   syllable is widened to whole tokens (and reported); spans must not
//!   overlap.
//! - **Sentences** come from the [sentence splitter](crate::sentences),
//!   which never splits inside a span.
//! - **Documents** start with `# newdoc id = ID` (the id as JSON) and
//!   `# doc_text = TEXT` (the text as a JSON string), so that reading the
//!   file back gives the same text and the same code-point offsets. Without
//!   comments ([`ConllOptions::comments`] off) documents are separated by a
//!   `-DOCSTART-` line instead, as in CoNLL-2003.
//!
//! Reading accepts both, and plain CoNLL files too: columns separated by a
//! tab (or spaces), the first column is the token and the last the tag
//! (so CoNLL-2003 and VLSP-2016 files with POS and chunk columns read as
//! well). Without `# doc_text` the text is rebuilt from the tokens joined by
//! spaces, one sentence a line (in the VLSP variant `_` inside a token
//! becomes a space). Without any `# newdoc` or `-DOCSTART-`, every sentence
//! is a document. Tags `E-`/`S-` and BILOU's `L-`/`U-` are read whatever
//! the scheme; an `I-X` or `E-X` that does not continue an `X` span starts
//! a new span, as conlleval reads it, and is reported as a
//! [`NoteKind::InvalidBio`] note.

use serde_json::Value;

use super::doc::{CharMap, Doc, DocError, NoteKind, ReadNote, Span};
use crate::sentences;
use crate::syllables::{tokenize, Token};
use crate::text::{MatchView, ViewOptions};

/// The tagging scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scheme {
    /// `B-` begins a span, `I-` continues it.
    #[default]
    Bio,
    /// Also `E-` ends a span of two tokens or more and `S-` is a span of one.
    Bioes,
}

/// How CoNLL files are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConllOptions {
    /// BIO or BIOES.
    pub scheme: Scheme,
    /// The VLSP variant: one token per name, syllables joined with `_`.
    pub vlsp: bool,
    /// Write `# newdoc id` and `# doc_text` comments (default), which make
    /// the round trip exact; without them documents are separated by
    /// `-DOCSTART-`.
    pub comments: bool,
}

impl Default for ConllOptions {
    fn default() -> Self {
        ConllOptions {
            scheme: Scheme::Bio,
            vlsp: false,
            comments: true,
        }
    }
}

/// What writing one document did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Indices of the entities widened to whole tokens.
    pub widened: Vec<usize>,
}

/// The tokens CoNLL writes: the non-space [syllable tokens](crate::syllables)
/// of `text`, in order, none empty, none overlapping, none starting with
/// white space.
pub fn content_tokens(text: &str) -> Vec<Token> {
    let mut view = MatchView::default();
    view.build(text, ViewOptions::default());
    let mut tokens = Vec::new();
    tokenize(&view, &mut tokens);
    // Keep non-space tokens with text; a token that starts inside the one
    // before (combining marks folded into a neighbour by the view) joins it.
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for mut t in tokens {
        if t.is_space() {
            continue;
        }
        // " \u{301}": a mark after a space takes the space with it.
        let lead = text[t.orig.clone()].len() - text[t.orig.clone()].trim_start().len();
        t.orig.start += lead;
        if t.orig.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(prev) if t.orig.start < prev.orig.end => {
                prev.orig.end = prev.orig.end.max(t.orig.end);
            }
            _ => out.push(t),
        }
    }
    out
}

/// Appends the CoNLL form of `doc` to `out`. `first` tells whether it is
/// the first document of the file (no `-DOCSTART-` separator before it).
pub fn write_doc(
    doc: &Doc,
    opts: &ConllOptions,
    first: bool,
    out: &mut String,
) -> Result<Written, DocError> {
    let map = CharMap::new(&doc.text);
    doc.check_offsets(&map)?;
    doc.check_flat()?;
    for e in &doc.entities {
        if e.label.is_empty() || e.label.chars().any(char::is_whitespace) {
            return Err(DocError::for_doc(
                doc,
                format!(
                    "label {:?} cannot be written as a tag (empty or with white space)",
                    e.label
                ),
            ));
        }
    }
    let tokens = content_tokens(&doc.text);
    // Entity index and token range of each entity, in text order.
    let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(doc.entities.len());
    let mut written = Written::default();
    for (i, e) in doc.entities.iter().enumerate() {
        let b = map.bytes(e.start, e.end).unwrap_or(0..0);
        let ts = tokens.partition_point(|t| t.orig.end <= b.start);
        let te = tokens.partition_point(|t| t.orig.start < b.end);
        if ts >= te {
            return Err(DocError::for_doc(
                doc,
                format!(
                    "entity {i} ({} {}..{}) holds no token (only white space)",
                    e.label, e.start, e.end
                ),
            ));
        }
        if tokens[ts].orig.start != b.start || tokens[te - 1].orig.end != b.end {
            written.widened.push(i);
        }
        spans.push((i, ts, te));
    }
    spans.sort_by_key(|s| s.1);
    for w in spans.windows(2) {
        if w[1].1 < w[0].2 {
            return Err(DocError::for_doc(
                doc,
                format!(
                    "entities {} and {} share a token once widened to whole tokens; run vietag lint --fix",
                    w[0].0, w[1].0
                ),
            ));
        }
    }
    // Entity (index into `spans`) of each token.
    let mut owner: Vec<Option<usize>> = vec![None; tokens.len()];
    for (k, &(_, ts, te)) in spans.iter().enumerate() {
        for o in &mut owner[ts..te] {
            *o = Some(k);
        }
    }
    let keep: Vec<std::ops::Range<usize>> = spans
        .iter()
        .map(|&(_, ts, te)| tokens[ts].orig.start..tokens[te - 1].orig.end)
        .collect();
    let sents = sentences::split_text(&doc.text, &keep);

    if opts.comments {
        out.push_str("# newdoc id = ");
        out.push_str(&doc.id.to_string());
        out.push_str("\n# doc_text = ");
        out.push_str(&Value::String(doc.text.clone()).to_string());
        out.push('\n');
    } else if !first {
        out.push_str("-DOCSTART-\tO\n\n");
    }
    let mut k = 0;
    for s in &sents {
        let mut wrote = false;
        while k < tokens.len() && tokens[k].orig.start < s.end {
            let t = &tokens[k];
            match owner[k] {
                None => {
                    push_line(out, &doc.text[t.orig.clone()], "O", "");
                    k += 1;
                }
                Some(n) => {
                    let (ei, ts, te) = spans[n];
                    let label = &doc.entities[ei].label;
                    if opts.vlsp {
                        let form =
                            join_name(&doc.text[tokens[ts].orig.start..tokens[te - 1].orig.end]);
                        let prefix = if opts.scheme == Scheme::Bioes {
                            "S-"
                        } else {
                            "B-"
                        };
                        push_line(out, &form, prefix, label);
                        k = te;
                    } else {
                        let prefix = match opts.scheme {
                            Scheme::Bio if k == ts => "B-",
                            Scheme::Bio => "I-",
                            Scheme::Bioes if te - ts == 1 => "S-",
                            Scheme::Bioes if k == ts => "B-",
                            Scheme::Bioes if k + 1 == te => "E-",
                            Scheme::Bioes => "I-",
                        };
                        push_line(out, &doc.text[t.orig.clone()], prefix, label);
                        k += 1;
                    }
                }
            }
            wrote = true;
        }
        if wrote {
            out.push('\n');
        }
    }
    Ok(written)
}

fn push_line(out: &mut String, form: &str, prefix: &str, label: &str) {
    out.push_str(form);
    out.push('\t');
    out.push_str(prefix);
    out.push_str(label);
    out.push('\n');
}

/// A name as one VLSP token: each run of white space becomes `_`.
fn join_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push('_');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

struct RawTok {
    form: String,
    tag: String,
    line: usize,
}

#[derive(Default)]
struct RawDoc {
    id: Option<Value>,
    text: Option<String>,
    line: usize,
    sentences: Vec<Vec<RawTok>>,
    error: Option<(usize, String)>,
}

impl RawDoc {
    fn is_empty(&self) -> bool {
        self.id.is_none()
            && self.text.is_none()
            && self.error.is_none()
            && self.sentences.iter().all(Vec::is_empty)
    }
}

/// Reads a CoNLL (or, with `vlsp`, VLSP) file into documents: one result
/// per document, in order.
pub fn read(input: &str, vlsp: bool) -> Vec<Result<Doc, DocError>> {
    // Documents are built as soon as they end, so that the raw tokens of
    // one document at a time are held.
    let mut out: Vec<Result<Doc, DocError>> = Vec::new();
    let finish = |d: RawDoc, out: &mut Vec<Result<Doc, DocError>>| {
        if !d.is_empty() {
            let index = out.len() + 1;
            out.push(build(d, index, vlsp));
        }
    };
    let mut cur = RawDoc::default();
    let mut sent: Vec<RawTok> = Vec::new();
    let mut markers = false;
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    for (n, raw) in input.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = line.strip_prefix("# ") {
            let (key, value) = rest.split_once('=').unwrap_or((rest, ""));
            let (key, value) = (key.trim(), value.trim());
            match key {
                "newdoc id" | "newdoc" => {
                    markers = true;
                    flush_sentence(&mut cur, &mut sent);
                    finish(std::mem::take(&mut cur), &mut out);
                    cur.line = line_no;
                    cur.id = Some(
                        serde_json::from_str::<Value>(value)
                            .ok()
                            .filter(|v| v.is_string() || v.is_number())
                            .unwrap_or_else(|| Value::String(value.to_string())),
                    );
                }
                "doc_text" => match serde_json::from_str::<String>(value) {
                    Ok(t) => cur.text = Some(t),
                    Err(e) => {
                        cur.error.get_or_insert((
                            line_no,
                            format!("# doc_text is not a JSON string: {e}"),
                        ));
                    }
                },
                _ => {}
            }
            continue;
        }
        if line.trim().is_empty() {
            flush_sentence(&mut cur, &mut sent);
            continue;
        }
        let mut fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        fields.retain(|f| !f.is_empty());
        // "-DOCSTART- -X- -X- O"; a VLSP name written "-DOCSTART-" has a
        // B- tag.
        if fields.first() == Some(&"-DOCSTART-") && fields.last() == Some(&"O")
            || fields == ["-DOCSTART-"]
        {
            markers = true;
            flush_sentence(&mut cur, &mut sent);
            finish(std::mem::take(&mut cur), &mut out);
            cur.line = line_no;
            continue;
        }
        if fields.len() < 2 {
            cur.error.get_or_insert((
                line_no,
                format!("expected a token and a tag separated by a tab, found {line:?}"),
            ));
            continue;
        }
        if cur.line == 0 {
            cur.line = line_no;
        }
        sent.push(RawTok {
            form: fields[0].to_string(),
            tag: fields[fields.len() - 1].to_string(),
            line: line_no,
        });
    }
    flush_sentence(&mut cur, &mut sent);
    if markers {
        finish(cur, &mut out);
        return out;
    }
    // Plain CoNLL: every sentence is a document.
    let mut error = cur.error;
    for s in cur.sentences {
        let line = s.first().map_or(0, |t| t.line);
        let last = s.last().map_or(0, |t| t.line);
        let d = RawDoc {
            line,
            sentences: vec![s],
            error: error.take_if(|(l, _)| *l <= last),
            ..RawDoc::default()
        };
        finish(d, &mut out);
    }
    if let Some((l, m)) = error {
        let d = RawDoc {
            line: l,
            error: Some((l, m)),
            ..RawDoc::default()
        };
        out.push(build(d, out.len() + 1, vlsp));
    }
    out
}

fn flush_sentence(cur: &mut RawDoc, sent: &mut Vec<RawTok>) {
    if !sent.is_empty() {
        cur.sentences.push(std::mem::take(sent));
    }
}

enum Tag<'a> {
    Out,
    Begin(&'a str),
    Inside(&'a str),
    End(&'a str),
    Single(&'a str),
}

fn parse_tag(tag: &str) -> Option<Tag<'_>> {
    if tag == "O" {
        return Some(Tag::Out);
    }
    let (p, label) = tag.split_once('-')?;
    if label.is_empty() {
        return None;
    }
    Some(match p {
        "B" => Tag::Begin(label),
        "I" => Tag::Inside(label),
        "E" | "L" => Tag::End(label),
        "S" | "U" => Tag::Single(label),
        _ => return None,
    })
}

fn build(raw: RawDoc, index: usize, vlsp: bool) -> Result<Doc, DocError> {
    let id = raw.id.clone().unwrap_or_else(|| Value::from(index));
    let err = |line: usize, msg: String| DocError::new(line, index, Some(id.clone()), msg);
    if let Some((line, msg)) = raw.error {
        return Err(err(line, msg));
    }
    // Byte range of every token in the text.
    let mut ranges: Vec<Vec<std::ops::Range<usize>>> = Vec::new();
    let text = match raw.text {
        Some(text) => {
            let mut pos = 0;
            for s in &raw.sentences {
                let mut r = Vec::with_capacity(s.len());
                for t in s {
                    match align(&text, pos, &t.form) {
                        Some(range) => {
                            pos = range.end;
                            r.push(range);
                        }
                        None => {
                            let at = text[..pos].chars().count();
                            let ahead: String = text[pos..].trim_start().chars().take(20).collect();
                            return Err(err(
                                t.line,
                                format!(
                                    "token {:?} does not match the document text after code point {at} ({ahead:?})",
                                    t.form
                                ),
                            ));
                        }
                    }
                }
                ranges.push(r);
            }
            if !text[pos..].trim().is_empty() {
                let at = text[..pos].chars().count();
                return Err(err(
                    raw.line,
                    format!(
                        "the document text goes on after the last token (from code point {at})"
                    ),
                ));
            }
            text
        }
        None => {
            let mut text = String::new();
            for (si, s) in raw.sentences.iter().enumerate() {
                if si > 0 {
                    text.push('\n');
                }
                let mut r = Vec::with_capacity(s.len());
                for (ti, t) in s.iter().enumerate() {
                    if ti > 0 {
                        text.push(' ');
                    }
                    let start = text.len();
                    if vlsp {
                        text.extend(t.form.chars().map(|c| if c == '_' { ' ' } else { c }));
                    } else {
                        text.push_str(&t.form);
                    }
                    r.push(start..text.len());
                }
                ranges.push(r);
            }
            text
        }
    };
    let map = CharMap::new(&text);
    let mut entities = Vec::new();
    let mut notes = Vec::new();
    for (s, r) in raw.sentences.iter().zip(&ranges) {
        // Open span: label, first token.
        let mut open: Option<(&str, usize)> = None;
        let mut close = |open: &mut Option<(&str, usize)>, last: usize| {
            if let Some((label, first)) = open.take() {
                entities.push(Span {
                    start: map.cp(r[first].start),
                    end: map.cp(r[last].end),
                    label: label.to_string(),
                    line: s[first].line,
                    ..Span::default()
                });
            }
        };
        for (k, t) in s.iter().enumerate() {
            let Some(tag) = parse_tag(&t.tag) else {
                return Err(err(
                    t.line,
                    format!(
                        "tag {:?} is not O, or B-, I-, E-, S- (L-, U-) followed by a label",
                        t.tag
                    ),
                ));
            };
            let mut orphan = |label: &str, open: Option<(&str, usize)>| {
                let after = match open {
                    Some((l, _)) => format!("after {l} (not B-{label} or I-{label})"),
                    None => "without B-".to_string() + label + " before it",
                };
                notes.push(ReadNote {
                    kind: NoteKind::InvalidBio,
                    line: t.line,
                    start: map.cp(r[k].start),
                    end: map.cp(r[k].end),
                    message: format!("{} {after}; read as the start of a new span", t.tag),
                });
            };
            match tag {
                Tag::Out => close(&mut open, k.saturating_sub(1)),
                Tag::Begin(l) => {
                    close(&mut open, k.saturating_sub(1));
                    open = Some((l, k));
                }
                Tag::Inside(l) => {
                    if open.is_some_and(|(o, _)| o == l) {
                        continue;
                    }
                    orphan(l, open);
                    close(&mut open, k.saturating_sub(1));
                    open = Some((l, k));
                }
                Tag::End(l) => {
                    if open.is_none_or(|(o, _)| o != l) {
                        orphan(l, open);
                        close(&mut open, k.saturating_sub(1));
                        open = Some((l, k));
                    }
                    close(&mut open, k);
                }
                Tag::Single(l) => {
                    close(&mut open, k.saturating_sub(1));
                    open = Some((l, k));
                    close(&mut open, k);
                }
            }
        }
        close(&mut open, s.len().saturating_sub(1));
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

/// Finds token `form` in `text` at `pos`, after white space. In `form`, a
/// `_` also stands for a run of white space (VLSP names).
fn align(text: &str, pos: usize, form: &str) -> Option<std::ops::Range<usize>> {
    let rest = &text[pos..];
    let start = pos + (rest.len() - rest.trim_start().len());
    let mut t = text[start..].char_indices().peekable();
    let mut end = start;
    for f in form.chars() {
        let (i, c) = t.next()?;
        if c == f {
            end = start + i + c.len_utf8();
        } else if f == '_' && c.is_whitespace() {
            end = start + i + c.len_utf8();
            while let Some(&(j, c2)) = t.peek() {
                if !c2.is_whitespace() {
                    break;
                }
                end = start + j + c2.len_utf8();
                t.next();
            }
        } else {
            return None;
        }
    }
    (end > start || form.is_empty()).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
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
        write_doc(d, &opts, true, &mut out).unwrap();
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
    fn bio_and_bioes_lines() {
        let out = write(
            &sample(),
            ConllOptions {
                comments: false,
                ..Default::default()
            },
        );
        assert_eq!(
            out,
            "Sáng\tO\n5/3\tB-DATE\n,\tO\nUBND\tB-ORG\nTP\tI-ORG\n.\tI-ORG\nĐồng\tI-ORG\nXoài\tI-ORG\nhọp\tO\n.\tO\n\n\
             Ông\tO\nHà\tB-PER\nAnh\tI-PER\nDũng\tI-PER\ndự\tO\n.\tO\n\n"
        );
        let bioes = write(
            &sample(),
            ConllOptions {
                scheme: Scheme::Bioes,
                comments: false,
                ..Default::default()
            },
        );
        assert!(bioes.contains("5/3\tS-DATE\n"));
        assert!(bioes.contains("Xoài\tE-ORG\n"));
        assert!(bioes.contains("Anh\tI-PER\nDũng\tE-PER\n"));
    }

    #[test]
    fn vlsp_joins_names() {
        let out = write(
            &sample(),
            ConllOptions {
                vlsp: true,
                comments: false,
                ..Default::default()
            },
        );
        assert!(out.contains("UBND_TP._Đồng_Xoài\tB-ORG\nhọp\tO\n"), "{out}");
        assert!(out.contains("Hà_Anh_Dũng\tB-PER\n"));
    }

    #[test]
    fn round_trips() {
        let nfd = |s: &str| s.nfd().collect::<String>();
        let names = ["5/3", "UBND TP. Đồng Xoài", "Hà Anh Dũng"];
        let labels = ["DATE", "ORG", "PER"];
        let variants: Vec<(String, bool)> = vec![
            (TEXT.to_string(), false),
            (nfd(TEXT), true),
            (format!("😀 {TEXT}\r\n\r\n  x 🇻🇳 Hà_Nội"), false),
        ];
        for (text, is_nfd) in variants {
            let names: Vec<String> = names
                .iter()
                .map(|s| if is_nfd { nfd(s) } else { s.to_string() })
                .collect();
            let pairs: Vec<(&str, &str)> = names.iter().map(String::as_str).zip(labels).collect();
            let d = doc(&text, &pairs);
            for scheme in [Scheme::Bio, Scheme::Bioes] {
                for vlsp in [false, true] {
                    let out = write(
                        &d,
                        ConllOptions {
                            scheme,
                            vlsp,
                            comments: true,
                        },
                    );
                    let back = read(&out, vlsp);
                    assert_eq!(back.len(), 1);
                    let b = back[0].as_ref().unwrap();
                    assert_eq!(b.text, d.text);
                    assert_eq!(b.id, d.id);
                    assert_eq!(spans(b), spans(&d), "{scheme:?} vlsp={vlsp} {out}");
                    assert!(b.notes.is_empty());
                }
            }
        }
    }

    #[test]
    fn widening_is_reported() {
        let mut d = sample();
        d.entities[2].end -= 1; // "Hà Anh Dũn"
        let mut out = String::new();
        let w = write_doc(&d, &ConllOptions::default(), true, &mut out).unwrap();
        assert_eq!(w.widened, [2]);
        assert!(out.contains("Dũng\tI-PER"));
    }

    #[test]
    fn plain_files_and_orphans() {
        let input = "Ông O\nHà I-PER\nAnh I-PER\n\nTại B-LOC\nHuế I-PER\n";
        let docs = read(input, false);
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
        let docs = read(
            "-DOCSTART-\tO\n\nHà\tB-PER\nNội\tX-LOC\n\n-DOCSTART-\tO\n\nHuế\tB-LOC\n",
            false,
        );
        assert_eq!(docs.len(), 2);
        let e = docs[0].as_ref().unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("\"X-LOC\""));
        assert!(docs[1].is_ok(), "the next document is read");
        let docs = read(
            "# newdoc id = 1\n# doc_text = \"Hà Nội\"\nHà\tO\nHuế\tO\n",
            false,
        );
        let e = docs[0].as_ref().unwrap_err();
        assert_eq!((e.line, e.id.clone()), (4, Some(Value::from(1))));
        assert!(e.message.contains("does not match"), "{}", e.message);
    }

    #[test]
    fn a_document_of_one_bad_line_is_an_error() {
        let docs = read("-DOCSTART-\tO\nHuế\n-DOCSTART-\tO\nHuế\tB-LOC\n", false);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].as_ref().unwrap_err().line, 2);
        assert!(docs[1].is_ok());
        let docs = read("Huế\tB-LOC\n\nHuế\n", false);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].as_ref().unwrap_err().line, 3);
    }

    #[test]
    fn vlsp_plain_underscores_become_spaces() {
        let docs = read("Ông\tO\nHà_Anh_Dũng\tB-PER\n", true);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.text, "Ông Hà Anh Dũng");
        assert_eq!(spans(d), [(4, 15, "PER".to_string())]);
    }
}
