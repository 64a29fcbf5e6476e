//! The thread pool behind every parallel call of the core, and the cancellation of long
//! calls.
//!
//! The core owns its pool instead of using rayon's global one, because a process forked
//! after a pool started (Python's `multiprocessing` with the `fork` start method, the
//! Linux default before Python 3.14) inherits the pool's bookkeeping but none of its
//! threads: any job sent to it waits forever. The pool remembers the process that built
//! it, and a forked child builds its own and never touches the parent's. The pool has as
//! many threads as rayon's global one would (`RAYON_NUM_THREADS`, or one per core), and
//! a call made from inside a rayon pool (e.g. within `ThreadPool::install`) runs on that
//! pool, so callers keep choosing their threads.

use crate::error::{Error, Result};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A request to stop a long batch call early: set it from another thread and the call
/// stops between chunks of records (see [`run_polled`]).
#[derive(Debug, Default)]
pub struct Cancel(AtomicBool);

impl Cancel {
    /// A request not (yet) made.
    #[must_use]
    pub const fn new() -> Cancel {
        Cancel(AtomicBool::new(false))
    }

    /// Asks the calls given this `Cancel` to stop as soon as they can.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`Cancel::cancel`] was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// `f` over `items`, in parallel with the `parallel` feature, results in order.
pub(crate) fn map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    // One item runs where it is, as rayon would run it: no hand-over to the pool.
    #[cfg(feature = "parallel")]
    if items.len() > 1
        && let Some(place) = pool::place()
    {
        use rayon::prelude::*;
        return place.install(|| items.par_iter().map(f).collect());
    }
    items.iter().map(f).collect()
}

/// [`map`] over items taken by value.
pub(crate) fn map_owned<T: Send, U: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> U + Sync + Send,
) -> Vec<U> {
    #[cfg(feature = "parallel")]
    if items.len() > 1
        && let Some(place) = pool::place()
    {
        use rayon::prelude::*;
        return place.install(|| items.into_par_iter().map(f).collect());
    }
    items.into_iter().map(f).collect()
}

/// [`map`] that skips the items not yet started once `cancel` is set, and then gives
/// `None` (also when `f` gave up on an item because of it).
pub(crate) fn map_until<T: Sync, U: Send>(
    items: &[T],
    cancel: &Cancel,
    f: impl Fn(&T) -> U + Sync + Send,
) -> Option<Vec<U>> {
    let done = map(items, |x| (!cancel.is_cancelled()).then(|| f(x)));
    finished(done, cancel)
}

/// [`map_until`] over items taken by value.
pub(crate) fn map_owned_until<T: Send, U: Send>(
    items: Vec<T>,
    cancel: &Cancel,
    f: impl Fn(T) -> U + Sync + Send,
) -> Option<Vec<U>> {
    let done = map_owned(items, |x| (!cancel.is_cancelled()).then(|| f(x)));
    finished(done, cancel)
}

fn finished<U>(done: Vec<Option<U>>, cancel: &Cancel) -> Option<Vec<U>> {
    if cancel.is_cancelled() {
        return None;
    }
    done.into_iter().collect()
}

/// Runs `f` on the readable items of `items` (the `Ok` ones) and puts each of its results
/// back in its item's place; an unreadable item keeps its error there. `None` when `f`
/// gives `None` (it was cancelled). For batches where some rows could not be read at all.
///
/// ```
/// let items = vec![Ok(2), Err(matang::Error::Usage("row 1: not a dict".into())), Ok(3)];
/// let out = matang::map_readable(items, |ok: &[i32]| Some(ok.iter().map(|x| Ok(x * 10)).collect()));
/// let out: Vec<_> = out.unwrap().into_iter().map(|r| r.ok()).collect();
/// assert_eq!(out, [Some(20), None, Some(30)]);
/// ```
pub fn map_readable<R, T>(
    items: Vec<Result<R>>,
    f: impl FnOnce(&[R]) -> Option<Vec<Result<T>>>,
) -> Option<Vec<Result<T>>> {
    let mut ok = Vec::with_capacity(items.len());
    let places: Vec<Result<()>> = items
        .into_iter()
        .map(|r| r.map(|item| ok.push(item)))
        .collect();
    let mut done = f(&ok)?.into_iter();
    let missing = || {
        Err(Error::Usage(
            "internal: a batch gave too few results".into(),
        ))
    };
    Some(
        places
            .into_iter()
            .map(|p| p.and_then(|()| done.next().unwrap_or_else(missing)))
            .collect(),
    )
}

