//! The budget every rule evaluation runs under.
//!
//! Rhai counts operations per call of its own, and a callback (`map`, `filter`, `sort`,
//! `reduce`, a function pointer) runs on a copy of that count, so nested callbacks multiply
//! the real work far past `max_operations`. Here every operation the engine reports is also
//! counted per thread, across every callback, together with a wall-clock deadline for the
//! whole record, so nothing a rule does escapes either bound.

use rhai::{Dynamic, Engine};
use std::cell::Cell;
#[cfg(not(target_family = "wasm"))]
pub(crate) use std::time::Instant;
#[cfg(target_family = "wasm")]
pub(crate) use web_time::Instant;

/// How often (in operations) the clock is read: often enough that a record overshoots its
/// deadline by microseconds, rarely enough that reading it costs nothing measurable.
const CLOCK_EVERY: u64 = 256;

/// Why the engine stopped a script.
pub(crate) const STOP_OPERATIONS: &str = "matang:operations";
pub(crate) const STOP_TIME: &str = "matang:time";

#[derive(Clone, Copy)]
struct Budget {
    /// Operations this evaluation may still run; `None` outside an evaluation (pack loading).
    ops_left: Option<u64>,
    deadline: Option<Instant>,
}

thread_local! {
    static BUDGET: Cell<Budget> = const { Cell::new(Budget { ops_left: None, deadline: None }) };
}

/// Makes `engine` report every operation to the budget of the evaluation in progress.
pub(crate) fn install(engine: &mut Engine) {
    engine.on_progress(|_| {
        BUDGET.with(|b| {
            let mut budget = b.get();
            let left = budget.ops_left?;
            if left == 0 {
                return Some(Dynamic::from(STOP_OPERATIONS));
            }
            budget.ops_left = Some(left - 1);
            b.set(budget);
            if left % CLOCK_EVERY == 0
                && let Some(deadline) = budget.deadline
                && Instant::now() >= deadline
            {
                return Some(Dynamic::from(STOP_TIME));
            }
            None
        })
    });
}

/// The deadline of a record whose evaluation starts now.
pub(crate) fn deadline_after(d: std::time::Duration) -> Option<Instant> {
    Instant::now().checked_add(d)
}

/// Runs `f` (one script evaluation) with `ops` operations and until `deadline` at most.
pub(crate) fn run<T>(ops: u64, deadline: Option<Instant>, f: impl FnOnce() -> T) -> T {
    struct Restore(Budget);
    impl Drop for Restore {
        fn drop(&mut self) {
            BUDGET.with(|b| b.set(self.0));
        }
    }
    let _restore = Restore(BUDGET.with(|b| {
        b.replace(Budget {
            ops_left: Some(ops),
            deadline,
        })
    }));
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_restored_after_a_run_even_when_it_panics() {
        let _ = crate::contain::contain(|| run(5, None, || panic!("x")));
        assert!(BUDGET.with(Cell::get).ops_left.is_none());
        run(5, None, || {
            assert_eq!(BUDGET.with(Cell::get).ops_left, Some(5))
        });
    }
}
