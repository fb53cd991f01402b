//! The claims layer: what each numeric mention of a document states.
//!
//! `extract` turns every PERCENT, MONEY and QUANTITY entity of the flat
//! layer into a [`Claim`], reading the words around it in its sentence:
//!
//! - `metric`: what is measured, from a `claim.metric` phrase before the
//!   number in the same clause ("tỷ lệ hộ nghèo", "thu nhập bình quân đầu
//!   người"); heads marked `extend=1` ("tỷ lệ") run on to the verb;
//! - `trend`, `change`: the verb that links metric and number (`claim.trend`:
//!   tăng, giảm, đạt, chiếm, còn …) and whether the number is the change
//!   (`by`) or the level reached (`to`);
//! - `time`: the nearest DATE entity of the sentence;
//! - for a percentage, `of` (the counted noun right after it: "92% chi
//!   bộ"), `basis` (`share`, `target` or `change`), and the count it is
//!   computed from: `part`, a ratio "31/36 TCCS" or a count next to it
//!   ("1.215 đảng viên, đạt 40,5%"), with `total` from the ratio or from a
//!   quantity after "tổng số", and `computed`, the percentage that part and
//!   total give;
//! - `part_of`: for a count or percentage listed after "trong đó", "gồm"
//!   behind a whole of the same unit, the index of that whole.
//!
//! Everything here is a pure function of the document's tokens, lexicon hits
//! and entities; [`crate::findings`] then checks the claims against each
//! other.

use std::ops::Range;

use serde_json::{Map, Value};

use crate::attrs::{NumericAttrs, Unit};
use crate::document::Document;
use crate::entity::{Entity, Label};
use crate::lexicon::Entry;
use crate::matcher::LexHit;
use crate::numeric::{json_number, Basis, Change, Op, Role, Roles, UnitKind};
use crate::syllables::TokenKind;

/// The claims layer's view of a document: the document's one token cursor
/// and the numeric roles of its lexicon entries.
#[derive(Clone, Copy)]
pub(crate) struct Nav<'d, 'a> {
    pub(crate) doc: &'d Document<'a>,
    pub(crate) roles: &'d Roles,
}

impl<'d, 'a> Nav<'d, 'a> {
    pub(crate) fn tokens(&self) -> &'a [crate::syllables::Token] {
        self.doc.tokens
    }
    pub(crate) fn word(&self, t: usize) -> &'a str {
        self.doc.word(t)
    }
    pub(crate) fn kind(&self, t: usize) -> Option<TokenKind> {
        self.doc.kind(t)
    }
    pub(crate) fn next(&self, t: usize) -> Option<usize> {
        self.doc.next_on_line(t)
    }
    pub(crate) fn prev(&self, t: usize) -> Option<usize> {
        self.doc.prev_on_line(t)
    }
    pub(crate) fn starting(&self, t: usize) -> &'a [LexHit] {
        self.doc.hits_at(t)
    }
    pub(crate) fn ending(&self, end: usize) -> impl Iterator<Item = &'a LexHit> + 'a {
        self.doc.hits_ending(end)
    }
    pub(crate) fn longest_starting(
        &self,
        t: usize,
        keep: impl Fn(&Role) -> bool,
    ) -> Option<(&'a LexHit, &'a Role)> {
        self.doc.longest_role_starting(t, keep)
    }
    #[allow(dead_code)]
    pub(crate) fn entry(&self, hit: &LexHit) -> Option<&'a Entry> {
        self.doc.lexicon.entry(hit.entry)
    }
}

/// What one numeric mention states.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Index of the mention in the document's entity list.
    pub entity: usize,
    /// PERCENT, MONEY or QUANTITY.
    pub label: Label,
    /// The value (a range's lower bound, a ratio's numerator).
    pub value: f64,
    /// A range's upper bound.
    pub max: Option<f64>,
    /// The qualifier's comparison.
    pub op: Op,
    /// Digits after the decimal separator of a percentage (its precision).
    pub decimals: u8,
    /// `%`, the currency code, or the counted unit.
    pub unit: Option<String>,
    /// What a QUANTITY's unit measures.
    pub kind: Option<UnitKind>,
    /// A rate's denominator: "năm", "người/năm".
    pub per: Option<String>,
    /// PERCENT: the counted noun right after it ("92% chi bộ" → "chi bộ").
    pub of: Option<String>,
    /// The whole: a ratio's denominator, or the quantity after "tổng số".
    pub total: Option<f64>,
    /// The entity the total comes from, when it is another mention.
    pub total_entity: Option<usize>,
    /// PERCENT: the entity of the count (or ratio) it is computed from.
    pub part: Option<usize>,
    /// PERCENT: the percentage `part` and `total` give.
    pub computed: Option<f64>,
    /// A breakdown item: the entity of the whole it is listed under.
    pub part_of: Option<usize>,
    /// The metric phrase, as written.
    pub metric: Option<String>,
    /// The metric's basis from the lexicon (sets `basis`).
    pub(crate) metric_basis: Option<Basis>,
    /// The trend verb, canonical.
    pub trend: Option<String>,
    /// Whether the number is the change or the new level.
    pub change: Option<Change>,
    /// PERCENT: share of a whole, achievement of a target, or change.
    pub basis: Option<Basis>,
    /// Index of the DATE entity of the same sentence.
    pub time: Option<usize>,
    /// Index of the sentence (0-based, in document order).
    pub sentence: usize,
    /// Names of the consistency checks run on this claim (set by
    /// [`crate::findings::check`]).
    pub checked: Vec<&'static str>,
    /// Token range of the mention.
    pub(crate) tokens: Range<usize>,
    /// The mention comes after a "tổng số".
    pub(crate) is_total: bool,
    /// QUANTITY: the unit was guessed, not found in the lexicon.
    pub(crate) inferred: bool,
    /// PERCENT: words after it name its whole ("78,81% tổng số đại biểu").
    pub(crate) names_whole: bool,
    /// PERCENT: nothing but a unit, "chỉ tiêu"-like word, "tổng số" or
    /// punctuation follows, so it is no percentage of something unnamed
    /// ("chiếm 59,5% thị phần").
    pub(crate) bare: bool,
}

