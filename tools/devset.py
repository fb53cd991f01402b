#!/usr/bin/env python3
"""The general-news development set: ids, offsets and labels in the repo,
texts joined from ../shared at the time of use.

No sentence of ../shared/corpus may be copied into the project, so the set
is stored as one JSON object a line in ``devset/general-news/*.jsonl``:

    {"id": "bm-123", "section": "sport", "sha1": "<sha1 of the UTF-8 text>",
     "chars": 2184, "entities": [[start, end, "LABEL"], [start, end, "MONEY", 5000000], ...]}

Offsets are code points into the article text, ``end`` exclusive, as in the
annotation guide; a fourth element is ``attrs.value`` of a PERCENT, MONEY or
QUANTITY span (a fifth, when present, its ``attrs.total``).

Commands:

    devset.py join [-o GOLD.jsonl]     gold JSON Lines with texts, for score.py / vietag eval
    devset.py check                    every record matches its text (sha1, offsets, labels, overlaps)
    devset.py stats                    documents, entities per label and per section
    devset.py build WORK.tsv -o PART.jsonl
                                       offsets from an annotator's work file (see below)

A work file (kept outside the repo: it holds text) lists, per document, a
line ``#doc ID SECTION`` and then one line per entity in reading order:
``LABEL<TAB>surface[<TAB>value[<TAB>total]]``. Each surface is searched in
the text from the end of the previous entity; ``build`` refuses a surface it
cannot find, or one that does not start and end on a word boundary.

Standard library only. The corpus path defaults to
``../shared/corpus/bench/news-2017.jsonl.xz`` (a decompressed ``.jsonl`` works too).
"""
import argparse
import collections
import hashlib
import json
import lzma
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "bench", "news-2017.jsonl.xz")
DEFAULT_DIR = os.path.join(ROOT, "devset", "general-news")
LABELS = {"PER", "TITLE", "ORG", "LOC", "DOCREF", "DATE", "PERCENT", "MONEY", "QUANTITY"}
NUMERIC = {"PERCENT", "MONEY", "QUANTITY"}


def sha1(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def open_corpus(path):
    if path.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def load_texts(path, wanted):
    """Texts of the wanted ids, read in one pass over the corpus."""
    texts = {}
    with open_corpus(path) as f:
        for line in f:
            # The id is the first field: skip the JSON parse of the rest.
            head = line[:80]
            if not any(w in head for w in wanted):
                continue
            rec = json.loads(line)
            if rec["id"] in wanted:
                texts[rec["id"]] = rec["text"]
    return texts


def load_devset(directory):
    records = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".jsonl"):
            continue
        path = os.path.join(directory, name)
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as e:
                        sys.exit(f"{path}:{n}: not JSON: {e}")
                    rec["_where"] = f"{path}:{n}"
                    records.append(rec)
    return records


def is_word_char(c):
    return c.isalnum() or unicodedata.category(c).startswith("M")


def problems(rec, text):
    """What is wrong with one record against its text."""
    out = []
    if sha1(text) != rec["sha1"]:
        out.append("text differs from the one annotated (sha1)")
        return out
    last_end = 0
    for e in sorted(rec["entities"], key=lambda e: (e[0], e[1])):
        start, end, label = e[0], e[1], e[2]
        if label not in LABELS:
            out.append(f"{start}..{end}: unknown label {label}")
        if not 0 <= start < end <= len(text):
            out.append(f"{start}..{end}: offsets out of range")
            continue
        if start < last_end:
            out.append(f"{start}..{end}: overlaps the previous span (the layer is flat)")
        last_end = max(last_end, end)
        if text[start].isspace() or text[end - 1].isspace():
            out.append(f"{start}..{end}: leading or trailing space")
        if (start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start])) or (
            end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end])
        ):
            out.append(f"{start}..{end}: cuts a word")
        if label in NUMERIC and (len(e) < 4 or not isinstance(e[3], (int, float))):
            out.append(f"{start}..{end}: {label} without a value")
    return out


def cmd_join(args):
    records = load_devset(args.dir)
    texts = load_texts(args.corpus, {r["id"] for r in records})
    out = open(args.output, "w", encoding="utf-8") if args.output != "-" else sys.stdout
    bad = 0
    for rec in records:
        text = texts.get(rec["id"])
        if text is None or sha1(text) != rec["sha1"]:
            print(f"{rec['_where']}: id {rec['id']}: text missing from the corpus or changed", file=sys.stderr)
            bad += 1
            continue
        ents = []
        for e in rec["entities"]:
            ent = {"start": e[0], "end": e[1], "label": e[2], "text": text[e[0] : e[1]]}
            if len(e) > 3:
                ent["attrs"] = {"value": e[3]}
                if len(e) > 4:
                    ent["attrs"]["total"] = e[4]
            ents.append(ent)
        ents.sort(key=lambda x: (x["start"], x["end"]))
        doc = {"id": rec["id"], "section": rec["section"], "text": text, "entities": ents}
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    return 1 if bad else 0


