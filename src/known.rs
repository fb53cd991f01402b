//! Text written in this crate's code, never taken from data (a label, a
//! rule's name, a kind), as records carry it.

use serde::{ser, Serialize};

/// Text written in this crate's code, never taken from data: serialised
/// as a unit variant, which serde_json writes as the string it is and the
/// crate's record writer copies without looking for bytes to escape (as
/// it does field names). Kept apart from the writer so that the claims
/// layer, which the formats build on, can name it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Known(pub(crate) &'static str);

impl Serialize for Known {
    #[inline(always)]
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit_variant("Known", 0, self.0)
    }
}
