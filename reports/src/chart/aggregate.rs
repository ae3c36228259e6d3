//! Past [`super::AGGREGATE_ABOVE`] jobs a lane per job is unreadable, so each app gets one lane
//! of counts per pixel column (the most at any moment in the column): how many of its jobs run,
//! and below, on its own scale, how many wait (queued for a slot under those waiting on
//! constraints or backoff). Hundreds can wait while a handful run, so one scale would hide the
//! runs. A tick under the lane marks each column with stops.

use super::axis::TimeAxis;
use super::jobs::group_header;
use super::palette;
use super::scene::{Anchor, Scene, Shape};
use super::LEFT;
use crate::labels::short_stop;
use crate::lanes::{Lane, RunClass, State};
use sim_core::time::SimTime;
use std::collections::BTreeMap;

/// Height of the running/queued area and of the waiting area below it.
const ACTIVE_H: i32 = 24;
const WAITING_H: i32 = 20;
const AREA_H: i32 = ACTIVE_H + 2 + WAITING_H;

/// The layers, bottom to top.
const LAYERS: [(State, &str); 3] = [
    (State::Running(RunClass::Regular), "running"),
    (State::Queued, "queued"),
    (State::Waiting, "waiting or in backoff"),
];

fn layer(s: State) -> usize {
    match s {
        State::Running(_) => 0,
        State::Queued => 1,
        State::Waiting | State::Backoff => 2,
    }
}

/// Draws one aggregated lane per app from `y`; returns the y below the last.
pub fn draw(s: &mut Scene, axis: &TimeAxis, lanes: &[Lane], mut y: i32) -> i32 {
    let mut apps: BTreeMap<&str, Vec<&Lane>> = BTreeMap::new();
    for l in lanes {
        apps.entry(l.app.as_str()).or_default().push(l);
    }
    for (app, lanes) in apps {
        y = group_header(s, app, lanes.len(), y);
        app_lane(s, axis, app, &lanes, y);
        y += AREA_H + 6;
    }
    y
}

fn app_lane(s: &mut Scene, axis: &TimeAxis, app: &str, lanes: &[&Lane], y: i32) {
    let cols = axis.width as usize;
    let counts: Vec<Vec<u32>> = (0..LAYERS.len())
        .map(|k| column_max(axis, lanes, k, cols))
        .collect();
    s.rect(LEFT, y, axis.width, ACTIVE_H, palette::LANE_STRIPE);
    s.rect(
        LEFT,
        y + ACTIVE_H + 2,
        axis.width,
        WAITING_H,
        palette::LANE_STRIPE,
    );
    stacked(s, axis, app, &counts, &[0], y, ACTIVE_H, "running");
    stacked(
        s,
        axis,
        app,
        &counts,
        &[1, 2],
        y + ACTIVE_H + 2,
        WAITING_H,
        "waiting",
    );
    stop_ticks(s, axis, app, lanes, y + AREA_H);
}

/// Stacks `layers` in a band of height `h` at `y`, scaled to the band's own largest total, with
/// the scale written at the left.
#[allow(clippy::too_many_arguments)]
fn stacked(
    s: &mut Scene,
    axis: &TimeAxis,
    app: &str,
    counts: &[Vec<u32>],
    layers: &[usize],
    y: i32,
    h: i32,
    name: &str,
) {
    let cols = axis.width as usize;
    let top = (0..cols)
        .map(|c| layers.iter().map(|k| counts[*k][c]).sum::<u32>())
        .max()
        .unwrap_or(0);
    s.text(
        LEFT - 8,
        y + h / 2,
        format!("{name}, max {top}"),
        9,
        Anchor::End,
    );
    let top = top.max(1);
    let scale = |n: u32| y + h - (i64::from(n) * i64::from(h) / i64::from(top)) as i32;
    let mut below = vec![0u32; cols];
    for k in layers {
        let (state, what) = LAYERS[*k];
        let above: Vec<u32> = below.iter().zip(&counts[*k]).map(|(b, c)| b + c).collect();
        let most = counts[*k].iter().max().copied().unwrap_or(0);
        let title = format!("{app}: jobs {what} (at most {most} at once)");
        let fill = palette::state(state);
        // One polygon per run of columns with any such job: a zero-height stretch would
        // still be filled as a one-pixel line.
        let mut c = 0;
        while c < cols {
            if counts[*k][c] == 0 {
                c += 1;
                continue;
            }
            let from = c;
            while c < cols && counts[*k][c] > 0 {
                c += 1;
            }
            let x0 = axis.x0 + from as i32;
            let points = outline(x0, &above[from..c], &below[from..c], scale);
            s.push_titled(Shape::Polygon { points, fill }, title.clone());
        }
        below = above;
    }
}

