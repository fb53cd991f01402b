//! TCVN3: TCVN 5712:1993 VN3, the encoding of the ABC ".Vn" fonts.
//!
//! VN3 has the 67 lower-case letters and the 7 capitals without tone marks
//! (Ă Â Ê Ô Ơ Ư Đ). Capitals with tone marks were typed in an all-capitals
//! ".VnH" font, which draws the bytes of the lower-case letters as
//! capitals; in a plain text file the font is gone and "VIỆT" reads
//! "VIÖT". The decoder reads such a word with the `.VnH` column of the
//! table: a word of two or more capitals and no ASCII small letter, and a
//! one-capital word next to such a word, or between two words in capitals
//! on a line that has such a word ("X· HéI" → "XÃ HỘI", "UBND X· T¢N LËP"
//! → "UBND XÃ TÂN LẬP", but "G§ Së TNMT" → "GĐ Sở TNMT").
//! A capitalised word on its own ("Ủy" typed as "ñy") cannot be told from
//! a small one and stays small.
//!
//! The decoder also reads the VN2 additions of the same standard (16
//! precomposed capitals and 5 combining tone marks) and Windows-1252
//! punctuation in 80–9F. The encoder writes every capital with a tone mark
//! in VN2 (precomposed, or the capital without tone and a combining mark),
//! so that text round-trips exactly.

use super::single_byte::{char_or_error, encode_char};
use super::tables::{tables, ByteMap, Tcvn3Table};
use super::{DecodeError, EncodeError, Encoding, Unmapped};
use crate::text::fold::is_combining_mark;

/// How a word's letters are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    /// Two or more capitals, small letters only from lower-case codes: a
    /// `.VnH` word ("VIÖT").
    Caps,
    /// Two or more capitals and no small letter ("UBND", "T¢N").
    AllCaps,
    /// One capital and lower-case codes ("X·"): `.VnH` next to a `Caps`
    /// word, or between two capital words on a line with a `Caps` word.
    OneCap,
    /// Anything else: the `.Vn` reading.
    Plain,
}

/// One run of letter bytes.
struct Word {
    start: usize,
    end: usize,
    case: Case,
    /// Line number (line breaks before it).
    line: usize,
}

/// Decodes TCVN3 bytes (not yet NFC).
pub(super) fn decode(bytes: &[u8], lossy: bool) -> Result<String, DecodeError> {
    let t = &tables().tcvn3;
    let words = words(bytes, t);
    let mut caps_lines = vec![false; words.last().map_or(0, |w| w.line + 1)];
    for w in words.iter().filter(|w| w.case == Case::Caps) {
        caps_lines[w.line] = true;
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut push = |start: usize, end: usize, map: &ByteMap| -> Result<(), DecodeError> {
        for (i, &byte) in bytes[start..end].iter().enumerate() {
            out.push(char_or_error(map, byte, start + i, Encoding::Tcvn3, lossy)?);
        }
        Ok(())
    };
    let mut pos = 0;
    for (i, w) in words.iter().enumerate() {
        push(pos, w.start, &t.vn)?;
        let map = if reads_upper(&words, i, &caps_lines) {
            &t.vnh
        } else {
            &t.vn
        };
        push(w.start, w.end, map)?;
        pos = w.end;
    }
    push(pos, bytes.len(), &t.vn)?;
    Ok(out)
}

/// Whether word `i` is read with the `.VnH` table. `caps_lines[n]`: line
/// `n` has a `Caps` word.
///
/// A one-capital word between two capital words is a capital only on a
/// line that has a sure `.VnH` word: "UBND X· T¢N LËP" is "UBND XÃ TÂN
/// LẬP", but "Phã G§ Së TNMT" is "Phó GĐ Sở TNMT".
fn reads_upper(words: &[Word], i: usize, caps_lines: &[bool]) -> bool {
    let line = words[i].line;
    match words[i].case {
        Case::Caps => true,
        Case::OneCap => {
            let same_line = |w: &Word| w.line == line;
            let before = i.checked_sub(1).map(|p| &words[p]).filter(|w| same_line(w));
            let after = words.get(i + 1).filter(|w| same_line(w));
            let case = |w: Option<&Word>| w.map(|w| w.case);
            let capital = |w: Option<&Word>| matches!(case(w), Some(Case::Caps | Case::AllCaps));
            case(before) == Some(Case::Caps)
                || case(after) == Some(Case::Caps)
                || (capital(before) && capital(after) && caps_lines[line])
        }
        Case::AllCaps | Case::Plain => false,
    }
}

/// The letter runs of `bytes`, classified.
fn words(bytes: &[u8], t: &Tcvn3Table) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    let mut line = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let letter =
            t.vn.char(b)
                .is_some_and(|c| c.is_alphabetic() || is_combining_mark(c));
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(word(bytes, s, i, line, t));
                start = None;
            }
            _ => {}
        }
        line += usize::from(b == b'\n');
    }
    if let Some(s) = start {
        words.push(word(bytes, s, bytes.len(), line, t));
    }
    words
}

