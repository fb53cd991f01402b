//! Old Vietnamese encodings: every letter of every table, lines encoded by
//! hand from the published charts, round trips, detection (and declining),
//! and the command line (`annotate --encoding`, `convert`).
//!
//! The byte values below are typed from the charts (TCVN 5712:1993, the
//! VNI-Windows chart, Microsoft's code page 1258, RFC 1456), not taken from
//! the table files the library reads, so that a wrong row there fails here.

use std::path::PathBuf;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use vietag::encoding::{
    decode, decode_lossy, detect, detect_text, encode, read_field, Encoding, EncodingChoice,
};

mod common;
use common::{root, vietag};

const VOWELS: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
/// The tones in the order of the charts: huyền, hỏi, ngã, sắc, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// One small letter with diacritics: its vowel (or 'đ'), its tone (an
/// index into `TONES`), and the NFC letter.
#[derive(Clone, Copy, Debug)]
struct Letter {
    vowel: char,
    tone: Option<usize>,
    small: char,
}

impl Letter {
    fn capital(self) -> char {
        let mut up = self.small.to_uppercase();
        let c = up.next().unwrap();
        assert!(up.next().is_none());
        c
    }
}

/// The 67 small letters with diacritics: 12 vowels × (no tone + 5 tones),
/// less the 6 plain ASCII vowels, plus đ.
fn small_letters() -> Vec<Letter> {
    let mut out = Vec::new();
    for v in VOWELS {
        for tone in std::iter::once(None).chain((0..5).map(Some)) {
            if tone.is_none() && v.is_ascii() {
                continue;
            }
            let mut s = v.to_string();
            s.extend(tone.map(|t| TONES[t]));
            let small: String = s.nfc().collect();
            assert_eq!(small.chars().count(), 1, "{s:?}");
            out.push(Letter {
                vowel: v,
                tone,
                small: small.chars().next().unwrap(),
            });
        }
    }
    out.push(Letter {
        vowel: 'đ',
        tone: None,
        small: 'đ',
    });
    out
}

#[test]
fn there_are_134_letters_with_diacritics() {
    let small = small_letters();
    assert_eq!(small.len(), 67);
    let mut all: Vec<char> = small.iter().flat_map(|l| [l.small, l.capital()]).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 134);
}

// ---------------------------------------------------------------- TCVN3

/// TCVN 5712:1993 VN3: the byte of each small vowel with each tone
/// (huyền, hỏi, ngã, sắc, nặng).
const TCVN3_TONED: [(char, [u8; 5]); 12] = [
    ('a', [0xB5, 0xB6, 0xB7, 0xB8, 0xB9]),
    ('ă', [0xBB, 0xBC, 0xBD, 0xBE, 0xC6]),
    ('â', [0xC7, 0xC8, 0xC9, 0xCA, 0xCB]),
    ('e', [0xCC, 0xCE, 0xCF, 0xD0, 0xD1]),
    ('ê', [0xD2, 0xD3, 0xD4, 0xD5, 0xD6]),
    ('i', [0xD7, 0xD8, 0xDC, 0xDD, 0xDE]),
    ('o', [0xDF, 0xE1, 0xE2, 0xE3, 0xE4]),
    ('ô', [0xE5, 0xE6, 0xE7, 0xE8, 0xE9]),
    ('ơ', [0xEA, 0xEB, 0xEC, 0xED, 0xEE]),
    ('u', [0xEF, 0xF1, 0xF2, 0xF3, 0xF4]),
    ('ư', [0xF5, 0xF6, 0xF7, 0xF8, 0xF9]),
    ('y', [0xFA, 0xFB, 0xFC, 0xFD, 0xFE]),
];
/// VN3 ă â ê ô ơ ư đ: (letter, small byte, capital byte).
const TCVN3_PLAIN: [(char, u8, u8); 7] = [
    ('ă', 0xA8, 0xA1),
    ('â', 0xA9, 0xA2),
    ('ê', 0xAA, 0xA3),
    ('ô', 0xAB, 0xA4),
    ('ơ', 0xAC, 0xA5),
    ('ư', 0xAD, 0xA6),
    ('đ', 0xAE, 0xA7),
];