impl Claim {
    /// The claim as written in the JSON record.
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("entity".into(), Value::from(self.entity));
        o.insert("label".into(), Value::from(self.label.as_str()));
        o.insert("value".into(), json_number(self.value));
        if let Some(m) = self.max {
            o.insert("max".into(), json_number(m));
        }
        o.insert("op".into(), Value::from(self.op.as_str()));
        let mut opt = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                o.insert(k.into(), v);
            }
        };
        opt("unit", self.unit.clone().map(Value::from));
        opt("per", self.per.clone().map(Value::from));
        opt("of", self.of.clone().map(Value::from));
        opt("metric", self.metric.clone().map(Value::from));
        opt("trend", self.trend.clone().map(Value::from));
        opt("change", self.change.map(|c| Value::from(c.as_str())));
        opt("basis", self.basis.map(|b| Value::from(b.as_str())));
        opt("total", self.total.map(json_number));
        opt("total_entity", self.total_entity.map(Value::from));
        opt("part", self.part.map(Value::from));
        opt("computed", self.computed.map(|c| json_number(round4(c))));
        opt("part_of", self.part_of.map(Value::from));
        opt("time", self.time.map(Value::from));
        o.insert("sentence".into(), Value::from(self.sentence));
        if !self.checked.is_empty() {
            o.insert(
                "checked".into(),
                Value::Array(self.checked.iter().map(|c| Value::from(*c)).collect()),
            );
        }
        Value::Object(o)
    }
}

fn round4(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// Abbreviations after which "." does not end a sentence ("TP. Hồ Chí Minh").
const ABBREVIATIONS: &[&str] = &[
    "tp", "ths", "ts", "pgs", "gs", "bs", "ks", "ls", "th", "mr", "st",
];

/// Token ranges of the sentences of the document: cut at line breaks and at
/// ".", "!", "?", "…" before a capital, a digit or the end of a line (not
/// after abbreviations such as "TP.").
pub(crate) fn sentences(nav: Nav<'_, '_>) -> Vec<Range<usize>> {
    let toks = nav.tokens();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        let cut = match t.kind {
            TokenKind::LineBreak => true,
            TokenKind::Punct if matches!(nav.word(i), "." | "!" | "?" | "…") => {
                let abbrev = t.kind == TokenKind::Punct
                    && nav.word(i) == "."
                    && i.checked_sub(1)
                        .is_some_and(|p| ABBREVIATIONS.contains(&nav.word(p)));
                let next_ok = match nav.next(i + 1) {
                    None => true,
                    Some(n) => {
                        toks[n].capitalized
                            || nav.kind(n) == Some(TokenKind::Number)
                            || nav.kind(n) == Some(TokenKind::Punct)
                    }
                };
                !abbrev && next_ok
            }
            _ => false,
        };
        if cut {
            if toks[start..=i].iter().any(|t| t.is_content()) {
                out.push(start..i + 1);
            } else if let Some(last) = out.last_mut() {
                last.end = i + 1; // a line break after a full stop
            }
            start = i + 1;
        }
    }
    if toks[start.min(toks.len())..].iter().any(|t| t.is_content()) {
        out.push(start..toks.len());
    }
    out
}

/// Token range of an entity: first token .. one past the last.
fn token_range(nav: Nav<'_, '_>, e: &Entity) -> Range<usize> {
    let toks = nav.tokens();
    let a = toks.partition_point(|t| t.orig.start < e.start);
    let b = toks.partition_point(|t| t.orig.start < e.end);
    a..b.max(a)
}