/// Runs `work` on the pool while the calling thread calls `poll` every `every`; once
/// `poll` returns `true`, `work`'s [`Cancel`] is set (the batch calls given it stop
/// between chunks) and `run_polled` waits for `work` to return. Whether `work` finished
/// is for it to say (the cancellable calls return `None`). This is how a binding keeps a
/// long call interruptible: Python, for one, handles Ctrl-C only on its main thread.
///
/// Without the `parallel` feature, from inside a rayon pool, or in a forked child whose
/// pool cannot be built, `work` runs on the calling thread and `poll` is not called.
///
/// A panic in `work` resumes on the calling thread.
pub fn run_polled<R: Send>(
    work: impl FnOnce(&Cancel) -> R + Send,
    every: Duration,
    poll: impl FnMut() -> bool,
) -> R {
    #[cfg(feature = "parallel")]
    if let Some(pool::Place::Owned(pool)) = pool::place() {
        return pool::run_polled(&pool, work, every, poll);
    }
    let _ = (every, poll);
    work(&Cancel::new())
}

#[cfg(feature = "parallel")]
mod pool {
    use super::Cancel;
    use rayon::ThreadPool;
    use std::sync::mpsc::{RecvTimeoutError, channel};
    use std::sync::{Arc, Mutex, TryLockError};
    use std::time::Duration;

    /// A pool and the id of the process that built it.
    pub(super) type Slot = Mutex<Option<(u32, Arc<ThreadPool>)>>;

    /// The core's pool.
    static POOL: Slot = Mutex::new(None);

    /// How often a caller retries a lock held by another thread before it works alone.
    const LOCK_TRIES: usize = 10_000;

    /// Where parallel work runs.
    pub(super) enum Place {
        /// The rayon pool the caller already runs on.
        Current,
        /// The core's pool, built by this process.
        Owned(Arc<ThreadPool>),
    }

    impl Place {
        pub(super) fn install<R: Send>(&self, op: impl FnOnce() -> R + Send) -> R {
            match self {
                Place::Current => op(),
                Place::Owned(pool) => pool.install(op),
            }
        }
    }

    /// The pool for a parallel call, or `None` to work on the calling thread alone (in a
    /// forked child whose parent held the lock when it forked: no thread will release it).
    pub(super) fn place() -> Option<Place> {
        if rayon::current_thread_index().is_some() {
            return Some(Place::Current);
        }
        owned(&POOL, std::process::id(), build).map(Place::Owned)
    }

