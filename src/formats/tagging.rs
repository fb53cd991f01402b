//! What the token formats (CoNLL, Hugging Face, spaCy JSON) share: one
//! tokenization and sentence split of a document, a tag for every token,
//! and the way back from tags to spans.
//!
//! - **Tokens** are the non-space [syllable tokens](crate::syllables):
//!   syllables, numbers ("4.100"; "05-CT/TW" is "05", "-", "CT", "/",
//!   "TW"), punctuation. A span that starts or ends inside a token is
//!   widened to whole tokens (and reported); spans must not overlap.
//! - **Sentences** come from the [sentence splitter](crate::sentences),
//!   which never splits inside a span.
//! - **Tags** are `O` or a [`Scheme`] prefix and the label (`B-PER`).
//!
//! Reading accepts every scheme whatever was asked for (`E-`/`S-`,
//! BILUO's `L-`/`U-`); an `I-X` or `E-X` that does not continue an `X` span
//! starts a new span, as conlleval reads it, and is reported as a
//! [`NoteKind::InvalidBio`] note.

use std::ops::Range;

use super::doc::{CharMap, Doc, DocError, NoteKind, ReadNote, Span};
use crate::sentences;
use crate::syllables::{tokenize_text, Token};

/// The tagging scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scheme {
    /// `B-` begins a span, `I-` continues it (IOB2).
    #[default]
    Bio,
    /// Also `E-` ends a span of two tokens or more and `S-` is a span of one.
    Bioes,
    /// spaCy's BILUO: `L-` is the last token, `U-` a span of one.
    Biluo,
}

impl Scheme {
    /// The prefixes of the scheme, in the order of label lists.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Scheme::Bio => &["B", "I"],
            Scheme::Bioes => &["B", "I", "E", "S"],
            Scheme::Biluo => &["B", "I", "L", "U"],
        }
    }

    /// The prefix of a token at `mark` (`"B"`, `"I"` …).
    pub fn prefix(self, mark: Mark) -> &'static str {
        let p = self.prefixes();
        match (self, mark.first, mark.last) {
            (Scheme::Bio, true, _) => p[0],
            (Scheme::Bio, false, _) => p[1],
            (_, true, true) => p[3],
            (_, true, false) => p[0],
            (_, false, true) => p[2],
            (_, false, false) => p[1],
        }
    }

    /// `"BIO"`, `"BIOES"` or `"BILUO"`.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Bio => "BIO",
            Scheme::Bioes => "BIOES",
            Scheme::Biluo => "BILUO",
        }
    }
}

/// Where a token stands in the entity it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Index of the entity in the document.
    pub entity: usize,
    /// The entity's first token.
    pub first: bool,
    /// The entity's last token.
    pub last: bool,
}

/// A document cut into tokens and sentences, each token with its place in
/// an entity: what every token format writes. Build it once per document.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Byte ranges of the tokens in the text, in order.
    pub tokens: Vec<Range<usize>>,
    /// Token index ranges of the sentences, in order, covering every token.
    pub sentences: Vec<Range<usize>>,
    /// The entity mark of each token (`None` for `O`).
    pub marks: Vec<Option<Mark>>,
    /// Indices of the entities widened to whole tokens.
    pub widened: Vec<usize>,
}

impl Layout {
    /// Lays out `doc`, whose spans must be in range, flat and labelled
    /// with a label that fits in a tag (no white space).
    pub fn new(doc: &Doc) -> Result<Layout, DocError> {
        let map = CharMap::new(&doc.text);
        doc.check_offsets(&map)?;
        doc.check_flat()?;
        check_tag_labels(doc)?;
        let all = tokenize_text(&doc.text);
        let content = content_of(&doc.text, &all);
        let tokens: Vec<Range<usize>> = content.into_iter().map(|t| t.orig).collect();
        let (spans, widened) = entity_tokens(doc, &map, &tokens)?;
        let keep: Vec<Range<usize>> = spans
            .iter()
            .map(|&(_, ts, te)| tokens[ts].start..tokens[te - 1].end)
            .collect();
        let sentences = sentence_tokens(&sentences::split(&doc.text, &all, &keep), &tokens);
        let mut marks = vec![None; tokens.len()];
        for &(entity, ts, te) in &spans {
            for (k, m) in marks[ts..te].iter_mut().enumerate() {
                *m = Some(Mark {
                    entity,
                    first: k == 0,
                    last: ts + k + 1 == te,
                });
            }
        }
        Ok(Layout {
            tokens,
            sentences,
            marks,
            widened,
        })
    }

