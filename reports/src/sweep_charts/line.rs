//! A metric against one axis: the mean over seeds at each of the axis's values, joined by a
//! line, over a see-through band of the 95% confidence interval of the mean (the interval of
//! `summary.csv`). When every value of the axis is a quantity (a number, a bandwidth, a size or
//! a duration) in increasing or decreasing order, the values are placed to scale, on a
//! logarithmic scale when they are positive and span a factor of 20 or more; otherwise (labels,
//! mappings) they are evenly spaced in sweep order. Every marker's tooltip gives the point's
//! numbers.

use super::data::Series;
use super::frame::{self, Frame, PLOT_LEFT};
use crate::chart::palette;
use crate::chart::scene::{text_width, Anchor, Rgb, Scene, Shape};
use crate::chart::value_axis::{short, ValueAxis};
use sim_core::sweep::stats::{fixed3, Stats};

const WIDTH: i32 = 900;
const PLOT_H: i32 = 320;
const RIGHT: i32 = 40;
const BAND_OPACITY: u8 = 18;
/// Half the horizontal distance between two lines' markers at one value.
const DODGE: i32 = 4;

/// Lays out one line chart of `metric` against `axis` with its `levels`.
pub fn chart(f: &Frame, axis: &str, levels: &[String], lines: &[Series], pooled: bool) -> Scene {
    let mut s = Scene::default();
    let mut note = String::from("mean over seeds · band: 95% confidence interval of the mean");
    if pooled {
        note.push_str(" · runs at each value pooled over the other axes");
    }
    let mut y = frame::title(&mut s, f, &note);
    if lines.len() > 1 {
        y = legend(&mut s, lines, y);
    }
    let top = y + 26;
    let plot_w = WIDTH - PLOT_LEFT - RIGHT;
    // Every metric is a count, a time or an amount: an interval reaching below zero (Student's
    // t around a mean near zero) is cut at zero, which the tooltips' exact numbers still show.
    let floor = non_negative(lines).then_some(0.0);
    let (lo, hi) = range(lines, floor);
    let va = ValueAxis::new(lo, hi, 6);
    frame::value_grid(&mut s, &va, f, top, PLOT_H, plot_w);
    let n = levels.len().max(1) as i32;
    let scale = XScale::of(levels);
    let xs: Vec<i32> = (0..levels.len())
        .map(|i| match &scale {
            XScale::Even => PLOT_LEFT + ((2 * i as i32 + 1) * plot_w) / (2 * n),
            XScale::ToScale { fractions, .. } => {
                let inner = plot_w - 2 * X_PAD;
                PLOT_LEFT + X_PAD + (fractions[i] * f64::from(inner)).round() as i32
            }
        })
        .collect();
    let x_of = |i: usize| xs[i];
    // Lines are set a few pixels apart at each value (dodged), so where they meet every
    // marker still shows.
    let count = lines.len() as i32;
    let dodge = |k: usize| (2 * k as i32 - (count - 1)) * DODGE;
    for (k, line) in lines.iter().enumerate() {
        let color = palette::SERIES[k % palette::SERIES.len()];
        let x_k = |i: usize| x_of(i) + dodge(k);
        band(&mut s, line, &va, top, &x_k, color, floor);
    }
    for (k, line) in lines.iter().enumerate() {
        let color = palette::SERIES[k % palette::SERIES.len()];
        let x_k = |i: usize| x_of(i) + dodge(k);
        polyline(&mut s, line, &va, top, &x_k, color);
        markers(&mut s, f, axis, levels, line, &va, top, &x_k, color);
    }
    let bottom = top + PLOT_H;
    s.line(
        (PLOT_LEFT, bottom),
        (PLOT_LEFT + plot_w, bottom),
        palette::RULE,
    );
    for (i, l) in levels.iter().enumerate() {
        let x = x_of(i);
        s.line((x, bottom), (x, bottom + 4), palette::RULE);
        // A label may use the room up to halfway to each neighbour.
        let room = |j: Option<usize>| j.map_or(plot_w, |j| 2 * (x - x_of(j)).abs());
        let slot = room(i.checked_sub(1)).min(room((i + 1 < levels.len()).then_some(i + 1)));
        let text = frame::fit(l, 11, slot.max(12) - 6);
        s.push_titled(
            Shape::Text {
                x,
                y: bottom + 14,
                text,
                size: 11,
                color: palette::TEXT,
                anchor: Anchor::Middle,
            },
            format!("{axis} = {l}"),
        );
    }
    let axis_title = match scale {
        XScale::ToScale { log: true, .. } => format!("{axis} (to scale, logarithmic)"),
        XScale::ToScale { log: false, .. } => format!("{axis} (to scale)"),
        XScale::Even => axis.to_string(),
    };
    s.text(
        PLOT_LEFT + plot_w / 2,
        bottom + 36,
        axis_title,
        12,
        Anchor::Middle,
    );
    frame::finish(s, WIDTH, bottom + 52)
}

