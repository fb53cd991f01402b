//! The Vietnamese syllable as the national script spells it: the one place
//! that knows which onsets, rhymes and tones make a syllable.
//!
//! Every Vietnamese syllable is an onset (initial consonant, maybe none), a
//! rhyme (an optional medial `o`/`u`, a vowel nucleus and an optional final
//! consonant or glide) and one of six tones:
//!
//! - the onsets are b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t
//!   th tr v x (or none): [`ONSETS`];
//! - the rhymes are the ones of the standard language (`a`, `anh`, `oanh`,
//!   `uyên`, `ương`, …): [`RHYMES`];
//! - `k`, `gh`, `ngh` come before `e ê i` (`k` before `y` too) and `c`,
//!   `g`, `ng` elsewhere; `yê` starts a syllable (or follows `qu`), `iê`
//!   follows a consonant;
//! - a tone mark sits on a vowel of the rhyme, and a syllable ending in a
//!   stop (`c ch p t`) takes only the sắc or nặng tone.
//!
//! Two parts of the crate ask: encoding detection
//! ([`crate::encoding::syllable`]) scores a decoding by how many of its
//! words are syllables, tones checked; the taggers
//! ([`crate::phonotactics`]) tell a foreign word from a Vietnamese
//! one, tones ignored ([`Tone`] says why). This is the writing system, not
//! a word list: it never changes with the news.

use crate::text::fold::strip_diacritics;
use crate::text::swar::{pack, PACK_BYTES};

/// The rhymes of standard Vietnamese without tone marks, sorted (for
/// [`is_rhyme`]'s binary search): medial, nucleus and final together.
/// Rhymes after `qu` are spelt without the medial `u` of the onset ("quan"
/// is `qu` + `an`, "quỳnh" is `qu` + `ynh` for `uynh`).
///
/// Not every rhyme is common: `uyp` is in "tuýp" (a tube, a type), `yêng`
/// in "yểng" (the hill myna) and "yêng hùng"; `oong` and `ooc` in loans
/// ("xoong", "quần soóc"). `ơu` is not here: no standard word has it (not
/// one in 40 MB of news outside `ươu`, "rượu", "hươu").
pub(crate) const RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "e", "ec",
    "em", "en", "eng", "eo", "ep", "et", "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu",
    "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu", "o", "oa", "oac", "oach", "oai", "oam",
    "oan", "oang", "oanh", "oao", "oap", "oat", "oay", "oc", "oe", "oen", "oeo", "oet", "oi", "om",
    "on", "ong", "ooc", "oong", "op", "ot", "oăc", "oăm", "oăn", "oăng", "oăt", "u", "ua", "uc",
    "ui", "um", "un", "ung", "up", "ut", "uy", "uya", "uych", "uynh", "uyp", "uyt", "uyu", "uyên",
    "uyêt", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uôc", "uôi", "uôm", "uôn", "uông",
    "uôt", "uơ", "y", "yêm", "yên", "yêng", "yêt", "yêu", "âc", "âm", "ân", "âng", "âp", "ât",
    "âu", "ây", "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", "ô", "ôc", "ôi", "ôm", "ôn",
    "ông", "ôp", "ôt", "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", "ư",
    "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu", "ươc", "ươi", "ươm", "ươn", "ương", "ươp",
    "ươt", "ươu",
];

/// Onsets, longest first so that "ngh" is tried before "ng" and "n".
pub(crate) const ONSETS: [&str; 27] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// The longest syllable has seven letters ("nghiêng"): the longest onset
/// (`ngh`) takes only rhymes that start with `e ê i`, the longest of which
/// has four letters (`iêng`), and every other onset has two letters at
/// most. A test checks this against the tables.
pub(crate) const MAX_LETTERS: usize = 7;

/// Combining acute (sắc) and dot below (nặng): the tones a stop final takes.
const ACUTE: char = '\u{301}';
const DOT_BELOW: char = '\u{323}';

