//! The numeric tagger: PERCENT, MONEY and QUANTITY spans with parsed values.
//!
//! A number (digits, words or both, read by [`crate::numbers`]) becomes a
//! span only when what follows says what it counts:
//!
//! | after the number | label | example |
//! |---|---|---|
//! | `%`, `phần trăm` (class `num.percent`) | PERCENT | [86,1%], [gần 90%] |
//! | a currency (class `money.currency`), maybe a rate `/unit` | MONEY | [58,9 triệu đồng/năm] |
//! | a scale word and a rate, without currency | MONEY (VND) | [50 triệu/người/năm] |
//! | a scale word after a money word (class `money.context`: kinh phí, trị giá, vốn …) | MONEY (VND) | kinh phí [hơn 2 tỷ] |
//! | a counted noun or unit (class `qty.unit`) | QUANTITY | [hơn 4.100 đảng viên], [15 năm] |
//! | after digits, one or two plain lower-case syllables that are no function word (`num.stop`), label or known non-unit | QUANTITY, `unit_inferred` | [12 giếng khoan] |
//!
//! A qualifier directly before the number (class `num.qualifier`: hơn, gần,
//! khoảng, ít nhất …) is part of the span and sets `op`; a tail after it
//! (class `num.tail`: trở lên, trở xuống) sets `op` but stays outside. "a/b
//! unit" and "a trên b unit" are ratios (`value` a, `total` b); "10-15",
//! "từ 10 đến 15" and "20% đến 25%" are ranges (`value` the lower bound,
//! `max` the upper one).
//!
//! Never a claim: a number right after a label word (class `num.label`:
//! ngày, tháng, năm, số, phường, ấp, lần, thứ, khóa, Chỉ thị …: dates,
//! addresses, ordinals, codes), unless that word is a time noun used as a
//! period ("mỗi tháng 1 lần"); numbers glued to `/`, `-` or `.` (codes,
//! URLs); phone numbers and other identifiers; numbers without a unit;
//! capitalised number words inside a sentence (names such as "Ba Vì");
//! the article "một" without a qualifier.
//!
//! Attributes (all values are JSON numbers):
//!
//! | key | labels | meaning |
//! |---|---|---|
//! | `value` | all | PERCENT in percent (86.1), MONEY in units of `currency`, QUANTITY the count or measure; a range's lower bound; a ratio's numerator |
//! | `max` | all | upper bound of a range |
//! | `op` | all | `>` `<` `~` `>=` `<=` from a qualifier or tail; absent means `=` |
//! | `decimals` | PERCENT | digits after the decimal separator, when any (the precision consistency checks use) |
//! | `points` | PERCENT | `true` for percentage points ("điểm phần trăm") |
//! | `currency` | MONEY | ISO 4217 code: `VND`, `USD` … |
//! | `currency_implied` | MONEY | `true` when no currency word is written ("kinh phí 2 tỷ") |
//! | `unit`, `kind` | QUANTITY | canonical unit ("đảng viên" for "ĐV") and `count`, `times`, `duration`, `age` or `measure` |
//! | `unit_inferred` | QUANTITY | `true` when the counted noun is not in the lexicon and was read as the one or two plain syllables after the number |
//! | `total` | QUANTITY | a ratio's denominator |
//! | `per` | MONEY, QUANTITY, PERCENT | a rate's denominator units: "năm", "người/năm" |

use super::{Candidate, Document, Tagger};
use crate::attrs::{Attrs, Currency, NumericAttrs, Rule, Source, Unit};
use crate::document::shape;
use crate::label::Label;
use crate::lexicon::EntryId;
use crate::numbers::{
    guess_style, may_read_past, parse_numeral, parse_range_or_number, scale_word, DecimalStyle,
};
use crate::numeric::{tidy, Op, Role, UnitKind};
use crate::syllables::TokenKind;

/// What follows a number.
enum What {
    Percent {
        points: bool,
    },
    Money {
        currency: Currency,
    },
    /// `unit` is the lexicon entry of the counted noun, if it has one.
    Quantity {
        unit: Option<EntryId>,
        kind: UnitKind,
    },
}

/// Tags PERCENT, MONEY and QUANTITY (see the [module docs](self)).
#[derive(Debug, Default)]
pub(crate) struct NumericTagger;

impl NumericTagger {
    /// Below lexicon entries: a listed name wins a tie with a number rule.
    pub(crate) const PRIORITY: u8 = 40;

    /// The span that starts with the number at token `i`, if any, and the
    /// token to go on from; `None` as span skips a number that is no claim
    /// (with all its words, so that "2016" of "2015 - 2016" is not read
    /// again). The steps are the functions below, in reading order.
    fn at(
        &self,
        doc: &Document<'_>,
        i: usize,
        style: DecimalStyle,
    ) -> Option<(Option<Candidate>, usize)> {
        let mut r = match read_number(doc, i, style)? {
            Read::Skip(next) => return Some((None, next)),
            Read::Number(r) => r,
        };
        let mut f = what_follows(doc, i, &r)?;
        if r.total.is_some() && !matches!(f.what, What::Quantity { .. }) {
            return None;
        }
        if idiom(doc, i, &r, &f) {
            return None;
        }
        and_a_half(doc, &mut r, &mut f);
        rates(doc, &mut f);
        if f.needs_rate && f.per.is_none() {
            return None; // the "/" led to no rate
        }
        percent_range(doc, &mut r, &mut f, style);
        let (start, mut op) = qualifier(doc, i);
        if r.is_lone("một") && op == Op::Eq {
            return None; // the article "một", not the number 1
        }
        if self.labelled(doc, start) {
            return Some((None, r.last + 1));
        }
        if f.implied && !money_context(doc, start) {
            return None;
        }
        if op == Op::Eq {
            op = tail_op(doc, f.end).unwrap_or(op);
        }
        // The view can fold a sign and a combining mark into one cluster
        // ("%\u{300}"), leaving the sign's token no original text: the span
        // must begin and end on tokens that have some.
        let has_text = |t: usize| doc.tokens.get(t).is_some_and(|t| !t.orig.is_empty());
        if !has_text(start) || !f.end.checked_sub(1).is_some_and(has_text) {
            return None;
        }
        let end = f.end;
        Some((Some(candidate(doc, r, f, start, op)), end))
    }

