//! Raw scenario → typed [`Scenario`]: every name resolved, every cross-field rule checked, every
//! error located. Jobs and workloads are in `validate_jobs`, the timeline in `validate_actions`.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, Parser};

use super::error::ScenarioError;
use super::raw::{
    self, RawApp, RawDenial, RawDevice, RawFlaps, RawMemory, RawNetworkSpec, RawPlatform, RawPlug,
    RawScenario, RawSignal, RawTransport,
};
use super::{validate_actions, validate_jobs, AppSpec, DeviceSpec, Scenario};
use crate::app::{AppIdx, PermissionState, StandbyBucket};
use crate::device::{
    BatteryParams, FlapParams, MemoryPressure, NetworkState, PlugType, SignalStrength, ThermalParams,
    Transport,
};
use crate::policy::{Flags, Platform, Policy, Tunables};
use crate::time::SimDuration;
use crate::units::Bytes;

/// Largest accepted file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most aliases (`*name`) accepted in one document.
pub const MAX_ALIASES: usize = 10_000;
/// Deepest accepted nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 64;
/// Longest scenario.
pub const MAX_DURATION: SimDuration = SimDuration::from_days(365);

const RUNTIME_PERMISSIONS: [&str; 1] = ["RUN_USER_INITIATED_JOBS"];
const NORMAL_PERMISSIONS: [&str; 2] = ["ACCESS_NETWORK_STATE", "RECEIVE_BOOT_COMPLETED"];

/// Parses and validates a scenario. `file` is only used in error messages.
pub fn parse_scenario(file: &str, src: &str) -> Result<Scenario, ScenarioError> {
    parse_scenario_with(file, src, None)
}

/// As [`parse_scenario`], with a seed that replaces the file's `seed`.
pub fn parse_scenario_with(file: &str, src: &str, seed_override: Option<u64>) -> Result<Scenario, ScenarioError> {
    if src.len() > MAX_FILE_BYTES {
        return Err(ScenarioError::whole_file(
            file,
            format!("the scenario is {} bytes; at most {MAX_FILE_BYTES} bytes (10 MiB) are accepted", src.len()),
        ));
    }
    check_shape(file, src)?;
    let raw = raw::parse_yaml(file, src)?;
    build(&Cx { file, src }, raw, seed_override)
}

/// The file and its text, for locating errors.
pub(crate) struct Cx<'a> {
    pub file: &'a str,
    pub src: &'a str,
}

impl Cx<'_> {
    /// An error at the value of `field`.
    pub fn err(&self, field: &str, message: impl Into<String>) -> ScenarioError {
        ScenarioError::at(self.file, self.src, field, false, message)
    }

    /// An error at the key of `field`.
    pub fn key_err(&self, field: &str, message: impl Into<String>) -> ScenarioError {
        ScenarioError::at(self.file, self.src, field, true, message)
    }
}

/// The apps by package, for resolving names.
pub(crate) struct AppIndex {
    by_package: BTreeMap<String, AppIdx>,
    packages: Vec<String>,
}

impl AppIndex {
    /// Resolves `package` named at `field`.
    pub fn get(&self, cx: &Cx<'_>, field: &str, package: &str) -> Result<AppIdx, ScenarioError> {
        self.by_package.get(package).copied().ok_or_else(|| {
            cx.err(
                field,
                format!("unknown app `{package}`; apps in this scenario: {}", self.packages.join(", ")),
            )
        })
    }
}

