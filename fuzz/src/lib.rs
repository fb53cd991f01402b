//! What the fuzz targets share: reading the input, a slow reference for
//! offsets, and the checks of one annotated document.
//!
//! Every target reads its first byte as flags that choose options, and the
//! rest as the document, so one corpus covers every option.

use std::sync::OnceLock;

use serde_json::Value;
use vietag::{Annotation, Annotator, AnnotatorBuilder, Label, LabelSet, Layer, OffsetUnit};

/// The flags byte and the rest of the input.
pub fn split_flags(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(&f, rest)| (f, rest))
}

/// The longest UTF-8 prefix of `bytes`.
pub fn utf8_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
    }
}

/// The three offset units.
pub const UNITS: [OffsetUnit; 3] = [OffsetUnit::Codepoint, OffsetUnit::Utf8, OffsetUnit::Utf16];

/// Offsets of one text in every unit, computed the slow, obvious way.
pub struct Measure {
    /// For every byte offset `0..=len`: how many code points and UTF-16
    /// units start before it.
    before: Vec<(usize, usize)>,
}

impl Measure {
    /// The measure of `text`.
    pub fn new(text: &str) -> Self {
        // Offset b has passed every character that starts before b.
        let mut before = vec![(0, 0); text.len() + 1];
        let (mut cp, mut u16) = (0, 0);
        for (i, c) in text.char_indices() {
            cp += 1;
            u16 += c.len_utf16();
            for slot in &mut before[i + 1..=i + c.len_utf8()] {
                *slot = (cp, u16);
            }
        }
        Measure { before }
    }

    /// Byte offset `byte` (clamped to the text) in `unit`; a byte inside a
    /// character counts that character as passed.
    pub fn offset(&self, byte: usize, unit: OffsetUnit) -> usize {
        let last = self.before.len() - 1;
        let (cp, u16) = self.before[byte.min(last)];
        match unit {
            OffsetUnit::Codepoint => cp,
            OffsetUnit::Utf8 => byte,
            OffsetUnit::Utf16 => u16,
        }
    }
}

/// An annotator for flags bits 0-1: the nested layer, folded diacritics.
/// Built once per combination.
pub fn annotator(flags: u8) -> &'static Annotator {
    static ANNOTATORS: [OnceLock<Annotator>; 4] = [const { OnceLock::new() }; 4];
    let k = usize::from(flags & 3);
    ANNOTATORS[k].get_or_init(|| {
        let mut b = AnnotatorBuilder::new();
        b.layer(if k & 1 != 0 { Layer::All } else { Layer::Flat });
        b.fold_diacritics(k & 2 != 0);
        b.build().expect("the default lexicons build")
    })
}

/// Annotates `text` with the annotator of `flags` and checks the result;
/// with flags bit 2, checks it again after keeping a subset of the labels,
/// as `AnnotatorBuilder::labels` does.
pub fn annotate_and_check(flags: u8, text: &str) {
    let mut ann = annotator(flags).annotate(text);
    check_annotation(&ann, text);
    check_flat_layer(&ann);
    if flags & 4 != 0 {
        let mut labels = LabelSet::empty();
        for l in [Label::Loc, Label::Date, Label::Percent, Label::DocRef] {
            labels.insert(l);
        }
        ann.retain_labels(labels);
        check_annotation(&ann, text);
    }
}

/// The entities without a parent do not overlap.
pub fn check_flat_layer(ann: &Annotation) {
    let mut flat: Vec<(usize, usize)> = ann
        .entities
        .iter()
        .filter(|e| e.parent.is_none())
        .map(|e| (e.start, e.end))
        .collect();
    flat.sort_unstable();
    for w in flat.windows(2) {
        assert!(
            w[0].1 <= w[1].0,
            "flat entities {:?} and {:?} overlap",
            w[0],
            w[1]
        );
    }
}

/// Checks the annotation of `text`: spans are slices of the text on
/// character boundaries, `parent` and claim indices are valid, and the
/// record written in each offset unit gives the offsets of the slow
/// reference.
pub fn check_annotation(ann: &Annotation, text: &str) {
    let n = ann.entities.len();
    for (i, e) in ann.entities.iter().enumerate() {
        assert!(e.start < e.end, "entity {i} is empty: {e:?}");
        assert!(
            text.get(e.start..e.end).is_some(),
            "entity {i} is not a slice: {e:?}"
        );
        for m in &e.nested {
            assert!(
                e.start <= m.start && m.end <= e.end,
                "nested mention outside entity {i}"
            );
            assert!(
                text.get(m.start..m.end).is_some(),
                "nested mention of {i} not a slice"
            );
        }
        if let Some(p) = e.parent {
            assert!(p < n && p != i, "entity {i} has parent {p} of {n}");
            let outer = &ann.entities[p];
            assert!(
                outer.start <= e.start && e.end <= outer.end,
                "entity {i} outside its parent"
            );
        }
    }
    for c in &ann.claims {
        for k in [Some(c.entity), c.total_entity, c.part, c.part_of, c.time]
            .into_iter()
            .flatten()
        {
            assert!(k < n, "claim names entity {k} of {n}");
        }
    }
    for f in &ann.findings {
        assert!(
            f.entities.iter().all(|&k| k < n),
            "finding names an entity out of range"
        );
    }
    check_records(ann, text);
}

/// Writes the record in each unit and checks its offsets and texts.
fn check_records(ann: &Annotation, text: &str) {
    let measure = Measure::new(text);
    let id = Value::from("fuzz");
    for unit in UNITS {
        let mut out = Vec::new();
        let mut opts = vietag::formats::jsonl::OutputOptions::default();
        opts.unit = unit;
        opts.include_text = true;
        ann.write_json(&mut out, &id, text, opts);
        assert_eq!(out.last(), Some(&b'\n'), "a record is one line");
        assert_eq!(
            out.iter().filter(|&&b| b == b'\n').count(),
            1,
            "a record is one line"
        );
        let record: Value = serde_json::from_slice(&out).expect("the record is JSON");
        assert_eq!(record["text"].as_str(), Some(text));
        let entities = record["entities"].as_array().expect("entities");
        assert_eq!(entities.len(), ann.entities.len());
        for (e, j) in ann.entities.iter().zip(entities) {
            let at = |k: &str| j[k].as_u64().map(|v| v as usize);
            assert_eq!(
                at("start"),
                Some(measure.offset(e.start, unit)),
                "{unit:?} start of {j}"
            );
            assert_eq!(
                at("end"),
                Some(measure.offset(e.end, unit)),
                "{unit:?} end of {j}"
            );
            assert_eq!(j["text"].as_str(), Some(&text[e.start..e.end]));
            assert_eq!(at("parent"), e.parent);
        }
        let claims = record["claims"].as_array().expect("claims");
        assert_eq!(claims.len(), ann.claims.len());
    }
}
