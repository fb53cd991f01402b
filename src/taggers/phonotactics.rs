//! Is a word a Vietnamese syllable? A small check of Vietnamese spelling
//! (onset + rhyme, tones ignored), used to tell a foreign name written in
//! Latin script ("Trump", "Ronaldo", "Jong") from Vietnamese words.
//!
//! A Vietnamese syllable is an optional onset consonant (b, ch, gh, ngh,
//! qu, tr …) followed by one of the language's ~150 rhymes (a, oanh, uyêt,
//! ương …). The tone mark is ignored; the vowel marks (ă â ê ô ơ ư) are
//! part of the rhyme. A word written without any diacritics ("Nguyen",
//! "Long") is compared with the rhymes stripped of their marks too, so
//! Vietnamese written in plain ASCII still reads as Vietnamese. Words that
//! fail are foreign for the name grammar: consonant clusters ("Steve"),
//! codas Vietnamese has not ("Trump", "Mayer", "Kohl"), letters it has not
//! (f, j, w, z), two vowel groups ("Ronaldo").
//!
//! This is the writing system, not a word list: it never changes with the
//! news, so it lives here rather than in a lexicon.

use std::cell::Cell;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::text::fold::{split_tone, strip_diacritics};

/// Onsets, longest first so that "ngh" is tried before "ng" and "n".
const ONSETS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// The rhymes of Vietnamese, without tone.
const RHYMES: &[&str] = &[
    // open and glide-final
    "a", "ai", "ao", "au", "ay", "âu", "ây", "e", "eo", "ê", "êu", "i", "ia", "iu", "iêu", "o",
    "oi", "ô", "ôi", "ơ", "ơi", "u", "ua", "ui", "uôi", "ư", "ưa", "ưi", "ưu", "ươi", "ươu", "y",
    "yêu", "oa", "oai", "oao", "oay", "oe", "oeo", "uê", "uơ", "uy", "uya", "uyu", "uây",
    // a ă â
    "ac", "ach", "am", "an", "ang", "anh", "ap", "at", "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", "âc",
    "âm", "ân", "âng", "âp", "ât", // e ê
    "ec", "em", "en", "eng", "ep", "et", "êch", "êm", "ên", "ênh", "êp", "êt", // i iê yê
    "ich", "im", "in", "inh", "ip", "it", "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "yêm", "yên",
    "yêng", "yêt", // o ô ơ
    "oc", "om", "on", "ong", "op", "ot", "ooc", "oong", "ôc", "ôm", "ôn", "ông", "ôp", "ôt", "ơm",
    "ơn", "ơp", "ơt", // u uô ư ươ
    "uc", "um", "un", "ung", "up", "ut", "uôc", "uôm", "uôn", "uông", "uôt", "ưc", "ưm", "ưn",
    "ưng", "ưt", "ươc", "ươm", "ươn", "ương", "ươp", "ươt", // with a medial o or u
    "oac", "oach", "oam", "oan", "oang", "oanh", "oap", "oat", "oăc", "oăm", "oăn", "oăng", "oăt",
    "oen", "oet", "uân", "uâng", "uât", "uêch", "uênh", "uych", "uynh", "uyt", "uyên", "uyêt",
];

/// Longest syllable (in letters) the check looks at.
const MAX_LETTERS: usize = 8;

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
    // The key is built in place, zero-padded as [`pack`] pads it; past the
    // longest syllable only the letters are checked.
    let mut key = [0u8; KEY_BYTES];
    let mut len = 0;
    let mut fits = true;
    for (letters, c) in word.chars().enumerate() {
        let Some(letter) = tables.toneless(c) else {
            return Spelling(long);
        };
        let end = len + letter.len_utf8();
        fits &= letters < MAX_LETTERS && end <= KEY_BYTES;
        if fits {
            letter.encode_utf8(&mut key[len..end]);
            len = end;
        }
    }
    let syllable = fits && tables.marked.contains(&u128::from_le_bytes(key));
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

/// Bytes of the longest toneless syllable key (the longest syllable has
/// fewer; [`tables`] checks it).
const KEY_BYTES: usize = 16;

/// A toneless syllable's UTF-8 bytes as one number (zero-padded; no letter
/// has a zero byte), so that the sets hold no strings to chase.
fn pack(bytes: &[u8]) -> u128 {
    let mut padded = [0u8; KEY_BYTES];
    let n = bytes.len().min(KEY_BYTES);
    padded[..n].copy_from_slice(&bytes[..n]);
    u128::from_le_bytes(padded)
}

