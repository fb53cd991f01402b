//! The LOC tagger: administrative units (with or without their type word),
//! villages, streets, rivers, lakes and parks. Countries and world places
//! come from the plain lexicons (the lexicon tagger).
//!
//! Rules:
//! - a type word with a name or number: "tỉnh Bình Phước", "TP.Tân An",
//!   "phường 3", "ấp 4", "thôn Đông";
//! - a bare gazetteer name when it is capitalised and has two or more
//!   syllables (or names a province); a commune name that reads as a
//!   person's name ("Quang Trung") needs its type word;
//! - a feature word and a capitalised name or number: "đường Hùng Vương",
//!   "sông Bảo Định", "Công viên Xoài", "Quốc lộ 14".
//!
//! When a name fits several units, the tagger prefers the unit whose type
//! agrees with the written type word, then the one in the province most
//! other places of the document belong to, then the unit before the 2025
//! reform.

use std::borrow::Cow;

use super::grammar::{self, class, PlacePhrase, PlaceRules};
use super::{Candidate, Document, Scratch, Tagger};
use crate::attrs::{Attrs, LocAttrs, Rule, Source};
use crate::document::kind_mask;
use crate::label::Label;
use crate::lexicon::{Entry, EntryId};

mod facts;

use facts::{Level, PlaceFacts, UnitFacts};

// `EMBEDDED_FACTS` and `EMBEDDED_TYPES`: the place facts of the embedded
// lexicons' rows, which the build script read with `PlaceFacts::read`.
include!(concat!(env!("OUT_DIR"), "/place_facts.rs"));

/// Tags places.
#[derive(Debug, Default)]
pub(crate) struct LocTagger {
    /// Per lexicon entry, the facts unit choice needs, and the type words.
    facts: PlaceFacts,
}

impl LocTagger {
    /// A tagger over the gazetteer among `entries` (a compiled lexicon's
    /// entries, in its order), of which the first `embedded` are the
    /// embedded lexicons' rows: if they are all the entries, the facts the
    /// build script read are taken, not read again. (Fewer than the rows
    /// written means a row did not become an entry, and the indices would
    /// not line up; a user's rows may name the same units or provinces,
    /// so all the facts are read again.)
    pub(crate) fn new(entries: &[Entry], embedded: usize) -> Self {
        let facts = if embedded == EMBEDDED_FACTS.len() && entries.len() == embedded {
            PlaceFacts {
                facts: Cow::Borrowed(&EMBEDDED_FACTS),
                types: EMBEDDED_TYPES.iter().map(|&t| Cow::Borrowed(t)).collect(),
            }
        } else {
            PlaceFacts::read(entries)
        };
        LocTagger { facts }
    }

    fn facts(&self, entry: u32) -> Option<UnitFacts> {
        self.facts.get(entry)
    }

    /// The interned number of a place's written type word, if any.
    fn type_of(&self, doc: &Document<'_>, p: &PlacePhrase) -> Option<u8> {
        let t = p
            .type_entry
            .and_then(|t| doc.lexicon.entry(t))?
            .attr("type")?;
        self.facts
            .types
            .iter()
            .position(|x| x == t)
            .and_then(|i| u8::try_from(i).ok())
    }

