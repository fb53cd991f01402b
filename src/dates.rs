//! The one reader of dates and times written in digits: "05/01/2022",
//! "2022-01-05", "14/8", "14-15/8/2023", "3/2/1930-3/2/2017", "7/2023",
//! "10-11/2016", "10:50", "10h30".
//!
//! The date tagger reads them in a document's number tokens, and lint in
//! the DATE spans of any annotation file. Each reading gives one of three
//! answers ([`Read`]): the value the text writes; the text has the form
//! but is no date or time ("31/02/2023", "25:00"), and why; or the text is
//! not of that form at all. The tagger takes the first, lint reports the
//! second, so what one accepts the other cannot call impossible.

use crate::calendar::{check_date, DateProblem, Ymd};
use crate::numbers::int;

/// What a reading makes of a text: `None` if the text is not of its form,
/// else the value written, or why the form writes no date or time.
pub(crate) type Read<T> = Option<Result<T, Problem>>;

/// Why a date or time of the right form is none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// No such day or month in the calendar.
    Date(DateProblem),
    /// No such hour or minute in a day.
    Time,
}

impl From<DateProblem> for Problem {
    fn from(p: DateProblem) -> Self {
        Problem::Date(p)
    }
}

/// The digit groups of a number token and the separators between them:
/// "14-15/8/2023" is four groups with `-`, `/`, `/`.
pub(crate) struct Parts<'a> {
    pub groups: [&'a str; 4],
    pub seps: [u8; 3],
    pub n: usize,
}

/// The parts of `s`, or `None` if it has more than four groups.
pub(crate) fn parts(s: &str) -> Option<Parts<'_>> {
    let mut p = Parts {
        groups: [""; 4],
        seps: [0; 3],
        n: 0,
    };
    let bytes = s.as_bytes();
    let mut start = 0;
    for (k, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_digit() {
            if p.n >= 3 {
                return None;
            }
            p.groups[p.n] = s.get(start..k)?;
            p.seps[p.n] = b;
            p.n += 1;
            start = k + 1;
        }
    }
    p.groups[p.n] = s.get(start..)?;
    p.n += 1;
    Some(p)
}

/// A plausible calendar year written with four digits.
pub(crate) fn year4(s: &str) -> Option<i32> {
    if s.len() != 4 {
        return None;
    }
    let y = int(s)?;
    (1000..=2199).contains(&y).then_some(y as i32)
}

/// True for the separators of a date's parts.
pub(crate) fn is_date_sep(b: u8) -> bool {
    matches!(b, b'/' | b'-' | b'.')
}

/// A day and a month of one or two digits each, checked against the
/// calendar (of the year `y`, when known).
fn day_month(d: &str, m: &str, y: Option<i32>) -> Read<(u32, u32)> {
    if d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    let (d, m) = (int(d)?, int(m)?);
    Some(
        check_date(Some(d), m, y)
            .map(|()| (d, m))
            .map_err(Problem::from),
    )
}

/// A day of the month `m` of the year `y`.
fn day_of(y: Option<i32>, m: u32, d: u32) -> Ymd {
    Ymd {
        y,
        m: Some(m),
        d: Some(d),
        hm: None,
    }
}

/// What one number token writes, read as a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberDate {
    /// A day with its year, day first: "05/01/2022", "5-10/2016".
    DayFirst(Ymd),
    /// A day with its year, ISO order: "2022-01-05".
    YearFirst(Ymd),
    /// A day and month without a year: "14/8", "13-6".
    DayMonth(Ymd),
    /// A day and month with a year of two digits: "05/01/22". Not read as
    /// a date by the tagger (as often a score or a code), but a day the
    /// month lacks is impossible in any century; the year is kept as
    /// written, whose leap years are those of 20yy.
    ShortYear(Ymd),
    /// Two days of one month: "14-15/8", "14-15/8/2023".
    DayRange(Ymd, Ymd),
    /// A range with both ends in the token: "3/2/1930-3/2/2017",
    /// "26/1-07/2/2017", "6/2/1952-2017".
    Range(Ymd, Ymd),
}

