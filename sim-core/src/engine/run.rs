//! The simulation loop.
//!
//! A [`Model`] owns all domain state and reacts to one event at a time; the
//! [`Simulation`] owns the clock and the queue and hands the model a [`Ctx`]
//! through which it can read the time, schedule follow-up events and emit
//! trace records. Because the model never touches the queue or clock
//! directly, time can only move forward and every record is stamped
//! consistently.

use crate::engine::queue::EventQueue;
use crate::engine::trace::{Stamped, TraceSink};
use crate::time::{SimDuration, SimTime};

/// Domain logic driven by the engine.
pub trait Model {
    /// What the queue carries.
    type Event;
    /// What the model writes to the trace.
    type Record;

    /// Reacts to `event` at `ctx.now()`.
    fn handle(&mut self, event: Self::Event, ctx: &mut Ctx<'_, Self::Event, Self::Record>);

    /// Whether `event` still means something: a timer re-armed or cancelled since it was queued
    /// is dropped when popped (lazy cancellation), neither handled nor counted as an event.
    fn is_live(&self, _event: &Self::Event) -> bool {
        true
    }
}

/// The model's window onto the engine during one `handle` call.
pub struct Ctx<'a, E, R> {
    now: SimTime,
    queue: &'a mut EventQueue<E>,
    sink: &'a mut dyn TraceSink<R>,
    records: &'a mut u64,
}

impl<E, R> Ctx<'_, E, R> {
    /// Current simulated time (the time of the event being handled).
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `e` at `t`. A time in the past is clamped to now, so a
    /// model's rounding can never make the clock run backwards.
    pub fn at(&mut self, t: SimTime, e: E) {
        self.queue.push(t.max(self.now), e);
    }

    /// Schedules `e` after `d` (saturating at the end of time).
    pub fn after(&mut self, d: SimDuration, e: E) {
        self.queue.push(self.now.saturating_add(d), e);
    }

    /// Stamps `r` with the current time and the next record number and
    /// passes it to the sink.
    pub fn emit(&mut self, r: R) {
        emit_into(self.now, self.records, self.sink, r);
    }
}

/// Shared by [`Ctx::emit`] and [`Simulation::emit`] so both stamp identically.
fn emit_into<R>(now: SimTime, records: &mut u64, sink: &mut dyn TraceSink<R>, r: R) {
    let stamped = Stamped {
        t_ms: now,
        seq: *records,
        record: r,
    };
    *records += 1;
    sink.record(&stamped);
}

/// What one [`Simulation::run_until`] call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunStats {
    /// Events handled during this call.
    pub events: u64,
    /// Stale timer events popped and dropped unhandled during this call.
    pub dropped: u64,
    /// Records emitted during this call.
    pub records: u64,
    /// The clock after the call.
    pub end: SimTime,
}

/// The clock, the queue and the model.
pub struct Simulation<M: Model> {
    /// Public so callers can inspect final state or adjust it between runs.
    pub model: M,
    queue: EventQueue<M::Event>,
    now: SimTime,
    records: u64,
    events: u64,
}

impl<M: Model> Simulation<M> {
    /// A simulation at time zero with nothing scheduled.
    pub fn new(model: M) -> Self {
        Simulation {
            model,
            queue: EventQueue::new(),
            now: SimTime::ZERO,
            records: 0,
            events: 0,
        }
    }

    /// Schedules an event from outside the loop (initial conditions); times
    /// before now are clamped to now.
    pub fn schedule(&mut self, t: SimTime, e: M::Event) {
        self.queue.push(t.max(self.now), e);
    }

    /// Current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Emits a record outside the loop (e.g. a run header), stamped at now
    /// and numbered in the same sequence as records from handlers.
    pub fn emit(&mut self, r: M::Record, sink: &mut dyn TraceSink<M::Record>) {
        emit_into(self.now, &mut self.records, sink, r);
    }

