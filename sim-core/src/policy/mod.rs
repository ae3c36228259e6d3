//! The platform's policy, one file per controller or rule family. Each function names the rule
//! it implements and the AOSP class it comes from (paths under `apex/jobscheduler/service/`).

pub mod concurrency;
pub mod connectivity;
pub mod constraints;
pub mod content;
pub mod flexibility;
pub mod pending;
pub mod prefetch;
pub mod quota;
pub mod runtime;
pub mod schedule;
pub mod thermal;
pub mod tunables;

pub use pending::Blockers;
pub use tunables::{TunableError, TunableInfo, TunableValue, Tunables};

use crate::app::App;
use crate::device::Device;
use crate::time::SimTime;

/// Which platform release's behaviour to model. Default is the newest (Android 16); the
/// Android 14 profile switches the differences the reference lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub enum Platform {
    #[default]
    #[serde(rename = "android-16")]
    Android16,
    #[serde(rename = "android-14")]
    Android14,
}

impl Platform {
    pub fn name(self) -> &'static str {
        match self {
            Self::Android16 => "android-16",
            Self::Android14 => "android-14",
        }
    }
}

/// aconfig feature flags: not DeviceConfig keys, so they live apart from the tunables
/// (reference §12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flags {
    /// `handle_abandoned_jobs` (Android 16): a timeout of an abandoned job stops it with
    /// `STOP_REASON_TIMEOUT_ABANDONED`.
    pub handle_abandoned_jobs: bool,
    /// `thermal_restrictions_to_fgs_jobs`: thermally restrict jobs of apps with foreground
    /// service bias or higher.
    pub thermal_restrictions_to_fgs_jobs: bool,
    /// `adjust_quota_default_constants`: QuotaController's "new" default windows, allowed times,
    /// WORKING_SET EJ limit and EJ rewards (`quota::ADJUSTED_DEFAULTS`), for the keys a scenario
    /// does not set. Off by default: whether shipping builds turn it on is **(unconfirmed)**.
    pub adjust_quota_default_constants: bool,
    /// JobSchedulerService's force batching (`MaybeReadyJobQueueFunctor`, reference §6.4), the
    /// model's switch: which batching variant is live depends on aconfig flags whose values were
    /// not found **(unconfirmed)**, so it is off unless a scenario turns it on.
    pub force_batching: bool,
}

impl Default for Flags {
    fn default() -> Self {
        Self {
            handle_abandoned_jobs: true,
            thermal_restrictions_to_fgs_jobs: false,
            adjust_quota_default_constants: false,
            force_batching: false,
        }
    }
}

/// The policy in force: tunables, platform profile and flags.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Policy {
    pub tunables: Tunables,
    pub platform: Platform,
    pub flags: Flags,
}

/// What a policy function sees of the world when it judges one job.
pub struct JobEnv<'a> {
    pub device: &'a Device,
    pub app: &'a App,
    pub policy: &'a Policy,
    pub now: SimTime,
    /// The UID is active: on top, running a foreground service, or within the settle delay after
    /// leaving the top state.
    pub uid_active: bool,
    /// The job's evaluated bias (from the UID's process state).
    pub bias: i32,
    /// QuotaController has the job out of quota (`CONSTRAINT_WITHIN_QUOTA` unsatisfied): it
    /// counts toward the app's regular quota and none is left.
    pub out_of_quota: bool,
}