/// The date the number token `s` writes. `licensed` when the words
/// around make a bare day and month a date ("ngày 14/8", a DATE span):
/// without it "14/8", "14-15/8" and a range without a year at its end
/// are not read.
pub(crate) fn number_date(s: &str, licensed: bool) -> Read<NumberDate> {
    let Some(p) = parts(s) else {
        return range_in_token(s, licensed);
    };
    let g = p.groups;
    match p.n {
        3 if p.seps[0] == p.seps[1] && is_date_sep(p.seps[0]) => full_date(&p),
        // "5-10/2016": day-month/year
        3 if p.seps[0] == b'-' && is_date_sep(p.seps[1]) && year4(g[2]).is_some() => {
            let y = year4(g[2]);
            let read = day_month(g[0], g[1], y)?;
            Some(read.map(|(d, m)| NumberDate::DayFirst(day_of(y, m, d))))
        }
        2 if licensed && is_date_sep(p.seps[0]) => {
            let read = day_month(g[0], g[1], None)?;
            Some(read.map(|(d, m)| NumberDate::DayMonth(day_of(None, m, d))))
        }
        // "14-15/8", "14-15/8/2023", "11-12.12.1961"
        3 | 4
            if p.seps[0] == b'-'
                && matches!(p.seps[1], b'/' | b'.')
                && (p.n == 3 || p.seps[2] == p.seps[1])
                && (licensed || p.n == 4) =>
        {
            day_range(&p)
        }
        _ => range_in_token(s, licensed),
    }
}

/// Three groups with one date separator: day first ("05/01/2022",
/// "05/01/22"), or ISO year first ("2022-01-05").
fn full_date(p: &Parts<'_>) -> Read<NumberDate> {
    let g = p.groups;
    if let Some(y) = year4(g[2]) {
        let read = day_month(g[0], g[1], Some(y))?;
        return Some(read.map(|(d, m)| NumberDate::DayFirst(day_of(Some(y), m, d))));
    }
    // Only "-" in a document: "2016/02/11" and "1986.06.03" stand mostly
    // in web addresses and tables of figures there.
    if p.seps[0] == b'-' {
        if let Some(read) = year_first(p) {
            return Some(read.map(NumberDate::YearFirst));
        }
    }
    if g[2].len() == 2 {
        let y = int(g[2]).and_then(|y| i32::try_from(y).ok());
        let read = day_month(g[0], g[1], y)?;
        return Some(read.map(|(d, m)| NumberDate::ShortYear(day_of(y, m, d))));
    }
    None
}

/// A day written year first, month and day of two digits each, with one
/// separator twice: "2022-01-05", "2022/01/05", "2022.01.05". The date
/// tagger reads only the first form ([`number_date`]); lint checks a
/// DATE span of any of them.
fn year_first(p: &Parts<'_>) -> Read<Ymd> {
    let g = p.groups;
    let form = p.n == 3 && p.seps[0] == p.seps[1] && is_date_sep(p.seps[0]);
    if !form || g[1].len() != 2 || g[2].len() != 2 {
        return None;
    }
    let y = year4(g[0])?;
    let read = day_month(g[2], g[1], Some(y))?;
    Some(read.map(|(d, m)| day_of(Some(y), m, d)))
}

/// [`year_first`] of the number token `s`.
pub(crate) fn year_first_date(s: &str) -> Read<Ymd> {
    year_first(&parts(s)?)
}

/// Two days of one month: "14-15/8", and with a fourth group the year,
/// "14-15/8/2023". The second day must be later.
fn day_range(p: &Parts<'_>) -> Read<NumberDate> {
    let g = p.groups;
    let y = if p.n == 4 { Some(year4(g[3])?) } else { None };
    let first = day_month(g[0], g[2], y)?;
    let last = day_month(g[1], g[2], y)?;
    let ((d1, m), (d2, _)) = match (first, last) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
    };
    (d2 > d1).then(|| Ok(NumberDate::DayRange(day_of(y, m, d1), day_of(y, m, d2))))
}

/// One date inside a number token, written with `/` or `.`: "3/2/1930",
/// "26/1" (no `-`: that separates the ends of a range).
fn single(s: &str) -> Read<Ymd> {
    let p = parts(s)?;
    let g = p.groups;
    let ok_sep = |b: u8| b == b'/' || b == b'.';
    match p.n {
        3 if p.seps[0] == p.seps[1] && ok_sep(p.seps[0]) => {
            let y = year4(g[2])?;
            let read = day_month(g[0], g[1], Some(y))?;
            Some(read.map(|(d, m)| day_of(Some(y), m, d)))
        }
        2 if ok_sep(p.seps[0]) => {
            let read = day_month(g[0], g[1], None)?;
            Some(read.map(|(d, m)| day_of(None, m, d)))
        }
        _ => None,
    }
}

