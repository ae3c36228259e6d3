//! What a sweep chart plots, taken from the sweep's rows alone (never from the running sweep),
//! so `jobsim merge`, which reads the rows back from the shards, draws the same charts.
//!
//! Each axis's levels are its distinct values in the order the grid visits them; each grid
//! point's statistics are those of `summary.csv` (`sim_core::sweep::stats`).

use sim_core::sweep::stats::{stats, Stats};
use sim_core::sweep::{RunRow, SweepInfo};

/// Lines drawn in one chart at most; beyond that the other axes are pooled into one line.
pub const MAX_SERIES: usize = 6;

/// The sweep's grid: each axis's levels and each point's coordinates and rows.
pub struct Grid<'a> {
    pub axes: Vec<String>,
    /// Per axis, its distinct values in grid order.
    pub levels: Vec<Vec<String>>,
    /// Per grid point (by number), the level index on each axis, and its rows.
    pub points: Vec<(Vec<usize>, Vec<&'a RunRow>)>,
}

impl<'a> Grid<'a> {
    pub fn new(info: &SweepInfo, rows: &'a [RunRow]) -> Self {
        let mut levels: Vec<Vec<String>> = vec![Vec::new(); info.axes.len()];
        let mut points: Vec<(Vec<usize>, Vec<&'a RunRow>)> = Vec::new();
        for r in rows {
            if points.len() <= r.point {
                points.resize_with(r.point + 1, || (Vec::new(), Vec::new()));
            }
            let p = &mut points[r.point];
            if p.1.is_empty() {
                p.0 = r
                    .axis_values
                    .iter()
                    .zip(levels.iter_mut())
                    .map(|(v, l)| match l.iter().position(|x| x == v) {
                        Some(i) => i,
                        None => {
                            l.push(v.clone());
                            l.len() - 1
                        }
                    })
                    .collect();
            }
            p.1.push(r);
        }
        points.retain(|p| !p.1.is_empty());
        Grid {
            axes: info.axes.clone(),
            levels,
            points,
        }
    }

    /// Whether every combination of the levels of two axes is a point exactly once (a grid
    /// of two axes, not a zip), so a heatmap shows every cell.
    pub fn is_full_2d(&self) -> bool {
        self.axes.len() == 2
            && self.levels.iter().all(|l| l.len() >= 2)
            && self.points.len() == self.levels[0].len() * self.levels[1].len()
    }
}

/// The successful values of metric column `m` among `rows`.
fn values(rows: &[&RunRow], m: usize) -> Vec<f64> {
    rows.iter()
        .filter(|r| r.error.is_none())
        .filter_map(|r| r.values.get(m).copied().flatten())
        .collect()
}

/// One line of a chart: its label and, per level of the x axis, the statistics there.
pub struct Series {
    /// `other_axis = value, ...`; empty for the only line of a one-axis sweep or a pooled line.
    pub label: String,
    pub stats: Vec<Option<Stats>>,
}

/// The lines of metric column `m` against axis `k`: one per combination of the other axes'
/// values when there are at most [`MAX_SERIES`] and they form a grid, else one line pooling
/// all runs at each level of axis `k` (`pooled` true).
pub fn series(g: &Grid, m: usize, k: usize) -> (Vec<Series>, bool) {
    let n = g.levels[k].len();
    let mut keys: Vec<Vec<usize>> = Vec::new();
    for (coords, _) in &g.points {
        let key = other(coords, k);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let split = keys.len() <= MAX_SERIES && keys.len() < g.points.len();
    if !split || g.axes.len() == 1 {
        let line = (0..n)
            .map(|x| {
                let rows: Vec<&RunRow> = g
                    .points
                    .iter()
                    .filter(|(c, _)| c[k] == x)
                    .flat_map(|(_, r)| r.iter().copied())
                    .collect();
                stats(&values(&rows, m))
            })
            .collect();
        // In a zip every level is one point: nothing was pooled.
        let pooled = (0..n).any(|x| g.points.iter().filter(|(c, _)| c[k] == x).count() > 1);
        let label = String::new();
        return (vec![Series { label, stats: line }], pooled);
    }
    let lines: Vec<Series> = keys
        .iter()
        .map(|key| {
            let stats = (0..n)
                .map(|x| {
                    g.points
                        .iter()
                        .find(|(c, _)| c[k] == x && other(c, k) == *key)
                        .and_then(|(_, rows)| stats(&values(rows, m)))
                })
                .collect();
            Series {
                label: label(g, k, key),
                stats,
            }
        })
        .collect();
    (merge_equal(lines), false)
}

/// Lines with exactly the same statistics become one, labelled with every combination it
/// stands for: drawn separately, the later would hide the earlier and leave a legend entry
/// with no visible line.
fn merge_equal(lines: Vec<Series>) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    for l in lines {
        match out.iter_mut().find(|o| o.stats == l.stats) {
            Some(o) => {
                o.label.push_str(" or ");
                o.label.push_str(&l.label);
            }
            None => out.push(l),
        }
    }
    out
}

/// A point's coordinates without axis `k`.
fn other(coords: &[usize], k: usize) -> Vec<usize> {
    coords
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != k)
        .map(|(_, c)| *c)
        .collect()
}

fn label(g: &Grid, k: usize, key: &[usize]) -> String {
    let parts: Vec<String> = (0..g.axes.len())
        .filter(|a| *a != k)
        .zip(key)
        .map(|(a, &l)| format!("{} = {}", g.axes[a], g.levels[a][l]))
        .collect();
    parts.join(", ")
}

/// Per (row level, column level) of a two-axis grid, the statistics of metric column `m`.
pub fn cells(g: &Grid, m: usize) -> Vec<Vec<Option<Stats>>> {
    let mut out = vec![vec![None; g.levels[1].len()]; g.levels[0].len()];
    for (c, rows) in &g.points {
        out[c[0]][c[1]] = stats(&values(rows, m));
    }
    out
}

/// Whether metric column `m` is zero or blank in every run (such columns get no chart, as
/// `summary.md` only lists them).
pub fn all_zero(rows: &[RunRow], m: usize) -> bool {
    rows.iter()
        .all(|r| r.values.get(m).copied().flatten().is_none_or(|v| v == 0.0))
}
