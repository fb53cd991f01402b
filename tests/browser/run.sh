#!/usr/bin/env bash
# The HTML view in a real browser: installs Debian's chromium and the Noto
# fonts when they are missing (apt-get, as root, quietly; nothing to do when
# they are there), builds the release binary and runs test_view.py, which
# renders fixture pages headless and checks the dumped DOM and a screenshot.
# Without a browser the tests fail, never skip.
set -euo pipefail
cd "$(dirname "$0")/../.."
packages=(chromium fonts-noto-core fonts-noto-color-emoji)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "the browser tests need ${missing[*]}: apt-get install ${missing[*]} (as root)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cargo build --release --quiet
VIETAG=target/release/vietag python3 tests/browser/test_view.py "$@"
