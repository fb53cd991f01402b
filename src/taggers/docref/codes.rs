//! Document numbers and codes.
//!
//! | form | examples |
//! |------|----------|
//! | plain | "05", "30/2020" (number/year) |
//! | Party | "05-CT/TW", "05 - CT/TW", "15-TB/VPTW-HC" |
//! | state | "30/2020/NĐ-CP", "123/QĐ-TTg", "45/2019/QH14", "1234/UBND-KT", "25-2024/NQ-CP", "512/ BNV-CCVC" |
//!
//! A code is cut into parts at "-" and "/". A part is a word that starts
//! with a capital, with the words, digits and "&" glued to it: "TTg",
//! "QH14", "HoREA" (cut in two syllables by the tokenizer), "GD&ĐT",
//! "BNN&PTNT". A number glued to "số" ("số187/2004/NĐ-CP") is read too.

use std::borrow::Cow;

use unicode_normalization::{is_nfc, UnicodeNormalization};

use super::{DocRefTagger, Document};
use crate::numbers::int;
use crate::syllables::TokenKind;

/// Longest part of a code, in characters: long enough for the joint
/// issuers of "NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN", short enough that a
/// sentence glued to a code is not read as one.
const MAX_PART_CHARS: usize = 24;

/// Longest document number, in digits.
const MAX_NUMBER_DIGITS: usize = 6;

/// Which numbering system a code follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum System {
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
pub(super) struct ParsedCode {
    /// The token after the code.
    pub(super) end: usize,
    pub(super) system: System,
    pub(super) number: String,
    pub(super) year: Option<i32>,
    /// (canonical code, known in the lexicon)
    pub(super) type_code: Option<(String, bool)>,
    /// View form of the type code, for the type-word check.
    pub(super) type_key: String,
    pub(super) issuer_code: Option<(String, bool)>,
    pub(super) term: Option<u32>,
    pub(super) doc_type: Option<String>,
    pub(super) id: Option<String>,
}

impl ParsedCode {
    /// True if the code names a document without a type word before it.
    pub(super) fn standalone(&self) -> bool {
        let known = |c: &Option<(String, bool)>| c.as_ref().is_some_and(|c| c.1);
        match self.system {
            System::Plain => false,
            System::Party => known(&self.type_code) && known(&self.issuer_code),
            System::State => {
                known(&self.type_code) && (self.year.is_some() || known(&self.issuer_code))
            }
        }
    }

    /// True if the code is written in full, in either form, whether its
    /// codes are known or not ("235/GP-SXD", "386-QĐ/UB"): after "số" that
    /// is a document number, as no other number is written so.
    pub(super) fn in_full(&self) -> bool {
        match self.system {
            System::Plain => false,
            System::Party => self.type_code.is_some() && self.issuer_code.is_some(),
            // at least two parts after the last "/": "GP-SDL", "UBND-VX"
            System::State => self
                .id
                .as_deref()
                .and_then(|id| id.rsplit('/').next())
                .is_some_and(|parts| parts.contains(['-', '–'])),
        }
    }

    /// True if the code carries a type code that `codes` (a type word's
    /// codes, view form) does not list.
    pub(super) fn disagrees_with(&self, codes: &[String]) -> bool {
        !self.type_key.is_empty() && !codes.is_empty() && !codes.contains(&self.type_key)
    }
}

/// The number that begins a code. Its texts are borrowed from the
/// document (most numbers read begin no code): copied only into a code.
struct Number<'d> {
    /// The number as written ("05").
    text: &'d str,
    /// The year written with it ("30/2020", "25-2024").
    year: Option<i32>,
    /// Number and year as written, for the id ("30/2020").
    id_prefix: Cow<'d, str>,
    /// The token after number and year.
    next: usize,
    /// Joined to its year by a dash ("25-2024"): valid only before a state
    /// code.
    dashed: bool,
}

/// True if token `j` can begin a document number: a number, or a number
/// glued to "số" ("số187").
pub(super) fn starts_number(doc: &Document<'_>, j: usize) -> bool {
    doc.is_number(j) || glued_number(doc, j).is_some()
}

/// The digits of a word "số187" (the view keeps digits glued to a word).
fn glued_number<'a>(doc: &Document<'a>, j: usize) -> Option<&'a str> {
    if doc.kind(j) != Some(TokenKind::Word) {
        return None;
    }
    let rest = doc.word(j).strip_prefix("số")?;
    let digits = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    let orig = doc.orig(j);
    let from = orig.find(|c: char| c.is_ascii_digit())?;
    digits.then(|| orig.get(from..)).flatten()
}

