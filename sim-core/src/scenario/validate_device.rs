//! Validation of the `device` section, and conversions of raw enums shared by the validators.

use super::error::ScenarioError;
use super::raw::{
    self, RawDevice, RawFlaps, RawMemory, RawNetworkSpec, RawPlug, RawSignal, RawTransport,
};
use super::validate::Cx;
use super::DeviceSpec;
use crate::app::StandbyBucket;
use crate::device::{
    BatteryParams, FlapParams, MemoryPressure, NetworkState, PlugType, SignalStrength,
    ThermalParams, Transport,
};
use crate::time::SimDuration;
use crate::units::Bytes;

pub(crate) fn device(cx: &Cx<'_>, d: RawDevice) -> Result<DeviceSpec, ScenarioError> {
    let api_level = d.api_level.unwrap_or(36);
    if !(21..=40).contains(&api_level) {
        return Err(cx.err(
            "device.api_level",
            format!("expected an API level from 21 to 40, found {api_level}"),
        ));
    }
    let mut battery = BatteryParams::default();
    let mut battery_saver = false;
    if let Some(b) = d.battery {
        let set = |slot: &mut f64, v: Option<crate::units::Percent>| {
            if let Some(p) = v {
                *slot = p.value();
            }
        };
        set(&mut battery.initial_level, b.level);
        set(&mut battery.low_level, b.low_level);
        set(&mut battery.okay_bump, b.okay_bump);
        set(&mut battery.taper_from, b.taper_from);
        battery.auto_saver_at = b.auto_saver_at.map(|p| p.value());
        battery_saver = b.saver.unwrap_or(false);
        if let Some(c) = b.capacity {
            if c.0 == 0 {
                return Err(cx.err(
                    "device.battery.capacity",
                    "expected a capacity more than 0mAh, found 0",
                ));
            }
            battery.capacity = c;
        }
        if let Some(c) = b.charge_current {
            battery.charge_current = c;
        }
        if let Some(dr) = b.draw {
            let w = &mut battery.draw;
            for (slot, v) in [
                (&mut w.base, dr.base),
                (&mut w.doze_base, dr.doze_base),
                (&mut w.screen, dr.screen),
                (&mut w.foreground_app, dr.foreground_app),
                (&mut w.per_running_job, dr.per_running_job),
                (&mut w.wifi_transfer, dr.wifi_transfer),
                (&mut w.cellular_transfer, dr.cellular_transfer),
            ] {
                if let Some(v) = v {
                    *slot = v;
                }
            }
        }
    }
    let thermal = thermal(cx, d.thermal.unwrap_or_default())?;
    let (network, flaps) = match &d.network {
        None => (NetworkState::typical(Transport::Wifi), None),
        Some(spec) => {
            let state = network_state(spec);
            let flaps = match spec {
                RawNetworkSpec::Full(n) => n
                    .flaps
                    .as_ref()
                    .map(|f| flap_params(cx, "device.network.flaps", f))
                    .transpose()?,
                RawNetworkSpec::Transport(_) => None,
            };
            (state, flaps)
        }
    };
    let storage = d.storage.unwrap_or_default();
    let storage_total = storage.total.unwrap_or(Bytes(128 << 30));
    let storage_free = storage.free.unwrap_or(Bytes(64 << 30));
    if storage_free > storage_total {
        let field = if storage.free.is_some() {
            "device.storage.free"
        } else {
            "device.storage.total"
        };
        return Err(cx.err(
            field,
            format!("free storage ({storage_free}) exceeds the volume's total ({storage_total})"),
        ));
    }
    let tick = d.tick.unwrap_or(SimDuration::from_secs(10));
    if tick < SimDuration::from_millis(100) {
        return Err(cx.err(
            "device.tick",
            format!("expected a tick of at least 100ms, found {tick}"),
        ));
    }
    Ok(DeviceSpec {
        api_level,
        ram: d.ram.unwrap_or(Bytes(8 << 30)),
        low_ram: d.low_ram.unwrap_or(false),
        memory: memory(d.memory.unwrap_or(RawMemory::Normal)),
        battery,
        plugged: plug(d.plugged.unwrap_or(RawPlug::None)),
        battery_saver,
        thermal,
        network,
        flaps,
        data_saver: d.data_saver.is_some_and(|s| s.0),
        storage_total,
        storage_free,
        screen_on: d.screen.is_none_or(|s| s.0),
        tick,
        boot_time: d.boot_time.unwrap_or(SimDuration::from_secs(30)),
    })
}

