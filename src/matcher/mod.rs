//! The compiled lexicon: every entry of every loaded lexicon in one trie
//! over token keys ([`trie`]), walked from each token start of a
//! document.
//!
//! Built once, then shared read-only across threads. A search reports every
//! entry whose surface occurs in the view starting and ending on token
//! boundaries and agreeing with the entry's capitalisation rule.

mod compile;
mod embedded;
mod image;
mod surface;
mod trie;

use std::ops::Range;

use crate::lexicon::{name_facts, Entry, EntryClass, LexiconError, NameFacts};
use crate::syllables::{Token, TokenKind};
use crate::text::{MatchView, ViewOptions};
use compile::{compile, NodeGroups, Tables};
use surface::CaseMask;
use trie::{DocKeys, NONE};

/// One lexicon entry found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexHit {
    /// Token range of the match (first token .. one past the last).
    pub tokens: Range<usize>,
    /// Index into [`CompiledLexicon::entries`].
    pub entry: u32,
    /// The entry's kind: a small number per word class (an entity label's
    /// index, then the lexicon's classes in their registry order), so that
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
    /// Per token, bit `k` is set if a hit of kind `k` starts there (see
    /// [`Self::starts`]). Kept at the length of the longest document yet,
    /// as is `first_hit`: each document then writes over slices that are
    /// already there, where growing a `Vec` writes element by element.
    /// Zero but where a hit of `hits` starts: [`Self::clear`] zeroes those
    /// tokens again, so that no document writes the zeros between its
    /// starts.
    starts: Vec<u128>,
    /// Per token, the index in `hits` of the first hit starting at or after
    /// it, and one more entry for the end (see [`Self::first_hit`]).
    first_hit: Vec<u32>,
    /// Number of tokens of the document.
    len: usize,
    /// The first token whose entry of `first_hit` is not written yet: the
    /// last of `hit_starts` plus one, kept apart because deriving it at
    /// every start cost 0.4% of the instructions (callgrind, s800.jsonl).
    indexed: usize,
    /// The tokens where a hit starts, in order: those whose entry of
    /// `starts` [`Self::clear`] zeroes.
    hit_starts: Vec<u32>,
    /// The kinds of the hits found at the start being searched.
    start_kinds: u128,
    /// The hit kinds whose hits [`Self::listed`] lists.
    listed_kinds: u128,
    /// The index in `hits` of each hit of the [listed kinds](Self::list_kinds),
    /// in order.
    listed: Vec<u32>,
    /// The trie keys of the document's tokens.
    keys: DocKeys,
    /// Walks in progress: (trie node, next token).
    stack: Vec<(u32, usize)>,
}

impl HitBuffer {
    /// Drops the hits, and their kinds from `starts`.
    fn clear(&mut self) {
        // The tokens where a hit starts, each once: the hits themselves
        // are several times as many, and eight times as large.
        for &start in &self.hit_starts {
            if let Some(kinds) = self.starts.get_mut(start as usize) {
                *kinds = 0;
            }
        }
        self.hit_starts.clear();
        self.hits.clear();
        self.listed.clear();
    }

    /// Makes the next searches list the hits of `kinds` apart
    /// ([`Self::listed`]): the kinds the taggers walk from. Nine hits in
    /// ten of a news text are of word classes no walk starts from
    /// (function words, stop lists); a walk over the list passes over
    /// none of them.
    pub fn list_kinds(&mut self, kinds: u128) {
        self.listed_kinds = kinds;
    }

    /// Makes room in `first_hit` and `starts` for a document of `len`
    /// tokens, and makes it the buffer's document (the length its
    /// accessors cut to). Both buffers only grow, past the longest
    /// document yet (a `Vec` grows element by element); the kinds of the
    /// tokens are zero already ([`Self::clear`]).
    fn begin(&mut self, len: usize) {
        self.len = len;
        self.indexed = 0;
        self.start_kinds = 0;
        if self.starts.len() < len {
            self.starts.resize(len, 0);
        }
        if self.first_hit.len() <= len {
            self.first_hit.resize(len + 1, 0);
        }
    }

