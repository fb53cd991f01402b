//! The lexicon tagger: every hit of an entry whose label column is an
//! entity label becomes a candidate with that label.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::{Candidate, Document, Tagger};
use crate::entity::Label;
use crate::lexicon::EntryClass;

/// Tags whatever the loaded lexicons list with an entity label.
#[derive(Debug, Default)]
pub struct LexiconTagger;

impl LexiconTagger {
    /// Rule name used for priorities.
    pub const NAME: &'static str = "lexicon";
    /// Lexicon entries are explicit facts: they win ties against rules.
    pub const PRIORITY: u8 = 50;
}

impl Tagger for LexiconTagger {
    fn name(&self) -> &'static str {
        Self::NAME
    }

    fn labels(&self) -> &'static [Label] {
        &Label::ALL
    }

    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        for hit in doc.hits {
            let Some(entry) = doc.lexicon.entry(hit.entry) else {
                continue;
            };
            let EntryClass::Entity(label) = entry.class else {
                continue;
            };
            let mut attrs = Map::new();
            if !entry.id.is_empty() {
                attrs.insert("id".into(), Value::String(entry.id.clone()));
            }
            for (k, v) in &entry.attrs {
                attrs.insert(k.clone(), Value::String(v.clone()));
            }
            out.push(Candidate {
                tokens: hit.tokens.clone(),
                label,
                attrs,
                source: Cow::Owned(entry.origin.to_string()),
                priority: Self::PRIORITY,
            });
        }
    }
}
