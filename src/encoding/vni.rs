//! VNI Windows: the encoding of the "VNI-" fonts.
//!
//! A letter is a base byte followed by a diacritic byte ("Vieät" is
//! "Việt": `e` + `ä`) or one byte (đ, ơ, ư, the toned i's, ỵ). Every other
//! byte, and a diacritic byte after no base letter, is read as
//! Windows-1252, the code page of the Windows fonts.

use super::single_byte::char_or_error;
use super::tables::tables;
use super::{DecodeError, EncodeError, Encoding, Unmapped};

/// Decodes VNI bytes (not yet NFC), in one pass with one byte of look-ahead.
pub(super) fn decode(bytes: &[u8], lossy: bool) -> Result<String, DecodeError> {
    let t = tables();
    let vni = &t.vni;
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let pair = match bytes.get(i + 1) {
            Some(&next) if vni.is_base[usize::from(b)] => vni.pairs.get(&(b, next)).copied(),
            _ => None,
        };
        if let Some(c) = pair {
            out.push(c);
            i += 2;
            continue;
        }
        let c = match vni.singles[usize::from(b)] {
            Some(c) => c,
            None => char_or_error(&t.cp1252, b, i, Encoding::Vni, lossy)?,
        };
        out.push(c);
        i += 1;
    }
    Ok(out)
}

/// Encodes NFC text in VNI. Characters other than the 134 letters take
/// their Windows-1252 byte unless that byte is part of a VNI letter.
pub(super) fn encode(
    text: &str,
    out: &mut Vec<u8>,
    unmapped: &mut Unmapped<'_>,
) -> Result<(), EncodeError> {
    let t = tables();
    let vni = &t.vni;
    for (offset, c) in text.char_indices() {
        if let Some(bytes) = vni.letters.get(&c) {
            out.extend_from_slice(bytes);
            continue;
        }
        match t.cp1252.byte(c) {
            Some(b) if !vni.is_letter_byte[usize::from(b)] => out.push(b),
            _ => unmapped(offset, c, out)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{decode, encode, Encoding};

    #[test]
    fn pairs_singles_and_windows_bytes() {
        // "Người Đà Nẵng “ơi” – 5°" typed by hand from the VNI chart.
        let b = b"Ng\xF6\xF4\xF8i \xD1a\xF8 Na\xFCng \x93\xF4i\x94 \x96 5\xB0";
        assert_eq!(decode(b, Encoding::Vni).unwrap(), "Người Đà Nẵng “ơi” – 5°");
        assert_eq!(encode("Người Đà Nẵng “ơi” – 5°", Encoding::Vni).unwrap(), b);
    }

    #[test]
    fn a_diacritic_byte_after_no_base_is_windows_1252() {
        assert_eq!(decode(b"x\xF9 \xE4", Encoding::Vni).unwrap(), "xù ä");
    }

    #[test]
    fn windows_letters_that_are_vni_bytes_have_no_code() {
        // ñ is the byte of đ, ä a diacritic byte.
        assert!(encode("mañana", Encoding::Vni).is_err());
        assert!(encode("Mädchen", Encoding::Vni).is_err());
        assert_eq!(encode("façade", Encoding::Vni).unwrap(), b"fa\xE7ade");
    }
}
