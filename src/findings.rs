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
//! | `share_over_100` | error | a share above 100% ("chiếm 104%"); achievement rates ("đạt 106% chỉ tiêu") and changes are not shares | `share_range` |
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

use serde_json::{Map, Value};

use crate::claims::Claim;
use crate::entity::{Entity, Label};
use crate::numeric::{json_number, Basis, Op, UnitKind};

/// How sure a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
        let mut o = Map::new();
        o.insert("code".into(), Value::from(self.code));
        o.insert("severity".into(), Value::from(self.severity.as_str()));
        o.insert("message".into(), Value::from(self.message.as_str()));
        o.insert(
            "entities".into(),
            Value::Array(self.entities.iter().map(|&e| Value::from(e)).collect()),
        );
        if let Some(s) = self.stated {
            o.insert("stated".into(), json_number(s));
        }
        if let Some(e) = self.expected {
            o.insert("expected".into(), json_number(round2(e)));
        }
        Value::Object(o)
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
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

/// Half a unit of the last digit written.
fn tolerance(decimals: u8) -> f64 {
    0.5 * 10f64.powi(-i32::from(decimals)) + 1e-9
}

/// The values a claim allows, from its value, range, precision and qualifier.
fn interval(c: &Claim) -> (f64, f64) {
    let tol = tolerance(c.decimals);
    let (lo, hi) = (c.value, c.max.unwrap_or(c.value));
    match c.op {
        Op::Eq => (lo - tol, hi + tol),
        Op::Approx => {
            let w = (0.1 * hi.abs()).max(1.0).max(tol);
            (lo - w, hi + w)
        }
        Op::Gt | Op::Ge => (lo - tol, f64::INFINITY),
        Op::Lt | Op::Le => (f64::NEG_INFINITY, hi + tol),
    }
}

/// True if a percentage `c` agrees with the value `computed` from its part
/// and whole: within the precision written, or cut (not rounded) to it
/// ("92,59" written "92,5"). `approximate` widens the interval for a part or
/// whole with a qualifier.
pub(crate) fn agrees(c: &Claim, computed: f64, approximate: bool) -> bool {
    let (lo, hi) = widen(interval(c), approximate);
    let cut = if c.op == Op::Eq {
        tolerance(c.decimals)
    } else {
        0.0
    };
    computed >= lo && computed <= hi + cut
}

/// True if `part` of some whole number other than `total` (and at least
/// `part`) gives percentage `c`, within its precision or cut to it.
pub(crate) fn other_whole_explains(c: &Claim, part: f64, total: f64) -> bool {
    let (lo, hi) = interval(c);
    let hi = if c.op == Op::Eq {
        hi + tolerance(c.decimals)
    } else {
        hi
    };
    if lo <= 0.0 || !hi.is_finite() || part <= 0.0 {
        return false;
    }
    let (a, b) = (part * 100.0 / hi, part * 100.0 / lo);
    let mut n = a.max(part).ceil();
    while n <= b {
        if (n - total).abs() > 0.5 {
            return true;
        }
        n += 1.0;
    }
    false
}

/// Widens an interval by 10% (at least one unit) for approximate inputs.
fn widen((lo, hi): (f64, f64), approximate: bool) -> (f64, f64) {
    if !approximate {
        return (lo, hi);
    }
    let w = |v: f64| (0.1 * v.abs()).max(1.0);
    (lo - w(lo), hi + w(hi))
}

