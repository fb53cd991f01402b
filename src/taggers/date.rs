//! The DATE tagger: calendar dates, months, quarters, years, ranges and
//! terms, with their leading time noun and weekday, and a time of day
//! joined to a date.
//!
//! | form | span | `value` |
//! |------|------|---------|
//! | `05/01/2022`, `5-1-2022`, `05.01.2022`, `2022-01-05` | the number | `2022-01-05` |
//! | `ngày 13 tháng 7 năm 2023` | all | `2023-07-13` |
//! | `ngày 14/8`, Sáng `12-9`, hôm nay (`12/9`) | from `ngày` or the number | `--08-14` |
//! | `tháng 7/2023`, `tháng 7 năm 2023` | all | `2023-07` |
//! | `quý I/2023`, `quý II năm 2023` | all | `2023-01/2023-03` |
//! | `năm 2021`, `năm 2021 - 2022` | all | `2021`, `2021/2022` |
//! | `nhiệm kỳ 2020 - 2025`, `giai đoạn 2021-2025`, `năm học 2023-2024`, `mùa giải 2016-17` (class `date.term_noun`) | all | `2020/2025` |
//! | `hôm 13-6`, `hôm thứ Hai (6/2)` | from `hôm` | `--06-13` |
//! | `những năm 1990` (a decade) | all | `1990` |
//! | a year alone in brackets `(1994)`, `(2004 - 2011)`, or after `SN` (year of birth) | the number | `1994`, `2004/2011` |
//! | `09/9/2009 - 09/9/2024`, `ngày 14-15/8`, `ngày 1/3 đến ngày 5/3/2023` | all | `2009-09-09/2024-09-09` |
//! | `Thứ Tư, 05/01/2022`, `thứ Hai (12/9)` | from the weekday | `2022-01-05`; `weekday` 3 |
//! | `02/03/2024 - 10:50`, `10 giờ 30 ngày 5/3/2024` | all | `2024-03-02T10:50` |
//! | `24 giờ ngày 13/2`, `24h ngày 13/2` (the end of the day) | all | `--02-13T24:00` |
//! | Sáng `Chủ nhật`, vào `thứ Bảy` | the weekday | `XXXX-WXX-7` (TIMEX3); `weekday` 7 |
//!
//! Day parts (sáng, chiều, tối …) stay outside the span but license a bare
//! `dd/mm`. What is not a date: impossible days (`31/02`), a ratio before a
//! counted noun (`11/12 chi bộ`, no licensing word), phone and version
//! numbers, ordinals (`lần thứ 2`), a weekday that names a campaign
//! (`Ngày Chủ nhật xanh`) or a routine (`thứ 2 hằng tuần`), a month in
//! "mỗi tháng 1 lần", a time of day alone or past 24:00. Dates and times
//! are read from their digits by [`crate::dates`], as lint reads them.
//!
//! Attributes: `value` (ISO 8601, partial where the text is: `--07-13`,
//! `2023-07`, `2021`; intervals as `start/end`), `kind` (`date`, `month`,
//! `quarter`, `year`, `range`, `term`, `weekday`) and `weekday` (ISO
//! number, Monday = 1) when a weekday is written.

use super::grammar::class;
use super::{Candidate, Document, Tagger};
use crate::attrs::{rule, Attrs, DateAttrs, Rule, Source};
use crate::calendar::{check_date, DateKind, When, Ymd};
use crate::dates::{
    colon_time, h_time, is_date_sep, join_range, months, number_date, parts, time_of_day, year4,
    Months, NumberDate,
};
use crate::document::{kind_mask, shape};
use crate::heads::{date_head, Head};
use crate::label::Label;
use crate::numbers::{int, roman};
use crate::syllables::TokenKind;

/// Finds dates, months, years, ranges and terms.
#[derive(Debug, Default)]
pub(crate) struct DateTagger;

impl DateTagger {
    /// Rules lose ties against lexicon facts.
    pub(crate) const PRIORITY: u8 = 40;
}

impl Tagger for DateTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        // Only a number, a head word or a term noun starts a date: the
        // grammar is tried at those tokens alone, in order, and a match is
        // passed over whole.
        let mut heads = doc.shaped(shape::DIGITS | shape::DATE_HEAD).peekable();
        let mut terms = doc.starting_any(TERM_START).peekable();
        let opens = std::iter::from_fn(|| {
            let i = match (heads.peek(), terms.peek()) {
                (Some(&a), Some(&b)) => a.min(b),
                (Some(&a), None) => a,
                (None, Some(&b)) => b,
                (None, None) => return None,
            };
            heads.next_if_eq(&i);
            terms.next_if_eq(&i);
            Some(i)
        });
        let mut next = 0;
        for i in opens {
            if i < next {
                continue;
            }
            if let Some(m) = date_at(doc, i).filter(|m| m.end > i) {
                out.push(m.candidate());
                next = m.end;
            }
        }
    }
}

/// The hit kind of the term nouns that start a date ("nhiệm kỳ").
pub(super) const TERM_START: u128 = kind_mask(&[class::TERM_NOUN]);

/// A date expression found at some tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DateMatch {
    pub start: usize,
    pub end: usize,
    pub when: When,
    pub kind: DateKind,
    pub weekday: Option<u8>,
    rule: Rule,
}

impl DateMatch {
    fn new(start: usize, end: usize, when: When, kind: DateKind, rule: Rule) -> Self {
        DateMatch {
            start,
            end,
            when,
            kind,
            weekday: None,
            rule,
        }
    }

    /// The ISO 8601 value ("2023-07-13", "--08-14", "2020/2025").
    pub(crate) fn value(&self) -> String {
        self.when.to_string()
    }

    fn candidate(&self) -> Candidate {
        Candidate {
            tokens: self.start..self.end,
            label: Label::Date,
            attrs: Attrs::Date(DateAttrs {
                value: self.when,
                kind: self.kind,
                weekday: self.weekday,
            }),
            source: Source::Rule(self.rule),
            priority: DateTagger::PRIORITY,
        }
    }
}

/// A date expression starting at token `i`, with everything joined to it
/// (weekday, time of day, the other end of a range).
pub(crate) fn date_at(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let t = doc.tok(i)?;
    if !t.is_content() {
        return None;
    }
    if let Some(m) = time_then_date(doc, i) {
        return Some(m);
    }
    let m = core(doc, i, false)?;
    Some(extend(doc, m))
}

