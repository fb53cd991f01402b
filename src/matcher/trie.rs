//! A trie over token keys: every lexicon surface as the sequence of its
//! tokens in the matching view ("bình", " ", "phước").
//!
//! Matches start and end on token boundaries by construction, so a walk
//! from a token start costs one hash lookup per token for the document's
//! text and one array or hash step per token of the surfaces it follows;
//! most tokens start no surface and cost only their lookup.
//!
//! Words glued without a space and split by case ("VinaPhone") are one key:
//! a surface keeps them joined, and the text offers both the joined key and
//! the first part alone, so "VINAPHONE", "Vinaphone" and "VinaPhone" match
//! the same entry, and "My" still matches the start of "MyTAG".

use std::hash::Hasher;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHasher};

use super::image::{u64_of, u64_words, ImageReader, ImageWriter};
use super::surface::{glued_end, is_glued};
use crate::syllables::{Token, TokenKind};
use crate::text::{swar, MatchView};

/// No key, node or pattern.
pub(crate) const NONE: u32 = u32::MAX;

/// Longest run of glued words offered as one key.
const MAX_GLUED: usize = 8;

/// The keys of the lexicon's surfaces, arranged as a trie.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TokenTrie {
    /// Key text of at most [`PACK_MAX`] bytes, [packed](pack) with its
    /// length → key id and root child (copied from `root` by
    /// [`Self::link_root_children`]). Most keys are this short: their
    /// lookup hashes two words, not the bytes, and equal packs are equal
    /// texts, so it needs no string comparison.
    /// Keyed by the pack's two halves, not the `u128`: 8-byte alignment
    /// makes a bucket 24 bytes, not 32, and the table fits the cache
    /// better.
    short: FxHashMap<(u64, u64), (u32, u32)>,
    /// Hash of a longer key's text (view form) → key id; a hit is checked
    /// against `texts`, so that a hash collision does not match.
    vocab: FxHashMap<u64, u32>,
    /// Each key's text, by key id, as a range of `arena`.
    texts: Vec<(u32, u32)>,
    arena: Vec<u8>,
    /// The child of the root for each key id, or [`NONE`].
    root: Vec<u32>,
    /// What a walk reads of each node ([`NodeLinks`]), and one more for
    /// the end.
    nodes: Vec<NodeLinks>,
    /// (key id, child node) of each node's children below the root, except
    /// along `space`, by node and then key: a walk's step searches a few
    /// entries in one or two cache lines where a hash lookup read a bucket
    /// anywhere in a table of every edge (most lookups miss, and a node
    /// has few children).
    children: Vec<(u32, u32)>,
    /// A bit per (node, key) hash of every edge in `children`: a step whose
    /// bit is clear has no child, and reads neither the node's record nor
    /// its list.
    edge_bits: Vec<u64>,
    /// The key id of a single space, once a surface has one.
    space: u32,
    /// Number of patterns.
    patterns: u32,
}

impl Default for TokenTrie {
    fn default() -> Self {
        TokenTrie {
            short: FxHashMap::default(),
            vocab: FxHashMap::default(),
            texts: Vec::new(),
            arena: Vec::new(),
            root: Vec::new(),
            nodes: Vec::new(),
            children: Vec::new(),
            edge_bits: Vec::new(),
            space: NONE,
            patterns: 0,
        }
    }
}

/// What a walk reads of one trie node, together, so that a step reads one
/// record (one cache line, with the next node's, mostly) rather than one
/// entry in each of three arrays.
#[derive(Clone, Copy, Debug, PartialEq)]
struct NodeLinks {
    /// The child along a space, or [`NONE`]: most walks go on from a word
    /// to the space after it, and this step then searches nothing.
    space_child: u32,
    /// Where the node's other children start in `children`: they run to
    /// the first child of the next node.
    first_child: u32,
    /// What the compiled lexicon keeps for the node
    /// ([`TokenTrie::set_payloads`]).
    payload: u32,
}