/// What [`is_vietnamese`] looks up, built once.
struct Tables {
    /// Every toneless syllable that [`letters_fit`] accepts, as written.
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

/// The syllable sets and letter tables. The rules accept an onset (or
/// none) followed by a rhyme that fits it ([`rhyme_fits`]); a rhyme of
/// [`RHYMES`] is in the rhyme sets as written and without marks, so only
/// the onset's rule ([`onset_allows`]) is left to ask of each pair. Built
/// at first use, in every process: no strings are made for the keys.
fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let pairs = (ONSETS.len() + 1) * RHYMES.len();
        let mut marked = FxHashSet::with_capacity_and_hasher(pairs, Default::default());
        let mut ascii = FxHashSet::with_capacity_and_hasher(pairs, Default::default());
        for onset in ONSETS.iter().copied().chain([""]) {
            for rhyme in RHYMES {
                if rhyme.chars().next().is_some_and(|c| onset_allows(onset, c)) {
                    marked.insert(syllable_key(onset, rhyme, false));
                    ascii.insert(syllable_key(onset, rhyme, true));
                }
            }
        }
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

/// The key of `onset` followed by `rhyme` ([`pack`]), without the vowel
/// marks if `strip`.
fn syllable_key(onset: &str, rhyme: &str, strip: bool) -> u128 {
    let mut key = [0u8; KEY_BYTES];
    let mut len = 0;
    for c in onset.chars().chain(rhyme.chars()) {
        let c = if strip { strip_diacritics(c) } else { c };
        let end = len + c.len_utf8();
        debug_assert!(end <= KEY_BYTES, "{onset}{rhyme} is longer than a key");
        let Some(slot) = key.get_mut(len..end) else {
            break;
        };
        c.encode_utf8(slot);
        len = end;
    }
    u128::from_le_bytes(key)
}

/// The spelling rules on a word's toneless letters (compared without marks
/// when the word is plain ASCII): an onset that fits, or none, and a rhyme
/// that may follow it. The reference the syllable sets are tested against.
#[cfg(test)]
fn letters_fit(letters: &[char], ascii: bool) -> bool {
    if letters.is_empty() {
        return false;
    }
    // Try every onset that fits ("gi" and "g" for "giếng"), then no onset.
    ONSETS
        .iter()
        .filter(|o| starts_with(letters, o, ascii))
        .map(|o| (o, o.chars().count()))
        .chain(std::iter::once((&"", 0)))
        .any(|(onset, len)| rhyme_fits(onset, &letters[len..], ascii))
}

/// True if `letters` start with `prefix` (without marks on both sides when
/// the word is plain ASCII).
#[cfg(test)]
fn starts_with(letters: &[char], prefix: &str, ascii: bool) -> bool {
    let mut k = 0;
    for p in prefix.chars() {
        match letters.get(k) {
            Some(&c) if same_letter(c, p, ascii) => k += 1,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
fn same_letter(c: char, r: char, ascii: bool) -> bool {
    c == r || (ascii && c == strip_diacritics(r))
}

/// True if `rest` is a rhyme that may follow `onset` ([`onset_allows`]).
#[cfg(test)]
fn rhyme_fits(onset: &str, rest: &[char], ascii: bool) -> bool {
    let Some(&first) = rest.first() else {
        return false;
    };
    if !onset_allows(onset, first) || rest.len() > MAX_LETTERS {
        return false;
    }
    let mut key = [0u8; MAX_LETTERS * 4];
    let mut n = 0;
    for &c in rest {
        n += c.encode_utf8(&mut key[n..]).len();
    }
    let Ok(key) = std::str::from_utf8(&key[..n]) else {
        return false;
    };
    let (marked, plain) = rhyme_sets();
    if ascii {
        plain.contains(key)
    } else {
        marked.contains(key)
    }
}

/// True if a rhyme whose first letter is `first` may follow `onset`
/// (spelling rules: "k", "gh", "ngh" only before i, e, ê, y; "c", "g",
/// "ng" never before them; "qu" before a vowel).
fn onset_allows(onset: &str, first: char) -> bool {
    let front = matches!(strip_diacritics(first), 'i' | 'e' | 'y');
    match onset {
        "k" | "gh" | "ngh" => front,
        "c" | "ng" => !front,
        "g" => !matches!(strip_diacritics(first), 'e'),
        _ => true,
    }
}

/// The rhymes as written, and without their vowel marks (for words written
/// in plain ASCII): the rules' reference sets.
#[cfg(test)]
fn rhyme_sets() -> &'static (FxHashSet<&'static str>, FxHashSet<String>) {
    static SETS: OnceLock<(FxHashSet<&'static str>, FxHashSet<String>)> = OnceLock::new();
    SETS.get_or_init(|| {
        let marked = RHYMES.iter().copied().collect();
        let plain = RHYMES
            .iter()
            .map(|r| r.chars().map(strip_diacritics).collect())
            .collect();
        (marked, plain)
    })
}

#[cfg(test)]
mod tests {
    use super::is_vietnamese;
    use crate::text::fold::{split_tone, strip_diacritics};

    #[test]
    fn vietnamese_syllables_pass() {
        for w in [
            "nguyễn", "thủy", "quyết", "giếng", "gì", "giữ", "người", "rượu", "khuya", "khuỷu",
            "ngoằn", "oanh", "yến", "xoài", "huỳnh", "phước", "đoàn", "kiên", "nghiêng", "ghế",
            "quốc", "thuở", "a", "ưng", "kim", "long", "sang", "tâm",
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

    /// The rules applied to the word directly, as [`is_vietnamese`] did
    /// before it looked syllables up.
    fn by_rules(word: &str) -> bool {
        let letters: Vec<char> = word.chars().map(|c| split_tone(c).0).collect();
        letters.len() <= super::MAX_LETTERS
            && word.chars().all(char::is_alphabetic)
            && super::letters_fit(&letters, word.is_ascii())
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
        for onset in super::ONSETS.iter().copied().chain(["", "gh", "q", "f"]) {
            for rhyme in super::RHYMES.iter().copied().chain(["oo", "uo", "ie"]) {
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
