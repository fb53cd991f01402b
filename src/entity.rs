//! Spans and the entities a document gets.

use std::ops::Range;

use crate::attrs::{Attrs, Source};
pub use crate::label::{Label, LabelSet};

/// One annotated span of a document.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Entity {
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset one past the last byte in the original text.
    pub end: usize,
    /// What the span is.
    pub label: Label,
    /// Parsed values and links (see [`Attrs`]).
    pub attrs: Attrs,
    /// What produced the span: a lexicon entry or a rule.
    pub source: Source,
    /// For nested mentions (`--layer all`): the index of the outer entity.
    pub parent: Option<usize>,
    /// The mentions found inside the span (listed as `attrs.nested`).
    pub nested: Vec<Nested>,
    /// Tokens covered (first .. one past the last) in the document's
    /// tokenisation.
    pub(crate) tokens: Range<usize>,
}

impl Entity {
    /// An entity over the bytes `start..end` of a document, made by a rule
    /// (for building entities outside the annotator, e.g. from a file).
    pub(crate) fn new(start: usize, end: usize, label: Label, attrs: Attrs) -> Self {
        Entity {
            start,
            end,
            label,
            attrs,
            source: Source::Rule(crate::attrs::rule!("file")),
            parent: None,
            nested: Vec::new(),
            tokens: 0..0,
        }
    }

    /// The span's text in `document`.
    pub fn text<'d>(&self, document: &'d str) -> &'d str {
        document.get(self.start..self.end).unwrap_or("")
    }
}

/// A mention found inside an entity of the flat layer.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Nested {
    /// Its label.
    pub label: Label,
    /// Byte offsets in the original text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Its attributes (the JSON lists only its `id`).
    pub attrs: Attrs,
}
