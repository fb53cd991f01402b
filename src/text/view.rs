//! The matching view: the text as the matchers see it, with a map back to
//! the text as given.
//!
//! The view is NFC, lower-case (Đ/đ and U+00D0 included), with old/new tone
//! placement unified and every run of white space folded to one `' '` (or one
//! `'\n'` if the run holds a line break). Optionally diacritics are removed.
//! Each byte of the view remembers the byte offset of the original
//! character (or combining sequence) it came from, so a match in the view
//! maps back to a span of the original text exactly.
//!
//! ```
//! use vietag::text::{MatchView, ViewOptions};
//!
//! // "Hoà" written in NFD with the new tone placement, a no-break space, "Bình".
//! let original = "Ho\u{0061}\u{0300}\u{00A0}Bi\u{0300}nh";
//! let mut view = MatchView::default();
//! view.build(original, ViewOptions::default());
//! assert_eq!(view.as_str(), "hòa bình");
//! // "bình" starts at view byte 5 ("hòa" is 4 bytes, plus a space):
//! // in the original it starts after "Hoà" (5 bytes in NFD) and the NBSP (2 bytes).
//! assert_eq!(view.orig_offset(5), 7);
//! assert_eq!(&original[view.orig_offset(5)..], "Bi\u{0300}nh");
//! ```

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::boundary::floor_char_boundary;
use super::fold::{
    fast_lower, is_combining_mark, lower_one, push_lower, strip_diacritics, unify_tone_placement,
};
use super::swar;

/// How the matching view is built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ViewOptions {
    /// Remove all diacritics, so that "Dong Xoai" matches "Đồng Xoài".
    pub fold_diacritics: bool,
}

/// One word of the view: a run of letters, split where a capital follows a
/// small letter ("MyTAG" is "My" + "TAG"), with the case of its original.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordSpan {
    /// View byte where the word starts.
    pub start: u32,
    /// View byte one past its end.
    pub end: u32,
    /// The original starts with a capital.
    pub capitalized: bool,
    /// The original has two or more letters, all capitals.
    pub all_upper: bool,
}

/// A normalised copy of one text with a byte map back to the original.
///
/// Build it once per document with [`MatchView::build`]; the buffers are
/// reused when the same value builds the next document.
#[derive(Clone, Debug, Default)]
pub struct MatchView {
    text: String,
    /// `orig[i]` is the original byte offset of the character that view byte
    /// `i` came from, if byte `i` starts a character of the view (the
    /// entries of its other bytes are not read); one extra entry holds the
    /// original length.
    orig: Vec<u32>,
    /// The words (letter runs) of the view with the case of their original.
    words: Vec<WordSpan>,
    // Scratch buffers for the word being folded, reused across documents.
    word: Vec<(char, u32)>,
    chars: Vec<char>,
    origins: Vec<u32>,
}

impl MatchView {
    /// Normalises `original` into this view, replacing what it held.
    ///
    /// Texts longer than `u32::MAX` bytes are cut at that length; callers
    /// reject such documents before they get here.
    pub fn build(&mut self, original: &str, opts: ViewOptions) {
        self.build_with(original, opts, |state, text| state.push_nfc(text));
    }

