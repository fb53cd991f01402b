"""Fixtures of the format tests: the vietag binary, the dev gold file, bench
documents annotated by vietag, and a table of the figures measured, printed
at the end of the run."""

import json
import lzma
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Figures measured by the tests: (dataset, check) -> text.
FIGURES = {}


def record(dataset, check, value):
    FIGURES[(dataset, check)] = value


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("format figures")
    for (dataset, check), value in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{dataset:6s} {check:44s} {value}")


@pytest.fixture(scope="session")
def vietag():
    """The release binary (VIETAG_BIN overrides)."""
    path = Path(os.environ.get("VIETAG_BIN", ROOT / "target" / "release" / "vietag"))
    if not path.is_file():
        pytest.fail(f"{path} not found: build it with cargo build --release")
    return str(path)


@pytest.fixture(scope="session")
def shared():
    """The shared directory next to the repository (VIETAG_SHARED
    overrides). Missing is a failure, not a skip: CI always has it."""
    path = Path(os.environ.get("VIETAG_SHARED", ROOT.parent / "shared"))
    if not (path / "corpus" / "dev" / "gold.jsonl").is_file():
        pytest.fail(f"{path}/corpus/dev/gold.jsonl not found: the format tests need ../shared")
    return path


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def gold(shared):
    return shared / "corpus" / "dev" / "gold.jsonl"


@pytest.fixture(scope="session")
def bench(shared, vietag, tmp_path_factory):
    """The first VIETAG_BENCH_DOCS (200) bench documents, annotated by
    vietag with their text; error records are left out."""
    n = int(os.environ.get("VIETAG_BENCH_DOCS", "200"))
    src = shared / "corpus" / "bench" / "news-2017.jsonl.xz"
    if not src.is_file():
        pytest.fail(f"{src} not found")
    lines = []
    with lzma.open(src, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                lines.append(line)
            if len(lines) == n:
                break
    out = tmp_path_factory.mktemp("bench")
    raw = out / "raw.jsonl"
    raw.write_text("".join(lines), encoding="utf-8")
    annotated = out / "annotated.jsonl"
    subprocess.run(
        [vietag, "annotate", "--jsonl", "--include-text", str(raw), "-o", str(annotated)],
        check=False,
        capture_output=True,
    )
    recs = [r for r in read_jsonl(annotated) if "entities" in r]
    assert len(recs) >= n * 0.95, f"only {len(recs)} of {n} bench documents annotated"
    ok = out / "bench.jsonl"
    ok.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return ok


@pytest.fixture(scope="session", params=["gold", "bench"])
def dataset(request):
    """(name, path) of each dataset the checks run on."""
    return request.param, request.getfixturevalue(request.param)
