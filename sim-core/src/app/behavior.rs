//! What an app's JobService does when the platform runs its job: the work it performs, when it
//! posts its notification, how it answers `onStartJob`/`onStopJob`, whether it keeps progress
//! across stops, and how often it fails.

use crate::time::SimDuration;
use serde::Serialize;

/// Work a job performs: bytes to move at the network's bandwidth and CPU time, all progressing
/// together; the job is done when every part is done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Work {
    pub download: u64,
    pub upload: u64,
    pub cpu_ms: u64,
}

impl Work {
    pub fn is_empty(&self) -> bool {
        self.download == 0 && self.upload == 0 && self.cpu_ms == 0
    }

    pub fn plus(self, o: Work) -> Work {
        Work {
            download: self.download.saturating_add(o.download),
            upload: self.upload.saturating_add(o.upload),
            cpu_ms: self.cpu_ms.saturating_add(o.cpu_ms),
        }
    }

    pub fn minus(self, o: Work) -> Work {
        Work {
            download: self.download.saturating_sub(o.download),
            upload: self.upload.saturating_sub(o.upload),
            cpu_ms: self.cpu_ms.saturating_sub(o.cpu_ms),
        }
    }
}

/// `JobService.JOB_END_NOTIFICATION_POLICY_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndPolicy {
    /// The notification stays after the job ends (0).
    Detach,
    /// The notification is removed when the last job using it stops (1).
    Remove,
}

/// When and how the app calls `setNotification`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotificationSpec {
    /// Delay after `onStartJob` before the call.
    pub after: SimDuration,
    pub id: i32,
    pub end_policy: EndPolicy,
}

/// How the app answers a callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    /// Answers after this long.
    After(SimDuration),
    /// Never answers (a hung main thread), so the platform's timeout fires.
    Hangs,
}

/// How the app runs its work (the question the platform's migration guide poses).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// JobScheduler directly, as the JobInfo says.
    #[default]
    Job,
    /// A `dataSync` foreground service started by the app.
    ForegroundService,
    /// WorkManager: expedited work falls back to a regular job without EJ quota.
    WorkManager,
}

/// The JobService's behaviour for one job.
#[derive(Clone, Debug, PartialEq)]
pub struct Behavior {
    pub work: Work,
    /// Keeps progress across stops and resumes from it; without it a stop loses the run's work.
    pub checkpoint: bool,
    pub notification: Option<NotificationSpec>,
    /// What `onStopJob` returns.
    pub reschedule_on_stop: bool,
    /// Probability that a run ends in `jobFinished(params, true)` instead of success.
    pub failure_rate: f64,
    /// How long binding takes once the process exists (a cold start adds `cold_start`).
    pub bind: Response,
    pub cold_start: SimDuration,
    pub on_start: Response,
    pub on_stop: Response,
    /// Calls `updateTransferredNetworkBytes` this often while transferring.
    pub progress_every: Option<SimDuration>,
    pub strategy: Strategy,
    /// Largest transfer per run, in bytes per direction; the rest is scheduled as the next run.
    pub chunk: Option<u64>,
    /// When the work is done the app calls `schedule()` with the same JobInfo instead of
    /// `jobFinished` (the pattern `JobInfo.Builder.addTriggerContentUri` documents, so that
    /// content changes seen during the run carry over to the next job).
    pub schedule_again: bool,
    /// The app loses its `JobParameters` (they are garbage-collected, so JobParameters'
    /// cleaner reports the job abandoned, `handleAbandonedJob`) and never calls `jobFinished`:
    /// the job keeps running after its work until its maximum runtime.
    pub abandon: bool,
}

impl Default for Behavior {
    fn default() -> Self {
        Self {
            work: Work::default(),
            checkpoint: false,
            notification: None,
            reschedule_on_stop: true,
            failure_rate: 0.0,
            bind: Response::After(SimDuration::from_millis(5)),
            cold_start: SimDuration::from_millis(250),
            on_start: Response::After(SimDuration::from_millis(2)),
            on_stop: Response::After(SimDuration::from_millis(2)),
            progress_every: None,
            strategy: Strategy::Job,
            chunk: None,
            schedule_again: false,
            abandon: false,
        }
    }
}
