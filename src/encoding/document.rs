//! How one document's bytes, or one JSON Lines text field, become text:
//! the encoding step of the annotation pipeline.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use super::detect::{detect, detect_text, latin_bytes, Undetected};
use super::{decode_with, nfc, utf8, viqr, DecodeError, Encoding, UnknownEncodingName};

/// How documents are decoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodingChoice {
    /// UTF-8; a text file that is not valid UTF-8 is detected among the
    /// legacy encodings (and is an error if none reads it as Vietnamese).
    #[default]
    Default,
    /// Detect every document: text files by [`detect`], JSON Lines text
    /// fields by [`detect_text`] (mojibake and VIQR are repaired).
    Auto,
    /// Read every document in this encoding. For a JSON Lines text field,
    /// a legacy encoding reads the field's characters as the Latin-1 or
    /// Windows-1252 bytes they were decoded from.
    Forced(Encoding),
}

impl FromStr for EncodingChoice {
    type Err = UnknownEncodingName;

    /// `auto`, or an encoding name ([`Encoding::from_str`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("auto") {
            Ok(EncodingChoice::Auto)
        } else {
            s.parse().map(EncodingChoice::Forced)
        }
    }
}

/// A document's text and the encoding to report with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentText<'a> {
    /// The text annotations are made on (offsets refer to it).
    pub text: Cow<'a, str>,
    /// The encoding it was read as; `None` for UTF-8 read by default.
    pub encoding: Option<Encoding>,
}

/// Why a document has no text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocumentError {
    /// By default: not UTF-8, and no legacy encoding reads it as Vietnamese.
    InvalidUtf8 {
        /// Where the UTF-8 reading failed.
        utf8: crate::text::DecodeError,
        /// What detection found.
        tried: Undetected,
    },
    /// With detection asked for: no encoding reads it as Vietnamese.
    Undetected(Undetected),
    /// The encoding asked for cannot read it.
    Invalid(DecodeError),
    /// A legacy encoding was asked for a JSON Lines text field that has a
    /// character no Latin-1 or Windows-1252 byte stands for.
    NotBytes {
        /// The encoding asked for.
        encoding: Encoding,
        /// Byte offset of the character in the field.
        offset: usize,
        /// The character.
        ch: char,
    },
}

impl DocumentError {
    /// The error kind of the record: `invalid_utf8`, `unknown_encoding` or
    /// `invalid_encoding`.
    pub fn kind(&self) -> &'static str {
        match self {
            DocumentError::InvalidUtf8 { .. } => "invalid_utf8",
            DocumentError::Undetected(_) => "unknown_encoding",
            DocumentError::Invalid(e) if matches!(e.encoding, Encoding::Utf8 | Encoding::Viqr) => {
                "invalid_utf8"
            }
            DocumentError::Invalid(_) | DocumentError::NotBytes { .. } => "invalid_encoding",
        }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::InvalidUtf8 { utf8, tried } => {
                write!(
                    f,
                    "invalid UTF-8 at byte {}, and it does not read as Vietnamese in TCVN3, VNI \
                     or Windows-1258 either",
                    utf8.offset
                )?;
                if let Some((e, s)) = &tried.best {
                    write!(f, " (best: {}, {s})", e.title())?;
                }
                f.write_str(
                    "; convert the file to UTF-8, or read it in lossy mode to replace bad bytes \
                     with U+FFFD",
                )
            }
            DocumentError::Undetected(u) => {
                write!(f, "{u}; convert it to UTF-8, or name its encoding")
            }
            DocumentError::Invalid(e) => e.fmt(f),
            DocumentError::NotBytes {
                encoding,
                offset,
                ch,
            } => write!(
                f,
                "character {ch:?} at byte {offset} is not a Latin-1 or Windows-1252 character, \
                 so the text cannot be {} read as bytes",
                encoding.title()
            ),
        }
    }
}

impl std::error::Error for DocumentError {}

/// Decodes one document's bytes as `choice` says. `lossy` replaces what
/// cannot be read with U+FFFD: invalid UTF-8 by default (without
/// detection), undefined bytes of a forced encoding, and, with `Auto`, a
/// document no encoding reads as Vietnamese is read as lossy UTF-8.
///
/// ```
/// use vietag::encoding::{read_document, Encoding, EncodingChoice};
/// let doc = read_document(b"Vi\xD6t Nam l\xB5 m\xE9t qu\xE8c gia", EncodingChoice::Default, false).unwrap();
/// assert_eq!((doc.text.as_ref(), doc.encoding), ("Việt Nam là một quốc gia", Some(Encoding::Tcvn3)));
/// let err = read_document(b"caf\xE9 cr\xE8me", EncodingChoice::Auto, false).unwrap_err();
/// assert_eq!(err.kind(), "unknown_encoding");
/// ```
pub fn read_document(
    bytes: &[u8],
    choice: EncodingChoice,
    lossy: bool,
) -> Result<DocumentText<'_>, DocumentError> {
    let found = |text, encoding| DocumentText {
        text,
        encoding: Some(encoding),
    };
    match choice {
        EncodingChoice::Default => match crate::text::decode(bytes, lossy) {
            Ok(text) => Ok(DocumentText {
                text,
                encoding: None,
            }),
            Err(utf8) => match detect(bytes) {
                Ok(d) => Ok(found(d.text, d.encoding)),
                Err(tried) => Err(DocumentError::InvalidUtf8 { utf8, tried }),
            },
        },
        EncodingChoice::Auto => match detect(bytes) {
            Ok(d) => Ok(found(d.text, d.encoding)),
            Err(_) if lossy => Ok(found(
                utf8(bytes, true).map_err(DocumentError::Invalid)?,
                Encoding::Utf8,
            )),
            Err(u) => Err(DocumentError::Undetected(u)),
        },
        EncodingChoice::Forced(Encoding::Utf8) => utf8(bytes, lossy)
            .map(|t| found(t, Encoding::Utf8))
            .map_err(DocumentError::Invalid),
        EncodingChoice::Forced(e) => decode_with(bytes, e, lossy)
            .map(|t| found(Cow::Owned(t), e))
            .map_err(DocumentError::Invalid),
    }
}

