//! The DOCREF tagger: references to one specific Party or state document.
//!
//! A reference is a type word (`lexicons/docref/types.tsv`) followed by
//! what singles the document out:
//!
//! | form | example (span in brackets) |
//! |------|----------------------------|
//! | Party code | [Chỉ thị số 05-CT/TW]; [Kế hoạch 27-KH/ThU] |
//! | state code | [Nghị định 30/2020/NĐ-CP]; [Quyết định số 123/QĐ-TTg]; [Luật số 45/2019/QH14]; [Công văn số 1234/UBND-KT] |
//! | number only | [Chỉ thị số 05]; [Nghị quyết 35] (capitalised type word, no counted noun after) |
//! | plenum | [Nghị quyết Trung ương 4 (khóa XII)]; [Nghị quyết Trung ương 4, khóa XII]; [Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII] |
//! | congress | [Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI]; [Văn kiện Đại hội XIII của Đảng] |
//! | law title | [Luật Đất đai năm 2013]; [Bộ luật Hình sự số 100/2015/QH13] |
//! | organisation | [Điều lệ Công đoàn Việt Nam] (an organisation of the lexicons) |
//! | quoted title | [Đề án “Nâng cao chất lượng sinh hoạt chi bộ”] |
//! | by name | [Điều lệ Đảng]; [Cương lĩnh]; [Hiến pháp năm 2013] (`lexicons/docref/named.tsv`) |
//! | code alone | Nghị quyết số 18-NQ/TW, [19-NQ/TW] (known type and issuer codes) |
//!
//! A term written right after the reference ("(khóa XII)", ", khóa XII") is
//! part of the span. The date, the issuer and the subject that follow are
//! not, but go into the attributes. A type word with only an issuer or
//! nothing ("Nghị quyết của Trung ương", "các Chỉ thị, Nghị quyết",
//! "Nghị quyết Thành ủy") is not a reference.
//!
//! Attributes (each only when known):
//!
//! | key | value |
//! |-----|-------|
//! | `doc_type` | the canonical type: "Chỉ thị", "Nghị định" … |
//! | `number` | the number as written ("05") |
//! | `year` | the year of a state code (2020), or written after a number or name ("Nghị định 71 năm 2010", "Hiến pháp năm 2013") |
//! | `type_code`, `issuer_code` | "CT", "TW"; "NĐ", "CP"; canonical spelling when the code is known |
//! | `id` | the code as written, spaces removed ("05-CT/TW", "30/2020/NĐ-CP"); else the lexicon id of a named document ("Điều lệ Đảng") or type and law title ("Luật Hợp tác xã" for "Luật HTX") |
//! | `term` | the term (khóa) as a number (12) |
//! | `plenum`, `congress` | the plenum ("Trung ương 4") or congress ("lần thứ XVI") number |
//! | `date` | ISO date of a directly following ", ngày 10/02/2023" |
//! | `issuer` | text of a following "của …" ("Bộ Chính trị") |
//! | `subject` | text of a following "về …", or the quoted title |
//! | `type_mismatch` | `true` when the type word disagrees with the code ("Nghị quyết số 05-CT/TW") |

use std::collections::HashMap;
use unicode_normalization::{is_nfc, UnicodeNormalization};

use super::date::date_at;
use super::grammar::class;
use super::{Candidate, Document, Tagger};
use crate::attrs::{Attrs, DocRefAttrs, Rule, Source, TextSpan};
use crate::label::Label;
use crate::lexicon::{ClassId, Entry, EntryClass};
use crate::matcher::CompiledLexicon;
use crate::numbers::{int, roman};
use crate::syllables::TokenKind;
use crate::text::MatchView;

/// What may follow a type word as a distinguishing name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct NamedForms {
    congress: bool,
    law: bool,
    org: bool,
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
        let mut t = DocRefTagger {
            roles: vec![Role::None; lexicon.entries().len()],
            ..DocRefTagger::default()
        };
        let mut view = MatchView::default();
        let opts = lexicon.view_options();
        let mut key = |s: &str| {
            view.build(s, opts);
            view.as_str().to_string()
        };
        for (i, e) in lexicon.entries().iter().enumerate() {
            let EntryClass::Class(class) = &e.class else {
                continue;
            };
            let role =
                |len: usize, f: fn(u32) -> Role| u32::try_from(len).map(f).unwrap_or_default();
            match *class {
                ClassId::DOCREF_TYPE => {
                    let named = e.attr("named").unwrap_or("");
                    let has = |w: &str| named.split('|').any(|n| n.trim() == w);
                    t.roles[i] = role(t.types.len(), Role::Type);
                    t.types.push(TypeWord {
                        name: id_or_surface(e),
                        codes: e
                            .attr("codes")
                            .unwrap_or("")
                            .split('|')
                            .filter(|c| !c.trim().is_empty())
                            .map(|c| key(c.trim()))
                            .collect(),
                        bare: e.attr("bare") != Some("no"),
                        quoted: e.attr("quoted") != Some("no"),
                        named: NamedForms {
                            congress: has("congress"),
                            law: has("law"),
                            org: has("org"),
                        },
                    });
                }
                ClassId::DOCREF_NAMED => {
                    t.roles[i] = role(t.named.len(), Role::Named);
                    t.named.push(NamedDoc {
                        id: id_or_surface(e),
                        doc_type: e.attr("doc_type").unwrap_or("").to_string(),
                    });
                }
                ClassId::DOCREF_LAW_TITLE => {
                    t.roles[i] = role(t.laws.len(), Role::Law);
                    t.laws.push(LawTitle {
                        id: id_or_surface(e),
                        types: e
                            .attr("types")
                            .unwrap_or("")
                            .split('|')
                            .filter(|c| !c.trim().is_empty())
                            .map(|c| key(c.trim()))
                            .collect(),
                    });
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
                    let map = match *class {
                        ClassId::DOCREF_PARTY_TYPE => &mut t.party_types,
                        ClassId::DOCREF_PARTY_ISSUER => &mut t.party_issuers,
                        ClassId::DOCREF_STATE_TYPE => &mut t.state_types,
                        _ => &mut t.state_issuers,
                    };
                    map.insert(key(&e.surface), code);
                }
                _ => {}
            }
        }
        t
    }
}

