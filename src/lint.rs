//! Lint: checks an annotated [`Doc`] against the annotation guide.
//!
//! [`Linter::check`] returns the findings of one document; it reads nothing
//! but the document and the embedded numeric and DOCREF lexicons. [`fix`]
//! applies the mechanical fixes. The codes are stable: new checks get new
//! codes, and a code never changes meaning.
//!
//! | code | name | severity | what | fix |
//! |---|---|---|---|---|
//! | V000 | `unreadable` | error | the record could not be read (bad JSON, no text, an error record) | |
//! | V001 | `offset-out-of-range` | error | `end` past the text, `start > end`, or an empty span | |
//! | V002 | `text-mismatch` | error | the span's `text` is not the document's text between `start` and `end` (the message says where the text is, and whether the offsets look like UTF-16 units or bytes) | |
//! | V003 | `cuts-syllable` | error | the span starts or ends inside a syllable or number | snap out to whole tokens |
//! | V004 | `edge-space` | error | leading or trailing white space | trim |
//! | V005 | `edge-punctuation` | error | leading or trailing punctuation, except a closing `)` `]` `”` `’` `"` `»` whose opener is in the span and the `.` of an abbreviation ("TP.") | trim |
//! | V006 | `overlap` | error | two spans overlap (or repeat) in the flat layer | |
//! | V007 | `unknown-label` | error | a label outside `--labels` or the schema (default: the guide's nine) | |
//! | V008 | `not-nfc` | warning | the document is not NFC: offsets count its code points as given, tools that normalise will count others | |
//! | V009 | `needs-normalisation` | error | the span's `text` equals the document only after NFC, or its offsets count the NFC form of the text | |
//! | V010 | `label-conflict` | warning | the same surface has different labels in one document | |
//! | V011 | `diacritic-variant` | warning | the same name of two syllables or more is spelled with different diacritics in one document ("Hà Anh Dũng" / "Hà Anh Dung"); case and old/new tone placement ("Hoà"/"Hòa") do not count | |
//! | V012 | `invalid-bio` | error | a BIO/BIOES sequence that is not valid: `I-X` or `E-X` without `B-X` (CoNLL/VLSP input) | |
//! | V013 | `docref-type-mismatch` | warning | a DOCREF whose type word disagrees with its code ("Nghị quyết số 05-CT/TW"), read from the span's text by the DOCREF tagger's code parser | |
//! | V014 | `invalid-date` | error | a DATE whose text is an impossible date or time ("31/02/2023", "tháng 13", "25 giờ") or numbers that are no date ("33.600"), read by the date tagger's own reader (`dates`), which for lint also reads year-first dates written with `/` or `.` ("2022/13/05") | |
//! | V015 | `record-finding` | as given | a finding of the record's `findings` array that lint did not find itself (V017–V021); the message starts with its own code | |
//! | V016 | `discontinuous` | warning | a brat annotation in fragments, read as one span | |
//! | V017 | `percent-ratio-mismatch` | error, or warning when cut rather than rounded | a PERCENT disagrees with the ratio it restates ("31/36 chi bộ (chiếm 83,3%)") | |
//! | V018 | `percent-part-total-mismatch` | error, or warning when cut rather than rounded | a PERCENT disagrees with its part and the whole after "tổng số" | |
//! | V019 | `parts-exceed-total` | error, or warning for a sum | parts listed under a whole ("trong đó") larger than it, or a ratio a/b with a > b stated as a share | |
//! | V020 | `share-over-100` | error, or warning when only a metric makes it a share | a share above 100% ("chiếm 104%") | |
//! | V021 | `percent-count-inexact` | warning | no whole number of things fits a count and its percentage | |
//!
//! V017–V021 are the consistency checks of [`crate::findings`], run on the
//! document's PERCENT, MONEY and QUANTITY spans: their values are read from
//! `attrs` (`value`, `total`, `max`, `op`, `unit` …) where the record has
//! them, and otherwise from the span's text by the numeric tagger's number
//! parser, so a file of spans from any system is checked. A finding the
//! record also carries in its `findings` array is reported once, under its
//! V017–V021 code. V013 and V014 are read from the span's text, never from
//! `attrs`.
//!
//! The fixes (V003, V004, V005) move a span's ends: trim white space and
//! punctuation, then widen an end that falls inside a syllable to the
//! whole syllable, until nothing changes. A span that would become empty
//! is not fixed.
//!
//! ```
//! use vietag::formats::{Doc, Span};
//! use vietag::lint::{Code, Linter};
//! let doc = Doc::new("a", "Ông Hà Anh Dũng về Đồng Xoài.")
//!     .with_entities(vec![Span::new(4, 16, "PER"), Span::new(19, 27, "LOC")]);
//! let found = Linter::default().check(&doc);
//! let codes: Vec<Code> = found.iter().map(|f| f.code).collect();
//! assert_eq!(codes, [Code::EdgeSpace, Code::CutsSyllable]);
//! assert_eq!(found[0].fix, Some((4, 15)));
//! assert_eq!(found[1].fix, Some((19, 28)));
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use serde_json::{json, Map, Value};
use unicode_normalization::UnicodeNormalization;

use crate::attrs::{Attrs, Currency, NumericAttrs, Unit};
use crate::calendar::check_date;
use crate::dates::{clock, months, number_date, time_of_day, year_first_date, Problem};
use crate::findings::{self, codes};
use crate::formats::conll::content_tokens;
use crate::formats::{CharMap, Doc, DocError, NoteKind};
use crate::lexicon::DEFAULT_LEXICONS;
use crate::numbers::{parse_numeral, DecimalStyle};
use crate::numeric::{Op, UnitKind};
use crate::sentences::ABBREVIATIONS;
use crate::syllables::Token;
use crate::taggers::docref::{DocRefTagger, TypeMismatch};
use crate::taggers::numeric::NumericTagger;
use crate::taggers::{Candidate, Document, Tagger};
use crate::text::fold::is_combining_mark;
use crate::text::{MatchView, ViewOptions};
use crate::{claims, Annotator, AnnotatorBuilder, Entity, Label, Worker};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Probably wrong.
    Warning,
    /// Breaks the annotation guide.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = crate::error::ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" | "note" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(crate::error::ParseError::new(
                "severity",
                s,
                &["info", "warning", "error"],
            )),
        }
    }
}

