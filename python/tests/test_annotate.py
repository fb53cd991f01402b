"""Annotator.annotate and annotate_many give the records of `vietag annotate`,
byte for byte, on the dev set and on 1,000 bench documents."""

from __future__ import annotations

import ast
import json
import shlex
import subprocess
import sys
import threading

import pytest

import vietag

from conftest import REPO, cli_lines, run_cli


@pytest.fixture(scope="module")
def annotator() -> vietag.Annotator:
    return vietag.Annotator()


def test_annotate_equals_cli_on_dev(annotator, dev_gold, dev_records, cli_annotate):
    expected = cli_annotate(dev_gold)
    assert len(expected) == len(dev_records) == 3
    for record, line in zip(dev_records, expected):
        assert annotator.annotate_json(record["text"], id=record["id"]) == line
        assert annotator.annotate(record["text"], id=record["id"]) == json.loads(line)


def test_annotate_many_equals_cli_on_dev(annotator, dev_gold, dev_records, cli_annotate):
    assert list(annotator.annotate_many_json(dev_records)) == cli_annotate(dev_gold)


def test_annotate_and_annotate_many_equal_cli_on_1000_bench_docs(annotator, bench_file, bench_records, cli_annotate):
    expected = cli_annotate(bench_file)[:1000]
    records = bench_records[:1000]
    assert len(expected) == 1000
    many = list(annotator.annotate_many(records, threads=2, batch_size=300))
    assert many == [json.loads(line) for line in expected]
    for record, line in zip(records, expected):
        assert annotator.annotate_json(record["text"], id=record["id"]) == line


def test_texts_get_their_position_as_id_like_lines_without_id(annotator, dev_records, cli_annotate, tmp_path):
    # A JSON Lines file without ids: the CLI numbers the records by line.
    path = tmp_path / "no-ids.jsonl"
    path.write_text("".join(json.dumps({"text": r["text"]}) + "\n" for r in dev_records), encoding="utf-8")
    texts = [r["text"] for r in dev_records]
    got = list(annotator.annotate_many_json(texts, batch_size=2))
    assert got == cli_annotate(path)
    assert [json.loads(line)["id"] for line in got] == [1, 2, 3]


@pytest.mark.parametrize(
    "options, flags",
    [
        ({"layer": "all"}, ["--layer", "all"]),
        ({"labels": ["PER", "LOC"]}, ["--labels", "PER,LOC"]),
        ({"labels": "ORG,DATE,PERCENT"}, ["--labels", "ORG,DATE,PERCENT"]),
        ({"offsets": "utf16", "include_text": True}, ["--offsets", "utf16", "--include-text"]),
        ({"offsets": "utf8"}, ["--offsets", "utf8"]),
        ({"fold_diacritics": True}, ["--fold-diacritics"]),
    ],
)
def test_options_equal_cli_flags(options, flags, dev_gold, dev_records, cli_annotate):
    annotator = vietag.Annotator(**options)
    assert list(annotator.annotate_many_json(dev_records)) == cli_annotate(dev_gold, *flags)


LEXICON = "surface\tlabel\tid\tattrs\nHợp tác xã Sao Mai Xanh\tORG\ttest.sao-mai-xanh\tkind=coop\n"
TEXT = "Hợp tác xã Sao Mai Xanh ở Lâm Đồng vừa mở thêm một cửa hàng."


