//! The scenario format, continued: timeline entries and workloads (re-exported by `raw`).

use schemars::JsonSchema;
use serde::Deserialize;

use super::raw::{
    RawBucket, RawFlaps, RawJob, RawMemory, RawNetworkSpec, RawPlug, RawWork, Switch,
};
use crate::time::SimDuration;
use crate::units::{Bytes, Celsius, Percent};

/// One timeline entry: `at` plus exactly one action key. Entries need not be sorted; they run
/// in order of `at`, ties in file order. `at` is at most the scenario's duration.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["at"], "minProperties" = 2, "maxProperties" = 2))]
pub struct RawTimed {
    /// Required. When, from the start.
    pub at: Option<SimDuration>,
    /// Brings an app to the foreground: its package, or `launcher` (no app on top).
    pub foreground: Option<String>,
    /// `JobScheduler.schedule` of a job from `jobs`: `{app, job, namespace?}`.
    pub schedule: Option<RawJobRef>,
    /// `JobScheduler.enqueue` of a job from `jobs` with a work item: `{app, job, namespace?, work}`.
    pub enqueue: Option<RawEnqueue>,
    /// `JobScheduler.cancel(id)`: `{app, job}`; the id need not be defined.
    pub cancel: Option<RawJobRef>,
    /// `JobScheduler.cancelAll()` of a package.
    pub cancel_all: Option<String>,
    /// `on` or `off` (also `true`/`false`).
    pub screen: Option<Switch>,
    /// `none`, `ac`, `usb` or `wireless`.
    pub plug: Option<RawPlug>,
    /// `cmd thermalservice override-status`: a status (`none` … `shutdown`), or `clear`.
    pub thermal_override: Option<RawThermalOverride>,
    /// Sets the skin temperature.
    pub temperature: Option<Celsius>,
    /// Changes the default network: a transport name or a mapping like `device.network`
    /// (without `flaps`).
    pub network: Option<RawNetworkSpec>,
    /// Random link flaps `{mean_up, mean_down}`, or `off`.
    pub network_flaps: Option<RawFlapsAction>,
    /// Scripted memory pressure: `normal`, `moderate`, `low`, `critical`.
    pub memory: Option<RawMemory>,
    /// Manual battery saver: `on` or `off`.
    pub battery_saver: Option<Switch>,
    /// Sets the battery level.
    pub battery_level: Option<Percent>,
    /// `dumpsys deviceidle force-idle`: `light`, `deep`, or `unforce`.
    pub doze: Option<RawDoze>,
    /// Sets free storage (at most the volume's total).
    pub storage_free: Option<Bytes>,
    /// A runtime permission change: `{app, RUN_USER_INITIATED_JOBS: granted|soft_denied|hard_denied}`.
    pub permission: Option<RawPermissionChange>,
    /// `{app, bucket}`.
    pub bucket: Option<RawBucketChange>,
    /// `{app, on}`.
    pub background_restricted: Option<RawAppSwitch>,
    /// The app starts or stops its own foreground service: `{app, on}`.
    pub foreground_service: Option<RawAppSwitch>,
    /// A background-activity-start exemption: `{app, for: <duration>}`.
    pub bal_exemption: Option<RawBalExemption>,
    /// Data Saver (restrict background data): `on` or `off`.
    pub data_saver: Option<Switch>,
    /// DeviceIdleController's temporary power-save allowlist, as a high-priority FCM message
    /// grants: `{app, for: <duration>}`. Exempts the app's jobs from battery saver and background
    /// restriction while it lasts, and its EJs from EJ quota until 3 min after it ends
    /// (`qc_ej_grace_period_temp_allowlist_ms`).
    pub temp_allowlist: Option<RawBalExemption>,
    /// UsageStats changes its estimate of the app's next launch (PrefetchController listens):
    /// `{app, in: <duration from now>}`.
    pub estimated_launch: Option<RawEstimatedLaunch>,
    /// The user presses Stop in the Task Manager for a package.
    pub task_manager_stop: Option<String>,
    /// Settings → Force stop of a package.
    pub force_stop: Option<String>,
    /// The package is uninstalled: its jobs are cancelled (USER / UNINSTALL) and no later entry
    /// may name it.
    pub uninstall: Option<String>,
    /// The low-memory killer kills a package's process.
    pub lmk_kill: Option<String>,
    /// Reboots the device: `{}` or `true`.
    pub reboot: Option<RawReboot>,
    /// `cmd jobscheduler run -f`: `{app, job}`.
    pub force_run: Option<RawJobRef>,
    /// `cmd jobscheduler timeout`: `{app, job}`.
    pub force_timeout: Option<RawJobRef>,
    /// `ContentResolver.notifyChange` of a `content://authority[/path]` URI: content-trigger
    /// jobs observing it (or an ancestor with `descendants`, or a descendant of it) see a change.
    pub content_change: Option<String>,
}

