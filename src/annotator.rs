//! The [`Annotator`]: lexicons compiled once, taggers, and the per-thread
//! [`Worker`] buffers that make annotating a document cheap.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::claims::{self, Claim};
use crate::document::DocBuffers;
use crate::entity::Entity;
use crate::findings::{self, Finding};
use crate::label::LabelSet;
use crate::lexicon::{default_entries, parse_lexicon, Entry, LexiconError, LexiconIssue};
use crate::matcher::CompiledLexicon;
use crate::numeric::Roles;
use crate::parts::{self, Part, PART_BYTES};
use crate::resolve::{self, resolve, Layer};
use crate::taggers::date::DateTagger;
use crate::taggers::docref::DocRefTagger;
use crate::taggers::lexicon::LexiconTagger;
use crate::taggers::loc::LocTagger;
use crate::taggers::numeric::NumericTagger;
use crate::taggers::org::OrgTagger;
use crate::taggers::person::PersonTagger;
use crate::taggers::title::TitleTagger;
use crate::taggers::{self, Candidate, Document, Tagger};
use crate::text::ViewOptions;

/// Why an [`Annotator`] could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A lexicon file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// A lexicon file is not UTF-8.
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        at: usize,
    },
    /// One or more lexicon files have errors.
    Lexicon(LexiconError),
}

impl BuildError {
    /// How many problems the error reports (every lexicon issue counts).
    pub fn issue_count(&self) -> usize {
        match self {
            BuildError::Lexicon(e) => e.issues.len(),
            _ => 1,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io { path, source } => {
                write!(f, "{}: cannot read lexicon: {source}", path.display())
            }
            BuildError::NotUtf8 { path, at } => write!(
                f,
                "{}: not UTF-8 (first bad byte at offset {at}); save the file as UTF-8",
                path.display()
            ),
            BuildError::Lexicon(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Io { source, .. } => Some(source),
            BuildError::NotUtf8 { .. } => None,
            BuildError::Lexicon(e) => Some(e),
        }
    }
}

impl From<LexiconError> for BuildError {
    fn from(e: LexiconError) -> Self {
        BuildError::Lexicon(e)
    }
}

/// Options and lexicon sources for an [`Annotator`]. Holds no compiled
/// state; [`AnnotatorBuilder::build`] does the work once.
#[derive(Clone, Debug)]
pub struct AnnotatorBuilder {
    defaults: bool,
    extra: Vec<(String, String)>,
    view: ViewOptions,
    labels: LabelSet,
    layer: Layer,
}

impl Default for AnnotatorBuilder {
    fn default() -> Self {
        AnnotatorBuilder {
            defaults: true,
            extra: Vec::new(),
            view: ViewOptions::default(),
            labels: LabelSet::all(),
            layer: Layer::Flat,
        }
    }
}

impl AnnotatorBuilder {
    /// A builder with the embedded default lexicons and every label.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to load the embedded default lexicons (default: yes).
    pub fn default_lexicons(&mut self, yes: bool) -> &mut Self {
        self.defaults = yes;
        self
    }

    /// Adds a lexicon given as text; `name` is used in `source` fields and
    /// errors.
    pub fn lexicon_str(&mut self, name: &str, text: &str) -> &mut Self {
        self.extra.push((name.to_string(), text.to_string()));
        self
    }

    /// Adds a lexicon file.
    pub fn lexicon_file(&mut self, path: &Path) -> Result<&mut Self, BuildError> {
        let bytes = std::fs::read(path).map_err(|source| BuildError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| BuildError::NotUtf8 {
            path: path.to_path_buf(),
            at: e.utf8_error().valid_up_to(),
        })?;
        Ok(self.lexicon_str(&path.display().to_string(), &text))
    }

    /// Match unaccented text against accented entries ("Dong Xoai" finds
    /// "Đồng Xoài"). Off by default: it adds ambiguity.
    pub fn fold_diacritics(&mut self, yes: bool) -> &mut Self {
        self.view.fold_diacritics = yes;
        self
    }

    /// The labels to emit (default: all).
    pub fn labels(&mut self, labels: LabelSet) -> &mut Self {
        self.labels = labels;
        self
    }

    /// Flat outer layer (default) or also the nested mentions.
    pub fn layer(&mut self, layer: Layer) -> &mut Self {
        self.layer = layer;
        self
    }

