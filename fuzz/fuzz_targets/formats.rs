//! Every format reader on any input, and what runs on what they read:
//! offset checks, lint and its fixes, and writing the document back.
//!
//! Input: a flags byte, then the file. Bits 0-3 choose the reader (taken
//! modulo the number of readers below), bits 4-5 the offset unit of Label
//! Studio files. The JSON Lines and doccano readers get the bytes as they
//! are (one record per non-blank line, invalid UTF-8 included); the others
//! get the longest UTF-8 prefix. Hugging Face and brat read two files: the
//! input is split at the first 0xFF byte (never in UTF-8) into the label
//! list and the data, or the `.txt` and the `.ann`.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use vietag::formats::{
    brat, hf, read_str, CharMap, Doc, DocError, Format, FormatOptions, LineRecords, Writer,
};
use vietag::lint::{self, Linter};
use vietag_fuzz::{split_flags, utf8_prefix, UNITS};

/// The readers, by the low bits of the flags byte.
const READERS: [Format; 9] = [
    Format::Jsonl,
    Format::Doccano,
    Format::Conll,
    Format::Vlsp,
    Format::Hf,
    Format::SpacyJson,
    Format::SpacySimple,
    Format::LabelStudio,
    Format::Brat,
];

fuzz_target!(|data: &[u8]| {
    let Some((flags, input)) = split_flags(data) else {
        return;
    };
    let format = READERS[usize::from(flags & 15) % READERS.len()];
    let mut opts = FormatOptions::default();
    opts.offsets = UNITS[usize::from(flags >> 4 & 3) % UNITS.len()];
    let docs = match format {
        Format::Jsonl | Format::Doccano => read_lines(format, input),
        Format::Hf => {
            let (labels, rows) = split_two(input);
            opts.hf_labels = Arc::from(hf::read_label_file(labels).unwrap_or_default());
            read_str(format, rows, &opts)
        }
        Format::Brat => {
            let (txt, ann) = split_two(input);
            vec![brat::read_pair("doc", txt, ann, 1)]
        }
        _ => read_str(format, utf8_prefix(input), &opts),
    };
    let linter = Linter::default();
    for doc in docs.iter().flatten() {
        check_doc(doc, &linter);
        write_back(doc, format, &opts);
    }
});

/// The records of a line-based format, one per non-blank line, counted
/// here the obvious way.
fn read_lines(format: Format, input: &[u8]) -> Vec<Result<Doc, DocError>> {
    let records: Vec<_> = LineRecords::new(input, format)
        .map(|r| r.expect("reading a slice cannot fail"))
        .collect();
    let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut lines: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let expected = lines
        .iter()
        .filter(|l| std::str::from_utf8(l).map_or(true, |s| !s.trim().is_empty()))
        .count();
    assert_eq!(records.len(), expected, "one record per non-blank line");
    records.into_iter().map(|r| r.doc).collect()
}

/// The two files of a two-file input, split at the first 0xFF.
fn split_two(input: &[u8]) -> (&str, &str) {
    match input.iter().position(|&b| b == 0xFF) {
        Some(i) => (utf8_prefix(&input[..i]), utf8_prefix(&input[i + 1..])),
        None => ("", utf8_prefix(input)),
    }
}

/// What lint and export do with a document read.
fn check_doc(doc: &Doc, linter: &Linter) {
    let map = CharMap::new(&doc.text);
    let in_range = doc.check_offsets(&map).is_ok();
    for e in &doc.entities {
        let slice = doc.slice(&map, e.start, e.end);
        if in_range {
            assert!(slice.is_some(), "{e:?} passed the offset check");
        }
    }
    let _ = doc.check_flat();
    let flat = doc.flat_layer();
    assert!(flat.entities.iter().all(|e| !e.is_nested()));
    let findings = linter.check(doc);
    for f in &findings {
        let _ = lint::excerpt(doc, f);
        let _ = lint::to_json("f", Some(&doc.id), Some(doc), f);
        let _ = lint::render("f", Some(&doc.id), Some(doc), f);
    }
    let _ = lint::import_errors(linter, doc);
    let mut fixed = doc.clone();
    let changed = lint::fix(&mut fixed, &findings);
    assert!(changed.iter().all(|&i| i < fixed.entities.len()));
    let _ = linter.check(&fixed);
}

/// Writes the document in its own format and in JSON Lines, strictly and
/// leniently; what a strict writer accepts reads back as one document.
fn write_back(doc: &Doc, format: Format, opts: &FormatOptions) {
    if format == Format::Brat {
        // As export does: offsets are checked first.
        if doc.check_offsets(&CharMap::new(&doc.text)).is_err() {
            return;
        }
        if let Ok(ann) = brat::ann(doc) {
            let back = brat::read_pair("doc", &doc.text, &ann, 1);
            assert!(
                back.is_ok(),
                "brat .ann written reads back: {back:?}\n{ann}"
            );
        }
        return;
    }
    for f in [format, Format::Jsonl] {
        let mut lenient = Writer::lenient(f, opts.clone());
        let _ = lenient.write(doc, &mut String::new());
        let mut w = Writer::new(f, opts.clone());
        let mut out = w.header().to_string();
        if w.write(doc, &mut out).is_err() {
            continue;
        }
        out.push_str(w.footer());
        let mut opts = opts.clone();
        opts.hf_labels = w.hf_labels().to_vec().into();
        let back = read_str(f, &out, &opts);
        assert_eq!(
            back.len(),
            1,
            "{f}: one document written, {} read\n{out}",
            back.len()
        );
        assert!(
            back[0].is_ok(),
            "{f}: written, not read back: {:?}\n{out}",
            back[0]
        );
    }
}
