//! `vietag export --to html`: pages to review by eye, made by
//! [`vietag::html`]. OUT is one page (a name ending in `.html`, or standard
//! output) for an input of one document, else a directory: `index.html`
//! (and `index-2.html` … past 1,000 documents) and a page per document in
//! `doc/`. With `--compare PRED GOLD`, each page shows both annotations.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::Value;
use vietag::eval::{id_key, EvalOptions, Evaluator};
use vietag::formats::{brat, Doc, Format, FormatOptions};
use vietag::html::{self, Index, IndexHead, IndexKind, Nav};
use vietag::lint::Linter;
use vietag::stats::Stats;

use super::super::eval::{inputs, Input};
use super::super::files::display_name;
use super::super::output::{write_file, Output};
use super::Tally;

/// Surfaces per label in the index's statistics.
const TOP_SURFACES: usize = 10;

/// The folder of the document pages inside the output directory.
const PAGES_DIR: &str = "doc";

/// What `export --to html` reads and where it writes.
pub(super) struct Job<'a> {
    /// The documents, or with `gold` the prediction.
    pub input: &'a str,
    /// The gold annotations, for a comparison.
    pub gold: Option<&'a str>,
    /// `-o`: a page, a directory, or standard output (`None`, `-`).
    pub output: Option<&'a str>,
    /// The format of the inputs.
    pub format: Format,
    /// Their reader options.
    pub opts: &'a FormatOptions,
}

impl Job<'_> {
    /// The output directory, or `None` for a single page.
    fn directory(&self) -> Option<&Path> {
        let out = self.output.filter(|o| *o != "-")?;
        let is_page = Path::new(out)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        (!is_page).then_some(Path::new(out))
    }
}

/// Writes the pages of `job`; `select` is applied to every document read.
pub(super) fn export(job: &Job, select: &dyn Fn(Doc) -> Doc, tally: &mut Tally) -> Result<()> {
    match (job.gold, job.directory()) {
        (None, None) => one_page(job, select, tally),
        (None, Some(dir)) => document_pages(job, dir, select, tally),
        (Some(gold), dir) => comparison(job, gold, dir, select, tally),
    }
}

/// A record that cannot be shown: its id when known, and why, naming the
/// file and line.
struct Unreadable {
    id: Option<Value>,
    message: String,
}

/// The documents of `input`, each selected, or what cannot be read. An
/// error record of `vietag annotate` cannot be read, except in a
/// prediction, where it predicts nothing (as in `vietag eval`).
fn documents<'a>(
    job: &'a Job,
    input: &str,
    select: &'a dyn Fn(Doc) -> Doc,
    prediction: bool,
) -> Result<impl Iterator<Item = Result<Result<Doc, Unreadable>>> + 'a> {
    let name = display_name(input);
    Ok(inputs(job.format, input, job.opts)?.map(move |item| {
        Ok(match item? {
            Input::Doc(d) => Ok(select(d)),
            Input::ErrorRecord { id, .. } if prediction => Ok(Doc::new(id, "")),
            Input::ErrorRecord { id, line } => Err(Unreadable {
                message: format!("{name}:{line}: id {id}: an error record, not a document"),
                id: Some(id),
            }),
            Input::Bad(message) => Err(Unreadable { id: None, message }),
        })
    }))
}

/// One document on one page: OUT is a `.html` file or standard output.
fn one_page(job: &Job, select: &dyn Fn(Doc) -> Doc, tally: &mut Tally) -> Result<()> {
    let name = display_name(job.input);
    let mut docs = documents(job, job.input, select, false)?;
    let first = docs.next().transpose()?;
    if docs.next().is_some() {
        bail!("{name} has more than one document: give a directory with -o DIR (a page per document and an index.html), or a file of one document");
    }
    let doc = match first {
        None => bail!("{name}: no document to show"),
        Some(Err(bad)) => bail!("{}", bad.message),
        Some(Ok(doc)) => doc,
    };
    let findings = Linter::default().check(&doc);
    let page = html::document_page(&doc, &findings, &Nav::default());
    write_page(job.output, &[job.input], &page)?;
    tally.done += 1;
    Ok(())
}

