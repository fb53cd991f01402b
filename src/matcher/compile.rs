//! Compiling lexicon entries into the matcher's tables: every surface into
//! the trie of token keys, and the entries of each trie node into groups of
//! one kind and case rule.
//!
//! The build script compiles the embedded lexicons with this same code and
//! stores the tables as an image ([`Tables::write_image`]); start-up with
//! the default lexicons reads the image back ([`Tables::read_image`]), and
//! compiles only when a user's lexicon or view joins them.

use std::ops::Range;

use super::image::{u64_of, u64_words, ImageReader, ImageWriter};
use super::surface::{CaseMask, Cut, Cutter};
use super::trie::{TokenTrie, TrieBuilder, NONE};
use crate::lexicon::{CaseRule, Entry, LexiconError, LexiconIssue};
use crate::text::ViewOptions;

/// Entries that share a surface, kind and case rule: what matching reads
/// of them, 24 bytes (their range in `entry_order` is kept apart, in
/// [`Tables::members`], as only the taggers read it).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Group {
    pub(super) kind: u8,
    /// The first of its entries, the one a hit names.
    pub(super) first_entry: u32,
    /// The capitals its entries need, none for any case: kept here so
    /// that matching reads no entry.
    pub(super) case: CaseMask,
}

/// Where the groups of a trie node start in [`Tables::groups`],
/// whether it has any, whether every one of them needs its first word
/// capitalised, and whether none has a case rule, in one `u32`: most steps
/// of a walk reach a node with no groups and read only this; most words of
/// a text are not capitalised, and a name's node is then passed over
/// without reading its groups; and the groups of most nodes a walk reports
/// (function words, units) take any case, and are reported without a
/// check each.
#[derive(Clone, Copy, Debug)]
pub(super) struct NodeGroups(pub(super) u32);

impl NodeGroups {
    fn new(first: u32, any: bool, needs_capital: bool, any_case: bool) -> Self {
        NodeGroups(
            first << 3 | u32::from(any_case) << 2 | u32::from(needs_capital) << 1 | u32::from(any),
        )
    }

    /// The index of the node's first group.
    #[inline]
    pub(super) fn first(self) -> u32 {
        self.0 >> 3
    }

    /// True if a pattern ends at the node.
    #[inline]
    pub(super) fn any(self) -> bool {
        self.0 & 1 != 0
    }

    /// True if every group of the node needs its first word capitalised.
    #[inline]
    pub(super) fn needs_capital(self) -> bool {
        self.0 & 2 != 0
    }

    /// True if no group of the node has a case rule.
    #[inline]
    pub(super) fn any_case(self) -> bool {
        self.0 & 4 != 0
    }
}

/// What matching reads of a set of compiled entries.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tables {
    /// The trie, whose nodes each keep their [`NodeGroups`] (see
    /// [`TokenTrie::set_payloads`]): the groups of the pattern that ends at
    /// node `n` (entries with that normalised surface and the same kind
    /// and case rule, checked together) run from the first of node `n` to
    /// the first of node `n + 1`. Groups lie in node order, so a walk's
    /// step reads the node's record before the groups, not a pattern
    /// number and then its range.
    pub(super) trie: TokenTrie,
    pub(super) groups: Vec<Group>,
    /// Per group, its entries: a range of `entry_order`.
    pub(super) members: Vec<Range<u32>>,
    pub(super) entry_order: Vec<u32>,
    /// The key of a space if no pattern ends on one, else `NONE`: a walk's
    /// step along it reports nothing, and does not read the record of the
    /// node it reaches for its groups. Almost every walk takes that step,
    /// after the word it started at, and the node's record, read only to
    /// find it has no groups, was a third of the cache misses of reading
    /// nodes' groups (callgrind's simulation with a 512 KB last level, on
    /// news). Made from the tables, not stored in their image.
    pub(super) quiet_key: u32,
}

