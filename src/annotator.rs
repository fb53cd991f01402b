//! The [`Annotator`]: lexicons compiled once, taggers, and the per-thread
//! [`Worker`] buffers that make annotating a document cheap.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::claims::{self, Claim};
use crate::entity::{Entity, LabelSet};
use crate::findings::{self, Finding};
use crate::lexicon::{parse_lexicon, Entry, LexiconError, LexiconIssue, DEFAULT_LEXICONS};
use crate::matcher::{CompiledLexicon, HitBuffer};
use crate::resolve::{resolve, Layer};
use crate::syllables::{tokenize, Token};
use crate::taggers::date::DateTagger;
use crate::taggers::docref::DocRefTagger;
use crate::taggers::lexicon::LexiconTagger;
use crate::taggers::loc::LocTagger;
use crate::taggers::numeric::{Nav, NumericTagger, Roles};
use crate::taggers::org::OrgTagger;
use crate::taggers::person::PersonTagger;
use crate::taggers::title::TitleTagger;
use crate::taggers::{Candidate, Document, Tagger};
use crate::text::{MatchView, ViewOptions};

/// Why an [`Annotator`] could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// A lexicon file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// One or more lexicon files have errors.
    Lexicon(LexiconError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io { path, source } => {
                write!(f, "{}: cannot read lexicon: {source}", path.display())
            }
            BuildError::Lexicon(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Io { source, .. } => Some(source),
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
        let text = std::fs::read_to_string(path).map_err(|source| BuildError::Io {
            path: path.to_path_buf(),
            source,
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
        let mut entries: Vec<Entry> = Vec::new();
        let mut issues: Vec<LexiconIssue> = Vec::new();
        let defaults = if self.defaults { DEFAULT_LEXICONS } else { &[] };
        let sources = defaults
            .iter()
            .map(|&(n, t)| (n, t))
            .chain(self.extra.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        for (name, text) in sources {
            match parse_lexicon(name, text) {
                Ok(mut e) => entries.append(&mut e),
                Err(mut i) => issues.append(&mut i),
            }
        }
        if !issues.is_empty() {
            return Err(LexiconError { issues }.into());
        }
        let lexicon = CompiledLexicon::build(entries, self.view)?;
        let roles = Arc::new(Roles::build(&lexicon)?);
        let taggers: Vec<Box<dyn Tagger>> = vec![
            Box::new(LexiconTagger),
            Box::new(LocTagger::new(&lexicon)),
            Box::new(OrgTagger),
            Box::new(TitleTagger),
            Box::new(PersonTagger),
            Box::new(DocRefTagger::new(&lexicon)),
            Box::new(DateTagger),
            Box::new(NumericTagger::new(roles.clone())),
        ];
        let taggers = taggers
            .into_iter()
            .filter(|t| self.labels.any_of(t.labels()))
            .collect();
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
    roles: Arc<Roles>,
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotation {
    /// Entities sorted by start (the flat layer), then nested mentions if
    /// asked for. Offsets are bytes of the original text.
    pub entities: Vec<Entity>,
    /// One claim per numeric entity of the flat layer, in entity order.
    pub claims: Vec<Claim>,
    /// Numeric claims that contradict each other.
    pub findings: Vec<Finding>,
}

/// Per-thread scratch buffers, reused from one document to the next.
#[derive(Debug, Default)]
pub struct Worker {
    view: MatchView,
    tokens: Vec<Token>,
    hits: HitBuffer,
    candidates: Vec<Candidate>,
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
    pub fn lexicon(&self) -> &CompiledLexicon {
        &self.inner.lexicon
    }

    /// Annotates one document with fresh buffers. For many documents, keep
    /// a [`Worker`] per thread and call [`Annotator::annotate_with`].
    pub fn annotate(&self, text: &str) -> Annotation {
        self.annotate_with(text, &mut Worker::new())
    }

    /// `text` as the taggers see it (its matching view, tokens and lexicon
    /// hits), built in `worker`'s buffers.
    pub(crate) fn prepare<'a>(&'a self, text: &'a str, worker: &'a mut Worker) -> Document<'a> {
        let lexicon = &self.inner.lexicon;
        worker.view.build(text, lexicon.view_options());
        tokenize(&worker.view, &mut worker.tokens);
        lexicon.find(&worker.view, &worker.tokens, &mut worker.hits);
        let worker: &'a Worker = worker;
        Document {
            text,
            view: &worker.view,
            tokens: &worker.tokens,
            hits: &worker.hits.hits,
            starts: &worker.hits.starts,
            lexicon,
        }
    }

    /// The numeric roles of the lexicon entries.
    pub(crate) fn roles(&self) -> &Arc<Roles> {
        &self.inner.roles
    }

    /// Annotates one document, reusing `worker`'s buffers.
    pub fn annotate_with(&self, text: &str, worker: &mut Worker) -> Annotation {
        let inner = &*self.inner;
        let mut candidates = std::mem::take(&mut worker.candidates);
        let doc = self.prepare(text, worker);
        candidates.clear();
        for tagger in &inner.taggers {
            tagger.tag(&doc, &mut candidates);
        }
        for tagger in &inner.taggers {
            tagger.finish(&doc, &mut candidates);
        }
        let labels = inner.labels;
        let kept: Vec<Candidate> = candidates
            .drain(..)
            .filter(|c| labels.contains(c.label))
            .collect();
        let mut entities = resolve(text, kept, doc.tokens, inner.layer);
        for e in &mut entities {
            for tagger in &inner.taggers {
                tagger.complete(&doc, e);
            }
        }
        let nav = Nav {
            doc: &doc,
            roles: &inner.roles,
        };
        let mut claims = claims::extract(nav, text, &entities);
        let findings = findings::check(text, &entities, &mut claims);
        worker.candidates = candidates;
        Annotation {
            entities,
            claims,
            findings,
        }
    }
}