fn thermal(cx: &Cx<'_>, t: raw::RawThermal) -> Result<ThermalParams, ScenarioError> {
    let mut p = ThermalParams::default();
    if let Some(v) = t.ambient {
        p.ambient_c = v.0;
    }
    if let Some(v) = t.initial {
        p.initial_c = v.0;
    }
    if let Some(tc) = t.time_constant {
        if tc == SimDuration::ZERO {
            return Err(cx.err(
                "device.thermal.time_constant",
                "expected a time constant more than 0s, found 0s",
            ));
        }
        p.time_constant_ms = tc.as_millis();
    }
    if let Some(r) = t.rise {
        let rs = &mut p.rises;
        for (slot, v) in [
            (&mut rs.screen, r.screen),
            (&mut rs.foreground_app, r.foreground_app),
            (&mut rs.per_running_job, r.per_running_job),
            (&mut rs.per_transfer, r.per_transfer),
            (&mut rs.charging, r.charging),
        ] {
            if let Some(v) = v {
                *slot = v.0;
            }
        }
    }
    if let Some(th) = t.thresholds {
        let given = [
            th.light,
            th.moderate,
            th.severe,
            th.critical,
            th.emergency,
            th.shutdown,
        ];
        for (slot, v) in p.thresholds_c.iter_mut().zip(given) {
            if let Some(v) = v {
                *slot = v.0;
            }
        }
    }
    const NAMES: [&str; 6] = [
        "light",
        "moderate",
        "severe",
        "critical",
        "emergency",
        "shutdown",
    ];
    for (i, pair) in p.thresholds_c.windows(2).enumerate() {
        if let ([lo, hi], Some(lo_name), Some(hi_name)) = (pair, NAMES.get(i), NAMES.get(i + 1)) {
            if hi <= lo {
                return Err(cx
                    .err(
                        &format!("device.thermal.thresholds.{hi_name}"),
                        format!("thresholds must be strictly increasing, but `{hi_name}` ({hi}C) is not above `{lo_name}` ({lo}C)"),
                    )
                    .with_help("unset thresholds keep their defaults: 39C, 41C, 43C, 46C, 49C, 52C"));
            }
        }
    }
    if let Some(h) = t.hysteresis {
        if h.0 < 0.0 {
            return Err(cx.err(
                "device.thermal.hysteresis",
                format!("expected a hysteresis of at least 0C, found {h}"),
            ));
        }
        p.hysteresis_c = h.0;
    }
    Ok(p)
}

/// The network a spec describes (flaps are handled by the caller).
pub(crate) fn network_state(spec: &RawNetworkSpec) -> NetworkState {
    match spec {
        RawNetworkSpec::Transport(t) => NetworkState::typical(transport(*t)),
        RawNetworkSpec::Full(n) => {
            let mut s = NetworkState::typical(transport(n.transport.unwrap_or(RawTransport::Wifi)));
            if let Some(v) = n.down {
                s.down = v;
            }
            if let Some(v) = n.up {
                s.up = v;
            }
            s.metered = n.metered.unwrap_or(s.metered);
            s.roaming = n.roaming.unwrap_or(s.roaming);
            s.congested = n.congested.unwrap_or(s.congested);
            if let Some(sig) = n.signal {
                s.signal = signal(sig);
            }
            s
        }
    }
}

pub(crate) fn flap_params(
    cx: &Cx<'_>,
    field: &str,
    f: &RawFlaps,
) -> Result<FlapParams, ScenarioError> {
    for (name, v) in [("mean_up", f.mean_up), ("mean_down", f.mean_down)] {
        if v == SimDuration::ZERO {
            return Err(cx.err(
                &format!("{field}.{name}"),
                "expected a mean more than 0s, found 0s",
            ));
        }
    }
    Ok(FlapParams {
        mean_up_ms: f.mean_up.as_millis(),
        mean_down_ms: f.mean_down.as_millis(),
    })
}

pub(crate) fn memory(m: RawMemory) -> MemoryPressure {
    match m {
        RawMemory::Normal => MemoryPressure::Normal,
        RawMemory::Moderate => MemoryPressure::Moderate,
        RawMemory::Low => MemoryPressure::Low,
        RawMemory::Critical => MemoryPressure::Critical,
    }
}

pub(crate) fn plug(p: RawPlug) -> Option<PlugType> {
    match p {
        RawPlug::None => None,
        RawPlug::Ac => Some(PlugType::Ac),
        RawPlug::Usb => Some(PlugType::Usb),
        RawPlug::Wireless => Some(PlugType::Wireless),
    }
}

fn transport(t: RawTransport) -> Transport {
    match t {
        RawTransport::None => Transport::None,
        RawTransport::Wifi => Transport::Wifi,
        RawTransport::Cellular => Transport::Cellular,
        RawTransport::Ethernet => Transport::Ethernet,
    }
}

fn signal(s: RawSignal) -> SignalStrength {
    match s {
        RawSignal::None => SignalStrength::None,
        RawSignal::Poor => SignalStrength::Poor,
        RawSignal::Moderate => SignalStrength::Moderate,
        RawSignal::Good => SignalStrength::Good,
        RawSignal::Great => SignalStrength::Great,
    }
}

pub(crate) fn bucket(b: raw::RawBucket) -> StandbyBucket {
    use raw::RawBucket as B;
    match b {
        B::Exempted => StandbyBucket::Exempted,
        B::Active => StandbyBucket::Active,
        B::WorkingSet => StandbyBucket::WorkingSet,
        B::Frequent => StandbyBucket::Frequent,
        B::Rare => StandbyBucket::Rare,
        B::Restricted => StandbyBucket::Restricted,
        B::Never => StandbyBucket::Never,
    }
}