/// True if a token in `range` is one of `puncts`.
fn has_punct(nav: Nav<'_, '_>, range: Range<usize>, puncts: &[&str]) -> bool {
    range
        .into_iter()
        .any(|t| nav.kind(t) == Some(TokenKind::Punct) && puncts.contains(&nav.word(t)))
}

/// Number of words and numbers in `range`.
fn content_between(nav: Nav<'_, '_>, range: Range<usize>) -> usize {
    nav.tokens()
        .get(range)
        .map_or(0, |ts| ts.iter().filter(|t| t.is_content()).count())
}

/// The unit a claim states: `%`, the currency code, or the counted unit.
fn claim_unit(nav: Nav<'_, '_>, label: Label, a: &NumericAttrs) -> Option<String> {
    match label {
        Label::Percent => Some("%".to_string()),
        Label::Money => a.currency.map(|c| c.as_str().to_string()),
        _ => match &a.unit {
            Some(Unit::Entry(e)) => match nav.roles.get(e.0) {
                Role::Unit { unit, .. } => Some(unit.to_string()),
                _ => None,
            },
            Some(Unit::Inferred(noun)) => Some(noun.to_string()),
            None => None,
        },
    }
}

/// The claims of the numeric entities of `entities` (flat layer only), in
/// entity order.
pub(crate) fn extract(nav: Nav<'_, '_>, text: &str, entities: &[Entity]) -> Vec<Claim> {
    let numeric = |l: Label| matches!(l, Label::Percent | Label::Money | Label::Quantity);
    if !entities
        .iter()
        .any(|e| e.parent.is_none() && numeric(e.label))
    {
        return Vec::new();
    }
    let sents = sentences(nav);
    let sentence_of = |t: usize| sents.partition_point(|s| s.end <= t);
    let dates: Vec<(usize, Range<usize>)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.parent.is_none() && e.label == Label::Date)
        .map(|(i, e)| (i, token_range(nav, e)))
        .collect();

    let mut claims: Vec<Claim> = Vec::new();
    for (index, e) in entities.iter().enumerate() {
        if e.parent.is_some() || !numeric(e.label) {
            continue;
        }
        let Some(a) = e.attrs.numeric() else {
            continue;
        };
        let tokens = e.tokens.clone();
        if tokens.is_empty() {
            continue;
        }
        let sentence = sentence_of(tokens.start);
        let unit = claim_unit(nav, e.label, a);
        // "trong tổng số 36 TCCS": the whole that parts are taken of.
        let is_total = nav.prev(tokens.start).is_some_and(|p| {
            nav.ending(p + 1)
                .any(|h| matches!(nav.roles.get(h.entry), Role::Total))
        });
        claims.push(Claim {
            entity: index,
            label: e.label,
            value: a.value,
            max: a.max,
            op: a.op,
            decimals: if e.label == Label::Percent {
                a.decimals
            } else {
                0
            },
            unit,
            kind: a.kind,
            per: a.per.as_deref().map(str::to_string),
            of: None,
            total: a.total,
            total_entity: None,
            part: None,
            computed: None,
            part_of: None,
            metric: None,
            metric_basis: None,
            trend: None,
            change: None,
            basis: None,
            time: None,
            sentence,
            checked: Vec::new(),
            tokens,
            is_total,
            inferred: matches!(a.unit, Some(Unit::Inferred(_))),
            names_whole: false,
            bare: false,
        });
    }

    // Context words: metric, trend, time, and what follows a percentage.
    for c in 0..claims.len() {
        let sent = sents.get(claims[c].sentence).cloned().unwrap_or(0..0);
        let start = claims[c].tokens.start;
        // No other mention between the context word and this one.
        let floor = claims[..c]
            .iter()
            .rev()
            .find(|o| o.sentence == claims[c].sentence)
            .map_or(sent.start, |o| o.tokens.end);
        let (metric, metric_basis, metric_end) = find_metric(nav, text, floor, start);
        let trend_floor = metric_end.unwrap_or(floor).max(floor);
        if let Some((verb, change)) = find_trend(nav, trend_floor, start) {
            claims[c].trend = Some(verb);
            claims[c].change = change;
        }
        claims[c].metric = metric;
        claims[c].metric_basis = metric_basis;
        claims[c].time = dates
            .iter()
            .filter(|(_, r)| r.start >= sent.start && r.end <= sent.end)
            .min_by_key(|(_, r)| r.start.abs_diff(start))
            .map(|(i, _)| *i);
        if claims[c].label == Label::Percent {
            percent_context(nav, &mut claims[c]);
        }
    }

    link_breakdowns(nav, &mut claims);
    link_parts(nav, &mut claims);
    link_inventory(&mut claims);
    claims
}