    /// [`MatchView::build`] with `push_nfc` to fold text that is NFC (the
    /// tests compare [`Folder::push_nfc`] with the general way). It returns
    /// false, having pushed what it likes, if the text is not NFC.
    fn build_with(
        &mut self,
        original: &str,
        opts: ViewOptions,
        push_nfc: fn(&mut Folder<'_>, &str) -> bool,
    ) {
        self.clear();
        let original = truncate_to_u32(original);
        // The view is rarely longer than the original: with room for that,
        // the pushes below never have to grow the buffers.
        self.text.reserve(original.len());
        self.orig.reserve(original.len() + 1);
        let mut state = Folder {
            view: self,
            opts,
            in_space: false,
            nfc: false,
            same_from: 0,
        };
        if !push_nfc(&mut state, original) {
            state.view.clear();
            state.in_space = false;
            // Normalise each starter + combining marks on its own, so every
            // composed character knows which original bytes it came from.
            let mut start = 0;
            for (i, c) in original.char_indices() {
                if i > start && canonical_combining_class(c) == 0 {
                    push_cluster(&mut state, original, start, i);
                    start = i;
                }
            }
            push_cluster(&mut state, original, start, original.len());
        }
        state.flush_word();
        self.orig.push(original.len() as u32);
    }

    /// Empties the view, keeping its buffers.
    fn clear(&mut self) {
        self.text.clear();
        self.orig.clear();
        self.word.clear();
        self.words.clear();
    }

    /// The normalised text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The words of the view, in order.
    #[inline]
    pub fn words(&self) -> &[WordSpan] {
        &self.words
    }

    /// The original byte offset of view byte `view_byte` (the original
    /// length for `view_byte == len`).
    #[inline]
    pub fn orig_offset(&self, view_byte: usize) -> usize {
        let inside = self
            .text
            .as_bytes()
            .get(view_byte)
            .is_some_and(|&b| is_utf8_continuation(b));
        // A byte inside a character maps where the character does.
        let at = if inside {
            floor_char_boundary(&self.text, view_byte)
        } else {
            view_byte
        };
        self.orig_offset_at_char(at)
    }

    /// [`MatchView::orig_offset`] for a view byte known to start a character
    /// (or to be the length or past it), where the map is exact: callers that
    /// cut on character boundaries, as the tokenizer does once per token,
    /// skip the test for a byte inside a character.
    #[inline]
    pub(crate) fn orig_offset_at_char(&self, view_byte: usize) -> usize {
        // A jump for a byte past the map, which callers hardly ever ask
        // for, rather than choosing between the two entries at every call
        // (a conditional move and a test for an empty map): the tokenizer
        // calls this twice for most words.
        match self.orig.get(view_byte) {
            Some(&offset) => offset as usize,
            None => self.orig.last().copied().unwrap_or(0) as usize,
        }
    }

    // Called for every space: a call each would cost more than the push.
    #[inline(always)]
    fn push_char(&mut self, c: char, orig: u32) {
        if c.is_ascii() {
            self.text.push(c);
            self.orig.push(orig);
            return;
        }
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        self.text.push_str(s);
        self.orig.extend(std::iter::repeat_n(orig, s.len()));
    }
}

/// Pushes the NFC form of one starter and its combining marks, every
/// character mapped to the cluster's start, so no span ends between a
/// letter and its marks. Marks after a starter that is no letter (white
/// space, a digit, punctuation) and does not compose with them are the
/// exception: they keep their own offsets, so that the token the starter
/// ends (a space, a number) does not end inside the cluster and the word
/// the marks start does not begin with the starter.
fn push_cluster(state: &mut Folder<'_>, original: &str, start: usize, end: usize) {
    let cluster = &original[start..end];
    let apart = cluster.chars().next().is_some_and(|c| !is_word_char(c))
        && cluster.nfc().eq(cluster.chars());
    if apart {
        for (k, c) in cluster.char_indices() {
            state.push(c, (start + k) as u32);
        }
        return;
    }
    let starter = cluster.chars().next();
    let mut composed = cluster.nfc().peekable();
    // Marks that only change order under NFC ("5" + U+031B U+0313 U+0320)
    // still leave the starter alone: it keeps its offset and the reordered
    // marks share the first mark's, so the starter's token is not empty.
    if let Some(s) = starter.filter(|&s| !is_word_char(s) && composed.peek() == Some(&s)) {
        composed.next();
        state.push(s, start as u32);
        let marks = (start + s.len_utf8()) as u32;
        composed.for_each(|n| state.push(n, marks));
        return;
    }
    for n in composed {
        state.push(n, start as u32);
    }
}

/// NFC check with a fast path: text made of ASCII, Latin-1, Latin
/// Extended and precomposed Vietnamese letters (and no combining marks) is
/// NFC; anything else asks the Unicode tables.
pub(crate) fn is_nfc(s: &str) -> bool {
    has_only_simple_chars(s) || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// True if every character of `s` is below U+0300 or in U+1E00–U+1EFF
/// (Latin Extended Additional) or U+2000–U+206F (General Punctuation).
///
/// Works on the UTF-8 bytes: every byte below 0xCC belongs to a character
/// below U+0300 or is a continuation byte, so only the lead bytes from
/// 0xCC on need a look, at the bytes after them.
fn has_only_simple_chars(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(k) = bytes[from..].iter().position(|&b| b >= 0xCC) {
        let at = from + k;
        let simple = match bytes[at..] {
            // U+1E00..=U+1EFF
            [0xE1, 0xB8..=0xBB, ..] => true,
            // U+2000..=U+206F
            [0xE2, 0x80, ..] => true,
            [0xE2, 0x81, last, ..] => last <= 0xAF,
            _ => false,
        };
        if !simple {
            return false;
        }
        from = at + 1;
    }
    true
}

fn truncate_to_u32(s: &str) -> &str {
    if s.len() <= u32::MAX as usize {
        return s;
    }
    &s[..floor_char_boundary(s, u32::MAX as usize)]
}

/// True for characters that end a line.
#[inline]
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// True for characters that belong to a word (letters and their marks).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    // Fast paths for the Latin blocks Vietnamese is written in; the full
    // Unicode tables are slow and most text never needs them.
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match c {
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' | '\u{300}'..='\u{36F}' => true,
        // General Punctuation (quotes, dashes, the ellipsis news is full
        // of) holds no letter and no mark: the tables cost hundreds of
        // instructions a character.
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphabetic() || is_combining_mark(c),
    }
}

struct Folder<'a> {
    view: &'a mut MatchView,
    opts: ViewOptions,
    in_space: bool,
    /// The text is known to be NFC: [`Folder::still_nfc`] asked the tables.
    nfc: bool,
    /// Where the stretch of the original begins that [`Folder::push_nfc`]
    /// has read and the view has as it is, not yet appended.
    same_from: usize,
}

