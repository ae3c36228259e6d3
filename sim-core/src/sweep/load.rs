//! Sweep file → [`Plan`]: the axes resolved to paths and value lists, every path checked
//! against the base scenario and the scenario format, errors located in the sweep file.

// Errors are `ScenarioError`s (file, line, column, field, message, help), as for scenarios;
// they are rare and leave the loader at once, so their size does not matter.
#![allow(clippy::result_large_err)]

use serde_json::Value;

use super::doc::{display_path, set_path};
use super::metrics::{names_list, Metric};
use super::spec::{RawAxis, RawMode, RawSweep};
use super::values::{expand_range, label};
use super::{Plan, PlanAxis, SweepInfo};
use crate::policy::Tunables;
use crate::scenario::locate::{parse_path, PathSeg};
use crate::scenario::raw::from_yaml;
use crate::scenario::validate::MAX_FILE_BYTES;
use crate::scenario::{parse_scenario, ScenarioError};

/// Most runs one sweep may expand to.
pub const MAX_RUNS: usize = 1_000_000;
/// Most explicit or counted seeds.
pub const MAX_SEEDS: u64 = 1_000_000;

/// What went wrong loading a sweep, and in which file (for rendering with that file's text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    Sweep(ScenarioError),
    Base(ScenarioError),
}

impl LoadError {
    /// A rustc-style report with a snippet of the file at fault.
    pub fn render(&self, sweep_src: &str, base_src: &str) -> String {
        match self {
            LoadError::Sweep(e) => e.render(sweep_src),
            LoadError::Base(e) => e.render(base_src),
        }
    }
}

/// Parses a sweep file far enough to know its base scenario (relative to the sweep file).
pub fn parse_sweep(file: &str, src: &str) -> Result<RawSweep, ScenarioError> {
    if src.len() > MAX_FILE_BYTES {
        return Err(ScenarioError::whole_file(
            file,
            format!(
                "the sweep file is {} bytes; at most {MAX_FILE_BYTES} are accepted",
                src.len()
            ),
        ));
    }
    if src.trim().is_empty() {
        return Err(ScenarioError::whole_file(
            file,
            "the sweep file is empty; it needs at least `base:`",
        ));
    }
    from_yaml(file, src)
}

/// Builds the plan. `base_name` is how the base scenario is named in messages and reports.
pub fn plan(
    file: &str,
    src: &str,
    raw: RawSweep,
    base_name: &str,
    base_src: &str,
) -> Result<Plan, LoadError> {
    let at = |field: &str, msg: String| {
        LoadError::Sweep(ScenarioError::at(file, src, field, false, msg))
    };
    let base = parse_scenario(base_name, base_src).map_err(LoadError::Base)?;
    let base_doc: Value = from_yaml(base_name, base_src).map_err(LoadError::Base)?;

    let mut axes: Vec<PlanAxis> = Vec::new();
    for (i, a) in raw.axes.iter().enumerate() {
        let axis = plan_axis(file, src, i, a)?;
        if axes.iter().any(|b| b.column == axis.column) {
            return Err(at(
                &format!("axes[{i}]"),
                format!(
                    "a second axis named `{}`; give one a different `name:`",
                    axis.column
                ),
            ));
        }
        check_path(file, src, i, &axis, &base_doc, base_name)?;
        axes.push(axis);
    }
    if raw.mode == RawMode::Zip {
        if let Some(first) = axes.first() {
            if let Some((i, a)) = axes
                .iter()
                .enumerate()
                .find(|(_, a)| a.values.len() != first.values.len())
            {
                return Err(at(
                    &format!("axes[{i}]"),
                    format!(
                        "`mode: zip` needs axes of equal length: this one has {} values, the first has {}",
                        a.values.len(),
                        first.values.len()
                    ),
                ));
            }
        }
    }
    let seeds = seeds(file, src, &raw, base.seed)?;
    let metrics = match &raw.metrics {
        None => Metric::ALL.to_vec(),
        Some(names) => {
            let mut out = Vec::new();
            for (i, n) in names.iter().enumerate() {
                let m = Metric::from_name(n).ok_or_else(|| {
                    at(
                        &format!("metrics[{i}]"),
                        format!("unknown metric `{n}`, expected one of {}", names_list()),
                    )
                })?;
                if !out.contains(&m) {
                    out.push(m);
                }
            }
            out
        }
    };
    let per_seed = match raw.mode {
        RawMode::Zip => Some(axes.first().map_or(1, |a| a.values.len())),
        RawMode::Grid => axes
            .iter()
            .try_fold(1usize, |n, a| n.checked_mul(a.values.len())),
    };
    let runs = per_seed
        .and_then(|p| p.checked_mul(seeds.len()))
        .filter(|&n| n <= MAX_RUNS);
    let Some(runs) = runs else {
        return Err(at(
            "axes",
            format!("the sweep expands to more than {MAX_RUNS} runs; split it into several sweeps"),
        ));
    };
    let points = points(&axes, raw.mode);
    let info = SweepInfo {
        name: raw.name.clone().unwrap_or_else(|| base_name.to_string()),
        base: raw.base.clone(),
        axes: axes.iter().map(|a| a.column.clone()).collect(),
        metric_columns: metrics.iter().flat_map(|m| m.columns()).collect(),
        runs,
        points: points.len(),
        seeds: seeds.len(),
    };
    Ok(Plan {
        info,
        base_name: base_name.to_string(),
        base_doc,
        axes,
        points,
        seeds,
        metrics,
        fingerprint: fingerprint(&[src, base_src]),
    })
}

