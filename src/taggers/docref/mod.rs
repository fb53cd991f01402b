//! The DOCREF tagger: references to one specific Party or state document.
//!
//! A reference is a type word (`lexicons/docref/types.tsv`) followed by
//! what singles the document out:
//!
//! | form | example (span in brackets) |
//! |------|----------------------------|
//! | Party code | [Chỉ thị số 05-CT/TW]; [Kế hoạch 27-KH/ThU] |
//! | state code | [Nghị định 30/2020/NĐ-CP]; [Quyết định số 123/QĐ-TTg]; [Luật số 45/2019/QH14]; [Công văn số 1234/UBND-KT]; [Giấy phép số 12/GP-BTTTT]; [Bản án số 15/2019/DS-PT] |
//! | type phrase | [Quyết định xử phạt vi phạm hành chính số 12/QĐ-XPVPHC]; [Bản án hình sự phúc thẩm số 20/2018/HSPT] (words between the type word and "số", then a code) |
//! | number only | [Chỉ thị số 05]; [Nghị quyết 35] (capitalised type word, no counted noun after) |
//! | plenum | [Nghị quyết Trung ương 4 (khóa XII)]; [Nghị quyết Trung ương 4, khóa XII]; [Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII] |
//! | congress | [Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI]; [Văn kiện Đại hội XIII của Đảng] |
//! | law title | [Luật Đất đai năm 2013]; [Bộ luật Hình sự số 100/2015/QH13] |
//! | amendment law | [Luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự]; [Luật Sửa đổi, bổ sung Luật Thuế bảo vệ môi trường] |
//! | organisation | [Điều lệ Công đoàn Việt Nam] (an organisation of the lexicons) |
//! | quoted title | [Đề án “Nâng cao chất lượng sinh hoạt chi bộ”] |
//! | capitalised title | [Quy chế Tuyển sinh]; [Kế hoạch Hành động quốc gia] (type words with `named=title`) |
//! | treaty | [Hiệp ước Maastricht]; [Hiệp định Paris] (type words with `named=treaty`: the title may name a place) |
//! | by name | [Điều lệ Đảng]; [Cương lĩnh]; [Hiến pháp năm 2013]; \[BLHS\] (`lexicons/docref/named.tsv`) |
//! | code alone | Nghị quyết số 18-NQ/TW, [19-NQ/TW] (known type and issuer codes); cấp phép số [88/GP-SDL], và số [7/STC-NS] (any codes, written in full after "số") |
//!
//! A term written right after the reference ("(khóa XII)", ", khóa XII") is
//! part of the span. The date, the issuer and the subject that follow are
//! not, but go into the attributes. A type word with only an issuer or
//! nothing ("Nghị quyết của Trung ương", "các Chỉ thị, Nghị quyết",
//! "Nghị quyết Thành ủy") is not a reference, nor is a type word in a
//! body's name ("Bộ Kế hoạch và Đầu tư": `docref.body_head` words before
//! it).
//!
//! Attributes (each only when known):
//!
//! | key | value |
//! |-----|-------|
//! | `doc_type` | the canonical type: "Chỉ thị", "Nghị định" … |
//! | `number` | the number as written ("05") |
//! | `year` | the year of a state code (2020), or written after a number or name ("Nghị định 71 năm 2010", "Hiến pháp năm 2013") |
//! | `type_code`, `issuer_code` | "CT", "TW"; "NĐ", "CP"; canonical spelling when the code is known |
//! | `id` | the code as written, spaces removed ("05-CT/TW", "30/2020/NĐ-CP"); else the lexicon id of a named document ("Điều lệ Đảng") or type and law title ("Luật Hợp tác xã" for "Luật HTX"; "Luật sửa đổi, bổ sung Bộ luật Hình sự") |
//! | `amends` | the law an amendment law amends ("Bộ luật Hình sự") |
//! | `term` | the term (khóa) as a number (12) |
//! | `plenum`, `congress` | the plenum ("Trung ương 4") or congress ("lần thứ XVI") number |
//! | `date` | ISO date of a directly following ", ngày 10/02/2023" |
//! | `issuer` | text of a following "của …" ("Bộ Chính trị") |
//! | `subject` | text of a following "về …", or the quoted title |
//! | `type_mismatch` | `true` when the type word disagrees with the code ("Nghị quyết số 05-CT/TW") |

