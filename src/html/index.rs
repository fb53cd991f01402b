//! The index of a corpus view: a row per document, [`ROWS_PER_PAGE`] rows
//! a page (`index.html`, `index-2.html` …), with the corpus statistics or
//! the scores on the first page.
//!
//! A row is short and of bounded size (ids are cut to [`ID_CHARS`]
//! characters, messages to [`MESSAGE_CHARS`], the guide's labels have a
//! column each and the others share one), and the statistics list at most
//! [`OTHER_LABELS_SHOWN`] labels outside the guide, so a page stays under
//! 2 MB however large the corpus and whatever its ids.

use std::fmt::Write as _;

use serde_json::Value;

use super::{count, escape, foot, head, id_text, label_class, shorten};
use crate::eval::{guide_order, Category, Comparison, Prf, Report};
use crate::formats::Doc;
use crate::lint::{Finding, Severity};
use crate::stats::Summary;
use crate::Label;

/// Rows of one index page.
pub const ROWS_PER_PAGE: usize = 1000;

/// Characters of an id shown in a row.
const ID_CHARS: usize = 80;

/// Characters of the message of a record that cannot be read.
const MESSAGE_CHARS: usize = 200;

/// Labels outside the guide shown in the statistics (the rest are counted).
const OTHER_LABELS_SHOWN: usize = 20;

/// The file name of the index page that lists row `row` (0-based).
///
/// ```
/// use vietag::html::index_file;
/// assert_eq!(index_file(0), "index.html");
/// assert_eq!(index_file(999), "index.html");
/// assert_eq!(index_file(1000), "index-2.html");
/// ```
pub fn index_file(row: usize) -> String {
    match row / ROWS_PER_PAGE {
        0 => "index.html".to_string(),
        n => format!("index-{}.html", n + 1),
    }
}

/// What the rows of an index are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexKind {
    /// Documents: entities per label and findings.
    Documents,
    /// Comparisons of gold and prediction: spans per category.
    Comparisons,
}

/// What the first page shows above the rows.
#[derive(Clone, Copy, Debug)]
pub enum IndexHead<'a> {
    /// Corpus statistics (`vietag stats`).
    Stats(&'a Summary),
    /// Scores of a prediction (`vietag eval`).
    Scores(&'a Report),
}

/// One page of the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexPage {
    /// Its file name: `index.html`, `index-2.html` …
    pub file: String,
    /// The page.
    pub html: String,
}

/// The rows of an index, added one document at a time, in input order.
#[derive(Clone, Debug)]
pub struct Index {
    title: String,
    kind: IndexKind,
    rows: Vec<String>,
}

impl Index {
    /// An empty index titled `title` (the input's name) whose rows are of
    /// `kind`: add rows with [`add_document`](Index::add_document) for
    /// documents, [`add_comparison`](Index::add_comparison) for
    /// comparisons.
    pub fn new(title: &str, kind: IndexKind) -> Self {
        Index {
            title: title.to_string(),
            kind,
            rows: Vec::new(),
        }
    }

    /// Rows so far; the next row is number `len()`, on page
    /// [`index_file`]`(len())`.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True before the first row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds the row of `doc`, whose page is at `href` (relative to the
    /// index), with its `findings`.
    pub fn add_document(&mut self, doc: &Doc, findings: &[Finding], href: &str) {
        let mut per_label = [0usize; Label::ALL.len()];
        let (mut other, mut nested) = (0, 0);
        for e in &doc.entities {
            if e.is_nested() {
                nested += 1;
            }
            match Label::ALL.iter().position(|l| l.as_str() == e.label) {
                Some(k) => per_label[k] += 1,
                None => other += 1,
            }
        }
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let mut row = self.row_start(&doc.id, Some(href));
        let _ = write!(
            row,
            "<td class=\"n\">{}</td>",
            count(doc.text.chars().count() as u64)
        );
        for n in per_label.into_iter().chain([other, nested]) {
            let _ = write!(row, "<td class=\"n\">{}</td>", cell(n));
        }
        let _ = write!(
            row,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            cell(findings.len()),
            cell(errors)
        );
        self.rows.push(row);
    }

