//! References by name rather than by number: plenums and congresses
//! ("Nghị quyết Trung ương 4", "Văn kiện Đại hội XIII"), law titles ("Luật
//! Đất đai"), amendment laws ("Luật sửa đổi, bổ sung một số điều của Bộ
//! luật Hình sự"), capitalised and quoted titles ("Quy chế Tuyển sinh",
//! "Đề án “…”"), treaties ("Hiệp ước Maastricht") and documents known by
//! name alone ("Điều lệ Đảng").

use super::codes::System;
use super::{
    DocRefTagger, Document, NamedDoc, Ref, Role, TypeWord, BODY_HEAD_KIND, NAMED_KIND,
    NOT_TITLE_KIND, TYPE_KIND,
};
use crate::attrs::rule;
use crate::label::Label;
use crate::matcher::entity_kind;
use crate::numbers::{int, roman};
use crate::syllables::TokenKind;
use crate::taggers::grammar::{self, class};

/// Most words in a capitalised title or an amended law's title.
const MAX_TITLE_WORDS: usize = 12;

/// Classes whose entries start a body, place or person: after a type word
/// they are its issuer or its subject ("Quy định Bộ Công thương", "Kế
/// hoạch Tỉnh ủy"), not a title.
const BODY_KINDS: [u8; 9] = [
    class::NAMED_HEAD,
    class::UNIT_BODY,
    class::PREFIX,
    class::COMMITTEE,
    class::PLACE_TYPE,
    class::ORG_NAME,
    class::BRAND,
    class::ROLE,
    class::PERSON_CUE,
];

impl DocRefTagger {
    /// A distinguishing name after the type word at tokens `a..b`, the
    /// name starting at `j`. Sets the end, rule and what the name says;
    /// returns whether a term may still follow, or `None` if nothing
    /// distinguishing follows.
    pub(super) fn named_after(
        &self,
        doc: &Document<'_>,
        (a, b): (usize, usize),
        j: usize,
        info: &TypeWord,
        r: &mut Ref,
    ) -> Option<bool> {
        let type_cap = doc.is_cap(a);
        let forms = info.named;
        if forms.congress {
            if let Some(end) = self.congress(doc, j, type_cap, r) {
                r.end = end;
                return Some(true);
            }
        }
        if forms.law && type_cap {
            if let Some((end, amended)) = self.amendment(doc, j) {
                r.end = end;
                r.id = Some(format!("{} sửa đổi, bổ sung {amended}", info.name));
                r.amends = Some(amended);
                r.rule = Some(rule!("docref.amendment"));
                self.year_or_code(doc, r);
                return Some(true);
            }
        }
        if forms.law {
            if let Some((end, title)) = self.law(doc, j, a, b, false) {
                r.end = end;
                r.id = Some(format!("{} {title}", info.name));
                r.rule = Some(rule!("docref.law"));
                self.year_or_code(doc, r);
                return Some(true);
            }
        }
        if let Some(end) = (forms.org && type_cap).then(|| org_at(doc, j)).flatten() {
            r.end = end;
            r.rule = Some(rule!("docref.org"));
            return Some(true);
        }
        if let Some((end, title)) = (type_cap && info.quoted).then(|| quoted(doc, j)).flatten() {
            r.end = end;
            r.subject = Some(title);
            r.rule = Some(rule!("docref.quoted"));
            return Some(false);
        }
        if (forms.title || forms.treaty) && type_cap {
            let end = self.cap_title(doc, (a, b), j, forms.treaty)?;
            r.end = end;
            r.rule = Some(rule!("docref.title"));
            self.year_or_code(doc, r);
            return Some(true);
        }
        None
    }

