//! A lexicon surface as the trie stores it: its keys (the view text of each
//! token, a run of glued words as one key) and its capitals.
//!
//! The library cuts the surfaces of a user's lexicons at start-up; the
//! build script includes this file and cuts the embedded lexicons' surfaces
//! once, at build time (see `build.rs` and [`crate::lexicon`]'s embedded
//! rows), so that start-up skips normalising 40,000 surfaces.

use crate::syllables::{tokenize, Token, TokenKind};
use crate::text::{MatchView, ViewOptions};

/// A surface cut into keys: its view text, the cuts between its keys and
/// its capitals.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cut<'a> {
    pub(crate) view: &'a [u8],
    pub(crate) cuts: &'a [u32],
    pub(crate) mask: CaseMask,
}

/// Cuts surfaces into keys, reusing its buffers from one to the next.
#[derive(Debug, Default)]
pub(crate) struct Cutter {
    view: MatchView,
    tokens: Vec<Token>,
    cuts: Vec<u32>,
}

impl Cutter {
    /// `surface` normalised with `options` and cut, as documents will be;
    /// `None` if it can never match (see [`can_match`]).
    pub(crate) fn cut(&mut self, surface: &str, options: ViewOptions) -> Option<Cut<'_>> {
        self.view.build(surface, options);
        tokenize(&self.view, &mut self.tokens);
        if !can_match(&self.tokens) {
            return None;
        }
        key_cuts(&self.tokens, &mut self.cuts);
        Some(Cut {
            view: self.view.as_str().as_bytes(),
            cuts: &self.cuts,
            mask: case_mask(&self.tokens),
        })
    }
}

/// What the case check needs to know about one entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CaseMask {
    /// Bit i: the i-th word of the entry starts with a capital.
    pub(crate) cap: u64,
    /// Bit i: the i-th word of the entry is an all-capital abbreviation.
    pub(crate) upper: u64,
}

/// The capitals of a surface cut into `tokens` (its first 64 words).
pub(crate) fn case_mask(tokens: &[Token]) -> CaseMask {
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

/// A surface can match only if it lies on one line and starts and ends with
/// a word, number or punctuation token (a match starts and ends on a token).
pub(crate) fn can_match(tokens: &[Token]) -> bool {
    let good_edge = |k: Option<TokenKind>| {
        matches!(
            k,
            Some(TokenKind::Word | TokenKind::Number | TokenKind::Punct)
        )
    };
    good_edge(tokens.first().map(|t| t.kind))
        && good_edge(tokens.last().map(|t| t.kind))
        && !tokens.iter().any(|t| t.kind == TokenKind::LineBreak)
}

/// The view bytes where the keys of a surface cut into `tokens` start and
/// end, replacing `cuts`: key `k` is `view[cuts[k]..cuts[k + 1]]`. Tokens
/// cover the view without gaps, so one list of cuts says it all.
pub(crate) fn key_cuts(tokens: &[Token], cuts: &mut Vec<u32>) {
    cuts.clear();
    let Some(first) = tokens.first() else {
        return;
    };
    cuts.push(first.view.start as u32);
    let mut i = 0;
    while i < tokens.len() {
        let end = glued_end(tokens, i, usize::MAX);
        cuts.push(tokens[end - 1].view.end as u32);
        i = end;
    }
}

/// The end of the run of words glued to token `i` (case-split parts of one
/// written word), at most `max` tokens; `i + 1` when there is none.
pub(crate) fn glued_end(tokens: &[Token], i: usize, max: usize) -> usize {
    let mut end = i + 1;
    if tokens.get(i).is_none_or(|t| t.kind != TokenKind::Word) {
        return end;
    }
    while end - i < max && is_glued(tokens, end) {
        end += 1;
    }
    end
}

/// True if token `i` is a word glued to a word before it.
#[inline]
pub(crate) fn is_glued(tokens: &[Token], i: usize) -> bool {
    match (i.checked_sub(1).and_then(|p| tokens.get(p)), tokens.get(i)) {
        (Some(a), Some(b)) => {
            a.kind == TokenKind::Word && b.kind == TokenKind::Word && a.view.end == b.view.start
        }
        _ => false,
    }
}