    /// Adds the row of a comparison of `gold` with `pred`, whose page is at
    /// `href`, with a `note` ("no prediction").
    pub fn add_comparison(&mut self, gold: &Doc, cmp: &Comparison, href: &str, note: &str) {
        let mut row = self.row_start(&gold.id, Some(href));
        let gold_n = cmp.outcomes.iter().filter(|o| o.gold.is_some()).count();
        let pred_n = cmp.outcomes.iter().filter(|o| o.pred.is_some()).count();
        let _ = write!(
            row,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
            cell(gold_n),
            cell(pred_n)
        );
        for c in Category::ALL {
            let n = cmp.outcomes.iter().filter(|o| o.category == c).count();
            let _ = write!(row, "<td class=\"n\">{}</td>", cell(n));
        }
        let _ = write!(row, "<td>{}</td></tr>", escape(note));
        self.rows.push(row);
    }

    /// Adds the row of a record that could not be read or shown: its id
    /// when known, and why.
    pub fn add_unreadable(&mut self, id: Option<&Value>, message: &str) {
        let mut row = self.row_start(id.unwrap_or(&Value::Null), None);
        let _ = write!(
            row,
            "<td colspan=\"{}\" class=\"note warn\">{}</td></tr>",
            self.header().len() - 2,
            escape(&shorten(message, MESSAGE_CHARS))
        );
        self.rows.push(row);
    }

    /// The first cells of a row: its number and the id, linked.
    fn row_start(&self, id: &Value, href: Option<&str>) -> String {
        let n = self.rows.len() + 1;
        let id = match id {
            Value::Null => "—".to_string(),
            v => id_text(v),
        };
        let id = escape(&shorten(&id, ID_CHARS)).into_owned();
        let shown = match href {
            Some(h) => format!("<a href=\"{}\">{id}</a>", escape(h)),
            None => id,
        };
        format!("<tr><td class=\"n\">{n}</td><td>{shown}</td>")
    }

    /// The column names.
    fn header(&self) -> Vec<&'static str> {
        let mut h = vec!["#", "id"];
        match self.kind {
            IndexKind::Documents => {
                h.push("code points");
                h.extend(Label::ALL.iter().map(|l| l.as_str()));
                h.extend(["other", "nested", "findings", "errors"]);
            }
            IndexKind::Comparisons => {
                h.extend(["gold", "pred"]);
                h.extend(Category::ALL.iter().map(|c| c.name()));
                h.push("note");
            }
        }
        h
    }

    /// The pages: at least one, [`ROWS_PER_PAGE`] rows each, `head` on the
    /// first.
    pub fn pages(&self, head: IndexHead<'_>) -> Vec<IndexPage> {
        let pages = self.rows.len().div_ceil(ROWS_PER_PAGE).max(1);
        (0..pages)
            .map(|k| IndexPage {
                file: index_file(k * ROWS_PER_PAGE),
                html: self.page(k, pages, head),
            })
            .collect()
    }

    /// Page `k` of `pages`.
    fn page(&self, k: usize, pages: usize, top: IndexHead<'_>) -> String {
        let mut out = String::with_capacity(ROWS_PER_PAGE * 400 + 32_768);
        head(&mut out, &self.title);
        let what = match self.kind {
            IndexKind::Documents => "documents",
            IndexKind::Comparisons => "documents compared",
        };
        let _ = writeln!(
            out,
            "<header>\n<h1>{}</h1>\n<p class=\"meta\">{} {what}</p>",
            escape(&self.title),
            count(self.rows.len() as u64)
        );
        page_links(&mut out, k, pages);
        out.push_str("</header>\n");
        if k == 0 {
            match top {
                IndexHead::Stats(s) => stats_section(&mut out, s),
                IndexHead::Scores(r) => scores_section(&mut out, r),
            }
        }
        let first = k * ROWS_PER_PAGE;
        let rows = self.rows.iter().skip(first).take(ROWS_PER_PAGE);
        let _ = write!(
            out,
            "<section id=\"documents\">\n<h2>Documents {}–{}</h2>\n<table>\n<thead><tr>",
            first + 1,
            (first + ROWS_PER_PAGE).min(self.rows.len())
        );
        for h in self.header() {
            let class = if h == "id" { "" } else { " class=\"n\"" };
            let _ = write!(out, "<th{class}>{h}</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for r in rows {
            out.push_str(r);
            out.push('\n');
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
        page_links(&mut out, k, pages);
        foot(&mut out);
        out
    }
}

/// A count, empty for zero (tables of mostly zeros read better).
fn cell(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        count(n as u64)
    }
}

