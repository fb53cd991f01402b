//! Document consistency: a name found once with strong evidence marks its
//! other mentions in the same document.
//!
//! A tagger's [`super::Tagger::finish`] collects [`Licence`]s from the
//! candidates of the document (a person named after a cue, an organisation
//! named in full before its abbreviation …) and [`tag`] looks for the
//! licensed forms everywhere: with a vector search of the text for each
//! form when they are few (most documents), else in one pass over the
//! tokens for all. Every mention it adds carries the licensing mention in
//! `attrs.via`.
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

/// Per-document scratch of [`tag`], kept by a worker from one document to
/// the next (the taggers are shared between threads and hold none): the
/// vectors of one call were a dozen allocations per document.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// The licences of the document's names, filled by the caller of
    /// [`tag`].
    pub(crate) licences: Vec<Licence>,
    /// The distinct forms, in the order of their first licence.
    forms: Vec<Form>,
    /// The candidates of the licences' labels: first and end token, label.
    names: Vec<(usize, usize, Label)>,
    /// Per form, how it was seen.
    seen: Vec<Seen>,
    /// Places to tag: the form's index in `forms`, and tokens.
    places: Vec<(usize, Range<usize>)>,
    /// The [`FormIndex`]'s lists.
    index: FormIndex,
}

/// A licensed form: its text (bytes of the view) and the first licence of
/// that text, the one cited.
#[derive(Clone, Debug)]
struct Form {
    text: Range<usize>,
    licence: usize,
    /// The last byte of the text, compared first at every token.
    last: u8,
}

impl Form {
    /// The form's text in `view`.
    fn text<'v>(&self, view: &'v str) -> &'v str {
        view.get(self.text.clone()).unwrap_or("")
    }

    /// True if `other` has the same text in `view`: the length and the last
    /// byte are compared before the bytes.
    #[inline]
    fn same_text(&self, other: &Form, view: &str) -> bool {
        let bytes = view.as_bytes();
        self.last == other.last
            && self.text.len() == other.text.len()
            && self.bytes(bytes) == other.bytes(bytes)
    }

    /// The form's bytes in the bytes of the view (`view_span` checked that
    /// they are text when the form was taken).
    #[inline]
    fn bytes<'v>(&self, view: &'v [u8]) -> &'v [u8] {
        view.get(self.text.clone()).unwrap_or_default()
    }
}

/// Most documents have a dozen licences (12.8 a call of [`tag`] on
/// s800.jsonl, 108 at most, 5.5 distinct forms): up to this many, each
/// form is compared with the forms kept before it, on its length and last
/// byte first, rather than sorted by text, deduplicated and sorted back by
/// licence. The sorts, comparing texts sliced from the view, were 4.1M of
/// the 26.5M instructions of the 859 calls (callgrind).
const FEW_LICENCES: usize = 64;

/// Signs of another reading of one licensed form in the document.
#[derive(Clone, Copy, Debug, Default)]
struct Seen {
    /// It stands inside another capitalised name somewhere.
    inside_other: bool,
    /// It is written in lower case somewhere.
    lower: bool,
}

/// Tags the other mentions of every form licensed by `scratch.licences` in
/// `doc`, as `rule` with `priority`. Mentions that already are a candidate
/// of the same label and span are left alone.
pub(crate) fn tag(
    doc: &Document<'_>,
    scratch: &mut Scratch,
    rule: Rule,
    priority: u8,
    out: &mut Vec<Candidate>,
) {
    if scratch.licences.is_empty() {
        return;
    }
    scratch.distinct_forms(doc);
    // The candidates of the licences' labels (the only ones asked about,
    // a few of all), sorted to be looked up: a mention already found is
    // not added again, and a short form inside a name already found is
    // part of that name, no other reading.
    let mut labels = LabelSet::empty();
    scratch.licences.iter().for_each(|l| labels.insert(l.label));
    scratch.names.clear();
    let names = out.iter().filter(|c| labels.contains(c.label));
    scratch
        .names
        .extend(names.map(|c| (c.tokens.start, c.tokens.end, c.label)));
    scratch.names.sort_unstable();
    scratch.scan(doc);
    // By form, then position: the order a form's places were found in.
    scratch.places.sort_unstable_by_key(|(p, r)| (*p, r.start));
    let Scratch {
        licences,
        forms,
        names,
        seen,
        places,
        ..
    } = scratch;
    for (p, r) in places.drain(..) {
        let l = &licences[forms[p].licence];
        if l.short && seen[p].inside_other {
            continue;
        }
        // A word also written in lower case may just start a sentence.
        let word_at_start = l.short && seen[p].lower && doc.sentence_initial(r.start);
        let known = names.binary_search(&(r.start, r.end, l.label)).is_ok();
        if word_at_start || known || overlaps(&r, &l.by) {
            continue;
        }
        out.push(Candidate {
            tokens: r,
            label: l.label,
            attrs: l.attrs.with_via(span_of(doc, l.by.clone())),
            source: Source::Rule(rule),
            priority,
        });
    }
}

