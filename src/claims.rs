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
//!   total give. A percentage restates a ratio or count before it only when
//!   a verb of level ("đạt", "chiếm") or a bracket introduces it, nothing
//!   names another measure between them, and the count is one of things
//!   that heads its clause (see `link.rs`);
//! - `part_of`: for a count or percentage listed after "trong đó", "gồm"
//!   behind a whole of the same unit, the index of that whole.
//!
//! Everything here is a pure function of the document's tokens, lexicon hits
//! and entities; [`crate::findings`] then checks the claims against each
//! other.
//!
//! Time is linear in the number of tokens and claims: the words between two
//! mentions are counted from prefix sums (`claims/gaps.rs`), a percentage is paired
//! only with the mentions of its own neighbourhood (a ratio or count is
//! never more than a few words away from the percentage that restates it),
//! and wholes and inventories are found through an index by unit.

mod gaps;
mod link;
pub(crate) mod tolerance;

use std::ops::Range;

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use serde_json::Value;

use crate::document::Document;
use crate::entity::Entity;
use crate::known::Known;
use crate::label::Label;
use crate::numeric::{Basis, Change, JsonNumber, Op, Role, UnitKind};
use crate::syllables::TokenKind;

use gaps::Gaps;
use gaps::Mark;

/// What one numeric mention states.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
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
    /// A count per each: "mỗi" or "cứ" comes before it in its sentence
    /// ("mỗi ngày có 121 người").
    pub(crate) per_each: bool,
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
        serde_json::to_value(ClaimJson(self)).unwrap_or(Value::Null)
    }
}

/// A claim as its JSON object, written field by field (the record writer
/// streams it without building a [`Value`]).
pub(crate) struct ClaimJson<'a>(pub(crate) &'a Claim);

impl Serialize for ClaimJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        // A struct, not a map: its keys are fixed names, and a field costs
        // less to write than a map entry.
        let mut o = s.serialize_struct("Claim", 0)?;
        o.serialize_field("entity", &c.entity)?;
        o.serialize_field("label", &Known(c.label.as_str()))?;
        o.serialize_field("value", &JsonNumber(c.value))?;
        if let Some(m) = c.max {
            o.serialize_field("max", &JsonNumber(m))?;
        }
        o.serialize_field("op", &Known(c.op.as_str()))?;
        let texts = [
            ("unit", c.unit.as_deref()),
            ("per", c.per.as_deref()),
            ("of", c.of.as_deref()),
            ("metric", c.metric.as_deref()),
            ("trend", c.trend.as_deref()),
        ];
        for (k, v) in texts {
            if let Some(v) = v {
                o.serialize_field(k, v)?;
            }
        }
        if let Some(change) = c.change {
            o.serialize_field("change", &Known(change.as_str()))?;
        }
        if let Some(basis) = c.basis {
            o.serialize_field("basis", &Known(basis.as_str()))?;
        }
        if let Some(t) = c.total {
            o.serialize_field("total", &JsonNumber(t))?;
        }
        let links = [("total_entity", c.total_entity), ("part", c.part)];
        for (k, v) in links {
            if let Some(v) = v {
                o.serialize_field(k, &v)?;
            }
        }
        if let Some(v) = c.computed {
            o.serialize_field("computed", &JsonNumber(round4(v)))?;
        }
        for (k, v) in [("part_of", c.part_of), ("time", c.time)] {
            if let Some(v) = v {
                o.serialize_field(k, &v)?;
            }
        }
        o.serialize_field("sentence", &c.sentence)?;
        if !c.checked.is_empty() {
            o.serialize_field("checked", &c.checked)?;
        }
        o.end()
    }
}

