//! The scenario file format: serde types that mirror the YAML one to one. These docs are the
//! format reference. Every mapping rejects unknown keys. Quantities carry units: durations
//! (`90s`, `1h30m`, `250ms`), sizes (`2GiB`, `500MB`), bandwidths (`20Mbps`), percentages (`80%`),
//! currents (`200mA`), capacities (`4500mAh`) and temperatures (`25C`); a bare `0` is accepted
//! where the unit does not matter (not for percentages and temperatures).
//!
//! This is the only module that names the YAML library ([`parse_yaml`]); everything else works on
//! these types. Values with more than one form (`screen: on` or `true`, `notification: never` or a
//! mapping, …) have hand-written deserializers in `raw_de` so that errors list what is allowed.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::error::ScenarioError;
use crate::time::SimDuration;
use crate::units::{Bandwidth, Bytes, Celsius, MilliAmpHours, MilliAmps, Percent};

/// The YAML library. Swapping it (for example to `serde_norway`) is this one line.
use serde_yaml as yaml;

/// Parses `src` into the raw scenario, turning the library's error into a located one.
pub(crate) fn parse_yaml(file: &str, src: &str) -> Result<RawScenario, ScenarioError> {
    yaml::from_str::<RawScenario>(src).map_err(|e| {
        let loc = e.location().map(|l| (l.line(), l.column()));
        super::error::from_library_message(file, &e.to_string(), loc)
    })
}

/// Parses `src` as any deserializable type (a sweep file, or a scenario as a generic value tree
/// that sweeps edit), with the same located errors as scenarios. Keeps the YAML library named
/// only here.
pub fn from_yaml<T: serde::de::DeserializeOwned>(
    file: &str,
    src: &str,
) -> Result<T, ScenarioError> {
    yaml::from_str::<T>(src).map_err(|e| {
        let loc = e.location().map(|l| (l.line(), l.column()));
        super::error::from_library_message(file, &e.to_string(), loc)
    })
}

macro_rules! raw_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }
    };
}

/// The whole file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Required. A one-line title.
    pub name: String,
    /// Free text: the scenario's intent and the outcome it expects.
    pub description: Option<String>,
    /// Seed of every random stream (default 0). A command-line override wins.
    pub seed: Option<u64>,
    /// Required. Simulated time span, more than 0 and at most 365d.
    pub duration: SimDuration,
    /// `android-16` (default) or `android-14`.
    pub platform: Option<RawPlatform>,
    /// aconfig feature flags; each defaults to the platform default.
    pub flags: Option<RawFlags>,
    /// Tunable overrides by name (`runtime_min_ui_guarantee_ms: 3600000`): integers, numbers or
    /// booleans. `jobsim tunables` lists them all.
    #[serde(default)]
    pub policy: BTreeMap<String, RawTunable>,
    /// The device; every field is optional.
    pub device: Option<RawDevice>,
    /// Required, at least one. The installed apps.
    #[serde(default)]
    pub apps: Vec<RawApp>,
    /// Job definitions, scheduled from the timeline.
    #[serde(default)]
    pub jobs: Vec<RawJob>,
    /// What happens when: each entry is `at:` plus exactly one action.
    #[serde(default)]
    pub timeline: Vec<RawTimed>,
    /// Generators of many similar jobs.
    #[serde(default)]
    pub workloads: Vec<RawWorkload>,
}

/// Platform release to model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum RawPlatform {
    #[serde(rename = "android-16")]
    Android16,
    #[serde(rename = "android-14")]
    Android14,
}

/// aconfig feature flags.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFlags {
    /// `handle_abandoned_jobs` (default true).
    pub handle_abandoned_jobs: Option<bool>,
    /// The model's switch for JobSchedulerService's force batching of non-ACTIVE apps' ready
    /// regular jobs (`min_ready_non_active_jobs_count`, `max_non_active_job_batch_delay_ms`);
    /// default false.
    pub force_batching: Option<bool>,
    /// `thermal_restrictions_to_fgs_jobs` (default false).
    pub thermal_restrictions_to_fgs_jobs: Option<bool>,
    /// `adjust_quota_default_constants` (default false): QuotaController's new default quota
    /// windows and allowed times (ACTIVE 20 min per 60 min, EXEMPTED 20 min per 40 min,
    /// WORKING_SET window 4 h, FREQUENT 12 h), WORKING_SET EJ limit 15 min, EJ top-app chunk
    /// 5 min and interaction reward 5 s, for every `qc_*` key `policy:` does not set.
    pub adjust_quota_default_constants: Option<bool>,
}

