"""Is the interpreter released while vietag annotates? Annotates the same
bench documents from one Python thread, then split between two, and
prints the ratio of the times (about 2 on 2 free cores if it is released,
about 1 if it is not), and the same for annotate_many on 1 and 2 threads.

    python python/bench/threads.py [--docs 3000] [CORPUS.jsonl[.xz]]

It also counts the work of a spinning Python thread during one long
annotate call, against json.loads as a control that holds the
interpreter: evidence that does not need a free core.

Default corpus: ../shared/corpus/bench/news-2017.jsonl.xz. A benchmark,
not a test: the machine is shared and noisy; each figure is the best of
--repeat runs.
"""

from __future__ import annotations

import argparse
import json
import lzma
import threading
import time
from itertools import islice
from pathlib import Path

import vietag

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bench" / "news-2017.jsonl.xz"


def load(path: Path, n: int) -> list:
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in islice(f, n)]


def best(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def in_threads(annotator: vietag.Annotator, parts: list) -> list:
    out: list = [None] * len(parts)

    def work(i: int) -> None:
        out[i] = [annotator.annotate_json(d["text"], id=d["id"]) for d in parts[i]]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(parts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def probe(call) -> tuple:
    """Seconds of one ``call()``, and how much another Python thread got
    done meanwhile, as a share of what it does in the same time while this
    thread sleeps: near 1 when the call releases the interpreter, near 0
    when it holds it. Unlike the timings, this needs no free core."""
    count = [0]
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            count[0] += 1

    thread = threading.Thread(target=spin)
    thread.start()
    time.sleep(0.05)
    c, t = count[0], time.perf_counter()
    time.sleep(0.3)
    rate = (count[0] - c) / (time.perf_counter() - t)
    c, t = count[0], time.perf_counter()
    call()
    took = time.perf_counter() - t
    done = count[0] - c
    stop.set()
    thread.join()
    return took, done / (rate * took)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--docs", type=int, default=3000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    docs = load(args.corpus, args.docs)
    mb = sum(len(d["text"].encode()) for d in docs) / 1e6
    annotator = vietag.Annotator()
    annotator.annotate(docs[0]["text"])  # warm up

    one = best(args.repeat, lambda: in_threads(annotator, [docs]))
    two = best(args.repeat, lambda: in_threads(annotator, [docs[0::2], docs[1::2]]))
    many1 = best(args.repeat, lambda: list(annotator.annotate_many_json(docs, threads=1)))
    many2 = best(args.repeat, lambda: list(annotator.annotate_many_json(docs, threads=2)))
    print(f"{len(docs)} documents, {mb:.1f} MB, best of {args.repeat}")
    print(f"annotate, 1 Python thread:   {one:6.2f} s  {len(docs) / one:7.0f} docs/s")
    print(f"annotate, 2 Python threads:  {two:6.2f} s  {len(docs) / two:7.0f} docs/s")
    print(f"  speed-up from the 2nd thread: {one / two:.2f}x")
    print(f"annotate_many, threads=1:    {many1:6.2f} s  {len(docs) / many1:7.0f} docs/s")
    print(f"annotate_many, threads=2:    {many2:6.2f} s  {len(docs) / many2:7.0f} docs/s")
    print(f"  speed-up from the 2nd thread: {many1 / many2:.2f}x")
    big = "\n\n".join(d["text"] for d in docs[:300])
    took, share = probe(lambda: annotator.annotate_json(big))
    print(f"one annotate call of {len(big.encode()) / 1e6:.1f} MB: {took:.2f} s; meanwhile another Python thread")
    print(f"  did {share:.0%} of what it does while this one sleeps (near 0% if the interpreter were held)")
    # The control: json.loads holds the interpreter for the whole call.
    blob = json.dumps([annotator.annotate(d["text"]) for d in docs[:1500]])
    took, share = probe(lambda: json.loads(blob))
    print(f"control, json.loads of {len(blob) / 1e6:.1f} MB, which holds it: {took:.2f} s; the other thread did {share:.0%}")


if __name__ == "__main__":
    main()
