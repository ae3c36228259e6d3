//! Readiness (`JobStatus.isReady`, reference §3): the job's requested constraints, each from the
//! controller that owns it, plus the implicit ones (doze, battery saver / background restriction,
//! standby, thermal). A passed deadline overrides the functional constraints only.
//!
//! Quota and the RESTRICTED bucket's dynamic constraints come first (`JobStatus.isReady`): a job
//! that is out of quota is ready only if it is treated as an EJ (such jobs never count, see
//! `World::would_count`) or its app is in the RESTRICTED bucket and the dynamic constraints
//! hold. `JobStatus.setStandbyBucket` adds `DYNAMIC_RESTRICTED_CONSTRAINTS` (charging, battery
//! not low, device idle, and connectivity for a job that asked for a network:
//! `addDynamicConstraints` drops connectivity otherwise) to every job of an app whose *actual*
//! bucket becomes RESTRICTED; `mReadyDynamicSatisfied` is their conjunction. Within quota they
//! do not matter: `isReady` checks only the requested constraints after that first gate.

use super::pending::Blockers;
use super::thermal::{is_thermally_restricted, ThermalView};
use super::{connectivity, JobEnv};
use crate::app::{StandbyBucket, BIAS_DEFAULT};
use crate::job::{JobStatus, Priority};
use crate::time::SimDuration;

/// BatteryController: "charging" is charging AND battery-not-low ("stable power"); a job of a TOP
/// app at priority DEFAULT or above only needs power connected.
pub fn charging_satisfied(job: &JobStatus, env: &JobEnv) -> bool {
    let b = &env.device.battery;
    if env.bias > BIAS_DEFAULT
        && env.app.proc == crate::app::ProcState::Top
        && job.effective_priority() >= Priority::Default
    {
        return b.plugged().is_some();
    }
    b.is_charging() && b.is_not_low()
}

/// DeviceIdleJobsController.canRunInDoze: allowlisted apps, treated-as-UIJ and treated-as-EJ
/// jobs (unless a TIMEOUT/PREEMPT reschedule removed the EJ exemption).
pub fn can_run_in_doze(job: &JobStatus, env: &JobEnv) -> bool {
    env.app.power_allowlisted
        || job.treat_as_user_initiated()
        || (job.treat_as_expedited() && !job.lost_ej_exemptions)
}

/// AppStateTracker `areJobsRestricted`'s allowlists: an app on the power-save allowlist or on the
/// temporary allowlist (DeviceIdleController's, as after a high-priority FCM message) is never
/// restricted, neither by battery saver nor by the user's background restriction.
pub fn restriction_allowlisted(env: &JobEnv) -> bool {
    env.app.power_allowlisted || env.app.temp_allowlisted(env.now)
}

/// BackgroundJobsController under battery saver: the app is restricted unless its UID is active,
/// it is allowlisted (permanently or temporarily) or EXEMPTED; UIJ and EJ jobs are exempt.
pub fn battery_saver_blocks(job: &JobStatus, env: &JobEnv) -> bool {
    if !env.device.battery.saver_on() {
        return false;
    }
    let app_exempt =
        env.uid_active || restriction_allowlisted(env) || env.app.bucket == StandbyBucket::Exempted;
    let job_exempt = job.treat_as_user_initiated()
        || (job.treat_as_expedited() && !job.lost_ej_exemptions)
        || job.foreground_exempt;
    !app_exempt && !job_exempt
}

/// The app's effective standby bucket is RESTRICTED (`JobStatus.getEffectiveStandbyBucket`: an
/// active UID counts as ACTIVE; the buggy-app cap only lowers buckets above WORKING_SET).
pub fn effective_restricted(env: &JobEnv) -> bool {
    env.app.bucket == StandbyBucket::Restricted && !env.uid_active
}

/// `mReadyDynamicSatisfied` for a job of a RESTRICTED app: charging (the CHARGING bit as
/// BatteryController sets it), battery not low, device idle, and the connectivity constraint
/// (`connectivity_ok`) if the job asked for a network.
pub fn dynamic_restricted_satisfied(job: &JobStatus, env: &JobEnv, connectivity_ok: bool) -> bool {
    env.app.bucket == StandbyBucket::Restricted
        && charging_satisfied(job, env)
        && env.device.battery.is_not_low()
        && env.device.screen.js_idle
        && (!job.info.has_network() || connectivity_ok)
}

/// Everything that keeps `job` from running now. `running` evaluates a running job (its delay
/// no longer matters), `within_guarantee` is whether it is still inside its minimum guarantee,
/// and `max_exec` is the maximum runtime used by the connectivity "too slow" check.
pub fn blockers(
    job: &JobStatus,
    env: &JobEnv,
    running: bool,
    within_guarantee: bool,
    max_exec: SimDuration,
) -> Blockers {
    let mut b = Blockers::NONE;
    let info = &job.info;
    let d = env.device;
    if info.requires_charging && !charging_satisfied(job, env) {
        b.insert(Blockers::CHARGING);
    }
    if info.requires_battery_not_low && !d.battery.is_not_low() {
        b.insert(Blockers::BATTERY_NOT_LOW);
    }
    if info.requires_storage_not_low && d.storage.is_low() {
        b.insert(Blockers::STORAGE_NOT_LOW);
    }
    if info.requires_device_idle && !d.screen.js_idle {
        b.insert(Blockers::DEVICE_IDLE);
    }
    let connectivity_ok = connectivity::is_satisfied(job, env, max_exec, running);
    if !connectivity_ok {
        b.insert(Blockers::CONNECTIVITY);
    }
    // PrefetchController's verdict, kept on the job (it changes only when the controller
    // re-evaluates it, see `World::update_prefetch`).
    if info.prefetch && !job.prefetch_satisfied {
        b.insert(Blockers::PREFETCH);
    }
    // ContentObserverController: `CONSTRAINT_CONTENT_TRIGGER` until a change was seen and
    // settled; once satisfied it stays so (never a stop reason, see `policy::content`).
    if info.has_content_trigger() && !job.content.satisfied {
        b.insert(Blockers::CONTENT_TRIGGER);
    }
    if !running && env.now < job.earliest {
        b.insert(Blockers::MIN_LATENCY);
    }
    let deadline_passed = info.periodic.is_none() && job.deadline.is_some_and(|dl| env.now >= dl);
    if deadline_passed {
        b = b.without(Blockers::FUNCTIONAL);
    }
    // The quota gate, which a deadline does not override.
    if env.out_of_quota && !dynamic_restricted_satisfied(job, env, connectivity_ok) {
        b.insert(Blockers::QUOTA);
        if env.app.bucket == StandbyBucket::Restricted {
            b.insert(Blockers::RESTRICTED_BUCKET);
        }
    }
    if d.screen.doze().is_dozing() && !can_run_in_doze(job, env) {
        b.insert(Blockers::DOZE);
    }
    if battery_saver_blocks(job, env) {
        b.insert(Blockers::BATTERY_SAVER);
    }
    if env.app.background_restricted && !env.uid_active && !restriction_allowlisted(env) {
        b.insert(Blockers::BACKGROUND_RESTRICTED);
    }
    if env.app.bucket == StandbyBucket::Never {
        b.insert(Blockers::STANDBY);
    }
    let view = ThermalView {
        bias: env.bias,
        running,
        within_guarantee,
        restrict_fgs_jobs: env.policy.flags.thermal_restrictions_to_fgs_jobs,
        android14: env.policy.platform == super::Platform::Android14,
    };
    if is_thermally_restricted(job, d.thermal.status(), view) {
        b.insert(Blockers::THERMAL);
    }
    b
}
