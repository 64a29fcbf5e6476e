"""The example notebook runs from top to bottom (nbclient), so it can never go stale."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import BINDING


def test_portfolio_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATANG_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(BINDING / "examples" / "portfolio.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(BINDING / "examples")}}
    )
    client.execute()
    assert (tmp_path / "dimension-scores.png").stat().st_size > 1000
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("matang-assessment" in h and "<svg" in h for h in html), "the Assessment's HTML repr (radar chart) is shown"
