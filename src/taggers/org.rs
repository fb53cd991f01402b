//! The ORG tagger: a small grammar over lexicon classes rather than a list
//! of every body.
//!
//! ```text
//! org      := prefix org                      "Ban Thường vụ" + "Thành ủy"
//!           | committee [admin-name]          "Thành ủy Đồng Xoài"
//!           | unit-body place                 "Đảng bộ xã Tân Thành", "UBND tỉnh", "chi bộ ấp 4"
//!           | named-head name [place]         "Sở Y tế tỉnh Bình Phước", "Trường THPT Nguyễn Du"
//!           | brand [admin-name]              "VNPT Bình Phước"
//!           | national body (lexicon)         "Bộ Chính trị", "Quốc hội"
//! ```
//!
//! A capitalised unit body may stand with its type word alone ("Đảng ủy
//! xã", "Đảng bộ thành phố": one specific body, elided); inside a prefix it
//! may stand alone ("Ban Chấp hành Đảng bộ"). "UBND các xã", "UBND cấp
//! huyện" (a class of bodies) do not parse: the word after the body is not a
//! type word.

use std::ops::Range;

use super::grammar::{self, class, PlaceRules};
use super::{mentions, org_context};
use super::{Candidate, Document, Scratch, Tagger};
use crate::attrs::{Attrs, OrgAttrs, OrgHead, Rule, Source, TextSpan};
use crate::document::kind_mask;
use crate::entity::Entity;
use crate::label::Label;
use crate::lexicon::EntryId;
use crate::matcher::{entity_kind, LexHit};
use crate::syllables::TokenKind;

/// Tags organisations.
#[derive(Debug, Default)]
pub(crate) struct OrgTagger;

impl OrgTagger {
    /// Priority of grammar-made organisations.
    pub(crate) const PRIORITY: u8 = 45;
}

/// An organisation phrase: its tokens and what it is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct OrgPhrase {
    /// Tokens of the phrase.
    pub(crate) tokens: Range<usize>,
    /// Its head, place and the body it belongs to.
    pub(crate) attrs: OrgAttrs,
}

/// Parses an organisation at token `i`. `inner` is true inside a prefix
/// ("Ban Thường vụ …") or a title, where an elided body may stand alone.
pub(crate) fn org_at(doc: &Document<'_>, i: usize, inner: bool) -> Option<OrgPhrase> {
    // Each way starts on a lexicon hit of its own kind: one mask test
    // skips the tokens that start none (most of them).
    if !doc.starts_any(i, FIRST_WORDS) || !doc.tokens.get(i).is_some_and(|t| t.is_content()) {
        return None;
    }
    let mut best: Option<OrgPhrase> = None;
    let mut consider = |p: Option<OrgPhrase>| {
        if let Some(p) = p {
            if best.as_ref().is_none_or(|b| p.tokens.end > b.tokens.end) {
                best = Some(p);
            }
        }
    };
    consider(national_at(doc, i));
    consider(prefix_at(doc, i));
    consider(committee_at(doc, i, inner));
    consider(unit_at(doc, i, inner));
    consider(named_at(doc, i));
    consider(brand_at(doc, i));
    best
}

/// The hit kinds an organisation phrase can start with, one per way of
/// [`org_at`].
pub(super) const FIRST_WORDS: u128 = kind_mask(&[
    entity_kind(Label::Org),
    class::PREFIX,
    class::COMMITTEE,
    class::UNIT_BODY,
    class::NAMED_HEAD,
    class::BRAND,
]);

fn phrase(tokens: Range<usize>, head: &LexHit, head_kind: OrgHead) -> OrgPhrase {
    OrgPhrase {
        tokens,
        attrs: OrgAttrs {
            head: EntryId(head.entry),
            head_kind,
            place: None,
            place_id: None,
            of: None,
            via: None,
        },
    }
}

/// The original text of a place phrase.
fn place_span(doc: &Document<'_>, tokens: Range<usize>) -> Option<TextSpan> {
    let a = doc.tok(tokens.start)?;
    let b = doc.tok(tokens.end.checked_sub(1)?)?;
    Some(TextSpan::new(a.orig.start, b.orig.end))
}

fn national_at(doc: &Document<'_>, i: usize) -> Option<OrgPhrase> {
    let (h, _) = doc.longest_entity(i, Label::Org)?;
    Some(phrase(h.tokens.clone(), h, OrgHead::National))
}

