//! The VLSP 2018 NER form: the text as it is, each name inside an inline
//! tag.
//!
//! ```text
//! <DOC id="tin-1">
//! Ông <ENAMEX TYPE="PERSON">Hà Anh Dũng</ENAMEX> về <ENAMEX TYPE="ORGANIZATION">Sở Y tế <ENAMEX TYPE="LOCATION">Bình Phước</ENAMEX></ENAMEX> ngày <ENAMEX TYPE="MISCELLANEOUS" VIETAG="DATE">5/3</ENAMEX>.
//! </DOC>
//! ```
//!
//! # Labels
//!
//! PER, LOC and ORG are written `PERSON`, `LOCATION` and `ORGANIZATION`.
//! Every other label is written `TYPE="MISCELLANEOUS"` with the vietag
//! label in a `VIETAG` attribute, which VLSP tools ignore and which brings
//! the label back when read (a `MISC` label is written without it). To
//! leave the other labels out, export only PER, LOC and ORG.
//!
//! Reading maps `PERSON`, `LOCATION`, `ORGANIZATION` (or `PER`, `LOC`,
//! `ORG`, in any case) back; `MISCELLANEOUS` becomes the `VIETAG` label,
//! or `MISC` without one; any other type is kept as written.
//!
//! # Nesting
//!
//! The nested layer (spans with a `parent`, from `annotate --layer all`)
//! is written as tags inside the tag of their outer span. Tags cannot
//! cross: a nested span that crosses one opened before it is left out
//! (and reported). Reading gives the spans
//! of outermost tags as the flat layer, in text order, then the nested
//! ones, in text order, each with the index of its outermost tag as
//! `parent`.
//!
//! # Documents
//!
//! Each document is a block: a line `<DOC id=ID>` (the id as JSON: `"a"`
//! for a string, `7` for a number), the text, a line break and a line
//! `</DOC>`. A file without `<DOC>` lines is one document (as the files of
//! the VLSP corpus are), numbered 1.
//!
//! # Exact text
//!
//! The text between the tags is the document's, character for character,
//! so the round trip gives the same text and code-point offsets. Only
//! what a reader would take for markup is escaped: a `<` that starts
//! something like an `ENAMEX` or `DOC` tag is written `&lt;`, and an `&`
//! that starts `&lt;`, `&gt;` or `&amp;` is written `&amp;`. Reading turns
//! `&lt;`, `&gt;` and `&amp;` back and reads tags with spaces anywhere
//! inside them (`<ENAMEX  TYPE = "PERSON" >`), in any case.

use serde_json::Value;

use super::doc::{CharMap, Doc, DocError, Span};
use super::json::LineIndex;

/// Appends the block of `doc` (spans in range) to `out`. Returns the
/// nested spans left out because they cross another one.
pub fn write_doc(doc: &Doc, out: &mut String) -> Result<Vec<usize>, DocError> {
    let map = CharMap::new(&doc.text);
    doc.check_offsets(&map)?;
    doc.flat_layer().check_flat()?;
    let (order, crossing) = nesting_order(doc)?;
    out.push_str("<DOC id=");
    out.push_str(&doc.id.to_string());
    out.push_str(">\n");
    let cut = |cp: usize| map.byte(cp).unwrap_or(doc.text.len());
    let mut cursor = 0;
    let mut open: Vec<usize> = Vec::new();
    for i in order {
        let e = &doc.entities[i];
        while let Some(&top) = open.last() {
            if doc.entities[top].end > e.start {
                break;
            }
            escape_into(&doc.text[cursor..cut(doc.entities[top].end)], out);
            cursor = cut(doc.entities[top].end);
            out.push_str("</ENAMEX>");
            open.pop();
        }
        escape_into(&doc.text[cursor..cut(e.start)], out);
        cursor = cut(e.start);
        open_tag(&e.label, out);
        open.push(i);
    }
    while let Some(top) = open.pop() {
        escape_into(&doc.text[cursor..cut(doc.entities[top].end)], out);
        cursor = cut(doc.entities[top].end);
        out.push_str("</ENAMEX>");
    }
    escape_into(&doc.text[cursor..], out);
    out.push_str("\n</DOC>\n");
    Ok(crossing)
}

