//! Typed attributes and provenance of entities.
//!
//! Every label has its own attribute type; only the entries of lexicons
//! with an entity label carry a plain list of `key=value` pairs, which are
//! the user's own. Values that live in a lexicon (a gazetteer unit, a role
//! word, a currency) are held as an [`EntryId`] and values that are text of
//! the document as a [`TextSpan`], so building attributes allocates
//! nothing; their JSON form is written once, at the edge
//! ([`crate::Annotation::write_json`]), where the lexicon and the text are
//! at hand.

use std::fmt;

use crate::lexicon::EntryId;
pub use crate::numeric::Currency;
use crate::numeric::{Op, UnitKind};

/// A byte range of the document text (the original, not the view).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TextSpan {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl TextSpan {
    /// The span `start..end` (bytes; documents are at most 4 GB).
    pub fn new(start: usize, end: usize) -> Self {
        TextSpan {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The same span `by` bytes later (for a part of a document annotated
    /// on its own; see [`Attrs::shift`]).
    pub(crate) fn shifted(self, by: u32) -> Self {
        TextSpan {
            start: self.start.saturating_add(by),
            end: self.end.saturating_add(by),
        }
    }

    /// The span's text in `document` ("" when out of range).
    pub fn text<'d>(&self, document: &'d str) -> &'d str {
        document
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// What produced an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// A lexicon entry (written as its `file:line`).
    Entry(EntryId),
    /// A rule of a tagger.
    Rule(Rule),
}

/// The rule of a tagger named `$name`, as a [`Rule`] that holds the text
/// it is written as, `rule:$name`.
macro_rules! rule {
    ($name:literal) => {
        $crate::attrs::Rule::written(concat!("rule:", $name))
    };
}
pub(crate) use rule;

/// A tagger rule, written as `rule:NAME` ("rule:loc.typed").
///
/// It holds the whole text it is written as, a `&'static str`, so that
/// writing an entity's source is a copy of it rather than a join of
/// `rule:` and the name.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule(&'static str);

#[allow(missing_docs)]
impl Rule {
    pub const LOC_TYPED: Rule = rule!("loc.typed");
    pub const LOC_BARE: Rule = rule!("loc.bare");
    pub const LOC_FEATURE: Rule = rule!("loc.feature");
    pub const ORG: Rule = rule!("org");
    pub const TITLE: Rule = rule!("title");
    pub const PER_AFTER_TITLE: Rule = rule!("per.after_title");
    pub const PER_CUE: Rule = rule!("per.cue");
    pub const PER_BYLINE: Rule = rule!("per.byline");
    pub const PER_SURNAME: Rule = rule!("per.surname");
    pub const PER_REPEAT: Rule = rule!("per.repeat");
    pub const PER_ROLE: Rule = rule!("per.role");
    pub const PER_FOREIGN: Rule = rule!("per.foreign");
    pub const PER_GIVEN: Rule = rule!("per.given");
    pub const PER_MINUTE: Rule = rule!("per.minute");
    pub const PER_LIST: Rule = rule!("per.list");
    pub const ORG_REPEAT: Rule = rule!("org.repeat");
    pub const ORG_ABBR: Rule = rule!("org.abbr");
    pub const ORG_TICKER: Rule = rule!("org.ticker");
    pub const ORG_CUE: Rule = rule!("org.cue");
    pub const ORG_TEAM: Rule = rule!("org.team");
    pub const ORG_CLUB: Rule = rule!("org.club");
    pub const ORG_SHORT: Rule = rule!("org.short");
    pub const NUMERIC: Rule = rule!("numeric");
    pub const DOCREF: Rule = rule!("docref");

    /// What a rule's name follows when it is written. The `rule!` macro
    /// spells it again, since `concat!` takes only literals; the test of
    /// this module holds the two together.
    pub(crate) const PREFIX: &'static str = "rule:";

    /// The rule written as `written`, which starts with [`Rule::PREFIX`]
    /// (made by the `rule!` macro, the one caller).
    pub(crate) const fn written(written: &'static str) -> Rule {
        Rule(written)
    }

    /// The rule's name, without `rule:`.
    pub fn name(self) -> &'static str {
        self.0.strip_prefix(Rule::PREFIX).unwrap_or(self.0)
    }

    /// The rule as it is written: `rule:NAME`.
    pub(crate) fn as_written(self) -> &'static str {
        self.0
    }
}