fn prefix_at(doc: &Document<'_>, i: usize) -> Option<OrgPhrase> {
    let (h, _) = doc.longest(i, class::PREFIX)?;
    let j = doc.after_gap(h.tokens.end);
    if j == h.tokens.end {
        return None;
    }
    let inner = org_at(doc, j, true)?;
    let mut p = phrase(i..inner.tokens.end, h, OrgHead::Prefix);
    p.attrs.of = Some(Box::new(inner.attrs));
    Some(p)
}

fn committee_at(doc: &Document<'_>, i: usize, inner: bool) -> Option<OrgPhrase> {
    let (h, e) = doc.longest(i, class::COMMITTEE)?;
    if e.attr("needs_prefix") == Some("1") && !inner {
        return None;
    }
    let mut end = h.tokens.end;
    let mut p = phrase(i..end, h, OrgHead::Committee);
    let j = doc.after_gap(end);
    if j > end {
        if let Some(place) = grammar::place_at(
            doc,
            j,
            PlaceRules {
                bare: true,
                elided: false,
            },
        ) {
            if place.type_entry.is_none() {
                end = place.tokens.end;
                p.attrs.place = place_span(doc, place.tokens);
            }
        }
    }
    p.tokens = i..end;
    Some(p)
}

fn unit_at(doc: &Document<'_>, i: usize, inner: bool) -> Option<OrgPhrase> {
    let (h, _) = doc.longest(i, class::UNIT_BODY)?;
    let capitalised = doc.tokens[i].capitalized;
    let j = doc.after_gap(h.tokens.end);
    if j > h.tokens.end {
        let rules = PlaceRules {
            elided: capitalised,
            bare: capitalised,
        };
        if let Some(place) = grammar::place_at(doc, j, rules) {
            // A lower-case body needs a named unit: "chi bộ ấp 4", not "chi bộ ấp".
            if capitalised || place.name.is_some() {
                let mut p = phrase(i..place.tokens.end, h, OrgHead::Unit);
                p.attrs.place = place_span(doc, place.tokens);
                return Some(p);
            }
        }
        // "Đảng bộ Công an tỉnh", "Chi bộ Trường …": a body of another body.
        if capitalised {
            if let Some(of) = org_at(doc, j, false) {
                let mut p = phrase(i..of.tokens.end, h, OrgHead::Unit);
                p.attrs.of = Some(Box::new(of.attrs));
                return Some(p);
            }
        }
    }
    (inner && capitalised).then(|| phrase(i..h.tokens.end, h, OrgHead::Unit))
}

/// Most lower-case words a name may have after its first capitalised one
/// ("Tập đoàn Dầu khí Việt Nam", "Trung tâm Nghiên cứu …").
const NAME_MAX_LOWER: usize = 3;

/// The proper name of an organisation at `j`: capitalised words, where the
/// last may be followed by a few lower-case words ("Dầu khí") and then more
/// capitalised ones. Returns its end, or `j` if there is none.
fn name_words(doc: &Document<'_>, j: usize) -> usize {
    let tokens = doc.tokens;
    let mut end = cap_run_to_person(doc, j, 5);
    if end == j {
        return j;
    }
    // In an all-capital headline the name ends where the capitals do
    // ("BÁO ĐÀ NẴNG | Trong …").
    let head_upper = doc.before_gap(j).is_some_and(|h| tokens[h].all_upper);
    if head_upper && tokens[j].all_upper {
        let mut k = j;
        while k < end && (tokens[k].kind != TokenKind::Word || tokens[k].all_upper) {
            k += 1;
        }
        if k < end {
            return doc.before_gap(k).map_or(j, |b| b + 1).max(j + 1);
        }
    }
    // Only a single, not all-capital word may go on in lower case: "Dầu
    // khí", "Nghiên cứu"; never "Sở GDĐT báo cáo" or "… Hà Nội quản lý".
    // Names written word by word in sentence case go on so: "Giao dịch
    // Chứng khoán", "Lương thực miền Nam".
    let mut run_start = j;
    for _ in 0..NAME_MAX_SEGMENTS {
        let single = end == run_start + 1 && !tokens[run_start].all_upper;
        if !single {
            break;
        }
        let Some((mut tail_end, verb_at)) = lower_tail(doc, end) else {
            break;
        };
        let k = doc.after_gap(tail_end);
        let goes_on = k > tail_end && doc.is_cap(k);
        // After the first run a tail needs more of the name after it
        // ("Trường ĐH Sư phạm Huế | tuyển sinh"). A tail word that starts
        // like a verb ("thực" of "thực hiện") is the rest of a word
        // ("Lương thực") only then too; otherwise the tail ends before it.
        if run_start > j && !goes_on {
            // Only the second syllable of the last word ("Viễn thông"),
            // and not the start of a phrase ("Huế tuyển sinh").
            if last_syllable(doc, end, tail_end) {
                end = tail_end;
            }
            break;
        }
        if let Some(v) = verb_at.filter(|_| !goes_on) {
            tail_end = doc.before_gap(v).map_or(end, |b| b + 1).max(end);
            end = tail_end;
            break;
        }
        end = tail_end;
        if k == tail_end || grammar::starts_structure(doc, k) {
            break;
        }
        let run = cap_run_to_person(doc, k, 4);
        if run == k {
            break;
        }
        end = run;
        run_start = k;
    }
    end
}