    /// Indexes the hits from `first` on, all of which start at token
    /// `start` (the search finds a start's hits together, and the starts in
    /// order), as they are found: their kinds, which the pushes gathered
    /// in `start_kinds`, go to `starts`, and the tokens since the last
    /// start indexed get `first` as their first hit. Reading the hits
    /// again in a pass of their own cost that pass a dozen instructions
    /// a hit.
    fn index_start(&mut self, start: usize, first: usize) {
        debug_assert!(start >= self.indexed, "starts are indexed once, in order");
        let kinds = std::mem::take(&mut self.start_kinds);
        if let Some(run) = self.first_hit.get_mut(self.indexed..=start) {
            run.fill(first as u32);
        }
        self.indexed = start + 1;
        if let Some(slot) = self.starts.get_mut(start) {
            *slot = kinds;
            self.hit_starts.push(start as u32);
        }
        // Few starts have a hit of a listed kind: the others are not read
        // again.
        let listed_kinds = self.listed_kinds;
        if kinds & listed_kinds != 0 {
            let here = self.hits.get(first..).unwrap_or_default();
            let ids = (first as u32..).zip(here);
            self.listed.extend(
                ids.filter(|(_, hit)| kind_bit(hit.kind) & listed_kinds != 0)
                    .map(|(id, _)| id),
            );
        }
    }

    /// Ends the index of the document [`Self::begin`] began: the tokens
    /// after the last start indexed start no hit.
    fn end_index(&mut self) {
        let (from, end, found) = (self.indexed, self.len, self.hits.len() as u32);
        if let Some(run) = self.first_hit.get_mut(from..=end) {
            run.fill(found);
        }
    }

    /// Per token of the document, bit `k` is set if a hit of kind `k`
    /// starts there.
    pub fn starts(&self) -> &[u128] {
        self.starts.get(..self.len).unwrap_or(&[])
    }

    /// The index in `hits` of each hit of the kinds [`Self::list_kinds`]
    /// set, in order.
    pub fn listed(&self) -> &[u32] {
        &self.listed
    }

    /// The kinds whose hits [`Self::listed`] holds.
    pub fn listed_kinds(&self) -> u128 {
        self.listed_kinds
    }

    /// The hits of the kinds of `mask`, in order (see [`hits_of`]).
    pub(crate) fn hits_of(&self, mask: u128) -> impl Iterator<Item = &LexHit> {
        hits_of(&self.hits, &self.listed, self.listed_kinds, mask)
    }

    /// Per token of the document, the index in `hits` of the first hit
    /// starting at or after it, and one more entry for the end: the hits
    /// starting at token `i` are `hits[first_hit[i]..first_hit[i + 1]]`,
    /// without a search.
    pub fn first_hit(&self) -> &[u32] {
        self.first_hit.get(..=self.len).unwrap_or(&[])
    }
}

/// The hits of `hits` of the kinds of `mask`, in order: read off `listed`
/// (the index of each hit of the kinds `listed_kinds`, in order) when
/// `mask` has no other kind, else off all the hits.
pub(crate) fn hits_of<'a>(
    hits: &'a [LexHit],
    listed: &'a [u32],
    listed_kinds: u128,
    mask: u128,
) -> impl Iterator<Item = &'a LexHit> + 'a {
    let (listed, all): (&'a [u32], &'a [LexHit]) = match mask & !listed_kinds {
        0 => (listed, &[]),
        _ => (&[], hits),
    };
    let listed = listed.iter().filter_map(move |&h| hits.get(h as usize));
    listed
        .chain(all)
        .filter(move |h| kind_bit(h.kind) & mask != 0)
}

/// The kind number of an entity label.
pub(crate) const fn entity_kind(label: crate::label::Label) -> u8 {
    label as u8
}

