//! Where things are in a JSON file: the items of a top-level array and
//! the elements of an array inside one item, with their lines, so that
//! the readers of JSON formats (spaCy, Label Studio) can name `FILE:LINE`
//! and read one item at a time (a broken item does not stop the others).

use std::ops::Range;

use super::doc::DocError;

/// Line numbers of byte offsets of one text.
#[derive(Clone, Debug)]
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    /// The index of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    /// The 1-based line of byte `at`.
    pub(crate) fn line(&self, at: usize) -> usize {
        self.0.partition_point(|&s| s <= at)
    }
}

/// One item of a top-level array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    /// Its bytes in the input.
    pub range: Range<usize>,
    /// The line it starts on.
    pub line: usize,
}

/// A step into a JSON value: an object's key or an array's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// The items of the JSON array `input` (a single object is one item when
/// `object_ok`). The items are cut, not parsed: each is parsed on its own.
pub(crate) fn items(input: &str, object_ok: bool) -> Result<Vec<Item>, DocError> {
    let lines = LineIndex::new(input);
    let b = input.as_bytes();
    let mut pos = skip_ws(b, 0);
    if b.get(pos) == Some(&b'{') && object_ok {
        let end = value_end(b, pos).unwrap_or(b.len());
        return Ok(vec![Item {
            range: pos..end,
            line: lines.line(pos),
        }]);
    }
    let fail = |at: usize, m: &str| DocError::new(lines.line(at.min(b.len())), 0, None, m);
    if b.get(pos) != Some(&b'[') {
        return Err(fail(pos, "expected a JSON array"));
    }
    pos = skip_ws(b, pos + 1);
    let mut out = Vec::new();
    if b.get(pos) == Some(&b']') {
        return Ok(out);
    }
    loop {
        let end = value_end(b, pos).ok_or_else(|| fail(pos, "the item never ends"))?;
        out.push(Item {
            range: pos..end,
            line: lines.line(pos),
        });
        pos = skip_ws(b, end);
        match b.get(pos) {
            Some(b',') => pos = skip_ws(b, pos + 1),
            Some(b']') => return Ok(out),
            _ => return Err(fail(pos, "expected , or ] after an item")),
        }
    }
}

/// [`items`] for a format that is a JSON array.
pub(crate) fn array_items(input: &str) -> Result<Vec<Item>, DocError> {
    items(input, false)
}

/// The lines of the elements of the array at `path` inside `item` of
/// `input` (empty when there is no such array).
pub(crate) fn element_lines(input: &str, item: &Item, path: &[&str]) -> Vec<usize> {
    let segs: Vec<Seg> = path.iter().map(|k| Seg::Key(k)).collect();
    element_lines_at(input, item, &segs)
}

/// [`element_lines`] with indices in the path.
pub(crate) fn element_lines_at(input: &str, item: &Item, path: &[Seg<'_>]) -> Vec<usize> {
    let b = input.as_bytes();
    let mut pos = skip_ws(b, item.range.start);
    for seg in path {
        match descend(b, pos, *seg) {
            Some(p) => pos = p,
            None => return Vec::new(),
        }
    }
    if b.get(pos) != Some(&b'[') {
        return Vec::new();
    }
    // Lines counted from the item's start, as the elements come.
    let (mut line, mut counted) = (item.line, item.range.start);
    let mut out = Vec::new();
    let mut p = skip_ws(b, pos + 1);
    while p < b.len() && b[p] != b']' {
        line += b[counted..p].iter().filter(|&&c| c == b'\n').count();
        counted = p;
        out.push(line);
        let Some(end) = value_end(b, p) else { break };
        p = skip_ws(b, end);
        if b.get(p) == Some(&b',') {
            p = skip_ws(b, p + 1);
        }
    }
    out
}

/// The start of the value at `seg` inside the object or array at `pos`.
fn descend(b: &[u8], pos: usize, seg: Seg<'_>) -> Option<usize> {
    let (open, close) = match seg {
        Seg::Key(_) => (b'{', b'}'),
        Seg::Index(_) => (b'[', b']'),
    };
    if b.get(pos) != Some(&open) {
        return None;
    }
    let mut p = skip_ws(b, pos + 1);
    let mut n = 0;
    while p < b.len() && b[p] != close {
        let value_at = match seg {
            Seg::Key(k) => {
                let key_end = value_end(b, p)?;
                let key: String = serde_json::from_slice(&b[p..key_end]).ok()?;
                p = skip_ws(b, key_end);
                if b.get(p) != Some(&b':') {
                    return None;
                }
                p = skip_ws(b, p + 1);
                (key == k).then_some(p)
            }
            Seg::Index(i) => (i == n).then_some(p),
        };
        if value_at.is_some() {
            return value_at;
        }
        p = skip_ws(b, value_end(b, p)?);
        if b.get(p) == Some(&b',') {
            p = skip_ws(b, p + 1);
        }
        n += 1;
    }
    None
}

fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    // A BOM before the value counts as white space.
    if b[pos.min(b.len())..].starts_with(b"\xEF\xBB\xBF") {
        pos += 3;
    }
    while pos < b.len() && matches!(b[pos], b' ' | b'\t' | b'\n' | b'\r') {
        pos += 1;
    }
    pos
}

/// One past the end of the value starting at `pos` (`None` when the input
/// ends first).
fn value_end(b: &[u8], pos: usize) -> Option<usize> {
    match *b.get(pos)? {
        b'"' => string_end(b, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut p = pos;
            while p < b.len() {
                match b[p] {
                    b'"' => {
                        p = string_end(b, p)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(p + 1);
                        }
                    }
                    _ => {}
                }
                p += 1;
            }
            None
        }
        _ => {
            let len = b[pos..]
                .iter()
                .position(|c| matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(b.len() - pos);
            Some(pos + len.max(1))
        }
    }
}

fn string_end(b: &[u8], pos: usize) -> Option<usize> {
    let mut p = pos + 1;
    while p < b.len() {
        match b[p] {
            b'\\' => p += 2,
            b'"' => return Some(p + 1),
            _ => p += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_their_lines() {
        let input = "\u{FEFF}[\n{\"a\": \"]}\\\"\"},\n[1, 2],\n 3\n]";
        let it = items(input, false).unwrap();
        let got: Vec<(&str, usize)> = it
            .iter()
            .map(|i| (&input[i.range.clone()], i.line))
            .collect();
        assert_eq!(got, [("{\"a\": \"]}\\\"\"}", 2), ("[1, 2]", 3), ("3", 4)]);
        assert!(items("{}", false).is_err());
        assert_eq!(items(" {\"x\": 1}", true).unwrap().len(), 1);
        let e = items("[1,\n{\"a\": ", false).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(items("[]", false).unwrap(), []);
    }

    #[test]
    fn elements_by_path() {
        let input =
            "{\"x\": {\"r\": 1},\n \"a\": [{\"result\": []},\n {\"result\": [\n{},\n\n{}]}]}";
        let r = Item {
            range: 0..input.len(),
            line: 1,
        };
        let lines = element_lines_at(
            input,
            &r,
            &[Seg::Key("a"), Seg::Index(1), Seg::Key("result")],
        );
        assert_eq!(lines, [4, 6]);
        assert!(element_lines(input, &r, &["nope"]).is_empty());
    }
}