/// Every action key of a timeline entry, in declaration order (for error messages).
pub const ACTION_KEYS: [&str; 32] = [
    "foreground",
    "schedule",
    "enqueue",
    "cancel",
    "cancel_all",
    "screen",
    "plug",
    "thermal_override",
    "temperature",
    "network",
    "network_flaps",
    "memory",
    "battery_saver",
    "battery_level",
    "doze",
    "storage_free",
    "permission",
    "bucket",
    "background_restricted",
    "foreground_service",
    "bal_exemption",
    "data_saver",
    "temp_allowlist",
    "estimated_launch",
    "task_manager_stop",
    "force_stop",
    "uninstall",
    "lmk_kill",
    "reboot",
    "force_run",
    "force_timeout",
    "content_change",
];

/// A job of an app by id.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawJobRef {
    /// Required. Package.
    pub app: String,
    /// Required. Job id.
    pub job: i32,
    /// Job namespace (default none); only for `schedule` (an error elsewhere).
    pub namespace: Option<String>,
}

/// `enqueue`: a job reference plus the work item.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEnqueue {
    /// Required. Package.
    pub app: String,
    /// Required. Job id.
    pub job: i32,
    /// Job namespace (default none).
    pub namespace: Option<String>,
    /// The work item's work (default nothing).
    pub work: Option<RawWork>,
}

/// Thermal override: `none`, `light`, `moderate`, `severe`, `critical`, `emergency`,
/// `shutdown`, or `clear` (removes the override).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawThermalOverride {
    None,
    Light,
    Moderate,
    Severe,
    Critical,
    Emergency,
    Shutdown,
    Clear,
}

/// Forced doze: `light`, `deep` or `unforce`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawDoze {
    Light,
    Deep,
    Unforce,
}

/// `network_flaps`: parameters, or `off`.
#[derive(Debug)]
pub enum RawFlapsAction {
    Off,
    On(RawFlaps),
}

/// A permission state: `granted`, `soft_denied`, `hard_denied`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawPermissionState {
    Granted,
    SoftDenied,
    HardDenied,
}

/// `permission`: the app and the new state of each named runtime permission.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPermissionChange {
    /// Required. Package.
    pub app: String,
    /// Required (the only modeled runtime permission).
    #[serde(rename = "RUN_USER_INITIATED_JOBS")]
    pub run_user_initiated_jobs: Option<RawPermissionState>,
}

/// `bucket`: `{app, bucket}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBucketChange {
    pub app: String,
    pub bucket: RawBucket,
}

/// `{app, on}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAppSwitch {
    pub app: String,
    pub on: Switch,
}

/// `estimated_launch`: `{app, in}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEstimatedLaunch {
    pub app: String,
    /// When the app is now expected to be launched, from the time of the entry.
    #[serde(rename = "in")]
    pub in_: SimDuration,
}

/// `bal_exemption` and `temp_allowlist`: `{app, for}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBalExemption {
    pub app: String,
    /// How long the exemption lasts.
    #[serde(rename = "for")]
    pub duration: SimDuration,
}

/// `reboot: {}` or `reboot: true`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawReboot;

/// A generator of `count` similar jobs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWorkload {
    /// Required. Package.
    pub app: String,
    /// Required. Number of jobs, 1..=100000.
    pub count: u32,
    /// Required. Ids are `first_id .. first_id + count`; they must fit in i32 and not collide
    /// with `jobs` of the app (same namespace) or other workloads of the app.
    pub first_id: i32,
    /// When arrivals begin (default 0s); at most the duration.
    pub start: Option<SimDuration>,
    /// Required. `{poisson: <mean interval>}`, `{every: <interval>}` or `{uniform: <span>}`;
    /// each more than 0.
    pub arrivals: RawArrivals,
    /// The job template: the fields of a `jobs` entry except `app`, `id` and `work`.
    #[serde(default)]
    pub job: RawJob,
    /// Size distributions of each generated job's work.
    pub sizes: Option<RawSizes>,
}

/// How a workload's jobs arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawArrivals {
    Poisson(SimDuration),
    Every(SimDuration),
    Uniform(SimDuration),
}

/// Size distributions: each a plain value, `{fixed: v}`, `{uniform: [a, b]}` (a ≤ b),
/// `{exponential: mean}` or `{lognormal: {median, sigma}}` (σ ≥ 0). Bytes for `download` and
/// `upload`, durations for `cpu`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSizes {
    pub download: Option<RawDist<Bytes>>,
    pub upload: Option<RawDist<Bytes>>,
    pub cpu: Option<RawDist<SimDuration>>,
}

/// A distribution of a unit-bearing quantity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RawDist<T> {
    Fixed(T),
    Uniform(T, T),
    Exponential(T),
    LogNormal { median: T, sigma: f64 },
}
