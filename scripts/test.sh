#!/usr/bin/env bash
# Runs every test of the repository, installing what it needs first (and skipping installs
# already present): Rust lints and tests, every pack's vectors, the Python binding's pytest
# suite (README blocks, notebook, Dask and Spark included), the WASM binding's Node tests and
# the calculator's end-to-end test in headless Chromium.
#
#   scripts/test.sh            # everything
#   MATANG_SKIP_CLUSTER=1 scripts/test.sh   # without the local Dask and Spark clusters
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "setup (skips what is installed)"
bash scripts/setup.sh all

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --features matang/cli -- -D warnings

step "Rust tests and doctests (core, CLI, README, cross-cutting)"
cargo test -p matang --features cli
cargo test -p matang-tests

step "rule packs: validate and run their test vectors"
cargo run -q --release -p matang --features cli --bin matang -- check --coverage --threshold 100 rules/*/

step "README main job"
out=$(cargo run -q --release -p matang --features cli --bin matang -- rank --top 4 \
  --previous rules/smart-city-quickwin/examples/previous-2018.csv rules/smart-city-quickwin/examples/portfolio.csv)
echo "$out" | head -5
grep -q "Terpilih (4 dari" <<<"$out" || { echo "main job did not select 4 items" >&2; exit 1; }
bash scripts/report-screenshot.sh  # HTML report + headless Chromium screenshot in artifacts/

step "Python binding"
bash bindings-python/run-tests.sh

step "WASM binding and calculator widget"
bash bindings-wasm/run-tests.sh

step "packages: installed from their own artifacts in clean directories"
bash scripts/packages.sh crate python npm

echo
echo "all tests passed"