/// For each pixel column, the most jobs of `layer` at any moment within it.
fn column_max(axis: &TimeAxis, lanes: &[&Lane], k: usize, cols: usize) -> Vec<u32> {
    // +1 at each start, -1 at each end; ends before starts at the same instant.
    let mut deltas: Vec<(u64, i32)> = Vec::new();
    for l in lanes {
        for seg in l.segments.iter().filter(|g| layer(g.state) == k) {
            deltas.push((seg.start.as_millis(), 1));
            deltas.push((seg.end.as_millis().max(seg.start.as_millis() + 1), -1));
        }
    }
    deltas.sort_unstable();
    let mut out = vec![0u32; cols];
    let mut level: i64 = 0;
    let col_of = |t: u64| ((axis.x(SimTime::from_millis(t)) - axis.x0) as usize).min(cols - 1);
    let mut i = 0;
    while i < deltas.len() {
        let t = deltas[i].0;
        let before = level;
        while i < deltas.len() && deltas[i].0 == t {
            level += i64::from(deltas[i].1);
            i += 1;
        }
        let c = col_of(t);
        out[c] = out[c].max(level.max(0) as u32).max(before.max(0) as u32);
        // The level holds until the next change: fill the columns in between.
        let next_c = deltas.get(i).map_or(cols, |d| col_of(d.0));
        for v in out.iter_mut().take(next_c).skip(c + 1) {
            *v = (*v).max(level.max(0) as u32);
        }
    }
    out
}

/// A stacked band's outline: the upper edge left to right, then the lower edge back, both as
/// steps, with runs of equal columns merged.
fn outline(x0: i32, above: &[u32], below: &[u32], scale: impl Fn(u32) -> i32) -> Vec<(i32, i32)> {
    let mut pts = edge(x0, above, &scale);
    let mut lower = edge(x0, below, &scale);
    lower.reverse();
    pts.append(&mut lower);
    pts
}

fn edge(x0: i32, vals: &[u32], scale: &impl Fn(u32) -> i32) -> Vec<(i32, i32)> {
    let mut pts = Vec::new();
    let mut c = 0;
    while c < vals.len() {
        let v = vals[c];
        let start = c;
        while c < vals.len() && vals[c] == v {
            c += 1;
        }
        pts.push((x0 + start as i32, scale(v)));
        pts.push((x0 + c as i32, scale(v)));
    }
    pts
}

/// A short tick under the area in each column where jobs were stopped, with the reasons counted.
fn stop_ticks(s: &mut Scene, axis: &TimeAxis, app: &str, lanes: &[&Lane], y: i32) {
    let mut by_col: BTreeMap<i32, BTreeMap<&str, u32>> = BTreeMap::new();
    for l in lanes {
        for m in &l.stops {
            *by_col
                .entry(axis.x(m.at))
                .or_default()
                .entry(short_stop(m.reason))
                .or_insert(0) += 1;
        }
    }
    for (x, reasons) in by_col {
        let n: u32 = reasons.values().sum();
        let list: Vec<String> = reasons.iter().map(|(r, c)| format!("{r} ×{c}")).collect();
        let title = format!("{app}: {n} stopped here\n{}", list.join(", "));
        s.push_titled(
            Shape::Rect {
                x,
                y: y + 1,
                w: 1,
                h: 4,
                fill: palette::STOP,
            },
            title,
        );
    }
}