mod codes;
mod follow;
mod named;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use self::codes::{starts_number, ParsedCode, System};
use super::grammar::class;
use super::{Candidate, Document, Tagger};
use crate::attrs::{rule, Rule};
use crate::document::{kind_mask, shape};
use crate::lexicon::{ClassId, Entry, EntryClass};
use crate::matcher::{CompiledLexicon, LexHit};
use crate::syllables::TokenKind;
use crate::text::{MatchView, ViewOptions};

/// Hit kind of type words (`docref.type`).
const TYPE_KIND: u8 = ClassId::DOCREF_TYPE.kind();
/// Hit kind of documents known by name (`docref.named`).
const NAMED_KIND: u8 = ClassId::DOCREF_NAMED.kind();
/// Hit kind of body heads before a type word (`docref.body_head`).
const BODY_HEAD_KIND: u8 = ClassId::DOCREF_BODY_HEAD.kind();
/// Hit kind of department fields after a type word (`docref.not_title`).
const NOT_TITLE_KIND: u8 = ClassId::DOCREF_NOT_TITLE.kind();

/// Most words between a type word and "số" in a type phrase ("Quyết định
/// xử phạt vi phạm hành chính số …" has four).
const MAX_TYPE_MODIFIERS: usize = 6;

/// What may follow a type word as a distinguishing name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct NamedForms {
    congress: bool,
    law: bool,
    org: bool,
    title: bool,
    treaty: bool,
}

/// A type word of `types.tsv`.
#[derive(Clone, Debug)]
struct TypeWord {
    /// Canonical type ("Chỉ thị").
    name: String,
    /// Type codes it may carry, in view form ("ct", "qđi").
    codes: Vec<String>,
    /// A plain number right after it (no "số") is a reference.
    bare: bool,
    /// A quoted title right after it names a document.
    quoted: bool,
    named: NamedForms,
}

/// A document known by name (`named.tsv`).
#[derive(Clone, Debug)]
struct NamedDoc {
    id: String,
    doc_type: String,
}

/// A law title (`laws.tsv`) and the type words it goes with (view form).
#[derive(Clone, Debug)]
struct LawTitle {
    /// Canonical title ("Hợp tác xã" for "HTX").
    id: String,
    types: Vec<String>,
}

/// A type or issuer code.
#[derive(Clone, Debug)]
struct Code {
    /// Canonical spelling ("ThU").
    code: String,
    /// Document type for type codes, body for issuer codes.
    name: String,
    /// Issuer codes followed by the term ("QH14").
    term: bool,
}

/// What a lexicon entry is to this tagger; indexed by entry number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Role {
    #[default]
    None,
    /// Index into `types`.
    Type(u32),
    /// Index into `named`.
    Named(u32),
    /// Index into `laws`.
    Law(u32),
}

/// Finds document references.
#[derive(Debug, Default)]
pub(crate) struct DocRefTagger {
    roles: Vec<Role>,
    types: Vec<TypeWord>,
    named: Vec<NamedDoc>,
    laws: Vec<LawTitle>,
    party_types: HashMap<String, Code>,
    party_issuers: HashMap<String, Code>,
    state_types: HashMap<String, Code>,
    state_issuers: HashMap<String, Code>,
}

impl DocRefTagger {
    /// Rules lose ties against lexicon facts.
    pub(crate) const PRIORITY: u8 = 40;

    /// Reads the `docref.*` classes of the compiled lexicon once.
    pub(crate) fn new(lexicon: &CompiledLexicon) -> Self {
        DocRefTagger::from_entries(lexicon.entries(), lexicon.view_options())
    }

