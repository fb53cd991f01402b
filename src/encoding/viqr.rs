//! VIQR (RFC 1456): Vietnamese in ASCII, "Vie^.t Nam".
//!
//! A vowel takes the modifier mnemonic after it (`(` breve, `^` circumflex,
//! `+` horn) and then a tone mnemonic (`'` sắc, `` ` `` huyền, `?` hỏi, `~`
//! ngã, `.` nặng); `dd`/`DD` is đ/Đ. A backslash makes the mnemonic or `d`
//! after it literal ("Ha\." is "Ha.", "a\dd" is "add").
//!
//! Writers of VIQR rarely escaped punctuation, so `.`, `?` and `'` after a
//! vowel of a word that already has its tone are literal ("No^.i." is
//! "Nội."), unless they follow a modifier ("the^'" in the glued "đầuthế");
//! `` ` `` and `~` are always tones, and no mnemonic after a consonant is
//! one. The encoder escapes every mnemonic character that follows a vowel
//! and every `d` that would pair with the next, so its output reads back
//! exactly.

use unicode_normalization::char::{compose, decompose_canonical};

use super::tables::{tables, ViqrTable};
use crate::text::fold::split_tone;

/// Characters a backslash makes literal.
fn escapable(c: char) -> bool {
    matches!(
        c,
        '(' | '^' | '+' | '\'' | '`' | '?' | '~' | '.' | '\\' | 'd' | 'D'
    )
}

/// Modifier and tone mnemonics.
fn is_mnemonic(c: char) -> bool {
    matches!(c, '(' | '^' | '+' | '\'' | '`' | '?' | '~' | '.')
}

/// The combining mark `mnemonic` adds to `letter`, if the table lets it.
fn mark_for(list: &[(char, char, String)], mnemonic: char, letter: char) -> Option<char> {
    list.iter()
        .find(|(m, _, bases)| *m == mnemonic && bases.contains(letter))
        .map(|(_, mark, _)| *mark)
}

fn is_vowel(t: &ViqrTable, c: char) -> bool {
    if c.is_ascii() {
        return matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    }
    let (base, _) = split_tone(c);
    t.tones.iter().any(|(_, _, bases)| bases.contains(base))
}

/// Decodes VIQR text (not yet NFC).
pub(super) fn decode(text: &str) -> String {
    let t = &tables().viqr;
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut toned = false; // the current word has its tone
    let mut i = 0;
    while i < chars.len() {
        let (c, next) = (chars[i], chars.get(i + 1).copied());
        let double = next.and_then(|n| double_d(t, c, n));
        let (letter, used) = if let Some(n) = next.filter(|&n| c == '\\' && escapable(n)) {
            out.push(n);
            (n, 2)
        } else if let Some(d) = double {
            out.push(d);
            (d, 2)
        } else if is_vowel(t, c) {
            vowel(t, &chars[i..], &mut toned, &mut out)
        } else {
            out.push(c);
            (c, 1)
        };
        if !letter.is_alphabetic() {
            toned = false;
        }
        i += used;
    }
    out
}

/// "dd", "DD", "Dd" → đ, Đ.
fn double_d(t: &ViqrTable, c: char, next: char) -> Option<char> {
    t.letters
        .iter()
        .find(|(spelling, _)| spelling.chars().eq([c, next]))
        .map(|(_, letter)| *letter)
}

/// A vowel with the modifier and tone mnemonics that follow it, pushed to
/// `out` (the tone as a combining mark: "ệ" is not "ê" + dot below in
/// Unicode's composition, so the final NFC composes it). Returns the vowel
/// as written (`rest[0]`) and how many characters it took.
fn vowel(t: &ViqrTable, rest: &[char], toned: &mut bool, out: &mut String) -> (char, usize) {
    let mut letter = rest[0];
    let mut used = 1;
    let modifier = rest
        .get(used)
        .and_then(|&m| mark_for(&t.modifiers, m, letter));
    if let Some(m) = modifier {
        letter = compose(letter, m).unwrap_or(letter);
        used += 1;
    }
    out.push(letter);
    if let Some(&m) = rest.get(used) {
        let punctuation = matches!(m, '.' | '?' | '\'');
        let tone = !*toned || !punctuation || modifier.is_some();
        if let Some(mark) = mark_for(&t.tones, m, letter).filter(|_| tone) {
            out.push(mark);
            used += 1;
            *toned = true;
        }
    }
    (rest[0], used)
}

