//! The PER tagger. A person is:
//!
//! - a capitalised run of 2–4 syllables that starts with a known surname
//!   and goes on with given-name syllables ("Hà Anh Dũng");
//! - a capitalised run of 1–4 syllables after an honorific (ông, bà, anh,
//!   chị, đồng chí, cụ), a rank (Đại tá …) or an academic title (TS …),
//!   which are not part of the span;
//! - a byline: the name after "Bài, ảnh:", "Tin và ảnh:" …, or a short line
//!   of name syllables alone in the last part of the document.
//!
//! Names after a title come from the TITLE tagger; famous people from the
//! plain lexicon. Once a name of two or more syllables is found, its other
//! mentions in the same document are tagged too ([`Tagger::finish`]).
//! Names inside streets, schools and places belong to those longer spans,
//! which win in resolution.

use std::collections::HashSet;
use std::ops::Range;

use super::grammar::{self, class};
use super::{Candidate, Document, Tagger};
use crate::attrs::{Attrs, PerAttrs, Rule, Source, TextSpan};
use crate::label::Label;
use crate::lexicon::EntryId;
use crate::syllables::TokenKind;

/// Tags people.
#[derive(Debug, Default)]
pub(crate) struct PersonTagger;

impl PersonTagger {
    /// Priority of a name after a cue word or in a byline.
    pub(crate) const PRIORITY_CUE: u8 = 42;
    /// Priority of another mention of a name already found.
    pub(crate) const PRIORITY_REPEAT: u8 = 41;
    /// Priority of a name found by its surname alone.
    pub(crate) const PRIORITY_SURNAME: u8 = 30;
}

/// Bylines are looked for in the last part of a document.
const BYLINE_TAIL_FRACTION: f64 = 0.4;

impl Tagger for PersonTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        let tokens = doc.tokens;
        let push = |range: Range<usize>, rule: Rule, priority: u8, out: &mut Vec<Candidate>| {
            out.push(Candidate {
                tokens: range,
                label: Label::Per,
                attrs: Attrs::None,
                source: Source::Rule(rule),
                priority,
            });
        };
        let mut line_start = 0;
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::LineBreak {
                if let Some(r) = lone_name_line(doc, line_start, i) {
                    push(r, Rule::PER_BYLINE, Self::PRIORITY_CUE, out);
                }
                line_start = i + 1;
                continue;
            }
            if t.kind == TokenKind::Punct
                && doc.is_punct(i, ':')
                && is_byline_cue(doc, line_start, i)
            {
                let j = doc.after_gap(i + 1);
                if let Some(end) = grammar::name_after_cue(doc, j) {
                    push(j..end, Rule::PER_BYLINE, Self::PRIORITY_CUE, out);
                }
                continue;
            }
            if t.kind != TokenKind::Word {
                continue;
            }
            if let Some((h, _)) = doc.longest(i, class::PERSON_CUE) {
                let j = doc.after_gap(h.tokens.end);
                if j > h.tokens.end {
                    if let Some(end) = grammar::name_after_cue(doc, j) {
                        push(j..end, Rule::PER_CUE, Self::PRIORITY_CUE, out);
                    }
                }
            }
            if let Some(end) = grammar::surname_name_at(doc, i) {
                let famous = doc.longest_entity(i, Label::Per).is_some();
                if !famous {
                    push(i..end, Rule::PER_SURNAME, Self::PRIORITY_SURNAME, out);
                }
            }
        }
        if let Some(r) = lone_name_line(doc, line_start, tokens.len()) {
            push(r, Rule::PER_BYLINE, Self::PRIORITY_CUE, out);
        }
    }

    fn finish(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        // A "person" whose name is exactly a province or district ("Hà
        // Tĩnh" after "Luật sư", "Hà Giang" after a title) is the place:
        // drop it before it spreads to the place's other mentions. Famous
        // people of the lexicon stay.
        out.retain(|c| {
            c.label != Label::Per
                || matches!(c.source, Source::Entry(_))
                || !names_province_or_district(doc, c.tokens.clone())
        });
        // Names of two or more syllables found anywhere, as view text.
        let mut names: Vec<(&str, usize)> = Vec::new();
        for c in out.iter().filter(|c| c.label == Label::Per) {
            let words = doc.word_count(c.tokens.clone());
            if words < 2 {
                continue;
            }
            let (Some(a), Some(b)) = (
                doc.tokens.get(c.tokens.start),
                doc.tokens.get(c.tokens.end - 1),
            ) else {
                continue;
            };
            let Some(text) = doc.view.as_str().get(a.view.start..b.view.end) else {
                continue;
            };
            if !names.iter().any(|(n, _)| *n == text) {
                names.push((text, words));
            }
        }
        if names.is_empty() {
            return;
        }
        // One scan for all names (a long document may hold thousands).
        // A plain NFA: it is built per document, where a DFA's build costs more than it saves.
        let Ok(ac) = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(names.iter().map(|(n, _)| *n))
        else {
            return;
        };
        let known: HashSet<(usize, usize)> = out
            .iter()
            .filter(|c| c.label == Label::Per)
            .map(|c| (c.tokens.start, c.tokens.end))
            .collect();
        let mut found = Vec::new();
        for m in ac.find_overlapping_iter(doc.view.as_str()) {
            let Some(first) = crate::matcher::token_starting_at(doc.tokens, m.start()) else {
                continue;
            };
            let Some(last) = crate::matcher::token_ending_at(doc.tokens, m.end()) else {
                continue;
            };
            let all_cap = doc.tokens[first..=last]
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .all(|t| t.capitalized);
            if all_cap && !known.contains(&(first, last + 1)) {
                found.push(first..last + 1);
            }
        }
        for r in found {
            out.push(Candidate {
                tokens: r,
                label: Label::Per,
                attrs: Attrs::None,
                source: Source::Rule(Rule::PER_REPEAT),
                priority: Self::PRIORITY_REPEAT,
            });
        }
        // Surname and given name of every person.
        for c in out
            .iter_mut()
            .filter(|c| c.label == Label::Per && c.attrs == Attrs::None)
        {
            if let Some((h, _)) = doc.longest(c.tokens.start, class::SURNAME) {
                if h.tokens.end < c.tokens.end {
                    let g = doc.after_gap(h.tokens.end);
                    let given = match (doc.tok(g), doc.tok(c.tokens.end - 1)) {
                        (Some(a), Some(b)) => Some(TextSpan::new(a.orig.start, b.orig.end)),
                        _ => None,
                    };
                    c.attrs = Attrs::Per(PerAttrs {
                        surname: Some(EntryId(h.entry)),
                        given,
                    });
                }
            }
        }
    }
}

