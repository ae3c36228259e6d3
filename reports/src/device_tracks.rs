//! Device tracks: the device's state over time as bands (one value per span) and the battery
//! level as points, read from the device records of a trace. Kept apart from drawing so the
//! chart and any other rendering see the same spans.

use serde::Serialize;
use sim_core::engine::Stamped;
use sim_core::model::Record;
use sim_core::time::SimTime;

/// Which device track a band belongs to, top to bottom as the chart draws them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TrackKind {
    Thermal,
    Network,
    Screen,
    Doze,
    Idle,
    Saver,
    DataSaver,
    Memory,
    Storage,
    Foreground,
}

impl TrackKind {
    pub const ALL: [TrackKind; 10] = [
        Self::Thermal,
        Self::Network,
        Self::Screen,
        Self::Doze,
        Self::Idle,
        Self::Saver,
        Self::DataSaver,
        Self::Memory,
        Self::Storage,
        Self::Foreground,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Thermal => "thermal",
            Self::Network => "network",
            Self::Screen => "screen",
            Self::Doze => "doze",
            Self::Idle => "device idle",
            Self::Saver => "battery saver",
            Self::DataSaver => "data saver",
            Self::Memory => "memory",
            Self::Storage => "storage",
            Self::Foreground => "foreground",
        }
    }
}

/// One span of one track in one state. `value` is the state's key (`wifi`, `SEVERE`, `on`...),
/// `label` the short text drawn in the band, `detail` the full tooltip text.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub start: SimTime,
    pub end: SimTime,
    pub value: String,
    pub label: String,
    pub detail: String,
}

/// A battery reading.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatteryPoint {
    pub at: SimTime,
    pub level: u32,
    pub charging: bool,
}

/// The whole device picture of a trace.
#[derive(Clone, Debug, Default)]
pub struct DeviceTracks {
    /// Bands per track, in [`TrackKind::ALL`] order.
    pub tracks: Vec<(TrackKind, Vec<Band>)>,
    pub battery: Vec<BatteryPoint>,
    /// Spans while the battery charges (from `power` and `battery_level` records).
    pub charging: Vec<(SimTime, SimTime)>,
}

/// The snake_case name serde gives an enum value, so labels match the trace's vocabulary.
pub fn snake<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::from("?"),
    }
}

/// Reads the device records. Every track ends at `end`.
pub fn device_tracks(records: &[Stamped<Record>], end: SimTime) -> DeviceTracks {
    let mut open: Vec<(TrackKind, Vec<Band>)> =
        TrackKind::ALL.iter().map(|k| (*k, Vec::new())).collect();
    let mut battery = Vec::new();
    let mut charging: Vec<(SimTime, SimTime)> = Vec::new();
    let mut charging_since: Option<SimTime> = None;
    for rec in records {
        let t = rec.t_ms;
        let now_charging = match &rec.record {
            Record::Power { charging, .. } | Record::BatteryLevel { charging, .. } => {
                Some(*charging)
            }
            _ => None,
        };
        match (now_charging, charging_since) {
            (Some(true), None) => charging_since = Some(t),
            (Some(false), Some(since)) => {
                charging.push((since, t));
                charging_since = None;
            }
            _ => {}
        }
        let Some((kind, value, label, detail)) = band_of(&rec.record) else {
            if let Record::BatteryLevel {
                level, charging, ..
            } = &rec.record
            {
                battery.push(BatteryPoint {
                    at: t,
                    level: *level,
                    charging: *charging,
                });
            }
            continue;
        };
        if let Some((_, bands)) = open.iter_mut().find(|(k, _)| *k == kind) {
            set(bands, t, value, label, detail);
        }
    }
    for (_, bands) in &mut open {
        if let Some(last) = bands.last_mut() {
            last.end = end;
        }
        bands.retain(|b| b.end > b.start);
    }
    if let Some(since) = charging_since {
        charging.push((since, end));
    }
    charging.retain(|(a, b)| b > a);
    DeviceTracks {
        tracks: open,
        battery,
        charging,
    }
}

