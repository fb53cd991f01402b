//! Table-driven single-byte codes: Windows-1258 whole, and the byte layer
//! that TCVN3 and VNI share with it.
//!
//! A letter that has no precomposed code is written as its letter without
//! tone followed by a combining tone mark, where the code has them
//! (Windows-1258, TCVN 5712 VN2); decoding composes them again (NFC).

use super::tables::{tables, ByteMap};
use super::{DecodeError, EncodeError, Encoding, Unmapped};
use crate::text::fold::split_tone;

/// Decodes with `map`, byte by byte. Undefined bytes are errors, or U+FFFD
/// when `lossy`. The result is not yet NFC.
pub(super) fn decode_map(
    bytes: &[u8],
    map: &ByteMap,
    encoding: Encoding,
    lossy: bool,
) -> Result<String, DecodeError> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for (offset, &byte) in bytes.iter().enumerate() {
        out.push(char_or_error(map, byte, offset, encoding, lossy)?);
    }
    Ok(out)
}

/// The character of `byte` in `map`, U+FFFD (lossy) or the error.
#[inline]
pub(super) fn char_or_error(
    map: &ByteMap,
    byte: u8,
    offset: usize,
    encoding: Encoding,
    lossy: bool,
) -> Result<char, DecodeError> {
    match map.char(byte) {
        Some(c) => Ok(c),
        None if lossy => Ok('\u{FFFD}'),
        None => Err(DecodeError {
            encoding,
            offset,
            byte,
        }),
    }
}

/// Encodes one NFC character with `map`: its own byte, or the bytes of its
/// letter without tone and of the combining tone mark. `None` if neither
/// exists.
pub(super) fn encode_char(c: char, map: &ByteMap, out: &mut Vec<u8>) -> Option<()> {
    if let Some(b) = map.byte(c) {
        out.push(b);
        return Some(());
    }
    let (base, tone) = split_tone(c);
    let (base, tone) = (map.byte(base)?, map.byte(tone?)?);
    out.extend_from_slice(&[base, tone]);
    Some(())
}

/// Windows-1258.
pub(super) fn decode_cp1258(bytes: &[u8], lossy: bool) -> Result<String, DecodeError> {
    decode_map(bytes, &tables().cp1258, Encoding::Cp1258, lossy)
}

/// Windows-1258: precomposed where the code page has the letter, else the
/// letter without tone and a combining tone mark.
pub(super) fn encode_cp1258(
    text: &str,
    out: &mut Vec<u8>,
    unmapped: &mut Unmapped<'_>,
) -> Result<(), EncodeError> {
    let map = &tables().cp1258;
    for (offset, c) in text.char_indices() {
        if encode_char(c, map, out).is_none() {
            unmapped(offset, c, out)?;
        }
    }
    Ok(())
}
