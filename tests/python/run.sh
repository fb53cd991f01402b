#!/usr/bin/env bash
# Runs the format tests with the real tools (spaCy, seqeval, datasets):
# creates a venv (VIETAG_VENV, default $TMPDIR/vietag-formats-venv) with
# the pinned requirements unless it has them already, builds the release
# binary and runs pytest. Needs ../shared (the dev gold and the bench
# corpus); without it the tests fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
req=tests/python/requirements.txt
venv=${VIETAG_VENV:-${TMPDIR:-/tmp}/vietag-formats-venv}
stamp="$venv/.requirements"
if ! cmp -s "$req" "$stamp" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"
fi
cargo build --release --quiet
# datasets and spaCy must not reach for a hub: everything is local.
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 HF_HOME="${TMPDIR:-/tmp}/vietag-hf-home"
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/python "$@"
