#!/usr/bin/env python3
"""How many document codes written after a document-type word end up inside
a DOCREF span of an annotation.

A *document code* is a string of one of the two forms of Vietnamese
document numbers:

    NUMBER/[YEAR/]CODE-CODE[-CODE…]   state form: 30/2020/NĐ-CP, 260/GP-NTBD
    NUMBER-CODE/CODE[-CODE…]          Party form: 05-CT/TW, 15-TB/TU

where every CODE starts with a capital letter. It is counted when it follows
a type word of ``lexicons/docref/types.tsv`` (any case), directly or after
"số" ("Quyết định số 12/QĐ-UBND"). With ``--gap N`` up to N words may stand
between the type word and "số" ("Quyết định xử phạt vi phạm hành chính số
…", "Bản án hình sự phúc thẩm số …"); without "số" the code must follow the
type word directly.

A code is *covered* when one DOCREF entity of the annotation for the same
document id contains it whole. The annotation is vietag JSON Lines (the
output of ``vietag annotate --jsonl``, code-point offsets); the corpus is
JSON Lines with ``id`` and ``text`` (``.xz`` and ``.gz`` are read
decompressed).

    python3 tools/docref_coverage.py CORPUS.jsonl[.xz] ANNOTATED.jsonl \\
        [--gap 6] [--sample 25] [--seed 1] [--json]

Prints the number of codes found, the number covered, the ratio, the
misses per type word and a random sample of misses with their context
(for looking at, on the terminal: the corpus text stays out of the repo).
Standard library only.
"""
import argparse
import collections
import gzip
import json
import lzma
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TYPES = os.path.join(ROOT, "lexicons", "docref", "types.tsv")

# One part of a code: a letter, then letters, digits or "&" ("BNN&PTNT").
PART = r"[^\W\d_][\w&]*"
DASH = r"[-–]"
STATE = rf"\d+/(?:\d{{4}}/)?{PART}{DASH}{PART}(?:{DASH}{PART})*"
PARTY = rf"\d+-{PART}/{PART}(?:{DASH}{PART})*"
CODE = rf"(?:{STATE}|{PARTY})(?![\w/])"


def type_words(path):
    """The surfaces of the type-word lexicon, longest first."""
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#") or line.startswith("surface\t"):
                continue
            words.append(line.split("\t")[0].strip())
    return sorted(set(words), key=len, reverse=True)


def code_regex(words, gap):
    """Type word, optional words (only with "số"), optional "số", code."""
    types = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    so = r"số\s*[:.]?\s*"
    between = rf"(?:\s+(?:[^\W\d_]\w*)){{1,{gap}}}\s+{so}" if gap else None
    direct = rf"\s+(?:{so})?"
    tail = rf"(?:{direct}|{between})" if between else direct
    return re.compile(rf"(?<!\w)(?P<type>{types}){tail}(?P<code>{CODE})", re.IGNORECASE)


def codes_in(text, rx):
    """(type word, start, end) of every code after a type word."""
    out = []
    for m in rx.finditer(text):
        code = m.group("code")
        parts = re.split(r"[-–/]", code)
        # the number, the year, then codes that start with a capital
        letters = [p for p in parts if p and not p.isdigit()]
        if letters and all(p[0].isupper() for p in letters):
            out.append((m.group("type").lower(), m.start("code"), m.end("code")))
    return out


def open_text(path):
    if path.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8")
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def docref_spans(path):
    """id -> sorted DOCREF (start, end) of the annotation."""
    spans = {}
    with open_text(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: not JSON: {e}")
            spans[rec.get("id")] = sorted(
                (e["start"], e["end"]) for e in rec.get("entities", []) if e.get("label") == "DOCREF"
            )
    return spans


def covered(spans, start, end):
    return any(s <= start and end <= e for s, e in spans)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("annotated")
    ap.add_argument("--types", default=DEFAULT_TYPES, help="type-word lexicon (default: %(default)s)")
    ap.add_argument("--gap", type=int, default=0, help="words allowed between the type word and 'số'")
    ap.add_argument("--sample", type=int, default=25, help="misses to print")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()

    rx = code_regex(type_words(args.types), args.gap)
    spans = docref_spans(args.annotated)
    total = hit = 0
    per_type = collections.Counter()
    miss_per_type = collections.Counter()
    misses = []
    with open_text(args.corpus) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            doc_id, text = rec.get("id"), rec.get("text") or ""
            if doc_id not in spans:
                sys.exit(f"{args.corpus}:{n}: document {doc_id!r} is not in {args.annotated}")
            for word, start, end in codes_in(text, rx):
                total += 1
                per_type[word] += 1
                if covered(spans[doc_id], start, end):
                    hit += 1
                else:
                    miss_per_type[word] += 1
                    misses.append((doc_id, start, end, text))
    ratio = hit / total if total else 1.0
    if args.json:
        print(json.dumps({"codes": total, "covered": hit, "ratio": ratio, "misses_per_type": miss_per_type}))
        return
    print(f"codes after a type word: {total}; inside a DOCREF span: {hit}; ratio {ratio:.4f}")
    print("misses per type word: " + ", ".join(f"{w} {n}/{per_type[w]}" for w, n in miss_per_type.most_common()))
    random.Random(args.seed).shuffle(misses)
    for doc_id, start, end, text in misses[: args.sample]:
        left = text[max(0, start - 60) : start].replace("\n", " ")
        right = text[end : end + 30].replace("\n", " ")
        print(f"{doc_id}:{start}-{end}\t…{left}[{text[start:end]}]{right}…")


if __name__ == "__main__":
    main()