/// A [`TokenTrie`] being built, with the tables only the build reads. The
/// trie comes out of [`TrieBuilder::finish`], which completes what the
/// lookups read, so no document is matched against a trie that is half
/// made.
#[derive(Clone, Debug, Default)]
pub(crate) struct TrieBuilder {
    /// The keys and the root's children, filled as surfaces come.
    trie: TokenTrie,
    /// (node, key id) → child node, below the root, except along a space;
    /// [`Self::finish`] turns them into each node's list.
    edges: FxHashMap<(u32, u32), u32>,
    /// The child of each node along a space, or [`NONE`].
    space_child: Vec<u32>,
    /// The pattern that ends at each node, or [`NONE`]: an entry per
    /// node, so its length is the number of nodes.
    ends: Vec<u32>,
}

impl TrieBuilder {
    /// The pattern of the surface whose view text is `view`, its keys cut
    /// at `cuts` (see [`key_cuts`](super::surface::key_cuts)), inserting it
    /// if it is new.
    pub(crate) fn insert(&mut self, view: &[u8], cuts: &[u32]) -> u32 {
        let mut node = NONE;
        for pair in cuts.windows(2) {
            let key = view.get(pair[0] as usize..pair[1] as usize).unwrap_or(b"");
            let key = self.trie.intern(key);
            node = self.child_or_insert(node, key);
        }
        let Some(slot) = self.ends.get_mut(node as usize) else {
            return NONE;
        };
        if *slot == NONE {
            *slot = self.trie.patterns;
            self.trie.patterns += 1;
        }
        *slot
    }

    /// The trie of every surface inserted, and the pattern that ends at
    /// each of its nodes ([`NONE`] where none does), which only the
    /// grouping of entries reads.
    pub(crate) fn finish(mut self) -> (TokenTrie, Vec<u32>) {
        self.trie.link_root_children();
        self.list_children();
        (self.trie, self.ends)
    }

    fn child_or_insert(&mut self, node: u32, key: u32) -> u32 {
        let (edges, space_child, space) = (&self.edges, &self.space_child, self.trie.space);
        let below = |n: u32, k: u32| match k == space {
            true => space_child.get(n as usize).copied(),
            false => edges.get(&(n, k)).copied(),
        };
        if let Some(child) = self.trie.step_by(node, key, below) {
            return child;
        }
        let child = u32::try_from(self.ends.len()).unwrap_or(NONE);
        self.ends.push(NONE);
        if node == NONE {
            if let Some(slot) = self.trie.root.get_mut(key as usize) {
                *slot = child;
            }
        } else if key == space {
            if self.space_child.len() <= node as usize {
                self.space_child.resize(node as usize + 1, NONE);
            }
            self.space_child[node as usize] = child;
        } else {
            self.edges.insert((node, key), child);
        }
        child
    }

    /// Makes the trie's node records and child lists from `edges` and
    /// `space_child`, each node's children in order of key.
    /// [`Self::finish`] calls it.
    fn list_children(&mut self) {
        // Placed by a count per node, then each node's few sorted by key:
        // one sort of every edge cost start-up more.
        let mut starts = vec![0u32; self.ends.len() + 1];
        for &(node, _) in self.edges.keys() {
            if let Some(next) = starts.get_mut(node as usize + 1) {
                *next += 1;
            }
        }
        for n in 1..starts.len() {
            starts[n] += starts[n - 1];
        }
        let mut free = starts.clone();
        let mut children = vec![(NONE, NONE); self.edges.len()];
        self.trie.edge_bits = vec![0; EDGE_WORDS];
        for ((node, key), child) in std::mem::take(&mut self.edges) {
            let (word, bit) = edge_bit(node, key);
            if let Some(w) = self.trie.edge_bits.get_mut(word) {
                *w |= bit;
            }
            let Some(at) = free.get_mut(node as usize) else {
                continue;
            };
            if let Some(slot) = children.get_mut(*at as usize) {
                *slot = (key, child);
            }
            *at += 1;
        }
        for pair in starts.windows(2) {
            if let Some(list) = children.get_mut(pair[0] as usize..pair[1] as usize) {
                list.sort_unstable_by_key(|&(key, _)| key);
            }
        }
        let space_child = std::mem::take(&mut self.space_child);
        self.trie.nodes = starts
            .iter()
            .enumerate()
            .map(|(n, &first_child)| NodeLinks {
                space_child: space_child.get(n).copied().unwrap_or(NONE),
                first_child,
                payload: 0,
            })
            .collect();
        self.trie.children = children;
    }
}

