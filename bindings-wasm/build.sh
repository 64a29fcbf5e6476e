#!/usr/bin/env bash
# Builds the browser package into bindings-wasm/www/pkg/ (gitignored):
#   matang.js + matang_bg.wasm + matang.d.ts (wasm-bindgen --target web, wasm-opt -Oz), and
#   matang_toml_bg.wasm (the same module with the TOML parser, for custom packs)
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

# Two modules with the same JS glue: matang_bg.wasm without the TOML parser (the built-in
# packs, precompiled by core/build.rs; what init() and the widgets load) and
# matang_toml_bg.wasm with it (`Pack.fromFiles` on any pack: widgets with `src`, Node).
# Debian's binaryen 108 breaks wasm-bindgen's externref table ("Table.set(): Argument 1 is
# invalid"), so the npm package `binaryen` (devDependency, version 132) is preferred.
opt="$here/node_modules/.bin/wasm-opt"
if [[ ! -x "$opt" ]]; then
  (cd "$here" && npm install --no-audit --no-fund >/dev/null) || true
fi
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The standard library rebuilt for size (`optimize_for_size`), panics aborting at once with no
# message or location (nothing shows them in a browser; any panic was a trap already): about
# 9 % smaller gzipped. These are unstable options, so RUSTC_BOOTSTRAP=1 on the stable
# toolchain; they need the rust-src component. MATANG_WASM_BUILD_STD=0, or a toolchain where
# they fail, gives the ordinary build (a warning says so).
target="$root/target"
std_build=()
if [[ "${MATANG_WASM_BUILD_STD:-1}" == 1 ]]; then
  rustup component list --installed 2>/dev/null | grep -q '^rust-src' || rustup component add rust-src >/dev/null 2>&1 || true
  if rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
    std_build=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
    # Its own target folder: other flags would otherwise rebuild everything each time.
    target="$root/target/wasm-std"
  fi
fi
cargo_build() { # cargo_build <features> [<std-build options>]
  # strip=false: wasm-bindgen needs the target_features section to know that reference
  # types are on (without it the externref table breaks after wasm-opt). wasm-opt strips later.
  local env=(CARGO_PROFILE_WASM_RELEASE_STRIP=false CARGO_TARGET_DIR="$target")
  if [[ $# -gt 1 ]]; then
    env+=(RUSTC_BOOTSTRAP=1 "CARGO_ENCODED_RUSTFLAGS=$(printf '%s\x1f' -Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort | sed 's/\x1f$//')")
  fi
  env "${env[@]}" cargo build --manifest-path "$root/Cargo.toml" -p matang-wasm \
    --target wasm32-unknown-unknown --profile wasm-release --features "$1" "${@:2}"
}
build() { # build <name> <features>: $tmp/<name>/matang.js and $out/<name>_bg.wasm
  if [[ ${#std_build[@]} -gt 0 ]] && ! cargo_build "$2" "${std_build[@]}"; then
    echo "warning: the size-optimised standard library did not build; building with the prebuilt one" >&2
    std_build=()
    target="$root/target"
  fi
  [[ ${#std_build[@]} -gt 0 ]] || cargo_build "$2"
  wasm-bindgen --target web --out-name matang --out-dir "$tmp/$1" \
    "$target/wasm32-unknown-unknown/wasm-release/matang_wasm.wasm"
  if [[ -x "$opt" ]]; then
    "$opt" -Oz --strip-debug --strip-producers -o "$out/$1_bg.wasm" "$tmp/$1/matang_bg.wasm"
  else
    echo "warning: npm binaryen missing, the .wasm is not size-optimised" >&2
    cp "$tmp/$1/matang_bg.wasm" "$out/$1_bg.wasm"
  fi
}
build matang "${MATANG_WASM_FEATURES:-}"
build matang_toml "toml ${MATANG_WASM_FEATURES:-}"
# One matang.js serves both modules only if the TOML parser changes no export or import.
for f in matang.js matang.d.ts; do
  cmp -s "$tmp/matang/$f" "$tmp/matang_toml/$f" || { echo "build.sh: $f differs between the two modules" >&2; exit 1; }
done
cp "$tmp/matang/matang.js" "$tmp/matang/matang.d.ts" "$out/"
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
  "files": ["*.js", "*.d.ts", "matang_bg.wasm", "matang_toml_bg.wasm", "LICENSE", "README.md"],
  "exports": {
    ".": { "types": "./matang.d.ts", "browser": "./matang.js", "node": "./matang-node.js", "default": "./matang.js" },
    "./calculator": { "types": "./matang-calculator.d.ts", "default": "./matang-calculator.js" },
    "./esbuild": { "types": "./matang-esbuild.d.ts", "default": "./matang-esbuild.js" },
    "./matang_bg.wasm": "./matang_bg.wasm",
    "./matang_toml_bg.wasm": "./matang_toml_bg.wasm",
    "./package.json": "./package.json"
  },
  "sideEffects": ["./matang-calculator.js", "./matang-node.js"]
}
JSON
for w in matang_bg.wasm matang_toml_bg.wasm; do
  echo "built $out/$w: $(stat -c %s "$out/$w") bytes raw, $(gzip -9c "$out/$w" | wc -c) bytes gzip -9"
done