/// The finding codes (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// V000
    Unreadable,
    /// V001
    OffsetOutOfRange,
    /// V002
    TextMismatch,
    /// V003
    CutsSyllable,
    /// V004
    EdgeSpace,
    /// V005
    EdgePunctuation,
    /// V006
    Overlap,
    /// V007
    UnknownLabel,
    /// V008
    NotNfc,
    /// V009
    NeedsNormalisation,
    /// V010
    LabelConflict,
    /// V011
    DiacriticVariant,
    /// V012
    InvalidBio,
    /// V013
    DocrefTypeMismatch,
    /// V014
    InvalidDate,
    /// V015
    RecordFinding,
    /// V016
    Discontinuous,
    /// V017
    PercentRatioMismatch,
    /// V018
    PercentPartTotalMismatch,
    /// V019
    PartsExceedTotal,
    /// V020
    ShareOver100,
    /// V021
    PercentCountInexact,
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 22] = [
        Code::Unreadable,
        Code::OffsetOutOfRange,
        Code::TextMismatch,
        Code::CutsSyllable,
        Code::EdgeSpace,
        Code::EdgePunctuation,
        Code::Overlap,
        Code::UnknownLabel,
        Code::NotNfc,
        Code::NeedsNormalisation,
        Code::LabelConflict,
        Code::DiacriticVariant,
        Code::InvalidBio,
        Code::DocrefTypeMismatch,
        Code::InvalidDate,
        Code::RecordFinding,
        Code::Discontinuous,
        Code::PercentRatioMismatch,
        Code::PercentPartTotalMismatch,
        Code::PartsExceedTotal,
        Code::ShareOver100,
        Code::PercentCountInexact,
    ];

    /// "V000" … "V021".
    pub fn as_str(self) -> &'static str {
        const S: [&str; 22] = [
            "V000", "V001", "V002", "V003", "V004", "V005", "V006", "V007", "V008", "V009", "V010",
            "V011", "V012", "V013", "V014", "V015", "V016", "V017", "V018", "V019", "V020", "V021",
        ];
        S[self as usize]
    }

    /// The lint code of a [finding code](crate::findings::codes) of the
    /// numeric consistency checks.
    pub fn of_numeric_finding(code: &str) -> Option<Code> {
        Some(match code {
            codes::PERCENT_RATIO_MISMATCH => Code::PercentRatioMismatch,
            codes::PERCENT_PART_TOTAL_MISMATCH => Code::PercentPartTotalMismatch,
            codes::PARTS_EXCEED_TOTAL => Code::PartsExceedTotal,
            codes::SHARE_OVER_100 => Code::ShareOver100,
            codes::PERCENT_COUNT_INEXACT => Code::PercentCountInexact,
            _ => return None,
        })
    }

    /// The short name ("cuts-syllable").
    pub fn name(self) -> &'static str {
        match self {
            Code::Unreadable => "unreadable",
            Code::OffsetOutOfRange => "offset-out-of-range",
            Code::TextMismatch => "text-mismatch",
            Code::CutsSyllable => "cuts-syllable",
            Code::EdgeSpace => "edge-space",
            Code::EdgePunctuation => "edge-punctuation",
            Code::Overlap => "overlap",
            Code::UnknownLabel => "unknown-label",
            Code::NotNfc => "not-nfc",
            Code::NeedsNormalisation => "needs-normalisation",
            Code::LabelConflict => "label-conflict",
            Code::DiacriticVariant => "diacritic-variant",
            Code::InvalidBio => "invalid-bio",
            Code::DocrefTypeMismatch => "docref-type-mismatch",
            Code::InvalidDate => "invalid-date",
            Code::RecordFinding => "record-finding",
            Code::Discontinuous => "discontinuous",
            Code::PercentRatioMismatch => "percent-ratio-mismatch",
            Code::PercentPartTotalMismatch => "percent-part-total-mismatch",
            Code::PartsExceedTotal => "parts-exceed-total",
            Code::ShareOver100 => "share-over-100",
            Code::PercentCountInexact => "percent-count-inexact",
        }
    }

    /// The usual severity of its findings (V015 takes the record's, V017 to
    /// V021 the consistency check's).
    pub fn severity(self) -> Severity {
        match self {
            Code::NotNfc
            | Code::LabelConflict
            | Code::DiacriticVariant
            | Code::DocrefTypeMismatch
            | Code::Discontinuous
            | Code::RecordFinding
            | Code::PercentCountInexact => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Finding {
    /// What kind.
    pub code: Code,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, quoting the text.
    pub message: String,
    /// Code-point range of the document it points at.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The entity concerned (its index in the document).
    pub entity: Option<usize>,
    /// Input line (the span's, else the document's; 0 when unknown).
    pub line: usize,
    /// The corrected range of the entity, for fixable findings.
    pub fix: Option<(usize, usize)>,
    /// For V015 and V017–V021: the consistency check's own code
    /// ("percent_ratio_mismatch").
    pub rule: Option<String>,
}

impl Finding {
    fn new(code: Code, start: usize, end: usize, message: String) -> Self {
        Finding {
            code,
            severity: code.severity(),
            message,
            start,
            end,
            entity: None,
            line: 0,
            fix: None,
            rule: None,
        }
    }
}

/// The V000 finding for a record that could not be read.
pub fn unreadable(err: &DocError) -> Finding {
    let mut f = Finding::new(Code::Unreadable, 0, 0, err.message.clone());
    f.line = err.line;
    f
}

/// Checks documents. Build it once and share it.
#[derive(Debug)]
pub struct Linter {
    labels: HashSet<String>,
    /// `None` only if the embedded lexicons failed to build.
    recheck: Option<Arc<Recheck>>,
}

impl Default for Linter {
    /// The guide's nine labels.
    fn default() -> Self {
        Linter::with_labels(Label::ALL.iter().map(|l| l.as_str()))
    }
}

impl Linter {
    /// A linter that accepts exactly `labels`.
    pub fn with_labels<I: IntoIterator<Item = S>, S: Into<String>>(labels: I) -> Self {
        Linter {
            labels: labels.into_iter().map(Into::into).collect(),
            recheck: Recheck::shared(),
        }
    }

    /// The findings of `doc`, ordered by position then code.
    pub fn check(&self, doc: &Doc) -> Vec<Finding> {
        let map = CharMap::new(&doc.text);
        let tokens = content_tokens(&doc.text);
        let cx = Cx {
            doc,
            map: &map,
            tokens: &tokens,
        };
        let mut out = Vec::new();
        if let Some(f) = not_nfc(&doc.text) {
            out.push(f);
        }
        let mut valid = vec![false; doc.entities.len()];
        for (i, e) in doc.entities.iter().enumerate() {
            let mut here = Vec::new();
            if !self.labels.contains(&e.label) {
                here.push(self.unknown_label(&e.label, e.start, e.end));
            }
            if e.start >= e.end || e.end > map.len() {
                here.push(out_of_range(doc, &map, i));
            } else {
                valid[i] = true;
                cx.span_checks(i, &mut here);
                if e.label == "DATE" {
                    here.extend(invalid_date(&cx, i));
                }
            }
            for mut f in here {
                f.entity = Some(i);
                f.line = if e.line > 0 { e.line } else { doc.line };
                out.push(f);
            }
        }
        cx.overlaps(&valid, &mut out);
        cx.label_conflicts(&valid, &mut out);
        cx.diacritic_variants(&valid, &mut out);
        for n in &doc.notes {
            let code = match n.kind {
                NoteKind::InvalidBio => Code::InvalidBio,
                NoteKind::Discontinuous => Code::Discontinuous,
            };
            let mut f = Finding::new(code, n.start, n.end, n.message.clone());
            f.line = n.line;
            out.push(f);
        }
        let recomputed = match &self.recheck {
            Some(r) => r.check(&cx, &valid, &mut out),
            None => HashSet::new(),
        };
        cx.record_findings(&recomputed, &mut out);
        for f in &mut out {
            if f.line == 0 {
                f.line = doc.line;
            }
        }
        out.sort_by_key(|f| (f.start, f.end, f.code));
        out
    }

    fn unknown_label(&self, label: &str, start: usize, end: usize) -> Finding {
        let mut known: Vec<&str> = self.labels.iter().map(String::as_str).collect();
        known.sort_unstable();
        let hint = known
            .iter()
            .find(|k| k.eq_ignore_ascii_case(label))
            .map(|k| format!(" (did you mean {k}?)"))
            .unwrap_or_default();
        Finding::new(
            Code::UnknownLabel,
            start,
            end,
            format!("unknown label {label:?}{hint}; known: {}", known.join(", ")),
        )
    }
}

/// V001 for entity `i`, whose range is out of the text, reversed or empty.
fn out_of_range(doc: &Doc, map: &CharMap, i: usize) -> Finding {
    let e = &doc.entities[i];
    let why = if e.end > map.len() {
        format!(
            "ends at {}, past the end of the text ({} code points)",
            e.end,
            map.len()
        )
    } else if e.start > e.end {
        format!("starts at {} after its end {}", e.start, e.end)
    } else {
        "is empty".to_string()
    };
    let at = e.start.min(map.len());
    let hints = e
        .text
        .as_deref()
        .map(|t| unit_hints(&doc.text, e.start, e.end, t))
        .unwrap_or_default();
    let hint = if hints.is_empty() {
        String::new()
    } else {
        format!("; {}", hints.join(", "))
    };
    Finding::new(
        Code::OffsetOutOfRange,
        at,
        e.end.clamp(at, map.len()),
        format!("{} span {}..{} {why}{hint}", e.label, e.start, e.end),
    )
}

fn mismatch_message(text: &str, m: &TypeMismatch) -> String {
    format!(
        "DOCREF {text:?}: the type word \"{}\" does not match the type code \"{}\"",
        m.doc_type, m.type_code
    )
}

/// A finding of the numeric consistency checks: its code and the entities
/// involved (indices into the document), sorted.
type NumericKey = (String, Vec<usize>);

/// What lint reads again from a document's text: the claims and
/// consistency findings of its numeric spans (V017–V021) and the type and
/// code of its DOCREF spans (V013). Holds the numeric and DOCREF lexicons,
/// compiled once for the process.
#[derive(Debug)]
struct Recheck {
    annotator: Annotator,
    numeric: NumericTagger,
    docref: DocRefTagger,
}

impl Recheck {
    /// The embedded numeric and DOCREF lexicons, compiled on first use.
    fn shared() -> Option<Arc<Recheck>> {
        static SHARED: OnceLock<Option<Arc<Recheck>>> = OnceLock::new();
        SHARED
            .get_or_init(|| Recheck::build().map(Arc::new))
            .clone()
    }

    fn build() -> Option<Recheck> {
        let mut builder = AnnotatorBuilder::new();
        builder.default_lexicons(false);
        for (name, text) in DEFAULT_LEXICONS {
            if name.starts_with("lexicons/numeric/") || name.starts_with("lexicons/docref/") {
                builder.lexicon_str(name, text);
            }
        }
        let annotator = builder.build().ok()?;
        let numeric = NumericTagger;
        let docref = DocRefTagger::new(annotator.lexicon());
        Some(Recheck {
            annotator,
            numeric,
            docref,
        })
    }

    /// Adds the V013 and V017–V021 findings of the in-range (`valid`)
    /// entities; returns the numeric findings found, to leave out of V015.
    fn check(&self, cx: &Cx<'_>, valid: &[bool], out: &mut Vec<Finding>) -> HashSet<NumericKey> {
        let ents = &cx.doc.entities;
        let wanted = |i: usize| {
            valid[i]
                && !ents[i].extra.contains_key("parent")
                && matches!(
                    ents[i].label.as_str(),
                    "PERCENT" | "MONEY" | "QUANTITY" | "DOCREF"
                )
        };
        if !(0..ents.len()).any(wanted) {
            return HashSet::new();
        }
        let mut worker = Worker::new();
        let doc = self.annotator.prepare(&cx.doc.text, &mut worker);
        let tokens_of = |i: usize| -> Option<Range<usize>> {
            let b = cx.map.bytes(ents[i].start, ents[i].end)?;
            let a = doc.tokens.partition_point(|t| t.orig.start < b.start);
            let z = doc.tokens.partition_point(|t| t.orig.start < b.end);
            Some(a..z.max(a))
        };
        for i in (0..ents.len()).filter(|&i| wanted(i) && ents[i].label == "DOCREF") {
            let Some(r) = tokens_of(i) else { continue };
            if let Some(m) = self.docref.type_mismatch_at(&doc, r.start, r.end) {
                let e = &ents[i];
                let text = cx.chars(e.start, e.end);
                let mut f = Finding::new(
                    Code::DocrefTypeMismatch,
                    e.start,
                    e.end,
                    mismatch_message(text, &m),
                );
                f.entity = Some(i);
                f.line = e.line;
                out.push(f);
            }
        }
        self.numeric_findings(cx, valid, &doc, out)
    }

    /// V017–V021: the claims layer and its checks over the numeric spans.
    fn numeric_findings(
        &self,
        cx: &Cx<'_>,
        valid: &[bool],
        doc: &Document<'_>,
        out: &mut Vec<Finding>,
    ) -> HashSet<NumericKey> {
        let (entities, order) = self.entities(cx, valid, doc);
        if !entities.iter().any(|e| e.label != Label::Date) {
            return HashSet::new();
        }
        let text = &cx.doc.text;
        let mut claims = claims::extract(doc, text, &entities, &mut claims::Scratch::default());
        let mut keys = HashSet::new();
        for nf in findings::check(text, &entities, &mut claims) {
            let Some(code) = Code::of_numeric_finding(nf.code) else {
                continue;
            };
            let mut idx: Vec<usize> = nf
                .entities
                .iter()
                .filter_map(|&k| order.get(k).copied())
                .collect();
            idx.sort_unstable();
            idx.dedup();
            let spans = || idx.iter().map(|&i| &cx.doc.entities[i]);
            let start = spans().map(|e| e.start).min().unwrap_or(0);
            let end = spans().map(|e| e.end).max().unwrap_or(start);
            let mut f = Finding::new(code, start, end, nf.message.clone());
            f.severity = match nf.severity {
                findings::Severity::Error => Severity::Error,
                findings::Severity::Warning => Severity::Warning,
            };
            f.entity = idx.first().copied();
            f.line = spans().next().map_or(0, |e| e.line);
            f.rule = Some(nf.code.to_string());
            keys.insert((nf.code.to_string(), idx));
            out.push(f);
        }
        keys
    }

    /// The numeric and DATE spans of the document as entities (byte
    /// offsets, sorted by position), with the index of each in the document.
    fn entities(
        &self,
        cx: &Cx<'_>,
        valid: &[bool],
        doc: &Document<'_>,
    ) -> (Vec<Entity>, Vec<usize>) {
        let mut candidates = Vec::new();
        self.numeric.tag(doc, &mut candidates);
        candidates.sort_by_key(|c| (c.tokens.start, c.tokens.end));
        let mut found: Vec<(Entity, usize)> = Vec::new();
        for (i, span) in cx.doc.entities.iter().enumerate() {
            let Ok(label) = span.label.parse::<Label>() else {
                continue;
            };
            let numeric = matches!(label, Label::Percent | Label::Money | Label::Quantity);
            if !valid[i] || span.extra.contains_key("parent") || !(numeric || label == Label::Date)
            {
                continue;
            }
            let Some(bytes) = cx.map.bytes(span.start, span.end) else {
                continue;
            };
            let tokens = token_range(doc, bytes.clone());
            let attrs = match numeric {
                true => numeric_attrs(doc, &candidates, label, tokens.clone(), &span.attrs)
                    .map_or(Attrs::None, Attrs::Numeric),
                false => Attrs::None,
            };
            let mut entity = Entity::new(bytes.start, bytes.end, label, attrs);
            entity.tokens = tokens;
            found.push((entity, i));
        }
        found.sort_by_key(|(e, i)| (e.start, e.end, *i));
        found.into_iter().unzip()
    }
}

/// The tokens of `doc` that the byte range `bytes` covers.
fn token_range(doc: &Document<'_>, bytes: Range<usize>) -> Range<usize> {
    let toks = doc.tokens;
    let a = toks.partition_point(|t| t.orig.start < bytes.start);
    let z = toks.partition_point(|t| t.orig.start < bytes.end).max(a);
    a..z
}

/// The attributes the claims layer reads, for a numeric span over `tokens`:
/// those of the record where it has them, else those the numeric tagger
/// gives the span (the candidate of the same label that overlaps it most),
/// else the first number of the span's text; `None` when no value is found.
fn numeric_attrs(
    doc: &Document<'_>,
    candidates: &[Candidate],
    label: Label,
    tokens: Range<usize>,
    record: &Map<String, Value>,
) -> Option<NumericAttrs> {
    let (a, z) = (tokens.start, tokens.end);
    // Numeric candidates are short: those that may overlap start at most
    // this many tokens before the span.
    const LONGEST: usize = 64;
    let lo = candidates.partition_point(|c| c.tokens.start + LONGEST < a);
    let hi = candidates.partition_point(|c| c.tokens.start < z);
    let overlap = |c: &Candidate| c.tokens.end.min(z).saturating_sub(c.tokens.start.max(a));
    let best = candidates[lo..hi.max(lo)]
        .iter()
        .filter(|c| c.label == label && overlap(c) > 0)
        .max_by_key(|c| (overlap(c), std::cmp::Reverse(c.tokens.len())))
        .and_then(|c| c.attrs.numeric().cloned());
    let value = record.get("value").and_then(Value::as_f64);
    let mut attrs = best
        .or_else(|| first_number(doc, tokens))
        .or_else(|| value.map(NumericAttrs::new))?;
    apply_record(&mut attrs, record);
    Some(attrs)
}

/// The record's own numeric attributes (JSON, from a file) over those read
/// from the text.
fn apply_record(attrs: &mut NumericAttrs, record: &Map<String, Value>) {
    let num = |k: &str| record.get(k).and_then(Value::as_f64);
    let text = |k: &str| record.get(k).and_then(Value::as_str);
    if let Some(v) = num("value") {
        attrs.value = v;
    }
    if let Some(v) = num("max") {
        attrs.max = Some(v);
    }
    if let Some(v) = num("total") {
        attrs.total = Some(v);
    }
    if let Some(op) = text("op").and_then(Op::parse) {
        attrs.op = op;
    }
    if let Some(d) = record.get("decimals").and_then(Value::as_u64) {
        attrs.decimals = u8::try_from(d).unwrap_or(u8::MAX);
    }
    if let Some(c) = text("currency").and_then(Currency::new) {
        attrs.currency = Some(c);
    }
    if let Some(u) = text("unit") {
        attrs.unit = Some(Unit::Named(u.into()));
    }
    if let Some(k) = text("kind").and_then(UnitKind::parse) {
        attrs.kind = Some(k);
    }
    if let Some(p) = text("per") {
        attrs.per = Some(p.into());
    }
}

/// `value` (and `decimals`) of the first number among `tokens`.
fn first_number(doc: &Document<'_>, tokens: Range<usize>) -> Option<NumericAttrs> {
    let n = tokens
        .filter(|&t| doc.is_number(t))
        .find_map(|t| parse_numeral(doc.word(t), DecimalStyle::default()))?;
    let mut attrs = NumericAttrs::new(n.value);
    attrs.decimals = n.decimals;
    Some(attrs)
}

/// One document being checked.
struct Cx<'a> {
    doc: &'a Doc,
    map: &'a CharMap,
    tokens: &'a [Token],
}

fn is_space_like(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

/// Punctuation a span must not start or end with (`%` and other symbols
/// that belong to a value are not in it).
pub(crate) fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '-'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\''
            | '/'
            | '\\'
            | '*'
            | '_'
            | '|'
            | '…'
            | '–'
            | '—'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '•'
            | '·'
    )
}

