//! The values a numeric claim allows: the precision written and the
//! qualifier. Shared by the linking of claims (a percentage is linked
//! first to the ratio it agrees with) and by the consistency checks.

use crate::numeric::Op;

use super::Claim;

/// Half a unit of the last digit written.
pub(crate) fn tolerance(decimals: u8) -> f64 {
    0.5 * 10f64.powi(-i32::from(decimals)) + 1e-9
}

/// The values a claim allows, from its value, range, precision and qualifier.
pub(crate) fn interval(c: &Claim) -> (f64, f64) {
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

/// Widens an interval by 10% (at least one unit) for approximate inputs.
pub(crate) fn widen((lo, hi): (f64, f64), approximate: bool) -> (f64, f64) {
    if !approximate {
        return (lo, hi);
    }
    let w = |v: f64| (0.1 * v.abs()).max(1.0);
    (lo - w(lo), hi + w(hi))
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
    // At most two whole numbers are tried: one of any two is not `total`.
    let mut n = a.max(part).ceil();
    while n <= b {
        if (n - total).abs() > 0.5 {
            return true;
        }
        n += 1.0;
    }
    false
}

/// True if a whole number lies in `lo..=hi`, at or above `min`.
pub(crate) fn whole_number_in(lo: f64, hi: f64, min: f64) -> bool {
    let n = lo.max(min).ceil();
    n <= hi
}
