//! Scoring predicted annotations against gold annotations.
//!
//! Documents are matched by id; a gold document without a prediction counts
//! as predicting nothing, and predicted documents that are not in the gold
//! file are listed in the [`Report`]. Only the flat layer is scored: entities
//! with a `parent` (nested mentions of `annotate --layer all`) are counted
//! and left out.
//!
//! Three views of the same spans:
//!
//! - **strict and lenient precision, recall and F1**, per label, micro
//!   (all spans together) and macro (the mean of the labels), computed as the
//!   project's reference scorer `../shared/eval/score.py` computes them:
//!   strict = same label, start and end; lenient = same label and
//!   overlapping spans, and for PERCENT, MONEY and QUANTITY also the same
//!   `attrs.value` (relative tolerance 1e-6). Each gold span, in input order,
//!   takes the first predicted span, in input order, that is still free and
//!   matches it.
//! - **error categories** of SemEval-2013 task 9.1: every gold and every
//!   predicted span gets exactly one [`Category`], pairing first the same
//!   span with the same label (correct), then the same span with another
//!   label (wrong label), then overlapping spans with the same label (wrong
//!   boundary), then overlapping spans with another label (wrong label and
//!   boundary); gold spans left over are missed, predicted ones spurious.
//!   Unlike `nervaluate`, pairs are one to one, so the categories add up to
//!   the gold and predicted counts. The [`Confusion`] table crosses the gold
//!   and predicted labels of these pairs.
//! - **value agreement** of numeric labels: of the pairs of the same numeric
//!   label that overlap (correct or wrong boundary), the share whose
//!   predicted value is within half the last written digit of the gold
//!   number ([`half_last_digit`]: "72,4%" allows ±0.05).
//!
//! [`evaluate`] scores whole files; [`compare`] one pair of documents, with
//! the category of every span, for views that show them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::formats::{CharMap, Doc, Span};
use crate::numbers::{parse_numeral, DecimalStyle};
use crate::Label;

/// The labels whose `attrs.value` is scored.
pub const NUMERIC_LABELS: [&str; 3] = ["PERCENT", "MONEY", "QUANTITY"];

/// How to score.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct EvalOptions {
    /// Score only these labels (`None`: every label found).
    pub labels: Option<BTreeSet<String>>,
    /// Keep up to this many [`ErrorExample`]s per label and category.
    pub max_errors: usize,
    /// Characters of text shown on each side of an error.
    pub context_chars: usize,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            labels: None,
            max_errors: 0,
            context_chars: 40,
        }
    }
}

/// What happened to one gold span, one predicted span, or a pair of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Same span, same label.
    Correct,
    /// Same span, another label.
    WrongLabel,
    /// Overlapping spans, same label.
    WrongBoundary,
    /// Overlapping spans, another label.
    WrongLabelBoundary,
    /// A gold span no prediction overlaps.
    Missed,
    /// A predicted span no gold span overlaps.
    Spurious,
}

impl Category {
    /// Every category, in the order of the tables.
    pub const ALL: [Category; 6] = [
        Category::Correct,
        Category::WrongLabel,
        Category::WrongBoundary,
        Category::WrongLabelBoundary,
        Category::Missed,
        Category::Spurious,
    ];

    /// The name in tables and messages: "wrong boundary".
    pub fn name(self) -> &'static str {
        match self {
            Category::Correct => "correct",
            Category::WrongLabel => "wrong label",
            Category::WrongBoundary => "wrong boundary",
            Category::WrongLabelBoundary => "wrong label+boundary",
            Category::Missed => "missed",
            Category::Spurious => "spurious",
        }
    }
}

/// One span or pair of spans of a [`Comparison`], with indices into the
/// documents' `entities`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// What happened.
    pub category: Category,
    /// The gold entity (none for spurious).
    pub gold: Option<usize>,
    /// The predicted entity (none for missed).
    pub pred: Option<usize>,
}

/// One gold document compared with its prediction. Pairs and outcomes hold
/// indices into the documents' `entities`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Comparison {
    /// Every scored gold and predicted span, each exactly once, in text order.
    pub outcomes: Vec<Outcome>,
    /// Strict matches (gold, predicted).
    pub strict: Vec<(usize, usize)>,
    /// Lenient matches (gold, predicted).
    pub lenient: Vec<(usize, usize)>,
    /// Nested entities left out (gold, predicted).
    pub nested: (usize, usize),
}

/// A span taking part in the scoring.
#[derive(Clone, Copy, Debug)]
struct Mention<'a> {
    /// Index in the document's `entities`.
    entity: usize,
    start: usize,
    end: usize,
    label: &'a str,
    value: Option<&'a Value>,
}

fn is_nested(e: &Span) -> bool {
    e.extra.get("parent").is_some_and(|p| !p.is_null())
}

/// The scored spans of `doc` and the number of nested ones left out.
fn mentions<'a>(doc: &'a Doc, opts: &EvalOptions) -> (Vec<Mention<'a>>, usize) {
    let mut nested = 0;
    let mut out = Vec::with_capacity(doc.entities.len());
    for (i, e) in doc.entities.iter().enumerate() {
        if opts.labels.as_ref().is_some_and(|l| !l.contains(&e.label)) {
            continue;
        }
        if is_nested(e) {
            nested += 1;
            continue;
        }
        out.push(Mention {
            entity: i,
            start: e.start,
            end: e.end,
            label: &e.label,
            value: e.attrs.get("value"),
        });
    }
    (out, nested)
}

fn same_span(g: &Mention, p: &Mention) -> bool {
    g.start == p.start && g.end == p.end
}

fn overlaps(g: &Mention, p: &Mention) -> bool {
    g.start < p.end && p.start < g.end
}

/// True for PERCENT, MONEY and QUANTITY.
pub fn is_numeric(label: &str) -> bool {
    NUMERIC_LABELS.contains(&label)
}

fn strict_match(g: &Mention, p: &Mention) -> bool {
    same_span(g, p) && g.label == p.label
}

fn lenient_match(g: &Mention, p: &Mention) -> bool {
    g.label == p.label && overlaps(g, p) && (!is_numeric(g.label) || same_value(g.value, p.value))
}

/// A number from an `attrs.value`, read as Python's `float()` reads it: a
/// JSON number, a boolean, or a string such as `" 72.4"`, `"1e3"`, `"1_000"`.
pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::String(s) => parse_python_float(s.trim()),
        _ => None,
    }
}

/// Python's `float()` of a string: Rust's syntax plus `_` between digits.
fn parse_python_float(s: &str) -> Option<f64> {
    if !s.contains('_') {
        return s.parse().ok();
    }
    let b = s.as_bytes();
    let ok = b.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    if !ok {
        return None;
    }
    s.replace('_', "").parse().ok()
}

/// Two values are the same within a relative tolerance of 1e-6; a missing
/// or non-numeric value is never the same as anything.
///
/// ```
/// use serde_json::json;
/// use vietag::eval::same_value;
/// assert!(same_value(Some(&json!(47500000)), Some(&json!(47500000.00001))));
/// assert!(same_value(Some(&json!(72.4)), Some(&json!("72.4"))));
/// assert!(!same_value(Some(&json!(72.4)), Some(&json!(72.5))));
/// assert!(!same_value(Some(&json!(1)), None));
/// ```
pub fn same_value(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a.and_then(number), b.and_then(number)) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * 1f64.max(a.abs()).max(b.abs()),
        _ => false,
    }
}