/// May `span` (a span's text) end with its last character, a punctuation
/// mark? A closer whose opener is in the span, or an abbreviation's dot.
fn allowed_last(span: &str) -> bool {
    let Some(last) = span.chars().last() else {
        return true;
    };
    let count = |c: char| span.chars().filter(|&x| x == c).count();
    match last {
        ')' => count('(') >= count(')'),
        ']' => count('[') >= count(']'),
        '”' => span.contains('“'),
        '’' => span.contains('‘'),
        '»' => span.contains('«'),
        '"' => count('"') >= 2,
        '.' => {
            let body = &span[..span.len() - 1];
            let word: String = body
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic() || is_combining_mark(*c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let letters = word.chars().filter(|c| !is_combining_mark(*c)).count();
            letters == 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
        }
        _ => false,
    }
}

impl Cx<'_> {
    fn chars(&self, start: usize, end: usize) -> &str {
        self.doc.slice(self.map, start, end).unwrap_or("")
    }

    /// The content token (syllable or number) strictly around byte `b`.
    fn token_around(&self, b: usize) -> Option<&Token> {
        let k = self.tokens.partition_point(|t| t.orig.end <= b);
        self.tokens
            .get(k)
            .filter(|t| t.is_content() && t.orig.start < b && b < t.orig.end)
    }

    /// The span `start..end` with the mechanical fixes applied, if that
    /// changes it and leaves something.
    fn fixed(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let (mut s, mut e) = (start, end);
        for _ in 0..8 {
            let (s0, e0) = (s, e);
            let chars: Vec<char> = self.chars(s, e).chars().collect();
            let mut a = 0;
            let mut b = chars.len();
            loop {
                let before = (a, b);
                while a < b && (is_space_like(chars[a]) || is_edge_punct(chars[a])) {
                    a += 1;
                }
                while b > a && is_space_like(chars[b - 1]) {
                    b -= 1;
                }
                if b > a && is_edge_punct(chars[b - 1]) {
                    let body: String = chars[a..b].iter().collect();
                    if !allowed_last(&body) {
                        b -= 1;
                    }
                }
                if (a, b) == before {
                    break;
                }
            }
            if a >= b {
                return None;
            }
            s += a;
            e = s + (b - a);
            if let Some(t) = self.map.byte(s).and_then(|x| self.token_around(x)) {
                s = self.map.cp(t.orig.start);
            }
            if let Some(t) = self.map.byte(e).and_then(|x| self.token_around(x)) {
                e = self.map.cp(t.orig.end);
            }
            if (s, e) == (s0, e0) {
                break;
            }
        }
        ((s, e) != (start, end) && s < e).then_some((s, e))
    }

    /// V002, V003, V004, V005, V009 for the in-range entity `i`.
    fn span_checks(&self, i: usize, out: &mut Vec<Finding>) {
        let e = &self.doc.entities[i];
        let slice = self.chars(e.start, e.end);
        let fix = self.fixed(e.start, e.end);
        let what = format!("{} {:?}", e.label, slice);
        if let Some(claimed) = &e.text {
            if claimed != slice {
                out.push(self.text_mismatch(e.start, e.end, claimed, slice, &e.label));
            }
        }
        let first = slice.chars().next().unwrap_or(' ');
        let last = slice.chars().last().unwrap_or(' ');
        if is_space_like(first) || is_space_like(last) {
            let side = match (is_space_like(first), is_space_like(last)) {
                (true, true) => "starts and ends",
                (true, false) => "starts",
                _ => "ends",
            };
            let mut f = Finding::new(
                Code::EdgeSpace,
                e.start,
                e.end,
                format!("{what} {side} with white space"),
            );
            f.fix = fix;
            out.push(f);
        }
        let cut_start = self.map.byte(e.start).and_then(|b| self.token_around(b));
        let cut_end = self.map.byte(e.end).and_then(|b| self.token_around(b));
        // Punctuation inside a number ("4.100") is V003's business.
        let trimmed = slice.trim_matches(is_space_like);
        let lead = trimmed
            .chars()
            .next()
            .filter(|&c| is_edge_punct(c) && cut_start.is_none());
        let trail = trimmed
            .chars()
            .last()
            .filter(|&c| is_edge_punct(c) && cut_end.is_none() && !allowed_last(trimmed));
        if lead.is_some() || trail.is_some() {
            let side = match (lead, trail) {
                (Some(a), Some(b)) => format!("starts with {a:?} and ends with {b:?}"),
                (Some(a), None) => format!("starts with {a:?}"),
                (None, Some(b)) => format!("ends with {b:?}"),
                (None, None) => String::new(),
            };
            let mut f = Finding::new(
                Code::EdgePunctuation,
                e.start,
                e.end,
                format!("{what} {side}"),
            );
            f.fix = fix;
            out.push(f);
        }
        let mut cuts = Vec::new();
        for (t, side) in [(cut_start, "starts"), (cut_end, "ends")] {
            if let Some(t) = t {
                cuts.push(format!(
                    "{side} inside {:?}",
                    &self.doc.text[t.orig.clone()]
                ));
            }
        }
        if !cuts.is_empty() {
            let mut f = Finding::new(
                Code::CutsSyllable,
                e.start,
                e.end,
                format!("{what} {}", cuts.join(" and ")),
            );
            f.fix = fix;
            out.push(f);
        }
    }

    fn text_mismatch(
        &self,
        start: usize,
        end: usize,
        claimed: &str,
        slice: &str,
        label: &str,
    ) -> Finding {
        let nfc = |s: &str| s.nfc().collect::<String>();
        if nfc(claimed) == nfc(slice) {
            return Finding::new(
                Code::NeedsNormalisation,
                start,
                end,
                format!(
                    "{label} text {claimed:?} equals the document's {slice:?} only after NFC normalisation; write the text as the document has it"
                ),
            );
        }
        let text = &self.doc.text;
        let norm = nfc(text);
        if norm != *text {
            let nmap = CharMap::new(&norm);
            if nmap.bytes(start, end).and_then(|r| norm.get(r)) == Some(nfc(claimed).as_str()) {
                let found = find_nearest(text, self.map, claimed, start);
                let hint = found
                    .map(|(a, b)| format!("; in the text as given it is {a}..{b}"))
                    .unwrap_or_default();
                return Finding::new(
                    Code::NeedsNormalisation,
                    start,
                    end,
                    format!(
                        "{label} {start}..{end} counts code points of the NFC form of the text, not of the text as given{hint}"
                    ),
                );
            }
        }
        let mut hints = unit_hints(text, start, end, claimed);
        if hints.is_empty() {
            if let Some((a, b)) = find_nearest(text, self.map, claimed, start) {
                hints.push(format!("{claimed:?} is at {a}..{b}"));
            }
        }
        let hint = if hints.is_empty() {
            String::new()
        } else {
            format!("; {}", hints.join(", "))
        };
        Finding::new(
            Code::TextMismatch,
            start,
            end,
            format!("{label} text is {claimed:?} but the document has {slice:?} at {start}..{end}{hint}"),
        )
    }

    /// V006: overlapping or repeated spans of the flat layer (spans with a
    /// `parent` are the nested layer, which nests by design).
    fn overlaps(&self, valid: &[bool], out: &mut Vec<Finding>) {
        let ents = &self.doc.entities;
        let mut order: Vec<usize> = (0..ents.len())
            .filter(|&i| valid[i] && !ents[i].is_nested())
            .collect();
        order.sort_by_key(|&i| (ents[i].start, std::cmp::Reverse(ents[i].end), i));
        let mut widest: Option<usize> = None;
        for &j in &order {
            if let Some(w) = widest {
                let (a, b) = (&ents[w], &ents[j]);
                if b.start < a.end {
                    let msg = if (a.start, a.end) == (b.start, b.end) {
                        if a.label == b.label {
                            format!(
                                "{} {:?} is a duplicate of entity {w}",
                                b.label,
                                self.chars(b.start, b.end)
                            )
                        } else {
                            format!(
                                "{} {:?} has the same span as entity {w} ({}); the flat layer holds one",
                                b.label,
                                self.chars(b.start, b.end),
                                a.label
                            )
                        }
                    } else {
                        format!(
                            "{} {:?} overlaps entity {w} ({} {:?} at {}..{}); the flat layer keeps outer spans only",
                            b.label,
                            self.chars(b.start, b.end),
                            a.label,
                            self.chars(a.start, a.end),
                            a.start,
                            a.end
                        )
                    };
                    let mut f = Finding::new(Code::Overlap, b.start, b.end, msg);
                    f.entity = Some(j);
                    f.line = b.line;
                    out.push(f);
                }
            }
            if widest.is_none_or(|w| ents[j].end > ents[w].end) {
                widest = Some(j);
            }
        }
    }

    /// V010: one surface, several labels.
    fn label_conflicts(&self, valid: &[bool], out: &mut Vec<Finding>) {
        let ents = &self.doc.entities;
        // Surface (NFC) → distinct ranges with their label.
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        let mut seen_ranges = HashSet::new();
        for (i, e) in ents.iter().enumerate() {
            if valid[i] && seen_ranges.insert((e.start, e.end)) {
                let surface: String = self.chars(e.start, e.end).nfc().collect();
                groups.entry(surface).or_default().push(i);
            }
        }
        for (surface, idx) in groups {
            let major = majority(&idx, |&i| ents[i].label.clone(), |_| 0);
            let Some(major) = major else { continue };
            let others: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|&i| ents[i].label == major)
                .collect();
            for &i in &idx {
                let e = &ents[i];
                if e.label == major {
                    continue;
                }
                let first = &ents[others[0]];
                let mut f = Finding::new(
                    Code::LabelConflict,
                    e.start,
                    e.end,
                    format!(
                        "{surface:?} is {} here but {major} {} in this document (first at {}..{})",
                        e.label,
                        times(others.len()),
                        first.start,
                        first.end
                    ),
                );
                f.entity = Some(i);
                f.line = e.line;
                out.push(f);
            }
        }
    }

    /// V011: one name, several spellings of its diacritics.
    fn diacritic_variants(&self, valid: &[bool], out: &mut Vec<Finding>) {
        let ents = &self.doc.entities;
        let mut plain = MatchView::default();
        let mut folded = MatchView::default();
        let mut groups: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for (i, e) in ents.iter().enumerate() {
            if !valid[i] {
                continue;
            }
            let s = self.chars(e.start, e.end);
            // One syllable is too little to tell a typo from another name
            // ("Thanh" / "Thành", "Huế" / "Huệ").
            if s.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count()
                < 2
            {
                continue;
            }
            plain.build(s, ViewOptions::default());
            folded.build(
                s,
                ViewOptions {
                    fold_diacritics: true,
                },
            );
            groups
                .entry(folded.as_str().to_string())
                .or_default()
                .push((i, plain.as_str().to_string()));
        }
        for members in groups.values() {
            let idx: Vec<usize> = (0..members.len()).collect();
            let marks = |k: &usize| {
                members[*k]
                    .1
                    .nfd()
                    .filter(|c| is_combining_mark(*c))
                    .count()
            };
            let Some(major) = majority(&idx, |&k| members[k].1.clone(), marks) else {
                continue;
            };
            let main: Vec<usize> = members
                .iter()
                .filter(|m| m.1 == major)
                .map(|m| m.0)
                .collect();
            let first = &ents[main[0]];
            let first_text = self.chars(first.start, first.end);
            for (i, spelling) in members {
                if *spelling == major {
                    continue;
                }
                let e = &ents[*i];
                let mut f = Finding::new(
                    Code::DiacriticVariant,
                    e.start,
                    e.end,
                    format!(
                        "{} {:?} is spelled {first_text:?} {} in this document (first at {}..{}); check the diacritics",
                        e.label,
                        self.chars(e.start, e.end),
                        times(main.len()),
                        first.start,
                        first.end
                    ),
                );
                f.entity = Some(*i);
                f.line = e.line;
                out.push(f);
            }
        }
    }

    /// V015: the record's own `findings`, but for those in `recomputed`
    /// (found again as V017–V021).
    fn record_findings(&self, recomputed: &HashSet<NumericKey>, out: &mut Vec<Finding>) {
        let Some(Value::Array(list)) = self.doc.extra.get("findings") else {
            return;
        };
        for item in list {
            let Some(o) = item.as_object() else { continue };
            let rule = o.get("code").and_then(Value::as_str).unwrap_or("finding");
            let mut key: Vec<usize> = o
                .get("entities")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_u64)
                        .filter_map(|i| usize::try_from(i).ok())
                        .collect()
                })
                .unwrap_or_default();
            key.sort_unstable();
            key.dedup();
            if recomputed.contains(&(rule.to_string(), key)) {
                continue;
            }
            let message = o.get("message").and_then(Value::as_str).unwrap_or("");
            let severity = o
                .get("severity")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok())
                .unwrap_or(Severity::Warning);
            let idx: Vec<usize> = o
                .get("entities")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_u64)
                        .filter_map(|i| usize::try_from(i).ok())
                        .filter(|&i| i < self.doc.entities.len())
                        .collect()
                })
                .unwrap_or_default();
            let start = idx
                .iter()
                .map(|&i| self.doc.entities[i].start)
                .min()
                .unwrap_or(0);
            let end = idx
                .iter()
                .map(|&i| self.doc.entities[i].end)
                .max()
                .unwrap_or(0)
                .max(start);
            let mut f = Finding::new(
                Code::RecordFinding,
                start,
                end,
                format!("{rule}: {message}"),
            );
            f.severity = severity;
            f.entity = idx.first().copied();
            f.line = idx.first().map_or(0, |&i| self.doc.entities[i].line);
            f.rule = Some(rule.to_string());
            out.push(f);
        }
    }
}

