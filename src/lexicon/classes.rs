//! The registry of lexicon classes: every lower-case class name a lexicon
//! may use in its label column, which tagger reads it, and the attributes
//! its entries take.
//!
//! One table serves parsing (an unknown class or attribute is an error with
//! a did-you-mean), checking (`vietag lexicon check` runs the same
//! validation as building an annotator) and building (the matcher numbers
//! hit kinds by [`ClassId`], the taggers decode the attributes knowing they
//! were checked).

use std::fmt;

/// A lexicon class: an index into the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassId(u8);

/// Which part of vietag reads a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reader {
    /// The place grammar (LOC tagger and places inside ORG and TITLE).
    Place,
    /// The organisation grammar.
    Org,
    /// The title grammar.
    Title,
    /// The person grammar.
    Person,
    /// The numeric tagger.
    Numeric,
    /// The claims layer.
    Claims,
    /// The DOCREF tagger.
    DocRef,
    /// The DATE tagger.
    Date,
}

/// The values an attribute may take.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Values {
    /// Any text.
    Text,
    /// A number ("0.35", "12").
    Number,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A `|`-separated list of any texts.
    List,
    /// A `|`-separated list of these words.
    ListOf(&'static [&'static str]),
}

/// One attribute of a class.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AttrSpec {
    pub(crate) key: &'static str,
    pub(crate) required: bool,
    pub(crate) values: Values,
}

/// One class of the registry.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ClassSpec {
    /// The name written in lexicons.
    pub(crate) name: &'static str,
    /// Who reads it.
    pub(crate) reader: Reader,
    /// What its entries are, for error messages and docs.
    pub(crate) what: &'static str,
    /// The attributes its entries may have.
    pub(crate) attrs: &'static [AttrSpec],
}

const fn req(key: &'static str, values: Values) -> AttrSpec {
    AttrSpec {
        key,
        required: true,
        values,
    }
}

const fn opt(key: &'static str, values: Values) -> AttrSpec {
    AttrSpec {
        key,
        required: false,
        values,
    }
}

const FLAG: Values = Values::OneOf(&["1", "0"]);
const YES_NO: Values = Values::OneOf(&["yes", "no"]);
const OP: Values = Values::OneOf(&["=", ">", "<", "~", ">=", "<="]);
const BASIS: Values = Values::OneOf(&["share", "target", "change", "level"]);
const ORIGIN: Values = Values::Text;

macro_rules! registry {
    ($($id:ident = $name:literal, $reader:ident, $what:literal, [$($attr:expr),* $(,)?];)*) => {
        // The ids are the crate's: a user names a class by its name.
        impl ClassId {
            registry!(@ids 0u8, $($id)*);
        }

        /// Every class, in [`ClassId`] order.
        pub(crate) const CLASSES: &[ClassSpec] = &[
            $(ClassSpec { name: $name, reader: Reader::$reader, what: $what, attrs: &[$($attr),*] }),*
        ];
    };
    (@ids $n:expr, $id:ident $($rest:ident)*) => {
        pub(crate) const $id: ClassId = ClassId($n);
        registry!(@ids $n + 1u8, $($rest)*);
    };
    (@ids $n:expr,) => {};
}