impl Folder<'_> {
    /// Folds `text` if it is NFC, and returns whether it is. Most of a
    /// text goes into the view as it is (words in small letters, single
    /// spaces, digits, punctuation): such a stretch is appended whole by
    /// [`Folder::push_same`] when something the view changes comes (a
    /// capital, more white space, a word that goes the general way), or
    /// the end. ASCII is read a byte at a time; only other characters are
    /// decoded, and only those that are no plain letter need the NFC check.
    fn push_nfc(&mut self, text: &str) -> bool {
        let bytes = text.as_bytes();
        self.same_from = 0;
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            let next = if b.is_ascii_alphabetic() {
                self.push_word(text, at)
            } else if b.is_ascii() {
                self.push_ascii_other(text, b, at);
                Some(at + 1)
            } else {
                self.push_non_ascii(text, at)
            };
            match next {
                Some(next) => at = next,
                None => return false,
            }
        }
        self.push_same(text, text.len());
        true
    }

    /// Appends the original from [`Folder::same_from`] to `to`, which the
    /// view has as it is but for ASCII capitals.
    fn push_same(&mut self, text: &str, to: usize) {
        let from = std::mem::replace(&mut self.same_from, to);
        if let Some(part) = text.get(from..to).filter(|part| !part.is_empty()) {
            let view_from = self.view.text.len();
            self.view.text.push_str(part);
            self.view.text[view_from..].make_ascii_lowercase();
            push_same_offsets(&mut self.view.orig, from, part.len());
        }
    }

    /// [`Folder::push_nfc`] of the ASCII byte `b` at `at`, no letter: most
    /// go into the view as they are, white space the view folds does not.
    // Called for every space: a call each would cost more than the work.
    #[inline(always)]
    fn push_ascii_other(&mut self, text: &str, b: u8, at: usize) {
        let c = char::from(b);
        let white = c.is_whitespace();
        if !white || (!self.in_space && matches!(b, b' ' | b'\n')) {
            self.in_space = white;
            return;
        }
        self.push_same(text, at);
        self.push_other(c, at as u32);
        self.same_from = at + 1;
    }

    /// [`Folder::push_nfc`] of the character at `at`, which is no ASCII:
    /// returns where it ends, `None` if the text is not NFC.
    fn push_non_ascii(&mut self, text: &str, at: usize) -> Option<usize> {
        let c = || text.get(at..).and_then(|rest| rest.chars().next());
        // Most are the first letter of a word ("đã", "ở"), told by the
        // table that reads them in words, without decoding them.
        if plain_at(text.as_bytes(), at).is_some() || c().is_some_and(is_word_char) {
            return self.push_word(text, at);
        }
        let c = c()?;
        let end = at + c.len_utf8();
        if !self.still_nfc(text, &text[at..end]) {
            return None;
        }
        if c.is_whitespace() {
            self.push_same(text, at);
            self.push_other(c, at as u32);
            self.same_from = end;
        } else {
            // Lower-casing leaves it alone, so the view has it as it is.
            self.in_space = false;
        }
        Some(end)
    }

    /// Whether `text` may still be NFC, `part` of it read next: NFC for
    /// sure if `part` has only the characters [`has_only_simple_chars`]
    /// knows, else the Unicode tables decide, once for the whole text.
    fn still_nfc(&mut self, text: &str, part: &str) -> bool {
        if self.nfc || has_only_simple_chars(part) {
            return true;
        }
        self.nfc = is_nfc_quick(text.chars()) == IsNormalized::Yes;
        self.nfc
    }

    /// [`Folder::push_nfc`] of the run of word characters that starts at
    /// byte `start`: returns where it ends, `None` if the text is not NFC.
    /// A plain word whose capitals (if any) are ASCII, most words, is what
    /// the view has as it is once [`Folder::push_same`] lower-cases them;
    /// any other goes to [`Folder::push_changed_word`].
    // Called for every word: a call each would cost more than the work.
    #[inline(always)]
    fn push_word(&mut self, text: &str, start: usize) -> Option<usize> {
        self.in_space = false;
        let run = WordRun::read(text, start, self.opts);
        // Its bytes, not its text: the tests below read bytes, and cutting
        // text tests both ends for a character boundary, which the run
        // ends on anyway. The few words they read as text cut it then.
        let word = text.as_bytes().get(start..run.end)?;
        let same = !run.general && !run.wide_upper && !tone_would_move(word);
        if let Some((capitalized, all_upper)) =
            same.then(|| case_of_plain(word, run.upper)).flatten()
        {
            let at = self.view.text.len() + (start - self.same_from);
            self.view.words.push(WordSpan {
                start: at as u32,
                end: (at + word.len()) as u32,
                capitalized,
                all_upper,
            });
            return Some(self.past_space(text, run.end));
        }
        let end = self
            .push_changed_word(text, start, run)
            .then_some(run.end)?;
        Some(self.past_space(text, end))
    }

    /// Where [`Folder::push_nfc`] goes on after a word that ends at `end`:
    /// past the one `' '` that follows most words, which the view has as
    /// it is, so the loop does not read it as a character of its own.
    #[inline(always)]
    fn past_space(&mut self, text: &str, end: usize) -> usize {
        if text.as_bytes().get(end) != Some(&b' ') {
            return end;
        }
        // What `push_ascii_other` does with it: a word left `in_space` false.
        self.in_space = true;
        end + 1
    }

    /// [`Folder::push_word`] of a word the view changes, which `run` read
    /// from `start` on: false if the text is not NFC. A plain word with
    /// capitals that are no ASCII goes to [`Folder::push_plain_word`]; any
    /// other through the letter buffer and [`Folder::flush_word`].
    fn push_changed_word(&mut self, text: &str, start: usize, run: WordRun) -> bool {
        let word = &text[start..run.end];
        if !run.general && !tone_would_move(word.as_bytes()) {
            if let Some(case) = case_of_plain(word.as_bytes(), run.upper) {
                self.push_same(text, start);
                self.push_plain_word(word, start, run.upper, case);
                self.same_from = run.end;
                return true;
            }
        }
        if run.general && !self.still_nfc(text, word) {
            return false;
        }
        self.push_same(text, start);
        let letters = word.char_indices().map(|(k, c)| (c, (start + k) as u32));
        self.view.word.extend(letters);
        self.flush_word();
        self.same_from = run.end;
        true
    }

    /// What [`Folder::flush_part`] makes of a plain word with `upper`
    /// capitals that starts at original byte `start`, without the
    /// per-letter buffers: the word is one part, each letter lower-cases to
    /// one letter of the same UTF-8 length and no tone moves, so each view
    /// byte maps to the start of the original letter at the same byte.
    /// `case` is what [`case_of_plain`] says.
    fn push_plain_word(&mut self, word: &str, start: usize, upper: usize, case: (bool, bool)) {
        let view = &mut *self.view;
        let from = view.text.len() as u32;
        push_lower_plain(&mut view.text, word, upper, case.0);
        push_same_offsets(&mut view.orig, start, word.len());
        view.words.push(WordSpan {
            start: from,
            end: view.text.len() as u32,
            capitalized: case.0,
            all_upper: case.1,
        });
    }

    fn push(&mut self, c: char, orig: u32) {
        if is_word_char(c) {
            self.view.word.push((c, orig));
            self.in_space = false;
            return;
        }
        self.flush_word();
        self.push_other(c, orig);
    }

    /// Appends a character that is no word character: white space folded,
    /// anything else as it is.
    // Called for every space: a call each would cost more than the work.
    #[inline(always)]
    fn push_other(&mut self, c: char, orig: u32) {
        if c.is_whitespace() {
            if self.in_space {
                if is_line_break(c) && self.view.text.ends_with(' ') {
                    self.view.text.pop();
                    self.view.text.push('\n');
                }
                return;
            }
            self.in_space = true;
            let folded = if is_line_break(c) { '\n' } else { ' ' };
            self.view.push_char(folded, orig);
            return;
        }
        self.in_space = false;
        self.view.push_char(c.to_ascii_lowercase(), orig);
    }

    /// Lower-cases the pending letters, unifies tone placement and appends
    /// them as one or more words (split where a capital follows a small
    /// letter), recording each word's case.
    fn flush_word(&mut self) {
        let n = self.view.word.len();
        let mut start = 0;
        for k in 1..=n {
            // A capital after a small letter starts a glued word ("MyTAG"),
            // unless it is one last letter, as in Party codes ("ThU").
            let split = k == n || {
                let (prev, cur) = (self.view.word[k - 1].0, self.view.word[k].0);
                is_lower(prev) && is_upper(cur) && k + 1 < n
            };
            if split {
                self.flush_part(start, k);
                start = k;
            }
        }
        self.view.word.clear();
    }

    /// [`Folder::flush_part`] of a part written in ASCII letters, which
    /// most words of any text have: lower-casing is a byte operation, there
    /// is no mark to fold or tone to move, and each letter is one byte of
    /// the view.
    fn flush_ascii_part(&mut self, from: usize, to: usize) {
        let view = &mut *self.view;
        let start = view.text.len() as u32;
        let mut upper = 0;
        for &(c, o) in &view.word[from..to] {
            upper += usize::from(c.is_ascii_uppercase());
            view.text.push(c.to_ascii_lowercase());
            view.orig.push(o);
        }
        let letters = to - from;
        if letters == 0 {
            return;
        }
        view.words.push(WordSpan {
            start,
            end: view.text.len() as u32,
            capitalized: view.word[from].0.is_ascii_uppercase(),
            all_upper: letters >= 2 && upper == letters,
        });
    }

    fn flush_part(&mut self, from: usize, to: usize) {
        if self.view.word[from..to].iter().all(|&(c, _)| c.is_ascii()) {
            self.flush_ascii_part(from, to);
            return;
        }
        let view = &mut *self.view;
        view.chars.clear();
        view.origins.clear();
        let mut letters = 0;
        let mut upper = 0;
        let mut first_upper = false;
        for &(c, o) in &view.word[from..to] {
            if !is_combining_mark(c) {
                let up = is_upper(c);
                if letters == 0 {
                    first_upper = up;
                }
                letters += 1;
                upper += usize::from(up);
            }
            let before = view.chars.len();
            push_lower(c, &mut view.chars);
            let added = view.chars.len() - before;
            view.origins.extend(std::iter::repeat_n(o, added));
        }
        unify_tone_placement(&mut view.chars);
        let start = view.text.len() as u32;
        // Folding strips the marks of letters. Marks with no letter (after a
        // digit, say) stay: dropping them would glue "202" and "4" of
        // "202\u{313}4" into one number that the text does not have.
        let fold = self.opts.fold_diacritics && letters > 0;
        for i in 0..view.chars.len() {
            let mut c = view.chars[i];
            let origin = view.origins[i];
            if fold {
                c = strip_diacritics(c);
                if is_combining_mark(c) {
                    continue;
                }
            }
            view.push_char(c, origin);
        }
        if view.text.len() as u32 == start {
            // Only marks, and folding removed them: no word is left.
            return;
        }
        view.words.push(WordSpan {
            start,
            end: view.text.len() as u32,
            capitalized: first_upper,
            all_upper: letters >= 2 && upper == letters,
        });
    }
}

