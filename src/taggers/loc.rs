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
use std::collections::HashMap;

use serde_json::{Map, Value};

use super::grammar::{self, class, PlacePhrase, PlaceRules};
use super::{Candidate, Document, Tagger};
use crate::entity::Label;
use crate::lexicon::Entry;

/// Tags places.
#[derive(Debug, Default)]
pub struct LocTagger;

impl LocTagger {
    /// Priority of a place with its type word.
    pub const PRIORITY_TYPED: u8 = 44;
    /// Priority of a bare gazetteer name.
    pub const PRIORITY_BARE: u8 = 35;
    /// Priority of a feature with a lower-case feature word.
    pub const PRIORITY_FEATURE: u8 = 40;
    /// Priority of a feature whose capitalised word may be a surname ("Hồ").
    pub const PRIORITY_FEATURE_CAP: u8 = 20;
}

impl Tagger for LocTagger {
    fn name(&self) -> &'static str {
        "loc"
    }

    fn labels(&self) -> &'static [Label] {
        &[Label::Loc]
    }

    fn tag(&self, doc: &Document<'_>, out: &mut Vec<Candidate>) {
        let mut places: Vec<(PlacePhrase, &'static str, u8)> = Vec::new();
        let tokens = doc.tokens;
        let mut i = 0;
        while i < tokens.len() {
            if !tokens[i].is_content() {
                i += 1;
                continue;
            }
            let typed = grammar::longest(doc, i, class::PLACE_TYPE).is_some();
            if typed {
                if let Some(p) = grammar::place_at(doc, i, PlaceRules::default()) {
                    places.push((p, "rule:loc.typed", Self::PRIORITY_TYPED));
                }
            } else if let Some(p) = grammar::place_at(
                doc,
                i,
                PlaceRules {
                    bare: true,
                    elided: false,
                },
            ) {
                if bare_name_ok(doc, &p) {
                    places.push((p, "rule:loc.bare", Self::PRIORITY_BARE));
                }
            }
            if let Some(f) = feature_at(doc, i) {
                out.push(f);
            }
            i += 1;
        }
        let votes = province_votes(doc, &places);
        for (p, rule, priority) in places {
            let mut attrs = Map::new();
            if let Some(e) = p.type_entry.and_then(|t| doc.lexicon.entry(t)) {
                if let Some(t) = e.attr("type") {
                    attrs.insert("type".into(), Value::String(t.into()));
                }
            }
            if let Some(unit) = choose_unit(doc, &p, &votes) {
                unit_attrs(unit, &mut attrs);
                let n = units_of(doc, &p).count();
                if n > 1 {
                    attrs.insert("candidates".into(), Value::from(n));
                }
            }
            out.push(Candidate {
                tokens: p.tokens,
                label: Label::Loc,
                attrs,
                source: Cow::Borrowed(rule),
                priority,
            });
        }
    }
}

/// Bare gazetteer names: capitalised (the lexicon checks), two or more
/// syllables or a province, and not a person's name.
fn bare_name_ok(doc: &Document<'_>, p: &PlacePhrase) -> bool {
    let Some(name) = &p.name else { return false };
    let words = grammar::word_count(doc.tokens, name.clone());
    let units = &doc.hits[p.units.clone()];
    let entries = || units.iter().flat_map(|h| doc.lexicon.hit_entries(h));
    let province = entries().any(|e| e.attr("level") == Some("province"));
    let only_communes = entries().all(|e| e.attr("level") == Some("commune"));
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
    // Part of a longer capitalised name ("Bình Phước Long" is not "Bình Phước").
    let next = grammar::after_gap(doc.tokens, name.end);
    if next > name.end
        && grammar::is_cap_word(doc.tokens, next)
        && !grammar::starts_structure(doc, next)
        && !province
    {
        return false;
    }
    true
}

