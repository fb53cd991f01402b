//! Decoding one document's bytes into text.

use std::borrow::Cow;
use std::fmt;

/// The bytes of a document are not valid UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset of the first invalid sequence (after any BOM).
    pub offset: usize,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid UTF-8 at byte {}; convert the file to UTF-8, or read it in lossy mode to replace bad bytes with U+FFFD",
            self.offset
        )
    }
}

impl std::error::Error for DecodeError {}

/// Decodes UTF-8 with or without a byte-order mark.
///
/// The BOM is an encoding signature, not part of the text, so it is removed
/// and offsets count from the first character after it. Line ends (CRLF)
/// are kept as they are. With `lossy`, invalid sequences become U+FFFD
/// instead of an error.
///
/// ```
/// use vietag::text::decode;
/// assert_eq!(decode(b"\xEF\xBB\xBFH\xC3\xA0 N\xE1\xBB\x99i", false).unwrap(), "Hà Nội");
/// assert_eq!(decode(b"a\xFFb", false).unwrap_err().offset, 1);
/// assert_eq!(decode(b"a\xFFb", true).unwrap(), "a\u{FFFD}b");
/// ```
pub fn decode(bytes: &[u8], lossy: bool) -> Result<Cow<'_, str>, DecodeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) if lossy => Ok(String::from_utf8_lossy(bytes)),
        Err(e) => Err(DecodeError {
            offset: e.valid_up_to(),
        }),
    }
}
