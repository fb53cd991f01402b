//! The compiled lexicon: every entry of every loaded lexicon in one
//! Aho-Corasick automaton (a contiguous NFA) over the matching view, walked
//! anchored from each token start.
//!
//! Built once, then shared read-only across threads. A search reports every
//! entry whose surface occurs in the view starting and ending on token
//! boundaries and agreeing with the entry's capitalisation rule.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

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
    /// The entry's [kind](kind_of): a small number per word class, so that
    /// grammars test classes without touching the entry.
    pub kind: u8,
    /// The group of entries with this surface, kind and case rule (see
    /// [`CompiledLexicon::hit_entries`]); `entry` is its first.
    pub group: u32,
}

/// The lexicon hits of one document and the scratch space that finds them;
/// kept per thread and reused.
#[derive(Clone, Debug, Default)]
pub struct HitBuffer {
    /// Hits sorted by start token, then end token.
    pub hits: Vec<LexHit>,
    /// Per token, bit `k` is set if a hit of kind `k` starts there.
    pub starts: Vec<u64>,
    /// Per view byte, 1 + the token that ends there, 0 if none: O(1)
    /// boundary checks.
    tok_end: Vec<u32>,
}

/// The kind number of an entry class: the label's index for entity entries,
/// then the classes of the registry in order. Kinds below 64 have a bit in
/// the per-token masks of [`CompiledLexicon::find`].
pub(crate) fn kind_of(class: &EntryClass) -> u8 {
    match class {
        EntryClass::Entity(l) => *l as u8,
        EntryClass::Class(c) => c.kind(),
    }
}

/// The kind number of an entity label.
pub(crate) fn entity_kind(label: crate::entity::Label) -> u8 {
    label as u8
}

/// What the case check needs to know about one entry.
#[derive(Clone, Copy, Debug, Default)]
struct CaseMask {
    /// Bit i: the i-th word of the entry starts with a capital.
    cap: u64,
    /// Bit i: the i-th word of the entry is an all-capital abbreviation.
    upper: u64,
}

/// Entries that share a surface, kind and case rule.
#[derive(Clone, Debug)]
struct Group {
    kind: u8,
    /// Range into `entry_order`.
    entries: Range<u32>,
}

