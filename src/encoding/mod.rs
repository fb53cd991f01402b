//! Old Vietnamese encodings: TCVN3, VNI, Windows-1258 and VIQR.
//!
//! Vietnamese text written before Unicode became the norm is in one of a
//! handful of 8-bit encodings or in the ASCII convention VIQR. Read as
//! UTF-8 or Latin-1 it comes out as mojibake ("ViÖt Nam", "Vieät Nam").
//! This module decodes each of them into NFC Unicode, encodes Unicode back
//! into them, and detects which one a document is in.
//!
//! | [`Encoding`] | what it is | table |
//! |---|---|---|
//! | `tcvn3` | TCVN 5712:1993 VN3, the ABC ".Vn" fonts; capitals with tone marks come from the all-capitals ".VnH" fonts or VN2 | `tables/tcvn3.tsv` |
//! | `vni` | VNI Windows, the "VNI-" fonts: base letter + diacritic byte | `tables/vni.tsv` |
//! | `cp1258` | Windows-1258, with combining tone marks | `tables/cp1258.tsv` |
//! | `viqr` | RFC 1456 VIQR, "Vie^.t Nam", in UTF-8 (usually plain ASCII) | `tables/viqr.tsv` |
//!
//! Decoding is linear in the input, never panics, and gives NFC text;
//! a byte an encoding leaves undefined is a [`DecodeError`] (or U+FFFD with
//! [`decode_lossy`]). [`detect()`] scores each candidate decoding by the
//! share of its words that are valid Vietnamese syllables
//! ([`syllable::is_valid`]) and declines when none is clearly Vietnamese.
//!
//! ```
//! use vietag::encoding::{decode, detect, encode, Encoding};
//!
//! // "Việt Nam" in TCVN3 and in VNI.
//! assert_eq!(decode(b"Vi\xD6t Nam", Encoding::Tcvn3).unwrap(), "Việt Nam");
//! assert_eq!(decode(b"Vie\xE4t Nam", Encoding::Vni).unwrap(), "Việt Nam");
//! assert_eq!(decode(b"Vie^.t Nam", Encoding::Viqr).unwrap(), "Việt Nam");
//!
//! let bytes = encode("Cộng hòa xã hội chủ nghĩa Việt Nam", Encoding::Cp1258).unwrap();
//! let found = detect(&bytes).unwrap();
//! assert_eq!(found.encoding, Encoding::Cp1258);
//! assert_eq!(found.text, "Cộng hòa xã hội chủ nghĩa Việt Nam");
//! ```

mod detect;
mod document;
mod single_byte;
pub mod syllable;
mod tables;
mod tcvn3;
mod viqr;
mod vni;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use detect::{detect, detect_text, Detection, Score, Undetected};
pub use document::{read_document, read_field, DocumentError, DocumentText, EncodingChoice};

/// A text encoding vietag reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is removed).
    Utf8,
    /// TCVN3 (TCVN 5712:1993 VN3, the ABC ".Vn" fonts).
    Tcvn3,
    /// VNI Windows.
    Vni,
    /// Windows-1258.
    Cp1258,
    /// VIQR (RFC 1456).
    Viqr,
}

impl Encoding {
    /// Every encoding, UTF-8 first.
    pub const ALL: [Encoding; 5] = [
        Encoding::Utf8,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Cp1258,
        Encoding::Viqr,
    ];

    /// The legacy encodings.
    pub const LEGACY: [Encoding; 4] = [
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Cp1258,
        Encoding::Viqr,
    ];

    /// The name used on the command line and in records: `utf8`, `tcvn3`,
    /// `vni`, `cp1258`, `viqr`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Cp1258 => "cp1258",
            Encoding::Viqr => "viqr",
        }
    }

    /// The name in prose: "UTF-8", "TCVN3", "VNI", "Windows-1258", "VIQR".
    pub fn title(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Tcvn3 => "TCVN3",
            Encoding::Vni => "VNI",
            Encoding::Cp1258 => "Windows-1258",
            Encoding::Viqr => "VIQR",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not an encoding vietag knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEncodingName(pub String);

impl fmt::Display for UnknownEncodingName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown encoding '{}'; use one of utf8, tcvn3, vni, cp1258, viqr",
            self.0
        )
    }
}

impl std::error::Error for UnknownEncodingName {}

impl FromStr for Encoding {
    type Err = UnknownEncodingName;

    /// Names and common aliases, case-insensitive: `utf-8`, `abc`/`vn3`,
    /// `vni-windows`, `windows-1258`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Ok(Encoding::Utf8),
            "tcvn3" | "tcvn" | "abc" | "vn3" => Ok(Encoding::Tcvn3),
            "vni" | "vni-windows" => Ok(Encoding::Vni),
            "cp1258" | "windows-1258" => Ok(Encoding::Cp1258),
            "viqr" => Ok(Encoding::Viqr),
            _ => Err(UnknownEncodingName(s.to_string())),
        }
    }
}

