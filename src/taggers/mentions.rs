//! Document consistency: a name found once with strong evidence marks its
//! other mentions in the same document.
//!
//! A tagger's [`super::Tagger::finish`] collects [`Licence`]s from the
//! candidates of the document (a person named after a cue, an organisation
//! named in full before its abbreviation …) and [`tag`] looks for the
//! licensed forms everywhere in one pass. Every mention it adds carries the
//! licensing mention in `attrs.via`.
//!
//! A *full* form ("Lionel Messi", "NHNN") is taken wherever it is written
//! with the same capitals. A *short* form ("Messi", "Văn Toàn", "Thắng") is
//! riskier, so it is taken only where it is a whole capitalised run (not
//! "Thắng" of "Chiến Thắng"), where no lexicon place or organisation lies,
//! and only if it has no other reading in the document: it never stands
//! inside another capitalised name there, and at a sentence start only if
//! the word is never written in lower case in the document ("An" of "an
//! toàn" is a word).

use std::collections::HashSet;
use std::ops::Range;

use super::foreign::in_entity_hit;
use super::grammar::{class, starts_structure};
use super::{Candidate, Document};
use crate::attrs::{Attrs, Rule, Source, TextSpan};
use crate::entity::Label;
use crate::matcher::{token_ending_at, token_starting_at};
use crate::syllables::TokenKind;

/// A form of a name that other mentions may take, and the mention that
/// licenses it.
#[derive(Clone, Debug)]
pub(crate) struct Licence {
    /// The licensing mention (its tokens).
    pub(crate) by: Range<usize>,
    /// The tokens whose text is looked for (inside `by`, or elsewhere for an
    /// abbreviation defined after it).
    pub(crate) form: Range<usize>,
    /// The label the mentions get.
    pub(crate) label: Label,
    /// A short form, taken only where it has no other reading.
    pub(crate) short: bool,
    /// The attributes of the licensing mention; mentions get them with
    /// `via` set.
    pub(crate) attrs: Attrs,
}

/// How one licensed form was seen in the document.
#[derive(Clone, Debug, Default)]
struct Seen {
    /// Token ranges where it may be tagged.
    at: Vec<Range<usize>>,
    /// It stands inside another capitalised name somewhere.
    inside_other: bool,
    /// It is written in lower case somewhere.
    lower: bool,
}

/// Tags the other mentions of every licensed form in `doc` (one scan for
/// all), as `rule` with `priority`. Mentions that already are a candidate
/// of the same label and span are left alone.
pub(crate) fn tag(
    doc: &Document<'_>,
    licences: &[Licence],
    rule: Rule,
    priority: u8,
    out: &mut Vec<Candidate>,
) {
    if licences.is_empty() {
        return;
    }
    // Distinct forms; the first licence of a form is the one cited.
    let mut forms: Vec<(&str, usize)> = Vec::new();
    for (k, l) in licences.iter().enumerate() {
        let text = view_text(doc, l.form.clone());
        if !text.is_empty() && !forms.iter().any(|(t, _)| *t == text) {
            forms.push((text, k));
        }
    }
    let known: HashSet<(usize, usize, Label)> = out
        .iter()
        .map(|c| (c.tokens.start, c.tokens.end, c.label))
        .collect();
    // Names of the licences' label already found: a short form inside one
    // of them is part of that name, no other reading.
    let names: Vec<Range<usize>> = out
        .iter()
        .filter(|c| licences.iter().any(|l| l.label == c.label))
        .map(|c| c.tokens.clone())
        .collect();
    let seen = scan(doc, &forms, licences, &names);
    for ((_, k), seen) in forms.iter().zip(seen) {
        let l = &licences[*k];
        if l.short && seen.inside_other {
            continue;
        }
        let via = span_of(doc, l.by.clone());
        for r in seen.at {
            // A word also written in lower case may just start a sentence.
            let word_at_start = l.short && seen.lower && doc.sentence_initial(r.start);
            if word_at_start || known.contains(&(r.start, r.end, l.label)) || overlaps(&r, &l.by) {
                continue;
            }
            out.push(Candidate {
                tokens: r,
                label: l.label,
                attrs: l.attrs.with_via(via),
                source: Source::Rule(rule),
                priority,
            });
        }
    }
}

