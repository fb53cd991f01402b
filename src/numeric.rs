//! The numeric vocabulary shared by the numeric tagger, the claims layer
//! and the consistency findings: comparisons ([`Op`]), what a unit measures
//! ([`UnitKind`]), what a percentage is of ([`Basis`]), trend directions
//! ([`Change`]), and the [`Role`] each lexicon entry of the numeric and
//! claim classes plays, read once from the lexicon ([`Roles`]).

use std::sync::Arc;

use crate::lexicon::{ClassId, Entry, EntryClass, LexiconError, LexiconIssue};
use crate::matcher::CompiledLexicon;

/// The comparison a qualifier puts on a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Op {
    /// Exactly (no qualifier).
    #[default]
    Eq,
    /// More than: hơn, trên, vượt.
    Gt,
    /// Less than: gần, dưới, chưa đến.
    Lt,
    /// About: khoảng, chừng, xấp xỉ, gần như.
    Approx,
    /// At least: ít nhất, tối thiểu, từ … trở lên.
    Ge,
    /// At most: không quá, tối đa.
    Le,
}

impl Op {
    /// As written in attrs and claims: `=`, `>`, `<`, `~`, `>=`, `<=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Approx => "~",
            Op::Ge => ">=",
            Op::Le => "<=",
        }
    }

    /// Parses [`Op::as_str`] forms.
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "=" => Op::Eq,
            ">" => Op::Gt,
            "<" => Op::Lt,
            "~" => Op::Approx,
            ">=" => Op::Ge,
            "<=" => Op::Le,
            _ => return None,
        })
    }
}

/// What a QUANTITY unit measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnitKind {
    /// Whole things: people, bodies, documents, events.
    Count,
    /// Occurrences: "lần".
    Times,
    /// A length of time: "15 năm".
    Duration,
    /// An age: "16 tuổi".
    Age,
    /// A continuous measure: km, ha, tấn.
    Measure,
}

impl UnitKind {
    /// As written in attrs: `count`, `times`, `duration`, `age`, `measure`.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Count => "count",
            UnitKind::Times => "times",
            UnitKind::Duration => "duration",
            UnitKind::Age => "age",
            UnitKind::Measure => "measure",
        }
    }

    /// Parses [`UnitKind::as_str`] forms.
    pub fn parse(s: &str) -> Option<UnitKind> {
        Some(match s {
            "count" => UnitKind::Count,
            "times" => UnitKind::Times,
            "duration" => UnitKind::Duration,
            "age" => UnitKind::Age,
            "measure" => UnitKind::Measure,
            _ => return None,
        })
    }
}

/// What a percentage is a percentage of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Basis {
    /// A part of a whole: "chiếm 86,1%", "92% chi bộ", "tỷ lệ hộ nghèo".
    Share,
    /// Achievement of a plan or target: "đạt 106% chỉ tiêu".
    Target,
    /// A relative change: "tăng 5%", "so với cùng kỳ".
    Change,
    /// A level that is not a share (used for metrics only).
    Level,
}

impl Basis {
    /// As written in claims: `share`, `target`, `change`, `level`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Share => "share",
            Basis::Target => "target",
            Basis::Change => "change",
            Basis::Level => "level",
        }
    }

    /// Parses [`Basis::as_str`] forms.
    pub fn parse(s: &str) -> Option<Basis> {
        Some(match s {
            "share" => Basis::Share,
            "target" => Basis::Target,
            "change" => Basis::Change,
            "level" => Basis::Level,
            _ => return None,
        })
    }
}

/// Whether a trend verb's number is the change or the new level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// "tăng 5%": the number is the change.
    By,
    /// "giảm còn 1,23%": the number is the level reached.
    To,
}

impl Change {
    /// `by` or `to`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::By => "by",
            Change::To => "to",
        }
    }
}

