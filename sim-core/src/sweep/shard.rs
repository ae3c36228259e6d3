//! Shards: a fixed slice of a sweep's runs, so one sweep can run as a cluster job array, and
//! the merge that turns the slices back into exactly an unsharded run's outputs.
//!
//! Shard `K/N` runs the run numbers `i` with `i % N == K - 1` (round robin rather than
//! contiguous blocks: neighbouring runs differ only in seed or the innermost axis, so costly
//! corners of the grid are spread over all shards instead of landing on one).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::csv::parse_runs_csv;
use super::{RunRow, SweepInfo};

/// Version of the shard manifest format.
pub const MANIFEST_FORMAT: u32 = 1;

/// Shard `k` of `n` (1-based `k`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// Whether run number `run` belongs to this shard.
    pub fn contains(self, run: usize) -> bool {
        run % self.n == self.k - 1
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `K/N` with `1 <= K <= N`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write K/N with 1 <= K <= N, e.g. 3/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// `shard.json`: which slice a directory holds, of which sweep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub manifest_format: u32,
    pub jobsim: String,
    pub fingerprint: String,
    pub shard: usize,
    pub of: usize,
    /// Rows in this shard's `runs.csv`.
    pub shard_runs: usize,
    pub sweep: SweepInfo,
}

impl Manifest {
    pub fn new(info: &SweepInfo, fingerprint: &str, shard: Shard, shard_runs: usize) -> Self {
        Manifest {
            manifest_format: MANIFEST_FORMAT,
            jobsim: env!("CARGO_PKG_VERSION").to_string(),
            fingerprint: fingerprint.to_string(),
            shard: shard.k,
            of: shard.n,
            shard_runs,
            sweep: info.clone(),
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// One shard directory's contents, as read by the caller.
pub struct ShardInput {
    /// How to name the directory in messages.
    pub label: String,
    pub manifest: String,
    pub runs_csv: String,
}

/// Checks that the inputs are every shard of one sweep, each once, and returns the sweep's
/// info and all rows in run order.
pub fn merge(inputs: &[ShardInput]) -> Result<(SweepInfo, Vec<RunRow>), String> {
    let mut first: Option<Manifest> = None;
    let mut seen: Vec<Option<String>> = Vec::new();
    let mut slots: Vec<Option<RunRow>> = Vec::new();
    for inp in inputs {
        let m: Manifest = serde_json::from_str(&inp.manifest)
            .map_err(|e| format!("{}/shard.json: not a shard manifest: {e}", inp.label))?;
        if m.manifest_format != MANIFEST_FORMAT {
            return Err(format!(
                "{}/shard.json: manifest format {} (this jobsim reads {MANIFEST_FORMAT})",
                inp.label, m.manifest_format
            ));
        }
        let f = first.get_or_insert_with(|| m.clone());
        if m.fingerprint != f.fingerprint || m.sweep != f.sweep {
            return Err(format!(
                "{}: a shard of a different sweep (or of a changed sweep file or base scenario)",
                inp.label
            ));
        }
        if m.of != f.of || m.shard == 0 || m.shard > m.of {
            return Err(format!(
                "{}: shard {}/{} does not fit the other shards' N = {}",
                inp.label, m.shard, m.of, f.of
            ));
        }
        if seen.is_empty() {
            seen = vec![None; m.of];
            slots = vec![None; m.sweep.runs];
        }
        if let Some(prev) = &seen[m.shard - 1] {
            return Err(format!(
                "{}: shard {}/{} is also in {prev}",
                inp.label, m.shard, m.of
            ));
        }
        seen[m.shard - 1] = Some(inp.label.clone());
        let rows = parse_runs_csv(&m.sweep, &inp.runs_csv)
            .map_err(|e| format!("{}/runs.csv: {e}", inp.label))?;
        if rows.len() != m.shard_runs {
            return Err(format!(
                "{}/runs.csv: {} rows, the manifest says {} (an unfinished shard?)",
                inp.label,
                rows.len(),
                m.shard_runs
            ));
        }
        let shard = Shard {
            k: m.shard,
            n: m.of,
        };
        for row in rows {
            if !shard.contains(row.run) || row.run >= slots.len() {
                return Err(format!(
                    "{}/runs.csv: run {} does not belong to shard {shard}",
                    inp.label, row.run
                ));
            }
            let r = row.run;
            if slots[r].replace(row).is_some() {
                return Err(format!("{}/runs.csv: run {r} appears twice", inp.label));
            }
        }
    }
    let Some(m) = first else {
        return Err("no shard directories given".into());
    };
    let missing: Vec<String> = (1..=m.of)
        .filter(|k| seen[k - 1].is_none())
        .map(|k| format!("{k}/{}", m.of))
        .collect();
    if !missing.is_empty() {
        return Err(format!("missing shard(s): {}", missing.join(", ")));
    }
    let mut rows = Vec::with_capacity(slots.len());
    for (i, s) in slots.into_iter().enumerate() {
        rows.push(s.ok_or_else(|| format!("run {i} is in no shard's runs.csv"))?);
    }
    Ok((m.sweep, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_shards() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { k: 2, n: 3 }));
        for bad in ["0/3", "4/3", "1/0", "x", "1/", "/2", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let s = Shard { k: 2, n: 3 };
        assert_eq!(
            (0..7).filter(|&i| s.contains(i)).collect::<Vec<_>>(),
            [1, 4]
        );
    }
}
