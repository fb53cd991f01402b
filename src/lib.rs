//! vietag annotates Vietnamese text with dictionary-driven taggers.
//!
//! It marks people (PER), position titles (TITLE), organisations (ORG),
//! places (LOC), document references (DOCREF), dates (DATE) and numeric
//! claims (PERCENT, MONEY, QUANTITY) in news and government text, following
//! the label contract of the annotation guide: offsets are Unicode code points
//! into the text as given, and the scored layer is flat.
//!
//! Use it when you build or check Vietnamese corpora and want spans you can
//! trace back to a lexicon line or a rule, at the speed of a keyword scan.
//!
//! # Map of the crate
//!
//! | item | what it does |
//! |------|--------------|
//! | [`Annotator`] / [`AnnotatorBuilder`] | compiled once from lexicons, shared read-only by all threads |
//! | [`Worker`] | per-thread buffers reused from document to document |
//! | [`text`] | decoding, the normalised matching view with its offset map, offset units |
//! | [`syllables`] | tokens: syllables, numbers, punctuation, space |
//! | [`lexicon`] | the TSV lexicon format, parsing and the embedded defaults |
//! | [`matcher`] | every lexicon entry in one Aho-Corasick automaton |
//! | [`taggers`] | one tagger per file, behind the [`taggers::Tagger`] trait |
//! | [`resolve`] | overlapping candidates to the flat outer layer |
//! | [`claims`] | what each numeric mention states: value, unit, metric, trend, part and whole |
//! | [`findings`] | numeric claims of a document that contradict each other |
//! | [`formats`] | vietag JSON Lines, CoNLL, VLSP, Hugging Face, spaCy, doccano, Label Studio and brat, one module per format over [`formats::Doc`] |
//! | [`sentences`] | a sentence splitter that knows Vietnamese abbreviations and numbers |
//! | [`lint`] | checks annotated documents against the annotation guide, with stable codes and fixes |
//! | [`pipeline`] | streaming, ordered, parallel annotation of many documents |
//!
//! # Example
//!
//! ```
//! use vietag::{Annotator, Label};
//!
//! let annotator = Annotator::new().unwrap();
//! // NFD input, as some editors write it: offsets still point into it.
//! let text: String = unicode_normalization::UnicodeNormalization::nfd(
//!     "Bộ Chính trị họp tại Hà Nội.",
//! )
//! .collect();
//! let ann = annotator.annotate(&text);
//! let org = &ann.entities[0];
//! assert_eq!(org.label, Label::Org);
//! assert_eq!(org.text(&text), &text[..org.end]);
//! assert_eq!(org.attrs["id"], "party.politburo");
//! ```

#![deny(missing_docs)]

mod annotator;
pub mod claims;
pub mod entity;
pub mod findings;
pub mod formats;
pub mod lexicon;
pub mod lint;
pub mod matcher;
pub mod numbers;
pub mod pipeline;
pub mod resolve;
pub mod sentences;
pub mod syllables;
pub mod taggers;
pub mod text;

pub use annotator::{Annotation, Annotator, AnnotatorBuilder, BuildError, Worker};
pub use entity::{Entity, Label, LabelSet};
pub use resolve::Layer;
pub use text::OffsetUnit;

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<super::Annotator>();
        assert_send_sync::<super::matcher::CompiledLexicon>();
        assert_send_sync::<super::Worker>();
    }
}
