"""Optional libraries: imported when a method needs one, with an error naming the extra
that installs it."""

from __future__ import annotations

import importlib
from types import ModuleType

#: The pyproject extra that installs each optional library.
_EXTRAS = {"pandas": "pandas", "pyarrow": "arrow", "polars": "polars", "matplotlib": "plot"}


def require(module: str, what: str) -> ModuleType:
    """Imports ``module`` for ``what`` (e.g. ``"Ranking.to_frame"``), or raises an
    :class:`ImportError` that says which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        top = module.split(".")[0]
        extra = _EXTRAS.get(top, top)
        raise ImportError(f'{what} needs {top}, which is not installed: pip install "matang[{extra}]"') from e
