//! Questions about the world at one instant, answered the way a device answers them:
//! `cmd jobscheduler get-pending-job-reason` (every job's pending reasons) and an explanation of
//! one job (its state, what it waits for, what restricts it, when it is next looked at).

use super::world::World;
use crate::job::{InternalStopReason as I, JobIdx, JobKind, Phase, Stop, StopReason as R, Verb};
use crate::policy::Blockers;
use crate::time::SimTime;

/// `PENDING_JOB_REASON_EXECUTING`.
pub const EXECUTING: &str = "PENDING_JOB_REASON_EXECUTING";
/// `PENDING_JOB_REASON_INVALID_JOB_ID`: no such job in the store.
pub const INVALID_JOB_ID: &str = "PENDING_JOB_REASON_INVALID_JOB_ID";

/// One job as the platform sees it at the instant of inspection.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct JobState {
    pub app: String,
    pub job: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub kind: JobKind,
    /// `running`, `ready` (waiting for a slot) or `waiting`.
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verb: Option<Verb>,
    pub pending_reasons: Vec<&'static str>,
    /// Requested constraints that do not hold.
    pub unsatisfied: Vec<&'static str>,
    /// System restrictions that hold the job back.
    pub restrictions: Vec<String>,
    pub earliest_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_ms: Option<u64>,
    /// When the platform next looks at the job by itself (a delay, deadline, guarantee or limit
    /// timer); device changes can make it sooner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_evaluation_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running_since_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guarantee_ends_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_execution_ends_ms: Option<u64>,
    pub failures: u32,
    pub system_stops: u32,
    pub demoted_by_user: bool,
    pub demoted_by_system_uij: bool,
}

/// Names of the requested constraints a blocker set says are unsatisfied.
fn unsatisfied(b: Blockers) -> Vec<&'static str> {
    [
        (Blockers::CONNECTIVITY, "connectivity"),
        (Blockers::CHARGING, "charging"),
        (Blockers::BATTERY_NOT_LOW, "battery not low"),
        (Blockers::STORAGE_NOT_LOW, "storage not low"),
        (Blockers::DEVICE_IDLE, "device idle"),
        (Blockers::MIN_LATENCY, "minimum latency (delay or backoff)"),
        (
            Blockers::CONTENT_TRIGGER,
            "content trigger (no settled change of a trigger URI)",
        ),
    ]
    .into_iter()
    .filter(|(bit, _)| b.contains(*bit))
    .map(|(_, n)| n)
    .collect()
}

impl World {
    /// Every job in the store, in (app, namespace, id) order, at the world's current time.
    pub fn job_states(&self, now: SimTime) -> Vec<JobState> {
        self.index
            .values()
            .map(|&j| self.job_state(j, now))
            .collect()
    }

    /// The live job `(app package, id)`, if any.
    pub fn find_job(&self, package: &str, id: i32) -> Option<JobIdx> {
        self.index
            .iter()
            .find(|((a, _, i), _)| *i == id && *self.apps[*a].package == *package)
            .map(|(_, &j)| j)
    }

    pub fn job_state(&self, j: JobIdx, now: SimTime) -> JobState {
        let job = &self.jobs[j];
        let mut st = JobState {
            app: self.apps[job.app].package.to_string(),
            job: job.info.id,
            namespace: job.info.namespace.clone(),
            kind: job.info.kind,
            state: "waiting",
            verb: None,
            pending_reasons: Vec::new(),
            unsatisfied: Vec::new(),
            restrictions: Vec::new(),
            earliest_ms: job.earliest.as_millis(),
            deadline_ms: job.deadline.map(|d| d.as_millis()),
            next_evaluation_ms: None,
            running_since_ms: None,
            guarantee_ends_ms: None,
            max_execution_ends_ms: None,
            failures: job.counts.failures,
            system_stops: job.counts.system_stops,
            demoted_by_user: job.demoted_by_user,
            demoted_by_system_uij: job.demoted_by_system_uij,
        };
        if let (Phase::Running, Some(run)) = (job.phase, job.run.as_ref()) {
            let g = run.started_at.saturating_add(run.min_guarantee);
            let m = run.started_at.saturating_add(run.max_exec);
            st.state = "running";
            st.verb = Some(run.verb);
            st.pending_reasons = vec![EXECUTING];
            st.running_since_ms = Some(run.started_at.as_millis());
            st.guarantee_ends_ms = Some(g.as_millis());
            st.max_execution_ends_ms = Some(m.as_millis());
            st.next_evaluation_ms = Some(if now < g { g } else { m }.as_millis());
            return st;
        }
        let b = self.waiting_blockers(j, now);
        if b.is_empty() {
            st.state = "ready";
            st.pending_reasons = Blockers::QUEUED.pending_reasons();
            let running = self.running.len();
            st.restrictions.push(format!(
                "ready, waiting for a free slot ({running} running, {} allowed in this configuration)",
                self.max_running()
            ));
            return st;
        }
        st.pending_reasons = b.pending_reasons();
        st.unsatisfied = unsatisfied(b);
        st.restrictions = self.restrictions(b);
        if b.contains(Blockers::QUOTA) {
            st.restrictions.push(format!(
                "the app is out of job quota in its {:?} standby bucket (QuotaController)",
                self.effective_bucket(job.app)
            ));
        }
        // The quota controller re-checks the app when it is back in quota.
        let quota_back = self.quota[job.app]
            .armed_at
            .filter(|_| b.contains(Blockers::QUOTA));
        let timers = [
            Some(job.earliest).filter(|e| *e > now),
            job.deadline.filter(|d| *d > now),
            quota_back,
        ];
        st.next_evaluation_ms = timers.into_iter().flatten().min().map(SimTime::as_millis);
        st
    }

