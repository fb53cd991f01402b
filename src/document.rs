//! A prepared document and the one cursor over its tokens that every
//! tagger and the claims layer use.
//!
//! A [`Document`] is built once per document: the original text, its
//! matching view, the tokens of the view and the lexicon hits. Its methods
//! take a token index that may be out of range and answer "no" (or `""`)
//! rather than panicking, so a grammar can probe ahead freely. Words are
//! compared in the matching view: lower-case NFC with the classic tone
//! placement ("khóa", "hòa"), so literals in the grammars are written that
//! way.
//!
//! Two ways of stepping over space exist, and they differ on purpose:
//! [`Document::after_gap`] / [`Document::before_gap`] step over the one
//! plain space the view keeps between two words of a phrase, while
//! [`Document::next_on_line`] / [`Document::prev_on_line`] step over any
//! white space up to the end of the line, for look-ahead in a clause.

use std::ops::Range;
use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};

use crate::heads::{date_head, may_open, starts_number_word};
use crate::label::Label;
use crate::lexicon::Entry;
use crate::matcher::{entity_kind, CompiledLexicon, LexHit};
use crate::numeric::{Role, Roles};
use crate::phonotactics::Spelling;
use crate::syllables::{Token, TokenKind};
use crate::text::fold::same_word;
use crate::text::MatchView;

/// Longest lexicon surface, in tokens, that look-behind searches cover.
const MAX_ENTRY_TOKENS: usize = 40;

/// The buffers a [`Document`] borrows: the matching view, the tokens and
/// the lexicon hits. Kept and reused (by a `Worker`, or by a test).
#[derive(Clone, Debug, Default)]
pub(crate) struct DocBuffers {
    pub(crate) view: crate::text::MatchView,
    pub(crate) tokens: Vec<crate::syllables::Token>,
    pub(crate) hits: crate::matcher::HitBuffer,
    /// Per token, its [`shape`] bits.
    shapes: Vec<u8>,
    /// Per token, its spelling once read (see [`Document::spelling`]).
    spelling: Memo<AtomicU8>,
    /// Per token, the end of the foreign name starting there once asked
    /// (see [`Document::foreign_end_memo`]).
    foreign: Memo<AtomicU32>,
}

/// Per token of a document, an answer once asked: how its word is spelt
/// (letters, a Vietnamese syllable), where the foreign name starting there
/// ends. The foreign-name grammar asks them of the same capitalised words
/// again and again. Atomic only so that the buffers stay `Sync`; one
/// thread uses them at a time (relaxed loads and stores are plain moves).
#[derive(Debug)]
struct Memo<A>(Vec<A>);

/// The [`Memo`] of spellings: not read yet (zero, the atomics' default),
/// or the [`Spelling`]'s bits with [`SPELT`] set.
const NOT_SPELT: u8 = 0;
const SPELT: u8 = 0x80;
const _: () = assert!(Spelling::BITS & SPELT == 0);

impl<A> Default for Memo<A> {
    fn default() -> Self {
        Memo(Vec::new())
    }
}