/// A tunable's value: an integer, a number or a boolean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RawTunable(pub crate::policy::TunableValue);

/// A boolean that may also be written `on` or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switch(pub bool);

/// The device. Every field is optional; defaults are the model's.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDevice {
    /// API level, 21..=40 (default 36).
    pub api_level: Option<u32>,
    /// RAM size (default 8GiB).
    pub ram: Option<Bytes>,
    /// `ActivityManager.isLowRamDevice()` (default false).
    pub low_ram: Option<bool>,
    /// `on` (default) or `off` (also `true`/`false`).
    pub screen: Option<Switch>,
    /// `none` (default), `ac`, `usb` or `wireless`.
    pub plugged: Option<RawPlug>,
    /// Initial memory pressure: `normal` (default), `moderate`, `low`, `critical`.
    pub memory: Option<RawMemory>,
    /// Battery model.
    pub battery: Option<RawBattery>,
    /// Thermal model.
    pub thermal: Option<RawThermal>,
    /// The default network (default: typical Wi-Fi). A transport name alone (`wifi`) or a mapping.
    pub network: Option<RawNetworkSpec>,
    /// Data Saver (NetworkPolicyManager's restrict-background): `off` (default) or `on`. While
    /// on, background apps not on the Data Saver allowlist may not use metered networks.
    pub data_saver: Option<Switch>,
    /// Storage volume.
    pub storage: Option<RawStorage>,
    /// Sampling interval of the continuous models, at least 100ms (default 10s).
    pub tick: Option<SimDuration>,
    /// Time from a reboot until the system is up (default 30s).
    pub boot_time: Option<SimDuration>,
}

raw_enum!(
    /// How power is connected: `none`, `ac`, `usb`, `wireless`.
    RawPlug { None, Ac, Usb, Wireless }
);
raw_enum!(
    /// Memory pressure: `normal`, `moderate`, `low`, `critical`.
    RawMemory { Normal, Moderate, Low, Critical }
);
raw_enum!(
    /// Network transport: `none`, `wifi`, `cellular`, `ethernet`.
    RawTransport { None, Wifi, Cellular, Ethernet }
);
raw_enum!(
    /// Cellular signal: `none`, `poor`, `moderate`, `good`, `great`.
    RawSignal { None, Poor, Moderate, Good, Great }
);

/// Battery parameters; each defaults to the model's default.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBattery {
    /// Initial level (default 80%).
    pub level: Option<Percent>,
    /// Capacity, more than 0 (default 4500mAh).
    pub capacity: Option<MilliAmpHours>,
    /// `config_lowBatteryWarningLevel` (default 15%).
    pub low_level: Option<Percent>,
    /// `config_lowBatteryCloseWarningBump` (default 5%).
    pub okay_bump: Option<Percent>,
    /// Automatic battery saver trigger level (default: off).
    pub auto_saver_at: Option<Percent>,
    /// Battery saver on at the start (default false).
    pub saver: Option<bool>,
    /// Charger current (default 2000mA).
    pub charge_current: Option<MilliAmps>,
    /// Level where the charge current starts to taper (default 80%).
    pub taper_from: Option<Percent>,
    /// Current draw of each consumer.
    pub draw: Option<RawDraw>,
}

/// Current draw of each consumer; each defaults to the model's default.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDraw {
    /// Always (default 25mA).
    pub base: Option<MilliAmps>,
    /// Instead of `base` while dozing (default 5mA).
    pub doze_base: Option<MilliAmps>,
    /// Screen on (default 150mA).
    pub screen: Option<MilliAmps>,
    /// An app in the foreground (default 200mA).
    pub foreground_app: Option<MilliAmps>,
    /// Each running job (default 60mA).
    pub per_running_job: Option<MilliAmps>,
    /// While transferring on Wi-Fi (default 120mA).
    pub wifi_transfer: Option<MilliAmps>,
    /// While transferring on cellular (default 280mA).
    pub cellular_transfer: Option<MilliAmps>,
}

