//! Offset units.
//!
//! Internally every span is a byte range of the original text. On output it
//! is converted to the unit the user chose: Unicode code points (the default,
//! the unit of Python `str`, spaCy, doccano and Label Studio), UTF-8 bytes,
//! or UTF-16 code units (JavaScript strings).

use std::ops::Range;
use std::str::FromStr;

use super::boundary::ceil_char_boundary;
use super::swar::tail_word;

/// The unit of `start`/`end` in the output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OffsetUnit {
    /// Unicode code points (scalar values).
    #[default]
    Codepoint,
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units.
    Utf16,
}

impl FromStr for OffsetUnit {
    type Err = crate::error::ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "codepoint" | "char" => Ok(OffsetUnit::Codepoint),
            "utf8" | "byte" => Ok(OffsetUnit::Utf8),
            "utf16" => Ok(OffsetUnit::Utf16),
            _ => Err(crate::error::ParseError::new(
                "offset unit",
                s,
                &["codepoint", "utf8", "utf16"],
            )),
        }
    }
}

/// Converts byte offsets of one text into another unit, walking the text
/// forward so that a document's sorted offsets cost one pass.
///
/// ```
/// use vietag::text::{OffsetConverter, OffsetUnit};
/// let text = "Hà Nội 😀 x";
/// let mut conv = OffsetConverter::new(text, OffsetUnit::Codepoint);
/// assert_eq!(conv.convert(text.find('x').unwrap()), 9);
/// let mut conv16 = OffsetConverter::new(text, OffsetUnit::Utf16);
/// assert_eq!(conv16.convert(text.find('x').unwrap()), 10);
/// ```
#[derive(Debug)]
pub struct OffsetConverter<'t> {
    text: &'t str,
    unit: OffsetUnit,
    byte: usize,
    count: usize,
}

impl<'t> OffsetConverter<'t> {
    /// A converter for `text`.
    pub fn new(text: &'t str, unit: OffsetUnit) -> Self {
        OffsetConverter {
            text,
            unit,
            byte: 0,
            count: 0,
        }
    }

    /// The offset of byte `byte` in this converter's unit. Offsets may come
    /// in any order; ascending order is fastest. A byte offset that is not on
    /// a character boundary counts the character it falls in as passed.
    pub fn convert(&mut self, byte: usize) -> usize {
        if self.unit == OffsetUnit::Utf8 {
            return byte;
        }
        let byte = ceil_char_boundary(self.text, byte);
        if byte < self.byte {
            // Nested mentions and claims look back a little: count back from
            // where we are rather than from the start, unless the start is
            // nearer (so that no order of offsets costs quadratic time).
            if byte >= self.byte / 2 {
                self.count -= self.units(byte..self.byte);
                self.byte = byte;
                return self.count;
            }
            self.byte = 0;
            self.count = 0;
        }
        self.count += self.units(self.byte..byte);
        self.byte = byte;
        self.count
    }

    /// The units of the text's bytes `range` (whole characters): every
    /// byte that starts a character is one unit, and in UTF-16 a four-byte
    /// character (lead byte 0xF0 or above) is two.
    fn units(&self, range: Range<usize>) -> usize {
        let text = self.text.as_bytes();
        let bytes = text.get(range.clone()).unwrap_or_default();
        let utf16 = self.unit == OffsetUnit::Utf16;
        let (words, tail) = bytes.split_at(bytes.len() & !7);
        let mut units = 0;
        for block in words.chunks(BLOCK_WORDS * 8) {
            let mut counts = ByteCounts::default();
            for word in block.chunks_exact(8).filter_map(<[u8]>::first_chunk) {
                counts.add(u64::from_le_bytes(*word), utf16);
            }
            units += counts.units(block.len(), utf16);
        }
        units + tail_units(text, range.end - tail.len()..range.end, utf16)
    }
}

/// The units of `text[range]`, the last 0 to 7 bytes of the range that
/// [`OffsetConverter::units`] counts, read as one word ([`tail_word`]: one
/// load when eight bytes of `text` lead up to `range.end`; most offsets
/// are a few words apart, and byte by byte the tail cost as much as the
/// words). The zero bytes above them count as nothing.
fn tail_units(text: &[u8], range: Range<usize>, utf16: bool) -> usize {
    debug_assert!(range.len() < 8 && range.end <= text.len(), "{range:?}");
    if range.is_empty() {
        return 0;
    }
    let upto = text.get(..range.end).unwrap_or_default();
    let mut counts = ByteCounts::default();
    counts.add(tail_word(upto, range.start).unwrap_or(0), utf16);
    counts.units(range.len(), utf16)
}

