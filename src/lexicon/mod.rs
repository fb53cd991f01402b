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
mod parse;

use std::fmt;
use std::sync::Arc;

pub use classes::ClassId;
pub use embedded::DEFAULT_LEXICONS;
pub use parse::parse_lexicon;

use crate::label::Label;

/// An entry of a compiled lexicon (its index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub(crate) u32);

impl EntryId {
    /// The entry's index in [`crate::Annotator::entries`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What an entry is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryClass {
    /// Emitted as an entity with this label wherever it matches.
    Entity(Label),
    /// A word class read by the grammar taggers (`loc.admin`, `per.surname`).
    Class(ClassId),
}

impl EntryClass {
    /// The class name, or the label for entity entries.
    pub fn name(&self) -> &'static str {
        match self {
            EntryClass::Entity(l) => l.as_str(),
            EntryClass::Class(c) => c.name(),
        }
    }
}

/// How the text's capitalisation must agree with an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRule {
    /// Capitalised syllables of the entry must be capitalised in the text.
    Cap,
    /// Any capitalisation matches.
    Any,
}

/// Where an entry was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file name as given (for embedded lexicons, their repository path).
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One lexicon line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The surface form as written in the file.
    pub surface: String,
    /// Entity label or word class.
    pub class: EntryClass,
    /// Canonical id; empty if none.
    pub id: String,
    /// Attributes other than `case`, in file order.
    pub attrs: EntryAttrs,
    /// Capitalisation rule.
    pub case: CaseRule,
    /// Where the entry was defined.
    pub origin: Origin,
}

impl Entry {
    /// The value of attribute `key`, if present.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key)
    }
}

/// The attributes of an entry, `key=value` pairs in file order, kept in
/// one string: the default lexicons hold some 150,000 of them, and one
/// allocation an entry instead of two a pair is much of the start-up.
///
/// ```
/// let annotator = vietag::Annotator::new().unwrap();
/// let hanoi = annotator
///     .entries()
///     .iter()
///     .find(|e| e.surface == "Hà Nội" && e.attr("level") == Some("province"))
///     .unwrap();
/// assert!(hanoi.attrs.iter().any(|(k, v)| (k, v) == ("code", "01")));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryAttrs(Box<str>);

/// Separates a key from its value, and one pair from the next, inside
/// [`EntryAttrs`]: control characters no lexicon line can hold.
const KEY_END: char = '\u{1f}';
const PAIR_END: char = '\u{1e}';

impl EntryAttrs {
    /// Attributes from `(key, value)` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut s = String::new();
        for (k, v) in pairs {
            if !s.is_empty() {
                s.push(PAIR_END);
            }
            s.push_str(k);
            s.push(KEY_END);
            s.push_str(v);
        }
        EntryAttrs(s.into_boxed_str())
    }

    /// The pairs, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .split(PAIR_END)
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once(KEY_END).unwrap_or((p, "")))
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().find(|&(k, _)| k == key).map(|(_, v)| v)
    }

    /// True when there are no attributes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A problem in a lexicon file, with its place and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconIssue {
    /// File name as given.
    pub file: Arc<str>,
    /// 1-based line number (0 for the file as a whole).
    pub line: u32,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for LexiconIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// Lexicon files that could not be loaded: every problem found, not just
/// the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    /// The problems, in file and line order.
    pub issues: Vec<LexiconIssue>,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.issues.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LexiconError {}
