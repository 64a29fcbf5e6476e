"""The notebook experience (issue 24): errors naming the extra to install, pandas-shaped
input, honest result columns, one message per problem and readable results."""

from __future__ import annotations

import sys
from pathlib import Path
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


def test_charts_and_a_missing_matplotlib(pack: matang.Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    thin = matang.Pack.from_files({"pack.toml": THIN_PACK})
    scores = thin.score_many(pd.DataFrame(THIN_ROWS[:3]))
    ax = thin.plot_dimensions(scores, lang="en")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B"]
    assert len(ax.patches) >= 6
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'Pack\.plot_dimensions needs matplotlib.*"matang\[plot\]"'):
        thin.plot_dimensions(scores)


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


# -- 3. honest result columns -------------------------------------------------------------

THIN_PACK = """
[pack]
id = "thin"
version = "0"
name = "thin"
[aggregation]
missing = "min_coverage"
min_coverage = 0.6
[[field]]
id = "x1"
type = "number"
label = "x1"
[[field]]
id = "x2"
type = "number"
label = "x2"
[[field]]
id = "y"
type = "number"
label = "y"
[[dimension]]
id = "A"
weight = 1
label = "A"
[[dimension]]
id = "B"
weight = 1
label = "B"
[[indicator]]
id = "a1"
dimension = "A"
label = "a1"
rule = "x1"
[[indicator]]
id = "a2"
dimension = "A"
label = "a2"
rule = "x2"
[[indicator]]
id = "b1"
dimension = "B"
label = "b1"
rule = "y"
[[level]]
rank = 1
id = "l1"
min = 0
label = "L1"
[[level]]
rank = 2
id = "l2"
min = 2
label = "L2"
"""

THIN_ROWS = [
    {"id": "half", "x1": 4},  # A has 1 of 2 indicators (< 0.6), B none: both insufficient
    {"id": "full", "x1": 4, "x2": 4, "y": 3},
    {"id": "zeros", "x1": 0, "x2": 0, "y": 0},  # a real zero is not insufficient
    {"id": "bad", "x1": "many"},
]


@pytest.fixture(scope="module")
def thin() -> matang.Pack:
    return matang.Pack.from_files({"pack.toml": THIN_PACK})


def test_insufficient_dimension_is_missing_and_flagged(thin: matang.Pack) -> None:
    pd = pytest.importorskip("pandas")
    t = pd.DataFrame(THIN_ROWS).pipe(thin.score_many).set_index("id")
    assert [c for c in t.columns if c.startswith(("dim_", "insufficient_"))] == [
        "dim_A", "dim_B", "insufficient_A", "insufficient_B"
    ]
    assert pd.isna(t.loc["half", "dim_A"]) and pd.isna(t.loc["half", "dim_B"])
    assert t.loc["half", "insufficient_A"] and t.loc["half", "insufficient_B"]
    assert t.loc["zeros", "dim_A"] == 0.0 and not t.loc["zeros", "insufficient_A"]
    assert t.loc["full", "dim_B"] == 3.0 and not t.loc["full", "insufficient_B"]
    assert pd.isna(t.loc["bad", "insufficient_A"])  # a row that failed has no answer
    assert str(t["insufficient_A"].dtype) == "boolean" and str(t["dim_A"].dtype) == "float64"
    # The same in every frame type and in score_arrow.
    pa = pytest.importorskip("pyarrow")
    arrow = thin.score_many(pa.Table.from_pandas(pd.DataFrame(THIN_ROWS[:3])))
    assert arrow.column("dim_A").to_pylist() == [None, 4.0, 0.0]
    assert arrow.column("insufficient_B").to_pylist() == [True, False, False]
    assert thin.score_arrow(THIN_ROWS).schema == thin.arrow_schema()
    pl = pytest.importorskip("polars")
    polars = thin.score_many(pl.from_pandas(pd.DataFrame(THIN_ROWS[:3])))
    assert polars["dim_A"].to_list() == [None, 4.0, 0.0]
    assert polars["insufficient_A"].to_list() == [True, False, False]


# -- 4. one message per problem -----------------------------------------------------------


@pytest.mark.filterwarnings("ignore::matang.MatangWarning")
def test_a_missing_required_column_is_one_message_with_close_matches(
    pack: matang.Pack, portfolio: Any
) -> None:
    renamed = portfolio.rename(columns={"stage": "Stage"})
    dropped = portfolio.drop(columns="stage")
    for call in (pack.score_many, pack.assess_many, pack.rank, pack.score_arrow):
        with pytest.raises(matang.InputError) as e:
            call(renamed)
        assert "'stage'" in str(e.value) and "did you mean 'Stage'" in str(e.value)
        with pytest.raises(matang.InputError) as e:
            call(dropped)
        assert str(e.value).count("stage") == 1 and "row" not in str(e.value)
    with pytest.raises(matang.InputError, match="'stage'"):
        pack.score_many({"id": ["a"], "assessed_on": ["2019-10-01"]})