    fn build() -> Option<ThreadPool> {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("matang-{i}"))
            .build()
            .ok()
    }

    /// The pool of process `pid` in `slot`: the one it built, or a new one (from `build`).
    /// A pool built by another process (the parent of a fork) is left alone: its threads
    /// do not exist here, so even dropping it could wait for them forever.
    pub(super) fn owned(
        slot: &Slot,
        pid: u32,
        build: impl Fn() -> Option<ThreadPool>,
    ) -> Option<Arc<ThreadPool>> {
        let mine = |s: &Option<(u32, Arc<ThreadPool>)>| match s {
            Some((p, pool)) if *p == pid => Some(Arc::clone(pool)),
            _ => None,
        };
        if let Some(pool) = with_lock(slot, |s| mine(s))? {
            return Some(pool);
        }
        // Built outside the lock, so that a fork never finds the lock held for long.
        let fresh = Arc::new(build()?);
        with_lock(slot, |s| {
            mine(s).unwrap_or_else(|| {
                if let Some(stale) = s.replace((pid, Arc::clone(&fresh))) {
                    std::mem::forget(stale);
                }
                fresh
            })
        })
    }

    /// `f` on the slot's content; `None` if its lock stays taken (see [`place`]).
    fn with_lock<R>(
        slot: &Slot,
        f: impl FnOnce(&mut Option<(u32, Arc<ThreadPool>)>) -> R,
    ) -> Option<R> {
        for _ in 0..LOCK_TRIES {
            match slot.try_lock() {
                Ok(mut s) => return Some(f(&mut s)),
                Err(TryLockError::Poisoned(p)) => return Some(f(&mut p.into_inner())),
                Err(TryLockError::WouldBlock) => std::thread::yield_now(),
            }
        }
        None
    }

    pub(super) fn run_polled<R: Send>(
        pool: &ThreadPool,
        work: impl FnOnce(&Cancel) -> R + Send,
        every: Duration,
        mut poll: impl FnMut() -> bool,
    ) -> R {
        let cancel = Cancel::new();
        let shared = &cancel;
        let (tx, rx) = channel();
        let done = pool.in_place_scope(|scope| {
            scope.spawn(move |_| {
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(shared)));
                // The receiver outlives this job: the scope waits for it.
                let _ = tx.send(r);
            });
            loop {
                match rx.recv_timeout(every) {
                    Ok(r) => break r,
                    Err(RecvTimeoutError::Timeout) => {
                        if !shared.is_cancelled() && poll() {
                            shared.cancel();
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        let why = "matang: a batch job ended without a result";
                        break Err(Box::new(why) as Box<dyn std::any::Any + Send>);
                    }
                }
            }
        });
        done.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn map_keeps_order_and_uses_every_item() {
        let items: Vec<u64> = (0..10_000).collect();
        let doubled: Vec<u64> = items.iter().map(|x| x * 2).collect();
        assert_eq!(map(&items, |x| x * 2), doubled);
        assert_eq!(map_until(&items, &Cancel::new(), |x| x * 2), Some(doubled));
        let plus_one: Vec<u64> = items.iter().map(|x| x + 1).collect();
        assert_eq!(map_owned(items.clone(), |x| x + 1), plus_one);
        assert_eq!(
            map_owned_until(items, &Cancel::new(), |x| x + 1),
            Some(plus_one)
        );
    }

    #[test]
    fn a_cancelled_map_stops_early_and_says_so() {
        let cancel = Cancel::new();
        let started = AtomicUsize::new(0);
        let items: Vec<usize> = (0..100_000).collect();
        let out = map_until(&items, &cancel, |&i| {
            started.fetch_add(1, Ordering::Relaxed);
            if i == 10 {
                cancel.cancel();
            }
            std::thread::sleep(Duration::from_micros(20));
        });
        assert_eq!(out, None);
        assert!(started.load(Ordering::Relaxed) < items.len() / 2);
    }

    #[test]
    #[cfg(feature = "parallel")]
    fn run_polled_polls_on_the_caller_and_cancels_the_work() {
        let caller = std::thread::current().id();
        let mut polls = 0;
        let start = std::time::Instant::now();
        let (saw_cancel, worker) = run_polled(
            |cancel| {
                // Would run for 20 s without the cancel.
                let end = std::time::Instant::now() + Duration::from_secs(20);
                while !cancel.is_cancelled() && std::time::Instant::now() < end {
                    std::thread::sleep(Duration::from_millis(1));
                }
                (cancel.is_cancelled(), std::thread::current().id())
            },
            Duration::from_millis(10),
            || {
                assert_eq!(std::thread::current().id(), caller);
                polls += 1;
                polls == 3
            },
        );
        assert!(saw_cancel);
        assert_ne!(worker, caller, "the work ran on the pool");
        assert_eq!(polls, 3);
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn run_polled_returns_the_result_and_resumes_a_panic() {
        assert_eq!(run_polled(|_| 42, Duration::from_millis(5), || false), 42);
        let panicked = std::panic::catch_unwind(|| {
            run_polled(
                |_| -> u8 { panic!("boom") },
                Duration::from_millis(5),
                || false,
            )
        });
        let payload = panicked
            .err()
            .and_then(|p| p.downcast_ref::<&str>().copied());
        assert_eq!(payload, Some("boom"));
    }

    #[test]
    #[cfg(feature = "parallel")]
    fn a_call_inside_a_rayon_pool_runs_on_that_pool() {
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let items: Vec<u32> = (0..5_000).collect();
        let threads = one.install(|| map(&items, |_| std::thread::current().id()));
        assert_eq!(threads.len(), 5_000);
        assert!(threads.iter().all(|t| *t == threads[0]));
    }

    #[test]
    #[cfg(feature = "parallel")]
    fn a_forked_child_builds_its_own_pool_and_leaves_the_parents() {
        let slot: pool::Slot = std::sync::Mutex::new(None);
        let builds = AtomicUsize::new(0);
        let build = || {
            builds.fetch_add(1, Ordering::Relaxed);
            rayon::ThreadPoolBuilder::new().num_threads(1).build().ok()
        };
        let parent = pool::owned(&slot, 100, build).unwrap();
        let again = pool::owned(&slot, 100, build).unwrap();
        // A fork: the same slot, seen from another process.
        let child = pool::owned(&slot, 101, build).unwrap();
        assert!(
            std::sync::Arc::ptr_eq(&parent, &again),
            "one pool per process"
        );
        assert!(
            !std::sync::Arc::ptr_eq(&parent, &child),
            "the child has its own"
        );
        assert_eq!(builds.load(Ordering::Relaxed), 2);
        assert_eq!(child.install(|| 1 + 1), 2);
        let again = pool::owned(&slot, 101, build).unwrap();
        assert!(std::sync::Arc::ptr_eq(&child, &again));
    }
}
