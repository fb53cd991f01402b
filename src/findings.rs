//! Consistency findings: numeric claims of one document that cannot all be
//! true.
//!
//! [`check`] reads the [claims](crate::claims) of a document and reports:
//!
//! | code | severity | when | check name |
//! |---|---|---|---|
//! | `percent_ratio_mismatch` | error | a percentage disagrees with the ratio it restates: "31/36 TCCS (chiếm 83,3%)" (31/36 is 86,1%) | `ratio` |
//! | `percent_part_total_mismatch` | error | a percentage disagrees with its part and the whole named after "tổng số" | `part_total` |
//! | `parts_exceed_total` | error, or warning for a sum | a part larger than its whole ("trong đó"), parts that add up to more than it, a sub-share larger than its share, or a ratio a/b with a > b stated as a share | `parts_sum` |
//! | `share_over_100` | error, or warning when only a metric such as "tỷ lệ" makes it a share | a share above 100% ("chiếm 104%"); achievement rates ("đạt 106% chỉ tiêu"), changes and ratios of two measures ("tỷ lệ M2/GDP") are not shares | `share_range` |
//! | `percent_count_inexact` | warning | no whole number of things fits: a count and its percentage imply a whole that is not a whole number ("31 TCCS, chiếm 83,3%" needs 37,2 TCCS), or a percentage of a named whole implies a fractional count | `whole_count` |
//!
//! The tolerance follows the precision the text shows: "86,1%" stands for
//! 86,05…86,15 (±0,05), "90%" for 89,5…90,5. A value cut rather than rounded
//! to the digits written (92,59% written "92,5%") is reported as a warning,
//! not an error, and not at all by the whole-number check. A whole written
//! as a round number ("188.000 ha") may be rounded by half its last
//! non-zero digit. Qualifiers widen it: "hơn
//! 19%" is anything from 18,95 up, "gần 90%" anything up to 90,5, and
//! "khoảng 90%" anything within 10% (at least one point) of 90. A part or
//! whole with a qualifier makes the computed value approximate in the same
//! way.
//!
//! Every check that runs on a claim adds its name to the claim's `checked`
//! list, whether or not it finds anything, so a reader can tell "checked and
//! consistent" from "not checkable".
//!
//! The checks look at each claim and its links once: time is linear in the
//! number of claims.

use std::collections::HashMap;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

use crate::claims::tolerance::{interval, tolerance, whole_number_in, widen};
use crate::claims::Claim;
use crate::entity::Entity;
use crate::label::Label;
use crate::numeric::{Basis, JsonNumber, Op, UnitKind};

/// How sure a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Severity {
    /// The claims cannot all be true.
    Error,
    /// The claims are very unlikely all to be true as written.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One inconsistency between numeric claims.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Finding {
    /// A stable code (see the [module docs](self)).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, quoting the mentions.
    pub message: String,
    /// Indices of the entities involved, in text order.
    pub entities: Vec<usize>,
    /// The value the text states, when one number is at fault.
    pub stated: Option<f64>,
    /// The value the other claims give.
    pub expected: Option<f64>,
}

impl Finding {
    /// The finding as written in the JSON record.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(FindingJson(self)).unwrap_or(Value::Null)
    }
}

/// A finding as its JSON object, written field by field (the record writer
/// streams it without building a [`Value`]).
pub(crate) struct FindingJson<'a>(pub(crate) &'a Finding);

impl Serialize for FindingJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("code", f.code)?;
        o.serialize_entry("severity", f.severity.as_str())?;
        o.serialize_entry("message", &f.message)?;
        o.serialize_entry("entities", &f.entities)?;
        if let Some(v) = f.stated {
            o.serialize_entry("stated", &JsonNumber(v))?;
        }
        if let Some(v) = f.expected {
            o.serialize_entry("expected", &JsonNumber(round2(v)))?;
        }
        o.end()
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The finding codes (see the [module docs](self)).
pub mod codes {
    /// A percentage against the ratio it restates.
    pub const PERCENT_RATIO_MISMATCH: &str = "percent_ratio_mismatch";
    /// A percentage against its part and the whole after "tổng số".
    pub const PERCENT_PART_TOTAL_MISMATCH: &str = "percent_part_total_mismatch";
    /// Parts larger than their whole.
    pub const PARTS_EXCEED_TOTAL: &str = "parts_exceed_total";
    /// A share above 100%.
    pub const SHARE_OVER_100: &str = "share_over_100";
    /// No whole number of things fits a percentage.
    pub const PERCENT_COUNT_INEXACT: &str = "percent_count_inexact";
    /// Every code, in the order of the module docs.
    pub const ALL: [&str; 5] = [
        PERCENT_RATIO_MISMATCH,
        PERCENT_PART_TOTAL_MISMATCH,
        PARTS_EXCEED_TOTAL,
        SHARE_OVER_100,
        PERCENT_COUNT_INEXACT,
    ];
}