    /// The gazetteer units a place may be: those whose type agrees with the
    /// written type word, if any does ("tỉnh Bình Phước" is the province,
    /// not a commune of that name); otherwise all.
    fn units_of<'d>(
        &'d self,
        doc: &Document<'d>,
        p: &PlacePhrase,
    ) -> impl Iterator<Item = (u32, UnitFacts)> + Clone + 'd {
        let ty = self.type_of(doc, p);
        let doc = *doc;
        let all = p
            .unit_hits(&doc)
            .iter()
            .filter(|h| h.kind == class::ADMIN)
            .flat_map(move |h| doc.lexicon.hit_entry_ids(h))
            .filter_map(move |e| self.facts(e).map(|f| (e, f)));
        let typed = ty.is_some_and(|t| all.clone().any(|(_, f)| f.ty == t));
        all.filter(move |(_, f)| !typed || Some(f.ty) == ty)
    }

    /// How many places of the document point to each province, counting
    /// only names that fit one province.
    fn province_votes(
        &self,
        doc: &Document<'_>,
        places: &[(PlacePhrase, Rule, u8)],
    ) -> Vec<(u32, u32)> {
        let mut votes: Vec<(u32, u32)> = Vec::new();
        for (p, _, _) in places {
            let mut province = None;
            let mut unique = true;
            for (_, f) in self.units_of(doc, p) {
                if f.province == u32::MAX {
                    continue;
                }
                match province {
                    None => province = Some(f.province),
                    Some(old) if old != f.province => unique = false,
                    _ => {}
                }
            }
            if let (Some(prov), true) = (province, unique) {
                match votes.iter_mut().find(|(p, _)| *p == prov) {
                    Some((_, n)) => *n += 1,
                    None => votes.push((prov, 1)),
                }
            }
        }
        votes
    }

    /// The unit chosen for a place, and how many units fit its name.
    fn choose_unit(
        &self,
        doc: &Document<'_>,
        p: &PlacePhrase,
        votes: &[(u32, u32)],
    ) -> Option<(u32, usize)> {
        let mut n = 0;
        let best = self
            .units_of(doc, p)
            .inspect(|_| n += 1)
            .max_by_key(|(_, f)| {
                let vote = votes
                    .iter()
                    .find(|(p, _)| *p == f.province)
                    .map_or(0, |(_, v)| *v);
                (vote, f.pre2025, !f.alias)
            })
            .map(|(e, _)| e);
        best.map(|e| (e, n))
    }

    /// Bare gazetteer names: capitalised (the lexicon checks), two or more
    /// syllables or a province, and not a person's name.
    fn bare_name_ok(&self, doc: &Document<'_>, p: &PlacePhrase) -> bool {
        let Some(name) = &p.name else { return false };
        let words = doc.word_count(name.clone());
        let province = self
            .units_of(doc, p)
            .any(|(_, f)| f.level == Level::Province);
        let only_communes = self
            .units_of(doc, p)
            .all(|(_, f)| f.level == Level::Commune);
        if words < 2 && !province {
            return false;
        }
        if doc.tokens[name.start].all_upper && words < 2 {
            return false;
        }
        if only_communes
            && grammar::common_surname_name_at(doc, name.start).is_some_and(|end| end >= name.end)
        {
            return false;
        }
        if after_surname(doc, name.start) {
            return false;
        }
        // Part of a longer capitalised name ("Bình Phước Long" is not "Bình Phước").
        let next = doc.after_gap(name.end);
        let glued = next > name.end && doc.is_cap(next) && !grammar::starts_structure(doc, next);
        !glued || province
    }

    /// Priority of a place with its type word.
    pub(crate) const PRIORITY_TYPED: u8 = 44;
    /// Priority of a bare gazetteer name.
    pub(crate) const PRIORITY_BARE: u8 = 35;
    /// Priority of a feature with a lower-case feature word.
    pub(crate) const PRIORITY_FEATURE: u8 = 40;
    /// Priority of a feature whose capitalised word may be a surname ("Hồ").
    pub(crate) const PRIORITY_FEATURE_CAP: u8 = 20;
}

impl Tagger for LocTagger {
    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        let mut places: Vec<(PlacePhrase, Rule, u8)> = Vec::new();
        let tokens = doc.tokens;
        // A place starts on a type word or a gazetteer name, a feature on
        // its feature word: most tokens start none of them, and the walk
        // visits only those that do.
        for i in doc.starting_any(FIRST_WORDS) {
            if !tokens[i].is_content() {
                continue;
            }
            let typed = doc.longest(i, class::PLACE_TYPE).is_some();
            if typed {
                if let Some(p) = grammar::place_at(doc, i, PlaceRules::default()) {
                    places.push((p, Rule::LOC_TYPED, Self::PRIORITY_TYPED));
                }
            } else if let Some(p) = grammar::place_at(
                doc,
                i,
                PlaceRules {
                    bare: true,
                    elided: false,
                },
            ) {
                if self.bare_name_ok(doc, &p) {
                    places.push((p, Rule::LOC_BARE, Self::PRIORITY_BARE));
                }
            }
            if let Some(f) = feature_at(doc, i) {
                out.push(f);
            }
        }
        let votes = self.province_votes(doc, &places);
        for (p, rule, priority) in places {
            let mut attrs = LocAttrs {
                type_word: p.type_entry.map(EntryId),
                ..LocAttrs::default()
            };
            if let Some((unit, n)) = self.choose_unit(doc, &p, &votes) {
                attrs.unit = self.facts(unit).map(|f| EntryId(f.canonical));
                attrs.candidates = if n > 1 { n as u32 } else { 0 };
            }
            out.push(Candidate {
                tokens: p.tokens,
                label: Label::Loc,
                attrs: Attrs::Loc(attrs),
                source: Source::Rule(rule),
                priority,
            });
        }
    }

    /// A place written right after the words of an organisation's name
    /// ("Hải quan An Giang", "CSGT Hà Nội", "THPT Quốc Oai") belongs to the
    /// organisation (annotation guide: a place inside an ORG is not tagged
    /// on its own), even when the organisation's own rule did not reach it.
    /// The shorter places inside such a place go with it ("An Giang" in
    /// "Hải quan tỉnh An Giang"). Places inside a span another rule found
    /// are kept for it.
    fn finish(&self, doc: &Document<'_>, out: &mut Vec<Candidate>, _scratch: &mut Scratch) {
        // Places inside a span another rule found (an ORG, a TITLE) stay:
        // they become that span's nested places.
        let covered = |r: &std::ops::Range<usize>| {
            out.iter()
                .any(|o| o.label != Label::Loc && o.tokens.start < r.start && r.end <= o.tokens.end)
        };
        let inside_org: Vec<std::ops::Range<usize>> = out
            .iter()
            .filter(|c| {
                c.label == Label::Loc && after_org_words(doc, c.tokens.start) && !covered(&c.tokens)
            })
            .map(|c| c.tokens.clone())
            .collect();
        if inside_org.is_empty() {
            return;
        }
        out.retain(|c| {
            c.label != Label::Loc
                || !inside_org
                    .iter()
                    .any(|r| r.start <= c.tokens.start && c.tokens.end <= r.end)
        });
    }
}