/// Half the last written digit of the number `value` is written as in
/// `surface`: the tolerance of value agreement.
///
/// The number is the first digit group of `surface` ("72,4", "3.200",
/// "47,5"; Vietnamese separators, then English ones) that is `value` up to
/// a power of ten (a scale word: "47,5 triệu" = 47 500 000). Without one
/// (numbers in words), the last digit of `value` as printed counts.
///
/// ```
/// use vietag::eval::half_last_digit;
/// assert!((half_last_digit("72,4%", 72.4) - 0.05).abs() < 1e-12);
/// assert!((half_last_digit("hơn 3.200 hội viên", 3200.0) - 0.5).abs() < 1e-12);
/// assert!((half_last_digit("47,5 triệu đồng", 47.5e6) - 50_000.0).abs() < 1e-6);
/// assert!((half_last_digit("hai mươi lăm người", 25.0) - 0.5).abs() < 1e-12);
/// ```
pub fn half_last_digit(surface: &str, value: f64) -> f64 {
    let groups = surface
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|t| t.trim_matches(['.', ',']))
        .filter(|t| !t.is_empty());
    for group in groups {
        for style in [DecimalStyle::Vietnamese, DecimalStyle::English] {
            let Some(n) = parse_numeral(group, style) else {
                continue;
            };
            if let Some(scale) = power_of_ten(value, n.value) {
                return 0.5 * 10f64.powi(scale - i32::from(n.decimals));
            }
        }
    }
    let printed = format!("{}", value.abs());
    let decimals = printed.split_once('.').map_or(0, |(_, d)| d.len());
    0.5 * 10f64.powi(-(decimals.min(300) as i32))
}

/// The k in `value = written × 10^k`, for k in 0..=15.
fn power_of_ten(value: f64, written: f64) -> Option<i32> {
    if written == 0.0 {
        return (value == 0.0).then_some(0);
    }
    let ratio = (value / written).abs();
    (0..=15).find(|&k| {
        let p = 10f64.powi(k);
        ((ratio - p) / p).abs() < 1e-9
    })
}

/// Predicted mentions sorted by start, to find the ones a gold span may
/// match without trying them all.
struct PredIndex {
    /// Positions in the predicted list, by (start, position).
    by_start: Vec<usize>,
    starts: Vec<usize>,
    max_len: usize,
}

impl PredIndex {
    fn new(pred: &[Mention]) -> Self {
        let mut by_start: Vec<usize> = (0..pred.len()).collect();
        by_start.sort_by_key(|&i| (pred[i].start, i));
        PredIndex {
            starts: by_start.iter().map(|&i| pred[i].start).collect(),
            by_start,
            max_len: pred
                .iter()
                .map(|p| p.end.saturating_sub(p.start))
                .max()
                .unwrap_or(0),
        }
    }

    /// Every predicted mention that has the same span as `g` or overlaps it
    /// starts in `g.start - max_len ..= g.end` (and maybe others).
    fn candidates(&self, g: &Mention) -> &[usize] {
        let lo = self
            .starts
            .partition_point(|&s| s < g.start.saturating_sub(self.max_len));
        let hi = self.starts.partition_point(|&s| s <= g.end);
        self.by_start.get(lo..hi.max(lo)).unwrap_or(&[])
    }
}

/// Pairs mentions one to one: each free gold mention, in order, takes the
/// first free predicted mention, in input order, that `accept`s it (the
/// matching of score.py). Returns positions (gold, predicted).
fn greedy(
    gold: &[Mention],
    pred: &[Mention],
    index: &PredIndex,
    gold_free: &mut [bool],
    pred_free: &mut [bool],
    accept: impl Fn(&Mention, &Mention) -> bool,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        if !gold_free[gi] {
            continue;
        }
        let first = index
            .candidates(g)
            .iter()
            .copied()
            .filter(|&pi| pred_free[pi] && accept(g, &pred[pi]))
            .min();
        if let Some(pi) = first {
            gold_free[gi] = false;
            pred_free[pi] = false;
            pairs.push((gi, pi));
        }
    }
    pairs
}

/// Independent one-to-one matching under `accept`, as entity indices.
fn match_all(
    gold: &[Mention],
    pred: &[Mention],
    index: &PredIndex,
    accept: impl Fn(&Mention, &Mention) -> bool,
) -> Vec<(usize, usize)> {
    let mut gold_free = vec![true; gold.len()];
    let mut pred_free = vec![true; pred.len()];
    greedy(gold, pred, index, &mut gold_free, &mut pred_free, accept)
        .into_iter()
        .map(|(g, p)| (gold[g].entity, pred[p].entity))
        .collect()
}

/// Whether a gold and a predicted mention may be paired.
type Accept = fn(&Mention, &Mention) -> bool;

/// The category of every mention: four matching passes, then the rest.
fn categorise(gold: &[Mention], pred: &[Mention], index: &PredIndex) -> Vec<Outcome> {
    let mut gold_free = vec![true; gold.len()];
    let mut pred_free = vec![true; pred.len()];
    let passes: [(Category, Accept); 4] = [
        (Category::Correct, strict_match),
        (Category::WrongLabel, |g, p| {
            same_span(g, p) && g.label != p.label
        }),
        (Category::WrongBoundary, |g, p| {
            overlaps(g, p) && g.label == p.label
        }),
        (Category::WrongLabelBoundary, overlaps),
    ];
    let mut outcomes = Vec::with_capacity(gold.len().max(pred.len()));
    for (category, accept) in passes {
        for (g, p) in greedy(gold, pred, index, &mut gold_free, &mut pred_free, accept) {
            outcomes.push(Outcome {
                category,
                gold: Some(gold[g].entity),
                pred: Some(pred[p].entity),
            });
        }
    }
    let missed = gold.iter().zip(&gold_free).filter(|(_, &f)| f);
    outcomes.extend(missed.map(|(g, _)| Outcome {
        category: Category::Missed,
        gold: Some(g.entity),
        pred: None,
    }));
    let spurious = pred.iter().zip(&pred_free).filter(|(_, &f)| f);
    outcomes.extend(spurious.map(|(p, _)| Outcome {
        category: Category::Spurious,
        gold: None,
        pred: Some(p.entity),
    }));
    outcomes
}

