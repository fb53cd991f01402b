//! Links between claims: the parts listed under a whole ("trong đó"), the
//! ratio or count a percentage restates and the whole it is taken of, and
//! a document's inventory of a counted noun.
//!
//! Every search is bounded: a percentage is paired only with the mentions
//! a few words before or after it in its sentence (the windows below stop
//! at the first other percentage, which would come between them anyway),
//! wholes are looked up by sentence and unit, and inventories by unit.

use std::ops::Range;

use crate::document::Document;
use crate::label::Label;
use crate::numeric::{Basis, Change, Op, Role, UnitKind};
use crate::syllables::TokenKind;

use super::gaps::{Gaps, Mark};
use super::tolerance::{agrees, interval, other_whole_explains};
use super::{unit_within, units_around, Claim, Index};

/// Most words between a ratio and the percentage after it.
const RATIO_BEFORE: usize = 15;
/// Most words between a percentage and the bracketed ratio after it.
const RATIO_AFTER: usize = 20;
/// Most words between a count and the percentage it gives.
const COUNT_NEAR: usize = 6;

/// The buffers of the links of one document, kept across documents (see
/// [`super::Scratch`]).
#[derive(Debug, Default)]
pub(super) struct Scratch {
    /// Ratio pairs: (disagrees, distance, percentage, ratio).
    pairs: Vec<(bool, usize, usize, usize)>,
    /// Claims linked to a ratio or a percentage by [`ratios`].
    linked: Vec<bool>,
    /// QUANTITY claims with a unit, by unit and position.
    by_unit: Vec<usize>,
    /// An inventory per unit, in the order of `by_unit`.
    inventories: Vec<Inventory>,
}

/// The tokens strictly between mentions `a` and `b`, in either order.
fn between(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    if a.end <= b.start {
        a.end..b.start
    } else {
        b.end..a.start
    }
}

/// The claims of `p`'s sentence at most `before` words before it and
/// `after` words after it, with no other percentage between, nearest
/// first on each side: (index, true if before `p`). An iterator, not a
/// Vec collected per percentage.
fn window<'c>(
    gaps: &'c Gaps,
    claims: &'c [Claim],
    p: usize,
    before: usize,
    after: usize,
) -> impl Iterator<Item = (usize, bool)> + 'c {
    let pc = &claims[p];
    let left = (0..p).rev().take_while(move |&r| {
        let q = &claims[r];
        q.sentence == pc.sentence
            && gaps.content(q.tokens.end..pc.tokens.start) <= before
            && q.label != Label::Percent
    });
    let right = (p + 1..claims.len()).take_while(move |&r| {
        let q = &claims[r];
        q.sentence == pc.sentence
            && gaps.content(pc.tokens.end..q.tokens.start) <= after
            && q.label != Label::Percent
    });
    left.map(|r| (r, true)).chain(right.map(|r| (r, false)))
}

/// True if no ";" lies between mentions `a` and `b` (the windows already
/// keep other percentages out).
fn clear_between(gaps: &Gaps, a: &Range<usize>, b: &Range<usize>) -> bool {
    !gaps.has(between(a, b), &[Mark::Semicolon])
}

/// True if a metric phrase starts between mentions `a` and `b`: the second
/// then measures something new ("101/104 cây …, tỷ lệ sống đạt 95%").
fn metric_between(gaps: &Gaps, a: &Range<usize>, b: &Range<usize>) -> bool {
    gaps.has(between(a, b), &[Mark::Metric])
}

/// True if a breakdown word ("trong đó", "gồm") lies between mentions `a`
/// and `b`: what follows it is about an item of the list ("5/10 cổ phiếu
/// …, gồm BID (6,98%)").
fn breakdown_between(gaps: &Gaps, a: &Range<usize>, b: &Range<usize>) -> bool {
    gaps.has(between(a, b), &[Mark::Breakdown])
}

/// True if percentage `pc` is written as restating what comes before it:
/// after a verb of level (`claim.trend` with change=to: "đạt", "chiếm",
/// "bằng", "tương đương" …), or in brackets or after "=" ("31/36 TCCS
/// (86,1%)"). A bare percentage after a comma is the next item of a list
/// ("chiếm 2/3 dân số thế giới, 90% GDP"), and one after another word
/// states something else ("dự đoán 2/4 trận với kết quả 100%").
fn introduced(doc: &Document<'_>, pc: &Claim) -> bool {
    pc.change == Some(Change::To)
        || doc.prev_on_line(pc.tokens.start).is_some_and(|t| {
            doc.kind(t) == Some(TokenKind::Punct) && matches!(doc.word(t), "(" | "=")
        })
}

