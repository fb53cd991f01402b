//! Span resolution: from overlapping candidates to the flat outer layer.
//!
//! The annotation guide scores one flat layer of non-overlapping, outermost
//! spans. Candidates are taken greedily in this order:
//!
//! 1. the longer span first (length of the original text it covers);
//! 2. then the higher tagger priority (lexicon facts over rules);
//! 3. then the earlier start, then the label order of the guide.
//!
//! A candidate that overlaps an accepted span is not emitted in the flat
//! layer. If it lies wholly inside one, it is a nested mention: it is listed
//! in the outer entity's [`Entity::nested`] (`attrs.nested` in JSON: label,
//! text, id) and, with [`Layer::All`], also emitted with a `parent` index.
//! Candidates that cross the edge of an accepted span are dropped, and so
//! are mentions that are no part of their outer span: one with the outer
//! span's own extent, and a place inside a person's name ("Văn Lợi" in
//! "Nguyễn Văn Lợi").

use std::cmp::Reverse;
use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use crate::attrs::Attrs;
use crate::entity::{Entity, Nested};
use crate::label::Label;
use crate::syllables::Token;
use crate::taggers::Candidate;

/// Which spans a document's entity list holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layer {
    /// The flat outer layer of the guide (what is scored).
    #[default]
    Flat,
    /// The flat layer followed by the nested mentions, each with `parent`.
    All,
}

/// The order candidates are taken in: longest first, then higher
/// priority, then earlier, then by label.
type Rank = (Reverse<usize>, Reverse<u8>, usize, Label);

/// Per-thread scratch of [`resolve`], kept by a worker from one document to
/// the next. Resolution sorts and partitions indices into the candidate
/// list: a candidate (136 bytes with its attributes) is not moved until its
/// attributes go into an entity.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Well-formed candidates with their rank and index, then sorted.
    ranked: Vec<(Rank, usize)>,
    /// The flat layer in the order taken: start, end, candidate index.
    outer: Vec<(usize, usize, usize)>,
    /// Nested mentions in the order taken: candidate index and the
    /// outer's index in `outer`.
    inner: Vec<(usize, usize)>,
    seen_inner: FxHashSet<(usize, usize, usize, Label)>,
    /// The flat layer taken so far, by start.
    by_start: TakenSpans,
    /// The flat layer by position: start, end, index in `outer`.
    by_position: Vec<(usize, usize, usize)>,
    /// The entity index of each outer of `outer`.
    new_index: Vec<usize>,
    /// Nested mentions kept: entity, start, end, order taken, candidate.
    nested: Vec<(usize, usize, usize, usize, usize)>,
}

/// The spans of the flat layer taken so far, by start: start, end, index in
/// `outer`. Spans are taken longest first, so they arrive in no order of
/// position. A sorted vector, kept across documents, serves the documents
/// of news (a map per document was a node allocation per eleven spans); its
/// insert moves the entries after it, so past [`TakenSpans::SORTED_MAX`]
/// spans the index moves to a tree and a document of many thousand spans
/// costs `n log n`, not `n²`.
#[derive(Debug, Default)]
struct TakenSpans {
    sorted: Vec<(usize, usize, usize)>,
    tree: BTreeMap<usize, (usize, usize)>,
}

impl TakenSpans {
    /// The most spans kept in the sorted vector (an insert then moves at
    /// most 24 KB).
    const SORTED_MAX: usize = 1024;

    fn clear(&mut self) {
        self.sorted.clear();
        self.tree.clear();
    }

    /// How many spans are kept (fewer than were taken if one replaced
    /// another of the same start).
    fn len(&self) -> usize {
        if self.tree.is_empty() {
            self.sorted.len()
        } else {
            self.tree.len()
        }
    }

    /// Appends the spans kept to `out` by start: start, end, index in
    /// `outer`.
    fn in_order(&self, out: &mut Vec<(usize, usize, usize)>) {
        if self.tree.is_empty() {
            out.extend_from_slice(&self.sorted);
        } else {
            out.extend(self.tree.iter().map(|(&s, &(e, o))| (s, e, o)));
        }
    }

    /// The span with the greatest start before `end`, if any.
    fn last_before(&self, end: usize) -> Option<(usize, usize, usize)> {
        if !self.tree.is_empty() {
            let (&s, &(e, o)) = self.tree.range(..end).next_back()?;
            return Some((s, e, o));
        }
        let before_end = self.sorted.partition_point(|&(s, _, _)| s < end);
        self.sorted.get(before_end.checked_sub(1)?).copied()
    }

