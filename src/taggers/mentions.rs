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

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::foreign::in_entity_hit;
use super::grammar::{class, starts_structure};
use super::{Candidate, Document};
use crate::attrs::{Attrs, Rule, Source, TextSpan};
use crate::entity::{Label, LabelSet};
use crate::matcher::token_ending_at;
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
    // Distinct forms; the first licence of a form is the one cited. A set
    // finds the repeats: a long document has hundreds of licences.
    let mut forms: Vec<(&str, usize)> = Vec::new();
    let mut distinct: FxHashSet<&str> = FxHashSet::default();
    for (k, l) in licences.iter().enumerate() {
        let text = view_text(doc, l.form.clone());
        if !text.is_empty() && distinct.insert(text) {
            forms.push((text, k));
        }
    }
    // The candidates of the licences' labels (the only ones asked about,
    // a few of all), sorted to be looked up: a mention already found is
    // not added again, and a short form inside a name already found is
    // part of that name, no other reading.
    let mut labels = LabelSet::empty();
    licences.iter().for_each(|l| labels.insert(l.label));
    let mut names: Vec<(usize, usize, Label)> = out
        .iter()
        .filter(|c| labels.contains(c.label))
        .map(|c| (c.tokens.start, c.tokens.end, c.label))
        .collect();
    names.sort_unstable();
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
            let known = names.binary_search(&(r.start, r.end, l.label)).is_ok();
            if word_at_start || known || overlaps(&r, &l.by) {
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
    names: &[(usize, usize, Label)],
) -> Vec<Seen> {
    let mut seen = vec![Seen::default(); forms.len()];
    if forms.is_empty() {
        return seen;
    }
    let index = FormIndex::new(forms);
    // Classifies the occurrence of form `p` at token `first`, whose view
    // text goes on with `rest`, if the form occurs there.
    let mut occurrence = |p: usize, first: usize, rest: &[u8]| {
        let (text, k) = forms[p];
        let form = text.as_bytes();
        if !rest.starts_with(form) {
            return;
        }
        let end = doc.tokens[first].view.start + form.len();
        // Every token has a byte at least, so the form's last token is
        // among the next `form.len()`: the search looks at those only.
        let within = doc.tokens.len().min(first + form.len());
        let ending = doc
            .tokens
            .get(first..within)
            .and_then(|after| token_ending_at(after, end));
        if let Some(last) = ending.map(|k| first + k) {
            classify(doc, first..last + 1, &licences[k], names, &mut seen[p]);
        }
    };
    // White space (nearly half the tokens) starts no form unless a form
    // starts with white space: it is passed on its kind alone.
    let pass_space = !forms
        .iter()
        .any(|(text, _)| text.starts_with(char::is_whitespace));
    let view = doc.view.as_str().as_bytes();
    for (first, t) in doc.tokens.iter().enumerate() {
        if pass_space && t.is_space() {
            continue;
        }
        let Some(rest) = view.get(t.view.start..) else {
            continue;
        };
        for &p in index.bucket_of(rest) {
            if last_byte_agrees(rest, forms[p].0) {
                occurrence(p, first, rest);
            }
        }
        for &p in &index.singles {
            if last_byte_agrees(rest, forms[p].0) {
                occurrence(p, first, rest);
            }
        }
    }
    seen
}

/// The forms by the hash of their first two bytes. A form occurs where the
/// view text from a token's start on begins with it and it ends at a
/// token's end. The forms are few and the tokens many, so a token goes on
/// only if the hash of its first two bytes is one of the forms' (a bit of
/// `hashes`), and then tries only the forms of its bucket, and the rare
/// forms of one byte: this costs less than building an automaton for
/// every document.
struct FormIndex {
    /// The forms of two bytes or more, sorted by bucket: bucket `b` is
    /// `order[by_bucket[b]..by_bucket[b + 1]]`.
    order: Vec<usize>,
    by_bucket: [u32; BUCKETS + 1],
    /// A bit for the hash of each form's first two bytes.
    hashes: [u64; HASHES / 64],
    /// The forms of one byte.
    singles: Vec<usize>,
}

impl FormIndex {
    fn new(forms: &[(&str, usize)]) -> FormIndex {
        let mut order: Vec<usize> = (0..forms.len()).filter(|&k| forms[k].0.len() > 1).collect();
        order.sort_by_key(|&k| pair_hash(forms[k].0.as_bytes()) % BUCKETS);
        let singles = (0..forms.len())
            .filter(|&k| forms[k].0.len() == 1)
            .collect();
        let mut hashes = [0u64; HASHES / 64];
        let mut by_bucket = [0u32; BUCKETS + 1];
        for &k in &order {
            let h = pair_hash(forms[k].0.as_bytes());
            hashes[h / 64 % hashes.len()] |= 1 << (h % 64);
            by_bucket[h % BUCKETS + 1] += 1;
        }
        for b in 0..BUCKETS {
            by_bucket[b + 1] += by_bucket[b];
        }
        FormIndex {
            order,
            by_bucket,
            hashes,
            singles,
        }
    }

    /// The forms of two bytes or more that may start `rest`: those of its
    /// bucket, none if no form's first two bytes hash as its do.
    #[inline]
    fn bucket_of(&self, rest: &[u8]) -> &[usize] {
        let h = pair_hash(rest);
        if rest.len() < 2 || self.hashes[h / 64 % self.hashes.len()] & (1 << (h % 64)) == 0 {
            return &[];
        }
        let b = h % BUCKETS;
        let range = self.by_bucket[b] as usize..self.by_bucket[b + 1] as usize;
        self.order.get(range).unwrap_or_default()
    }
}

/// True if `rest` has the last byte of `form` where the form would end:
/// tested before the call that compares the whole form, it rules out most
/// tokens of a bucket.
#[inline]
fn last_byte_agrees(rest: &[u8], form: &str) -> bool {
    let form = form.as_bytes();
    rest.get(form.len().wrapping_sub(1)) == form.last()
}

/// Bits of the filter of [`pair_hash`]es, and buckets of forms by their
/// hash (both powers of two: the low bits of the hash pick them).
const HASHES: usize = 4096;
const BUCKETS: usize = 256;

/// A hash of the first two bytes of a text of two bytes or more (the first
/// byte alone tells too few words apart: most start with a few consonants).
#[inline]
fn pair_hash(text: &[u8]) -> usize {
    match text {
        [a, b, ..] => usize::from(*a) * 31 + usize::from(*b),
        _ => 0,
    }
}

/// Sorts one occurrence `r` of the form of licence `l` into `seen`: a
/// place to tag, or a sign of another reading.
fn classify(
    doc: &Document<'_>,
    r: Range<usize>,
    l: &Licence,
    names: &[(usize, usize, Label)],
    seen: &mut Seen,
) {
    let words = doc.tokens[r.clone()]
        .iter()
        .filter(|t| t.kind == TokenKind::Word);
    if words.clone().all(|t| !t.capitalized) {
        seen.lower = true;
        return;
    }
    if !same_case(doc, r.clone(), l.form.clone()) {
        return;
    }
    if !l.short {
        seen.at.push(r);
        return;
    }
    if in_entity_hit(doc, r.start) || starts_structure(doc, r.start) {
        return;
    }
    if joined_to_capital(doc, r.clone()) {
        // Part of the licensing name itself, or of another name.
        let own = names.iter().any(|&(s, e, _)| s <= r.start && r.end <= e);
        seen.inside_other |= !own;
        return;
    }
    seen.at.push(r);
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
