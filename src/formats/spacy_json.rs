//! spaCy's JSON training format (the "v2" format that `spacy convert
//! FILE.json OUT` turns into a `.spacy` DocBin): a JSON array of documents,
//! each with paragraphs of sentences of tokens.
//!
//! ```text
//! [{"id": "tin-1", "paragraphs": [{"raw": "Ông Hà về Huế.\n", "sentences": [{"tokens": [
//!   {"id": 0, "orth": "Ông", "space": true, "ner": "O"},
//!   {"id": 1, "orth": "Hà", "space": true, "ner": "U-PER"},
//!   {"id": 2, "orth": "về", "space": true, "ner": "O"},
//!   {"id": 3, "orth": "Huế", "space": false, "ner": "U-LOC"},
//!   {"id": 4, "orth": ".", "space": false, "ner": "O"},
//!   {"id": 5, "orth": "\n", "space": false, "ner": "O"}]}]}]}]
//! ```
//!
//! One document is one paragraph; `raw` is its text. Tokens are those of
//! the [token layout](super::tagging), tags in BILUO. As in a spaCy `Doc`,
//! each token says whether one space follows it (`space`), and any other
//! white space is a token of its own (`"\n"` above, `"  "` for two spaces),
//! tagged `O`, or `I-` inside a span: the tokens with their spaces are the
//! text exactly, so every span's code-point offsets are token boundaries
//! of the converted `Doc` (`doc.char_span(start, end,
//! alignment_mode="strict")` finds them all).
//!
//! Reading makes each paragraph a document, with the document's `id`
//! (`ID:2`, `ID:3` … for the second and later paragraphs of one document),
//! or its number. The text is `raw` (the tokens must match it in order),
//! else the tokens with one space where `space` is true or missing, as
//! spaCy builds it. `-` (spaCy's "missing") reads as `O`.

use serde_json::{json, Map, Value};

use super::doc::{CharMap, Doc, DocError};
use super::json::{self, Item};
use super::tagging::{self, Layout, ReadTag, Scheme};

/// The JSON document of `doc` (flat spans, in range; `n` numbers it when
/// it has no id), and the entities widened to whole tokens.
pub fn item(doc: &Doc, n: usize) -> Result<(Value, Vec<usize>), DocError> {
    let layout = Layout::new(doc)?;
    let text = &doc.text;
    let mut sentences = Vec::with_capacity(layout.sentences.len());
    let mut next_id = 0;
    let mut token = |orth: &str, space: bool, ner: String| {
        next_id += 1;
        json!({"id": next_id - 1, "orth": orth, "space": space, "ner": ner})
    };
    let lead_end = layout.tokens.first().map_or(text.len(), |t| t.start);
    for (si, s) in layout.sentences.iter().enumerate() {
        let mut tokens = Vec::new();
        if si == 0 && lead_end > 0 {
            tokens.push(token(&text[..lead_end], false, "O".into()));
        }
        for k in s.clone() {
            let r = &layout.tokens[k];
            let next = layout.tokens.get(k + 1).map_or(text.len(), |t| t.start);
            let gap = &text[r.end..next];
            let space = gap.starts_with(' ');
            tokens.push(token(
                &text[r.clone()],
                space,
                layout.tag(doc, k, Scheme::Biluo),
            ));
            let rest = if space { &gap[1..] } else { gap };
            if !rest.is_empty() {
                tokens.push(token(rest, false, inner_tag(doc, &layout, k)));
            }
        }
        sentences.push(json!({ "tokens": tokens }));
    }
    if layout.sentences.is_empty() && !text.is_empty() {
        sentences.push(json!({"tokens": [token(text, false, "O".into())]}));
    }
    let id = if doc.id.is_null() {
        Value::from(n)
    } else {
        doc.id.clone()
    };
    let v = json!({"id": id, "paragraphs": [{"raw": text, "sentences": sentences}]});
    Ok((v, layout.widened))
}

/// The tag of the white space after token `k`: inside the span of `k`
/// when the span goes on after it, else `O`.
fn inner_tag(doc: &Doc, layout: &Layout, k: usize) -> String {
    match layout.marks[k] {
        Some(m) if !m.last => format!("I-{}", doc.entities[m.entity].label),
        _ => "O".into(),
    }
}

