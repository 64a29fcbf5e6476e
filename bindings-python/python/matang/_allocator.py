"""Options of the native module's allocator, which it reads once, when it is loaded.

The extension allocates with mimalloc (see ``src/lib.rs``). mimalloc hands memory that has
stayed free for ``MIMALLOC_PURGE_DELAY`` milliseconds (1,000 by default) back to the
kernel, at its next call. A notebook that alternates ``score_many`` on a large table with
a second or more of other Python work therefore paid, in every call, for handing back the
previous call's megabytes and then for a page fault per 4 KiB of them (about 5,400 faults,
some 0.1 µs per row, on 100,000 rows; see BENCHMARKS.md). Ten seconds covers that rhythm;
memory free for longer still goes back, and an idle process holds what it held before.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

PURGE_DELAY = "MIMALLOC_PURGE_DELAY"
PURGE_DELAY_MS = "10000"


@contextlib.contextmanager
def native_module_options() -> Iterator[None]:
    """Sets the allocator's options for the import of the native module only.

    A value the user set is kept as it is. Otherwise the option is set while the module
    loads and removed afterwards, so that processes started later do not inherit it.
    """
    if PURGE_DELAY in os.environ:
        yield
        return
    os.environ[PURGE_DELAY] = PURGE_DELAY_MS
    try:
        yield
    finally:
        os.environ.pop(PURGE_DELAY, None)