impl<A> Clone for Memo<A> {
    /// Scratch space: a clone starts empty.
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl<A: Default> Memo<A> {
    /// Nothing asked yet, for `n` tokens. The entries kept from the last
    /// document are overwritten in place, which compiles to one fill of
    /// zeros; refilling from empty stored them one at a time.
    fn reset(&mut self, n: usize) {
        self.0.truncate(n);
        self.0.iter_mut().for_each(|a| *a = A::default());
        self.0.resize_with(n, A::default);
    }
}

/// The [`Memo`] of foreign names: not asked yet (zero), no name, or the
/// name's end plus [`FOREIGN_END`].
const NOT_ASKED: u32 = 0;
const NO_FOREIGN: u32 = 1;
const FOREIGN_END: u32 = 2;

impl DocBuffers {
    /// `text` normalised, tokenised and matched against `lexicon`, in these
    /// buffers: the one way a document is prepared. The hits of the kinds
    /// `walked` are listed apart, for the walks that start only from them
    /// ([`Document::hits_of`]); any kind may be asked for, but the others
    /// are looked for among all the hits.
    pub(crate) fn document<'a>(
        &'a mut self,
        text: &'a str,
        lexicon: &'a crate::matcher::CompiledLexicon,
        roles: &'a crate::numeric::Roles,
        walked: u128,
    ) -> Document<'a> {
        self.view.build(text, lexicon.view_options());
        crate::syllables::tokenize(&self.view, &mut self.tokens);
        self.hits.list_kinds(walked);
        lexicon.find(&self.view, &self.tokens, &mut self.hits);
        let folded = lexicon.view_options().fold_diacritics;
        let view = self.view.as_str();
        shape::fill(&mut self.shapes, &self.tokens, view, folded);
        shape::mark_entities(&mut self.shapes, &self.hits);
        self.spelling.reset(self.tokens.len());
        self.foreign.reset(self.tokens.len());
        let bufs: &'a DocBuffers = self;
        Document {
            text,
            view: &bufs.view,
            tokens: &bufs.tokens,
            hits: &bufs.hits.hits,
            listed: bufs.hits.listed(),
            listed_kinds: bufs.hits.listed_kinds(),
            starts: bufs.hits.starts(),
            first_hit: bufs.hits.first_hit(),
            shapes: &bufs.shapes,
            spelling: &bufs.spelling.0,
            foreign: &bufs.foreign.0,
            lexicon,
            roles,
        }
    }
}

/// A document as every tagger sees it: the original text, its matching
/// view, its tokens and the lexicon entries found in it. Built once per
/// document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Document<'a> {
    /// The text as given.
    pub(crate) text: &'a str,
    /// The normalised matching view of `text`.
    pub(crate) view: &'a MatchView,
    /// Tokens of the view.
    pub(crate) tokens: &'a [Token],
    /// Lexicon entries found, sorted by start then end token.
    pub(crate) hits: &'a [LexHit],
    /// The index in `hits` of each hit of the kinds `listed_kinds`, in
    /// order (see [`Self::hits_of`]).
    listed: &'a [u32],
    listed_kinds: u128,
    /// Per token, a mask of the hit kinds starting there (bit `k` for
    /// [kind](crate::lexicon::EntryClass::kind) `k`).
    pub(crate) starts: &'a [u128],
    /// Index of the first hit starting at each token (see
    /// [`HitBuffer::first_hit`](crate::matcher::HitBuffer::first_hit)).
    pub(crate) first_hit: &'a [u32],
    /// Per token, its [`shape`] bits.
    shapes: &'a [u8],
    /// Per token, its spelling once read.
    spelling: &'a [AtomicU8],
    /// Per token, the end of the foreign name starting there once asked.
    foreign: &'a [AtomicU32],
    /// The lexicon the hits refer to.
    pub(crate) lexicon: &'a CompiledLexicon,
    /// What each lexicon entry means to the numeric tagger and claims.
    pub(crate) roles: &'a Roles,
}

/// The walk of [`Document::shaped`]: each group of eight tokens' shape bits
/// is read as one word, and the marked tokens of a group are taken from its
/// lowest set bits, rather than each byte of the group looked at in turn
/// (as a chunked, filtered and flattened iterator did: some 200
/// instructions per token found in the date tagger's walk). The groups
/// are cut off the slice here, not read with [`crate::text::swar::word_at`]
/// and `tail_word` at an index: that cost 6.2M more instructions on
/// s800.jsonl (658.0M to 664.2M), in every walk.
#[derive(Clone, Debug)]
pub(crate) struct Shaped<'a> {
    /// The shape bits not yet read.
    shapes: &'a [u8],
    /// The mask in every byte.
    wide: u64,
    /// The token of `shapes[0]`.
    read: usize,
    /// The first token of the group in `marked`.
    base: usize,
    /// The group's bytes that have a bit of the mask and are not yet
    /// returned (only the mask's bits kept).
    marked: u64,
}

