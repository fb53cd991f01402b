//! Vietnamese number parsing for numeric claims.
//!
//! Covers digit tokens ("4.100", "58,9", "1,234,567"), numbers written in
//! words or mixed with digits ("hai mươi lăm", "một trăm linh năm",
//! "3 tỷ 200 triệu", "hai triệu rưỡi"), ranges ("từ 10 đến 15", "16-18") and
//! detection of tokens that merely look numeric (phone numbers, versions,
//! codes) so they are never reported as claims.
//!
//! Input must already be normalised: NFC, lower-case, spaces folded to ' '.
//! Every function is total: malformed or hostile input yields `None`/`false`,
//! never a panic, and the hot paths do not allocate.
//!
//! ```text
//! parse_numeral("4.100", Vietnamese)                       -> 4100   (decimals 0)
//! parse_numeral("58,9", Vietnamese)                        -> 58.9   (decimals 1)
//! parse_numeral("0271.3879.736", Vietnamese)               -> None   (phone number)
//! parse_number_words(&["hai", "mươi", "lăm", "đảng"], ..)  -> (25.0, 3)
//! parse_number_words(&["3", "tỷ", "200", "triệu"], ..)     -> (3.2e9, 4)
//! parse_range(&["từ", "10", "đến", "15", "%"], ..)         -> (10.0, 15.0, 4)
//! looks_like_identifier("0913 456 789")                    -> true
//! ```

/// Which separator the document uses for decimals. Vietnamese: ',' decimal, '.' thousands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DecimalStyle {
    /// ',' is the decimal point and '.' groups thousands ("1.234,5").
    #[default]
    Vietnamese,
    /// '.' is the decimal point and ',' groups thousands ("1,234.5").
    English,
}

impl DecimalStyle {
    /// The byte this style uses as decimal point.
    fn decimal_sep(self) -> u8 {
        match self {
            Self::Vietnamese => b',',
            Self::English => b'.',
        }
    }
}

/// A number read from one digit token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Numeral {
    /// The numeric value.
    pub value: f64,
    /// Digits written after the decimal separator (precision: 86,1 -> 1).
    pub decimals: u8,
}

/// Exact powers of ten; also bounds the number of decimals we accept.
const POW10: [f64; 19] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18,
];

/// Layout of a token made only of ASCII digits, '.' and ',' with no empty
/// digit group; computed in one pass so interpretation needs no allocation.
#[derive(Clone, Copy, Debug)]
struct Shape {
    /// Number of separators (groups = seps + 1).
    seps: usize,
    first_sep: u8,
    last_sep: u8,
    /// Every separator except the last equals the first one.
    uniform_prefix: bool,
    first_len: usize,
    /// The first group starts with '0'.
    first_zero: bool,
    /// Every group strictly between the first and the last has 3 digits.
    mid_all3: bool,
    last_len: usize,
}

impl Shape {
    /// The first group can open a thousands grouping: 1-3 digits, no leading zero.
    fn head_ok(&self) -> bool {
        (1..=3).contains(&self.first_len) && !self.first_zero
    }

    /// All separators are one thousands separator with 3-digit groups ("1.234.567").
    fn pure_grouping(&self) -> bool {
        self.seps >= 1
            && self.head_ok()
            && self.uniform_prefix
            && self.mid_all3
            && self.last_sep == self.first_sep
            && self.last_len == 3
    }

    /// Thousands groups then a different, decimal separator ("2.000,5", "1,234.5").
    fn grouping_then_decimal(&self) -> bool {
        self.seps >= 2
            && self.head_ok()
            && self.uniform_prefix
            && self.mid_all3
            && self.last_sep != self.first_sep
    }
}

/// Scans a digit token; `None` if it has other characters or empty groups.
fn shape(token: &str) -> Option<Shape> {
    let bytes = token.as_bytes();
    let mut s = Shape {
        seps: 0,
        first_sep: 0,
        last_sep: 0,
        uniform_prefix: true,
        first_len: 0,
        first_zero: bytes.first() == Some(&b'0'),
        mid_all3: true,
        last_len: 0,
    };
    let mut run = 0usize;
    for &c in bytes {
        match c {
            b'0'..=b'9' => run += 1,
            b'.' | b',' => {
                if run == 0 {
                    return None; // leading or doubled separator
                }
                if s.seps == 0 {
                    s.first_len = run;
                    s.first_sep = c;
                } else {
                    s.mid_all3 &= run == 3;
                    // The previous separator is now known not to be the last one.
                    s.uniform_prefix &= s.last_sep == s.first_sep;
                }
                s.last_sep = c;
                s.seps += 1;
                run = 0;
            }
            _ => return None,
        }
    }
    if run == 0 {
        return None; // empty token or trailing separator
    }
    if s.seps == 0 {
        s.first_len = run;
    }
    s.last_len = run;
    Some(s)
}

/// Whether the last group is a decimal fraction under `style`; `None` if malformed.
fn last_group_is_decimal(s: &Shape, style: DecimalStyle) -> Option<bool> {
    match s.seps {
        0 => Some(false),
        // A lone separator is a decimal point unless it is the style's thousands
        // separator followed by exactly 3 digits ("4.100" vs "3.5", "86.1").
        1 => Some(s.last_sep == style.decimal_sep() || !s.pure_grouping()),
        // Two or more separators are only valid as an unambiguous grouping.
        _ if s.pure_grouping() => Some(false),
        _ if s.grouping_then_decimal() => Some(true),
        _ => None,
    }
}

