#!/usr/bin/env python3
"""Generate the person-name lexicons in lexicons/names/ from public MIT data.

Usage (from the repository root):

    python3 tools/gen_name_lexicons.py            # (re)write lexicons/names/*.tsv
    python3 tools/gen_name_lexicons.py --check    # exit 1 if the committed files are stale
    python3 tools/gen_name_lexicons.py --source DIR   # read the name data from DIR

By default the data is read from ../shared/data/names relative to the
repository root (the parent of this tools/ directory), which holds:

  vietnamese-name-generator/  surnames.tsv (regional surname percentages), SOURCE, LICENSE
  vietnamese-namedb/          boy.txt, girl.txt (given names), uit_member.json, SOURCE, LICENSE

Outputs (project lexicon format: '#' comments, then the header
"surface<TAB>label<TAB>id<TAB>attrs", one entry per line, attrs are
key=value pairs joined by ';'):

  lexicons/names/surnames.tsv         label per.surname
  lexicons/names/given_syllables.tsv  label per.given

Only syllables and aggregate counts are written. uit_member.json lists real
people; it is used solely to count how often each syllable occurs in the
middle / final position of given names, and no name from it is written out.

Python 3.11 standard library only. The output is deterministic: NFC, sorted
by id, '\\n' line ends.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

SCRIPT = "tools/gen_name_lexicons.py"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "names"
DEFAULT_OUT = REPO_ROOT / "lexicons" / "names"

SURNAME_DIR = "vietnamese-name-generator"
GIVEN_DIR = "vietnamese-namedb"
HEADER = "surface\tlabel\tid\tattrs"

REGIONS = ("north", "central", "south")
# A syllable seen only in uit_member.json (not in boy.txt / girl.txt) is kept
# when it occurs at least this many times there: common middle syllables such
# as "Thị" are kept, one-off spellings are not.
MIN_ROSTER_ONLY = 3
# A 3+-syllable "given name" starting with a surname at least this frequent
# (max regional %) is taken to be surname + given name; the surname is dropped.
LEADING_SURNAME_MIN_PCT = Decimal("1")
MAX_SYLLABLE_LETTERS = 7


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------
# Vietnamese syllable helpers
# --------------------------------------------------------------------------

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VOWELS = set("aăâeêioôơuưy")

ONSETS = sorted(
    "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x".split() + [""],
    key=len,
    reverse=True,
)
# Rhymes (vần) without tone marks. Generous rather than strict: the aim is to
# reject foreign words and typos, not to rule on rare but real syllables.
RHYMES = set(
    """
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot oong ooc
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
    oe oen oeo oet
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut
    uôc uôi uôm uôn uông uôt
    uac uach uai uan uang uanh uat uay
    uăc uăn uăng uăt
    uâc uân uâng uât uây
    ue uen ueo uet
    uê uêch uênh
    uơ
    uy uya uych uyn uynh uyp uyt uyu uyên uyêt
    ư ưa ưc ưi ưm ưn ưng ưt ưu
    ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu
    """.split()
)


def split_tone_char(c: str) -> tuple[str, str | None]:
    """Splits one lower-case letter into (letter without tone, tone mark)."""
    parts = unicodedata.normalize("NFD", c)
    tone = None
    rest = []
    for p in parts:
        if p in TONE_MARKS:
            tone = p
        else:
            rest.append(p)
    return unicodedata.normalize("NFC", "".join(rest)), tone


def strip_tones(s: str) -> str:
    return "".join(split_tone_char(c)[0] for c in s)


def is_vietnamese_syllable(syl: str) -> bool:
    """True if `syl` (any case) has a Vietnamese onset + rhyme shape."""
    base = strip_tones(syl.lower())
    if not base or not all(c.isalpha() for c in base):
        return False
    tones = [t for t in (split_tone_char(c)[1] for c in syl.lower()) if t]
    if len(tones) > 1:
        return False
    for onset in ONSETS:
        if base.startswith(onset) and base[len(onset):] in RHYMES:
            return True
    # "gi" followed by a rhyme that starts with i is written with one i ("gìn").
    return base.startswith("gi") and ("i" + base[2:]) in RHYMES


def classic_tone_placement(syl: str) -> str:
    """Open syllables ending in oa/oe/uy get the classic tone position
    ("Hoạ" -> "Họa", "Thuỷ" -> "Thủy"), the form the project's matching view
    uses; "qu" + "y" and syllables with a final consonant are unchanged, and a
    tone misplaced on the u of "qu" is moved to the vowel.
    `syl` is a capitalised syllable; the result keeps its capitalisation."""
    low = list(syl.lower())
    n = len(low)
    if n < 2:
        return syl
    # "qu": the u belongs to the consonant and never carries the tone
    # ("Qúy" -> "Quý"); the tone moves to the vowel after it.
    if n >= 3 and low[0] == "q":
        u, u_tone = split_tone_char(low[1])
        if u == "u" and u_tone is not None:
            rest = [split_tone_char(c) for c in low[2:]]
            if all(t is None for _, t in rest) and rest[0][0] in VOWELS:
                bases = [b for b, _ in rest]
                target = next((i for i, b in enumerate(bases) if b in "ăâêôơư"), 0)
                bases[target] = unicodedata.normalize("NFC", bases[target] + u_tone)
                out = low[0] + "u" + "".join(bases)
                return out[:1].upper() + out[1:]
    last, last_tone = split_tone_char(low[-1])
    prev, prev_tone = split_tone_char(low[-2])
    if last_tone is None or prev_tone is not None:
        return syl
    if (prev, last) not in {("o", "a"), ("o", "e"), ("u", "y")}:
        return syl
    if prev == "u" and n >= 3 and low[-3] == "q":
        return syl
    if n >= 3 and split_tone_char(low[-3])[0] in VOWELS:
        return syl
    low[-2] = unicodedata.normalize("NFC", prev + last_tone)
    low[-1] = last
    out = "".join(low)
    return out[:1].upper() + out[1:]


def capitalise(syl: str) -> str:
    return syl[:1].upper() + syl[1:].lower()


def ascii_fold(s: str) -> str:
    """Lower-case ASCII id part: diacritics removed, đ -> d, spaces -> '_'."""
    s = s.lower().replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s


def assign_ids(prefix: str, surfaces_by_rank: list[str]) -> dict[str, str]:
    """Gives each surface `prefix.<fold>`; surfaces folding alike get _2, _3…
    in the order given (callers pass the most frequent first)."""
    ids: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for surface in surfaces_by_rank:
        base = ascii_fold(surface)
        seen[base] += 1
        ids[surface] = f"{prefix}.{base}" + ("" if seen[base] == 1 else f"_{seen[base]}")
    return ids


def fmt_decimal(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


def check_attr_value(v: str) -> str:
    if any(ch in v for ch in "\t;=\n\r"):
        raise ValueError(f"attr value {v!r} contains a reserved character")
    return v


def attrs(pairs: list[tuple[str, str]]) -> str:
    return ";".join(f"{k}={check_attr_value(v)}" for k, v in pairs)


# --------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------


@dataclass
class Provenance:
    repo: str
    commit: str
    copyright: str

    def cite(self) -> str:
        return f"{self.repo} commit {self.commit}"


def read_provenance(d: Path) -> Provenance:
    text = (d / "SOURCE").read_text(encoding="utf-8")
    repo = re.search(r"github\.com/[\w.-]+/[\w.-]+", text)
    commit = re.search(r"\b[0-9a-f]{40}\b", text)
    if not repo or not commit:
        raise SystemExit(f"error: cannot find repository and commit in {d / 'SOURCE'}")
    lic = (d / "LICENSE").read_text(encoding="utf-8")
    if "MIT License" not in lic:
        raise SystemExit(f"error: {d / 'LICENSE'} is not the MIT licence")
    cr = re.search(r"Copyright \(c\) [^\n]+", lic)
    return Provenance(repo.group(0), commit.group(0), cr.group(0) if cr else "")


# U+00D0/U+00F0 (Icelandic eth) is often typed for Đ/đ (U+0110/U+0111); the
# given-name lists use it. It is replaced, and the replacements are reported.
ETH_FIX = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def clean(s: str, counter: Counter[str] | None = None, where: str = "") -> str:
    """NFC, Đ instead of the look-alike eth, surrounding space removed."""
    s = unicodedata.normalize("NFC", s)
    fixed = s.translate(ETH_FIX)
    if fixed != s and counter is not None:
        counter[where] += 1
    return fixed.strip()


ETH_FIXES: Counter[str] = Counter()


def read_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    return [clean(ln, ETH_FIXES, path.name) for ln in text.splitlines()]


SYLLABLE_RE = re.compile(r"[^\W\d_]+")


@dataclass
class Surname:
    surface: str
    pcts: dict[str, Decimal]

    @property
    def freq(self) -> Decimal:
        return max(self.pcts.values())


def load_surnames(d: Path, report: list[str]) -> dict[str, Surname]:
    rows = [ln.split("\t") for ln in (d / "surnames.tsv").read_text(encoding="utf-8-sig").splitlines()]
    header = [c.strip() for c in rows[0]]
    expected = ["surname"] + [f"{r}_pct" for r in REGIONS]
    if header != expected:
        raise SystemExit(f"error: unexpected surnames.tsv header {header}")
    out: dict[str, Surname] = {}
    for lineno, cells in enumerate(rows[1:], start=2):
        cells = [clean(c, ETH_FIXES, "surnames.tsv") for c in cells]
        cells += [""] * (4 - len(cells))
        name = " ".join(cells[0].split())
        sylls = name.split(" ") if name else []
        pcts: dict[str, Decimal] = {}
        bad_num = False
        for region, cell in zip(REGIONS, cells[1:4]):
            if not cell:
                continue
            try:
                v = Decimal(cell)
            except InvalidOperation:
                bad_num = True
                continue
            if v <= 0 or not v.is_finite():
                bad_num = True
                continue
            pcts[region] = v
        why = None
        if not name:
            why = "empty surname cell"
        elif not all(SYLLABLE_RE.fullmatch(s) and s == capitalise(s) for s in sylls):
            why = f"{name!r} is not a capitalised name (stray header/junk row)"
        elif bad_num:
            why = f"{name!r} has a non-numeric or non-positive percentage"
        elif not pcts:
            why = f"{name!r} has no percentage in any region"
        if why:
            msg = f"surnames.tsv line {lineno}: skipped: {why}"
            report.append(msg)
            continue
        canon = " ".join(classic_tone_placement(s) for s in sylls)
        if canon != name:
            msg = f"surnames.tsv line {lineno}: {name!r} written as {canon!r} (classic tone placement)"
            report.append(msg)
        if canon in out:
            msg = f"surnames.tsv line {lineno}: duplicate {canon!r}; merged (max per region)"
            report.append(msg)
            for r, v in pcts.items():
                out[canon].pcts[r] = max(v, out[canon].pcts.get(r, v))
        else:
            out[canon] = Surname(canon, pcts)
    return out


@dataclass
class GivenStats:
    boy: int = 0
    girl: int = 0
    roster_mid: int = 0
    roster_last: int = 0
    positions: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return self.boy + self.girl


class SyllableFilter:
    """Normalises syllables and records what was dropped or rewritten."""

    def __init__(self) -> None:
        self.dropped: Counter[tuple[str, str]] = Counter()  # (source, syllable)
        self.recased: Counter[tuple[str, str]] = Counter()
        self.retoned: Counter[tuple[str, str]] = Counter()

    def __call__(self, source: str, syl: str) -> str | None:
        if not (
            1 <= len(syl) <= MAX_SYLLABLE_LETTERS
            and all(c.isalpha() for c in syl)
            and is_vietnamese_syllable(syl)
        ):
            self.dropped[(source, syl)] += 1
            return None
        cap = capitalise(syl)
        if cap != syl:
            self.recased[(source, syl)] += 1
        canon = classic_tone_placement(cap)
        if canon != cap:
            self.retoned[(source, cap)] += 1
        return canon


def load_given(
    d: Path, surnames: dict[str, Surname], report: list[str]
) -> dict[str, GivenStats]:
    stats: dict[str, GivenStats] = {}
    filt = SyllableFilter()
    leading_surnames = {s for s, v in surnames.items() if " " not in s and v.freq >= LEADING_SURNAME_MIN_PCT}

    def add(syl: str, pos: str, attr: str) -> None:
        st = stats.setdefault(syl, GivenStats())
        setattr(st, attr, getattr(st, attr) + 1)
        st.positions.add(pos)

    for gender in ("boy", "girl"):
        fname = f"{gender}.txt"
        seen: set[str] = set()
        dup_lines: list[int] = []
        for lineno, line in enumerate(read_lines(d / fname), start=1):
            if not line:
                continue
            sylls = line.split()
            key = " ".join(capitalise(s) for s in sylls)
            if key in seen:
                dup_lines.append(lineno)
                continue
            seen.add(key)
            if len(sylls) >= 3 and capitalise(sylls[0]) in leading_surnames:
                msg = (
                    f"{fname} line {lineno}: {len(sylls)}-syllable entry starts with the surname "
                    f"{sylls[0]!r}; that syllable is not counted as a given-name syllable"
                )
                report.append(msg)
                sylls = sylls[1:]
            norm = [filt(fname, s) for s in sylls]
            for i, s in enumerate(norm):
                if s is None:
                    continue
                add(s, "last" if i == len(norm) - 1 else "mid", gender)
        if dup_lines:
            report.append(
                f"{fname}: {len(dup_lines)} duplicate given name(s) ignored (after NFC, Đ and case "
                f"normalisation), lines {', '.join(map(str, dup_lines))}"
            )

    # uit_member.json: aggregate syllable counts only (see module docstring).
    roster = json.loads((d / "uit_member.json").read_text(encoding="utf-8-sig"))
    roster_counts: dict[str, Counter[str]] = {"mid": Counter(), "last": Counter()}
    skipped = 0
    for rec in roster:
        try:
            group = clean(rec["last_name_group"], ETH_FIXES, "uit_member.json").split()
            last = clean(rec["last_name"], ETH_FIXES, "uit_member.json").split()
            first = clean(rec["first_name"], ETH_FIXES, "uit_member.json").split()
        except (KeyError, TypeError, AttributeError):
            skipped += 1
            continue
        if not group or not first or last[: len(group)] != group:
            skipped += 1
            continue
        given = last[len(group):] + first
        for i, raw in enumerate(given):
            s = filt("uit_member.json", raw)
            if s is not None:
                roster_counts["last" if i == len(given) - 1 else "mid"][s] += 1
    if skipped:
        msg = (
            f"uit_member.json: {skipped} record(s) skipped (surname group is not the start "
            "of last_name, or fields missing)"
        )
        report.append(msg)
    for pos, counter in roster_counts.items():
        for s, n in counter.items():
            total = roster_counts["mid"][s] + roster_counts["last"][s]
            if s not in stats and total < MIN_ROSTER_ONLY:
                continue
            st = stats.setdefault(s, GivenStats())
            if pos == "mid":
                st.roster_mid += n
            else:
                st.roster_last += n
            st.positions.add(pos)
    roster_only_names = {
        s for s in set(roster_counts["mid"]) | set(roster_counts["last"])
        if s not in stats
    }
    msg = (
        f"uit_member.json: {len(roster_only_names)} syllable(s) seen there fewer than "
        f"{MIN_ROSTER_ONLY} times and not in boy/girl lists were left out"
    )
    report.append(msg)

    # Summaries of filtering (syllables themselves are printed only when they
    # come from the public given-name lists, never from the member roster).
    for src in ("boy.txt", "girl.txt", "uit_member.json"):
        dropped = sorted(s for (f, s) in filt.dropped if f == src)
        if dropped:
            shown = "" if src == "uit_member.json" else ": " + ", ".join(dropped)
            msg = f"{src}: {len(dropped)} distinct non-Vietnamese-looking syllable(s) dropped{shown}"
            report.append(msg)
        recased = sorted(s for (f, s) in filt.recased if f == src)
        if recased:
            shown = "" if src == "uit_member.json" else ": " + ", ".join(recased)
            report.append(f"{src}: {len(recased)} syllable(s) re-capitalised{shown}")
        retoned = sorted(s for (f, s) in filt.retoned if f == src)
        if retoned:
            shown = ": " + ", ".join(f"{s}->{classic_tone_placement(s)}" for s in retoned)
            report.append(f"{src}: {len(retoned)} syllable(s) moved to classic tone placement{shown}")
    return stats


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def render_surnames(surnames: dict[str, Surname], prov: Provenance) -> str:
    ranked = sorted(surnames.values(), key=lambda s: (-s.freq, s.surface))
    ids = assign_ids("surname", [s.surface for s in ranked])
    rows = []
    for s in ranked:
        pairs = [("freq", fmt_decimal(s.freq))]
        pairs += [(r, fmt_decimal(s.pcts[r])) for r in REGIONS if r in s.pcts]
        if " " in s.surface:
            pairs.append(("syllables", str(len(s.surface.split(" ")))))
        pairs.append(("case", "cap"))
        rows.append((ids[s.surface], f"{s.surface}\tper.surname\t{ids[s.surface]}\t{attrs(pairs)}"))
    rows.sort()
    head = [
        f"# generated by {SCRIPT} from {prov.cite()} (src/data/surname.ts, as surnames.tsv); "
        f"licence MIT, {prov.copyright}; do not edit by hand",
        "# freq = MAX of the regional percentages; north/central/south = percentage of people "
        "with this surname in that region (empty source cells omitted)",
        "# syllables = number of syllables for compound surnames; case=cap: written capitalised",
        HEADER,
    ]
    return "\n".join(head + [r for _, r in rows]) + "\n"


def render_given(stats: dict[str, GivenStats], prov: Provenance) -> str:
    # The most frequent spelling (lists + roster) gets the bare id: Thị -> given.thi.
    def total(s: str) -> int:
        return stats[s].count + stats[s].roster_mid + stats[s].roster_last

    ranked = sorted(stats, key=lambda s: (-total(s), s))
    ids = assign_ids("given", ranked)
    rows = []
    for s in ranked:
        st = stats[s]
        pos = "both" if st.positions >= {"mid", "last"} else next(iter(st.positions))
        pairs = [("count", str(st.count)), ("boy", str(st.boy)), ("girl", str(st.girl)), ("pos", pos)]
        if st.roster_mid:
            pairs.append(("roster_mid", str(st.roster_mid)))
        if st.roster_last:
            pairs.append(("roster_last", str(st.roster_last)))
        pairs.append(("case", "cap"))
        rows.append((ids[s], f"{s}\tper.given\t{ids[s]}\t{attrs(pairs)}"))
    rows.sort()
    head = [
        f"# generated by {SCRIPT} from {prov.cite()} (boy.txt, girl.txt, uit_member.json); "
        f"licence MIT, {prov.copyright}; do not edit by hand",
        "# syllables of Vietnamese given names (incl. middle names); no full names are listed",
        "# boy/girl = number of given names in boy.txt/girl.txt containing the syllable; count = boy + girl",
        "# roster_mid/roster_last = occurrences in middle/final given-name position in uit_member.json "
        f"(aggregate counts only; syllables only there are kept when seen >= {MIN_ROSTER_ONLY} times)",
        "# pos = position seen in any source: mid (before the final syllable), last, or both; "
        "tone marks in classic placement (Hòa, Thủy)",
        HEADER,
    ]
    return "\n".join(head + [r for _, r in rows]) + "\n"


def generate(source: Path) -> tuple[dict[str, str], list[str]]:
    report: list[str] = []
    sur_dir, giv_dir = source / SURNAME_DIR, source / GIVEN_DIR
    for d in (sur_dir, giv_dir):
        if not d.is_dir():
            raise SystemExit(f"error: {d} not found (use --source DIR)")
    sur_prov, giv_prov = read_provenance(sur_dir), read_provenance(giv_dir)
    surnames = load_surnames(sur_dir, report)
    given = load_given(giv_dir, surnames, report)
    for where, n in sorted(ETH_FIXES.items()):
        report.append(f"{where}: look-alike U+00D0 'Ð' replaced by 'Đ' in {n} line(s)/field(s)")
    files = {
        "surnames.tsv": render_surnames(surnames, sur_prov),
        "given_syllables.tsv": render_given(given, giv_prov),
    }
    for name, text in files.items():
        assert unicodedata.normalize("NFC", text) == text
        for line in text.splitlines():
            if not line.startswith("#"):
                assert line.count("\t") == 3, line
    return files, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help=f"name data directory (default: {DEFAULT_SOURCE})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default: {DEFAULT_OUT})")
    ap.add_argument("--check", action="store_true", help="compare with the files on disk; exit 1 if they differ")
    args = ap.parse_args(argv)

    files, report = generate(args.source)
    for line in report:
        warn(line)
    if args.check:
        stale = False
        for name, text in sorted(files.items()):
            path = args.out / name
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            if old != text:
                stale = True
                print(f"{path}: differs from a fresh generation", file=sys.stderr)
                diff = difflib.unified_diff(old.splitlines(), text.splitlines(), "committed", "generated", lineterm="", n=0)
                for i, line in enumerate(diff):
                    if i >= 20:
                        print("  ...", file=sys.stderr)
                        break
                    print("  " + line, file=sys.stderr)
        if stale:
            print(f"run: python3 {SCRIPT}", file=sys.stderr)
            return 1
        print("name lexicons are up to date")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(files.items()):
        with open(args.out / name, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        n = sum(1 for ln in text.splitlines() if ln and not ln.startswith("#")) - 1
        print(f"wrote {args.out / name}: {n} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
