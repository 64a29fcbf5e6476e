"""Type stubs for the native module ``matang._matang`` (checked by ``mypy.stubtest``)."""

from typing import Any, Literal, final, overload

from ._types import Dimension, Gate, Indicator, Lang, Level, NextLevel

__all__ = ["NativePack", "Assessment", "__version__", "_panic_for_tests"]

__version__: str

@final
class Assessment:
    """The assessment of one item."""

    @property
    def id(self) -> str:
        """The item's id."""
    @property
    def name(self) -> str | None:
        """The item's name, or None."""
    @property
    def total(self) -> float:
        """Weighted total on the pack's scale (exact; displays round it)."""
    @property
    def score_100(self) -> float:
        """The total on a 0 to 100 scale."""
    @property
    def level(self) -> Level:
        """The level reached (after gates)."""
    @property
    def score_level(self) -> int:
        """The level the score alone would give (before gates)."""
    @property
    def dimensions(self) -> list[Dimension]:
        """Per dimension: score, coverage and whether the evidence is insufficient."""
    @property
    def indicators(self) -> list[Indicator]:
        """Per indicator: score and the reason in words."""
    @property
    def gates(self) -> list[Gate]:
        """The level gates and whether each passed."""
    @property
    def capped_by(self) -> list[str]:
        """The gates that cap the level below what the score gives."""
    @property
    def verified(self) -> list[dict[str, Any]]:
        """Verified values that differ from the self-assessed ones."""
    @property
    def missing(self) -> list[str]:
        """Evidence fields left blank."""
    @property
    def next_level(self) -> NextLevel | None:
        """What the next level needs (None at the top level)."""
    @property
    def eligible(self) -> bool:
        """Meets every selection condition of the pack."""
    @property
    def unmet(self) -> list[dict[str, str]]:
        """The selection conditions not met: id, label."""
    @property
    def warnings(self) -> list[str]:
        """Keys of the record that were ignored."""
    @property
    def lang(self) -> Lang:
        """The language of labels and reasons."""
    @property
    def pack(self) -> dict[str, str]:
        """The pack that produced it: id, version, fingerprint, matang."""
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data (the same fields as the JSON)."""
    def to_json(self) -> str:
        """The assessment as JSON (``from_json`` reads it back)."""
    @staticmethod
    def from_json(text: str) -> Assessment:
        """An assessment from ``to_json``'s text."""
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def to_svg(self, previous: Assessment | None = None) -> str:
        """The radar chart as SVG (``previous`` drawn dashed)."""
    def _repr_html_(self) -> str:
        """A compact view for notebooks: radar (sized to its column), level, dimension table, next step."""

@final
class NativePack:
    """A compiled rule pack (use ``matang.Pack``).

    ``assess_many``, ``score_records``, ``score_arrow``, ``score_file`` and
    ``rank`` score on matang's thread pool with the GIL released and stop on Ctrl-C: they
    raise ``KeyboardInterrupt`` (or whatever a signal handler raises) once their workers
    have stopped, between chunks of rows. ``load``, ``from_files`` and ``check`` release
    the GIL too. A forked child builds its own pool. A panic in native code raises
    ``matang.InternalError``.
    """

    @staticmethod
    def load(path: str) -> NativePack: ...
    @staticmethod
    def builtin(id: str) -> NativePack: ...
    @staticmethod
    def builtin_ids() -> list[str]: ...
    @staticmethod
    def from_files(files: dict[str, str]) -> NativePack: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    @overload
    def part(self, name: Literal["reference", "name", "description"]) -> dict[str, str]: ...
    @overload
    def part(self, name: Literal["scale"]) -> dict[str, Any]: ...
    @overload
    def part(self, name: Literal["schema", "dimensions", "indicators", "levels", "gates"]) -> list[dict[str, Any]]: ...
    @property
    def files(self) -> dict[str, str]: ...
    def assess(self, record: Any, lang: str = "id", strict: bool = False) -> Assessment: ...
    def score_arrow(self, data: Any, lang: str = "id", strict: bool = False) -> tuple[Any, list[str]] | None: ...
    def assess_many(self, data: Any, lang: str = "id", strict: bool = False) -> tuple[list[Any], list[str]]: ...
    def score_records(self, data: Any, lang: str = "id", strict: bool = False) -> tuple[Any, list[str]]: ...
    def score_file(
        self, path: str, lang: str = "id", strict: bool = False, sheet: str | None = None
    ) -> tuple[Any, list[str]]: ...
    def rank(
        self,
        data: Any,
        top: int | None = None,
        previous_totals: dict[str, float] | None = None,
        previous_records: Any = None,
        lang: str = "id",
        strict: bool = False,
    ) -> dict[str, Any]: ...
    def what_if(
        self, record: Any, changes: Any, lang: str = "id", strict: bool = False
    ) -> tuple[dict[str, Any], Assessment, Assessment]: ...
    def check(self) -> dict[str, Any]: ...
    def methodology_html(self, lang: str = "id") -> str: ...
    def action_plan(self, data: Any, by: str | None = None, lang: str = "id", markdown: bool = False) -> str: ...
    def vector_records(self) -> list[tuple[str, dict[str, Any]]]: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

def _panic_for_tests(message: str, on_pool: bool) -> None:
    """Panics on purpose, on this thread or on matang's thread pool, so that tests can check
    that a panic is raised as ``matang.InternalError``. Not for use."""
