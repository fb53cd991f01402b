//! Vietnamese phonotactics: is a word a well-formed syllable?
//!
//! Every Vietnamese syllable is an onset (initial consonant, maybe none), a
//! rhyme (an optional medial `o`/`u`, a vowel nucleus and an optional final
//! consonant or glide) and one of six tones. [`is_valid`] checks a word
//! against that structure and the spelling rules of the national script:
//!
//! - the onsets are b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t
//!   th tr v x (or none);
//! - the rhymes are the ones of the standard language (`a`, `anh`, `oanh`,
//!   `uyên`, `ương`, …: [`RHYMES`]);
//! - `k`, `gh`, `ngh` come before `e ê i (y)` and `c`, `g`, `ng` elsewhere;
//! - a syllable ending in a stop (`c ch p t`) takes only the sắc or nặng
//!   tone, and a tone mark sits on a vowel of the rhyme, at most one per
//!   syllable.
//!
//! Loanword letters (`f j w z`) and letters of other languages fail. The
//! check is what encoding detection scores a decoding with: a right
//! decoding of Vietnamese gives almost only valid syllables, a wrong one
//! ("ViÖt", "Vieät") almost none.
//!
//! ```
//! use vietag::encoding::syllable::is_valid;
//!
//! for word in ["Nguyễn", "nghiêng", "Quốc", "giữ", "gìn", "khuya", "HỌC"] {
//!     assert!(is_valid(word), "{word}");
//! }
//! assert!(!is_valid("ngiêng")); // "ngh" before i
//! assert!(!is_valid("kác")); // "c" before a
//! assert!(!is_valid("hỏc")); // a stop final takes sắc or nặng only
//! assert!(!is_valid("ViÖt")); // TCVN3 read as Latin-1
//! assert!(!is_valid("été"));
//! ```

use unicode_normalization::UnicodeNormalization;

use crate::text::fold::split_tone;

/// The rhymes of standard Vietnamese without tone marks, sorted: medial,
/// nucleus and final together. Rhymes after `qu` are spelt without the
/// medial `u` of the onset ("quan" is `qu` + `an`) and are checked with it.
pub const RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "e", "ec",
    "em", "en", "eng", "eo", "ep", "et", "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu",
    "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu", "o", "oa", "oac", "oach", "oai", "oam",
    "oan", "oang", "oanh", "oao", "oap", "oat", "oay", "oc", "oe", "oen", "oeo", "oet", "oi", "om",
    "on", "ong", "ooc", "oong", "op", "ot", "oăc", "oăm", "oăn", "oăng", "oăt", "u", "ua", "uc",
    "ui", "um", "un", "ung", "up", "ut", "uy", "uya", "uych", "uynh", "uyp", "uyt", "uyu", "uyên",
    "uyêt", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uôc", "uôi", "uôm", "uôn", "uông",
    "uôt", "uơ", "y", "yêm", "yên", "yêt", "yêu", "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây",
    "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp",
    "ôt", "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", "ơu", "ư", "ưa",
    "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt",
    "ươu",
];

