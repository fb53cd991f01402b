//! The mapping tables of `src/encoding/tables/*.tsv`, embedded at build
//! time and parsed once, on first use.
//!
//! Each file's header names the published table it was made from. The
//! parser skips `#` comments and the column-name line; a malformed row is
//! counted in [`Tables::rejected`] rather than stopping the program (the
//! unit tests assert that there are none).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Windows-1252, for the bytes of VNI and TCVN3 that are not letters and for
/// reading mojibake back into bytes.
pub(crate) const CP1252_TSV: &str = include_str!("tables/cp1252.tsv");
/// Windows-1258.
pub(crate) const CP1258_TSV: &str = include_str!("tables/cp1258.tsv");
/// TCVN3 (TCVN 5712:1993 VN3, with the VN2 additions) and the `.VnH` font.
pub(crate) const TCVN3_TSV: &str = include_str!("tables/tcvn3.tsv");
/// VNI Windows.
pub(crate) const VNI_TSV: &str = include_str!("tables/vni.tsv");
/// VIQR (RFC 1456).
pub(crate) const VIQR_TSV: &str = include_str!("tables/viqr.tsv");

/// A single-byte code: the character of each byte (ASCII below 0x80) and
/// the byte of each character.
#[derive(Debug)]
pub(crate) struct ByteMap {
    chars: [Option<char>; 256],
    bytes: HashMap<char, u8>,
}

impl ByteMap {
    fn ascii() -> ByteMap {
        let mut chars = [None; 256];
        for (b, slot) in chars.iter_mut().enumerate().take(0x80) {
            *slot = Some(char::from(b as u8));
        }
        ByteMap {
            chars,
            bytes: HashMap::new(),
        }
    }

    fn set(&mut self, byte: u8, c: char) {
        self.chars[usize::from(byte)] = Some(c);
        self.bytes.entry(c).or_insert(byte);
    }

    /// The character of `byte`, `None` where the code leaves it undefined.
    #[inline]
    pub(crate) fn char(&self, byte: u8) -> Option<char> {
        self.chars[usize::from(byte)]
    }

    /// The byte of `c`.
    #[inline]
    pub(crate) fn byte(&self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        self.bytes.get(&c).copied()
    }
}

/// TCVN3: what each byte shows in a `.Vn` font and in a `.VnH` font.
#[derive(Debug)]
pub(crate) struct Tcvn3Table {
    /// The `.Vn` (mixed-case) reading.
    pub vn: ByteMap,
    /// The `.VnH` (all-capitals) reading.
    pub vnh: ByteMap,
}

/// VNI: one-byte letters, two-byte letters and the byte classes.
#[derive(Debug)]
pub(crate) struct VniTable {
    /// Letters written as one byte (đ, ơ, ư, the i's, ỵ).
    pub singles: [Option<char>; 256],
    /// Letters written as a base byte and a diacritic byte.
    pub pairs: HashMap<(u8, u8), char>,
    /// Bytes that start a pair.
    pub is_base: [bool; 256],
    /// Every byte of the table above 0x7F: such a byte never stands for a
    /// Windows-1252 character in text written by the encoder.
    pub is_letter_byte: [bool; 256],
    /// The bytes of each letter.
    pub letters: HashMap<char, Vec<u8>>,
}

/// VIQR: what each mnemonic adds, and to which letters.
#[derive(Debug, Default)]
pub(crate) struct ViqrTable {
    /// Modifier mnemonic → (combining mark, letters it follows).
    pub modifiers: Vec<(char, char, String)>,
    /// Tone mnemonic → (combining mark, letters it follows).
    pub tones: Vec<(char, char, String)>,
    /// Two-letter spellings of đ/Đ → letter.
    pub letters: Vec<(String, char)>,
}

/// Every table, parsed.
#[derive(Debug)]
pub(crate) struct Tables {
    /// Windows-1252.
    pub cp1252: ByteMap,
    /// Windows-1258.
    pub cp1258: ByteMap,
    /// TCVN3.
    pub tcvn3: Tcvn3Table,
    /// VNI Windows.
    pub vni: VniTable,
    /// VIQR.
    pub viqr: ViqrTable,
    /// Rows that did not parse (a bug in a table file; the tests read it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub rejected: usize,
    /// Rows that parsed, per file: cp1252, cp1258, tcvn3, vni, viqr.
    #[cfg_attr(not(test), allow(dead_code))]
    pub rows: [usize; 5],
}

/// The tables, parsed on first use.
pub(crate) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(Tables::parse)
}

impl Tables {
    fn parse() -> Tables {
        let mut rejected = 0;
        let mut rows = [0; 5];
        let cp1252 = byte_map(CP1252_TSV, &mut rejected, &mut rows[0]);
        let cp1258 = byte_map(CP1258_TSV, &mut rejected, &mut rows[1]);
        let tcvn3 = tcvn3_table(&mut rejected, &mut rows[2]);
        let vni = vni_table(&mut rejected, &mut rows[3]);
        let viqr = viqr_table(&mut rejected, &mut rows[4]);
        Tables {
            cp1252,
            cp1258,
            tcvn3,
            vni,
            viqr,
            rejected,
            rows,
        }
    }
}