fn times(n: usize) -> String {
    if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    }
}

/// The most frequent key of `items` when there are two keys or more; ties
/// go to the higher `weight`, then to the first seen.
fn majority<T, K: Eq + std::hash::Hash + Clone>(
    items: &[T],
    key: impl Fn(&T) -> K,
    weight: impl Fn(&T) -> usize,
) -> Option<K> {
    let mut counts: Vec<(K, usize, usize)> = Vec::new();
    for it in items {
        let k = key(it);
        match counts.iter_mut().find(|c| c.0 == k) {
            Some(c) => c.1 += 1,
            None => counts.push((k, 1, weight(it))),
        }
    }
    if counts.len() < 2 {
        return None;
    }
    let best = counts
        .iter()
        .enumerate()
        .max_by_key(|(pos, c)| (c.1, c.2, std::cmp::Reverse(*pos)))
        .map(|(_, c)| c.0.clone());
    best
}

/// Hints when `claimed` is the text at `start..end` counted in another unit.
fn unit_hints(text: &str, start: usize, end: usize, claimed: &str) -> Vec<String> {
    let mut hints = Vec::new();
    let units16: Vec<u16> = text.encode_utf16().collect();
    if let Some(s16) = units16.get(start..end) {
        if String::from_utf16(s16).ok().as_deref() == Some(claimed) {
            hints.push("the offsets look like UTF-16 code units".to_string());
        }
    }
    if text.get(start..end) == Some(claimed) {
        hints.push("the offsets look like UTF-8 bytes".to_string());
    }
    hints
}

/// The occurrence of `needle` in `text` nearest to code point `near`.
fn find_nearest(text: &str, map: &CharMap, needle: &str, near: usize) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let n = needle.chars().count();
    text.match_indices(needle)
        .map(|(b, _)| map.cp(b))
        .min_by_key(|&s| s.abs_diff(near))
        .map(|s| (s, s + n))
}

