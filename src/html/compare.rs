//! The page of one document annotated twice: gold and prediction together,
//! each span marked with its error category.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::marks::{self, Mark};
use super::page::{label_counts, placed, span_link, tooltip};
use super::{count, escape, foot, head, id_text, label_class, legend, nav_bar, Nav};
use crate::eval::{Category, Comparison};
use crate::formats::{CharMap, Doc, Span};

/// The class of a category: `k-wrong-label-boundary`.
fn category_class(c: Category) -> String {
    format!("k-{}", c.name().replace([' ', '+'], "-"))
}

/// One side of the comparison.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Gold,
    Pred,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Gold => "gold",
            Side::Pred => "pred",
        }
    }

    /// The first letter of the element ids: `g3`, `p3`.
    fn anchor(self) -> &'static str {
        match self {
            Side::Gold => "g",
            Side::Pred => "p",
        }
    }
}

/// A scored span: its side, index, category and the span it is paired with.
#[derive(Clone, Copy)]
struct Scored {
    side: Side,
    index: usize,
    category: Category,
    pair: Option<usize>,
}

/// Every scored span of `cmp`, gold ones first (indices that are not in
/// the documents, from a comparison of other documents, are left out).
fn scored(cmp: &Comparison, gold: &Doc, pred: &Doc) -> Vec<Scored> {
    let mut out = Vec::with_capacity(cmp.outcomes.len() * 2);
    for o in &cmp.outcomes {
        if let Some(g) = o.gold.filter(|&g| g < gold.entities.len()) {
            out.push(Scored {
                side: Side::Gold,
                index: g,
                category: o.category,
                pair: o.pred,
            });
        }
    }
    for o in &cmp.outcomes {
        if let Some(p) = o.pred.filter(|&p| p < pred.entities.len()) {
            out.push(Scored {
                side: Side::Pred,
                index: p,
                category: o.category,
                pair: o.gold,
            });
        }
    }
    out
}

/// The two documents and the text their spans are drawn on.
struct View<'a> {
    gold: &'a Doc,
    pred: &'a Doc,
    text: &'a str,
    map: CharMap,
}

impl<'a> View<'a> {
    fn new(gold: &'a Doc, pred: &'a Doc) -> Self {
        let text = if gold.text.is_empty() {
            &pred.text
        } else {
            &gold.text
        };
        View {
            gold,
            pred,
            text,
            map: CharMap::new(text),
        }
    }

    fn doc(&self, side: Side) -> &'a Doc {
        match side {
            Side::Gold => self.gold,
            Side::Pred => self.pred,
        }
    }

    fn entity(&self, s: &Scored) -> &'a Span {
        &self.doc(s.side).entities[s.index]
    }

    /// The text of a span: the drawn text's, else the one its record gives.
    fn surface(&self, e: &'a Span) -> &'a str {
        self.map
            .bytes(e.start, e.end)
            .and_then(|r| self.text.get(r))
            .or(e.text.as_deref())
            .unwrap_or("")
    }

    fn placed(&self, s: &Scored) -> bool {
        placed(self.entity(s), &self.map)
    }
}

/// The page of `gold` compared with `pred`, as [`compare`] compared them
/// (`cmp`). Gold spans are filled with their label's colour, predicted
/// spans underlined in theirs; each carries `data-side` (`gold`, `pred`)
/// and `data-category` (the [`Category`] name) besides `data-label`,
/// `data-start` and `data-end`, and its tag says the category.
/// Spans are drawn on the gold text (the prediction's when the gold
/// document has none). Only the scored spans are drawn: one element each.
///
/// [`compare`]: crate::eval::compare
pub fn compare_page(gold: &Doc, pred: &Doc, cmp: &Comparison, nav: &Nav) -> String {
    let view = View::new(gold, pred);
    let spans = scored(cmp, gold, pred);
    let mut out = String::with_capacity(view.text.len() * 2 + spans.len() * 700 + 16_384);
    let title = id_text(&gold.id);
    head(&mut out, &format!("{title} (gold and prediction)"));
    out.push_str("<header>\n");
    nav_bar(&mut out, nav);
    let _ = writeln!(
        out,
        "<h1>{} <small>gold and prediction</small></h1>",
        escape(&title)
    );
    compare_summary(&mut out, &view, cmp, &spans);
    category_legend(&mut out, &spans);
    legend(
        &mut out,
        &label_counts(spans.iter().map(|s| view.entity(s))),
    );
    out.push_str("</header>\n<main>\n<div class=\"text\" id=\"text\" lang=\"vi\">");
    let text_marks: Vec<Mark> = spans
        .iter()
        .filter(|s| view.placed(s))
        .map(|s| span_mark(&view, s))
        .collect();
    marks::render(view.text, &text_marks, &mut out);
    out.push_str(
        "</div>\n<aside id=\"panel\">Click a marked span to see its attributes.</aside>\n</main>\n",
    );
    unplaced_section(&mut out, &view, &spans);
    errors_section(&mut out, &view, cmp);
    spans_section(&mut out, &view, &spans);
    foot(&mut out);
    out
}

