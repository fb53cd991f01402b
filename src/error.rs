//! The error every `FromStr` of the crate returns: a name that is not one
//! of the choices, with the choices.

use std::fmt;

/// A name (label, offset unit, format, severity …) that is not one of the
/// known ones.
///
/// ```
/// let err = "PLACE".parse::<vietag::Label>().unwrap_err();
/// assert_eq!(err.input(), "PLACE");
/// assert!(err.to_string().contains("PER, TITLE, ORG, LOC"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    what: &'static str,
    input: String,
    choices: &'static [&'static str],
}

impl ParseError {
    /// `input` is no `what` (e.g. "label"); `choices` are the ones known.
    pub(crate) fn new(what: &'static str, input: &str, choices: &'static [&'static str]) -> Self {
        ParseError {
            what,
            input: input.to_string(),
            choices,
        }
    }

    /// The text that could not be parsed.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What it should have been ("label", "offset unit" …).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The names accepted.
    pub fn choices(&self) -> &'static [&'static str] {
        self.choices
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.input.trim().is_empty() {
            write!(f, "no {} given", self.what)?;
        } else {
            write!(f, "unknown {} '{}'", self.what, self.input)?;
        }
        if !self.choices.is_empty() {
            write!(f, ": use one of {}", self.choices.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}
