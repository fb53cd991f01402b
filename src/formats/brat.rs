//! brat standoff: a directory with one `NAME.txt` (the text) and one
//! `NAME.ann` per document, an `annotation.conf` listing the labels and a
//! `visual.conf` giving their colours.
//!
//! ```text
//! T1    PER 4 15    Hà Anh Dũng
//! T2    ORG 19 37    Sở Y tế Bình Phước
//! T3    LOC 27 37    Bình Phước
//! A1    Nested T3
//! ```
//!
//! Offsets are code points of the `.txt` file (brat's server reads it as a
//! Python `str`). A span that crosses a line break is written as fragments
//! split at the break (`T3    ORG 0 12;13 20    …`), as brat wants; fragments
//! separated by white space only read back as one span. Fragments with
//! other text between them (discontinuous annotations) read as the span
//! from the first to the last fragment, with a
//! [`NoteKind::Discontinuous`] note. Other annotations (`R`, `E`, `N`,
//! `#` lines, attributes other than `Nested`) are ignored.
//!
//! # Nesting
//!
//! brat draws overlapping spans as they are. A span of the nested layer
//! gets the binary attribute `Nested` (declared in `annotation.conf`);
//! reading gives it as `parent` the widest span without `Nested` that
//! holds it.
//!
//! # Names and ids
//!
//! `NAME` is the document id with every character other than a letter,
//! digit, `-`, `_` or `.` replaced by `_`, cut to [`MAX_STEM_BYTES`] bytes
//! on a character boundary (`doc-N` when nothing is left, a `-2`, `-3` …
//! suffix when two ids give the same name). As that loses information
//! ("a/b" and "a_b"), [`ID_MAP`] lists each name with its id, one JSON
//! object a line (`{"file": "a_b", "id": "a/b"}`), and reading takes the
//! ids from it. Without it (a directory from another tool), a document's
//! id is its file name: a number when the name is a plain number without
//! leading zeros ("12" → 12), else a string ("000"). Documents are read
//! in file name order.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use serde_json::{json, Value};

use super::doc::{CharMap, Doc, DocError, NoteKind, ReadNote, Span};
use super::labels;

/// The file listing each document's file name and id.
pub const ID_MAP: &str = "ids.jsonl";

/// The longest file name stem written, in bytes (file systems allow 255;
/// room is left for a suffix and the extension).
pub const MAX_STEM_BYTES: usize = 150;

/// The file name (without extension) for document `doc`; `used` holds the
/// names given so far.
pub fn file_stem(doc: &Doc, used: &mut HashSet<String>) -> String {
    let raw = match &doc.id {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    let mut stem = String::new();
    for c in raw.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '_'
        };
        if stem.len() + c.len_utf8() > MAX_STEM_BYTES {
            break;
        }
        stem.push(c);
    }
    if stem.trim_matches(|c| c == '.' || c == '_').is_empty() {
        stem = format!("doc-{}", doc.index);
    }
    let mut name = stem.clone();
    let mut n = 2;
    while !used.insert(name.clone()) {
        name = format!("{stem}-{n}");
        n += 1;
    }
    name
}

/// The [`ID_MAP`] line of a document written as `stem`.
pub fn id_map_line(stem: &str, id: &Value) -> String {
    let mut s = json!({"file": stem, "id": id}).to_string();
    s.push('\n');
    s
}

