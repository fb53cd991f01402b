#!/usr/bin/env python3
"""Generate the Vietnamese administrative-units gazetteer for vietag.

What it does
------------
Reads the data files shipped inside the PyPI package ``vietnamadminunits``
(pinned in tools/requirements-lexicons.txt) and writes two lexicon files in
the project's TSV lexicon format (surface, label, id, attrs):

  lexicons/places/admin_pre2025.tsv   units in force until 2025-06-30
                                      (63 provinces, districts, communes)
  lexicons/places/admin_post2025.tsv  units in force from 2025-07-01
                                      (34 provinces, communes / special zones)

Inputs used from the package (read directly, the package is never imported):
  data/dataset.db          tables admin_units_legacy and admin_units
                           (names, type words, official codes, hierarchy)
  data/converter_2025.json old -> new mapping (province and commune level)

Each unit gets one line; names containing " - " also get an ``alias=1`` line
with the unspaced hyphen ("Bà Rịa-Vũng Tàu").  Successor ids of pre-2025
communes come from the converter mapping (for a commune split between several
new communes, the package's default successor is listed first, the others
follow by code); successors of a pre-2025 district are the union of its
communes' successors (island districts without communes are mapped directly
by the package); successor of a pre-2025 province is the new province.

Clean-ups applied to the package data (all rule based, see clean_name and
unit_type): whitespace collapsed, NFC; the type word is taken from the
official full name (it wins over the package's separate type column where
they disagree); lower-case-initial syllables in a name are capitalised
("Pa ủ" -> "Pa Ủ") except in the fixed phrase "Nông trường".

How to run
----------
  python3 -m venv /tmp/gazvenv
  /tmp/gazvenv/bin/pip install -r tools/requirements-lexicons.txt
  /tmp/gazvenv/bin/python tools/gen_admin_lexicons.py          # (re)write files
  /tmp/gazvenv/bin/python tools/gen_admin_lexicons.py --check  # verify only

Run from the repository root (or pass --root).  The script refuses to run if
the installed vietnamadminunits version differs from the pin.  Output is
deterministic: regenerating yields byte-identical files.  --check regenerates
in memory and exits 1 if a committed file differs (2 on setup errors).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

PACKAGE = "vietnamadminunits"
REQUIREMENTS = Path("tools/requirements-lexicons.txt")
OUT_DIR = Path("lexicons/places")
OUT_PRE = "admin_pre2025.tsv"
OUT_POST = "admin_post2025.tsv"

LABEL = "loc.admin"
VALID_PRE = "..2025-06-30"
VALID_POST = "2025-07-01.."

# Type words, longest first so "Thành phố X" is not read as "Thành ...".
TYPE_WORDS = [
    "thành phố", "thị trấn", "thị xã", "đặc khu",
    "tỉnh", "quận", "huyện", "phường", "xã",
]
LEVEL_LETTER = {"province": "p", "district": "d", "commune": "c"}
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}
ALLOWED_TYPES = {
    "province": {"tỉnh", "thành phố"},
    "district": {"quận", "huyện", "thị xã", "thành phố"},
    "commune": {"phường", "xã", "thị trấn", "đặc khu"},
}


class SetupError(Exception):
    pass


# --------------------------------------------------------------------------
# helpers

def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", nfc(s)).strip()


def pinned_version(root: Path) -> str:
    path = root / REQUIREMENTS
    if not path.is_file():
        raise SetupError(f"missing {path}")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.fullmatch(rf"{PACKAGE}\s*==\s*([^\s;]+)", line, re.IGNORECASE)
        if m:
            return m.group(1)
    raise SetupError(f"{path} has no exact pin '{PACKAGE}==X.Y.Z'")


def package_dir(pin: str) -> Path:
    try:
        installed = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise SetupError(
            f"{PACKAGE} is not installed in this interpreter ({sys.executable}); "
            f"run: pip install -r {REQUIREMENTS}") from None
    if installed != pin:
        raise SetupError(
            f"installed {PACKAGE}=={installed} but {REQUIREMENTS} pins "
            f"{PACKAGE}=={pin}; install the pinned version (pip install -r "
            f"{REQUIREMENTS}) or update the pin deliberately")
    # find_spec on a top-level package locates it without executing it.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SetupError(f"cannot locate the {PACKAGE} package directory")
    pdir = Path(list(spec.submodule_search_locations)[0])
    for rel in ("data/dataset.db", "data/converter_2025.json"):
        if not (pdir / rel).is_file():
            raise SetupError(f"{PACKAGE} {installed} lacks {rel}")
    return pdir


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def split_type(full: str) -> tuple[str, str]:
    """'Thành Phố Bắc Kạn' -> ('thành phố', 'Bắc Kạn')."""
    low = full.lower()
    for t in TYPE_WORDS:
        if low.startswith(t + " "):
            return t, full[len(t) + 1:].strip()
    raise ValueError(f"no type word at start of {full!r}")


def clean_name(name: str) -> str:
    """Capitalise lower-case-initial syllables, keeping 'Nông trường'."""
    words = name.split(" ")
    out = []
    for i, w in enumerate(words):
        if w[:1].islower() and not (w == "trường" and i > 0 and words[i - 1] == "Nông"):
            w = w[:1].upper() + w[1:]
        out.append(w)
    return " ".join(out)


def unit_type(full: str, type_col: str | None, level: str) -> tuple[str, str, list[str]]:
    """Return (type word, cleaned name, notes about clean-ups applied)."""
    t, name = split_type(squash(full))
    if t not in ALLOWED_TYPES[level]:
        raise ValueError(f"unexpected type {t!r} for {level} {full!r}")
    notes = []
    if type_col and squash(type_col).lower() != t:
        notes.append("type column disagrees with full name; name prefix used")
    fixed = clean_name(name)
    if fixed != name:
        notes.append("lower-case syllable capitalised")
    return t, fixed, notes


def uid(era: str, level: str, code: str) -> str:
    return f"vn.{era}.{LEVEL_LETTER[level]}.{code}"


# --------------------------------------------------------------------------
# reading

def read_units(pdir: Path, fixes: Counter):
    con = sqlite3.connect(f"file:{pdir / 'data/dataset.db'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        legacy = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy")]
        current = [dict(r) for r in con.execute("SELECT * FROM admin_units")]
    finally:
        con.close()

    pre: dict[str, dict] = {}      # id -> unit
    post: dict[str, dict] = {}
    legacy_key: dict[str, str] = {}  # converter key 'prov_dist_ward' -> pre id
    current_key: dict[tuple[str, str], str] = {}  # (provKey, wardKey) -> post id

    def put(store, unit, notes):
        old = store.get(unit["id"])
        if old is None:
            store[unit["id"]] = unit
            fixes.update(notes)
        elif old != unit:
            raise ValueError(f"conflicting data for {unit['id']}: {old} vs {unit}")

    for r in legacy:
        pid = uid("pre2025", "province", r["provinceCode"])
        t, name, notes = unit_type(r["province"], None, "province")
        put(pre, dict(id=pid, level="province", type=t, name=name,
                      code=r["provinceCode"], parent=None, province=None), notes)
        did = uid("pre2025", "district", r["districtCode"])
        t, name, notes = unit_type(r["district"], r["districtType"], "district")
        put(pre, dict(id=did, level="district", type=t, name=name,
                      code=r["districtCode"], parent=pid, province=pid), notes)
        key = f"{r['provinceKey']}_{r['districtKey']}_"
        if r["wardCode"]:
            cid = uid("pre2025", "commune", r["wardCode"])
            t, name, notes = unit_type(r["ward"], r["wardType"], "commune")
            put(pre, dict(id=cid, level="commune", type=t, name=name,
                          code=r["wardCode"], parent=did, province=pid), notes)
            key += r["wardKey"]
            target = cid
        else:
            target = did  # island district without communes
        if legacy_key.setdefault(key, target) != target:
            raise ValueError(f"duplicate legacy key {key}")

    for r in current:
        pid = uid("post2025", "province", r["provinceCode"])
        t, name, notes = unit_type(r["province"], None, "province")
        put(post, dict(id=pid, level="province", type=t, name=name,
                       code=r["provinceCode"], parent=None, province=None), notes)
        cid = uid("post2025", "commune", r["wardCode"])
        t, name, notes = unit_type(r["ward"], r["wardType"], "commune")
        put(post, dict(id=cid, level="commune", type=t, name=name,
                       code=r["wardCode"], parent=pid, province=pid), notes)
        k = (r["provinceKey"], r["wardKey"])
        if current_key.setdefault(k, cid) != cid:
            raise ValueError(f"duplicate current key {k}")

    prov_key_pre = {r["provinceKey"]: uid("pre2025", "province", r["provinceCode"]) for r in legacy}
    prov_key_post = {r["provinceKey"]: uid("post2025", "province", r["provinceCode"]) for r in current}
    return pre, post, legacy_key, current_key, prov_key_pre, prov_key_post


def read_successors(pdir, pre, legacy_key, current_key, prov_key_pre, prov_key_post):
    conv = json.loads((pdir / "data/converter_2025.json").read_text(encoding="utf-8"))
    succ: dict[str, list[str]] = {}

    for new_pk, old_pks in conv["DICT_PROVINCE"].items():
        for opk in old_pks:
            succ[prov_key_pre[opk]] = [prov_key_post[new_pk]]

    def post_id(new_pk, new_wk):
        try:
            return current_key[(new_pk, new_wk)]
        except KeyError:
            raise ValueError(f"converter names unknown new unit {new_pk}/{new_wk}") from None

    def pre_id(old_key):
        try:
            return legacy_key[old_key]
        except KeyError:
            raise ValueError(f"converter names unknown old unit {old_key}") from None

    for new_pk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, old_keys in wards.items():
            nid = post_id(new_pk, new_wk)
            for ok in old_keys:
                oid = pre_id(ok)
                if oid in succ:
                    raise ValueError(f"{ok} mapped twice")
                succ[oid] = [nid]

    code_of = lambda i: i.rsplit(".", 1)[1]  # noqa: E731
    for new_pk, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, parts in olds.items():
            oid = pre_id(ok)
            if oid in succ:
                raise ValueError(f"{ok} mapped twice")
            default = [post_id(new_pk, p["newWardKey"]) for p in parts if p["isDefaultNewWard"]]
            others = sorted({post_id(new_pk, p["newWardKey"]) for p in parts} - set(default),
                            key=code_of)
            succ[oid] = default + others

    # districts: union of their communes' successors (direct mapping wins)
    union: dict[str, set[str]] = defaultdict(set)
    for u in pre.values():
        if u["level"] == "commune" and u["id"] in succ:
            union[u["parent"]].update(succ[u["id"]])
    for did, ids in union.items():
        succ.setdefault(did, sorted(ids, key=code_of))
    return succ


# --------------------------------------------------------------------------
# writing

def attrs_of(u: dict, era: str, valid: str, successors: list[str] | None) -> str:
    parts = [("level", u["level"]), ("type", u["type"]), ("code", u["code"]), ("era", era)]
    if u["parent"]:
        parts.append(("parent", u["parent"]))
    if u["province"]:
        parts.append(("province", u["province"]))
    parts.append(("valid", valid))
    if successors:
        parts.append(("successors", "|".join(successors)))
    parts.append(("case", "cap"))
    return ";".join(f"{k}={v}" for k, v in parts)


def aliases_of(name: str) -> list[str]:
    out = []
    if " - " in name:
        out.append(name.replace(" - ", "-"))
    return [a for a in out if a != name]


def check_value(v: str, what: str) -> str:
    if not v or re.search(r"[\t\n\r;=]", v) or v != nfc(v):
        raise ValueError(f"bad {what} value {v!r}")
    return v


def render(units: dict, era: str, valid: str, succ: dict, header: list[str]) -> bytes:
    rows = []
    ordered = sorted(units.values(), key=lambda u: (LEVEL_ORDER[u["level"]], u["code"]))
    for u in ordered:
        s = succ.get(u["id"]) if era == "pre2025" else None
        attrs = attrs_of(u, era, valid, s)
        for piece in attrs.split(";"):
            check_value(piece.split("=", 1)[1], "attr")
        rows.append((check_value(u["name"], "surface"), u["id"], attrs))
        for a in aliases_of(u["name"]):
            rows.append((check_value(a, "surface"), u["id"], attrs + ";alias=1"))
    lines = [f"# {h}" for h in header]
    lines.append("surface\tlabel\tid\tattrs")
    lines += [f"{s}\t{LABEL}\t{i}\t{a}" for s, i, a in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build(root: Path) -> tuple[dict[str, bytes], Counter, dict]:
    pin = pinned_version(root)
    pdir = package_dir(pin)
    fixes: Counter = Counter()
    pre, post, lkey, ckey, pk_pre, pk_post = read_units(pdir, fixes)
    succ = read_successors(pdir, pre, lkey, ckey, pk_pre, pk_post)

    missing = [i for i, u in pre.items() if u["level"] != "district" and i not in succ]
    if missing:
        fixes["pre2025 province/commune without successor"] += len(missing)
    for oid, ids in succ.items():
        for nid in ids:
            if nid not in post:
                raise ValueError(f"successor {nid} of {oid} is not a post2025 unit")

    def counts(units):
        c = Counter((u["level"], u["type"]) for u in units.values())
        return ", ".join(f"{lv} {n}" for lv, n in (
            (lvl, sum(v for (l2, _), v in c.items() if l2 == lvl))
            for lvl in ("province", "district", "commune")) if n)

    src = (f"Source: PyPI {PACKAGE}=={pin} (MIT licence), files data/dataset.db "
           f"sha256={sha256(pdir / 'data/dataset.db')[:16]}..., data/converter_2025.json "
           f"sha256={sha256(pdir / 'data/converter_2025.json')[:16]}...")
    common = [
        f"Generated by tools/gen_admin_lexicons.py from {PACKAGE}=={pin}; do not edit by hand.",
        src,
        "Regenerate: python tools/gen_admin_lexicons.py   Verify: python tools/gen_admin_lexicons.py --check",
        "Columns: surface (name without type word), label, id (vn.<era>.<p|d|c>.<official code>), attrs.",
    ]
    header_pre = [
        "Vietnamese administrative units in force before the 1 July 2025 reform "
        f"({counts(pre)}).",
        *common,
        "successors = post2025 ids; a split commune lists the package's default successor first; "
        "district successors are the union of its communes' successors.",
    ]
    header_post = [
        "Vietnamese administrative units in force from 1 July 2025 "
        f"({counts(post)}).",
        *common,
    ]
    files = {
        OUT_PRE: render(pre, "pre2025", VALID_PRE, succ, header_pre),
        OUT_POST: render(post, "post2025", VALID_POST, succ, header_post),
    }
    stats = {"pre": Counter(u["level"] for u in pre.values()),
             "post": Counter(u["level"] for u in post.values()),
             "pre_without_successor": len(missing)}
    return files, fixes, stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory; exit 1 if committed files differ")
    ap.add_argument("--root", type=Path, default=None,
                    help="repository root (default: parent of this script's directory)")
    args = ap.parse_args(argv)
    root = (args.root or Path(__file__).resolve().parent.parent).resolve()

    try:
        files, fixes, stats = build(root)
    except SetupError as e:
        print(f"gen_admin_lexicons: error: {e}", file=sys.stderr)
        return 2
    except ValueError as e:  # inconsistent package data
        print(f"gen_admin_lexicons: data error: {e}", file=sys.stderr)
        return 2

    out_dir = root / OUT_DIR
    if args.check:
        bad = []
        for name, data in sorted(files.items()):
            path = out_dir / name
            if not path.is_file() or path.read_bytes() != data:
                bad.append(str(OUT_DIR / name))
        if bad:
            print("gen_admin_lexicons: out of date: " + ", ".join(bad)
                  + " (run python tools/gen_admin_lexicons.py)", file=sys.stderr)
            return 1
        print("gen_admin_lexicons: lexicons up to date", file=sys.stderr)
        return 0

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        (out_dir / name).write_bytes(data)
        print(f"wrote {OUT_DIR / name} ({len(data)} bytes)", file=sys.stderr)
    print(f"units pre2025 {dict(stats['pre'])}; post2025 {dict(stats['post'])}", file=sys.stderr)
    for what, n in sorted(fixes.items()):
        print(f"note: {what}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