def test_user_lexicon_equals_cli(vietag_bin, tmp_path):
    lexicon = tmp_path / "coops.tsv"
    lexicon.write_text(LEXICON, encoding="utf-8")
    doc = tmp_path / "doc.jsonl"
    doc.write_text(json.dumps({"id": "t", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    for defaults, flags in ((True, []), (False, ["--no-default-lexicons"])):
        annotator = vietag.Annotator(lexicons=[lexicon], default_lexicons=defaults)
        expected = cli_lines(vietag_bin, ["annotate", "--jsonl", "--lexicon", lexicon, *flags, doc])
        assert [annotator.annotate_json(TEXT, id="t")] == expected
        first = annotator.annotate(TEXT)["entities"][0]
        assert (first["label"], first["text"], first["attrs"]["id"]) == ("ORG", "Hợp tác xã Sao Mai Xanh", "test.sao-mai-xanh")


def test_bad_lexicon_raises_with_the_cli_message(vietag_bin, tmp_path):
    lexicon = tmp_path / "bad.tsv"
    lexicon.write_text("surface\tlabel\tid\tattrs\nSao Mai\tNOTALABEL\tx\t\n", encoding="utf-8")
    with pytest.raises(vietag.LexiconError) as err:
        vietag.Annotator(lexicons=[lexicon])
    assert isinstance(err.value, ValueError)
    assert f"{lexicon}:2:" in str(err.value)
    proc = run_cli(vietag_bin, ["annotate", "--lexicon", lexicon, "-"], ok_codes=(2,))
    assert str(err.value) in proc.stderr.decode()
    with pytest.raises(OSError, match="cannot read lexicon"):
        vietag.Annotator(lexicons=[tmp_path / "missing.tsv"])


@pytest.mark.parametrize(
    "options, message",
    [
        ({"labels": "PER,NOPE"}, "unknown label 'NOPE'"),
        ({"layer": "nested"}, "unknown layer 'nested'"),
        ({"offsets": "bytes"}, "unknown offset unit 'bytes'"),
    ],
)
def test_bad_options_raise_value_error(options, message):
    with pytest.raises(ValueError, match=message):
        vietag.Annotator(**options)


def test_every_item_gets_one_record_in_order(annotator):
    items = [
        "Ông Hà Anh Dũng về Đồng Xoài.",
        {"id": "no-text"},
        {"id": "not-a-string", "text": 42},
        12,
        "lỗi \ud800 ở đây",
        {"id": 7, "text": "Đoàn công tác thăm Lào.", "other": [1, 2]},
        {"id": None, "text": "Hà Nội"},
    ]
    records = list(annotator.annotate_many(items, batch_size=3))
    assert [r["id"] for r in records] == [1, "no-text", "not-a-string", 4, 5, 7, 7]
    assert [r.get("error", {}).get("kind") for r in records] == [
        None, "missing_text", "missing_text", "invalid_input", "invalid_utf8", None, None,
    ]
    assert records[1]["error"]["message"] == 'record 2: no "text" field'
    assert records[5] == annotator.annotate("Đoàn công tác thăm Lào.", id=7)
    assert records[6] == annotator.annotate("Hà Nội", id=7)


def test_record_fields_can_be_renamed(annotator):
    got = list(annotator.annotate_many([{"doc": "a", "body": "Hà Nội"}], id_field="doc", text_field="body"))
    assert got == [annotator.annotate("Hà Nội", id="a")]


def test_annotate_rejects_what_it_cannot_read(annotator):
    with pytest.raises(TypeError):
        annotator.annotate(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="id must be a str, an int or None"):
        annotator.annotate("Hà Nội", id=[1])  # type: ignore[arg-type]
    with pytest.raises(UnicodeEncodeError):
        annotator.annotate("\ud800")
    with pytest.raises(ValueError, match="threads must be at least 1"):
        list(annotator.annotate_many(["x"], threads=0))
    with pytest.raises(ValueError, match="batch_size"):
        list(annotator.annotate_many(["x"], batch_size=0))


def test_annotate_many_streams_lazily(annotator):
    pulled = []

    def items():
        for i in range(10):
            pulled.append(i)
            yield f"Văn bản {i} ở Hà Nội."

    stream = annotator.annotate_many(items(), batch_size=4)
    first = next(stream)
    assert first["id"] == 1
    assert pulled == [0, 1, 2, 3], "only the first batch is read before the first record"
    assert len(list(stream)) == 9


def test_two_python_threads_give_the_same_records_as_one(annotator, bench_records):
    # The interpreter is released while annotating (the speed-up is measured
    # by python/bench/threads.py); here: the records do not depend on it.
    docs = bench_records[:400]
    one = [annotator.annotate_json(d["text"], id=d["id"]) for d in docs]
    halves = [docs[0::2], docs[1::2]]
    results: list = [None, None]

    def work(i: int) -> None:
        results[i] = [annotator.annotate_json(d["text"], id=d["id"]) for d in halves[i]]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    merged = [None] * len(docs)
    merged[0::2], merged[1::2] = results[0], results[1]
    assert merged == one


def test_pickles_as_its_options():
    import pickle

    annotator = vietag.Annotator(labels=["LOC"], layer="all")
    clone = pickle.loads(pickle.dumps(annotator))
    assert clone.options == annotator.options
    assert clone.annotate("Đồng Xoài") == annotator.annotate("Đồng Xoài")


def test_module_example_holds():
    record = vietag.Annotator().annotate("Bộ Chính trị họp tại Hà Nội.", id="d1")
    assert [(e["label"], e["text"]) for e in record["entities"]] == [("ORG", "Bộ Chính trị"), ("LOC", "Hà Nội")]


def test_readme_python_command_runs_as_written():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines() if line.startswith('python -c "import vietag')]
    assert len(commands) == 1
    code = shlex.split(commands[0])[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    record = ast.literal_eval(out.strip())
    assert [e["label"] for e in record["entities"]][:1] == ["TITLE"]