impl TokenTrie {
    /// Number of patterns (distinct key sequences).
    pub(crate) fn pattern_count(&self) -> usize {
        self.patterns as usize
    }

    fn intern(&mut self, text: &[u8]) -> u32 {
        let key = self.key_of(text, 0..text.len());
        if key != NONE {
            return key;
        }
        let packed = pack(text, 0..text.len());
        if packed.is_none() && self.vocab.contains_key(&hash_of(text)) {
            // Two texts with one 64-bit hash: the second cannot be a key,
            // so its surfaces never match. Not seen in practice.
            return NONE;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(NONE);
        let start = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        self.arena.extend_from_slice(text);
        self.texts.push((start, text.len() as u32));
        map_key(&mut self.short, &mut self.vocab, id, text, packed);
        self.root.push(NONE);
        if text == b" " {
            self.space = id;
        }
        id
    }

    /// Writes the trie to `w`, for [`Self::read_image`]: all but the key
    /// maps, which are made again from the key texts.
    #[cfg_attr(not(test), allow(dead_code))] // the build script's
    pub(crate) fn write_image(&self, w: &mut ImageWriter) {
        w.word(self.space);
        w.word(self.patterns);
        w.list(&self.texts, |&(start, len)| [start, len]);
        w.bytes(&self.arena);
        w.list(&self.root, |&child| [child]);
        w.list(&self.nodes, |n| [n.space_child, n.first_child, n.payload]);
        w.list(&self.children, |&(key, child)| [key, child]);
        w.list(&self.edge_bits, |&bits| u64_words(bits));
    }

    /// The trie [`Self::write_image`] wrote, read from `r`.
    pub(crate) fn read_image(r: &mut ImageReader<'_>) -> Option<TokenTrie> {
        let mut trie = TokenTrie {
            space: r.word()?,
            patterns: r.word()?,
            texts: r.list(|[start, len]| (start, len))?,
            arena: r.bytes()?.to_vec(),
            root: r.list(|[child]| child)?,
            nodes: r.list(|[space_child, first_child, payload]| NodeLinks {
                space_child,
                first_child,
                payload,
            })?,
            children: r.list(|[key, child]| (key, child))?,
            edge_bits: r.list(|[low, high]| u64_of(low, high))?,
            ..TokenTrie::default()
        };
        trie.map_keys()?;
        Some(trie)
    }

    /// Fills the key maps from the key texts, as [`Self::intern`] filled
    /// them, and links the root's children: `None` if two keys share a
    /// pack or hash (an image made where the hash differs, or damaged),
    /// which the build never lets happen, so the caller compiles instead.
    fn map_keys(&mut self) -> Option<()> {
        self.short.reserve(self.texts.len());
        for (id, &(start, len)) in self.texts.iter().enumerate() {
            let text = self
                .arena
                .get(start as usize..start.checked_add(len)? as usize)?;
            let id = u32::try_from(id).ok()?;
            let packed = pack(text, 0..text.len());
            if !map_key(&mut self.short, &mut self.vocab, id, text, packed) {
                return None;
            }
        }
        self.link_root_children();
        Some(())
    }

    /// Copies the root's child along each short key beside the key in
    /// `short`, where a document's lookup finds it: once, when every
    /// surface is inserted (a copy at each new root child cost start-up a
    /// hash lookup each). [`TrieBuilder::finish`] calls it.
    fn link_root_children(&mut self) {
        let root = &self.root;
        for (id, child) in self.short.values_mut() {
            *child = root.get(*id as usize).copied().unwrap_or(NONE);
        }
    }

    /// The key id of a single space ([`NONE`] if no surface has one).
    pub(crate) fn space_key(&self) -> u32 {
        self.space
    }

    /// Every node reached from its parent along a space.
    pub(crate) fn space_children(&self) -> impl Iterator<Item = u32> + '_ {
        self.nodes
            .iter()
            .map(|links| links.space_child)
            .filter(|&child| child != NONE)
    }