/// A percentage of a counted noun ("92% chi bộ") with no whole in its
/// sentence takes the document's inventory of that noun as its whole: the
/// one count stated with "có" ("Đảng bộ xã có 11 chi bộ"), when the
/// document states exactly one such count of that unit, exactly, before the
/// percentage, and no larger count of it anywhere.
fn link_inventory(claims: &mut [Claim]) {
    for p in 0..claims.len() {
        let c = &claims[p];
        if c.label != Label::Percent
            || c.total.is_some()
            || c.part.is_some()
            || c.basis != Some(Basis::Share)
        {
            continue;
        }
        let Some(of) = c.of.clone() else { continue };
        let of_unit =
            |q: &&Claim| q.label == Label::Quantity && q.unit.as_deref() == Some(of.as_str());
        let mut found = claims
            .iter()
            .filter(of_unit)
            .filter(|q| q.trend.as_deref() == Some("có"));
        let (Some(first), None) = (found.next(), found.next()) else {
            continue;
        };
        // A larger count of the same noun elsewhere: not the whole.
        let larger = claims.iter().filter(of_unit).any(|q| {
            q.max.unwrap_or(q.value) > first.value || q.total.is_some_and(|t| t > first.value)
        });
        if larger
            || first.op != Op::Eq
            || first.total.is_some()
            || first.part_of.is_some()
            || first.tokens.start >= claims[p].tokens.start
        {
            continue;
        }
        let (entity, value) = (first.entity, first.value);
        let c = &mut claims[p];
        c.total = Some(value);
        c.total_entity = Some(entity);
    }
}

/// The metric phrase closest before `start` (not before `floor`) in the same
/// clause: (text, basis, token after the phrase).
fn find_metric(
    nav: Nav<'_, '_>,
    text: &str,
    floor: usize,
    start: usize,
) -> (Option<String>, Option<Basis>, Option<usize>) {
    let hits = nav.doc.hits;
    let lo = hits.partition_point(|h| h.tokens.start < floor);
    let hi = hits.partition_point(|h| h.tokens.start < start);
    let best = hits[lo..hi.max(lo)]
        .iter()
        .filter(|h| h.tokens.end <= start)
        .filter_map(|h| match nav.roles.get(h.entry) {
            Role::Metric { extend, basis } => Some((h, *extend, *basis)),
            _ => None,
        })
        .max_by_key(|(h, _, _)| (h.tokens.end, std::cmp::Reverse(h.tokens.start)));
    let Some((hit, extend, basis)) = best else {
        return (None, None, None);
    };
    // Same clause: no punctuation between the phrase and the number.
    if has_punct(nav, hit.tokens.end..start, &[",", ";", ":", "(", ")", "."]) {
        return (None, None, None);
    }
    let mut end = hit.tokens.end;
    if extend {
        let mut words = 0;
        let mut t = end;
        while t < start && words < 8 {
            match nav.kind(t) {
                Some(TokenKind::Space) => {
                    t += 1;
                    continue;
                }
                Some(TokenKind::Word) => {}
                _ => break,
            }
            let stop = nav.starting(t).iter().any(|h| {
                matches!(
                    nav.roles.get(h.entry),
                    Role::Trend { .. } | Role::Qualifier(_) | Role::Metric { .. }
                )
            });
            if stop {
                break;
            }
            words += 1;
            t += 1;
            end = t;
        }
    }
    let toks = nav.tokens();
    let (Some(a), Some(b)) = (
        toks.get(hit.tokens.start),
        end.checked_sub(1).and_then(|e| toks.get(e)),
    ) else {
        return (None, None, None);
    };
    let phrase = text.get(a.orig.start..b.orig.end).map(str::to_string);
    (phrase, basis, Some(end))
}

/// The trend verb closest before `start` (after `floor`), at most three
/// words away and in the same clause.
fn find_trend(nav: Nav<'_, '_>, floor: usize, start: usize) -> Option<(String, Option<Change>)> {
    let hits = nav.doc.hits;
    let lo = hits.partition_point(|h| h.tokens.start < floor);
    let hi = hits.partition_point(|h| h.tokens.start < start);
    let (hit, role) = hits[lo..hi.max(lo)]
        .iter()
        .filter(|h| h.tokens.end <= start)
        .map(|h| (h, nav.roles.get(h.entry)))
        .filter(|(_, r)| matches!(r, Role::Trend { .. } | Role::NoTrend))
        .max_by_key(|(h, r)| {
            (
                h.tokens.end,
                std::cmp::Reverse(h.tokens.start),
                matches!(r, Role::NoTrend),
            )
        })?;
    let Role::Trend { verb, change } = role else {
        return None;
    };
    let gap = hit.tokens.end..start;
    if content_between(nav, gap.clone()) > 3 || has_punct(nav, gap, &[",", ";", ":", "."]) {
        return None;
    }
    Some((verb.to_string(), *change))
}