/// Finds every occurrence of the forms and sorts them into places to tag
/// and signs of another reading.
fn scan(
    doc: &Document<'_>,
    forms: &[(&str, usize)],
    licences: &[Licence],
    names: &[Range<usize>],
) -> Vec<Seen> {
    let mut seen = vec![Seen::default(); forms.len()];
    if forms.is_empty() {
        return seen;
    }
    // A plain NFA: it is built per document, where a DFA's build costs more
    // than it saves.
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .build(forms.iter().map(|(t, _)| *t))
    else {
        return seen;
    };
    for m in ac.find_overlapping_iter(doc.view.as_str()) {
        let (Some(first), Some(last)) = (
            token_starting_at(doc.tokens, m.start()),
            token_ending_at(doc.tokens, m.end()),
        ) else {
            continue;
        };
        let r = first..last + 1;
        let p = m.pattern().as_usize();
        let l = &licences[forms[p].1];
        let words = doc.tokens[r.clone()]
            .iter()
            .filter(|t| t.kind == TokenKind::Word);
        if words.clone().all(|t| !t.capitalized) {
            seen[p].lower = true;
            continue;
        }
        if !same_case(doc, r.clone(), l.form.clone()) {
            continue;
        }
        if !l.short {
            seen[p].at.push(r);
            continue;
        }
        if in_entity_hit(doc, r.start) || starts_structure(doc, r.start) {
            continue;
        }
        if joined_to_capital(doc, r.clone()) {
            // Part of the licensing name itself, or of another name.
            let own = names.iter().any(|n| n.start <= r.start && r.end <= n.end);
            seen[p].inside_other |= !own;
            continue;
        }
        seen[p].at.push(r);
    }
    seen
}

/// True if every word of `r` has the case of the same word of `form`:
/// capitalised, and all-capital where the form is ("NHNN").
fn same_case(doc: &Document<'_>, r: Range<usize>, form: Range<usize>) -> bool {
    let a = doc.tokens[r].iter().filter(|t| t.kind == TokenKind::Word);
    let b = doc.tokens[form]
        .iter()
        .filter(|t| t.kind == TokenKind::Word);
    a.zip(b)
        .all(|(x, y)| x.capitalized && (!y.all_upper || x.all_upper))
}

/// True if a capitalised word of a name stands right before or after `r`
/// (one space apart): `r` is then part of a longer name. Abbreviations and
/// cue words ("HLV Hữu Thắng", "Ông Trump") are no part of a name.
fn joined_to_capital(doc: &Document<'_>, r: Range<usize>) -> bool {
    let name_word = |k: usize| {
        doc.is_cap(k)
            && !doc.tokens[k].all_upper
            && !doc.starts_kind(k, class::PERSON_CUE)
            && !doc.starts_kind(k, class::ROLE_CUE)
            && !doc.starts_kind(k, class::ROLE)
    };
    let before = doc
        .before_gap(r.start)
        .is_some_and(|p| p + 1 < r.start && name_word(p));
    let after = doc.after_gap(r.end);
    before || (after > r.end && name_word(after))
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The view text of tokens `r` ("" when out of range).
pub(crate) fn view_text<'d>(doc: &Document<'d>, r: Range<usize>) -> &'d str {
    match (
        doc.tok(r.start),
        r.end.checked_sub(1).and_then(|e| doc.tok(e)),
    ) {
        (Some(a), Some(b)) if r.start < r.end => doc
            .view
            .as_str()
            .get(a.view.start..b.view.end)
            .unwrap_or(""),
        _ => "",
    }
}

/// The original byte span of tokens `r`.
pub(crate) fn span_of(doc: &Document<'_>, r: Range<usize>) -> TextSpan {
    match (
        doc.tok(r.start),
        r.end.checked_sub(1).and_then(|e| doc.tok(e)),
    ) {
        (Some(a), Some(b)) => TextSpan::new(a.orig.start, b.orig.end),
        _ => TextSpan::default(),
    }
}