/// Cheap structural checks before deserializing: not empty, a mapping at the top, and no alias
/// bombs or absurd nesting. Syntax errors are left to the deserializer, which reports them.
fn check_shape(file: &str, src: &str) -> Result<(), ScenarioError> {
    let empty = || {
        ScenarioError::whole_file(
            file,
            "the scenario is empty; expected a mapping with at least `name`, `duration` and `apps`",
        )
    };
    let mut parser = Parser::new_from_str(src);
    let (mut depth, mut aliases, mut seen_top) = (0usize, 0usize, false);
    while let Ok((event, mark)) = parser.next_token() {
        let at = |message: String| ScenarioError {
            file: file.to_string(),
            line: Some(mark.line().max(1)),
            column: Some(mark.col().saturating_add(1)),
            field: String::new(),
            message,
            help: None,
        };
        let top = !seen_top && depth == 0;
        match event {
            Event::StreamEnd | Event::DocumentEnd if !seen_top => return Err(empty()),
            Event::StreamEnd | Event::DocumentEnd => return Ok(()),
            Event::Scalar(ref value, _, _, _) if top => {
                let blank = matches!(value.trim(), "" | "~" | "null" | "Null" | "NULL");
                return Err(if blank {
                    empty()
                } else {
                    at("the scenario must be a mapping (`name: ...`, `duration: ...`), found a scalar".into())
                });
            }
            Event::SequenceStart(..) if top => {
                return Err(at("the scenario must be a mapping (`name: ...`, `duration: ...`), found a list".into()));
            }
            Event::Alias(_) if top => {
                return Err(at("the scenario must be a mapping, found an alias".into()));
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                seen_top = true;
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(at(format!("the document nests deeper than {MAX_DEPTH} levels")));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            Event::Alias(_) => {
                aliases += 1;
                if aliases > MAX_ALIASES {
                    return Err(at(format!("the document uses more than {MAX_ALIASES} aliases")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn build(cx: &Cx<'_>, raw: RawScenario, seed_override: Option<u64>) -> Result<Scenario, ScenarioError> {
    if raw.name.trim().is_empty() {
        return Err(cx.err("name", "the name is empty; expected a one-line title"));
    }
    let duration = raw.duration;
    if duration == SimDuration::ZERO || duration > MAX_DURATION {
        return Err(cx.err("duration", format!("expected a duration more than 0s and at most 365d, found {duration}")));
    }
    let policy = policy(cx, &raw)?;
    let device = device(cx, raw.device.unwrap_or_default())?;
    if raw.apps.is_empty() {
        return Err(cx.err("apps", "a scenario needs at least one app under `apps:`"));
    }
    let (apps, index) = apps(cx, &raw.apps)?;
    let (jobs, job_keys) = validate_jobs::jobs(cx, &index, &raw.jobs)?;
    let timeline = validate_actions::timeline(cx, &index, &job_keys, &device, duration, raw.timeline)?;
    let workloads = validate_jobs::workloads(cx, &index, &job_keys, duration, &raw.workloads)?;
    Ok(Scenario {
        name: raw.name,
        description: raw.description.unwrap_or_default(),
        seed: seed_override.or(raw.seed).unwrap_or(0),
        duration,
        policy,
        device,
        apps,
        jobs,
        timeline,
        workloads,
    })
}

fn policy(cx: &Cx<'_>, raw: &RawScenario) -> Result<Policy, ScenarioError> {
    let mut tunables = Tunables::default();
    for (name, value) in &raw.policy {
        let field = format!("policy.{name}");
        tunables.set(name, value.0).map_err(|e| match e {
            crate::policy::TunableError::Unknown(_) => cx.key_err(&field, e.to_string()),
            crate::policy::TunableError::Type(..) => cx.err(&field, format!("{e}, found {}", value.0)),
        })?;
    }
    tunables.finish();
    let defaults = Flags::default();
    let flags = raw.flags.as_ref().map_or(defaults, |f| Flags {
        handle_abandoned_jobs: f.handle_abandoned_jobs.unwrap_or(defaults.handle_abandoned_jobs),
        thermal_restrictions_to_fgs_jobs: f
            .thermal_restrictions_to_fgs_jobs
            .unwrap_or(defaults.thermal_restrictions_to_fgs_jobs),
    });
    let platform = match raw.platform {
        None | Some(RawPlatform::Android16) => Platform::Android16,
        Some(RawPlatform::Android14) => Platform::Android14,
    };
    Ok(Policy { tunables, platform, flags })
}

fn device(cx: &Cx<'_>, d: RawDevice) -> Result<DeviceSpec, ScenarioError> {
    let api_level = d.api_level.unwrap_or(36);
    if !(21..=40).contains(&api_level) {
        return Err(cx.err("device.api_level", format!("expected an API level from 21 to 40, found {api_level}")));
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
                return Err(cx.err("device.battery.capacity", "expected a capacity more than 0mAh, found 0"));
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
                RawNetworkSpec::Full(n) => n.flaps.as_ref().map(|f| flap_params(cx, "device.network.flaps", f)).transpose()?,
                RawNetworkSpec::Transport(_) => None,
            };
            (state, flaps)
        }
    };
    let storage = d.storage.unwrap_or_default();
    let storage_total = storage.total.unwrap_or(Bytes(128 << 30));
    let storage_free = storage.free.unwrap_or(Bytes(64 << 30));
    if storage_free > storage_total {
        let field = if storage.free.is_some() { "device.storage.free" } else { "device.storage.total" };
        return Err(cx.err(
            field,
            format!("free storage ({storage_free}) exceeds the volume's total ({storage_total})"),
        ));
    }
    let tick = d.tick.unwrap_or(SimDuration::from_secs(10));
    if tick < SimDuration::from_millis(100) {
        return Err(cx.err("device.tick", format!("expected a tick of at least 100ms, found {tick}")));
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
            return Err(cx.err("device.thermal.time_constant", "expected a time constant more than 0s, found 0s"));
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
        let given = [th.light, th.moderate, th.severe, th.critical, th.emergency, th.shutdown];
        for (slot, v) in p.thresholds_c.iter_mut().zip(given) {
            if let Some(v) = v {
                *slot = v.0;
            }
        }
    }
    const NAMES: [&str; 6] = ["light", "moderate", "severe", "critical", "emergency", "shutdown"];
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
            return Err(cx.err("device.thermal.hysteresis", format!("expected a hysteresis of at least 0C, found {h}")));
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

pub(crate) fn flap_params(cx: &Cx<'_>, field: &str, f: &RawFlaps) -> Result<FlapParams, ScenarioError> {
    for (name, v) in [("mean_up", f.mean_up), ("mean_down", f.mean_down)] {
        if v == SimDuration::ZERO {
            return Err(cx.err(&format!("{field}.{name}"), "expected a mean more than 0s, found 0s"));
        }
    }
    Ok(FlapParams { mean_up_ms: f.mean_up.as_millis(), mean_down_ms: f.mean_down.as_millis() })
}

fn apps(cx: &Cx<'_>, raw: &[RawApp]) -> Result<(Vec<AppSpec>, AppIndex), ScenarioError> {
    let mut by_package: BTreeMap<String, AppIdx> = BTreeMap::new();
    let mut uids: BTreeMap<u32, usize> = BTreeMap::new();
    let mut specs = Vec::with_capacity(raw.len());
    for (i, a) in raw.iter().enumerate() {
        let f = |s: &str| format!("apps[{i}].{s}");
        if !is_package_name(&a.package) {
            return Err(cx.err(
                &f("package"),
                format!("`{}` is not a package name; expected dot-separated parts of letters, digits and `_`, such as com.example.app", a.package),
            ));
        }
        if let Some(first) = by_package.insert(a.package.clone(), i) {
            return Err(cx.err(&f("package"), format!("package `{}` is listed twice (first at apps[{first}])", a.package)));
        }
        let default_uid = u32::try_from(i).ok().and_then(|i| 10_100u32.checked_add(i)).unwrap_or(u32::MAX);
        let uid = a.uid.unwrap_or(default_uid);
        if let Some(first) = uids.insert(uid, i) {
            return Err(cx.err(&f("uid"), format!("uid {uid} is also the uid of apps[{first}]; uids must be unique"))
                .with_help("apps without `uid` get 10100 + their index in `apps`"));
        }
        for (j, p) in a.permissions.iter().enumerate() {
            if !RUNTIME_PERMISSIONS.contains(&p.as_str()) {
                return Err(cx.err(
                    &format!("apps[{i}].permissions[{j}]"),
                    format!("unknown runtime permission `{p}`; known: {}", RUNTIME_PERMISSIONS.join(", ")),
                ));
            }
        }
        for name in a.denied.keys() {
            let field = format!("apps[{i}].denied.{name}");
            if !RUNTIME_PERMISSIONS.contains(&name.as_str()) {
                return Err(cx.key_err(
                    &field,
                    format!("unknown runtime permission `{name}`; known: {}", RUNTIME_PERMISSIONS.join(", ")),
                ));
            }
            if a.permissions.contains(name) {
                return Err(cx.key_err(&field, format!("`{name}` is both granted (in `permissions`) and denied")));
            }
        }
        for (j, p) in a.undeclared.iter().enumerate() {
            if !NORMAL_PERMISSIONS.contains(&p.as_str()) {
                return Err(cx.err(
                    &format!("apps[{i}].undeclared[{j}]"),
                    format!("unknown normal permission `{p}`; known: {}", NORMAL_PERMISSIONS.join(", ")),
                ));
            }
        }
        let uij = "RUN_USER_INITIATED_JOBS";
        let run_user_initiated_jobs = if a.permissions.iter().any(|p| p == uij) {
            PermissionState::Granted
        } else if a.denied.get(uij) == Some(&RawDenial::Soft) {
            PermissionState::SoftDenied
        } else {
            PermissionState::HardDenied
        };
        let declared = |p: &str| !a.undeclared.iter().any(|u| u == p);
        specs.push(AppSpec {
            package: a.package.clone(),
            uid,
            target_sdk: a.target_sdk.unwrap_or(35),
            run_user_initiated_jobs,
            access_network_state: declared("ACCESS_NETWORK_STATE"),
            receive_boot_completed: declared("RECEIVE_BOOT_COMPLETED"),
            bucket: bucket(a.bucket.unwrap_or(raw::RawBucket::Active)),
            background_restricted: a.background_restricted.unwrap_or(false),
            power_allowlisted: a.power_allowlisted.unwrap_or(false),
            foreground_service: a.foreground_service.unwrap_or(false),
            foreground_memory: memory(a.foreground_memory.unwrap_or(RawMemory::Normal)),
        });
    }
    let packages = raw.iter().map(|a| a.package.clone()).collect();
    Ok((specs, AppIndex { by_package, packages }))
}

/// Dot-separated parts of ASCII letters, digits and `_`, at least two parts, starting with a letter.
fn is_package_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.contains('.')
        && s.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
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