fn fmt(v: f64) -> String {
    let r = round2(v);
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn quote(text: &str, entities: &[Entity], i: usize) -> String {
    entities
        .get(i)
        .map_or_else(String::new, |e| format!("«{}»", e.text(text)))
}

/// True if a whole number lies in `lo..=hi`, at or above `min`.
fn whole_number_in(lo: f64, hi: f64, min: f64) -> bool {
    let n = lo.max(min).ceil();
    n <= hi
}

fn mark(c: &mut Claim, name: &'static str) {
    if !c.checked.contains(&name) {
        c.checked.push(name);
    }
}

/// Checks the claims of one document against each other; records on each
/// claim which checks ran. `text` and `entities` are the document and its
/// entity list, for quoting.
pub fn check(text: &str, entities: &[Entity], claims: &mut [Claim]) -> Vec<Finding> {
    let mut out = Vec::new();
    let by_entity = |claims: &[Claim], e: usize| claims.iter().position(|c| c.entity == e);
    for p in 0..claims.len() {
        if claims[p].label != Label::Percent {
            continue;
        }
        let c = claims[p].clone();
        let part = c.part.and_then(|e| by_entity(claims, e));
        let total = c.total_entity.and_then(|e| by_entity(claims, e));
        let ratio = part.is_some_and(|i| claims[i].total.is_some() && c.total_entity.is_none());

        // A share above 100%.
        if c.basis == Some(Basis::Share) {
            mark(&mut claims[p], checks::SHARE_RANGE);
            let lowest = match c.op {
                Op::Lt | Op::Le | Op::Approx => None,
                _ => Some(c.value),
            };
            if lowest.is_some_and(|v| v > 100.0) {
                out.push(Finding {
                    code: "share_over_100",
                    severity: Severity::Error,
                    message: format!(
                        "{} is stated as a share of a whole, but a share cannot exceed 100%",
                        quote(text, entities, c.entity)
                    ),
                    entities: vec![c.entity],
                    stated: Some(c.value),
                    expected: None,
                });
            }
        }

        // Against the ratio or the part and whole it restates.
        if let Some(computed) = c.computed {
            let approximate = part.is_some_and(|i| claims[i].op != Op::Eq)
                || total.is_some_and(|i| claims[i].op != Op::Eq);
            let (lo, hi) = widen(interval(&c), approximate);
            let (name, code) = if ratio {
                (checks::RATIO, "percent_ratio_mismatch")
            } else {
                (checks::PART_TOTAL, "percent_part_total_mismatch")
            };
            mark(&mut claims[p], name);
            for i in [part, total].into_iter().flatten() {
                mark(&mut claims[i], name);
            }
            if computed < lo || computed > hi {
                // Cut rather than rounded ("92,59%" written "92,5%"): a warning.
                let cut = c.op == Op::Eq
                    && !approximate
                    && computed > hi
                    && computed <= hi + tolerance(c.decimals);
                let mut ents: Vec<usize> = [c.part, c.total_entity, Some(c.entity)]
                    .into_iter()
                    .flatten()
                    .collect();
                ents.sort_unstable();
                ents.dedup();
                let from = match (c.part, c.total_entity) {
                    (Some(a), Some(b)) => format!(
                        "{} of {}",
                        quote(text, entities, a),
                        quote(text, entities, b)
                    ),
                    (Some(a), None) => quote(text, entities, a),
                    _ => String::new(),
                };
                let bound = match c.op {
                    Op::Eq => format!(" (±{})", fmt_tol(c.decimals)),
                    _ => String::new(),
                };
                out.push(Finding {
                    code,
                    severity: if cut {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                    message: format!(
                        "{from} is {}%, but the text states {}{bound}{}",
                        fmt(computed),
                        quote(text, entities, c.entity),
                        if cut {
                            "; cut rather than rounded?"
                        } else {
                            ""
                        }
                    ),
                    entities: ents,
                    stated: Some(c.value),
                    expected: Some(computed),
                });
            }
            // A ratio a/b with a > b stated as a share.
            if ratio && c.basis != Some(Basis::Target) && c.basis != Some(Basis::Change) {
                if let Some(i) = part {
                    let r = claims[i].clone();
                    mark(&mut claims[i], checks::PARTS_SUM);
                    if r.total.is_some_and(|t| r.value > t) && r.op == Op::Eq {
                        out.push(Finding {
                            code: "parts_exceed_total",
                            severity: Severity::Error,
                            message: format!(
                                "{} states a part larger than its whole, as a share {}",
                                quote(text, entities, r.entity),
                                quote(text, entities, c.entity)
                            ),
                            entities: vec![r.entity.min(c.entity), r.entity.max(c.entity)],
                            stated: Some(r.value),
                            expected: r.total,
                        });
                    }
                }
            }
            continue;
        }

        // Whole numbers: a count and its percentage, or a percentage of a
        // named whole.
        if c.op != Op::Eq || c.max.is_some() || c.basis == Some(Basis::Change) {
            continue;
        }
        // Accept a percentage cut rather than rounded: warnings only.
        let (lo, hi) = interval(&c);
        let hi = hi + tolerance(c.decimals);
        if lo <= 0.0 {
            continue;
        }
        let counted = |q: &Claim| {
            q.op == Op::Eq
                && q.max.is_none()
                && matches!(q.kind, Some(UnitKind::Count | UnitKind::Times))
                && q.value.fract() == 0.0
        };
        if let Some(i) =
            part.filter(|&i| c.bare && counted(&claims[i]) && claims[i].total.is_none())
        {
            let k = claims[i].value;
            let min = if c.basis == Some(Basis::Share) {
                k
            } else {
                1.0
            };
            mark(&mut claims[p], checks::WHOLE_COUNT);
            mark(&mut claims[i], checks::WHOLE_COUNT);
            if !whole_number_in(k * 100.0 / hi, k * 100.0 / lo, min) {
                let implied = k * 100.0 / c.value;
                out.push(Finding {
                    code: "percent_count_inexact",
                    severity: Severity::Warning,
                    message: format!(
                        "{} as {} implies a whole of {}, which is not a whole number",
                        quote(text, entities, claims[i].entity),
                        quote(text, entities, c.entity),
                        fmt(implied)
                    ),
                    entities: vec![
                        claims[i].entity.min(c.entity),
                        claims[i].entity.max(c.entity),
                    ],
                    stated: Some(c.value),
                    expected: None,
                });
            }
        } else if let Some(t) = total.filter(|&t| counted(&claims[t]) && c.of.is_some()) {
            let n = claims[t].value;
            mark(&mut claims[p], checks::WHOLE_COUNT);
            mark(&mut claims[t], checks::WHOLE_COUNT);
            if !whole_number_in(lo * n / 100.0, hi * n / 100.0, 0.0) {
                out.push(Finding {
                    code: "percent_count_inexact",
                    severity: Severity::Warning,
                    message: format!(
                        "{} of {} is {}, which is not a whole number",
                        quote(text, entities, c.entity),
                        quote(text, entities, claims[t].entity),
                        fmt(c.value * n / 100.0),
                    ),
                    entities: vec![
                        claims[t].entity.min(c.entity),
                        claims[t].entity.max(c.entity),
                    ],
                    stated: Some(c.value),
                    expected: None,
                });
            }
        }
    }

    // Breakdowns: parts listed under a whole.
    for w in 0..claims.len() {
        let whole = claims[w].clone();
        let parts: Vec<usize> = (0..claims.len())
            .filter(|&i| claims[i].part_of == Some(whole.entity))
            .collect();
        if parts.is_empty() {
            continue;
        }
        mark(&mut claims[w], checks::PARTS_SUM);
        for &i in &parts {
            mark(&mut claims[i], checks::PARTS_SUM);
        }
        let upper = match whole.op {
            Op::Eq | Op::Lt | Op::Le => interval(&whole).1 + round_number_slack(&whole),
            _ => continue,
        };
        let lower = |c: &Claim| match c.op {
            Op::Eq | Op::Gt | Op::Ge => interval(c).0.max(0.0),
            _ => 0.0,
        };
        let mut sum = 0.0;
        let mut reported = false;
        for &i in &parts {
            let l = lower(&claims[i]);
            sum += l;
            if l > upper {
                reported = true;
                out.push(Finding {
                    code: "parts_exceed_total",
                    severity: Severity::Error,
                    message: format!(
                        "{} is listed as part of {}, but is larger",
                        quote(text, entities, claims[i].entity),
                        quote(text, entities, whole.entity)
                    ),
                    entities: vec![whole.entity, claims[i].entity],
                    stated: Some(claims[i].value),
                    expected: Some(whole.value),
                });
            }
        }
        if !reported && parts.len() > 1 && sum > upper {
            let mut ents = vec![whole.entity];
            ents.extend(parts.iter().map(|&i| claims[i].entity));
            let listed: Vec<String> = parts
                .iter()
                .map(|&i| quote(text, entities, claims[i].entity))
                .collect();
            out.push(Finding {
                code: "parts_exceed_total",
                severity: Severity::Warning,
                message: format!(
                    "{} add up to {}, more than {} (unless they overlap)",
                    listed.join(" + "),
                    fmt(parts.iter().map(|&i| claims[i].value).sum()),
                    quote(text, entities, whole.entity)
                ),
                entities: ents,
                stated: Some(parts.iter().map(|&i| claims[i].value).sum()),
                expected: Some(whole.value),
            });
        }
    }
    out.sort_by_key(|f| f.entities.first().copied().unwrap_or(0));
    out
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

fn fmt_tol(decimals: u8) -> String {
    let t = 0.5 * 10f64.powi(-i32::from(decimals));
    format!("{t}")
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
    fn tolerance_follows_precision() {
        use super::tolerance;
        assert!((tolerance(1) - 0.05).abs() < 1e-6);
        assert!((tolerance(0) - 0.5).abs() < 1e-6);
        // 2/3 = 66,67%: "66,7%" holds, "66,6%" does not.
        let ok = findings("Có 2/3 chi bộ đạt chuẩn, chiếm 66,7%.");
        let bad = findings("Có 2/3 chi bộ đạt chuẩn, chiếm 66,6%.");
        assert_eq!(ok, vec![]);
        assert_eq!(bad[0].0, "percent_ratio_mismatch");
    }
}