fn id_or_surface(e: &Entry) -> String {
    if e.id.is_empty() {
        e.surface.clone()
    } else {
        e.id.clone()
    }
}

impl Tagger for DocRefTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        let first = out.len();
        for hit in doc.hits {
            let role = self.role(hit.entry);
            if let Some(info) = self.type_word(role) {
                if let Some(r) = self.after_type(doc, hit.tokens.start, hit.tokens.end, info) {
                    out.push(self.finish(doc, r));
                }
            } else if let Some(named) = self.named_doc_of(role) {
                // "Tòa án Hiến pháp", "Ủy ban Hiến pháp": bodies named after it
                let body = prev_word(doc, hit.tokens.start).is_some_and(|p| {
                    (doc.is_word(p, "án") || doc.is_word(p, "ban"))
                        && prev_word(doc, p).is_some_and(|q| doc.is_word_in(q, &["tòa", "ủy"]))
                });
                if !body {
                    let r = self.named_doc(doc, hit.tokens.start, hit.tokens.end, named);
                    out.push(self.finish(doc, r));
                }
            }
        }
        // "kết luận số 15-TB/TU" inside "Thông báo kết luận số 15-TB/TU",
        // "luật Hình sự" inside "Bộ luật Hình sự": keep the outer one only.
        // Sorted by start then longest first, a candidate is inside an
        // earlier one when it ends no later than the furthest end so far.
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
        // Codes without a type word ("…, 19-NQ/TW"), outside the spans above
        // (which are now sorted and disjoint or chained).
        let spans_end = out.len();
        let mut next_span = first;
        let mut i = 0;
        while i < doc.tokens.len() {
            while next_span < spans_end && out[next_span].tokens.end <= i {
                next_span += 1;
            }
            let covered = next_span < spans_end && out[next_span].tokens.start <= i;
            if covered || !doc.is_number(i) {
                i += 1;
                continue;
            }
            match self.code_at(doc, i) {
                Some(code) if code.standalone() => {
                    let end = code.end;
                    let r = Ref {
                        start: i,
                        end,
                        doc_type: code.doc_type.clone(),
                        code: Some(code),
                        rule: Some(Rule::named("docref.bare_code")),
                        ..Ref::default()
                    };
                    out.push(self.finish(doc, r));
                    i = end;
                }
                _ => i += 1,
            }
        }
    }
}

/// Which numbering system a code follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum System {
    /// A number alone, or number/year.
    #[default]
    Plain,
    /// "05-CT/TW".
    Party,
    /// "30/2020/NĐ-CP", "123/QĐ-TTg", "45/2019/QH14".
    State,
}

/// A parsed document number or code.
#[derive(Clone, Debug, Default)]
struct ParsedCode {
    end: usize,
    system: System,
    number: String,
    year: Option<i32>,
    /// (canonical code, known in the lexicon)
    type_code: Option<(String, bool)>,
    /// View form of the type code, for the type-word check.
    type_key: String,
    issuer_code: Option<(String, bool)>,
    term: Option<u32>,
    doc_type: Option<String>,
    id: Option<String>,
}

impl ParsedCode {
    /// True if the code names a document without a type word before it.
    fn standalone(&self) -> bool {
        let known = |c: &Option<(String, bool)>| c.as_ref().is_some_and(|c| c.1);
        match self.system {
            System::Plain => false,
            System::Party => known(&self.type_code) && known(&self.issuer_code),
            System::State => {
                known(&self.type_code) && (self.year.is_some() || known(&self.issuer_code))
            }
        }
    }
}

/// A reference found, before it becomes a candidate.
#[derive(Clone, Debug, Default)]
struct Ref {
    start: usize,
    end: usize,
    doc_type: Option<String>,
    code: Option<ParsedCode>,
    id: Option<String>,
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

