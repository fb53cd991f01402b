"""The spaCy component: found through its entry point, the same spans as
`vietag annotate --layer all` for every span that aligns, and a DocBin that
round-trips."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import DocBin

import vietag
from vietag.spacy import apply_record, to_docbin


def blank_xx(**config):
    nlp = spacy.blank("xx")
    component = nlp.add_pipe("vietag", config=config)
    return nlp, component


def test_spacy_finds_the_component_through_the_entry_point():
    # A fresh interpreter that never imports vietag itself.
    code = (
        "import spacy\n"
        "nlp = spacy.blank('vi', config={'nlp': {'tokenizer': {'use_pyvi': False}}})\n"
        "nlp.add_pipe('vietag')\n"
        "doc = nlp('Ông Hà Anh Dũng về Đồng Xoài .')\n"
        "print([(e.text, e.label_) for e in doc.ents])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('Hà Anh Dũng', 'PER'), ('Đồng Xoài', 'LOC')]"


@pytest.fixture(scope="module")
def cli_all(dev_gold, cli_annotate):
    return [json.loads(line) for line in cli_annotate(dev_gold, "--layer", "all")]


def spans_of(doc, key="vietag"):
    return [(s.start_char, s.end_char, s.label_) for s in doc.spans[key]]


def test_spans_equal_the_cli_for_every_aligned_span(dev_records, cli_all):
    nlp, component = blank_xx()
    total_aligned = total_unaligned = 0
    for record, expected in zip(dev_records, cli_all):
        doc = nlp(record["text"])
        entities = expected["entities"]
        aligned = [e for e in entities if doc.char_span(e["start"], e["end"], alignment_mode="strict") is not None]
        assert spans_of(doc) == [(e["start"], e["end"], e["label"]) for e in aligned]
        for span, e in zip(doc.spans["vietag"], aligned):
            info = dict(span._.vietag)
            assert info.pop("label") == e["label"] and info.pop("source") == e["source"]
            assert info.pop("entity") == entities.index(e)
            assert info.pop("parent_entity", None) == e.get("parent")
            assert info == e["attrs"]
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
            (e["start"], e["end"], e["label"]) for e in aligned if "parent" not in e
        ]
        assert len(doc.ents) > 0, "the dev texts have entities"
        unaligned = len(entities) - len(aligned)
        assert doc.user_data["vietag_unaligned"] == unaligned
        assert doc._.vietag["claims"] == expected["claims"]
        assert doc._.vietag["findings"] == expected["findings"]
        total_aligned += len(aligned)
        total_unaligned += unaligned
    assert component.unaligned == total_unaligned
    assert total_aligned > 10 * max(1, total_unaligned), "most spans align with spaCy's tokens"


def test_pipe_equals_call(dev_records):
    nlp, component = blank_xx(batch_size=2, threads=2)
    texts = [r["text"] for r in dev_records]
    piped = list(nlp.pipe(texts, batch_size=2))
    one_by_one = [nlp(t) for t in texts]
    for a, b in zip(piped, one_by_one):
        assert spans_of(a) == spans_of(b)
        assert [s._.vietag for s in a.spans["vietag"]] == [s._.vietag for s in b.spans["vietag"]]
        assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [
            (e.start_char, e.end_char, e.label_) for e in b.ents
        ]


def test_flat_layer_and_labels(dev_records, dev_gold, cli_annotate):
    nlp, _ = blank_xx(layer="flat", labels=["LOC", "ORG"])
    expected = [json.loads(line) for line in cli_annotate(dev_gold, "--labels", "LOC,ORG")]
    for record, exp in zip(dev_records, expected):
        doc = nlp(record["text"])
        assert {s.label_ for s in doc.spans["vietag"]} <= {"LOC", "ORG"}
        want = {(e["start"], e["end"], e["label"]) for e in exp["entities"]}
        assert set(spans_of(doc)) <= want
        assert len(spans_of(doc)) + doc.user_data["vietag_unaligned"] == len(want)


def test_alignment_modes_on_a_whitespace_tokenizer():
    # spaCy's "vi" tokenizer without pyvi splits at spaces only: "Xoài," is
    # one token, so the LOC ends inside a token.
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    text = "Ông Hà Anh Dũng về Đồng Xoài, rồi về Hà Nội."
    record = vietag.Annotator().annotate(text)
    assert [e["text"] for e in record["entities"]] == ["Hà Anh Dũng", "Đồng Xoài", "Hà Nội"]
    results = {}
    for mode in ("strict", "contract", "expand"):
        doc = nlp.make_doc(text)
        unaligned = apply_record(doc, record, mode)
        results[mode] = ([e.text for e in doc.ents], unaligned)
    assert results["strict"] == (["Hà Anh Dũng"], 2)
    assert results["contract"] == (["Hà Anh Dũng", "Đồng", "Hà"], 0)
    assert results["expand"] == (["Hà Anh Dũng", "Đồng Xoài,", "Hà Nội."], 0)
    with pytest.raises(ValueError, match="alignment_mode"):
        blank_xx(alignment_mode="loose")


def test_docbin_round_trips(dev_records, tmp_path):
    nlp = spacy.blank("xx")
    path = tmp_path / "dev.spacy"
    docbin = to_docbin(dev_records, nlp, path)
    assert len(docbin) == len(dev_records)
    back = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    made = list(docbin.get_docs(nlp.vocab))
    assert len(back) == len(dev_records)
    for record, a, b in zip(dev_records, made, back):
        assert b.text == record["text"]
        assert [(e.start_char, e.end_char, e.label_) for e in b.ents] == [
            (e.start_char, e.end_char, e.label_) for e in a.ents
        ]
        assert spans_of(b) == spans_of(a)
        assert [s._.vietag for s in b.spans["vietag"]] == [s._.vietag for s in a.spans["vietag"]]
        assert b._.vietag == a._.vietag
        gold = {(e["start"], e["end"], e["label"]) for e in record["entities"]}
        assert {(e.start_char, e.end_char, e.label_) for e in b.ents} <= gold
        assert len(b.ents) >= 0.9 * len(gold)


def test_docbin_needs_text():
    nlp = spacy.blank("xx")
    records = list(vietag.Annotator().annotate_many(["Hà Nội"]))
    with pytest.raises(ValueError, match=r'record 1 \(id 1\) has no "text"'):
        to_docbin(records, nlp)
    with_text = list(vietag.Annotator(include_text=True).annotate_many(["Hà Nội"]))
    doc = next(to_docbin(with_text, nlp).get_docs(nlp.vocab))
    assert [(e.text, e.label_) for e in doc.ents] == [("Hà Nội", "LOC")]
