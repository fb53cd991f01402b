//! `vietag._vietag`: the native half of the `vietag` Python package.
//!
//! A thin layer over the `vietag` library crate: every annotation, format,
//! lint and score comes from the library, and records cross the boundary
//! as the JSON text the command line writes (Python turns it into dicts
//! with `json.loads`), so a record from Python is byte for byte the record
//! of `vietag annotate`. The Python package (`python/python/vietag`) wraps
//! these functions in the documented API.
//!
//! | module | what |
//! |---|---|
//! | [`annotate`] | `Core`: one built annotator, single documents and parallel batches |
//! | [`records`] | reading and writing annotation formats, lint |
//! | [`score`] | `vietag eval` over records or files |
//! | [`errors`] | the exceptions and how library errors map to them |

use pyo3::prelude::*;

mod annotate;
mod errors;
mod records;
mod score;

/// The native module. Its names start with `_`-free identifiers but are
/// private to the package: use `vietag`, not `vietag._vietag`.
#[pymodule]
fn _vietag(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<annotate::Core>()?;
    m.add_function(wrap_pyfunction!(records::read_file, m)?)?;
    m.add_function(wrap_pyfunction!(records::write_file, m)?)?;
    m.add_function(wrap_pyfunction!(records::lint_records, m)?)?;
    m.add_function(wrap_pyfunction!(records::lint_file, m)?)?;
    m.add_function(wrap_pyfunction!(records::format_names, m)?)?;
    m.add_function(wrap_pyfunction!(score::evaluate, m)?)?;
    m.add("VietagError", py.get_type::<errors::VietagError>())?;
    m.add("LexiconError", py.get_type::<errors::LexiconError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
