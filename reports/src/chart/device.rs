//! The device tracks above the job lanes: the battery level line over charging shading, then
//! one band row per device state (thermal, network, screen, doze, ...).

use super::axis::TimeAxis;
use super::palette;
use super::scene::{text_width, Anchor, Scene, Shape};
use super::LEFT;
use crate::device_tracks::{Band, BatteryPoint, DeviceTracks, TrackKind};
use sim_core::time::SimTime;

const BATTERY_H: i32 = 36;
const BAND_H: i32 = 14;
const GAP: i32 = 3;

/// Draws every track from `y`; returns the y below the last.
pub fn draw(s: &mut Scene, axis: &TimeAxis, dev: &DeviceTracks, mut y: i32) -> i32 {
    y = battery(s, axis, dev, y + GAP);
    let apps = foreground_apps(dev);
    for (kind, bands) in &dev.tracks {
        if !shown(*kind, bands) {
            continue;
        }
        y += GAP;
        s.text(LEFT - 8, y + BAND_H / 2, kind.title(), 10, Anchor::End);
        for b in bands {
            let index = apps.iter().position(|a| *a == b.value).unwrap_or(0);
            band(s, axis, *kind, b, index, y);
        }
        y += BAND_H;
    }
    y + 8
}

/// Tracks that never leave their normal state are dropped, except those a reader expects to
/// see even when quiet.
fn shown(kind: TrackKind, bands: &[Band]) -> bool {
    matches!(
        kind,
        TrackKind::Thermal | TrackKind::Network | TrackKind::Screen | TrackKind::Foreground
    ) || bands
        .iter()
        .any(|b| palette::band(kind, &b.value, 0).is_some())
}

/// Foreground packages in order of first appearance, for their colours.
fn foreground_apps(dev: &DeviceTracks) -> Vec<String> {
    let mut apps: Vec<String> = Vec::new();
    for (kind, bands) in &dev.tracks {
        if *kind != TrackKind::Foreground {
            continue;
        }
        for b in bands {
            if !apps.contains(&b.value) {
                apps.push(b.value.clone());
            }
        }
    }
    apps
}

fn band(s: &mut Scene, axis: &TimeAxis, kind: TrackKind, b: &Band, index: usize, y: i32) {
    let x = axis.x(b.start);
    let w = (axis.x(b.end) - x).max(1);
    let Some(fill) = palette::band(kind, &b.value, index) else {
        // The normal state is left unfilled; its label, muted, still says what it was.
        if !b.label.is_empty() && text_width(&b.label, 9) + 6 <= w {
            let (x, y, size) = (x + 3, y + BAND_H / 2, 9);
            let (text, color) = (b.label.clone(), palette::MUTED);
            let anchor = Anchor::Start;
            s.push_titled(
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    color,
                    anchor,
                },
                b.detail.clone(),
            );
        }
        return;
    };
    let title = format!("{}\n{} – {}", b.detail, b.start, b.end);
    s.push_titled(
        Shape::Rect {
            x,
            y,
            w,
            h: BAND_H,
            fill,
        },
        title,
    );
    if !b.label.is_empty() && text_width(&b.label, 9) + 6 <= w {
        s.push(Shape::Text {
            x: x + 3,
            y: y + BAND_H / 2,
            text: b.label.clone(),
            size: 9,
            color: palette::text_on(fill),
            anchor: Anchor::Start,
        });
    }
}

/// The level line (0–100 % over the track's height) over green shading while charging.
fn battery(s: &mut Scene, axis: &TimeAxis, dev: &DeviceTracks, y: i32) -> i32 {
    let pts: &[BatteryPoint] = &dev.battery;
    s.text(LEFT - 8, y + BATTERY_H / 2, "battery", 10, Anchor::End);
    s.text(LEFT - 56, y + 4, "100%", 8, Anchor::End);
    s.text(LEFT - 56, y + BATTERY_H - 4, "0%", 8, Anchor::End);
    s.rect(LEFT, y, axis.width, BATTERY_H, palette::LANE_STRIPE);
    let end = SimTime::from_millis(axis.end_ms);
    for (from, to) in &dev.charging {
        let x = axis.x(*from);
        let title = format!("charging\n{from} – {to}");
        let shape = Shape::Rect {
            x,
            y,
            w: (axis.x(*to) - x).max(1),
            h: BATTERY_H,
            fill: palette::CHARGING,
        };
        s.push_titled(shape, title);
    }
    let level_y = |l: u32| y + BATTERY_H - (l.min(100) as i32 * (BATTERY_H - 2) / 100) - 1;
    let mut points: Vec<(i32, i32)> = Vec::new();
    for (i, p) in pts.iter().enumerate() {
        let ly = level_y(p.level);
        points.push((axis.x(p.at), ly));
        let next = pts.get(i + 1).map_or(end, |n| n.at);
        points.push((axis.x(next), ly));
    }
    points.dedup();
    if let (Some(first), Some(last)) = (pts.first(), pts.last()) {
        let min = pts.iter().map(|p| p.level).min().unwrap_or(first.level);
        let title = format!(
            "battery: {}% at start, lowest {}%, {}% at the end",
            first.level, min, last.level
        );
        s.push_titled(
            Shape::Polyline {
                points,
                color: palette::BATTERY,
                width: 2,
            },
            title,
        );
    }
    y + BATTERY_H
}
