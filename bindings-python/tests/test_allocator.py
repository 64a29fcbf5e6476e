"""The native module's allocator options: set for its import only, never over the user's,
and in effect (freed memory is reused by a call a second later instead of being faulted
in again page by page)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO

OPTION = "MIMALLOC_PURGE_DELAY"

# One call on 56,000 rows (the example portfolio, repeated), a pause longer than mimalloc's
# default delay of one second, then the page faults of a second call. The native call on
# an Arrow table built once, in one chunk per column, so that only matang allocates: the
# 4,000 chunks `pd.concat` leaves in text columns would be exported batch by batch
# through pyarrow's own allocator, whose faults the option does not govern.
FAULTS = f"""
import json, os, resource, time
import pandas as pd
import matang
from matang import _frames
example = pd.read_csv({str(REPO / "rules" / "smart-city-quickwin" / "examples" / "portfolio.csv")!r})
frame = pd.concat([example] * 4000, ignore_index=True)
pack = matang.Pack.builtin("smart-city-quickwin")
table = _frames.pandas_to_arrow(frame).combine_chunks()
pack._native.score_arrow(table, "id", False)
time.sleep(1.3)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
pack._native.score_arrow(table, "id", False)
after = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
print(json.dumps({{"faults": after - before, "option": os.environ.get("{OPTION}")}}))
"""


def run(code: str, **env: str) -> dict[str, object]:
    environ = {k: v for k, v in os.environ.items() if k != OPTION}
    # Python's own objects (the result arrays) come from glibc's malloc, which would hand
    # them back and fault them in again too: kept here, so the count is mimalloc's alone.
    environ["GLIBC_TUNABLES"] = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
    environ.update(env, RAYON_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True)
    got: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return got


def test_the_option_is_set_for_the_import_only() -> None:
    got = run("import json, os, matang; print(json.dumps({'option': os.environ.get('%s')}))" % OPTION)
    assert got["option"] is None


def test_a_value_the_user_set_is_kept() -> None:
    got = run("import json, os, matang; print(json.dumps({'option': os.environ.get('%s')}))" % OPTION,
              **{OPTION: "250"})
    assert got["option"] == "250"


def test_memory_freed_a_second_ago_is_reused() -> None:
    kept = run(FAULTS)["faults"]
    # mimalloc's own default: memory free for a second goes back to the kernel at its next
    # call, and that call faults its pages in again.
    returned = run(FAULTS, **{OPTION: "1000"})["faults"]
    assert isinstance(kept, int) and isinstance(returned, int)
    assert returned > 500, returned
    assert kept * 10 < returned, (kept, returned)
