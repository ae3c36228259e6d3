//! Why a job is not running: a set of blockers, each mapped to the platform's
//! `JobScheduler.PENDING_JOB_REASON_*` (reference §11) and, for a running job that loses it, to
//! the public stop reason of `JobStatus.constraintToStopReason` (reference §3).

use crate::job::{InternalStopReason, Stop, StopReason};

/// A bit set of blockers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Blockers(pub u32);

macro_rules! blockers {
    ($($name:ident = $bit:expr, $pending:literal, $code:expr;)*) => {
        impl Blockers {
            $( pub const $name: Blockers = Blockers(1 << $bit); )*

            /// Each blocker with its pending-reason name and code, in bit order.
            const TABLE: &'static [(Blockers, &'static str, i32)] = &[
                $( (Blockers::$name, $pending, $code), )*
            ];
        }
    };
}

blockers! {
    CONNECTIVITY = 0, "PENDING_JOB_REASON_CONSTRAINT_CONNECTIVITY", 6;
    CHARGING = 1, "PENDING_JOB_REASON_CONSTRAINT_CHARGING", 5;
    BATTERY_NOT_LOW = 2, "PENDING_JOB_REASON_CONSTRAINT_BATTERY_NOT_LOW", 4;
    STORAGE_NOT_LOW = 3, "PENDING_JOB_REASON_CONSTRAINT_STORAGE_NOT_LOW", 11;
    DEVICE_IDLE = 4, "PENDING_JOB_REASON_CONSTRAINT_DEVICE_IDLE", 8;
    MIN_LATENCY = 5, "PENDING_JOB_REASON_CONSTRAINT_MINIMUM_LATENCY", 9;
    THERMAL = 6, "PENDING_JOB_REASON_DEVICE_STATE", 12;
    DOZE = 7, "PENDING_JOB_REASON_DEVICE_STATE", 12;
    BATTERY_SAVER = 8, "PENDING_JOB_REASON_DEVICE_STATE", 12;
    BACKGROUND_RESTRICTED = 9, "PENDING_JOB_REASON_BACKGROUND_RESTRICTION", 3;
    STANDBY = 10, "PENDING_JOB_REASON_APP_STANDBY", 2;
    DEVICE_OFF = 11, "PENDING_JOB_REASON_DEVICE_STATE", 12;
    QUEUED = 12, "PENDING_JOB_REASON_DEVICE_STATE", 12;
    APP_DEAD = 13, "PENDING_JOB_REASON_APP", 1;
    QUOTA = 14, "PENDING_JOB_REASON_QUOTA", 14;
    // JobStatus.getPendingJobReason: a dynamic RESTRICTED-bucket constraint (charging, battery
    // not low, idle) the job did not request itself reads as APP_STANDBY.
    RESTRICTED_BUCKET = 15, "PENDING_JOB_REASON_APP_STANDBY", 2;
    PREFETCH = 16, "PENDING_JOB_REASON_CONSTRAINT_PREFETCH", 10;
    CONTENT_TRIGGER = 17, "PENDING_JOB_REASON_CONSTRAINT_CONTENT_TRIGGER", 7;
    // FlexibilityController's implicit constraint (JobStatus `constraintsToPendingJobReasons`);
    // never a stop reason. A high bit, apart from the others.
    FLEXIBLE = 24, "PENDING_JOB_REASON_JOB_SCHEDULER_OPTIMIZATION", 13;
}

impl Blockers {
    pub const NONE: Blockers = Blockers(0);

