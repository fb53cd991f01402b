#!/usr/bin/env python3
"""Checks that `vietag eval` gives the numbers of the project's reference
scorer, ../shared/eval/score.py, on the shared dev set.

The dev set and the scorer live beside the repository, not in it, so this is
a script (run by .ci/run) rather than a cargo test. It fails, never skips,
when they are missing.

For several predictions of ../shared/corpus/dev/gold.jsonl -- vietag's own
annotation, a copy damaged on purpose (shifted boundaries, other labels,
other values, values as strings, dropped and added spans, a missing and an
extra document, a duplicate id), the gold file itself -- and with and
without --labels, it runs

    python3 score.py --json GOLD PRED [--labels L]
    vietag eval --format json GOLD PRED [--labels L]

and compares every number: per label and ALL (micro), strict and lenient,
gold/pred/tp exactly and P/R/F1 after rounding vietag's to score.py's 4
digits.

Usage: tools/eval-check.py VIETAG_BINARY [SHARED_DIR]   (default ../shared)
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

NUMERIC = {"PERCENT", "MONEY", "QUANTITY"}
OTHER_LABEL = {"PER": "TITLE", "TITLE": "PER", "ORG": "LOC", "LOC": "ORG",
               "DOCREF": "DATE", "DATE": "DOCREF", "PERCENT": "QUANTITY",
               "MONEY": "QUANTITY", "QUANTITY": "MONEY"}


def fail(msg):
    print(f"eval-check: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


def damage_value(n, e):
    """Numeric entity number n: another value (every third, once with the
    same span and once with a shifted one) or the value as a string."""
    value = (e.get("attrs") or {}).get("value")
    if value is None:
        return
    if n % 3 == 0:
        e["attrs"]["value"] = value * 1.01
        if n % 2 == 0:
            e["end"] += 1
    elif n % 3 == 1:
        e["attrs"]["value"] = str(value)


def damage_entity(i, e):
    """A deterministic change of entity number i, or None to drop it."""
    kind = i % 9
    if kind == 1 and e["end"] - e["start"] > 2:
        e["start"] += 1
    elif kind == 2:
        e["label"] = OTHER_LABEL.get(e["label"], "PER")
    elif kind == 4:
        return None
    elif kind == 6:
        e["end"] += 3
    elif kind == 7:
        e["label"] = OTHER_LABEL.get(e["label"], "PER")
        e["start"] = max(0, e["start"] - 2)
    return e


def damaged(pred):
    """The prediction with changed spans, one document dropped, one added,
    and one id twice (the last copy counts in both scorers)."""
    out = []
    for d in pred:
        d = copy.deepcopy(d)
        numeric = [e for e in d["entities"] if e["label"] in NUMERIC]
        for n, e in enumerate(numeric):
            damage_value(n, e)
        ents = [damage_entity(i, e) for i, e in enumerate(d["entities"])]
        ents = [e for e in ents if e is not None]
        # Spurious spans: one far from anything, one overlapping the first span.
        ents.append({"start": 1, "end": 3, "label": "LOC"})
        if ents:
            ents.append({"start": ents[0]["start"], "end": ents[0]["end"] + 1,
                         "label": ents[0]["label"]})
        d["entities"] = ents
        out.append(d)
    if len(out) >= 2:
        # The last gold document gets no prediction; the first id comes twice,
        # a wrong early copy and the right later one (the last copy counts).
        dropped = out.pop()
        out.insert(0, {"id": out[0]["id"], "entities": dropped["entities"][:3]})
        out.append({"id": "not-in-gold", "entities": [{"start": 0, "end": 2, "label": "PER"}]})
    return out


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited with {p.returncode}:\n{p.stderr}")
    return json.loads(p.stdout)


def compare(case, ref, ours):
    """Every number of score.py's output against vietag's; returns how many."""
    checked = 0
    for mode in ("strict", "lenient"):
        rows = ref[mode]
        mine = dict(ours[mode]["labels"])
        mine["ALL"] = ours[mode]["micro"]
        if set(rows) != set(mine):
            fail(f"{case} {mode}: labels {sorted(rows)} vs vietag {sorted(mine)}")
        for label, row in rows.items():
            for key in ("gold", "pred", "tp"):
                if row[key] != mine[label][key]:
                    fail(f"{case} {mode} {label} {key}: score.py {row[key]}, vietag {mine[label][key]}")
                checked += 1
            for key in ("p", "r", "f1"):
                if row[key] != round(mine[label][key], 4):
                    fail(f"{case} {mode} {label} {key}: score.py {row[key]}, vietag {mine[label][key]}")
                checked += 1
    return checked


def main():
    if len(sys.argv) < 2:
        fail(__doc__)
    vietag = sys.argv[1]
    shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared")
    score = os.path.join(shared, "eval", "score.py")
    gold = os.path.join(shared, "corpus", "dev", "gold.jsonl")
    for path in (score, gold):
        if not os.path.isfile(path):
            fail(f"{path} not found: the shared dev set must be checked out beside the repository")
    if not os.access(vietag, os.X_OK):
        fail(f"{vietag} is not an executable vietag binary (run cargo build)")
    with tempfile.TemporaryDirectory() as tmp:
        annotated = os.path.join(tmp, "annotated.jsonl")
        with open(annotated, "w", encoding="utf-8") as out:
            subprocess.run([vietag, "annotate", "--jsonl", gold], stdout=out, check=True)
        bad = os.path.join(tmp, "damaged.jsonl")
        write_jsonl(bad, damaged(read_jsonl(annotated)))
        preds = {"annotate": annotated, "damaged": bad, "gold itself": gold}
        total = 0
        for name, pred in preds.items():
            for labels in (None, "PER,LOC,PERCENT,MONEY"):
                extra = ["--labels", labels] if labels else []
                ref = run([sys.executable, score, "--json", gold, pred] + extra)
                ours = run([vietag, "eval", "--format", "json", gold, pred] + extra)
                case = name + (f" --labels {labels}" if labels else "")
                n = compare(case, ref, ours)
                lenient = ref["lenient"]["ALL"]
                print(f"eval-check: {case}: {n} numbers equal (lenient ALL tp {lenient['tp']}/{lenient['gold']} gold, {lenient['pred']} pred)")
                total += n
    print(f"eval-check: ok, {total} numbers equal to score.py")


if __name__ == "__main__":
    main()