fn plan_axis(file: &str, src: &str, i: usize, a: &RawAxis) -> Result<PlanAxis, LoadError> {
    let field = format!("axes[{i}]");
    let at = |f: &str, msg: String| LoadError::Sweep(ScenarioError::at(file, src, f, false, msg));
    let (path_text, default_name) = match (&a.path, &a.tunable) {
        (Some(p), None) => (p.clone(), p.clone()),
        (None, Some(t)) => (format!("policy.{t}"), t.clone()),
        (Some(_), Some(_)) => return Err(at(&field, "give `path` or `tunable`, not both".into())),
        (None, None) => {
            return Err(at(
                &field,
                "an axis needs `path` (a scenario value) or `tunable`".into(),
            ))
        }
    };
    let where_ = if a.path.is_some() {
        format!("{field}.path")
    } else {
        format!("{field}.tunable")
    };
    let segs = parse_path(&path_text);
    if segs.is_empty() {
        return Err(at(&where_, "the path is empty".into()));
    }
    if segs == [PathSeg::Key("seed".into())] {
        return Err(at(
            &where_,
            "seeds are swept with the top-level `seeds:`, not an axis".into(),
        ));
    }
    if let [PathSeg::Key(p), PathSeg::Key(name)] = segs.as_slice() {
        if p == "policy" && !Tunables::names().contains(&name.as_str()) {
            return Err(at(
                &where_,
                format!("unknown tunable `{name}` (`jobsim tunables` lists them)"),
            ));
        }
    }
    let values = match (&a.values, &a.range) {
        (Some(v), None) => v.clone(),
        (None, Some(r)) => expand_range(r).map_err(|m| at(&format!("{field}.range"), m))?,
        (Some(_), Some(_)) => return Err(at(&field, "give `values` or `range`, not both".into())),
        (None, None) => {
            return Err(at(
                &field,
                "an axis needs `values` (a list) or `range`".into(),
            ))
        }
    };
    if values.is_empty() {
        return Err(at(
            &format!("{field}.values"),
            "an axis needs at least one value".into(),
        ));
    }
    Ok(PlanAxis {
        column: a.name.clone().unwrap_or(default_name),
        labels: values.iter().map(label).collect(),
        segs,
        values,
        field: where_,
    })
}

