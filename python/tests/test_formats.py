"""vietag.read, write and lint give what `vietag import`, `export` and
`lint --format json` give, on the dev gold and the format fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vietag

from conftest import REPO, cli_lines, run_cli

NEWS = REPO / "fixtures" / "formats" / "news.jsonl"
DEFECTS = REPO / "fixtures" / "lint"


def cli_files(path: Path) -> dict:
    """Every file below a directory, by relative name, with its bytes."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(params=["news", "dev"])
def gold(request, dev_gold) -> Path:
    return NEWS if request.param == "news" else dev_gold


def test_read_jsonl_equals_import(vietag_bin, gold):
    expected = [json.loads(line) for line in cli_lines(vietag_bin, ["import", "--from", "jsonl", gold])]
    assert vietag.read(gold) == expected
    assert len(expected) >= 3


# html is a view (a page per document, no importer), not a data format.
@pytest.mark.parametrize("format", [f for f in vietag.FORMATS if f != "html"])
def test_write_equals_export_and_read_equals_import(vietag_bin, gold, format, tmp_path):
    # Each side in a directory of its own: the label files (hf labels.json,
    # Label Studio config.xml, doccano label_config.json) go beside the data.
    name = "out" if format == "brat" else f"out.{format}"
    by_cli = tmp_path / "cli" / name
    by_py = tmp_path / "py" / name
    by_cli.parent.mkdir()
    by_py.parent.mkdir()
    run_cli(vietag_bin, ["export", "--to", format, gold, "-o", by_cli], ok_codes=(0, 1))
    report = vietag.write(vietag.read(gold), by_py, format, errors="skip")
    assert report["written"] + report["failed"] == len(vietag.read(gold))
    assert report["written"] > 0
    assert cli_files(by_py.parent) == cli_files(by_cli.parent)
    imported = [json.loads(line) for line in cli_lines(vietag_bin, ["import", "--from", format, by_cli])]
    assert vietag.read(by_py, format) == imported


def test_bioes_with_comments_equals_export(vietag_bin, tmp_path):
    run_cli(vietag_bin, ["export", "--to", "conll", "--scheme", "bioes", "--comments", NEWS, "-o", tmp_path / "cli.conll"])
    vietag.write(vietag.read(NEWS), tmp_path / "py.conll", "conll", scheme="bioes", comments=True)
    assert (tmp_path / "py.conll").read_bytes() == (tmp_path / "cli.conll").read_bytes()


def test_a_record_that_cannot_be_written_is_named_and_nothing_is_written(tmp_path):
    records = vietag.read(NEWS)[:2]
    records[1]["entities"][0]["end"] = 10_000
    target = tmp_path / "out.conll"
    with pytest.raises(ValueError, match=r"<records>:2: id .*out of range"):
        vietag.write(records, target, "conll")
    assert not target.exists()
    report = vietag.write(records, target, "conll", comments=True, errors="skip")
    assert (report["written"], report["failed"]) == (1, 1)
    assert "out of range" in report["errors"][0]
    assert vietag.read(target, "conll")[0]["text"] == records[0]["text"]


def test_read_reports_unreadable_records_as_import_does(vietag_bin, tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = {"id": "ok", "text": "Hà Nội", "entities": [{"start": 0, "end": 6, "label": "LOC"}]}
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{oops\n" + '{"id": "x"}\n', encoding="utf-8")
    expected = [json.loads(line) for line in cli_lines(vietag_bin, ["import", "--from", "jsonl", path])]
    got = vietag.read(path)
    assert got == expected
    assert [r.get("error", {}).get("kind") for r in got] == [None, "invalid_input", "invalid_input"]
    with pytest.raises(ValueError, match=r"mixed.jsonl:2: "):
        vietag.read(path, errors="raise")


def test_unknown_format_and_missing_file():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        vietag.read(NEWS, "xml")
    with pytest.raises(OSError, match="cannot read"):
        vietag.read(NEWS.with_name("missing.jsonl"))


@pytest.mark.parametrize(
    "name, format",
    [
        ("defects.jsonl", "jsonl"),
        ("defects.conll", "conll"),
        ("defects.vlsp", "vlsp"),
        ("defects.spacy.json", "spacy"),
        ("defects.doccano.jsonl", "doccano"),
        ("defects.labelstudio.json", "labelstudio"),
        ("brat", "brat"),
    ],
)
def test_lint_file_equals_cli(vietag_bin, name, format):
    path = DEFECTS / name
    expected = [json.loads(line) for line in cli_lines(vietag_bin, ["lint", "--format", "json", "--from", format, path])]
    got = vietag.lint(path, format=format)
    assert got == expected
    assert any(f["severity"] == "error" for f in got)


def test_lint_records_finds_what_the_cli_finds(vietag_bin):
    path = DEFECTS / "defects.jsonl"
    expected = [json.loads(line) for line in cli_lines(vietag_bin, ["lint", "--format", "json", path])]
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # not a record Python could hold
    got = vietag.lint(records)
    # The same findings, but for the file name and line: the position of
    # the record among the records given.
    strip = lambda fs: [{k: v for k, v in f.items() if k not in ("file", "line")} for f in fs]  # noqa: E731
    assert strip(got) == strip([f for f in expected if f["line"] != 1])
    assert {f["file"] for f in got} == {"<records>"}
    assert {f["code"] for f in got} >= {"V000", "V001", "V002", "V003", "V004", "V005", "V006", "V007"}


def test_lint_labels_and_fixes():
    text = "Ông Hà Anh Dũng về Đồng Xoài."
    record = {"id": "a", "text": text, "entities": [
        {"start": 4, "end": 16, "label": "PER"},   # trailing space
        {"start": 19, "end": 28, "label": "PLACE"},
    ]}
    found = vietag.lint([record])
    codes = [f["code"] for f in found]
    assert "V004" in codes and "V007" in codes
    fix = next(f for f in found if f["code"] == "V004")["fix"]
    assert fix == {"start": 4, "end": 15, "text": "Hà Anh Dũng"}
    allowed = vietag.lint([record], labels="PER,PLACE")
    assert "V007" not in [f["code"] for f in allowed]
