//! Schedule-time checks (JSS `JobSchedulerStub.validateJob` and `scheduleAsPackage`,
//! reference §1.3), in the platform's order. A rejected job is not bad scenario input: the app
//! sees the exception or result code and the simulation records it.

use crate::app::{App, PermissionState, ProcState};
use crate::job::JobInfo;
use crate::time::SimTime;
use serde::Serialize;

/// What `JobScheduler.schedule()`/`enqueue()` gives the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ScheduleOutcome {
    /// `RESULT_SUCCESS` (1).
    Success,
    /// `RESULT_FAILURE` (0), with why.
    Failure(&'static str),
    /// A thrown exception: its class name and message.
    Exception(&'static str, String),
}

impl ScheduleOutcome {
    /// The result as the trace names it: `RESULT_SUCCESS`, `RESULT_FAILURE` or the exception.
    pub fn result_name(&self) -> &'static str {
        match self {
            Self::Success => "RESULT_SUCCESS",
            Self::Failure(_) => "RESULT_FAILURE",
            Self::Exception(name, _) => name,
        }
    }

    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }
}

/// First API level with user-initiated jobs (Android 14).
pub const UIJ_MIN_API: u32 = 34;
/// Target SDK above which network jobs need ACCESS_NETWORK_STATE (T = 33).
const TIRAMISU: u32 = 33;

/// What the checks need to know beyond the JobInfo.
pub struct ScheduleView<'a> {
    pub app: &'a App,
    pub api_level: u32,
    pub now: SimTime,
    /// Distinct jobs the app already has.
    pub existing_jobs: usize,
    pub max_jobs_per_app: usize,
    /// The job id already exists for this app.
    pub replaces: bool,
    /// The app has expedited-job quota left (or is exempt from it).
    pub ej_quota_ok: bool,
    /// The app already made `aq_schedule_count` persisted-job calls in the window.
    pub persisted_rate_exceeded: bool,
    /// `aq_schedule_return_failure`: an over-limit call returns RESULT_FAILURE.
    pub rate_limit_returns_failure: bool,
}

/// Whether the app is in a state to schedule a user-initiated job: exactly TOP, or holding a
/// background-activity-start exemption (`canScheduleUserInitiatedJobs`).
pub fn can_schedule_user_initiated(app: &App, now: SimTime) -> bool {
    app.proc == ProcState::Top || app.bal_exempt_until.is_some_and(|until| now < until)
}

/// Runs the checks in order and returns the first failure, or success.
pub fn check_schedule(info: &JobInfo, v: &ScheduleView) -> ScheduleOutcome {
    use ScheduleOutcome::{Exception, Failure};
    if info.is_user_initiated() && v.api_level < UIJ_MIN_API {
        // The builder method does not exist before API 34: the app's call fails to link.
        return Exception(
            "NoSuchMethodError",
            "JobInfo.Builder.setUserInitiated requires API 34".into(),
        );
    }
    if info.persisted && !v.app.receive_boot_completed {
        return Exception(
            "IllegalArgumentException",
            "a persisted job needs the RECEIVE_BOOT_COMPLETED permission".into(),
        );
    }
    if info.has_network() && v.app.target_sdk > TIRAMISU && !v.app.access_network_state {
        return Exception(
            "SecurityException",
            "a network job needs ACCESS_NETWORK_STATE".into(),
        );
    }
    if let Err(e) = info.validate() {
        return Exception("IllegalArgumentException", e.message);
    }
    if info.is_user_initiated() {
        match v.app.run_user_initiated_jobs {
            PermissionState::HardDenied => {
                return Exception(
                    "SecurityException",
                    "RUN_USER_INITIATED_JOBS is needed to schedule user-initiated jobs".into(),
                )
            }
            PermissionState::SoftDenied => return Failure("RUN_USER_INITIATED_JOBS app-op denied"),
            PermissionState::Granted => {}
        }
        if !can_schedule_user_initiated(v.app, v.now) {
            return Failure(
                "app is not visible to the user and holds no background-start exemption",
            );
        }
    }
    // Step 4: the persisted-job schedule rate. Over it the app is restricted (by the caller);
    // the call itself still succeeds unless `aq_schedule_return_failure` is set (release apps
    // never see `LimitExceededException`, which only debuggable apps get).
    if info.persisted && v.persisted_rate_exceeded && v.rate_limit_returns_failure {
        return Failure("persisted-job schedule rate limit exceeded");
    }
    if info.is_expedited() && !v.ej_quota_ok {
        return Failure("expedited job requested with no EJ quota left");
    }
    // Step 7 runs before the replacement of step 8: the stored copy counts, so re-scheduling an
    // existing id over the limit throws too.
    if v.existing_jobs > v.max_jobs_per_app {
        return Exception(
            "IllegalStateException",
            "apps may not schedule more than the per-app job limit".into(),
        );
    }
    ScheduleOutcome::Success
}
