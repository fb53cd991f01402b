//! Large documents, a part at a time.
//!
//! The buffers of one annotation (the matching view, tokens, lexicon hits,
//! candidates) take some forty times the text. A document longer than
//! [`PART_BYTES`] is therefore cut into parts at line starts (or, where a
//! line runs on, at sentence starts), each part is annotated on its own
//! with the same worker, and the parts' annotations are joined: offsets,
//! token ranges, sentence numbers and entity indices are moved to their
//! place in the whole. Peak memory is then the parts' buffers plus the
//! entities of the whole document, whatever its length.
//!
//! A cut falls where the whole-document tokens and sentences break anyway,
//! so the joined annotation is the whole one, except for what reaches
//! across parts: a name's later mentions and a claim's context are found
//! within its part.

use crate::claims::Claim;
use crate::entity::Entity;
use crate::findings::Finding;
use crate::text::boundary::{ceil_char_boundary, floor_char_boundary};

/// Documents longer than this (bytes) are annotated a part at a time.
pub(crate) const PART_BYTES: usize = 1 << 18;

/// Where each part of `text` starts (the first at 0): the first line start
/// at or after every `size` bytes, else the first sentence start (after
/// `.`, `!` or `?` and white space), else the first word start, within
/// another `size` bytes; failing all three, a character boundary.
pub(crate) fn part_starts(text: &str, size: usize) -> Vec<usize> {
    let size = size.max(1);
    let mut starts = vec![0];
    let mut from = 0;
    while text.len() - from > size {
        let target = from + size;
        let window_end = target.saturating_add(size);
        let cut = cut_in(text, target, floor_char_boundary(text, window_end));
        // The rest fits in two parts' room: rather one long last part than
        // a cut inside a sentence.
        if window_end >= text.len() && !cut.is_some_and(|(_, clean)| clean) {
            break;
        }
        let next = cut
            .map_or_else(|| ceil_char_boundary(text, target), |(at, _)| at)
            .max(from + 1);
        if next >= text.len() {
            break;
        }
        starts.push(next);
        from = next;
    }
    starts
}

/// The best cut in `text[lo..hi]`: a line start, a sentence start or a
/// word start, each the first non-white-space character after its break;
/// with whether it is a line or sentence start (a clean cut).
fn cut_in(text: &str, lo: usize, hi: usize) -> Option<(usize, bool)> {
    let lo = ceil_char_boundary(text, lo);
    let window = text.get(lo..hi)?;
    // The first non-white-space character from byte `i` of the window on
    // (white space must come first when `need_space`). When it fails for
    // lack of one, it fails for every later break too, so each kind of
    // break is tried at its first place only (sentence ends: until one is
    // followed by white space), and the search stays linear.
    let next_word = |i: usize, need_space: bool| -> Option<usize> {
        let rest = &window[i..];
        if need_space && !rest.starts_with(char::is_whitespace) {
            return None;
        }
        rest.char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map(|(k, _)| lo + i + k)
    };
    let first_after = |is_break: fn(char) -> bool| {
        let (i, c) = window.char_indices().find(|&(_, c)| is_break(c))?;
        next_word(i + c.len_utf8(), false)
    };
    first_after(|c| c == '\n')
        .or_else(|| {
            window
                .char_indices()
                .filter(|&(_, c)| matches!(c, '.' | '!' | '?'))
                .find_map(|(i, c)| next_word(i + c.len_utf8(), true))
        })
        .map(|at| (at, true))
        .or_else(|| first_after(char::is_whitespace).map(|at| (at, false)))
}

/// The annotation of one part, with what it takes to place it in the
/// whole document.
pub(crate) struct Part {
    /// Entities: the flat layer first, then nested mentions (with parents).
    pub(crate) entities: Vec<Entity>,
    pub(crate) claims: Vec<Claim>,
    pub(crate) findings: Vec<Finding>,
    /// Where the part starts in the document (bytes).
    pub(crate) byte: usize,
    /// How many tokens and sentences the part has.
    pub(crate) tokens: usize,
    pub(crate) sentences: usize,
}

