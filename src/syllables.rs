//! Syllable segmentation.
//!
//! Vietnamese writes one syllable per orthographic word, so the tokens here
//! are syllables (letter runs), numbers (digits with `.` `,` `/` `-` `:`
//! inside, as in "4.100", "58,9", "31/36", "2020-2025", "10:50"), single
//! punctuation characters and runs of space. Every match in vietag starts and
//! ends on these token boundaries: "An" never matches inside "Anh", and
//! "Long An" matches in "TP.Long An,".
//!
//! Tokens are cut from the [matching view](crate::text::MatchView) and carry
//! both their view range and their original range, plus the case of the
//! original, which the view has lost.
//!
//! For example "TP.Long An có 4.100 đảng viên" is cut into TP, ., Long,
//! An, có, 4.100, đảng, viên (and the spaces between); see the tests.

use std::ops::Range;

use crate::text::view::WordSpan;
use crate::text::MatchView;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A run of letters (and digits after the first letter): one syllable
    /// or an abbreviation such as "UBND" or "H5N1".
    Word,
    /// Digits, with single `.` `,` `/` `-` `:` between digit groups.
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// A run of white space without a line break.
    Space,
    /// A run of white space with at least one line break.
    LineBreak,
}

/// One token, with its range in the matching view and in the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Byte range in the matching view.
    pub view: Range<usize>,
    /// Byte range in the original text.
    pub orig: Range<usize>,
    /// The original starts with an upper-case letter.
    pub capitalized: bool,
    /// The original has two or more letters, all upper-case ("UBND", "TP").
    pub all_upper: bool,
}

impl Token {
    /// True for words and numbers, the tokens a span may start or end on.
    #[inline]
    pub fn is_content(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Number)
    }

    /// True for white space of either kind.
    #[inline]
    pub fn is_space(&self) -> bool {
        matches!(self.kind, TokenKind::Space | TokenKind::LineBreak)
    }
}

/// Every token of `text` in the default matching view: for a caller that
/// needs only where the words, numbers and punctuation lie in the original
/// (the [`Token::orig`] ranges), and builds no view of its own.
///
/// ```
/// use vietag::syllables::{tokenize_text, TokenKind};
/// let text = "Có 4.100 đảng viên.";
/// let tokens = tokenize_text(text);
/// assert_eq!(&text[tokens[2].orig.clone()], "4.100");
/// assert_eq!(tokens[2].kind, TokenKind::Number);
/// ```
pub fn tokenize_text(text: &str) -> Vec<Token> {
    let mut view = MatchView::default();
    view.build(text, crate::text::ViewOptions::default());
    let mut tokens = Vec::new();
    tokenize(&view, &mut tokens);
    tokens
}

/// Cuts `view` into tokens, replacing `out`.
///
/// Words come from the view (which split glued words and kept their
/// original case); digits right after a word stay in it ("H5N1", "QH14").
pub fn tokenize(view: &MatchView, out: &mut Vec<Token>) {
    out.clear();
    let v = view.as_str();
    let bytes = v.as_bytes();
    // The words not reached yet: a slice keeps fewer values live in the
    // loop than a slice and an index.
    let mut words = view.words();
    let mut i = 0;
    // Tokens cover the view without gaps, so each starts in the original
    // where the one before ended: one offset lookup per token, not two.
    // Tokens start and end on character boundaries, where the map is exact.
    let mut orig_start = view.orig_offset_at_char(0);
    while i < bytes.len() {
        let token = match words {
            [word, rest @ ..] if word.start as usize == i => {
                words = rest;
                let end = end_with_glued_digits(bytes, &mut words, word.end as usize);
                let (cap, upper) = (word.capitalized, word.all_upper);
                token(view, TokenKind::Word, i..end, orig_start, cap, upper)
            }
            _ => {
                let (kind, end) = other_token(v, i);
                token(view, kind, i..end, orig_start, false, false)
            }
        };
        i = token.view.end;
        orig_start = token.orig.end;
        // A ' ' is always a token of its own and most words are followed by
        // one: cutting it here saves a turn of the loop for nearly half the
        // tokens, and the two go into `out` with one test for room.
        if bytes.get(i) != Some(&b' ') {
            out.push(token);
            continue;
        }
        let space = self::token(view, TokenKind::Space, i..i + 1, orig_start, false, false);
        i += 1;
        orig_start = space.orig.end;
        out.extend([token, space]);
    }
}

