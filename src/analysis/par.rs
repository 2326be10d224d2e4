//! Work split over the machine's cores, for the steps of the core that walk a whole large text
//! at once (a new document's per-block results, the first resolution of its names) and for the
//! checks of a long text, which run side by side.
//!
//! The work goes to rayon's pool, whose threads live as long as the process: an edit of a long
//! text splits its checks at every keystroke, and starting threads for each cost more than the
//! smaller checks themselves. Work split inside work already split is stolen by idle threads
//! rather than starting more.

use rayon::prelude::*;

/// Below this many items the split costs more than it saves.
pub const MIN_ITEMS: usize = 64;

/// `(0..n).map(f)`, in order, computed on every core when `n` is at least [`MIN_ITEMS`].
/// A panic in `f` is resumed on the calling thread, as if `f` had run there.
pub fn map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    map_if(n >= MIN_ITEMS, n, f)
}

/// [`map`], split over the cores only when `split`: the caller knows how much of the work is
/// real (an edit carries most per-block results over and computes one block).
pub fn map_if<T: Send>(split: bool, n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    if !split {
        return (0..n).map(f).collect();
    }
    (0..n).into_par_iter().map(f).collect()
}

/// `(a(), b())`, the two side by side on the pool when `split`.
pub fn join_if<RA: Send, RB: Send>(
    split: bool,
    a: impl FnOnce() -> RA + Send,
    b: impl FnOnce() -> RB + Send,
) -> (RA, RB) {
    if !split {
        return (a(), b());
    }
    rayon::join(a, b)
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
