//! The TITLE tagger: a capitalised role head ("Bí thư", "Phó Chủ tịch",
//! "Ủy viên Ban Thường vụ" …) followed by the body it belongs to (the ORG
//! grammar) and its place: "Bí thư Thành ủy Đồng Xoài", "Chủ tịch HĐND
//! TP.Tân An", "Ủy viên Ban Chấp hành Đảng bộ xã Bắc Bình".
//!
//! A role without a body is a title only if it names one post by itself
//! ("Thủ tướng", "Tổng Bí thư") or a person's name follows ("Chủ tịch Hồ Chí
//! Minh"). Each role of a comma list is its own span, because the body
//! grammar stops at the comma. Lower-case generic mentions ("bí thư chi bộ")
//! are not titles: role entries need a capital.
//!
//! The tagger also emits the person named right after a title, with or
//! without a dash ("Bí thư Đảng ủy phường 3 - Nguyễn Chí Tâm"), as PER.

use std::ops::Range;

use super::foreign::{foreign_name_at, in_entity_hit, is_foreign_word};
use super::grammar::{self, class};
use super::org::{org_at, OrgPhrase};
use super::{Candidate, Document, Tagger};
use crate::attrs::{Attrs, Rule, Source, TextSpan, TitleAttrs};
use crate::document::kind_mask;
use crate::label::Label;
use crate::lexicon::EntryId;
use crate::syllables::TokenKind;

/// Tags position titles and the names that follow them.
#[derive(Debug, Default)]
pub(crate) struct TitleTagger;

impl TitleTagger {
    /// Priority of titles.
    pub(crate) const PRIORITY: u8 = 45;
    /// Priority of a name right after a title.
    pub(crate) const PRIORITY_NAME: u8 = 42;
}

/// The hit kind of role words, where a title starts.
pub(super) const ROLE_START: u128 = kind_mask(&[class::ROLE]);

impl Tagger for TitleTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        // A title starts on a role word: the walk visits only those.
        for i in doc.starting_any(ROLE_START) {
            if !doc.is_cap(i) {
                continue;
            }
            let Some((end, attrs)) = title_at(doc, i, true) else {
                continue;
            };
            out.push(Candidate {
                tokens: i..end,
                label: Label::Title,
                attrs: Attrs::Title(attrs),
                source: Source::Rule(Rule::TITLE),
                priority: Self::PRIORITY,
            });
            if let Some(name) = name_after_title(doc, end) {
                out.push(Candidate {
                    tokens: name,
                    label: Label::Per,
                    attrs: Attrs::None,
                    source: Source::Rule(Rule::PER_AFTER_TITLE),
                    priority: Self::PRIORITY_NAME,
                });
            }
        }
    }
}

/// The longest title whose role starts at token `i`: its end and
/// attributes. `outer` is false for a role inside another role's title
/// ("Trợ lý" + "Ngoại trưởng Jordan"), which is read only once.
fn title_at(doc: &Document<'_>, i: usize, outer: bool) -> Option<(usize, TitleAttrs)> {
    let mut best: Option<(usize, TitleAttrs)> = None;
    for h in doc.hits_at(i).iter().filter(|h| h.kind == class::ROLE) {
        let Some(e) = doc.lexicon.entry(h.entry) else {
            continue;
        };
        let role_end = h.tokens.end;
        let j = doc.after_gap(role_end);
        let mut attrs = TitleAttrs {
            role: EntryId(h.entry),
            org: None,
            body: None,
        };
        let end = match body_of_role(doc, h.tokens.clone()) {
            Some(org) => {
                attrs.org = Some(span_of(doc, org.tokens.clone()));
                attrs.body = Some(org.attrs);
                org.tokens.end
            }
            None => match role_without_body(doc, role_end, outer) {
                Some(end) => end,
                None if e.attr("standalone") == Some("1") => role_end,
                None if j > role_end && person_follows(doc, j) => role_end,
                None => continue,
            },
        };
        let end = place_after(doc, end);
        if best.as_ref().is_none_or(|(b, _)| end > *b) {
            best = Some((end, attrs));
        }
    }
    best
}

/// The body after the role, or a body that starts inside it and runs on:
/// "Trưởng Ban" + "Tuyên giáo Tỉnh ủy" is "Trưởng" + "Ban Tuyên giáo Tỉnh
/// ủy"; likewise "Trưởng Công an" + "huyện".
fn body_of_role(doc: &Document<'_>, role: Range<usize>) -> Option<OrgPhrase> {
    let j = doc.after_gap(role.end);
    let after = (j > role.end).then(|| org_at(doc, j, true)).flatten();
    after.or_else(|| {
        (role.start + 1..role.end)
            .filter(|&k| doc.kind(k) == Some(TokenKind::Word))
            .filter_map(|k| org_at(doc, k, true))
            .filter(|o| o.tokens.end > role.end)
            .max_by_key(|o| o.tokens.end)
    })
}