/// What [`is_syllable`] knows of a word's tone, and so checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tone {
    /// The tone is not checked. The taggers ask whether a word is spelt
    /// like Vietnamese rather than like a foreign name, of words that may
    /// have lost their marks ("Nguyen") or carry a misplaced one: a tone
    /// error does not make a word foreign. (They ask it of the syllables
    /// the build script enumerates, so the library itself never makes it.)
    #[cfg_attr(not(test), allow(dead_code))]
    Ignored,
    /// The word's one tone mark, if any: the index of the letter it sits on
    /// and the combining mark. Encoding detection checks it, since a wrong
    /// decoding puts marks where Vietnamese never has them.
    Marked(Option<(usize, char)>),
}

/// True if `letters` (lower case, without tone marks, with their vowel
/// marks: "nguyên") spell one Vietnamese syllable by the rules of the
/// [module documentation](self), with the `tone` checked as it says.
pub(crate) fn is_syllable(letters: &[char], tone: Tone) -> bool {
    if letters.is_empty() || letters.len() > MAX_LETTERS {
        return false;
    }
    ONSETS
        .iter()
        .filter(|o| starts_with(letters, o))
        .map(|o| o.chars().count())
        .chain(std::iter::once(0))
        .any(|n| parses_with_onset(letters, n, tone))
}

/// Calls `f` with every toneless syllable [`is_syllable`] accepts (some
/// 4,000: each onset, or none, before each rhyme that fits it), some more
/// than once ("gia" is `g` + `ia` and `gi` + `a`).
#[cfg_attr(not(test), allow(dead_code))] // the build script's, through `for_each_syllable_key`
pub(crate) fn for_each_syllable(mut f: impl FnMut(&[char])) {
    let mut letters = Vec::with_capacity(MAX_LETTERS + 2);
    for onset in ONSETS.iter().copied().chain([""]) {
        for rhyme in RHYMES {
            // After "qu" a rhyme with the medial "u" is spelt without it.
            let rhyme = match (onset, rhyme.strip_prefix('u')) {
                ("qu", Some(rest)) => rest,
                _ => rhyme,
            };
            letters.clear();
            letters.extend(onset.chars().chain(rhyme.chars()));
            if is_syllable(&letters, Tone::Ignored) {
                f(&letters);
            }
        }
    }
}

/// Bytes of a toneless syllable key, a [`pack`]'s width (the longest
/// syllables, as "nghiêng", have 8; [`LetterKey`] gives no key past
/// [`MAX_LETTERS`] letters or this many bytes).
pub(crate) const KEY_BYTES: usize = PACK_BYTES;

/// Calls `f` with the two keys of every syllable [`for_each_syllable`]
/// gives: its letters' UTF-8 bytes as one number (zero-padded; no letter
/// has a zero byte), as written and without vowel marks. The build script
/// writes them into the binary for [`crate::phonotactics`].
#[cfg_attr(not(test), allow(dead_code))] // the build script's
pub(crate) fn for_each_syllable_key(mut f: impl FnMut([u128; 2])) {
    for_each_syllable(|letters| f([syllable_key(letters, false), syllable_key(letters, true)]));
}

/// The key of a syllable's `letters` ([`pack`]), without the vowel marks
/// if `strip`.
#[cfg_attr(not(test), allow(dead_code))] // the build script's
fn syllable_key(letters: &[char], strip: bool) -> u128 {
    let mut key = LetterKey::new();
    for &c in letters {
        key.push(if strip { strip_diacritics(c) } else { c });
    }
    let packed = key.key();
    debug_assert!(packed.is_some(), "{letters:?} is longer than any syllable");
    packed.unwrap_or_default()
}