/// Most capitalised runs, each with its lower-case tail, a name may have.
const NAME_MAX_SEGMENTS: usize = 4;

/// The lower-case words after a single capitalised word ending at `end`
/// ("khí" of "Dầu khí"): their end, and the first of them that is a stop
/// word starting verbs ("thực", "triển"). Such a word may be the second
/// syllable of a word right after a capitalised Vietnamese syllable
/// ("Lương thực"), never after a foreign one ("Vinamilk thực hiện"). None
/// if no lower-case word follows.
fn lower_tail(doc: &Document<'_>, end: usize) -> Option<(usize, Option<usize>)> {
    let tokens = doc.tokens;
    let prev = end.checked_sub(1)?;
    let after_syllable = crate::phonotactics::is_vietnamese(doc.word(prev));
    let mut tail_end = end;
    let mut verb_at = None;
    let mut k = doc.after_gap(end);
    for n in 0..NAME_MAX_LOWER {
        let Some(t) = tokens.get(k) else { break };
        if k == tail_end || t.kind != TokenKind::Word || t.capitalized {
            break;
        }
        if grammar::starts_structure(doc, k) {
            break;
        }
        if doc.is_class_word(k, class::NAME_STOP) {
            let second_syllable = n == 0 && after_syllable && is_verb_start(doc, k);
            if !second_syllable {
                break;
            }
            verb_at.get_or_insert(k);
        }
        tail_end = k + 1;
        k = doc.after_gap(tail_end);
    }
    (tail_end > end).then_some((tail_end, verb_at))
}

/// True if the tail `end..tail_end` is one word that ends the phrase: no
/// lower-case word follows it but a stop word ("Viễn thông | cho biết").
fn last_syllable(doc: &Document<'_>, end: usize, tail_end: usize) -> bool {
    let one = doc.word_count(end..tail_end) == 1;
    let k = doc.after_gap(tail_end);
    let next_lower = k > tail_end
        && doc
            .tokens
            .get(k)
            .is_some_and(|t| t.kind == TokenKind::Word && !t.capitalized)
        && !doc.is_class_word(k, class::NAME_STOP);
    one && !next_lower
}

/// True if the stop word at `k` is the first syllable of verbs (`verb=1`).
fn is_verb_start(doc: &Document<'_>, k: usize) -> bool {
    doc.longest(k, class::NAME_STOP)
        .is_some_and(|(h, e)| h.tokens.end == k + 1 && e.attr("verb") == Some("1"))
}

/// A capitalised run that stops before a person's name or another body
/// which does not start it: "Sở GDĐT | Nguyễn Hữu Độ", but "Trường THPT
/// Nguyễn Du".
fn cap_run_to_person(doc: &Document<'_>, j: usize, max: usize) -> usize {
    let end = doc.cap_run(j, max);
    let mut k = j;
    while k < end {
        let stop = k > j
            && doc.tokens[k].kind == TokenKind::Word
            && (grammar::surname_name_at(doc, k).is_some() || grammar::starts_structure(doc, k));
        if stop {
            // Cut before the person or the next body, dropping the space.
            return doc.before_gap(k).map_or(j, |b| b + 1);
        }
        k += 1;
    }
    end
}

