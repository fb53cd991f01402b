"""vietag: dictionary-driven annotation of Vietnamese text.

vietag marks people (PER), position titles (TITLE), organisations (ORG),
places (LOC), document references (DOCREF), dates (DATE) and numeric claims
(PERCENT, MONEY, QUANTITY). The Rust library does all the work; this package
hands it Python strings and gives back the records ``vietag annotate``
writes, as dicts, byte for byte the same JSON.

>>> import vietag
>>> ann = vietag.Annotator()
>>> record = ann.annotate("Bộ Chính trị họp tại Hà Nội.", id="d1")
>>> [(e["label"], e["text"]) for e in record["entities"]]
[('ORG', 'Bộ Chính trị'), ('LOC', 'Hà Nội')]

Offsets are Unicode code points (the unit of Python ``str``) unless the
annotator is built with ``offsets="utf8"`` or ``"utf16"``.

Also here: :func:`read`, :func:`write`, :func:`lint` and :func:`eval` over
the annotation formats, as ``vietag import``/``export``/``lint``/``eval``; the spaCy component in
:mod:`vietag.spacy` (``nlp.add_pipe("vietag")``); Spark helpers in
:mod:`vietag.spark`.
"""

from __future__ import annotations

import json
import os
from itertools import islice
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _vietag
from ._vietag import LexiconError, VietagError, __version__

__all__ = [
    "Annotator",
    "LexiconError",
    "VietagError",
    "FORMATS",
    "read",
    "write",
    "lint",
    "__version__",
    # eval is left out of __all__: a star import would hide the builtin.
]

#: A record: the JSON object of one line of ``vietag annotate`` output, or
#: of a gold file (``id``, ``text``, ``entities`` …).
Record = Dict[str, Any]
#: A file system path.
PathLike = Union[str, "os.PathLike[str]"]

#: The formats :func:`read`, :func:`write` and :func:`lint` know.
FORMATS: Tuple[str, ...] = tuple(_vietag.format_names())

_LAYERS = ("flat", "all")
_OFFSETS = ("codepoint", "utf8", "utf16")


def _label_list(labels: Union[None, str, Iterable[str]]) -> Optional[str]:
    if labels is None:
        return None
    if isinstance(labels, str):
        return labels
    return ",".join(labels)


