//! Organisations of general news named by their context rather than by a
//! head word of their own:
//!
//! ```text
//! descriptor name     "hãng [Apple]", "tờ [The Hill]", "báo [Yên Bái]"   (descriptor outside)
//! team place          "[đội tuyển Việt Nam]", "[U23 Thái Lan]"             (team word inside)
//! name suffix         "[Gangwon FC]"                                        (suffix inside)
//! ticker-cue ticker   "mã [HVG]", "mã CK: [BHS]", "cổ phiếu [TTF]"
//! ```
//!
//! Every word of the context is a lexicon class (`org.cue`, `org.team`,
//! `org.suffix`, `org.ticker_cue`), and the organisation's attributes name
//! it (`OrgHead::Cue`).

use std::ops::Range;

use super::foreign::foreign_name_at;
use super::grammar::{self, class};
use super::mentions::Licence;
use super::{Candidate, Document};
use crate::attrs::{Attrs, OrgAttrs, OrgHead, Rule, Source};
use crate::document::kind_mask;
use crate::entity::Label;
use crate::lexicon::EntryId;
use crate::matcher::LexHit;
use crate::syllables::TokenKind;

/// Priority of a name after a descriptor: above a bare place of that name
/// ("báo Yên Bái"), below a lexicon place ("báo Việt Nam").
pub(crate) const PRIORITY_CUE: u8 = 46;
/// Priority of a team or a name with a club suffix: above a person's name
/// after a cue ("tuyển thủ U20 Việt Nam").
pub(crate) const PRIORITY_TEAM: u8 = 48;

/// Most words of a name after a descriptor.
const MAX_NAME_WORDS: usize = 4;

/// Appends the organisations named by context at token `i`.
pub(crate) fn tag_at(doc: &Document<'_>, i: usize, out: &mut Vec<Candidate>) {
    // Each way starts on a context word of its own class.
    if !doc.starts_any(i, CONTEXT_WORDS) {
        return;
    }
    let found = [
        (after_descriptor(doc, i), Rule::ORG_CUE, PRIORITY_CUE),
        (team_at(doc, i), Rule::ORG_TEAM, PRIORITY_TEAM),
        (with_suffix(doc, i), Rule::ORG_CUE, PRIORITY_TEAM),
        (ticker_after(doc, i), Rule::ORG_TICKER, PRIORITY_TEAM),
    ];
    for (found, rule, priority) in found {
        if let Some((tokens, head)) = found {
            out.push(Candidate {
                tokens,
                label: Label::Org,
                attrs: Attrs::Org(cue_attrs(head)),
                source: Source::Rule(rule),
                priority,
            });
        }
    }
}

/// The hit kinds [`tag_at`]'s ways start with.
pub(crate) const CONTEXT_WORDS: u128 = kind_mask(&[
    class::ORG_CUE,
    class::TEAM,
    class::ORG_SUFFIX,
    class::TICKER_CUE,
]);

/// The attributes of an organisation named after (or with) a context word.
pub(crate) fn cue_attrs(head: &LexHit) -> OrgAttrs {
    OrgAttrs {
        head: EntryId(head.entry),
        head_kind: OrgHead::Cue,
        place: None,
        place_id: None,
        of: None,
        via: None,
    }
}

/// A found organisation: its tokens and the context word's hit.
type Found<'d> = Option<(Range<usize>, &'d LexHit)>;

/// "hãng Apple": a lower-case descriptor, then a capitalised name. At a
/// sentence start the descriptor is capitalised; a head word of an
/// organisation ("Công ty", "Báo") is then read by the ORG grammar instead.
fn after_descriptor<'d>(doc: &Document<'d>, i: usize) -> Found<'d> {
    let (h, _) = doc.longest(i, class::ORG_CUE)?;
    if doc.is_cap(i) && (!doc.sentence_initial(i) || doc.starts_kind(i, class::NAMED_HEAD)) {
        return None;
    }
    let j = doc.after_gap(h.tokens.end);
    if j == h.tokens.end {
        return None;
    }
    let end = org_name_end(doc, j)?;
    Some((j..end, h))
}