/// Starts a new band at `t` unless the state is unchanged.
fn set(bands: &mut Vec<Band>, t: SimTime, value: String, label: String, detail: String) {
    if let Some(last) = bands.last_mut() {
        if last.value == value && last.label == label {
            last.detail = detail;
            return;
        }
        last.end = t;
    }
    bands.push(Band {
        start: t,
        end: t,
        value,
        label,
        detail,
    });
}

/// The track, state key, label and tooltip a device record sets, if it sets one.
fn band_of(rec: &Record) -> Option<(TrackKind, String, String, String)> {
    let on_off = |on: bool| if on { "on" } else { "off" }.to_string();
    Some(match rec {
        Record::Thermal {
            status,
            temperature_c,
            overridden,
            ..
        } => {
            let over = if *overridden { ", overridden" } else { "" };
            (
                TrackKind::Thermal,
                (*status).to_string(),
                format!("{status} {temperature_c:.1}°C"),
                format!("thermal {status}, {temperature_c:.1} °C{over}"),
            )
        }
        Record::Network {
            transport,
            metered,
            down_kbps,
            up_kbps,
            congested,
            signal,
            ..
        } => {
            let tr = snake(transport);
            let label = if tr == "none" {
                "no network".to_string()
            } else {
                format!("{tr} {}/{}", mbps(*down_kbps), mbps(*up_kbps))
            };
            let detail = format!(
                "network {tr}, {} kbps down / {} kbps up{}{}, signal {}",
                down_kbps,
                up_kbps,
                if *metered { ", metered" } else { "" },
                if *congested { ", congested" } else { "" },
                snake(signal)
            );
            (TrackKind::Network, tr, label, detail)
        }
        Record::Screen { on, .. } => (
            TrackKind::Screen,
            on_off(*on),
            format!("screen {}", on_off(*on)),
            format!("screen {}", on_off(*on)),
        ),
        Record::Doze { state, forced, .. } => {
            let s = snake(state);
            let forced = if *forced { " (forced)" } else { "" };
            (
                TrackKind::Doze,
                s.clone(),
                s.clone(),
                format!("doze {s}{forced}"),
            )
        }
        Record::DeviceIdle { idle, .. } => (
            TrackKind::Idle,
            on_off(*idle),
            if *idle { "idle" } else { "" }.to_string(),
            format!("device idle: {}", on_off(*idle)),
        ),
        Record::BatterySaver { on, .. } => (
            TrackKind::Saver,
            on_off(*on),
            if *on { "saver" } else { "" }.to_string(),
            format!("battery saver {}", on_off(*on)),
        ),
        Record::DataSaver { on } => (
            TrackKind::DataSaver,
            on_off(*on),
            if *on { "data saver" } else { "" }.to_string(),
            format!(
                "Data Saver {}: background apps may not use metered networks",
                on_off(*on)
            ),
        ),
        Record::MemoryPressure {
            level, max_running, ..
        } => {
            let l = snake(level);
            (
                TrackKind::Memory,
                l.clone(),
                format!("{l}, {max_running} slots"),
                format!("memory {l}: at most {max_running} running jobs"),
            )
        }
        Record::StorageLow {
            low, free_bytes, ..
        } => (
            TrackKind::Storage,
            if *low { "low" } else { "ok" }.to_string(),
            if *low { "storage low" } else { "" }.to_string(),
            format!(
                "storage {}, {} free",
                if *low { "low" } else { "ok" },
                sim_core::units::Bytes(*free_bytes).human()
            ),
        ),
        Record::Foreground { app, .. } => {
            let name = app.as_deref().unwrap_or("launcher").to_string();
            (
                TrackKind::Foreground,
                name.clone(),
                name.clone(),
                format!("foreground: {name}"),
            )
        }
        _ => return None,
    })
}

/// Bandwidth in Mbps for a band label (`30M`, `0.5M`).
fn mbps(kbps: u64) -> String {
    if kbps >= 1000 && kbps.is_multiple_of(1000) {
        format!("{}M", kbps / 1000)
    } else if kbps >= 1000 {
        format!("{:.1}M", kbps as f64 / 1000.0)
    } else {
        format!("{kbps}k")
    }
}
