//! Independent pieces of work spread over the machine's cores: parsing the
//! spec files, and emitting and formatting the output files. Written over
//! `std::thread::scope` rather than a pool crate (rayon): the generator
//! needs a map with a chosen work order, results handed back in order as
//! they come, and nothing else of a pool.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::error::Error;

/// Runs `work` on every item, on all cores, and returns the results in the
/// items' order. The heaviest items (by `weight`) start first: a large one
/// started last would finish last, alone, while the other cores idle.
/// `doing` names the work for the error if a worker panics (a bug).
pub fn map<T: Sync, R: Send>(
    doing: &'static str,
    items: &[T],
    weight: impl Fn(&T) -> usize,
    work: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>, Error> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| Reverse(weight(&items[index])));
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    run(doing, items, &order, work, |index, result| {
        results[index] = Some(result)
    })?;
    // `run` returned Ok: every worker finished, so every slot is filled.
    Ok(results.into_iter().flatten().collect())
}

/// Runs `work` on every item, on all cores, started in the items' order,
/// and hands each item with its result to `consume`, on the calling thread,
/// in the items' order, as soon as it and all before it are done: the caller works on
/// the first results while the cores make the next.
pub fn in_order<T: Sync, R: Send>(
    doing: &'static str,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(&T, R),
) -> Result<(), Error> {
    let order: Vec<usize> = (0..items.len()).collect();
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    run(doing, items, &order, work, |index, result| {
        waiting.insert(index, result);
        while let Some(result) = waiting.remove(&next) {
            consume(&items[next], result);
            next += 1;
        }
    })
}

/// The workers: each takes the next item of `order` in turn (the items'
/// costs differ too much for an even split up front) and sends its result
/// to the calling thread, which passes it to `done` as it arrives.
fn run<T: Sync, R: Send>(
    doing: &'static str,
    items: &[T],
    order: &[usize],
    work: impl Fn(&T) -> R + Sync,
    mut done: impl FnMut(usize, R),
) -> Result<(), Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::channel();
    std::thread::scope(|scope| {
        // At least one thread of its own, so that a panic is caught at its
        // join whatever the core count.
        let workers: Vec<_> = (0..threads.min(items.len()).max(1))
            .map(|_| {
                let (send, next, work) = (send.clone(), &next, &work);
                scope.spawn(move || {
                    while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        if send.send((index, work(&items[index]))).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        // Ends when every worker has dropped its sender: done or panicked.
        drop(send);
        for (index, result) in receive {
            done(index, result);
        }
        // Every worker is joined before any failure is reported: the scope
        // would panic over a panicked worker left unjoined.
        let joined: Vec<_> = workers.into_iter().map(|worker| worker.join()).collect();
        match joined.iter().all(Result::is_ok) {
            true => Ok(()),
            false => Err(Error::Panicked(doing)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order_whatever_order_they_ran_in() {
        let items: Vec<usize> = (0..100).collect();
        let squares = map("squaring", &items, |&n| n % 7, |&n| n * n).expect("no worker panics");
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn in_order_hands_over_every_result_in_the_items_order() {
        let items: Vec<u64> = (0..100).rev().collect();
        let mut seen = Vec::new();
        // Later items are quicker: they finish before earlier ones.
        let work = |&n: &u64| {
            std::thread::sleep(std::time::Duration::from_micros(n * 10));
            n
        };
        in_order("sleeping", &items, work, |&item, n| seen.push((item, n))).expect("no worker panics");
        assert_eq!(seen, items.iter().map(|&n| (n, n)).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_worker_is_an_error_not_a_panic() {
        let items = [1, 2, 0, 4, 0];
        let error = map("dividing", &items, |_| 0, |&n| 10 / n).expect_err("a worker panicked");
        assert_eq!(error.to_string(), "a thread dividing panicked (generator bug)");
        let error = in_order("dividing", &items, |&n| 10 / n, |_, _| {}).expect_err("a worker panicked");
        assert_eq!(error.to_string(), "a thread dividing panicked (generator bug)");
    }
}