/// A run of word characters of NFC text as [`Folder::push_word`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WordRun {
    /// Original byte one past its end.
    end: usize,
    /// Capitals among its plain letters.
    upper: usize,
    /// One of them is no ASCII.
    wide_upper: bool,
    /// The run has a character that is no plain letter: it goes the
    /// general way.
    general: bool,
}

impl WordRun {
    /// A run of no characters yet, at byte `start`.
    #[inline(always)]
    const fn empty_at(start: usize) -> WordRun {
        WordRun {
            end: start,
            upper: 0,
            wide_upper: false,
            general: false,
        }
    }

    /// Reads the run of word characters of `text` that starts at byte
    /// `start`, eight bytes at a time while eight remain.
    #[inline(always)]
    fn read(text: &str, start: usize, opts: ViewOptions) -> WordRun {
        let mut run = WordRun::empty_at(start);
        while let Some(word) = swar::word_at(text.as_bytes(), run.end) {
            if run.read_chunk(text, word, opts) {
                return run;
            }
        }
        run.read_rest(text, opts)
    }

    /// Reads on over `word`, the eight bytes of `text` from [`WordRun::end`]
    /// on: true if the run ends in them. The ASCII letters and capitals
    /// are told by word arithmetic ([`ascii_letter_bits`]) and the run ends
    /// at the first other ASCII byte; the characters that are no ASCII
    /// before it (most words have one) are read one by one within the same
    /// eight bytes, not each followed by eight new ones: read that way, the
    /// letters after a Vietnamese letter cost a second look at the bytes,
    /// and most words were read two or three times. (A loop a byte at a
    /// time left at every word's end on a branch that could not be
    /// predicted, a fifth of the view's time.)
    #[inline(always)]
    fn read_chunk(&mut self, text: &str, word: u64, opts: ViewOptions) -> bool {
        let (letters, capitals) = ascii_letter_bits(word);
        // The top bits of the ASCII bytes that are no letter, and all the
        // bits of the bytes before the first of them (all if none).
        let stop = !(letters | word) & HIGH_BITS;
        let before = stop.wrapping_sub(1) & !stop;
        // The bytes that are no ASCII before it, a character at a time.
        let mut wide = word & before & HIGH_BITS;
        while wide != 0 {
            let at = wide.trailing_zeros() as usize / 8;
            let Some(len) = self.add_wide(text, self.end + at, opts) else {
                // No word character: the run ends before it.
                self.count(capitals & bytes_below(at));
                self.end += at;
                return true;
            };
            let next = at + len;
            if next >= 8 {
                // It ends these bytes: no ASCII after it, and no stop.
                self.count(capitals);
                self.end += next;
                return false;
            }
            wide &= !bytes_below(next);
        }
        self.count(capitals & before);
        if stop == 0 {
            self.end += 8;
            return false;
        }
        self.end += stop.trailing_zeros() as usize / 8;
        true
    }

    /// Adds the capitals marked by the top bits of `capitals`.
    #[inline(always)]
    fn count(&mut self, capitals: u64) {
        // Most words have no capital: no count for them.
        if capitals != 0 {
            self.upper += capitals.count_ones() as usize;
        }
    }

    /// Adds the character at byte `at` of `text`, which is no ASCII, if it
    /// is a word character, and returns its length; `None` if it is none.
    #[inline(always)]
    fn add_wide(&mut self, text: &str, at: usize, opts: ViewOptions) -> Option<usize> {
        // Most are plain Vietnamese letters, told by a table.
        if let Some((upper, len)) = plain_at(text.as_bytes(), at) {
            self.add_plain(upper, opts);
            return Some(len);
        }
        let c = text.get(at..)?.chars().next()?;
        let word = other_is_word(c);
        self.general |= word;
        word.then(|| c.len_utf8())
    }