/// Writes links to every page of the index, when there are several.
fn page_links(out: &mut String, k: usize, pages: usize) {
    if pages < 2 {
        return;
    }
    out.push_str("<nav class=\"pages\">pages: ");
    for p in 0..pages {
        if p == k {
            let _ = write!(out, "<b>{}</b>", p + 1);
        } else {
            let _ = write!(
                out,
                "<a href=\"{}\">{}</a>",
                index_file(p * ROWS_PER_PAGE),
                p + 1
            );
        }
    }
    out.push_str("</nav>\n");
}

/// A rate with one decimal, or "–".
fn rate(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| format!("{x:.1}"))
}

/// The corpus statistics: totals, then per label the counts and the most
/// frequent surfaces.
fn stats_section(out: &mut String, s: &Summary) {
    let _ = writeln!(
        out,
        "<section id=\"stats\">\n<h2>Statistics</h2>\n<p class=\"meta\">{} documents · {} code points · \
         {} entities ({} nested, not counted per label) · {} per 1,000 code points · \
         {} numeric findings in {} documents</p>",
        count(s.documents),
        count(s.characters),
        count(s.entities),
        count(s.nested_entities),
        rate(s.entities_per_1000_chars),
        count(s.findings),
        count(s.documents_with_findings)
    );
    out.push_str(
        "<table>\n<thead><tr><th>label</th><th class=\"n\">entities</th><th class=\"n\">distinct</th>\
         <th class=\"n\">per 1,000</th><th>most frequent surfaces</th></tr></thead>\n<tbody>\n",
    );
    let is_guide = |l: &str| Label::ALL.iter().any(|g| g.as_str() == l);
    let others = s.labels.iter().filter(|l| !is_guide(&l.label)).count();
    let shown = s.labels.iter().filter(|l| is_guide(&l.label)).chain(
        s.labels
            .iter()
            .filter(|l| !is_guide(&l.label))
            .take(OTHER_LABELS_SHOWN),
    );
    for l in shown {
        let top: Vec<String> = l
            .top
            .iter()
            .map(|t| {
                format!(
                    "{} <small>×{}</small>",
                    escape(&shorten(&t.surface, 60)),
                    count(t.count)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><td><span class=\"swatch {}\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td>{}</td></tr>",
            label_class(&l.label),
            escape(&shorten(&l.label, 40)),
            count(l.count),
            count(l.distinct),
            rate(l.per_1000_chars),
            top.join(", ")
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if others > OTHER_LABELS_SHOWN {
        let _ = writeln!(
            out,
            "<p class=\"note\">{} more labels outside the guide are not listed.</p>",
            count((others - OTHER_LABELS_SHOWN) as u64)
        );
    }
    out.push_str("</section>\n");
}

/// Precision, recall and F1 as percentages.
fn prf_cells(p: &Prf) -> String {
    format!(
        "<td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td>",
        p.p * 100.0,
        p.r * 100.0,
        p.f1 * 100.0
    )
}

/// The scores: per label strict and lenient P/R/F1 and the categories.
fn scores_section(out: &mut String, r: &Report) {
    let d = &r.documents;
    let _ = writeln!(
        out,
        "<section id=\"scores\">\n<h2>Scores</h2>\n<p class=\"meta\">{} gold documents · {} predicted · \
         {} without prediction · {} predicted documents not in the gold file</p>",
        count(d.gold as u64),
        count(d.pred as u64),
        count(d.missing_in_pred.len() as u64),
        count(d.not_in_gold.len() as u64)
    );
    out.push_str(
        "<table>\n<thead><tr><th>label</th><th class=\"n\">gold</th><th class=\"n\">pred</th>\
         <th class=\"n\">strict P</th><th class=\"n\">R</th><th class=\"n\">F1</th>\
         <th class=\"n\">lenient P</th><th class=\"n\">R</th><th class=\"n\">F1</th>",
    );
    for c in Category::ALL {
        let _ = write!(out, "<th class=\"n\">{}</th>", c.name());
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut labels: Vec<&String> = r.strict.labels.keys().collect();
    labels.sort_by(|a, b| guide_order(a).cmp(&guide_order(b)));
    for l in labels {
        let (Some(st), Some(le)) = (r.strict.labels.get(l), r.lenient.labels.get(l)) else {
            continue;
        };
        score_row(out, l, st, le, |c| {
            r.categories.labels.get(l).map_or(0, |k| k.get(c))
        });
    }
    score_row(out, "all (micro)", &r.strict.micro, &r.lenient.micro, |c| {
        r.categories.total.get(c)
    });
    let (s, l) = (&r.strict.macro_avg, &r.lenient.macro_avg);
    let _ = writeln!(
        out,
        "<tr><td>mean of labels (macro)</td><td></td><td></td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td>\
         <td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td></tr>",
        s.p * 100.0,
        s.r * 100.0,
        s.f1 * 100.0,
        l.p * 100.0,
        l.r * 100.0,
        l.f1 * 100.0
    );
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// One row of the scores table: strict and lenient figures and the
/// categories of `name`.
fn score_row(
    out: &mut String,
    name: &str,
    st: &Prf,
    le: &Prf,
    category: impl Fn(Category) -> usize,
) {
    let _ = write!(
        out,
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}{}",
        escape(&shorten(name, 40)),
        count(st.gold as u64),
        count(st.pred as u64),
        prf_cells(st),
        prf_cells(le)
    );
    for c in Category::ALL {
        let _ = write!(out, "<td class=\"n\">{}</td>", cell(category(c)));
    }
    out.push_str("</tr>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Stats;

    #[test]
    fn rows_are_paged() {
        let mut index = Index::new("t", IndexKind::Documents);
        let doc = Doc {
            id: "x".into(),
            text: "Hà Nội".into(),
            ..Doc::default()
        };
        for _ in 0..2001 {
            index.add_document(&doc, &[], "doc/x.html");
        }
        index.add_unreadable(None, "line 9: not JSON");
        let pages = index.pages(IndexHead::Stats(&Stats::new().summary(3)));
        let files: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["index.html", "index-2.html", "index-3.html"]);
        assert!(pages[0].html.contains("id=\"stats\""));
        assert!(!pages[1].html.contains("id=\"stats\""));
        assert!(pages[2].html.contains("Documents 2001–2002"));
        assert!(pages[2].html.contains("line 9: not JSON"));
        assert!(pages[1].html.contains("<a href=\"index-3.html\">3</a>"));
    }

    #[test]
    fn the_worst_rows_stay_under_2_mb_a_page() {
        // Ids, labels, surfaces and messages of characters that escape to
        // six bytes, as long as anything a row shows.
        let quotes = "\"".repeat(500);
        let mut stats = Stats::new();
        let mut docs = Vec::new();
        for k in 0..120 {
            let text = format!("{quotes}{k}");
            let entities = (0..12)
                .map(|j| crate::formats::Span::new(j, 499 - j, &format!("{quotes}{}", k % 40)))
                .collect();
            let doc = Doc {
                id: Value::String(text.clone()),
                text,
                entities,
                ..Doc::default()
            };
            stats.add(&doc);
            docs.push(doc);
        }
        let href = format!("doc/{}.html", "x".repeat(150));
        let mut index = Index::new(&quotes, IndexKind::Documents);
        for n in 0..ROWS_PER_PAGE {
            match n % 2 {
                0 => index.add_document(&docs[n % docs.len()], &[], &href),
                _ => index.add_unreadable(Some(&Value::String(quotes.clone())), &quotes),
            }
        }
        let pages = index.pages(IndexHead::Stats(&stats.summary(10)));
        assert_eq!(pages.len(), 1);
        assert!(
            pages[0].html.len() < 2 * 1024 * 1024,
            "{}",
            pages[0].html.len()
        );
        assert!(pages[0].html.contains("more labels outside the guide"));
    }
}