fn compare_summary(out: &mut String, view: &View, cmp: &Comparison, spans: &[Scored]) {
    let sides = |side| spans.iter().filter(|s| s.side == side).count() as u64;
    let _ = writeln!(
        out,
        "<p class=\"meta\">gold: {} spans · prediction: {} spans · strict matches: {} · lenient matches: {}</p>",
        count(sides(Side::Gold)),
        count(sides(Side::Pred)),
        count(cmp.strict.len() as u64),
        count(cmp.lenient.len() as u64)
    );
    let all = view.gold.entities.len() + view.pred.entities.len();
    let unscored = all.saturating_sub(spans.len());
    if unscored > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">{} spans not scored (nested, or of labels left out) are not drawn.</p>",
            count(unscored as u64)
        );
    }
    let (gold, pred) = (&view.gold.text, &view.pred.text);
    if !pred.is_empty() && !gold.is_empty() && pred != gold {
        let _ = writeln!(
            out,
            "<p class=\"note warn\">The prediction's text differs from the gold text ({} and {} code points): \
             its spans are drawn on the gold text.</p>",
            count(pred.chars().count() as u64),
            count(gold.chars().count() as u64)
        );
    }
}

/// The categories with their counts in this document.
fn category_legend(out: &mut String, spans: &[Scored]) {
    let mut outcomes: BTreeMap<Category, usize> = BTreeMap::new();
    for s in spans {
        // A pair counts once: on its gold span, or on the predicted one if
        // it has no gold span (spurious).
        if s.side == Side::Gold || s.pair.is_none() {
            *outcomes.entry(s.category).or_default() += 1;
        }
    }
    out.push_str(
        "<p class=\"meta\">Gold spans are filled with their label's colour, predicted spans \
         underlined in theirs; each tag names the label and the category.</p>\n<ul class=\"legend\">",
    );
    for c in Category::ALL {
        let n = outcomes.get(&c).copied().unwrap_or(0);
        let zero = if n == 0 { " class=\"zero\"" } else { "" };
        let _ = write!(
            out,
            "<li{zero}><span class=\"cat {}\">{}</span> {n}</li>",
            category_class(c),
            c.name()
        );
    }
    out.push_str("</ul>\n");
}

/// The anchor of the span paired with one of `side`.
fn other_anchor(side: Side) -> &'static str {
    match side {
        Side::Gold => Side::Pred.anchor(),
        Side::Pred => Side::Gold.anchor(),
    }
}

/// The element of a scored span.
fn span_mark(view: &View, s: &Scored) -> Mark {
    let e = view.entity(s);
    let (side, anchor) = (s.side.name(), s.side.anchor());
    let pair = s
        .pair
        .map(|p| format!(" data-pair=\"{}{p}\"", other_anchor(s.side)))
        .unwrap_or_default();
    let classes = format!(
        "ent {side} {} {}",
        label_class(&e.label),
        category_class(s.category)
    );
    let title = format!(
        "{side}: {}\ncategory: {}",
        tooltip(e, view.surface(e)),
        s.category.name()
    );
    Mark {
        start: e.start,
        end: e.end,
        rank: usize::from(s.side == Side::Pred),
        open: format!(
            "<mark class=\"{classes}\" id=\"{anchor}{}\" data-side=\"{side}\" data-label=\"{}\" \
             data-start=\"{}\" data-end=\"{}\" data-category=\"{}\"{pair} title=\"{}\">",
            s.index,
            escape(&e.label),
            e.start,
            e.end,
            s.category.name(),
            escape(&title)
        ),
        cont: format!(
            "<mark class=\"{classes} cont\" data-of=\"{anchor}{}\">",
            s.index
        ),
        close: "</mark>",
    }
}