fn tcvn3_small_byte(l: Letter) -> u8 {
    match l.tone {
        Some(t) => TCVN3_TONED.iter().find(|(v, _)| *v == l.vowel).unwrap().1[t],
        None => {
            TCVN3_PLAIN
                .iter()
                .find(|(v, _, _)| *v == l.vowel)
                .unwrap()
                .1
        }
    }
}

#[test]
fn tcvn3_vn_table_reads_all_67_small_letters_and_the_7_plain_capitals() {
    let mut n = 0;
    for l in small_letters() {
        let got = decode(&[tcvn3_small_byte(l)], Encoding::Tcvn3).unwrap();
        assert_eq!(got, l.small.to_string(), "{l:?}");
        n += 1;
    }
    assert_eq!(n, 67);
    for (letter, _, capital) in TCVN3_PLAIN {
        let want: String = letter.to_uppercase().collect();
        assert_eq!(decode(&[capital], Encoding::Tcvn3).unwrap(), want);
    }
}

#[test]
fn tcvn3_vnh_table_reads_all_67_capitals_in_capital_words() {
    // In a .VnH font the bytes of the small letters show capitals; a word
    // of capitals ("X?X") is read with that table.
    let mut n = 0;
    for l in small_letters() {
        let got = decode(&[b'X', tcvn3_small_byte(l), b'X'], Encoding::Tcvn3).unwrap();
        assert_eq!(got, format!("X{}X", l.capital()), "{l:?}");
        n += 1;
    }
    assert_eq!(n, 67);
}

// ---------------------------------------------------------------- VNI

/// VNI Windows, small letters: the byte after a, e, o, u, y, ơ, ư for
/// each tone (huyền, hỏi, ngã, sắc, nặng).
const VNI_TONE: [u8; 5] = [0xF8, 0xFB, 0xF5, 0xF9, 0xEF];
/// The byte after a, e, o for the circumflex: alone, then with each tone.
const VNI_CIRCUMFLEX: [u8; 6] = [0xE2, 0xE0, 0xE5, 0xE3, 0xE1, 0xE4];
/// The byte after a for the breve: alone, then with each tone.
const VNI_BREVE: [u8; 6] = [0xEA, 0xE8, 0xFA, 0xFC, 0xE9, 0xEB];
/// ì ỉ ĩ í ị are one byte each.
const VNI_I: [u8; 5] = [0xEC, 0xE6, 0xF3, 0xED, 0xF2];

fn vni_small_bytes(l: Letter) -> Vec<u8> {
    let with = |t: Option<usize>| t.map_or(0, |t| t + 1);
    match (l.vowel, l.tone) {
        ('đ', _) => vec![0xF1],
        ('i', Some(t)) => vec![VNI_I[t]],
        ('y', Some(4)) => vec![0xEE],
        ('ă', t) => vec![b'a', VNI_BREVE[with(t)]],
        (v @ ('â' | 'ê' | 'ô'), t) => {
            let base = if v == 'â' {
                b'a'
            } else if v == 'ê' {
                b'e'
            } else {
                b'o'
            };
            vec![base, VNI_CIRCUMFLEX[with(t)]]
        }
        (v, t) => {
            let base = match v {
                'ơ' => 0xF4,
                'ư' => 0xF6,
                v => v as u8,
            };
            let mut b = vec![base];
            b.extend(t.map(|t| VNI_TONE[t]));
            b
        }
    }
}

/// Capitals: ASCII capitals, and the bytes above 0x7F less 0x20.
fn vni_capital_bytes(l: Letter) -> Vec<u8> {
    vni_small_bytes(l)
        .into_iter()
        .map(|b| {
            if b < 0x80 {
                b.to_ascii_uppercase()
            } else {
                b - 0x20
            }
        })
        .collect()
}

