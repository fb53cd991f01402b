//! Lint: checks an annotated [`Doc`] against the annotation guide.
//!
//! [`Linter::check`] returns the findings of one document; it reads nothing
//! but the document (and, for DOCREF codes, a DOCREF-only [`Annotator`]
//! when one is given). [`fix`] applies the mechanical fixes. The codes are
//! stable: new checks get new codes, and a code never changes meaning.
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
//! | V013 | `docref-type-mismatch` | warning | a DOCREF whose type word disagrees with its code ("Nghị quyết số 05-CT/TW"): `attrs.type_mismatch`, or the DOCREF tagger's reading of the span | |
//! | V014 | `invalid-date` | error | a DATE with an impossible date ("31/02/2023", "tháng 13") or an invalid `attrs.value` | |
//! | V015 | `record-finding` | as given | a finding of the record's `findings` array (the numeric consistency checks); the message starts with its own code | |
//! | V016 | `discontinuous` | warning | a brat annotation in fragments, read as one span | |
//!
//! The fixes (V003, V004, V005) move a span's ends: trim white space and
//! punctuation, then widen an end that falls inside a syllable to the
//! whole syllable, until nothing changes. A span that would become empty
//! is not fixed.
//!
//! ```
//! use vietag::formats::{Doc, Span};
//! use vietag::lint::{Code, Linter};
//! let doc = Doc {
//!     text: "Ông Hà Anh Dũng về Đồng Xoài.".into(),
//!     entities: vec![Span::new(4, 16, "PER"), Span::new(19, 27, "LOC")],
//!     ..Doc::default()
//! };
//! let found = Linter::default().check(&doc);
//! let codes: Vec<Code> = found.iter().map(|f| f.code).collect();
//! assert_eq!(codes, [Code::EdgeSpace, Code::CutsSyllable]);
//! assert_eq!(found[0].fix, Some((4, 15)));
//! assert_eq!(found[1].fix, Some((19, 28)));
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde_json::{json, Map, Value};
use unicode_normalization::UnicodeNormalization;

