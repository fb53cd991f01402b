"""Annotate a corpus with vietag on Spark: JSON Lines or Parquet in, Parquet out.

Locally:

    python examples/spark_annotate.py corpus.jsonl annotated.parquet --master "local[*]"

On a cluster (vietag installed on every executor, see the README's Spark
section):

    spark-submit --master yarn examples/spark_annotate.py \
        hdfs:///corpora/news.parquet hdfs:///annotated/news.parquet --partitions 400

The output has the columns of vietag.spark.annotate: the id, entities,
claims, findings and error (schema in the documentation of vietag.spark),
and the text with --keep-text.
"""

from __future__ import annotations

import argparse
import os
import sys

from pyspark.sql import SparkSession

from vietag.spark import annotate


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="a JSON Lines or Parquet file or directory")
    p.add_argument("output", help="the Parquet directory to write (replaced)")
    p.add_argument("--format", choices=["json", "parquet"], help="input format (default: from the name)")
    p.add_argument("--text-col", default="text")
    p.add_argument("--id-col", default="id")
    p.add_argument("--keep-text", action="store_true", help="keep the text column in the output")
    p.add_argument("--labels", help="only these labels, comma-separated")
    p.add_argument("--layer", choices=["flat", "all"], default="flat")
    p.add_argument("--lexicon", action="append", default=[], help="an extra lexicon (a path on every executor)")
    p.add_argument("--partitions", type=int, help="repartition the input into this many partitions")
    p.add_argument("--master", help="the Spark master when not run by spark-submit (e.g. local[2])")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    fmt = args.format or ("parquet" if args.input.rstrip("/").endswith(".parquet") else "json")
    builder = SparkSession.builder.appName("vietag-annotate")
    if args.master:
        builder = builder.master(args.master)
        # A local run's workers use this interpreter, where vietag is installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        df = spark.read.parquet(args.input) if fmt == "parquet" else spark.read.json(args.input)
        if args.partitions:
            df = df.repartition(args.partitions)
        out = annotate(
            df,
            text_col=args.text_col,
            id_col=args.id_col,
            keep=[args.text_col] if args.keep_text else [],
            labels=args.labels.split(",") if args.labels else None,
            layer=args.layer,
            lexicons=args.lexicon,
        )
        out.write.mode("overwrite").parquet(args.output)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
