//! A sentence splitter for Vietnamese news text.
//!
//! Sentences end at a line break, and at `.` `!` `?` `…` (with any closing
//! quotes and brackets after them) when white space and then a capital, a
//! digit or an opening quote or bracket follow. A `.` does not end a
//! sentence when it:
//!
//! - ends an abbreviation: TP., TX., TT., Q., P., H., X., GS., PGS., TS.,
//!   ThS., BS., KS., CN., NCS., NXB., Tr., … ("PGS.TS. Nguyễn", "Q. 1"),
//!   or a single letter (initials, "v.v.", "Th.S."), but not the last
//!   letter of a unit with a slash ("km/h.");
//! - follows a list marker at the start of a sentence ("1. Tăng cường",
//!   "II. Nhiệm vụ", "a. Mục tiêu");
//! - is inside a number: "4.100", "05.01.2022" and "0271.3879.736" are one
//!   [number token](crate::syllables::TokenKind::Number), so they are
//!   never split;
//! - is not followed by white space ("TP.Tân An"), unless a lower-case
//!   word of two letters or more ends before it and a capitalised word
//!   starts right after it ("thu mua.Cũng theo", a space left out).
//!
//! A caller may also pass ranges that must not be split (the exporters pass
//! the entity spans), so that no entity crosses a sentence boundary.
//!
//! ```
//! use vietag::sentences::split_text;
//! let text = "PGS.TS. Trần Văn Nam về TP. Đồng Xoài ngày 05.01.2022. Có 4.100 người dự.";
//! let s: Vec<&str> = split_text(text, &[]).into_iter().map(|r| &text[r]).collect();
//! assert_eq!(s, [
//!     "PGS.TS. Trần Văn Nam về TP. Đồng Xoài ngày 05.01.2022.",
//!     "Có 4.100 người dự.",
//! ]);
//! ```

use std::ops::Range;

use crate::document::Shaped;
use crate::syllables::{tokenize_text, Token, TokenKind};

/// Words that a `.` after them does not end a sentence (compared in lower
/// case).
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "tp", "tx", "tt", "q", "p", "h", "x", "gs", "pgs", "ts", "ths", "bs", "bsck", "bscki",
    "bsckii", "ks", "cn", "ncs", "nxb", "tr", "st", "đ", "mr", "mrs", "ms", "dr", "co", "ltd",
    "jsc", "inc", "no", "vs", "tk",
];

/// Splits `text` into sentences: byte ranges without surrounding white
/// space, in order. No split falls strictly inside a range of `keep`
/// (byte ranges, e.g. entity spans).
pub fn split_text(text: &str, keep: &[Range<usize>]) -> Vec<Range<usize>> {
    split(text, &tokenize_text(text), keep)
}

/// Like [`split_text`], over the tokens of `text` (from [`tokenize`](crate::syllables::tokenize)).
pub fn split(text: &str, tokens: &[Token], keep: &[Range<usize>]) -> Vec<Range<usize>> {
    split_tokens(text, tokens, keep)
        .into_iter()
        .map(|r| tokens[r.start].orig.start..tokens[r.end - 1].orig.end)
        .collect()
}

/// Like [`split`], as ranges of token indices: each sentence runs from its
/// first to one past its last token that is not white space.
///
/// ```
/// use vietag::sentences::split_tokens;
/// use vietag::syllables::tokenize_text;
/// let text = "Có 4.100 đảng viên. Xã có 11 chi bộ.";
/// let tokens = tokenize_text(text);
/// let s = split_tokens(text, &tokens, &[]);
/// assert_eq!(s.len(), 2);
/// assert_eq!(&text[tokens[s[1].start].orig.start..], "Xã có 11 chi bộ.");
/// ```
pub fn split_tokens(text: &str, tokens: &[Token], keep: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_tokens_through(text, tokens, None, &Keep::new(keep), usize::MAX, &mut out);
    out
}