/// Onsets, longest first so that "ngh" is tried before "ng" and "n".
const ONSETS: &[&str] = &[
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// The longest syllable has seven letters ("nghiêng").
const MAX_LETTERS: usize = 7;

const ACUTE: char = '\u{301}';
const DOT_BELOW: char = '\u{323}';

/// True if `word` (any case, NFC or NFD) is one well-formed Vietnamese
/// syllable. See the [module documentation](self) for the rules.
pub fn is_valid(word: &str) -> bool {
    let Some(letters) = Letters::of(word) else {
        return false;
    };
    let bases = letters.bases();
    ONSETS
        .iter()
        .filter(|o| starts_with(bases, o))
        .map(|o| o.chars().count())
        .chain(std::iter::once(0))
        .any(|n| letters.parses_with_onset(n))
}

/// A word as lower-case letters without tone marks, and where its one
/// tone mark was.
struct Letters {
    bases: [char; MAX_LETTERS],
    len: usize,
    /// (letter index, combining tone mark)
    tone: Option<(usize, char)>,
}

impl Letters {
    fn of(word: &str) -> Option<Letters> {
        let mut l = Letters {
            bases: ['\0'; MAX_LETTERS],
            len: 0,
            tone: None,
        };
        for c in word.nfc() {
            if l.len == MAX_LETTERS {
                return None;
            }
            let (base, tone) = split_tone(lower(c)?);
            if !is_letter(base) {
                return None;
            }
            if let Some(mark) = tone {
                if l.tone.is_some() || !is_vowel(base) {
                    return None;
                }
                l.tone = Some((l.len, mark));
            }
            l.bases[l.len] = base;
            l.len += 1;
        }
        (l.len > 0).then_some(l)
    }

    fn bases(&self) -> &[char] {
        &self.bases[..self.len]
    }

    /// Whether the letters after an onset of `n` letters are a rhyme that
    /// the onset, the spelling rules and the tone allow.
    fn parses_with_onset(&self, n: usize) -> bool {
        let bases = self.bases();
        let onset = &bases[..n];
        let rhyme = &bases[n..];
        let Some(&first) = rhyme.first() else {
            return false;
        };
        if self.tone.is_some_and(|(i, _)| i < n) {
            return false;
        }
        let known = if onset == ['q', 'u'] {
            (!matches!(first, 'u' | 'ư' | 'o') && is_rhyme(None, rhyme))
                || is_rhyme(Some('u'), rhyme)
        } else {
            is_rhyme(None, rhyme)
        };
        known && spelling_allows(onset, rhyme) && self.tone_allowed(rhyme)
    }

    /// Stop finals (c, ch, p, t) take only the sắc and nặng tones.
    fn tone_allowed(&self, rhyme: &[char]) -> bool {
        let stop = match rhyme {
            [.., 'c', 'h'] => true,
            [.., last] => matches!(last, 'c' | 'p' | 't'),
            [] => false,
        };
        !stop || matches!(self.tone, Some((_, ACUTE | DOT_BELOW)))
    }
}

/// `c`/`k`, `g`/`gh` and `ng`/`ngh` by the vowel after them; `yê` only at
/// the start of a syllable (or after `qu`), `iê` only after a consonant.
fn spelling_allows(onset: &[char], rhyme: &[char]) -> bool {
    let first = rhyme[0];
    let front = matches!(first, 'e' | 'ê' | 'i' | 'y');
    let ok = match onset {
        ['c'] => !front,
        ['k'] => front,
        ['g', 'h'] | ['n', 'g', 'h'] => matches!(first, 'e' | 'ê' | 'i'),
        ['n', 'g'] => !matches!(first, 'e' | 'ê' | 'i'),
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

fn is_rhyme(prefix: Option<char>, rhyme: &[char]) -> bool {
    RHYMES
        .binary_search_by(|r| {
            r.chars()
                .cmp(prefix.into_iter().chain(rhyme.iter().copied()))
        })
        .is_ok()
}

fn starts_with(bases: &[char], prefix: &str) -> bool {
    let mut it = bases.iter();
    prefix.chars().all(|p| it.next() == Some(&p))
}

/// One lower-case character, or `None` where lower-casing gives several.
fn lower(c: char) -> Option<char> {
    let mut it = c.to_lowercase();
    let l = it.next()?;
    it.next().is_none().then_some(l)
}

fn is_letter(c: char) -> bool {
    matches!(c, 'a'..='z' | 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' | 'đ')
        && !matches!(c, 'f' | 'j' | 'w' | 'z')
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

    #[test]
    fn rhymes_are_sorted_for_binary_search() {
        assert!(RHYMES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn common_syllables_are_valid() {
        let text = "Đảng bộ tỉnh Quảng Ninh tổ chức hội nghị tổng kết công tác \
                    năm, khuyến khích người dân giữ gìn truyền thống; thuở ấy \
                    khuya khoắt, nghiêng ngả, quyết định, huỳnh quang, khuỷu tay, \
                    xoong nồi, ngoằn ngoèo, hoạch định, giếng nước, yêu thương, \
                    oanh liệt, thuế, huệ, quý, kỳ, gì, già, ỉa, ở";
        for w in text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            assert!(is_valid(w), "{w}");
        }
    }

    #[test]
    fn both_tone_placements_are_valid() {
        for w in ["hòa", "hoà", "thủy", "thuỷ", "khỏe", "khoẻ", "Hòa", "HOÀ"] {
            assert!(is_valid(w), "{w}");
        }
    }

    #[test]
    fn spelling_rules_reject() {
        for w in [
            "ca", "ke", "ghe", "nghi", "gi", "quy", "kiêm", "yêu", "khuyên",
        ] {
            assert!(is_valid(w), "{w} should be valid");
        }
        for w in [
            "ce", "ka", "gha", "ngê", "nge", "ngi", "ge", "ngha", "ciêm", "tyên", "iêu",
        ] {
            assert!(!is_valid(w), "{w} should be invalid");
        }
    }

    #[test]
    fn tones_and_letters_reject() {
        for w in [
            "hoc", "hòc", "hỏc", "hõc", "các", "học", "bịch", "bích", "hát", "hạt",
        ] {
            let stop_ok = matches!(w, "các" | "học" | "bịch" | "bích" | "hát" | "hạt");
            assert_eq!(is_valid(w), stop_ok, "{w}");
        }
        for w in [
            "",
            "ñ",
            "façade",
            "für",
            "fan",
            "zô",
            "wa",
            "jê",
            "ầă",
            "áà",
            "ṕ",
            "nghiêngg",
            "a1",
        ] {
            assert!(!is_valid(w), "{w:?}");
        }
    }

    #[test]
    fn nfd_input_is_read_as_nfc() {
        let nfd: String = "Nguyễn".nfd().collect();
        assert!(is_valid(&nfd));
    }
}