/// `of` and `basis` of a percentage from the words right after it.
fn percent_context(nav: Nav<'_, '_>, c: &mut Claim) {
    let after = nav.next(c.tokens.end);
    c.bare = match after {
        None => true,
        Some(t) => {
            nav.kind(t) == Some(TokenKind::Punct)
                || nav
                    .longest_starting(t, |r| {
                        matches!(
                            r,
                            Role::Unit { .. } | Role::Basis(_) | Role::Total | Role::Tail(_)
                        )
                    })
                    .is_some()
        }
    };
    c.names_whole = after.is_some_and(|t| {
        nav.longest_starting(t, |r| matches!(r, Role::Total))
            .is_some()
            || (nav.word(t) == "tổng" && nav.kind(t) == Some(TokenKind::Word))
    });
    let mut basis = None;
    if let Some(t) = after {
        // "105% chỉ tiêu" is an achievement rate, not a share of targets.
        let target = nav.longest_starting(t, |r| matches!(r, Role::Basis(_)));
        let unit = nav.longest_starting(t, |r| matches!(r, Role::Unit { .. } | Role::NotUnit));
        match (target, unit) {
            (Some((bh, Role::Basis(b))), u)
                if u.is_none_or(|(uh, _)| uh.tokens.end <= bh.tokens.end) =>
            {
                basis = Some(*b);
            }
            (
                _,
                Some((
                    _,
                    Role::Unit {
                        unit,
                        kind: UnitKind::Count,
                    },
                )),
            ) => {
                c.of = Some(unit.to_string());
            }
            _ => {}
        }
    }
    let by_trend = match (c.trend.as_deref(), c.change) {
        (Some("tăng" | "giảm"), Some(Change::By)) => Some(Basis::Change),
        (Some("chiếm"), _) => Some(Basis::Share),
        _ => None,
    };
    c.basis = basis.or(by_trend).or_else(|| {
        if c.of.is_some() {
            Some(Basis::Share)
        } else {
            match c.metric_basis {
                Some(Basis::Share) => Some(Basis::Share),
                Some(Basis::Change) => Some(Basis::Change),
                _ => None,
            }
        }
    });
}

/// True if a metric phrase starts between mentions `a` and `b`: the second
/// then measures something new ("101/104 cây …, tỷ lệ sống đạt 95%").
fn metric_between(nav: Nav<'_, '_>, a: &Range<usize>, b: &Range<usize>) -> bool {
    let (from, to) = if a.end <= b.start {
        (a.end, b.start)
    } else {
        (b.end, a.start)
    };
    (from..to).any(|t| {
        nav.starting(t)
            .iter()
            .any(|h| matches!(nav.roles.get(h.entry), Role::Metric { .. }))
    })
}

/// True if no ";" and no other percentage lies between mentions `a` and `b`.
fn clear_between(nav: Nav<'_, '_>, claims: &[Claim], a: &Range<usize>, b: &Range<usize>) -> bool {
    let between = if a.end <= b.start {
        a.end..b.start
    } else {
        b.end..a.start
    };
    !has_punct(nav, between.clone(), &[";"])
        && !claims.iter().any(|o| {
            o.label == Label::Percent
                && o.tokens.start >= between.start
                && o.tokens.end <= between.end
        })
}

/// Links percentages to the ratios "a/b unit" they restate: a ratio before
/// the percentage in the same clause ("31/36 TCCS … , đạt 86,1%") or right
/// after it in brackets ("86,1% (31/36 TCCS)"). Each ratio restates one
/// percentage: pairs that agree are taken first, then the nearest pairs; an
/// achievement rate ("đạt 90% kế hoạch") is linked only to a ratio that
/// agrees with it, since a ratio nearby often counts something else.
/// Returns which claims were linked.
fn link_ratios(nav: Nav<'_, '_>, claims: &mut [Claim]) -> Vec<bool> {
    let mut pairs: Vec<(bool, usize, usize, usize)> = Vec::new();
    for (p, pc) in claims.iter().enumerate() {
        if pc.label != Label::Percent || pc.basis == Some(Basis::Change) {
            continue;
        }
        let pr = &pc.tokens;
        for (r, q) in claims.iter().enumerate() {
            if q.sentence != pc.sentence || q.label != Label::Quantity || q.total_entity.is_some() {
                continue;
            }
            let Some(total) = q.total.filter(|t| *t > 0.0) else {
                continue;
            };
            let bracketed = nav.prev(q.tokens.start).is_some_and(|b| nav.word(b) == "(");
            let near = if q.tokens.end <= pr.start {
                // "(4/11 người) 78,57%": a ratio in brackets belongs to what
                // comes before them.
                content_between(nav, q.tokens.end..pr.start) <= 15
                    && !(bracketed && has_punct(nav, q.tokens.end..pr.start, &[")"]))
            } else {
                content_between(nav, pr.end..q.tokens.start) <= 20 && bracketed
            };
            let same_noun = match (&pc.of, &q.unit) {
                (Some(of), Some(u)) => of == u,
                _ => true,
            };
            if !near
                || !same_noun
                || !clear_between(nav, claims, &q.tokens, pr)
                || metric_between(nav, &q.tokens, pr)
            {
                continue;
            }
            let agrees = crate::findings::agrees(pc, q.value / total * 100.0, q.op != Op::Eq);
            // "387/465 đại biểu có mặt đồng ý (chiếm 78,81% tổng số đại
            // biểu)": a percentage that names its own whole, and agrees
            // with the same part of another whole number, is a share of
            // that other whole.
            if !agrees
                && pc.names_whole
                && crate::findings::other_whole_explains(pc, q.value, total)
            {
                continue;
            }
            pairs.push((!agrees, q.tokens.start.abs_diff(pr.start), p, r));
        }
    }
    pairs.sort_unstable();
    let mut linked = vec![false; claims.len()];
    for (disagrees, _, p, r) in pairs {
        if linked[p] || linked[r] || (disagrees && claims[p].basis == Some(Basis::Target)) {
            continue;
        }
        linked[p] = true;
        linked[r] = true;
        let (v, t, entity) = (
            claims[r].value,
            claims[r].total.unwrap_or(1.0),
            claims[r].entity,
        );
        let c = &mut claims[p];
        c.part = Some(entity);
        c.total = Some(t);
        c.computed = Some(v / t * 100.0);
        // A percentage restating a ratio is a share unless the words say
        // otherwise ("195/160 đảng viên, đạt 121,9% kế hoạch").
        if c.basis.is_none() {
            c.basis = Some(Basis::Share);
        }
    }
    linked
}

