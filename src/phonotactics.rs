//! Is a word spelt like a Vietnamese syllable? Used to tell a foreign name
//! written in Latin script ("Trump", "Ronaldo", "Jong") from Vietnamese
//! words.
//!
//! The syllable structure (onsets, rhymes, spelling rules) is
//! [`crate::syllable_rules`]'s, which encoding detection shares. This
//! module asks it with the tone ignored, and with one leniency of its own:
//! a word written without any diacritics ("Nguyen", "Long") is compared
//! with the syllables stripped of their marks too, so Vietnamese written in
//! plain ASCII still reads as Vietnamese. Words that fail are foreign for
//! the name grammar: consonant clusters ("Steve"), codas Vietnamese has not
//! ("Trump", "Mayer", "Kohl"), letters it has not (f, j, w, z), two vowel
//! groups ("Ronaldo").
//!
//! What it adds is speed: the check runs on every capitalised word, so the
//! syllables' keys, enumerated by the build script, go into hash sets once,
//! and the answers for the last words a thread spelt are kept.

use std::cell::Cell;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::syllable_rules::{LetterKey, KEY_BYTES, MAX_LETTERS};
use crate::text::fold::split_tone;
use crate::text::swar::pack;

/// True if `word` (lower-case, as in the matching view) is spelt like a
/// Vietnamese syllable.
///
/// ```text
/// nguyễn, thủy, quyết, giếng, Nguyen → true
/// trump, steve, ronaldo, jong, kohl → false
/// ```
pub(crate) fn is_vietnamese(word: &str) -> bool {
    spelling(word).vietnamese()
}

/// What one pass over a word's letters tells of it: whether it is all
/// letters, spelt like a Vietnamese syllable, and longer than one
/// character. The foreign-name grammar asks all three of every capitalised
/// word, so [`spelling`] answers them together and the document keeps the
/// answer per token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spelling(u8);

impl Spelling {
    /// Every character is a letter ([`char::is_alphabetic`]).
    const LETTERS: u8 = 1;
    /// A Vietnamese syllable (so all letters too).
    const VIETNAMESE: u8 = 2;
    /// Two characters or more.
    const LONG: u8 = 4;
    /// Every bit: the values fit in these.
    pub(crate) const BITS: u8 = 7;

    /// True if every character of the word is a letter.
    #[inline]
    pub(crate) fn letters(self) -> bool {
        self.0 & Self::LETTERS != 0
    }

    /// True if the word has two characters or more.
    #[inline]
    pub(crate) fn long(self) -> bool {
        self.0 & Self::LONG != 0
    }

    /// True if the word is spelt like a Vietnamese syllable.
    #[inline]
    pub(crate) fn vietnamese(self) -> bool {
        self.0 & Self::VIETNAMESE != 0
    }

    /// True if the word is foreign to the name grammar: two characters or
    /// more and no Vietnamese syllable (a single letter is an initial).
    #[inline]
    pub(crate) fn foreign(self) -> bool {
        self.0 & (Self::LONG | Self::VIETNAMESE) == Self::LONG
    }

    /// The bits, for a memo of one byte (within [`Self::BITS`]).
    #[inline]
    pub(crate) fn to_bits(self) -> u8 {
        self.0
    }

    /// The spelling whose [`Self::to_bits`] are `bits`.
    #[inline]
    pub(crate) fn from_bits(bits: u8) -> Self {
        Spelling(bits & Self::BITS)
    }
}