/// The date head at token `i` (a word): one of
/// [`HEADS`](crate::heads::HEADS), or the start of a `date.term_noun`
/// phrase.
fn head(doc: &Document<'_>, i: usize) -> Option<Head> {
    if doc.has_shape(i, shape::DATE_HEAD) {
        date_head(doc.word(i), doc.lexicon.view_options().fold_diacritics)
    } else {
        doc.class_phrase_end(i, class::TERM_NOUN)
            .map(|_| Head::Term)
    }
}

/// The date parts, before joining a time or a range end.
fn core(doc: &Document<'_>, i: usize, in_range: bool) -> Option<DateMatch> {
    let t = doc.tok(i)?;
    match t.kind {
        TokenKind::Number => {
            let s = doc.word(i);
            // a plain integer is no date by itself, unless the text marks
            // it as a year
            if s.bytes().all(|b| b.is_ascii_digit()) {
                return if in_range { None } else { bare_year(doc, i) };
            }
            if s.contains('-') {
                if let Some(m) = year_after_duration(doc, i) {
                    return Some(m);
                }
            }
            if let Some(m) = numeric(doc, i, in_range) {
                return Some(m);
            }
            if in_range {
                return None;
            }
            let licensed = dm_licensed(doc, i) || opens_dated_range(doc, i);
            if licensed {
                numeric(doc, i, true)
            } else {
                bare_year(doc, i)
            }
        }
        TokenKind::Word => match head(doc, i)? {
            Head::Ngay => ngay(doc, i),
            Head::Thang => thang(doc, i),
            Head::Quy => quy(doc, i),
            Head::Weekday => weekday_date(doc, i),
            Head::Term => term(doc, i),
            Head::Nam => term(doc, i).or_else(|| nam(doc, i)),
            Head::Hom => hom(doc, i),
            Head::Decade => decade(doc, i),
        },
        _ => None,
    }
}

/// Joins a year written after a day ("ngày 31-1 năm 2017"), a time of day,
/// then the other end of a range; once a time of day is joined, no range is
/// looked for.
fn extend(doc: &Document<'_>, m: DateMatch) -> DateMatch {
    let m = with_year_after_day(doc, m);
    if let Some(timed) = with_time_of_day(doc, m) {
        return timed;
    }
    with_range_end(doc, m)
}

/// "ngày 31-1 năm 2017": a day and month without a year, followed by
/// "năm" and a year that makes a valid date, takes that year.
fn with_year_after_day(doc: &Document<'_>, mut m: DateMatch) -> DateMatch {
    if let When::At(mut p) = m.when {
        if p.d.is_some() && p.y.is_none() {
            let k = doc.after_gap(m.end);
            if doc.is_word(k, "năm") {
                let yj = doc.after_gap(k + 1);
                if let Some(y) = year4(doc.word(yj)).filter(|_| doc.is_number(yj)) {
                    if p.m
                        .zip(p.d)
                        .is_some_and(|(mm, d)| check_date(Some(d), mm, Some(y)).is_ok())
                    {
                        p.y = Some(y);
                        m.when = When::At(p);
                        m.end = yj + 1;
                    }
                }
            }
        }
    }
    m
}

/// `m` with the time of day written after its day, if there is one:
/// "02/03/2024 - 10:50", "ngày 5/3, lúc 10 giờ 30".
fn with_time_of_day(doc: &Document<'_>, m: DateMatch) -> Option<DateMatch> {
    let When::At(p) = m.when else { return None };
    if p.d.is_none() || p.hm.is_some() {
        return None;
    }
    let k = doc.after_gap(m.end);
    let mut starts = Small::one(k);
    if doc.is_dash(k) || doc.is_punct(k, ',') {
        let k2 = doc.after_gap(k + 1);
        starts.push(k2);
        if doc.is_word(k2, "lúc") {
            starts.push(doc.after_gap(k2 + 1));
        }
    } else if doc.is_word(k, "lúc") {
        starts.push(doc.after_gap(k + 1));
    }
    for s in starts.iter().flatten() {
        if let Some((end, hm)) = time_at(doc, *s) {
            let mut q = p;
            q.hm = Some(hm);
            return Some(DateMatch {
                end,
                when: When::At(q),
                rule: rule!("date.time"),
                ..m
            });
        }
    }
    None
}

/// `m` joined to the other end of a range after a dash, "đến" or "tới":
/// "09/9/2009 - 09/9/2024", "ngày 1/3 đến ngày 5/3/2023".
fn with_range_end(doc: &Document<'_>, mut m: DateMatch) -> DateMatch {
    if let When::At(a) = m.when {
        let k = doc.after_gap(m.end);
        if doc.is_dash(k) || doc.is_word_in(k, &["đến", "tới"]) {
            let k2 = doc.after_gap(k + 1);
            let end = core(doc, k2, true).or_else(|| month_year_range_end(doc, a, k2));
            if let Some(n) = end {
                if let When::At(b) = n.when {
                    if let Some((a, b)) = join_range(a, b) {
                        m.when = When::Span(a, b);
                        m.end = n.end;
                        m.kind = DateKind::Range;
                        m.rule = rule!("date.range");
                    }
                }
            }
        }
    }
    m
}

/// "tháng 5/2023 tới 3/2024": after a month `a` without a day, a bare
/// month-year token at `k2` ends a month range.
fn month_year_range_end(doc: &Document<'_>, a: Ymd, k2: usize) -> Option<DateMatch> {
    if a.d.is_some() || a.m.is_none() || !doc.is_number(k2) {
        return None;
    }
    let Months {
        first,
        last: None,
        year: Some(y),
    } = months(doc.word(k2))?.ok()?
    else {
        return None;
    };
    let b = Ymd {
        y: Some(y),
        m: Some(first),
        d: None,
        hm: None,
    };
    Some(DateMatch::new(
        k2,
        k2 + 1,
        When::At(b),
        DateKind::Month,
        rule!("date.month_year"),
    ))
}

/// Up to three token positions, without allocating.
#[derive(Clone, Copy)]
struct Small {
    items: [Option<usize>; 3],
    n: usize,
}

impl Small {
    fn one(first: usize) -> Self {
        Small {
            items: [Some(first), None, None],
            n: 1,
        }
    }