/// Writes `page` to `output` (standard output for `None` and `-`), which
/// must not be one of `inputs`.
fn write_page(output: Option<&str>, inputs: &[&str], page: &str) -> Result<()> {
    let inputs: Vec<&Path> = inputs.iter().map(Path::new).collect();
    let mut out = Output::open(output.map(Path::new), &inputs)?;
    out.write_all(page.as_bytes())?;
    out.commit()
}

/// What makes a page, given its links.
type Render = Box<dyn FnOnce(&Nav) -> String>;

/// A document whose page waits for the name of the next one.
struct Pending {
    page: String,
    prev: Option<String>,
    row: usize,
    render: Render,
}

/// The pages of a directory: each document's page in `doc/` (written as
/// soon as the next document's name is known, for its "next" link) and
/// the index pages.
struct Pages {
    dir: PathBuf,
    used: HashSet<String>,
    pending: Option<Pending>,
    last: Option<String>,
}

impl Pages {
    fn create(dir: &Path) -> Result<Pages> {
        let pages = dir.join(PAGES_DIR);
        std::fs::create_dir_all(&pages)
            .with_context(|| format!("{}: cannot create directory", pages.display()))?;
        Ok(Pages {
            dir: dir.to_path_buf(),
            used: HashSet::new(),
            pending: None,
            last: None,
        })
    }

    /// The page name of `doc` (from its id, unique), relative to the index.
    fn name(&mut self, doc: &Doc) -> String {
        brat::file_stem(doc, &mut self.used) + ".html"
    }

    /// Queues the page `render` makes, named `page`, listed on index row
    /// `row`; writes the one queued before.
    fn push(&mut self, page: String, row: usize, render: Render) -> Result<()> {
        self.flush(Some(&page))?;
        let prev = self.last.replace(page.clone());
        self.pending = Some(Pending {
            page,
            prev,
            row,
            render,
        });
        Ok(())
    }

    /// Writes the queued page, whose next page is `next`.
    fn flush(&mut self, next: Option<&str>) -> Result<()> {
        let Some(p) = self.pending.take() else {
            return Ok(());
        };
        let nav = Nav {
            index: Some(format!("../{}", html::index_file(p.row))),
            prev: p.prev,
            next: next.map(str::to_string),
        };
        write_file(
            &self.dir.join(PAGES_DIR).join(&p.page),
            (p.render)(&nav).as_bytes(),
        )
    }

    /// Writes the last page and the index.
    fn finish(mut self, index: &Index, head: IndexHead<'_>) -> Result<()> {
        self.flush(None)?;
        for page in index.pages(head) {
            write_file(&self.dir.join(&page.file), page.html.as_bytes())?;
        }
        Ok(())
    }
}

/// A page per document and the index with the corpus statistics.
fn document_pages(
    job: &Job,
    dir: &Path,
    select: &dyn Fn(Doc) -> Doc,
    tally: &mut Tally,
) -> Result<()> {
    let mut pages = Pages::create(dir)?;
    let mut index = Index::new(&display_name(job.input), IndexKind::Documents);
    let mut stats = Stats::new();
    let linter = Linter::default();
    for item in documents(job, job.input, select, false)? {
        match item? {
            Ok(doc) => {
                let page = pages.name(&doc);
                let findings = linter.check(&doc);
                stats.add(&doc);
                let row = index.len();
                index.add_document(&doc, &findings, &format!("{PAGES_DIR}/{page}"));
                let render = move |nav: &Nav| html::document_page(&doc, &findings, nav);
                pages.push(page, row, Box::new(render))?;
                tally.done += 1;
            }
            Err(bad) => {
                diag!("{}", bad.message);
                index.add_unreadable(bad.id.as_ref(), &bad.message);
                tally.failed += 1;
            }
        }
    }
    let summary = stats.summary(TOP_SURFACES);
    pages.finish(&index, IndexHead::Stats(&summary))
}