/// Space kept at each end of a to-scale axis, so end markers and labels stay inside.
const X_PAD: i32 = 40;

/// How the x axis places an axis's values.
enum XScale {
    /// Evenly, in sweep order.
    Even,
    /// By value: each level's position from 0 (first end) to 1 (last end).
    ToScale { fractions: Vec<f64>, log: bool },
}

impl XScale {
    fn of(levels: &[String]) -> XScale {
        let values: Option<Vec<f64>> = levels.iter().map(|l| quantity(l)).collect();
        let Some(values) = values.filter(|v| v.len() >= 2) else {
            return XScale::Even;
        };
        let increasing = values.windows(2).all(|w| w[0] < w[1]);
        let decreasing = values.windows(2).all(|w| w[0] > w[1]);
        if !increasing && !decreasing {
            return XScale::Even;
        }
        let (lo, hi) = (
            values[0].min(values[values.len() - 1]),
            values[0].max(values[values.len() - 1]),
        );
        let log = lo > 0.0 && hi / lo >= 20.0;
        let at = |v: f64| if log { v.ln() } else { v };
        let (a, b) = (at(lo), at(hi));
        let fractions = values.iter().map(|&v| (at(v) - a) / (b - a)).collect();
        XScale::ToScale { fractions, log }
    }
}

/// A level as a quantity in one unit per kind: plain numbers as they are, bandwidths in kbps,
/// sizes in bytes, durations in ms. `None` for anything else (names, mappings).
fn quantity(level: &str) -> Option<f64> {
    if let Ok(v) = level.trim().parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    if let Ok(b) = level.parse::<sim_core::units::Bandwidth>() {
        return Some(b.kbps as f64);
    }
    if let Ok(b) = level.parse::<sim_core::units::Bytes>() {
        return Some(b.0 as f64);
    }
    if let Ok(d) = level.parse::<sim_core::time::SimDuration>() {
        return Some(d.as_millis() as f64);
    }
    None
}

/// Whether every mean is at least zero.
fn non_negative(lines: &[Series]) -> bool {
    lines
        .iter()
        .flat_map(|l| l.stats.iter().flatten())
        .all(|st| st.mean >= 0.0)
}

/// A point's interval, cut at `floor`.
fn interval(st: &Stats, floor: Option<f64>) -> Option<(f64, f64)> {
    st.ci95
        .map(|(lo, hi)| (floor.map_or(lo, |f| lo.max(f)), hi))
}

/// The lowest and highest value any band or mean reaches.
fn range(lines: &[Series], floor: Option<f64>) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for st in lines.iter().flat_map(|l| l.stats.iter().flatten()) {
        let (a, b) = interval(st, floor).unwrap_or((st.mean, st.mean));
        lo = lo.min(a.min(st.mean));
        hi = hi.max(b.max(st.mean));
    }
    if lo > hi {
        return (0.0, 1.0);
    }
    // Counts, bytes and times start from zero unless the values sit far above it.
    if lo >= 0.0 && lo < hi / 2.0 {
        lo = 0.0;
    }
    (lo, hi)
}

/// Runs of consecutive levels where `present` holds.
fn runs(len: usize, present: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < len {
        if !present(i) {
            i += 1;
            continue;
        }
        let from = i;
        while i < len && present(i) {
            i += 1;
        }
        out.push((from, i));
    }
    out
}

fn band(
    s: &mut Scene,
    line: &Series,
    va: &ValueAxis,
    top: i32,
    x_of: &impl Fn(usize) -> i32,
    fill: Rgb,
    floor: Option<f64>,
) {
    let ci = |i: usize| line.stats[i].and_then(|st| interval(&st, floor));
    for (from, to) in runs(line.stats.len(), |i| ci(i).is_some()) {
        let mut points: Vec<(i32, i32)> = Vec::new();
        for i in from..to {
            let (_, hi) = ci(i).unwrap_or_default();
            points.push((x_of(i), va.y(hi, top, PLOT_H)));
        }
        for i in (from..to).rev() {
            let (lo, _) = ci(i).unwrap_or_default();
            points.push((x_of(i), va.y(lo, top, PLOT_H)));
        }
        if to - from == 1 {
            // A lone point's interval: a narrow bar rather than a zero-width outline.
            let (x, y0, y1) = (points[0].0, points[0].1, points[1].1);
            points = vec![(x - 4, y0), (x + 4, y0), (x + 4, y1), (x - 4, y1)];
        }
        s.push(Shape::Translucent {
            points,
            fill,
            opacity: BAND_OPACITY,
        });
    }
}