/// Check names written to [`Claim::checked`].
pub mod checks {
    /// A percentage against its ratio.
    pub const RATIO: &str = "ratio";
    /// A percentage against its part and whole.
    pub const PART_TOTAL: &str = "part_total";
    /// Parts against their whole.
    pub const PARTS_SUM: &str = "parts_sum";
    /// A share against 100%.
    pub const SHARE_RANGE: &str = "share_range";
    /// A percentage and a count against whole numbers.
    pub const WHOLE_COUNT: &str = "whole_count";
}

fn fmt(v: f64) -> String {
    let r = round2(v);
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn fmt_tol(decimals: u8) -> String {
    let t = 0.5 * 10f64.powi(-i32::from(decimals));
    format!("{t}")
}

fn mark(c: &mut Claim, name: &'static str) {
    if !c.checked.contains(&name) {
        c.checked.push(name);
    }
}

/// The claims of a document with what the checks need to quote and find
/// them.
struct Checker<'a> {
    text: &'a str,
    entities: &'a [Entity],
    /// The claims' entities ascend, as the claims layer gives them: a
    /// claim is then found by binary search, not through a map built for
    /// each document.
    ascending: bool,
    out: Vec<Finding>,
}

impl Checker<'_> {
    fn quote(&self, i: usize) -> String {
        self.entities
            .get(i)
            .map_or_else(String::new, |e| format!("«{}»", e.text(self.text)))
    }

    /// The claim of `entity` (the last one, for claims out of order).
    fn claim_of(&self, claims: &[Claim], entity: Option<usize>) -> Option<usize> {
        let e = entity?;
        if self.ascending {
            claims.binary_search_by_key(&e, |c| c.entity).ok()
        } else {
            claims.iter().rposition(|c| c.entity == e)
        }
    }

    fn push(
        &mut self,
        code: &'static str,
        severity: Severity,
        message: String,
        entities: Vec<usize>,
        (stated, expected): (Option<f64>, Option<f64>),
    ) {
        self.out.push(Finding {
            code,
            severity,
            message,
            entities,
            stated,
            expected,
        });
    }
}

/// Checks the claims of one document against each other; records on each
/// claim which checks ran. `text` and `entities` are the document and its
/// entity list, for quoting.
pub fn check(text: &str, entities: &[Entity], claims: &mut [Claim]) -> Vec<Finding> {
    let mut cx = Checker {
        text,
        entities,
        ascending: claims.windows(2).all(|w| w[0].entity < w[1].entity),
        out: Vec::new(),
    };
    for p in 0..claims.len() {
        if claims[p].label != Label::Percent {
            continue;
        }
        share_range(&mut cx, claims, p);
        if claims[p].computed.is_some() {
            restated(&mut cx, claims, p);
        } else {
            whole_count(&mut cx, claims, p);
        }
    }
    breakdown_sums(&mut cx, claims);
    let mut out = cx.out;
    out.sort_by_key(|f| f.entities.first().copied().unwrap_or(0));
    out
}

/// A share above 100%: an error when the text says what it is a share of
/// ("chiếm", a counted noun after it, the count or whole it restates), a
/// warning when only a "tỷ lệ"-like metric says it is a share (some rates
/// are not: a share of votes under cumulative voting, a ratio of two
/// measures).
fn share_range(cx: &mut Checker<'_>, claims: &mut [Claim], p: usize) {
    let c = &claims[p];
    if c.basis != Some(Basis::Share) {
        return;
    }
    let over = !matches!(c.op, Op::Lt | Op::Le | Op::Approx) && c.value > 100.0;
    let stated = c.trend.as_deref() == Some("chiếm")
        || c.of.is_some()
        || c.part.is_some()
        || c.total.is_some();
    let severity = if stated {
        Severity::Error
    } else {
        Severity::Warning
    };
    let (entity, value) = (c.entity, c.value);
    mark(&mut claims[p], checks::SHARE_RANGE);
    if over {
        let message = format!(
            "{} is stated as a share of a whole, but a share cannot exceed 100%",
            cx.quote(entity)
        );
        cx.push(
            codes::SHARE_OVER_100,
            severity,
            message,
            vec![entity],
            (Some(value), None),
        );
    }
}

