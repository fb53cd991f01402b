//! What choosing between gazetteer units needs of each lexicon entry, read
//! from the entries' attributes: the place facts.
//!
//! The build script reads the facts of the embedded lexicons with this
//! code and writes them into the binary (see [`super::LocTagger::new`]);
//! only a user's lexicon makes start-up read them again
//! ([`PlaceFacts::read`]): read at every start, they were half the
//! instructions of a one-line document's start-up (callgrind).

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::lexicon::{ClassId, Entry, EntryClass};

/// What choosing between units needs to know about one gazetteer entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UnitFacts {
    /// Index of the province's entry id in order of first mention
    /// (interned as a number).
    pub(crate) province: u32,
    /// Interned type word.
    pub(crate) ty: u8,
    pub(crate) level: Level,
    pub(crate) pre2025: bool,
    pub(crate) alias: bool,
    /// The unit entry (not an alias) with the same id: its attributes are
    /// the place's.
    pub(crate) canonical: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    Province,
    District,
    Commune,
}

/// [`UnitFacts`] in three words, as the build script writes them: the
/// province, the canonical entry, and the type with the flags; all zero
/// for an entry that is no unit.
pub(crate) type FactWords = [u32; 3];

/// The bits of the third [`FactWords`] word: the type word's number in
/// the lowest eight, the level in the next two, then the flags.
const TYPE: u32 = 0xFF;
const LEVEL_SHIFT: u32 = 8;
const LEVEL: u32 = 3 << LEVEL_SHIFT;
/// The unit was in force before the 2025 reform.
const PRE2025: u32 = 1 << 10;
/// The entry is an alias of a unit.
const ALIAS: u32 = 1 << 11;
/// Set for every unit: a unit's words are never all zero.
const UNIT: u32 = 1 << 12;

impl UnitFacts {
    pub(crate) fn to_words(self) -> FactWords {
        let level = match self.level {
            Level::Province => 0,
            Level::District => 1,
            Level::Commune => 2,
        };
        let flags = UNIT
            | u32::from(self.ty)
            | level << LEVEL_SHIFT
            | if self.pre2025 { PRE2025 } else { 0 }
            | if self.alias { ALIAS } else { 0 };
        [self.province, self.canonical, flags]
    }

    pub(crate) fn from_words([province, canonical, flags]: FactWords) -> Option<UnitFacts> {
        if flags & UNIT == 0 {
            return None;
        }
        let level = match (flags & LEVEL) >> LEVEL_SHIFT {
            0 => Level::Province,
            1 => Level::District,
            _ => Level::Commune,
        };
        Some(UnitFacts {
            province,
            ty: (flags & TYPE) as u8,
            level,
            pre2025: flags & PRE2025 != 0,
            alias: flags & ALIAS != 0,
            canonical,
        })
    }
}

/// The place facts of a compiled lexicon's entries, in its order.
#[derive(Clone, Debug, Default)]
pub(crate) struct PlaceFacts {
    /// Per entry, its [`FactWords`].
    pub(crate) facts: Cow<'static, [FactWords]>,
    /// Interned type words ("tỉnh", "xã" …).
    pub(crate) types: Vec<Cow<'static, str>>,
}

impl PlaceFacts {
    /// The facts of `entries`, read from their attributes.
    pub(crate) fn read(entries: &[Entry]) -> PlaceFacts {
        // The unit entry of each id, for aliases to point to.
        let mut units: FxHashMap<&str, u32> = FxHashMap::default();
        let mut types: Vec<Cow<'static, str>> = Vec::new();
        let mut provinces: FxHashMap<&str, u32> = FxHashMap::default();
        let mut intern_type = |t: &str| -> u8 {
            let at = types.iter().position(|x| x == t).unwrap_or_else(|| {
                types.push(Cow::Owned(t.to_string()));
                types.len() - 1
            });
            u8::try_from(at).unwrap_or(u8::MAX)
        };
        let mut facts = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let admin = e.class == EntryClass::Class(ClassId::LOC_ADMIN);
            let place_type = e.class == EntryClass::Class(ClassId::LOC_TYPE);
            if place_type {
                // Type words get their number too, to compare with units'.
                if let Some(t) = e.attr("type") {
                    intern_type(t);
                }
            }
            if !admin {
                facts.push(None);
                continue;
            }
            // One pass over the entry's attributes: there are some 14,000
            // units.
            let (mut level, mut province_attr, mut ty, mut pre2025, mut alias) =
                (Level::Commune, None, None, false, false);
            for (k, v) in e.attrs.iter() {
                match k {
                    "level" if v == "province" => level = Level::Province,
                    "level" if v == "district" => level = Level::District,
                    "province" => province_attr = Some(v),
                    "type" => ty = Some(v),
                    "era" => pre2025 = v == "pre2025",
                    "alias" => alias = true,
                    _ => {}
                }
            }
            let prov_id = if level == Level::Province {
                Some(&*e.id)
            } else {
                province_attr
            };
            let next = provinces.len() as u32;
            let province = prov_id.map_or(u32::MAX, |p| *provinces.entry(p).or_insert(next));
            if !alias {
                units.entry(&*e.id).or_insert(i as u32);
            }
            facts.push(Some(UnitFacts {
                province,
                ty: ty.map_or(u8::MAX, &mut intern_type),
                level,
                pre2025,
                alias,
                canonical: i as u32,
            }));
        }
        // Now that every unit is known, each entry points to the first unit
        // entry of its id (an alias may come before it).
        for (e, f) in entries.iter().zip(facts.iter_mut()) {
            if let Some(f) = f.as_mut() {
                f.canonical = units.get(&*e.id).copied().unwrap_or(f.canonical);
            }
        }
        let facts = facts
            .into_iter()
            .map(|f| f.map_or([0; 3], UnitFacts::to_words))
            .collect();
        PlaceFacts {
            facts: Cow::Owned(facts),
            types,
        }
    }

    /// The facts of entry `entry`, if it is a unit.
    #[inline]
    pub(crate) fn get(&self, entry: u32) -> Option<UnitFacts> {
        self.facts
            .get(entry as usize)
            .copied()
            .and_then(UnitFacts::from_words)
    }
}