/// The entities in the order their tags open (by start, outer first), and
/// the nested ones left out because they cross a span opened before them.
/// An error names a nested span outside its parent.
fn nesting_order(doc: &Doc) -> Result<(Vec<usize>, Vec<usize>), DocError> {
    let ents = &doc.entities;
    for (i, e) in ents.iter().enumerate() {
        if let Some(p) = e.parent().filter(|&p| p < ents.len()) {
            if ents[p].start > e.start || e.end > ents[p].end {
                return Err(DocError::for_doc(
                    doc,
                    format!(
                        "nested entity {i} ({} {}..{}) is not inside its parent {p} ({}..{})",
                        e.label, e.start, e.end, ents[p].start, ents[p].end
                    ),
                ));
            }
        }
    }
    let mut order: Vec<usize> = (0..ents.len()).collect();
    order.sort_by_key(|&i| {
        let e = &ents[i];
        (e.start, std::cmp::Reverse(e.end), e.is_nested(), i)
    });
    let mut open: Vec<usize> = Vec::new();
    let mut crossing = Vec::new();
    order.retain(|&i| {
        let e = &ents[i];
        while open.last().is_some_and(|&t| ents[t].end <= e.start) {
            open.pop();
        }
        // The flat layer is flat, so only a nested span can cross.
        if open.last().is_some_and(|&t| e.end > ents[t].end) {
            crossing.push(i);
            return false;
        }
        open.push(i);
        true
    });
    crossing.sort_unstable();
    Ok((order, crossing))
}

fn open_tag(label: &str, out: &mut String) {
    let (ty, vietag) = match label {
        "PER" => ("PERSON", None),
        "LOC" => ("LOCATION", None),
        "ORG" => ("ORGANIZATION", None),
        "MISC" => ("MISCELLANEOUS", None),
        other => ("MISCELLANEOUS", Some(other)),
    };
    out.push_str("<ENAMEX TYPE=\"");
    out.push_str(ty);
    out.push('"');
    if let Some(l) = vietag {
        out.push_str(" VIETAG=\"");
        escape_attr(l, out);
        out.push('"');
    }
    out.push('>');
}

fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Appends `text`, escaping only what would read as markup.
fn escape_into(text: &str, out: &mut String) {
    let mut last = 0;
    for (i, c) in text.char_indices() {
        let rest = &text[i..];
        let esc = match c {
            '<' if looks_like_tag(rest) => "&lt;",
            '&' if ["&lt;", "&gt;", "&amp;"]
                .iter()
                .any(|e| starts_with_ci(rest, e)) =>
            {
                "&amp;"
            }
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(esc);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Does `s` (starting with `<`) start something a reader could take for an
/// `ENAMEX` or `DOC` tag?
fn looks_like_tag(s: &str) -> bool {
    let rest = s[1..].trim_start();
    let rest = rest.strip_prefix('/').unwrap_or(rest).trim_start();
    starts_with_ci(rest, "enamex") || starts_with_ci(rest, "doc")
}

/// Reads VLSP inline text: one result per `<DOC>` block, or one for a file
/// without blocks.
pub fn read(input: &str) -> Vec<Result<Doc, DocError>> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let lines = LineIndex::new(input);
    if !input.lines().any(|l| doc_open(l).is_some()) {
        return vec![read_body(input, 0, Value::from(1), 1, &lines)];
    }
    blocks(input)
        .into_iter()
        .enumerate()
        .map(|(k, b)| {
            let index = k + 1;
            let b = b?;
            let id = b.id.unwrap_or_else(|| Value::from(index));
            let mut d = read_body(&input[b.body.clone()], b.body.start, id, index, &lines)?;
            d.line = lines.line(b.open);
            Ok(d)
        })
        .collect()
}

struct Block {
    id: Option<Value>,
    /// Byte offset of the `<DOC` line.
    open: usize,
    body: std::ops::Range<usize>,
}

/// The `<DOC>` blocks of `input`, and an error for each stretch of text
/// outside them.
fn blocks(input: &str) -> Vec<Result<Block, DocError>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, Option<Value>)> = None;
    let mut stray = false;
    let mut pos = 0;
    for (n, raw) in input.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let (start, next) = (pos, pos + raw.len());
        pos = next;
        if let Some(id) = doc_open(line) {
            if let Some((at, _, _)) = open.take() {
                out.push(Err(unclosed(input, at)));
            }
            open = Some((start, next, id));
            stray = false;
        } else if line.trim_end() == "</DOC>" {
            match open.take() {
                // The line break before `</DOC>` is the writer's.
                Some((at, body, id)) => out.push(Ok(Block {
                    id,
                    open: at,
                    body: body..start.saturating_sub(1).max(body),
                })),
                None => out.push(Err(DocError::new(
                    n + 1,
                    out.len() + 1,
                    None,
                    "</DOC> without a <DOC> line before it",
                ))),
            }
        } else if open.is_none() && !line.trim().is_empty() && !stray {
            stray = true;
            out.push(Err(DocError::new(
                n + 1,
                out.len() + 1,
                None,
                "text outside a <DOC> … </DOC> block",
            )));
        }
    }
    if let Some((at, _, _)) = open {
        out.push(Err(unclosed(input, at)));
    }
    out
}

