//! What every sweep chart shares: the title and subtitle, the value grid with its unit, label
//! fitting and the white background, in the timeline chart's fonts and colours.

use crate::chart::palette;
use crate::chart::scene::{text_width, Anchor, Scene, Shape};
use crate::chart::value_axis::ValueAxis;

/// Left edge of the plot area: room for the value labels (or a heatmap's row labels).
pub const PLOT_LEFT: i32 = 96;

/// Names a chart carries.
pub struct Frame {
    /// The sweep's name.
    pub sweep: String,
    /// The metric column.
    pub metric: String,
    /// The metric's unit, for the value axis.
    pub unit: &'static str,
    /// Seeds per grid point.
    pub seeds: usize,
}

/// The unit of a metric column, from `docs/sweeps.md`'s table.
pub fn unit(metric: &str) -> &'static str {
    if metric.starts_with("finish_time_") || metric.starts_with("pending_time.") {
        "seconds"
    } else if metric.starts_with("bytes_") {
        "bytes"
    } else if metric == "battery_used_mah" {
        "mAh"
    } else if metric == "peak_temperature_c" {
        "°C"
    } else if metric.starts_with("stops") || metric == "attempts" {
        "count"
    } else {
        "jobs"
    }
}

fn subtitle(f: &Frame, note: &str) -> String {
    let seeds = if f.seeds == 1 { "seed" } else { "seeds" };
    format!("{} · {} {seeds} per point · {note}", f.sweep, f.seeds)
}

/// The width the title and subtitle take.
pub fn title_width(f: &Frame, note: &str) -> i32 {
    text_width(&f.metric, 16).max(text_width(&subtitle(f, note), 11))
}

/// Title (the metric), subtitle (the sweep, seeds and `note`); returns the y below them.
pub fn title(s: &mut Scene, f: &Frame, note: &str) -> i32 {
    s.text(16, 20, f.metric.clone(), 16, Anchor::Start);
    let sub = subtitle(f, note);
    s.push(Shape::Text {
        x: 16,
        y: 42,
        text: sub,
        size: 11,
        color: palette::MUTED,
        anchor: Anchor::Start,
    });
    50
}

/// Horizontal grid lines at the value ticks with their labels, and the unit above them.
pub fn value_grid(s: &mut Scene, va: &ValueAxis, f: &Frame, top: i32, h: i32, w: i32) {
    s.text(PLOT_LEFT - 8, top - 12, f.unit, 11, Anchor::End);
    for v in va.ticks() {
        let y = va.y(v, top, h);
        s.line((PLOT_LEFT, y), (PLOT_LEFT + w, y), palette::GRID);
        s.text(PLOT_LEFT - 8, y, va.label(v), 11, Anchor::End);
    }
    s.line((PLOT_LEFT, top), (PLOT_LEFT, top + h), palette::RULE);
}

/// `text` cut to `max_w` pixels at `size`, with an ellipsis when cut.
pub fn fit(text: &str, size: u32, max_w: i32) -> String {
    if text_width(text, size) <= max_w {
        return text.to_string();
    }
    let mut out: String = text.chars().collect();
    while !out.is_empty() && text_width(&format!("{out}…"), size) > max_w {
        out.pop();
    }
    format!("{out}…")
}

/// The scene sized `width` × `height` on a white background.
pub fn finish(mut body: Scene, width: i32, height: i32) -> Scene {
    let mut s = Scene {
        width: width as u32,
        height: height as u32,
        items: Vec::new(),
    };
    s.rect(0, 0, width, height, palette::BACKGROUND);
    s.items.append(&mut body.items);
    s
}
