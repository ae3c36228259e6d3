//! Runtime limits computed when a job starts (JSS `getMinJobExecutionGuaranteeMs` and
//! `getMaxJobExecutionTimeMs`, reference §2.3): the minimum guarantee, before which the platform
//! does not stop the job for contention, and the maximum, at which it stops it with TIMEOUT.

use super::tunables::Tunables;
use crate::app::{PermissionState, StandbyBucket};
use crate::job::JobStatus;
use crate::time::SimDuration;
use crate::units::Bandwidth;

/// What the limits depend on besides the job.
#[derive(Clone, Copy, Debug)]
pub struct LimitView {
    pub permission: PermissionState,
    /// The app is within its UIJ timeout safeguard quota (section 10); buggy apps get 30 min.
    pub within_uij_timeout_quota: bool,
    /// The app is within its regular-job timeout quota; if not, regular jobs get 10 min.
    pub within_regular_timeout_quota: bool,
    pub bucket: StandbyBucket,
    /// The quota controller's remaining time for the app, if it limits the job.
    pub quota_limit: Option<SimDuration>,
    pub down: Bandwidth,
    pub up: Bandwidth,
}

fn ms(v: i64) -> SimDuration {
    SimDuration::from_millis(Tunables::ms(v))
}

/// Estimated transfer time (ConnectivityController.getEstimatedTransferTimeMs): `bytes * 8 / kbps`
/// ms (rounded down) for each direction, summed; a direction whose bytes or bandwidth are
/// unknown drops out, and `None` if both are unknown.
pub fn estimated_transfer_time(
    job: &JobStatus,
    down: Bandwidth,
    up: Bandwidth,
) -> Option<SimDuration> {
    let part = |bytes: Option<u64>, bw: Bandwidth| bytes.and_then(|b| bw.transfer_time_ms(b));
    let (d, u) = (
        part(job.info.estimated_download_bytes, down),
        part(job.info.estimated_upload_bytes, up),
    );
    let ms = match (d, u) {
        (None, None) => return None,
        (d, u) => d.unwrap_or(0).saturating_add(u.unwrap_or(0)),
    };
    Some(SimDuration::from_millis(ms))
}

/// The UIJ upper bound: 12 h while the app is within its UIJ timeout quota, else 30 min.
fn uij_upper(t: &Tunables, v: &LimitView) -> SimDuration {
    if v.within_uij_timeout_quota {
        ms(t.runtime_ui_limit_ms)
    } else {
        ms(t.runtime_free_quota_max_limit_ms)
    }
}

/// `getMinJobExecutionGuaranteeMs`.
pub fn min_guarantee(job: &JobStatus, t: &Tunables, v: &LimitView) -> SimDuration {
    if job.treat_as_user_initiated() && v.permission == PermissionState::Granted {
        let upper = uij_upper(t, v);
        if !job.info.has_network() {
            return upper.min(ms(t.runtime_min_ui_guarantee_ms));
        }
        if !t.runtime_use_data_estimates_for_limits {
            // Reference §12: with estimates disabled the guarantee is the UI guarantee.
            return upper.min(ms(t.runtime_min_ui_guarantee_ms));
        }
        let floor = ms(t.runtime_min_ui_data_transfer_guarantee_ms);
        return match estimated_transfer_time(job, v.down, v.up) {
            Some(est) => {
                let buffered =
                    est.as_millis() as f64 * t.runtime_min_ui_data_transfer_guarantee_buffer_factor;
                let buffered = SimDuration::from_millis(buffered.min(u64::MAX as f64 / 2.0) as u64);
                upper.min(buffered.max(floor))
            }
            None => upper.min(floor),
        };
    }
    if job.treat_as_expedited() {
        let g = ms(t.runtime_min_ej_guarantee_ms);
        return if v.bucket == StandbyBucket::Restricted {
            g.min(ms(t.restricted_ej_guarantee_cap_ms))
        } else {
            g
        };
    }
    ms(t.runtime_min_guarantee_ms)
}

/// `getMaxJobExecutionTimeMs`, before JSC raises it to at least the guarantee.
pub fn max_execution(job: &JobStatus, t: &Tunables, v: &LimitView) -> SimDuration {
    if job.treat_as_user_initiated() {
        return if v.permission == PermissionState::Granted {
            uij_upper(t, v)
        } else {
            ms(t.runtime_free_quota_max_limit_ms)
        };
    }
    let quota = v.quota_limit.unwrap_or(SimDuration::MAX);
    if job.treat_as_expedited() {
        return ms(t.runtime_min_guarantee_ms).min(quota);
    }
    let cap = if v.within_regular_timeout_quota {
        ms(t.runtime_free_quota_max_limit_ms)
    } else {
        ms(t.runtime_min_guarantee_ms)
    };
    cap.min(quota)
}

/// The pair JSC computes at start: `maxExec = max(getMaxJobExecutionTimeMs, minGuarantee)`.
pub fn limits(job: &JobStatus, t: &Tunables, v: &LimitView) -> (SimDuration, SimDuration) {
    let g = min_guarantee(job, t, v);
    (g, max_execution(job, t, v).max(g))
}