/// Links each percentage to the count it is computed from and the whole.
fn link_parts(nav: Nav<'_, '_>, claims: &mut [Claim]) {
    let linked = link_ratios(nav, claims);
    for p in 0..claims.len() {
        if claims[p].label != Label::Percent || claims[p].basis == Some(Basis::Change) {
            continue;
        }
        let sentence = claims[p].sentence;
        let pr = claims[p].tokens.clone();
        let same_sentence_q = |q: &Claim| q.sentence == sentence && q.label == Label::Quantity;
        if linked[p] {
            continue;
        }
        // A count next to it: "1.215 đảng viên, đạt 40,5%", "106% … (106 ĐV)".
        let part = claims
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                same_sentence_q(q)
                    && q.total.is_none()
                    && !q.is_total
                    && !q.inferred
                    && matches!(q.kind, Some(UnitKind::Count | UnitKind::Times))
            })
            .filter(|(_, q)| {
                if q.tokens.end <= pr.start {
                    content_between(nav, q.tokens.end..pr.start) <= 6
                } else {
                    content_between(nav, pr.end..q.tokens.start) <= 6
                        && has_punct(nav, pr.end..q.tokens.start, &["(", "/"])
                }
            })
            .filter(|(_, q)| clear_between(nav, claims, &q.tokens, &pr))
            .filter(|(_, q)| !metric_between(nav, &q.tokens, &pr))
            .filter(|(_, q)| match (&claims[p].of, &q.unit) {
                (Some(of), Some(u)) => of == u,
                _ => true,
            })
            .min_by_key(|(_, q)| q.tokens.start.abs_diff(pr.start))
            .map(|(i, _)| i);
        let unit = part
            .and_then(|i| claims[i].unit.clone())
            .or_else(|| claims[p].of.clone());
        // The whole: the one the part is listed under ("1.250 hộ, trong đó
        // 86 hộ nghèo, chiếm 6,9%"), or a quantity after "tổng số" of the
        // same or a wider unit.
        let listed_under = part
            .and_then(|i| claims[i].part_of)
            .and_then(|e| claims.iter().position(|q| q.entity == e))
            .filter(|&w| claims[w].label == Label::Quantity);
        let total = listed_under.or_else(|| {
            unit.as_ref().and_then(|u| {
                claims
                    .iter()
                    .enumerate()
                    .filter(|(i, q)| {
                        same_sentence_q(q)
                            && q.is_total
                            && Some(*i) != part
                            && unit_within(Some(u), q.unit.as_deref())
                    })
                    .min_by_key(|(_, q)| q.tokens.start.abs_diff(pr.start))
                    .map(|(i, _)| i)
            })
        });
        let part_vals = part.map(|i| (claims[i].entity, claims[i].value));
        let total_vals = total.map(|i| (claims[i].entity, claims[i].value));
        let c = &mut claims[p];
        if let Some((entity, _)) = part_vals {
            c.part = Some(entity);
        }
        if let Some((entity, t)) = total_vals {
            c.total = Some(t);
            c.total_entity = Some(entity);
            if let Some((_, v)) = part_vals {
                if t > 0.0 {
                    c.computed = Some(v / t * 100.0);
                }
            }
        }
        if c.basis.is_none() && (c.part.is_some() && c.total.is_some()) {
            c.basis = Some(Basis::Share);
        }
    }
}

