//! The text layer: the matching view's map back to the original, the words
//! and tokens cut from it, and offset conversion in every unit against a
//! slow reference.
//!
//! Input: a flags byte (bit 0: fold diacritics), then the text (its longest
//! UTF-8 prefix).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vietag::syllables::{tokenize, Token};
use vietag::text::{MatchView, OffsetConverter, ViewOptions};
use vietag_fuzz::{split_flags, utf8_prefix, Measure, UNITS};

fuzz_target!(|data: &[u8]| {
    let Some((flags, rest)) = split_flags(data) else {
        return;
    };
    let text = utf8_prefix(rest);
    let opts = ViewOptions {
        fold_diacritics: flags & 1 != 0,
    };
    let mut view = MatchView::default();
    view.build(text, opts);
    check_view(&view, text);
    let mut tokens = Vec::new();
    tokenize(&view, &mut tokens);
    check_tokens(&tokens, &view, text);
    // The same buffers build the next document as a fresh view does.
    let mut again = view.clone();
    again.build(text, opts);
    assert_eq!(again.as_str(), view.as_str());
    check_offsets(text, rest);
});

/// Every view byte maps to a character boundary of the original, in order,
/// and the end of the view to the end of the text.
fn check_view(view: &MatchView, text: &str) {
    let v = view.as_str();
    let mut prev = 0;
    for i in 0..=v.len() {
        let o = view.orig_offset(i);
        assert!(
            text.is_char_boundary(o),
            "view byte {i} maps to byte {o}, inside a character"
        );
        assert!(o >= prev, "view byte {i} maps to {o}, before {prev}");
        prev = o;
    }
    assert_eq!(view.orig_offset(v.len()), text.len());
    assert_eq!(view.orig_offset(v.len() + 7), text.len());
    let mut end = 0;
    for w in view.words() {
        let (s, e) = (w.start as usize, w.end as usize);
        assert!(
            end <= s && s < e && e <= v.len(),
            "word {s}..{e} after {end}"
        );
        assert!(
            v.get(s..e).is_some(),
            "word {s}..{e} is not a slice of the view"
        );
        end = e;
    }
}

/// Tokens are slices of the view and of the text, in order.
fn check_tokens(tokens: &[Token], view: &MatchView, text: &str) {
    let v = view.as_str();
    let (mut view_end, mut orig_end) = (0, 0);
    for t in tokens {
        assert!(
            v.get(t.view.clone()).is_some(),
            "token {t:?} is not a slice of the view"
        );
        assert!(
            text.get(t.orig.clone()).is_some(),
            "token {t:?} is not a slice of the text"
        );
        assert!(t.view.start < t.view.end, "empty token {t:?}");
        assert!(
            view_end <= t.view.start && orig_end <= t.orig.start,
            "token {t:?} out of order"
        );
        view_end = t.view.end;
        orig_end = t.orig.end;
    }
}

/// `OffsetConverter` agrees with the reference, asked in ascending order
/// at every byte and then in an order taken from the input.
fn check_offsets(text: &str, order: &[u8]) {
    let measure = Measure::new(text);
    for unit in UNITS {
        let mut conv = OffsetConverter::new(text, unit);
        for b in 0..=text.len() + 1 {
            assert_eq!(
                conv.convert(b),
                measure.offset(b, unit),
                "{unit:?} byte {b}"
            );
        }
        let mut conv = OffsetConverter::new(text, unit);
        for (k, &x) in order.iter().enumerate().take(64) {
            let b = (usize::from(x) * 7919 + k * 31) % (text.len() + 2);
            assert_eq!(
                conv.convert(b),
                measure.offset(b, unit),
                "{unit:?} byte {b}"
            );
        }
    }
}
