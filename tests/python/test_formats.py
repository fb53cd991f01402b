"""vietag's training-data exports, checked with the tools people train with.

On the dev gold and on bench documents annotated by vietag (see conftest):

- CoNLL: `spacy convert -c ner` gives the gold entities, no other (0 bogus;
  spaCy reads IOB tags, the default scheme), and seqeval reads the tags in
  strict IOB2 / IOBES mode;
- spaCy JSON: `spacy convert` gives Docs whose text is the document's, with
  the gold entities, and `doc.char_span(start, end, alignment_mode="strict")`
  finds every gold span;
- Hugging Face: `datasets.load_dataset("json", ...)` loads the file, the
  label list casts `ner_tags` to a ClassLabel, and seqeval (strict) finds
  the gold entities;
- every format goes through `vietag export` and `vietag import` and comes
  back with the same text, spans and ids (the flat layer for flat formats,
  the nested layer too for brat, Label Studio and VLSP).

Entities are compared as sets of (document, start, end, label) in code
points of the original text; a tool's tokens are mapped back to the text
by finding them in order.
"""

import json
import subprocess
import sys

import pytest
from conftest import read_jsonl, record

SPACY = [sys.executable, "-m", "spacy"]


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))}\n{p.stderr}"
    return p


def export(vietag, src, fmt, out, *extra):
    run([vietag, "export", "--to", fmt, str(src), "-o", str(out), *extra])
    return out


def gold_entities(recs):
    """(doc index, start, end, label) of the flat layer."""
    return {
        (n, e["start"], e["end"], e["label"])
        for n, r in enumerate(recs)
        for e in r["entities"]
        if e.get("parent") is None
    }


def token_offsets(text, tokens):
    """The code-point (start, end) of each token, found in order in text."""
    out, pos = [], 0
    for t in tokens:
        start = text.index(t, pos)
        assert text[pos:start].strip() == "", f"token {t!r} skips text {text[pos:start]!r}"
        out.append((start, start + len(t)))
        pos = start + len(t)
    return out


def read_conll(path):
    """Documents of sentences of (token, tag)."""
    docs = []
    for block in open(path, encoding="utf-8").read().split("-DOCSTART- -X- O O"):
        sents = []
        for s in block.strip().split("\n\n"):
            rows = [line.split() for line in s.split("\n") if line.strip()]
            if rows:
                sents.append([(r[0], r[-1]) for r in rows])
        docs.append(sents)
    assert docs[0] == [], "the file starts with -DOCSTART-"
    return docs[1:]


def compare(dataset, check, found, want):
    bogus, missing = len(found - want), len(want - found)
    record(dataset, check, f"{len(found)} entities of {len(want)}: {bogus} bogus, {missing} missing")
    assert (bogus, missing) == (0, 0)


def test_conll_through_spacy_convert(vietag, dataset, tmp_path):
    # spaCy's CoNLL reader takes IOB tags (it converts them to BILUO
    # itself): the default scheme.
    name, src = dataset
    scheme = "bio"
    recs = read_jsonl(src)
    conll = export(vietag, src, "conll", tmp_path / "data.conll")
    run([*SPACY, "convert", str(conll), str(tmp_path), "-c", "ner"])
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(tmp_path / "data.spacy").get_docs(nlp.vocab))
    assert len(docs) == len(recs), "one Doc per document: no junk documents"
    found = set()
    for n, (doc, rec) in enumerate(zip(docs, recs)):
        offs = token_offsets(rec["text"], [t.text for t in doc])
        for e in doc.ents:
            found.add((n, offs[e.start][0], offs[e.end - 1][1], e.label_))
    compare(name, f"spacy convert -c ner ({scheme})", found, gold_entities(recs))


