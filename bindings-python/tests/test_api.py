"""The public API: packs, single assessments, batches, ranking, what-if, pickling."""

from __future__ import annotations

import datetime
import math
import pickle
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import polars as pl
import pytest

import matang
from conftest import PACK_ID, REPO, as_pandas, strong_record, weak_record


def test_builtin_ids_and_metadata(pack: matang.Pack) -> None:
    assert PACK_ID in matang.Pack.builtin_ids()
    assert pack.id == PACK_ID
    assert pack.version
    assert len(pack.fingerprint) >= 16
    assert pack.reference == {
        "id": pack.id,
        "version": pack.version,
        "fingerprint": pack.fingerprint,
        "matang": matang.__version__,
    }
    assert set(pack.name) == {"id", "en"}
    assert pack.dimension_ids == [d["id"] for d in pack.dimensions]
    assert [lv["rank"] for lv in pack.levels] == list(range(1, len(pack.levels) + 1)) or pack.levels
    assert "pack.toml" in pack.files
    assert repr(pack).startswith("<Pack id='smart-city-quickwin'")


def test_schema_has_types_ranges_labels(pack: matang.Pack) -> None:
    by_id = {f["id"]: f for f in pack.schema}
    stage = by_id["stage"]
    assert stage["type"] == "enum" and "live" in stage["values"] and stage["required"]
    assert by_id["uptime_pct"]["type"] == "number"
    assert by_id["uptime_pct"]["min"] == 0 and by_id["uptime_pct"]["max"] == 100
    assert all(set(f["label"]) == {"id", "en"} for f in pack.schema)


def test_load_from_folder_and_files_agree(pack: matang.Pack) -> None:
    folder = REPO / "rules" / PACK_ID
    loaded = matang.Pack.load(folder)
    assert loaded.fingerprint == pack.fingerprint
    again = matang.Pack.from_files(pack.files)
    assert again.fingerprint == pack.fingerprint
    assert again == pack


def test_assess_attributes(pack: matang.Pack) -> None:
    a = pack.assess(strong_record())
    assert isinstance(a, matang.Assessment)
    assert a.id == "QW-STRONG" and a.name == "Sipipa"
    scale = pack.scale
    assert scale["min"] <= a.total <= scale["max"]
    assert 0 <= a.score_100 <= 100
    assert set(a.level) == {"rank", "id", "label"}
    assert [d["id"] for d in a.dimensions] == pack.dimension_ids
    assert {i["id"] for i in a.indicators} == {i["id"] for i in pack.indicators}
    assert all(isinstance(g["passed"], bool) for g in a.gates)
    assert isinstance(a.missing, list)
    assert a.next_level is None or a.next_level["level"]["rank"] == a.level["rank"] + 1
    assert isinstance(a.eligible, bool)
    assert a.pack["fingerprint"] == pack.fingerprint
    assert a.lang == "id"
    d = a.to_dict()
    assert d["total"] == a.total and d["level"] == a.level
    assert repr(a).startswith('<Assessment id="QW-STRONG" total=')
    html = a._repr_html_()
    assert html.startswith("<div") and "<svg" in html and "QW-STRONG" in html


def test_strong_beats_weak_and_lang(pack: matang.Pack) -> None:
    strong, weak = pack.assess(strong_record()), pack.assess(weak_record())
    assert strong.total > weak.total
    assert strong.level["rank"] >= weak.level["rank"]
    assert weak.missing, "a weak record lacks evidence"
    en = pack.assess(weak_record(), lang="en")
    assert en.lang == "en" and en.total == weak.total
    with pytest.raises(matang.UsageError):
        pack.assess(weak_record(), lang="fr")


