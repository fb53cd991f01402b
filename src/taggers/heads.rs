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

/// What the words of [`NUMBER_WORDS`] and [`HEADS`] look like at their
/// ends, for [`may_open`]. Every one starts with a plain letter, which
/// folding keeps, and is shorter than eight bytes.
struct Ends {
    /// Per byte length, their first letters (bit `k` for letter `a + k`);
    /// the last entry, of all lengths.
    leads: [u32; 9],
    /// Per byte length, their last bytes (bit `b % 64` for byte `b`).
    tails: [u64; 8],
}

const ENDS: Ends = ends();

const fn ends() -> Ends {
    let mut e = Ends {
        leads: [0; 9],
        tails: [0; 8],
    };
    let mut k = 0;
    while k < NUMBER_WORDS.len() + HEADS.len() {
        let w = if k < NUMBER_WORDS.len() {
            NUMBER_WORDS[k].as_bytes()
        } else {
            HEADS[k - NUMBER_WORDS.len()].0.as_bytes()
        };
        assert!(w.len() < 8 && w[0].is_ascii_lowercase());
        let bit = 1 << (w[0] - b'a');
        e.leads[w.len()] |= bit;
        e.leads[8] |= bit;
        e.tails[w.len()] |= 1 << (w[w.len() - 1] % 64);
        k += 1;
    }
    e
}

/// False if the view word `v` (its bytes) is surely no number word nor
/// date head, by its first and last byte and its length (`folded`: by its
/// first letter alone, since folding changes the rest): the one test most
/// words stop at.
#[inline]
pub(crate) fn may_open(v: &[u8], folded: bool) -> bool {
    let (Some(first), Some(last)) = (v.first(), v.last()) else {
        return false;
    };
    let Some(k) = first.checked_sub(b'a').filter(|&k| k < 26) else {
        return false;
    };
    if folded {
        return ENDS.leads[8] & (1 << k) != 0;
    }
    match (ENDS.leads.get(v.len()), ENDS.tails.get(v.len())) {
        (Some(leads), Some(tails)) => leads & (1 << k) != 0 && tails & (1 << (last % 64)) != 0,
        _ => false,
    }
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
