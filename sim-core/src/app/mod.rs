//! The app side: each installed app's identity, permissions and process state, and how its
//! JobService behaves.

pub mod behavior;

pub use behavior::{Behavior, EndPolicy, NotificationSpec, Response, Strategy, Work};

use crate::time::SimTime;
use serde::Serialize;

/// Index of an app in the world.
pub type AppIdx = usize;

/// A runtime permission's state, as the platform's permission check answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionState {
    Granted,
    /// The app-op is denied but the permission is held: `schedule()` returns RESULT_FAILURE.
    SoftDenied,
    /// Not granted: `schedule()` throws SecurityException.
    HardDenied,
}

/// `UsageStatsManager.STANDBY_BUCKET_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StandbyBucket {
    Exempted,
    Active,
    WorkingSet,
    Frequent,
    Rare,
    Restricted,
    Never,
}

/// The app's process state as JobScheduler's UID observer sees it, coarsened to what the policy
/// distinguishes (`ActivityManager.PROCESS_STATE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcState {
    /// Visible and focused (`PROCESS_STATE_TOP`).
    Top,
    /// Running a foreground service.
    ForegroundService,
    /// Alive in the background (for example bound by JobScheduler to run a job).
    Background,
    /// Alive but cached.
    Cached,
    /// No process.
    Dead,
}

/// JobScheduler's bias levels (JobInfo `BIAS_*`), derived from the UID's process state (JSS
/// `updateUidState`): TOP 40, foreground service 35, otherwise default.
pub const BIAS_DEFAULT: i32 = 0;
pub const BIAS_FOREGROUND_SERVICE: i32 = 35;
pub const BIAS_TOP_APP: i32 = 40;

impl ProcState {
    pub fn bias(self) -> i32 {
        match self {
            Self::Top => BIAS_TOP_APP,
            Self::ForegroundService => BIAS_FOREGROUND_SERVICE,
            _ => BIAS_DEFAULT,
        }
    }

    pub fn is_alive(self) -> bool {
        self != Self::Dead
    }
}

/// One installed app and its current state.
#[derive(Clone, Debug)]
pub struct App {
    pub package: std::sync::Arc<str>,
    pub uid: u32,
    pub target_sdk: u32,
    pub run_user_initiated_jobs: PermissionState,
    pub access_network_state: bool,
    pub receive_boot_completed: bool,
    pub bucket: StandbyBucket,
    /// The user restricted the app's background activity (RUN_ANY_IN_BACKGROUND denied).
    pub background_restricted: bool,
    /// On the power-save allowlist (exempt from doze and battery saver).
    pub power_allowlisted: bool,
    /// On NetworkPolicyManager's restrict-background allowlist ("Unrestricted data"): Data Saver
    /// does not block its metered data in the background.
    pub data_saver_allowlisted: bool,
    /// Until when the app is on DeviceIdleController's temporary power-save allowlist (for
    /// example after a high-priority FCM message).
    pub temp_allowlisted_until: Option<SimTime>,
    /// The app runs a foreground service of its own.
    pub has_foreground_service: bool,
    pub proc: ProcState,
    /// When the app last left the top state; the UID stays active until the settle delay passes.
    pub left_top_at: Option<SimTime>,
    /// Until when the app holds a background-activity-start exemption.
    pub bal_exempt_until: Option<SimTime>,
    /// Memory pressure the app causes while it is in the foreground.
    pub foreground_memory: crate::device::MemoryPressure,
    /// UsageStats' estimate of the app's next launch (`getEstimatedPackageLaunchTime`); `None`
    /// when it has none.
    pub estimated_launch: Option<SimTime>,
    /// False once the app is uninstalled: it schedules nothing more.
    pub installed: bool,
}

impl App {
    /// On the temporary power-save allowlist at `now` (the entry ends at `until`, exclusive).
    pub fn temp_allowlisted(&self, now: SimTime) -> bool {
        self.temp_allowlisted_until.is_some_and(|until| now < until)
    }

    /// The platform's short UID label, `u0a123` for app id 10123.
    pub fn uid_label(&self) -> String {
        format!("u0a{}", self.uid.saturating_sub(10_000))
    }
}
