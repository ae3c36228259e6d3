//! Readiness (`JobStatus.isReady`, reference §3): the job's requested constraints, each from the
//! controller that owns it, plus the implicit ones (doze, battery saver / background restriction,
//! standby, thermal). A passed deadline overrides the functional constraints only.

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

/// BackgroundJobsController under battery saver: the app is restricted unless its UID is active,
/// it is allowlisted or EXEMPTED; UIJ and EJ jobs are exempt.
pub fn battery_saver_blocks(job: &JobStatus, env: &JobEnv) -> bool {
    if !env.device.battery.saver_on() {
        return false;
    }
    let app_exempt =
        env.uid_active || env.app.power_allowlisted || env.app.bucket == StandbyBucket::Exempted;
    let job_exempt = job.treat_as_user_initiated()
        || (job.treat_as_expedited() && !job.lost_ej_exemptions)
        || job.foreground_exempt;
    !app_exempt && !job_exempt
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
    if !connectivity::is_satisfied(job, env, max_exec, running) {
        b.insert(Blockers::CONNECTIVITY);
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
    if d.screen.doze().is_dozing() && !can_run_in_doze(job, env) {
        b.insert(Blockers::DOZE);
    }
    if battery_saver_blocks(job, env) {
        b.insert(Blockers::BATTERY_SAVER);
    }
    if env.app.background_restricted && !env.uid_active {
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
