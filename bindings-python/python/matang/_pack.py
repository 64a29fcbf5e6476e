"""The public :class:`Pack`: a thin Python wrapper over the native ``NativePack`` that adds
DataFrame input and output. All scoring happens in Rust."""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, Union

from . import _display, _frames
from ._errors import InputError, MatangError, MatangWarning
from ._matang import Assessment, NativePack
from ._optional import require
from ._types import Dimension, Gate, Indicator, Lang, Level

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["Assessments", "Pack", "Ranking", "WhatIf", "CheckReport"]

_TABLE_MOVED = (
    "Pack.assess_many now returns explained results (a list of Assessment); "
    "for the numbers table use Pack.score_many"
)


class Assessments(list["Assessment | MatangError"]):
    """The results of :meth:`Pack.assess_many`: one :class:`Assessment` (or the
    :class:`MatangError` of a row that could not be assessed) per input row.

    Deprecated, until the next minor release: a column name as index (``results["total"]``) or a DataFrame
    attribute (``results.columns``) gives that of :meth:`Pack.score_many`'s table, which
    ``assess_many`` returned before, with a :class:`DeprecationWarning`."""

    def __init__(self, items: Iterable[Assessment | MatangError], score_table: Any) -> None:
        super().__init__(items)
        self._score_table = score_table
        self._table: Any = None

    def _old_table(self) -> pd.DataFrame:
        warnings.warn(_TABLE_MOVED, DeprecationWarning, stacklevel=3)
        if self._table is None:
            self._table = self._score_table()
        return self._table

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            import pandas as pd
        except ImportError:
            raise AttributeError(name) from None
        if not hasattr(pd.DataFrame, name):
            raise AttributeError(name)
        return getattr(self._old_table(), name)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str) or (isinstance(key, list) and key and all(isinstance(k, str) for k in key)):
            return self._old_table()[key]
        return super().__getitem__(key)


#: Last year's results for :meth:`Pack.rank`: ``{id: total}``, or last year's records.
PreviousLike = Union[Mapping[str, float], Any]


def _warn(messages: Iterable[str]) -> None:
    """Shows each message as a :class:`MatangWarning` attributed to the caller's code (the
    first frame outside this package)."""
    messages = list(messages)
    if not messages:
        return
    level, frame = 2, sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("matang."):
        frame, level = frame.f_back, level + 1
    for m in messages:
        warnings.warn(m, MatangWarning, stacklevel=level)


class CheckReport(TypedDict):
    """Result of :meth:`Pack.check`."""

    pack: str
    ran: int
    failures: list[str]
    passed: bool


