#!/usr/bin/env bash
# Builds the HTML report for the bundled example (Pati 2019 against 2018) and takes a
# headless Chromium screenshot of it: artifacts/report.html and artifacts/report.png.
#
#   scripts/report-screenshot.sh            # 1200x1800 window, the top of the report
#   HEIGHT=6000 scripts/report-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

examples=rules/smart-city-quickwin/examples
mkdir -p artifacts
cargo run -q --release -p matang --features cli --bin matang -- report --top 4 \
  --previous "$examples/previous-2018.csv" "$examples/portfolio.csv" -o artifacts/report.html
grep -q '<html lang="id">' artifacts/report.html || { echo "report not written" >&2; exit 1; }

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "no Chromium at $chromium: skipping the screenshot (artifacts/report.html is written)" >&2
  exit 0
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f artifacts/report.png
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size="${WIDTH:-1200},${HEIGHT:-1800}" \
  --screenshot="$PWD/artifacts/report.png" "file://$PWD/artifacts/report.html" 2>/dev/null || true
[ -s artifacts/report.png ] || { echo "Chromium did not write artifacts/report.png" >&2; exit 1; }
echo "artifacts/report.html, artifacts/report.png ($(wc -c <artifacts/report.png) bytes)"
