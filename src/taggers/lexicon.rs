//! The lexicon tagger: every hit of an entry whose label column is an
//! entity label becomes a candidate with that label.

use super::foreign::{place_in_foreign_name, place_is_language};
use super::{Candidate, Document, Tagger};
use crate::attrs::{Attrs, Source};
use crate::document::ENTITY_LABEL_KINDS;
use crate::entity::Label;
use crate::lexicon::{EntryClass, EntryId};

/// Tags whatever the loaded lexicons list with an entity label.
#[derive(Debug, Default)]
pub(crate) struct LexiconTagger;

impl LexiconTagger {
    /// Lexicon entries are explicit facts: they win ties against rules.
    pub(crate) const PRIORITY: u8 = 50;
}

impl Tagger for LexiconTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        for hit in doc.hits_of(ENTITY_LABEL_KINDS) {
            // Only the hits of entity labels come here (the document lists
            // them apart from the word classes' hits), and the label is read
            // off the hit's kind, not its entry, which would be a cache miss
            // each.
            let Some(EntryClass::Entity(label)) = EntryClass::from_kind(hit.kind) else {
                continue;
            };
            if label == Label::Loc
                && (place_in_foreign_name(doc, hit.tokens.clone())
                    || place_is_language(doc, hit.tokens.clone()))
            {
                continue;
            }
            let id = EntryId(hit.entry);
            out.push(Candidate {
                tokens: hit.tokens.clone(),
                label,
                attrs: Attrs::Entry(id),
                source: Source::Entry(id),
                priority: Self::PRIORITY,
            });
        }
    }
}
