"""vietag.spark.annotate on a real local Spark session (local[2]) gives the
records of `vietag annotate`, document by document, whatever the partition
order; the example script writes the same as Parquet."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from conftest import REPO

os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
# The executors' Python is this one, where vietag is installed.
os.environ["PYSPARK_PYTHON"] = sys.executable
os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable

from pyspark.sql import SparkSession  # noqa: E402

from vietag.spark import annotate, to_record  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("vietag-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def cli_by_id(bench_file, cli_annotate):
    records = [json.loads(line) for line in cli_annotate(bench_file)]
    assert len(records) == 2000
    return {r["id"]: r for r in records}


def test_2000_bench_docs_equal_the_cli(spark, bench_file, bench_records, cli_by_id):
    df = spark.createDataFrame([(r["id"], r["text"]) for r in bench_records], "id string, text string")
    # Shuffled into 5 partitions: the rows come back in another order.
    df = df.repartition(5)
    rows = annotate(df, batch_size=128).collect()
    assert len(rows) == 2000
    got = {}
    for row in rows:
        record = to_record(row.asDict(recursive=True))
        got[record["id"]] = record
    assert got.keys() == cli_by_id.keys()
    for doc_id, expected in cli_by_id.items():
        assert got[doc_id] == expected, doc_id


def test_null_texts_keep_and_options(spark):
    df = spark.createDataFrame(
        [(1, "Bí thư Tỉnh ủy Bình Phước thăm Đồng Xoài.", "a"), (2, None, "b")],
        "n long, body string, tag string",
    )
    rows = {r["n"]: r for r in annotate(df, text_col="body", id_col="n", keep=["tag"], labels=["LOC"]).collect()}
    assert rows[1]["tag"] == "a" and rows[1]["error"] is None
    assert [(e["label"], e["text"]) for e in rows[1]["entities"]] == [("LOC", "Đồng Xoài")]
    assert rows[2]["error"]["kind"] == "missing_text"
    assert to_record(rows[2].asDict(recursive=True), id_col="n") == {
        "id": 2,
        "error": {"kind": "missing_text", "message": "the text column 'body' is null"},
    }
    with pytest.raises(ValueError, match="no column 'nope'"):
        annotate(df, text_col="nope")
    with pytest.raises(ValueError, match="column 'n' is bigint, not a string"):
        annotate(df, text_col="n", id_col="n")


def test_example_script_writes_parquet(bench_file, cli_annotate, tmp_path):
    out = tmp_path / "out.parquet"
    subset = tmp_path / "in.jsonl"
    subset.write_text("".join(bench_file.read_text(encoding="utf-8").splitlines(True)[:300]), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(REPO / "examples" / "spark_annotate.py"), str(subset), str(out), "--master", "local[2]"],
        check=True,
        capture_output=True,
    )
    rows = pq.read_table(out).to_pylist()
    expected = {json.loads(line)["id"]: json.loads(line) for line in cli_annotate(subset)}
    assert len(rows) == 300
    assert {r["id"]: to_record(r) for r in rows} == expected