def test_python_values_are_converted(pack: matang.Pack) -> None:
    import numpy as np
    from decimal import Decimal

    plain = pack.assess(strong_record())
    rec = strong_record()
    rec["assessed_on"] = datetime.date(2019, 10, 1)
    rec["go_live_date"] = pd.Timestamp("2018-01-15")
    rec["trained_staff"] = np.int64(12)
    rec["uptime_pct"] = np.float32(99.5)
    rec["budget_idr"] = Decimal("450000000")
    rec["sop_available"] = np.bool_(True)
    assert pack.assess(rec).total == pytest.approx(plain.total)


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_none_and_nan_are_missing_evidence(pack: matang.Pack, missing: object) -> None:
    rec = strong_record()
    rec["uptime_pct"] = missing
    a = pack.assess(rec)
    assert "uptime_pct" in a.missing
    rec.pop("uptime_pct")
    assert pack.assess(rec).total == a.total


def test_bad_input_raises_documented_errors(pack: matang.Pack) -> None:
    with pytest.raises(matang.EvidenceError) as e:
        pack.assess({**strong_record(), "stage": "finished"})
    assert "QW-STRONG" in e.value.record and e.value.field == "stage"
    assert isinstance(e.value, ValueError) and isinstance(e.value, matang.MatangError)

    with pytest.raises(matang.EvidenceError) as e:
        pack.assess({**strong_record(), "trained_staff": "many"})
    assert e.value.fields == ["trained_staff"]

    with pytest.raises(matang.EvidenceError) as e:
        pack.assess({**strong_record(), "uptime_pct": 150})
    assert "uptime_pct" in e.value.fields

    with pytest.raises(matang.EvidenceError) as e:  # required field missing
        rec = strong_record()
        del rec["stage"]
        pack.assess(rec)
    assert "stage" in e.value.fields

    with pytest.raises(matang.EvidenceError) as e:  # a Python type matang cannot read
        pack.assess({**strong_record(), "trained_staff": object()})
    assert "unsupported Python type" in str(e.value)

    with pytest.raises(matang.EvidenceError):
        pack.assess({**strong_record(), "uptime_pct": float("inf")})

    with pytest.raises(TypeError):
        pack.assess(["not", "a", "dict"])  # type: ignore[arg-type]


def test_pack_errors_have_location(tmp_path: Path, pack: matang.Pack) -> None:
    files = dict(pack.files)
    files["pack.toml"] = files["pack.toml"].replace("[pack]", "[pack\n", 1)
    with pytest.raises(matang.PackError) as e:
        matang.Pack.from_files(files)
    assert e.value.file == "pack.toml" and e.value.line >= 1

    files = dict(pack.files)
    rhai = next(k for k in files if k.endswith(".rhai"))
    files[rhai] = "let x = ;\n"
    with pytest.raises(matang.PackError) as e:
        matang.Pack.from_files(files)
    assert e.value.file == rhai

    with pytest.raises(matang.FileError):
        matang.Pack.load(tmp_path / "nowhere")
    with pytest.raises(matang.UsageError):
        matang.Pack.builtin("no-such-pack")


def test_exceptions_pickle() -> None:
    err = matang.EvidenceError("record x: bad", record="x", problems=[("stage", "bad")])
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is matang.EvidenceError and back.problems == [("stage", "bad")]
    perr = pickle.loads(pickle.dumps(matang.PackError("m", file="pack.toml", line=3, column=4)))
    assert (perr.file, perr.line, perr.column) == ("pack.toml", 3, 4)


def test_pickle_round_trip(pack: matang.Pack) -> None:
    back = pickle.loads(pickle.dumps(pack))
    assert isinstance(back, matang.Pack) and back.fingerprint == pack.fingerprint
    a = pack.assess(strong_record())
    assert back.assess(strong_record()) == a
    assert pickle.loads(pickle.dumps(a)) == a
    assert matang.Assessment.from_json(a.to_json()) == a
    native = pickle.loads(pickle.dumps(pack._native))
    assert native.fingerprint == pack.fingerprint


EXPECTED_COLUMNS = ["id", "name", "total", "score_100", "level_rank", "level_id", "level_label"]


def _records(n: int = 6) -> list[dict[str, object]]:
    return [strong_record(f"S{i}") if i % 2 else weak_record(f"W{i}") for i in range(n)]