/// Compares one gold document with its prediction: strict and lenient
/// matches and the category of every scored span.
///
/// ```
/// use vietag::eval::{compare, Category, EvalOptions};
/// use vietag::formats::{Doc, Span};
///
/// let text = "Ông Lê Văn Tám về Hòa Bình.";
/// let gold = Doc::new("a", text)
///     .with_entities(vec![Span::new(4, 14, "PER"), Span::new(18, 26, "LOC")]);
/// let pred = Doc::new("a", "")
///     .with_entities(vec![Span::new(7, 14, "PER"), Span::new(18, 26, "ORG")]);
/// let c = compare(&gold, &pred, &EvalOptions::default());
/// let categories: Vec<Category> = c.outcomes.iter().map(|o| o.category).collect();
/// assert_eq!(categories, [Category::WrongBoundary, Category::WrongLabel]);
/// assert_eq!(c.lenient, [(0, 0)]);
/// assert!(c.strict.is_empty());
/// ```
pub fn compare(gold: &Doc, pred: &Doc, opts: &EvalOptions) -> Comparison {
    let (g, gold_nested) = mentions(gold, opts);
    let (p, pred_nested) = mentions(pred, opts);
    let index = PredIndex::new(&p);
    let mut outcomes = categorise(&g, &p, &index);
    let position = |o: &Outcome| {
        let gs = o.gold.map(|i| gold.entities[i].start);
        let ps = o.pred.map(|i| pred.entities[i].start);
        let start = match (gs, ps) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(0),
        };
        (start, o.category)
    };
    outcomes.sort_by_key(position);
    Comparison {
        outcomes,
        strict: match_all(&g, &p, &index, strict_match),
        lenient: match_all(&g, &p, &index, lenient_match),
        nested: (gold_nested, pred_nested),
    }
}

/// Matches, gold spans and predicted spans of one label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Matched spans.
    pub tp: usize,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub pred: usize,
}

/// Precision, recall and F1 with the counts they come from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Prf {
    /// Precision: tp / pred (1 when nothing was predicted and nothing was to be found).
    pub p: f64,
    /// Recall: tp / gold.
    pub r: f64,
    /// F1: the harmonic mean of p and r.
    pub f1: f64,
    /// Matched spans.
    pub tp: usize,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub pred: usize,
}

impl From<Counts> for Prf {
    /// The same arithmetic as score.py, so that the numbers are equal to the bit.
    fn from(c: Counts) -> Self {
        let (tp, g, p) = (c.tp as f64, c.gold as f64, c.pred as f64);
        let empty = |other: usize| if other == 0 { 1.0 } else { 0.0 };
        let precision = if c.pred > 0 { tp / p } else { empty(c.gold) };
        let recall = if c.gold > 0 { tp / g } else { empty(c.pred) };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            p: precision,
            r: recall,
            f1,
            tp: c.tp,
            gold: c.gold,
            pred: c.pred,
        }
    }
}

/// The unweighted mean of the labels' precision, recall and F1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Macro {
    /// Mean precision.
    pub p: f64,
    /// Mean recall.
    pub r: f64,
    /// Mean F1.
    pub f1: f64,
}

/// Precision, recall and F1 of one matching (strict or lenient).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Scores {
    /// Per label, for every label with a gold or predicted span.
    pub labels: BTreeMap<String, Prf>,
    /// All spans together (score.py's `ALL` row).
    pub micro: Prf,
    /// The mean of the labels (equal to micro when there is no label).
    #[serde(rename = "macro")]
    pub macro_avg: Macro,
}

impl Scores {
    fn from_counts(counts: &BTreeMap<String, Counts>) -> Self {
        let labels: BTreeMap<String, Prf> = counts
            .iter()
            .map(|(l, c)| (l.clone(), Prf::from(*c)))
            .collect();
        let total = counts.values().fold(Counts::default(), |a, c| Counts {
            tp: a.tp + c.tp,
            gold: a.gold + c.gold,
            pred: a.pred + c.pred,
        });
        let micro = Prf::from(total);
        let n = labels.len() as f64;
        let mean = |f: fn(&Prf) -> f64| labels.values().map(f).sum::<f64>() / n;
        let macro_avg = if labels.is_empty() {
            Macro {
                p: micro.p,
                r: micro.r,
                f1: micro.f1,
            }
        } else {
            Macro {
                p: mean(|x| x.p),
                r: mean(|x| x.r),
                f1: mean(|x| x.f1),
            }
        };
        Scores {
            labels,
            micro,
            macro_avg,
        }
    }
}

/// How many spans fell into each [`Category`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CategoryCounts {
    /// Same span, same label.
    pub correct: usize,
    /// Same span, another label.
    pub wrong_label: usize,
    /// Overlapping spans, same label.
    pub wrong_boundary: usize,
    /// Overlapping spans, another label.
    pub wrong_label_boundary: usize,
    /// Gold spans nothing overlaps.
    pub missed: usize,
    /// Predicted spans nothing overlaps.
    pub spurious: usize,
}

impl CategoryCounts {
    /// The count of `category`.
    pub fn get(&self, category: Category) -> usize {
        match category {
            Category::Correct => self.correct,
            Category::WrongLabel => self.wrong_label,
            Category::WrongBoundary => self.wrong_boundary,
            Category::WrongLabelBoundary => self.wrong_label_boundary,
            Category::Missed => self.missed,
            Category::Spurious => self.spurious,
        }
    }

    fn add(&mut self, category: Category) {
        *match category {
            Category::Correct => &mut self.correct,
            Category::WrongLabel => &mut self.wrong_label,
            Category::WrongBoundary => &mut self.wrong_boundary,
            Category::WrongLabelBoundary => &mut self.wrong_label_boundary,
            Category::Missed => &mut self.missed,
            Category::Spurious => &mut self.spurious,
        } += 1;
    }
}

/// Categories per label and in total. A pair counts under its gold label,
/// a spurious span under its predicted label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CategoryTable {
    /// Per label.
    pub labels: BTreeMap<String, CategoryCounts>,
    /// All labels.
    pub total: CategoryCounts,
}

/// One cell of the confusion table; `None` on the gold side is a spurious
/// span, on the predicted side a missed one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfusionCell {
    /// The gold label.
    pub gold: Option<String>,
    /// The predicted label.
    pub pred: Option<String>,
    /// How many pairs (or single spans).
    pub count: usize,
}

/// Gold label × predicted label over the pairs of the categories, with the
/// missed spans in the `None` column and the spurious ones in the `None` row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Confusion {
    /// The non-empty cells, by gold then predicted label (`None` last).
    pub cells: Vec<ConfusionCell>,
}

impl Confusion {
    /// The count of one cell.
    pub fn count(&self, gold: Option<&str>, pred: Option<&str>) -> usize {
        self.cells
            .iter()
            .find(|c| c.gold.as_deref() == gold && c.pred.as_deref() == pred)
            .map_or(0, |c| c.count)
    }

    /// Every label on either side, sorted.
    pub fn labels(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .cells
            .iter()
            .flat_map(|c| [c.gold.as_deref(), c.pred.as_deref()])
            .flatten()
            .collect();
        set.into_iter().collect()
    }
}

/// Value agreement of one numeric label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ValueAgreement {
    /// Overlapping pairs of this label whose gold span has a value.
    pub pairs: usize,
    /// Pairs whose predicted value is within half the last written digit.
    pub agree: usize,
    /// Pairs whose values are the same for the lenient score (1e-6).
    pub exact: usize,
    /// Pairs whose predicted span has no numeric value.
    pub pred_without_value: usize,
    /// Overlapping pairs left out because the gold span has no value.
    pub gold_without_value: usize,
    /// agree / pairs (`None` without pairs).
    pub share: Option<f64>,
}

