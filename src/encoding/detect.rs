//! Which encoding a document is in, by how Vietnamese each reading is.
//!
//! Each candidate decoding is scored by its words with a letter outside
//! ASCII: in the right reading of Vietnamese text nearly all of them are
//! valid syllables ([`syllable::is_valid`]); in
//! a wrong one ("ViÖt", "Vieät", "Viêòt") nearly none are. A reading is
//! *clearly Vietnamese* when at least [`MIN_EVIDENCE`] such words are
//! syllables, they are at least [`MIN_SHARE`] of the words with diacritics,
//! and almost no character is a control character or U+FFFD. Detection
//! picks the clearly Vietnamese reading with the most such syllables, and
//! declines ([`Undetected`]) when there is none or when two different
//! readings come close.
//!
//! Long documents are scored on their first [`SAMPLE_BYTES`] bytes.

use std::borrow::Cow;
use std::fmt;

use super::syllable;
use super::tables::tables;
use super::{decode_lossy, viqr, Encoding};
use crate::text::boundary::floor_char_boundary;
use crate::text::{MatchView, ViewOptions};

/// Fewest valid syllables with diacritics a clearly Vietnamese reading has.
pub(crate) const MIN_EVIDENCE: usize = 3;
/// Smallest share of valid syllables among the words with diacritics.
pub(crate) const MIN_SHARE: f64 = 0.8;
/// Largest share of characters that are not text (controls, U+FFFD).
pub(crate) const MAX_JUNK: f64 = 0.005;
/// How much of a document is scored.
pub(crate) const SAMPLE_BYTES: usize = 64 << 10;

/// The byte encodings tried on bytes that are not UTF-8 (VIQR is UTF-8).
const BYTE_CANDIDATES: [Encoding; 3] = [Encoding::Tcvn3, Encoding::Vni, Encoding::Cp1258];

/// How Vietnamese a text reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Words (letter runs) of two or more letters.
    pub words: usize,
    /// Those with a letter outside ASCII and a vowel (so not an
    /// abbreviation such as "HĐND").
    pub marked: usize,
    /// Those of them that are valid Vietnamese syllables.
    pub valid_marked: usize,
    /// Characters that are not text: control characters other than white
    /// space, U+FFFD.
    pub junk: usize,
    /// All characters.
    pub chars: usize,
}

impl Score {
    /// Scores `text`.
    ///
    /// ```
    /// use vietag::encoding::Score;
    /// let right = Score::of("Cộng hòa xã hội chủ nghĩa Việt Nam");
    /// assert_eq!((right.marked, right.valid_marked), (7, 7));
    /// assert!(right.is_vietnamese());
    /// let wrong = Score::of("Céng hoµ x· héi chñ nghÜa ViÖt Nam");
    /// assert!(!wrong.is_vietnamese());
    /// ```
    pub fn of(text: &str) -> Score {
        let mut view = MatchView::default();
        view.build(text, ViewOptions::default());
        let mut score = Score::default();
        for c in text.chars() {
            score.chars += 1;
            score.junk += usize::from(is_junk(c));
        }
        let v = view.as_str();
        for w in view.words() {
            let word = &v[w.start as usize..w.end as usize];
            if word.chars().nth(1).is_none() {
                continue;
            }
            score.words += 1;
            // Abbreviations ("HĐND", "ĐBSCL") have no vowel and say nothing.
            if !word.is_ascii() && word.chars().any(is_vowel_letter) {
                score.marked += 1;
                score.valid_marked += usize::from(syllable::is_valid(word));
            }
        }
        score
    }

    /// Share of valid syllables among the words with diacritics (0 if none).
    pub fn share(&self) -> f64 {
        if self.marked == 0 {
            0.0
        } else {
            self.valid_marked as f64 / self.marked as f64
        }
    }

    /// Enough valid syllables, a high enough share, little junk.
    pub fn is_vietnamese(&self) -> bool {
        self.valid_marked >= MIN_EVIDENCE
            && self.share() >= MIN_SHARE
            && (self.junk as f64) <= MAX_JUNK * self.chars as f64
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of {} words with diacritics are Vietnamese syllables",
            self.valid_marked, self.marked
        )
    }
}

/// A vowel of Vietnamese or of the languages a wrong reading looks like.
fn is_vowel_letter(c: char) -> bool {
    !matches!(c, 'b'..='d' | 'f'..='h' | 'j'..='n' | 'p'..='t' | 'v'..='x' | 'z' | 'đ')
}

fn is_junk(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')) || c == '\u{FFFD}'
}