@pytest.mark.filterwarnings("ignore::matang.MatangWarning")
def test_row_problems_name_the_index_label(pack: matang.Pack, portfolio: Any) -> None:
    sub = portfolio[portfolio["opd"] != "Dinas Perikanan"].copy()
    label = sub.index[4]
    assert label != 4
    sub.loc[label, "trained_staff"] = -5
    message = sub.pipe(pack.score_many).loc[label, "error"]
    assert f"(index {label})" in message and "row 4" not in message
    bad = [r for r in pack.assess_many(sub) if isinstance(r, matang.MatangError)]
    assert len(bad) == 1 and f"(index {label})" in str(bad[0])
    ranked = [r["error"] for r in pack.rank(sub).ranking if r.get("error")]
    assert len(ranked) == 1 and f"(index {label})" in ranked[0]


# -- 5. readable results ------------------------------------------------------------------


def _svg_widths(html: str) -> list[float]:
    import re

    return [float(w) for w in re.findall(r'<svg[^>]* width="([\d.]+)"', html)]


@pytest.mark.filterwarnings("ignore::matang.MatangWarning")
def test_results_print_as_one_short_line(pack: matang.Pack, portfolio: Any) -> None:
    last_year = {"QW-01": 3.0, "QW-02": 1.0}
    results = {
        "assessment": pack.assess(portfolio.iloc[5]),
        "ranking": pack.rank(portfolio, previous=last_year),
        "what_if": pack.what_if(portfolio.iloc[4], {"stage": "integrated"}),
    }
    for name, result in results.items():
        text = repr(result)
        assert "\n" not in text and len(text) <= 200, (name, text)
    # Numbers in displays are rounded to the pack's decimals (2), never 22.000000000000004.
    a = results["assessment"]
    assert f"total={a.total:.2f}" in repr(a)
    w = results["what_if"]
    assert f"{w.after.total:.2f}" in repr(w) and "level" in repr(w)
    assert "selected" in repr(results["ranking"])


@pytest.mark.filterwarnings("ignore::matang.MatangWarning")
def test_html_views_are_compact_with_a_bounded_radar(pack: matang.Pack, portfolio: Any) -> None:
    a = pack.assess(portfolio.iloc[5])
    html = a._repr_html_()
    assert _svg_widths(html) and all(w <= 360 for w in _svg_widths(html))
    w = pack.what_if(portfolio.iloc[4], {"stage": "integrated"})
    html = w._repr_html_()
    assert "<table" in html and _svg_widths(html) and all(x <= 360 for x in _svg_widths(html))
    assert w.dimensions[0]["label"] in html
    ranking = pack.rank(portfolio)
    html = ranking._repr_html_()
    assert html.count("<tr>") <= 21 and ranking.ranking[0]["id"] in html
    assert len(html) < 20_000


# -- 6. types and help ---------------------------------------------------------------------


def _public_members(cls: type) -> list[str]:
    return [n for n in vars(cls) if not n.startswith("_") or n in ("__repr__", "_repr_html_")]


def test_every_public_member_has_a_docstring() -> None:
    import inspect

    undocumented = []
    for cls in (matang.Pack, matang.Ranking, matang.WhatIf, matang.Assessment):
        for name in _public_members(cls):
            member = inspect.getattr_static(cls, name)
            if isinstance(member, (classmethod, staticmethod)):
                member = member.__func__
            if callable(member) or isinstance(member, property) or type(member).__name__ == "getset_descriptor":
                if not (getattr(member, "__doc__", None) or "").strip():
                    undocumented.append(f"{cls.__name__}.{name}")
    assert undocumented == []
    # Dataclass fields are documented in the class docstring's attribute docs (the stubs).
    import pydoc

    text = pydoc.render_doc(matang.Pack, renderer=pydoc.plaintext)
    assert "Pack(native" not in text and "Pack(*args" not in text
    assert ":meth:`builtin`" in text and "from_files" in text


def test_stubs_type_structured_results_and_lang() -> None:
    stub = (Path(matang.__file__).parent / "_matang.pyi").read_text()
    for typed in ("def level(self) -> Level", "def dimensions(self) -> list[Dimension]",
                  "def indicators(self) -> list[Indicator]", "def gates(self) -> list[Gate]",
                  "def next_level(self) -> NextLevel | None", "def lang(self) -> Lang"):
        assert typed in stub
    import typing

    from matang import _types

    assert typing.get_args(_types.Lang) == ("id", "en")
    hints = typing.get_type_hints(matang.Pack.assess)
    assert hints["lang"] == _types.Lang


@pytest.mark.filterwarnings("ignore::matang.MatangWarning")
def test_a_row_of_a_frame_indexed_by_id_keeps_its_id(pack: matang.Pack, portfolio: Any) -> None:
    row = portfolio.set_index("id").loc["QW-02"]
    assert pack.assess(row).id == "QW-02"
    assert pack.what_if(row, {"trained_staff": 4}).after.id == "QW-02"
