//! The entity labels of the annotation guide, and sets of them.

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;

/// The entity labels of the annotation guide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Label {
    /// A person's name.
    Per,
    /// A position held by a person, with its body and place.
    Title,
    /// A named organisation or body.
    Org,
    /// A place.
    Loc,
    /// A reference to one specific Party or state document.
    DocRef,
    /// A calendar date, year, range or term.
    Date,
    /// A percentage.
    Percent,
    /// An amount of money.
    Money,
    /// A counted or measured quantity.
    Quantity,
}

impl Label {
    /// How many labels there are.
    pub const COUNT: u8 = 9;

    /// Every label, in the guide's order.
    pub const ALL: [Label; Label::COUNT as usize] = [
        Label::Per,
        Label::Title,
        Label::Org,
        Label::Loc,
        Label::DocRef,
        Label::Date,
        Label::Percent,
        Label::Money,
        Label::Quantity,
    ];

    /// The label as written in files: "PER", "DOCREF", ….
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Title => "TITLE",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::DocRef => "DOCREF",
            Label::Date => "DATE",
            Label::Percent => "PERCENT",
            Label::Money => "MONEY",
            Label::Quantity => "QUANTITY",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The labels as written, in the guide's order.
const LABEL_NAMES: &[&str] = &[
    "PER", "TITLE", "ORG", "LOC", "DOCREF", "DATE", "PERCENT", "MONEY", "QUANTITY",
];

impl FromStr for Label {
    type Err = ParseError;

    /// A label name, in any case ("PER", "loc").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParseError::new("label", s, LABEL_NAMES))
    }
}

/// A set of labels, e.g. the ones a user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelSet(u16);

impl LabelSet {
    /// Every label.
    pub fn all() -> Self {
        LabelSet(Label::ALL.iter().fold(0, |acc, l| acc | l.bit()))
    }

    /// No label.
    pub fn empty() -> Self {
        LabelSet(0)
    }

    /// True if `label` is in the set.
    pub fn contains(self, label: Label) -> bool {
        self.0 & label.bit() != 0
    }

    /// Adds `label`.
    pub fn insert(&mut self, label: Label) {
        self.0 |= label.bit();
    }
}

impl Default for LabelSet {
    fn default() -> Self {
        LabelSet::all()
    }
}

impl FromStr for LabelSet {
    type Err = ParseError;

    /// Parses a comma-separated list such as `PER,LOC`; an empty list is an
    /// error.
    ///
    /// ```
    /// use vietag::{Label, LabelSet};
    /// let set: LabelSet = "PER, loc".parse().unwrap();
    /// assert!(set.contains(Label::Loc) && !set.contains(Label::Org));
    /// assert!("".parse::<LabelSet>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut set = LabelSet::empty();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            set.insert(part.parse()?);
        }
        if set == LabelSet::empty() {
            return Err(ParseError::new("label", "", LABEL_NAMES));
        }
        Ok(set)
    }
}
