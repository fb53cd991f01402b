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

use super::grammar::{self, class};
use super::org::org_at;
use super::{Candidate, Document, Tagger};
use crate::attrs::{Attrs, Rule, Source, TextSpan, TitleAttrs};
use crate::label::Label;
use crate::lexicon::EntryId;

/// Tags position titles and the names that follow them.
#[derive(Debug, Default)]
pub(crate) struct TitleTagger;

impl TitleTagger {
    /// Priority of titles.
    pub(crate) const PRIORITY: u8 = 45;
    /// Priority of a name right after a title.
    pub(crate) const PRIORITY_NAME: u8 = 42;
}

impl Tagger for TitleTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        let tokens = doc.tokens;
        for i in 0..tokens.len() {
            if !doc.is_cap(i) {
                continue;
            }
            let mut best: Option<(usize, TitleAttrs)> = None;
            if !doc.starts_kind(i, class::ROLE) {
                continue;
            }
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
                // The body after the role, or a body that starts inside it
                // and runs on: "Trưởng Ban" + "Tuyên giáo Tỉnh ủy" is
                // "Trưởng" + "Ban Tuyên giáo Tỉnh ủy"; likewise "Trưởng Công an" + "huyện".
                let after = (j > role_end).then(|| org_at(doc, j, true)).flatten();
                let inside = || {
                    (h.tokens.start + 1..role_end)
                        .filter(|&k| tokens[k].kind == crate::syllables::TokenKind::Word)
                        .filter_map(|k| org_at(doc, k, true))
                        .filter(|o| o.tokens.end > role_end)
                        .max_by_key(|o| o.tokens.end)
                };
                let end = match after.or_else(inside) {
                    Some(org) => {
                        let (a, b) = (doc.tok(org.tokens.start), doc.tok(org.tokens.end - 1));
                        if let (Some(a), Some(b)) = (a, b) {
                            attrs.org = Some(TextSpan::new(a.orig.start, b.orig.end));
                        }
                        let end = org.tokens.end;
                        attrs.body = Some(org.attrs);
                        end
                    }
                    None if e.attr("standalone") == Some("1") => role_end,
                    None if j > role_end && grammar::surname_name_at(doc, j).is_some() => role_end,
                    None => continue,
                };
                if best.as_ref().is_none_or(|(b, _)| end > *b) {
                    best = Some((end, attrs));
                }
            }
            let Some((end, attrs)) = best else { continue };
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

/// The name right after a title: after one space, or after " - ".
fn name_after_title(doc: &Document<'_>, end: usize) -> Option<std::ops::Range<usize>> {
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
    let name_end = grammar::name_after_cue(doc, j)?;
    // A title after a title ("Bí thư Tỉnh ủy Chủ tịch …") is not a name.
    Some(j..name_end)
}