impl ValueAgreement {
    fn add(&mut self, other: &ValueAgreement) {
        self.pairs += other.pairs;
        self.agree += other.agree;
        self.exact += other.exact;
        self.pred_without_value += other.pred_without_value;
        self.gold_without_value += other.gold_without_value;
    }

    fn finish(mut self) -> Self {
        self.share = (self.pairs > 0).then(|| self.agree as f64 / self.pairs as f64);
        self
    }
}

/// Value agreement per numeric label and in total.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ValueTable {
    /// Per numeric label with at least one pair.
    pub labels: BTreeMap<String, ValueAgreement>,
    /// All numeric labels.
    pub total: ValueAgreement,
}

/// A span as shown in an error.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SpanInfo {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The label.
    pub label: String,
    /// The text of the span (from the gold document, or as the record gives it).
    pub text: String,
    /// `attrs.value`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// One error with the text around it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ErrorExample {
    /// What kind of error.
    pub category: Category,
    /// The document id.
    pub doc: String,
    /// The gold span (none for spurious).
    pub gold: Option<SpanInfo>,
    /// The predicted span (none for missed).
    pub pred: Option<SpanInfo>,
    /// The text around the spans, the gold span in ⟦ ⟧, the predicted one
    /// in ⟨ ⟩, line breaks as ⏎ (empty when the gold record has no text).
    pub context: String,
}

/// The documents scored and the ones that could not be paired.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DocumentCounts {
    /// Gold documents scored (distinct ids).
    pub gold: usize,
    /// Predicted documents read (distinct ids).
    pub pred: usize,
    /// Ids of gold documents without a prediction (scored as predicting nothing).
    pub missing_in_pred: Vec<String>,
    /// Ids of predicted documents that are not in the gold file (not scored).
    pub not_in_gold: Vec<String>,
    /// Ids that occur more than once in the gold file (the last one is scored).
    pub duplicate_gold: Vec<String>,
    /// Ids that occur more than once in the prediction (the last one is scored).
    pub duplicate_pred: Vec<String>,
    /// Gold entities with a `parent` (nested layer), not scored.
    pub nested_gold: usize,
    /// Predicted entities with a `parent`, not scored.
    pub nested_pred: usize,
}

/// Everything [`evaluate`] measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The documents.
    pub documents: DocumentCounts,
    /// Same label, start and end.
    pub strict: Scores,
    /// Same label, overlapping spans, same value for numeric labels.
    pub lenient: Scores,
    /// The error categories.
    pub categories: CategoryTable,
    /// Gold label × predicted label.
    pub confusion: Confusion,
    /// Value agreement of numeric labels.
    pub values: ValueTable,
    /// Up to [`EvalOptions::max_errors`] examples per label and category,
    /// in document order.
    pub errors: Vec<ErrorExample>,
}

/// Adds documents one pair at a time and makes the [`Report`]. Use it to
/// score a stream; [`evaluate`] pairs documents by id first.
#[derive(Debug)]
pub struct Evaluator {
    opts: EvalOptions,
    strict: BTreeMap<String, Counts>,
    lenient: BTreeMap<String, Counts>,
    categories: CategoryTable,
    confusion: BTreeMap<(Option<String>, Option<String>), usize>,
    values: BTreeMap<String, ValueAgreement>,
    errors: Vec<ErrorExample>,
    error_slots: HashMap<(String, Category), usize>,
    documents: DocumentCounts,
}

impl Evaluator {
    /// An evaluator with nothing added.
    pub fn new(opts: EvalOptions) -> Self {
        Evaluator {
            opts,
            strict: BTreeMap::new(),
            lenient: BTreeMap::new(),
            categories: CategoryTable::default(),
            confusion: BTreeMap::new(),
            values: BTreeMap::new(),
            errors: Vec::new(),
            error_slots: HashMap::new(),
            documents: DocumentCounts::default(),
        }
    }

    /// Scores `pred` against `gold` (the same document) and returns the
    /// comparison. Give an empty [`Doc`] for a document without prediction.
    pub fn add(&mut self, gold: &Doc, pred: &Doc) -> Comparison {
        let cmp = compare(gold, pred, &self.opts);
        self.documents.gold += 1;
        self.documents.nested_gold += cmp.nested.0;
        self.documents.nested_pred += cmp.nested.1;
        self.tally_prf(gold, pred, &cmp);
        let map = CharMap::new(&gold.text);
        for o in &cmp.outcomes {
            self.tally_outcome(gold, pred, &map, o);
        }
        cmp
    }

    /// Gold, predicted and matched counts per label, as score.py counts them.
    fn tally_prf(&mut self, gold: &Doc, pred: &Doc, cmp: &Comparison) {
        for table in [&mut self.strict, &mut self.lenient] {
            for o in &cmp.outcomes {
                if let Some(g) = o.gold {
                    entry(table, &gold.entities[g].label).gold += 1;
                }
                if let Some(p) = o.pred {
                    entry(table, &pred.entities[p].label).pred += 1;
                }
            }
        }
        for (table, pairs) in [
            (&mut self.strict, &cmp.strict),
            (&mut self.lenient, &cmp.lenient),
        ] {
            for &(g, _) in pairs {
                entry(table, &gold.entities[g].label).tp += 1;
            }
        }
    }

    fn tally_outcome(&mut self, gold: &Doc, pred: &Doc, map: &CharMap, o: &Outcome) {
        let g = o.gold.map(|i| &gold.entities[i]);
        let p = o.pred.map(|i| &pred.entities[i]);
        let Some(label) = g.or(p).map(|e| e.label.as_str()) else {
            return;
        };
        self.categories.total.add(o.category);
        let counts = self.categories.labels.entry(label.to_string()).or_default();
        counts.add(o.category);
        let key = (g.map(|e| e.label.clone()), p.map(|e| e.label.clone()));
        *self.confusion.entry(key).or_default() += 1;
        if let (Some(g), Some(p)) = (g, p) {
            if g.label == p.label && is_numeric(&g.label) {
                let surface = span_text(gold, map, g);
                let v = self.values.entry(g.label.clone()).or_default();
                v.add(&value_agreement(g, p, &surface));
            }
        }
        if o.category != Category::Correct {
            self.keep_example(gold, map, o.category, label, g, p);
        }
    }

    fn keep_example(
        &mut self,
        gold: &Doc,
        map: &CharMap,
        category: Category,
        label: &str,
        g: Option<&Span>,
        p: Option<&Span>,
    ) {
        let slot = self
            .error_slots
            .entry((label.to_string(), category))
            .or_default();
        if *slot >= self.opts.max_errors {
            return;
        }
        *slot += 1;
        let info = |e: &Span| SpanInfo {
            start: e.start,
            end: e.end,
            label: e.label.clone(),
            text: span_text(gold, map, e),
            value: e.attrs.get("value").cloned(),
        };
        self.errors.push(ErrorExample {
            category,
            doc: id_key(&gold.id),
            gold: g.map(info),
            pred: p.map(info),
            context: marked_context(
                &gold.text,
                map,
                g.map(|e| (e.start, e.end)),
                p.map(|e| (e.start, e.end)),
                self.opts.context_chars,
            ),
        });
    }

