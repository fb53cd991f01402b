"""Annotate a Spark DataFrame with vietag, on the executors.

>>> from vietag.spark import annotate
>>> out = annotate(spark.read.json("corpus.jsonl"), text_col="text", id_col="id")
>>> out.write.parquet("annotated.parquet")

:func:`annotate` runs through ``DataFrame.mapInArrow``: each Python worker
process on the executors builds one :class:`vietag.Annotator` for a set of
options (kept in a module-level cache, so a reused worker builds it once)
and streams its partition through it in Arrow batches. vietag must be
installed on the executors (``pip install`` the wheel there, or ship it as
the README's Spark section shows).

Output schema (one row per input row, in partition order):

============  ===========================================================
column        type
============  ===========================================================
``id``        the type of ``id_col`` (the input value, unchanged); absent
              when ``id_col`` is None
``entities``  ``array<struct<start: bigint, end: bigint, label: string,
              text: string, attrs: string, source: string, parent:
              bigint>>``; ``attrs`` is the entity's attributes as a JSON
              object text, ``parent`` is null but for nested mentions
              (``layer="all"``)
``claims``    ``array<string>``: each claim as a JSON object text
``findings``  ``array<struct<code: string, severity: string, message:
              string, entities: array<bigint>, stated: double, expected:
              double>>``
``error``     ``struct<kind: string, message: string>``: null, or why the
              row has no annotation (a null text: ``missing_text``);
              ``entities``, ``claims`` and ``findings`` are then empty
(``keep``)    the input columns named in ``keep``, unchanged
============  ===========================================================

:func:`to_record` turns an output row back into the record ``vietag
annotate`` writes for the document.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql.types import (
    ArrayType,
    DoubleType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from . import Annotator, PathLike, Record

__all__ = ["annotate", "output_schema", "to_record"]

_ENTITY = StructType(
    [
        StructField("start", LongType()),
        StructField("end", LongType()),
        StructField("label", StringType()),
        StructField("text", StringType()),
        StructField("attrs", StringType()),
        StructField("source", StringType()),
        StructField("parent", LongType()),
    ]
)
_FINDING = StructType(
    [
        StructField("code", StringType()),
        StructField("severity", StringType()),
        StructField("message", StringType()),
        StructField("entities", ArrayType(LongType())),
        StructField("stated", DoubleType()),
        StructField("expected", DoubleType()),
    ]
)
_ERROR = StructType([StructField("kind", StringType()), StructField("message", StringType())])

_ENTITY_ARROW = pa.list_(
    pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("label", pa.string()),
            ("text", pa.string()),
            ("attrs", pa.string()),
            ("source", pa.string()),
            ("parent", pa.int64()),
        ]
    )
)
_CLAIMS_ARROW = pa.list_(pa.string())
_FINDING_ARROW = pa.list_(
    pa.struct(
        [
            ("code", pa.string()),
            ("severity", pa.string()),
            ("message", pa.string()),
            ("entities", pa.list_(pa.int64())),
            ("stated", pa.float64()),
            ("expected", pa.float64()),
        ]
    )
)
_ERROR_ARROW = pa.struct([("kind", pa.string()), ("message", pa.string())])

#: One annotator per set of options in each worker process.
_ANNOTATORS: Dict[Tuple[Any, ...], Annotator] = {}


def output_schema(id_field: Optional[StructField], keep: Sequence[StructField] = ()) -> StructType:
    """The schema of :func:`annotate`'s result for an id column and the
    columns kept (see the module docs)."""
    fields: List[StructField] = []
    if id_field is not None:
        fields.append(id_field)
    fields += [
        StructField("entities", ArrayType(_ENTITY)),
        StructField("claims", ArrayType(StringType())),
        StructField("findings", ArrayType(_FINDING)),
        StructField("error", _ERROR),
    ]
    fields += list(keep)
    return StructType(fields)


def annotate(
    df: DataFrame,
    text_col: str = "text",
    id_col: Optional[str] = "id",
    *,
    keep: Sequence[str] = (),
    labels: Optional[Sequence[str]] = None,
    lexicons: Sequence[PathLike] = (),
    default_lexicons: bool = True,
    fold_diacritics: bool = False,
    layer: str = "flat",
    offsets: str = "codepoint",
    threads: int = 1,
    batch_size: int = 256,
) -> DataFrame:
    """Annotates ``df[text_col]``; returns one row per input row with the
    id, the record's ``entities``, ``claims``, ``findings`` and ``error``
    (schema in the module docs), and the ``keep`` columns.

    The annotator options are those of :class:`vietag.Annotator`; lexicon
    paths must exist on every executor. ``threads`` is per Python worker
    (Spark already runs one task per core: keep 1 unless tasks have cores
    to spare). ``batch_size`` rows are annotated at a time.

    Raises:
        ValueError: a named column is missing, or the text column is not
            a string column (before any job runs). The options are checked
            on the driver by building the annotator once there.
    """
    columns = set(df.columns)
    for name in [text_col, *([id_col] if id_col else []), *keep]:
        if name not in columns:
            raise ValueError(f"no column '{name}' in the DataFrame (columns: {', '.join(df.columns)})")
    if not isinstance(df.schema[text_col].dataType, StringType):
        raise ValueError(
            f"column '{text_col}' is {df.schema[text_col].dataType.simpleString()}, not a string"
        )
    options = Annotator(
        labels=labels,
        lexicons=lexicons,
        default_lexicons=default_lexicons,
        fold_diacritics=fold_diacritics,
        layer=layer,
        offsets=offsets,
    ).options
    schema = output_schema(df.schema[id_col] if id_col else None, [df.schema[k] for k in keep])
    selected = list(dict.fromkeys([text_col, *([id_col] if id_col else []), *keep]))

    def run(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        annotator = _annotator(options)
        for batch in batches:
            for offset in range(0, batch.num_rows, batch_size):
                part = batch.slice(offset, batch_size)
                yield _annotate_batch(annotator, part, text_col, id_col, keep, threads)

    return df.select(*selected).mapInArrow(run, schema)


def _annotator(options: Dict[str, Any]) -> Annotator:
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))
    annotator = _ANNOTATORS.get(key)
    if annotator is None:
        annotator = Annotator(**options)
        _ANNOTATORS[key] = annotator
    return annotator


def _annotate_batch(
    annotator: Annotator,
    batch: pa.RecordBatch,
    text_col: str,
    id_col: Optional[str],
    keep: Sequence[str],
    threads: int,
) -> pa.RecordBatch:
    texts = batch.column(batch.schema.get_field_index(text_col)).to_pylist()
    present = [t for t in texts if t is not None]
    annotated = iter(annotator.annotate_many(present, threads=threads, batch_size=max(1, len(present))))
    entities, claims, findings, errors = [], [], [], []
    for text in texts:
        if text is None:
            record: Record = {"error": {"kind": "missing_text", "message": f"the text column '{text_col}' is null"}}
        else:
            record = next(annotated)
        entities.append([_entity_row(e) for e in record.get("entities", [])])
        claims.append([json.dumps(c, ensure_ascii=False) for c in record.get("claims", [])])
        findings.append([_finding_row(f) for f in record.get("findings", [])])
        errors.append(record.get("error"))
    arrays: List[pa.Array] = []
    fields: List[pa.Field] = []
    if id_col:
        fields.append(batch.schema.field(id_col))
        arrays.append(batch.column(batch.schema.get_field_index(id_col)))
    for name, typ, values in (
        ("entities", _ENTITY_ARROW, entities),
        ("claims", _CLAIMS_ARROW, claims),
        ("findings", _FINDING_ARROW, findings),
        ("error", _ERROR_ARROW, errors),
    ):
        fields.append(pa.field(name, typ))
        arrays.append(pa.array(values, type=typ))
    for name in keep:
        fields.append(batch.schema.field(name))
        arrays.append(batch.column(batch.schema.get_field_index(name)))
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _entity_row(e: Record) -> Dict[str, Any]:
    return {
        "start": e["start"],
        "end": e["end"],
        "label": e["label"],
        "text": e["text"],
        "attrs": json.dumps(e.get("attrs", {}), ensure_ascii=False),
        "source": e.get("source"),
        "parent": e.get("parent"),
    }


def _finding_row(f: Record) -> Dict[str, Any]:
    return {
        "code": f["code"],
        "severity": f["severity"],
        "message": f["message"],
        "entities": f.get("entities", []),
        "stated": f.get("stated"),
        "expected": f.get("expected"),
    }


def to_record(row: Dict[str, Any], id_col: str = "id") -> Record:
    """The ``vietag annotate`` record of one output row of :func:`annotate`
    (``row.asDict(recursive=True)``): the inverse of its conversion."""
    record: Record = {"id": row.get(id_col)}
    if row.get("error") is not None:
        record["error"] = dict(row["error"])
        return record
    record["entities"] = [_entity_record(e) for e in row.get("entities") or []]
    record["claims"] = [json.loads(c) for c in row.get("claims") or []]
    record["findings"] = [_finding_record(f) for f in row.get("findings") or []]
    return record


def _entity_record(e: Dict[str, Any]) -> Record:
    out = {
        "start": e["start"],
        "end": e["end"],
        "label": e["label"],
        "text": e["text"],
        "attrs": json.loads(e["attrs"]),
        "source": e["source"],
    }
    if e.get("parent") is not None:
        out["parent"] = e["parent"]
    return out


def _finding_record(f: Dict[str, Any]) -> Record:
    out = {k: f[k] for k in ("code", "severity", "message")}
    out["entities"] = list(f.get("entities") or [])
    for k in ("stated", "expected"):
        if f.get(k) is not None:
            out[k] = f[k]
    return out
