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
//! | [`Annotation`], [`Entity`], [`attrs`] | what a document gets: entities with typed attributes and provenance, claims, findings; [`Annotation::write_json`] writes the record |
//! | [`lexicon`] | the TSV lexicon format, the registry of word classes, the embedded defaults |
//! | [`text`] | decoding, the normalised matching view with its offset map, offset units |
//! | [`encoding`] | old Vietnamese encodings (TCVN3, VNI, Windows-1258, VIQR): decoders, encoders, detection, a syllable validator |
//! | [`syllables`] | tokens: syllables, numbers, punctuation, space |
//! | [`numbers`], [`numeric`] | Vietnamese number parsing; the numeric vocabulary (comparisons, units, bases) |
//! | [`claims`] | what each numeric mention states: value, unit, metric, trend, part and whole |
//! | [`findings`] | numeric claims of a document that contradict each other |
//! | [`formats`] | vietag JSON Lines, CoNLL, VLSP, Hugging Face, spaCy, doccano, Label Studio and brat, one module per format over [`formats::Doc`] |
//! | [`sentences`] | a sentence splitter that knows Vietnamese abbreviations and numbers |
//! | [`lint`] | checks annotated documents against the annotation guide, with stable codes and fixes |
//! | [`io`] | opening inputs: gzip, xz and zstd, directory walks that end, files that are not files |
//! | [`pipeline`] | streaming, ordered, parallel annotation of many documents |
//! | [`eval`] | scores predictions against gold: strict/lenient P/R/F1, error categories, confusion, value agreement |
//! | [`stats`] | corpus statistics in one pass: counts and surfaces per label, rates, findings |
//! | [`html`] | self-contained HTML pages to review by eye: a document, gold against prediction, a corpus index |
//!
//! Inside, a document is normalised once into a matching view and cut into
//! syllable tokens; one automaton finds every lexicon entry; one tagger per
//! label family proposes candidates over a shared token cursor; resolution
//! keeps the flat layer of the guide; attributes are typed values, turned
//! into JSON only when a record is written.
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
//! assert_eq!(ann.attrs_json(0, &text)["id"], "party.politburo");
//! ```

#![deny(missing_docs)]
// Items no path from the crate root reaches are `pub(crate)`: the public
// face is what the root re-exports and its public modules hold.
#![warn(unreachable_pub)]

mod annotator;
pub mod attrs;
mod calendar;
pub mod claims;
mod dates;
mod document;
pub mod encoding;
pub mod entity;
mod error;
pub mod eval;
pub mod findings;
pub mod formats;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod heads;
pub mod html;
pub mod io;
mod known;
mod label;
pub mod lexicon;
pub mod lint;
pub(crate) mod matcher;
pub mod mine;
pub mod numbers;
pub mod numeric;
mod parts;
mod phonotactics;
pub mod pipeline;
pub(crate) mod resolve;
pub mod sentences;
pub mod stats;
pub(crate) mod syllable_rules;
pub mod syllables;
pub(crate) mod taggers;
pub mod text;

pub use annotator::{Annotation, Annotator, AnnotatorBuilder, BuildError, Worker};
pub use entity::{Entity, Nested};
pub use error::ParseError;
pub use label::{Label, LabelSet};
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
