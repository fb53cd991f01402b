//! Names mined from a corpus: what the taggers found with strong evidence,
//! counted, ranked and written as a lexicon a user reviews before loading it
//! with the other lexicons.
//!
//! A name is collected when the annotation gives it strong evidence:
//!
//! | evidence | what | example (name in brackets) |
//! |----------|------|----------------------------|
//! | `cue` | a person's name of two or more capitalised words after a cue (`rule:per.cue`) | ông \[Trần Văn Bình\] |
//! | `title` | a person's name after a role or title (`rule:per.after_title`) | tiền đạo \[Lionel Messi\] |
//! | `abbr` | an abbreviation defined in parentheses right after an ORG or LOC span whose initials it spells; it takes the span's label | Quỹ Bảo trợ Nông dân (\[QBTND\]) |
//!
//! Names some mention got from a lexicon are left out (they are known), so
//! are names seen less often than the caller's minimum. The miner reads
//! annotated records in the JSON Lines form of `vietag annotate` with the
//! text included and code-point offsets, so [`mine`] runs the annotation
//! pipeline and feeds each record to a [`NameMiner`] as it is written.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use serde_json::Value;

use crate::formats::jsonl::OutputOptions;
use crate::label::Label;
use crate::pipeline::{self, Event, Input, PipelineOptions, RunError, Summary};
use crate::text::fold::{lower_one, strip_diacritics};
use crate::text::OffsetUnit;
use crate::Annotator;

/// Longest abbreviation taken from a definition, in characters.
const MAX_ABBR_CHARS: usize = 10;

/// Why a name was collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// A person's name after a cue word.
    Cue,
    /// A person's name after a role or title.
    Title,
    /// An abbreviation defined in parentheses after a name.
    Abbr,
}

impl Evidence {
    /// The name written in the `evidence=` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Cue => "cue",
            Evidence::Title => "title",
            Evidence::Abbr => "abbr",
        }
    }
}

/// One mined name.
#[derive(Clone, Debug, PartialEq)]
pub struct MinedName {
    /// The name as written (white space collapsed).
    pub surface: String,
    /// Its label.
    pub label: Label,
    /// Mentions seen with strong evidence.
    pub count: u64,
    /// The id of the first document it was seen in.
    pub example: String,
    /// The evidence of its first mention.
    pub evidence: Evidence,
}

#[derive(Debug)]
struct Tally {
    count: u64,
    example: String,
    evidence: Evidence,
}

/// Collects names from annotated records.
///
/// ```
/// use vietag::mine::NameMiner;
/// let record = serde_json::json!({
///     "id": "a1",
///     "text": "Ông Trần Văn Bình nói.",
///     "entities": [{"start": 4, "end": 17, "label": "PER", "source": "rule:per.cue"}],
/// });
/// let mut miner = NameMiner::default();
/// miner.add_record(&record);
/// let names = miner.names(1);
/// assert_eq!(names[0].surface, "Trần Văn Bình");
/// assert_eq!(names[0].count, 1);
/// ```
#[derive(Debug, Default)]
pub struct NameMiner {
    names: HashMap<(Label, String), Tally>,
    known: HashSet<String>,
    /// Lexicon places, which a person's name never starts with ("Anh" of
    /// "Thủ tướng Anh Theresa May").
    places: HashSet<String>,
}