/// V008: the first character sequence that NFC changes.
fn not_nfc(text: &str) -> Option<Finding> {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        return None;
    }
    let mut cp = 0;
    let mut start = 0;
    let mut start_cp = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(b, c)) in chars.iter().enumerate() {
        let starter = unicode_normalization::char::canonical_combining_class(c) == 0;
        if k > 0 && starter {
            let seg = &text[start..b];
            if seg.nfc().ne(seg.chars()) {
                return Some(nfc_finding(seg, start_cp, cp));
            }
            start = b;
            start_cp = cp;
        }
        cp += 1;
    }
    let seg = &text[start..];
    if seg.nfc().ne(seg.chars()) {
        return Some(nfc_finding(seg, start_cp, cp));
    }
    None
}

fn nfc_finding(seg: &str, start: usize, end: usize) -> Finding {
    let parts: Vec<String> = seg
        .chars()
        .map(|c| {
            if c.is_ascii() || !is_combining_mark(c) {
                c.to_string()
            } else {
                format!("U+{:04X}", c as u32)
            }
        })
        .collect();
    let nfc: String = seg.nfc().collect();
    Finding::new(
        Code::NotNfc,
        start,
        end,
        format!(
            "the document is not NFC (first at {start}: {nfc:?} written as {}); offsets count its code points as given, tools that normalise count others",
            parts.join(" + ")
        ),
    )
}

/// V014: an impossible date or time, or numbers that are no date, written
/// in a DATE span.
fn invalid_date(cx: &Cx<'_>, i: usize) -> Option<Finding> {
    let e = &cx.doc.entities[i];
    let text = cx.chars(e.start, e.end);
    let problem = date_problem(text)?;
    Some(Finding::new(
        Code::InvalidDate,
        e.start,
        e.end,
        format!("DATE {text:?}: {problem}"),
    ))
}

/// The date check shared with the date tagger, as a message.
fn check_dmy(d: Option<u32>, m: u32, y: Option<i32>) -> Option<String> {
    check_date(d, m, y).err().map(|p| p.to_string())
}

/// A problem with the dates written in `text`, if any.
pub fn date_problem(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let toks = date_words(&lower);
    let (mut day, mut month, mut year) = (None, None, None);
    for (k, t) in toks.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| toks[p]);
        if !t.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if let Some(v) = small_int(t) {
            if toks.get(k + 1) == Some(&"giờ") {
                if let Some(problem) = hour_problem(v, toks.get(k + 2).copied()) {
                    return Some(problem);
                }
            }
            match prev {
                Some("ngày") => day = Some(v),
                Some("tháng") => month = Some(v),
                Some("năm") => year = i32::try_from(v).ok(),
                _ => {}
            }
            continue;
        }
        if let Some(problem) = number_date_problem(t, prev) {
            return Some(problem);
        }
    }
    match (day, month) {
        (d, Some(m)) => check_dmy(d, m, year),
        _ => None,
    }
}

/// The words (lower-case) and numbers (with the `/` `-` `.` `:` between
/// their digits) of `lower`.
fn date_words(lower: &str) -> Vec<&str> {
    let mut toks: Vec<&str> = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = lower.char_indices().collect();
    for (k, &(b, c)) in chars.iter().enumerate() {
        let joiner = matches!(c, '/' | '-' | '.' | ':')
            && k > 0
            && chars[k - 1].1.is_ascii_digit()
            && chars.get(k + 1).is_some_and(|n| n.1.is_ascii_digit());
        let part = c.is_alphanumeric() || joiner;
        match (part, start) {
            (true, None) => start = Some(b),
            (false, Some(s)) => {
                toks.push(&lower[s..b]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        toks.push(&lower[s..]);
    }
    toks
}

/// A number of at most four digits.
fn small_int(s: &str) -> Option<u32> {
    (s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// A problem with the time "`h` giờ", whose minutes are the number
/// `next` if it is one: "25 giờ", "10 giờ 75".
fn hour_problem(h: u32, next: Option<&str>) -> Option<String> {
    let minutes = next.and_then(small_int);
    time_of_day(h, minutes.unwrap_or(0)).err()?;
    Some(match minutes {
        Some(m) => format!("{h} giờ {m} is not a time of day"),
        None => format!("{h} giờ is not a time of day"),
    })
}

/// A problem with the date or time written as the number `t` ("31/02/2023",
/// "14-32/8", "10:75", "25h"), after the word `prev`, read as the date
/// tagger reads it.
fn number_date_problem(t: &str, prev: Option<&str>) -> Option<String> {
    let read = if let Some(time) = clock(t) {
        time.map(drop)
    } else if prev == Some("tháng") {
        months(t)?.map(drop)
    } else if let Some(date) = number_date(t, true) {
        // the span is a DATE: a bare "14/8" is one
        date.map(drop)
    } else if t.contains('-') {
        // "2020-2025", "7-2023": years, or a month only after "tháng"
        return None;
    } else if let Some(date) = year_first_date(t) {
        // "2022/05/13", "1986.06.03": the tagger reads these only with "-"
        date.map(drop)
    } else if let Some(month) = months(t) {
        // "7/2023": a month of a year
        month.map(drop)
    } else {
        return not_a_date(t);
    };
    match read.err()? {
        Problem::Date(p) => Some(p.to_string()),
        Problem::Time => Some(format!("{t} is not a time of day")),
    }
}

/// The problem of a DATE written as numbers joined by `/` or `.` that
/// the reader reads neither as a date nor as a month ("33.600",
/// "151/2014", "7.0.0": a count or a code, not a date). Other year-first
/// forms than those [`year_first_date`] reads ("2022/5/13") are left
/// alone.
fn not_a_date(t: &str) -> Option<String> {
    let numbers = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'.'));
    let joined = t.contains(['/', '.']);
    let year_first = t.split(['/', '.']).next().is_some_and(|p| p.len() == 4);
    (numbers && joined && !year_first).then(|| format!("{t} is not a date"))
}

/// The labels of a schema file: a JSON array of strings, a Label Studio
/// labelling config (`<Label value="PER"/>`), a brat `annotation.conf`
/// (its `[entities]` section), or a plain list (labels separated by new
/// lines, commas or spaces; `#` starts a comment).
///
/// ```
/// use vietag::lint::parse_schema;
/// assert_eq!(parse_schema("PER, LOC # people and places\nORG").unwrap(), ["PER", "LOC", "ORG"]);
/// assert_eq!(parse_schema(r#"["PER", "DATE"]"#).unwrap(), ["PER", "DATE"]);
/// assert_eq!(parse_schema(r#"<View><Labels><Label value="PER"/><Label  value="LOC" /></Labels></View>"#).unwrap(), ["PER", "LOC"]);
/// assert_eq!(parse_schema("[entities]\nPER\n\tSUB\n[relations]\nRel Arg1:PER").unwrap(), ["PER", "SUB"]);
/// assert!(matches!(parse_schema("# nothing"), Err(vietag::lint::SchemaError::NoLabel)));
/// ```
pub fn parse_schema(text: &str) -> Result<Vec<String>, SchemaError> {
    let t = text.trim_start_matches('\u{FEFF}').trim();
    let labels: Vec<String> = if t.starts_with('[') && !t.starts_with("[entities]") {
        serde_json::from_str::<Vec<String>>(t).map_err(SchemaError::Json)?
    } else if t.contains("<Label") {
        t.split("<Label")
            .skip(1)
            .filter(|part| part.starts_with(char::is_whitespace))
            .filter_map(|part| {
                let tag = part.split('>').next()?;
                let v = tag.split("value=").nth(1)?.trim_start();
                let q = v.chars().next()?;
                v[q.len_utf8()..].split(q).next().map(str::to_string)
            })
            .collect()
    } else if t.contains("[entities]") {
        let mut out = Vec::new();
        let mut inside = false;
        for line in t.lines() {
            let l = line.split('#').next().unwrap_or("").trim();
            if l.starts_with('[') {
                inside = l == "[entities]";
            } else if inside && !l.is_empty() {
                if let Some(name) = l.split_whitespace().next() {
                    out.push(name.to_string());
                }
            }
        }
        out
    } else {
        t.lines()
            .flat_map(|l| {
                l.split('#')
                    .next()
                    .unwrap_or("")
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    if labels.is_empty() {
        return Err(SchemaError::NoLabel);
    }
    Ok(labels)
}

/// Why a schema file gave no labels ([`parse_schema`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum SchemaError {
    /// It starts like a JSON array but is not an array of strings.
    Json(serde_json::Error),
    /// No label in it.
    NoLabel,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::Json(e) => write!(f, "not a JSON array of label strings: {e}"),
            SchemaError::NoLabel => f.write_str("no label found"),
        }
    }
}

impl std::error::Error for SchemaError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SchemaError::Json(e) => Some(e),
            SchemaError::NoLabel => None,
        }
    }
}

/// Applies the fixes of `findings` (from [`Linter::check`] of `doc`) to
/// `doc`: moves each fixable entity to its corrected range and updates its
/// `text`. Returns the indices of the entities changed.
pub fn fix(doc: &mut Doc, findings: &[Finding]) -> Vec<usize> {
    let map = CharMap::new(&doc.text);
    let mut changed = Vec::new();
    for f in findings {
        let (Some(i), Some((s, e))) = (f.entity, f.fix) else {
            continue;
        };
        if changed.contains(&i) {
            continue;
        }
        let new_text = doc.slice(&map, s, e).map(str::to_string);
        if let Some(ent) = doc.entities.get_mut(i) {
            ent.start = s;
            ent.end = e;
            if ent.text.is_some() {
                ent.text = new_text;
            }
            changed.push(i);
        }
    }
    changed.sort_unstable();
    changed
}

