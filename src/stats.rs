//! Corpus statistics of annotated documents, gathered in one pass.
//!
//! [`Stats`] takes documents one at a time and keeps only counters and, per
//! label, a count per distinct surface, so memory grows with the number of
//! distinct surfaces, not with the corpus. [`Stats::summary`] gives the
//! figures: documents, characters, entities per label and per 1,000
//! characters, distinct and most frequent surfaces per label, and the
//! numeric findings of the records (the `findings` array of `vietag
//! annotate` output).
//!
//! Only the flat layer is counted per label; entities with a `parent`
//! (nested mentions of `annotate --layer all`) are counted apart. A record
//! without text (`annotate` output without `--include-text`) has its
//! surfaces from the entities' `text` and is left out of the per-1,000
//! figures.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::eval::guide_order;
use crate::formats::{CharMap, Doc, Span};

/// Counters of one label.
#[derive(Clone, Debug, Default)]
struct LabelTally {
    count: u64,
    /// Entities in documents with text (for the per-1,000 figure).
    in_text: u64,
    surfaces: HashMap<Box<str>, u64>,
}

/// Statistics of the documents added so far.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    documents: u64,
    characters: u64,
    documents_without_text: u64,
    nested: u64,
    entities_in_text: u64,
    documents_with_findings: u64,
    findings: u64,
    findings_by_code: BTreeMap<String, u64>,
    findings_by_severity: BTreeMap<String, u64>,
    labels: HashMap<String, LabelTally>,
}

/// A surface and how often it was annotated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SurfaceCount {
    /// The span text as written.
    pub surface: String,
    /// How many entities have it.
    pub count: u64,
}

/// The figures of one label.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LabelSummary {
    /// The label.
    pub label: String,
    /// Entities (flat layer).
    pub count: u64,
    /// Distinct surfaces.
    pub distinct: u64,
    /// Entities per 1,000 characters of the documents with text.
    pub per_1000_chars: Option<f64>,
    /// The most frequent surfaces, most frequent first (ties by surface).
    pub top: Vec<SurfaceCount>,
}

/// What [`Stats::summary`] reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// Documents read.
    pub documents: u64,
    /// Code points of their texts.
    pub characters: u64,
    /// Documents without text (left out of the per-1,000 figures).
    pub documents_without_text: u64,
    /// Entities of the flat layer.
    pub entities: u64,
    /// Entities with a `parent` (nested layer), not counted per label.
    pub nested_entities: u64,
    /// Flat-layer entities per 1,000 characters (`None` without text).
    pub entities_per_1000_chars: Option<f64>,
    /// Documents whose record has a non-empty `findings` array.
    pub documents_with_findings: u64,
    /// Findings in all records.
    pub findings: u64,
    /// Findings per `code`.
    pub findings_by_code: BTreeMap<String, u64>,
    /// Findings per `severity`.
    pub findings_by_severity: BTreeMap<String, u64>,
    /// Per label, in the guide's order (other labels after, by name).
    pub labels: Vec<LabelSummary>,
}

impl Stats {
    /// Statistics of no document.
    pub fn new() -> Self {
        Stats::default()
    }

    /// Counts one document.
    ///
    /// ```
    /// use vietag::formats::{Doc, Span};
    /// use vietag::stats::Stats;
    ///
    /// let mut stats = Stats::new();
    /// for (text, start) in [("Về Hà Nội.", 3), ("Hà Nội và Huế.", 0)] {
    ///     let entities = vec![Span::new(start, start + 6, "LOC")];
    ///     stats.add(&Doc::new("a", text).with_entities(entities));
    /// }
    /// let s = stats.summary(5);
    /// assert_eq!((s.documents, s.characters, s.entities), (2, 24, 2));
    /// assert_eq!(s.labels[0].label, "LOC");
    /// assert_eq!(s.labels[0].distinct, 1);
    /// assert_eq!(s.labels[0].top[0].surface, "Hà Nội");
    /// assert_eq!(s.labels[0].top[0].count, 2);
    /// ```
    pub fn add(&mut self, doc: &Doc) {
        self.documents += 1;
        let has_text = !doc.text.is_empty();
        if has_text {
            self.characters += doc.text.chars().count() as u64;
        } else if !doc.entities.is_empty() {
            self.documents_without_text += 1;
        }
        let map = CharMap::new(&doc.text);
        for e in &doc.entities {
            self.add_entity(doc, &map, e, has_text);
        }
        self.add_findings(doc.extra.get("findings"));
    }

    fn add_entity(&mut self, doc: &Doc, map: &CharMap, e: &Span, has_text: bool) {
        if e.extra.get("parent").is_some_and(|p| !p.is_null()) {
            self.nested += 1;
            return;
        }
        if !self.labels.contains_key(&e.label) {
            self.labels.insert(e.label.clone(), LabelTally::default());
        }
        let Some(tally) = self.labels.get_mut(&e.label) else {
            return;
        };
        tally.count += 1;
        if has_text {
            tally.in_text += 1;
            self.entities_in_text += 1;
        }
        let surface = doc.slice(map, e.start, e.end).or(e.text.as_deref());
        if let Some(s) = surface {
            match tally.surfaces.get_mut(s) {
                Some(n) => *n += 1,
                None => {
                    tally.surfaces.insert(s.into(), 1);
                }
            }
        }
    }

    fn add_findings(&mut self, findings: Option<&Value>) {
        let Some(Value::Array(list)) = findings else {
            return;
        };
        if list.is_empty() {
            return;
        }
        self.documents_with_findings += 1;
        self.findings += list.len() as u64;
        for f in list {
            let field = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("(none)");
            *self
                .findings_by_code
                .entry(field("code").to_string())
                .or_default() += 1;
            *self
                .findings_by_severity
                .entry(field("severity").to_string())
                .or_default() += 1;
        }
    }