    /// Lets the model act at the current time outside any event (set up initial state, arm its
    /// first events, emit its first records) through the same context a handler gets.
    pub fn init(
        &mut self,
        sink: &mut dyn TraceSink<M::Record>,
        f: impl FnOnce(&mut M, &mut Ctx<'_, M::Event, M::Record>),
    ) {
        let mut ctx = Ctx {
            now: self.now,
            queue: &mut self.queue,
            sink,
            records: &mut self.records,
        };
        f(&mut self.model, &mut ctx);
        // Models queue much of their future here; sorted once, it stays out of the heap.
        self.queue.sort_queued();
    }

    /// Handles every event with time `<= end` in `(time, seq)` order, then
    /// advances the clock to `end` even if the queue went idle earlier, so
    /// consecutive calls partition time cleanly. Later events stay queued.
    /// An `end` before now leaves the clock where it is.
    pub fn run_until(&mut self, end: SimTime, sink: &mut dyn TraceSink<M::Record>) -> RunStats {
        let events_before = self.events;
        let mut dropped = 0;
        let records_before = self.records;
        while let Some(t) = self.queue.peek_time() {
            if t > end {
                break;
            }
            let Some((t, _seq, event)) = self.queue.pop() else {
                break;
            };
            debug_assert!(t >= self.now, "time went backwards: {t} < {}", self.now);
            if !self.model.is_live(&event) {
                dropped += 1;
                continue;
            }
            self.now = t;
            self.events += 1;
            let mut ctx = Ctx {
                now: t,
                queue: &mut self.queue,
                sink: &mut *sink,
                records: &mut self.records,
            };
            self.model.handle(event, &mut ctx);
        }
        self.now = self.now.max(end);
        RunStats {
            events: self.events - events_before,
            dropped,
            records: self.records - records_before,
            end: self.now,
        }
    }

    /// Events handled since creation.
    pub fn events_processed(&self) -> u64 {
        self.events
    }

    /// Events still queued (including stale timer events).
    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::trace::CountingSink;

    /// Ping-pong: each ball bounces every `period` until `bounces` run out.
    struct PingPong {
        period: SimDuration,
    }

    #[derive(Clone, Debug, PartialEq)]
    enum Ev {
        Ball { name: &'static str, left: u32 },
        Mark(u32),
    }

    #[derive(Clone, Debug, PartialEq)]
    enum Rec {
        Header,
        Hit(&'static str, u32),
        Mark(u32),
    }

    impl Model for PingPong {
        type Event = Ev;
        type Record = Rec;

        fn handle(&mut self, event: Ev, ctx: &mut Ctx<'_, Ev, Rec>) {
            match event {
                Ev::Ball { name, left } => {
                    ctx.emit(Rec::Hit(name, left));
                    if left > 0 {
                        ctx.after(
                            self.period,
                            Ev::Ball {
                                name,
                                left: left - 1,
                            },
                        );
                    }
                }
                Ev::Mark(i) => {
                    ctx.emit(Rec::Mark(i));
                    // Scheduling in the past is clamped to now.
                    if i == 0 {
                        ctx.at(SimTime::ZERO, Ev::Mark(99));
                    }
                }
            }
        }
    }

    fn sim() -> Simulation<PingPong> {
        Simulation::new(PingPong {
            period: SimDuration::from_secs(1),
        })
    }

    #[test]
    fn ping_pong_records_in_order() {
        let mut s = sim();
        let mut out: Vec<Stamped<Rec>> = Vec::new();
        s.emit(Rec::Header, &mut out);
        s.schedule(
            SimTime::ZERO,
            Ev::Ball {
                name: "ping",
                left: 3,
            },
        );
        s.schedule(
            SimTime::from_millis(500),
            Ev::Ball {
                name: "pong",
                left: 3,
            },
        );
        let stats = s.run_until(SimTime::from_millis(10_000), &mut out);
        assert_eq!(stats.events, 8);
        assert_eq!(stats.records, 8);
        assert_eq!(stats.end, SimTime::from_millis(10_000));
        assert_eq!(s.now(), SimTime::from_millis(10_000));
        assert_eq!(out[0].record, Rec::Header);
        assert_eq!(out.len(), 9);
        for (i, r) in out.iter().enumerate() {
            assert_eq!(r.seq, i as u64);
        }
        assert!(out.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
        let times: Vec<u64> = out[1..].iter().map(|r| r.t_ms.as_millis()).collect();
        assert_eq!(times, [0, 500, 1000, 1500, 2000, 2500, 3000, 3500]);
        assert_eq!(s.events_processed(), 8);
        assert_eq!(s.pending_events(), 0);
    }

    #[test]
    fn equal_times_are_fifo() {
        let mut s = sim();
        let mut out: Vec<Stamped<Rec>> = Vec::new();
        for i in 1..=100 {
            s.schedule(SimTime::from_millis(7), Ev::Mark(i));
        }
        s.run_until(SimTime::from_millis(7), &mut out);
        let marks: Vec<u32> = out
            .iter()
            .map(|r| match r.record {
                Rec::Mark(i) => i,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(marks, (1..=100).collect::<Vec<_>>());
    }

    #[test]
    fn past_schedules_clamp_to_now() {
        let mut s = sim();
        let mut out: Vec<Stamped<Rec>> = Vec::new();
        s.schedule(SimTime::from_millis(50), Ev::Mark(0));
        s.run_until(SimTime::from_millis(100), &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].record, Rec::Mark(99));
        assert_eq!(out[1].t_ms, SimTime::from_millis(50));
        // Outside the loop, too.
        s.schedule(SimTime::ZERO, Ev::Mark(5));
        s.run_until(SimTime::from_millis(100), &mut out);
        assert_eq!(out[2].t_ms, SimTime::from_millis(100));
    }

    #[test]
    fn later_events_stay_queued() {
        let mut s = sim();
        let mut sink = CountingSink::default();
        s.schedule(
            SimTime::ZERO,
            Ev::Ball {
                name: "ping",
                left: 10,
            },
        );
        s.schedule(SimTime::from_millis(60_000), Ev::Mark(1));
        let st = s.run_until(SimTime::from_millis(2_500), &mut sink);
        assert_eq!(st.events, 3); // t = 0, 1000, 2000
        assert_eq!(s.pending_events(), 2); // ball at 3000 and the mark
        assert_eq!(s.now(), SimTime::from_millis(2_500));
        // Event exactly at `end` is processed.
        let st = s.run_until(SimTime::from_millis(3_000), &mut sink);
        assert_eq!(st.events, 1);
        let st = s.run_until(SimTime::from_millis(100_000), &mut sink);
        assert_eq!(st.events, 8);
        assert_eq!(sink.count, 12);
        assert_eq!(s.events_processed(), 12);
        // An idle run still advances the clock; an earlier end does not rewind.
        assert_eq!(
            s.run_until(SimTime::from_millis(200_000), &mut sink)
                .end
                .as_millis(),
            200_000
        );
        assert_eq!(
            s.run_until(SimTime::from_millis(1), &mut sink)
                .end
                .as_millis(),
            200_000
        );
    }
}