/// Display width of `c` in a terminal (0 for combining marks, 2 for wide
/// characters and most emoji).
fn width(c: char) -> usize {
    let u = c as u32;
    if is_combining_mark(c) || matches!(u, 0x200B..=0x200F | 0xFE00..=0xFE0F | 0xFEFF) {
        0
    } else if matches!(u, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F680..=0x1F6FF
        | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
    {
        2
    } else {
        1
    }
}

/// How much of the line is shown on each side of a finding's range.
const CONTEXT: usize = 40;

/// The line of `doc` holding the finding, with a caret line under its
/// range: `(text, carets)`, cut to about 100 columns around the range.
pub fn excerpt(doc: &Doc, f: &Finding) -> (String, String) {
    Report::new(doc).excerpt(f)
}

/// The finding as compiler-like text: a header, the location, the line of
/// the document with a caret under the range, and the fix.
///
/// ```text
/// error[V003]: cuts-syllable: LOC "Đồng Xoà" ends inside "Xoài"
///  --> gold.jsonl:3 (id "d3", 0..8)
///   |
///   | Đồng Xoài tiến tới
///   | ^^^^^^^^
///   = fix: 0..9 "Đồng Xoài"
/// ```
///
/// For many findings of one document, build a [`Report`] once instead.
pub fn render(file: &str, id: Option<&Value>, doc: Option<&Doc>, f: &Finding) -> String {
    match doc {
        Some(doc) => Report::new(doc).render(file, id, f),
        None => header(file, id, f),
    }
}

/// The finding as one JSON object: `file`, `line`, `id`, `code`, `name`,
/// `severity`, `message`, `start`, `end`, and when known `entity`,
/// `label`, `text`, `fix` (`{start, end, text}`), `rule`.
///
/// For many findings of one document, build a [`Report`] once instead.
pub fn to_json(file: &str, id: Option<&Value>, doc: Option<&Doc>, f: &Finding) -> Value {
    match doc {
        Some(doc) => Report::new(doc).to_json(file, id, f),
        None => json_fields(file, id, f, None),
    }
}

/// The header and location lines of [`render`].
fn header(file: &str, id: Option<&Value>, f: &Finding) -> String {
    let mut s = format!(
        "{}[{}]: {}: {}\n",
        f.severity,
        f.code,
        f.code.name(),
        f.message
    );
    let loc = if f.line > 0 {
        format!("{file}:{}", f.line)
    } else {
        file.to_string()
    };
    let id = id.map(|v| format!("id {v}, ")).unwrap_or_default();
    s.push_str(&format!(" --> {loc} ({id}{}..{})\n", f.start, f.end));
    s
}

/// [`to_json`], with the document and its map when known.
fn json_fields(
    file: &str,
    id: Option<&Value>,
    f: &Finding,
    doc: Option<(&Doc, &CharMap)>,
) -> Value {
    let mut o = Map::new();
    o.insert("file".into(), json!(file));
    o.insert("line".into(), json!(f.line));
    o.insert("id".into(), id.cloned().unwrap_or(Value::Null));
    o.insert("code".into(), json!(f.code.as_str()));
    o.insert("name".into(), json!(f.code.name()));
    o.insert("severity".into(), json!(f.severity.as_str()));
    o.insert("message".into(), json!(f.message));
    o.insert("start".into(), json!(f.start));
    o.insert("end".into(), json!(f.end));
    if let Some(i) = f.entity {
        o.insert("entity".into(), json!(i));
        if let Some(e) = doc.and_then(|(d, _)| d.entities.get(i)) {
            o.insert("label".into(), json!(e.label));
        }
    }
    if let Some((doc, map)) = doc {
        if let Some(t) = doc.slice(map, f.start, f.end) {
            o.insert("text".into(), json!(t));
        }
        if let Some((a, b)) = f.fix {
            let t = doc.slice(map, a, b).unwrap_or("");
            o.insert("fix".into(), json!({"start": a, "end": b, "text": t}));
        }
    }
    if let Some(r) = &f.rule {
        o.insert("rule".into(), json!(r));
    }
    Value::Object(o)
}

/// What an importer checks of what it reads: the findings that make a
/// span impossible to take in (offsets out of range, reversed or empty
/// (V001), a span text the document does not have there (V002, V009), a
/// label outside the linter's (V007)), from the same checks as
/// [`Linter::check`]. Each names its entity.
pub fn import_errors(linter: &Linter, doc: &Doc) -> Vec<Finding> {
    linter
        .check(doc)
        .into_iter()
        .filter(|f| {
            f.entity.is_some()
                && matches!(
                    f.code,
                    Code::OffsetOutOfRange
                        | Code::TextMismatch
                        | Code::NeedsNormalisation
                        | Code::UnknownLabel
                )
        })
        .collect()
}

/// A document ready to report its findings: its code-point map is built
/// once, and each finding costs time in proportion to the text it shows,
/// not to the document.
///
/// ```
/// use vietag::formats::{Doc, Span};
/// use vietag::lint::{Linter, Report};
/// let doc = Doc::new("a", "Về Đồng Xoài").with_entities(vec![Span::new(3, 11, "LOC")]);
/// let report = Report::new(&doc);
/// for f in Linter::default().check(&doc) {
///     assert!(report.render("a.jsonl", None, &f).starts_with("error[V003]"));
///     assert_eq!(report.to_json("a.jsonl", None, &f)["fix"]["text"], "Đồng Xoài");
/// }
/// ```
#[derive(Debug)]
pub struct Report<'d> {
    doc: &'d Doc,
    map: CharMap,
}

impl<'d> Report<'d> {
    /// Prepares `doc`.
    pub fn new(doc: &'d Doc) -> Self {
        Report {
            doc,
            map: CharMap::new(&doc.text),
        }
    }

    /// See [`render`].
    pub fn render(&self, file: &str, id: Option<&Value>, f: &Finding) -> String {
        let mut s = header(file, id, f);
        if f.code != Code::Unreadable {
            let (text, carets) = self.excerpt(f);
            s.push_str(&format!("  |\n  | {text}\n  | {carets}\n"));
        }
        if let Some((a, b)) = f.fix {
            let t = self.doc.slice(&self.map, a, b).unwrap_or("");
            s.push_str(&format!("  = fix: {a}..{b} {t:?}\n"));
        }
        s
    }

    /// See [`to_json`].
    pub fn to_json(&self, file: &str, id: Option<&Value>, f: &Finding) -> Value {
        json_fields(file, id, f, Some((self.doc, &self.map)))
    }