/// Like [`split_tokens`], but only up to the sentence that holds token
/// `through` (or ends after it): the sentences before it come out the same,
/// for a caller that asks about no later token (the claims layer stops at
/// its last mention). The sentences replace what `out` held: a caller
/// that splits document after document passes the same buffers. `ends`,
/// when the caller has them, are the tokens' [shape](crate::document::shape)
/// bits, of which [`END`](crate::document::shape::END) marks the tokens a
/// sentence can end at.
pub(crate) fn split_tokens_through(
    text: &str,
    tokens: &[Token],
    ends: Option<&[u8]>,
    keep: &Keep,
    through: usize,
    out: &mut Vec<Range<usize>>,
) {
    out.clear();
    // First and last non-space token of the sentence being built.
    let mut first: Option<usize> = None;
    let mut last = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        // Only a line break or a terminator can end a sentence: the words,
        // numbers, spaces and the marks that cannot be a terminator before
        // the next line break or mark that may be one ([`next_stop`]) are
        // passed at once.
        let run = next_stop(text, tokens, ends, i);
        if let Some(w) = (i..run).find(|&k| !tokens[k].is_space()) {
            first.get_or_insert(w);
            last = (w..run).rev().find(|&k| !tokens[k].is_space()).unwrap_or(w);
        }
        i = run;
        let Some(t) = tokens.get(i) else {
            break;
        };
        if t.kind == TokenKind::LineBreak {
            if let Some(f) = first {
                if !keep.inside(t.orig.start) {
                    out.push(f..last + 1);
                    if last >= through {
                        return;
                    }
                    first = None;
                }
            }
            i += 1;
            continue;
        }
        if first.is_none() {
            first = Some(i);
        }
        last = i;
        if t.kind == TokenKind::Punct && is_terminator(&text[t.orig.clone()]) {
            // The terminator group: "?!", "...", ".”", "!)".
            let mut j = i;
            while j + 1 < tokens.len()
                && tokens[j + 1].kind == TokenKind::Punct
                && (is_terminator(&text[tokens[j + 1].orig.clone()])
                    || is_closer(&text[tokens[j + 1].orig.clone()]))
            {
                j += 1;
            }
            let f = first.unwrap_or(i);
            if ends_sentence(text, tokens, f, i, j) && !keep.inside(tokens[j].orig.end) {
                out.push(f..j + 1);
                if j >= through {
                    return;
                }
                first = None;
            } else {
                last = j;
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
    if let Some(f) = first {
        out.push(f..last + 1);
    }
}

/// The first token at or after `i` that is a line break or a punctuation
/// mark that may be a terminator (`tokens.len()` if none), found from the
/// shape bits `ends` if they are the tokens'. The marks are told apart by
/// their first byte: a comma, a bracket or a colon is passed over here, in
/// a few instructions, rather than taken by [`split_tokens_through`] for a
/// turn of its loop (most marks are commas). On s800.jsonl this took the
/// splitter from 9.79M instructions to 8.37M.
fn next_stop(text: &str, tokens: &[Token], ends: Option<&[u8]>, mut i: usize) -> usize {
    loop {
        let k = match ends {
            Some(shapes) if shapes.len() == tokens.len() => next_marked(shapes, i),
            _ => next_end(tokens, i),
        };
        let may_end = |t: &Token| {
            t.kind != TokenKind::Punct
                || text
                    .as_bytes()
                    .get(t.orig.start)
                    .is_some_and(|&b| may_start_terminator(b))
        };
        match tokens.get(k) {
            Some(t) if !may_end(t) => i = k + 1,
            _ => return k,
        }
    }
}

/// The first token at or after `i` that is a punctuation mark or a line
/// break (`tokens.len()` if none): the only tokens a sentence can end at.
fn next_end(tokens: &[Token], i: usize) -> usize {
    const END_BITS: u8 = bit_of(TokenKind::Punct) | bit_of(TokenKind::LineBreak);
    let bit = |t: &Token| bit_of(t.kind);
    let ends = |t: &Token| bit(t) & END_BITS != 0;
    // Most tokens are words and spaces: four at a time are passed with one
    // test of their kinds' bits before any is looked at alone.
    let mut k = i;
    while let Some([a, b, c, d]) = tokens.get(k..k + 4) {
        if (bit(a) | bit(b) | bit(c) | bit(d)) & END_BITS != 0 {
            break;
        }
        k += 4;
    }
    tokens
        .get(k..)
        .and_then(|rest| rest.iter().position(ends))
        .map_or(tokens.len(), |p| k + p)
}

/// Like [`next_end`], from the tokens' shape bits (`shapes`, one per
/// token), walked by [`Shaped`], eight tokens a test: rather than four
/// kinds read from tokens of 40 bytes each and the last group looked at one
/// by one (on s800.jsonl split_tokens_through took 13.73M instructions with
/// next_end, 9.79M with the eight-at-a-time walk).
fn next_marked(shapes: &[u8], i: usize) -> usize {
    let rest = shapes.get(i..).unwrap_or_default();
    let mut marked = Shaped::new(rest, crate::document::shape::END);
    marked.next().map_or(shapes.len(), |k| i + k)
}

/// The bit of `kind` in [`next_end`]'s masks.
const fn bit_of(kind: TokenKind) -> u8 {
    1 << (kind as u8)
}

/// The ranges no split may fall inside, sorted and merged, so that a
/// position is looked up in logarithmic time however many there are.
/// Refilled in place: the claims layer keeps one across documents.
#[derive(Debug, Default)]
pub(crate) struct Keep {
    ranges: Vec<Range<usize>>,
}

impl Keep {
    /// The ranges of `keep`, sorted and merged.
    fn new(keep: &[Range<usize>]) -> Keep {
        let mut k = Keep::default();
        k.fill(keep.iter().cloned());
        k
    }

    /// Replaces the ranges with the non-empty ones of `keep`.
    pub(crate) fn fill(&mut self, keep: impl Iterator<Item = Range<usize>>) {
        let ranges = &mut self.ranges;
        ranges.clear();
        ranges.extend(keep.filter(|k| k.start < k.end));
        ranges.sort_unstable_by_key(|k| k.start);
        // Merged in place: `w` ranges are kept so far.
        let mut w: usize = 0;
        for k in 0..ranges.len() {
            let r = ranges[k].clone();
            match w.checked_sub(1).map(|l| &mut ranges[l]) {
                // Overlapping ranges merge; touching ones stay apart, since
                // a split may fall where one ends and the next starts.
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => {
                    ranges[w] = r;
                    w += 1;
                }
            }
        }
        ranges.truncate(w);
    }

    /// True if `pos` is strictly inside a range.
    fn inside(&self, pos: usize) -> bool {
        let k = self.ranges.partition_point(|r| r.start < pos);
        k.checked_sub(1)
            .and_then(|k| self.ranges.get(k))
            .is_some_and(|r| pos < r.end)
    }
}

/// The marks that end a sentence.
const TERMINATORS: [&str; 4] = [".", "!", "?", "…"];

fn is_terminator(s: &str) -> bool {
    TERMINATORS.contains(&s)
}

/// Per byte, whether a mark whose original starts with it may be one of
/// [`TERMINATORS`]: their first bytes (that of "…" shared with other marks,
/// such as quotes and dashes, which [`is_terminator`] tells apart). Made
/// from the list, so that a terminator added there is not passed over.
const TERMINATOR_STARTS: [bool; 256] = {
    let mut starts = [false; 256];
    let mut k = 0;
    while k < TERMINATORS.len() {
        starts[TERMINATORS[k].as_bytes()[0] as usize] = true;
        k += 1;
    }
    starts
};

/// True if a mark whose original starts with byte `b` may be a terminator
/// ([`TERMINATOR_STARTS`]).
fn may_start_terminator(b: u8) -> bool {
    TERMINATOR_STARTS[usize::from(b)]
}

fn is_closer(s: &str) -> bool {
    matches!(s, "”" | "\"" | "’" | "'" | ")" | "]" | "»")
}

fn is_opener(s: &str) -> bool {
    matches!(
        s,
        "“" | "\"" | "‘" | "'" | "(" | "[" | "«" | "-" | "–" | "•"
    )
}

/// Does the terminator group `i..=j` end the sentence that starts at token
/// `first`?
fn ends_sentence(text: &str, tokens: &[Token], first: usize, i: usize, j: usize) -> bool {
    let Some(next) = (j + 1..tokens.len()).find(|&k| !tokens[k].is_space()) else {
        return true;
    };
    if next == j + 1 {
        // No white space: "TP.Tân An", "a.m", "vnexpress.net"; only a
        // typed-together end of sentence ("thu mua.Cũng theo") is one.
        return glued_end(text, tokens, i, j);
    }
    if tokens[j + 1..next]
        .iter()
        .any(|t| t.kind == TokenKind::LineBreak)
    {
        return true;
    }
    let n = &tokens[next];
    let starts_well = match n.kind {
        TokenKind::Word => n.capitalized,
        TokenKind::Number => true,
        TokenKind::Punct => is_opener(&text[n.orig.clone()]),
        _ => false,
    };
    if !starts_well {
        return false;
    }
    let single_dot = i == j && &text[tokens[i].orig.clone()] == ".";
    if !single_dot {
        return true;
    }
    // The word before the dot.
    let Some(prev) = i
        .checked_sub(1)
        .filter(|&p| tokens[p].kind == TokenKind::Word)
    else {
        // "1." at the start of a sentence is a list marker.
        return !(i == first + 1 && tokens[first].kind == TokenKind::Number);
    };
    let word = &text[tokens[prev].orig.clone()];
    // The end of a unit written with a slash ("120 km/h. Sau đó").
    if prev
        .checked_sub(1)
        .is_some_and(|s| &text[tokens[s].orig.clone()] == "/")
    {
        return true;
    }
    // One letter ("A."), found without counting all of the word's.
    let mut chars = word.chars();
    let one_letter = chars.next().is_some() && chars.next().is_none();
    if one_letter || is_abbreviation(word) {
        return false;
    }
    // "II. Nhiệm vụ": a Roman numeral alone before the dot.
    if prev == first && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return false;
    }
    true
}

/// Bytes of the longest of [`ABBREVIATIONS`], at most (a test checks).
const LONGEST_ABBREVIATION: usize = 8;

/// True if `word` in lower case is one of [`ABBREVIATIONS`], without
/// making a lower-case copy (a check made at most full stops).
fn is_abbreviation(word: &str) -> bool {
    if word.is_ascii() {
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    }
    // A letter of the Latin blocks other than "Đ" stays such a letter in
    // lower case, and no abbreviation has one: most words with marks stop
    // here, before any case table is read.
    let latin = |c: char| matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}');
    if word.chars().any(|c| latin(c) && !matches!(c, 'Đ' | 'đ')) {
        return false;
    }
    // Lower-cased into a small buffer: a word longer than it is none.
    let mut buf = [0u8; LONGEST_ABBREVIATION];
    let mut n = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let Some(slot) = buf.get_mut(n..n + c.len_utf8()) else {
            return false;
        };
        c.encode_utf8(slot);
        n += c.len_utf8();
    }
    ABBREVIATIONS.iter().any(|a| a.as_bytes() == &buf[..n])
}

