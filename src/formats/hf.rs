//! Hugging Face token classification data: JSON Lines, one sentence a
//! line, as `datasets.load_dataset("json", data_files=…)` loads it, with
//! the tag names in a label file next to it.
//!
//! ```text
//! {"id": "0", "doc_id": "tin-1", "tokens": ["Ông", "Hà", "Anh", "Dũng", "về", "Huế", "."], "ner_tags": [0, 1, 2, 2, 0, 7, 0], "space_after": [" ", " ", " ", " ", " ", "", "\n"], "space_before": ""}
//! ```
//!
//! - `id`: the number of the sentence in the file, as a string;
//! - `doc_id`: the document's id, as a string;
//! - `tokens`, `ner_tags`: the tokens and tags of the [token
//!   layout](super::tagging), sentence by sentence, the tags as numbers:
//!   indices into the label list;
//! - `space_after`: the white space after each token, and `space_before`
//!   the white space before the first token of a document (empty on the
//!   other sentences), so that the text is the concatenation of all of
//!   them: reading gives the exact text and code-point offsets back.
//!
//! A document without tokens is one line with no tokens. The label list
//! (`labels.json`) is a JSON array: `"O"`, then for each label its `B-`,
//! `I-` (and `E-`, `S-` with [`Scheme::Bioes`]) names; every label of the
//! guide is in it, in the guide's order, so that files written apart share
//! their numbers, and labels outside it come after them, in the order
//! they were met. In Python, `ClassLabel(names=json.load(open("labels.json")))`.
//!
//! Reading takes the label list (a JSON array of names, or an object with
//! a `names` array somewhere under `ner_tags`, as in `dataset_infos.json`)
//! and also accepts tags written as strings. Lines with the same `doc_id`
//! in a row are one document; lines without `doc_id` are a document each,
//! with the line's `id`. An id that is a plain number ("12") reads as a
//! number. Without `space_after` the text is rebuilt from the tokens as
//! for plain CoNLL.

use std::collections::HashMap;
use std::fmt;

use serde_json::{json, Map, Value};

use super::doc::{CharMap, Doc, DocError};
use super::tagging::{self, Layout, ReadTag, Scheme};
use crate::label::Label;

/// The label list of `scheme` for `labels`: `"O"`, then each label's
/// prefixed names.
pub fn label_names<S: AsRef<str>>(scheme: Scheme, labels: &[S]) -> Vec<String> {
    let mut out = vec!["O".to_string()];
    for l in labels {
        for p in scheme.prefixes() {
            out.push(format!("{p}-{}", l.as_ref()));
        }
    }
    out
}

/// Writes rows, numbering tags and sentences across documents.
#[derive(Debug, Clone)]
pub struct Rows {
    scheme: Scheme,
    names: Vec<String>,
    ids: HashMap<String, usize>,
    sentences: usize,
}

impl Rows {
    /// A writer whose label list starts with every label of the guide.
    pub fn new(scheme: Scheme) -> Self {
        let guide: Vec<&str> = Label::ALL.iter().map(|l| l.as_str()).collect();
        let mut rows = Rows {
            scheme,
            names: Vec::new(),
            ids: HashMap::new(),
            sentences: 0,
        };
        rows.start_with(&guide);
        rows
    }

    /// Starts the label list with `labels` instead (before any row).
    pub fn start_with<S: AsRef<str>>(&mut self, labels: &[S]) {
        self.names.clear();
        self.ids.clear();
        for n in label_names(self.scheme, labels) {
            self.ids.insert(n.clone(), self.names.len());
            self.names.push(n);
        }
    }