    /// True if the number (or its qualifier) at `start` follows a label word
    /// that makes it a date part, address, ordinal or code.
    fn labelled(&self, doc: &Document<'_>, start: usize) -> bool {
        let Some(p) = doc.prev_on_line(start) else {
            return false;
        };
        let Some((hit, role)) =
            doc.longest_role_ending(p + 1, |r| matches!(r, Role::Label(_) | Role::Pass))
        else {
            return false;
        };
        let Role::Label(time) = role else {
            return false;
        };
        if !*time {
            return true;
        }
        // A time noun after a number or "mỗi" is a period: "mỗi tháng 1 lần".
        let Some(b) = doc.prev_on_line(hit.tokens.start) else {
            return true;
        };
        let counted = doc.kind(b) == Some(TokenKind::Number)
            || doc.has_shape(b, shape::NUMBER_WORD)
            || doc
                .longest_role_ending(b + 1, |r| matches!(r, Role::Every))
                .is_some();
        !counted
    }
}

/// How many words after a number are read as part of it, at most.
const NUMBER_WORDS: usize = 14;

/// A number read at the start of a possible claim.
struct Reading<'x> {
    /// The value; a range's lower bound; a ratio's numerator.
    lo: f64,
    /// A range's upper bound.
    hi: Option<f64>,
    /// A ratio's denominator: "31/36", "31 trên 36".
    total: Option<f64>,
    /// The document's decimal style, for [`Reading::decimals`].
    style: DecimalStyle,
    /// The token of the number's last word.
    last: usize,
    /// The number's first word, as in the view.
    first: &'x str,
    /// Written in digits, not words.
    digits: bool,
    /// The number is its first word alone.
    single: bool,
    /// "triệu", "tỷ" among its words: the size of a sum of money.
    scaled: bool,
    /// Any scale word among its words (a currency may ask for one).
    any_scale: bool,
    /// "nghìn", "ngàn", "vạn" among its words.
    thousands: bool,
}

impl Reading<'_> {
    /// True for the number word `w` alone ("năm", "một"), which is often no
    /// number at all.
    fn is_lone(&self, w: &str) -> bool {
        !self.digits && self.single && self.first == w
    }

    /// Digits after the decimal separator of a number in digits: asked of
    /// the few numbers that become a percentage or a duration, not of all.
    fn decimals(&self) -> u8 {
        if !self.digits {
            return 0;
        }
        let head = self.first.split(['-', '–']).next().unwrap_or(self.first);
        parse_numeral(head, self.style).map_or(0, |n| n.decimals)
    }
}

/// The outcome of reading a number.
enum Read<'x> {
    /// A number that may start a claim.
    Number(Reading<'x>),
    /// A number that is no claim, and the token to go on from.
    Skip(usize),
}

/// Reads the number at token `i`: digits or number words, a range ("10-15",
/// "từ 10 đến 15") or a ratio ("31/36", "31 trên 36 đơn vị").
fn read_number<'x>(doc: &'x Document<'_>, i: usize, style: DecimalStyle) -> Option<Read<'x>> {
    let tok = doc.tokens.get(i)?;
    let first = doc.word(i);
    let digits = tok.kind == TokenKind::Number;
    if !doc.has_shape(i, shape::DIGITS | shape::NUMBER_WORD) {
        return None;
    }
    if glued_to_code(doc, i) || digits && first.contains(':') {
        return None;
    }
    if !digits && tok.capitalized && !doc.sentence_initial(i) {
        return None; // "Ba Vì", "anh Tám"
    }
    let mut words = [""; NUMBER_WORDS];
    let mut idx = [0usize; NUMBER_WORDS];
    let n = words_from(doc, i, &mut words, &mut idx);
    let words = &words[..n];
    let (lo, hi, mut used, mut total) = if digits && first.contains('/') {
        let (a, b) = slash_ratio(first, style)?;
        (a, None, 1, Some(b))
    } else {
        let (lo, hi, used) = parse_range_or_number(words, style)?;
        (lo, hi, used, None)
    };
    // "2015 - 2016" is a span of years, whatever follows it.
    if let Some(hi) = hi {
        let year = |v: f64| v.fract() == 0.0 && (1900.0..=2100.0).contains(&v);
        if digits && year(lo) && year(hi) && !first.contains(['.', ',']) {
            let next = idx.get(used.saturating_sub(1)).map_or(i + 1, |&k| k + 1);
            return Some(Read::Skip(next));
        }
    }
    if total.is_none() && hi.is_none() {
        if let Some(b) = ratio_in_words(doc, words, &idx, used, lo, style) {
            total = Some(b);
            used += 2;
        }
    }
    let last = *idx.get(used.checked_sub(1)?)?;
    let read = &words[..used];
    Some(Read::Number(Reading {
        lo,
        hi,
        total,
        style,
        last,
        first,
        digits,
        single: used == 1,
        scaled: read.iter().any(|w| matches!(*w, "triệu" | "tỷ" | "tỉ")),
        any_scale: read.iter().any(|w| scale_word(w).is_some()),
        thousands: read.iter().any(|w| matches!(*w, "nghìn" | "ngàn" | "vạn")),
    }))
}

/// True if the number at `i` is glued to a code, path or URL:
/// "news/32/142636", "QL-14".
fn glued_to_code(doc: &Document<'_>, i: usize) -> bool {
    i.checked_sub(1).is_some_and(|p| {
        doc.kind(p) == Some(TokenKind::Punct)
            && matches!(doc.word(p), "/" | "-" | "." | "_" | "#" | "–" | "+" | "@")
    })
}

/// The word between the numbers of a ratio in words: "31 trên 36".
const RATIO_WORD: &str = "trên";