registry! {
    LOC_ADMIN = "loc.admin", Place, "an administrative unit's name (generated gazetteer)", [
        req("level", Values::OneOf(&["province", "district", "commune"])),
        req("type", Values::Text), req("code", Values::Text),
        req("era", Values::OneOf(&["pre2025", "post2025"])),
        opt("parent", Values::Text), opt("province", Values::Text), opt("valid", Values::Text),
        opt("successors", Values::List), opt("alias", FLAG), opt("former", FLAG),
    ];
    LOC_TYPE = "loc.type", Place, "a place type word (tỉnh, xã, TP.)", [
        req("type", Values::Text),
        req("level", Values::OneOf(&["province", "city", "district", "commune", "village"])),
        opt("abbr", FLAG), opt("named", FLAG),
    ];
    LOC_FEATURE = "loc.feature", Place, "a word that takes a place name (đường, sông)", [
        req("kind", Values::Text), opt("number", FLAG),
    ];
    ORG_COMMITTEE = "org.committee", Org, "a Party committee named by its level (Tỉnh ủy)", [
        req("body", Values::Text), opt("level", Values::Text), opt("needs_prefix", FLAG),
    ];
    ORG_UNIT = "org.unit", Org, "a body that takes its unit (Đảng bộ, UBND)", [
        req("body", Values::Text), opt("kind", Values::Text),
    ];
    ORG_PREFIX = "org.prefix", Org, "a body of a body (Ban Thường vụ)", [
        req("body", Values::Text),
    ];
    ORG_NAMED = "org.named", Org, "a head that takes a proper name (Sở, Trường)", [
        opt("kind", Values::Text), opt("needs_name_lexicon", FLAG),
    ];
    ORG_NAME = "org.name", Org, "a common name after a head (Y tế, THPT)", [
        opt("generic", FLAG), opt("person_ok", FLAG),
    ];
    ORG_BRAND = "org.brand", Org, "a company, bank, club or medium that may take a place (VNPT)", [
        opt("kind", Values::Text), opt("needs_place", FLAG), opt("ticker", Values::Text),
        opt("country", Values::Text), opt("abbr", FLAG),
    ];
    TITLE_ROLE = "title.role", Title, "a role head of a title (Bí thư)", [
        opt("standalone", FLAG),
    ];
    PER_CUE = "per.cue", Person, "an honorific, rank or academic title before a name", [
        req("kind", Values::OneOf(&["honorific", "rank", "academic", "honour"])),
    ];
    PER_SURNAME = "per.surname", Person, "a Vietnamese surname", [
        req("freq", Values::Number), opt("north", Values::Number),
        opt("central", Values::Number), opt("south", Values::Number),
        opt("syllables", Values::Number),
    ];
    PER_GIVEN = "per.given", Person, "a Vietnamese given-name syllable", [
        opt("count", Values::Number), opt("boy", Values::Number), opt("girl", Values::Number),
        opt("pos", Values::Text), opt("roster_last", Values::Number),
        opt("roster_mid", Values::Number),
    ];
    PER_FOREIGN_GIVEN = "per.foreign_given", Person, "a foreign given name", [
        opt("origin", ORIGIN), opt("count", Values::Number), opt("alias", FLAG),
    ];
    PER_FOREIGN_SURNAME = "per.foreign_surname", Person, "a foreign surname", [
        opt("origin", ORIGIN), opt("count", Values::Number), opt("alias", FLAG),
    ];
    QTY_UNIT = "qty.unit", Numeric, "a counted noun or unit of measure", [
        opt("kind", Values::OneOf(&["count", "times", "duration", "age", "measure"])),
        opt("unit", Values::Text),
    ];
    MONEY_CURRENCY = "money.currency", Numeric, "a currency word", [
        req("currency", Values::Text), opt("scaled", FLAG),
    ];
    MONEY_CONTEXT = "money.context", Numeric, "a word after which an amount is money", [];
    NUM_STOP = "num.stop", Numeric, "a word that ends a counted noun", [];
    NUM_QUALIFIER = "num.qualifier", Numeric, "a qualifier before a number (hơn, gần)", [
        req("op", OP),
    ];
    NUM_TAIL = "num.tail", Numeric, "a qualifier after a number (trở lên)", [
        req("op", OP),
    ];
    NUM_NOTQUAL = "num.notqual", Numeric, "a word before a number that is no qualifier", [];
    NUM_PERCENT = "num.percent", Numeric, "a percent word (phần trăm)", [
        opt("points", FLAG),
    ];
    NUM_LABEL = "num.label", Numeric, "a word that makes the number after it a label", [
        opt("time", FLAG),
    ];
    NUM_EVERY = "num.every", Numeric, "a word for a rate's denominator (mỗi)", [];
    NUM_PASS = "num.pass", Numeric, "a word a counted noun may run over", [];
    NUM_NOTUNIT = "num.notunit", Numeric, "a word that is never a counted noun", [];
    CLAIM_METRIC = "claim.metric", Claims, "a metric phrase (tỷ lệ hộ nghèo)", [
        opt("basis", BASIS), opt("extend", FLAG),
    ];
    CLAIM_TREND = "claim.trend", Claims, "a trend verb (tăng, giảm, đạt)", [
        opt("change", Values::OneOf(&["by", "to"])),
    ];
    CLAIM_NONE = "claim.none", Claims, "a word that is no trend", [];
    CLAIM_TOTAL = "claim.total", Claims, "a word that introduces a whole (tổng số)", [];
    CLAIM_BREAKDOWN = "claim.breakdown", Claims, "a word that introduces parts (trong đó)", [
        opt("near", FLAG),
    ];
    CLAIM_BASIS = "claim.basis", Claims, "a word that sets a percentage's basis", [
        req("basis", BASIS),
    ];
    CLAIM_RATE = "claim.rate", Claims, "a word after which counts are per each (mỗi, cứ)", [];
    DOCREF_TYPE = "docref.type", DocRef, "a document type word (Nghị quyết)", [
        opt("codes", Values::List), opt("bare", YES_NO), opt("quoted", YES_NO),
        opt("named", Values::ListOf(&["congress", "law", "org", "title", "treaty"])),
    ];
    DOCREF_NAMED = "docref.named", DocRef, "a document known by its name (Điều lệ Đảng)", [
        opt("doc_type", Values::Text),
    ];
    DOCREF_LAW_TITLE = "docref.law_title", DocRef, "the title of a law or code", [
        opt("types", Values::List),
    ];
    DOCREF_PARTY_TYPE = "docref.party_type", DocRef, "a Party document type code (NQ)", [
        opt("doc_type", Values::Text),
    ];
    DOCREF_PARTY_ISSUER = "docref.party_issuer", DocRef, "a Party issuer code (TW)", [
        opt("name", Values::Text), opt("term", YES_NO),
    ];
    DOCREF_STATE_TYPE = "docref.state_type", DocRef, "a state document type code (NĐ)", [
        opt("doc_type", Values::Text),
    ];
    DOCREF_STATE_ISSUER = "docref.state_issuer", DocRef, "a state issuer code (CP)", [
        opt("name", Values::Text), opt("term", YES_NO),
    ];
    DOCREF_ISSUER_STOP = "docref.issuer_stop", DocRef, "a word that ends an issuer after a reference (về, thực hiện)", [];
    DOCREF_COUNTED = "docref.counted", DocRef, "a counted noun after a type word and number (Kế hoạch 3 năm)", [];
    DOCREF_ADMIN_WORD = "docref.admin_word", DocRef, "a unit word after Đảng bộ in a congress name (tỉnh, thành phố)", [];
    ORG_NAME_STOP = "org.name_stop", Org, "a word that ends an organisation's name (đã, của, tại)", [
        opt("verb", FLAG),
    ];
    PER_BYLINE_CUE = "per.byline_cue", Person, "the words before a colon that introduce a byline (Bài, ảnh)", [];
    DATE_DAY_CUE = "date.day_cue", Date, "a word before a bare dd/mm that makes it a date (ngày, sáng)", [];
    DATE_WEEKDAY_CUE = "date.weekday_cue", Date, "a word before a weekday alone that makes it a date (vào, hôm)", [];
    DATE_ORDINAL_HEAD = "date.ordinal_head", Date, "a word before thứ that makes it an ordinal (lần, khóa)", [];
    DATE_MONTH_QUANTIFIER = "date.month_quantifier", Date, "a quantifier that makes tháng N a period (mỗi, các)", [];
    DATE_MONTH_COUNTER = "date.month_counter", Date, "a counted noun after tháng N that makes it a rate (lần, người)", [];
    DATE_TERM_NOUN = "date.term_noun", Date, "a time noun that introduces a term of years (nhiệm kỳ)", [];
    DOCREF_BODY_HEAD = "docref.body_head", DocRef, "a word before a type word that makes it part of a body's name (Bộ Kế hoạch, phòng Kế hoạch)", [];
    DOCREF_NOT_TITLE = "docref.not_title", DocRef, "a field after a type word that names a department, not a title (Kế hoạch Tài chính)", [];
    PER_ROLE_CUE = "per.role_cue", Person, "a role, profession or relation before a name, outside its span (ca sĩ, tiền đạo, HLV, bị cáo)", [
        opt("kind", Values::Text),
    ];
    ORG_CUE = "org.cue", Org, "a lower-case descriptor before an organisation's name, outside its span (hãng, tờ, kênh)", [
        opt("kind", Values::Text),
    ];
    ORG_TEAM = "org.team", Org, "a team word before a country or province, inside the span (đội tuyển, U23)", [];
    ORG_SUFFIX = "org.suffix", Org, "a word after a name that makes it an organisation, inside the span (FC)", [
        opt("kind", Values::Text),
    ];
    PER_SPEECH_CUE = "per.speech_cue", Person, "a verb after a name that says a person speaks (cho biết, nói)", [];
    PER_PARTICLE = "per.particle", Person, "a lower-case particle inside a foreign name (de, van, al)", [];
    ORG_TICKER_CUE = "org.ticker_cue", Org, "words before a stock ticker (mã, mã CK, cổ phiếu)", [];
    ORG_SPORT_CUE = "org.sport_cue", Org, "a word of football news: in such a document a bare city or province names its club (ghi bàn, V-League)", [];
    LOC_CUE = "loc.cue", Place, "a word before a name that makes it a place, never a club (tại, ở)", [];
    LOC_LANGUAGE_CUE = "loc.language_cue", Place, "a word before a country's name that makes it a language, no place (tiếng)", [];
}

