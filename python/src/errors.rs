//! The exceptions of the package, and how library errors become them.
//!
//! Messages are the library's own, the same text the command line prints,
//! so a lexicon error names its `file:line` in Python as it does in a
//! terminal.

use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::PyErr;
use vietag::BuildError;

create_exception!(
    _vietag,
    VietagError,
    PyRuntimeError,
    "vietag failed on an input it should have handled (a bug): please report it with the input."
);

create_exception!(
    _vietag,
    LexiconError,
    PyValueError,
    "A lexicon has errors; the message lists each one as file:line: problem."
);

/// A lexicon that cannot be read is an `OSError`; one that is not UTF-8
/// or has errors in its lines is a [`LexiconError`].
pub fn build_error(e: BuildError) -> PyErr {
    let message = e.to_string();
    match e {
        BuildError::Io { .. } => PyOSError::new_err(message),
        _ => LexiconError::new_err(message),
    }
}

/// A bad option value (the message says which values are accepted).
pub fn value_error(message: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(message.to_string())
}