/// The `.ann` file of `doc`. Offsets are written as they are (check them
/// first with [`Doc::check_offsets`]); a label brat cannot hold (empty, or
/// with white space) is an error.
pub fn ann(doc: &Doc) -> Result<String, DocError> {
    let map = CharMap::new(&doc.text);
    let mut out = String::new();
    let mut attrs = 0;
    for (i, e) in doc.entities.iter().enumerate() {
        if e.label.is_empty() || e.label.chars().any(|c| c.is_whitespace()) {
            return Err(DocError::for_doc(
                doc,
                format!(
                    "label {:?} cannot be written in brat (empty or with white space)",
                    e.label
                ),
            ));
        }
        let frags = fragments(&doc.text, e.start, e.end);
        if frags.is_empty() {
            // A span of nothing but line breaks has no fragment to write,
            // and a T line without offsets does not read back.
            return Err(DocError::for_doc(
                doc,
                format!(
                    "the {} entity at {}..{} covers no text but line breaks, which brat cannot hold; fix its offsets or remove it",
                    e.label, e.start, e.end
                ),
            ));
        }
        let offsets: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let text: Vec<&str> = frags
            .iter()
            .map(|&(s, e)| doc.slice(&map, s, e).unwrap_or(""))
            .collect();
        let _ = writeln!(
            out,
            "T{}\t{} {}\t{}",
            i + 1,
            e.label,
            offsets.join(";"),
            text.join(" ")
        );
        if e.is_nested() {
            attrs += 1;
            let _ = writeln!(out, "A{attrs}\tNested T{}", i + 1);
        }
    }
    Ok(out)
}

/// The span `start..end` of `text` cut at line breaks, without the breaks.
fn fragments(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut frags = Vec::new();
    let mut from = None;
    for (k, c) in text
        .chars()
        .enumerate()
        .skip(start)
        .take(end.saturating_sub(start))
    {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
            if let Some(f) = from.take() {
                frags.push((f, k));
            }
        } else if from.is_none() {
            from = Some(k);
        }
    }
    if let Some(f) = from {
        frags.push((f, end));
    }
    frags
}

/// An `annotation.conf` declaring every label of the guide and the others
/// of `labels` as entity types, and the `Nested` attribute.
pub fn conf<'a>(labels: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("[entities]\n");
    for l in labels::schema(labels) {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str("\n[relations]\n\n[events]\n\n[attributes]\nNested\tArg:<ENTITY>\n");
    out
}

/// A `visual.conf` giving each label of [`conf`] its colour.
pub fn visual_conf<'a>(labels: impl IntoIterator<Item = &'a str>) -> String {
    let all = labels::schema(labels);
    let mut out = String::from("[labels]\n");
    for l in &all {
        let _ = writeln!(out, "{l} | {l}");
    }
    out.push_str("\n[drawing]\n");
    for l in &all {
        let _ = writeln!(out, "{l}\tbgColor:{}", labels::colour(l));
    }
    out.push_str("Nested\tglyph:↳\n");
    out
}

/// The id of a document read from `stem.txt` without an id map.
pub fn id_of(stem: &str) -> Value {
    let numeric = !stem.is_empty()
        && stem.bytes().all(|b| b.is_ascii_digit())
        && (stem == "0" || !stem.starts_with('0'));
    match stem.parse::<u64>() {
        Ok(n) if numeric => Value::from(n),
        _ => Value::String(stem.to_string()),
    }
}

/// A `T` line read: label, fragments, the text it claims.
type TextBound<'a> = (&'a str, Vec<(usize, usize)>, Option<&'a str>);

/// Reads one `T` line.
fn text_bound(line: &str) -> Result<TextBound<'_>, &'static str> {
    let mut cols = line.splitn(3, '\t');
    cols.next();
    let spec = cols
        .next()
        .ok_or("expected ID<tab>LABEL START END<tab>TEXT")?;
    let claimed = cols.next();
    let (label, offsets) = spec.split_once(' ').ok_or("expected LABEL START END")?;
    let mut frags = Vec::new();
    for f in offsets.split(';') {
        let (s, e) = f.trim().split_once(' ').ok_or("expected START END")?;
        let s: usize = s.parse().map_err(|_| "START is not a number")?;
        let e: usize = e.parse().map_err(|_| "END is not a number")?;
        frags.push((s, e));
    }
    Ok((label, frags, claimed))
}

/// Reads one document from its text and `.ann` content.
pub fn read_pair(stem: &str, text: &str, ann: &str, index: usize) -> Result<Doc, DocError> {
    read_pair_with_id(id_of(stem), stem, text, ann, index)
}

