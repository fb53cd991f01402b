//! Small token-level helpers shared by the grammar taggers.
//!
//! Every function takes a token index that may be out of range and answers
//! "no" rather than panicking, so a grammar can probe ahead freely. Words
//! are compared in the matching view: lower-case NFC with the classic tone
//! placement ("khóa", "hòa"), so literals in the grammars must be written
//! that way (a unit test checks them).

use crate::syllables::{Token, TokenKind};
use crate::taggers::Document;
use crate::text::fold::strip_diacritics;

/// The token at `i`, if any.
#[inline]
pub(crate) fn tok<'a>(doc: &Document<'a>, i: usize) -> Option<&'a Token> {
    doc.tokens.get(i)
}

/// The view text of token `i` ("" when out of range).
#[inline]
pub(crate) fn view<'a>(doc: &Document<'a>, i: usize) -> &'a str {
    match doc.tokens.get(i) {
        Some(t) => doc.view.as_str().get(t.view.clone()).unwrap_or(""),
        None => "",
    }
}

/// The original text of token `i` ("" when out of range).
#[inline]
pub(crate) fn orig<'a>(doc: &Document<'a>, i: usize) -> &'a str {
    match doc.tokens.get(i) {
        Some(t) => doc.text.get(t.orig.clone()).unwrap_or(""),
        None => "",
    }
}

/// The original text from the start of token `a` to the end of token `b - 1`.
#[inline]
pub(crate) fn orig_span<'a>(doc: &Document<'a>, a: usize, b: usize) -> &'a str {
    if b <= a {
        return "";
    }
    match (doc.tokens.get(a), doc.tokens.get(b - 1)) {
        (Some(x), Some(y)) if x.orig.start <= y.orig.end => {
            doc.text.get(x.orig.start..y.orig.end).unwrap_or("")
        }
        _ => "",
    }
}

/// The kind of token `i`.
#[inline]
pub(crate) fn kind(doc: &Document<'_>, i: usize) -> Option<TokenKind> {
    doc.tokens.get(i).map(|t| t.kind)
}

/// True if the view text `v` is the grammar word `lit` (written in view
/// form). With `fold_diacritics` the view has lost its marks, so `lit` is
/// compared without them.
#[inline]
pub(crate) fn same_word(doc: &Document<'_>, v: &str, lit: &str) -> bool {
    v == lit
        || (doc.lexicon.view_options().fold_diacritics
            && v.chars().eq(lit.chars().map(strip_diacritics)))
}

/// True if token `i` is a word whose view text is `w`.
#[inline]
pub(crate) fn is_word(doc: &Document<'_>, i: usize, w: &str) -> bool {
    kind(doc, i) == Some(TokenKind::Word) && same_word(doc, view(doc, i), w)
}

/// True if token `i` is a word whose view text is one of `ws`.
#[inline]
pub(crate) fn is_word_in(doc: &Document<'_>, i: usize, ws: &[&str]) -> bool {
    kind(doc, i) == Some(TokenKind::Word) && {
        let v = view(doc, i);
        ws.iter().any(|w| same_word(doc, v, w))
    }
}

/// True if token `i` is the punctuation character `c`.
#[inline]
pub(crate) fn is_punct(doc: &Document<'_>, i: usize, c: char) -> bool {
    kind(doc, i) == Some(TokenKind::Punct) && view(doc, i).starts_with(c)
}

/// True if token `i` is a dash: hyphen, en dash, em dash or minus.
#[inline]
pub(crate) fn is_dash(doc: &Document<'_>, i: usize) -> bool {
    kind(doc, i) == Some(TokenKind::Punct)
        && matches!(view(doc, i), "-" | "–" | "—" | "−" | "‐" | "‑")
}

/// True if token `i` is a number.
#[inline]
pub(crate) fn is_number(doc: &Document<'_>, i: usize) -> bool {
    kind(doc, i) == Some(TokenKind::Number)
}

/// True if token `i` is a word whose original starts with a capital.
#[inline]
pub(crate) fn is_cap(doc: &Document<'_>, i: usize) -> bool {
    doc.tokens
        .get(i)
        .is_some_and(|t| t.kind == TokenKind::Word && t.capitalized)
}

/// `i + 1` if token `i` is a space without a line break, else `i`: steps
/// over the one space the view keeps between two words.
#[inline]
pub(crate) fn sp(doc: &Document<'_>, i: usize) -> usize {
    if kind(doc, i) == Some(TokenKind::Space) {
        i + 1
    } else {
        i
    }
}

/// The index after the words `ws` written from `i` on, one space apart.
pub(crate) fn words(doc: &Document<'_>, i: usize, ws: &[&str]) -> Option<usize> {
    let mut j = i;
    for (n, w) in ws.iter().enumerate() {
        if n > 0 {
            j = sp(doc, j);
        }
        if !is_word(doc, j, w) {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// The previous content token before `i`, stepping over spaces (not line
/// breaks) and the punctuation characters in `skip`.
pub(crate) fn prev_content(doc: &Document<'_>, i: usize, skip: &[char]) -> Option<usize> {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let t = doc.tokens.get(j)?;
        match t.kind {
            TokenKind::Space => continue,
            TokenKind::Punct
                if view(doc, j)
                    .chars()
                    .next()
                    .is_some_and(|c| skip.contains(&c)) =>
            {
                continue
            }
            TokenKind::Word | TokenKind::Number => return Some(j),
            _ => return None,
        }
    }
    None
}

/// The value of an unsigned decimal number of at most 9 ASCII digits.
#[inline]
pub(crate) fn int(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The value of an upper-case Roman numeral in canonical form ("XII" →
/// 12), 1 to 3999. "IIII" or "IC" are not numerals.
pub(crate) fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let val = |c: u8| match c {
        b'I' => Some(1u32),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        b'C' => Some(100),
        b'D' => Some(500),
        b'M' => Some(1000),
        _ => None,
    };
    let bytes = s.as_bytes();
    let mut total: i64 = 0;
    for (k, &b) in bytes.iter().enumerate() {
        let v = i64::from(val(b)?);
        let next = match bytes.get(k + 1) {
            Some(&n) => i64::from(val(n)?),
            None => 0,
        };
        if v < next {
            total -= v;
        } else {
            total += v;
        }
    }
    let total = u32::try_from(total).ok()?;
    if !(1..4000).contains(&total) {
        return None;
    }
    let mut canon = String::with_capacity(s.len());
    write_roman(total, &mut canon);
    (canon == s).then_some(total)
}

fn write_roman(mut n: u32, out: &mut String) {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    for &(v, r) in &TABLE {
        while n >= v {
            out.push_str(r);
            n -= v;
        }
    }
}
