//! The wall that keeps a panic inside the record or pack it happened in: a bug in matang
//! or Rhai that a hostile rule or pack finds becomes an error, never a crash of the host.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// More than 0 while a panic on this thread is caught and reported as an error.
    static CONTAINED: Cell<u32> = const { Cell::new(0) };
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
}