@dataclass(frozen=True)
class Ranking:
    """A ranked portfolio with its selection (the same fields as the CLI's JSON)."""

    selected: list[str]
    """Ids of the selected items, best first."""
    ranking: list[dict[str, Any]]
    """Every item, best first: position, id, name, total, score_100, level, eligible,
    selected, reason (why not selected), progress, error."""
    top: int
    """How many items were to be selected."""
    eligible: int
    """How many items meet every selection condition."""
    progress_summary: dict[str, int]
    """How many items are plus, minus, flat or new against ``previous``."""
    warnings: list[str] = field(default_factory=list)
    """Problems that did not stop the ranking, e.g. an id given twice in ``previous``."""
    pack: dict[str, str] = field(default_factory=dict)
    """The pack that ranked: id, version, fingerprint, matang."""
    decimals: int = field(default=2, repr=False, compare=False)
    """Decimals the pack shows scores with (displays only; the values stay exact)."""
    lang: Lang = field(default="id", repr=False, compare=False)
    """The language of labels and reasons."""
    _ranked: tuple[Pack, Any] | None = field(default=None, repr=False, compare=False)
    """The pack and the items it ranked, for :meth:`plan`."""

    @classmethod
    def _from_dict(
        cls, d: dict[str, Any], decimals: int = 2, lang: Lang = "id", ranked: tuple[Pack, Any] | None = None
    ) -> Ranking:
        return cls(
            selected=d["selected"],
            ranking=d["ranking"],
            top=d["top"],
            eligible=d["eligible"],
            progress_summary=d["progress_summary"],
            warnings=d.get("warnings", []),
            pack=d["pack"],
            decimals=decimals,
            lang=lang,
            _ranked=ranked,
        )

    def plan(self, *, by: str | None = None) -> pd.DataFrame:
        """The ranked items' action plans as a DataFrame: :meth:`Pack.action_plan` of the
        items this ranking was made from, in its language, with the same columns (the ``by``
        field's value or ``group``, id, name, level, target_level, field, from, to, step), one
        row per evidence change, the items in ranking order (inside each ``by`` group).

        Raises:
            ValueError: the ranking was not made by :meth:`Pack.rank` (e.g. built by hand).
        """
        if self._ranked is None:
            raise ValueError("Ranking.plan needs a ranking made by Pack.rank")
        pack, data = self._ranked
        plan = pack.action_plan(data, by=by, lang=self.lang)
        position = {item["id"]: item["position"] for item in self.ranking}
        ordered = plan.assign(_position=plan["id"].map(position))
        keys = ([str(plan.columns[0])] if by is not None else []) + ["_position"]
        return ordered.sort_values(keys, kind="stable").drop(columns="_position").reset_index(drop=True)

    def __repr__(self) -> str:
        """One line: how many items, which were selected, the progress counts."""
        progress = ", ".join(f"{k} {v}" for k, v in self.progress_summary.items() if v)
        return (
            f"<Ranking {len(self.ranking)} items, {len(self.selected)} selected of {self.eligible} "
            f"eligible (top {self.top}): {_display.ids(self.selected) or '-'}"
            + (f"; progress: {progress}" if progress else "")
            + ">"
        )

    def _repr_html_(self) -> str:
        """A compact table for notebooks: the first rows, with reasons shortened (in full on
        hover)."""
        return _display.ranking_html(self, self.decimals, self.lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data (the same fields as the CLI's JSON)."""
        return {
            "selected": self.selected,
            "ranking": self.ranking,
            "top": self.top,
            "eligible": self.eligible,
            "progress_summary": self.progress_summary,
            "warnings": self.warnings,
            "pack": self.pack,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per item, best first (requires pandas): position, id, name, total,
        score_100, level, eligible, selected, the reason it was not selected, the gates that
        cap its level (``capped_by``), verified values that differ (``verified``), and its
        progress: status, previous total, delta, roadmap ratio and the reason in words."""
        pd = require("pandas", "Ranking.to_frame")

        rows = []
        for item in self.ranking:
            level = item.get("level") or {}
            progress = item.get("progress") or {}
            rows.append(
                {
                    "position": item["position"],
                    "id": item["id"],
                    "name": item.get("name"),
                    "total": item.get("total"),
                    "score_100": item.get("score_100"),
                    "level_rank": level.get("rank"),
                    "level_label": level.get("label"),
                    "eligible": item["eligible"],
                    "selected": item["selected"],
                    "reason": item.get("reason"),
                    "capped_by": "; ".join(g["label"] for g in item.get("capped_by") or []),
                    "verified": "; ".join(item.get("verified") or []),
                    "progress": progress.get("status"),
                    "previous_total": progress.get("previous_total"),
                    "delta": progress.get("delta"),
                    "ratio": progress.get("ratio"),
                    "progress_reason": progress.get("reason"),
                    "error": item.get("error"),
                }
            )
        return pd.DataFrame(rows).set_index("position") if rows else pd.DataFrame(rows)


@dataclass(frozen=True)
class WhatIf:
    """The effect of changing some evidence of one record."""

    changes: dict[str, Any]
    """The changes applied: field to new value (None removed it)."""
    before: Assessment
    """The record as it is."""
    after: Assessment
    """The record with the changes."""
    total_delta: float
    """``after.total - before.total`` (exact)."""
    level_delta: int
    """``after`` level rank minus ``before``'s."""
    dimensions: list[dict[str, Any]]
    """Per dimension: id, label, before, after, delta."""
    decimals: int = field(default=2, repr=False, compare=False)
    """Decimals the pack shows scores with (displays only; the values stay exact)."""

    def __repr__(self) -> str:
        """One line: the item, the changes, total and level before and after."""
        d = self.decimals
        b, a = self.before, self.after
        return (
            f"<WhatIf id={a.id!r} changes={len(self.changes)} total {_display.number(b.total, d)} -> "
            f"{_display.number(a.total, d)} ({_display.signed(self.total_delta, d)}), "
            f"level {b.level['rank']} -> {a.level['rank']}>"
        )

    def _repr_html_(self) -> str:
        """A compact table of the dimensions before and after, beside the radar (after,
        with before dashed) sized to its column."""
        return _display.what_if_html(self, self.decimals, self.after.lang)


class _NoSignature:
    """A class's ``__signature__`` that says it has none, as inspect does for a callable it
    cannot describe (so ``help()`` shows no constructor line)."""

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        raise ValueError("build a Pack with Pack.load, Pack.builtin or Pack.from_files")


class Pack:
    """A compiled rule pack: evidence schema, indicators, dimensions, levels and gates.

    Build one with :meth:`load`, :meth:`builtin` or :meth:`from_files`. A pack is immutable,
    safe to share between threads, and pickles by its source files (recompiled on load),
    so it travels to Dask and Spark workers and to process pools of any start method
    (``fork`` included: a forked child starts its own thread pool).

    The batch methods (:meth:`score_many`, :meth:`score_arrow`, :meth:`assess_many`,
    :meth:`assess_file`, :meth:`rank`) run on all cores outside the GIL and stop on Ctrl-C:
    they raise ``KeyboardInterrupt`` soon after it, with no partial result. A panic in
    native code raises :class:`InternalError`.
    """

    __slots__ = ("_native",)
    # help() shows the ways to build a Pack, not the wrapper's internal constructor.
    __signature__ = _NoSignature()

    def __init__(self, *args: Any) -> None:
        native = args[0] if len(args) == 1 else None
        if not isinstance(native, NativePack):
            raise TypeError("use Pack.load, Pack.builtin or Pack.from_files to build a Pack")
        self._native = native

    # -- construction -------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Pack:
        """Loads and compiles the pack in folder ``path``.

        Raises:
            PackError: the pack is malformed (with file, line, column).
            FileError: the folder or a file cannot be read.
        """
        return cls(NativePack.load(os.fspath(path)))

    @classmethod
    def builtin(cls, id: str) -> Pack:
        """A pack built into the library, e.g. ``"smart-city-quickwin"``.

        Raises:
            UsageError: no built-in pack has that id.
        """
        return cls(NativePack.builtin(id))

    @staticmethod
    def builtin_ids() -> list[str]:
        """Ids of the built-in packs."""
        return list(NativePack.builtin_ids())

    @classmethod
    def from_files(cls, files: Mapping[str, str]) -> Pack:
        """Compiles a pack from its files, e.g. ``{"pack.toml": ..., "indicators/x.rhai": ...}``."""
        return cls(NativePack.from_files(dict(files)))

    # -- metadata -----------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The pack's id, e.g. ``"smart-city-quickwin"``."""
        return self._native.id

    @property
    def version(self) -> str:
        """The pack's version (from ``pack.toml``)."""
        return self._native.version

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the pack's files: results record which rules produced them."""
        return self._native.fingerprint

    @property
    def reference(self) -> dict[str, str]:
        """``{"id", "version", "fingerprint", "matang"}`` as stored in every result."""
        return self._native.part("reference")

    @property
    def name(self) -> dict[str, str]:
        """The pack's name: ``{"id": Indonesian, "en": English}``."""
        return self._native.part("name")

    @property
    def description(self) -> dict[str, str]:
        """What the pack assesses: ``{"id": Indonesian, "en": English}``."""
        return self._native.part("description")

    @property
    def scale(self) -> dict[str, Any]:
        """The score scale: min, max, decimals."""
        return self._native.part("scale")

    @property
    def schema(self) -> list[dict[str, Any]]:
        """The evidence fields: id, type, values (enums), value_labels, unit, min, max,
        required, label, help, example."""
        return self._native.part("schema")

    @property
    def dimensions(self) -> list[dict[str, Any]]:
        """The dimensions: id, weight, label and description (both languages), indicator positions."""
        return self._native.part("dimensions")

    @property
    def dimension_ids(self) -> list[str]:
        """The dimensions' ids, in the pack's order (the ``dim_<ID>`` columns)."""
        return [d["id"] for d in self._native.part("dimensions")]

    @property
    def indicators(self) -> list[dict[str, Any]]:
        """The indicators: id, dimension, weight, label, description."""
        return self._native.part("indicators")

    @property
    def levels(self) -> list[dict[str, Any]]:
        """The maturity levels: rank, id, min (the total they need), label."""
        return self._native.part("levels")

    @property
    def gates(self) -> list[dict[str, Any]]:
        """The level gates: id, level, label, and the rule they check."""
        return self._native.part("gates")

    @property
    def files(self) -> dict[str, str]:
        """The pack's source files by relative path."""
        return self._native.files

    # -- assessing ----------------------------------------------------------------------

    def assess(self, record: Mapping[str, Any], lang: Lang = "id", *, strict: bool = False) -> Assessment:
        """Assesses one record (a dict of evidence fields, plus optional ``id`` and ``name``,
        or a pandas Series such as ``df.iloc[5]``).

        ``None``, NaN, ``pandas.NA`` and ``NaT`` are missing evidence. A key that is not a
        field is ignored with a :class:`MatangWarning`, unless it looks like a field
        (``go_live`` for ``go_live_date``, ``Stage`` for ``stage``): that is an
        :class:`EvidenceError` with a suggestion. With ``strict=True`` every key that is not
        a field (nor ``id``, ``name``, ``total``) is an :class:`EvidenceError`.

        ``next_level["plan"]`` is the next-level plan in evidence terms: the fewest changes
        (``changes``: field, from, to, text) that reach the next level, with ``text`` such
        as "naikkan SDM terlatih dari 2 menjadi 5 orang" (absent at the top level).

        Raises:
            EvidenceError: a value has the wrong type, is out of range, or is not one of an
                enum's values, a required field is missing, or a key looks like a field.
            RuleError: a rule script failed on this record.
            TypeError: ``record`` is not a dict.
        """
        if _frames._is_instance(record, "pandas", ("Series",)):
            record = _frames.series_record(record)
        a = self._native.assess(record, lang, strict)
        _warn(a.warnings)
        return a

    def assess_many(
        self, data: _frames.TableLike, lang: Lang = "id", *, strict: bool = False
    ) -> Assessments:
        """Assesses many records with explanations, as :meth:`assess` does one: one item
        per input row, an :class:`Assessment`, or the :class:`MatangError` for a row that
        could not be assessed (not raised). The same as ``assess_many`` in Rust and JS; for
        the numbers only, as a table and much faster, use :meth:`score_many`.

        The columns are checked once, as in :meth:`score_many`.

        Before issue 17 this method returned the numbers table: indexing the result with
        a column name (``pack.assess_many(df)["total"]``) or using a DataFrame attribute on
        it still gives that table's, with a :class:`DeprecationWarning`.
        """
        data = self._table(data)
        results, column_warnings = self._native.assess_many(_frames.native_input(data), lang, strict)
        _warn(column_warnings)
        labels = _frames.row_labels(data)
        if labels is not None:
            for e in results:
                if isinstance(e, MatangError):
                    e.message = _frames.relabel(e.message, labels)
                    e.args = (e.message,)
                    if isinstance(getattr(e, "record", None), str):
                        e.record = _frames.relabel(e.record, labels)  # type: ignore[attr-defined]
        return Assessments(results, lambda: self.score_many(data, lang, strict=strict))

    def assess_list(
        self, data: _frames.TableLike, lang: Lang = "id", *, strict: bool = False
    ) -> list[Assessment | MatangError]:
        """Deprecated name of :meth:`assess_many` (explained results, one per row)."""
        warnings.warn("Pack.assess_list is now Pack.assess_many", DeprecationWarning, stacklevel=2)
        return list(self.assess_many(data, lang, strict=strict))

    def score_many(self, data: _frames.TableLike, lang: Lang = "id", *, strict: bool = False) -> Any:
        """Scores a table on all cores, outside the GIL, into a table in the input's frame
        type: a pandas DataFrame for pandas, lists and dicts; a polars DataFrame for polars;
        a pyarrow Table for pyarrow and other Arrow PyCapsule objects.

        One row per input row (a pandas input's index is kept) with columns ``id``,
        ``name``, ``total``, ``score_100``, ``level_rank``, ``level_id``, ``level_label``,
        ``dim_<ID>`` per dimension, ``eligible`` and ``error``. A row that cannot be scored
        has its message in ``error`` and missing values elsewhere; it never stops the batch.
        It computes the numbers only (the core's batch scoring, ``score_many`` in Rust and
        JS), not the explanation: use :meth:`assess` or :meth:`assess_many` for reasons and
        the next-level gap.

        Accepts a list of dicts, a dict of columns, a pandas DataFrame (a Series is one
        record, kept under its name as the index), a pyarrow Table or
        RecordBatch, a polars DataFrame, or any Arrow PyCapsule object. Tables are read
        column by column by the core's Arrow reader: Arrow input (polars included) through
        the PyCapsule interface without pyarrow, a pandas DataFrame converted by pyarrow
        (the ``pandas`` extra installs it). The results are those of assessing each row as
        a dict of its values (``tolist()``). Numbers given as text are read as a cell
        whose number convention is not known: ``"99,5"`` and ``"1.200.000"`` are read,
        ``"4.000"`` (4 or 4000?) and ``"1,200"`` are that row's error, never a guess.

        The columns are checked once per call, not per row: one that looks like a field
        (``go_live`` for ``go_live_date``, ``Stage`` for ``stage``) raises
        :class:`InputError` with a suggestion; the other unknown columns are ignored with
        one :class:`MatangWarning` naming them, or raise :class:`InputError` with
        ``strict=True``.
        """
        data = self._table(data)
        kind = _frames.typed_columns_kind(data)
        table = self._score_table(data, lang, strict)
        if kind in ("arrow", "polars"):
            return _frames.like_input(table, data)
        frame = _frames.to_pandas(table, _frames.input_index(data))
        labels = _frames.row_labels(data)
        if labels is not None and frame["error"].notna().any():
            errors = frame["error"]
            failed = errors.notna()
            frame.loc[failed, "error"] = [_frames.relabel(m, labels) for m in errors[failed]]
        return frame

    def _table(self, data: _frames.TableLike) -> Any:
        """``data`` as the batch methods read it (see :func:`_frames.as_table`), its columns
        checked for structural problems once, before any row is read: a required field
        without a column is one :class:`InputError` naming the columns that look like it,
        not a message per row."""
        data = _frames.as_table(data)
        names = _frames.column_names(data)
        if names is not None:
            required = [f["id"] for f in self._native.part("schema") if f.get("required")]
            message = _frames.missing_columns_message(self.id, required, names)
            if message is not None:
                raise InputError(message)
        return data

    def _score_table(self, data: _frames.TableLike, lang: Lang, strict: bool) -> Any:
        """The core's Arrow score table of ``data``: a table through the core's Arrow
        reader (a pandas frame converted by pyarrow first), or row by row when it cannot be
        read column by column (see :mod:`matang._frames`); lists and dicts row by row."""
        kind = _frames.typed_columns_kind(data)
        out = None
        if kind == "pandas":
            arrow = _frames.pandas_to_arrow(data)
            out = None if arrow is None else self._native.score_arrow(arrow, lang, strict)
        elif kind is not None:
            out = self._native.score_arrow(data, lang, strict)
        if out is None:
            out = self._native.score_records(_frames.native_input(data), lang, strict)
        table, column_warnings = out
        _warn(column_warnings)
        return table

    def assess_file(
        self,
        path: str | os.PathLike[str],
        lang: Lang = "id",
        *,
        strict: bool = False,
        sheet: str | None = None,
    ) -> pd.DataFrame:
        """Reads a workbook, CSV, JSON or JSON Lines file with matang's own readers and
        assesses it like :meth:`score_many` (columns checked the same way). A workbook
        (``.xlsx``, ``.xls``, ``.ods``) is read from ``sheet`` (default: the first) with
        typed cells, so numbers and dates need no locale guess. CSV may use either number
        convention (``1,200.5`` or Indonesian ``1.200,5`` with ``;``), which pandas would
        not read alone.

        Raises:
            InputError: the file cannot be parsed (with the line), or a column looks like a
                field (or is unknown, with ``strict=True``).
            FileError: the file cannot be read.
        """
        table, column_warnings = self._native.score_file(os.fspath(path), lang, strict, sheet)
        _warn(column_warnings)
        return _frames.to_pandas(table, what="Pack.assess_file")

    def score_arrow(self, data: _frames.TableLike, lang: Lang = "id", *, strict: bool = False) -> pa.Table:
        """:meth:`score_many` as a pyarrow Table (schema :meth:`arrow_schema`) whatever the
        input, e.g. for Spark's ``mapInArrow``."""
        data = self._table(data)
        table = _frames.pyarrow_table(self._score_table(data, lang, strict))
        labels = _frames.row_labels(data)
        if labels is not None:
            import pyarrow as pa

            i = table.schema.get_field_index("error")
            errors = [None if m is None else _frames.relabel(m, labels) for m in table.column(i).to_pylist()]
            table = table.set_column(i, "error", pa.array(errors, pa.string()))
        return table

    def assess_arrow(self, data: _frames.TableLike, lang: Lang = "id", *, strict: bool = False) -> pa.Table:
        """Deprecated name of :meth:`score_arrow` (the numbers table, not explanations)."""
        warnings.warn("Pack.assess_arrow is now Pack.score_arrow", DeprecationWarning, stacklevel=2)
        return self.score_arrow(data, lang, strict=strict)

    def arrow_schema(self) -> pa.Schema:
        """The pyarrow schema of :meth:`score_arrow` results."""
        return _frames.arrow_schema(self.dimension_ids)

    def rank(
        self,
        data: _frames.TableLike,
        top: int | None = None,
        previous: PreviousLike | None = None,
        lang: Lang = "id",
        *,
        strict: bool = False,
    ) -> Ranking:
        """Ranks the items and selects the top N (the pack's default when ``top`` is None),
        with the reason for every item not selected.

        ``previous`` is last year's results: a ``{id: total}`` dict, a pandas Series of
        totals indexed by id, or last year's records (any table :meth:`score_many` accepts,
        e.g. a DataFrame of evidence or one with just ``id`` and ``total``; records with a
        ``total`` use it, others are assessed with this pack). Anything else (an array, a
        string) raises :class:`TypeError` saying what is accepted. Each item then gets plus / minus / flat / new progress.

        An id is ranked once: a later row with an id already seen is an item with an
        ``error`` naming both rows (``id 'QW-04' appears twice: row 4 and row 8``), never
        selected; in ``previous`` records it is listed in ``warnings`` and the first row
        counts. Columns are checked as in :meth:`score_many` (``data`` and ``previous``).
        """
        totals, records = (None, None) if previous is None else _frames.as_previous(previous)
        data = self._table(data)
        d = self._native.rank(_frames.native_input(data), top, totals, records, lang, strict)
        _warn(d["column_warnings"])
        labels = _frames.row_labels(data)
        if labels is not None:
            for item in d["ranking"]:
                if item.get("error"):
                    item["error"] = _frames.relabel(item["error"], labels)
        return Ranking._from_dict(d, int(self.scale["decimals"]), lang, (self, data))

    def what_if(
        self, record: Mapping[str, Any], changes: Mapping[str, Any], lang: Lang = "id", *, strict: bool = False
    ) -> WhatIf:
        """Assesses ``record`` as it is and with ``changes`` applied (``None`` removes a value).

        Keys are checked as in :meth:`assess` (the record's and the changes')."""
        if _frames._is_instance(record, "pandas", ("Series",)):
            record = _frames.series_record(record)
        summary, before, after = self._native.what_if(record, changes, lang, strict)
        _warn(summary["column_warnings"])
        return WhatIf(
            changes=summary["changes"],
            before=before,
            after=after,
            total_delta=summary["total_delta"],
            level_delta=summary["level_delta"],
            dimensions=summary["dimensions"],
            decimals=int(self.scale["decimals"]),
        )

    def plot_dimensions(self, scores: Any, lang: Lang = "id", ax: Any = None) -> Any:
        """A bar chart (matplotlib) of a :meth:`score_many` pandas table's dimension scores
        per item, with the items whose evidence is insufficient in a dimension shaded and
        hatched (their bar is missing, not zero). Returns the ``Axes``.

        Raises:
            ImportError: matplotlib (extra ``plot``) or pandas is not installed.
        """
        require("pandas", "Pack.plot_dimensions")
        plt = require("matplotlib.pyplot", "Pack.plot_dimensions")
        labels = {f"dim_{d['id']}": d["label"][lang] for d in self.dimensions}
        table = scores.set_index("id") if "id" in scores.columns else scores
        if ax is None:
            _, ax = plt.subplots(figsize=(11, 4))
        table[list(labels)].rename(columns=labels).plot.bar(ax=ax, width=0.8)
        flags = table[[f"insufficient_{d}" for d in self.dimension_ids]].fillna(False).any(axis=1)
        for i, thin in enumerate(flags.tolist()):
            if thin:
                ax.axvspan(i - 0.4, i + 0.4, color="grey", alpha=0.15, hatch="//")
        ax.set_ylabel("skor" if lang == "id" else "score")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return ax

    def check(self) -> CheckReport:
        """Runs the pack's test vectors (``vectors.toml``)."""
        return self._native.check()  # type: ignore[return-value]

    def action_plan(self, data: _frames.TableLike, *, by: str | None = None, lang: Lang = "id") -> pd.DataFrame:
        """Each item's action plan, as ``matang plan --format csv`` writes it: one row per
        evidence change that lifts the item to its next level (the ``by`` field's value, id,
        name, level, target_level, field, from, to, step), grouped by ``by`` (e.g.
        ``"opd"``); an item at the top level, or with no plan, has one row that says so."""
        pd = require("pandas", "Pack.action_plan")
        import io

        text = self._native.action_plan(_frames.native_input(data), by, lang, False)
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)

    def action_plan_markdown(self, data: _frames.TableLike, *, by: str | None = None, lang: Lang = "id") -> str:
        """:meth:`action_plan` as Markdown, as ``matang plan`` writes it: a heading per
        ``by`` value and per item, a checkbox per evidence change."""
        return self._native.action_plan(_frames.native_input(data), by, lang, True)

    def methodology_html(self, lang: Lang = "id") -> str:
        """The pack's methodology document, as ``matang doc`` writes it: one self-contained
        HTML page (printable on A4) that says how items are scored, generated from the pack
        alone. Save it, or show it in a notebook with ``IPython.display.HTML``."""
        return self._native.methodology_html(lang)

    def vector_records(self) -> list[tuple[str, dict[str, Any]]]:
        """The records of the pack's test vectors, as ``(case_id, record)`` pairs."""
        return list(self._native.vector_records())

    # -- Python protocol ----------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles by the pack's source files (recompiled when unpickled)."""
        return (Pack.from_files, (self._native.files,))

    def __eq__(self, other: object) -> bool:
        """Packs are equal when their files are (the same fingerprint)."""
        return isinstance(other, Pack) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        """One line: id, version and the start of the fingerprint."""
        return f"<Pack id={self.id!r} version={self.version!r} fingerprint={self.fingerprint[:12]!r}>"