/// Words of eight bytes that [`ByteCounts`] takes before its per-byte
/// counters could overflow.
const BLOCK_WORDS: usize = 255;

/// [`OffsetConverter::units`] eight bytes at once (two or three
/// instructions a byte, counted one at a time, was much of writing a
/// record): the top bit of each byte says what the byte is, and each byte
/// lane keeps its own count, so the lanes are added up once a block, not
/// once a word.
#[derive(Default)]
struct ByteCounts {
    /// Per lane, the continuation bytes seen.
    continuation: u64,
    /// Per lane, the lead bytes of four-byte characters seen.
    four: u64,
}

impl ByteCounts {
    const TOP: u64 = 0x8080_8080_8080_8080;

    /// Counts the eight bytes of `x` (the four-byte leads only for UTF-16).
    #[inline]
    fn add(&mut self, x: u64, utf16: bool) {
        // A continuation byte is 10xxxxxx: top bit set, the next one clear
        // (`x << 1` moves each byte's bit 6 to its bit 7).
        self.continuation += (x & !(x << 1) & Self::TOP) >> 7;
        if utf16 {
            // A lead byte of four is 11110xxx: bits 7 to 4 set.
            self.four += (x & (x << 1) & (x << 2) & (x << 3) & Self::TOP) >> 7;
        }
    }

    /// The units of the `bytes` bytes counted.
    fn units(&self, bytes: usize, utf16: bool) -> usize {
        let four = if utf16 { lane_sum(self.four) } else { 0 };
        bytes - lane_sum(self.continuation) + four
    }
}

/// The sum of the eight byte lanes of `x`: pairs of lanes are added into
/// four 16-bit lanes (at most 510 each), and a multiply adds those into
/// the top one (at most 2,040), without a count of set bits, which
/// baseline x86-64 has no instruction for.
#[inline]
fn lane_sum(x: u64) -> usize {
    let spread = (x & 0x00FF_00FF_00FF_00FF) + ((x >> 8) & 0x00FF_00FF_00FF_00FF);
    (spread.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of offsets in short texts, some shorter than a word: the
    /// tail of a range is read as a word when eight bytes lead up to it.
    #[test]
    fn short_ranges_count_as_their_characters() {
        for text in [
            "",
            "a",
            "ệ😀",
            "Hà Nội",
            "xã Tân Hòa 😀 đường",
            "aaaaaaaaaaaaaaaaaaaaa",
        ] {
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&b| text.is_char_boundary(b))
                .collect();
            for &from in &boundaries {
                for &to in &boundaries {
                    for (unit, count) in [
                        (OffsetUnit::Codepoint, text[..to].chars().count()),
                        (OffsetUnit::Utf16, text[..to].encode_utf16().count()),
                    ] {
                        let mut conv = OffsetConverter::new(text, unit);
                        conv.convert(from);
                        assert_eq!(conv.convert(to), count, "{text:?} {from} to {to}");
                    }
                }
            }
        }
    }

    /// Texts long enough to fill several blocks of lane counters, where
    /// an overflowing lane or a lost remainder would show.
    #[test]
    fn long_texts_count_as_their_characters() {
        let pieces = ["a", "ệ", "đ", "😀", " ", "Nguyễn", "\u{301}"];
        // A long run of one three-byte letter fills every lane fastest.
        let mut text = "ệ".repeat(3000);
        for n in 0..20_000usize {
            text.push_str(pieces[n * 7 % pieces.len()]);
            if n % 997 == 0 {
                text.push_str(&"ư".repeat(n % 300));
            }
        }
        for at in [0, 1, 2039, 2040, 2041, 4096, text.len() / 2, text.len()] {
            let at = (at..=text.len())
                .find(|&b| text.is_char_boundary(b))
                .unwrap();
            let head = &text[..at];
            let mut points = OffsetConverter::new(&text, OffsetUnit::Codepoint);
            assert_eq!(
                points.convert(at),
                head.chars().count(),
                "code points to {at}"
            );
            let mut units = OffsetConverter::new(&text, OffsetUnit::Utf16);
            assert_eq!(
                units.convert(at),
                head.encode_utf16().count(),
                "UTF-16 to {at}"
            );
        }
    }
}