    /// The figures, with the `top` most frequent surfaces of each label.
    pub fn summary(&self, top: usize) -> Summary {
        let per_1000 =
            |n: u64| (self.characters > 0).then(|| n as f64 * 1000.0 / self.characters as f64);
        let mut labels: Vec<LabelSummary> = self
            .labels
            .iter()
            .map(|(label, t)| LabelSummary {
                label: label.clone(),
                count: t.count,
                distinct: t.surfaces.len() as u64,
                per_1000_chars: per_1000(t.in_text),
                top: top_surfaces(&t.surfaces, top),
            })
            .collect();
        labels.sort_by(|a, b| guide_order(&a.label).cmp(&guide_order(&b.label)));
        Summary {
            documents: self.documents,
            characters: self.characters,
            documents_without_text: self.documents_without_text,
            entities: self.labels.values().map(|t| t.count).sum(),
            nested_entities: self.nested,
            entities_per_1000_chars: per_1000(self.entities_in_text),
            documents_with_findings: self.documents_with_findings,
            findings: self.findings,
            findings_by_code: self.findings_by_code.clone(),
            findings_by_severity: self.findings_by_severity.clone(),
            labels,
        }
    }
}

/// The `n` most frequent surfaces, ties by surface.
fn top_surfaces(surfaces: &HashMap<Box<str>, u64>, n: usize) -> Vec<SurfaceCount> {
    let mut all: Vec<(&str, u64)> = surfaces.iter().map(|(s, &c)| (&**s, c)).collect();
    let by_rank = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    if n < all.len() {
        all.select_nth_unstable_by(n, by_rank);
        all.truncate(n);
    }
    all.sort_by(by_rank);
    all.into_iter()
        .map(|(s, count)| SurfaceCount {
            surface: s.to_string(),
            count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(text: &str, spans: &[(usize, usize, &str)]) -> Doc {
        Doc {
            text: text.into(),
            entities: spans.iter().map(|&(s, e, l)| Span::new(s, e, l)).collect(),
            ..Doc::default()
        }
    }

    #[test]
    fn counts_labels_surfaces_and_rates() {
        let mut st = Stats::new();
        // 20 code points each ("ă" is one code point, NFC).
        st.add(&doc(
            "Bà Lan ở Huế, bà Lan",
            &[(3, 6, "PER"), (9, 12, "LOC"), (17, 20, "PER")],
        ));
        st.add(&doc(
            "Ông Tư ở Huế và Vinh",
            &[(4, 6, "PER"), (9, 12, "LOC"), (16, 20, "LOC")],
        ));
        let s = st.summary(1);
        assert_eq!((s.documents, s.characters, s.entities), (2, 40, 6));
        assert_eq!(s.entities_per_1000_chars, Some(150.0));
        let names: Vec<&str> = s.labels.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(names, ["PER", "LOC"], "the guide's order");
        let per = &s.labels[0];
        assert_eq!((per.count, per.distinct), (3, 2));
        assert_eq!(per.per_1000_chars, Some(75.0));
        assert_eq!(
            per.top,
            [SurfaceCount {
                surface: "Lan".into(),
                count: 2
            }]
        );
        let loc = &s.labels[1];
        assert_eq!(loc.top[0].surface, "Huế");
        assert_eq!(st.summary(10).labels[1].top.len(), 2);
    }

    #[test]
    fn ties_are_broken_by_surface_and_top_zero_lists_nothing() {
        let mut st = Stats::new();
        st.add(&doc("c b a", &[(0, 1, "X"), (2, 3, "X"), (4, 5, "X")]));
        let top: Vec<String> = st.summary(2).labels[0]
            .top
            .iter()
            .map(|s| s.surface.clone())
            .collect();
        assert_eq!(top, ["a", "b"]);
        assert!(st.summary(0).labels[0].top.is_empty());
    }

    #[test]
    fn findings_nested_and_records_without_text() {
        let mut st = Stats::new();
        let mut d = doc("Đạt 75% trong 8 tổ", &[(4, 7, "PERCENT")]);
        d.extra.insert(
            "findings".into(),
            json!([{"code": "percent_count_inexact", "severity": "warning"}, {"code": "x"}]),
        );
        st.add(&d);
        let mut nested = doc("Sở Y tế Huế", &[(0, 11, "ORG"), (8, 11, "LOC")]);
        nested.entities[1].extra.insert("parent".into(), json!(0));
        nested.extra.insert("findings".into(), json!([]));
        st.add(&nested);
        let mut no_text = doc("", &[(0, 3, "LOC")]);
        no_text.entities[0].text = Some("Huế".into());
        st.add(&no_text);
        let s = st.summary(3);
        assert_eq!(s.documents_with_findings, 1);
        assert_eq!(s.findings, 2);
        assert_eq!(s.findings_by_code["percent_count_inexact"], 1);
        assert_eq!(s.findings_by_severity["(none)"], 1);
        assert_eq!(s.nested_entities, 1);
        assert_eq!(s.documents_without_text, 1);
        assert_eq!(s.entities, 3);
        let loc = s.labels.iter().find(|l| l.label == "LOC").unwrap();
        assert_eq!(loc.top[0].surface, "Huế");
        assert_eq!(loc.count, 1);
        // 18 + 11 characters; the record without text is left out.
        let chars = 29.0;
        assert_eq!(s.entities_per_1000_chars, Some(2.0 * 1000.0 / chars));
    }
}