fn round4(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// What the claims layer reads from an entity's typed attributes, in one
/// place.
mod attr {
    use crate::attrs::{NumericAttrs, Unit};
    use crate::document::Document;
    use crate::entity::Entity;
    use crate::label::Label;
    use crate::numeric::{Op, Role, UnitKind};

    fn numeric(e: &Entity) -> Option<&NumericAttrs> {
        e.attrs.numeric()
    }

    /// `value`: the number (a range's lower bound, a ratio's numerator).
    pub(super) fn value(e: &Entity) -> Option<f64> {
        numeric(e).map(|a| a.value)
    }

    /// `max`: a range's upper bound.
    pub(super) fn max(e: &Entity) -> Option<f64> {
        numeric(e).and_then(|a| a.max)
    }

    /// `total`: a ratio's denominator.
    pub(super) fn total(e: &Entity) -> Option<f64> {
        numeric(e).and_then(|a| a.total)
    }

    /// The qualifier's comparison.
    pub(super) fn op(e: &Entity) -> Op {
        numeric(e).map_or(Op::Eq, |a| a.op)
    }

    /// Digits after a percentage's decimal separator, 0 for other labels.
    pub(super) fn decimals(e: &Entity) -> u8 {
        match numeric(e) {
            Some(a) if e.label == Label::Percent => a.decimals,
            _ => 0,
        }
    }

    /// `%`, the currency code or the counted unit.
    pub(super) fn unit(doc: &Document<'_>, e: &Entity) -> Option<String> {
        let a = numeric(e)?;
        match e.label {
            Label::Percent => Some("%".to_string()),
            Label::Money => a.currency.map(|c| c.as_str().to_string()),
            _ => match a.unit.as_ref()? {
                Unit::Entry(id) => match doc.roles.get(id.0) {
                    Role::Unit { unit, .. } => Some(String::from(&**unit)),
                    _ => None,
                },
                Unit::Inferred(noun) | Unit::Named(noun) => Some(String::from(&**noun)),
            },
        }
    }

    /// What a QUANTITY's unit measures.
    pub(super) fn kind(e: &Entity) -> Option<UnitKind> {
        numeric(e).and_then(|a| a.kind)
    }

    /// A rate's denominator.
    pub(super) fn per(e: &Entity) -> Option<String> {
        numeric(e).and_then(|a| a.per.as_deref().map(str::to_string))
    }

    /// The counted noun was read from the words after the number.
    pub(super) fn inferred(e: &Entity) -> bool {
        numeric(e).is_some_and(|a| matches!(a.unit, Some(Unit::Inferred(_))))
    }
}

/// True for the entities that get a claim: numeric mentions of the flat layer.
fn is_numeric_mention(e: &Entity) -> bool {
    e.parent.is_none() && matches!(e.label, Label::Percent | Label::Money | Label::Quantity)
}

/// What the claims layer builds per document and drops once its claims
/// are out: kept across documents by the caller (a worker), so that the
/// gap index, sentences, dates, lookups and links reuse their buffers
/// rather than allocating a few dozen blocks a document.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    gaps: Gaps,
    keep: crate::sentences::Keep,
    sentences: Vec<Range<usize>>,
    dates: Vec<(usize, Range<usize>)>,
    index: Index,
    links: link::Scratch,
}

/// The claims of the numeric entities of `entities` (flat layer only), in
/// entity order, built with `scratch`'s buffers.
pub(crate) fn extract(
    doc: &Document<'_>,
    text: &str,
    entities: &[Entity],
    scratch: &mut Scratch,
) -> Vec<Claim> {
    // Every question about sentences and gaps is about tokens up to the
    // last mention: the text after it is not split nor indexed.
    let (mentions, last) =
        entities
            .iter()
            .filter(|e| is_numeric_mention(e))
            .fold((0, None), |(n, last), e| {
                let t = e.tokens.clone();
                let last = last.map_or(t.clone(), |a: Range<usize>| {
                    a.start.max(t.start)..a.end.max(t.end)
                });
                (n + 1, Some(last))
            });
    let Some(last) = last else {
        return Vec::new();
    };
    let Scratch {
        gaps,
        keep,
        sentences,
        dates,
        index,
        links,
    } = scratch;
    let sentences = Sentences::through(doc, entities, last.start, keep, sentences);
    gaps.index(doc, last.end);
    let gaps: &Gaps = gaps;
    // The claims are the annotation's: one block for as many as there may
    // be, rather than two or three as a collected Vec grows.
    let mut claims: Vec<Claim> = Vec::with_capacity(mentions);
    claims.extend(
        entities
            .iter()
            .enumerate()
            .filter(|(_, e)| is_numeric_mention(e))
            .filter_map(|(index, e)| new_claim(doc, gaps, index, e, &sentences)),
    );
    let dates = Dates::new(entities, dates);
    for c in 0..claims.len() {
        read_context(doc, text, gaps, &sentences, &dates, &mut claims, c);
    }
    index.build(gaps, &claims);
    let index: &Index = index;
    link::breakdowns(doc, index, &mut claims);
    link::parts(doc, gaps, index, &mut claims, links);
    link::inventory(&mut claims, links);
    claims
}

