"""Shared helpers of the lexicon generators in tools/ (standard library only).

A generator builds the text of one or more lexicon files in memory, then
either writes them or, with --check, compares them with the committed files.
Package versions are pinned in tools/requirements-lexicons.txt and checked
against the installed ones before anything is read.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
import unicodedata
from pathlib import Path

REQUIREMENTS = Path("tools/requirements-lexicons.txt")
HEADER = "surface\tlabel\tid\tattrs"


class SetupError(Exception):
    """The environment cannot run the generator (missing or wrong package)."""


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Lower case without diacritics: 'Hà Nội' -> 'ha noi', 'Đức' -> 'duc'."""
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def ascii_fold(s: str) -> str:
    """Latin letters without diacritics, case kept: 'São Paulo' -> 'Sao Paulo'."""
    s = s.replace("đ", "d").replace("Đ", "D").replace("ß", "ss")
    for a, b in (("ø", "o"), ("Ø", "O"), ("ł", "l"), ("Ł", "L"), ("æ", "ae"),
                 ("Æ", "Ae"), ("œ", "oe"), ("Œ", "Oe"), ("ı", "i")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFD", s)
    return nfc("".join(c for c in s if not unicodedata.combining(c)))


WORD = re.compile(r"[^\W\d_]+")


def words(s: str) -> list[str]:
    """The letter runs of `s` ('Mát-xcơ-va' -> ['Mát', 'xcơ', 'va'])."""
    return WORD.findall(nfc(s))


def pinned(root: Path, package: str) -> str:
    path = root / REQUIREMENTS
    if not path.is_file():
        raise SetupError(f"missing {path}")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.fullmatch(rf"{re.escape(package)}\s*==\s*([^\s;]+)", line, re.IGNORECASE)
        if m:
            return m.group(1)
    raise SetupError(f"{path} has no exact pin '{package}==X.Y.Z'")


def require(root: Path, package: str) -> str:
    """The pinned version of `package`, after checking the installed one."""
    pin = pinned(root, package)
    try:
        installed = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        raise SetupError(
            f"{package} is not installed in this interpreter ({sys.executable}); "
            f"run: pip install -r {REQUIREMENTS}") from None
    if installed != pin:
        raise SetupError(
            f"installed {package}=={installed} but {REQUIREMENTS} pins {package}=={pin}; "
            f"install the pinned version (pip install -r {REQUIREMENTS})")
    return pin


def check_cell(v: str, what: str) -> str:
    if not v or re.search(r"[\t\n\r]", v) or v != nfc(v) or v != v.strip():
        raise ValueError(f"bad {what} {v!r}")
    return v


def render(header: list[str], rows: list[tuple[str, str, str, list[tuple[str, str]]]]) -> bytes:
    """A lexicon file: `# ` comment lines, the header, one row per entry.

    Rows are (surface, label, id, attrs); duplicates (same surface, label and
    id) are an error, as they are for the loader.
    """
    seen: set[tuple[str, str, str]] = set()
    lines = [f"# {h}" for h in header] + [HEADER]
    for surface, label, ident, attrs in rows:
        key = (surface, label, ident)
        if key in seen:
            raise ValueError(f"duplicate row {key}")
        seen.add(key)
        for k, v in attrs:
            if not re.fullmatch(r"[a-z0-9_]+", k) or re.search(r"[;=]", v):
                raise ValueError(f"bad attribute {k}={v!r} of {surface!r}")
            check_cell(v, f"value of {k}")
        cells = [check_cell(surface, "surface"), label, ident,
                 ";".join(f"{k}={v}" for k, v in attrs)]
        lines.append("\t".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_lexicon(path: Path) -> list[tuple[str, str, str, dict[str, str]]]:
    """(surface, label, id, attrs) of every entry of a committed lexicon."""
    out = []
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cells = line.split("\t") + [""]
        attrs = dict(p.split("=", 1) for p in cells[3].split(";") if "=" in p)
        out.append((cells[0], cells[1], cells[2], attrs))
    return out


def write_or_check(name: str, root: Path, files: dict[Path, bytes], check: bool) -> int:
    """Writes `files` (paths relative to `root`), or with `check` compares."""
    if check:
        stale = [str(p) for p, data in sorted(files.items())
                 if not (root / p).is_file() or (root / p).read_bytes() != data]
        if stale:
            print(f"{name}: out of date: {', '.join(stale)} (run python tools/{name}.py)",
                  file=sys.stderr)
            return 1
        print(f"{name}: lexicons up to date", file=sys.stderr)
        return 0
    for p, data in sorted(files.items()):
        (root / p).parent.mkdir(parents=True, exist_ok=True)
        (root / p).write_bytes(data)
        lines = data.count(b"\n")
        print(f"wrote {p} ({lines} lines)", file=sys.stderr)
    return 0
