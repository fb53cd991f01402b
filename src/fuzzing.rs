//! Entry points for the fuzz targets in `fuzz/` (cargo feature `fuzzing`,
//! off by default; not a stable API).
//!
//! The DOCREF and date grammars are crate-internal. [`Parsers`] prepares a
//! document the way the annotator does (view, tokens, lexicon hits over the
//! default lexicons) and runs those two taggers alone, returning every
//! candidate they propose, before resolution keeps some of them, so a fuzz
//! target sees what the grammars produce on any input.

use std::ops::Range;

use crate::annotator::BuildError;
use crate::lexicon::default_entries;
use crate::matcher::CompiledLexicon;
use crate::numeric::Roles;
use crate::taggers::date::DateTagger;
use crate::taggers::docref::DocRefTagger;
use crate::taggers::{Candidate, Document, Tagger};
use crate::text::ViewOptions;

/// One candidate of the DOCREF or date grammar.
#[derive(Clone, Debug)]
pub struct Found {
    /// Its label (`DOCREF` or `DATE`).
    pub label: &'static str,
    /// The tokens it covers, as the grammar gave them.
    pub tokens: Range<usize>,
    /// Byte range in the original text, or `None` when `tokens` is not a
    /// non-empty range of the document's tokens.
    pub bytes: Option<Range<usize>>,
    /// Its attributes as the record would write them.
    pub attrs: serde_json::Value,
}

/// The default lexicons compiled once, with the DOCREF and date taggers.
#[derive(Debug)]
pub struct Parsers {
    lexicon: CompiledLexicon,
    roles: Roles,
    docref: DocRefTagger,
}

impl Parsers {
    /// Compiles the default lexicons with `view` options.
    pub fn new(view: ViewOptions) -> Result<Self, BuildError> {
        let lexicon = CompiledLexicon::build(default_entries(), view)?;
        let roles = Roles::build(&lexicon)?;
        let docref = DocRefTagger::new(&lexicon);
        Ok(Parsers {
            lexicon,
            roles,
            docref,
        })
    }

    /// Every DOCREF and DATE candidate the two grammars propose for `text`,
    /// DOCREF first, and how many tokens the document has.
    pub fn candidates(&self, text: &str) -> (Vec<Found>, usize) {
        let mut bufs = crate::document::DocBuffers::default();
        let doc = bufs.document(
            text,
            &self.lexicon,
            &self.roles,
            crate::taggers::WALKED_KINDS,
        );
        let mut found = Vec::new();
        for (label, tagger) in [
            ("DOCREF", &self.docref as &dyn Tagger),
            ("DATE", &DateTagger),
        ] {
            let mut out = Vec::new();
            tagger.tag(&doc, &mut out);
            found.extend(out.iter().map(|c| self.found(&doc, label, c)));
        }
        (found, doc.tokens.len())
    }

    fn found(&self, doc: &Document<'_>, label: &'static str, c: &Candidate) -> Found {
        let first = doc.tokens.get(c.tokens.start);
        let last = c.tokens.end.checked_sub(1).and_then(|i| doc.tokens.get(i));
        let bytes = match (first, last) {
            (Some(a), Some(b)) if c.tokens.start < c.tokens.end => Some(a.orig.start..b.orig.end),
            _ => None,
        };
        let attrs = crate::formats::record::attrs_of(
            &c.attrs,
            c.label,
            &[],
            doc.text,
            &self.lexicon,
            &self.roles,
        );
        Found {
            label,
            tokens: c.tokens.clone(),
            bytes,
            attrs,
        }
    }
}