def test_score_many_list_matches_assess(pack: matang.Pack) -> None:
    recs = _records()
    df = pack.score_many(recs)
    dims = [f"dim_{d}" for d in pack.dimension_ids]
    flags = [f"insufficient_{d}" for d in pack.dimension_ids]
    assert list(df.columns) == EXPECTED_COLUMNS + dims + flags + ["eligible", "error"]
    assert len(df) == len(recs)
    for row, rec in zip(df.itertuples(index=False), recs):
        a = pack.assess(rec)
        assert row.id == a.id and row.total == a.total and row.level_rank == a.level["rank"]
        assert row.level_label == a.level["label"] and row.eligible == a.eligible
        assert pd.isna(row.error)
        for d in a.dimensions:
            v = getattr(row, f"dim_{d['id']}")
            assert (d["score"] is None and math.isnan(v)) or v == d["score"]


def test_score_many_accepts_every_table_kind(pack: matang.Pack) -> None:
    recs = _records()
    expected = pack.score_many(recs).reset_index(drop=True)
    frame = pd.DataFrame(recs)
    inputs = {
        "pandas": frame,
        "arrow_table": pa.Table.from_pandas(frame, preserve_index=False),
        "record_batch": pa.RecordBatch.from_pandas(frame, preserve_index=False),
        "polars": pl.DataFrame(recs),
        "columns": {k: frame[k].tolist() for k in frame.columns},
        "generator": (r for r in recs),
    }
    for kind, data in inputs.items():
        got = as_pandas(pack.score_many(data)).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, obj=kind)


def test_score_many_keeps_pandas_index_and_dates(pack: matang.Pack) -> None:
    frame = pd.DataFrame(_records(4), index=["a", "b", "c", "d"])
    frame["assessed_on"] = pd.to_datetime(frame["assessed_on"])
    out = pack.score_many(frame)
    assert list(out.index) == ["a", "b", "c", "d"]
    assert out["error"].isna().all()


def test_score_many_per_row_errors(pack: matang.Pack) -> None:
    recs = _records(3)
    recs[1] = {**recs[1], "stage": "finished"}  # unknown enum value
    recs.append({**strong_record("BAD-TYPE"), "trained_staff": "lots"})
    recs.append({**strong_record("BAD-PY"), "trained_staff": object()})
    recs.append({"id": "NO-STAGE", "assessed_on": "2019-10-01"})  # missing required column
    recs.append("not a record")  # type: ignore[arg-type]
    df = pack.score_many(recs)
    assert len(df) == len(recs)
    assert df["error"].isna().tolist() == [True, False, True, False, False, False, False]
    assert "stage" in df.loc[1, "error"]
    assert pd.isna(df.loc[1, "total"]) and pd.isna(df.loc[1, "level_rank"])
    assert df.loc[3, "id"] == "BAD-TYPE" and "trained_staff" in df.loc[3, "error"]
    assert "unsupported Python type" in df.loc[4, "error"]
    assert "stage" in df.loc[5, "error"]
    assert "row 6" in df.loc[6, "error"]


def test_score_many_missing_columns_and_nan(pack: matang.Pack) -> None:
    frame = pd.DataFrame(_records(4))
    frame.loc[0, "uptime_pct"] = float("nan")
    frame = frame.drop(columns=["ikm_score"])
    out = pack.score_many(frame)
    assert out["error"].isna().all()
    listed = pack.assess_many(frame)
    assert all(isinstance(a, matang.Assessment) for a in listed)
    assert "ikm_score" in listed[1].missing and "uptime_pct" in listed[0].missing
    # A required column absent is one problem of the frame, not one per row.
    with pytest.raises(matang.InputError, match="'stage'"):
        pack.score_many(frame.drop(columns=["stage"]))


def test_assess_many_returns_errors_not_raises(pack: matang.Pack) -> None:
    out = pack.assess_many([strong_record(), {**strong_record(), "stage": "x"}])
    assert isinstance(out[0], matang.Assessment)
    assert isinstance(out[1], matang.EvidenceError) and out[1].field == "stage"


