//! Long native calls stay interruptible. Python runs signal handlers (Ctrl-C's
//! `KeyboardInterrupt`) only on its main thread, between bytecodes, so a call that holds
//! that thread in native code would ignore Ctrl-C until it returns. Here the work runs on
//! the core's pool with the GIL released, while the calling thread checks for signals
//! every [`POLL`]; a handler that raises cancels the work, waits for it to stop between
//! chunks of records, and raises its exception.

use crate::errors;
use matang::Cancel;
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use std::time::Duration;

/// How often a waiting call checks for signals: soon enough for a person at a keyboard.
const POLL: Duration = Duration::from_millis(50);

/// Rows between two signal checks in a loop that converts Python values, holding the GIL:
/// a fraction of a millisecond of work.
const ROWS_PER_CHECK: usize = 1024;

/// Checks for signals at every [`ROWS_PER_CHECK`]th row `i` of a loop that holds the GIL,
/// so that converting a large list of dicts stops on Ctrl-C too.
pub(crate) fn check_row(py: Python<'_>, i: usize) -> PyResult<()> {
    if i % ROWS_PER_CHECK == ROWS_PER_CHECK - 1 {
        py.check_signals()
    } else {
        Ok(())
    }
}

/// Runs `work` over `records` records without the GIL and gives its result; `work`
/// returns `None` when it stopped because its [`Cancel`] was set. A signal handler's
/// exception (usually `KeyboardInterrupt`) is raised once `work` has stopped, a panic as
/// `InternalError`. With at most one record, `work` runs on this thread: one record
/// cannot be stopped midway, and Python handles a signal as soon as the call returns, so
/// the hand-over to the pool would only add latency.
pub(crate) fn run<T: Send>(
    py: Python<'_>,
    records: usize,
    work: impl FnOnce(&Cancel) -> Option<T> + Send,
) -> PyResult<T> {
    if records <= 1 {
        return detached(py, || work(&Cancel::new()))?.ok_or_else(cancelled);
    }
    let mut raised: Option<PyErr> = None;
    let done = py.detach(|| {
        errors::catch(|| {
            matang::run_polled(work, POLL, || {
                raised = Python::attach(|py| py.check_signals()).err();
                raised.is_some()
            })
        })
    });
    if let Some(e) = raised {
        return Err(e);
    }
    match done {
        Ok(Some(out)) => Ok(out),
        // Only a raised signal cancels work, and that returned above.
        Ok(None) => Err(cancelled()),
        Err(panic) => Err(panic.into_py(py)),
    }
}

fn cancelled() -> PyErr {
    PyKeyboardInterrupt::new_err("matang: the call was cancelled")
}

/// Runs `f`, which cannot be cancelled midway, without the GIL on this thread (a signal
/// is handled when it returns), and raises a panic as `InternalError`.
pub(crate) fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| errors::catch(f))
        .map_err(|panic| panic.into_py(py))
}

/// Panics on purpose, on the calling thread or on the core's pool, so that tests can check
/// that a panic reaches Python as `InternalError` (the mapping's last line of defence).
#[pyfunction]
pub(crate) fn _panic_for_tests(py: Python<'_>, message: &str, on_pool: bool) -> PyResult<()> {
    if on_pool {
        run(py, usize::MAX, |_| -> Option<()> { panic!("{message}") })
    } else {
        errors::guard(py, || panic!("{message}"))
    }
}