    /// Sets what the compiled lexicon keeps for each node, by node, and
    /// one more for the end ([`Self::payload`]).
    pub(crate) fn set_payloads(&mut self, payloads: impl IntoIterator<Item = u32>) {
        for (links, payload) in self.nodes.iter_mut().zip(payloads) {
            links.payload = payload;
        }
    }

    /// What the compiled lexicon keeps for `node` (the end's for the node
    /// past the last).
    #[inline]
    pub(crate) fn payload(&self, node: usize) -> Option<u32> {
        self.nodes.get(node).map(|links| links.payload)
    }

    /// The child of `node` (the root for [`NONE`]) along `key`.
    #[inline]
    pub(crate) fn step(&self, node: u32, key: u32) -> Option<u32> {
        self.step_by(node, key, |n, k| self.linked_child(n, k))
    }

    /// The child of `node` along `key`, found by `below` below the root:
    /// the built trie's records, or the edges of one being built.
    #[inline(always)]
    fn step_by(
        &self,
        node: u32,
        key: u32,
        below: impl FnOnce(u32, u32) -> Option<u32>,
    ) -> Option<u32> {
        if key == NONE {
            return None;
        }
        let child = if node == NONE {
            self.root.get(key as usize).copied()?
        } else {
            below(node, key)?
        };
        (child != NONE).then_some(child)
    }

    /// The child of `node` along `key` in the built trie: its space child,
    /// or one of its list in `children`.
    #[inline]
    fn linked_child(&self, node: u32, key: u32) -> Option<u32> {
        let n = node as usize;
        if key == self.space {
            return self.nodes.get(n).map(|links| links.space_child);
        }
        let (word, bit) = edge_bit(node, key);
        if self.edge_bits.get(word).is_none_or(|w| w & bit == 0) {
            return None;
        }
        let links = self.nodes.get(n)?;
        let end = self.nodes.get(n + 1)?.first_child;
        let list = self
            .children
            .get(links.first_child as usize..end as usize)?;
        let i = list.binary_search_by_key(&key, |&(k, _)| k).ok()?;
        list.get(i).map(|&(_, c)| c)
    }

    /// The key id of each token of a document (and of each run of glued
    /// words starting there), and the tokens a walk starts from, replacing
    /// the contents of `keys`.
    pub(crate) fn keys(&self, view: &MatchView, tokens: &[Token], keys: &mut DocKeys) {
        keys.single.clear();
        keys.single.reserve(tokens.len());
        keys.glued.clear();
        keys.starts.clear();
        // Every run of white space is one ' ' in the view: its key is
        // looked up once, not at every other token.
        let space = self.key_and_root(b" ", 0..1);
        let bytes = view.as_str().as_bytes();
        for (i, t) in tokens.iter().enumerate() {
            let (key, root) = match t.kind {
                TokenKind::LineBreak => (NONE, NONE),
                // One ' ' of the view, as `tokenize` cuts it.
                TokenKind::Space => space,
                _ => self.key_and_root(bytes, t.view.clone()),
            };
            keys.single.push(key);
            let glued = keys.glued.len();
            if t.kind == TokenKind::Word && is_glued(tokens, i + 1) {
                self.glued_keys(view, tokens, i, keys);
            }
            // Most tokens start no surface: their key has no child at the
            // root (a space's never has, surfaces start on a word, number
            // or punctuation) and no run of glued words starts at them.
            if root != NONE || keys.glued.len() > glued {
                // The root child's record is read here, not when its walk
                // starts: the loads of this loop wait on nothing before
                // them, so their cache misses overlap, where a walk's each
                // wait for the step before (the benchmark's 1-thread ratio
                // to the floor, slice by slice, alternated: on 40 MB 0.341
                // against 0.330, the better in each of seven runs; on the
                // whole corpus, the better in one of two).
                let payload = self.payload(root as usize).unwrap_or(0);
                keys.starts.push((i as u32, root, payload));
            }
        }
    }