impl Scratch {
    /// Fills `forms`: the distinct non-empty forms of the licences, each
    /// with its first licence, in licence order.
    fn distinct_forms(&mut self, doc: &Document<'_>) {
        let view = doc.view.as_str();
        let few = self.licences.len() <= FEW_LICENCES;
        self.forms.clear();
        for (k, l) in self.licences.iter().enumerate() {
            let text = view_span(doc, l.form.clone());
            let last = text.end.checked_sub(1).and_then(|e| view.as_bytes().get(e));
            let Some(&last) = last.filter(|_| !text.is_empty()) else {
                continue;
            };
            let form = Form {
                text,
                licence: k,
                last,
            };
            if !(few && self.forms.iter().any(|f| f.same_text(&form, view))) {
                self.forms.push(form);
            }
        }
        if few {
            return;
        }
        // Sorting by text finds the repeats of a long document's hundreds
        // of licences.
        self.forms
            .sort_unstable_by(|a, b| (a.text(view), a.licence).cmp(&(b.text(view), b.licence)));
        self.forms.dedup_by(|b, a| a.same_text(b, view));
        self.forms.sort_unstable_by_key(|f| f.licence);
    }

    /// Finds every occurrence of the forms and sorts them into places to
    /// tag and signs of another reading.
    fn scan(&mut self, doc: &Document<'_>) {
        self.seen.clear();
        self.seen.resize(self.forms.len(), Seen::default());
        self.places.clear();
        if self.forms.is_empty() {
            return;
        }
        let view = doc.view.as_str();
        let bytes = view.as_bytes();
        let Scratch {
            licences,
            forms,
            names,
            seen,
            places,
            index,
        } = self;
        // Classifies the occurrence of form `p` at token `first`, whose
        // view text goes on with `rest`, if the form occurs there.
        let mut occurrence = |p: usize, first: usize, rest: &[u8]| {
            let form = forms[p].bytes(bytes);
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
                let l = &licences[forms[p].licence];
                let r = first..last + 1;
                if classify(doc, r.clone(), l, names, &mut seen[p]) {
                    places.push((p, r));
                }
            }
        };
        // White space (nearly half the tokens) starts no form unless a form
        // starts with white space: it is passed on its kind alone.
        let pass_space = !forms
            .iter()
            .any(|f| f.text(view).starts_with(char::is_whitespace));
        // The order of the occurrences is of no matter: `seen` only gains
        // signs, and the places are sorted.
        if forms.len() <= FEW_FORMS {
            search_each(doc, forms, pass_space, &mut occurrence);
        } else {
            index.build(forms, bytes);
            index.scan(doc, forms, pass_space, &mut occurrence);
        }
    }
}

/// Most documents license a few forms: each is looked for in the whole
/// view with `memchr`'s vector search (a fraction of an instruction a
/// byte), and kept where a token starts, which costs less than asking
/// every token about every form (20 instructions a token on s800.jsonl).
/// Past [`FEW_FORMS`], the view's length times the number of forms would
/// outgrow the token scan of [`FormIndex`].
const FEW_FORMS: usize = 16;

