//! The default lexicons, embedded at build time from `lexicons/**/*.tsv`
//! (see `build.rs`), in path order: their text, and their entries as the
//! build script parsed and checked them, so that start-up copies entries
//! instead of parsing 4 MB of TSV again.

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;

use super::{CaseRule, Entry, EntryAttrs, EntryClass, Origin};

include!(concat!(env!("OUT_DIR"), "/default_lexicons.rs"));

/// Rows whose entries share one copy of each file's path.
const BLOCK_ROWS: usize = 1024;

/// The entries of every default lexicon, in file and line order: what
/// [`super::parse_lexicon`] returns for each of [`DEFAULT_LEXICONS`].
pub(crate) fn default_entries() -> Vec<Entry> {
    // Each file's path, shared by its entries, with its range of rows: a
    // path of its own for each block of rows, so that the threads, which
    // take different blocks, do not count the references of one path
    // together (each count is a write to memory the other thread's core
    // then has to fetch back).
    let files: Vec<Vec<(usize, usize, Arc<str>)>> = (0..ROWS.len().div_ceil(BLOCK_ROWS))
        .map(|block| {
            let rows = block * BLOCK_ROWS..(block + 1) * BLOCK_ROWS;
            ROW_FILES
                .iter()
                .filter(|&&(_, first, end)| first < rows.end && rows.start < end)
                .map(|&(file, first, end)| (first, end, Arc::from(file)))
                .collect()
        })
        .collect();
    // The rows become entries on every thread, straight into one list:
    // much of this is the first touch of 4 MB of fresh memory, which the
    // threads then take in parallel (made row by row on one thread, the
    // entries took about a third of the annotator's build). A row that
    // makes no entry leaves a gap, closed in place after.
    let mut made: Vec<Option<Entry>> = Vec::with_capacity(ROWS.len());
    made.par_extend(ROWS.par_iter().enumerate().map(|(i, row)| {
        let files = files.get(i / BLOCK_ROWS)?;
        let at = files.partition_point(|&(_, end, _)| end <= i);
        let (first, _, file) = files.get(at)?;
        (*first <= i).then(|| entry(row, file)).flatten()
    }));
    // `filter_map`, not `flatten`: it collects in place, into the memory
    // the threads wrote (`flatten` grew a second list by doubling).
    #[allow(clippy::filter_map_identity)]
    made.into_iter().filter_map(|entry| entry).collect()
}

/// The entry of one row of `ROWS` (see `build.rs`); the build script wrote
/// ranges of `ROW_TEXT` and kinds of the same registry, so no row is lost.
fn entry(row: &[u32; 8], file: &Arc<str>) -> Option<Entry> {
    let [line, surface, surface_len, id, id_len, attrs, attrs_len, flags] = *row;
    let text = |start: u32, len: u32| ROW_TEXT.get(start as usize..(start + len) as usize);
    Some(Entry {
        surface: Cow::Borrowed(text(surface, surface_len)?),
        class: EntryClass::from_kind((flags & 0xff) as u8)?,
        id: Cow::Borrowed(text(id, id_len)?),
        attrs: EntryAttrs::from_packed(text(attrs, attrs_len)?),
        case: if flags >> 8 & 1 == 1 {
            CaseRule::Any
        } else {
            CaseRule::Cap
        },
        origin: Origin {
            file: file.clone(),
            line,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_entries_are_what_the_parser_reads_from_the_files() {
        let parsed: Vec<Entry> = DEFAULT_LEXICONS
            .iter()
            .flat_map(|&(name, text)| super::super::parse_lexicon(name, text).unwrap())
            .collect();
        let embedded = default_entries();
        assert_eq!(embedded.len(), parsed.len());
        assert!(
            embedded == parsed,
            "the embedded rows differ from the files"
        );
    }
}