@pytest.mark.parametrize("scheme", ["bio", "bioes"])
def test_conll_with_seqeval_strict(vietag, dataset, scheme, tmp_path):
    from seqeval.metrics import classification_report
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2, IOBES, Entities

    name, src = dataset
    recs = read_jsonl(src)
    docs = read_conll(export(vietag, src, "conll", tmp_path / "d.conll", "--scheme", scheme))
    assert len(docs) == len(recs)
    mode = IOB2 if scheme == "bio" else IOBES
    found = set()
    seqs = []
    for n, (sents, rec) in enumerate(zip(docs, recs)):
        toks = [t for s in sents for t, _ in s]
        offs = token_offsets(rec["text"], toks)
        k = 0
        for s in sents:
            tags = [tag for _, tag in s]
            seqs.append(tags)
            strict = Entities([tags], mode).entities[0]
            # Strict reading finds what lenient reading finds: no invalid tag.
            assert len(strict) == len(get_entities(tags)), tags
            for e in strict:
                found.add((n, offs[k + e.start][0], offs[k + e.end - 1][1], e.tag))
            k += len(s)
    classification_report(seqs, seqs, mode="strict", scheme=mode, zero_division=0)
    compare(name, f"seqeval strict {mode.__name__} (conll)", found, gold_entities(recs))


def test_spacy_json_aligns_every_span(vietag, dataset, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    name, src = dataset
    recs = read_jsonl(src)
    data = export(vietag, src, "spacy-json", tmp_path / "data.json")
    run([*SPACY, "convert", str(data), str(tmp_path)])
    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(tmp_path / "data.spacy").get_docs(nlp.vocab))
    assert len(docs) == len(recs)
    aligned = total = 0
    found = set()
    for n, (doc, rec) in enumerate(zip(docs, recs)):
        assert doc.text == rec["text"], f"document {rec['id']}: the Doc's text is the text"
        for e in rec["entities"]:
            if e.get("parent") is None:
                total += 1
                span = doc.char_span(e["start"], e["end"], label=e["label"], alignment_mode="strict")
                aligned += span is not None
        found |= {(n, e.start_char, e.end_char, e.label_) for e in doc.ents}
    record(name, "spacy-json char_span strict", f"{aligned}/{total} spans aligned ({100 * aligned / max(total, 1):.1f}%)")
    assert aligned == total
    compare(name, "spacy convert (spacy-json)", found, gold_entities(recs))


@pytest.mark.parametrize("scheme", ["bio", "bioes"])
def test_hf_loads_and_reads_in_seqeval(vietag, dataset, scheme, tmp_path):
    import datasets
    from seqeval.scheme import IOB2, IOBES, Entities

    name, src = dataset
    recs = read_jsonl(src)
    data = export(vietag, src, "hf", tmp_path / "data.jsonl", "--scheme", scheme)
    names = json.loads((tmp_path / "labels.json").read_text(encoding="utf-8"))
    ds = datasets.load_dataset(
        "json", data_files=str(data), split="train", cache_dir=str(tmp_path / "cache")
    )
    ds = ds.cast_column("ner_tags", datasets.Sequence(datasets.ClassLabel(names=names)))
    record(name, f"datasets.load_dataset (hf {scheme})", f"{ds.num_rows} rows loaded, {len(names)} tag names")
    mode = IOB2 if scheme == "bio" else IOBES
    key = lambda i: i if isinstance(i, str) else json.dumps(i)
    index = {key(r["id"]): n for n, r in enumerate(recs)}
    by_doc = {}
    for row in ds:
        by_doc.setdefault(row["doc_id"], []).append(row)
    assert len(by_doc) == len(recs)
    found = set()
    for doc_id, rows in by_doc.items():
        n = index[doc_id]
        rec = recs[n]
        text = "".join(
            r["space_before"] + "".join(t + s for t, s in zip(r["tokens"], r["space_after"]))
            for r in rows
        )
        assert text == rec["text"], f"document {doc_id}: tokens and spaces are the text"
        offs = token_offsets(rec["text"], [t for r in rows for t in r["tokens"]])
        k = 0
        for r in rows:
            tags = [names[i] for i in r["ner_tags"]]
            for e in Entities([tags], mode).entities[0]:
                found.add((n, offs[k + e.start][0], offs[k + e.end - 1][1], e.tag))
            k += len(tags)
    compare(name, f"seqeval strict {mode.__name__} (hf)", found, gold_entities(recs))


