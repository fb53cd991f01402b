//! The table of short keys: a key text of at most 15 bytes, [packed] into
//! one number, → its key id, the root's child along it and what the
//! compiled lexicon keeps for that child.
//!
//! Every token of every document is looked up here, and most lookups of
//! rare words miss the cache, so a lookup reads one slot of 32 bytes (half
//! a cache line) and nothing else: the pack, the key, the child and its
//! payload together. A general hash map read a control byte and then a
//! bucket, one load waiting on the other, and the walk then read the
//! child's payload from the node records, a third.
//!
//! [packed]: super::trie

use super::trie::NONE;

/// A key's pack, its id, the root's child along it and that child's
/// payload. An empty slot has a zero pack, which no key has: a pack holds
/// its text's length in its top byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, align(32))]
pub(super) struct Slot {
    low: u64,
    high: u64,
    /// The key id, or [`NONE`] in an empty slot.
    pub(super) id: u32,
    /// The root's child along the key, or [`NONE`].
    pub(super) root: u32,
    /// What the compiled lexicon keeps for `root` (0 for none).
    pub(super) payload: u32,
}

/// What a lookup that finds no key answers.
pub(super) const MISSING: Slot = Slot {
    low: 0,
    high: 0,
    id: NONE,
    root: NONE,
    payload: 0,
};

/// Open addressing with linear probing over a power-of-two number of
/// slots, at most half of them full, so that a probe mostly ends in the
/// slot it starts at or the one beside it, in the same cache line.
#[derive(Clone, Debug)]
pub(super) struct ShortKeys {
    slots: Vec<Slot>,
    /// How far a hash is shifted right to give a slot index.
    shift: u32,
    /// Number of keys.
    len: usize,
}

impl Default for ShortKeys {
    fn default() -> Self {
        ShortKeys::with_capacity(0)
    }
}

/// Two tables are equal if they hold the same keys, whatever their size
/// and order: a table read from an image is made at its final size, one
/// being built grows.
impl PartialEq for ShortKeys {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && self.full().all(|slot| {
                let packed = u128::from(slot.high) << 64 | u128::from(slot.low);
                other.get(packed) == slot
            })
    }
}

/// Fewest slots a table has: at most 60 bits of a hash are thrown away.
const MIN_SLOTS: usize = 16;

impl ShortKeys {
    /// An empty table with room for `keys` keys before it grows.
    pub(super) fn with_capacity(keys: usize) -> ShortKeys {
        let slots = keys
            .saturating_mul(2)
            .max(MIN_SLOTS)
            .checked_next_power_of_two()
            .unwrap_or(1 << 31);
        ShortKeys {
            slots: vec![MISSING; slots],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
        }
    }

    /// The slot a probe for `packed` starts at.
    #[inline(always)]
    fn home(&self, low: u64, high: u64) -> usize {
        // The text's first eight bytes and the rest with the length, mixed
        // by one multiplication; the top bits of the product are the best.
        let h = (low ^ high.rotate_left(32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> self.shift) as usize
    }

    /// The slot of the key packed as `packed`, or [`MISSING`].
    #[inline(always)]
    pub(super) fn get(&self, packed: u128) -> &Slot {
        let (low, high) = (packed as u64, (packed >> 64) as u64);
        let mask = self.slots.len() - 1;
        let mut i = self.home(low, high);
        // Ends: at most half of the slots are full.
        loop {
            let Some(slot) = self.slots.get(i) else {
                return &MISSING;
            };
            if slot.low == low && slot.high == high {
                return slot;
            }
            if slot.high == 0 {
                return &MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts key `id`, packed as `packed`, in the table, with no root child
    /// yet (see [`Self::link`]); false if the table held that pack
    /// already. The empty text is no key: it is not stored.
    pub(super) fn insert(&mut self, packed: u128, id: u32) -> bool {
        let (low, high) = (packed as u64, (packed >> 64) as u64);
        if high == 0 {
            return true;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(Slot {
            low,
            high,
            id,
            ..MISSING
        })
    }

    /// Puts `new` in the first slot free from its home; false if a slot
    /// held its pack already.
    fn place(&mut self, new: Slot) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = self.home(new.low, new.high);
        loop {
            let Some(slot) = self.slots.get_mut(i) else {
                return false;
            };
            if slot.low == new.low && slot.high == new.high {
                return false;
            }
            if slot.high == 0 {
                *slot = new;
                self.len += 1;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /// Twice the slots, every key placed again.
    fn grow(&mut self) {
        let old = std::mem::replace(self, ShortKeys::with_capacity(self.slots.len()));
        for &slot in old.full() {
            self.place(slot);
        }
    }

    /// The slots that hold a key.
    fn full(&self) -> impl Iterator<Item = &Slot> {
        self.slots.iter().filter(|s| s.high != 0)
    }

    /// Sets each key's root child and its payload, by key id.
    pub(super) fn link(&mut self, root_and_payload: impl Fn(u32) -> (u32, u32)) {
        for slot in self.slots.iter_mut().filter(|s| s.high != 0) {
            (slot.root, slot.payload) = root_and_payload(slot.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_of(n: u32) -> u128 {
        u128::from(n) | 4u128 << 120
    }

    #[test]
    fn keys_are_found_after_growing_and_others_are_not() {
        let mut table = ShortKeys::default();
        for n in 0..5000 {
            assert!(table.insert(pack_of(n * 7), n));
        }
        assert!(!table.insert(pack_of(7), 99), "a pack twice");
        assert_eq!(table.len, 5000);
        assert_eq!(table.full().count(), 5000);
        table.link(|id| (id + 1, id + 2));
        for n in 0..5000 {
            let slot = table.get(pack_of(n * 7));
            assert_eq!((slot.id, slot.root, slot.payload), (n, n + 1, n + 2));
            assert_eq!(table.get(pack_of(n * 7 + 1)), &MISSING);
        }
        assert_eq!(table.get(0), &MISSING, "the empty text");
        assert!(table.insert(0, 5));
        assert_eq!(table.get(0).id, NONE);
    }

    #[test]
    fn tables_with_the_same_keys_are_equal_whatever_their_size() {
        let mut grown = ShortKeys::default();
        let mut sized = ShortKeys::with_capacity(1000);
        for n in 0..300 {
            grown.insert(pack_of(n), n);
            sized.insert(pack_of(299 - n), 299 - n);
        }
        assert_ne!(grown.slots.len(), sized.slots.len());
        assert_eq!(grown, sized);
        sized.link(|id| (id, 0));
        assert_ne!(grown, sized, "a root child differs");
    }
}