/// What a lexicon entry means to the numeric tagger and the claims layer.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Role {
    /// Not a numeric word.
    Other,
    /// `qty.unit`: a counted noun or unit.
    Unit {
        /// Canonical unit.
        unit: Arc<str>,
        /// What it measures.
        kind: UnitKind,
    },
    /// `money.currency`, with its ISO code; `true` when it is a currency
    /// only after a scale word ("23 triệu bảng", not "2 bảng đấu").
    Currency(Currency, bool),
    /// `num.stop`: a function word, never what a number counts.
    Stop,
    /// `money.context`: a number with a scale word after it is money.
    MoneyContext,
    /// `num.qualifier`, before a number.
    Qualifier(Op),
    /// `num.notqual`: a comparative that is no qualifier.
    NotQualifier,
    /// `num.tail`, after a number.
    Tail(Op),
    /// `num.percent`; `true` for percentage points.
    Percent(bool),
    /// `num.label`; `true` for time nouns.
    Label(bool),
    /// `num.every`.
    Every,
    /// `num.pass`.
    Pass,
    /// `num.notunit`.
    NotUnit,
    /// `claim.metric`.
    Metric {
        /// The metric runs on to the verb or number.
        extend: bool,
        /// What a percentage of it is.
        basis: Option<Basis>,
    },
    /// `claim.trend`.
    Trend {
        /// Canonical verb.
        verb: Arc<str>,
        /// Change or level.
        change: Option<Change>,
    },
    /// `claim.none`: not a trend verb after all.
    NoTrend,
    /// `claim.total`.
    Total,
    /// `claim.breakdown`; `true` when it must follow the whole directly
    /// ("gồm").
    Breakdown(bool),
    /// `claim.basis`.
    Basis(Basis),
    /// `claim.rate`: "mỗi", "cứ"; the counts after it in its sentence are
    /// per each ("mỗi ngày có 121 người", "cứ 10 người thì có 9 người"),
    /// not counts of a whole.
    Rate,
}

/// The [`Role`] of every entry of a compiled lexicon, built once.
///
/// Few entries have a role other than [`Role::Other`] (the numeric and
/// claim classes, about 900 of some 40,000): each entry keeps a
/// 4-byte index into the list of those, 0 for none, rather than a role of
/// its own. A list of 40,000 roles was nearly a megabyte written at every
/// start-up, a tenth of the page faults of a one-line document.
#[derive(Clone, Debug, Default)]
pub struct Roles {
    /// Per entry, the index of its role in `roles`; 0 for [`Role::Other`].
    slots: Vec<u32>,
    /// [`Role::Other`], then the role of every entry that has another.
    roles: Vec<Role>,
}

impl Roles {
    /// Reads the numeric classes of `lexicon`'s entries; reports every entry
    /// whose attributes are not understood.
    pub fn build(lexicon: &CompiledLexicon) -> Result<Roles, LexiconError> {
        Roles::from_entries(lexicon.entries())
    }

    /// [`Roles::build`] from the entries alone, by their index.
    pub(crate) fn from_entries(entries: &[Entry]) -> Result<Roles, LexiconError> {
        let mut slots = Vec::with_capacity(entries.len());
        let mut roles = vec![Role::Other];
        let mut issues = Vec::new();
        for entry in entries {
            let role = match entry.class {
                EntryClass::Class(class) => role_of(entry, class).unwrap_or_else(|message| {
                    issues.push(LexiconIssue {
                        file: entry.origin.file.clone(),
                        line: entry.origin.line,
                        message,
                    });
                    Role::Other
                }),
                EntryClass::Entity(_) => Role::Other,
            };
            let slot = match role {
                Role::Other => 0,
                role => {
                    roles.push(role);
                    u32::try_from(roles.len() - 1).unwrap_or(0)
                }
            };
            slots.push(slot);
        }
        if issues.is_empty() {
            Ok(Roles { slots, roles })
        } else {
            Err(LexiconError { issues })
        }
    }

    /// The role of entry `index`.
    pub fn get(&self, index: u32) -> &Role {
        let slot = self.slots.get(index as usize).copied().unwrap_or(0);
        self.roles.get(slot as usize).unwrap_or(&Role::Other)
    }
}

