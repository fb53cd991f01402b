//! HTML views of annotated documents, for people to review by eye.
//!
//! Three kinds of page, each a pure function from documents (and the
//! results of [`lint`](crate::lint), [`eval`](crate::eval) and
//! [`stats`](crate::stats)) to a string:
//!
//! - [`document_page`]: one document, every entity marked in the text with
//!   its label's colour and its label written beside it, nested spans
//!   inside their parent, the entity's attributes on click, claims and
//!   findings listed with links to their spans.
//! - [`compare_page`]: a gold document and a prediction together, each span
//!   marked with its [`Category`](crate::eval::Category) (missed, spurious,
//!   wrong label, wrong boundary …) as [`eval::compare`](crate::eval::compare)
//!   gives it.
//! - [`Index`]: the list of documents, [`ROWS_PER_PAGE`] rows a page, with
//!   the corpus statistics or the scores on its first page.
//!
//! Pages are self-contained: inline CSS and a little inline script, no
//! fetch of any kind (the Content Security Policy forbids it, and allows no
//! script but the page's own). Text is escaped by one function,
//! [`escape`], so a document containing `<script>` shows it as text.
//!
//! Each entity is one element carrying `data-label`, `data-start` and
//! `data-end` (code points, as given), so that tests and scripts can find
//! them: `document.querySelectorAll("[data-label]")`. Spans that cross
//! cannot all be one element each; the remainder of a cut element is
//! written as fragments without those attributes. The text's element
//! (`.text`) holds the text exactly: carriage returns are written as
//! `&#13;`, which the HTML parser keeps.
//!
//! Colours are those of [`labels::colour`](crate::formats::labels::colour())
//! (Paul Tol's colour-blind-safe "light" scheme), and the label is always
//! written too, so colour is never the only cue.
//!
//! ```
//! use vietag::formats::{Doc, Span};
//! use vietag::html::{document_page, Nav};
//!
//! let doc = Doc::new("a<1>", "Ông Lê Văn Tám về <Hòa Bình>.")
//!     .with_entities(vec![Span::new(4, 14, "PER"), Span::new(19, 27, "LOC")]);
//! let page = document_page(&doc, &[], &Nav::default());
//! assert!(page.contains(r#"data-label="LOC" data-start="19" data-end="27""#));
//! assert!(page.contains("&lt;<mark"));
//! assert!(!page.contains("<Hòa"));
//! ```

mod compare;
mod csp;
mod index;
mod marks;
mod page;

pub use compare::compare_page;
pub use index::{index_file, Index, IndexHead, IndexKind, IndexPage, ROWS_PER_PAGE};
pub use page::document_page;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::Value;

use crate::formats::labels;
use crate::Label;

/// Links from a page to its neighbours, as paths relative to the page
/// (`None`: no link).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nav {
    /// The index page that lists this document.
    pub index: Option<String>,
    /// The previous document's page.
    pub prev: Option<String>,
    /// The next document's page.
    pub next: Option<String>,
}

/// `s` escaped for HTML text and attribute values: `&`, `<`, `>`, `"`
/// and `'` as references, a carriage return as `&#13;` (the parser would
/// turn a raw CR LF into LF, and the text would lose a code point), NUL as
/// U+FFFD (which is what a browser makes of it anyway).
///
/// ```
/// use vietag::html::escape;
/// assert_eq!(escape("<a href='x'>&\"\r\n"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&#13;\n");
/// assert_eq!(escape("Hà Nội"), "Hà Nội");
/// ```
pub fn escape(s: &str) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r' | '\0');
    let Some(first) = s.find(special) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The page's script.
const SCRIPT: &str = include_str!("view.js");

/// The page's style, without the label colours.
const STYLE: &str = include_str!("view.css");

/// The style with a colour rule per label of the guide.
fn style() -> &'static str {
    static STYLE_WITH_LABELS: OnceLock<String> = OnceLock::new();
    STYLE_WITH_LABELS.get_or_init(|| {
        let mut s = String::from(STYLE);
        for l in Label::ALL {
            let _ = writeln!(s, ".c-{}{{--c:{}}}", l.as_str(), labels::colour(l.as_str()));
        }
        s.push_str(".c-other{--c:#fff}\n");
        s
    })
}

