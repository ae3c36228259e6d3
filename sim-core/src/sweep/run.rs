//! Running a sweep's runs: one run (scenario text → validated scenario → simulation with a
//! metric accumulator), and a slice of them in parallel on a rayon pool of a chosen size.

use rayon::prelude::*;

use super::accumulate::Accumulator;
use super::shard::Shard;
use super::Plan;
use crate::engine::Simulation;
use crate::model::World;
use crate::scenario::{parse_scenario_with, Scenario};
use crate::time::{SimDuration, SimTime};

/// One run's outcome: the row of `runs.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRow {
    pub run: usize,
    pub point: usize,
    pub axis_values: Vec<String>,
    pub seed: u64,
    /// One per metric column; `None` when undefined or when the run failed.
    pub values: Vec<Option<f64>>,
    /// Why the run failed (its values are then all `None`).
    pub error: Option<String>,
}

impl Plan {
    /// Runs run number `run`. A failure (an override the scenario rejects, even a panic in the
    /// model) is reported in the row, so one bad combination does not cost the whole sweep.
    pub fn run_one(&self, run: usize) -> RunRow {
        let (point, seed) = self.point_and_seed(run);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.metrics_of(point, seed)
        }))
        .unwrap_or_else(|_| {
            Err("internal error: the simulation panicked (please report it)".into())
        });
        let width = self.info.metric_columns.len();
        let (values, error) = match result {
            Ok(v) => (v, None),
            Err(e) => (vec![None; width], Some(e)),
        };
        RunRow {
            run,
            point,
            axis_values: self.labels(point),
            seed,
            values,
            error,
        }
    }

    fn metrics_of(&self, point: usize, seed: u64) -> Result<Vec<Option<f64>>, String> {
        let text = self.scenario_text(point)?;
        let sc = parse_scenario_with(&self.base_name, &text, Some(seed)).map_err(|e| {
            // The text is generated, so a line and column would point nowhere useful.
            let msg = if e.field.is_empty() {
                e.message
            } else {
                format!("{}: {}", e.field, e.message)
            };
            msg.replace(['\n', '\r'], " ")
        })?;
        Ok(simulate_metrics(&sc, &self.metrics))
    }
}

/// Simulates `sc` to its end, feeding an accumulator, and samples the skin temperature once per
/// device tick: trace records carry the temperature only when the thermal status changes, so
/// a peak below the first threshold would otherwise be invisible. Running in tick-sized slices
/// gives the same simulation as one call (`run_until` partitions time cleanly).
fn simulate_metrics(sc: &Scenario, metrics: &[super::Metric]) -> Vec<Option<f64>> {
    let mut acc = Accumulator::default();
    let end = SimTime::ZERO.saturating_add(sc.duration);
    let step = sc.device.tick.max(SimDuration::from_secs(1));
    let mut sim = Simulation::new(World::new(sc));
    sim.init(&mut acc, |world, cx| world.start(cx));
    acc.sample_temperature(sim.model.device.thermal.temperature_c());
    loop {
        let next = sim.now().saturating_add(step).min(end);
        sim.run_until(next, &mut acc);
        acc.sample_temperature(sim.model.device.thermal.temperature_c());
        if next >= end {
            break;
        }
    }
    let battery = sim.model.device.battery.consumed_mah();
    acc.finish(sim.now(), battery, metrics)
}

/// Runs every run of `shard` (all runs if `None`) on `threads` threads (0: one per CPU),
/// calling `done` after each, and returns the rows in run order whatever order they finished in.
pub fn execute(
    plan: &Plan,
    shard: Option<Shard>,
    threads: usize,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<RunRow>, String> {
    let runs: Vec<usize> = (0..plan.info.runs)
        .filter(|&i| shard.is_none_or(|s| s.contains(i)))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start {threads} worker threads: {e}"))?;
    Ok(pool.install(|| {
        runs.par_iter()
            .map(|&i| {
                let row = plan.run_one(i);
                done();
                row
            })
            .collect()
    }))
}
