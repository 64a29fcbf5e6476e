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
