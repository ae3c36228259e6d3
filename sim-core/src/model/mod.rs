//! The Android model tied together: a [`World`] that owns device, apps and jobs, reacts to one
//! [`Event`] at a time, and emits [`Record`]s. It knows nothing of files or charts.

mod actions;
mod content;
mod device_ops;
mod doze;
mod evaluate;
pub mod event;
pub mod fgs;
mod flex;
pub mod inspect;
pub mod lifecycle;
mod prefetch;
mod progress;
mod quota_ops;
pub mod record;
mod reschedule;
mod setup;
mod waiting;
pub mod world;

pub use event::Event;
pub use record::{Header, JobRef, JobRefKey, Record};
pub use world::World;

use crate::engine::{Ctx, Simulation, Stamped, TraceSink};
use crate::scenario::Scenario;
use crate::time::{SimDuration, SimTime};

/// The engine context as the model uses it.
pub type Cx<'a> = Ctx<'a, Event, Record>;

/// Version of the trace format; bumped on any incompatible change.
pub const TRACE_FORMAT: u32 = 1;

/// The first line of the trace for a scenario.
pub fn header(sc: &Scenario) -> Header {
    Header {
        jobsim: env!("CARGO_PKG_VERSION"),
        trace_format: TRACE_FORMAT,
        scenario: sc.name.clone(),
        seed: sc.seed,
        platform: sc.policy.platform.name(),
        duration_ms: sc.duration.as_millis(),
    }
}

/// What a run produced besides its records.
#[derive(Clone, Debug)]
pub struct RunSummary {
    /// Events handled.
    pub events: u64,
    /// Stale timer events (re-armed since they were queued) dropped unhandled.
    pub dropped: u64,
    pub records: u64,
    pub end: SimTime,
    pub battery_used_mah: f64,
}

/// Runs a scenario to its end (or `until`, if earlier), sending every record to `sink`.
pub fn simulate(
    sc: &Scenario,
    until: Option<SimDuration>,
    sink: &mut dyn TraceSink<Record>,
) -> RunSummary {
    run_world(sc, until, sink).1
}

/// Runs a scenario to its end (or `until`) and hands back the world as it is then, for
/// inspection (`jobsim pending`, `jobsim explain`).
pub fn run_world(
    sc: &Scenario,
    until: Option<SimDuration>,
    sink: &mut dyn TraceSink<Record>,
) -> (World, RunSummary) {
    let end = SimTime::ZERO.saturating_add(until.map_or(sc.duration, |u| u.min(sc.duration)));
    let mut sim = Simulation::new(World::new(sc));
    sim.init(sink, |world, cx| world.start(cx));
    let stats = sim.run_until(end, sink);
    let summary = RunSummary {
        events: sim.events_processed(),
        dropped: stats.dropped,
        records: stats.records,
        end: stats.end,
        battery_used_mah: sim.model.device.battery.consumed_mah(),
    };
    (sim.model, summary)
}

/// Runs a scenario and collects its records.
pub fn simulate_to_vec(
    sc: &Scenario,
    until: Option<SimDuration>,
) -> (Vec<Stamped<Record>>, RunSummary) {
    let mut v: Vec<Stamped<Record>> = Vec::new();
    let s = simulate(sc, until, &mut v);
    (v, s)
}