    /// Takes the span `start..end`, the `outer`-th of the flat layer.
    fn insert(&mut self, start: usize, end: usize, outer: usize) {
        if !self.tree.is_empty() {
            self.tree.insert(start, (end, outer));
            return;
        }
        let taken = (start, end, outer);
        match self.sorted.binary_search_by_key(&start, |&(s, _, _)| s) {
            Ok(k) => self.sorted[k] = taken,
            Err(k) => self.sorted.insert(k, taken),
        }
        if self.sorted.len() > Self::SORTED_MAX {
            self.tree
                .extend(self.sorted.drain(..).map(|(s, e, o)| (s, (e, o))));
        }
    }
}

/// Resolves `candidates` over the `tokens` of `text` into entities sorted by
/// start (the flat layer), followed by nested mentions for [`Layer::All`].
/// Empties `candidates` (keeping its capacity).
pub(crate) fn resolve(
    candidates: &mut Vec<Candidate>,
    tokens: &[Token],
    layer: Layer,
    scratch: &mut Scratch,
) -> Vec<Entity> {
    scratch.rank(candidates, tokens);
    scratch.split_layers(candidates);
    let mut entities = scratch.flat_layer(candidates, tokens);
    scratch.nest(candidates, tokens, layer, &mut entities);
    candidates.clear();
    entities
}

/// The bytes of the original text a well-formed candidate covers.
fn span(c: &Candidate, tokens: &[Token]) -> (usize, usize) {
    (
        tokens[c.tokens.start].orig.start,
        tokens[c.tokens.end - 1].orig.end,
    )
}

impl Scratch {
    /// Ranks the well-formed candidates. Ranks are computed once (a
    /// comparison would read four tokens); the index breaks ties, so the
    /// unstable sort keeps the candidates' order among equals.
    fn rank(&mut self, candidates: &[Candidate], tokens: &[Token]) {
        self.ranked.clear();
        let well_formed = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| is_well_formed(c, tokens));
        for (i, c) in well_formed {
            let (start, end) = span(c, tokens);
            let rank = (Reverse(end - start), Reverse(c.priority), start, c.label);
            self.ranked.push((rank, i));
        }
        self.ranked.sort_unstable();
    }

    /// Takes candidates in rank order into the flat layer, or as nested
    /// mentions of the flat span (index into `outer`) they lie in.
    fn split_layers(&mut self, candidates: &[Candidate]) {
        self.outer.clear();
        self.inner.clear();
        self.seen_inner.clear();
        // Accepted outer spans by start: they never overlap, so the one with
        // the greatest start before a candidate's end is the only one to
        // check.
        self.by_start.clear();
        for &((Reverse(len), _, s, label), i) in &self.ranked {
            let e = s + len;
            match self.by_start.last_before(e) {
                Some((os, oe, o)) if oe > s => {
                    // Inside an accepted span, or across its edge (dropped).
                    let tokens = &candidates[i].tokens;
                    if os <= s
                        && e <= oe
                        && self.seen_inner.insert((o, tokens.start, tokens.end, label))
                    {
                        self.inner.push((i, o));
                    }
                }
                _ => {
                    self.by_start.insert(s, e, self.outer.len());
                    self.outer.push((s, e, i));
                }
            }
        }
    }

    /// The entities of the flat layer, sorted by position; remembers where
    /// each outer went.
    fn flat_layer(&mut self, candidates: &mut [Candidate], tokens: &[Token]) -> Vec<Entity> {
        self.by_position.clear();
        if self.by_start.len() == self.outer.len() {
            // Every span taken is still in `by_start`, whose starts are
            // distinct: it lists the flat layer by position already. Sorting
            // it again took most of the ~6.1M instructions of the sorts of
            // resolution over s800.jsonl.
            self.by_start.in_order(&mut self.by_position);
        } else {
            let spans = self.outer.iter().enumerate();
            self.by_position
                .extend(spans.map(|(o, &(s, e, _))| (s, e, o)));
            self.by_position.sort_unstable();
        }
        self.new_index.clear();
        self.new_index.resize(self.outer.len(), 0);
        let mut entities = Vec::with_capacity(self.outer.len());
        for (new, &(_, _, o)) in self.by_position.iter().enumerate() {
            self.new_index[o] = new;
            let c = &mut candidates[self.outer[o].2];
            let attrs = std::mem::take(&mut c.attrs);
            entities.push(to_entity(c, attrs, tokens, None));
        }
        entities
    }

    /// Lists each nested mention in its outer entity, sorted by position,
    /// and for [`Layer::All`] appends them as entities with a `parent`.
    fn nest(
        &mut self,
        candidates: &mut [Candidate],
        tokens: &[Token],
        layer: Layer,
        entities: &mut Vec<Entity>,
    ) {
        self.nested.clear();
        for (taken, &(i, o)) in self.inner.iter().enumerate() {
            let p = self.new_index[o];
            let c = &candidates[i];
            if belongs_inside(c, &entities[p]) {
                let (s, e) = span(c, tokens);
                self.nested.push((p, s, e, taken, i));
            }
        }
        // By outer entity, then position; `taken` keeps the order taken
        // among equals.
        self.nested.sort_unstable();
        if layer == Layer::All {
            entities.reserve(self.nested.len());
        }
        let mut run_end = 0;
        for (k, &(p, start, end, _, i)) in self.nested.iter().enumerate() {
            if k == run_end {
                // The mentions of one outer entity are a run: its list is
                // sized once, not grown push by push.
                run_end = k + self.nested[k..].partition_point(|n| n.0 == p);
                entities[p].nested.reserve_exact(run_end - k);
            }
            let c = &mut candidates[i];
            let attrs = std::mem::take(&mut c.attrs);
            if layer == Layer::All {
                entities.push(to_entity(c, attrs.clone(), tokens, Some(p)));
            }
            entities[p].nested.push(Nested {
                label: c.label,
                start,
                end,
                attrs,
            });
        }
    }
}