/// Bytes that are not text in the encoding they were read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The encoding.
    pub encoding: Encoding,
    /// Byte offset of the first bad byte.
    pub offset: usize,
    /// That byte.
    pub byte: u8,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.encoding {
            Encoding::Utf8 | Encoding::Viqr => write!(
                f,
                "invalid UTF-8 at byte {} (0x{:02X}); {} text is read as UTF-8",
                self.offset,
                self.byte,
                self.encoding.title()
            ),
            e => write!(
                f,
                "byte 0x{:02X} at offset {} has no character in {}",
                self.byte,
                self.offset,
                e.title()
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A character that an encoding has no code for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError {
    /// The encoding.
    pub encoding: Encoding,
    /// Byte offset of the character in the NFC form of the text (the text
    /// itself when it is NFC).
    pub offset: usize,
    /// The character.
    pub ch: char,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "character {:?} (U+{:04X}) at byte {} has no code in {}",
            self.ch,
            u32::from(self.ch),
            self.offset,
            self.encoding.title()
        )
    }
}

impl std::error::Error for EncodeError {}

/// Decodes `bytes` from `encoding` into text: NFC for the legacy
/// encodings, the text as it is for UTF-8 (without a byte-order mark).
///
/// ```
/// use vietag::encoding::{decode, Encoding};
/// assert_eq!(decode(b"Hi\xD5n ph\xB8p", Encoding::Tcvn3).unwrap(), "Hiến pháp");
/// assert_eq!(decode(b"\x81", Encoding::Cp1258).unwrap_err().offset, 0);
/// ```
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    decode_with(bytes, encoding, false)
}

/// As [`decode`], with U+FFFD for every byte the encoding leaves undefined.
///
/// ```
/// use vietag::encoding::{decode_lossy, Encoding};
/// assert_eq!(decode_lossy(b"a\x81b", Encoding::Cp1258), "a\u{FFFD}b");
/// ```
pub fn decode_lossy(bytes: &[u8], encoding: Encoding) -> String {
    // Lossy decoding has no error to return.
    decode_with(bytes, encoding, true).unwrap_or_default()
}

fn decode_with(bytes: &[u8], encoding: Encoding, lossy: bool) -> Result<String, DecodeError> {
    match encoding {
        Encoding::Utf8 => utf8(bytes, lossy).map(Cow::into_owned),
        Encoding::Tcvn3 => tcvn3::decode(bytes, lossy).map(nfc),
        Encoding::Vni => vni::decode(bytes, lossy).map(nfc),
        Encoding::Cp1258 => single_byte::decode_cp1258(bytes, lossy).map(nfc),
        Encoding::Viqr => utf8(bytes, lossy).map(|t| nfc(viqr::decode(&t))),
    }
}

fn utf8(bytes: &[u8], lossy: bool) -> Result<Cow<'_, str>, DecodeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) if lossy => Ok(String::from_utf8_lossy(bytes)),
        Err(e) => Err(DecodeError {
            encoding: Encoding::Utf8,
            offset: e.valid_up_to(),
            byte: bytes[e.valid_up_to()],
        }),
    }
}

/// Encodes `text` (normalised to NFC first) in `encoding`.
///
/// Characters other than Vietnamese letters keep their code where the
/// encoding has one (TCVN3 and VNI take Windows-1252 punctuation such as
/// “ ” – …); VIQR writes them as UTF-8. A character without a code is an
/// [`EncodeError`]; [`encode_lossy`] writes `?` for it instead.
///
/// ```
/// use vietag::encoding::{encode, Encoding};
/// assert_eq!(encode("Việt", Encoding::Vni).unwrap(), b"Vie\xE4t");
/// assert_eq!(encode("Việt", Encoding::Viqr).unwrap(), b"Vie^.t");
/// assert_eq!(encode("Việt", Encoding::Tcvn3).unwrap(), b"Vi\xD6t");
/// assert_eq!(encode("Việt", Encoding::Cp1258).unwrap(), b"Vi\xEA\xF2t");
/// assert!(encode("Ω", Encoding::Tcvn3).is_err());
/// ```
pub fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, EncodeError> {
    encode_with(text, encoding, None)
}

/// As [`encode`], writing `?` for every character the encoding has no code
/// for.
///
/// ```
/// use vietag::encoding::{encode_lossy, Encoding};
/// assert_eq!(encode_lossy("Ω à", Encoding::Tcvn3), b"? \xB5");
/// ```
pub fn encode_lossy(text: &str, encoding: Encoding) -> Vec<u8> {
    // With a replacement there is no error to return.
    encode_with(text, encoding, Some(b'?')).unwrap_or_default()
}

