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
//! in the outer span's `attrs.nested` (label, text, id) and, with
//! [`Layer::All`], also emitted with a `parent` index. Candidates that cross
//! the edge of an accepted span are dropped.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::entity::Label;

use crate::entity::Entity;
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
///
/// ```
/// use std::borrow::Cow;
/// use vietag::entity::Label;
/// use vietag::resolve::{resolve, Layer};
/// use vietag::syllables::tokenize;
/// use vietag::taggers::Candidate;
/// use vietag::text::{MatchView, ViewOptions};
///
/// let text = "Đảng bộ xã Tân Thành";
/// let mut view = MatchView::default();
/// view.build(text, ViewOptions::default());
/// let mut tokens = Vec::new();
/// tokenize(&view, &mut tokens);
/// let cand = |a, b, label| Candidate {
///     tokens: a..b, label, attrs: Default::default(), source: Cow::Borrowed("test"), priority: 0,
/// };
/// // "xã Tân Thành" (LOC) lies inside "Đảng bộ xã Tân Thành" (ORG).
/// let out = resolve(text, vec![cand(4, 9, Label::Loc), cand(0, 9, Label::Org)], &tokens, Layer::Flat);
/// assert_eq!(out.len(), 1);
/// assert_eq!(out[0].text(text), "Đảng bộ xã Tân Thành");
/// assert_eq!(out[0].attrs["nested"][0]["text"], "xã Tân Thành");
/// ```
pub fn resolve(
    text: &str,
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
    candidates.sort_by(|a, b| {
        let (la, lb) = (span(a), span(b));
        (lb.1 - lb.0)
            .cmp(&(la.1 - la.0))
            .then(b.priority.cmp(&a.priority))
            .then(la.0.cmp(&lb.0))
            .then(a.label.cmp(&b.label))
    });
    let mut outer: Vec<Candidate> = Vec::new();
    let mut inner: Vec<(Candidate, usize)> = Vec::new();
    // Accepted outer spans by start: they never overlap, so the one with the
    // greatest start before a candidate's end is the only one to check.
    let mut by_start: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut seen_inner: HashSet<(usize, usize, usize, Label)> = HashSet::new();
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
                let same_as_outer = outer[i].tokens == c.tokens && outer[i].label == c.label;
                let fresh = seen_inner.insert((i, c.tokens.start, c.tokens.end, c.label));
                if fresh && !same_as_outer {
                    inner.push((c, i));
                }
            }
            // Crosses the edge of an accepted span.
            Some(_) => {}
        }
    }
    // Sort the flat layer by position and remember where each outer went.
    let mut order: Vec<usize> = (0..outer.len()).collect();
    order.sort_by_key(|&i| span(&outer[i]));
    let mut new_index = vec![0; outer.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    inner.sort_by_key(|(c, p)| (new_index[*p], span(c)));
    let mut entities: Vec<Entity> = order
        .iter()
        .map(|&i| to_entity(&outer[i], tokens, None))
        .collect();
    for (c, p) in &inner {
        let (s, e) = span(c);
        let parent = &mut entities[new_index[*p]];
        let mut nested = Map::new();
        nested.insert("label".into(), Value::String(c.label.as_str().into()));
        nested.insert(
            "text".into(),
            Value::String(text.get(s..e).unwrap_or("").into()),
        );
        if let Some(id) = c.attrs.get("id") {
            nested.insert("id".into(), id.clone());
        }
        if let Value::Array(list) = parent
            .attrs
            .entry("nested")
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            list.push(Value::Object(nested));
        }
    }
    if layer == Layer::All {
        for (c, p) in inner {
            entities.push(to_entity(&c, tokens, Some(new_index[p])));
        }
    }
    entities
}

fn is_well_formed(c: &Candidate, tokens: &[Token]) -> bool {
    if c.tokens.start >= c.tokens.end || c.tokens.end > tokens.len() {
        return false;
    }
    !tokens[c.tokens.start].is_space() && !tokens[c.tokens.end - 1].is_space()
}

fn to_entity(c: &Candidate, tokens: &[Token], parent: Option<usize>) -> Entity {
    Entity {
        start: tokens[c.tokens.start].orig.start,
        end: tokens[c.tokens.end - 1].orig.end,
        label: c.label,
        attrs: c.attrs.clone(),
        source: c.source.to_string(),
        parent,
    }
}