/// The claim of entity `e` (number `index`), before its context is read.
fn new_claim(
    doc: &Document<'_>,
    gaps: &Gaps,
    index: usize,
    e: &Entity,
    sentences: &Sentences<'_>,
) -> Option<Claim> {
    let value = attr::value(e)?;
    let tokens = e.tokens.clone();
    if tokens.is_empty() {
        return None;
    }
    let sentence = sentences.of(tokens.start);
    // "mỗi ngày … có 121 người", "cứ năm người …, thì có bốn người": up
    // to a ";" or ":".
    let per_each = gaps.last_before(Mark::Rate, tokens.start).is_some_and(|r| {
        r >= sentences.get(sentence).start
            && !gaps.has(r..tokens.start, &[Mark::Semicolon, Mark::Colon])
    });
    // "trong tổng số 36 TCCS": the whole that parts are taken of.
    let is_total = doc.prev_on_line(tokens.start).is_some_and(|p| {
        doc.hits_ending(p + 1)
            .any(|h| matches!(doc.role(h), Role::Total))
    });
    Some(Claim {
        entity: index,
        label: e.label,
        value,
        max: attr::max(e),
        op: attr::op(e),
        decimals: attr::decimals(e),
        unit: attr::unit(doc, e),
        kind: attr::kind(e),
        per: attr::per(e),
        of: None,
        total: attr::total(e),
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
        inferred: attr::inferred(e),
        per_each,
        names_whole: false,
        bare: false,
    })
}

/// Lookups over the claims of a document, built once after their context
/// is read. Sorted lists rather than maps keyed by unit: the buffers are
/// kept across documents in [`Scratch`], where maps keyed by a clone of
/// each unit were a dozen allocations a document.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// The entity of each claim, ascending (claims are in entity order).
    entities: Vec<usize>,
    /// The first token of each claim, sorted.
    starts: Vec<usize>,
    /// QUANTITY claims after "tổng số", by sentence, unit and position.
    totals: Vec<usize>,
    /// The other counts of things, by sentence, part of sentence up to a
    /// ";", unit and position.
    counts: Vec<Count>,
}

/// A count of things in [`Index`], with the two largest counts of its
/// sentence part and unit up to it.
#[derive(Debug)]
struct Count {
    sentence: usize,
    /// Semicolons before it in the document.
    part: usize,
    claim: usize,
    /// (value, claim), the largest first.
    largest: [Option<(f64, usize)>; 2],
}

impl Count {
    /// What [`Index::counts`] is sorted by: (sentence, part, unit).
    fn key<'c>(&self, claims: &'c [Claim]) -> (usize, usize, Option<&'c str>) {
        let unit = claims.get(self.claim).and_then(|c| c.unit.as_deref());
        (self.sentence, self.part, unit)
    }
}

