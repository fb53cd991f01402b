//! Character folding for the matching view.
//!
//! Every function here works on one character (or one syllable) at a time and
//! never changes how many characters a syllable has, so the offset map built
//! in [`super::view`] stays a simple per-character table.

use unicode_normalization::char::{compose, decompose_canonical};

/// Combining tone marks of Vietnamese (huyền, sắc, ngã, hỏi, nặng).
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Lower-cases one character for matching, folding the look-alike
/// U+00D0 "Ð" (Icelandic eth, often typed for "Đ") into "đ".
///
/// Pushes the result to `out` (lower-casing may yield more than one char).
#[inline]
pub(crate) fn push_lower(c: char, out: &mut impl Extend<char>) {
    match lower_one(c) {
        Some(l) => out.extend(std::iter::once(l)),
        None => out.extend(c.to_lowercase()),
    }
}

/// What [`push_lower`] makes of `c` when that is one character found
/// without the Unicode tables (ASCII, the "đ" look-alikes, the blocks of
/// [`fast_lower`]); `None` for anything else.
#[inline]
pub(crate) fn lower_one(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match c {
        '\u{00D0}' | '\u{0110}' | '\u{00F0}' => Some('đ'),
        _ => fast_lower(c),
    }
}

/// Lower case without the Unicode tables for the blocks Vietnamese uses:
/// Latin-1 (À–Þ), Latin Extended-A pairs and the precomposed Vietnamese
/// letters of Latin Extended Additional (Ạ–ỹ), where capitals sit at even
/// code points. `None` for everything else.
#[inline]
pub const fn fast_lower(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        0xC0..=0xDE if u != 0xD7 => char::from_u32(u + 0x20),
        0xDF..=0xFF => Some(c),
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 | 0x1EA0..=0x1EF9 => char::from_u32(u | 1),
        0x1A0 | 0x1AF => char::from_u32(u + 1),
        0x1A1 | 0x1B0 => Some(c),
        _ => None,
    }
}

/// Removes every diacritic from a (lower-case) character: "ồ" → "o",
/// "đ" → "d". Used by the opt-in `fold_diacritics` mode.
pub fn strip_diacritics(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    if c == 'đ' {
        return 'd';
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    match base {
        Some(b) if !is_combining_mark(b) => b,
        _ => c,
    }
}

/// True if the view text `v` is the grammar word `lit` (written in view
/// form). With `folded` (the `fold_diacritics` mode) the view has lost its
/// marks, so `lit` is compared without them.
#[inline]
pub(crate) fn same_word(v: &str, lit: &str, folded: bool) -> bool {
    v == lit || (folded && v.chars().eq(lit.chars().map(strip_diacritics)))
}

/// True for combining diacritical marks (they belong to the preceding letter).
#[inline]
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Splits a precomposed letter (either case) into (letter without tone,
/// tone mark).
pub(crate) fn split_tone(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c, None);
    }
    let mut parts: [char; 4] = ['\0'; 4];
    let mut n = 0;
    decompose_canonical(c, |d| {
        if n < parts.len() {
            parts[n] = d;
            n += 1;
        }
    });
    let mut tone = None;
    let mut base = parts[0];
    for &p in &parts[1..n] {
        if TONE_MARKS.contains(&p) {
            tone = Some(p);
        } else {
            base = compose(base, p).unwrap_or(base);
        }
    }
    (base, tone)
}

fn with_tone(base: char, tone: char) -> char {
    compose(base, tone).unwrap_or(base)
}

/// Unifies old and new tone placement in one lower-case syllable, in place.
///
/// Vietnamese has two conventions for open syllables ending in "oa", "oe"
/// and "uy": the classic one ("hòa", "khỏe", "thủy") and the newer one
/// ("hoà", "khoẻ", "thuỷ"). The matching view always uses the classic one,
/// so a lexicon entry matches both spellings. Syllables with a final
/// consonant ("hoàng", "thuyết") are written alike in both and left alone,
/// as is "quy" where "u" belongs to the consonant "qu".
pub fn unify_tone_placement(syllable: &mut [char]) {
    let n = syllable.len();
    if n < 2 {
        return;
    }
    let (last, last_tone) = split_tone(syllable[n - 1]);
    let Some(tone) = last_tone else { return };
    let (prev, prev_tone) = split_tone(syllable[n - 2]);
    if prev_tone.is_some() {
        return;
    }
    let pair_ok = matches!((prev, last), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    if !pair_ok {
        return;
    }
    // "qu" + "y": the tone stays on "y" in both conventions.
    if prev == 'u' && n >= 3 && syllable[n - 3] == 'q' {
        return;
    }
    // "gi" + "oa"? no such case; "oa"/"oe"/"uy" preceded by another vowel
    // (e.g. "ngoáy" is not open-final here) is left alone.
    if n >= 3 && is_vowel_base(split_tone(syllable[n - 3]).0) {
        return;
    }
    syllable[n - 2] = with_tone(prev, tone);
    syllable[n - 1] = last;
}

fn is_vowel_base(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unify(s: &str) -> String {
        let mut v: Vec<char> = s.chars().collect();
        unify_tone_placement(&mut v);
        v.into_iter().collect()
    }

    #[test]
    fn new_style_becomes_classic() {
        assert_eq!(unify("hoà"), "hòa");
        assert_eq!(unify("thuỷ"), "thủy");
        assert_eq!(unify("khoẻ"), "khỏe");
        assert_eq!(unify("hoá"), "hóa");
        assert_eq!(unify("tuỳ"), "tùy");
    }

    #[test]
    fn classic_and_closed_syllables_are_unchanged() {
        for s in [
            "hòa", "thủy", "khỏe", "hoàng", "thuyết", "quý", "quỳ", "toán", "a", "", "xoài",
        ] {
            assert_eq!(unify(s), s, "{s}");
        }
    }

    #[test]
    fn lower_folds_eth_and_dyet() {
        let mut s = String::new();
        for c in "ÐĐðĐỒNG".chars() {
            push_lower(c, &mut s);
        }
        assert_eq!(s, "đđđđồng");
    }

    #[test]
    fn fast_lower_agrees_with_unicode() {
        for u in (0xC0..0x250).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(l) = fast_lower(c) {
                let mut want = c.to_lowercase();
                assert_eq!(Some(l), want.next(), "U+{u:04X}");
                assert_eq!(want.next(), None);
            }
        }
    }

    #[test]
    fn strips_diacritics() {
        let s: String = "đồng xoài ưu".chars().map(strip_diacritics).collect();
        assert_eq!(s, "dong xoai uu");
    }
}