/// All loaded lexicon entries compiled into one automaton.
#[derive(Clone, Debug)]
pub struct CompiledLexicon {
    entries: Vec<Entry>,
    /// The trie and the groups of entries at its nodes.
    tables: Tables,
    /// Per entry, what the person grammar asks of surnames and given
    /// names ([`NameFacts`]).
    names: Vec<NameFacts>,
    view_options: ViewOptions,
}

impl CompiledLexicon {
    /// Compiles `entries`; their surfaces are normalised with `view_options`
    /// exactly as documents will be.
    pub fn build(entries: Vec<Entry>, view_options: ViewOptions) -> Result<Self, LexiconError> {
        Self::build_while(entries, view_options, 0, |_| ()).map(|(lexicon, ..)| lexicon)
    }

    /// Compiles `entries` as [`Self::build`] does while `read` reads the
    /// same entries on another thread of the pool: start-up work that needs
    /// the entries but not the automaton runs beside it. The first
    /// `embedded` entries must be the embedded lexicons' rows, in order
    /// (see [`crate::lexicon::default_entries`]): with the default view
    /// their surfaces were cut at build time, and if they are all the
    /// entries, the tables compiled at build time are read, not compiled
    /// again (a wrong count would read tables of other entries). The
    /// entries' name facts are read beside the automaton too.
    pub(crate) fn build_while<T: Send>(
        entries: Vec<Entry>,
        view_options: ViewOptions,
        embedded: usize,
        read: impl FnOnce(&[Entry]) -> T + Send,
    ) -> Result<(Self, T), LexiconError> {
        // Rows cut at build time serve only the default view, and only if
        // every row became an entry (else the indices would not line up);
        // the tables compiled at build time serve only the embedded
        // entries alone.
        let precut = if view_options == ViewOptions::default() && embedded == embedded::ROWS {
            embedded
        } else {
            0
        };
        let image = precut > 0 && entries.len() == precut;
        let (tables, (read, names)) = rayon::join(
            || match image.then(|| Tables::read_image(embedded::IMAGE)).flatten() {
                Some(tables) => Ok(tables),
                None => compile(&entries, view_options, |i| {
                    (i < precut).then(|| embedded::cut(i)).flatten()
                }),
            },
            || rayon::join(|| read(&entries), || name_facts(&entries)),
        );
        let lexicon = CompiledLexicon {
            entries,
            tables: tables?,
            names,
            view_options,
        };
        Ok((lexicon, read))
    }

    /// Every compiled entry.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry behind a hit.
    pub fn entry(&self, index: u32) -> Option<&Entry> {
        self.entries.get(index as usize)
    }

    /// The name facts of an entry (none for an index out of range).
    #[inline]
    pub(crate) fn name_facts(&self, index: u32) -> NameFacts {
        self.names.get(index as usize).copied().unwrap_or_default()
    }

    /// How documents must be normalised for this lexicon.
    pub fn view_options(&self) -> ViewOptions {
        self.view_options
    }

    /// Number of distinct normalised surfaces in the trie.
    pub fn pattern_count(&self) -> usize {
        self.tables.trie.pattern_count()
    }