impl<'a> Shaped<'a> {
    /// The walk over the tokens of `shapes` that have a bit of `mask`
    /// (token 0 being the first of `shapes`).
    pub(crate) fn new(shapes: &'a [u8], mask: u8) -> Shaped<'a> {
        Shaped {
            shapes,
            wide: u64::from(mask) * 0x0101_0101_0101_0101,
            read: 0,
            base: 0,
            marked: 0,
        }
    }
}

impl Iterator for Shaped<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.marked == 0 {
            let group = match self.shapes.split_first_chunk::<8>() {
                Some((group, rest)) => {
                    self.shapes = rest;
                    *group
                }
                None if self.shapes.is_empty() => return None,
                None => {
                    // The last few tokens, padded with unmarked ones.
                    let mut group = [0u8; 8];
                    group[..self.shapes.len()].copy_from_slice(self.shapes);
                    self.shapes = &[];
                    group
                }
            };
            self.base = self.read;
            self.read += 8;
            self.marked = u64::from_le_bytes(group) & self.wide;
        }
        // The lowest set bit lies in the first marked byte; that byte is
        // cleared whole.
        let byte = self.marked.trailing_zeros() / 8;
        self.marked &= !(0xFF << (byte * 8));
        Some(self.base + byte as usize)
    }
}

/// What a token can start, by its kind and word alone, and whether it lies
/// in an entity hit: bits set once per document, so that the grammars
/// tried at every token (numbers, dates, foreign names) skip most of them
/// with one test (see [`Document::has_shape`]).
pub(crate) mod shape {
    use crate::syllables::{Token, TokenKind};

    /// A number written in digits.
    pub(crate) const DIGITS: u8 = 1;
    /// A word that can start a number in words ("hai", "mười").
    pub(crate) const NUMBER_WORD: u8 = 2;
    /// A word that heads a date expression ("ngày", "tháng", "năm").
    pub(crate) const DATE_HEAD: u8 = 4;
    /// A token inside a lexicon hit of an entity label other than PER, or
    /// of a brand (a country, a club, a company), among the hit's first
    /// [`MAX_ENTRY_TOKENS`](super::MAX_ENTRY_TOKENS) tokens: a foreign
    /// name never takes it ([`crate::taggers::foreign::in_entity_hit`]).
    /// Marked from the hits once, since the name grammars ask it of every
    /// capitalised word.
    pub(crate) const IN_ENTITY: u8 = 8;
    /// A punctuation mark or a line break: the only tokens a sentence can
    /// end at, which the sentence splitter finds eight at a time
    /// ([`crate::sentences`]), as the claims layer's gap index finds the
    /// punctuation marks.
    pub(crate) const END: u8 = 16;

    /// Replaces `shapes` with the bits of each of `tokens` of `view`.
    pub(super) fn fill(shapes: &mut Vec<u8>, tokens: &[Token], view: &str, folded: bool) {
        // Sized once, then each token's bits written in place: pushing them
        // cost a length update per token.
        shapes.clear();
        shapes.resize(tokens.len(), 0);
        // One loop for each setting, so that neither tests it per word.
        let pairs = shapes.iter_mut().zip(tokens);
        if folded {
            pairs.for_each(|(s, t)| *s = of(t, view, true));
        } else {
            pairs.for_each(|(s, t)| *s = of(t, view, false));
        }
    }

    /// The hit kinds whose tokens take [`IN_ENTITY`]: an entity label
    /// other than PER, or a brand.
    const ENTITY_KINDS: u128 = super::ENTITY_LABEL_KINDS
        & !super::kind_mask(&[crate::matcher::entity_kind(crate::label::Label::Per)])
        | super::kind_mask(&[crate::lexicon::ClassId::ORG_BRAND.kind()]);

    /// Sets [`IN_ENTITY`] on the tokens the hits of `hits` cover.
    pub(super) fn mark_entities(shapes: &mut [u8], hits: &crate::matcher::HitBuffer) {
        for h in hits.hits_of(ENTITY_KINDS) {
            let end = h.tokens.end.min(h.tokens.start + super::MAX_ENTRY_TOKENS);
            if let Some(covered) = shapes.get_mut(h.tokens.start..end) {
                covered.iter_mut().for_each(|s| *s |= IN_ENTITY);
            }
        }
    }

