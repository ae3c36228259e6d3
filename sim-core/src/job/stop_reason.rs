//! Why a job stopped: the public `JobParameters.STOP_REASON_*` codes an app sees in
//! `onStopJob`/`getStopReason()`, and the internal `JobParameters.INTERNAL_STOP_REASON_*` codes the
//! platform records beside them (reference §4.1–4.2, `JobParameters.java`).

use serde::Serialize;

/// A public stop reason (`JobParameters.STOP_REASON_*`). Codes 0–16 are the platform's own;
/// 16 (`TIMEOUT_ABANDONED`) exists from Android 16.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StopReason {
    Undefined,
    CancelledByApp,
    Preempt,
    Timeout,
    DeviceState,
    ConstraintBatteryNotLow,
    ConstraintCharging,
    ConstraintConnectivity,
    ConstraintDeviceIdle,
    ConstraintStorageNotLow,
    Quota,
    BackgroundRestriction,
    AppStandby,
    User,
    SystemProcessing,
    EstimatedAppLaunchTimeChanged,
    TimeoutAbandoned,
}

impl StopReason {
    /// Every public reason, in code order.
    pub const ALL: [StopReason; 17] = [
        Self::Undefined,
        Self::CancelledByApp,
        Self::Preempt,
        Self::Timeout,
        Self::DeviceState,
        Self::ConstraintBatteryNotLow,
        Self::ConstraintCharging,
        Self::ConstraintConnectivity,
        Self::ConstraintDeviceIdle,
        Self::ConstraintStorageNotLow,
        Self::Quota,
        Self::BackgroundRestriction,
        Self::AppStandby,
        Self::User,
        Self::SystemProcessing,
        Self::EstimatedAppLaunchTimeChanged,
        Self::TimeoutAbandoned,
    ];

    /// The integer the platform reports (`JobParameters.getStopReason()`).
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The public constant's name, as an app developer reads it in the docs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Undefined => "STOP_REASON_UNDEFINED",
            Self::CancelledByApp => "STOP_REASON_CANCELLED_BY_APP",
            Self::Preempt => "STOP_REASON_PREEMPT",
            Self::Timeout => "STOP_REASON_TIMEOUT",
            Self::DeviceState => "STOP_REASON_DEVICE_STATE",
            Self::ConstraintBatteryNotLow => "STOP_REASON_CONSTRAINT_BATTERY_NOT_LOW",
            Self::ConstraintCharging => "STOP_REASON_CONSTRAINT_CHARGING",
            Self::ConstraintConnectivity => "STOP_REASON_CONSTRAINT_CONNECTIVITY",
            Self::ConstraintDeviceIdle => "STOP_REASON_CONSTRAINT_DEVICE_IDLE",
            Self::ConstraintStorageNotLow => "STOP_REASON_CONSTRAINT_STORAGE_NOT_LOW",
            Self::Quota => "STOP_REASON_QUOTA",
            Self::BackgroundRestriction => "STOP_REASON_BACKGROUND_RESTRICTION",
            Self::AppStandby => "STOP_REASON_APP_STANDBY",
            Self::User => "STOP_REASON_USER",
            Self::SystemProcessing => "STOP_REASON_SYSTEM_PROCESSING",
            Self::EstimatedAppLaunchTimeChanged => "STOP_REASON_ESTIMATED_APP_LAUNCH_TIME_CHANGED",
            Self::TimeoutAbandoned => "STOP_REASON_TIMEOUT_ABANDONED",
        }
    }
}

impl Serialize for StopReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The platform's internal stop reason (`JobParameters.INTERNAL_STOP_REASON_*`), which decides
/// how a stop is counted for backoff (reference §5) and is shown in `dumpsys jobscheduler`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InternalStopReason {
    Unknown,
    Canceled,
    ConstraintsNotSatisfied,
    Preempt,
    Timeout,
    DeviceIdle,
    DeviceThermal,
    RestrictedBucket,
    Uninstall,
    DataCleared,
    RtcUpdated,
    SuccessfulFinish,
    UserUiStop,
    Anr,
    TimeoutAbandoned,
}

impl InternalStopReason {
    /// The integer code (`UNKNOWN` is -1).
    pub fn code(self) -> i32 {
        match self {
            Self::Unknown => -1,
            Self::Canceled => 0,
            Self::ConstraintsNotSatisfied => 1,
            Self::Preempt => 2,
            Self::Timeout => 3,
            Self::DeviceIdle => 4,
            Self::DeviceThermal => 5,
            Self::RestrictedBucket => 6,
            Self::Uninstall => 7,
            Self::DataCleared => 8,
            Self::RtcUpdated => 9,
            Self::SuccessfulFinish => 10,
            Self::UserUiStop => 11,
            Self::Anr => 12,
            Self::TimeoutAbandoned => 13,
        }
    }

    /// The constant's name without the `INTERNAL_STOP_REASON_` prefix, as `dumpsys` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Unknown => "UNKNOWN",
            Self::Canceled => "CANCELED",
            Self::ConstraintsNotSatisfied => "CONSTRAINTS_NOT_SATISFIED",
            Self::Preempt => "PREEMPT",
            Self::Timeout => "TIMEOUT",
            Self::DeviceIdle => "DEVICE_IDLE",
            Self::DeviceThermal => "DEVICE_THERMAL",
            Self::RestrictedBucket => "RESTRICTED_BUCKET",
            Self::Uninstall => "UNINSTALL",
            Self::DataCleared => "DATA_CLEARED",
            Self::RtcUpdated => "RTC_UPDATED",
            Self::SuccessfulFinish => "SUCCESSFUL_FINISH",
            Self::UserUiStop => "USER_UI_STOP",
            Self::Anr => "ANR",
            Self::TimeoutAbandoned => "TIMEOUT_ABANDONED",
        }
    }
}

impl Serialize for InternalStopReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A stop as the platform records it: the public reason the app sees and the internal one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    pub reason: StopReason,
    pub internal: InternalStopReason,
}

impl Stop {
    pub const fn new(reason: StopReason, internal: InternalStopReason) -> Self {
        Self { reason, internal }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_codes_follow_the_platform_numbering() {
        for (i, r) in StopReason::ALL.iter().enumerate() {
            assert_eq!(r.code(), i as i32, "{}", r.name());
        }
        assert_eq!(StopReason::User.code(), 13);
        assert_eq!(StopReason::TimeoutAbandoned.code(), 16);
    }

    #[test]
    fn internal_codes_match_the_platform() {
        assert_eq!(InternalStopReason::Unknown.code(), -1);
        assert_eq!(InternalStopReason::SuccessfulFinish.code(), 10);
        assert_eq!(InternalStopReason::UserUiStop.code(), 11);
        assert_eq!(InternalStopReason::TimeoutAbandoned.code(), 13);
    }
}