/// Joins the annotations of consecutive parts into one: every flat entity
/// in document order, then every nested one, with indices, offsets, token
/// ranges and sentence numbers moved to the whole.
pub(crate) fn join(parts: Vec<Part>) -> (Vec<Entity>, Vec<Claim>, Vec<Finding>) {
    let flat_of = |p: &Part| p.entities.iter().take_while(|e| e.parent.is_none()).count();
    let total_flat: usize = parts.iter().map(flat_of).sum();
    let total: usize = parts.iter().map(|p| p.entities.len()).sum();
    // Sized once: the entities of a long document are most of its memory.
    let mut flat = Vec::with_capacity(total);
    let mut nested = Vec::with_capacity(total - total_flat);
    let (mut claims, mut findings) = (Vec::new(), Vec::new());
    let (mut flat_before, mut nested_before) = (0, 0);
    let (mut tokens_before, mut sentences_before) = (0, 0);
    for part in parts {
        let n_flat = flat_of(&part);
        let n_nested = part.entities.len() - n_flat;
        let index = |i: usize| {
            if i < n_flat {
                flat_before + i
            } else {
                total_flat + nested_before + (i - n_flat)
            }
        };
        let by = u32::try_from(part.byte).unwrap_or(u32::MAX);
        for (k, mut e) in part.entities.into_iter().enumerate() {
            e.start += part.byte;
            e.end += part.byte;
            e.tokens = e.tokens.start + tokens_before..e.tokens.end + tokens_before;
            e.parent = e.parent.map(index);
            e.attrs.shift(by);
            for n in &mut e.nested {
                n.start += part.byte;
                n.end += part.byte;
                n.attrs.shift(by);
            }
            if k < n_flat {
                flat.push(e);
            } else {
                nested.push(e);
            }
        }
        for mut c in part.claims {
            c.entity = index(c.entity);
            for link in [
                &mut c.total_entity,
                &mut c.part,
                &mut c.part_of,
                &mut c.time,
            ] {
                *link = link.map(index);
            }
            c.sentence += sentences_before;
            c.tokens = c.tokens.start + tokens_before..c.tokens.end + tokens_before;
            claims.push(c);
        }
        for mut f in part.findings {
            f.entities.iter_mut().for_each(|i| *i = index(*i));
            findings.push(f);
        }
        flat_before += n_flat;
        nested_before += n_nested;
        tokens_before += part.tokens;
        sentences_before += part.sentences;
    }
    flat.append(&mut nested);
    (flat, claims, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str, size: usize) -> Vec<&str> {
        let starts = part_starts(text, size);
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        starts.iter().zip(ends).map(|(&s, e)| &text[s..e]).collect()
    }

    #[test]
    fn cuts_at_line_starts_and_keeps_every_byte() {
        let text = "Dòng một ở đây.\n\nDòng hai ở đây.\nDòng ba.";
        let p = parts(text, 16);
        assert_eq!(p.concat(), text);
        assert_eq!(p, ["Dòng một ở đây.\n\n", "Dòng hai ở đây.\n", "Dòng ba."]);
    }

    #[test]
    fn a_long_line_is_cut_at_a_sentence_start_then_a_word_start() {
        let text = "Câu một dài. Câu hai dài. Câu ba";
        assert_eq!(
            parts(text, 10),
            ["Câu một dài. ", "Câu hai dài. ", "Câu ba"]
        );
        let words = "một hai ba bốn năm sáu";
        assert_eq!(parts(words, 4).concat(), words);
        assert!(parts(words, 4).iter().all(|p| !p.starts_with(' ')));
    }

    #[test]
    fn text_without_breaks_is_cut_on_character_boundaries() {
        let text = "ĐĐĐĐĐĐĐĐĐĐ";
        let p = parts(text, 3);
        assert_eq!(p.concat(), text);
        assert!(p.len() > 2);
    }

    #[test]
    fn short_text_is_one_part() {
        assert_eq!(part_starts("ngắn", PART_BYTES), [0]);
        assert_eq!(part_starts("", 1), [0]);
    }
}