fn polyline(
    s: &mut Scene,
    line: &Series,
    va: &ValueAxis,
    top: i32,
    x_of: &impl Fn(usize) -> i32,
    color: Rgb,
) {
    for (from, to) in runs(line.stats.len(), |i| line.stats[i].is_some()) {
        if to - from < 2 {
            continue;
        }
        let points = (from..to)
            .filter_map(|i| line.stats[i].map(|st| (x_of(i), va.y(st.mean, top, PLOT_H))))
            .collect();
        s.push(Shape::Polyline {
            points,
            color,
            width: 2,
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn markers(
    s: &mut Scene,
    f: &Frame,
    axis: &str,
    levels: &[String],
    line: &Series,
    va: &ValueAxis,
    top: i32,
    x_of: &impl Fn(usize) -> i32,
    fill: Rgb,
) {
    for (i, st) in line.stats.iter().enumerate() {
        let Some(st) = st else { continue };
        let (x, y) = (x_of(i), va.y(st.mean, top, PLOT_H));
        let mut at = format!("{axis} = {}", levels[i]);
        if !line.label.is_empty() {
            at = format!("{at}, {}", line.label);
        }
        s.push_titled(
            Shape::Rect {
                x: x - 3,
                y: y - 3,
                w: 7,
                h: 7,
                fill,
            },
            format!("{}\n{at}\n{}", f.metric, describe(st)),
        );
    }
}

/// A point's numbers, as `summary.csv` has them.
pub fn describe(st: &Stats) -> String {
    let ci = st
        .ci95
        .map_or("95% CI: needs two runs".to_string(), |(l, h)| {
            format!("95% CI {} … {}", fixed3(l), fixed3(h))
        });
    format!(
        "mean {} ({}) over {} run(s); {ci}; p50 {}, p95 {}",
        fixed3(st.mean),
        short(st.mean),
        st.n,
        fixed3(st.p50),
        fixed3(st.p95)
    )
}

/// One swatch and label per line, wrapped to the chart's width; returns the y below.
fn legend(s: &mut Scene, lines: &[Series], y: i32) -> i32 {
    let (mut x, mut y) = (PLOT_LEFT, y + 12);
    for (i, line) in lines.iter().enumerate() {
        let color = palette::SERIES[i % palette::SERIES.len()];
        let w = 26 + text_width(&line.label, 11) + 18;
        if x + w > WIDTH - RIGHT && x > PLOT_LEFT {
            x = PLOT_LEFT;
            y += 18;
        }
        s.push(Shape::Line {
            x1: x,
            y1: y,
            x2: x + 20,
            y2: y,
            color,
            width: 2,
        });
        s.rect(x + 7, y - 3, 7, 7, color);
        s.text(x + 26, y, line.label.clone(), 11, Anchor::Start);
        x += w;
    }
    y + 8
}

#[cfg(test)]
mod tests {
    use super::XScale;

    fn fractions(levels: &[&str]) -> Option<(Vec<f64>, bool)> {
        let levels: Vec<String> = levels.iter().map(|l| l.to_string()).collect();
        match XScale::of(&levels) {
            XScale::Even => None,
            XScale::ToScale { fractions, log } => Some((fractions, log)),
        }
    }

    #[test]
    fn numbers_and_quantities_are_placed_to_scale() {
        // 2, 4, 8, 12, 20 Mbps span a factor of 10: linear, (v - 2) / 18.
        let (f, log) = fractions(&["2Mbps", "4Mbps", "8Mbps", "12Mbps", "20Mbps"]).unwrap();
        assert!(!log);
        assert_eq!(f, vec![0.0, 2.0 / 18.0, 6.0 / 18.0, 10.0 / 18.0, 1.0]);
        // 30 min to 12 h spans a factor of 24: logarithmic, the middle value halfway.
        let (f, log) = fractions(&["1800000", "8818163", "43200000"]).unwrap();
        assert!(log);
        assert!((f[1] - 0.5).abs() < 1e-6, "{f:?}");
        // Sizes and durations, decreasing order too.
        assert!(fractions(&["1GiB", "512MiB", "1MiB"]).is_some());
        assert!(fractions(&["10m", "5m", "1m"]).is_some());
    }

    #[test]
    fn labels_and_unordered_values_stay_evenly_spaced() {
        assert!(fractions(&["wifi", "cellular"]).is_none());
        assert!(fractions(&["2Mbps", "20Mbps", "4Mbps"]).is_none());
        assert!(fractions(&["5"]).is_none());
        assert!(fractions(&["1", "1"]).is_none());
    }
}