    /// What follows a type word at tokens `a..b`.
    fn after_type(&self, doc: &Document<'_>, a: usize, b: usize, info: &TypeWord) -> Option<Ref> {
        let type_cap = doc.is_cap(a);
        let mut j = doc.after_gap(b);
        let mut has_so = false;
        if doc.is_word(j, "số") {
            has_so = true;
            j = doc.after_gap(j + 1);
            if doc.is_punct(j, ':') || doc.is_punct(j, '.') {
                j = doc.after_gap(j + 1);
            }
        }
        let mut r = Ref {
            start: a,
            doc_type: Some(info.name.clone()),
            ..Ref::default()
        };
        if doc.is_number(j) {
            let code = self.code_at(doc, j)?;
            if code.system == System::Plain {
                let with_year = code.year.is_some();
                if !(has_so || (info.bare || with_year) && type_cap && self.plain_ok(doc, &code)) {
                    return None;
                }
                r.rule = Some(Rule::named("docref.number"));
                // "Nghị định 71 năm 2010": the year belongs to the number
                if !with_year {
                    let k = doc.after_gap(code.end);
                    if doc.is_word(k, "năm") {
                        let y = doc.after_gap(k + 1);
                        if doc.is_number(y) && doc.word(y).len() == 4 {
                            if let Some(v) = int(doc.word(y)).filter(|v| (1900..=2100).contains(v))
                            {
                                r.year = Some(v as i32);
                                r.end = y + 1;
                            }
                        }
                    }
                }
            } else {
                r.rule = Some(if code.system == System::Party {
                    Rule::named("docref.party_code")
                } else {
                    Rule::named("docref.state_code")
                });
                if !code.type_key.is_empty()
                    && !info.codes.is_empty()
                    && !info.codes.contains(&code.type_key)
                {
                    r.type_mismatch = true;
                }
            }
            r.end = r.end.max(code.end);
            r.code = Some(code);
        } else if has_so {
            return None;
        } else if let Some(end) = info
            .named
            .congress
            .then(|| self.congress(doc, j, type_cap, &mut r))
            .flatten()
        {
            r.end = end;
        } else if let Some((end, title)) = info.named.law.then(|| self.law(doc, j, a, b)).flatten()
        {
            r.end = end;
            r.id = Some(format!("{} {title}", info.name));
            r.rule = Some(Rule::named("docref.law"));
            self.year_or_code(doc, &mut r);
        } else if let Some(end) = (info.named.org && type_cap)
            .then(|| org_at(doc, j))
            .flatten()
        {
            r.end = end;
            r.rule = Some(Rule::named("docref.org"));
        } else if let Some((end, title)) =
            (type_cap && info.quoted).then(|| quoted(doc, j)).flatten()
        {
            r.end = end;
            r.subject = Some(title);
            r.rule = Some(Rule::named("docref.quoted"));
            return Some(r);
        } else {
            return None;
        }
        self.attach_term(doc, &mut r);
        // A quoted title right after the number: part of the span.
        if r.subject.is_none() {
            if let Some((end, title)) = quoted(doc, doc.after_gap(r.end)) {
                r.end = end;
                r.subject = Some(title);
            }
        }
        Some(r)
    }

    /// A document known by name, with a following year or amendment note.
    fn named_doc(&self, doc: &Document<'_>, a: usize, b: usize, named: &NamedDoc) -> Ref {
        let mut r = Ref {
            start: a,
            end: b,
            doc_type: (!named.doc_type.is_empty()).then(|| named.doc_type.clone()),
            id: Some(named.id.clone()),
            rule: Some(Rule::named("docref.named")),
            ..Ref::default()
        };
        self.year_or_code(doc, &mut r);
        self.attach_term(doc, &mut r);
        r
    }

    /// A plain number after a type word without "số" must not count
    /// something ("Kế hoạch 3 năm") nor look like a year.
    fn plain_ok(&self, doc: &Document<'_>, code: &ParsedCode) -> bool {
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
            let y = doc.after_gap(k + 1);
            return doc.is_number(y)
                && doc.word(y).len() == 4
                && int(doc.word(y)).is_some_and(|v| (1900..=2100).contains(&v));
        }
        if doc.is_word(k, "ngày") {
            return date_at(doc, k).is_some();
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
        let from = doc.hits.partition_point(|h| h.tokens.start < k);
        doc.hits[from..]
            .iter()
            .take_while(|h| h.tokens.start == k)
            .any(|h| {
                doc.lexicon
                    .entry(h.entry)
                    .is_some_and(|e| e.class == EntryClass::Class(ClassId::QTY_UNIT))
            })
    }

    /// A document number or code starting at the number token `j`.
    fn code_at(&self, doc: &Document<'_>, j: usize) -> Option<ParsedCode> {
        let s = doc.word(j);
        let digits =
            |x: &str| !x.is_empty() && x.len() <= 6 && x.bytes().all(|b| b.is_ascii_digit());
        let year_of = |y: &str| {
            (y.len() == 4)
                .then(|| int(y))
                .flatten()
                .filter(|y| (1900..=2100).contains(y))
                .map(|y| y as i32)
        };
        // "05", "30/2020", and "19-2017" before a state code ("19-2017/NQ-CP")
        let (number, year) = match s.find(['/', '-']) {
            None if digits(s) => (doc.orig(j), None),
            Some(k) => {
                let (n, y) = (s.get(..k)?, s.get(k + 1..)?);
                if !digits(n) {
                    return None;
                }
                let y = year_of(y)?;
                if s.as_bytes().get(k) == Some(&b'-') && !doc.is_punct(j + 1, '/') {
                    return None;
                }
                (doc.orig(j).get(..k).unwrap_or(""), Some(y))
            }
            None => return None,
        };
        let mut c = ParsedCode {
            end: j + 1,
            number: number.to_string(),
            year,
            ..ParsedCode::default()
        };
        // Party: "05-CT/TW", also "05 - CT/TW".
        if year.is_none() {
            let d = doc.after_gap(j + 1);
            if doc.is_dash(d) {
                let w = doc.after_gap(d + 1);
                if code_word(doc, w) && doc.is_punct(w + 1, '/') && code_word(doc, w + 2) {
                    let mut end = w + 3;
                    while doc.is_dash(end) && code_word(doc, end + 1) {
                        end += 2;
                    }
                    let tc = doc.word(w);
                    let known = self.party_types.get(tc);
                    c.system = System::Party;
                    c.type_key = tc.to_string();
                    c.type_code = Some(match known {
                        Some(k) => (k.code.clone(), true),
                        None => (clean(doc.orig(w)), false),
                    });
                    c.doc_type = known.map(|k| k.name.clone());
                    let ic_known = if end == w + 3 {
                        self.party_issuers.get(doc.word(w + 2))
                    } else {
                        None
                    };
                    c.issuer_code = Some(match ic_known {
                        Some(k) => (k.code.clone(), true),
                        None => (code_text(doc, w + 2, end), false),
                    });
                    c.id = Some(format!(
                        "{}-{}/{}",
                        c.number,
                        clean(doc.orig(w)),
                        code_text(doc, w + 2, end)
                    ));
                    c.end = end;
                    return Some(c);
                }
            }
        }
        // State: "…/NĐ-CP", "…/QĐ-TTg", "…/QH14", "…/UBND-KT", also
        // "301/ BGDĐT-GDMN".
        let w0 = doc.after_gap(j + 2);
        let spaced_ok = w0 == j + 2 || doc.tok(w0).is_some_and(|t| t.all_upper);
        if doc.is_punct(j + 1, '/') && code_word(doc, w0) && spaced_ok {
            let mut end = w0 + 1;
            while doc.is_dash(end) && code_word(doc, end + 1) {
                end += 2;
            }
            c.system = System::State;
            let first = doc.word(w0);
            let issuer_from = if let Some(k) = self.state_types.get(first) {
                c.type_code = Some((k.code.clone(), true));
                c.type_key = first.to_string();
                c.doc_type = Some(k.name.clone());
                w0 + 2
            } else {
                w0
            };
            if issuer_from < end {
                let w = doc.word(issuer_from);
                let stem = w.trim_end_matches(|ch: char| ch.is_ascii_digit());
                let digits = &w[stem.len()..];
                let known = self
                    .state_issuers
                    .get(w)
                    .or_else(|| self.state_issuers.get(stem).filter(|k| k.term));
                if let Some(k) = known {
                    if k.term && !digits.is_empty() {
                        c.term = int(digits);
                    }
                }
                c.issuer_code = Some(match known {
                    Some(k) if issuer_from + 1 == end && digits.is_empty() => {
                        (k.code.clone(), true)
                    }
                    Some(_) => (code_text(doc, issuer_from, end), true),
                    None => (code_text(doc, issuer_from, end), false),
                });
            }
            c.id = Some(code_text(doc, j, end));
            c.end = end;
            return Some(c);
        }
        // "19-2017" is a number-year only before a state code
        if s.contains('-') {
            return None;
        }
        Some(c)
    }

