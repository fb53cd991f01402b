//! Calendar values and the one check of a date's validity, shared by the
//! date tagger (which emits them), the typed attributes (which carry them)
//! and lint (which checks the dates of any annotation file).

use std::fmt;

/// A calendar point, as precise as the text: any part may be missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ymd {
    pub y: Option<i32>,
    pub m: Option<u32>,
    pub d: Option<u32>,
    /// Hour and minute.
    pub hm: Option<(u32, u32)>,
}

impl Ymd {
    pub(crate) fn year(y: i32) -> Self {
        Ymd {
            y: Some(y),
            ..Ymd::default()
        }
    }

    pub(crate) fn write_iso(&self, out: &mut impl fmt::Write) -> fmt::Result {
        // As `{y:04}-{m:02}-{d:02}` and so on write them, digit by digit:
        // through the formatting machinery a DATE record's value took about
        // 800 instructions (callgrind). Without a year a month is written
        // "--MM"; a day is written only after a month.
        match self.y {
            Some(y) => year_04(out, y)?,
            None if self.m.is_some() => out.write_char('-')?,
            None => {}
        }
        if let Some(m) = self.m {
            out.write_char('-')?;
            number_02(out, m)?;
            if let Some(d) = self.d {
                out.write_char('-')?;
                number_02(out, d)?;
            }
        }
        if let Some((h, mi)) = self.hm {
            out.write_char('T')?;
            number_02(out, h)?;
            out.write_char(':')?;
            number_02(out, mi)?;
        }
        Ok(())
    }
}

/// Writes `y` as `{y:04}` does.
fn year_04(out: &mut impl fmt::Write, y: i32) -> fmt::Result {
    match u32::try_from(y) {
        Ok(y @ 0..=9999) => {
            number_02(out, y / 100)?;
            number_02(out, y % 100)
        }
        _ => write!(out, "{y:04}"),
    }
}

/// Writes `n` as `{n:02}` does.
fn number_02(out: &mut impl fmt::Write, n: u32) -> fmt::Result {
    match u8::try_from(n) {
        Ok(n @ 0..=99) => {
            out.write_char(char::from(b'0' + n / 10))?;
            out.write_char(char::from(b'0' + n % 10))
        }
        _ => write!(out, "{n:02}"),
    }
}

/// What a date expression denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum When {
    /// One day, month or year.
    At(Ymd),
    /// An interval, both ends included.
    Span(Ymd, Ymd),
    /// A weekday alone (ISO number).
    Weekday(u8),
}

impl fmt::Display for When {
    /// The ISO 8601 value ("2023-07-13", "--08-14", "2020/2025").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_iso(f)
    }
}

impl When {
    /// The ISO 8601 value, as [`fmt::Display`] writes it, in a buffer on
    /// the stack: a record's writer needs no `String` for it, nor the
    /// formatter's calls a character.
    pub(crate) fn iso(&self) -> IsoText {
        let mut text = IsoText::default();
        let _ = self.write_iso(&mut text);
        text
    }

    fn write_iso(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match self {
            When::At(p) => p.write_iso(out)?,
            When::Span(a, b) => {
                a.write_iso(out)?;
                out.write_char('/')?;
                b.write_iso(out)?;
            }
            When::Weekday(w) => write!(out, "XXXX-WXX-{w}")?,
        }
        Ok(())
    }
}

/// The text of a [`When`] on the stack.
#[derive(Clone, Debug)]
pub(crate) struct IsoText {
    bytes: [u8; IsoText::ROOM],
    len: usize,
}

impl IsoText {
    /// Room for the longest value: two ends of eleven characters of year
    /// (`i32::MIN`) and four numbers of up to ten (`u32::MAX`), with their
    /// separators (`-`, `T`, `:`), and the slash between them.
    const ROOM: usize = 2 * (11 + 2 + 2 * 10 + 2 + 2 * 10) + 1;

    pub(crate) fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..self.len).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

impl Default for IsoText {
    fn default() -> Self {
        IsoText {
            bytes: [0; IsoText::ROOM],
            len: 0,
        }
    }
}