fn feature_at(doc: &Document<'_>, i: usize) -> Option<Candidate> {
    let (fh, fe) = grammar::longest(doc, i, class::PLACE_FEATURE)?;
    let tokens = doc.tokens;
    let j = grammar::after_gap(tokens, fh.tokens.end);
    if j == fh.tokens.end {
        return None;
    }
    let end = if let Some((ah, _)) = grammar::longest(doc, j, class::ADMIN) {
        ah.tokens.end.max(grammar::cap_run(tokens, j, 4))
    } else if fe.attr("number") == Some("1")
        && tokens
            .get(j)
            .is_some_and(|t| t.kind == crate::syllables::TokenKind::Number)
    {
        j + 1
    } else {
        let run = grammar::cap_run(tokens, j, 4);
        if run == j || grammar::starts_structure(doc, j) {
            return None;
        }
        run
    };
    let cap_head = tokens[i].capitalized;
    let mut attrs = Map::new();
    if let Some(k) = fe.attr("kind") {
        attrs.insert("kind".into(), Value::String(k.into()));
    }
    Some(Candidate {
        tokens: i..end,
        label: Label::Loc,
        attrs,
        source: Cow::Borrowed("rule:loc.feature"),
        priority: if cap_head && grammar::has_exact(doc, i..fh.tokens.end, class::SURNAME) {
            LocTagger::PRIORITY_FEATURE_CAP
        } else {
            LocTagger::PRIORITY_FEATURE
        },
    })
}

/// How many places of the document point to each province, counting only
/// names that fit one province.
fn province_votes<'d>(
    doc: &Document<'d>,
    places: &[(PlacePhrase, &str, u8)],
) -> HashMap<&'d str, u32> {
    let mut votes = HashMap::new();
    for (p, _, _) in places {
        let mut province: Option<&str> = None;
        let mut unique = true;
        for e in units_of(doc, p) {
            let Some(prov) = province_of(e) else { continue };
            match province {
                None => province = Some(prov),
                Some(old) if old != prov => unique = false,
                _ => {}
            }
        }
        if let (Some(prov), true) = (province, unique) {
            *votes.entry(prov).or_insert(0) += 1;
        }
    }
    votes
}

/// The province id of a unit (its own id for a province).
fn province_of(e: &Entry) -> Option<&str> {
    if e.attr("level") == Some("province") {
        Some(e.id.as_str())
    } else {
        e.attr("province")
    }
}

/// The gazetteer units a place may be: those whose type agrees with the
/// written type word, if any does ("tỉnh Bình Phước" is the province, not a
/// commune of that name); otherwise all.
fn units_of<'d>(doc: &Document<'d>, p: &PlacePhrase) -> impl Iterator<Item = &'d Entry> + Clone {
    let type_word = p
        .type_entry
        .and_then(|t| doc.lexicon.entry(t))
        .and_then(|e| e.attr("type"));
    let all = doc.hits[p.units.clone()]
        .iter()
        .filter(|h| h.kind == class::ADMIN)
        .flat_map(|h| doc.lexicon.hit_entries(h));
    let typed = type_word.is_some_and(|w| all.clone().any(|e| e.attr("type") == Some(w)));
    all.filter(move |e| !typed || e.attr("type") == type_word)
}

fn choose_unit<'d>(
    doc: &Document<'d>,
    p: &PlacePhrase,
    votes: &HashMap<&str, u32>,
) -> Option<&'d Entry> {
    units_of(doc, p).max_by_key(|e| {
        let vote = province_of(e)
            .and_then(|p| votes.get(p))
            .copied()
            .unwrap_or(0);
        let old = u8::from(e.attr("era") == Some("pre2025"));
        let alias = u8::from(e.attr("alias").is_none());
        (vote, old, alias)
    })
}

fn unit_attrs(unit: &Entry, attrs: &mut Map<String, Value>) {
    attrs.insert("id".into(), Value::String(unit.id.clone()));
    for key in [
        "code", "level", "type", "era", "province", "parent", "valid",
    ] {
        if let Some(v) = unit.attr(key) {
            attrs.entry(key).or_insert_with(|| Value::String(v.into()));
        }
    }
    if let Some(s) = unit.attr("successors") {
        attrs.insert(
            "successors".into(),
            Value::Array(s.split('|').map(|x| Value::String(x.into())).collect()),
        );
    }
}