    /// The tagger of `entries` (indexed as the lexicon compiled from them
    /// indexes them), their texts keyed in the view `opts` makes.
    pub(crate) fn from_entries(entries: &[Entry], opts: ViewOptions) -> Self {
        let mut t = DocRefTagger {
            roles: vec![Role::None; entries.len()],
            ..DocRefTagger::default()
        };
        let mut view = MatchView::default();
        let mut key = |s: &str| {
            view.build(s, opts);
            view.as_str().to_string()
        };
        for (i, e) in entries.iter().enumerate() {
            if let EntryClass::Class(class) = &e.class {
                t.read_entry(i, *class, e, &mut key);
            }
        }
        t
    }

    /// Takes in entry `i` of class `class`; `key` gives the view form of a
    /// text.
    fn read_entry(
        &mut self,
        i: usize,
        class: ClassId,
        e: &Entry,
        key: &mut impl FnMut(&str) -> String,
    ) {
        let role = |len: usize, f: fn(u32) -> Role| u32::try_from(len).map(f).unwrap_or_default();
        let slot = match class {
            ClassId::DOCREF_TYPE => {
                let r = role(self.types.len(), Role::Type);
                self.types.push(type_word(e, key));
                r
            }
            ClassId::DOCREF_NAMED => {
                let r = role(self.named.len(), Role::Named);
                self.named.push(NamedDoc {
                    id: id_or_surface(e),
                    doc_type: e.attr("doc_type").unwrap_or("").to_string(),
                });
                r
            }
            ClassId::DOCREF_LAW_TITLE => {
                let r = role(self.laws.len(), Role::Law);
                self.laws.push(LawTitle {
                    id: id_or_surface(e),
                    types: list(e, "types", key),
                });
                r
            }
            ClassId::DOCREF_PARTY_TYPE
            | ClassId::DOCREF_PARTY_ISSUER
            | ClassId::DOCREF_STATE_TYPE
            | ClassId::DOCREF_STATE_ISSUER => {
                let code = Code {
                    code: id_or_surface(e),
                    name: e
                        .attr("doc_type")
                        .or_else(|| e.attr("name"))
                        .unwrap_or("")
                        .to_string(),
                    term: e.attr("term") == Some("yes"),
                };
                let map = match class {
                    ClassId::DOCREF_PARTY_TYPE => &mut self.party_types,
                    ClassId::DOCREF_PARTY_ISSUER => &mut self.party_issuers,
                    ClassId::DOCREF_STATE_TYPE => &mut self.state_types,
                    _ => &mut self.state_issuers,
                };
                map.insert(key(&e.surface), code);
                return;
            }
            _ => return,
        };
        if let Some(r) = self.roles.get_mut(i) {
            *r = slot;
        }
    }
}

/// A type word from its `docref.type` entry.
fn type_word(e: &Entry, key: &mut impl FnMut(&str) -> String) -> TypeWord {
    let named = e.attr("named").unwrap_or("");
    let has = |w: &str| named.split('|').any(|n| n.trim() == w);
    TypeWord {
        name: id_or_surface(e),
        codes: list(e, "codes", key),
        bare: e.attr("bare") != Some("no"),
        quoted: e.attr("quoted") != Some("no"),
        named: NamedForms {
            congress: has("congress"),
            law: has("law"),
            org: has("org"),
            title: has("title"),
            treaty: has("treaty"),
        },
    }
}

/// The `|`-separated list of attribute `attr`, each item in view form.
fn list(e: &Entry, attr: &str, key: &mut impl FnMut(&str) -> String) -> Vec<String> {
    e.attr(attr)
        .unwrap_or("")
        .split('|')
        .filter(|c| !c.trim().is_empty())
        .map(|c| key(c.trim()))
        .collect()
}

fn id_or_surface(e: &Entry) -> String {
    if e.id.is_empty() {
        e.surface.to_string()
    } else {
        e.id.to_string()
    }
}

/// The hit kinds a reference starts with: a type word or a named document.
pub(super) const START_KINDS: u128 =
    kind_mask(&[ClassId::DOCREF_TYPE.kind(), ClassId::DOCREF_NAMED.kind()]);