/// The name alone, as when a rule held only its name: `Rule("loc.typed")`.
impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Rule").field(&self.name()).finish()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The attributes of an entity, by label kind.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Attrs {
    /// No attributes.
    #[default]
    None,
    /// An entry of a lexicon with an entity label: its id and `key=value`
    /// attributes, as written in the lexicon.
    Entry(EntryId),
    /// A place found by the LOC grammar.
    Loc(LocAttrs),
    /// An organisation found by the ORG grammar.
    Org(OrgAttrs),
    /// A position title.
    Title(TitleAttrs),
    /// A person's name.
    Per(PerAttrs),
    /// A document reference.
    DocRef(Box<DocRefAttrs>),
    /// A date.
    Date(DateAttrs),
    /// A PERCENT, MONEY or QUANTITY.
    Numeric(NumericAttrs),
}

impl Attrs {
    /// These attributes for a mention licensed by the one at `via`: a
    /// person's or an organisation's attributes with `via` set (others are
    /// returned unchanged).
    pub(crate) fn with_via(&self, via: TextSpan) -> Attrs {
        match self {
            Attrs::Per(p) => Attrs::Per(PerAttrs {
                via: Some(via),
                ..*p
            }),
            Attrs::Org(o) => Attrs::Org(OrgAttrs {
                via: Some(via),
                ..o.clone()
            }),
            other => other.clone(),
        }
    }

    /// Moves every text span these attributes hold `by` bytes later: the
    /// attributes of a part of a document, placed in the whole document.
    pub(crate) fn shift(&mut self, by: u32) {
        let move_span = |s: &mut Option<TextSpan>| *s = s.map(|s| s.shifted(by));
        match self {
            Attrs::Org(o) => o.shift(by),
            Attrs::Title(t) => {
                move_span(&mut t.org);
                if let Some(body) = &mut t.body {
                    body.shift(by);
                }
            }
            Attrs::Per(p) => {
                move_span(&mut p.given);
                move_span(&mut p.via);
            }
            Attrs::DocRef(d) => move_span(&mut d.issuer),
            Attrs::None | Attrs::Entry(_) | Attrs::Loc(_) | Attrs::Date(_) | Attrs::Numeric(_) => {}
        }
    }

    /// The numeric attributes, for PERCENT, MONEY and QUANTITY.
    pub fn numeric(&self) -> Option<&NumericAttrs> {
        match self {
            Attrs::Numeric(n) => Some(n),
            _ => None,
        }
    }
}

/// A place: the gazetteer unit it names, or the feature word it has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LocAttrs {
    /// The administrative unit chosen (`id`, `code`, `level` … in JSON).
    pub unit: Option<EntryId>,
    /// The type word written before the name ("tỉnh", "TP.").
    pub type_word: Option<EntryId>,
    /// How many units the name fits, when more than one.
    pub candidates: u32,
    /// The feature word of a street, river, lake … ("đường").
    pub feature: Option<EntryId>,
}

/// What kind of head an organisation phrase has: it says where `body`,
/// `kind`, `level` and `id` come from in the head's lexicon entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OrgHead {
    /// A body listed whole in a lexicon ("Bộ Chính trị").
    National,
    /// A body of a body ("Ban Thường vụ").
    Prefix,
    /// A Party committee named by its level ("Tỉnh ủy").
    Committee,
    /// A body that takes its unit ("Đảng bộ", "UBND").
    Unit,
    /// A head that takes a proper name ("Sở", "Trường").
    Named,
    /// An enterprise that takes a place ("VNPT").
    Brand,
    /// A name after a context word that is outside the span: a descriptor
    /// ("hãng", "tờ"), a ticker cue ("mã"), a club suffix ("FC") or a team
    /// word; `head` is that word's entry.
    Cue,
    /// A club named by its city or province in football news; `head` is
    /// the place's entry.
    Club,
}

/// An organisation: its head, place and the body it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrgAttrs {
    /// The head's lexicon entry.
    pub head: EntryId,
    /// What kind of head it is.
    pub head_kind: OrgHead,
    /// The place written after the head ("xã Tân Thành").
    pub place: Option<TextSpan>,
    /// The gazetteer unit of that place, as the LOC tagger chose it.
    pub place_id: Option<EntryId>,
    /// The body it belongs to ("Ban Thường vụ" of "Thành ủy Đồng Xoài").
    pub of: Option<Box<OrgAttrs>>,
    /// The mention that licensed this one (see [`PerAttrs::via`]).
    pub via: Option<TextSpan>,
}

