#!/usr/bin/env bash
# Measures vietag on the shared dev set (../shared/corpus/dev), which is not
# part of the repository and so not part of `cargo test`:
#   1. annotate and score (strict and lenient tables);
#   2. round trips JSONL -> FORMAT -> JSONL for every export format;
#   3. lint of the gold file (expect no finding in the annotations).
# Usage: tools/dev-check.sh [GOLD.jsonl]   (default ../shared/corpus/dev/gold.jsonl)
set -euo pipefail
cd "$(dirname "$0")/.."
gold=${1:-../shared/corpus/dev/gold.jsonl}
[ -f "$gold" ] || { echo "dev-check: $gold not found; pass the gold file as the first argument" >&2; exit 2; }
cargo build --release -q
bin=target/release/vietag
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== 1. scores"
"$bin" annotate --jsonl "$gold" > "$tmp/pred.jsonl" || true
python3 ../shared/eval/score.py "$gold" "$tmp/pred.jsonl"

echo "== 2. round trips"
# Exact formats: text, spans (parents too where the format nests) and ids
# come back. Plain CoNLL rebuilds the text: only the labels are compared.
for run in "conll --comments" "conll --comments --scheme bioes" "conll" "vlsp" "hf" "hf --scheme bioes" \
           "spacy-json" "spacy-simple" "doccano" "labelstudio" "labelstudio --offsets utf16" "brat"; do
  set -- $run
  fmt=$1; shift
  rm -rf "$tmp/rt"; mkdir -p "$tmp/rt"
  out="$tmp/rt/out.$fmt"
  "$bin" export --to "$fmt" "$gold" -o "$out" "$@" 2>/dev/null
  imp_args=()
  [[ " $* " == *" utf16 "* ]] && imp_args=(--offsets utf16)
  "$bin" import --from "$fmt" "$out" "${imp_args[@]}" > "$tmp/back.jsonl" 2>/dev/null
  python3 - "$gold" "$tmp/back.jsonl" "$run" <<'PY'
import json, sys
gold, back, run = sys.argv[1], sys.argv[2], sys.argv[3]
fmt = run.split()[0]
exact = run != "conll"
nests = fmt in ("vlsp", "labelstudio", "brat")
a = [json.loads(l) for l in open(gold, encoding="utf-8") if l.strip()]
b = [json.loads(l) for l in open(back, encoding="utf-8") if l.strip()]
if fmt == "brat":
    by_id = {json.dumps(d.get("id")): d for d in b}
    b = [by_id.get(json.dumps(d["id"])) for d in a]
def spans(x):
    return sorted((s["start"], s["end"], s["label"], s.get("parent"))
                  for s in x["entities"] if nests or s.get("parent") is None)
ok = len(a) == len(b)
for d, e in zip(a, b):
    if e is None or "entities" not in e:
        ok = False
    elif not exact:
        ok = ok and [s[2] for s in spans(e)] == [s[2] for s in spans(d)]
    else:
        ok = ok and e["text"] == d["text"] and spans(e) == spans(d)
        ok = ok and (fmt == "spacy-simple" or e["id"] == d["id"])
what = "holds" if ok else "FAILS"
print(f"{run:34s} {what} ({len(a)} documents, {sum(len(spans(d)) for d in a)} spans{'' if exact else ', labels only'})")
sys.exit(0 if ok else 1)
PY
done

echo "== 3. lint"
# V017-V021 are inconsistencies of the text's own numbers (the dev set has a
# true one, a warning); any other finding is a defect of the annotations.
"$bin" lint --format json "$gold" > "$tmp/lint.jsonl" || true
python3 - "$tmp/lint.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
text = [r for r in rows if r["code"] in ("V017", "V018", "V019", "V020", "V021")]
other = [r for r in rows if r not in text]
for r in text:
    print(f"lint: numbers of the text: {r['code']} {r['severity']}: {r['message']}")
for r in other:
    print(f"lint: FINDING {r['code']} {r['severity']}: {r['message']}")
print("lint: no finding in the annotations" if not other else f"lint: {len(other)} finding(s)")
sys.exit(1 if other else 0)
PY