/// The [`Spelling`] of `word` (lower-case, as in the matching view).
///
/// The same few thousand capitalised words come back in document after
/// document, so the answers for the last words a thread spelt are kept,
/// one per slot of [`RECENT`] by a hash of the word's bytes: reading one
/// back costs a fraction of spelling the word again.
#[inline]
pub(crate) fn spelling(word: &str) -> Spelling {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > KEY_BYTES {
        return spell(word);
    }
    let key = pack(bytes);
    // The length tells a word from the same word with NUL bytes after it,
    // which packs alike.
    let tag = (bytes.len() as u8) << 3;
    let mixed = (key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let slot = (mixed >> (64 - RECENT_BITS)) as usize;
    RECENT.with(|recent| {
        let (known, value) = (&recent.keys[slot], &recent.values[slot]);
        if known.get() == key && value.get() & !Spelling::BITS == tag {
            return Spelling::from_bits(value.get());
        }
        let spelling = spell(word);
        known.set(key);
        value.set(tag | spelling.to_bits());
        spelling
    })
}

/// Bits of the slot of a word in [`RECENT`].
const RECENT_BITS: u32 = 12;
const RECENT_SLOTS: usize = 1 << RECENT_BITS;
const _: () = assert!((KEY_BYTES as u8) << 3 & Spelling::BITS == 0);

/// The words a thread spelt last ([`pack`]ed; zero for none: no word is
/// empty) and their spellings, with the word's length above the
/// [`Spelling::BITS`].
struct Recent {
    keys: [Cell<u128>; RECENT_SLOTS],
    values: [Cell<u8>; RECENT_SLOTS],
}

thread_local! {
    static RECENT: Recent = const {
        Recent {
            keys: [const { Cell::new(0) }; RECENT_SLOTS],
            values: [const { Cell::new(0) }; RECENT_SLOTS],
        }
    };
}

/// [`spelling`] without the words kept.
fn spell(word: &str) -> Spelling {
    let long = word
        .chars()
        .next()
        .is_some_and(|c| word.len() > c.len_utf8());
    let long = if long { Spelling::LONG } else { 0 };
    // The word without tones, looked up among every syllable the spelling
    // rules allow (some 4,000, enumerated once): the rules themselves cost
    // over a thousand instructions a word, and this check runs on every
    // capitalised word.
    let tables = tables();
    // A word in plain ASCII is its own key: no letter to decode or strip.
    if word.is_ascii() {
        let bytes = word.as_bytes();
        if !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Spelling(long);
        }
        let syllable = bytes.len() <= MAX_LETTERS && tables.ascii.contains(&pack(bytes));
        return Spelling(long | Spelling::LETTERS | syllable_bit(syllable));
    }
    // Past the longest syllable only the letters are checked.
    let mut key = LetterKey::new();
    for c in word.chars() {
        let Some(letter) = tables.toneless(c) else {
            return Spelling(long);
        };
        key.push(letter);
    }
    let syllable = key.key().is_some_and(|k| tables.marked.contains(&k));
    Spelling(long | Spelling::LETTERS | syllable_bit(syllable))
}

/// [`Spelling::VIETNAMESE`] if `syllable`.
#[inline]
fn syllable_bit(syllable: bool) -> u8 {
    if syllable {
        Spelling::VIETNAMESE
    } else {
        0
    }
}

// `SYLLABLE_KEYS`: the two keys of every syllable, written by the build
// script with `syllable_rules::for_each_syllable_key`. Enumerated from the
// rules at first use, they were about a tenth of the instructions of a
// one-line document's start-up (callgrind), on its critical path.
include!(concat!(env!("OUT_DIR"), "/syllable_keys.rs"));

/// What [`is_vietnamese`] looks up, built once.
struct Tables {
    /// Every toneless syllable of [`crate::syllable_rules`], as written.
    marked: FxHashSet<u128>,
    /// The same in plain ASCII.
    ascii: FxHashSet<u128>,
    /// For the Latin letters from U+00C0 and those of Latin Extended
    /// Additional: the letter without its tone, or `None` for no letter.
    latin: Vec<Option<char>>,
    extended: Vec<Option<char>>,
}

/// First code point of [`Tables::latin`] and [`Tables::extended`], and
/// their ends (exclusive).
const LATIN: (u32, u32) = (0xC0, 0x250);
const EXTENDED: (u32, u32) = (0x1E00, 0x1F00);

impl Tables {
    /// `c` without its tone if it is a letter ([`char::is_alphabetic`]),
    /// from the tables for the letters Vietnamese is written in: the
    /// Unicode tables behind decomposition and letter classes are large and
    /// slow to reach.
    #[inline]
    fn toneless(&self, c: char) -> Option<char> {
        let u = c as u32;
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(c);
        }
        let slot = if (LATIN.0..LATIN.1).contains(&u) {
            self.latin.get((u - LATIN.0) as usize)
        } else if (EXTENDED.0..EXTENDED.1).contains(&u) {
            self.extended.get((u - EXTENDED.0) as usize)
        } else {
            None
        };
        match slot {
            Some(&t) => t,
            None => c.is_alphabetic().then(|| split_tone(c).0),
        }
    }
}