    /// The bits of token `t` of `view` (`folded`: the view has lost its
    /// marks). Most words are ruled out by their first byte and length,
    /// before any is cut out as text.
    ///
    /// Always inlined into [`fill`], its one caller: a call per token cost
    /// shape::fill 44.5M instructions on s3 against 26.0M, and LLVM's
    /// choice moved with unrelated changes to the crate.
    #[inline(always)]
    pub(super) fn of(t: &Token, view: &str, folded: bool) -> u8 {
        match t.kind {
            TokenKind::Number => DIGITS,
            TokenKind::Punct | TokenKind::LineBreak => END,
            TokenKind::Word
                if view
                    .as_bytes()
                    .get(t.view.clone())
                    .is_some_and(|b| super::may_open(b, folded)) =>
            {
                view.get(t.view.clone()).map_or(0, |v| of_word(v, folded))
            }
            _ => 0,
        }
    }

    /// The bits of the word `v`: number words are compared as written,
    /// date heads as the date grammar compares them.
    fn of_word(v: &str, folded: bool) -> u8 {
        let number = if super::starts_number_word(v) {
            NUMBER_WORD
        } else {
            0
        };
        let date = if super::date_head(v, folded).is_some() {
            DATE_HEAD
        } else {
            0
        };
        number | date
    }
}

/// The bits of `kinds` in the per-token masks of hit kinds
/// ([`Document::starts`]). Every kind must be below 128 (the kinds with a
/// bit); a larger one stops the build, since it is evaluated as a constant.
pub(crate) const fn kind_mask(kinds: &[u8]) -> u128 {
    let mut mask = 0;
    let mut k = 0;
    while k < kinds.len() {
        assert!(kinds[k] < 128, "hit kinds from 128 on have no bit");
        mask |= 1 << kinds[k];
        k += 1;
    }
    mask
}

/// The hit kinds of the entity labels (every label's kind is below
/// [`Label::COUNT`]).
pub(crate) const ENTITY_LABEL_KINDS: u128 = (1 << Label::COUNT) - 1;

