//! The charts' fixed colours. Job states use the Okabe–Ito palette, which stays distinguishable
//! under the common colour-vision deficiencies; device tracks use lighter tints of the same hues
//! so they read as background to the job lanes.

use super::scene::Rgb;
use crate::lanes::{RunClass, State};

pub const TEXT: Rgb = Rgb(0x20, 0x20, 0x20);
pub const MUTED: Rgb = Rgb(0x70, 0x70, 0x70);
pub const GRID: Rgb = Rgb(0xe4, 0xe4, 0xe4);
pub const RULE: Rgb = Rgb(0xb0, 0xb0, 0xb0);
pub const BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
pub const LANE_STRIPE: Rgb = Rgb(0xf6, 0xf6, 0xf6);
pub const GROUP: Rgb = Rgb(0xea, 0xee, 0xf3);
pub const STOP: Rgb = Rgb(0x00, 0x00, 0x00);
pub const REJECTED: Rgb = VERMILLION;
pub const BATTERY: Rgb = Rgb(0x00, 0x4d, 0x80);
pub const CHARGING: Rgb = Rgb(0xb8, 0xe3, 0xcb);
/// Content changes that reached a content-trigger job.
pub const CONTENT: Rgb = Rgb(0x56, 0xb4, 0xe9);

const BLUE: Rgb = Rgb(0x00, 0x72, 0xb2);
const GREEN: Rgb = Rgb(0x00, 0x9e, 0x73);
const PURPLE: Rgb = Rgb(0xcc, 0x79, 0xa7);
const ORANGE: Rgb = Rgb(0xe6, 0x9f, 0x00);
const YELLOW: Rgb = Rgb(0xf0, 0xe4, 0x42);
const VERMILLION: Rgb = Rgb(0xd5, 0x5e, 0x00);

/// A job state's colour.
pub fn state(s: State) -> Rgb {
    match s {
        State::Waiting => Rgb(0xc8, 0xc8, 0xc8),
        State::Queued => ORANGE,
        State::Backoff => YELLOW,
        State::Running(RunClass::Regular) => BLUE,
        State::Running(RunClass::Expedited) => GREEN,
        State::Running(RunClass::UserInitiated) => PURPLE,
    }
}

/// Every job state, in legend order.
pub const STATES: [State; 6] = [
    State::Running(RunClass::Regular),
    State::Running(RunClass::Expedited),
    State::Running(RunClass::UserInitiated),
    State::Queued,
    State::Waiting,
    State::Backoff,
];

/// A device band's fill, or `None` to leave the state undrawn (the normal state: screen off,
/// thermal NONE, doze active...).
pub fn band(track: crate::device_tracks::TrackKind, value: &str, index: usize) -> Option<Rgb> {
    use crate::device_tracks::TrackKind as T;
    Some(match (track, value) {
        (T::Thermal, "NONE") => return None,
        (T::Thermal, "LIGHT") => YELLOW,
        (T::Thermal, "MODERATE") => ORANGE,
        (T::Thermal, "SEVERE") => VERMILLION,
        (T::Thermal, _) => Rgb(0x8c, 0x2d, 0x04),
        (T::Network, "wifi") => Rgb(0xb3, 0xdc, 0xf4),
        (T::Network, "cellular") => Rgb(0xf6, 0xd9, 0x99),
        (T::Network, "ethernet") => Rgb(0x99, 0xc7, 0xe0),
        (T::Network, _) => Rgb(0xf2, 0xbf, 0xa6),
        (T::Screen, "on") => Rgb(0xf9, 0xf3, 0xa8),
        (T::Doze, "light_idle") => Rgb(0xeb, 0xc9, 0xdc),
        (T::Doze, "deep_idle") => PURPLE,
        (T::Idle, "on") => Rgb(0xc8, 0xc8, 0xc8),
        (T::Saver, "on") => Rgb(0x99, 0xd8, 0xc7),
        (T::DataSaver, "on") => Rgb(0xc6, 0xdb, 0xef),
        (T::Memory, "normal") => Rgb(0xf0, 0xf0, 0xf0),
        (T::Memory, "moderate") => Rgb(0xf9, 0xf3, 0xa8),
        (T::Memory, "low") => Rgb(0xf6, 0xd9, 0x99),
        (T::Memory, "critical") => Rgb(0xf2, 0xbf, 0xa6),
        (T::Storage, "low") => Rgb(0xf2, 0xbf, 0xa6),
        (T::Foreground, "launcher") => return None,
        (T::Foreground, _) => APPS[index % APPS.len()],
        _ => return None,
    })
}

/// Light tints for foreground apps, by the app's position in the chart.
const APPS: [Rgb; 4] = [
    Rgb(0xb3, 0xdc, 0xf4),
    Rgb(0x99, 0xd8, 0xc7),
    Rgb(0xeb, 0xc9, 0xdc),
    Rgb(0xf6, 0xd9, 0x99),
];

/// Text on a dark fill is drawn white.
pub fn text_on(fill: Rgb) -> Rgb {
    let luma = 299 * u32::from(fill.0) + 587 * u32::from(fill.1) + 114 * u32::from(fill.2);
    if luma < 128_000 {
        BACKGROUND
    } else {
        TEXT
    }
}

/// Line colours of a sweep chart's series, in order: the Okabe–Ito hues without yellow, which
/// is too pale for a line on white.
pub const SERIES: [Rgb; 6] = [
    BLUE,
    VERMILLION,
    GREEN,
    PURPLE,
    ORANGE,
    Rgb(0x56, 0xb4, 0xe9),
];

/// Viridis at ten even stops: perceptually uniform, readable in grey and under the common
/// colour-vision deficiencies, so a heatmap's darker cell always means a smaller value.
const VIRIDIS: [Rgb; 10] = [
    Rgb(0x44, 0x01, 0x54),
    Rgb(0x48, 0x28, 0x78),
    Rgb(0x3e, 0x49, 0x89),
    Rgb(0x31, 0x68, 0x8e),
    Rgb(0x26, 0x82, 0x8e),
    Rgb(0x1f, 0x9e, 0x89),
    Rgb(0x35, 0xb7, 0x79),
    Rgb(0x6e, 0xce, 0x58),
    Rgb(0xb5, 0xde, 0x2b),
    Rgb(0xfd, 0xe7, 0x25),
];

/// The heatmap colour of `t` per mille of the way from the smallest value to the largest
/// (integer interpolation, so the same on every machine).
pub fn sequential(t: u32) -> Rgb {
    let t = t.min(1000) * (VIRIDIS.len() as u32 - 1);
    let (i, f) = ((t / 1000) as usize, t % 1000);
    let (a, b) = (VIRIDIS[i], VIRIDIS[(i + 1).min(VIRIDIS.len() - 1)]);
    let mix = |x: u8, y: u8| ((u32::from(x) * (1000 - f) + u32::from(y) * f + 500) / 1000) as u8;
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
