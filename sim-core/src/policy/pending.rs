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
    // FlexibilityController's implicit constraint (JobStatus `constraintsToPendingJobReasons`);
    // never a stop reason. A high bit, apart from the others.
    FLEXIBLE = 24, "PENDING_JOB_REASON_JOB_SCHEDULER_OPTIMIZATION", 13;
}

impl Blockers {
    pub const NONE: Blockers = Blockers(0);

    /// Constraints a passed deadline overrides (the job's functional constraints).
    pub const FUNCTIONAL: Blockers = Blockers(0b1_1111);

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
    /// matching row wins, in the order restrictions, then constraints.
    pub fn stop_for_loss(self) -> Option<Stop> {
        use InternalStopReason as I;
        use StopReason as R;
        let rows: [(Blockers, R, I); 11] = [
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
        assert_eq!(
            Blockers::MIN_LATENCY.stop_for_loss(),
            None,
            "delay is never a stop reason"
        );
    }
}
