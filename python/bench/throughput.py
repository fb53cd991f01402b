"""Documents per second on the same bytes of bench news, three ways:
`vietag annotate --threads 2` (the CLI), `Annotator.annotate_many` with 2
threads, and `vietag.spark.annotate` on a local[2] Spark session.

    python python/bench/throughput.py [--mb 20] [--repeat 3] [CORPUS.jsonl[.xz]]

Takes the first documents of the corpus up to --mb megabytes (default
../shared/corpus/bench/news-2017.jsonl.xz). Each figure is the best of
--repeat runs; the CLI's time includes its start-up, Spark's is the job
alone on a warm session (its start-up is printed apart). A benchmark, not
a test: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import vietag

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bench" / "news-2017.jsonl.xz"


def take(path: Path, mb: float, out: Path) -> int:
    """Copies whole lines of the corpus to ``out`` up to ``mb`` MB; returns
    the number of documents."""
    opener = lzma.open if path.suffix == ".xz" else open
    limit, size, n = mb * 1e6, 0, 0
    with opener(path, "rt", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            if size + len(line.encode()) > limit:
                break
            dst.write(line)
            size += len(line.encode())
            n += 1
    return n


def best(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_cli(binary: Path, corpus: Path, runs: int) -> float:
    cmd = [str(binary), "annotate", "--jsonl", "--threads", "2", str(corpus), "-o", os.devnull]
    return best(runs, lambda: subprocess.run(cmd, check=True))


def bench_python(corpus: Path, runs: int) -> tuple:
    with open(corpus, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    annotator = vietag.Annotator()
    as_text = best(runs, lambda: sum(1 for _ in annotator.annotate_many_json(records, threads=2)))
    as_dicts = best(runs, lambda: sum(1 for _ in annotator.annotate_many(records, threads=2)))
    return as_text, as_dicts


def bench_spark(corpus: Path, runs: int) -> tuple:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    from vietag.spark import annotate

    t = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.files.maxPartitionBytes", str(3 << 20))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - t

    def job() -> None:
        df = spark.read.schema("id string, text string").json(str(corpus))
        annotate(df).write.format("noop").mode("overwrite").save()

    t = time.perf_counter()
    job()
    first = time.perf_counter() - t
    warm = best(runs, job)
    spark.stop()
    return startup, first, warm


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--mb", type=float, default=20)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--bin", type=Path, default=REPO / "target" / "release" / "vietag")
    p.add_argument("--no-spark", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "bench.jsonl"
        n = take(args.corpus, args.mb, corpus)
        mb = corpus.stat().st_size / 1e6
        print(f"{n} documents, {mb:.1f} MB of JSON Lines, best of {args.repeat}")
        rows = [("CLI annotate --threads 2 (with start-up)", bench_cli(args.bin, corpus, args.repeat))]
        as_text, as_dicts = bench_python(corpus, args.repeat)
        rows += [
            ("annotate_many_json, threads=2", as_text),
            ("annotate_many, threads=2 (dicts)", as_dicts),
        ]
        if not args.no_spark:
            startup, first, warm = bench_spark(corpus, args.repeat)
            rows += [("Spark local[2], first job", first), ("Spark local[2], warm job", warm)]
            print(f"(Spark session start-up: {startup:.1f} s, not counted)")
        base = rows[0][1]
        for name, secs in rows:
            print(f"{name:42s} {secs:7.2f} s {n / secs:8.0f} docs/s {mb / secs:6.1f} MB/s {base / secs:5.2f}x CLI")


if __name__ == "__main__":
    main()