def cmd_check(args):
    records = load_devset(args.dir)
    texts = load_texts(args.corpus, {r["id"] for r in records})
    bad = 0
    seen = set()
    for rec in records:
        if rec["id"] in seen:
            print(f"{rec['_where']}: id {rec['id']} appears twice")
            bad += 1
        seen.add(rec["id"])
        text = texts.get(rec["id"])
        if text is None:
            print(f"{rec['_where']}: id {rec['id']} not in the corpus")
            bad += 1
            continue
        for p in problems(rec, text):
            print(f"{rec['_where']}: id {rec['id']}: {p}")
            bad += 1
    print(f"{len(records)} documents, {sum(len(r['entities']) for r in records)} entities, {bad} problem(s)")
    return 1 if bad else 0


def cmd_stats(args):
    records = load_devset(args.dir)
    labels = collections.Counter(e[2] for r in records for e in r["entities"])
    sections = collections.Counter(r["section"] for r in records)
    ents_by_section = collections.Counter()
    for r in records:
        ents_by_section[r["section"]] += len(r["entities"])
    print(f"documents {len(records)}, entities {sum(labels.values())}")
    for label in sorted(labels):
        print(f"  {label:9s} {labels[label]}")
    for s in sorted(sections):
        print(f"  section {s:14s} {sections[s]:3d} documents, {ents_by_section[s]} entities")
    return 0


def parse_work(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("##"):
                continue
            if line.startswith("#doc"):
                parts = line.split()
                if len(parts) != 3:
                    sys.exit(f"{path}:{n}: expected '#doc ID SECTION'")
                docs.append({"id": parts[1], "section": parts[2], "items": []})
                continue
            if not docs:
                sys.exit(f"{path}:{n}: entity before the first '#doc' line")
            cols = line.split("\t")
            if len(cols) < 2 or cols[0] not in LABELS:
                sys.exit(f"{path}:{n}: expected LABEL<TAB>surface[<TAB>value[<TAB>total]]")
            docs[-1]["items"].append((n, cols))
    return docs


def cmd_build(args):
    docs = parse_work(args.work)
    texts = load_texts(args.corpus, {d["id"] for d in docs})
    out_lines = []
    bad = 0
    for d in docs:
        text = texts.get(d["id"])
        if text is None:
            print(f"{args.work}: id {d['id']} not in the corpus", file=sys.stderr)
            bad += 1
            continue
        pos = 0
        ents = []
        for n, cols in d["items"]:
            label, surface = cols[0], cols[1]
            start = text.find(surface, pos)
            while start >= 0 and not on_boundaries(text, start, start + len(surface)):
                start = text.find(surface, start + 1)
            if start < 0:
                print(f"{args.work}:{n}: id {d['id']}: «{surface}» not found after offset {pos}", file=sys.stderr)
                bad += 1
                continue
            end = start + len(surface)
            ent = [start, end, label]
            for extra in cols[2:4]:
                if extra.strip():
                    ent.append(float(extra) if "." in extra or "e" in extra else int(extra))
            ents.append(ent)
            pos = end
        rec = {"id": d["id"], "section": d["section"], "sha1": sha1(text), "chars": len(text), "entities": ents}
        for p in problems(rec, text):
            print(f"{args.work}: id {d['id']}: {p}", file=sys.stderr)
            bad += 1
        out_lines.append(json.dumps(rec, ensure_ascii=False))
    if bad and not args.force:
        print(f"{bad} problem(s); nothing written (--force writes anyway)", file=sys.stderr)
        return 1
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(out_lines) + "\n")
    os.replace(tmp, args.output)
    print(f"{len(out_lines)} documents, {sum(len(json.loads(l)['entities']) for l in out_lines)} entities -> {args.output}")
    return 0


def on_boundaries(text, start, end):
    left_ok = start == 0 or not (is_word_char(text[start - 1]) and is_word_char(text[start]))
    right_ok = end == len(text) or not (is_word_char(text[end - 1]) and is_word_char(text[end]))
    return left_ok and right_ok


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="the bench corpus (.jsonl or .jsonl.xz)")
    p.add_argument("--dir", default=DEFAULT_DIR, help="the directory of devset parts")
    sub = p.add_subparsers(dest="cmd", required=True)
    j = sub.add_parser("join")
    j.add_argument("-o", "--output", default="-")
    sub.add_parser("check")
    sub.add_parser("stats")
    b = sub.add_parser("build")
    b.add_argument("work")
    b.add_argument("-o", "--output", required=True)
    b.add_argument("--force", action="store_true")
    args = p.parse_args()
    return {"join": cmd_join, "check": cmd_check, "stats": cmd_stats, "build": cmd_build}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
