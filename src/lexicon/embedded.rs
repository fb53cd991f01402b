//! The default lexicons, embedded at build time from `lexicons/**/*.tsv`
//! (see `build.rs`), in path order: their text, and their entries as the
//! build script parsed and checked them, so that start-up copies entries
//! instead of parsing 4 MB of TSV again.

use std::sync::Arc;

use super::{CaseRule, Entry, EntryAttrs, EntryClass, Origin};

/// One parsed entry of an embedded lexicon, as the build script wrote it.
struct Row {
    line: u32,
    surface: &'static str,
    /// [`EntryClass::kind`].
    kind: u8,
    id: &'static str,
    /// [`EntryAttrs::packed`].
    attrs: &'static str,
    any_case: bool,
}

include!(concat!(env!("OUT_DIR"), "/default_lexicons.rs"));

/// The entries of every default lexicon, in file and line order: what
/// [`super::parse_lexicon`] returns for each of [`DEFAULT_LEXICONS`].
pub(crate) fn default_entries() -> Vec<Entry> {
    let count = DEFAULT_ROWS.iter().map(|(_, rows)| rows.len()).sum();
    let mut entries = Vec::with_capacity(count);
    for &(file, rows) in DEFAULT_ROWS {
        let file: Arc<str> = Arc::from(file);
        entries.extend(rows.iter().filter_map(|row| {
            // The build script wrote kinds of the same registry.
            let class = EntryClass::from_kind(row.kind)?;
            Some(Entry {
                surface: row.surface.to_string(),
                class,
                id: row.id.to_string(),
                attrs: EntryAttrs::from_packed(row.attrs),
                case: if row.any_case {
                    CaseRule::Any
                } else {
                    CaseRule::Cap
                },
                origin: Origin {
                    file: file.clone(),
                    line: row.line,
                },
            })
        }));
    }
    entries
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