    /// Parses and compiles every lexicon into one automaton and sets up the
    /// taggers. Reports every lexicon problem found, not just the first.
    pub fn build(&self) -> Result<Annotator, BuildError> {
        // The default lexicons were parsed and checked at build time.
        let mut entries: Vec<Entry> = if self.defaults {
            default_entries()
        } else {
            Vec::new()
        };
        let embedded = entries.len();
        let mut issues: Vec<LexiconIssue> = Vec::new();
        // The user's files parse independently, in parallel.
        let parsed: Vec<_> = self
            .extra
            .par_iter()
            .map(|(name, text)| parse_lexicon(name, text))
            .collect();
        for result in parsed {
            match result {
                Ok(mut e) => entries.append(&mut e),
                Err(mut i) => issues.append(&mut i),
            }
        }
        if !issues.is_empty() {
            return Err(LexiconError { issues }.into());
        }
        // The place facts, the numeric roles and the document-code tables
        // are read beside the automaton: each needs the entries only, and
        // with the place facts written at build time, reading the
        // automaton's tables is the longer side.
        let view = self.view;
        let (lexicon, (loc, roles, docref)) =
            CompiledLexicon::build_while(entries, view, embedded, |entries| {
                (
                    LocTagger::new(entries, embedded),
                    Roles::from_entries(entries),
                    DocRefTagger::from_entries(entries, view),
                )
            })?;
        let roles = roles?;
        let taggers: Vec<Box<dyn Tagger>> = vec![
            Box::new(LexiconTagger),
            Box::new(loc),
            Box::new(OrgTagger),
            Box::new(TitleTagger),
            Box::new(PersonTagger),
            Box::new(docref),
            Box::new(DateTagger),
            Box::new(NumericTagger),
        ];
        Ok(Annotator {
            inner: Arc::new(Inner {
                lexicon,
                roles,
                taggers,
                labels: self.labels,
                layer: self.layer,
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    lexicon: CompiledLexicon,
    roles: Roles,
    taggers: Vec<Box<dyn Tagger>>,
    labels: LabelSet,
    layer: Layer,
}

/// Annotates Vietnamese documents. Build it once; clone it cheaply (an
/// `Arc` inside) and share it across threads.
///
/// ```
/// use vietag::{Annotator, Label};
///
/// let annotator = Annotator::new().unwrap();
/// let text = "Đoàn công tác của Quốc hội thăm Lào.";
/// let annotation = annotator.annotate(text);
/// let found: Vec<(Label, &str)> = annotation
///     .entities
///     .iter()
///     .map(|e| (e.label, e.text(text)))
///     .collect();
/// assert_eq!(found, [(Label::Org, "Quốc hội"), (Label::Loc, "Lào")]);
/// ```
#[derive(Clone, Debug)]
pub struct Annotator {
    inner: Arc<Inner>,
}

/// The annotations of one document.
///
/// Attributes refer to the annotator's lexicon entries
/// ([`crate::lexicon::EntryId`]); [`Annotation::entry`] looks them up, and
/// [`Annotation::write_json`] writes the record as `vietag annotate` does.
#[derive(Clone, Debug)]
pub struct Annotation {
    /// Entities sorted by start (the flat layer), then nested mentions if
    /// asked for. Offsets are bytes of the original text.
    pub entities: Vec<Entity>,
    /// One claim per numeric entity of the flat layer, in entity order.
    pub claims: Vec<Claim>,
    /// Numeric claims that contradict each other.
    pub findings: Vec<Finding>,
    annotator: Annotator,
}

impl PartialEq for Annotation {
    fn eq(&self, other: &Self) -> bool {
        self.entities == other.entities
            && self.claims == other.claims
            && self.findings == other.findings
            && Arc::ptr_eq(&self.annotator.inner, &other.annotator.inner)
    }
}

impl Annotation {
    /// The lexicon entry behind an [`crate::lexicon::EntryId`] of an attribute
    /// or source.
    pub fn entry(&self, id: crate::lexicon::EntryId) -> Option<&crate::lexicon::Entry> {
        self.annotator.inner.lexicon.entry(id.0)
    }

    /// Appends the record of this document (and a newline) to `out`, as one
    /// line of `vietag annotate` output (see [`crate::formats::jsonl`]).
    pub fn write_json(
        &self,
        out: &mut Vec<u8>,
        id: &serde_json::Value,
        text: &str,
        opts: crate::formats::record::OutputOptions,
    ) {
        self.write_json_with(out, id, &serde_json::Map::new(), text, opts);
    }

    /// [`Annotation::write_json`] with fields of the input record kept
    /// after the id.
    pub(crate) fn write_json_with(
        &self,
        out: &mut Vec<u8>,
        id: &serde_json::Value,
        kept: &serde_json::Map<String, serde_json::Value>,
        text: &str,
        opts: crate::formats::record::OutputOptions,
    ) {
        let start = out.len();
        // Writing into a Vec cannot fail; if serialising somehow did, drop
        // the partial line rather than leave broken JSON.
        if self.write_json_to(out, id, kept, text, opts).is_err() {
            out.truncate(start);
        }
    }

    fn body(&self) -> crate::formats::record::Body<'_> {
        crate::formats::record::Body {
            entities: &self.entities,
            claims: &self.claims,
            findings: &self.findings,
        }
    }

    /// [`Annotation::write_json_with`] straight into a writer: the record is
    /// never held whole in memory (for documents whose record is large).
    pub(crate) fn write_json_to(
        &self,
        out: &mut dyn std::io::Write,
        id: &serde_json::Value,
        kept: &serde_json::Map<String, serde_json::Value>,
        text: &str,
        opts: crate::formats::record::OutputOptions,
    ) -> std::io::Result<()> {
        let inner = &*self.annotator.inner;
        let head = crate::formats::record::Head { id, kept };
        crate::formats::record::write_to(
            out,
            head,
            text,
            self.body(),
            &inner.lexicon,
            &inner.roles,
            opts,
        )
    }

    /// The `attrs` object of entity `index` as JSON, as `vietag annotate`
    /// writes it (`Null` for an index out of range).
    ///
    /// ```
    /// let annotator = vietag::Annotator::new().unwrap();
    /// let text = "Thu nhập đạt 58,9 triệu đồng/năm.";
    /// let ann = annotator.annotate(text);
    /// let attrs = ann.attrs_json(0, text);
    /// assert_eq!(attrs["value"], 58_900_000);
    /// assert_eq!(attrs["currency"], "VND");
    /// assert_eq!(attrs["per"], "năm");
    /// ```
    pub fn attrs_json(&self, index: usize, text: &str) -> serde_json::Value {
        let inner = &*self.annotator.inner;
        match self.entities.get(index) {
            Some(e) => crate::formats::record::attrs_value(e, text, &inner.lexicon, &inner.roles),
            None => serde_json::Value::Null,
        }
    }

    /// Keeps only the entities whose label is in `labels`: the output of
    /// [`AnnotatorBuilder::labels`], which filters after resolution so
    /// that the spans kept are exactly those of a full run.
    ///
    /// Entity indices are renumbered. A nested mention whose parent goes
    /// points to its nearest kept ancestor (or none); a claim goes with its
    /// entity, and its links to entities that go are cleared; a finding goes
    /// when any entity it names goes.
    pub fn retain_labels(&mut self, labels: LabelSet) {
        let new_index = renumber(&self.entities, labels);
        let kept_parent = |mut p: Option<usize>| loop {
            match p {
                None => return None,
                Some(i) => match new_index.get(i).copied().flatten() {
                    Some(n) => return Some(n),
                    None => p = self.entities.get(i).and_then(|e| e.parent),
                },
            }
        };
        let parents: Vec<Option<usize>> = self
            .entities
            .iter()
            .map(|e| kept_parent(e.parent))
            .collect();
        let mut i = 0;
        self.entities.retain(|_| {
            i += 1;
            new_index[i - 1].is_some()
        });
        let kept_parents = parents
            .iter()
            .zip(&new_index)
            .filter(|(_, n)| n.is_some())
            .map(|(p, _)| *p);
        for (e, p) in self.entities.iter_mut().zip(kept_parents) {
            e.parent = p;
        }
        let map = |i: usize| new_index.get(i).copied().flatten();
        self.claims.retain_mut(|c| match map(c.entity) {
            None => false,
            Some(n) => {
                c.entity = n;
                c.total_entity = c.total_entity.and_then(map);
                c.part = c.part.and_then(map);
                c.part_of = c.part_of.and_then(map);
                c.time = c.time.and_then(map);
                true
            }
        });
        self.findings.retain_mut(|f| {
            let mapped: Option<Vec<usize>> = f.entities.iter().map(|&i| map(i)).collect();
            match mapped {
                Some(m) => {
                    f.entities = m;
                    true
                }
                None => false,
            }
        });
    }
}

/// The new index of each entity when only `labels` are kept.
fn renumber(entities: &[Entity], labels: LabelSet) -> Vec<Option<usize>> {
    let mut next = 0;
    entities
        .iter()
        .map(|e| {
            labels.contains(e.label).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// Per-thread scratch buffers, reused from one document to the next.
#[derive(Debug, Default)]
pub struct Worker {
    bufs: DocBuffers,
    candidates: Vec<Candidate>,
    claims: claims::Scratch,
    resolve: resolve::Scratch,
    tag: taggers::Scratch,
}

impl Worker {
    /// Fresh, empty buffers.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Annotator {
    /// An annotator with the embedded default lexicons.
    pub fn new() -> Result<Self, BuildError> {
        AnnotatorBuilder::new().build()
    }

    /// The compiled lexicon.
    pub(crate) fn lexicon(&self) -> &CompiledLexicon {
        &self.inner.lexicon
    }

    /// Every lexicon entry loaded, in load order: the defaults (by file
    /// path), then the files added to the builder.
    pub fn entries(&self) -> &[Entry] {
        self.inner.lexicon.entries()
    }

    /// Annotates one document with fresh buffers. For many documents, keep
    /// a [`Worker`] per thread and call [`Annotator::annotate_with`].
    pub fn annotate(&self, text: &str) -> Annotation {
        self.annotate_with(text, &mut Worker::new())
    }

    /// `text` as the taggers see it (its matching view, tokens and lexicon
    /// hits), built in `worker`'s buffers.
    pub(crate) fn prepare<'a>(&'a self, text: &'a str, worker: &'a mut Worker) -> Document<'a> {
        worker.bufs.document(
            text,
            &self.inner.lexicon,
            &self.inner.roles,
            crate::taggers::WALKED_KINDS,
        )
    }

    /// Annotates one document, reusing `worker`'s buffers. A document
    /// over 256 KiB is annotated a part at a time (cut at line or
    /// sentence starts), so that memory stays a small multiple of the
    /// part; a name's later mentions are then found within its part.
    pub fn annotate_with(&self, text: &str, worker: &mut Worker) -> Annotation {
        let (entities, claims, findings) = if text.len() <= PART_BYTES {
            let part = self.annotate_part(text, worker, false);
            (part.entities, part.claims, part.findings)
        } else {
            self.annotate_in_parts(text, worker, PART_BYTES)
        };
        let mut annotation = Annotation {
            entities,
            claims,
            findings,
            annotator: self.clone(),
        };
        if self.inner.labels != LabelSet::all() {
            annotation.retain_labels(self.inner.labels);
        }
        annotation
    }

    /// The entities, claims and findings of `text` annotated in parts of
    /// about `size` bytes, joined.
    fn annotate_in_parts(
        &self,
        text: &str,
        worker: &mut Worker,
        size: usize,
    ) -> (Vec<Entity>, Vec<Claim>, Vec<Finding>) {
        let starts = parts::part_starts(text, size);
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        let list: Vec<Part> = starts
            .iter()
            .zip(ends)
            .map(|(&start, end)| {
                let piece = text.get(start..end).unwrap_or("");
                Part {
                    byte: start,
                    ..self.annotate_part(piece, worker, true)
                }
            })
            .collect();
        parts::join(list)
    }

    /// Every tagger, resolution, claims and findings over one text (a
    /// document or a part of one); `count_sentences` for a part.
    fn annotate_part(&self, text: &str, worker: &mut Worker, count_sentences: bool) -> Part {
        let inner = &*self.inner;
        let mut candidates = std::mem::take(&mut worker.candidates);
        let mut claims_scratch = std::mem::take(&mut worker.claims);
        let mut scratch = std::mem::take(&mut worker.resolve);
        let mut tag_scratch = std::mem::take(&mut worker.tag);
        let doc = self.prepare(text, worker);
        candidates.clear();
        for tagger in &inner.taggers {
            tagger.tag(&doc, &mut candidates);
        }
        for tagger in &inner.taggers {
            tagger.finish(&doc, &mut candidates, &mut tag_scratch);
        }
        // Every tagger runs and resolution sees every candidate, whatever
        // labels were asked for: a span that loses to a longer one of
        // another label must lose whether or not that label is shown.
        let mut entities = resolve(&mut candidates, doc.tokens, inner.layer, &mut scratch);
        for e in &mut entities {
            for tagger in &inner.taggers {
                tagger.complete(&doc, e);
            }
        }
        let mut claims = claims::extract(&doc, text, &entities, &mut claims_scratch);
        let findings = findings::check(text, &entities, &mut claims);
        let sentences = if count_sentences {
            claims::sentence_count(&doc, &entities)
        } else {
            0
        };
        let tokens = doc.tokens.len();
        worker.candidates = candidates;
        worker.claims = claims_scratch;
        worker.resolve = scratch;
        worker.tag = tag_scratch;
        Part {
            entities,
            claims,
            findings,
            byte: 0,
            tokens,
            sentences,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraphs whose mentions need nothing from another paragraph.
    const PARAGRAPHS: &[&str] = &[
        "Sáng 12/3/2024, Ban Thường vụ Tỉnh ủy Cà Mau tổ chức hội nghị triển khai Chỉ thị số 05-CT/TW.",
        "Ông Trần Minh Khoa, Bí thư Huyện ủy Năm Căn, cho biết toàn huyện có 27/30 chi bộ đạt chuẩn, chiếm 90%.",
        "UBND huyện Châu Thành đã chi 3,5 tỷ đồng hỗ trợ hơn 1.200 hộ dân tại xã Phú Hòa.",
        "Theo Quyết định 1520/QĐ-UBND, tỷ lệ hộ nghèo giảm còn 1,2%, thu nhập đạt 58 triệu đồng/năm.",
    ];

    fn annotator(layer: Layer) -> Annotator {
        AnnotatorBuilder::new().layer(layer).build().unwrap()
    }

    #[test]
    fn parts_join_to_the_whole_document() {
        let text = [PARAGRAPHS; 3].concat().join("\n\n");
        for layer in [Layer::Flat, Layer::All] {
            let annotator = annotator(layer);
            let mut w = Worker::new();
            let whole = annotator.annotate_part(&text, &mut w, false);
            assert!(whole.entities.len() > 30 && !whole.claims.is_empty());
            assert!(whole.entities.iter().any(|e| !e.nested.is_empty()));
            // Windows of these sizes hold a line start, so no cut falls
            // inside a sentence.
            for size in [200, 400, 700] {
                assert!(parts::part_starts(&text, size).len() >= 2);
                let (entities, claims, findings) = annotator.annotate_in_parts(&text, &mut w, size);
                assert_eq!(entities, whole.entities, "{layer:?}, parts of {size}");
                assert_eq!(claims, whole.claims, "{layer:?}, parts of {size}");
                assert_eq!(findings, whole.findings, "{layer:?}, parts of {size}");
            }
        }
    }

    #[test]
    fn a_long_document_is_annotated_in_parts_with_right_offsets() {
        let paragraph = PARAGRAPHS.join(" ");
        let lines = 3 * PART_BYTES / paragraph.len();
        let text = format!("{paragraph}\n").repeat(lines);
        assert!(text.len() > 2 * PART_BYTES);
        let ann = annotator(Layer::Flat).annotate(&text);
        let per: Vec<&str> = ann
            .entities
            .iter()
            .filter(|e| e.label == crate::label::Label::Per)
            .map(|e| e.text(&text))
            .collect();
        assert!(
            per.len() == lines && per.iter().all(|&p| p == "Trần Minh Khoa"),
            "{:?}",
            &per[..3]
        );
        let last = ann.claims.last().expect("claims");
        assert!(
            last.sentence + 1 >= lines,
            "sentences are numbered in the whole: {}",
            last.sentence
        );
        assert!(ann.entities.windows(2).all(|w| w[0].end <= w[1].start));
    }
}