    /// The report of every document added.
    pub fn finish(self) -> Report {
        let mut total = ValueAgreement::default();
        let labels = self
            .values
            .into_iter()
            .map(|(l, v)| {
                total.add(&v);
                (l, v.finish())
            })
            .collect();
        Report {
            documents: self.documents,
            strict: Scores::from_counts(&self.strict),
            lenient: Scores::from_counts(&self.lenient),
            categories: self.categories,
            confusion: Confusion {
                cells: confusion_cells(self.confusion),
            },
            values: ValueTable {
                labels,
                total: total.finish(),
            },
            errors: self.errors,
        }
    }
}

fn entry<'a>(table: &'a mut BTreeMap<String, Counts>, label: &str) -> &'a mut Counts {
    table.entry(label.to_string()).or_default()
}

/// Cells sorted by gold then predicted label, `None` (missed, spurious) last.
fn confusion_cells(map: BTreeMap<(Option<String>, Option<String>), usize>) -> Vec<ConfusionCell> {
    let mut cells: Vec<ConfusionCell> = map
        .into_iter()
        .map(|((gold, pred), count)| ConfusionCell { gold, pred, count })
        .collect();
    cells.sort_by(|a, b| {
        let key = |c: &ConfusionCell| {
            (
                c.gold.is_none(),
                c.gold.clone(),
                c.pred.is_none(),
                c.pred.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    cells
}

/// The value agreement of one overlapping numeric pair.
fn value_agreement(g: &Span, p: &Span, gold_surface: &str) -> ValueAgreement {
    let mut v = ValueAgreement::default();
    let Some(gold_value) = g.attrs.get("value").and_then(number) else {
        v.gold_without_value = 1;
        return v;
    };
    v.pairs = 1;
    let Some(pred_value) = p.attrs.get("value").and_then(number) else {
        v.pred_without_value = 1;
        return v;
    };
    let tolerance = half_last_digit(gold_surface, gold_value);
    // A hair of slack: 72.35 - 72.4 is -0.0500000000000114 in binary.
    v.agree = usize::from((pred_value - gold_value).abs() <= tolerance * (1.0 + 1e-9));
    v.exact = usize::from(same_value(g.attrs.get("value"), p.attrs.get("value")));
    v
}

/// The text of `e` in the gold document, or the text its record gives.
fn span_text(gold: &Doc, map: &CharMap, e: &Span) -> String {
    gold.slice(map, e.start, e.end)
        .map(str::to_string)
        .or_else(|| e.text.clone())
        .unwrap_or_default()
}

/// A document id as a string: the string itself, or the number as written
/// (as score.py's `str(id)`).
pub fn id_key(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The text around `gold` and `pred` (code-point ranges), `width` code points
/// on each side, with the gold span in ⟦ ⟧ and the predicted one in ⟨ ⟩.
/// Offsets out of range are clamped; line breaks become ⏎.
///
/// ```
/// use vietag::eval::marked_context;
/// use vietag::formats::CharMap;
/// let text = "Về Hòa Bình hôm nay.";
/// let map = CharMap::new(text);
/// assert_eq!(
///     marked_context(text, &map, Some((3, 11)), Some((7, 11)), 3),
///     "Về ⟦Hòa ⟨Bình⟩⟧ hô…"
/// );
/// ```
pub fn marked_context(
    text: &str,
    map: &CharMap,
    gold: Option<(usize, usize)>,
    pred: Option<(usize, usize)>,
    width: usize,
) -> String {
    let len = map.len();
    let clamp = |(s, e): (usize, usize)| (s.min(len), e.clamp(s.min(len), len));
    let (gold, pred) = (gold.map(clamp), pred.map(clamp));
    let spans = [gold, pred].into_iter().flatten();
    let Some(first) = spans.clone().map(|s| s.0).min() else {
        return String::new();
    };
    let last = spans.map(|s| s.1).max().unwrap_or(first);
    let (lo, hi) = (first.saturating_sub(width), (last + width).min(len));
    let mut out = String::new();
    if lo > 0 {
        out.push('…');
    }
    let bytes = map.bytes(lo, hi).unwrap_or(0..0);
    let window = text.get(bytes).unwrap_or("");
    for (cp, c) in (lo..).zip(window.chars().chain(std::iter::once('\0'))) {
        push_marks(&mut out, cp, gold, pred);
        if cp == hi {
            break;
        }
        match c {
            '\n' => out.push('⏎'),
            '\r' => {}
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    if hi < len {
        out.push('…');
    }
    out
}

/// The marks that close and open at code point `cp`, nested: first the
/// closing ones (the span opened last closes first), then the opening ones
/// (the span that ends last opens first; gold before predicted).
fn push_marks(
    out: &mut String,
    cp: usize,
    gold: Option<(usize, usize)>,
    pred: Option<(usize, usize)>,
) {
    // (span, opening order among equal spans, open mark, close mark)
    let marks = [(gold, 0, '⟦', '⟧'), (pred, 1, '⟨', '⟩')];
    let marks: Vec<_> = marks
        .into_iter()
        .filter_map(|(s, order, open, close)| s.map(|s| (s, order, open, close)))
        .collect();
    let mut closing: Vec<_> = marks
        .iter()
        .filter(|((s, e), ..)| *e == cp && *s < cp)
        .collect();
    closing.sort_by_key(|((s, _), order, ..)| std::cmp::Reverse((*s, *order)));
    out.extend(closing.iter().map(|m| m.3));
    let mut opening: Vec<_> = marks.iter().filter(|((s, _), ..)| *s == cp).collect();
    opening.sort_by_key(|((_, e), order, ..)| (std::cmp::Reverse(*e), *order));
    for ((_, e), _, open, close) in opening {
        out.push(*open);
        if *e == cp {
            out.push(*close); // an empty span
        }
    }
}

/// A label's place in the guide's order (unknown labels last, by name), for
/// tables.
pub fn guide_order(label: &str) -> (usize, &str) {
    let rank = Label::ALL
        .iter()
        .position(|l| l.as_str() == label)
        .unwrap_or(Label::ALL.len());
    (rank, label)
}

/// Scores predicted documents against gold documents, paired by id.
///
/// A gold document without a prediction counts as predicting nothing;
/// predicted documents that are not in `gold` are listed in
/// [`DocumentCounts::not_in_gold`]. When an id occurs twice on one side,
/// the last document counts (as in score.py) and the id is listed.
///
/// ```
/// use vietag::eval::{evaluate, EvalOptions};
/// use vietag::formats::{Doc, Span};
///
/// let doc = |id: &str, spans: Vec<Span>| {
///     Doc::new(id, "Ông Lê Văn Tám về Hòa Bình.").with_entities(spans)
/// };
/// let gold = vec![doc("a", vec![Span::new(4, 14, "PER"), Span::new(18, 26, "LOC")])];
/// let pred = vec![doc("a", vec![Span::new(4, 14, "PER"), Span::new(15, 26, "LOC")])];
/// let report = evaluate(gold, pred, &EvalOptions::default());
/// assert_eq!(report.strict.micro.tp, 1);
/// assert_eq!(report.strict.labels["PER"].f1, 1.0);
/// assert_eq!(report.lenient.labels["LOC"].tp, 1);
/// assert_eq!(report.categories.total.wrong_boundary, 1);
/// ```
pub fn evaluate(
    gold: impl IntoIterator<Item = Doc>,
    pred: impl IntoIterator<Item = Doc>,
    opts: &EvalOptions,
) -> Report {
    let (gold, duplicate_gold) = by_id(gold);
    let (pred, duplicate_pred) = by_id(pred);
    let pred_count = pred.len();
    let mut pred: HashMap<String, (usize, Doc)> = pred
        .into_iter()
        .enumerate()
        .map(|(i, d)| (id_key(&d.id), (i, d)))
        .collect();
    let mut evaluator = Evaluator::new(opts.clone());
    let mut missing = Vec::new();
    for g in &gold {
        let key = id_key(&g.id);
        match pred.remove(&key) {
            Some((_, p)) => evaluator.add(g, &p),
            None => {
                missing.push(key);
                evaluator.add(g, &Doc::default())
            }
        };
    }
    let mut rest: Vec<(usize, String)> = pred.into_iter().map(|(k, (i, _))| (i, k)).collect();
    rest.sort();
    let mut report = evaluator.finish();
    report.documents.pred = pred_count;
    report.documents.missing_in_pred = missing;
    report.documents.not_in_gold = rest.into_iter().map(|(_, k)| k).collect();
    report.documents.duplicate_gold = duplicate_gold;
    report.documents.duplicate_pred = duplicate_pred;
    report
}

/// The parts of `doc` scoring reads: the id, the text, and of each entity
/// its offsets, label, text, `attrs.value` and `parent`. [`evaluate`] keeps
/// only these; call it on documents you collect before scoring to save
/// memory (`vietag annotate` records carry claims and findings too).
///
/// ```
/// use serde_json::json;
/// use vietag::eval::slim;
/// use vietag::formats::{Doc, Span};
///
/// let mut span = Span::new(0, 3, "PERCENT");
/// span.attrs.insert("value".into(), json!(5));
/// span.attrs.insert("unit".into(), json!("%"));
/// let mut doc = Doc::new("a", "5% ").with_entities(vec![span]);
/// doc.extra.insert("claims".into(), json!([]));
/// let doc = slim(doc);
/// assert!(doc.extra.is_empty());
/// assert_eq!(doc.entities[0].attrs.len(), 1);
/// ```
pub fn slim(doc: Doc) -> Doc {
    let entities = doc
        .entities
        .into_iter()
        .map(|e| Span {
            // New maps: retain would keep the capacity of the old ones.
            attrs: only(e.attrs, "value"),
            extra: only(e.extra, "parent"),
            ..e
        })
        .collect();
    Doc {
        id: doc.id,
        text: doc.text,
        entities,
        line: doc.line,
        index: doc.index,
        ..Doc::default()
    }
}

/// A map with only the entry `key` of `map`.
fn only(mut map: Map<String, Value>, key: &str) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(v) = map.remove(key) {
        out.insert(key.to_string(), v);
    }
    out
}

/// Documents with distinct ids, each at the place of its first occurrence
/// holding its last version (a Python dict), and the ids seen twice.
fn by_id(docs: impl IntoIterator<Item = Doc>) -> (Vec<Doc>, Vec<String>) {
    let mut out: Vec<Doc> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut duplicates = BTreeSet::new();
    for d in docs {
        let d = slim(d);
        let key = id_key(&d.id);
        match seen.get(&key) {
            Some(&i) => {
                out[i] = d;
                duplicates.insert(key);
            }
            None => {
                seen.insert(key, out.len());
                out.push(d);
            }
        }
    }
    (out, duplicates.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// A span of a test: start, end, label, `attrs.value`.
    type S = (usize, usize, &'static str, Option<f64>);

    fn span(&(start, end, label, value): &S) -> Span {
        let mut s = Span::new(start, end, label);
        if let Some(v) = value {
            s.attrs.insert("value".into(), json!(v));
        }
        s
    }

    fn doc(id: &str, spans: &[S]) -> Doc {
        Doc {
            id: json!(id),
            text: "abcdefghij".repeat(10),
            entities: spans.iter().map(span).collect(),
            ..Doc::default()
        }
    }

    use Category::*;

    struct Case {
        name: &'static str,
        gold: &'static [S],
        pred: &'static [S],
        /// (category, gold index, predicted index)
        outcomes: &'static [(Category, Option<usize>, Option<usize>)],
        strict: &'static [(usize, usize)],
        lenient: &'static [(usize, usize)],
    }

    const CASES: &[Case] = &[
        Case {
            name: "nothing on either side",
            gold: &[],
            pred: &[],
            outcomes: &[],
            strict: &[],
            lenient: &[],
        },
        Case {
            name: "same span, same label",
            gold: &[(3, 9, "PER", None)],
            pred: &[(3, 9, "PER", None)],
            outcomes: &[(Correct, Some(0), Some(0))],
            strict: &[(0, 0)],
            lenient: &[(0, 0)],
        },
        Case {
            name: "same span, another label",
            gold: &[(3, 9, "ORG", None)],
            pred: &[(3, 9, "LOC", None)],
            outcomes: &[(WrongLabel, Some(0), Some(0))],
            strict: &[],
            lenient: &[],
        },
        Case {
            name: "overlap, same label",
            gold: &[(3, 9, "LOC", None)],
            pred: &[(5, 12, "LOC", None)],
            outcomes: &[(WrongBoundary, Some(0), Some(0))],
            strict: &[],
            lenient: &[(0, 0)],
        },
        Case {
            name: "overlap, another label",
            gold: &[(3, 9, "TITLE", None)],
            pred: &[(0, 5, "ORG", None)],
            outcomes: &[(WrongLabelBoundary, Some(0), Some(0))],
            strict: &[],
            lenient: &[],
        },
        Case {
            name: "gold only",
            gold: &[(3, 9, "DATE", None)],
            pred: &[],
            outcomes: &[(Missed, Some(0), None)],
            strict: &[],
            lenient: &[],
        },
        Case {
            name: "prediction only",
            gold: &[],
            pred: &[(3, 9, "DATE", None)],
            outcomes: &[(Spurious, None, Some(0))],
            strict: &[],
            lenient: &[],
        },
        Case {
            name: "touching spans do not overlap (end is exclusive)",
            gold: &[(3, 9, "LOC", None)],
            pred: &[(9, 12, "LOC", None)],
            outcomes: &[(Missed, Some(0), None), (Spurious, None, Some(0))],
            strict: &[],
            lenient: &[],
        },
        Case {
            name: "lenient takes the first overlapping prediction, the categories the exact one",
            gold: &[(10, 20, "PER", None)],
            pred: &[(8, 20, "PER", None), (10, 20, "PER", None)],
            outcomes: &[(Correct, Some(0), Some(1)), (Spurious, None, Some(0))],
            strict: &[(0, 1)],
            lenient: &[(0, 0)],
        },
        Case {
            name: "one prediction over two gold spans pairs with the first",
            gold: &[(10, 14, "LOC", None), (15, 20, "LOC", None)],
            pred: &[(10, 20, "LOC", None)],
            outcomes: &[(WrongBoundary, Some(0), Some(0)), (Missed, Some(1), None)],
            strict: &[],
            lenient: &[(0, 0)],
        },
        Case {
            name: "the same span with another label goes before an overlap",
            gold: &[(10, 20, "ORG", None)],
            pred: &[(12, 20, "ORG", None), (10, 20, "LOC", None)],
            outcomes: &[(WrongLabel, Some(0), Some(1)), (Spurious, None, Some(0))],
            strict: &[],
            lenient: &[(0, 0)],
        },
        Case {
            name: "numeric: same span, another value is strict but not lenient",
            gold: &[(0, 5, "PERCENT", Some(72.4))],
            pred: &[(0, 5, "PERCENT", Some(72.5))],
            outcomes: &[(Correct, Some(0), Some(0))],
            strict: &[(0, 0)],
            lenient: &[],
        },
        Case {
            name: "numeric: values within 1e-6 relative are the same",
            gold: &[(0, 5, "MONEY", Some(47_500_000.0))],
            pred: &[(1, 5, "MONEY", Some(47_500_040.0))],
            outcomes: &[(WrongBoundary, Some(0), Some(0))],
            strict: &[],
            lenient: &[(0, 0)],
        },
        Case {
            name: "numeric: a prediction without value is not lenient",
            gold: &[(0, 5, "QUANTITY", Some(3.0))],
            pred: &[(0, 5, "QUANTITY", None)],
            outcomes: &[(Correct, Some(0), Some(0))],
            strict: &[(0, 0)],
            lenient: &[],
        },
        Case {
            name: "numeric: lenient looks past a prediction with the wrong value",
            gold: &[(0, 9, "QUANTITY", Some(3.0))],
            pred: &[(0, 4, "QUANTITY", Some(4.0)), (2, 9, "QUANTITY", Some(3.0))],
            outcomes: &[(WrongBoundary, Some(0), Some(0)), (Spurious, None, Some(1))],
            strict: &[],
            lenient: &[(0, 1)],
        },
        Case {
            name: "empty spans: identical ones are strict (as in score.py), never lenient",
            gold: &[(4, 4, "PER", None)],
            pred: &[(4, 4, "PER", None)],
            outcomes: &[(Correct, Some(0), Some(0))],
            strict: &[(0, 0)],
            lenient: &[],
        },
        Case {
            name: "other labels: the value does not count",
            gold: &[(0, 5, "LOC", Some(1.0))],
            pred: &[(0, 6, "LOC", Some(2.0))],
            outcomes: &[(WrongBoundary, Some(0), Some(0))],
            strict: &[],
            lenient: &[(0, 0)],
        },
    ];

    fn sorted<T: Ord + Clone>(v: &[T]) -> Vec<T> {
        let mut v = v.to_vec();
        v.sort();
        v
    }

    #[test]
    fn categories_and_matches() {
        for case in CASES {
            let c = compare(
                &doc("d", case.gold),
                &doc("d", case.pred),
                &EvalOptions::default(),
            );
            let got: Vec<_> = c
                .outcomes
                .iter()
                .map(|o| (o.category, o.gold, o.pred))
                .collect();
            assert_eq!(sorted(&got), sorted(case.outcomes), "{}", case.name);
            assert_eq!(c.strict, case.strict, "{}", case.name);
            assert_eq!(c.lenient, case.lenient, "{}", case.name);
        }
    }

    #[test]
    fn nested_spans_and_other_labels_are_left_out() {
        let gold = doc("d", &[(0, 9, "ORG", None), (20, 25, "PER", None)]);
        let mut pred = doc("d", &[(0, 9, "ORG", None), (4, 9, "LOC", None)]);
        pred.entities[1].extra.insert("parent".into(), json!(0));
        let opts = EvalOptions {
            labels: Some(["ORG".to_string(), "LOC".to_string()].into()),
            ..EvalOptions::default()
        };
        let c = compare(&gold, &pred, &opts);
        assert_eq!(c.outcomes.len(), 1, "{:?}", c.outcomes);
        assert_eq!(c.outcomes[0].category, Correct);
        assert_eq!(c.nested, (0, 1));
    }

    #[test]
    fn prf_arithmetic() {
        let cases = [
            // (tp, gold, pred) -> (p, r, f1)
            ((2, 4, 5), (0.4, 0.5, 0.4 * 0.5 * 2.0 / 0.9)),
            ((0, 0, 0), (1.0, 1.0, 1.0)),
            ((0, 3, 0), (0.0, 0.0, 0.0)),
            ((0, 0, 2), (0.0, 0.0, 0.0)),
            ((3, 3, 3), (1.0, 1.0, 1.0)),
        ];
        for ((tp, gold, pred), (p, r, f1)) in cases {
            let x = Prf::from(Counts { tp, gold, pred });
            assert!((x.p - p).abs() < 1e-12, "{tp} {gold} {pred}: p {}", x.p);
            assert!((x.r - r).abs() < 1e-12, "{tp} {gold} {pred}: r {}", x.r);
            assert!((x.f1 - f1).abs() < 1e-12, "{tp} {gold} {pred}: f1 {}", x.f1);
        }
    }

    #[test]
    fn numbers_as_python_reads_them() {
        let cases = [
            (json!(72.4), Some(72.4)),
            (json!(" 3200 "), Some(3200.0)),
            (json!("1_000"), Some(1000.0)),
            (json!("1__0"), None),
            (json!("_1"), None),
            (json!("1e3"), Some(1000.0)),
            (json!(true), Some(1.0)),
            (json!("72,4"), None),
            (json!(null), None),
            (json!([1]), None),
        ];
        for (v, want) in cases {
            assert_eq!(number(&v), want, "{v}");
        }
    }

    #[test]
    fn value_agreement_within_half_the_last_digit() {
        let cases = [
            // (gold surface, gold value, predicted value, agree)
            ("72,4%", 72.4, 72.44, true),
            ("72,4%", 72.4, 72.35, true),
            ("72,4%", 72.4, 72.46, false),
            ("12,5%", 12.5, 12.55, true),
            ("hơn 3.200 hội viên", 3200.0, 3200.4, true),
            ("hơn 3.200 hội viên", 3200.0, 3201.0, false),
            ("47,5 triệu đồng", 47.5e6, 47.54e6, true),
            ("47,5 triệu đồng", 47.5e6, 47.56e6, false),
            ("1,23%", 1.23, 1.2, false),
            ("3.5%", 3.5, 3.54, true),
            ("12/15 tổ", 12.0, 12.4, true),
            ("mười hai người", 12.0, 12.6, false),
            ("2 tỷ đồng", 2e9, 2.4e9, true),
        ];
        for (surface, g, p, agree) in cases {
            let mut gold = Span::new(0, 1, "PERCENT");
            gold.attrs.insert("value".into(), json!(g));
            let mut pred = gold.clone();
            pred.attrs.insert("value".into(), json!(p));
            let v = value_agreement(&gold, &pred, surface);
            assert_eq!(v.pairs, 1);
            assert_eq!(v.agree == 1, agree, "{surface} {g} vs {p}");
        }
    }

    #[test]
    fn contexts_mark_both_spans() {
        let text = "Sáng nay\nông Trần Văn Ba đến.";
        let map = CharMap::new(text);
        let cases = [
            (
                Some((13, 24)),
                Some((9, 24)),
                4,
                "…nay⏎⟨ông ⟦Trần Văn Ba⟧⟩ đến…",
            ),
            (Some((13, 24)), None, 100, "Sáng nay⏎ông ⟦Trần Văn Ba⟧ đến."),
            (None, Some((0, 4)), 2, "⟨Sáng⟩ n…"),
            (Some((13, 17)), Some((17, 17)), 0, "…⟦Trần⟧⟨⟩…"),
            (Some((28, 99)), None, 1, "…n⟦.⟧"),
            (Some((13, 24)), Some((13, 24)), 0, "…⟦⟨Trần Văn Ba⟩⟧…"),
            (Some((9, 17)), Some((13, 24)), 0, "…⟦ông ⟨Trần⟧ Văn Ba⟩…"),
            (None, None, 5, ""),
        ];
        for (gold, pred, width, want) in cases {
            assert_eq!(
                marked_context(text, &map, gold, pred, width),
                want,
                "{gold:?} {pred:?}"
            );
        }
    }

    #[test]
    fn report_pairs_documents_by_id() {
        let gold = vec![
            doc("a", &[(0, 5, "PER", None), (10, 15, "LOC", None)]),
            doc("b", &[(0, 5, "ORG", None)]),
            doc("a", &[(0, 5, "PER", None)]),
        ];
        let pred = vec![
            doc("z", &[(0, 5, "ORG", None)]),
            doc("a", &[(0, 5, "PER", None), (20, 25, "DATE", None)]),
        ];
        let opts = EvalOptions {
            max_errors: 5,
            ..EvalOptions::default()
        };
        let r = evaluate(gold, pred, &opts);
        let d = &r.documents;
        assert_eq!((d.gold, d.pred), (2, 2));
        assert_eq!(d.missing_in_pred, ["b"]);
        assert_eq!(d.not_in_gold, ["z"]);
        assert_eq!(d.duplicate_gold, ["a"], "the last 'a' is scored");
        assert_eq!(r.strict.micro.tp, 1);
        assert_eq!((r.strict.micro.gold, r.strict.micro.pred), (2, 2));
        assert_eq!(
            r.strict.labels.keys().collect::<Vec<_>>(),
            ["DATE", "ORG", "PER"]
        );
        let mean_f1 = (0.0 + 0.0 + 1.0) / 3.0;
        assert!((r.strict.macro_avg.f1 - mean_f1).abs() < 1e-12);
        assert_eq!(r.categories.total.missed, 1);
        assert_eq!(r.categories.total.spurious, 1);
        assert_eq!(r.confusion.count(Some("ORG"), None), 1);
        assert_eq!(r.confusion.count(None, Some("DATE")), 1);
        assert_eq!(r.confusion.count(Some("PER"), Some("PER")), 1);
        assert_eq!(r.confusion.labels(), ["DATE", "ORG", "PER"]);
        let kinds: Vec<_> = r
            .errors
            .iter()
            .map(|e| (e.category, e.doc.as_str()))
            .collect();
        assert_eq!(kinds, [(Spurious, "a"), (Missed, "b")]);
    }

    #[test]
    fn error_examples_are_capped_per_label_and_category() {
        let gold = vec![doc(
            "a",
            &[
                (0, 2, "PER", None),
                (4, 6, "PER", None),
                (8, 9, "LOC", None),
            ],
        )];
        let pred = vec![doc("a", &[])];
        let opts = EvalOptions {
            max_errors: 1,
            ..EvalOptions::default()
        };
        let r = evaluate(gold, pred, &opts);
        let labels: Vec<_> = r
            .errors
            .iter()
            .map(|e| e.gold.as_ref().map(|g| g.label.as_str()))
            .collect();
        assert_eq!(labels, [Some("PER"), Some("LOC")]);
        assert_eq!(r.categories.labels["PER"].missed, 2);
    }

    #[test]
    fn values_are_reported_per_numeric_label() {
        let gold = vec![Doc {
            text: "đạt 72,4% và 3 tỷ đồng".into(),
            entities: vec![
                span(&(4, 9, "PERCENT", Some(72.4))),
                span(&(13, 22, "MONEY", Some(3e9))),
            ],
            ..Doc::default()
        }];
        let pred = vec![Doc {
            entities: vec![
                span(&(4, 9, "PERCENT", Some(72.42))),
                span(&(13, 18, "MONEY", None)),
            ],
            ..Doc::default()
        }];
        let r = evaluate(gold, pred, &EvalOptions::default());
        let p = r.values.labels["PERCENT"];
        assert_eq!((p.pairs, p.agree, p.exact), (1, 1, 0));
        let m = r.values.labels["MONEY"];
        assert_eq!((m.pairs, m.agree, m.pred_without_value), (1, 0, 1));
        assert_eq!(r.values.total.share, Some(0.5));
        assert_eq!(r.lenient.micro.tp, 0);
        assert_eq!(r.strict.micro.tp, 1);
    }

    /// score.py's loop, literally.
    fn naive(
        gold: &[Mention],
        pred: &[Mention],
        accept: fn(&Mention, &Mention) -> bool,
    ) -> Vec<(usize, usize)> {
        let mut used = vec![false; pred.len()];
        let mut pairs = Vec::new();
        for g in gold {
            for (pi, p) in pred.iter().enumerate() {
                if !used[pi] && accept(g, p) {
                    used[pi] = true;
                    pairs.push((g.entity, p.entity));
                    break;
                }
            }
        }
        pairs
    }

    fn arb_spans() -> impl Strategy<Value = Vec<S>> {
        let label = prop::sample::select(vec!["PER", "LOC", "PERCENT"]);
        let value = prop::option::of(prop::sample::select(vec![1.0, 2.0]));
        prop::collection::vec((0usize..24, 0usize..6, label, value), 0..12).prop_map(|v| {
            v.into_iter()
                .map(|(s, len, l, val)| (s, s + len, l, val))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn indexed_matching_equals_score_py(gold in arb_spans(), pred in arb_spans()) {
            let (g, p) = (doc("d", &gold), doc("d", &pred));
            let opts = EvalOptions::default();
            let (gm, pm) = (mentions(&g, &opts).0, mentions(&p, &opts).0);
            let c = compare(&g, &p, &opts);
            prop_assert_eq!(&c.strict, &naive(&gm, &pm, strict_match));
            prop_assert_eq!(&c.lenient, &naive(&gm, &pm, lenient_match));
            // The categories are a partition of both sides, and correct is strict.
            let golds: Vec<usize> = sorted(&c.outcomes.iter().filter_map(|o| o.gold).collect::<Vec<_>>());
            let preds: Vec<usize> = sorted(&c.outcomes.iter().filter_map(|o| o.pred).collect::<Vec<_>>());
            prop_assert_eq!(golds, (0..gold.len()).collect::<Vec<_>>());
            prop_assert_eq!(preds, (0..pred.len()).collect::<Vec<_>>());
            let correct = c.outcomes.iter().filter(|o| o.category == Correct).count();
            prop_assert_eq!(correct, c.strict.len());
        }
    }
}
