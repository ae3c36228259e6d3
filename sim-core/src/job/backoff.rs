//! Backoff arithmetic for rescheduled jobs (JSS `getRescheduleJobForFailureLocked`, reference §5).

use super::info::{Backoff, BackoffPolicy};
use crate::policy::tunables::Tunables;
use crate::time::SimDuration;

/// The counters a job carries across reschedules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FailureCounts {
    /// Failures: `jobFinished(true)`, TIMEOUT (including DEVICE_STATE after the guarantee), ANR,
    /// and any stop with public reason USER.
    pub failures: u32,
    /// Stops the app did not cause: constraints, preemption, doze, thermal, process death…
    pub system_stops: u32,
    /// Timeouts of jobs whose JobParameters were abandoned (Android 16).
    pub abandoned: u32,
}

/// `ABANDONED_JOB_TIMEOUTS_BEFORE_AGGRESSIVE_BACKOFF`: above this, the policy becomes exponential.
pub const ABANDONED_BEFORE_AGGRESSIVE_BACKOFF: u32 = 3;

impl FailureCounts {
    /// `attempts = numFailures + numSystemStops / SYSTEM_STOP_TO_FAILURE_RATIO` (integer division).
    pub fn attempts(&self, t: &Tunables) -> u32 {
        let ratio = t.system_stop_to_failure_ratio.max(1) as u32;
        self.failures + self.system_stops / ratio
    }
}

/// The backoff policy applied: more than `ABANDONED_JOB_TIMEOUTS_BEFORE_AGGRESSIVE_BACKOFF`
/// abandoned failures force exponential backoff (JSS `shouldUseAggressiveBackoff`).
pub fn effective_policy(backoff: Backoff, counts: FailureCounts) -> BackoffPolicy {
    if counts.abandoned > ABANDONED_BEFORE_AGGRESSIVE_BACKOFF {
        BackoffPolicy::Exponential
    } else {
        backoff.policy
    }
}

/// The delay before a rescheduled job may run again.
///
/// `attempts == 0` (fewer than three system stops and no failure) restarts at once on the newest
/// platform; `min_one_attempt` gives Android 14's behaviour, where even that waits one step.
/// Linear: `base * attempts`; exponential: `base * 2^(attempts-1)`, with
/// `base = max(initial, 10 s)`; the result is capped at 5 h (`MAX_BACKOFF_DELAY_MILLIS`).
pub fn backoff_delay(
    backoff: Backoff,
    counts: FailureCounts,
    t: &Tunables,
    min_one_attempt: bool,
) -> SimDuration {
    let mut attempts = counts.attempts(t);
    if min_one_attempt {
        attempts = attempts.max(1);
    }
    if attempts == 0 {
        return SimDuration::ZERO;
    }
    let policy = effective_policy(backoff, counts);
    let initial = backoff.initial.as_millis();
    let cap = Tunables::ms(t.max_backoff_delay_ms);
    let delay = match policy {
        BackoffPolicy::Linear => {
            let base = initial.max(Tunables::ms(t.min_linear_backoff_time_ms));
            base.saturating_mul(u64::from(attempts))
        }
        BackoffPolicy::Exponential => {
            let base = initial.max(Tunables::ms(t.min_exp_backoff_time_ms));
            let shift = (attempts - 1).min(63);
            base.saturating_mul(1u64.checked_shl(shift).unwrap_or(u64::MAX))
        }
    };
    SimDuration::from_millis(delay.min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exp30() -> Backoff {
        Backoff::default()
    }

    fn delay(failures: u32, system_stops: u32) -> u64 {
        let c = FailureCounts {
            failures,
            system_stops,
            abandoned: 0,
        };
        backoff_delay(exp30(), c, &Tunables::default(), false).as_millis()
    }

    #[test]
    fn exponential_series_from_the_reference() {
        // 30 s * 2^(n-1): 30 s, 60 s, 2 min, 4 min …; the 10th attempt is 30 s * 512 = 4 h 16 min.
        assert_eq!(delay(1, 0), 30_000);
        assert_eq!(delay(2, 0), 60_000);
        assert_eq!(delay(3, 0), 120_000);
        assert_eq!(delay(10, 0), 15_360_000);
        // The 11th would be 8 h 32 min: capped at 5 h.
        assert_eq!(delay(11, 0), 18_000_000);
        assert_eq!(delay(200, 0), 18_000_000);
    }

    #[test]
    fn three_system_stops_count_as_one_attempt() {
        assert_eq!(delay(0, 1), 0);
        assert_eq!(delay(0, 2), 0);
        assert_eq!(delay(0, 3), 30_000);
        assert_eq!(delay(1, 3), 60_000);
    }

    #[test]
    fn android_14_waits_at_least_one_step() {
        let c = FailureCounts {
            failures: 0,
            system_stops: 1,
            abandoned: 0,
        };
        assert_eq!(
            backoff_delay(exp30(), c, &Tunables::default(), true).as_millis(),
            30_000
        );
    }

    #[test]
    fn linear_and_floor() {
        let b = Backoff {
            policy: BackoffPolicy::Linear,
            initial: SimDuration::from_secs(1),
        };
        let c = FailureCounts {
            failures: 3,
            system_stops: 0,
            abandoned: 0,
        };
        // base = max(1 s, 10 s) = 10 s; 10 s * 3 = 30 s.
        assert_eq!(
            backoff_delay(b, c, &Tunables::default(), false).as_millis(),
            30_000
        );
    }

    #[test]
    fn many_abandoned_timeouts_force_exponential() {
        let b = Backoff {
            policy: BackoffPolicy::Linear,
            initial: SimDuration::from_secs(10),
        };
        let c = FailureCounts {
            failures: 4,
            system_stops: 0,
            abandoned: 4,
        };
        // exponential: 10 s * 2^3 = 80 s instead of linear 40 s.
        assert_eq!(
            backoff_delay(b, c, &Tunables::default(), false).as_millis(),
            80_000
        );
    }
}