    /// See [`excerpt`].
    pub fn excerpt(&self, f: &Finding) -> (String, String) {
        let text = self.doc.text.as_str();
        let n = self.map.len();
        let start = f.start.min(n);
        let end = f.end.clamp(start, n);
        let byte = |cp: usize| self.map.byte(cp).unwrap_or(text.len());
        let is_break = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}');
        // The line around `start`, looked for only as far as it is shown:
        // a line start more than CONTEXT code points back (or a line end
        // more than CONTEXT past the range) is cut with "…" either way.
        let back = text[..byte(start)]
            .chars()
            .rev()
            .take(CONTEXT + 1)
            .take_while(|&c| !is_break(c))
            .count();
        let ls = start - back;
        let reach = end + CONTEXT + 1 - start;
        let forward = text[byte(start)..]
            .chars()
            .take(reach)
            .take_while(|&c| !is_break(c))
            .count();
        let le = start + forward;
        let span_end = end.min(le).max(start);
        let from = if start - ls > CONTEXT {
            start - CONTEXT
        } else {
            ls
        };
        let to = if le - span_end > CONTEXT {
            span_end + CONTEXT
        } else {
            le
        };
        let chars = |a: usize, b: usize| text[byte(a)..byte(b)].chars();
        let show = |c: char| if c == '\t' || c.is_control() { ' ' } else { c };
        let mut line = String::new();
        let mut pad = 0;
        if from > ls {
            line.push('…');
            pad += 1;
        }
        for c in chars(from, start) {
            line.push(show(c));
            pad += width(show(c));
        }
        let mut w = 0;
        for c in chars(start, span_end) {
            line.push(show(c));
            w += width(show(c));
        }
        line.extend(chars(span_end, to).map(show));
        if to < le {
            line.push('…');
        }
        let carets = format!("{}{}", " ".repeat(pad), "^".repeat(w.max(1)));
        (line, carets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Span;

    #[test]
    fn numbers_that_are_no_date_are_reported_and_dates_are_not() {
        for t in ["33.600", "151/2014", "7.0.0", "245/60"] {
            assert_eq!(date_problem(t), Some(format!("{t} is not a date")), "{t}");
        }
        for t in [
            "14/8",
            "7/2023",
            "1.2.2020",
            "2022/05/13",
            "2022/5/13",
            "1986.06.03",
            "10:30",
            "ngày 14/8",
        ] {
            assert_eq!(date_problem(t), None, "{t}");
        }
    }

    #[test]
    fn impossible_year_first_dates_are_reported_whatever_their_separator() {
        for t in ["2022-13-05", "2022/13/05", "2022.13.05"] {
            let problem = date_problem(t).unwrap_or_default();
            assert!(problem.contains("13"), "{t}: {problem}");
        }
        for t in ["2023-02-29", "2023/02/29", "2023.02.29"] {
            assert!(date_problem(t).is_some(), "{t}");
        }
        assert_eq!(date_problem("2024/02/29"), None);
    }

    /// A document from text and (surface, label, occurrence) triples.
    fn doc(text: &str, spans: &[(&str, &str)]) -> Doc {
        let mut from = 0;
        let entities = spans
            .iter()
            .map(|(s, l)| {
                let b = from
                    + text[from..]
                        .find(s)
                        .unwrap_or_else(|| panic!("{s} in text"));
                from = b + s.len();
                let start = text[..b].chars().count();
                let mut sp = Span::new(start, start + s.chars().count(), l);
                sp.text = Some(s.to_string());
                sp
            })
            .collect();
        Doc {
            id: json!("t"),
            text: text.to_string(),
            entities,
            ..Doc::default()
        }
    }

    fn codes(d: &Doc) -> Vec<(&'static str, usize, usize)> {
        Linter::default()
            .check(d)
            .into_iter()
            .map(|f| (f.code.as_str(), f.start, f.end))
            .collect()
    }

    #[test]
    fn clean_documents_have_no_findings() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Ông Hà Anh Dũng về TP. Đồng Xoài.",
                &[("Hà Anh Dũng", "PER"), ("TP. Đồng Xoài", "LOC")],
            ),
            (
                "Tỷ lệ đạt 86,1% (31/36 TCCS đảng).",
                &[("86,1%", "PERCENT"), ("31/36 TCCS đảng", "QUANTITY")],
            ),
            (
                "Đề án “Nâng cao chất lượng” được ban hành.",
                &[("Đề án “Nâng cao chất lượng”", "DOCREF")],
            ),
            (
                "Vào thứ Hai (12/9) và ngày 29/02/2024.",
                &[("thứ Hai (12/9)", "DATE"), ("ngày 29/02/2024", "DATE")],
            ),
            ("PGS.TS. Lê Văn An về thăm.", &[("Lê Văn An", "PER")]),
            ("😀 Sở Y tế 🇻🇳 họp", &[("Sở Y tế", "ORG")]),
            (
                "Nhiệm kỳ 2020-2025 và năm 2021 - 2022.",
                &[("Nhiệm kỳ 2020-2025", "DATE"), ("năm 2021 - 2022", "DATE")],
            ),
        ];
        for (text, spans) in cases {
            assert_eq!(codes(&doc(text, spans)), [], "{text}");
        }
    }

    #[test]
    fn one_of_each_span_defect() {
        // (text, spans, expected (code, start, end), fix)
        type Case<'a> = (
            &'a str,
            Vec<Span>,
            &'a [(&'a str, usize, usize)],
            Option<(usize, usize)>,
        );
        let cases: Vec<Case> = vec![
            ("Huế", vec![Span::new(0, 9, "LOC")], &[("V001", 0, 3)], None),
            ("Huế", vec![Span::new(2, 1, "LOC")], &[("V001", 2, 2)], None),
            ("Huế", vec![Span::new(1, 1, "LOC")], &[("V001", 1, 1)], None),
            (
                "Về Đồng Xoài",
                vec![Span::new(3, 11, "LOC")],
                &[("V003", 3, 11)],
                Some((3, 12)),
            ),
            (
                "Về Đồng Xoài",
                vec![Span::new(4, 12, "LOC")],
                &[("V003", 4, 12)],
                Some((3, 12)),
            ),
            (
                "Về Đồng Xoài ",
                vec![Span::new(2, 13, "LOC")],
                &[("V004", 2, 13)],
                Some((3, 12)),
            ),
            (
                "Về Đồng Xoài, nay",
                vec![Span::new(3, 13, "LOC")],
                &[("V005", 3, 13)],
                Some((3, 12)),
            ),
            (
                "Về (Huế)",
                vec![Span::new(3, 7, "LOC")],
                &[("V005", 3, 7)],
                Some((4, 7)),
            ),
            (
                "Có 4.100 người",
                vec![Span::new(3, 5, "QUANTITY")],
                &[("V003", 3, 5)],
                Some((3, 8)),
            ),
            (
                "Huế",
                vec![Span::new(0, 3, "PLACE")],
                &[("V007", 0, 3)],
                None,
            ),
            (
                "Huế Huế",
                vec![Span::new(0, 3, "LOC"), Span::new(0, 3, "LOC")],
                &[("V006", 0, 3)],
                None,
            ),
            (
                "Sở Y tế Huế",
                vec![Span::new(0, 11, "ORG"), Span::new(8, 11, "LOC")],
                &[("V006", 8, 11)],
                None,
            ),
            (
                "ngày 31/02/2023",
                vec![Span::new(0, 15, "DATE")],
                &[("V014", 0, 15)],
                None,
            ),
            (
                "tháng 13 năm 2023",
                vec![Span::new(0, 17, "DATE")],
                &[("V014", 0, 17)],
                None,
            ),
            (
                "ngày 30 tháng 2",
                vec![Span::new(0, 15, "DATE")],
                &[("V014", 0, 15)],
                None,
            ),
        ];
        for (text, ents, want, fix) in cases {
            let d = Doc {
                text: text.into(),
                entities: ents,
                ..Doc::default()
            };
            let found = Linter::default().check(&d);
            let got: Vec<(&str, usize, usize)> = found
                .iter()
                .map(|f| (f.code.as_str(), f.start, f.end))
                .collect();
            assert_eq!(got, want, "{text}: {found:#?}");
            assert_eq!(found[0].fix, fix, "{text}");
        }
    }

    #[test]
    fn allowed_endings() {
        for s in [
            "TP.",
            "PGS.TS.",
            "Đề án “A”",
            "thứ Hai (12/9)",
            "\"A\"",
            "86,1%",
            "A.",
        ] {
            assert!(!s.ends_with(is_edge_punct) || allowed_last(s), "{s}");
        }
        for s in ["Huế.", "Huế,", "A)", "B”"] {
            assert!(!allowed_last(s), "{s}");
        }
    }

    #[test]
    fn text_mismatch_hints() {
        let mut d = doc("😀 Sở Y tế họp", &[("Sở Y tế", "ORG")]);
        d.entities[0].start += 1;
        d.entities[0].end += 1;
        let f = &Linter::default().check(&d)[0];
        assert_eq!(f.code, Code::TextMismatch);
        assert!(f.message.contains("look like UTF-16"), "{}", f.message);
        let mut d = doc("😀 Sở Y tế", &[("Sở Y tế", "ORG")]);
        d.entities[0].start += 1;
        d.entities[0].end += 1;
        let f = &Linter::default().check(&d)[0];
        assert_eq!(f.code, Code::OffsetOutOfRange);
        assert!(
            f.message.ends_with("look like UTF-16 code units"),
            "{}",
            f.message
        );
        let mut d = doc("a Sở Y tế b Sở Y tế", &[("Sở Y tế", "ORG")]);
        d.entities[0].text = Some("Sở Y tê".into());
        let f = &Linter::default().check(&d)[0];
        assert_eq!(
            f.message,
            "ORG text is \"Sở Y tê\" but the document has \"Sở Y tế\" at 2..9"
        );
    }

    #[test]
    fn normalisation() {
        let nfd: String = "Về Đồng Xoài".nfd().collect();
        // Offsets of the NFC text on an NFD document.
        let mut d = Doc {
            text: nfd.clone(),
            entities: vec![Span::new(3, 12, "LOC")],
            ..Doc::default()
        };
        d.entities[0].text = Some("Đồng Xoài".into());
        let got = codes(&d);
        assert_eq!(got[0], ("V008", 1, 4));
        assert!(got.iter().any(|c| c.0 == "V009"), "{got:?}");
        // Right offsets, text written in NFC.
        let start = nfd[..nfd.find('Đ').unwrap()].chars().count();
        let end = nfd.chars().count();
        d.entities[0] = Span::new(start, end, "LOC");
        d.entities[0].text = Some("Đồng Xoài".into());
        let got = codes(&d);
        assert_eq!(got, [("V008", 1, 4), ("V009", start, end)]);
        d.entities[0].text = None;
        assert_eq!(
            codes(&d),
            [("V008", 1, 4)],
            "NFD spans on whole syllables are fine"
        );
    }

    #[test]
    fn document_level_checks() {
        let d = doc(
            "Hà Anh Dũng nói. Hà Anh Dung nói. Hà Anh Dũng về Đồng Xoài. Đồng Xoài họp.",
            &[
                ("Hà Anh Dũng", "PER"),
                ("Hà Anh Dung", "PER"),
                ("Hà Anh Dũng", "PER"),
                ("Đồng Xoài", "LOC"),
                ("Đồng Xoài", "ORG"),
            ],
        );
        let found = Linter::default().check(&d);
        let got: Vec<(&str, usize)> = found.iter().map(|f| (f.code.as_str(), f.start)).collect();
        assert_eq!(got, [("V011", 17), ("V010", 60)]);
        assert!(
            found[0].message.contains("spelled \"Hà Anh Dũng\" 2 times"),
            "{}",
            found[0].message
        );
        // A tie of two spellings: the one with more diacritics is the norm.
        let d = doc(
            "Hà Anh Dung, Hà Anh Dũng",
            &[("Hà Anh Dung", "PER"), ("Hà Anh Dũng", "PER")],
        );
        assert_eq!(codes(&d), [("V011", 0, 11)]);
        // One syllable is too little to tell.
        let d = doc(
            "Anh Thanh và anh Thành",
            &[("Thanh", "PER"), ("Thành", "PER")],
        );
        assert_eq!(codes(&d), []);
        // Case and tone placement are not diacritic variants.
        let d = doc(
            "Hoà Bình, HOÀ BÌNH, Hòa Bình",
            &[
                ("Hoà Bình", "LOC"),
                ("HOÀ BÌNH", "LOC"),
                ("Hòa Bình", "LOC"),
            ],
        );
        assert_eq!(codes(&d), []);
    }

    #[test]
    fn notes_and_record_findings() {
        let mut d = doc(
            "Nghị quyết số 05-CT/TW nêu 31/36 chi bộ (86,1%)",
            &[
                ("Nghị quyết số 05-CT/TW", "DOCREF"),
                ("31/36 chi bộ", "QUANTITY"),
                ("86,1%", "PERCENT"),
            ],
        );
        d.extra.insert(
            "findings".into(),
            json!([{"code": "percent_ratio_mismatch", "severity": "error", "message": "x", "entities": [1, 2]}]),
        );
        d.notes.push(crate::formats::ReadNote {
            kind: NoteKind::InvalidBio,
            line: 7,
            start: 0,
            end: 4,
            message: "I-X".into(),
        });
        let found = Linter::default().check(&d);
        let got: Vec<(&str, usize, usize, Severity)> = found
            .iter()
            .map(|f| (f.code.as_str(), f.start, f.end, f.severity))
            .collect();
        assert_eq!(
            got,
            [
                ("V012", 0, 4, Severity::Error),
                ("V013", 0, 22, Severity::Warning),
                ("V015", 27, 46, Severity::Error),
            ]
        );
        assert_eq!(found[1].message, "DOCREF \"Nghị quyết số 05-CT/TW\": the type word \"Nghị quyết\" does not match the type code \"CT\"");
        assert_eq!(found[2].message, "percent_ratio_mismatch: x");
        assert_eq!(found[0].line, 7);
    }

    #[test]
    fn docref_and_date_checks_read_the_text_not_attrs() {
        let mut d = doc(
            "Theo Nghị quyết số 05-CT/TW và Chỉ thị số 05-CT/TW ngày 12/3/2023",
            &[
                ("Nghị quyết số 05-CT/TW", "DOCREF"),
                ("Chỉ thị số 05-CT/TW", "DOCREF"),
                ("ngày 12/3/2023", "DATE"),
            ],
        );
        // Attributes that say otherwise are not read.
        d.entities[1]
            .attrs
            .insert("type_mismatch".into(), json!(true));
        d.entities[2]
            .attrs
            .insert("value".into(), json!("2023-02-30"));
        let got: Vec<(&str, usize)> = Linter::default()
            .check(&d)
            .iter()
            .map(|f| (f.code.as_str(), f.start))
            .collect();
        assert_eq!(got, [("V013", 5)]);
    }

    #[test]
    fn numeric_claims_are_recomputed_from_the_spans() {
        let text = "Xã có 36/41 chi bộ hoàn thành tốt nhiệm vụ (chiếm 90,2%); \
                    27 đảng viên, chiếm 80% trong tổng số 30 đảng viên.";
        let spans = [
            ("36/41 chi bộ", "QUANTITY"),
            ("90,2%", "PERCENT"),
            ("27 đảng viên", "QUANTITY"),
            ("80%", "PERCENT"),
            ("30 đảng viên", "QUANTITY"),
        ];
        let found = |d: &Doc| -> Vec<(&'static str, Severity, Option<String>)> {
            Linter::default()
                .check(d)
                .into_iter()
                .map(|f| (f.code.as_str(), f.severity, f.rule))
                .collect()
        };
        let want = vec![
            (
                "V017",
                Severity::Error,
                Some("percent_ratio_mismatch".to_string()),
            ),
            (
                "V018",
                Severity::Error,
                Some("percent_part_total_mismatch".to_string()),
            ),
        ];
        // No attrs: values parsed from the text.
        let mut d = doc(text, &spans);
        assert_eq!(found(&d), want);
        // The record's attrs are used where given: a value of 37 makes
        // 37/41 = 90,24%, which agrees.
        d.entities[0].attrs.insert("value".into(), json!(37));
        assert_eq!(found(&d), want[1..]);
        // The record's own copy of a finding lint recomputes is not
        // reported twice; one lint does not recompute stays V015.
        let mut d = doc(text, &spans);
        d.extra.insert(
            "findings".into(),
            json!([
                {"code": "percent_part_total_mismatch", "severity": "error", "message": "m", "entities": [4, 3, 2]},
                {"code": "share_over_100", "severity": "error", "message": "n", "entities": [1]}
            ]),
        );
        let mut got = found(&d);
        got.sort_by_key(|f| f.0);
        let v015 = ("V015", Severity::Error, Some("share_over_100".to_string()));
        assert_eq!(got, [v015, want[0].clone(), want[1].clone()]);
    }

    #[test]
    fn date_checks_agree_with_the_date_tagger() {
        let annotator = crate::Annotator::new().expect("default lexicons build");
        for y in [2023, 2024, 1900, 2000] {
            for m in 0..=13 {
                for d in 0..=32 {
                    let text = format!("ngày {d}/{m}/{y}");
                    let tagged = annotator
                        .annotate(&text)
                        .entities
                        .iter()
                        .any(|e| e.label == Label::Date && e.end == text.len());
                    assert_eq!(tagged, date_problem(&text).is_none(), "{text}");
                }
            }
        }
    }

    /// True if the date tagger reads all of `text` as one DATE.
    fn tagged_whole(annotator: &crate::Annotator, text: &str) -> bool {
        let found = annotator.annotate(text).entities;
        found
            .iter()
            .any(|e| e.label == Label::Date && e.start == 0 && e.end == text.len())
    }

    #[test]
    fn dates_and_times_the_tagger_and_lint_agree_on() {
        let annotator = crate::Annotator::new().expect("default lexicons build");
        for (text, valid) in [
            ("ngày 14/8", true),
            ("ngày 31/12/2023", true),
            ("ngày 29/2/2024", true),
            ("ngày 29/2/2023", false),
            ("ngày 31/4/2023", false),
            ("ngày 0/4/2023", false),
            ("ngày 14-15/8", true),
            ("ngày 14-32/8", false),
            ("14-15/8/2023", true),
            ("14-32/8/2023", false),
            ("05/01/2022", true),
            ("31/02/2022", false),
            ("2022-01-05", true),
            ("2022-02-30", false),
            ("5-10/2016", true),
            ("5-13/2016", false),
            ("3/2/1930-3/2/2017", true),
            ("31/2/1930-3/2/2017", false),
            ("tháng 7/2023", true),
            ("tháng 13/2023", false),
            ("tháng 10-11/2016", true),
            ("tháng 11-13/2016", false),
            ("0:00 ngày 1/4/2020", true),
            ("23:59 ngày 1/1/2020", true),
            ("24:00 ngày 31/12/2020", true),
            ("24:01 ngày 31/12/2020", false),
            ("25:00 ngày 1/1/2020", false),
            ("10:60 ngày 1/1/2020", false),
            ("12h30 ngày 5/3/2024", true),
            ("12h75 ngày 5/3/2024", false),
            ("24h ngày 19/5/2017", true),
            ("24h30 ngày 19/5/2017", false),
            ("25h ngày 19/5/2017", false),
            ("8 giờ 30 ngày 2/9/2025", true),
            ("24 giờ ngày 13/2", true),
            ("24 giờ 30 ngày 13/2", false),
            ("25 giờ ngày 13/2", false),
            ("02/03/2024 - 10:50", true),
            ("02/03/2024 - 24:00", true),
            ("02/03/2024 - 25:00", false),
        ] {
            let problem = date_problem(text);
            assert_eq!(problem.is_none(), valid, "lint on {text}: {problem:?}");
            assert_eq!(
                tagged_whole(&annotator, text),
                valid,
                "the tagger on {text}"
            );
        }
    }

    #[test]
    fn dates() {
        for ok in [
            "05/01/2022",
            "ngày 14-15/8",
            "5-10/2016",
            "Ngày 15-3/2024",
            "tháng 10-11/2016",
            "tháng 7/2023",
            "29/2/2024",
            "ngày 29/2",
            "năm 2020 - 2025",
            "02/03/2024 - 10:50",
            "2022-01-05",
            "ngày 13 tháng 7 năm 2023",
            "quý II năm 2023",
            "05.01.2022",
            "tháng 3-4",
            "14-15/8/2023",
            "3/2/1930-3/2/2017",
            "23:59 ngày 31/12/2023",
            "24:00 ngày 31/12/2023",
            "24 giờ ngày 13/2",
            "10 giờ 30 ngày 5/3/2024",
            "12h30 ngày 5/3/2024",
            "24h ngày 19/5/2017",
        ] {
            assert_eq!(date_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("31/02/2023", "month 2 2023 has no day 31"),
            ("29/2/2023", "month 2 2023 has no day 29"),
            ("ngày 32/1", "month 1 has no day 32"),
            ("tháng 13/2023", "there is no month 13"),
            ("ngày 31 tháng 4 năm 2023", "month 4 2023 has no day 31"),
            ("ngày 14-32/8", "month 8 has no day 32"),
            ("tháng 11-13/2016", "there is no month 13"),
            ("10:75 ngày 1/1/2020", "10:75 is not a time of day"),
            ("24:30 ngày 1/1/2020", "24:30 is not a time of day"),
            ("25:00 ngày 1/1/2020", "25:00 is not a time of day"),
            ("25h ngày 1/1/2020", "25h is not a time of day"),
            ("12h75 ngày 1/1/2020", "12h75 is not a time of day"),
            ("25 giờ ngày 1/1/2020", "25 giờ is not a time of day"),
            ("24 giờ 30 ngày 1/1/2020", "24 giờ 30 is not a time of day"),
            ("14-32/8/2023", "month 8 2023 has no day 32"),
            ("31/2/2020-5/3/2020", "month 2 2020 has no day 31"),
            ("31/02/23", "month 2 23 has no day 31"),
            ("tháng 3-13", "there is no month 13"),
        ] {
            assert_eq!(date_problem(bad).as_deref(), Some(why), "{bad}");
        }
    }

    #[test]
    fn fixes_apply() {
        let mut d = Doc {
            text: "Về Đồng Xoài, nay".into(),
            entities: vec![Span::new(2, 11, "LOC")],
            ..Doc::default()
        };
        d.entities[0].text = Some(" Đồng Xoà".into());
        let found = Linter::default().check(&d);
        assert_eq!(fix(&mut d, &found), [0]);
        assert_eq!((d.entities[0].start, d.entities[0].end), (3, 12));
        assert_eq!(d.entities[0].text.as_deref(), Some("Đồng Xoài"));
        assert_eq!(codes(&d), []);
    }

    #[test]
    fn excerpt_and_render() {
        let d = doc("Dòng một\nVề 😀 Đồng Xoài nhé", &[("Đồng Xoài", "LOC")]);
        let mut f = Finding::new(Code::CutsSyllable, 14, 22, "m".into());
        f.line = 3;
        f.fix = Some((14, 23));
        let (t, c) = excerpt(&d, &f);
        assert_eq!(t, "Về 😀 Đồng Xoài nhé");
        assert_eq!(c, "      ^^^^^^^^");
        assert_eq!(
            render("a.jsonl", Some(&json!("t")), Some(&d), &f),
            "error[V003]: cuts-syllable: m\n --> a.jsonl:3 (id \"t\", 14..22)\n  |\n  | Về 😀 Đồng Xoài nhé\n  |       ^^^^^^^^\n  = fix: 14..23 \"Đồng Xoài\"\n"
        );
        let j = to_json("a.jsonl", Some(&json!("t")), Some(&d), &f);
        assert_eq!(j["code"], "V003");
        assert_eq!(j["fix"]["text"], "Đồng Xoài");
        assert_eq!(j["text"], "Đồng Xoà");
    }

    #[test]
    fn excerpts_of_long_lines_are_cut_around_the_range() {
        let line = "ă".repeat(100) + "Huế" + &"ơ".repeat(100);
        let d = doc(&format!("đầu\n{line}\ncuối"), &[("Huế", "LOC")]);
        let mut f = Finding::new(Code::Overlap, 104, 107, "m".into());
        let (t, c) = excerpt(&d, &f);
        assert_eq!(t, format!("…{}Huế{}…", "ă".repeat(40), "ơ".repeat(40)));
        assert_eq!(c, format!("{}^^^", " ".repeat(41)));
        // Up to 40 code points from the line's ends: shown whole.
        for (before, after) in [(40, 40), (39, 41), (41, 39)] {
            let line = "ă".repeat(before) + "Huế" + &"ơ".repeat(after);
            let d = doc(&format!("a\n{line}\nb"), &[("Huế", "LOC")]);
            f.start = 2 + before;
            f.end = f.start + 3;
            let (t, _) = excerpt(&d, &f);
            let cut_front = if before > 40 { "…" } else { "" };
            let cut_back = if after > 40 { "…" } else { "" };
            let shown = format!(
                "{cut_front}{}Huế{}{cut_back}",
                "ă".repeat(before.min(40)),
                "ơ".repeat(after.min(40))
            );
            assert_eq!(t, shown, "{before} {after}");
        }
        // A range over a line break stops at it.
        let d = doc("Đồng\nXoài", &[("Đồng", "LOC")]);
        let f = Finding::new(Code::Overlap, 0, 9, "m".into());
        assert_eq!(excerpt(&d, &f), ("Đồng".to_string(), "^^^^".to_string()));
    }

    #[test]
    fn codes_are_stable() {
        for (k, c) in Code::ALL.iter().enumerate() {
            assert_eq!(c.as_str(), format!("V{k:03}"));
        }
    }
}