    /// A document known by name, with a following year or amendment note.
    pub(super) fn named_doc(
        &self,
        doc: &Document<'_>,
        a: usize,
        b: usize,
        named: &NamedDoc,
    ) -> Ref {
        let mut r = Ref {
            start: a,
            end: b,
            doc_type: (!named.doc_type.is_empty()).then(|| named.doc_type.clone()),
            id: Some(named.id.clone()),
            rule: Some(rule!("docref.named")),
            ..Ref::default()
        };
        self.year_or_code(doc, &mut r);
        self.attach_term(doc, &mut r);
        r
    }

    /// "Trung ương 4", "Hội nghị Trung ương 4", "Hội nghị lần thứ tư Ban
    /// Chấp hành Trung ương Đảng", "Đại hội … lần thứ XVI …".
    fn congress(&self, doc: &Document<'_>, j: usize, type_cap: bool, r: &mut Ref) -> Option<usize> {
        let (k, hoi_nghi) = match doc.words(j, &["hội", "nghị"]) {
            Some(e) => (doc.after_gap(e), true),
            None => (j, false),
        };
        // "Trung ương 4", also abbreviated "TƯ 4", "TW 4"
        let tw = (doc.is_word_in(k, &["tư", "tw"]) && doc.tok(k).is_some_and(|t| t.all_upper))
            .then_some(k + 1);
        if let Some(e) = doc.words(k, &["trung", "ương"]).or(tw) {
            if !doc.is_cap(k) {
                return None;
            }
            let n = doc.after_gap(e);
            r.plenum = Some(ordinal(doc, n)?);
            r.rule = Some(rule!("docref.plenum"));
            return Some(n + 1);
        }
        if hoi_nghi {
            return plenum_by_ordinal(doc, k, r);
        }
        let e = doc.words(k, &["đại", "hội"])?;
        if !(type_cap || doc.is_cap(k)) {
            return None;
        }
        let end = congress_name(doc, e, r)?;
        r.rule = Some(rule!("docref.congress"));
        Some(end)
    }

    /// A law title right after "Luật"/"Bộ luật"/"Pháp lệnh" (tokens a..b).
    /// `any_case`: a lower-case title is a title too (inside an amendment
    /// law's name).
    fn law(
        &self,
        doc: &Document<'_>,
        j: usize,
        a: usize,
        b: usize,
        any_case: bool,
    ) -> Option<(usize, &str)> {
        let type_view: &str = doc
            .view
            .as_str()
            .get(doc.tok(a)?.view.start..doc.tok(b - 1)?.view.end)
            .unwrap_or("");
        // a lower-case title only after "Bộ luật": "luật đất đai" is a
        // field of law
        let case_ok = any_case || doc.is_cap(j) || doc.same_word(type_view, "bộ luật");
        doc.hits_at(j)
            .iter()
            .filter_map(|h| match self.role(h.entry) {
                Role::Law(k) => self.laws.get(k as usize).map(|l| (h, l)),
                _ => None,
            })
            .filter(|(_, l)| case_ok && l.types.iter().any(|t| t == type_view))
            .max_by_key(|(h, _)| h.tokens.end)
            .map(|(h, l)| (h.tokens.end, &*l.id))
    }

    /// "sửa đổi, bổ sung (một số điều) (của) Luật …" after "Luật" at `j`:
    /// the end of the amended law's title and that law ("Bộ luật Hình
    /// sự").
    fn amendment(&self, doc: &Document<'_>, j: usize) -> Option<(usize, String)> {
        let mut n = doc.after_gap(doc.words(j, &["sửa", "đổi"])?);
        if doc.is_punct(n, ',') {
            n = doc.after_gap(n + 1);
        }
        if let Some(e) = doc.words(n, &["bổ", "sung"]) {
            n = doc.after_gap(e);
        }
        if let Some(e) = doc.words(n, &["một", "số", "điều"]) {
            n = doc.after_gap(e);
        }
        if doc.is_word(n, "của") {
            n = doc.after_gap(n + 1);
        }
        // a law known by name: "Hiến pháp", "BLHS"
        if let Some(named) = doc.longest(n, NAMED_KIND).and_then(|(h, _)| {
            self.named_doc_of(self.role(h.entry))
                .map(|d| (h.tokens.end, d.id.clone()))
        }) {
            return Some(named);
        }
        let (th, _) = doc.longest(n, TYPE_KIND)?;
        let info = self.type_word(self.role(th.entry))?;
        if !info.named.law {
            return None;
        }
        let (ta, tb) = (th.tokens.start, th.tokens.end);
        let t = doc.after_gap(tb);
        if t == tb {
            return None;
        }
        if let Some((end, title)) = self.law(doc, t, ta, tb, true) {
            return Some((end, format!("{} {title}", info.name)));
        }
        // a title the lexicon does not list: its words up to a stop
        let end = self.title_words(doc, t, false)?;
        Some((end, format!("{} {}", info.name, doc.span_text(t..end))))
    }