impl Tagger for DocRefTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        let first = out.len();
        // A reference starts on a type word or a named document; the
        // kind test spares the role lookup of every other hit.
        for hit in doc.hits_of(START_KINDS) {
            if let Some(r) = self.reference_at(doc, hit) {
                out.push(self.finish(doc, r));
            }
        }
        keep_outermost(out, first);
        self.bare_codes(doc, out, first);
    }
}

/// Keeps only the outermost of the candidates `out[first..]` and sorts
/// them by start: "kết luận số 15-TB/TU" inside "Thông báo kết luận số
/// 15-TB/TU", "luật Hình sự" inside "Bộ luật Hình sự" go.
fn keep_outermost(out: &mut Vec<Candidate>, first: usize) {
    // Sorted by start then longest first, a candidate is inside an earlier
    // one when it ends no later than the furthest end so far.
    out[first..].sort_by_key(|c| (c.tokens.start, std::cmp::Reverse(c.tokens.end)));
    let mut furthest = 0;
    let mut kept = first;
    for k in first..out.len() {
        if out[k].tokens.end > furthest {
            furthest = out[k].tokens.end;
            out.swap(kept, k);
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// A reference found, before it becomes a candidate.
#[derive(Clone, Debug, Default)]
struct Ref {
    start: usize,
    end: usize,
    doc_type: Option<String>,
    code: Option<ParsedCode>,
    id: Option<String>,
    amends: Option<String>,
    term: Option<u32>,
    plenum: Option<u32>,
    congress: Option<u32>,
    year: Option<i32>,
    subject: Option<String>,
    type_mismatch: bool,
    rule: Option<Rule>,
}

/// A reference whose type word disagrees with its code's type ("Nghị
/// quyết số 05-CT/TW"): the canonical type of the word and the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TypeMismatch {
    /// The type the word names ("Nghị quyết").
    pub(crate) doc_type: String,
    /// The type code ("CT").
    pub(crate) type_code: String,
}

impl DocRefTagger {
    /// Reads the reference that starts at token `start` with a type word
    /// and ends by token `end`, as the tagger does, and returns its type
    /// mismatch if it has one: the check lint runs on DOCREF spans it is
    /// given.
    pub(crate) fn type_mismatch_at(
        &self,
        doc: &Document<'_>,
        start: usize,
        end: usize,
    ) -> Option<TypeMismatch> {
        let hits = doc.hits_at(start);
        hits.iter().rev().find_map(|hit| {
            let info = self.type_word(self.role(hit.entry))?;
            let r = self.after_type(doc, start, hit.tokens.end, info)?;
            let code = r.code.as_ref()?;
            let (type_code, _) = code.type_code.as_ref()?;
            (r.type_mismatch && code.end <= end).then(|| TypeMismatch {
                doc_type: info.name.clone(),
                type_code: type_code.clone(),
            })
        })
    }

    fn role(&self, entry: u32) -> Role {
        self.roles.get(entry as usize).copied().unwrap_or_default()
    }

    fn type_word(&self, role: Role) -> Option<&TypeWord> {
        match role {
            Role::Type(k) => self.types.get(k as usize),
            _ => None,
        }
    }

    fn named_doc_of(&self, role: Role) -> Option<&NamedDoc> {
        match role {
            Role::Named(k) => self.named.get(k as usize),
            _ => None,
        }
    }

    /// The reference that starts with the lexicon hit `hit`, if any.
    fn reference_at(&self, doc: &Document<'_>, hit: &LexHit) -> Option<Ref> {
        let role = self.role(hit.entry);
        if let Some(info) = self.type_word(role) {
            return self.after_type(doc, hit.tokens.start, hit.tokens.end, info);
        }
        let named = self.named_doc_of(role)?;
        // "Tòa án Hiến pháp", "Ủy ban Hiến pháp": bodies named after it
        let body = prev_word(doc, hit.tokens.start).is_some_and(|p| {
            (doc.is_word(p, "án") || doc.is_word(p, "ban"))
                && prev_word(doc, p).is_some_and(|q| doc.is_word_in(q, &["tòa", "ủy"]))
        });
        (!body).then(|| self.named_doc(doc, hit.tokens.start, hit.tokens.end, named))
    }

    /// Codes without a type word ("…, 19-NQ/TW") outside the candidates
    /// `out[first..]` (sorted and disjoint or chained).
    fn bare_codes(&self, doc: &Document<'_>, out: &mut Vec<Candidate>, first: usize) {
        let spans_end = out.len();
        let mut next_span = first;
        // A code starts on a number: the walk visits only those, and passes
        // over a code it found whole.
        let mut next = 0;
        for i in doc.shaped(shape::DIGITS) {
            while next_span < spans_end && out[next_span].tokens.end <= i {
                next_span += 1;
            }
            let covered = next_span < spans_end && out[next_span].tokens.start <= i;
            // A bare code needs a party or state code after its number (a
            // plain number is neither standalone nor in full), and a number
            // token is the whole number: most numbers go here, before a
            // code is parsed.
            if i < next || covered || !codes::code_may_follow(doc, i + 1) {
                continue;
            }
            match self.code_at(doc, i) {
                Some(code) if code.standalone() || (code.in_full() && after_so_word(doc, i)) => {
                    next = code.end;
                    let r = Ref {
                        start: i,
                        end: code.end,
                        doc_type: code.doc_type.clone(),
                        code: Some(code),
                        rule: Some(rule!("docref.bare_code")),
                        ..Ref::default()
                    };
                    out.push(self.finish(doc, r));
                }
                _ => {}
            }
        }
    }

    /// What follows a type word at tokens `a..b`.
    fn after_type(&self, doc: &Document<'_>, a: usize, b: usize, info: &TypeWord) -> Option<Ref> {
        // The type's name is copied in only for a reference found: most
        // type words start none.
        let mut r = Ref {
            start: a,
            ..Ref::default()
        };
        let (j, has_so) = after_so(doc, b);
        let may_attach = if starts_number(doc, j) {
            self.numbered(doc, (a, j), has_so, info, &mut r)?;
            true
        } else if has_so {
            return None;
        } else if let Some(attach) = self.named_after(doc, (a, b), j, info, &mut r) {
            attach
        } else {
            let code = self.modified_code(doc, b, info)?;
            r.end = code.end;
            r.rule = Some(rule!("docref.type_phrase"));
            r.code = Some(code);
            true
        };
        if may_attach {
            self.attach_term(doc, &mut r);
            // A quoted title right after the number: part of the span.
            if r.subject.is_none() {
                if let Some((end, title)) = named::quoted(doc, doc.after_gap(r.end)) {
                    r.end = end;
                    r.subject = Some(title);
                }
            }
        }
        r.doc_type = Some(info.name.clone());
        Some(r)
    }

    /// A number or code at `j` after the type word at `a`.
    fn numbered(
        &self,
        doc: &Document<'_>,
        (a, j): (usize, usize),
        has_so: bool,
        info: &TypeWord,
        r: &mut Ref,
    ) -> Option<()> {
        let code = self.code_at(doc, j)?;
        if code.system == System::Plain {
            let with_year = code.year.is_some();
            let plain = (info.bare || with_year) && doc.is_cap(a) && self.plain_ok(doc, &code);
            if !(has_so || plain) {
                return None;
            }
            r.rule = Some(rule!("docref.number"));
            // "Nghị định 71 năm 2010": the year belongs to the number
            let k = doc.after_gap(code.end);
            if let Some(y) = (!with_year && doc.is_word(k, "năm"))
                .then(|| named::year_after(doc, k))
                .flatten()
            {
                r.year = crate::numbers::int(doc.word(y)).map(|v| v as i32);
                r.end = y + 1;
            }
        } else {
            r.rule = Some(if code.system == System::Party {
                rule!("docref.party_code")
            } else {
                rule!("docref.state_code")
            });
            r.type_mismatch = code.disagrees_with(&info.codes);
        }
        r.end = r.end.max(code.end);
        r.code = Some(code);
        Some(())
    }

    /// A code after words that qualify the type word ending at `b`:
    /// "Quyết định xử phạt vi phạm hành chính số 12/QĐ-XPVPHC". Only a
    /// Party or state code whose type does not disagree with the type word
    /// counts, and no other type word may stand between ("quyết định thu
    /// hồi giấy phép số 12/GP-…" is the licence's number, "quy định tại
    /// Quyết định số …" the decision's).
    fn modified_code(&self, doc: &Document<'_>, b: usize, info: &TypeWord) -> Option<ParsedCode> {
        let mut k = doc.after_gap(b);
        if k == b {
            return None;
        }
        for words in 0..=MAX_TYPE_MODIFIERS {
            let (j, so) = after_so(doc, k);
            if so && words > 0 {
                return self
                    .code_at(doc, j)
                    .filter(|c| c.system != System::Plain && !c.disagrees_with(&info.codes));
            }
            if so || doc.kind(k) != Some(TokenKind::Word) || doc.starts_kind(k, TYPE_KIND) {
                return None;
            }
            let next = doc.after_gap(k + 1);
            if next == k + 1 {
                return None;
            }
            k = next;
        }
        None
    }

    /// A plain number after a type word without "số" must not count
    /// something ("Kế hoạch 3 năm") nor look like a year.
    fn plain_ok(&self, doc: &Document<'_>, code: &ParsedCode) -> bool {
        use crate::numbers::int;
        if code.year.is_some() {
            return true;
        }
        if code.number.len() == 4 && int(&code.number).is_some_and(|y| (1900..=2100).contains(&y)) {
            return false;
        }
        if doc.is_punct(code.end, '%') || doc.is_punct(code.end, '/') {
            return false;
        }
        let k = doc.after_gap(code.end);
        if doc.is_word(k, "năm") {
            return named::year_after(doc, k).is_some();
        }
        if doc.is_word(k, "ngày") {
            return super::date::date_at(doc, k).is_some();
        }
        match doc.kind(k) {
            Some(TokenKind::Word) => {
                doc.is_cap(k)
                    || !(doc.is_class_word(k, class::COUNTED)
                        || doc.is_punct(k, '%')
                        || self.counted_hit(doc, k))
            }
            Some(TokenKind::Number) => false,
            _ => !doc.is_punct(k, '%'),
        }
    }

    /// True if a lexicon word class for counted units starts at `k`.
    fn counted_hit(&self, doc: &Document<'_>, k: usize) -> bool {
        doc.hits_at(k).iter().any(|h| {
            doc.lexicon
                .entry(h.entry)
                .is_some_and(|e| e.class == EntryClass::Class(ClassId::QTY_UNIT))
        })
    }
}

/// The token after the type word ending at `b` where its number starts,
/// stepping over "số" (and a ":" or "." after it); and whether "số" was
/// written (also glued: "số187").
fn after_so(doc: &Document<'_>, b: usize) -> (usize, bool) {
    let mut j = doc.after_gap(b);
    if doc.is_word(j, "số") {
        j = doc.after_gap(j + 1);
        if doc.is_punct(j, ':') || doc.is_punct(j, '.') {
            j = doc.after_gap(j + 1);
        }
        return (j, true);
    }
    let glued = doc.kind(j) == Some(TokenKind::Word) && starts_number(doc, j);
    (j, glued)
}

/// True if "số" (with an optional ":" or ".") stands right before token
/// `i`: "cấp phép số 235/GP-SXD", "và số 875/TTg-KTN".
fn after_so_word(doc: &Document<'_>, i: usize) -> bool {
    let Some(mut p) = doc.before_gap(i) else {
        return false;
    };
    if doc.is_punct(p, ':') || doc.is_punct(p, '.') {
        match doc.before_gap(p) {
            Some(q) => p = q,
            None => return false,
        }
    }
    doc.is_word(p, "số")
}

/// The word right before token `i` (one space apart).
fn prev_word(doc: &Document<'_>, i: usize) -> Option<usize> {
    let p = doc.before_gap(i)?;
    (doc.kind(p) == Some(TokenKind::Word)).then_some(p)
}
