#!/usr/bin/env python3
"""Generate the foreign person-name lexicons of vietag.

What it writes
--------------
  lexicons/names/foreign_given.tsv     class per.foreign_given
  lexicons/names/foreign_surnames.tsv  class per.foreign_surname

one name part a line (never a full name), attrs origin=<codes joined by |>
(en es pt fr de it nl ru pl sv tr id ja ko zh), alias=1 on the plain-ASCII
form of a name written with diacritics ("Jose" beside "José", same id).

Sources (pinned in tools/requirements-lexicons.txt)
  names   0.3.0, MIT: the 1990 US Census name-frequency files it ships
          (public-domain data): English given names and surnames, ranked
  faker   MIT: the person-name lists of its locale providers (es_ES, es_MX,
          pt_BR, pt_PT, fr_FR, de_DE, it_IT, nl_NL, ru_RU, pl_PL, sv_SE,
          tr_TR, id_ID, en_US, en_GB; the romanised lists of ja_JP, zh_CN,
          zh_TW; ko_KR in Hangul, romanised here)
Russian names are transliterated from Cyrillic as the English-language press
writes them (a BGN/PCGN-like table below); Korean given names by the Revised
Romanization, syllables joined by a hyphen ("Min-jun"), Korean surnames by
their usual spelling (KOREAN_SURNAMES, general facts; Revised Romanization
for the rest).

How many (N)
  English: the TOP_EN_GIVEN most frequent census given names (male and
  female together, by frequency) and the TOP_EN_SURNAMES most frequent
  census surnames; every name of the other lists, which are short.

Rules (each name is kept or dropped by a rule, never by hand; stderr lists
what was dropped and why)
  - one word only (parts joined by a hyphen or apostrophe allowed), at
    least two letters, Latin script; census capitals become "Mc"/"O'" names
    ("MCDONALD" -> "McDonald");
  - a name that is, without diacritics, a Vietnamese name syllable
    (lexicons/names/given_syllables.tsv, surnames.tsv: "Long", "Lan", "Ha",
    "Minh", "An", "Kim", "Tam", "Van") is dropped;
  - a name whose lower-case form is a word of Vietnamese news (at least
    VN_WORD_MIN lower-case uses in the bench corpus, ../shared/corpus/bench:
    Vietnamese syllables such as "tim", "song", "may", and English words
    used in the news such as "game") is dropped;
  - English function words and name particles (FUNCTION_WORDS: "Will",
    "May", "Van", "De", "Bin") are dropped;
  - a name that is a country name (lexicons/world/countries.tsv: "Jordan",
    "Chad", "Israel") or an organisation in lexicons/orgs ("Ford", "Honda")
    is dropped: the place or company is read first.

Run from the repository root (after tools/gen_world_lexicons.py has written
countries.tsv; cities.tsv reads these files, so regenerate it after them):
  /tmp/lexvenv/bin/python tools/gen_foreign_names.py [--corpus FILE] [--check]
"""

from __future__ import annotations

import argparse
import importlib
import json
import lzma
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lexgen import (SetupError, WORD, ascii_fold, fold, nfc, read_lexicon,  # noqa: E402
                    render, require, write_or_check)

OUT_GIVEN = Path("lexicons/names/foreign_given.tsv")
OUT_SURNAMES = Path("lexicons/names/foreign_surnames.tsv")
DEFAULT_CORPUS = Path("../shared/corpus/bench/news-2017.jsonl.xz")
VN_NAME_LEXICONS = [Path("lexicons/names/given_syllables.tsv"), Path("lexicons/names/surnames.tsv")]
COUNTRIES = Path("lexicons/world/countries.tsv")
ORG_DIR = Path("lexicons/orgs")

TOP_EN_GIVEN = 1000
TOP_EN_SURNAMES = 2000
VN_WORD_MIN = 20

# Locale provider -> origin code. Given-name and surname attributes read.
FAKER_LOCALES = {
    "en_US": "en", "en_GB": "en", "es_ES": "es", "es_MX": "es", "pt_BR": "pt",
    "pt_PT": "pt", "fr_FR": "fr", "de_DE": "de", "it_IT": "it", "nl_NL": "nl",
    "ru_RU": "ru", "pl_PL": "pl", "sv_SE": "sv", "tr_TR": "tr", "id_ID": "id",
}
GIVEN_ATTRS = ("first_names", "first_names_male", "first_names_female")
SURNAME_ATTRS = ("last_names", "last_names_male", "last_names_female", "male_last_names",
                 "unisex_last_names")
