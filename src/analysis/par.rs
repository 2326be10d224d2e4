//! Work split over the machine's cores, for the few steps of the core that walk a whole large
//! text at once (a new document's per-block results, the first resolution of its names).

/// Below this many items the threads cost more than they save.
pub const MIN_ITEMS: usize = 64;

thread_local! {
    /// Set on threads that already share out work over every core (see [`mark_worker`]): what
    /// they ask to split stays on the one thread rather than start threads inside threads.
    static IN_WORKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the current thread as one of several that keep every core busy.
pub fn mark_worker() {
    IN_WORKER.set(true);
}

/// `(0..n).map(f)`, in order, computed on every core when `n` is at least [`MIN_ITEMS`].
/// A panic in `f` is resumed on the calling thread, as if `f` had run there.
pub fn map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    map_if(n >= MIN_ITEMS, n, f)
}

/// [`map`], split over the cores only when `split` (the caller knows how much of the work is
/// real: an edit carries most per-block results over and computes one block) and the current
/// thread is not already one of several workers. Asking the system for the number of cores
/// costs tens of microseconds, so an edit does not.
pub fn map_if<T: Send>(split: bool, n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    if !split || IN_WORKER.get() {
        return (0..n).map(f).collect();
    }
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    if threads < 2 {
        return (0..n).map(f).collect();
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|lo| {
                scope.spawn(move || {
                    mark_worker();
                    (lo..(lo + chunk).min(n)).map(f).collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_the_items() {
        for n in [0, 1, super::MIN_ITEMS - 1, super::MIN_ITEMS, 1000, 1001] {
            assert_eq!(super::map(n, |i| i * 3), (0..n).map(|i| i * 3).collect::<Vec<_>>());
        }
    }

    #[test]
    #[should_panic(expected = "item 700")]
    fn a_panic_reaches_the_caller() {
        super::map(1000, |i| if i == 700 { panic!("item {i}") } else { i });
    }
}
