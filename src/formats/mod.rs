//! Input and output formats, one module per format.

pub mod jsonl;
