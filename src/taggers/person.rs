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

use std::ops::Range;

use super::foreign::{
    foreign_name_at, foreign_name_end, foreign_run_at, is_foreign_word, ForeignName,
};
use super::grammar::{self, class};
use super::mentions::{self, Licence};
use super::{Candidate, Document, Scratch, Tagger};
use crate::attrs::{Attrs, PerAttrs, Rule, Source, TextSpan};
use crate::document::{kind_mask, shape};
use crate::label::Label;
use crate::lexicon::EntryId;
use crate::matcher::entity_kind;
use crate::syllables::TokenKind;

/// Tags people.
#[derive(Debug, Default)]
pub(crate) struct PersonTagger;

impl PersonTagger {
    /// Priority of a name after a cue word or in a byline.
    pub(crate) const PRIORITY_CUE: u8 = 42;
    /// Priority of another mention of a name already found.
    pub(crate) const PRIORITY_REPEAT: u8 = 41;
    /// Priority of a foreign name found by its given name or a verb of
    /// speaking.
    pub(crate) const PRIORITY_FOREIGN: u8 = 40;
    /// Priority of a given name without its surname ("Văn Toàn"): above a
    /// commune of that name.
    pub(crate) const PRIORITY_GIVEN: u8 = 36;
    /// Priority of a name found by its surname alone.
    pub(crate) const PRIORITY_SURNAME: u8 = 30;
}

/// The hit kinds a lower-case word may start a name with: a cue (ông,
/// Đại tá), a famous name or a surname ([`grammar::surname_name_at`]).
const NAME_OR_CUE: u128 = kind_mask(&[
    class::PERSON_CUE,
    class::ROLE_CUE,
    entity_kind(Label::Per),
    class::SURNAME,
]);

/// Bylines are looked for in the last part of a document.
const BYLINE_TAIL_FRACTION: f64 = 0.4;

impl Tagger for PersonTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        let tokens = doc.tokens;
        let mut line_start = 0;
        let mut foreign_end = 0;
        // Most documents have no match minute: skip the name reading that
        // would look for one at every capitalised word.
        // Only numbers are read, from their shape bits (eight tokens at a
        // time): they are the rarer token.
        let minutes = doc
            .shaped(shape::DIGITS)
            .any(|k| is_minute_mark(doc, k + 1));
        for (i, t) in tokens.iter().enumerate() {
            match t.kind {
                TokenKind::Word => {}
                TokenKind::LineBreak => {
                    if let Some(r) = lone_name_line(doc, line_start, i) {
                        push(out, r, Rule::PER_BYLINE, Self::PRIORITY_CUE, Attrs::None);
                    }
                    line_start = i + 1;
                    continue;
                }
                TokenKind::Punct => {
                    if doc.is_punct(i, ':') && is_byline_cue(doc, line_start, i) {
                        byline_after_colon(doc, i, out);
                    }
                    continue;
                }
                // White space (nearly half the tokens) and numbers start no
                // name.
                TokenKind::Space | TokenKind::Number => continue,
            }
            // Every rule below needs a capital or a cue, name or surname
            // hit at `i`: most words have neither.
            if !t.capitalized && !doc.starts_any(i, NAME_OR_CUE) {
                continue;
            }
            for (cue, rule) in [
                (class::PERSON_CUE, Rule::PER_CUE),
                (class::ROLE_CUE, Rule::PER_ROLE),
            ] {
                if let Some(r) = name_after(doc, i, cue) {
                    push(out, r, rule, Self::PRIORITY_CUE, Attrs::None);
                }
            }
            if let Some(r) = minutes.then(|| name_before_minute(doc, i)).flatten() {
                push(out, r, Rule::PER_MINUTE, Self::PRIORITY_CUE, Attrs::None);
            }
            if let Some(end) = grammar::surname_name_at(doc, i) {
                let famous = doc.longest_entity(i, Label::Per).is_some();
                if !famous {
                    push(
                        out,
                        i..end,
                        Rule::PER_SURNAME,
                        Self::PRIORITY_SURNAME,
                        Attrs::None,
                    );
                }
            } else if let Some(r) = given_name_at(doc, i) {
                push(out, r, Rule::PER_GIVEN, Self::PRIORITY_GIVEN, Attrs::None);
            }
            if i >= foreign_end && t.capitalized {
                foreign_end = foreign_person(doc, i, out);
            }
        }
        if let Some(r) = lone_name_line(doc, line_start, tokens.len()) {
            push(out, r, Rule::PER_BYLINE, Self::PRIORITY_CUE, Attrs::None);
        }
    }

    fn finish(&self, doc: &Document<'_>, out: &mut Vec<Candidate>, scratch: &mut Scratch) {
        // A "person" whose name is exactly a province or district ("Hà
        // Tĩnh" after "Luật sư", "Hà Giang" after a title) is the place:
        // drop it before it spreads to the place's other mentions. Famous
        // people of the lexicon stay.
        out.retain(|c| {
            c.label != Label::Per
                || matches!(c.source, Source::Entry(_))
                || !names_province_or_district(doc, c.tokens.clone())
        });
        // A person's name right after a school's word ("THPT Chu Văn An",
        // "Trường Tiểu học Marie Curie") names the school, not the person.
        out.retain(|c| c.label != Label::Per || !after_school_words(doc, c.tokens.start));
        fix_name_edges(doc, out);
        // "báo Sơn La Trần Thanh": no surname name starts inside a province's
        // name ("La Trần Thanh").
        out.retain(|c| {
            c.source != Source::Rule(Rule::PER_SURNAME) || !inside_province(doc, c.tokens.start)
        });
        list_mates(doc, out, scratch);
        let scratch = &mut scratch.mentions;
        person_licences(doc, out, &mut scratch.licences);
        mentions::tag(doc, scratch, Rule::PER_REPEAT, Self::PRIORITY_REPEAT, out);
        add_nicknames(doc, out);
        fill_name_parts(doc, out);
    }
}