fn all_digits(x: &str) -> bool {
    !x.is_empty() && x.len() <= MAX_NUMBER_DIGITS && x.bytes().all(|b| b.is_ascii_digit())
}

fn year_of(y: &str) -> Option<i32> {
    (y.len() == 4)
        .then(|| int(y))
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
        .map(|y| y as i32)
}

/// The number at token `j`: "05", "30/2020", "19-2017", or "số187" followed
/// by an optional "/2004".
fn number_at<'d>(doc: &Document<'d>, j: usize) -> Option<Number<'d>> {
    if let Some(digits) = glued_number(doc, j) {
        let mut n = Number {
            text: digits,
            year: None,
            id_prefix: Cow::Borrowed(digits),
            next: j + 1,
            dashed: false,
        };
        // "số187/2004/NĐ-CP": the year is its own token here
        if doc.is_punct(j + 1, '/') && doc.is_punct(j + 3, '/') {
            if let Some(y) = doc
                .is_number(j + 2)
                .then(|| year_of(doc.word(j + 2)))
                .flatten()
            {
                n.year = Some(y);
                n.id_prefix = Cow::Owned(format!("{digits}/{}", doc.word(j + 2)));
                n.next = j + 3;
            }
        }
        return (digits.len() <= MAX_NUMBER_DIGITS).then_some(n);
    }
    if !doc.is_number(j) {
        return None;
    }
    let s = doc.word(j);
    let Some(k) = s.find(['/', '-']) else {
        return all_digits(s).then(|| Number {
            text: doc.orig(j),
            year: None,
            id_prefix: Cow::Borrowed(doc.orig(j)),
            next: j + 1,
            dashed: false,
        });
    };
    let (n, y) = (s.get(..k)?, s.get(k + 1..)?);
    let year = year_of(y).filter(|_| all_digits(n))?;
    let dashed = s.as_bytes().get(k) == Some(&b'-');
    if dashed && !doc.is_punct(j + 1, '/') {
        return None;
    }
    Some(Number {
        text: doc.orig(j).get(..k).unwrap_or(""),
        year: Some(year),
        id_prefix: Cow::Borrowed(doc.orig(j)),
        next: j + 1,
        dashed,
    })
}

/// True if a party or state code may follow a number that ends before
/// token `next`: the dash (after a gap) that [`DocRefTagger::party_code`]
/// reads first, or the slash right after it that
/// [`DocRefTagger::state_code`] does. Without either a number is a plain
/// one.
pub(super) fn code_may_follow(doc: &Document<'_>, next: usize) -> bool {
    doc.is_punct(next, '/') || doc.is_dash(doc.after_gap(next))
}

/// The end of the code part starting at token `i`, if one starts there.
fn code_part(doc: &Document<'_>, i: usize) -> Option<usize> {
    if !doc.is_cap(i) {
        return None;
    }
    let mut end = i + 1;
    loop {
        if doc.kind(end) == Some(TokenKind::Word) {
            end += 1;
        } else if doc.is_punct(end, '&') && doc.kind(end + 1) == Some(TokenKind::Word) {
            end += 2;
        } else {
            break;
        }
    }
    (doc.span_text(i..end).chars().count() <= MAX_PART_CHARS).then_some(end)
}

/// Further parts joined by dashes after a part that ends at `end`; a dash
/// with spaces only before a part in capitals ("133/QĐ - CSĐT").
fn more_parts(doc: &Document<'_>, mut end: usize) -> usize {
    loop {
        let d = doc.after_gap(end);
        if !doc.is_dash(d) {
            return end;
        }
        let p = doc.after_gap(d + 1);
        let spaced = d > end || p > d + 1;
        if spaced && !doc.tok(p).is_some_and(|t| t.all_upper) {
            return end;
        }
        match code_part(doc, p) {
            Some(e) => end = e,
            None => return end,
        }
    }
}

/// The view text of the code part `a..b` (its tokens are glued).
fn part_key(doc: &Document<'_>, a: usize, b: usize) -> String {
    (a..b).map(|i| doc.word(i)).collect()
}

impl DocRefTagger {
    /// A document number or code starting at token `j` (a number, or a
    /// number glued to "số").
    pub(super) fn code_at(&self, doc: &Document<'_>, j: usize) -> Option<ParsedCode> {
        let n = number_at(doc, j)?;
        let mut c = ParsedCode {
            end: n.next,
            number: n.text.to_string(),
            year: n.year,
            ..ParsedCode::default()
        };
        if n.year.is_none() && self.party_code(doc, n.next, &mut c) {
            return Some(c);
        }
        if self.state_code(doc, &n, &mut c) {
            return Some(c);
        }
        // "19-2017" is a number-year only before a state code
        (!n.dashed).then_some(c)
    }

