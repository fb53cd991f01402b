//! The labels annotation tools are told about: the guide's nine labels in
//! its order, with a colour and a shortcut key each, then any other label
//! a file uses.

use crate::label::Label;

/// Colour (`#rrggbb`) and shortcut key of each label of the guide. The
/// colours are Paul Tol's "light" qualitative scheme (nine colours, made to
/// stay distinct in colour-blind vision and to carry black text); the most
/// frequent labels get the most distinct ones.
const STYLES: [(Label, &str, char); 9] = [
    (Label::Per, "#ee8866", 'p'),
    (Label::Title, "#ffaabb", 't'),
    (Label::Org, "#77aadd", 'o'),
    (Label::Loc, "#44bb99", 'l'),
    (Label::DocRef, "#dddddd", 'r'),
    (Label::Date, "#eedd88", 'd'),
    (Label::Percent, "#99ddff", 'c'),
    (Label::Money, "#aaaa00", 'm'),
    (Label::Quantity, "#bbcc33", 'q'),
];

/// The colour of labels outside the guide.
pub const OTHER_COLOUR: &str = "#bdbdbd";

/// The colour of `label` in tool configs.
///
/// ```
/// assert_eq!(vietag::formats::labels::colour("PER"), "#ee8866");
/// assert_eq!(vietag::formats::labels::colour("MISC"), "#bdbdbd");
/// ```
pub fn colour(label: &str) -> &'static str {
    STYLES
        .iter()
        .find(|s| s.0.as_str() == label)
        .map_or(OTHER_COLOUR, |s| s.1)
}

/// The keyboard shortcut of `label`, for labels of the guide.
pub fn shortcut(label: &str) -> Option<char> {
    STYLES.iter().find(|s| s.0.as_str() == label).map(|s| s.2)
}

/// Every label of the guide, in its order, then the other labels of
/// `used` in sorted order, each once.
///
/// ```
/// let all = vietag::formats::labels::schema(["MISC", "PER", "EVENT", "MISC"]);
/// assert_eq!(all.len(), 11);
/// assert_eq!((all[0].as_str(), all[9].as_str(), all[10].as_str()), ("PER", "EVENT", "MISC"));
/// ```
pub fn schema<'a>(used: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Label::ALL.iter().map(|l| l.as_str().to_string()).collect();
    let mut extra: Vec<String> = used
        .into_iter()
        .filter(|l| !out.iter().any(|o| o == l))
        .map(str::to_string)
        .collect();
    extra.sort();
    extra.dedup();
    out.extend(extra);
    out
}
