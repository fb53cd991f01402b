//! Foreign names written in Latin script: "Lionel Messi", "Kim Jong-un",
//! "Staffan de Mistura", "John G. Avildsen", "Noo Phước Thịnh".
//!
//! A *foreign name* is a run of capitalised words, one space apart, joined
//! inside by hyphens or apostrophes ("Vogt-Roberts", "K’Sáng"), lower-case
//! particles ("de", "al-") and initials ("G."), in which at least one word
//! is not a Vietnamese syllable ([`crate::phonotactics`]). Vietnamese
//! syllables may stand next to the foreign ones ("Kim Dong Chul"), but the
//! run never takes a word of a known place or organisation ("Mỹ" in
//! "Tổng thống Mỹ Donald Trump", "Reuters" in "Theo Reuters"), a
//! structure word (Bộ, Sở, tỉnh …) or a cue word, and a sentence-initial
//! Vietnamese word never starts it ("Theo Hernandez" mid-sentence is a
//! name, "Theo" at a sentence start is a preposition).
//!
//! What the name is (a person, a club, a company) is decided by its
//! context: the PER tagger takes it after a cue or a title, with a listed
//! foreign given name, or before a verb of speaking; the ORG tagger after a
//! descriptor ("hãng", "tờ").

use std::ops::Range;

use super::grammar::{class, starts_structure};
use super::Document;
use crate::document::shape;
use crate::syllables::TokenKind;

/// Most words a foreign name has (particles and initials included).
const MAX_WORDS: usize = 6;

/// A foreign name found by [`foreign_name_at`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ForeignName {
    /// Its tokens.
    pub(crate) tokens: Range<usize>,
    /// The first token of each name word, [`Self::words`], in place (0
    /// past `word_count`, so that equal names compare equal): the PER
    /// tagger reads a run at every capitalised word that is not
    /// Vietnamese, and a list on the heap cost an allocation each.
    word_starts: [usize; MAX_WORDS],
    word_count: usize,
}

impl ForeignName {
    /// The first token of each name word (particles and initials left out;
    /// a hyphenated word counts once, by its first part).
    pub(crate) fn words(&self) -> &[usize] {
        self.word_starts.get(..self.word_count).unwrap_or(&[])
    }

    /// The first token of the last name word ("Messi" in "Lionel Messi",
    /// "Vogt" in "Jordan Vogt-Roberts").
    pub(crate) fn last_word(&self) -> usize {
        self.words().last().copied().unwrap_or(self.tokens.start)
    }
}

/// The foreign name that starts at token `i`, if one does.
pub(crate) fn foreign_name_at(doc: &Document<'_>, i: usize) -> Option<ForeignName> {
    foreign_run_at(doc, i).ok()
}

/// The end of the foreign name that starts at token `i`, if one does: the
/// answer of [`foreign_name_at`] kept for the document, since the PER
/// tagger's finishing pass asks it again at the words its scan asked.
pub(crate) fn foreign_name_end(doc: &Document<'_>, i: usize) -> Option<usize> {
    match doc.foreign_end_memo(i) {
        Some(known) => known,
        None => foreign_run_at(doc, i).ok().map(|name| name.tokens.end),
    }
}

/// [`foreign_name_at`], or else the token before which no word starts a
/// foreign name either: when the run of name words from `i` has no foreign
/// word, a later word of it starts a shorter run of the same words (unless
/// the run was cut at [`MAX_WORDS`]), so a scan along a document need not
/// read them again from each start. The answers are kept for
/// [`foreign_name_end`], but for the words [`breaks_name`] passes: its bit
/// tests, inlined at the caller, answer as soon as a memo would.
#[inline]
pub(crate) fn foreign_run_at(doc: &Document<'_>, i: usize) -> Result<ForeignName, usize> {
    // Most capitalised words that no name takes are places, organisations
    // and cues.
    if breaks_name(doc, i) {
        return Err(i + 1);
    }
    read_and_keep(doc, i)
}

/// [`foreign_run_at`] past the bit tests, keeping the answer.
fn read_and_keep(doc: &Document<'_>, i: usize) -> Result<ForeignName, usize> {
    let found = read_run(doc, i);
    match &found {
        Ok(name) => doc.memo_foreign_end(i, Some(name.tokens.end)),
        Err(next) => (i..*next).for_each(|k| doc.memo_foreign_end(k, None)),
    }
    found
}