    fn push(&mut self, x: usize) {
        if self.n < self.items.len() {
            self.items[self.n] = Some(x);
            self.n += 1;
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Option<usize>> {
        self.items.iter()
    }
}

/// "10 giờ 30 ngày 5/3/2024", "10:50, 02/03/2024".
fn time_then_date(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    if !doc.is_number(i) {
        return None;
    }
    let (end, hm) = time_at(doc, i)?;
    let mut k = doc.after_gap(end);
    if doc.is_punct(k, ',') || doc.is_dash(k) {
        k = doc.after_gap(k + 1);
    }
    let m = if doc.is_word(k, "ngày") {
        ngay(doc, k)?
    } else if doc.is_word_in(k, &["thứ", "chủ", "cn"]) {
        weekday_date(doc, k)?
    } else {
        numeric(doc, k, true)?
    };
    match m.when {
        When::At(mut p) if p.d.is_some() => {
            p.hm = Some(hm);
            Some(DateMatch {
                start: i,
                when: When::At(p),
                rule: rule!("date.time"),
                ..m
            })
        }
        _ => None,
    }
}

/// A time of day at `i`: "10:50", "10 giờ", "10 giờ 30 (phút)", "10h",
/// "10h30".
fn time_at(doc: &Document<'_>, i: usize) -> Option<(usize, (u32, u32))> {
    if !doc.is_number(i) {
        return None;
    }
    let s = doc.word(i);
    if s.contains(':') {
        return Some((i + 1, colon_time(s)?.ok()?));
    }
    let h = int(s)?;
    let k = doc.after_gap(i + 1);
    if doc.is_word(k, "giờ") {
        // "10 giờ 30 (phút)"; minutes that are none stay out: "10 giờ"
        let k2 = doc.after_gap(k + 1);
        let minutes = int(doc.word(k2)).filter(|_| doc.is_number(k2));
        if let Some(hm) = minutes.and_then(|mi| time_of_day(h, mi).ok()) {
            let k3 = doc.after_gap(k2 + 1);
            let end = if doc.is_word(k3, "phút") {
                k3 + 1
            } else {
                k2 + 1
            };
            return Some((end, hm));
        }
        return Some((k + 1, time_of_day(h, 0).ok()?));
    }
    // "10h", "10h30": no space between the number and "h".
    if doc.kind(i + 1) == Some(TokenKind::Word) {
        if let Some(after_h) = doc.word(i + 1).strip_prefix('h') {
            return Some((i + 2, h_time(s, after_h)?.ok()?));
        }
    }
    None
}

/// True if the word before a bare "dd/mm" at `i` makes it a date.
fn dm_licensed(doc: &Document<'_>, i: usize) -> bool {
    // "(6/2)" alone in brackets glosses a date ("(3-2)" is as often a name
    // or a score)
    if i > 0
        && doc.is_punct(i - 1, '(')
        && doc.is_punct(i + 1, ')')
        && !parts(doc.word(i)).is_some_and(|p| p.n == 2 && p.seps[0] == b'-')
    {
        return true;
    }
    doc.prev_content(i, &['('])
        .is_some_and(|p| doc.is_class_word(p, class::DAY_CUE) || weekday_word_end(doc, p))
}

/// True if the bare "dd/mm" at `i` opens a range whose end has a year:
/// "14/8 - 20/8/2023".
fn opens_dated_range(doc: &Document<'_>, i: usize) -> bool {
    let k = doc.after_gap(i + 1);
    if !(doc.is_dash(k) || doc.is_word_in(k, &["đến", "tới"])) {
        return false;
    }
    let k2 = doc.after_gap(k + 1);
    matches!(
        numeric(doc, k2, false),
        Some(DateMatch {
            when: When::At(Ymd { y: Some(_), .. }),
            ..
        })
    )
}

/// True if token `p` ends a weekday ("thứ Hai", "chủ nhật").
fn weekday_word_end(doc: &Document<'_>, p: usize) -> bool {
    if doc.is_word(p, "nhật") {
        return true;
    }
    doc.prev_content(p, &[])
        .is_some_and(|q| doc.is_word(q, "thứ") && weekday_num(doc, p).is_some())
}

/// A date written as one number token at `i`: "05/01/2022", "2022-01-05",
/// "5-10/2016", ranges in one token, and if `licensed` also "14/8" and
/// "14-15/8(/2023)" (see [`number_date`]).
fn numeric(doc: &Document<'_>, i: usize, licensed: bool) -> Option<DateMatch> {
    if !doc.is_number(i) {
        return None;
    }
    let (when, kind, rule) = match number_date(doc.word(i), licensed)?.ok()? {
        NumberDate::DayFirst(p) => (When::At(p), DateKind::Date, rule!("date.numeric")),
        NumberDate::YearFirst(p) => (When::At(p), DateKind::Date, rule!("date.iso")),
        NumberDate::DayMonth(p) => (When::At(p), DateKind::Date, rule!("date.day_month")),
        // as often a score or a code as a date
        NumberDate::ShortYear(_) => return None,
        NumberDate::DayRange(a, b) => (When::Span(a, b), DateKind::Range, rule!("date.day_range")),
        NumberDate::Range(a, b) => (When::Span(a, b), DateKind::Range, rule!("date.range")),
    };
    Some(DateMatch::new(i, i + 1, when, kind, rule))
}

/// "ngày 13 tháng 7 năm 2023", "ngày 14/8", "ngày mùng 2/9", "ngày 14 và
/// 15/8".
fn ngay(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let mut j = doc.after_gap(i + 1);
    if doc.is_word_in(j, &["mùng", "mồng"]) {
        j = doc.after_gap(j + 1);
    }
    if !doc.is_number(j) {
        return None;
    }
    if let Some(m) = numeric(doc, j, true) {
        return Some(DateMatch {
            start: i,
            rule: rule!("date.ngay"),
            ..m
        });
    }
    let d = int(doc.word(j)).filter(|d| (1..=31).contains(d))?;
    let (last, k) = more_days(doc, j, d);
    if doc.is_word(k, "tháng") {
        return days_of_month(doc, i, k, d, last);
    }
    day_before_date(doc, i, j, d)
}

/// More days after the day `d` at `j`: "ngày 14, 15 và 16 tháng 7",
/// "ngày 22 – 23 tháng 2". Each must be later than the one before. Returns
/// the last day (`d` if there is none) and the token after it.
fn more_days(doc: &Document<'_>, j: usize, d: u32) -> (u32, usize) {
    let mut last = d;
    let mut k = doc.after_gap(j + 1);
    loop {
        let joined = joins_days(doc, k);
        let n = doc.after_gap(k + 1);
        if joined && doc.is_number(n) {
            if let Some(x) = int(doc.word(n)).filter(|&x| x > last && x <= 31) {
                last = x;
                k = doc.after_gap(n + 1);
                continue;
            }
        }
        break;
    }
    (last, k)
}

/// True if the token at `k` joins two days: a comma, a dash, "và", "đến"
/// or "tới".
fn joins_days(doc: &Document<'_>, k: usize) -> bool {
    doc.is_punct(k, ',') || doc.is_dash(k) || doc.is_word_in(k, &["và", "đến", "tới"])
}

/// "ngày" at `i`, the days `d` to `last` and "tháng" at `k`: "ngày 13
/// tháng 7 năm 2023" is a date, "ngày 14, 15 và 16 tháng 7" a range. None if
/// the last day is not in the month.
fn days_of_month(doc: &Document<'_>, i: usize, k: usize, d: u32, last: u32) -> Option<DateMatch> {
    let (m, y, end) = month_after(doc, k)?;
    if check_date(Some(last), m, y).is_err() {
        return None;
    }
    let a = Ymd {
        y,
        m: Some(m),
        d: Some(d),
        hm: None,
    };
    if last == d {
        return Some(DateMatch::new(
            i,
            end,
            When::At(a),
            DateKind::Date,
            rule!("date.ngay_thang"),
        ));
    }
    let b = Ymd { d: Some(last), ..a };
    Some(DateMatch::new(
        i,
        end,
        When::Span(a, b),
        DateKind::Range,
        rule!("date.ngay_range"),
    ))
}

/// "ngày 14 và 15/8", "ngày 14, 15/8/2023": the day `d` at `j` starts a
/// range that a later date of the same month ends.
fn day_before_date(doc: &Document<'_>, i: usize, j: usize, d: u32) -> Option<DateMatch> {
    let k = doc.after_gap(j + 1);
    if joins_days(doc, k) {
        let k2 = doc.after_gap(k + 1);
        if let Some(n) = numeric(doc, k2, true) {
            if let When::At(b) = n.when {
                let a = Ymd { d: Some(d), ..b };
                if let (Some(bm), Some(bd)) = (b.m, b.d) {
                    if d < bd && check_date(Some(d), bm, b.y).is_ok() {
                        return Some(DateMatch::new(
                            i,
                            n.end,
                            When::Span(a, b),
                            DateKind::Range,
                            rule!("date.ngay_range"),
                        ));
                    }
                }
            }
        }
    }
    None
}

/// The month (and year) after the word "tháng" at `k`: "tháng 7",
/// "tháng 7/2023", "tháng 7 năm 2023". Returns (month, year, end).
fn month_after(doc: &Document<'_>, k: usize) -> Option<(u32, Option<i32>, usize)> {
    let mj = doc.after_gap(k + 1);
    if !doc.is_number(mj) {
        return None;
    }
    match months(doc.word(mj))?.ok()? {
        Months {
            first,
            last: None,
            year: None,
        } => {
            let yk = doc.after_gap(mj + 1);
            if doc.is_word(yk, "năm") {
                let yj = doc.after_gap(yk + 1);
                if let Some(y) = year4(doc.word(yj)).filter(|_| doc.is_number(yj)) {
                    return Some((first, Some(y), yj + 1));
                }
            }
            Some((first, None, mj + 1))
        }
        Months {
            first,
            last: None,
            year,
        } => Some((first, year, mj + 1)),
        Months { last: Some(_), .. } => None,
    }
}

/// "tháng 7/2023", "tháng 7 năm 2023", "tháng 7" (guarded).
fn thang(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let j = doc.after_gap(i + 1);
    if !doc.is_number(j) {
        return None;
    }
    let Months { first, last, year } = months(doc.word(j))?.ok()?;
    // "tháng 10-11/2016", "tháng 3-4": the second month the later
    if last.is_some_and(|b| b <= first) {
        return None;
    }
    match (last, year) {
        (None, Some(y)) => return month_from(i, first, Some(y), j + 1, rule!("date.month_year")),
        (Some(b), Some(y)) => return Some(month_range(i, j, first, b, Some(y))),
        _ => {}
    }
    let m = first;
    let k = doc.after_gap(j + 1);
    if doc.is_word(k, "năm") {
        let yj = doc.after_gap(k + 1);
        if doc.is_number(yj) {
            if let Some(y) = year4(doc.word(yj)) {
                return month_from(i, m, Some(y), yj + 1, rule!("date.month_year"));
            }
        }
    }
    if !lone_month(doc, i, j, k) {
        return None;
    }
    if let Some(b) = last {
        return Some(month_range(i, j, m, b, None));
    }
    month_from(i, m, None, j + 1, rule!("date.month"))
}

/// The month `m` (of the year `y`) named from `i` to `end`; None if `m` is
/// not a month.
fn month_from(i: usize, m: u32, y: Option<i32>, end: usize, rule: Rule) -> Option<DateMatch> {
    (1..=12).contains(&m).then(|| {
        DateMatch::new(
            i,
            end,
            When::At(Ymd {
                y,
                m: Some(m),
                d: None,
                hm: None,
            }),
            DateKind::Month,
            rule,
        )
    })
}

/// The months `a` to `b` (of the year `y`) named by "tháng" at `i` and the
/// token at `j`: "tháng 10-11/2016", "tháng 3-4".
fn month_range(i: usize, j: usize, a: u32, b: u32, y: Option<i32>) -> DateMatch {
    let s = Ymd {
        y,
        m: Some(a),
        d: None,
        hm: None,
    };
    DateMatch::new(
        i,
        j + 1,
        When::Span(s, Ymd { m: Some(b), ..s }),
        DateKind::Range,
        rule!("date.month_range"),
    )
}

/// True if "tháng" at `i` with the number at `j` (and `k` the token after
/// it) names a month without a year: not a rate ("mỗi tháng 1 lần"), a
/// duration ("3 tháng 2 lần"), a fraction or a percentage.
fn lone_month(doc: &Document<'_>, i: usize, j: usize, k: usize) -> bool {
    let counted = doc
        .prev_content(i, &[])
        .is_some_and(|q| doc.is_number(q) || doc.is_class_word(q, class::MONTH_QUANTIFIER));
    !(counted
        || doc.is_class_word(k, class::MONTH_COUNTER)
        || doc.is_punct(j + 1, '/')
        || doc.is_punct(j + 1, '%')
        || doc.is_number(k))
}

/// "quý I/2023", "quý II năm 2023", "quý 3/2023", "quý IV".
fn quy(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let j = doc.after_gap(i + 1);
    let (q, mut y, mut end, is_roman) = if doc.kind(j) == Some(TokenKind::Word) {
        (roman(doc.orig(j))?, None, j + 1, true)
    } else if doc.is_number(j) {
        let p = parts(doc.word(j))?;
        match p.n {
            1 => (int(p.groups[0])?, None, j + 1, false),
            2 if is_date_sep(p.seps[0]) => {
                (int(p.groups[0])?, Some(year4(p.groups[1])?), j + 1, false)
            }
            _ => return None,
        }
    } else {
        return None;
    };
    if !(1..=4).contains(&q) {
        return None;
    }
    if y.is_none() {
        if (doc.is_punct(end, '/') || doc.is_dash(end)) && doc.is_number(end + 1) {
            if let Some(yy) = year4(doc.word(end + 1)) {
                y = Some(yy);
                end += 2;
            }
        } else {
            let k = doc.after_gap(end);
            if doc.is_word(k, "năm") {
                let yj = doc.after_gap(k + 1);
                if let Some(yy) = year4(doc.word(yj)).filter(|_| doc.is_number(yj)) {
                    y = Some(yy);
                    end = yj + 1;
                }
            }
        }
    }
    // "biển số tứ quý 3" is a licence plate with four 3s
    // and "quý 1 lần" no quarter
    if y.is_none()
        && !is_roman
        && (doc
            .prev_content(i, &[])
            .is_some_and(|q| doc.is_word(q, "tứ"))
            || doc.is_class_word(doc.after_gap(end), class::MONTH_COUNTER))
    {
        return None;
    }
    let a = Ymd {
        y,
        m: Some(3 * q - 2),
        d: None,
        hm: None,
    };
    let b = Ymd {
        m: Some(3 * q),
        ..a
    };
    Some(DateMatch::new(
        i,
        end,
        When::Span(a, b),
        DateKind::Quarter,
        rule!("date.quarter"),
    ))
}

/// A range of years from token `j`: "2020-2025", "2020 - 2025", "2020 đến
/// (năm) 2025", and with `short_end` also "2015-16" (a season). Returns the
/// end and both years.
fn year_range(doc: &Document<'_>, j: usize, short_end: bool) -> Option<(usize, i32, i32)> {
    if !doc.is_number(j) {
        return None;
    }
    let p = parts(doc.word(j))?;
    let ok = |a: i32, b: i32| a < b && b <= a + 100;
    // The end year, or its last two digits after the full start year.
    let end_year = |a: i32, s: &str| {
        if short_end && s.len() == 2 {
            let b = a - a % 100 + i32::try_from(int(s)?).ok()?;
            Some(if b <= a { b + 100 } else { b })
        } else {
            year4(s)
        }
    };
    if p.n == 2 && p.seps[0] == b'-' {
        let a = year4(p.groups[0])?;
        let b = end_year(a, p.groups[1])?;
        return ok(a, b).then_some((j + 1, a, b));
    }
    if p.n != 1 {
        return None;
    }
    let a = year4(p.groups[0])?;
    let k = doc.after_gap(j + 1);
    if !(doc.is_dash(k) || doc.is_word_in(k, &["đến", "tới"])) {
        return None;
    }
    let mut k2 = doc.after_gap(k + 1);
    if doc.is_word(k2, "năm") {
        k2 = doc.after_gap(k2 + 1);
    }
    if !doc.is_number(k2) {
        return None;
    }
    let b = end_year(a, doc.word(k2))?;
    ok(a, b).then_some((k2 + 1, a, b))
}

/// "hôm 13-6", "hôm 9.6": a date after "hôm" (the day) starts at it.
fn hom(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let m = core(doc, doc.after_gap(i + 1), false)?;
    matches!(m.when, When::At(Ymd { d: Some(_), .. })).then_some(DateMatch { start: i, ..m })
}

/// "những năm 1990": a decade, from "những".
fn decade(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let j = doc.after_gap(i + 1);
    if !doc.is_word(j, "năm") {
        return None;
    }
    let m = nam(doc, j).filter(|m| m.start == j && m.end == doc.after_gap(j + 1) + 1)?;
    matches!(m.when, When::At(Ymd { y: Some(y), .. }) if y % 10 == 0)
        .then_some(DateMatch { start: i, ..m })
}

/// A year or range of years written without "năm" where the text marks it
/// as one: alone in brackets ("(1986)", "(1982 - 1998)") or after "SN"
/// (sinh năm, year of birth).
fn bare_year(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let modern = |y: i32| (1900..=2100).contains(&y);
    let in_brackets = i > 0 && doc.is_punct(i - 1, '(');
    if in_brackets {
        if let Some((end, a, b)) = year_range(doc, i, false) {
            if modern(a) && modern(b) && doc.is_punct(end, ')') {
                return Some(DateMatch::new(
                    i,
                    end,
                    When::Span(Ymd::year(a), Ymd::year(b)),
                    DateKind::Range,
                    rule!("date.years"),
                ));
            }
        }
    }
    let y = year4(doc.word(i)).filter(|&y| modern(y))?;
    let after_sn = doc
        .prev_content(i, &[])
        .is_some_and(|p| doc.orig(p) == "SN" && doc.after_gap(p + 1) == i);
    ((in_brackets && doc.is_punct(i + 1, ')')) || after_sn).then(|| {
        DateMatch::new(
            i,
            i + 1,
            When::At(Ymd::year(y)),
            DateKind::Year,
            rule!("date.year"),
        )
    })
}

/// "nhiệm kỳ 2020 - 2025", "giai đoạn 2021-2025", "năm học 2023-2024".
fn term(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let end = doc.class_phrase_end(i, class::TERM_NOUN)?;
    let (end, a, b) = year_range(doc, doc.after_gap(end), true)?;
    Some(DateMatch::new(
        i,
        end,
        When::Span(Ymd::year(a), Ymd::year(b)),
        DateKind::Term,
        rule!("date.term"),
    ))
}

/// "năm 2021", "năm 2021 - 2022", "năm 2015 đến năm 2020".
fn nam(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let j = doc.after_gap(i + 1);
    if !doc.is_number(j) {
        return None;
    }
    // "5 năm 2016-2020": a duration, then its period; but "quận 2 năm
    // 2016" is a year.
    let after_number = matches!(
        doc.prev_content(i, &[]),
        Some(q) if doc.is_number(q) && doc.after_gap(q + 1) == i
    );
    if let Some((end, a, b)) = year_range(doc, j, false) {
        return Some(DateMatch::new(
            if after_number { j } else { i },
            end,
            When::Span(Ymd::year(a), Ymd::year(b)),
            DateKind::Range,
            rule!("date.years"),
        ));
    }
    let y = year4(doc.word(j))?;
    Some(DateMatch::new(
        i,
        j + 1,
        When::At(Ymd::year(y)),
        DateKind::Year,
        rule!("date.year"),
    ))
}

/// "2009-2024" right after "15 năm": the period of a duration.
fn year_after_duration(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let q = doc.prev_content(i, &[])?;
    if !doc.is_word(q, "năm") || doc.after_gap(q + 1) != i {
        return None;
    }
    let n = doc.prev_content(q, &[])?;
    if !doc.is_number(n) {
        return None;
    }
    let (end, a, b) = year_range(doc, i, false)?;
    Some(DateMatch::new(
        i,
        end,
        When::Span(Ymd::year(a), Ymd::year(b)),
        DateKind::Range,
        rule!("date.years"),
    ))
}

/// The ISO weekday of the word(s) after "thứ" at `j`: "Hai" → 1, "7" → 6.
fn weekday_num(doc: &Document<'_>, j: usize) -> Option<u8> {
    const NAMES: [&str; 6] = ["hai", "ba", "tư", "năm", "sáu", "bảy"];
    match doc.kind(j)? {
        TokenKind::Word => NAMES
            .iter()
            .position(|w| doc.is_word(j, w))
            .and_then(|p| u8::try_from(p + 1).ok()),
        TokenKind::Number => match doc.word(j) {
            "2" => Some(1),
            "3" => Some(2),
            "4" => Some(3),
            "5" => Some(4),
            "6" => Some(5),
            "7" => Some(6),
            _ => None,
        },
        _ => None,
    }
}

/// A weekday at `i`: (end, ISO number, written as a name with a capital).
fn weekday(doc: &Document<'_>, i: usize) -> Option<(usize, u8, bool)> {
    if doc.is_word(i, "thứ") {
        let j = doc.after_gap(i + 1);
        let w = weekday_num(doc, j)?;
        Some((j + 1, w, doc.is_cap(j) || doc.is_cap(i)))
    } else if doc.is_word(i, "chủ") {
        let j = doc.after_gap(i + 1);
        doc.is_word(j, "nhật").then_some((j + 1, 7, true))
    } else if doc.is_word(i, "cn") && doc.tok(i).is_some_and(|t| t.all_upper) {
        // "CN" glued after "-" or "/" ends a document code ("5296/VPCP-CN")
        let in_code = i
            .checked_sub(1)
            .is_some_and(|p| doc.is_dash(p) || doc.is_punct(p, '/'));
        (!in_code).then_some((i + 1, 7, true))
    } else {
        None
    }
}

/// "Thứ Tư, 05/01/2022", "thứ Hai (12/9)", "Chủ nhật ngày 5/3", and a
/// weekday alone after a day part or "vào".
fn weekday_date(doc: &Document<'_>, i: usize) -> Option<DateMatch> {
    let (we, w, named) = weekday(doc, i)?;
    let prev = doc.prev_content(i, &[]);
    if prev.is_some_and(|p| doc.is_class_word(p, class::ORDINAL_HEAD) || doc.is_number(p)) {
        return None;
    }
    let with_day = |m: DateMatch, end: usize| {
        let mut m = DateMatch {
            start: i,
            end,
            rule: rule!("date.weekday_date"),
            ..m
        };
        m.weekday = Some(w);
        m
    };
    let k = doc.after_gap(we);
    // "thứ Hai (12/9)"
    if doc.is_punct(k, '(') {
        let k2 = doc.after_gap(k + 1);
        let m = if doc.is_word(k2, "ngày") {
            ngay(doc, k2)
        } else {
            numeric(doc, k2, true)
        };
        if let Some(m) = m {
            let k3 = doc.after_gap(m.end);
            if doc.is_punct(k3, ')') {
                return Some(with_day(m, k3 + 1));
            }
        }
    }
    // "Thứ Tư, 05/01/2022", "thứ Hai - 12/9", "thứ Hai ngày 12/9"
    let k2 = if doc.is_punct(k, ',') || doc.is_dash(k) {
        doc.after_gap(k + 1)
    } else {
        k
    };
    let m = if doc.is_word(k2, "ngày") {
        ngay(doc, k2)
    } else {
        numeric(doc, k2, true)
    };
    if let Some(m) = m {
        if matches!(m.when, When::At(p) if p.d.is_some()) {
            return Some(with_day(m, m.end));
        }
    }
    // A weekday alone, not a routine ("mỗi chiều Chủ nhật").
    let licensed = prev.is_some_and(|p| {
        doc.is_class_word(p, class::WEEKDAY_CUE)
            && !doc
                .prev_content(p, &[])
                .is_some_and(|q| doc.is_class_word(q, class::MONTH_QUANTIFIER))
    });
    let routine = doc.words(k, &["hằng", "tuần"]).is_some()
        || doc.words(k, &["hàng", "tuần"]).is_some()
        || doc.words(k, &["mỗi", "tuần"]).is_some();
    if licensed && named && !routine {
        let mut m = DateMatch::new(
            i,
            we,
            When::Weekday(w),
            DateKind::Weekday,
            rule!("date.weekday"),
        );
        m.weekday = Some(w);
        return Some(m);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DateProblem;
    use crate::lexicon::parse_lexicon;
    use crate::matcher::CompiledLexicon;
    use crate::text::ViewOptions;

    /// (span text, value) of every DATE candidate in `text`.
    fn dates(text: &str) -> Vec<(String, String)> {
        let entries: Vec<_> = crate::lexicon::DEFAULT_LEXICONS
            .iter()
            .filter(|(name, _)| name.ends_with("date_words.tsv"))
            .flat_map(|(name, text)| parse_lexicon(name, text).unwrap())
            .collect();
        let lex = CompiledLexicon::build(entries, ViewOptions::default()).unwrap();
        let mut bufs = crate::document::DocBuffers::default();
        let roles = crate::numeric::Roles::default();
        let doc = bufs.document(text, &lex, &roles, crate::taggers::WALKED_KINDS);
        let mut out = Vec::new();
        DateTagger.tag(&doc, &mut out);
        out.iter()
            .map(|c| {
                (
                    doc.span_text(c.tokens.clone()).to_string(),
                    match &c.attrs {
                        Attrs::Date(d) => d.value(),
                        _ => String::new(),
                    },
                )
            })
            .collect()
    }

    fn one(text: &str) -> (String, String) {
        let d = dates(text);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d.into_iter().next().unwrap()
    }

    #[test]
    fn hom_before_a_day_and_nhung_before_a_decade() {
        assert_eq!(
            dates("Hôm 21-8, đoàn về tới nơi."),
            [("Hôm 21-8".to_string(), "--08-21".to_string())]
        );
        assert_eq!(dates("diễn ra hôm 2/9 vừa qua")[0].0, "hôm 2/9");
        assert_eq!(dates("từ những năm 1980 đến nay")[0].0, "những năm 1980");
        // A single year is no decade: "những" stays out.
        assert_eq!(dates("những năm 1985 ấy")[0].0, "năm 1985");
        // "hôm nay" and words before a written-out date stay out.
        assert_eq!(dates("hôm nay ngày 3/2")[0].0, "ngày 3/2");
    }

    #[test]
    fn forms_and_values() {
        let table: &[(&str, &str, &str)] = &[
            ("Ngày đăng: 15/03/2023", "15/03/2023", "2023-03-15"),
            ("số liệu cập nhật 7/3/2024.", "7/3/2024", "2024-03-07"),
            ("hạn chót 30-6-2025 phải xong", "30-6-2025", "2025-06-30"),
            ("ký ngày 01.10.2021 tại", "ngày 01.10.2021", "2021-10-01"),
            ("bản in 2023-11-20", "2023-11-20", "2023-11-20"),
            (
                "Ngày 13 tháng 7 năm 2023, Huyện ủy họp",
                "Ngày 13 tháng 7 năm 2023",
                "2023-07-13",
            ),
            ("vào ngày 20 tháng 11 tới", "ngày 20 tháng 11", "--11-20"),
            ("Sáng ngày 14/8, đoàn đến", "ngày 14/8", "--08-14"),
            ("Sáng 12-9, hội nghị khai mạc", "12-9", "--09-12"),
            ("Chiều nay (3/4), Ban Thường vụ họp", "3/4", "--04-03"),
            ("trong tháng 7/2023 đã có", "tháng 7/2023", "2023-07"),
            ("đến tháng 10 năm 2024 sẽ", "tháng 10 năm 2024", "2024-10"),
            (
                "kết quả quý I/2023 cho thấy",
                "quý I/2023",
                "2023-01/2023-03",
            ),
            ("quý 3/2022 tăng", "quý 3/2022", "2022-07/2022-09"),
            (
                "trong quý II năm 2024,",
                "quý II năm 2024",
                "2024-04/2024-06",
            ),
            ("Năm 2021, xã đạt", "Năm 2021", "2021"),
            (
                "nhiệm kỳ 2020 - 2025 đề ra",
                "nhiệm kỳ 2020 - 2025",
                "2020/2025",
            ),
            ("nhiệm kỳ 2020 – 2025", "nhiệm kỳ 2020 – 2025", "2020/2025"),
            ("giai đoạn 2021-2025", "giai đoạn 2021-2025", "2021/2025"),
            ("năm học 2023-2024", "năm học 2023-2024", "2023/2024"),
            (
                "kỷ niệm (01/01/2000 - 01/01/2025)",
                "01/01/2000 - 01/01/2025",
                "2000-01-01/2025-01-01",
            ),
            (
                "từ ngày 1/3 đến ngày 5/3/2023",
                "ngày 1/3 đến ngày 5/3/2023",
                "2023-03-01/2023-03-05",
            ),
            ("diễn ra ngày 14-15/8", "ngày 14-15/8", "--08-14/--08-15"),
            (
                "trong hai ngày 14 và 15/8/2024",
                "ngày 14 và 15/8/2024",
                "2024-08-14/2024-08-15",
            ),
            (
                "Thứ Sáu, 12/04/2024\n\nTin",
                "Thứ Sáu, 12/04/2024",
                "2024-04-12",
            ),
            ("Sáng thứ Hai (6/5), đoàn", "thứ Hai (6/5)", "--05-06"),
            (
                "Cập nhật 15/08/2023 - 09:45",
                "15/08/2023 - 09:45",
                "2023-08-15T09:45",
            ),
            (
                "lúc 8 giờ 30 ngày 2/9/2025",
                "8 giờ 30 ngày 2/9/2025",
                "2025-09-02T08:30",
            ),
            (
                "đăng 20/10/2022 lúc 14h15",
                "20/10/2022 lúc 14h15",
                "2022-10-20T14:15",
            ),
            ("Sáng Chủ nhật, người dân", "Chủ nhật", "XXXX-WXX-7"),
            ("vào thứ Bảy tuần này", "thứ Bảy", "XXXX-WXX-6"),
            (
                "ngày 29/2/2024 là ngày nhuận",
                "ngày 29/2/2024",
                "2024-02-29",
            ),
            ("suốt 20 năm 2004-2024 qua", "2004-2024", "2004/2024"),
            (
                "từ năm 2015 đến năm 2020",
                "năm 2015 đến năm 2020",
                "2015/2020",
            ),
            (
                "kỷ niệm 95 năm thành lập (3/2/1930-3/2/2025)",
                "3/2/1930-3/2/2025",
                "1930-02-03/2025-02-03",
            ),
            (
                "tuần từ 27/1-02/2/2025 giá",
                "27/1-02/2/2025",
                "2025-01-27/2025-02-02",
            ),
            (
                "sinh nhật Bác (19/5/1890-2025)",
                "19/5/1890-2025",
                "1890-05-19/2025",
            ),
            (
                "họp báo hôm 5-10/2024 cho biết",
                "hôm 5-10/2024",
                "2024-10-05",
            ),
            (
                "về thăm tỉnh (ngày 11-12.12.1961)",
                "ngày 11-12.12.1961",
                "1961-12-11/1961-12-12",
            ),
            (
                "em bé chào đời ngày 31-1 năm 2025 tại",
                "ngày 31-1 năm 2025",
                "2025-01-31",
            ),
            ("thu ngân sách của quận 3 năm 2024 tăng", "năm 2024", "2024"),
            ("vào ngày Thần Tài (29/1), người dân", "29/1", "--01-29"),
            (
                "khảo sát từ tháng 10-11/2024 tại",
                "tháng 10-11/2024",
                "2024-10/2024-11",
            ),
            (
                "cây ra hoa vào tháng 3-4 hằng năm",
                "tháng 3-4",
                "--03/--04",
            ),
            (
                "lễ hội diễn ra ngày 22 – 23 tháng 2 âm lịch",
                "ngày 22 – 23 tháng 2",
                "--02-22/--02-23",
            ),
            (
                "đấu giá trong 3 ngày 14, 15 và 16 tháng 7 tới",
                "ngày 14, 15 và 16 tháng 7",
                "--07-14/--07-16",
            ),
            ("lợi nhuận quý 4 của công ty", "quý 4", "--10/--12"),
            (
                "Từ tháng 5/2023 tới 3/2024, xã hoàn thành",
                "tháng 5/2023 tới 3/2024",
                "2023-05/2024-03",
            ),
        ];
        for &(text, span, value) in table {
            assert_eq!(one(text), (span.to_string(), value.to_string()), "{text}");
        }
    }

    #[test]
    fn check_date_examples() {
        assert_eq!(check_date(Some(29), 2, Some(2024)), Ok(()));
        assert_eq!(check_date(None, 13, None), Err(DateProblem::NoMonth(13)));
        let e = check_date(Some(29), 2, Some(2023)).unwrap_err();
        assert_eq!(e.to_string(), "month 2 2023 has no day 29");
    }

    #[test]
    fn near_misses_are_not_dates() {
        for text in [
            "Điện thoại: 0271.3879.736; Fax: 0271.3887.436",
            "có 11/12 chi bộ đạt trong sạch",
            "31/36 tổ chức cơ sở đảng",
            "ngày 31/02/2023 không tồn tại",
            "ngày 29/2/2023 không tồn tại",
            "ngày 32/1",
            "phiên bản 2.1.3 của phần mềm",
            "Đại hội lần thứ 2, bầu ra",
            "Bài 1",
            "khóa XIII",
            "giai đoạn 2 của dự án",
            "mỗi tháng 1 lần",
            "vào thứ 2 hằng tuần, chi bộ",
            "Ngày thứ Bảy tình nguyện; Ngày Chủ nhật xanh",
            "Thứ hai, cần quan tâm",
            "đạt 15 năm liền",
            "lúc 10 giờ 30",
            "tỷ số 2-1 nghiêng về",
            "quý khách",
            "quý 1 lần",
            "năm 20 tuổi",
            "Thời gian: 10:50",
            "sinh viên dọn rác mỗi chiều Chủ nhật",
            "xe biển số tứ quý 8",
            "Công ty TNHH MTV (3-2) Bình Dương",
            "tỷ lệ 2/3 đại biểu tán thành",
        ] {
            assert_eq!(dates(text), vec![], "{text}");
        }
    }

    #[test]
    fn seasons_days_decades_and_marked_years() {
        let table: &[(&str, &str, &str)] = &[
            ("đội lên hạng ở mùa 2018-19 rồi", "mùa 2018-19", "2018/2019"),
            (
                "kết thúc mùa giải 2019–2020.",
                "mùa giải 2019–2020",
                "2019/2020",
            ),
            (
                "báo cáo niên độ 2021-2022 cho thấy",
                "niên độ 2021-2022",
                "2021/2022",
            ),
            ("mùa 1999-00 là mùa cuối", "mùa 1999-00", "1999/2000"),
            ("Ông ấy đến hôm 14-6, trước", "hôm 14-6", "--06-14"),
            ("cổ phiếu tăng hôm 12.3 vừa qua", "hôm 12.3", "--03-12"),
            ("vào những năm 1980, nhà máy", "những năm 1980", "1980"),
            ("bộ phim đầu tay (1994) của cô", "1994", "1994"),
            (
                "ông giữ chức này (2004 - 2011) rồi",
                "2004 - 2011",
                "2004/2011",
            ),
            ("anh Lê Văn Tám (SN 1990, ở Huế)", "1990", "1990"),
        ];
        for &(text, span, value) in table {
            assert_eq!(one(text), (span.to_string(), value.to_string()), "{text}");
        }
        for text in [
            "Hôm nay trời mưa, hôm qua thì nắng",
            "mùa 2 của chương trình",
            "mùa xuân năm nay",
            "những năm gần đây",
            "mã hàng (1234) và phòng (3050)",
            "(2019 người tham gia)",
            "SN của máy là 2020",
        ] {
            assert_eq!(dates(text), vec![], "{text}");
        }
        // "những" starts a decade only: a year that is no decade keeps its
        // "năm" span alone.
        assert_eq!(one("những năm 1995 ấy").0, "năm 1995");
    }

    #[test]
    fn a_bare_day_month_opening_a_range_is_a_date() {
        assert_eq!(
            one("Từ 14/8 - 20/8/2023, tỉnh tổ chức"),
            (
                "14/8 - 20/8/2023".to_string(),
                "2023-08-14/2023-08-20".to_string()
            )
        );
        assert_eq!(dates("từ 14/8 đến 20/8"), vec![]);
    }

    #[test]
    fn a_time_is_hours_and_two_digit_minutes() {
        assert_eq!(one("lúc 9:05 ngày 12/4/2024").0, "9:05 ngày 12/4/2024");
        assert_eq!(one("10:50:07 - 12/04/2024").1, "2024-04-12T10:50");
        // the fuzz case: digits and colons that are no time of day
        assert_eq!(dates("x 9:3:3,241-5 - 12/04/2024"), [one("12/04/2024")]);
    }

    #[test]
    fn twenty_four_hundred_is_the_end_of_a_day() {
        let table: &[(&str, &str, &str)] = &[
            (
                "hồ sơ nhận đến 24 giờ ngày 20/3 (giờ Hà Nội)",
                "24 giờ ngày 20/3",
                "--03-20T24:00",
            ),
            (
                "cổng mở từ 8h 2/6/2017 – 24h ngày 16/6/2017 Ban tổ chức",
                "24h ngày 16/6/2017",
                "2017-06-16T24:00",
            ),
            (
                "hạn chót 31/12/2024 - 24:00.",
                "31/12/2024 - 24:00",
                "2024-12-31T24:00",
            ),
        ];
        for &(text, span, value) in table {
            let found = dates(text);
            assert!(
                found.contains(&(span.to_string(), value.to_string())),
                "{text}: {found:?}"
            );
        }
        // past the end of the day: the date alone
        assert_eq!(one("lúc 24 giờ 30 ngày 13/2").0, "ngày 13/2");
        assert_eq!(one("lúc 25:00 ngày 13/2/2024").0, "ngày 13/2/2024");
        assert_eq!(one("24h30 ngày 13/2/2024").0, "ngày 13/2/2024");
    }

    #[test]
    fn reversed_range_is_two_dates() {
        let d = dates("ngày 5/3/2024 - ngày 1/3/2024");
        assert_eq!(d.len(), 2, "{d:?}");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "ngày",
            "tháng",
            "quý",
            "năm",
            "thứ",
            "ngày 1",
            "9999/9999/9999",
            "1/1/",
            "/1/1",
            "ngày 1 tháng",
            "ngày 1 tháng 13",
            "quý V/2023",
            "10:",
            "25:61 ngày 1/1/2020",
            "thứ (",
            "Thứ Hai, (",
            "99-99/99/9999",
        ] {
            let _ = dates(text);
        }
    }
}
