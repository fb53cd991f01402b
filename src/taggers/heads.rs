//! The words that open a number or a date expression. A document marks
//! its tokens with them once, when it is prepared (see
//! [`Document::has_shape`](crate::document::Document::has_shape)), so that
//! the numeric and date grammars are tried only where they can start.
//!
//! A leaf module, like `phonotactics`: the document reads it, and it reads
//! nothing of the taggers.

use crate::text::fold::same_word;

/// Number words that can start a number.
const NUMBER_WORDS: [&str; 12] = [
    "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười", "nửa",
];

/// True if `w` is a number word that can start a number.
pub(crate) fn starts_number_word(w: &str) -> bool {
    NUMBER_WORDS.contains(&w)
}

/// The grammar word that starts a date expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Head {
    Ngay,
    Thang,
    Quy,
    Weekday,
    Term,
    Nam,
    /// "hôm" (the day) before a date.
    Hom,
    /// "những" before "năm" and a decade.
    Decade,
}

/// Heads by their first word; terms ("nhiệm kỳ", "mùa giải") come from the
/// `date.term_noun` class instead, so that a lexicon can add them.
pub(crate) const HEADS: [(&str, Head); 9] = [
    ("ngày", Head::Ngay),
    ("tháng", Head::Thang),
    ("quý", Head::Quy),
    ("thứ", Head::Weekday),
    ("chủ", Head::Weekday),
    ("cn", Head::Weekday),
    ("năm", Head::Nam),
    ("hôm", Head::Hom),
    ("những", Head::Decade),
];

/// The head of [`HEADS`] that the view word `v` is, if any (`folded`: the
/// view has lost its marks, see [`same_word`]).
pub(crate) fn date_head(v: &str, folded: bool) -> Option<Head> {
    let listed = if folded {
        HEADS.iter().find(|(h, _)| same_word(v, h, true))
    } else {
        // exact matches first: most words are none of these
        HEADS.iter().find(|(h, _)| *h == v)
    };
    listed.map(|&(_, k)| k)
}

/// Per byte length, the first letters of the words of [`NUMBER_WORDS`] and
/// [`HEADS`] of that length (bit `k` for letter `a + k`); the last, of all
/// lengths. Every one starts with a plain letter, which folding keeps.
const LEADS: [u32; 9] = leads();

const fn leads() -> [u32; 9] {
    let mut out = [0u32; 9];
    let mut k = 0;
    while k < NUMBER_WORDS.len() + HEADS.len() {
        let w = if k < NUMBER_WORDS.len() {
            NUMBER_WORDS[k].as_bytes()
        } else {
            HEADS[k - NUMBER_WORDS.len()].0.as_bytes()
        };
        assert!(w.len() < 8 && w[0].is_ascii_lowercase());
        let bit = 1 << (w[0] - b'a');
        out[w.len()] |= bit;
        out[8] |= bit;
        k += 1;
    }
    out
}

/// False if the view word `v` (its bytes) is surely no number word nor date head, by
/// its first letter and length alone (`folded`: by its first letter, since
/// folding shortens a word): the one test most words stop at.
#[inline]
pub(crate) fn may_open(v: &[u8], folded: bool) -> bool {
    let Some(k) = v.first().and_then(|c| c.checked_sub(b'a')) else {
        return false;
    };
    let leads = if folded {
        LEADS[8]
    } else {
        LEADS
            .get(v.len())
            .filter(|_| v.len() < 8)
            .copied()
            .unwrap_or(0)
    };
    k < 26 && leads & (1 << k) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{MatchView, ViewOptions};

    #[test]
    fn words_are_written_in_view_form() {
        let mut v = MatchView::default();
        for w in NUMBER_WORDS.iter().chain(HEADS.iter().map(|(h, _)| h)) {
            v.build(w, ViewOptions::default());
            assert_eq!(v.as_str(), *w);
        }
    }

    /// The first-byte test lets every listed word through, as written and
    /// as a folded view writes it.
    #[test]
    fn may_open_passes_every_word() {
        let folding = ViewOptions {
            fold_diacritics: true,
        };
        let mut v = MatchView::default();
        for w in NUMBER_WORDS {
            assert!(may_open(w.as_bytes(), false), "{w}");
            assert!(starts_number_word(w));
        }
        for (h, k) in HEADS {
            assert!(may_open(h.as_bytes(), false), "{h}");
            assert_eq!(date_head(h, false), Some(k));
            v.build(h, folding);
            assert!(may_open(v.as_str().as_bytes(), true), "{h}");
            assert_eq!(date_head(v.as_str(), true), Some(k));
        }
        assert!(!may_open(b"anh", false));
        assert!(!may_open("Năm".as_bytes(), false));
    }
}