/// Tokens: kinds, texts, case.
impl<'a> Document<'a> {
    /// The token at `i`, if any.
    #[inline]
    pub(crate) fn tok(&self, i: usize) -> Option<&'a Token> {
        self.tokens.get(i)
    }

    /// The kind of token `i`.
    #[inline]
    pub(crate) fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// The view text of token `i` ("" when out of range).
    #[inline]
    pub(crate) fn word(&self, i: usize) -> &'a str {
        match self.tokens.get(i) {
            Some(t) => self.view.as_str().get(t.view.clone()).unwrap_or(""),
            None => "",
        }
    }

    /// The original text of token `i` ("" when out of range).
    #[inline]
    pub(crate) fn orig(&self, i: usize) -> &'a str {
        match self.tokens.get(i) {
            Some(t) => self.text.get(t.orig.clone()).unwrap_or(""),
            None => "",
        }
    }

    /// The original text of the tokens `range` ("" when out of range).
    pub(crate) fn span_text(&self, range: Range<usize>) -> &'a str {
        match (
            self.tokens.get(range.start),
            range.end.checked_sub(1).and_then(|e| self.tokens.get(e)),
        ) {
            (Some(a), Some(b)) if a.orig.start <= b.orig.end && range.start < range.end => {
                self.text.get(a.orig.start..b.orig.end).unwrap_or("")
            }
            _ => "",
        }
    }

    /// True if the view text `v` is the grammar word `lit` (written in view
    /// form). With `fold_diacritics` the view has lost its marks, so `lit`
    /// is compared without them.
    #[inline]
    pub(crate) fn same_word(&self, v: &str, lit: &str) -> bool {
        same_word(v, lit, self.lexicon.view_options().fold_diacritics)
    }

    /// True if token `i` is a word whose view text is `w`.
    #[inline]
    pub(crate) fn is_word(&self, i: usize, w: &str) -> bool {
        self.kind(i) == Some(TokenKind::Word) && self.same_word(self.word(i), w)
    }

    /// True if token `i` is a word whose view text is one of `ws`.
    #[inline]
    pub(crate) fn is_word_in(&self, i: usize, ws: &[&str]) -> bool {
        self.kind(i) == Some(TokenKind::Word) && {
            let v = self.word(i);
            ws.iter().any(|w| self.same_word(v, w))
        }
    }

    /// True if token `i` is the punctuation character `c`.
    #[inline]
    pub(crate) fn is_punct(&self, i: usize, c: char) -> bool {
        self.kind(i) == Some(TokenKind::Punct) && self.word(i).starts_with(c)
    }

    /// True if token `i` is a dash: hyphen, en dash, em dash or minus.
    #[inline]
    pub(crate) fn is_dash(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Punct)
            && matches!(self.word(i), "-" | "–" | "—" | "−" | "‐" | "‑")
    }

    /// True if token `i` is a number.
    #[inline]
    pub(crate) fn is_number(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Number)
    }

    /// Per token, its [`shape`] bits.
    pub(crate) fn shapes(&self) -> &'a [u8] {
        self.shapes
    }

    /// True if token `i` has one of the [`shape`] bits of `mask`.
    #[inline]
    pub(crate) fn has_shape(&self, i: usize, mask: u8) -> bool {
        self.shapes.get(i).is_some_and(|s| s & mask != 0)
    }

    /// The tokens that have one of the [`shape`] bits of `mask`, in order.
    /// The bits are read eight at a time, so a walk over a document's
    /// numbers passes the stretches of words between them in a few steps.
    pub(crate) fn shaped(&self, mask: u8) -> Shaped<'a> {
        Shaped::new(self.shapes, mask)
    }

    /// True if token `i` is a word whose original starts with a capital.
    #[inline]
    pub(crate) fn is_cap(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word && t.capitalized)
    }

    /// The [`Spelling`] of token `i`'s word
    /// ([`crate::phonotactics::spelling`]), read once per token.
    ///
    /// Only the memo is read here, inlined at the callers: with the
    /// spelling inlined too, the answers kept (over half the calls, 69,374
    /// of 121,807 on s800.jsonl) paid the pushes and pops of the whole
    /// function.
    #[inline]
    pub(crate) fn spelling(&self, i: usize) -> Spelling {
        match self.spelling.get(i).map(|m| m.load(Ordering::Relaxed)) {
            Some(NOT_SPELT) | None => self.spell_and_keep(i),
            Some(bits) => Spelling::from_bits(bits),
        }
    }

    /// [`Self::spelling`] when the memo has no answer: spells the word and
    /// keeps the answer.
    #[inline(never)]
    fn spell_and_keep(&self, i: usize) -> Spelling {
        let spelling = crate::phonotactics::spelling(self.word(i));
        if let Some(memo) = self.spelling.get(i) {
            memo.store(spelling.to_bits() | SPELT, Ordering::Relaxed);
        }
        spelling
    }

    /// The end of the foreign name starting at token `i` if it was asked
    /// already (`Some(None)` for no name): see
    /// [`crate::taggers::foreign::foreign_name_end`].
    #[inline]
    pub(crate) fn foreign_end_memo(&self, i: usize) -> Option<Option<usize>> {
        match self.foreign.get(i)?.load(Ordering::Relaxed) {
            NOT_ASKED => None,
            NO_FOREIGN => Some(None),
            end => Some(Some((end - FOREIGN_END) as usize)),
        }
    }

    /// Keeps the end of the foreign name starting at token `i` (`None` for
    /// no name) for [`Self::foreign_end_memo`].
    pub(crate) fn memo_foreign_end(&self, i: usize, end: Option<usize>) {
        let value = match end.map(|e| u32::try_from(e).ok()?.checked_add(FOREIGN_END)) {
            None => NO_FOREIGN,
            Some(Some(v)) => v,
            // Past any document's tokens: left unknown.
            Some(None) => return,
        };
        if let Some(memo) = self.foreign.get(i) {
            memo.store(value, Ordering::Relaxed);
        }
    }

    /// Number of word tokens in `range`.
    pub(crate) fn word_count(&self, range: Range<usize>) -> usize {
        self.tokens
            .get(range)
            .unwrap_or(&[])
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .count()
    }
}

