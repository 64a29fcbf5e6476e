#!/usr/bin/env bash
# Builds the WASM package and runs both test suites of bindings-wasm:
#   1. wasm-bindgen tests in Node (tests/node.rs): every built-in pack's vectors and
#      assessments compared with the native results, through the JS-facing API, without
#      the TOML parser (the default module) and with it (custom packs);
#   2. the end-to-end tests of <matang-calculator> in headless Chromium (e2e/*.test.mjs), against
#      www/pkg-test: www/pkg built with the `test-trap` feature, so that it can check that a
#      pack crashing its WebAssembly instance leaves the other widgets working.
# Assumes `scripts/setup.sh wasm browser` has run (target, wasm-bindgen CLI, binaryen,
# chromium, npm install here); runs it, and `npm install`, when something is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
cd "$root"

# Install what is missing (idempotent; needs root, as scripts/setup.sh does).
if ! command -v wasm-bindgen >/dev/null || ! command -v chromium >/dev/null \
   || ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
  "$root/scripts/setup.sh" wasm browser
fi
if [[ ! -x "$here/node_modules/.bin/tsc" || ! -d "$here/node_modules/playwright-core" || ! -x "$here/node_modules/.bin/wasm-opt" ]]; then
  (cd "$here" && npm install --no-audit --no-fund)
fi

echo "== build www/pkg"
"$here/build.sh"
echo "== build www/pkg-test (the same package plus the crash-on-purpose packs of src/test_trap.rs)"
MATANG_WASM_FEATURES=test-trap "$here/build.sh" "$here/www/pkg-test"

echo "== wasm-bindgen tests (Node): without the TOML parser (matang_bg.wasm), then with it"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p matang-wasm --target wasm32-unknown-unknown
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p matang-wasm --target wasm32-unknown-unknown --features toml

echo "== native CLI (reference results for the browser test)"
cargo build -q -p matang --features cli --bin matang

echo "== TypeScript types (tsc --noEmit)"
"$here/node_modules/.bin/tsc" -p "$here/tsconfig.json"

echo "== end-to-end (headless Chromium)"
mkdir -p "$root/artifacts"
# One file at a time: the timing checks (a page that never stalls) need the machine's cores.
MATANG_PKG="$here/www/pkg-test" node --test --test-concurrency=1 "$here"/e2e/*.test.mjs
