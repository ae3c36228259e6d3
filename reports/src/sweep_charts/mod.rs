//! Charts of a sweep, drawn with the timeline's primitives (scene, SVG writer, raster, font,
//! palette): for each metric column against each axis with two or more values, a line chart of
//! the mean over seeds with its 95% confidence band (`line`), and for a two-axis grid a heatmap
//! per metric column (`heatmap`). Columns zero in every run get no chart, as `summary.md` only
//! lists them.
//!
//! Everything comes from the rows (`data`), so a merge of shards draws the same bytes as the
//! unsharded sweep, whatever the thread count.

mod data;
mod frame;
mod heatmap;
mod line;

use crate::chart::{raster, svg, Scene};
use sim_core::sweep::{RunRow, SweepInfo};

/// Every chart of the sweep as (file stem, scene), in a fixed order: per metric column, its
/// line charts in axis order, then its heatmap.
pub fn scenes(info: &SweepInfo, rows: &[RunRow]) -> Vec<(String, Scene)> {
    let grid = data::Grid::new(info, rows);
    let mut out: Vec<(String, Scene)> = Vec::new();
    let mut stems: Vec<String> = Vec::new();
    for (m, metric) in info.metric_columns.iter().enumerate() {
        if data::all_zero(rows, m) {
            continue;
        }
        let f = frame::Frame {
            sweep: info.name.clone(),
            metric: metric.clone(),
            unit: frame::unit(metric),
            seeds: info.seeds,
        };
        for (k, axis) in grid.axes.iter().enumerate() {
            if grid.levels[k].len() < 2 {
                continue;
            }
            let (lines, pooled) = data::series(&grid, m, k);
            let scene = line::chart(&f, axis, &grid.levels[k], &lines, pooled);
            let stem = unique(
                &mut stems,
                format!("{}-vs-{}", file_part(metric), file_part(axis)),
            );
            out.push((stem, scene));
        }
        if grid.is_full_2d() {
            let cells = data::cells(&grid, m);
            let axes = (grid.axes[0].as_str(), grid.axes[1].as_str());
            let levels = (grid.levels[0].as_slice(), grid.levels[1].as_slice());
            let scene = heatmap::chart(&f, axes, levels, &cells);
            let stem = unique(&mut stems, format!("{}-heatmap", file_part(metric)));
            out.push((stem, scene));
        }
    }
    out
}

/// Every chart as SVG and PNG: (file name under `charts/`, bytes).
pub fn files(info: &SweepInfo, rows: &[RunRow]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for (stem, scene) in scenes(info, rows) {
        out.push((format!("{stem}.svg"), svg::render(&scene).into_bytes()));
        out.push((format!("{stem}.png"), raster::render_png(&scene)?));
    }
    Ok(out)
}

/// A column name as part of a file name: characters other than letters, digits, `.`, `-` and
/// `_` become `_` (axis names are paths such as `jobs[0].work.upload`).
fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `stem`, or `stem-2`, `stem-3`... if an earlier chart took it (two names can map to one).
fn unique(taken: &mut Vec<String>, stem: String) -> String {
    let mut name = stem.clone();
    let mut i = 2;
    while taken.contains(&name) {
        name = format!("{stem}-{i}");
        i += 1;
    }
    taken.push(name.clone());
    name
}