/// Most lower-case words of a company's trade before its proper name.
const TRADE_MAX_WORDS: usize = 5;

/// True if a head names a business (company, bank, fund).
fn is_business(head: &crate::lexicon::Entry) -> bool {
    matches!(head.attr("kind"), Some("company" | "bank" | "fund"))
}

/// The end of a company's name written as its trade in lower case and
/// then its proper name: "thực phẩm công nghệ Sài Gòn", "ô tô Toyota Việt
/// Nam". None if no proper name follows a few such words. After a legal
/// form (`legal`: "Cổ phần", "TNHH") the trade may start like a verb
/// ("thực phẩm" like "thực hiện": a stop word with `verb=1`); after a
/// word of the trade such a syllable ends that word ("phát triển").
fn business_name_end(doc: &Document<'_>, k: usize, legal: bool) -> Option<usize> {
    let mut j = k;
    for _ in 0..TRADE_MAX_WORDS {
        let t = doc.tok(j)?;
        let stop = doc
            .longest(j, class::NAME_STOP)
            .filter(|(h, _)| h.tokens.end == j + 1)
            .is_some_and(|(_, e)| !(legal || j > k) || e.attr("verb") != Some("1"));
        let trade = t.kind == TokenKind::Word
            && !t.capitalized
            && !stop
            && !grammar::starts_structure(doc, j);
        if !trade {
            return None;
        }
        let next = doc.after_gap(j + 1);
        if next == j + 1 {
            return None;
        }
        if doc.is_cap(next) && !grammar::starts_structure(doc, next) {
            let end = name_words(doc, next);
            return (end > next).then_some(end);
        }
        j = next;
    }
    None
}

/// Connectors allowed inside a proper name after a head: "và", "-", "&", ",".
fn is_name_joiner(doc: &Document<'_>, k: usize) -> bool {
    let t = doc.word(k);
    matches!(t, "và" | "-" | "&" | "–")
}

/// An organisation named by a head word at `i` and a name after it: "Sở
/// Y tế tỉnh Bình Phước", "Trường THPT Nguyễn Du", "Công ty Cổ phần thực
/// phẩm Sài Gòn", with an optional place and, for a business, a branch.
fn named_at(doc: &Document<'_>, i: usize) -> Option<OrgPhrase> {
    let (h, e) = doc.longest(i, class::NAMED_HEAD)?;
    if !doc.tokens[i].capitalized {
        return None;
    }
    // "Trường Chinh", "Trường Sa": a lexicon name that starts with a head word.
    let lexicon_name = doc
        .hits_at(i)
        .iter()
        .any(|x| x.tokens.end > h.tokens.end && doc.lexicon.is_entity(x.entry));
    if lexicon_name {
        return None;
    }
    let j = doc.after_gap(h.tokens.end);
    if j == h.tokens.end {
        return None;
    }
    let end = name_after_head_end(doc, i, j, e)?;
    let mut p = phrase(i..end, h, OrgHead::Named);
    let k = doc.after_gap(end);
    if k > end {
        if let Some(place) = place_after_name(doc, k) {
            p.tokens.end = place.tokens.end;
            p.attrs.place = place_span(doc, place.tokens);
        }
    }
    if is_business(e) {
        if let Some(b) = branch_end(doc, p.tokens.end) {
            p.tokens.end = b;
        }
    }
    Some(p)
}

/// The end of the name that starts at `j` after the head entry `head` at
/// `i`: a common name from the lexicon (maybe with a proper one after it),
/// a business's trade and proper name, or proper-name words. None if no
/// name follows the head.
fn name_after_head_end(
    doc: &Document<'_>,
    i: usize,
    j: usize,
    head: &crate::lexicon::Entry,
) -> Option<usize> {
    if let Some((nh, ne)) = doc.longest(j, class::ORG_NAME) {
        return common_name_end(doc, nh.tokens.end, ne);
    }
    if let Some(b) = (is_business(head) && !doc.is_cap(j))
        .then(|| business_name_end(doc, j, false))
        .flatten()
    {
        // "Tổng công ty phát triển Đô thị Kinh Bắc".
        return Some(b);
    }
    proper_name_end(doc, i, j, head)
}