/// True if things of unit `part` are things of unit `whole`: the same
/// unit, or a narrower one ("hộ nghèo" are "hộ", "chi bộ cơ sở" are "chi bộ").
fn unit_within(part: Option<&str>, whole: Option<&str>) -> bool {
    match (part, whole) {
        (Some(p), Some(w)) => p == w || p.strip_prefix(w).is_some_and(|rest| rest.starts_with(' ')),
        _ => false,
    }
}

/// Items listed after "trong đó", "gồm" behind a whole of the same unit.
///
/// The breakdown word must follow the whole closely (a few words of its
/// noun phrase: "42 tàu công suất lớn, trong đó"; "gồm" only directly), and
/// the items must form a tight list after it: each at most three words after
/// the breakdown word or the previous item, joined by "," or "và", up to a
/// ";" (unless the list opened with ":"), a nested breakdown word, or an
/// item of another kind. Ranges and rates are neither wholes nor items;
/// counts after "tổng số", "trong số" are wholes of their own.
fn link_breakdowns(nav: Nav<'_, '_>, claims: &mut [Claim]) {
    let breakdown_at = |k: usize| {
        nav.longest_starting(k, |r| matches!(r, Role::Breakdown(_)))
            .and_then(|(h, r)| match r {
                Role::Breakdown(near) => Some((h.tokens.end, *near)),
                _ => None,
            })
    };
    let listable = |c: &Claim| c.max.is_none() && c.per.is_none();
    for w in 0..claims.len() {
        let whole = claims[w].clone();
        if !listable(&whole)
            || (whole.label == Label::Quantity && whole.total.is_some())
            || (whole.label == Label::Percent
                && (whole.basis != Some(Basis::Share) || whole.of.is_none()))
        {
            continue;
        }
        // The breakdown word, within the whole's noun phrase.
        let max_words = if whole.label == Label::Percent { 12 } else { 4 };
        let mut k = whole.tokens.end;
        let mut words = 0;
        let mut found = None;
        while let Some(n) = nav.next(k) {
            k = n;
            if let Some((end, near)) = breakdown_at(k) {
                if !near || words == 0 {
                    found = Some(end);
                }
                break;
            }
            let Some(tok) = nav.tokens().get(k) else {
                break;
            };
            if tok.kind == TokenKind::Punct {
                if !matches!(nav.word(k), "," | ":") {
                    break;
                }
            } else {
                words += 1;
                let named = tok.capitalized && whole.label != Label::Percent;
                if words > max_words || named || claims.iter().any(|c| c.tokens.start == k) {
                    break;
                }
            }
            k += 1;
        }
        let Some(mut cursor) = found else { continue };
        let colon = nav.next(cursor).is_some_and(|t| nav.word(t) == ":");
        let mut first = true;
        for slot in claims.iter_mut().skip(w + 1) {
            let item = &*slot;
            if item.sentence != whole.sentence {
                break;
            }
            if item.tokens.start < cursor {
                continue;
            }
            let gap = cursor..item.tokens.start;
            let nested = gap.clone().any(|t| breakdown_at(t).is_some());
            if nested
                || (!colon && has_punct(nav, gap.clone(), &[";"]))
                || has_punct(nav, gap.clone(), &[".", "(", ")"])
            {
                break;
            }
            let joined = first
                || has_punct(nav, gap.clone(), &[",", ";"])
                || gap.clone().any(|t| nav.word(t) == "và");
            if !joined || content_between(nav, gap.clone()) > 3 {
                break;
            }
            first = false;
            cursor = item.tokens.end;
            let counted_elsewhere = nav.prev(item.tokens.start).is_some_and(|p| {
                nav.ending(p + 1)
                    .any(|h| matches!(nav.roles.get(h.entry), Role::Total | Role::Pass))
            });
            if item.part_of.is_some() || counted_elsewhere || !listable(item) {
                continue;
            }
            let same = match (whole.label, item.label) {
                (Label::Quantity, Label::Quantity) => {
                    item.total.is_none() && unit_within(item.unit.as_deref(), whole.unit.as_deref())
                }
                (Label::Percent, Label::Percent) => {
                    item.basis == Some(Basis::Share) && whole.of == item.of
                }
                (Label::Money, Label::Money) => whole.unit == item.unit,
                _ => false,
            };
            let same_label = item.label == whole.label;
            if same {
                slot.part_of = Some(whole.entity);
            } else if same_label {
                break; // a different kind of item: the list has moved on
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use serde_json::{json, Value};

    use crate::{Annotator, Label};

    fn annotator() -> &'static Annotator {
        static A: OnceLock<Annotator> = OnceLock::new();
        A.get_or_init(|| Annotator::new().expect("default lexicons build"))
    }

    /// The claims of `text` as JSON, with the mention's text for reading.
    fn claims(text: &str) -> Vec<(String, Value)> {
        let ann = annotator().annotate(text);
        ann.claims
            .iter()
            .map(|c| (ann.entities[c.entity].text(text).to_string(), c.to_json()))
            .collect()
    }

    /// Checks that the claim of each listed mention has these fields; a
    /// null field must be absent. Entity indices in `want` are given as the
    /// text of the entity they point to.
    fn check(text: &str, want: &[(&str, Value)]) {
        let ann = annotator().annotate(text);
        let got = claims(text);
        for (mention, fields) in want {
            let Some((_, claim)) = got.iter().find(|(m, _)| m == mention) else {
                panic!("{text}: no claim for {mention}: {got:?}");
            };
            for (k, v) in fields.as_object().expect("fields") {
                let have = claim.get(k);
                let want_v = match (k.as_str(), v) {
                    ("part" | "part_of" | "total_entity" | "time", Value::String(s)) => {
                        let i = ann
                            .entities
                            .iter()
                            .position(|e| e.text(text) == s)
                            .unwrap_or_else(|| panic!("no entity {s}"));
                        Some(Value::from(i))
                    }
                    (_, Value::Null) => None,
                    _ => Some(v.clone()),
                };
                assert_eq!(have.cloned(), want_v, "{text}: {mention}: {k} in {claim}");
            }
        }
    }

    #[test]
    fn metric_trend_and_change() {
        check(
            "Thu nhập bình quân đầu người của xã đạt 61,4 triệu đồng/năm, tỷ lệ hộ nghèo giảm còn 0,75%.",
            &[
                (
                    "61,4 triệu đồng/năm",
                    json!({"metric": "Thu nhập bình quân đầu người", "trend": "đạt", "change": "to", "unit": "VND", "per": "năm"}),
                ),
                (
                    "0,75%",
                    json!({"metric": "tỷ lệ hộ nghèo", "trend": "giảm", "change": "to", "basis": "share"}),
                ),
            ],
        );
        check(
            "Tỷ lệ đảng viên tham gia sinh hoạt đạt gần 95%, kinh phí tăng 12% so với cùng kỳ.",
            &[
                (
                    "gần 95%",
                    json!({"metric": "Tỷ lệ đảng viên tham gia sinh hoạt", "trend": "đạt", "op": "<", "basis": "share"}),
                ),
                (
                    "12%",
                    json!({"metric": "kinh phí", "trend": "tăng", "change": "by", "basis": "change"}),
                ),
            ],
        );
        check(
            "Huyện tăng cường 5 đoàn kiểm tra.",
            &[("5 đoàn kiểm tra", json!({"trend": null}))],
        );
    }

    #[test]
    fn basis_of_percentages() {
        check(
            "Năm nay kết nạp 84 đảng viên, đạt 105% chỉ tiêu; 98% chi bộ hoàn thành nhiệm vụ.",
            &[
                ("105%", json!({"basis": "target", "part": "84 đảng viên"})),
                (
                    "98%",
                    json!({"basis": "share", "of": "chi bộ", "part": null}),
                ),
            ],
        );
    }

    #[test]
    fn ratios_and_totals() {
        check(
            "Có 42/45 TCCS đảng (chiếm 93,3%) được xếp loại tốt.",
            &[(
                "93,3%",
                json!({"part": "42/45 TCCS đảng", "total": 45, "computed": 93.3333, "basis": "share", "trend": "chiếm"}),
            )],
        );
        check(
            "Có 27 chi bộ, chiếm 90% trên tổng số 30 chi bộ của Đảng bộ.",
            &[(
                "90%",
                json!({"part": "27 chi bộ", "total": 30, "total_entity": "30 chi bộ", "computed": 90}),
            )],
        );
        check(
            "Xã có 12 chi bộ với 450 đảng viên, trong đó 120 đảng viên nữ và 35 đảng viên trẻ.",
            &[
                ("120 đảng viên", json!({"part_of": "450 đảng viên"})),
                ("35 đảng viên", json!({"part_of": "450 đảng viên"})),
                ("450 đảng viên", json!({"part_of": null})),
            ],
        );
        check(
            "Gần 90% đảng viên hoàn thành tốt nhiệm vụ, trong đó hơn 20% đảng viên hoàn thành xuất sắc.",
            &[("hơn 20%", json!({"part_of": "Gần 90%", "of": "đảng viên"}))],
        );
    }

    #[test]
    fn sentences_and_time() {
        let text = "Năm nay xã có 30 hộ nghèo. TP. Hồ Chí Minh có 120 hộ.\nTổng cộng 150 hộ.";
        let got = claims(text);
        let sentences: Vec<u64> = got
            .iter()
            .map(|(_, c)| c["sentence"].as_u64().unwrap_or(99))
            .collect();
        assert_eq!(sentences, [0, 1, 2]);
    }

    #[test]
    fn labels_are_claims_only_for_numbers() {
        let text = "Đảng bộ xã Tân Thành có 18 chi bộ.";
        let ann = annotator().annotate(text);
        assert_eq!(ann.claims.len(), 1);
        assert_eq!(ann.entities[ann.claims[0].entity].label, Label::Quantity);
    }
}
