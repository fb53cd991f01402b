//! The in-memory annotated document every format reads into and writes
//! from, and its vietag JSON Lines form.
//!
//! Offsets are Unicode code points into [`Doc::text`], `end` exclusive, as
//! in the annotation guide. A [`Doc`] keeps what a reader found, right or
//! wrong (offsets out of range, a span `text` that differs from the
//! document, unknown labels), so that [`crate::lint`] can report it; the
//! writers check what they need and answer with a [`DocError`].
//!
//! # vietag JSON Lines
//!
//! One record a line: `{"id", "text", "entities": [{"start", "end",
//! "label", "text", "attrs", …}], …}`. Gold files and `vietag annotate
//! --include-text` output are valid input. Other fields of the record
//! (`claims`, `findings` …) and of each entity (`source`, `parent` …) are
//! kept in [`Doc::extra`] and [`Span::extra`] and written back unchanged.

use std::fmt;

use serde_json::{Map, Value};

/// One annotated span, offsets in code points.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The label as written ("PER", "LOC" …); not checked when read.
    pub label: String,
    /// The span text the input claims, when it has one.
    pub text: Option<String>,
    /// Attributes (`attrs`), when the input has them.
    pub attrs: Map<String, Value>,
    /// Other fields of the entity, kept as read.
    pub extra: Map<String, Value>,
    /// Line of the input the span was read from (0 when unknown, e.g. in a
    /// JSON array).
    pub line: usize,
}

impl Span {
    /// A span with only offsets and a label; set the other fields after.
    ///
    /// ```
    /// use vietag::formats::Span;
    /// let mut span = Span::new(2, 5, "LOC");
    /// span.text = Some("Huế".into());
    /// assert_eq!((span.start, span.end, span.label.as_str()), (2, 5, "LOC"));
    /// assert!(span.attrs.is_empty() && !span.is_nested());
    /// ```
    pub fn new(start: usize, end: usize, label: &str) -> Self {
        Span {
            start,
            end,
            label: label.to_string(),
            ..Span::default()
        }
    }
}

impl Span {
    /// The index of the outer entity of a span of the nested layer (its
    /// `parent` field, as `annotate --layer all` writes it).
    pub fn parent(&self) -> Option<usize> {
        self.extra
            .get("parent")
            .and_then(Value::as_u64)
            .and_then(|p| usize::try_from(p).ok())
    }

    /// True for a span of the nested layer: one with a `parent`.
    pub fn is_nested(&self) -> bool {
        self.extra.get("parent").is_some_and(|p| !p.is_null())
    }

    /// Sets (or, with `None`, removes) the `parent` of the span.
    pub fn set_parent(&mut self, parent: Option<usize>) {
        match parent {
            Some(p) => {
                self.extra.insert("parent".into(), Value::from(p));
            }
            None => {
                self.extra.remove("parent");
            }
        }
    }
}

/// A problem a reader found and repaired, reported by lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadNote {
    /// What kind of problem.
    pub kind: NoteKind,
    /// Input line (0 when unknown).
    pub line: usize,
    /// Code-point range of the document it concerns.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// What is wrong and what the reader did.
    pub message: String,
}

/// Kinds of [`ReadNote`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoteKind {
    /// A BIO/BIOES tag sequence that is not valid (`I-` without `B-`).
    InvalidBio,
    /// A brat annotation with several fragments, read as one span.
    Discontinuous,
}

/// One annotated document.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Doc {
    /// The document id (a string or a number).
    pub id: Value,
    /// The text, exactly as given.
    pub text: String,
    /// The spans, in input order.
    pub entities: Vec<Span>,
    /// Other fields of the record, kept as read (e.g. `claims`, `findings`).
    pub extra: Map<String, Value>,
    /// Line of the input where the document starts (0 when unknown).
    pub line: usize,
    /// 1-based number of the document in its input.
    pub index: usize,
    /// Problems the reader repaired.
    pub notes: Vec<ReadNote>,
    /// The file the document was read from, when a format keeps documents
    /// in files of their own (brat's `.ann`).
    pub source: Option<String>,
}