#[test]
fn vni_table_reads_all_134_letters() {
    let mut n = 0;
    for l in small_letters() {
        assert_eq!(
            decode(&vni_small_bytes(l), Encoding::Vni).unwrap(),
            l.small.to_string(),
            "{l:?}"
        );
        assert_eq!(
            decode(&vni_capital_bytes(l), Encoding::Vni).unwrap(),
            l.capital().to_string(),
            "{l:?}"
        );
        n += 2;
    }
    assert_eq!(n, 134);
}

// ---------------------------------------------------------------- Windows-1258

/// Code page 1258: the letters without tone that are not ASCII
/// (small, capital), and the combining tone marks.
const CP1258_BASE: [(char, u8, u8); 7] = [
    ('ă', 0xE3, 0xC3),
    ('â', 0xE2, 0xC2),
    ('ê', 0xEA, 0xCA),
    ('ô', 0xF4, 0xD4),
    ('ơ', 0xF5, 0xD5),
    ('ư', 0xFD, 0xDD),
    ('đ', 0xF0, 0xD0),
];
const CP1258_TONE: [u8; 5] = [0xCC, 0xD2, 0xDE, 0xEC, 0xF2];

fn cp1258_bytes(l: Letter, capital: bool) -> Vec<u8> {
    let base = match CP1258_BASE.iter().find(|(v, _, _)| *v == l.vowel) {
        Some(&(_, small, cap)) => {
            if capital {
                cap
            } else {
                small
            }
        }
        None if capital => l.vowel.to_ascii_uppercase() as u8,
        None => l.vowel as u8,
    };
    let mut b = vec![base];
    b.extend(l.tone.map(|t| CP1258_TONE[t]));
    b
}

#[test]
fn cp1258_table_reads_all_134_letters_composed_to_nfc() {
    let mut n = 0;
    for l in small_letters() {
        for capital in [false, true] {
            let want = if capital { l.capital() } else { l.small };
            let got = decode(&cp1258_bytes(l, capital), Encoding::Cp1258).unwrap();
            assert_eq!(got, want.to_string(), "{l:?}");
            n += 1;
        }
    }
    assert_eq!(n, 134);
    // The precomposed letters of the code page read the same.
    assert_eq!(
        decode(b"\xE0\xE1\xC0\xC1", Encoding::Cp1258).unwrap(),
        "àáÀÁ"
    );
}

// ---------------------------------------------------------------- VIQR

fn viqr_spelling(l: Letter, capital: bool) -> String {
    let (base, modifier) = match l.vowel {
        'đ' => return if capital { "DD".into() } else { "dd".into() },
        'ă' => ('a', Some('(')),
        'â' => ('a', Some('^')),
        'ê' => ('e', Some('^')),
        'ô' => ('o', Some('^')),
        'ơ' => ('o', Some('+')),
        'ư' => ('u', Some('+')),
        v => (v, None),
    };
    let mut s = String::new();
    s.push(if capital {
        base.to_ascii_uppercase()
    } else {
        base
    });
    s.extend(modifier);
    s.extend(l.tone.map(|t| ['`', '?', '~', '\'', '.'][t]));
    s
}

#[test]
fn viqr_table_reads_all_134_letters() {
    let mut n = 0;
    for l in small_letters() {
        for capital in [false, true] {
            let want = if capital { l.capital() } else { l.small };
            let got = decode(viqr_spelling(l, capital).as_bytes(), Encoding::Viqr).unwrap();
            assert_eq!(got, want.to_string(), "{l:?}");
            n += 1;
        }
    }
    assert_eq!(n, 134);
}

#[test]
fn every_encoder_round_trips_all_134_letters() {
    for e in Encoding::LEGACY {
        for l in small_letters() {
            for c in [l.small, l.capital()] {
                // Inside a word of small letters, as in running text.
                let word = format!("{c}n");
                let bytes = encode(&word, e).unwrap();
                assert_eq!(decode(&bytes, e).unwrap(), word, "{e}: {c}");
            }
        }
    }
}

// ---------------------------------------------------------------- lines by hand

/// Three lines of our own, in Unicode.
const LINES: [&str; 3] = [
    "UBND XÃ TÂN LẬP",
    "Hội nghị tổng kết công tác năm 2024 của Đảng bộ xã diễn ra sáng nay.",
    "Người dân đóng góp hơn 300 triệu đồng để làm đường.",
];