/// The end of a common name from the lexicon (the entry `name`, ending at
/// `end`) and of the proper name that may follow it. None if the common
/// name is generic and no proper name follows.
fn common_name_end(doc: &Document<'_>, end: usize, name: &crate::lexicon::Entry) -> Option<usize> {
    let mut end = end;
    // "Trường THPT Nguyễn Du": a common name, then a proper one.
    let k = doc.after_gap(end);
    let mut proper = false;
    let person_next = grammar::surname_name_at(doc, k).is_some();
    let person_ok = || name.attr("person_ok") == Some("1");
    if k > end && !grammar::starts_structure(doc, k) && (!person_next || person_ok()) {
        let run = name_words(doc, k);
        if run > k {
            end = run;
            proper = true;
        }
    }
    // "Công ty Cổ phần" needs its proper name, maybe after the words of
    // its trade ("Công ty Cổ phần thực phẩm Sài Gòn").
    if !proper && name.attr("generic") == Some("1") {
        end = business_name_end(doc, k, true)?;
    }
    Some(end)
}

/// The end of the proper-name words at `j` after the head entry `head` at
/// `i`, with names joined to them. None if the head needs a lexicon name,
/// or what follows is not a name.
fn proper_name_end(
    doc: &Document<'_>,
    i: usize,
    j: usize,
    head: &crate::lexicon::Entry,
) -> Option<usize> {
    let tokens = doc.tokens;
    // In an all-capital headline only a gazetteer name can follow
    // ("BÁO CẦN THƠ", not "HỘI NGHỊ").
    let headline = tokens[i].all_upper
        && tokens.get(j).is_some_and(|t| t.all_upper)
        && doc.longest(j, class::ADMIN).is_none();
    if headline
        || head.attr("needs_name_lexicon") == Some("1")
        || (grammar::starts_structure(doc, j) && !feature_word_of_name(doc, j))
    {
        return None;
    }
    let end = name_words(doc, j);
    if end == j {
        return None;
    }
    Some(joined_names_end(doc, end))
}

/// The end of the names joined by "và" / "-" to the name that ends at
/// `end`: "Sở Lao động - Thương binh và Xã hội".
fn joined_names_end(doc: &Document<'_>, mut end: usize) -> usize {
    loop {
        let a = doc.after_gap(end);
        if a >= doc.tokens.len() || !is_name_joiner(doc, a) {
            break;
        }
        let b = doc.after_gap(a + 1);
        let run = name_words(doc, b);
        if run == b || grammar::starts_structure(doc, b) {
            break;
        }
        // "Tập đoàn Samsung và Vinamilk": two brands, not one name.
        let and = doc.word(a) == "và";
        if and && super::foreign::is_foreign_word(doc, b, run) {
            break;
        }
        end = run;
    }
    end
}

/// An optional place after an organisation's name, at `k`: "Sở Y tế tỉnh
/// Bình Phước", or a province or district without its type word: "Sở Y tế
/// Hà Giang".
fn place_after_name(doc: &Document<'_>, k: usize) -> Option<grammar::PlacePhrase> {
    grammar::place_at(
        doc,
        k,
        PlaceRules {
            elided: true,
            bare: false,
        },
    )
    .or_else(|| {
        grammar::place_at(
            doc,
            k,
            PlaceRules {
                elided: false,
                bare: true,
            },
        )
        .filter(|p| {
            p.unit_hits(doc)
                .iter()
                .flat_map(|h| doc.lexicon.hit_entries(h))
                .any(|e| matches!(e.attr("level"), Some("province" | "district")))
        })
    })
}

/// The end of a branch named after a business's name: "Ngân hàng … -
/// Chi nhánh Thăng Long", "… chi nhánh Hà Nội". None if none follows.
fn branch_end(doc: &Document<'_>, end: usize) -> Option<usize> {
    let mut k = doc.after_gap(end);
    if matches!(doc.word(k), "-" | "–") {
        k = doc.after_gap(k + 1);
    }
    // The view is in lower case: "Chi nhánh" and "chi nhánh".
    let nhanh = doc.after_gap(k + 1);
    if !(doc.is_word(k, "chi") && nhanh > k + 1 && doc.is_word(nhanh, "nhánh")) {
        return None;
    }
    let j = doc.after_gap(nhanh + 1);
    if j == nhanh + 1 || !doc.is_cap(j) {
        return None;
    }
    let rules = PlaceRules {
        elided: true,
        bare: true,
    };
    let end = grammar::place_at(doc, j, rules)
        .map(|p| p.tokens.end)
        .unwrap_or_else(|| name_words(doc, j));
    (end > j).then_some(end)
}

