//! Offset units.
//!
//! Internally every span is a byte range of the original text. On output it
//! is converted to the unit the user chose: Unicode code points (the default,
//! the unit of Python `str`, spaCy, doccano and Label Studio), UTF-8 bytes,
//! or UTF-16 code units (JavaScript strings).

use std::str::FromStr;

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
        let byte = byte.min(self.text.len());
        if byte < self.byte {
            // Nested mentions and claims look back a little: walk back from
            // where we are rather than from the start, unless the start is
            // nearer (so that no order of offsets costs quadratic time).
            if byte >= self.byte / 2 {
                return self.back_to(byte);
            }
            self.byte = 0;
            self.count = 0;
        }
        let unit = self.unit;
        let mut count = self.count;
        let mut pos = self.byte;
        for c in self.text[self.byte..].chars() {
            if pos >= byte {
                break;
            }
            pos += c.len_utf8();
            count += match unit {
                OffsetUnit::Utf16 => c.len_utf16(),
                _ => 1,
            };
        }
        self.byte = pos;
        self.count = count;
        count
    }

    /// [`Self::convert`] of a `byte` before the current position, walking
    /// back to the first character boundary at or after it.
    fn back_to(&mut self, byte: usize) -> usize {
        let mut pos = self.byte;
        let mut count = self.count;
        let before = self.text.get(..self.byte).unwrap_or_default();
        for c in before.chars().rev() {
            let start = pos - c.len_utf8();
            if start < byte {
                break;
            }
            pos = start;
            count -= match self.unit {
                OffsetUnit::Utf16 => c.len_utf16(),
                _ => 1,
            };
        }
        self.byte = pos;
        self.count = count;
        count
    }
}