/// [`foreign_run_at`] without the memo.
fn read_run(doc: &Document<'_>, i: usize) -> Result<ForeignName, usize> {
    // [`foreign_run_at`] passed the words of places, organisations and
    // cues on their bits, before their letters are read.
    if !is_name_word(doc, i) {
        return Err(i + 1);
    }
    let end = word_end(doc, i);
    let first_foreign = is_foreign_word(doc, i, end);
    // A Vietnamese word at a sentence start is an ordinary word.
    if !first_foreign && doc.sentence_initial(i) {
        return Err(i + 1);
    }
    // (first token, end, foreign?) of each name word, on the stack: this
    // runs at every capitalised word.
    let mut words = [(i, end, first_foreign); MAX_WORDS];
    let mut n = 1;
    let mut foreign = first_foreign;
    while n < MAX_WORDS {
        let Some((next, skipped)) = next_name_word(doc, words[n - 1].1) else {
            break;
        };
        let next_end = word_end(doc, next);
        let next_foreign = is_foreign_word(doc, next, next_end);
        // After the last foreign word only given-name syllables, initials
        // and particles go on ("Noo Phước Thịnh", "John G. Avildsen").
        let given = doc.is_class_word(next, class::GIVEN);
        if foreign && !next_foreign && !given && !skipped && !is_initial(doc, next) {
            break;
        }
        words[n] = (next, next_end, next_foreign);
        n += 1;
        foreign |= next_foreign;
    }
    if !foreign {
        return Err(if n < MAX_WORDS { words[n - 1].1 } else { i + 1 });
    }
    // Vietnamese words after the last foreign one stay only as given names.
    while n > 1 {
        let (last, _, last_foreign) = words[n - 1];
        if last_foreign || doc.is_class_word(last, class::GIVEN) {
            break;
        }
        n -= 1;
    }
    Ok(ForeignName {
        tokens: i..words[n - 1].1,
        word_starts: std::array::from_fn(|k| if k < n { words[k].0 } else { 0 }),
        word_count: n,
    })
}

/// True if token `i` may be a word of a name: a capitalised word of
/// letters, not an all-capital abbreviation (a single capital letter is an
/// initial).
fn is_name_word(doc: &Document<'_>, i: usize) -> bool {
    name_shaped(doc, i) && doc.spelling(i).letters()
}

/// True if token `i` is a capitalised word, not an all-capital
/// abbreviation: [`is_name_word`] but for its letters.
fn name_shaped(doc: &Document<'_>, i: usize) -> bool {
    doc.tok(i)
        .is_some_and(|t| t.kind == TokenKind::Word && t.capitalized && !t.all_upper)
}

/// True if a name goes on with the name-shaped word `j` after its last
/// word: `j` is letters and no word a name cannot take. A capitalised word
/// is no particle either, so a word that fails ends the name; the bit
/// tests of [`breaks_name`] come first so that the places and cues after a
/// name are passed without reading their letters.
fn next_word_taken(doc: &Document<'_>, j: usize) -> bool {
    !breaks_name(doc, j) && doc.spelling(j).letters()
}

/// True if a name cannot take token `i`: it starts a structure (Bộ, tỉnh),
/// a cue (ông, ca sĩ) or lies in a known place, organisation or title.
#[inline]
fn breaks_name(doc: &Document<'_>, i: usize) -> bool {
    starts_structure(doc, i)
        || doc.starts_kind(i, class::PERSON_CUE)
        || doc.starts_kind(i, class::ROLE_CUE)
        || in_entity_hit(doc, i)
}

/// True if the place at tokens `r` is a word of a longer foreign name
/// rather than a place of its own: a capitalised foreign word that is no
/// lexicon entity stands one space before it ("Yahoo Nhật Bản"), or the
/// place is itself written in a foreign script and such a word follows it
/// ("USA Today"). A place in Vietnamese before a foreign name is left
/// alone: "người Pháp Paul Pogba" names the country.
pub(crate) fn place_in_foreign_name(doc: &Document<'_>, r: Range<usize>) -> bool {
    let foreign_word = |k: usize| {
        doc.kind(k) == Some(TokenKind::Word)
            && doc.is_cap(k)
            && is_foreign_word(doc, k, k + 1)
            && !in_entity_hit(doc, k)
    };
    let before = doc
        .before_gap(r.start)
        .is_some_and(|p| p + 1 < r.start && foreign_word(p));
    let after = doc.after_gap(r.end);
    before || (after > r.end && is_foreign_word(doc, r.start, r.end) && foreign_word(after))
}

/// True if the place at tokens `r` names a language: a language word
/// stands one space before it ("tiếng Pháp").
pub(crate) fn place_is_language(doc: &Document<'_>, r: Range<usize>) -> bool {
    doc.before_gap(r.start)
        .is_some_and(|p| p + 1 < r.start && doc.has_exact(p..p + 1, class::LANGUAGE_CUE))
}

/// True if token `i` lies in a hit of a lexicon with an entity label other
/// than PER (a country, a club, a company), or of a brand: the
/// [`shape::IN_ENTITY`] bit the document marked from its hits.
#[inline]
pub(crate) fn in_entity_hit(doc: &Document<'_>, i: usize) -> bool {
    doc.has_shape(i, shape::IN_ENTITY)
}

