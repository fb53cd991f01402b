//! Inputs the fuzz targets in `fuzz/` found, each pinned by the test of
//! what went wrong.

use vietag::syllables::tokenize;
use vietag::text::{MatchView, ViewOptions};

/// Folding diacritics removes a word made only of combining marks (a mark
/// at the start of the text, or after white space); it must leave no empty
/// word behind, which would become an empty word token.
#[test]
fn folded_marks_alone_leave_no_empty_word() {
    let folded = ViewOptions {
        fold_diacritics: true,
    };
    for text in [
        "\u{33D}",
        "\u{301}a",
        "x \u{301} y",
        "Hà \u{300}\u{303}\nNội",
    ] {
        let mut view = MatchView::default();
        view.build(text, folded);
        for w in view.words() {
            assert!(w.start < w.end, "{text:?}: empty word at {}", w.start);
        }
        let mut tokens = Vec::new();
        tokenize(&view, &mut tokens);
        for t in &tokens {
            assert!(!t.view.is_empty(), "{text:?}: empty token {t:?}");
        }
    }
}
