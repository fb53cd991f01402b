//! Tests on eight bytes at once, a `u64` read little-endian: the scans of
//! attribute strings and of JSON strings look for the same bytes.

/// The top bit of each byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// 0x01 in each byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The top bit of each byte of `word` below 0x20 (a control byte). The
/// lowest flag is exact; above it a borrow may flag a byte wrongly, so
/// callers read only the lowest (`trailing_zeros() / 8`). Bytes of 0x80
/// and over (UTF-8 beyond ASCII) are never flagged.
#[inline(always)]
pub(crate) fn control_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES * 0x20) & !word & HIGH
}

/// The top bit of each byte of `word` equal to `byte`; the lowest flag is
/// exact, as for [`control_bytes`].
#[inline(always)]
pub(crate) fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lowest flag names the first byte that matches, for every byte
    /// value at every place after bytes that do not.
    #[test]
    fn the_lowest_flag_is_the_first_match() {
        let first = |flags: u64| (flags != 0).then(|| flags.trailing_zeros() as usize / 8);
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[at] = b;
                // Bytes after it that match too, or that a borrow could flag.
                for later in bytes.iter_mut().skip(at + 1) {
                    *later = 0x1f;
                }
                let word = u64::from_le_bytes(bytes);
                let control = if b < 0x20 {
                    Some(at)
                } else if at < 7 {
                    Some(at + 1)
                } else {
                    None
                };
                assert_eq!(first(control_bytes(word)), control, "{b:#x} at {at}");
                let equal = if b == b'"' { Some(at) } else { None };
                assert_eq!(first(bytes_equal(word, b'"')), equal, "{b:#x} at {at}");
            }
        }
    }
}