    /// "-CT/TW" after a number ending at `next`, also "- CT/TW".
    /// Starts with [`code_may_follow`]'s dash.
    fn party_code(&self, doc: &Document<'_>, next: usize, c: &mut ParsedCode) -> bool {
        let d = doc.after_gap(next);
        if !doc.is_dash(d) {
            return false;
        }
        let w = doc.after_gap(d + 1);
        let Some(w_end) = code_part(doc, w).filter(|&e| doc.is_punct(e, '/')) else {
            return false;
        };
        let Some(first_issuer_end) = code_part(doc, w_end + 1) else {
            return false;
        };
        let end = more_parts(doc, first_issuer_end);
        let tc = part_key(doc, w, w_end);
        let known = self.party_types.get(&tc);
        let tc_text = clean(doc.span_text(w..w_end));
        c.system = System::Party;
        c.type_code = Some(match known {
            Some(k) => (k.code.clone(), true),
            None => (tc_text.clone(), false),
        });
        c.type_key = tc;
        c.doc_type = known.map(|k| k.name.clone());
        let ic_known = (end == first_issuer_end)
            .then(|| self.party_issuers.get(&part_key(doc, w_end + 1, end)))
            .flatten();
        let ic_text = code_text(doc, w_end + 1, end);
        c.id = Some(format!("{}-{tc_text}/{ic_text}", c.number));
        c.issuer_code = Some(match ic_known {
            Some(k) => (k.code.clone(), true),
            None => (ic_text, false),
        });
        c.end = end;
        true
    }

    /// "/NĐ-CP", "/QĐ-TTg", "/QH14", "/UBND-KT" after the number, also
    /// "/ BGDĐT-GDMN" (a space before an all-capital code).
    fn state_code(&self, doc: &Document<'_>, n: &Number<'_>, c: &mut ParsedCode) -> bool {
        if !doc.is_punct(n.next, '/') {
            return false;
        }
        let w0 = doc.after_gap(n.next + 1);
        let spaced_ok = w0 == n.next + 1 || doc.tok(w0).is_some_and(|t| t.all_upper);
        let Some(first_end) = code_part(doc, w0).filter(|_| spaced_ok) else {
            return false;
        };
        let end = more_parts(doc, first_end);
        c.system = System::State;
        let first = part_key(doc, w0, first_end);
        let issuer_from = match self.state_types.get(&first) {
            Some(k) => {
                c.type_code = Some((k.code.clone(), true));
                c.type_key = first;
                c.doc_type = Some(k.name.clone());
                first_end + 1
            }
            None => w0,
        };
        if issuer_from < end {
            self.state_issuer(doc, issuer_from, end, c);
        }
        c.id = Some(format!(
            "{}{}",
            clean(&n.id_prefix),
            code_text(doc, n.next, end)
        ));
        c.end = end;
        true
    }

    /// The issuer parts `from..end` of a state code: "CP", "QH14" (with
    /// its term), "UBND-KT".
    fn state_issuer(&self, doc: &Document<'_>, from: usize, end: usize, c: &mut ParsedCode) {
        let part_end = code_part(doc, from).unwrap_or(end).min(end);
        let w = part_key(doc, from, part_end);
        let stem = w.trim_end_matches(|ch: char| ch.is_ascii_digit());
        let digits = &w[stem.len()..];
        let known = self
            .state_issuers
            .get(&w)
            .or_else(|| self.state_issuers.get(stem).filter(|k| k.term));
        if let Some(k) = known {
            if k.term && !digits.is_empty() {
                c.term = int(digits);
            }
        }
        c.issuer_code = Some(match known {
            Some(k) if part_end == end && digits.is_empty() => (k.code.clone(), true),
            Some(_) => (code_text(doc, from, end), true),
            None => (code_text(doc, from, end), false),
        });
    }
}

/// Original text of code tokens `a..b`, cleaned for an id.
fn code_text(doc: &Document<'_>, a: usize, b: usize) -> String {
    clean(doc.span_text(a..b))
}

/// An id-safe copy of code text: NFC, "Ð" (eth) as "Đ", dashes as "-",
/// no spaces.
pub(super) fn clean(s: &str) -> String {
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
