//! Shared grammar over lexicon classes: moving along tokens, looking up the
//! lexicon hits at a token, and the phrases several taggers need (a place
//! after a type word, a person's name).
//!
//! Phrases are parsed on demand from a token index and return token ranges;
//! nothing here allocates per token.

use std::ops::Range;

use crate::matcher::entity_kind;
use crate::syllables::TokenKind;

use super::Document;
use crate::document::kind_mask;

/// Kind numbers of the lexicon classes the grammar reads (see
/// `lexicons/grammar/` and the registry, [`crate::lexicon::ClassId`]).
pub(crate) mod class {
    use crate::lexicon::ClassId;

    /// Administrative unit names (generated gazetteer): `loc.admin`.
    pub(crate) const ADMIN: u8 = ClassId::LOC_ADMIN.kind();
    /// Place type words (tỉnh, huyện, xã, ấp, TP. …): `loc.type`.
    pub(crate) const PLACE_TYPE: u8 = ClassId::LOC_TYPE.kind();
    /// Street, river, lake, park … words that take a name: `loc.feature`.
    pub(crate) const PLACE_FEATURE: u8 = ClassId::LOC_FEATURE.kind();
    /// Party committees named by level (Tỉnh ủy …): `org.committee`.
    pub(crate) const COMMITTEE: u8 = ClassId::ORG_COMMITTEE.kind();
    /// Bodies that take their unit (Đảng bộ, UBND …): `org.unit`.
    pub(crate) const UNIT_BODY: u8 = ClassId::ORG_UNIT.kind();
    /// Bodies of a body (Ban Thường vụ, Văn phòng …): `org.prefix`.
    pub(crate) const PREFIX: u8 = ClassId::ORG_PREFIX.kind();
    /// Heads that take a proper name (Sở, Trường …): `org.named`.
    pub(crate) const NAMED_HEAD: u8 = ClassId::ORG_NAMED.kind();
    /// Common names after a head (Y tế, THPT …): `org.name`.
    pub(crate) const ORG_NAME: u8 = ClassId::ORG_NAME.kind();
    /// Enterprises (VNPT …): `org.brand`.
    pub(crate) const BRAND: u8 = ClassId::ORG_BRAND.kind();
    /// Role heads of titles (Bí thư …): `title.role`.
    pub(crate) const ROLE: u8 = ClassId::TITLE_ROLE.kind();
    /// Honorifics, ranks and academic titles: `per.cue`.
    pub(crate) const PERSON_CUE: u8 = ClassId::PER_CUE.kind();
    /// Surnames: `per.surname`.
    pub(crate) const SURNAME: u8 = ClassId::PER_SURNAME.kind();
    /// Given-name syllables: `per.given`.
    pub(crate) const GIVEN: u8 = ClassId::PER_GIVEN.kind();
    /// Words that end an organisation's name: `org.name_stop`.
    pub(crate) const NAME_STOP: u8 = ClassId::ORG_NAME_STOP.kind();
    /// Byline cues: `per.byline_cue`.
    pub(crate) const BYLINE_CUE: u8 = ClassId::PER_BYLINE_CUE.kind();
    /// `date.day_cue`.
    pub(crate) const DAY_CUE: u8 = ClassId::DATE_DAY_CUE.kind();
    /// `date.weekday_cue`.
    pub(crate) const WEEKDAY_CUE: u8 = ClassId::DATE_WEEKDAY_CUE.kind();
    /// `date.ordinal_head`.
    pub(crate) const ORDINAL_HEAD: u8 = ClassId::DATE_ORDINAL_HEAD.kind();
    /// `date.month_quantifier`.
    pub(crate) const MONTH_QUANTIFIER: u8 = ClassId::DATE_MONTH_QUANTIFIER.kind();
    /// `date.month_counter`.
    pub(crate) const MONTH_COUNTER: u8 = ClassId::DATE_MONTH_COUNTER.kind();
    /// `date.term_noun`.
    pub(crate) const TERM_NOUN: u8 = ClassId::DATE_TERM_NOUN.kind();
    /// `docref.issuer_stop`.
    pub(crate) const ISSUER_STOP: u8 = ClassId::DOCREF_ISSUER_STOP.kind();
    /// `docref.counted`.
    pub(crate) const COUNTED: u8 = ClassId::DOCREF_COUNTED.kind();
    /// `docref.admin_word`.
    pub(crate) const ADMIN_WORD: u8 = ClassId::DOCREF_ADMIN_WORD.kind();
    /// Foreign given names: `per.foreign_given`.
    pub(crate) const FOREIGN_GIVEN: u8 = ClassId::PER_FOREIGN_GIVEN.kind();
    /// Foreign surnames: `per.foreign_surname`.
    pub(crate) const FOREIGN_SURNAME: u8 = ClassId::PER_FOREIGN_SURNAME.kind();
    /// Roles and professions before a name: `per.role_cue`.
    pub(crate) const ROLE_CUE: u8 = ClassId::PER_ROLE_CUE.kind();
    /// Verbs of speaking after a name: `per.speech_cue`.
    pub(crate) const SPEECH_CUE: u8 = ClassId::PER_SPEECH_CUE.kind();
    /// Particles inside foreign names: `per.particle`.
    pub(crate) const PARTICLE: u8 = ClassId::PER_PARTICLE.kind();
    /// Descriptors before an organisation's name: `org.cue`.
    pub(crate) const ORG_CUE: u8 = ClassId::ORG_CUE.kind();
    /// Team words: `org.team`.
    pub(crate) const TEAM: u8 = ClassId::ORG_TEAM.kind();
    /// Organisation suffixes (FC): `org.suffix`.
    pub(crate) const ORG_SUFFIX: u8 = ClassId::ORG_SUFFIX.kind();
    /// Words before a stock ticker: `org.ticker_cue`.
    pub(crate) const TICKER_CUE: u8 = ClassId::ORG_TICKER_CUE.kind();
    /// Words of football news: `org.sport_cue`.
    pub(crate) const SPORT_CUE: u8 = ClassId::ORG_SPORT_CUE.kind();
    /// Words before a place: `loc.cue`.
    pub(crate) const LOC_CUE: u8 = ClassId::LOC_CUE.kind();
    /// Words before a country that name its language: `loc.language_cue`.
    pub(crate) const LANGUAGE_CUE: u8 = ClassId::LOC_LANGUAGE_CUE.kind();
}