/// Reads a spaCy JSON training file: one result per paragraph.
pub fn read(input: &str) -> Vec<Result<Doc, DocError>> {
    let items = match json::array_items(input) {
        Ok(items) => items,
        Err(e) => return vec![Err(e)],
    };
    let mut out = Vec::new();
    for it in items {
        read_doc(input, it, &mut out);
    }
    out
}

fn read_doc(input: &str, it: Item, out: &mut Vec<Result<Doc, DocError>>) {
    let index = out.len() + 1;
    let err = |m: String| DocError::new(it.line, index, None, m);
    let v: Value = match serde_json::from_str(&input[it.range.clone()]) {
        Ok(v) => v,
        Err(e) => return out.push(Err(err(format!("not valid JSON: {e}")))),
    };
    if v.is_array() {
        return out.push(Err(err(
            "an item [text, {\"entities\": …}] is the simple spaCy form, not spaCy JSON: read the file as spacy-simple".into(),
        )));
    }
    let Some(paras) = v.get("paragraphs").and_then(Value::as_array) else {
        return out.push(Err(err("expected a document with \"paragraphs\"".into())));
    };
    let id = v.get("id").filter(|i| i.is_string() || i.is_number());
    let lines = json::element_lines(input, &it, &["paragraphs"]);
    for (k, p) in paras.iter().enumerate() {
        let index = out.len() + 1;
        let pid = match (id, k) {
            (Some(id), 0) => id.clone(),
            (Some(Value::String(s)), _) => Value::from(format!("{s}:{}", k + 1)),
            (Some(id), _) => Value::from(format!("{id}:{}", k + 1)),
            (None, _) => Value::from(index),
        };
        let line = lines.get(k).copied().unwrap_or(it.line);
        out.push(read_paragraph(p, pid, line, index));
    }
}

/// A token as read: its text, whether a space follows, its tag.
struct Tok<'a> {
    orth: &'a str,
    space: Option<bool>,
    ner: &'a str,
}

fn read_paragraph(p: &Value, id: Value, line: usize, index: usize) -> Result<Doc, DocError> {
    let err = |m: String| DocError::new(line, index, Some(id.clone()), m);
    let sents = sentences(p).map_err(err)?;
    let raw = match p.get("raw") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(v) => return Err(err(format!("\"raw\" is {v}, not a string"))),
    };
    let (text, ranges) = match raw {
        Some(raw) => (raw.to_string(), align(raw, &sents).map_err(err)?),
        None => joined(&sents),
    };
    let map = CharMap::new(&text);
    let mut entities = Vec::new();
    let mut notes = Vec::new();
    for (s, r) in sents.iter().zip(&ranges) {
        let tags: Vec<ReadTag> = s
            .iter()
            .zip(r)
            .map(|(t, range)| ReadTag {
                tag: t.ner,
                range: range.clone(),
                line,
            })
            .collect();
        tagging::decode(&tags, &map, &mut entities, &mut notes).map_err(|(_, m)| err(m))?;
    }
    Ok(Doc {
        id,
        text,
        entities,
        line,
        index,
        notes,
        ..Doc::default()
    })
}

/// The sentences of a paragraph.
fn sentences(p: &Value) -> Result<Vec<Vec<Tok<'_>>>, String> {
    let Some(sents) = p.get("sentences").and_then(Value::as_array) else {
        return Err("a paragraph without \"sentences\"".into());
    };
    sents
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let toks = s
                .get("tokens")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("sentence {si} has no \"tokens\""))?;
            toks.iter()
                .enumerate()
                .map(|(ti, t)| token(t).map_err(|m| format!("sentence {si}, token {ti}: {m}")))
                .collect()
        })
        .collect()
}

fn token(t: &Value) -> Result<Tok<'_>, String> {
    let o: &Map<String, Value> = t.as_object().ok_or("not an object")?;
    let orth = o
        .get("orth")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or("no \"orth\" text")?;
    let ner = match o.get("ner") {
        None | Some(Value::Null) => "O",
        Some(Value::String(s)) if s == "-" || s.is_empty() => "O",
        Some(Value::String(s)) => s,
        Some(v) => return Err(format!("\"ner\" is {v}, not a string")),
    };
    Ok(Tok {
        orth,
        space: o.get("space").and_then(Value::as_bool),
        ner,
    })
}