    /// The keys of the runs of glued words that start at token `i` (two
    /// words or more).
    fn glued_keys(&self, view: &MatchView, tokens: &[Token], i: usize, keys: &mut DocKeys) {
        let end = glued_end(tokens, i, MAX_GLUED);
        for e in i + 2..=end {
            let k = self.key_of(view.as_str().as_bytes(), key_range(tokens, i, e));
            if k != NONE {
                keys.glued.push((i as u32, e as u32, k));
            }
        }
    }

    /// The key id of the text `bytes[range]`, or [`NONE`].
    #[inline(always)]
    fn key_of(&self, bytes: &[u8], range: Range<usize>) -> u32 {
        self.key_and_root(bytes, range).0
    }

    /// The key id of the text `bytes[range]` and the root's child along
    /// it, each [`NONE`] if there is none. Inlined into the loop over a
    /// document's tokens: a call per token cost a tenth of the lookup
    /// (measured).
    #[inline(always)]
    fn key_and_root(&self, bytes: &[u8], range: Range<usize>) -> (u32, u32) {
        if let Some(packed) = pack(bytes, range.clone()) {
            let found = self.short.get(&halves(packed)).copied();
            return found.unwrap_or((NONE, NONE));
        }
        let text = bytes.get(range).unwrap_or(b"");
        let Some(&id) = self.vocab.get(&hash_of(text)) else {
            return (NONE, NONE);
        };
        let same = self.texts.get(id as usize).is_some_and(|&(start, len)| {
            self.arena.get(start as usize..(start + len) as usize) == Some(text)
        });
        if same {
            (id, self.root.get(id as usize).copied().unwrap_or(NONE))
        } else {
            (NONE, NONE)
        }
    }
}

/// Words of [`TokenTrie::edge_bits`]: 32 KB.
const EDGE_WORDS: usize = 4096;