    fn restrictions(&self, b: Blockers) -> Vec<String> {
        let mut v = Vec::new();
        if b.contains(Blockers::THERMAL) {
            v.push(format!(
                "thermal status {} (ThermalStatusRestriction)",
                self.device.thermal.status().name()
            ));
        }
        if b.contains(Blockers::DOZE) {
            v.push(format!(
                "device in doze ({:?}); the job is not exempt",
                self.device.screen.doze()
            ));
        }
        if b.contains(Blockers::BATTERY_SAVER) {
            v.push("battery saver restricts the app's background jobs".to_string());
        }
        if b.contains(Blockers::BACKGROUND_RESTRICTED) {
            v.push(
                "the user restricted the app's background activity and it is not active"
                    .to_string(),
            );
        }
        if b.contains(Blockers::STANDBY) {
            v.push("the app is in the NEVER standby bucket".to_string());
        }
        if b.contains(Blockers::DEVICE_OFF) {
            v.push("the device is rebooting".to_string());
        }
        v
    }
}

/// The platform rule behind a stop, in words, with the class that applies it.
pub fn stop_rule(stop: Stop) -> &'static str {
    match (stop.reason, stop.internal) {
        (R::ConstraintConnectivity, _) => "ConnectivityController: the network no longer satisfies the job's request",
        (R::ConstraintCharging, _) => "BatteryController: the device stopped charging (or the battery became low)",
        (R::ConstraintBatteryNotLow, _) => "BatteryController: the battery became low",
        (R::ConstraintStorageNotLow, _) => "StorageController: storage became low",
        (R::ConstraintDeviceIdle, _) => "IdleController: the device is no longer idle",
        (R::DeviceState, I::DeviceThermal) => "ThermalStatusRestriction: the thermal status restricts this job",
        (R::DeviceState, I::DeviceIdle) => "DeviceIdleJobsController: the device entered doze and the job is not exempt",
        (R::DeviceState, I::Timeout) => {
            "JobConcurrencyManager: past its minimum guarantee, the job yielded to waiting work or a restriction (doze, battery saver)"
        }
        (R::DeviceState, I::Preempt) => "JobConcurrencyManager: past its minimum guarantee, the job was preempted for a waiting job",
        (R::DeviceState, _) => "a device-state restriction (battery saver or doze)",
        (R::Timeout, _) => "JobServiceContext: the job reached its maximum execution time",
        (R::TimeoutAbandoned, _) => "JobServiceContext: an abandoned job reached its maximum execution time",
        (R::Preempt, _) => "JobConcurrencyManager: a higher-bias job of the same app took the context",
        (R::User, I::UserUiStop) => "Task Manager: the user stopped the app; user-visible jobs are dropped",
        (R::User, _) => "the user force-stopped or cleared the app",
        (R::CancelledByApp, _) => "the app cancelled or rescheduled the job",
        (R::BackgroundRestriction, _) => "BackgroundJobsController: the user restricted the app's background activity",
        (R::AppStandby, _) => "the app's standby bucket restricts the job",
        (R::Quota, _) => "QuotaController: the app ran out of job quota",
        (R::Undefined, I::Anr) => "JobServiceContext: the app did not answer in time (ANR)",
        (R::Undefined, I::Unknown) => "the app's process died (for example the low-memory killer)",
        (R::Undefined, _) => "the job finished",
        (R::SystemProcessing, _) => "the system re-timed the job",
        (R::EstimatedAppLaunchTimeChanged, _) => "PrefetchController: the app's estimated launch time moved",
    }
}
