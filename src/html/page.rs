//! The page of one document: the text with its entities and findings
//! marked, then the findings, the claims and the entities listed.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use super::marks::{self, Layout, Mark};
use super::{
    count, escape, foot, head, id_text, label_class, legend, nav_bar, shorten, value_text, Nav,
};
use crate::formats::{CharMap, Doc, Span};
use crate::lint::Finding;

/// Rank of finding marks: inside any entity of the same span.
const FINDING_RANK: usize = usize::MAX / 2;

/// The page of `doc`, with `findings` (from [`Linter::check`] of the same
/// document, which also reports the record's own numeric findings)
/// highlighted in the text and listed, severity first.
///
/// Entities out of the text's range are listed apart, each still one
/// element with its data attributes, so that the page has exactly one
/// element per entity.
///
/// [`Linter::check`]: crate::lint::Linter::check
pub fn document_page(doc: &Doc, findings: &[Finding], nav: &Nav) -> String {
    let map = CharMap::new(&doc.text);
    let mut out = String::with_capacity(doc.text.len() * 2 + doc.entities.len() * 600 + 16_384);
    let title = id_text(&doc.id);
    head(&mut out, &title);
    out.push_str("<header>\n");
    nav_bar(&mut out, nav);
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    summary_line(&mut out, doc, &map, findings);
    legend(&mut out, &label_counts(&doc.entities));
    out.push_str("</header>\n<main>\n<div class=\"text\" id=\"text\" lang=\"vi\">");
    let mut text_marks: Vec<Mark> = (0..doc.entities.len())
        .filter(|&i| placed(&doc.entities[i], &map))
        .map(|i| entity_mark(doc, &map, i))
        .collect();
    text_marks.extend(finding_marks(findings, &map));
    let layout = marks::render(&doc.text, &text_marks, &mut out);
    out.push_str(
        "</div>\n<aside id=\"panel\">Click a marked span to see its attributes.</aside>\n</main>\n",
    );
    layout_notes(&mut out, layout);
    unplaced_section(&mut out, doc, &map);
    findings_section(&mut out, doc, &map, findings);
    claims_section(&mut out, doc, &map);
    entities_section(&mut out, doc, &map);
    foot(&mut out);
    out
}

/// Whether `e` can be drawn in the text: in range, not reversed.
pub(super) fn placed(e: &Span, map: &CharMap) -> bool {
    e.start <= e.end && e.end <= map.len()
}

/// Entities per label (both layers).
pub(super) fn label_counts<'a>(
    entities: impl IntoIterator<Item = &'a Span>,
) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for e in entities {
        *counts.entry(e.label.clone()).or_default() += 1;
    }
    counts
}

fn summary_line(out: &mut String, doc: &Doc, map: &CharMap, findings: &[Finding]) {
    let nested = doc.entities.iter().filter(|e| e.is_nested()).count();
    let claims = match doc.extra.get("claims") {
        Some(Value::Array(a)) => a.len(),
        _ => 0,
    };
    let errors = findings
        .iter()
        .filter(|f| f.severity == crate::lint::Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} code points · {} entities ({} nested) · {} claims · \
         <a href=\"#findings\">{} findings</a> ({} errors)</p>",
        count(map.len() as u64),
        count(doc.entities.len() as u64),
        count(nested as u64),
        count(claims as u64),
        count(findings.len() as u64),
        count(errors as u64)
    );
}

/// How deep `i` is in the nesting (0 for the flat layer); a chain of
/// parents that loops stops after as many steps as there are entities.
pub(super) fn depth(entities: &[Span], i: usize) -> usize {
    let mut d = 0;
    let mut at = i;
    while let Some(p) = entities.get(at).and_then(Span::parent) {
        if d > entities.len() || p >= entities.len() {
            break;
        }
        d += 1;
        at = p;
    }
    d
}

