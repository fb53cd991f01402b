#!/usr/bin/env bash
# Writes the seed corpora fuzz/corpus/<target>/ from the project's fixtures.
# Each seed is a flags byte (see the target's doc comment) followed by the
# input. The format seeds other than the fixtures' own files are exports of
# fixtures/formats/news.jsonl, so the script needs the release binary:
#   cargo build --release && fuzz/make-seeds.sh
# Seeds have readable names; what libFuzzer adds to these directories is
# named by SHA-1 and ignored by git.
set -euo pipefail
cd "$(dirname "$0")/.."
vietag=${1:-target/release/vietag}
corpus=fuzz/corpus
rm -rf "$corpus"
mkdir -p "$corpus"/{text_offsets,numbers,docref_date,formats,annotate_text,annotate_bytes}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# seed TARGET NAME FLAGS FILE...: the flags byte (decimal), then the files.
seed() {
  local target=$1 name=$2 flags=$3
  shift 3
  { printf "\\$(printf '%03o' "$flags")"; cat "$@"; } > "$corpus/$target/$name"
}

for f in fixtures/news/*.txt; do
  n=$(basename "$f" .txt)
  seed text_offsets "$n" 0 "$f"
  seed docref_date "$n" 0 "$f"
  seed annotate_bytes "$n" 0 "$f"
done
seed text_offsets khong-dau-folded 1 fixtures/news/khong-dau.txt
seed docref_date khong-dau-folded 1 fixtures/news/khong-dau.txt
seed annotate_bytes invalid-utf8-lossy 8 fixtures/news/invalid-utf8.txt
seed annotate_text dang-bo-xa 0 fixtures/news/dang-bo-xa.txt
seed annotate_text hoi-nghi-nested 1 fixtures/news/hoi-nghi-tinh-uy.txt
seed annotate_text khong-dau-folded 2 fixtures/news/khong-dau.txt
seed annotate_text dang-bo-xa-some-labels 5 fixtures/news/dang-bo-xa.txt

# The number parser: lines of the news fixtures, and forms of its grammar.
k=0
while IFS= read -r line; do
  k=$((k + 1))
  printf '%s' "$line" > "$tmp/line"
  seed numbers "news-line-$k" 0 "$tmp/line"
done < <(cat fixtures/news/dang-bo-xa.txt fixtures/news/hoi-nghi-tinh-uy.txt)
k=0
for s in "4.100 58,9 1.234.567 2.000,5 0,5" "1,234,567.5 3.5 86.1" "hai mươi lăm" \
  "một trăm linh năm" "3 tỷ 200 triệu" "hai triệu rưỡi" "nửa triệu" \
  "từ 10 đến 15 %" "16-18 triệu" "từ 2 đến 3 triệu" "0913 456 789" "1900 1234" \
  "+84 913 456 789" "192.168.1.1" "năm hai nghìn" "mười năm"; do
  k=$((k + 1))
  printf '%s' "$s" > "$tmp/line"
  seed numbers "form-$k" $((k % 2)) "$tmp/line"
done

# The format readers: flags bits 0-3 pick the reader (see formats.rs).
sep() { printf '\377'; }
"$vietag" export --to conll fixtures/formats/news.jsonl -o "$tmp/news.conll"
"$vietag" export --to vlsp fixtures/formats/news.jsonl -o "$tmp/news.vlsp"
"$vietag" export --to hf fixtures/formats/news.jsonl -o "$tmp/news.hf.jsonl"
"$vietag" export --to spacy-json fixtures/formats/news.jsonl -o "$tmp/news.spacy.json"
"$vietag" export --to spacy-simple fixtures/formats/news.jsonl -o "$tmp/news.simple.json"
"$vietag" export --to labelstudio fixtures/formats/news.jsonl -o "$tmp/news.ls.json"
"$vietag" export --to labelstudio --offsets utf16 fixtures/formats/news.jsonl -o "$tmp/news.ls16.json"
"$vietag" export --to doccano fixtures/formats/news.jsonl -o "$tmp/news.doccano.jsonl"
"$vietag" export --to brat fixtures/formats/news.jsonl -o "$tmp/brat"
seed formats jsonl-news 0 fixtures/formats/news.jsonl
seed formats jsonl-mixed 0 fixtures/jsonl/mixed.jsonl
seed formats jsonl-defects 0 fixtures/lint/defects.jsonl
seed formats jsonl-gold 0 fixtures/eval/gold.jsonl
seed formats doccano-news 1 "$tmp/news.doccano.jsonl"
seed formats doccano-defects 1 fixtures/lint/defects.doccano.jsonl
seed formats conll-news 2 "$tmp/news.conll"
seed formats conll-defects 2 fixtures/lint/defects.conll
seed formats vlsp-news 3 "$tmp/news.vlsp"
seed formats vlsp-defects 3 fixtures/lint/defects.vlsp
sep > "$tmp/sep"
seed formats hf-news 4 "$tmp/labels.json" "$tmp/sep" "$tmp/news.hf.jsonl"
seed formats spacy-json-news 5 "$tmp/news.spacy.json"
seed formats spacy-simple-news 6 "$tmp/news.simple.json"
seed formats spacy-simple-defects 6 fixtures/lint/defects.spacy.json
seed formats labelstudio-news 7 "$tmp/news.ls.json"
seed formats labelstudio-utf16-news 39 "$tmp/news.ls16.json"
seed formats labelstudio-defects 7 fixtures/lint/defects.labelstudio.json
for ann in "$tmp"/brat/*.ann; do
  n=$(basename "$ann" .ann)
  seed formats "brat-news-$n" 8 "${ann%.ann}.txt" "$tmp/sep" "$ann"
done
for ann in fixtures/lint/brat/*.ann; do
  n=$(basename "$ann" .ann)
  seed formats "brat-lint-$n" 8 "${ann%.ann}.txt" "$tmp/sep" "$ann"
done
du -sh "$corpus"