fn read_pair_with_id(
    id: Value,
    stem: &str,
    text: &str,
    ann: &str,
    index: usize,
) -> Result<Doc, DocError> {
    let map = CharMap::new(text);
    let mut entities = Vec::new();
    let mut notes = Vec::new();
    let mut t_index: HashMap<&str, usize> = HashMap::new();
    let mut nested: Vec<&str> = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let line_no = n + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('A') || line.starts_with('M') {
            if let Some(("Nested", target)) = line
                .split_once('\t')
                .and_then(|(_, rest)| rest.trim().split_once(' '))
            {
                nested.push(target.trim());
            }
            continue;
        }
        if !line.starts_with('T') {
            continue;
        }
        let (label, frags, claimed) = text_bound(line).map_err(|m| {
            DocError::new(line_no, index, Some(id.clone()), format!("{m}: {line:?}"))
                .in_named_file(format!("{stem}.ann"))
        })?;
        let start = frags.iter().map(|f| f.0).min().unwrap_or(0);
        let end = frags.iter().map(|f| f.1).max().unwrap_or(0);
        if let Some(note) = discontinuity(text, &map, &frags, label, line_no) {
            notes.push(note);
        }
        let mut span = Span::new(start, end, label);
        span.line = line_no;
        if frags.len() == 1 {
            span.text = claimed.map(str::to_string);
        }
        if let Some(tid) = line.split('\t').next() {
            t_index.insert(tid, entities.len());
        }
        entities.push(span);
    }
    let marked: Vec<usize> = nested
        .iter()
        .filter_map(|t| t_index.get(t).copied())
        .collect();
    set_parents(&mut entities, &marked);
    Ok(Doc {
        id,
        text: text.to_string(),
        entities,
        index,
        notes,
        ..Doc::default()
    })
}

/// The note for fragments with text other than white space between them.
fn discontinuity(
    text: &str,
    map: &CharMap,
    frags: &[(usize, usize)],
    label: &str,
    line: usize,
) -> Option<ReadNote> {
    let start = frags.iter().map(|f| f.0).min().unwrap_or(0);
    let end = frags.iter().map(|f| f.1).max().unwrap_or(0);
    let broken = frags.windows(2).any(|w| {
        let gap = map.bytes(w[0].1, w[1].0).and_then(|r| text.get(r));
        gap.is_none_or(|g| !g.trim().is_empty())
    });
    let offsets: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
    broken.then(|| ReadNote {
        kind: NoteKind::Discontinuous,
        line,
        start,
        end,
        message: format!(
            "{label} annotation with fragments {} read as one span {start}..{end}",
            offsets.join(";")
        ),
    })
}

/// Gives each `marked` (nested) span the widest unmarked span that holds
/// it as parent.
fn set_parents(entities: &mut [Span], marked: &[usize]) {
    for &i in marked {
        let (s, e) = (entities[i].start, entities[i].end);
        let parent = (0..entities.len())
            .filter(|&j| j != i && !marked.contains(&j))
            .filter(|&j| entities[j].start <= s && e <= entities[j].end)
            .max_by_key(|&j| (entities[j].end - entities[j].start, std::cmp::Reverse(j)));
        entities[i].set_parent(parent);
    }
}

/// The ids of [`ID_MAP`] in `dir`, by file name (empty when it is absent).
fn read_id_map(dir: &Path) -> Result<HashMap<String, Value>, DocError> {
    let path = dir.join(ID_MAP);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => {
            return Err(DocError::new(
                0,
                0,
                None,
                format!("{}: {e}", path.display()),
            ))
        }
    };
    let mut map = HashMap::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: Value = serde_json::from_str(line).map_err(|e| {
            DocError::new(n + 1, 0, None, format!("not a JSON object: {e}"))
                .in_named_file(path.display().to_string())
        })?;
        match (v.get("file").and_then(Value::as_str), v.get("id")) {
            (Some(f), Some(id)) if id.is_string() || id.is_number() => {
                map.insert(f.to_string(), id.clone());
            }
            _ => {
                return Err(
                    DocError::new(n + 1, 0, None, "expected {\"file\": NAME, \"id\": ID}")
                        .in_named_file(path.display().to_string()),
                )
            }
        }
    }
    Ok(map)
}

