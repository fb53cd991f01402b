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
//! ```
//! use vietag::syllables::{tokenize, TokenKind};
//! use vietag::text::{MatchView, ViewOptions};
//!
//! let text = "TP.Long An có 4.100 đảng viên";
//! let mut view = MatchView::default();
//! view.build(text, ViewOptions::default());
//! let mut tokens = Vec::new();
//! tokenize(text, &view, &mut tokens);
//! let words: Vec<&str> = tokens
//!     .iter()
//!     .filter(|t| t.kind != TokenKind::Space)
//!     .map(|t| &text[t.orig.clone()])
//!     .collect();
//! assert_eq!(words, ["TP", ".", "Long", "An", "có", "4.100", "đảng", "viên"]);
//! assert!(tokens[2].capitalized);
//! ```

use std::ops::Range;

use crate::text::view::is_word_char;
use crate::text::MatchView;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// Cuts `view` (built from `original`) into tokens, replacing `out`.
pub fn tokenize(original: &str, view: &MatchView, out: &mut Vec<Token>) {
    out.clear();
    let v = view.as_str();
    let bytes = v.as_bytes();
    let mut i = 0;
    while i < v.len() {
        let Some(c) = v[i..].chars().next() else {
            break;
        };
        let start = i;
        let kind;
        if c.is_ascii_digit() {
            kind = TokenKind::Number;
            i = scan_number(bytes, i);
        } else if is_word_char(c) {
            kind = TokenKind::Word;
            i += c.len_utf8();
            let mut prev_lower = is_lower_at(original, view, start);
            for d in v[i..].chars() {
                if !(is_word_char(d) || d.is_ascii_digit()) {
                    break;
                }
                // A capital after a small letter starts a new word: Vietnamese
                // syllables never do this, glued words ("MyTAG") do.
                let lower = is_lower_at(original, view, i);
                if prev_lower && is_upper_at(original, view, i) {
                    break;
                }
                prev_lower = lower;
                i += d.len_utf8();
            }
        } else if c == ' ' || c == '\n' {
            kind = if c == '\n' {
                TokenKind::LineBreak
            } else {
                TokenKind::Space
            };
            i += 1;
        } else {
            kind = TokenKind::Punct;
            i += c.len_utf8();
        }
        let orig = view.orig_offset(start)..view.orig_offset(i);
        let (capitalized, all_upper) = if kind == TokenKind::Word {
            case_of(&original[orig.clone()])
        } else {
            (false, false)
        };
        out.push(Token {
            kind,
            view: start..i,
            orig,
            capitalized,
            all_upper,
        });
    }
}

/// The original character behind view byte `i`.
fn orig_char(original: &str, view: &MatchView, i: usize) -> Option<char> {
    original.get(view.orig_offset(i)..)?.chars().next()
}

fn is_lower_at(original: &str, view: &MatchView, i: usize) -> bool {
    orig_char(original, view, i).is_some_and(char::is_lowercase)
}

fn is_upper_at(original: &str, view: &MatchView, i: usize) -> bool {
    orig_char(original, view, i).is_some_and(char::is_uppercase)
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

fn case_of(word: &str) -> (bool, bool) {
    let mut letters = 0;
    let mut upper = 0;
    let mut first_upper = false;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if letters == 0 {
            first_upper = c.is_uppercase();
        }
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    (first_upper, letters >= 2 && upper == letters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ViewOptions;
    use unicode_normalization::UnicodeNormalization;

    fn toks(s: &str) -> Vec<(TokenKind, String)> {
        let mut v = MatchView::default();
        v.build(s, ViewOptions::default());
        let mut t = Vec::new();
        tokenize(s, &v, &mut t);
        t.into_iter()
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
        let mut v = MatchView::default();
        let s = "UBND Tỉnh tp";
        v.build(s, ViewOptions::default());
        let mut t = Vec::new();
        tokenize(s, &v, &mut t);
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
        assert_eq!(
            words,
            ["Thảo", "My", "TAG", "i", "Phone", "UBND", "Th", "U"]
        );
    }

    #[test]
    fn line_breaks_are_their_own_kind() {
        let t = toks("a\r\nb");
        assert_eq!(t[1], (TokenKind::LineBreak, "\r\n".to_string()));
    }
}