    /// The end of a capitalised title after the type word at `a..b`, the
    /// title starting at `j`. A treaty's title may name a place or a person
    /// ("Hiệp định Paris"); other titles may not, nor may they start with a
    /// body ("Quy định Bộ Công thương": the issuer) or a department's field
    /// ("Kế hoạch Tài chính": `docref.not_title`). A type word right after a
    /// body's head is part of the body's name ("Bộ Kế hoạch và Đầu tư"), and
    /// one in capitals is a headline, not a title's head.
    fn cap_title(
        &self,
        doc: &Document<'_>,
        (a, b): (usize, usize),
        j: usize,
        treaty: bool,
    ) -> Option<usize> {
        if j == b || doc.tok(a)?.all_upper {
            return None;
        }
        let in_body = doc.before_gap(a).is_some_and(|p| {
            doc.hits_ending(p + 1).any(|h| {
                h.kind == BODY_HEAD_KIND
                    || BODY_KINDS.contains(&h.kind)
                    || h.kind == entity_kind(Label::Org)
            })
        });
        let first = doc.tok(j)?;
        if in_body || !first.capitalized || first.all_upper || doc.orig(j).chars().count() < 2 {
            return None;
        }
        let starts = |k: u8| doc.starts_kind(j, k);
        let place_or_person = starts(entity_kind(Label::Loc))
            || starts(entity_kind(Label::Per))
            || starts(class::ADMIN);
        if grammar::starts_structure(doc, j)
            || BODY_KINDS.iter().any(|&k| starts(k))
            || starts(NOT_TITLE_KIND)
            || (!treaty && place_or_person)
        {
            return None;
        }
        let end = self.title_words(doc, j, treaty)?;
        // "Hiệp ước Bắc Đại Tây Dương (NATO)": the organisation's name
        let paren = doc.after_gap(end);
        let org_abbr = doc.is_punct(paren, '(')
            && doc
                .longest_entity(doc.after_gap(paren + 1), Label::Org)
                .is_some_and(|(h, _)| doc.is_punct(doc.after_gap(h.tokens.end), ')'));
        (!org_abbr).then_some(end)
    }

    /// The end of a title's words from `j` on: words one space apart, up to
    /// [`title_stop`]; at most [`MAX_TITLE_WORDS`]. A treaty's title ends
    /// with a capitalised word, or with the lower-case syllable that
    /// completes a Vietnamese word after one ("Hiệp ước Hòa bình", "Hiệp
    /// định Thương mại [tự do]"), and before three other lower-case words in
    /// a row ("Hiệp ước Maastricht [dẫn tới việc] …").
    fn title_words(&self, doc: &Document<'_>, j: usize, treaty: bool) -> Option<usize> {
        let (mut end, mut keep_end, mut lower_run) = (j, j, 0);
        let mut after_vietnamese_cap = false;
        let mut k = j;
        for n in 0..MAX_TITLE_WORDS {
            if title_stop(doc, k, n, treaty) {
                break;
            }
            let cap = doc.is_cap(k);
            // "Giơ-ne-vơ": syllables joined by a dash are one word
            let joined = n > 0 && k > 0 && doc.is_dash(k - 1);
            if cap || after_vietnamese_cap || joined {
                lower_run = 0;
                keep_end = k + 1;
            } else {
                lower_run += 1;
                if treaty && lower_run >= 3 {
                    break;
                }
            }
            after_vietnamese_cap = cap && !doc.orig(k).is_ascii();
            end = k + 1;
            let next = doc.after_gap(end);
            if next == end && !(doc.is_dash(end) && doc.kind(end + 1) == Some(TokenKind::Word)) {
                break;
            }
            k = if next == end { end + 1 } else { next };
        }
        let end = if treaty { keep_end } else { end };
        (end > j).then_some(end)
    }

