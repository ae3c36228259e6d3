//! The chart's fixed colours. Job states use the Okabe–Ito palette, which stays distinguishable
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