/// A syllable's key built a letter at a time: the letters' UTF-8 bytes
/// in a zero-padded buffer of [`KEY_BYTES`], [packed](pack). The build
/// script keys the syllables with it, and the phonotactic check the words
/// it looks up, so the two keys agree.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LetterKey {
    /// The letters' UTF-8 bytes, zero after `end`.
    bytes: [u8; KEY_BYTES],
    /// The byte after the last letter written.
    end: usize,
    /// Letters added, written or not.
    letters: usize,
    /// Every letter added was written.
    fits: bool,
}

impl LetterKey {
    /// The key of no letter yet.
    pub(crate) const fn new() -> LetterKey {
        LetterKey {
            bytes: [0; KEY_BYTES],
            end: 0,
            letters: 0,
            fits: true,
        }
    }

    /// Adds letter `c`. Past [`MAX_LETTERS`] letters, or past the buffer,
    /// there is no key: no syllable is that long.
    #[inline]
    pub(crate) fn push(&mut self, c: char) {
        let end = self.end + c.len_utf8();
        self.fits &= self.letters < MAX_LETTERS && end <= KEY_BYTES;
        self.letters += 1;
        if let Some(slot) = self.bytes.get_mut(self.end..end).filter(|_| self.fits) {
            c.encode_utf8(slot);
            self.end = end;
        }
    }

    /// The key of the letters added, if they fit: the pack of the whole
    /// buffer, one load, which is the pack of the letters' bytes since the
    /// rest is zero.
    #[inline]
    pub(crate) fn key(&self) -> Option<u128> {
        self.fits.then(|| pack(&self.bytes))
    }
}

/// Whether the letters after an onset of `n` letters are a rhyme that the
/// onset, the spelling rules and the tone allow.
fn parses_with_onset(letters: &[char], n: usize, tone: Tone) -> bool {
    let (onset, rhyme) = letters.split_at(n);
    let Some(&first) = rhyme.first() else {
        return false;
    };
    let known = if onset == ['q', 'u'] {
        // "qu" + "a" is "qua", "qu" + "ynh" is "quỳnh" (`uynh`); the `u`
        // of the onset is never followed by another `u`, `ư` or `o`.
        (!matches!(first, 'u' | 'ư' | 'o') && is_rhyme(None, rhyme)) || is_rhyme(Some('u'), rhyme)
    } else {
        is_rhyme(None, rhyme)
    };
    known && spelling_allows(onset, rhyme) && tone_fits(letters, n, tone)
}

/// `c`/`k`, `g`/`gh` and `ng`/`ngh` by the vowel after them; `yê` only at
/// the start of a syllable (or after `qu`), `iê` only after a consonant.
fn spelling_allows(onset: &[char], rhyme: &[char]) -> bool {
    let first = rhyme[0];
    let front = matches!(first, 'e' | 'ê' | 'i' | 'y');
    let ok = match onset {
        ['c'] => !front,
        ['k'] => front,
        // "ghi", "nghe"; no word spells "ghy" or "ngy".
        ['g', 'h'] | ['n', 'g', 'h'] => matches!(first, 'e' | 'ê' | 'i'),
        ['n', 'g'] => !front,
        // "gì" is `g` + `i` (or `gi` + nothing): only `e ê` need `gh`.
        ['g'] => !matches!(first, 'e' | 'ê'),
        _ => true,
    };
    let diphthong = match rhyme {
        ['y', 'ê', ..] => onset.is_empty() || onset == ['q', 'u'],
        ['i', 'ê', ..] => !onset.is_empty(),
        _ => true,
    };
    ok && diphthong
}

/// The tone mark on a vowel of the rhyme (after the onset's `n` letters),
/// and only sắc or nặng after a stop final (c, ch, p, t).
fn tone_fits(letters: &[char], n: usize, tone: Tone) -> bool {
    let Tone::Marked(mark) = tone else {
        return true;
    };
    let placed = mark.is_none_or(|(i, _)| i >= n && letters.get(i).copied().is_some_and(is_vowel));
    let stop = match letters {
        [.., 'c', 'h'] => true,
        [.., last] => matches!(last, 'c' | 'p' | 't'),
        [] => false,
    };
    placed && (!stop || matches!(mark, Some((_, ACUTE | DOT_BELOW))))
}