impl Index {
    /// Indexes `claims`, replacing what the buffers held.
    fn build(&mut self, gaps: &Gaps, claims: &[Claim]) {
        self.entities.clear();
        self.entities.extend(claims.iter().map(|c| c.entity));
        self.starts.clear();
        self.starts.extend(claims.iter().map(|c| c.tokens.start));
        self.starts.sort_unstable();
        self.totals.clear();
        self.counts.clear();
        for (i, q) in claims.iter().enumerate() {
            if q.label != Label::Quantity || q.unit.is_none() {
                continue;
            }
            if q.is_total {
                self.totals.push(i);
            } else if q.kind == Some(UnitKind::Count) {
                self.counts.push(Count {
                    sentence: q.sentence,
                    part: gaps.count_before(Mark::Semicolon, q.tokens.start),
                    claim: i,
                    largest: [None, None],
                });
            }
        }
        let total_key = |i: usize| (claims[i].sentence, claims[i].unit.as_deref(), i);
        self.totals
            .sort_unstable_by(|&a, &b| total_key(a).cmp(&total_key(b)));
        let counts = &mut self.counts;
        counts.sort_unstable_by(|a, b| (a.key(claims), a.claim).cmp(&(b.key(claims), b.claim)));
        for k in 0..counts.len() {
            let before = k
                .checked_sub(1)
                .map(|j| &counts[j])
                .filter(|c| c.key(claims) == counts[k].key(claims));
            let mut largest = before.map_or([None, None], |c| c.largest);
            let (i, value) = (counts[k].claim, claims[counts[k].claim].value);
            if largest[0].is_none_or(|(v, _)| value > v) {
                largest = [Some((value, i)), largest[0]];
            } else if largest[1].is_none_or(|(v, _)| value > v) {
                largest[1] = Some((value, i));
            }
            counts[k].largest = largest;
        }
    }

    /// The claim of entity `e`.
    pub(crate) fn claim_of(&self, e: usize) -> Option<usize> {
        self.entities.binary_search(&e).ok()
    }

    /// True if a claim starts at token `t`.
    pub(crate) fn starts_at(&self, t: usize) -> bool {
        self.starts.binary_search(&t).is_ok()
    }

    /// The largest count of things of `unit` (not after "tổng số") before
    /// claim `r` in its sentence and after any ";", other than claim
    /// `except`.
    pub(crate) fn largest_count_before(
        &self,
        gaps: &Gaps,
        claims: &[Claim],
        unit: &str,
        r: usize,
        except: Option<usize>,
    ) -> Option<f64> {
        let part = gaps.count_before(Mark::Semicolon, claims[r].tokens.start);
        let key = (claims[r].sentence, part, Some(unit));
        let list = equal_run(&self.counts, key, |c| c.key(claims));
        let k = list.partition_point(|c| c.claim < r);
        let [first, second] = list.get(k.checked_sub(1)?)?.largest;
        match first {
            Some((_, i)) if Some(i) == except => second.map(|(v, _)| v),
            _ => first.map(|(v, _)| v),
        }
    }

    /// The claims after "tổng số" in `sentence` whose unit is `unit`, in
    /// text order.
    pub(crate) fn totals(&self, claims: &[Claim], sentence: usize, unit: &str) -> &[usize] {
        let key = |&i: &usize| (claims[i].sentence, claims[i].unit.as_deref());
        equal_run(&self.totals, (sentence, Some(unit)), key)
    }
}

/// The run of `sorted` (in ascending order of `key`) whose key is `wanted`.
fn equal_run<T, K: Ord>(sorted: &[T], wanted: K, key: impl Fn(&T) -> K) -> &[T] {
    let from = sorted.partition_point(|x| key(x) < wanted);
    let rest = sorted.get(from..).unwrap_or_default();
    let len = rest.partition_point(|x| key(x) <= wanted);
    rest.get(..len).unwrap_or_default()
}

/// How many sentences the document has, numbered as claims number them.
pub(crate) fn sentence_count(doc: &Document<'_>, entities: &[Entity]) -> usize {
    let mut ranges = Vec::new();
    Sentences::through(
        doc,
        entities,
        usize::MAX,
        &mut Default::default(),
        &mut ranges,
    );
    ranges.len()
}

/// The sentences of a document as token ranges.
struct Sentences<'a> {
    ranges: &'a [Range<usize>],
}

impl<'a> Sentences<'a> {
    /// The sentences of [`crate::sentences`], never cut inside an entity,
    /// up to the sentence of token `through`: [`Self::of`] and
    /// [`Self::get`] answer for tokens up to it. Built in `ranges`, with
    /// the entity spans sorted in `keep`.
    fn through(
        doc: &Document<'_>,
        entities: &[Entity],
        through: usize,
        keep: &mut crate::sentences::Keep,
        ranges: &'a mut Vec<Range<usize>>,
    ) -> Sentences<'a> {
        keep.fill(entities.iter().map(|e| e.start..e.end));
        let (tokens, ends) = (doc.tokens, Some(doc.shapes()));
        crate::sentences::split_tokens_through(doc.text, tokens, ends, keep, through, ranges);
        Sentences { ranges }
    }

    /// The sentence of token `t`.
    fn of(&self, t: usize) -> usize {
        self.ranges.partition_point(|s| s.end <= t)
    }

    fn get(&self, k: usize) -> Range<usize> {
        self.ranges.get(k).cloned().unwrap_or(0..0)
    }
}