/// Tags the name after the colon at token `colon` that ends a byline cue
/// ("Bài, ảnh: Minh Anh").
fn byline_after_colon(doc: &Document<'_>, colon: usize, out: &mut Vec<Candidate>) {
    let j = doc.after_gap(colon + 1);
    if let Some(end) = name_after_cue(doc, j) {
        let priority = PersonTagger::PRIORITY_CUE;
        push(out, j..end, Rule::PER_BYLINE, priority, Attrs::None);
    }
}

/// Tags the foreign name at token `i` if it is a person's. Returns the
/// token before which no other foreign name starts: the end of the name,
/// or of a run of name words without a foreign one
/// ([`foreign_run_at`]).
fn foreign_person(doc: &Document<'_>, i: usize, out: &mut Vec<Candidate>) -> usize {
    let name = match foreign_run_at(doc, i) {
        Ok(name) => name,
        Err(next) => return next,
    };
    if is_foreign_person(doc, &name) {
        let attrs = foreign_attrs(doc, &name);
        let priority = PersonTagger::PRIORITY_FOREIGN;
        push(out, name.tokens.clone(), Rule::PER_FOREIGN, priority, attrs);
    }
    name.tokens.end
}

/// True if the token before `start`, one space away, ends a capitalised
/// organisation-name part after which a person's name names the body
/// (`person_ok=1` in the organisation name parts: schools).
fn after_school_words(doc: &Document<'_>, start: usize) -> bool {
    let Some(prev) = doc.before_gap(start) else {
        return false;
    };
    if prev + 2 != start {
        return false;
    }
    doc.hits_ending(prev + 1).any(|h| {
        h.kind == class::ORG_NAME
            && doc.tokens[h.tokens.start].capitalized
            && doc
                .lexicon
                .entry(h.entry)
                .is_some_and(|e| e.attr("person_ok") == Some("1"))
    })
}

