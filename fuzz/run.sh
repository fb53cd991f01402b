#!/usr/bin/env bash
# Builds every fuzz target once and runs each for SECONDS (default 30),
# one after another, from the seeds in fuzz/corpus/<target>/ plus what the
# run finds (kept in a scratch directory, or under WORKDIR if given as the
# second argument, so that a later run goes on from it). Fails on the first
# crash, timeout or out-of-memory; the input is left in
# fuzz/artifacts/<target>/. Needs cargo-fuzz; built with nightly when it is
# installed, else with the default toolchain (no sanitizer: the crate has
# no unsafe code, and without one a run does several times more inputs).
#   fuzz/run.sh [SECONDS] [WORKDIR] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-30}
work=${2:-}
shift $(($# > 2 ? 2 : $#))
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
fi
cargo "${toolchain[@]}" fuzz build --sanitizer none
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi
bin=target/$(rustc -vV | sed -n 's/^host: //p')/release
for t in "${targets[@]}"; do
  mkdir -p "$work/$t" "artifacts/$t"
  log="$work/$t.log"
  status=0
  "$bin/$t" "$work/$t" "corpus/$t" -max_total_time="$seconds" -timeout=25 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="artifacts/$t/" \
    >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "fuzz $t: ${runs:-?} runs in ${seconds}s, exit $status"
  if [ "$status" -ne 0 ]; then
    grep -E -A12 "panicked|ERROR: libFuzzer|SUMMARY" "$log" | head -40 >&2
    echo "fuzz $t failed: the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