/// A range written as the one token `s`: "3/2/1930-3/2/2017",
/// "26/1-07/2/2017", "6/2/1952-2017". Needs a year at the end unless
/// `licensed`. Each `-` is tried as the middle in turn; an end of the
/// range's form that is no date is the answer only when no `-` reads.
fn range_in_token(s: &str, licensed: bool) -> Read<NumberDate> {
    let mut problem = None;
    for (k, _) in s.match_indices('-') {
        let (l, r) = (s.get(..k)?, s.get(k + 1..)?);
        let a = match single(l) {
            Some(Ok(a)) => a,
            Some(Err(e)) => {
                problem = problem.or(Some(e));
                continue;
            }
            None => continue,
        };
        match single(r) {
            Some(Ok(b)) => {
                if b.y.is_none() && !licensed {
                    return None;
                }
                let (a, b) = join_range(a, b)?;
                return Some(Ok(NumberDate::Range(a, b)));
            }
            Some(Err(e)) => problem = problem.or(Some(e)),
            None => {}
        }
        // "6/2/1952-2017": from a day to a year
        if let (Some(ay), Some(by)) = (a.y, year4(r)) {
            if ay < by {
                return Some(Ok(NumberDate::Range(a, Ymd::year(by))));
            }
        }
    }
    problem.map(Err)
}

/// The two ends of a range, the start completed from the end ("14/8 -
/// 15/8/2023"); `None` if they are not of the same precision or reversed.
pub(crate) fn join_range(mut a: Ymd, b: Ymd) -> Option<(Ymd, Ymd)> {
    if a.d.is_some() != b.d.is_some() || a.m.is_some() != b.m.is_some() {
        return None;
    }
    if a.y.is_none() {
        a.y = b.y;
    }
    if a.y.is_some() != b.y.is_some() {
        return None;
    }
    let key = |p: &Ymd| (p.y.unwrap_or(0), p.m.unwrap_or(0), p.d.unwrap_or(0));
    if key(&a) > key(&b) {
        return None;
    }
    Some((a, b))
}

/// The months a number token writes after "tháng": one month, "7" or
/// "7/2023", or two, "3-4" or "10-11/2016".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Months {
    pub first: u32,
    /// The last month of two.
    pub last: Option<u32>,
    pub year: Option<i32>,
}

/// The months the number token `s` writes after "tháng". Each must be 1
/// to 12; that the last is the later is the caller's rule of a range.
pub(crate) fn months(s: &str) -> Read<Months> {
    let p = parts(s)?;
    let g = p.groups;
    let one = |s: &str| if s.len() > 2 { None } else { int(s) };
    let (first, last, year) = match p.n {
        1 => (one(g[0])?, None, None),
        2 if is_date_sep(p.seps[0]) && year4(g[1]).is_some() => (one(g[0])?, None, year4(g[1])),
        2 if p.seps[0] == b'-' => (int(g[0])?, Some(int(g[1])?), None),
        3 if p.seps[0] == b'-' && is_date_sep(p.seps[1]) => {
            (int(g[0])?, Some(int(g[1])?), Some(year4(g[2])?))
        }
        _ => return None,
    };
    let valid = check_date(None, first, year).and_then(|()| match last {
        Some(m) => check_date(None, m, year),
        None => Ok(()),
    });
    let read = Months { first, last, year };
    Some(valid.map(|()| read).map_err(Problem::from))
}

/// An hour and minute that are a time of day: 0:00 to 23:59, and 24:00,
/// the end of the day. Vietnamese notices close a period with it, as
/// they open one with "0 giờ" ("nhận hồ sơ đến 24 giờ ngày 20/3", "từ 8h
/// 2/6 – 24h ngày 16/6"; the news corpus has such notices), as ISO
/// 8601:2004 writes "24:00" for the end of a day. "24:30" or "25 giờ"
/// is no time of day. ("Trong 24 giờ", a duration, is never asked: the
/// tagger reads an hour only beside a date.)
pub(crate) fn time_of_day(h: u32, mi: u32) -> Result<(u32, u32), Problem> {
    let valid = (h < 24 && mi < 60) || (h == 24 && mi == 0);
    valid.then_some((h, mi)).ok_or(Problem::Time)
}