/// Organisation-name classes whose last word, just before a place name,
/// makes the place part of the organisation's name.
const ORG_WORD_CLASSES: [u8; 4] = [
    class::ORG_NAME,
    class::NAMED_HEAD,
    class::UNIT_BODY,
    class::COMMITTEE,
];

/// How many organisation-name phrases [`after_org_words`] walks back over
/// to find a capitalised one ("Thanh tra giao thông").
const MAX_ORG_PHRASES: usize = 4;

/// True if the token before `start` (separated by one space only) ends an
/// organisation-name phrase that is capitalised or continues a capitalised
/// one, or is an upper-case abbreviation such as an agency's initials. In
/// an upper-case run (a headline) an abbreviation proves nothing.
fn after_org_words(doc: &Document<'_>, start: usize) -> bool {
    let tokens = doc.tokens;
    let Some(first) = tokens.get(start) else {
        return false;
    };
    let Some(prev) = one_space_before(doc, start) else {
        return false;
    };
    if tokens[prev].all_upper
        && !first.all_upper
        && tokens[prev].kind == crate::syllables::TokenKind::Word
        && doc.word(prev).chars().count() >= 2
        && !doc
            .hits_ending(prev + 1)
            .any(|h| h.kind == class::PLACE_TYPE)
    {
        return true;
    }
    let mut end = prev + 1;
    for _ in 0..MAX_ORG_PHRASES {
        let Some(hit_start) = doc
            .hits_ending(end)
            .filter(|h| ORG_WORD_CLASSES.contains(&h.kind))
            .map(|h| h.tokens.start)
            .min()
        else {
            return false;
        };
        if tokens[hit_start].capitalized {
            return true;
        }
        match one_space_before(doc, hit_start) {
            Some(p) => end = p + 1,
            None => return false,
        }
    }
    false
}

/// True if a common surname that starts a capitalised run stands just
/// before `start`: "Nguyễn Tô Hiệu" is a person, not "Nguyễn" and the
/// commune "Tô Hiệu". After a place word the capitalised word is a name
/// ("sông Hồng Hà Nội" has no surname).
fn after_surname(doc: &Document<'_>, start: usize) -> bool {
    let Some(prev) = one_space_before(doc, start) else {
        return false;
    };
    let surname = doc.tokens[prev].capitalized
        && !doc.tokens[prev].all_upper
        && doc.longest(prev, class::SURNAME).is_some_and(|(h, _)| {
            h.tokens.end == prev + 1 && doc.lexicon.name_facts(h.entry).common_surname()
        });
    if !surname {
        return false;
    }
    match doc.before_gap(prev) {
        None => true,
        Some(b) => {
            let t = &doc.tokens[b];
            let place_word = doc
                .hits_ending(b + 1)
                .any(|h| h.kind == class::PLACE_FEATURE || h.kind == class::PLACE_TYPE);
            !(t.kind == crate::syllables::TokenKind::Word && (t.capitalized || place_word))
        }
    }
}