ROMANISED = {  # locale -> (origin, given-name attribute, surname attribute)
    "ja_JP": ("ja", "first_romanized_names", "last_romanized_names"),
    "zh_CN": ("zh", "first_romanized_names", "last_romanized_names"),
    "zh_TW": ("zh", "first_romanized_names", "last_romanized_names"),
}

FUNCTION_WORDS = {
    # English words that would read ordinary text as names
    "will", "may", "can", "do", "an", "and", "as", "at", "but", "for", "in", "is", "it",
    "not", "of", "on", "or", "so", "the", "to", "else", "even", "just", "more", "than",
    # name particles, never a name alone
    "van", "von", "de", "del", "della", "der", "den", "di", "da", "das", "dos", "du",
    "le", "la", "el", "al", "bin", "binti", "ibn", "ter", "ten", "mac", "st",
}

# Korean surnames in their usual spelling (general facts).
KOREAN_SURNAMES = {
    "김": "Kim", "이": "Lee", "박": "Park", "정": "Jung", "최": "Choi", "조": "Cho",
    "강": "Kang", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
    "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
    "류": "Ryu", "유": "Yoo", "전": "Jeon", "홍": "Hong", "고": "Ko", "문": "Moon",
    "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo", "남": "Nam",
    "심": "Shim", "노": "Noh", "하": "Ha", "곽": "Kwak", "성": "Sung", "차": "Cha",
    "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "진": "Jin", "나": "Na",
    "지": "Ji", "엄": "Eom", "채": "Chae", "원": "Won", "천": "Cheon", "방": "Bang",
    "공": "Kong", "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo",
    "추": "Choo", "도": "Do", "소": "So", "석": "Seok", "선": "Sun", "설": "Seol",
    "마": "Ma", "길": "Gil", "연": "Yeon", "위": "Wi", "표": "Pyo", "명": "Myung",
    "기": "Ki", "반": "Ban", "왕": "Wang", "금": "Geum", "옥": "Ok", "육": "Yook",
    "인": "In", "맹": "Maeng", "제": "Je", "모": "Mo", "탁": "Tak", "국": "Kook",
    "은": "Eun", "편": "Pyun", "용": "Yong", "예": "Ye", "경": "Kyung", "봉": "Bong",
    "사": "Sa", "부": "Boo", "가": "Ka", "복": "Bok", "태": "Tae", "목": "Mok",
    "형": "Hyung", "피": "Pi", "두": "Doo", "감": "Gam", "호": "Ho",
    "제갈": "Jegal", "남궁": "Namgung", "황보": "Hwangbo", "선우": "Sunwoo",
}

# Revised Romanization of Hangul, syllable by syllable.
RR_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
              "ch", "k", "t", "p", "h"]
RR_MEDIAL = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
             "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]
RR_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
            "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]

# Cyrillic -> Latin as the English-language press writes Russian names.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}
NAME_SHAPE = re.compile(r"[^\W\d_]{1,}(?:[-'’][^\W\d_]+)*")