impl fmt::Write for IsoText {
    /// Fails past [`IsoText::ROOM`] bytes, which no value has.
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let room = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        room.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The kind of a date expression, emitted as `attrs.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateKind {
    Date,
    Month,
    Quarter,
    Year,
    Range,
    Term,
    Weekday,
}

impl DateKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DateKind::Date => "date",
            DateKind::Month => "month",
            DateKind::Quarter => "quarter",
            DateKind::Year => "year",
            DateKind::Range => "range",
            DateKind::Term => "term",
            DateKind::Weekday => "weekday",
        }
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Why a day, month and year are no calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateProblem {
    /// The month is not 1 to 12.
    NoMonth(u32),
    /// The month has no such day (in that year, when one is given).
    NoDay {
        /// The day written.
        day: u32,
        /// The month.
        month: u32,
        /// The year, when one is written.
        year: Option<i32>,
    },
}

impl std::fmt::Display for DateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            DateProblem::NoMonth(m) => write!(f, "there is no month {m}"),
            DateProblem::NoDay { day, month, year } => {
                write!(f, "month {month}")?;
                if let Some(y) = year {
                    write!(f, " {y}")?;
                }
                write!(f, " has no day {day}")
            }
        }
    }
}

/// The calendar check of the date tagger and of lint: `month` is 1 to 12
/// and `day`, when given, is a day of it (29 February needs a leap year,
/// or no year).
pub(crate) fn check_date(
    day: Option<u32>,
    month: u32,
    year: Option<i32>,
) -> Result<(), DateProblem> {
    if !(1..=12).contains(&month) {
        return Err(DateProblem::NoMonth(month));
    }
    match day {
        Some(d) if d == 0 || d > days_in(month, year) => Err(DateProblem::NoDay {
            day: d,
            month,
            year,
        }),
        _ => Ok(()),
    }
}

/// Days in month `m` (29 for February of an unknown year).
fn days_in(m: u32, y: Option<i32>) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match y {
            Some(y) if !is_leap(y) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the formatting machinery writes, which [`Ymd::write_iso`]
    /// writes digit by digit.
    fn formatted(p: &Ymd) -> String {
        let mut out = match (p.y, p.m, p.d) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
            (Some(y), None, _) => format!("{y:04}"),
            (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
            (None, Some(m), None) => format!("--{m:02}"),
            (None, None, _) => String::new(),
        };
        if let Some((h, mi)) = p.hm {
            out.push_str(&format!("T{h:02}:{mi:02}"));
        }
        out
    }

    /// A writer that fails its write number `fail` (from 0) and takes
    /// every other: an error dropped anywhere, not only at the end, is then
    /// an `Ok` that should have been an `Err`.
    struct FailsOnce {
        fail: usize,
        writes: usize,
    }

    impl fmt::Write for FailsOnce {
        fn write_str(&mut self, _: &str) -> fmt::Result {
            self.writes += 1;
            match self.writes - 1 == self.fail {
                true => Err(fmt::Error),
                false => Ok(()),
            }
        }
    }

    #[test]
    fn a_writer_s_error_comes_back() {
        let p = Ymd {
            y: Some(2024),
            m: Some(7),
            d: Some(13),
            hm: Some((9, 5)),
        };
        let writes_of = |w: &When| {
            let mut all = FailsOnce {
                fail: usize::MAX,
                writes: 0,
            };
            assert!(w.write_iso(&mut all).is_ok());
            all.writes
        };
        for w in [When::At(p), When::Span(p, p), When::At(Ymd::year(-5))] {
            for fail in 0..writes_of(&w) {
                let mut out = FailsOnce { fail, writes: 0 };
                assert!(w.write_iso(&mut out).is_err(), "{w:?}, write {fail}");
            }
        }
    }

    #[test]
    fn iso_values_are_written_as_the_formatter_writes_them() {
        let years = [0, 7, 99, 2024, 9999, 10000, -5, i32::MIN].map(Some);
        let parts = [0, 1, 9, 12, 99, 100, u32::MAX].map(Some);
        for y in [None].into_iter().chain(years) {
            for &m in [None].iter().chain(&parts) {
                for &d in [None].iter().chain(&parts) {
                    let hms = [(0, 5), (23, 59), (124, u32::MAX), (u32::MAX, u32::MAX)];
                    for hm in [None].into_iter().chain(hms.map(Some)) {
                        let p = Ymd { y, m, d, hm };
                        let want = formatted(&p);
                        let mut got = String::new();
                        assert!(p.write_iso(&mut got).is_ok(), "{p:?}");
                        assert_eq!(got, want, "{p:?}");
                        assert_eq!(When::At(p).iso().as_str(), want, "{p:?}");
                        let span = When::Span(p, p);
                        assert_eq!(span.iso().as_str(), format!("{want}/{want}"));
                    }
                }
            }
        }
        assert_eq!(When::Weekday(3).iso().as_str(), "XXXX-WXX-3");
        assert_eq!(When::Weekday(u8::MAX).iso().as_str(), "XXXX-WXX-255");
        // The longest value fills the buffer exactly.
        let longest = Ymd {
            y: Some(i32::MIN),
            m: Some(u32::MAX),
            d: Some(u32::MAX),
            hm: Some((u32::MAX, u32::MAX)),
        };
        let span = When::Span(longest, longest);
        assert_eq!(span.iso().as_str(), span.to_string());
        assert_eq!(span.iso().as_str().len(), IsoText::ROOM);
    }
}