/// Fills `words` with the words from token `i` on along its line (spaces
/// left out) and `idx` with their token indices; returns how many.
///
/// The readers of [`crate::numbers`] stop at the first word they cannot
/// read past, and [`RATIO_WORD`] is the only other word read past (by
/// [`ratio_in_words`]), so the words end with that first word: most
/// numbers take one or two.
fn words_from<'x>(
    doc: &'x Document<'_>,
    i: usize,
    words: &mut [&'x str; NUMBER_WORDS],
    idx: &mut [usize; NUMBER_WORDS],
) -> usize {
    let mut n = 0;
    let mut j = i;
    while n < NUMBER_WORDS {
        let Some(k) = doc.next_on_line(j) else { break };
        let w = doc.word(k);
        words[n] = w;
        idx[n] = k;
        n += 1;
        j = k + 1;
        if !may_read_past(w) && w != RATIO_WORD {
            break;
        }
    }
    n
}

/// "31/36": a ratio of whole numbers (numerator, denominator); `None` for a
/// date such as 05/01/2022 or a fraction that is no count.
fn slash_ratio(word: &str, style: DecimalStyle) -> Option<(f64, f64)> {
    let (a, b) = word.split_once('/')?;
    if b.contains('/') {
        return None;
    }
    let a = parse_numeral(a, style)?;
    let b = parse_numeral(b, style)?;
    if a.decimals > 0 || b.decimals > 0 || b.value == 0.0 {
        return None;
    }
    Some((a.value, b.value))
}