/// The predictions by id (the last of an id counts, as in `vietag
/// eval`), with the ids in input order. Records that cannot be read are
/// named on standard error: their documents predict nothing.
fn predictions(
    job: &Job,
    select: &dyn Fn(Doc) -> Doc,
) -> Result<(HashMap<String, Doc>, Vec<String>)> {
    let mut by_id = HashMap::new();
    let mut order = Vec::new();
    let (mut bad, mut repeated) = (0, 0);
    for item in documents(job, job.input, select, true)? {
        match item? {
            Ok(doc) => {
                let key = id_key(&doc.id);
                match by_id.insert(key.clone(), doc) {
                    Some(_) => repeated += 1,
                    None => order.push(key),
                }
            }
            Err(e) => {
                diag!("{}", e.message);
                bad += 1;
            }
        }
    }
    let name = display_name(job.input);
    if bad > 0 {
        diag!("vietag export: warning: {bad} record(s) of {name} could not be read: their documents count as predicting nothing");
    }
    if repeated > 0 {
        diag!("vietag export: warning: {repeated} id(s) of {name} repeat an earlier one: the last of each counts");
    }
    Ok((by_id, order))
}

/// Gold against prediction: one page (OUT a file) or a page per gold
/// document and the index with the scores.
fn comparison(
    job: &Job,
    gold: &str,
    dir: Option<&Path>,
    select: &dyn Fn(Doc) -> Doc,
    tally: &mut Tally,
) -> Result<()> {
    let flat = |d: Doc| {
        let mut d = select(d);
        d.retain_entities(|e| !e.is_nested());
        d
    };
    let (preds, pred_ids) = predictions(job, &flat)?;
    let mut missing = Vec::new();
    let mut seen = HashSet::new();
    let mut pages = dir.map(Pages::create).transpose()?;
    let mut index = Index::new(&display_name(gold), IndexKind::Comparisons);
    let mut evaluator = Evaluator::new(EvalOptions::default());
    let mut single: Option<String> = None;
    for item in documents(job, gold, &flat, false)? {
        let g = match item? {
            Ok(g) => g,
            Err(bad) => {
                diag!("{}", bad.message);
                index.add_unreadable(bad.id.as_ref(), &bad.message);
                tally.failed += 1;
                continue;
            }
        };
        let key = id_key(&g.id);
        if !seen.insert(key.clone()) {
            diag!("vietag export: warning: id {key} repeats in {}: shown again (vietag eval scores only the last)", display_name(gold));
        }
        let found = preds.get(&key).cloned();
        let note = if found.is_some() {
            ""
        } else {
            missing.push(key);
            "no prediction"
        };
        let p = found.unwrap_or_default();
        let cmp = evaluator.add(&g, &p);
        tally.done += 1;
        let Some(pages) = pages.as_mut() else {
            if single.is_some() {
                bail!(
                    "{} has more than one document: give a directory with -o DIR",
                    display_name(gold)
                );
            }
            single = Some(html::compare_page(&g, &p, &cmp, &Nav::default()));
            continue;
        };
        let page = pages.name(&g);
        let row = index.len();
        index.add_comparison(&g, &cmp, &format!("{PAGES_DIR}/{page}"), note);
        let render = move |nav: &Nav| html::compare_page(&g, &p, &cmp, nav);
        pages.push(page, row, Box::new(render))?;
    }
    let not_in_gold: Vec<String> = pred_ids.into_iter().filter(|k| !seen.contains(k)).collect();
    if !not_in_gold.is_empty() {
        diag!(
            "vietag export: note: {} predicted document(s) are not in {} and are not shown",
            not_in_gold.len(),
            display_name(gold)
        );
    }
    let mut report = evaluator.finish();
    report.documents.pred = preds.len();
    report.documents.missing_in_pred = missing;
    report.documents.not_in_gold = not_in_gold;
    match (pages, single) {
        (Some(pages), _) => pages.finish(&index, IndexHead::Scores(&report)),
        (None, Some(page)) => write_page(job.output, &[job.input, gold], &page),
        (None, None) => bail!("{}: no document to show", display_name(gold)),
    }
}
