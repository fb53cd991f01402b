//! Tests on eight bytes at once, a `u64` read little-endian: the scans of
//! attribute strings and of JSON strings look for the same bytes. The
//! reads of those words are here too: eight bytes at a place
//! ([`word_at`]: the scans of words, attributes, JSON strings and packs)
//! and the last few bytes of a text ([`tail_word`]: JSON strings, offsets
//! and packs). So is the one packing of a short text into a `u128`
//! ([`pack`]), which the trie's keys and the syllable sets share.

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

/// The eight bytes of `bytes` from `at` on as one word, the first byte
/// lowest, if all eight lie in `bytes`.
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*chunk))
}

/// The last bytes of `bytes`, from `at` to its end (at most eight), as
/// one word, the first byte lowest and zero bytes above them; `None` if
/// more than eight remain or `at` is beyond `bytes.len()` (at the length
/// it is zero). When `bytes` holds eight bytes or more, it is one load of
/// its last eight, the bytes before `at` shifted out: so a caller passes
/// its buffer up to the text's end, not the text alone. Else the bytes
/// are read as two overlapping half-words, or under four bytes one at a
/// time, not copied into a padded array (a call of `memcpy`).
#[inline]
pub(crate) fn tail_word(bytes: &[u8], at: usize) -> Option<u64> {
    let rest = bytes.get(at..)?;
    let n = rest.len();
    if n > 8 {
        return None;
    }
    if n == 0 {
        return Some(0);
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        return Some(u64::from_le_bytes(*last) >> (8 * (8 - n)));
    }
    Some(match (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
        (Some(&head), Some(&tail)) => {
            let tail = u64::from(u32::from_le_bytes(tail)) << ((n - 4) * 8);
            u64::from(u32::from_le_bytes(head)) | tail
        }
        _ => rest
            .iter()
            .rev()
            .fold(0, |word, &b| word << 8 | u64::from(b)),
    })
}

/// Bytes of text a [`pack`] holds.
pub(crate) const PACK_BYTES: usize = 16;

/// The first 16 bytes of `bytes` (all of them if fewer) as one number,
/// the first byte lowest, zero-padded: a short text that a hash set or
/// map holds without a string to chase. Two texts of at most 16 bytes
/// pack alike only if they are the same or differ by trailing zero bytes
/// (`"a"` and `"a\0"`); a caller that meets those adds the length (the
/// trie's keys do).
#[inline]
pub(crate) fn pack(bytes: &[u8]) -> u128 {
    let n = bytes.len().min(PACK_BYTES);
    pack_at(bytes, 0..n).unwrap_or(0)
}

/// [`pack`] of `bytes[range]`, if the range lies in `bytes` and holds at
/// most 16 bytes. Away from the end of `bytes` it is one load of 16
/// bytes and a mask. Near it, a text of up to eight bytes is one
/// [`tail_word`] of the buffer up to the text's end (one load when eight
/// bytes lead up to it), and a longer one a [`word_at`] of its first eight
/// bytes and a [`tail_word`] of the rest.
#[inline]
pub(crate) fn pack_at(bytes: &[u8], range: std::ops::Range<usize>) -> Option<u128> {
    let n = range.end.checked_sub(range.start)?;
    // Also what keeps the mask's index in its table.
    if n > PACK_BYTES {
        return None;
    }
    if let Some(whole) = bytes
        .get(range.start..)
        .and_then(|b| b.first_chunk::<PACK_BYTES>())
    {
        return Some(u128::from_le_bytes(*whole) & BYTE_MASKS.get(n).copied().unwrap_or(0));
    }
    let upto = bytes.get(..range.end)?;
    if n <= 8 {
        return tail_word(upto, range.start).map(u128::from);
    }
    let head = word_at(upto, range.start)?;
    let tail = tail_word(upto, range.start + 8)?;
    Some(u128::from(head) | u128::from(tail) << 64)
}

/// The mask of the first `n` bytes of a little-endian `u128`, by `n`: a
/// load, where a shift of a `u128` by a variable amount takes a dozen
/// instructions.
const BYTE_MASKS: [u128; PACK_BYTES + 1] = {
    let mut masks = [u128::MAX; PACK_BYTES + 1];
    let mut n = 0;
    while n < PACK_BYTES {
        masks[n] = (1u128 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every range of a buffer packs as its bytes zero-padded, whether the
    /// 16 bytes from its start lie in the buffer (one load) or not (the
    /// text's own bytes); a range longer than 16 bytes or past the end
    /// does not pack, and `pack` keeps a longer text's first 16 bytes.
    #[test]
    fn a_pack_is_the_bytes_zero_padded() {
        let buf: Vec<u8> = (1..=40).collect();
        let padded = |bytes: &[u8]| {
            let mut word = [0u8; 16];
            word[..bytes.len()].copy_from_slice(bytes);
            u128::from_le_bytes(word)
        };
        for a in 0..=buf.len() {
            for b in a..=buf.len() + 1 {
                let fits = b <= buf.len() && b - a <= 16;
                let expect = fits.then(|| padded(&buf[a..b]));
                assert_eq!(pack_at(&buf, a..b), expect, "{a}..{b}");
                if b <= buf.len() {
                    let first = &buf[a..b.min(a + 16)];
                    assert_eq!(pack(&buf[a..b]), padded(first), "{a}..{b}");
                }
            }
        }
        // Written as a struct: clippy refuses the literal `3..2`.
        let reversed = std::ops::Range { start: 3, end: 2 };
        assert_eq!(pack_at(&buf, reversed), None);
    }

    /// Every word read of a buffer is its bytes zero-padded: eight from
    /// every place where eight lie, and the last bytes from every place
    /// eight or fewer before the end, by one load or in pieces.
    #[test]
    fn words_are_the_bytes_zero_padded() {
        let padded = |bytes: &[u8]| {
            let mut word = [0u8; 8];
            word[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(word)
        };
        for len in 0..=20u8 {
            let buf: Vec<u8> = (1..=len).collect();
            for at in 0..=buf.len() + 1 {
                let eight = buf.get(at..at + 8).map(padded);
                assert_eq!(word_at(&buf, at), eight, "{len}: {at}");
                let last = buf.get(at..).filter(|rest| rest.len() <= 8).map(padded);
                assert_eq!(tail_word(&buf, at), last, "{len}: {at}");
            }
        }
    }

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
