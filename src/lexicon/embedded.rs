//! The default lexicons, embedded at build time from `lexicons/**/*.tsv`
//! (see `build.rs`), in path order.

include!(concat!(env!("OUT_DIR"), "/default_lexicons.rs"));
