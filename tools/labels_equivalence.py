#!/usr/bin/env python3
"""`--labels L` must never change an answer: for every label L, the output of
`vietag annotate --labels L` equals the full output filtered to L, byte for byte.

Usage: labels_equivalence.py VIETAG INPUT.jsonl [--layer flat|all] [--limit N]

The filter here is written independently of the library's: entities of other
labels go and indices are renumbered; a nested mention whose parent goes points
to its nearest kept ancestor (or has no parent); a claim goes with its entity
and its links to entities that go are removed; a finding goes when any entity it
names goes. Exit status 1 on the first difference, with the document id.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

LABELS = ["PER", "TITLE", "ORG", "LOC", "DOCREF", "DATE", "PERCENT", "MONEY", "QUANTITY"]


def filtered(record, label):
    if "entities" not in record:
        return record
    ents = record["entities"]
    new = {}
    for i, e in enumerate(ents):
        if e["label"] == label:
            new[i] = len(new)

    def kept_ancestor(p):
        while p is not None:
            if p in new:
                return new[p]
            p = ents[p].get("parent")
        return None

    out_ents = []
    for i, e in enumerate(ents):
        if i not in new:
            continue
        e = dict(e)
        if "parent" in e:
            p = kept_ancestor(e["parent"])
            if p is None:
                del e["parent"]
            else:
                e["parent"] = p
        out_ents.append(e)
    claims = []
    for c in record.get("claims", []):
        if c["entity"] not in new:
            continue
        c = dict(c)
        c["entity"] = new[c["entity"]]
        for k in ("total_entity", "part", "part_of", "time"):
            if k in c:
                if c[k] in new:
                    c[k] = new[c[k]]
                else:
                    del c[k]
        claims.append(c)
    findings = []
    for f in record.get("findings", []):
        if all(i in new for i in f["entities"]):
            f = dict(f)
            f["entities"] = [new[i] for i in f["entities"]]
            findings.append(f)
    out = dict(record)
    out["entities"] = out_ents
    out["claims"] = claims
    out["findings"] = findings
    return out


def run(vietag, path, extra):
    res = subprocess.run([vietag, "annotate", "--jsonl", path, *extra], capture_output=True)
    if res.returncode not in (0, 1):
        sys.exit(f"vietag failed ({res.returncode}): {res.stderr.decode(errors='replace')}")
    return res.stdout.decode("utf-8").splitlines()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vietag")
    ap.add_argument("input")
    ap.add_argument("--layer", default="flat")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    path = args.input
    tmp = None
    if args.limit:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if n >= args.limit:
                    break
                tmp.write(line)
        tmp.close()
        path = tmp.name
    try:
        layer = ["--layer", args.layer]
        full = run(args.vietag, path, layer)
        total = 0
        for label in LABELS:
            got = run(args.vietag, path, layer + ["--labels", label])
            if len(got) != len(full):
                sys.exit(f"--labels {label}: {len(got)} records, full run {len(full)}")
            for g, f in zip(got, full):
                want = json.dumps(filtered(json.loads(f), label), ensure_ascii=False, separators=(",", ":"))
                if g != want:
                    rid = json.loads(f).get("id")
                    sys.exit(f"--labels {label}: document {rid} differs from the full output filtered to {label}\n got: {g[:600]}\nwant: {want[:600]}")
                total += len(json.loads(g).get("entities", []))
            print(f"--labels {label:8s} equals the filtered full output ({len(full)} documents)")
        print(f"all {len(LABELS)} labels hold; {total} entities compared")
    finally:
        if tmp:
            os.unlink(tmp.name)


if __name__ == "__main__":
    main()
