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

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

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

/// Resolves `candidates` over the `tokens` of `text` into entities sorted by
/// start (the flat layer), followed by nested mentions for [`Layer::All`].
pub(crate) fn resolve(
    mut candidates: Vec<Candidate>,
    tokens: &[Token],
    layer: Layer,
) -> Vec<Entity> {
    candidates.retain(|c| is_well_formed(c, tokens));
    let span = |c: &Candidate| {
        (
            tokens[c.tokens.start].orig.start,
            tokens[c.tokens.end - 1].orig.end,
        )
    };
    // Longest first, then higher priority, then earlier, then by label.
    // Keys computed once: a comparison would read four tokens.
    candidates.sort_by_cached_key(|c| {
        let (start, end) = span(c);
        (
            std::cmp::Reverse(end - start),
            std::cmp::Reverse(c.priority),
            start,
            c.label,
        )
    });
    let (outer, inner) = split_layers(candidates, &span);
    // Sort the flat layer by position and remember where each outer went.
    let mut order: Vec<usize> = (0..outer.len()).collect();
    order.sort_by_key(|&i| span(&outer[i]));
    let mut new_index = vec![0; outer.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Candidate>> = outer.into_iter().map(Some).collect();
    let mut entities: Vec<Entity> = order
        .iter()
        .filter_map(|&i| slots[i].take())
        .map(|c| to_entity(c, tokens, None))
        .collect();
    let mut inner: Vec<(Candidate, usize)> = inner
        .into_iter()
        .map(|(c, p)| (c, new_index[p]))
        .filter(|(c, p)| belongs_inside(c, &entities[*p]))
        .collect();
    inner.sort_by_key(|(c, p)| (*p, span(c)));
    let mut nested_entities = Vec::new();
    for (c, p) in inner {
        let (start, end) = span(&c);
        if layer == Layer::All {
            nested_entities.push(to_entity(c.clone(), tokens, Some(p)));
        }
        entities[p].nested.push(Nested {
            label: c.label,
            start,
            end,
            attrs: c.attrs,
        });
    }
    entities.append(&mut nested_entities);
    entities
}

/// Takes candidates, longest first, into the flat layer, or as nested
/// mentions of the flat span (index into the outer list) they lie in.
fn split_layers(
    candidates: Vec<Candidate>,
    span: &impl Fn(&Candidate) -> (usize, usize),
) -> (Vec<Candidate>, Vec<(Candidate, usize)>) {
    let mut outer: Vec<Candidate> = Vec::new();
    let mut inner: Vec<(Candidate, usize)> = Vec::new();
    // Accepted outer spans by start: they never overlap, so the one with the
    // greatest start before a candidate's end is the only one to check.
    let mut by_start: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut seen_inner: FxHashSet<(usize, usize, usize, Label)> = FxHashSet::default();
    for c in candidates {
        let (s, e) = span(&c);
        let hit = by_start
            .range(..e)
            .next_back()
            .map(|(&os, &(oe, i))| (os, oe, i));
        match hit {
            Some((_, oe, _)) if oe <= s => {
                by_start.insert(s, (e, outer.len()));
                outer.push(c);
            }
            None => {
                by_start.insert(s, (e, outer.len()));
                outer.push(c);
            }
            Some((os, oe, i)) if os <= s && e <= oe => {
                let fresh = seen_inner.insert((i, c.tokens.start, c.tokens.end, c.label));
                if fresh {
                    inner.push((c, i));
                }
            }
            // Crosses the edge of an accepted span.
            Some(_) => {}
        }
    }
    (outer, inner)
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

fn to_entity(c: Candidate, tokens: &[Token], parent: Option<usize>) -> Entity {
    Entity {
        start: tokens[c.tokens.start].orig.start,
        end: tokens[c.tokens.end - 1].orig.end,
        label: c.label,
        attrs: c.attrs,
        source: c.source,
        parent,
        nested: Vec::new(),
        tokens: c.tokens,
    }
}
