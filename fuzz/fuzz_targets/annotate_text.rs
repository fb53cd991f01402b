//! The whole annotate path on UTF-8 text: spans are slices of the text in
//! every offset unit, the flat layer is flat, indices are valid.
//!
//! Input: a flags byte (see `vietag_fuzz::annotate_and_check`), then the text (its
//! longest UTF-8 prefix).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vietag_fuzz::{annotate_and_check, split_flags, utf8_prefix};

fuzz_target!(|data: &[u8]| {
    let Some((flags, rest)) = split_flags(data) else {
        return;
    };
    annotate_and_check(flags, utf8_prefix(rest));
});
