"""The example notebook runs from top to bottom (nbclient), so it can never go stale, and
shows what an analyst expects: its outputs are checked, not just executed."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import BINDING


def test_portfolio_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl")
    monkeypatch.setenv("MATANG_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(BINDING / "examples" / "portfolio.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(BINDING / "examples")}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # The chart and the workbook were written.
    assert (tmp_path / "dimension-scores.png").stat().st_size > 1000
    sheets = pd.read_excel(tmp_path / "portfolio-scores.xlsx", sheet_name=None)
    assert set(sheets) == {"skor", "peringkat"} and len(sheets["skor"]) == 14
    assert any(c.startswith("insufficient_") for c in sheets["skor"].columns)
    assert "previous_total" in sheets["peringkat"].columns
    # The Indonesian CSV scored without errors; ranking, what-if and assessment are shown.
    assert "14 quickwins" in text and "dimensions with insufficient evidence" in text
    assert "<Ranking 14 items, 4 selected" in text and "progress:" in text
    assert "<WhatIf id='QW-" in text
    assert any("matang-ranking" in h for h in html)
    assert any("matang-what-if" in h and "<svg" in h for h in html)
    assert any("matang-assessment" in h and "<svg" in h for h in html)
    # Every radar is sized to its column.
    import re

    widths = [float(w) for h in html for w in re.findall(r'<svg[^>]* width="([\d.]+)"', h)]
    assert widths and max(widths) <= 360
    # Rendered to one HTML page, as it is shared: the ranking, the what-if and the radars.
    from nbconvert import HTMLExporter

    page, _ = HTMLExporter().from_notebook_node(nb)
    artifacts = BINDING.parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "portfolio-notebook.html").write_text(page, encoding="utf-8")
    assert "14 quickwins" in page and "matang-ranking" in page and "matang-what-if" in page and "<svg" in page