impl ClassId {
    /// The class called `name`, if the registry has it.
    pub fn from_name(name: &str) -> Option<ClassId> {
        CLASSES
            .iter()
            .position(|c| c.name == name)
            .and_then(|p| u8::try_from(p).ok())
            .map(ClassId)
    }

    /// The name written in lexicons ("loc.admin").
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The class's hit kind in the matcher: after the nine entity labels'.
    pub(crate) const fn kind(self) -> u8 {
        crate::label::Label::COUNT + self.0
    }

    /// The class whose hit kind is `kind`, if there is one.
    pub(crate) fn from_kind(kind: u8) -> Option<ClassId> {
        let index = kind.checked_sub(crate::label::Label::COUNT)?;
        (usize::from(index) < CLASSES.len()).then_some(ClassId(index))
    }

    pub(crate) fn spec(self) -> &'static ClassSpec {
        // Ids are only made from positions of CLASSES.
        &CLASSES[usize::from(self.0).min(CLASSES.len() - 1)]
    }

    /// One line for listings: name, reader, what, attributes
    /// (`key` optional, `key!` required, with the values allowed).
    pub fn describe(self) -> String {
        let spec = self.spec();
        let attrs: Vec<String> = spec
            .attrs
            .iter()
            .map(|a| {
                let mark = if a.required { "!" } else { "" };
                match a.values {
                    Values::OneOf(w) | Values::ListOf(w) => {
                        format!("{}{mark}={}", a.key, w.join("|"))
                    }
                    Values::Number => format!("{}{mark}=NUMBER", a.key),
                    Values::Text | Values::List => format!("{}{mark}", a.key),
                }
            })
            .collect();
        format!(
            "{}\t{:?}\t{}\t{}",
            spec.name,
            spec.reader,
            spec.what,
            attrs.join(" ")
        )
    }

    /// Every class of the registry.
    pub fn all() -> impl Iterator<Item = ClassId> {
        (0..CLASSES.len()).filter_map(|i| u8::try_from(i).ok().map(ClassId))
    }
}