    /// "Trung ương 4", "Hội nghị Trung ương 4", "Hội nghị lần thứ tư Ban
    /// Chấp hành Trung ương Đảng", "Đại hội … lần thứ XVI …".
    fn congress(&self, doc: &Document<'_>, j: usize, type_cap: bool, r: &mut Ref) -> Option<usize> {
        let mut k = j;
        let mut hoi_nghi = false;
        if let Some(e) = doc.words(k, &["hội", "nghị"]) {
            hoi_nghi = true;
            k = doc.after_gap(e);
        }
        // "Trung ương 4", also abbreviated "TƯ 4", "TW 4"
        let tw = (doc.is_word_in(k, &["tư", "tw"]) && doc.tok(k).is_some_and(|t| t.all_upper))
            .then_some(k + 1);
        if let Some(e) = doc.words(k, &["trung", "ương"]).or(tw) {
            if !doc.is_cap(k) {
                return None;
            }
            let n = doc.after_gap(e);
            let num = ordinal(doc, n)?;
            r.plenum = Some(num);
            r.rule = Some(Rule::named("docref.plenum"));
            return Some(n + 1);
        }
        if hoi_nghi {
            // "Hội nghị lần thứ tư Ban Chấp hành Trung ương (Đảng)"
            let e = doc.words(k, &["lần", "thứ"])?;
            let n = doc.after_gap(e);
            let num = ordinal(doc, n)?;
            let mut end = n + 1;
            let b = doc.after_gap(end);
            let bch = doc
                .words(b, &["ban", "chấp", "hành", "trung", "ương"])
                .or_else(|| doc.words(b, &["bch", "trung", "ương"]))
                .or_else(|| doc.words(b, &["bchtw"]))?;
            end = bch;
            if let Some(e) = doc.words(doc.after_gap(end), &["đảng"]) {
                end = e;
            }
            r.plenum = Some(num);
            r.rule = Some(Rule::named("docref.plenum"));
            return Some(end);
        }
        let e = doc.words(k, &["đại", "hội"])?;
        if !(type_cap || doc.is_cap(k)) {
            return None;
        }
        let mut end = e;
        let mut distinct = false;
        loop {
            let n = doc.after_gap(end);
            if let Some(e) = doc.words(n, &["đại", "biểu"]) {
                end = e;
            } else if let Some(e) = doc.words(n, &["toàn", "quốc"]) {
                end = e;
                distinct = true;
            } else if let Some(e) = doc.words(n, &["lần", "thứ"]) {
                let m = doc.after_gap(e);
                let Some(num) = ordinal(doc, m) else { break };
                r.congress = Some(num);
                end = m + 1;
                distinct = true;
            } else if doc.kind(n) == Some(TokenKind::Word) && roman(doc.orig(n)).is_some() {
                r.congress = roman(doc.orig(n));
                end = n + 1;
                distinct = true;
            } else if doc.is_cap(n) && doc.words(n, &["đảng", "bộ"]).is_some() {
                let mut e = doc.words(n, &["đảng", "bộ"]).unwrap_or(n + 1);
                let a = doc.after_gap(e);
                if let Some(x) = doc.class_phrase_end(a, class::ADMIN_WORD) {
                    e = x;
                }
                // the place's name, capitalised
                loop {
                    let c = doc.after_gap(e);
                    if doc.is_cap(c) && !doc.is_word_in(c, &["lần", "khóa", "nhiệm"]) {
                        e = c + 1;
                    } else {
                        break;
                    }
                }
                end = e;
                distinct = true;
            } else if doc.is_cap(n) && doc.is_word(n, "đảng") {
                // "Đảng" alone does not say which congress
                end = n + 1;
                if let Some(e) = doc.words(doc.after_gap(end), &["cộng", "sản", "việt", "nam"])
                {
                    end = e;
                }
            } else if doc.words(n, &["các", "cấp"]).is_some() {
                // "Nghị quyết Đại hội Đảng các cấp": a class of documents
                return None;
            } else if doc.is_word(n, "của") && doc.is_cap(doc.after_gap(n + 1)) {
                let p = doc.after_gap(n + 1);
                if !doc.is_word(p, "đảng") || doc.words(p, &["đảng", "bộ"]).is_some() {
                    break;
                }
                end = p + 1;
                if let Some(e) = doc.words(doc.after_gap(end), &["cộng", "sản", "việt", "nam"])
                {
                    end = e;
                }
                break;
            } else {
                break;
            }
        }
        if !distinct {
            return None;
        }
        r.rule = Some(Rule::named("docref.congress"));
        Some(end)
    }