/// All loaded lexicon entries compiled into one automaton.
#[derive(Clone, Debug)]
pub struct CompiledLexicon {
    entries: Vec<Entry>,
    masks: Vec<CaseMask>,
    automaton: NFA,
    /// For each automaton pattern, its groups (entries with that normalised
    /// surface and the same kind and case rule, checked together).
    pattern_groups: Vec<Range<u32>>,
    groups: Vec<Group>,
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
            tokenize(&view, &mut tokens);
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
        let kinds: Vec<u8> = entries.iter().map(|e| kind_of(&e.class)).collect();
        let mut pattern_groups = Vec::with_capacity(patterns.len());
        let mut groups: Vec<Group> = Vec::new();
        let mut entry_order = Vec::with_capacity(entries.len());
        // Entries group only within one class, so that no tagger loses an
        // entry of its own class behind another's.
        let group_key = |e: u32| {
            let m = masks[e as usize];
            (
                kinds[e as usize],
                entries[e as usize].case == CaseRule::Cap,
                m.cap,
                m.upper,
            )
        };
        for p in &patterns {
            let first_group = groups.len() as u32;
            if let Some(list) = by_pattern.get(p) {
                let mut list = list.clone();
                list.sort_by_key(|&e| (group_key(e), e));
                for e in list {
                    let same = groups.last().is_some_and(|g: &Group| {
                        groups.len() as u32 > first_group
                            && group_key(entry_order[g.entries.start as usize]) == group_key(e)
                    });
                    entry_order.push(e);
                    let end = entry_order.len() as u32;
                    match groups.last_mut() {
                        Some(g) if same => g.entries.end = end,
                        _ => groups.push(Group {
                            kind: kinds[e as usize],
                            entries: end - 1..end,
                        }),
                    }
                }
            }
            pattern_groups.push(first_group..groups.len() as u32);
        }
        // An anchored DFA: each document is walked from every token start,
        // like a prefix search in a trie (see `find`).
        let automaton = NFA::builder()
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
            pattern_groups,
            groups,
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
        self.pattern_groups.len()
    }

    /// Finds every entry in `view` (tokenised as `tokens`), replacing the
    /// contents of `buf`: hits in order of start, then end, and the per-token
    /// masks of hit kinds.
    pub fn find(&self, view: &MatchView, tokens: &[Token], buf: &mut HitBuffer) {
        buf.hits.clear();
        buf.starts.clear();
        buf.starts.resize(tokens.len(), 0);
        let hay = view.as_str();
        let n = hay.len() + 1;
        buf.tok_end.clear();
        buf.tok_end.resize(n, 0);
        for (i, t) in tokens.iter().enumerate() {
            if let Some(x) = buf.tok_end.get_mut(t.view.end) {
                *x = u32::try_from(i + 1).unwrap_or(u32::MAX);
            }
        }
        // From each token start the automaton walks only as far as some
        // entry still fits, like a prefix search in a trie, so it never
        // looks at matches that start inside a syllable.
        let bytes = hay.as_bytes();
        let Ok(start) = self.automaton.start_state(Anchored::Yes) else {
            return;
        };
        for (first, t) in tokens.iter().enumerate() {
            if t.is_space() {
                continue;
            }
            let mut sid = start;
            for (at, &b) in bytes.iter().enumerate().skip(t.view.start) {
                sid = self.automaton.next_state(Anchored::Yes, sid, b);
                if self.automaton.is_dead(sid) {
                    break;
                }
                if !self.automaton.is_match(sid) {
                    continue;
                }
                let end = at + 1;
                let last = buf.tok_end.get(end).copied().unwrap_or(0) as usize;
                if last == 0 || last - 1 < first {
                    continue;
                }
                for i in 0..self.automaton.match_len(sid) {
                    let pid = self.automaton.match_pattern(sid, i);
                    // Match sets also hold shorter patterns ending here.
                    if self.automaton.pattern_len(pid) != end - t.view.start {
                        continue;
                    }
                    self.push_hits(pid.as_usize(), first, last - 1, tokens, buf);
                }
            }
        }
        buf.hits
            .sort_unstable_by_key(|h| (h.tokens.start, h.tokens.end, h.entry));
    }

    fn push_hits(
        &self,
        pattern: usize,
        first: usize,
        last: usize,
        tokens: &[Token],
        buf: &mut HitBuffer,
    ) {
        let Some(range) = self.pattern_groups.get(pattern) else {
            return;
        };
        for gi in range.clone() {
            let Some(g) = self.groups.get(gi as usize) else {
                continue;
            };
            let e = self.entry_order[g.entries.start as usize];
            if self.case_agrees(e, &tokens[first..=last]) {
                if let Some(bit) = 1u64.checked_shl(u32::from(g.kind)) {
                    buf.starts[first] |= bit;
                }
                buf.hits.push(LexHit {
                    tokens: first..last + 1,
                    entry: e,
                    kind: g.kind,
                    group: gi,
                });
            }
        }
    }

    /// The indices of every entry behind a hit (see [`Self::hit_entries`]).
    pub fn hit_entry_ids<'a>(&'a self, hit: &LexHit) -> impl Iterator<Item = u32> + Clone + 'a {
        let range = self
            .groups
            .get(hit.group as usize)
            .map_or(0..0, |g| g.entries.start as usize..g.entries.end as usize);
        self.entry_order[range].iter().copied()
    }

    /// Every entry behind a hit: the entries with the same surface, kind
    /// and case rule (e.g. all communes called "Tân Thành").
    pub fn hit_entries<'a>(&'a self, hit: &LexHit) -> impl Iterator<Item = &'a Entry> + Clone + 'a {
        let range = self
            .groups
            .get(hit.group as usize)
            .map_or(0..0, |g| g.entries.start as usize..g.entries.end as usize);
        self.entry_order[range]
            .iter()
            .filter_map(|&e| self.entries.get(e as usize))
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
        tokenize(&v, &mut t);
        let mut buf = HitBuffer::default();
        c.find(&v, &t, &mut buf);
        buf.hits
            .iter()
            .flat_map(|h| c.hit_entries(h).map(move |_| h))
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