/// A place after a type word, or a bare administrative name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PlacePhrase {
    /// Tokens of the whole phrase.
    pub tokens: Range<usize>,
    /// The type word's entry, if written.
    pub type_entry: Option<u32>,
    /// Tokens of the name (or number), if written.
    pub name: Option<Range<usize>>,
    /// Gazetteer entries whose surface is exactly the name: an index range
    /// into the document's hits (see [`Self::unit_hits`]).
    pub units: Range<usize>,
}

impl PlacePhrase {
    /// The hits of `units` in `doc`, the one that made the phrase: the
    /// gazetteer hits of the name, with any hit of another kind that lies
    /// between them. None for a range outside the hits.
    pub(crate) fn unit_hits<'a>(&self, doc: &Document<'a>) -> &'a [crate::matcher::LexHit] {
        let hits: &'a [crate::matcher::LexHit] = doc.hits;
        hits.get(self.units.clone()).unwrap_or_default()
    }
}

/// What kinds of place phrase are accepted.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PlaceRules {
    /// A type word alone ("Đảng bộ xã") is accepted.
    pub elided: bool,
    /// A gazetteer name without type word is accepted.
    pub bare: bool,
}

/// Parses a place at token `i`: a type word with a name or number after
/// it ("tỉnh Bình Phước", "TP.Tân An", "phường 3", "ấp 4"), or, as `rules`
/// allow, a type word alone or a bare gazetteer name.
pub(crate) fn place_at(doc: &Document<'_>, i: usize, rules: PlaceRules) -> Option<PlacePhrase> {
    let tokens = doc.tokens;
    if let Some((th, te)) = doc.longest(i, class::PLACE_TYPE) {
        let type_entry = Some(th.entry);
        let j = doc.after_gap(th.tokens.end);
        // Read from the entry's attributes only where a branch below needs
        // it: most type words are followed by a gazetteer name.
        let village = || te.attr("level") == Some("village");
        // What follows must be a gazetteer name, a number or a capitalised
        // name; "các xã", "cấp xã" (a class of units) match none of them.
        if let Some((nh, _)) = doc.longest(j, class::ADMIN) {
            let units = admin_hits(doc, j, nh.tokens.end);
            return Some(PlacePhrase {
                tokens: i..nh.tokens.end,
                type_entry,
                name: Some(j..nh.tokens.end),
                units,
            });
        }
        if tokens.get(j).is_some_and(|t| t.kind == TokenKind::Number) && j > th.tokens.end {
            return Some(PlacePhrase {
                tokens: i..j + 1,
                type_entry,
                name: Some(j..j + 1),
                units: 0..0,
            });
        }
        // In an all-capital headline every word looks like a name: there
        // only a gazetteer name counts.
        let headline = tokens.get(i).is_some_and(|t| t.all_upper);
        let run = if headline { j } else { doc.cap_run(j, 3) };
        // "UBND tỉnh Nguyễn Văn An": a person after an elided unit is no place name.
        let starts_other =
            run > j && (starts_structure(doc, j) || surname_name_at(doc, j).is_some());
        let run_words = doc.word_count(j..run);
        // "làng", "buôn" are common words too: only short names follow them.
        let short_enough = || run_words <= 2 || te.attr("named") != Some("1");
        if run > j && !starts_other && short_enough() && (run_words >= 2 || village()) {
            return Some(PlacePhrase {
                tokens: i..run,
                type_entry,
                name: Some(j..run),
                units: 0..0,
            });
        }
        if rules.elided && !village() {
            return Some(PlacePhrase {
                tokens: i..th.tokens.end,
                type_entry,
                name: None,
                units: 0..0,
            });
        }
        return None;
    }
    // A bare number is never a place ("Chi bộ 5 tốt"); only after a type word.
    if rules.bare && tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word) {
        let (nh, _) = doc.longest(i, class::ADMIN)?;
        return Some(PlacePhrase {
            tokens: i..nh.tokens.end,
            type_entry: None,
            name: Some(i..nh.tokens.end),
            units: admin_hits(doc, i, nh.tokens.end),
        });
    }
    None
}

