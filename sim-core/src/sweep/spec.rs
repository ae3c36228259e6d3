//! The sweep file format: serde types that mirror the YAML one to one, rejecting unknown keys.
//! These docs are the format reference (with `docs/sweeps.md`). Values that an axis writes into
//! the base scenario are kept as generic value trees, so any scenario value can be swept and the
//! scenario's own validation judges it.

use serde::Deserialize;
use serde_json::{Number, Value};

/// The whole sweep file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSweep {
    /// A title for reports (default: the base scenario's file name).
    pub name: Option<String>,
    /// Free text: what the sweep asks.
    pub description: Option<String>,
    /// Required. The base scenario, relative to the sweep file.
    pub base: String,
    /// `grid` (default: every combination of axis values) or `zip` (the i-th value of every
    /// axis together; all axes need the same length).
    #[serde(default)]
    pub mode: RawMode,
    /// A count (`20`: seeds `base_seed` .. `base_seed + 19`) or an explicit list. Default 1.
    pub seeds: Option<Value>,
    /// First seed of a counted `seeds` (default: the base scenario's `seed`, else 0).
    pub base_seed: Option<u64>,
    /// What varies, outermost first.
    #[serde(default)]
    pub axes: Vec<RawAxis>,
    /// Metrics to compute per run (default: all); `docs/sweeps.md` lists them.
    pub metrics: Option<Vec<String>>,
}

/// How axes combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawMode {
    #[default]
    Grid,
    Zip,
}

/// One varied value: where (`path` or `tunable`) and what (`values` or `range`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAxis {
    /// A dotted path into the scenario (`device.network.down`, `jobs[0].work.upload`).
    pub path: Option<String>,
    /// A policy tunable by name (`runtime_min_ui_guarantee_ms`): the same as
    /// `path: policy.<name>`.
    pub tunable: Option<String>,
    /// The column name in the outputs (default: the path or tunable).
    pub name: Option<String>,
    /// The values, written as in a scenario (`20Mbps`, `5m`, `true`, a mapping, ...).
    pub values: Option<Vec<Value>>,
    /// Evenly spaced numbers instead of a list.
    pub range: Option<RawRange>,
}

/// `{ from, to, steps }` (linear) or `{ from, to, steps, scale: log }`. When `from` and `to`
/// are both written as integers the points are rounded to integers; `unit` is appended to each
/// number (`unit: Mbps` gives `20Mbps`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    pub from: Number,
    pub to: Number,
    /// Number of points, `from` and `to` included (1 gives just `from`).
    pub steps: u32,
    #[serde(default)]
    pub scale: RawScale,
    pub unit: Option<String>,
}

/// Spacing of a range's points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawScale {
    #[default]
    Linear,
    Log,
}