/// A time written with colons: "10:50", "10:50:07" (minutes and seconds of
/// two digits each, nothing more: "9:3:3" is no time).
pub(crate) fn colon_time(s: &str) -> Read<(u32, u32)> {
    let (h, rest) = s.split_once(':')?;
    let mut rest = rest.split(':');
    let (mi, sec) = (rest.next().unwrap_or(""), rest.next());
    let two_digits = |p: &str| p.len() == 2 && int(p).is_some();
    if rest.next().is_some() || !two_digits(mi) || sec.is_some_and(|s| !two_digits(s)) {
        return None;
    }
    let (h, mi) = (int(h)?, int(mi)?);
    let sec = sec.and_then(int).unwrap_or(0);
    let at_end_of_day = h == 24 && sec > 0;
    Some(if sec >= 60 || at_end_of_day {
        Err(Problem::Time)
    } else {
        time_of_day(h, mi)
    })
}

/// A time written with "h" after the hour: `hour` and what follows the
/// "h", nothing ("10h") or two digits of minutes ("10h30").
pub(crate) fn h_time(hour: &str, after_h: &str) -> Read<(u32, u32)> {
    let h = int(hour)?;
    let mi = match after_h {
        "" => 0,
        m if m.len() == 2 => int(m)?,
        _ => return None,
    };
    Some(time_of_day(h, mi))
}

/// A time of day written as one word: "10:50", "10:50:07", "10h", "10h30".
pub(crate) fn clock(s: &str) -> Read<(u32, u32)> {
    if s.contains(':') {
        return colon_time(s);
    }
    let (hour, after_h) = s.split_once('h')?;
    h_time(hour, after_h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok<T>(r: Read<T>) -> Option<T> {
        r.and_then(Result::ok)
    }

    #[test]
    fn times_of_day() {
        for (s, hm) in [
            ("0:00", (0, 0)),
            ("23:59", (23, 59)),
            ("24:00", (24, 0)),
            ("10:50:07", (10, 50)),
            ("12h30", (12, 30)),
            ("24h", (24, 0)),
            ("7h05", (7, 5)),
        ] {
            assert_eq!(clock(s), Some(Ok(hm)), "{s}");
        }
        for s in [
            "24:01", "25:00", "10:60", "24:00:01", "10:50:60", "24h30", "25h", "12h75",
        ] {
            assert_eq!(clock(s), Some(Err(Problem::Time)), "{s}");
        }
        for s in [
            "10:5",
            "9:3:3",
            "10:",
            "10h3",
            "10h300",
            "h30",
            "1030",
            "10:50:07:01",
        ] {
            assert_eq!(clock(s), None, "{s}");
        }
    }

    #[test]
    fn number_dates() {
        let day = |y, m, d| day_of(y, m, d);
        let y = Some(2023);
        assert_eq!(
            ok(number_date("05/01/2023", false)),
            Some(NumberDate::DayFirst(day(y, 1, 5)))
        );
        assert_eq!(
            ok(number_date("2023-01-05", false)),
            Some(NumberDate::YearFirst(day(y, 1, 5)))
        );
        assert_eq!(ok(number_date("14/8", false)), None);
        assert_eq!(
            ok(number_date("14/8", true)),
            Some(NumberDate::DayMonth(day(None, 8, 14)))
        );
        assert_eq!(
            ok(number_date("14-15/8/2023", false)),
            Some(NumberDate::DayRange(day(y, 8, 14), day(y, 8, 15)))
        );
        assert_eq!(
            ok(number_date("3/2/1930-3/2/2017", false)),
            Some(NumberDate::Range(
                day(Some(1930), 2, 3),
                day(Some(2017), 2, 3)
            ))
        );
        let no_day =
            |day, month, year| Some(Err(Problem::Date(DateProblem::NoDay { day, month, year })));
        assert_eq!(number_date("31/02/2023", false), no_day(31, 2, y));
        assert_eq!(number_date("29/2/23", false), no_day(29, 2, Some(23)));
        assert_eq!(number_date("14-32/8/2023", false), no_day(32, 8, y));
        assert_eq!(
            number_date("31/2/2020-5/3/2020", false),
            no_day(31, 2, Some(2020))
        );
        assert_eq!(number_date("2020-2025", true), None);
        assert_eq!(
            number_date("15-14/8", true),
            None,
            "a reversed range is no form"
        );
    }

    #[test]
    fn months_after_thang() {
        let read = |first, last, year| Some(Ok(Months { first, last, year }));
        assert_eq!(months("7/2023"), read(7, None, Some(2023)));
        assert_eq!(months("10-11/2016"), read(10, Some(11), Some(2016)));
        assert_eq!(months("3-4"), read(3, Some(4), None));
        let no_month = Some(Err(Problem::Date(DateProblem::NoMonth(13))));
        assert_eq!(months("13/2023"), no_month);
        assert_eq!(months("11-13/2016"), no_month);
        assert_eq!(months("123"), None);
    }
}
