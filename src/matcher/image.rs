//! The compiled tables of the default lexicons as bytes: the build script
//! compiles the embedded lexicons with the library's own code and writes
//! the trie and its groups out ([`ImageWriter`]); start-up reads them back
//! ([`ImageReader`]) instead of compiling the 32,000 distinct surfaces (40,000 entries)
//! again.
//!
//! The image is a run of little-endian `u32` words; each list is its
//! length, then its items. Writer and reader are built from the same
//! source, so the image needs no version: a reader that finds a list
//! running past the end, or words left over, says no, and the caller
//! compiles instead.

/// Writes an image, word by word. The build script writes the image the
/// library reads; in the library only the tests write one.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Default)]
pub(crate) struct ImageWriter {
    bytes: Vec<u8>,
}

#[cfg_attr(not(test), allow(dead_code))]
impl ImageWriter {
    /// One word.
    pub(crate) fn word(&mut self, w: u32) {
        self.bytes.extend_from_slice(&w.to_le_bytes());
    }

    /// A list of items of `N` words each: its length, then each item's
    /// words as `words` gives them.
    pub(crate) fn list<T, const N: usize>(&mut self, items: &[T], words: impl Fn(&T) -> [u32; N]) {
        self.length(items.len());
        for item in items {
            for w in words(item) {
                self.word(w);
            }
        }
    }

    /// A list of bytes: its length, then the bytes, padded to a whole word.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.length(bytes.len());
        self.bytes.extend_from_slice(bytes);
        let padding = bytes.len().next_multiple_of(4) - bytes.len();
        self.bytes.extend(std::iter::repeat_n(0, padding));
    }

    // Only the build script and tests write images: a list too long for
    // the image stops the build, rather than making an image no start-up
    // can read.
    fn length(&mut self, len: usize) {
        let len = u32::try_from(len).expect("an image list has fewer than 2^32 items");
        self.word(len);
    }

    /// The image.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads an image written by [`ImageWriter`], in the same order.
#[derive(Debug)]
pub(crate) struct ImageReader<'a> {
    rest: &'a [u8],
}

impl<'a> ImageReader<'a> {
    pub(crate) fn new(image: &'a [u8]) -> Self {
        ImageReader { rest: image }
    }

    /// One word, if one is left.
    pub(crate) fn word(&mut self) -> Option<u32> {
        let (w, rest) = self.rest.split_first_chunk::<4>()?;
        self.rest = rest;
        Some(u32::from_le_bytes(*w))
    }

    /// A list written by [`ImageWriter::list`], each item made by `item`
    /// from its words.
    pub(crate) fn list<T, const N: usize>(
        &mut self,
        item: impl Fn([u32; N]) -> T,
    ) -> Option<Vec<T>> {
        let len = self.word()? as usize;
        let size = len.checked_mul(4 * N)?;
        let (body, rest) = self.rest.split_at_checked(size)?;
        self.rest = rest;
        let items = body.chunks_exact(4 * N).map(|chunk| {
            let mut words = [0u32; N];
            for (w, b) in words.iter_mut().zip(chunk.chunks_exact(4)) {
                *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            }
            item(words)
        });
        Some(items.collect())
    }

    /// A list of bytes written by [`ImageWriter::bytes`].
    pub(crate) fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.word()? as usize;
        let (body, rest) = self.rest.split_at_checked(len.next_multiple_of(4))?;
        self.rest = rest;
        body.get(..len)
    }

    /// True if every word has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.rest.is_empty()
    }
}

/// A `u64` as two words, low first.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn u64_words(w: u64) -> [u32; 2] {
    [w as u32, (w >> 32) as u32]
}

/// The `u64` of two words, low first.
pub(crate) fn u64_of(low: u32, high: u32) -> u64 {
    u64::from(low) | u64::from(high) << 32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_and_a_cut_image_does_not() {
        let mut w = ImageWriter::default();
        w.word(7);
        w.bytes(b"abcde");
        w.list(&[(1u32, 2u64 << 40)], |&(a, b)| {
            let [lo, hi] = u64_words(b);
            [a, lo, hi]
        });
        let image = w.finish();
        assert_eq!(image.len() % 4, 0);
        let mut r = ImageReader::new(&image);
        assert_eq!(r.word(), Some(7));
        assert_eq!(r.bytes(), Some(&b"abcde"[..]));
        let list = r.list(|[a, lo, hi]: [u32; 3]| (a, u64_of(lo, hi)));
        assert_eq!(list, Some(vec![(1, 2u64 << 40)]));
        assert!(r.is_done());
        let cut = image.get(..image.len() - 4).unwrap_or_default();
        let mut r = ImageReader::new(cut);
        r.word();
        r.bytes();
        assert_eq!(r.list(|[a, _, _]: [u32; 3]| a), None);
    }
}