/// A full stop typed without the space after it: a lower-case word of two
/// letters or more that is no abbreviation, ".", then a capitalised word.
fn glued_end(text: &str, tokens: &[Token], i: usize, j: usize) -> bool {
    let word = |k: usize| &text[tokens[k].orig.clone()];
    let lower_word = i.checked_sub(1).is_some_and(|p| {
        let t = &tokens[p];
        t.kind == TokenKind::Word
            && !t.capitalized
            && word(p).chars().count() >= 2
            && !is_abbreviation(word(p))
    });
    let capital_next = tokens
        .get(j + 1)
        .is_some_and(|n| n.kind == TokenKind::Word && n.capitalized);
    i == j && word(i) == "." && lower_word && capital_next
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn sents(text: &str) -> Vec<&str> {
        split_text(text, &[])
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("Một câu. Hai câu.", &["Một câu.", "Hai câu."]),
            (
                "Ông về TP. Đồng Xoài. Sau đó về Q. 3.",
                &["Ông về TP. Đồng Xoài.", "Sau đó về Q. 3."],
            ),
            (
                "PGS.TS. Lê Minh Hải và ThS. Vũ Thu dự họp.",
                &["PGS.TS. Lê Minh Hải và ThS. Vũ Thu dự họp."],
            ),
            (
                "Tổ dân phố ở P. Tân Phú, TX. Phước Long.",
                &["Tổ dân phố ở P. Tân Phú, TX. Phước Long."],
            ),
            (
                "Có 4.100 đảng viên. 58,9 triệu đồng là mức thu.",
                &["Có 4.100 đảng viên.", "58,9 triệu đồng là mức thu."],
            ),
            (
                "Ngày 05.01.2022 họp. Ngày 6 nghỉ.",
                &["Ngày 05.01.2022 họp.", "Ngày 6 nghỉ."],
            ),
            ("Gọi 0271.3879.736 để hỏi.", &["Gọi 0271.3879.736 để hỏi."]),
            (
                "Ông nói: “Phải làm ngay!”. Mọi người đồng ý.",
                &["Ông nói: “Phải làm ngay!”.", "Mọi người đồng ý."],
            ),
            (
                "“Anh khỏe không?” chị hỏi. Anh cười.",
                &["“Anh khỏe không?” chị hỏi.", "Anh cười."],
            ),
            ("Tiêu đề\nDòng hai", &["Tiêu đề", "Dòng hai"]),
            (
                "1. Tăng cường kiểm tra. 2. Nâng cao chất lượng.",
                &["1. Tăng cường kiểm tra.", "2. Nâng cao chất lượng."],
            ),
            ("II. Nhiệm vụ trọng tâm", &["II. Nhiệm vụ trọng tâm"]),
            ("Vào TP.Tân An. Rồi về.", &["Vào TP.Tân An.", "Rồi về."]),
            ("Chờ đợi... rồi đi. Xong", &["Chờ đợi... rồi đi.", "Xong"]),
            ("Hết năm 2022. Sang năm", &["Hết năm 2022.", "Sang năm"]),
            ("  \n ", &[]),
            ("Vui quá 😀. Đi thôi", &["Vui quá 😀.", "Đi thôi"]),
            (
                "Giá giảm do thương lái ngừng thu mua.Cũng theo ông, giá sẽ tăng.",
                &[
                    "Giá giảm do thương lái ngừng thu mua.",
                    "Cũng theo ông, giá sẽ tăng.",
                ],
            ),
            (
                "Công an P.Tân Phú, tp.Hà Tĩnh và trang tin.vn đưa tin.",
                &["Công an P.Tân Phú, tp.Hà Tĩnh và trang tin.vn đưa tin."],
            ),
            (
                "Xe chạy 120 km/h. Sau đó dừng.",
                &["Xe chạy 120 km/h.", "Sau đó dừng."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(sents(text), *want, "{text}");
        }
    }

    /// The shortcut of `is_abbreviation` for the Latin blocks: no letter
    /// there but "Đ" lower-cases to what an abbreviation could hold.
    #[test]
    fn latin_letters_are_no_abbreviation() {
        // What the shortcuts rely on: the list is lower case, ASCII but
        // for "đ", and each fits the buffer.
        for a in ABBREVIATIONS {
            assert!(a.chars().all(|c| c.is_ascii_lowercase() || c == 'đ'), "{a}");
            assert!(a.len() <= LONGEST_ABBREVIATION, "{a}");
        }
        let blocks = ('\u{C0}'..='\u{24F}').chain('\u{1E00}'..='\u{1EFF}');
        for c in blocks.filter(|c| !matches!(c, 'Đ' | 'đ')) {
            assert!(c.to_lowercase().any(|l| !l.is_ascii() && l != 'đ'), "{c}");
        }
        for w in ["TP", "tp", "Đ", "BSCKII", "Tr"] {
            assert!(is_abbreviation(w), "{w}");
        }
        for w in ["Tân", "ĐT", "tpx", "Thành", "\u{212A}"] {
            assert!(!is_abbreviation(w), "{w}");
        }
        // The Kelvin sign lower-cases to an ASCII "k".
        assert!(is_abbreviation("T\u{212A}"));
    }

    #[test]
    fn keep_ranges_are_not_split() {
        let text = "Đến Nhà hàng Ngon. Quán Mới. Xong.";
        assert_eq!(sents(text), ["Đến Nhà hàng Ngon.", "Quán Mới.", "Xong."]);
        let k = text.find("Nhà").unwrap()..text.find(". Xong").unwrap();
        let s: Vec<&str> = split_text(text, &[k])
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(s, ["Đến Nhà hàng Ngon. Quán Mới.", "Xong."]);
    }

    #[test]
    fn keep_ranges_in_any_order_and_overlapping() {
        let text = "Một. Hai. Ba. Bốn.";
        let at = |w: &str| text.find(w).unwrap();
        // Unsorted, overlapping and empty ranges: "Hai. Ba" and "Ba. Bốn"
        // overlap, so only the cut after "Một." remains.
        let keep = [at("Ba")..at("Bốn") + 1, at("Hai")..at("Ba") + 1, 3..3];
        let s: Vec<&str> = split_text(text, &keep)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(s, ["Một.", "Hai. Ba. Bốn."]);
        // Ranges that only touch do not join their sentences.
        let e = "Một.".len();
        let keep = [0..e, e..at("Hai") + 2];
        assert_eq!(split_text(text, &keep).len(), 4);
    }

    #[test]
    fn token_ranges_match_byte_ranges() {
        let text = "Ông về TP. Đồng Xoài.\nCó 4.100 đảng viên! Xong";
        let tokens = tokenize_text(text);
        let by_tokens: Vec<&str> = split_tokens(text, &tokens, &[])
            .into_iter()
            .map(|r| &text[tokens[r.start].orig.start..tokens[r.end - 1].orig.end])
            .collect();
        assert_eq!(by_tokens, sents(text));
        assert_eq!(
            by_tokens,
            ["Ông về TP. Đồng Xoài.", "Có 4.100 đảng viên!", "Xong"]
        );
    }

    /// The four-at-a-time walk finds what a walk token by token finds.
    #[test]
    fn next_end_is_the_next_mark_or_break() {
        let text = "Một hai ba bốn năm sáu, bảy tám chín mười.\nHai mươi mốt hai hai";
        let tokens = tokenize_text(text);
        for i in 0..=tokens.len() + 1 {
            let want = (i..tokens.len())
                .find(|&k| matches!(tokens[k].kind, TokenKind::Punct | TokenKind::LineBreak))
                .unwrap_or(tokens.len());
            assert_eq!(next_end(&tokens, i), want, "{i}");
        }
    }

    /// The eight-at-a-time walk over shape bits finds what the walk over
    /// tokens finds, from every token (fewer than eight left included).
    #[test]
    fn next_marked_is_next_end() {
        let text = "Một hai ba bốn năm sáu, bảy tám chín mười.\nHai mươi mốt hai hai (ba) bốn";
        let tokens = tokenize_text(text);
        let shapes: Vec<u8> = tokens
            .iter()
            .map(|t| match t.kind {
                TokenKind::Punct | TokenKind::LineBreak => crate::document::shape::END,
                _ => crate::document::shape::DIGITS,
            })
            .collect();
        for i in 0..=tokens.len() + 1 {
            assert_eq!(next_marked(&shapes, i), next_end(&tokens, i), "{i}");
        }
    }

    /// The next stop passes no line break and no terminator, and stops at
    /// a line break or a mark that may be a terminator, from every token,
    /// with the shape bits and without them, in NFC and in NFD.
    #[test]
    fn next_stop_passes_no_terminator() {
        let text = "Ông A (Hà Nội): «Tốt!» – vâng… “Được?”, có.\nMột; hai: ba ?! 4.5 ”cuối”";
        for text in [text.to_string(), text.nfd().collect::<String>()] {
            let tokens = tokenize_text(&text);
            let shapes: Vec<u8> = tokens
                .iter()
                .map(|t| match t.kind {
                    TokenKind::Punct | TokenKind::LineBreak => crate::document::shape::END,
                    _ => 0,
                })
                .collect();
            let stops = |t: &Token| {
                t.kind == TokenKind::LineBreak
                    || t.kind == TokenKind::Punct && is_terminator(&text[t.orig.clone()])
            };
            for i in 0..=tokens.len() {
                for ends in [Some(&shapes[..]), None] {
                    let k = next_stop(&text, &tokens, ends, i);
                    assert!(!tokens[i..k].iter().any(stops), "{i}: passed a stop");
                    if let Some(t) = tokens.get(k) {
                        let first = text.as_bytes()[t.orig.start];
                        let maybe = t.kind == TokenKind::Punct && may_start_terminator(first);
                        assert!(
                            t.kind == TokenKind::LineBreak || maybe,
                            "{i}: stopped at {k}"
                        );
                    }
                }
            }
        }
    }

    /// Every terminator passes the one-byte test, and a comma does not.
    #[test]
    fn terminators_pass_the_first_byte_test() {
        for t in TERMINATORS {
            assert!(
                is_terminator(t) && may_start_terminator(t.as_bytes()[0]),
                "{t}"
            );
        }
        for t in [",", ";", ":", "(", ")", "\"", "-"] {
            assert!(
                !is_terminator(t) && !may_start_terminator(t.as_bytes()[0]),
                "{t}"
            );
        }
    }

    #[test]
    fn nfd_text() {
        let text: String = "Về TP. Đồng Xoài. Ông Hà về.".nfd().collect();
        let s: Vec<String> = split_text(&text, &[])
            .into_iter()
            .map(|r| text[r].nfc().collect())
            .collect();
        assert_eq!(s, ["Về TP. Đồng Xoài.", "Ông Hà về."]);
    }
}