/// The token that covers `range` of the view and starts at original byte
/// `orig_start`.
#[inline(always)]
fn token(
    view: &MatchView,
    kind: TokenKind,
    range: Range<usize>,
    orig_start: usize,
    capitalized: bool,
    all_upper: bool,
) -> Token {
    let orig_end = view.orig_offset_at_char(range.end);
    Token {
        kind,
        view: range,
        orig: orig_start..orig_end,
        capitalized,
        all_upper,
    }
}

/// End of a word that ends at `i`, with the digits glued to it and the
/// letters glued to those digits ("H5N1", "QH14"), taking those letters
/// off `words`.
#[inline]
fn end_with_glued_digits(bytes: &[u8], words: &mut &[WordSpan], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if let [word, rest @ ..] = *words {
            if word.start as usize == i {
                i = word.end as usize;
                *words = rest;
            }
        }
    }
    i
}

/// Kind and end of the token that starts at view byte `i` and is no word.
#[inline]
fn other_token(v: &str, i: usize) -> (TokenKind, usize) {
    match v.as_bytes()[i] {
        b' ' => (TokenKind::Space, i + 1),
        b'\n' => (TokenKind::LineBreak, i + 1),
        c if c.is_ascii_digit() => (TokenKind::Number, scan_number(v.as_bytes(), i)),
        _ => {
            let len = v[i..].chars().next().map_or(1, char::len_utf8);
            (TokenKind::Punct, i + len)
        }
    }
}

/// End of the number that starts at `i`: digit groups joined by one
/// separator each.
fn scan_number(bytes: &[u8], mut i: usize) -> usize {
    loop {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let joined = i + 1 < bytes.len()
            && matches!(bytes[i], b'.' | b',' | b'/' | b'-' | b':')
            && bytes[i + 1].is_ascii_digit();
        if !joined {
            return i;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn toks(s: &str) -> Vec<(TokenKind, String)> {
        tokenize_text(s)
            .into_iter()
            .map(|t| (t.kind, s[t.orig].to_string()))
            .collect()
    }

    #[test]
    fn numbers_keep_inner_separators() {
        use TokenKind::*;
        assert_eq!(
            toks("4.100, 58,9 31/36 2020-2025 10:50."),
            vec![
                (Number, "4.100".into()),
                (Punct, ",".into()),
                (Space, " ".into()),
                (Number, "58,9".into()),
                (Space, " ".into()),
                (Number, "31/36".into()),
                (Space, " ".into()),
                (Number, "2020-2025".into()),
                (Space, " ".into()),
                (Number, "10:50".into()),
                (Punct, ".".into()),
            ]
        );
    }

    #[test]
    fn words_numbers_and_case() {
        let text = "TP.Long An có 4.100 đảng viên";
        let tokens = tokenize_text(text);
        let words: Vec<&str> = tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Space)
            .map(|t| &text[t.orig.clone()])
            .collect();
        assert_eq!(
            words,
            ["TP", ".", "Long", "An", "có", "4.100", "đảng", "viên"]
        );
        assert!(tokens[2].capitalized);
    }

    #[test]
    fn anh_is_one_syllable() {
        let t = toks("Anh An");
        assert_eq!(t[0].1, "Anh");
        assert_eq!(t[2].1, "An");
    }

    #[test]
    fn nfd_syllables_cover_whole_clusters() {
        let nfd: String = "Đồng Xoài".nfd().collect();
        let t = toks(&nfd);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].1.nfc().collect::<String>(), "Đồng");
        assert_eq!(t[2].1.nfc().collect::<String>(), "Xoài");
    }

    #[test]
    fn case_flags() {
        let t = tokenize_text("UBND Tỉnh tp");
        assert!(t[0].capitalized && t[0].all_upper);
        assert!(t[2].capitalized && !t[2].all_upper);
        assert!(!t[4].capitalized);
    }

    #[test]
    fn glued_words_split_at_a_capital_after_a_small_letter() {
        let t = toks("Thảo MyTAG: iPhone UBND ThU");
        let words: Vec<&str> = t
            .iter()
            .filter(|(k, _)| *k == TokenKind::Word)
            .map(|(_, s)| s.as_str())
            .collect();
        assert_eq!(words, ["Thảo", "My", "TAG", "i", "Phone", "UBND", "ThU"]);
    }

    #[test]
    fn line_breaks_are_their_own_kind() {
        let t = toks("a\r\nb");
        assert_eq!(t[1], (TokenKind::LineBreak, "\r\n".to_string()));
    }
}