/// A percentage against the ratio, or the part and whole, it restates.
fn restated(cx: &mut Checker<'_>, claims: &mut [Claim], p: usize) {
    let c = &claims[p];
    let Some(computed) = c.computed else { return };
    let part = cx.claim_of(claims, c.part);
    let total = cx.claim_of(claims, c.total_entity);
    let ratio = part.is_some_and(|i| claims[i].total.is_some() && c.total_entity.is_none());
    let approximate = part.is_some_and(|i| claims[i].op != Op::Eq)
        || total.is_some_and(|i| claims[i].op != Op::Eq);
    let (lo, hi) = widen(interval(c), approximate);
    let (name, code) = if ratio {
        (checks::RATIO, codes::PERCENT_RATIO_MISMATCH)
    } else {
        (checks::PART_TOTAL, codes::PERCENT_PART_TOTAL_MISMATCH)
    };
    if computed < lo || computed > hi {
        // Cut rather than rounded ("92,59%" written "92,5%"): a warning.
        let cut = c.op == Op::Eq
            && !approximate
            && computed > hi
            && computed <= hi + tolerance(c.decimals);
        mismatch(cx, c, computed, code, cut);
    }
    // A ratio a/b with a > b stated as a share.
    let ratio_part =
        part.filter(|_| ratio && c.basis != Some(Basis::Target) && c.basis != Some(Basis::Change));
    if let Some(r) = ratio_part.map(|i| &claims[i]) {
        if r.total.is_some_and(|t| r.value > t) && r.op == Op::Eq {
            let message = format!(
                "{} states a part larger than its whole, as a share {}",
                cx.quote(r.entity),
                cx.quote(c.entity)
            );
            let ents = vec![r.entity.min(c.entity), r.entity.max(c.entity)];
            let values = (Some(r.value), r.total);
            cx.push(
                codes::PARTS_EXCEED_TOTAL,
                Severity::Error,
                message,
                ents,
                values,
            );
        }
    }
    // The checks that ran, marked once the claims are read (rather than
    // on a clone of the percentage).
    mark(&mut claims[p], name);
    for i in [part, total].into_iter().flatten() {
        mark(&mut claims[i], name);
    }
    if let Some(i) = ratio_part {
        mark(&mut claims[i], checks::PARTS_SUM);
    }
}

/// Reports percentage `c` against the value `computed` from its part and
/// whole.
fn mismatch(cx: &mut Checker<'_>, c: &Claim, computed: f64, code: &'static str, cut: bool) {
    let mut ents: Vec<usize> = [c.part, c.total_entity, Some(c.entity)]
        .into_iter()
        .flatten()
        .collect();
    ents.sort_unstable();
    ents.dedup();
    let from = match (c.part, c.total_entity) {
        (Some(a), Some(b)) => format!("{} of {}", cx.quote(a), cx.quote(b)),
        (Some(a), None) => cx.quote(a),
        _ => String::new(),
    };
    let bound = match c.op {
        Op::Eq => format!(" (±{})", fmt_tol(c.decimals)),
        _ => String::new(),
    };
    let message = format!(
        "{from} is {}%, but the text states {}{bound}{}",
        fmt(computed),
        cx.quote(c.entity),
        if cut {
            "; cut rather than rounded?"
        } else {
            ""
        }
    );
    let severity = if cut {
        Severity::Warning
    } else {
        Severity::Error
    };
    cx.push(
        code,
        severity,
        message,
        ents,
        (Some(c.value), Some(computed)),
    );
}

/// A count of whole things, exactly: what the whole-number check can use.
fn counted(q: &Claim) -> bool {
    q.op == Op::Eq
        && q.max.is_none()
        && matches!(q.kind, Some(UnitKind::Count | UnitKind::Times))
        && q.value.fract() == 0.0
}

