//! Elements over a text: spans of code points turned into well-formed,
//! nested HTML.
//!
//! Spans that nest (a place inside an organisation's name) become nested
//! elements. Spans that cross (bad data, or a finding that covers half an
//! entity) cannot all be one element each: the element opened first stays
//! whole where it can, and the one that must close inside it is cut, its
//! remainder written as *continuation* fragments that carry no data
//! attributes. So every span has exactly one element with its attributes,
//! wherever the others fall.
//!
//! Element edges never fall between a letter and its combining marks (NFD
//! text), nor inside an emoji sequence: such an edge moves to the end of
//! the cluster, for display only (the element's data attributes keep the
//! offsets as given).

use std::cmp::Reverse;

use super::escape;
use crate::formats::CharMap;
use crate::text::fold::is_combining_mark;

/// One element to place over the text.
#[derive(Clone, Debug)]
pub(crate) struct Mark {
    /// First code point (`start <= end`, both at most the text's length).
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Among marks of the same span, the lower rank is the outer element.
    pub rank: usize,
    /// The start tag, with the attributes.
    pub open: String,
    /// The start tag of a continuation fragment.
    pub cont: String,
    /// The end tag.
    pub close: &'static str,
}

/// How a text was laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Continuation fragments written (0 when every span nests).
    pub fragments: usize,
    /// Some elements were cut short: crossing spans needed more fragments
    /// than the budget allows (a long staircase of overlaps).
    pub cut_short: bool,
}

/// True for a code point that belongs to the cluster before it: combining
/// marks, variation selectors, emoji modifiers and tags, the joiner and
/// what it joins.
fn continues_cluster(c: char, prev: Option<char>) -> bool {
    is_combining_mark(c)
        || matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
        || prev == Some('\u{200D}')
}

/// For each code point position 0..=len, whether an edge there would fall
/// inside a cluster.
fn inner_positions(text: &str) -> Vec<bool> {
    let mut inner = Vec::with_capacity(text.len() + 1);
    let mut prev = None;
    for c in text.chars() {
        inner.push(continues_cluster(c, prev));
        prev = Some(c);
    }
    inner.push(false);
    inner
}

/// The running state of [`render`].
struct Writer<'a> {
    marks: &'a [Mark],
    /// Display span of each mark.
    spans: Vec<(usize, usize)>,
    stack: Vec<usize>,
    on_stack: Vec<bool>,
    budget: usize,
    layout: Layout,
}

impl Writer<'_> {
    /// Closes the marks of `closing` (those that end at `p`) that are
    /// open, cutting and reopening the ones above them.
    fn close(&mut self, p: usize, closing: &[usize], out: &mut String) {
        let mut remaining = closing.iter().filter(|&&i| self.on_stack[i]).count();
        let mut reopen = Vec::new();
        while remaining > 0 {
            let Some(top) = self.stack.pop() else { break };
            self.on_stack[top] = false;
            out.push_str(self.marks[top].close);
            if self.spans[top].1 == p {
                remaining -= 1;
            } else {
                reopen.push(top);
            }
        }
        for &i in reopen.iter().rev() {
            if self.budget == 0 {
                self.layout.cut_short = true;
                continue;
            }
            self.budget -= 1;
            self.layout.fragments += 1;
            out.push_str(&self.marks[i].cont);
            self.stack.push(i);
            self.on_stack[i] = true;
        }
    }

    /// Opens mark `i` (an empty one is closed at once).
    fn open(&mut self, i: usize, out: &mut String) {
        out.push_str(&self.marks[i].open);
        let (s, e) = self.spans[i];
        if s == e {
            out.push_str(self.marks[i].close);
        } else {
            self.stack.push(i);
            self.on_stack[i] = true;
        }
    }
}