/// "31 trên 36 TCCS": the denominator of a ratio in words, when a unit
/// follows it.
fn ratio_in_words(
    doc: &Document<'_>,
    words: &[&str],
    idx: &[usize],
    used: usize,
    lo: f64,
    style: DecimalStyle,
) -> Option<f64> {
    if words.get(used) != Some(&RATIO_WORD) {
        return None;
    }
    let b = words
        .get(used + 1)
        .filter(|w| w.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .and_then(|w| parse_numeral(w, style))?;
    let unit_next = idx
        .get(used + 2)
        .is_some_and(|&k| doc.longest_role_starting(k, is_unit).is_some());
    (b.value >= lo && b.decimals == 0 && b.value > 0.0 && unit_next).then_some(b.value)
}

/// What follows a number, and so what it is a claim of.
struct Follow {
    what: What,
    /// The token after the span so far.
    end: usize,
    /// The first token after the number's words.
    after: usize,
    /// MONEY without a currency word, that a rate must license ("50
    /// triệu/người/năm").
    needs_rate: bool,
    /// MONEY without a currency word, that a money word before must license
    /// ("kinh phí hơn 2 tỷ").
    implied: bool,
    /// A counted noun the lexicon does not list: its first word's token
    /// and its second word's, if any. Its text is copied out only for a
    /// candidate made (most numbers read go no further).
    inferred: Option<(usize, Option<usize>)>,
    /// A rate's denominator units: "năm", "người/năm".
    per: Option<String>,
}

/// Reads what follows the number `r` (which starts at token `i`): "%", a
/// unit, currency or percent word, a scale word alone (money), or an
/// unlisted counted noun.
fn what_follows(doc: &Document<'_>, i: usize, r: &Reading<'_>) -> Option<Follow> {
    let next = doc.next_on_line(r.last + 1);
    let q = next.unwrap_or(r.last + 1);
    let follow = |what, end| Follow {
        what,
        end,
        after: q,
        needs_rate: false,
        implied: false,
        inferred: None,
        per: None,
    };
    let vnd = What::Money {
        currency: Currency::VND,
    };
    if next.is_some() && doc.kind(q) == Some(TokenKind::Punct) && doc.word(q) == "%" {
        return Some(follow(What::Percent { points: false }, q + 1));
    }
    if let Some(q) = next {
        if let Some((what, end)) = unit_after(doc, q, r)? {
            return Some(follow(what, end));
        }
    }
    if r.scaled && q == r.last + 1 && doc.word(q) == "/" {
        // "50 triệu/người/năm": money without a currency word.
        return Some(Follow {
            needs_rate: true,
            ..follow(vnd, q)
        });
    }
    if (r.scaled || r.thousands) && next.is_none_or(|q| nothing_else_counted(doc, q)) {
        // "kinh phí hơn 2 tỷ": checked against the words before, later.
        return Some(Follow {
            implied: true,
            ..follow(vnd, r.last + 1)
        });
    }
    // "12 giếng khoan": a counted noun missing from the lexicon.
    let (end, noun) = next.and_then(|q| open_noun(doc, i, q, r.lo, r.hi))?;
    let count = What::Quantity {
        unit: None,
        kind: UnitKind::Count,
    };
    Some(Follow {
        inferred: Some(noun),
        ..follow(count, end)
    })
}

/// A unit, currency or percent word from token `q`: `Some(None)` when there
/// is none, `None` when what is there rules the number out.
fn unit_after(doc: &Document<'_>, q: usize, r: &Reading<'_>) -> Option<Option<(What, usize)>> {
    let Some((hit, role)) = doc.longest_role_starting(q, |r| {
        matches!(
            r,
            Role::Unit { .. } | Role::Currency(..) | Role::NotUnit | Role::Percent(_)
        )
    }) else {
        return Some(None);
    };
    // A common noun capitalised inside a sentence starts a name:
    // "năm Bộ Công Thương", "hai Nhà nước".
    let named = doc
        .tokens
        .get(q)
        .is_some_and(|t| t.capitalized && !t.all_upper)
        && doc
            .lexicon
            .entry(hit.entry)
            .and_then(|e| e.surface.chars().next())
            .is_some_and(char::is_lowercase)
        && !doc.sentence_initial(q);
    if named {
        return None;
    }
    let what = match role {
        Role::Percent(points) => What::Percent { points: *points },
        Role::Currency(c, needs_scale) => {
            if *needs_scale && !r.any_scale {
                return None;
            }
            What::Money { currency: *c }
        }
        Role::Unit { kind, .. } => What::Quantity {
            unit: Some(EntryId(hit.entry)),
            kind: *kind,
        },
        _ => return None,
    };
    Some(Some((what, hit.tokens.end)))
}

/// True if token `q` names no other thing counted, so that a scale word
/// before it can be money: "giá 15 tỷ tại Hà Nội", not "23 triệu bảng" or
/// "98 triệu viên".
fn nothing_else_counted(doc: &Document<'_>, q: usize) -> bool {
    doc.kind(q) != Some(TokenKind::Word)
        || doc.tokens.get(q).is_some_and(|t| t.capitalized)
        || doc
            .longest_role_starting(q, |r| matches!(r, Role::Stop))
            .is_some()
}

/// True if the number and what follows is an idiom, not a claim: "năm
/// tháng" (years and months) and "năm năm"; "hàng năm", "mỗi năm" (the noun
/// "year"); "năm học", "năm bản lề" (a compound after the noun "năm"); and
/// "6,7 năm 2017" (a fraction of a year before a year: a lost "%").
fn idiom(doc: &Document<'_>, i: usize, r: &Reading<'_>, f: &Follow) -> bool {
    let duration = matches!(
        f.what,
        What::Quantity {
            kind: UnitKind::Duration,
            ..
        }
    );
    if r.is_lone("năm") {
        let compound = f.after + 1 == f.end
            && doc.next_on_line(f.end).is_some_and(|t| {
                doc.kind(t) == Some(TokenKind::Word)
                    && doc.tokens.get(t).is_some_and(|t| !t.capitalized)
            });
        let every = doc.prev_on_line(i).is_some_and(|p| {
            doc.longest_role_ending(p + 1, |r| matches!(r, Role::Every))
                .is_some()
        });
        if compound || duration || every {
            return true;
        }
    }
    duration
        && r.decimals() > 0
        && doc.next_on_line(f.end).and_then(|t| doc.kind(t)) == Some(TokenKind::Number)
}

/// "3 năm rưỡi": a quantity and a half.
fn and_a_half(doc: &Document<'_>, r: &mut Reading<'_>, f: &mut Follow) {
    if !matches!(f.what, What::Quantity { .. }) || r.hi.is_some() || r.total.is_some() {
        return;
    }
    if let Some(h) = doc.next_on_line(f.end) {
        if matches!(doc.word(h), "rưỡi" | "rưởi") {
            r.lo += 0.5;
            f.end = h + 1;
        }
    }
}

/// Rates after the unit: "/năm", "/người/năm".
fn rates(doc: &Document<'_>, f: &mut Follow) {
    while doc.word(f.end) == "/" && doc.kind(f.end) == Some(TokenKind::Punct) {
        let Some((hit, Role::Unit { unit, .. })) = doc.longest_role_starting(f.end + 1, is_unit)
        else {
            break;
        };
        let p = f.per.get_or_insert_with(String::new);
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str(unit);
        f.end = hit.tokens.end;
    }
}

/// "20% đến 25%": a range of percentages.
fn percent_range(doc: &Document<'_>, r: &mut Reading<'_>, f: &mut Follow, style: DecimalStyle) {
    if r.hi.is_some() || !matches!(f.what, What::Percent { .. }) {
        return;
    }
    let Some(j) = doc
        .next_on_line(f.end)
        .filter(|&j| matches!(doc.word(j), "đến" | "-" | "–"))
    else {
        return;
    };
    let Some(k) = doc
        .next_on_line(j + 1)
        .filter(|&k| doc.kind(k) == Some(TokenKind::Number))
    else {
        return;
    };
    let Some(b) = parse_numeral(doc.word(k), style) else {
        return;
    };
    if let Some(pc) = doc.next_on_line(k + 1) {
        if doc.word(pc) == "%" && b.value >= r.lo {
            r.hi = Some(b.value);
            f.end = pc + 1;
        }
    }
}

/// A qualifier directly before the number at `i` ("hơn", "gần"): where the
/// span starts and the comparison it says.
fn qualifier(doc: &Document<'_>, i: usize) -> (usize, Op) {
    let Some(p) = doc.prev_on_line(i) else {
        return (i, Op::Eq);
    };
    let Some((hit, Role::Qualifier(o))) = doc.longest_role_ending(p + 1, |r| {
        matches!(r, Role::Qualifier(_) | Role::NotQualifier)
    }) else {
        return (i, Op::Eq);
    };
    // "31 trên 36": "trên" between numbers is no qualifier.
    let after_number = doc
        .prev_on_line(hit.tokens.start)
        .is_some_and(|b| doc.kind(b) == Some(TokenKind::Number));
    if after_number {
        (i, Op::Eq)
    } else {
        (hit.tokens.start, *o)
    }
}

/// The comparison of a tail after the span ("trở lên"), if any.
fn tail_op(doc: &Document<'_>, end: usize) -> Option<Op> {
    let t = doc.next_on_line(end)?;
    match doc.longest_role_starting(t, |r| matches!(r, Role::Tail(_))) {
        Some((_, Role::Tail(o))) => Some(*o),
        _ => None,
    }
}

/// The candidate of a claim read from token `start` to `f.end`.
fn candidate(doc: &Document<'_>, r: Reading<'_>, f: Follow, start: usize, op: Op) -> Candidate {
    let mut attrs = NumericAttrs::new(tidy(r.lo));
    attrs.max = r.hi.map(tidy);
    attrs.op = op;
    attrs.per = f.per.map(String::into_boxed_str);
    let label = match f.what {
        What::Percent { points } => {
            attrs.decimals = r.decimals();
            attrs.points = points;
            Label::Percent
        }
        What::Money { currency } => {
            attrs.currency = Some(currency);
            attrs.currency_implied = f.implied || f.needs_rate;
            Label::Money
        }
        What::Quantity { unit, kind } => {
            attrs.unit = match f.inferred {
                Some(noun) => Some(Unit::Inferred(noun_text(doc, noun))),
                None => unit.map(Unit::Entry),
            };
            attrs.kind = Some(kind);
            attrs.total = r.total.map(tidy);
            Label::Quantity
        }
    };
    Candidate {
        tokens: start..f.end,
        label,
        attrs: Attrs::Numeric(attrs),
        source: Source::Rule(Rule::NUMERIC),
        priority: NumericTagger::PRIORITY,
    }
}

/// The decimal style of a document's number tokens.
///
/// [`guess_style`] leaves "2.901" out as ambiguous and counts "22.5" as
/// English, so one "22.5" would turn every "2.901" of a Vietnamese text into
/// 2.901. In Vietnamese text a dot before exactly three digits groups
/// thousands, so here the English guess stands only if the text also groups
/// thousands with commas ("1,234,567", "1,234.5") at least as often as it
/// writes "2.901".
fn document_style<'a>(numbers: impl Iterator<Item = &'a str> + Clone) -> DecimalStyle {
    let guessed = guess_style(numbers.clone());
    if guessed == DecimalStyle::Vietnamese {
        return guessed;
    }
    let grouped = |w: &str, sep: u8| {
        let b = w.as_bytes();
        let Some(first) = b.iter().position(|&c| c == sep) else {
            return 0;
        };
        let groups = w.split(sep as char).count() - 1;
        let head_ok = (1..=3).contains(&first) && b.first() != Some(&b'0');
        let tail_ok = w
            .split(sep as char)
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|c| c.is_ascii_digit()));
        if head_ok && tail_ok && b[..first].iter().all(u8::is_ascii_digit) {
            groups
        } else {
            0
        }
    };
    let dot_thousands = numbers.clone().filter(|w| grouped(w, b'.') == 1).count();
    let comma_grouping = numbers
        .filter(|w| {
            let head = w.split('.').next().unwrap_or(w);
            grouped(head, b',') >= 2 || (grouped(head, b',') == 1 && head.len() < w.len())
        })
        .count();
    if dot_thousands > comma_grouping {
        DecimalStyle::Vietnamese
    } else {
        guessed
    }
}

