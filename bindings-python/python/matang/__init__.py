"""matang: maturity scoring of public-sector digital initiatives with Rhai rule packs.

>>> import matang
>>> pack = matang.Pack.builtin("smart-city-quickwin")
>>> a = pack.assess({"id": "QW-1", "assessed_on": "2019-10-01", "stage": "live"})
>>> a.level["rank"] >= 1
True
"""

from ._errors import (
    EvidenceError,
    FileError,
    InputError,
    InternalError,
    MatangError,
    MatangWarning,
    PackError,
    RuleError,
    UsageError,
)
from ._allocator import native_module_options

with native_module_options():
    from ._matang import Assessment, NativePack, __version__
from ._pack import Assessments, CheckReport, Pack, Ranking, WhatIf
from ._types import Dimension, Gate, Indicator, Lang, Level, NextLevel

__all__ = [
    "Assessment",
    "Assessments",
    "CheckReport",
    "Dimension",
    "EvidenceError",
    "FileError",
    "Gate",
    "Indicator",
    "InputError",
    "InternalError",
    "Lang",
    "Level",
    "MatangError",
    "MatangWarning",
    "NativePack",
    "NextLevel",
    "Pack",
    "PackError",
    "Ranking",
    "RuleError",
    "UsageError",
    "WhatIf",
    "__version__",
]