/// The DATE entities of a document, in text order, with their tokens.
struct Dates<'a> {
    dates: &'a [(usize, Range<usize>)],
}

impl<'a> Dates<'a> {
    /// The DATE entities of `entities`, sorted in `dates`.
    fn new(entities: &[Entity], dates: &'a mut Vec<(usize, Range<usize>)>) -> Dates<'a> {
        dates.clear();
        dates.extend(
            entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.parent.is_none() && e.label == Label::Date)
                .map(|(i, e)| (i, e.tokens.clone())),
        );
        dates.sort_by_key(|(i, r)| (r.start, *i));
        Dates { dates }
    }

    /// The DATE inside `sentence` whose start is nearest to token `t` (the
    /// earlier one on a tie).
    fn nearest(&self, sentence: &Range<usize>, t: usize) -> Option<usize> {
        let d = self.dates;
        let lo = d.partition_point(|(_, r)| r.start < sentence.start);
        let hi = d.partition_point(|(_, r)| r.start < sentence.end);
        let inside = |k: &usize| d[*k].1.end <= sentence.end;
        let k = d.partition_point(|(_, r)| r.start < t).clamp(lo, hi);
        // The nearest start is just before or just at/after `t`; dates that
        // run past the sentence end are skipped.
        let before = (lo..k).rev().find(inside);
        let after = (k..hi).find(inside);
        let dist = |k: usize| d[k].1.start.abs_diff(t);
        let best = match (before, after) {
            (Some(b), Some(a)) if dist(a) < dist(b) => Some(a),
            (Some(b), _) => Some(b),
            (None, a) => a,
        };
        best.map(|k| d[k].0)
    }
}

/// Reads metric, trend, time and what follows a percentage for claim `c`.
fn read_context(
    doc: &Document<'_>,
    text: &str,
    gaps: &Gaps,
    sentences: &Sentences<'_>,
    dates: &Dates<'_>,
    claims: &mut [Claim],
    c: usize,
) {
    let sent = sentences.get(claims[c].sentence);
    let start = claims[c].tokens.start;
    // No other mention between the context word and this one.
    let floor = c
        .checked_sub(1)
        .map(|p| &claims[p])
        .filter(|o| o.sentence == claims[c].sentence)
        .map_or(sent.start, |o| o.tokens.end.max(sent.start));
    let (metric, metric_basis, metric_end) = find_metric(doc, text, gaps, floor, start);
    let trend_floor = metric_end.unwrap_or(floor).max(floor);
    let claim = &mut claims[c];
    if let Some((verb, change)) = find_trend(doc, gaps, trend_floor, start) {
        claim.trend = Some(verb);
        claim.change = change;
    }
    claim.metric = metric;
    claim.metric_basis = metric_basis;
    claim.time = dates.nearest(&sent, start);
    if claim.label == Label::Percent {
        percent_context(doc, claim);
    }
}

