"""The exceptions of matang.

Every error raised by matang derives from :class:`MatangError`. The native module raises
them through one mapping (``src/errors.rs``), by the kind of the core error.
"""

from __future__ import annotations

__all__ = [
    "MatangError",
    "PackError",
    "EvidenceError",
    "RuleError",
    "InputError",
    "FileError",
    "UsageError",
    "InternalError",
    "MatangWarning",
]


class MatangError(Exception):
    """Base class of every matang error. ``message`` is the full text."""

    kind: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PackError(MatangError, ValueError):
    """A rule pack cannot be loaded: bad TOML, a semantic mistake, or a script that does not
    compile. ``file`` is relative to the pack folder; ``line``/``column`` are 1-based (0 when
    unknown)."""

    kind = "pack"

    def __init__(self, message: str, file: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column


class EvidenceError(MatangError, ValueError):
    """A record's evidence does not fit the pack's schema (wrong type, out of range,
    unknown enum value, a required field missing, or a Python value matang cannot read).

    ``record`` is the record's id (or ``row N`` in a batch); ``problems`` lists
    ``(field, message)`` pairs, one per bad field."""

    kind = "evidence"

    def __init__(
        self, message: str, record: str = "", problems: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.record = record
        self.problems: list[tuple[str, str]] = [(f, m) for f, m in problems or []]

    @property
    def fields(self) -> list[str]:
        """The names of the bad fields."""
        return [f for f, _ in self.problems]

    @property
    def field(self) -> str | None:
        """The first bad field, or None."""
        return self.problems[0][0] if self.problems else None


class RuleError(MatangError):
    """A rule script failed while assessing one record (a sandbox limit, a wrong return
    type...). ``file``/``line``/``column`` point into the pack."""

    kind = "rule"

    def __init__(
        self, message: str, record: str = "", file: str = "", line: int = 0, column: int = 0
    ) -> None:
        super().__init__(message)
        self.record = record
        self.file = file
        self.line = line
        self.column = column


class InputError(MatangError, ValueError):
    """An input file (CSV, JSON, JSON Lines) cannot be read, or a table's columns do not fit
    the pack: a column that looks like a field (``column 'go_live' is not a field of pack
    'smart-city-quickwin'; did you mean 'go_live_date'?``), or with ``strict=True`` any
    column that is not a field. ``source`` is the file (empty for a table in memory) and
    ``line`` its 1-based line (0 when unknown)."""

    kind = "input"

    def __init__(self, message: str, source: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.source = source
        self.line = line


class FileError(MatangError, OSError):
    """A file or folder could not be opened or read (e.g. ``Pack.load`` on a missing path)."""

    kind = "io"

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


class UsageError(MatangError, ValueError):
    """Something asked for does not exist: an unknown built-in pack, language or option."""

    kind = "usage"


class InternalError(MatangError, RuntimeError):
    """A bug in matang: its native code panicked. The message says where; please report it.

    The call that hit it raises this (a batch call loses that batch's results); the process
    and the pack stay usable. It is never PyO3's ``PanicException``, which derives from
    ``BaseException`` and would escape ``except Exception``."""

    kind = "internal"


class MatangWarning(UserWarning):
    """Something in the input was ignored, e.g. columns that are not fields of the pack
    (shown once per call with :func:`warnings.warn`; ``strict=True`` raises instead)."""