/// The same lines in TCVN3, typed byte by byte from the VN3 chart; the
/// heading as a .VnH font writes it (small-letter codes, shown as capitals).
const LINES_TCVN3: [&[u8]; 3] = [
    b"UBND X\xB7 T\xA2N L\xCBP",
    b"H\xE9i ngh\xDE t\xE6ng k\xD5t c\xABng t\xB8c n\xA8m 2024 c\xF1a \xA7\xB6ng b\xE9 x\xB7 di\xD4n ra s\xB8ng nay.",
    b"Ng\xAD\xEAi d\xA9n \xAE\xE3ng g\xE3p h\xACn 300 tri\xD6u \xAE\xE5ng \xAE\xD3 l\xB5m \xAE\xAD\xEAng.",
];

/// The same lines in VNI, typed byte by byte from the VNI chart.
const LINES_VNI: [&[u8]; 3] = [
    b"UBND XA\xD5 TA\xC2N LA\xC4P",
    b"Ho\xE4i ngh\xF2 to\xE5ng ke\xE1t co\xE2ng ta\xF9c na\xEAm 2024 cu\xFBa \xD1a\xFBng bo\xE4 xa\xF5 die\xE3n ra sa\xF9ng nay.",
    b"Ng\xF6\xF4\xF8i da\xE2n \xF1o\xF9ng go\xF9p h\xF4n 300 trie\xE4u \xF1o\xE0ng \xF1e\xE5 la\xF8m \xF1\xF6\xF4\xF8ng.",
];

#[test]
fn lines_encoded_by_hand_decode_right() {
    for (i, line) in LINES.iter().enumerate() {
        assert_eq!(decode(LINES_TCVN3[i], Encoding::Tcvn3).unwrap(), *line);
        assert_eq!(decode(LINES_VNI[i], Encoding::Vni).unwrap(), *line);
        // The encoder writes VNI exactly so; TCVN3 the same but for the
        // heading, whose capitals it writes in VN2.
        assert_eq!(encode(line, Encoding::Vni).unwrap(), LINES_VNI[i]);
        if i > 0 {
            assert_eq!(encode(line, Encoding::Tcvn3).unwrap(), LINES_TCVN3[i]);
        }
    }
    let all_tcvn3 = LINES_TCVN3.join(&b"\n"[..]);
    let found = detect(&all_tcvn3).unwrap();
    assert_eq!(found.encoding, Encoding::Tcvn3);
    assert_eq!(found.text, LINES.join("\n"));
    let all_vni = LINES_VNI.join(&b"\n"[..]);
    assert_eq!(detect(&all_vni).unwrap().encoding, Encoding::Vni);
}

// ---------------------------------------------------------------- detection

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("fixtures/encodings").join(name)).unwrap()
}

fn vietnamese() -> String {
    String::from_utf8(fixture("vi-utf8.txt")).unwrap()
}

#[test]
fn our_text_round_trips_and_is_detected_in_every_encoding() {
    let text = vietnamese();
    for e in Encoding::LEGACY {
        let bytes = encode(&text, e).unwrap();
        assert_eq!(decode(&bytes, e).unwrap(), text, "{e}");
        let found = detect(&bytes).unwrap();
        assert_eq!(found.encoding, e);
        assert_eq!(found.text, text, "{e}");
    }
}

#[test]
fn detection_declines_french_german_and_random_bytes() {
    for name in ["fr-latin1.txt", "de-cp1252.txt"] {
        let bytes = fixture(name);
        assert!(std::str::from_utf8(&bytes).is_err(), "{name} is not UTF-8");
        let err = detect(&bytes).unwrap_err();
        let (_, score) = err.best.unwrap();
        assert!(!score.is_vietnamese(), "{name}: {score}");
    }
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    for len in (1..200).map(|k| k * 37) {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 32) as u8
            })
            .collect();
        if std::str::from_utf8(&bytes).is_ok() {
            continue;
        }
        assert!(detect(&bytes).is_err(), "{len} random bytes were detected");
    }
}

