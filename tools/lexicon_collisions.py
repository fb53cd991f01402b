#!/usr/bin/env python3
"""List lexicon entries that collide with ordinary Vietnamese text.

For every capitalised entry of the given lexicon files, counts its
occurrences in a corpus (JSON Lines with a "text" field, optionally .xz):

  mid      written as in the entry, right after a lower-case word: the text
           uses it as a name
  initial  written as in the entry at the start of a sentence, a line or a
           quotation, or after another capitalised word (headlines): could be
           a name or an ordinary word
  lower    written all in lower case: an ordinary word sequence

and prints the entries whose lower-case or initial uses reach the given
share, most frequent first, as TSV (file, surface, id, mid, initial, lower).
The generators use the rules this report motivates (tools/README.md); the
report is for measuring and deciding, it changes no file.

  python3 tools/lexicon_collisions.py --corpus ../shared/corpus/bench/news-2017.jsonl.xz \
      lexicons/world/cities.tsv lexicons/world/countries.tsv [--docs 2000] [--min 5]

Matching is on runs of letters and digits (hyphens, spaces and apostrophes
between them are ignored), without diacritic folding; standard library only.
"""

from __future__ import annotations

import argparse
import json
import lzma
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lexgen import nfc, read_lexicon  # noqa: E402

BREAK = set(".!?:;\n\"“”(")
# Letter and digit runs: "Kênh 14" and "G20" keep their numbers.
WORD = re.compile(r"[^\W_]+")


def open_corpus(path: Path):
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def load_entries(files: list[Path]):
    """first word (lower) -> [(words lower, caps mask, (file, surface, id))]."""
    index = defaultdict(list)
    for f in files:
        for surface, _label, ident, attrs in read_lexicon(f):
            ws = WORD.findall(nfc(surface))
            if not ws or attrs.get("case") == "any" or not any(w[:1].isupper() for w in ws):
                continue
            caps = tuple(w[:1].isupper() for w in ws)
            index[ws[0].lower()].append((tuple(w.lower() for w in ws), caps, (str(f), surface, ident)))
    return index


def count(corpus: Path, index, docs: int | None):
    counts = defaultdict(lambda: [0, 0, 0])  # mid, initial, lower
    with open_corpus(corpus) as fh:
        for n, line in enumerate(fh):
            if docs is not None and n >= docs:
                break
            text = nfc(json.loads(line).get("text") or "")
            toks = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
            low = [t[0].lower() for t in toks]
            for i, first in enumerate(low):
                cands = index.get(first)
                if not cands:
                    continue
                for ws, caps, key in cands:
                    k = len(ws)
                    if tuple(low[i:i + k]) != ws:
                        continue
                    seen = [toks[j][0] for j in range(i, i + k)]
                    if all(not any(c.isupper() for c in w) for w in seen):
                        counts[key][2] += 1
                        continue
                    if not all(w[:1].isupper() for w, c in zip(seen, caps) if c):
                        continue
                    gap = text[toks[i - 1][2]:toks[i][1]] if i else "\n"
                    prev = toks[i - 1][0] if i else ""
                    initial = any(c in BREAK for c in gap) or not prev or not prev.islower()
                    counts[key][1 if initial else 0] += 1
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path, help="lexicon TSV files")
    ap.add_argument("--corpus", type=Path, required=True, help="JSON Lines corpus (.jsonl or .jsonl.xz)")
    ap.add_argument("--docs", type=int, default=None, help="read only the first N documents")
    ap.add_argument("--min", type=int, default=5, help="report entries with at least this many lower + initial uses")
    ap.add_argument("--share", type=float, default=0.5,
                    help="report entries whose lower + initial uses are at least this share of all uses")
    ap.add_argument("--all", action="store_true", help="print every entry seen, not only collisions")
    args = ap.parse_args(argv)
    for f in args.files + [args.corpus]:
        if not f.is_file():
            print(f"lexicon_collisions: {f} not found", file=sys.stderr)
            return 2
    index = load_entries(args.files)
    counts = count(args.corpus, index, args.docs)
    print("file\tsurface\tid\tmid\tinitial\tlower")
    for key, (mid, ini, low) in sorted(counts.items(), key=lambda kv: (-sum(kv[1][1:]), kv[0])):
        total = mid + ini + low
        odd = ini + low
        if args.all or (odd >= args.min and odd >= args.share * total):
            print("\t".join([*key, str(mid), str(ini), str(low)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
