"""The ``vietag`` spaCy component, and DocBin export of vietag records.

Installed with the package, the component is registered through the
``spacy_factories`` entry point, so any pipeline finds it by name::

    import spacy
    nlp = spacy.blank("xx")                  # see below for "vi"
    nlp.add_pipe("vietag", config={"alignment_mode": "contract"})
    doc = nlp("Bí thư Tỉnh ủy Bình Phước thăm Đồng Xoài.")
    doc.ents                                 # the flat layer
    doc.spans["vietag"]                      # every layer, nested mentions too
    doc.spans["vietag"][0]._.vietag          # {"id": …, "label": …, "source": …}

``spacy.blank("vi")`` needs the pyvi word segmenter; without it, use
``spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})``
(tokens split at white space only, so "Xoài," is one token and strict
alignment drops more spans) or ``spacy.blank("xx")``, whose tokenizer also
splits punctuation off.

What the component sets on each ``Doc``:

- ``doc.ents``: the entities of the flat layer (the scored layer of the
  annotation guide) that align with the tokens; they replace the
  ``doc.ents`` set by earlier components.
- ``doc.spans[spans_key]``: every entity that aligns, the nested mentions
  too when ``layer`` is ``"all"`` (the default).
- ``span._.vietag``: the entity's ``attrs`` (``id``, ``value``, ``unit`` …)
  plus ``label``, ``source``, ``entity`` (its index in the record) and, for
  a nested mention, ``parent_entity`` (the index of the outer entity; the
  ``parent`` of a place is its gazetteer parent, an attribute).
- ``doc._.vietag``: ``{"id", "claims", "findings"}`` of the record (and
  ``"error"`` when vietag could not annotate the text).
- ``doc.user_data["vietag_unaligned"]``: how many entities could not be
  aligned; the component's ``unaligned`` attribute counts them over every
  document it has seen.

vietag's offsets are code points, spaCy's token boundaries come from its
tokenizer: an entity whose ends fall inside a token is aligned by
``alignment_mode`` as in ``Doc.char_span``: ``"strict"`` (the default)
drops it, ``"contract"`` keeps the tokens wholly inside it, ``"expand"``
takes every token it touches. A flat entity whose aligned span would
overlap the one before it is also left out of ``doc.ents`` and counted.

``nlp.pipe`` annotates each batch of texts in parallel through
:meth:`vietag.Annotator.annotate_many`.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import minibatch

from . import Annotator, PathLike, Record

__all__ = ["VietagComponent", "make_vietag", "apply_record", "to_docbin", "ALIGNMENT_MODES"]

#: The alignment policies of ``Doc.char_span``.
ALIGNMENT_MODES = ("strict", "contract", "expand")



def _span_key(span: Span) -> Tuple[str, int, int, str]:
    return ("vietag", span.start_char, span.end_char, span.label_)


def _get_span_info(span: Span) -> Optional[Dict[str, Any]]:
    user_data: Dict[Any, Any] = span.doc.user_data
    return user_data.get(_span_key(span))


def _set_span_info(span: Span, info: Optional[Dict[str, Any]]) -> None:
    user_data: Dict[Any, Any] = span.doc.user_data
    user_data[_span_key(span)] = info


# spaCy keys plain span extensions by offsets alone, and a nested mention
# may have the same offsets as its outer entity ("Minh Châu" the person
# and the place): the value is kept under offsets and label instead.
if not Span.has_extension("vietag"):
    Span.set_extension("vietag", getter=_get_span_info, setter=_set_span_info)
if not Doc.has_extension("vietag"):
    Doc.set_extension("vietag", default=None)


@Language.factory(
    "vietag",
    default_config={
        "labels": None,
        "lexicons": [],
        "default_lexicons": True,
        "fold_diacritics": False,
        "layer": "all",
        "alignment_mode": "strict",
        "spans_key": "vietag",
        "threads": None,
        "batch_size": 256,
    },
    assigns=["doc.ents", "doc.spans", "span._.vietag", "doc._.vietag"],
)
def make_vietag(
    nlp: Language,
    name: str,
    labels: Optional[List[str]],
    lexicons: List[str],
    default_lexicons: bool,
    fold_diacritics: bool,
    layer: str,
    alignment_mode: str,
    spans_key: str,
    threads: Optional[int],
    batch_size: int,
) -> "VietagComponent":
    """The factory behind ``nlp.add_pipe("vietag", config={…})``; the
    config keys are the arguments of :class:`VietagComponent`."""
    return VietagComponent(
        nlp,
        name,
        labels=labels,
        lexicons=lexicons,
        default_lexicons=default_lexicons,
        fold_diacritics=fold_diacritics,
        layer=layer,
        alignment_mode=alignment_mode,
        spans_key=spans_key,
        threads=threads,
        batch_size=batch_size,
    )


class VietagComponent:
    """Sets ``doc.ents``, ``doc.spans[spans_key]`` and ``span._.vietag``
    from vietag's annotation of ``doc.text`` (see the module docs).

    Args:
        labels, lexicons, default_lexicons, fold_diacritics: as for
            :class:`vietag.Annotator`.
        layer: ``"all"`` puts nested mentions in ``doc.spans`` too;
            ``"flat"`` only the flat layer. ``doc.ents`` is always the flat
            layer.
        alignment_mode: ``"strict"``, ``"contract"`` or ``"expand"``.
        spans_key: the key of ``doc.spans``.
        threads: threads of ``nlp.pipe`` (default: one per core).
        batch_size: documents annotated at once by ``nlp.pipe`` when spaCy
            gives none.
    """

    def __init__(
        self,
        nlp: Optional[Language] = None,
        name: str = "vietag",
        *,
        labels: Optional[Sequence[str]] = None,
        lexicons: Sequence[PathLike] = (),
        default_lexicons: bool = True,
        fold_diacritics: bool = False,
        layer: str = "all",
        alignment_mode: str = "strict",
        spans_key: str = "vietag",
        threads: Optional[int] = None,
        batch_size: int = 256,
    ) -> None:
        if alignment_mode not in ALIGNMENT_MODES:
            raise ValueError(
                f"unknown alignment_mode '{alignment_mode}': use one of {', '.join(ALIGNMENT_MODES)}"
            )
        self.name = name
        self.annotator = Annotator(
            labels=labels,
            lexicons=lexicons,
            default_lexicons=default_lexicons,
            fold_diacritics=fold_diacritics,
            layer=layer,
            offsets="codepoint",
        )
        self.alignment_mode = alignment_mode
        self.spans_key = spans_key
        self.threads = threads
        self.batch_size = batch_size
        #: Entities not aligned, over every document seen.
        self.unaligned = 0

    def __call__(self, doc: Doc) -> Doc:
        record = self.annotator.annotate(doc.text)
        self.unaligned += apply_record(doc, record, self.alignment_mode, self.spans_key)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: Optional[int] = None) -> Iterator[Doc]:
        """Annotates ``batch_size`` documents at a time, in parallel."""
        size = batch_size or self.batch_size
        for docs in minibatch(stream, size=size):
            records = self.annotator.annotate_many(
                [d.text for d in docs], threads=self.threads, batch_size=len(docs)
            )
            for doc, record in zip(docs, records):
                self.unaligned += apply_record(doc, record, self.alignment_mode, self.spans_key)
                yield doc


def apply_record(
    doc: Doc, record: Record, alignment_mode: str = "strict", spans_key: str = "vietag"
) -> int:
    """Sets ``doc.ents``, ``doc.spans[spans_key]``, ``span._.vietag`` and
    ``doc._.vietag`` from a vietag record of ``doc.text`` with code-point
    offsets (an annotation, or a gold record). Returns the number of
    entities that could not be aligned, also stored in
    ``doc.user_data["vietag_unaligned"]``."""
    info: Dict[str, Any] = {
        "id": record.get("id"),
        "claims": record.get("claims", []),
        "findings": record.get("findings", []),
    }
    if "error" in record:
        info["error"] = record["error"]
    doc._.vietag = info
    spans: List[Span] = []
    flat: List[Span] = []
    unaligned = 0
    for index, entity in enumerate(record.get("entities", [])):
        span = doc.char_span(
            entity["start"], entity["end"], label=entity["label"], alignment_mode=alignment_mode
        )
        if span is None or len(span) == 0:
            unaligned += 1
            continue
        span._.vietag = _span_info(entity, index)
        spans.append(span)
        if "parent" not in entity:
            if flat and span.start < flat[-1].end:
                unaligned += 1
                continue
            flat.append(span)
    doc.ents = flat
    doc.spans[spans_key] = spans
    doc.user_data["vietag_unaligned"] = unaligned
    return unaligned


def _span_info(entity: Record, index: int) -> Dict[str, Any]:
    info = dict(entity.get("attrs") or {})
    info["label"] = entity["label"]
    if "source" in entity:
        info["source"] = entity["source"]
    info["entity"] = index
    if "parent" in entity:
        info["parent_entity"] = entity["parent"]
    return info


def to_docbin(
    records: Iterable[Record],
    nlp: Language,
    path: Optional[PathLike] = None,
    *,
    alignment_mode: str = "strict",
    spans_key: str = "vietag",
    store_user_data: bool = True,
) -> DocBin:
    """A spaCy ``DocBin`` (the ``.spacy`` training format) of records with
    their text: gold records, :func:`vietag.read` output, or
    ``Annotator(include_text=True)`` records.

    Each document is ``nlp.make_doc(text)`` with the record applied as the
    component applies it (``doc.ents``, ``doc.spans[spans_key]``, and, with
    ``store_user_data``, ``span._.vietag`` and ``doc._.vietag``). With
    ``path``, the DocBin is also written there, whole or not at all.

    Raises:
        ValueError: a record has no ``text`` or is an error record (the
            message names its position and id).
    """
    if alignment_mode not in ALIGNMENT_MODES:
        raise ValueError(
            f"unknown alignment_mode '{alignment_mode}': use one of {', '.join(ALIGNMENT_MODES)}"
        )
    docbin = DocBin(store_user_data=store_user_data)
    for position, record in enumerate(records, start=1):
        where = f"record {position} (id {record.get('id')!r})"
        if "error" in record:
            raise ValueError(f"{where} is an error record: {record['error'].get('message')}")
        text = record.get("text")
        if not isinstance(text, str):
            raise ValueError(
                f'{where} has no "text": annotate with include_text=True, or use a gold file'
            )
        doc = nlp.make_doc(text)
        apply_record(doc, record, alignment_mode, spans_key)
        docbin.add(doc)
    if path is not None:
        _write_whole(os.fspath(path), docbin.to_bytes())
    return docbin


def _write_whole(path: str, data: bytes) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".vietag-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
