//! Independent jobs spread over the machine's cores: the loader's file
//! parsing and the formatter's parts. The generator runs in build scripts
//! and CLIs alike, so this is plain scoped threads, no thread pool.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `job(i)` for every `i` in `order` on as many threads as there are
/// cores, taking the jobs in that order (put the longest first), and returns
/// each result at index `i` of a vector of `count`. The calling thread
/// works too. A job that `order` does not name has no result, and neither
/// have the jobs of a helper thread that panicked; a panic on the calling
/// thread goes on up.
pub fn run_all<T: Send>(
    count: usize,
    order: &[usize],
    job: impl Fn(usize) -> T + Sync,
) -> Vec<Option<T>> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((i, job(i)));
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(order.len());
    let mut results: Vec<Option<T>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut finished = vec![Ok(work())];
        finished.extend(helpers.into_iter().map(|h| h.join()));
        for done in finished.into_iter().flatten() {
            for (i, result) in done {
                results[i] = Some(result);
            }
        }
    });
    results
}

#[cfg(test)]
mod tests {
    use super::run_all;

    #[test]
    fn every_job_named_in_order_runs_once_and_lands_at_its_index() {
        let order = [3, 0, 2];
        let results = run_all(5, &order, |i| i * 10);
        assert_eq!(results, vec![Some(0), None, Some(20), Some(30), None]);
    }
}
