"""Careless tables: misnamed and unknown columns, and duplicate ids.

A column that looks like a field is an error with a suggestion on every path; other unknown
columns warn once per call (``MatangWarning``), or raise with ``strict=True``; an id is
ranked once.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

import matang
from conftest import strong_record, weak_record

SUGGESTION = "column 'go_live' is not a field of pack 'smart-city-quickwin'; did you mean 'go_live_date'?"


def misnamed(i: int) -> dict[str, Any]:
    """A strong record whose go-live date is under a misnamed column."""
    r = strong_record(f"QW-{i}")
    r["go_live"] = r.pop("go_live_date")
    return r


def with_extra(i: int) -> dict[str, Any]:
    r = strong_record(f"QW-{i}")
    r["colour"] = "red"
    r["notes"] = "n"
    return r


def table_inputs(make: Any, n: int = 3) -> list[Any]:
    """The same rows as a list of dicts, a dict of columns, pandas and pyarrow."""
    rows = [make(i) for i in range(n)]
    frame = pd.DataFrame(rows)
    return [rows, {k: [r[k] for r in rows] for k in rows[0]}, frame, pa.Table.from_pandas(frame)]


def test_a_misnamed_column_raises_with_a_suggestion_everywhere(pack: matang.Pack, tmp_path: Path) -> None:
    with pytest.raises(matang.EvidenceError) as e:
        pack.assess(misnamed(0))
    assert SUGGESTION in str(e.value)
    assert e.value.field == "go_live"
    with pytest.raises(matang.EvidenceError, match="did you mean 'go_live_date'"):
        pack.what_if(strong_record(), {"go_live": "2018-01-01"})
    for data in table_inputs(misnamed):
        for call in (pack.score_many, pack.score_arrow, pack.assess_many, pack.rank):
            with pytest.raises(matang.InputError) as e:
                call(data)
            assert str(e.value) == SUGGESTION, (call, type(data))
    with pytest.raises(matang.InputError, match="did you mean 'go_live_date'"):
        pack.rank([strong_record()], previous=[misnamed(0)])
    path = tmp_path / "p.csv"
    pd.DataFrame([misnamed(0)]).to_csv(path, index=False)
    with pytest.raises(matang.InputError) as e:
        pack.assess_file(path)
    assert str(e.value) == f"{path}:1: {SUGGESTION}"
    assert (e.value.source, e.value.line) == (str(path), 1)


def test_case_and_separators_are_lookalikes_too(pack: matang.Pack) -> None:
    row = strong_record()
    row["Trained Staff"] = row.pop("trained_staff")
    with pytest.raises(matang.InputError, match="column 'Trained Staff' is not a field .* did you mean 'trained_staff'"):
        pack.score_many([row])


def test_other_unknown_columns_warn_once_per_call(pack: matang.Pack, tmp_path: Path) -> None:
    want = "2 columns are not fields of pack 'smart-city-quickwin' and are ignored: 'colour', 'notes'"
    for data in table_inputs(with_extra, n=50):
        for call in (pack.score_many, pack.score_arrow, pack.assess_many, pack.rank):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                call(data)
            messages = [str(w.message) for w in caught if issubclass(w.category, matang.MatangWarning)]
            assert messages == [want], (call, type(data))
            # Attributed to the caller's line, not to matang's own code.
            assert caught[0].filename == __file__
    path = tmp_path / "p.csv"
    pd.DataFrame([with_extra(i) for i in range(20)]).to_csv(path, index=False)
    with pytest.warns(matang.MatangWarning, match="'colour', 'notes'"):
        pack.assess_file(path)
    with pytest.warns(matang.MatangWarning, match="column 'colour' is not a field"):
        pack.assess({**strong_record(), "colour": "red"})
    with pytest.warns(matang.MatangWarning, match="column 'colour' is not a field"):
        pack.what_if(strong_record(), {"colour": "red"})
    assert issubclass(matang.MatangWarning, UserWarning)


def test_strict_refuses_every_unknown_column(pack: matang.Pack, tmp_path: Path) -> None:
    with pytest.raises(matang.EvidenceError, match="column 'colour' is not a field"):
        pack.assess({**strong_record(), "colour": "red"}, strict=True)
    with pytest.raises(matang.EvidenceError, match="column 'colour' is not a field"):
        pack.what_if(strong_record(), {"colour": "red"}, strict=True)
    for data in table_inputs(with_extra):
        for call in (pack.score_many, pack.score_arrow, pack.assess_many, pack.rank):
            with pytest.raises(matang.InputError, match="column 'colour' is not a field"):
                call(data, strict=True)
    path = tmp_path / "p.csv"
    pd.DataFrame([with_extra(0)]).to_csv(path, index=False)
    with pytest.raises(matang.InputError, match="column 'colour' is not a field"):
        pack.assess_file(path, strict=True)
    # Fields, id, name (and a previous total) are never refused.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pack.assess(strong_record(), strict=True)
        pack.score_many([strong_record()], strict=True)
        pack.rank([strong_record()], previous=[{"id": "QW-STRONG", "total": 3.0}], strict=True)


def test_rank_selects_an_id_once_and_names_both_rows(pack: matang.Pack) -> None:
    rows = [strong_record("QW-A"), weak_record("QW-B"), strong_record("QW-A"), strong_record("QW-C")]
    for data in (rows, pd.DataFrame(rows)):
        r = pack.rank(data, top=4)
        assert r.selected.count("QW-A") == 1, r.selected
        errors = [i["error"] for i in r.ranking if i["error"]]
        assert len(errors) == 1 and "id 'QW-A' appears twice: row 0 and row 2" in errors[0], errors


def test_a_duplicate_id_in_previous_records_is_reported_not_overwritten(pack: matang.Pack) -> None:
    previous = [{"id": "QW-STRONG", "total": 1.0}, {"id": "QW-STRONG", "total": 4.9}]
    r = pack.rank([strong_record()], previous=previous)
    assert any("id 'QW-STRONG' appears twice: row 0 and row 1" in w for w in r.warnings), r.warnings
    assert r.ranking[0]["progress"]["previous_total"] == 1.0
