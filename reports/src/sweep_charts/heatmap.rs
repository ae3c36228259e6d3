//! A metric over a two-axis grid: one cell per grid point, the first axis down and the second
//! across (the order of the sweep file), coloured by the mean over seeds on the viridis scale
//! and labelled with it; each cell's tooltip gives the point's numbers. A colour bar maps the
//! colours back to values.

use super::frame::{self, Frame};
use super::line::describe;
use crate::chart::palette;
use crate::chart::scene::{text_width, Anchor, Rgb, Scene, Shape};
use crate::chart::value_axis::short;
use sim_core::sweep::stats::Stats;

const WIDTH: i32 = 900;
/// Room right of the cells for the colour bar and its labels.
const BAR_ROOM: i32 = 150;
const BAR_W: i32 = 16;
const BAR_STEPS: i32 = 48;
const NOTE: &str = "mean over seeds per grid point";

/// Lays out the heatmap of `cells[row][col]` for the axes `(rows, cols)`.
pub fn chart(
    f: &Frame,
    axes: (&str, &str),
    levels: (&[String], &[String]),
    cells: &[Vec<Option<Stats>>],
) -> Scene {
    let mut s = Scene::default();
    let y = frame::title(&mut s, f, NOTE);
    let (rows, cols) = levels;
    let label_w = rows
        .iter()
        .map(|l| text_width(l, 11))
        .chain([text_width(axes.0, 12)])
        .max()
        .unwrap_or(0)
        .clamp(40, 240);
    let left = 16 + label_w + 10;
    let cell_w = ((WIDTH - left - BAR_ROOM) / cols.len().max(1) as i32).clamp(24, 140);
    let cell_h = (360 / rows.len().max(1) as i32).clamp(20, 56);
    let top = y + 34;
    s.text(left - 10, top - 12, axes.0.to_string(), 12, Anchor::End);
    let means: Vec<f64> = cells.iter().flatten().flatten().map(|st| st.mean).collect();
    let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let shade = |v: f64| {
        let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        palette::sequential((t.clamp(0.0, 1.0) * 1000.0).round() as u32)
    };
    for (r, row) in cells.iter().enumerate() {
        let cy = top + r as i32 * cell_h;
        s.text(left - 10, cy + cell_h / 2, rows[r].clone(), 11, Anchor::End);
        for (c, cell) in row.iter().enumerate() {
            let cx = left + c as i32 * cell_w;
            let at = format!("{} = {}, {} = {}", axes.0, rows[r], axes.1, cols[c]);
            cell_shape(
                &mut s,
                f,
                (cx, cy, cell_w, cell_h),
                &at,
                cell.as_ref(),
                &shade,
            );
        }
    }
    let bottom = top + rows.len() as i32 * cell_h;
    for (c, l) in cols.iter().enumerate() {
        let x = left + c as i32 * cell_w + cell_w / 2;
        let text = frame::fit(l, 11, cell_w - 4);
        s.push_titled(
            Shape::Text {
                x,
                y: bottom + 12,
                text,
                size: 11,
                color: palette::TEXT,
                anchor: Anchor::Middle,
            },
            format!("{} = {l}", axes.1),
        );
    }
    let grid_w = cols.len() as i32 * cell_w;
    s.text(
        left + grid_w / 2,
        bottom + 34,
        axes.1.to_string(),
        12,
        Anchor::Middle,
    );
    let bar_x = left + grid_w + 36;
    if lo <= hi {
        colour_bar(&mut s, f, bar_x, top, bottom - top, (lo, hi));
    }
    // As wide as the cells and the colour bar need, or the subtitle.
    let width = (bar_x + BAR_W + 70).max(frame::title_width(f, NOTE) + 32);
    frame::finish(s, width.min(WIDTH), bottom + 50)
}

fn cell_shape(
    s: &mut Scene,
    f: &Frame,
    (x, y, w, h): (i32, i32, i32, i32),
    at: &str,
    st: Option<&Stats>,
    shade: &impl Fn(f64) -> Rgb,
) {
    let Some(st) = st else {
        let title = format!("{}\n{at}\nno successful run", f.metric);
        let shape = Shape::Rect {
            x,
            y,
            w: w - 2,
            h: h - 2,
            fill: palette::LANE_STRIPE,
        };
        s.push_titled(shape, title);
        return;
    };
    let fill = shade(st.mean);
    let title = format!("{}\n{at}\n{}", f.metric, describe(st));
    let shape = Shape::Rect {
        x,
        y,
        w: w - 2,
        h: h - 2,
        fill,
    };
    s.push_titled(shape, title.clone());
    let text = short(st.mean);
    if text_width(&text, 11) + 6 <= w - 2 {
        let shape = Shape::Text {
            x: x + (w - 2) / 2,
            y: y + (h - 2) / 2,
            text,
            size: 11,
            color: palette::text_on(fill),
            anchor: Anchor::Middle,
        };
        s.push_titled(shape, title);
    }
}

/// A vertical bar from the smallest mean (bottom) to the largest (top), with both labelled.
fn colour_bar(s: &mut Scene, f: &Frame, x: i32, top: i32, h: i32, (lo, hi): (f64, f64)) {
    let h = h.max(BAR_STEPS);
    s.text(x, top - 12, f.unit, 11, Anchor::Start);
    for i in 0..BAR_STEPS {
        // Step 0 is the top (the largest value).
        let y0 = top + i * h / BAR_STEPS;
        let y1 = top + (i + 1) * h / BAR_STEPS;
        let t = (1000 * (BAR_STEPS - 1 - i) / (BAR_STEPS - 1)) as u32;
        s.rect(x, y0, BAR_W, y1 - y0, palette::sequential(t));
    }
    s.text(x + BAR_W + 6, top + 5, short(hi), 11, Anchor::Start);
    s.text(x + BAR_W + 6, top + h - 5, short(lo), 11, Anchor::Start);
}
