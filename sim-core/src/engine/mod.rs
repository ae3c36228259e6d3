//! A generic, deterministic discrete-event engine.
//!
//! Deliberately free of any Android or JobScheduler concept: the engine only
//! knows about time, an ordered event queue, and a trace sink. Keeping it
//! domain-agnostic lets it be tested (and benchmarked) in isolation, and
//! keeps the determinism guarantees in one small place:
//! events at equal times are processed in the order they were scheduled.

pub mod queue;
pub mod run;
pub mod timer;
pub mod trace;

pub use queue::EventQueue;
pub use run::{Ctx, Model, RunStats, Simulation};
pub use timer::TimerSlot;
pub use trace::{CountingSink, NullSink, Stamped, TraceSink};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimTime;

    #[test]
    fn reexports_are_usable() {
        let mut q: EventQueue<()> = EventQueue::new();
        q.push(SimTime::ZERO, ());
        assert_eq!(q.len(), 1);
        let mut slot = TimerSlot::default();
        let g = slot.arm();
        assert!(slot.is_current(g));
        let mut sink = CountingSink::default();
        sink.record(&Stamped {
            t_ms: SimTime::ZERO,
            seq: 0,
            record: (),
        });
        assert_eq!(sink.count, 1);
    }
}