/// The encoding found for a document and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection<'a> {
    /// The encoding.
    pub encoding: Encoding,
    /// The decoded text (NFC for a legacy encoding; UTF-8 as it was).
    pub text: Cow<'a, str>,
    /// The score of the reading chosen; `None` for UTF-8 text that no
    /// other reading needed to be weighed against.
    pub score: Option<Score>,
}

/// No candidate reading is clearly Vietnamese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undetected {
    /// The best reading tried, and its score.
    pub best: Option<(Encoding, Score)>,
}

impl fmt::Display for Undetected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no Vietnamese encoding (TCVN3, VNI, Windows-1258) reads it as Vietnamese")?;
        if let Some((e, s)) = &self.best {
            write!(f, " (best: {}, {s})", e.title())?;
        }
        Ok(())
    }
}

impl std::error::Error for Undetected {}

/// Finds the encoding of a document's bytes.
///
/// UTF-8 stays UTF-8 unless it is VIQR or mojibake that reads clearly as
/// Vietnamese (see [`detect_text`]). Other bytes are read as TCVN3, VNI and
/// Windows-1258, and the clearly Vietnamese reading is returned, or
/// [`Undetected`].
///
/// ```
/// use vietag::encoding::{detect, Encoding};
/// let found = detect(b"Ch\xE1\xBB\xA7 t\xE1\xBB\x8Bch n\xC6\xB0\xE1\xBB\x9Bc").unwrap();
/// assert_eq!(found.encoding, Encoding::Utf8);
/// // "Chủ tịch" in TCVN3: two syllables are too few to tell.
/// assert!(detect(b"Ch\xF1 t\xDEch").unwrap_err().best.is_some());
/// let tcvn3 = detect(b"C\xE9ng h\xDFa x\xB7 h\xE9i ch\xF1 ngh\xDCa Vi\xD6t Nam").unwrap();
/// assert_eq!((tcvn3.encoding, &*tcvn3.text), (Encoding::Tcvn3, "Cộng hòa xã hội chủ nghĩa Việt Nam"));
/// assert!(detect(b"Stra\xDFe f\xFCr M\xFCnchen").is_err());
/// ```
pub fn detect(bytes: &[u8]) -> Result<Detection<'_>, Undetected> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(match detect_text(text) {
            Some(found) => found,
            None => Detection {
                encoding: Encoding::Utf8,
                text: Cow::Borrowed(text),
                score: None,
            },
        });
    }
    let (best, runner_up) = rank(BYTE_CANDIDATES.map(|e| (e, decode_lossy(sample(body), e))));
    match best {
        Some((e, _, score)) if score.is_vietnamese() && clear(score, runner_up) => Ok(Detection {
            encoding: e,
            text: Cow::Owned(decode_lossy(body, e)),
            score: Some(score),
        }),
        _ => Err(Undetected {
            best: best.map(|(e, _, s)| (e, s)),
        }),
    }
}

/// Repairs UTF-8 text that holds another encoding: VIQR ("Vie^.t"), or
/// TCVN3, VNI or Windows-1258 bytes that were read as Latin-1 or
/// Windows-1252 ("ViÖt", "Vieät"). `None` when the text reads best as it
/// is.
///
/// ```
/// use vietag::encoding::{detect_text, Encoding};
/// let found = detect_text("Vieät Nam laø moät quoác gia ôû Ñoâng Nam AÙ").unwrap();
/// assert_eq!(found.encoding, Encoding::Vni);
/// assert_eq!(found.text, "Việt Nam là một quốc gia ở Đông Nam Á");
/// assert!(detect_text("Việt Nam là một quốc gia ở Đông Nam Á").is_none());
/// assert!(detect_text("Le café est très bon à Paris, déjà réputé.").is_none());
/// ```
pub fn detect_text(text: &str) -> Option<Detection<'static>> {
    if text.chars().any(is_vietnamese_only) {
        return None;
    }
    let latin = latin_bytes(text);
    let mut readings: Vec<(Encoding, String)> = Vec::new();
    if let Some(bytes) = latin.as_deref().filter(|b| !b.is_ascii()) {
        let sample = sample(bytes);
        readings.extend(BYTE_CANDIDATES.map(|e| (e, decode_lossy(sample, e))));
    }
    if looks_like_viqr(text) {
        readings.push((Encoding::Viqr, viqr_reading(sample_str(text))));
    }
    if readings.is_empty() {
        return None;
    }
    let as_is = Score::of(sample_str(text));
    let (best, runner_up) = rank(readings);
    let (e, _, score) = best?;
    // The text as it is must not already read as Vietnamese (Windows-1258
    // mojibake keeps its precomposed letters, so half its words may).
    let better = !as_is.is_vietnamese() && score.valid_marked > as_is.valid_marked;
    if !(score.is_vietnamese() && better && clear(score, runner_up)) {
        return None;
    }
    let full = match (e, &latin) {
        (Encoding::Viqr, _) => viqr_reading(text),
        (_, Some(bytes)) => decode_lossy(bytes, e),
        (_, None) => return None,
    };
    Some(Detection {
        encoding: e,
        text: Cow::Owned(full),
        score: Some(score),
    })
}