    /// The label list so far.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    fn id_of(&mut self, tag: String) -> usize {
        if let Some(&i) = self.ids.get(&tag) {
            return i;
        }
        // A new label: all its names at once, in the scheme's order.
        let label = tag.split_once('-').map_or("", |(_, l)| l).to_string();
        for n in label_names(self.scheme, &[label]).into_iter().skip(1) {
            self.ids.entry(n.clone()).or_insert(self.names.len());
            self.names.push(n);
        }
        self.ids.get(&tag).copied().unwrap_or(0)
    }

    /// Appends the rows of `doc` (flat spans, in range) to `out`; returns
    /// the entities widened to whole tokens.
    pub fn write_doc(&mut self, doc: &Doc, out: &mut String) -> Result<Vec<usize>, DocError> {
        let layout = Layout::new(doc)?;
        let doc_id = match &doc.id {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        let text = &doc.text;
        let mut before = match layout.tokens.first() {
            Some(t) => &text[..t.start],
            None => &text[..],
        };
        // A document without tokens is one row without tokens.
        let mut sentences = layout.sentences.clone();
        if sentences.is_empty() {
            sentences.push(0..0);
        }
        for s in sentences {
            let tokens: Vec<&str> = s.clone().map(|k| &text[layout.tokens[k].clone()]).collect();
            let tags: Vec<usize> = s
                .clone()
                .map(|k| self.id_of(layout.tag(doc, k, self.scheme)))
                .collect();
            let spaces: Vec<&str> = s
                .clone()
                .map(|k| {
                    let end = layout.tokens.get(k + 1).map_or(text.len(), |t| t.start);
                    &text[layout.tokens[k].end..end]
                })
                .collect();
            let row = json!({
                "id": self.sentences.to_string(),
                "doc_id": doc_id,
                "tokens": tokens,
                "ner_tags": tags,
                "space_after": spaces,
                "space_before": before,
            });
            before = "";
            self.sentences += 1;
            out.push_str(&row.to_string());
            out.push('\n');
        }
        Ok(layout.widened)
    }
}

/// Why a label file could not be read ([`read_label_file`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum LabelFileError {
    /// The file is not JSON.
    Json(serde_json::Error),
    /// The JSON holds no array of names.
    NoList,
    /// An item of the list is not a string (the item, as JSON).
    NotAString(Value),
}

impl fmt::Display for LabelFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelFileError::Json(e) => write!(f, "not valid JSON: {e}"),
            LabelFileError::NoList => {
                f.write_str("expected a JSON array of tag names (\"O\", \"B-PER\", …)")
            }
            LabelFileError::NotAString(v) => write!(f, "tag name {v} is not a string"),
        }
    }
}

impl std::error::Error for LabelFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LabelFileError::Json(e) => Some(e),
            _ => None,
        }
    }
}

/// Reads a label list: a JSON array of names, or the first `names` array
/// of strings in an object (`dataset_infos.json`, `{"names": [...]}`).
///
/// ```
/// use vietag::formats::hf::{read_label_file, LabelFileError};
/// assert_eq!(read_label_file(r#"["O", "B-PER"]"#).unwrap(), ["O", "B-PER"]);
/// let infos = r#"{"x": {"features": {"ner_tags": {"feature": {"names": ["O"], "_type": "ClassLabel"}}}}}"#;
/// assert_eq!(read_label_file(infos).unwrap(), ["O"]);
/// assert!(matches!(read_label_file("[1]"), Err(LabelFileError::NotAString(_))));
/// assert!(matches!(read_label_file("{}"), Err(LabelFileError::NoList)));
/// ```
pub fn read_label_file(text: &str) -> Result<Vec<String>, LabelFileError> {
    let v: Value =
        serde_json::from_str(text.trim_start_matches('\u{FEFF}')).map_err(LabelFileError::Json)?;
    let list = names_in(&v).ok_or(LabelFileError::NoList)?;
    list.iter()
        .map(|n| {
            n.as_str()
                .map(str::to_string)
                .ok_or_else(|| LabelFileError::NotAString(n.clone()))
        })
        .collect()
}

fn names_in(v: &Value) -> Option<&Vec<Value>> {
    match v {
        Value::Array(a) => Some(a),
        Value::Object(o) => o
            .get("names")
            .and_then(Value::as_array)
            .or_else(|| o.values().find_map(names_in)),
        _ => None,
    }
}

/// One row read.
struct Row {
    line: usize,
    doc_id: Option<String>,
    tokens: Vec<String>,
    tags: Vec<String>,
    spaces: Option<Vec<String>>,
    before: String,
}