/// A counted noun the lexicon does not list, after a number written in
/// digits: one or two lower-case syllables that are no function word
/// (`num.stop`), label, qualifier or known non-unit, after a number that is
/// no year and does not follow a name ("Windows 10"). Returns the token
/// after the noun and the tokens of its one or two words.
fn open_noun(
    doc: &Document<'_>,
    i: usize,
    q: usize,
    lo: f64,
    hi: Option<f64>,
) -> Option<(usize, (usize, Option<usize>))> {
    let toks = doc.tokens;
    let digits = doc.word(i);
    // Whole counts of two or more, written apart from the noun: not "1 chút",
    // "16,30 gam", "29/1 vừa", "07xx".
    if doc.kind(i) != Some(TokenKind::Number)
        || digits.contains(['/', ':'])
        || q == i + 1
        || lo < 2.0
        || lo.fract() != 0.0
    {
        return None;
    }
    let year = |v: f64| v.fract() == 0.0 && (1900.0..=2100.0).contains(&v);
    if year(lo) || hi.is_some_and(year) {
        return None;
    }
    if after_name_or_quote(doc, i) {
        return None;
    }
    let plain = |t: usize| plain_noun_word(doc, t);
    if !plain(q) {
        return None;
    }
    let mut end = q + 1;
    let second = doc.next_on_line(end).filter(|&r| r == end + 1 && plain(r));
    if let Some(r) = second {
        end = r + 1;
    }
    // A closing quote (a slogan), or a name after the noun: an address such
    // as "215 phố Trung Kính".
    if doc.next_on_line(end).is_some_and(|c| {
        matches!(doc.word(c), "”" | "\"" | "'" | "’")
            || (c == end + 1 && toks.get(c).is_some_and(|t| t.capitalized))
    }) {
        return None;
    }
    Some((end, (q, second)))
}

/// The text of the counted noun of [`open_noun`]: its words in the view,
/// one space apart, in one allocation.
fn noun_text(doc: &Document<'_>, (q, second): (usize, Option<usize>)) -> Box<str> {
    let first = doc.word(q);
    let Some(r) = second else {
        return first.into();
    };
    let last = doc.word(r);
    let mut noun = String::with_capacity(first.len() + 1 + last.len());
    noun.push_str(first);
    noun.push(' ');
    noun.push_str(last);
    noun.into_boxed_str()
}

/// True if the number at `i` follows a name ("Windows 10", "Trung đoàn
/// 841", "Chi bộ 4") or opens a quoted slogan ("“5 không, 3 chống”").
fn after_name_or_quote(doc: &Document<'_>, i: usize) -> bool {
    let mut t = i;
    for _ in 0..3 {
        let Some(p) = doc.prev_on_line(t).filter(|&p| p + 2 >= t) else {
            break;
        };
        let Some(tok) = doc.tokens.get(p) else {
            return true;
        };
        if tok.kind != TokenKind::Word {
            break;
        }
        if tok.capitalized && !doc.sentence_initial(p) {
            return true;
        }
        t = p;
    }
    doc.prev_on_line(i)
        .is_some_and(|p| matches!(doc.word(p), "“" | "\"" | "'" | "‘"))
}

/// True if token `t` can be (part of) a counted noun the lexicon does not
/// list: a lower-case word of two or more letters that is no number or
/// scale word and starts no lexicon entry with a numeric role other than
/// those a noun may have.
fn plain_noun_word(doc: &Document<'_>, t: usize) -> bool {
    let Some(tok) = doc.tokens.get(t) else {
        return false;
    };
    if tok.kind != TokenKind::Word || tok.capitalized {
        return false;
    }
    // Two letters or more, no digit: what the document's spelling memo
    // knows of the word, one test per token instead of a pass over its
    // characters through the Unicode tables.
    let spelling = doc.spelling(t);
    spelling.long()
        && spelling.letters()
        && !doc.has_shape(t, shape::NUMBER_WORD)
        && scale_word(doc.word(t)).is_none()
        && doc
            .longest_role_starting(t, |r| {
                !matches!(
                    r,
                    Role::Other
                        | Role::Unit { .. }
                        | Role::Metric { .. }
                        | Role::MoneyContext
                        | Role::Basis(_)
                        | Role::Rate
                )
            })
            .is_none()
}