fn encode_with(
    text: &str,
    encoding: Encoding,
    replacement: Option<u8>,
) -> Result<Vec<u8>, EncodeError> {
    let text = nfc_cow(text);
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    let mut unmapped = |offset: usize, ch: char, out: &mut Vec<u8>| match replacement {
        Some(r) => {
            out.push(r);
            Ok(())
        }
        None => Err(EncodeError {
            encoding,
            offset,
            ch,
        }),
    };
    match encoding {
        Encoding::Utf8 => out.extend_from_slice(text.as_bytes()),
        Encoding::Tcvn3 => tcvn3::encode(&text, &mut out, &mut unmapped)?,
        Encoding::Vni => vni::encode(&text, &mut out, &mut unmapped)?,
        Encoding::Cp1258 => single_byte::encode_cp1258(&text, &mut out, &mut unmapped)?,
        Encoding::Viqr => viqr::encode(&text, &mut out),
    }
    Ok(out)
}

/// What an encoder does with a character it has no code for: push a
/// replacement to the output, or fail with the character's offset.
type Unmapped<'a> = dyn FnMut(usize, char, &mut Vec<u8>) -> Result<(), EncodeError> + 'a;

fn nfc(s: String) -> String {
    match nfc_cow(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(n) => n,
    }
}

fn nfc_cow(s: &str) -> Cow<'_, str> {
    if crate::text::view::is_nfc(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(nfc_by_clusters(s))
    }
}

/// NFC, normalising only the clusters that need it: a character that is
/// NFC-stable (quick check "yes") and a starter never composes with what
/// comes before it, so the text is copied up to the last such character and
/// only a starter with the marks (or composing characters) after it goes
/// through the normaliser. Decoded Windows-1258 has a tone mark in most
/// syllables; this is several times faster than normalising it whole.
fn nfc_by_clusters(s: &str) -> String {
    let stable = |c: char| {
        canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
    };
    let mut out = String::with_capacity(s.len());
    let mut starter = 0; // byte offset in `out` of the last stable character
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if stable(c) {
            starter = out.len();
            out.push(c);
            continue;
        }
        let mut cluster = out.split_off(starter);
        cluster.push(c);
        while let Some(n) = chars.next_if(|&n| !stable(n)) {
            cluster.push(n);
        }
        out.extend(cluster.nfc());
    }
    out
}

/// Documents per encoding, for a run's summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EncodingCounts([u64; 5]);

impl EncodingCounts {
    /// Counts one document read as `encoding`.
    pub fn add(&mut self, encoding: Encoding) {
        self.0[encoding.index()] += 1;
    }

    /// Documents read as `encoding`.
    pub fn get(&self, encoding: Encoding) -> u64 {
        self.0[encoding.index()]
    }

    /// True when no document was counted.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&n| n == 0)
    }

    /// Documents read from a legacy encoding.
    pub fn legacy(&self) -> u64 {
        Encoding::LEGACY.iter().map(|&e| self.get(e)).sum()
    }
}

impl fmt::Display for EncodingCounts {
    /// `tcvn3 2, vni 1`: the encodings with documents.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for e in Encoding::ALL {
            let n = self.get(e);
            if n > 0 {
                if !first {
                    f.write_str(", ")?;
                }
                write!(f, "{e} {n}")?;
                first = false;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in Encoding::ALL {
            assert_eq!(e.name().parse::<Encoding>(), Ok(e));
        }
        assert_eq!("Windows-1258".parse::<Encoding>(), Ok(Encoding::Cp1258));
        assert!("latin1".parse::<Encoding>().is_err());
    }

    #[test]
    fn utf8_keeps_the_text_as_given() {
        let nfd = "Vie\u{323}\u{302}t";
        assert_eq!(decode(nfd.as_bytes(), Encoding::Utf8).unwrap(), nfd);
        assert_eq!(decode(b"\xEF\xBB\xBFa", Encoding::Utf8).unwrap(), "a");
        let e = decode(b"ab\xFF", Encoding::Utf8).unwrap_err();
        assert_eq!((e.offset, e.byte), (2, 0xFF));
    }

    #[test]
    fn nfc_by_clusters_is_nfc() {
        for s in [
            "Vie\u{302}\u{323}t",
            "e\u{301}\u{301}x",
            "\u{301}a",
            "a\u{323}\u{302}\u{300}b",
            "\u{1100}\u{1161}\u{11A8}",
            "Ω\u{301}ß",
            "",
        ] {
            let want: String = s.nfc().collect();
            assert_eq!(nfc_by_clusters(s), want, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn nfc_by_clusters_agrees_with_nfc(s in "[a-eA-E ê\u{300}-\u{36F}\u{1100}-\u{1112}\u{1161}-\u{1175}\u{11A8}-\u{11C2}\u{0B47}\u{0B3E}\u{0B57}\u{1EA0}-\u{1EF9}\u{FFFD}]{0,40}") {
            let want: String = s.nfc().collect();
            proptest::prop_assert_eq!(nfc_by_clusters(&s), want);
        }
    }

    #[test]
    fn counts_display() {
        let mut c = EncodingCounts::default();
        c.add(Encoding::Vni);
        c.add(Encoding::Tcvn3);
        c.add(Encoding::Tcvn3);
        c.add(Encoding::Utf8);
        assert_eq!(c.to_string(), "utf8 1, tcvn3 2, vni 1");
        assert_eq!(c.legacy(), 3);
    }
}
