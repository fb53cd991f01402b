//! What follows a reference: the term attached to it ("(khóa XII)"), and
//! the date, issuer and subject that go into its attributes.

use super::named::{ordinal, quoted, term_number};
use super::{DocRefTagger, Document, Ref};
use crate::attrs::{Attrs, DocRefAttrs, Rule, Source, TextSpan};
use crate::label::Label;
use crate::numbers::int;
use crate::syllables::TokenKind;
use crate::taggers::date::date_at;
use crate::taggers::grammar::class;
use crate::taggers::Candidate;

impl DocRefTagger {
    /// "(khóa XII)", ", khóa XII" or " khóa XII" right after the reference.
    pub(super) fn attach_term(&self, doc: &Document<'_>, r: &mut Ref) {
        let k = doc.after_gap(r.end);
        let (kw, paren) = if doc.is_punct(k, '(') {
            (doc.after_gap(k + 1), true)
        } else if doc.is_punct(k, ',') {
            (doc.after_gap(k + 1), false)
        } else {
            (k, false)
        };
        if !doc.is_word(kw, "khóa") {
            return;
        }
        let n = doc.after_gap(kw + 1);
        let Some(term) = term_number(doc, n) else {
            return;
        };
        if paren {
            let c = doc.after_gap(n + 1);
            if !doc.is_punct(c, ')') {
                return;
            }
            r.end = c + 1;
        } else {
            r.end = n + 1;
        }
        r.term = Some(term);
    }

    /// The candidate for `r`, with the date, issuer and subject that follow.
    pub(super) fn finish(&self, doc: &Document<'_>, r: Ref) -> Candidate {
        let mut a = DocRefAttrs {
            doc_type: r.doc_type.clone(),
            term: r.term,
            year: r.year,
            plenum: r.plenum,
            congress: r.congress,
            subject: r.subject.clone(),
            type_mismatch: r.type_mismatch,
            amends: r.amends.clone(),
            ..DocRefAttrs::default()
        };
        if let Some(c) = &r.code {
            a.number = Some(c.number.clone());
            if c.year.is_some() {
                a.year = c.year;
            }
            a.type_code = c.type_code.as_ref().map(|(tc, _)| tc.clone());
            a.issuer_code = c.issuer_code.as_ref().map(|(ic, _)| ic.clone());
            if a.term.is_none() {
                a.term = c.term;
            }
        }
        a.id = r
            .code
            .as_ref()
            .and_then(|c| c.id.clone())
            .or_else(|| r.id.clone());
        self.followers(doc, r.end, &mut a);
        Candidate {
            tokens: r.start..r.end,
            label: Label::DocRef,
            attrs: Attrs::DocRef(Box::new(a)),
            source: Source::Rule(r.rule.unwrap_or(Rule::DOCREF)),
            priority: Self::PRIORITY,
        }
    }

    /// What follows a reference: ", ngày …", "của …", "về …", in any order.
    fn followers(&self, doc: &Document<'_>, end: usize, a: &mut DocRefAttrs) {
        let mut at = end;
        for _ in 0..3 {
            let mut k = doc.after_gap(at);
            if doc.is_punct(k, ',') {
                k = doc.after_gap(k + 1);
            }
            if doc.is_word(k, "ngày") && a.date.is_none() {
                if let Some(d) = date_at(doc, k) {
                    a.date = Some(d.value());
                    at = d.end;
                    continue;
                }
            }
            if doc.is_word_in(k, &["của", "do"])
                && doc.is_cap(doc.after_gap(k + 1))
                && a.issuer.is_none()
            {
                let from = doc.after_gap(k + 1);
                let (end, t) = issuer_phrase(doc, from);
                if end > k + 1 {
                    if a.term.is_none() {
                        a.term = t;
                    }
                    if let (Some(x), Some(y)) = (doc.tok(from), doc.tok(end - 1)) {
                        a.issuer = Some(TextSpan::new(x.orig.start, y.orig.end));
                    }
                    at = end;
                    continue;
                }
            }
            if doc.is_word(k, "về") && a.subject.is_none() {
                let s = doc.after_gap(k + 1);
                if let Some((_, title)) = quoted(doc, s) {
                    a.subject = Some(title);
                } else {
                    let end = subject_end(doc, s);
                    if end > s {
                        a.subject = Some(doc.span_text(s..end).to_string());
                    }
                }
            }
            break;
        }
    }
}

/// The issuer phrase starting at `s`: its end and the term in it.
/// "Ban Thường vụ Tỉnh ủy", "Hội nghị lần thứ năm Ban Chấp hành Trung ương
/// Đảng khóa XIII", "Ban Chấp hành Trung ương Đảng (khóa XIII)".
fn issuer_phrase(doc: &Document<'_>, s: usize) -> (usize, Option<u32>) {
    let mut end = s;
    let mut lower_run = 0;
    let mut term = None;
    let mut i = s;
    for _ in 0..24 {
        // "lần thứ năm", "khóa XIII", "Trung ương 5": part of the name
        if let Some(e) = doc.words(i, &["lần", "thứ"]) {
            let n = doc.after_gap(e);
            if ordinal(doc, n).is_some() {
                end = n + 1;
                lower_run = 0;
                i = doc.after_gap(end);
                continue;
            }
        }
        if doc.is_word(i, "khóa") {
            let n = doc.after_gap(i + 1);
            if let Some(t) = term_number(doc, n) {
                term = Some(t);
                end = n + 1;
            }
            break;
        }
        match doc.kind(i) {
            Some(TokenKind::Word) => {
                let cap = doc.is_cap(i);
                let stop = doc.starts_kind(i, class::ISSUER_STOP);
                if !cap && (stop || lower_run >= 3) {
                    break;
                }
                lower_run = if cap { 0 } else { lower_run + 1 };
                end = i + 1;
                i = doc.after_gap(i + 1);
            }
            Some(TokenKind::Number) if end > s && int(doc.word(i)).is_some_and(|n| n < 100) => {
                end = i + 1;
                i = doc.after_gap(i + 1);
            }
            Some(TokenKind::Punct) if doc.is_punct(i, '(') => {
                // "(khóa XIII)"
                let k = doc.after_gap(i + 1);
                if doc.is_word(k, "khóa") {
                    let n = doc.after_gap(k + 1);
                    if let Some(t) = term_number(doc, n) {
                        let c = doc.after_gap(n + 1);
                        if doc.is_punct(c, ')') {
                            term = Some(t);
                            end = c + 1;
                        }
                    }
                }
                break;
            }
            _ => break,
        }
    }
    (end, term)
}

/// The end of a "về …" subject starting at `s`.
fn subject_end(doc: &Document<'_>, s: usize) -> usize {
    let mut end = s;
    let mut i = s;
    for _ in 0..60 {
        match doc.kind(i) {
            Some(TokenKind::Word | TokenKind::Number) => {
                end = i + 1;
                i += 1;
            }
            Some(TokenKind::Space) => i += 1,
            Some(TokenKind::Punct) => {
                let p = doc.word(i);
                if matches!(
                    p,
                    "." | ";" | ":" | "!" | "?" | "(" | ")" | "“" | "”" | "\""
                ) {
                    break;
                }
                if p == "," {
                    let n = doc.after_gap(i + 1);
                    if doc.is_word_in(n, &["ngày", "của", "do"]) || doc.is_cap(n) {
                        break;
                    }
                }
                i += 1;
            }
            _ => break,
        }
    }
    end
}
