#!/usr/bin/env bash
# Idempotent toolchain setup for matang (Debian 12, run as root, no stdin).
#
#   scripts/setup.sh [python] [wasm] [browser]     # no argument (or "all") = all three
#   source scripts/setup.sh [parts...]             # same, then $REPO/.venv/bin/python is usable
#
# Every step checks whether its work is already done and skips it, so a second
# run is a fast no-op. One short line is printed per step.
#
# Note when sourcing: with no arguments, `source` passes the caller's own
# positional parameters through; from inside a script use `source scripts/setup.sh all`.
#
# The work runs in a subshell (function body in parentheses) so that, when the
# file is sourced, `set -euo pipefail`, PATH changes and helper functions do not
# leak into the caller. The only variable left in a sourcing shell is REPO.

_matang_setup() (
  set -euo pipefail
  export DEBIAN_FRONTEND=noninteractive PIP_NO_INPUT=1
  export PATH="$HOME/.cargo/bin:$PATH"

  local repo="$1"; shift
  local venv="$repo/.venv"
  local wasm_bindgen_version="${WASM_BINDGEN_VERSION:-0.2.130}"
  local py_pkgs=(
    maturin pytest pandas pyarrow polars "dask[dataframe]" distributed pyspark
    hypothesis mypy nbclient nbformat nbconvert ipykernel matplotlib openpyxl zen-engine==2.1.3
  )
  local apt_updated=0

  say() { printf '[setup] %s\n' "$*"; }
  die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

  apt_install() {
    if [[ $apt_updated -eq 0 ]]; then
      say "apt-get update"
      apt-get update -qq
      apt_updated=1
    fi
    say "apt-get install $*"
    apt-get install -y -qq "$@" >/dev/null
  }

  # ---------------------------------------------------------------- python
  setup_python() {
    command -v python3 >/dev/null || apt_install python3
    # The package's abi3 floor (bindings-python/pyproject.toml): say so before maturin does.
    if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "setup: python3 is $(python3 -V 2>&1); matang's Python package needs 3.11 or newer" >&2
      exit 1
    fi
    if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c '' 2>/dev/null; then
      say "python: .venv exists"
    else
      say "python: creating .venv"
      rm -rf "$venv"
      if ! python3 -m venv "$venv" 2>/dev/null; then
        rm -rf "$venv"
        apt_install python3-venv
        python3 -m venv "$venv"
      fi
    fi

    local hash stamp
    hash="$(printf '%s\n' "${py_pkgs[@]}" | sha256sum | cut -c1-16)"
    stamp="$venv/.matang-deps-$hash"
    if [[ -f "$stamp" ]]; then
      say "python: packages up to date (${stamp##*/})"
    else
      say "python: pip install ${#py_pkgs[@]} packages"
      "$venv/bin/pip" install -q --disable-pip-version-check "${py_pkgs[@]}"
      rm -f "$venv"/.matang-deps-*
      : >"$stamp"
    fi

    # pyspark needs a Java runtime.
    if java -version >/dev/null 2>&1; then
      say "python: java present"
    else
      apt_install openjdk-17-jre-headless
    fi
  }

  # ------------------------------------------------------------------ wasm
  # Fallback only, used when `rustup target add wasm32-unknown-unknown` fails
  # (the prebuilt std for the target cannot be downloaded). Debian's rustc-web,
  # cargo-web and rust-web-src (1.96) can build std for wasm from source:
  #   PATH="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin:$PATH" \
  #   RUSTC_BOOTSTRAP=1 /usr/bin/cargo build --release --target wasm32-unknown-unknown \
  #       -Zbuild-std=std,panic_abort
  # (rust-lld comes from the rustup toolchain's sysroot, hence the PATH entry).
  wasm_fallback_build_std() {
    say "wasm: rustup target add failed; installing Debian fallback (rustc-web + -Zbuild-std)"
    if dpkg -s rustc-web cargo-web rust-web-src >/dev/null 2>&1; then
      say "wasm: rustc-web/cargo-web/rust-web-src already installed"
    else
      apt_install rustc-web cargo-web rust-web-src
    fi
    local lld_dir
    lld_dir="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin"
    [[ -x "$lld_dir/rust-lld" ]] || say "wasm: WARNING rust-lld not found in $lld_dir"
    say "wasm: build with: PATH=\"$lld_dir:\$PATH\" RUSTC_BOOTSTRAP=1 /usr/bin/cargo build --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort"
  }

  setup_wasm() {
    command -v rustup >/dev/null && command -v cargo >/dev/null \
      || die "rustup/cargo not found (expected in ~/.cargo/bin)"

    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
      say "wasm: target wasm32-unknown-unknown installed"
    else
      say "wasm: rustup target add wasm32-unknown-unknown"
      rustup target add wasm32-unknown-unknown || wasm_fallback_build_std
    fi

    # Must match the wasm-bindgen crate version exactly. No --locked: it fails here.
    if [[ "$(wasm-bindgen --version 2>/dev/null || true)" == "wasm-bindgen $wasm_bindgen_version"* ]]; then
      say "wasm: wasm-bindgen-cli $wasm_bindgen_version installed"
    else
      say "wasm: cargo install wasm-bindgen-cli $wasm_bindgen_version (~6 min)"
      cargo install -q wasm-bindgen-cli --version "$wasm_bindgen_version"
    fi

    if command -v wasm-opt >/dev/null; then
      say "wasm: wasm-opt present"
    else
      apt_install binaryen
    fi
  }

  # --------------------------------------------------------------- browser
  setup_browser() {
    if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
      say "browser: chromium + chromedriver present"
    else
      apt_install chromium chromium-driver
    fi

    local pkg="$repo/bindings-wasm"
    if [[ ! -f "$pkg/package.json" ]]; then
      say "browser: no bindings-wasm/package.json, skipping npm install"
      return 0
    fi
    if [[ -d "$pkg/node_modules" && ! "$pkg/package.json" -nt "$pkg/node_modules" \
          && ! ( -f "$pkg/package-lock.json" && "$pkg/package-lock.json" -nt "$pkg/node_modules" ) ]]; then
      say "browser: node_modules up to date"
    else
      command -v npm >/dev/null || apt_install npm
      say "browser: npm install in bindings-wasm"
      # Never `npx playwright install`: it downloads its own browser and fails here.
      (cd "$pkg" && npm install --no-audit --no-fund --loglevel=error)
      touch "$pkg/node_modules"
    fi
  }

  # ------------------------------------------------------------------ main
  local do_python=0 do_wasm=0 do_browser=0 arg
  [[ $# -eq 0 ]] && set -- all
  for arg in "$@"; do
    case "$arg" in
      python) do_python=1 ;;
      wasm) do_wasm=1 ;;
      browser) do_browser=1 ;;
      all) do_python=1 do_wasm=1 do_browser=1 ;;
      *) die "unknown part '$arg' (expected: python wasm browser all)" ;;
    esac
  done
  if [[ $do_python -eq 1 ]]; then setup_python; fi
  if [[ $do_wasm -eq 1 ]]; then setup_wasm; fi
  if [[ $do_browser -eq 1 ]]; then setup_browser; fi
  say "done"
)

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: run in the subshell, keep REPO for the caller ($REPO/.venv/bin/python).
  _matang_setup "$REPO" "$@"
  eval "unset -f _matang_setup; return $?"
else
  set -euo pipefail
  _matang_setup "$REPO" "$@"
fi