impl NameMiner {
    /// Adds one annotated record (`id`, `text`, `entities` with code-point
    /// `start`/`end`, `label` and `source`). Error records and records
    /// without text add nothing.
    pub fn add_record(&mut self, record: &Value) {
        let Some(text) = record.get("text").and_then(Value::as_str) else {
            return;
        };
        let Some(entities) = record.get("entities").and_then(Value::as_array) else {
            return;
        };
        let id = match record.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        };
        let chars: Vec<char> = text.chars().collect();
        for e in entities {
            self.add_entity(&id, &chars, e);
        }
    }

    fn add_entity(&mut self, id: &str, chars: &[char], e: &Value) {
        let label = e
            .get("label")
            .and_then(Value::as_str)
            .and_then(|l| l.parse::<Label>().ok());
        let span = |k: &str| e.get(k).and_then(Value::as_u64).map(|v| v as usize);
        let (Some(label), Some(start), Some(end)) = (label, span("start"), span("end")) else {
            return;
        };
        let Some(slice) = chars.get(start..end) else {
            return;
        };
        let surface = collapse(&slice.iter().collect::<String>());
        let source = e.get("source").and_then(Value::as_str).unwrap_or("");
        if source.starts_with("lexicons/") {
            if label == Label::Loc {
                self.places.insert(surface.clone());
            }
            self.known.insert(surface);
            return;
        }
        // "Kim Jong" of "Kim Jong-un": the span stops inside a word
        let cut = chars.get(end) == Some(&'-');
        if label == Label::Per && !cut && person_name(&surface) {
            match source {
                "rule:per.cue" => self.add(label, surface.clone(), id, Evidence::Cue),
                "rule:per.after_title" => self.add(label, surface.clone(), id, Evidence::Title),
                _ => {}
            }
        }
        if matches!(label, Label::Org | Label::Loc) {
            if let Some(abbr) = abbreviation_after(chars, end) {
                if abbr != surface && initials_match(&abbr, &surface) {
                    self.add(label, abbr, id, Evidence::Abbr);
                }
            }
        }
    }

    fn add(&mut self, label: Label, surface: String, id: &str, evidence: Evidence) {
        let tally = self.names.entry((label, surface)).or_insert_with(|| Tally {
            count: 0,
            example: id.to_string(),
            evidence,
        });
        tally.count += 1;
    }

    /// The names seen at least `min_count` times and never from a lexicon,
    /// most frequent first (then by label and name). A name mined with
    /// several labels keeps its most frequent one; a person's name that
    /// starts with a lexicon place, and a name that is the first words of
    /// longer mined ones seen together at least as often, are left out.
    pub fn names(&self, min_count: u64) -> Vec<MinedName> {
        let mut best: HashMap<&str, u64> = HashMap::new();
        // "Nguyễn Văn", "Hà Anh": the start of longer names seen at least
        // as often, a cut name that as an entry would shadow the longer
        // ones ("Donald Trump" stays, seen far more often than the longer
        // names a tagger's overreach makes of it)
        let mut longer: HashMap<&str, u64> = HashMap::new();
        for ((_, s), t) in &self.names {
            let b = best.entry(s.as_str()).or_default();
            *b = (*b).max(t.count);
            for (k, _) in s.match_indices(' ') {
                *longer.entry(&s[..k]).or_default() += t.count;
            }
        }
        let mut out: Vec<MinedName> = self
            .names
            .iter()
            .filter(|((label, s), t)| {
                t.count >= min_count
                    && !self.known.contains(s)
                    && best.get(s.as_str()) == Some(&t.count)
                    && !(*label == Label::Per && self.starts_with_place(s))
                    && longer.get(s.as_str()).is_none_or(|&n| n < t.count)
            })
            .map(|((label, surface), t)| MinedName {
                surface: surface.clone(),
                label: *label,
                count: t.count,
                example: t.example.clone(),
                evidence: t.evidence,
            })
            .collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.label.as_str().cmp(b.label.as_str()))
                .then_with(|| a.surface.cmp(&b.surface))
        });
        out.dedup_by(|a, b| a.surface == b.surface);
        out
    }

    fn starts_with_place(&self, name: &str) -> bool {
        name.match_indices(' ')
            .any(|(k, _)| self.places.contains(&name[..k]))
    }
}

/// Writes `names` as a lexicon TSV file (the format of [`crate::lexicon`]):
/// a comment, the header, then `surface`, label, no id, and the attributes
/// `count`, `example` (a document id) and `evidence`.
pub fn write_tsv(names: &[MinedName], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "# Names mined from a corpus by vietag; review before loading with the other lexicons."
    )?;
    writeln!(out, "surface\tlabel\tid\tattrs")?;
    for n in names {
        writeln!(
            out,
            "{}\t{}\t\tcount={};example={};evidence={}",
            n.surface,
            n.label.as_str(),
            n.count,
            attr_safe(&n.example),
            n.evidence.as_str()
        )?;
    }
    Ok(())
}

/// Annotates every document of `inputs` with `annotator` and mines the
/// records; `opts` says how inputs are read (its output options are set to
/// code points with the text). Returns the names seen at least `min_count`
/// times, ranked, and the run's summary.
pub fn mine(
    annotator: &Annotator,
    inputs: &[Input],
    opts: &PipelineOptions,
    min_count: u64,
    events: &mut dyn FnMut(Event),
) -> Result<(Vec<MinedName>, Summary), RunError> {
    let mut opts = opts.clone();
    opts.output = OutputOptions {
        unit: OffsetUnit::Codepoint,
        include_text: true,
        ..opts.output
    };
    let mut sink = RecordSink::default();
    let summary = pipeline::run(annotator, inputs, &opts, &mut sink, events)?;
    sink.flush_line();
    Ok((sink.miner.names(min_count), summary))
}

/// Takes the pipeline's JSON lines and gives each record to the miner.
#[derive(Default)]
struct RecordSink {
    line: Vec<u8>,
    miner: NameMiner,
}