/// The end of an organisation's name at `j`: a foreign name, an
/// abbreviation, or capitalised words up to a person's name or a structure.
fn org_name_end(doc: &Document<'_>, j: usize) -> Option<usize> {
    let t = doc.tok(j)?;
    if t.kind != TokenKind::Word || !t.capitalized {
        return None;
    }
    let cue = doc.starts_kind(j, class::PERSON_CUE) || doc.starts_kind(j, class::ROLE_CUE);
    if cue || grammar::starts_structure(doc, j) {
        return None;
    }
    if let Some(name) = foreign_name_at(doc, j) {
        return Some(name.tokens.end);
    }
    if t.all_upper {
        return Some(j + 1);
    }
    // "báo Yên Bái | Theo báo cáo …": a paper named after its province
    // ends with it; a caption often runs into the next sentence without a
    // stop. Longer names of the lexicon ("Hà Nội Mới") win in resolution.
    if let Some(end) = country_or_province_end(doc, j) {
        return Some(end);
    }
    let mut end = j + 1;
    let mut k = doc.after_gap(end);
    let mut n = 1;
    while n < MAX_NAME_WORDS && k > end && doc.is_cap(k) && !grammar::starts_structure(doc, k) {
        end = k + 1;
        n += 1;
        k = doc.after_gap(end);
    }
    Some(end)
}

/// "đội tuyển Việt Nam", "ĐT U22 Việt Nam": team words, then a country or
/// a province.
fn team_at<'d>(doc: &Document<'d>, i: usize) -> Found<'d> {
    let (h, _) = doc.longest(i, class::TEAM)?;
    let mut j = doc.after_gap(h.tokens.end);
    // More team words: "ĐT U22".
    while let Some((more, _)) = doc.longest(j, class::TEAM) {
        let next = doc.after_gap(more.tokens.end);
        if next == more.tokens.end {
            return None;
        }
        j = next;
    }
    if j == h.tokens.end {
        return None;
    }
    let end = country_or_province_end(doc, j)?;
    Some((i..end, h))
}

/// The end of a country (world lexicon) or a province (gazetteer, bare)
/// starting at `j`.
pub(crate) fn country_or_province_end(doc: &Document<'_>, j: usize) -> Option<usize> {
    if let Some((h, e)) = doc.longest_entity(j, Label::Loc) {
        if e.attr("kind") == Some("country") {
            return Some(h.tokens.end);
        }
    }
    let (h, _) = doc.longest(j, class::ADMIN)?;
    let province = doc
        .hits_at(j)
        .iter()
        .filter(|x| x.kind == class::ADMIN && x.tokens.end == h.tokens.end)
        .flat_map(|x| doc.lexicon.hit_entries(x))
        .any(|e| e.attr("level") == Some("province"));
    (province && doc.is_cap(j)).then_some(h.tokens.end)
}

/// "Gangwon FC": capitalised words (abbreviations too), then a suffix.
fn with_suffix<'d>(doc: &Document<'d>, i: usize) -> Found<'d> {
    let (h, _) = doc.longest(i, class::ORG_SUFFIX)?;
    let mut start = i;
    for _ in 0..MAX_NAME_WORDS {
        match doc.before_gap(start) {
            Some(p) if p + 1 < start && doc.is_cap(p) => start = p,
            _ => break,
        }
    }
    (start < i).then_some((start..h.tokens.end, h))
}

/// "mã HVG", "mã CK: BHS": a ticker cue, an optional colon, then a code of
/// two to five capitals.
fn ticker_after<'d>(doc: &Document<'d>, i: usize) -> Found<'d> {
    let (h, _) = doc.longest(i, class::TICKER_CUE)?;
    let mut j = doc.after_gap(h.tokens.end);
    if doc.is_punct(j, ':') {
        j = doc.after_gap(j + 1);
    }
    if j == h.tokens.end {
        return None;
    }
    is_ticker(doc, j).then(|| (j..j + 1, h))
}

/// True if token `j` reads as a stock code: two to five capitals (a digit
/// may follow the first letter).
pub(crate) fn is_ticker(doc: &Document<'_>, j: usize) -> bool {
    let Some(t) = doc.tok(j) else { return false };
    let w = doc.text.get(t.orig.clone()).unwrap_or("");
    t.kind == TokenKind::Word
        && (2..=5).contains(&w.chars().count())
        && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && w.chars().next().is_some_and(char::is_alphabetic)
}

/// Priority of a club named by its city or province in football news:
/// above the lexicon's place of that name.
pub(crate) const PRIORITY_CLUB: u8 = 51;
/// Priority of another mention of an organisation named once by context.
pub(crate) const PRIORITY_REPEAT: u8 = 46;

/// Football-news words a document needs to be read as football news.
const FOOTBALL_MIN_CUES: usize = 2;