impl OrgAttrs {
    fn shift(&mut self, by: u32) {
        self.place = self.place.map(|s| s.shifted(by));
        self.via = self.via.map(|s| s.shifted(by));
        if let Some(of) = &mut self.of {
            of.shift(by);
        }
    }
}

/// A position title: its role and the body it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TitleAttrs {
    /// The role word's entry ("Bí thư").
    pub role: EntryId,
    /// The body's text.
    pub org: Option<TextSpan>,
    /// The body's attributes.
    pub body: Option<OrgAttrs>,
}

/// A person's name: surname and given name, when it starts with a known
/// surname; whether it is foreign; the mention that licensed it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PerAttrs {
    /// The surname's entry.
    pub surname: Option<EntryId>,
    /// The given name.
    pub given: Option<TextSpan>,
    /// A foreign name in Latin script ("Lionel Messi").
    pub foreign: bool,
    /// For a mention found by document consistency, the mention of the
    /// same document that licensed it: a name found with strong evidence
    /// ("Lionel Messi" after "tiền đạo") licenses its other mentions and
    /// short forms ("Messi"); an organisation named in full licenses the
    /// abbreviation defined after it ("(NHNN)"). Written in JSON as
    /// `"via": {"start", "end", "text"}` in the output's offset unit.
    pub via: Option<TextSpan>,
}

/// A document reference (see the DOCREF tagger for each field).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub struct DocRefAttrs {
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub type_code: Option<String>,
    pub issuer_code: Option<String>,
    pub year: Option<i32>,
    /// Canonical id ("05-CT/TW").
    pub id: Option<String>,
    pub plenum: Option<u32>,
    pub congress: Option<u32>,
    /// The date after the reference, ISO 8601.
    pub date: Option<String>,
    pub issuer: Option<TextSpan>,
    pub term: Option<u32>,
    pub subject: Option<String>,
    /// The type word disagrees with the code's type.
    pub type_mismatch: bool,
    /// The law an amendment law amends ("Bộ luật Hình sự").
    pub amends: Option<String>,
}

/// A date: its ISO 8601 value and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DateAttrs {
    pub(crate) value: crate::calendar::When,
    pub(crate) kind: crate::calendar::DateKind,
    /// The weekday written, ISO number (Monday = 1).
    pub weekday: Option<u8>,
}

impl DateAttrs {
    /// The ISO 8601 value ("2023-07-13", "--08-14", "2020/2025").
    pub fn value(&self) -> String {
        self.value.to_string()
    }

    /// `date`, `month`, `quarter`, `year`, `range`, `term` or `weekday`.
    pub fn kind(&self) -> &'static str {
        self.kind.as_str()
    }
}

/// What a QUANTITY counts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unit {
    /// A counted noun or unit of the lexicon (its canonical unit).
    Entry(EntryId),
    /// A noun missing from the lexicon, read from the words after the
    /// number (`unit_inferred`).
    Inferred(Box<str>),
    /// A unit given by name, as read from an annotation file.
    Named(Box<str>),
}

/// A PERCENT, MONEY or QUANTITY value.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NumericAttrs {
    /// The value (a range's lower bound, a ratio's numerator).
    pub value: f64,
    /// A range's upper bound.
    pub max: Option<f64>,
    /// The qualifier's comparison.
    pub op: Op,
    /// PERCENT: digits after the decimal separator.
    pub decimals: u8,
    /// PERCENT: percentage points.
    pub points: bool,
    /// MONEY: the currency.
    pub currency: Option<Currency>,
    /// MONEY: no currency word is written.
    pub currency_implied: bool,
    /// QUANTITY: the counted noun or unit.
    pub unit: Option<Unit>,
    /// QUANTITY: what the unit measures.
    pub kind: Option<UnitKind>,
    /// QUANTITY: a ratio's denominator.
    pub total: Option<f64>,
    /// A rate's denominator units ("năm", "người/năm").
    pub per: Option<Box<str>>,
}

impl NumericAttrs {
    /// A value with nothing else known.
    pub fn new(value: f64) -> Self {
        NumericAttrs {
            value,
            max: None,
            op: Op::Eq,
            decimals: 0,
            points: false,
            currency: None,
            currency_implied: false,
            unit: None,
            kind: None,
            total: None,
            per: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_written_with_its_prefix_and_named_without() {
        let rule = rule!("date.ngay");
        assert_eq!(rule.name(), "date.ngay");
        assert_eq!(rule.as_written(), "rule:date.ngay");
        assert_eq!(rule.to_string(), "rule:date.ngay");
        assert_eq!(format!("{:?}", Rule::ORG), "Rule(\"org\")");
    }
}
