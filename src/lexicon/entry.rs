//! The entries of a lexicon and the problems found in one: the types the
//! parser produces. They depend on nothing but the label and class
//! registries, so that the build script can parse the embedded lexicons
//! with the same code (see `build.rs`).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use super::classes::ClassId;
use crate::label::Label;
use crate::text::swar::{control_bytes, tail_word, word_at};

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

    /// The kind number of the class: the label's index for entity entries,
    /// then the classes of the registry in order (see [`ClassId`]). The
    /// matcher numbers its hits by it; kinds below 128 have a bit in its
    /// per-token masks.
    pub(crate) fn kind(&self) -> u8 {
        match self {
            EntryClass::Entity(l) => *l as u8,
            EntryClass::Class(c) => c.kind(),
        }
    }

    /// The class of kind number `kind`, if there is one.
    pub(crate) fn from_kind(kind: u8) -> Option<EntryClass> {
        match Label::ALL.get(usize::from(kind)) {
            Some(&l) => Some(EntryClass::Entity(l)),
            None => ClassId::from_kind(kind).map(EntryClass::Class),
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
///
/// Its texts borrow the binary's own data for the embedded lexicons (no
/// copy at start-up) and own what was read from a user's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The surface form as written in the file.
    pub surface: Cow<'static, str>,
    /// Entity label or word class.
    pub class: EntryClass,
    /// Canonical id; empty if none.
    pub id: Cow<'static, str>,
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
pub struct EntryAttrs(Cow<'static, str>);

/// The pairs of [`EntryAttrs`], read with one pass over bytes (the strings
/// are short, and the taggers read attributes of every entry at start-up).
struct Pairs<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Pairs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        if self.rest.is_empty() {
            return None;
        }
        let bytes = self.rest.as_bytes();
        // One pass, eight bytes at a time, to the key's end and then the
        // pair's: the place facts alone read some 124,000 pairs at each
        // start-up, and a byte at a time that was three fifths of their
        // instructions (measured).
        let key_end = next_separator(bytes, 0);
        let end = match bytes.get(key_end) {
            Some(&b) if b == KEY_END as u8 => next_separator(bytes, key_end + 1),
            _ => key_end,
        };
        // Split at the separators (ASCII, so on character boundaries), each
        // dropped with the piece after it.
        let (pair, rest) = self.rest.split_at_checked(end).unwrap_or((self.rest, ""));
        self.rest = rest.get(1..).unwrap_or("");
        let (key, value) = pair.split_at_checked(key_end).unwrap_or((pair, ""));
        Some((key, value.get(1..).unwrap_or("")))
    }
}

/// The index of the first separator ([`KEY_END`], [`PAIR_END`]: the only
/// bytes below 0x20 in attributes) of `bytes` at or after `from`, or the
/// length. The last bytes are read as one word too, zero bytes above them
/// ([`tail_word`]): a zero byte is below 0x20 as well, so the first one
/// flags the length when no separator comes before it. With them read
/// byte by byte and the pair cut by four `str::get`s, `Pairs::next` took
/// 9.0M instructions over s800.jsonl (some 87,000 pairs); 7.7M so.
#[inline]
fn next_separator(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(word) = word_at(bytes, at) {
        let below = control_bytes(word);
        if below != 0 {
            return at + below.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    let below = control_bytes(tail_word(bytes, at).unwrap_or(0));
    (at + below.trailing_zeros() as usize / 8).min(bytes.len())
}

/// Separates a key from its value, and one pair from the next, inside
/// [`EntryAttrs`]: control characters no lexicon line can hold.
const KEY_END: char = '\u{1f}';
const PAIR_END: char = '\u{1e}';

impl EntryAttrs {
    /// Attributes from `(key, value)` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> Self {
        let len: usize = pairs
            .clone()
            .into_iter()
            .map(|(k, v)| k.len() + v.len() + 2)
            .sum();
        let mut s = String::with_capacity(len);
        for (k, v) in pairs {
            if !s.is_empty() {
                s.push(PAIR_END);
            }
            s.push_str(k);
            s.push(KEY_END);
            s.push_str(v);
        }
        EntryAttrs(Cow::Owned(s))
    }

    /// Attributes already joined with the separators [`EntryAttrs::packed`]
    /// uses (the build script writes them so for the embedded lexicons).
    pub(crate) fn from_packed(packed: &'static str) -> Self {
        EntryAttrs(Cow::Borrowed(packed))
    }

    /// The attributes as one string: keys and values joined by control
    /// characters no lexicon line can hold.
    // Only the build script calls it, to write the embedded rows.
    #[allow(dead_code)]
    pub(crate) fn packed(&self) -> &str {
        &self.0
    }

    /// The pairs, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        Pairs { rest: &self.0 }
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

#[cfg(test)]
mod tests {
    use super::EntryAttrs;

    #[test]
    fn get_finds_what_iterating_the_pairs_finds() {
        let pairs = [
            ("ab", "1"),
            ("a", ""),
            ("type", "thành phố"),
            ("type2", "x|y"),
            ("b", "a=b"),
        ];
        let attrs = EntryAttrs::from_pairs(pairs);
        for key in ["a", "ab", "abc", "type", "type2", "typ", "b", "", "c", "1"] {
            let by_pairs = attrs.iter().find(|&(k, _)| k == key).map(|(_, v)| v);
            assert_eq!(attrs.get(key), by_pairs, "key {key:?}");
        }
        assert_eq!(attrs.get("type"), Some("thành phố"));
        assert_eq!(EntryAttrs::default().get("a"), None);
    }

    /// The pairs read back as they were joined, whatever their lengths
    /// against the eight bytes the separators are looked for in at once,
    /// keys and values of one- and multi-byte characters alike.
    #[test]
    fn pairs_of_every_length_read_back() {
        let texts: Vec<String> = (0..20)
            .flat_map(|n| ["a".repeat(n), "ệ".repeat(n), format!("{}ố", "x".repeat(n))])
            .collect();
        for (i, key) in texts.iter().enumerate().filter(|(_, k)| !k.is_empty()) {
            for value in &texts {
                let other = &texts[(i * 7) % texts.len()];
                let pairs = [(key.as_str(), value.as_str()), ("k", other.as_str())];
                let attrs = EntryAttrs::from_pairs(pairs);
                assert_eq!(attrs.iter().collect::<Vec<_>>(), pairs, "{attrs:?}");
                let alone = EntryAttrs::from_pairs([(key.as_str(), value.as_str())]);
                assert_eq!(alone.iter().collect::<Vec<_>>(), [pairs[0]]);
            }
        }
    }
}
