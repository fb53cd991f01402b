//! Text layer: decoding input, the normalised matching view, and offsets.
//!
//! - [`decode()`] turns the bytes of one document into text (BOM, invalid UTF-8).
//! - [`MatchView`] is the normalised text the matchers run over, with a byte
//!   map back to the original.
//! - [`OffsetUnit`] converts original byte offsets into the unit a user asked
//!   for: code points (the default), UTF-8 bytes or UTF-16 code units.

pub(crate) mod boundary;
pub mod decode;
pub mod fold;
pub mod offsets;
pub(crate) mod swar;
pub mod view;

pub use decode::{decode, DecodeError};
pub use offsets::{OffsetConverter, OffsetUnit};
pub use view::{MatchView, ViewOptions};
