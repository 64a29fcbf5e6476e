"""The evidence template round trip: ``matang template`` writes the xlsx form, a NEW row is
filled in programmatically as an office would (dropdown words, dates as dates, numbers as
numbers), and ``Pack.assess_file`` scores it exactly as ``Pack.assess`` scores the same
record given as a dict."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

import matang
from conftest import REPO, strong_record

openpyxl = pytest.importorskip("openpyxl")


def matang_binary() -> Path:
    """The ``matang`` command built by cargo (``MATANG_BIN`` names another); built here
    when it is missing or stale (a no-op when it is up to date)."""
    given = os.environ.get("MATANG_BIN")
    if given:
        return Path(given)
    subprocess.run(["cargo", "build", "-q", "-p", "matang", "--features", "cli"], cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "debug" / "matang"


def cell(field: dict[str, Any], value: Any) -> Any:
    """``value`` as an office types it into the form: the dropdown's word for a yes/no, a
    date cell for a date, numbers as numbers."""
    if field["type"] == "boolean":
        return "ya" if value else "tidak"
    if field["type"] == "date":
        return dt.date.fromisoformat(value)
    return value


def test_a_new_row_filled_in_the_xlsx_template_scores_as_the_same_record(tmp_path: Path) -> None:
    form = tmp_path / "bukti.xlsx"
    run = subprocess.run(
        [str(matang_binary()), "template", "smart-city-quickwin", "-o", str(form)],
        cwd=REPO, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
    pack = matang.Pack.builtin("smart-city-quickwin")
    fields = {f["id"]: f for f in pack.schema}
    record = strong_record("QW-FORM") | {"followups_done": 4, "ikm_score": 81.5}

    book = openpyxl.load_workbook(form)
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["id", "name"] and set(header[2:]) == set(fields)
    # Every column of the form gets a value: the record covers the whole schema.
    assert set(header) <= set(record), set(header) - set(record)
    example = [c.value for c in sheet[2]]
    assert example[0] and example[0] != "QW-FORM", "row 2 is the template's example"
    row = sheet.max_row + 1
    assert row == 3
    for col, name in enumerate(header, start=1):
        value = record[name]
        sheet.cell(row=row, column=col, value=cell(fields[name], value) if name in fields else value)
    book.save(form)

    scores = pack.assess_file(form).set_index("id")
    assert len(scores) == 2, "the example row and the new row"
    mine = scores.loc["QW-FORM"]
    direct = pack.assess(record)
    assert mine["total"] == pytest.approx(direct.total, abs=1e-12)
    assert int(mine["level_rank"]) == direct.level["rank"]
    for d in direct.dimensions:
        assert mine[f"dim_{d['id']}"] == pytest.approx(d["score"], abs=1e-12), d["id"]