impl RecordSink {
    fn flush_line(&mut self) {
        if let Ok(record) = serde_json::from_slice::<Value>(&self.line) {
            self.miner.add_record(&record);
        }
        self.line.clear();
    }
}

impl Write for RecordSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(nl) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..nl]);
            self.flush_line();
            rest = &rest[nl + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// White space runs become one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Two or more words, each starting with a capital letter, no digits: a
/// single given name ("Mai") or a cue's overreach is no entry for a lexicon.
fn person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !s.chars().any(|c| c.is_ascii_digit())
}

/// " (ABBR)" right after the span that ends at `end`: two to ten capitals,
/// digits, "&" or "-", starting with a capital.
fn abbreviation_after(chars: &[char], end: usize) -> Option<String> {
    let mut i = end;
    if chars.get(i) == Some(&' ') {
        i += 1;
    }
    if chars.get(i) != Some(&'(') {
        return None;
    }
    let close = (i + 1..chars.len().min(i + 2 + MAX_ABBR_CHARS)).find(|&k| chars[k] == ')')?;
    let abbr: String = chars.get(i + 1..close)?.iter().collect();
    let n = abbr.chars().count();
    let first_cap = abbr.chars().next().is_some_and(char::is_uppercase);
    let shape = abbr
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&' || c == '-');
    (n >= 2 && first_cap && shape).then_some(abbr)
}

/// Every letter of the abbreviation is, in order, the first letter of a
/// word of the name (diacritics aside): "HNOTB" for "Hội Nuôi ong Tây Bắc",
/// not "PNJ" for a place "Phú Nhuận" inside a longer name.
fn initials_match(abbr: &str, name: &str) -> bool {
    let mut initials = name
        .split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .map(initial_letter);
    abbr.chars().filter(|c| c.is_alphabetic()).all(|c| {
        let c = initial_letter(c);
        initials.any(|i| i == c)
    })
}

/// A letter as initials are compared: lower case without diacritics, as
/// the matching view folds it ("Đ" and its look-alike "Ð" → 'd', "Ố" → 'o').
fn initial_letter(c: char) -> char {
    let lower = lower_one(c)
        .or_else(|| c.to_lowercase().next())
        .unwrap_or(c);
    strip_diacritics(lower)
}