/// The end of the name word at `i`, with the parts joined to it by a
/// hyphen or an apostrophe and no space ("Jong-un", "O'Neil").
///
/// Inlined for the common answer: after most words comes a space, no
/// punctuation to read (the call cost some 40 instructions a word).
#[inline]
fn word_end(doc: &Document<'_>, i: usize) -> usize {
    if doc.kind(i + 1) != Some(TokenKind::Punct) {
        return i + 1;
    }
    joined_word_end(doc, i)
}

/// [`word_end`] where punctuation follows the word.
fn joined_word_end(doc: &Document<'_>, i: usize) -> usize {
    let mut end = i + 1;
    loop {
        let joined = doc.kind(end) == Some(TokenKind::Punct)
            && matches!(doc.word(end), "-" | "‐" | "'" | "’")
            && doc.kind(end + 1) == Some(TokenKind::Word)
            && doc.spelling(end + 1).letters();
        if !joined {
            return end;
        }
        end += 2;
    }
}

/// The next name word after a word ending at `end`: one space on, over a
/// particle ("de", "al-") or after an initial's dot. Returns its token and
/// whether a particle or initial was skipped.
fn next_name_word(doc: &Document<'_>, end: usize) -> Option<(usize, bool)> {
    let mut k = end;
    let mut skipped = false;
    // "G." of "John G. Avildsen": the dot after an initial.
    if doc.is_punct(k, '.') && doc.word(end - 1).chars().count() == 1 {
        k += 1;
        skipped = true;
    }
    let j = doc.after_gap(k);
    if j == k {
        return None;
    }
    if name_shaped(doc, j) {
        return next_word_taken(doc, j).then_some((j, skipped));
    }
    // One or two particles, each followed by a space or a hyphen, then the
    // next word ("van der Berg", "al-Assad").
    let mut p = j;
    for _ in 0..2 {
        let particle = doc.kind(p) == Some(TokenKind::Word)
            && !doc.is_cap(p)
            && doc.is_class_word(p, class::PARTICLE);
        if !particle {
            return None;
        }
        let after = if doc.is_dash(p + 1) {
            p + 2
        } else {
            doc.after_gap(p + 1)
        };
        if after == p + 1 {
            return None;
        }
        if name_shaped(doc, after) {
            return next_word_taken(doc, after).then_some((after, true));
        }
        p = after;
    }
    None
}

/// True if token `i` is an initial: one capital letter and a dot ("G.").
fn is_initial(doc: &Document<'_>, i: usize) -> bool {
    doc.word(i).chars().count() == 1 && doc.is_punct(i + 1, '.')
}

/// True if the name word `start..end` is foreign: a part is not a
/// Vietnamese syllable. A single letter (an initial) is neither.
pub(crate) fn is_foreign_word(doc: &Document<'_>, start: usize, end: usize) -> bool {
    (start..end).any(|k| doc.kind(k) == Some(TokenKind::Word) && doc.spelling(k).foreign())
}

#[cfg(test)]
mod tests {
    /// The foreign names found in `text`, as their texts.
    fn names(text: &str) -> Vec<String> {
        crate::taggers::with_default_document(text, |doc| {
            let mut out = Vec::new();
            let mut i = 0;
            while i < doc.tokens.len() {
                match super::foreign_name_at(doc, i) {
                    Some(n) => {
                        out.push(doc.span_text(n.tokens.clone()).to_string());
                        i = n.tokens.end;
                    }
                    None => i += 1,
                }
            }
            out
        })
    }

    #[test]
    fn foreign_runs() {
        assert_eq!(
            names("Tổng thống Mỹ Donald Trump gặp Kim Jong-un."),
            ["Donald Trump", "Kim Jong-un"]
        );
        assert_eq!(
            names("Ông Piet van der Berg và đạo diễn John G. Avildsen đến."),
            ["Piet van der Berg", "John G. Avildsen"]
        );
        assert_eq!(names("Ca sĩ Noo Phước Thịnh hát."), ["Noo Phước Thịnh"]);
    }

    #[test]
    fn known_names_and_sentence_starts_are_not_taken() {
        // "Reuters" is a medium of the lexicon; "Theo" starts the sentence.
        assert!(names("Theo Reuters, giá tăng.").is_empty());
        assert_eq!(names("Theo Zalewski, giá tăng."), ["Zalewski"]);
        // Vietnamese names are not foreign.
        assert!(names("Anh Nguyễn Văn An về quê.").is_empty());
        // A place after the name is not part of it.
        assert_eq!(names("Hãng Yahoo Nhật Bản lãi."), ["Yahoo"]);
    }
}
