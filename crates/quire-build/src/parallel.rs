//! The builder's one worker pool: work on a list of items on all cores, each thread taking
//! the next item left (so one large item does not hold back a share of the others), with the
//! results in the items' order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// More threads than this gain nothing on the builder's work (disk and memory bound).
const MAX_THREADS: usize = 8;

/// `work` on every item, on all cores; the results in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    run(items, work, None)
}

/// Like [`map`], calling `progress` on this thread with the number of items done, about
/// every 20 ms while the work lasts.
pub fn map_with_progress<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut progress: impl FnMut(usize),
) -> Vec<R> {
    run(items, work, Some(&mut progress))
}

fn run<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut progress: Option<&mut dyn FnMut(usize)>,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
        .min(items.len());
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let worker = || {
        let mut results = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return results;
            };
            results.push((i, work(item)));
            done.fetch_add(1, Ordering::Relaxed);
        }
    };
    let mut numbered: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        if let Some(progress) = progress.as_mut() {
            while workers.iter().any(|w| !w.is_finished()) {
                progress(done.load(Ordering::Relaxed));
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    numbered.sort_unstable_by_key(|(i, _)| *i);
    numbered.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<usize> = (0..1000).collect();
        let squares = map(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map(&[] as &[usize], |n| *n).is_empty());
        let mut last = 0;
        let doubled = map_with_progress(&items, |n| n * 2, |done| last = last.max(done));
        assert_eq!(doubled[999], 1998);
        assert!(last <= items.len());
    }
}
