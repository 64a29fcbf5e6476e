#!/usr/bin/env bash
# Builds the browser package into bindings-wasm/www/pkg/ (gitignored):
#   matang.js + matang_bg.wasm + matang.d.ts (wasm-bindgen --target web, wasm-opt -Oz)
#   matang-calculator.js (the web component) and its modules (js/*.js: view, style, text,
#   the worker matang-worker.js and its client matang-engine.js, matang-instance.js,
#   matang-pack-files.js), copied from js/, matang-node.js, the entry in Node, and
#   matang-esbuild.js, the esbuild plugin that writes the run-time files beside a bundle
#   package.json, LICENSE and README.md (packaging/npm-README.md): the npm package
# MATANG_WASM_FEATURES (e.g. test-trap, see src/test_trap.rs) builds a test package.
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen CLI 0.2.130, npm (for binaryen's wasm-opt).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$here/www/pkg}"
export PATH="$HOME/.cargo/bin:$PATH"

# strip=false: wasm-bindgen needs the target_features section to know that reference
# types are on (without it the externref table breaks after wasm-opt). wasm-opt strips later.
CARGO_PROFILE_WASM_RELEASE_STRIP=false \
  cargo build --manifest-path "$root/Cargo.toml" -p matang-wasm --target wasm32-unknown-unknown --profile wasm-release \
  --features "${MATANG_WASM_FEATURES:-}"
mkdir -p "$out"
wasm-bindgen --target web --out-name matang --out-dir "$out" \
  "$root/target/wasm32-unknown-unknown/wasm-release/matang_wasm.wasm"
# Debian's binaryen 108 breaks wasm-bindgen's externref table ("Table.set(): Argument 1 is
# invalid"), so the npm package `binaryen` (devDependency, version 132) is preferred.
opt="$here/node_modules/.bin/wasm-opt"
if [[ ! -x "$opt" ]]; then
  (cd "$here" && npm install --no-audit --no-fund >/dev/null) || true
fi
if [[ -x "$opt" ]]; then
  "$opt" -Oz --strip-debug --strip-producers -o "$out/matang_bg.opt.wasm" "$out/matang_bg.wasm"
  mv "$out/matang_bg.opt.wasm" "$out/matang_bg.wasm"
else
  echo "warning: npm binaryen missing, the .wasm is not size-optimised" >&2
fi
cp "$here"/js/*.js "$here"/js/*.d.ts "$out/"
# The npm package: `node` loads the .wasm from the file system (matang-node.js, no init call);
# browsers and bundlers get matang.js and call init(). No repository URL: none is public yet.
cp "$root/LICENSE" "$out/LICENSE"
cp "$here/packaging/npm-README.md" "$out/README.md"
cat >"$out/package.json" <<JSON
{
  "name": "matang",
  "version": "$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)",
  "description": "Maturity scoring of Indonesian public-sector digital initiatives with Rhai rule packs, in WebAssembly, with a calculator web component",
  "keywords": ["maturity", "assessment", "scoring", "indonesia", "smart-city", "rhai", "webassembly", "web-component"],
  "license": "Apache-2.0",
  "type": "module",
  "main": "matang-node.js",
  "browser": "matang.js",
  "types": "matang.d.ts",
  "files": ["*.js", "*.d.ts", "matang_bg.wasm", "LICENSE", "README.md"],
  "exports": {
    ".": { "types": "./matang.d.ts", "browser": "./matang.js", "node": "./matang-node.js", "default": "./matang.js" },
    "./calculator": { "types": "./matang-calculator.d.ts", "default": "./matang-calculator.js" },
    "./esbuild": { "types": "./matang-esbuild.d.ts", "default": "./matang-esbuild.js" },
    "./matang_bg.wasm": "./matang_bg.wasm",
    "./package.json": "./package.json"
  },
  "sideEffects": ["./matang-calculator.js", "./matang-node.js"]
}
JSON
raw=$(stat -c %s "$out/matang_bg.wasm")
gz=$(gzip -9c "$out/matang_bg.wasm" | wc -c)
echo "built $out: matang_bg.wasm $raw bytes raw, $gz bytes gzip -9"
