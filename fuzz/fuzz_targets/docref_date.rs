//! The DOCREF and date grammars on any text: every candidate covers a
//! non-empty range of the document's tokens, maps to a slice of the text,
//! and has attributes; every date value is a real date.
//!
//! Input: a flags byte (bit 0: fold diacritics), then the text (its longest
//! UTF-8 prefix).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vietag::fuzzing::Parsers;
use vietag::text::ViewOptions;
use vietag_fuzz::{split_flags, utf8_prefix};

fn parsers(fold: bool) -> &'static Parsers {
    static PARSERS: [OnceLock<Parsers>; 2] = [const { OnceLock::new() }; 2];
    PARSERS[usize::from(fold)].get_or_init(|| {
        let view = ViewOptions {
            fold_diacritics: fold,
        };
        Parsers::new(view).expect("the default lexicons build")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((flags, rest)) = split_flags(data) else {
        return;
    };
    let text = utf8_prefix(rest);
    let (found, tokens) = parsers(flags & 1 != 0).candidates(text);
    for f in &found {
        assert!(
            f.tokens.start < f.tokens.end && f.tokens.end <= tokens,
            "{} tokens {:?} of {tokens}",
            f.label,
            f.tokens
        );
        let bytes = f.bytes.clone().expect("a token range maps to bytes");
        let span = text.get(bytes.clone());
        assert!(
            span.is_some_and(|s| !s.is_empty()),
            "{} bytes {bytes:?}",
            f.label
        );
        assert!(f.attrs.is_object(), "{} attrs {}", f.label, f.attrs);
        if f.label == "DATE" {
            assert!(f.attrs["value"].is_string(), "a date has a value");
            // The tagger and lint share one calendar check: no DATE the
            // grammar emits is one lint reports as impossible.
            let problem = span.and_then(vietag::lint::date_problem);
            assert!(problem.is_none(), "{:?}: {problem:?}", span);
        }
    }
});