/// The metric phrase closest before `start` (not before `floor`) in the same
/// clause: (text, basis, token after the phrase).
fn find_metric(
    doc: &Document<'_>,
    text: &str,
    gaps: &Gaps,
    floor: usize,
    start: usize,
) -> (Option<String>, Option<Basis>, Option<usize>) {
    // A metric hit is one of the class the gap index marks where it starts:
    // most stretches have none, told by a search of those marks rather than
    // a walk over all the hits there.
    if !gaps.has(floor..start, &[Mark::Metric]) {
        return (None, None, None);
    }
    let best = doc
        .hits_starting(floor..start)
        .iter()
        .filter(|h| h.tokens.end <= start)
        .filter_map(|h| match doc.role(h) {
            Role::Metric { extend, basis } => Some((h, *extend, *basis)),
            _ => None,
        })
        .max_by_key(|(h, _, _)| (h.tokens.end, std::cmp::Reverse(h.tokens.start)));
    let Some((hit, extend, basis)) = best else {
        return (None, None, None);
    };
    // Same clause: no punctuation between the phrase and the number.
    let clause_marks = [
        Mark::Comma,
        Mark::Semicolon,
        Mark::Colon,
        Mark::Open,
        Mark::Close,
        Mark::Stop,
    ];
    if gaps.has(hit.tokens.end..start, &clause_marks) {
        return (None, None, None);
    }
    let (end, two_measures) = if extend {
        extend_metric(doc, hit.tokens.end, start)
    } else {
        (hit.tokens.end, false)
    };
    // "tỷ lệ M2/GDP": a ratio of two measures is no share of a whole.
    let basis = basis.filter(|_| !two_measures);
    let toks = doc.tokens;
    let (Some(a), Some(b)) = (
        toks.get(hit.tokens.start),
        end.checked_sub(1).and_then(|e| toks.get(e)),
    ) else {
        return (None, None, None);
    };
    let phrase = text.get(a.orig.start..b.orig.end).map(str::to_string);
    (phrase, basis, Some(end))
}