/// Moving along tokens.
impl<'a> Document<'a> {
    /// `i + 1` if token `i` is a space without a line break, else `i`:
    /// steps over the one space the view keeps between two words.
    #[inline]
    pub(crate) fn after_gap(&self, i: usize) -> usize {
        if self.kind(i) == Some(TokenKind::Space) {
            i + 1
        } else {
            i
        }
    }

    /// The token before `i`, stepping back over at most one plain space.
    #[inline]
    pub(crate) fn before_gap(&self, i: usize) -> Option<usize> {
        let j = i.checked_sub(1)?;
        if self.kind(j)? == TokenKind::Space {
            j.checked_sub(1)
        } else {
            Some(j)
        }
    }

    /// The first token at or after `t` that is not a space, on the same line.
    pub(crate) fn next_on_line(&self, mut t: usize) -> Option<usize> {
        while let Some(tok) = self.tokens.get(t) {
            match tok.kind {
                TokenKind::Space => t += 1,
                TokenKind::LineBreak => return None,
                _ => return Some(t),
            }
        }
        None
    }

    /// The last token before `t` that is not a space, on the same line.
    pub(crate) fn prev_on_line(&self, t: usize) -> Option<usize> {
        let mut t = t.checked_sub(1)?;
        loop {
            match self.tokens.get(t)?.kind {
                TokenKind::Space => t = t.checked_sub(1)?,
                TokenKind::LineBreak => return None,
                _ => return Some(t),
            }
        }
    }

    /// The previous content token before `i`, stepping over spaces (not line
    /// breaks) and the punctuation characters in `skip`.
    pub(crate) fn prev_content(&self, i: usize, skip: &[char]) -> Option<usize> {
        let mut j = i;
        while j > 0 {
            j -= 1;
            let t = self.tokens.get(j)?;
            match t.kind {
                TokenKind::Space => continue,
                TokenKind::Punct
                    if self
                        .word(j)
                        .chars()
                        .next()
                        .is_some_and(|c| skip.contains(&c)) =>
                {
                    continue
                }
                TokenKind::Word | TokenKind::Number => return Some(j),
                _ => return None,
            }
        }
        None
    }