type Ranges = Vec<Vec<std::ops::Range<usize>>>;

/// The byte range of every token in `raw`.
fn align(raw: &str, sents: &[Vec<Tok<'_>>]) -> Result<Ranges, String> {
    let mut pos = 0;
    let mut out = Vec::with_capacity(sents.len());
    for s in sents {
        let mut r = Vec::with_capacity(s.len());
        for t in s {
            if !raw[pos..].starts_with(t.orth) {
                let rest = &raw[pos..];
                pos += rest.len() - rest.trim_start().len();
            }
            if !raw[pos..].starts_with(t.orth) {
                let at = raw[..pos].chars().count();
                return Err(format!(
                    "token {:?} does not match \"raw\" at code point {at}",
                    t.orth
                ));
            }
            r.push(pos..pos + t.orth.len());
            pos += t.orth.len();
            if t.space == Some(true) && raw[pos..].starts_with(' ') {
                pos += 1;
            }
        }
        out.push(r);
    }
    Ok(out)
}

/// The text spaCy builds from tokens without `raw`.
fn joined(sents: &[Vec<Tok<'_>>]) -> (String, Ranges) {
    let mut text = String::new();
    let ranges = sents
        .iter()
        .map(|s| {
            s.iter()
                .map(|t| {
                    let start = text.len();
                    text.push_str(t.orth);
                    let r = start..text.len();
                    if t.space.unwrap_or(true) {
                        text.push(' ');
                    }
                    r
                })
                .collect()
        })
        .collect();
    (text, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Span;

    fn spans(d: &Doc) -> Vec<(usize, usize, String)> {
        d.entities
            .iter()
            .map(|e| (e.start, e.end, e.label.clone()))
            .collect()
    }

    #[test]
    fn tokens_carry_the_white_space() {
        let d = Doc {
            id: Value::from("a"),
            text: " Ông Hà  Anh về\nHuế. ".into(),
            entities: vec![Span::new(5, 12, "PER"), Span::new(16, 19, "LOC")],
            ..Doc::default()
        };
        let (v, w) = item(&d, 0).unwrap();
        assert!(w.is_empty());
        let toks: Vec<(String, bool, String)> = v["paragraphs"][0]["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["tokens"].as_array().unwrap().clone())
            .map(|t| {
                (
                    t["orth"].as_str().unwrap().to_string(),
                    t["space"].as_bool().unwrap(),
                    t["ner"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want = [
            (" ", false, "O"),
            ("Ông", true, "O"),
            ("Hà", true, "B-PER"),
            (" ", false, "I-PER"),
            ("Anh", true, "L-PER"),
            ("về", false, "O"),
            ("\n", false, "O"),
            ("Huế", false, "U-LOC"),
            (".", true, "O"),
        ];
        let want: Vec<(String, bool, String)> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), *b, c.to_string()))
            .collect();
        assert_eq!(toks, want);
        let text: String = toks
            .iter()
            .map(|(o, s, _)| format!("{o}{}", if *s { " " } else { "" }))
            .collect();
        assert_eq!(text, d.text);
        let back = read(&format!("[{v}]"));
        let b = back[0].as_ref().unwrap();
        assert_eq!((b.text.as_str(), &b.id), (d.text.as_str(), &d.id));
        assert_eq!(spans(b), spans(&d));
    }

    #[test]
    fn without_raw_and_with_errors() {
        let input = r#"[
{"id": 3, "paragraphs": [{"sentences": [{"tokens": [{"orth": "Về"}, {"orth": "Huế", "ner": "U-LOC"}]}]},
                         {"sentences": [{"tokens": [{"orth": "x", "ner": "Q-X"}]}]}]},
["Hà", {"entities": []}]
]"#;
        let docs = read(input);
        assert_eq!(docs.len(), 3);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(
            (a.text.as_str(), spans(a)),
            ("Về Huế ", vec![(3, 6, "LOC".to_string())])
        );
        let e = docs[1].as_ref().unwrap_err();
        assert_eq!((e.line, e.id.clone()), (3, Some(Value::from("3:2"))));
        let e = docs[2].as_ref().unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("spacy-simple"), "{e}");
    }
}