/// Lists the scored spans that cannot be drawn in the text.
fn unplaced_section(out: &mut String, view: &View, spans: &[Scored]) {
    let outside: Vec<&Scored> = spans.iter().filter(|s| !view.placed(s)).collect();
    if outside.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"unplaced\">\n<h2>Spans outside the text ({})</h2>\n<ul class=\"unplaced\">",
        outside.len()
    );
    for s in outside {
        let e = view.entity(s);
        let m = span_mark(view, s);
        let _ = writeln!(
            out,
            "<li>{}{}{} {} entity {}: {}..{} in a text of {} code points</li>",
            m.open,
            escape(e.text.as_deref().unwrap_or("")),
            m.close,
            s.side.name(),
            s.index,
            e.start,
            e.end,
            view.map.len()
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// A link to the element of a span of `side`.
fn link(view: &View, side: Side, i: usize) -> String {
    match view.doc(side).entities.get(i) {
        Some(e) => format!(
            "{} {}",
            side.name(),
            span_link(side.anchor(), i, e, view.surface(e))
        ),
        None => format!("{} entity {i} (not in the document)", side.name()),
    }
}

/// Lists the outcomes that are not correct, in text order.
fn errors_section(out: &mut String, view: &View, cmp: &Comparison) {
    let errors: Vec<_> = cmp
        .outcomes
        .iter()
        .filter(|o| o.category != Category::Correct)
        .collect();
    let _ = writeln!(
        out,
        "<section id=\"errors\">\n<h2>Differences ({})</h2>",
        errors.len()
    );
    if errors.is_empty() {
        out.push_str("<p class=\"meta\">None: every span is correct.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"outcomes\">\n");
    for o in errors {
        let gold = o.gold.map(|g| link(view, Side::Gold, g));
        let pred = o.pred.map(|p| link(view, Side::Pred, p));
        let parts: Vec<String> = [gold, pred].into_iter().flatten().collect();
        let _ = writeln!(
            out,
            "<li><span class=\"cat {}\">{}</span> {}</li>",
            category_class(o.category),
            o.category.name(),
            parts.join(" — ")
        );
    }
    out.push_str("</ol>\n</section>\n");
}

/// Lists every scored span with its attributes (the side panel shows a row).
fn spans_section(out: &mut String, view: &View, spans: &[Scored]) {
    let _ = writeln!(
        out,
        "<section id=\"entities\">\n<h2>Spans ({})</h2>\n<table>\n<thead><tr><th>side</th>\
         <th class=\"n\">#</th><th>label</th><th>offsets</th><th>category</th><th>paired with</th>\
         <th>details</th></tr></thead>\n<tbody>",
        spans.len()
    );
    for s in spans {
        let e = view.entity(s);
        let (side, anchor) = (s.side.name(), s.side.anchor());
        let other = other_anchor(s.side);
        let pair = s
            .pair
            .map(|p| format!("<a href=\"#{other}{p}\">{other}{p}</a>"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr id=\"row-{anchor}{i}\"><td>{side}</td><td class=\"n\"><a href=\"#{anchor}{i}\">{i}</a></td>\
             <td>{}</td><td>{}–{}</td><td>{}</td><td>{pair}</td><td>{}</td></tr>",
            escape(&e.label),
            e.start,
            e.end,
            s.category.name(),
            escape(&tooltip(e, view.surface(e))),
            i = s.index
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{compare, EvalOptions};

    #[test]
    fn every_scored_span_is_one_element_with_its_category() {
        let text = "Ông Lê Văn Tám về Hòa Bình, gặp bà Hà.";
        let gold = Doc {
            id: "c".into(),
            text: text.into(),
            entities: vec![
                Span::new(4, 14, "PER"),
                Span::new(18, 26, "LOC"),
                Span::new(35, 37, "PER"),
            ],
            ..Doc::default()
        };
        let pred = Doc {
            id: "c".into(),
            entities: vec![
                Span::new(7, 14, "PER"),
                Span::new(18, 26, "ORG"),
                Span::new(0, 3, "TITLE"),
            ],
            ..Doc::default()
        };
        let cmp = compare(&gold, &pred, &EvalOptions::default());
        let page = compare_page(&gold, &pred, &cmp, &Nav::default());
        assert_eq!(page.matches(" data-label=").count(), 6);
        assert_eq!(page.matches("data-side=\"gold\"").count(), 3);
        assert_eq!(page.matches("data-category=\"missed\"").count(), 1);
        assert_eq!(page.matches("data-category=\"spurious\"").count(), 1);
        assert_eq!(page.matches("data-category=\"wrong label\"").count(), 2);
        assert_eq!(page.matches("data-category=\"wrong boundary\"").count(), 2);
        assert!(page.contains("id=\"g1\" data-side=\"gold\" data-label=\"LOC\""));
        assert!(page.contains("data-pair=\"p1\""));
        assert!(page.contains("Differences (4)"));
    }
}