/// Compiles `entries`, their surfaces normalised with `view_options`
/// exactly as documents will be; `precut` gives the surfaces cut at build
/// time, by entry (see [`insert_surfaces`]).
pub(crate) fn compile<'a>(
    entries: &[Entry],
    view_options: ViewOptions,
    precut: impl Fn(usize) -> Option<Cut<'a>>,
) -> Result<Tables, LexiconError> {
    let patterns = insert_surfaces(entries, view_options, precut)?;
    let by_node = by_node(&patterns.ends, patterns.by_pattern);
    let grouping = group_entries(entries, &patterns.masks, by_node);
    let mut trie = patterns.trie;
    trie.set_payloads(grouping.node_groups.into_iter().map(|g| g.0));
    Ok(Tables::new(
        trie,
        grouping.groups,
        grouping.members,
        grouping.entry_order,
    ))
}

impl Tables {
    fn new(
        trie: TokenTrie,
        groups: Vec<Group>,
        members: Vec<Range<u32>>,
        entry_order: Vec<u32>,
    ) -> Tables {
        // Surfaces end on a letter, digit or punctuation, so no pattern
        // ends on a space; checked here rather than assumed.
        let ends_on_space = trie.space_children().any(|child| {
            trie.payload(child as usize)
                .is_some_and(|p| NodeGroups(p).any())
        });
        let quiet_key = match ends_on_space {
            true => NONE,
            false => trie.space_key(),
        };
        Tables {
            trie,
            groups,
            members,
            entry_order,
            quiet_key,
        }
    }

    /// The groups `range` (those of one node), none if out of range.
    #[inline]
    pub(super) fn groups_of(&self, range: &Range<u32>) -> &[Group] {
        let range = range.start as usize..range.end as usize;
        self.groups.get(range).unwrap_or_default()
    }

    /// Writes the tables to `w`, for [`Self::read_image`].
    #[cfg_attr(not(test), allow(dead_code))] // the build script's
    pub(crate) fn write_image(&self, w: &mut ImageWriter) {
        self.trie.write_image(w);
        w.list(&self.groups, |g| {
            let ([cap_lo, cap_hi], [upper_lo, upper_hi]) =
                (u64_words(g.case.cap), u64_words(g.case.upper));
            [
                u32::from(g.kind),
                g.first_entry,
                cap_lo,
                cap_hi,
                upper_lo,
                upper_hi,
            ]
        });
        w.list(&self.members, |m| [m.start, m.end]);
        w.list(&self.entry_order, |&e| [e]);
    }

    /// The tables written by [`Self::write_image`] into `image`, or `None`
    /// if `image` is not one whole image.
    pub(crate) fn read_image(image: &[u8]) -> Option<Tables> {
        let mut r = ImageReader::new(image);
        let trie = TokenTrie::read_image(&mut r)?;
        let groups = r.list(
            |[kind, first_entry, cap_lo, cap_hi, upper_lo, upper_hi]| Group {
                kind: kind as u8,
                first_entry,
                case: CaseMask {
                    cap: u64_of(cap_lo, cap_hi),
                    upper: u64_of(upper_lo, upper_hi),
                },
            },
        )?;
        let members = r.list(|[start, end]| start..end)?;
        let entry_order = r.list(|[e]| e)?;
        r.is_done()
            .then(|| Tables::new(trie, groups, members, entry_order))
    }
}

/// Lexicon surfaces inserted into the trie, before their entries are grouped.
struct Patterns {
    trie: TokenTrie,
    /// The pattern that ends at each trie node, or `NONE`.
    ends: Vec<u32>,
    /// The entries of each pattern, in pattern order.
    by_pattern: Vec<Vec<u32>>,
    /// Per entry, the capitals of its surface.
    masks: Vec<CaseMask>,
}