/// The role of an entry of `class`, read from its attributes, or what is
/// wrong with them.
fn role_of(entry: &Entry, class: ClassId) -> Result<Role, String> {
    let op = || {
        entry
            .attr("op")
            .and_then(Op::parse)
            .ok_or_else(|| "needs op= one of >, <, ~, >=, <= (e.g. op=>)".to_string())
    };
    let flag = |key: &str| entry.attr(key) == Some("1");
    Ok(match class {
        ClassId::QTY_UNIT => {
            let kind = entry.attr("kind").unwrap_or("count");
            Role::Unit {
                unit: Arc::from(entry.attr("unit").unwrap_or(&entry.surface)),
                kind: UnitKind::parse(kind).ok_or_else(|| {
                    format!("kind={kind} is not known; use count, times, duration, age or measure")
                })?,
            }
        }
        ClassId::MONEY_CURRENCY => {
            let currency = entry.attr("currency").and_then(Currency::new);
            let currency = currency.ok_or_else(|| {
                "needs currency= an ISO 4217 code (e.g. currency=VND)".to_string()
            })?;
            Role::Currency(currency, flag("scaled"))
        }
        ClassId::MONEY_CONTEXT => Role::MoneyContext,
        ClassId::NUM_STOP => Role::Stop,
        ClassId::NUM_QUALIFIER => Role::Qualifier(op()?),
        ClassId::NUM_TAIL => Role::Tail(op()?),
        ClassId::NUM_NOTQUAL => Role::NotQualifier,
        ClassId::NUM_PERCENT => Role::Percent(flag("points")),
        ClassId::NUM_LABEL => Role::Label(flag("time")),
        ClassId::NUM_EVERY => Role::Every,
        ClassId::NUM_PASS => Role::Pass,
        ClassId::NUM_NOTUNIT => Role::NotUnit,
        ClassId::CLAIM_METRIC => Role::Metric {
            extend: flag("extend"),
            basis: basis_of(entry)?,
        },
        ClassId::CLAIM_TREND => Role::Trend {
            verb: Arc::from(if entry.id.is_empty() {
                &*entry.surface
            } else {
                &*entry.id
            }),
            change: match entry.attr("change") {
                None => None,
                Some("by") => Some(Change::By),
                Some("to") => Some(Change::To),
                Some(c) => return Err(format!("change={c} is not known; use by or to")),
            },
        },
        ClassId::CLAIM_NONE => Role::NoTrend,
        ClassId::CLAIM_TOTAL => Role::Total,
        ClassId::CLAIM_BREAKDOWN => Role::Breakdown(flag("near")),
        ClassId::CLAIM_RATE => Role::Rate,
        ClassId::CLAIM_BASIS => Role::Basis(
            basis_of(entry)?.ok_or_else(|| "needs basis= target or change".to_string())?,
        ),
        _ => Role::Other,
    })
}

/// The `basis=` of an entry, if it has one.
fn basis_of(entry: &Entry) -> Result<Option<Basis>, String> {
    match entry.attr("basis") {
        None => Ok(None),
        Some(b) => Basis::parse(b)
            .map(Some)
            .ok_or_else(|| format!("basis={b} is not known; use share, target, change or level")),
    }
}

impl Role {
    /// Tie-break between roles of equally long hits: the more specific wins.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Role::NotUnit | Role::NotQualifier | Role::NoTrend => 5,
            Role::Percent(_) => 4,
            Role::Currency(..) => 3,
            Role::Pass => 2,
            _ => 1,
        }
    }
}

/// Rounds away binary noise (58.9 × 10⁶ = 58900000.000000007) to 13
/// significant digits.
pub(crate) fn tidy(v: f64) -> f64 {
    if !v.is_finite() || v == 0.0 {
        return v;
    }
    // Whole numbers below 10^13 have at most 13 digits. A value whose
    // shortest decimal form has at most 13 significant digits is its own
    // rounding: that decimal lies within half a unit in the last place of
    // `v`, far closer than half a step of the 13-digit grid, so it is the
    // grid point nearest to `v`, and it reads back as `v`. Most values are such (whole numbers, "58,9"); only the
    // others pay for the exact formatting.
    if (v.fract() == 0.0 && v.abs() < 1e13) || (v.is_normal() && significant_digits(v) <= 13) {
        return v;
    }
    format!("{v:.12e}").parse().unwrap_or(v)
}

/// The number of significant digits of the shortest decimal that reads
/// back as `v` (finite).
fn significant_digits(v: f64) -> usize {
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(v);
    // "5.89e-7", "58.9", "0.0001", "1e21": the digits before any exponent,
    // without the zeros that only place the point.
    let mantissa = text.split('e').next().unwrap_or(text);
    let digits: &[u8] = mantissa.as_bytes();
    let first = digits.iter().position(|&b| (b'1'..=b'9').contains(&b));
    let last = digits.iter().rposition(|&b| (b'1'..=b'9').contains(&b));
    match (first, last) {
        (Some(a), Some(b)) => digits[a..=b].iter().filter(|b| b.is_ascii_digit()).count(),
        _ => 0,
    }
}

/// A number written as a JSON number: integers without a fraction, binary
/// noise rounded away ([`tidy`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct JsonNumber(pub(crate) f64);

