//! The chart's frame: title, legend, time axis labels and the vertical grid behind everything.

use super::axis::{tick_label, TimeAxis};
use super::palette::{self, STATES};
use super::scene::{text_width, Anchor, Scene, Shape};
use super::{LEFT, WIDTH};
use sim_core::model::Header;
use sim_core::time::SimTime;

/// Pixels between tick labels at least (an `h:mm:ss` label is about 50 px wide).
const TICK_SPACING: i32 = 90;

/// Title, subtitle, legend and the top axis labels; returns the y where the plot starts.
pub fn header(
    s: &mut Scene,
    h: &Header,
    end: SimTime,
    jobs: usize,
    aggregated: bool,
    content: bool,
) -> i32 {
    s.text(12, 16, h.scenario.clone(), 15, Anchor::Start);
    let mode = if aggregated {
        format!(" · {jobs} jobs, one lane per app (--expand draws every job)")
    } else {
        format!(" · {jobs} {}", if jobs == 1 { "job" } else { "jobs" })
    };
    let sub = format!(
        "seed {} · {} · simulated to {}{mode}",
        h.seed, h.platform, end
    );
    s.push(Shape::Text {
        x: 12,
        y: 36,
        text: sub,
        size: 11,
        color: palette::MUTED,
        anchor: Anchor::Start,
    });
    let y = legend(s, 58, content);
    y + 8
}

/// One row of swatches: each job state, the stop marker, the content-change tick (when the
/// trace has content changes) and the battery line.
fn legend(s: &mut Scene, y: i32, content: bool) -> i32 {
    let mut x = 12;
    for st in STATES {
        let thin = matches!(
            st,
            crate::lanes::State::Waiting | crate::lanes::State::Backoff
        );
        let (sy, sh) = if thin { (y - 3, 6) } else { (y - 5, 10) };
        s.rect(x, sy, 18, sh, palette::state(st));
        s.text(x + 22, y, st.label(), 11, Anchor::Start);
        x += 22 + text_width(st.label(), 11) + 18;
    }
    s.rect(x + 4, y - 7, 2, 14, palette::STOP);
    s.text(x + 10, y, "stop (public reason)", 11, Anchor::Start);
    x += 10 + text_width("stop (public reason)", 11) + 18;
    s.rect(x + 3, y - 7, 3, 14, palette::REJECTED);
    s.text(x + 10, y, "schedule refused", 11, Anchor::Start);
    x += 10 + text_width("schedule refused", 11) + 18;
    if content {
        s.rect(x + 4, y - 7, 2, 7, palette::CONTENT);
        s.text(x + 10, y, "content change", 11, Anchor::Start);
        x += 10 + text_width("content change", 11) + 18;
    }
    s.rect(x, y - 5, 18, 10, palette::CHARGING);
    s.line((x, y + 2), (x + 18, y - 2), palette::BATTERY);
    s.text(x + 22, y, "battery % (charging shaded)", 11, Anchor::Start);
    y + 14
}

/// Tick labels above (`above` true) or below a horizontal rule at `y`.
fn tick_row(s: &mut Scene, axis: &TimeAxis, y: i32, above: bool) {
    let (step, ticks) = axis.ticks(TICK_SPACING);
    s.line((axis.x0, y), (axis.x0 + axis.width, y), palette::RULE);
    for t in ticks {
        let x = axis.x(t);
        let (t0, t1, ty) = if above {
            (y - 4, y, y - 11)
        } else {
            (y, y + 4, y + 12)
        };
        s.line((x, t0), (x, t1), palette::RULE);
        let anchor = if x + 30 > WIDTH {
            Anchor::End
        } else {
            Anchor::Middle
        };
        s.text(x, ty, tick_label(t, step, axis.end_ms), 10, anchor);
    }
}

/// The top axis labels, at the top of the plot area.
pub fn top_axis(s: &mut Scene, axis: &TimeAxis, y: i32) -> i32 {
    tick_row(s, axis, y + 20, true);
    y + 24
}

/// The bottom axis labels; returns the chart's last used y.
pub fn bottom_axis(s: &mut Scene, axis: &TimeAxis, y: i32) -> i32 {
    tick_row(s, axis, y + 2, false);
    y + 22
}

/// Vertical grid lines at the ticks, behind the plot.
pub fn grid(s: &mut Scene, axis: &TimeAxis, top: i32, bottom: i32) {
    let (_, ticks) = axis.ticks(TICK_SPACING);
    for t in ticks {
        let x = axis.x(t);
        s.line((x, top), (x, bottom), palette::GRID);
    }
    s.line((LEFT, top), (LEFT, bottom), palette::RULE);
}