/// Whole numbers: a count and its percentage, or a percentage of a named
/// whole.
fn whole_count(cx: &mut Checker<'_>, claims: &mut [Claim], p: usize) {
    let c = &claims[p];
    if c.op != Op::Eq || c.max.is_some() || c.basis == Some(Basis::Change) {
        return;
    }
    // Accept a percentage cut rather than rounded: warnings only.
    let (lo, hi) = interval(c);
    let hi = hi + tolerance(c.decimals);
    if lo <= 0.0 {
        return;
    }
    let part = cx
        .claim_of(claims, c.part)
        .filter(|&i| c.bare && counted(&claims[i]) && claims[i].total.is_none());
    let total = cx
        .claim_of(claims, c.total_entity)
        .filter(|&t| counted(&claims[t]) && c.of.is_some());
    // Copied out: the claims are marked below (rather than cloned here).
    let (entity, value, share) = (c.entity, c.value, c.basis == Some(Basis::Share));
    if let Some(i) = part {
        let k = claims[i].value;
        let min = if share { k } else { 1.0 };
        mark(&mut claims[p], checks::WHOLE_COUNT);
        mark(&mut claims[i], checks::WHOLE_COUNT);
        if !whole_number_in(k * 100.0 / hi, k * 100.0 / lo, min) {
            let q = claims[i].entity;
            let message = format!(
                "{} as {} implies a whole of {}, which is not a whole number",
                cx.quote(q),
                cx.quote(entity),
                fmt(k * 100.0 / value)
            );
            let ents = vec![q.min(entity), q.max(entity)];
            cx.push(
                codes::PERCENT_COUNT_INEXACT,
                Severity::Warning,
                message,
                ents,
                (Some(value), None),
            );
        }
    } else if let Some(t) = total {
        let n = claims[t].value;
        mark(&mut claims[p], checks::WHOLE_COUNT);
        mark(&mut claims[t], checks::WHOLE_COUNT);
        if !whole_number_in(lo * n / 100.0, hi * n / 100.0, 0.0) {
            let w = claims[t].entity;
            let message = format!(
                "{} of {} is {}, which is not a whole number",
                cx.quote(entity),
                cx.quote(w),
                fmt(value * n / 100.0),
            );
            let ents = vec![w.min(entity), w.max(entity)];
            cx.push(
                codes::PERCENT_COUNT_INEXACT,
                Severity::Warning,
                message,
                ents,
                (Some(value), None),
            );
        }
    }
}

/// Breakdowns: parts listed under a whole, each no larger than it and
/// together no larger either.
fn breakdown_sums(cx: &mut Checker<'_>, claims: &mut [Claim]) {
    let mut parts_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in claims.iter().enumerate() {
        if let Some(w) = c.part_of {
            parts_of.entry(w).or_default().push(i);
        }
    }
    for w in 0..claims.len() {
        let Some(parts) = parts_of.get(&claims[w].entity) else {
            continue;
        };
        mark(&mut claims[w], checks::PARTS_SUM);
        for &i in parts {
            mark(&mut claims[i], checks::PARTS_SUM);
        }
        let whole = &claims[w];
        let upper = match whole.op {
            Op::Eq | Op::Lt | Op::Le => interval(whole).1 + round_number_slack(whole),
            _ => continue,
        };
        parts_against(cx, claims, w, parts, upper);
    }
}

/// The parts of whole `w` against `upper`, the most the whole allows.
fn parts_against(cx: &mut Checker<'_>, claims: &[Claim], w: usize, parts: &[usize], upper: f64) {
    let whole = &claims[w];
    let lower = |c: &Claim| match c.op {
        Op::Eq | Op::Gt | Op::Ge => interval(c).0.max(0.0),
        _ => 0.0,
    };
    let mut sum = 0.0;
    let mut reported = false;
    for &i in parts {
        let l = lower(&claims[i]);
        sum += l;
        if l > upper {
            reported = true;
            let message = format!(
                "{} is listed as part of {}, but is larger",
                cx.quote(claims[i].entity),
                cx.quote(whole.entity)
            );
            cx.push(
                codes::PARTS_EXCEED_TOTAL,
                Severity::Error,
                message,
                vec![whole.entity, claims[i].entity],
                (Some(claims[i].value), Some(whole.value)),
            );
        }
    }
    if !reported && parts.len() > 1 && sum > upper {
        let mut ents = vec![whole.entity];
        ents.extend(parts.iter().map(|&i| claims[i].entity));
        let listed: Vec<String> = parts.iter().map(|&i| cx.quote(claims[i].entity)).collect();
        let total: f64 = parts.iter().map(|&i| claims[i].value).sum();
        let message = format!(
            "{} add up to {}, more than {} (unless they overlap)",
            listed.join(" + "),
            fmt(total),
            cx.quote(whole.entity)
        );
        cx.push(
            codes::PARTS_EXCEED_TOTAL,
            Severity::Warning,
            message,
            ents,
            (Some(total), Some(whole.value)),
        );
    }
}

