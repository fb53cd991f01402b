#!/usr/bin/env bash
# The dev gold texts (../shared/corpus/dev/*.txt, not in the repository)
# encoded in every legacy encoding by vietag's encoder must
#   1. convert back (vietag convert, encoding detected) to the exact UTF-8 original;
#   2. annotate with --encoding auto to the same entities as the UTF-8 original
#      (labels, code-point offsets, text), with the right "encoding" field.
# Fails when ../shared is missing. Run by .ci/run after the release build.
# Usage: tools/encoding-check.sh [DEV_DIR]   (default ../shared/corpus/dev)
set -euo pipefail
cd "$(dirname "$0")/.."
dev=${1:-../shared/corpus/dev}
bin=target/release/vietag
shopt -s nullglob
texts=("$dev"/*.txt)
if [ ${#texts[@]} -eq 0 ]; then
  echo "encoding-check: no $dev/*.txt; the dev set must be beside the clone" >&2
  exit 1
fi
[ -x "$bin" ] || cargo build --release -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/utf8"
cp "${texts[@]}" "$tmp/utf8/"
"$bin" annotate "$tmp/utf8" > "$tmp/utf8.jsonl"
failed=0
for enc in tcvn3 vni cp1258 viqr; do
  mkdir -p "$tmp/$enc"
  for t in "${texts[@]}"; do
    name=$(basename "$t")
    "$bin" convert --from utf8 --to "$enc" "$t" -o "$tmp/$enc/$name" 2>/dev/null
    "$bin" convert "$tmp/$enc/$name" -o "$tmp/back.txt" 2>"$tmp/note"
    if ! cmp -s "$t" "$tmp/back.txt"; then
      echo "FAIL $enc $name: does not convert back to the original ($(cat "$tmp/note"))"
      failed=1
    fi
  done
  "$bin" annotate --encoding auto "$tmp/$enc" > "$tmp/$enc.jsonl" 2>/dev/null
  python3 - "$tmp/utf8.jsonl" "$tmp/$enc.jsonl" "$enc" <<'PY' || failed=1
import json, os, sys
utf8_path, enc_path, enc = sys.argv[1:4]
def load(path):
    recs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    return {os.path.basename(r["id"]): r for r in recs}
def spans(r):
    return [(e["start"], e["end"], e["label"], e["text"]) for e in r["entities"]]
want, got = load(utf8_path), load(enc_path)
ok = sorted(want) == sorted(got)
n = 0
for name, r in want.items():
    g = got.get(name, {})
    if g.get("encoding") != enc or "entities" not in g or spans(g) != spans(r):
        print(f"FAIL {enc} {name}: encoding {g.get('encoding')!r}, error {g.get('error')}")
        ok = False
    n += len(r["entities"])
print(f"{enc:7s} {'holds' if ok else 'FAILS'}: {len(want)} texts back to the original, {n} entities the same")
sys.exit(0 if ok else 1)
PY
done
exit $failed