    /// The tag of token `k` in `scheme`: `O` or `B-PER` ….
    pub fn tag(&self, doc: &Doc, k: usize, scheme: Scheme) -> String {
        match self.marks[k] {
            None => "O".to_string(),
            Some(m) => format!("{}-{}", scheme.prefix(m), doc.entities[m.entity].label),
        }
    }
}

/// A label a tag can hold: not empty, no white space.
fn check_tag_labels(doc: &Doc) -> Result<(), DocError> {
    match doc
        .entities
        .iter()
        .find(|e| e.label.is_empty() || e.label.chars().any(char::is_whitespace))
    {
        Some(e) => Err(DocError::for_doc(
            doc,
            format!(
                "label {:?} cannot be written as a tag (empty or with white space)",
                e.label
            ),
        )),
        None => Ok(()),
    }
}

/// The tokens the token formats write: the non-space [syllable
/// tokens](crate::syllables) of `text`, in order, none empty, none
/// overlapping, none starting with white space.
pub fn content_tokens(text: &str) -> Vec<Token> {
    content_of(text, &tokenize_text(text))
}

/// The content tokens among `all`, the tokens of `text`.
fn content_of(text: &str, all: &[Token]) -> Vec<Token> {
    // A token that starts inside the one before (combining marks folded
    // into a neighbour by the view) joins it.
    let mut out: Vec<Token> = Vec::with_capacity(all.len());
    for t in all {
        if t.is_space() {
            continue;
        }
        let mut t = t.clone();
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

/// (entity, first token, end token) of every entity in text order, and the
/// entities widened to whole tokens.
#[allow(clippy::type_complexity)]
fn entity_tokens(
    doc: &Doc,
    map: &CharMap,
    tokens: &[Range<usize>],
) -> Result<(Vec<(usize, usize, usize)>, Vec<usize>), DocError> {
    let mut spans = Vec::with_capacity(doc.entities.len());
    let mut widened = Vec::new();
    for (i, e) in doc.entities.iter().enumerate() {
        let b = map.bytes(e.start, e.end).unwrap_or(0..0);
        let ts = tokens.partition_point(|t| t.end <= b.start);
        let te = tokens.partition_point(|t| t.start < b.end);
        if ts >= te {
            return Err(DocError::for_doc(
                doc,
                format!(
                    "entity {i} ({} {}..{}) holds no token (only white space)",
                    e.label, e.start, e.end
                ),
            ));
        }
        if tokens[ts].start != b.start || tokens[te - 1].end != b.end {
            widened.push(i);
        }
        spans.push((i, ts, te));
    }
    spans.sort_by_key(|s| s.1);
    if let Some(w) = spans.windows(2).find(|w| w[1].1 < w[0].2) {
        return Err(DocError::for_doc(
            doc,
            format!(
                "entities {} and {} share a token once widened to whole tokens; fix the spans first (the linter's fix mode does)",
                w[0].0, w[1].0
            ),
        ));
    }
    Ok((spans, widened))
}

/// Token index ranges of the sentences `sents` (byte ranges); the last
/// sentence takes any token after it.
fn sentence_tokens(sents: &[Range<usize>], tokens: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(sents.len());
    let mut k = 0;
    for (n, s) in sents.iter().enumerate() {
        let from = k;
        if n + 1 == sents.len() {
            k = tokens.len();
        } else {
            while k < tokens.len() && tokens[k].start < s.end {
                k += 1;
            }
        }
        if k > from {
            out.push(from..k);
        }
    }
    if out.is_empty() && !tokens.is_empty() {
        out.push(0..tokens.len());
    }
    out
}

/// One tag as read, with where it is.
#[derive(Clone, Debug)]
pub(crate) struct ReadTag<'a> {
    /// The tag (`O`, `B-PER` …).
    pub tag: &'a str,
    /// The token's byte range in the document text.
    pub range: Range<usize>,
    /// Input line (0 when unknown).
    pub line: usize,
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

/// Is `tag` a tag `decode` reads?
pub(crate) fn is_tag(tag: &str) -> bool {
    parse_tag(tag).is_some()
}

/// The spans of one sentence of tags, appended to `entities`; invalid
/// sequences are read as conlleval reads them and noted in `notes`. An
/// unknown tag is an error: its line and message.
pub(crate) fn decode(
    sentence: &[ReadTag<'_>],
    map: &CharMap,
    entities: &mut Vec<Span>,
    notes: &mut Vec<ReadNote>,
) -> Result<(), (usize, String)> {
    // The open span: label, first token.
    let mut open: Option<(&str, usize)> = None;
    let close = |open: &mut Option<(&str, usize)>, last: usize, entities: &mut Vec<Span>| {
        if let Some((label, first)) = open.take() {
            let mut s = Span::new(
                map.cp(sentence[first].range.start),
                map.cp(sentence[last].range.end),
                label,
            );
            s.line = sentence[first].line;
            entities.push(s);
        }
    };
    for (k, t) in sentence.iter().enumerate() {
        let Some(tag) = parse_tag(t.tag) else {
            return Err((
                t.line,
                format!(
                    "tag {:?} is not O, or B-, I-, E-, S- (L-, U-) followed by a label",
                    t.tag
                ),
            ));
        };
        let prev = k.saturating_sub(1);
        match tag {
            Tag::Out => close(&mut open, prev, entities),
            Tag::Begin(l) => {
                close(&mut open, prev, entities);
                open = Some((l, k));
            }
            Tag::Inside(l) | Tag::End(l) => {
                if open.is_none_or(|(o, _)| o != l) {
                    notes.push(orphan(t, l, open.map(|o| o.0), map));
                    close(&mut open, prev, entities);
                    open = Some((l, k));
                }
                if matches!(tag, Tag::End(_)) {
                    close(&mut open, k, entities);
                }
            }
            Tag::Single(l) => {
                close(&mut open, prev, entities);
                open = Some((l, k));
                close(&mut open, k, entities);
            }
        }
    }
    close(&mut open, sentence.len().saturating_sub(1), entities);
    Ok(())
}

/// The note for an `I-`/`E-` tag that continues no span of its label.
fn orphan(t: &ReadTag<'_>, label: &str, open: Option<&str>, map: &CharMap) -> ReadNote {
    let after = match open {
        Some(l) => format!("after {l} (not B-{label} or I-{label})"),
        None => format!("without B-{label} before it"),
    };
    ReadNote {
        kind: NoteKind::InvalidBio,
        line: t.line,
        start: map.cp(t.range.start),
        end: map.cp(t.range.end),
        message: format!("{} {after}; read as the start of a new span", t.tag),
    }
}

/// Tokens after which no space is written when a text is rebuilt.
const NO_SPACE_AFTER: &[&str] = &["(", "[", "{", "“", "‘", "«"];
/// Tokens before which no space is written when a text is rebuilt.
const NO_SPACE_BEFORE: &[&str] = &[
    ".", ",", ";", ":", "!", "?", ")", "]", "}", "”", "’", "»", "…", "%",
];

/// The best text for sentences of tokens whose spacing is unknown: tokens
/// joined by a space, except before closing punctuation and after opening
/// brackets and quotes; one sentence a line. Returns the text and the
/// byte range of every token.
pub(crate) fn rebuild_text<S: AsRef<str>>(
    sentences: &[Vec<S>],
) -> (String, Vec<Vec<Range<usize>>>) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(sentences.len());
    for (si, s) in sentences.iter().enumerate() {
        if si > 0 {
            text.push('\n');
        }
        let mut r = Vec::with_capacity(s.len());
        let mut prev: Option<&str> = None;
        for form in s {
            let form = form.as_ref();
            let glue =
                prev.is_none_or(|p| NO_SPACE_AFTER.contains(&p)) || NO_SPACE_BEFORE.contains(&form);
            if !glue {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(form);
            r.push(start..text.len());
            prev = Some(form);
        }
        ranges.push(r);
    }
    (text, ranges)
}

/// Finds each token of `forms` in `text` in order, after white space only.
/// On a mismatch: the index of the token and a message.
pub(crate) fn align_tokens<S: AsRef<str>>(
    text: &str,
    forms: &[S],
    from: &mut usize,
) -> Result<Vec<Range<usize>>, (usize, String)> {
    let mut out = Vec::with_capacity(forms.len());
    for (k, form) in forms.iter().enumerate() {
        let form = form.as_ref();
        let rest = &text[*from..];
        let start = *from + (rest.len() - rest.trim_start().len());
        if !text[start..].starts_with(form) || form.is_empty() {
            let at = text[..*from].chars().count();
            let ahead: String = text[start..].chars().take(20).collect();
            return Err((
                k,
                format!("token {form:?} does not match the document text after code point {at} ({ahead:?})"),
            ));
        }
        *from = start + form.len();
        out.push(start..*from);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, spans: &[(usize, usize, &str)]) -> Doc {
        Doc {
            text: text.into(),
            entities: spans.iter().map(|&(s, e, l)| Span::new(s, e, l)).collect(),
            ..Doc::default()
        }
    }

    #[test]
    fn schemes() {
        let m = |first, last| Mark {
            entity: 0,
            first,
            last,
        };
        let all = [
            m(true, true),
            m(true, false),
            m(false, false),
            m(false, true),
        ];
        let got = |s: Scheme| all.map(|x| s.prefix(x)).concat();
        assert_eq!(got(Scheme::Bio), "BBII");
        assert_eq!(got(Scheme::Bioes), "SBIE");
        assert_eq!(got(Scheme::Biluo), "UBIL");
    }

    #[test]
    fn layout_of_a_document() {
        let d = doc(
            "Ông Hà Anh Dũng về Huế. Sáng 5/3 họp.",
            &[(4, 15, "PER"), (19, 22, "LOC"), (29, 32, "DATE")],
        );
        let l = Layout::new(&d).unwrap();
        assert_eq!(l.sentences, [0..7, 7..11]);
        let tags: Vec<String> = (0..l.tokens.len())
            .map(|k| l.tag(&d, k, Scheme::Bioes))
            .collect();
        assert_eq!(
            tags,
            ["O", "B-PER", "I-PER", "E-PER", "O", "S-LOC", "O", "O", "S-DATE", "O", "O"]
        );
        assert!(l.widened.is_empty());
        let w = Layout::new(&doc("Về Huế", &[(3, 5, "LOC")])).unwrap();
        assert_eq!(w.widened, [0]);
        let e = Layout::new(&doc("Về  Huế", &[(2, 3, "LOC")])).unwrap_err();
        assert!(e.message.contains("holds no token"), "{e}");
        let e = Layout::new(&doc("Về Huế", &[(3, 6, "A B")])).unwrap_err();
        assert!(e.message.contains("cannot be written as a tag"), "{e}");
    }

    #[test]
    fn rebuilt_text_glues_punctuation() {
        let s = vec![
            vec![
                "Ông", "Hà", ",", "(", "TP", ".", "Huế", ")", "nói", ":", "“", "Có", "”", ".",
            ],
            vec!["Hai"],
        ];
        let (text, ranges) = rebuild_text(&s);
        assert_eq!(text, "Ông Hà, (TP. Huế) nói: “Có”.\nHai");
        assert_eq!(&text[ranges[0][4].clone()], "TP");
        assert_eq!(&text[ranges[1][0].clone()], "Hai");
    }

    #[test]
    fn decoding_reads_every_scheme() {
        let text = "a b c d e";
        let map = CharMap::new(text);
        let tags = ["U-X", "B-Y", "L-Y", "I-Z", "E-Q"];
        let sent: Vec<ReadTag> = tags
            .iter()
            .enumerate()
            .map(|(k, t)| ReadTag {
                tag: t,
                range: 2 * k..2 * k + 1,
                line: k + 1,
            })
            .collect();
        let (mut ents, mut notes) = (Vec::new(), Vec::new());
        decode(&sent, &map, &mut ents, &mut notes).unwrap();
        let got: Vec<(usize, usize, &str)> = ents
            .iter()
            .map(|e| (e.start, e.end, e.label.as_str()))
            .collect();
        assert_eq!(got, [(0, 1, "X"), (2, 5, "Y"), (6, 7, "Z"), (8, 9, "Q")]);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[1].line, 5);
        let bad = [ReadTag {
            tag: "X-Y",
            range: 0..1,
            line: 7,
        }];
        assert_eq!(decode(&bad, &map, &mut ents, &mut notes).unwrap_err().0, 7);
    }
}
