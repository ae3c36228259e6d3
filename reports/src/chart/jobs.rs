//! One lane per job, grouped under a header row per app: state segments, and a marker at every
//! stop with the short public reason written above the bar (never over it, so no label hides a
//! segment). Every segment and marker carries a tooltip.

use super::axis::TimeAxis;
use super::palette;
use super::scene::{text_width, Anchor, Scene, Shape};
use super::{LEFT, WIDTH};
use crate::labels::{short_pending, short_stop, Uids};
use crate::lanes::{Lane, Segment, State, StopMark};
use sim_core::time::SimTime;

const LANE_H: i32 = 24;
/// Top of the bar within a lane; stop labels sit in the band above it.
const BAR_Y: i32 = 11;
const GROUP_H: i32 = 18;
const MARK_SIZE: u32 = 9;

/// Draws the lanes from `y`; returns the y below the last.
pub fn draw(s: &mut Scene, axis: &TimeAxis, lanes: &[Lane], uids: &Uids, mut y: i32) -> i32 {
    let mut prev_app: Option<&str> = None;
    for (i, lane) in lanes.iter().enumerate() {
        if prev_app != Some(lane.app.as_str()) {
            let n = lanes[i..].iter().take_while(|l| l.app == lane.app).count();
            y = group_header(s, &lane.app, n, y);
            prev_app = Some(&lane.app);
        }
        if i % 2 == 1 {
            s.rect(LEFT, y, axis.width, LANE_H, palette::LANE_STRIPE);
        }
        let label = uids.full(&lane.app, lane.namespace.as_deref(), lane.id);
        s.text(LEFT - 8, y + BAR_Y + 5, label.clone(), 10, Anchor::End);
        for seg in &lane.segments {
            segment(s, axis, &label, seg, y);
        }
        marks(s, axis, &label, &lane.stops, y);
        rejections(s, axis, &label, lane, y);
        content_changes(s, axis, &label, lane, y);
        y += LANE_H;
    }
    y + 4
}

/// A header row naming the app and how many jobs it has.
pub fn group_header(s: &mut Scene, app: &str, jobs: usize, y: i32) -> i32 {
    s.rect(0, y + 2, WIDTH, GROUP_H - 2, palette::GROUP);
    let plural = if jobs == 1 { "job" } else { "jobs" };
    s.text(
        8,
        y + 2 + (GROUP_H - 2) / 2,
        format!("{app} ({jobs} {plural})"),
        11,
        Anchor::Start,
    );
    y + GROUP_H + 2
}

fn segment(s: &mut Scene, axis: &TimeAxis, label: &str, seg: &Segment, y: i32) {
    let x = axis.x(seg.start);
    let w = (axis.x(seg.end) - x).max(1);
    // Waiting and backoff are thinner so running and queued stand out.
    let (dy, h) = match seg.state {
        State::Waiting | State::Backoff => (BAR_Y + 2, 6),
        _ => (BAR_Y, 10),
    };
    s.push_titled(
        Shape::Rect {
            x,
            y: y + dy,
            w,
            h,
            fill: palette::state(seg.state),
        },
        tooltip(label, seg),
    );
}

/// `job: state, attempt n`, the span, and the reasons that explain it.
fn tooltip(label: &str, seg: &Segment) -> String {
    let mut t = format!("{label}: {}", seg.state.label());
    if seg.attempt > 0 {
        t.push_str(&format!(", attempt {}", seg.attempt));
    }
    t.push_str(&format!(
        "\n{} – {} ({})",
        seg.start,
        seg.end,
        seg.end.saturating_since(seg.start)
    ));
    if !seg.reasons.is_empty() {
        let r: Vec<&str> = seg.reasons.iter().map(|r| short_pending(r)).collect();
        t.push_str(&format!("\npending: {}", r.join(", ")));
    }
    if let Some(stop) = &seg.stop {
        t.push_str(&format!("\nstopped: {} ({})", stop.reason, stop.internal));
    }
    t
}

/// A vermillion bar at each refused schedule call, so a job that never ran still shows why.
fn rejections(s: &mut Scene, axis: &TimeAxis, label: &str, lane: &Lane, y: i32) {
    for (i, (at, result, message)) in lane.rejections.iter().enumerate() {
        let x = axis.x(*at);
        let title = format!("{label}: schedule() at {at} returned {result}\n{message}");
        let (w, h) = (3, LANE_H - 3);
        let fill = palette::REJECTED;
        s.push_titled(
            Shape::Rect {
                x: x - 1,
                y: y + 2,
                w,
                h,
                fill,
            },
            title,
        );
        let text = format!("rejected: {result}");
        let last = i + 1 == lane.rejections.len();
        if last && x + text_width(&text, MARK_SIZE) + 4 <= axis.x0 + axis.width {
            s.text(x + 4, y + 6, text, MARK_SIZE, Anchor::Start);
        } else if last {
            s.text(x - 4, y + 6, text, MARK_SIZE, Anchor::End);
        }
    }
}

/// A short green tick on the lane's top edge at each content change that reached the job's
/// trigger URIs, so a content-trigger job's wait reads against the changes it waited for.
fn content_changes(s: &mut Scene, axis: &TimeAxis, label: &str, lane: &Lane, y: i32) {
    for (at, uri) in &lane.content_changes {
        let x = axis.x(*at);
        s.push_titled(
            Shape::Rect {
                x: x - 1,
                y: y + 1,
                w: 2,
                h: LANE_H / 2 - 1,
                fill: palette::CONTENT,
            },
            format!("{label}: content change at {at}\n{uri}"),
        );
    }
}

/// A bar at each stop, labelled with the short reason where the label fits before the next one.
fn marks(s: &mut Scene, axis: &TimeAxis, label: &str, stops: &[StopMark], y: i32) {
    let end = SimTime::from_millis(axis.end_ms);
    for (i, m) in stops.iter().enumerate() {
        let x = axis.x(m.at);
        let title = format!(
            "{label}: stopped at {}, attempt {}\n{} (code {}), internal {}",
            m.at, m.attempt, m.reason, m.code, m.internal
        );
        s.push_titled(
            Shape::Rect {
                x: x - 1,
                y: y + 2,
                w: 2,
                h: LANE_H - 3,
                fill: palette::STOP,
            },
            title,
        );
        let text = short_stop(m.reason);
        let room = axis.x(stops.get(i + 1).map_or(end, |n| n.at)) - x;
        let tw = text_width(text, MARK_SIZE);
        let last = i + 1 == stops.len();
        if tw + 6 <= room || (last && x + tw + 4 <= axis.x0 + axis.width) {
            s.text(x + 3, y + 6, text, MARK_SIZE, Anchor::Start);
        }
    }
}