impl serde::Serialize for JsonNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = tidy(self.0);
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else if v.is_finite() {
            s.serialize_f64(v)
        } else {
            s.serialize_none()
        }
    }
}

/// The currency of an amount: an ISO 4217 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Vietnamese đồng, the currency of amounts written without one.
    pub const VND: Currency = Currency(*b"VND");

    /// The code if `s` is three ASCII capitals.
    pub fn new(s: &str) -> Option<Currency> {
        let b: [u8; 3] = s.as_bytes().try_into().ok()?;
        b.iter().all(u8::is_ascii_uppercase).then_some(Currency(b))
    }

    /// The code ("VND").
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

#[cfg(test)]
mod tests {
    use super::tidy;
    use proptest::prelude::*;

    /// Each entry of the default lexicons reads back the role its class and
    /// attributes give it, through the list of the few that have one.
    #[test]
    fn every_entry_reads_back_its_own_role() {
        use super::{role_of, Role, Roles};
        use crate::lexicon::EntryClass;
        use crate::matcher::CompiledLexicon;
        let entries = crate::lexicon::default_entries();
        let lexicon = CompiledLexicon::build(entries, Default::default()).unwrap();
        let roles = Roles::build(&lexicon).unwrap();
        let mut others = 0;
        for (i, entry) in lexicon.entries().iter().enumerate() {
            let expected = match entry.class {
                EntryClass::Class(class) => role_of(entry, class).unwrap(),
                EntryClass::Entity(_) => Role::Other,
            };
            others += usize::from(expected != Role::Other);
            assert_eq!(roles.get(i as u32), &expected, "{}", entry.surface);
        }
        // The numeric and claim words are there, and far from all entries.
        assert!(others > 100 && others * 4 < lexicon.entries().len());
        assert_eq!(roles.get(u32::MAX), &Role::Other);
    }

    /// Only `claim.metric` entries are metrics and only `claim.trend`
    /// entries trend verbs, whatever their attributes: the claims layer
    /// looks for them only where the gap index marks a hit of those two
    /// classes (`claims::gaps::PHRASES`).
    #[test]
    fn metrics_and_trends_come_from_their_own_classes_only() {
        use super::{role_of, Role};
        use crate::lexicon::ClassId;
        use crate::lexicon::{CaseRule, Entry, EntryAttrs, EntryClass, Origin};
        // Every attribute any role reads, so that none fails for want of one.
        let attrs = [
            ("op", ">"),
            ("extend", "1"),
            ("basis", "target"),
            ("change", "by"),
            ("points", "1"),
            ("time", "1"),
            ("near", "1"),
            ("kind", "count"),
            ("unit", "x"),
            ("currency", "VND"),
        ];
        for class in ClassId::all() {
            let entry = Entry {
                surface: "từ".into(),
                class: EntryClass::Class(class),
                id: "".into(),
                attrs: EntryAttrs::from_pairs(attrs),
                case: CaseRule::Any,
                origin: Origin {
                    file: "test".into(),
                    line: 1,
                },
            };
            let role = role_of(&entry, class);
            let metric = matches!(role, Ok(Role::Metric { .. }));
            let trend = matches!(role, Ok(Role::Trend { .. }));
            assert_eq!(metric, class == ClassId::CLAIM_METRIC, "{class}");
            assert_eq!(trend, class == ClassId::CLAIM_TREND, "{class}");
        }
    }

    /// The rounding `tidy` stands for, without its shortcut.
    fn rounded(v: f64) -> f64 {
        if !v.is_finite() || v == 0.0 {
            return v;
        }
        format!("{v:.12e}").parse().unwrap_or(v)
    }

    #[test]
    fn tidy_rounds_binary_noise_away() {
        assert_eq!(tidy(58.9 * 1e6), 58_900_000.0);
        assert_eq!(tidy(0.1 + 0.2), 0.3);
        assert_eq!(tidy(58.9), 58.9);
        assert_eq!(tidy(1.0 / 3.0), 0.333_333_333_333_3);
    }

    proptest! {
        #[test]
        fn tidy_matches_the_exact_rounding(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            prop_assert_eq!(tidy(v).to_bits(), rounded(v).to_bits());
        }

        #[test]
        fn tidy_matches_the_exact_rounding_of_short_decimals(n in any::<i64>(), scale in 0u32..12) {
            let v = n as f64 / 10f64.powi(scale as i32);
            prop_assert_eq!(tidy(v).to_bits(), rounded(v).to_bits());
        }
    }
}
