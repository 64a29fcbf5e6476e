"""``Ranking.plan()``: the ranked items' action plans as a DataFrame, the rows of
``Pack.action_plan`` in ranking order."""

from __future__ import annotations

import pandas as pd
import pytest

import matang
from conftest import REPO

PORTFOLIO = REPO / "rules/smart-city-quickwin/examples/portfolio.csv"


def test_ranking_plan_is_the_action_plan_in_ranking_order() -> None:
    pack = matang.Pack.builtin("smart-city-quickwin")
    portfolio = pd.read_csv(PORTFOLIO)
    ranking = pack.rank(portfolio, lang="en")
    plan = ranking.plan()
    same = pack.action_plan(portfolio, lang="en")
    assert list(plan.columns) == list(same.columns)
    # The same rows, each item's changes together and in their order, items as ranked.
    key = ["id", "field", "to"]
    assert sorted(map(tuple, plan[key].values)) == sorted(map(tuple, same[key].values))
    ranked = [item["id"] for item in ranking.ranking if not item.get("error")]
    order = list(dict.fromkeys(plan["id"]))
    assert order == [i for i in ranked if i in order]
    for item_id, rows in plan.groupby("id", sort=False):
        assert list(rows["field"]) == list(same[same["id"] == item_id]["field"])
    # In the ranking's language.
    assert set(plan["step"]) == set(same["step"])
    assert not plan["step"].str.contains("naikkan|sudah di level", regex=True).any()


def test_ranking_plan_by_office_keeps_the_groups() -> None:
    pack = matang.Pack.builtin("smart-city-quickwin")
    ranking = pack.rank(pd.read_csv(PORTFOLIO))
    plan = ranking.plan(by="opd")
    assert plan.columns[0] == "opd"
    groups = list(dict.fromkeys(plan["opd"]))
    assert groups == sorted(groups)
    sipipa = plan[plan["id"] == "QW-02"]
    assert list(sipipa["target_level"]) == ["4"] and sipipa["opd"].iloc[0] == "Dinas Perikanan"


def test_a_ranking_built_by_hand_has_no_plan() -> None:
    ranking = matang.Ranking(selected=[], ranking=[], top=0, eligible=0, progress_summary={})
    with pytest.raises(ValueError, match="Pack.rank"):
        ranking.plan()
