#!/usr/bin/env python3
"""The HTML view in a real browser: vietag export --to html pages rendered by
headless Chromium, their DOM dumped and parsed, a screenshot decoded.

    python3 tests/browser/test_view.py [-v]
    python3 tests/browser/test_view.py --corpus gold.jsonl [--corpus more.jsonl]

VIETAG is the binary (default target/release/vietag), CHROMIUM the browser
(default: chromium on the PATH). Without a browser the tests fail: they are
never skipped. Standard library only.
"""

import collections
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "fixtures", "html")
VIETAG = os.environ.get("VIETAG", os.path.join(ROOT, "target", "release", "vietag"))
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Label colours of the guide (src/formats/labels.rs), as the screenshot must show them.
COLOURS = {"PER": (0xEE, 0x88, 0x66), "ORG": (0x77, 0xAA, 0xDD), "LOC": (0x44, 0xBB, 0x99),
           "DATE": (0xEE, 0xDD, 0x88), "MONEY": (0xAA, 0xAA, 0x00)}


def chromium():
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        raise AssertionError("no chromium: install Debian's chromium and fonts-noto-core (apt-get install chromium fonts-noto-core), or set CHROMIUM")
    return exe


def browse(url, *extra):
    """Runs headless Chromium on url with extra flags; its standard output."""
    profile = tempfile.mkdtemp(prefix="vietag-chromium-")
    try:
        args = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, *extra, url]
        done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if done.returncode != 0:
            raise AssertionError(f"chromium failed ({done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}")
        return done.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent


class TreeBuilder(html.parser.HTMLParser):
    """The dumped DOM as a tree: Chromium serialises every end tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def dom(path):
    """The DOM of the page at path after its scripts ran, parsed."""
    raw = browse("file://" + os.path.abspath(path), "--dump-dom")
    builder = TreeBuilder()
    # Decoded by hand: no newline translation, a CR in the text stays a CR.
    builder.feed(raw.decode("utf-8"))
    builder.close()
    return builder.root


def first(root, tag):
    return next(n for n in root.walk() if n.tag == tag)


def read_jsonl(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [json.loads(line) for line in f if line.strip()]


def png_pixels(path):
    """(width, height, [(r, g, b), ...]) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, head = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = head
    assert depth == 8 and colour in (2, 6) and interlace == 0, head
    bpp = 4 if colour == 6 else 3
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    pixels = [tuple(r[x * bpp:x * bpp + 3]) for r in rows for x in range(width)]
    return width, height, pixels


def marks(root):
    return [n for n in root.walk() if "data-label" in n.attrs]


def page_problems(rec, root):
    """What is wrong with the rendered page of the record rec: every entity
    must be one mark with its label and offsets, covering exactly its code
    points (with the fragments of a cut mark), the text element must hold the
    text exactly, nested marks must sit inside their parent, and the page's
    own script must have run."""
    problems, text = [], rec["text"]
    found = marks(root)
    got = collections.Counter((m.attrs["data-label"], int(m.attrs["data-start"]), int(m.attrs["data-end"])) for m in found)
    want = collections.Counter((e["label"], e["start"], e["end"]) for e in rec.get("entities", []))
    if got != want:
        problems.append(f"marks {sorted(got - want)} extra, {sorted(want - got)} missing")
    body = next((n for n in root.walk() if n.attrs.get("id") == "text"), None)
    if body is None or body.text() != text:
        problems.append("the text element does not hold the text exactly")
        return problems
    pieces = collections.defaultdict(list)
    for n in body.walk():
        if "data-of" in n.attrs:
            pieces[n.attrs["data-of"]].append(n.text())
    by_id = {m.attrs["id"]: m for m in found}
    for m in found:
        start, end = int(m.attrs["data-start"]), int(m.attrs["data-end"])
        if not start <= end <= len(text):
            if body in list(m.ancestors()):
                problems.append(f"{m.attrs['id']}: out of range, yet in the text")
            continue
        whole = m.text() + "".join(pieces[m.attrs["id"]])
        if whole != text[start:end]:
            problems.append(f"{m.attrs['id']}: covers {whole!r}, not {text[start:end]!r}")
        parent = m.attrs.get("data-parent")
        if parent is not None and by_id.get("e" + parent) not in list(m.ancestors()):
            problems.append(f"{m.attrs['id']}: not inside its parent e{parent}")
    if first(root, "body").attrs.get("data-ready") != "1":
        problems.append("the page's own script did not run")
    return problems


