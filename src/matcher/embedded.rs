//! The embedded lexicons' surfaces as the build script cut them (see
//! `build.rs` and [`super::surface`]): one row an entry of
//! [`default_entries`](crate::lexicon::default_entries), in order.

use super::image::u64_of;
use super::surface::{CaseMask, Cut};

include!(concat!(env!("OUT_DIR"), "/embedded_surfaces.rs"));

/// The embedded lexicons' tables as the build script compiled them
/// ([`super::compile::Tables::write_image`]).
pub(super) static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon_image.bin"));

/// Number of rows: one an embedded entry.
pub(super) const ROWS: usize = SURFACE_ROWS.len();

/// The cut surface of embedded entry `i`, if there is one.
pub(super) fn cut(i: usize) -> Option<Cut<'static>> {
    let &[view, view_len, cuts, cuts_len, cap_lo, cap_hi, upper_lo, upper_hi] =
        SURFACE_ROWS.get(i)?;
    Some(Cut {
        view: SURFACE_VIEWS
            .as_bytes()
            .get(view as usize..(view + view_len) as usize)?,
        cuts: KEY_CUTS.get(cuts as usize..(cuts + cuts_len) as usize)?,
        mask: CaseMask {
            cap: u64_of(cap_lo, cap_hi),
            upper: u64_of(upper_lo, upper_hi),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::surface::Cutter;
    use super::*;
    use crate::text::ViewOptions;

    #[test]
    fn the_cuts_made_at_build_time_are_what_the_cutter_makes_now() {
        let entries = crate::lexicon::default_entries();
        assert_eq!(entries.len(), ROWS);
        let mut cutter = Cutter::default();
        for (i, e) in entries.iter().enumerate() {
            let built = cut(i).expect("a row per entry");
            let now = cutter
                .cut(&e.surface, ViewOptions::default())
                .expect("embedded surfaces can match");
            assert_eq!(
                (built.view, built.cuts, built.mask),
                (now.view, now.cuts, now.mask),
                "{}",
                e.origin
            );
        }
        assert!(cut(ROWS).is_none());
    }
}