def test_score_many_rejects_non_tables(pack: matang.Pack) -> None:
    with pytest.raises(TypeError):
        pack.score_many(strong_record())  # one record, not many
    with pytest.raises(TypeError):
        pack.score_many(42)
    with pytest.raises(TypeError):
        pack.score_many("id,stage")
    with pytest.raises(ValueError):
        pack.score_many({"id": ["a", "b"], "stage": ["live"]})


def test_empty_batch_has_stable_schema(pack: matang.Pack) -> None:
    empty = pack.score_many([])
    full = pack.score_many(_records(2))
    assert len(empty) == 0
    assert list(empty.columns) == list(full.columns)
    assert list(empty.dtypes) == list(full.dtypes)
    table = pack.score_arrow(_records(2))
    assert table.schema == pack.arrow_schema() and table.num_rows == 2
    with pytest.warns(DeprecationWarning, match="score_arrow"):
        assert pack.assess_arrow(_records(2)).equals(table)


def test_rank_and_previous(pack: matang.Pack) -> None:
    recs = _records(6)
    r = pack.rank(recs, top=2)
    assert isinstance(r, matang.Ranking)
    assert r.top == 2 and len(r.selected) <= 2
    assert [i["position"] for i in r.ranking] == list(range(1, 7))
    totals = [i["total"] for i in r.ranking]
    assert totals == sorted(totals, reverse=True)
    assert all(i["selected"] or i["reason"] for i in r.ranking)
    assert r.to_dict()["ranking"] == r.ranking
    frame = r.to_frame()
    assert len(frame) == 6 and "reason" in frame.columns

    prev = {i["id"]: i["total"] for i in r.ranking}
    prev["S1"] = prev["S1"] - 1
    again = pack.rank(recs, top=2, previous=prev)
    by_id = {i["id"]: i for i in again.ranking}
    assert by_id["S1"]["progress"]["status"] == "plus"
    assert by_id["W0"]["progress"]["status"] == "flat"

    from_records = pack.rank(recs, previous=pd.DataFrame(recs))
    assert all(i["progress"]["status"] == "flat" for i in from_records.ranking)


def test_what_if(pack: matang.Pack) -> None:
    w = pack.what_if(weak_record(), {"stage": "live", "go_live_date": "2019-01-01"})
    assert isinstance(w, matang.WhatIf)
    assert w.after.total - w.before.total == pytest.approx(w.total_delta)
    assert w.level_delta == w.after.level["rank"] - w.before.level["rank"]
    assert w.changes == {"stage": "live", "go_live_date": "2019-01-01"}
    assert [d["id"] for d in w.dimensions] == pack.dimension_ids
    with pytest.raises(matang.EvidenceError):
        pack.what_if(weak_record(), {"stage": "finished"})


def test_package_docstring_examples() -> None:
    import doctest

    assert doctest.testmod(matang).failed == 0


def test_arrow_pycapsule_input(pack: matang.Pack) -> None:
    frame = pd.DataFrame(_records(4))
    table = pa.Table.from_pandas(frame, preserve_index=False)

    class StreamOnly:
        """Any Arrow producer with only the PyCapsule stream interface."""

        def __arrow_c_stream__(self, requested_schema: object = None) -> object:
            return table.__arrow_c_stream__(requested_schema)

    got = as_pandas(pack.score_many(StreamOnly()))
    pd.testing.assert_frame_equal(got, pack.score_many(frame).reset_index(drop=True))


def test_batch_releases_the_gil(pack: matang.Pack) -> None:
    import threading

    rows = _records(2000)
    started, done = threading.Event(), threading.Event()
    ticks = 0

    def work() -> None:
        started.set()
        pack._native.score_records(rows)  # the native call only: no Python code inside
        done.set()

    t = threading.Thread(target=work)
    t.start()
    started.wait()
    while not done.is_set():
        ticks += 1
    t.join()
    # Had the native call held the GIL throughout, this loop could not have run during it.
    assert ticks > 1000


