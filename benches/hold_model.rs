//! Hold-model benchmark: how much does `EventQueue` cost over a bare heap?
//!
//! The classic hold model keeps the queue at a steady size: pop the earliest
//! event, push one at `now + random increment`. It is the canonical workload
//! for future-event lists. Increments come from an inline xorshift so the
//! numbers measure the queue, not a random-number generator.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::time::Instant;

use sim_core::engine::EventQueue;
use sim_core::time::SimTime;

/// Minimal xorshift64; the mask keeps increments in 0..1024 ms.
#[inline]
fn xorshift(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    x & 1023
}

/// Runs `ops` hold operations on the engine queue; returns ops/s.
fn engine_hold(n_pending: usize, ops: u64) -> f64 {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut q: EventQueue<u32> = EventQueue::with_capacity(n_pending + 1);
    for i in 0..n_pending {
        q.push(SimTime::from_millis(xorshift(&mut rng)), i as u32);
    }
    let start = Instant::now();
    for _ in 0..ops {
        let (t, _seq, e) = q.pop().expect("queue never empties");
        let next = SimTime::from_millis(t.as_millis() + xorshift(&mut rng));
        black_box(q.push(next, black_box(e)));
    }
    let secs = start.elapsed().as_secs_f64();
    black_box(q.len());
    ops as f64 / secs
}

/// The same loop on `BinaryHeap<Reverse<(time, seq)>>`; returns ops/s.
fn bare_hold(n_pending: usize, ops: u64) -> f64 {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut heap: BinaryHeap<Reverse<(u64, u64)>> = BinaryHeap::with_capacity(n_pending + 1);
    let mut seq = 0u64;
    for _ in 0..n_pending {
        heap.push(Reverse((xorshift(&mut rng), seq)));
        seq += 1;
    }
    let start = Instant::now();
    for _ in 0..ops {
        let Reverse((t, s)) = heap.pop().expect("heap never empties");
        black_box(s);
        heap.push(Reverse((t + xorshift(&mut rng), seq)));
        seq += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    black_box(heap.len());
    ops as f64 / secs
}

/// `(engine ops/s, bare heap ops/s)` for the hold model at `n_pending`.
pub fn hold_model_rates(n_pending: usize, ops: u64) -> (f64, f64) {
    // Warm caches and branch predictors on both before timing.
    engine_hold(n_pending, ops / 10);
    bare_hold(n_pending, ops / 10);
    // Interleave several rounds and keep the best of each to damp noise.
    let (mut best_e, mut best_b) = (0.0f64, 0.0f64);
    for _ in 0..3 {
        best_e = best_e.max(engine_hold(n_pending, ops));
        best_b = best_b.max(bare_hold(n_pending, ops));
    }
    (best_e, best_b)
}
