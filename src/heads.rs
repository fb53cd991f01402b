//! The words that open a number or a date expression. A document marks
//! its tokens with them once, when it is prepared (see
//! [`Document::has_shape`](crate::document::Document::has_shape)), so that
//! the numeric and date grammars are tried only where they can start.
//!
//! A leaf module below the document and the taggers, like
//! [`phonotactics`](crate::phonotactics): both read it, and it reads
//! nothing of theirs.

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

/// Rows of [`ENDS`]: one per byte length below [`FOLDED`], then one for
/// a folded view, where folding changes the words' length and later bytes.
const FOLDED: usize = 8;

/// What the words of [`NUMBER_WORDS`] and [`HEADS`] look like, for
/// [`may_open`], per row (byte length, or [`FOLDED`]). Every one starts
/// with a plain letter, which folding keeps, and has two to seven bytes.
struct Ends {
    /// Their first letters (bit `k` for letter `a + k`): the test most
    /// words stop at.
    leads: [u32; FOLDED + 1],
    /// Per first letter, their second and last bytes (bit `b % 64` for
    /// byte `b`; every bit in the folded row).
    inner: [[Inner; 26]; FOLDED + 1],
}

#[derive(Clone, Copy)]
struct Inner {
    second: u64,
    last: u64,
}

const ENDS: Ends = ends();

const fn ends() -> Ends {
    let none = Inner { second: 0, last: 0 };
    let mut e = Ends {
        leads: [0; FOLDED + 1],
        inner: [[none; 26]; FOLDED + 1],
    };
    let mut k = 0;
    while k < NUMBER_WORDS.len() + HEADS.len() {
        let w = if k < NUMBER_WORDS.len() {
            NUMBER_WORDS[k].as_bytes()
        } else {
            HEADS[k - NUMBER_WORDS.len()].0.as_bytes()
        };
        assert!(w.len() >= 2 && w.len() < FOLDED && w[0].is_ascii_lowercase());
        let lead = (w[0] - b'a') as usize;
        e.leads[w.len()] |= 1 << lead;
        e.leads[FOLDED] |= 1 << lead;
        let inner = &mut e.inner[w.len()][lead];
        inner.second |= 1 << (w[1] % 64);
        inner.last |= 1 << (w[w.len() - 1] % 64);
        e.inner[FOLDED][lead] = Inner {
            second: u64::MAX,
            last: u64::MAX,
        };
        k += 1;
    }
    e
}

/// False if the view word `v` (its bytes) is surely no number word nor
/// date head, by its length and first, second and last bytes (`folded`:
/// by its first letter alone, since folding changes the rest): the one
/// test most words stop at.
#[inline]
pub(crate) fn may_open(v: &[u8], folded: bool) -> bool {
    let (Some(&first), Some(&second), Some(&last)) = (v.first(), v.get(1), v.last()) else {
        return false;
    };
    let row = if folded {
        FOLDED
    } else if v.len() < FOLDED {
        v.len()
    } else {
        return false;
    };
    let lead = first.wrapping_sub(b'a');
    let (Some(leads), Some(inner)) = (ENDS.leads.get(row), ENDS.inner.get(row)) else {
        return false;
    };
    lead < 26
        && leads >> lead & 1 != 0
        && inner
            .get(usize::from(lead))
            .is_some_and(|e| e.second >> (second % 64) & e.last >> (last % 64) & 1 != 0)
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