/// The element of entity `i` of `doc` in the text.
fn entity_mark(doc: &Doc, map: &CharMap, i: usize) -> Mark {
    let e = &doc.entities[i];
    let class = label_class(&e.label);
    let parent = e
        .parent()
        .map(|p| format!(" data-parent=\"{p}\""))
        .unwrap_or_default();
    Mark {
        start: e.start,
        end: e.end,
        rank: depth(&doc.entities, i),
        open: format!(
            "<mark class=\"ent {class}\" id=\"e{i}\" data-label=\"{}\" data-start=\"{}\" \
             data-end=\"{}\"{parent} title=\"{}\">",
            escape(&e.label),
            e.start,
            e.end,
            escape(&tooltip(e, surface(doc, map, e)))
        ),
        cont: format!("<mark class=\"ent {class} cont\" data-of=\"e{i}\">"),
        close: "</mark>",
    }
}

/// The text of entity `e`: the document's, else the one its record gives.
fn surface<'a>(doc: &'a Doc, map: &CharMap, e: &'a Span) -> &'a str {
    doc.slice(map, e.start, e.end)
        .or(e.text.as_deref())
        .unwrap_or("")
}

/// The tooltip of an entity whose text is `surface`: label, offsets, text,
/// attributes, the other fields of its record (source, parent …).
pub(super) fn tooltip(e: &Span, surface: &str) -> String {
    let mut s = format!(
        "{} {}–{}: {}",
        e.label,
        e.start,
        e.end,
        shorten(surface, 120)
    );
    for (k, v) in e.attrs.iter().chain(&e.extra) {
        let _ = write!(s, "\n{k}: {}", shorten(&value_text(v), 200));
    }
    s
}

/// The findings that cover some text, as marks.
fn finding_marks<'a>(findings: &'a [Finding], map: &'a CharMap) -> impl Iterator<Item = Mark> + 'a {
    findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.start < f.end && f.end <= map.len())
        .map(|(j, f)| {
            let sev = f.severity.as_str();
            Mark {
                start: f.start,
                end: f.end,
                rank: FINDING_RANK + j,
                open: format!(
                    "<span class=\"fnd sev-{sev}\" id=\"f{j}\" data-code=\"{}\" title=\"{} {}: {}\">",
                    f.code,
                    f.code,
                    sev,
                    escape(&f.message)
                ),
                cont: format!("<span class=\"fnd sev-{sev} cont\">"),
                close: "</span>",
            }
        })
}

/// Says when spans had to be drawn in pieces or cut short.
fn layout_notes(out: &mut String, layout: Layout) {
    if layout.fragments == 0 && !layout.cut_short {
        return;
    }
    out.push_str("<section class=\"notes\">\n");
    if layout.fragments > 0 {
        out.push_str(
            "<p class=\"note warn\">Some spans cross others: they are drawn in pieces \
             (the findings say which; the linter lists them).</p>\n",
        );
    }
    if layout.cut_short {
        out.push_str(
            "<p class=\"note warn\">Too many spans cross each other: some are drawn cut short.</p>\n",
        );
    }
    out.push_str("</section>\n");
}