/// Where a metric head marked `extend=1` ("tỷ lệ") that ends at token
/// `end` runs on to: over up to eight words, up to a trend verb, a
/// qualifier, another metric or anything but a word, before `start`; and
/// whether it names two measures joined by "/" ("tỷ lệ M2/GDP"), whose
/// words it then runs on over.
fn extend_metric(doc: &Document<'_>, mut end: usize, start: usize) -> (usize, bool) {
    let mut words = 0;
    let mut t = end;
    let mut two_measures = false;
    while t < start && words < 8 {
        match doc.kind(t) {
            Some(TokenKind::Space) => {
                t += 1;
                continue;
            }
            Some(TokenKind::Word) => {}
            Some(TokenKind::Punct)
                if doc.word(t) == "/"
                    && !two_measures
                    && doc.kind(t + 1) == Some(TokenKind::Word) =>
            {
                two_measures = true;
                t += 1;
                continue;
            }
            _ => break,
        }
        let stop = doc.hits_at(t).iter().any(|h| {
            matches!(
                doc.role(h),
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
    (end, two_measures)
}

/// The trend verb closest before `start` (after `floor`), at most three
/// words away and in the same clause.
fn find_trend(
    doc: &Document<'_>,
    gaps: &Gaps,
    floor: usize,
    start: usize,
) -> Option<(String, Option<Change>)> {
    // Without a trend verb (marked by the gap index where it starts) there
    // is none to find, whatever `claim.none` hits lie there.
    if !gaps.has(floor..start, &[Mark::Trend]) {
        return None;
    }
    let (hit, role) = doc
        .hits_starting(floor..start)
        .iter()
        .filter(|h| h.tokens.end <= start)
        .map(|h| (h, doc.role(h)))
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
    let clause_marks = [Mark::Comma, Mark::Semicolon, Mark::Colon, Mark::Stop];
    if gaps.content(gap.clone()) > 3 || gaps.has(gap, &clause_marks) {
        return None;
    }
    Some((String::from(&**verb), *change))
}

/// `of`, `bare`, `names_whole` and `basis` of a percentage from the words
/// right after it.
fn percent_context(doc: &Document<'_>, c: &mut Claim) {
    let after = doc.next_on_line(c.tokens.end);
    c.bare = match after {
        None => true,
        Some(t) => {
            doc.kind(t) == Some(TokenKind::Punct)
                || doc
                    .longest_role_starting(t, |r| {
                        matches!(
                            r,
                            Role::Unit { .. } | Role::Basis(_) | Role::Total | Role::Tail(_)
                        )
                    })
                    .is_some()
        }
    };
    c.names_whole = after.is_some_and(|t| {
        doc.longest_role_starting(t, |r| matches!(r, Role::Total))
            .is_some()
            || (doc.word(t) == "tổng" && doc.kind(t) == Some(TokenKind::Word))
    });
    let mut basis = None;
    if let Some(t) = after {
        // "105% chỉ tiêu" is an achievement rate, not a share of targets.
        let target = doc.longest_role_starting(t, |r| matches!(r, Role::Basis(_)));
        let unit = doc.longest_role_starting(t, |r| matches!(r, Role::Unit { .. } | Role::NotUnit));
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
                c.of = Some(String::from(&**unit));
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

/// True if things of unit `part` are things of unit `whole`: the same
/// unit, or a narrower one ("hộ nghèo" are "hộ", "chi bộ cơ sở" are "chi bộ").
fn unit_within(part: Option<&str>, whole: Option<&str>) -> bool {
    match (part, whole) {
        (Some(p), Some(w)) => p == w || p.strip_prefix(w).is_some_and(|rest| rest.starts_with(' ')),
        _ => false,
    }
}

/// `unit` and the wider units it is within, from the widest: "hộ nghèo"
/// gives "hộ", "hộ nghèo".
fn units_around(unit: &str) -> impl Iterator<Item = &str> {
    unit.match_indices(' ')
        .map(move |(k, _)| &unit[..k])
        .chain(std::iter::once(unit))
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
    fn parts_are_counts_that_head_their_clause() {
        // A verb between two counts: the second heads its own clause.
        check(
            "Hai bến cảng đón 350 tàu, chiếm 70% số tàu cập bến trong vùng.",
            &[("70%", json!({"part": "350 tàu"}))],
        );
        // Counts per each are no parts, nor inventories.
        check(
            "Mỗi chi bộ có 20 đảng viên, chiếm 5% đảng viên toàn Đảng bộ.",
            &[("5%", json!({"part": null}))],
        );
        check(
            "Mỗi thôn có 4 hộ nghèo. Cuối năm, 65% hộ nghèo đã thoát nghèo.",
            &[("65%", json!({"total": null, "total_entity": null}))],
        );
        // A bare percentage after a comma is the next item, not the ratio's.
        check(
            "Liên kết chiếm 7/12 huyện của tỉnh, 40% sản lượng lúa.",
            &[("40%", json!({"part": null, "computed": null}))],
        );
        // "dân số" counts people: a share of it may restate a count of them.
        check(
            "Vùng có 3,2 triệu người, chiếm 12% dân số cả nước.",
            &[("12%", json!({"part": "3,2 triệu người"}))],
        );
    }

    #[test]
    fn a_metric_of_two_measures_is_no_share() {
        check(
            "Tỷ lệ dư nợ/GDP tăng lên 140%.",
            &[("140%", json!({"metric": "Tỷ lệ dư nợ/GDP", "basis": null}))],
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
    fn buffers_kept_across_documents_change_nothing() {
        // The claims layer's buffers stay in the worker: a document after
        // others (longer, with more claims, units and sentences) must come
        // out as it does on its own.
        let texts = [
            "Thu nhập bình quân đầu người của xã đạt 61,4 triệu đồng/năm, tỷ lệ hộ nghèo giảm còn 0,75%.",
            "Có 27 chi bộ, chiếm 90% trên tổng số 30 chi bộ của Đảng bộ.",
            "Xã có 12 chi bộ với 450 đảng viên, trong đó 120 đảng viên nữ và 35 đảng viên trẻ.",
            "Đảng bộ xã có 11 chi bộ. Năm 2023, 92% chi bộ hoàn thành tốt nhiệm vụ.",
            "Có 42/45 TCCS đảng (chiếm 93,3%) được xếp loại tốt.",
            "Không có số nào.",
        ];
        let mut worker = crate::Worker::new();
        for text in texts.iter().chain(texts.iter().rev()) {
            let reused = annotator().annotate_with(text, &mut worker);
            let fresh = annotator().annotate(text);
            assert_eq!(reused.claims, fresh.claims, "{text}");
            assert_eq!(reused.findings, fresh.findings, "{text}");
        }
    }

    #[test]
    fn labels_are_claims_only_for_numbers() {
        let text = "Đảng bộ xã Tân Thành có 18 chi bộ.";
        let ann = annotator().annotate(text);
        assert_eq!(ann.claims.len(), 1);
        assert_eq!(ann.entities[ann.claims[0].entity].label, Label::Quantity);
    }
}
