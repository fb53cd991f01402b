"""vietag.eval gives the report of `vietag eval --format json`."""

from __future__ import annotations

import json

import pytest

import vietag

from conftest import REPO, run_cli

EVAL = REPO / "fixtures" / "eval"


def cli_eval(vietag_bin, *args):
    return json.loads(run_cli(vietag_bin, ["eval", "--format", "json", *args]).stdout)


def test_files_equal_the_cli(vietag_bin):
    gold, pred = EVAL / "gold.jsonl", EVAL / "pred.jsonl"
    assert vietag.eval(gold, pred) == cli_eval(vietag_bin, gold, pred)
    assert vietag.eval(str(gold), pred, labels="PER,LOC", show_errors=3, context=10) == cli_eval(
        vietag_bin, "--labels", "PER,LOC", "--show-errors", "3", "--context", "10", gold, pred
    )


def test_annotations_of_the_dev_set_score_as_the_cli_scores_them(vietag_bin, dev_gold, dev_records, tmp_path):
    pred = tmp_path / "pred.jsonl"
    run_cli(vietag_bin, ["annotate", "--jsonl", dev_gold, "-o", pred])
    expected = cli_eval(vietag_bin, dev_gold, pred)
    records = list(vietag.Annotator().annotate_many(dev_records))
    report = vietag.eval(dev_records, records)
    assert report == expected
    assert 0 < report["strict"]["micro"]["f1"] <= report["lenient"]["micro"]["f1"] <= 1


def test_other_formats_on_either_side(vietag_bin, tmp_path):
    gold = EVAL / "gold.jsonl"
    conll = tmp_path / "gold.conll"
    run_cli(vietag_bin, ["export", "--to", "conll", gold, "-o", conll])
    assert vietag.eval(conll, EVAL / "pred.jsonl", gold_format="conll") == cli_eval(
        vietag_bin, "--gold-from", "conll", conll, EVAL / "pred.jsonl"
    )


def test_error_records():
    gold = [{"id": "a", "text": "Ông Lê Văn Tám về Hòa Bình.", "entities": [{"start": 4, "end": 14, "label": "PER"}]}]
    failed = [{"id": "a", "error": {"kind": "internal", "message": "boom"}}]
    report = vietag.eval(gold, failed)
    assert report["strict"]["micro"]["tp"] == 0
    assert report["categories"]["total"]["missed"] == 1
    with pytest.raises(ValueError, match=r"<records>:1: id \"a\": an error record, not a gold document"):
        vietag.eval(failed, gold)
    with pytest.raises(ValueError, match="nothing scored"):
        vietag.eval([{"id": "b", "text": 3}], gold)
