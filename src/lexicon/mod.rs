//! Lexicons: the plain-text word lists every tagger draws on.
//!
//! # File format
//!
//! A lexicon is a UTF-8 TSV file, one entry a line, diffable and easy to
//! review. Lines starting with `#` are comments; blank lines are skipped.
//! The first other line is the header, exactly `surface`, `label`, `id`,
//! `attrs` separated by tabs.
//!
//! Then one entry a line, four tab-separated columns (the last may be empty):
//!
//! | column  | what |
//! |---------|------|
//! | surface | the form as written: `Bình Phước`, `UBND`, `đảng viên` |
//! | label   | an entity label (`PER`, `TITLE`, `ORG`, `LOC`, `DOCREF`, `DATE`, `PERCENT`, `MONEY`, `QUANTITY`), which the lexicon tagger emits as it is; or a lower-case class such as `loc.admin` or `per.surname`, which only the grammar taggers read: one of the registry's classes ([`ClassId`]; `vietag lexicon classes` lists them with the attributes each takes) |
//! | id      | a canonical id (may be empty); entries with the same id are aliases |
//! | attrs   | `key=value` pairs joined by `;`; lists inside a value joined by `\|` |
//!
//! The attribute `case` says how the text's capitalisation must agree:
//! `case=cap` (the default when the surface has an upper-case letter) needs
//! every syllable written with an initial capital in the entry to start with a
//! capital in the text, and every all-capital abbreviation ("UBND") to be all
//! capitals; upper-case headlines therefore match. `case=any` (the default
//! for all-lower-case surfaces) ignores case. This is what keeps the place
//! "An" from matching the word "an".
//!
//! Entries of a class are checked against the registry when they are
//! parsed: an unknown class or attribute is an error with a did-you-mean,
//! a missing required attribute or a value the class does not take is an
//! error that names it. `vietag lexicon check` runs exactly this validation
//! (it builds an annotator with the files), so a file it accepts loads.
//!
//! Matching ignores Unicode normalisation form, letter case for `case=any`,
//! white space width and old/new tone placement ("Hoà"/"Hòa").

// The format section shows the header with its real tabs.
#![allow(clippy::tabs_in_doc_comments)]

mod classes;
mod embedded;
mod entry;
mod names;
mod parse;

pub use classes::ClassId;
pub(crate) use embedded::default_entries;
pub use embedded::DEFAULT_LEXICONS;
pub use entry::{CaseRule, Entry, EntryAttrs, EntryClass, LexiconError, LexiconIssue, Origin};
pub(crate) use names::{name_facts, NameFacts};
pub use parse::parse_lexicon;

/// An entry of a compiled lexicon (its index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub(crate) u32);

impl EntryId {
    /// The entry's index in [`crate::Annotator::entries`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
