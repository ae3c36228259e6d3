//! Trace records: what the world reports, one per event, in time order. Serialized as JSON
//! Lines with `event` as the snake_case tag; `docs/trace-format.md` documents every field, and
//! the format is a public interface.

use crate::app::{EndPolicy, ProcState, StandbyBucket};
use crate::device::{
    DozeState, MemoryPressure, PlugType, SignalStrength, ThermalStatus, Transport,
};
use crate::job::BackoffPolicy;
use crate::job::{InternalStopReason, JobKind, StopReason};
use serde::Serialize;
use std::sync::Arc;

/// Identifies a job in records: the app's package and the job id (and namespace, if any).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JobRef {
    /// Shared with the app's model: a record costs no copy of the name.
    pub app: Arc<str>,
    pub job: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Arc<str>>,
}

/// A [`JobRef`] as an ordered key: package, namespace, id.
pub type JobRefKey = (Arc<str>, Option<Arc<str>>, i32);

impl JobRef {
    /// The job as a map key (cheap: the names are shared, not copied).
    pub fn key(&self) -> JobRefKey {
        (self.app.clone(), self.namespace.clone(), self.job)
    }
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Record {
    // ---- device ----
    Screen {
        on: bool,
    },
    Power {
        plugged: Option<PlugType>,
        charging: bool,
    },
    BatteryLevel {
        level: u32,
        charging: bool,
    },
    BatteryLow {
        low: bool,
        level: u32,
    },
    BatterySaver {
        on: bool,
    },
    /// Data Saver (restrict background data) turns on or off.
    DataSaver {
        on: bool,
    },
    Thermal {
        status: &'static str,
        temperature_c: f64,
        overridden: bool,
    },
    MemoryPressure {
        level: MemoryPressure,
        /// Running jobs the configuration allows (screen state × memory pressure).
        max_running: u32,
        /// Total concurrency limit (from RAM or `concurrency_limit`).
        concurrency_limit: u32,
    },
    Network {
        transport: Transport,
        metered: bool,
        down_kbps: u64,
        up_kbps: u64,
        congested: bool,
        signal: SignalStrength,
    },
    StorageLow {
        low: bool,
        free_bytes: u64,
    },
    Doze {
        state: DozeState,
        forced: bool,
    },
    DeviceIdle {
        idle: bool,
    },
    Foreground {
        app: Option<Arc<str>>,
    },
    Reboot {
        phase: &'static str,
    },
    // ---- apps ----
    ProcState {
        app: Arc<str>,
        state: ProcState,
        bias: i32,
    },
    ProcessDied {
        app: Arc<str>,
        cause: &'static str,
    },
    AppChanged {
        app: Arc<str>,
        what: &'static str,
        value: String,
    },
    // ---- job calls and lifecycle ----
    JobScheduled {
        #[serde(flatten)]
        job: JobRef,
        call: &'static str,
        kind: JobKind,
        result: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    JobCancelled {
        #[serde(flatten)]
        job: JobRef,
        by: &'static str,
    },
    JobPending {
        #[serde(flatten)]
        job: JobRef,
        /// Shared with the world's cache of reason lists by blocker set.
        reasons: Arc<[&'static str]>,
        /// Earliest time the job may run (delay or backoff).
        earliest_ms: u64,
        /// When its deadline passes, if it has one.
        deadline_ms: Option<u64>,
    },
    JobStarted {
        #[serde(flatten)]
        job: JobRef,
        attempt: u32,
        kind: JobKind,
        /// Treated as a user-initiated job (requested and not demoted).
        user_initiated: bool,
        /// Treated as an expedited job.
        expedited: bool,
        /// Shown to the user (notification required, listed in Task Manager).
        user_visible: bool,
        /// Effective priority after decay and demotion.
        priority: i32,
        bias: i32,
        /// JobConcurrencyManager work types the job may run as (`TOP`, `FGS`, `BG`, plus `EJ`
        /// or `UI`), most important first.
        work_types: Vec<&'static str>,
        /// The work type whose slot it took.
        work_type: &'static str,
        standby_bucket: StandbyBucket,
        proc_state: ProcState,
        min_guarantee_ms: u64,
        max_execution_ms: u64,
        /// The quota controller's limit when it bounds the maximum (`null`: not quota-limited).
        quota_limit_ms: Option<u64>,
        waited_ms: u64,
        forced: bool,
        /// `JobParameters.getTriggeredContentUris()`: the changed URIs handed to this run (at
        /// most `max_uris_reported`), sorted; absent when null (no change was pending).
        #[serde(skip_serializing_if = "Option::is_none")]
        triggered_content_uris: Option<Vec<String>>,
        /// `JobParameters.getTriggeredContentAuthorities()`, sorted; absent when null.
        #[serde(skip_serializing_if = "Option::is_none")]
        triggered_content_authorities: Option<Vec<String>>,
    },
    /// A content provider notified a change of `uri`; `jobs` are the content-trigger jobs whose
    /// observers it reached.
    ContentChanged {
        uri: String,
        jobs: Vec<JobRef>,
    },
    /// The job's content trigger fired (update or maximum delay passed, or the urgent
    /// threshold was reached): `CONSTRAINT_CONTENT_TRIGGER` is satisfied.
    ContentTriggered {
        #[serde(flatten)]
        job: JobRef,
        /// Changed URIs pending for the job (capped at `max_uris_reported`).
        uris: usize,
    },
    /// The app started a foreground service for the transfer (strategy `foreground_service`).
    FgsStarted {
        #[serde(flatten)]
        job: JobRef,
        service_type: &'static str,
    },
    /// The `dataSync` time limit ran out: the system called `Service.onTimeout()`.
    FgsTimeout {
        #[serde(flatten)]
        job: JobRef,
        ran_ms: u64,
    },
    JobExecuting {
        #[serde(flatten)]
        job: JobRef,
    },
    NotificationPosted {
        #[serde(flatten)]
        job: JobRef,
        id: i32,
        end_policy: EndPolicy,
        /// The notification carries `FLAG_USER_INITIATED_JOB` (posted by a user-initiated job).
        user_initiated_job: bool,
    },
    /// The notification stays but changed: `FLAG_USER_INITIATED_JOB` was stripped.
    NotificationUpdated {
        #[serde(flatten)]
        job: JobRef,
        id: i32,
        user_initiated_job: bool,
    },
    NotificationRemoved {
        #[serde(flatten)]
        job: JobRef,
        id: i32,
    },
    JobStopped {
        #[serde(flatten)]
        job: JobRef,
        reason: StopReason,
        reason_code: i32,
        internal_reason: InternalStopReason,
        internal_code: i32,
        on_stop_job: bool,
        ran_ms: u64,
    },
    /// The app answered `onStopJob`; its return value asks for a reschedule.
    OnStopJobAnswered {
        #[serde(flatten)]
        job: JobRef,
        reschedule: bool,
    },
    JobFinished {
        #[serde(flatten)]
        job: JobRef,
        reschedule: bool,
        ran_ms: u64,
    },
    Anr {
        #[serde(flatten)]
        job: JobRef,
        kind: &'static str,
    },
    NetworkProgress {
        #[serde(flatten)]
        job: JobRef,
        downloaded: u64,
        uploaded: u64,
    },
    JobRescheduled {
        #[serde(flatten)]
        job: JobRef,
        failures: u32,
        system_stops: u32,
        attempts: u32,
        /// The policy applied: the job's own, or exponential after more than three abandoned
        /// failures.
        backoff_policy: BackoffPolicy,
        /// Timeouts of this job after its app abandoned its JobParameters (Android 16); only
        /// written when non-zero.
        #[serde(skip_serializing_if = "is_zero")]
        abandoned_failures: u32,
        initial_backoff_ms: u64,
        delay_ms: u64,
        earliest_ms: u64,
        demoted_by_user: bool,
        demoted_by_system_uij: bool,
        /// A TIMEOUT/PREEMPT reschedule removed the EJ's doze and battery-saver exemptions.
        lost_ej_exemptions: bool,
    },
    JobCompleted {
        #[serde(flatten)]
        job: JobRef,
        outcome: &'static str,
        downloaded: u64,
        uploaded: u64,
        wasted_bytes: u64,
    },
    JobDropped {
        #[serde(flatten)]
        job: JobRef,
        why: &'static str,
    },
}

impl Record {
    /// The job a record is about, if any.
    pub fn job(&self) -> Option<&JobRef> {
        match self {
            Record::JobScheduled { job, .. }
            | Record::JobCancelled { job, .. }
            | Record::JobPending { job, .. }
            | Record::JobStarted { job, .. }
            | Record::ContentTriggered { job, .. }
            | Record::JobExecuting { job }
            | Record::FgsStarted { job, .. }
            | Record::FgsTimeout { job, .. }
            | Record::NotificationPosted { job, .. }
            | Record::NotificationRemoved { job, .. }
            | Record::NotificationUpdated { job, .. }
            | Record::JobStopped { job, .. }
            | Record::OnStopJobAnswered { job, .. }
            | Record::JobFinished { job, .. }
            | Record::Anr { job, .. }
            | Record::NetworkProgress { job, .. }
            | Record::JobRescheduled { job, .. }
            | Record::JobCompleted { job, .. }
            | Record::JobDropped { job, .. } => Some(job),
            _ => None,
        }
    }
}

/// The first line of a trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Header {
    pub jobsim: &'static str,
    pub trace_format: u32,
    pub scenario: String,
    pub seed: u64,
    pub platform: &'static str,
    pub duration_ms: u64,
}

/// `ThermalStatus` by its platform name, for records.
pub fn thermal_name(s: ThermalStatus) -> &'static str {
    s.name()
}

/// For `skip_serializing_if`: counters written only when they count something.
fn is_zero(n: &u32) -> bool {
    *n == 0
}