/// True if percentage `pc` is not a share of the things mention `q`
/// counts: it names another counted noun ("92% chi bộ" against "450 đảng
/// viên", "60% dân số" against "65 quốc gia") or an aggregate it is
/// compared with (`claim.basis` with basis=level: "90% GDP").
fn other_whole(pc: &Claim, q: &Claim) -> bool {
    pc.basis == Some(Basis::Level) || matches!((&pc.of, &q.unit), (Some(of), Some(u)) if of != u)
}

/// Links percentages to the ratios "a/b unit" they restate: a ratio before
/// the percentage in the same clause ("31/36 TCCS … , đạt 86,1%") or right
/// after it in brackets ("86,1% (31/36 TCCS)"). Each ratio restates one
/// percentage: pairs that agree are taken first, then the nearest pairs; an
/// achievement rate ("đạt 90% kế hoạch") is linked only to a ratio that
/// agrees with it, since a ratio nearby often counts something else.
/// Marks in `linked` which claims were linked.
fn ratios(
    doc: &Document<'_>,
    gaps: &Gaps,
    claims: &mut [Claim],
    pairs: &mut Vec<(bool, usize, usize, usize)>,
    linked: &mut Vec<bool>,
) {
    pairs.clear();
    for (p, pc) in claims.iter().enumerate() {
        if pc.label != Label::Percent || pc.basis == Some(Basis::Change) {
            continue;
        }
        for (r, before) in window(gaps, claims, p, RATIO_BEFORE, RATIO_AFTER) {
            if let Some(disagrees) = ratio_pair(doc, gaps, pc, &claims[r], before) {
                let distance = claims[r].tokens.start.abs_diff(pc.tokens.start);
                pairs.push((disagrees, distance, p, r));
            }
        }
    }
    pairs.sort_unstable();
    linked.clear();
    linked.resize(claims.len(), false);
    for &(disagrees, _, p, r) in pairs.iter() {
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
}

/// Whether percentage `pc` may restate the ratio `q` (`before` it or
/// after it): `None` if not, else whether they disagree.
fn ratio_pair(
    doc: &Document<'_>,
    gaps: &Gaps,
    pc: &Claim,
    q: &Claim,
    before: bool,
) -> Option<bool> {
    if q.label != Label::Quantity || q.total_entity.is_some() {
        return None;
    }
    let total = q.total.filter(|t| *t > 0.0)?;
    let pr = &pc.tokens;
    let bracketed = doc
        .prev_on_line(q.tokens.start)
        .is_some_and(|b| doc.word(b) == "(");
    // "(4/11 người) 78,57%": a ratio in brackets belongs to what comes
    // before them; a ratio after the percentage is one in brackets.
    let near = if before {
        introduced(doc, pc) && !(bracketed && gaps.has(q.tokens.end..pr.start, &[Mark::Close]))
    } else {
        bracketed
    };
    if !near
        || other_whole(pc, q)
        || !clear_between(gaps, &q.tokens, pr)
        || metric_between(gaps, &q.tokens, pr)
        || breakdown_between(gaps, &q.tokens, pr)
    {
        return None;
    }
    let agrees = agrees(pc, q.value / total * 100.0, q.op != Op::Eq);
    // "387/465 đại biểu có mặt đồng ý (chiếm 78,81% tổng số đại biểu)": a
    // percentage that names its own whole, and agrees with the same part of
    // another whole number, is a share of that other whole.
    if !agrees && pc.names_whole && other_whole_explains(pc, q.value, total) {
        return None;
    }
    Some(!agrees)
}

/// Links each percentage to the count it is computed from and the whole.
pub(super) fn parts(
    doc: &Document<'_>,
    gaps: &Gaps,
    index: &Index,
    claims: &mut [Claim],
    scratch: &mut Scratch,
) {
    ratios(doc, gaps, claims, &mut scratch.pairs, &mut scratch.linked);
    let linked = &scratch.linked;
    for p in 0..claims.len() {
        if linked[p] || claims[p].label != Label::Percent || claims[p].basis == Some(Basis::Change)
        {
            continue;
        }
        let part = count_part(doc, gaps, index, claims, p);
        // Borrowed: the claims change only once the whole is found.
        let unit = part
            .and_then(|i| claims[i].unit.as_deref())
            .or(claims[p].of.as_deref());
        // The whole: the one the part is listed under ("1.250 hộ, trong đó
        // 86 hộ nghèo, chiếm 6,9%"), or a quantity after "tổng số" of the
        // same or a wider unit.
        let listed_under = part
            .and_then(|i| claims[i].part_of)
            .and_then(|e| index.claim_of(e))
            .filter(|&w| claims[w].label == Label::Quantity);
        let total = listed_under.or_else(|| {
            let unit = unit?;
            stated_total(index, claims, p, unit, part)
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

/// The count next to percentage `p` that it is computed from: "1.215 đảng
/// viên, đạt 40,5%", "106% … (106 ĐV)"; the nearest one. Only a count of
/// things is a part: not a rate ("14 lần/trận", "mỗi ngày có 121 người"),
/// a number of times ("gấp 6 lần"), a guessed unit, a whole after "tổng
/// số" or a ratio. A count
/// before the percentage is its part only when the percentage restates it
/// ([`introduced`]), when it heads its clause (in "1.888 công ty trách
/// nhiệm hữu hạn 1 thành viên (chiếm 40,3%)" the second count describes
/// the first), and when the sentence counts no more things of its unit
/// before it than the whole they imply ([`larger_count_before`]).
fn count_part(
    doc: &Document<'_>,
    gaps: &Gaps,
    index: &Index,
    claims: &[Claim],
    p: usize,
) -> Option<usize> {
    let pc = &claims[p];
    let pr = &pc.tokens;
    let countable = |q: &Claim| {
        q.label == Label::Quantity
            && q.total.is_none()
            && q.per.is_none()
            && !q.per_each
            && !q.is_total
            && !q.inferred
            && q.kind == Some(UnitKind::Count)
    };
    let linkable = |q: &Claim| {
        clear_between(gaps, &q.tokens, pr)
            && !metric_between(gaps, &q.tokens, pr)
            && !breakdown_between(gaps, &q.tokens, pr)
            && !other_whole(pc, q)
    };
    let near = || window(gaps, claims, p, COUNT_NEAR, COUNT_NEAR);
    // Before it: the nearest count only; one further back belongs to
    // another clause or is described by the words in between.
    let before = near()
        .filter(|(_, before)| *before)
        .map(|(r, _)| r)
        .find(|&r| countable(&claims[r]))
        .filter(|&r| {
            introduced(doc, pc)
                && heads_clause(gaps, claims, r)
                && !larger_count_before(gaps, index, claims, pc, r)
                && linkable(&claims[r])
        });
    // After it: in brackets or after "/" ("106% (106 ĐV)").
    let after = near()
        .filter(|(_, before)| !*before)
        .map(|(r, _)| r)
        .find(|&r| {
            let q = &claims[r];
            countable(q)
                && gaps.has(pr.end..q.tokens.start, &[Mark::Open, Mark::Slash])
                && linkable(q)
        });
    before
        .into_iter()
        .chain(after)
        .min_by_key(|&r| (claims[r].tokens.start.abs_diff(pr.start), r))
}

/// True if no other count comes before count `r` in its clause, or a verb
/// (`claim.trend`) stands between them ("hai quốc gia đạt 10 triệu lượt
/// khách").
fn heads_clause(gaps: &Gaps, claims: &[Claim], r: usize) -> bool {
    let clause_marks = [
        Mark::Comma,
        Mark::Semicolon,
        Mark::Colon,
        Mark::Stop,
        Mark::Open,
        Mark::Close,
        Mark::Trend,
    ];
    let q = &claims[r];
    !r.checked_sub(1).map(|k| &claims[k]).is_some_and(|o| {
        o.sentence == q.sentence
            && o.label == Label::Quantity
            && o.kind == Some(UnitKind::Count)
            && !o.is_total
            && !gaps.has(o.tokens.end..q.tokens.start, &clause_marks)
    })
}

/// True if count `r` cannot be the part of percentage `pc`: a count of
/// its unit earlier in the sentence (after any ";") is larger than the
/// whole they imply
/// ("có 32.275 thí sinh dự thi, vắng 169 thí sinh (đạt 99,48%)": 99,48% of
/// a whole of 170 is no share of candidates who number 32.275 or more).
/// A whole after "tổng số" and the whole `r` is listed under are not
/// counted: they are its whole.
fn larger_count_before(gaps: &Gaps, index: &Index, claims: &[Claim], pc: &Claim, r: usize) -> bool {
    let q = &claims[r];
    let Some(unit) = q.unit.as_deref() else {
        return false;
    };
    if pc.basis == Some(Basis::Target) {
        return false; // its whole is a plan, not the things counted
    }
    let (lo, _) = interval(pc);
    if lo <= 0.0 {
        return false;
    }
    let largest_whole = q.value * 100.0 / lo;
    let whole = q.part_of.and_then(|e| index.claim_of(e));
    index
        .largest_count_before(gaps, claims, unit, r, whole)
        .is_some_and(|v| v > largest_whole)
}

/// The quantity after "tổng số" in percentage `p`'s sentence, of `unit` or
/// a wider unit, nearest to it (other than its `part`; the earlier one on
/// a tie).
fn stated_total(
    index: &Index,
    claims: &[Claim],
    p: usize,
    unit: &str,
    part: Option<usize>,
) -> Option<usize> {
    let pc = &claims[p];
    let other = move |i: &&usize| Some(**i) != part;
    units_around(unit)
        .flat_map(|u| {
            let list = index.totals(claims, pc.sentence, u);
            // The list is in text order: the nearest is next to where `p`
            // goes.
            let k = list.partition_point(|&i| claims[i].tokens.start < pc.tokens.start);
            let left = list[..k].iter().rev().filter(other).take(1);
            let right = list[k..].iter().filter(other).take(1);
            left.chain(right).copied()
        })
        .min_by_key(|&i| (claims[i].tokens.start.abs_diff(pc.tokens.start), i))
}

/// The counts of one counted noun in a document, for [`inventory`].
#[derive(Debug)]
struct Inventory {
    /// A claim of the noun (its first).
    claim: usize,
    /// The first count stated with "có" ("Đảng bộ xã có 11 chi bộ").
    first_stated: Option<usize>,
    /// How many counts are stated with "có", up to two.
    stated: usize,
    /// The largest value (or ratio denominator) of any count of the noun.
    largest: f64,
}

/// A percentage of a counted noun ("92% chi bộ") with no whole in its
/// sentence takes the document's inventory of that noun as its whole: the
/// one count stated with "có" ("Đảng bộ xã có 11 chi bộ", not per each:
/// "mỗi ngày có 121 người"), when the document states exactly one such
/// count of that unit, exactly, before the percentage, and no larger count
/// of it anywhere.
pub(super) fn inventory(claims: &mut [Claim], scratch: &mut Scratch) {
    inventories(claims, scratch);
    for p in 0..claims.len() {
        let c = &claims[p];
        if c.label != Label::Percent
            || c.total.is_some()
            || c.part.is_some()
            || c.basis != Some(Basis::Share)
        {
            continue;
        }
        let Some(of) = c.of.as_deref() else { continue };
        let invs = &scratch.inventories;
        let Ok(k) = invs.binary_search_by(|inv| claims[inv.claim].unit.as_deref().cmp(&Some(of)))
        else {
            continue;
        };
        let (1, Some(first)) = (invs[k].stated, invs[k].first_stated) else {
            continue;
        };
        let w = &claims[first];
        // A larger count of the same noun elsewhere: not the whole.
        if invs[k].largest > w.value
            || w.op != Op::Eq
            || w.total.is_some()
            || w.part_of.is_some()
            || w.tokens.start >= c.tokens.start
        {
            continue;
        }
        // Only percentages change, and no inventory is read from one.
        let (entity, value) = (w.entity, w.value);
        claims[p].total = Some(value);
        claims[p].total_entity = Some(entity);
    }
}

/// The inventory of each unit of a QUANTITY claim, sorted by unit, in
/// `scratch`.
fn inventories(claims: &[Claim], scratch: &mut Scratch) {
    let unit = |i: usize| claims[i].unit.as_deref();
    let by_unit = &mut scratch.by_unit;
    by_unit.clear();
    by_unit.extend(
        claims
            .iter()
            .enumerate()
            .filter(|(_, q)| q.label == Label::Quantity && q.unit.is_some())
            .map(|(i, _)| i),
    );
    by_unit.sort_unstable_by(|&a, &b| (unit(a), a).cmp(&(unit(b), b)));
    let invs = &mut scratch.inventories;
    invs.clear();
    for &i in by_unit.iter() {
        let q = &claims[i];
        if invs.last().is_none_or(|inv| unit(inv.claim) != unit(i)) {
            invs.push(Inventory {
                claim: i,
                first_stated: None,
                stated: 0,
                largest: 0.0,
            });
        }
        let Some(inv) = invs.last_mut() else { continue };
        inv.largest = inv
            .largest
            .max(q.max.unwrap_or(q.value))
            .max(q.total.unwrap_or(f64::NEG_INFINITY));
        if q.trend.as_deref() == Some("có") && !q.per_each && inv.stated < 2 {
            inv.first_stated = inv.first_stated.or(Some(i));
            inv.stated += 1;
        }
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
pub(super) fn breakdowns(doc: &Document<'_>, index: &Index, claims: &mut [Claim]) {
    for w in 0..claims.len() {
        let whole = &claims[w];
        if !listable(whole)
            || (whole.label == Label::Quantity && whole.total.is_some())
            || (whole.label == Label::Percent
                && (whole.basis != Some(Basis::Share) || whole.of.is_none()))
        {
            continue;
        }
        let Some(cursor) = breakdown_after(doc, index, whole) else {
            continue;
        };
        list_items(doc, claims, w, cursor);
    }
}

/// Ranges and rates are neither wholes nor items of a breakdown.
fn listable(c: &Claim) -> bool {
    c.max.is_none() && c.per.is_none()
}

/// The breakdown phrase at token `k`: (its end, whether it must follow
/// the whole directly).
fn breakdown_at(doc: &Document<'_>, k: usize) -> Option<(usize, bool)> {
    doc.longest_role_starting(k, |r| matches!(r, Role::Breakdown(_)))
        .and_then(|(h, r)| match r {
            Role::Breakdown(near) => Some((h.tokens.end, *near)),
            _ => None,
        })
}

/// The end of the breakdown phrase within `whole`'s noun phrase: after at
/// most 4 words (12 for a percentage: "90% đảng viên hoàn thành tốt nhiệm
/// vụ, trong đó"), with no other mention or, for counts, name between.
fn breakdown_after(doc: &Document<'_>, index: &Index, whole: &Claim) -> Option<usize> {
    let max_words = if whole.label == Label::Percent { 12 } else { 4 };
    let mut k = whole.tokens.end;
    let mut words = 0;
    while let Some(n) = doc.next_on_line(k) {
        k = n;
        if let Some((end, near)) = breakdown_at(doc, k) {
            return (!near || words == 0).then_some(end);
        }
        let tok = doc.tokens.get(k)?;
        if tok.kind == TokenKind::Punct {
            if !matches!(doc.word(k), "," | ":") {
                return None;
            }
        } else {
            words += 1;
            let named = tok.capitalized && whole.label != Label::Percent;
            if words > max_words || named || index.starts_at(k) {
                return None;
            }
        }
        k += 1;
    }
    None
}

/// What lies between a breakdown word (or the previous item) and the next
/// mention, read up to the fourth word.
struct ListGap {
    words: usize,
    nested: bool,
    semicolon: bool,
    closes: bool,
    joined: bool,
}

impl ListGap {
    /// Reads `range`; stops early once more than three words are seen.
    fn read(doc: &Document<'_>, range: Range<usize>) -> ListGap {
        let mut g = ListGap {
            words: 0,
            nested: false,
            semicolon: false,
            closes: false,
            joined: false,
        };
        for t in range {
            if g.words > 3 {
                break;
            }
            if breakdown_at(doc, t).is_some() {
                g.nested = true;
            }
            match (doc.kind(t), doc.word(t)) {
                (Some(TokenKind::Punct), ";") => {
                    g.semicolon = true;
                    g.joined = true;
                }
                (Some(TokenKind::Punct), ",") => g.joined = true,
                (Some(TokenKind::Punct), "." | "(" | ")") => g.closes = true,
                (Some(TokenKind::Word), "và") => {
                    g.joined = true;
                    g.words += 1;
                }
                (Some(TokenKind::Word | TokenKind::Number), _) => g.words += 1,
                _ => {}
            }
        }
        g
    }
}

/// Marks the items of the list that starts at token `cursor`, after the
/// breakdown word of whole `w`.
fn list_items(doc: &Document<'_>, claims: &mut [Claim], w: usize, mut cursor: usize) {
    let colon = doc.next_on_line(cursor).is_some_and(|t| doc.word(t) == ":");
    let mut first = true;
    // By index, not by a mutable iterator and a clone of the whole: only
    // items after the whole change.
    for i in w + 1..claims.len() {
        let (whole, item) = (&claims[w], &claims[i]);
        if item.sentence != whole.sentence {
            break;
        }
        if item.tokens.start < cursor {
            continue;
        }
        let gap = ListGap::read(doc, cursor..item.tokens.start);
        if gap.words > 3
            || gap.nested
            || (!colon && gap.semicolon)
            || gap.closes
            || !(first || gap.joined)
        {
            break;
        }
        first = false;
        cursor = item.tokens.end;
        let counted_elsewhere = doc.prev_on_line(item.tokens.start).is_some_and(|p| {
            doc.hits_ending(p + 1)
                .any(|h| matches!(doc.role(h), Role::Total | Role::Pass))
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
        if same {
            claims[i].part_of = Some(claims[w].entity);
        } else if item.label == whole.label {
            break; // a different kind of item: the list has moved on
        }
    }
}