/// Encodes NFC text as VIQR (UTF-8; characters VIQR has no spelling for
/// are written as they are).
pub(super) fn encode(text: &str, out: &mut Vec<u8>) {
    let t = &tables().viqr;
    let chars: Vec<char> = text.chars().collect();
    let mut s = String::with_capacity(text.len() + text.len() / 4);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if let Some(spelling) = spelling(t, c) {
            s.push_str(&spelling);
            continue;
        }
        let escape = match c {
            '\\' => chars
                .get(i + 1)
                .is_some_and(|&n| escapable(first_written(t, n))),
            'd' | 'D' => chars
                .get(i + 1)
                .is_some_and(|&n| double_d(t, c, first_written(t, n)).is_some()),
            _ => is_mnemonic(c) && prev.is_some_and(|p| is_vowel(t, p)),
        };
        if escape {
            s.push('\\');
        }
        s.push(c);
    }
    out.extend_from_slice(s.as_bytes());
}

/// The VIQR spelling of a letter with diacritics ("ấ" → "a^'", "đ" →
/// "dd"); `None` for characters written as they are.
fn spelling(t: &ViqrTable, c: char) -> Option<String> {
    if let Some((s, _)) = t.letters.iter().find(|(_, l)| *l == c) {
        return Some(s.clone());
    }
    let (toneless, tone) = split_tone(c);
    let mut parts = ['\0'; 2];
    let mut n = 0;
    decompose_canonical(toneless, |d| {
        if n < parts.len() {
            parts[n] = d;
        }
        n += 1;
    });
    let (base, modifier) = match n {
        1 => (parts[0], None),
        2 => (parts[0], Some(parts[1])),
        _ => return None,
    };
    let mnemonic = |list: &[(char, char, String)], mark: char, letter: char| {
        list.iter()
            .find(|(_, m, bases)| *m == mark && bases.contains(letter))
            .map(|(mn, _, _)| *mn)
    };
    let mut out = String::from(base);
    if let Some(m) = modifier {
        out.push(mnemonic(&t.modifiers, m, base)?);
    }
    if let Some(m) = tone {
        out.push(mnemonic(&t.tones, m, toneless)?);
    }
    (out.chars().count() > 1).then_some(out)
}

/// The first character the encoder writes for `c`.
fn first_written(t: &ViqrTable, c: char) -> char {
    spelling(t, c).and_then(|s| s.chars().next()).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::super::{decode, encode, Encoding};

    fn viqr(s: &str) -> String {
        decode(s.as_bytes(), Encoding::Viqr).unwrap()
    }

    #[test]
    fn rfc_examples() {
        assert_eq!(viqr("Vie^.t Nam"), "Việt Nam");
        assert_eq!(
            viqr("DDa^y la` mo^.t ca^u tie^'ng Vie^.t"),
            "Đây là một câu tiếng Việt"
        );
        assert_eq!(viqr("ngu+o+`i, nu+o+'c, tru+o+?ng"), "người, nước, trưởng");
        assert_eq!(viqr("dda(ng ky'"), "đăng ký");
    }

    #[test]
    fn punctuation_after_a_toned_word_or_a_consonant_is_literal() {
        assert_eq!(viqr("Ha` No^.i. Nam? Ba'c."), "Hà Nội. Nam? Bác.");
        assert_eq!(viqr("Ha\\. ba\\'"), "Ha. ba'");
        // Glued words keep their second tone after a modifier, and ` ~ always.
        assert_eq!(viqr("dda^`uthe^' se~la`"), "đầuthế sẽlà");
        assert_eq!(viqr("a\\dd, rada, HDDND"), "add, rada, HĐND");
    }

    #[test]
    fn encoder_escapes_what_would_read_as_marks() {
        let text = r"Hà. Ha. ba'c dd đd \. \d a\ rađa GDĐT ADD";
        let bytes = encode(text, Encoding::Viqr).unwrap();
        let written = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(
            written,
            r"Ha`\. Ha\. ba\'c \dd ddd \\. \\d a\ radda G\DDDT A\DD"
        );
        assert_eq!(viqr(written), text);
    }
}