/// Moves the start of names found by rules: a country written before a
/// foreign name is no part of it ("Thủ tướng Anh | Theresa May").
fn fix_name_edges(doc: &Document<'_>, out: &mut [Candidate]) {
    for c in names_by_rule(out) {
        if let Some(s) = after_leading_country(doc, c.tokens.clone()) {
            c.tokens.start = s;
        }
    }
}

/// The PER candidates found by a rule (not a lexicon entry): the ones whose
/// edges the grammar may still move.
fn names_by_rule(out: &mut [Candidate]) -> impl Iterator<Item = &mut Candidate> {
    out.iter_mut()
        .filter(|c| c.label == Label::Per && !matches!(c.source, Source::Entry(_)))
}

/// True if token `i` is a later syllable of a province's name that starts
/// before it.
fn inside_province(doc: &Document<'_>, i: usize) -> bool {
    let Some(prev) = doc.before_gap(i).filter(|&p| p + 2 == i) else {
        return false;
    };
    let start = doc
        .before_gap(prev)
        .map_or(prev, |b| if b + 2 == prev { b } else { prev });
    [prev, start]
        .into_iter()
        .any(|s| super::org_context::country_or_province_end(doc, s).is_some_and(|end| end > i))
}

/// Adds a one-word nickname in quotes to a one-word name found by a rule
/// or as another mention ("Minh “Sâm”").
fn add_nicknames(doc: &Document<'_>, out: &mut [Candidate]) {
    for c in names_by_rule(out) {
        if let Some(e) = quoted_nickname_end(doc, c.tokens.clone()) {
            c.tokens.end = e;
        }
    }
}

/// The start of the foreign name after a country written in Vietnamese
/// at the start of `r` ("Pháp Emmanuel Macron"). None for a foreign first
/// name that is also a country ("Jordan Vogt-Roberts").
fn after_leading_country(doc: &Document<'_>, r: Range<usize>) -> Option<usize> {
    let country_end = match doc.longest_entity(r.start, Label::Loc) {
        Some((h, _)) => h.tokens.end,
        // "Anh" (Britain, or the honorific) is no lexicon country; before
        // a foreign name it is no part of it either way.
        None if doc.is_word(r.start, "anh") && doc.is_cap(r.start) => r.start + 1,
        None => return None,
    };
    let next = doc.after_gap(country_end);
    let ok = next > country_end
        && next < r.end
        && !super::foreign::is_foreign_word(doc, r.start, country_end)
        && doc.is_cap(next)
        && super::foreign::is_foreign_word(doc, next, next + 1);
    ok.then_some(next)
}

/// The end of a one-word nickname in quotes right after a one-word
/// Vietnamese name: "Minh “Sâm”", "Hưng 'Sóc'"; not a foreign singer's
/// album ("Adele “Lemonade”").
fn quoted_nickname_end(doc: &Document<'_>, r: Range<usize>) -> Option<usize> {
    let vietnamese = |k: usize| crate::phonotactics::is_vietnamese(doc.word(k));
    if doc.word_count(r.clone()) != 1 || !vietnamese(r.start) {
        return None;
    }
    let open = doc.after_gap(r.end);
    let (word, close) = (open + 1, open + 2);
    let quoted = open > r.end
        && matches!(doc.word(open), "“" | "\"" | "'" | "‘")
        && doc.kind(word) == Some(TokenKind::Word)
        && vietnamese(word)
        && matches!(doc.word(close), "”" | "\"" | "'" | "’");
    quoted.then_some(close + 1)
}

fn push(out: &mut Vec<Candidate>, tokens: Range<usize>, rule: Rule, priority: u8, attrs: Attrs) {
    out.push(Candidate {
        tokens,
        label: Label::Per,
        attrs,
        source: Source::Rule(rule),
        priority,
    });
}