/// A whole written as a round number ("188.000 ha") is often rounded: half
/// a unit of its last non-zero digit when it ends in three or more zeros.
fn round_number_slack(c: &Claim) -> f64 {
    if c.label == Label::Percent || c.value.fract() != 0.0 || c.value < 1000.0 {
        return 0.0;
    }
    let mut v = c.value;
    let mut step = 1.0;
    while v >= 10.0 && (v % 10.0) == 0.0 {
        v /= 10.0;
        step *= 10.0;
    }
    if step >= 1000.0 {
        step / 2.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use crate::Annotator;

    fn annotator() -> &'static Annotator {
        static A: OnceLock<Annotator> = OnceLock::new();
        A.get_or_init(|| Annotator::new().expect("default lexicons build"))
    }

    /// (code, severity, texts of the entities involved) of each finding.
    fn findings(text: &str) -> Vec<(&'static str, &'static str, Vec<String>)> {
        let ann = annotator().annotate(text);
        ann.findings
            .iter()
            .map(|f| {
                (
                    f.code,
                    f.severity.as_str(),
                    f.entities
                        .iter()
                        .map(|&e| ann.entities[e].text(text).to_string())
                        .collect(),
                )
            })
            .collect()
    }

    /// The checks run on the claim of `mention`.
    fn checked(text: &str, mention: &str) -> Vec<&'static str> {
        let ann = annotator().annotate(text);
        ann.claims
            .iter()
            .find(|c| ann.entities[c.entity].text(text) == mention)
            .map(|c| c.checked.clone())
            .unwrap_or_default()
    }

    #[test]
    fn consistent_claims_give_no_finding_but_are_checked() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "Có 31/36 TCCS đảng (chiếm 86,1%) được xếp loại hoàn thành tốt nhiệm vụ.",
                "86,1%",
                "ratio",
            ),
            (
                "Có 27 đảng viên, chiếm 90% trong tổng số 30 đảng viên của chi bộ.",
                "90%",
                "part_total",
            ),
            (
                "Huyện kết nạp 1.215 đảng viên, đạt 40,5% kế hoạch năm.",
                "40,5%",
                "whole_count",
            ),
            (
                "Có 16/18 chi bộ hoàn thành tốt nhiệm vụ, đạt hơn 88%.",
                "hơn 88%",
                "ratio",
            ),
            (
                "Gần 90% đảng viên hoàn thành tốt nhiệm vụ, trong đó hơn 19% đảng viên hoàn thành xuất sắc.",
                "hơn 19%",
                "parts_sum",
            ),
            (
                "Đảng bộ có 40 chi bộ, trong đó 28 chi bộ nông thôn và 12 chi bộ cơ quan.",
                "12 chi bộ",
                "parts_sum",
            ),
            (
                "Tỷ lệ hộ nghèo chiếm 4,5% dân số, thu ngân sách đạt 106% dự toán.",
                "4,5%",
                "share_range",
            ),
            (
                "Khoảng 1/3 người dân được hỏi (tương đương 36%) đồng ý.",
                "36%",
                "ratio",
            ),
        ];
        for (text, mention, check) in cases {
            assert_eq!(findings(text), vec![], "{text}");
            assert!(
                checked(text, mention).contains(check),
                "{text}: {mention} not checked by {check}: {:?}",
                checked(text, mention)
            );
        }
    }

    #[test]
    fn inconsistent_claims_are_reported() {
        let cases: &[(&str, &str, &str, &[&str])] = &[
            (
                "Có 31/36 TCCS đảng (chiếm 83,3%) được xếp loại hoàn thành tốt nhiệm vụ.",
                "percent_ratio_mismatch",
                "error",
                &["31/36 TCCS đảng", "83,3%"],
            ),
            (
                "Có 3/20 chi bộ được khen thưởng, đạt hơn 19%.",
                "percent_ratio_mismatch",
                "error",
                &["3/20 chi bộ", "hơn 19%"],
            ),
            (
                "Có 27 đảng viên, chiếm 80% trong tổng số 30 đảng viên của chi bộ.",
                "percent_part_total_mismatch",
                "error",
                &["27 đảng viên", "80%", "30 đảng viên"],
            ),
            (
                "Đảng bộ có 40 chi bộ, trong đó 25 chi bộ nông thôn, 12 chi bộ cơ quan và 8 chi bộ doanh nghiệp.",
                "parts_exceed_total",
                "warning",
                &["40 chi bộ", "25 chi bộ", "12 chi bộ", "8 chi bộ"],
            ),
            (
                "Xã có 350 hộ, trong đó 420 hộ nghèo được hỗ trợ.",
                "parts_exceed_total",
                "error",
                &["350 hộ", "420 hộ nghèo"],
            ),
            (
                "Có 85% đảng viên hoàn thành tốt nhiệm vụ, trong đó 92% đảng viên hoàn thành xuất sắc.",
                "parts_exceed_total",
                "error",
                &["85%", "92%"],
            ),
            (
                "Số hộ tham gia bảo hiểm y tế chiếm 104% dân số toàn xã.",
                "share_over_100",
                "error",
                &["104%"],
            ),
            (
                "Toàn huyện có 31 TCCS đảng được công nhận, chiếm 83,3%.",
                "percent_count_inexact",
                "warning",
                &["31 TCCS đảng", "83,3%"],
            ),
            (
                "Trong tổng số 11 chi bộ, 92% chi bộ hoàn thành tốt nhiệm vụ.",
                "percent_count_inexact",
                "warning",
                &["11 chi bộ", "92%"],
            ),
        ];
        for (text, code, severity, ents) in cases {
            let got = findings(text);
            let want: Vec<String> = ents.iter().map(|s| s.to_string()).collect();
            assert!(
                got.iter()
                    .any(|(c, s, e)| c == code && s == severity && *e == want),
                "{text}: want {code} {severity} {want:?}, got {got:?}"
            );
        }
    }

    #[test]
    fn achievement_rates_and_changes_are_not_shares() {
        for text in [
            "Năm 2023 kết nạp 106 đảng viên, đạt 106% chỉ tiêu.",
            "Thu ngân sách tăng 125% so với cùng kỳ.",
            "Phát triển được 195/160 đảng viên trong năm.",
        ] {
            assert_eq!(findings(text), vec![], "{text}");
        }
    }

    #[test]
    fn what_restates_nothing_is_not_checked() {
        for text in [
            // A list item's own figure, after "gồm".
            "Có 3/12 xã về đích sớm, gồm xã An Phú (93,5%) và xã Tân Lập (91%).",
            // The next item of a list, with no verb of its own.
            "Khối liên kết chiếm 9/15 tỉnh trong vùng, 80% sản lượng lúa và 70% giá trị xuất khẩu.",
            // A prediction and its result.
            "Chú mèo đã dự đoán 3/5 trận với kết quả 100% sai.",
            // A ratio of two measures is no share.
            "Tỷ lệ nợ công/GDP đã tăng lên 120% trong năm qua.",
            // A rate is no count of things.
            "Đội bóng sút 12 lần/trận, chuyền chính xác (81%).",
            // A count that describes the one before it.
            "Cả nước có 1.230 hợp tác xã kiểu mới 2 thành viên (chiếm 37,4%).",
            // A count smaller than another of its kind before it.
            "Tại điểm thi có 20.415 học sinh dự thi, vắng 87 học sinh (đạt 99,57%).",
            // Counts per each.
            "Cứ 20 người được hỏi thì có 17 người (chiếm 83%) đồng ý với đề xuất.",
            // A multiple is no count.
            "Số cơ sở đạt chuẩn chiếm 64% (gấp 3 lần năm trước).",
            // Progress is no share of the packages.
            "Dự án có 7 gói thầu, hiện tiến độ chung đạt 45%.",
        ] {
            assert_eq!(findings(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_share_only_a_metric_names_is_a_warning() {
        assert_eq!(
            findings("Tỷ lệ phiếu bầu dồn cho ông tại đại hội là 150%."),
            vec![("share_over_100", "warning", vec!["150%".to_string()])]
        );
        assert_eq!(
            findings("Số hộ dùng nước sạch chiếm 104% số hộ của xã."),
            vec![("share_over_100", "error", vec!["104%".to_string()])]
        );
    }

    #[test]
    fn tolerance_follows_precision() {
        use crate::claims::tolerance::tolerance;
        assert!((tolerance(1) - 0.05).abs() < 1e-6);
        assert!((tolerance(0) - 0.5).abs() < 1e-6);
        // 2/3 = 66,67%: "66,7%" holds, "66,6%" does not.
        let ok = findings("Có 2/3 chi bộ đạt chuẩn, chiếm 66,7%.");
        let bad = findings("Có 2/3 chi bộ đạt chuẩn, chiếm 66,6%.");
        assert_eq!(ok, vec![]);
        assert_eq!(bad[0].0, "percent_ratio_mismatch");
    }
}
