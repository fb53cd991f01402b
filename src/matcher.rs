//! The compiled lexicon: every entry of every loaded lexicon in one
//! Aho-Corasick automaton over the matching view.
//!
//! Built once, then shared read-only across threads. A search reports every
//! entry whose surface occurs in the view starting and ending on token
//! boundaries and agreeing with the entry's capitalisation rule.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::lexicon::{CaseRule, Entry, EntryClass, LexiconError, LexiconIssue};
use crate::syllables::{tokenize, Token, TokenKind};
use crate::text::{MatchView, ViewOptions};

/// One lexicon entry found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexHit {
    /// Token range of the match (first token .. one past the last).
    pub tokens: Range<usize>,
    /// Index into [`CompiledLexicon::entries`].
    pub entry: u32,
}

/// What the case check needs to know about one entry.
#[derive(Clone, Copy, Debug, Default)]
struct CaseMask {
    /// Bit i: the i-th word of the entry starts with a capital.
    cap: u64,
    /// Bit i: the i-th word of the entry is an all-capital abbreviation.
    upper: u64,
}

/// All loaded lexicon entries compiled into one automaton.
#[derive(Clone, Debug)]
pub struct CompiledLexicon {
    entries: Vec<Entry>,
    masks: Vec<CaseMask>,
    automaton: AhoCorasick,
    /// For each automaton pattern, the entries sharing that normalised surface.
    pattern_entries: Vec<Range<u32>>,
    entry_order: Vec<u32>,
    view_options: ViewOptions,
}

impl CompiledLexicon {
    /// Compiles `entries`; their surfaces are normalised with `view_options`
    /// exactly as documents will be.
    pub fn build(entries: Vec<Entry>, view_options: ViewOptions) -> Result<Self, LexiconError> {
        let mut view = MatchView::default();
        let mut tokens = Vec::new();
        let mut by_pattern: HashMap<String, Vec<u32>> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut masks = Vec::with_capacity(entries.len());
        let mut issues = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            view.build(&entry.surface, view_options);
            tokenize(&entry.surface, &view, &mut tokens);
            let first = tokens.first().map(|t| t.kind);
            let last = tokens.last().map(|t| t.kind);
            let bad_edge = |k: Option<TokenKind>| {
                !matches!(
                    k,
                    Some(TokenKind::Word | TokenKind::Number | TokenKind::Punct)
                )
            };
            if bad_edge(first)
                || bad_edge(last)
                || tokens.iter().any(|t| t.kind == TokenKind::LineBreak)
            {
                issues.push(LexiconIssue {
                    file: entry.origin.file.clone(),
                    line: entry.origin.line,
                    message: format!("surface '{}' cannot be matched: it must be on one line and start and end with a letter, digit or punctuation", entry.surface),
                });
                continue;
            }
            masks.push(case_mask(&tokens));
            let key = view.as_str().to_string();
            let idx = i as u32;
            match by_pattern.get_mut(&key) {
                Some(list) => list.push(idx),
                None => {
                    patterns.push(key.clone());
                    by_pattern.insert(key, vec![idx]);
                }
            }
        }
        if !issues.is_empty() {
            return Err(LexiconError { issues });
        }
        let mut pattern_entries = Vec::with_capacity(patterns.len());
        let mut entry_order = Vec::with_capacity(entries.len());
        for p in &patterns {
            let start = entry_order.len() as u32;
            if let Some(list) = by_pattern.get(p) {
                entry_order.extend_from_slice(list);
            }
            pattern_entries.push(start..entry_order.len() as u32);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| LexiconError {
                issues: vec![LexiconIssue {
                    file: "<all lexicons>".into(),
                    line: 0,
                    message: format!(
                        "the lexicons are too large to compile ({e}); load fewer or smaller files"
                    ),
                }],
            })?;
        Ok(CompiledLexicon {
            entries,
            masks,
            automaton,
            pattern_entries,
            entry_order,
            view_options,
        })
    }

    /// Every compiled entry.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry behind a hit.
    pub fn entry(&self, index: u32) -> Option<&Entry> {
        self.entries.get(index as usize)
    }

    /// How documents must be normalised for this lexicon.
    pub fn view_options(&self) -> ViewOptions {
        self.view_options
    }

    /// Number of distinct normalised surfaces in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.pattern_entries.len()
    }

    /// Finds every entry in `view` (tokenised as `tokens`), appending to
    /// `out` in order of start, then end.
    pub fn find(&self, view: &MatchView, tokens: &[Token], out: &mut Vec<LexHit>) {
        out.clear();
        let hay = view.as_str();
        for m in self.automaton.find_overlapping_iter(hay) {
            let Some(first) = token_starting_at(tokens, m.start()) else {
                continue;
            };
            let Some(last) = token_ending_at(tokens, m.end()) else {
                continue;
            };
            if last < first {
                continue;
            }
            let Some(range) = self.pattern_entries.get(m.pattern().as_usize()) else {
                continue;
            };
            for &e in &self.entry_order[range.start as usize..range.end as usize] {
                if self.case_agrees(e, &tokens[first..=last]) {
                    out.push(LexHit {
                        tokens: first..last + 1,
                        entry: e,
                    });
                }
            }
        }
        out.sort_by_key(|h| (h.tokens.start, h.tokens.end, h.entry));
    }

    fn case_agrees(&self, entry: u32, tokens: &[Token]) -> bool {
        let Some(e) = self.entries.get(entry as usize) else {
            return false;
        };
        if e.case == CaseRule::Any {
            return true;
        }
        let mask = self.masks.get(entry as usize).copied().unwrap_or_default();
        tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .enumerate()
            .all(|(i, t)| {
                let bit = 1u64.checked_shl(i as u32).unwrap_or(0);
                (mask.cap & bit == 0 || t.capitalized) && (mask.upper & bit == 0 || t.all_upper)
            })
    }

    /// True if the entry is emitted as an entity by the lexicon tagger.
    pub fn is_entity(&self, entry: u32) -> bool {
        matches!(
            self.entry(entry).map(|e| &e.class),
            Some(EntryClass::Entity(_))
        )
    }
}

