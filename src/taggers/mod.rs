//! Taggers: each one finds candidate spans of some labels in a prepared
//! document. Candidates overlap freely; [`crate::resolve`] turns them into
//! the flat layer of the annotation guide.

pub(crate) mod date;
pub(crate) mod docref;
pub(crate) mod foreign;
pub(crate) mod grammar;
pub(crate) mod lexicon;
pub(crate) mod loc;
pub(crate) mod mentions;
pub(crate) mod numeric;
pub(crate) mod org;
pub(crate) mod org_context;
pub(crate) mod person;
pub(crate) mod title;

use std::ops::Range;

use crate::attrs::{Attrs, Source};
pub(crate) use crate::document::Document;
use crate::entity::Entity;
use crate::label::Label;

/// The hit kinds the taggers walk from, or read every hit of
/// ([`Document::hits_of`]): the document lists their hits apart
/// ([`DocBuffers::document`](crate::document::DocBuffers::document)), and
/// the walks pass over none of the others (nine hits in ten of a news text
/// are function words and stop lists). A kind left out here is still
/// found, among all the hits.
pub(crate) const WALKED_KINDS: u128 = crate::document::ENTITY_LABEL_KINDS
    | title::ROLE_START
    | org::FIRST_WORDS
    | org_context::CONTEXT_WORDS
    | date::TERM_START
    | loc::FIRST_WORDS
    | docref::START_KINDS;

/// A possible entity, as a token range.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Candidate {
    /// Tokens covered (first .. one past the last).
    pub(crate) tokens: Range<usize>,
    /// The label it would get.
    pub(crate) label: Label,
    /// Its attributes: small typed values (lexicon entries, text spans)
    /// whose JSON is written only for the entities that are kept.
    pub(crate) attrs: Attrs,
    /// What produced it.
    pub(crate) source: Source,
    /// Tie-breaker between candidates of equal length (higher wins).
    pub(crate) priority: u8,
}

/// Per-document scratch of the taggers, kept by a worker from one document
/// to the next: the taggers are shared between threads and hold none.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// For the other mentions of names ([`mentions::tag`]).
    pub(crate) mentions: mentions::Scratch,
    /// The PER candidates, sorted, for the lists of people (see
    /// `person::list_mates`).
    pub(crate) people: Vec<(usize, usize)>,
    /// The items of a list of people being read.
    pub(crate) list_items: Vec<std::ops::Range<usize>>,
}

/// One tagger. Implementations hold only compiled, read-only data, so one
/// instance serves every thread.
pub(crate) trait Tagger: Send + Sync + std::fmt::Debug {
    /// Appends this tagger's candidates for `doc` to `out`.
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>);

    /// Runs after every tagger's [`Tagger::tag`], with all candidates of the
    /// document in `out`: for rules that need the others' results (a name
    /// found once is tagged at its other mentions). `scratch` is the
    /// worker's, for buffers that outlive the document.
    fn finish(&self, _doc: &Document<'_>, _out: &mut Vec<Candidate>, _scratch: &mut Scratch) {}

    /// Runs on every entity that resolution kept, with its nested mentions:
    /// for attributes that depend on what else was kept (an organisation's
    /// place links to the unit its nested place names).
    fn complete(&self, _doc: &Document<'_>, _entity: &mut Entity) {}
}

/// Runs `f` on `text` prepared with the default lexicons (compiled once).
#[cfg(test)]
pub(crate) fn with_default_document<R>(text: &str, f: impl FnOnce(&Document<'_>) -> R) -> R {
    use crate::matcher::CompiledLexicon;
    use crate::numeric::Roles;
    use crate::text::ViewOptions;
    static LEXICON: std::sync::OnceLock<(CompiledLexicon, Roles)> = std::sync::OnceLock::new();
    let (lexicon, roles) = LEXICON.get_or_init(|| {
        let entries = crate::lexicon::default_entries();
        let lexicon = CompiledLexicon::build(entries, ViewOptions::default()).unwrap();
        let roles = Roles::build(&lexicon).unwrap();
        (lexicon, roles)
    });
    let mut bufs = crate::document::DocBuffers::default();
    let doc = bufs.document(text, lexicon, roles, WALKED_KINDS);
    f(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::kind_mask;
    use crate::lexicon::ClassId;

    #[test]
    fn the_listed_hits_of_a_mask_are_all_its_hits() {
        let text = "Ngày 3/2, Bí thư Tỉnh ủy Bình Dương và Công ty Vinamilk theo \
                    Chỉ thị số 05-CT/TW đã có 12 người, của các xã ở TP.HCM.";
        let unit = kind_mask(&[ClassId::QTY_UNIT.kind()]);
        let masks = [
            WALKED_KINDS,
            title::ROLE_START,
            org::FIRST_WORDS | loc::FIRST_WORDS,
            docref::START_KINDS,
            crate::document::ENTITY_LABEL_KINDS,
            // Kinds not listed, alone and with listed ones: all the hits
            // are read.
            unit,
            unit | title::ROLE_START,
            u128::MAX,
        ];
        with_default_document(text, |doc| {
            for mask in masks {
                let all: Vec<&crate::matcher::LexHit> = doc
                    .hits
                    .iter()
                    .filter(|h| crate::matcher::kind_bit(h.kind) & mask != 0)
                    .collect();
                assert_eq!(doc.hits_of(mask).collect::<Vec<_>>(), all, "{mask:x}");
            }
            // The text has hits of both sorts, so the test compares lists
            // that are not empty.
            assert!(doc.hits_of(title::ROLE_START).next().is_some());
            assert!(doc.hits_of(unit).next().is_some());
            assert!(doc.hits_of(WALKED_KINDS).count() < doc.hits.len());
        });
    }

    /// The hits read off the index of first hits, for any range of tokens
    /// (empty, reversed, or running past the end), are the hits whose
    /// start lies in it; those ending at a token are the hits that end
    /// there.
    #[test]
    fn the_hits_of_a_range_are_those_that_start_in_it() {
        for text in [
            "Ngày 3/2, Bí thư Tỉnh ủy Bình Dương và Công ty Vinamilk đã có 12 người.",
            "Chủ tịch UBND tỉnh Long An",
            "",
            "ờ",
        ] {
            with_default_document(text, |doc| {
                let n = doc.tokens.len();
                assert!(text.len() < 4 || doc.hits.len() > 4, "{text:?}");
                for a in 0..n + 3 {
                    for b in 0..n + 3 {
                        let want: Vec<&crate::matcher::LexHit> = doc
                            .hits
                            .iter()
                            .filter(|h| (a..b).contains(&h.tokens.start))
                            .collect();
                        let got: Vec<_> = doc.hits_starting(a..b).iter().collect();
                        assert_eq!(got, want, "{text:?} {a}..{b}");
                        let range = doc.hit_indices(a..b);
                        assert_eq!(doc.hits.get(range).map(<[_]>::len), Some(want.len()));
                    }
                    let ending: Vec<_> = doc.hits_ending(a).collect();
                    let want: Vec<_> = doc.hits.iter().filter(|h| h.tokens.end == a).collect();
                    assert_eq!(ending, want, "{text:?} ending at {a}");
                }
            });
        }
    }
}