/// Decodes one JSON Lines text field as `choice` says: unchanged by
/// default; with `Auto`, mojibake and VIQR are repaired ([`detect_text`]);
/// a forced legacy encoding reads the field's characters as bytes.
///
/// ```
/// use vietag::encoding::{read_field, Encoding, EncodingChoice};
/// let (text, enc) = read_field("Vieät Nam laø moät quoác gia".into(), EncodingChoice::Auto).unwrap();
/// assert_eq!((text.as_str(), enc), ("Việt Nam là một quốc gia", Some(Encoding::Vni)));
/// let (text, enc) = read_field("Hà Nội".into(), EncodingChoice::Auto).unwrap();
/// assert_eq!((text.as_str(), enc), ("Hà Nội", Some(Encoding::Utf8)));
/// ```
pub fn read_field(
    text: String,
    choice: EncodingChoice,
) -> Result<(String, Option<Encoding>), DocumentError> {
    match choice {
        EncodingChoice::Default => Ok((text, None)),
        EncodingChoice::Auto => Ok(match detect_text(&text) {
            Some(d) => (d.text.into_owned(), Some(d.encoding)),
            None => (text, Some(Encoding::Utf8)),
        }),
        EncodingChoice::Forced(Encoding::Utf8) => Ok((text, Some(Encoding::Utf8))),
        EncodingChoice::Forced(Encoding::Viqr) => {
            Ok((nfc(viqr::decode(&text)), Some(Encoding::Viqr)))
        }
        EncodingChoice::Forced(e) => match latin_bytes(&text) {
            Some(bytes) => decode_with(&bytes, e, false)
                .map(|t| (t, Some(e)))
                .map_err(DocumentError::Invalid),
            None => Err(not_bytes(&text, e)),
        },
    }
}

fn not_bytes(text: &str, encoding: Encoding) -> DocumentError {
    let (offset, ch) = text
        .char_indices()
        .find(|(_, c)| latin_bytes(c.encode_utf8(&mut [0; 4])).is_none())
        .unwrap_or((0, '\u{FFFD}'));
    DocumentError::NotBytes {
        encoding,
        offset,
        ch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keeps_utf8_and_reports_nothing() {
        let doc = read_document("Hà Nội".as_bytes(), EncodingChoice::Default, false).unwrap();
        assert_eq!(doc.encoding, None);
        assert!(matches!(doc.text, Cow::Borrowed(_)));
    }

    #[test]
    fn default_declines_with_the_utf8_error_first() {
        let err = read_document(b"ok \xFF\xFE end", EncodingChoice::Default, false).unwrap_err();
        assert_eq!(err.kind(), "invalid_utf8");
        assert!(
            err.to_string().starts_with("invalid UTF-8 at byte 3"),
            "{err}"
        );
        // --lossy keeps its meaning: U+FFFD, no detection.
        let doc = read_document(b"ok \xFF", EncodingChoice::Default, true).unwrap();
        assert_eq!(doc.text, "ok \u{FFFD}");
    }

    #[test]
    fn forced_encodings() {
        let doc = read_document(b"Vie\xE4t", EncodingChoice::Forced(Encoding::Vni), false).unwrap();
        assert_eq!(
            (doc.text.as_ref(), doc.encoding),
            ("Việt", Some(Encoding::Vni))
        );
        let err = read_document(b"\x81", EncodingChoice::Forced(Encoding::Cp1258), false);
        assert_eq!(err.unwrap_err().kind(), "invalid_encoding");
        let err = read_field("Việt".into(), EncodingChoice::Forced(Encoding::Tcvn3)).unwrap_err();
        assert_eq!(err.kind(), "invalid_encoding");
        assert!(err.to_string().contains("'ệ' at byte 2"), "{err}");
        let (t, _) =
            read_field("Vi\u{D6}t".into(), EncodingChoice::Forced(Encoding::Tcvn3)).unwrap();
        assert_eq!(t, "Việt");
    }

    #[test]
    fn choice_names() {
        assert_eq!("auto".parse(), Ok(EncodingChoice::Auto));
        assert_eq!("VNI".parse(), Ok(EncodingChoice::Forced(Encoding::Vni)));
        assert!("koi8-r".parse::<EncodingChoice>().is_err());
    }
}