/// The data rows of a table file, split on tabs.
fn data_rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

fn hex_byte(s: &str) -> Option<u8> {
    u8::from_str_radix(s, 16).ok()
}

/// `U+00E0` → 'à'.
fn code_point(s: &str) -> Option<char> {
    let hex = s.strip_prefix("U+")?;
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

fn byte_map(tsv: &str, rejected: &mut usize, rows: &mut usize) -> ByteMap {
    let mut map = ByteMap::ascii();
    for row in data_rows(tsv) {
        match (
            row.first().and_then(|b| hex_byte(b)),
            row.get(1).and_then(|c| code_point(c)),
        ) {
            (Some(b), Some(c)) if b >= 0x80 => {
                map.set(b, c);
                *rows += 1;
            }
            _ => *rejected += 1,
        }
    }
    map
}

fn tcvn3_table(rejected: &mut usize, rows: &mut usize) -> Tcvn3Table {
    let mut vn = ByteMap::ascii();
    let mut vnh = ByteMap::ascii();
    for row in data_rows(TCVN3_TSV) {
        let byte = row.first().and_then(|b| hex_byte(b));
        let lower = row.get(1).and_then(|c| code_point(c));
        let upper = row.get(2).and_then(|c| code_point(c));
        match (byte, lower, upper) {
            (Some(b), Some(l), Some(u)) if b >= 0x80 => {
                vn.set(b, l);
                vnh.set(b, u);
                *rows += 1;
            }
            _ => *rejected += 1,
        }
    }
    for b in b'a'..=b'z' {
        vnh.chars[usize::from(b)] = Some(char::from(b.to_ascii_uppercase()));
    }
    Tcvn3Table { vn, vnh }
}

fn vni_table(rejected: &mut usize, rows: &mut usize) -> VniTable {
    let mut t = VniTable {
        singles: [None; 256],
        pairs: HashMap::new(),
        is_base: [false; 256],
        is_letter_byte: [false; 256],
        letters: HashMap::new(),
    };
    for row in data_rows(VNI_TSV) {
        let bytes: Option<Vec<u8>> = row
            .first()
            .map(|s| s.split(' ').map(hex_byte).collect())
            .unwrap_or(None);
        let letter = row.get(1).and_then(|s| single_char(s));
        match (bytes.as_deref(), letter) {
            (Some(&[b]), Some(c)) => t.singles[usize::from(b)] = Some(c),
            (Some(&[base, mark]), Some(c)) => {
                t.pairs.insert((base, mark), c);
                t.is_base[usize::from(base)] = true;
            }
            _ => {
                *rejected += 1;
                continue;
            }
        }
        if let (Some(bytes), Some(c)) = (bytes, letter) {
            for &b in bytes.iter().filter(|&&b| b >= 0x80) {
                t.is_letter_byte[usize::from(b)] = true;
            }
            t.letters.insert(c, bytes);
        }
        *rows += 1;
    }
    t
}

fn viqr_table(rejected: &mut usize, rows: &mut usize) -> ViqrTable {
    let mut t = ViqrTable::default();
    for row in data_rows(VIQR_TSV) {
        let (Some(mnemonic), Some(mark), Some(kind), Some(bases)) = (
            row.first(),
            row.get(1).and_then(|c| code_point(c)),
            row.get(2),
            row.get(3),
        ) else {
            *rejected += 1;
            continue;
        };
        match (*kind, single_char(mnemonic)) {
            ("modifier", Some(m)) => t.modifiers.push((m, mark, bases.to_string())),
            ("tone", Some(m)) => t.tones.push((m, mark, bases.to_string())),
            ("letter", _) if mnemonic.chars().count() == 2 => {
                t.letters.push((mnemonic.to_string(), mark))
            }
            _ => {
                *rejected += 1;
                continue;
            }
        }
        *rows += 1;
    }
    t
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_parses() {
        let t = tables();
        assert_eq!(t.rejected, 0);
        // cp1252: 123 of 128 upper bytes; cp1258: 119; tcvn3: 27 cp1252
        // punctuation bytes + 96 of A0-FF; VNI: 134 letters; VIQR: 11 rows.
        assert_eq!(t.rows, [123, 119, 123, 134, 11]);
    }

    #[test]
    fn tcvn3_sets_are_the_standard_sizes() {
        let rows: Vec<Vec<&str>> = data_rows(TCVN3_TSV).collect();
        let count = |set: &str| rows.iter().filter(|r| r[3] == set).count();
        // VN3 adds 75 characters to ASCII; VN2 adds 21 more (96 in all).
        assert_eq!(count("VN3"), 75);
        assert_eq!(count("VN2"), 21);
        assert_eq!(count("cp1252"), 27);
    }
}