impl fmt::Display for ClassId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The class `name`, or a message that says it is unknown and what was
/// probably meant.
pub(crate) fn parse_class_name(name: &str) -> Result<ClassId, String> {
    ClassId::from_name(name).ok_or_else(|| {
        let names = CLASSES.iter().map(|c| c.name);
        match did_you_mean(name, names) {
            Some(near) => format!("unknown class '{name}'; did you mean '{near}'?"),
            None => format!(
                "unknown class '{name}'; the classes are listed in the documentation of vietag::lexicon (e.g. loc.admin, per.surname, qty.unit)"
            ),
        }
    })
}

/// Checks the attributes of an entry of `class`: every key is known, every
/// required key is there, every value is one the class takes.
pub(crate) fn check_attrs(class: ClassId, attrs: &[(&str, &str)]) -> Result<(), String> {
    let spec = class.spec();
    for (k, v) in attrs {
        let Some(a) = spec.attrs.iter().find(|a| a.key == *k) else {
            let keys = spec.attrs.iter().map(|a| a.key);
            let hint = match did_you_mean(k, keys) {
                Some(near) => format!("; did you mean '{near}'?"),
                None if spec.attrs.is_empty() => {
                    format!("; {} entries take no attributes", spec.name)
                }
                None => format!("; {} takes {}", spec.name, key_list(spec)),
            };
            return Err(format!(
                "unknown attribute '{k}' for class {}{hint}",
                spec.name
            ));
        };
        check_value(spec, a, v)?;
    }
    if let Some(missing) = spec
        .attrs
        .iter()
        .find(|a| a.required && !attrs.iter().any(|(k, _)| *k == a.key))
    {
        return Err(format!(
            "class {} ({}) needs {}={}",
            spec.name,
            spec.what,
            missing.key,
            example(missing.values)
        ));
    }
    Ok(())
}

