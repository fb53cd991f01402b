//! Byte offsets rounded to the character boundaries of a text.
//!
//! Cutting a text at a byte budget (a part size, a sample size, the
//! `u32` offsets of the matching view) or reading an offset that may fall
//! inside a character needs the nearest boundary before or after it. The
//! standard library has these as `str::floor_char_boundary` and
//! `str::ceil_char_boundary` only from Rust 1.91, above this crate's
//! `rust-version`.

/// The last character boundary of `text` at or before byte `i` (the end of
/// `text` when `i` is past it).
pub(crate) fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    // At most three steps back: a character has at most four bytes, and 0
    // is a boundary.
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first character boundary of `text` at or after byte `i` (the end of
/// `text` when `i` is past it).
pub(crate) fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    // At most three steps on: the end is a boundary.
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_to_the_character_they_fall_in() {
        // One-, two-, three- and four-byte characters.
        let text = "ađạ😀b";
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        assert_eq!(starts, [0, 1, 3, 6, 10]);
        for i in 0..=text.len() + 2 {
            let floor = floor_char_boundary(text, i);
            let ceil = ceil_char_boundary(text, i);
            let at = i.min(text.len());
            let before = starts
                .iter()
                .copied()
                .chain([text.len()])
                .filter(|&s| s <= at);
            let after = starts
                .iter()
                .copied()
                .chain([text.len()])
                .filter(|&s| s >= at);
            assert_eq!(Some(floor), before.max(), "floor of {i}");
            assert_eq!(Some(ceil), after.min(), "ceil of {i}");
        }
        assert_eq!(floor_char_boundary(text, 4), 3);
        assert_eq!(ceil_char_boundary(text, 4), 6);
        assert_eq!(floor_char_boundary("", 5), 0);
        assert_eq!(ceil_char_boundary("", 5), 0);
    }
}
