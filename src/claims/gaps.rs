//! Questions about the tokens between two mentions, answered without
//! walking them: how many words lie there, and whether a given punctuation
//! mark or the start of a metric phrase does. Built once per document, in
//! a pass over the tokens for the word counts and quicker ones over their
//! bits for the marks, so that linking claims costs time in proportion to
//! the number of pairs it looks at, not to the length of the text between
//! them.

use std::ops::Range;

use crate::document::{kind_mask, shape, Document};
use crate::lexicon::ClassId;

/// What [`Gaps::has`] can look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// `,`
    Comma,
    /// `;`
    Semicolon,
    /// `:`
    Colon,
    /// `.`
    Stop,
    /// `(`
    Open,
    /// `)`
    Close,
    /// `/`
    Slash,
    /// The first token of a `claim.metric` phrase.
    Metric,
    /// The first token of a `claim.breakdown` phrase ("trong đó", "gồm").
    Breakdown,
    /// The first token of a `claim.trend` verb ("đạt", "chiếm" …).
    Trend,
    /// The first token of a `claim.rate` word ("mỗi", "cứ").
    Rate,
}

const MARKS: usize = 11;

/// The lexicon classes whose phrases are marks, by hit kind: a hit's kind is
/// its class, which alone gives these roles.
const PHRASES: [(u8, Mark); 4] = [
    (ClassId::CLAIM_METRIC.kind(), Mark::Metric),
    (ClassId::CLAIM_BREAKDOWN.kind(), Mark::Breakdown),
    (ClassId::CLAIM_TREND.kind(), Mark::Trend),
    (ClassId::CLAIM_RATE.kind(), Mark::Rate),
];

/// The bits of the [`PHRASES`] kinds in [`Document::starts`].
const PHRASE_KINDS: u128 = kind_mask(&[PHRASES[0].0, PHRASES[1].0, PHRASES[2].0, PHRASES[3].0]);

impl Mark {
    fn of_punct(word: &str) -> Option<Mark> {
        Some(match word {
            "," => Mark::Comma,
            ";" => Mark::Semicolon,
            ":" => Mark::Colon,
            "." => Mark::Stop,
            "(" => Mark::Open,
            ")" => Mark::Close,
            "/" => Mark::Slash,
            _ => return None,
        })
    }
}

/// Prefix counts of words and positions of marks over a document's tokens.
#[derive(Debug, Default)]
pub(crate) struct Gaps {
    /// `content[t]`: words and numbers before token `t`.
    content: Vec<usize>,
    /// Per [`Mark`], the sorted tokens where it is.
    marks: [Vec<usize>; MARKS],
}

impl Gaps {
    /// Indexes the tokens and lexicon hits of the document before token
    /// `end`, in these buffers (kept from the document before, so that the
    /// marks are not grown again one at a time): the answers are the
    /// document's for ranges that end by `end` (the claims layer asks about
    /// none past its last mention).
    pub(crate) fn index(&mut self, doc: &Document<'_>, end: usize) {
        let tokens = doc.tokens.get(..end).unwrap_or(doc.tokens);
        self.content.clear();
        self.content.reserve(tokens.len() + 1);
        for list in &mut self.marks {
            list.clear();
        }
        // The prefix counts in a loop of their own, which calls nothing:
        // the count stays in a register and no capacity is checked.
        let mut words = 0;
        self.content.extend(tokens.iter().map(|tok| {
            let before = words;
            words += usize::from(tok.is_content());
            before
        }));
        self.content.push(words);
        // The marks are rare: the punctuation is found from the shape bits,
        // eight tokens a test (END also marks the line breaks, which are
        // none of the marks), and the phrases from the hit kinds starting
        // at four tokens a test, rather than both in one walk over the
        // tokens: on s800.jsonl (0.69M tokens indexed) the walk took some
        // 10 instructions a token, these some 3.
        for t in doc.shaped(shape::END) {
            if t >= tokens.len() {
                break;
            }
            if let Some(m) = Mark::of_punct(doc.word(t)) {
                self.marks[m as usize].push(t);
            }
        }
        let starts = doc.starts.get(..tokens.len()).unwrap_or(doc.starts);
        let mut groups = starts.chunks_exact(4);
        for (g, group) in groups.by_ref().enumerate() {
            // Four tokens a test: few start a phrase.
            if (group[0] | group[1] | group[2] | group[3]) & PHRASE_KINDS != 0 {
                self.mark_phrases(g * 4, group);
            }
        }
        let rest = groups.remainder();
        self.mark_phrases(starts.len() - rest.len(), rest);
    }

    /// Records the phrase marks at the tokens from `first` on whose hit
    /// kinds are `starts`: one bit test in the document's mask of the hit
    /// kinds starting at each token, rather than a walk over every hit.
    fn mark_phrases(&mut self, first: usize, starts: &[u128]) {
        for (t, &kinds) in (first..).zip(starts) {
            for (kind, mark) in PHRASES {
                if kinds & crate::matcher::kind_bit(kind) != 0 {
                    self.marks[mark as usize].push(t);
                }
            }
        }
    }

    /// Words and numbers in `range` (0 for an empty or reversed range).
    pub(crate) fn content(&self, range: Range<usize>) -> usize {
        let at = |t: usize| {
            self.content
                .get(t)
                .or(self.content.last())
                .copied()
                .unwrap_or(0)
        };
        if range.start >= range.end {
            return 0;
        }
        at(range.end) - at(range.start)
    }

    /// How many `mark`s are at tokens before `t`.
    pub(crate) fn count_before(&self, mark: Mark, t: usize) -> usize {
        self.marks[mark as usize].partition_point(|&m| m < t)
    }

    /// The last token before `t` where a `mark` is.
    pub(crate) fn last_before(&self, mark: Mark, t: usize) -> Option<usize> {
        let list = &self.marks[mark as usize];
        let k = list.partition_point(|&m| m < t);
        k.checked_sub(1).map(|k| list[k])
    }

    /// True if one of `marks` is at a token of `range`.
    pub(crate) fn has(&self, range: Range<usize>, marks: &[Mark]) -> bool {
        range.start < range.end
            && marks.iter().any(|&m| {
                let list = &self.marks[m as usize];
                let k = list.partition_point(|&t| t < range.start);
                list.get(k).is_some_and(|&t| t < range.end)
            })
    }
}