fn check_value(spec: &ClassSpec, a: &AttrSpec, v: &str) -> Result<(), String> {
    let bad = |allowed: String| {
        Err(format!(
            "{}={v} is not valid for class {}; use {allowed}",
            a.key, spec.name
        ))
    };
    match a.values {
        Values::Text | Values::List => Ok(()),
        Values::Number if v.parse::<f64>().is_ok_and(f64::is_finite) => Ok(()),
        Values::Number => bad("a number".into()),
        Values::OneOf(words) if words.contains(&v) => Ok(()),
        Values::OneOf(words) => bad(words.join(", ")),
        Values::ListOf(words) => match v.split('|').map(str::trim).find(|w| !words.contains(w)) {
            None => Ok(()),
            Some(_) => bad(format!("words from {} joined by |", words.join(", "))),
        },
    }
}

fn key_list(spec: &ClassSpec) -> String {
    spec.attrs
        .iter()
        .map(|a| a.key)
        .collect::<Vec<_>>()
        .join(", ")
}

fn example(values: Values) -> String {
    match values {
        Values::OneOf(words) | Values::ListOf(words) => {
            format!("one of {}", words.join(", "))
        }
        Values::Number => "a number".into(),
        Values::Text | Values::List => "a value".into(),
    }
}

/// The candidate closest to `word` by edit distance, if it is close
/// enough to be a typo (at most a third of the word's length, at least 1).
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_their_classes() {
        assert_eq!(ClassId::LOC_ADMIN.name(), "loc.admin");
        assert_eq!(ClassId::DOCREF_STATE_ISSUER.name(), "docref.state_issuer");
        assert_eq!(ClassId::from_name("qty.unit"), Some(ClassId::QTY_UNIT));
        // Every kind fits a byte and gets a bit in the per-token masks
        // (u128): past that, every kind test would search the hits instead.
        assert!(CLASSES.len() + usize::from(crate::label::Label::COUNT) <= 128);
    }

    #[test]
    fn typos_get_a_did_you_mean() {
        assert_eq!(
            parse_class_name("loc.admni").unwrap_err(),
            "unknown class 'loc.admni'; did you mean 'loc.admin'?"
        );
        assert!(parse_class_name("per.surnamee")
            .unwrap_err()
            .contains("did you mean 'per.surname'?"));
        assert!(parse_class_name("zzz.qqq")
            .unwrap_err()
            .contains("unknown class"));
    }

    #[test]
    fn attributes_are_checked_against_the_class() {
        fn a<'s>(k: &'s str, v: &'s str) -> [(&'s str, &'s str); 1] {
            [(k, v)]
        }
        assert!(check_attrs(ClassId::NUM_QUALIFIER, &[])
            .unwrap_err()
            .contains("needs op=one of =, >, <, ~, >=, <="));
        assert!(check_attrs(ClassId::NUM_QUALIFIER, &a("op", ">=")).is_ok());
        assert!(check_attrs(ClassId::NUM_QUALIFIER, &a("op", "more"))
            .unwrap_err()
            .contains("op=more is not valid"));
        assert!(check_attrs(ClassId::NUM_QUALIFIER, &a("opp", ">"))
            .unwrap_err()
            .contains("did you mean 'op'?"));
        assert!(check_attrs(ClassId::PER_SURNAME, &a("freq", "x")).is_err());
        assert!(check_attrs(ClassId::DOCREF_TYPE, &a("named", "law|org")).is_ok());
        assert!(check_attrs(ClassId::DOCREF_TYPE, &a("named", "law|cat")).is_err());
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("đồng", "đông"), 1);
    }
}
