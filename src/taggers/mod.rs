//! Taggers: each one finds candidate spans of some labels in a prepared
//! document. Candidates overlap freely; [`crate::resolve`] turns them into
//! the flat layer of the annotation guide.

pub mod date;
pub mod docref;
pub mod grammar;
pub mod lexicon;
pub mod loc;
pub mod numeric;
pub mod org;
pub mod person;
pub mod title;

use std::borrow::Cow;
use std::ops::Range;

use serde_json::{Map, Value};

use crate::entity::Label;
pub(crate) use crate::document::Document;

/// A possible entity, as a token range.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Tokens covered (first .. one past the last).
    pub tokens: Range<usize>,
    /// The label it would get.
    pub label: Label,
    /// Attributes to emit.
    pub attrs: Map<String, Value>,
    /// What produced it: a lexicon `file:line` or a rule name.
    pub source: Cow<'static, str>,
    /// Tie-breaker between candidates of equal length (higher wins).
    pub priority: u8,
}

/// One tagger. Implementations hold only compiled, read-only data, so one
/// instance serves every thread.
pub trait Tagger: Send + Sync + std::fmt::Debug {
    /// A short stable name, used in `source` fields of rule-made spans.
    fn name(&self) -> &'static str;

    /// The labels this tagger can produce.
    fn labels(&self) -> &'static [Label];

    /// Appends this tagger's candidates for `doc` to `out`.
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>);

    /// Runs after every tagger's [`Tagger::tag`], with all candidates of the
    /// document in `out`: for rules that need the others' results (a name
    /// found once is tagged at its other mentions).
    fn finish(&self, _doc: &Document<'_>, _out: &mut Vec<Candidate>) {}

    /// Runs on every entity that resolution kept (flat layer and, with
    /// `--layer all`, nested ones): for attributes too costly to build for
    /// every candidate, most of which lose.
    fn complete(&self, _doc: &Document<'_>, _entity: &mut crate::entity::Entity) {}
}
