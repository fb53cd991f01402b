#!/usr/bin/env python3
"""Compares two `vietag annotate` outputs of the same input, record by record.

Usage: compare_outputs.py OLD.jsonl NEW.jsonl [--bytes] [--show N]

By default records are compared as JSON values (key order inside objects does
not count); --bytes compares the lines as written. Prints how many records
differ and, per difference kind, a few examples (document id, the first entity
that differs), so that a refactoring can show it changes no answer.
"""
import argparse
import collections
import json
import sys


def first_difference(a, b, path=""):
    if type(a) is not type(b):
        return path, a, b
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return f"{path}.{k}", a.get(k, "<absent>"), b.get(k, "<absent>")
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}.length", len(a), len(b)
        return None
    return None if a == b else (path, a, b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--bytes", action="store_true")
    ap.add_argument("--show", type=int, default=3)
    args = ap.parse_args()
    kinds = collections.Counter()
    examples = collections.defaultdict(list)
    n = 0
    with open(args.old, encoding="utf-8") as fa, open(args.new, encoding="utf-8") as fb:
        for la, lb in zip(fa, fb):
            n += 1
            if la == lb:
                continue
            if args.bytes:
                kinds["bytes"] += 1
                continue
            a, b = json.loads(la), json.loads(lb)
            d = first_difference(a, b)
            if d is None:
                continue
            path, x, y = d
            key = "".join(c for c in path if not c.isdigit())
            kinds[key] += 1
            if len(examples[key]) < args.show:
                examples[key].append((a.get("id"), path, x, y))
        rest_a, rest_b = fa.read(), fb.read()
    if rest_a or rest_b:
        print("the outputs have different numbers of records")
        kinds["record count"] += 1
    total = sum(kinds.values())
    print(f"{n} records compared, {total} differ")
    for key, count in kinds.most_common():
        print(f"  {count:6d}  {key}")
        for rid, path, x, y in examples[key]:
            print(f"          id {rid}: {path}: {json.dumps(x, ensure_ascii=False)[:160]} -> {json.dumps(y, ensure_ascii=False)[:160]}")
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
