//! Is a decoded word a well-formed Vietnamese syllable, tone included?
//!
//! Encoding detection scores a decoding by this: a right decoding of
//! Vietnamese gives almost only valid syllables, a wrong one ("ViÖt",
//! "Vieät") almost none. The syllable structure itself (onsets, rhymes,
//! spelling rules, where a tone may sit) is the crate's one
//! `syllable_rules` module's, which the taggers share; this module reads a
//! word into the letters and the tone mark that check takes, and has the
//! tone checked: a wrong decoding puts tone marks where Vietnamese never
//! has them.
//!
//! - the onsets are b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t
//!   th tr v x (or none), the rhymes those of the standard language (`a`,
//!   `anh`, `oanh`, `uyên`, `ương`, …);
//! - `k`, `gh`, `ngh` come before `e ê i` and `c`, `g`, `ng` elsewhere;
//! - a syllable ending in a stop (`c ch p t`) takes only the sắc or nặng
//!   tone, and a tone mark sits on a vowel of the rhyme, at most one per
//!   syllable.
//!
//! Loanword letters (`f j w z`) and letters of other languages fail.
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

use crate::syllable_rules::{is_syllable, Tone, MAX_LETTERS};
use crate::text::fold::split_tone;

/// True if `word` (any case, NFC or NFD) is one well-formed Vietnamese
/// syllable. See the [module documentation](self) for the rules.
pub fn is_valid(word: &str) -> bool {
    let Some(letters) = Letters::of(word) else {
        return false;
    };
    is_syllable(&letters.bases[..letters.len], Tone::Marked(letters.tone))
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
    /// `None` for a word longer than any syllable, with a character that
    /// lower-cases to several, or with two tone marks.
    fn of(word: &str) -> Option<Letters> {
        let mut l = Letters {
            bases: ['\0'; MAX_LETTERS],
            len: 0,
            tone: None,
        };
        for c in word.nfc() {
            let slot = l.bases.get_mut(l.len)?;
            let (base, tone) = split_tone(lower(c)?);
            if let Some(mark) = tone {
                if l.tone.is_some() {
                    return None;
                }
                l.tone = Some((l.len, mark));
            }
            *slot = base;
            l.len += 1;
        }
        Some(l)
    }
}

/// One lower-case character, or `None` where lower-casing gives several.
fn lower(c: char) -> Option<char> {
    let mut it = c.to_lowercase();
    let l = it.next()?;
    it.next().is_none().then_some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

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