/// Calls `occurrence(p, token, rest)` wherever form `p` of `forms` starts
/// at the start of a token of `doc` (white space passed if `pass_space`),
/// `rest` being the view from there on. Occurrences may overlap ("ba ba"
/// in "ba ba ba"), so after each hit the search goes on from the next
/// token's start: not from the next byte, since only token starts count,
/// and a form repeated inside one long word ("aaa…") would otherwise be
/// found and compared again at every byte of it, in time that grows with
/// the square of the word's length. Returns how many hits the searches
/// made: at most one a token and form.
fn search_each(
    doc: &Document<'_>,
    forms: &[Form],
    pass_space: bool,
    occurrence: &mut impl FnMut(usize, usize, &[u8]),
) -> usize {
    let bytes = doc.view.as_str().as_bytes();
    let tokens = doc.tokens;
    let mut hits = 0;
    for (p, form) in forms.iter().enumerate() {
        let finder = memchr::memmem::Finder::new(form.bytes(bytes));
        let mut from = 0;
        while let Some(found) = bytes.get(from..).and_then(|h| finder.find(h)) {
            hits += 1;
            let at = from + found;
            // The tokens that start at or before the hit; the last of them
            // starts at it, or the hit lies inside it.
            let next = tokens.partition_point(|t| t.view.start <= at);
            from = tokens.get(next).map_or(bytes.len(), |t| t.view.start);
            let Some((first, t)) = next.checked_sub(1).and_then(|k| Some((k, tokens.get(k)?)))
            else {
                continue;
            };
            if t.view.start != at || pass_space && t.is_space() {
                continue;
            }
            if let Some(rest) = bytes.get(at..) {
                occurrence(p, first, rest);
            }
        }
    }
    hits
}

/// The forms by the hash of their first two bytes, for a document that
/// licenses more than [`FEW_FORMS`]. A form occurs where the view text from
/// a token's start on begins with it and it ends at a token's end. The
/// forms are many but the tokens more, so a token goes on only if the hash
/// of its first two bytes is one of the forms' (a bit of `hashes`), and
/// then tries only the forms of its bucket, and the rare forms of one byte:
/// this costs less than building an automaton for every document.
#[derive(Debug)]
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

impl Default for FormIndex {
    fn default() -> Self {
        FormIndex {
            order: Vec::new(),
            by_bucket: [0; BUCKETS + 1],
            hashes: [0; HASHES / 64],
            singles: Vec::new(),
        }
    }
}

impl FormIndex {
    /// Indexes `forms` (texts in `view`), reusing the lists.
    fn build(&mut self, forms: &[Form], view: &[u8]) {
        let bytes = |k: usize| forms[k].bytes(view);
        self.order.clear();
        self.order
            .extend((0..forms.len()).filter(|&k| bytes(k).len() > 1));
        // The index breaks ties: the order of a stable sort, without its
        // buffer.
        self.order
            .sort_unstable_by_key(|&k| (pair_hash(bytes(k)) % BUCKETS, k));
        self.singles.clear();
        self.singles
            .extend((0..forms.len()).filter(|&k| bytes(k).len() == 1));
        self.hashes = [0u64; HASHES / 64];
        self.by_bucket = [0u32; BUCKETS + 1];
        for &k in &self.order {
            let h = pair_hash(bytes(k));
            self.hashes[h / 64 % self.hashes.len()] |= 1 << (h % 64);
            self.by_bucket[h % BUCKETS + 1] += 1;
        }
        for b in 0..BUCKETS {
            self.by_bucket[b + 1] += self.by_bucket[b];
        }
    }

