#!/usr/bin/env bash
# Runs every fuzz target (pack.toml loader, .rhai rules inside a pack, CSV / JSON / JSON Lines
# record readers) for a bounded time each: SECONDS (default 30). Not part of scripts/test.sh;
# run it by hand, e.g. `scripts/fuzz.sh 600` for ten minutes per target.
#
# With a nightly toolchain and cargo-fuzz installed it uses libFuzzer (fuzz/); otherwise, or
# with MATANG_FUZZ_STABLE=1, the stable mutation loop (tests/src/bin/matang-fuzz.rs).
# A crash leaves its input in fuzz/artifacts/TARGET/; turn it into a regression test in
# tests/tests/adversarial.rs. Exits non-zero if any target crashed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs="${1:-30}"
targets=(pack_toml pack_rhai records)
failed=0

if [[ "${MATANG_FUZZ_STABLE:-}" != 1 ]] && command -v cargo-fuzz >/dev/null 2>&1 \
   && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "== cargo-fuzz (libFuzzer, nightly), ${secs}s per target"
  for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    if ! cargo +nightly fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1; then
      echo "!! $t crashed: see fuzz/artifacts/$t/" >&2
      failed=1
    fi
  done
else
  echo "== stable mutation loop, ${secs}s per target"
  cargo build -q --release -p matang-tests --bin matang-fuzz || exit 1
  for t in "${targets[@]}"; do
    if ! target/release/matang-fuzz "$t" "$secs"; then
      echo "!! $t crashed: see fuzz/artifacts/$t/" >&2
      failed=1
    fi
  done
fi
exit "$failed"