    /// The index after the words `ws` written from `i` on, one space apart.
    pub(crate) fn words(&self, i: usize, ws: &[&str]) -> Option<usize> {
        let mut j = i;
        for (n, w) in ws.iter().enumerate() {
            if n > 0 {
                j = self.after_gap(j);
            }
            if !self.is_word(j, w) {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// Capitalised words from `i`, one space apart, at most `max` words.
    /// Returns the end token (exclusive) of the run, or `i` if there is none.
    pub(crate) fn cap_run(&self, i: usize, max: usize) -> usize {
        let mut end = i;
        let mut j = i;
        let mut n = 0;
        while n < max && self.is_cap(j) {
            n += 1;
            end = j + 1;
            let k = self.after_gap(end);
            if k == end {
                break;
            }
            j = k;
        }
        end
    }

    /// True if token `t` begins a sentence or line (for capitalised words).
    pub(crate) fn sentence_initial(&self, t: usize) -> bool {
        match self.prev_on_line(t) {
            None => true,
            Some(p) => {
                self.kind(p) == Some(TokenKind::Punct)
                    && matches!(
                        self.word(p),
                        "." | "!"
                            | "?"
                            | ":"
                            | ";"
                            | "“"
                            | "\""
                            | "("
                            | "-"
                            | "–"
                            | "…"
                            | "*"
                            | "•"
                    )
            }
        }
    }
}

/// Lexicon hits.
impl<'a> Document<'a> {
    /// The hits that start at token `i` (sorted by end).
    #[inline]
    pub(crate) fn hits_at(&self, i: usize) -> &'a [LexHit] {
        self.hits_starting(i..i + 1)
    }

    /// The hits that start at a token of `tokens`, in order (by start,
    /// then end): a slice of the hits read off the index of first hits.
    #[inline]
    pub(crate) fn hits_starting(&self, tokens: Range<usize>) -> &'a [LexHit] {
        let hits: &'a [LexHit] = self.hits;
        hits.get(self.hit_indices(tokens)).unwrap_or(&[])
    }

    /// The indices into [`Self::hits`] of [`Self::hits_starting`].
    #[inline]
    pub(crate) fn hit_indices(&self, tokens: Range<usize>) -> Range<usize> {
        // The index has an entry for every token and one for the end; no
        // hit starts past it.
        let first = |t: usize| {
            self.first_hit
                .get(t)
                .map_or(self.hits.len(), |&k| k as usize)
        };
        let lo = first(tokens.start);
        lo..first(tokens.end).max(lo)
    }

    /// Hits ending just before token `end` (exclusive end == `end`).
    pub(crate) fn hits_ending(&self, end: usize) -> impl Iterator<Item = &'a LexHit> + 'a {
        // No hit that ends there starts before its longest entry's reach.
        self.hits_starting(end.saturating_sub(MAX_ENTRY_TOKENS)..end)
            .iter()
            .filter(move |h| h.tokens.end == end)
    }

    /// True if a hit of any kind in `mask` (see [`kind_mask`]) starts at
    /// token `i`: one test that lets a grammar with several possible first
    /// words skip most tokens at once.
    #[inline]
    pub(crate) fn starts_any(&self, i: usize, mask: u128) -> bool {
        self.starts.get(i).is_some_and(|m| m & mask != 0)
    }

    /// The hits of the kinds of `mask` ([`kind_mask`]), in order: read off
    /// the list of the walked kinds' hits when `mask` has no other kind
    /// (see [`DocBuffers::document`]), else off all the hits.
    pub(crate) fn hits_of(&self, mask: u128) -> impl Iterator<Item = &'a LexHit> + 'a {
        crate::matcher::hits_of(self.hits, self.listed, self.listed_kinds, mask)
    }

    /// The tokens where a hit of one of the kinds of `mask` ([`kind_mask`])
    /// starts, in order, each once: for a walk that visits only those,
    /// reading the few hits of a document rather than every token's mask.
    pub(crate) fn starting_any(&self, mask: u128) -> impl Iterator<Item = usize> + 'a {
        let mut last = None;
        self.hits_of(mask)
            .map(|h| h.tokens.start)
            .filter(move |&t| last.replace(t) != Some(t))
    }

    /// True if a hit of kind `kind` starts at token `i` (one bit test for
    /// the first 128 kinds; the registry has fewer, see the kind count
    /// test in `lexicon::classes`).
    #[inline]
    pub(crate) fn starts_kind(&self, i: usize, kind: u8) -> bool {
        match crate::matcher::kind_bit(kind) {
            0 => self.hits_at(i).iter().any(|h| h.kind == kind),
            bit => self.starts.get(i).is_some_and(|m| m & bit != 0),
        }
    }

    /// The longest hit of kind `kind` starting at token `i`, with its entry.
    ///
    /// Inlined: the grammars ask this of most tokens for several kinds, and
    /// the answer is mostly the one bit test.
    #[inline]
    pub(crate) fn longest(&self, i: usize, kind: u8) -> Option<(&'a LexHit, &'a Entry)> {
        if !self.starts_kind(i, kind) {
            return None;
        }
        self.longest_starting(i, kind)
    }

    /// [`Self::longest`] once a hit of the kind is known to start at `i`.
    fn longest_starting(&self, i: usize, kind: u8) -> Option<(&'a LexHit, &'a Entry)> {
        let lexicon: &'a CompiledLexicon = self.lexicon;
        self.hits_at(i)
            .iter()
            .rev()
            .find(|h| h.kind == kind)
            .and_then(|h| lexicon.entry(h.entry).map(|e| (h, e)))
    }