/// Normalises and tokenises every surface as documents will be, and inserts
/// it into a new trie; every surface that can never match is reported (all of
/// them, not just the first). `precut` gives the surfaces cut at build time
/// (those of the embedded lexicons), by entry; the others are cut here.
fn insert_surfaces<'a>(
    entries: &[Entry],
    view_options: ViewOptions,
    precut: impl Fn(usize) -> Option<Cut<'a>>,
) -> Result<Patterns, LexiconError> {
    let mut cutter = Cutter::default();
    let mut trie = TrieBuilder::default();
    let mut by_pattern: Vec<Vec<u32>> = Vec::new();
    let mut masks = Vec::with_capacity(entries.len());
    let mut issues = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let cut = match precut(i) {
            Some(cut) => Some(cut),
            None => cutter.cut(&entry.surface, view_options),
        };
        let Some(cut) = cut else {
            issues.push(LexiconIssue {
                file: entry.origin.file.clone(),
                line: entry.origin.line,
                message: format!("surface '{}' cannot be matched: it must be on one line and start and end with a letter, digit or punctuation", entry.surface),
            });
            continue;
        };
        masks.push(cut.mask);
        let pattern = trie.insert(cut.view, cut.cuts) as usize;
        if pattern >= by_pattern.len() {
            by_pattern.resize_with(pattern + 1, Vec::new);
        }
        by_pattern[pattern].push(i as u32);
    }
    if !issues.is_empty() {
        return Err(LexiconError { issues });
    }
    let (trie, ends) = trie.finish();
    Ok(Patterns {
        trie,
        ends,
        by_pattern,
        masks,
    })
}

/// The entries of the pattern that ends at each trie node, in node order
/// (none for a node where no pattern ends), from the entries of each
/// pattern.
fn by_node(
    ends: &[u32],
    mut by_pattern: Vec<Vec<u32>>,
) -> impl ExactSizeIterator<Item = Vec<u32>> + '_ {
    ends.iter().map(move |&pattern| {
        by_pattern
            .get_mut(pattern as usize)
            .map(std::mem::take)
            .unwrap_or_default()
    })
}

/// The tables that say which entries each node holds.
struct Grouping {
    node_groups: Vec<NodeGroups>,
    groups: Vec<Group>,
    members: Vec<Range<u32>>,
    entry_order: Vec<u32>,
}