/// The syllable sets and letter tables: every toneless syllable
/// [`crate::syllable_rules`] allows, tones not checked (a tone error does
/// not make a word foreign), as written and without vowel marks. The
/// second set is this check's own leniency: a word written in plain ASCII
/// ("Nguyen", "Long") reads as the syllable whose marks it lost, since
/// names are often written so. Built at first use, in every process, from
/// the keys the build script wrote ([`SYLLABLE_KEYS`]).
fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let marked = SYLLABLE_KEYS.iter().map(|&[marked, _]| marked).collect();
        let ascii = SYLLABLE_KEYS.iter().map(|&[_, ascii]| ascii).collect();
        let table = |(from, to): (u32, u32)| -> Vec<Option<char>> {
            (from..to)
                .map(|u| {
                    char::from_u32(u)
                        .filter(|c| c.is_alphabetic())
                        .map(|c| split_tone(c).0)
                })
                .collect()
        };
        Tables {
            marked,
            ascii,
            latin: table(LATIN),
            extended: table(EXTENDED),
        }
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::OnceLock;

    use super::is_vietnamese;
    use crate::syllable_rules::{for_each_syllable, is_syllable, Tone, ONSETS, RHYMES};
    use crate::text::fold::{split_tone, strip_diacritics};

    #[test]
    fn the_keys_the_build_script_wrote_are_those_of_the_rules() {
        let mut enumerated = Vec::new();
        crate::syllable_rules::for_each_syllable_key(|pair| enumerated.push(pair));
        assert!(enumerated.len() > 3_000, "{} syllables", enumerated.len());
        assert_eq!(super::SYLLABLE_KEYS.to_vec(), enumerated);
    }

    #[test]
    fn vietnamese_syllables_pass() {
        for w in [
            "nguyễn", "thủy", "quyết", "giếng", "gì", "giữ", "người", "rượu", "khuya", "khuỷu",
            "ngoằn", "oanh", "yến", "xoài", "huỳnh", "phước", "đoàn", "kiên", "nghiêng", "ghế",
            "quốc", "thuở", "a", "ưng", "kim", "long", "sang", "tâm", "quỳnh", "tuýp", "yểng",
        ] {
            assert!(is_vietnamese(w), "{w}");
        }
    }

    #[test]
    fn plain_ascii_vietnamese_passes() {
        for w in ["nguyen", "thuy", "quyet", "duong", "hoang", "phuoc"] {
            assert!(is_vietnamese(w), "{w}");
        }
    }

    /// The rules applied to the word directly: [`is_syllable`] on its
    /// toneless letters or, for a word in plain ASCII, some syllable
    /// without its marks.
    fn by_rules(word: &str) -> bool {
        static STRIPPED: OnceLock<HashSet<String>> = OnceLock::new();
        let letters: Vec<char> = word.chars().map(|c| split_tone(c).0).collect();
        if !word.is_ascii() {
            return is_syllable(&letters, Tone::Ignored);
        }
        let stripped = STRIPPED.get_or_init(|| {
            let mut all = HashSet::new();
            for_each_syllable(|s| {
                all.insert(s.iter().copied().map(strip_diacritics).collect());
            });
            all
        });
        stripped.contains(word)
    }

    #[test]
    fn the_letter_tables_agree_with_unicode() {
        let tables = super::tables();
        for c in ('\0'..='\u{2000}').chain('\u{1e00}'..='\u{1eff}') {
            let expected = c.is_alphabetic().then(|| split_tone(c).0);
            assert_eq!(tables.toneless(c), expected, "{c:?}");
        }
    }

    #[test]
    fn the_syllable_sets_agree_with_the_rules() {
        // Every onset and rhyme pair, with each tone, in plain ASCII, and
        // with a letter too many or too few.
        let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
        let mut words = Vec::new();
        for onset in ONSETS.iter().copied().chain(["", "gh", "q", "f"]) {
            for rhyme in RHYMES.iter().copied().chain(["oo", "uo", "ie", "ynh"]) {
                let word = format!("{onset}{rhyme}");
                let plain: String = word.chars().map(strip_diacritics).collect();
                for tone in tones {
                    let mut toned: String = word.clone();
                    toned.insert_str(toned.len(), tone);
                    words.push(
                        unicode_normalization::UnicodeNormalization::nfc(toned.as_str()).collect(),
                    );
                }
                words.push(format!("{plain}h"));
                words.push(plain.chars().skip(1).collect());
                words.push(plain);
            }
        }
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["", "a1", "nguyễnn", "thuyềnnnnn"])
        {
            assert_eq!(is_vietnamese(w), by_rules(w), "{w}");
        }
    }

    #[test]
    fn the_spelling_tells_letters_and_length_too() {
        for w in [
            "",
            "a",
            "g",
            "an",
            "nguyễn",
            "trump",
            "u23",
            "x-y",
            "josé",
            "müller",
            "ωμέγα",
            "thuyềnnnnnnnnnnnnnn",
            "nghiêngg1",
            "é",
            "×",
        ] {
            let s = super::spelling(w);
            assert_eq!(s.letters(), w.chars().all(char::is_alphabetic), "{w}");
            assert_eq!(s.vietnamese(), by_rules(w), "{w}");
            assert_eq!(s.foreign(), w.chars().count() > 1 && !by_rules(w), "{w}");
            assert_eq!(super::Spelling::from_bits(s.to_bits()), s);
            // Read back from the words kept, and with a NUL after it.
            assert_eq!(super::spelling(w), s, "{w}");
            let nul = format!("{w}\0");
            assert_eq!(super::spelling(&nul), super::spell(&nul), "{w}");
        }
    }

    #[test]
    fn foreign_words_fail() {
        for w in [
            "trump", "steve", "ronaldo", "jong", "kohl", "mayer", "bae", "lee", "messi", "donald",
            "jobs", "isco", "ka", "ko", "kang", "ghost", "wenger", "zidane", "josé", "müller",
            "celta", "vigo", "yahoo", "sina", "paris", "ling", "chul", "duk", "u23", "",
        ] {
            assert!(!is_vietnamese(w), "{w}");
        }
    }
}
