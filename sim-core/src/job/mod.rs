//! Jobs: the JobInfo an app builds, the platform's per-job status, stop reasons and backoff.

pub mod backoff;
pub mod info;
pub mod status;
pub mod stop_reason;

pub use backoff::{backoff_delay, FailureCounts};
pub use info::{
    Backoff, BackoffPolicy, BuildError, JobInfo, JobKind, NetworkRequest, Periodic, Priority,
    TriggerContentUri,
};
pub use status::{JobIdx, JobStatus, Phase, RunCtx, Verb};
pub use stop_reason::{InternalStopReason, Stop, StopReason};