/// The name after a cue of class `cue` starting at token `i`. A
/// capitalised role after a capitalised word is part of a name ("Ban Cố
/// vấn"), no cue.
fn name_after(doc: &Document<'_>, i: usize, cue: u8) -> Option<Range<usize>> {
    let (h, _) = doc.longest(i, cue)?;
    let in_name = cue == class::ROLE_CUE
        && doc.is_cap(i)
        && doc
            .before_gap(i)
            .is_some_and(|p| p + 1 < i && doc.is_cap(p));
    if in_name {
        return None;
    }
    let j = doc.after_gap(h.tokens.end);
    if j == h.tokens.end {
        return None;
    }
    name_after_cue(doc, j).map(|end| j..end)
}

/// The other names of a list of people: in "A, B, C và D" (commas,
/// semicolons, "và") where at least two items and at least half of them are
/// people already, a name-like item that no other candidate claims is a
/// person too (rule `per.list`): line-ups, lists of singers or nominees.
fn list_mates(doc: &Document<'_>, out: &mut Vec<Candidate>, scratch: &mut Scratch) {
    let people = People::of(out, &mut scratch.people);
    // Of two people in a list, the first has a separator after it: a
    // document where no person has one holds no list to read.
    if !people.0.iter().any(|&(j, _)| {
        people
            .end_at(j)
            .is_some_and(|e| e > j && separator_after(doc, e).is_some())
    }) {
        return;
    }
    let claimed = |r: &Range<usize>, out: &[Candidate]| {
        out.iter()
            .any(|c| c.label != Label::Per && c.tokens.start < r.end && r.start < c.tokens.end)
    };
    let mut found = Vec::new();
    // One buffer for the items of every list tried, kept across documents.
    let items = &mut scratch.list_items;
    let mut i = 0;
    while i < doc.tokens.len() {
        // Only a capitalised word starts a list ([`list_at`]): the other
        // tokens, most of them, are passed on their flag.
        if !doc.is_cap(i) {
            i += 1;
            continue;
        }
        let (known, semicolons) = list_at(doc, i, &people, items);
        let Some(last) = items.last() else {
            i += 1;
            continue;
        };
        let next = last.end.max(i + 1);
        // A line-up ("Cech; Holding, Mustafi; …") is a list by its
        // semicolons, however few of its players are known.
        let enough = known * 2 >= items.len() || semicolons;
        if items.len() >= 3 && known >= 2 && enough {
            for r in items.iter() {
                if people.end_at(r.start) != Some(r.end) && !claimed(r, out) {
                    found.push(r.clone());
                }
            }
        }
        i = next;
    }
    for r in found {
        push(
            out,
            r,
            Rule::PER_LIST,
            PersonTagger::PRIORITY_SURNAME,
            Attrs::None,
        );
    }
}

/// The PER candidates of a document as (start, end) pairs sorted by start
/// and end: a few dozen at most, looked up by a binary search rather than
/// a table as long as the document.
struct People<'s>(&'s [(usize, usize)]);

impl<'s> People<'s> {
    /// The people of `out`, sorted in `pairs` (the worker's buffer).
    fn of(out: &[Candidate], pairs: &'s mut Vec<(usize, usize)>) -> Self {
        pairs.clear();
        let people = out.iter().filter(|c| c.label == Label::Per);
        pairs.extend(people.map(|c| (c.tokens.start, c.tokens.end)));
        pairs.sort_unstable();
        People(pairs)
    }

    /// The end of the longest PER candidate starting at token `j`.
    fn end_at(&self, j: usize) -> Option<usize> {
        let after = self.0.partition_point(|&(s, _)| s <= j);
        let (s, e) = *self.0.get(after.checked_sub(1)?)?;
        (s == j).then_some(e)
    }
}