    /// Calls `occurrence(p, token, rest)` as [`search_each`] does, by
    /// asking each token of `doc` about the forms of its bucket: the forms
    /// of two bytes or more, then the rare forms of one byte in a pass of
    /// their own (the test for those cost 3 instructions at each of the
    /// 582,408 tokens the scans of s800.jsonl look at).
    fn scan(
        &self,
        doc: &Document<'_>,
        forms: &[Form],
        pass_space: bool,
        occurrence: &mut impl FnMut(usize, usize, &[u8]),
    ) {
        let bytes = doc.view.as_str().as_bytes();
        // Each token a form may start at, with the view from there on.
        let starts = || {
            let tokens = doc.tokens.iter().enumerate();
            let taken = tokens.filter(|(_, t)| !(pass_space && t.is_space()));
            taken.filter_map(|(first, t)| Some((first, bytes.get(t.view.start..)?)))
        };
        for (first, rest) in starts() {
            for &p in self.bucket_of(rest) {
                if last_byte_agrees(rest, &forms[p]) {
                    occurrence(p, first, rest);
                }
            }
        }
        if self.singles.is_empty() {
            return;
        }
        for (first, rest) in starts() {
            for &p in &self.singles {
                if last_byte_agrees(rest, &forms[p]) {
                    occurrence(p, first, rest);
                }
            }
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
fn last_byte_agrees(rest: &[u8], form: &Form) -> bool {
    rest.get(form.text.len().wrapping_sub(1)) == Some(&form.last)
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

/// Sorts one occurrence `r` of the form of licence `l`: true for a place
/// to tag; a sign of another reading goes into `seen`.
fn classify(
    doc: &Document<'_>,
    r: Range<usize>,
    l: &Licence,
    names: &[(usize, usize, Label)],
    seen: &mut Seen,
) -> bool {
    let words = doc.tokens[r.clone()]
        .iter()
        .filter(|t| t.kind == TokenKind::Word);
    if words.clone().all(|t| !t.capitalized) {
        seen.lower = true;
        return false;
    }
    if !same_case(doc, r.clone(), l.form.clone()) {
        return false;
    }
    if !l.short {
        return true;
    }
    if in_entity_hit(doc, r.start) || starts_structure(doc, r.start) {
        return false;
    }
    if joined_to_capital(doc, r.clone()) {
        // Part of the licensing name itself, or of another name.
        let own = names.iter().any(|&(s, e, _)| s <= r.start && r.end <= e);
        seen.inside_other |= !own;
        return false;
    }
    true
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

/// The bytes of the view that tokens `r` cover (empty when out of range).
fn view_span(doc: &Document<'_>, r: Range<usize>) -> Range<usize> {
    match (
        doc.tok(r.start),
        r.end.checked_sub(1).and_then(|e| doc.tok(e)),
    ) {
        (Some(a), Some(b)) if r.start < r.end => {
            let span = a.view.start..b.view.end;
            match doc.view.as_str().get(span.clone()) {
                Some(_) => span,
                None => 0..0,
            }
        }
        _ => 0..0,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taggers::with_default_document;
    use proptest::prelude::*;

    /// `(form, token)` of every occurrence that `find` reports and that is
    /// one (the token scan also reports tokens that only share a form's
    /// first two bytes and last byte), sorted.
    fn occurrences(
        doc: &Document<'_>,
        forms: &[Form],
        find: impl FnOnce(&mut dyn FnMut(usize, usize, &[u8])),
    ) -> Vec<(usize, usize)> {
        let bytes = doc.view.as_str().as_bytes();
        let mut found = Vec::new();
        find(&mut |p, first, rest| {
            if rest.starts_with(forms[p].bytes(bytes)) {
                found.push((p, first));
            }
        });
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The forms of the token ranges `picks` (first token, length) of `doc`.
    fn forms_of(doc: &Document<'_>, picks: &[(usize, usize)]) -> Vec<Form> {
        let n = doc.tokens.len();
        let view = doc.view.as_str().as_bytes();
        let ranges = picks.iter().filter(|_| n > 0).map(|&(i, len)| {
            let first = i % n;
            view_span(doc, first..(first + len).min(n))
        });
        ranges
            .enumerate()
            .filter_map(|(licence, text)| {
                let last = *view.get(text.end.checked_sub(1)?)?;
                Some(Form {
                    text,
                    licence,
                    last,
                })
            })
            .collect()
    }

    /// Both ways of finding the forms agree on `text`.
    fn agree(text: &str, picks: &[(usize, usize)], pass_space: bool) {
        with_default_document(text, |doc| {
            let forms = forms_of(doc, picks);
            let searched = occurrences(doc, &forms, |f| {
                search_each(doc, &forms, pass_space, &mut |p, t, r| f(p, t, r));
            });
            let mut index = FormIndex::default();
            index.build(&forms, doc.view.as_str().as_bytes());
            let scanned = occurrences(doc, &forms, |f| {
                index.scan(doc, &forms, pass_space, &mut |p, t, r| f(p, t, r))
            });
            assert_eq!(searched, scanned, "{text:?} {picks:?}");
        });
    }

    #[test]
    fn overlapping_one_byte_and_punctuation_forms_are_all_found() {
        let text = "Ba Ba Ba ba. Anh Ba, chị Ba-Ba và A gặp Ba Ba, aaaa aa.";
        with_default_document(text, |doc| {
            let view = doc.view.as_str();
            let token = |w: &str| {
                let at = |k: &usize| view.get(doc.tokens[*k].view.clone()) == Some(w);
                (0..doc.tokens.len()).find(at).unwrap()
            };
            // "ba ba" (overlapping itself), "a" (one byte), ", " (from a
            // punctuation mark), " ba" (from white space), "aa" (a word,
            // and twice inside "aaaa", which is no start of it).
            let picks = [
                (0, 3),
                (token("a"), 1),
                (token(","), 2),
                (1, 2),
                (token("aa"), 1),
            ];
            let forms = forms_of(doc, &picks);
            let texts: Vec<&str> = forms.iter().map(|f| f.text(view)).collect();
            assert_eq!(texts, ["ba ba", "a", ", ", " ba", "aa"]);
            let found = occurrences(doc, &forms, |f| {
                search_each(doc, &forms, false, &mut |p, t, r| f(p, t, r));
            });
            let count = |p: usize| found.iter().filter(|o| o.0 == p).count();
            // Tokens whose view text starts with the form (whether the form
            // ends with a token is the caller's test): "ba ba" at the first
            // three "Ba" and in "Ba Ba,"; "a" at "Anh", "A", "aaaa", "aa";
            // ", " twice; " ba" before every "ba" but the first and the one
            // after "-"; "aa" at "aaaa" and "aa", not inside "aaaa".
            let counts: Vec<usize> = (0..forms.len()).map(count).collect();
            assert_eq!(counts, [4, 4, 2, 7, 2], "{found:?}");
        });
        for pass_space in [false, true] {
            agree(text, &[(0, 3), (1, 2), (3, 4)], pass_space);
        }
    }

    #[test]
    fn a_form_repeated_inside_a_long_word_is_not_searched_at_every_byte() {
        // "Aa" licensed, then one word of 20,000 "a": the form occurs at
        // every byte of it but starts no token there.
        let text = format!("Ông Aa nói. {} đi.", "a".repeat(20_000));
        with_default_document(&text, |doc| {
            let forms = forms_of(doc, &[(2, 1)]);
            assert_eq!(forms[0].text(doc.view.as_str()), "aa");
            let mut calls = 0;
            let hits = search_each(doc, &forms, true, &mut |_, _, _| calls += 1);
            assert!(
                hits <= doc.tokens.len(),
                "{hits} hits for {} tokens",
                doc.tokens.len()
            );
            // At "Aa", and at the start of the long word.
            assert_eq!(calls, 2);
        });
    }

    #[test]
    fn few_and_many_licences_keep_the_same_forms() {
        // Repeated names, a word in lower case and a form of two words: the
        // first licence of each distinct text, in licence order, whether the
        // forms are compared one by one (up to FEW_LICENCES) or sorted.
        let text = "Ông An gặp Bình, bà Chi và An Bình; an toàn cho Dũng, Chi, An.";
        with_default_document(text, |doc| {
            let words: Vec<usize> = (0..doc.tokens.len())
                .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
                .collect();
            for n in [3, FEW_LICENCES, FEW_LICENCES + 1, 3 * FEW_LICENCES] {
                let licences = (0..n)
                    .map(|k| {
                        let w = words[k * 7 % words.len()];
                        let end = if k % 5 == 0 { w + 3 } else { w + 1 };
                        Licence {
                            by: w..end,
                            form: w..end,
                            label: Label::Per,
                            short: k % 2 == 0,
                            attrs: Attrs::None,
                        }
                    })
                    .collect();
                let mut scratch = Scratch {
                    licences,
                    ..Scratch::default()
                };
                let view = doc.view.as_str();
                let mut expected: Vec<(usize, Range<usize>)> = Vec::new();
                for (k, l) in scratch.licences.iter().enumerate() {
                    let text = view_span(doc, l.form.clone());
                    let known = expected
                        .iter()
                        .any(|(_, t)| view[t.clone()] == view[text.clone()]);
                    if !text.is_empty() && !known {
                        expected.push((k, text));
                    }
                }
                scratch.distinct_forms(doc);
                let kept: Vec<(usize, Range<usize>)> = scratch
                    .forms
                    .iter()
                    .map(|f| (f.licence, f.text.clone()))
                    .collect();
                assert_eq!(kept, expected, "{n} licences");
                // Repeats to find, and more forms than a few.
                let repeats = n < 4 || (3..n).contains(&expected.len());
                assert!(repeats, "{n} licences: {expected:?}");
            }
        });
    }

    proptest! {
        #[test]
        fn the_search_finds_what_the_token_scan_finds(
            words in prop::collection::vec(
                prop::sample::select(vec!["Ba", "ba", "An", "AN", " ", "  ", ".", "-", "Ba-ba", "12", "ệ", "\n"]),
                0..40,
            ),
            picks in prop::collection::vec((0usize..80, 1usize..6), 1..24),
            pass_space in any::<bool>(),
        ) {
            agree(&words.concat(), &picks, pass_space);
        }
    }
}