/// Index range into `doc.hits` of the gazetteer hits covering exactly
/// `start..end`.
fn admin_hits(doc: &Document<'_>, start: usize, end: usize) -> Range<usize> {
    let at = doc.hit_indices(start..start + 1);
    let lo = at.start;
    let mut first = None;
    let mut last = lo;
    for (k, h) in doc.hits.get(at).unwrap_or_default().iter().enumerate() {
        if h.tokens.end == end && h.kind == class::ADMIN {
            first.get_or_insert(lo + k);
            last = lo + k + 1;
        }
    }
    match first {
        Some(f) => f..last,
        None => 0..0,
    }
}

/// True if a title, organisation or place structure word starts at `i`:
/// such a word ends a name run.
pub(crate) fn starts_structure(doc: &Document<'_>, i: usize) -> bool {
    const STRUCTURE: u128 = (1 << class::ROLE)
        | (1 << class::UNIT_BODY)
        | (1 << class::PREFIX)
        | (1 << class::COMMITTEE)
        | (1 << class::NAMED_HEAD)
        | (1 << class::PLACE_TYPE)
        | (1 << class::PLACE_FEATURE);
    let org = 1u128 << entity_kind(crate::label::Label::Org);
    doc.starts
        .get(i)
        .is_some_and(|m| m & (STRUCTURE | org) != 0)
}