/// The items of a list that starts at token `i` (each a person already, or
/// a name-like capitalised run, maybe with a note in brackets after it),
/// into `items`; returns how many are people, and whether semicolons
/// separate some.
fn list_at(
    doc: &Document<'_>,
    i: usize,
    people: &People<'_>,
    items: &mut Vec<Range<usize>>,
) -> (usize, bool) {
    items.clear();
    let mut known = 0;
    let mut semicolons = false;
    let starts_run = doc.is_cap(i)
        && !doc
            .before_gap(i)
            .is_some_and(|p| doc.kind(p) == Some(TokenKind::Word) && doc.is_cap(p));
    if !starts_run {
        return (0, false);
    }
    let mut j = i;
    loop {
        let end = match people.end_at(j).filter(|&e| e > j) {
            Some(e) => {
                known += 1;
                e
            }
            None => match name_after_cue(doc, j) {
                Some(e) => e,
                None => break,
            },
        };
        items.push(j..end);
        let Some(k) = separator_after(doc, end) else {
            break;
        };
        semicolons |= doc.is_punct(k, ';');
        j = doc.after_gap(k + 1);
    }
    (known, semicolons)
}

/// The separator of list items (a comma, a semicolon, "và") after an item
/// that ends at token `end`, maybe after a note in brackets.
fn separator_after(doc: &Document<'_>, end: usize) -> Option<usize> {
    let k = after_bracket_note(doc, doc.after_gap(end));
    let sep = doc.is_punct(k, ',') || doc.is_punct(k, ';') || doc.is_word(k, "và");
    sep.then_some(k)
}

/// The token after a short note in brackets at `k` ("(76')", "(HAGL)"),
/// or `k` if there is none.
fn after_bracket_note(doc: &Document<'_>, k: usize) -> usize {
    if !doc.is_punct(k, '(') {
        return k;
    }
    (k + 1..(k + 12).min(doc.tokens.len()))
        .find(|&t| doc.is_punct(t, ')'))
        .map_or(k, |t| doc.after_gap(t + 1))
}

/// A player's name before the minute of a goal or a card in match
/// reports: "Ronaldo (10', 48')", "Aspas 62'", "Văn Thành 45+1'". The
/// minute mark after a number is what makes it a person.
fn name_before_minute(doc: &Document<'_>, i: usize) -> Option<Range<usize>> {
    if !doc.is_cap(i) {
        return None;
    }
    // Not from the middle of a capitalised run.
    if doc
        .before_gap(i)
        .is_some_and(|p| doc.kind(p) == Some(TokenKind::Word) && doc.is_cap(p))
    {
        return None;
    }
    let end = name_after_cue(doc, i)?;
    let k = doc.after_gap(end);
    let k = if doc.is_punct(k, '(') { k + 1 } else { k };
    minute_at(doc, k).then_some(i..end)
}

/// True if token `k` starts a match minute: a number up to 130, maybe
/// "+ extra", then an apostrophe.
fn minute_at(doc: &Document<'_>, k: usize) -> bool {
    let minute = |t: usize| {
        doc.is_number(t)
            && doc
                .word(t)
                .parse::<u32>()
                .is_ok_and(|m| (1..=130).contains(&m))
    };
    if !minute(k) {
        return false;
    }
    let mut m = k + 1;
    if doc.is_punct(m, '+') && minute(m + 1) {
        m += 2;
    }
    is_minute_mark(doc, m)
}

/// True if token `k` is the apostrophe of a minute ("62'", "45+1’").
fn is_minute_mark(doc: &Document<'_>, k: usize) -> bool {
    doc.is_punct(k, '\'') || doc.is_punct(k, '’')
}

/// A foreign name is a person's when it starts with a listed foreign given
/// name ("Donald Trump"), or when a verb of speaking follows it and it is
/// a full name or a listed name part ("Isaacson cho biết").
fn is_foreign_person(doc: &Document<'_>, name: &ForeignName) -> bool {
    let first = name.tokens.start;
    let first_end = name.words().get(1).map_or(name.tokens.end, |&w| w);
    let listed = |k: usize, class: u8| {
        doc.is_class_word(k, class)
            || doc
                .class_phrase_end(k, class)
                .is_some_and(|e| e <= first_end)
    };
    let full = name.words().len() >= 2;
    let last = name.last_word();
    let surname_last = doc
        .longest(last, class::FOREIGN_SURNAME)
        .is_some_and(|(h, _)| h.tokens.end == name.tokens.end);
    // "Kim Jong-il", "Lee Sang-hoon": a surname first.
    let surname_first = listed(first, class::SURNAME) || listed(first, class::FOREIGN_SURNAME);
    if full && (listed(first, class::FOREIGN_GIVEN) || surname_first || surname_last) {
        return true;
    }
    let speaks = doc.starts_kind(doc.after_gap(name.tokens.end), class::SPEECH_CUE);
    let single_listed =
        listed(first, class::FOREIGN_GIVEN) || listed(first, class::FOREIGN_SURNAME);
    speaks && (full || single_listed)
}