    /// [`WordRun::read`] of the last bytes of `text`, fewer than eight, a
    /// byte at a time from [`WordRun::end`] on: the run read on. Takes and
    /// returns the run by value, as no call out of line in the loop of
    /// [`WordRun::read`] may take it by reference (see [`other_is_word`]).
    fn read_rest(mut self, text: &str, opts: ViewOptions) -> WordRun {
        let bytes = text.as_bytes();
        loop {
            let (end, upper) = ascii_letters(bytes, self.end);
            self.end = end;
            self.upper += upper;
            match bytes.get(self.end) {
                Some(b) if !b.is_ascii() => {}
                _ => return self,
            }
            match self.add_wide(text, self.end, opts) {
                Some(len) => self.end += len,
                None => return self,
            }
        }
    }

    /// Adds a plain letter that is no ASCII, a capital if `upper` (plain
    /// letters are word characters). Folding keeps ASCII as it is, and
    /// only ASCII: folded, the run goes the general way.
    #[inline(always)]
    fn add_plain(&mut self, upper: bool, opts: ViewOptions) {
        if opts.fold_diacritics {
            self.general = true;
        } else {
            self.upper += usize::from(upper);
            self.wide_upper |= upper;
        }
    }
}

/// Whether `c`, a character that is neither ASCII nor a plain letter
/// ([`plain_at`] reads every plain letter that is no ASCII, as a test
/// checks), is a word character: if it is, its run goes the general way.
/// Out of line: few words have such a character, and the letter loop stays
/// small (inlined, the view took 15% more instructions on news). A free
/// function, not a method of the run: a call that takes the run by
/// reference kept the run in memory for the whole loop, and reading it
/// back in loads wider than the loop's separate stores of its fields was
/// a stall: the CPU cannot forward such stores (a fifth of the view's
/// samples, perf).
#[inline(never)]
fn other_is_word(c: char) -> bool {
    is_word_char(c)
}

/// The end of the ASCII letters of `bytes` from `from` on, and how many
/// of them are capitals, a byte at a time: for the last bytes of a text,
/// which [`WordRun::read_chunk`] cannot read eight at a time.
fn ascii_letters(bytes: &[u8], from: usize) -> (usize, usize) {
    let (mut end, mut upper) = (from, 0);
    while let Some(&b) = bytes.get(end) {
        // `b.is_ascii_alphabetic()` in fewer instructions.
        if (b | 0x20).wrapping_sub(b'a') >= 26 {
            break;
        }
        upper += usize::from(b < b'a');
        end += 1;
    }
    (end, upper)
}

/// All the bits of the first `n` bytes of a word, `n` below eight.
#[inline(always)]
fn bytes_below(n: usize) -> u64 {
    (1u64 << (8 * n)).wrapping_sub(1)
}

/// The top bit of each byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// For each byte of `word`, the top bit set if it is an ASCII letter (in
/// the first word) and if it is a capital one (in the second).
#[inline(always)]
fn ascii_letter_bits(word: u64) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Bit 5 in each byte: a capital's small letter.
    const SMALL: u64 = ONES * 0x20;
    // Added to a byte below 0x80: the top bit is set from 'a' on, and
    // from past 'z' on.
    const FROM_A: u64 = ONES * (0x80 - b'a' as u64);
    const PAST_Z: u64 = ONES * (0x80 - b'z' as u64 - 1);
    // Each byte's low seven bits, small letters for capitals: the sums
    // carry into no other byte.
    let low = (word | SMALL) & !HIGH_BITS;
    let letters = (low + FROM_A) & !(low + PAST_Z) & !word & HIGH_BITS;
    // A capital has bit 5 clear; moved to the top bit of its byte.
    let capitals = letters & !(word << 2);
    (letters, capitals)
}

/// The case of a plain word that has `upper` capitals: whether its first
/// letter is one and whether all of two or more are. `None` if a capital
/// after a small letter splits it into parts ("MyTAG"; a last capital, as
/// in "ThU", does not), which only the general way makes.
// Called for every word, most of which it answers at once.
#[inline(always)]
fn case_of_plain(word: &[u8], upper: usize) -> Option<(bool, bool)> {
    if upper == 0 {
        return Some((false, false));
    }
    // Most capitals are one, first, ASCII letter.
    if upper == 1 && word.first().is_some_and(u8::is_ascii_uppercase) {
        return Some((true, false));
    }
    case_of_capitals(word, upper)
}

/// [`case_of_plain`] letter by letter.
fn case_of_capitals(word: &[u8], upper: usize) -> Option<(bool, bool)> {
    let word = std::str::from_utf8(word).ok()?;
    let mut capitals = word.chars().map(|c| plain_case(c) == Some(true));
    let first = capitals.next()?;
    let (mut prev, mut letters, mut glued) = (first, 1, false);
    for capital in capitals {
        if glued {
            return None;
        }
        glued = !prev && capital;
        prev = capital;
        letters += 1;
    }
    Some((first, letters >= 2 && upper == letters))
}

/// True if [`unify_tone_placement`] would change the plain word `bytes` once
/// lower-cased. It only ever moves a tone from a last letter (never ASCII)
/// onto an "o" or "u" before it, so most words skip the decomposition it
/// costs, and most of those are told by their bytes: a plain letter keeps
/// its UTF-8 length, so the "o" or "u" is one byte "o", "u", "O" or "U"
/// before a last letter of two or three.
// Called for every word, most of which it answers at once.
#[inline(always)]
fn tone_would_move(bytes: &[u8]) -> bool {
    let o_or_u = |back: usize| {
        let at = bytes.len().checked_sub(back);
        matches!(
            at.and_then(|at| bytes.get(at)),
            Some(b'o' | b'u' | b'O' | b'U')
        )
    };
    !bytes.last().is_none_or(u8::is_ascii)
        && (o_or_u(3) || o_or_u(4))
        && std::str::from_utf8(bytes).is_ok_and(tone_moves_to)
}