fn unclosed(input: &str, at: usize) -> DocError {
    let line = input[..at].matches('\n').count() + 1;
    DocError::new(line, 0, None, "<DOC> block without </DOC>")
}

/// The id of a `<DOC id=…>` line (`Some(None)` without an id), or `None`
/// for another line.
fn doc_open(line: &str) -> Option<Option<Value>> {
    let inner = line.trim_end().strip_prefix('<')?.strip_suffix('>')?;
    let inner = inner.trim_start();
    if !starts_with_ci(inner, "doc") {
        return None;
    }
    let rest = &inner[3..];
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let rest = rest.trim();
    let Some(v) = rest
        .strip_prefix("id")
        .or_else(|| rest.strip_prefix("ID"))
        .and_then(|r| r.trim_start().strip_prefix('='))
    else {
        return Some(None);
    };
    let v = v.trim();
    Some(Some(
        serde_json::from_str::<Value>(v)
            .ok()
            .filter(|x| x.is_string() || x.is_number())
            .unwrap_or_else(|| Value::String(v.trim_matches(['"', '\'']).to_string())),
    ))
}

/// A tag of the body.
enum Tag {
    Open { ty: String, vietag: Option<String> },
    Close,
}

/// Reads the tag at the start of `s` (which starts with `<`): the tag and
/// its length, `None` when it is no ENAMEX tag, or an error message.
fn parse_tag(s: &str) -> Option<Result<(Tag, usize), String>> {
    let end = s.find('>')?;
    let inner = s[1..end].trim();
    if let Some(rest) = inner.strip_prefix('/') {
        return starts_with_ci(rest.trim(), "enamex").then_some(Ok((Tag::Close, end + 1)));
    }
    if !starts_with_ci(inner, "enamex") {
        return None;
    }
    let rest = &inner[6..];
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(attributes(rest).and_then(|attrs| {
        let get = |k: &str| {
            attrs
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let ty = get("TYPE").ok_or_else(|| format!("tag {:?} has no TYPE", &s[..=end]))?;
        Ok((
            Tag::Open {
                ty,
                vietag: get("VIETAG"),
            },
            end + 1,
        ))
    }))
}

/// `NAME = "value"` pairs, spaces allowed around `=`; values in double or
/// single quotes, or bare.
fn attributes(mut s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(out);
        }
        let name_end = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let name = &s[..name_end];
        let rest = s[name_end..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            return Err(format!("attribute {name:?} has no value"));
        };
        let rest = rest.trim_start();
        let (value, after) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = rest[1..]
                    .find(q)
                    .ok_or_else(|| format!("attribute {name:?}: no closing quote"))?;
                (&rest[1..1 + close], &rest[close + 2..])
            }
            _ => {
                let e = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (&rest[..e], &rest[e..])
            }
        };
        out.push((name.to_string(), unescape(value)));
        s = after;
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The vietag label of a tag.
fn label_of(ty: &str, vietag: Option<String>) -> String {
    if let Some(l) = vietag.filter(|l| !l.is_empty()) {
        return l;
    }
    match ty.to_ascii_uppercase().as_str() {
        "PERSON" | "PER" => "PER".into(),
        "LOCATION" | "LOC" => "LOC".into(),
        "ORGANIZATION" | "ORGANISATION" | "ORG" => "ORG".into(),
        "MISCELLANEOUS" | "MISC" => "MISC".into(),
        _ => ty.to_string(),
    }
}