/// In football news, a bare city or province that is no place (no "tại",
/// "ở" before it) names its club: "đánh bại Long An 3-2", "Đặng Văn Lâm
/// (Hải Phòng)", "đến Barcelona". Countries stay places. Adds the club as
/// an ORG candidate over the place.
pub(crate) fn football_clubs(doc: &Document<'_>, out: &mut Vec<Candidate>) {
    let cues = doc
        .hits
        .iter()
        .filter(|h| h.kind == class::SPORT_CUE)
        .count();
    if cues < FOOTBALL_MIN_CUES {
        return;
    }
    let clubs: Vec<Candidate> = out
        .iter()
        .filter(|c| c.label == Label::Loc)
        .filter_map(|c| {
            let place = club_place(doc, c)?;
            let placed = doc
                .prev_content(c.tokens.start, &[])
                .is_some_and(|p| doc.has_exact(p..p + 1, class::LOC_CUE));
            (!placed).then(|| Candidate {
                tokens: c.tokens.clone(),
                label: Label::Org,
                attrs: Attrs::Org(OrgAttrs {
                    head: place,
                    head_kind: OrgHead::Club,
                    place: None,
                    place_id: Some(place),
                    of: None,
                    via: None,
                }),
                source: Source::Rule(Rule::ORG_CLUB),
                priority: PRIORITY_CLUB,
            })
        })
        .collect();
    out.extend(clubs);
}

/// The place entry of a LOC candidate that may name a club: a world city
/// of the lexicon, or a province named without its type word.
fn club_place(doc: &Document<'_>, c: &Candidate) -> Option<EntryId> {
    match (&c.attrs, c.source) {
        (Attrs::Entry(e), Source::Entry(_)) => {
            let city = doc.lexicon.entry(e.0)?.attr("kind") == Some("city");
            city.then_some(*e)
        }
        (Attrs::Loc(l), Source::Rule(Rule::LOC_BARE)) => {
            let end = country_or_province_end(doc, c.tokens.start)?;
            (end == c.tokens.end).then_some(l.unit).flatten()
        }
        _ => None,
    }
}

/// The forms of organisations that license other mentions in the
/// document: an abbreviation defined in parentheses right after an
/// organisation ("Ngân hàng Nhà nước (NHNN)"), a ticker after its cue, and
/// a name after a descriptor that is no place ("hãng Verizon").
pub(crate) fn org_licences(doc: &Document<'_>, out: &[Candidate], licences: &mut Vec<Licence>) {
    licences.clear();
    for c in out.iter().filter(|c| c.label == Label::Org) {
        let attrs = match &c.attrs {
            Attrs::Entry(e) => Attrs::Org(OrgAttrs {
                head: *e,
                head_kind: OrgHead::National,
                place: None,
                place_id: None,
                of: None,
                via: None,
            }),
            other => other.clone(),
        };
        let licence = |form: Range<usize>| Licence {
            by: c.tokens.clone(),
            form,
            label: Label::Org,
            short: false,
            attrs: attrs.clone(),
        };
        if let Some(abbr) = abbreviation_after(doc, c.tokens.end) {
            licences.push(licence(abbr));
        }
        let named_by_context = match c.source {
            Source::Rule(Rule::ORG_TICKER) => true,
            Source::Rule(Rule::ORG_CUE) => !out
                .iter()
                .any(|l| l.label == Label::Loc && l.tokens == c.tokens),
            _ => false,
        };
        if named_by_context {
            licences.push(licence(c.tokens.clone()));
        }
    }
}

/// The abbreviation in parentheses right after a name ending at `end`:
/// capitals, maybe joined by "&", "-" or "." ("NN&PTNT").
fn abbreviation_after(doc: &Document<'_>, end: usize) -> Option<Range<usize>> {
    let open = doc.after_gap(end);
    if !doc.is_punct(open, '(') {
        return None;
    }
    let first = open + 1;
    let mut k = first;
    loop {
        let t = doc.tok(k)?;
        if t.kind != TokenKind::Word
            || !(t.all_upper || doc.word(k).chars().count() == 1 && t.capitalized)
        {
            return None;
        }
        k += 1;
        let joined = doc.kind(k) == Some(TokenKind::Punct)
            && matches!(doc.word(k), "&" | "-" | ".")
            && doc.kind(k + 1) == Some(TokenKind::Word);
        if !joined {
            break;
        }
        k += 1;
    }
    let word = doc.span_text(first..k);
    (doc.is_punct(k, ')') && word.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .then_some(first..k)
}