    /// The longest entity-label hit (from the plain lexicons) starting at `i`.
    pub(crate) fn longest_entity(&self, i: usize, label: Label) -> Option<(&'a LexHit, &'a Entry)> {
        self.longest(i, entity_kind(label))
    }

    /// True if token `i` is exactly an entry of kind `kind` (one word of a
    /// word class).
    #[inline]
    pub(crate) fn is_class_word(&self, i: usize, kind: u8) -> bool {
        self.has_exact(i..i + 1, kind)
    }

    /// The end of the longest entry of kind `kind` starting at token `i`.
    pub(crate) fn class_phrase_end(&self, i: usize, kind: u8) -> Option<usize> {
        self.longest(i, kind).map(|(h, _)| h.tokens.end)
    }

    /// True if some hit of kind `kind` covers exactly tokens `range`.
    #[inline]
    pub(crate) fn has_exact(&self, range: Range<usize>, kind: u8) -> bool {
        self.starts_kind(range.start, kind)
            && self
                .hits_at(range.start)
                .iter()
                .any(|h| h.tokens.end == range.end && h.kind == kind)
    }

    /// The role of a hit's entry.
    #[inline]
    pub(crate) fn role(&self, hit: &LexHit) -> &'a Role {
        let roles: &'a Roles = self.roles;
        roles.get(hit.entry)
    }

    /// The longest hit starting at `t` whose role passes `keep`.
    pub(crate) fn longest_role_starting(
        &self,
        t: usize,
        keep: impl Fn(&Role) -> bool,
    ) -> Option<(&'a LexHit, &'a Role)> {
        self.hits_at(t)
            .iter()
            .map(|h| (h, self.role(h)))
            .filter(|(_, r)| keep(r))
            .max_by_key(|(h, r)| (h.tokens.end, r.rank()))
    }

    /// The longest hit ending just before `end` whose role passes `keep`.
    pub(crate) fn longest_role_ending(
        &self,
        end: usize,
        keep: impl Fn(&Role) -> bool,
    ) -> Option<(&'a LexHit, &'a Role)> {
        self.hits_ending(end)
            .map(|h| (h, self.role(h)))
            .filter(|(_, r)| keep(r))
            .min_by_key(|(h, r)| (h.tokens.start, std::cmp::Reverse(r.rank())))
    }
}

#[cfg(test)]
mod tests {
    use super::Shaped;

    /// The walk eight at a time finds the tokens one at a time would, for
    /// every length around a group's (the last group padded) and for bytes
    /// with one, several or none of the mask's bits.
    #[test]
    fn shaped_finds_each_marked_token_once() {
        // Two whole groups unmarked for most masks (16..32), the top bit.
        let mut bits = vec![0u8, 1, 2, 3, 4, 8, 16, 0, 5, 0, 0, 1, 0, 0, 0, 0];
        bits.extend([0; 16]);
        bits.extend([0x80, 2, 17, 9, 0, 0x81, 0, 1, 0, 0, 0x80]);
        for len in 0..=bits.len() {
            let shapes = &bits[..len];
            for mask in [0u8, 1, 2, 3, 4 | 16, 0x80, 0xFF] {
                let want: Vec<usize> = (0..len).filter(|&i| shapes[i] & mask != 0).collect();
                let got: Vec<usize> = Shaped::new(shapes, mask).collect();
                assert_eq!(got, want, "len {len} mask {mask}");
                // A copy taken in the middle of the walk yields the rest.
                let mut walk = Shaped::new(shapes, mask);
                let first = walk.next();
                assert_eq!(first, want.first().copied());
                let rest: Vec<usize> = walk.clone().collect();
                assert_eq!(
                    rest,
                    want.get(1..).unwrap_or_default(),
                    "len {len} mask {mask}"
                );
                assert_eq!(walk.count(), rest.len());
            }
        }
    }
}