FORMATS = [
    ("conll", ["--comments"]),
    ("vlsp", []),
    ("hf", []),
    ("spacy-json", []),
    ("spacy-simple", []),
    ("doccano", []),
    ("labelstudio", []),
    ("labelstudio", ["--offsets", "utf16"]),
    ("brat", []),
]
NESTING = {"vlsp", "labelstudio", "brat"}


def spans(rec, nested):
    return sorted(
        (e["start"], e["end"], e["label"], e.get("parent"))
        for e in rec["entities"]
        if nested or e.get("parent") is None
    )


def without_crossing(rec):
    """The record without the nested spans that cross a span opened before
    them: inline tags (VLSP) must nest, so the export leaves those out."""
    ents = rec["entities"]
    order = sorted(range(len(ents)), key=lambda i: (ents[i]["start"], -ents[i]["end"], "parent" in ents[i], i))
    stack, drop = [], set()
    for i in order:
        while stack and ents[stack[-1]]["end"] <= ents[i]["start"]:
            stack.pop()
        if stack and ents[i]["end"] > ents[stack[-1]]["end"]:
            drop.add(i)
            continue
        stack.append(i)
    return dict(rec, entities=[e for i, e in enumerate(ents) if i not in drop]), len(drop)


def round_trip(vietag, src, tmp_path, fmt, extra):
    out = tmp_path / "out" / f"data.{fmt}"
    out.parent.mkdir(exist_ok=True)
    export(vietag, src, fmt, out, *extra)
    imp = [vietag, "import", "--from", fmt, str(out)]
    if "utf16" in extra:
        imp += ["--offsets", "utf16"]
    back = [json.loads(line) for line in run(imp).stdout.splitlines() if line.strip()]
    recs = read_jsonl(src)
    assert len(back) == len(recs)
    if fmt == "vlsp":
        recs = [without_crossing(r)[0] for r in recs]
    if fmt == "brat":
        by_id = {json.dumps(b["id"]): b for b in back}
        back = [by_id[json.dumps(r["id"])] for r in recs]
    for a, b in zip(recs, back):
        assert b["text"] == a["text"], f"{fmt}: {a['id']}"
        assert spans(b, fmt in NESTING) == spans(a, fmt in NESTING), f"{fmt}: {a['id']}"
        if fmt != "spacy-simple":
            assert b["id"] == a["id"]
    return sum(len(spans(r, fmt in NESTING)) for r in recs)


@pytest.mark.parametrize("fmt,extra", FORMATS, ids=[" ".join([f, *e]) for f, e in FORMATS])
def test_every_format_round_trips(vietag, dataset, fmt, extra, tmp_path):
    name, src = dataset
    n = round_trip(vietag, src, tmp_path, fmt, extra)
    record(name, f"round trip {' '.join([fmt, *extra])}", f"{n} spans back")


@pytest.mark.parametrize("fmt", sorted(NESTING))
def test_nested_layer_round_trips(vietag, shared, bench, fmt, tmp_path):
    raw = tmp_path / "raw.jsonl"
    recs = read_jsonl(bench)
    raw.write_text(
        "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in recs),
        encoding="utf-8",
    )
    nested = tmp_path / "all.jsonl"
    run([vietag, "annotate", "--jsonl", "--include-text", "--layer", "all", str(raw), "-o", str(nested)])
    lint = subprocess.run([vietag, "lint", "--format", "json", str(nested)], capture_output=True, text=True)
    assert '"V006"' not in lint.stdout, "lint checks overlaps in the flat layer only"
    n = round_trip(vietag, nested, tmp_path, fmt, [])
    crossing = sum(without_crossing(r)[1] for r in read_jsonl(nested)) if fmt == "vlsp" else 0
    left = f" ({crossing} crossing nested spans left out)" if crossing else ""
    record("bench", f"round trip --layer all {fmt}", f"{n} spans back{left}")
