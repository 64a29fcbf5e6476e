//! The budget every rule evaluation runs under, and the wall that keeps a panic inside it.
//!
//! Rhai counts operations per call of its own, and a callback (`map`, `filter`, `sort`,
//! `reduce`, a function pointer) runs on a copy of that count, so nested callbacks multiply
//! the real work far past `max_operations`. Here every operation the engine reports is also
//! counted per thread, across every callback, together with a wall-clock deadline for the
//! whole record, so nothing a rule does escapes either bound.

use rhai::{Dynamic, Engine};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
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
    /// More than 0 while a panic on this thread is caught and reported as an error.
    static CONTAINED: Cell<u32> = const { Cell::new(0) };
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

/// Runs `f`, turning a panic inside it into `Err` with the panic's message (printed nowhere:
/// the caller reports it as an error of the record or pack it happened in).
pub(crate) fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CONTAINED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
    CONTAINED.with(|c| c.set(c.get() + 1));
    let out = panic::catch_unwind(AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(c.get() - 1));
    out.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contained_panic_is_an_error_and_the_thread_goes_on() {
        let e = contain(|| -> u8 { panic!("boom {}", 1) }).unwrap_err();
        assert_eq!(e, "boom 1");
        assert_eq!(contain(|| 7).unwrap(), 7);
        assert_eq!(CONTAINED.with(Cell::get), 0);
    }

    #[test]
    fn the_budget_is_restored_after_a_run_even_when_it_panics() {
        let _ = contain(|| run(5, None, || panic!("x")));
        assert!(BUDGET.with(Cell::get).ops_left.is_none());
        run(5, None, || {
            assert_eq!(BUDGET.with(Cell::get).ops_left, Some(5))
        });
    }
}

#[cfg(test)]
mod pack_tests {
    use crate::{Error, Lang, Pack, Record};
    use std::collections::BTreeMap;

    /// A pack whose indicator calls the test-only `test_panic`, which panics for x > 0.
    fn pack(rule: &str) -> crate::Result<Pack> {
        let toml = "[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n\
             [[field]]\nid = \"x\"\ntype = \"integer\"\nlabel = \"x\"\n\
             [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n\
             [[indicator]]\nid = \"i\"\ndimension = \"D\"\nlabel = \"i\"\nfile = \"i.rhai\"\n\
             [[level]]\nrank = 1\nid = \"l1\"\nmin = 0\nlabel = \"L1\"\n";
        Pack::from_files(BTreeMap::from([
            ("pack.toml".to_string(), toml.to_string()),
            ("i.rhai".to_string(), rule.to_string()),
        ]))
    }

    fn record(id: &str, x: i64) -> Record {
        Record::from_json(serde_json::json!({"id": id, "x": x})).unwrap()
    }

    #[test]
    fn a_panic_in_a_rule_is_an_error_of_that_record_only() {
        let p = pack("test_panic(x); 1").unwrap();
        let records = [record("a", 0), record("b", 5), record("c", -1)];
        let out = p.assess_many(&records, Lang::En);
        assert!(out[0].is_ok() && out[2].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert!(
            matches!(e, Error::Rule { record, .. } if record == "b")
                && e.to_string().contains("internal error (test panic 5)"),
            "{e}"
        );
        let scores = p.score_many(&records);
        assert!(scores[0].is_ok() && scores[2].is_ok() && scores[1].is_err());
        // The thread that caught the panic goes on scoring.
        assert!(p.assess(&record("d", 0), Lang::En).is_ok());
    }

    #[test]
    fn a_panic_while_loading_is_an_error_of_that_pack() {
        // The optimiser calls functions with constant arguments while compiling.
        let e = pack("test_panic(3)").unwrap_err();
        assert!(
            matches!(e, Error::Pack { .. })
                && e.to_string().contains("internal error (test panic 3)"),
            "{e}"
        );
    }
}
