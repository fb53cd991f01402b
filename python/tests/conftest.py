"""Shared fixtures: the command-line tool the package must agree with, and
the corpora of ../shared (the dev set and the bench news).

The tests that compare with the command line need ``target/release/vietag``
(``cargo build --release``; ``VIETAG_BIN`` names another binary) and
``../shared`` beside the repository (``VIETAG_SHARED`` names another
place). When either is missing those tests fail, they are not skipped:
CI always has both.
"""

from __future__ import annotations

import json
import lzma
import os
import subprocess
from itertools import islice
from pathlib import Path
from typing import Any, Dict, List, Sequence

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    return Path(os.environ.get("VIETAG_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def vietag_bin() -> Path:
    path = Path(os.environ.get("VIETAG_BIN", REPO / "target" / "release" / "vietag"))
    if not path.is_file():
        pytest.fail(f"{path}: no vietag binary; build it with `cargo build --release` (or set VIETAG_BIN)")
    return path


@pytest.fixture(scope="session")
def dev_gold() -> Path:
    path = shared_dir() / "corpus" / "dev" / "gold.jsonl"
    if not path.is_file():
        pytest.fail(f"{path}: the dev set is missing; these tests need ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def dev_records(dev_gold: Path) -> List[Dict[str, Any]]:
    return read_jsonl(dev_gold)


def bench_lines(n: int) -> List[str]:
    """The first ``n`` lines of the bench corpus."""
    path = shared_dir() / "corpus" / "bench" / "news-2017.jsonl.xz"
    if not path.is_file():
        pytest.fail(f"{path}: the bench corpus is missing; these tests need ../shared beside the repository")
    with lzma.open(path, "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in islice(f, n)]


@pytest.fixture(scope="session")
def bench_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 2,000 bench documents as a JSON Lines file."""
    path = tmp_path_factory.mktemp("bench") / "bench2000.jsonl"
    path.write_text("\n".join(bench_lines(2000)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def bench_records(bench_file: Path) -> List[Dict[str, Any]]:
    return read_jsonl(bench_file)


def read_jsonl(path: Path) -> List[Dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_cli(vietag_bin: Path, args: Sequence[str], ok_codes: Sequence[int] = (0,)) -> subprocess.CompletedProcess:
    """Runs ``vietag ARGS``; fails the test on an unexpected exit status."""
    proc = subprocess.run([str(vietag_bin), *map(str, args)], capture_output=True)
    if proc.returncode not in ok_codes:
        pytest.fail(f"vietag {' '.join(map(str, args))} exited {proc.returncode}: {proc.stderr.decode()}")
    return proc


def cli_lines(vietag_bin: Path, args: Sequence[str]) -> List[str]:
    """The output lines of ``vietag ARGS`` (text, without newlines)."""
    out = run_cli(vietag_bin, args, ok_codes=(0, 1)).stdout.decode("utf-8")
    return out.splitlines()


@pytest.fixture(scope="session")
def cli_annotate(vietag_bin: Path, tmp_path_factory: pytest.TempPathFactory):
    """``cli_annotate(jsonl_path, *flags)``: the output lines of ``vietag
    annotate --jsonl``, memoised per arguments."""
    cache: Dict[tuple, List[str]] = {}

    def annotate(path: Path, *flags: str) -> List[str]:
        key = (str(path), flags)
        if key not in cache:
            cache[key] = cli_lines(vietag_bin, ["annotate", "--jsonl", *flags, path])
        return cache[key]

    return annotate