/// Splits the entries of each trie node (see [`by_node`]) into groups of
/// one kind and case rule, so that matching checks the case once per
/// group.
fn group_entries(
    entries: &[Entry],
    masks: &[CaseMask],
    by_node: impl ExactSizeIterator<Item = Vec<u32>>,
) -> Grouping {
    let kinds: Vec<u8> = entries.iter().map(|e| e.class.kind()).collect();
    let mut node_groups: Vec<NodeGroups> = Vec::with_capacity(by_node.len() + 1);
    let mut groups: Vec<Group> = Vec::new();
    let mut members: Vec<Range<u32>> = Vec::new();
    let mut entry_order = Vec::with_capacity(entries.len());
    // Entries group only within one class, so that no tagger loses an
    // entry of its own class behind another's.
    let group_key = |e: u32| {
        let m = masks[e as usize];
        (
            kinds[e as usize],
            entries[e as usize].case == CaseRule::Cap,
            m.cap,
            m.upper,
        )
    };
    // One node's groups with their members, before they are put in order.
    let mut found: Vec<(Group, Range<u32>)> = Vec::new();
    for mut list in by_node {
        let first_group = groups.len() as u32;
        list.sort_by_key(|&e| (group_key(e), e));
        found.clear();
        for e in list {
            let same = found
                .last()
                .is_some_and(|(_, m)| group_key(entry_order[m.start as usize]) == group_key(e));
            entry_order.push(e);
            let end = entry_order.len() as u32;
            match found.last_mut() {
                Some((_, m)) if same => m.end = end,
                _ => found.push((
                    Group {
                        kind: kinds[e as usize],
                        first_entry: e,
                        case: if entries[e as usize].case == CaseRule::Cap {
                            masks[e as usize]
                        } else {
                            CaseMask::default()
                        },
                    },
                    end - 1..end,
                )),
            }
        }
        // In order of first entry, the order of their hits: the hits of a
        // walk along single keys then come out sorted.
        found.sort_unstable_by_key(|(g, _)| g.first_entry);
        let needs_capital = !found.is_empty() && found.iter().all(|(g, _)| g.case.cap & 1 != 0);
        let any_case = found.iter().all(|(g, _)| g.case == CaseMask::default());
        node_groups.push(NodeGroups::new(
            first_group,
            !found.is_empty(),
            needs_capital,
            any_case,
        ));
        for (g, m) in found.drain(..) {
            groups.push(g);
            members.push(m);
        }
    }
    node_groups.push(NodeGroups::new(groups.len() as u32, false, false, false));
    Grouping {
        node_groups,
        groups,
        members,
        entry_order,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{default_entries, parse_lexicon};

    /// Fails if the build script's image drifts from what the library
    /// compiles (a field left out of the image, a key map made again
    /// differently, a build script that compiles with other options).
    #[test]
    fn the_embedded_image_is_what_compiling_the_embedded_entries_makes() {
        let entries = default_entries();
        let compiled = compile(&entries, ViewOptions::default(), |_| None);
        let compiled = compiled.expect("the default lexicons compile");
        let read = Tables::read_image(super::super::embedded::IMAGE);
        let read = read.expect("the embedded image reads");
        assert!(
            read == compiled,
            "the embedded image differs from the compiled tables"
        );
        assert!(read.trie.pattern_count() > 10_000);
    }

    /// Fails if a walk's step along a space is quiet while a pattern ends
    /// on one, or is never quiet.
    #[test]
    fn steps_along_a_space_are_quiet_only_while_no_pattern_ends_on_one() {
        let lexicon = "surface\tlabel\tid\tattrs\nHà Nội\tLOC\tL1\t\nAn\tPER\tP1\t\n";
        let entries = parse_lexicon("t.tsv", lexicon).expect("the test lexicon parses");
        let tables = compile(&entries, ViewOptions::default(), |_| None);
        let Tables {
            mut trie,
            groups,
            members,
            entry_order,
            quiet_key,
        } = tables.expect("the test lexicon compiles");
        assert_ne!(quiet_key, NONE);
        assert_eq!(quiet_key, trie.space_key());
        // The node after "hà" and a space given a group, as if a pattern
        // ended there.
        let spaced: Vec<u32> = trie.space_children().collect();
        assert_eq!(spaced.len(), 1);
        let payloads: Vec<u32> = (0..)
            .map_while(|n| trie.payload(n))
            .enumerate()
            .map(|(n, p)| match n == spaced[0] as usize {
                true => NodeGroups::new(0, true, false, true).0,
                false => p,
            })
            .collect();
        trie.set_payloads(payloads);
        let tables = Tables::new(trie, groups, members, entry_order);
        assert_eq!(tables.quiet_key, NONE);
    }

    #[test]
    fn tables_written_read_back_the_same_and_a_cut_image_is_refused() {
        let lexicon = "surface\tlabel\tid\tattrs\n\
                       Hà Nội\tLOC\tL1\t\n\
                       hà nội\tLOC\tL2\tcase=any\n\
                       Công ty Cổ phần Sữa Việt Nam\tORG\tO1\t\n";
        let entries = parse_lexicon("t.tsv", lexicon).expect("the test lexicon parses");
        let tables = compile(&entries, ViewOptions::default(), |_| None);
        let tables = tables.expect("the test lexicon compiles");
        let mut w = ImageWriter::default();
        tables.write_image(&mut w);
        let image = w.finish();
        assert_eq!(Tables::read_image(&image), Some(tables));
        for cut in [4, image.len() / 2, image.len() - 4] {
            let part = image.get(..cut).unwrap_or_default();
            assert_eq!(Tables::read_image(part), None, "cut at {cut}");
        }
        let mut longer = image.clone();
        longer.extend_from_slice(&[0; 4]);
        assert_eq!(Tables::read_image(&longer), None);
    }
}
