"""The shipped stubs match the runtime (mypy.stubtest) and the package type-checks."""

from __future__ import annotations

import subprocess
import sys

from conftest import BINDING


def test_stubtest() -> None:
    out = subprocess.run(
        [
            sys.executable, "-m", "mypy.stubtest", "matang",
            "--mypy-config-file", "pyproject.toml",
            "--allowlist", "stubtest-allowlist.txt",
        ],
        cwd=BINDING, capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_on_package() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", "python/matang"],
        cwd=BINDING, capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_py_typed_is_shipped() -> None:
    assert (BINDING / "python" / "matang" / "py.typed").exists()
    assert (BINDING / "python" / "matang" / "_matang.pyi").exists()
