//! Scenarios: the YAML format (`raw`), its validation into the typed [`Scenario`] (`validate`),
//! and errors that point at a file, line, column and field (`error`, `locate`).
//!
//! Parsing works on `&str`; reading files is the CLI's business.

// `ScenarioError`'s public shape (file, line, column, field, message, help) is the API; errors
// are rare and leave the loader at once, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod dist;
pub mod error;
pub mod locate;
pub mod raw;
mod raw_de;
mod raw_schema;
mod raw_timeline;
pub mod validate;
mod validate_actions;
mod validate_device;
mod validate_jobs;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_errors;
#[cfg(test)]
mod tests_limits;

pub use dist::Dist;
pub use error::ScenarioError;
pub use raw_schema::scenario_schema_json;
pub use validate::{parse_scenario, parse_scenario_with};

use crate::app::{AppIdx, Behavior, PermissionState, StandbyBucket, Work};
use crate::device::{
    BatteryParams, DozeState, FlapParams, MemoryPressure, NetworkState, PlugType, ThermalParams,
    ThermalStatus,
};
use crate::job::JobInfo;
use crate::policy::Policy;
use crate::time::{SimDuration, SimTime};
use crate::units::Bytes;

/// A validated scenario: every name resolved, every rule checked.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub seed: u64,
    pub duration: SimDuration,
    pub policy: Policy,
    pub device: DeviceSpec,
    pub apps: Vec<AppSpec>,
    /// Job definitions; `timeline` schedules them by index.
    pub jobs: Vec<JobSpec>,
    pub timeline: Vec<TimedAction>,
    pub workloads: Vec<Workload>,
}

#[derive(Clone, Debug)]
pub struct DeviceSpec {
    pub api_level: u32,
    pub ram: Bytes,
    pub low_ram: bool,
    pub memory: MemoryPressure,
    pub battery: BatteryParams,
    pub plugged: Option<PlugType>,
    pub battery_saver: bool,
    pub thermal: ThermalParams,
    pub network: NetworkState,
    pub flaps: Option<FlapParams>,
    /// Data Saver (restrict background data) at the start.
    pub data_saver: bool,
    pub storage_total: Bytes,
    pub storage_free: Bytes,
    pub screen_on: bool,
    /// How often the continuous models (battery, temperature) are sampled for threshold changes.
    pub tick: SimDuration,
    /// Time from a reboot until the system is up and persisted jobs are reloaded.
    pub boot_time: SimDuration,
}

#[derive(Clone, Debug)]
pub struct AppSpec {
    pub package: String,
    pub uid: u32,
    pub target_sdk: u32,
    pub run_user_initiated_jobs: PermissionState,
    pub access_network_state: bool,
    pub receive_boot_completed: bool,
    pub bucket: StandbyBucket,
    pub background_restricted: bool,
    pub power_allowlisted: bool,
    pub data_saver_allowlisted: bool,
    pub foreground_service: bool,
    pub foreground_memory: MemoryPressure,
    /// UsageStats' initial estimate of the next launch, from the start.
    pub estimated_launch_in: Option<SimDuration>,
}

/// One job as the app builds and runs it.
#[derive(Clone, Debug)]
pub struct JobSpec {
    pub app: AppIdx,
    pub info: JobInfo,
    pub behavior: Behavior,
}

#[derive(Clone, Debug)]
pub struct TimedAction {
    pub at: SimTime,
    pub action: Action,
}

