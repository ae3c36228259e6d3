//! `JobStatus`: a scheduled job as the platform tracks it between runs, and the per-run context
//! (`JobServiceContext`) while it runs.

use super::backoff::FailureCounts;
use super::info::{JobInfo, Priority};
use super::stop_reason::Stop;
use crate::app::{AppIdx, Behavior, Work};
use crate::engine::TimerSlot;
use crate::time::{SimDuration, SimTime};
use serde::Serialize;

/// Index of a job in the world's store.
pub type JobIdx = usize;

/// `JobServiceContext.VERB_*`: where a running job is in its execution lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verb {
    Binding,
    Starting,
    Executing,
    Stopping,
}

/// Where a job is between runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Stored and waiting for constraints, quota or a slot.
    Waiting,
    /// Running on a context.
    Running,
    /// Removed from the store: finished, cancelled or dropped.
    Gone,
}

/// The context of one run.
#[derive(Clone, Debug)]
pub struct RunCtx {
    pub verb: Verb,
    pub started_at: SimTime,
    pub executing_at: Option<SimTime>,
    pub min_guarantee: SimDuration,
    pub max_exec: SimDuration,
    /// Treated as user-initiated when it started (user-visible for the whole run).
    pub user_visible: bool,
    /// Treated as expedited when it started.
    pub expedited: bool,
    pub bias: i32,
    /// Lifecycle steps: bind, onStartJob, onStopJob answers and their timeouts.
    pub step: TimerSlot,
    /// Work completion.
    pub work_timer: TimerSlot,
    /// A completion event is armed at the current rates.
    pub work_armed: bool,
    /// Guarantee/maximum checks.
    pub limit_timer: TimerSlot,
    /// A stop decided while binding or starting, acted on when the app responds.
    pub pending_stop: Option<Stop>,
    /// The stop in progress once STOPPING.
    pub stop: Option<Stop>,
    pub notification_posted: bool,
    /// Work done in this run (not yet committed to the job's progress).
    pub done: Work,
    /// Fractional carry of bytes/CPU between settles, so integer progress never drifts.
    pub carry: [f64; 3],
    /// Current rates in bytes/ms (down, up) and CPU ms/ms.
    pub rates: [f64; 3],
    pub last_settle: SimTime,
    /// Bytes reported through `updateTransferredNetworkBytes`.
    pub reported: u64,
    /// Ignores constraints (`cmd jobscheduler run -f`).
    pub forced: bool,
    /// The app was on top when the job started (Android 14 exempted such jobs from quota).
    pub started_top: bool,
    /// The work type the job holds a slot as (JobConcurrencyManager).
    pub work_type: crate::policy::concurrency::WorkType,
    /// Last seen out of quota in the RESTRICTED bucket, so running on its dynamic constraints:
    /// losing one of them then stops it with `APP_STANDBY` (the constraint that flipped), while
    /// running out of quota with the dynamic constraints unmet stops it with `QUOTA`.
    pub on_dynamic_constraints: bool,
}

/// A job in the store.
#[derive(Clone, Debug)]
pub struct JobStatus {
    pub app: AppIdx,
    pub info: JobInfo,
    pub behavior: Behavior,
    pub phase: Phase,
    pub counts: FailureCounts,
    /// `INTERNAL_FLAG_DEMOTED_BY_USER`: stopped from Task Manager.
    pub demoted_by_user: bool,
    /// `INTERNAL_FLAG_DEMOTED_BY_SYSTEM_UIJ`: exceeded the cumulative UIJ runtime.
    pub demoted_by_system_uij: bool,
    /// Lost EJ doze/battery-saver exemptions after a TIMEOUT or PREEMPT reschedule.
    pub lost_ej_exemptions: bool,
    /// When force batching first held this job back (`JobStatus.mFirstForceBatchedTimeElapsed`).
    pub first_force_batched: Option<crate::time::SimTime>,
    pub scheduled_at: SimTime,
    /// When the job entered the pending state (for queue order and `waited_ms`).
    pub enqueue_time: SimTime,
    pub earliest: SimTime,
    pub deadline: Option<SimTime>,
    /// Periodic window end, if periodic.
    pub window_end: Option<SimTime>,
    pub cumulative_exec: SimDuration,
    pub runs: u32,
    /// Work the app still has to do (base work plus enqueued work items).
    pub remaining: Work,
    /// Total work ever asked of the job, for reports.
    pub requested: Work,
    /// Work done in runs whose progress was lost (stopped without a checkpoint, or failed).
    pub wasted: Work,
    /// Work kept for later chunks when the app transfers in chunks (`Behavior::chunk`).
    pub deferred: Work,
    pub run: Option<RunCtx>,
    /// Timer for delay, deadline and backoff expiry.
    pub timer: TimerSlot,
    /// Pending reasons last recorded, to emit a record only on change.
    pub last_blockers: u32,
    /// Internal stop that removed or stopped the job while it was pending in a transition.
    pub removed: bool,
    pub ready_since: Option<SimTime>,
    /// `INTERNAL_FLAG_HAS_FOREGROUND_EXEMPTION`: scheduled while the app was in the foreground,
    /// with no time constraints, so battery saver does not hold it back (BackgroundJobsController).
    pub foreground_exempt: bool,
    /// QuotaController's `mExpeditedQuotaApproved`: an EJ out of EJ quota runs as a regular job.
    pub ej_quota_approved: bool,
    /// PrefetchController's `CONSTRAINT_PREFETCH` bit (only read for prefetch jobs); it changes
    /// only when the controller re-evaluates the job (`World::update_prefetch`).
    pub prefetch_satisfied: bool,
    /// ContentObserverController's state for a job with trigger content URIs.
    pub content: crate::policy::content::ContentState,
    /// The content trigger's pending runner (update or max delay, whichever comes first).
    pub content_timer: TimerSlot,
}

impl JobStatus {
    /// `shouldTreatAsUserInitiatedJob`: requested UIJ and not demoted.
    pub fn treat_as_user_initiated(&self) -> bool {
        self.info.is_user_initiated() && !self.demoted_by_user && !self.demoted_by_system_uij
    }

    /// `shouldTreatAsExpeditedJob`: requested EJ and approved by the quota controller's EJ quota.
    pub fn treat_as_expedited(&self) -> bool {
        self.info.is_expedited() && self.ej_quota_approved
    }

    /// `JobStatus.getEffectivePriority`: demoted jobs are capped at HIGH; after two or more
    /// failures an EJ drops to HIGH and a regular job decays by `failures / 2` steps
    /// (1 → DEFAULT, 2 → LOW, ≥3 → MIN); a UIJ keeps its priority.
    pub fn effective_priority(&self) -> Priority {
        let mut p = self.info.priority();
        if self.demoted_by_user || self.demoted_by_system_uij {
            p = p.min(Priority::High);
        }
        let failures = self.counts.failures;
        if failures < 2 || self.treat_as_user_initiated() {
            return p;
        }
        if self.treat_as_expedited() {
            return p.min(Priority::High);
        }
        let cap = match failures / 2 {
            1 => Priority::Default,
            2 => Priority::Low,
            _ => Priority::Min,
        };
        p.min(cap)
    }

    pub fn is_running(&self) -> bool {
        self.phase == Phase::Running
    }

    pub fn is_waiting(&self) -> bool {
        self.phase == Phase::Waiting
    }
}