/// A nested mention is part of its outer span unless it is the same span
/// under another name, or a place inside a person's name.
fn belongs_inside(c: &Candidate, outer: &Entity) -> bool {
    let same_span = c.tokens == outer.tokens;
    let place_in_name = c.label == Label::Loc && outer.label == Label::Per;
    !same_span && !place_in_name
}

fn is_well_formed(c: &Candidate, tokens: &[Token]) -> bool {
    if c.tokens.start >= c.tokens.end || c.tokens.end > tokens.len() {
        return false;
    }
    !tokens[c.tokens.start].is_space() && !tokens[c.tokens.end - 1].is_space()
}

/// The entity of candidate `c`, with its `attrs` (taken out of it).
fn to_entity(c: &Candidate, attrs: Attrs, tokens: &[Token], parent: Option<usize>) -> Entity {
    let (start, end) = span(c, tokens);
    Entity {
        start,
        end,
        label: c.label,
        attrs,
        source: c.source,
        parent,
        nested: Vec::new(),
        tokens: c.tokens.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Before and after the move to a tree, the index answers and lists
        /// its spans as a map of every span taken would (fails if the move
        /// loses spans or the vector's search is off by one).
        #[test]
        fn taken_spans_answer_as_a_map_across_the_move(
            spans in proptest::collection::vec((0usize..5000, 1usize..20), 0..2 * TakenSpans::SORTED_MAX + 10),
            probes in proptest::collection::vec(0usize..5100, 1..8),
        ) {
            let mut index = TakenSpans::default();
            let mut map = BTreeMap::new();
            for (o, &(start, len)) in spans.iter().enumerate() {
                index.insert(start, start + len, o);
                map.insert(start, (start + len, o));
                for &end in &probes {
                    let want = map.range(..end).next_back().map(|(&s, &(e, o))| (s, e, o));
                    prop_assert_eq!(index.last_before(end), want);
                }
            }
            for end in 0..5100 {
                let want = map.range(..end).next_back().map(|(&s, &(e, o))| (s, e, o));
                prop_assert_eq!(index.last_before(end), want);
            }
            // `flat_layer` reads the spans kept by position from the index.
            let mut listed = Vec::new();
            index.in_order(&mut listed);
            let want: Vec<_> = map.iter().map(|(&s, &(e, o))| (s, e, o)).collect();
            prop_assert_eq!(index.len(), want.len());
            prop_assert_eq!(listed, want);
        }
    }

    #[test]
    fn a_cleared_index_starts_again_as_a_vector() {
        let mut index = TakenSpans::default();
        for k in 0..=TakenSpans::SORTED_MAX {
            index.insert(2 * k, 2 * k + 1, k);
        }
        assert!(!index.tree.is_empty() && index.sorted.is_empty());
        index.clear();
        index.insert(7, 9, 0);
        assert_eq!(index.sorted, vec![(7, 9, 0)]);
        assert_eq!(index.last_before(8), Some((7, 9, 0)));
        assert_eq!(index.last_before(7), None);
    }
}