/// A span being read: label, start, line, root.
struct Open {
    label: String,
    start: usize,
    line: usize,
    root: usize,
}

/// The state of a body being read: the text so far, the open tags, the
/// spans closed as (span, depth, root).
#[derive(Default)]
struct Body {
    text: String,
    cps: usize,
    stack: Vec<Open>,
    found: Vec<(Span, usize, usize)>,
    roots: usize,
}

impl Body {
    fn push(&mut self, c: char) {
        self.text.push(c);
        self.cps += 1;
    }

    fn open(&mut self, label: String, line: usize) {
        let root = match self.stack.first() {
            Some(o) => o.root,
            None => {
                self.roots += 1;
                self.roots - 1
            }
        };
        self.stack.push(Open {
            label,
            start: self.cps,
            line,
            root,
        });
    }

    fn close(&mut self) -> Result<(), String> {
        let o = self
            .stack
            .pop()
            .ok_or("</ENAMEX> without an open <ENAMEX>")?;
        let mut s = Span::new(o.start, self.cps, &o.label);
        s.line = o.line;
        self.found.push((s, self.stack.len(), o.root));
        Ok(())
    }
}

/// The character an entity at the start of `s` stands for, and its length.
fn entity_at(s: &str) -> Option<(char, usize)> {
    [("&lt;", '<'), ("&gt;", '>'), ("&amp;", '&')]
        .iter()
        .find(|(e, _)| starts_with_ci(s, e))
        .map(|(e, ch)| (*ch, e.len()))
}

/// Reads one document body at byte `base` of the input.
fn read_body(
    body: &str,
    base: usize,
    id: Value,
    index: usize,
    lines: &LineIndex,
) -> Result<Doc, DocError> {
    let err =
        |at: usize, m: String| DocError::new(lines.line(base + at), index, Some(id.clone()), m);
    let mut b = Body::default();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        let c = rest.chars().next().unwrap_or('\0');
        let tag = if c == '<' { parse_tag(rest) } else { None };
        match tag {
            Some(Ok((Tag::Open { ty, vietag }, len))) => {
                b.open(label_of(&ty, vietag), lines.line(base + i));
                i += len;
            }
            Some(Ok((Tag::Close, len))) => {
                b.close().map_err(|m| err(i, m))?;
                i += len;
            }
            Some(Err(m)) => return Err(err(i, m)),
            None => match entity_at(rest).filter(|_| c == '&') {
                Some((ch, len)) => {
                    b.push(ch);
                    i += len;
                }
                None => {
                    b.push(c);
                    i += c.len_utf8();
                }
            },
        }
    }
    if let Some(o) = b.stack.last() {
        let msg = format!("<ENAMEX> ({}) without </ENAMEX>", o.label);
        return Err(DocError::new(o.line, index, Some(id.clone()), msg));
    }
    Ok(Doc {
        id,
        text: b.text,
        entities: layers(b.found),
        index,
        ..Doc::default()
    })
}

