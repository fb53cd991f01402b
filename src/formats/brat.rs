//! brat standoff: a directory with one `NAME.txt` (the text) and one
//! `NAME.ann` per document, and an `annotation.conf` listing the labels.
//!
//! ```text
//! T1    PER 4 15    Hà Anh Dũng
//! T2    LOC 19 28    Đồng Xoài
//! ```
//!
//! Offsets are code points of the `.txt` file (brat's server reads it as a
//! Python `str`). A span that crosses a line break is written as fragments
//! split at the break (`T3    ORG 0 12;13 20    …`), as brat wants; fragments
//! separated by white space only read back as one span. Fragments with
//! other text between them (discontinuous annotations) read as the span
//! from the first to the last fragment, with a
//! [`NoteKind::Discontinuous`] note. Annotations other than text-bound
//! ones (`R`, `E`, `A`, `N`, `#` lines) are ignored.
//!
//! # Names and ids
//!
//! `NAME` is the document id with every character other than a letter,
//! digit, `-`, `_` or `.` replaced by `_` (`doc-N` when nothing is left, a
//! `-2`, `-3` … suffix when two ids give the same name). Reading gives each
//! document its file name as id: a number when the name is a plain number
//! without leading zeros ("12" → 12), else a string ("000"). Documents
//! are read in file name order.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use serde_json::Value;

use super::doc::{CharMap, Doc, DocError, NoteKind, ReadNote, Span};

/// The file name (without extension) for document `doc`; `used` holds the
/// names given so far.
pub fn file_stem(doc: &Doc, used: &mut HashSet<String>) -> String {
    let raw = match &doc.id {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    let mut stem: String = raw
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
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

/// The `.ann` file of `doc`. Offsets are written as they are (check them
/// first with [`Doc::check_offsets`]); a label brat cannot hold (empty, or
/// with white space) is an error.
pub fn ann(doc: &Doc) -> Result<String, DocError> {
    let map = CharMap::new(&doc.text);
    let mut out = String::new();
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
        // Fragments: the span cut at line breaks, without the breaks.
        let mut frags: Vec<(usize, usize)> = Vec::new();
        let mut from = None;
        for (k, c) in doc
            .text
            .chars()
            .enumerate()
            .skip(e.start)
            .take(e.end.saturating_sub(e.start))
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
            frags.push((f, e.end));
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
    }
    Ok(out)
}

/// An `annotation.conf` declaring `labels` as entity types.
pub fn conf<'a>(labels: impl IntoIterator<Item = &'a str>) -> String {
    let set: BTreeSet<&str> = labels.into_iter().collect();
    let mut out = String::from("[entities]\n");
    for l in set {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    out
}

/// The id of a document read from `stem.txt`.
pub fn id_of(stem: &str) -> Value {
    let numeric = !stem.is_empty()
        && stem.bytes().all(|b| b.is_ascii_digit())
        && (stem == "0" || !stem.starts_with('0'));
    match stem.parse::<u64>() {
        Ok(n) if numeric => Value::from(n),
        _ => Value::String(stem.to_string()),
    }
}

/// Reads one document from its text and `.ann` content.
pub fn read_pair(stem: &str, text: &str, ann: &str, index: usize) -> Result<Doc, DocError> {
    let id = id_of(stem);
    let map = CharMap::new(text);
    let mut entities = Vec::new();
    let mut notes = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let line_no = n + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !line.starts_with('T') {
            continue;
        }
        let err = |m: &str| {
            DocError::new(
                line_no,
                index,
                Some(id.clone()),
                format!("{stem}.ann: {m}: {line:?}"),
            )
        };
        let mut cols = line.splitn(3, '\t');
        let (_tid, spec) = (
            cols.next(),
            cols.next()
                .ok_or_else(|| err("expected ID<tab>LABEL START END<tab>TEXT"))?,
        );
        let claimed = cols.next();
        let (label, offsets) = spec
            .split_once(' ')
            .ok_or_else(|| err("expected LABEL START END"))?;
        let mut frags = Vec::new();
        for f in offsets.split(';') {
            let (s, e) = f
                .trim()
                .split_once(' ')
                .ok_or_else(|| err("expected START END"))?;
            let s: usize = s.parse().map_err(|_| err("START is not a number"))?;
            let e: usize = e.parse().map_err(|_| err("END is not a number"))?;
            frags.push((s, e));
        }
        let start = frags.iter().map(|f| f.0).min().unwrap_or(0);
        let end = frags.iter().map(|f| f.1).max().unwrap_or(0);
        for w in frags.windows(2) {
            let gap = map.bytes(w[0].1, w[1].0).and_then(|r| text.get(r));
            if gap.is_none_or(|g| !g.trim().is_empty()) {
                notes.push(ReadNote {
                    kind: NoteKind::Discontinuous,
                    line: line_no,
                    start,
                    end,
                    message: format!(
                        "{label} annotation with fragments {offsets} read as one span {start}..{end}"
                    ),
                });
                break;
            }
        }
        let mut span = Span::new(start, end, label);
        span.line = line_no;
        if frags.len() == 1 {
            span.text = claimed.map(str::to_string);
        }
        entities.push(span);
    }
    Ok(Doc {
        id,
        text: text.to_string(),
        entities,
        index,
        notes,
        ..Doc::default()
    })
}

/// Reads a brat directory (every `NAME.txt` with its `NAME.ann`), or one
/// `.txt`/`.ann` pair named by either file. Errors reading the directory
/// itself are returned as `Err`; a document that cannot be read is an
/// `Err` in the list. Each document's [`Doc::source`] is the path of its
/// `.ann` file.
pub fn read_path(path: &Path) -> io::Result<Vec<Result<Doc, DocError>>> {
    let (dir, stems): (&Path, Vec<String>) = if path.is_dir() {
        let mut stems = BTreeSet::new();
        for entry in std::fs::read_dir(path)? {
            let p = entry?.path();
            if p.extension().is_some_and(|e| e == "txt" || e == "ann") {
                if let Some(s) = p.file_stem().and_then(|s| s.to_str()) {
                    stems.insert(s.to_string());
                }
            }
        }
        (path, stems.into_iter().collect())
    } else {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        (
            path.parent().unwrap_or(Path::new(".")),
            vec![stem.to_string()],
        )
    };
    let mut out = Vec::with_capacity(stems.len());
    for (i, stem) in stems.iter().enumerate() {
        let index = i + 1;
        let txt_path = dir.join(format!("{stem}.txt"));
        let ann_path = dir.join(format!("{stem}.ann"));
        let read = |p: &Path| -> Result<Option<String>, DocError> {
            match std::fs::read(p) {
                Ok(b) => String::from_utf8(b).map(Some).map_err(|e| {
                    DocError::new(
                        0,
                        index,
                        Some(id_of(stem)),
                        format!(
                            "{}: invalid UTF-8 at byte {}",
                            p.display(),
                            e.utf8_error().valid_up_to()
                        ),
                    )
                }),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(DocError::new(
                    0,
                    index,
                    Some(id_of(stem)),
                    format!("{}: {e}", p.display()),
                )),
            }
        };
        let doc = (|| {
            let text = read(&txt_path)?.ok_or_else(|| {
                DocError::new(
                    0,
                    index,
                    Some(id_of(stem)),
                    format!("{}: no such file", txt_path.display()),
                )
            })?;
            let ann = read(&ann_path)?.unwrap_or_default();
            let mut doc = read_pair(stem, &text, &ann, index)?;
            doc.source = Some(ann_path.display().to_string());
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
        assert!(
            e.message.starts_with("a.ann: START is not a number"),
            "{}",
            e.message
        );
    }
}