    /// Finds every entry in `view` (tokenised as `tokens`), replacing the
    /// contents of `buf`: hits in order of start, then end, and the per-token
    /// masks of hit kinds.
    pub fn find(&self, view: &MatchView, tokens: &[Token], buf: &mut HitBuffer) {
        buf.clear();
        buf.begin(tokens.len());
        let mut keys = std::mem::take(&mut buf.keys);
        self.tables.trie.keys(view, tokens, &mut keys);
        let mut stack = std::mem::take(&mut buf.stack);
        // The first run of glued words at or after the walk's start.
        let mut glued = 0;
        // Only the tokens a walk can start from are visited; those between
        // start no hit.
        for &(first, root, payload) in &keys.starts {
            let first = first as usize;
            let before = buf.hits.len();
            // The walk's first step along the token's own key was taken
            // with its lookup: it is not taken again.
            self.branch_glued(
                NONE, first, first, &mut glued, &keys, tokens, buf, &mut stack,
            );
            if root != NONE {
                self.report_groups(NodeGroups(payload), root, first, first + 1, tokens, buf);
                self.walk_from(
                    root,
                    first + 1,
                    first,
                    glued,
                    &keys,
                    tokens,
                    buf,
                    &mut stack,
                );
            }
            // Every run of glued words the walks take is pushed here first.
            let branched = !stack.is_empty();
            while let Some((node, at)) = stack.pop() {
                self.walk_from(node, at, first, glued, &keys, tokens, buf, &mut stack);
            }
            // Hits are found start by start, so ordering each start's few
            // hits orders them all. A walk along single keys finds them in
            // order (by end, then by entry, the order of a node's groups),
            // and most starts take no run of glued words: their hits are
            // not even checked.
            let found = &mut buf.hits[before..];
            debug_assert!(branched || found.is_sorted_by_key(|h| (h.tokens.end, h.entry)));
            if branched && !found.is_sorted_by_key(|h| (h.tokens.end, h.entry)) {
                found.sort_unstable_by_key(|h| (h.tokens.end, h.entry));
            }
            if buf.hits.len() > before {
                buf.index_start(first, before);
            }
        }
        buf.end_index();
        buf.keys = keys;
        buf.stack = stack;
    }