/// The Content Security Policy of every page.
fn policy() -> &'static str {
    static POLICY: OnceLock<String> = OnceLock::new();
    POLICY.get_or_init(|| csp::policy(SCRIPT))
}

/// Writes the document head and opens the body.
fn head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"vietag {}\">\n<title>{} — vietag</title>\n\
         <style>\n{}</style>\n</head>\n<body>\n",
        policy(),
        env!("CARGO_PKG_VERSION"),
        escape(title),
        style()
    );
}

/// Writes the script and closes the page.
fn foot(out: &mut String) {
    out.push_str("<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
}

/// Writes the navigation bar, when there is somewhere to go.
fn nav_bar(out: &mut String, nav: &Nav) {
    let links = [
        (&nav.index, "index"),
        (&nav.prev, "← previous"),
        (&nav.next, "next →"),
    ];
    if links.iter().all(|(href, _)| href.is_none()) {
        return;
    }
    out.push_str("<nav>");
    for (href, text) in links {
        if let Some(h) = href {
            let _ = write!(out, "<a href=\"{}\">{text}</a>", escape(h));
        }
    }
    out.push_str("</nav>\n");
}

/// The class that gives `label` its colour: `c-PER` for the guide's
/// labels, `c-other` for the rest (label names never go into the style).
fn label_class(label: &str) -> Cow<'static, str> {
    match Label::ALL.iter().find(|l| l.as_str() == label) {
        Some(l) => Cow::Owned(format!("c-{}", l.as_str())),
        None => Cow::Borrowed("c-other"),
    }
}

/// Writes the legend: a box per label (the guide's nine, then the others
/// of `counts`), with its colour, name and count; the boxes hide and show
/// the label's marks.
fn legend(out: &mut String, counts: &BTreeMap<String, usize>) {
    out.push_str("<ul class=\"legend\">");
    let guide = Label::ALL.iter().map(|l| l.as_str());
    let others = counts
        .keys()
        .map(String::as_str)
        .filter(|k| !Label::ALL.iter().any(|l| l.as_str() == *k));
    for l in guide.chain(others) {
        let n = counts.get(l).copied().unwrap_or(0);
        let class = label_class(l);
        let zero = if n == 0 { " class=\"zero\"" } else { "" };
        let _ = write!(
            out,
            "<li{zero}><label><input type=\"checkbox\" checked data-class=\"{class}\"> \
             <span class=\"swatch {class}\">{}</span> {n}</label></li>",
            escape(l)
        );
    }
    out.push_str("</ul>\n");
}

/// A document id as shown: the string, or the number as written.
fn id_text(id: &Value) -> String {
    crate::eval::id_key(id)
}

/// `s` cut to `max` characters, with an ellipsis when cut.
fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((at, _)) => Cow::Owned(format!("{}…", &s[..at])),
    }
}

/// An attribute value as shown: a string as it is, anything else as JSON.
fn value_text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// Thousands separated by a thin space: 12345 → "12 345".
fn count(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_code_points_countable() {
        let text = "a\r\nb\0<c>";
        let escaped = escape(text);
        assert_eq!(escaped, "a&#13;\nb\u{FFFD}&lt;c&gt;");
        assert!(matches!(escape("không có gì"), Cow::Borrowed(_)));
    }

    #[test]
    fn labels_outside_the_guide_get_no_class_of_their_own() {
        assert_eq!(label_class("LOC"), "c-LOC");
        assert_eq!(label_class("x\" onclick=\"y"), "c-other");
    }

    #[test]
    fn helpers() {
        assert_eq!(shorten("Hà Nội", 2), "Hà…");
        assert_eq!(shorten("Hà", 2), "Hà");
        assert_eq!(count(1234567u64), "1\u{202F}234\u{202F}567");
        assert_eq!(count(12u64), "12");
    }
}
