"""Shared fixtures for the matang Python tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import matang

BINDING = Path(__file__).resolve().parents[1]
REPO = BINDING.parent
PACK_ID = "smart-city-quickwin"


def strong_record(id: str = "QW-STRONG") -> dict[str, Any]:
    """A well-evidenced quickwin that reaches a high level."""
    return {
        "id": id,
        "name": "Sipipa",
        "opd": "Diskominfo",
        "pillar": "economy",
        "verification": "site_visit",
        "assessed_on": "2019-10-01",
        "stage": "integrated",
        "start_date": "2017-11-13",
        "go_live_date": "2018-01-15",
        "legal_basis": "perbup",
        "sop_available": True,
        "trained_staff": 12,
        "staff_needed": 10,
        "dedicated_admin": True,
        "budget_idr": 450_000_000,
        "budget_next_year": True,
        "milestones_due": 10,
        "milestones_on_time": 9,
        "uptime_pct": 99.5,
        "spbe_integration": "api",
        "target_users": 10_000,
        "active_users_month": 8_000,
        "transactions_month": 40_000,
        "ikm_score": 88.0,
        "beneficiary_interviews": 30,
        "novelty": "new_national",
        "private_substitute": "none",
        "national_overlap": "none",
        "replicated_units": 4,
        "roadmap_planned": 10,
        "roadmap_realised": 9,
        "followups_total": 5,
        "followups_done": 5,
    }


def weak_record(id: str = "QW-WEAK") -> dict[str, Any]:
    """A young quickwin with little evidence."""
    return {"id": id, "name": "Satrio", "assessed_on": "2019-10-01", "stage": "pilot", "trained_staff": 1}


@pytest.fixture(scope="session")
def pack() -> matang.Pack:
    return matang.Pack.builtin(PACK_ID)


def cluster_enabled() -> bool:
    return os.environ.get("MATANG_SKIP_CLUSTER", "") != "1"


def as_pandas(table: Any) -> Any:
    """A score table in the caller's frame type (pyarrow, polars) as the pandas frame
    ``score_many`` gives for pandas input: the same values and dtypes."""
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        return table
    import pyarrow as pa

    table = pa.table(table)
    def dtype(t: Any) -> Any:
        if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
            return pd.StringDtype()
        if pa.types.is_integer(t):
            return pd.Int64Dtype()
        return pd.BooleanDtype() if pa.types.is_boolean(t) else None

    return table.to_pandas(types_mapper=dtype)