    /// A walk that started at token `first`, from trie `node` at token
    /// `at`: follows the tokens' own keys as far as the trie goes; each run
    /// of glued words met on the way is a branch, pushed on `stack`.
    /// `glued` is an index of the document's glued runs at none past one
    /// that starts at `at`. Inlined into [`Self::find`]: a call per walk,
    /// with its arguments and the trie's fields reloaded, cost as much as
    /// a step (measured).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn walk_from(
        &self,
        mut node: u32,
        mut at: usize,
        first: usize,
        mut glued: usize,
        keys: &DocKeys,
        tokens: &[Token],
        buf: &mut HitBuffer,
        stack: &mut Vec<(u32, usize)>,
    ) {
        while at < tokens.len() {
            self.branch_glued(node, at, first, &mut glued, keys, tokens, buf, stack);
            let Some(child) = self.advance(node, keys.single[at], first, at + 1, tokens, buf)
            else {
                return;
            };
            node = child;
            at += 1;
        }
    }

    /// Steps from trie `node` along each run of glued words that starts at
    /// token `at`, pushing the nodes reached on `stack`: the branches of a
    /// walk that started at token `first`; `glued` as for
    /// [`Self::walk_from`].
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn branch_glued(
        &self,
        node: u32,
        at: usize,
        first: usize,
        glued: &mut usize,
        keys: &DocKeys,
        tokens: &[Token],
        buf: &mut HitBuffer,
        stack: &mut Vec<(u32, usize)>,
    ) {
        for &(_, end, key) in keys.glued_at(glued, at) {
            let end = end as usize;
            if let Some(child) = self.advance(node, key, first, end, tokens, buf) {
                stack.push((child, end));
            }
        }
    }

    /// Steps from trie `node` along `key`, which covers the tokens up to
    /// `end` (exclusive), reporting the hits of the pattern that ends there
    /// (none along the [quiet key](Tables::quiet_key), where no pattern
    /// ends: [`Tables`] checks that when it is made); the node reached, if
    /// any.
    #[inline(always)]
    fn advance(
        &self,
        node: u32,
        key: u32,
        first: usize,
        end: usize,
        tokens: &[Token],
        buf: &mut HitBuffer,
    ) -> Option<u32> {
        let child = self.tables.trie.step(node, key)?;
        if key != self.tables.quiet_key {
            self.report(child, first, end, tokens, buf);
        }
        Some(child)
    }

    /// Reports the hits of the pattern that ends at trie node `child`, if
    /// any, for the tokens `first..end`.
    #[inline(always)]
    fn report(&self, child: u32, first: usize, end: usize, tokens: &[Token], buf: &mut HitBuffer) {
        if let Some(node) = self.node_groups(child as usize) {
            self.report_groups(node, child, first, end, tokens, buf);
        }
    }

    /// [`Self::report`] for trie node `child`, whose groups are `node`
    /// (read beforehand: a root child's are read with the document's keys).
    #[inline(always)]
    fn report_groups(
        &self,
        node: NodeGroups,
        child: u32,
        first: usize,
        end: usize,
        tokens: &[Token],
        buf: &mut HitBuffer,
    ) {
        let child = child as usize;
        if !node.any() {
            return;
        }
        // A lower-case word cannot start a hit of a node whose groups all
        // need a capital there.
        let lower = || {
            tokens
                .get(first)
                .is_some_and(|t| t.kind == TokenKind::Word && !t.capitalized)
        };
        if node.needs_capital() && lower() {
            return;
        }
        let Some(next) = self.node_groups(child + 1) else {
            return;
        };
        let range = node.first()..next.first();
        if node.any_case() {
            self.push_all(range, first..end, buf);
        } else {
            self.push_hits(range, first, end - 1, tokens, buf);
        }
    }

    /// Reports every group of `range` (those of one pattern, none with a
    /// case rule) for the tokens `span`: no check each, and one reserve
    /// for them all. Out of line, as [`Self::push_hits`] is.
    #[inline(never)]
    fn push_all(&self, range: Range<u32>, span: Range<usize>, buf: &mut HitBuffer) {
        let groups = self.tables.groups_of(&range);
        let kinds = &mut buf.start_kinds;
        buf.hits.extend(range.zip(groups).map(|(gi, g)| {
            *kinds |= kind_bit(g.kind);
            LexHit {
                tokens: span.clone(),
                entry: g.first_entry,
                kind: g.kind,
                group: gi,
            }
        }));
    }

    /// The groups of trie node `node` (the end's for the node past the
    /// last).
    #[inline]
    fn node_groups(&self, node: usize) -> Option<NodeGroups> {
        self.tables.trie.payload(node).map(NodeGroups)
    }

    /// Reports the groups `range` (those of one pattern) whose case rule
    /// the tokens `first..=last` meet. Kept out of line: most steps of a
    /// walk end on no pattern, and the walk's loop stays small.
    #[inline(never)]
    fn push_hits(
        &self,
        range: Range<u32>,
        first: usize,
        last: usize,
        tokens: &[Token],
        buf: &mut HitBuffer,
    ) {
        let groups = self.tables.groups_of(&range);
        for (gi, g) in (range.start..).zip(groups) {
            if case_agrees(g.case, &tokens[first..=last]) {
                buf.start_kinds |= kind_bit(g.kind);
                buf.hits.push(LexHit {
                    tokens: first..last + 1,
                    entry: g.first_entry,
                    kind: g.kind,
                    group: gi,
                });
            }
        }
    }

    /// The indices of every entry behind a hit (see [`Self::hit_entries`]).
    pub fn hit_entry_ids<'a>(&'a self, hit: &LexHit) -> impl Iterator<Item = u32> + Clone + 'a {
        let Tables {
            members,
            entry_order,
            ..
        } = &self.tables;
        let range = members
            .get(hit.group as usize)
            .map_or(0..0, |m| m.start as usize..m.end as usize);
        entry_order.get(range).unwrap_or_default().iter().copied()
    }

    /// Every entry behind a hit: the entries with the same surface, kind
    /// and case rule (e.g. all communes called "Tân Thành").
    pub fn hit_entries<'a>(&'a self, hit: &LexHit) -> impl Iterator<Item = &'a Entry> + Clone + 'a {
        self.hit_entry_ids(hit)
            .filter_map(|e| self.entries.get(e as usize))
    }

    /// True if the entry is emitted as an entity by the lexicon tagger.
    pub fn is_entity(&self, entry: u32) -> bool {
        matches!(
            self.entry(entry).map(|e| &e.class),
            Some(EntryClass::Entity(_))
        )
    }
}