    /// Constraints a passed deadline overrides (the job's functional constraints, content
    /// triggers included: `JobStatus.isReady` lets an expired deadline stand in for all of them).
    pub const FUNCTIONAL: Blockers = Blockers(
        Blockers::CONNECTIVITY.0
            | Blockers::CHARGING.0
            | Blockers::BATTERY_NOT_LOW.0
            | Blockers::STORAGE_NOT_LOW.0
            | Blockers::DEVICE_IDLE.0
            | Blockers::CONTENT_TRIGGER.0,
    );

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, o: Blockers) -> bool {
        self.0 & o.0 == o.0 && o.0 != 0
    }

    pub fn insert(&mut self, o: Blockers) {
        self.0 |= o.0;
    }

    pub fn without(self, o: Blockers) -> Blockers {
        Blockers(self.0 & !o.0)
    }

    /// The distinct `PENDING_JOB_REASON_*` names that hold, in code order, as
    /// `getPendingJobReasons()` returns them.
    pub fn pending_reasons(self) -> Vec<&'static str> {
        let mut v: Vec<(i32, &'static str)> = Self::TABLE
            .iter()
            .filter(|(b, _, _)| self.contains(*b))
            .map(|(_, n, c)| (*c, *n))
            .collect();
        v.sort_unstable();
        v.dedup();
        v.into_iter().map(|(_, n)| n).collect()
    }

    /// The stop a running job gets when it loses these (reference §3's table); the first
    /// matching row wins, in the order restrictions, then constraints. The RESTRICTED bucket's
    /// dynamic constraints come last: a constraint the job requested itself maps to its own
    /// reason (`JobStatus.constraintToStopReason`), and JSS `stopNonReadyActiveJobsLocked` gives
    /// the internal `RESTRICTED_BUCKET` only when the public reason is `APP_STANDBY`.
    pub fn stop_for_loss(self) -> Option<Stop> {
        use InternalStopReason as I;
        use StopReason as R;
        let rows: [(Blockers, R, I); 13] = [
            (
                Self::BACKGROUND_RESTRICTED,
                R::BackgroundRestriction,
                I::ConstraintsNotSatisfied,
            ),
            (Self::STANDBY, R::AppStandby, I::ConstraintsNotSatisfied),
            (Self::QUOTA, R::Quota, I::ConstraintsNotSatisfied),
            (Self::DOZE, R::DeviceState, I::DeviceIdle),
            (
                Self::BATTERY_SAVER,
                R::DeviceState,
                I::ConstraintsNotSatisfied,
            ),
            (Self::THERMAL, R::DeviceState, I::DeviceThermal),
            (
                Self::CHARGING,
                R::ConstraintCharging,
                I::ConstraintsNotSatisfied,
            ),
            (
                Self::BATTERY_NOT_LOW,
                R::ConstraintBatteryNotLow,
                I::ConstraintsNotSatisfied,
            ),
            (
                Self::STORAGE_NOT_LOW,
                R::ConstraintStorageNotLow,
                I::ConstraintsNotSatisfied,
            ),
            (
                Self::DEVICE_IDLE,
                R::ConstraintDeviceIdle,
                I::ConstraintsNotSatisfied,
            ),
            (
                Self::CONNECTIVITY,
                R::ConstraintConnectivity,
                I::ConstraintsNotSatisfied,
            ),
            (
                Self::PREFETCH,
                R::EstimatedAppLaunchTimeChanged,
                I::ConstraintsNotSatisfied,
            ),
            (Self::RESTRICTED_BUCKET, R::AppStandby, I::RestrictedBucket),
        ];
        rows.iter()
            .find(|(b, _, _)| self.contains(*b))
            .map(|(_, r, i)| Stop::new(*r, *i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_reasons_are_distinct_and_ordered_by_code() {
        let mut b = Blockers::THERMAL;
        b.insert(Blockers::DOZE);
        b.insert(Blockers::CONNECTIVITY);
        assert_eq!(
            b.pending_reasons(),
            vec![
                "PENDING_JOB_REASON_CONSTRAINT_CONNECTIVITY",
                "PENDING_JOB_REASON_DEVICE_STATE"
            ]
        );
    }

    #[test]
    fn connectivity_loss_maps_to_its_stop_reason() {
        let s = Blockers::CONNECTIVITY.stop_for_loss().unwrap();
        assert_eq!(s.reason, StopReason::ConstraintConnectivity);
        assert_eq!(s.internal, InternalStopReason::ConstraintsNotSatisfied);
        let s = Blockers::THERMAL.stop_for_loss().unwrap();
        assert_eq!(
            (s.reason, s.internal),
            (StopReason::DeviceState, InternalStopReason::DeviceThermal)
        );
        let s = Blockers::PREFETCH.stop_for_loss().unwrap();
        assert_eq!(
            (s.reason.code(), s.internal),
            (15, InternalStopReason::ConstraintsNotSatisfied)
        );
        let mut b = Blockers::RESTRICTED_BUCKET;
        let s = b.stop_for_loss().unwrap();
        assert_eq!(
            (s.reason.code(), s.internal),
            (12, InternalStopReason::RestrictedBucket)
        );
        // A requested constraint lost at the same time keeps its own reason.
        b.insert(Blockers::CHARGING);
        assert_eq!(
            b.stop_for_loss().unwrap().reason,
            StopReason::ConstraintCharging
        );
        assert_eq!(
            Blockers::MIN_LATENCY.stop_for_loss(),
            None,
            "delay is never a stop reason"
        );
    }
}