/// An axis's path must fit the base scenario's shape and name fields the scenario format knows.
/// The format's own deserializer is the judge: the base with the axis's first value written in
/// is parsed, and an unknown-field error on the path (or a prefix of it) is the axis's fault.
/// Any other error may depend on the value, so it is left to the runs.
fn check_path(
    file: &str,
    src: &str,
    i: usize,
    axis: &PlanAxis,
    base_doc: &Value,
    base_name: &str,
) -> Result<(), LoadError> {
    let at = |msg: String| LoadError::Sweep(ScenarioError::at(file, src, &axis.field, false, msg));
    let mut doc = base_doc.clone();
    set_path(&mut doc, &axis.segs, axis.values[0].clone())
        .map_err(|m| at(format!("axis {i}: {m}")))?;
    if let Err(e) = parse_scenario(base_name, &doc.to_string()) {
        let bad = parse_path(&e.field);
        if e.message.starts_with("unknown field") && !bad.is_empty() && axis.segs.starts_with(&bad)
        {
            let msg = format!(
                "axis {i}: `{}` is not a scenario field: {}",
                display_path(&bad),
                e.message
            );
            return Err(at(msg));
        }
    }
    Ok(())
}

fn seeds(file: &str, src: &str, raw: &RawSweep, base_seed: u64) -> Result<Vec<u64>, LoadError> {
    let at = |msg: &str| LoadError::Sweep(ScenarioError::at(file, src, "seeds", false, msg));
    let first = raw.base_seed.unwrap_or(base_seed);
    match &raw.seeds {
        None => Ok(vec![first]),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(c) if (1..=MAX_SEEDS).contains(&c) => (0..c)
                .map(|k| {
                    first
                        .checked_add(k)
                        .ok_or_else(|| at("the seeds overflow u64"))
                })
                .collect(),
            _ => Err(at(&format!("a seed count must be 1 to {MAX_SEEDS}"))),
        },
        Some(Value::Array(items)) => {
            if items.is_empty() || items.len() as u64 > MAX_SEEDS {
                return Err(at(&format!("a seed list needs 1 to {MAX_SEEDS} seeds")));
            }
            let mut out = Vec::with_capacity(items.len());
            for (k, v) in items.iter().enumerate() {
                match v.as_u64() {
                    Some(s) if !out.contains(&s) => out.push(s),
                    Some(s) => {
                        return Err(LoadError::Sweep(ScenarioError::at(
                            file,
                            src,
                            &format!("seeds[{k}]"),
                            false,
                            format!("seed {s} is listed twice"),
                        )))
                    }
                    None => {
                        return Err(LoadError::Sweep(ScenarioError::at(
                            file,
                            src,
                            &format!("seeds[{k}]"),
                            false,
                            "a seed is a non-negative integer",
                        )))
                    }
                }
            }
            Ok(out)
        }
        Some(_) => Err(at(
            "`seeds` is a count (`20`) or a list of seeds (`[1, 7, 42]`)",
        )),
    }
}

/// Grid points as value indices per axis: nested loops, the first axis outermost (grid), or
/// the i-th value of every axis (zip). No axes: one point, the base scenario itself.
fn points(axes: &[PlanAxis], mode: RawMode) -> Vec<Vec<usize>> {
    if axes.is_empty() {
        return vec![Vec::new()];
    }
    match mode {
        RawMode::Zip => (0..axes[0].values.len())
            .map(|i| vec![i; axes.len()])
            .collect(),
        RawMode::Grid => {
            let mut pts: Vec<Vec<usize>> = vec![Vec::new()];
            for a in axes {
                let mut next = Vec::with_capacity(pts.len().saturating_mul(a.values.len()));
                for p in &pts {
                    for v in 0..a.values.len() {
                        let mut q = p.clone();
                        q.push(v);
                        next.push(q);
                    }
                }
                pts = next;
            }
            pts
        }
    }
}

/// FNV-1a over the inputs, so shards of different sweeps are never merged.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