/// The bit of each kind in [`HitBuffer::starts`], zero from 128 on: a load,
/// where a shift of a `u128` by a variable amount takes a dozen
/// instructions. An entry for every `u8`, so that the load needs no bounds
/// test (the pushes of the search take one for each hit).
const KIND_BITS: [u128; 256] = {
    let mut bits = [0; 256];
    let mut k = 0;
    while k < 128 {
        bits[k] = 1 << k;
        k += 1;
    }
    bits
};

/// The bit of a kind in [`HitBuffer::starts`] (none above 127).
#[inline]
pub(crate) fn kind_bit(kind: u8) -> u128 {
    KIND_BITS[usize::from(kind)]
}

/// True if the words of `tokens` have the capitals `mask` asks for: the
/// i-th word of the entry capitalised (or all capitals) needs the i-th word
/// of the text so. An empty mask (an entry of any case) asks nothing.
#[inline]
fn case_agrees(mask: CaseMask, tokens: &[Token]) -> bool {
    if mask == CaseMask::default() {
        return true;
    }
    tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .enumerate()
        .all(|(i, t)| {
            let bit = 1u64.checked_shl(i as u32).unwrap_or(0);
            (mask.cap & bit == 0 || t.capitalized) && (mask.upper & bit == 0 || t.all_upper)
        })
}

