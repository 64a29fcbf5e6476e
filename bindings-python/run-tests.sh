#!/usr/bin/env bash
# Builds the matang Python package into the project's virtual environment and runs its
# tests. Assumes `scripts/setup.sh python` already created /work/main/.venv (or $VENV).
#
#   bindings-python/run-tests.sh            # everything, including local Dask and Spark clusters
#   MATANG_SKIP_CLUSTER=1 bindings-python/run-tests.sh   # without the cluster tests
#   bindings-python/run-tests.sh -k assess  # extra arguments go to pytest
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
venv="${VENV:-$repo/.venv}"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "no virtual environment at $venv: run scripts/setup.sh python first" >&2
    exit 2
fi

cd "$here"
"$venv/bin/maturin" develop --release
# Workers started by Dask and Spark must use the same interpreter.
export PYSPARK_PYTHON="$venv/bin/python"
export PYSPARK_DRIVER_PYTHON="$venv/bin/python"
export PATH="$venv/bin:$PATH"
exec "$venv/bin/python" -m pytest "$@"