/// The spans read, outermost first in text order, then the nested ones in
/// text order with their outermost span as parent.
fn layers(mut found: Vec<(Span, usize, usize)>) -> Vec<Span> {
    found.sort_by_key(|(s, depth, _)| (*depth > 0, s.start, std::cmp::Reverse(s.end), *depth));
    let mut root_index = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(found.len());
    for (mut s, depth, root) in found {
        if depth == 0 {
            root_index.insert(root, out.len());
        } else {
            s.set_parent(root_index.get(&root).copied());
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(d: &Doc) -> Vec<(usize, usize, String, Option<usize>)> {
        d.entities
            .iter()
            .map(|e| (e.start, e.end, e.label.clone(), e.parent()))
            .collect()
    }

    fn nested(s: usize, e: usize, l: &str, p: usize) -> Span {
        let mut x = Span::new(s, e, l);
        x.set_parent(Some(p));
        x
    }

    fn sample() -> Doc {
        Doc {
            id: Value::from("tin-1"),
            text: "Ông Hà Anh Dũng về Sở Y tế Bình Phước ngày 5/3 <ENAMEX> & &lt;.".into(),
            entities: vec![
                Span::new(4, 15, "PER"),
                Span::new(19, 37, "ORG"),
                Span::new(43, 46, "DATE"),
                nested(27, 37, "LOC", 1),
                nested(27, 37, "MISC", 1),
            ],
            ..Doc::default()
        }
    }

    #[test]
    fn writes_vlsp_tags_and_reads_them_back() {
        let mut out = String::new();
        write_doc(&sample(), &mut out).unwrap();
        assert_eq!(
            out,
            "<DOC id=\"tin-1\">\nÔng <ENAMEX TYPE=\"PERSON\">Hà Anh Dũng</ENAMEX> về \
             <ENAMEX TYPE=\"ORGANIZATION\">Sở Y tế <ENAMEX TYPE=\"LOCATION\"><ENAMEX TYPE=\"MISCELLANEOUS\">Bình Phước</ENAMEX></ENAMEX></ENAMEX> \
             ngày <ENAMEX TYPE=\"MISCELLANEOUS\" VIETAG=\"DATE\">5/3</ENAMEX> &lt;ENAMEX> & &amp;lt;.\n</DOC>\n"
        );
        let back = read(&out);
        assert_eq!(back.len(), 1);
        let b = back[0].as_ref().unwrap();
        assert_eq!(b.text, sample().text);
        assert_eq!(b.id, "tin-1");
        assert_eq!(spans(b), spans(&sample()));
    }

    #[test]
    fn real_corpus_quirks() {
        let input = "Ông <ENAMEX  TYPE = \"PERSON\" >Lê Văn Tám</ENAMEX > ở <enamex type='location'>Huế</enamex>\n";
        let d = read(input).pop().unwrap().unwrap();
        assert_eq!(d.text, "Ông Lê Văn Tám ở Huế\n");
        assert_eq!(
            spans(&d),
            [(4, 14, "PER".into(), None), (17, 20, "LOC".into(), None)]
        );
        assert_eq!(d.id, 1);
    }

    #[test]
    fn crossing_spans_and_bad_tags_are_errors() {
        let mut d = sample();
        d.entities.push(nested(30, 40, "LOC", 1));
        let e = write_doc(&d, &mut String::new()).unwrap_err();
        assert!(e.message.contains("not inside its parent"), "{e}");
        d.entities.pop();
        d.entities.push(nested(20, 30, "X", 1));
        let mut out = String::new();
        // X 20..30 opens first: LOC and MISC 27..37 cross it.
        assert_eq!(write_doc(&d, &mut out).unwrap(), [3, 4]);
        let labels: Vec<String> = read(&out)[0]
            .as_ref()
            .unwrap()
            .entities
            .iter()
            .map(|e| e.label.clone())
            .collect();
        assert_eq!(labels, ["PER", "ORG", "DATE", "X"]);
        let docs = read("<DOC id=1>\na</ENAMEX>\n</DOC>\n<DOC id=2>\n<ENAMEX>b\n</DOC>\n<DOC id=3>\n<ENAMEX TYPE=\"PERSON\">c\n</DOC>\n");
        let msgs: Vec<String> = docs
            .iter()
            .map(|d| d.as_ref().unwrap_err().to_string())
            .collect();
        assert_eq!(
            msgs,
            [
                "line 2 (id 1): </ENAMEX> without an open <ENAMEX>",
                "line 5 (id 2): tag \"<ENAMEX>\" has no TYPE",
                "line 8 (id 3): <ENAMEX> (PER) without </ENAMEX>",
            ]
        );
        let docs = read("<DOC id=1>\na\n</DOC>\nstray\n<DOC id=2>\nb");
        assert_eq!(docs.len(), 3);
        assert!(docs[1].as_ref().unwrap_err().message.contains("outside"));
        assert!(docs[2]
            .as_ref()
            .unwrap_err()
            .message
            .contains("without </DOC>"));
    }

    #[test]
    fn text_that_looks_like_blocks_survives() {
        let d = Doc {
            id: Value::from(7),
            text: "</DOC>\n<DOC id=2>\n\r\n".into(),
            ..Doc::default()
        };
        let mut out = String::new();
        write_doc(&d, &mut out).unwrap();
        write_doc(&sample(), &mut out).unwrap();
        let back = read(&out);
        assert_eq!(back.len(), 2, "{out}");
        assert_eq!(back[0].as_ref().unwrap().text, d.text);
        assert_eq!(back[0].as_ref().unwrap().id, 7);
        assert_eq!(back[1].as_ref().unwrap().id, "tin-1");
    }
}