fn word(bytes: &[u8], start: usize, end: usize, line: usize, t: &Tcvn3Table) -> Word {
    let (mut capitals, mut ascii_small, mut small_codes) = (0, 0, 0);
    for &b in &bytes[start..end] {
        match t.vn.char(b) {
            Some(c) if c.is_uppercase() => capitals += 1,
            Some(c) if c.is_ascii_lowercase() => ascii_small += 1,
            Some(c) if c.is_lowercase() => small_codes += 1,
            _ => {}
        }
    }
    let case = match (capitals, ascii_small, small_codes) {
        (2.., 0, 0) => Case::AllCaps,
        (2.., 0, _) => Case::Caps,
        (1, 0, 1..) => Case::OneCap,
        _ => Case::Plain,
    };
    Word {
        start,
        end,
        case,
        line,
    }
}

/// Encodes NFC text in TCVN3 (with VN2 for capitals with tone marks).
pub(super) fn encode(
    text: &str,
    out: &mut Vec<u8>,
    unmapped: &mut Unmapped<'_>,
) -> Result<(), EncodeError> {
    let map = &tables().tcvn3.vn;
    for (offset, c) in text.char_indices() {
        if encode_char(c, map, out).is_none() {
            unmapped(offset, c, out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{decode, encode, Encoding};

    fn tcvn3(bytes: &[u8]) -> String {
        decode(bytes, Encoding::Tcvn3).unwrap()
    }

    #[test]
    fn vnh_words_read_as_capitals() {
        // "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" typed in a .VnH font.
        let b = b"C\xE9NG H\xDFA X\xB7 H\xE9I CH\xF1 NGH\xDCA VI\xD6T NAM";
        assert_eq!(tcvn3(b), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    }

    #[test]
    fn mixed_case_words_stay_as_typed() {
        // "Xã Hòa", "UBND Hà Nội", "UBND Hà": one capital next to no
        // .VnH word and not between two capital words.
        assert_eq!(tcvn3(b"X\xB7 H\xDFa"), "Xã Hòa");
        assert_eq!(tcvn3(b"UBND H\xB5 N\xE9i"), "UBND Hà Nội");
        assert_eq!(tcvn3(b"UBND H\xB5"), "UBND Hà");
        // Between two capital words on a .VnH line it is a capital: "UBND
        // XÃ TÂN LẬP"; on a line without one it is not: "GĐ Sở TNMT".
        assert_eq!(tcvn3(b"UBND X\xB7 T\xA2N L\xCBP"), "UBND XÃ TÂN LẬP");
        assert_eq!(tcvn3(b"G\xA7 S\xEB TNMT"), "GĐ Sở TNMT");
        // A .VnH word on the line before does not reach across the break.
        assert_eq!(tcvn3(b"VI\xD6T\nX\xB7"), "VIỆT\nXã");
    }

    #[test]
    fn vn2_capitals_and_combining_marks_decode() {
        // Ố (FF) is a VN2 capital; Ủ is U + combining hook above (B1).
        assert_eq!(tcvn3(b"QU\xFFC"), "QUỐC");
        assert_eq!(tcvn3(b"U\xB1y ban"), "Ủy ban");
        assert_eq!(
            encode("Ủy ban QUỐC", Encoding::Tcvn3).unwrap(),
            b"U\xB1y ban QU\xFFC"
        );
    }

    #[test]
    fn windows_punctuation_and_undefined_bytes() {
        assert_eq!(tcvn3(b"\x93H\xB5\x94 \x96 \xA0"), "“Hà” – \u{A0}");
        let e = decode(b"ab\x81", Encoding::Tcvn3).unwrap_err();
        assert_eq!((e.offset, e.byte), (2, 0x81));
    }
}