/// The directory and the document names of a brat path: a directory, or
/// one `.txt`/`.ann` file.
fn stems_of(path: &Path) -> io::Result<(&Path, Vec<String>)> {
    if path.is_dir() {
        let mut stems = BTreeSet::new();
        for entry in std::fs::read_dir(path)? {
            let p = entry?.path();
            if p.extension().is_some_and(|e| e == "txt" || e == "ann") {
                if let Some(s) = p.file_stem().and_then(|s| s.to_str()) {
                    stems.insert(s.to_string());
                }
            }
        }
        return Ok((path, stems.into_iter().collect()));
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok((dir, vec![stem.to_string()]))
}

/// A file of the directory as UTF-8 (`None` when it does not exist).
fn read_text(p: &Path, index: usize, id: &Value) -> Result<Option<String>, DocError> {
    let err = |m: String| {
        DocError::new(0, index, Some(id.clone()), m).in_named_file(p.display().to_string())
    };
    match std::fs::read(p) {
        Ok(b) => String::from_utf8(b).map(Some).map_err(|e| {
            err(format!(
                "invalid UTF-8 at byte {}",
                e.utf8_error().valid_up_to()
            ))
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(err(e.to_string())),
    }
}

/// Reads a brat directory (every `NAME.txt` with its `NAME.ann`), or one
/// `.txt`/`.ann` pair named by either file. Errors reading the directory
/// itself are returned as `Err`; a document that cannot be read is an
/// `Err` in the list. Each document's [`Doc::source`] is the path of its
/// `.ann` file, and errors name it.
pub fn read_path(path: &Path) -> io::Result<Vec<Result<Doc, DocError>>> {
    let (dir, stems) = stems_of(path)?;
    let ids = match read_id_map(dir) {
        Ok(ids) => ids,
        Err(e) => return Ok(vec![Err(e)]),
    };
    let mut out = Vec::with_capacity(stems.len());
    for (i, stem) in stems.iter().enumerate() {
        let index = i + 1;
        let id = ids.get(stem).cloned().unwrap_or_else(|| id_of(stem));
        let txt_path = dir.join(format!("{stem}.txt"));
        let ann_path = dir.join(format!("{stem}.ann"));
        let ann_name = ann_path.display().to_string();
        let doc = (|| {
            let text = read_text(&txt_path, index, &id)?.ok_or_else(|| {
                DocError::new(0, index, Some(id.clone()), "no such file")
                    .in_named_file(txt_path.display().to_string())
            })?;
            let ann = read_text(&ann_path, index, &id)?.unwrap_or_default();
            let mut doc = read_pair_with_id(id.clone(), stem, &text, &ann, index)
                .map_err(|e| e.in_named_file(ann_name.clone()))?;
            doc.source = Some(ann_name.clone());
            Ok(doc)
        })();
        out.push(doc);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Doc {
        Doc {
            id: Value::from("tin 1/2"),
            text: "Ủy ban\nnhân dân xã 😀 Tân Thành".into(),
            entities: vec![Span::new(0, 18, "ORG"), Span::new(21, 30, "LOC")],
            index: 1,
            ..Doc::default()
        }
    }

    #[test]
    fn ann_lines_and_fragments() {
        let a = ann(&doc()).unwrap();
        assert_eq!(
            a,
            "T1\tORG 0 6;7 18\tỦy ban nhân dân xã\nT2\tLOC 21 30\tTân Thành\n"
        );
        let back = read_pair("tin_1_2", &doc().text, &a, 1).unwrap();
        let spans: Vec<(usize, usize)> = back.entities.iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(spans, [(0, 18), (21, 30)]);
        assert!(back.notes.is_empty());
        assert_eq!(back.entities[1].text.as_deref(), Some("Tân Thành"));
        assert_eq!(back.entities[1].line, 2);
    }

    #[test]
    fn a_span_of_line_breaks_alone_is_refused() {
        let d = Doc {
            id: Value::from("b"),
            text: "Hà Nội\n\nHuế".into(),
            entities: vec![Span::new(0, 6, "LOC"), Span::new(6, 8, "LOC")],
            ..Doc::default()
        };
        let err = ann(&d).unwrap_err();
        assert!(
            err.to_string().contains("covers no text but line breaks"),
            "{err}"
        );
    }

    #[test]
    fn nested_spans_carry_an_attribute() {
        let mut d = Doc {
            id: Value::from("n"),
            text: "Sở Y tế Bình Phước họp".into(),
            entities: vec![
                Span::new(0, 18, "ORG"),
                Span::new(8, 18, "LOC"),
                Span::new(19, 22, "X"),
            ],
            ..Doc::default()
        };
        d.entities[1].set_parent(Some(0));
        let a = ann(&d).unwrap();
        assert_eq!(a, "T1\tORG 0 18\tSở Y tế Bình Phước\nT2\tLOC 8 18\tBình Phước\nA1\tNested T2\nT3\tX 19 22\thọp\n");
        let back = read_pair("n", &d.text, &a, 1).unwrap();
        let parents: Vec<Option<usize>> = back.entities.iter().map(Span::parent).collect();
        assert_eq!(parents, [None, Some(0), None]);
        let c = conf(["X"]);
        assert!(
            c.starts_with(
                "[entities]\nPER\nTITLE\nORG\nLOC\nDOCREF\nDATE\nPERCENT\nMONEY\nQUANTITY\nX\n"
            ),
            "{c}"
        );
        assert!(c.contains("[attributes]\nNested\tArg:<ENTITY>\n"));
        assert!(visual_conf(["X"]).contains("PER\tbgColor:#ee8866\n"));
    }

    #[test]
    fn long_names_are_cut_on_characters() {
        let d = Doc {
            id: Value::from("ệ".repeat(100)),
            ..Doc::default()
        };
        let mut used = HashSet::new();
        let a = file_stem(&d, &mut used);
        let b = file_stem(&d, &mut used);
        assert_eq!(a, "ệ".repeat(50));
        assert_eq!(b, format!("{a}-2"));
        assert!(b.len() + ".ann".len() <= 255);
    }

    #[test]
    fn names_and_ids() {
        let mut used = HashSet::new();
        assert_eq!(file_stem(&doc(), &mut used), "tin_1_2");
        assert_eq!(file_stem(&doc(), &mut used), "tin_1_2-2");
        let d = Doc {
            id: Value::from("///"),
            index: 4,
            ..Doc::default()
        };
        assert_eq!(file_stem(&d, &mut used), "doc-4");
        assert_eq!(id_of("12"), Value::from(12));
        assert_eq!(id_of("000"), Value::from("000"));
        assert_eq!(id_of("0"), Value::from(0));
    }

    #[test]
    fn discontinuous_and_bad_lines() {
        let text = "Ủy ban và nhân dân";
        let d = read_pair(
            "a",
            text,
            "T1\tORG 0 6;10 18\tỦy ban nhân dân\nR1\tX Arg1:T1 Arg2:T1\n",
            1,
        )
        .unwrap();
        assert_eq!((d.entities[0].start, d.entities[0].end), (0, 18));
        assert_eq!(d.notes[0].kind, NoteKind::Discontinuous);
        let e = read_pair("a", text, "\nT1\tORG zero 6\tỦy ban\n", 1).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(
            e.in_file("dir"),
            "a.ann:2: id \"a\": START is not a number: \"T1\\tORG zero 6\\tỦy ban\""
        );
    }
}