/// True if a capitalised place-feature word at `j` starts a word of an
/// organisation's name ("Tổng cục Đường bộ", "Cục Đường sắt"): it goes on
/// in lower case, where a road would go on with its name ("Đường Lê Lợi").
fn feature_word_of_name(doc: &Document<'_>, j: usize) -> bool {
    let Some((h, _)) = doc.longest(j, class::PLACE_FEATURE) else {
        return false;
    };
    let next = doc.after_gap(h.tokens.end);
    h.tokens.end == j + 1
        && doc.tokens[j].capitalized
        && next > h.tokens.end
        && doc.tokens.get(next).is_some_and(|t| {
            t.kind == TokenKind::Word
                && !t.capitalized
                && !doc.is_class_word(next, class::NAME_STOP)
        })
        && !doc.starts_kind(j, class::NAMED_HEAD)
        && !doc.starts_kind(j, class::UNIT_BODY)
        && !doc.starts_kind(j, class::PLACE_TYPE)
}

fn brand_at(doc: &Document<'_>, i: usize) -> Option<OrgPhrase> {
    let (h, e) = doc.longest(i, class::BRAND)?;
    let mut p = phrase(i..h.tokens.end, h, OrgHead::Brand);
    let j = doc.after_gap(h.tokens.end);
    let place = (j > h.tokens.end)
        .then(|| {
            grammar::place_at(
                doc,
                j,
                PlaceRules {
                    elided: false,
                    bare: true,
                },
            )
        })
        .flatten();
    match place {
        Some(place) => {
            p.tokens.end = place.tokens.end;
            p.attrs.place = place_span(doc, place.tokens);
        }
        None if e.attr("needs_place") == Some("1") => return None,
        None => {}
    }
    Some(p)
}

impl Tagger for OrgTagger {
    /// Clubs of football news, then the other mentions of organisations
    /// named once by context or defined with an abbreviation.
    fn finish(&self, doc: &Document<'_>, out: &mut Vec<Candidate>, scratch: &mut Scratch) {
        org_context::football_clubs(doc, out);
        let scratch = &mut scratch.mentions;
        org_context::org_licences(doc, out, &mut scratch.licences);
        mentions::tag(
            doc,
            scratch,
            Rule::ORG_REPEAT,
            org_context::PRIORITY_REPEAT,
            out,
        );
    }

    /// Links the organisation's place to the gazetteer: `place_id` is the
    /// unit the LOC tagger chose for the place inside the span.
    fn complete(&self, _doc: &Document<'_>, entity: &mut Entity) {
        if entity.source != Source::Rule(Rule::ORG) {
            return;
        }
        let Attrs::Org(org) = &mut entity.attrs else {
            return;
        };
        let place = org.place;
        org.place_id = entity
            .nested
            .iter()
            .filter(|n| n.label == Label::Loc)
            .find(|n| place.is_none_or(|p| TextSpan::new(n.start, n.end) == p))
            .and_then(|n| match &n.attrs {
                Attrs::Loc(l) => l.unit,
                Attrs::Entry(e) => Some(*e),
                _ => None,
            });
    }

    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        // Both ways start on a lexicon hit of their kinds: the walk visits
        // only the words where one starts, not every token.
        let first_words = FIRST_WORDS | org_context::CONTEXT_WORDS;
        for i in doc.starting_any(first_words) {
            if doc.kind(i) != Some(TokenKind::Word) {
                continue;
            }
            org_context::tag_at(doc, i, out);
            if let Some(p) = org_at(doc, i, false) {
                // Plain lexicon bodies are emitted by the lexicon tagger.
                let from_lexicon = doc
                    .longest_entity(i, Label::Org)
                    .is_some_and(|(h, _)| h.tokens.end == p.tokens.end);
                if !from_lexicon {
                    out.push(Candidate {
                        tokens: p.tokens,
                        label: Label::Org,
                        attrs: Attrs::Org(p.attrs),
                        source: Source::Rule(Rule::ORG),
                        priority: Self::PRIORITY,
                    });
                }
            }
        }
    }
}
