"""Short ``__repr__`` lines and compact ``_repr_html_`` tables for results in notebooks.
Numbers are rounded to the pack's decimals here only; the values stay exact."""

from __future__ import annotations

from html import escape
from typing import Any

#: Rows a ranking shows in a notebook before "and N more".
MAX_ROWS = 20
#: Ids a one-line repr lists before "...".
MAX_IDS = 5


def number(x: float | None, decimals: int, lang: str = "en") -> str:
    """``x`` rounded for display ("-" when missing), with a decimal comma in Indonesian."""
    if x is None or x != x:
        return "-"
    text = f"{x:.{decimals}f}"
    return text.replace(".", ",") if lang == "id" else text


def signed(x: float | None, decimals: int, lang: str = "en") -> str:
    """A change, with its sign."""
    if x is None or x != x:
        return "-"
    return ("+" if x > 0 else "") + number(x, decimals, lang)


def ids(values: list[str]) -> str:
    shown = ", ".join(values[:MAX_IDS])
    return shown + (f", ... ({len(values)} in all)" if len(values) > MAX_IDS else "")


_CELL = 'style="padding:2px 8px;text-align:{}"'


def table(header: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    """A compact HTML table of already escaped cells; columns in ``numeric`` right-aligned."""

    def cells(tag: str, row: list[str]) -> str:
        return "".join(
            f"<{tag} {_CELL.format('right' if i in numeric else 'left')}>{c}</{tag}>" for i, c in enumerate(row)
        )

    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    return f'<table style="border-collapse:collapse"><tr>{cells("th", header)}</tr>{body}</table>'


def ranking_html(ranking: Any, decimals: int, lang: str) -> str:
    en = lang == "en"
    header = ["#", "id", "nama" if not en else "name", "total", "level",
              "terpilih" if not en else "selected", "kemajuan" if not en else "progress",
              "alasan" if not en else "reason"]
    rows = []
    for item in ranking.ranking[:MAX_ROWS]:
        level = item.get("level") or {}
        progress = item.get("progress") or {}
        status = progress.get("label") or ""
        if progress.get("delta") is not None:
            status += f" ({signed(progress['delta'], decimals, lang)})"
        reason = item.get("error") or item.get("reason") or ""
        rows.append([
            str(item["position"]),
            escape(item["id"]),
            escape(item.get("name") or ""),
            number(item.get("total"), decimals, lang),
            escape(f"{level.get('rank', '')} {level.get('label', '')}".strip()),
            "✓" if item["selected"] else "",
            escape(status),
            f'<span title="{escape(reason)}">{escape(_short(reason))}</span>',
        ])
    more = len(ranking.ranking) - MAX_ROWS
    tail = f"<div>... {more} {'lagi' if not en else 'more'}</div>" if more > 0 else ""
    head = f"<div><b>{escape(repr(ranking))}</b></div>"
    return f'<div class="matang-ranking">{head}{table(header, rows, {0, 3})}{tail}</div>'


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def what_if_html(w: Any, decimals: int, lang: str) -> str:
    en = lang == "en"
    header = ["dimensi" if not en else "dimension", "sebelum" if not en else "before",
              "sesudah" if not en else "after", "selisih" if not en else "change"]
    rows = [
        [escape(d["label"]), number(d["before"], decimals, lang), number(d["after"], decimals, lang),
         signed(d["delta"], decimals, lang)]
        for d in w.dimensions
    ]
    rows.append([
        "<b>total</b>",
        number(w.before.total, decimals, lang),
        number(w.after.total, decimals, lang),
        signed(w.total_delta, decimals, lang),
    ])
    try:
        radar = w.after.to_svg(w.before)
    except Exception:  # the pack is not loaded here: the table alone
        radar = ""
    if radar:
        radar = f'<div style="flex:0 0 360px;max-width:360px">{_bounded(radar)}</div>'
    changes = ", ".join(f"{escape(k)} = {escape(repr(v))}" for k, v in w.changes.items())
    side = f"<div><b>{escape(repr(w))}</b></div><div>{changes}</div>{table(header, rows, {1, 2, 3})}"
    return (
        '<div class="matang-what-if" style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">'
        f'{radar}<div style="flex:1 1 280px">{side}</div></div>'
    )


def _bounded(svg: str) -> str:
    """An SVG scaled to the width of its column, so its labels stay inside it."""
    import re

    return re.sub(
        r'<svg([^>]*?) width="[\d.]+" height="[\d.]+"',
        r'<svg\1 width="360" style="max-width:100%;height:auto"',
        svg,
        count=1,
    )