/// A record that could not be read or written, with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct DocError {
    /// Input line (0 when unknown).
    pub line: usize,
    /// 1-based number of the record in its input (0 when unknown).
    pub index: usize,
    /// The document id, when known.
    pub id: Option<Value>,
    /// What is wrong and what to do.
    pub message: String,
    /// The file the error is in, when it is not the input named by the
    /// caller (brat's `.ann` files in a directory); shared by the errors of
    /// one file, and a thin pointer to keep the error small.
    pub file: Option<std::sync::Arc<String>>,
}

impl DocError {
    /// An error at `line` / record `index`.
    pub fn new(line: usize, index: usize, id: Option<Value>, message: impl Into<String>) -> Self {
        DocError {
            line,
            index,
            id,
            message: message.into(),
            file: None,
        }
    }

    /// The same error, in `file`.
    pub fn in_named_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(std::sync::Arc::new(file.into()));
        self
    }

    /// The error for document `doc`.
    pub fn for_doc(doc: &Doc, message: impl Into<String>) -> Self {
        DocError::new(doc.line, doc.index, Some(doc.id.clone()), message)
    }

    /// Where it is: `line 3`, `record 2`, with the id: `line 3 (id "a")`.
    pub fn location(&self) -> String {
        let mut s = if self.line > 0 {
            format!("line {}", self.line)
        } else if self.index > 0 {
            format!("record {}", self.index)
        } else {
            String::new()
        };
        if let Some(id) = &self.id {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&format!("(id {id})"));
        }
        s
    }
}

impl DocError {
    /// The error as a compiler would print it for input `file`:
    /// `file:3: id "a": message`, or `file: record 2 (id 2): message` when
    /// the line is not known.
    pub fn in_file(&self, file: &str) -> String {
        let file = self.file.as_deref().map_or(file, String::as_str);
        let id = self
            .id
            .as_ref()
            .map(|v| format!("id {v}: "))
            .unwrap_or_default();
        if self.line > 0 {
            format!("{file}:{}: {id}{}", self.line, self.message)
        } else {
            format!("{file}: {self}")
        }
    }
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location();
        if loc.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{loc}: {}", self.message)
        }
    }
}

impl std::error::Error for DocError {}

/// Code-point ↔ byte offsets of one text.
#[derive(Clone, Debug)]
pub struct CharMap {
    /// Byte offset of each code point, plus the text length.
    starts: Vec<usize>,
}

impl CharMap {
    /// The map of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharMap { starts }
    }

    /// Number of code points.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// True for the empty text.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Byte offset of code point `cp` (`None` past the end).
    pub fn byte(&self, cp: usize) -> Option<usize> {
        self.starts.get(cp).copied()
    }

    /// Code point at byte `byte` (the one containing it, if inside one).
    pub fn cp(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte range of code points `start..end`, if both are in range and
    /// `start <= end`.
    pub fn bytes(&self, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        if start > end {
            return None;
        }
        Some(self.byte(start)?..self.byte(end)?)
    }
}

impl Doc {
    /// A document with an id and a text, and no spans yet; add them with
    /// [`Doc::with_entities`] or by setting the fields.
    ///
    /// ```
    /// use vietag::formats::{Doc, Span};
    /// let doc = Doc::new("tin-1", "Ở Huế").with_entities(vec![Span::new(2, 5, "LOC")]);
    /// assert_eq!(doc.id, "tin-1");
    /// assert_eq!(doc.text, "Ở Huế");
    /// assert_eq!(doc.entities[0].label, "LOC");
    /// ```
    pub fn new(id: impl Into<Value>, text: impl Into<String>) -> Self {
        Doc {
            id: id.into(),
            text: text.into(),
            ..Doc::default()
        }
    }

    /// The same document with these spans (in place of any it had).
    ///
    /// ```
    /// use vietag::formats::{Doc, Span};
    /// let doc = Doc::new(1, "Hà Nội").with_entities(vec![Span::new(0, 6, "LOC")]);
    /// assert_eq!(doc.entities.len(), 1);
    /// ```
    pub fn with_entities(mut self, entities: Vec<Span>) -> Self {
        self.entities = entities;
        self
    }