/// Reads Hugging Face JSON Lines whose `ner_tags` numbers are indices
/// into `names`: one result per document.
pub fn read(input: &str, names: &[String]) -> Vec<Result<Doc, DocError>> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let mut out: Vec<Result<Doc, DocError>> = Vec::new();
    let mut group: Vec<Row> = Vec::new();
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let index = out.len() + 1 + usize::from(!group.is_empty());
        match read_row(line, n + 1, names) {
            Ok(row) => {
                let same =
                    row.doc_id.is_some() && group.last().is_some_and(|g| g.doc_id == row.doc_id);
                if !same && !group.is_empty() {
                    out.push(build(std::mem::take(&mut group), out.len() + 1));
                }
                group.push(row);
            }
            Err(m) => {
                if !group.is_empty() {
                    out.push(build(std::mem::take(&mut group), out.len() + 1));
                }
                out.push(Err(DocError::new(n + 1, index, None, m)));
            }
        }
    }
    if !group.is_empty() {
        out.push(build(group, out.len() + 1));
    }
    out
}

fn read_row(line: &str, line_no: usize, names: &[String]) -> Result<Row, String> {
    let o: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(o)) => o,
        Ok(_) => return Err("expected a JSON object with \"tokens\" and \"ner_tags\"".into()),
        Err(e) => return Err(format!("not a valid JSON object: {e}")),
    };
    let strings = |key: &str| -> Result<Option<Vec<String>>, String> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("\"{key}\" holds {v}, not a string"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(v) => Err(format!("\"{key}\" is {v}, not an array")),
        }
    };
    let tokens = strings("tokens")?.ok_or("no \"tokens\" array")?;
    let tags = tag_names(o.get("ner_tags"), names)?;
    if tags.len() != tokens.len() {
        return Err(format!(
            "{} tokens but {} ner_tags",
            tokens.len(),
            tags.len()
        ));
    }
    let spaces = strings("space_after")?.filter(|s| s.len() == tokens.len());
    let doc_id = match o.get("doc_id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(v @ Value::Number(_)) => Some(v.to_string()),
        _ => None,
    };
    Ok(Row {
        line: line_no,
        doc_id,
        tokens,
        tags,
        spaces,
        before: o
            .get("space_before")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    })
}

/// The tag names of `ner_tags`: numbers looked up in `names`, or strings.
fn tag_names(v: Option<&Value>, names: &[String]) -> Result<Vec<String>, String> {
    let Some(Value::Array(a)) = v else {
        return Err("no \"ner_tags\" array".into());
    };
    a.iter()
        .map(|t| match t {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => n
                .as_u64()
                .and_then(|i| names.get(usize::try_from(i).ok()?))
                .cloned()
                .ok_or_else(|| {
                    if names.is_empty() {
                        format!("tag {n} is a number, but no label list was given")
                    } else {
                        format!(
                            "tag {n} is not an index of the label list ({} names)",
                            names.len()
                        )
                    }
                }),
            other => Err(format!("tag {other} is neither a number nor a string")),
        })
        .collect()
}