/// A person's given name without the surname: a capitalised middle name
/// and a given name, written alone ("Văn Toàn", "Đình Bảo"): not part of a
/// longer capitalised name, nor a province or district ("Quốc Oai").
fn given_name_at(doc: &Document<'_>, i: usize) -> Option<Range<usize>> {
    if !doc.is_cap(i) {
        return None;
    }
    // A capitalised word after `i` first, read off the tokens: most
    // capitalised words have none, and the middle-name test reads the hits
    // and the entry's facts (65,293 calls on s800.jsonl, 16,565 after the
    // test of the next word).
    let j = doc.after_gap(i + 1);
    let name = j > i + 1
        && doc.is_cap(j)
        && !doc.tokens[j].all_upper
        && grammar::is_middle_name(doc, i)
        && doc.is_class_word(j, class::GIVEN);
    if !name {
        return None;
    }
    let before = doc
        .before_gap(i)
        .is_some_and(|p| p + 1 < i && doc.is_cap(p) && !doc.tokens[p].all_upper);
    let k = doc.after_gap(j + 1);
    let after = k > j + 1 && doc.is_cap(k);
    let place = names_province_or_district(doc, i..j + 1)
        || super::foreign::in_entity_hit(doc, i)
        || grammar::starts_structure(doc, i);
    (!before && !after && !place).then_some(i..j + 1)
}

fn foreign_attrs(doc: &Document<'_>, name: &ForeignName) -> Attrs {
    let last = name.last_word();
    Attrs::Per(PerAttrs {
        surname: doc
            .longest(last, class::FOREIGN_SURNAME)
            .filter(|(h, _)| h.tokens.end == name.tokens.end)
            .map(|(h, _)| EntryId(h.entry)),
        foreign: true,
        ..PerAttrs::default()
    })
}

/// The forms of the document's names that license other mentions: every
/// name of two or more words whole; and, for a name found with strong
/// evidence (a cue, a title, a foreign full name, a Vietnamese full name
/// of three syllables), its short forms: the last word of a foreign name,
/// the last one or two syllables of a Vietnamese one, a one-word name
/// found after a cue.
fn person_licences(doc: &Document<'_>, out: &[Candidate], licences: &mut Vec<Licence>) {
    licences.clear();
    for c in out.iter().filter(|c| c.label == Label::Per) {
        let r = c.tokens.clone();
        let words = doc.word_count(r.clone());
        let attrs = match c.attrs {
            Attrs::Per(p) => Attrs::Per(PerAttrs { via: None, ..p }),
            _ => Attrs::Per(PerAttrs::default()),
        };
        let licence = |form: Range<usize>, short: bool| Licence {
            by: r.clone(),
            form,
            label: Label::Per,
            short,
            attrs: attrs.clone(),
        };
        if words >= 2 {
            licences.push(licence(r.clone(), false));
        }
        let strong = matches!(
            c.source,
            Source::Rule(
                Rule::PER_CUE
                    | Rule::PER_ROLE
                    | Rule::PER_AFTER_TITLE
                    | Rule::PER_FOREIGN
                    | Rule::PER_MINUTE
            )
        ) || (c.source == Source::Rule(Rule::PER_SURNAME) && words >= 3);
        if strong {
            for form in short_forms(doc, r.clone(), words).into_iter().flatten() {
                licences.push(licence(form, true));
            }
        }
    }
}

