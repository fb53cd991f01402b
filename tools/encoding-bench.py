#!/usr/bin/env python3
"""Measures encoding detection with the vietag binary, as a user runs it.

1. Accuracy: N news documents (a seeded sample of the bench corpus) are
   encoded in TCVN3, VNI, Windows-1258 and VIQR by `vietag convert --to`,
   written as text files, and annotated with `vietag annotate --encoding
   auto`. A document counts as right when its record names the encoding it
   was written in. Characters an encoding has no code for (emoji, some
   foreign letters; curly quotes and dashes have codes in all four) are
   written as '?' (`convert --lossy`); the number of documents that needed
   it is reported. For the documents without such characters the script
   also checks that the decoded text is the original (NFC).
2. False detections: M texts in Western European languages and English
   with accented letters (localised manual pages, vim tutors, GnuPG help,
   documentation and licence files of installed packages) are re-encoded
   as Latin-1 or Windows-1252 (alternately; characters outside them
   become '?') and annotated with `--encoding auto` and by default. Any
   record with a legacy encoding is a false detection.

Usage:
  cargo build --release
  python3 tools/encoding-bench.py [--corpus ../shared/corpus/bench/news-2017.jsonl.xz]
      [--docs 1000] [--others 300] [--seed 2017] [--bin target/release/vietag]
Standard library only. Texts of part 2 are looked for under /usr/share
(man pages, vim, gnupg, doc) and in Python's site-packages.
"""
import argparse
import gzip
import hashlib
import json
import lzma
import os
import random
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ENCODINGS = ["tcvn3", "vni", "cp1258", "viqr"]
LANGS = ["fr", "de", "es", "it", "pt", "pt_BR", "sv", "da", "nl", "fi", "nb", "ca"]


def read_corpus(path):
    opener = lzma.open if str(path).endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                if rec.get("text", "").strip():
                    yield rec["text"]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


def annotate(binary, directory, *flags):
    out = run([binary, "annotate", "--labels", "DATE", "--include-text", *flags, str(directory)])
    recs = [json.loads(l) for l in out.stdout.decode("utf-8").splitlines() if l.strip()]
    return {Path(r["id"]).name: r for r in recs}


def accuracy(binary, texts, work):
    src = work / "utf8"
    src.mkdir()
    for i, t in enumerate(texts):
        (src / f"{i:05d}.txt").write_text(t, encoding="utf-8")
    rows = []
    for enc in ENCODINGS:
        d = work / enc
        d.mkdir()
        replaced = set()
        for i in range(len(texts)):
            name = f"{i:05d}.txt"
            cmd = [binary, "convert", "--from", "utf8", "--to", enc, str(src / name), "-o", str(d / name)]
            if run(cmd).returncode != 0:
                replaced.add(name)
                run(cmd + ["--lossy"]).check_returncode()
        recs = annotate(binary, d, "--encoding", "auto")
        right = sum(1 for r in recs.values() if r.get("encoding") == enc)
        declined = sum(1 for r in recs.values() if "error" in r)
        wrong = len(recs) - right - declined
        exact = same = 0
        for i, t in enumerate(texts):
            name = f"{i:05d}.txt"
            if name in replaced or recs.get(name, {}).get("encoding") != enc:
                continue
            exact += 1
            same += recs[name].get("text") == unicodedata.normalize("NFC", t)
        rows.append((enc, len(texts), right, wrong, declined, len(replaced), exact, same))
        misses = [n for n, r in sorted(recs.items()) if r.get("encoding") != enc]
        if misses:
            print(f"  {enc}: not right: {', '.join(misses[:10])}", file=sys.stderr)
    return rows


def candidate_files():
    roots = [Path("/usr/share/man") / l for l in LANGS]
    roots += [Path("/usr/share/vim"), Path("/usr/share/gnupg"), Path("/usr/share/doc")]
    roots += [Path(p) for p in sys.path if p.endswith("-packages")]
    for root in roots:
        if not root.exists():
            continue
        for dirpath, _, files in os.walk(root):
            for f in sorted(files):
                p = Path(dirpath) / f
                low = f.lower()
                if "/vim" in dirpath and not (low.startswith("tutor.") and low.endswith(".utf-8")):
                    continue
                if "/gnupg" in dirpath and not low.startswith("help."):
                    continue
                if ".vi." in low or low.endswith(".vi") or "/vi/" in dirpath:
                    continue
                yield p


def read_text(p):
    try:
        if p.is_symlink() or p.stat().st_size > 2_000_000:
            return None
        raw = gzip.open(p).read() if p.suffix == ".gz" else p.read_bytes()
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile):
        return None


def other_texts(limit, seed):
    seen, found = set(), []
    for p in candidate_files():
        t = read_text(p)
        if not t or len(t) < 400:
            continue
        latin = sum(1 for c in t if 0xC0 <= ord(c) <= 0xFF)
        if latin < 3:
            continue
        h = hashlib.sha1(t.encode()).hexdigest()
        if h in seen:
            continue
        seen.add(h)
        found.append((str(p), t))
    found.sort()
    random.Random(seed).shuffle(found)
    return found[:limit]


def false_detections(binary, others, work):
    d = work / "others"
    d.mkdir()
    for i, (_, t) in enumerate(others):
        codec = "latin-1" if i % 2 == 0 else "cp1252"
        (d / f"{i:04d}.txt").write_bytes(t.encode(codec, errors="replace"))
    result = {}
    for mode, flags in (("auto", ["--encoding", "auto"]), ("default", [])):
        recs = annotate(binary, d, *flags)
        legacy = [n for n, r in recs.items() if r.get("encoding") in ENCODINGS]
        declined = sum(1 for r in recs.values() if "error" in r)
        utf8 = len(recs) - len(legacy) - declined
        result[mode] = (len(recs), len(legacy), declined, utf8, legacy)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="../shared/corpus/bench/news-2017.jsonl.xz")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--others", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2017)
    ap.add_argument("--bin", default="target/release/vietag")
    a = ap.parse_args()
    if not Path(a.bin).exists():
        sys.exit(f"{a.bin}: build it first (cargo build --release)")
    texts = list(read_corpus(a.corpus))
    sample = random.Random(a.seed).sample(texts, min(a.docs, len(texts)))
    others = other_texts(a.others, a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = accuracy(a.bin, sample, work)
        fd = false_detections(a.bin, others, work)
    print(f"Detection on {len(sample)} documents of {a.corpus} (seed {a.seed}), per encoding:")
    print("| encoding | documents | right | wrong | declined | accuracy | with '?' | decoded text = original |")
    print("|---|---|---|---|---|---|---|---|")
    for enc, n, right, wrong, declined, replaced, exact, same in rows:
        print(f"| {enc} | {n} | {right} | {wrong} | {declined} | {100 * right / n:.1f}% | {replaced} | {same} of {exact} |")
    langs = {}
    for p, _ in others:
        key = next((l for l in LANGS if f"/man/{l}/" in p), None) or (
            "vim tutor" if "/vim" in p else "gnupg help" if "/gnupg" in p else "doc/licence")
        langs[key] = langs.get(key, 0) + 1
    print(f"\nFalse detections on {len(others)} non-Vietnamese texts, re-encoded as Latin-1 / Windows-1252:")
    print("sources: " + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    print("| mode | texts | read as a legacy encoding | declined | kept as UTF-8 |")
    print("|---|---|---|---|---|")
    for mode, (n, legacy, declined, utf8, names) in fd.items():
        print(f"| --encoding {mode} | {n} | {legacy} | {declined} | {utf8} |")
        for name in names:
            print(f"  false detection: {name} = {others[int(name[:4])][0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