class Annotator:
    """Annotates Vietnamese documents; build it once, use it many times.

    Building parses and compiles every lexicon (a fraction of a second);
    annotating then costs about as much as a keyword scan. One annotator
    may be used from several Python threads at once: annotation runs with
    the interpreter released.

    Args:
        labels: the labels to keep, as ``"PER,LOC"`` or ``["PER", "LOC"]``
            (default: all nine). Every tagger still runs, so the spans kept
            are those of a full run.
        lexicons: paths of extra TSV lexicons (the format of
            ``vietag lexicon check``).
        default_lexicons: load the lexicons embedded in vietag.
        fold_diacritics: let unaccented text ("Dong Xoai") match accented
            entries ("Đồng Xoài").
        layer: ``"flat"``, the scored outer layer, or ``"all"``, which also
            gives nested mentions, each with a ``parent`` index.
        offsets: unit of ``start``/``end``: ``"codepoint"`` (Python ``str``
            indices), ``"utf8"`` bytes or ``"utf16"`` code units.
        include_text: add the document text to each record (``text``), as
            ``vietag annotate --include-text`` does.

    Raises:
        LexiconError: a lexicon has errors; the message lists each as
            ``file:line: problem`` (a ``ValueError``).
        OSError: a lexicon file cannot be read.
        ValueError: an unknown label, layer or offset unit.
    """

    def __init__(
        self,
        labels: Union[None, str, Iterable[str]] = None,
        lexicons: Sequence[PathLike] = (),
        default_lexicons: bool = True,
        fold_diacritics: bool = False,
        layer: str = "flat",
        offsets: str = "codepoint",
        include_text: bool = False,
    ) -> None:
        if isinstance(lexicons, (str, os.PathLike)):
            lexicons = [lexicons]
        self._options: Dict[str, Any] = {
            "labels": _label_list(labels),
            "lexicons": [os.fspath(p) for p in lexicons],
            "default_lexicons": bool(default_lexicons),
            "fold_diacritics": bool(fold_diacritics),
            "layer": layer,
            "offsets": offsets,
            "include_text": bool(include_text),
        }
        self._core = _vietag.Core(**self._options)

    @property
    def options(self) -> Dict[str, Any]:
        """The options the annotator was built with (a copy)."""
        return dict(self._options, lexicons=list(self._options["lexicons"]))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._options.items())
        return f"vietag.Annotator({args})"

    def __reduce__(self) -> Tuple[Any, ...]:
        # Pickled as its options (for Spark closures and multiprocessing):
        # the receiving process builds its own annotator.
        return (_rebuild, (self._options,))

    def annotate(self, text: str, id: Union[None, str, int] = None) -> Record:
        """The record of one document: ``{"id", "entities", "claims",
        "findings"}``, exactly one line of ``vietag annotate`` output.

        Raises:
            TypeError: ``text`` is not a ``str``, or ``id`` not a str or int.
            UnicodeEncodeError: ``text`` holds lone surrogates.
            VietagError: vietag failed on the document (a bug: please
                report it with the text).
        """
        return json.loads(self._core.annotate(text, id))

    def annotate_json(self, text: str, id: Union[None, str, int] = None) -> str:
        """Like :meth:`annotate`, but the record as one line of JSON text
        (no newline): what ``vietag annotate`` writes."""
        return self._core.annotate(text, id)

    def annotate_many(
        self,
        items: Iterable[Union[str, Record]],
        threads: Optional[int] = None,
        batch_size: int = 1024,
        id_field: str = "id",
        text_field: str = "text",
    ) -> Iterator[Record]:
        """Annotates a stream of documents in parallel; yields one record
        per item, in input order.

        Items are texts (``str``) or records (``dict``) with an id and a
        text field; other fields of a record are ignored. An item without
        an id (a ``str``, or a record whose id is missing or not a str or
        number) gets its 1-based position in ``items``, as a JSON Lines
        line without an id gets its line number in ``vietag annotate
        --jsonl``.

        ``batch_size`` items are read at a time and annotated on
        ``threads`` threads (default: one per core) with the interpreter
        released, so memory depends on the batch size, not on the length
        of the stream.

        An item that cannot be annotated (no text, not a str or dict, a
        text with lone surrogates) gets an error record
        ``{"id", "error": {"kind", "message"}}``; it never stops the others.
        """
        for line in self.annotate_many_json(items, threads, batch_size, id_field, text_field):
            yield json.loads(line)

    def annotate_many_json(
        self,
        items: Iterable[Union[str, Record]],
        threads: Optional[int] = None,
        batch_size: int = 1024,
        id_field: str = "id",
        text_field: str = "text",
    ) -> Iterator[str]:
        """Like :meth:`annotate_many`, but each record as one line of JSON
        text (no newline), ready to be written to a JSON Lines file."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        it = iter(items)
        position = 1
        while True:
            batch = list(islice(it, batch_size))
            if not batch:
                return
            yield from self._core.annotate_batch(batch, position, threads, id_field, text_field)
            position += len(batch)


def _rebuild(options: Dict[str, Any]) -> Annotator:
    return Annotator(**options)


def _check_format(format: str) -> str:
    # The library parses the name (and its aliases), with its own message.
    if not isinstance(format, str):
        raise TypeError(f"format must be a str, one of {', '.join(FORMATS)}")
    return format


def read(
    path: PathLike,
    format: str = "jsonl",
    *,
    offsets: str = "codepoint",
    errors: str = "record",
) -> List[Record]:
    """The documents of an annotation file as vietag records (``id``,
    ``text``, ``entities`` with ``start``/``end`` in code points …), as the
    format's reader gives them: what ``vietag import --from FORMAT PATH``
    writes for a valid file (import also checks the labels and spans with
    lint and refuses impossible ones; use :func:`lint` for that). For
    ``hf``, the label list is the ``labels.json`` beside the file.

    Args:
        path: the file; for ``brat``, a directory (or one ``.ann`` file).
        format: one of :data:`FORMATS`.
        offsets: the offset unit of Label Studio files.
        errors: ``"record"``: a document that cannot be read becomes the
            error record ``vietag import`` writes (``{"id", "error":
            {"kind": "invalid_input", "message": "FILE:LINE: …"}}``);
            ``"raise"``: raise ``ValueError`` with that message instead.

    Raises:
        OSError: the file cannot be read.
        ValueError: an unknown format, or a file that is not UTF-8.
    """
    if errors not in ("record", "raise"):
        raise ValueError("errors must be 'record' or 'raise'")
    lines = _vietag.read_file(os.fspath(path), _check_format(format), offsets)
    records = [json.loads(line) for line in lines]
    if errors == "raise":
        for r in records:
            if "error" in r:
                raise ValueError(r["error"]["message"])
    return records


def write(
    records: Iterable[Record],
    path: PathLike,
    format: str = "jsonl",
    *,
    scheme: str = "bio",
    comments: bool = False,
    offsets: str = "codepoint",
    as_: str = "annotations",
    errors: str = "raise",
) -> Dict[str, Any]:
    """Writes records with their ``text`` (gold records, :func:`read`
    output, or ``Annotator(include_text=True)`` records) as ``format``:
    what ``vietag export --to FORMAT`` writes.

    The file is written whole or not at all (into a temporary file beside
    it, then renamed), with the label file its tool needs beside it (hf
    ``labels.json``, Label Studio ``config.xml``, doccano
    ``label_config.json``); ``brat`` writes a directory of ``.txt``/``.ann``
    pairs, ``annotation.conf``, ``visual.conf`` and the id map.
    Unlike ``vietag export``, it has no ``--labels``/``--layer``
    selection: filter the records' entities first.

    Args:
        scheme: ``"bio"`` or ``"bioes"`` (CoNLL, VLSP).
        comments: CoNLL: write the comment lines that keep the text exact.
        offsets: the offset unit of Label Studio files.
        as_: Label Studio: regions as ``"annotations"`` (gold) or
            ``"predictions"``.
        errors: ``"raise"``: if any record cannot be written in the format,
            raise ``ValueError`` listing them and write nothing;
            ``"skip"``: write the others and list them in the report.

    Returns:
        ``{"written": n, "failed": n, "errors": [...], "warnings": [...]}``
        with the messages ``vietag export`` prints (``<records>:N: id …``,
        N the record's 1-based position).
    """
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    return _vietag.write_file(
        lines, os.fspath(path), _check_format(format), scheme, comments, offsets, errors == "raise", as_
    )


def lint(
    records: Union[PathLike, Iterable[Record]],
    *,
    format: str = "jsonl",
    labels: Union[None, str, Iterable[str]] = None,
    offsets: str = "codepoint",
) -> List[Dict[str, Any]]:
    """Checks annotations against the annotation guide; returns the
    findings as ``vietag lint --format json`` prints them (``code``,
    ``name``, ``severity``, ``message``, ``start``, ``end``, ``fix`` …).

    Args:
        records: records with ``text`` and ``entities`` (then each
            finding's ``file`` is ``"<records>"`` and ``line`` the record's
            1-based position), or the path of a file of ``format``, read
            as ``vietag lint --from FORMAT PATH`` reads it.
        labels: the labels allowed (default: the guide's nine).
    """
    label_list = None
    if labels is not None:
        label_list = [s.strip() for s in (labels.split(",") if isinstance(labels, str) else labels)]
        label_list = [s for s in label_list if s]
    if isinstance(records, (str, os.PathLike)):
        found = _vietag.lint_file(os.fspath(records), _check_format(format), label_list, offsets)
    else:
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        found = _vietag.lint_records(lines, label_list)
    return [json.loads(f) for f in found]


def _records_or_path(side: Union[PathLike, Iterable[Record]]) -> Union[str, List[str]]:
    if isinstance(side, (str, os.PathLike)):
        return os.fspath(side)
    return [json.dumps(r, ensure_ascii=False) for r in side]


def eval(
    gold: Union[PathLike, Iterable[Record]],
    pred: Union[PathLike, Iterable[Record]],
    *,
    gold_format: str = "jsonl",
    pred_format: str = "jsonl",
    labels: Union[None, str, Iterable[str]] = None,
    show_errors: int = 0,
    context: int = 40,
    offsets: str = "codepoint",
) -> Dict[str, Any]:
    """Scores a prediction against gold annotations: the report of
    ``vietag eval --format json GOLD PRED`` as a dict (``strict`` and
    ``lenient`` precision/recall/F1 per label with ``micro`` and
    ``macro``, error ``categories``, ``confusion``, numeric ``values``,
    ``documents``, and ``errors`` with ``show_errors``).

    Args:
        gold, pred: paths of files of ``gold_format``/``pred_format``, or
            records (gold records with ``text``; predictions as
            :meth:`Annotator.annotate` gives them, ``text`` not needed).
            Documents are paired by id; only the flat layer is scored.
        labels: score only these labels (default: every label found).
        show_errors: keep up to this many errors per label and category,
            with ``context`` characters of text around each.

    Raises:
        ValueError: a record cannot be read on either side (each is named;
            an ``annotate`` error record in the prediction counts as
            predicting nothing, in the gold it is an error).
    """
    label_list = None
    if labels is not None:
        label_list = list(labels.split(",") if isinstance(labels, str) else labels)
    report = _vietag.evaluate(
        _records_or_path(gold),
        _records_or_path(pred),
        _check_format(gold_format),
        _check_format(pred_format),
        label_list,
        show_errors,
        context,
        offsets,
    )
    return json.loads(report)