/// The short forms of the name `r` of `words` words (see
/// [`person_licences`]): at most two, on the stack (this runs for every
/// name found with strong evidence).
fn short_forms(doc: &Document<'_>, r: Range<usize>, words: usize) -> [Option<Range<usize>>; 2] {
    if words == 1 {
        return [Some(r), None];
    }
    // The end first, kept from the scan: most names are not foreign.
    let foreign = foreign_name_end(doc, r.start) == Some(r.end);
    if let Some(f) = foreign
        .then(|| foreign_name_at(doc, r.start))
        .flatten()
        .filter(|f| f.tokens == r)
    {
        return [Some(f.last_word()..r.end), None];
    }
    let surname = doc
        .longest(r.start, class::SURNAME)
        .is_some_and(|(h, _)| h.tokens.end < r.end);
    if !surname {
        return [None, None];
    }
    // "Nguyễn Hữu Thắng" → "Thắng", "Hữu Thắng": from the last word, and
    // from the one before it in a name of three words or more.
    let mut word_starts = r
        .clone()
        .rev()
        .filter(|&k| doc.kind(k) == Some(TokenKind::Word));
    let last = word_starts.next();
    let before = if words >= 3 { word_starts.next() } else { None };
    [last.map(|k| k..r.end), before.map(|k| k..r.end)]
}

/// Surname and given name of every Vietnamese name that has none yet.
fn fill_name_parts(doc: &Document<'_>, out: &mut [Candidate]) {
    for c in out.iter_mut().filter(|c| c.label == Label::Per) {
        let via = match c.attrs {
            Attrs::None => None,
            Attrs::Per(p) if p.surname.is_none() && !p.foreign => p.via,
            _ => continue,
        };
        let Some((h, _)) = doc.longest(c.tokens.start, class::SURNAME) else {
            continue;
        };
        if h.tokens.end < c.tokens.end {
            let g = doc.after_gap(h.tokens.end);
            let given = match (doc.tok(g), doc.tok(c.tokens.end - 1)) {
                (Some(a), Some(b)) => Some(TextSpan::new(a.orig.start, b.orig.end)),
                _ => None,
            };
            c.attrs = Attrs::Per(PerAttrs {
                surname: Some(EntryId(h.entry)),
                given,
                via,
                ..PerAttrs::default()
            });
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

/// A capitalised run of 1–4 syllables at `i` that reads as a name (for use
/// after an honorific, rank or title): it must not start a title,
/// organisation or place structure. Returns its end token.
pub(crate) fn name_after_cue(doc: &Document<'_>, i: usize) -> Option<usize> {
    if let Some(end) = grammar::surname_name_at(doc, i) {
        return Some(end);
    }
    if let Some(end) = foreign_name_end(doc, i) {
        return Some(end);
    }
    let tokens = doc.tokens;
    // Neither an abbreviation ("CLB"), a structure word nor a department's
    // name ("Bộ trưởng Quốc phòng") is part of a name.
    let name_word = |k: usize| {
        doc.is_cap(k)
            && !tokens[k].all_upper
            && !grammar::starts_structure(doc, k)
            && !doc.starts_kind(k, class::ORG_NAME)
    };
    if !name_word(i) {
        return None;
    }
    let mut end = i + 1;
    let mut j = doc.after_gap(end);
    let mut n = 1;
    while n < 4 && j > end && name_word(j) {
        end = j + 1;
        n += 1;
        j = doc.after_gap(end);
    }
    // One capitalised word is a name only if it is a known name syllable
    // ("ông Khoa") or foreign ("ông Trump"), not "đồng chí Đảng" or "bà Chúa".
    let single_ok = n > 1
        || [
            class::GIVEN,
            class::SURNAME,
            class::FOREIGN_GIVEN,
            class::FOREIGN_SURNAME,
        ]
        .iter()
        .any(|&k| doc.has_exact(i..end, k))
        || is_foreign_word(doc, i, end);
    single_ok.then_some(end)
}