/// What a role without a body of the ORG grammar may take: a department's
/// name ("Bộ trưởng Quốc phòng"), another role's title ("Trợ lý Ngoại
/// trưởng Jordan"), or "của" and a known organisation or country ("CEO
/// của Apple", "Đặc phái viên của Mỹ"). Returns the end.
fn role_without_body(doc: &Document<'_>, role_end: usize, outer: bool) -> Option<usize> {
    let j = doc.after_gap(role_end);
    if j == role_end {
        return None;
    }
    if doc.is_cap(j) {
        if let Some(end) = doc.class_phrase_end(j, class::ORG_NAME) {
            return Some(end);
        }
        if outer && doc.starts_kind(j, class::ROLE) {
            if let Some((end, _)) = title_at(doc, j, false) {
                return Some(end);
            }
        }
    }
    if doc.is_word(j, "của") {
        return known_body_end(doc, doc.after_gap(j + 1));
    }
    None
}

/// The end of a known organisation (lexicon or brand) or a country,
/// region or world city starting at `k`.
fn known_body_end(doc: &Document<'_>, k: usize) -> Option<usize> {
    if let Some((h, _)) = doc.longest_entity(k, Label::Org) {
        return Some(h.tokens.end);
    }
    if let Some((h, _)) = doc.longest(k, class::BRAND) {
        return Some(h.tokens.end);
    }
    let (h, e) = doc.longest_entity(k, Label::Loc)?;
    matches!(e.attr("kind"), Some("country" | "region" | "city")).then_some(h.tokens.end)
}

/// A title of a foreign state or body ends with its country: "Tổng thống
/// Mỹ", "Nữ hoàng Anh", "Bộ trưởng Quốc phòng Nga"; an ambassador's with
/// "tại" and the body he is sent to ("Đại sứ Triều Tiên tại Liên Hiệp
/// Quốc"). Returns the new end.
fn place_after(doc: &Document<'_>, end: usize) -> usize {
    let j = doc.after_gap(end);
    if j == end {
        return end;
    }
    let country = doc
        .longest_entity(j, Label::Loc)
        .filter(|(_, e)| matches!(e.attr("kind"), Some("country" | "region")))
        .map(|(h, _)| h.tokens.end);
    // "Thủ tướng Anh Theresa May": "Anh" (no lexicon country, as it is an
    // honorific too) before a foreign name is Britain.
    let britain = || {
        let k = doc.after_gap(j + 1);
        (doc.is_word(j, "anh")
            && doc.is_cap(j)
            && k > j + 1
            && doc.is_cap(k)
            && is_foreign_word(doc, k, k + 1))
        .then_some(j + 1)
    };
    let Some(end) = country.or_else(britain) else {
        return end;
    };
    let t = doc.after_gap(end);
    if t > end && doc.is_word(t, "tại") {
        if let Some((o, _)) = doc.longest_entity(doc.after_gap(t + 1), Label::Org) {
            return o.tokens.end;
        }
    }
    end
}

/// True if a person's name starts at `j`: a Vietnamese full name or a
/// foreign name ("Chủ tịch Barclay").
fn person_follows(doc: &Document<'_>, j: usize) -> bool {
    grammar::surname_name_at(doc, j).is_some()
        || foreign_name_at(doc, j).is_some()
        || doc.is_cap(j) && is_foreign_word(doc, j, j + 1) && !in_entity_hit(doc, j)
}

fn span_of(doc: &Document<'_>, r: Range<usize>) -> TextSpan {
    match (
        doc.tok(r.start),
        r.end.checked_sub(1).and_then(|e| doc.tok(e)),
    ) {
        (Some(a), Some(b)) => TextSpan::new(a.orig.start, b.orig.end),
        _ => TextSpan::default(),
    }
}

/// The name right after a title: after one space, or after " - ".
fn name_after_title(doc: &Document<'_>, end: usize) -> Option<Range<usize>> {
    let mut j = doc.after_gap(end);
    if j == end {
        return None;
    }
    if doc.is_punct(j, '-') || doc.is_punct(j, '–') {
        let k = doc.after_gap(j + 1);
        if k == j + 1 {
            return None;
        }
        j = k;
    }
    let name_end = super::person::name_after_cue(doc, j)?;
    // A title after a title ("Bí thư Tỉnh ủy Chủ tịch …") is not a name.
    Some(j..name_end)
}