/// A timeline action: an app call, a user gesture, a device change or an adb command.
#[derive(Clone, Debug)]
pub enum Action {
    /// `JobScheduler.schedule(jobs[job])`.
    Schedule {
        job: usize,
    },
    /// `JobScheduler.enqueue(jobs[job], work item)`.
    Enqueue {
        job: usize,
        work: Work,
    },
    /// `JobScheduler.cancel(id)`.
    Cancel {
        app: AppIdx,
        id: i32,
    },
    /// `JobScheduler.cancelAll()`.
    CancelAll {
        app: AppIdx,
    },
    /// Brings an app to the foreground; `None` is the launcher.
    Foreground(Option<AppIdx>),
    Screen(bool),
    Plug(Option<PlugType>),
    /// `cmd thermalservice override-status` (`None` resets it).
    ThermalOverride(Option<ThermalStatus>),
    Temperature(f64),
    Network(NetworkState),
    NetworkFlaps(Option<FlapParams>),
    Memory(MemoryPressure),
    BatterySaver(bool),
    BatteryLevel(f64),
    /// `dumpsys deviceidle force-idle [light|deep]`; `None` is `unforce`.
    Doze(Option<DozeState>),
    StorageFree(Bytes),
    Permission {
        app: AppIdx,
        state: PermissionState,
    },
    Bucket {
        app: AppIdx,
        bucket: StandbyBucket,
    },
    BackgroundRestricted {
        app: AppIdx,
        on: bool,
    },
    ForegroundService {
        app: AppIdx,
        on: bool,
    },
    /// The app gets a background-activity-start exemption (e.g. its notification is tapped).
    /// UsageStats' new estimate of the app's next launch, `after` from now.
    EstimatedLaunch {
        app: AppIdx,
        after: SimDuration,
    },
    BalExemption {
        app: AppIdx,
        duration: SimDuration,
    },
    /// Data Saver (restrict background data) on or off.
    DataSaver(bool),
    /// DeviceIdleController puts the app on its temporary power-save allowlist for `duration`
    /// (as a high-priority FCM message does).
    TempAllowlist {
        app: AppIdx,
        duration: SimDuration,
    },
    /// The user presses Stop in the Task Manager.
    TaskManagerStop {
        app: AppIdx,
    },
    /// Settings → Force stop.
    ForceStop {
        app: AppIdx,
    },
    /// The low-memory killer kills the app's process.
    LowMemoryKill {
        app: AppIdx,
    },
    Reboot,
    /// `cmd jobscheduler run -f`.
    ForceRun {
        app: AppIdx,
        id: i32,
    },
    /// A content provider notifies a change of a `content:` URI (`ContentResolver.notifyChange`).
    ContentChange {
        uri: String,
    },
    /// `cmd jobscheduler timeout`.
    ForceTimeout {
        app: AppIdx,
        id: i32,
    },
    /// The app is uninstalled: every job of it is cancelled (USER / UNINSTALL) and it schedules
    /// nothing more.
    Uninstall {
        app: AppIdx,
    },
}

impl Action {
    /// The app the action is about, if any (`app_of_job` resolves the job of a schedule or
    /// enqueue call).
    pub fn app(&self, app_of_job: impl Fn(usize) -> Option<AppIdx>) -> Option<AppIdx> {
        match self {
            Action::Schedule { job } | Action::Enqueue { job, .. } => app_of_job(*job),
            Action::Foreground(app) => *app,
            Action::Cancel { app, .. }
            | Action::CancelAll { app }
            | Action::Permission { app, .. }
            | Action::Bucket { app, .. }
            | Action::BackgroundRestricted { app, .. }
            | Action::ForegroundService { app, .. }
            | Action::EstimatedLaunch { app, .. }
            | Action::BalExemption { app, .. }
            | Action::TempAllowlist { app, .. }
            | Action::TaskManagerStop { app }
            | Action::ForceStop { app }
            | Action::LowMemoryKill { app }
            | Action::ForceRun { app, .. }
            | Action::ForceTimeout { app, .. }
            | Action::Uninstall { app } => Some(*app),
            _ => None,
        }
    }
}

/// How a workload's schedule calls arrive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Arrivals {
    /// A Poisson process with this mean interval.
    Poisson { mean_interval: SimDuration },
    /// Uniformly at random over this span.
    Uniform { over: SimDuration },
    /// At a fixed interval.
    Every { interval: SimDuration },
}

/// Distributions of one generated job's work.
#[derive(Clone, Debug, Default)]
pub struct WorkDist {
    pub download: Option<Dist>,
    pub upload: Option<Dist>,
    /// In milliseconds.
    pub cpu: Option<Dist>,
}

/// A generator of N jobs: a seeded arrival process and size distributions, so a busy day is a
/// few lines of YAML. Each generated job is `template` with id `first_id + i`, scheduled at its
/// arrival time.
#[derive(Clone, Debug)]
pub struct Workload {
    pub app: AppIdx,
    pub count: u32,
    pub first_id: i32,
    pub start: SimTime,
    pub arrivals: Arrivals,
    pub template: JobInfo,
    pub behavior: Behavior,
    pub work: WorkDist,
}