fn is_rhyme(prefix: Option<char>, rhyme: &[char]) -> bool {
    RHYMES
        .binary_search_by(|r| {
            r.chars()
                .cmp(prefix.into_iter().chain(rhyme.iter().copied()))
        })
        .is_ok()
}

fn starts_with(letters: &[char], prefix: &str) -> bool {
    let mut it = letters.iter();
    prefix.chars().all(|p| it.next() == Some(&p))
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(word: &str) -> Vec<char> {
        word.chars().collect()
    }

    fn toneless(word: &str) -> bool {
        is_syllable(&letters(word), Tone::Ignored)
    }

    #[test]
    fn rhymes_are_sorted_for_binary_search() {
        assert!(RHYMES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn onsets_are_tried_longest_first() {
        for (i, o) in ONSETS.iter().enumerate() {
            assert!(
                ONSETS[i + 1..].iter().all(|later| !later.starts_with(o)),
                "{o}"
            );
        }
    }

    #[test]
    fn the_longest_syllable_has_max_letters() {
        let mut longest = 0;
        for_each_syllable(|s| longest = longest.max(s.len()));
        assert_eq!(longest, MAX_LETTERS);
        assert!(toneless("nghiêng"));
        assert!(!toneless("nghiêngg"));
    }

    #[test]
    fn the_enumeration_is_every_syllable() {
        let mut all = std::collections::HashSet::new();
        for_each_syllable(|s| {
            all.insert(s.to_vec());
        });
        // Every onset (and a few non-onsets) before every rhyme, with
        // and without the medial `u`, and with a letter more or less.
        for onset in ONSETS.iter().copied().chain(["", "q", "f", "nk"]) {
            for rhyme in RHYMES.iter().copied().chain(["oo", "uo", "ie", "ynh"]) {
                let word = letters(&format!("{onset}{rhyme}"));
                for w in [&word[..], &word[1..], &[&word[..], &['h']].concat()] {
                    let valid = is_syllable(w, Tone::Ignored);
                    assert_eq!(valid, all.contains(w), "{w:?}");
                }
            }
        }
    }

    #[test]
    fn spelling_rules() {
        for w in [
            "ca", "ke", "ky", "ghe", "nghi", "gi", "quy", "quynh", "tuyp", "kiêm", "yêu", "khuyên",
            "quyên", "yêng", "thuơ", "xoong",
        ] {
            assert!(toneless(w), "{w} should be valid");
        }
        for w in [
            "ce", "ka", "gha", "ngê", "nge", "ngi", "ge", "ngha", "ciêm", "tyên", "iêu", "ghy",
            "nghy", "ngy", "quu", "quo", "bơu", "",
        ] {
            assert!(!toneless(w), "{w} should be invalid");
        }
    }

    #[test]
    fn a_marked_tone_sits_on_the_rhyme_and_fits_a_stop() {
        let marked = |w: &str, at: usize, mark: char| {
            is_syllable(&letters(w), Tone::Marked(Some((at, mark))))
        };
        assert!(marked("hoc", 1, ACUTE)); // hóc
        assert!(marked("hoc", 1, DOT_BELOW)); // học
        assert!(!marked("hoc", 1, '\u{309}')); // hỏc
        assert!(!is_syllable(&letters("hoc"), Tone::Marked(None)));
        assert!(is_syllable(&letters("hoc"), Tone::Ignored));
        assert!(marked("quy", 2, ACUTE)); // quý
        assert!(!marked("quy", 1, ACUTE)); // qúy: on the onset's `u`
        assert!(!marked("bam", 0, ACUTE)); // on a consonant
        assert!(marked("gi", 1, '\u{300}')); // gì
    }
}