fn case_mask(tokens: &[Token]) -> CaseMask {
    let mut mask = CaseMask::default();
    for (i, t) in tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .enumerate()
        .take(64)
    {
        if t.capitalized {
            mask.cap |= 1 << i;
        }
        if t.all_upper {
            mask.upper |= 1 << i;
        }
    }
    mask
}

/// Index of the token whose view range starts at `byte`.
pub fn token_starting_at(tokens: &[Token], byte: usize) -> Option<usize> {
    tokens.binary_search_by_key(&byte, |t| t.view.start).ok()
}

/// Index of the token whose view range ends at `byte`.
pub fn token_ending_at(tokens: &[Token], byte: usize) -> Option<usize> {
    tokens.binary_search_by_key(&byte, |t| t.view.end).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_lexicon;

    fn hits(lex: &str, text: &str) -> Vec<String> {
        let entries = parse_lexicon("t.tsv", &format!("surface\tlabel\tid\tattrs\n{lex}")).unwrap();
        let c = CompiledLexicon::build(entries, ViewOptions::default()).unwrap();
        let mut v = MatchView::default();
        v.build(text, c.view_options());
        let mut t = Vec::new();
        tokenize(text, &v, &mut t);
        let mut out = Vec::new();
        c.find(&v, &t, &mut out);
        out.iter()
            .map(|h| text[t[h.tokens.start].orig.start..t[h.tokens.end - 1].orig.end].to_string())
            .collect()
    }

    #[test]
    fn matches_only_on_token_boundaries() {
        assert_eq!(hits("An\tLOC\t\t\n", "Anh An, Bình An"), ["An", "An"]);
        assert_eq!(hits("Long An\tLOC\t\t\n", "TP.Long An,"), ["Long An"]);
    }

    #[test]
    fn capitalised_entries_need_capitals() {
        assert_eq!(hits("An\tLOC\t\t\n", "an toàn, ĐỒNG AN"), ["AN"]);
        assert!(hits("UBND\tORG\t\t\n", "Ubnd").is_empty());
        assert_eq!(hits("UBND\tORG\t\t\n", "UBND"), ["UBND"]);
        assert_eq!(
            hits("đảng viên\tqty.unit\t\t\n", "Đảng viên, đảng viên"),
            ["Đảng viên", "đảng viên"]
        );
    }

    #[test]
    fn overlapping_entries_are_all_reported() {
        let lex = "Bình\tLOC\t\t\nBình Phước\tLOC\t\t\nPhước Long\tLOC\t\t\n";
        assert_eq!(
            hits(lex, "Bình Phước Long"),
            ["Bình", "Bình Phước", "Phước Long"]
        );
    }

    #[test]
    fn old_tone_marks_and_nfd_match() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Thanh Hoá").collect();
        assert_eq!(hits("Thanh Hóa\tLOC\t\t\n", &nfd).len(), 1);
    }
}