/// Bytes as a Latin-1 reader shows them ("ViÖt").
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// As a Windows-1252 reader shows them: the punctuation of 80–9F too.
fn cp1252(bytes: &[u8]) -> String {
    latin1(bytes)
        .replace('\u{93}', "\u{201C}")
        .replace('\u{94}', "\u{201D}")
        .replace('\u{96}', "\u{2013}")
}

#[test]
fn mojibake_and_viqr_in_utf8_text_are_repaired() {
    let text = vietnamese();
    for e in [Encoding::Tcvn3, Encoding::Vni, Encoding::Cp1258] {
        let bytes = encode(&text, e).unwrap();
        for shown in [latin1(&bytes), cp1252(&bytes)] {
            let found = detect_text(&shown).unwrap();
            assert_eq!((found.encoding, found.text.as_ref()), (e, text.as_str()));
        }
    }
    let viqr = String::from_utf8(encode(&text, Encoding::Viqr).unwrap()).unwrap();
    assert_eq!(detect_text(&viqr).unwrap().encoding, Encoding::Viqr);
    // Unicode Vietnamese, French and English stay as they are.
    assert!(detect_text(&text).is_none());
    let french = latin1(&fixture("fr-latin1.txt"));
    assert!(detect_text(&french).is_none());
    assert!(detect_text("The file is at C:\\data\\d.txt, isn't it?").is_none());
    let (kept, enc) = read_field(french.clone(), EncodingChoice::Auto).unwrap();
    assert_eq!((kept, enc), (french, Some(Encoding::Utf8)));
}

// ---------------------------------------------------------------- properties

/// A Vietnamese syllable: onset, vowel letters, final, one tone.
fn syllable() -> impl Strategy<Value = String> {
    let onsets = prop::sample::select(vec![
        "", "b", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s",
        "t", "th", "tr", "v", "x",
    ]);
    let rhymes = prop::sample::select(vec![
        "a", "ai", "an", "anh", "ang", "ăn", "âu", "ây", "e", "en", "ê", "êu", "i", "in", "inh",
        "iêt", "iêng", "o", "oa", "oan", "oai", "ong", "ô", "ông", "ôi", "ơ", "ơi", "ơn", "u",
        "ua", "uân", "uy", "uyên", "ư", "ưa", "ương", "ươi", "y",
    ]);
    (onsets, rhymes, 0..6usize).prop_map(|(o, r, t)| {
        let mut s = String::from(o);
        // Tone on the first vowel of the rhyme.
        let mut toned = false;
        for c in r.chars() {
            s.push(c);
            if !toned && t > 0 && "aăâeêioôơuưy".contains(c) {
                s.push(TONES[t - 1]);
                toned = true;
            }
        }
        s.nfc().collect()
    })
}

/// Lines of syllables: small or capitalised words, or a line in capitals,
/// as Vietnamese is written; with punctuation, numbers and “quotes”.
fn vietnamese_text() -> impl Strategy<Value = String> {
    let word = (syllable(), 0..4u8).prop_map(|(s, case)| match case {
        0 => {
            let mut c = s.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        }
        _ => s,
    });
    let sep = prop::sample::select(vec![
        " ", " ", " ", ", ", ". ", "? ", " (", ") ", " “", "” ", " – ", " 2024 ",
    ]);
    let line = (prop::collection::vec((word, sep), 1..12), any::<bool>()).prop_map(|(ws, caps)| {
        let s: String = ws
            .into_iter()
            .flat_map(|(w, p)| [w, p.to_string()])
            .collect();
        if caps {
            s.to_uppercase()
        } else {
            s
        }
    });
    prop::collection::vec(line, 1..5).prop_map(|ls| ls.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_decode_or_fail_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for e in Encoding::ALL {
            match decode(&bytes, e) {
                Ok(text) => prop_assert_eq!(decode_lossy(&bytes, e), text),
                Err(err) => prop_assert!(err.offset < bytes.len()),
            }
        }
        // What detection returns for bytes that are not UTF-8 is the
        // lenient decoding in the encoding it names.
        if let (Ok(found), Err(_)) = (detect(&bytes), std::str::from_utf8(&bytes)) {
            prop_assert_eq!(found.text.into_owned(), decode_lossy(&bytes, found.encoding));
        }
        if let Some(found) = detect_text(&String::from_utf8_lossy(&bytes)) {
            prop_assert!(found.encoding != Encoding::Utf8);
        }
    }

    #[test]
    fn vietnamese_text_round_trips(text in vietnamese_text()) {
        for e in Encoding::ALL {
            let bytes = encode(&text, e).unwrap();
            prop_assert_eq!(decode(&bytes, e).unwrap(), text.clone(), "{}", e);
        }
    }
}