/// Index of the token whose view range ends at `byte`.
pub(crate) fn token_ending_at(tokens: &[Token], byte: usize) -> Option<usize> {
    tokens.binary_search_by_key(&byte, |t| t.view.end).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_lexicon;
    use crate::syllables::tokenize;

    /// Finds the entries of `c` in `text` into `buf`; the text's tokens.
    fn find_in(c: &CompiledLexicon, text: &str, buf: &mut HitBuffer) -> Vec<Token> {
        let mut v = MatchView::default();
        v.build(text, c.view_options());
        let mut t = Vec::new();
        tokenize(&v, &mut t);
        c.find(&v, &t, buf);
        t
    }

    fn hits(lex: &str, text: &str) -> Vec<String> {
        let entries = parse_lexicon("t.tsv", &format!("surface\tlabel\tid\tattrs\n{lex}")).unwrap();
        let c = CompiledLexicon::build(entries, ViewOptions::default()).unwrap();
        let mut buf = HitBuffer::default();
        let t = find_in(&c, text, &mut buf);
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
    fn a_node_reports_its_any_case_groups_and_checks_the_others() {
        // Two classes with no case rule end at one node: both are reported
        // wherever the word is, in any case.
        let lex = "tỉnh\tqty.unit\t\t\ntỉnh\tloc.cue\t\t\n";
        assert_eq!(hits(lex, "Tỉnh, tỉnh"), ["Tỉnh", "Tỉnh", "tỉnh", "tỉnh"]);
        // Beside one with no case rule, a capitalised entry's rule is
        // still checked.
        let lex = "an\tqty.unit\t\t\nAn\tLOC\t\t\n";
        assert_eq!(hits(lex, "an, An"), ["an", "An", "An"]);
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
    fn a_node_with_many_children_finds_each() {
        // "bình" and its space lead to five children, searched in a list.
        let lex = "Bình Phước\tLOC\t\t\nBình Dương\tLOC\t\t\nBình Định\tLOC\t\t\n\
                   Bình Thuận\tLOC\t\t\nBình An\tLOC\t\t\nAn Giang\tLOC\t\t\n";
        assert_eq!(
            hits(
                lex,
                "Bình Thuận, Bình Xuyên, Bình An Giang, Bình Phước và Bình Định"
            ),
            [
                "Bình Thuận",
                "Bình An",
                "An Giang",
                "Bình Phước",
                "Bình Định"
            ]
        );
        assert!(hits(lex, "Bình Long, bình an").is_empty());
    }

    /// The index the search builds start by start, as it finds the hits,
    /// is what the hits say: at each token, the number of hits that start
    /// before it, the kinds of those that start at it, the hits of the
    /// listed kinds, and the tokens where hits start (no more: the buffer
    /// is reused). The lexicon has glued words (hits found on a branch),
    /// case rules (hits checked one by one) and two kinds on one surface.
    #[test]
    fn the_index_is_what_the_hits_say() {
        let lex = "surface\tlabel\tid\tattrs\nAn\tLOC\t\t\nLong An\tLOC\t\t\n\
                   tỉnh\tqty.unit\t\t\ntỉnh\tloc.cue\t\t\nVinaPhone\tORG\t\t\n\
                   Vina\tqty.unit\t\t\nUBND\tORG\t\t\nUBND tỉnh\tORG\t\t\n";
        let entries = parse_lexicon("t.tsv", lex).unwrap();
        let c = CompiledLexicon::build(entries, ViewOptions::default()).unwrap();
        let listed = kind_bit(entity_kind(crate::label::Label::Org));
        let texts = [
            "UBND tỉnh Long An, Tỉnh An và VINAPHONE, Vinaphone; ubnd tỉnh an.",
            "Vina VinaPhone\n\nLong An",
            "",
            "tỉnh",
        ];
        let mut buf = HitBuffer::default();
        buf.list_kinds(listed);
        for text in texts {
            let t = find_in(&c, text, &mut buf);
            assert!(!buf.hits.is_empty() || text.is_empty(), "{text:?}");
            for i in 0..=t.len() {
                let before = buf.hits.iter().filter(|h| h.tokens.start < i).count();
                assert_eq!(buf.first_hit()[i] as usize, before, "{text:?} at {i}");
            }
            for (i, &kinds) in buf.starts().iter().enumerate() {
                let here = buf.hits.iter().filter(|h| h.tokens.start == i);
                let want = here.fold(0, |k, h| k | kind_bit(h.kind));
                assert_eq!(kinds, want, "{text:?} at {i}");
            }
            let want: Vec<u32> = (0..buf.hits.len() as u32)
                .filter(|&h| kind_bit(buf.hits[h as usize].kind) & listed != 0)
                .collect();
            assert_eq!(buf.listed(), want, "{text:?}");
            let mut starts: Vec<u32> = buf.hits.iter().map(|h| h.tokens.start as u32).collect();
            starts.dedup();
            assert_eq!(buf.hit_starts, starts, "{text:?}");
        }
    }

    #[test]
    fn a_reused_buffer_indexes_as_a_fresh_one() {
        let lex = "surface\tlabel\tid\tattrs\nAn\tLOC\t\t\nLong An\tLOC\t\t\nHà Nội\tLOC\t\t\n";
        let entries = parse_lexicon("t.tsv", lex).unwrap();
        let c = CompiledLexicon::build(entries, ViewOptions::default()).unwrap();
        let long = "Long An, Hà Nội và An. ".repeat(20);
        let texts = [long.as_str(), "Hà Nội", "", "x", long.as_str(), "An"];
        let mut reused = HitBuffer::default();
        reused.list_kinds(kind_bit(entity_kind(crate::label::Label::Loc)));
        for text in texts {
            let mut fresh = HitBuffer::default();
            fresh.list_kinds(reused.listed_kinds());
            let t = find_in(&c, text, &mut fresh);
            find_in(&c, text, &mut reused);
            assert_eq!(reused.hits, fresh.hits, "{text:?}");
            assert_eq!(reused.starts(), fresh.starts(), "{text:?}");
            assert_eq!(reused.first_hit(), fresh.first_hit(), "{text:?}");
            assert_eq!(reused.listed(), fresh.listed(), "{text:?}");
            let every: Vec<u32> = (0..fresh.hits.len() as u32).collect();
            assert_eq!(fresh.listed(), every, "every hit is a LOC: {text:?}");
            assert_eq!(reused.starts().len(), t.len());
            assert_eq!(reused.first_hit().len(), t.len() + 1);
        }
    }

    #[test]
    fn old_tone_marks_and_nfd_match() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Thanh Hoá").collect();
        assert_eq!(hits("Thanh Hóa\tLOC\t\t\n", &nfd).len(), 1);
    }
}
