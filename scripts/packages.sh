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
v = lambda s: tuple(int(x) for x in (s or "0").split("."))
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
  (cd "$repo/bindings-python" && "$venv/bin/maturin" build -q --release -o "$dist" >/dev/null \
    && "$venv/bin/maturin" sdist -o "$dist" >/dev/null 2>&1)
  local sdist
  sdist="$(ls "$dist"/matang-*.tar.gz)"
  if tar -tzf "$sdist" | grep -E '/(tests|bench|examples)/|run-tests' >/dev/null; then
    echo "the sdist ships tests, benchmarks or examples" >&2; exit 1
  fi
  tar -tzf "$sdist" | grep -q 'core/rules/smart-city-quickwin/pack.toml' || { echo "the sdist has no packs" >&2; exit 1; }
  tar -tzf "$sdist" | grep -qE '^[^/]+/LICENSE$' || { echo "the sdist has no LICENSE" >&2; exit 1; }
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

for p in "${parts[@]}"; do "$p"; done
say "done: ${parts[*]}"