    /// "năm 2013", "2013", "số 100/2015/QH13" or "(sửa đổi, bổ sung năm
    /// 2017)" right after a named document: part of the span.
    pub(super) fn year_or_code(&self, doc: &Document<'_>, r: &mut Ref) {
        let k = doc.after_gap(r.end);
        if let Some(y) = year_after(doc, k) {
            r.year = int(doc.word(y)).map(|v| v as i32);
            r.end = y + 1;
            return;
        }
        let c = if doc.is_word(k, "số") {
            doc.after_gap(k + 1)
        } else {
            k
        };
        if doc.is_number(c) {
            if let Some(code) = self.code_at(doc, c).filter(|c| c.system == System::State) {
                r.end = code.end;
                r.year = code.year;
                r.code = Some(code);
                return;
            }
        }
        if let Some(end) = amendment_note(doc, k) {
            r.end = end;
        }
    }
}

/// True if the title word `n` at `k` ends the title before it: no word, a
/// lower-case stop word ("của", "về", "năm" …) or term noun ("giai
/// đoạn"), another type word or (but in a treaty's title: "Hiệp định
/// Thương mại Tự do ASEAN") the head of a body or place, "do" before
/// a body (the issuer: "do Bộ Tài chính"; in "Tự do ASEAN" it is part of
/// the title), or a lower-case word after an abbreviation ("Luật các TCTD
/// [diễn ra] …").
fn title_stop(doc: &Document<'_>, k: usize, n: usize, treaty: bool) -> bool {
    if doc.kind(k) != Some(TokenKind::Word) {
        return true;
    }
    let cap = doc.is_cap(k);
    // "và" joins two capitalised parts of a treaty's title ("Hiệp ước Hữu
    // nghị và Hợp tác")
    let joins_caps = treaty && n > 0 && doc.is_word(k, "và") && doc.is_cap(doc.after_gap(k + 1));
    let lower_stop = !cap
        && !joins_caps
        && (doc.starts_kind(k, class::ISSUER_STOP) || doc.starts_kind(k, class::TERM_NOUN));
    let next_head =
        n > 0 && (doc.starts_kind(k, TYPE_KIND) || (!treaty && grammar::starts_structure(doc, k)));
    let agent = doc.is_word(k, "do")
        && !doc.before_gap(k).is_some_and(|p| doc.is_cap(p))
        && grammar::starts_structure(doc, doc.after_gap(k + 1));
    let after_abbr = n > 0
        && !cap
        && doc
            .before_gap(k)
            .and_then(|p| doc.tok(p))
            .is_some_and(|t| t.all_upper);
    lower_stop || next_head || agent || after_abbr
}

/// "Hội nghị lần thứ tư Ban Chấp hành Trung ương (Đảng)" from "lần" at `k`.
fn plenum_by_ordinal(doc: &Document<'_>, k: usize, r: &mut Ref) -> Option<usize> {
    let e = doc.words(k, &["lần", "thứ"])?;
    let n = doc.after_gap(e);
    let num = ordinal(doc, n)?;
    let b = doc.after_gap(n + 1);
    let mut end = doc
        .words(b, &["ban", "chấp", "hành", "trung", "ương"])
        .or_else(|| doc.words(b, &["bch", "trung", "ương"]))
        .or_else(|| doc.words(b, &["bchtw"]))?;
    if let Some(e) = doc.words(doc.after_gap(end), &["đảng"]) {
        end = e;
    }
    r.plenum = Some(num);
    r.rule = Some(rule!("docref.plenum"));
    Some(end)
}