/// The content token just before `i`, when one plain space separates them.
fn one_space_before(doc: &Document<'_>, i: usize) -> Option<usize> {
    let prev = doc.before_gap(i)?;
    (prev + 2 == i && doc.tokens[prev].is_content()).then_some(prev)
}

/// The hit kinds a place or a feature starts with: what
/// [`grammar::place_at`] and [`feature_at`] look for first.
pub(in crate::taggers) const FIRST_WORDS: u128 =
    kind_mask(&[class::PLACE_TYPE, class::ADMIN, class::PLACE_FEATURE]);

fn feature_at(doc: &Document<'_>, i: usize) -> Option<Candidate> {
    let (fh, fe) = doc.longest(i, class::PLACE_FEATURE)?;
    let tokens = doc.tokens;
    let j = doc.after_gap(fh.tokens.end);
    if j == fh.tokens.end {
        return None;
    }
    let end = if let Some((ah, _)) = doc.longest(j, class::ADMIN) {
        ah.tokens.end.max(doc.cap_run(j, 4))
    } else if fe.attr("number") == Some("1")
        && tokens
            .get(j)
            .is_some_and(|t| t.kind == crate::syllables::TokenKind::Number)
    {
        j + 1
    } else {
        let run = doc.cap_run(j, 4);
        if run == j || grammar::starts_structure(doc, j) {
            return None;
        }
        // A word that is both a feature and a media descriptor ("kênh")
        // before a foreign name is a channel ("kênh Fox News"), not a canal.
        if doc.has_exact(i..fh.tokens.end, class::ORG_CUE)
            && super::foreign::is_foreign_word(doc, j, run)
        {
            return None;
        }
        run
    };
    let cap_head = tokens[i].capitalized;
    Some(Candidate {
        tokens: i..end,
        label: Label::Loc,
        attrs: Attrs::Loc(LocAttrs {
            feature: Some(EntryId(fh.entry)),
            ..LocAttrs::default()
        }),
        source: Source::Rule(Rule::LOC_FEATURE),
        priority: if cap_head && doc.has_exact(i..fh.tokens.end, class::SURNAME) {
            LocTagger::PRIORITY_FEATURE_CAP
        } else {
            LocTagger::PRIORITY_FEATURE
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_the_build_script_wrote_are_those_of_the_default_entries() {
        let entries = crate::lexicon::default_entries();
        let read = PlaceFacts::read(&entries);
        let written = LocTagger::new(&entries, entries.len()).facts;
        assert!(
            matches!(written.facts, Cow::Borrowed(_)),
            "not the written facts"
        );
        assert_eq!(written.facts.len(), entries.len());
        assert_eq!(written.facts, read.facts);
        assert_eq!(written.types, read.types);
        let units = (0..entries.len() as u32).filter(|&e| written.get(e).is_some());
        assert!(units.count() > 10_000, "the gazetteer's units have facts");
    }

    #[test]
    fn a_user_entry_makes_the_facts_read_again() {
        let mut entries = crate::lexicon::default_entries();
        let embedded = entries.len();
        entries.extend(
            crate::lexicon::parse_lexicon(
                "user.tsv",
                "surface\tlabel\tid\tattrs\nXã Mới\tloc.admin\tx.moi\tlevel=commune;type=xã;code=99999;era=pre2025\n",
            )
            .expect("a valid lexicon"),
        );
        let tagger = LocTagger::new(&entries, embedded);
        assert!(matches!(tagger.facts.facts, Cow::Owned(_)));
        let user = tagger
            .facts(embedded as u32)
            .expect("the user's unit has facts");
        assert_eq!(user.level, Level::Commune);
        assert!(user.pre2025);
        assert_eq!(user.canonical, embedded as u32);
    }

    #[test]
    fn facts_read_back_from_their_words() {
        for level in [Level::Province, Level::District, Level::Commune] {
            for (pre2025, alias) in [(false, false), (true, false), (false, true), (true, true)] {
                for (province, ty, canonical) in [(7, 255, 40_000), (u32::MAX, 0, 0)] {
                    let f = UnitFacts {
                        province,
                        ty,
                        level,
                        pre2025,
                        alias,
                        canonical,
                    };
                    assert_eq!(UnitFacts::from_words(f.to_words()), Some(f));
                }
            }
        }
        assert_eq!(UnitFacts::from_words([0; 3]), None);
    }
}