/// Thermal model parameters; each defaults to the model's default.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawThermal {
    /// Ambient temperature (default 25C).
    pub ambient: Option<Celsius>,
    /// Initial skin temperature (default 30C).
    pub initial: Option<Celsius>,
    /// Time constant of the first-order model, more than 0 (default 5m).
    pub time_constant: Option<SimDuration>,
    /// Steady-state rise per heat source.
    pub rise: Option<RawRise>,
    /// Trip points; together they must be strictly increasing.
    pub thresholds: Option<RawThresholds>,
    /// How far below a trip point the status steps down again, at least 0C (default 1C).
    pub hysteresis: Option<Celsius>,
}

/// Steady-state temperature rise per heat source (defaults 3C, 5C, 1.5C, 2C, 4C).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRise {
    pub screen: Option<Celsius>,
    pub foreground_app: Option<Celsius>,
    pub per_running_job: Option<Celsius>,
    pub per_transfer: Option<Celsius>,
    pub charging: Option<Celsius>,
}

/// Thermal status trip points (defaults 39C, 41C, 43C, 46C, 49C, 52C).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    pub light: Option<Celsius>,
    pub moderate: Option<Celsius>,
    pub severe: Option<Celsius>,
    pub critical: Option<Celsius>,
    pub emergency: Option<Celsius>,
    pub shutdown: Option<Celsius>,
}

/// A network: a transport name alone (`wifi`, typical values) or a mapping [`RawNetwork`].
#[derive(Debug)]
pub enum RawNetworkSpec {
    Transport(RawTransport),
    Full(RawNetwork),
}

/// A network as a mapping; unspecified fields take the transport's typical values
/// (Wi-Fi 50/10 Mbps unmetered, Ethernet 100/50 Mbps, cellular 20/5 Mbps metered, good signal).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNetwork {
    /// Transport (default `wifi`).
    #[serde(rename = "type")]
    pub transport: Option<RawTransport>,
    /// Downlink bandwidth.
    pub down: Option<Bandwidth>,
    /// Uplink bandwidth.
    pub up: Option<Bandwidth>,
    pub metered: Option<bool>,
    pub roaming: Option<bool>,
    pub congested: Option<bool>,
    /// Cellular signal strength.
    pub signal: Option<RawSignal>,
    /// Random link flaps (only under `device.network`; the timeline uses `network_flaps`).
    pub flaps: Option<RawFlaps>,
}

/// Random link flaps: the link stays up, then down, for exponentially distributed times.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFlaps {
    /// Mean time up, more than 0.
    pub mean_up: SimDuration,
    /// Mean time down, more than 0.
    pub mean_down: SimDuration,
}

/// Storage volume (defaults: 128GiB total, 64GiB free; free at most total).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStorage {
    pub total: Option<Bytes>,
    pub free: Option<Bytes>,
}

raw_enum!(
    /// Standby bucket: `exempted`, `active`, `working_set`, `frequent`, `rare`, `restricted`, `never`.
    RawBucket { Exempted, Active, WorkingSet, Frequent, Rare, Restricted, Never }
);
raw_enum!(
    /// How a runtime permission is denied: `soft` (app-op denied) or `hard` (not granted).
    RawDenial { Soft, Hard }
);

/// One installed app.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawApp {
    /// Required. Package name: letters, digits and `_` in dot-separated parts, at least one dot;
    /// unique.
    pub package: String,
    /// App UID, unique (default 10100 + the app's index in `apps`).
    pub uid: Option<u32>,
    /// `targetSdkVersion` (default 35).
    pub target_sdk: Option<u32>,
    /// Granted runtime permissions. Known: `RUN_USER_INITIATED_JOBS`.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// Denied runtime permissions: name to `soft` or `hard`. A runtime permission listed nowhere
    /// is hard-denied; listing one both here and in `permissions` is an error.
    #[serde(default)]
    pub denied: BTreeMap<String, RawDenial>,
    /// Normal permissions the manifest does NOT declare (all are declared otherwise). Known:
    /// `ACCESS_NETWORK_STATE`, `RECEIVE_BOOT_COMPLETED`.
    #[serde(default)]
    pub undeclared: Vec<String>,
    /// Standby bucket (default `active`).
    pub bucket: Option<RawBucket>,
    /// Background activity restricted by the user (default false).
    pub background_restricted: Option<bool>,
    /// On the power-save allowlist (default false).
    pub power_allowlisted: Option<bool>,
    /// On the Data Saver allowlist, "Unrestricted data" in Settings (NetworkPolicyManager's
    /// restrict-background allowlist; default false): with Data Saver on, its jobs may still use
    /// metered networks in the background.
    pub data_saver_allowlisted: Option<bool>,
    /// Runs a foreground service from the start (default false).
    pub foreground_service: Option<bool>,
    /// Memory pressure the app causes while on top (default `normal`).
    pub foreground_memory: Option<RawMemory>,
    /// UsageStats' estimate of the app's next launch, as a time from the start (default: no
    /// estimate, so prefetch jobs wait until one is given with the `estimated_launch` action).
    pub estimated_launch_in: Option<SimDuration>,
}

