//! Parameter sweeps: one base scenario run many times with values varied along axes, crossed
//! as a grid or zipped, times a number of seeds, each run reduced to a row of metrics.
//!
//! - `spec`: the sweep file format (serde types); `load`: sweep file → [`Plan`], with errors
//!   located in the sweep file; `values`: ranges and value labels; `doc`: overriding a value of
//!   the base scenario by path.
//! - `metrics` and `accumulate`: the per-run metrics, computed on the fly by a trace sink.
//! - `run`: one run, and all of them in parallel; `stats`, `csv` and `report`: `runs.csv`,
//!   `summary.csv`, `summary.md`; `shard`: slices of a sweep and merging them back.
//!
//! ## Why overrides go through the scenario's text
//! Each run writes its values into the base scenario held as a generic value tree, turns it
//! back into text and parses it with the scenario loader. Every override therefore gets the
//! scenario's full validation and its defaults, and the sweep code knows nothing of the
//! format's fields: a new scenario field can be swept the day it exists.
//!
//! ## Determinism
//! Runs are numbered before they start (grid point × seed, in file order), computed in
//! parallel and collected by number; every reduction then runs sequentially in that order, and
//! numbers are formatted with Rust's exact decimal formatting. Output bytes do not depend on
//! the thread count, the completion order or the sharding.

pub mod accumulate;
pub mod csv;
pub mod doc;
pub mod load;
pub mod metrics;
pub mod report;
pub mod run;
pub mod shard;
pub mod spec;
pub mod stats;
pub mod values;

pub use load::{parse_sweep, plan, LoadError};
pub use metrics::Metric;
pub use run::{execute, RunRow};
pub use shard::Shard;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::scenario::locate::PathSeg;

/// What reports need to know about a sweep besides its rows; also stored in shard manifests,
/// so a merge reproduces an unsharded run's reports without the sweep file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepInfo {
    pub name: String,
    /// The base scenario as the sweep file names it.
    pub base: String,
    /// Axis column names, in order.
    pub axes: Vec<String>,
    /// Metric column names, in order.
    pub metric_columns: Vec<String>,
    pub runs: usize,
    pub points: usize,
    pub seeds: usize,
}

/// One axis, resolved.
#[derive(Clone, Debug)]
pub struct PlanAxis {
    pub column: String,
    pub segs: Vec<PathSeg>,
    pub values: Vec<Value>,
    /// How each value appears in output columns.
    pub labels: Vec<String>,
    /// Where the axis's path is written in the sweep file (for errors).
    pub field: String,
}

/// A loaded sweep: everything needed to run any of its runs by number.
#[derive(Clone, Debug)]
pub struct Plan {
    pub info: SweepInfo,
    pub base_name: String,
    pub base_doc: Value,
    pub axes: Vec<PlanAxis>,
    /// For each grid point, the index of each axis's value.
    pub points: Vec<Vec<usize>>,
    pub seeds: Vec<u64>,
    pub metrics: Vec<Metric>,
    /// Identifies the sweep file and base scenario texts (checked when merging shards).
    pub fingerprint: String,
}

impl Plan {
    /// The grid point and seed of run `run` (runs go seed-fastest within a point).
    pub fn point_and_seed(&self, run: usize) -> (usize, u64) {
        let n = self.seeds.len().max(1);
        (run / n, self.seeds.get(run % n).copied().unwrap_or(0))
    }

    /// The axis value labels of a point.
    pub fn labels(&self, point: usize) -> Vec<String> {
        let Some(p) = self.points.get(point) else {
            return Vec::new();
        };
        self.axes
            .iter()
            .zip(p)
            .map(|(a, &v)| a.labels.get(v).cloned().unwrap_or_default())
            .collect()
    }

    /// The scenario text of a point: the base with the point's values written in.
    pub fn scenario_text(&self, point: usize) -> Result<String, String> {
        let mut doc = self.base_doc.clone();
        if let Some(p) = self.points.get(point) {
            for (a, &v) in self.axes.iter().zip(p) {
                let value = a.values.get(v).cloned().unwrap_or(Value::Null);
                doc::set_path(&mut doc, &a.segs, value)
                    .map_err(|m| format!("{}: {m}", a.column))?;
            }
        }
        Ok(doc.to_string())
    }
}