/// True if a `money.context` word ("kinh phí", "trị giá", "hỗ trợ") ends
/// at most three words before token `start`, with no punctuation between.
fn money_context(doc: &Document<'_>, start: usize) -> bool {
    let mut t = start;
    let mut words = 0;
    while let Some(p) = doc.prev_on_line(t) {
        if doc
            .hits_ending(p + 1)
            .any(|h| matches!(doc.role(h), Role::MoneyContext))
        {
            return true;
        }
        if doc.kind(p) != Some(TokenKind::Word) || words == 3 {
            return false;
        }
        words += 1;
        t = p;
    }
    false
}

fn is_unit(r: &Role) -> bool {
    matches!(r, Role::Unit { .. })
}

impl Tagger for NumericTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        // The number tokens are the ones with the DIGITS bit.
        let numbers = doc.shaped(shape::DIGITS).map(|i| doc.word(i));
        let style = document_style(numbers);
        // Only digits and number words start a number; a match is passed
        // over whole.
        let mut next = 0;
        for i in doc.shaped(shape::DIGITS | shape::NUMBER_WORD) {
            if i < next {
                continue;
            }
            if let Some((cand, end)) = self.at(doc, i, style) {
                out.extend(cand);
                next = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use std::sync::OnceLock;

    use crate::{Annotator, AnnotatorBuilder, Label, LabelSet};

    fn annotator() -> &'static Annotator {
        static A: OnceLock<Annotator> = OnceLock::new();
        A.get_or_init(|| {
            let mut labels = LabelSet::empty();
            for l in [Label::Percent, Label::Money, Label::Quantity] {
                labels.insert(l);
            }
            AnnotatorBuilder::new()
                .labels(labels)
                .build()
                .expect("default lexicons build")
        })
    }

    /// (label, text, attrs) of every numeric span of `text`.
    fn spans(text: &str) -> Vec<(Label, String, Value)> {
        let ann = annotator().annotate(text);
        ann.entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.label, e.text(text).to_string(), ann.attrs_json(i, text)))
            .collect()
    }

    /// Checks one sentence: the spans' texts and labels, and that each
    /// expected attribute is present with that value.
    fn check(text: &str, want: &[(Label, &str, Value)]) {
        let got = spans(text);
        let texts: Vec<(Label, &str)> = got.iter().map(|(l, t, _)| (*l, t.as_str())).collect();
        let want_texts: Vec<(Label, &str)> = want.iter().map(|(l, t, _)| (*l, *t)).collect();
        assert_eq!(texts, want_texts, "{text}");
        for ((_, t, attrs), (_, _, w)) in got.iter().zip(want) {
            for (k, v) in w.as_object().expect("attrs") {
                assert_eq!(attrs.get(k), Some(v), "{text}: {t}: {k} in {attrs}");
            }
        }
    }

    use Label::{Money as M, Percent as P, Quantity as Q};

    #[test]
    fn counted_nouns_and_units() {
        check(
            "Đảng bộ phường Tân Lập hiện có 27 chi bộ trực thuộc với gần 1.350 đảng viên.",
            &[
                (
                    Q,
                    "27 chi bộ",
                    json!({"value": 27, "unit": "chi bộ", "kind": "count"}),
                ),
                (
                    Q,
                    "gần 1.350 đảng viên",
                    json!({"value": 1350, "op": "<", "unit": "đảng viên"}),
                ),
            ],
        );
        check(
            "Huyện có 64 tổ chức cơ sở Đảng, trong đó 21 chi bộ cơ sở và 43 đảng bộ cơ sở.",
            &[
                (
                    Q,
                    "64 tổ chức cơ sở Đảng",
                    json!({"value": 64, "unit": "tổ chức cơ sở đảng"}),
                ),
                (Q, "21 chi bộ cơ sở", json!({"value": 21})),
                (Q, "43 đảng bộ cơ sở", json!({"value": 43})),
            ],
        );
        check(
            "Năm qua chi bộ kết nạp 07 ĐV, giới thiệu 12 quần chúng ưu tú đi học lớp cảm tình Đảng.",
            &[
                (Q, "07 ĐV", json!({"value": 7, "unit": "đảng viên"})),
                (Q, "12 quần chúng ưu tú", json!({"value": 12})),
            ],
        );
        check(
            "Dự án thu hồi 12,5 ha đất của 86 hộ dân, làm tuyến đường dài 3,2 km.",
            &[
                (
                    Q,
                    "12,5 ha",
                    json!({"value": 12.5, "unit": "ha", "kind": "measure"}),
                ),
                (Q, "86 hộ dân", json!({"value": 86, "unit": "hộ"})),
                (Q, "3,2 km", json!({"value": 3.2, "unit": "km"})),
            ],
        );
        check(
            "Trạm y tế đón 1.240 lượt khách, mỗi quý 1 lần tổ chức khám cho 95 học sinh.",
            &[
                (Q, "1.240 lượt khách", json!({"value": 1240})),
                (
                    Q,
                    "1 lần",
                    json!({"value": 1, "unit": "lần", "kind": "times"}),
                ),
                (Q, "95 học sinh", json!({"value": 95})),
            ],
        );
    }

    #[test]
    fn durations_and_ages() {
        check(
            "Sau 15 năm xây dựng, trong 6 tháng đầu năm, xã kỷ niệm 3 năm rưỡi ngày tái lập.",
            &[
                (
                    Q,
                    "15 năm",
                    json!({"value": 15, "unit": "năm", "kind": "duration"}),
                ),
                (Q, "6 tháng", json!({"value": 6, "unit": "tháng"})),
                (Q, "3 năm rưỡi", json!({"value": 3.5, "unit": "năm"})),
            ],
        );
        check(
            "Thanh niên từ 18-25 tuổi được tặng Huy hiệu 30 năm tuổi Đảng.",
            &[
                (
                    Q,
                    "18-25 tuổi",
                    json!({"value": 18, "max": 25, "kind": "age"}),
                ),
                (
                    Q,
                    "30 năm tuổi Đảng",
                    json!({"value": 30, "unit": "năm tuổi đảng"}),
                ),
            ],
        );
    }

    #[test]
    fn number_words() {
        check(
            "Chi bộ kết nạp hai mươi lăm quần chúng, sau ba năm có thêm mười hai đảng viên.",
            &[
                (Q, "hai mươi lăm quần chúng", json!({"value": 25})),
                (Q, "ba năm", json!({"value": 3, "unit": "năm"})),
                (Q, "mười hai đảng viên", json!({"value": 12})),
            ],
        );
        check(
            "Hai đồng chí được khen thưởng. Một trăm linh năm hộ nhận quà.",
            &[
                (Q, "Hai đồng chí", json!({"value": 2})),
                (Q, "Một trăm linh năm hộ", json!({"value": 105})),
            ],
        );
        check(
            "Hội nghị thu hút 1,5 triệu lượt người và nửa triệu hội viên.",
            &[
                (Q, "1,5 triệu lượt người", json!({"value": 1_500_000})),
                (Q, "nửa triệu hội viên", json!({"value": 500_000})),
            ],
        );
    }

    #[test]
    fn percents() {
        check(
            "Tỷ lệ hộ nghèo giảm còn 0,75%, hộ cận nghèo còn 2,1 %; 100% chi bộ có cấp ủy.",
            &[
                (P, "0,75%", json!({"value": 0.75, "decimals": 2})),
                (P, "2,1 %", json!({"value": 2.1, "decimals": 1})),
                (P, "100%", json!({"value": 100})),
            ],
        );
        check(
            "Tăng trưởng đạt 7 phần trăm, tăng 0,5 điểm phần trăm.",
            &[
                (P, "7 phần trăm", json!({"value": 7})),
                (
                    P,
                    "0,5 điểm phần trăm",
                    json!({"value": 0.5, "points": true}),
                ),
            ],
        );
        check(
            "Lãi suất cho vay ưu đãi 6,6%/năm.",
            &[(P, "6,6%/năm", json!({"value": 6.6, "per": "năm"}))],
        );
    }

    #[test]
    fn money() {
        check(
            "Thu nhập bình quân đạt 61,4 triệu đồng/người/năm, tăng 4,5 triệu đồng.",
            &[
                (
                    M,
                    "61,4 triệu đồng/người/năm",
                    json!({"value": 61_400_000, "currency": "VND", "per": "người/năm"}),
                ),
                (M, "4,5 triệu đồng", json!({"value": 4_500_000})),
            ],
        );
        check(
            "Tổng vốn 3 tỷ 200 triệu đồng, trong đó 1,2 triệu USD vốn ODA và 250.000 đ tiền mặt.",
            &[
                (
                    M,
                    "3 tỷ 200 triệu đồng",
                    json!({"value": 3_200_000_000_i64}),
                ),
                (
                    M,
                    "1,2 triệu USD",
                    json!({"value": 1_200_000, "currency": "USD"}),
                ),
                (M, "250.000 đ", json!({"value": 250_000, "currency": "VND"})),
            ],
        );
        check(
            "Mức hỗ trợ hai triệu rưỡi đồng, thu nhập đạt 55 triệu/người/năm.",
            &[
                (M, "hai triệu rưỡi đồng", json!({"value": 2_500_000})),
                (
                    M,
                    "55 triệu/người/năm",
                    json!({"value": 55_000_000, "currency": "VND", "per": "người/năm"}),
                ),
            ],
        );
    }

    #[test]
    fn counted_nouns_missing_from_the_lexicon() {
        check(
            "Xã khoan 12 giếng nước, làm 35 nhà chờ và trồng 1 chút hoa.",
            &[
                (
                    Q,
                    "12 giếng nước",
                    json!({"value": 12, "unit": "giếng nước", "unit_inferred": true}),
                ),
                (Q, "35 nhà", json!({"value": 35, "unit": "nhà"})),
            ],
        );
        for text in [
            "Trung đoàn 841 chia sẻ kinh nghiệm với Chi bộ 4 đối với các đơn vị.",
            "Thực hiện phương châm “5 không, 3 chống” và “4 an”.",
            "Văn phòng tại 215 phố Trung Kính, Windows 10 hiện nay, mùa 2 trở lại.",
            "Năm 2016 đánh dấu bước ngoặt, từ 2016 dòng sản phẩm mới ra đời.",
        ] {
            assert_eq!(spans(text), vec![], "{text}");
        }
    }

    #[test]
    fn money_without_a_currency_word() {
        check(
            "Công trình có tổng kinh phí hơn 2 tỷ, hỗ trợ 2 triệu người; giá 15 tỷ tại tỉnh.",
            &[
                (
                    M,
                    "hơn 2 tỷ",
                    json!({"value": 2_000_000_000_i64, "currency": "VND", "currency_implied": true}),
                ),
                (Q, "2 triệu người", json!({"value": 2_000_000})),
                (M, "15 tỷ", json!({"value": 15_000_000_000_i64})),
            ],
        );
        check(
            "Cầu thủ được mua với giá 23 triệu bảng, chia thành 2 bảng đấu.",
            &[(
                M,
                "23 triệu bảng",
                json!({"value": 23_000_000, "currency": "GBP"}),
            )],
        );
        for text in [
            "Dân số toàn tỉnh 2 triệu.",
            "Kho chứa trị giá 98 triệu viên thuốc.",
        ] {
            assert!(
                spans(text).iter().all(|(l, _, _)| *l != M),
                "{text}: {:?}",
                spans(text)
            );
        }
    }

    #[test]
    fn every_qualifier() {
        let cases: &[(&str, &str, &str)] = &[
            ("hơn", "hơn 200 hộ", ">"),
            ("trên", "trên 200 hộ", ">"),
            ("vượt", "vượt 200 hộ", ">"),
            ("gần", "gần 200 hộ", "<"),
            ("dưới", "dưới 200 hộ", "<"),
            ("chưa đến", "chưa đến 200 hộ", "<"),
            ("khoảng", "khoảng 200 hộ", "~"),
            ("chừng", "chừng 200 hộ", "~"),
            ("xấp xỉ", "xấp xỉ 200 hộ", "~"),
            ("gần như", "gần như 200 hộ", "~"),
            ("ít nhất", "ít nhất 200 hộ", ">="),
            ("tối thiểu", "tối thiểu 200 hộ", ">="),
            ("không quá", "không quá 200 hộ", "<="),
            ("tối đa", "tối đa 200 hộ", "<="),
        ];
        for (q, span, op) in cases {
            let text = format!("Xã hỗ trợ {q} 200 hộ trong đợt này.");
            check(&text, &[(Q, span, json!({"value": 200, "op": op}))]);
        }
        check(
            "Có 96% đảng viên được xếp loại từ hoàn thành tốt nhiệm vụ, từ 95% trở lên.",
            &[
                (P, "96%", json!({"value": 96})),
                (P, "95%", json!({"value": 95, "op": ">="})),
            ],
        );
        check(
            "Đảng viên có từ 30 năm tuổi Đảng trở lên; tăng cao hơn 5% và tới 12 người.",
            &[
                (Q, "30 năm tuổi Đảng", json!({"value": 30, "op": ">="})),
                (P, "5%", json!({"value": 5})),
                (Q, "12 người", json!({"value": 12})),
            ],
        );
        // "một" is an article unless a qualifier makes it a number.
        check(
            "Mỗi chi bộ kết nạp ít nhất một đảng viên, một đảng viên trẻ phát biểu.",
            &[(Q, "ít nhất một đảng viên", json!({"value": 1, "op": ">="}))],
        );
    }

    #[test]
    fn ranges_and_ratios() {
        check(
            "Mỗi tổ có từ 15 đến 20 hộ, tỷ lệ đạt 20 đến 25%, kinh phí 2-3 triệu đồng.",
            &[
                (Q, "15 đến 20 hộ", json!({"value": 15, "max": 20})),
                (P, "20 đến 25%", json!({"value": 20, "max": 25})),
                (
                    M,
                    "2-3 triệu đồng",
                    json!({"value": 2_000_000, "max": 3_000_000}),
                ),
            ],
        );
        check(
            "Mức tăng từ 10% đến 12%, thời gian 3 - 5 năm.",
            &[
                (P, "10% đến 12%", json!({"value": 10, "max": 12})),
                (Q, "3 - 5 năm", json!({"value": 3, "max": 5})),
            ],
        );
        check(
            "Có 42/45 TCCS đảng hoàn thành tốt nhiệm vụ, 31 trên 36 chi bộ đạt tiêu chuẩn.",
            &[
                (
                    Q,
                    "42/45 TCCS đảng",
                    json!({"value": 42, "total": 45, "unit": "tổ chức cơ sở đảng"}),
                ),
                (Q, "31 trên 36 chi bộ", json!({"value": 31, "total": 36})),
            ],
        );
    }

    #[test]
    fn spans_end_on_original_text() {
        // A stray combining mark after "%" keeps its own offset: the sign
        // has its text and the span ends before the mark.
        let got = spans("4.100\t%\u{300}");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "4.100\t%");
    }

    #[test]
    fn document_style_prefers_dot_thousands() {
        use super::document_style;
        use crate::numbers::DecimalStyle::{English, Vietnamese};
        let cases: &[(&[&str], _)] = &[
            (&["2.901", "2.526", "22.5"], Vietnamese),
            (&["3.5", "1,234,567"], English),
            (&["3.5"], English),
            (&["3.5", "2.000", "1,234.5"], English),
            (&["58,9", "4.100"], Vietnamese),
        ];
        for (words, want) in cases {
            assert_eq!(document_style(words.iter().copied()), *want, "{words:?}");
        }
    }

    #[test]
    fn decimal_styles() {
        // A document that writes decimals with '.' and groups with ','.
        check(
            "Growth reached 3.5% while 1,234,567 người were counted.",
            &[
                (P, "3.5%", json!({"value": 3.5})),
                (Q, "1,234,567 người", json!({"value": 1_234_567})),
            ],
        );
    }

    #[test]
    fn non_claims() {
        let texts = [
            "Ngày 14/8, năm 2021, nhiệm kỳ 2020-2025 và giai đoạn 2021 - 2025.",
            "Điện thoại: 0271.3879.736; Fax: 0271.3887.436.",
            "Trụ sở ở số 12 đường Trần Hưng Đạo, phường 3, Chi bộ ấp 4.",
            "Bài 1: Đại hội lần thứ 2, khóa XIII, thực hiện Chỉ thị số 05-CT/TW.",
            "Theo Quyết định 1234/QĐ-UBND và Nghị định 30/2020/NĐ-CP.",
            "Vào thứ 2 hằng tuần, Lượt xem: 215.",
            "Từ tháng 6 năm 2023 đến ngày 15 tháng 8, lúc 8 giờ sáng.",
            "Lễ hội ngày 15 tháng Giêng ở quận Hai Bà Trưng và huyện Ba Vì.",
            "Một đảng viên trẻ và một cán bộ phát biểu.",
            "Trường học 2015 - 2016 nhà trường khai giảng; xem news/32/142636 tin.",
            "Những năm tháng khó khăn, hàng năm Bộ Công an kiểm tra.",
            "Chi bộ 5 tốt, đảng viên 5 tốt, giai đoạn 2 của dự án.",
        ];
        for t in texts {
            assert_eq!(spans(t), vec![], "{t}");
        }
    }
}
