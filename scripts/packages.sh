#!/usr/bin/env bash
# Installs matang from its own artifacts, in clean temporary directories, as a user would:
#   crate   the packaged .crate as a dependency of a new crate; `cargo install` of the CLI
#   python  the wheel and the sdist, each into a fresh venv (run after the Python binding)
#   npm     the `npm pack` tarball into a fresh Node project (run after the WASM build)
#
#   scripts/packages.sh [crate] [python] [npm]     # no argument = all three
# Each part runs a smoke test: every built-in pack assesses its first test vector.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
parts=("$@"); [[ ${#parts[@]} -eq 0 ]] && parts=(crate python npm)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say() { printf '[packages] %s\n' "$*"; }
# Builds share one target directory so a second run compiles nothing new.
export CARGO_TARGET_DIR="$repo/target/packages"

crate() {
  say "crate: declared rust-version covers every dependency"
  python3 - "$repo" <<'PY'
import json, subprocess, sys
meta = json.loads(subprocess.check_output(
    ["cargo", "metadata", "--format-version", "1", "--manifest-path", f"{sys.argv[1]}/Cargo.toml"]))
v = lambda s: tuple((list(map(int, (s or "0").split("."))) + [0, 0])[:3])  # "1.88" == "1.88.0"
ours = next(p for p in meta["packages"] if p["name"] == "matang")["rust_version"]
newer = [(p["name"], p["rust_version"]) for p in meta["packages"] if v(p.get("rust_version")) > v(ours)]
assert v(ours) >= (1, 88), f"rust-version {ours}: the code uses let-chains (1.88)"
assert not newer, f"dependencies need a newer Rust than {ours}: {newer}"
PY
  say "crate: cargo package"
  (cd "$repo" && cargo package -q -p matang --allow-dirty --no-verify)
  local crate_file
  crate_file="$(ls "$CARGO_TARGET_DIR"/package/matang-*.crate | sort | tail -1)"
  tar -xzf "$crate_file" -C "$work"
  local src
  src="$(ls -d "$work"/matang-*/ | head -1)"
  [[ -f "$src/rules/smart-city-quickwin/pack.toml" ]] || { echo "the .crate has no packs" >&2; exit 1; }
  say "crate: a dependent crate built against the packaged .crate"
  mkdir -p "$work/user/src"
  cat >"$work/user/Cargo.toml" <<TOML
[package]
name = "user"
version = "0.0.0"
edition = "2024"
[dependencies]
matang = { path = "$src", default-features = false }
[workspace]
TOML
  cat >"$work/user/src/main.rs" <<'RS'
fn main() {
    let ids = matang::Pack::builtin_ids();
    assert!(ids.len() >= 3, "built-in packs: {ids:?}");
    for id in ids {
        let pack = matang::Pack::builtin(id).expect("a built-in pack loads");
        let (name, record) = pack.vector_records().unwrap().into_iter().next().unwrap();
        let a = pack.assess(&record, matang::Lang::En).expect("its first vector assesses");
        println!("{id} {} {name}: {:.2} {}", pack.fingerprint(), a.total, a.pack.matang);
    }
}
RS
  (cd "$work/user" && cargo run -q)
  say "crate: without its packs the crate refuses to build, with a message"
  cp -r "$src" "$work/nopacks" && rm -rf "$work/nopacks/rules"
  sed -i "s|path = \"$src\"|path = \"$work/nopacks\"|" "$work/user/Cargo.toml"
  if (cd "$work/user" && cargo build -q 2>"$work/nopacks.err"); then
    echo "a crate without packs built" >&2; exit 1
  fi
  grep -q "no rule pack found" "$work/nopacks.err" || { cat "$work/nopacks.err" >&2; exit 1; }
  say "crate: cargo install --path core --features cli, run outside the repository"
  cargo install -q --locked --debug --path "$repo/core" --features cli --root "$work/bin" 2>&1 | grep -v "^warning: be sure" || true
  (cd "$work" && "$work/bin/bin/matang" packs)
}

python_smoke() {
  "$1/bin/python" - <<'PY'
import matang
ids = matang.Pack.builtin_ids()
assert len(ids) >= 3, ids
for id in ids:
    pack = matang.Pack.builtin(id)
    name, record = pack.vector_records()[0]
    a = pack.assess(record, "en")
    print(id, pack.fingerprint[:12], name, round(a.total, 2), a.pack["matang"])
PY
}

python() {
  local venv="$repo/.venv" dist="$work/dist"
  [[ -x "$venv/bin/maturin" ]] || { echo "no $venv/bin/maturin: run scripts/setup.sh python" >&2; exit 1; }
  say "python: wheel and sdist"
  # The wheel reuses the test step's release build: same target directory and interpreter.
  (cd "$repo/bindings-python" && CARGO_TARGET_DIR="$repo/target" \
    "$venv/bin/maturin" build -q --release -i "$venv/bin/python" -o "$dist" >/dev/null \
    && "$venv/bin/maturin" sdist -o "$dist" >/dev/null 2>&1)
  local sdist
  sdist="$(ls "$dist"/matang-*.tar.gz)"
  tar -tzf "$sdist" >"$work/sdist.txt"  # listed once: `grep -q` on a pipe would cut tar short
  if grep -E '/(tests|bench|examples)/|run-tests' "$work/sdist.txt"; then
    echo "the sdist ships tests, benchmarks or examples" >&2; exit 1
  fi
  grep -q 'core/rules/smart-city-quickwin/pack.toml' "$work/sdist.txt" || { echo "the sdist has no packs" >&2; exit 1; }
  grep -qE '^[^/]+/LICENSE$' "$work/sdist.txt" || { echo "the sdist has no LICENSE" >&2; exit 1; }
  say "python: the wheel in a fresh venv (no pandas), smoke test"
  /usr/bin/env python3 -m venv "$work/venv-wheel"
  "$work/venv-wheel/bin/pip" install -q "$dist"/matang-*.whl
  (cd "$work" && python_smoke "$work/venv-wheel")
  # Source builds below only need to work, not to be fast: no whole-program optimisation.
  export CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
  say "python: the README's quick start, verbatim, in a fresh home"
  local block
  block="$(awk '/^## Quick start: Python/{q=1} q&&/^```sh$/{b=1;next} b&&/^```$/{exit} b' "$repo/README.md")"
  grep -q 'pip install "./bindings-python\[pandas\]"' <<<"$block" || { echo "README quick start not found" >&2; exit 1; }
  # A new HOME for the venv; Rust keeps its toolchain and crate cache.
  (export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
   export HOME="$work/home" CARGO_TARGET_DIR="$repo/target/packages-sdist"; mkdir -p "$HOME"
   cd "$repo" && bash -euo pipefail -c "$block")
  say "python: the sdist in a fresh venv (built from source), smoke test"
  /usr/bin/env python3 -m venv "$work/venv-sdist"
  CARGO_TARGET_DIR="$repo/target/packages-sdist" "$work/venv-sdist/bin/pip" install -q "$sdist"
  (cd "$work" && python_smoke "$work/venv-sdist")
}

# The function npm shadows the command here: `command npm` calls the real one.
npm() {
  local wasm="$repo/bindings-wasm" pkg="$repo/bindings-wasm/www/pkg"
  if ! command -v wasm-bindgen >/dev/null || ! command -v chromium >/dev/null; then
    "$repo/scripts/setup.sh" wasm browser
  fi
  if [[ ! -d "$wasm/node_modules/playwright-core" ]]; then
    (cd "$wasm" && command npm install --no-audit --no-fund >/dev/null)
  fi
  if [[ ! -f "$pkg/matang_bg.wasm" || ! -f "$pkg/matang-node.js" ]]; then
    say "npm: bindings-wasm/build.sh (no built package)"
    "$wasm/build.sh"
  fi
  say "npm: package.json is publishable"
  node --input-type=module - "$pkg/package.json" <<'JS'
import { readFileSync } from "node:fs";
const p = JSON.parse(readFileSync(process.argv[2], "utf8"));
const fail = (m) => { console.error(`package.json: ${m}`); process.exit(1); };
for (const k of ["name", "version", "description", "license", "keywords", "files", "exports"]) if (!p[k]) fail(`no ${k}`);
if (p.name !== "matang" || p.license !== "Apache-2.0") fail(`name ${p.name}, license ${p.license}`);
if (p.repository || p.homepage) fail("a repository or homepage URL, but none is public");
const main = p.exports["."];
if (Object.keys(main)[0] !== "types" || !main.node || !main.default) fail(`exports["."]: ${JSON.stringify(main)}`);
if (!p.exports["./calculator"]?.types) fail("no ./calculator export with types");
JS
  say "npm: npm pack"
  mkdir -p "$work/npm/project"
  (cd "$pkg" && command npm pack --silent --pack-destination "$work/npm" >/dev/null)
  local tgz
  tgz="$(ls "$work"/npm/matang-*.tgz)"
  local listing
  listing="$(tar -tzf "$tgz")"
  for f in LICENSE README.md package.json matang.js matang-node.js matang_bg.wasm matang_toml_bg.wasm matang.d.ts matang-calculator.js matang-worker.js matang-esbuild.js; do
    grep -qx "package/$f" <<<"$listing" || { echo "the tarball has no $f" >&2; exit 1; }
  done
  say "npm: the tarball installed into a fresh Node project, with vite and esbuild"
  local project="$work/npm/project"
  cp -r "$wasm/packaging/app" "$wasm/packaging/smoke.mjs" "$wasm/packaging/types-check.ts" "$project/"
  printf '{ "name": "matang-user", "private": true, "type": "module" }\n' >"$project/package.json"
  (cd "$project" && command npm install --no-audit --no-fund --loglevel=error "$tgz" vite@8 esbuild@0.28 >/dev/null)
  say "npm: Node: import { Pack } from \"matang\", every built-in pack's first vector"
  (cd "$project" && node smoke.mjs)
  say "npm: TypeScript resolves the package's types"
  (cd "$project" && "$wasm/node_modules/.bin/tsc" --noEmit --strict --module nodenext --moduleResolution nodenext \
    --target esnext --lib esnext,dom types-check.ts)
  say "npm: a Vite production build of a one-page app, in headless Chromium"
  # The project's app/ folder is Vite's root: --outDir is relative to it.
  (cd "$project" && npx vite build app --outDir ../dist-vite --emptyOutDir --logLevel warn)
  node "$wasm/packaging/browser-check.mjs" "$project/dist-vite" vite
  say "npm: an esbuild build with the package's plugin (matang/esbuild), no file copied by hand"
  cp "$wasm/packaging/esbuild.mjs" "$project/"
  (cd "$project" && node esbuild.mjs)
  for f in matang_bg.wasm matang_toml_bg.wasm matang.js matang-worker.js; do
    [[ -f "$project/dist-esbuild/$f" ]] || { echo "the esbuild plugin did not write $f" >&2; exit 1; }
  done
  node "$wasm/packaging/browser-check.mjs" "$project/dist-esbuild" esbuild
}

for p in "${parts[@]}"; do "$p"; done
say "done: ${parts[*]}"