/// Parses one digit token such as "4.100", "58,9", "1.234.567", "05", "1,234,567", "3.5", "0,5".
///
/// Vietnamese style: '.' groups thousands, ',' is the decimal point. A single
/// '.' not followed by exactly 3 digits ("3.5", "86.1") is read as a decimal
/// point because web text mixes styles; English style mirrors this ("3,5" =
/// 3.5, "4,100" = 4100). Multi-separator groupings ("1,234,567", "2.000,5")
/// are unambiguous and accepted in both styles. Returns `None` for malformed,
/// phone-like or code-like tokens ("0271.3879.736", "1.2.3", "1..2", "12-3"),
/// for signs, and for values needing more than 19 digits or 18 decimals.
pub fn parse_numeral(token: &str, style: DecimalStyle) -> Option<Numeral> {
    let s = shape(token)?;
    if numeral_is_identifier(token.as_bytes(), &s) {
        return None;
    }
    let has_decimals = last_group_is_decimal(&s, style)?;
    // A long integer part with a leading zero is a code, not a number ("0271.3879").
    if s.first_zero && s.first_len >= 4 {
        return None;
    }
    let decimals = if has_decimals { s.last_len } else { 0 };
    let divisor = *POW10.get(decimals)?;
    let mut mantissa: u64 = 0;
    for c in token.bytes().filter(u8::is_ascii_digit) {
        mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(Numeral {
        value: mantissa as f64 / divisor,
        decimals: u8::try_from(decimals).ok()?,
    })
}

/// The decimal separator a token proves, whatever the style ("58,9" -> ',',
/// "1,234,567" -> '.'); `None` for ambiguous tokens like "4.100".
fn proven_decimal_sep(s: &Shape) -> Option<u8> {
    match s.seps {
        0 => None,
        1 if s.pure_grouping() => None,
        1 => Some(s.last_sep),
        _ if s.pure_grouping() => Some(if s.first_sep == b'.' { b',' } else { b'.' }),
        _ if s.grouping_then_decimal() => Some(s.last_sep),
        _ => None,
    }
}

/// Guesses the document's decimal style from its digit tokens.
///
/// Counts tokens that can only be read one way ("58,9", "1.234.567",
/// "2.000,5" vote Vietnamese; "3.5", "1,234,567" vote English); ambiguous
/// tokens ("4.100") and identifiers are ignored. Surrounding punctuation such
/// as "(3,5%)" is trimmed. Ties and no evidence give Vietnamese.
pub fn guess_style<'a>(tokens: impl IntoIterator<Item = &'a str>) -> DecimalStyle {
    let (mut vi, mut en) = (0u64, 0u64);
    for token in tokens {
        let t = token.trim_matches(|c: char| !c.is_ascii_digit());
        // Without a separator a token proves nothing: skip the checks.
        let Some(s) = shape(t).filter(|s| s.seps > 0) else {
            continue;
        };
        if looks_like_identifier(token) || parse_numeral(t, DecimalStyle::Vietnamese).is_none() {
            continue;
        }
        match proven_decimal_sep(&s) {
            Some(b',') => vi = vi.saturating_add(1),
            Some(b'.') => en = en.saturating_add(1),
            _ => {}
        }
    }
    if en > vi {
        DecimalStyle::English
    } else {
        DecimalStyle::Vietnamese
    }
}

/// True for tokens that are never a numeric claim on their own.
///
/// Recognised: phone numbers (10-11 digits starting with 0, optionally grouped
/// by '.', ' ', '-' or parentheses; "+" followed by 9-13 digits; 1800/1900
/// hotlines of 8 or 10 digits grouped by ' ' or '.'), versions and IP-like
/// dotted strings whose groups are not all 3 digits ("1.2.3", "192.168.1.1",
/// "v2.0"), all-digit codes of 4+ digits with a leading zero ("0123") and
/// codes starting with an ASCII letter that contain a digit ("covid-19",
/// "mh370"). A valid thousands grouping such as "1.000.000.000" is a number.
pub fn looks_like_identifier(token: &str) -> bool {
    let t = token.trim();
    let bytes = t.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if first.is_ascii_alphabetic() {
        return bytes.iter().any(u8::is_ascii_digit)
            && bytes
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'/'));
    }
    match shape(t) {
        Some(s) => numeral_is_identifier(bytes, &s),
        // Not digits with '.' and ',' alone: only a phone number is left.
        None => is_phone(bytes),
    }
}

/// [`looks_like_identifier`] for a token of digits, '.' and ',' whose
/// [`shape`] is `s`: [`parse_numeral`] has the shape already, so the token
/// is not scanned again.
fn numeral_is_identifier(bytes: &[u8], s: &Shape) -> bool {
    // Every phone number has 8, 10 or 11 digits.
    let digits = bytes.len() - s.seps;
    if matches!(digits, 8 | 10 | 11) && is_phone(bytes) {
        return true;
    }
    if s.seps == 0 {
        return s.first_zero && bytes.len() >= 4;
    }
    s.seps >= 2
        && s.uniform_prefix
        && s.first_sep == b'.'
        && s.last_sep == b'.'
        && !s.pure_grouping()
}