/// One step along a congress's name.
enum Step {
    /// The name goes on to this token; `distinct` if this part says which
    /// congress it is.
    Extend { end: usize, distinct: bool },
    /// The name ends at this token.
    Last(usize),
    /// The name ends before this step.
    Stop,
    /// Not one congress: "Đại hội Đảng các cấp".
    Reject,
}

/// The end of a congress's name after "Đại hội" (ending at `e`), if it says
/// which congress.
fn congress_name(doc: &Document<'_>, e: usize, r: &mut Ref) -> Option<usize> {
    let mut end = e;
    let mut distinct = false;
    loop {
        match congress_step(doc, doc.after_gap(end), r) {
            Step::Extend {
                end: x,
                distinct: d,
            } => {
                end = x;
                distinct |= d;
            }
            Step::Last(x) => {
                end = x;
                break;
            }
            Step::Stop => break,
            Step::Reject => return None,
        }
    }
    distinct.then_some(end)
}

/// What the words at `n` add to a congress's name.
fn congress_step(doc: &Document<'_>, n: usize, r: &mut Ref) -> Step {
    if let Some(e) = doc.words(n, &["đại", "biểu"]) {
        return Step::Extend {
            end: e,
            distinct: false,
        };
    }
    if let Some(e) = doc.words(n, &["toàn", "quốc"]) {
        return Step::Extend {
            end: e,
            distinct: true,
        };
    }
    if let Some(e) = doc.words(n, &["lần", "thứ"]) {
        let m = doc.after_gap(e);
        let Some(num) = ordinal(doc, m) else {
            return Step::Stop;
        };
        r.congress = Some(num);
        return Step::Extend {
            end: m + 1,
            distinct: true,
        };
    }
    if doc.kind(n) == Some(TokenKind::Word) && roman(doc.orig(n)).is_some() {
        r.congress = roman(doc.orig(n));
        return Step::Extend {
            end: n + 1,
            distinct: true,
        };
    }
    if let Some(e) = doc.words(n, &["đảng", "bộ"]).filter(|_| doc.is_cap(n)) {
        return Step::Extend {
            end: party_unit(doc, e),
            distinct: true,
        };
    }
    if doc.is_cap(n) && doc.is_word(n, "đảng") {
        // "Đảng" alone does not say which congress
        return Step::Extend {
            end: the_party(doc, n),
            distinct: false,
        };
    }
    if doc.words(n, &["các", "cấp"]).is_some() {
        // "Nghị quyết Đại hội Đảng các cấp": a class of documents
        return Step::Reject;
    }
    let p = doc.after_gap(n + 1);
    if doc.is_word(n, "của") && doc.is_cap(p) {
        if !doc.is_word(p, "đảng") || doc.words(p, &["đảng", "bộ"]).is_some() {
            return Step::Stop;
        }
        return Step::Last(the_party(doc, p));
    }
    Step::Stop
}

/// The end of "Đảng bộ" (ending at `e`) with its unit word and the
/// capitalised name of its place: "Đảng bộ tỉnh Bình Phước".
fn party_unit(doc: &Document<'_>, mut e: usize) -> usize {
    if let Some(x) = doc.class_phrase_end(doc.after_gap(e), class::ADMIN_WORD) {
        e = x;
    }
    loop {
        let c = doc.after_gap(e);
        if doc.is_cap(c) && !doc.is_word_in(c, &["lần", "khóa", "nhiệm"]) {
            e = c + 1;
        } else {
            return e;
        }
    }
}

