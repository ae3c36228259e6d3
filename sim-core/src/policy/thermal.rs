//! ThermalStatusRestriction (Android 15+, reference §7): which jobs the thermal status holds back
//! or stops. Restricted jobs are not ready; running ones are stopped with
//! `STOP_REASON_DEVICE_STATE` / internal `DEVICE_THERMAL`.

use crate::app::{BIAS_FOREGROUND_SERVICE, BIAS_TOP_APP};
use crate::device::ThermalStatus;
use crate::job::{JobStatus, Priority};

/// What the restriction looks at for one job.
#[derive(Clone, Copy, Debug)]
pub struct ThermalView {
    pub bias: i32,
    pub running: bool,
    /// Running and still inside its minimum guarantee.
    pub within_guarantee: bool,
    /// aconfig `thermal_restrictions_to_fgs_jobs` (off by default, reference §12).
    pub restrict_fgs_jobs: bool,
    /// Android 14 restricted UIDTs with previous attempts at MODERATE.
    pub android14: bool,
}

/// `ThermalStatusRestriction.isJobRestricted`.
pub fn is_thermally_restricted(job: &JobStatus, status: ThermalStatus, v: ThermalView) -> bool {
    if v.bias >= BIAS_TOP_APP {
        return false;
    }
    if !v.restrict_fgs_jobs && v.bias >= BIAS_FOREGROUND_SERVICE {
        return false;
    }
    if status >= ThermalStatus::Severe {
        return true;
    }
    let has_attempts = job.counts.failures + job.counts.system_stops > 0;
    if status >= ThermalStatus::Moderate {
        if job.treat_as_user_initiated() {
            return v.android14 && has_attempts;
        }
        if job.treat_as_expedited() {
            return has_attempts || (v.running && !v.within_guarantee);
        }
        if job.effective_priority() == Priority::High {
            return !(v.running && v.within_guarantee);
        }
        return true;
    }
    if status >= ThermalStatus::Light {
        if v.bias >= BIAS_FOREGROUND_SERVICE {
            return false;
        }
        return match job.effective_priority() {
            Priority::Min => true,
            Priority::Low => !(v.running && v.within_guarantee),
            _ => false,
        };
    }
    false
}