raw_enum!(
    /// Job kind: `regular`, `expedited`, `user_initiated`.
    RawKind { Regular, Expedited, UserInitiated }
);
raw_enum!(
    /// Required network: `none`, `any`, `unmetered`, `not_roaming`, `cellular`.
    RawNetworkRequest { None, Any, Unmetered, NotRoaming, Cellular }
);
raw_enum!(
    /// `setPriority`: `min`, `low`, `default`, `high`, `max`.
    RawPriority { Min, Low, Default, High, Max }
);
raw_enum!(
    /// Backoff policy: `linear` or `exponential`.
    RawBackoffPolicy { Linear, Exponential }
);
raw_enum!(
    /// Notification end policy: `detach` or `remove`.
    RawEndPolicy { Detach, Remove }
);
raw_enum!(
    /// What `onStopJob` returns: `reschedule` (true) or `drop` (false).
    RawOnStop { Reschedule, Drop }
);

/// A job: the JobInfo the app builds and how its JobService behaves. Under `workloads[].job`
/// the same fields except `app`, `id` and `work` (the workload supplies them). The builder's
/// own rules (a user-initiated job needs a network, …) are not checked here: the simulation
/// reports them as the `IllegalArgumentException` the app would get.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawJob {
    /// Required in `jobs`. The owning app's package.
    pub app: Option<String>,
    /// Required in `jobs`. Job id (i32); (app, namespace, id) is unique.
    pub id: Option<i32>,
    /// Job namespace (default none).
    pub namespace: Option<String>,
    /// `regular` (default), `expedited` or `user_initiated`.
    pub kind: Option<RawKind>,
    /// Required network: `none` (default), `any`, `unmetered`, `not_roaming`, `cellular`.
    pub network: Option<RawNetworkRequest>,
    /// `setRequiresCharging`.
    pub charging: Option<bool>,
    /// `setRequiresBatteryNotLow`.
    pub battery_not_low: Option<bool>,
    /// `setRequiresStorageNotLow`.
    pub storage_not_low: Option<bool>,
    /// `setRequiresDeviceIdle`.
    pub device_idle: Option<bool>,
    /// `setMinimumLatency`.
    pub delay: Option<SimDuration>,
    /// `setOverrideDeadline`.
    pub deadline: Option<SimDuration>,
    /// `setPeriodic`; clamped like the builder (interval 15m..=365d, flex 5m..=interval).
    pub periodic: Option<RawPeriodic>,
    /// `setPersisted`.
    pub persisted: Option<bool>,
    /// `setPrefetch`.
    pub prefetch: Option<bool>,
    /// `setPriority`; absent means never called.
    pub priority: Option<RawPriority>,
    /// `setBackoffCriteria`; the initial delay is raised to 10s like the builder does.
    pub backoff: Option<RawBackoff>,
    /// `setEstimatedNetworkBytes`.
    pub estimated: Option<RawTransfer>,
    /// `setMinimumNetworkChunkBytes`.
    pub min_chunk: Option<Bytes>,
    /// `addTriggerContentUri`, one entry per call: `{uri: content://…, descendants: bool}`
    /// (`descendants` is `FLAG_NOTIFY_FOR_DESCENDANTS`, default false). The URI must be
    /// `content://authority[/path]`.
    pub trigger_content_uris: Option<Vec<RawTriggerContentUri>>,
    /// `setTriggerContentUpdateDelay`: the job runs this long after the last change (default
    /// 10s; at least 500ms).
    pub trigger_content_update_delay: Option<SimDuration>,
    /// `setTriggerContentMaxDelay`: at most this long after the first change (default 2m; at
    /// least 1s).
    pub trigger_content_max_delay: Option<SimDuration>,
    /// Work done per run (not in workloads, which use `sizes`).
    pub work: Option<RawWork>,
    /// Keeps progress across stops (default false).
    pub checkpoint: Option<bool>,
    /// `setNotification`: `never`, or `{after, id, end_policy}` (defaults `0s`, the job id —
    /// `first_id` in a workload — and `remove`). Default: user-initiated jobs post at once with
    /// the job id and `remove`; other kinds never.
    pub notification: Option<RawNotification>,
    /// `reschedule` (default) or `drop`.
    pub on_stop: Option<RawOnStop>,
    /// Probability in 0..=1 that a run fails (`jobFinished(params, true)`), default 0.
    pub failure_rate: Option<f64>,
    /// Callback latencies.
    pub responses: Option<RawResponses>,
    /// Calls `updateTransferredNetworkBytes` this often while transferring (more than 0).
    pub progress_every: Option<SimDuration>,
    /// How the app runs the work: `job` (default; JobScheduler directly, as `kind` says),
    /// `foreground_service` (a `dataSync` foreground service started at the `schedule` action;
    /// `kind` and the JobInfo constraints do not apply) or `workmanager` (WorkManager: `kind`
    /// `expedited` falls back to a regular job when the app has no EJ quota; `regular` runs as a
    /// regular job; `user_initiated` is a long-running worker: a user-initiated job from API 34,
    /// a foreground-service worker (`setForeground`) before).
    pub strategy: Option<RawStrategy>,
    /// Split the transfer into chunks of at most this many bytes per direction: each run does
    /// one chunk, finishes, and the app (or WorkManager) schedules the next (not with
    /// `foreground_service`).
    pub chunk: Option<Bytes>,
    /// When the work is done, call `schedule()` with the same JobInfo instead of `jobFinished`
    /// (default false): the running job is replaced (`CANCELLED_BY_APP`) and content changes
    /// seen during the run carry over, the pattern the platform documents for content triggers.
    pub schedule_again: Option<bool>,
    /// The app drops its `JobParameters` without ever calling `jobFinished` (default false): the
    /// job holds its slot after its work until its maximum runtime, where Android 16 (flag
    /// `handle_abandoned_jobs`) stops it with `STOP_REASON_TIMEOUT_ABANDONED`.
    pub abandon: Option<bool>,
}