/// [`tone_would_move`] by the last letters of `word`, lower-cased.
fn tone_moves_to(word: &str) -> bool {
    let mut tail = word.chars().rev().map(lower_plain);
    let (Some(last), Some(prev)) = (tail.next(), tail.next()) else {
        return false;
    };
    if !matches!(prev, 'o' | 'u') {
        return false;
    }
    let before = tail.next();
    let mut buf = [before.unwrap_or(' '), prev, last];
    let syllable = &mut buf[usize::from(before.is_none())..];
    unify_tone_placement(syllable);
    syllable[syllable.len() - 2..] != [prev, last]
}

/// For a letter of the blocks Vietnamese is written in that lower-cases
/// (as [`push_lower`] does) to one letter of the same UTF-8 length:
/// whether it is a capital. `None` for anything else.
#[inline]
const fn plain_case(c: char) -> Option<bool> {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Some(c.is_ascii_uppercase())
        } else {
            None
        };
    }
    // "ð" is small but lower-cases to "đ", which the fast path does not
    // expect; "÷" is no letter.
    if matches!(c, '\u{F0}' | '\u{F7}') {
        return None;
    }
    match fast_lower(c) {
        Some(lower) => Some(lower as u32 != c as u32),
        None => None,
    }
}

/// [`plain_case`] of U+00C0..=U+01BF, the two-byte letters from "À" to
/// "ư" (lead bytes 0xC3 to 0xC6), by code point less 0xC0.
static PLAIN_TWO_BYTES: [Option<bool>; 256] = plain_cases(0xC0);
/// [`plain_case`] of U+1E80..=U+1EFF, where the letters "Ạ" to "ỹ" are
/// (lead bytes 0xE1 0xBA and 0xE1 0xBB), by code point less 0x1E80.
static PLAIN_THREE_BYTES: [Option<bool>; 128] = plain_cases(0x1E80);

const fn plain_cases<const N: usize>(from: u32) -> [Option<bool>; N] {
    let mut cases = [None; N];
    let mut k = 0;
    while k < N {
        if let Some(c) = char::from_u32(from + k as u32) {
            cases[k] = plain_case(c);
        }
        k += 1;
    }
    cases
}

/// [`plain_case`] of the character at byte `at` of `bytes` (UTF-8), and
/// its length, for the plain letters Vietnamese is written in, read from
/// the bytes with one table look-up: the letters of a word are read this
/// way, not decoded one by one. `None` for any other character.
#[inline(always)]
fn plain_at(bytes: &[u8], at: usize) -> Option<(bool, usize)> {
    let low = |b: u8| usize::from(b & 0x3F);
    match *bytes.get(at..)? {
        [b0 @ 0xC3..=0xC6, b1, ..] => {
            let upper = PLAIN_TWO_BYTES.get((usize::from(b0 - 0xC3) << 6) | low(b1))?;
            Some(((*upper)?, 2))
        }
        [0xE1, b1 @ 0xBA..=0xBB, b2, ..] => {
            let upper = PLAIN_THREE_BYTES.get((usize::from(b1 - 0xBA) << 6) | low(b2))?;
            Some(((*upper)?, 3))
        }
        _ => None,
    }
}

/// Appends the plain word `word` lower-cased, copying what needs no change
/// (most words have no capital, or only a first one) as one slice.
fn push_lower_plain(text: &mut String, word: &str, upper: usize, first_upper: bool) {
    if upper == 0 {
        text.push_str(word);
    } else if upper == 1 && first_upper {
        let mut rest = word.chars();
        text.extend(rest.next().map(lower_plain));
        text.push_str(rest.as_str());
    } else {
        text.extend(word.chars().map(lower_plain));
    }
}

/// Maps the `len` bytes of original text from byte `start` on, which the
/// view has with the same UTF-8 lengths, each to the original byte at the
/// same place: right for the first byte of each character, the only one
/// [`MatchView::orig_offset`] reads.
fn push_same_offsets(orig: &mut Vec<u32>, start: usize, len: usize) {
    let start = start as u32;
    orig.extend(start..start + len as u32);
}

/// The lower case of a letter [`plain_case`] accepts.
#[inline]
fn lower_plain(c: char) -> char {
    lower_one(c).unwrap_or(c)
}

fn is_utf8_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Upper case, with a fast path for the blocks Vietnamese uses.
#[inline]
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    match fast_lower(c) {
        Some(l) => l != c,
        None => c.is_uppercase(),
    }
}