/// Writes `text`, escaped, with `marks` as elements over it, to `out`.
pub(crate) fn render(text: &str, marks: &[Mark], out: &mut String) -> Layout {
    let map = CharMap::new(text);
    let len = map.len();
    let inner = inner_positions(text);
    let snap = |mut p: usize| {
        p = p.min(len);
        while inner.get(p).copied().unwrap_or(false) {
            p += 1;
        }
        p
    };
    let spans: Vec<(usize, usize)> = marks
        .iter()
        .map(|m| {
            let s = snap(m.start);
            (s, snap(m.end).max(s))
        })
        .collect();
    let mut opening: Vec<usize> = (0..marks.len()).collect();
    opening.sort_by_key(|&i| (spans[i].0, Reverse(spans[i].1), marks[i].rank, i));
    let mut ending: Vec<usize> = (0..marks.len()).collect();
    ending.sort_by_key(|&i| (spans[i].1, i));
    let mut edges: Vec<usize> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
    edges.sort_unstable();
    edges.dedup();
    let mut w = Writer {
        marks,
        on_stack: vec![false; marks.len()],
        spans,
        stack: Vec::new(),
        budget: 4 * marks.len() + 1024,
        layout: Layout::default(),
    };
    let (mut next_open, mut next_end, mut written) = (0, 0, 0);
    let slice = |a: usize, b: usize| map.bytes(a, b).and_then(|r| text.get(r)).unwrap_or("");
    for p in edges {
        out.push_str(&escape(slice(written, p)));
        written = p;
        let first = next_end;
        while next_end < ending.len() && w.spans[ending[next_end]].1 == p {
            next_end += 1;
        }
        w.close(p, &ending[first..next_end], out);
        while next_open < opening.len() && w.spans[opening[next_open]].0 == p {
            w.open(opening[next_open], out);
            next_open += 1;
        }
    }
    out.push_str(&escape(slice(written, len)));
    while let Some(top) = w.stack.pop() {
        out.push_str(marks[top].close);
    }
    w.layout
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, name: &str) -> Mark {
        Mark {
            start,
            end,
            rank: 0,
            open: format!("<{name}>"),
            cont: format!("<{name}+>"),
            close: "</>",
        }
    }

    fn show(text: &str, marks: &[Mark]) -> (String, Layout) {
        let mut out = String::new();
        let layout = render(text, marks, &mut out);
        (out, layout)
    }

    #[test]
    fn nested_spans_nest() {
        let text = "Sở Y tế Bình Phước";
        let (out, layout) = show(text, &[mark(8, 18, "b"), mark(0, 18, "a")]);
        assert_eq!(out, "<a>Sở Y tế <b>Bình Phước</></>");
        assert_eq!(layout, Layout::default());
    }

    #[test]
    fn same_span_orders_by_rank() {
        let mut inner = mark(0, 2, "i");
        inner.rank = 1;
        let (out, _) = show("Hà", &[inner, mark(0, 2, "o")]);
        assert_eq!(out, "<o><i>Hà</></>");
    }

    #[test]
    fn crossing_spans_are_cut_into_fragments() {
        let (out, layout) = show("abcdef", &[mark(0, 4, "a"), mark(2, 6, "b")]);
        assert_eq!(out, "<a>ab<b>cd</></><b+>ef</>");
        assert_eq!(layout.fragments, 1);
    }

    #[test]
    fn text_is_escaped_and_empty_spans_kept() {
        let (out, _) = show("<b>&\r\n", &[mark(3, 3, "e")]);
        assert_eq!(out, "&lt;b&gt;<e></>&amp;&#13;\n");
    }

    #[test]
    fn edges_stay_out_of_clusters() {
        // "Nguyễn" in NFD: e, circumflex, tilde; a span ending after "Nguye"
        // ends after the marks; an emoji family stays whole.
        let text = "Nguye\u{302}\u{303}n 👨\u{200D}👩\u{200D}👧 x";
        let (out, _) = show(text, &[mark(0, 5, "a"), mark(9, 11, "b")]);
        assert_eq!(
            out,
            "<a>Nguye\u{302}\u{303}</>n <b>👨\u{200D}👩\u{200D}👧</> x"
        );
    }

    #[test]
    fn a_staircase_of_overlaps_stays_bounded() {
        let text = "x".repeat(3000);
        let marks: Vec<Mark> = (0..2000).map(|i| mark(i, i + 1000, "m")).collect();
        let (out, layout) = show(&text, &marks);
        assert!(layout.cut_short);
        assert_eq!(layout.fragments, 4 * 2000 + 1024);
        assert_eq!(out.matches("<m>").count(), 2000);
        assert_eq!(out.matches('x').count(), 3000);
        let opened = out.matches("<m>").count() + out.matches("<m+>").count();
        assert_eq!(out.matches("</>").count(), opened);
    }
}