/// A person's name at `i`: a famous name from the lexicon, or a capitalised
/// run of 2–4 syllables that starts with a surname and continues with
/// given-name syllables. Returns its end token.
#[inline]
pub(crate) fn surname_name_at(doc: &Document<'_>, i: usize) -> Option<usize> {
    // Both kinds of name start with a hit: most words start neither, and
    // this runs at every word.
    const NAME_START: u128 = kind_mask(&[entity_kind(crate::label::Label::Per), class::SURNAME]);
    if !doc.starts_any(i, NAME_START) {
        return None;
    }
    name_from_surname(doc, i)
}

/// [`surname_name_at`] where a famous name or a surname starts.
fn name_from_surname(doc: &Document<'_>, i: usize) -> Option<usize> {
    if let Some((h, _)) = doc.longest_entity(i, crate::label::Label::Per) {
        return Some(h.tokens.end);
    }
    let tokens = doc.tokens;
    // "Ông", "Bà" are honorifics here, though rare surnames too; so is
    // "Phó" where a role starts ("Phó Chánh Thanh tra", not "Phó Đức Phương").
    if !doc.is_cap(i)
        || tokens[i].all_upper
        || doc.longest(i, class::PERSON_CUE).is_some()
        || doc.longest(i, class::ROLE).is_some()
    {
        return None;
    }
    let (sh, _) = doc.longest(i, class::SURNAME)?;
    let common = doc.lexicon.name_facts(sh.entry).common_surname();
    let mut end = sh.tokens.end;
    let mut words = doc.word_count(i..end);
    let mut j = doc.after_gap(end);
    while words < 4
        && j > end
        && doc.is_cap(j)
        && !tokens[j].all_upper
        && doc.has_exact(j..j + 1, class::GIVEN)
    {
        end = j + 1;
        words += 1;
        j = doc.after_gap(end);
    }
    // "Quách Văn Luyến": after a middle name any Vietnamese syllable ends
    // the name, listed or not.
    let last = doc.before_gap(end).map_or(end, |b| b + 1).saturating_sub(1);
    if words < 4
        && j > end
        && words >= 2
        && is_middle_name(doc, last)
        && doc.is_cap(j)
        && !tokens[j].all_upper
        && !starts_structure(doc, j)
        && crate::phonotactics::is_vietnamese(doc.word(j))
    {
        end = j + 1;
        words += 1;
        j = doc.after_gap(end);
    }
    let given = words - doc.word_count(i..sh.tokens.end);
    let enough = given >= 1 && (common || words >= 3);
    // A capitalised word straight after the run means a longer proper name.
    let glued = j > end && doc.is_cap(j) && !starts_structure(doc, j);
    (enough && !glued).then_some(end)
}

/// True if token `k` is a syllable that in names is mostly a middle name
/// ("Văn", "Thị", "Đình") and is no common surname: a capitalised middle
/// name and a given name after it ("Văn Toàn") are a person's given name.
pub(crate) fn is_middle_name(doc: &Document<'_>, k: usize) -> bool {
    let Some((h, _)) = doc.longest(k, class::GIVEN) else {
        return false;
    };
    // The entries' facts were read at start-up: this runs on most
    // capitalised words.
    let often_middle = h.tokens.end == k + 1 && doc.lexicon.name_facts(h.entry).often_middle();
    if !often_middle {
        return false;
    }
    !common_surname_at(doc, k)
}

/// True if the longest surname starting at token `i` is a common one.
fn common_surname_at(doc: &Document<'_>, i: usize) -> bool {
    doc.longest(i, class::SURNAME)
        .is_some_and(|(h, _)| doc.lexicon.name_facts(h.entry).common_surname())
}

/// Like [`surname_name_at`], but only for common surnames: a rare one
/// ("Hòa", "Phú") is more likely the start of a place name.
pub(crate) fn common_surname_name_at(doc: &Document<'_>, i: usize) -> Option<usize> {
    common_surname_at(doc, i)
        .then(|| surname_name_at(doc, i))
        .flatten()
}