/// Lower case, with the same fast path.
#[inline]
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    match fast_lower(c) {
        Some(l) => l == c && is_word_char(c),
        None => c.is_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fold::split_tone;
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    /// The fast paths of [`is_word_char`] answer as the Unicode tables do,
    /// for every character they take.
    #[test]
    fn word_chars_fast_paths_agree_with_the_tables() {
        let fast = ('\0'..='\u{24F}').chain('\u{1E00}'..='\u{206F}');
        for c in fast.chain('\u{300}'..='\u{36F}') {
            assert_eq!(
                is_word_char(c),
                c.is_alphabetic() || is_combining_mark(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    impl Folder<'_> {
        /// The general way for NFC text: every character through
        /// [`Folder::push`] and the letter buffer.
        fn push_each_char(&mut self, text: &str) -> bool {
            if !is_nfc(text) {
                return false;
            }
            for (i, c) in text.char_indices() {
                self.push(c, i as u32);
            }
            true
        }
    }

    /// [`WordRun::read`] a character at a time.
    fn read_by_chars(text: &str, start: usize, opts: ViewOptions) -> WordRun {
        let mut run = WordRun::empty_at(start);
        for c in text[start..].chars() {
            if c.is_ascii() {
                if !c.is_ascii_alphabetic() {
                    break;
                }
                run.upper += usize::from(c.is_ascii_uppercase());
            } else if let Some(upper) = plain_case(c) {
                run.add_plain(upper, opts);
            } else if is_word_char(c) {
                run.general = true;
            } else {
                break;
            }
            run.end += c.len_utf8();
        }
        run
    }

    proptest! {
        // Letters of both cases, plain and other letters and marks of one
        // to three bytes, ASCII and other characters that end a run, from
        // every start: eight bytes at a time as a character at a time.
        #[test]
        fn words_read_by_eight_bytes_as_by_characters(
            text in "[a-zA-Z@\\[`{ 0.àÀạẠđĐưƯðİ\u{300}ΣσĸµßÐ–“…€]{0,30}",
            fold in any::<bool>(),
        ) {
            let opts = ViewOptions { fold_diacritics: fold };
            for (start, _) in text.char_indices() {
                prop_assert_eq!(
                    WordRun::read(&text, start, opts),
                    read_by_chars(&text, start, opts),
                    "{:?} from {}", text, start
                );
            }
        }
    }

    /// Builds `text` the fast way and the general way and compares all the
    /// view holds.
    fn assert_same_as_general(text: &str, opts: ViewOptions) {
        let mut fast = MatchView::default();
        fast.build(text, opts);
        let mut general = MatchView::default();
        general.build_with(text, opts, |state, text| state.push_each_char(text));
        assert_eq!(fast.text, general.text, "{text:?} {opts:?}");
        // Every view byte (and past the end) maps alike; the entries of
        // bytes inside a character may differ, as no one reads them.
        let offsets = |v: &MatchView| -> Vec<usize> {
            (0..=v.text.len() + 1).map(|i| v.orig_offset(i)).collect()
        };
        assert_eq!(offsets(&fast), offsets(&general), "{text:?} {opts:?}");
        assert_eq!(fast.words, general.words, "{text:?} {opts:?}");
    }

    /// Characters for generated texts: ASCII letters of both cases, the
    /// vowels of "oa", "oe", "uy" with and without tone, precomposed and
    /// decomposed Vietnamese, the eth look-alikes, marks after digits and
    /// spaces, letters the fast path leaves to the general way ("ð",
    /// "İ" which lower-cases to two characters, the Kelvin sign, "ǅ",
    /// Greek, "ª"), and white space and punctuation the view keeps or
    /// folds (tab, line separator, quotes, a dash, "€" which sends the
    /// text to the NFC tables).
    const MIXED: &str = "[a-eoquyA-EOQUY0-9 \u{A0}\n\r\t\u{2028}“–€.,\u{300}\u{301}\u{302}\u{303}\u{306}\u{309}\u{31B}\u{323}àáảãạÀÁẢÃẠòóỏõọÒÓỎÕỌèéẻẽẹỳýỷỹỵÝỲêÊôÔơƠưƯăĂâÂđĐÐðİ\u{212A}ǅǆΣσªßµ÷×ĸ]{0,24}";

    proptest! {
        #[test]
        fn fast_path_equals_general_path(text in MIXED, fold in any::<bool>()) {
            let opts = ViewOptions { fold_diacritics: fold };
            assert_same_as_general(&text, opts);
            // NFC sends more of the same text the fast way.
            assert_same_as_general(&text.nfc().collect::<String>(), opts);
        }
    }

    #[test]
    fn fast_path_equals_general_path_on_chosen_words() {
        let texts = [
            "Hoà Bình hòa HOÀ hoÀ",
            "Thuỷ QUỶ quỷ khoẻ KHOẺ tuỳ xoà",
            "MyTAG ThU iPhone ĐồngXoài ĐỒNG Ðồng ðồng",
            "năm 2024\u{301} 5\u{323} a \u{300}b q\u{300}",
            "ÀÁ à Ý ŸÿĲĳ ǅ İstanbul \u{212A}elvin",
        ];
        for text in texts {
            for fold in [false, true] {
                assert_same_as_general(
                    text,
                    ViewOptions {
                        fold_diacritics: fold,
                    },
                );
            }
        }
    }

    #[test]
    fn simple_chars_by_bytes_agree_with_code_points() {
        let simple =
            |u: u32| u < 0x300 || (0x1E00..=0x1EFF).contains(&u) || (0x2000..=0x206F).contains(&u);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            let within = format!("a{c}\u{1EA1}b");
            let want = simple(c as u32);
            assert_eq!(has_only_simple_chars(&alone), want, "U+{:04X}", c as u32);
            assert_eq!(has_only_simple_chars(&within), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn plain_letters_lower_case_to_one_letter_of_the_same_length() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let Some(upper) = plain_case(c) else { continue };
            let mut lowered = String::new();
            push_lower(c, &mut lowered);
            let lower = lower_plain(c);
            assert_eq!(lowered, lower.to_string(), "U+{:04X}", c as u32);
            assert_eq!(lower.len_utf8(), c.len_utf8(), "U+{:04X}", c as u32);
            assert!(
                is_word_char(c) && !is_combining_mark(c),
                "U+{:04X}",
                c as u32
            );
            assert_eq!(is_upper(c), upper, "U+{:04X}", c as u32);
            assert_eq!(is_lower(c), !upper, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn plain_letters_by_bytes_agree_with_plain_case() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let want = plain_case(c).map(|upper| (upper, c.len_utf8()));
            let got = plain_at(bytes, 0);
            // The tables cover the blocks that hold the plain letters.
            let covered = matches!(c as u32, 0xC0..=0x1BF | 0x1E80..=0x1EFF);
            assert_eq!(got, want.filter(|_| covered), "U+{:04X}", c as u32);
            assert!(covered || want.is_none(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn only_a_bare_o_or_u_takes_a_tone_from_a_plain_letter() {
        // `tone_would_move` looks no further when the letter before the
        // last is not "o" or "u".
        for c in (0..0x3000).filter_map(char::from_u32) {
            if plain_case(c).is_none() {
                continue;
            }
            let lower = lower_plain(c);
            if matches!(split_tone(lower), ('o' | 'u', None)) {
                assert!(matches!(lower, 'o' | 'u'), "U+{:04X}", c as u32);
            }
        }
    }

    fn view(s: &str) -> MatchView {
        let mut v = MatchView::default();
        v.build(s, ViewOptions::default());
        v
    }

    /// Original substring of the view range `a..b`.
    fn back<'a>(v: &MatchView, s: &'a str, a: usize, b: usize) -> &'a str {
        &s[v.orig_offset(a)..v.orig_offset(b)]
    }

    #[test]
    fn nfc_input_maps_one_to_one() {
        let s = "Đồng Xoài";
        let v = view(s);
        assert_eq!(v.as_str(), "đồng xoài");
        let at = v.as_str().find("xoài").unwrap();
        assert_eq!(back(&v, s, at, v.as_str().len()), "Xoài");
    }

    #[test]
    fn nfd_input_maps_to_whole_clusters() {
        let nfc = "Bí thư Thành ủy Đồng Xoài";
        let nfd: String = nfc.nfd().collect();
        let v = view(&nfd);
        assert_eq!(v.as_str(), "bí thư thành ủy đồng xoài");
        let at = v.as_str().find("thành").unwrap();
        let end = at + "thành ủy".len();
        assert_eq!(
            back(&v, &nfd, at, end).nfc().collect::<String>(),
            "Thành ủy"
        );
    }

    #[test]
    fn old_and_new_tone_placement_meet() {
        assert_eq!(view("Hoà Bình").as_str(), view("Hòa Bình").as_str());
        assert_eq!(view("Thuỷ").as_str(), view("Thủy").as_str());
        assert_eq!(view("khoẻ").as_str(), view("khỏe").as_str());
    }

    #[test]
    fn crlf_bom_nbsp_and_eth() {
        let s = "\u{FEFF}Ðồng\u{00A0}\u{00A0}Xoài\r\nBình";
        let v = view(s);
        assert_eq!(v.as_str(), "\u{FEFF}đồng xoài\nbình");
        let at = v.as_str().find("bình").unwrap();
        assert_eq!(&s[v.orig_offset(at)..], "Bình");
        let x = v.as_str().find("xoài").unwrap();
        assert_eq!(back(&v, s, x, x + "xoài".len()), "Xoài");
    }

    #[test]
    fn space_run_with_line_break_becomes_newline() {
        assert_eq!(view("a \r\n b").as_str(), "a\nb");
        assert_eq!(view("a\t b").as_str(), "a b");
    }

    #[test]
    fn fold_diacritics_mode() {
        let mut v = MatchView::default();
        v.build(
            "Đồng Xoài",
            ViewOptions {
                fold_diacritics: true,
            },
        );
        assert_eq!(v.as_str(), "dong xoai");
        let mut w = MatchView::default();
        w.build(
            "Dong Xoai",
            ViewOptions {
                fold_diacritics: true,
            },
        );
        assert_eq!(w.as_str(), "dong xoai");
    }

    #[test]
    fn a_mark_after_a_space_keeps_its_own_offset() {
        // NBSP + combining grave, then "ồ" in NFD (so the slow path runs).
        let s = "a\u{a0}\u{300}b o\u{302}\u{300}";
        let v = view(s);
        let mark = v.as_str().find('\u{300}').unwrap();
        assert_eq!(v.orig_offset(mark), 3, "the mark, not the space before it");
        // A mark after a letter stays with the letter.
        let o = v.as_str().find('ồ').unwrap();
        assert_eq!(&s[v.orig_offset(o)..], "o\u{302}\u{300}");
    }

    #[test]
    fn a_mark_after_a_digit_keeps_its_own_offset() {
        // A number followed by a stray combining mark: the number must end
        // after its last digit, not at the start of the digit's cluster.
        let s = "TP.\t4.100\u{300}";
        let v = view(s);
        let mark = v.as_str().find('\u{300}').unwrap();
        assert_eq!(v.orig_offset(mark), s.find('\u{300}').unwrap());
        // "<" + U+0338 composes to "≮": that cluster stays whole.
        let v = view("a <\u{338} b");
        assert_eq!(v.as_str(), "a ≮ b");
    }

    #[test]
    fn folding_keeps_marks_that_follow_no_letter() {
        let fold = ViewOptions {
            fold_diacritics: true,
        };
        let mut v = MatchView::default();
        v.build("năm 202\u{313}4", fold);
        assert_eq!(v.as_str(), "nam 202\u{313}4", "the digits stay apart");
        v.build("Ho\u{300}a", fold);
        assert_eq!(v.as_str(), "hoa", "a letter's mark is folded away");
    }

    #[test]
    fn marks_that_nfc_reorders_after_a_digit_leave_the_digit_its_offset() {
        // U+031B (class 216), U+0313 (230), U+0320 (220): NFC reorders the
        // marks, so the cluster is not kept as written, yet the "5" is
        // still a digit of its own, and "12/05" must end after it.
        let s = "12/05\u{31b}\u{313}\u{320}";
        let v = view(s);
        let five = v.as_str().find('5').unwrap();
        assert_eq!(back(&v, s, 0, five + 1), "12/05");
        let mark = v.as_str().find('\u{31b}').unwrap();
        assert_eq!(v.orig_offset(mark), s.find('\u{31b}').unwrap());
    }

    #[test]
    fn ascii_words_keep_their_case_and_split_like_the_others() {
        // "MyTAG" splits, "ThU" does not; "VN" is all capitals, "A" is one
        // letter; the same words with a mark go the general way.
        for (text, folded) in [
            ("MyTAG ThU VN A nam", "mytag thu vn a nam"),
            ("MýTAG ThÚ VŨ Á nám", "mýtag thú vũ á nám"),
        ] {
            let v = view(text);
            assert_eq!(v.as_str(), folded);
            let words: Vec<(bool, bool)> = v
                .words()
                .iter()
                .map(|w| (w.capitalized, w.all_upper))
                .collect();
            assert_eq!(
                words,
                [
                    (true, false),
                    (true, true),
                    (true, false),
                    (true, true),
                    (true, false),
                    (false, false)
                ],
                "{text}"
            );
            let tag = v.words()[1];
            assert_eq!(&text[v.orig_offset(tag.start as usize)..][..3], "TAG");
        }
    }

    #[test]
    fn a_byte_inside_a_character_maps_where_the_character_starts() {
        // "à" and "ơ" come through copied stretches, "Ả" lower-cased.
        let s = "Bà  ơi Ảnh";
        let v = view(s);
        for c in ['à', 'ơ', 'ả'] {
            let at = v.as_str().find(c).unwrap();
            let want = v.orig_offset(at);
            assert_eq!(v.orig_offset(at + 1), want, "{c}");
            assert!(s[want..].starts_with(|o: char| o.to_lowercase().eq([c])));
        }
    }

    #[test]
    fn end_offset_is_original_length() {
        let s = "Hà Nội";
        let v = view(s);
        assert_eq!(v.orig_offset(v.as_str().len()), s.len());
    }
}