def test_assess_file_reads_both_number_conventions(pack: matang.Pack, tmp_path: Path) -> None:
    examples = REPO / "rules" / PACK_ID / "examples"
    point = pack.assess_file(examples / "portfolio.csv")
    comma = pack.assess_file(examples / "portfolio-id.csv")
    assert point["error"].isna().all()
    pd.testing.assert_frame_equal(point, comma)
    pd.testing.assert_frame_equal(point, pack.score_many(pd.read_csv(examples / "portfolio.csv")))
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "x",')
    with pytest.raises(matang.InputError):
        pack.assess_file(bad)
    with pytest.raises(matang.FileError):
        pack.assess_file(tmp_path / "missing.csv")


def test_to_svg_and_html_use_the_core_renderer() -> None:
    pack = matang.Pack.builtin("smart-city-quickwin")
    records = [r for _, r in pack.vector_records()][:2]
    a = pack.assess(records[0], lang="en")
    svg = a.to_svg()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "Readiness" in svg and "polygon" in svg
    with_previous = a.to_svg(previous=pack.assess(records[1], lang="en"))
    assert with_previous.count("polygon") > svg.count("polygon") or with_previous != svg
    html = a._repr_html_()
    assert "<svg" in html and "Readiness" in html and a.level["label"] in html
    html_id = pack.assess(records[0], lang="id")._repr_html_()
    assert "Kesiapan" in html_id


def test_assess_many_explains_and_score_many_is_the_table(pack: matang.Pack) -> None:
    frame = pd.read_csv(REPO / "rules" / PACK_ID / "examples" / "portfolio.csv")
    explained = pack.assess_many(frame, lang="en")
    table = pack.score_many(frame, lang="en")
    assert isinstance(explained, matang.Assessments) and len(explained) == len(frame)
    assert all(isinstance(a, matang.Assessment) for a in explained)
    assert [a.total for a in explained] == pytest.approx(table["total"].tolist())
    assert explained[0].next_level is not None and explained[0].indicators
    # The deprecation path: what assess_many returned before, with a warning.
    with pytest.warns(DeprecationWarning, match="score_many"):
        assert explained["total"].tolist() == table["total"].tolist()
    with pytest.warns(DeprecationWarning, match="score_many"):
        assert list(explained.columns) == list(table.columns)
    with pytest.warns(DeprecationWarning, match="assess_many"):
        assert len(pack.assess_list(frame)) == len(frame)
    with pytest.raises(AttributeError):
        explained.no_such_attribute  # noqa: B018


def test_an_assessment_draws_with_its_own_pack(pack: matang.Pack) -> None:
    # No process-wide list of packs: an assessment keeps the pack that made it.
    files = dict(pack.files)
    files["pack.toml"] = files["pack.toml"].replace('version = "2.0.0"', 'version = "2.0.0-local"', 1)
    local = matang.Pack.from_files(files)
    assert local.fingerprint != pack.fingerprint
    a = local.assess(strong_record())
    assert "<svg" in a._repr_html_()
    assert matang.Assessment.from_json(a.to_json())._repr_html_().startswith("<pre>")


def test_polars_in_polars_out_without_pyarrow() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "import polars as pl, matang\n"
        "pack = matang.Pack.builtin('smart-city-quickwin')\n"
        "df = pl.DataFrame({'id': ['A', 'B'], 'assessed_on': ['2019-10-01', '2019-10-01'],"
        " 'stage': ['live', 'flying'], 'trained_staff': [3, None]})\n"
        "out = pack.score_many(df)\n"
        "assert isinstance(out, pl.DataFrame), type(out)\n"
        "assert out['error'][0] is None and 'stage' in out['error'][1]\n"
        "assert out['total'][0] > 0 and out['total'][1] is None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_assess_gives_the_next_level_plan_in_evidence_terms(pack: matang.Pack) -> None:
    portfolio = pd.read_csv(REPO / "rules" / PACK_ID / "examples" / "portfolio.csv")
    sipipa = portfolio[portfolio["id"] == "QW-02"].iloc[0].to_dict()
    a = pack.assess(sipipa, lang="en")
    plan = a.next_level["plan"]
    assert plan["reached"] and plan["changes"], plan
    assert "raise transactions per month from 650 to 1,000 transactions/month" in plan["text"]
    # Applying it reaches the level it aims at.
    changed = dict(sipipa, **{c["field"]: c["to"] for c in plan["changes"]})
    assert pack.assess(changed).level["rank"] >= plan["level"]["rank"]


