//! The whole annotate path on any bytes, decoded as a document file is:
//! `text::decode` strips a BOM and, in lossy mode (flags bit 3), replaces
//! invalid UTF-8; strict mode reports where the first bad byte is.
//!
//! Input: a flags byte (bits 0-2: see `vietag_fuzz::annotate_and_check`), then the
//! bytes of the document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vietag::text::decode;
use vietag_fuzz::{annotate_and_check, split_flags};

fuzz_target!(|data: &[u8]| {
    let Some((flags, bytes)) = split_flags(data) else {
        return;
    };
    let lossy = flags & 8 != 0;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match decode(bytes, lossy) {
        Ok(text) => {
            if lossy {
                assert_eq!(text, String::from_utf8_lossy(body));
            } else {
                assert_eq!(text.as_bytes(), body);
            }
            annotate_and_check(flags, &text);
        }
        Err(e) => {
            assert!(!lossy, "lossy decoding never fails");
            let valid = std::str::from_utf8(body).unwrap_err().valid_up_to();
            assert_eq!(e.offset, valid);
            assert!(!e.to_string().is_empty());
        }
    }
});