def check_corpus(path):
    """Exports the documents of path (vietag JSON Lines with text) as pages
    and checks every page in the browser; the number of problems."""
    records = read_jsonl(path)
    tmp = tempfile.mkdtemp(prefix="vietag-corpus-")
    try:
        export(path, "-o", tmp)
        index = dom(os.path.join(tmp, "index.html"))
        links = [n.attrs["href"] for n in index.walk() if n.tag == "a" and n.attrs.get("href", "").startswith("doc/")]
        if len(links) != len(records):
            print(f"{path}: {len(links)} pages for {len(records)} documents")
            return 1
        bad = 0
        for rec, link in zip(records, links):
            problems = page_problems(rec, dom(os.path.join(tmp, link)))
            for p in problems:
                print(f"{path}: id {rec['id']}: {p}")
            bad += len(problems)
        marks_total = sum(len(r.get("entities", [])) for r in records)
        print(f"{path}: {len(records)} pages, {marks_total} marks checked in the browser, {bad} problems")
        return bad
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def export(*args):
    done = subprocess.run([VIETAG, "export", "--to", "html", *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"vietag export {args}: {done.returncode}: {done.stderr.decode()}")
    return done.stderr.decode()


class View(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        chromium()
        cls.tmp = tempfile.mkdtemp(prefix="vietag-view-")
        cls.view = os.path.join(cls.tmp, "view")
        export(os.path.join(FIXTURES, "view.jsonl"), "-o", cls.view)
        cls.records = read_jsonl(os.path.join(FIXTURES, "view.jsonl"))
        cls.pages = {}
        for name in sorted(os.listdir(os.path.join(cls.view, "doc"))):
            root = dom(os.path.join(cls.view, "doc", name))
            cls.pages[first(root, "h1").text()] = root

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def marks(self, root):
        return marks(root)

    def test_a_page_per_document(self):
        self.assertEqual(sorted(self.pages), sorted(r["id"] for r in self.records))

    def test_every_entity_is_one_mark_covering_its_code_points(self):
        for rec in self.records:
            self.assertEqual(page_problems(rec, self.pages[rec["id"]]), [], rec["id"])

    def test_nested_spans_sit_inside_their_parent(self):
        rec = self.records[0]
        root = self.pages[rec["id"]]
        by_id = {m.attrs["id"]: m for m in self.marks(root)}
        nested = [i for i, e in enumerate(rec["entities"]) if "parent" in e]
        self.assertTrue(nested)
        for i in nested:
            parent = by_id["e%d" % rec["entities"][i]["parent"]]
            self.assertIn(parent, list(by_id["e%d" % i].ancestors()))

    def test_claims_and_findings_link_to_their_spans(self):
        rec = self.records[0]
        root = self.pages[rec["id"]]
        ids = {n.attrs.get("id") for n in root.walk()}
        claims = next(n for n in root.walk() if n.attrs.get("id") == "claims")
        rows = [n for n in claims.walk() if n.tag == "tr" and n.attrs.get("id", "").startswith("claim")]
        self.assertEqual(len(rows), len(rec["claims"]))
        for row, claim in zip(rows, rec["claims"]):
            links = [n.attrs["href"] for n in row.walk() if n.tag == "a"]
            self.assertEqual(links, ["#e%d" % claim["entity"]])
            self.assertIn("e%d" % claim["entity"], ids)
        marked = [n for n in root.walk() if n.attrs.get("data-code") == "V015"]
        self.assertEqual(len(marked), 1, "the record's finding is highlighted in the text")
        findings = next(n for n in root.walk() if n.attrs.get("id") == "findings")
        self.assertIn("percent_count_inexact", findings.text())
        bad = self.pages["loi-3"]
        listed = [n.attrs["class"] for n in bad.walk() if n.tag == "li" and "sev-" in n.attrs.get("class", "")]
        self.assertEqual(listed, ["sev-error"] * 4)

    def test_script_in_a_document_never_runs(self):
        body_attrs = {name: first(root, "body").attrs for name, root in self.pages.items()}
        for name, attrs in body_attrs.items():
            self.assertEqual(attrs.get("data-ready"), "1", f"{name}: the page's own script ran")
            self.assertNotIn("data-pwned", attrs, name)
        root = next(r for name, r in self.pages.items() if name.startswith("<script>"))
        self.assertEqual(len([n for n in root.walk() if n.tag == "script"]), 1)
        self.assertEqual([n for n in root.walk() if n.tag == "img"], [])
        self.assertFalse([n for n in root.walk() if any(a.startswith("on") for a in n.attrs)])
        body = next(n for n in root.walk() if n.attrs.get("id") == "text")
        self.assertIn("<script>document.body.setAttribute('data-pwned','text')</script>", body.text())

    def test_screenshot_shows_the_label_colours(self):
        page = os.path.join(self.view, "doc", "tin-1.html")
        png = os.path.join(self.tmp, "tin-1.png")
        browse("file://" + page, "--screenshot=" + png, "--window-size=900,600", "--hide-scrollbars")
        width, height, pixels = png_pixels(png)
        self.assertEqual((width, height), (900, 600))
        colours = collections.Counter(pixels)
        self.assertGreater(len(colours), 50, "a page, not a blank")
        for label, rgb in COLOURS.items():
            near = sum(n for c, n in colours.items() if all(abs(a - b) <= 2 for a, b in zip(c, rgb)))
            self.assertGreater(near, 100, f"{label} colour {rgb} in the screenshot")

    def test_index_links_every_page(self):
        root = dom(os.path.join(self.view, "index.html"))
        links = [n.attrs["href"] for n in root.walk() if n.tag == "a" and n.attrs.get("href", "").startswith("doc/")]
        self.assertEqual(len(links), len(self.records))
        for href in links:
            self.assertTrue(os.path.isfile(os.path.join(self.view, href)), href)
        self.assertTrue(any(n.attrs.get("id") == "stats" for n in root.walk()))


class Compare(unittest.TestCase):
    # (side, label, start, end) -> category, worked out from the fixtures'
    # sentences (fixtures/html/make_fixtures.py).
    EXPECTED = {
        ("gold", "DATE", 0, 7): "missed",
        ("gold", "TITLE", 9, 18): "correct", ("pred", "TITLE", 9, 18): "correct",
        ("gold", "ORG", 19, 26): "wrong label", ("pred", "LOC", 19, 26): "wrong label",
        ("gold", "PER", 27, 37): "wrong boundary", ("pred", "PER", 30, 37): "wrong boundary",
        ("gold", "LOC", 45, 52): "missed",
        ("pred", "TITLE", 56, 59): "spurious",
        ("gold", "PER", 63, 74): "correct", ("pred", "PER", 63, 74): "correct",
        ("gold", "ORG", 79, 96): "wrong label+boundary", ("pred", "LOC", 89, 96): "wrong label+boundary",
    }

    def test_gold_and_prediction_with_their_categories(self):
        tmp = tempfile.mkdtemp(prefix="vietag-compare-")
        try:
            out = os.path.join(tmp, "review")
            export("--compare", os.path.join(FIXTURES, "pred.jsonl"), os.path.join(FIXTURES, "gold.jsonl"), "-o", out)
            root = dom(os.path.join(out, "doc", "so-sanh-1.html"))
            got = {(m.attrs["data-side"], m.attrs["data-label"], int(m.attrs["data-start"]), int(m.attrs["data-end"])):
                   m.attrs["data-category"] for m in root.walk() if "data-label" in m.attrs}
            self.assertEqual(got, self.EXPECTED)
            self.assertNotIn("data-pwned", first(root, "body").attrs)
            other = dom(os.path.join(out, "doc", "so-sanh-2.html"))
            cats = [m.attrs["data-category"] for m in other.walk() if "data-label" in m.attrs]
            self.assertEqual(cats, ["missed", "missed"])
            index = dom(os.path.join(out, "index.html"))
            self.assertTrue(any(n.attrs.get("id") == "scores" for n in index.walk()))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class SinglePage(unittest.TestCase):
    def test_one_document_one_file(self):
        tmp = tempfile.mkdtemp(prefix="vietag-one-")
        try:
            rec = read_jsonl(os.path.join(FIXTURES, "view.jsonl"))[1]
            src = os.path.join(tmp, "one.jsonl")
            with open(src, "w", encoding="utf-8") as f:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            page = os.path.join(tmp, "one.html")
            export(src, "-o", page)
            root = dom(page)
            labels = sorted(m.attrs["data-label"] for m in root.walk() if "data-label" in m.attrs)
            self.assertEqual(labels, sorted(e["label"] for e in rec["entities"]))
            self.assertEqual(first(root, "body").attrs.get("data-ready"), "1")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if not os.path.isfile(VIETAG):
        sys.exit(f"{VIETAG}: no such binary: cargo build --release, or set VIETAG")
    if "--corpus" in sys.argv:
        # --corpus FILE ...: every page of real files, instead of the fixtures.
        files = [a for i, a in enumerate(sys.argv) if i > 0 and sys.argv[i - 1] == "--corpus"]
        chromium()
        sys.exit(1 if sum(check_corpus(f) for f in files) else 0)
    unittest.main()
