//! Input and output formats, one module per format.
//!
//! Every format reads into and writes from [`Doc`], an annotated document
//! with code-point offsets:
//!
//! | format | module | file | offsets |
//! |---|---|---|---|
//! | vietag JSON Lines | [`jsonl`], [`doc`] | one record a line | code points (or `--offsets`) |
//! | CoNLL, VLSP | [`conll`] | one token a line, BIO/BIOES tags | tokens |
//! | spaCy | [`spacy`] | JSON `[[text, {"entities": [[s, e, L]]}]]` | code points |
//! | doccano | [`doccano`] | JSON Lines `{"text", "label": [[s, e, L]]}` | code points |
//! | Label Studio | [`labelstudio`] | JSON tasks with predictions | code points |
//! | brat | [`brat`] | `.txt` + `.ann` pairs in a directory | code points |

pub mod brat;
pub mod conll;
pub mod doc;
pub mod doccano;
pub mod jsonl;
pub mod labelstudio;
pub mod spacy;

pub use doc::{CharMap, Doc, DocError, NoteKind, ReadNote, Span};
