//! PrefetchController (`controllers/PrefetchController.java`, reference §3 table, §12): a
//! prefetch job (`JobInfo.Builder.setPrefetch`) runs only when its app is expected to be
//! launched soon, so the data it fetches is fresh when the user opens the app.
//!
//! `updateConstraintLocked`: while the app is not on top (`getUidBias != BIAS_TOP_APP`) the
//! constraint holds if the app will be launched soon (`willBeLaunchedSoonLocked`) or has a bound
//! app widget (`AppWidgetManager.isBoundWidgetPackage`, not modeled: no widgets); while it is on
//! top it holds only for a job already running (the user has the app open, so a waiting prefetch
//! job has no point, and a running one may finish).
//!
//! `getNextEstimatedLaunchTimeLocked` treats an estimate more than `pc_launch_time_allowance_ms`
//! in the past as none (and asks UsageStats again); `willBeLaunchedSoonLocked` is
//! `estimate <= now + threshold - allowance`. The controller re-evaluates only when a prefetch
//! job is tracked (scheduled or rescheduled), when UsageStats reports a new estimate
//! (`onEstimatedLaunchTimeChanged`), when the app enters or leaves the top state
//! (`onUidBiasChangedLocked`), and at its threshold alarm (`updateThresholdAlarmLocked`), which
//! it sets for `estimate - threshold` without the allowance (PrefetchControllerTest
//! `testEstimatedLaunchTimeAllowance`: "The allowance shouldn't shift the alarm"). So with a
//! non-zero allowance the alarm finds the app not yet "soon" (`processExpiredAlarms` logs "at the
//! wrong time") and removes itself; the job then waits for the next re-evaluation.

use crate::time::{SimDuration, SimTime};

/// The controller's constants in force.
#[derive(Clone, Copy, Debug)]
pub struct PrefetchParams {
    pub threshold: SimDuration,
    pub allowance: SimDuration,
}

/// `getNextEstimatedLaunchTimeLocked`: the usable estimate, `None` if there is none or it is
/// more than the allowance in the past.
fn usable(estimate: Option<SimTime>, now: SimTime, p: PrefetchParams) -> Option<SimTime> {
    estimate.filter(|&e| e.saturating_add(p.allowance) >= now)
}

/// `willBeLaunchedSoonLocked`.
pub fn will_be_launched_soon(estimate: Option<SimTime>, now: SimTime, p: PrefetchParams) -> bool {
    usable(estimate, now, p).is_some_and(|e| {
        e.as_millis().saturating_add(p.allowance.as_millis())
            <= now.as_millis().saturating_add(p.threshold.as_millis())
    })
}

/// `updateConstraintLocked`: the `CONSTRAINT_PREFETCH` bit of one job.
pub fn is_satisfied(
    app_on_top: bool,
    job_running: bool,
    estimate: Option<SimTime>,
    now: SimTime,
    p: PrefetchParams,
) -> bool {
    if app_on_top {
        job_running
    } else {
        will_be_launched_soon(estimate, now, p)
    }
}

/// `updateThresholdAlarmLocked`: when the estimate crosses the threshold, if it is further away
/// than that now.
pub fn threshold_alarm(
    estimate: Option<SimTime>,
    now: SimTime,
    p: PrefetchParams,
) -> Option<SimTime> {
    let e = usable(estimate, now, p)?;
    (e.saturating_since(now) > p.threshold)
        .then(|| SimTime::from_millis(e.as_millis() - p.threshold.as_millis()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: PrefetchParams = PrefetchParams {
        threshold: SimDuration::from_mins(60),
        allowance: SimDuration::from_mins(30),
    };

    fn at(min: u64) -> SimTime {
        SimTime::from_millis(min * 60_000)
    }

    #[test]
    fn soon_means_within_threshold_minus_allowance() {
        // now = 0: soon iff estimate <= 60 - 30 = 30 min.
        assert!(will_be_launched_soon(Some(at(30)), at(0), P));
        assert!(!will_be_launched_soon(
            Some(SimTime::from_millis(30 * 60_000 + 1)),
            at(0),
            P
        ));
        assert!(!will_be_launched_soon(None, at(0), P));
        // An estimate up to the allowance in the past still counts; older is none.
        assert!(will_be_launched_soon(Some(at(70)), at(100), P));
        assert!(!will_be_launched_soon(Some(at(69)), at(100), P));
    }

    #[test]
    fn top_app_keeps_only_running_jobs() {
        assert!(is_satisfied(true, true, None, at(0), P));
        assert!(!is_satisfied(true, false, Some(at(1)), at(0), P));
    }

    #[test]
    fn the_alarm_ignores_the_allowance() {
        assert_eq!(threshold_alarm(Some(at(180)), at(0), P), Some(at(120)));
        assert_eq!(threshold_alarm(Some(at(60)), at(0), P), None);
        assert_eq!(threshold_alarm(None, at(0), P), None);
    }
}