/// `JobInfo.TriggerContentUri`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTriggerContentUri {
    /// Required. The observed `content://` URI.
    pub uri: String,
    /// `FLAG_NOTIFY_FOR_DESCENDANTS`: changes below the URI count too (default false).
    pub descendants: Option<bool>,
}

raw_enum!(
    /// How the app runs its work: `job`, `foreground_service`, `workmanager`.
    RawStrategy { Job, ForegroundService, Workmanager }
);

/// `setPeriodic(interval, flex)`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPeriodic {
    /// Required.
    pub interval: SimDuration,
    /// Default: the interval.
    pub flex: Option<SimDuration>,
}

/// `setBackoffCriteria`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBackoff {
    /// Default `exponential`.
    pub policy: Option<RawBackoffPolicy>,
    /// Default 30s; raised to 10s.
    pub initial: Option<SimDuration>,
}

/// Byte counts in each direction (each default absent).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTransfer {
    pub download: Option<Bytes>,
    pub upload: Option<Bytes>,
}

/// Work to perform: bytes each way and CPU time (each default 0).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWork {
    pub download: Option<Bytes>,
    pub upload: Option<Bytes>,
    pub cpu: Option<SimDuration>,
}

/// `never`, or when and how the app calls `setNotification`.
#[derive(Debug)]
pub enum RawNotification {
    Never,
    Post(RawNotificationSpec),
}

/// `setNotification` details.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNotificationSpec {
    /// Delay after `onStartJob` (default 0s).
    pub after: Option<SimDuration>,
    /// Notification id (default: the job id).
    pub id: Option<i32>,
    /// `detach` or `remove` (default).
    pub end_policy: Option<RawEndPolicy>,
}

/// Callback latencies: each a duration or `hang` (never answers); `cold_start` a duration.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResponses {
    /// Binding once the process exists (default 5ms).
    pub bind: Option<RawResponse>,
    /// `onStartJob` (default 2ms).
    pub start: Option<RawResponse>,
    /// `onStopJob` (default 2ms).
    pub stop: Option<RawResponse>,
    /// Added when the process must be started (default 250ms).
    pub cold_start: Option<SimDuration>,
}

/// A duration, or `hang`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawResponse {
    After(SimDuration),
    Hang,
}

pub use super::raw_timeline::*;
