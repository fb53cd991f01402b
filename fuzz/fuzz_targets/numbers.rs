//! The number parser never panics, and every value it returns is finite
//! (ranges ordered, word counts within the words given).
//!
//! Input: a flags byte (bit 0: English decimal style), then text (its
//! longest UTF-8 prefix), read as given and as the matching view writes
//! it; both are split into words at spaces, as the tagger's tokens are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vietag::numbers::{
    guess_style, looks_like_identifier, parse_number_words, parse_numeral, parse_range, scale_word,
    DecimalStyle,
};
use vietag::text::{MatchView, ViewOptions};
use vietag_fuzz::{split_flags, utf8_prefix};

/// Words looked at from each start: the grammars never read further.
const MAX_WORDS: usize = 48;

fuzz_target!(|data: &[u8]| {
    let Some((flags, rest)) = split_flags(data) else {
        return;
    };
    let style = if flags & 1 != 0 {
        DecimalStyle::English
    } else {
        DecimalStyle::Vietnamese
    };
    let raw = utf8_prefix(rest);
    let mut view = MatchView::default();
    view.build(raw, ViewOptions::default());
    for text in [raw, view.as_str()] {
        check_token(text, style);
        let words: Vec<&str> = text.split([' ', '\n']).filter(|w| !w.is_empty()).collect();
        let _ = guess_style(words.iter().copied());
        for start in 0..words.len() {
            let end = words.len().min(start + MAX_WORDS);
            check_words(&words[start..end], style);
            check_token(words[start], style);
        }
    }
});

fn check_token(token: &str, style: DecimalStyle) {
    let _ = looks_like_identifier(token);
    if let Some(s) = scale_word(token) {
        assert!(s.is_finite() && s > 0.0);
    }
    if let Some(n) = parse_numeral(token, style) {
        assert!(n.value.is_finite() && n.value >= 0.0, "{token:?} -> {n:?}");
        assert!(n.decimals <= 18, "{token:?} -> {n:?}");
    }
}

fn check_words(words: &[&str], style: DecimalStyle) {
    if let Some((v, used)) = parse_number_words(words, style) {
        assert!(v.is_finite(), "{words:?} -> {v}");
        assert!((1..=words.len()).contains(&used), "{words:?} used {used}");
    }
    if let Some((lo, hi, used)) = parse_range(words, style) {
        assert!(lo.is_finite() && hi.is_finite(), "{words:?} -> {lo}..{hi}");
        assert!(lo <= hi, "{words:?} -> {lo}..{hi}");
        assert!((1..=words.len()).contains(&used), "{words:?} used {used}");
    }
}