/// The word and bit of the edge (node, key) in [`TokenTrie::edge_bits`].
#[inline(always)]
fn edge_bit(node: u32, key: u32) -> (usize, u64) {
    let h = (u64::from(node) << 32 | u64::from(key)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let h = (h >> 46) as usize;
    (h >> 6, 1u64 << (h & 63))
}

/// Longest key text that [`pack`] packs: a pack's top byte holds the
/// length.
const PACK_MAX: usize = swar::PACK_BYTES - 1;

/// The text `bytes[range]` in one number, if it has at most [`PACK_MAX`]
/// bytes: [`swar::pack_at`] of it with its length in the top byte, so
/// that two texts pack alike only if they are the same (zero bytes
/// included).
#[inline]
fn pack(bytes: &[u8], range: Range<usize>) -> Option<u128> {
    let len = range.end.checked_sub(range.start)?;
    if len > PACK_MAX {
        return None;
    }
    Some(swar::pack_at(bytes, range)? | (len as u128) << 120)
}

/// A pack as two words.
#[inline]
fn halves(packed: u128) -> (u64, u64) {
    (packed as u64, (packed >> 64) as u64)
}

/// Puts key `id`, whose text is `text` ([packed](pack) as `packed`), in
/// the map its length calls for: `short` (with no root child yet, see
/// [`TokenTrie::link_root_children`]) or `vocab`, by hash. False if that
/// map held the pack or hash already.
fn map_key(
    short: &mut FxHashMap<(u64, u64), (u32, u32)>,
    vocab: &mut FxHashMap<u64, u32>,
    id: u32,
    text: &[u8],
    packed: Option<u128>,
) -> bool {
    match packed {
        Some(packed) => short.insert(halves(packed), (id, NONE)).is_none(),
        None => vocab.insert(hash_of(text), id).is_none(),
    }
}

/// The hash of a key's text: the bytes, then 0xff, as `str` hashes them.
fn hash_of(text: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(text);
    h.write_u8(0xff);
    h.finish()
}

/// The keys of one document's tokens, kept per thread and reused.
#[derive(Clone, Debug, Default)]
pub(crate) struct DocKeys {
    /// The key of each token ([`NONE`] if no surface has it).
    pub(crate) single: Vec<u32>,
    /// Runs of glued words that are a key: (first token, end token, key),
    /// in order of first token.
    pub(crate) glued: Vec<(u32, u32, u32)>,
    /// The tokens a walk starts from, in order: (token, the root's child
    /// along its key or [`NONE`], what the compiled lexicon keeps for that
    /// child ([`TokenTrie::payload`]), 0 for none); those with a root child
    /// or a run of glued words that is a key.
    pub(crate) starts: Vec<(u32, u32, u32)>,
}

impl DocKeys {
    /// The runs of glued words that start at token `i`, moving `cursor` (an
    /// index of `glued`, at no run past one that starts at `i`) to the
    /// first of them: a walk reads the runs at each token it passes, in
    /// order, and this costs it no search.
    #[inline]
    pub(crate) fn glued_at(&self, cursor: &mut usize, i: usize) -> &[(u32, u32, u32)] {
        // Most documents have no glued runs, or none left.
        if *cursor >= self.glued.len() {
            return &[];
        }
        while self.glued.get(*cursor).is_some_and(|g| (g.0 as usize) < i) {
            *cursor += 1;
        }
        let mut end = *cursor;
        while self.glued.get(end).is_some_and(|g| g.0 as usize == i) {
            end += 1;
        }
        self.glued.get(*cursor..end).unwrap_or(&[])
    }
}

/// The view bytes of tokens `a..b`: tokens cut the view on character
/// boundaries, and bytes are all a key's lookup needs.
fn key_range(tokens: &[Token], a: usize, b: usize) -> Range<usize> {
    let (Some(x), Some(y)) = (tokens.get(a), tokens.get(b - 1)) else {
        return 0..0;
    };
    x.view.start..y.view.end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trie of `texts` (ranges of `arena`) through an image and back.
    fn through_an_image(arena: &[u8], texts: Vec<(u32, u32)>) -> Option<TokenTrie> {
        let trie = TokenTrie {
            arena: arena.to_vec(),
            root: vec![NONE; texts.len()],
            texts,
            ..TokenTrie::default()
        };
        let mut w = ImageWriter::default();
        trie.write_image(&mut w);
        let image = w.finish();
        TokenTrie::read_image(&mut ImageReader::new(&image))
    }

    #[test]
    fn an_image_whose_keys_clash_or_run_past_the_text_is_refused() {
        let long = b"ab\xc3\xa0 abcdefghijklmnopqrstu";
        let read = through_an_image(long, vec![(0, 1), (1, 1), (0, 25)]);
        let read = read.expect("distinct keys read back");
        assert_eq!(read.key_and_root(b"a", 0..1).0, 0);
        assert_eq!(read.key_and_root(long, 0..25).0, 2);
        // The same short text twice, the same long text twice.
        assert!(through_an_image(long, vec![(0, 1), (0, 1)]).is_none());
        assert!(through_an_image(long, vec![(0, 25), (0, 25)]).is_none());
        assert!(through_an_image(long, vec![(20, 10)]).is_none());
        assert!(through_an_image(long, vec![(1, u32::MAX)]).is_none());
    }

    #[test]
    fn packs_are_the_text_wherever_it_lies() {
        let text = b"nguy\xe1\xbb\x85n th\xe1\xbb\x8b \0";
        for a in 0..text.len() {
            for b in a..=text.len() {
                // Alone (read byte by byte at the end) and inside a longer
                // buffer (read by whole words): the same pack.
                let mut long = text[a..b].to_vec();
                long.extend_from_slice(b"xxxxxxxxxxxxxxxx");
                let alone = pack(&text[a..b], 0..b - a);
                assert_eq!(alone, pack(&long, 0..b - a));
                assert_eq!(alone, pack(text, a..b));
                assert_eq!(alone.is_some(), b - a <= PACK_MAX);
            }
        }
        assert_ne!(pack(b"ab", 0..2), pack(b"ab\0", 0..3));
        assert_eq!(pack(b"ab", 0..3), None);
    }
}