/// Lists the entities that cannot be drawn in the text.
fn unplaced_section(out: &mut String, doc: &Doc, map: &CharMap) {
    let out_of_range: Vec<usize> = (0..doc.entities.len())
        .filter(|&i| !placed(&doc.entities[i], map))
        .collect();
    if out_of_range.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"unplaced\">\n<h2>Entities outside the text ({})</h2>\n<ul class=\"unplaced\">",
        out_of_range.len()
    );
    for i in out_of_range {
        let e = &doc.entities[i];
        let _ = writeln!(
            out,
            "<li><mark class=\"ent {}\" id=\"e{i}\" data-label=\"{}\" data-start=\"{}\" data-end=\"{}\" title=\"{}\">{}</mark> \
             entity {i}: {}..{} in a text of {} code points</li>",
            label_class(&e.label),
            escape(&e.label),
            e.start,
            e.end,
            escape(&tooltip(e, surface(doc, map, e))),
            escape(e.text.as_deref().unwrap_or("")),
            e.start,
            e.end,
            map.len()
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// A link to the element `{anchor}{i}` of span `e`: its label and text.
pub(super) fn span_link(anchor: &str, i: usize, e: &Span, surface: &str) -> String {
    format!(
        "<a href=\"#{anchor}{i}\">{} “{}”</a>",
        escape(&e.label),
        escape(&shorten(surface, 60))
    )
}

/// A link to entity `i` of `doc`.
fn entity_link(doc: &Doc, map: &CharMap, i: usize) -> String {
    match doc.entities.get(i) {
        Some(e) => span_link("e", i, e, surface(doc, map, e)),
        None => format!("entity {i} (not in the document)"),
    }
}

/// Lists the findings, errors first, each with links to its place.
fn findings_section(out: &mut String, doc: &Doc, map: &CharMap, findings: &[Finding]) {
    let _ = writeln!(
        out,
        "<section id=\"findings\">\n<h2>Findings ({})</h2>",
        findings.len()
    );
    if findings.is_empty() {
        out.push_str("<p class=\"meta\">None.</p>\n</section>\n");
        return;
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&j| (Reverse(findings[j].severity), findings[j].start, j));
    out.push_str("<ol class=\"findings\">\n");
    for j in order {
        let f = &findings[j];
        let sev = f.severity.as_str();
        let _ = write!(
            out,
            "<li class=\"sev-{sev}\"><span class=\"sev\">{sev}</span> <code>{} {}</code> {}",
            f.code,
            f.code.name(),
            escape(&f.message)
        );
        if f.start < f.end && f.end <= map.len() {
            let _ = write!(out, " — <a href=\"#f{j}\">at {}–{}</a>", f.start, f.end);
        }
        if let Some(i) = f.entity {
            let _ = write!(out, " — {}", entity_link(doc, map, i));
        }
        if f.line > 0 {
            let _ = write!(out, " — line {}", f.line);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// Lists the record's claims, each with a link to its entity.
fn claims_section(out: &mut String, doc: &Doc, map: &CharMap) {
    let Some(claims) = doc.extra.get("claims") else {
        return;
    };
    let list = match claims {
        Value::Array(a) => a.as_slice(),
        other => std::slice::from_ref(other),
    };
    let _ = writeln!(
        out,
        "<section id=\"claims\">\n<h2>Claims ({})</h2>\n<table>\n\
         <thead><tr><th class=\"n\">#</th><th>entity</th><th>what it states</th></tr></thead>\n<tbody>",
        list.len()
    );
    for (n, claim) in list.iter().enumerate() {
        let entity = claim
            .get("entity")
            .and_then(Value::as_u64)
            .and_then(|i| usize::try_from(i).ok());
        let link = entity.map_or_else(String::new, |i| entity_link(doc, map, i));
        let details = match claim {
            Value::Object(o) => o
                .iter()
                .filter(|(k, _)| k.as_str() != "entity")
                .map(|(k, v)| format!("<b>{}</b>: {}", escape(k), escape(&value_text(v))))
                .collect::<Vec<_>>()
                .join(", "),
            other => escape(&other.to_string()).into_owned(),
        };
        let _ = writeln!(
            out,
            "<tr id=\"claim{n}\"><td class=\"n\">{n}</td><td>{link}</td><td>{details}</td></tr>"
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// A link for the attribute `key` of an entity, when it names a place in a
/// public gazetteer (only plain identifiers become links).
fn place_link(key: &str, v: &Value) -> Option<String> {
    let id = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let url = match key {
        "geonames" if digits(&id) => format!("https://www.geonames.org/{id}"),
        "wikidata" if id.strip_prefix('Q').is_some_and(digits) => {
            format!("https://www.wikidata.org/wiki/{id}")
        }
        _ => return None,
    };
    Some(format!("<a href=\"{url}\" rel=\"noreferrer\">{id}</a>"))
}

/// The attributes of an entity as a list (the other fields of its record
/// but `parent` and `source`, which have columns, too).
fn attrs_list(e: &Span) -> String {
    let mut s = String::from("<ul class=\"attrs\">");
    let shown = e.attrs.iter().chain(
        e.extra
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "parent" | "source")),
    );
    for (k, v) in shown {
        let value = place_link(k, v).unwrap_or_else(|| escape(&value_text(v)).into_owned());
        let _ = write!(s, "<li><b>{}</b>: {value}</li>", escape(k));
    }
    s.push_str("</ul>");
    s
}

/// Lists every entity with its attributes (the side panel shows a row).
fn entities_section(out: &mut String, doc: &Doc, map: &CharMap) {
    let _ = writeln!(
        out,
        "<section id=\"entities\">\n<h2>Entities ({})</h2>\n<table>\n<thead><tr>\
         <th class=\"n\">#</th><th>label</th><th>text</th><th>offsets</th><th>parent</th>\
         <th>attributes</th><th>source</th></tr></thead>\n<tbody>",
        doc.entities.len()
    );
    for (i, e) in doc.entities.iter().enumerate() {
        let parent = e
            .parent()
            .map(|p| entity_link(doc, map, p))
            .unwrap_or_default();
        let source = e.extra.get("source").map(value_text).unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr id=\"row-e{i}\"><td class=\"n\"><a href=\"#e{i}\">{i}</a></td><td>{}</td><td>{}</td>\
             <td>{}–{}</td><td>{parent}</td><td>{}</td><td><code>{}</code></td></tr>",
            escape(&e.label),
            escape(&shorten(surface(doc, map, e), 200)),
            e.start,
            e.end,
            attrs_list(e),
            escape(&source)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Linter;

    fn doc(text: &str, spans: Vec<Span>) -> Doc {
        Doc {
            id: "t".into(),
            text: text.into(),
            entities: spans,
            ..Doc::default()
        }
    }

    #[test]
    fn one_element_per_entity_even_out_of_range() {
        let d = doc(
            "Ông Hà về Huế.",
            vec![
                Span::new(4, 6, "PER"),
                Span::new(10, 13, "LOC"),
                Span::new(12, 40, "ORG"),
            ],
        );
        let page = document_page(&d, &Linter::default().check(&d), &Nav::default());
        assert_eq!(page.matches(" data-label=").count(), 3);
        assert!(page.contains("Entities outside the text (1)"));
        assert!(page.contains("V001"));
    }

    #[test]
    fn nested_entities_sit_inside_their_parent() {
        let mut loc = Span::new(8, 18, "LOC");
        loc.set_parent(Some(0));
        let d = doc("Sở Y tế Bình Phước", vec![Span::new(0, 18, "ORG"), loc]);
        let page = document_page(&d, &[], &Nav::default());
        let org = page.find("id=\"e0\"").unwrap();
        let loc = page.find("id=\"e1\"").unwrap();
        let close = page[loc..].find("</mark></mark>").map(|c| c + loc);
        assert!(org < loc && close.is_some(), "{page}");
        assert!(page.contains("data-parent=\"0\""));
    }

    #[test]
    fn attributes_and_sources_are_escaped_and_linked() {
        let mut e = Span::new(0, 6, "LOC");
        e.attrs.insert("geonames".into(), "1581130".into());
        e.attrs
            .insert("note".into(), "\"><script>x</script>".into());
        e.extra
            .insert("source".into(), "lexicons/world/cities.tsv:12".into());
        let d = doc("Hà Nội", vec![e]);
        let page = document_page(&d, &[], &Nav::default());
        assert!(page.contains("https://www.geonames.org/1581130"));
        assert!(page.contains("lexicons/world/cities.tsv:12"));
        assert!(!page.contains("<script>x"));
        assert_eq!(page.matches("<script>").count(), 1);
    }

    #[test]
    fn findings_are_listed_errors_first() {
        let d = doc(
            "Ông Hà Anh Dũng về Đồng Xoài.",
            vec![Span::new(4, 16, "PER")],
        );
        let mut found = Linter::default().check(&d);
        found.push(Finding {
            severity: crate::lint::Severity::Warning,
            ..found[0].clone()
        });
        found.swap(0, 1);
        let page = document_page(&d, &found, &Nav::default());
        let list = &page[page.find("<ol class=\"findings\">").unwrap()..];
        assert!(list.find("sev-error").unwrap() < list.find("sev-warning").unwrap());
        assert!(page.contains("id=\"f1\" data-code=\"V004\""));
    }

    #[test]
    fn parent_loops_end() {
        let mut a = Span::new(0, 2, "LOC");
        a.set_parent(Some(1));
        let mut b = Span::new(0, 2, "ORG");
        b.set_parent(Some(0));
        assert!(depth(&[a, b], 0) <= 3);
    }
}
