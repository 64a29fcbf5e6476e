"""The notebook experience (issue 24): errors naming the extra to install, pandas-shaped
input, honest result columns, one message per problem and readable results."""

from __future__ import annotations

import sys
from typing import Any

import pytest

import matang

from conftest import strong_record, weak_record


# -- 1. a missing optional library names the extra that installs it -------------------


def test_missing_pandas_names_the_extra(pack: matang.Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    ranking = pack.rank([strong_record(), weak_record()])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r'Ranking\.to_frame needs pandas.*pip install "matang\[pandas\]"'):
        ranking.to_frame()
    with pytest.raises(ImportError, match=r'Pack\.score_many needs pandas.*"matang\[pandas\]"'):
        pack.score_many([strong_record()])


def test_missing_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from matang import _frames

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r'"matang\[arrow\]"'):
        _frames.pyarrow_table(object())


# -- 2. inputs as pandas users pass them -----------------------------------------------

from conftest import REPO  # noqa: E402

EXAMPLES = REPO / "rules" / "smart-city-quickwin" / "examples"


@pytest.fixture(scope="module")
def portfolio() -> Any:
    pd = pytest.importorskip("pandas")
    return pd.read_csv(EXAMPLES / "portfolio.csv")


@pytest.mark.filterwarnings("ignore::matang.MatangWarning")
def test_a_series_is_one_record(pack: matang.Pack, portfolio: Any) -> None:
    row = portfolio.iloc[5]
    expected = pack.assess(row.to_dict() | {k: v.item() for k, v in row.items() if hasattr(v, "item")})
    assert pack.assess(row).total == expected.total
    (one,) = pack.assess_many(row)
    assert isinstance(one, matang.Assessment) and one.total == expected.total
    table = pack.score_many(row)
    assert list(table.index) == [5]
    assert table["total"].iloc[0] == expected.total
    assert table["id"].iloc[0] == row["id"]


@pytest.mark.filterwarnings("ignore::matang.MatangWarning")
def test_previous_in_every_pandas_shape(pack: matang.Pack, portfolio: Any) -> None:
    pd = pytest.importorskip("pandas")
    last_year = pd.read_csv(EXAMPLES / "previous-2018.csv")
    by_records = pack.rank(portfolio, previous=last_year)
    totals = pack.score_many(last_year).set_index("id")["total"]
    shapes = {
        "series": totals,
        "dict": totals.to_dict(),
        "id,total": totals.reset_index(),
    }
    expected = [(r["id"], (r["progress"] or {}).get("status")) for r in by_records.ranking]
    assert any(status not in (None, "new") for _, status in expected)
    for name, previous in shapes.items():
        got = pack.rank(portfolio, previous=previous)
        assert [(r["id"], (r["progress"] or {}).get("status")) for r in got.ranking] == expected, name


def test_other_shapes_are_refused_up_front(pack: matang.Pack) -> None:
    np = pytest.importorskip("numpy")
    grid = np.zeros((3, 4))
    for call in (pack.score_many, pack.assess_many):
        with pytest.raises(TypeError, match=r"expected a list of dicts.*pandas DataFrame.*got numpy\.ndarray of shape \(3, 4\)"):
            call(grid)
    with pytest.raises(TypeError, match=r"previous= takes .*dict \{id: total\}.*Series of totals.*got numpy\.ndarray"):
        pack.rank([strong_record()], previous=grid)
    with pytest.raises(TypeError, match="expected a list of dicts"):
        pack.score_many("QW-01")
