//! A parallel map over `0..n` whose results are handed over in index order, each as soon as
//! those before it were, with a bounded number of results held: the CLI lints files on the
//! thread pool and writes each file's report in path order, dropping its texts once written.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;

/// Runs `work(i)` for every `i` in `0..n` on rayon's pool and calls `each(i, result)` on the
/// calling thread, in order of `i`. At most `window` items are started but not yet handed
/// over, so a slow item holds back at most `window - 1` finished ones (their memory), while the
/// pool stays busy with the ones after it. A panic in `work` is raised again here. Call it from
/// outside the pool: a pool thread waiting here would be one fewer to do the work (with one
/// thread, none).
pub fn for_each_in_order<T: Send>(
    n: usize,
    window: usize,
    work: impl Fn(usize) -> T + Sync,
    mut each: impl FnMut(usize, T),
) {
    let window = window.max(1);
    let work = &work;
    let (sender, receiver) = mpsc::channel();
    // The calling thread hands results over while the pool works: it is not one of the pool's
    // threads, so it takes none of their time but the writing.
    rayon::in_place_scope(|scope| {
        let mut finished: BTreeMap<usize, T> = BTreeMap::new();
        let (mut started, mut next) = (0, 0);
        while next < n {
            while started < n && started < next + window {
                let sender = sender.clone();
                let i = started;
                scope.spawn(move |_| {
                    let result = panic::catch_unwind(AssertUnwindSafe(|| work(i)));
                    // The receiver lives until every item is handed over.
                    let _ = sender.send((i, result));
                });
                started += 1;
            }
            // Cannot fail: `sender` is alive, and every started item sends once.
            let (i, result) = receiver.recv().expect("a started item sends its result");
            match result {
                Ok(value) => finished.insert(i, value),
                Err(payload) => panic::resume_unwind(payload),
            };
            while let Some(value) = finished.remove(&next) {
                each(next, value);
                next += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn results_come_in_order_with_at_most_a_window_held() {
        for window in [1, 2, 3, 8] {
            let in_flight = AtomicUsize::new(0);
            let most = AtomicUsize::new(0);
            let mut seen = Vec::new();
            for_each_in_order(
                40,
                window,
                |i| {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    // Early items are slow, so later ones finish first and wait.
                    std::thread::sleep(Duration::from_millis(if i % 7 == 0 { 15 } else { 1 }));
                    i * 10
                },
                |i, value| {
                    // Handed over: its memory may go.
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    assert_eq!(value, i * 10);
                    seen.push(i);
                },
            );
            assert_eq!(seen, (0..40).collect::<Vec<_>>(), "window {window}");
            assert!(most.load(Ordering::SeqCst) <= window, "window {window}");
        }
    }

    #[test]
    fn nothing_to_do_is_done() {
        let mut called = false;
        for_each_in_order(0, 4, |i| i, |_, _| called = true);
        assert!(!called);
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller_instead_of_hanging() {
        let caught = panic::catch_unwind(|| {
            for_each_in_order(
                10,
                4,
                |i| {
                    assert_ne!(i, 5, "item 5 fails");
                    i
                },
                |_, _| {},
            )
        });
        assert!(caught.is_err());
    }
}