use crate::formats::conll::content_tokens;
use crate::formats::{CharMap, Doc, DocError, NoteKind};
use crate::sentences::ABBREVIATIONS;
use crate::syllables::Token;
use crate::text::fold::is_combining_mark;
use crate::text::{MatchView, ViewOptions};
use crate::{Annotator, Label};

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
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 17] = [
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
    ];

    /// "V000" … "V016".
    pub fn as_str(self) -> &'static str {
        const S: [&str; 17] = [
            "V000", "V001", "V002", "V003", "V004", "V005", "V006", "V007", "V008", "V009", "V010",
            "V011", "V012", "V013", "V014", "V015", "V016",
        ];
        S[self as usize]
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
        }
    }

    /// The severity of its findings (V015 takes the record's).
    pub fn severity(self) -> Severity {
        match self {
            Code::NotNfc
            | Code::LabelConflict
            | Code::DiacriticVariant
            | Code::DocrefTypeMismatch
            | Code::Discontinuous
            | Code::RecordFinding => Severity::Warning,
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
    /// For V015: the record finding's own code.
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
    docref: Option<Annotator>,
}

impl Default for Linter {
    /// The guide's nine labels, no DOCREF tagger.
    fn default() -> Self {
        Linter {
            labels: Label::ALL.iter().map(|l| l.as_str().to_string()).collect(),
            docref: None,
        }
    }
}

impl Linter {
    /// A linter that accepts exactly `labels`.
    pub fn with_labels<I: IntoIterator<Item = S>, S: Into<String>>(labels: I) -> Self {
        Linter {
            labels: labels.into_iter().map(Into::into).collect(),
            docref: None,
        }
    }

    /// Also reads each DOCREF span with `annotator` (build it with only the
    /// DOCREF label) to find type/code mismatches the record does not mark.
    pub fn docref_tagger(mut self, annotator: Annotator) -> Self {
        self.docref = Some(annotator);
        self
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
                here.push(Finding::new(
                    Code::OffsetOutOfRange,
                    at,
                    e.end.clamp(at, map.len()),
                    format!("{} span {}..{} {why}{hint}", e.label, e.start, e.end),
                ));
            } else {
                valid[i] = true;
                cx.span_checks(i, &mut here);
                if e.label == "DATE" {
                    here.extend(invalid_date(&cx, i));
                }
                if e.label == "DOCREF" {
                    here.extend(self.docref_mismatch(&cx, i));
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
        cx.record_findings(&mut out);
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

    fn docref_mismatch(&self, cx: &Cx<'_>, i: usize) -> Option<Finding> {
        let e = &cx.doc.entities[i];
        let text = cx.doc.slice(cx.map, e.start, e.end)?;
        let flagged = e.attrs.get("type_mismatch") == Some(&Value::Bool(true));
        let (doc_type, code) = if flagged {
            (
                e.attrs.get("doc_type").and_then(Value::as_str),
                e.attrs.get("type_code").and_then(Value::as_str),
            )
        } else {
            let ann = self.docref.as_ref()?.annotate(text);
            let d = ann.entities.into_iter().find_map(|d| match d.attrs {
                crate::attrs::Attrs::DocRef(a) if a.type_mismatch => Some(a),
                _ => None,
            })?;
            let m = Finding::new(
                Code::DocrefTypeMismatch,
                e.start,
                e.end,
                mismatch_message(text, d.doc_type.as_deref(), d.type_code.as_deref()),
            );
            return Some(m);
        };
        Some(Finding::new(
            Code::DocrefTypeMismatch,
            e.start,
            e.end,
            mismatch_message(text, doc_type, code),
        ))
    }
}

fn mismatch_message(text: &str, doc_type: Option<&str>, code: Option<&str>) -> String {
    match (doc_type, code) {
        (Some(t), Some(c)) => {
            format!("DOCREF {text:?}: the type word \"{t}\" does not match the type code \"{c}\"")
        }
        _ => format!("DOCREF {text:?}: the type word does not match the code"),
    }
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
pub fn is_edge_punct(c: char) -> bool {
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

    /// V015: the record's own `findings`.
    fn record_findings(&self, out: &mut Vec<Finding>) {
        let Some(Value::Array(list)) = self.doc.extra.get("findings") else {
            return;
        };
        for item in list {
            let Some(o) = item.as_object() else { continue };
            let rule = o.get("code").and_then(Value::as_str).unwrap_or("finding");
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

/// V014: an impossible date in a DATE span, or an invalid `attrs.value`.
fn invalid_date(cx: &Cx<'_>, i: usize) -> Option<Finding> {
    let e = &cx.doc.entities[i];
    let text = cx.chars(e.start, e.end);
    let problem = date_problem(text).or_else(|| {
        e.attrs
            .get("value")
            .and_then(Value::as_str)
            .and_then(iso_problem)
            .map(|p| format!("attrs.value: {p}"))
    })?;
    Some(Finding::new(
        Code::InvalidDate,
        e.start,
        e.end,
        format!("DATE {text:?}: {problem}"),
    ))
}

fn days_in_month(m: u32, y: Option<i64>) -> u32 {
    match m {
        2 => match y {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn check_dmy(d: Option<u32>, m: u32, y: Option<i64>) -> Option<String> {
    if !(1..=12).contains(&m) {
        return Some(format!("there is no month {m}"));
    }
    let d = d?;
    let max = days_in_month(m, y);
    if d == 0 || d > max {
        let year = y.map(|y| format!(" {y}")).unwrap_or_default();
        return Some(format!("month {m}{year} has no day {d}"));
    }
    None
}

/// A problem with the dates written in `text`, if any.
pub fn date_problem(text: &str) -> Option<String> {
    // Words (lower-case) and numbers (with their separators).
    let lower = text.to_lowercase();
    let mut toks: Vec<&str> = Vec::new();
    let mut start = None;
    let bytes: Vec<(usize, char)> = lower.char_indices().collect();
    for (k, &(b, c)) in bytes.iter().enumerate() {
        let joiner = matches!(c, '/' | '-' | '.' | ':')
            && k > 0
            && bytes[k - 1].1.is_ascii_digit()
            && bytes.get(k + 1).is_some_and(|n| n.1.is_ascii_digit());
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
    let int = |s: &str| -> Option<u32> {
        (s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let (mut day, mut month, mut year) = (None, None, None);
    for (k, t) in toks.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| toks[p]);
        if !t.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if let Some(v) = int(t) {
            match prev {
                Some("ngày") => day = Some(v),
                Some("tháng") => month = Some(v),
                Some("năm") => year = Some(i64::from(v)),
                _ => {}
            }
            continue;
        }
        if t.contains(':') {
            let p: Vec<Option<u32>> = t.split(':').map(int).collect();
            if let [Some(h), Some(m), ..] = p[..] {
                if h > 24 || m > 59 {
                    return Some(format!("{t} is not a time of day"));
                }
            }
            continue;
        }
        let seps: Vec<char> = t.chars().filter(|c| matches!(c, '/' | '-' | '.')).collect();
        let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
        let nums: Vec<Option<u32>> = parts.iter().map(|p| int(p)).collect();
        if nums.iter().any(Option::is_none) {
            continue;
        }
        let n: Vec<u32> = nums.into_iter().flatten().collect();
        let same = seps.windows(2).all(|w| w[0] == w[1]);
        let problem = match (n.len(), same) {
            (3, true) if parts[0].len() == 4 => check_dmy(Some(n[2]), n[1], Some(i64::from(n[0]))),
            (3, true) => check_dmy(Some(n[0]), n[1], Some(i64::from(n[2]))),
            // "5-10/2016": two months of one year
            (3, false) if seps == ['-', '/'] && parts[2].len() == 4 => {
                check_dmy(None, n[0], None).or_else(|| check_dmy(None, n[1], None))
            }
            // "14-15/8": two days of one month
            (3, false) if seps == ['-', '/'] => {
                check_dmy(Some(n[0]), n[2], None).or_else(|| check_dmy(Some(n[1]), n[2], None))
            }
            (2, _) if parts[1].len() == 4 && seps[0] != '-' || prev == Some("tháng") => {
                check_dmy(None, n[0], None)
            }
            (2, _) if parts[0].len() == 4 || parts[1].len() == 4 => None, // 2020-2025
            (2, _) => check_dmy(Some(n[0]), n[1], None),
            _ => None,
        };
        if problem.is_some() {
            return problem;
        }
    }
    match (day, month) {
        (d, Some(m)) => check_dmy(d, m, year),
        _ => None,
    }
}

/// A problem with an ISO 8601 date value ("2023-02-30"), if any. Values
/// this check does not know (weeks, intervals of other forms) pass.
pub fn iso_problem(value: &str) -> Option<String> {
    for part in value.split('/') {
        let date = part.split('T').next().unwrap_or("");
        let (y, rest) = if let Some(r) = date.strip_prefix("--") {
            (None, r)
        } else {
            match date.split_once('-') {
                Some((y, r)) if y.len() == 4 => (y.parse::<i64>().ok(), r),
                _ => continue,
            }
        };
        let mut it = rest.split('-');
        let m = it.next().and_then(|m| m.parse::<u32>().ok());
        let d = it.next().and_then(|d| d.parse::<u32>().ok());
        if let Some(m) = m {
            if let Some(p) = check_dmy(d, m, y) {
                return Some(format!("{value:?}: {p}"));
            }
        }
    }
    None
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
/// ```
pub fn parse_schema(text: &str) -> Result<Vec<String>, String> {
    let t = text.trim_start_matches('\u{FEFF}').trim();
    let labels: Vec<String> = if t.starts_with('[') && !t.starts_with("[entities]") {
        serde_json::from_str::<Vec<String>>(t)
            .map_err(|e| format!("not a JSON array of label strings: {e}"))?
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
        return Err("no label found".into());
    }
    Ok(labels)
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

/// The line of `doc` holding the finding, with a caret line under its
/// range: `(text, carets)`, cut to about 100 columns around the range.
pub fn excerpt(doc: &Doc, f: &Finding) -> (String, String) {
    let chars: Vec<char> = doc.text.chars().collect();
    let n = chars.len();
    let start = f.start.min(n);
    let end = f.end.clamp(start, n);
    let is_break = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}');
    let mut ls = start;
    while ls > 0 && !is_break(chars[ls - 1]) {
        ls -= 1;
    }
    let mut le = start;
    while le < n && !is_break(chars[le]) {
        le += 1;
    }
    let span_end = end.min(le).max(start);
    const CONTEXT: usize = 40;
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
    let show = |c: char| if c == '\t' || c.is_control() { ' ' } else { c };
    let mut text = String::new();
    let mut pad = 0;
    if from > ls {
        text.push('…');
        pad += 1;
    }
    for &c in &chars[from..start] {
        text.push(show(c));
        pad += width(show(c));
    }
    let mut w = 0;
    for &c in &chars[start..span_end] {
        text.push(show(c));
        w += width(show(c));
    }
    for &c in &chars[span_end..to] {
        text.push(show(c));
    }
    if to < le {
        text.push('…');
    }
    let carets = format!("{}{}", " ".repeat(pad), "^".repeat(w.max(1)));
    (text, carets)
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
pub fn render(file: &str, id: Option<&Value>, doc: Option<&Doc>, f: &Finding) -> String {
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
    if let Some(doc) = doc {
        if f.code != Code::Unreadable {
            let (text, carets) = excerpt(doc, f);
            s.push_str(&format!("  |\n  | {text}\n  | {carets}\n"));
        }
        if let Some((a, b)) = f.fix {
            let map = CharMap::new(&doc.text);
            let t = doc.slice(&map, a, b).unwrap_or("");
            s.push_str(&format!("  = fix: {a}..{b} {t:?}\n"));
        }
    }
    s
}

/// The finding as one JSON object: `file`, `line`, `id`, `code`, `name`,
/// `severity`, `message`, `start`, `end`, and when known `entity`,
/// `label`, `text`, `fix` (`{start, end, text}`), `rule`.
pub fn to_json(file: &str, id: Option<&Value>, doc: Option<&Doc>, f: &Finding) -> Value {
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
        if let Some(e) = doc.and_then(|d| d.entities.get(i)) {
            o.insert("label".into(), json!(e.label));
        }
    }
    if let Some(doc) = doc {
        let map = CharMap::new(&doc.text);
        if let Some(t) = doc.slice(&map, f.start, f.end) {
            o.insert("text".into(), json!(t));
        }
        if let Some((a, b)) = f.fix {
            let t = doc.slice(&map, a, b).unwrap_or("");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Span;

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
    fn notes_record_findings_and_attrs() {
        let mut d = doc(
            "Nghị quyết số 05-CT/TW nêu 31/36 chi bộ (86,1%)",
            &[
                ("Nghị quyết số 05-CT/TW", "DOCREF"),
                ("31/36 chi bộ", "QUANTITY"),
                ("86,1%", "PERCENT"),
            ],
        );
        d.entities[0]
            .attrs
            .insert("type_mismatch".into(), json!(true));
        d.entities[0]
            .attrs
            .insert("doc_type".into(), json!("Nghị quyết"));
        d.entities[0].attrs.insert("type_code".into(), json!("CT"));
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
    fn docref_tagger_finds_unmarked_mismatches() {
        let mut b = crate::AnnotatorBuilder::new();
        let mut set = crate::LabelSet::empty();
        set.insert(Label::DocRef);
        b.labels(set);
        let linter = Linter::default().docref_tagger(b.build().unwrap());
        let d = doc(
            "Theo Nghị quyết số 05-CT/TW và Chỉ thị số 05-CT/TW",
            &[
                ("Nghị quyết số 05-CT/TW", "DOCREF"),
                ("Chỉ thị số 05-CT/TW", "DOCREF"),
            ],
        );
        let got: Vec<(&str, usize)> = linter
            .check(&d)
            .iter()
            .map(|f| (f.code.as_str(), f.start))
            .collect();
        assert_eq!(got, [("V013", 5)]);
    }

    #[test]
    fn dates() {
        for ok in [
            "05/01/2022",
            "ngày 14-15/8",
            "5-10/2016",
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
        ] {
            assert_eq!(date_problem(bad).as_deref(), Some(why), "{bad}");
        }
        assert_eq!(
            iso_problem("2023-02-30").as_deref(),
            Some("\"2023-02-30\": month 2 2023 has no day 30")
        );
        assert_eq!(iso_problem("2020/2025"), None);
        assert_eq!(iso_problem("--08-14"), None);
        assert_eq!(iso_problem("XXXX-WXX-7"), None);
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
    fn codes_are_stable() {
        for (k, c) in Code::ALL.iter().enumerate() {
            assert_eq!(c.as_str(), format!("V{k:03}"));
        }
    }
}