/// Phone-number test on raw bytes (see [`looks_like_identifier`]).
fn is_phone(bytes: &[u8]) -> bool {
    let (plus, rest) = match bytes.split_first() {
        Some((b'+', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut digits = 0usize;
    let mut first_digit = None;
    let mut dash_or_paren = false;
    for &c in rest {
        match c {
            b'0'..=b'9' => {
                first_digit.get_or_insert(c);
                digits += 1;
            }
            b' ' | b'.' => {}
            b'-' | b'(' | b')' => dash_or_paren = true,
            _ => return false,
        }
    }
    if plus {
        return (9..=13).contains(&digits);
    }
    if first_digit == Some(b'0') && (10..=11).contains(&digits) {
        return true;
    }
    !dash_or_paren
        && (rest.starts_with(b"1900") || rest.starts_with(b"1800"))
        && (digits == 8 || digits == 10)
}

/// Multiplier of a scale word: "trăm" 100, "nghìn"/"ngàn" 1e3, "vạn" 1e4,
/// "triệu" 1e6, "tỷ"/"tỉ" 1e9.
pub fn scale_word(w: &str) -> Option<f64> {
    if w == "trăm" {
        Some(100.0)
    } else {
        big_scale(w)
    }
}

/// Scale words that close a group of up to three digits (thousands and above).
fn big_scale(w: &str) -> Option<f64> {
    match w {
        "nghìn" | "ngàn" => Some(1e3),
        "vạn" => Some(1e4),
        "triệu" => Some(1e6),
        "tỷ" | "tỉ" => Some(1e9),
        _ => None,
    }
}

/// Plain digit words 1-9 ("tư", "mốt", "lăm" are context-bound, handled apart).
fn unit_word(w: &str) -> Option<f64> {
    let v = match w {
        "một" => 1.0,
        "hai" => 2.0,
        "ba" => 3.0,
        "bốn" => 4.0,
        "năm" => 5.0,
        "sáu" => 6.0,
        "bảy" | "bẩy" => 7.0,
        "tám" => 8.0,
        "chín" => 9.0,
        _ => return None,
    };
    Some(v)
}

/// "rưỡi" (and the common misspelling "rưởi"): half of the preceding scale.
fn is_half(w: &str) -> bool {
    matches!(w, "rưỡi" | "rưởi")
}

/// "linh"/"lẻ": marks a zero tens digit ("một trăm linh năm" = 105).
fn is_linh(w: &str) -> bool {
    matches!(w, "linh" | "lẻ")
}

/// Tokens beginning with an ASCII digit are handed to [`parse_numeral`].
fn is_digit_token(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// Maximum number of scale parts kept (scales strictly decrease, so few are needed).
const MAX_PARTS: usize = 8;

/// Position inside the group (value below the next scale word) being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    /// Nothing read yet.
    Start,
    /// "không", waiting for "trăm".
    Zero,
    /// A digit word ("hai"): may take trăm, mươi, chục or a scale.
    Unit,
    /// A digit token ("200"): may take trăm/chục (if < 10) or a scale.
    Digits,
    /// "X trăm".
    Hundred,
    /// "X trăm D": only "mươi" may follow ("hai trăm năm mươi").
    HundredUnit,
    /// "linh"/"lẻ": waiting for a digit.
    Linh,
    /// "mười": may take a unit (not "năm").
    Ten,
    /// "D mươi": may take a unit, "mốt", "tư", "lăm" (not "năm").
    Tens,
    /// Group complete; only a scale word may follow.
    Closed,
    /// Right after a thousands-or-more scale word.
    Big,
    /// After "`<scale>` rưỡi": nothing may follow.
    End,
}

/// Word-by-word number reader; values are kept as scale parts plus the current group.
struct Reader {
    style: DecimalStyle,
    /// (value already multiplied, scale word) in strictly decreasing scale order.
    parts: [(f64, f64); MAX_PARTS],
    n: usize,
    cur: f64,
    st: St,
    /// The current group started right after a scale word, so a bare digit
    /// there is an elliptic form ("hai nghìn ba") and not a complete number.
    after_big: bool,
    /// The hundreds digit was "không" (so "trăm rưỡi" is meaningless).
    zero_hundred: bool,
    /// Last digit word read in the `HundredUnit` state.
    unit: f64,
    last_big: f64,
}

impl Reader {
    fn new(style: DecimalStyle) -> Self {
        Reader {
            style,
            parts: [(0.0, 0.0); MAX_PARTS],
            n: 0,
            cur: 0.0,
            st: St::Start,
            after_big: false,
            zero_hundred: false,
            unit: 0.0,
            last_big: 0.0,
        }
    }

    fn total(&self) -> f64 {
        self.parts.iter().take(self.n).map(|p| p.0).sum::<f64>() + self.cur
    }

    /// True when the words read so far form a complete number.
    fn accepting(&self) -> bool {
        match self.st {
            St::Start | St::Zero | St::HundredUnit | St::Linh => false,
            St::Unit | St::Digits => !self.after_big,
            // "không trăm" alone adds nothing and needs a tail ("không trăm linh năm").
            St::Hundred => !self.zero_hundred,
            _ => true,
        }
    }

    /// Applies a scale word: the current group plus any smaller parts are
    /// multiplied ("hai nghìn ba trăm tỷ" = 2300 tỷ). Rejects a result that is
    /// not smaller than the previous part's scale ("hai tỷ ba tỷ").
    fn apply_scale(&mut self, scale: f64) -> bool {
        let mut v = self.cur;
        let mut n = self.n;
        while n > 0 && self.parts[n - 1].1 < scale {
            v += self.parts[n - 1].0;
            n -= 1;
        }
        let value = v * scale;
        if v <= 0.0 || !value.is_finite() || n >= MAX_PARTS {
            return false;
        }
        if n > 0 && (self.parts[n - 1].1 <= scale || value >= self.parts[n - 1].1) {
            return false;
        }
        self.parts[n] = (value, scale);
        self.n = n + 1;
        self.cur = 0.0;
        self.st = St::Big;
        self.last_big = scale;
        true
    }

    /// Starts a group (at the beginning or after a scale word).
    fn start_group(&mut self, w: &str) -> bool {
        let after = self.st == St::Big;
        if let Some(u) = unit_word(w) {
            self.cur = u;
            self.st = St::Unit;
        } else if w == "mười" {
            self.cur = 10.0;
            self.st = St::Ten;
        } else if is_digit_token(w) {
            match parse_numeral(w, self.style) {
                Some(n) => {
                    self.cur = n.value;
                    self.st = St::Digits;
                }
                None => return false,
            }
        } else if after && w == "không" {
            self.st = St::Zero;
        } else if after && is_linh(w) {
            self.st = St::Linh;
        } else {
            return false;
        }
        self.after_big = after;
        true
    }

    /// Adds a final digit to a group and closes it.
    fn close_with(&mut self, d: Option<f64>) -> bool {
        match d {
            Some(d) => {
                self.cur += d;
                self.st = St::Closed;
                true
            }
            None => false,
        }
    }

    /// Consumes one word; false if it cannot continue the number.
    fn step(&mut self, w: &str) -> bool {
        if let Some(scale) = big_scale(w) {
            return self.after_big_scale(scale);
        }
        match self.st {
            St::Big if is_half(w) => self.add_half_of_last_scale(),
            St::Start | St::Big => self.start_group(w),
            St::Zero if w == "trăm" => {
                self.cur = 0.0;
                self.zero_hundred = true;
                self.st = St::Hundred;
                true
            }
            St::Unit | St::Digits if w == "trăm" && self.cur > 0.0 && self.cur < 10.0 => {
                self.cur *= 100.0;
                self.zero_hundred = false;
                self.st = St::Hundred;
                true
            }
            St::Unit | St::Digits if w == "chục" && self.cur > 0.0 && self.cur < 10.0 => {
                self.cur *= 10.0;
                self.st = St::Closed;
                true
            }
            St::Unit if w == "mươi" && self.cur >= 2.0 => {
                self.cur *= 10.0;
                self.st = St::Tens;
                true
            }
            St::Hundred => self.after_hundred(w),
            St::HundredUnit if w == "mươi" && self.unit >= 2.0 => {
                self.cur += self.unit * 9.0; // the unit becomes the tens digit
                self.st = St::Tens;
                true
            }
            St::Linh => self.close_with(if w == "tư" { Some(4.0) } else { unit_word(w) }),
            St::Ten => self.close_with(digit_after_muoi(w)),
            St::Tens => self.close_with(digit_after_tens(w)),
            _ => false,
        }
    }

    /// A scale word ("nghìn", "triệu", "tỷ"): closes the current group, or
    /// compounds with the previous scale when it is larger ("nghìn tỷ").
    fn after_big_scale(&mut self, scale: f64) -> bool {
        match self.st {
            St::Unit | St::Digits | St::Hundred | St::Ten | St::Tens | St::Closed => {
                self.apply_scale(scale)
            }
            // Compound scales: "nghìn tỷ", "trăm nghìn" is handled by Hundred.
            St::Big if scale > self.last_big => self.apply_scale(scale),
            _ => false,
        }
    }

    /// "rưỡi" right after a scale word adds half of that scale ("hai triệu
    /// rưỡi") and ends the number.
    fn add_half_of_last_scale(&mut self) -> bool {
        if let Some(last) = self.n.checked_sub(1).and_then(|i| self.parts.get_mut(i)) {
            last.0 += self.last_big / 2.0;
        }
        self.st = St::End;
        true
    }

    /// The word after "trăm": a unit, "mười", "linh"/"lẻ", or "rưỡi".
    fn after_hundred(&mut self, w: &str) -> bool {
        if let Some(u) = unit_word(w) {
            self.unit = u;
            self.cur += u;
            self.st = St::HundredUnit;
        } else if w == "mười" {
            self.cur += 10.0;
            self.st = St::Ten;
        } else if is_linh(w) {
            self.st = St::Linh;
        } else if is_half(w) && !self.zero_hundred {
            self.cur += 50.0;
            self.st = St::Closed;
        } else {
            return false;
        }
        true
    }
}

/// The last digit after "mười" (10..19), if `w` is one.
fn digit_after_muoi(w: &str) -> Option<f64> {
    match w {
        "năm" => None, // "mười năm" is "ten years"; 15 is "mười lăm"
        "lăm" | "nhăm" => Some(5.0),
        _ => unit_word(w),
    }
}

/// The last digit after "`<unit>` mươi" (20..99), if `w` is one.
fn digit_after_tens(w: &str) -> Option<f64> {
    match w {
        "năm" => None, // "hai mươi năm" is "twenty years"
        "lăm" | "nhăm" => Some(5.0),
        "mốt" => Some(1.0),
        "tư" => Some(4.0),
        _ => unit_word(w),
    }
}

/// Longest valid number prefix, without the "năm" (year) guard.
fn read_number(words: &[&str], style: DecimalStyle) -> Option<(f64, usize)> {
    let first = *words.first()?;
    if first == "nửa" {
        let scale = words.get(1).and_then(|w| scale_word(w))?;
        return Some((scale / 2.0, 2));
    }
    let mut r = Reader::new(style);
    let mut best = None;
    for (i, w) in words.iter().enumerate() {
        if !r.step(w) {
            break;
        }
        if r.accepting() {
            best = Some((r.total(), i + 1));
        }
    }
    best
}

/// Value of a number written in words and/or digits with scale words,
/// starting at `words[0]`; returns (value, words consumed) for the longest
/// valid prefix, or `None` if `words[0]` does not start a number.
///
/// Digit words một..chín, "mười", "D mươi" (+ "mốt", "tư", "lăm"/"nhăm"),
/// "không trăm", "linh"/"lẻ", "trăm", "chục", nghìn/ngàn, vạn, triệu, tỷ/tỉ,
/// "rưỡi" (half the preceding scale), "nửa `<scale>`", and digit tokens read
/// with [`parse_numeral`] ("1,5 triệu", "3 tỷ 200 triệu"). "năm" after
/// "mười"/"mươi" is not 5 ("mười năm" = ten years). Elliptic tails
/// ("hai nghìn ba", "một trăm hai") are not consumed: the prefix before them is
/// returned. "năm" followed by a digit token or by a number ≥ 1000 is a year
/// noun and gives `None`.
pub fn parse_number_words(words: &[&str], style: DecimalStyle) -> Option<(f64, usize)> {
    let year_noun = words.first() == Some(&"năm");
    if year_noun && words.get(1).is_some_and(|w| is_digit_token(w)) {
        return None;
    }
    let (value, used) = read_number(words, style)?;
    if year_noun && used == 1 {
        let next = words.get(1..).and_then(|rest| read_number(rest, style));
        if next.is_some_and(|(v, _)| v >= 1000.0) {
            return None; // "năm hai nghìn" = the year 2000
        }
    }
    Some((value, used))
}

/// Range joiners between two numbers.
fn is_joiner(w: &str) -> bool {
    matches!(w, "đến" | "-" | "–")
}

/// Splits "16-18" / "16–18" into two numerals; exactly one dash allowed.
fn split_dash(token: &str, style: DecimalStyle) -> Option<(f64, f64)> {
    let (i, dash) = token.char_indices().find(|&(_, c)| c == '-' || c == '–')?;
    let left = token.get(..i)?;
    let right = token.get(i + dash.len_utf8()..)?;
    if right.contains(['-', '–']) {
        return None;
    }
    Some((
        parse_numeral(left, style)?.value,
        parse_numeral(right, style)?.value,
    ))
}

/// Product of the increasing run of scale words at the start of `words`
/// ("triệu" -> 1e6, "trăm nghìn" -> 1e5) and how many words it spans.
fn leading_scales(words: &[&str]) -> (f64, usize) {
    let (mut factor, mut used, mut prev) = (1.0, 0, 0.0);
    for w in words {
        match scale_word(w) {
            Some(s) if s > prev => {
                factor *= s;
                prev = s;
                used += 1;
            }
            _ => break,
        }
    }
    (factor, used)
}

/// Product of the scale words ending `words` ("3 triệu" -> 1e6, "3 nghìn tỷ" -> 1e12).
fn trailing_scales(words: &[&str]) -> f64 {
    let (mut factor, mut prev) = (1.0, f64::INFINITY);
    for w in words.iter().rev() {
        match scale_word(w) {
            Some(s) if s < prev => {
                factor *= s;
                prev = s;
            }
            _ => break,
        }
    }
    factor
}

/// A range: "10-15", "10 - 15", "10–15", "từ 10 đến 15", "10 đến 15" with an
/// optional leading "từ"; returns (low, high, words consumed).
///
/// Joiners are only "đến", "-" and "–". Trailing scale words are shared when
/// the low end has none and the result stays ordered ("từ 2 đến 3 triệu" =
/// 2e6..3e6, "2-3 triệu" = 2e6..3e6, but "500 đến 1 triệu" = 500..1e6).
/// `None` when high < low or no joiner follows the first number.
pub fn parse_range(words: &[&str], style: DecimalStyle) -> Option<(f64, f64, usize)> {
    let skip = usize::from(words.first() == Some(&"từ"));
    let rest = words.get(skip..)?;
    let first = *rest.first()?;
    if let Some((lo, hi)) = split_dash(first, style) {
        let (factor, used) = rest.get(1..).map_or((1.0, 0), leading_scales);
        let (lo, hi) = (lo * factor, hi * factor);
        return (lo <= hi).then_some((lo, hi, skip + 1 + used));
    }
    let low = parse_number_words(rest, style)?;
    range_after(rest, low, style).map(|(lo, hi, n)| (lo, hi, skip + n))
}

/// The range of `words` whose low end, `(value, words)` as
/// [`parse_number_words`] read it, starts them: a joiner and the high end
/// follow. (low, high, words consumed).
fn range_after(
    words: &[&str],
    (a, na): (f64, usize),
    style: DecimalStyle,
) -> Option<(f64, f64, usize)> {
    if !words.get(na).is_some_and(|w| is_joiner(w)) {
        return None;
    }
    let b_words = words.get(na + 1..)?;
    let (hi, nb) = parse_number_words(b_words, style)?;
    let a_scaled = words
        .get(..na)
        .is_some_and(|a| a.iter().any(|w| scale_word(w).is_some() || *w == "chục"));
    let factor = b_words.get(..nb).map_or(1.0, trailing_scales);
    let lo = if !a_scaled && factor > 1.0 && a * factor <= hi {
        a * factor
    } else {
        a
    };
    (lo <= hi).then_some((lo, hi, na + 1 + nb))
}

/// [`parse_range`], else [`parse_number_words`]: (low, high of a range,
/// words consumed). Unless the words start with "từ" or a dashed number,
/// which only [`parse_range`] reads, a range starts with the first number:
/// it is read once, for the range and for the number alone.
pub(crate) fn parse_range_or_number(
    words: &[&str],
    style: DecimalStyle,
) -> Option<(f64, Option<f64>, usize)> {
    let first = *words.first()?;
    if first == "từ" || first.contains(['-', '–']) {
        return match parse_range(words, style) {
            Some((lo, hi, n)) => Some((lo, Some(hi), n)),
            None => parse_number_words(words, style).map(|(v, n)| (v, None, n)),
        };
    }
    let (v, n) = parse_number_words(words, style)?;
    Some(match range_after(words, (v, n), style) {
        Some((lo, hi, used)) => (lo, Some(hi), used),
        None => (v, None, n),
    })
}

/// True if a reader of this module may read on past the word `w`: a digit
/// token, or a word its grammar names (number, scale, joiner, "từ",
/// "nửa" ...). Every reader stops at the first word that is none of these,
/// so a caller that reads a number's words from the text needs to read
/// only up to that word (a test checks the readers against it).
pub(crate) fn may_read_past(w: &str) -> bool {
    is_digit_token(w)
        || scale_word(w).is_some()
        || unit_word(w).is_some()
        || is_half(w)
        || is_linh(w)
        || is_joiner(w)
        || matches!(
            w,
            "mười" | "mươi" | "chục" | "không" | "tư" | "lăm" | "nhăm" | "mốt" | "nửa" | "từ"
        )
}

/// The value of an unsigned decimal number of at most 9 ASCII digits.
#[inline]
pub(crate) fn int(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The value of an upper-case Roman numeral in canonical form ("XII" →
/// 12), 1 to 3999. "IIII" or "IC" are not numerals.
pub(crate) fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let val = |c: u8| match c {
        b'I' => Some(1u32),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        b'C' => Some(100),
        b'D' => Some(500),
        b'M' => Some(1000),
        _ => None,
    };
    let bytes = s.as_bytes();
    let mut total: i64 = 0;
    for (k, &b) in bytes.iter().enumerate() {
        let v = i64::from(val(b)?);
        let next = match bytes.get(k + 1) {
            Some(&n) => i64::from(val(n)?),
            None => 0,
        };
        if v < next {
            total -= v;
        } else {
            total += v;
        }
    }
    let total = u32::try_from(total).ok()?;
    if !(1..4000).contains(&total) {
        return None;
    }
    let mut canon = String::with_capacity(s.len());
    write_roman(total, &mut canon);
    (canon == s).then_some(total)
}

fn write_roman(mut n: u32, out: &mut String) {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    for &(v, r) in &TABLE {
        while n >= v {
            out.push_str(r);
            n -= v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalStyle::{English, Vietnamese};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').filter(|w| !w.is_empty()).collect()
    }

    #[test]
    fn numeral_vietnamese_style() {
        let cases: &[(&str, f64, u8)] = &[
            ("4.100", 4100.0, 0),
            ("58,9", 58.9, 1),
            ("1.234.567", 1_234_567.0, 0),
            ("05", 5.0, 0),
            ("007", 7.0, 0),
            ("0", 0.0, 0),
            ("100", 100.0, 0),
            ("2021", 2021.0, 0),
            ("1,234,567", 1_234_567.0, 0),
            ("3.5", 3.5, 1),
            ("86.1", 86.1, 1),
            ("86,1", 86.1, 1),
            ("0,5", 0.5, 1),
            ("0.5", 0.5, 1),
            ("0.500", 0.5, 3),
            ("2.000,5", 2000.5, 1),
            ("1.000.000", 1_000_000.0, 0),
            ("1.000.000,25", 1_000_000.25, 2),
            ("1,234.5", 1234.5, 1),
            ("1,234,567.89", 1_234_567.89, 2),
            ("4,100", 4.1, 3),
            ("12,345", 12.345, 3),
            ("1234.5", 1234.5, 1),
            ("1234,5", 1234.5, 1),
            ("12.34", 12.34, 2),
            ("999.999.999.999", 999_999_999_999.0, 0),
            ("10.000.000.000", 1e10, 0),
            ("1.000.000.000", 1e9, 0),
            ("192.168.100.200", 192_168_100_200.0, 0),
            ("18446744073709551615", 18_446_744_073_709_551_615.0, 0),
            ("0,000000000000000001", 1e-18, 18),
        ];
        for &(tok, value, decimals) in cases {
            let n = parse_numeral(tok, Vietnamese).unwrap_or_else(|| panic!("{tok} -> None"));
            assert!(close(n.value, value), "{tok}: {} != {value}", n.value);
            assert_eq!(n.decimals, decimals, "{tok}");
        }
    }

    #[test]
    fn numeral_english_style() {
        let cases: &[(&str, f64, u8)] = &[
            ("3.5", 3.5, 1),
            ("4,100", 4100.0, 0),
            ("4.100", 4.1, 3),
            ("1,234,567", 1_234_567.0, 0),
            ("1.234.567", 1_234_567.0, 0),
            ("1,234.5", 1234.5, 1),
            ("2.000,5", 2000.5, 1),
            ("58,9", 58.9, 1),
            ("0,5", 0.5, 1),
            ("0,500", 0.5, 3),
            ("100", 100.0, 0),
            ("05", 5.0, 0),
        ];
        for &(tok, value, decimals) in cases {
            let n = parse_numeral(tok, English).unwrap_or_else(|| panic!("{tok} -> None"));
            assert!(close(n.value, value), "{tok}: {} != {value}", n.value);
            assert_eq!(n.decimals, decimals, "{tok}");
        }
    }

    #[test]
    fn numeral_rejects() {
        let bad = [
            "",
            ".",
            ",",
            "..",
            "0271.3879.736",
            "1.2.3",
            "192.168.1.1",
            "10.0.0.1",
            "1,2,3",
            "1..2",
            "1,,2",
            "12-3",
            ".5",
            "5.",
            "5,",
            ",5",
            "1.23.456",
            "12.34.567",
            "1.234.56",
            "1234.567.890",
            "1.234,567.8",
            "1,234.567,8",
            "1.234,56,7",
            "0.500.000",
            "0913456789",
            "0271.3879",
            "0123",
            "0000",
            "abc",
            "1 000",
            "+5",
            "-5",
            "1e5",
            "3%",
            "v2.0",
            "１２３",
            "12345678901234567890123",
            "18446744073709551616",
            "0,0000000000000000001",
            "1/2",
            "10:30",
        ];
        for tok in bad {
            assert_eq!(parse_numeral(tok, Vietnamese), None, "{tok:?} (vi)");
            assert_eq!(parse_numeral(tok, English), None, "{tok:?} (en)");
        }
    }

    #[test]
    fn numeral_overflow_is_none_not_panic() {
        let long = "9".repeat(10_000);
        assert_eq!(parse_numeral(&long, Vietnamese), None);
        let grouped = format!("1{}", ".000".repeat(5_000));
        assert_eq!(parse_numeral(&grouped, Vietnamese), None);
        let decimals = format!("0,{}", "1".repeat(300));
        assert_eq!(parse_numeral(&decimals, Vietnamese), None);
        // 19 significant digits still fit.
        assert!(parse_numeral("1.000.000.000.000.000.000", Vietnamese).is_some());
        assert_eq!(
            parse_numeral("100.000.000.000.000.000.000", Vietnamese),
            None
        );
    }

    #[test]
    fn guess_style_cases() {
        let cases: &[(&[&str], DecimalStyle)] = &[
            (&[], Vietnamese),
            (&["58,9", "1.234.567"], Vietnamese),
            (&["2.000,5"], Vietnamese),
            (&["0,500"], Vietnamese),
            (&["3.5", "1,234,567"], English),
            (&["3.5"], English),
            (&["1,234.5"], English),
            (&["0.500"], English),
            (&["(3.5%)", "2.25,"], English),
            (&["4.100", "4,100"], Vietnamese),
            (&["3.5", "58,9"], Vietnamese),
            (&["3.5", "2.5", "58,9"], English),
            (
                &["0271.3879.736", "1.2.3", "v2.0", "192.168.1.1"],
                Vietnamese,
            ),
            (&["1.2", "hai", "", "..", "1/2/2021"], English),
            (&["86,1", "1.000", "3.5"], Vietnamese),
        ];
        for &(tokens, want) in cases {
            assert_eq!(guess_style(tokens.iter().copied()), want, "{tokens:?}");
        }
        let owned = [String::from("1,234,567"), String::from("3.25")];
        assert_eq!(guess_style(owned.iter().map(String::as_str)), English);
    }

    #[test]
    fn identifiers() {
        let yes = [
            "0271.3879.736",
            "0913 456 789",
            "0913-456-789",
            "0913.456.789",
            "0913456789",
            "09134567890",
            "+84 913 456 789",
            "+84913456789",
            "(028) 3879 7360",
            "1900 1234",
            "1800.1234",
            "19001234",
            "1.2.3",
            "192.168.1.1",
            "10.0.0.1",
            "1.2.3.4.5",
            "v2.0",
            "v2",
            "v1.2.3",
            "0123",
            "00001",
            "0913",
            "covid-19",
            "mh370",
            "h5n1",
            "  0913456789  ",
        ];
        for tok in yes {
            assert!(
                looks_like_identifier(tok),
                "{tok:?} should be an identifier"
            );
        }
        let no = [
            "",
            " ",
            "1.234.567",
            "1.000.000.000",
            "192.168.100.200",
            "4.100",
            "58,9",
            "05",
            "007",
            "100",
            "2021",
            "0,5",
            "0.5",
            "3.5",
            "1,234,567",
            "1,2,3",
            "2020-2021",
            "16-18",
            "1800-1900",
            "12345678",
            "v",
            "năm",
            "hai",
            "-",
            "+",
            "+84",
        ];
        for tok in no {
            assert!(
                !looks_like_identifier(tok),
                "{tok:?} should not be an identifier"
            );
        }
    }

    #[test]
    fn scale_words() {
        let cases = [
            ("trăm", Some(100.0)),
            ("nghìn", Some(1e3)),
            ("ngàn", Some(1e3)),
            ("vạn", Some(1e4)),
            ("triệu", Some(1e6)),
            ("tỷ", Some(1e9)),
            ("tỉ", Some(1e9)),
            ("chục", None),
            ("mươi", None),
            ("", None),
            ("Triệu", None),
        ];
        for (w, want) in cases {
            assert_eq!(scale_word(w), want, "{w}");
        }
    }

    #[test]
    fn number_words_values() {
        let cases: &[(&str, f64, usize)] = &[
            ("hai mươi lăm đảng viên", 25.0, 3),
            ("mười lăm", 15.0, 2),
            ("mười nhăm", 15.0, 2),
            ("mười", 10.0, 1),
            ("mười một", 11.0, 2),
            ("mười hai", 12.0, 2),
            ("mười bốn", 14.0, 2),
            ("hai mươi", 20.0, 2),
            ("hai mươi mốt", 21.0, 3),
            ("hai mươi một", 21.0, 3),
            ("hai mươi tư", 24.0, 3),
            ("hai mươi bốn", 24.0, 3),
            ("hai mươi nhăm", 25.0, 3),
            ("năm mươi", 50.0, 2),
            ("chín mươi chín", 99.0, 3),
            ("một", 1.0, 1),
            ("năm", 5.0, 1),
            ("bảy", 7.0, 1),
            ("bẩy", 7.0, 1),
            ("một trăm", 100.0, 2),
            ("ba trăm", 300.0, 2),
            ("một trăm linh năm", 105.0, 4),
            ("một trăm lẻ năm", 105.0, 4),
            ("một trăm linh một", 101.0, 4),
            ("ba trăm linh tư", 304.0, 4),
            ("một trăm mười", 110.0, 3),
            ("một trăm mười lăm", 115.0, 4),
            ("hai trăm năm mươi", 250.0, 4),
            ("chín trăm chín mươi chín", 999.0, 5),
            ("một trăm rưỡi", 150.0, 3),
            ("một nghìn", 1000.0, 2),
            ("một ngàn", 1000.0, 2),
            ("một nghìn không trăm linh năm", 1005.0, 6),
            ("một nghìn linh năm", 1005.0, 4),
            ("hai nghìn hai mươi", 2020.0, 4),
            ("hai nghìn mười", 2010.0, 3),
            ("hai nghìn không trăm hai mươi tư", 2024.0, 7),
            ("một nghìn rưỡi", 1500.0, 3),
            ("ba mươi lăm nghìn", 35_000.0, 4),
            ("hai trăm rưỡi nghìn", 250_000.0, 4),
            ("một trăm linh năm nghìn", 105_000.0, 5),
            ("mười vạn", 1e5, 2),
            ("5 vạn", 5e4, 2),
            ("hai vạn năm nghìn", 25_000.0, 4),
            ("hai triệu rưỡi", 2.5e6, 3),
            ("hai triệu ba nghìn", 2_003_000.0, 4),
            ("một triệu hai trăm nghìn", 1.2e6, 5),
            ("nửa triệu", 5e5, 2),
            ("nửa tỷ", 5e8, 2),
            ("nửa trăm", 50.0, 2),
            ("ba tỷ", 3e9, 2),
            ("ba tỉ", 3e9, 2),
            ("một tỷ không trăm năm mươi triệu", 1.05e9, 7),
            ("hai nghìn ba trăm tỷ", 2.3e12, 5),
            ("một nghìn tỷ", 1e12, 3),
            ("hai nghìn tỷ ba trăm triệu", 2.0003e12, 6),
            ("ba chục", 30.0, 2),
            ("ba chục nghìn", 30_000.0, 3),
            ("1,5 triệu", 1.5e6, 2),
            ("3 tỷ 200 triệu", 3.2e9, 4),
            ("100 nghìn", 1e5, 2),
            ("5 trăm nghìn", 5e5, 3),
            ("2.000 tỷ", 2e12, 2),
            ("2 triệu rưỡi", 2.5e6, 3),
            ("100", 100.0, 1),
            ("4.100 người", 4100.0, 1),
            ("58,9 %", 58.9, 1),
            ("0", 0.0, 1),
        ];
        for &(text, value, used) in cases {
            let ws = words(text);
            let got = parse_number_words(&ws, Vietnamese);
            let Some((v, n)) = got else {
                panic!("{text:?} -> None");
            };
            assert!(close(v, value), "{text:?}: {v} != {value}");
            assert_eq!(n, used, "{text:?} consumed");
        }
    }

    #[test]
    fn number_words_partial_prefixes() {
        // Longest valid prefix: the rest is left for the caller.
        let cases: &[(&str, f64, usize)] = &[
            ("mười năm", 10.0, 1),
            ("hai mươi năm", 20.0, 2),
            ("ba trăm năm", 300.0, 2),
            ("hai nghìn ba", 2000.0, 2),
            ("một trăm hai", 100.0, 2),
            ("hai trăm ba nghìn", 200.0, 2),
            ("hai triệu lẻ", 2e6, 2),
            ("một trăm linh", 100.0, 2),
            ("3 tỷ 200", 3e9, 2),
            ("3 tỷ 2000 triệu", 3e9, 2),
            ("hai tỷ ba tỷ", 2e9, 2),
            ("hai triệu rưỡi nghìn", 2.5e6, 3),
            ("năm năm", 5.0, 1),
            ("năm sáu người", 5.0, 1),
            ("một hai ba", 1.0, 1),
            ("mười tư", 10.0, 1),
            ("mười mốt", 10.0, 1),
            ("một mươi", 1.0, 1),
            ("hai nghìn nghìn", 2000.0, 2),
            ("một nghìn không trăm nghìn", 1000.0, 2),
            ("hai mươi mốt nghìn người", 21_000.0, 4),
            ("100 người 200", 100.0, 1),
            ("25 trăm", 25.0, 1),
            ("hai 5", 2.0, 1),
        ];
        for &(text, value, used) in cases {
            let ws = words(text);
            let got = parse_number_words(&ws, Vietnamese);
            let Some((v, n)) = got else {
                panic!("{text:?} -> None");
            };
            assert!(close(v, value), "{text:?}: {v} != {value}");
            assert_eq!(n, used, "{text:?} consumed");
        }
    }

    #[test]
    fn number_words_none() {
        let cases = [
            "",
            "năm 2021",
            "năm 2.021",
            "năm hai nghìn",
            "năm hai nghìn không trăm hai mươi",
            "tư",
            "mốt",
            "lăm",
            "nhăm",
            "mươi",
            "trăm",
            "nghìn người",
            "triệu",
            "tỷ",
            "chục",
            "linh năm",
            "lẻ",
            "rưỡi",
            "nửa",
            "nửa người",
            "không",
            "không trăm",
            "hơn 10",
            "khoảng 10",
            "đảng viên",
            "15%",
            "0913456789",
            "1.2.3",
            "v2.0",
            "Hai",
        ];
        for text in cases {
            let ws = words(text);
            assert_eq!(parse_number_words(&ws, Vietnamese), None, "{text:?}");
        }
        assert_eq!(parse_number_words(&[], Vietnamese), None);
    }

    #[test]
    fn number_words_style() {
        assert_eq!(
            parse_number_words(&["3.5", "triệu"], English),
            Some((3.5e6, 2))
        );
        assert_eq!(parse_number_words(&["4,100"], English), Some((4100.0, 1)));
        assert_eq!(parse_number_words(&["4,100"], Vietnamese), Some((4.1, 1)));
        assert_eq!(
            parse_number_words(&["1,5", "tỷ"], English),
            Some((1.5e9, 2))
        );
    }

    #[test]
    fn ranges() {
        let cases: &[(&str, f64, f64, usize)] = &[
            ("từ 10 đến 15 %", 10.0, 15.0, 4),
            ("16-18 tuổi", 16.0, 18.0, 1),
            ("10-15", 10.0, 15.0, 1),
            ("10–15", 10.0, 15.0, 1),
            ("10 - 15", 10.0, 15.0, 3),
            ("10 – 15", 10.0, 15.0, 3),
            ("10 đến 15", 10.0, 15.0, 3),
            ("10 - 10", 10.0, 10.0, 3),
            ("từ 16-18", 16.0, 18.0, 2),
            ("1.000-2.000", 1000.0, 2000.0, 1),
            ("2,5-3,5", 2.5, 3.5, 1),
            ("2020-2021", 2020.0, 2021.0, 1),
            ("1800-1900", 1800.0, 1900.0, 1),
            ("2-3 triệu đồng", 2e6, 3e6, 2),
            ("1,5-2 tỷ", 1.5e9, 2e9, 2),
            ("2-3 trăm nghìn", 2e5, 3e5, 3),
            ("2-3 triệu nghìn", 2e6, 3e6, 2),
            ("từ hai đến ba triệu", 2e6, 3e6, 5),
            ("2 - 3 triệu", 2e6, 3e6, 4),
            ("từ 10 đến 15 nghìn người", 1e4, 1.5e4, 5),
            ("từ 2 đến 3 nghìn tỷ", 2e12, 3e12, 6),
            ("từ 500 nghìn đến 1 triệu", 5e5, 1e6, 6),
            ("500 đến 1 triệu", 500.0, 1e6, 4),
            ("từ mười đến mười lăm", 10.0, 15.0, 5),
            ("hai mươi đến hai mươi lăm tuổi", 20.0, 25.0, 6),
            ("từ 1,5 đến 2 triệu", 1.5e6, 2e6, 5),
        ];
        for &(text, lo, hi, used) in cases {
            let ws = words(text);
            let Some((l, h, n)) = parse_range(&ws, Vietnamese) else {
                panic!("{text:?} -> None");
            };
            assert!(close(l, lo), "{text:?}: low {l} != {lo}");
            assert!(close(h, hi), "{text:?}: high {h} != {hi}");
            assert_eq!(n, used, "{text:?} consumed");
        }
        assert_eq!(parse_range(&["3.5-4.5"], English), Some((3.5, 4.5, 1)));
    }

    #[test]
    fn range_rejects() {
        let cases = [
            "",
            "15-10",
            "12-3",
            "20 tới 25",
            "10",
            "10 người",
            "từ",
            "từ 10",
            "từ 10 người",
            "0913-456-789",
            "0913-456789",
            "1-2-3",
            "10–15–20",
            "từ 2 triệu đến 500 nghìn",
            "10 -",
            "10 đến",
            "10 đến người",
            "- 10",
            "-10",
            "10-",
            "a-b",
            "covid-19",
            "từ năm 2010 đến năm 2015",
            "15 đến 10",
            "1800-1234",
        ];
        for text in cases {
            let ws = words(text);
            assert_eq!(parse_range(&ws, Vietnamese), None, "{text:?}");
        }
    }

    #[test]
    fn nothing_panics_on_weird_input() {
        let long_digits = "9".repeat(100_000);
        let long_dots = ".".repeat(10_000);
        let long_grouped = format!("1{}", ".000".repeat(10_000));
        let long_dash = "1-".repeat(5_000);
        let junk = "ặ\u{0}🙂\u{301}\u{200b}–—";
        let tokens: Vec<&str> = vec![
            "",
            " ",
            ".",
            ",",
            "-",
            "–",
            "—",
            "+",
            "++84",
            "+0",
            "v",
            "v.",
            "v..1",
            "()",
            "0",
            "00",
            ".,.,",
            "1,.2",
            "1.,2",
            "🙂",
            "1,🙂",
            "🙂-🙂",
            "1-🙂",
            "–1",
            "1–",
            "１２３",
            "١٢٣",
            "1e308",
            "inf",
            "NaN",
            "nửa",
            "năm",
            "rưỡi",
            junk,
            &long_digits,
            &long_dots,
            &long_grouped,
            &long_dash,
        ];
        for &t in &tokens {
            let _ = parse_numeral(t, Vietnamese);
            let _ = parse_numeral(t, English);
            let _ = looks_like_identifier(t);
            let _ = scale_word(t);
            let _ = parse_number_words(&[t], Vietnamese);
            let _ = parse_range(&[t], English);
            let _ = parse_range(&["từ", t, "đến", t], Vietnamese);
        }
        let _ = guess_style(tokens.iter().copied());
        let _ = parse_number_words(&tokens, Vietnamese);
        let _ = parse_range(&tokens, Vietnamese);

        // Long word sequences: repeated scales, digits and joiners.
        let scales = vec!["nghìn"; 10_000];
        assert_eq!(parse_number_words(&scales, Vietnamese), None);
        let mut chain = vec!["chín"];
        for _ in 0..2_000 {
            chain.extend(["nghìn", "vạn", "triệu", "tỷ"]);
        }
        if let Some((v, _)) = parse_number_words(&chain, Vietnamese) {
            assert!(v.is_finite());
        }
        let big = [
            "18446744073709551615",
            "nghìn",
            "vạn",
            "triệu",
            "tỷ",
            "rưỡi",
        ];
        if let Some((v, _)) = parse_number_words(&big, Vietnamese) {
            assert!(v.is_finite());
        }
        let ones = vec!["một"; 10_000];
        assert_eq!(parse_number_words(&ones, Vietnamese), Some((1.0, 1)));
        let nams = vec!["năm"; 10_000];
        assert_eq!(parse_number_words(&nams, Vietnamese), Some((5.0, 1)));
        let joiners = vec!["đến"; 1_000];
        assert_eq!(parse_range(&joiners, Vietnamese), None);
        let tu = vec!["từ"; 1_000];
        assert_eq!(parse_range(&tu, Vietnamese), None);
        assert_eq!(parse_range(&[long_dash.as_str()], Vietnamese), None);
        assert_eq!(parse_range(&[long_digits.as_str()], Vietnamese), None);
    }

    /// Every word the readers' grammar names, some digit tokens, and some
    /// words it does not name.
    const VOCABULARY: &[&str] = &[
        "một",
        "hai",
        "ba",
        "bốn",
        "năm",
        "sáu",
        "bảy",
        "bẩy",
        "tám",
        "chín",
        "mười",
        "mươi",
        "mốt",
        "tư",
        "lăm",
        "nhăm",
        "không",
        "linh",
        "lẻ",
        "trăm",
        "chục",
        "nghìn",
        "ngàn",
        "vạn",
        "triệu",
        "tỷ",
        "tỉ",
        "rưỡi",
        "rưởi",
        "nửa",
        "từ",
        "đến",
        "-",
        "–",
        "2",
        "15",
        "1.000",
        "1,5",
        "16-18",
        "0913456789",
        "trên",
        "người",
        "đồng",
        "%",
        "nam",
        "",
    ];

    /// True if the readers read `w` the same up to its first word that
    /// [`may_read_past`] rejects as whole.
    fn reads_the_same_cut(w: &[&str]) -> bool {
        let cut = w
            .iter()
            .position(|w| !may_read_past(w))
            .map_or(w.len(), |k| k + 1);
        [Vietnamese, English].into_iter().all(|style| {
            parse_range_or_number(&w[..cut], style) == parse_range_or_number(w, style)
                && parse_range(&w[..cut], style) == parse_range(w, style)
        })
    }

    /// One word of each kind the readers tell apart, and words they do not
    /// name: few enough to try every sequence of four.
    const KINDS: &[&str] = &[
        "hai", "năm", "mười", "mươi", "mốt", "tư", "lăm", "không", "linh", "trăm", "chục", "nghìn",
        "triệu", "rưỡi", "nửa", "từ", "đến", "-", "2", "1.000", "16-18", "trên", "người",
    ];

    /// Numbers longer than four words, each with a word after it.
    const LONG: &[&str] = &[
        "hai nghìn không trăm mười người",
        "ba triệu không trăm linh tư nghìn đồng",
        "từ hai trăm năm mươi lăm đến ba trăm người",
        "một trăm rưỡi nghìn tỷ đồng",
        "nửa triệu đến hai triệu rưỡi người",
    ];

    /// The readers read no word after the first that [`may_read_past`]
    /// rejects: every sequence of up to three words of [`VOCABULARY`], of
    /// four of [`KINDS`], and the [`LONG`] numbers.
    #[test]
    fn readers_stop_where_may_read_past_says() {
        let v = VOCABULARY;
        for w in v.iter().flat_map(|a| {
            v.iter()
                .flat_map(move |b| v.iter().map(move |c| [*a, *b, *c]))
        }) {
            assert!(reads_the_same_cut(&w), "{w:?}");
        }
        let k = KINDS;
        for [a, b] in k.iter().flat_map(|a| k.iter().map(move |b| [*a, *b])) {
            for [c, d] in k.iter().flat_map(|c| k.iter().map(move |d| [*c, *d])) {
                let w = [a, b, c, d];
                assert!(reads_the_same_cut(&w), "{w:?}");
            }
        }
        for text in LONG {
            assert!(reads_the_same_cut(&words(text)), "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// As above, for longer sequences.
        #[test]
        fn readers_stop_where_may_read_past_says_long(
            picks in proptest::collection::vec(0..VOCABULARY.len(), 4..10),
        ) {
            let w: Vec<&str> = picks.iter().map(|&k| VOCABULARY[k]).collect();
            proptest::prop_assert!(reads_the_same_cut(&w), "{:?}", w);
        }
    }

    /// The shortcut answers as a range, else a number, would.
    #[test]
    fn range_or_number_is_range_else_number() {
        for text in [
            "10 - 15 người",
            "16-18 triệu",
            "từ 2 đến 3 triệu",
            "500 đến 1 triệu",
            "hai mươi năm",
            "30 đến 20",
            "5-3",
            "năm 2020",
            "12 chi bộ",
            "từ",
            "nửa triệu",
            "",
        ] {
            let w = words(text);
            let want = parse_range(&w, Vietnamese)
                .map(|(lo, hi, n)| (lo, Some(hi), n))
                .or_else(|| parse_number_words(&w, Vietnamese).map(|(v, n)| (v, None, n)));
            assert_eq!(parse_range_or_number(&w, Vietnamese), want, "{text}");
        }
    }
}