/// A value safe inside a lexicon attribute.
fn attr_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, ';' | '=' | '|' | '\t' | '\n' | '\r') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_compared_without_case_or_marks() {
        assert!(initials_match("ĐHQG", "Đại học Quốc gia"));
        assert!(initials_match("DHQG", "đại học quốc gia"));
        assert!(initials_match("ĐHQG", "Ðại học Quốc gia")); // "Ð" typed for "Đ"
        assert!(initials_match("UBND", "Ủy ban nhân dân"));
        assert!(!initials_match("PNJ", "Phú Nhuận"));
    }

    fn record(id: &str, text: &str, entities: &[(usize, usize, &str, &str)]) -> Value {
        let ents: Vec<Value> = entities
            .iter()
            .map(|&(s, e, l, src)| serde_json::json!({"start": s, "end": e, "label": l, "source": src}))
            .collect();
        serde_json::json!({"id": id, "text": text, "entities": ents})
    }

    #[test]
    fn cues_titles_and_abbreviations_are_counted_and_ranked() {
        let mut m = NameMiner::default();
        // "Ông Đặng Minh Khôi" twice, "HLV Karl Brunner" once, an ORG with
        // its abbreviation in parentheses
        let t1 = "Ông Đặng Minh Khôi nói với Hội Nuôi ong Tây Bắc (HNOTB) rằng";
        m.add_record(&record(
            "d1",
            t1,
            &[(4, 18, "PER", "rule:per.cue"), (27, 47, "ORG", "rule:org")],
        ));
        let t2 = "HLV Karl Brunner gặp ông Đặng Minh Khôi.";
        m.add_record(&record(
            "d2",
            t2,
            &[
                (4, 16, "PER", "rule:per.after_title"),
                (25, 39, "PER", "rule:per.cue"),
            ],
        ));
        let got: Vec<(String, &str, u64, String, &str)> = m
            .names(1)
            .into_iter()
            .map(|n| {
                (
                    n.surface,
                    n.label.as_str(),
                    n.count,
                    n.example,
                    n.evidence.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Đặng Minh Khôi".into(), "PER", 2, "d1".into(), "cue"),
                ("HNOTB".into(), "ORG", 1, "d1".into(), "abbr"),
                ("Karl Brunner".into(), "PER", 1, "d2".into(), "title"),
            ]
        );
        assert_eq!(m.names(2).len(), 1);
        // a cut name is the start of a longer one seen as often: left out;
        // the longer one seen less often than the name keeps it
        let t3 = "Ông Đặng Minh cười.";
        m.add_record(&record("d3", t3, &[(4, 13, "PER", "rule:per.cue")]));
        assert!(!m.names(1).iter().any(|n| n.surface == "Đặng Minh"));
        let t4 = "Ông Đặng Minh Khôi Nhưng";
        m.add_record(&record("d4", t4, &[(4, 24, "PER", "rule:per.cue")]));
        assert!(m.names(1).iter().any(|n| n.surface == "Đặng Minh Khôi"));
    }

    /// (start, end) in code points of `part` in `text`.
    fn at(text: &str, part: &str) -> (usize, usize) {
        let b = text.find(part).unwrap();
        let s = text[..b].chars().count();
        (s, s + part.chars().count())
    }

    #[test]
    fn weak_or_known_names_are_left_out() {
        let mut m = NameMiner::default();
        let t = "Chị Lan, bà Vũ Thị Hoa (VTH), Hội Vườn Tre Hà (HVTH), \
                 Ban Xyz (ban đầu), phường Phú Lâm (PLJ), Kim Jong-sik";
        let ent = |part: &str, label: &'static str, src: &'static str| {
            let (s, e) = at(t, part);
            (s, e, label, src)
        };
        m.add_record(&record(
            "d1",
            t,
            &[
                // one word only
                ent("Lan", "PER", "rule:per.cue"),
                // no cue: a surname rule; and a person's abbreviation
                ent("Vũ Thị Hoa", "PER", "rule:per.surname"),
                // an organisation's abbreviation: its initials
                ent("Hội Vườn Tre Hà", "ORG", "rule:org"),
                // not an abbreviation: lower case in parentheses
                ent("Ban Xyz", "ORG", "rule:org"),
                // letters that are not the initials of the name
                ent("phường Phú Lâm", "LOC", "rule:loc.typed"),
                // a name cut inside a word
                ent("Kim Jong", "PER", "rule:per.cue"),
            ],
        ));
        let surfaces = |m: &NameMiner| {
            m.names(1)
                .into_iter()
                .map(|n| n.surface)
                .collect::<Vec<_>>()
        };
        assert_eq!(surfaces(&m), ["HVTH"]);
        // a name some mention had from a lexicon is known
        m.add_record(&record("d2", "HVTH", &[(0, 4, "ORG", "lexicons/x.tsv:2")]));
        assert!(surfaces(&m).is_empty());
        // a person's name that starts with a lexicon place
        let t3 = "Thủ tướng Canada Jean Dupont và Jean Dupont";
        let (s1, e1) = at(t3, "Canada");
        let (s2, e2) = at(t3, "Canada Jean Dupont");
        m.add_record(&record(
            "d3",
            t3,
            &[
                (s1, e1, "LOC", "lexicons/world/countries.tsv:40"),
                (s2, e2, "PER", "rule:per.after_title"),
            ],
        ));
        assert!(surfaces(&m).is_empty());
        // offsets outside the text and error records add nothing
        m.add_record(&record("d4", "ab", &[(1, 9, "PER", "rule:per.cue")]));
        m.add_record(&serde_json::json!({"id": "d5", "error": {"kind": "x"}}));
        assert!(surfaces(&m).is_empty());
    }

    #[test]
    fn a_name_mined_with_two_labels_keeps_the_more_frequent() {
        let mut m = NameMiner::default();
        for (id, label) in [("a", "ORG"), ("b", "ORG"), ("c", "LOC")] {
            let t = "Quỹ Hỗ trợ Nông dân (QHTND) mới";
            let (s, e) = at(t, "Quỹ Hỗ trợ Nông dân");
            m.add_record(&record(id, t, &[(s, e, label, "rule:org")]));
        }
        let names = m.names(1);
        assert_eq!(names.len(), 1);
        assert_eq!((names[0].label, names[0].count), (Label::Org, 2));
    }

    #[test]
    fn the_tsv_loads_as_a_lexicon() {
        let names = vec![MinedName {
            surface: "Karl Brunner".into(),
            label: Label::Per,
            count: 3,
            example: "a;b".into(),
            evidence: Evidence::Title,
        }];
        let mut out = Vec::new();
        write_tsv(&names, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let entries = crate::lexicon::parse_lexicon("mined.tsv", &text).unwrap();
        assert_eq!(entries.len(), 1);
        assert!(text.contains("Karl Brunner\tPER\t\tcount=3;example=a_b;evidence=title\n"));
    }
}