    /// A law title right after "Luật"/"Bộ luật"/"Pháp lệnh" (tokens a..b).
    fn law(&self, doc: &Document<'_>, j: usize, a: usize, b: usize) -> Option<(usize, &str)> {
        let from = doc.hits.partition_point(|h| h.tokens.start < j);
        let type_view: &str = doc
            .view
            .as_str()
            .get(doc.tok(a)?.view.start..doc.tok(b - 1)?.view.end)
            .unwrap_or("");
        doc.hits[from..]
            .iter()
            .take_while(|h| h.tokens.start == j)
            .filter(|h| match self.role(h.entry) {
                // a lower-case title only after "Bộ luật": "luật đất đai"
                // is a field of law
                Role::Law(k) => {
                    (doc.is_cap(j) || doc.same_word(type_view, "bộ luật"))
                        && self
                            .laws
                            .get(k as usize)
                            .is_some_and(|l| l.types.iter().any(|t| t == type_view))
                }
                _ => false,
            })
            .max_by_key(|h| h.tokens.end)
            .and_then(|h| match self.role(h.entry) {
                Role::Law(k) => self
                    .laws
                    .get(k as usize)
                    .map(|l| (h.tokens.end, l.id.as_str())),
                _ => None,
            })
    }

    /// "năm 2013", "2013", "số 100/2015/QH13" or "(sửa đổi, bổ sung năm
    /// 2017)" right after a named document: part of the span.
    fn year_or_code(&self, doc: &Document<'_>, r: &mut Ref) {
        let k = doc.after_gap(r.end);
        let year_tok = if doc.is_word(k, "năm") {
            Some(doc.after_gap(k + 1))
        } else if doc.is_number(k) && !doc.is_punct(k + 1, '/') {
            Some(k)
        } else {
            None
        };
        if let Some(y) = year_tok {
            if doc.is_number(y) {
                if let Some(v) = int(doc.word(y)).filter(|v| (1900..=2100).contains(v)) {
                    if doc.word(y).len() == 4 {
                        r.year = Some(v as i32);
                        r.end = y + 1;
                        return;
                    }
                }
            }
        }
        let mut c = k;
        if doc.is_word(c, "số") {
            c = doc.after_gap(c + 1);
        }
        if doc.is_number(c) {
            if let Some(code) = self.code_at(doc, c) {
                if code.system == System::State {
                    r.end = code.end;
                    r.year = code.year;
                    r.code = Some(code);
                    return;
                }
            }
        }
        // "(sửa đổi, bổ sung năm 2017)", "(bổ sung, phát triển năm 2011)"
        if doc.is_punct(k, '(') {
            let w = doc.after_gap(k + 1);
            if doc.words(w, &["sửa", "đổi"]).is_some() || doc.words(w, &["bổ", "sung"]).is_some()
            {
                for e in w..w + 24 {
                    match doc.kind(e) {
                        Some(TokenKind::LineBreak) | None => return,
                        _ => {}
                    }
                    if doc.is_punct(e, ')') {
                        r.end = e + 1;
                        return;
                    }
                }
            }
        }
    }