/// True if tokens `range` are exactly the name of a province or district.
fn names_province_or_district(doc: &Document<'_>, range: Range<usize>) -> bool {
    doc.hits_at(range.start)
        .iter()
        .filter(|h| h.kind == class::ADMIN && h.tokens.end == range.end)
        .flat_map(|h| doc.lexicon.hit_entries(h))
        .any(|e| matches!(e.attr("level"), Some("province" | "district")))
}

/// True if the words from `line_start` to the colon at `colon` are a byline cue.
fn is_byline_cue(doc: &Document<'_>, line_start: usize, colon: usize) -> bool {
    let first = doc.after_gap(line_start);
    match doc.before_gap(colon) {
        Some(last) if last >= first => doc.has_exact(first..last + 1, class::BYLINE_CUE),
        _ => false,
    }
}

/// A line holding only 1–4 capitalised name syllables (and perhaps glued
/// all-capital tail such as "TAG:"), in the last part of the document.
fn lone_name_line(doc: &Document<'_>, start: usize, end: usize) -> Option<Range<usize>> {
    let tokens = doc.tokens;
    let first = (start..end).find(|&k| !tokens[k].is_space())?;
    let tail = doc.text.len() as f64 * (1.0 - BYLINE_TAIL_FRACTION);
    if (tokens[first].orig.start as f64) < tail {
        return None;
    }
    let mut last = first;
    let mut words = 0;
    let mut k = first;
    while k < end {
        let t = &tokens[k];
        match t.kind {
            TokenKind::Word if t.capitalized && !t.all_upper => {
                let known = doc.has_exact(k..k + 1, class::GIVEN)
                    || doc.has_exact(k..k + 1, class::SURNAME);
                if !known {
                    return None;
                }
                words += 1;
                last = k;
            }
            TokenKind::Space => {}
            // A glued tail ("My" + "TAG:") ends the name.
            TokenKind::Word if t.all_upper && k == last + 1 => break,
            _ => return None,
        }
        k += 1;
    }
    (2..=4).contains(&words).then_some(first..last + 1)
}