type Ranked = Option<(Encoding, String, Score)>;

/// The reading with the most valid syllables, and the best reading that
/// differs from it.
fn rank(readings: impl IntoIterator<Item = (Encoding, String)>) -> (Ranked, Ranked) {
    let mut scored: Vec<(Encoding, String, Score)> = readings
        .into_iter()
        .map(|(e, t)| {
            let s = Score::of(&t);
            (e, t, s)
        })
        .collect();
    // Stable: on a tie the earlier candidate wins.
    scored.sort_by_key(|s| std::cmp::Reverse(s.2.valid_marked));
    let mut it = scored.into_iter();
    let best = it.next();
    let runner_up = best
        .as_ref()
        .and_then(|(_, text, _)| it.find(|(_, t, _)| t != text));
    (best, runner_up)
}

/// The best reading is well ahead of any different reading.
fn clear(best: Score, runner_up: Ranked) -> bool {
    runner_up.is_none_or(|(_, _, s)| !s.is_vietnamese() || 2 * s.valid_marked <= best.valid_marked)
}

fn viqr_reading(text: &str) -> String {
    super::nfc(viqr::decode(text))
}

/// Letters of Vietnamese that no Latin-1 or Windows-1252 byte stands for:
/// text with them is Unicode Vietnamese, not mojibake.
fn is_vietnamese_only(c: char) -> bool {
    matches!(
        c as u32,
        0x102
            | 0x103
            | 0x110
            | 0x111
            | 0x128
            | 0x129
            | 0x168
            | 0x169
            | 0x1A0
            | 0x1A1
            | 0x1AF
            | 0x1B0
            | 0x1EA0..=0x1EF9
    )
}

/// A vowel directly followed by a VIQR mnemonic, as in "Vie^.t".
fn looks_like_viqr(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| {
        matches!(
            w[0].to_ascii_lowercase(),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        ) && matches!(w[1], b'(' | b'^' | b'+' | b'\'' | b'`' | b'?' | b'~' | b'.')
    })
}

/// The bytes a text came from if it was read as Latin-1 or Windows-1252:
/// one byte per character, `None` if some character has none.
pub(super) fn latin_bytes(text: &str) -> Option<Vec<u8>> {
    let cp1252 = &tables().cp1252;
    text.chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(b) => Some(b),
            Err(_) => cp1252.byte(c),
        })
        .collect()
}

fn sample(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(SAMPLE_BYTES)]
}

fn sample_str(text: &str) -> &str {
    &text[..floor_char_boundary(text, SAMPLE_BYTES)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_bytes_take_both_readings_of_80_to_9f() {
        // “ read from Windows-1252, and U+0093 read from Latin-1.
        assert_eq!(latin_bytes("\u{201C}\u{93}é"), Some(vec![0x93, 0x93, 0xE9]));
        assert_eq!(latin_bytes("ệ"), None);
    }

    #[test]
    fn ascii_text_stays_as_it_is() {
        assert!(detect_text("Plain ASCII, e.g. this. Or that?").is_none());
        let d = detect(b"Plain ASCII.").unwrap();
        assert_eq!((d.encoding, d.score), (Encoding::Utf8, None));
    }

    #[test]
    fn viqr_is_found_in_utf8() {
        let d = detect(b"DDa^y la` mo^.t ca^u tie^'ng Vie^.t vie^'t ba(`ng VIQR.").unwrap();
        assert_eq!(d.encoding, Encoding::Viqr);
        assert_eq!(d.text, "Đây là một câu tiếng Việt viết bằng VIQR.");
    }

    #[test]
    fn junk_bytes_are_not_vietnamese() {
        let s = Score::of("Hà Nội \u{1}\u{2}\u{3} là thủ đô");
        assert!(s.valid_marked >= 3);
        assert!(!s.is_vietnamese());
    }
}