    /// The document's text between code points `start` and `end`, if in range.
    pub fn slice(&self, map: &CharMap, start: usize, end: usize) -> Option<&str> {
        map.bytes(start, end).and_then(|r| self.text.get(r))
    }

    /// Checks that every span is in range and not empty; the error names
    /// the first that is not. Writers call this first.
    pub fn check_offsets(&self, map: &CharMap) -> Result<(), DocError> {
        for (i, e) in self.entities.iter().enumerate() {
            if e.start >= e.end || e.end > map.len() {
                return Err(DocError::for_doc(
                    self,
                    format!(
                        "entity {i} ({} {}..{}) is out of range for a text of {} code points; the linter reports such spans",
                        e.label,
                        e.start,
                        e.end,
                        map.len()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Checks that no two spans overlap (formats with one tag per token
    /// need a flat layer).
    pub fn check_flat(&self) -> Result<(), DocError> {
        let mut order: Vec<usize> = (0..self.entities.len()).collect();
        order.sort_by_key(|&i| (self.entities[i].start, self.entities[i].end));
        for w in order.windows(2) {
            let (a, b) = (&self.entities[w[0]], &self.entities[w[1]]);
            if b.start < a.end {
                return Err(DocError::for_doc(
                    self,
                    format!(
                        "entities {} ({} {}..{}) and {} ({} {}..{}) overlap; this format needs a flat layer (the linter reports overlaps)",
                        w[0], a.label, a.start, a.end, w[1], b.label, b.start, b.end
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Doc {
    /// True when some span belongs to the nested layer.
    pub fn has_nested(&self) -> bool {
        self.entities.iter().any(Span::is_nested)
    }

    /// The document with its flat layer only.
    pub fn flat_layer(&self) -> Doc {
        let mut d = self.clone();
        d.entities.retain(|e| !e.is_nested());
        d
    }

    /// Keeps the spans `keep` accepts, in order. `parent` indices follow
    /// the spans they name; a nested span whose parent goes out gets as
    /// parent the widest kept span of the same parent that holds it, or
    /// else joins the flat layer.
    ///
    /// ```
    /// use vietag::formats::{Doc, Span};
    /// let mut loc = Span::new(8, 18, "LOC");
    /// loc.set_parent(Some(1));
    /// let mut d = Doc::new("a", "Ông Hà, Sở Y tế Bình Phước")
    ///     .with_entities(vec![Span::new(4, 6, "PER"), Span::new(8, 26, "ORG"), loc]);
    /// d.retain_entities(|e| e.label != "PER");
    /// assert_eq!(d.entities[1].parent(), Some(0));
    /// d.retain_entities(|e| e.label != "ORG");
    /// assert!(!d.entities[0].is_nested());
    /// ```
    pub fn retain_entities(&mut self, mut keep: impl FnMut(&Span) -> bool) {
        let old = std::mem::take(&mut self.entities);
        let kept: Vec<bool> = old.iter().map(&mut keep).collect();
        let mut new_index = vec![None; old.len()];
        let mut n = 0;
        for (i, k) in kept.iter().enumerate() {
            if *k {
                new_index[i] = Some(n);
                n += 1;
            }
        }
        // Orphans: (old parent, new index), promoted below.
        let mut orphans = Vec::new();
        for (i, mut e) in old.into_iter().enumerate() {
            if !kept[i] {
                continue;
            }
            if let Some(p) = e.parent().filter(|&p| p < kept.len()) {
                match new_index[p] {
                    Some(np) => e.set_parent(Some(np)),
                    None => orphans.push((p, self.entities.len())),
                }
            }
            self.entities.push(e);
        }
        self.adopt(orphans);
    }

    /// Gives each orphan (old parent, index) a new parent among the
    /// orphans of the same old parent, widest first, or none.
    fn adopt(&mut self, mut orphans: Vec<(usize, usize)>) {
        let ents = &self.entities;
        orphans.sort_by_key(|&(p, i)| (p, ents[i].start, std::cmp::Reverse(ents[i].end), i));
        let mut roots: Vec<(usize, usize)> = Vec::new();
        for (p, i) in orphans {
            let (s, e) = (self.entities[i].start, self.entities[i].end);
            let holder = roots.iter().rev().find(|&&(rp, r)| {
                rp == p && self.entities[r].start <= s && e <= self.entities[r].end
            });
            match holder {
                Some(&(_, r)) => self.entities[i].set_parent(Some(r)),
                None => {
                    self.entities[i].set_parent(None);
                    roots.push((p, i));
                }
            }
        }
    }
}

/// Parses one line that must be a JSON object; `expected` says what kind of
/// object, for the error.
pub(crate) fn read_object(
    line: &str,
    line_no: usize,
    index: usize,
    expected: &str,
) -> Result<serde_json::Map<String, Value>, DocError> {
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(DocError::new(line_no, index, None, expected)),
        Err(e) => Err(DocError::new(
            line_no,
            index,
            None,
            format!("not a valid JSON object: {e}"),
        )),
    }
}

/// Reads one vietag JSON Lines record. `line_no` is its 1-based line,
/// `index` its 1-based record number.
///
/// ```
/// use vietag::formats::doc::read_jsonl_record;
/// let line = r#"{"id": "a", "text": "Ở Hà Nội", "entities": [{"start": 2, "end": 8, "label": "LOC", "text": "Hà Nội"}], "x": 1}"#;
/// let doc = read_jsonl_record(line, 1, 1).unwrap();
/// assert_eq!((doc.entities[0].start, doc.entities[0].end), (2, 8));
/// assert_eq!(doc.extra["x"], 1);
/// let err = read_jsonl_record(r#"{"id": "b", "entities": []}"#, 2, 2).unwrap_err();
/// assert!(err.to_string().starts_with(r#"line 2 (id "b"): no "text""#));
/// ```
pub fn read_jsonl_record(line: &str, line_no: usize, index: usize) -> Result<Doc, DocError> {
    let mut obj = read_object(
        line,
        line_no,
        index,
        "expected a JSON object with \"id\", \"text\" and \"entities\"",
    )?;
    let id = match obj.remove("id") {
        Some(v @ (Value::String(_) | Value::Number(_))) => v,
        _ => Value::from(line_no),
    };
    let err = |msg: String| DocError::new(line_no, index, Some(id.clone()), msg);
    if let Some(e) = obj.get("error") {
        let msg = e
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("no message");
        return Err(err(format!("is an error record: {msg}")));
    }
    let text = match obj.remove("text") {
        Some(Value::String(s)) => s,
        Some(_) => return Err(err("\"text\" is not a string".into())),
        None => {
            return Err(err(
                "no \"text\" field; annotate with the text included, or use a gold file".into(),
            ))
        }
    };
    let entities = match obj.remove("entities") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .into_iter()
            .enumerate()
            .map(|(i, v)| entity_from_json(v, line_no).map_err(|m| err(format!("entity {i}: {m}"))))
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(err("\"entities\" is not an array".into())),
    };
    Ok(Doc {
        id,
        text,
        entities,
        extra: obj,
        line: line_no,
        index,
        ..Doc::default()
    })
}

/// A non-negative integer field of an entity object.
pub(crate) fn offset_field(o: &Map<String, Value>, key: &str) -> Result<usize, String> {
    match o.get(key) {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|v| usize::try_from(v).ok())
            .ok_or_else(|| format!("\"{key}\" is {n}, not a non-negative integer")),
        Some(v) => Err(format!("\"{key}\" is {v}, not a non-negative integer")),
        None => Err(format!("no \"{key}\"")),
    }
}

fn entity_from_json(v: Value, line: usize) -> Result<Span, String> {
    let Value::Object(mut o) = v else {
        return Err("not a JSON object".into());
    };
    let start = offset_field(&o, "start")?;
    let end = offset_field(&o, "end")?;
    let label = match o.remove("label") {
        Some(Value::String(s)) => s,
        Some(v) => return Err(format!("\"label\" is {v}, not a string")),
        None => return Err("no \"label\"".into()),
    };
    o.remove("start");
    o.remove("end");
    let text = match o.remove("text") {
        Some(Value::String(s)) => Some(s),
        None | Some(Value::Null) => None,
        Some(v) => return Err(format!("\"text\" is {v}, not a string")),
    };
    let attrs = match o.remove("attrs") {
        Some(Value::Object(a)) => a,
        None | Some(Value::Null) => Map::new(),
        Some(v) => return Err(format!("\"attrs\" is {v}, not an object")),
    };
    Ok(Span {
        start,
        end,
        label,
        text,
        attrs,
        extra: o,
        line,
    })
}

/// The vietag JSON Lines record of `doc`: id, text, entities (each with
/// its text as the document has it), then the other fields as read.
pub fn to_jsonl_value(doc: &Doc) -> Value {
    let map = CharMap::new(&doc.text);
    let mut rec = Map::new();
    rec.insert("id".into(), doc.id.clone());
    rec.insert("text".into(), Value::String(doc.text.clone()));
    let ents = doc
        .entities
        .iter()
        .map(|e| {
            let mut o = Map::new();
            o.insert("start".into(), Value::from(e.start));
            o.insert("end".into(), Value::from(e.end));
            o.insert("label".into(), Value::String(e.label.clone()));
            let text = doc
                .slice(&map, e.start, e.end)
                .map(str::to_string)
                .or_else(|| e.text.clone())
                .unwrap_or_default();
            o.insert("text".into(), Value::String(text));
            o.insert("attrs".into(), Value::Object(e.attrs.clone()));
            for (k, v) in &e.extra {
                o.insert(k.clone(), v.clone());
            }
            Value::Object(o)
        })
        .collect();
    rec.insert("entities".into(), Value::Array(ents));
    for (k, v) in &doc.extra {
        rec.insert(k.clone(), v.clone());
    }
    Value::Object(rec)
}

/// Appends the JSON Lines record of `doc` and a newline to `out`.
pub fn write_jsonl(doc: &Doc, out: &mut String) {
    out.push_str(&to_jsonl_value(doc).to_string());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_map_counts_code_points() {
        let t = "😀 Hà";
        let m = CharMap::new(t);
        assert_eq!(m.len(), 4);
        assert_eq!(m.byte(2), Some(5));
        assert_eq!(m.cp(5), 2);
        assert_eq!(m.cp(7), 3, "a byte inside 'à' belongs to 'à'");
        assert_eq!(m.bytes(2, 4), Some(5..t.len()));
        assert_eq!(m.bytes(3, 2), None);
        assert_eq!(m.byte(5), None);
    }

    #[test]
    fn jsonl_round_trip_keeps_extra_fields() {
        let line = r#"{"id":"x","text":"Hà Nội","entities":[{"start":0,"end":6,"label":"LOC","text":"Hà Nội","attrs":{"a":1},"source":"s"}],"claims":[]}"#;
        let doc = read_jsonl_record(line, 1, 1).unwrap();
        assert_eq!(doc.entities[0].extra["source"], "s");
        assert_eq!(to_jsonl_value(&doc).to_string(), line);
    }

    #[test]
    fn bad_entities_name_the_entity() {
        let e = read_jsonl_record(
            r#"{"id":1,"text":"a","entities":[{"start":0,"end":1,"label":"X"},{"start":-1,"end":1,"label":"X"}]}"#,
            4,
            4,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 4 (id 1): entity 1: \"start\" is -1, not a non-negative integer"
        );
        let e = read_jsonl_record(r#"{"id":"e","error":{"kind":"io","message":"gone"}}"#, 2, 2)
            .unwrap_err();
        assert!(e.message.contains("error record: gone"));
    }

    #[test]
    fn offsets_and_flatness() {
        let mut d = Doc {
            text: "abc".into(),
            entities: vec![Span::new(0, 2, "X"), Span::new(1, 3, "Y")],
            ..Doc::default()
        };
        let m = CharMap::new(&d.text);
        assert!(d.check_offsets(&m).is_ok());
        assert!(d.check_flat().unwrap_err().message.contains("overlap"));
        d.entities[1] = Span::new(2, 4, "Y");
        assert!(d.check_offsets(&m).is_err());
    }
}