/// One document from its rows.
fn build(rows: Vec<Row>, index: usize) -> Result<Doc, DocError> {
    let line = rows.first().map_or(0, |r| r.line);
    let id = match rows.first().and_then(|r| r.doc_id.clone()) {
        Some(s) => super::brat::id_of(&s),
        None => Value::from(index),
    };
    let (text, ranges) = if rows.iter().all(|r| r.spaces.is_some()) {
        exact_text(&rows)
    } else {
        let forms: Vec<&Vec<String>> = rows.iter().map(|r| &r.tokens).collect();
        let forms: Vec<Vec<&str>> = forms
            .iter()
            .map(|f| f.iter().map(String::as_str).collect())
            .collect();
        tagging::rebuild_text(&forms)
    };
    let map = CharMap::new(&text);
    let mut entities = Vec::new();
    let mut notes = Vec::new();
    for (row, r) in rows.iter().zip(&ranges) {
        let tags: Vec<ReadTag> = row
            .tags
            .iter()
            .zip(r)
            .map(|(t, range)| ReadTag {
                tag: t,
                range: range.clone(),
                line: row.line,
            })
            .collect();
        tagging::decode(&tags, &map, &mut entities, &mut notes)
            .map_err(|(l, m)| DocError::new(l, index, Some(id.clone()), m))?;
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

/// The text of rows with their white space, and the token ranges.
#[allow(clippy::type_complexity)]
fn exact_text(rows: &[Row]) -> (String, Vec<Vec<std::ops::Range<usize>>>) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(rows.len());
    for row in rows {
        text.push_str(&row.before);
        let mut r = Vec::with_capacity(row.tokens.len());
        for (t, s) in row.tokens.iter().zip(row.spaces.iter().flatten()) {
            let start = text.len();
            text.push_str(t);
            r.push(start..text.len());
            text.push_str(s);
        }
        ranges.push(r);
    }
    (text, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Span;

    fn doc(id: Value, text: &str, spans: &[(usize, usize, &str)]) -> Doc {
        Doc {
            id,
            text: text.into(),
            entities: spans.iter().map(|&(s, e, l)| Span::new(s, e, l)).collect(),
            ..Doc::default()
        }
    }

    #[test]
    fn rows_and_label_list() {
        let mut rows = Rows::new(Scheme::Bio);
        let mut out = String::new();
        let d = doc(
            Value::from("a"),
            " Ông Hà về Huế.\nHết.",
            &[(5, 7, "PER"), (11, 14, "LOC")],
        );
        rows.write_doc(&d, &mut out).unwrap();
        let e = doc(Value::from(12), "Sự kiện X", &[(8, 9, "EVENT")]);
        rows.write_doc(&e, &mut out).unwrap();
        rows.write_doc(&doc(Value::from("empty"), "  ", &[]), &mut out)
            .unwrap();
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["tokens"], json!(["Ông", "Hà", "về", "Huế", "."]));
        assert_eq!(lines[0]["ner_tags"], json!([0, 1, 0, 7, 0]));
        assert_eq!(lines[0]["space_before"], " ");
        assert_eq!(lines[1]["id"], "1");
        assert_eq!(lines[2]["doc_id"], "12");
        assert_eq!(lines[2]["ner_tags"], json!([0, 0, 19]));
        assert_eq!(rows.names().len(), 21);
        assert_eq!(rows.names()[19], "B-EVENT");
        let back = read(&out, rows.names());
        assert_eq!(back.len(), 3);
        let spans = |d: &Doc| -> Vec<(usize, usize, String)> {
            d.entities
                .iter()
                .map(|e| (e.start, e.end, e.label.clone()))
                .collect()
        };
        for (a, b) in [d, e, doc(Value::from("empty"), "  ", &[])]
            .iter()
            .zip(&back)
        {
            let b = b.as_ref().unwrap();
            assert_eq!(b.text, a.text);
            assert_eq!(b.id, a.id);
            assert_eq!(spans(b), spans(a));
        }
    }

    #[test]
    fn plain_rows_and_errors() {
        let names: Vec<String> = ["O", "B-LOC", "I-LOC"].map(String::from).to_vec();
        let input = "{\"id\": \"0\", \"tokens\": [\"Về\", \"Hà\", \"Nội\", \".\"], \"ner_tags\": [0, 1, 2, 0]}\n\
                     {\"tokens\": [\"x\"], \"ner_tags\": [9]}\n\
                     {\"tokens\": [\"Huế\"], \"ner_tags\": [\"B-LOC\"]}\n";
        let docs = read(input, &names);
        assert_eq!(docs.len(), 3);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.text, "Về Hà Nội.");
        assert_eq!((a.entities[0].start, a.entities[0].end), (3, 9));
        let e = docs[1].as_ref().unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message
                .contains("not an index of the label list (3 names)"),
            "{e}"
        );
        assert_eq!(docs[2].as_ref().unwrap().entities.len(), 1);
        let e = read("{\"tokens\": [\"x\"], \"ner_tags\": [1]}", &[]);
        assert!(e[0].as_ref().unwrap_err().message.contains("no label list"));
    }
}
