//! Calendar values and the one check of a date's validity, shared by the
//! date tagger (which emits them), the typed attributes (which carry them)
//! and lint (which checks the dates of any annotation file).

use std::fmt::{self, Write as _};

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

    pub(crate) fn write_iso(&self, out: &mut impl fmt::Write) {
        match (self.y, self.m, self.d) {
            (Some(y), Some(m), Some(d)) => {
                let _ = write!(out, "{y:04}-{m:02}-{d:02}");
            }
            (Some(y), Some(m), None) => {
                let _ = write!(out, "{y:04}-{m:02}");
            }
            (Some(y), None, _) => {
                let _ = write!(out, "{y:04}");
            }
            (None, Some(m), Some(d)) => {
                let _ = write!(out, "--{m:02}-{d:02}");
            }
            (None, Some(m), None) => {
                let _ = write!(out, "--{m:02}");
            }
            (None, None, _) => {}
        }
        if let Some((h, mi)) = self.hm {
            let _ = write!(out, "T{h:02}:{mi:02}");
        }
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
        match self {
            When::At(p) => p.write_iso(f),
            When::Span(a, b) => {
                a.write_iso(f);
                f.write_char('/')?;
                b.write_iso(f);
            }
            When::Weekday(w) => write!(f, "XXXX-WXX-{w}")?,
        }
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
