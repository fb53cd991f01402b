//! Property tests of the formats and lint, through the library:
//!
//! - any text with flat spans on token boundaries, and nested spans inside
//!   them, goes through every format and comes back with the same text and
//!   spans (the flat layer for formats of one layer; plain CoNLL rebuilds
//!   the text, so only the labels are compared there);
//! - lint, its fixes and the lenient writers never panic, whatever the
//!   spans (out of range, reversed, cutting combining sequences).

use proptest::prelude::*;
use vietag::formats::conll::{content_tokens, ConllOptions, Scheme};
use vietag::formats::{brat, read_str, Doc, Format, FormatOptions, Span, Writer};
use vietag::lint::{self, Linter};

const FRAGMENTS: &[&str] = &[
    "Hà Anh Dũng",
    "TP.",
    "TP. Đồng Xoài",
    "PGS.TS.",
    "ThS.",
    "Q. 3",
    "4.100",
    "05.01.2022",
    "05-CT/TW",
    "😀",
    "🇻🇳",
    "o\u{0302}\u{0300}",
    "\u{0301}",
    "\u{FEFF}",
    "\u{200B}",
    "\u{00A0}",
    "\u{2028}",
    "_",
    "#",
    "# ",
    "-DOCSTART-",
    "“",
    "”",
    "\"",
    "\\",
    "(",
    ")",
    ".",
    ",",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "Nghị quyết",
    "ngày 31/02",
    "UBND",
    "MyTAG",
];

fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..30)
            .prop_map(|v| v.concat()),
        "[a-zA-ZđĐàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễòóọỏõôồốộổỗơờớợởỡ0-9 .,/%_#\n\\-]{0,50}",
        any::<String>(),
    ]
}

const LABELS: &[&str] = &["PER", "LOC", "ORG", "DATE", "X-Y", "per"];

/// Flat spans on token boundaries, chosen by `seeds`, each followed (when
/// its seed says so) by a nested span on a part of its tokens.
fn aligned(text: &str, seeds: &[(u16, u16, u8)]) -> Vec<Span> {
    let tokens = content_tokens(text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut picks: Vec<(usize, usize, &str)> = seeds
        .iter()
        .map(|&(a, len, l)| {
            let a = usize::from(a) % tokens.len();
            let b = (a + usize::from(len) % 4).min(tokens.len() - 1);
            (a, b, LABELS[usize::from(l) % 4])
        })
        .collect();
    picks.sort();
    let cp = |b: usize| text[..b].chars().count();
    let mut out: Vec<Span> = Vec::new();
    let mut nested: Vec<Span> = Vec::new();
    let mut next = 0;
    for (a, b, l) in picks {
        if a < next {
            continue;
        }
        out.push(Span::new(
            cp(tokens[a].orig.start),
            cp(tokens[b].orig.end),
            l,
        ));
        if b > a && l != "PER" {
            let mut n = Span::new(cp(tokens[b].orig.start), cp(tokens[b].orig.end), "LOC");
            n.set_parent(Some(out.len() - 1));
            nested.push(n);
        }
        next = b + 1;
    }
    out.extend(nested);
    out
}

fn spans(d: &Doc) -> Vec<(usize, usize, String, Option<usize>)> {
    d.entities
        .iter()
        .map(|e| (e.start, e.end, e.label.clone(), e.parent()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_format_round_trips(text in texts(), seeds in proptest::collection::vec(any::<(u16, u16, u8)>(), 0..6)) {
        let entities = aligned(&text, &seeds);
        let doc = Doc::new("d-1", text).with_entities(entities);
        let mut runs = Vec::new();
        for f in [Format::Jsonl, Format::SpacySimple, Format::SpacyJson, Format::Doccano, Format::LabelStudio, Format::Vlsp] {
            runs.push((f, FormatOptions::default()));
        }
        for scheme in [Scheme::Bio, Scheme::Bioes] {
            for comments in [true, false] {
                let conll = ConllOptions { scheme, comments };
                let mut opts = FormatOptions::default();
                opts.conll = conll;
                runs.push((Format::Conll, opts));
            }
            let conll = ConllOptions { scheme, comments: false };
            let mut opts = FormatOptions::default();
            opts.conll = conll;
            runs.push((Format::Hf, opts));
        }
        let mut lsu = FormatOptions::default();
        lsu.offsets = vietag::OffsetUnit::Utf16;
        runs.push((Format::LabelStudio, lsu));
        for (format, opts) in runs {
            let mut w = Writer::new(format, opts.clone());
            let mut out = w.header().to_string();
            let written = w.write(&doc, &mut out);
            prop_assert!(written.as_ref().is_ok_and(|w| w.widened.is_empty()), "{} {:?}", format, written);
            out.push_str(w.footer());
            let mut opts = opts;
            opts.hf_labels = w.hf_labels().to_vec().into();
            let back = read_str(format, &out, &opts);
            prop_assert_eq!(back.len(), 1, "{}: {}", format, out);
            let b = back[0].as_ref().map_err(|e| TestCaseError::fail(format!("{format}: {e}\n{out}")))?;
            let want = if format.carries_nesting() { doc.clone() } else { doc.flat_layer() };
            prop_assert!(b.notes.is_empty(), "{}", format);
            if format == Format::Conll && !opts.conll.comments {
                let labels = |d: &Doc| d.entities.iter().map(|e| e.label.clone()).collect::<Vec<_>>();
                prop_assert_eq!(labels(b), labels(&want), "{}: {}", format, out);
                continue;
            }
            prop_assert_eq!(&b.text, &doc.text, "{}", format);
            prop_assert_eq!(spans(b), spans(&want), "{}: {}", format, out);
        }
        let ann = brat::ann(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = brat::read_pair("d-1", &doc.text, &ann, 1).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(spans(&b), spans(&doc), "brat: {}", ann);
        prop_assert!(b.notes.is_empty());
    }

    #[test]
    fn lint_and_lenient_writers_never_panic(
        text in texts(),
        raw in proptest::collection::vec((0usize..80, 0usize..80, 0usize..6, proptest::option::of("[a-zà ]{0,5}")), 0..8),
    ) {
        let entities = raw
            .into_iter()
            .map(|(s, e, l, t)| {
                let mut sp = Span::new(s, e, LABELS[l]);
                sp.text = t;
                sp
            })
            .collect();
        let mut doc = Doc::new(1, text).with_entities(entities);
        let found = Linter::default().check(&doc);
        for f in &found {
            let _ = lint::render("f", Some(&doc.id), Some(&doc), f);
            let _ = lint::to_json("f", Some(&doc.id), Some(&doc), f);
        }
        for format in Format::ALL.into_iter().filter(|f| *f != Format::Brat) {
            let mut out = String::new();
            let _ = Writer::lenient(format, FormatOptions::default()).write(&doc, &mut out);
            let _ = Writer::new(format, FormatOptions::default()).write(&doc, &mut out);
        }
        let _ = brat::ann(&doc);
        let changed = lint::fix(&mut doc, &found);
        // A fixed span has nothing left to trim or snap.
        let again = Linter::default().check(&doc);
        for f in again {
            if let Some(i) = f.entity {
                if changed.contains(&i) {
                    prop_assert!(f.fix.is_none(), "{:?} after fixing", f);
                }
            }
        }
    }
}