def test_ranking_frame_explains_caps_progress_and_verified_values(pack: matang.Pack) -> None:
    examples = REPO / "rules" / PACK_ID / "examples"
    portfolio = pd.read_csv(examples / "portfolio.csv")
    ranking = pack.rank(portfolio, top=4, previous=pd.read_csv(examples / "previous-2018.csv"))
    frame = ranking.to_frame().set_index("id")
    assert frame.loc["QW-01", "capped_by"] == "Ada SDM terlatih"
    assert frame.loc["QW-02", "progress"] == "flat"
    assert frame.loc["QW-02", "progress_reason"] == "realisasi roadmap 75 % < 80 %"
    assert frame.loc["QW-02", "ratio"] == pytest.approx(0.75)
    assert frame.loc["QW-02", "previous_total"] == pytest.approx(
        frame.loc["QW-02", "total"] - frame.loc["QW-02", "delta"]
    )
    assert frame.loc["QW-09", "verified"] == "Ketersediaan layanan: 99,2 → 97 (−2,2 %)"
    a = pack.assess(portfolio[portfolio["id"] == "QW-09"].iloc[0].to_dict())
    assert [(v["field"], v["own"], v["verified"]) for v in a.verified] == [("uptime_pct", 99.2, 97.0)]


def test_methodology_html_is_the_documents_of_matang_doc(pack: matang.Pack) -> None:
    html = pack.methodology_html("en")
    assert "<html" in html and "@page" in html
    for field in pack.schema:
        assert field["label"]["en"] in html, field["id"]
    assert "SDM terlatih" in pack.methodology_html()
    with pytest.raises(matang.UsageError):
        pack.methodology_html("fr")  # type: ignore[arg-type]


def test_assess_file_reads_a_workbook_with_typed_cells(pack: matang.Pack, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    examples = REPO / "rules" / PACK_ID / "examples"
    portfolio = pd.read_csv(examples / "portfolio.csv", dtype=str, keep_default_na=False)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(list(portfolio.columns))
    dates = {f["id"] for f in pack.schema if f["type"] == "date"}
    numbers = {f["id"] for f in pack.schema if f["type"] in ("integer", "number")}
    numbers |= {f"verified.{n}" for n in numbers}
    for _, row in portfolio.iterrows():
        cells: list[Any] = []
        for name, text in row.items():
            if text == "":
                cells.append(None)
            elif name in dates:
                cells.append(datetime.date.fromisoformat(text))  # a real date cell
            elif name in numbers:
                cells.append(float(text) if "." in text else int(text))
            else:
                cells.append(text)
        sheet.append(cells)
    path = tmp_path / "portfolio.xlsx"
    book.save(path)
    got = pack.assess_file(path, sheet="Data")
    pd.testing.assert_frame_equal(got, pack.assess_file(examples / "portfolio.csv"))
    with pytest.raises(matang.MatangError, match="sheet"):
        pack.assess_file(path, sheet="Nope")


def test_action_plan_by_office_lists_the_changes_to_the_next_level(pack: matang.Pack) -> None:
    portfolio = pd.read_csv(REPO / "rules" / PACK_ID / "examples" / "portfolio.csv")
    plan = pack.action_plan(portfolio, by="opd", lang="en")
    assert list(plan.columns) == ["opd", "id", "name", "level", "target_level", "field", "from", "to", "step"]
    sipipa = plan[plan["id"] == "QW-02"]
    assert sipipa["step"].tolist() == ["raise transactions per month from 650 to 1,000 transactions/month"]
    assert sipipa["opd"].tolist() == ["Dinas Perikanan"] and sipipa["target_level"].tolist() == ["4"]
    md = pack.action_plan_markdown(portfolio, by="opd")
    assert "## Dinas Perikanan" in md and "- [ ] naikkan transaksi per bulan dari 650" in md
    with pytest.raises(matang.UsageError, match="not a field"):
        pack.action_plan(portfolio, by="office")