def rr_syllable(ch: str) -> str:
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        raise ValueError(f"not a Hangul syllable: {ch!r}")
    return RR_INITIAL[code // 588] + RR_MEDIAL[(code % 588) // 28] + RR_FINAL[code % 28]


def korean_given(hangul: str) -> str:
    parts = [rr_syllable(c) for c in hangul]
    return "-".join(parts).capitalize()


def korean_surname(hangul: str) -> str:
    return KOREAN_SURNAMES.get(hangul) or "".join(rr_syllable(c) for c in hangul).capitalize()


def russian(name: str) -> str:
    low = name.lower()
    ending = ""
    if re.search(r"[иы]й$", low):  # Dmitriy -> Dmitry, Yuriy -> Yury
        low, ending = low[:-2], "y"
    out = []
    for i, ch in enumerate(low):
        lat = CYRILLIC.get(ch)
        if lat is None:
            raise ValueError(f"unexpected letter {ch!r} in {name!r}")
        if ch == "е" and (i == 0 or low[i - 1] in "аеёиоуыэюяъь"):
            lat = "ye"
        out.append(lat)
    return ("".join(out) + ending).capitalize()


def census_case(name: str) -> str:
    n = name.capitalize()
    if n.startswith("Mc") and len(n) > 3:
        n = "Mc" + n[2:].capitalize()
    return n


def title_hyphenated(name: str) -> str:
    """'CHIA-HAO' -> 'Chia-hao'? No: each part capitalised -> 'Chia-Hao'."""
    return "-".join(p.capitalize() for p in name.split("-"))


# --------------------------------------------------------------------------
# reading the sources

def census(pkg_dir: Path) -> tuple[list[str], list[str]]:
    def read(fname):
        rows = []
        for line in (pkg_dir / fname).read_text(encoding="ascii").splitlines():
            cells = line.split()
            if len(cells) == 4:
                rows.append((census_case(cells[0]), float(cells[1]), int(cells[3])))
        return rows
    given: dict[str, float] = {}
    for f in ("dist.male.first", "dist.female.first"):
        for n, freq, _ in read(f):
            given[n] = max(given.get(n, 0.0), freq)
    top_given = sorted(given, key=lambda n: (-given[n], n))[:TOP_EN_GIVEN]
    surnames = [n for n, _, rank in sorted(read("dist.all.last"), key=lambda r: r[2])]
    return top_given, surnames[:TOP_EN_SURNAMES]


def faker_names() -> list[tuple[str, str, str]]:
    """(kind, name, origin) of the faker lists; kind is 'given' or 'surname'."""
    out = []

    def values(v):
        return list(v.keys()) if isinstance(v, dict) else list(v)

    for loc, origin in FAKER_LOCALES.items():
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for kind, attrs in (("given", GIVEN_ATTRS), ("surname", SURNAME_ATTRS)):
            for a in attrs:
                for n in values(getattr(prov, a, ())):
                    n = nfc(n)
                    if origin == "ru":
                        n = russian(n)
                    out.append((kind, n, origin))
    for loc, (origin, g, s) in ROMANISED.items():
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for kind, a in (("given", g), ("surname", s)):
            for n in values(getattr(prov, a)):
                out.append((kind, title_hyphenated(nfc(n)), origin))
    ko = importlib.import_module("faker.providers.person.ko_KR").Provider
    for n in values(ko.first_names):
        out.append(("given", korean_given(n), "ko"))
    for n in values(ko.last_names):
        out.append(("surname", korean_surname(n), "ko"))
    return out


def ru_variants(name: str, kind: str, origin: str) -> list[str]:
    # "Sergey" is also written "Sergei" (Sergei, Andrei, Alexei).
    if origin == "ru" and kind == "given" and name.endswith("ey"):
        return [name, name[:-2] + "ei"]
    return [name]


# --------------------------------------------------------------------------
# filters

class Filters:
    def __init__(self, root: Path, corpus: Path):
        self.vn_folded: set[str] = set()
        for p in VN_NAME_LEXICONS:
            for surface, *_ in read_lexicon(root / p):
                self.vn_folded.update(fold(w) for w in WORD.findall(surface))
        if not (root / COUNTRIES).is_file():
            raise SetupError(f"missing {COUNTRIES}; run tools/gen_world_lexicons.py")
        self.countries = {nfc(r[0]) for r in read_lexicon(root / COUNTRIES)}
        self.orgs = set()
        for p in sorted((root / ORG_DIR).glob("*.tsv")):
            self.orgs.update(nfc(r[0]) for r in read_lexicon(p))
        self.vn_words = corpus_words(corpus)

    def reason(self, name: str) -> str | None:
        if not NAME_SHAPE.fullmatch(name) or sum(c.isalpha() for c in name) < 2:
            return "not one Latin-script word"
        if any(unicodedata.name(c, "").split()[0] not in ("LATIN", "APOSTROPHE", "HYPHEN-MINUS",
                                                          "RIGHT")
               for c in name):
            return "not Latin script"
        if name.lower() in FUNCTION_WORDS:
            return "function word or particle"
        if fold(name) in self.vn_folded:
            return "Vietnamese name syllable"
        if self.vn_words.get(name.lower(), 0) >= VN_WORD_MIN:
            return "word of Vietnamese news"
        if name in self.countries:
            return "country name"
        if name in self.orgs:
            return "organisation name"
        return None


def corpus_words(corpus: Path) -> Counter:
    """Lower-case letter runs of the corpus with their counts."""
    if not corpus.is_file():
        raise SetupError(f"corpus {corpus} not found; pass --corpus (JSON Lines, .xz allowed)")
    opener = lzma.open if corpus.suffix == ".xz" else open
    counts: Counter = Counter()
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            for w in WORD.findall(nfc(json.loads(line).get("text") or "")):
                if w.islower():
                    counts[w] += 1
    return counts


# --------------------------------------------------------------------------

def collect(root: Path, corpus: Path, notes: Counter):
    import faker
    import names
    by_kind: dict[str, dict[str, set[str]]] = {"given": defaultdict(set), "surname": defaultdict(set)}
    en_given, en_surnames = census(Path(names.__file__).resolve().parent)
    raw = [("given", n, "en") for n in en_given] + [("surname", n, "en") for n in en_surnames]
    raw += faker_names()
    del faker
    filters = Filters(root, corpus)
    for kind, name, origin in raw:
        for n in ru_variants(nfc(name.strip()), kind, origin):
            why = filters.reason(n)
            if why:
                notes[(kind, why, n)] += 1
                continue
            by_kind[kind][n].add(origin)
    return by_kind, filters


def rows_of(kind: str, found: dict[str, set[str]], filters: Filters, notes: Counter):
    label = "per.foreign_given" if kind == "given" else "per.foreign_surname"
    prefix = "fgiven" if kind == "given" else "fsurname"
    groups: dict[str, list[str]] = defaultdict(list)
    for n in found:
        groups[fold(n)].append(n)
    rows = []
    for key in sorted(groups):
        forms = sorted(groups[key], key=lambda n: (ascii_fold(n) == n, n))
        ident = f"{prefix}.{re.sub(r'[^a-z0-9]+', '_', key).strip('_')}"
        origins = sorted(set().union(*(found[n] for n in forms)))
        plain = ascii_fold(forms[0]).replace("’", "'")
        if plain not in forms and filters.reason(plain) is None:
            forms.append(plain)
            found_plain = True
        else:
            found_plain = False
        for n in forms:
            attrs = [("origin", "|".join(origins))]
            if found_plain and n == plain:
                attrs.append(("alias", "1"))
            attrs.append(("case", "cap"))
            rows.append((n, label, ident, attrs))
    return rows


def build(root: Path, corpus: Path) -> tuple[dict[Path, bytes], Counter]:
    pins = {p: require(root, p) for p in ("names", "faker")}
    notes: Counter = Counter()
    by_kind, filters = collect(root, corpus, notes)
    given = rows_of("given", by_kind["given"], filters, notes)
    surnames = rows_of("surname", by_kind["surname"], filters, notes)
    src = (f"Sources: names=={pins['names']} (MIT; 1990 US Census name files, public domain), "
           f"faker=={pins['faker']} (MIT; person-name lists of its locale providers)")
    common = [
        "Generated by tools/gen_foreign_names.py; do not edit by hand. Name parts only, no full names.",
        src + "; Korean surname spellings and the Cyrillic table hand-written in the script.",
        f"English: the {TOP_EN_GIVEN} most frequent census given names, {TOP_EN_SURNAMES} surnames; "
        "other languages: every name of the faker lists.",
        "Dropped by rule: Vietnamese name syllables (without diacritics), words with >= "
        f"{VN_WORD_MIN} lower-case uses in the bench corpus, function words, country and organisation names.",
        "Regenerate: python tools/gen_foreign_names.py   Verify: python tools/gen_foreign_names.py --check",
        "origin = languages whose lists hold the name; alias=1: plain-ASCII form of the name above it.",
    ]
    files = {
        OUT_GIVEN: render([f"Foreign given names ({len({r[2] for r in given})} names, "
                           f"{len(given)} forms)."] + common, given),
        OUT_SURNAMES: render([f"Foreign surnames ({len({r[2] for r in surnames})} names, "
                              f"{len(surnames)} forms)."] + common, surnames),
    }
    return files, notes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory; exit 1 if the committed files differ")
    ap.add_argument("--root", type=Path, default=None,
                    help="repository root (default: parent of this script's directory)")
    ap.add_argument("--corpus", type=Path, default=None,
                    help=f"news corpus for the word rule (default: {DEFAULT_CORPUS} from the root)")
    ap.add_argument("--quiet", action="store_true", help="do not list what was dropped")
    args = ap.parse_args(argv)
    root = (args.root or Path(__file__).resolve().parent.parent).resolve()
    corpus = args.corpus or root / DEFAULT_CORPUS
    try:
        files, notes = build(root, corpus)
    except SetupError as e:
        print(f"gen_foreign_names: error: {e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"gen_foreign_names: data error: {e}", file=sys.stderr)
        return 2
    if not args.quiet and not args.check:
        by_reason = defaultdict(list)
        for (kind, why, n) in sorted(notes):
            by_reason[(kind, why)].append(n)
        for (kind, why), ns in sorted(by_reason.items()):
            print(f"dropped {kind} ({why}, {len(ns)}): {' '.join(ns)}", file=sys.stderr)
    return write_or_check("gen_foreign_names", root, files, args.check)


if __name__ == "__main__":
    sys.exit(main())