    /// "(khóa XII)", ", khóa XII" or " khóa XII" right after the reference.
    fn attach_term(&self, doc: &Document<'_>, r: &mut Ref) {
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
    fn finish(&self, doc: &Document<'_>, r: Ref) -> Candidate {
        let mut a = DocRefAttrs {
            doc_type: r.doc_type.clone(),
            term: r.term,
            year: r.year,
            plenum: r.plenum,
            congress: r.congress,
            subject: r.subject.clone(),
            type_mismatch: r.type_mismatch,
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

/// The word right before token `i` (one space apart).
fn prev_word(doc: &Document<'_>, i: usize) -> Option<usize> {
    let p = i.checked_sub(1)?;
    let p = if doc.kind(p) == Some(TokenKind::Space) {
        p.checked_sub(1)?
    } else {
        p
    };
    (doc.kind(p) == Some(TokenKind::Word)).then_some(p)
}

/// True if token `i` can be part of a code: a word starting with a capital
/// ("CT", "ThU", "TTg", "QH14").
fn code_word(doc: &Document<'_>, i: usize) -> bool {
    doc.is_cap(i) && doc.orig(i).chars().count() <= 12
}

/// Original text of code tokens `a..b`, cleaned for an id.
fn code_text(doc: &Document<'_>, a: usize, b: usize) -> String {
    clean(doc.span_text(a..b))
}

/// An id-safe copy of code text: NFC, "Ð" (eth) as "Đ", dashes as "-",
/// no spaces.
fn clean(s: &str) -> String {
    let mapped = s.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
        '\u{00D0}' => 'Đ',
        '\u{00F0}' => 'đ',
        '–' | '—' | '−' | '‐' | '‑' => '-',
        c => c,
    });
    if is_nfc(s) {
        mapped.collect()
    } else {
        mapped.nfc().collect()
    }
}

/// An ordinal after "lần thứ" or a plenum number: "4", "IV", "tư".
fn ordinal(doc: &Document<'_>, i: usize) -> Option<u32> {
    match doc.kind(i)? {
        TokenKind::Number => int(doc.word(i)).filter(|&n| (1..=30).contains(&n)),
        TokenKind::Word => roman(doc.orig(i)).or_else(|| number_word(doc.word(i))),
        _ => None,
    }
}

/// A term number: Roman ("XII") or digits.
fn term_number(doc: &Document<'_>, i: usize) -> Option<u32> {
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
fn quoted(doc: &Document<'_>, j: usize) -> Option<(usize, String)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{parse_lexicon, DEFAULT_LEXICONS};
    use crate::syllables::tokenize;
    use crate::text::ViewOptions;

    struct Fixture {
        lex: CompiledLexicon,
        tagger: DocRefTagger,
    }

    fn fixture() -> Fixture {
        let mut entries = Vec::new();
        for (name, text) in DEFAULT_LEXICONS {
            if name.contains("docref") || name.contains("national_bodies") {
                entries.extend(parse_lexicon(name, text).unwrap());
            }
        }
        let lex = CompiledLexicon::build(entries, ViewOptions::default()).unwrap();
        let tagger = DocRefTagger::new(&lex);
        Fixture { lex, tagger }
    }

    /// (span text, attrs) of every DOCREF candidate, longest first per start.
    fn refs(f: &Fixture, text: &str) -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
        let mut view = MatchView::default();
        view.build(text, ViewOptions::default());
        let mut tokens = Vec::new();
        tokenize(&view, &mut tokens);
        let mut hits = crate::matcher::HitBuffer::default();
        f.lex.find(&view, &tokens, &mut hits);
        let doc = Document {
            text,
            view: &view,
            tokens: &tokens,
            hits: &hits.hits,
            starts: &hits.starts,
            lexicon: &f.lex,
            roles: &crate::numeric::Roles::default(),
        };
        let mut out = Vec::new();
        f.tagger.tag(&doc, &mut out);
        // keep outermost candidates only, as the resolver would
        out.sort_by_key(|c| (c.tokens.start, usize::MAX - c.tokens.end));
        let mut kept: Vec<Candidate> = Vec::new();
        for c in out {
            if kept
                .iter()
                .any(|k| k.tokens.start <= c.tokens.start && c.tokens.end <= k.tokens.end)
            {
                continue;
            }
            kept.push(c);
        }
        kept.into_iter()
            .map(|c| {
                let json = crate::formats::record::attrs_of(
                    &c.attrs,
                    c.label,
                    &[],
                    text,
                    &f.lex,
                    doc.roles,
                );
                let serde_json::Value::Object(map) = json else {
                    panic!("attrs are an object")
                };
                (doc.span_text(c.tokens.clone()).to_string(), map)
            })
            .collect()
    }

    fn spans(f: &Fixture, text: &str) -> Vec<String> {
        refs(f, text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn spans_of_every_form() {
        let f = fixture();
        let table: &[(&str, &[&str])] = &[
            (
                "Huyện ủy quán triệt Chỉ thị số 12-CT/TW của Ban Bí thư.",
                &["Chỉ thị số 12-CT/TW"],
            ),
            (
                "thực hiện Kế hoạch 45-KH/ThU, ngày 3/5/2023",
                &["Kế hoạch 45-KH/ThU"],
            ),
            (
                "theo Đề án 07-ĐA/HU của Ban Thường vụ Huyện ủy",
                &["Đề án 07-ĐA/HU"],
            ),
            ("Kết luận số 14-KL/TW đã nêu", &["Kết luận số 14-KL/TW"]),
            ("Quy định 208-QĐ/TW về công tác", &["Quy định 208-QĐ/TW"]),
            (
                "Hướng dẫn số 12-HD/VPTW về thể thức",
                &["Hướng dẫn số 12-HD/VPTW"],
            ),
            ("Thông tri số 03-TT/TU", &["Thông tri số 03-TT/TU"]),
            (
                "áp dụng Nghị định 15/2023/NĐ-CP từ",
                &["Nghị định 15/2023/NĐ-CP"],
            ),
            (
                "ban hành Quyết định số 456/QĐ-TTg",
                &["Quyết định số 456/QĐ-TTg"],
            ),
            (
                "Quyết định số 22/2024/QĐ-UBND của UBND tỉnh",
                &["Quyết định số 22/2024/QĐ-UBND"],
            ),
            (
                "Thông tư 08/2022/TT-BNV hướng dẫn",
                &["Thông tư 08/2022/TT-BNV"],
            ),
            (
                "Thông tư liên tịch số 03/2016/TTLT-BNV-BTC quy định",
                &["Thông tư liên tịch số 03/2016/TTLT-BNV-BTC"],
            ),
            (
                "Luật số 55/2020/QH14 có hiệu lực",
                &["Luật số 55/2020/QH14"],
            ),
            (
                "Công văn số 2345/UBND-KT ngày",
                &["Công văn số 2345/UBND-KT"],
            ),
            ("nội dung Chỉ thị số 08 của Tỉnh ủy", &["Chỉ thị số 08"]),
            (
                "triển khai Nghị quyết 57 của Bộ Chính trị",
                &["Nghị quyết 57"],
            ),
            (
                "gắn với Nghị quyết Trung ương 4 (khóa XII) về xây dựng Đảng",
                &["Nghị quyết Trung ương 4 (khóa XII)"],
            ),
            (
                "thực hiện Nghị quyết Trung ương 4, khóa XII gắn với",
                &["Nghị quyết Trung ương 4, khóa XII"],
            ),
            (
                "Nghị quyết Hội nghị Trung ương 8 khóa XI về",
                &["Nghị quyết Hội nghị Trung ương 8 khóa XI"],
            ),
            (
                "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII",
                &["Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII"],
            ),
            (
                "thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII, nhiệm kỳ",
                &["Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII"],
            ),
            (
                "đưa Nghị quyết Đại hội XIII của Đảng vào cuộc sống",
                &["Nghị quyết Đại hội XIII của Đảng"],
            ),
            (
                "Văn kiện Đại hội đại biểu toàn quốc lần thứ XIII của Đảng nêu",
                &["Văn kiện Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"],
            ),
            (
                "theo Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2020 - 2025",
                &["Nghị quyết Đại hội Đảng bộ phường"],
            ),
            (
                "Nghị quyết Đại hội X Đảng bộ huyện, nhiệm kỳ",
                &["Nghị quyết Đại hội X Đảng bộ huyện"],
            ),
            (
                "kiên định Cương lĩnh, Điều lệ Đảng",
                &["Cương lĩnh", "Điều lệ Đảng"],
            ),
            ("Hiến pháp năm 2013 quy định", &["Hiến pháp năm 2013"]),
            (
                "Bộ luật Hình sự năm 2015 và Luật Đất đai 2024",
                &["Bộ luật Hình sự năm 2015", "Luật Đất đai 2024"],
            ),
            (
                "Đề án “Nâng cao chất lượng sinh hoạt chi bộ” được",
                &["Đề án “Nâng cao chất lượng sinh hoạt chi bộ”"],
            ),
            (
                "Nghị quyết số 18-NQ/TW, 19-NQ/TW của Trung ương",
                &["Nghị quyết số 18-NQ/TW", "19-NQ/TW"],
            ),
            ("Chỉ thị 15 – CT/TW", &["Chỉ thị 15 – CT/TW"]),
            ("NGHỊ QUYẾT SỐ 05-NQ/TU", &["NGHỊ QUYẾT SỐ 05-NQ/TU"]),
            (
                "theo quyết định số 99/QĐ-UBND",
                &["quyết định số 99/QĐ-UBND"],
            ),
            (
                "Bộ đã có công văn số 512/ BNV-CCVC gửi các tỉnh",
                &["công văn số 512/ BNV-CCVC"],
            ),
            (
                "Chính phủ ban hành Nghị quyết 25-2024/NQ-CP về",
                &["Nghị quyết 25-2024/NQ-CP"],
            ),
            (
                "theo Nghị định 71 năm 2010 của Chính phủ",
                &["Nghị định 71 năm 2010"],
            ),
            ("Quyết định 33 chỉ rõ trách nhiệm", &["Quyết định 33"]),
            ("Chỉ thị 11 đề ra nhiệm vụ", &["Chỉ thị 11"]),
            ("Thông tư 12 ngày 3/4/2020 của Bộ", &["Thông tư 12"]),
            ("đã ký văn bản số 88 gửi các xã", &["văn bản số 88"]),
            (
                "theo Văn bản 2103/2019 của Thủ tướng",
                &["Văn bản 2103/2019"],
            ),
            (
                "Phiếu chuyển số 77/PC-BTD ngày",
                &["Phiếu chuyển số 77/PC-BTD"],
            ),
            (
                "theo Điều 122 Bộ luật tố tụng hình sự năm 2015",
                &["Bộ luật tố tụng hình sự năm 2015"],
            ),
            (
                "sau 5 năm thi hành Luật HTX năm 2012",
                &["Luật HTX năm 2012"],
            ),
            (
                "quán triệt Nghị quyết TƯ 4 khóa XII",
                &["Nghị quyết TƯ 4 khóa XII"],
            ),
            (
                "Chỉ thị “Phá kho thóc của Nhật để chia cho dân đói” ra đời",
                &["Chỉ thị “Phá kho thóc của Nhật để chia cho dân đói”"],
            ),
        ];
        for &(text, want) in table {
            assert_eq!(spans(&f, text), want, "{text}");
        }
    }

    #[test]
    fn near_misses() {
        let f = fixture();
        for text in [
            "quán triệt Nghị quyết của Trung ương",
            "ban hành các Chỉ thị, Nghị quyết",
            "kết quả đạt được theo Nghị quyết Thành ủy.",
            "Kế hoạch của Tỉnh ủy",
            "nghị quyết của đại hội Đảng qua các nhiệm kỳ",
            "xây dựng Kế hoạch 3 năm",
            "Thông báo 3 ca mắc mới",
            "Chương trình 60 phút",
            "Báo cáo 6 tháng đầu năm",
            "hướng dẫn 20 hộ dân",
            "Bộ Kế hoạch và Đầu tư",
            "Kế hoạch 2024 của xã",
            "trường Đại học Luật TP HCM",
            "Nghị quyết Đại hội",
            "Điện thoại: 0271.3879.736",
            "Chương trình nghị sự 2030",
            "khóa XIII",
            "Luật sư Nguyễn Văn A",
            "Hướng dẫn thí điểm sinh hoạt trực tuyến",
            "kháng nghị lên Tòa án Hiến pháp nước này",
            "triển khai Nghị quyết Đại hội Đảng các cấp",
            "Chương trình “Gặp nhau cuối tuần” của VTV",
            "Dự án “Xây dựng cầu dân sinh” do tỉnh làm chủ đầu tư",
            "Sắc lệnh “cấm cửa” gây tranh cãi",
            "sinh viên ngành Luật hình sự quốc tế",
            "am hiểu luật đất đai",
        ] {
            assert_eq!(spans(&f, text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn attributes() {
        let f = fixture();
        let r = refs(
            &f,
            "thực hiện Chỉ thị số 33-CT/TU, ngày 10/02/2023 của Ban Thường vụ Thành ủy về tăng cường công tác dân vận.",
        );
        assert_eq!(r.len(), 1);
        let a = &r[0].1;
        assert_eq!(a["doc_type"], "Chỉ thị");
        assert_eq!(a["number"], "33");
        assert_eq!(a["type_code"], "CT");
        assert_eq!(a["issuer_code"], "TU");
        assert_eq!(a["id"], "33-CT/TU");
        assert_eq!(a["date"], "2023-02-10");
        assert_eq!(a["issuer"], "Ban Thường vụ Thành ủy");
        assert_eq!(a["subject"], "tăng cường công tác dân vận");
        assert!(a.get("type_mismatch").is_none());

        let r = refs(&f, "Kế hoạch số 27-KH/ThU");
        assert_eq!(r[0].1["id"], "27-KH/ThU");
        assert_eq!(r[0].1["issuer_code"], "ThU");

        let r = refs(
            &f,
            "Nghị định số 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ về công tác văn thư",
        );
        let a = &r[0].1;
        assert_eq!(a["id"], "30/2020/NĐ-CP");
        assert_eq!(a["year"], 2020);
        assert_eq!(a["type_code"], "NĐ");
        assert_eq!(a["issuer_code"], "CP");
        assert_eq!(a["doc_type"], "Nghị định");
        assert_eq!(a["issuer"], "Chính phủ");
        assert_eq!(a["date"], "2020-03-05");
        assert_eq!(a["subject"], "công tác văn thư");

        let r = refs(&f, "Luật số 45/2019/QH14");
        assert_eq!(r[0].1["issuer_code"], "QH14");
        assert_eq!(r[0].1["term"], 14);
        assert_eq!(r[0].1["id"], "45/2019/QH14");

        let r = refs(&f, "Nghị quyết số 05-CT/TW");
        assert_eq!(r[0].1["type_mismatch"], true);
        assert_eq!(r[0].1["doc_type"], "Nghị quyết");

        let r = refs(&f, "Nghị quyết Trung ương 4 (khóa XII)");
        assert_eq!(r[0].1["term"], 12);
        assert_eq!(r[0].1["plenum"], 4);

        let r = refs(
            &f,
            "Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng (khóa XIII), các",
        );
        assert_eq!(r[0].0, "Kết luận số 21-KL/TW");
        assert_eq!(
            r[0].1["issuer"],
            "Ban Chấp hành Trung ương Đảng (khóa XIII)"
        );
        assert_eq!(r[0].1["term"], 13);

        let r = refs(&f, "Đề án “Nâng cao chất lượng sinh hoạt chi bộ”");
        assert_eq!(r[0].1["subject"], "Nâng cao chất lượng sinh hoạt chi bộ");

        let r = refs(&f, "Hiến pháp năm 2013");
        assert_eq!(r[0].1["year"], 2013);
        assert_eq!(r[0].1["id"], "Hiến pháp");

        let r = refs(&f, "Nghị quyết 25-2024/NQ-CP");
        assert_eq!(r[0].1["id"], "25-2024/NQ-CP");
        assert_eq!(r[0].1["year"], 2024);
        let r = refs(&f, "công văn số 512/ BNV-CCVC");
        assert_eq!(r[0].1["id"], "512/BNV-CCVC");
        assert_eq!(r[0].1["issuer_code"], "BNV-CCVC");
        let r = refs(&f, "Nghị định 71 năm 2010");
        assert_eq!(r[0].1["year"], 2010);
        assert_eq!(r[0].1["number"], "71");

        let r = refs(
            &f,
            "Nghị quyết số 21-NQ/TW của Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII về",
        );
        assert_eq!(
            r[0].1["issuer"],
            "Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII"
        );
        assert_eq!(r[0].1["term"], 13);
        let r = refs(
            &f,
            "Nghị quyết số 76/2025/UBTVQH15 của Ủy ban Thường vụ Quốc hội",
        );
        assert_eq!(r[0].1["issuer"], "Ủy ban Thường vụ Quốc hội");

        let r = refs(&f, "Luật HTX năm 2012");
        assert_eq!(r[0].1["id"], "Luật Hợp tác xã");
        assert_eq!(r[0].1["year"], 2012);
        let r = refs(&f, "Bộ luật Hình sự số 100/2015/QH13");
        assert_eq!(r[0].1["id"], "100/2015/QH13");
        assert_eq!(r[0].1["term"], 13);

        // the eth look-alike is written as Đ in the id
        let r = refs(&f, "Nghị định 30/2020/N\u{00D0}-CP");
        assert_eq!(r[0].1["id"], "30/2020/NĐ-CP");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let f = fixture();
        for text in [
            "",
            "Nghị quyết",
            "Nghị quyết số",
            "Nghị quyết số:",
            "Chỉ thị 05-",
            "Chỉ thị 05-CT/",
            "Nghị định 30/2020/",
            "Nghị quyết Trung ương",
            "Nghị quyết Đại hội lần thứ",
            "Đề án “",
            "Luật",
            "Nghị quyết số 999999999999/2020/NĐ-CP",
            "Hiến pháp năm",
            "Nghị quyết Hội nghị lần thứ IV Ban",
            "(khóa",
            "Chỉ thị số 05 (khóa",
        ] {
            let _ = refs(&f, text);
        }
    }
}
