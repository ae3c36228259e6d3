//! The future-event list: a binary min-heap keyed on `(time, seq)`.
//!
//! `seq` is a per-queue counter assigned at push time. Using it as the
//! tie-breaker makes equal-time events pop in the order they were pushed
//! (FIFO), which is what makes a run deterministic regardless of heap
//! internals, and it means the event payload never needs to be comparable.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::time::SimTime;

/// One heap entry. Ordering looks only at `(time, seq)` and is reversed so
/// that `BinaryHeap` (a max-heap) yields the earliest entry first.
///
/// Time and sequence number are packed into one `u128` key (time in the high
/// half) so that each comparison is a single wide integer compare; the hold
/// benchmark showed this is measurably cheaper than comparing a tuple.
struct Entry<E> {
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    #[inline]
    fn time(&self) -> SimTime {
        SimTime::from_millis((self.key >> 64) as u64)
    }

    #[inline]
    fn seq(&self) -> u64 {
        self.key as u64
    }
}

impl<E> PartialEq for Entry<E> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: smaller (time, seq) is "greater" so it sits on top.
        other.key.cmp(&self.key)
    }
}

/// A priority queue of events ordered by time, FIFO among equal times.
///
/// Events can live in two places: the heap, and a list sorted latest first (so the earliest
/// pops off its end) built by [`EventQueue::sort_queued`]. A model that queues much of its
/// future up front (a scenario's timeline and a thousand job arrivals) then keeps the heap
/// down to what its handlers schedule, and each pop sifts through a few levels, not ten.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    sorted: Vec<Entry<E>>,
    next_seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty queue.
    pub fn new() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            sorted: Vec::new(),
            next_seq: 0,
        }
    }

    /// An empty queue with room for `n` events, to avoid regrowth in hot loops.
    pub fn with_capacity(n: usize) -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(n),
            sorted: Vec::new(),
            next_seq: 0,
        }
    }

    /// Schedules `event` at `at`; returns its sequence number, unique within
    /// this queue and increasing in push order.
    #[inline]
    pub fn push(&mut self, at: SimTime, event: E) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let key = (u128::from(at.as_millis()) << 64) | u128::from(seq);
        self.heap.push(Entry { key, event });
        seq
    }

    /// Removes the earliest event (lowest seq among ties) with its time and seq.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, u64, E)> {
        let from_sorted = match (self.heap.peek(), self.sorted.last()) {
            (Some(h), Some(s)) => s.key < h.key,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        let e = if from_sorted {
            self.sorted.pop()
        } else {
            self.heap.pop()
        };
        e.map(|e| (e.time(), e.seq(), e.event))
    }

    /// Time of the earliest event, without removing it.
    #[inline]
    pub fn peek_time(&self) -> Option<SimTime> {
        let key = match (self.heap.peek(), self.sorted.last()) {
            (Some(h), Some(s)) => h.key.min(s.key),
            (Some(h), None) => h.key,
            (None, Some(s)) => s.key,
            (None, None) => return None,
        };
        Some(SimTime::from_millis((key >> 64) as u64))
    }

    /// Moves every queued event into the sorted list. Worth it after queuing many events at
    /// once, before handling begins (`Simulation::init` calls it); the order in which events
    /// pop is the same either way.
    pub fn sort_queued(&mut self) {
        if self.heap.is_empty() {
            return;
        }
        self.sorted.extend(std::mem::take(&mut self.heap));
        // Entries order the earliest greatest, so ascending order puts the latest first and
        // the earliest on the end, where it pops.
        self.sorted.sort_unstable();
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len() + self.sorted.len()
    }

    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty() && self.sorted.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Reverse;

    #[test]
    fn pops_in_time_order() {
        let mut q = EventQueue::new();
        for t in [5u64, 1, 9, 3, 7, 0, u64::MAX] {
            q.push(SimTime::from_millis(t), t);
        }
        assert_eq!(q.peek_time(), Some(SimTime::ZERO));
        let mut out = Vec::new();
        while let Some((t, _, e)) = q.pop() {
            assert_eq!(t.as_millis(), e);
            out.push(e);
        }
        assert_eq!(out, vec![0, 1, 3, 5, 7, 9, u64::MAX]);
        assert!(q.is_empty());
        assert_eq!(q.peek_time(), None);
    }

    #[test]
    fn equal_times_are_fifo() {
        let mut q = EventQueue::with_capacity(10_000);
        let t = SimTime::from_millis(42);
        for i in 0..10_000u32 {
            assert_eq!(q.push(t, i), u64::from(i));
        }
        assert_eq!(q.len(), 10_000);
        for i in 0..10_000u32 {
            let (pt, seq, e) = q.pop().unwrap();
            assert_eq!((pt, seq, e), (t, u64::from(i), i));
        }
        assert!(q.pop().is_none());
    }

    #[test]
    fn interleaved_ties_keep_push_order() {
        let mut q = EventQueue::new();
        q.push(SimTime::from_millis(2), "b1");
        q.push(SimTime::from_millis(1), "a1");
        q.push(SimTime::from_millis(2), "b2");
        q.push(SimTime::from_millis(1), "a2");
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|x| x.2)).collect();
        assert_eq!(order, ["a1", "a2", "b1", "b2"]);
    }

    #[test]
    fn sorted_events_merge_with_later_pushes_in_order() {
        // Pseudo-random times, many ties; some queued before `sort_queued`, some after, some
        // popped in between: the pops must match a plain heap's exactly.
        let mut q = EventQueue::new();
        let mut reference = BinaryHeap::new();
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % 50
        };
        let mut now = 0;
        let push = |q: &mut EventQueue<u64>, r: &mut BinaryHeap<Reverse<(u64, u64)>>, t| {
            let seq = q.push(SimTime::from_millis(t), t);
            r.push(Reverse((t, seq)));
        };
        for _ in 0..500 {
            let t = next();
            push(&mut q, &mut reference, t);
        }
        q.sort_queued();
        for round in 0..2_000 {
            if round % 3 != 0 {
                let t = now + next();
                push(&mut q, &mut reference, t);
            }
            if round == 1_000 {
                q.sort_queued();
            }
            assert_eq!(q.len(), reference.len());
            let Some((t, seq, e)) = q.pop() else {
                assert!(reference.is_empty());
                continue;
            };
            let Reverse((rt, rseq)) = reference.pop().unwrap();
            assert_eq!((t.as_millis(), seq, e), (rt, rseq, rt));
            assert!(t.as_millis() >= now);
            now = t.as_millis();
            assert_eq!(
                q.peek_time().map(SimTime::as_millis),
                reference.peek().map(|r| r.0 .0)
            );
        }
    }

    #[test]
    fn payload_need_not_be_ord() {
        struct Opaque;
        let mut q = EventQueue::default();
        q.push(SimTime::ZERO, Opaque);
        assert!(matches!(q.pop(), Some((_, 0, Opaque))));
    }
}