/// The end of "Đảng" at `n`, or of "Đảng Cộng sản Việt Nam".
fn the_party(doc: &Document<'_>, n: usize) -> usize {
    doc.words(doc.after_gap(n + 1), &["cộng", "sản", "việt", "nam"])
        .unwrap_or(n + 1)
}

/// The year token of "năm 2013" or "2013" at `k`.
pub(super) fn year_after(doc: &Document<'_>, k: usize) -> Option<usize> {
    let y = if doc.is_word(k, "năm") {
        doc.after_gap(k + 1)
    } else if doc.is_number(k) && !doc.is_punct(k + 1, '/') {
        k
    } else {
        return None;
    };
    let w = doc.word(y);
    (doc.is_number(y) && w.len() == 4 && int(w).is_some_and(|v| (1900..=2100).contains(&v)))
        .then_some(y)
}

/// The end of "(sửa đổi, bổ sung năm 2017)", "(bổ sung, phát triển năm
/// 2011)" at `k`.
fn amendment_note(doc: &Document<'_>, k: usize) -> Option<usize> {
    if !doc.is_punct(k, '(') {
        return None;
    }
    let w = doc.after_gap(k + 1);
    doc.words(w, &["sửa", "đổi"])
        .or_else(|| doc.words(w, &["bổ", "sung"]))?;
    for e in w..w + 24 {
        match doc.kind(e) {
            Some(TokenKind::LineBreak) | None => return None,
            _ if doc.is_punct(e, ')') => return Some(e + 1),
            _ => {}
        }
    }
    None
}

/// An ordinal after "lần thứ" or a plenum number: "4", "IV", "tư".
pub(super) fn ordinal(doc: &Document<'_>, i: usize) -> Option<u32> {
    match doc.kind(i)? {
        TokenKind::Number => int(doc.word(i)).filter(|&n| (1..=30).contains(&n)),
        TokenKind::Word => roman(doc.orig(i)).or_else(|| number_word(doc.word(i))),
        _ => None,
    }
}

/// A term number: Roman ("XII") or digits.
pub(super) fn term_number(doc: &Document<'_>, i: usize) -> Option<u32> {
    match doc.kind(i)? {
        TokenKind::Number => int(doc.word(i)).filter(|&n| (1..=30).contains(&n)),
        TokenKind::Word => roman(doc.orig(i)),
        _ => None,
    }
}

/// Vietnamese ordinal words used for plenums and congresses.
fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "nhất" => 1,
        "hai" => 2,
        "ba" => 3,
        "tư" | "bốn" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        _ => return None,
    })
}

/// An organisation from the lexicons starting at `j`; its end.
fn org_at(doc: &Document<'_>, j: usize) -> Option<usize> {
    doc.longest_entity(j, Label::Org).map(|(h, _)| h.tokens.end)
}

/// A quoted title at `j`: (end after the closing quote, inner text).
pub(super) fn quoted(doc: &Document<'_>, j: usize) -> Option<(usize, String)> {
    if doc.kind(j) != Some(TokenKind::Punct) {
        return None;
    }
    let close = match doc.word(j) {
        "“" => '”',
        "\"" => '"',
        "«" => '»',
        "„" => '“',
        _ => return None,
    };
    let mut e = j + 1;
    for _ in 0..80 {
        match doc.kind(e) {
            None | Some(TokenKind::LineBreak) => return None,
            Some(TokenKind::Punct) if doc.word(e).starts_with(close) => {
                let title_cap = doc.tokens[j + 1..e]
                    .iter()
                    .find(|t| t.is_content())
                    .is_some_and(|t| t.capitalized || t.kind == TokenKind::Number);
                if e == j + 1 || !title_cap {
                    return None;
                }
                let inner = doc.span_text(j + 1..e).trim().to_string();
                return Some((e + 1, inner));
            }
            _ => e += 1,
        }
    }
    None
}