// ---------------------------------------------------------------- command line

static TMP: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory under the system's temporary directory.
fn temp_dir() -> PathBuf {
    let n = TMP.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("vietag-enc-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn spans(record: &Value) -> Vec<(u64, u64, String, String)> {
    record["entities"]
        .as_array()
        .unwrap_or_else(|| panic!("no entities: {record}"))
        .iter()
        .map(|e| {
            (
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
                e["label"].as_str().unwrap().to_string(),
                e["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn annotate_auto_gives_the_entities_of_the_utf8_text_in_every_encoding() {
    let dir = temp_dir();
    let text = vietnamese();
    std::fs::write(dir.join("0-utf8.txt"), &text).unwrap();
    for e in Encoding::LEGACY {
        std::fs::write(dir.join(format!("{e}.txt")), encode(&text, e).unwrap()).unwrap();
    }
    let out = vietag(
        &["annotate", "--encoding", "auto", dir.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out);
    assert_eq!(recs.len(), 5);
    let want = spans(&recs[0]);
    assert!(want.len() >= 10, "the fixture has entities: {want:?}");
    for r in &recs {
        let id = r["id"].as_str().unwrap();
        let name = id.rsplit('/').next().unwrap().trim_end_matches(".txt");
        let expected = if name == "0-utf8" { "utf8" } else { name };
        assert_eq!(r["encoding"], expected, "{id}");
        assert_eq!(spans(r), want, "{id}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("utf8 1, tcvn3 1, vni 1, cp1258 1, viqr 1"),
        "{stderr}"
    );
}

#[test]
fn annotate_by_default_detects_legacy_text_files_and_declines_the_rest() {
    let dir = temp_dir();
    std::fs::write(
        dir.join("a.txt"),
        encode(&vietnamese(), Encoding::Tcvn3).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("b-fr.txt"), fixture("fr-latin1.txt")).unwrap();
    std::fs::write(dir.join("c-de.txt"), fixture("de-cp1252.txt")).unwrap();
    std::fs::write(dir.join("d.txt"), vietnamese()).unwrap();
    let out = vietag(&["annotate", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    assert_eq!(recs[0]["encoding"], "tcvn3");
    for r in &recs[1..3] {
        assert_eq!(r["error"]["kind"], "invalid_utf8", "{r}");
        let msg = r["error"]["message"].as_str().unwrap();
        assert!(
            msg.contains("does not read as Vietnamese in TCVN3"),
            "{msg}"
        );
    }
    assert!(recs[3].get("encoding").is_none(), "UTF-8 read by default");
    assert!(recs[3]["entities"].is_array());
    // Asked for detection, the French and German files are declined.
    let out = vietag(
        &[
            "annotate",
            "--encoding",
            "auto",
            dir.join("b-fr.txt").to_str().unwrap(),
        ],
        None,
    );
    let rec = &records(&out)[0];
    assert_eq!(rec["error"]["kind"], "unknown_encoding");
    assert!(rec["error"]["message"]
        .as_str()
        .unwrap()
        .contains("b-fr.txt"));
}

#[test]
fn annotate_forced_encodings() {
    let dir = temp_dir();
    let vni = dir.join("vni.txt");
    std::fs::write(&vni, encode(&vietnamese(), Encoding::Vni).unwrap()).unwrap();
    let out = vietag(
        &["annotate", "--encoding", "vni", vni.to_str().unwrap()],
        None,
    );
    assert_eq!(records(&out)[0]["encoding"], "vni");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"Vi\xEA\xF2t \x81").unwrap();
    let out = vietag(
        &["annotate", "--encoding", "cp1258", bad.to_str().unwrap()],
        None,
    );
    let rec = &records(&out)[0];
    assert_eq!(rec["error"]["kind"], "invalid_encoding");
    assert!(rec["error"]["message"]
        .as_str()
        .unwrap()
        .contains("0x81 at offset 6"));
    let out = vietag(
        &["annotate", "--encoding", "koi8", bad.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn annotate_auto_repairs_jsonl_text_fields() {
    let text = vietnamese();
    let tcvn3 = latin1(&encode(&text, Encoding::Tcvn3).unwrap());
    let vni = cp1252(&encode(&text, Encoding::Vni).unwrap());
    let viqr = String::from_utf8(encode(&text, Encoding::Viqr).unwrap()).unwrap();
    let french = latin1(&fixture("fr-latin1.txt"));
    let lines: Vec<String> = [&text, &tcvn3, &vni, &viqr, &french]
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": i, "text": t}).to_string() + "\n")
        .collect();
    let input = lines.concat();
    let out = vietag(
        &["annotate", "--jsonl", "--encoding", "auto", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out);
    let encodings: Vec<&str> = recs
        .iter()
        .map(|r| r["encoding"].as_str().unwrap())
        .collect();
    assert_eq!(encodings, ["utf8", "tcvn3", "vni", "viqr", "utf8"]);
    for r in &recs[1..4] {
        assert_eq!(spans(r), spans(&recs[0]));
    }
    // Without --encoding the fields are taken as they are.
    let out = vietag(&["annotate", "--jsonl", "-"], Some(input.as_bytes()));
    let recs = records(&out);
    assert!(recs.iter().all(|r| r.get("encoding").is_none()));
    assert_ne!(spans(&recs[1]), spans(&recs[0]));
}

#[test]
fn convert_detects_writes_nfc_utf8_and_encodes_back() {
    let dir = temp_dir();
    let text = vietnamese();
    for e in Encoding::LEGACY {
        let legacy = dir.join(format!("in.{e}"));
        std::fs::write(&legacy, encode(&text, e).unwrap()).unwrap();
        let out_path = dir.join(format!("out.{e}.txt"));
        let out = vietag(
            &[
                "convert",
                legacy.to_str().unwrap(),
                "-o",
                out_path.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("read as {}", e.title())));
        assert_eq!(std::fs::read_to_string(&out_path).unwrap(), text);
        // And back: --to writes the bytes the encoder writes.
        let back = vietag(
            &[
                "convert",
                "--from",
                "utf8",
                "--to",
                e.name(),
                out_path.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(back.stdout, encode(&text, e).unwrap());
    }
    // NFD input comes out NFC.
    let nfd: String = text.nfd().collect();
    let out = vietag(&["convert", "--from", "utf8", "-"], Some(nfd.as_bytes()));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
}

#[test]
fn convert_refuses_what_it_cannot_read_or_write() {
    let dir = temp_dir();
    let fr = dir.join("fr.txt");
    std::fs::write(&fr, fixture("fr-latin1.txt")).unwrap();
    let target = dir.join("never.txt");
    let out = vietag(
        &[
            "convert",
            fr.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fr.txt: no Vietnamese encoding"));
    assert!(!target.exists(), "no output file for a refused input");
    let out = vietag(&["convert", "--from", "cp1258", "-"], Some(b"a\x81b"));
    assert_eq!(out.status.code(), Some(1));
    let out = vietag(
        &["convert", "--from", "cp1258", "--lossy", "-"],
        Some(b"a\x81b"),
    );
    assert_eq!(out.stdout, "a\u{FFFD}b".as_bytes());
    let out = vietag(
        &["convert", "--from", "utf8", "--to", "tcvn3", "-"],
        Some("Ω".as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no code in TCVN3"));
}
