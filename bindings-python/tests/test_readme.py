"""Every ```python block of the project README and of this binding's README runs.

Blocks of one file run in order in one namespace, so later blocks may use names defined by
earlier ones. Nothing is skipped. The working directory is the repository root, so paths
such as ``rules/smart-city-quickwin/examples/portfolio.csv`` work as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BINDING, REPO

BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)
READMES = [REPO / "README.md", BINDING / "README.md"]


def blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(REPO)))
def test_readme_python_blocks_run(readme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if readme == REPO / "README.md" and not readme.exists():
        pytest.skip("the project README.md is not written yet")
    assert readme.exists(), f"{readme} is missing"
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for i, code in enumerate(blocks(readme)):
        try:
            exec(compile(code, f"{readme.name}[python block {i + 1}]", "exec"), namespace)
        except Exception as e:  # pragma: no cover - the message is the point
            raise AssertionError(f"{readme} python block {i + 1} failed: {e!r}\n{code}") from e


def test_binding_readme_has_examples() -> None:
    assert blocks(BINDING / "README.md"), "bindings-python/README.md should show Python usage"
