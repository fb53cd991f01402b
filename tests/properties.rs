//! Property tests: for any input, annotating never panics, and every span
//! is a real slice of the input that starts and ends on token boundaries.

use proptest::prelude::*;
use vietag::{Annotator, Layer};

/// Fragments that exercise the lexicons, numbers, case and normalisation.
const FRAGMENTS: &[&str] = &[
    "Quốc hội",
    "QUỐC HỘI",
    "quốc hội",
    "Bộ Chính trị",
    "Hồ Chí Minh",
    "TP.",
    "Hồ",
    "Bình Phước",
    "An",
    "Anh",
    "an",
    "Việt Nam",
    "Lào",
    "Hoà",
    "Hòa",
    "Ðồng",
    "đảng viên",
    "4.100",
    "58,9",
    "31/36",
    "05-CT/TW",
    "ngày",
    "14/8",
    "%",
    "😀",
    "\u{00A0}",
    "\r\n",
    "\n",
    " ",
    ",",
    ".",
    "(",
    ")",
    "\u{0300}",
    "\u{0301}",
    "\u{0323}",
    "o\u{0302}\u{0300}",
    "\u{FEFF}",
    "\u{200B}",
    "İ",
    "ß",
    "ǅ",
    "\t",
];

fn documents() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat()),
        "[a-zA-ZđĐàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹ0-9 .,/%\\-]{0,60}",
    ]
}

/// Letters (with their marks) and digits: a span edge between two
/// characters of the same class would cut a syllable or a number.
fn class(c: char) -> u8 {
    if c.is_alphabetic() || matches!(c, '\u{300}'..='\u{36F}') {
        1
    } else if c.is_ascii_digit() {
        2
    } else {
        0
    }
}

/// A capital right after a small letter starts a new word by design: glued
/// words ("hộiViệt", "MyTAG") are split there.
fn cuts(a: Option<char>, b: Option<char>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let small = a.is_lowercase() || matches!(a, '\u{300}'..='\u{36F}');
            class(a) != 0 && class(a) == class(b) && !(small && b.is_uppercase())
        }
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_slices_on_token_boundaries(text in documents()) {
        thread_local! {
            static FLAT: Annotator = Annotator::new().unwrap();
            static ALL: Annotator = vietag::AnnotatorBuilder::new().layer(Layer::All).build().unwrap();
        }
        for layer in [Layer::Flat, Layer::All] {
            let ann = match layer {
                Layer::Flat => FLAT.with(|a| a.annotate(&text)),
                Layer::All => ALL.with(|a| a.annotate(&text)),
            };
            let mut prev_end = 0;
            for e in &ann.entities {
                prop_assert!(e.start < e.end && e.end <= text.len());
                prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                let span = &text[e.start..e.end];
                prop_assert_eq!(e.text(&text), span);
                prop_assert!(!span.starts_with(char::is_whitespace) && !span.ends_with(char::is_whitespace));
                // The span does not cut a syllable: no word character on both sides of an edge.
                let before = text[..e.start].chars().next_back();
                let first = span.chars().next();
                prop_assert!(!cuts(before, first), "cuts before {:?}", span);
                let last = span.chars().next_back();
                let after = text[e.end..].chars().next();
                prop_assert!(!cuts(last, after), "cuts after {:?}", span);
                if e.parent.is_none() {
                    prop_assert!(e.start >= prev_end, "flat layer overlaps");
                    prev_end = e.end;
                } else {
                    let p = &ann.entities[e.parent.unwrap()];
                    prop_assert!(p.start <= e.start && e.end <= p.end);
                }
            }
        }
    }
}

/// The offset of `byte` in `unit`, counted from the start: what
/// `OffsetConverter` must give whatever order it is asked in.
fn slow_offset(text: &str, byte: usize, unit: vietag::OffsetUnit) -> usize {
    if unit == vietag::OffsetUnit::Utf8 {
        return byte;
    }
    let mut pos = 0;
    let mut count = 0;
    for c in text.chars() {
        if pos >= byte {
            break;
        }
        pos += c.len_utf8();
        count += match unit {
            vietag::OffsetUnit::Utf16 => c.len_utf16(),
            _ => 1,
        };
    }
    count
}

proptest! {
    /// Offsets asked forwards, backwards and at random agree with counting
    /// from the start (the converter walks back instead of restarting).
    #[test]
    fn offsets_in_any_order_match_counting_from_the_start(
        text in "[a-zđĐàáạảãâầấậẩẫ😀 \\n]{0,60}",
        picks in proptest::collection::vec(0usize..200, 0..40),
    ) {
        for unit in [vietag::OffsetUnit::Codepoint, vietag::OffsetUnit::Utf16, vietag::OffsetUnit::Utf8] {
            let mut conv = vietag::text::OffsetConverter::new(&text, unit);
            for &p in &picks {
                let byte = p % (text.len() + 1);
                prop_assert_eq!(conv.convert(byte), slow_offset(&text, byte, unit), "byte {} of {:?}", byte, text);
            }
        }
    }
}
