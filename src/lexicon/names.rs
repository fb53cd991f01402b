//! What the person grammar asks of a surname's or a given-name syllable's
//! entry, read from its attributes once when the lexicon is compiled: the
//! grammar asks it at most capitalised words, and reading an attribute is a
//! scan of the entry's attribute string and a number to parse.

use super::{ClassId, Entry, EntryClass};

/// Common surnames can start a name on their own; rarer ones (which are
/// often place words too: Long, Phú, Bình) need a three-syllable name.
/// Percent of the population (`freq` of a surname).
const COMMON_SURNAME_PERCENT: f64 = 0.3;

/// A middle name is a given-name syllable seen at least this many times in
/// the middle of names of the roster ...
const MIDDLE_MIN_COUNT: f64 = 100.0;
/// ... and this many times as often in the middle as at the end ("Văn",
/// "Thị", "Hữu", "Ngọc").
const MIDDLE_RATIO: f64 = 5.0;

/// The name facts of one entry (none for entries of other classes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct NameFacts(u8);

impl NameFacts {
    const COMMON_SURNAME: u8 = 1;
    const OFTEN_MIDDLE: u8 = 2;

    /// The facts of `entry`.
    pub(crate) fn of(entry: &Entry) -> Self {
        let number =
            |key: &str| -> f64 { entry.attr(key).and_then(|v| v.parse().ok()).unwrap_or(0.0) };
        let bits = match entry.class {
            EntryClass::Class(ClassId::PER_SURNAME) if number("freq") >= COMMON_SURNAME_PERCENT => {
                Self::COMMON_SURNAME
            }
            EntryClass::Class(ClassId::PER_GIVEN) => {
                let mid = number("roster_mid");
                let often =
                    mid >= MIDDLE_MIN_COUNT && mid >= MIDDLE_RATIO * (number("roster_last") + 1.0);
                if often {
                    Self::OFTEN_MIDDLE
                } else {
                    0
                }
            }
            _ => 0,
        };
        NameFacts(bits)
    }

    /// A surname entry whose `freq` is at least
    /// [`COMMON_SURNAME_PERCENT`].
    #[inline]
    pub(crate) fn common_surname(self) -> bool {
        self.0 & Self::COMMON_SURNAME != 0
    }

    /// A given-name entry seen mostly in the middle of names of the roster
    /// (`roster_mid` against `roster_last`).
    #[inline]
    pub(crate) fn often_middle(self) -> bool {
        self.0 & Self::OFTEN_MIDDLE != 0
    }
}

/// The facts of every entry, in order.
pub(crate) fn name_facts(entries: &[Entry]) -> Vec<NameFacts> {
    entries.iter().map(NameFacts::of).collect()
}
